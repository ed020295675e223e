import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { is, Record } from 'immutable';
import { checkSync, defineSpec } from '../../../checker/index.js';
import { InvariantMemo } from '../../../checker/explore/invariantMemo.js';
import { StateHasher } from '../../../checker/state/stateHasher.js';
import { Fingerprinter } from '../../../checker/state/fingerprint.js';
import { figures } from '../../fixtures/figures.js';

const Cell = Record({ a: 0, b: 0, c: 0 }, 'Cell');
type Cell = ReturnType<typeof Cell>;

/** Three counters up to 5; invariants that read fields in an order their values decide, or use the whole state. */
const Counters = defineSpec({
  name: 'Counters',
  build: () => ({
    init: () => [Cell()],
    actions: {
      A: (s: Cell) => s.a < 5 && s.set('a', s.a + 1),
      B: (s: Cell) => s.b < 5 && s.set('b', s.b + 1),
      C: (s: Cell) => s.c < 5 && s.set('c', s.c + 1),
    },
    invariants: {
      Branchy: (s: Cell) => (s.a > 2 ? s.b < 4 || s.get('c') < 3 : s.c !== 5),
      Whole: (s: Cell) => (s.toObject().a as number) + s.b < 9,
      ViaIs: (s: Cell) => !is(s, Cell({ a: 3, b: 3, c: 3 })),
      Never: (s: Cell) => s.a + s.b + s.c < 14,
    },
    terminal: () => true,
  }),
});

function summary(result: ReturnType<typeof checkSync>): unknown {
  return { figures: figures(result), verdicts: result.invariants.map((v) => [v.name, v.verdict, v.trace?.length]) };
}

describe('invariant results remembered by the fields they read', () => {
  it('gives the verdicts, traces and figures of evaluating every state (exact mode remembers nothing)', () => {
    assert.deepEqual(summary(checkSync(Counters)), summary(checkSync(Counters, { exact: true })));
    assert.deepEqual(summary(checkSync(Counters, { invariants: ['Never'] })), summary(checkSync(Counters, { invariants: ['Never'], exact: true })));
  });

  it('evaluates an invariant once per combination of the values it reads, and every time when it uses the whole state', () => {
    let reads = 0;
    let whole = 0;
    const onA = { name: 'OnA', holds: (s: Cell) => (reads++, s.a < 9) };
    const onAll = { name: 'OnAll', holds: (s: Cell) => (whole++, s.equals(s)) };
    const memo = new InvariantMemo<Cell>();
    const hasher = new StateHasher(new Fingerprinter());
    hasher.setParent(Cell());
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 4; b++) {
        const state = Cell({ a, b });
        hasher.fingerprintChild(state);
        assert.equal(memo.holds(onA, state, hasher.childFields()), true);
        assert.equal(memo.holds(onAll, state, hasher.childFields()), true);
      }
    }
    assert.equal(reads, 3);
    assert.equal(whole, 12);
  });

  it('answers each state by the values it has in the fields read, not by the answer for the state before it', () => {
    let reads = 0;
    const small = { name: 'Small', holds: (s: Cell) => (reads++, s.a < 2 || s.b === 0) };
    const memo = new InvariantMemo<Cell>();
    const hasher = new StateHasher(new Fingerprinter());
    hasher.setParent(Cell());
    const expected: boolean[] = [];
    const answered: (boolean | undefined)[] = [];
    // Twice over: the first time evaluated, the second answered from the tree, each state after one that differs in a field read.
    for (let round = 0; round < 2; round++) {
      for (const [a, b, c] of [[0, 0, 0], [3, 1, 0], [3, 1, 4], [0, 1, 4], [3, 0, 4], [3, 1, 4]] as const) {
        const state = Cell({ a, b, c });
        hasher.fingerprintChild(state);
        if (round === 0) {
          expected.push(memo.holds(small, state, hasher.childFields()));
        } else {
          answered.push(memo.known(small, state, hasher.childFields()!));
        }
      }
    }
    assert.deepEqual(expected, [true, false, false, true, true, false]);
    assert.deepEqual(answered, expected);
    assert.equal(reads, 3);
  });
});
