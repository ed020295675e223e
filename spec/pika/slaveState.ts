import { List, Map, Record, Set } from 'immutable';
import type { RecordOf } from 'immutable';
import type { BgsavePhase } from './state.js';
import { constantMap } from './state.js';

/** A DB worker's step on the head of its queue. */
export type WorkerPhase = 'idle' | 'locked' | 'applied';

/** The variables of PikaSlaveBgsave.tla, in its order. */
export interface SlaveFields {
  /** Entries appended to the slave's own binlog: 1..rcv. */
  readonly rcv: number;
  /** Key → entry numbers queued for that key's async DB worker. */
  readonly queue: Map<string, List<number>>;
  readonly busy: Map<string, WorkerPhase>;
  /** Keys whose worker holds dbs_rw_ shared. */
  readonly readers: Set<string>;
  readonly db: Map<string, number>;
  /** Ghost: entries whose effect is in db. */
  readonly applied: Set<number>;
  readonly bg: BgsavePhase;
  readonly snapOff: number;
  /** Ghost: entries in the captured data. */
  readonly snapApp: Set<number>;
  /** Crashes so far (shown only when crashes are modelled). */
  readonly crashes: number;
}

/** A state of the slave-bgsave model. */
export type SlaveState = RecordOf<SlaveFields>;

/** Builds a slave-bgsave state; `initialSlaveState` fills the maps per key. */
export const SlaveState = Record<SlaveFields>(
  {
    rcv: 0,
    queue: Map(),
    busy: Map(),
    readers: Set(),
    db: Map(),
    applied: Set(),
    bg: 'idle',
    snapOff: 0,
    snapApp: Set(),
    crashes: 0,
  },
  'PikaSlaveBgsave',
);

/** True when `value` is a state of the slave-bgsave model. */
export function isSlaveState(value: unknown): value is SlaveState {
  return value instanceof SlaveState;
}

/** TLA+'s Init: nothing received, every worker idle, bgsave idle. */
export function initialSlaveState(keys: readonly string[]): SlaveState {
  return SlaveState({
    queue: constantMap(keys, List<number>()),
    busy: constantMap<WorkerPhase>(keys, 'idle'),
    db: constantMap(keys, 0),
  });
}

/** TLA+'s Key(i): entry i writes keys[(i − 1) mod |keys|]. */
export function keyOf(keys: readonly string[], i: number): string {
  return keys[(i - 1) % keys.length] as string;
}

/** TLA+'s AppliedPrefix: the largest n ≤ rcv with entries 1..n all applied. */
export function appliedPrefix(s: SlaveState): number {
  let n = 0;
  while (n < s.rcv && s.applied.has(n + 1)) n++;
  return n;
}

/** The master's data after entries 1..n and the `extra` ones, each once: per key, how many of them wrote it. */
export function masterData(keys: readonly string[], n: number, extra: Set<number>): Map<string, number> {
  const entries = Set<number>(Array.from({ length: n }, (_, i) => i + 1)).union(extra);
  return entries.reduce((db, i) => db.update(keyOf(keys, i), (v) => (v as number) + 1), constantMap(keys, 0));
}

/** True when the slave has nothing queued and no worker in the middle of an entry. */
export function slaveIdle(s: SlaveState): boolean {
  return s.queue.every((q) => q.isEmpty()) && s.busy.every((b) => b === 'idle');
}
