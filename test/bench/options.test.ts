import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BenchUsageError, parseBenchOptions } from '../../bench/options.js';

const RUN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'run.js');

describe('npm run bench: its arguments', () => {
  it('reads the configurations, runs, worker counts and output asked for', () => {
    assert.deepEqual(parseBenchOptions(['--only', '3/2/2', '--runs', '3', '--workers', '1,2', '--out', 'x.json']), {
      out: 'x.json',
      only: '3/2/2',
      runs: 3,
      workers: [1, 2],
      help: false,
    });
    assert.deepEqual(parseBenchOptions([]).workers, [1]);
    assert.equal(parseBenchOptions([]).runs, undefined);
  });

  it('refuses an unknown flag, a missing value and a count that is not a whole number of at least 1', () => {
    assert.throws(() => parseBenchOptions(['--help-me']), BenchUsageError);
    assert.throws(() => parseBenchOptions(['--runs']), /--runs/);
    for (const runs of ['0', '2.5', 'two']) assert.throws(() => parseBenchOptions(['--runs', runs]), /--runs '.*' is not allowed: it must be a whole number, at least 1/);
    assert.throws(() => parseBenchOptions(['--runs', '-1']), /--runs/);
    assert.throws(() => parseBenchOptions(['--workers', '1,,2']), /--workers '' is not allowed/);
  });

  it('prints its usage with --help and refuses bad input in one line with exit 2, without running anything', () => {
    assert.match(execFileSync(process.execPath, [RUN, '--help'], { encoding: 'utf8' }), /^usage: npm run bench -- .*--workers/s);
    for (const args of [['--bogus'], ['--only', 'no such configuration'], ['--runs', '0']]) {
      const run = spawnSync(process.execPath, [RUN, ...args], { encoding: 'utf8' });
      assert.equal(run.status, 2, args.join(' '));
      assert.equal(run.stdout, '');
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.match(run.stderr, /^error: .*(--bogus|--only|--runs)/);
    }
  });
});
