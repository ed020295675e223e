import type { FieldHashes } from '../state/stateHasher.js';
import type { State } from '../spec/types.js';
import type { PredecessorLog, StateQueue, StateSet } from './types.js';

/**
 * Successors the seen set could not yet tell new (Insert.Deferred), in the order they were
 * generated: each one's fingerprint, the number of the state it was reached from, and the state
 * itself in a queue of its own (compact, as the level's). Settled together, the new ones are
 * numbered and queued in that order, so that a spilled run numbers its states as one in memory.
 */
export class DeferredSuccessors<S extends State> {
  private words = new Uint32Array(2 * 1024);
  private parents = new Uint32Array(1024);

  constructor(
    private readonly states: StateQueue<S>,
    /** Successors it holds before they must be settled. */
    readonly limit: number,
  ) {}

  get length(): number {
    return this.states.length;
  }

  /** Keeps a successor (`state`, or a state of its type with its `fields`); true when it is full. */
  push(hi: number, lo: number, parent: number, state: S, fields: FieldHashes | undefined): boolean {
    const i = this.states.length;
    if (i === this.parents.length) this.grow();
    this.words[2 * i] = hi;
    this.words[2 * i + 1] = lo;
    this.parents[i] = parent;
    this.states.push(state, i, fields);
    return i + 1 >= this.limit;
  }

  /**
   * Asks `seen` which successors are new, numbers those in `log` and queues them on `next`, in the
   * order they were generated, and empties itself. False when the log refused one (past `logLimit`):
   * the rest are dropped.
   */
  settle(seen: StateSet, log: PredecessorLog, logLimit: number, next: StateQueue<S>): boolean {
    const n = this.states.length;
    const fresh = (seen.resolve as NonNullable<StateSet['resolve']>).call(seen, this.words, n);
    const states = this.states;
    let complete = true;
    for (let i = 0; i < n; i++) {
      if (fresh[i] !== 1) continue;
      const id = log.append(this.words[2 * i] as number, this.words[2 * i + 1] as number, this.parents[i] as number, logLimit);
      if (id < 0) {
        complete = false;
        break;
      }
      const fields = states.read(i);
      next.push(fields === undefined ? states.built() : states.sameType(), id, fields);
    }
    states.clear();
    return complete;
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
