import type { FlushScope, LockScope, MigrateScope, ReplicationSetup } from './constants.js';

/** A step of a client's command, named after the action that takes it. */
export type ClientStep =
  | 'LockKey'
  | 'LockShared'
  | 'DoCommand'
  | 'DoBinlog'
  | 'UnlockShared'
  | 'UnlockKey'
  | 'LockExclusive'
  | 'UnlockExclusive'
  | 'DoBinlogOtherDb';

/** TLA+'s Unlocked: the BLPOP serve path takes the record lock but never dbs_rw_. */
export const UNLOCKED: readonly ClientStep[] = ['LockKey', 'DoCommand', 'DoBinlog', 'UnlockKey'];

/** TLA+'s Flush: FLUSHDB's exclusive dbs_rw_ covers the flush, and its DoBinlog only under the fix. */
export function flushOrder(scope: FlushScope): readonly ClientStep[] {
  return scope === 'flush'
    ? ['LockKey', 'LockExclusive', 'DoCommand', 'UnlockExclusive', 'DoBinlog', 'UnlockKey']
    : ['LockKey', 'LockExclusive', 'DoCommand', 'DoBinlog', 'UnlockExclusive', 'UnlockKey'];
}

/** TLA+'s Scoped: an ordinary write, with the shared dbs_rw_ where the lock scope puts it. */
export function scopedOrder(scope: LockScope): readonly ClientStep[] {
  switch (scope) {
    case 'none':
      return UNLOCKED;
    case 'command':
      // Up to v4.0.0 DoCommand released the shared lock itself, before DoBinlog ran.
      return ['LockKey', 'LockShared', 'DoCommand', 'UnlockShared', 'DoBinlog', 'UnlockKey'];
    case 'command+binlog':
      // PR #2818 moved the shared lock out to InternalProcessCommand, around both steps.
      return ['LockKey', 'LockShared', 'DoCommand', 'DoBinlog', 'UnlockShared', 'UnlockKey'];
  }
}

/**
 * The slot migration's delete and DEL entry (`DelKeysAndWriteBinlog`): no record lock, no dbs_rw_,
 * as Pika; or, as a candidate fix, locked like an ordinary write under #2818.
 */
export function migrateOrder(scope: MigrateScope): readonly ClientStep[] {
  return scope === 'none' ? ['DoCommand', 'DoBinlog'] : scopedOrder('command+binlog');
}

/**
 * FLUSHDB inside MULTI/EXEC: `ExecCmd::Lock` takes dbs_rw_ exclusively, `ExecCmd::Do` flushes, and
 * no binlog entry is written; or, as a candidate fix, the entry is written under the lock.
 */
export function execFlushOrder(scope: FlushScope): readonly ClientStep[] {
  return scope === 'flush' ? ['LockExclusive', 'DoCommand', 'UnlockExclusive'] : ['LockExclusive', 'DoCommand', 'DoBinlog', 'UnlockExclusive'];
}

/**
 * FLUSHALL since v4.0.1: every DB's dbs_rw_ exclusively around the flushes, then one FLUSHDB entry
 * per DB, DB by DB, after the locks are released; the entries for DBs other than the modelled one
 * change nothing here. The candidate fix writes them before the locks go.
 */
export function flushallOrder(scope: FlushScope, dbs: number, db: number): readonly ClientStep[] {
  const others = (n: number): ClientStep[] => Array.from({ length: n }, () => 'DoBinlogOtherDb');
  const logs: ClientStep[] = [...others(db - 1), 'DoBinlog', ...others(dbs - db)];
  return scope === 'flush'
    ? ['LockKey', 'LockExclusive', 'DoCommand', 'UnlockExclusive', ...logs, 'UnlockKey']
    : ['LockKey', 'LockExclusive', 'DoCommand', ...logs, 'UnlockExclusive', 'UnlockKey'];
}

/** TLA+'s Order(c): the steps of client c's command, by its role. */
export function orderOf(setup: ReplicationSetup): (client: string) => readonly ClientStep[] {
  const orders = {
    plain: scopedOrder(setup.lockScope),
    serve: UNLOCKED,
    migrate: migrateOrder(setup.migrateScope),
    execFlush: execFlushOrder(setup.execFlushScope),
    flushall: flushallOrder(setup.flushallScope, setup.dbs, setup.db),
    flush: flushOrder(setup.flushScope),
  } as const;
  return (client) => orders[setup.roleOf(client)];
}

/** The steps some client of this setup takes: actions outside it can never be enabled. */
export function stepsUsed(setup: ReplicationSetup): ReadonlySet<ClientStep> {
  const order = orderOf(setup);
  return new Set(setup.clients.flatMap((c) => order(c)));
}
