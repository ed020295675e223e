import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli } from '../../run.js';

describe('replay --format html', () => {
  it('writes the traces that replay as one page, a sequence diagram each', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-html-'));
    const json = join(dir, 'race.json');
    assert.equal((await cli(['check', '--scenario', 'race-2805', '--format', 'json', '--out', json, '--quiet'])).code, 12);
    const run = await cli(['replay', json, '--format', 'html', '--out', join(dir, 'replay.html'), '--quiet']);
    assert.equal(run.code, 0, run.stderr);
    const html = readFileSync(join(dir, 'replay.html'), 'utf8');
    const lengths = [...html.matchAll(/<section class="trace" id="[^"]*" data-steps="(\d+)"/g)].map((m) => Number(m[1]));
    assert.deepEqual(lengths, [7, 11, 18]);
    assert.equal(html.includes('<h1>3 traces that replay</h1>'), true);
  });
});
