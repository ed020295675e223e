import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { List, Map as IMap, Record, Set as ISet, Stack } from 'immutable';
import { Random } from '../../../checker/simulate/random.js';
import { Fingerprinter } from '../../../checker/state/fingerprint.js';
import { sameValue, ValueTable } from '../../../checker/state/valueTable.js';

/** The two hash lanes of `value`, as the fingerprinter computes them. */
function lanes(value: unknown): [number, number] {
  const f = new Fingerprinter();
  const a = f.hash(value);
  return [a, f.laneB];
}

function intern(table: ValueTable, value: unknown): number {
  const [a, b] = lanes(value);
  return table.intern(value, a, b);
}

const A = Record({ x: 0 });
const B = Record({ x: 0 });

describe('ValueTable', () => {
  it('numbers values 0, 1, 2, … in the order first met, and keeps the first object of each', () => {
    const random = new Random('values');
    for (const exact of [false, true]) {
      const table = new ValueTable(exact);
      const model = new Map<string, { id: number; value: unknown }>();
      for (let step = 0; step < 20_000; step++) {
        const n = random.below(3000);
        // Built afresh: equal by value to the earlier ones, never the same object.
        const value = n % 3 === 0 ? n : n % 3 === 1 ? `s${n}` : List([n, ISet([n % 7])]);
        const k = typeof value === 'object' ? `L${n}` : typeof value + n;
        const id = intern(table, value);
        const known = model.get(k);
        if (known === undefined) {
          assert.equal(id, model.size, `a new value gets the next number (step ${step})`);
          model.set(k, { id, value });
        } else {
          assert.equal(id, known.id, `step ${step}: ${String(value)}`);
        }
        assert.equal(table.size, model.size);
      }
      for (const { id, value } of model.values()) {
        assert.equal(table.value(id), value, 'the first object interned is the canonical one');
        const [a, b] = lanes(value);
        assert.equal(table.laneA(id), a);
        assert.equal(table.laneB(id), b);
        assert.equal(table.find(a, b), exact ? -1 : id);
      }
    }
  });

  it('takes values with equal lanes as one, unless their kind or record type differs', () => {
    const table = new ValueTable();
    assert.equal(table.intern(List([1]), 5, 6), 0);
    assert.equal(table.intern(List([2]), 5, 6), 0, 'equal lanes: the same value, as for the seen set');
    assert.equal(table.intern('x', 5, 6), 1, 'a string is not a List');
    assert.equal(table.intern(7, 5, 6), 2);
    assert.equal(table.intern(A({ x: 1 }), 5, 6), 3);
    assert.equal(table.intern(B({ x: 1 }), 5, 6), 4, 'another record type');
    assert.equal(table.intern(A({ x: 2 }), 5, 6), 3);
    assert.equal(table.intern(null, 5, 6), 5);
    assert.equal(table.intern(undefined, 5, 6), 6);
  });

  it('in exact mode, tells values apart by value even when their lanes are equal', () => {
    const table = new ValueTable(true);
    assert.equal(table.intern(List([1]), 5, 6), 0);
    assert.equal(table.intern(List([2]), 5, 6), 1);
    assert.equal(table.intern(List([1]), 5, 6), 0);
    assert.equal(table.intern(0, 5, 6), 2);
    assert.equal(table.intern(-0, 5, 6), 3, '-0 stays apart from 0');
    assert.equal(table.intern(NaN, 5, 6), 4);
    assert.equal(table.intern(NaN, 5, 6), 4);
    assert.equal(table.find(5, 6), -1, 'lanes do not decide in exact mode');
  });

  it('keeps what `keep` makes of a new value', () => {
    const kept: unknown[] = [];
    // An equal value of its own (as the canonicalizer gives, sharing parts with values met before).
    const table = new ValueTable(false, (value) => {
      const copy = List((value as List<number>).toArray());
      kept.push(copy);
      return copy;
    });
    const first = List([1, 2]);
    const id = intern(table, first);
    assert.equal(table.value(id), kept[0]);
    assert.notEqual(table.value(id), first);
    assert.equal(intern(table, List([1, 2])), id);
    assert.equal(kept.length, 1, 'only new values are kept');
  });

  it('forgets every value on clear, and numbers from 0 again', () => {
    const table = new ValueTable();
    for (let i = 0; i < 1000; i++) intern(table, i);
    table.clear();
    assert.equal(table.size, 0);
    const [a, b] = lanes(5);
    assert.equal(table.find(a, b), -1);
    assert.equal(intern(table, 'first'), 0);
    assert.equal(intern(table, 5), 1);
  });
});

describe('sameValue', () => {
  it('is Immutable equality within one type, and Object.is for primitives', () => {
    assert.equal(sameValue(IMap({ a: ISet([1, 2]) }), IMap({ a: ISet([2, 1]) })), true);
    assert.equal(sameValue(A({ x: 1 }), A({ x: 1 })), true);
    assert.equal(sameValue(A({ x: 1 }), B({ x: 1 })), false);
    assert.equal(sameValue(List([1]), Stack([1])), false);
    assert.equal(sameValue(0, -0), false);
    assert.equal(sameValue(NaN, NaN), true);
    assert.equal(sameValue('1', 1), false);
    assert.equal(sameValue(null, undefined), false);
  });
});
