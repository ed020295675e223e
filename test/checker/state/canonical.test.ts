import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { is, List, Map as IMap, OrderedMap, OrderedSet, Record, Set as ISet, Stack } from 'immutable';
import { Canonicalizer } from '../../../checker/state/canonical.js';
import { Frontier } from '../../../checker/explore/frontier.js';
import type { State } from '../../../checker/index.js';

const Entry = Record({ id: List<string | number>(), kind: 'incr' }, 'Entry');
const Other = Record({ id: List<string | number>(), kind: 'incr' }, 'Other');

describe('canonical values: equal immutable values shared', () => {
  it('gives equal values, and the same object for values equal by `is`, nested parts included', () => {
    const c = new Canonicalizer();
    const a = c.canon(ISet([List(['c1', 1]), List(['c2', 1])]));
    const b = c.canon(ISet([List(['c2', 1]), List(['c1', 1])]));
    assert.equal(a, b);
    const log = c.canon(List([Entry({ id: List(['c1', 1]) }), Entry({ id: List(['c2', 1]), kind: 'set' })]));
    assert.ok(is(log, List([Entry({ id: List(['c1', 1]) }), Entry({ id: List(['c2', 1]), kind: 'set' })])));
    // The id inside the log's first entry is the very List inside the set.
    const idInSet = a.find((id) => is(id, List(['c1', 1])));
    assert.equal(log.get(0)?.id, idInSet);
    assert.equal(c.canon(log), log, 'a canonical value is its own');
    assert.equal(c.canon(7), 7);
    assert.equal(c.canon('x'), 'x');
  });

  it('keeps types apart and iteration order as it was', () => {
    const c = new Canonicalizer();
    const list = c.canon(List([1, 2]));
    const stack = c.canon(Stack([1, 2]));
    assert.notEqual(list as object, stack as object);
    assert.ok(Stack.isStack(stack));
    const entry = c.canon(Entry({ id: List([1]) }));
    const other = c.canon(Other({ id: List([1]) }));
    assert.notEqual(entry as object, other as object);
    assert.equal(entry.id, other.id, 'the parts of unequal values are shared all the same');
    const ordered = c.canon(OrderedMap([[List(['b']), 1], [List(['a']), 2]]));
    assert.deepEqual(ordered.keySeq().toJS(), [['b'], ['a']]);
    const orderedSet = c.canon(OrderedSet([List([3]), List([1]), List([2])]));
    assert.deepEqual(orderedSet.toJS(), [[3], [1], [2]]);
    const map = IMap<List<number>, number>().withMutations((m) => {
      for (let i = 20; i > 0; i--) m.set(List([i]), i);
    });
    assert.deepEqual(c.canon(map).keySeq().toJS(), map.keySeq().toJS());
  });

  it('finds a value by its hash lanes without walking it (shared)', () => {
    const c = new Canonicalizer();
    const first = c.shared(List([ISet(['a'])]), 11, 22);
    const again = c.shared(List([ISet(['a'])]), 11, 22);
    assert.equal(again, first);
    const direct = c.canon(List([ISet(['a'])]));
    assert.equal(direct, first, 'what shared keeps is the canonical value');
    // Equal lanes are taken for equal values (as fingerprints are): the lanes decide.
    assert.equal(c.shared(List([ISet(['b'])]), 11, 22), first);
    assert.notEqual(c.shared(List([ISet(['b'])]), 11, 23), first);
    assert.equal(c.shared(5, 1, 2), 5);
  });

  it('makes the states a frontier gives back share their parts', () => {
    const c = new Canonicalizer();
    const Cell = Record({ log: List<InstanceType<typeof Entry>>(), applied: ISet<List<string | number>>() }, 'Cell');
    const frontier = new Frontier<State>(false, c);
    frontier.push(Cell({ log: List([Entry({ id: List(['c1', 1]) })]), applied: ISet([List(['c1', 1])]) }), 0);
    frontier.push(Cell({ log: List([Entry({ id: List(['c1', 1]) })]), applied: ISet() }), 1);
    const first = frontier.at(0) as InstanceType<typeof Cell>;
    const second = frontier.at(1) as InstanceType<typeof Cell>;
    assert.equal(first.log.get(0)?.id, first.applied.first());
    assert.equal(first.log, second.log);
  });
});
