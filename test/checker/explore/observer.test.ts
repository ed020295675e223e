import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { is } from 'immutable';
import { compile } from '../../../checker/index.js';
import type { Model, State } from '../../../checker/index.js';
import { explore, unboundedSettings } from '../../../checker/explore/engine.js';
import { ExactSeenSet } from '../../../checker/explore/seenSet.js';
import { NOT_STORED, SEEN } from '../../../checker/explore/types.js';
import type { ExploreObserver } from '../../../checker/explore/types.js';
import { successorsOf } from '../../../checker/spec/successors.js';
import { figures } from '../../fixtures/figures.js';
import { checkSync } from '../../../checker/explore/check.js';
import { randomSpec } from '../../fixtures/randomSpecs.js';
import type { Cell } from '../../fixtures/randomSpecs.js';

/** A run of `model` with `observer`, every invariant and deadlock off, in reference mode or with the fast parts. */
function run<S extends State>(model: Model<S>, observer: ExploreObserver<S>, reference: boolean) {
  return explore(model, unboundedSettings<S>(reference ? { seen: new ExactSeenSet(), memo: false, plainQueue: true, observer } : { observer }));
}

/** Every state the run numbered, and every step with the numbers of its ends. */
function record<S extends State>(seenIds: boolean) {
  const states: S[] = [];
  const edges: [number, number, boolean][] = [];
  const observer: ExploreObserver<S> = {
    seenIds,
    onInitial: (state, id) => {
      if (id >= 0) states[id] = state;
    },
    onTransition: (from, to, isNew, _step, successor) => {
      if (isNew) states[to] = successor();
      edges.push([from, to, isNew]);
    },
  };
  return { states, edges, observer };
}

describe('observers of a run', () => {
  for (const reference of [true, false]) {
    it(`give the number of every state a step reaches, seen before or new, when they ask (${reference ? 'reference mode' : 'fast parts'})`, () => {
      for (let seed = 0; seed < 8; seed++) {
        const model = compile(randomSpec(seed), {});
        const { states, edges, observer } = record<Cell>(true);
        const outcome = run(model, observer, reference);
        const result = checkSync(model, { invariants: [], deadlock: false });
        assert.equal(states.length, result.stats.distinct, `Random${seed}: every stored state is numbered`);
        assert.equal(edges.length, outcome.generated - [...model.init()].length, `Random${seed}: every step is seen`);
        for (const [from, to] of edges) {
          assert.notEqual(to, SEEN, `Random${seed}: a seen state comes with its number`);
          if (to === NOT_STORED) continue;
          const source = states[from] as Cell;
          assert.ok(successorsOf(model, source).some((s) => is(s.state, states[to])), `Random${seed}: ${from} → ${to} is a step of the spec`);
        }
        assert.deepEqual([outcome.log.size, outcome.generated], figures(result).slice(0, 2), `Random${seed}: the observer changes no figure`);
      }
    });
  }

  it('leave states seen before unnumbered (SEEN) unless they ask', () => {
    const model = compile(randomSpec(12), {});
    const { edges, observer } = record<Cell>(false);
    run(model, observer, false);
    assert.ok(edges.some(([, to]) => to === SEEN));
    assert.ok(edges.every(([, to, isNew]) => isNew || to < 0));
  });
});
