import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSync } from '../../../checker/index.js';
import { models } from '../../../spec/pika/index.js';
import diningPhilosophers from '../../../spec/conformance/diningPhilosophers.js';
import readersWriters from '../../../spec/conformance/readersWriters.js';
import { cli } from '../../cli/run.js';

const replication = models.replication.spec;

function verdicts(fairness: string, lockScope = 'command+binlog') {
  const result = checkSync(replication, { constants: { lockScope, fairness }, properties: ['all'] });
  return Object.fromEntries(result.properties.map((p) => [p.name, p.verdict]));
}

describe('Pika temporal properties (TLC, 2/1/1 command+binlog)', () => {
  it('no fairness: <>Terminal and <>Quiescent violated by stuttering', () => {
    const result = checkSync(replication, { constants: { lockScope: 'command+binlog', fairness: 'none' }, properties: ['all'] });
    const terminal = result.properties.find((p) => p.name === 'EventuallyTerminal');
    assert.equal(terminal?.verdict, 'violated');
    assert.equal(terminal?.lasso?.loopStart, null);
    assert.equal(verdicts('none')['EventuallyQuiescent'], 'violated');
  });

  it('weak fairness on every action: both hold', () => {
    assert.deepEqual(verdicts('weak'), { EventuallyTerminal: 'holds', EventuallyQuiescent: 'holds', EventuallyConverges: 'holds' });
  });

  it('weak fairness on everything but SlaveApply: <>Terminal violated, <>Quiescent holds', () => {
    const v = verdicts('weak-except-slave');
    assert.equal(v['EventuallyTerminal'], 'violated');
    assert.equal(v['EventuallyQuiescent'], 'holds');
  });

  it('EventuallyConverges is violated by the #2805 race even with weak fairness', () => {
    assert.equal(verdicts('weak', 'command')['EventuallyConverges'], 'violated');
  });
});

describe('conformance: temporal properties', () => {
  it('DiningPhilosophers NobodyStarves holds with weak fairness per philosopher, and is violated with none', () => {
    assert.equal(checkSync(diningPhilosophers, { properties: ['NobodyStarves'] }).properties[0]?.verdict, 'holds');
    const unfair = checkSync(diningPhilosophers, { constants: { fairness: 'none' }, properties: ['NobodyStarves'] }).properties[0];
    assert.equal(unfair?.verdict, 'violated');
    assert.ok(unfair?.part);
  });

  it('ReadersWriters Liveness holds with its fairness', () => {
    const result = checkSync(readersWriters, { properties: ['all'] });
    assert.equal(result.stats.distinct, 21527);
    assert.deepEqual(result.properties.map((p) => [p.name, p.verdict]), [['Liveness', 'holds']]);
  });
});

describe('pika-mc check --property', () => {
  it('exit 13 and a TLC-style ending with --fairness none', async () => {
    const run = await cli(['check', '--lock-scope', 'command+binlog', '--property', 'all', '--fairness', 'none']);
    assert.equal(run.code, 13);
    assert.match(run.stdout, /property EventuallyTerminal is violated/);
    assert.match(run.stdout, /State \d+: Stuttering/);
  });

  it('a cycle ends with Back to state k', async () => {
    const run = await cli(['check', '--spec', new URL('../../fixtures/modules/pingPong.js', import.meta.url).pathname, '--property', 'all']);
    assert.equal(run.code, 13, run.stdout + run.stderr);
    assert.match(run.stdout, /Back to state 1: Flip/);
  });

  it('JSON carries each property with its lasso', async () => {
    const json = JSON.parse((await cli(['check', '--lock-scope', 'command+binlog', '--property', 'EventuallyTerminal', '--fairness', 'weak-except-slave', '--format', 'json'])).stdout);
    const p = json.properties[0];
    assert.deepEqual([p.name, p.verdict, p.loopStart], ['EventuallyTerminal', 'violated', null]);
    assert.equal(p.trace.length, p.lassoLength);
    assert.equal(json.exitCode, 13);
  });

  it('a plain check stays a safety check, and an unknown property is refused', async () => {
    const plain = JSON.parse((await cli(['check', '--lock-scope', 'command+binlog', '--format', 'json'])).stdout);
    assert.deepEqual(plain.properties, []);
    const bad = await cli(['check', '--property', 'Eventually']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown property 'Eventually' \(valid: EventuallyTerminal/);
  });
});
