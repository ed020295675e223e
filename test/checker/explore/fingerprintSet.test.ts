import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FingerprintSet, homeSlot } from '../../../checker/explore/fingerprintSet.js';
import { Random } from '../../../checker/simulate/random.js';

const key = (hi: number, lo: number): string => `${hi >>> 0}:${lo >>> 0}`;

/**
 * A fingerprint from a pool small enough for repeats: some share their low word (one home slot),
 * some have a low word near 2^32 (a home slot at the end of the table, so probing wraps around),
 * some have a zero word.
 */
function draw(random: Random, pool: number): [number, number] {
  const i = random.below(pool);
  switch (i % 4) {
    case 0:
      return [i + 1, 12345];
    case 1:
      return [i + 1, 0xffffffff - (i % 7)];
    case 2:
      return i % 8 === 2 ? [0, i + 1] : [i + 1, 0];
    default:
      return [(Math.imul(i, 0x9e3779b1) >>> 0) || 1, Math.imul(i, 0x85ebca6b) >>> 0 || 1];
  }
}

describe('FingerprintSet', () => {
  it('agrees with a JS Set on random sequences of adds and lookups, across growth', () => {
    for (const seed of ['a', 'b', 'c']) {
      const random = new Random(seed);
      const set = new FingerprintSet(16);
      const model = new Set<string>();
      for (let step = 0; step < 20_000; step++) {
        const [hi, lo] = draw(random, 6000);
        if (random.below(3) === 0) {
          assert.equal(set.has(hi, lo), model.has(key(hi, lo)), `step ${step}: has(${hi}, ${lo})`);
        } else {
          assert.equal(set.add(hi, lo), !model.has(key(hi, lo)), `step ${step}: add(${hi}, ${lo})`);
          model.add(key(hi, lo));
        }
        assert.equal(set.size, model.size);
      }
      for (let i = 0; i < 6000; i++) {
        const [hi, lo] = draw(new Random(`${seed}/${i}`), 6000);
        assert.equal(set.has(hi, lo), model.has(key(hi, lo)));
      }
      const words = set.toWords();
      const listed = new Set<string>();
      for (let i = 0; i < words.length; i += 2) listed.add(key(words[i] as number, words[i + 1] as number));
      assert.equal(words.length, 2 * model.size);
      assert.deepEqual([...listed].sort(), [...model].sort());
    }
  });

  it('keeps fingerprints with a zero word apart from empty slots, through growth', () => {
    const set = new FingerprintSet(16);
    assert.equal(set.add(0, 7), true);
    assert.equal(set.add(7, 0), true);
    assert.equal(set.has(0, 7), true);
    assert.equal(set.has(7, 0), true);
    assert.equal(set.has(0, 8), false);
    for (let i = 1; i <= 1000; i++) set.add(i, i);
    assert.equal(set.add(0, 7), false);
    assert.equal(set.add(7, 0), false);
    assert.equal(set.size, 1002);
  });

  it('takes between 10 and 15 bytes a fingerprint once past its first table', () => {
    const set = new FingerprintSet(1 << 10);
    const random = new Random('bytes');
    let grew = 0;
    let bytes = set.bytes;
    for (let n = 1; n <= 200_000; n++) {
      set.add(random.uint32() || 1, random.uint32() || 1);
      if (set.bytes !== bytes) {
        grew++;
        bytes = set.bytes;
      }
      if (n > 1000) {
        const perState = set.bytes / set.size;
        assert.ok(perState >= 10 && perState < 15.01, `${perState.toFixed(2)} bytes a state at ${n}`);
      }
    }
    assert.equal(set.size, 200_000);
    assert.ok(grew >= 8, `grew only ${grew} times`);
  });

  it('hands out every fingerprint in chunks of at most the size asked', () => {
    const set = new FingerprintSet(16);
    for (let i = 1; i <= 1000; i++) set.add(i, 3 * i);
    const chunks: number[] = [];
    const seen = new Set<string>();
    set.forEachWords(64, (words) => {
      chunks.push(words.length / 2);
      for (let i = 0; i < words.length; i += 2) seen.add(key(words[i] as number, words[i + 1] as number));
    });
    assert.ok(chunks.every((c) => c > 0 && c <= 64));
    assert.equal(chunks.reduce((a, b) => a + b, 0), 1000);
    assert.equal(seen.size, 1000);
    assert.ok(seen.has(key(1000, 3000)));
  });

  it('homes a fingerprint in the table whatever its low word', () => {
    for (const capacity of [16, 1000, 1 << 20, 3 * (1 << 20) + 7]) {
      for (const lo of [0, 1, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, -1, -(2 ** 31)]) {
        const slot = homeSlot(lo, capacity);
        assert.ok(Number.isInteger(slot) && slot >= 0 && slot < capacity, `homeSlot(${lo}, ${capacity}) = ${slot}`);
      }
      assert.equal(homeSlot(0, capacity), 0);
      assert.equal(homeSlot(0xffffffff, capacity), capacity - 1);
    }
  });
});
