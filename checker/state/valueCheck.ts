import { isList, isMap, isRecord, isSet, isStack } from 'immutable';
import { NotAValueError } from './fingerprint.js';
import { recordKeys } from './recordKeys.js';


type Each = { forEach(f: (value: unknown, key: unknown) => unknown): number };

const item = (value: unknown): void => assertValue(value);
const entry = (value: unknown, key: unknown): void => {
  assertValue(key);
  assertValue(value);
};

/**
 * Throws NotAValueError unless `value` is one a state may hold: a primitive, or an Immutable.js
 * record, list, stack, map or set (ordered or not) of such values; exactly what Fingerprinter
 * accepts, checked without hashing.
 */
export function assertValue(value: unknown): void {
  switch (typeof value) {
    case 'number':
    case 'string':
    case 'boolean':
    case 'undefined':
      return;
    case 'object':
      if (value === null) return;
      if (isRecord(value)) {
        const record = value as unknown as { get(k: string): unknown };
        for (const key of recordKeys(value)) assertValue(record.get(key));
        return;
      }
      if (isList(value) || isStack(value) || isSet(value)) {
        (value as unknown as Each).forEach(item);
        return;
      }
      if (isMap(value)) {
        (value as unknown as Each).forEach(entry);
        return;
      }
      throw new NotAValueError(value);
    default:
      throw new NotAValueError(value);
  }
}
