import { is } from 'immutable';
import type { Model } from './compile.js';
import { notReplayed } from './purity.js';
import type { Suspect } from './purity.js';
import { successorsOf } from './successors.js';
import type { State, Trace } from './types.js';

/** What the last state of a trace must show. */
export type TraceClaim<S extends State> =
  | { readonly kind: 'violates'; readonly invariant: string; readonly holds: (state: S) => boolean }
  | { readonly kind: 'deadlock' }
  | { readonly kind: 'reaches' };

/** Why a trace does not replay, and the function of the spec that said so (undefined for a trace that is malformed). */
export interface ReplayFault<S extends State> {
  readonly problem: string;
  readonly suspect?: Suspect<S>;
}

/**
 * Replays a trace through the spec before it is reported: its first state must be an initial state,
 * each step a successor of the previous state under the named action instance, and its last state
 * must show the claim. Returns the reason it fails, or undefined when it replays.
 */
export function replayProblem<S extends State>(model: Model<S>, trace: Trace<S>, claim: TraceClaim<S>): string | undefined {
  return replayFault(model, trace, claim)?.problem;
}

/** `replayProblem`, with the function of the spec whose answer the trace contradicts. */
export function replayFault<S extends State>(model: Model<S>, trace: Trace<S>, claim: TraceClaim<S>): ReplayFault<S> | undefined {
  const first = trace[0];
  if (first === undefined) return { problem: 'the trace is empty' };
  if (first.action !== null) return { problem: 'the first step has an action' };
  if (![...model.init()].some((s) => is(s, first.state))) return { problem: 'the first state is not an initial state', suspect: { kind: 'init' } };
  for (let i = 1; i < trace.length; i++) {
    const step = trace[i] as (typeof trace)[number];
    const previous = (trace[i - 1] as (typeof trace)[number]).state;
    if (step.action === null) return { problem: `step ${i + 1} has no action` };
    const label = step.action.label;
    if (!successorsOf(model, previous).some((s) => s.instance.label === label && is(s.state, step.state))) {
      return { problem: `state ${i + 1} is not a successor of state ${i} under ${label}`, suspect: { kind: 'actions', state: previous } };
    }
  }
  const last = (trace[trace.length - 1] as (typeof trace)[number]).state;
  if (claim.kind === 'violates' && claim.holds(last)) {
    return { problem: `the last state satisfies ${claim.invariant}`, suspect: { kind: 'invariant', name: claim.invariant, holds: claim.holds, state: last } };
  }
  if (claim.kind === 'deadlock' && successorsOf(model, last).length > 0) return { problem: 'the last state has a successor', suspect: { kind: 'actions', state: last } };
  return undefined;
}

/**
 * Throws when the trace does not replay, never printed as a counterexample: a SpecEvaluationError
 * when the spec's functions, called again, disagree with themselves (the spec is not pure), else an
 * InternalError (a checker bug).
 */
export function assertReplays<S extends State>(model: Model<S>, trace: Trace<S>, claim: TraceClaim<S>): void {
  const fault = replayFault(model, trace, claim);
  if (fault !== undefined) {
    const what = claim.kind === 'violates' ? `the trace of ${claim.invariant}` : claim.kind === 'deadlock' ? 'the deadlock trace' : 'the trace';
    throw notReplayed(model, `${what} does not replay: ${fault.problem}`, fault.suspect);
  }
}
