import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { is, List, Map as IMap, Record } from 'immutable';
import { Frontier } from '../../../checker/explore/frontier.js';
import type { State } from '../../../checker/index.js';

const Point = Record({ x: 0, y: 0, tags: List<string>() }, 'Point');
const Pair = Record({ left: 0, right: IMap<string, number>() }, 'Pair');

/** States of two Record types and plain maps, mixed, with runs of siblings that differ in one field. */
function states(count: number): State[] {
  const out: State[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 17 === 5) out.push(IMap({ i }));
    else if (i % 7 < 2) out.push(Pair({ left: i % 3, right: IMap({ k: i % 5 }) }));
    else out.push(Point({ x: i % 4, y: Math.floor(i / 4) % 6, tags: List(i % 9 === 0 ? ['a'] : []) }));
  }
  return out;
}

describe('frontier: queued states kept compact', () => {
  it('gives back every state and its number, in order, at random, and from an offset', () => {
    const queued = states(500);
    const frontier = new Frontier<State>();
    queued.forEach((state, i) => frontier.push(state, 1000 + i));
    assert.equal(frontier.length, 500);
    queued.forEach((state, i) => {
      assert.ok(is(frontier.at(i), state), `state ${i}`);
      assert.equal(frontier.id(i), 1000 + i);
    });
    for (const i of [499, 0, 63, 64, 65, 200, 129, 128, 7, 300]) assert.ok(is(frontier.at(i), queued[i]), `state ${i} at random`);
    const rest = frontier.states(250);
    assert.equal(rest.length, 250);
    rest.forEach((state, j) => assert.ok(is(state, queued[250 + j]), `state ${250 + j} from an offset`));
    assert.deepEqual(frontier.ids(498), [1498, 1499]);
  });

  it('starts afresh when cleared', () => {
    const frontier = new Frontier<State>();
    for (const state of states(100)) frontier.push(state, 0);
    frontier.clear();
    const again = states(300).reverse();
    again.forEach((state, i) => frontier.push(state, i));
    again.forEach((state, i) => assert.ok(is(frontier.at(i), state), `state ${i}`));
  });

  it('drops the states from an offset on, and keeps what is pushed after', () => {
    const queued = states(400);
    for (const cut of [0, 1, 63, 64, 65, 200, 399]) {
      const frontier = new Frontier<State>();
      queued.forEach((state, i) => frontier.push(state, i));
      frontier.at(300);
      frontier.truncate(cut);
      assert.equal(frontier.length, cut);
      const more = states(90).reverse();
      more.forEach((state, j) => frontier.push(state, 1000 + j));
      const expected = [...queued.slice(0, cut), ...more];
      assert.equal(frontier.length, expected.length);
      expected.forEach((state, i) => assert.ok(is(frontier.at(i), state), `cut at ${cut}: state ${i}`));
      assert.deepEqual(frontier.ids(cut), more.map((_, j) => 1000 + j));
    }
  });

  it('keeps the states marked from an offset on, in order with their numbers, and keeps what is pushed after', () => {
    const queued = states(400);
    for (const start of [0, 1, 63, 64, 65, 200, 399]) {
      for (const every of [1, 2, 3, 64]) {
        const frontier = new Frontier<State>();
        queued.forEach((state, i) => frontier.push(state, i));
        frontier.at(300);
        const keep = Uint8Array.from(queued.slice(start), (_, j) => (j % every === 0 ? 1 : 0));
        frontier.keepOnly(start, keep);
        const kept = queued.map((state, i) => ({ state, id: i })).filter((_, i) => i < start || keep[i - start] === 1);
        const more = states(90).reverse();
        more.forEach((state, j) => frontier.push(state, 1000 + j));
        const expected = [...kept, ...more.map((state, j) => ({ state, id: 1000 + j }))];
        assert.equal(frontier.length, expected.length, `from ${start}, every ${every}`);
        expected.forEach(({ state, id }, i) => {
          assert.ok(is(frontier.at(i), state), `from ${start}, every ${every}: state ${i}`);
          assert.equal(frontier.id(i), id);
        });
      }
    }
  });

  it('loads back what encoded() gave, after other states were queued: the same states and numbers', () => {
    // The words name the frontier's own values and record types, kept until it is cleared, so the
    // round trip is through the same frontier, as a spilled queue makes it.
    const queued = states(300);
    const frontier = new Frontier<State>();
    queued.forEach((state, i) => frontier.push(state, 5000 + i));
    const encoded = frontier.encoded();
    const saved = { words: encoded.words.slice(), keys: encoded.keys.slice(), numbers: encoded.numbers.slice() };
    frontier.truncate(0);
    const others = states(120).reverse();
    others.forEach((state, i) => frontier.push(state, i));
    frontier.at(60);
    const into = frontier.loadInto(saved.words.length, saved.keys.length, saved.numbers.length);
    assert.deepEqual([into.words.length, into.keys.length, into.numbers.length], [saved.words.length, saved.keys.length, saved.numbers.length]);
    into.words.set(saved.words);
    into.keys.set(saved.keys);
    into.numbers.set(saved.numbers);
    assert.equal(frontier.length, 300);
    queued.forEach((state, i) => {
      assert.ok(is(frontier.at(i), state), `state ${i}`);
      assert.equal(frontier.id(i), 5000 + i);
    });
    assert.ok(is(frontier.at(150), queued[150]), 'state 150 at random');
    assert.deepEqual(frontier.ids(298), [5298, 5299]);
  });
});
