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
  /** The Pika functions involved, file and function, at the revision read. */
  readonly pikaFunctions: readonly string[];
  /** The scenario that applies the fix, when there is one. */
  readonly fixedBy?: string;
  /** Whether a write-up is generated for it (`pika-mc report`). */
  readonly finding?: boolean;
  readonly expect: { readonly [invariant: string]: ScenarioExpectation };
  /** Distinct states of the whole space, where every invariant holds. */
  readonly distinct?: number;
}

/** The revision of Pika the models were read from. */
export const PIKA_REVISION = 'OpenAtomFoundation/pika 218b68bb (2024-10-17)';

const CORE = { clients: 2, keys: 1, ops: 1, servePath: 0, flush: 0 } as const;
const WRITE_PATH = [
  'src/pika_command.cc Cmd::InternalProcessCommand (record lock, DBLockShared, DoCommand, DoBinlog, DBUnlockShared)',
  'src/pika_command.cc Cmd::DoBinlog -> ConsensusCoordinator::ProposeLog -> Binlog::Put',
  'src/pika_db.cc DB::InitBgsaveEngine (exclusive dbs_rw_, GetProducerStatus, GetCheckpointFiles)',
  'src/pika_db.cc DB::TryUpdateMasterOffset (slave: load the dump, SetProducerStatus)',
];

/** The catalogue of scenarios: the #2805 race, its fixes, and what the #2818 fix leaves open. */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'race-2805',
    model: 'replication',
    constants: { ...CORE, lockScope: 'command', binlogFormat: 'op' },
    title: 'The #2805 race: DoBinlog runs after the shared lock is released (Pika up to v4.0.0)',
    summary:
      'A write holds dbs_rw_ shared only around DoCommand; its DoBinlog runs after the unlock. bgsave can take the lock exclusively between the two, record the binlog offset and capture data that already holds the write: the snapshot holds a write whose binlog entry lands after the recorded offset, and a slave loaded from it applies the write twice. INCR logged as INCR is not idempotent, so the slave diverges.',
    pikaFunctions: WRITE_PATH,
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
    constants: { ...CORE, lockScope: 'command+binlog', binlogFormat: 'op' },
    title: 'PR #2818 (v4.0.1): the shared lock covers DoCommand and DoBinlog',
    summary:
      'The shared dbs_rw_ lock is held across DoCommand and DoBinlog, so bgsave never sees a write whose data is in the DB but whose binlog entry is not yet appended. Every invariant holds.',
    pikaFunctions: WRITE_PATH,
    expect: {
      SnapshotCoversApplied: { verdict: 'holds' },
      OffsetNotAhead: { verdict: 'holds' },
      NoDuplicateApply: { verdict: 'holds' },
      ReplicaConverges: { verdict: 'holds' },
    },
    distinct: 171,
  },
  {
    name: 'incr-as-value-2833',
    model: 'replication',
    constants: { ...CORE, lockScope: 'command', binlogFormat: 'value' },
    title: 'PR #2833: INCR logged as its resulting value, with the pre-#2818 lock scope',
    summary:
      'INCR is logged as PKSETEXAT key ts value, which is idempotent. The race itself is still there (the snapshot holds a write past the offset and the slave applies it twice), but applying a value twice gives the same data, so the replica converges.',
    pikaFunctions: [...WRITE_PATH, 'include/pika_kv.h IncrCmd::ToRedisProtocol (binlog as PKSETEXAT)'],
    expect: {
      SnapshotCoversApplied: { verdict: 'violated', traceLength: 7 },
      OffsetNotAhead: { verdict: 'holds' },
      NoDuplicateApply: { verdict: 'violated', traceLength: 11 },
      ReplicaConverges: { verdict: 'holds' },
    },
  },
  {
    name: 'blpop-serve-path',
    model: 'replication',
    constants: { ...CORE, lockScope: 'command+binlog', binlogFormat: 'op', servePath: 1 },
    title: 'The BLPOP/BRPOP serve path is outside the #2818 fix',
    summary:
      'When a blocked BLPOP is served, BlockingBaseCmd::ServeAndUnblockConns pops and writes the binlog under the record lock only, never taking dbs_rw_. A bgsave can capture the pop and record an offset before its binlog entry, whatever the lock scope: the slave pops twice. Read from the code; not reported upstream.',
    pikaFunctions: ['src/pika_list.cc BlockingBaseCmd::ServeAndUnblockConns (LPop/RPop, then DoBinlog, no DBLockShared)', ...WRITE_PATH.slice(2)],
    fixedBy: 'blpop-serve-path-fixed',
    finding: true,
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
    constants: { ...CORE, lockScope: 'command+binlog', binlogFormat: 'op', servePath: 0 },
    title: 'Candidate fix: the serve path takes dbs_rw_ shared around its pop and DoBinlog',
    summary:
      'With DBLockShared()/DBUnlockShared() around the pop and its DoBinlog in ServeAndUnblockConns, a serve-path write is locked like any other write, so in the model its client follows the lock scope: it is an ordinary client, and the figures are the core\'s. Every invariant holds.',
    pikaFunctions: ['src/pika_list.cc BlockingBaseCmd::ServeAndUnblockConns (with DBLockShared around pop + DoBinlog)'],
    expect: {
      SnapshotCoversApplied: { verdict: 'holds' },
      OffsetNotAhead: { verdict: 'holds' },
      NoDuplicateApply: { verdict: 'holds' },
      ReplicaConverges: { verdict: 'holds' },
    },
    distinct: 171,
  },
  {
    name: 'flushdb-binlog-order',
    model: 'replication',
    constants: { ...CORE, lockScope: 'command+binlog', binlogFormat: 'op', flush: 1, flushScope: 'flush' },
    title: "FLUSHDB's DoBinlog runs after its exclusive lock is released",
    summary:
      'FLUSHDB has the Suspend flag (no shared lock); FlushdbCmd::Do holds dbs_rw_ exclusively around the flush only, and DoBinlog runs after the unlock. A bgsave between the flush and its binlog entry captures the flushed data with an offset before the flush entry; the slave loads the dump, replays the flush, and erases writes the master kept. Read from the code; not reported upstream.',
    pikaFunctions: ['src/pika_admin.cc FlushdbCmd::Do (exclusive dbs_rw_ around FlushDBWithoutLock)', 'src/pika_command.cc Cmd::InternalProcessCommand (Suspend: no DBLockShared; DoBinlog after Do)', ...WRITE_PATH.slice(2)],
    fixedBy: 'flushdb-binlog-order-fixed',
    finding: true,
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
    constants: { ...CORE, lockScope: 'command+binlog', binlogFormat: 'op', flush: 1, flushScope: 'flush+binlog' },
    title: "Candidate fix: FLUSHDB's exclusive lock also covers its DoBinlog",
    summary: "Holding dbs_rw_ exclusively across the flush and its DoBinlog closes the window: every invariant holds.",
    pikaFunctions: ['src/pika_admin.cc FlushdbCmd::Do (exclusive dbs_rw_ held through DoBinlog)'],
    expect: {
      SnapshotCoversApplied: { verdict: 'holds' },
      OffsetNotAhead: { verdict: 'holds' },
      NoDuplicateApply: { verdict: 'holds' },
      ReplicaConverges: { verdict: 'holds' },
    },
    distinct: 300,
  },
  {
    name: 'slave-bgsave',
    model: 'slave-bgsave',
    constants: { entries: 3, keys: 2, offsetSource: 'binlog' },
    title: "bgsave on a slave records an offset ahead of its data",
    summary:
      "On a slave, ProcessLeaderLog appends each received entry to the slave's own binlog synchronously, then schedules the DB write on an async worker per key. bgsave on the slave records the binlog producer offset, which can include entries still queued: the offset is ahead of the data, the mirror image of #2805. A backup or a downstream replica made from it misses those writes. Read from the code; not reported upstream.",
    pikaFunctions: [
      'src/pika_consensus.cc ConsensusCoordinator::ProcessLeaderLog (InternalAppendLog, then InternalApplyFollower)',
      'src/pika_repl_client.cc PikaReplClient::ScheduleWriteDBTask (worker chosen by key)',
      'src/pika_repl_bgworker.cc PikaReplBgWorker::WriteDBInSyncWay (record lock + dbs_rw_ shared around Do)',
      'src/pika_db.cc DB::InitBgsaveEngine (exclusive dbs_rw_, GetProducerStatus)',
    ],
    fixedBy: 'slave-bgsave-fixed',
    finding: true,
    expect: {
      SnapshotCoversApplied: { verdict: 'holds' },
      OffsetNotAhead: { verdict: 'violated', traceLength: 4 },
    },
  },
  {
    name: 'slave-bgsave-naive-fix',
    model: 'slave-bgsave',
    constants: { entries: 3, keys: 2, offsetSource: 'applied' },
    title: 'A naive fix: record the longest fully applied prefix',
    summary:
      'Recording the longest prefix of entries that are all applied fixes the offset being ahead, but as soon as two keys have their own workers a later entry on another key can be applied before an earlier one: the snapshot then holds an entry past the recorded prefix, and it is applied twice downstream.',
    pikaFunctions: ['src/pika_db.cc DB::InitBgsaveEngine (offset from the applied prefix instead of GetProducerStatus)'],
    fixedBy: 'slave-bgsave-fixed',
    expect: {
      SnapshotCoversApplied: { verdict: 'violated', traceLength: 8 },
      OffsetNotAhead: { verdict: 'holds' },
    },
  },
  {
    name: 'slave-bgsave-fixed',
    model: 'slave-bgsave',
    constants: { entries: 3, keys: 2, offsetSource: 'drain' },
    title: 'A fix: bgsave on a slave drains the DB-write queues first',
    summary:
      'bgsave waits until every queued DB write is applied, and the binlog worker appends nothing while bgsave holds the lock; the offset and the data then match exactly. Both invariants hold.',
    pikaFunctions: ['src/pika_db.cc DB::InitBgsaveEngine (wait for the async DB-write count to reach 0 under the lock)'],
    expect: {
      SnapshotCoversApplied: { verdict: 'holds' },
      OffsetNotAhead: { verdict: 'holds' },
    },
    distinct: 133,
  },
];

/** The scenario of that name, or undefined. */
export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
