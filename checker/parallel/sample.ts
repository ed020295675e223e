import { Worker } from 'node:worker_threads';
import type { Model } from '../compile.js';
import { InternalError, UsageError } from '../errors.js';
import { Sampler, Tally } from '../sampler.js';
import type { Sampled, SamplingSettings } from '../sampler.js';
import type { SimulationStop } from '../simulateTypes.js';
import type { State } from '../types.js';
import { sourceOf } from './loadSource.js';
import { RunMerge } from './runMerge.js';
import { SampleControl } from './sampleProtocol.js';
import type { SampleReport, SampleSetup } from './sampleProtocol.js';

/** How many worker threads sample, and the module each loads the spec from. */
export interface WorkerSampling {
  readonly workers: number;
  readonly source: { readonly module: string; readonly exportName?: string };
}

/**
 * Samples the runs of `settings` in worker threads: worker `w` of n takes runs `firstRun + w`,
 * `firstRun + w + n`, … and sends what each did; the main thread merges them in run order (see
 * RunMerge), so that the figures, the findings and the run that ends sampling are those of one
 * thread. A run that ends a worker's sampling (a violation, a failure) sets a limit past which no
 * worker starts a run; the time limit and the signal stop every worker after its current run.
 */
export async function sampleInWorkers<S extends State>(model: Model<S>, settings: SamplingSettings<S>, parallel: WorkerSampling): Promise<Sampled<S>> {
  const tally = new Tally(model.actions.length);
  const sampler = new Sampler(model, settings, tally);
  const merge = new RunMerge(settings.firstRun, parallel.workers, sampler, tally);
  const control = SampleControl.create();
  const source = sourceOf(parallel.source);
  let stopped: SimulationStop | undefined;
  const halt = (why: SimulationStop): void => {
    stopped ??= why;
    control.stop();
  };
  const onAbort = (): void => halt('interrupted');
  const timer = Number.isFinite(settings.deadline) ? setTimeout(() => halt('timeLimit'), Math.max(0, settings.deadline - performance.now())) : undefined;
  settings.signal?.addEventListener('abort', onAbort, { once: true });
  if (settings.signal?.aborted) onAbort();
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let running = parallel.workers;
      const finished = (): void => {
        if (--running === 0) resolve();
      };
      for (let index = 0; index < parallel.workers; index++) {
        const setup: SampleSetup = {
          index,
          stride: parallel.workers,
          firstRun: settings.firstRun,
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
          control: control.buffer,
        };
        const worker = new Worker(new URL('./sampleWorker.js', import.meta.url), { workerData: setup });
        workers.push(worker);
        let done = false;
        worker.on('message', (report: SampleReport) => {
          try {
            if (report.kind === 'runs') {
              merge.push(index, report);
              merge.merge(false);
              if (sampler.stopped !== undefined) control.stop();
            } else if (report.kind === 'done') {
              done = true;
              finished();
            } else {
              control.stop();
              reject(new UsageError(`a worker thread could not load the spec: ${report.message}`));
            }
          } catch (cause) {
            control.stop();
            reject(cause);
          }
        });
        worker.on('error', (error) => {
          control.stop();
          reject(error);
        });
        worker.on('exit', (code) => {
          if (done) return;
          control.stop();
          reject(new InternalError(`a simulation worker thread exited (code ${code}) before it was done`));
        });
      }
    });
    merge.merge(true);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    settings.signal?.removeEventListener('abort', onAbort);
    await Promise.all(
      workers.map((worker) => {
        worker.removeAllListeners();
        // An error while it stops is of no interest any more, but must not go unheard (an 'error' event without listener throws).
        worker.on('error', () => undefined);
        return worker.terminate();
      }),
    );
  }
  return { sampler, tally, stopped: sampler.stopped ?? stopped ?? 'runs', workers: parallel.workers };
}
