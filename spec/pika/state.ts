import { List, Map, Record, Set } from 'immutable';
import type { RecordOf } from 'immutable';
import type { Command } from './commands.js';
import type { ReplicationSetup } from './constants.js';
import { FlushKey, NoKey } from './modelValues.js';

/** A write id `<<c, n>>`: client c's n-th command (0-based), a List so that renaming clients permutes it. */
export type WriteId = List<string | number>;

/** The write id `<<c, n>>`. */
export function writeId(client: string, n: number): WriteId {
  return List<string | number>([client, n]);
}

/** What a binlog entry replays: a command as received, an absolute value (`PKSETEXAT`), a DEL or a FLUSHDB. */
export type EntryKind = Command | 'set' | 'del' | 'flush';

/** Fields of a binlog entry, as the TLA+ record `[id, key, kind, val]`. */
export interface EntryFields {
  readonly id: WriteId;
  readonly key: string;
  readonly kind: EntryKind;
  readonly val: number;
}

/** A binlog entry. */
export type Entry = RecordOf<EntryFields>;

/** Builds a binlog entry. */
export const Entry = Record<EntryFields>({ id: writeId(NoKey, 0), key: NoKey, kind: 'incr', val: 0 }, 'Entry');

/**
 * bgsave's progress through its exclusive critical section; `started` and `copying` (bgsaving, outside
 * the lock, before and after it) only when its whole span is modelled.
 */
export type BgsavePhase = 'idle' | 'started' | 'locked' | 'captured' | 'copying' | 'done';

/** The slave's full-sync state. */
export type SlavePhase = 'waiting' | 'synced';

/** The variables of PikaReplication.tla, in its order. */
export interface ReplicationFields {
  /** Master data: key → value. */
  readonly db: Map<string, number>;
  /** Ghost: ids of writes whose effect is in db. */
  readonly applied: Set<WriteId>;
  readonly binlog: List<Entry>;
  /** Client → 1-based index in its step order of its next step. */
  readonly step: Map<string, number>;
  /** Client → commands completed. */
  readonly done: Map<string, number>;
  /** Client → key of the command in flight, or NoKey. */
  readonly key: Map<string, string>;
  /** Key (and FlushKey) → record-lock owner, or NoKey. */
  readonly recLock: Map<string, string>;
  /** Clients holding dbs_rw_ shared. */
  readonly readers: Set<string>;
  /** The client holding dbs_rw_ exclusively (a FLUSHDB), or NoKey. */
  readonly writer: string;
  /** Client → result of the command in flight (logged in the value format). */
  readonly res: Map<string, number>;
  readonly bg: BgsavePhase;
  /** Binlog offset bgsave recorded: entries 1..snapOff are covered. */
  readonly snapOff: number;
  readonly snapDb: Map<string, number>;
  /** Ghost: ids whose effect is in snapDb. */
  readonly snapApp: Set<WriteId>;
  readonly sl: SlavePhase;
  readonly slDb: Map<string, number>;
  /** Slave: binlog entries 1..slOff applied or covered by the dump. */
  readonly slOff: number;
  /** Ghost: ids applied on the slave. */
  readonly slApp: Set<WriteId>;
  /** Ghost: ids applied twice on the slave. */
  readonly dups: Set<WriteId>;
}

/** A state of the replication model. */
export type ReplicationState = RecordOf<ReplicationFields>;

/** Builds a replication state; its defaults are placeholders, `initialState` fills them per constants. */
export const ReplicationState = Record<ReplicationFields>(
  {
    db: Map(),
    applied: Set(),
    binlog: List(),
    step: Map(),
    done: Map(),
    key: Map(),
    recLock: Map(),
    readers: Set(),
    writer: NoKey,
    res: Map(),
    bg: 'idle',
    snapOff: 0,
    snapDb: Map(),
    snapApp: Set(),
    sl: 'waiting',
    slDb: Map(),
    slOff: 0,
    slApp: Set(),
    dups: Set(),
  },
  'PikaReplication',
);

/** True when `value` is a state of the replication model. */
export function isReplicationState(value: unknown): value is ReplicationState {
  return value instanceof ReplicationState;
}

/** `[x \in domain |-> value]`. */
export function constantMap<V>(domain: readonly string[], value: V): Map<string, V> {
  return Map(domain.map((x) => [x, value] as [string, V]));
}

/** TLA+'s Init: nothing written, every lock free, bgsave idle, the slave waiting for a dump. */
export function initialState(setup: ReplicationSetup): ReplicationState {
  const zeros = constantMap(setup.keys, 0);
  return ReplicationState({
    db: zeros,
    step: constantMap(setup.clients, 1),
    done: constantMap(setup.clients, 0),
    key: constantMap(setup.clients, NoKey),
    recLock: constantMap([...setup.keys, FlushKey], NoKey),
    res: constantMap(setup.clients, 0),
    snapDb: zeros,
    slDb: zeros,
  });
}
