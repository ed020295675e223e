import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { is, isRecord, List, Map as IMap, Record } from 'immutable';
import { SpilledQueue } from '../../../checker/explore/spilledQueue.js';
import { InternalError } from '../../../checker/errors.js';
import { UNNUMBERED } from '../../../checker/explore/types.js';
import type { State } from '../../../checker/index.js';

const Point = Record({ x: 0, y: 0, tags: List<string>() }, 'Point');
const Pair = Record({ left: 0, right: IMap<string, number>() }, 'Pair');

const root = mkdtempSync(join(tmpdir(), 'pika-mc-spilled-queue-'));
after(() => rmSync(root, { recursive: true, force: true }));
let files = 0;
const path = (): string => join(root, `queue-${files++}.bin`);

/** States of two Record types and plain maps, mixed, with runs of siblings that differ in one field. */
function states(count: number, salt = 0): State[] {
  const out: State[] = [];
  for (let i = 0; i < count; i++) {
    const k = i + salt;
    if (k % 17 === 5) out.push(IMap({ k }));
    else if (k % 7 < 2) out.push(Pair({ left: k % 3, right: IMap({ k: k % 5 }) }));
    else out.push(Point({ x: k % 4, y: Math.floor(k / 4) % 6, tags: List(k % 9 === 0 ? ['a'] : []) }));
  }
  return out;
}

/** Reads the whole queue in order, as the loop does: each state built, with its number. */
function readAll(queue: SpilledQueue<State>): [State, number][] {
  const out: [State, number][] = [];
  for (let i = 0; i < queue.length; i++) {
    queue.read(i);
    out.push([queue.built(), queue.id(i)]);
  }
  return out;
}

function assertQueued(queue: SpilledQueue<State>, expected: readonly State[], ids: readonly number[], label: string): void {
  assert.equal(queue.length, expected.length, label);
  readAll(queue).forEach(([state, id], i) => {
    assert.ok(is(state, expected[i]), `${label}: state ${i}`);
    assert.equal(id, ids[i], `${label}: number of state ${i}`);
  });
}

describe('spilled queue: a level queue on disk', () => {
  it('writes its states to its file in segments of its budget, and gives them back in order with their numbers', () => {
    const queued = states(1000);
    for (const budget of [1, 7, 64, 100, 5000]) {
      const file = path();
      const queue = new SpilledQueue<State>(file, budget);
      queued.forEach((state, i) => queue.push(state, 10 + i));
      // All but the last (partial) segment are on disk, none when the budget is larger than the level.
      assert.equal(queue.spilled, budget > 1000 ? 0 : Math.floor(1000 / budget) * budget, `budget ${budget}`);
      assert.equal(existsSync(file), budget <= 1000, `budget ${budget}: a file only when it spilled`);
      assertQueued(queue, queued, queued.map((_, i) => 10 + i), `budget ${budget}`);
      // Read again, from the start, and at random.
      assertQueued(queue, queued, queued.map((_, i) => 10 + i), `budget ${budget}, again`);
      for (const i of [999, 0, 63, 64, 65, 500, 129, 7]) {
        queue.read(i);
        assert.ok(is(queue.built(), queued[i]), `budget ${budget}: state ${i} at random`);
        assert.equal(queue.id(i), 10 + i);
      }
    }
  });

  it('keeps numbering, reading and dropping the states of its tail while some are unnumbered, and writes them once all are numbered', () => {
    const queue = new SpilledQueue<State>(path(), 50);
    const first = states(120);
    first.forEach((state, i) => queue.push(state, i));
    assert.equal(queue.spilled, 100);
    // A batch of states pushed unnumbered stays in memory past the budget.
    const batch = states(80, 7);
    batch.forEach((state) => queue.push(state, UNNUMBERED));
    assert.equal(queue.spilled, 100);
    queue.read(150);
    assert.ok(is(queue.built(), batch[30]));
    assert.throws(() => queue.read(3), InternalError, 'a state of the file is not read while the tail is unnumbered');
    assert.throws(() => queue.setId(99, 0), InternalError, 'a state of the file is not numbered again');
    // Dropping part of the batch and numbering the rest, as DeferredSuccessors does.
    queue.truncate(160);
    assert.equal(queue.length, 160);
    for (let i = 120; i < 159; i++) queue.setId(i, 1000 + i);
    assert.equal(queue.spilled, 100, 'not written with one state unnumbered');
    queue.setId(159, 1159);
    assert.equal(queue.spilled, 160, 'written once all are numbered');
    const expected = [...first, ...batch.slice(0, 40)];
    assertQueued(queue, expected, expected.map((_, i) => (i < 120 ? i : 1000 + i)), 'after numbering');
  });

  it('is filled again after it was read (as a checkpoint reads the level being found), and is reused across levels once cleared', () => {
    const file = path();
    const queue = new SpilledQueue<State>(file, 30);
    const first = states(95);
    first.forEach((state, i) => queue.push(state, i));
    assertQueued(queue, first, first.map((_, i) => i), 'read while being filled');
    assert.equal(queue.spilled, 95, 'its tail was written to be read with the rest');
    const more = states(70, 3);
    more.forEach((state, i) => queue.push(state, 95 + i));
    const all = [...first, ...more];
    assertQueued(queue, all, all.map((_, i) => i), 'filled again');

    queue.clear();
    assert.equal(queue.length, 0);
    assert.equal(existsSync(file), false, 'clearing removes its file');
    const level = states(200, 11).reverse();
    level.forEach((state, i) => queue.push(state, 500 + i));
    assert.ok(statSync(file).size > 0);
    assertQueued(queue, level, level.map((_, i) => 500 + i), 'next level');
    queue.remove();
    assert.equal(existsSync(file), false, 'remove removes its file');
  });

  it('names the same value by the same number across its segments, as a checkpoint writes them', () => {
    const queue = new SpilledQueue<State>(path(), 16);
    const queued = states(300).filter((state) => isRecord(state));
    queued.forEach((state, i) => queue.push(state, i));
    const byNumber = new Map<number, unknown>();
    for (let i = 0; i < queue.length; i++) {
      const fields = queue.read(i);
      const ids = queue.readValueIds();
      assert.ok(fields !== undefined && ids !== undefined);
      ids.forEach((id, f) => {
        const known = byNumber.get(id);
        if (known === undefined) byNumber.set(id, fields.values[f]);
        else assert.ok(is(known, fields.values[f]), `value number ${id}`);
      });
    }
    assert.ok(queue.spilled > 200);
  });
});
