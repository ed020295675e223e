import { isCollection, isKeyed, isList, isOrdered, isRecord, isSet, List, Map, OrderedMap, OrderedSet, Record, Set } from 'immutable';
import type { Collection } from 'immutable';
import type { Json } from './render/values.js';

/** How a trace file encodes values: pika-mc's JSON, or ITF. */
export type TraceEncoding = 'json' | 'itf';

type Obj = { readonly [key: string]: Json };
const isObject = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
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

function number(text: string): unknown {
  const n = BigInt(text);
  return Number.isSafeInteger(Number(n)) ? Number(n) : n;
}

function fromItf(value: Json, like: unknown): unknown {
  if (Array.isArray(value)) return List(value.map((v, i) => fromItf(v, part(like, i))));
  if (!isObject(value)) return value;
  const bigint = value['#bigint'];
  if (typeof bigint === 'string') return /^-?\d+$/.test(bigint) ? number(bigint) : bigint;
  const set = value['#set'];
  if (Array.isArray(set)) return setOf(set.map((v) => fromItf(v, part(like, null))), like);
  const tuple = value['#tup'];
  if (Array.isArray(tuple)) return List(tuple.map((v, i) => fromItf(v, part(like, i))));
  const map = value['#map'];
  if (Array.isArray(map) && map.every(isPair)) {
    return mapOf(
      map.map(([k, v]) => {
        const key = fromItf(k, firstKey(like));
        return [key, fromItf(v, part(like, key))];
      }),
      like,
    );
  }
  const unserializable = value['#unserializable'];
  if (typeof unserializable === 'string') return unserializable === 'null' ? null : unserializable === 'undefined' ? undefined : Number.isNaN(Number(unserializable)) ? unserializable : Number(unserializable);
  return record(Object.entries(value).map(([k, v]): [string, unknown] => [k, fromItf(v, part(like, k))]), like);
}

/** pika-mc's JSON writes sets and lists as arrays, records and string-keyed maps as objects: the spec's value tells them apart. */
function fromJson(value: Json, like: unknown): unknown {
  if (Array.isArray(value)) {
    if (isSet(like)) return setOf(value.map((v) => fromJson(v, part(like, null))), like);
    if (isMapLike(like) && value.every(isPair)) {
      return mapOf(
        value.map(([k, v]) => {
          const key = fromJson(k, firstKey(like));
          return [key, fromJson(v, part(like, key))];
        }),
        like,
      );
    }
    return List(value.map((v, i) => fromJson(v, part(like, i))));
  }
  if (!isObject(value)) return value;
  const entries = Object.entries(value).map(([k, v]): [string, unknown] => [k, fromJson(v, part(like, k))]);
  return isMapLike(like) ? mapOf(entries, like) : record(entries, like);
}

/**
 * A value of a trace file as a value of the spec, so that it prints as every other value does:
 * ITF's `#bigint`, `#set`, `#map` and `#tup` become numbers, sets, maps and tuples; in pika-mc's
 * JSON, which writes sets as arrays and maps as objects, the spec's own value `like` at the same
 * place tells a set from a list and a map from a record.
 */
export function recordedValue(value: Json, encoding: TraceEncoding, like: unknown): unknown {
  return encoding === 'itf' ? fromItf(value, like) : fromJson(value, like);
}
