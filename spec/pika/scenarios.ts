import type { CodeRef, PikaVersion } from './codeRefs.js';
import { loggingSource } from './commands.js';
import { FLUSHDB, SCHEDULE_WRITE_DB, SERVE_PATH, SLAVE, SYNC, WRITE_PATH } from './sources.js';

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
  readonly expect: { readonly [invariant: string]: ScenarioExpectation };
  /** Distinct states of the whole space, where every invariant holds. */
  readonly distinct?: number;
}

const CORE = { clients: 2, keys: 1, ops: 1, servePath: 0, flush: 0 } as const;

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
      'When an LPUSH serves a blocked BLPOP, BlockingBaseCmd::ServeAndUnblockConns pops and writes the binlog under the record lock only, never taking dbs_rw_. A bgsave can capture the pop and record an offset before its binlog entry, whatever the lock scope: the pop is logged as LPOP, as received, so the slave pops twice. Here c1 runs LPUSH and c2 is the blocked client served by the pop. Read from the code; not reported upstream.',
    pikaFunctions: [SERVE_PATH['v4.0.1'].LockKey, SERVE_PATH['v4.0.1'].DoCommand, SERVE_PATH['v4.0.1'].DoBinlog, SYNC['v4.0.1'].BgsaveCapture, SYNC['v4.0.1'].FullSync],
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
    constants: { ...CORE, pikaVersion: 'v4.0.1', commands: 'lpush,lpop', servePath: 0 },
    title: 'Candidate fix: the serve path takes dbs_rw_ shared around its pop and DoBinlog',
    summary:
      "With DBLockShared()/DBUnlockShared() around the pop and its DoBinlog in ServeAndUnblockConns, a serve-path write is locked like any other write, so in the model its client follows the lock scope: it is an ordinary client, and the figures are the core's. Every invariant holds.",
    pikaFunctions: [SERVE_PATH['v4.0.1'].LockKey, SERVE_PATH['v4.0.1'].UnlockKey, WRITE_PATH['v4.0.1'].LockShared, WRITE_PATH['v4.0.1'].UnlockShared],
    expect: {
      SnapshotCoversApplied: { verdict: 'holds' },
      OffsetNotAhead: { verdict: 'holds' },
      NoDuplicateApply: { verdict: 'holds' },
      ReplicaConverges: { verdict: 'holds' },
    },
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
    pikaFunctions: [FLUSHDB['v4.0.1'].LockExclusive, FLUSHDB['v4.0.1'].DoBinlog],
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
    constants: { pikaVersion: 'v4.0.1', entries: 3, keys: 2, offsetSource: 'binlog' },
    title: "bgsave on a slave records an offset ahead of its data",
    summary:
      "On a slave, ProcessLeaderLog appends each received entry to the slave's own binlog synchronously, then schedules the DB write on an async worker chosen by a hash of its key (the model gives each key its own worker, which over-approximates Pika's N workers). bgsave on the slave records the binlog producer offset, which can include entries still queued: the offset is ahead of the data, the mirror image of #2805. A backup or a downstream replica made from it misses those writes. Read from the code; not reported upstream.",
    pikaFunctions: [SLAVE['v4.0.1'].Receive, SCHEDULE_WRITE_DB['v4.0.1'], SLAVE['v4.0.1'].WorkerLock, SYNC['v4.0.1'].BgsaveCapture],
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
    constants: { pikaVersion: 'v4.0.1', entries: 3, keys: 2, offsetSource: 'applied' },
    title: 'A naive fix: record the longest fully applied prefix',
    summary:
      'Recording the longest prefix of entries that are all applied fixes the offset being ahead, but as soon as two keys have their own workers a later entry on another key can be applied before an earlier one: the snapshot then holds an entry past the recorded prefix, and it is applied twice downstream.',
    pikaFunctions: [SYNC['v4.0.1'].BgsaveCapture],
    fixedBy: 'slave-bgsave-fixed',
    expect: {
      SnapshotCoversApplied: { verdict: 'violated', traceLength: 8 },
      OffsetNotAhead: { verdict: 'holds' },
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
    },
    distinct: 133,
  },
];

/** The scenario of that name, or undefined. */
export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
