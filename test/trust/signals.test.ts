import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { CLI_MAIN, cliChild } from '../cli/run.js';

const INTERRUPTS_ITS_SEARCH = fileURLToPath(new URL('../fixtures/modules/interruptsItsSearch.js', import.meta.url));

/** Starts a long run, sends `signal` once it is under way, and collects what it printed. */
async function interrupt(signal: NodeJS.Signals, extra: string[] = [], lockScope = 'command+binlog'): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, [CLI_MAIN, 'check', '--lock-scope', lockScope, '--clients', '3', '--keys', '2', '--ops', '2', ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // Wait for the first progress line: the exploration is under way.
  for (let i = 0; i < 400 && !stderr.includes('Progress('); i++) await new Promise((r) => setTimeout(r, 50));
  child.kill(signal);
  const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  return { code, stdout };
}

// Each run waits for its first progress line: they run side by side.
describe('signals stop a run gracefully', { concurrency: true }, () => {
  it('SIGINT: statistics so far and exit 130', async () => {
    const run = await interrupt('SIGINT');
    assert.equal(run.code, 130);
    assert.match(run.stdout, /Stopped by an interrupt/);
    assert.match(run.stdout, /Statistics: [\d,]+ distinct states/);
  });

  it('SIGINT after a violation was found: the violation, the bound that stopped the run, and exit 12', async () => {
    const run = await interrupt('SIGINT', ['--continue', '--format', 'json'], 'none');
    assert.equal(run.code, 12);
    const report = JSON.parse(run.stdout) as { status: string; bound?: string; exitCode: number };
    assert.deepEqual([report.status, report.bound, report.exitCode], ['violation', 'interrupted', 12]);
  });

  it('SIGTERM after a violation was found: exit 12, and the report names SIGTERM as what stopped the run', async () => {
    const run = await interrupt('SIGTERM', ['--continue'], 'none');
    assert.equal(run.code, 12);
    assert.match(run.stdout, /Stopped by SIGTERM before the whole state space was explored/);
  });

  it('SIGTERM: exit 143, and the last checkpoint is written first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-sig-'));
    const run = await interrupt('SIGTERM', ['--checkpoint', dir, '--checkpoint-every', '3600']);
    assert.equal(run.code, 143);
    assert.match(run.stdout, /unknown/);
    assert.match(run.stdout, /Stopped by SIGTERM before the whole state space was explored/);
    assert.ok(existsSync(join(dir, 'checkpoint.bin')));
  });

  it('SIGINT while the temporal properties are searched: the search stops, the run reports, exit 130', async () => {
    // The spec's property sends the SIGINT once it is first evaluated, in the synchronous search.
    const run = await cliChild(['check', '--spec', INTERRUPTS_ITS_SEARCH, '--property', 'all']);
    assert.equal(run.code, 130);
    assert.match(run.stdout, /property ReachesCorner unknown/);
    assert.match(run.stdout, /Stopped by an interrupt/);
    assert.doesNotMatch(run.stdout, /did not hand control back/);
  });
});
