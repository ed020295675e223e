import type { FieldHashes } from '../state/stateHasher.js';
import type { State } from '../spec/types.js';
import { UNNUMBERED } from './types.js';
import type { PredecessorLog, StateQueue, StateSet } from './types.js';

/** What `StateSet.resolve` answers for a fingerprint the set had no room for (see SharedFingerprintSet.resolve). */
export const NO_ROOM = 2;

/** A successor the seen set had no room for, kept until it has grown. */
export interface Held<S extends State> {
  readonly state: S;
  readonly hi: number;
  readonly lo: number;
  readonly parent: number;
  readonly ordinal: number;
}

/**
 * Successors the seen set could not yet tell new (Insert.Deferred: a spilled seen set, whose file
 * is read once for many, or the seen set of a level run ahead, which other threads are still
 * filling), in the order they were generated: each is queued for the next level at once,
 * unnumbered, and its fingerprint, the number of the state it was reached from and its ordinal kept
 * here. Settled together, the new ones are numbered in that order and the others dropped from the
 * queue, so that such a run numbers and queues its states as a run that knew at once does.
 */
export class DeferredSuccessors<S extends State> {
  private words = new Uint32Array(2 * 1024);
  private parents = new Uint32Array(1024);
  private ordinals = new Uint32Array(1024);
  private count = 0;
  /** Where in the next level's queue the first of them is. */
  private start = 0;
  /** Where the new ones are set aside while the others are dropped (as few as the seen set defers: it stays in memory). */
  private kept: StateQueue<S> | undefined;

  constructor(
    /** A new queue, to hold the new ones while the others are dropped. */
    private readonly newQueue: () => StateQueue<S>,
  ) {}

  get length(): number {
    return this.count;
  }

  /** Queues a successor (`state`, or a state of its type with its `fields`) on `next`, unnumbered. */
  push(next: StateQueue<S>, hi: number, lo: number, parent: number, ordinal: number, state: S, fields: FieldHashes | undefined): void {
    const i = this.count++;
    if (i === 0) this.start = next.length;
    if (i === this.parents.length) this.grow();
    this.words[2 * i] = hi;
    this.words[2 * i + 1] = lo;
    this.parents[i] = parent;
    this.ordinals[i] = ordinal;
    next.push(state, UNNUMBERED, fields);
  }

  /** Drops the successors from the `length`-th on (the caller drops them from the queue). */
  truncate(length: number): void {
    this.count = Math.min(this.count, length);
  }

  /**
   * Asks `seen` which successors are new, numbers those in `log` in the order they were generated
   * and drops the others from `next`, and empties itself. A successor the set has no room for is
   * handed to `hold`, built, and dropped from `next` too. False when the log refused one (past
   * `logLimit`): it and those after it are dropped.
   */
  settle(seen: StateSet, log: PredecessorLog, logLimit: number, next: StateQueue<S>, hold?: (held: Held<S>) => void): boolean {
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
    // Some were seen before, or had no room: those are dropped from the queue (held), and the new ones numbered.
    const keep = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (fresh[i] === NO_ROOM) {
        next.read(start + i);
        const words = this.words;
        (hold as NonNullable<typeof hold>)({ state: next.built(), hi: words[2 * i] as number, lo: words[2 * i + 1] as number, parent: this.parents[i] as number, ordinal: this.ordinals[i] as number });
      }
      keep[i] = fresh[i] === 1 ? 1 : 0;
    }
    this.keepOnly(next, start, keep);
    for (let i = 0, k = start; i < n; i++) {
      if (keep[i] !== 1) continue;
      const id = log.append(this.words[2 * i] as number, this.words[2 * i + 1] as number, this.parents[i] as number, logLimit);
      if (id < 0) {
        next.truncate(k);
        return false;
      }
      next.setId(k++, id);
    }
    return true;
  }

  /** Keeps in `next`, of its states from the `start`-th on, those `keep` marks, in order. */
  private keepOnly(next: StateQueue<S>, start: number, keep: Uint8Array): void {
    if (next.keepOnly) return next.keepOnly(start, keep);
    const kept = (this.kept ??= this.newQueue());
    for (let i = 0; i < keep.length; i++) {
      if (keep[i] !== 1) continue;
      const fields = next.read(start + i);
      kept.push(fields === undefined ? next.built() : next.sameType(), next.id(start + i), fields);
    }
    next.truncate(start);
    for (let k = 0; k < kept.length; k++) {
      const fields = kept.read(k);
      next.push(fields === undefined ? kept.built() : kept.sameType(), kept.id(k), fields);
    }
    kept.clear();
  }

  private grow(): void {
    const words = new Uint32Array(this.words.length * 2);
    words.set(this.words);
    this.words = words;
    const parents = new Uint32Array(this.parents.length * 2);
    parents.set(this.parents);
    this.parents = parents;
    const ordinals = new Uint32Array(this.ordinals.length * 2);
    ordinals.set(this.ordinals);
    this.ordinals = ordinals;
  }
}
