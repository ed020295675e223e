import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli, exampleTs, refuses, ROOT, tempDir } from './helpers.js';

interface JsonTrace {
  invariants: { name: string; trace?: { action: { label: string } | null; state: { [name: string]: unknown } }[] }[];
}
interface ItfTrace {
  states: ({ '#meta': { index: number; action?: string } } & { [name: string]: unknown })[];
}

async function written(args: string[], file: string): Promise<string> {
  const path = join(tempDir(), file);
  const run = await cli([...args, '--out', path, '--quiet']);
  assert.ok(run.code === 12 || run.code === 0, run.stderr);
  return path;
}

describe('pika-mc replay', () => {
  it('replays every trace of a check --format json file, exit 0', async () => {
    const path = await written(['check', '--format', 'json'], 'race.json');
    const run = await cli(['replay', path]);
    assert.equal(run.code, 0, run.stderr);
    for (const name of ['SnapshotCoversApplied', 'NoDuplicateApply', 'ReplicaConverges']) {
      assert.match(run.stdout, new RegExp(`✓ replays: ${name} is violated, \\d+ states`));
    }
    assert.match(run.stdout, /BgsaveCapture/);
  });

  it('replays an ITF trace and prints it in any format', async () => {
    const path = await written(['check', '--format', 'itf', '--invariant', 'SnapshotCoversApplied'], 'race.itf.json');
    const tlc = await cli(['replay', path, '--format', 'tlc']);
    assert.equal(tlc.code, 0, tlc.stderr);
    assert.match(tlc.stdout, /^Error: Invariant SnapshotCoversApplied is violated\.\nError: The behavior up to this point is:\nState 1: <Initial predicate>/);
    assert.match(tlc.stdout, /^State 7: <BgsaveCapture>$/m);
    const itf = await cli(['replay', path, '--format', 'itf']);
    assert.deepEqual(JSON.parse(itf.stdout), JSON.parse(readFileSync(path, 'utf8')), 'ITF in, the same ITF out');
    const mermaid = await cli(['replay', path, '--format', 'mermaid']);
    assert.match(mermaid.stdout, /bgsave->>binlog: \[7\] BgsaveCapture/);
    const json = await cli(['replay', path, '--format', 'json']);
    const doc = JSON.parse(json.stdout) as { spec: string; model: string; traces: { name: string; traceLength: number }[] };
    assert.equal(doc.spec, 'PikaReplication');
    assert.deepEqual(doc.traces.map((t) => [t.name, t.traceLength]), [['SnapshotCoversApplied', 7]]);
    // replay's own JSON replays too.
    const again = join(tempDir(), 'again.json');
    writeFileSync(again, json.stdout);
    assert.equal((await cli(['replay', again])).code, 0);
  });

  it('re-creates the constants the trace records (another variant, another model)', async () => {
    const serve = await written(['check', '--scenario', 'blpop-serve-path', '--format', 'itf', '--invariant', 'SnapshotCoversApplied'], 'serve.itf.json');
    assert.equal((await cli(['replay', serve])).code, 0);
    const slave = await written(['check', '--model', 'slave-bgsave', '--format', 'json'], 'slave.json');
    const run = await cli(['replay', slave, '--format', 'tlc']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Invariant OffsetNotAhead is violated/);
  });

  it('replays a trace of a user spec with --spec, and without it names the --spec to pass', async () => {
    const path = await written(['check', '--spec', exampleTs('snapshotLog'), '--const', 'atomicSnapshot=false', '--format', 'itf', '--invariant', 'ReplicaConverges'], 'log.itf.json');
    const itf = JSON.parse(readFileSync(path, 'utf8')) as { '#meta': { module: string; constants: { atomicSnapshot: boolean } } };
    assert.equal(itf['#meta'].module, exampleTs('snapshotLog'));
    assert.equal(itf['#meta'].constants.atomicSnapshot, false);
    await refuses(['replay', path], /names the spec module/, new RegExp(`pass --spec ${exampleTs('snapshotLog').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'm'));
    const run = await cli(['replay', path, '--spec', exampleTs('snapshotLog')]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /replays: ReplicaConverges is violated, 5 states/);
  });

  it('a tampered state: exit 1, the step and the variable that differs', async () => {
    const path = await written(['check', '--format', 'json'], 'race.json');
    const doc = JSON.parse(readFileSync(path, 'utf8')) as JsonTrace;
    const trace = doc.invariants[0]?.trace ?? [];
    (trace[3] as { state: { [name: string]: unknown } }).state['db'] = { k1: 5 };
    writeFileSync(path, JSON.stringify(doc));
    const run = await cli(['replay', path]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^trace SnapshotCoversApplied does not replay at step 4: DoCommand\(c1\) does not lead to this state: db is \[k1 ↦ 5\] in the trace, \[k1 ↦ 1\] by the spec$/m);
    const line = run.stderr.split('\n').find((l) => l.startsWith('trace ')) as string;
    assert.ok(readFileSync(join(ROOT, 'docs/formats.md'), 'utf8').includes(`\n${line}\n`), `docs/formats.md shows the line as replay prints it: ${line}`);
  });

  it('a tampered state of an ITF trace: the values as check prints them, as docs/formats.md says', async () => {
    const path = await written(['check', '--format', 'itf', '--invariant', 'SnapshotCoversApplied'], 'race.itf.json');
    const doc = JSON.parse(readFileSync(path, 'utf8')) as ItfTrace;
    (doc.states[3] as ItfTrace['states'][number])['db'] = { '#map': [['k1', { '#bigint': '5' }]] };
    writeFileSync(path, JSON.stringify(doc));
    const run = await cli(['replay', path]);
    assert.equal(run.code, 1);
    const line = 'trace SnapshotCoversApplied does not replay at step 4: DoCommand(c1) does not lead to this state: db is [k1 ↦ 5] in the trace, [k1 ↦ 1] by the spec';
    assert.equal(run.stderr, `${line}\n`);
    assert.ok(readFileSync(join(ROOT, 'docs/formats.md'), 'utf8').includes(`\n${line}\n`), 'docs/formats.md shows the line as replay prints it');
  });

  it('an action that is not enabled, an unknown action, a trace that shows no violation: exit 1 with why', async () => {
    const path = await written(['check', '--format', 'itf', '--invariant', 'SnapshotCoversApplied'], 'race.itf.json');
    const original = readFileSync(path, 'utf8');
    const variant = (edit: (t: ItfTrace) => void): string => {
      const t = JSON.parse(original) as ItfTrace;
      edit(t);
      const p = join(tempDir(), 'edited.itf.json');
      writeFileSync(p, JSON.stringify(t));
      return p;
    };
    const cases: [string, (t: ItfTrace) => void, RegExp][] = [
      ['wrong action', (t) => void ((t.states[4] as ItfTrace['states'][number])['#meta'].action = 'DoBinlog(c2)'), /at step 5: DoBinlog\(c2\) is not enabled in state 4/],
      ['unknown action', (t) => void ((t.states[2] as ItfTrace['states'][number])['#meta'].action = 'Teleport(c1)'), /at step 3: PikaReplication has no action Teleport/],
      ['no violation', (t) => void t.states.pop(), /at step 6: the last state satisfies SnapshotCoversApplied/],
      ['not initial', (t) => void ((t.states[0] as ItfTrace['states'][number])['snapOff'] = { '#bigint': '1' }), /at step 1: not an initial state of PikaReplication: snapOff is 1 in the trace, 0 by the spec/],
      ['wrong value', (t) => void ((t.states[6] as ItfTrace['states'][number])['snapOff'] = { '#bigint': '9' }), /at step 7: BgsaveCapture does not lead to this state: snapOff is 9 in the trace, 0 by the spec/],
    ];
    for (const [what, edit, why] of cases) {
      const run = await cli(['replay', variant(edit)]);
      assert.equal(run.code, 1, what);
      assert.match(run.stderr, why, what);
      assert.equal(run.stdout, '', what);
    }
  });

  it('accepts ITF written by other tools: plain integers, reordered sets, no action labels', async () => {
    const path = await written(['check', '--format', 'itf', '--invariant', 'SnapshotCoversApplied'], 'race.itf.json');
    const t = JSON.parse(readFileSync(path, 'utf8')) as ItfTrace;
    for (const state of t.states) {
      delete state['#meta'].action;
      state['snapOff'] = Number((state['snapOff'] as { '#bigint': string })['#bigint']);
    }
    writeFileSync(path, JSON.stringify(t));
    assert.equal((await cli(['replay', path])).code, 0);
  });

  it('refuses a file that is not a trace with one line, exit 2', async () => {
    const dir = tempDir();
    await refuses(['replay', join(dir, 'missing.json')], /cannot read/);
    const notJson = join(dir, 'x.json');
    writeFileSync(notJson, '{ nope');
    await refuses(['replay', notJson], /not JSON/);
    const noTrace = join(dir, 'y.json');
    writeFileSync(noTrace, JSON.stringify({ spec: 'PikaReplication', model: 'replication', invariants: [{ name: 'X', verdict: 'holds' }] }));
    await refuses(['replay', noTrace], /holds no trace/);
    const unknownModel = join(dir, 'z.json');
    writeFileSync(unknownModel, JSON.stringify({ model: 'nope', constants: {}, traces: [{ name: 't', trace: [{ action: null, state: {} }] }] }));
    await refuses(['replay', unknownModel], /--spec/);
  });
});
