import { parentPort, workerData } from 'node:worker_threads';
import type { CompiledAction, CompiledInvariant } from '../spec/compile.js';
import { messageOf } from '../errors.js';
import { Sampler } from './sampler.js';
import type { RunSink } from './sampler.js';
import type { State } from '../spec/types.js';
import { atFault, loadModel } from '../parallel/loadSource.js';
import { SampleControl } from './workerProtocol.js';
import type { RunBatch, SampleReport, SampleSetup, StartCommand } from './workerProtocol.js';

/** Runs recorded at most before they are sent, and milliseconds between two sends. */
const BATCH_RUNS = 2048;
const BATCH_MS = 20;

/** The runs a worker sampled since its last report, sent to the main thread as a RunBatch. */
class Journal implements RunSink {
  private first = 0;
  private count = 0;
  private lengths = new Uint32Array(BATCH_RUNS);
  private plain = new Uint8Array(BATCH_RUNS);
  private actions = new Uint32Array(4096);
  private used = 0;
  private recorded = false;
  private sentAt = performance.now();

  constructor(private readonly send: (batch: RunBatch) => void) {}

  add(length: number, actions: readonly CompiledAction<State>[]): void {
    const steps = Math.max(0, length - 1);
    if (this.used + steps > this.actions.length) {
      const grown = new Uint32Array(Math.max(this.actions.length * 2, this.used + steps));
      grown.set(this.actions.subarray(0, this.used));
      this.actions = grown;
    }
    for (let i = 0; i < steps; i++) this.actions[this.used++] = (actions[i] as CompiledAction<State>).index;
    this.lengths[this.count] = length;
    this.recorded = true;
  }

  /** Ends the entry of run `run` (a run with no initial state recorded nothing: length 0); sends the batch when due. */
  close(run: number, plain: boolean): void {
    if (this.count === 0) this.first = run;
    if (!this.recorded) this.lengths[this.count] = 0;
    this.plain[this.count] = plain ? 1 : 0;
    this.recorded = false;
    this.count++;
    if (this.count >= BATCH_RUNS || performance.now() - this.sentAt >= BATCH_MS) this.flush();
  }

  flush(): void {
    this.sentAt = performance.now();
    if (this.count === 0) return;
    this.send({
      kind: 'runs',
      first: this.first,
      count: this.count,
      lengths: this.lengths.slice(0, this.count),
      plain: this.plain.slice(0, this.count),
      actions: this.actions.slice(0, this.used),
    });
    this.count = 0;
    this.used = 0;
  }
}

/**
 * A worker thread of a parallel simulation: loads the spec, says it is ready, and once told where to
 * start samples its runs in order (each from the stream of the seed and its run index) until its
 * last one, a run that ends sampling, or the stop flag, sending what each run did. A failure of the
 * spec is a run like any other (not plain); an exception of the sampler itself ends the thread with
 * an error.
 */
async function main(port: NonNullable<typeof parentPort>): Promise<void> {
  const setup = workerData as SampleSetup;
  const send = (report: SampleReport, transfer: ArrayBuffer[] = []): void => port.postMessage(report, transfer);
  let model;
  try {
    model = await loadModel(setup);
  } catch (cause) {
    send({ kind: 'failed', message: messageOf(cause), ...atFault(cause) });
    return;
  }
  const invariants = setup.invariants.map((name) => model.invariants.find((inv) => inv.name === name) as CompiledInvariant<State>);
  const journal = new Journal((batch) => send(batch, [batch.lengths.buffer, batch.plain.buffer, batch.actions.buffer] as ArrayBuffer[]));
  const settings = { invariants, seed: setup.seed, depth: setup.depth, weights: setup.weights ?? undefined, stopAtFirst: setup.stopAtFirst, deadlock: setup.deadlock };
  const sampler = new Sampler(model, settings, journal);
  const control = new SampleControl(setup.control);
  const start = new Promise<StartCommand>((resolve) => port.once('message', resolve));
  send({ kind: 'ready' });
  const { from } = await start;
  for (let run = from + setup.index; run < setup.lastRun && !control.over(run); run += setup.stride) {
    journal.close(run, sampler.runOne(run));
    if (sampler.stopped !== undefined) {
      control.endAt(run);
      break;
    }
  }
  journal.flush();
  send({ kind: 'done' });
}

if (parentPort) void main(parentPort);
