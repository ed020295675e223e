/**
 * Where each step of the replication model happens in Pika (OpenAtomFoundation/pika at 218b68bb),
 * from the reference README's table.
 */
export const REPLICATION_SOURCES = {
  LockKey: 'src/pika_command.cc Cmd::InternalProcessCommand (MultiRecordLock::Lock)',
  LockShared: 'src/pika_command.cc Cmd::InternalProcessCommand (DB::DBLockShared on dbs_rw_)',
  DoCommand: 'src/pika_command.cc Cmd::DoCommand (RocksDB write)',
  DoBinlog: 'src/pika_command.cc Cmd::DoBinlog (ConsensusProposeLog → Binlog::Put)',
  UnlockShared: 'src/pika_command.cc Cmd::InternalProcessCommand (DB::DBUnlockShared)',
  UnlockKey: 'src/pika_command.cc Cmd::InternalProcessCommand (MultiRecordLock::Unlock)',
  LockExclusive: 'src/pika_admin.cc FlushdbCmd::Do (lock_guard on dbs_rw_)',
  UnlockExclusive: 'src/pika_admin.cc FlushdbCmd::Do (end of the dbs_rw_ critical section)',
  BgsaveLock: 'src/pika_db.cc DB::InitBgsaveEngine (lock_guard on dbs_rw_)',
  BgsaveCapture: 'src/pika_db.cc DB::InitBgsaveEngine (GetProducerStatus, then GetCheckpointFiles)',
  BgsaveUnlock: 'src/pika_db.cc DB::InitBgsaveEngine (end of the dbs_rw_ critical section)',
  FullSync: 'src/pika_db.cc DB::TryUpdateMasterOffset (ChangeDb, then SetProducerStatus)',
  SlaveApply: 'src/pika_consensus.cc ConsensusCoordinator::ProcessLeaderLog (slave binlog worker applies the entry)',
} as const;

/** Where a BLPOP/BRPOP serve-path client's steps happen: the pop and its binlog, record lock only. */
export const SERVE_PATH_SOURCES = {
  LockKey: 'src/pika_list.cc BlockingBaseCmd::ServeAndUnblockConns (record lock on the list key)',
  DoCommand: 'src/pika_list.cc BlockingBaseCmd::ServeAndUnblockConns (LPop/RPop, no DBLockShared)',
  DoBinlog: 'src/pika_list.cc BlockingBaseCmd::ServeAndUnblockConns (DoBinlog of the pop, no dbs_rw_)',
  UnlockKey: 'src/pika_list.cc BlockingBaseCmd::ServeAndUnblockConns (record unlock)',
} as const;

/** Where a FLUSHDB client's steps happen (Suspend flag: no shared lock; exclusive lock inside Do). */
export const FLUSH_SOURCES = {
  LockKey: 'src/pika_command.cc Cmd::InternalProcessCommand (record lock on the empty key)',
  DoCommand: 'src/pika_admin.cc FlushdbCmd::Do (FlushDBWithoutLock under the exclusive dbs_rw_)',
  DoBinlog: 'src/pika_command.cc Cmd::DoBinlog (FLUSHDB entry, after FlushdbCmd::Do returned)',
  UnlockKey: 'src/pika_command.cc Cmd::InternalProcessCommand (record unlock)',
} as const;

/** Where each step of the slave-bgsave model happens in Pika (same snapshot). */
export const SLAVE_BGSAVE_SOURCES = {
  Receive: 'src/pika_consensus.cc ConsensusCoordinator::ProcessLeaderLog (InternalAppendLog, then ScheduleWriteDBTask)',
  WorkerLock: 'src/pika_repl_bgworker.cc PikaReplBgWorker::WriteDBInSyncWay (record lock, DBLockShared)',
  WorkerApply: 'src/pika_repl_bgworker.cc PikaReplBgWorker::WriteDBInSyncWay (Cmd::Do)',
  WorkerUnlock: 'src/pika_repl_bgworker.cc PikaReplBgWorker::WriteDBInSyncWay (DBUnlockShared, record unlock)',
  BgsaveLock: REPLICATION_SOURCES.BgsaveLock,
  BgsaveCapture: REPLICATION_SOURCES.BgsaveCapture,
  BgsaveUnlock: REPLICATION_SOURCES.BgsaveUnlock,
} as const;
