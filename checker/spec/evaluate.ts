import { isImmutable, isKeyed, isRecord } from 'immutable';
import type { CompiledAction, CompiledInvariant, Model } from './model.js';
import { isOutOfMemory, messageOf, SpecEvaluationError } from '../errors.js';
import { NotAValueError } from '../state/fingerprint.js';
import type { InvariantMemo } from '../explore/invariantMemo.js';
import type { FieldHashes } from '../state/stateHasher.js';
import { labelOf } from './successors.js';
import type { State } from './types.js';

/**
 * Whether `invariant` holds in `state` (remembered in `memo` by the values of the fields it reads,
 * given its `fields`); what the spec throws, or a result that is not a boolean, becomes a
 * SpecEvaluationError.
 */
export function invariantHolds<S extends State>(invariant: CompiledInvariant<S>, state: S, memo?: InvariantMemo<S>, fields?: FieldHashes): boolean {
  let holds: boolean;
  try {
    holds = memo ? memo.holds(invariant, state, fields) : invariant.holds(state);
  } catch (cause) {
    if (isOutOfMemory(cause)) throw cause;
    throw new SpecEvaluationError(invariant.reachable ? 'reachable' : 'invariant', invariant.name, messageOf(cause), state);
  }
  // What the spec returned (the memo's own answers are booleans): anything else is the spec's mistake.
  if (typeof holds !== 'boolean') throw notBoolean(invariant.reachable ? 'reachable' : 'invariant', invariant.name, holds, state);
  return holds;
}

/**
 * `invariantHolds` on a state that may not be built yet: `sameType` is a state of its type, `build`
 * builds it, and the memo answers from its `fields` when it can, without building it.
 */
export function invariantHoldsOn<S extends State>(
  invariant: CompiledInvariant<S>,
  sameType: S,
  build: () => S,
  memo: InvariantMemo<S> | undefined,
  fields: FieldHashes | undefined,
): boolean {
  const known = memo !== undefined && fields !== undefined ? memo.known(invariant, sameType, fields) : undefined;
  return known ?? invariantHolds(invariant, build(), memo, fields);
}

/** Whether `state` satisfies the model's constraint (true without one). */
export function inConstraint<S extends State>(model: Model<S>, state: S): boolean {
  return model.constraint ? predicateHolds('constraint', 'constraint', model.constraint, state) : true;
}

/** Whether `state` is one where having no successor is intended (false without a terminal predicate). */
export function isTerminal<S extends State>(model: Model<S>, state: S): boolean {
  return model.terminal ? predicateHolds('terminal', 'terminal', model.terminal, state) : false;
}

/**
 * A predicate of the spec (an invariant, the constraint, terminal, a temporal property's state
 * predicate) on `state`: what it throws, or a result that is not a boolean, is a
 * SpecEvaluationError naming it.
 */
export function predicateHolds<S extends State>(kind: 'invariant' | 'constraint' | 'terminal' | 'property', name: string, predicate: (state: S) => boolean, state: S): boolean {
  let holds: boolean;
  try {
    holds = predicate(state);
  } catch (cause) {
    if (isOutOfMemory(cause)) throw cause;
    throw new SpecEvaluationError(kind, name, messageOf(cause), state);
  }
  if (typeof holds !== 'boolean') throw notBoolean(kind, name, holds, state);
  return holds;
}

/** The error for a predicate of the spec that returned `value`, which is not a boolean. */
export function notBoolean(kind: 'invariant' | 'reachable' | 'constraint' | 'terminal' | 'property', name: string, value: unknown, state: State): SpecEvaluationError {
  const hint = value === undefined ? ' (a missing return?)' : '';
  return new SpecEvaluationError(kind, name, `returned ${describeValue(value)}, not a boolean (true or false)${hint}`, state);
}

/** What a value is, in a few words, for a message: `undefined`, `a string ("yes")`, `an object`. */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)})`;
  if (typeof value === 'number' || typeof value === 'bigint') return `a number (${String(value)})`;
  if (typeof value === 'boolean') return `a boolean (${String(value)})`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  if (Array.isArray(value)) return 'an array';
  if (isRecord(value)) return 'a Record';
  if (isImmutable(value)) return 'an Immutable collection';
  return 'an object';
}

/** The message for a spec whose `init` gives no state: checking it would prove nothing. */
export const NO_INITIAL_STATES = 'the spec has no initial states';

/**
 * What the spec's `init` returned, when it is an iterable of states (an array, a Set, a List, a
 * generator); anything else (a string, a single state, nothing) is a SpecEvaluationError.
 */
export function initialStatesIn<S extends State>(value: unknown): Iterable<S> {
  const iterable = typeof value === 'object' && value !== null && typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
  if (iterable && !isRecord(value) && !isKeyed(value)) return value as Iterable<S>;
  const single = isRecord(value) || isKeyed(value) ? ': return a list of states ([state]), not a state' : '';
  throw new SpecEvaluationError('init', 'Init', `returned ${describeValue(value)}, not an iterable of states (an array, a Set or a generator)${single}`);
}

/** The label of an action instance: its parameter tuple and the choices made inside it. */
export function labelFor<S extends State>(action: CompiledAction<S>, tuple: number, choices: readonly unknown[]): string {
  return labelOf(action.name, [...(action.tuples[tuple] as readonly unknown[]), ...choices]);
}

/**
 * What was thrown while evaluating the spec, as a SpecEvaluationError (kept as it is when it is one).
 * Memory that ran out is thrown on as it is: it is the run's bound, not a mistake of the spec.
 */
export function asEvaluationError(cause: unknown, kind: SpecEvaluationError['kind'], part: string, state?: State): SpecEvaluationError {
  if (isOutOfMemory(cause)) throw cause;
  if (cause instanceof SpecEvaluationError) return cause;
  if (cause instanceof NotAValueError) return new SpecEvaluationError(kind, part, cause.message, state);
  return new SpecEvaluationError(kind, part, messageOf(cause), state);
}

/**
 * What to throw when the keyer could not fingerprint initial state `state`: a NotAValueError (Init
 * built it of plain objects or arrays) becomes a SpecEvaluationError in Init; anything else is thrown
 * as it is.
 */
export function initialStateError(cause: unknown, state: State): unknown {
  return cause instanceof NotAValueError ? new SpecEvaluationError('init', 'Init', cause.message, state) : cause;
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
