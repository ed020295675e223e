import assert from 'node:assert/strict';
import { instanceOf } from '../../checker/spec/successors.js';
import { describe, it } from 'node:test';
import { List } from 'immutable';
import { checkSync, compile, successorsOf, UsageError } from '../../checker/index.js';
import { explainViolation, models, replication, slaveBgsave } from '../../spec/pika/index.js';
import type { ReplicationConstants } from '../../spec/pika/index.js';

const CLIENT_STEPS = ['LockKey', 'LockShared', 'DoCommand', 'DoBinlog', 'UnlockShared', 'UnlockKey', 'LockExclusive', 'UnlockExclusive'];
const SYNC_STEPS = ['BgsaveLock', 'BgsaveCapture', 'BgsaveUnlock', 'FullSync', 'SlaveApply'];
const TLA_VARIABLES = [
  'db', 'applied', 'binlog', 'step', 'done', 'key', 'recLock', 'readers', 'writer', 'res',
  'bg', 'snapOff', 'snapDb', 'snapApp', 'sl', 'slDb', 'slOff', 'slApp', 'dups',
];

const actionNames = (constants: Partial<ReplicationConstants>) => compile(replication, constants).actions.map((a) => a.name);
const without = (names: readonly string[], ...dropped: string[]) => names.filter((n) => !dropped.includes(n));

describe('PikaReplication: the shape of the spec', () => {
  it('lists the actions in the order of Next, leaving out steps no client of the variant takes', () => {
    const all = [...CLIENT_STEPS, ...SYNC_STEPS];
    assert.deepEqual(actionNames({}), without(all, 'LockExclusive', 'UnlockExclusive'));
    assert.deepEqual(actionNames({ lockScope: 'none' }), without(all, 'LockShared', 'UnlockShared', 'LockExclusive', 'UnlockExclusive'));
    assert.deepEqual(actionNames({ flush: 1 }), all);
    assert.deepEqual(actionNames({ lockScope: 'none', flush: 1 }), without(all, 'LockShared', 'UnlockShared'));
    // No plain client left: nobody takes dbs_rw_ shared, whatever the lock scope.
    assert.deepEqual(actionNames({ servePath: 1, flush: 1 }), without(all, 'LockShared', 'UnlockShared'));
  });

  it('gives every action its clients as parameter, a code reference and a description', () => {
    const model = compile(replication, { clients: 3, servePath: 1, flush: 1 });
    for (const action of model.actions) {
      action.tuples.forEach((_, t) => {
        assert.match(instanceOf(action, t, []).source ?? '', /^\[\w+::\w+, src\/pika_(command|admin|db|consensus|list)\.cc#L\d+(-L\d+)? at v4\.0\.0: .+\]\(https:/, action.name);
      });
      assert.ok((action.description ?? '').length > 10, action.name);
      const expected = CLIENT_STEPS.includes(action.name) ? [['c1'], ['c2'], ['c3']] : [[]];
      assert.deepEqual(action.tuples, expected, action.name);
    }
    const source = (name: string, tuple = 0) => {
      const action = model.actions.find((a) => a.name === name);
      return action ? instanceOf(action, tuple, []).source : undefined;
    };
    assert.equal(
      source('LockKey'),
      "[Cmd::InternalProcessCommand, src/pika_command.cc#L863-L866 at v4.0.0: record lock on the command's keys](https://github.com/OpenAtomFoundation/pika/blob/v4.0.0/src/pika_command.cc#L863-L866)",
    );
    assert.match(source('DoCommand', 1) ?? '', /BlockingBaseCmd::ServeAndUnblockConns/);
    assert.match(source('DoCommand', 2) ?? '', /FlushdbCmd::DoWithoutLock/);
    assert.match(source('BgsaveCapture') ?? '', /DB::InitBgsaveEngine, .*GetProducerStatus/);
    assert.match(source('LockExclusive', 2) ?? '', /FlushdbCmd::Do, /);
  });

  it('describes the four invariants, in the order of the README', () => {
    const model = compile(replication, {});
    assert.deepEqual(
      model.invariants.map((i) => i.name),
      ['SnapshotCoversApplied', 'OffsetNotAhead', 'NoDuplicateApply', 'ReplicaConverges'],
    );
    for (const invariant of model.invariants) assert.ok((invariant.description ?? '').length > 10, invariant.name);
    assert.equal(typeof model.terminal, 'function');
  });

  it('presents the state as the TLA+ variables, in their order, starting from Init', () => {
    const model = compile(replication, { clients: 2, keys: 2 });
    const [initial] = [...model.init()];
    const variables = model.variables(initial!);
    assert.deepEqual(
      variables.map(([name]) => name),
      TLA_VARIABLES,
    );
    const value = Object.fromEntries(variables) as Record<string, { toJS(): unknown } | string | number>;
    assert.deepEqual((value['db'] as { toJS(): unknown }).toJS(), { k1: 0, k2: 0 });
    assert.deepEqual((value['recLock'] as { toJS(): unknown }).toJS(), { k1: 'none', k2: 'none', flushKey: 'none' });
    assert.deepEqual((value['step'] as { toJS(): unknown }).toJS(), { c1: 1, c2: 1 });
    assert.equal(value['writer'], 'none');
    assert.equal(value['bg'], 'idle');
    assert.equal(value['sl'], 'waiting');
  });

  it('records a write id as the List <<c, n>>, so that renaming clients permutes it', () => {
    const result = checkSync(replication, { invariants: ['SnapshotCoversApplied'] });
    const last = result.invariants[0]!.trace!.at(-1)!.state;
    const id = last.snapApp.first();
    assert.ok(List.isList(id));
    assert.equal(id?.get(1), 0);
    assert.match(String(id?.get(0)), /^c[12]$/);
  });

  it('gives the highest-numbered clients FLUSHDB and the ones below them the serve path', () => {
    const model = compile(replication, { clients: 3, servePath: 1, flush: 1 });
    const [initial] = [...model.init()];
    const first = successorsOf(model, initial!).map((s) => s.instance.label);
    assert.deepEqual(first, ['LockKey(c1, k1)', 'LockKey(c2, k1)', 'LockKey(c3, flushKey)', 'BgsaveLock']);
    const next = (label: string) => {
      const state = successorsOf(model, initial!).find((s) => s.instance.label === label)!.state;
      return successorsOf(model, state).map((s) => s.instance.label);
    };
    assert.ok(next('LockKey(c1, k1)').includes('LockShared(c1)'));
    assert.ok(next('LockKey(c2, k1)').includes('DoCommand(c2)'), 'the serve path goes straight to the data');
    assert.ok(next('LockKey(c3, flushKey)').includes('LockExclusive(c3)'));
  });

  it('numbers the clients by role: plain, serve path, slot migration, FLUSHDB in EXEC, FLUSHDB', () => {
    const model = compile(replication, { clients: 5, servePath: 1, migrate: 1, execFlush: 1, flush: 1, keys: 2 });
    const [initial] = [...model.init()];
    assert.deepEqual(
      successorsOf(model, initial!).map((s) => s.instance.label),
      ['LockKey(c1, k1)', 'LockKey(c1, k2)', 'LockKey(c2, k1)', 'LockKey(c2, k2)', 'LockKey(c5, flushKey)', 'DoCommand(c3, k1)', 'DoCommand(c3, k2)', 'LockExclusive(c4)', 'BgsaveLock'],
      'the migration deletes any key with no lock; EXEC takes dbs_rw_ with no record lock',
    );
  });

  it('adds bgsave\'s start and finish only when its whole span is modelled', () => {
    assert.deepEqual(actionNames({ bgsaveSpan: 'whole' }).filter((n) => n.startsWith('Bgsave')), ['BgsaveStart', 'BgsaveLock', 'BgsaveCapture', 'BgsaveUnlock', 'BgsaveFinish']);
    assert.deepEqual(actionNames({}).filter((n) => n.startsWith('Bgsave')), ['BgsaveLock', 'BgsaveCapture', 'BgsaveUnlock']);
  });

  it('lets LockKey choose among the free keys, one successor per key', () => {
    const model = compile(replication, { clients: 1, keys: 3 });
    const [initial] = [...model.init()];
    assert.deepEqual(
      successorsOf(model, initial!).map((s) => s.instance.label),
      ['LockKey(c1, k1)', 'LockKey(c1, k2)', 'LockKey(c1, k3)', 'BgsaveLock'],
    );
  });

  it('declares symmetry only over interchangeable clients and keys', () => {
    const symmetry = (constants: Partial<ReplicationConstants>) => compile(replication, constants).symmetry;
    assert.deepEqual(symmetry({}), { clients: ['c1', 'c2'] });
    assert.deepEqual(symmetry({ keys: 2 }), { clients: ['c1', 'c2'], keys: ['k1', 'k2'] });
    assert.deepEqual(symmetry({ servePath: 1 }), {});
    assert.deepEqual(symmetry({ clients: 4, servePath: 1, flush: 1, keys: 3 }), { clients: ['c1', 'c2'], keys: ['k1', 'k2', 'k3'] });
  });

  it('finds the same verdicts and trace lengths under its symmetry', () => {
    const lengths = (symmetry: boolean) =>
      checkSync(replication, { constants: { clients: 3 }, symmetry }).invariants.map((v) => v.trace?.length ?? v.verdict);
    assert.deepEqual(lengths(true), lengths(false));
  });

  it('names its model values: clients, keys, NoKey and FlushKey', () => {
    const values = compile(replication, { clients: 2, keys: 2 }).modelValues;
    for (const v of ['c1', 'c2', 'k1', 'k2', 'none', 'flushKey']) assert.ok(values.includes(v), v);
  });
});

describe('PikaReplication refuses constants it cannot represent', () => {
  const refused: readonly (readonly [Partial<ReplicationConstants>, RegExp])[] = [
    [{ clients: 0 }, /'clients' must be an integer ≥ 1/],
    [{ keys: 0 }, /'keys' must be an integer ≥ 1/],
    [{ ops: 0 }, /'ops' must be an integer ≥ 1/],
    [{ servePath: -1 }, /'servePath' must be an integer ≥ 0/],
    [{ flush: -1 }, /'flush' must be an integer ≥ 0/],
    [{ lockScope: 'wide' }, /'lockScope' must be one of version, none, command, command\+binlog, got "wide"/],
    [{ binlogFormat: 'json' }, /'binlogFormat' must be one of version, op, value, got "json"/],
    [{ pikaVersion: 'v3.5.5' }, /'pikaVersion' must be one of v4\.0\.0, v4\.0\.1, later, got "v3\.5\.5"/],
    [{ commands: 'incr,getset' }, /'commands' must be a comma list of incr, incrby, decr, decrby, hincrby, zincrby, lpush, lpop, got "incr,getset"/],
    [{ commands: 'incr,lpush' }, /'commands' mixes key types \(string, list\) on the same keys, which Pika refuses \(WRONGTYPE\)/],
    [{ flushScope: 'all' }, /'flushScope' must be one of flush, flush\+binlog, got "all"/],
    [{ clients: 2, servePath: 1, flush: 2 }, /'servePath' \+ 'flush' must be at most 'clients' \(2\), got 1 \+ 2/],
    [{ migrate: -1 }, /'migrate' must be an integer ≥ 0/],
    [{ execFlush: -1 }, /'execFlush' must be an integer ≥ 0/],
    [{ migrateScope: 'command' }, /'migrateScope' must be one of none, command\+binlog, got "command"/],
    [{ execFlushScope: 'none' }, /'execFlushScope' must be one of flush, flush\+binlog, got "none"/],
    [{ bgsaveSpan: 'copy' }, /'bgsaveSpan' must be one of lock, whole, got "copy"/],
    [{ clients: 2, migrate: 1, execFlush: 1, flush: 1 }, /'servePath' \+ 'migrate' \+ 'execFlush' \+ 'flushall' \+ 'flush' must be at most 'clients' \(2\), got 0 \+ 1 \+ 1 \+ 0 \+ 1/],
    [{ pikaVersion: 'v4.0.1', dbs: 2, db: 3 }, /'db' must be at most 'dbs' \(2\), got 3/],
    [{ flushall: 1 }, /'flushall' needs pikaVersion v4\.0\.1 or later: v4\.0\.0 logs one FLUSHALL entry in the current DB's binlog only/],
  ];
  for (const [constants, message] of refused) {
    it(`refuses ${JSON.stringify(constants)}`, () => {
      assert.throws(() => checkSync(replication, { constants }), (e: unknown) => e instanceof UsageError && message.test(e.message));
    });
  }

  it('refuses a fractional count when validate is called directly', () => {
    assert.match(replication.validate({ ...replication.defaults, clients: 1.5 }) ?? '', /'clients' must be an integer/);
  });

  it('accepts the extremes: one client, serve path and FLUSHDB filling every client', () => {
    assert.equal(replication.validate({ ...replication.defaults, clients: 1 }), undefined);
    assert.equal(replication.validate({ ...replication.defaults, clients: 2, servePath: 1, flush: 1 }), undefined);
  });
});

describe('PikaSlaveBgsave: the shape of the spec', () => {
  it('lists its actions in the order of Next, workers over the keys, each with a Pika source', () => {
    const model = compile(slaveBgsave, {});
    assert.deepEqual(
      model.actions.map((a) => a.name),
      ['Receive', 'WorkerLock', 'WorkerApply', 'WorkerUnlock', 'BgsaveLock', 'BgsaveCapture', 'BgsaveUnlock'],
    );
    for (const action of model.actions) {
      assert.match(instanceOf(action, 0, []).source ?? '', /^\[\w+::\w+, src\/pika_(consensus|repl_bgworker|db)\.cc#L\d+(-L\d+)? at v4\.0\.1: .+\]\(https:/, action.name);
      assert.deepEqual(action.tuples, action.name.startsWith('Worker') ? [['k1'], ['k2']] : [[]]);
    }
    assert.deepEqual(model.invariants.map((i) => i.name), ['SnapshotCoversApplied', 'OffsetNotAhead', 'DataMatchesOffset']);
    assert.deepEqual(model.symmetry, {}, 'keys are not interchangeable: entries map to them by position');
  });

  it('queues entry i on key ((i - 1) mod |keys|) + 1', () => {
    const model = compile(slaveBgsave, { entries: 3, keys: 2 });
    let [state] = [...model.init()];
    for (let i = 0; i < 3; i++) state = successorsOf(model, state!).find((s) => s.instance.label === 'Receive')!.state;
    assert.deepEqual(state!.queue.toJS(), { k1: [1, 3], k2: [2] });
  });

  it('refuses bad constants, naming the constant and its values', () => {
    assert.throws(() => checkSync(slaveBgsave, { constants: { entries: 0 } }), /'entries' must be an integer ≥ 1/);
    assert.throws(() => checkSync(slaveBgsave, { constants: { keys: 0 } }), /'keys' must be an integer ≥ 1/);
    assert.throws(() => checkSync(slaveBgsave, { constants: { offsetSource: 'wal' } }), /'offsetSource' must be one of binlog, applied, drain/);
    assert.throws(() => checkSync(slaveBgsave, { constants: { pikaVersion: 'v4.1' } }), /'pikaVersion' must be one of v4\.0\.0, v4\.0\.1, later/);
    assert.throws(() => checkSync(slaveBgsave, { constants: { crashes: -1 } }), /'crashes' must be an integer ≥ 0/);
    assert.throws(() => checkSync(slaveBgsave, { constants: { resumeFrom: 'offset' } }), /'resumeFrom' must be one of binlog, applied, applied\+dedupe/);
  });
});

describe('the Pika models registry', () => {
  it('names both models with a description, and exports explainViolation', () => {
    assert.deepEqual(Object.keys(models), ['replication', 'slave-bgsave']);
    assert.equal(models.replication.spec.name, 'PikaReplication');
    assert.equal(models['slave-bgsave'].spec.name, 'PikaSlaveBgsave');
    for (const entry of Object.values(models)) assert.ok(entry.description.length > 20);
    assert.equal(typeof explainViolation, 'function');
  });
});
