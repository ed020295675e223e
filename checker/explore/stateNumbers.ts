import { Map as IMap } from 'immutable';
import type { State } from '../spec/types.js';

/** The number of each stored state, looked up by fingerprint (or by value): for an observer that wants the edges to states seen before. */
export interface StateNumbers {
  /** The number of a stored state (-1 if none); `state` builds it, for an index by value. */
  get(hi: number, lo: number, state: () => State): number;
  set(hi: number, lo: number, state: () => State, id: number): void;
}

/** State numbers by fingerprint. */
export class NumbersByFingerprint implements StateNumbers {
  private readonly byHigh = new Map<number, Map<number, number>>();

  get(hi: number, lo: number): number {
    return this.byHigh.get(hi)?.get(lo) ?? -1;
  }

  set(hi: number, lo: number, _state: () => State, id: number): void {
    let byLow = this.byHigh.get(hi);
    if (byLow === undefined) this.byHigh.set(hi, (byLow = new Map()));
    byLow.set(lo, id);
  }
}

/** State numbers by value (for a run that tells states apart by value). */
export class NumbersByValue implements StateNumbers {
  private numbers = IMap<State, number>();

  get(_hi: number, _lo: number, state: () => State): number {
    return this.numbers.get(state()) ?? -1;
  }

  set(_hi: number, _lo: number, state: () => State, id: number): void {
    this.numbers = this.numbers.set(state(), id);
  }
}
