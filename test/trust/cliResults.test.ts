import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { cli } from '../cli/run.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/modules/${name}.js`, import.meta.url));

describe('results from the command line', () => {
  it('a spec that throws: exit 75, with the action instance, the state as variables and the message', async () => {
    const run = await cli(['check', '--spec', fixture('throwing')]);
    assert.equal(run.code, 75, run.stdout + run.stderr);
    assert.match(run.stdout, /failed while evaluating action Step\(c1\): the disk is full/);
    assert.match(run.stdout, /n = 2/);
    const json = JSON.parse((await cli(['check', '--spec', fixture('throwing'), '--format', 'json'])).stdout);
    assert.equal(json.status, 'error');
    assert.deepEqual([json.error.kind, json.error.name, json.error.message, json.error.state.n], ['action', 'Step(c1)', 'the disk is full', 2]);
  });

  it('an unbounded space stopped by --max-memory: statistics so far, the bound named, exit 152', async () => {
    const run = await cli(['check', '--spec', fixture('unbounded'), '--max-memory', '1', '--format', 'json']);
    assert.equal(run.code, 152);
    const json = JSON.parse(run.stdout);
    assert.deepEqual([json.status, json.bound, json.invariants[0].verdict], ['incomplete', 'maxMemory', 'unknown']);
    // Below what the process takes before it explores: said on stderr, with that figure.
    assert.match(run.stderr, /^note: --max-memory 1 is below the \d+ MB this process uses before it explores \(Node and the spec\): the run stops at once$/m);
    const text = await cli(['check', '--spec', fixture('unbounded'), '--time-limit', '0.2']);
    assert.equal(text.code, 152);
    assert.match(text.stdout, /Stopped by the --time-limit bound/);
    assert.match(text.stdout, /Statistics: [\d,]+ distinct states/);
  });

  it('a counterexample that does not replay is an internal error, exit 153, never printed as a trace', async () => {
    const run = await cli(['check', '--spec', fixture('forgetful')]);
    assert.equal(run.code, 153);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /internal error/);
  });
});
