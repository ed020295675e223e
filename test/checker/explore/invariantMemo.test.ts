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
});
