import { is, successorsOf, UsageError } from '../checker/index.js';
import type { Constants, Model, State, TraceStep } from '../checker/index.js';
import { isJsonObject, parseJson } from './json.js';
import type { JsonObject } from './json.js';
import { canonical, itfValue } from './render/itf.js';
import { formatText, toJson } from './render/values.js';
import type { Json, ValueStyle } from './render/values.js';
import { recordedValue } from './traceValues.js';
import type { TraceEncoding } from './traceValues.js';
import type { NamedTrace, TraceKind } from './traces.js';

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

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const KINDS: readonly string[] = ['invariant', 'witness', 'property', 'deadlock', 'error', 'trace'];

function withoutMeta(state: JsonObject): JsonObject {
  const { '#meta': _meta, ...vars } = state;
  return vars;
}

function jsonSteps(trace: unknown, where: string): RecordedTrace['steps'] {
  if (!Array.isArray(trace)) throw new UsageError(`${where}: a trace must be an array of steps`);
  return trace.map((step, i) => {
    if (!isJsonObject(step) || !isJsonObject(step['state'])) throw new UsageError(`${where}: step ${i + 1} has no state object`);
    const action = step['action'];
    return { label: isJsonObject(action) ? (text(action['label']) ?? text(action['name']) ?? null) : null, state: step['state'] };
  });
}

function readItf(doc: JsonObject, file: string): RecordedRun {
  const meta = isJsonObject(doc['#meta']) ? doc['#meta'] : {};
  const states = doc['states'];
  if (!Array.isArray(states) || !states.every(isJsonObject)) throw new UsageError(`${file}: ITF 'states' must be an array of objects`);
  const loop = doc['loop'];
  const kind = text(meta['kind']);
  return {
    encoding: 'itf',
    ...(text(meta['spec']) !== undefined ? { spec: text(meta['spec']) as string } : {}),
    ...(text(meta['model']) !== undefined ? { model: text(meta['model']) as string } : {}),
    ...(text(meta['module']) !== undefined ? { module: text(meta['module']) as string } : {}),
    constants: (isJsonObject(meta['constants']) ? meta['constants'] : {}) as Constants,
    traces: [
      {
        name: text(meta['name']) ?? 'trace',
        ...(kind !== undefined && KINDS.includes(kind) ? { kind: kind as TraceKind } : {}),
        steps: (states as JsonObject[]).map((s) => ({ label: isJsonObject(s['#meta']) ? (text(s['#meta']['action']) ?? null) : null, state: withoutMeta(s) })),
        ...(typeof loop === 'number' ? { loopStart: loop } : {}),
      },
    ],
  };
}

function readJson(doc: JsonObject, file: string): RecordedRun {
  const traces: RecordedTrace[] = [];
  const invariants = Array.isArray(doc['invariants']) ? doc['invariants'] : [];
  for (const v of invariants) {
    if (isJsonObject(v) && v['trace'] !== undefined) traces.push({ name: String(v['name']), kind: 'invariant', steps: jsonSteps(v['trace'], file) });
  }
  for (const r of Array.isArray(doc['reachable']) ? doc['reachable'] : []) {
    if (isJsonObject(r) && r['trace'] !== undefined) traces.push({ name: String(r['name']), kind: 'witness', steps: jsonSteps(r['trace'], file) });
  }
  for (const p of Array.isArray(doc['properties']) ? doc['properties'] : []) {
    if (!isJsonObject(p) || p['trace'] === undefined) continue;
    // A loop back to a state (a number), or stuttering at the last (null).
    const loopStart = typeof p['loopStart'] === 'number' || p['loopStart'] === null ? { loopStart: p['loopStart'] as number | null } : {};
    traces.push({ name: String(p['name']), kind: 'property', steps: jsonSteps(p['trace'], file), ...loopStart });
  }
  const deadlock = doc['deadlock'];
  if (isJsonObject(deadlock) && deadlock['trace'] !== undefined) traces.push({ name: 'deadlock', kind: 'deadlock', steps: jsonSteps(deadlock['trace'], file) });
  const error = doc['error'];
  if (isJsonObject(error) && error['trace'] !== undefined) traces.push({ name: 'error', kind: 'error', steps: jsonSteps(error['trace'], file) });
  for (const t of Array.isArray(doc['traces']) ? doc['traces'] : []) {
    if (!isJsonObject(t)) continue;
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
    constants: (isJsonObject(doc['constants']) ? doc['constants'] : {}) as Constants,
    traces,
  };
}

/** Reads a trace file written by pika-mc: an ITF trace, the JSON of `check`, or the JSON of `replay`. */
export function readTraceFile(content: string, file: string): RecordedRun {
  const parsed = parseJson(content);
  if (!parsed.ok) throw new UsageError(parsed.kind === 'depth' ? `${file} is not a trace: ${parsed.reason}` : `${file} is not JSON (${parsed.reason})`);
  const doc = parsed.value;
  if (!isJsonObject(doc)) throw new UsageError(`${file} is not a trace: expected a JSON object`);
  const run = Array.isArray(doc['states']) && Array.isArray(doc['vars']) ? readItf(doc, file) : readJson(doc, file);
  if (run.traces.length === 0) throw new UsageError(`${file} holds no trace (expected an ITF trace, or the JSON output of pika-mc check with a violation)`);
  if (run.traces.some((t) => t.steps.length === 0)) throw new UsageError(`${file} holds an empty trace`);
  return run;
}

/** Where and why a trace fails to replay: `step` counts states, the first being 1. */
export interface ReplayFailure {
  readonly step: number;
  readonly reason: string;
}

/** A replayed trace, with the spec's own states and action instances, or where it went wrong. */
export type ReplayOutcome<S extends State> = { readonly ok: true; readonly trace: NamedTrace<S> } | ({ readonly ok: false } & ReplayFailure);

const WIDTH = 70;

/**
 * Two values' texts cut to about WIDTH characters each, both around the first character where they
 * differ, so that two long values that differ late still read apart: `…, k9 ↦ 5]` and `…, k9 ↦ 6]`.
 */
function shortPair(a: string | undefined, b: string | undefined): [string, string] {
  const x = a ?? 'missing';
  const y = b ?? 'missing';
  if (x.length <= WIDTH && y.length <= WIDTH) return [x, y];
  let first = 0;
  while (first < x.length && first < y.length && x[first] === y[first]) first++;
  // Start a few characters before the difference, so that it is seen with what leads to it, and no
  // later than needed to fill the width.
  const from = first < WIDTH - 20 ? 0 : Math.max(0, Math.min(first - 20, Math.max(x.length, y.length) - (WIDTH - 2)));
  const cut = (t: string): string => {
    const head = from > 0 ? '…' : '';
    const body = t.slice(from, from + WIDTH - 1 - head.length);
    return from + body.length < t.length ? `${head}${body}…` : `${head}${body}`;
  };
  return [cut(x), cut(y)];
}

/**
 * Replays a recorded trace through the spec: its first state must be an initial state, each next one
 * a successor under the recorded action instance, and the last state must show what the trace claims
 * (the invariant violated, a deadlock, the lasso's loop). A state of the file matches one of the
 * spec's when each of its values, decoded into a value of the spec's, equals the spec's: so a set in
 * another order, or an ITF tuple written as a plain array, matches. A value that differs is named in
 * the words of check's text trace, not in the file's encoding.
 */
export function replayRecorded<S extends State>(model: Model<S>, encoding: TraceEncoding, recorded: RecordedTrace): ReplayOutcome<S> {
  const encodeVar = encoding === 'itf' ? itfValue : toJson;
  const style: ValueStyle = { modelValues: new Set(model.modelValues) };
  const fileState = (i: number): JsonObject => (recorded.steps[i] as RecordedTrace['steps'][number]).state;
  // The file's value is decoded with the spec's value as its shape, then compared as a value, or in
  // the file's encoding where that encoding cannot tell two values apart (pika-mc's ITF writes an
  // ordered set sorted, its JSON writes undefined as null).
  const same = (decoded: unknown, value: unknown): boolean => is(decoded, value) || canonical(encodeVar(decoded)) === canonical(encodeVar(value));
  /** The variables whose values in state `i` of the file are not the spec's, each in check's words; none when the states match. */
  const differences = (state: S, i: number, all: boolean): string[] => {
    const values = new Map(model.variables(state));
    const recordedState = fileState(i);
    const found: string[] = [];
    for (const name of new Set([...values.keys(), ...Object.keys(recordedState)])) {
      const raw = recordedState[name];
      const decoded = raw === undefined ? undefined : recordedValue(raw, encoding, values.get(name));
      if (raw === undefined || !values.has(name) || !same(decoded, values.get(name))) {
        const spec = values.has(name) ? formatText(values.get(name), style) : undefined;
        const [trace, specText] = shortPair(raw === undefined ? undefined : formatText(decoded, style), spec);
        found.push(`${name} is ${trace} in the trace, ${specText} by the spec`);
        if (!all) break;
      }
    }
    return found;
  };
  const matches = (state: S, i: number): boolean => differences(state, i, false).length === 0;
  /**
   * How state `i` of the file differs from the nearest of `states` (the fewest variables apart): where
   * an action or Init gives several states, the one the file most likely meant, so that the variable
   * named is the one that is off.
   */
  const difference = (states: readonly S[], i: number): string | undefined => {
    let nearest: string[] | undefined;
    for (const state of states) {
      const found = differences(state, i, true);
      if (nearest === undefined || found.length < nearest.length) nearest = found;
    }
    return nearest?.[0];
  };
  const fail = (step: number, reason: string): ReplayOutcome<S> => ({ ok: false, step, reason });

  const inits = [...model.init()];
  const first = inits.find((s) => matches(s, 0));
  if (first === undefined) {
    return fail(1, `not an initial state of ${model.name}${inits.length > 0 ? `: ${difference(inits, 0) ?? 'the states differ'}` : ''}`);
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
    const match = candidates.find((s) => matches(s.state, i));
    if (!match) return fail(i + 1, `${label ?? 'no step'} does not lead to this state: ${difference(candidates.map((c) => c.state), i) ?? 'the states differ'}`);
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
    if (!successorsOf(model, last).some((s) => is(s.state, target.state))) {
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
