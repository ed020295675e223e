import type { Model } from '../spec/compile.js';
import { messageOf, SpecEvaluationError } from '../errors.js';
import { forEachSuccessor, instanceOf } from '../spec/successors.js';
import { PlainKeyer } from '../state/symmetry.js';
import type { ActionInstance, State } from '../spec/types.js';

/** A step of the state graph: where it goes and the action instance that takes it. */
export interface GraphStep {
  readonly to: number;
  readonly instance: ActionInstance;
}

/** The reachable state graph, kept whole for temporal properties: states by number, steps out of each. */
export interface StateGraph<S extends State> {
  readonly states: readonly S[];
  readonly initial: readonly number[];
  readonly steps: readonly (readonly GraphStep[])[];
  /** Breadth-first predecessor of each state (-1 for initial states), for short prefixes. */
  readonly parent: readonly number[];
}

/**
 * Explores the whole reachable graph breadth-first, keeping every state and every labelled step
 * (states keyed by 64-bit fingerprint). States outside the constraint keep no steps (they stutter).
 * Returns undefined when the graph has more than `limit` states.
 */
export function buildStateGraph<S extends State>(model: Model<S>, limit: number): StateGraph<S> | undefined {
  const keyer = new PlainKeyer();
  const ids = new Map<string, number>();
  const states: S[] = [];
  const steps: GraphStep[][] = [];
  const parent: number[] = [];
  const initial: number[] = [];
  const idOf = (state: S, from: number): number | undefined => {
    keyer.key(state);
    const key = `${keyer.hi}:${keyer.lo}`;
    const known = ids.get(key);
    if (known !== undefined) return known;
    if (states.length >= limit) return undefined;
    ids.set(key, states.length);
    states.push(state);
    steps.push([]);
    parent.push(from);
    return states.length - 1;
  };
  for (const state of model.init()) {
    const id = idOf(state, -1);
    if (id === undefined) return undefined;
    if (!initial.includes(id)) initial.push(id);
  }
  for (let id = 0; id < states.length; id++) {
    const state = states[id] as S;
    if (model.constraint) {
      let inside: boolean;
      try {
        inside = model.constraint(state);
      } catch (cause) {
        throw new SpecEvaluationError('constraint', 'constraint', messageOf(cause), state);
      }
      if (!inside) continue;
    }
    let tooLarge = false;
    forEachSuccessor(model, state, (next, action, tuple, choices) => {
      const to = idOf(next, id);
      if (to === undefined) {
        tooLarge = true;
        return;
      }
      (steps[id] as GraphStep[]).push({ to, instance: instanceOf(action, tuple, choices) });
    });
    if (tooLarge) return undefined;
  }
  return { states, initial, steps, parent };
}
