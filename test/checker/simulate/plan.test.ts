import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compile, simulate, simulateSync, UsageError } from '../../../checker/index.js';
import type { SimulateOptions } from '../../../checker/index.js';
import { planSimulate, SIMULATE_COMBINATIONS, simulateOptionInUse } from '../../../checker/simulate/plan.js';
import type { SimulateOption } from '../../../checker/simulate/plan.js';
import replication from '../../../spec/pika/replication.js';

const source = { module: new URL('../../../spec/pika/replication.js', import.meta.url).href };
const model = compile(replication, {});
const USING: { readonly [O in SimulateOption]: SimulateOptions } = { workers: { workers: 2 }, source: { source } };

describe('the simulate combination table', () => {
  for (const row of SIMULATE_COMBINATIONS) {
    it(`simulate refuses ${row.options.join(' + ')}${row.missing !== undefined ? ` without ${row.missing}` : ''} with its line`, async () => {
      const options = Object.assign({ runs: 10 }, ...row.options.map((option) => USING[option])) as SimulateOptions;
      for (const option of row.options) assert.equal(simulateOptionInUse(options, option), true);
      const message = row.message((option) => option);
      await assert.rejects(simulate(model, options), (e: unknown) => e instanceof UsageError && e.message === message);
      if (row.missing !== undefined) {
        // Given the missing option, the row no longer refuses.
        assert.doesNotThrow(() => planSimulate(model, { ...options, ...USING[row.missing as SimulateOption] }, 0));
      }
    });
  }
});

describe('planSimulate', () => {
  it('applies every default', () => {
    const plan = planSimulate(model, { seed: 1 }, 100);
    assert.deepEqual(
      [plan.seed, plan.depth, plan.firstRun, plan.lastRun, plan.deadline, plan.weights, plan.shrink, plan.shrinkSeconds, plan.stopAtFirst, plan.workers, plan.sampleWhileStarting],
      ['1', 100, 0, 10_000, Infinity, undefined, true, 30, true, 1, true],
    );
    assert.equal(planSimulate(model, { timeLimit: 2 }, 100).lastRun, Infinity);
    assert.equal(planSimulate(model, { timeLimit: 2 }, 100).deadline, 2100);
    assert.equal(planSimulate(model, { firstRun: 5, runs: 3 }, 0).lastRun, 8);
  });

  const refusals: [SimulateOptions, string][] = [
    [{ depth: 0 }, 'depth must be a whole number ≥ 1, got 0'],
    [{ runs: 1.5 }, 'runs must be a whole number ≥ 1, got 1.5'],
    [{ firstRun: -1 }, 'firstRun must be a whole number ≥ 0, got -1'],
    [{ workers: 0 }, 'workers must be a whole number from 1 to 256, got 0'],
    [{ workers: 257, source }, 'workers must be a whole number from 1 to 256, got 257'],
    [{ workers: Number.MAX_SAFE_INTEGER, source }, 'workers must be a whole number from 1 to 256, got 9007199254740991'],
    [{ timeLimit: 0 }, 'timeLimit must be a positive number, got 0'],
    [{ shrinkTimeLimit: -2 }, 'shrinkTimeLimit must be a positive number, got -2'],
    [{ weights: { Nope: 1 } }, `unknown action 'Nope' in weights (actions: ${model.actions.map((a) => a.name).join(', ')})`],
  ];
  for (const [options, message] of refusals) {
    it(`refuses ${JSON.stringify(options)}`, () => {
      assert.throws(() => planSimulate(model, options, 0), (e: unknown) => e instanceof UsageError && e.message === message);
    });
  }
});

describe('simulate and simulateSync', () => {
  it('take a spec with its constants or a compiled model, with the same result', async () => {
    const fromSpec = await simulate(replication, { constants: { clients: 1 }, seed: 3, runs: 20 });
    const fromModel = simulateSync(compile(replication, { clients: 1 }), { seed: 3, runs: 20 });
    assert.deepEqual([fromSpec.status, fromSpec.stats.behaviours, fromSpec.stats.states], [fromModel.status, fromModel.stats.behaviours, fromModel.stats.states]);
  });

  it('refuse constants given with a model already compiled', () => {
    assert.throws(() => simulateSync(model, { constants: { clients: 1 } }), (e: unknown) => e instanceof UsageError && /constants apply to a spec/.test(e.message));
  });
});
