import { isImmutable, isIndexed, isKeyed, isList, isMap, isRecord, isSet } from 'immutable';
import type { State } from '../../checker/index.js';
import type { NamedTrace, RunInfo } from '../traces.js';
import type { Json } from './values.js';

/** Where ADR-015, the Informal Trace Format, is described. */
export const ITF_DESCRIPTION = 'https://apalache-mc.org/docs/adr/015adr-trace.html';

function entriesOf(value: unknown): [unknown, unknown][] {
  return (value as { toSeq(): { entrySeq(): { toArray(): [unknown, unknown][] } } }).toSeq().entrySeq().toArray();
}

/** The JSON text of a value with object keys sorted: equal values, equal texts. */
export function canonical(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k] as Json)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function byText(a: Json, b: Json): number {
  const x = canonical(a);
  const y = canonical(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The kind of an ITF expression, to tell a tuple (mixed kinds) from a sequence. */
function kindOf(value: Json): string {
  if (Array.isArray(value)) return 'seq';
  if (value !== null && typeof value === 'object') return Object.keys(value).find((k) => k.startsWith('#')) ?? 'record';
  return typeof value;
}

function listOf(items: Json[]): Json {
  const kinds = new Set(items.map(kindOf));
  return kinds.size > 1 ? { '#tup': items } : items;
}

/**
 * A value as an ITF expression (ADR-015): integers `{"#bigint": "…"}`, sets `#set`, maps and
 * functions `#map`, records as objects, lists as arrays, or `#tup` when their items are of mixed kinds
 * (a TLA+ tuple such as `<<c1, 0>>`); sets and maps sorted so that equal values print alike.
 */
export function itfValue(value: unknown): Json {
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return { '#bigint': value.toString() };
  if (typeof value === 'number') {
    return Number.isInteger(value) ? { '#bigint': BigInt(value).toString() } : { '#unserializable': String(value) };
  }
  if (value === null || value === undefined) return { '#unserializable': String(value) };
  if (isRecord(value)) return Object.fromEntries(entriesOf(value).map(([k, v]) => [String(k), itfValue(v)]));
  if (Array.isArray(value)) return listOf(value.map(itfValue));
  if (isList(value) || (isIndexed(value) && isImmutable(value))) return listOf(entriesOf(value).map(([, v]) => itfValue(v)));
  if (isSet(value)) return { '#set': (value as { toArray(): unknown[] }).toArray().map(itfValue).sort(byText) };
  if (isMap(value) || isKeyed(value)) {
    const pairs = entriesOf(value).map(([k, v]): Json => [itfValue(k), itfValue(v)]);
    return { '#map': pairs.sort((a, b) => byText((a as Json[])[0] as Json, (b as Json[])[0] as Json)) };
  }
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, itfValue(v)]));
  return { '#unserializable': String(value) };
}

/** A state's variables as ITF expressions, in the spec's order. */
export function itfState<S extends State>(info: RunInfo<S>, state: S): { [name: string]: Json } {
  return Object.fromEntries(info.model.variables(state).map(([name, value]) => [name, itfValue(value)]));
}

/**
 * One trace as an ITF trace object: `#meta` (format, the spec, its constants, the module, what the
 * trace shows), `vars`, `states` (each with `#meta.index` and the action taken), and `loop` for a lasso.
 */
export function itfTrace<S extends State>(info: RunInfo<S>, named: NamedTrace<S>): Json {
  const first = named.trace[0];
  const vars = first ? info.model.variables(first.state).map(([name]) => name) : [];
  return {
    '#meta': {
      format: 'ITF',
      'format-description': ITF_DESCRIPTION,
      source: info.module ?? `pika-mc --model ${info.modelName}`,
      description: 'Created by pika-mc',
      status: named.kind === 'invariant' || named.kind === 'property' ? 'violation' : named.kind === 'witness' ? 'reached' : named.kind,
      kind: named.kind,
      name: named.name,
      spec: info.model.name,
      model: info.modelName,
      ...(info.module !== undefined ? { module: info.module } : {}),
      constants: { ...info.constants } as Json,
    },
    vars,
    states: named.trace.map((step, index) => ({
      '#meta': { index, ...(step.action ? { action: step.action.label } : {}) },
      ...itfState(info, step.state),
    })),
    ...(named.loopStart !== undefined && named.loopStart !== null ? { loop: named.loopStart } : {}),
  };
}
