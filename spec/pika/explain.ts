import type { Constants, State } from '../../checker/index.js';
import type { Command } from './commands.js';
import { REPLICATION_DEFAULTS, replicationProblem, setupOf } from './constants.js';
import type { ReplicationConstants, Role } from './constants.js';
import { coveredIds } from './invariants.js';
import { FlushKey, NoKey } from './modelValues.js';
import { isSlaveState, keyOf, masterData, slaveIdle } from './slaveState.js';
import type { SlaveState } from './slaveState.js';
import { isReplicationState } from './state.js';
import type { EntryKind, ReplicationState, WriteId } from './state.js';

/** What the model's constants say of each client: its command, and its role. */
interface Context {
  readonly commandOf: (client: string) => Command | undefined;
  readonly roleOf: (client: string) => Role | undefined;
}

const UNKNOWN: Context = { commandOf: () => undefined, roleOf: () => undefined };

/** The command and role of each client under `constants`, or nothing known when they are not the replication model's. */
function contextOf(constants: Constants | undefined): Context {
  if (constants === undefined) return UNKNOWN;
  const merged = { ...REPLICATION_DEFAULTS, ...constants } as ReplicationConstants;
  if (replicationProblem(merged) !== undefined) return UNKNOWN;
  const setup = setupOf(merged);
  const known = (client: string) => setup.clients.includes(client);
  return {
    commandOf: (client) => (known(client) && ['plain', 'serve', 'migrate'].includes(setup.roleOf(client)) ? setup.commandOf(client) : undefined),
    roleOf: (client) => (known(client) ? setup.roleOf(client) : undefined),
  };
}

/** `<<c1, 0>>`, as TLC prints a write id. */
function formatId(id: WriteId): string {
  return `<<${id.join(', ')}>>`;
}

/** 1-based position of a write's binlog entry, or 0 when it is not logged yet. */
function entryNumber(s: ReplicationState, id: WriteId): number {
  return s.binlog.findIndex((e) => e.id.equals(id)) + 1;
}

/** A write's kind and key: from its binlog entry, or, before DoBinlog, from the client still running it. */
function writeOf(s: ReplicationState, id: WriteId, context: Context): { kind: EntryKind; key: string; val?: number } {
  const entry = s.binlog.find((e) => e.id.equals(id));
  if (entry !== undefined) return entry;
  const client = id.get(0) as string;
  const key = s.key.get(client) as string;
  if (key === FlushKey || ['flush', 'execFlush', 'flushall'].includes(context.roleOf(client) ?? '')) return { kind: 'flush', key };
  return { kind: context.roleOf(client) === 'migrate' ? 'del' : (context.commandOf(client) ?? 'incr'), key };
}

/** The command a write stands for, as a client sent it, and how it was logged when that differs. */
function command(s: ReplicationState, id: WriteId, context: Context): string {
  const { kind, key, val } = writeOf(s, id, context);
  if (kind === 'flush') {
    const role = context.roleOf(id.get(0) as string);
    return role === 'execFlush' ? 'FLUSHDB inside MULTI/EXEC' : role === 'flushall' ? "FLUSHALL, logged as this DB's FLUSHDB" : 'FLUSHDB';
  }
  if (kind === 'del') return `DEL ${key}, the slot migration's delete`;
  const name = (context.commandOf(id.get(0) as string) ?? (kind === 'set' ? 'incr' : kind)).toUpperCase();
  if (kind === 'set') return `${name} ${key}, logged as SET ${key} ${val}`;
  return `${name} ${key}`;
}

function snapshotCoversApplied(s: ReplicationState, context: Context): string | undefined {
  const covered = coveredIds(s, s.snapOff);
  const id = s.snapApp.find((x) => !covered.has(x));
  if (id === undefined) return undefined;
  const n = entryNumber(s, id);
  const where =
    n > 0
      ? `its binlog entry is #${n}, past the recorded offset ${s.snapOff}`
      : context.roleOf(id.get(0) as string) === 'execFlush'
        ? 'it has no binlog entry at all (EXEC writes none for it)'
        : `its binlog entry is not written yet and will land past the recorded offset ${s.snapOff}`;
  const kind = writeOf(s, id, context).kind;
  const effect =
    kind === 'flush'
      ? 'a slave loaded from this dump replays the flush and erases writes the master kept.'
      : kind === 'del'
        ? 'a slave loaded from this dump replays the DEL, after any write of the key logged before it.'
        : 'a slave loaded from this dump applies it again.';
  return `The snapshot holds write ${formatId(id)} (${command(s, id, context)}), but ${where}: ${effect}`;
}

function offsetNotAhead(s: ReplicationState, context: Context): string | undefined {
  const i = s.binlog.slice(0, s.snapOff).findIndex((e) => !s.snapApp.has(e.id));
  if (i < 0) return undefined;
  const id = s.binlog.get(i)!.id;
  const entry = `Binlog entry #${i + 1} (write ${formatId(id)}, ${command(s, id, context)}) is inside the recorded offset ${s.snapOff}`;
  if (!s.applied.has(id) && s.binlog.get(i)!.kind === 'flush') {
    return `${entry}, but the master never applied it (FlushDBWithoutLock refused while bgsave ran, and the FLUSHDB was logged all the same): the binlog says the DB was flushed, the data says it was not.`;
  }
  return `${entry}, but the snapshot does not hold its effect: a slave loaded from this dump never gets it.`;
}

function noDuplicateApply(s: ReplicationState, context: Context): string | undefined {
  const id = s.dups.first();
  if (id === undefined) return undefined;
  const first = s.snapApp.has(id) ? 'its effect came with the dump the slave loaded' : 'the slave had already applied it';
  const harm = writeOf(s, id, context).kind === 'set' ? ' Harmless here: the entry sets an absolute value.' : '';
  return `The slave applied write ${formatId(id)} (${command(s, id, context)}) twice: ${first}, and binlog entry #${entryNumber(s, id)} replayed it.${harm}`;
}

/** A list's length against the elements it started with: `1 element more`, `as many elements as it started with`. */
function signed(n: number): string {
  if (n === 0) return 'as many elements as it started with';
  return `${Math.abs(n)} element${Math.abs(n) === 1 ? '' : 's'} ${n > 0 ? 'more' : 'fewer'} than it started with`;
}

function replicaConverges(s: ReplicationState, context: Context): string | undefined {
  // Outside quiescence and catch-up the two may differ without breaking anything.
  const idle = s.key.every((k) => k === NoKey) && s.sl === 'synced' && s.slOff === s.binlog.size;
  if (!idle) return undefined;
  const diff = s.db.filter((v, k) => s.slDb.get(k) !== v);
  if (diff.isEmpty()) return undefined;
  const lists = s.key.keySeq().some((client) => ['lpush', 'lpop'].includes(context.commandOf(client) ?? ''));
  const keys = diff
    .map((v, k) => (lists ? `the list ${k} has ${signed(v)} on the master but ${signed(s.slDb.get(k) as number)} on the slave` : `${k} is ${v} on the master but ${s.slDb.get(k)} on the slave`))
    .valueSeq()
    .join('; ');
  return `Every command is done and the slave has applied the whole binlog, yet ${keys}.\n${divergenceCause(s, context)}`;
}

/** Why the replica ended apart from the master: the first cause found in the state. */
function divergenceCause(s: ReplicationState, context: Context): string {
  const refused = s.binlog.find((e) => e.kind === 'flush' && !s.applied.has(e.id));
  if (refused !== undefined) {
    return `FLUSHDB ${formatId(refused.id)} did not flush the master (FlushDBWithoutLock refused while bgsave ran), yet it replied OK and logged the flush: the slave flushed, the master did not.`;
  }
  const unlogged = s.applied.find((id) => context.roleOf(id.get(0) as string) === 'execFlush' && entryNumber(s, id) === 0);
  if (unlogged !== undefined) {
    return `FLUSHDB inside MULTI/EXEC (write ${formatId(unlogged)}) emptied the master, but no binlog entry carries it to the slave.`;
  }
  const del = s.binlog.findLast((e) => e.kind === 'del' && s.db.get(e.key) !== 0 && s.slDb.get(e.key) === 0);
  if (del !== undefined) {
    return `The slot migration deleted ${del.key} and logged the DEL as binlog entry #${entryNumber(s, del.id)}; a write of ${del.key} that the master applied after the delete has its entry before it, so the slave deletes last.`;
  }
  const dup = s.dups.first();
  return dup === undefined
    ? "The slave replayed the binlog from the dump's offset and did not end where the master did."
    : `The slave applied write ${formatId(dup)} (${command(s, dup, context)}) again after loading a dump that already held it.`;
}


const REPLICATION: { readonly [name: string]: (s: ReplicationState, context: Context) => string | undefined } = {
  SnapshotCoversApplied: snapshotCoversApplied,
  OffsetNotAhead: offsetNotAhead,
  NoDuplicateApply: noDuplicateApply,
  ReplicaConverges: replicaConverges,
};

function slaveKeys(s: SlaveState): string[] {
  return [...s.queue.keys()].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
}

function slaveSnapshotCoversApplied(s: SlaveState): string | undefined {
  const i = s.snapApp.filter((x) => x > s.snapOff).min();
  if (i === undefined) return undefined;
  const missing = Array.from({ length: i - 1 }, (_, j) => j + 1).find((j) => !s.snapApp.has(j));
  const why = missing === undefined ? '' : `\nEntry #${missing} was not applied yet when bgsave captured, so the offset stopped before it while a later entry on another key was already in the data.`;
  return `The slave's snapshot holds entry #${i} (INCR ${keyOf(slaveKeys(s), i)}), past the recorded offset ${s.snapOff}: a replica or restore from this dump applies it again.${why}`;
}

function slaveOffsetNotAhead(s: SlaveState): string | undefined {
  const i = Array.from({ length: s.snapOff }, (_, j) => j + 1).find((j) => !s.snapApp.has(j));
  if (i === undefined) return undefined;
  const queued = s.queue.some((q) => q.includes(i)) || s.applied.has(i);
  const why = queued ? 'was still queued for its DB worker when bgsave captured' : 'was lost with the DB-write queue in a crash, and the restarted slave never applied it';
  return `The slave's snapshot records offset ${s.snapOff}, but entry #${i} (INCR ${keyOf(slaveKeys(s), i)}) ${why}: a replica or restore from this dump never gets it.`;
}

function slaveDataMatchesOffset(s: SlaveState): string | undefined {
  if (!slaveIdle(s)) return undefined;
  const keys = slaveKeys(s);
  const expected = masterData(keys, s.rcv, s.applied);
  const diff = keys.filter((k) => s.db.get(k) !== expected.get(k));
  if (diff.length === 0) return undefined;
  const values = diff.map((k) => `${k} is ${s.db.get(k)} where the master's entries make it ${expected.get(k)}`).join('; ');
  const lost = Array.from({ length: s.rcv }, (_, j) => j + 1).filter((i) => !s.applied.has(i));
  const cause =
    lost.length > 0
      ? `Entr${lost.length === 1 ? 'y' : 'ies'} ${lost.map((i) => `#${i}`).join(', ')} ${lost.length === 1 ? 'was' : 'were'} queued for ${lost.length === 1 ? 'its' : 'their'} DB worker when the slave crashed; the restarted slave resumed at its binlog offset, past ${lost.length === 1 ? 'it' : 'them'}, and never applies ${lost.length === 1 ? 'it' : 'them'}.`
      : 'An entry was applied twice: before the crash, and again after the slave resumed at its applied prefix, below an entry another worker had already applied.';
  return `Nothing is queued and the slave's binlog claims entries 1..${s.rcv}, yet ${values}.\n${cause}`;
}

const SLAVE: { readonly [name: string]: (s: SlaveState) => string | undefined } = {
  SnapshotCoversApplied: slaveSnapshotCoversApplied,
  OffsetNotAhead: slaveOffsetNotAhead,
  DataMatchesOffset: slaveDataMatchesOffset,
};

/**
 * One or two plain-English lines on what a state that violates `invariant` means for Pika; with the
 * model's constants, each write is named by the command its client runs.
 */
export function explainViolation(invariant: string, state: State, constants?: Constants): string {
  const explain = isReplicationState(state)
    ? REPLICATION[invariant]?.bind(null, state, contextOf(constants))
    : isSlaveState(state)
      ? SLAVE[invariant]?.bind(null, state)
      : undefined;
  if (explain === undefined) return `${invariant} is violated in this state.`;
  return explain() ?? `${invariant} holds in this state: there is nothing to explain.`;
}
