import { is, Set } from 'immutable';
import type { InvariantInput } from '../../checker/index.js';
import type { ReplicationSetup } from './constants.js';
import type { ReplicationState, WriteId } from './state.js';

/** TLA+'s CoveredIds(n): ids of binlog entries 1..n. */
export function coveredIds(s: ReplicationState, n: number): Set<WriteId> {
  return Set(s.binlog.slice(0, n).map((e) => e.id));
}

/** True once bgsave has captured its snapshot. */
export function captured(s: ReplicationState): boolean {
  return s.bg === 'captured' || s.bg === 'copying' || s.bg === 'done';
}

/** TLA+'s Quiescent: every client has completed all its commands. */
export function quiescent(setup: ReplicationSetup, s: ReplicationState): boolean {
  return s.done.every((n) => n === setup.ops);
}

/** TLA+'s CaughtUp: the slave is synced and has applied the whole binlog. */
export function caughtUp(s: ReplicationState): boolean {
  return s.sl === 'synced' && s.slOff === s.binlog.size;
}

/** The four invariants of PikaReplication.tla. */
export function replicationInvariants(setup: ReplicationSetup): { [name: string]: InvariantInput<ReplicationState> } {
  return {
    SnapshotCoversApplied: {
      description: 'every write whose data is in the snapshot has its binlog entry inside the recorded offset (#2805 breaks it)',
      holds: (s) => !captured(s) || s.snapApp.isSubset(coveredIds(s, s.snapOff)),
    },
    OffsetNotAhead: {
      description: 'every binlog entry inside the recorded offset is in the snapshot: no write is lost',
      holds: (s) => !captured(s) || coveredIds(s, s.snapOff).isSubset(s.snapApp),
    },
    NoDuplicateApply: {
      description: 'the slave never applies a write whose effect it already has',
      holds: (s) => s.dups.isEmpty(),
    },
    ReplicaConverges: {
      description: 'once every client is done and the slave has applied the whole binlog, slave data equals master data',
      holds: (s) => !(quiescent(setup, s) && caughtUp(s)) || is(s.slDb, s.db),
    },
  };
}

/** TLA+'s Terminal: every command done, bgsave done, the slave caught up. */
export function replicationTerminal(setup: ReplicationSetup): (s: ReplicationState) => boolean {
  return (s) => quiescent(setup, s) && s.bg === 'done' && caughtUp(s);
}
