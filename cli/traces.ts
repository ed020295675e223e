import type { CheckResult, Constants, Model, State, Trace } from '../checker/index.js';

/**
 * What a trace shows: an invariant's violation, a temporal property's, a deadlock, a spec failure,
 * a reachability property's witness (a shortest behaviour that reaches it), or just a behaviour.
 */
export type TraceKind = 'invariant' | 'witness' | 'property' | 'deadlock' | 'error' | 'trace';

/** One trace of a run with what it shows; `name` is the invariant or property, or `deadlock` / `error`. */
export interface NamedTrace<S extends State = State> {
  readonly name: string;
  readonly kind: TraceKind;
  readonly trace: Trace<S>;
  /** For a lasso: the index in `trace` the last state goes back to; null when it stutters forever. */
  readonly loopStart?: number | null;
}

/** What a written trace records so that `pika-mc replay` can re-create its spec. */
export interface RunInfo<S extends State = State> {
  readonly model: Model<S>;
  /** The built-in model (`replication`), or the spec's name for `--spec`. */
  readonly modelName: string;
  /** Absolute path of the `--spec` module. */
  readonly module?: string;
  readonly constants: Constants;
}

/** Every trace of a result, in report order: invariants, reachability witnesses, temporal properties, deadlock, spec failure. */
export function tracesOf<S extends State>(result: CheckResult<S>): NamedTrace<S>[] {
  const traces: NamedTrace<S>[] = [];
  for (const v of result.invariants) if (v.verdict === 'violated' && v.trace) traces.push({ name: v.name, kind: 'invariant', trace: v.trace });
  for (const r of result.reachable ?? []) if (r.verdict === 'reached' && r.trace) traces.push({ name: r.name, kind: 'witness', trace: r.trace });
  for (const p of result.properties) {
    if (p.verdict === 'violated' && p.lasso) traces.push({ name: p.name, kind: 'property', trace: p.lasso.steps, loopStart: p.lasso.loopStart });
  }
  if (result.deadlock) traces.push({ name: 'deadlock', kind: 'deadlock', trace: result.deadlock });
  if (result.status === 'error' && result.error.trace) traces.push({ name: 'error', kind: 'error', trace: result.error.trace });
  return traces;
}

/**
 * The traces a check may write, known before it runs: one per selected invariant, reachability
 * property and temporal property, the deadlock trace when deadlocks are checked, and the trace of a
 * spec failure.
 */
export function possibleTraces<S extends State>(
  model: Model<S>,
  selection: { readonly invariant?: readonly string[]; readonly reachable?: readonly string[]; readonly property?: readonly string[]; readonly deadlock: boolean },
): { name: string; kind: TraceKind }[] {
  const invariants = selection.invariant ?? model.invariants.map((inv) => inv.name);
  const reachable = selection.reachable ?? (model.reachable ?? []).map((r) => r.name);
  const properties = selection.property?.includes('all') ? Object.keys(model.properties) : (selection.property ?? []);
  return [
    ...invariants.map((name) => ({ name, kind: 'invariant' as const })),
    ...reachable.map((name) => ({ name, kind: 'witness' as const })),
    ...properties.map((name) => ({ name, kind: 'property' as const })),
    ...(selection.deadlock ? [{ name: 'deadlock', kind: 'deadlock' as const }] : []),
    { name: 'error', kind: 'error' },
  ];
}

/** The result as if only `named` had been found: what a per-trace report file holds. */
export function resultFor<S extends State>(result: CheckResult<S>, named: NamedTrace<S>): CheckResult<S> {
  const invariants = result.invariants.filter((v) => named.kind === 'invariant' && v.name === named.name);
  const reachable = (result.reachable ?? []).filter((r) => named.kind === 'witness' && r.name === named.name);
  const properties = result.properties.filter((p) => named.kind === 'property' && p.name === named.name);
  const { deadlock, ...rest } = result;
  const base = { ...rest, invariants, reachable, properties, ...(named.kind === 'deadlock' && deadlock ? { deadlock } : {}) };
  if (result.status === 'error' && named.kind === 'error') return { ...base, status: 'error', error: result.error } as CheckResult<S>;
  // A witness shows a property reached: its file is a report of that alone, as a passing run's.
  const status = named.kind === 'deadlock' ? 'deadlock' : named.kind === 'witness' ? 'ok' : 'violation';
  return { ...base, status } as CheckResult<S>;
}

/** A short description of a trace, for headings: `SnapshotCoversApplied is violated`. */
export function traceTitle(named: NamedTrace): string {
  switch (named.kind) {
    case 'invariant':
      return `${named.name} is violated`;
    case 'witness':
      return `${named.name} is reached`;
    case 'property':
      return `${named.name} is violated (temporal)`;
    case 'deadlock':
      return 'Deadlock reached';
    case 'error':
      return 'The spec failed';
    case 'trace':
      return `Behaviour ${named.name}`;
  }
}
