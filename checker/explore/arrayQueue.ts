import type { FieldHashes } from '../state/stateHasher.js';
import type { State } from '../spec/types.js';
import type { StateQueue } from './types.js';

/** The plain state queue: states kept as they are, in an array (reference mode; see Frontier for the compact one). */
export class ArrayQueue<S extends State> implements StateQueue<S> {
  private states: S[] = [];
  private ids: number[] = [];
  private last: S | undefined;

  get length(): number {
    return this.states.length;
  }

  push(state: S, id: number, _fields?: FieldHashes): void {
    this.states.push(state);
    this.ids.push(id);
  }

  id(i: number): number {
    return this.ids[i] as number;
  }

  setId(i: number, id: number): void {
    this.ids[i] = id;
  }

  read(i: number): undefined {
    this.last = this.states[i];
    return undefined;
  }

  sameType(): S {
    return this.last as S;
  }

  built(): S {
    return this.last as S;
  }

  truncate(length: number): void {
    this.states.length = Math.min(length, this.states.length);
    this.ids.length = this.states.length;
  }

  clear(): void {
    this.states = [];
    this.ids = [];
    this.last = undefined;
  }
}
