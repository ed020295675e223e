import { Map as IMap } from 'immutable';
import { selectInvariants } from './plan.js';
import type { CompiledInvariant, Model } from '../spec/compile.js';
import { inConstraint, isTerminal, labelFor, predicateHolds } from '../spec/evaluate.js';
import type { State } from '../spec/types.js';
import { explore, unboundedSettings } from './engine.js';
import { ExactSeenSet } from './seenSet.js';
import type { ExploreObserver, StepTaken } from './types.js';

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
 * Records the state graph of a run as its observer: every state (those outside the constraint
 * too, which are kept but not expanded) numbered in the order it is first reached, and every step,
 * labelled. States are told apart by value. It stops the run (`stop`) once it holds more than
 * `limit` states.
 */
class GraphRecorder<S extends State> implements ExploreObserver<S> {
  private ids = IMap<S, number>();
  private readonly states: S[] = [];
  private readonly initial = new Set<number>();
  private readonly edges: GraphEdge[] = [];
  /** The graph's number of each state the run stored, by the run's number. */
  private readonly byRunId: number[] = [];
  private readonly successors: number[] = [];
  tooLarge = false;

  constructor(
    private readonly limit: number,
    private readonly stop: () => void,
  ) {}

  onInitial(state: S, id: number): void {
    const node = this.add(state);
    if (node === undefined) return;
    this.initial.add(node);
    if (id >= 0) this.byRunId[id] = node;
  }

  onTransition(from: number, to: number, isNew: boolean, step: StepTaken<S>, successor: () => S): void {
    const node = this.add(successor());
    if (node === undefined) return;
    if (isNew) this.byRunId[to] = node;
    const source = this.byRunId[from] as number;
    this.edges.push({ from: source, to: node, label: labelFor(step.action, step.tuple, step.choices) });
    this.successors[source] = (this.successors[source] ?? 0) + 1;
  }

  /** The graph, each node checked against `invariants`, and for deadlock when `deadlockChecked`. */
  graph(model: Model<S>, invariants: readonly CompiledInvariant<S>[], deadlockChecked: boolean): GraphOutcome<S> {
    if (this.tooLarge) return { kind: 'tooLarge', limit: this.limit };
    const nodes = this.states.map((state, id): GraphNode<S> => {
      const violates = invariants.filter((inv) => !predicateHolds('invariant', inv.name, inv.holds, state)).map((inv) => inv.name);
      const constrained = !inConstraint(model, state);
      const deadlock = deadlockChecked && !constrained && (this.successors[id] ?? 0) === 0 && !isTerminal(model, state);
      return { id, state, initial: this.initial.has(id), violates, deadlock, constrained };
    });
    return { kind: 'graph', nodes, edges: this.edges };
  }

  private add(state: S): number | undefined {
    const known = this.ids.get(state);
    if (known !== undefined) return known;
    if (this.states.length >= this.limit) {
      this.tooLarge = true;
      this.stop();
      return undefined;
    }
    this.ids = this.ids.set(state, this.states.length);
    this.states.push(state);
    return this.states.length - 1;
  }
}

/**
 * The whole reachable state graph (states told apart by value, no symmetry), recorded by an
 * observer of an exploration in reference mode: a graph to draw, for small models only. Stops as
 * soon as it holds more than `limit` states. Throws the SpecEvaluationError of a spec that fails.
 */
export function exploreGraph<S extends State>(model: Model<S>, options: GraphOptions): GraphOutcome<S> {
  const invariants = selectInvariants(model, options.invariants);
  const abort = new AbortController();
  const recorder = new GraphRecorder<S>(options.limit, () => abort.abort());
  const outcome = explore(model, unboundedSettings({ seen: new ExactSeenSet(), memo: false, plainQueue: true, observer: recorder, signal: abort.signal }));
  if (recorder.tooLarge) return { kind: 'tooLarge', limit: options.limit };
  if (outcome.failure) throw outcome.failure.error;
  return recorder.graph(model, invariants, options.deadlock ?? model.deadlock ?? true);
}
