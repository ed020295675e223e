import { Chalk } from 'chalk';
import type { ChalkInstance } from 'chalk';
import type { Progress } from '../checker/index.js';

/**
 * What a run tells the thread that supervises it, so that the supervisor can still report the run
 * when it has to end it from outside (a spec that never returns past a time limit or a signal).
 */
export interface RunStart {
  readonly command: 'check' | 'simulate';
  readonly format: string;
  readonly out?: string;
  readonly quiet: boolean;
  /** Seconds, as `--time-limit` gave them. */
  readonly timeLimit?: number;
  readonly spec: string;
  /** The report's first line, as the text report opens: the spec's title and the variant checked. */
  readonly title: string;
  readonly variant: string;
  readonly model: string;
  readonly module?: string;
  /** The constants, as plain JSON. */
  readonly constants: unknown;
  readonly invariants: readonly string[];
  /** The folder the run checkpoints to, if it does: its lock is the supervisor's to release if it ends the run. */
  readonly checkpointDir?: string;
}

/** Listens to a run on behalf of its supervisor. */
export interface RunWatcher {
  /** A check or simulate is about to load (and build) its spec; its `--time-limit` in seconds, if it has one, bounds the loading too. */
  loading(timeLimit: number | undefined): void;
  started(run: RunStart): void;
  /** A level has been expanded in full: its figures. */
  level(progress: Progress): void;
  /** A checkpoint write starts (true) or ends (false). */
  checkpointWriting(writing: boolean): void;
  /** The folder of its own that a `--spill` run made: the supervisor removes it if it ends the run. */
  spilling(folder: string): void;
}

/** Where the CLI writes, and what it knows of its terminal: injected so tests capture output in process. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a terminal (colour, layout). */
  readonly stdoutIsTTY: boolean;
  /** Whether stderr is a terminal (live progress line). */
  readonly stderrIsTTY: boolean;
  readonly env: { readonly [name: string]: string | undefined };
  /** Current directory, for resolving paths given on the command line. */
  readonly cwd: string;
  /** Told of each run, when a supervising thread watches this one. */
  readonly watcher?: RunWatcher;
}

/** An io that collects everything written, for tests. */
export function memoryIo(env: { [name: string]: string | undefined } = {}): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text;
    },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env,
    cwd: process.cwd(),
  };
  return io;
}

/** A chalk that colours only for a terminal, and never under NO_COLOR or --no-color. */
export function paletteFor(io: CliIo, colorFlag: boolean | undefined, stream: 'stdout' | 'stderr' = 'stdout'): ChalkInstance {
  const tty = stream === 'stdout' ? io.stdoutIsTTY : io.stderrIsTTY;
  const noColor = io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '';
  const forced = io.env['FORCE_COLOR'] !== undefined && io.env['FORCE_COLOR'] !== '0';
  const on = colorFlag !== false && !noColor && (tty || forced);
  return new Chalk({ level: on ? 1 : 0 });
}

/**
 * The palette of a command's report: colour for its text format on stdout only (as `paletteFor`
 * decides). Machine formats (JSON, TLC, ITF, Mermaid, DOT) and files are never coloured, whatever
 * FORCE_COLOR says: tools read them.
 */
export function reportPalette(io: CliIo, format: string, colorFlag: boolean | undefined, out: string | undefined): ChalkInstance {
  return paletteFor(io, format === 'text' && out === undefined ? colorFlag : false);
}
