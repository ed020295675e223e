import type { Constants, Fairness, State, Successors, TemporalFormula } from './types.js';

/** One action of a compiled spec, with the product of its parameter domains laid out as tuples. */
export interface CompiledAction<S extends State> {
  readonly name: string;
  readonly index: number;
  readonly tuples: readonly (readonly unknown[])[];
  // Method syntax, so that a Model<S> is usable as a Model<State> (parameters are bivariant).
  body(state: S, ...args: any[]): Successors<S>;
  readonly source?: string | ((...args: any[]) => string);
  readonly description?: string;
}

/** One invariant of a compiled spec. */
export interface CompiledInvariant<S extends State> {
  readonly name: string;
  holds(state: S): boolean;
  readonly description?: string;
  /**
   * A reachability property, checked as an invariant that holds until it is reached: `holds` is
   * its predicate negated, so that the states that "violate" it are the ones that reach it.
   */
  readonly reachable?: true;
}

/** A spec instantiated with its constants: what the explorer runs. */
export interface Model<S extends State = State> {
  readonly name: string;
  readonly constants: Constants;
  init(): Iterable<S>;
  readonly actions: readonly CompiledAction<S>[];
  readonly invariants: readonly CompiledInvariant<S>[];
  /** The reachability properties, each as the invariant "not yet reached" (see CompiledInvariant.reachable). */
  readonly reachable?: readonly CompiledInvariant<S>[];
  constraint?(state: S): boolean;
  terminal?(state: S): boolean;
  /** Whether deadlocks are checked when the run does not say (the spec's `deadlock`; true when absent). */
  readonly deadlock?: boolean;
  variables(state: S): readonly (readonly [string, unknown])[];
  readonly symmetry: { readonly [name: string]: readonly string[] };
  /** Model values: the spec's own list, plus every member of its symmetry sets. */
  readonly modelValues: readonly string[];
  readonly properties: { readonly [name: string]: TemporalFormula<S> };
  readonly fairness: readonly Fairness[];
}
