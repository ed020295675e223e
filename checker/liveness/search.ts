import { is } from 'immutable';
import type { ActionInstance, Bound, Fairness, Lasso, State, TraceStep } from '../spec/types.js';
import { stronglyConnected } from './scc.js';
import type { StateGraph } from './stateGraph.js';

/** How many states the search visits between two looks at its deadline and signal. */
const STATES_BETWEEN_CHECKS = 4096;

/** Thrown out of a search that was told to stop (the run's time limit, or its signal): the bound it stopped at. */
export class SearchStopped extends Error {
  constructor(readonly bound: Bound) {
    super(`the search stopped at its bound: ${bound}`);
  }
}

/** Looked at every few thousand states: the bound that stops the search now (time limit, signal), if any. */
export type StopCheck = () => Bound | undefined;

/**
 * Counts the states a search visits and, every STATES_BETWEEN_CHECKS of them, asks `stop` whether to
 * go on: throws SearchStopped when not.
 */
export class SearchClock {
  private count = 0;

  constructor(private readonly stop: StopCheck = () => undefined) {}

  /** One more state visited. */
  tick(): void {
    if (++this.count % STATES_BETWEEN_CHECKS !== 0) return;
    const bound = this.stop();
    if (bound !== undefined) throw new SearchStopped(bound);
  }
}

/** A fairness assumption, resolved: which instances it covers and where it is enabled. */
interface Condition {
  readonly kind: 'weak' | 'strong';
  readonly matches: (instance: ActionInstance) => boolean;
  /** Whether a state-changing step of the action leaves each state (TLA+'s ENABLED <A>_vars). */
  readonly enabled: readonly boolean[];
}

/** A fair way to stay in a set of states for ever, with, per fairness condition, how to meet it there. */
interface FairCore {
  readonly states: readonly number[];
  /** Per condition: a state-changing step of the action inside the core, if it is taken there. */
  readonly edges: readonly ((readonly [number, number]) | undefined)[];
  /** Per condition: a state of the core where the action is disabled, if any. */
  readonly visits: readonly (number | undefined)[];
}

/** What a violation of a property looks like, as a search problem on the state graph. */
export interface LassoProblem {
  /** States a behaviour may start from (its first state). */
  readonly starts: readonly number[];
  /** States the prefix may go through, before the cycle's region. */
  readonly prefixAllowed: (v: number) => boolean;
  /** States where the prefix may switch into the cycle's region (its pivot). */
  readonly pivot: (v: number) => boolean;
  /** States the rest of the behaviour may go through, from the pivot on, cycle included. */
  readonly regionAllowed: (v: number) => boolean;
  /** A state the cycle must pass through, if any (for `<>[]P`: a state where P fails). */
  readonly mustVisit?: (v: number) => boolean;
}

/**
 * Finds fair behaviours that violate a property, by strongly connected components: a behaviour that
 * stays for ever in a set of states is fair when each weakly fair action is taken in it or disabled in
 * one of its states, and each strongly fair action taken or disabled in all of them (states where an
 * untaken strongly fair action is enabled are removed and the components computed again, as in the
 * Emerson–Lei algorithm for Streett conditions). A state may also stutter for ever, which is fair when
 * every fair action is disabled there. Cost: O(fairness × (states + steps)) per property.
 */
export class FairCycleSearch<S extends State> {
  private readonly conditions: Condition[];
  private readonly successors: (v: number) => readonly number[];

  constructor(
    private readonly graph: StateGraph<S>,
    fairness: readonly Fairness[],
    private readonly clock: SearchClock = new SearchClock(),
  ) {
    this.conditions = fairness.map((f) => {
      const names = new Set(typeof f.action === 'string' ? [f.action] : f.action);
      const matches = (instance: ActionInstance): boolean =>
        names.has(instance.name) && (f.args ?? []).every((arg, i) => is(arg, instance.args[i]));
      return {
        kind: f.kind,
        matches,
        enabled: graph.steps.map((steps, v) => {
          this.clock.tick();
          return steps.some((s) => s.to !== v && matches(s.instance));
        }),
      };
    });
    const unique = graph.steps.map((steps) => [...new Set(steps.map((s) => s.to))]);
    this.successors = (v) => unique[v] as number[];
  }

  /** A shortest-found lasso for the problem, or undefined when every fair behaviour satisfies the property. */
  find(problem: LassoProblem): Lasso<S> | undefined {
    const prefix = this.breadthFirst(problem.starts.filter(problem.prefixAllowed), problem.prefixAllowed);
    const pivots = [...prefix.dist.keys()].filter(problem.pivot).filter(problem.regionAllowed);
    pivots.sort((a, b) => (prefix.dist.get(a) as number) - (prefix.dist.get(b) as number));
    const region = this.breadthFirstOrdered(pivots, prefix.dist, problem.regionAllowed);
    let best: { total: number; build: () => Lasso<S> } | undefined;
    // A lasso's length: the states up to its entry, then the rest of its cycle (stuttering adds none).
    const consider = (entry: number, tourLength: number, build: () => Lasso<S>): void => {
      const total = (region.dist.get(entry) as number) + Math.max(tourLength, 1);
      if (best === undefined || total < best.total) best = { total, build };
    };
    // A state where the behaviour can stutter for ever, fairly.
    for (const v of region.dist.keys()) {
      if (problem.mustVisit && !problem.mustVisit(v)) continue;
      if (this.conditions.every((c) => !(c.enabled[v] as boolean))) consider(v, 0, () => this.lasso(prefix, region, v, []));
    }
    // A fair cycle through several states.
    const inRegion = (v: number): boolean => region.dist.has(v);
    for (const core of this.fairCores([...region.dist.keys()], inRegion, problem.mustVisit)) {
      // Try the entries nearest to the start (a bounded number, so large cores stay cheap).
      const entries = [...core.states].sort((a, b) => (region.dist.get(a) as number) - (region.dist.get(b) as number)).slice(0, 64);
      for (const entry of entries) {
        const tour = this.tour(core, entry, problem.mustVisit);
        if (tour.length === 0) continue;
        consider(entry, tour.length, () => this.lasso(prefix, region, entry, tour));
      }
    }
    return best?.build();
  }

  /** Components in which a behaviour can stay for ever, fairly (after the strong-fairness refinement). */
  private *fairCores(candidates: readonly number[], allowed: (v: number) => boolean, mustVisit?: (v: number) => boolean): Generator<FairCore> {
    for (const component of stronglyConnected(candidates, allowed, this.successors, () => this.clock.tick())) {
      const inside = new Set(component);
      const internal = component.flatMap((v) => this.graph.steps[v]!.filter((s) => s.to !== v && inside.has(s.to)).map((s) => [v, s] as const));
      if (internal.length === 0) continue;
      if (mustVisit && !component.some(mustVisit)) continue;
      const edges: ([number, number] | undefined)[] = [];
      const visits: (number | undefined)[] = [];
      const removed = new Set<number>();
      let fair = true;
      for (const condition of this.conditions) {
        const taken = internal.find(([, s]) => condition.matches(s.instance));
        edges.push(taken ? [taken[0], taken[1].to] : undefined);
        const disabled = component.find((v) => !condition.enabled[v]);
        visits.push(disabled);
        if (taken) continue;
        const enabledIn = component.filter((v) => condition.enabled[v]);
        if (enabledIn.length === 0) continue;
        // Weak: met by visiting a state where it is disabled, if there is one. Strong: needs it
        // disabled everywhere, so the states where it is enabled are dropped and the rest re-split.
        if (condition.kind === 'weak') fair &&= disabled !== undefined;
        else for (const v of enabledIn) removed.add(v);
      }
      if (!fair) continue;
      if (removed.size > 0) {
        yield* this.fairCores(
          component.filter((v) => !removed.has(v)),
          (v) => inside.has(v) && !removed.has(v),
          mustVisit,
        );
        continue;
      }
      yield { states: component, edges, visits };
    }
  }

  /**
   * A short fair cycle from `entry` back to it (the returned states exclude the closing `entry`):
   * start from the shortest cycle (through a `mustVisit` state if needed), then, while some
   * condition is not met on it, add a detour that meets it: a state where the action is disabled,
   * or a step that takes it.
   */
  private tour(core: FairCore, entry: number, mustVisit?: (v: number) => boolean): number[] {
    const inside = new Set(core.states);
    const allowed = (v: number): boolean => inside.has(v);
    const path: number[] = [entry];
    const goTo = (target: number): void => {
      const at = path[path.length - 1] as number;
      if (target !== at) path.push(...this.route(at, target, allowed).slice(1));
    };
    const take = ([from, to]: readonly [number, number]): void => {
      goTo(from);
      path.push(to);
    };
    // The shortest cycle through the entry; if it misses a state that must be visited, a detour to the nearest.
    const back = this.breadthFirst(this.successors(entry).filter((w) => w !== entry && inside.has(w)), (v) => inside.has(v) && v !== entry, undefined);
    const last = [...back.dist.keys()]
      .filter((v) => this.successors(v).includes(entry))
      .sort((a, b) => (back.dist.get(a) as number) - (back.dist.get(b) as number))[0];
    if (last === undefined) return [];
    const cycle: number[] = [];
    for (let v: number | undefined = last; v !== undefined; v = back.prev.get(v)) cycle.push(v);
    if (!mustVisit || [entry, ...cycle].some(mustVisit)) {
      path.push(...cycle.reverse());
    } else {
      // The state to visit that makes the shortest round trip: out from the entry and back to it.
      const out = this.breadthFirst([entry], allowed).dist;
      const home = this.distancesTo(entry, core.states);
      const roundTrip = (v: number): number => (out.get(v) as number) + (home.get(v) as number);
      const nearest = [...out.keys()].filter((v) => mustVisit(v) && home.has(v)).sort((a, b) => roundTrip(a) - roundTrip(b))[0];
      if (nearest === undefined) return [];
      goTo(nearest);
    }
    for (let guard = 0; guard <= this.conditions.length; guard++) {
      const states = new Set(path);
      const steps = path.slice(1).map((to, i) => [path[i] as number, to] as const);
      const unmet = this.conditions.findIndex((condition) => {
        const taken = steps.some(([a, b]) => a !== b && this.graph.steps[a]!.some((s) => s.to === b && condition.matches(s.instance)));
        if (taken) return false;
        const enabledAt = [...states].filter((v) => condition.enabled[v]);
        return condition.kind === 'weak' ? enabledAt.length === states.size : enabledAt.length > 0;
      });
      if (unmet < 0) break;
      const condition = this.conditions[unmet] as Condition;
      const visit = core.visits[unmet];
      const edge = core.edges[unmet];
      if (condition.kind === 'weak' && visit !== undefined) goTo(visit);
      else if (edge !== undefined) take(edge);
      else break;
    }
    goTo(entry);
    return path.slice(0, -1);
  }

  /** The length of a shortest route from each of `states` to `target`, through `states` only. */
  private distancesTo(target: number, states: readonly number[]): Map<number, number> {
    const inside = new Set(states);
    const into = new Map<number, number[]>();
    for (const v of states) {
      for (const w of this.successors(v)) {
        if (!inside.has(w)) continue;
        const from = into.get(w);
        if (from) from.push(v);
        else into.set(w, [v]);
      }
    }
    return this.breadthFirst([target], (v) => inside.has(v), undefined, (w) => into.get(w) ?? []).dist;
  }

  /** A shortest route from `from` to `to` through allowed states (both ends included). */
  private route(from: number, to: number, allowed: (v: number) => boolean): number[] {
    const search = this.breadthFirst([from], allowed, to);
    const route: number[] = [];
    for (let v: number | undefined = to; v !== undefined; v = search.prev.get(v)) route.push(v);
    return route.reverse();
  }

  /** Breadth-first from `sources` through allowed states, along `next` (the graph's steps, or others). */
  private breadthFirst(sources: readonly number[], allowed: (v: number) => boolean, stopAt?: number, next: (v: number) => readonly number[] = this.successors) {
    const dist = new Map<number, number>();
    const prev = new Map<number, number>();
    const queue: number[] = [];
    for (const s of sources) {
      if (!dist.has(s)) {
        dist.set(s, 0);
        queue.push(s);
      }
    }
    for (let head = 0; head < queue.length; head++) {
      const v = queue[head] as number;
      if (v === stopAt) break;
      this.clock.tick();
      for (const w of next(v)) {
        if (dist.has(w) || !allowed(w)) continue;
        dist.set(w, (dist.get(v) as number) + 1);
        prev.set(w, v);
        queue.push(w);
      }
    }
    return { dist, prev };
  }

  /** Breadth-first from several sources, each starting at its own distance (its prefix's length). */
  private breadthFirstOrdered(sources: readonly number[], start: Map<number, number>, allowed: (v: number) => boolean) {
    const dist = new Map<number, number>();
    const prev = new Map<number, number>();
    const buckets: number[][] = [];
    for (const s of sources) {
      const d = start.get(s) as number;
      if (dist.has(s) && (dist.get(s) as number) <= d) continue;
      dist.set(s, d);
      (buckets[d] ??= []).push(s);
    }
    for (let d = 0; d < buckets.length; d++) {
      for (const v of buckets[d] ?? []) {
        if ((dist.get(v) as number) < d) continue;
        this.clock.tick();
        for (const w of this.successors(v)) {
          if (dist.has(w) || !allowed(w)) continue;
          dist.set(w, d + 1);
          prev.set(w, v);
          (buckets[d + 1] ??= []).push(w);
        }
      }
    }
    return { dist, prev };
  }

  /** The behaviour: prefix to the pivot, on to the cycle's entry, then the cycle (or stuttering). */
  private lasso(
    prefix: { prev: Map<number, number> },
    region: { prev: Map<number, number> },
    entry: number,
    tour: readonly number[],
  ): Lasso<S> {
    const ids: number[] = [];
    let v: number | undefined = entry;
    for (; v !== undefined && region.prev.has(v); v = region.prev.get(v)) ids.push(v);
    for (; v !== undefined; v = prefix.prev.get(v)) ids.push(v);
    ids.reverse();
    const loopStart = tour.length > 0 ? ids.length - 1 : null;
    for (const w of tour.slice(1)) ids.push(w);
    const steps: TraceStep<S>[] = ids.map((id, i) => ({
      action: i === 0 ? null : this.stepBetween(ids[i - 1] as number, id),
      state: this.graph.states[id] as S,
    }));
    return { steps, loopStart };
  }

  private stepBetween(from: number, to: number): ActionInstance {
    const step = this.graph.steps[from]!.find((s) => s.to === to);
    if (!step) throw new Error(`no step from state ${from} to state ${to}`);
    return step.instance;
  }
}
