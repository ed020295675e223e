import { isList, isMap, isOrdered, isRecord, isSet, isStack, List, Map as IMap, OrderedMap, OrderedSet, Record, Set as ISet, Stack } from 'immutable';
import { NotAValueError } from './fingerprint.js';

/** A state written as JSON: primitives as themselves, collections as tagged arrays. */
export type Encoded = null | boolean | number | string | Encoded[];

/** What is known of a Record type: its name and its fields, in order. */
export interface RecordShape {
  readonly name: string;
  readonly keys: readonly string[];
}

type RecordFactory = (values: { [key: string]: unknown }) => unknown;

/**
 * Writes Immutable values as tagged JSON arrays and reads them back: `["L", …]` a List, `["K", …]`
 * a Stack (top first), `["S", …]` a Set, `["M", k, v, …]` a Map, `["OM" …]`/`["OS" …]` the ordered ones, `["R", type, …values]` a
 * Record, whose type is an index into `shapes`. Used for checkpoints, where the queued states must
 * be written to disk and rebuilt in another process, and to hand states over to worker threads.
 */
export class StateCodec {
  readonly shapes: RecordShape[] = [];
  /** The key of each shape (see shapeKey), by number. */
  private readonly keys: string[] = [];
  private readonly shapeIndex = new Map<string, number>();
  private readonly factories = new Map<string, RecordFactory>();

  /**
   * Learns the Record types found inside `value` (only `value`'s own type when not `deep`), so that
   * decoding builds them with their own factory. True when it met a type it did not know.
   */
  learn(value: unknown, deep = true): boolean {
    if (typeof value !== 'object' || value === null) return false;
    let learned = false;
    if (isRecord(value)) {
      const { shape, key } = describe(value);
      if (!this.factories.has(key)) {
        const factory = Object.getPrototypeOf(value).constructor as RecordFactory;
        this.factories.set(key, factory);
        learned = true;
      }
      if (deep) for (const field of shape.keys) learned = this.learn((value as unknown as { get(k: string): unknown }).get(field)) || learned;
      return learned;
    }
    if (deep && (isList(value) || isStack(value) || isSet(value) || isMap(value))) {
      (value as unknown as { forEach(f: (v: unknown, k: unknown) => void): void }).forEach((v, k) => {
        learned = this.learn(v) || learned;
        if (isMap(value)) learned = this.learn(k) || learned;
      });
    }
    return learned;
  }

  /** The number of the type of `record` in `shapes` (added when new), and its fields in order. */
  recordType(record: object): { readonly type: number; readonly keys: readonly string[] } {
    const { shape, key } = describe(record);
    return { type: this.shapeId(shape, key), keys: shape.keys };
  }

  /** Whether the factory of record type number `type` was learned (else decoding makes one with the same name and fields). */
  knows(type: number): boolean {
    const key = this.keys[type];
    return key !== undefined && this.factories.has(key);
  }

  /** A record of type number `type` (in `shapes`) with these field values, in the type's order. */
  record(type: number, values: readonly unknown[]): unknown {
    const shape = this.shapes[type];
    if (shape === undefined) throw new Error(`record type #${type} is unknown`);
    const fields: { [key: string]: unknown } = {};
    shape.keys.forEach((k, i) => {
      fields[k] = values[i];
    });
    return this.factoryFor(shape, this.keys[type] as string)(fields);
  }

  encode(value: unknown): Encoded {
    switch (typeof value) {
      case 'number':
      case 'string':
      case 'boolean':
        return value;
      case 'undefined':
        return ['U'];
      case 'object': {
        if (value === null) return null;
        if (isRecord(value)) {
          const { shape, key } = describe(value);
          const record = value as unknown as { get(k: string): unknown };
          return ['R', this.shapeId(shape, key), ...shape.keys.map((k) => this.encode(record.get(k)))];
        }
        const items: Encoded[] = [];
        if (isList(value) || isStack(value)) {
          (value as unknown as List<unknown>).forEach((v) => {
            items.push(this.encode(v));
          });
          return [isList(value) ? 'L' : 'K', ...items];
        }
        if (isSet(value)) {
          (value as unknown as ISet<unknown>).forEach((v) => {
            items.push(this.encode(v));
          });
          return [isOrdered(value) ? 'OS' : 'S', ...items];
        }
        if (isMap(value)) {
          (value as unknown as IMap<unknown, unknown>).forEach((v, k) => {
            items.push(this.encode(k), this.encode(v));
          });
          return [isOrdered(value) ? 'OM' : 'M', ...items];
        }
        throw new NotAValueError(value);
      }
      default:
        throw new NotAValueError(value);
    }
  }

  decode(encoded: Encoded): unknown {
    if (!Array.isArray(encoded)) return encoded;
    const [tag, ...rest] = encoded;
    switch (tag) {
      case 'U':
        return undefined;
      case 'L':
        return List(rest.map((e) => this.decode(e)));
      case 'K':
        return Stack(rest.map((e) => this.decode(e)));
      case 'S':
        return ISet(rest.map((e) => this.decode(e)));
      case 'OS':
        return OrderedSet(rest.map((e) => this.decode(e)));
      case 'M':
      case 'OM': {
        const pairs: [unknown, unknown][] = [];
        for (let i = 0; i < rest.length; i += 2) pairs.push([this.decode(rest[i] as Encoded), this.decode(rest[i + 1] as Encoded)]);
        return tag === 'M' ? IMap(pairs) : OrderedMap(pairs);
      }
      case 'R': {
        if (this.shapes[rest[0] as number] === undefined) throw new Error(`record type #${String(rest[0])} is not in the checkpoint`);
        return this.record(rest[0] as number, rest.slice(1).map((e) => this.decode(e)));
      }
      default:
        throw new Error(`unknown tag ${JSON.stringify(tag)} in an encoded state`);
    }
  }

  private shapeId(shape: RecordShape, key = shapeKey(shape)): number {
    let id = this.shapeIndex.get(key);
    if (id === undefined) {
      id = this.shapes.length;
      this.shapes.push(shape);
      this.keys.push(key);
      this.shapeIndex.set(key, id);
    }
    return id;
  }

  /** The spec's own factory when it was learned; otherwise one with the same name and fields. */
  private factoryFor(shape: RecordShape, key: string): RecordFactory {
    let factory = this.factories.get(key);
    if (factory === undefined) {
      const defaults: { [key: string]: unknown } = {};
      for (const k of shape.keys) defaults[k] = undefined;
      factory = Record(defaults, shape.name) as unknown as RecordFactory;
      this.factories.set(key, factory);
    }
    return factory;
  }

  /** Declares the shapes of a checkpoint, in order, before decoding its states. */
  useShapes(shapes: readonly RecordShape[]): void {
    shapes.forEach((shape) => this.shapeId(shape));
  }
}

/** The shape of each record type met, and its key, by the type's prototype. */
const described = new WeakMap<object, { readonly shape: RecordShape; readonly key: string }>();

/** The shape of a record and its key (see shapeKey), worked out once per record type. */
function describe(record: object): { readonly shape: RecordShape; readonly key: string } {
  const prototype = Object.getPrototypeOf(record) as object;
  let known = described.get(prototype);
  if (known === undefined) {
    const seq = (record as { toSeq(): { keySeq(): { toArray(): string[] } } }).toSeq();
    const shape = { name: Record.getDescriptiveName(record as never), keys: seq.keySeq().toArray() };
    known = { shape, key: shapeKey(shape) };
    described.set(prototype, known);
  }
  return known;
}

function shapeKey(shape: RecordShape): string {
  return `${shape.name}(${shape.keys.join(',')})`;
}
