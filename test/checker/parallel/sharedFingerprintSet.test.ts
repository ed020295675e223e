import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { InternalError } from '../../../checker/errors.js';
import { Insert, SharedFingerprintSet } from '../../../checker/parallel/sharedFingerprintSet.js';

type Fingerprint = readonly [hi: number, lo: number];

/** A set of `capacity` slots holding `fingerprints`, added as the workers add them. */
function setOf(capacity: number, fingerprints: readonly Fingerprint[]): SharedFingerprintSet {
  const set = SharedFingerprintSet.create(capacity);
  set.allow(Infinity);
  for (const [hi, lo] of fingerprints) set.insert(hi, lo);
  set.count(set.added);
  return set;
}

/** `set` copied into one of `capacity` slots as the parallel engine grows it: `parts` parts, then what they left over. */
function grown(set: SharedFingerprintSet, capacity: number, parts: number): SharedFingerprintSet {
  const bigger = SharedFingerprintSet.create(capacity);
  const spilled = Array.from({ length: parts }, (_, part) => set.copyPart(bigger, part, parts));
  for (const left of spilled) bigger.placeAll(left);
  bigger.count(set.size);
  return bigger;
}

/** The fingerprints a set's slots hold, sorted. */
function held(set: SharedFingerprintSet): string[] {
  const words = new Uint32Array(set.buffers.slots);
  const out: string[] = [];
  for (let i = 0; i < words.length; i += 2) if (words[i] !== 0) out.push(`${words[i]}:${words[i + 1]}`);
  return out.sort();
}

const key = ([hi, lo]: Fingerprint): string => `${hi}:${lo}`;

describe('shared fingerprint set: growing by parts', () => {
  // Low words bunched at the end of the range (their run goes on at the table's beginning) and on
  // the boundaries of the parts (where a probe runs into the next part), with random ones between.
  const bunched: Fingerprint[] = [];
  for (let i = 0; i < 3000; i++) bunched.push([i + 1, 4294967295 - (i % 40)]);
  for (let i = 0; i < 3000; i++) bunched.push([i + 5001, Math.floor(4294967296 / 3) + (i % 25)]);
  for (let i = 0; i < 3000; i++) bunched.push([i + 9001, 2147483648 + (i % 30)]);
  let x = 7;
  for (let i = 0; i < 20000; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    bunched.push([i + 20001, x || 1]);
  }
  const unique = [...new Map(bunched.map((f) => [key(f), f])).values()];

  for (const parts of [1, 2, 3]) {
    it(`holds the same fingerprints, each found, after a copy in ${parts} part(s)`, () => {
      const set = setOf(40000, unique);
      const bigger = grown(set, 60000, parts);
      assert.deepEqual(held(bigger), unique.map(key).sort());
      assert.deepEqual(unique.filter(([hi, lo]) => !bigger.has(hi, lo)), []);
      assert.equal(bigger.size, unique.length);
      bigger.allow(Infinity);
      assert.deepEqual(unique.filter(([hi, lo]) => bigger.insert(hi, lo) !== Insert.Present), []);
      assert.equal(bigger.has(123456789, 987654321), false);
    });
  }

  it('holds the same fingerprints for any fingerprints, capacities and parts', () => {
    const fingerprint = fc.tuple(fc.integer({ min: 1, max: 0xffffffff }), fc.oneof(fc.integer({ min: 1, max: 0xffffffff }), fc.integer({ min: 0xfffffff0, max: 0xffffffff }), fc.integer({ min: 1, max: 16 })));
    fc.assert(
      fc.property(fc.uniqueArray(fingerprint, { selector: key, maxLength: 50 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 40 }), (fingerprints, parts, extra) => {
        const capacity = Math.ceil(fingerprints.length / 0.9) + 1;
        const bigger = grown(setOf(capacity, fingerprints), capacity + 1 + extra, parts);
        assert.deepEqual(held(bigger), fingerprints.map(key).sort());
        assert.deepEqual(fingerprints.filter(([hi, lo]) => !bigger.has(hi, lo)), []);
      }),
      { numRuns: 500 },
    );
  });
});

describe('shared fingerprint set: a full table', () => {
  // 16 slots (the least a set has), every one taken, with room to add more.
  const all: Fingerprint[] = Array.from({ length: 16 }, (_, i) => [i + 1, (i * 268435456 + 7) >>> 0 || 1]);

  it('says Full to a new fingerprint, and finds or misses the others, without going round the table twice', () => {
    const set = SharedFingerprintSet.create(16);
    set.allow(Infinity);
    assert.deepEqual(all.map(([hi, lo]) => set.insert(hi, lo)), all.map(() => Insert.Added));
    assert.equal(set.insert(999, 12345), Insert.Full);
    assert.equal(set.insert(999, 4294967295), Insert.Full);
    assert.equal(set.has(999, 12345), false);
    assert.deepEqual(all.filter(([hi, lo]) => !set.has(hi, lo) || set.insert(hi, lo) !== Insert.Present), []);
  });

  it('refuses, as a bug, to place a fingerprint alone in a full table', () => {
    const set = SharedFingerprintSet.create(16);
    for (const [hi, lo] of all) assert.equal(set.addAlone(hi, lo), true);
    assert.equal(set.addAlone(1, all[0]![1]), false);
    assert.throws(() => set.addAlone(999, 12345), (error: unknown) => error instanceof InternalError && /full/.test(error.message));
  });
});
