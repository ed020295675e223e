import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FingerprintFile, sortedOrder } from '../../../checker/explore/fingerprintFile.js';
import { Random } from '../../../checker/simulate/random.js';

const dir = mkdtempSync(join(tmpdir(), 'pika-mc-fingerprint-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** `n` distinct fingerprints as (hi, lo) words: some with a word at or past 2^31, some sharing their high word. */
function fingerprints(random: Random, n: number, taken = new Set<bigint>()): Uint32Array {
  const words = new Uint32Array(2 * n);
  for (let i = 0; i < n; ) {
    const hi = random.below(4) === 0 ? 0x80000000 + random.below(3) : random.below(0x100000000);
    const lo = random.below(0x100000000);
    const key = (BigInt(hi) << 32n) | BigInt(lo);
    if (taken.has(key)) continue;
    taken.add(key);
    words[2 * i] = hi;
    words[2 * i + 1] = lo;
    i++;
  }
  return words;
}

const keyOf = (words: Uint32Array, i: number): bigint => (BigInt(words[2 * i] as number) << 32n) | BigInt(words[2 * i + 1] as number);

function contents(file: FingerprintFile): bigint[] {
  const out: bigint[] = [];
  file.forEachWords((words) => {
    for (let i = 0; i < words.length / 2; i++) out.push(keyOf(words, i));
  });
  return out;
}

describe('sortedOrder', () => {
  it('orders fingerprints by high word then low word, unsigned, by comparison (few) and by radix (many)', () => {
    const random = new Random('order');
    for (const n of [0, 1, 7, 300, 5000, 70000]) {
      const words = fingerprints(random, n);
      const order = sortedOrder(words, n);
      const expected = Array.from({ length: n }, (_, i) => keyOf(words, i)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      assert.deepEqual(Array.from(order, (i) => keyOf(words, i)), expected, `${n} fingerprints`);
    }
  });
});

describe('FingerprintFile', () => {
  it('merges batches into one sorted file of each fingerprint once, and finds exactly those it holds', () => {
    const random = new Random('merge');
    const taken = new Set<bigint>();
    let file = FingerprintFile.empty(join(dir, 'f-0'));
    const held: bigint[] = [];
    for (let round = 1; round <= 4; round++) {
      const batch = fingerprints(random, round * 12000, taken);
      // Half of an earlier batch again: merged once.
      const again = held.slice(0, 1000);
      const words = new Uint32Array(batch.length + 2 * again.length);
      words.set(batch);
      again.forEach((key, i) => {
        words[batch.length + 2 * i] = Number(key >> 32n);
        words[batch.length + 2 * i + 1] = Number(key & 0xffffffffn);
      });
      const n = words.length / 2;
      // Before the merge: the file holds the repeated ones, not the new ones.
      const found = new Uint8Array(n);
      assert.equal(file.lookUp(words, sortedOrder(words, n), found), again.length);
      for (let i = 0; i < n; i++) assert.equal(found[i], i >= batch.length / 2 ? 1 : 0);
      file = file.merge(join(dir, `f-${round}`), words, sortedOrder(words, n));
      for (let i = 0; i < batch.length / 2; i++) held.push(keyOf(batch, i));
      held.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      assert.equal(file.count, held.length);
      assert.deepEqual(contents(file), held);
    }
    for (const key of held.slice(0, 50)) assert.equal(file.has(Number(key >> 32n), Number(key & 0xffffffffn)), true);
    const absent = fingerprints(random, 50, new Set(taken));
    for (let i = 0; i < 50; i++) assert.equal(file.has(absent[2 * i] as number, absent[2 * i + 1] as number), false);
    file.remove();
  });
});
