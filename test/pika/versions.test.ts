import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Set as ImmutableSet } from 'immutable';
import { compile, successorsOf } from '../../checker/index.js';
import { COMMANDS, releaseLogging } from '../../spec/pika/commands.js';
import { replication, replicationVariant } from '../../spec/pika/index.js';
import type { ReplicationConstants } from '../../spec/pika/index.js';
import type { ReplicationState } from '../../spec/pika/state.js';
import { cli } from '../cli/run.js';
import { assertCell, REPLICATION_INVARIANTS } from './cells.js';
import type { Cell } from './cells.js';

/** Every binlog entry kind a run can write, from the whole state space. */
function entryKinds(constants: Partial<ReplicationConstants>): string[] {
  const model = compile(replication, constants);
  const kinds = new Set<string>();
  let seen = ImmutableSet<ReplicationState>();
  const queue = [...model.init()] as ReplicationState[];
  while (queue.length > 0) {
    const s = queue.pop()!;
    if (seen.has(s)) continue;
    seen = seen.add(s);
    for (const e of s.binlog) kinds.add(e.kind);
    for (const next of successorsOf(model, s)) queue.push(next.state as ReplicationState);
  }
  return [...kinds].sort();
}

describe('--pika-version sets the lock scope and the logging table together', () => {
  it('logs INCR and INCRBY as their value from v4.0.1 (#2833), every other command as received', () => {
    for (const command of COMMANDS) {
      assert.equal(releaseLogging(command, 'v4.0.0'), 'op', command);
      const expected = command === 'incr' || command === 'incrby' ? 'value' : 'op';
      assert.equal(releaseLogging(command, 'v4.0.1'), expected, command);
      assert.equal(releaseLogging(command, 'later'), expected, command);
    }
  });

  const CORE: readonly (readonly [Partial<ReplicationConstants>, readonly [Cell, Cell, Cell, Cell]])[] = [
    // v4.0.0 is the TLC configuration: lock scope command, INCR as INCR.
    [{ pikaVersion: 'v4.0.0' }, [7, [255, 389, 19], 11, 18]],
    // v4.0.1 and later: #2818's lock scope, and INCR as its value.
    [{ pikaVersion: 'v4.0.1' }, [[171, 259, 19], [171, 259, 19], [171, 259, 19], [171, 259, 19]]],
    [{ pikaVersion: 'later', commands: 'decr' }, [[171, 259, 19], [171, 259, 19], [171, 259, 19], [171, 259, 19]]],
    // The lock scope given overrides the version's: #2833 alone hides the race for INCR only.
    [{ pikaVersion: 'v4.0.1', lockScope: 'command' }, [7, [255, 389, 19], 11, [255, 389, 19]]],
    [{ pikaVersion: 'v4.0.1', lockScope: 'command', commands: 'decr' }, [7, [255, 389, 19], 11, 18]],
    // Today's flags given explicitly keep today's figures whatever the version.
    [{ pikaVersion: 'v4.0.1', lockScope: 'command', binlogFormat: 'op' }, [7, [255, 389, 19], 11, 18]],
    [{ pikaVersion: 'later', lockScope: 'none', binlogFormat: 'value' }, [5, [233, 373, 15], 9, [233, 373, 15]]],
  ];
  for (const [constants, cells] of CORE) {
    it(`${JSON.stringify(constants)}: every invariant as the table says`, () => {
      REPLICATION_INVARIANTS.forEach((invariant, i) => assertCell(replication, constants, invariant, cells[i] as Cell));
    });
  }

  it('writes the binlog entries the version writes, and the given format overrides it for every command', () => {
    assert.deepEqual(entryKinds({ pikaVersion: 'v4.0.0', commands: 'incr,decr' }), ['decr', 'incr']);
    assert.deepEqual(entryKinds({ pikaVersion: 'v4.0.1', commands: 'incr,decr' }), ['decr', 'set']);
    assert.deepEqual(entryKinds({ pikaVersion: 'v4.0.1', commands: 'incr,decr', binlogFormat: 'op' }), ['decr', 'incr']);
    assert.deepEqual(entryKinds({ pikaVersion: 'v4.0.0', commands: 'incr,decr', binlogFormat: 'value' }), ['set']);
  });

  it('runs the commands of c1, c2, … in the order given, cycled', () => {
    const model = compile(replication, { clients: 3, commands: 'incr,decr', lockScope: 'none' });
    let [state] = [...model.init()] as ReplicationState[];
    const step = (label: string) => {
      state = successorsOf(model, state!).find((s) => s.instance.label === label)!.state as ReplicationState;
    };
    for (const c of ['c1', 'c2', 'c3']) {
      step(`LockKey(${c}, k1)`);
      step(`DoCommand(${c})`);
      step(`DoBinlog(${c})`);
      step(`UnlockKey(${c})`);
    }
    assert.deepEqual(state!.binlog.map((e) => e.kind).toArray(), ['incr', 'decr', 'incr']);
    assert.equal(state!.db.get('k1'), 1);
  });

  it('names the version, the lock scope and each command\'s logging in the variant line', () => {
    const line = (c: Partial<ReplicationConstants>) => replicationVariant({ ...replication.defaults, ...c });
    assert.match(line({}), /^Pika v4\.0\.0: lock scope command, INCR logged as received, 2 clients/);
    assert.match(line({ pikaVersion: 'v4.0.1', commands: 'incr,decr' }), /^Pika v4\.0\.1: lock scope command\+binlog, INCR logged as its value, DECR logged as received, /);
    assert.match(line({ pikaVersion: 'later' }), /^Pika later \(unstable 218b68bb\): /);
    assert.match(line({ pikaVersion: 'v4.0.1', lockScope: 'command' }), /lock scope command \(given: the write path of v4\.0\.0\)/);
    assert.match(line({ lockScope: 'none', binlogFormat: 'value' }), /lock scope none \(given: no release has it\), INCR logged as its value \(binlog format value given\)/);
  });

  it('takes --pika-version and --commands on the command line, and refuses bad values in one line', async () => {
    const run = await cli(['check', '--quiet', '--no-color', '--pika-version', 'v4.0.1', '--commands', 'incr,decr']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Pika v4\.0\.1: lock scope command\+binlog, INCR logged as its value, DECR logged as received/);
    const bad = await cli(['check', '--commands', 'incr,lpush']);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, `error: PikaReplication refuses these constants (commands="incr,lpush"): constant 'commands' mixes key types (string, list) on the same keys, which Pika refuses (WRONGTYPE), got "incr,lpush"\n`);
    const version = await cli(['check', '--pika-version', 'v3.5.5']);
    assert.equal(version.code, 2);
    assert.match(version.stderr, /--pika-version.*v3\.5\.5.*invalid.*v4\.0\.0, v4\.0\.1, later/);
  });
});
