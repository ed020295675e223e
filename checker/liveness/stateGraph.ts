import { instanceOf } from '../spec/successors.js';
import { PlainKeyer } from '../state/symmetry.js';
import { NOT_STORED } from '../explore/types.js';
import type { ExploreObserver, StepTaken } from '../explore/types.js';
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
 * Records the state graph of a run as it explores (an ExploreObserver that asks for the numbers of
 * states seen before), so that temporal properties are checked without exploring the space again.
 * Nodes are numbered in the order the run finds them (breadth-first); a stored state is known by its
 * trace-log number, a successor outside the constraint by its fingerprint, and keeps no steps (it
 * stutters). Past `limit` nodes it stops recording and `graph()` is undefined.
 */
export class GraphRecorder<S extends State> implements ExploreObserver<S> {
  readonly seenIds = true;
  private readonly states: S[] = [];
  private readonly steps: GraphStep[][] = [];
  private readonly parent: number[] = [];
  private readonly initial: number[] = [];
  /** Node number by trace-log number. */
  private readonly nodeOfStored: number[] = [];
  /** Node number of each state outside the constraint, by fingerprint. */
  private readonly nodeOfOutside = new Map<string, number>();
  private readonly keyer = new PlainKeyer();
  private overflow = false;

  constructor(private readonly limit: number) {}

  onInitial(state: S, id: number): void {
    const node = id === NOT_STORED ? this.outside(state, -1) : this.stored(id, state, -1);
    if (node !== undefined && !this.initial.includes(node)) this.initial.push(node);
  }

  onTransition(from: number, to: number, isNew: boolean, step: StepTaken<S>, successor: () => S): void {
    if (this.overflow) return;
    const source = this.nodeOfStored[from];
    if (source === undefined) return;
    const target = to === NOT_STORED ? this.outside(successor(), source) : isNew ? this.stored(to, successor(), source) : this.nodeOfStored[to];
    if (target === undefined) return;
    (this.steps[source] as GraphStep[]).push({ to: target, instance: instanceOf(step.action, step.tuple, step.choices) });
  }

  /** The graph recorded, or undefined when it grew past the limit. */
  graph(): StateGraph<S> | undefined {
    if (this.overflow) return undefined;
    return { states: this.states, initial: this.initial, steps: this.steps, parent: this.parent };
  }

  private stored(id: number, state: S, from: number): number | undefined {
    const known = this.nodeOfStored[id];
    if (known !== undefined) return known;
    const node = this.add(state, from);
    if (node !== undefined) this.nodeOfStored[id] = node;
    return node;
  }

  private outside(state: S, from: number): number | undefined {
    const { hi, lo } = this.keyer.key(state);
    const key = `${hi}:${lo}`;
    const known = this.nodeOfOutside.get(key);
    if (known !== undefined) return known;
    const node = this.add(state, from);
    if (node !== undefined) this.nodeOfOutside.set(key, node);
    return node;
  }

  private add(state: S, from: number): number | undefined {
    if (this.states.length >= this.limit) {
      this.overflow = true;
      return undefined;
    }
    this.states.push(state);
    this.steps.push([]);
    this.parent.push(from);
    return this.states.length - 1;
  }
}
