import type { Model } from '../spec/compile.js';
import { messageOf, SpecEvaluationError, UsageError } from '../errors.js';
import type { Lasso, Predicate, PropertyVerdict, State, TemporalFormula } from '../spec/types.js';
import { FairCycleSearch } from './search.js';
import type { LassoProblem } from './search.js';
import { buildStateGraph } from './stateGraph.js';
import type { StateGraph } from './stateGraph.js';

/** The names of the temporal properties asked for; `all` means every one the spec has. */
export function selectProperties<S extends State>(model: Model<S>, names: readonly string[]): string[] {
  const known = Object.keys(model.properties);
  if (names.includes('all')) return known;
  for (const name of names) {
    if (!known.includes(name)) throw new UsageError(`unknown property '${name}' (valid: ${known.join(', ') || 'none'}, or all)`);
  }
  return [...names];
}

/** Evaluates a state predicate on every state of the graph once. */
function truthTable<S extends State>(graph: StateGraph<S>, p: Predicate<S>, property: string): boolean[] {
  return graph.states.map((state) => {
    try {
      return p(state);
    } catch (cause) {
      throw new SpecEvaluationError('property', property, messageOf(cause), state);
    }
  });
}

function problemFor<S extends State>(graph: StateGraph<S>, formula: Exclude<TemporalFormula<S>, { op: 'all' }>, name: string): LassoProblem {
  const all = (): boolean => true;
  const starts = graph.initial;
  const p = truthTable(graph, formula.p, name);
  switch (formula.op) {
    case 'eventually':
      return { starts, prefixAllowed: (v) => !p[v], pivot: all, regionAllowed: (v) => !p[v] };
    case 'alwaysEventually':
      return { starts, prefixAllowed: all, pivot: (v) => !p[v], regionAllowed: (v) => !p[v] };
    case 'eventuallyAlways':
      return { starts, prefixAllowed: all, pivot: all, regionAllowed: all, mustVisit: (v) => !p[v] };
    case 'leadsTo': {
      const q = truthTable(graph, formula.q, name);
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
): { lasso: Lasso<S>; part?: string } | undefined {
  if (formula.op !== 'all') {
    const lasso = search.find(problemFor(graph, formula, name));
    return lasso ? { lasso } : undefined;
  }
  for (const [part, sub] of formula.parts) {
    const found = violation(search, graph, sub, name);
    if (found) return { lasso: found.lasso, part: found.part ? `${part}, ${found.part}` : part };
  }
  return undefined;
}

/**
 * Checks temporal properties under the spec's fairness on the whole reachable state graph, kept in
 * memory (so for spaces up to `limit` states); each violation comes with a lasso.
 */
export function checkProperties<S extends State>(model: Model<S>, names: readonly string[], limit: number): PropertyVerdict<S>[] {
  const graph = buildStateGraph(model, limit);
  if (graph === undefined) return names.map((name) => ({ name, verdict: 'unknown' }));
  const search = new FairCycleSearch(graph, model.fairness);
  return names.map((name) => {
    const found = violation(search, graph, model.properties[name] as TemporalFormula<S>, name);
    if (!found) return { name, verdict: 'holds' };
    return { name, verdict: 'violated', lasso: found.lasso, ...(found.part ? { part: found.part } : {}) };
  });
}
