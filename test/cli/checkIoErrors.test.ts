import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CHECKPOINT_TEMP } from '../../checker/checkpoint/checkpoint.js';
import { exitCodeOf } from '../../cli/commands/check.js';
import type { CheckResult, State } from '../../checker/index.js';
import { cli } from './run.js';

const root = mkdtempSync(join(tmpdir(), 'pika-mc-cli-io-'));
after(() => rmSync(root, { recursive: true, force: true }));

const M = ['--lock-scope', 'command+binlog', '--clients', '3', '--keys', '2', '--ops', '2'];

describe('pika-mc check: a file of the run that cannot be written', () => {
  it('a checkpoint: exit 74, one line naming the file and the error, and the report of the run so far', async () => {
    const dir = join(root, 'cp');
    // A folder where the checkpoint is written first: the write fails (EISDIR) as a full disk's would.
    mkdirSync(join(dir, CHECKPOINT_TEMP), { recursive: true });
    const run = await cli(['check', ...M, '--checkpoint', dir, '--time-limit', '0.001', '--quiet', '--no-color']);
    assert.equal(run.code, 74, run.stderr);
    assert.equal(run.stderr, `error: cannot write ${join(dir, CHECKPOINT_TEMP)}: illegal operation on a directory (EISDIR)\n`);
    assert.match(run.stdout, /Stopped by an I\/O error before the whole state space was explored\./);
    assert.match(run.stdout, /Statistics: /);
  });

  it('in JSON, the report names the error and its file, with exit code 74', async () => {
    const dir = join(root, 'cp-json');
    mkdirSync(join(dir, CHECKPOINT_TEMP), { recursive: true });
    const run = await cli(['check', ...M, '--checkpoint', dir, '--time-limit', '0.001', '--quiet', '--format', 'json']);
    assert.equal(run.code, 74, run.stderr);
    const report = JSON.parse(run.stdout) as { status: string; bound: string; exitCode: number; ioError: unknown };
    assert.deepEqual([report.status, report.bound, report.exitCode], ['incomplete', 'ioError', 74]);
    assert.deepEqual(report.ioError, { path: join(dir, CHECKPOINT_TEMP), code: 'EISDIR', message: `cannot write ${join(dir, CHECKPOINT_TEMP)}: illegal operation on a directory (EISDIR)` });
  });

  it('exit 74 comes before the verdicts found before the error', () => {
    const base = { spec: 's', constants: {}, invariants: [{ name: 'Safe', verdict: 'violated' as const }], properties: [], symmetry: [], stats: { distinct: 1, generated: 1, depth: 1, queue: 0, seconds: 0, collisionProbability: 0, exact: false, seenBytesPerState: 0, workers: 1 } };
    const ioError = { path: '/s/queue-0.bin', code: 'ENOSPC', message: 'cannot write /s/queue-0.bin: no space left on device (ENOSPC)' };
    assert.equal(exitCodeOf({ ...base, status: 'violation', ioError } as CheckResult<State>), 74);
    assert.equal(exitCodeOf({ ...base, invariants: [], status: 'incomplete', bound: 'ioError', ioError } as CheckResult<State>), 74);
    assert.equal(exitCodeOf({ ...base, status: 'violation' } as CheckResult<State>), 12);
  });
});

describe('pika-mc check --spill', () => {
  it('refuses a directory that does not exist with one line, exit 2, making nothing', async () => {
    const missing = join(root, 'no', 'such');
    const run = await cli(['check', '--spill', missing, '--quiet']);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, `error: cannot spill to ${missing} (ENOENT): give an existing directory this run can write files in\n`);
  });
});
