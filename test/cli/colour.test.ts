import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../ecosystem/helpers.js';
import { cli, cliProcess } from './run.js';

const ESC = '\u001b[';
const FORCED = { FORCE_COLOR: '1' };

describe('machine formats carry no colour, whatever FORCE_COLOR says', () => {
  for (const format of ['json', 'tlc', 'mermaid']) {
    it(`check --format ${format}`, async () => {
      const run = await cli(['check', '--format', format], FORCED);
      assert.equal(run.code, 12, run.stderr);
      assert.ok(run.stdout.length > 0);
      assert.ok(!run.stdout.includes(ESC), run.stdout.slice(0, 400));
    });
  }

  it('check --format itf', async () => {
    const run = await cli(['check', '--format', 'itf', '--invariant', 'SnapshotCoversApplied'], FORCED);
    assert.equal(run.code, 12, run.stderr);
    assert.ok(!run.stdout.includes(ESC));
    assert.equal((JSON.parse(run.stdout) as { states: unknown[] }).states.length, 7);
  });

  it('check --format tlc when nothing is violated (TLC\'s success line)', async () => {
    const run = await cli(['check', '--format', 'tlc', '--lock-scope', 'command+binlog'], FORCED);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Model checking completed\. No error has been found\.$/m);
    assert.ok(!run.stdout.includes(ESC));
  });

  it('check --dump-graph (DOT)', async () => {
    const path = join(tempDir(), 'race.dot');
    await cli(['check', '--dump-graph', path, '--quiet'], FORCED);
    assert.ok(!readFileSync(path, 'utf8').includes(ESC));
  });

  it('replay in every machine format', async () => {
    const trace = join(tempDir(), 'race.itf.json');
    assert.equal((await cli(['check', '--format', 'itf', '--invariant', 'SnapshotCoversApplied', '--out', trace, '--quiet'])).code, 12);
    for (const format of ['json', 'tlc', 'itf', 'mermaid']) {
      const run = await cli(['replay', trace, '--format', format], FORCED);
      assert.equal(run.code, 0, `${format}: ${run.stderr}`);
      assert.ok(run.stdout.length > 0, format);
      assert.ok(!run.stdout.includes(ESC), `${format}: ${run.stdout.slice(0, 400)}`);
    }
  });

  it('simulate --format json and scenarios --format json', async () => {
    const simulate = await cli(['simulate', '--format', 'json', '--seed', 's', '--runs', '50'], FORCED);
    assert.ok(!simulate.stdout.includes(ESC));
    JSON.parse(simulate.stdout);
    const scenarios = await cli(['scenarios', '--format', 'json'], FORCED);
    assert.ok(!scenarios.stdout.includes(ESC));
  });

  it('as a real subprocess, whose chalk sees FORCE_COLOR in its environment: tlc plain, text coloured', () => {
    const tlc = cliProcess(['check', '--format', 'tlc', '--quiet'], FORCED);
    assert.equal(tlc.code, 12, tlc.stderr);
    assert.match(tlc.stdout, /^Error: Invariant \w+ is violated\.$/m);
    assert.ok(!tlc.stdout.includes(ESC));
    const text = cliProcess(['check', '--quiet'], FORCED);
    assert.ok(text.stdout.includes(ESC), 'text is coloured under FORCE_COLOR');
  });
});

describe('text is coloured only for a terminal or FORCE_COLOR, never under NO_COLOR or --no-color', () => {
  it('replay --format text', async () => {
    const trace = join(tempDir(), 'race.itf.json');
    await cli(['check', '--format', 'itf', '--invariant', 'SnapshotCoversApplied', '--out', trace, '--quiet']);
    assert.ok(!(await cli(['replay', trace])).stdout.includes(ESC), 'piped');
    assert.ok((await cli(['replay', trace], FORCED)).stdout.includes(ESC), 'FORCE_COLOR');
    assert.ok(!(await cli(['replay', trace], { ...FORCED, NO_COLOR: '1' })).stdout.includes(ESC), 'NO_COLOR');
    assert.ok(!(await cli(['replay', trace, '--no-color'], FORCED)).stdout.includes(ESC), '--no-color');
  });
});
