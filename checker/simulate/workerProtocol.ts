import type { ModelSetup } from '../parallel/protocol.js';

/**
 * The shared control words of a parallel simulation, in one SharedArrayBuffer: a stop flag
 * (Int32 at byte 0) and the least run index that ended a worker's sampling (BigInt64 at byte 8),
 * past which no run can matter.
 */
export class SampleControl {
  static readonly BYTES = 16;
  private readonly stopFlag: Int32Array;
  private readonly limit: BigInt64Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(SampleControl.BYTES)) {
    this.stopFlag = new Int32Array(buffer, 0, 1);
    this.limit = new BigInt64Array(buffer, 8, 1);
    if (buffer.byteLength !== SampleControl.BYTES) throw new RangeError('a sample control buffer is 16 bytes');
  }

  /** Starts with no limit (only the main thread calls it, before starting the workers). */
  static create(): SampleControl {
    const control = new SampleControl();
    Atomics.store(control.limit, 0, BigInt(Number.MAX_SAFE_INTEGER));
    return control;
  }

  /** Tells every worker to stop after its current run. */
  stop(): void {
    Atomics.store(this.stopFlag, 0, 1);
  }

  /** Whether a worker must not sample run `run`: stopped, or past a run that ended sampling. */
  over(run: number): boolean {
    return Atomics.load(this.stopFlag, 0) !== 0 || BigInt(run) > Atomics.load(this.limit, 0);
  }

  /** Records that sampling ends at run `run` at the latest (a violation, a failure, no initial state). */
  endAt(run: number): void {
    const value = BigInt(run);
    for (;;) {
      const current = Atomics.load(this.limit, 0);
      if (value >= current || Atomics.compareExchange(this.limit, 0, current, value) === current) return;
    }
  }
}

/** What a sampling worker is started with (its workerData). */
export interface SampleSetup extends ModelSetup {
  /** Once told to start from run `from`, the worker samples runs `from + index`, `from + index + stride`, … below `lastRun`. */
  readonly index: number;
  readonly stride: number;
  readonly lastRun: number;
  readonly seed: string;
  readonly depth: number;
  /** Weight per action index, or null for a uniform choice. */
  readonly weights: readonly number[] | null;
  readonly stopAtFirst: boolean;
  readonly deadlock: boolean;
  readonly control: SharedArrayBuffer;
}

/**
 * Consecutive runs of one worker (runs `first`, `first + stride`, …): per run its length in states
 * and whether it was plain, and the action indices of the plain ones, run after run. A run that was
 * not plain (it violated an invariant or failed) is sampled again by the main thread.
 */
export interface RunBatch {
  readonly kind: 'runs';
  readonly first: number;
  readonly count: number;
  readonly lengths: Uint32Array;
  readonly plain: Uint8Array;
  readonly actions: Uint32Array;
}

/** What the main thread tells a sampling worker once all are ready: the first run left to the workers. */
export interface StartCommand {
  readonly kind: 'start';
  readonly from: number;
}

/** What a sampling worker tells the main thread: loaded, runs, done, or unable to load the spec. */
export type SampleReport = { readonly kind: 'ready' } | RunBatch | { readonly kind: 'done' } | { readonly kind: 'failed'; readonly message: string; readonly specAtFault?: string };
