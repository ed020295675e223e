import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSync } from '../../checker/index.js';
import { explainViolation } from '../../spec/pika/explain.js';
import replication from '../../spec/pika/replication.js';
import slaveBgsave from '../../spec/pika/slaveBgsave.js';
import { Entry, writeId } from '../../spec/pika/state.js';
import { labels } from './cells.js';

const shortest = (constants: object, invariant: string) => {
  const result = checkSync(replication, { constants, invariants: [invariant] });
  const trace = result.invariants[0]?.trace;
  assert.ok(trace, `${invariant} should be violated with ${JSON.stringify(constants)}`);
  return trace;
};

/** The client that runs the first step of a trace (`LockKey(c1, k1)` → c1). */
const firstClient = (steps: readonly string[]): string => /\((c\d+)/.exec(steps[0] ?? '')?.[1] ?? '?';

describe('PikaReplication counterexamples read like the code', () => {
  it('#2805 (lock scope command): the shared lock is released before DoBinlog, and bgsave captures in between', () => {
    const steps = labels(shortest({}, 'SnapshotCoversApplied'));
    const c = firstClient(steps);
    assert.deepEqual(steps, [`LockKey(${c}, k1)`, `LockShared(${c})`, `DoCommand(${c})`, `UnlockShared(${c})`, 'BgsaveLock', 'BgsaveCapture']);
  });

  it('#2805: the slave applies the write twice once DoBinlog lands after BgsaveCapture', () => {
    const steps = labels(shortest({}, 'NoDuplicateApply'));
    const c = firstClient(steps);
    assert.ok(steps.indexOf(`DoBinlog(${c})`) > steps.indexOf('BgsaveCapture'), steps.join(' '));
    assert.deepEqual(steps.slice(-3), ['BgsaveUnlock', 'FullSync', 'SlaveApply']);
  });

  it('#2805: the replica ends one INCR ahead of the master', () => {
    const trace = shortest({}, 'ReplicaConverges');
    const last = trace[trace.length - 1]!.state;
    assert.equal(last.db.get('k1'), 2);
    assert.equal(last.slDb.get('k1'), 3);
    assert.ok(labels(trace).includes('FullSync'));
  });

  it('lock scope none: data written with no lock at all, captured before its binlog', () => {
    const steps = labels(shortest({ lockScope: 'none' }, 'SnapshotCoversApplied'));
    const c = firstClient(steps);
    assert.deepEqual(steps, [`LockKey(${c}, k1)`, `DoCommand(${c})`, 'BgsaveLock', 'BgsaveCapture']);
  });

  it('FLUSHDB: the flush is captured while its binlog entry is still to come', () => {
    const steps = labels(shortest({ lockScope: 'command+binlog', flush: 1 }, 'SnapshotCoversApplied'));
    assert.deepEqual(steps, ['LockKey(c2, flushKey)', 'LockExclusive(c2)', 'DoCommand(c2)', 'UnlockExclusive(c2)', 'BgsaveLock', 'BgsaveCapture']);
  });

  it('FLUSHDB: the slave replays the flush and loses a write the master kept', () => {
    const trace = shortest({ lockScope: 'command+binlog', flush: 1 }, 'ReplicaConverges');
    const last = trace[trace.length - 1]!.state;
    assert.equal(last.db.get('k1'), 1);
    assert.equal(last.slDb.get('k1'), 0);
    assert.equal(last.binlog.last()?.kind, 'flush');
  });

  it('every step of every counterexample links to the Pika code it models', () => {
    for (const constants of [{}, { lockScope: 'none' }, { lockScope: 'command+binlog', servePath: 1 }, { flush: 1 }, { pikaVersion: 'later', flush: 1 }]) {
      const result = checkSync(replication, { constants });
      for (const verdict of result.invariants) {
        for (const step of verdict.trace?.slice(1) ?? []) {
          assert.match(step.action?.source ?? '', /^\[\w+::\w+, src\/pika_\w+\.cc#L\d+(-L\d+)? at \w[\w.]*: .+\]\(https:\/\/github\.com\/OpenAtomFoundation\/pika\/blob\/[\w.]+\/src\/pika_\w+\.cc#L\d+(-L\d+)?\)$/);
        }
      }
    }
  });
});

describe('explainViolation', () => {
  it('says why the last state of each replication counterexample is wrong', () => {
    const sca = shortest({}, 'SnapshotCoversApplied');
    const c = firstClient(labels(sca));
    assert.equal(
      explainViolation('SnapshotCoversApplied', sca[sca.length - 1]!.state),
      `The snapshot holds write <<${c}, 0>> (INCR k1), but its binlog entry is not written yet and will land past the recorded offset 0: a slave loaded from this dump applies it again.`,
    );
    const dup = shortest({}, 'NoDuplicateApply');
    const afterBinlog = dup.find((step) => step.action?.label === `DoBinlog(${c})`)!.state;
    assert.equal(
      explainViolation('SnapshotCoversApplied', afterBinlog),
      `The snapshot holds write <<${c}, 0>> (INCR k1), but its binlog entry is #1, past the recorded offset 0: a slave loaded from this dump applies it again.`,
    );
    assert.match(explainViolation('NoDuplicateApply', dup[dup.length - 1]!.state), /^The slave applied write <<c\d, 0>> \(INCR k1\) twice: its effect came with the dump/);
    const rc = shortest({}, 'ReplicaConverges');
    assert.match(explainViolation('ReplicaConverges', rc[rc.length - 1]!.state), /k1 is 2 on the master but 3 on the slave/);
  });

  it('notes that a duplicate is harmless when INCR is logged as its value', () => {
    const trace = shortest({ binlogFormat: 'value' }, 'NoDuplicateApply');
    const text = explainViolation('NoDuplicateApply', trace[trace.length - 1]!.state);
    assert.match(text, /\(INCR k1, logged as SET k1 1\) twice: .*Harmless here: the entry sets an absolute value\.$/);
  });

  it('names FLUSHDB and what replaying it does', () => {
    const trace = shortest({ lockScope: 'command+binlog', flush: 1 }, 'SnapshotCoversApplied');
    assert.match(explainViolation('SnapshotCoversApplied', trace[trace.length - 1]!.state), /write <<c2, 0>> \(FLUSHDB\).*replays the flush/);
  });

  it('explains an offset ahead of the data (the mirror image of #2805)', () => {
    const initial = shortest({}, 'SnapshotCoversApplied')[0]!.state;
    const entry = Entry({ id: writeId('c1', 0), key: 'k1', kind: 'incr', val: 0 });
    const ahead = initial.merge({ bg: 'done', binlog: initial.binlog.push(entry), snapOff: 1 });
    assert.equal(
      explainViolation('OffsetNotAhead', ahead),
      'Binlog entry #1 (write <<c1, 0>>, INCR k1) is inside the recorded offset 1, but the snapshot does not hold its effect: a slave loaded from this dump never gets it.',
    );
  });

  it('explains both slave-bgsave invariants', () => {
    const ahead = checkSync(slaveBgsave, { invariants: ['OffsetNotAhead'] }).invariants[0]!.trace!;
    assert.equal(
      explainViolation('OffsetNotAhead', ahead[ahead.length - 1]!.state),
      "The slave's snapshot records offset 1, but entry #1 (INCR k1) was still queued for its DB worker when bgsave captured: a replica or restore from this dump never gets it.",
    );
    const covers = checkSync(slaveBgsave, { constants: { offsetSource: 'applied' }, invariants: ['SnapshotCoversApplied'] }).invariants[0]!.trace!;
    const text = explainViolation('SnapshotCoversApplied', covers[covers.length - 1]!.state);
    assert.match(text, /^The slave's snapshot holds entry #2 \(INCR k2\), past the recorded offset 0/);
    assert.match(text, /\nEntry #1 was not applied yet/);
  });

  it('says so when the state does not violate the invariant', () => {
    const initial = shortest({}, 'SnapshotCoversApplied')[0]!.state;
    for (const name of ['SnapshotCoversApplied', 'OffsetNotAhead', 'NoDuplicateApply', 'ReplicaConverges']) {
      assert.equal(explainViolation(name, initial), `${name} holds in this state: there is nothing to explain.`);
    }
    assert.equal(explainViolation('TypeOK', initial), 'TypeOK is violated in this state.');
  });
});
