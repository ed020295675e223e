import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { Map, OrderedSet, Record } from 'immutable';
import { compile, defineSpec, either } from '../../checker/index.js';
import { readTraceFile, replayRecorded } from '../../cli/replay.js';
import type { RecordedTrace } from '../../cli/replay.js';
import { toJson } from '../../cli/render/values.js';
import type { Json } from '../../cli/render/values.js';
import { assertRefused, tempDir } from '../ecosystem/helpers.js';
import { cli, CLI_MAIN } from './run.js';

/** A module that, if anything imports it, leaves a file named `imported` beside itself. */
function trapModule(dir: string): { module: string; marker: string } {
  const module = join(dir, 'trap.mjs');
  writeFileSync(module, "import { writeFileSync } from 'node:fs';\nwriteFileSync(new URL('./imported', import.meta.url), 'ran');\nexport default {};\n");
  return { module, marker: join(dir, 'imported') };
}

describe('pika-mc replay runs no code a trace file names', () => {
  const traces = {
    json: (module: string) => ({ model: 'Trap', module, constants: {}, traces: [{ name: 't', trace: [{ action: null, state: { x: 1 } }] }] }),
    itf: (module: string) => ({ '#meta': { model: 'Trap', module, name: 't' }, vars: ['x'], states: [{ '#meta': { index: 0 }, x: 1 }] }),
  };
  for (const [encoding, doc] of Object.entries(traces)) {
    it(`a ${encoding} trace naming a module, without --spec: not imported, exit 2, one line saying to pass --spec <module>`, async () => {
      const dir = tempDir();
      const { module, marker } = trapModule(dir);
      const file = join(dir, `trap.${encoding}.json`);
      writeFileSync(file, JSON.stringify(doc(module)));
      const run = await cli(['replay', file]);
      assert.ok(!existsSync(marker), 'the module named by the trace was imported');
      assertRefused(run, 'replay', /--spec/, new RegExp(`--spec ${module.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`), /trust/);
    });
  }

  it('with --spec, the module given on the command line is loaded (and only that one)', async () => {
    const dir = tempDir();
    const { module, marker } = trapModule(dir);
    const file = join(dir, 'trap.json');
    writeFileSync(file, JSON.stringify(traces.json(join(dir, 'elsewhere.mjs'))));
    const run = await cli(['replay', file, '--spec', module]);
    assert.ok(existsSync(marker), '--spec names the module to load');
    assertRefused(run, 'a module with no spec', /exports no spec/);
  });
});

describe('pika-mc replay against the wrong --spec', () => {
  it('names the spec the trace is of and the one given, not only a constant that the other spec lacks: one line, exit 2', async () => {
    const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/modules/${name}.js`, import.meta.url));
    const file = join(tempDir(), 'perClient.json');
    const check = await cli(['check', '--spec', fixture('perClient'), '--format', 'json', '--out', file, '--quiet']);
    assert.equal(check.code, 12, check.stdout + check.stderr);
    const run = await cli(['replay', file, '--spec', fixture('tokenRing')]);
    assertRefused(run, 'a trace of another spec', /the trace is of spec PerClient, and --spec \S*tokenRing\.js is TokenRing/, /unknown constant 'clients'/);
  });
});

describe('pika-mc replay of a deeply nested file', () => {
  it('refuses JSON nested beyond the limit without parsing it, naming the depth', () => {
    assert.throws(() => readTraceFile('['.repeat(10_000), 'deep.json'), /deep\.json is not a trace: JSON nested more than 1000 levels deep/);
    assert.throws(() => readTraceFile(`{"a":${'{"a":'.repeat(2000)}1${'}'.repeat(2001)}`, 'deep.json'), /nested more than 1000 levels/);
    // Brackets inside strings are text, not nesting.
    const doc = JSON.stringify({ model: 'replication', constants: {}, traces: [{ name: '['.repeat(5000), trace: [{ action: null, state: { s: '{'.repeat(5000) } }] }] });
    assert.equal(readTraceFile(doc, 'wide.json').traces[0]?.name.length, 5000);
  });

  it('a 20 MB file of [ : one line, exit 2, promptly (as a real subprocess)', () => {
    const file = join(tempDir(), 'brackets.json');
    writeFileSync(file, '['.repeat(20 * 1024 * 1024));
    // Before the depth guard, JSON.parse alone spent about 8 s and 1 GB here (45 s and 5 GB for 100 MB).
    const run = spawnSync(process.execPath, [CLI_MAIN, 'replay', file], { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' });
    assert.equal(run.signal, null, 'killed at the timeout');
    assertRefused({ code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr }, 'replay brackets.json', /nested more than 1000 levels deep/);
  });
});

describe('pika-mc replay shows values as check does', () => {
  type Vars = { [name: string]: unknown };
  const ENCODINGS = /#map|#bigint|#set|#tup|#meta/;

  async function written(format: 'itf' | 'json'): Promise<string> {
    const path = join(tempDir(), `race.${format}.json`);
    const run = await cli(['check', '--invariant', 'SnapshotCoversApplied', '--format', format, '--out', path, '--quiet']);
    assert.equal(run.code, 12, run.stderr);
    return path;
  }

  /** Writes a copy of an ITF trace with state `index` (0-based) edited. */
  function editedItf(path: string, index: number, vars: Vars): string {
    const doc = JSON.parse(readFileSync(path, 'utf8')) as { states: Vars[] };
    Object.assign(doc.states[index] as Vars, vars);
    const edited = join(tempDir(), 'edited.itf.json');
    writeFileSync(edited, JSON.stringify(doc));
    return edited;
  }

  /** Writes a copy of a check --format json file with state `index` (0-based) of its first trace edited. */
  function editedJson(path: string, index: number, vars: Vars): string {
    const doc = JSON.parse(readFileSync(path, 'utf8')) as { invariants: { trace?: { state: Vars }[] }[] };
    Object.assign((doc.invariants[0]?.trace?.[index] as { state: Vars }).state, vars);
    const edited = join(tempDir(), 'edited.json');
    writeFileSync(edited, JSON.stringify(doc));
    return edited;
  }

  async function reason(file: string): Promise<string> {
    const run = await cli(['replay', file]);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stdout, '');
    assert.doesNotMatch(run.stderr, ENCODINGS);
    return run.stderr;
  }

  it('an ITF map, integer, set and tuple that differ: in the words of check\'s text trace', async () => {
    const itf = await written('itf');
    const db = await reason(editedItf(itf, 3, { db: { '#map': [['k1', { '#bigint': '5' }]] } }));
    assert.equal(db, 'trace SnapshotCoversApplied does not replay at step 4: DoCommand(c1) does not lead to this state: db is [k1 ↦ 5] in the trace, [k1 ↦ 1] by the spec\n');
    const applied = await reason(editedItf(itf, 3, { applied: { '#set': [{ '#tup': ['c1', { '#bigint': '7' }] }] } }));
    assert.match(applied, /at step 4: DoCommand\(c1\) does not lead to this state: applied is \{<<c1, 7>>\} in the trace, \{<<c1, 0>>\} by the spec\n$/);
    const initial = await reason(editedItf(itf, 0, { snapOff: { '#bigint': '1' } }));
    assert.match(initial, /at step 1: not an initial state of PikaReplication: snapOff is 1 in the trace, 0 by the spec\n$/);
  });

  it('a value of pika-mc\'s JSON that differs: a map and a set of tuples in the words of check\'s text trace', async () => {
    const json = await written('json');
    const db = await reason(editedJson(json, 3, { db: { k1: 5 } }));
    assert.match(db, /at step 4: DoCommand\(c1\) does not lead to this state: db is \[k1 ↦ 5\] in the trace, \[k1 ↦ 1\] by the spec\n$/);
    const applied = await reason(editedJson(json, 3, { applied: [['c1', 7]] }));
    assert.match(applied, /applied is \{<<c1, 7>>\} in the trace, \{<<c1, 0>>\} by the spec\n$/);
  });

  it('a trace that holds the spec\'s values written another way replays, exit 0: a JSON set or an ITF set in another order, an ITF tuple as a plain array', async () => {
    const json = join(tempDir(), 'race.json');
    assert.equal((await cli(['check', '--format', 'json', '--out', json, '--quiet'])).code, 12);
    const doc = JSON.parse(readFileSync(json, 'utf8')) as { invariants: { name: string; trace?: { state: Vars }[] }[] };
    const state = (doc.invariants.find((v) => v.name === 'ReplicaConverges')?.trace?.[9] as { state: Vars }).state;
    assert.deepEqual(state['applied'], [['c1', 0], ['c2', 0]]);
    state['applied'] = [['c2', 0], ['c1', 0]];
    writeFileSync(json, JSON.stringify(doc));
    const jsonRun = await cli(['replay', json, '--invariant', 'ReplicaConverges']);
    assert.equal(jsonRun.code, 0, jsonRun.stderr);

    const itf = join(tempDir(), 'converges.itf.json');
    assert.equal((await cli(['check', '--invariant', 'ReplicaConverges', '--format', 'itf', '--out', itf, '--quiet'])).code, 12);
    const pairs = [{ '#tup': ['c1', { '#bigint': '0' }] }, { '#tup': ['c2', { '#bigint': '0' }] }];
    const original = JSON.parse(readFileSync(itf, 'utf8')) as { states: Vars[] };
    assert.deepEqual(original.states[9]?.['applied'], { '#set': pairs });
    const reordered = await cli(['replay', editedItf(itf, 9, { applied: { '#set': pairs.slice().reverse() } })]);
    assert.equal(reordered.code, 0, reordered.stderr);

    const tuples = await cli(['replay', editedItf(await written('itf'), 3, { applied: { '#set': [['c1', { '#bigint': '0' }]] } })]);
    assert.equal(tuples.code, 0, tuples.stderr);
  });

  it('regression guard: an ITF trace that replays prints its states as check\'s text trace does', async () => {
    const check = await cli(['check', '--invariant', 'SnapshotCoversApplied', '--no-color']);
    const lines = check.stdout.split('\n');
    const first = lines.findIndex((l) => l.startsWith('  1. '));
    const trace = lines.slice(first, lines.findIndex((l, i) => i > first && !/^ {2}( ?\d+\.| {3})/.test(l))).join('\n');
    assert.match(trace, /applied = \{<<c1, 0>>\}/);
    const run = await cli(['replay', await written('itf'), '--no-color']);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.includes(`\n${trace}\n`), run.stdout);
    assert.doesNotMatch(run.stdout, ENCODINGS);
  });
});

describe('replayRecorded compares the file\'s values with the spec\'s as values', () => {
  const Counter = Record({ n: 5n, names: Map<number, string>(), order: OrderedSet<string>() }, 'Counter');
  type Counter = ReturnType<typeof Counter>;
  /** A bigint that counts up, a map with number keys and an ordered set, none of which a JSON or ITF file writes in only one way. */
  const Counting = defineSpec({
    name: 'Counting',
    build: () => ({
      init: () => [Counter({ names: Map([[1, 'a'], [0, 'b']]), order: OrderedSet(['c2', 'c1']) })],
      actions: { Bump: (s: Counter) => s.set('n', s.n + 1n) },
      modelValues: ['c1', 'c2', 'c3'],
    }),
  });
  const model = compile(Counting);
  const trace = (states: { [name: string]: Json }[]): RecordedTrace => ({ name: 't', steps: states.map((state, i) => ({ label: i === 0 ? null : 'Bump', state })) });

  it('JSON: a bigint written as a string, a map\'s pairs in another order and an ordered set in its order replay', () => {
    const order = ['c2', 'c1'];
    const outcome = replayRecorded(model, 'json', trace([
      { n: '5', names: [[0, 'b'], [1, 'a']], order },
      { n: '6', names: [[1, 'a'], [0, 'b']], order },
    ]));
    assert.equal(outcome.ok, true, outcome.ok ? '' : outcome.reason);
  });

  it('JSON: a bigint that differs is named as a number, not a string', () => {
    const outcome = replayRecorded(model, 'json', trace([{ n: '5', names: [[1, 'a'], [0, 'b']], order: ['c2', 'c1'] }, { n: '7', names: [[1, 'a'], [0, 'b']], order: ['c2', 'c1'] }]));
    assert.deepEqual(outcome, { ok: false, step: 2, reason: 'Bump does not lead to this state: n is 7 in the trace, 6 by the spec' });
  });

  it('ITF: an ordered set that differs is named in the file\'s order; pika-mc\'s own ITF, which sorts a set, replays', () => {
    const names = { '#map': [[{ '#bigint': '0' }, 'b'], [{ '#bigint': '1' }, 'a']] };
    const outcome = replayRecorded(model, 'itf', trace([{ n: { '#bigint': '5' }, names, order: { '#set': ['c3', 'c1'] } }]));
    assert.deepEqual(outcome, { ok: false, step: 1, reason: 'not an initial state of Counting: order is {c3, c1} in the trace, {c2, c1} by the spec' });
    const sorted = replayRecorded(model, 'itf', trace([{ n: { '#bigint': '5' }, names, order: { '#set': ['c1', 'c2'] } }, { n: 6, names, order: { '#set': ['c2', 'c1'] } }]));
    assert.equal(sorted.ok, true, sorted.ok ? '' : sorted.reason);
  });
});

describe('replayRecorded names the value that is off', () => {
  const Pair = Record({ a: 0, b: 0, log: Map<string, number>() }, 'Pair');
  type Pair = ReturnType<typeof Pair>;
  const long = Map(Array.from({ length: 20 }, (_, i) => [`key${String(i).padStart(2, '0')}`, i]));
  /** Two initial states, and an action with two outcomes under one label. */
  const Two = defineSpec({
    name: 'Two',
    build: () => ({
      init: () => [Pair({ a: 1 }), Pair({ b: 1, log: long })],
      actions: { Pick: (s: Pair) => either(s.set('a', 5), s.set('b', 5)) },
    }),
  });
  const model = compile(Two);
  const json = (p: Pair): { [name: string]: Json } => ({ a: p.a, b: p.b, log: toJson(p.log) });

  it('against the nearest initial state, not the first', () => {
    const outcome = replayRecorded(model, 'json', { name: 't', steps: [{ label: null, state: { ...json(Pair({ b: 1, log: long })), a: 7 } }] });
    assert.deepEqual(outcome, { ok: false, step: 1, reason: 'not an initial state of Two: a is 7 in the trace, 0 by the spec' });
  });

  it('against the nearest state the action leads to, not the first', () => {
    const steps = [
      { label: null, state: json(Pair({ a: 1 })) },
      { label: 'Pick', state: json(Pair({ a: 1, b: 6 })) },
    ];
    assert.deepEqual(replayRecorded(model, 'json', { name: 't', steps }), { ok: false, step: 2, reason: 'Pick does not lead to this state: b is 6 in the trace, 5 by the spec' });
  });

  it('two long values that differ late, each cut around where they differ', () => {
    const changed = long.set('key19', 99);
    const outcome = replayRecorded(model, 'json', { name: 't', steps: [{ label: null, state: json(Pair({ b: 1, log: changed })) }] });
    assert.ok(!outcome.ok);
    assert.equal(outcome.reason, 
      'not an initial state of Two: log is …key15" ↦ 15, "key16" ↦ 16, "key17" ↦ 17, "key18" ↦ 18, "key19" ↦ 99] in the trace, …key15" ↦ 15, "key16" ↦ 16, "key17" ↦ 17, "key18" ↦ 18, "key19" ↦ 19] by the spec',
    );
  });
});
