import { isCollection, isKeyed, isList, isOrdered, isRecord, isSet, List, Map, OrderedMap, OrderedSet, Record, Set } from 'immutable';
import type { Collection } from 'immutable';
import { isJsonObject } from './json.js';
import type { Json } from './render/values.js';

/** How a trace file encodes values: pika-mc's JSON, or ITF. */
export type TraceEncoding = 'json' | 'itf';

const INTEGER = /^-?\d+$/;
const isPair = (v: Json): v is [Json, Json] => Array.isArray(v) && v.length === 2;

/** A map of the spec's, told from a record (both are keyed). */
const isMapLike = (v: unknown): boolean => isKeyed(v) && !isRecord(v);

/** The first key of a map of the spec's: the shape to decode a key of the file by. */
function firstKey(like: unknown): unknown {
  return isKeyed(like) ? (like as unknown as Collection.Keyed<unknown, unknown>).keySeq().first() : undefined;
}

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

/** A map from the file's [key, value] pairs (ITF's `#map`, pika-mc's JSON of a map whose keys are not strings), each part shaped by the spec's map `like`. */
function mapFromPairs(pairs: readonly [Json, Json][], like: unknown, decode: (value: Json, like: unknown) => unknown): unknown {
  return mapOf(
    pairs.map(([k, v]) => {
      const key = decode(k, firstKey(like));
      return [key, decode(v, part(like, key))];
    }),
    like,
  );
}

function fromItf(value: Json, like: unknown): unknown {
  if (Array.isArray(value)) return List(value.map((v, i) => fromItf(v, part(like, i))));
  if (typeof value === 'number' && Number.isInteger(value) && typeof like === 'bigint') return BigInt(value);
  if (!isJsonObject(value)) return value;
  const bigint = value['#bigint'];
  if (typeof bigint === 'string') return INTEGER.test(bigint) ? integer(bigint, like) : bigint;
  const set = value['#set'];
  if (Array.isArray(set)) return setOf(set.map((v) => fromItf(v, part(like, null))), like);
  const tuple = value['#tup'];
  if (Array.isArray(tuple)) return List(tuple.map((v, i) => fromItf(v, part(like, i))));
  const map = value['#map'];
  if (Array.isArray(map) && map.every(isPair)) return mapFromPairs(map, like, fromItf);
  const unserializable = value['#unserializable'];
  if (typeof unserializable === 'string') return unserializable === 'null' ? null : unserializable === 'undefined' ? undefined : Number.isNaN(Number(unserializable)) ? unserializable : Number(unserializable);
  return record(Object.entries(value).map(([k, v]): [string, unknown] => [k, fromItf(v, part(like, k))]), like);
}

/** pika-mc's JSON writes sets and lists as arrays, records and string-keyed maps as objects, bigints as strings: the spec's value tells them apart. */
function fromJson(value: Json, like: unknown): unknown {
  if (Array.isArray(value)) {
    if (isSet(like)) return setOf(value.map((v) => fromJson(v, part(like, null))), like);
    if (isMapLike(like) && value.every(isPair)) return mapFromPairs(value, like, fromJson);
    return List(value.map((v, i) => fromJson(v, part(like, i))));
  }
  // pika-mc's JSON writes a bigint as a string of digits.
  if (typeof like === 'bigint' && ((typeof value === 'string' && INTEGER.test(value)) || (typeof value === 'number' && Number.isInteger(value)))) return BigInt(value);
  if (!isJsonObject(value)) return value;
  const entries = Object.entries(value).map(([k, v]): [string, unknown] => [k, fromJson(v, part(like, k))]);
  return isMapLike(like) ? mapOf(entries, like) : record(entries, like);
}

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
