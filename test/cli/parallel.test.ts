import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { cli } from './run.js';

/** The repository root (the tests run from dist/test/cli). */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface JsonRun {
  status: string;
  stats: { distinct: number; generated: number; depth: number; workers: number };
}

async function json(args: string[]): Promise<{ code: number; doc: JsonRun; stderr: string }> {
  const run = await cli([...args, '--format', 'json', '--quiet']);
  return { code: run.code, doc: JSON.parse(run.stdout) as JsonRun, stderr: run.stderr };
}

describe('pika-mc check --workers', () => {
  it('hands a run to the workers once its levels are wide, with the figures of one thread', async () => {
    // Levels of 1, 200 and then 20,000 states: the third passes the default threshold of 16,384, and
    // the run grows the shared trace log past the 65,536 states it has room for at first.
    const wide = join(ROOT, 'dist', 'test', 'checker', 'parallel', 'wide.js');
    const lanes = await json(['check', '--spec', wide, '--const', 'Length=3', '--workers', '2']);
    assert.equal(lanes.code, 0, lanes.stderr);
    assert.equal(lanes.doc.stats.workers, 2);
    assert.deepEqual([lanes.doc.stats.distinct, lanes.doc.stats.generated, lanes.doc.stats.depth], [80201, 80201, 6]);
    const bounded = await json(['check', '--lock-scope', 'command+binlog', '--clients', '3', '--keys', '2', '--max-states', '5000', '--workers', '2', '--parallel-threshold', '0']);
    assert.equal(bounded.code, 152, bounded.stderr);
    assert.equal(bounded.doc.stats.workers, 2);
    assert.equal(bounded.doc.stats.distinct, 5000);
    const small = await json(['check', '--lock-scope', 'command+binlog', '--keys', '2', '--workers', '2']);
    const alone = await json(['check', '--lock-scope', 'command+binlog', '--keys', '2']);
    assert.equal(small.code, 0, small.stderr);
    assert.equal(small.doc.stats.workers, 1);
    assert.deepEqual([small.doc.stats.distinct, small.doc.stats.generated, small.doc.stats.depth], [919, 1817, 19]);
    assert.deepEqual([alone.doc.stats.distinct, alone.doc.stats.generated, alone.doc.stats.depth], [919, 1817, 19]);
  });

  it('says in the text statistics how many workers expanded states, when more than one did', async () => {
    const args = ['check', '--lock-scope', 'command+binlog', '--clients', '3', '--keys', '2', '--max-states', '5000', '--parallel-threshold', '0', '--quiet'];
    const many = await cli([...args, '--workers', '2']);
    assert.match(many.stdout, /Statistics: 5,000 distinct states, .* states\/s\) on 2 workers\n/);
    const one = await cli(['check', '--lock-scope', 'command+binlog', '--keys', '2', '--workers', '2', '--quiet']);
    assert.match(one.stdout, /Statistics: 919 distinct states, .* states\/s\)\n/);
  });

  it('loads a --spec module in each worker, compiled or TypeScript', async () => {
    for (const file of [join(ROOT, 'dist', 'test', 'checker', 'parallel', 'wide.js'), join(ROOT, 'test', 'checker', 'parallel', 'wide.ts')]) {
      const run = await json(['check', '--spec', file, '--const', 'Rows=20', '--const', 'Columns=10', '--workers', '3', '--parallel-threshold', '0']);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.doc.stats.workers, 3, file);
      assert.deepEqual([run.doc.stats.distinct, run.doc.stats.generated, run.doc.stats.depth], [621, 621, 5], file);
    }
  });

  it('runs in this thread with --exact, --coverage or checkpoints unless --workers is given, then refuses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-workers-'));
    const args = ['check', '--lock-scope', 'command+binlog', '--keys', '2'];
    const coverage = await json([...args, '--coverage']);
    assert.equal(coverage.doc.stats.workers, 1);
    const refused = await cli([...args, '--workers', '2', '--checkpoint', dir]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /in-process engine.*--workers 1/);
    const zero = await cli([...args, '--workers', '0']);
    assert.equal(zero.code, 2);
  });

  it('--parallel-threshold starts the worker threads on a small spec, with the figures of one thread', async () => {
    const wide = join(ROOT, 'dist', 'test', 'checker', 'parallel', 'wide.js');
    // Levels of 1, 20, 200, 200 and 200 states: below the default threshold, in one thread.
    const args = ['check', '--spec', wide, '--const', 'Rows=20', '--const', 'Columns=10', '--workers', '2'];
    const alone = await json(args);
    assert.equal(alone.code, 0, alone.stderr);
    assert.equal(alone.doc.stats.workers, 1);
    for (const threshold of ['0', '1', '150']) {
      const run = await json([...args, '--parallel-threshold', threshold]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.doc.stats.workers, 2, threshold);
      assert.deepEqual([run.doc.stats.distinct, run.doc.stats.generated, run.doc.stats.depth], [621, 621, 5], threshold);
    }
    assert.deepEqual([alone.doc.stats.distinct, alone.doc.stats.generated, alone.doc.stats.depth], [621, 621, 5]);
    const above = await json([...args, '--parallel-threshold', '201']);
    assert.equal(above.doc.stats.workers, 1);
    for (const bad of ['-1', 'many', '1.5']) {
      const refused = await cli([...args, '--parallel-threshold', bad]);
      assert.equal(refused.code, 2, bad);
      assert.match(refused.stderr, /--parallel-threshold.*whole number, at least 0/, bad);
    }
    const help = await cli(['check', '--help']);
    assert.match(help.stdout.replace(/\s+/g, ' '), /--parallel-threshold <n> with more than one worker: levels smaller than n states stay in one thread.*\(default: 16384;/);
  });
});
