import type { CompiledAction, CompiledInvariant, Model } from './compile.js';
import { messageOf, SpecEvaluationError } from './errors.js';
import { NotAValueError } from './fingerprint.js';
import type { InvariantMemo } from './invariantMemo.js';
import type { FieldHashes } from './stateHasher.js';
import { labelOf } from './successors.js';
import type { State } from './types.js';

/**
 * Whether `invariant` holds in `state` (remembered in `memo` by the values of the fields it reads,
 * given its `fields`); what the spec throws becomes a SpecEvaluationError.
 */
export function invariantHolds<S extends State>(invariant: CompiledInvariant<S>, state: S, memo?: InvariantMemo<S>, fields?: FieldHashes): boolean {
  try {
    return memo ? memo.holds(invariant, state, fields) : invariant.holds(state);
  } catch (cause) {
    throw new SpecEvaluationError('invariant', invariant.name, messageOf(cause), state);
  }
}

/**
 * `invariantHolds` on a state that may not be built yet: `like` is a state of its type, `build`
 * builds it, and the memo answers from its `fields` when it can, without building it.
 */
export function invariantHoldsOn<S extends State>(
  invariant: CompiledInvariant<S>,
  like: S,
  build: () => S,
  memo: InvariantMemo<S> | undefined,
  fields: FieldHashes | undefined,
): boolean {
  const known = memo !== undefined && fields !== undefined ? memo.known(invariant, like, fields) : undefined;
  return known ?? invariantHolds(invariant, build(), memo, fields);
}

/** Whether `state` satisfies the model's constraint (true without one). */
export function inConstraint<S extends State>(model: Model<S>, state: S): boolean {
  if (!model.constraint) return true;
  try {
    return model.constraint(state);
  } catch (cause) {
    throw new SpecEvaluationError('constraint', 'constraint', messageOf(cause), state);
  }
}

/** Whether `state` is one where having no successor is intended (false without a terminal predicate). */
export function isTerminal<S extends State>(model: Model<S>, state: S): boolean {
  if (!model.terminal) return false;
  try {
    return model.terminal(state);
  } catch (cause) {
    throw new SpecEvaluationError('terminal', 'terminal', messageOf(cause), state);
  }
}

/** The label of an action instance: its parameter tuple and the choices made inside it. */
export function labelFor<S extends State>(action: CompiledAction<S>, tuple: number, choices: readonly unknown[]): string {
  return labelOf(action.name, [...(action.tuples[tuple] as readonly unknown[]), ...choices]);
}

/** What was thrown while evaluating the spec, as a SpecEvaluationError (kept as it is when it is one). */
export function asEvaluationError(cause: unknown, kind: SpecEvaluationError['kind'], part: string, state?: State): SpecEvaluationError {
  if (cause instanceof SpecEvaluationError) return cause;
  if (cause instanceof NotAValueError) return new SpecEvaluationError(kind, part, cause.message, state);
  return new SpecEvaluationError(kind, part, messageOf(cause), state);
}

/**
 * What to throw when the keyer could not fingerprint a successor: a NotAValueError (the action built
 * the state of plain objects or arrays) becomes a SpecEvaluationError naming the action instance,
 * on its parent `parent`; anything else is thrown as it is.
 */
export function successorError<S extends State>(cause: unknown, action: CompiledAction<S>, tuple: number, choices: readonly unknown[], parent: () => S): unknown {
  return cause instanceof NotAValueError
    ? new SpecEvaluationError('action', labelFor(action, tuple, choices), `produced a state that is not a value: ${cause.message}`, parent())
    : cause;
}
