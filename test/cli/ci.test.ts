import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { spawn } from 'node:child_process';
import { memoryIo } from '../../cli/io.js';
import { defaultMatrixPath, runCi } from '../../cli/commands/ci.js';
import { formatMatrix } from '../../cli/matrix.js';
import type { MatrixCase } from '../../cli/matrix.js';
import { cli, CLI_MAIN } from './run.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'pika-mc-ci-'));
}

const goodCase = {
  name: 'race',
  model: 'replication',
  constants: { lockScope: 'command', binlogFormat: 'op', clients: 2, keys: 1, ops: 1 },
  expect: {
    SnapshotCoversApplied: { verdict: 'violated', traceLength: 7 },
    OffsetNotAhead: { verdict: 'holds' },
  },
  distinct: 255,
};

function matrixFile(dir: string, data: unknown, name = 'matrix.json'): string {
  const path = join(dir, name);
  writeFileSync(path, typeof data === 'string' ? data : JSON.stringify(data, null, 2));
  return path;
}

describe('pika-mc ci', () => {
  it('passes a matrix whose expectations hold, ending with the N passed, N failed line', async () => {
    const path = matrixFile(tempDir(), { cases: [goodCase] });
    const run = await cli(['ci', '--matrix', path]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^2 passed, 0 failed$/m);
    assert.match(run.stdout, /race\s+SnapshotCoversApplied\s+violated \(7\)\s+violated \(7\)\s+7\s+255/);
  });

  it('fails with exit 1 and prints the trace when an expectation is wrong', async () => {
    const wrong = { ...goodCase, expect: { SnapshotCoversApplied: { verdict: 'holds' }, OffsetNotAhead: { verdict: 'holds' } } };
    const path = matrixFile(tempDir(), { cases: [wrong] });
    const run = await cli(['ci', '--matrix', path]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^1 passed, 1 failed$/m);
    assert.match(run.stdout, /race \/ SnapshotCoversApplied: expected holds, got violated/);
    assert.match(run.stdout, /BgsaveCapture/);
  });

  it('says on stderr which case is under way (in a pipe, the first at once), and nothing with --quiet', async () => {
    const path = matrixFile(tempDir(), { cases: [goodCase, { ...goodCase, name: 'race again' }] });
    const run = await cli(['ci', '--matrix', path]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^Running case 1\/2: race$/m);
    const quiet = await cli(['ci', '--matrix', path, '--quiet']);
    assert.equal(quiet.code, 0);
    assert.equal(quiet.stderr, '');
  });

  it('fails every row of a case whose pinned distinct count does not match', async () => {
    const path = matrixFile(tempDir(), { cases: [{ ...goodCase, distinct: 254 }] });
    const run = await cli(['ci', '--matrix', path]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^0 passed, 2 failed$/m);
    // The verdicts agree; the row shows both counts.
    assert.match(run.stdout, /^race\s+OffsetNotAhead\s+holds\s+holds\s+-\s+255 \(expected 254\)\s+\S+\s+FAIL$/m);
  });

  it('--update prints a row whose expectation it rewrites as updated, from the old to the new, not as a failure', async () => {
    const stale = { ...goodCase, expect: { SnapshotCoversApplied: { verdict: 'holds' }, OffsetNotAhead: { verdict: 'holds' } } };
    const path = matrixFile(tempDir(), { cases: [stale] });
    const run = await cli(['ci', '--matrix', path, '--update']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.doesNotMatch(run.stdout, /FAIL|BgsaveCapture/);
    assert.match(run.stdout, /^race\s+SnapshotCoversApplied\s+holds\s+violated \(7\)\s+7\s+255\s+\S+\s+updated$/m);
    // The case keeps its distinct pin, which the run reproduces: the row that holds is as pinned.
    assert.match(run.stdout, /^race\s+OffsetNotAhead\s+holds\s+holds\s+-\s+255\s+\S+\s+ok$/m);
    assert.match(run.stdout, /^race \/ SnapshotCoversApplied: updated: expected holds, 255 states → violated \(7\), 255 states$/m);
    assert.match(run.stdout, /^1 passed, 1 updated, 0 failed; 1 row written to .*matrix\.json$/m);
    const json = await cli(['ci', '--matrix', matrixFile(tempDir(), { cases: [stale] }), '--update', '--format', 'json']);
    const doc = JSON.parse(json.stdout) as { passed: number; updated: number; failed: number; rows: { updated?: { from: string; to: string } }[] };
    assert.deepEqual([doc.passed, doc.updated, doc.failed], [1, 1, 0]);
    assert.deepEqual(doc.rows[0]?.updated, { from: 'holds, 255 states', to: 'violated (7), 255 states' });
  });

  it('--update counts a row as updated when only the distinct pin of its case is added, in every report', async () => {
    const dir = tempDir();
    const { distinct: _pin, ...rest } = goodCase;
    const unpinned = { ...rest, expect: { OffsetNotAhead: { verdict: 'holds' } } };
    const path = matrixFile(dir, { cases: [unpinned] });
    const summary = matrixFile(dir, '', 'summary.md');
    const junit = join(dir, 'report.xml');
    const run = await cli(['ci', '--matrix', path, '--update', '--junit', junit, '--html', join(dir, 'html')], { GITHUB_STEP_SUMMARY: summary });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^race\s+OffsetNotAhead\s+holds\s+holds\s+-\s+255\s+\S+\s+updated$/m);
    assert.match(run.stdout, /^race \/ OffsetNotAhead: updated: expected holds → holds, 255 states$/m);
    assert.match(run.stdout, /^0 passed, 1 updated, 0 failed; 1 row written to .*matrix\.json$/m);
    assert.match(readFileSync(path, 'utf8'), /"distinct": 255/);
    assert.match(readFileSync(summary, 'utf8'), /: 0 passed, 1 updated, 0 failed/);
    assert.match(readFileSync(summary, 'utf8'), /\| race \| OffsetNotAhead \| holds \| holds \| 255 \| [\d.]+ \| updated \|/);
    const xml = readFileSync(junit, 'utf8');
    assert.match(xml, /tests="1" failures="0"/);
    assert.match(xml, /<testcase classname="race" name="OffsetNotAhead"[^>]*>\s*<system-out>updated: expected holds → holds, 255 states<\/system-out>/);
    assert.match(readFileSync(join(dir, 'html', 'index.html'), 'utf8'), /✓ updated/);
    const json = await cli(['ci', '--matrix', matrixFile(tempDir(), { cases: [unpinned] }), '--update', '--format', 'json']);
    const doc = JSON.parse(json.stdout) as { passed: number; updated: number; failed: number; rows: { expectedDistinct?: number; updated?: { from: string; to: string } }[] };
    assert.deepEqual([doc.passed, doc.updated, doc.failed], [0, 1, 0]);
    assert.equal(doc.rows[0]?.expectedDistinct, undefined);
    assert.deepEqual(doc.rows[0]?.updated, { from: 'holds', to: 'holds, 255 states' });
  });

  const malformed: [string, unknown, RegExp[]][] = [
    ['bad JSON', '{ "cases": [ ', [/not valid JSON/]],
    ['an unknown field', { cases: [{ ...goodCase, colour: 'red' }] }, [/case "race"/, /unknown field "colour"/]],
    ['an unknown lock scope', { cases: [{ ...goodCase, constants: { ...goodCase.constants, lockScope: 'big' } }] }, [/case "race"/, /lockScope/, /big/]],
    ['a missing verdict', { cases: [{ ...goodCase, expect: { OffsetNotAhead: {} } }] }, [/case "race"/, /expect\.OffsetNotAhead/, /verdict/]],
    ['an unknown invariant', { cases: [{ ...goodCase, expect: { Nope: { verdict: 'holds' } } }] }, [/case "race"/, /expect\.Nope/]],
    ['an empty matrix, which would pass having checked nothing', { cases: [] }, [/top level: field "cases" is empty/]],
    ['a half-valid file', { cases: [goodCase, { ...goodCase, name: 'second', expect: { OffsetNotAhead: { verdict: 'maybe' } } }] }, [/case "second"/, /verdict/]],
  ];
  for (const [what, data, patterns] of malformed) {
    it(`refuses ${what} naming the file, the case and the field, with exit 2 and nothing run`, async () => {
      const path = matrixFile(tempDir(), data);
      const run = await cli(['ci', '--matrix', path]);
      assert.equal(run.code, 2, run.stdout + run.stderr);
      assert.equal(run.stdout, '');
      assert.ok(run.stderr.includes(path), run.stderr);
      for (const pattern of patterns) assert.match(run.stderr, pattern);
    });
  }

  it('--update rewrites the expectations, and a second run produces the same file', async () => {
    const dir = tempDir();
    const stale = { ...goodCase, expect: { SnapshotCoversApplied: { verdict: 'holds' }, OffsetNotAhead: { verdict: 'violated', traceLength: 3 } } };
    const path = matrixFile(dir, { cases: [stale] });
    assert.equal((await cli(['ci', '--matrix', path, '--update'])).code, 0);
    const first = readFileSync(path, 'utf8');
    assert.match(first, /"SnapshotCoversApplied": \{ "verdict": "violated", "traceLength": 7 \}/);
    assert.equal((await cli(['ci', '--matrix', path])).code, 0);
    assert.equal((await cli(['ci', '--matrix', path, '--update'])).code, 0);
    assert.equal(readFileSync(path, 'utf8'), first);
  });

  it('--update writes the same file and updates no row when no result changed, keeping the distinct pin of a case with a violation', async () => {
    const { distinct: _pin, ...unpinned } = goodCase;
    const text = formatMatrix({ cases: [goodCase, { ...unpinned, name: 'unpinned' }] as MatrixCase[] });
    const path = matrixFile(tempDir(), text);
    const run = await cli(['ci', '--matrix', path, '--update']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^4 passed, 0 updated, 0 failed; 0 rows written to /m);
    assert.equal(readFileSync(path, 'utf8'), text);
  });

  it('writes JUnit XML with one test case per case × invariant and the trace in the failure', async () => {
    const dir = tempDir();
    const wrong = { ...goodCase, expect: { SnapshotCoversApplied: { verdict: 'holds' }, OffsetNotAhead: { verdict: 'holds' } } };
    const path = matrixFile(dir, { cases: [wrong] });
    const junit = join(dir, 'report.xml');
    await cli(['ci', '--matrix', path, '--junit', junit]);
    const xml = readFileSync(junit, 'utf8');
    assert.match(xml, /<testsuite name="pika-mc ci" tests="2" failures="1"/);
    assert.match(xml, /<testcase classname="race" name="SnapshotCoversApplied"[^>]*>\s*<failure message="expected holds, got violated">/);
    assert.match(xml, /DoCommand\(c\d\)/);
  });

  it('writes the JUnit report into a folder that does not exist yet, as the workflow template asks', async () => {
    const dir = tempDir();
    const path = matrixFile(dir, { cases: [goodCase] });
    const junit = join(dir, 'reports', 'pika-mc-1.xml');
    const run = await cli(['ci', '--matrix', path, '--junit', junit]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(readFileSync(junit, 'utf8'), /<testsuite name="pika-mc ci" tests="2" failures="0"/);
  });

  it('appends a Markdown summary to GITHUB_STEP_SUMMARY', async () => {
    const dir = tempDir();
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '');
    const path = matrixFile(dir, { cases: [goodCase] });
    await cli(['ci', '--matrix', path], { GITHUB_STEP_SUMMARY: summary });
    assert.match(readFileSync(summary, 'utf8'), /\| race \| SnapshotCoversApplied \| violated \(7\) \| violated \(7\) \|/);
  });

  it('prints its whole report when GITHUB_STEP_SUMMARY cannot be written, then says so in one line and exits 74', async () => {
    const dir = tempDir();
    const summary = join(dir, 'no such folder', 'summary.md');
    const path = matrixFile(dir, { cases: [goodCase] });
    const run = await cli(['ci', '--matrix', path, '--quiet'], { GITHUB_STEP_SUMMARY: summary });
    assert.equal(run.code, 74, run.stdout + run.stderr);
    assert.match(run.stdout, /^race\s+OffsetNotAhead\s+holds\s+holds/m);
    assert.match(run.stdout, /^2 passed, 0 failed$/m);
    assert.equal(run.stderr, `error: GITHUB_STEP_SUMMARY ${summary}: cannot append the job summary (ENOENT)\n`);
  });

  it('--html gives each case a report file of its own, apart from index.html and from names that look alike once made safe', async () => {
    const dir = tempDir();
    const names = ['index', 'a/b', 'a_b', 'A_B'];
    const path = matrixFile(dir, { cases: names.map((name) => ({ ...goodCase, name })) });
    const html = join(dir, 'html');
    const run = await cli(['ci', '--matrix', path, '--html', html, '--quiet']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(readdirSync(html).sort(), ['A_B-3.html', 'a_b-2.html', 'a_b.html', 'index-2.html', 'index.html']);
    const index = readFileSync(join(html, 'index.html'), 'utf8');
    assert.match(index, /^<!DOCTYPE html>[^]*<h1>pika-mc ci: /);
    for (const [name, file] of [['index', 'index-2.html'], ['a/b', 'a_b.html'], ['a_b', 'a_b-2.html'], ['A_B', 'A_B-3.html']]) {
      assert.ok(index.includes(`<a href="${encodeURIComponent(file as string)}">${name}</a>`), `${name} links to ${file}`);
      assert.ok(readFileSync(join(html, file as string), 'utf8').includes(`<title>pika-mc: ${name} (`), `${file} is the report of ${name}`);
    }
    // A shard names its cases' files as the whole matrix does: A_B and index run in shard 3 of 3.
    const shard = join(dir, 'shard');
    const third = await cli(['ci', '--matrix', path, '--html', shard, '--shard', '3/3', '--quiet']);
    assert.equal(third.code, 0, third.stdout + third.stderr);
    assert.deepEqual(readdirSync(shard).sort(), ['A_B-3.html', 'index-2.html', 'index.html']);
  });

  it('splits the cases into disjoint shards whose union is the whole matrix', async () => {
    const cases = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ ...goodCase, name }));
    const path = matrixFile(tempDir(), { cases });
    const seen: string[] = [];
    for (const shard of ['1/3', '2/3', '3/3']) {
      const run = await cli(['ci', '--matrix', path, '--shard', shard, '--format', 'json']);
      const json = JSON.parse(run.stdout) as { rows: { case: string }[] };
      seen.push(...new Set(json.rows.map((r) => r.case)));
    }
    assert.deepEqual(seen.sort(), ['a', 'b', 'c', 'd', 'e']);
    assert.equal((await cli(['ci', '--matrix', path, '--shard', '4/3'])).code, 2);
  });

  it('passes a shard that holds no case, saying so on stderr', async () => {
    const path = matrixFile(tempDir(), { cases: [goodCase] });
    const run = await cli(['ci', '--matrix', path, '--shard', '2/2', '--quiet']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^0 passed, 0 failed$/m);
    assert.equal(run.stderr, `shard 2/2 of ${path} holds none of its 1 case: nothing is checked\n`);
  });

  it('runs the shipped default matrix green', async () => {
    const run = await cli(['ci']);
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /^\d+ passed, 0 failed$/m);
  });

  it('--update on the shipped default matrix changes nothing', async () => {
    const copy = join(tempDir(), 'default.json');
    copyFileSync(defaultMatrixPath(), copy);
    const run = await cli(['ci', '--update', '--matrix', copy, '--quiet']);
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /^\d+ passed, 0 updated, 0 failed; 0 rows written to /m);
    assert.equal(readFileSync(copy, 'utf8'), readFileSync(defaultMatrixPath(), 'utf8'));
  });
});

describe('pika-mc ci stopped by a signal', () => {
  it('reports the cases run so far, leaves the matrix as it was, and exits 130', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-ci-signal-'));
    const matrix = join(dir, 'matrix.json');
    const text = `${JSON.stringify({
      cases: [
        { name: 'wide', model: 'replication', constants: { clients: 3, keys: 2, ops: 2, lockScope: 'command+binlog' }, expect: { SnapshotCoversApplied: { verdict: 'holds' } } },
        { name: 'race', model: 'replication', constants: { clients: 2, keys: 1, ops: 1, lockScope: 'none' }, expect: { SnapshotCoversApplied: { verdict: 'violated', traceLength: 5 } } },
      ],
    }, null, 2)}\n`;
    writeFileSync(matrix, text);
    const child = spawn(process.execPath, [CLI_MAIN, 'ci', '--matrix', matrix, '--update'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // The wide case takes many seconds: the signal comes once its progress line says it is under way.
    for (let i = 0; i < 1200 && !/^Running case 1\/2: wide$/m.test(stderr); i++) await new Promise((r) => setTimeout(r, 50));
    assert.match(stderr, /^Running case 1\/2: wide$/m);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    assert.equal(code, 130, stderr);
    assert.match(stderr, /stopped by SIGINT after case wide; 1 not run/);
    assert.doesNotMatch(stdout, /^race /m);
    assert.equal(readFileSync(matrix, 'utf8'), text);
  });

  it('after a signal, shows no row as updated in text, JSON, HTML or the job summary, and writes nothing', async () => {
    const dir = tempDir();
    const stale = { ...goodCase, name: 'stale', expect: { SnapshotCoversApplied: { verdict: 'holds' }, OffsetNotAhead: { verdict: 'holds' } } };
    const text = `${JSON.stringify({ cases: [stale, { ...goodCase, name: 'second' }] }, null, 2)}\n`;
    const path = matrixFile(dir, text);
    const summary = matrixFile(dir, '', 'summary.md');
    const stop = new AbortController();
    const base = memoryIo({ GITHUB_STEP_SUMMARY: summary });
    // On a terminal the progress line names every case: the signal comes as the second starts.
    const io = {
      ...base,
      stderrIsTTY: true,
      err(t: string) {
        base.err(t);
        if (t.includes('case 2/2')) stop.abort('SIGINT');
      },
    };
    const options = { matrix: path, update: true, html: join(dir, 'html'), format: 'json' as const, color: false };
    const code = await runCi(options, io, stop.signal);
    assert.equal(code, 130, base.stderr);
    const doc = JSON.parse(base.stdout) as { passed: number; failed: number; updated?: number; rows: { case: string; passed: boolean; updated?: unknown }[] };
    assert.equal(doc.updated, 0);
    assert.ok(doc.rows.some((r) => r.case === 'stale' && !r.passed), 'the stale row is reported as found, a failure');
    assert.ok(doc.rows.every((r) => r.updated === undefined));
    const index = readFileSync(join(dir, 'html', 'index.html'), 'utf8');
    assert.doesNotMatch(index, /updated/);
    assert.match(index, /<tr class="case fail" data-case="stale">/, 'the index shows the stale case as found, a failure');
    assert.doesNotMatch(readFileSync(summary, 'utf8'), /updated/);
    assert.equal(readFileSync(path, 'utf8'), text);
  });
});
