import { Worker } from 'node:worker_threads';
import type { Model } from '../spec/compile.js';
import { InternalError, SpecBuildError, SpecExitError, UsageError } from '../errors.js';
import type { State } from '../spec/types.js';
import type { Command, Report, SpecSource, WorkerSetup } from './protocol.js';

/**
 * States a worker thread expands, at most, in its warm-up (see WarmUp) while it waits to join: as
 * many as it takes for its compiled code to be optimized, not so many that it takes a core from the
 * main thread for long when the run never grows large enough for the threads to join.
 */
const WARM_UP_STATES = 8_000;

/** What the workers of a pool check, besides the model. */
export interface PoolSettings {
  /** Threads of the run, the main thread included: the pool starts one fewer. */
  readonly workers: number;
  readonly source: SpecSource;
  readonly symmetry: readonly string[];
  /** The invariants checked, in order. */
  readonly invariants: readonly string[];
  readonly maxStates: number;
  readonly memo: boolean;
}

/** One worker thread, driven by request and report. */
export class WorkerHandle {
  private waiting: { resolve: (report: Report) => void; reject: (error: Error) => void } | undefined;
  /** Reports that came before anyone waited for them. */
  private readonly inbox: Report[] = [];
  private failure: Error | undefined;

  constructor(private readonly worker: Worker) {
    // A thread's first report comes once it has loaded the spec.
    let loaded = false;
    worker.on('message', (report: Report) => {
      loaded = true;
      this.settle(report);
    });
    worker.on('error', (error) => this.fail(error));
    // The thread's own code never ends it while the handle listens (close() stops listening first),
    // and a thread that fails says so in 'error' first: what ends it here is the spec's process.exit,
    // or, before it has loaded the spec, a module whose loading never finishes.
    worker.on('exit', (code) => this.fail(new SpecExitError(code, !loaded)));
  }

  /** The next report of the worker. */
  report(): Promise<Report> {
    const early = this.inbox.shift();
    if (early !== undefined) return early.kind === 'failed' ? Promise.reject(failureOf(early)) : Promise.resolve(early);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  /** Sends a command and waits for its report. */
  request(command: Command): Promise<Report> {
    const report = this.report();
    this.worker.postMessage(command);
    return report;
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners();
    // An error while it stops is of no interest any more, but must not go unheard (an 'error' event without listener throws).
    this.worker.on('error', () => undefined);
    this.worker.postMessage({ kind: 'exit' } satisfies Command);
    await this.worker.terminate();
  }

  private settle(report: Report): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting === undefined) this.inbox.push(report);
    else if (report.kind === 'failed') waiting.reject(failureOf(report));
    else waiting.resolve(report);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(this.failure);
  }
}

function failureOf(report: Extract<Report, { kind: 'failed' }>): Error {
  if (report.specAtFault !== undefined) return new SpecBuildError(report.specAtFault, report.message);
  return report.during === 'load'
    ? new UsageError(`a worker thread could not load the spec: ${report.message}`)
    : new InternalError(`a worker thread could not take over its share: ${report.message}`);
}

/**
 * The worker threads of a parallel run, with the words they share with the main thread: `control`,
 * and `progress`, one slot per worker, the main thread's first. The main thread is one of the run's
 * workers, so there is one thread fewer than workers. They are started a level before they join
 * the run, so that they load the spec and warm up (see WarmUp) while the main thread explores on.
 */
export class WorkerPool {
  readonly handles: readonly WorkerHandle[];

  constructor(
    model: Pick<Model<State>, 'name' | 'constants'> & { readonly actions: readonly { readonly name: string }[] },
    settings: PoolSettings,
    control: Int32Array,
    progress: Float64Array,
  ) {
    this.handles = Array.from({ length: settings.workers - 1 }, (_, thread) => {
      const setup: WorkerSetup = {
        index: thread + 1,
        source: settings.source,
        constants: model.constants,
        specName: model.name,
        actions: model.actions.map((a) => a.name),
        invariants: settings.invariants,
        symmetry: settings.symmetry,
        maxStates: settings.maxStates,
        memo: settings.memo,
        warmUp: WARM_UP_STATES,
        control: control.buffer as SharedArrayBuffer,
        progress: progress.buffer as SharedArrayBuffer,
      };
      return new WorkerHandle(new Worker(new URL('./worker.js', import.meta.url), { workerData: setup }));
    });
  }

  /** Resolves when every worker has loaded the spec (rejects when one could not). */
  async loaded(): Promise<void> {
    for (const report of await Promise.all(this.handles.map((w) => w.report()))) {
      if (report.kind !== 'ready') throw new InternalError(`a worker sent '${report.kind}' where 'ready' was expected`);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.handles.map((w) => w.close()));
  }
}
