import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import type { Stats } from '../../../checker/index.js';
import { counted, statsLine } from '../../../cli/render/stats.js';
import { cli } from '../run.js';

/** A spec with one state, where every count the CLI prints is one. */
const ONE_STATE = fileURLToPath(new URL('../../fixtures/modules/oneState.js', import.meta.url));

describe('counted', () => {
  it('gives the noun in the singular for one and in the plural otherwise, with thousands separators', () => {
    assert.equal(counted(1, 'state'), '1 state');
    assert.equal(counted(0, 'state'), '0 states');
    assert.equal(counted(2, 'distinct state'), '2 distinct states');
    assert.equal(counted(1234, 'behaviour'), '1,234 behaviours');
  });

  it('the statistics line of a run of one state', () => {
    const stats = { distinct: 1, generated: 1, depth: 1, queue: 0, seconds: 0, workers: 1 } as Stats;
    assert.match(statsLine(stats), /^1 distinct state, 1 generated, depth 1; /);
  });
});

describe('counts of one in what the CLI prints', () => {
  it('check: a trace of 1 state, a behaviour of 1 distinct state, 1 distinct state in the statistics', async () => {
    const run = await cli(['check', '--spec', ONE_STATE, '--property', 'all', '--no-color']);
    assert.equal(run.code, 12, run.stderr);
    assert.match(run.stdout, /^✗ Positive is violated: shortest trace, 1 state$/m);
    assert.match(run.stdout, /^✗ property ReachesOne is violated: a behaviour of 1 distinct state that never satisfies it$/m);
    assert.match(run.stdout, /^Statistics: 1 distinct state, 1 generated, depth 1; /m);
    assert.doesNotMatch(run.stdout, /\b1 (distinct )?states\b/);
  });

  it('check --format mermaid and --format html: 1 state', async () => {
    const mermaid = await cli(['check', '--spec', ONE_STATE, '--format', 'mermaid']);
    assert.match(mermaid.stdout, /^### Positive is violated \(.*, 1 state\)$/m);
    const html = await cli(['check', '--spec', ONE_STATE, '--format', 'html']);
    assert.match(html.stdout, /shortest trace, 1 state</);
    assert.doesNotMatch(html.stdout, /\b1 states\b/);
  });

  it('simulate: up to 1 behaviour of at most 1 state, 1 behaviour and 1 state visited', async () => {
    const run = await cli(['simulate', '--spec', ONE_STATE, '--runs', '1', '--depth', '1', '--seed', '1', '--no-color', '--quiet']);
    assert.equal(run.code, 12, run.stderr);
    assert.match(run.stdout, /^Simulating up to 1 behaviour of at most 1 state from seed 1;/m);
    assert.match(run.stdout, /, 1 state \(shrinking found none shorter\)$/m);
    assert.match(run.stdout, /^Statistics: 1 behaviour, 1 state visited; /m);
    assert.doesNotMatch(run.stdout, /\b1 (states|behaviours)\b/);
  });
});
