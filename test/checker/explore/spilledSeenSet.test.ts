import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SpilledSeenSet } from '../../../checker/explore/spilledSeenSet.js';
import { Insert } from '../../../checker/explore/types.js';
import { Random } from '../../../checker/simulate/random.js';

const root = mkdtempSync(join(tmpdir(), 'pika-mc-spilled-seen-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('SpilledSeenSet', () => {
  it('adds in memory until its budget, then defers what memory does not hold and resolves it against the file', () => {
    const dir = mkdtempSync(join(root, 'set-'));
    const set = new SpilledSeenSet(dir, 8);
    // Budget 8: 2 deferred at most, merged at 6.
    assert.equal(set.deferLimit, 2);
    for (let i = 1; i <= 6; i++) assert.equal(set.insert(i, 100), Insert.Added);
    assert.equal(set.onDisk, 6);
    assert.equal(set.insert(3, 100), Insert.Deferred);
    assert.equal(set.insert(7, 100), Insert.Deferred);
    assert.equal(set.insert(7, 100), Insert.Present);
    assert.equal(set.size, 8, 'counted before they are resolved');
    const words = Uint32Array.of(3, 100, 7, 100);
    assert.deepEqual([...set.resolve(words, 2)], [0, 1]);
    assert.equal(set.size, 7);
    assert.equal(set.has(3, 100), true);
    assert.equal(set.has(9, 100), false);
    assert.equal(set.add(2, 100), false, 'add looks in the file');
    assert.equal(set.add(9, 100), true);
    const all: number[] = [];
    set.forEachWords(4, (w) => all.push(...Array.from(w).filter((_, i) => i % 2 === 0)));
    assert.deepEqual(all, [1, 2, 3, 4, 5, 6, 7, 9]);
    set.remove();
    assert.deepEqual(readdirSync(dir), []);
  });

  it('agrees with a JS Set on random sequences, resolving when the loop would', () => {
    for (const seed of ['a', 'b', 'c']) {
      const random = new Random(seed);
      const set = new SpilledSeenSet(mkdtempSync(join(root, 'random-')), 50 + random.below(200));
      const seen = new Set<number>();
      let deferred: number[] = [];
      const settle = (): void => {
        const words = Uint32Array.from(deferred.flatMap((k) => [k >>> 12, k & 0xfff]));
        const fresh = set.resolve(words, deferred.length);
        deferred.forEach((k, i) => {
          assert.equal(fresh[i], seen.has(k) ? 0 : 1, `${seed}: ${k}`);
          seen.add(k);
        });
        deferred = [];
      };
      for (let step = 0; step < 20000; step++) {
        const k = 1 + random.below(5000);
        const answer = set.insert(k >>> 12, k & 0xfff);
        const pending = deferred.includes(k);
        if (answer === Insert.Present) assert.ok(seen.has(k) || pending, `${seed}: ${k} present`);
        else if (answer === Insert.Added) {
          assert.ok(!seen.has(k), `${seed}: ${k} added`);
          seen.add(k);
        } else {
          assert.equal(answer, Insert.Deferred);
          deferred.push(k);
          if (deferred.length >= set.deferLimit) settle();
        }
      }
      settle();
      assert.equal(set.size, seen.size);
      assert.ok(set.onDisk > set.budget, `${seed}: ${set.onDisk} on disk`);
      set.remove();
    }
  });
});
