import type { CompiledAction, Model } from '../spec/compile.js';
import { labelOf } from '../spec/successors.js';
import type { Coverage, State } from '../spec/types.js';
import type { ExploreObserver } from './types.js';

interface Counts {
  enabled: number;
  generated: number;
  distinct: number;
  lastState: number;
}

const zero = (): Counts => ({ enabled: 0, generated: 0, distinct: 0, lastState: -1 });

/** Counts, per action and per action instance, how often it was enabled and what it produced. */
export class CoverageCounter {
  private state = 0;
  private readonly actions = new Map<string, Counts>();
  private readonly instances = new Map<string, Map<string, Counts>>();
  /** Per action, the parameter tuples that produced a successor. */
  private readonly fired = new Map<string, Set<number>>();
  private readonly model: Model<any>;
  private readonly evaluations = new Map<string, number>();

  constructor(model: Model<any>) {
    this.model = model;
    for (const action of model.actions) {
      this.actions.set(action.name, zero());
      this.instances.set(action.name, new Map());
      this.fired.set(action.name, new Set());
    }
    for (const invariant of model.invariants) this.evaluations.set(invariant.name, 0);
  }

  /** The counter as an observer of a run: each state expanded, each step, each invariant evaluated. */
  observer<S extends State>(): ExploreObserver<S> {
    return {
      onExpand: () => this.beginState(),
      onTransition: (_from, _to, isNew, step) => {
        this.generated(step.action, step.tuple, step.choices);
        if (isNew) this.distinct(step.action, step.tuple, step.choices);
      },
      onInvariant: (name) => this.invariant(name),
    };
  }

  /** Marks the start of the expansion of a new state. */
  beginState(): void {
    this.state++;
  }

  generated<S extends State>(action: CompiledAction<S>, tuple: number, choices: readonly unknown[]): void {
    const counts = this.actions.get(action.name) as Counts;
    const instance = this.instanceCounts(action, tuple, choices);
    (this.fired.get(action.name) as Set<number>).add(tuple);
    counts.generated++;
    instance.generated++;
    if (counts.lastState !== this.state) {
      counts.lastState = this.state;
      counts.enabled++;
    }
    if (instance.lastState !== this.state) {
      instance.lastState = this.state;
      instance.enabled++;
    }
  }

  distinct<S extends State>(action: CompiledAction<S>, tuple: number, choices: readonly unknown[]): void {
    (this.actions.get(action.name) as Counts).distinct++;
    this.instanceCounts(action, tuple, choices).distinct++;
  }

  invariant(name: string): void {
    this.evaluations.set(name, (this.evaluations.get(name) ?? 0) + 1);
  }

  /**
   * The table, actions in declaration order, instances in the order first seen, then the instances
   * of parameters that never produced a successor (with zeros), in the order of their tuples.
   */
  report(): Coverage {
    return {
      actions: this.model.actions.map((action) => {
        const c = this.actions.get(action.name) as Counts;
        const fired = this.fired.get(action.name) as Set<number>;
        // An action without parameters is its one instance: its own row says when it never fired.
        const never = action.tuples.filter((tuple, t) => tuple.length > 0 && !fired.has(t)).map((tuple) => ({ label: labelOf(action.name, tuple), enabled: 0, generated: 0, distinct: 0 }));
        return {
          name: action.name,
          enabled: c.enabled,
          generated: c.generated,
          distinct: c.distinct,
          instances: [
            ...[...(this.instances.get(action.name) as Map<string, Counts>)].map(([label, i]) => ({
              label,
              enabled: i.enabled,
              generated: i.generated,
              distinct: i.distinct,
            })),
            ...never,
          ],
        };
      }),
      invariants: [...this.evaluations].map(([name, evaluations]) => ({ name, evaluations })),
    };
  }

  private instanceCounts<S extends State>(action: CompiledAction<S>, tuple: number, choices: readonly unknown[]): Counts {
    const label = labelOf(action.name, [...(action.tuples[tuple] as readonly unknown[]), ...choices]);
    const map = this.instances.get(action.name) as Map<string, Counts>;
    let counts = map.get(label);
    if (counts === undefined) {
      counts = zero();
      map.set(label, counts);
    }
    return counts;
  }
}
