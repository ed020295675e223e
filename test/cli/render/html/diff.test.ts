import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { List, Map as IMap, Record, Set as ISet } from 'immutable';
import { compactDiff } from '../../../../cli/render/html/diff.js';

const style = { modelValues: new Set(['c1', 'c2', 'k1']) };
const Entry = Record({ key: 'k1', val: 0 });

describe('compactDiff', () => {
  it('names the key of a function that changed, not the whole function', () => {
    const before = [['step', IMap({ c1: 5, c2: 1 })]] as const;
    const after = [['step', IMap({ c1: 6, c2: 1 })]] as const;
    assert.deepEqual(compactDiff(before, after, style), [{ path: 'step[c1]', text: '5 → 6' }]);
  });

  it('lists the members a set gained and lost', () => {
    const diff = compactDiff([['readers', ISet(['c1'])]], [['readers', ISet(['c2'])]], style);
    assert.deepEqual(diff, [{ path: 'readers', text: '+ c2, − c1' }]);
  });

  it('shows what a sequence appended, and the field of a record that changed', () => {
    const before = [['binlog', List([Entry()])], ['head', Entry()]] as const;
    const after = [['binlog', List([Entry(), Entry({ val: 2 })])], ['head', Entry({ val: 3 })]] as const;
    assert.deepEqual(compactDiff(before, after, style), [
      { path: 'binlog', text: '+ [key: k1, val: 2]' },
      { path: 'head.val', text: '0 → 3' },
    ]);
  });

  it('says nothing of variables that did not change, and shows a plain value before and after', () => {
    assert.deepEqual(compactDiff([['bg', 'idle'], ['n', 1]], [['bg', 'locked'], ['n', 1]], style), [{ path: 'bg', text: '"idle" → "locked"' }]);
  });
});
