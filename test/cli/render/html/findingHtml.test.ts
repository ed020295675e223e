import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli } from '../../run.js';

describe('report --format html', () => {
  it('writes the finding as a page: the shortest trace and its consequence as sequence diagrams, and the fix proved', async () => {
    const run = await cli(['report', 'race-2805', '--format', 'html']);
    assert.equal(run.code, 0, run.stderr);
    const html = run.stdout;
    assert.equal(html.startsWith('<!DOCTYPE html>'), true);
    const lengths = [...html.matchAll(/<section class="trace" id="([^"]*)" data-steps="(\d+)"/g)].map((m) => [m[1], Number(m[2])]);
    assert.deepEqual(lengths, [
      ['trace-SnapshotCoversApplied', 7],
      ['trace-ReplicaConverges', 18],
    ]);
    assert.match(html, /every invariant holds over the whole state space, 171 distinct states/);
  });

  it('refuses a format it does not know', async () => {
    const run = await cli(['report', 'race-2805', '--format', 'pdf']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /Allowed choices are markdown, html/);
  });
});

describe('report --all --format html', () => {
  it('writes every finding as <scenario>.html', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-findings-'));
    const run = await cli(['report', '--all', dir, '--format', 'html']);
    assert.equal(run.code, 0, run.stderr);
    // stdout carries documents only: what was written is said on stderr.
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^wrote .*\.html.* to /);
    const files = readdirSync(dir);
    assert.ok(files.length > 0 && files.every((f) => f.endsWith('.html')), files.join(', '));
  });
});
