import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { is, isRecord, List, Map, OrderedMap, OrderedSet, Record, Set } from 'immutable';
import { formatText, toJson } from '../../cli/render/values.js';
import { recordedValue } from '../../cli/traceValues.js';

const style = { modelValues: new globalThis.Set(['c1', 'c2', 'k1']) };
const text = (value: unknown): string => formatText(value, style);

describe('recordedValue: a value of a trace file as a value of the spec', () => {
  it('ITF: #bigint, #set, #tup and #map become numbers, sets, tuples and maps, whatever the spec holds', () => {
    const itf = { '#map': [['k1', { '#set': [{ '#tup': ['c2', { '#bigint': '1' }] }, { '#tup': ['c1', { '#bigint': '0' }] }] }]] };
    const value = recordedValue(itf, 'itf', undefined);
    assert.ok(is(value, Map([['k1', Set([List(['c1', 0]), List(['c2', 1])])]])));
    assert.equal(text(value), '[k1 ↦ {<<c1, 0>>, <<c2, 1>>}]');
    assert.equal(recordedValue({ '#bigint': '12345678901234567890' }, 'itf', undefined), 12345678901234567890n);
    assert.equal(recordedValue(7, 'itf', undefined), 7);
    assert.equal(text(recordedValue([{ '#bigint': '1' }, { '#bigint': '2' }], 'itf', undefined)), '<<1, 2>>');
  });

  it('ITF: an object is a record, of the spec\'s own type when it has the same fields', () => {
    const Point = Record({ x: 0, y: 0 });
    const value = recordedValue({ y: { '#bigint': '2' }, x: { '#bigint': '1' } }, 'itf', Point({ x: 5, y: 5 }));
    assert.ok(is(value, Point({ x: 1, y: 2 })), 'the spec\'s record type, its field order');
    assert.equal(text(value), '[x: 1, y: 2]');
    const other = recordedValue({ x: { '#bigint': '1' }, z: true }, 'itf', Point({ x: 5, y: 5 }));
    assert.ok(isRecord(other));
    assert.equal(text(other), '[x: 1, z: TRUE]');
  });

  it('JSON: the spec\'s value tells a set from a list and a map from a record', () => {
    assert.equal(text(recordedValue([['c1', 7]], 'json', Set([List(['c1', 0])]))), '{<<c1, 7>>}');
    assert.equal(text(recordedValue([['c1', 7]], 'json', List([List(['c1', 0])]))), '<<<<c1, 7>>>>');
    assert.equal(text(recordedValue({ k1: 5 }, 'json', Map({ k1: 1 }))), '[k1 ↦ 5]');
    assert.equal(text(recordedValue({ k1: 5 }, 'json', Record({ k1: 1 })())), '[k1: 5]');
    assert.equal(text(recordedValue([[1, 'c2'], [0, 'c1']], 'json', Map([[0, 'c1']]))), '[0 ↦ c1, 1 ↦ c2]');
    assert.equal(text(recordedValue(['c2', 'c1'], 'json', OrderedSet(['c1']))), '{c2, c1}', 'an ordered set keeps the file\'s order');
    assert.equal(text(recordedValue({ k1: [1] }, 'json', Map({ k1: Set([0]) }))), '[k1 ↦ {1}]', 'nested shapes follow the spec\'s value');
  });

  it('an integer is a bigint where the spec\'s value is one: JSON writes it as a string, ITF as #bigint', () => {
    assert.equal(recordedValue('6', 'json', 5n), 6n);
    assert.equal(text(recordedValue('6', 'json', 5n)), '6');
    assert.equal(recordedValue(6, 'json', 5n), 6n);
    assert.equal(recordedValue('six', 'json', 5n), 'six', 'text that is no integer stays text');
    assert.equal(recordedValue('6', 'json', 5), '6', 'a string where the spec holds a number stays a string');
    assert.equal(recordedValue({ '#bigint': '6' }, 'itf', 5n), 6n);
    assert.equal(recordedValue({ '#bigint': '9007199254740993' }, 'itf', 1), 9007199254740992, 'a number where the spec holds a number');
  });

  it('ITF: an ordered set or map keeps the file\'s order where the spec\'s value is ordered', () => {
    const set = recordedValue({ '#set': ['c2', 'c1'] }, 'itf', OrderedSet(['c1']));
    assert.ok(is(set, OrderedSet(['c2', 'c1'])));
    assert.equal(text(set), '{c2, c1}');
    const map = recordedValue({ '#map': [['c2', { '#bigint': '1' }], ['c1', { '#bigint': '0' }]] }, 'itf', OrderedMap([['c1', 0]]));
    assert.ok(is(map, OrderedMap([['c2', 1], ['c1', 0]])));
    assert.equal(text(recordedValue({ '#set': ['c2', 'c1'] }, 'itf', Set(['c1']))), '{c1, c2}', 'an unordered set prints sorted');
  });

  it('a field named like a Record method decodes as a map, and nothing is printed', () => {
    const warn = mock.method(console, 'warn', () => undefined);
    try {
      assert.equal(text(recordedValue({ get: 1, merge: 2 }, 'json', undefined)), '["get" ↦ 1, "merge" ↦ 2]');
      assert.equal(warn.mock.callCount(), 0);
    } finally {
      warn.mock.restore();
    }
  });
});

describe('recordedValue reads back what pika-mc writes of values its files cannot tell apart', () => {
  it('ITF: NaN, written as #unserializable, is NaN', () => {
    assert.ok(Number.isNaN(recordedValue({ '#unserializable': 'NaN' }, 'itf', 0) as number));
    assert.equal(recordedValue({ '#unserializable': 'Infinity' }, 'itf', 0), Infinity);
    assert.equal(recordedValue({ '#unserializable': 'not a number' }, 'itf', 0), 'not a number', 'other text stays text');
  });

  it('JSON: a set member or map key written as one of the spec\'s is that value, each taken once', () => {
    const both = Set([null, undefined]);
    assert.ok(is(recordedValue([null, null], 'json', both), both), 'null and undefined, both written null');
    const keyed = Map([[NaN, 'a'], [Infinity, 'b']]);
    assert.ok(is(recordedValue(toJson(keyed), 'json', keyed), keyed), 'NaN and Infinity, both written null');
    const mixed = Set([1, List(['c1', 2]), 'c2']);
    assert.ok(is(recordedValue(toJson(mixed), 'json', mixed), mixed), 'a number, a tuple and a model value in one set');
    assert.equal(text(recordedValue([null, 7, null], 'json', both)), '{7, null, null}', 'a member the spec has nothing like is read as plain JSON');
  });
});
