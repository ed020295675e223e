import { checkFairnessNames } from '../spec/compile.js';
import type { Model } from '../spec/compile.js';
import { UsageError } from '../errors.js';
import { predicateHolds } from '../spec/evaluate.js';
import type { Bound, Lasso, Predicate, PropertyVerdict, State, TemporalFormula } from '../spec/types.js';
import { FairCycleSearch, SearchClock, SearchStopped } from './search.js';
import type { LassoProblem } from './search.js';
import type { StateGraph } from './stateGraph.js';

/** The names of the temporal properties asked for; `all` means every one the spec has. */
export function selectProperties<S extends State>(model: Model<S>, names: readonly string[]): string[] {
  const known = Object.keys(model.properties);
  for (const name of names) {
    if (name === 'all') continue;
    if (known.length === 0) throw new UsageError(`unknown property '${name}': the spec has no temporal properties (allowed: only all, which checks none)`);
    if (!known.includes(name)) throw new UsageError(`unknown property '${name}' (valid: ${known.join(', ')}, or all)`);
  }
  const selected = names.includes('all') ? known : [...names];
  // The fairness they are checked under must name the model's actions.
  if (selected.length > 0) checkFairnessNames(model);
  return selected;
}

/**
 * Evaluates a state predicate on every state of the graph once; one that throws, or returns anything
 * but a boolean, is a SpecEvaluationError naming the property.
 */
function truthTable<S extends State>(graph: StateGraph<S>, p: Predicate<S>, property: string, clock: SearchClock): boolean[] {
  return graph.states.map((state) => {
    clock.tick();
    return predicateHolds('property', property, p, state);
  });
}

function problemFor<S extends State>(graph: StateGraph<S>, formula: Exclude<TemporalFormula<S>, { op: 'all' }>, name: string, clock: SearchClock): LassoProblem {
  const all = (): boolean => true;
  const starts = graph.initial;
  const p = truthTable(graph, formula.p, name, clock);
  switch (formula.op) {
    case 'eventually':
      return { starts, prefixAllowed: (v) => !p[v], pivot: all, regionAllowed: (v) => !p[v] };
    case 'alwaysEventually':
      return { starts, prefixAllowed: all, pivot: (v) => !p[v], regionAllowed: (v) => !p[v] };
    case 'eventuallyAlways':
      return { starts, prefixAllowed: all, pivot: all, regionAllowed: all, mustVisit: (v) => !p[v] };
    case 'leadsTo': {
      const q = truthTable(graph, formula.q, name, clock);
      return { starts, prefixAllowed: all, pivot: (v) => (p[v] as boolean) && !q[v], regionAllowed: (v) => !q[v] };
    }
  }
}

/** The first part of a formula that some fair behaviour violates, with that behaviour. */
function violation<S extends State>(
  search: FairCycleSearch<S>,
  graph: StateGraph<S>,
  formula: TemporalFormula<S>,
  name: string,
  clock: SearchClock,
): { lasso: Lasso<S>; part?: string } | undefined {
  if (formula.op !== 'all') {
    const lasso = search.find(problemFor(graph, formula, name, clock));
    return lasso ? { lasso } : undefined;
  }
  for (const [part, sub] of formula.parts) {
    const found = violation(search, graph, sub, name, clock);
    if (found) return { lasso: found.lasso, part: found.part ? `${part}, ${found.part}` : part };
  }
  return undefined;
}

/** The verdicts of temporal properties, and the bound (time limit, signal) that left some unknown, if any. */
export interface PropertyVerdicts<S extends State> {
  readonly properties: PropertyVerdict<S>[];
  readonly bound?: Bound;
}

/**
 * Checks temporal properties under the spec's fairness on the reachable state graph recorded by the
 * run (undefined when it was too large to keep: each property is then unknown); each violation comes
 * with a lasso. Every few thousand states it asks `stop` whether to go on: when told to stop, the
 * properties not yet decided are unknown, with the bound that stopped it.
 */
export function checkProperties<S extends State>(
  model: Model<S>,
  names: readonly string[],
  graph: StateGraph<S> | undefined,
  stop?: () => Bound | undefined,
): PropertyVerdicts<S> {
  if (graph === undefined) return { properties: names.map((name) => ({ name, verdict: 'unknown' })) };
  const clock = new SearchClock(stop);
  const properties: PropertyVerdict<S>[] = [];
  try {
    const search = new FairCycleSearch(graph, model.fairness, clock);
    for (const name of names) {
      const found = violation(search, graph, model.properties[name] as TemporalFormula<S>, name, clock);
      properties.push(found ? { name, verdict: 'violated', lasso: found.lasso, ...(found.part ? { part: found.part } : {}) } : { name, verdict: 'holds' });
    }
    return { properties };
  } catch (cause) {
    if (!(cause instanceof SearchStopped)) throw cause;
    const undecided = names.slice(properties.length).map((name) => ({ name, verdict: 'unknown' as const }));
    return { properties: [...properties, ...undecided], bound: cause.bound };
  }
}
