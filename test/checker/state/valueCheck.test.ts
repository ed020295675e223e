import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { List, Map as IMap, OrderedMap, Record, Seq, Set as ISet, Stack } from 'immutable';
import { Fingerprinter } from '../../../checker/state/fingerprint.js';
import { assertValue } from '../../../checker/state/valueCheck.js';
import { VALUES } from './values.js';

/** What fingerprinting `value` throws, or undefined. */
function thrown(check: () => void): Error | undefined {
  try {
    check();
    return undefined;
  } catch (cause) {
    return cause as Error;
  }
}

const Holder = Record({ v: null as unknown }, 'Holder');

const NOT_VALUES: [string, unknown][] = [
  ['a plain object', {}],
  ['a plain array', [1]],
  ['a Date', new Date(0)],
  ['a function', () => 1],
  ['a symbol', Symbol('s')],
  ['a bigint', 1n],
  ['a Seq', Seq([1])],
  ['an array in a List', List([[1]])],
  ['a plain object as a Map key', IMap([[{}, 1]])],
  ['an array as a Map value', IMap([['k', [1]]])],
  ['an array in an OrderedMap', OrderedMap([['k', [1]]])],
  ['an object in a Set', ISet([{ a: 1 }])],
  ['an object in a Stack', Stack([{ a: 1 }])],
  ['an array in a Record', Holder({ v: [1, 2] })],
  ['an array deep inside', Holder({ v: IMap({ a: List([Holder({ v: [] })]) }) })],
];

describe('assertValue', () => {
  it('accepts every value a state may hold, as the fingerprinter does', () => {
    for (const [name, value] of VALUES) {
      assert.equal(thrown(() => new Fingerprinter().fingerprint(value)), undefined, name);
      assert.equal(thrown(() => assertValue(value)), undefined, name);
    }
  });

  it('refuses what the fingerprinter refuses, with the same error', () => {
    for (const [name, value] of NOT_VALUES) {
      const fingerprinted = thrown(() => new Fingerprinter().fingerprint(value));
      const checked = thrown(() => assertValue(value));
      assert.ok(fingerprinted !== undefined && checked !== undefined, name);
      assert.equal(checked.name, 'NotAValueError', name);
      assert.equal(checked.message, fingerprinted.message, name);
    }
  });
});
