import { is, isImmutable, isRecord } from 'immutable';
import { resolveConstants } from './constants.js';
import { messageOf, SpecBuildError } from '../errors.js';
import { describeValue, initialStatesIn } from './evaluate.js';
import { ACTION_FIELDS, BODY_FIELDS, closest, PREDICATE_FIELDS, refuseUnknownFields } from './fields.js';
import { labelOf } from './successors.js';
import { refuseNonSpec } from './specTarget.js';
import type { CompiledAction, CompiledInvariant, Model } from './model.js';
import type { ActionInput, Constants, Fairness, InvariantInput, ReachableInput, Spec, SpecBody, State } from './types.js';

// The compiled model's types live in model.ts, so that what compile uses can name them without importing it.
export type { CompiledAction, CompiledInvariant, Model } from './model.js';

function product(domains: readonly (readonly unknown[])[]): unknown[][] {
  let tuples: unknown[][] = [[]];
  for (const domain of domains) {
    const next: unknown[][] = [];
    for (const tuple of tuples) for (const value of domain) next.push([...tuple, value]);
    tuples = next;
  }
  return tuples;
}

/** The tuples for which `where` holds: the action's instances (all of them without `where`). */
function instancesOf(spec: string, name: string, tuples: unknown[][], where: ((...args: any[]) => boolean) | undefined): unknown[][] {
  if (where === undefined) return tuples;
  if (typeof where !== 'function') throw new SpecBuildError(spec, `spec ${spec}: action ${name}: where must be a function of the parameters`);
  return tuples.filter((tuple) => {
    let holds: unknown;
    try {
      holds = where(...tuple);
    } catch (cause) {
      throw new SpecBuildError(spec, `spec ${spec}: action ${name}: where threw on ${labelOf(name, tuple)}: ${messageOf(cause)}`);
    }
    if (typeof holds !== 'boolean') throw new SpecBuildError(spec, `spec ${spec}: action ${name}: where returned ${describeValue(holds)} on ${labelOf(name, tuple)}, not a boolean`);
    return holds;
  });
}

function compileAction<S extends State>(spec: string, name: string, index: number, input: ActionInput<S>): CompiledAction<S> {
  if (typeof input === 'function') return { name, index, tuples: [[]], body: input };
  if (typeof input === 'object' && input !== null) refuseUnknownFields(spec, `spec ${spec}: action ${name}`, input, ACTION_FIELDS);
  if (typeof input !== 'object' || input === null || typeof input.next !== 'function') {
    throw new SpecBuildError(spec, `spec ${spec}: action ${name} must be a function or { params?, next }`);
  }
  const domains = input.params ?? [];
  for (const domain of domains) {
    if (!Array.isArray(domain)) throw new SpecBuildError(spec, `spec ${spec}: action ${name}: each parameter domain must be an array`);
  }
  return {
    name,
    index,
    tuples: instancesOf(spec, name, product(domains), input.where),
    body: input.next,
    ...(input.source !== undefined ? { source: input.source } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
  };
}

function compileInvariant<S extends State>(spec: string, name: string, input: InvariantInput<S>): CompiledInvariant<S> {
  if (typeof input === 'function') return { name, holds: input };
  if (typeof input === 'object' && input !== null) refuseUnknownFields(spec, `spec ${spec}: invariant ${name}`, input, PREDICATE_FIELDS);
  if (typeof input !== 'object' || input === null || typeof input.holds !== 'function') {
    throw new SpecBuildError(spec, `spec ${spec}: invariant ${name} must be a predicate or { holds }`);
  }
  return { name, holds: input.holds, ...(input.description !== undefined ? { description: input.description } : {}) };
}

function compileReachable<S extends State>(spec: string, name: string, input: ReachableInput<S>): CompiledInvariant<S> {
  if (typeof input === 'object' && input !== null) refuseUnknownFields(spec, `spec ${spec}: reachable ${name}`, input, PREDICATE_FIELDS);
  const predicate = typeof input === 'function' ? input : typeof input === 'object' && input !== null && typeof input.holds === 'function' ? input.holds : undefined;
  if (predicate === undefined) throw new SpecBuildError(spec, `spec ${spec}: reachable ${name} must be a predicate or { holds }`);
  const description = typeof input === 'object' ? input.description : undefined;
  return {
    name,
    // Negated, with anything but a boolean passed on for the evaluation to report.
    holds: (state: S) => {
      const reached: unknown = predicate(state);
      return (typeof reached === 'boolean' ? !reached : reached) as boolean;
    },
    reachable: true,
    ...(description !== undefined ? { description } : {}),
  };
}

/** Refuses fairness that is not a list of weakFair(…) and strongFair(…). */
function checkFairness(spec: string, fairness: unknown): readonly Fairness[] {
  if (!Array.isArray(fairness)) throw new SpecBuildError(spec, `spec ${spec}: fairness must be a list of weakFair(…) and strongFair(…), got ${describeValue(fairness)}`);
  for (const f of fairness as unknown[]) {
    const { kind, action, args } = (typeof f === 'object' && f !== null ? f : {}) as { kind?: unknown; action?: unknown; args?: unknown };
    const named = typeof action === 'string' || (Array.isArray(action) && action.every((n) => typeof n === 'string'));
    if ((kind !== 'weak' && kind !== 'strong') || !named || (args !== undefined && !Array.isArray(args))) {
      throw new SpecBuildError(spec, `spec ${spec}: each fairness assumption is weakFair(action, …args) or strongFair(action, …args), got ${describeValue(f)}`);
    }
  }
  return fairness as readonly Fairness[];
}

/**
 * Refuses, before temporal properties are checked, a fairness assumption on an action the model
 * does not have, or on arguments no instance of its actions has (`WF_vars(Go(x))`): it would hold of
 * no step, and leave every property it was meant to make true violated by a behaviour that
 * stutters. Safety checks do not look: an action some constants leave out may be named.
 */
export function checkFairnessNames<S extends State>(model: Model<S>): void {
  const spec = model.name;
  const actions = model.actions;
  const known = actions.map((a) => a.name);
  for (const { kind, action, args } of model.fairness) {
    const names = typeof action === 'string' ? [action] : action;
    const given = args ?? [];
    const shown = `${kind === 'weak' ? 'WF' : 'SF'}_vars(${names.map((n) => labelOf(n, given)).join(' \\/ ')})`;
    for (const name of names) {
      if (known.includes(name)) continue;
      const near = closest(name, known);
      throw new SpecBuildError(spec, `spec ${spec}: fairness ${shown} names an unknown action '${name}'${near !== undefined ? ` (did you mean '${near}'?)` : ''}; its actions are ${known.join(', ')}`);
    }
    // Arguments past an action's parameters are choices made inside it (`exists`): only its parameters are known here.
    const fair = actions.filter((a) => names.includes(a.name));
    const some = fair.some((a) => a.tuples.some((tuple) => given.every((arg, i) => i >= tuple.length || is(arg, tuple[i]))));
    if (given.length > 0 && !some) {
      const instances = fair.flatMap((a) => a.tuples.map((tuple) => labelOf(a.name, tuple)));
      const listed = instances.length > 6 ? `${instances.slice(0, 5).join(', ')} and ${instances.length - 5} more` : instances.join(', ') || 'none';
      throw new SpecBuildError(spec, `spec ${spec}: fairness ${shown}: no instance of ${names.join(' or ')} has these arguments; its instances are ${listed}`);
    }
  }
}

/** The default presentation of a state: a Record's fields, a keyed collection's entries, else one variable. */
export function defaultVariables(state: State): (readonly [string, unknown])[] {
  if (isRecord(state)) return state.toSeq().entrySeq().toArray() as [string, unknown][];
  if (isImmutable(state) && 'entrySeq' in state && typeof (state as { entrySeq?: unknown }).entrySeq === 'function') {
    const entries = (state as unknown as { entrySeq(): { toArray(): [unknown, unknown][] } }).entrySeq().toArray();
    return entries.map(([k, v]) => [String(k), v] as const);
  }
  return [['state', state]];
}

/**
 * Instantiates `spec` with its constants (defaults merged with `overrides`) into a model to explore.
 * Throws UsageError for what is not a spec and for constants the spec does not accept, SpecBuildError when the spec itself
 * fails: its `build` or `validate` throws, or `build` returns something else than a spec body (a
 * field it does not have among them: a misspelled one would be ignored).
 */
export function compile<S extends State, C extends Constants>(spec: Spec<S, C>, overrides: Partial<C> = {}): Model<S> {
  refuseNonSpec(spec, 'compile', false);
  const constants = resolveConstants(spec, overrides);
  let body: SpecBody<S>;
  try {
    body = spec.build(constants);
  } catch (cause) {
    throw new SpecBuildError(spec.name, `spec ${spec.name}: build threw: ${messageOf(cause)}`);
  }
  if (typeof body === 'object' && body !== null) refuseUnknownFields(spec.name, `spec ${spec.name}: the body build returns`, body, BODY_FIELDS);
  if (typeof body?.init !== 'function') throw new SpecBuildError(spec.name, `spec ${spec.name}: init must be a function returning the initial states`);
  const actions = Object.entries(body.actions ?? {}).map(([name, input], index) => compileAction(spec.name, name, index, input));
  if (actions.length === 0) throw new SpecBuildError(spec.name, `spec ${spec.name} has no actions`);
  if (body.deadlock !== undefined && typeof body.deadlock !== 'boolean') {
    throw new SpecBuildError(spec.name, `spec ${spec.name}: deadlock must be true or false, got ${JSON.stringify(body.deadlock)}`);
  }
  const invariants = Object.entries(body.invariants ?? {}).map(([name, input]) => compileInvariant(spec.name, name, input));
  const reachable = Object.entries(body.reachable ?? {}).map(([name, input]) => compileReachable(spec.name, name, input));
  const clash = reachable.find((r) => invariants.some((inv) => inv.name === r.name));
  if (clash) throw new SpecBuildError(spec.name, `spec ${spec.name}: ${clash.name} is both an invariant and a reachability property; give them different names`);
  const present = body.variables;
  const init = body.init;
  return {
    name: spec.name,
    constants,
    init: () => initialStatesIn<S>(init()),
    actions,
    invariants,
    reachable,
    ...(body.constraint ? { constraint: body.constraint } : {}),
    ...(body.terminal ? { terminal: body.terminal } : {}),
    deadlock: body.deadlock ?? true,
    variables: present ? (state: S) => Object.entries(present(state)) : defaultVariables,
    symmetry: body.symmetry ?? {},
    modelValues: [...new Set([...(body.modelValues ?? []), ...Object.values(body.symmetry ?? {}).flat()])],
    properties: body.properties ?? {},
    fairness: checkFairness(spec.name, body.fairness ?? []),
  };
}
