import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { check, checkSync, compile, simulate, UsageError } from '../../../checker/index.js';
import type { CheckOptions } from '../../../checker/index.js';
import { COMBINATIONS, inUse, needsOneThread, planCheck, refusedCombination } from '../../../checker/explore/plan.js';
import type { CombinedOption } from '../../../checker/explore/plan.js';
import replication from '../../../spec/pika/replication.js';

const source = { module: new URL('../../../spec/pika/replication.js', import.meta.url).href };
// Replication with two clients declares the symmetry set `clients` and temporal properties.
const model = compile(replication, {});

/** Options that put `option` in use, each one valid alone for the replication model. */
function using(option: CombinedOption, dir: string): CheckOptions {
  switch (option) {
    case 'symmetry':
      return { symmetry: ['clients'] };
    case 'properties':
      return { properties: ['all'] };
    case 'exact':
      return { exact: true };
    case 'reference':
      return { reference: true };
    case 'coverage':
      return { coverage: true };
    case 'checkpoint':
      return { checkpoint: join(dir, 'saved') };
    case 'checkpointEvery':
      return { checkpointEvery: 30 };
    case 'resume':
      return { resume: join(dir, 'saved') };
    case 'workers':
      return { workers: 2 };
    case 'source':
      return { source };
    case 'continue':
      return { continue: true };
    case 'stopAtFirst':
      return { stopAtFirst: true };
    case 'spill':
      return { spill: join(dir, 'spill') };
    case 'maxStates':
      return { maxStates: 1000 };
  }
}

/** The options of a row: its options in use, and `source` given unless the row is about its absence. */
function optionsOf(options: readonly CombinedOption[], missing: CombinedOption | readonly CombinedOption[] | undefined, dir: string): CheckOptions {
  const given = [missing ?? []].flat().includes('source') ? options : [...options, 'source' as const];
  return Object.assign({}, ...given.map((option) => using(option, dir))) as CheckOptions;
}

const name = (option: CombinedOption): string => option;

describe('the combination table', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pika-mc-plan-'));

  for (const row of COMBINATIONS) {
    const label = `${row.options.join(' + ')}${row.missing !== undefined ? ` without ${row.missing}` : ''}`;

    it(`check refuses ${label} with its line, before touching the disk`, async () => {
      const options = optionsOf(row.options, row.missing, dir);
      const message = row.message(name);
      assert.equal(message.includes('\n'), false);
      for (const option of row.options) assert.match(message, new RegExp(`\\b${option}\\b`));
      await assert.rejects(check(model, options), (e: unknown) => e instanceof UsageError && e.message === message);
      assert.throws(() => checkSync(model, options), (e: unknown) => e instanceof UsageError && e.message === message);
      assert.deepEqual(readdirSync(dir), []);
    });

    it(`${label}: each option of the row alone is accepted by the plan`, () => {
      for (const left of row.options) {
        const rest = row.options.filter((option) => option !== left);
        const options = optionsOf(rest, undefined, dir);
        assert.notEqual(refusedCombination(options), row, `without ${left}`);
        if (refusedCombination(options) === undefined) assert.doesNotThrow(() => planCheck(model, options), `without ${left}`);
      }
    });
  }

  it('names every option it uses as a CheckOptions key, and each row is different', () => {
    const keys = new Set(COMBINATIONS.map((row) => `${[...row.options].sort().join('+')}-${row.missing ?? ''}`));
    assert.equal(keys.size, COMBINATIONS.length);
    for (const row of COMBINATIONS) for (const option of [...row.options, ...[row.missing ?? []].flat()]) assert.equal(inUse(using(option, dir), option), true, option);
  });

  it('counts workers as in use only above one, symmetry only when asked for', () => {
    assert.equal(inUse({ workers: 1 }, 'workers'), false);
    assert.equal(inUse({ workers: 2 }, 'workers'), true);
    assert.equal(inUse({ symmetry: false }, 'symmetry'), false);
    assert.equal(inUse({ symmetry: [] }, 'symmetry'), false);
    assert.equal(inUse({ symmetry: true }, 'symmetry'), true);
    assert.equal(inUse({ properties: [] }, 'properties'), false);
  });

  it('says which options need one thread: those a row refuses together with workers', () => {
    for (const option of ['exact', 'coverage', 'checkpoint', 'resume', 'properties'] as const) assert.equal(needsOneThread(using(option, dir)), true, option);
    assert.equal(needsOneThread({}), false);
    assert.equal(needsOneThread({ symmetry: true }), false);
    assert.equal(needsOneThread({ source }), false);
  });
});

describe('planCheck', () => {
  it('applies every default', () => {
    const plan = planCheck(model, {});
    assert.deepEqual(plan.invariants.map((inv) => inv.name), model.invariants.map((inv) => inv.name));
    assert.deepEqual(
      [plan.symmetry, plan.properties, plan.deadlock, plan.stopAtFirst, plan.maxStates, plan.maxDepth, plan.timeLimit, plan.maxMemoryBytes],
      [[], [], true, false, Infinity, Infinity, Infinity, Infinity],
    );
    assert.deepEqual([plan.exact, plan.memo, plan.coverage, plan.progressMs, plan.propertyStates], [false, true, false, 5000, 5_000_000]);
    assert.equal(plan.checkpoint, undefined);
    assert.equal(plan.parallel, undefined);
  });

  it('resolves what is given', () => {
    const plan = planCheck(model, { symmetry: true, maxStates: 7, maxMemory: 2, exact: false, memo: false, progressInterval: 0, properties: [] });
    assert.deepEqual([plan.symmetry, plan.maxStates, plan.propertyStates, plan.maxMemoryBytes, plan.memo, plan.progressMs], [['clients'], 7, 7, 2 * 1024 * 1024, false, 0]);
    assert.deepEqual(planCheck(model, { properties: ['all'] }).properties, Object.keys(model.properties));
    assert.equal(planCheck(model, { exact: true }).memo, false);
    const parallel = planCheck(model, { workers: 3, source, parallelThreshold: 0 }).parallel;
    assert.deepEqual(parallel, { workers: 3, threshold: 0, source });
    assert.equal(planCheck(model, { workers: 3, source }).parallel?.threshold, 16384);
    assert.equal(planCheck(model, { workers: 3, source, symmetry: true }).parallel?.threshold, 65536, 'under symmetry, worker threads join larger levels');
    assert.equal(planCheck(model, { workers: 3, source, symmetry: true, parallelThreshold: 100 }).parallel?.threshold, 100);
    const saved = planCheck(model, { resume: '/r', source, checkpointEvery: 9 }).checkpoint;
    assert.deepEqual(saved, { dir: '/r', resume: '/r', everySeconds: 9, module: source.module });
    assert.deepEqual(planCheck(model, { checkpoint: '/c', resume: '/r', source }).checkpoint, { dir: '/c', resume: '/r', everySeconds: 60, module: source.module });
  });

  const refusals: [CheckOptions, string][] = [
    [{ maxDepth: 0 }, 'maxDepth must be a positive number, got 0'],
    [{ maxStates: -1 }, 'maxStates must be a positive number, got -1'],
    [{ timeLimit: NaN }, 'timeLimit must be a positive number, got NaN'],
    [{ maxMemory: 0 }, 'maxMemory must be a positive number, got 0'],
    [{ checkpoint: '/c', source, checkpointEvery: 0 }, 'checkpointEvery must be a positive number, got 0'],
    [{ workers: 1.5 }, 'workers must be a whole number from 1 to 256, got 1.5'],
    [{ workers: 0 }, 'workers must be a whole number from 1 to 256, got 0'],
    [{ workers: 257, source }, 'workers must be a whole number from 1 to 256, got 257'],
    [{ workers: Number.MAX_SAFE_INTEGER, source }, 'workers must be a whole number from 1 to 256, got 9007199254740991'],
    [{ workers: 2, source, parallelThreshold: -1 }, 'parallelThreshold must be a number ≥ 0, got -1'],
    [{ progressInterval: -1 }, 'progressInterval must be a number ≥ 0, got -1'],
    [{ invariants: ['Nope'] }, `unknown invariant 'Nope' (valid: ${model.invariants.map((inv) => inv.name).join(', ')})`],
    [{ properties: ['Nope'] }, `unknown property 'Nope' (valid: ${Object.keys(model.properties).join(', ')}, or all)`],
  ];
  for (const [options, message] of refusals) {
    it(`refuses ${JSON.stringify(options)}`, () => {
      assert.throws(() => planCheck(model, options), (e: unknown) => e instanceof UsageError && e.message === message);
    });
  }

  it('sizes a spilled run in memory from maxMemory: a fingerprint a 512 bytes, memos in proportion below 2,800 MB', () => {
    assert.deepEqual(planCheck(model, { spill: '/tmp/s', maxMemory: 700 }).spill, { dir: '/tmp/s', budget: 1_433_600, queueBudget: 358_400, memoShare: 0.25 });
    assert.deepEqual(planCheck(model, { spill: '/tmp/s', maxMemory: 100_000 }).spill, { dir: '/tmp/s', budget: 204_800_000, queueBudget: 51_200_000, memoShare: 1 });
    assert.deepEqual(planCheck(model, { spill: '/tmp/s', maxMemory: 16 }).spill, { dir: '/tmp/s', budget: 32_768, queueBudget: 8_192, memoShare: 1 / 16 });
    assert.deepEqual(planCheck(model, { spill: '/tmp/s', spillBudget: 100 }).spill, { dir: '/tmp/s', budget: 100, queueBudget: 25, memoShare: 1 });
    assert.deepEqual(planCheck(model, { spill: '/tmp/s' }).spill, { dir: '/tmp/s', budget: 4_194_304, queueBudget: 1_048_576, memoShare: 1 });
    assert.deepEqual(planCheck(model, { spill: '/tmp/s', spillBudget: 100, spillQueueBudget: 7 }).spill, { dir: '/tmp/s', budget: 100, queueBudget: 7, memoShare: 1 });
    assert.equal(planCheck(model, {}).spill, undefined);
  });
});

describe('check and checkSync', () => {
  it('take a spec with its constants or a compiled model, with the same result', async () => {
    const fromSpec = await check(replication, { constants: { clients: 1 }, invariants: ['SnapshotCoversApplied'] });
    const fromModel = checkSync(compile(replication, { clients: 1 }), { invariants: ['SnapshotCoversApplied'] });
    assert.equal(fromSpec.status, fromModel.status);
    assert.deepEqual(fromSpec.stats.distinct, fromModel.stats.distinct);
    assert.deepEqual(fromSpec.constants, fromModel.constants);
  });

  it('refuse constants given with a model already compiled', async () => {
    await assert.rejects(check(model, { constants: { clients: 1 } }), (e: unknown) => e instanceof UsageError && /constants apply to a spec/.test(e.message));
  });

  it('checkSync refuses more than one worker, which needs the async check', () => {
    assert.throws(() => checkSync(model, { workers: 2, source }), (e: unknown) => e instanceof UsageError && /checkSync .* workers > 1 \(2\)/.test(e.message));
  });
});

describe('options the API is given from plain JavaScript', () => {
  const loose = (options: object): CheckOptions => options as CheckOptions;

  it('an unknown option is refused, naming the one meant, by check, checkSync and simulate', async () => {
    assert.throws(() => checkSync(model, loose({ deadLock: false })), (e: Error) => e instanceof UsageError && /^checkSync: unknown option 'deadLock' \(did you mean 'deadlock'\?\)/.test(e.message));
    await assert.rejects(check(model, loose({ bogus: 1 })), /^UsageError: check: unknown option 'bogus'$/);
    await assert.rejects(simulate(model, { run: 3 } as object), /simulate: unknown option 'run' \(did you mean 'runs'\?\)/);
  });

  it('a value of the wrong kind is refused rather than read as truthy: deadlock "no" would check deadlocks', () => {
    assert.throws(() => checkSync(model, loose({ deadlock: 'no' })), /checkSync: option deadlock must be true or false, got 'no'/);
    assert.throws(() => checkSync(model, loose({ invariants: 'SnapshotCoversApplied' })), /option invariants must be a list of names/);
    assert.throws(() => checkSync(model, loose({ onProgress: 5 })), /option onProgress must be a function, got 5/);
  });

  it('an option given as undefined is not given', () => {
    assert.equal(checkSync(model, { deadlock: undefined, maxStates: undefined }).status, 'violation');
  });
});
