import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli } from '../../run.js';

const race = {
  name: 'race 2/1/1',
  model: 'replication',
  constants: { lockScope: 'command', binlogFormat: 'op', clients: 2, keys: 1, ops: 1 },
  expect: { SnapshotCoversApplied: { verdict: 'violated', traceLength: 7 }, OffsetNotAhead: { verdict: 'holds' } },
};
const wrong = { ...race, name: 'wrong', expect: { SnapshotCoversApplied: { verdict: 'holds' } } };

describe('ci --html', () => {
  it('writes an index with one row per case, linking to a report per case', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-ci-html-'));
    const matrix = join(dir, 'matrix.json');
    writeFileSync(matrix, JSON.stringify({ cases: [race, wrong] }));
    const run = await cli(['ci', '--matrix', matrix, '--html', join(dir, 'html')]);
    assert.equal(run.code, 1);
    assert.deepEqual(readdirSync(join(dir, 'html')).sort(), ['index.html', 'race_2_1_1.html', 'wrong.html']);
    const index = readFileSync(join(dir, 'html', 'index.html'), 'utf8');
    const rows = [...index.matchAll(/<tr class="case (pass|fail)" data-case="([^"]*)">.*?<a href="([^"]*)">/g)].map((m) => [m[2], m[1], m[3]]);
    assert.deepEqual(rows, [
      ['race 2/1/1', 'pass', 'race_2_1_1.html'],
      ['wrong', 'fail', 'wrong.html'],
    ]);
    assert.equal(index.includes('lock scope command (given: the write path of v4.0.0), INCR logged as received (binlog format op given), 2 clients'), true, 'the variant in words');
    assert.equal(index.includes('expected holds, got violated'), true, 'why the case failed');
    const report = readFileSync(join(dir, 'html', 'race_2_1_1.html'), 'utf8');
    assert.match(report, /<section class="trace" id="trace-invariant-SnapshotCoversApplied" data-steps="7"/);
  });

  it("a case's report says deadlock is not checked when its spec does not check it, as check's report does", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-ci-html-'));
    const matrix = join(dir, 'matrix.json');
    const commit = { name: 'commit', model: 't-commit', constants: {}, expect: { TCConsistent: { verdict: 'holds' } } };
    writeFileSync(matrix, JSON.stringify({ cases: [commit, race] }));
    await cli(['ci', '--matrix', matrix, '--html', join(dir, 'html'), '--quiet']);
    const check = join(dir, 'check.html');
    await cli(['check', '--model', 't-commit', '--format', 'html', '--out', check, '--quiet']);
    const deadlock = (file: string): string | undefined => readFileSync(file, 'utf8').match(/<tr><th>deadlock<\/th><td>([^<]*)<\/td><\/tr>/)?.[1];
    assert.equal(deadlock(check), 'not checked');
    assert.equal(deadlock(join(dir, 'html', 'commit.html')), 'not checked');
    assert.equal(deadlock(join(dir, 'html', 'race_2_1_1.html')), 'checked');
  });

  it('refuses an --html folder under a file before checking anything, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-ci-html-'));
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    const run = await cli(['ci', '--html', join(file, 'html')]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^error: --html .*a-file\/html: /);
    assert.equal(run.stdout, '');
  });
});
