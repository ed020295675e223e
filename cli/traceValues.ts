import { isCollection, isKeyed, isList, isOrdered, isRecord, isSet, List, Map, OrderedMap, OrderedSet, Record, Set } from 'immutable';
import type { Collection } from 'immutable';
import { isJsonObject } from './json.js';
import { canonical, itfValue } from './render/itf.js';
import { toJson } from './render/values.js';
import type { Json } from './render/values.js';

/** How a trace file encodes values: pika-mc's JSON, or ITF. */
export type TraceEncoding = 'json' | 'itf';

const INTEGER = /^-?\d+$/;
const isPair = (v: Json): v is [Json, Json] => Array.isArray(v) && v.length === 2;

/** A map of the spec's, told from a record (both are keyed). */
const isMapLike = (v: unknown): boolean => isKeyed(v) && !isRecord(v);

/** The spec's value at `key` of `like`, else any of its values: the shape to decode a part of the file by. */
function part(like: unknown, key: unknown): unknown {
  if (isRecord(like)) return typeof key === 'string' && like.has(key) ? like.get(key, undefined) : undefined;
  if (!isCollection(like)) return undefined;
  const collection = like as Collection<unknown, unknown>;
  return !isSet(like) && collection.has(key) ? collection.get(key) : collection.first();
}

/** A record of the spec's type when the fields are its fields; else a record of their own (a map when a field's name is one of Record's methods). */
function record(entries: readonly [string, unknown][], like: unknown): unknown {
  const fields = Object.fromEntries(entries);
  const names = entries.map(([k]) => k);
  if (isRecord(like)) {
    const own = Object.keys(like.toObject());
    if (own.length === names.length && names.every((n) => own.includes(n))) return new (like.constructor as new (values: object) => unknown)(fields);
  }
  const blank = Record({})();
  return names.some((n) => n in blank) ? OrderedMap(entries) : Record(fields)(fields);
}

function mapOf(entries: readonly [unknown, unknown][], like: unknown): unknown {
  return isOrdered(like) && !isList(like) ? OrderedMap(entries) : Map(entries);
}

function setOf(members: readonly unknown[], like: unknown): unknown {
  return isOrdered(like) && !isList(like) ? OrderedSet(members) : Set(members);
}

/** An integer of the file as the spec's value at the same place has it: a bigint or a number; without one, a number where it is safe. */
function integer(digits: string, like: unknown): unknown {
  if (typeof like === 'bigint') return BigInt(digits);
  if (typeof like === 'number') return Number(digits);
  const n = BigInt(digits);
  return Number.isSafeInteger(Number(n)) ? Number(n) : n;
}

type Decode = (value: Json, like: unknown) => unknown;

/**
 * Decodes the members of a set, or the keys of a map, of the file: a member written exactly as one of
 * the spec's `members` is written is that member, each of the spec's taken once; any other is decoded
 * by the shape of the spec's first. So a set of null and undefined, which pika-mc's JSON writes as two
 * nulls, or a map keyed by NaN and Infinity, reads back as the spec's, and a set of mixed kinds (a
 * number and a tuple) reads each member by its own kind.
 */
function membersFrom(raw: readonly Json[], members: readonly unknown[], encode: (value: unknown) => Json, decode: Decode): unknown[] {
  const written = new globalThis.Map<string, unknown[]>();
  for (const member of members) {
    const key = canonical(encode(member));
    const same = written.get(key);
    if (same) same.push(member);
    else written.set(key, [member]);
  }
  return raw.map((value) => {
    const same = written.get(canonical(value));
    return same !== undefined && same.length > 0 ? same.shift() : decode(value, members[0]);
  });
}

/** One of the file's encodings: how it reads a value (by the shape of the spec's) and how it writes one. */
interface Encoding {
  readonly decode: Decode;
  readonly encode: (value: unknown) => Json;
}

/** The members of the spec's set `like`, or the keys of its map; none for any other value. */
function membersOf(like: unknown, keys: boolean): unknown[] {
  if (keys) return isKeyed(like) ? (like as unknown as Collection.Keyed<unknown, unknown>).keySeq().toArray() : [];
  return isSet(like) ? (like as unknown as Collection.Set<unknown>).toArray() : [];
}

/** A map from the file's [key, value] pairs (ITF's `#map`, pika-mc's JSON of a map whose keys are not strings), each part shaped by the spec's map `like`. */
function mapFromPairs(pairs: readonly [Json, Json][], like: unknown, { decode, encode }: Encoding): unknown {
  const keys = membersFrom(
    pairs.map(([k]) => k),
    membersOf(like, true),
    encode,
    decode,
  );
  return mapOf(
    pairs.map(([, v], i) => [keys[i], decode(v, part(like, keys[i]))]),
    like,
  );
}

/** A set from the file's members, each shaped by the spec's set `like`. */
function setFrom(members: readonly Json[], like: unknown, { decode, encode }: Encoding): unknown {
  return setOf(membersFrom(members, membersOf(like, false), encode, decode), like);
}

/** What pika-mc's ITF writes as `#unserializable`: null, undefined, NaN and other numbers that are no integers; any other text stays text. */
function unserializableValue(text: string): unknown {
  if (text === 'null') return null;
  if (text === 'undefined') return undefined;
  if (text === 'NaN') return NaN;
  return Number.isNaN(Number(text)) ? text : Number(text);
}

function fromItf(value: Json, like: unknown): unknown {
  if (Array.isArray(value)) return List(value.map((v, i) => fromItf(v, part(like, i))));
  if (typeof value === 'number' && Number.isInteger(value) && typeof like === 'bigint') return BigInt(value);
  if (!isJsonObject(value)) return value;
  const bigint = value['#bigint'];
  if (typeof bigint === 'string') return INTEGER.test(bigint) ? integer(bigint, like) : bigint;
  const set = value['#set'];
  if (Array.isArray(set)) return setFrom(set, like, ITF);
  const tuple = value['#tup'];
  if (Array.isArray(tuple)) return List(tuple.map((v, i) => fromItf(v, part(like, i))));
  const map = value['#map'];
  if (Array.isArray(map) && map.every(isPair)) return mapFromPairs(map, like, ITF);
  const unserializable = value['#unserializable'];
  if (typeof unserializable === 'string') return unserializableValue(unserializable);
  return record(Object.entries(value).map(([k, v]): [string, unknown] => [k, fromItf(v, part(like, k))]), like);
}

/** pika-mc's JSON writes sets and lists as arrays, records and string-keyed maps as objects, bigints as strings: the spec's value tells them apart. */
function fromJson(value: Json, like: unknown): unknown {
  if (Array.isArray(value)) {
    if (isSet(like)) return setFrom(value, like, JSON_ENCODING);
    if (isMapLike(like) && value.every(isPair)) return mapFromPairs(value, like, JSON_ENCODING);
    return List(value.map((v, i) => fromJson(v, part(like, i))));
  }
  // pika-mc's JSON writes a bigint as a string of digits.
  if (typeof like === 'bigint' && ((typeof value === 'string' && INTEGER.test(value)) || (typeof value === 'number' && Number.isInteger(value)))) return BigInt(value);
  if (!isJsonObject(value)) return value;
  const entries = Object.entries(value).map(([k, v]): [string, unknown] => [k, fromJson(v, part(like, k))]);
  return isMapLike(like) ? mapOf(entries, like) : record(entries, like);
}

const ITF: Encoding = { decode: fromItf, encode: itfValue };
const JSON_ENCODING: Encoding = { decode: fromJson, encode: toJson };

/**
 * A value of a trace file as a value of the spec, so that it prints as every other value does:
 * ITF's `#bigint`, `#set`, `#map` and `#tup` become numbers, sets, maps and tuples; in pika-mc's
 * JSON, which writes sets as arrays, maps as objects and bigints as strings, the spec's own value
 * `like` at the same place tells a set from a list, a map from a record and a bigint from a string.
 * An integer is a bigint where the spec's value is one, and a set or map keeps the file's order
 * where the spec's value is ordered.
 */
export function recordedValue(value: Json, encoding: TraceEncoding, like: unknown): unknown {
  return encoding === 'itf' ? fromItf(value, like) : fromJson(value, like);
}
