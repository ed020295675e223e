import { is } from 'immutable';
import type { Model } from './compile.js';
import { InternalError } from './errors.js';
import { successorsOf } from './successors.js';
import type { State, Trace } from './types.js';

/** What the last state of a trace must show. */
export type TraceClaim<S extends State> =
  | { readonly kind: 'violates'; readonly invariant: string; readonly holds: (state: S) => boolean }
  | { readonly kind: 'deadlock' }
  | { readonly kind: 'reaches' };

/**
 * Replays a trace through the spec before it is reported: its first state must be an initial state,
 * each step a successor of the previous state under the named action instance, and its last state
 * must show the claim. Returns the reason it fails, or undefined when it replays.
 */
export function replayProblem<S extends State>(model: Model<S>, trace: Trace<S>, claim: TraceClaim<S>): string | undefined {
  const first = trace[0];
  if (first === undefined) return 'the trace is empty';
  if (first.action !== null) return 'the first step has an action';
  if (![...model.init()].some((s) => is(s, first.state))) return 'the first state is not an initial state';
  for (let i = 1; i < trace.length; i++) {
    const step = trace[i] as (typeof trace)[number];
    const previous = (trace[i - 1] as (typeof trace)[number]).state;
    if (step.action === null) return `step ${i + 1} has no action`;
    const label = step.action.label;
    if (!successorsOf(model, previous).some((s) => s.instance.label === label && is(s.state, step.state))) {
      return `state ${i + 1} is not a successor of state ${i} under ${label}`;
    }
  }
  const last = (trace[trace.length - 1] as (typeof trace)[number]).state;
  if (claim.kind === 'violates' && claim.holds(last)) return `the last state satisfies ${claim.invariant}`;
  if (claim.kind === 'deadlock' && successorsOf(model, last).length > 0) return 'the last state has a successor';
  return undefined;
}

/** Throws an InternalError when the trace does not replay: a checker bug, never printed as a counterexample. */
export function assertReplays<S extends State>(model: Model<S>, trace: Trace<S>, claim: TraceClaim<S>): void {
  const problem = replayProblem(model, trace, claim);
  if (problem !== undefined) {
    const what = claim.kind === 'violates' ? `the trace of ${claim.invariant}` : claim.kind === 'deadlock' ? 'the deadlock trace' : 'the trace';
    throw new InternalError(`${what} does not replay: ${problem}`);
  }
}
