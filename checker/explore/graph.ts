import { Map as IMap } from 'immutable';
import { selectInvariants } from './plan.js';
import type { Model } from '../spec/compile.js';
import { inConstraint, isTerminal, predicateHolds } from '../spec/evaluate.js';
import { successorsOf } from '../spec/successors.js';
import type { State } from '../spec/types.js';

/** One reachable state of a state graph, with what is wrong with it. */
export interface GraphNode<S extends State> {
  readonly id: number;
  readonly state: S;
  readonly initial: boolean;
  /** Names of the selected invariants the state violates. */
  readonly violates: readonly string[];
  /** No successor, not terminal, and deadlock is checked. */
  readonly deadlock: boolean;
  /** Outside the state constraint: kept, but not expanded. */
  readonly constrained: boolean;
}

/** One step of a state graph, labelled with its action instance (`DoBinlog(c1)`). */
export interface GraphEdge {
  readonly from: number;
  readonly to: number;
  readonly label: string;
}

/** The whole reachable state graph, or the news that it has more states than the limit. */
export type GraphOutcome<S extends State> =
  | { readonly kind: 'graph'; readonly nodes: readonly GraphNode<S>[]; readonly edges: readonly GraphEdge[] }
  | { readonly kind: 'tooLarge'; readonly limit: number };

/** What `exploreGraph` checks on each state, and how many states it accepts. */
export interface GraphOptions {
  readonly limit: number;
  readonly invariants?: readonly string[];
  readonly deadlock?: boolean;
}

/**
 * Explores every reachable state, breadth-first, keeping each state and each labelled step (states
 * told apart by value, no symmetry): a graph to draw, for small models only. Stops as soon as it
 * holds more than `limit` states.
 */
export function exploreGraph<S extends State>(model: Model<S>, options: GraphOptions): GraphOutcome<S> {
  const invariants = selectInvariants(model, options.invariants);
  const deadlockChecked = options.deadlock ?? model.deadlock ?? true;
  let ids = IMap<S, number>();
  const states: S[] = [];
  const initial = new Set<number>();
  const edges: GraphEdge[] = [];
  const add = (state: S): number | undefined => {
    const known = ids.get(state);
    if (known !== undefined) return known;
    if (states.length >= options.limit) return undefined;
    ids = ids.set(state, states.length);
    states.push(state);
    return states.length - 1;
  };
  for (const state of model.init()) {
    const id = add(state);
    if (id === undefined) return { kind: 'tooLarge', limit: options.limit };
    initial.add(id);
  }
  const nodes: GraphNode<S>[] = [];
  for (let id = 0; id < states.length; id++) {
    const state = states[id] as S;
    const violates = invariants.filter((inv) => !predicateHolds('invariant', inv.name, inv.holds, state)).map((inv) => inv.name);
    const constrained = !inConstraint(model, state);
    let successors = 0;
    if (!constrained) {
      for (const { instance, state: next } of successorsOf(model, state)) {
        const to = add(next);
        if (to === undefined) return { kind: 'tooLarge', limit: options.limit };
        edges.push({ from: id, to, label: instance.label });
        successors++;
      }
    }
    const terminal = isTerminal(model, state);
    const deadlock = deadlockChecked && !constrained && successors === 0 && !terminal;
    nodes.push({ id, state, initial: initial.has(id), violates, deadlock, constrained });
  }
  return { kind: 'graph', nodes, edges };
}
