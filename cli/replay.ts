import { successorsOf, UsageError } from '../checker/index.js';
import type { Constants, Model, State, TraceStep } from '../checker/index.js';
import { parseJson } from './json.js';
import { canonical, itfValue } from './render/itf.js';
import { formatText, toJson } from './render/values.js';
import type { Json, ValueStyle } from './render/values.js';
import { recordedValue } from './traceValues.js';
import type { TraceEncoding } from './traceValues.js';
import type { NamedTrace, TraceKind } from './traces.js';

export type { TraceEncoding } from './traceValues.js';

/** One trace as a file records it: action labels and encoded states. */
export interface RecordedTrace {
  readonly name: string;
  /** What the trace claims to show; undefined for a trace that claims nothing (a foreign ITF file). */
  readonly kind?: TraceKind;
  readonly steps: readonly { readonly label: string | null; readonly state: { readonly [name: string]: Json } }[];
  readonly loopStart?: number | null;
}

/** A trace file: what it was checked against, and its traces. */
export interface RecordedRun {
  readonly encoding: TraceEncoding;
  readonly spec?: string;
  readonly model?: string;
  readonly module?: string;
  readonly constants: Constants;
  readonly traces: readonly RecordedTrace[];
}

type Obj = { readonly [key: string]: Json };
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const KINDS: readonly string[] = ['invariant', 'witness', 'property', 'deadlock', 'error', 'trace'];

function withoutMeta(state: Obj): Obj {
  const { '#meta': _meta, ...vars } = state;
  return vars;
}

function jsonSteps(trace: unknown, where: string): RecordedTrace['steps'] {
  if (!Array.isArray(trace)) throw new UsageError(`${where}: a trace must be an array of steps`);
  return trace.map((step, i) => {
    if (!isObject(step) || !isObject(step['state'])) throw new UsageError(`${where}: step ${i + 1} has no state object`);
    const action = step['action'];
    return { label: isObject(action) ? (text(action['label']) ?? text(action['name']) ?? null) : null, state: step['state'] };
  });
}

function readItf(doc: Obj, file: string): RecordedRun {
  const meta = isObject(doc['#meta']) ? doc['#meta'] : {};
  const states = doc['states'];
  if (!Array.isArray(states) || !states.every(isObject)) throw new UsageError(`${file}: ITF 'states' must be an array of objects`);
  const loop = doc['loop'];
  const kind = text(meta['kind']);
  return {
    encoding: 'itf',
    ...(text(meta['spec']) !== undefined ? { spec: text(meta['spec']) as string } : {}),
    ...(text(meta['model']) !== undefined ? { model: text(meta['model']) as string } : {}),
    ...(text(meta['module']) !== undefined ? { module: text(meta['module']) as string } : {}),
    constants: (isObject(meta['constants']) ? meta['constants'] : {}) as Constants,
    traces: [
      {
        name: text(meta['name']) ?? 'trace',
        ...(kind !== undefined && KINDS.includes(kind) ? { kind: kind as TraceKind } : {}),
        steps: (states as Obj[]).map((s) => ({ label: isObject(s['#meta']) ? (text(s['#meta']['action']) ?? null) : null, state: withoutMeta(s) })),
        ...(typeof loop === 'number' ? { loopStart: loop } : {}),
      },
    ],
  };
}

function readJson(doc: Obj, file: string): RecordedRun {
  const traces: RecordedTrace[] = [];
  const invariants = Array.isArray(doc['invariants']) ? doc['invariants'] : [];
  for (const v of invariants) {
    if (isObject(v) && v['trace'] !== undefined) traces.push({ name: String(v['name']), kind: 'invariant', steps: jsonSteps(v['trace'], file) });
  }
  for (const r of Array.isArray(doc['reachable']) ? doc['reachable'] : []) {
    if (isObject(r) && r['trace'] !== undefined) traces.push({ name: String(r['name']), kind: 'witness', steps: jsonSteps(r['trace'], file) });
  }
  const deadlock = doc['deadlock'];
  if (isObject(deadlock) && deadlock['trace'] !== undefined) traces.push({ name: 'deadlock', kind: 'deadlock', steps: jsonSteps(deadlock['trace'], file) });
  const error = doc['error'];
  if (isObject(error) && error['trace'] !== undefined) traces.push({ name: 'error', kind: 'error', steps: jsonSteps(error['trace'], file) });
  for (const t of Array.isArray(doc['traces']) ? doc['traces'] : []) {
    if (!isObject(t)) continue;
    const kind = text(t['kind']);
    traces.push({
      name: String(t['name'] ?? 'trace'),
      ...(kind !== undefined && KINDS.includes(kind) ? { kind: kind as TraceKind } : {}),
      steps: jsonSteps(t['trace'], file),
      ...(typeof t['loopStart'] === 'number' || t['loopStart'] === null ? { loopStart: t['loopStart'] as number | null } : {}),
    });
  }
  return {
    encoding: 'json',
    ...(text(doc['spec']) !== undefined ? { spec: text(doc['spec']) as string } : {}),
    ...(text(doc['model']) !== undefined ? { model: text(doc['model']) as string } : {}),
    ...(text(doc['module']) !== undefined ? { module: text(doc['module']) as string } : {}),
    constants: (isObject(doc['constants']) ? doc['constants'] : {}) as Constants,
    traces,
  };
}

/** Reads a trace file written by pika-mc: an ITF trace, the JSON of `check`, or the JSON of `replay`. */
export function readTraceFile(content: string, file: string): RecordedRun {
  const parsed = parseJson(content);
  if (!parsed.ok) throw new UsageError(parsed.kind === 'depth' ? `${file} is not a trace: ${parsed.reason}` : `${file} is not JSON (${parsed.reason})`);
  const doc = parsed.value;
  if (!isObject(doc)) throw new UsageError(`${file} is not a trace: expected a JSON object`);
  const run = Array.isArray(doc['states']) && Array.isArray(doc['vars']) ? readItf(doc, file) : readJson(doc, file);
  if (run.traces.length === 0) throw new UsageError(`${file} holds no trace (expected an ITF trace, or the JSON output of pika-mc check with a violation)`);
  if (run.traces.some((t) => t.steps.length === 0)) throw new UsageError(`${file} holds an empty trace`);
  return run;
}

/** ITF as pika-mc writes it: plain integers as `#bigint`, sets and maps in canonical order. */
function normalizeItf(value: Json): Json {
  if (typeof value === 'number' && Number.isInteger(value)) return { '#bigint': String(value) };
  if (Array.isArray(value)) return value.map(normalizeItf);
  if (!isObject(value)) return value;
  const order = (items: Json[]): Json[] => items.slice().sort((a, b) => (canonical(a) < canonical(b) ? -1 : canonical(a) > canonical(b) ? 1 : 0));
  const set = value['#set'];
  if (Array.isArray(set)) return { '#set': order(set.map(normalizeItf)) };
  const map = value['#map'];
  if (Array.isArray(map)) {
    const pairs = map.map((p) => (Array.isArray(p) ? p.map(normalizeItf) : p));
    return { '#map': pairs.sort((a, b) => (canonical((a as Json[])[0] as Json) < canonical((b as Json[])[0] as Json) ? -1 : 1)) };
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalizeItf(v)]));
}

/** Where and why a trace fails to replay: `step` counts states, the first being 1. */
export interface ReplayFailure {
  readonly step: number;
  readonly reason: string;
}

/** A replayed trace, with the spec's own states and action instances, or where it went wrong. */
export type ReplayOutcome<S extends State> = { readonly ok: true; readonly trace: NamedTrace<S> } | ({ readonly ok: false } & ReplayFailure);

function short(text: string | undefined): string {
  const t = text ?? 'missing';
  return t.length > 70 ? `${t.slice(0, 69)}…` : t;
}

/**
 * Replays a recorded trace through the spec: its first state must be an initial state, each next one
 * a successor under the recorded action instance, compared in the file's own encoding; then the last
 * state must show what the trace claims (the invariant violated, a deadlock, the lasso's loop).
 * A value that differs is named in the words of check's text trace, not in the file's encoding.
 */
export function replayRecorded<S extends State>(model: Model<S>, encoding: TraceEncoding, recorded: RecordedTrace): ReplayOutcome<S> {
  const encodeVar = encoding === 'itf' ? itfValue : toJson;
  const recordedVars = (i: number): Obj => {
    const state = (recorded.steps[i] as RecordedTrace['steps'][number]).state;
    return encoding === 'itf' ? (normalizeItf(state) as Obj) : state;
  };
  const key = (vars: Obj): string => canonical(vars as Json);
  const encode = (state: S): Obj => Object.fromEntries(model.variables(state).map(([n, v]) => [n, encodeVar(v)]));
  const style: ValueStyle = { modelValues: new Set(model.modelValues) };
  // Values print as check prints them: the file's value is decoded into the spec's value (its shape
  // taken from the spec's value of the same variable), then rendered like the spec's.
  const difference = (state: S, i: number): string => {
    const values = new Map(model.variables(state));
    const mine = encode(state);
    const theirs = recordedVars(i);
    const recordedState = (recorded.steps[i] as RecordedTrace['steps'][number]).state;
    for (const name of new Set([...Object.keys(mine), ...Object.keys(theirs)])) {
      const a = mine[name];
      const b = theirs[name];
      if (a === undefined || b === undefined || canonical(a) !== canonical(b)) {
        const spec = a === undefined ? undefined : formatText(values.get(name), style);
        const raw = recordedState[name];
        const trace = raw === undefined ? undefined : formatText(recordedValue(raw, encoding, values.get(name)), style);
        // Two values can print alike and still differ in the file, as a set written out of order in pika-mc's JSON.
        if (spec !== undefined && spec === trace) return `${name} is written ${short(canonical(b as Json))} in the trace, ${short(canonical(a as Json))} by the spec`;
        return `${name} is ${short(trace)} in the trace, ${short(spec)} by the spec`;
      }
    }
    return 'the states differ';
  };
  const fail = (step: number, reason: string): ReplayOutcome<S> => ({ ok: false, step, reason });

  const inits = [...model.init()];
  const wanted0 = key(recordedVars(0));
  const first = inits.find((s) => key(encode(s)) === wanted0);
  if (first === undefined) {
    return fail(1, `not an initial state of ${model.name}${inits[0] !== undefined ? `: ${difference(inits[0], 0)}` : ''}`);
  }
  const steps: TraceStep<S>[] = [{ action: null, state: first }];
  for (let i = 1; i < recorded.steps.length; i++) {
    const label = (recorded.steps[i] as RecordedTrace['steps'][number]).label;
    const previous = (steps[i - 1] as TraceStep<S>).state;
    const successors = successorsOf(model, previous);
    const candidates = label === null ? successors : successors.filter((s) => s.instance.label === label);
    if (candidates.length === 0) {
      if (label === null) return fail(i + 1, `state ${i} has no successor`);
      const name = label.replace(/\(.*$/, '');
      if (!model.actions.some((a) => a.name === name)) return fail(i + 1, `${model.name} has no action ${name}`);
      return fail(i + 1, `${label} is not enabled in state ${i}`);
    }
    const wanted = key(recordedVars(i));
    const match = candidates.find((s) => key(encode(s.state)) === wanted);
    if (!match) return fail(i + 1, `${label ?? 'no step'} does not lead to this state: ${difference((candidates[0] as (typeof candidates)[number]).state, i)}`);
    steps.push({ action: match.instance, state: match.state });
  }
  const n = steps.length;
  const last = (steps[n - 1] as TraceStep<S>).state;
  if (recorded.kind === 'invariant') {
    const invariant = model.invariants.find((inv) => inv.name === recorded.name);
    if (!invariant) return fail(n, `${model.name} has no invariant ${recorded.name}`);
    if (invariant.holds(last)) return fail(n, `the last state satisfies ${recorded.name}: the trace shows no violation`);
  }
  if (recorded.kind === 'witness') {
    // A reachability property is checked as the invariant "not reached yet".
    const property = (model.reachable ?? []).find((r) => r.name === recorded.name);
    if (!property) return fail(n, `${model.name} has no reachability property ${recorded.name}`);
    if (property.holds(last)) return fail(n, `the last state does not reach ${recorded.name}: the trace is no witness`);
  }
  if (recorded.kind === 'deadlock') {
    const next = successorsOf(model, last)[0];
    if (next) return fail(n, `state ${n} has a successor (${next.instance.label}): not a deadlock`);
  }
  if (recorded.loopStart !== undefined && recorded.loopStart !== null) {
    const target = steps[recorded.loopStart];
    if (!target) return fail(n, `the loop goes back to state ${recorded.loopStart + 1}, which the trace does not have`);
    const targetKey = key(encode(target.state));
    if (!successorsOf(model, last).some((s) => key(encode(s.state)) === targetKey)) {
      return fail(n, `state ${n} has no step back to state ${recorded.loopStart + 1}`);
    }
  }
  return {
    ok: true,
    trace: {
      name: recorded.name,
      kind: recorded.kind ?? 'trace',
      trace: steps,
      ...(recorded.loopStart !== undefined ? { loopStart: recorded.loopStart } : {}),
    },
  };
}
