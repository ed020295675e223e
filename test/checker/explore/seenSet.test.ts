import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hash, List, Map as IMap, Record, Set as ISet } from 'immutable';
import { ExactSeenSet, FingerprintSeenSet } from '../../../checker/explore/seenSet.js';
import type { SeenSet } from '../../../checker/explore/seenSet.js';
import { Random } from '../../../checker/simulate/random.js';
import { Fingerprinter } from '../../../checker/state/fingerprint.js';

const P = Record({ x: 0, ys: ISet<number>() });

/** A state from a pool of 500, built afresh each time (equal by value, never the same object). */
function state(i: number): InstanceType<typeof P> {
  return P({ x: i % 50, ys: ISet(Array.from({ length: Math.floor(i / 50) }, (_, k) => k)) });
}

describe('seen sets', () => {
  it('FingerprintSeenSet agrees with a JS Set of fingerprints, and starts small', () => {
    const seen: SeenSet = new FingerprintSeenSet();
    const startBytes = seen.bytes;
    assert.ok(startBytes <= 16 * 1024, `${startBytes} bytes before the first state`);
    assert.equal(seen.exact, false);
    const model = new Set<string>();
    const f = new Fingerprinter();
    const random = new Random('seen');
    for (let step = 0; step < 20_000; step++) {
      const s = state(random.below(500) + 500 * random.below(20));
      f.fingerprint(List([s, step % 3 === 0 ? 1 : random.below(400)]));
      const k = `${f.hi}:${f.lo}`;
      assert.equal(seen.has(f.hi, f.lo, s), model.has(k));
      assert.equal(seen.add(f.hi, f.lo, s), !model.has(k));
      model.add(k);
      assert.equal(seen.size, model.size);
    }
    assert.ok(seen.bytes > startBytes);
    assert.ok(seen.bytes / seen.size <= 15);
  });

  it('ExactSeenSet tells states apart by value alone, whatever fingerprints it is given', () => {
    const seen = new ExactSeenSet();
    assert.equal(seen.exact, true);
    // One fingerprint for every state: an exact set must not trust it.
    for (let i = 0; i < 500; i++) assert.equal(seen.add(1, 1, state(i)), true, `state ${i}`);
    for (let i = 0; i < 500; i++) {
      assert.equal(seen.has(9, 9, state(i)), true);
      assert.equal(seen.add(2, 2, state(i)), false);
    }
    assert.equal(seen.size, 500);
    assert.equal(seen.has(1, 1, state(500)), false);
    assert.equal(seen.bytes, 0);
  });

  it('ExactSeenSet keeps apart states whose Immutable hashes collide', () => {
    assert.equal(hash('Aa'), hash('BB'));
    const seen = new ExactSeenSet();
    assert.equal(seen.add(0, 0, 'Aa'), true);
    assert.equal(seen.add(0, 0, 'BB'), true);
    assert.equal(seen.add(0, 0, 'BB'), false);
    assert.equal(seen.has(0, 0, 'Aa'), true);
    assert.equal(seen.size, 2);
    const a = IMap([['k', 'Aa']]);
    const b = IMap([['k', 'BB']]);
    assert.equal(hash(a), hash(b));
    assert.equal(seen.add(0, 0, a), true);
    assert.equal(seen.add(0, 0, b), true);
    assert.equal(seen.add(0, 0, IMap([['k', 'BB']])), false);
    assert.equal(seen.size, 4);
  });
});
