import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { BenchUsageError } from './options.js';
import { TLC_WRAPPER, tlcConfigText, tlcWrapperText } from './tlcModel.js';
import type { TlaConstants } from './tlcModel.js';
import { parseTlcOutput } from './tlcOutput.js';
import type { TlcOutcome } from './tlcOutput.js';

/** The TLC to run beside pika-mc: the tla2tools.jar and the TLA+ model of the Pika rows, as absolute paths. */
export interface TlcSetup {
  readonly jar: string;
  readonly model: string;
}

/** One TLC run: its verdict and figures, its wall time and its peak RSS. */
export interface TlcSample {
  readonly outcome: TlcOutcome;
  /** Seconds from TLC's "Starting..." line to its exit: the search, without the JVM's start-up and the parse. */
  readonly seconds: number;
  /** Seconds from starting `java` to its exit. */
  readonly processSeconds: number;
  /** The JVM's peak resident set (VmHWM), where /proc gives it. */
  readonly maxRssBytes: number | undefined;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The TLC that `TLC_JAR` and `TLC_MODEL` name, or undefined when `TLC_JAR` is not set (the bench
 * then runs pika-mc alone); a jar or model that is not there is refused with what is wanted.
 */
export function tlcSetupFromEnv(env: { readonly [name: string]: string | undefined }): TlcSetup | undefined {
  const jar = env['TLC_JAR'];
  if (jar === undefined || jar === '') return undefined;
  if (!isFile(jar)) throw new BenchUsageError(`TLC_JAR '${jar}' is not a file: it must be the path of TLC's tla2tools.jar`);
  const model = env['TLC_MODEL'];
  if (model === undefined || model === '') {
    throw new BenchUsageError('TLC_JAR is set but TLC_MODEL is not: it must be the path of the TLA+ model of the Pika rows, PikaReplication.tla');
  }
  if (!model.endsWith('.tla') || !isFile(model)) throw new BenchUsageError(`TLC_MODEL '${model}' is not a .tla file: it must be the path of the TLA+ model of the Pika rows`);
  return { jar: resolve(jar), model: resolve(model) };
}

/** The `java` arguments of a TLC run in `dir`: breadth-first, `workers` threads, no deadlock check, its metadata in `dir`. */
export function tlcArguments(setup: TlcSetup, workers: number, dir: string): string[] {
  return [
    '-XX:+UseParallelGC',
    // The wrapper module in `dir` extends the user's model, which SANY finds on its library path.
    `-DTLA-Library=${dirname(setup.model)}`,
    '-jar',
    setup.jar,
    '-workers',
    String(workers),
    '-deadlock',
    '-metadir',
    join(dir, 'states'),
    '-config',
    `${TLC_WRAPPER}.cfg`,
    `${TLC_WRAPPER}.tla`,
  ];
}

/** The peak resident set of process `pid` so far, from /proc (undefined where there is none). */
function peakRss(pid: number): number | undefined {
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/** Runs TLC once on a row's constants, in a fresh temporary directory that is removed afterwards. */
export async function runTlc(setup: TlcSetup, constants: TlaConstants, symmetry: boolean, workers: number): Promise<TlcSample> {
  const dir = mkdtempSync(join(tmpdir(), 'pika-mc-tlc-'));
  try {
    writeFileSync(join(dir, `${TLC_WRAPPER}.tla`), tlcWrapperText(basename(setup.model, '.tla')));
    writeFileSync(join(dir, `${TLC_WRAPPER}.cfg`), tlcConfigText(constants, symmetry));
    const spawned = performance.now();
    const child = spawn('java', tlcArguments(setup, workers, dir), { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let started: number | undefined;
    let rss: number | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (started === undefined && /^Starting\.\.\./m.test(stdout)) started = performance.now();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // VmHWM only grows, so the last reading before the exit is the peak, give or take the last 100 ms.
    const poll = setInterval(() => {
      if (child.pid !== undefined) rss = peakRss(child.pid) ?? rss;
    }, 100);
    const ended = await new Promise<{ code: number | null; failed?: Error }>((done) => {
      child.on('error', (failed) => done({ code: null, failed }));
      child.on('close', (code) => done({ code }));
    });
    clearInterval(poll);
    const exited = performance.now();
    const outcome: TlcOutcome =
      ended.failed !== undefined ? { status: 'failed', problem: `java could not be started: ${ended.failed.message}` } : parseTlcOutput(`${stdout}\n${stderr}`, ended.code);
    return { outcome, seconds: (exited - (started ?? spawned)) / 1000, processSeconds: (exited - spawned) / 1000, maxRssBytes: rss };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
