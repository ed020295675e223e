import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cliProcess } from '../cli/run.js';
import { cli, exampleJs, exampleTs, tempDir } from './helpers.js';

interface CheckJson {
  spec: string;
  model: string;
  module?: string;
  constants: { [name: string]: unknown };
  invariants: { name: string; verdict: string; trace?: unknown[] }[];
  stats: { distinct: number };
}

async function json(args: string[]): Promise<{ code: number; doc: CheckJson; stderr: string }> {
  const run = await cli([...args, '--format', 'json']);
  return { code: run.code, doc: JSON.parse(run.stdout) as CheckJson, stderr: run.stderr };
}

describe('check --spec: a user\'s own spec', () => {
  it('checks the TwoPhase example from its .ts source (through tsx): 288 states as TLC, both invariants hold', async () => {
    const { code, doc, stderr } = await json(['check', '--spec', exampleTs('twoPhase')]);
    assert.equal(code, 0, stderr);
    assert.equal(doc.spec, 'TwoPhase');
    assert.equal(doc.module, exampleTs('twoPhase'));
    assert.equal(doc.stats.distinct, 288);
    assert.deepEqual(doc.invariants.map((v) => [v.name, v.verdict]), [['TCConsistent', 'holds'], ['TPTypeOK', 'holds']]);
  });

  it('checks the SnapshotLog example compiled to an ES module: holds by default', async () => {
    const { code, doc } = await json(['check', '--spec', exampleJs('snapshotLog')]);
    assert.equal(code, 0);
    assert.equal(doc.stats.distinct, 35);
    assert.ok(doc.invariants.every((v) => v.verdict === 'holds'));
  });

  it('finds the lost write when --const makes the snapshot non-atomic, with text output as for Pika', async () => {
    const run = await cli(['check', '--spec', exampleJs('snapshotLog'), '--const', 'atomicSnapshot=false']);
    assert.equal(run.code, 12);
    assert.match(run.stdout, /^SnapshotLog \(--spec .*snapshotLog\.js\): writers = \{w1, w2\}, writesPerWriter = 1, atomicSnapshot = false$/m);
    assert.match(run.stdout, /SnapshotMatchesLog is violated: shortest trace, 4 states/);
    assert.match(run.stdout, /ReplicaConverges is violated: shortest trace, 5 states/);
    assert.match(run.stdout, /2\. SnapshotValue\n.*\n\s+3\. Write\(w1\)/);
  });

  it('parses each --const by its constant\'s type: string lists, integers, booleans', async () => {
    const two = await json(['check', '--spec', exampleTs('twoPhase'), '--const', 'RM=r1,r2']);
    assert.deepEqual(two.doc.constants['RM'], ['r1', 'r2']);
    assert.equal(two.doc.stats.distinct, 56);
    const jsonList = await json(['check', '--spec', exampleTs('twoPhase'), '--const', 'RM=["a","b"]']);
    assert.deepEqual(jsonList.doc.constants['RM'], ['a', 'b']);
    const tlaSet = await json(['check', '--spec', exampleTs('twoPhase'), '--const', 'RM={x, y}']);
    assert.deepEqual(tlaSet.doc.constants['RM'], ['x', 'y']);
    const more = await json(['check', '--spec', exampleTs('snapshotLog'), '--const', 'writesPerWriter=2', '--const', 'writers=w1', '--const', 'atomicSnapshot=TRUE']);
    assert.deepEqual(more.doc.constants, { writers: ['w1'], writesPerWriter: 2, atomicSnapshot: true });
  });

  it('takes constants from --constants file.json, --const winning over it', async () => {
    const file = join(tempDir(), 'constants.json');
    writeFileSync(file, JSON.stringify({ writers: ['a', 'b', 'c'], atomicSnapshot: false }));
    const fromFile = await json(['check', '--spec', exampleTs('snapshotLog'), '--constants', file]);
    assert.deepEqual(fromFile.doc.constants, { writers: ['a', 'b', 'c'], writesPerWriter: 1, atomicSnapshot: false });
    assert.equal(fromFile.code, 12);
    const overridden = await json(['check', '--spec', exampleTs('snapshotLog'), '--constants', file, '--const', 'atomicSnapshot=true']);
    assert.equal(overridden.doc.constants['atomicSnapshot'], true);
    assert.equal(overridden.code, 0);
  });

  it('sets the built-in models\' constants too: scenario < --constants < --const < model flags', async () => {
    const file = join(tempDir(), 'pika.json');
    writeFileSync(file, JSON.stringify({ lockScope: 'command+binlog', clients: 3 }));
    const a = await json(['check', '--constants', file, '--const', 'clients=1']);
    assert.equal(a.doc.constants['lockScope'], 'command+binlog');
    assert.equal(a.doc.constants['clients'], 1);
    const b = await json(['check', '--const', 'clients=1', '--clients', '2', '--const', 'lockScope=command+binlog']);
    assert.equal(b.doc.constants['clients'], 2);
    assert.equal(b.doc.stats.distinct, 171);
    const c = await json(['check', '--scenario', 'blpop-serve-path', '--const', 'servePath=0']);
    assert.equal(c.doc.constants['servePath'], 0);
  });

  it('works in every format, and as a real subprocess', async () => {
    const tlc = await cli(['check', '--spec', exampleTs('snapshotLog'), '--const', 'atomicSnapshot=false', '--format', 'tlc', '--invariant', 'SnapshotMatchesLog']);
    assert.match(tlc.stdout, /^State 4: <SnapshotIndex>\n\/\\ value = 1\n\/\\ log = <<w1>>/m);
    const itf = await cli(['check', '--spec', exampleTs('snapshotLog'), '--const', 'atomicSnapshot=false', '--format', 'itf', '--invariant', 'SnapshotMatchesLog']);
    const trace = JSON.parse(itf.stdout) as { states: { log: unknown }[] };
    assert.deepEqual(trace.states[3]?.log, ['w1']);
    const sub = cliProcess(['check', '--spec', exampleTs('twoPhase'), '--const', 'RM=r1,r2', '--quiet']);
    assert.equal(sub.code, 0, sub.stderr);
    assert.match(sub.stdout, /56 distinct states/);
    const bad = cliProcess(['check', '--spec', exampleTs('twoPhase'), '--const', 'RM=']);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  });
});
