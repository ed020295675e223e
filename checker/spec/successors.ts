import { isImmutable } from 'immutable';
import type { CompiledAction, Model } from './model.js';
import { isOutOfMemory, messageOf, SpecEvaluationError } from '../errors.js';
import { Branches } from './types.js';
import type { ActionInstance, State, Successors } from './types.js';

/** Called for each successor: the action, the index of its parameter tuple, the choices made inside it. */
export type SuccessorVisitor<S extends State> = (
  successor: S,
  action: CompiledAction<S>,
  tuple: number,
  choices: readonly unknown[],
) => void;

const NO_CHOICES: readonly unknown[] = [];

function call<S extends State>(action: CompiledAction<S>, state: S, args: readonly unknown[]): Successors<S> {
  switch (args.length) {
    case 0:
      return action.body(state);
    case 1:
      return action.body(state, args[0]);
    case 2:
      return action.body(state, args[0], args[1]);
    default:
      return action.body(state, ...args);
  }
}

export function checkState<S extends State>(value: unknown, action: CompiledAction<S>, args: readonly unknown[], state: S): S {
  if (!isImmutable(value)) {
    const found = Array.isArray(value) ? 'a plain array' : typeof value === 'object' ? 'a plain object' : typeof value;
    throw new SpecEvaluationError(
      'action',
      labelOf(action.name, args),
      `returned ${found} where a state (an Immutable.js value), false or Branches was expected`,
      state,
    );
  }
  return value as unknown as S;
}

/** Calls one action instance on `state` (which may be a proxy of it: `reported` is the state named in an error). */
export function evaluateInstance<S extends State>(action: CompiledAction<S>, state: S, args: readonly unknown[], reported: S = state): Successors<S> {
  try {
    return call(action, state, args);
  } catch (cause) {
    // Memory that ran out is the run's bound, whoever asked for it, not a mistake of the action.
    if (cause instanceof SpecEvaluationError || isOutOfMemory(cause)) throw cause;
    throw new SpecEvaluationError('action', labelOf(action.name, args), messageOf(cause), reported);
  }
}

/**
 * Produces every successor of `state`, action by action in declaration order and parameter tuple by
 * tuple, exactly as TLC enumerates Next; returns how many there were. A spec that throws is reported
 * as a SpecEvaluationError naming the action instance.
 */
export function forEachSuccessor<S extends State>(model: Model<S>, state: S, visit: SuccessorVisitor<S>): number {
  let count = 0;
  for (const action of model.actions) {
    const tuples = action.tuples;
    for (let t = 0; t < tuples.length; t++) {
      const args = tuples[t] as readonly unknown[];
      const result = evaluateInstance(action, state, args);
      if (result === false || result === null || result === undefined) continue;
      if (result instanceof Branches) {
        for (const branch of result.items) {
          visit(checkState(branch.state, action, [...args, ...branch.args], state), action, t, branch.args);
          count++;
        }
      } else {
        visit(checkState(result, action, args, state), action, t, NO_CHOICES);
        count++;
      }
    }
  }
  return count;
}

/** A successor with the action instance that produced it. */
export interface LabelledSuccessor<S extends State> {
  readonly instance: ActionInstance;
  readonly state: S;
}

/** Every successor of `state` with its action instance, in TLC's order. */
export function successorsOf<S extends State>(model: Model<S>, state: S): LabelledSuccessor<S>[] {
  const out: LabelledSuccessor<S>[] = [];
  forEachSuccessor(model, state, (successor, action, tuple, choices) => {
    out.push({ instance: instanceOf(action, tuple, choices), state: successor });
  });
  return out;
}

/** The action instance for an action, a parameter tuple and the choices made inside it. */
export function instanceOf<S extends State>(action: CompiledAction<S>, tuple: number, choices: readonly unknown[]): ActionInstance {
  const args = [...(action.tuples[tuple] as readonly unknown[]), ...choices];
  const source = typeof action.source === 'function' ? action.source(...args) : action.source;
  return {
    name: action.name,
    args,
    label: labelOf(action.name, args),
    ...(source !== undefined ? { source } : {}),
  };
}

/** Prints an action with its arguments: `DoBinlog(c1)`, `LockKey(c2, k1)`, `BgsaveLock`. */
export function labelOf(name: string, args: readonly unknown[]): string {
  if (args.length === 0) return name;
  return `${name}(${args.map(formatArg).join(', ')})`;
}

/** An argument as it appears in an action label. */
export function formatArg(value: unknown): string {
  if (typeof value === 'string') return value;
  return String(value);
}
