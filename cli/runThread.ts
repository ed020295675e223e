import { parentPort, workerData } from 'node:worker_threads';
import type { Progress } from '../checker/index.js';
import type { RunStart } from './io.js';
import { runCli } from './program.js';
import { heedStopFlag } from './stopFlag.js';

/** What the supervisor gives the thread that runs the command. */
export interface RunThreadData {
  readonly argv: readonly string[];
  readonly version: string;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /** One word the supervisor sets to the number of a signal (see stopFlag.ts), read by a thread too busy to hear messages. */
  readonly stopFlag: Int32Array;
}

/** Messages from the run's thread to its supervisor. */
export type FromRunThread =
  | { readonly kind: 'out'; readonly text: string }
  | { readonly kind: 'err'; readonly text: string }
  | { readonly kind: 'loading'; readonly timeLimit: number | undefined }
  | { readonly kind: 'started'; readonly run: RunStart }
  | { readonly kind: 'level'; readonly progress: Progress }
  | { readonly kind: 'spilling'; readonly folder: string }
  | { readonly kind: 'writing'; readonly writing: boolean }
  | { readonly kind: 'done'; readonly code: number };

/** Messages from the supervisor: stop the run as a signal would. */
export type ToRunThread = { readonly kind: 'stop'; readonly signal: 'SIGINT' | 'SIGTERM' };

/**
 * The thread that runs a command, and with it every line of spec code: it writes nothing itself but
 * sends its output to the supervisor, which can end it at any moment (see supervisor.ts).
 */
async function main(port: NonNullable<typeof parentPort>): Promise<void> {
  const data = workerData as RunThreadData;
  const post = (message: FromRunThread): void => port.postMessage(message);
  const stop = new AbortController();
  port.on('message', (message: ToRunThread) => {
    if (message.kind === 'stop') stop.abort(message.signal);
  });
  heedStopFlag(stop, data.stopFlag);
  const code = await runCli(data.argv, {
    io: {
      out: (text) => post({ kind: 'out', text }),
      err: (text) => post({ kind: 'err', text }),
      stdoutIsTTY: data.stdoutIsTTY,
      stderrIsTTY: data.stderrIsTTY,
      env: process.env,
      cwd: process.cwd(),
      watcher: {
        loading: (timeLimit) => post({ kind: 'loading', timeLimit }),
        started: (run) => post({ kind: 'started', run }),
        level: (progress) => post({ kind: 'level', progress }),
        checkpointWriting: (writing) => post({ kind: 'writing', writing }),
        spilling: (folder) => post({ kind: 'spilling', folder }),
      },
    },
    version: data.version,
    signal: stop.signal,
  });
  post({ kind: 'done', code });
}

if (parentPort) await main(parentPort);
