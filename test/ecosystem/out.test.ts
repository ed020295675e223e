import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli, refuses, tempDir } from './helpers.js';

const RACE_INVARIANTS = ['NoDuplicateApply', 'ReplicaConverges', 'SnapshotCoversApplied'];

describe('--out', () => {
  it('with {invariant}: one file per violated invariant, in every format', async () => {
    for (const [format, ext] of [['itf', 'itf.json'], ['tlc', 'txt'], ['json', 'json'], ['mermaid', 'md'], ['text', 'txt']] as const) {
      const dir = tempDir();
      const run = await cli(['check', '--format', format, '--out', join(dir, 'traces', `race-{invariant}.${ext}`)]);
      assert.equal(run.code, 12, `${format}: ${run.stderr}`);
      assert.equal(run.stdout, '', 'nothing on stdout');
      const files = readdirSync(join(dir, 'traces')).sort();
      assert.deepEqual(files, RACE_INVARIANTS.map((name) => `race-${name}.${ext}`), format);
      const one = readFileSync(join(dir, 'traces', `race-SnapshotCoversApplied.${ext}`), 'utf8');
      assert.match(one, /SnapshotCoversApplied/);
      assert.doesNotMatch(one, /NoDuplicateApply/, `${format}: a file holds its own trace only`);
      assert.doesNotMatch(one, /\u001b\[/, 'no colour in files');
      assert.match(run.stderr, /wrote .*race-ReplicaConverges/);
    }
  });

  it('without {invariant}: every trace in the one file, for text, tlc, json and mermaid', async () => {
    const dir = tempDir();
    for (const format of ['text', 'tlc', 'json', 'mermaid']) {
      const path = join(dir, `all.${format}`);
      const run = await cli(['check', '--format', format, '--out', path, '--quiet']);
      assert.equal(run.code, 12);
      const text = readFileSync(path, 'utf8');
      for (const name of RACE_INVARIANTS) assert.match(text, new RegExp(name), `${format} holds ${name}`);
    }
    const mermaid = readFileSync(join(dir, 'all.mermaid'), 'utf8');
    assert.equal((mermaid.match(/```mermaid/g) ?? []).length, 3);
    const json = JSON.parse(readFileSync(join(dir, 'all.json'), 'utf8')) as { invariants: unknown[] };
    assert.equal(json.invariants.length, 4);
  });

  it('refuses itf for several traces in one file, saying to add {invariant}, exit 2', async () => {
    const dir = tempDir();
    const path = join(dir, 'race.itf.json');
    await refuses(['check', '--format', 'itf', '--out', path], /itf/, /\{invariant\}/, /SnapshotCoversApplied/);
    assert.ok(!existsSync(path));
    await refuses(['check', '--format', 'itf'], /\{invariant\}/);
  });

  it('writes itf to one file when the run has one trace', async () => {
    const path = join(tempDir(), 'race.itf.json');
    const run = await cli(['check', '--format', 'itf', '--invariant', 'SnapshotCoversApplied', '--out', path]);
    assert.equal(run.code, 12);
    assert.equal((JSON.parse(readFileSync(path, 'utf8')) as { states: unknown[] }).states.length, 7);
  });

  it('writes no trace file when nothing is violated, and says so', async () => {
    const dir = tempDir();
    const run = await cli(['check', '--lock-scope', 'command+binlog', '--format', 'itf', '--out', join(dir, 't-{invariant}.itf.json')]);
    assert.equal(run.code, 0);
    assert.deepEqual(readdirSync(dir), []);
    assert.match(run.stderr, /no trace to write/);
  });

  it('prints the report on stdout when nothing is violated and each trace would have its own file', async () => {
    const dir = tempDir();
    for (const format of ['text', 'json']) {
      const run = await cli(['check', '--lock-scope', 'command+binlog', '--format', format, '--out', join(dir, 't-{invariant}.txt')]);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(readdirSync(dir), []);
      assert.match(run.stderr, /^no trace to write to .*t-\{invariant\}\.txt: the run found none; the report is on stdout$/m);
      if (format === 'json') assert.deepEqual((JSON.parse(run.stdout) as { invariants: { verdict: string }[] }).invariants.map((v) => v.verdict), ['holds', 'holds', 'holds', 'holds']);
      else assert.match(run.stdout, /✓ SnapshotCoversApplied holds[\s\S]*Statistics: /);
    }
  });
});
