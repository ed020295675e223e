import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Map as IMap, Record } from 'immutable';
import { checkSync, defineSpec, exists } from '../../../checker/index.js';
import type { CheckResult, Spec, State } from '../../../checker/index.js';
import { TransitionMemo } from '../../../checker/explore/transitionMemo.js';
import { compile } from '../../../checker/spec/compile.js';
import { Fingerprinter } from '../../../checker/state/fingerprint.js';
import { StateHasher } from '../../../checker/state/stateHasher.js';
import { figures } from '../../fixtures/figures.js';
import { replication } from '../../../spec/pika/index.js';
import DieHard from '../../../spec/conformance/dieHard.js';
import DiningPhilosophers from '../../../spec/conformance/diningPhilosophers.js';
import Peterson from '../../../spec/conformance/peterson.js';
import ReadersWriters from '../../../spec/conformance/readersWriters.js';
import TCommit from '../../../spec/conformance/tCommit.js';
import TwoPhase from '../../../spec/conformance/twoPhase.js';

const CONFORMANCE: readonly Spec<State>[] = [DieHard, DiningPhilosophers, Peterson, ReadersWriters, TCommit, TwoPhase] as unknown as Spec<State>[];

const FIELDS = ['a', 'b', 'c', 'd'] as const;
type Field = (typeof FIELDS)[number];
const Regs = Record({ a: 0, b: 0, c: 0, d: 0, m: IMap<string, number>() }, 'Regs');
type Regs = ReturnType<typeof Regs>;

/** How an action writes the state: every way a spec may derive its successor. */
type Style = 'set' | 'merge' | 'update' | 'fresh' | 'branches' | 'same' | 'withMutations' | 'readAfterWrite' | 'mapField';

interface ActionShape {
  readonly style: Style;
  readonly guard: Field;
  readonly forbidden: number;
  readonly from: Field;
  readonly to: Field;
  readonly other: Field;
  readonly table: readonly number[];
}

const field = fc.constantFrom(...FIELDS);
const actionShape: fc.Arbitrary<ActionShape> = fc.record({
  style: fc.constantFrom<Style>('set', 'merge', 'update', 'fresh', 'branches', 'same', 'withMutations', 'readAfterWrite', 'mapField'),
  guard: field,
  forbidden: fc.nat({ max: 2 }),
  from: field,
  to: field,
  other: field,
  table: fc.array(fc.nat({ max: 2 }), { minLength: 6, maxLength: 6 }),
});

/** A spec over four registers (0..2) and a map, whose actions are built from random shapes, each with a parameter p in {0, 1}. */
function registerSpec(shapes: readonly ActionShape[], bad: readonly number[]): Spec<Regs> {
  const actions = Object.fromEntries(
    shapes.map((shape, i) => {
      const { guard, forbidden, from, to, other, table } = shape;
      const f = (x: number, p: number): number => table[x * 2 + p] as number;
      const next = (s: Regs, p: number): Regs | false | ReturnType<typeof exists<Regs, number>> => {
        if ((s.get(guard) + p) % 3 === forbidden) return false;
        switch (shape.style) {
          case 'set':
            return s.set(to, f(s.get(from), p)).set(other, p);
          case 'merge':
            return s.merge({ [to]: f(s.get(from), p), [other]: (s.get(other) + 1) % 3 });
          case 'update':
            return s.update(to, (v) => f(v as number, p));
          case 'fresh':
            return Regs({ a: s.b, b: s.a, c: f(s.c, p), d: s.d, m: s.m });
          case 'branches':
            // Each choice writes a different field: the unwritten ones must follow the state, not the first evaluation.
            return exists([0, 1, 2], (v) => (v === 0 ? s.set(to, f(v, p)) : v === 1 ? s.set(other, f(s.get(from), p)) : s.set('d', v)));
          case 'same':
            // Writes a constant, often the value already there.
            return s.set(to, 0);
          case 'withMutations':
            return s.withMutations((m) => m.set(to, f(m.get(from), p)));
          case 'readAfterWrite': {
            const t = s.set(to, f(s.get(from), p));
            return t.set(other, (t.get(from) + t.get(to)) % 3);
          }
          case 'mapField':
            return s.set('m', s.m.set(`k${s.get(from)}`, p)).update(to, (v) => ((v as number) + s.m.size) % 3);
        }
      };
      return [`Act${i}`, { params: [[0, 1]], next }];
    }),
  );
  return defineSpec({
    name: 'Registers',
    build: () => ({
      init: () => [Regs(), Regs({ b: 1 })],
      actions,
      invariants: { Good: (s: Regs) => !bad.includes(s.a + 3 * s.b + 9 * s.c) },
    }),
  });
}

function summary(result: CheckResult<State>): unknown {
  return {
    status: result.status,
    figures: figures(result),
    traces: result.invariants.map((v) => [v.name, v.verdict, v.trace?.length, v.trace?.map((step) => step.action?.label ?? null)]),
  };
}

describe('transition memo', () => {
  it('gives the figures and traces of a run that calls the spec for every state, on random specs (property)', () => {
    fc.assert(
      fc.property(fc.array(actionShape, { minLength: 1, maxLength: 5 }), fc.array(fc.nat({ max: 26 }), { maxLength: 3 }), (shapes, bad) => {
        const spec = registerSpec(shapes, bad);
        const remembered = checkSync(spec, { deadlock: false });
        const called = checkSync(spec, { deadlock: false, memo: false });
        assert.deepEqual(summary(remembered), summary(called));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same figures on every conformance model and on Pika variants', () => {
    for (const spec of CONFORMANCE) {
      assert.deepEqual(summary(checkSync(spec)), summary(checkSync(spec, { memo: false })), spec.name);
    }
    for (const constants of [
      { lockScope: 'command', keys: 2 },
      { lockScope: 'command+binlog', binlogFormat: 'value', clients: 3 },
      { lockScope: 'command+binlog', clients: 3, servePath: 1, flush: 1 },
    ]) {
      assert.deepEqual(summary(checkSync(replication, { constants })), summary(checkSync(replication, { constants, memo: false })));
    }
  });

  it('answers from memory once an instance has been seen with the same read fields', () => {
    const model = compile(replication, { clients: 2, keys: 1, ops: 1 });
    const memo = new TransitionMemo(model);
    const hasher = new StateHasher(new Fingerprinter());
    const [init] = model.init();
    hasher.setParent(init);
    const visits: string[] = [];
    const each = (): number =>
      memo.forEachSuccessor(
        init as never,
        hasher.parentFields(),
        (_s, action) => visits.push(`called ${action.name}`),
        (_e, action) => visits.push(`remembered ${action.name}`),
        () => init as never,
      );
    assert.equal(each(), 3);
    assert.equal(each(), 3);
    assert.deepEqual(visits, ['called LockKey', 'called LockKey', 'called BgsaveLock', 'remembered LockKey', 'remembered LockKey', 'remembered BgsaveLock']);
    assert.equal(memo.evaluations, model.actions.reduce((n, a) => n + a.tuples.length, 0));
  });

  it('expands each state by the values of the fields its actions read, not as the state expanded before it', () => {
    const Cell = Record({ n: 0, m: 0 });
    type Cell = ReturnType<typeof Cell>;
    const spec = defineSpec({
      name: 'UpTo',
      build: () => ({
        init: () => [Cell()],
        actions: {
          Up: (s: Cell) => s.n < 2 && s.set('n', s.n + 1),
          Both: (s: Cell) => s.m === 1 && s.n > 0 && s.set('m', 0),
        },
        invariants: {},
      }),
    });
    const model = compile(spec, {});
    const memo = new TransitionMemo(model);
    const hasher = new StateHasher(new Fingerprinter());
    const successors = (state: Cell): string[] => {
      hasher.setParent(state);
      const out: string[] = [];
      memo.forEachSuccessor(
        state as never,
        hasher.parentFields(),
        (s, action) => out.push(`${action.name} ${JSON.stringify(s)}`),
        (e, action) => out.push(`${action.name} ${JSON.stringify(memo.apply(state as never, e))}`),
        () => state as never,
      );
      return out;
    };
    const states = [Cell({ n: 0, m: 1 }), Cell({ n: 2, m: 1 }), Cell({ n: 1, m: 1 }), Cell({ n: 1, m: 0 }), Cell({ n: 2, m: 0 }), Cell({ n: 0, m: 1 })];
    const first = states.map(successors);
    assert.deepEqual(first, [
      ['Up {"n":1,"m":1}'],
      ['Both {"n":2,"m":0}'],
      ['Up {"n":2,"m":1}', 'Both {"n":1,"m":0}'],
      ['Up {"n":2,"m":0}'],
      [],
      ['Up {"n":1,"m":1}'],
    ]);
    const evaluations = memo.evaluations;
    // Again, in another order, answered from memory.
    assert.deepEqual([4, 2, 0, 3, 1, 5].map((i) => successors(states[i] as Cell)), [first[4], first[2], first[0], first[3], first[1], first[5]]);
    assert.equal(memo.evaluations, evaluations);
  });

  it('calls the spec every time for an action that reads the state otherwise than by its fields', () => {
    const Cell = Record({ n: 0, m: 0 });
    const spec = defineSpec({
      name: 'Opaque',
      build: () => ({
        init: () => [Cell()],
        actions: { Step: (s: ReturnType<typeof Cell>) => s.n < 3 && Cell(s.toObject()).set('n', s.n + 1) },
        invariants: {},
      }),
    });
    const model = compile(spec, {});
    const memo = new TransitionMemo(model);
    const hasher = new StateHasher(new Fingerprinter());
    const [init] = model.init();
    hasher.setParent(init);
    for (let i = 0; i < 3; i++) memo.forEachSuccessor(init as never, hasher.parentFields(), () => undefined, () => assert.fail('remembered'), () => init as never);
    assert.equal(memo.evaluations, 3);
  });
});
