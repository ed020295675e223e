import type { FieldHashes } from '../state/stateHasher.js';
import type { State } from '../spec/types.js';
import { UNNUMBERED } from './types.js';
import type { PredecessorLog, StateQueue, StateSet } from './types.js';

/**
 * Successors the seen set could not yet tell new (Insert.Deferred), in the order they were
 * generated: each is queued for the next level at once, unnumbered, and its fingerprint and the
 * number of the state it was reached from kept here. Settled together, the new ones are numbered
 * in that order and the others dropped from the queue, so that a spilled run numbers and queues
 * its states as a run in memory does.
 */
export class DeferredSuccessors<S extends State> {
  private words = new Uint32Array(2 * 1024);
  private parents = new Uint32Array(1024);
  private count = 0;
  /** Where in the next level's queue the first of them is. */
  private start = 0;
  /** Where the new ones are set aside while the others are dropped (fewer than `limit`: it stays in memory). */
  private kept: StateQueue<S> | undefined;

  constructor(
    /** Successors it holds before they must be settled. */
    readonly limit: number,
    /** A new queue, to hold the new ones while the others are dropped. */
    private readonly newQueue: () => StateQueue<S>,
  ) {}

  get length(): number {
    return this.count;
  }

  /** Queues a successor (`state`, or a state of its type with its `fields`) on `next`, unnumbered; true when it is full. */
  push(next: StateQueue<S>, hi: number, lo: number, parent: number, state: S, fields: FieldHashes | undefined): boolean {
    const i = this.count++;
    if (i === 0) this.start = next.length;
    if (i === this.parents.length) this.grow();
    this.words[2 * i] = hi;
    this.words[2 * i + 1] = lo;
    this.parents[i] = parent;
    next.push(state, UNNUMBERED, fields);
    return this.count >= this.limit;
  }

  /**
   * Asks `seen` which successors are new, numbers those in `log` in the order they were generated
   * and drops the others from `next`, and empties itself. False when the log refused one (past
   * `logLimit`): it and those after it are dropped.
   */
  settle(seen: StateSet, log: PredecessorLog, logLimit: number, next: StateQueue<S>): boolean {
    const n = this.count;
    const start = this.start;
    this.count = 0;
    const fresh = (seen.resolve as NonNullable<StateSet['resolve']>).call(seen, this.words, n);
    let all = true;
    for (let i = 0; i < n && all; i++) all = fresh[i] === 1;
    if (all) {
      for (let i = 0; i < n; i++) {
        const id = log.append(this.words[2 * i] as number, this.words[2 * i + 1] as number, this.parents[i] as number, logLimit);
        if (id < 0) {
          next.truncate(start + i);
          return false;
        }
        next.setId(start + i, id);
      }
      return true;
    }
    // Some were seen before: the new ones are set aside, and queued again in place of the batch.
    const kept = (this.kept ??= this.newQueue());
    for (let i = 0; i < n; i++) {
      if (fresh[i] !== 1) continue;
      const fields = next.read(start + i);
      kept.push(fields === undefined ? next.built() : next.sameType(), i, fields);
    }
    next.truncate(start);
    let numbered = true;
    for (let k = 0; k < kept.length && numbered; k++) {
      const i = kept.id(k);
      const id = log.append(this.words[2 * i] as number, this.words[2 * i + 1] as number, this.parents[i] as number, logLimit);
      if (id < 0) {
        numbered = false;
        break;
      }
      const fields = kept.read(k);
      next.push(fields === undefined ? kept.built() : kept.sameType(), id, fields);
    }
    kept.clear();
    return numbered;
  }

  private grow(): void {
    const words = new Uint32Array(this.words.length * 2);
    words.set(this.words);
    this.words = words;
    const parents = new Uint32Array(this.parents.length * 2);
    parents.set(this.parents);
    this.parents = parents;
  }
}
