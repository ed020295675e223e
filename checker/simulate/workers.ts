import { Worker } from 'node:worker_threads';
import type { Model } from '../spec/compile.js';
import { InternalError, SpecBuildError, SpecExitError, UsageError } from '../errors.js';
import { Sampler, sampleInOrder } from './sampler.js';
import type { Tally } from './sampler.js';
import type { Sampled, SamplingSettings } from './sampler.js';
import type { SimulationStop } from './types.js';
import type { State } from '../spec/types.js';
import { sourceOf } from '../parallel/loadSource.js';
import { RunMerge } from '../parallel/runMerge.js';
import { SampleControl } from './workerProtocol.js';
import type { RunBatch, SampleReport, SampleSetup, StartCommand } from './workerProtocol.js';
import { timeoutAfter } from '../explore/timeout.js';

/** How many worker threads sample, and the module each loads the spec from. */
export interface WorkerSampling {
  readonly workers: number;
  readonly source: { readonly module: string; readonly exportName?: string };
  /** Sample in this thread while the workers load the spec (a short simulation never waits for them). */
  readonly sampleWhileStarting: boolean;
}

const tick = (): Promise<void> => new Promise<void>((done) => setImmediate(done));

/** The sampling worker threads: started at once, told where to start once all are ready, then heard until all are done. */
class SampleWorkers {
  /** Resolves when every worker has loaded the spec. */
  readonly ready: Promise<void>;
  /** Resolves when every worker is done. */
  readonly done: Promise<void>;
  /** The first failure of a worker, once there is one. */
  failure: unknown;
  private readonly threads: Worker[] = [];

  constructor(setups: readonly SampleSetup[], control: SampleControl, onRuns: (worker: number, batch: RunBatch) => void) {
    let ready = 0;
    let done = 0;
    let whenReady!: () => void;
    let whenDone!: () => void;
    let fail!: (cause: unknown) => void;
    const allReady = new Promise<void>((resolve) => (whenReady = resolve));
    this.done = new Promise<void>((resolve, reject) => {
      whenDone = resolve;
      fail = (cause) => {
        this.failure ??= cause;
        control.stop();
        reject(cause);
      };
    });
    // A worker that fails ends the wait for all to be ready.
    this.ready = Promise.race([allReady, this.done]);
    for (const setup of setups) {
      const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: setup });
      this.threads.push(worker);
      let finished = false;
      let loaded = false;
      worker.on('message', (report: SampleReport) => {
        loaded = true;
        try {
          if (report.kind === 'runs') onRuns(setup.index, report);
          else if (report.kind === 'ready') {
            if (++ready === setups.length) whenReady();
          } else if (report.kind === 'done') {
            finished = true;
            if (++done === setups.length) whenDone();
          } else if (report.specAtFault !== undefined) fail(new SpecBuildError(report.specAtFault, report.message));
          else fail(new UsageError(`a worker thread could not load the spec: ${report.message}`));
        } catch (cause) {
          fail(cause);
        }
      });
      worker.on('error', fail);
      // A thread that fails says so in 'error' first (and `fail` keeps the first failure): what ends
      // one before it is done is the spec's process.exit.
      worker.on('exit', (code) => {
        if (!finished) fail(new SpecExitError(code, !loaded));
      });
    }
    // The failure is reported by whoever awaits `ready` or `done`; never unhandled.
    this.done.catch(() => undefined);
    this.ready.catch(() => undefined);
  }

  /** Tells every worker to sample its share of the runs from `from` on. */
  start(from: number): void {
    for (const worker of this.threads) worker.postMessage({ kind: 'start', from } satisfies StartCommand);
  }

  async close(): Promise<void> {
    await Promise.all(
      this.threads.map((worker) => {
        worker.removeAllListeners();
        // An error while it stops is of no interest any more, but must not go unheard (an 'error' event without listener throws).
        worker.on('error', () => undefined);
        return worker.terminate();
      }),
    );
  }
}

/**
 * Samples the runs of `settings` with worker threads. While they load the spec, this thread samples
 * runs in order (a short simulation ends before they are ready); the runs left, from `from` on, are
 * dealt out: worker `w` of n takes runs `from + w`, `from + w + n`, … and sends what each did, and
 * this thread merges them in run order (see RunMerge), so that the figures, the findings and the
 * run that ends sampling are those of one thread, however the runs were dealt. A run that ends a
 * worker's sampling (a violation, a failure) sets a limit past which no worker starts a run; the time
 * limit and the signal stop every worker after its current run.
 */
export async function sampleInWorkers<S extends State>(model: Model<S>, settings: SamplingSettings<S>, parallel: WorkerSampling, tally: Tally): Promise<Sampled<S>> {
  const sampler = new Sampler(model, settings, tally);
  const control = SampleControl.create();
  let merge: RunMerge<S> | undefined;
  let halted: SimulationStop | undefined;
  const halt = (why: SimulationStop): void => {
    halted ??= why;
    control.stop();
  };
  const onAbort = (): void => halt('interrupted');
  const timer = timeoutAfter(settings.deadline - performance.now(), () => halt('timeLimit'));
  settings.signal?.addEventListener('abort', onAbort, { once: true });
  const source = sourceOf(parallel.source);
  const setups = Array.from(
    { length: parallel.workers },
    (_, index): SampleSetup => ({
      index,
      stride: parallel.workers,
      lastRun: settings.lastRun,
      source,
      constants: model.constants,
      specName: model.name,
      actions: model.actions.map((a) => a.name),
      invariants: settings.invariants.map((inv) => inv.name),
      seed: settings.seed,
      depth: settings.depth,
      weights: settings.weights ? [...settings.weights] : null,
      stopAtFirst: settings.stopAtFirst,
      deadlock: settings.deadlock,
      control: control.buffer,
    }),
  );
  const workers = new SampleWorkers(setups, control, (worker, batch) => {
    if (!merge) throw new InternalError('a worker sent runs before it was started');
    merge.push(worker, batch);
    merge.merge(false);
    if (sampler.stopped !== undefined) control.stop();
  });
  try {
    const cursor = { next: settings.firstRun };
    if (parallel.sampleWhileStarting) {
      let ready = false;
      void workers.ready.then(
        () => (ready = true),
        () => undefined,
      );
      while (!ready && workers.failure === undefined) {
        const stopped = sampleInOrder(sampler, settings, cursor, performance.now() + 20);
        if (stopped !== undefined) return { sampler, tally, stopped, workers: 1 };
        await tick();
      }
    }
    await workers.ready;
    if (workers.failure !== undefined) throw workers.failure;
    merge = new RunMerge(cursor.next, parallel.workers, sampler, tally);
    if (settings.signal?.aborted) halt('interrupted');
    workers.start(cursor.next);
    await workers.done;
    merge.merge(true);
    return { sampler, tally, stopped: sampler.stopped ?? halted ?? 'runs', workers: parallel.workers };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    settings.signal?.removeEventListener('abort', onAbort);
    await workers.close();
  }
}
