import type { Sampler, Tally } from '../simulate/sampler.js';
import type { State } from '../spec/types.js';
import type { RunBatch } from '../simulate/workerProtocol.js';

/** The runs one worker sent and the main thread has not merged yet, oldest first. */
class RunQueue {
  private readonly batches: RunBatch[] = [];
  /** Position in the first batch: its entry, and where that entry's actions start. */
  private entry = 0;
  private action = 0;

  constructor(private readonly stride: number) {}

  push(batch: RunBatch): void {
    if (batch.count > 0) this.batches.push(batch);
  }

  /** Run index of the oldest run not merged, or undefined when none is here. */
  head(): number | undefined {
    const batch = this.batches[0];
    return batch === undefined ? undefined : batch.first + this.entry * this.stride;
  }

  /** Takes the oldest run: counted into `tally` when plain, else handed to `again` to be sampled once more. */
  take(tally: Tally, again: (run: number) => void): void {
    const batch = this.batches[0] as RunBatch;
    const run = batch.first + this.entry * this.stride;
    const length = batch.lengths[this.entry] as number;
    if (batch.plain[this.entry] === 1) tally.addIndices(length, batch.actions, this.action);
    else again(run);
    this.action += Math.max(0, length - 1);
    if (++this.entry === batch.count) {
      this.batches.shift();
      this.entry = 0;
      this.action = 0;
    }
  }
}

/**
 * Merges the runs of n workers in run order, as one thread would have sampled them: worker `w`
 * samples runs `first + w`, `first + w + n`, …. A plain run is counted as the worker sampled it (it
 * did exactly what it would have done in one thread); any other run is sampled again here by the
 * main thread's sampler, which knows which invariants are still pending at that point of the order,
 * and so finds, keeps or stops exactly as one thread would.
 */
export class RunMerge<S extends State> {
  private readonly queues: RunQueue[];
  /** The next run to merge. */
  private next: number;

  constructor(
    private readonly first: number,
    workers: number,
    private readonly sampler: Sampler<S>,
    private readonly tally: Tally,
  ) {
    this.next = first;
    this.queues = Array.from({ length: workers }, () => new RunQueue(workers));
  }

  /** Adds the runs a worker sent. */
  push(worker: number, batch: RunBatch): void {
    (this.queues[worker] as RunQueue).push(batch);
  }

  /**
   * Merges every run that is next in order, until one is missing or the sampler stops. With `gaps`
   * (once the workers are done), a missing run is skipped: a worker stopped before it.
   */
  merge(gaps: boolean): void {
    const again = (run: number): void => void this.sampler.runOne(run);
    while (this.sampler.stopped === undefined) {
      let queue = this.queues[(this.next - this.first) % this.queues.length] as RunQueue;
      if (queue.head() !== this.next) {
        if (!gaps) return;
        let least: RunQueue | undefined;
        for (const q of this.queues) {
          const head = q.head();
          if (head !== undefined && (least === undefined || head < (least.head() as number))) least = q;
        }
        if (least === undefined) return;
        queue = least;
        this.next = least.head() as number;
      }
      queue.take(this.tally, again);
      this.next++;
    }
  }
}
