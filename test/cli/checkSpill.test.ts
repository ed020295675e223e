import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cli } from './run.js';

const root = mkdtempSync(join(tmpdir(), 'pika-mc-cli-spill-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** The report of a JSON run, but its timing and the options it names. */
function report(stdout: string): unknown {
  const json = JSON.parse(stdout) as { stats: { seconds?: number; statesPerSecond?: number; seenBytesPerState?: number }; options?: unknown };
  delete json.stats.seconds;
  delete json.stats.statesPerSecond;
  delete json.stats.seenBytesPerState;
  delete json.options;
  return json;
}

describe('pika-mc check --spill', () => {
  it('reports what a run in memory does, in one worker, and leaves the directory as it found it', async () => {
    const args = ['check', '--lock-scope', 'command', '--keys', '2', '--format', 'json', '--quiet'];
    const inMemory = await cli([...args, '--workers', '1']);
    const dir = mkdtempSync(join(root, 'spill-'));
    const spilled = await cli([...args, '--spill', dir, '--max-memory', '1024']);
    assert.equal(spilled.code, inMemory.code, spilled.stderr);
    assert.equal(spilled.code, 12);
    assert.deepEqual(report(spilled.stdout), report(inMemory.stdout));
    assert.equal((JSON.parse(spilled.stdout) as { stats: { workers: number } }).stats.workers, 1);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('refuses a directory it cannot write in with one line, exit 2', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    const run = await cli(['check', '--spill', join(file, 'spill'), '--quiet']);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, `error: cannot spill to ${join(file, 'spill')} (ENOTDIR): give an existing directory this run can write files in\n`);
  });
});
