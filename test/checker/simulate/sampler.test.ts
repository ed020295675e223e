import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { is, Record } from 'immutable';
import { compile, defineSpec, successorsOf } from '../../../checker/index.js';
import type { CompiledAction, CompiledInvariant, Model, State } from '../../../checker/index.js';
import { Sampler, Tally } from '../../../checker/simulate/sampler.js';
import type { RunSink, SamplerSettings } from '../../../checker/simulate/sampler.js';

const Walk = Record({ x: 0, y: 0 }, 'Walk');
type Walk = ReturnType<typeof Walk>;

/**
 * A walk on a 6 × 6 grid from one of two corners: Right and Up while inside, Stay always (so a
 * behaviour never deadlocks), Back only from x = 5 (three instances); none is enabled at y = 5 on
 * the Stop line below.
 */
const Grid = defineSpec({
  name: 'Grid',
  constants: { stopAtTop: false as boolean },
  build: ({ stopAtTop }) => ({
    init: () => [Walk(), Walk({ x: 2 })],
    actions: {
      Right: (s: Walk) => s.x < 5 && !(stopAtTop && s.y === 5) && s.set('x', s.x + 1),
      Up: (s: Walk) => s.y < 5 && s.set('y', s.y + 1),
      Stay: (s: Walk) => !(stopAtTop && s.y === 5) && s,
      Back: { params: [[1, 2, 3]], next: (s: Walk, by: number) => s.x === 5 && !(stopAtTop && s.y === 5) && s.set('x', 5 - by) },
    },
    constraint: (s: Walk) => s.x + s.y <= 20,
  }),
});

/** One behaviour as the sampler drew it: its states (seen by a watching invariant) and the actions taken. */
interface Run {
  readonly states: Walk[];
  readonly actions: string[];
}

/** Samples runs `runs` of `model` and gives each behaviour, with the tally. */
function sample(model: Model<Walk>, settings: Partial<SamplerSettings<Walk>>, runs: readonly number[]): { runs: Run[]; tally: Tally; sampler: Sampler<Walk> } {
  let states: Walk[] = [];
  const watch: CompiledInvariant<Walk> = {
    name: 'Watch',
    holds: (s) => {
      states.push(s);
      return true;
    },
  };
  const tally = new Tally(model.actions.length);
  const out: Run[] = [];
  const sink: RunSink = {
    add(length, actions) {
      tally.add(length, actions);
      out.push({ states, actions: actions.slice(0, length - 1).map((a: CompiledAction<State>) => a.name) });
      states = [];
    },
  };
  const sampler = new Sampler(model, { invariants: [watch], seed: 's', depth: 30, weights: undefined, stopAtFirst: true, ...settings, deadlock: false }, sink);
  for (const run of runs) assert.equal(sampler.runOne(run), true);
  return { runs: out, tally, sampler };
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('Sampler', () => {
  const model = compile(Grid, {});

  it('draws the same behaviour for the same seed and run index, whatever ran before it', () => {
    const first = sample(model, {}, range(20)).runs;
    const again = sample(model, {}, range(20)).runs;
    assert.deepEqual(again, first);
    const alone = sample(model, {}, [13]).runs[0];
    assert.deepEqual(alone, first[13]);
    const other = sample(model, { seed: 't' }, range(20)).runs;
    assert.notDeepEqual(other, first);
    assert.ok(new Set(first.map((r) => r.actions.join())).size > 15, 'runs draw from streams of their own');
  });

  it('takes at each step a real successor, by the action it names', () => {
    const { runs } = sample(model, {}, range(200));
    const inits = [...model.init()];
    for (const { states, actions } of runs) {
      assert.ok(inits.some((i) => is(i, states[0])), 'the behaviour starts at an initial state');
      assert.equal(actions.length, states.length - 1);
      for (let i = 0; i + 1 < states.length; i++) {
        const ok = successorsOf(model, states[i] as Walk).some((s) => s.instance.name === actions[i] && is(s.state, states[i + 1]));
        assert.ok(ok, `${actions[i]} does not lead from ${String(states[i])} to ${String(states[i + 1])}`);
      }
    }
  });

  it('respects the depth, ends a behaviour where no action is enabled, and does not step past the constraint', () => {
    for (const depth of [1, 2, 7, 30]) {
      const { runs, tally } = sample(model, { depth }, range(50));
      // Stay is always enabled: every behaviour runs to the depth.
      assert.ok(runs.every((r) => r.states.length === depth));
      assert.equal(tally.behaviours, 50);
      assert.equal(tally.states, 50 * depth);
      assert.equal(tally.lengths[depth], 50);
    }
    const stopping = compile(Grid, { stopAtTop: true });
    const { runs } = sample(stopping, { depth: 200 }, range(100));
    for (const { states } of runs) {
      const last = states[states.length - 1] as Walk;
      assert.ok(states.length === 200 || (last.y === 5 && successorsOf(stopping, last).length === 0), `ends at ${String(last)} after ${states.length}`);
    }
    assert.ok(runs.some((r) => r.states.length < 200), 'some behaviour reaches the deadlock');

    const bounded = compile(defineSpec({ name: 'Bounded', build: () => ({ init: () => [Walk()], actions: { Up: (s: Walk) => s.set('y', s.y + 1) }, constraint: (s: Walk) => s.y < 4 }) }), {});
    const walk = sample(bounded as Model<Walk>, { depth: 50 }, [0]).runs[0];
    assert.deepEqual(walk?.states.map((s) => s.y), [0, 1, 2, 3, 4], 'the first state outside the constraint ends the behaviour');
  });

  it('chooses uniformly among enabled instances, and never an action of weight 0', () => {
    const { tally } = sample(model, { depth: 2 }, range(3000));
    // From (0, 0) or (2, 0): Right, Up and Stay, a third each.
    const taken = Object.fromEntries(model.actions.map((a) => [a.name, tally.taken[a.index]]));
    for (const name of ['Right', 'Up', 'Stay']) assert.ok((taken[name] as number) > 850 && (taken[name] as number) < 1150, `${name}: ${taken[name]} of 3000`);
    assert.equal(taken.Back, 0);

    const weights = model.actions.map((a) => (a.name === 'Stay' ? 0 : 1));
    const weighted = sample(model, { weights, depth: 30 }, range(200));
    assert.equal(weighted.tally.taken[model.actions.find((a) => a.name === 'Stay')?.index as number], 0);
    assert.ok(weighted.runs.every((r) => !r.actions.includes('Stay')));
    const none = sample(model, { weights: model.actions.map(() => 0), depth: 30 }, range(10));
    assert.ok(none.runs.every((r) => r.states.length === 1), 'no action of any weight: the behaviour is its initial state');
  });

  it('records a violation with the run that found it and the behaviour up to the violating state', () => {
    const model = compile(Grid, {});
    const highUp: CompiledInvariant<Walk> = { name: 'Low', holds: (s) => s.y < 3 };
    const runs: number[] = [];
    const sampler = new Sampler(model, { invariants: [highUp], seed: 'v', depth: 30, weights: undefined, stopAtFirst: true, deadlock: false }, { add: (length) => void runs.push(length) });
    let run = 0;
    while (sampler.runOne(run)) run++;
    assert.equal(sampler.stopped, 'violation');
    const finding = sampler.findings.get('Low');
    assert.ok(finding);
    assert.equal(finding.run, run);
    const last = finding.trace[finding.trace.length - 1]?.state as Walk;
    assert.equal(last.y, 3);
    assert.ok(finding.trace.slice(0, -1).every((step) => (step.state as Walk).y < 3));
    assert.equal(finding.trace[0]?.action, null);
    assert.equal(runs[runs.length - 1], finding.trace.length, 'the behaviour ends at the violating state');
  });
});
