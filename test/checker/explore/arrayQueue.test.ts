import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Record } from 'immutable';
import { ArrayQueue } from '../../../checker/explore/arrayQueue.js';
import { BoundedSeenSet, ExactSeenSet } from '../../../checker/explore/seenSet.js';
import { NumbersByFingerprint, NumbersByValue } from '../../../checker/explore/stateNumbers.js';
import { Insert } from '../../../checker/explore/types.js';

const Point = Record({ x: 0, y: 0 }, 'Point');

describe('the plain parts of the loop', () => {
  it('ArrayQueue gives back each state as it was queued, with its number, until it is truncated or cleared', () => {
    const queue = new ArrayQueue<ReturnType<typeof Point>>();
    const states = [Point({ x: 1 }), Point({ y: 2 }), Point({ x: 3, y: 3 })];
    states.forEach((s, i) => queue.push(s, 10 + i));
    assert.equal(queue.length, 3);
    for (let i = 2; i >= 0; i--) {
      assert.equal(queue.read(i), undefined);
      assert.equal(queue.built(), states[i]);
      assert.equal(queue.sameType(), states[i]);
      assert.equal(queue.id(i), 10 + i);
    }
    queue.truncate(1);
    assert.equal(queue.length, 1);
    queue.push(states[2] as ReturnType<typeof Point>, 7);
    assert.equal(queue.id(1), 7);
    queue.clear();
    assert.equal(queue.length, 0);
  });

  it('BoundedSeenSet adds a state once, and is at its limit once it holds that many', () => {
    const seen = new BoundedSeenSet(new ExactSeenSet(), 2);
    assert.equal(seen.insert(1, 1, Point({ x: 1 })), Insert.Added);
    assert.equal(seen.insert(9, 9, Point({ x: 1 })), Insert.Present);
    assert.equal(seen.atLimit(), false);
    assert.equal(seen.insert(2, 2, Point({ x: 2 })), Insert.Added);
    assert.equal(seen.atLimit(), true);
    assert.equal(seen.has(0, 0, Point({ x: 2 })), true);
    assert.equal(seen.has(0, 0, Point({ x: 3 })), false);
  });

  it('state numbers are found again by fingerprint, or by value', () => {
    const byFingerprint = new NumbersByFingerprint();
    const byValue = new NumbersByValue();
    byFingerprint.set(5, 6, () => Point(), 3);
    byValue.set(0, 0, () => Point({ x: 1 }), 4);
    assert.equal(byFingerprint.get(5, 6), 3);
    assert.equal(byFingerprint.get(5, 7), -1);
    assert.equal(byValue.get(0, 0, () => Point({ x: 1 })), 4);
    assert.equal(byValue.get(0, 0, () => Point({ x: 2 })), -1);
  });
});
