import type { CodeRef, PikaVersion } from './codeRefs.js';
import { loggingSource } from './commands.js';
import { at, VERSION_REVISION } from './codeRefs.js';
import { BGSAVE_SPAN, EXEC_FLUSH, FLUSHALL, FLUSHALL_FIX, FLUSHDB, FLUSHDB_FIX, MIGRATE, SCHEDULE_WRITE_DB, SERVE_PATH, SLAVE, SLAVE_RESTART, SYNC, TRY_SYNC_RESPONSE, CLEAN_STOP, WRITE_PATH } from './sources.js';

/** What a scenario expects of one invariant. */
export interface ScenarioExpectation {
  readonly verdict: 'holds' | 'violated';
  readonly traceLength?: number;
}

/** A named preset of constants: a code path of Pika, what it shows, and the fix that makes it hold. */
export interface Scenario {
  readonly name: string;
  readonly model: 'replication' | 'slave-bgsave';
  readonly constants: { readonly [name: string]: number | string };
  /** One line. */
  readonly title: string;
  /** One paragraph on what it is. */
  readonly summary: string;
  /** The Pika code involved: file, function and lines at a tag or commit. */
  readonly pikaFunctions: readonly CodeRef[];
  /** The scenario that applies the fix, when there is one. */
  readonly fixedBy?: string;
  /** Whether a write-up is generated for it (`pika-mc report`). */
  readonly finding?: boolean;
  /** For a finding: what a user of Pika sees go wrong, in one paragraph. */
  readonly userImpact?: string;
  /** For a finding: the invariant whose shortest trace the write-up leads with (default: the first violated). */
  readonly headline?: string;
  readonly expect: { readonly [invariant: string]: ScenarioExpectation };
  /** Distinct states of the whole space, where every invariant holds. */
  readonly distinct?: number;
}

const CORE = { clients: 2, keys: 1, ops: 1, servePath: 0, flush: 0 } as const;

/** The expectations of a scenario in which every invariant of the replication model holds. */
const EVERY_INVARIANT_HOLDS: Scenario['expect'] = {
  SnapshotCoversApplied: { verdict: 'holds' },
  OffsetNotAhead: { verdict: 'holds' },
  NoDuplicateApply: { verdict: 'holds' },
  ReplicaConverges: { verdict: 'holds' },
};

/** The write path, bgsave and full sync as a version's code has them. */
function writePath(version: PikaVersion, write: PikaVersion = version): CodeRef[] {
  const w = WRITE_PATH[write];
  const s = SYNC[version];
  return [w.LockShared, w.DoBinlog, w.UnlockShared, s.BgsaveCapture, s.FullSync];
}

/** The catalogue of scenarios: the #2805 race, its fixes, and what the #2818 fix leaves open. */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'race-2805',
    model: 'replication',
    constants: { ...CORE, pikaVersion: 'v4.0.0' },
    title: 'The #2805 race: DoBinlog runs after the shared lock is released (Pika v4.0.0)',
    summary:
      'A write holds dbs_rw_ shared only around DoCommand; its DoBinlog runs after the unlock. bgsave can take the lock exclusively between the two, record the binlog offset and capture data that already holds the write: the snapshot holds a write whose binlog entry lands after the recorded offset, and a slave loaded from it applies the write twice. v4.0.0 logs INCR as INCR, which is not idempotent, so the slave diverges.',
    pikaFunctions: writePath('v4.0.0'),
    fixedBy: 'fix-2818',
    expect: {
      SnapshotCoversApplied: { verdict: 'violated', traceLength: 7 },
      OffsetNotAhead: { verdict: 'holds' },
      NoDuplicateApply: { verdict: 'violated', traceLength: 11 },
      ReplicaConverges: { verdict: 'violated', traceLength: 18 },
    },
  },
  {
    name: 'fix-2818',
    model: 'replication',
    constants: { ...CORE, pikaVersion: 'v4.0.1' },
    title: 'PR #2818 (v4.0.1): the shared lock covers DoCommand and DoBinlog',
    summary:
      'The shared dbs_rw_ lock is held across DoCommand and DoBinlog, so bgsave never sees a write whose data is in the DB but whose binlog entry is not yet appended. Every invariant holds, whatever the commands and however they are logged.',
    pikaFunctions: writePath('v4.0.1'),
    expect: EVERY_INVARIANT_HOLDS,
    distinct: 171,
  },
  {
    name: 'incr-as-value-2833',
    model: 'replication',
    constants: { ...CORE, pikaVersion: 'v4.0.1', lockScope: 'command' },
    title: "PR #2833 without #2818 (no release): INCR logged as its value hides the #2805 race",
    summary:
      "What #2833 alone does to #2805: v4.0.1's logging with v4.0.0's lock scope, a pairing no release shipped (#2818 landed before #2833, and v3.5.5 and v4.0.1 have both). INCR is logged as PKSETEXAT key ts value. The race is still there (the snapshot holds a write past the offset and the slave applies it twice), but applying a value twice gives the same data, so the replica converges.",
    pikaFunctions: [...writePath('v4.0.1', 'v4.0.0'), loggingSource('incr', 'v4.0.1')],
    fixedBy: 'fix-2818',
    expect: {
      SnapshotCoversApplied: { verdict: 'violated', traceLength: 7 },
      OffsetNotAhead: { verdict: 'holds' },
      NoDuplicateApply: { verdict: 'violated', traceLength: 11 },
      ReplicaConverges: { verdict: 'holds' },
    },
  },
  {
    name: 'decr-as-op-2833',
    model: 'replication',
    constants: { ...CORE, pikaVersion: 'v4.0.1', lockScope: 'command', commands: 'decr' },
    title: '…but DECR, still logged as received after #2833, diverges under the same race',
    summary:
      "The same pairing with DECR, which #2833 leaves logged as received (as it leaves DECRBY, HINCRBY, ZINCRBY, LPUSH and LPOP): the slave applies the duplicate and ends one below the master. #2833 alone would have hidden #2805 for INCR only; #2818's lock scope is the fix.",
    pikaFunctions: [...writePath('v4.0.1', 'v4.0.0'), loggingSource('decr', 'v4.0.1')],
    fixedBy: 'fix-2818',
    expect: {
      SnapshotCoversApplied: { verdict: 'violated', traceLength: 7 },
      OffsetNotAhead: { verdict: 'holds' },
      NoDuplicateApply: { verdict: 'violated', traceLength: 11 },
      ReplicaConverges: { verdict: 'violated', traceLength: 18 },
    },
  },
  {
    name: 'blpop-serve-path',
    model: 'replication',
    constants: { ...CORE, pikaVersion: 'v4.0.1', commands: 'lpush,lpop', servePath: 1 },
    title: 'The BLPOP/BRPOP serve path is outside the #2818 fix',
    summary:
      'When an LPUSH serves a blocked BLPOP, BlockingBaseCmd::ServeAndUnblockConns pops and writes the binlog under the record lock only, never taking dbs_rw_. A bgsave can capture the pop and record an offset before its binlog entry, whatever the lock scope: the pop is logged as LPOP, as received, so the slave pops twice. Here c1 runs LPUSH and c2 is the blocked client served by the pop. The model, as its TLA+ twin, counts the length of a list rather than its elements and leaves the order of the two writes free, so the shortest trace serves the pop before the push (the list at -1): in Pika the push comes first, and the race, which lies in the locking of the pop alone, is the same. Read from the code; not reported upstream.',
    pikaFunctions: [SERVE_PATH['v4.0.1'].LockKey, SERVE_PATH['v4.0.1'].DoCommand, SERVE_PATH['v4.0.1'].DoBinlog, SYNC['v4.0.1'].BgsaveCapture, SYNC['v4.0.1'].FullSync],
    fixedBy: 'blpop-serve-path-fixed',
    finding: true,
    userImpact:
      "A slave fully synced while blocked BLPOP/BRPOP clients are being served can lose list elements: a pop that is in the dump but whose LPOP entry comes after the dump's offset is popped again on the slave. The slave's list is then shorter than the master's, silently, until its next full sync; reads from the slave, or a failover to it, see the missing elements gone.",
    expect: {
      SnapshotCoversApplied: { verdict: 'violated', traceLength: 5 },
      OffsetNotAhead: { verdict: 'holds' },
      NoDuplicateApply: { verdict: 'violated', traceLength: 9 },
      ReplicaConverges: { verdict: 'violated', traceLength: 16 },
    },
  },
  {
    name: 'blpop-serve-path-fixed',
    model: 'replication',
    constants: { ...CORE, pikaVersion: 'v4.0.1', commands: 'lpush,lpop', servePath: 0 },
    title: 'Candidate fix: the serve path takes dbs_rw_ shared around its pop and DoBinlog',
    summary:
      "With DBLockShared()/DBUnlockShared() around the pop and its DoBinlog in ServeAndUnblockConns, a serve-path write is locked like any other write, so in the model its client follows the lock scope: it is an ordinary client, and the figures are the core's. Every invariant holds.",
    pikaFunctions: [SERVE_PATH['v4.0.1'].LockKey, SERVE_PATH['v4.0.1'].UnlockKey, WRITE_PATH['v4.0.1'].LockShared, WRITE_PATH['v4.0.1'].UnlockShared],
    expect: EVERY_INVARIANT_HOLDS,
    distinct: 171,
  },
  {
    name: 'serve-path-decr',
    model: 'replication',
    constants: { ...CORE, pikaVersion: 'v4.0.1', commands: 'incr,decr', servePath: 1 },
    title: 'At v4.0.1 a write logged as received still duplicates on the serve path (a DECR there)',
    summary:
      "The serve path's race with c2's write taken as a DECR, which v4.0.1 logs as received: the slave applies it twice and diverges, as with the pop. (Pika serves only pops this way; the model lets any command take the serve path's locking, to separate the lock from the logging.)",
    pikaFunctions: [SERVE_PATH['v4.0.1'].DoCommand, SERVE_PATH['v4.0.1'].DoBinlog, loggingSource('decr', 'v4.0.1')],
    fixedBy: 'blpop-serve-path-fixed',
    expect: {
      SnapshotCoversApplied: { verdict: 'violated', traceLength: 5 },
      OffsetNotAhead: { verdict: 'holds' },
      NoDuplicateApply: { verdict: 'violated', traceLength: 9 },
      ReplicaConverges: { verdict: 'violated', traceLength: 16 },
    },
  },
  {
    name: 'serve-path-incr',
    model: 'replication',
    constants: { ...CORE, pikaVersion: 'v4.0.1', commands: 'decr,incr', servePath: 1 },
    title: '…while an INCR there, logged as its value at v4.0.1, is applied twice without diverging',
    summary:
      'The same race with c2\'s write taken as an INCR, which v4.0.1 logs as PKSETEXAT key ts value: the snapshot still holds it past the offset and the slave still applies it twice, but the replica converges. The divergence comes from logging as received; the race itself is the missing lock.',
    pikaFunctions: [SERVE_PATH['v4.0.1'].DoCommand, SERVE_PATH['v4.0.1'].DoBinlog, loggingSource('incr', 'v4.0.1')],
    fixedBy: 'blpop-serve-path-fixed',
    expect: {
      SnapshotCoversApplied: { verdict: 'violated', traceLength: 5 },
      OffsetNotAhead: { verdict: 'holds' },
      NoDuplicateApply: { verdict: 'violated', traceLength: 9 },
      ReplicaConverges: { verdict: 'holds' },
    },
  },
  {
    name: 'flushdb-binlog-order',
    model: 'replication',
    constants: { ...CORE, pikaVersion: 'v4.0.1', flush: 1, flushScope: 'flush' },
    title: "FLUSHDB's DoBinlog runs after its exclusive lock is released",
    summary:
      'FLUSHDB has the Suspend flag (no shared lock); FlushdbCmd::Do holds dbs_rw_ exclusively around the flush only, and DoBinlog runs after the unlock. A bgsave between the flush and its binlog entry captures the flushed data with an offset before the flush entry; the slave loads the dump, replays the flush, and erases writes the master kept. Here c1 runs INCR, which v4.0.1 logs as its value: the replica diverges all the same, since the harm is the replayed flush. Read from the code; not reported upstream.',
    pikaFunctions: [FLUSHDB['v4.0.1'].LockExclusive, FLUSHDB['v4.0.1'].UnlockExclusive, FLUSHDB['v4.0.1'].DoBinlog, SYNC['v4.0.1'].BgsaveCapture, SYNC['v4.0.1'].FullSync],
    fixedBy: 'flushdb-binlog-order-fixed',
    finding: true,
    userImpact:
      "A slave fully synced while a FLUSHDB runs can lose writes the master kept: the dump already holds the flush and the writes made right after it, and the slave then replays the flush entry that comes after the dump's offset, erasing those writes. Reads from the slave, or a failover to it, miss them.",
    expect: {
      SnapshotCoversApplied: { verdict: 'violated', traceLength: 7 },
      OffsetNotAhead: { verdict: 'holds' },
      NoDuplicateApply: { verdict: 'violated', traceLength: 11 },
      ReplicaConverges: { verdict: 'violated', traceLength: 18 },
    },
  },
  {
    name: 'flushdb-binlog-order-fixed',
    model: 'replication',
    constants: { ...CORE, pikaVersion: 'v4.0.1', flush: 1, flushScope: 'flush+binlog' },
    title: "Candidate fix: FLUSHDB's exclusive lock also covers its DoBinlog",
    summary: "Holding dbs_rw_ exclusively across the flush and its DoBinlog closes the window: every invariant holds.",
    pikaFunctions: [FLUSHDB['v4.0.1'].LockExclusive, FLUSHDB_FIX['v4.0.1']],
    expect: EVERY_INVARIANT_HOLDS,
    distinct: 300,
  },
  {
    name: 'slot-migration-del',
    model: 'replication',
    constants: { ...CORE, pikaVersion: 'v4.0.1', migrate: 1 },
    title: "Slot migration deletes a key and logs its DEL with no lock at all",
    summary:
      "After a batch of keys has reached the target node, PikaParseSendThread::DelKeysAndWriteBinlog deletes each key (DeleteKey) and then logs a DEL for it (WriteDelKeyToBinlog -> ConsensusProposeLog), holding neither the key's record lock nor dbs_rw_. A bgsave between the two captures the delete with an offset before its DEL, the #2805 shape. Worse, a write of the same key on the source (c1's INCR here) can land between the delete and the DEL entry: the master keeps the write, but the binlog has the DEL after it, so the slave deletes the key the master still has, with no bgsave in the race. Read from the code; not reported upstream.",
    pikaFunctions: [MIGRATE['v4.0.1'].DoCommand, at(VERSION_REVISION['v4.0.1'])('src/pika_slot_command.cc', 'DeleteKey', [785, 820], 'SRem from the slot key, then Del from storage: no lock taken'), MIGRATE['v4.0.1'].DoBinlog, WRITE_PATH['v4.0.1'].LockKey, SYNC['v4.0.1'].BgsaveCapture],
    fixedBy: 'slot-migration-del-fixed',
    finding: true,
    userImpact:
      "During a slot migration, the source's slaves can lose a key its master still has: a write of a key of the migrating slot that reaches the source between the delete and its DEL entry (from a client connected to the source, or before the proxy has switched the slot) survives on the master and is deleted on its slaves. A dump taken meanwhile also replays the DEL on a slave loaded from it.",
    expect: {
      SnapshotCoversApplied: { verdict: 'violated', traceLength: 4 },
      OffsetNotAhead: { verdict: 'holds' },
      NoDuplicateApply: { verdict: 'violated', traceLength: 8 },
      ReplicaConverges: { verdict: 'violated', traceLength: 14 },
    },
  },
  {
    name: 'slot-migration-del-fixed',
    model: 'replication',
    constants: { ...CORE, pikaVersion: 'v4.0.1', migrate: 1, migrateScope: 'command+binlog' },
    title: 'Candidate fix: the slot migration takes the record lock and dbs_rw_ shared around each delete and its DEL',
    summary:
      "With a MultiRecordLock on the key and DBLockShared()/DBUnlockShared() around each DeleteKey and its WriteDelKeyToBinlog in DelKeysAndWriteBinlog, a migrated key's delete is locked like any write under #2818: no write of the key can come between the delete and its DEL, and bgsave sees both or neither. Every invariant holds.",
    pikaFunctions: [MIGRATE['v4.0.1'].LockKey],
    expect: EVERY_INVARIANT_HOLDS,
    distinct: 171,
  },
  {
    name: 'exec-flushdb',
    model: 'replication',
    constants: { ...CORE, pikaVersion: 'v4.0.1', execFlush: 1 },
    title: 'FLUSHDB inside MULTI/EXEC writes no binlog entry',
    summary:
      "ExecCmd::Execute runs Lock, Do and Unlock itself, never InternalProcessCommand; for a FLUSHDB (or FLUSHALL) in the transaction, ExecCmd::Do calls FlushdbCmd::DoWithoutLock under EXEC's exclusive lock and writes no binlog entry, where every other command in the transaction gets its DoBinlog. The master is flushed and the slave is not: they diverge with no race at all, and a bgsave taken after it holds a flush no binlog entry accounts for. Read from the code; not reported upstream.",
    pikaFunctions: [EXEC_FLUSH['v4.0.1'].LockExclusive, EXEC_FLUSH['v4.0.1'].DoCommand, EXEC_FLUSH['v4.0.1'].UnlockExclusive],
    fixedBy: 'exec-flushdb-fixed',
    finding: true,
    userImpact:
      'A FLUSHDB (and likewise a FLUSHALL) sent inside MULTI/EXEC empties the master only: its slaves keep every key, reads from them return data the client deleted, and a failover brings the data back. A dump taken afterwards is fine, but the slaves already synced never catch up.',
    expect: {
      SnapshotCoversApplied: { verdict: 'violated', traceLength: 6 },
      OffsetNotAhead: { verdict: 'holds' },
      NoDuplicateApply: { verdict: 'holds' },
      ReplicaConverges: { verdict: 'violated', traceLength: 14 },
    },
  },
  {
    name: 'exec-flushdb-fixed',
    model: 'replication',
    constants: { ...CORE, pikaVersion: 'v4.0.1', execFlush: 1, execFlushScope: 'flush+binlog' },
    title: "Candidate fix: EXEC writes the FLUSHDB's binlog entry under its exclusive lock",
    summary:
      "Calling the flush's DoBinlog in ExecCmd::Do right after DoWithoutLock (when it succeeded), while EXEC still holds dbs_rw_ exclusively, carries the flush to the slave and keeps bgsave from seeing the flush without its entry. Every invariant holds.",
    pikaFunctions: [EXEC_FLUSH['v4.0.1'].DoBinlog],
    expect: EVERY_INVARIANT_HOLDS,
    distinct: 180,
  },
  {
    name: 'flushall-binlog-order',
    model: 'replication',
    constants: { ...CORE, pikaVersion: 'v4.0.1', flushall: 1, dbs: 2, db: 2 },
    title: "FLUSHALL releases every DB's lock before it logs each DB's FLUSHDB",
    summary:
      "FlushallCmd::Do takes every DB's dbs_rw_ exclusively, flushes them all, and releases them all; only then does FlushallCmd::DoBinlog write a FLUSHDB entry into each DB's binlog, DB by DB (since #2846, v4.0.1). Each DB has the FLUSHDB gap: a bgsave of that DB between the unlock and its entry captures the flushed data with an offset before the flush, and a slave loaded from it replays the flush and erases writes the master kept. The model holds the second of two DBs, whose gap also spans the first DB's entry; each DB's bgsave, binlog and slave are its own, so the first DB's steps change nothing in it (flushall-binlog-order-first-db holds the first). Read from the code; not reported upstream.",
    pikaFunctions: [FLUSHALL['v4.0.1'].LockExclusive, FLUSHALL['v4.0.1'].UnlockExclusive, FLUSHALL['v4.0.1'].DoBinlog, SYNC['v4.0.1'].BgsaveCapture],
    fixedBy: 'flushall-binlog-order-fixed',
    finding: true,
    userImpact:
      "A slave fully synced, in any DB, while a FLUSHALL runs can lose the writes the master took right after the FLUSHALL: the dump already holds the flush and those writes, and the slave then replays that DB's FLUSHDB entry. The later a DB comes in FLUSHALL's loop, the wider its window.",
    expect: {
      SnapshotCoversApplied: { verdict: 'violated', traceLength: 7 },
      OffsetNotAhead: { verdict: 'holds' },
      NoDuplicateApply: { verdict: 'violated', traceLength: 12 },
      ReplicaConverges: { verdict: 'violated', traceLength: 19 },
    },
  },
  {
    name: 'flushall-binlog-order-first-db',
    model: 'replication',
    constants: { ...CORE, pikaVersion: 'v4.0.1', flushall: 1, dbs: 2, db: 1 },
    title: 'The same FLUSHALL gap in the first DB, whose entry comes first',
    summary: "The first DB's FLUSHDB entry is written before the second's, but still after every lock is released: the same race, with one step less in its gap.",
    pikaFunctions: [FLUSHALL['v4.0.1'].UnlockExclusive, FLUSHALL['v4.0.1'].DoBinlog],
    fixedBy: 'flushall-binlog-order-fixed',
    expect: {
      SnapshotCoversApplied: { verdict: 'violated', traceLength: 7 },
      OffsetNotAhead: { verdict: 'holds' },
      NoDuplicateApply: { verdict: 'violated', traceLength: 11 },
      ReplicaConverges: { verdict: 'violated', traceLength: 19 },
    },
  },
  {
    name: 'flushall-binlog-order-fixed',
    model: 'replication',
    constants: { ...CORE, pikaVersion: 'v4.0.1', flushall: 1, dbs: 2, db: 2, flushallScope: 'flush+binlog' },
    title: "Candidate fix: FLUSHALL writes each DB's FLUSHDB entry before it releases the locks",
    summary:
      "Writing every DB's FLUSHDB entry (DoBinlogByDB) inside FlushallCmd::Do, after FlushAllWithoutLock succeeded and before the DBUnlock loop, keeps each DB's bgsave from seeing the flush without its entry. Every invariant holds, in either DB.",
    pikaFunctions: [FLUSHALL_FIX['v4.0.1']],
    expect: EVERY_INVARIANT_HOLDS,
    distinct: 318,
  },
  {
    name: 'flushdb-during-bgsave-2790',
    model: 'replication',
    constants: { ...CORE, pikaVersion: 'v4.0.0', lockScope: 'command+binlog', flush: 1, flushScope: 'flush+binlog', bgsaveSpan: 'whole' },
    title: 'At v4.0.0 a FLUSHDB refused during a bgsave still replies OK and is logged (#2790)',
    summary:
      "DB::FlushDBWithoutLock refuses to flush while a bgsave runs (bgsave_info_.bgsaving, set from BgSaveDB until FinishBgsave, the file copy included). At v4.0.0 FlushdbCmd::DoWithoutLock ignores the refusal, FlushdbCmd::Do replies OK, and the FLUSHDB is logged: the slave flushes, the master does not, and a dump taken later records an offset past a flush its data never saw. The model lets bgsave span its file copy here, and gives the lock scope and flush scope their fixed values, so that only this path is open. Fixed in v4.0.1 by #2790, which makes the command fail and skips its binlog entry.",
    pikaFunctions: [BGSAVE_SPAN['v4.0.0'].BgsaveStart, at(VERSION_REVISION['v4.0.0'])('src/pika_db.cc', 'DB::FlushDBWithoutLock', [194, 198], 'returns false while bgsaving'), FLUSHDB['v4.0.0'].DoCommand, FLUSHDB['v4.0.0'].UnlockExclusive, BGSAVE_SPAN['v4.0.0'].BgsaveFinish],
    fixedBy: 'flushdb-during-bgsave-fixed',
    finding: true,
    userImpact:
      "On v4.0.0, a FLUSHDB sent while a bgsave runs (a BGSAVE, or the one a slave's full sync starts) replies OK but does not flush the master, while its slaves, which replay the logged FLUSHDB, do. The client believes the data deleted and the master still serves it; the slaves have lost it.",
    expect: {
      SnapshotCoversApplied: { verdict: 'holds' },
      OffsetNotAhead: { verdict: 'violated', traceLength: 9 },
      NoDuplicateApply: { verdict: 'holds' },
      ReplicaConverges: { verdict: 'violated', traceLength: 20 },
    },
  },
  {
    name: 'flushdb-during-bgsave-fixed',
    model: 'replication',
    constants: { ...CORE, pikaVersion: 'v4.0.1', flush: 1, flushScope: 'flush+binlog', bgsaveSpan: 'whole' },
    title: 'The fix in v4.0.1 (#2790): a refused FLUSHDB fails and writes no binlog entry',
    summary:
      "Since #2790, FlushdbCmd::Do keeps FlushDBWithoutLock's result in flush_succeed_, replies with an error when it is false, and FlushdbCmd::DoBinlog writes the entry only when the flush succeeded. The master and the slave then agree on whether the DB was flushed. Every invariant holds.",
    pikaFunctions: [FLUSHDB['v4.0.1'].UnlockExclusive, FLUSHDB['v4.0.1'].DoBinlog],
    expect: EVERY_INVARIANT_HOLDS,
    distinct: 520,
  },
  {
    name: 'slave-bgsave',
    model: 'slave-bgsave',
    constants: { pikaVersion: 'v4.0.1', entries: 3, keys: 2, offsetSource: 'binlog' },
    title: "bgsave on a slave records an offset ahead of its data",
    summary:
      "On a slave, ProcessLeaderLog appends each received entry to the slave's own binlog synchronously, then schedules the DB write on an async worker chosen by a hash of its key (the model gives each key its own worker, which over-approximates Pika's N workers). bgsave on the slave records the binlog producer offset, which can include entries still queued: the offset is ahead of the data, the mirror image of #2805. A backup or a downstream replica made from it misses those writes. Read from the code; not reported upstream.",
    pikaFunctions: [SLAVE['v4.0.1'].Receive, SCHEDULE_WRITE_DB['v4.0.1'], SLAVE['v4.0.1'].WorkerLock, SYNC['v4.0.1'].BgsaveCapture],
    fixedBy: 'slave-bgsave-fixed',
    finding: true,
    userImpact:
      "A backup taken on a replica, or a replica fully synced from another replica, records an offset past writes that were still queued for the replica's DB workers: restored or synced from it, a node never gets those writes, and its keys stay behind the master's for good.",
    expect: {
      SnapshotCoversApplied: { verdict: 'holds' },
      OffsetNotAhead: { verdict: 'violated', traceLength: 4 },
      DataMatchesOffset: { verdict: 'holds' },
    },
  },
  {
    name: 'slave-bgsave-naive-fix',
    model: 'slave-bgsave',
    constants: { pikaVersion: 'v4.0.1', entries: 3, keys: 2, offsetSource: 'applied' },
    title: 'A naive fix: record the longest fully applied prefix',
    summary:
      'Recording the longest prefix of entries that are all applied fixes the offset being ahead, but as soon as two keys have their own workers a later entry on another key can be applied before an earlier one: the snapshot then holds an entry past the recorded prefix, and it is applied twice downstream.',
    pikaFunctions: [SYNC['v4.0.1'].BgsaveCapture],
    fixedBy: 'slave-bgsave-fixed',
    expect: {
      SnapshotCoversApplied: { verdict: 'violated', traceLength: 8 },
      OffsetNotAhead: { verdict: 'holds' },
      DataMatchesOffset: { verdict: 'holds' },
    },
  },
  {
    name: 'slave-bgsave-fixed',
    model: 'slave-bgsave',
    constants: { pikaVersion: 'v4.0.1', entries: 3, keys: 2, offsetSource: 'drain' },
    title: 'A fix: bgsave on a slave drains the DB-write queues first',
    summary:
      'bgsave waits until every queued DB write is applied (v4.0.1 counts them for FLUSHDB, GetUnfinishedAsyncWriteDBTaskCount), and the binlog worker appends nothing while bgsave holds the lock; the offset and the data then match exactly. Both invariants hold.',
    pikaFunctions: [SYNC['v4.0.1'].BgsaveLock, SCHEDULE_WRITE_DB['v4.0.1']],
    expect: {
      SnapshotCoversApplied: { verdict: 'holds' },
      OffsetNotAhead: { verdict: 'holds' },
      DataMatchesOffset: { verdict: 'holds' },
    },
    distinct: 133,
  },
  {
    name: 'slave-crash-restart',
    model: 'slave-bgsave',
    constants: { pikaVersion: 'v4.0.1', entries: 3, keys: 2, offsetSource: 'drain', crashes: 1, resumeFrom: 'binlog' },
    title: 'A slave that crashes with its binlog ahead of its data resumes past the writes it lost',
    summary:
      "A slave appends each entry to its own binlog, then queues the DB write (ProcessLeaderLog: InternalAppendLog, then InternalApplyFollower). A clean stop runs the queue first, but a crash loses the queued writes while the binlog keeps their entries. On restart the slave asks the master to resume at its own binlog producer offset (SendTrySyncRequest, then HandleTrySyncResponse acks from there), past the lost writes, and never applies them. Here bgsave on the slave drains its queues first (the slave-bgsave fix), so that only the crash is in play. Read from the code; not reported upstream.",
    pikaFunctions: [SLAVE['v4.0.1'].Receive, CLEAN_STOP['v4.0.1'], SLAVE_RESTART['v4.0.1'], TRY_SYNC_RESPONSE['v4.0.1']],
    fixedBy: 'slave-crash-restart-fixed',
    finding: true,
    userImpact:
      "After a slave process crashes (kill -9, an OOM kill, a power loss that keeps the binlog) and restarts, it silently lacks the writes that were queued for its DB workers: its binlog offset says it has them, so neither the incremental sync nor any later check brings them back. Reads from the slave and a failover to it miss those writes, and a dump taken from it passes the gap on.",
    headline: 'DataMatchesOffset',
    expect: {
      SnapshotCoversApplied: { verdict: 'holds' },
      OffsetNotAhead: { verdict: 'violated', traceLength: 5 },
      DataMatchesOffset: { verdict: 'violated', traceLength: 3 },
    },
  },
  {
    name: 'slave-crash-restart-naive-fix',
    model: 'slave-bgsave',
    constants: { pikaVersion: 'v4.0.1', entries: 3, keys: 2, offsetSource: 'drain', crashes: 1, resumeFrom: 'applied' },
    title: 'A naive fix: resume at the longest fully applied prefix',
    summary:
      'Resuming at the longest prefix of entries that are all applied brings the lost writes back, but as soon as two keys have their own workers a later entry on another key can be applied before an earlier one: it lies past the prefix, comes again, and is applied twice.',
    pikaFunctions: [SLAVE_RESTART['v4.0.1']],
    fixedBy: 'slave-crash-restart-fixed',
    expect: {
      SnapshotCoversApplied: { verdict: 'holds' },
      OffsetNotAhead: { verdict: 'holds' },
      DataMatchesOffset: { verdict: 'violated', traceLength: 14 },
    },
  },
  {
    name: 'slave-crash-restart-fixed',
    model: 'slave-bgsave',
    constants: { pikaVersion: 'v4.0.1', entries: 3, keys: 2, offsetSource: 'drain', crashes: 1, resumeFrom: 'applied+dedupe' },
    title: 'A fix: resume at the applied prefix, and skip the entries already applied past it',
    summary:
      "Each DB worker records the binlog offset of the entry it applies in the same RocksDB write batch as the data; on restart the slave truncates its binlog to the longest applied prefix, asks the master to resume there, and skips an entry whose write is already recorded. A slave bgsave waits, besides the drained queues, until the binlog is past every applied entry again. Every invariant holds.",
    pikaFunctions: [SLAVE_RESTART['v4.0.1'], SLAVE['v4.0.1'].WorkerApply],
    expect: {
      SnapshotCoversApplied: { verdict: 'holds' },
      OffsetNotAhead: { verdict: 'holds' },
      DataMatchesOffset: { verdict: 'holds' },
    },
    distinct: 291,
  },
];

/** The scenario of that name, or undefined. */
export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
