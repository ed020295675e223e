import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { EffectCursor, EffectStore } from '../../../checker/explore/effectStore.js';
import type { Effect } from '../../../checker/explore/effectStore.js';

/** An effect on a record of `fields` fields: some changed fields, their lanes, values and term sums, some of them blind. */
const effect = (fields: number): fc.Arbitrary<Effect> =>
  fc
    .record({
      changed: fc.uniqueArray(fc.nat({ max: fields - 1 }), { maxLength: fields }),
      lanes: fc.array(fc.tuple(fc.integer(), fc.integer()), { minLength: fields, maxLength: fields }),
      terms: fc.tuple(fc.integer(), fc.integer()),
      blindEvery: fc.nat({ max: 3 }),
      choices: fc.array(fc.string(), { maxLength: 2 }),
    })
    .map(({ changed, lanes, terms, blindEvery, choices }) => ({
      changed: Int32Array.from(changed),
      values: changed.map((f) => ({ field: f })),
      a: Int32Array.from(changed.map((f) => lanes[f]![0])),
      b: Int32Array.from(changed.map((f) => lanes[f]![1])),
      terms: { a: terms[0], b: terms[1], blind: Int32Array.from(changed.map((_, j) => j).filter((j) => blindEvery > 0 && j % blindEvery === 0)) },
      choices,
    }));

/** What a reader of an effect sees of it. */
function seen(e: Effect): unknown {
  return { changed: [...e.changed], values: [...e.values], a: [...e.a], b: [...e.b], terms: { a: e.terms.a, b: e.terms.b, blind: [...e.terms.blind] }, choices: [...e.choices] };
}

describe('effect store', () => {
  it('reads back every leaf as kept: fields, values, lanes, term sums, blind indices and choices, past its first array (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(effect(24), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 400 }), (leaves) => {
        const store = new EffectStore();
        const at = leaves.map((effects) => store.add(effects));
        const cursor = new EffectCursor();
        leaves.forEach((effects, k) => {
          const leaf = at[k] as number;
          assert.equal(store.count(leaf), effects.length);
          let next = store.first(leaf);
          for (const kept of effects) {
            next = store.read(next, cursor);
            assert.deepEqual(seen(cursor), seen(kept));
          }
        });
      }),
      { numRuns: 50 },
    );
  });

  it('gives each effect read arrays of its own length, whatever was read before', () => {
    const store = new EffectStore();
    const wide: Effect = { changed: Int32Array.of(0, 1, 2), values: ['x', 'y', 'z'], a: Int32Array.of(1, 2, 3), b: Int32Array.of(4, 5, 6), terms: { a: 7, b: 8, blind: Int32Array.of(1) }, choices: [] };
    const narrow: Effect = { changed: Int32Array.of(5), values: ['w'], a: Int32Array.of(9), b: Int32Array.of(10), terms: { a: 11, b: 12, blind: new Int32Array(0) }, choices: ['c'] };
    const first = store.add([wide]);
    const second = store.add([narrow]);
    const cursor = new EffectCursor();
    store.read(store.first(first), cursor);
    assert.deepEqual(seen(cursor), seen(wide));
    store.read(store.first(second), cursor);
    assert.deepEqual(seen(cursor), seen(narrow));
    store.read(store.first(first), cursor);
    assert.deepEqual(seen(cursor), seen(wide));
  });

  it('forgets every effect on clear', () => {
    const store = new EffectStore();
    store.add([{ changed: Int32Array.of(0), values: [1], a: Int32Array.of(1), b: Int32Array.of(1), terms: { a: 0, b: 0, blind: new Int32Array(0) }, choices: [] }]);
    assert.ok(store.size > 0);
    store.clear();
    assert.equal(store.size, 0);
  });

  it('drops the leaf it kept last, values and choices with it, and keeps the next where it was', () => {
    const store = new EffectStore();
    const one: Effect = { changed: Int32Array.of(0), values: ['a'], a: Int32Array.of(1), b: Int32Array.of(2), terms: { a: 3, b: 4, blind: new Int32Array(0) }, choices: ['x'] };
    const two: Effect = { changed: Int32Array.of(1, 2), values: ['b', 'c'], a: Int32Array.of(5, 6), b: Int32Array.of(7, 8), terms: { a: 9, b: 10, blind: Int32Array.of(0) }, choices: ['y'] };
    const three: Effect = { changed: Int32Array.of(3), values: ['d'], a: Int32Array.of(11), b: Int32Array.of(12), terms: { a: 13, b: 14, blind: new Int32Array(0) }, choices: ['z'] };
    const first = store.add([one]);
    const size = store.size;
    const dropped = store.add([two]);
    store.dropLast(dropped);
    assert.equal(store.size, size);
    const third = store.add([three]);
    assert.equal(third, dropped);
    const cursor = new EffectCursor();
    store.read(store.first(first), cursor);
    assert.deepEqual(seen(cursor), seen(one));
    store.read(store.first(third), cursor);
    assert.deepEqual(seen(cursor), seen(three));
  });
});
