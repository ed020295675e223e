import { rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Progress } from '../checker/index.js';
import { CHECKPOINT_TEMP } from '../checker/checkpoint/checkpoint.js';
import { LEASE_REFRESH_MS, refreshCheckpointLock, releaseCheckpointLock } from '../checker/checkpoint/lock.js';
import { timeoutAfter } from '../checker/explore/timeout.js';
import { ExitCode } from './exitCodes.js';
import { unexpectedFault } from './faults.js';
import type { CliIo, RunStart } from './io.js';
import { writeDocuments } from './output.js';
import { renderEndedRun } from './render/stopped.js';
import type { EndedBy } from './render/stopped.js';
import { newStopFlag, raiseStopFlag } from './stopFlag.js';
import type { FromRunThread, RunThreadData, ToRunThread } from './runThread.js';

/** How long a run may take to stop by itself after a signal or its time limit, before it is ended. */
export const GRACE_SECONDS = 5;

/** The same after a signal, while the run writes a checkpoint (its last, as it stops). */
export const CHECKPOINT_GRACE_SECONDS = 60;

const ENDED_CODE: { readonly [why in EndedBy]: ExitCode } = {
  timeLimit: ExitCode.Bound,
  SIGINT: ExitCode.Interrupted,
  SIGTERM: ExitCode.Terminated,
};

/** The process's own streams, signals and exit, as the supervisor uses them. */
export interface SupervisorProcess {
  readonly io: CliIo;
  /**
   * Called once with the exit code: the process ends with it, once its output is written ('drained'),
   * or straight away ('now': the run's thread may be stuck in a call that cannot be interrupted).
   */
  exit(code: number, when: 'drained' | 'now'): void;
}

/**
 * Runs the CLI in a worker thread and supervises it from this one, which never runs spec code: it
 * writes what the run sends, hears signals and watches the time limit. A first SIGINT or SIGTERM
 * asks the run to stop (it reports what it found, and writes its last checkpoint); if it has not
 * within GRACE_SECONDS, or at the time limit plus as much, the thread is ended and the run reported
 * from the figures of its last finished level (a simulation, whose figures stay in its thread, with
 * none). A checkpoint write under way then is given until
 * CHECKPOINT_GRACE_SECONDS after the signal, and the run GRACE_SECONDS more once it ends. A second
 * signal ends it at once. A run ended so leaves no files: its spill folder, the temporary file of
 * an unfinished checkpoint write and its lock are removed. A thread that ends without a result (a
 * spec that calls process.exit) is a spec error, never a pass.
 */
export function supervise(argv: readonly string[], version: string, host: SupervisorProcess): { signal(name: 'SIGINT' | 'SIGTERM'): void } {
  const { io } = host;
  const stopFlag = newStopFlag();
  const data: RunThreadData = { argv, version, stdoutIsTTY: io.stdoutIsTTY, stderrIsTTY: io.stderrIsTTY, stopFlag };
  const thread = new Worker(new URL('./runThread.js', import.meta.url), { workerData: data });
  let run: RunStart | undefined;
  /** Between the run's thread saying it loads the spec of a check or simulate and its saying the run started. */
  let loading = false;
  let last: Progress | undefined;
  let stopping: EndedBy | undefined;
  /** When the signal that asks the run to stop came (performance.now()), and the grace it is given: longer during a write. */
  let stoppedAt = 0;
  let grace = GRACE_SECONDS;
  let graceTimer: NodeJS.Timeout | undefined;
  let saidLastWrite = false;
  let spillFolder: string | undefined;
  /** A checkpoint write is under way, as the run's thread says when one starts and ends. */
  let writing = false;
  /** The time limit has passed during a checkpoint write, which the run waits for (see limitPassed). */
  let limitWaitsForWrite = false;
  let finished = false;
  const timers: NodeJS.Timeout[] = [];

  /** Calls `then` once a time limit and the grace have passed (a limit of more than 24 days is never reached). */
  const atLimit = (seconds: number, then: () => void): void => {
    const timer = timeoutAfter((seconds + GRACE_SECONDS) * 1000, then);
    if (timer !== undefined) timers.push(timer);
  };
  /** Removes what a run ended from outside could not remove itself. */
  const removeRunFiles = (): void => {
    try {
      if (spillFolder !== undefined) rmSync(spillFolder, { recursive: true, force: true });
      if (run?.checkpointDir !== undefined) releaseCheckpointLock(run.checkpointDir, [CHECKPOINT_TEMP]);
    } catch (cause) {
      io.err(`pika-mc: could not remove the run's files: ${cause instanceof Error ? cause.message : String(cause)}\n`);
    }
  };
  const finish = (code: number, when: 'drained' | 'now' = 'drained'): void => {
    if (finished) return;
    finished = true;
    for (const timer of timers) clearTimeout(timer);
    clearTimeout(graceTimer);
    void thread.terminate();
    if (when === 'now') removeRunFiles();
    host.exit(code, when);
  };
  /** Ends the thread and reports the run from what it sent last. */
  const end = (why: EndedBy): void => {
    if (finished) return;
    const exitCode = ENDED_CODE[why];
    if (run === undefined) {
      io.err(`pika-mc: stopped by ${why === 'timeLimit' ? 'the time limit' : why}${loading ? ' while the spec was loading' : ''}\n`);
    } else {
      const text = renderEndedRun({ run, endedBy: why, last, graceSeconds: grace, exitCode, writing });
      try {
        if (text !== '') writeDocuments(io, run.out?.includes('{invariant}') ? undefined : run.out, [{ text }], run.quiet);
      } catch (cause) {
        io.err(`pika-mc: could not write the report: ${cause instanceof Error ? cause.message : String(cause)}\n`);
      }
    }
    finish(exitCode, 'now');
  };

  thread.on('message', (message: FromRunThread) => {
    switch (message.kind) {
      case 'out':
        io.out(message.text);
        return;
      case 'err':
        io.err(message.text);
        return;
      case 'loading':
        loading = true;
        // A spec module that never finishes loading (a top-level await that never settles) is ended at the limit too.
        if (message.timeLimit !== undefined) atLimit(message.timeLimit, () => run === undefined && end('timeLimit'));
        return;
      case 'started':
        loading = false;
        run = message.run;
        if (run.checkpointDir !== undefined) {
          // The lock's lease runs on even while the run's thread is busy in a long call (see LEASE_MS).
          const dir = run.checkpointDir;
          const lease = setInterval(() => refreshCheckpointLock(dir), LEASE_REFRESH_MS);
          lease.unref();
          timers.push(lease);
        }
        if (run.timeLimit !== undefined) atLimit(run.timeLimit, limitPassed);
        return;
      case 'level':
        last = message.progress;
        return;
      case 'spilling':
        spillFolder = message.folder;
        return;
      case 'writing': {
        writing = message.writing;
        if (finished) return;
        const signal = stopping === 'SIGINT' || stopping === 'SIGTERM' ? stopping : undefined;
        if (message.writing) {
          if (signal !== undefined) sayLastWrite(signal);
        } else if (grace > GRACE_SECONDS) {
          // The write the run was given more time for has ended: it has GRACE_SECONDS more to report.
          const why = signal ?? 'timeLimit';
          clearTimeout(graceTimer);
          graceTimer = setTimeout(() => end(why), GRACE_SECONDS * 1000);
        }
        return;
      }
      case 'done':
        finish(message.code);
    }
  });
  /**
   * Ends a run asked to stop by a signal that has not after GRACE_SECONDS, unless a checkpoint
   * write is under way: that is given until CHECKPOINT_GRACE_SECONDS after the signal.
   */
  const graceOver = (why: 'SIGINT' | 'SIGTERM'): void => {
    const left = CHECKPOINT_GRACE_SECONDS * 1000 - (performance.now() - stoppedAt);
    if (writing && left > 0) {
      grace = CHECKPOINT_GRACE_SECONDS;
      graceTimer = setTimeout(() => end(why), left);
      return;
    }
    end(why);
  };
  /**
   * The time limit and GRACE_SECONDS have passed: the run is ended, unless a checkpoint write is
   * under way, which is given until CHECKPOINT_GRACE_SECONDS past the limit, as after a signal (the
   * run's only checkpoint is written to its end, see ScheduledCheckpoints).
   */
  const limitPassed = (): void => {
    if (!writing) return end('timeLimit');
    limitWaitsForWrite = true;
    grace = CHECKPOINT_GRACE_SECONDS;
    io.err('pika-mc: the time limit has passed: stopping once the checkpoint being written is saved (Ctrl-C to stop at once)\n');
    graceTimer = setTimeout(() => end('timeLimit'), (CHECKPOINT_GRACE_SECONDS - GRACE_SECONDS) * 1000);
  };
  const sayLastWrite = (why: 'SIGINT' | 'SIGTERM'): void => {
    if (saidLastWrite) return;
    saidLastWrite = true;
    io.err(`pika-mc: stopping after the last checkpoint is written (${why} again to stop at once)\n`);
  };

  thread.on('error', (error) => {
    if (finished) return;
    const fault = unexpectedFault(error, run?.command ?? argv[0], true);
    io.err(fault.line);
    // The thread is gone (out of memory, or a throw nothing caught): what it left is removed for it.
    removeRunFiles();
    finish(fault.code);
  });
  thread.on('exit', (code) => {
    if (finished) return;
    io.err(
      `spec error: the spec ended the run by calling process.exit(${code}) before it finished: a spec's functions must return, not exit the process\n`,
    );
    finish(ExitCode.SpecError);
  });

  return {
    signal(name) {
      if (finished) return;
      if (stopping !== undefined || limitWaitsForWrite) {
        io.err(`pika-mc: ${name}${stopping !== undefined ? ' again' : ''}: stopping at once\n`);
        finish(ENDED_CODE[name], 'now');
        return;
      }
      stopping = name;
      stoppedAt = performance.now();
      raiseStopFlag(stopFlag, name);
      const stop: ToRunThread = { kind: 'stop', signal: name };
      thread.postMessage(stop);
      if (writing) sayLastWrite(name);
      graceTimer = setTimeout(() => graceOver(name), GRACE_SECONDS * 1000);
    },
  };
}
