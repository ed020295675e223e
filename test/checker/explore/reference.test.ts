import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, compile } from '../../../checker/index.js';
import type { CheckOptions, CheckResult, State } from '../../../checker/index.js';
import { figures } from '../../fixtures/figures.js';
import * as specs from '../../fixtures/randomSpecs.js';
import { assertSameInWorkers } from '../parallel/helpers.js';

/** What two runs of the same spec must agree on: status, figures, each verdict with its trace's steps, the deadlock trace. */
function outcome<S extends State>(result: CheckResult<S>): unknown {
  return {
    status: result.status,
    figures: figures(result),
    invariants: result.invariants.map((v) => [v.name, v.verdict, v.trace?.map((step) => step.action?.label ?? 'init')]),
    deadlock: result.deadlock?.map((step) => step.action?.label ?? 'init'),
  };
}

/** The options of the seed-th run: deadlock checked or not, stopping at the first finding or not. */
function optionsOf(seed: number): CheckOptions {
  return { deadlock: seed % 3 !== 0, stopAtFirst: seed % 4 === 1 };
}

describe('reference mode', () => {
  it('gives the figures, verdicts and traces of the default mode on random specs', async () => {
    for (let seed = 0; seed < specs.RANDOM_SPECS; seed++) {
      const model = compile((specs as unknown as Record<string, typeof specs.Random0>)[`Random${seed}`] as typeof specs.Random0, {});
      const options = optionsOf(seed);
      const reference = await check(model, { ...options, reference: true });
      const fast = await check(model, options);
      assert.equal(reference.stats.exact, true, `Random${seed}: reference mode tells states apart by value`);
      assert.deepEqual(outcome(fast), outcome(reference), `Random${seed} ${JSON.stringify(options)}`);
    }
  });

  it('gives the figures and verdicts of one worker on 2 and 3 workers on random specs', async () => {
    for (let seed = 0; seed < specs.RANDOM_SPECS; seed++) {
      const name = `Random${seed}`;
      const spec = (specs as unknown as Record<string, typeof specs.Random0>)[name] as typeof specs.Random0;
      const source = { module: new URL('../../fixtures/randomSpecs.js', import.meta.url).href, exportName: name };
      // Without stopAtFirst: worker threads end a run that stops early at the end of a level, one thread mid-level.
      await assertSameInWorkers(spec, source, {}, { deadlock: optionsOf(seed).deadlock ?? true });
    }
  });

  it('runs in one thread: worker threads are refused', async () => {
    const model = compile(specs.Random0, {});
    await assert.rejects(check(model, { reference: true, workers: 2, source: { module: 'x' } }), /reference needs the in-process engine/);
  });
});
