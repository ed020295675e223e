import { at, VERSION_REVISION } from './codeRefs.js';
import type { CodeRef, PikaVersion } from './codeRefs.js';

/** The steps of an ordinary write in `Cmd::InternalProcessCommand`. */
export type WriteStep = 'LockKey' | 'LockShared' | 'DoCommand' | 'DoBinlog' | 'UnlockShared' | 'UnlockKey';

/** The steps of a BLPOP/BRPOP pop served by `BlockingBaseCmd::ServeAndUnblockConns`. */
export type ServeStep = 'LockKey' | 'DoCommand' | 'DoBinlog' | 'UnlockKey';

/** The steps of a FLUSHDB. */
export type FlushStep = 'LockKey' | 'LockExclusive' | 'DoCommand' | 'UnlockExclusive' | 'DoBinlog' | 'UnlockKey';

/** The steps of bgsave, the full sync and the slave's apply. */
export type SyncStep = 'BgsaveLock' | 'BgsaveCapture' | 'BgsaveUnlock' | 'FullSync' | 'SlaveApply';

/** The steps of the slave-bgsave model's slave. */
export type SlaveStep = 'Receive' | 'WorkerLock' | 'WorkerApply' | 'WorkerUnlock';

const v400 = at(VERSION_REVISION['v4.0.0']);
const v401 = at(VERSION_REVISION['v4.0.1']);
const later = at(VERSION_REVISION.later);
const CMD = 'src/pika_command.cc';
const IPC = 'Cmd::InternalProcessCommand';

/**
 * An ordinary write as each version's code has it. Up to v4.0.0 `Cmd::DoCommand` takes and releases
 * the shared dbs_rw_ itself (a DEFER), so `DoBinlog` runs after the unlock; PR #2818 (v4.0.1) moved
 * both into `InternalProcessCommand`, around `DoCommand` and `DoBinlog`.
 */
export const WRITE_PATH: { readonly [V in PikaVersion]: { readonly [S in WriteStep]: CodeRef } } = {
  'v4.0.0': {
    LockKey: v400(CMD, IPC, [863, 866], "record lock on the command's keys"),
    LockShared: v400(CMD, 'Cmd::DoCommand', [884, 886], 'DBLockShared on dbs_rw_, inside DoCommand'),
    DoCommand: v400(CMD, 'Cmd::DoCommand', [892, 912], 'the RocksDB write: Do, or DoThroughDB with the cache'),
    UnlockShared: v400(CMD, 'Cmd::DoCommand', [887, 891], 'DEFER: DBUnlockShared as DoCommand returns, before DoBinlog'),
    DoBinlog: v400(CMD, 'Cmd::DoBinlog', [915, 939], 'ConsensusProposeLog appends the entry; the producer offset moves at the end of Binlog::Put'),
    UnlockKey: v400(CMD, IPC, [878, 880], 'record unlock: the command is complete'),
  },
  'v4.0.1': {
    LockKey: v401(CMD, IPC, [862, 865], "record lock on the command's keys"),
    LockShared: v401(CMD, IPC, [871, 873], 'DBLockShared on dbs_rw_, around DoCommand and DoBinlog (#2818)'),
    DoCommand: v401(CMD, 'Cmd::DoCommand', [889, 913], 'the RocksDB write: Do, or DoThroughDB with the cache'),
    DoBinlog: v401(CMD, 'Cmd::DoBinlog', [938, 962], 'ConsensusProposeLog appends the entry; the producer offset moves at the end of Binlog::Put'),
    UnlockShared: v401(CMD, IPC, [881, 883], 'DBUnlockShared, after DoBinlog'),
    UnlockKey: v401(CMD, IPC, [884, 886], 'record unlock: the command is complete'),
  },
  later: {
    LockKey: later(CMD, IPC, [862, 865], "record lock on the command's keys"),
    LockShared: later(CMD, IPC, [871, 873], 'DBLockShared on dbs_rw_, around DoCommand and DoBinlog (#2818)'),
    DoCommand: later(CMD, 'Cmd::DoCommand', [889, 920], 'the RocksDB write: Do, or DoThroughDB with the cache'),
    DoBinlog: later(CMD, 'Cmd::DoBinlog', [945, 969], 'ConsensusProposeLog appends the entry; the producer offset moves at the end of Binlog::Put'),
    UnlockShared: later(CMD, IPC, [881, 883], 'DBUnlockShared, after DoBinlog'),
    UnlockKey: later(CMD, IPC, [884, 886], 'record unlock: the command is complete'),
  },
};

const LIST = 'src/pika_list.cc';
const SERVE = 'BlockingBaseCmd::ServeAndUnblockConns';

function servePath(ref: ReturnType<typeof at>, lock: number, pop: readonly [number, number], log: readonly [number, number], logFn: string, end: readonly [number, number]) {
  return {
    LockKey: ref(LIST, SERVE, [lock, lock], 'ScopeRecordLock on the list key; dbs_rw_ is never taken'),
    DoCommand: ref(LIST, SERVE, pop, 'LPop/RPop from storage for a blocked client'),
    DoBinlog: ref(LIST, logFn, log, 'DoBinlog of the pop as LPOP/RPOP, still without dbs_rw_'),
    UnlockKey: ref(LIST, SERVE, end, 'the record lock goes as the function returns, after the binlog'),
  };
}

/** A BLPOP/BRPOP pop on the serve path: the record lock only, never dbs_rw_, in every version. */
export const SERVE_PATH: { readonly [V in PikaVersion]: { readonly [S in ServeStep]: CodeRef } } = {
  'v4.0.0': servePath(v400, 185, [197, 202], [228, 250], 'BlockingBaseCmd::WriteBinlogOfPop', [225, 226]),
  'v4.0.1': servePath(v401, 186, [198, 203], [229, 251], 'BlockingBaseCmd::WriteBinlogOfPopAndUpdateCache', [226, 227]),
  later: servePath(later, 186, [198, 203], [229, 251], 'BlockingBaseCmd::WriteBinlogOfPopAndUpdateCache', [226, 227]),
};

const ADMIN = 'src/pika_admin.cc';

/**
 * FLUSHDB: the Suspend flag spares it the shared lock; `FlushdbCmd::Do` holds dbs_rw_ exclusively
 * around the flush only, and the binlog entry is written after `Do` returned.
 */
export const FLUSHDB: { readonly [V in PikaVersion]: { readonly [S in FlushStep]: CodeRef } } = {
  'v4.0.0': {
    LockKey: v400(CMD, IPC, [863, 866], 'record lock on current_key(), the empty key'),
    LockExclusive: v400(ADMIN, 'FlushdbCmd::Do', [578, 579], 'lock_guard on the replica manager lock and dbs_rw_ (exclusive)'),
    DoCommand: v400(ADMIN, 'FlushdbCmd::DoWithoutLock', [606, 617], 'FlushDBWithoutLock empties the DB; its result is ignored'),
    UnlockExclusive: v400(ADMIN, 'FlushdbCmd::Do', [580, 582], 'replies OK whatever the flush did; the lock_guards release dbs_rw_'),
    DoBinlog: v400(CMD, 'Cmd::DoBinlog', [915, 939], 'the FLUSHDB entry, after FlushdbCmd::Do released dbs_rw_'),
    UnlockKey: v400(CMD, IPC, [878, 880], 'record unlock'),
  },
  'v4.0.1': {
    LockKey: v401(CMD, IPC, [862, 865], 'record lock on current_key(), the empty key'),
    LockExclusive: v401(ADMIN, 'FlushdbCmd::Do', [646, 647], 'lock_guard on the replica manager lock and dbs_rw_ (exclusive)'),
    DoCommand: v401(ADMIN, 'FlushdbCmd::DoWithoutLock', [673, 686], 'FlushDBWithoutLock empties the DB, or refuses during a bgsave'),
    UnlockExclusive: v401(ADMIN, 'FlushdbCmd::Do', [648, 656], 'the reply; the lock_guards release dbs_rw_ as Do returns'),
    DoBinlog: v401(ADMIN, 'FlushdbCmd::DoBinlog', [688, 692], 'Cmd::DoBinlog of the FLUSHDB entry when the flush succeeded, after dbs_rw_ is released'),
    UnlockKey: v401(CMD, IPC, [884, 886], 'record unlock'),
  },
  later: {
    LockKey: later(CMD, IPC, [862, 865], 'record lock on current_key(), the empty key'),
    LockExclusive: later(ADMIN, 'FlushdbCmd::Do', [646, 647], 'lock_guard on the replica manager lock and dbs_rw_ (exclusive)'),
    DoCommand: later(ADMIN, 'FlushdbCmd::DoWithoutLock', [673, 686], 'FlushDBWithoutLock empties the DB, or refuses during a bgsave'),
    UnlockExclusive: later(ADMIN, 'FlushdbCmd::Do', [648, 656], 'the reply; the lock_guards release dbs_rw_ as Do returns'),
    DoBinlog: later(ADMIN, 'FlushdbCmd::DoBinlog', [688, 692], 'Cmd::DoBinlog of the FLUSHDB entry when the flush succeeded, after dbs_rw_ is released'),
    UnlockKey: later(CMD, IPC, [884, 886], 'record unlock'),
  },
};

const DB = 'src/pika_db.cc';
const CONSENSUS = 'src/pika_consensus.cc';

function sync(ref: ReturnType<typeof at>, bgsave: number, sync: readonly [number, number], leader: readonly [number, number]) {
  return {
    BgsaveLock: ref(DB, 'DB::InitBgsaveEngine', [bgsave, bgsave + 1], 'lock_guard on dbs_rw_ (exclusive): waits for the readers to drain'),
    BgsaveCapture: ref(DB, 'DB::InitBgsaveEngine', [bgsave + 2, bgsave + 13], 'GetProducerStatus records the offset, then SetBackupContent captures the files'),
    BgsaveUnlock: ref(DB, 'DB::InitBgsaveEngine', [bgsave + 14, bgsave + 14], 'end of the critical section; the file copy comes later'),
    FullSync: ref(DB, 'DB::TryUpdateMasterOffset', sync, "the slave swaps in the dump (ChangeDb), then SetProducerStatus at the dump's offset"),
    SlaveApply: ref(
      CONSENSUS,
      'ConsensusCoordinator::ProcessLeaderLog',
      leader,
      "the slave appends the entry to its binlog and queues its DB write; the model applies each entry in order, at once, with no de-duplication",
    ),
  };
}

/** bgsave on the master, the slave's full sync, and the slave applying the binlog. */
export const SYNC: { readonly [V in PikaVersion]: { readonly [S in SyncStep]: CodeRef } } = {
  'v4.0.0': sync(v400, 322, [467, 480], [341, 353]),
  'v4.0.1': sync(v401, 357, [505, 519], [341, 370]),
  later: sync(later, 357, [505, 519], [341, 370]),
};

const BGWORKER = 'src/pika_repl_bgworker.cc';

function slave(ref: ReturnType<typeof at>, receive: readonly [number, number], worker: string, lock: number) {
  return {
    Receive: ref(CONSENSUS, 'ConsensusCoordinator::ProcessLeaderLog', receive, "InternalAppendLog appends to the slave's binlog, then InternalApplyFollower queues the DB write"),
    WorkerLock: ref(BGWORKER, worker, [lock, lock + 4], 'record lock on the keys, then DBLockShared'),
    WorkerApply: ref(BGWORKER, worker, [lock + 5, lock + 18], 'Do (or DoThroughDB): the DB write'),
    WorkerUnlock: ref(BGWORKER, worker, [lock + 19, lock + 40], 'DBUnlockShared, then the record unlock'),
  };
}

/**
 * The slave of the slave-bgsave model. Up to v4.0.0 the DB write is inline in
 * `HandleBGWorkerWriteDB`; #2808 (v4.0.1) moved it into `WriteDBInSyncWay`, which FLUSHDB's
 * synchronous branch also calls.
 */
export const SLAVE: { readonly [V in PikaVersion]: { readonly [S in SlaveStep]: CodeRef } } = {
  'v4.0.0': slave(v400, [349, 351], 'PikaReplBgWorker::HandleBGWorkerWriteDB', 219),
  'v4.0.1': slave(v401, [349, 354], 'PikaReplBgWorker::WriteDBInSyncWay', 223),
  later: slave(later, [349, 354], 'PikaReplBgWorker::WriteDBInSyncWay', 223),
};

/** How the slave picks the DB worker of an entry: a hash of argv[1] over the workers. */
export const SCHEDULE_WRITE_DB: { readonly [V in PikaVersion]: CodeRef } = {
  'v4.0.0': v400('src/pika_repl_client.cc', 'PikaReplClient::ScheduleWriteDBTask', [101, 108], 'worker = hash(argv[1]) mod the number of DB workers'),
  'v4.0.1': v401('src/pika_repl_client.cc', 'PikaReplClient::ScheduleWriteDBTask', [121, 132], 'worker = hash(argv[1]) mod the number of DB workers; counts the queued writes'),
  later: later('src/pika_repl_client.cc', 'PikaReplClient::ScheduleWriteDBTask', [121, 132], 'worker = hash(argv[1]) mod the number of DB workers; counts the queued writes'),
};

/** The steps of a slot migration thread deleting a migrated key. */
export type MigrateStep = WriteStep;

function migrate(ref: ReturnType<typeof at>) {
  const file = 'src/pika_migrate_thread.cc';
  const loop = ref(file, 'PikaParseSendThread::DelKeysAndWriteBinlog', [456, 462], 'candidate fix: record lock and DBLockShared around each DeleteKey and its WriteDelKeyToBinlog');
  return {
    LockKey: loop,
    LockShared: loop,
    DoCommand: ref(file, 'PikaParseSendThread::DelKeysAndWriteBinlog', [458, 459], 'DeleteKey of a migrated key, with no record lock and no dbs_rw_'),
    DoBinlog: ref(file, 'WriteDelKeyToBinlog', [465, 478], 'ConsensusProposeLog of DEL key after the delete, still unlocked'),
    UnlockShared: loop,
    UnlockKey: loop,
  };
}

/** The slot migration's delete and DEL entry: the same code in every modelled version. */
export const MIGRATE: { readonly [V in PikaVersion]: { readonly [S in MigrateStep]: CodeRef } } = {
  'v4.0.0': migrate(v400),
  'v4.0.1': migrate(v401),
  later: migrate(later),
};

/** The steps of a FLUSHDB inside MULTI/EXEC. */
export type ExecFlushStep = 'LockExclusive' | 'DoCommand' | 'DoBinlog' | 'UnlockExclusive';

const TXN = 'src/pika_transaction.cc';

function execFlush(ref: ReturnType<typeof at>, lock: readonly [number, number], unlock: readonly [number, number], flushFn: string) {
  return {
    LockExclusive: ref(TXN, 'ExecCmd::Lock', lock, "DBLock (exclusive dbs_rw_) on the DB of each FLUSHDB in the transaction"),
    DoCommand: ref(TXN, 'ExecCmd::Do', [61, 67], `${flushFn}: the flush, and no DoBinlog for it`),
    DoBinlog: ref(TXN, 'ExecCmd::Do', [61, 67], "candidate fix: the flush's DoBinlog here, under EXEC's exclusive lock"),
    UnlockExclusive: ref(TXN, 'ExecCmd::Unlock', unlock, 'DBUnlock: the transaction is over'),
  };
}

/** FLUSHDB inside MULTI/EXEC: `ExecCmd::Execute` runs Lock, Do, Unlock and writes no binlog entry for it. */
export const EXEC_FLUSH: { readonly [V in PikaVersion]: { readonly [S in ExecFlushStep]: CodeRef } } = {
  'v4.0.0': execFlush(v400, [140, 147], [158, 173], 'FlushdbCmd::FlushAllDBsWithoutLock'),
  'v4.0.1': execFlush(v401, [143, 150], [161, 176], 'FlushdbCmd::DoWithoutLock'),
  later: execFlush(later, [143, 150], [161, 176], 'FlushdbCmd::DoWithoutLock'),
};

/** The steps of bgsave outside its exclusive section, when its whole span is modelled. */
export type BgsaveSpanStep = 'BgsaveStart' | 'BgsaveFinish';

function span(ref: ReturnType<typeof at>, start: readonly [number, number], finish: readonly [number, number]) {
  return {
    BgsaveStart: ref(DB, 'DB::BgSaveDB', start, 'bgsaving = true, then DoBgSave is scheduled: FlushDBWithoutLock refuses from here'),
    BgsaveFinish: ref(DB, 'DB::DoBgSave', finish, 'CreateNewBackup copies the files and the info file is written; FinishBgsave: bgsaving = false'),
  };
}

/** bgsave's start and finish, around its exclusive section. */
export const BGSAVE_SPAN: { readonly [V in PikaVersion]: { readonly [S in BgsaveSpanStep]: CodeRef } } = {
  'v4.0.0': span(v400, [59, 69], [220, 246]),
  'v4.0.1': span(v401, [86, 96], [255, 281]),
  later: span(later, [86, 96], [255, 281]),
};

/**
 * The candidate fix of FLUSHDB's binlog order: its entry written inside `FlushdbCmd::Do`, before the
 * lock_guards release dbs_rw_ (the lines that would change).
 */
export const FLUSHDB_FIX: { readonly [V in PikaVersion]: CodeRef } = {
  'v4.0.0': v400(ADMIN, 'FlushdbCmd::Do', [578, 582], 'candidate fix: the FLUSHDB entry written here, before the lock_guards release dbs_rw_'),
  'v4.0.1': v401(ADMIN, 'FlushdbCmd::Do', [646, 656], 'candidate fix: the FLUSHDB entry written here, before the lock_guards release dbs_rw_'),
  later: later(ADMIN, 'FlushdbCmd::Do', [646, 656], 'candidate fix: the FLUSHDB entry written here, before the lock_guards release dbs_rw_'),
};

/** The steps of a FLUSHALL. */
export type FlushallStep = FlushStep | 'DoBinlogOtherDb';

function flushall(ref: ReturnType<typeof at>) {
  const log = ref(ADMIN, 'FlushallCmd::DoBinlog', [601, 608], 'DoBinlogByDB for each DB in turn: a FLUSHDB entry in that DB\'s binlog, after every lock is released');
  return {
    LockKey: ref(CMD, IPC, [862, 865], 'record lock on current_key(), the empty key'),
    LockExclusive: ref(ADMIN, 'FlushallCmd::Do', [503, 513], "the server's and the replica manager's locks, then every DB's dbs_rw_, exclusively"),
    DoCommand: ref(ADMIN, 'FlushallCmd::FlushAllWithoutLock', [542, 555], 'FlushDBWithoutLock on every DB, or refuses during a bgsave'),
    UnlockExclusive: ref(ADMIN, 'FlushallCmd::Do', [515, 518], "every DB's DBUnlock, then the replica manager's: before any binlog entry"),
    DoBinlog: log,
    DoBinlogOtherDb: log,
    UnlockKey: ref(CMD, IPC, [884, 886], 'record unlock'),
  };
}

/** FLUSHALL, which logs a FLUSHDB entry per DB since #2846 (v4.0.1); the model does not represent v4.0.0's single FLUSHALL entry. */
export const FLUSHALL: { readonly [V in Exclude<PikaVersion, 'v4.0.0'>]: { readonly [S in FlushallStep]: CodeRef } } = {
  'v4.0.1': flushall(v401),
  later: flushall(later),
};

/** The candidate fix of FLUSHALL's binlog order: each DB's entry written before the locks are released. */
export const FLUSHALL_FIX: { readonly [V in Exclude<PikaVersion, 'v4.0.0'>]: CodeRef } = {
  'v4.0.1': v401(ADMIN, 'FlushallCmd::Do', [514, 518], "candidate fix: each DB's FLUSHDB entry written here, before the DBUnlock loop"),
  later: later(ADMIN, 'FlushallCmd::Do', [514, 518], "candidate fix: each DB's FLUSHDB entry written here, before the DBUnlock loop"),
};

/** The slave's restart: it asks the master to resume at its own binlog producer offset. */
export const SLAVE_RESTART: { readonly [V in PikaVersion]: CodeRef } = {
  'v4.0.0': v400('src/pika_rm.cc', 'PikaReplicaManager::SendTrySyncRequest', [874, 879], "after a restart the slave asks to resume at its binlog producer offset (GetDBBinlogOffset), past any DB write that was still queued"),
  'v4.0.1': v401('src/pika_rm.cc', 'PikaReplicaManager::SendTrySyncRequest', [884, 889], "after a restart the slave asks to resume at its binlog producer offset (GetDBBinlogOffset), past any DB write that was still queued"),
  later: later('src/pika_rm.cc', 'PikaReplicaManager::SendTrySyncRequest', [884, 889], "after a restart the slave asks to resume at its binlog producer offset (GetDBBinlogOffset), past any DB write that was still queued"),
};

/** The slave acknowledges the master's TrySync from its own producer offset. */
export const TRY_SYNC_RESPONSE: { readonly [V in PikaVersion]: CodeRef } = {
  'v4.0.0': v400('src/pika_repl_client_conn.cc', 'PikaReplClientConn::HandleTrySyncResponse', [217, 224], 'on kOk, acks from its own binlog producer offset: the incremental sync resumes there'),
  'v4.0.1': v401('src/pika_repl_client_conn.cc', 'PikaReplClientConn::HandleTrySyncResponse', [220, 227], 'on kOk, acks from its own binlog producer offset: the incremental sync resumes there'),
  later: later('src/pika_repl_client_conn.cc', 'PikaReplClientConn::HandleTrySyncResponse', [220, 227], 'on kOk, acks from its own binlog producer offset: the incremental sync resumes there'),
};

/** A clean stop runs what is queued: BGThread swallows its ready tasks (v4.0.0), PikaReplClient::Stop waits for them (v4.0.1). */
export const CLEAN_STOP: { readonly [V in PikaVersion]: CodeRef } = {
  'v4.0.0': v400('src/net/src/bg_thread.cc', 'BGThread::SwallowReadyTasks', [40, 51], 'a stopping DB worker still runs every queued task'),
  'v4.0.1': v401('src/pika_repl_client.cc', 'PikaReplClient::Stop', [81, 95], 'waits until every DB-write queue is empty before stopping the workers'),
  later: later('src/pika_repl_client.cc', 'PikaReplClient::Stop', [81, 95], 'waits until every DB-write queue is empty before stopping the workers'),
};
