import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { List, Map as IMap, Set as ISet } from 'immutable';
import { Fingerprinter, NotAValueError } from '../../../checker/state/fingerprint.js';
import { RenamedLanes } from '../../../checker/state/renamedLanes.js';

const RENAMINGS = [new Map([['c1', 'c2'], ['c2', 'c1']]), new Map([['c1', '*']]), new Map<string, string>()];

/** Values naming c1 and c2 in every kind of place. */
function values(count: number): unknown[] {
  return Array.from({ length: count }, (_, i) => {
    switch (i % 4) {
      case 0:
        return IMap([['c1', i], ['c2', i + 1]]);
      case 1:
        return ISet(['c1', `x${i}`]);
      case 2:
        return List(['c2', i]);
      default:
        return i % 8 === 3 ? 'c1' : i;
    }
  });
}

function ownLanes(value: unknown): [number, number] {
  const fp = new Fingerprinter();
  return [fp.hash(value), fp.laneB];
}

describe('RenamedLanes', () => {
  it('gives the lanes of each value under every renaming, as a fingerprinter of that renaming hashes it, through its growth', () => {
    const table = new RenamedLanes(RENAMINGS.map((rename) => new Fingerprinter(rename)));
    const all = values(5000);
    for (let round = 0; round < 2; round++) {
      for (const value of all) {
        const [a, b] = ownLanes(value);
        const at = table.find(value, a, b);
        RENAMINGS.forEach((rename, r) => {
          const fp = new Fingerprinter(rename);
          const laneA = fp.hash(value);
          assert.deepEqual([table.lanes[at + 2 * r], table.lanes[at + 2 * r + 1]], [laneA, fp.laneB]);
        });
      }
    }
    assert.equal(table.size, new Set(all.map((value) => ownLanes(value).join(':'))).size);
  });

  it('finds a value by its own lanes alone: the value given again is not hashed', () => {
    const table = new RenamedLanes([new Fingerprinter(RENAMINGS[0])]);
    const value = IMap([['c1', 1]]);
    const [a, b] = ownLanes(value);
    const at = table.find(value, a, b);
    // A plain array is not a value: found by the lanes, it is never hashed.
    assert.equal(table.find([1, 2], a, b), at);
    assert.equal(table.size, 1);
  });

  it('keeps nothing of a value that does not hash', () => {
    const table = new RenamedLanes([new Fingerprinter()]);
    assert.throws(() => table.find([1, 2], 7, 9), NotAValueError);
    assert.equal(table.size, 0);
    const at = table.find('c1', 7, 9);
    assert.deepEqual([table.lanes[at], table.lanes[at + 1]], ownLanes('c1'));
  });
});
