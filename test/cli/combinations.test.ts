import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { check, compile, UsageError } from '../../checker/index.js';
import { COMBINATIONS, OptionsRefusal } from '../../checker/explore/plan.js';
import type { CombinedOption } from '../../checker/explore/plan.js';
import { SIMULATE_COMBINATIONS } from '../../checker/simulate/plan.js';
import { CHECK_FLAGS, SIMULATE_FLAGS, withFlags } from '../../cli/optionFlags.js';
import { CountTo } from '../fixtures/toySpecs.js';
import { cli } from './run.js';

/** The arguments that put each option of check in use (source has no flag: the CLI always gives the spec's module). */
function argsOf(option: CombinedOption, dir: string): string[] {
  switch (option) {
    case 'symmetry':
      return ['--symmetry'];
    case 'properties':
      return ['--property', 'all'];
    case 'exact':
      return ['--exact'];
    case 'reference':
      return ['--reference'];
    case 'coverage':
      return ['--coverage'];
    case 'checkpoint':
      return ['--checkpoint', join(dir, 'new')];
    case 'checkpointEvery':
      return ['--checkpoint-every', '30'];
    case 'resume':
      return ['--resume', join(dir, 'saved')];
    case 'workers':
      return ['--workers', '2'];
    case 'source':
      return [];
    case 'continue':
      return ['--continue'];
    case 'stopAtFirst':
      return ['--stop-at-first'];
    case 'spill':
      return ['--spill', join(dir, 'spill')];
    case 'maxStates':
      return ['--max-states', '1000'];
  }
}

describe('pika-mc check refuses every combination of the table, naming the flags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pika-mc-combinations-'));

  before(async () => {
    // A checkpoint to resume: a bounded run writes one when it stops.
    await cli(['check', '--checkpoint', join(dir, 'saved'), '--max-states', '100', '--quiet']);
    assert.ok(existsSync(join(dir, 'saved', 'checkpoint.bin')));
  });

  for (const row of COMBINATIONS.filter((r) => r.missing === undefined)) {
    const args = ['check', ...row.options.flatMap((option) => argsOf(option, dir))];
    it(row.options.map((option) => CHECK_FLAGS[option]).join(' with '), async () => {
      const run = await cli(args);
      const line = row.message((option) => CHECK_FLAGS[option]);
      assert.equal(run.code, 2, run.stderr);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, `error: ${line}\n`);
      for (const option of row.options) assert.ok(line.includes(CHECK_FLAGS[option]), `${line} names ${CHECK_FLAGS[option]}`);
      assert.equal(existsSync(join(dir, 'new')), false, 'no checkpoint directory made');
    });
  }

  it('refuses --checkpoint-every without --checkpoint, and takes it with --checkpoint or --resume', async () => {
    const row = COMBINATIONS.find((r) => r.options.includes('checkpointEvery'));
    assert.ok(row !== undefined);
    const alone = await cli(['check', '--checkpoint-every', '30']);
    assert.equal(alone.code, 2);
    assert.equal(alone.stderr, `error: ${row.message((option) => CHECK_FLAGS[option])}\n`);
    const saving = await cli(['check', '--lock-scope', 'command+binlog', '--checkpoint-every', '30', '--checkpoint', join(dir, 'every'), '--max-states', '50', '--quiet']);
    assert.equal(saving.code, 152, saving.stderr);
    const resumed = await cli(['check', '--checkpoint-every', '30', '--resume', join(dir, 'every'), '--quiet']);
    assert.equal(resumed.code, 0, resumed.stderr);
  });

  it('names --fail-on-uncovered when it, not --coverage, asked for the counts', async () => {
    const run = await cli(['check', '--fail-on-uncovered', '--workers', '2']);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'error: --fail-on-uncovered needs the in-process engine, not worker threads: run it with one worker (--workers 1)\n');
  });

  it('gives the spec\'s module itself, so that no row about a missing source applies', async () => {
    const rows = [...COMBINATIONS, ...SIMULATE_COMBINATIONS].filter((r) => [r.missing ?? []].flat().includes('source'));
    assert.ok(rows.length > 0);
    for (const row of rows) assert.deepEqual([row.missing].flat(), ['source']);
    assert.equal(CHECK_FLAGS.source, SIMULATE_FLAGS.source);
    const parallel = await cli(['check', '--workers', '2', '--max-states', '50', '--quiet']);
    assert.notEqual(parallel.code, 2, parallel.stderr);
    const saving = await cli(['check', '--checkpoint', join(dir, 'alone'), '--max-states', '50', '--quiet']);
    assert.notEqual(saving.code, 2, saving.stderr);
    assert.ok(readdirSync(join(dir, 'alone')).includes('checkpoint.bin'));
    const sampled = await cli(['simulate', '--workers', '2', '--runs', '4', '--seed', '1']);
    assert.notEqual(sampled.code, 2, sampled.stderr);
  });
});

describe('a refusal by check() of options it names', () => {
  const model = compile(CountTo, { Max: 3 });

  it('names them as the API does, and withFlags names them by their flags', async () => {
    const run = check(model, { exact: true, symmetry: true });
    await assert.rejects(run, (e: unknown) => e instanceof OptionsRefusal && e.message === 'exact and symmetry cannot be combined');
    await assert.rejects(
      withFlags(run, (option) => CHECK_FLAGS[option]),
      (e: unknown) => e instanceof UsageError && !(e instanceof OptionsRefusal) && e.message === '--exact and --symmetry cannot be combined',
    );
  });

  it('withFlags passes any other error, and a result, as they are', async () => {
    const other = new UsageError('maxDepth must be a positive number, got 0');
    await assert.rejects(
      withFlags(Promise.reject(other), (option) => CHECK_FLAGS[option]),
      (e: unknown) => e === other,
    );
    const result = await withFlags(check(model, {}), (option) => CHECK_FLAGS[option]);
    assert.equal(result.stats.distinct, 4);
  });
});
