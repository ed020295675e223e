import type { Fairness, Predicate, State, TemporalFormula } from './types.js';

/** `<>P`: P holds at some point of every fair behaviour. */
export function eventually<S extends State>(p: Predicate<S>): TemporalFormula<S> {
  return { op: 'eventually', p };
}

/** `[]<>P`: P holds infinitely often. */
export function alwaysEventually<S extends State>(p: Predicate<S>): TemporalFormula<S> {
  return { op: 'alwaysEventually', p };
}

/** `<>[]P`: from some point on, P holds for ever. */
export function eventuallyAlways<S extends State>(p: Predicate<S>): TemporalFormula<S> {
  return { op: 'eventuallyAlways', p };
}

/** `P ~> Q`: whenever P holds, Q holds then or later. */
export function leadsTo<S extends State>(p: Predicate<S>, q: Predicate<S>): TemporalFormula<S> {
  return { op: 'leadsTo', p, q };
}

/** `\A x \in domain : F(x)`: one formula per value, each checked (and reported) on its own. */
export function forAll<S extends State, T>(domain: Iterable<T>, formula: (value: T) => TemporalFormula<S>): TemporalFormula<S> {
  return { op: 'all', parts: [...domain].map((value) => [String(value), formula(value)] as const) };
}

/** `WF_vars(A)`, or `WF_vars(A(args…))` for the instances whose leading arguments are `args`; several actions are taken as their disjunction. */
export function weakFair(action: string | readonly string[], ...args: unknown[]): Fairness {
  return { kind: 'weak', action, ...(args.length > 0 ? { args } : {}) };
}

/** `SF_vars(A)`, or `SF_vars(A(args…))` for the instances whose leading arguments are `args`. */
export function strongFair(action: string | readonly string[], ...args: unknown[]): Fairness {
  return { kind: 'strong', action, ...(args.length > 0 ? { args } : {}) };
}
