import type { CompiledAction } from '../spec/compile.js';
import type { FieldHashes } from '../state/stateHasher.js';
import type { Progress, State } from '../spec/types.js';

/**
 * The parts the exploration loop (see LevelStep) is written against. Each has a plain
 * implementation, which reference mode uses, and fast ones (a compact queue, a table of
 * fingerprints, memos of transitions and invariants) that the loop cannot tell apart from it.
 */

/**
 * What adding a fingerprint to a seen set found: it is new (and now in the set), was there, the set
 * has no room for it yet, or the set tells later whether it is new (see StateSet.resolve).
 */
export const enum Insert {
  Added = 1,
  Present = 0,
  Full = -1,
  Deferred = 2,
}

/** The states of one level, in the order they were found, each with its number in the trace log. */
export interface StateQueue<S extends State> {
  readonly length: number;
  /** Queues `state` numbered `id`; with `fields` (its field values and lanes), `state` need only be a state of its type. */
  push(state: S, id: number, fields?: FieldHashes): void;
  /** The number of the `i`-th state. */
  id(i: number): number;
  /** Numbers the `i`-th state `id` (a state queued before the seen set could tell it new, see DeferredSuccessors). */
  setId(i: number, id: number): void;
  /** Moves to the `i`-th state: its field values and lanes when it is a record kept as such. */
  read(i: number): FieldHashes | undefined;
  /** A state of the type of the one last read (itself when it is kept by value), not necessarily built. */
  sameType(): S;
  /** The state last read, built. */
  built(): S;
  /** Drops the states from the `length`-th on. */
  truncate(length: number): void;
  /** Keeps, of the states from the `start`-th on, those `keep` marks (a flag a state), in order (a queue that can, without building them). */
  keepOnly?(start: number, keep: Uint8Array): void;
  clear(): void;
}

/** The number a successor is queued with until the seen set tells it new (see DeferredSuccessors). */
export const UNNUMBERED = 0xffffffff;

/** A queue whose states are records kept as numbers of their field values, which checkpoints write as such (see Frontier). */
export interface CompactQueue<S extends State> extends StateQueue<S> {
  /** The numbers of the field values of the state last read, when it is a record: equal numbers are equal values within the queue. */
  readValueIds(): Int32Array | undefined;
}

/** The seen set as the loop uses it: a fingerprint (with the state, for a set that keeps states by value) is added once. */
export interface StateSet {
  insert(hi: number, lo: number, state: State | undefined): Insert;
  has(hi: number, lo: number, state: State | undefined): boolean;
  /** No state may be added any more (the run's maxStates). */
  atLimit(): boolean;
  /** For a set that defers (see SpilledSeenSet): deferred fingerprints the loop keeps before it must resolve them. */
  readonly deferLimit?: number;
  /**
   * For a set that defers, or one a thread ran ahead on (see LevelStep.beginAhead): which of the
   * `n` fingerprints of `words` (consecutive (hi, lo) words), in the order deferred, are new (1)
   * rather than seen before (0), or could not be added for want of room (2, NO_ROOM).
   */
  resolve?(words: Uint32Array, n: number): Uint8Array;
}

/** The predecessor links of the stored states (TLC's trace file): `append` numbers a state, -1 past `limit` states. */
export interface PredecessorLog {
  append(hi: number, lo: number, parent: number, limit?: number): number;
}

/** The step that produced a state: the action, its parameter tuple and the choices made inside it. */
export interface StepTaken<S extends State> {
  readonly action: CompiledAction<S>;
  readonly tuple: number;
  readonly choices: readonly unknown[];
}

/**
 * Where a trace ends: an initial state, a stored state (by number), or a state reached from a stored
 * state by one step (a state that may not be stored itself, such as one outside the constraint).
 */
export type TraceEnd<S extends State> =
  | { readonly kind: 'initial'; readonly state: S }
  | { readonly kind: 'stored'; readonly id: number; readonly state: S }
  | { readonly kind: 'step'; readonly parent: number; readonly state: S; readonly step: StepTaken<S> };

/** `to` of a transition to a state that is not stored: outside the constraint, or left out by a bound. */
export const NOT_STORED = -1;
/** `to` of a transition to a state seen before, when the observer did not ask for the numbers of seen states. */
export const SEEN = -2;

/**
 * Watches a run from outside the loop: coverage, the graph dump, progress. Every hook is optional,
 * and a run with no observer pays nothing for them.
 */
export interface ExploreObserver<S extends State> {
  /**
   * Ask for the number of a state seen before as `to` of `onTransition` (else SEEN): the loop then
   * keeps an index of state numbers by fingerprint, which costs memory a state.
   */
  readonly seenIds?: boolean;
  /** An initial state, stored as number `id` (NOT_STORED when it is not). */
  onInitial?(state: S, id: number): void;
  /** Stored state `from` is about to be expanded. */
  onExpand?(from: number): void;
  /**
   * A step from stored state `from` to `successor` (built on call), stored as `to`: a new state
   * (`isNew`), one seen before (its number, or SEEN), or NOT_STORED.
   */
  onTransition?(from: number, to: number, isNew: boolean, step: StepTaken<S>, successor: () => S): void;
  /** An invariant was evaluated on a state. */
  onInvariant?(name: string): void;
  /** A level has been expanded in full (and at the start: the initial states). */
  onLevel?(progress: Progress): void;
}
