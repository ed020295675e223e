import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { List, Map, Record, Set } from 'immutable';
import { itfValue } from '../../cli/render/itf.js';
import { compile, defineSpec } from '../../checker/index.js';
import { tlcDuration, tlcState } from '../../cli/render/tlc.js';
import { cli, ROOT } from './helpers.js';

const schema = JSON.parse(readFileSync(join(ROOT, 'test', 'ecosystem', 'itf.schema.json'), 'utf8')) as object;
const validateItf = new Ajv({ allErrors: true }).compile(schema);

interface ItfTrace {
  '#meta': { [key: string]: unknown };
  vars: string[];
  states: ({ '#meta': { index: number; action?: string } } & { [name: string]: unknown })[];
}

describe('--format tlc: TLC\'s own text', () => {
  it('prints the race as TLC does: Error lines, State n headers, /\\ var = value, closing statistics', async () => {
    const run = await cli(['check', '--format', 'tlc', '--invariant', 'SnapshotCoversApplied']);
    assert.equal(run.code, 12, run.stderr);
    const out = run.stdout;
    assert.match(out, /^Error: Invariant SnapshotCoversApplied is violated\.\nError: The behavior up to this point is:\nState 1: <Initial predicate>\n/);
    assert.match(out, /^\/\\ binlog = <<>>$/m);
    assert.match(out, /^\/\\ db = \(k1 :> 0\)$/m);
    assert.match(out, /^\/\\ bg = "idle"$/m);
    assert.match(out, /^\/\\ applied = \{<<c1, 0>>\}$/m);
    assert.match(out, /^State 7: <BgsaveCapture>$/m);
    assert.match(out, /^State \d: <DoCommand\(c1\)>$/m);
    // A blank line after each state, then TLC's closing lines.
    assert.match(out, /\/\\ dups = \{\}\n\n\d+ states generated, \d+ distinct states found, \d+ states left on queue\.\n/);
    assert.match(out, /^The depth of the complete state graph search is \d+\.$/m);
    assert.match(out, /^Finished in \d\ds at \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\)$/m);
    assert.equal((out.match(/^State \d+: /gm) ?? []).length, 7);
  });

  it('prints TLC\'s success message and its fingerprint estimate when everything holds', async () => {
    const run = await cli(['check', '--format', 'tlc', '--lock-scope', 'command+binlog']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Model checking completed\. No error has been found\.\n {2}Estimates of the probability that TLC did not check all reachable states\n {2}because two distinct states had the same fingerprint:\n {2}calculated \(optimistic\): {2}val = \d\.\dE-\d+\n259 states generated, 171 distinct states found, 0 states left on queue\.\nThe depth of the complete state graph search is 19\.\n/);
  });

  it('prints every violated invariant, one Error block each', async () => {
    const run = await cli(['check', '--format', 'tlc']);
    for (const name of ['SnapshotCoversApplied', 'NoDuplicateApply', 'ReplicaConverges']) {
      assert.match(run.stdout, new RegExp(`^Error: Invariant ${name} is violated\\.$`, 'm'));
    }
  });

  it('drops the /\\ of a single-variable spec but keeps its name and formats durations as TLC', () => {
    const One = Record({ x: 0 });
    const model = compile(defineSpec({ name: 'One', build: () => ({ init: () => [One()], actions: { Inc: (s: ReturnType<typeof One>) => s.x < 1 && s.set('x', 1) } }) }));
    assert.equal(tlcState(model, One({ x: 3 })), 'x = 3');
    assert.equal(tlcDuration(4.2), '04s');
    assert.equal(tlcDuration(65), '01min 05s');
    assert.equal(tlcDuration(7260), '02h 01min');
  });
});

describe('--format itf: the Informal Trace Format (ADR-015)', () => {
  it('writes a trace that the ITF schema accepts, integers as #bigint, with vars, states and #meta', async () => {
    const run = await cli(['check', '--format', 'itf', '--invariant', 'SnapshotCoversApplied']);
    assert.equal(run.code, 12, run.stderr);
    const trace = JSON.parse(run.stdout) as ItfTrace;
    assert.ok(validateItf(trace), JSON.stringify(validateItf.errors));
    assert.equal(trace['#meta']['format'], 'ITF');
    assert.equal(trace['#meta']['spec'], 'PikaReplication');
    assert.equal(trace['#meta']['model'], 'replication');
    const constants = trace['#meta']['constants'] as { pikaVersion: string; lockScope: string };
    assert.deepEqual([constants.pikaVersion, constants.lockScope], ['v4.0.0', 'version']);
    assert.equal(trace.states.length, 7);
    assert.ok(trace.vars.includes('snapOff') && trace.vars.includes('binlog'));
    trace.states.forEach((state, i) => {
      assert.equal(state['#meta'].index, i);
      assert.deepEqual(Object.keys(state).filter((k) => k !== '#meta'), trace.vars, 'every state defines exactly the vars');
    });
    assert.equal(trace.states[6]?.['#meta'].action, 'BgsaveCapture');
    assert.deepEqual(trace.states[0]?.['snapOff'], { '#bigint': '0' });
    assert.deepEqual(trace.states[0]?.['db'], { '#map': [['k1', { '#bigint': '0' }]] });
    assert.deepEqual(trace.states[6]?.['snapApp'], { '#set': [{ '#tup': ['c1', { '#bigint': '0' }] }] });
  });

  it('the schema refuses what ADR-015 forbids: plain numbers, # field names, malformed maps', () => {
    const ok = { vars: ['x'], states: [{ '#meta': { index: 0 }, x: { '#bigint': '-3' } }] };
    assert.ok(validateItf(ok));
    assert.ok(!validateItf({ vars: ['x'], states: [{ x: 3 }] }));
    assert.ok(!validateItf({ vars: ['x'], states: [{ x: { '#bigint': '3.5' } }] }));
    assert.ok(!validateItf({ vars: ['x'], states: [{ x: { '#map': [['k']] } }] }));
    assert.ok(!validateItf({ vars: ['x'], states: [{ x: { '#weird': 1 } }] }));
    assert.ok(!validateItf({ states: [] }));
  });

  it('encodes each kind of value as ADR-015 says', () => {
    const R = Record({ a: 1, b: 'x' });
    assert.deepEqual(itfValue(R()), { a: { '#bigint': '1' }, b: 'x' });
    assert.deepEqual(itfValue(List([1, 2])), [{ '#bigint': '1' }, { '#bigint': '2' }]);
    assert.deepEqual(itfValue(List(['c1', 0])), { '#tup': ['c1', { '#bigint': '0' }] });
    assert.deepEqual(itfValue(Set(['b', 'a'])), { '#set': ['a', 'b'] });
    assert.deepEqual(itfValue(Map([[2, true], [1, false]])), { '#map': [[{ '#bigint': '1' }, false], [{ '#bigint': '2' }, true]] });
    assert.deepEqual(itfValue(-12345678901234), { '#bigint': '-12345678901234' });
    assert.deepEqual(itfValue(0.5), { '#unserializable': '0.5' });
  });
});

describe('--format mermaid: a sequence diagram GitHub renders', () => {
  it('draws the race between each client, the dbs_rw_ lock, the binlog, bgsave and the slave', async () => {
    const run = await cli(['check', '--format', 'mermaid', '--invariant', 'SnapshotCoversApplied']);
    assert.equal(run.code, 12);
    const out = run.stdout;
    assert.match(out, /^### SnapshotCoversApplied is violated \(.*7 states\)\n\n```mermaid\nsequenceDiagram\n/);
    const participants = [...out.matchAll(/^ {2}participant (\S+)$/gm)].map((m) => m[1]);
    assert.deepEqual(participants, ['c1', 'c2', 'dbs_rw_', 'binlog', 'bgsave', 'slave']);
    assert.match(out, /^ {2}c1->>dbs_rw_: \[3\] LockShared\(c1\)$/m);
    assert.match(out, /^ {2}c1->>c1: \[4\] DoCommand\(c1\)$/m);
    assert.match(out, /^ {2}bgsave->>dbs_rw_: \[6\] BgsaveLock$/m);
    assert.match(out, /^ {2}bgsave->>binlog: \[7\] BgsaveCapture$/m);
    assert.match(out, /Note over c1,slave: ✗ SnapshotCoversApplied is violated/);
    assert.match(out, /^ {2}Note over c1,dbs_rw_: Cmd::DoCommand, src\/pika_command\.cc#35;L884-L886 at v4\.0\.0: DBLockShared on dbs_rw…<br\/>step = /m);
    assert.match(
      out,
      /\n```\n\n- \[2\] `LockKey\(c1, k1\)`: \[Cmd::InternalProcessCommand, .*\]\(https:\/\/github\.com\/OpenAtomFoundation\/pika\/blob\/v4\.0\.0\/src\/pika_command\.cc#L863-L866\)\n/,
      'under the diagram, each step links to its code',
    );
    assert.match(out, /\n- \[7\] `BgsaveCapture`: \[DB::InitBgsaveEngine, .*\)\n$/);
    const texts = out.slice(0, out.indexOf('\n```\n')).split('\n').filter((l) => /^ {2}\S.*: /.test(l)).map((l) => l.slice(l.indexOf(': ') + 2).replace(/<br\/>/g, ''));
    assert.ok(texts.length > 10);
    for (const text of texts) assert.doesNotMatch(text.replace(/#\d+;/g, ''), /[;<>#]/, `no character Mermaid would read as syntax: ${text}`);
    assert.match(out, /applied = \{#60;#60;c1, 0#62;#62;\}/, 'TLA+ tuples escaped as entity codes');
  });

  it('sends DoBinlog to the binlog and the slave its full sync and binlog entries', async () => {
    const run = await cli(['check', '--format', 'mermaid', '--invariant', 'NoDuplicateApply']);
    assert.match(run.stdout, /c\d->>binlog: \[\d+\] DoBinlog\(c\d\)/);
    assert.match(run.stdout, /bgsave->>slave: \[\d+\] FullSync/);
    assert.match(run.stdout, /binlog->>slave: \[\d+\] SlaveApply/);
  });

  it("gives each lane an id of its own that is none of Mermaid's words: End, c-1 and c.1 stay apart and the diagram parses", async () => {
    const run = await cli(['check', '--spec', join(ROOT, 'dist', 'test', 'fixtures', 'modules', 'mermaidWords.js'), '--format', 'mermaid']);
    assert.equal(run.code, 12, run.stderr);
    const participants = [...run.stdout.matchAll(/^ {2}participant (.*)$/gm)].map((m) => m[1]);
    assert.deepEqual(participants, ['End_2 as End', 'Loop_2 as Loop', 'Note_2 as Note', 'c_1 as c-1', 'c_1_2 as c.1']);
    assert.match(run.stdout, /^ {2}End_2->>End_2: \[2\] End$/m);
    assert.match(run.stdout, /^ {2}Note over Note_2: n = 3$/m);
    assert.match(run.stdout, /^ {2}c_1->>c_1: \[5\] Step\(c-1\)$/m);
    assert.match(run.stdout, /^ {2}c_1_2->>c_1_2: \[6\] Step\(c\.1\)$/m);
    assert.match(run.stdout, /^ {2}Note over End_2,c_1_2: ✗ Small is violated$/m);
  });

  it('takes participants from the first argument or the action name for other specs', async () => {
    const run = await cli(['check', '--spec', join(ROOT, 'examples', 'snapshotLog.ts'), '--const', 'atomicSnapshot=false', '--format', 'mermaid', '--invariant', 'SnapshotMatchesLog']);
    assert.equal(run.code, 12, run.stderr);
    assert.match(run.stdout, /^ {2}w1->>w1: \[3\] Write\(w1\)$/m);
    assert.match(run.stdout, /^ {2}SnapshotValue->>SnapshotValue: \[2\] SnapshotValue$/m);
  });
});
