import { PIKA_VERSIONS } from './codeRefs.js';
import type { PikaVersion } from './codeRefs.js';
import { parseCommands, releaseLogging } from './commands.js';
import type { Command, Logging } from './commands.js';
import { modelValues } from './modelValues.js';

/** The replication model's constants as `check` and the CLI pass them (validated by `validateReplication`). */
export type ReplicationConstants = {
  readonly pikaVersion: string;
  readonly commands: string;
  readonly clients: number;
  readonly keys: number;
  readonly ops: number;
  readonly lockScope: string;
  readonly binlogFormat: string;
  readonly servePath: number;
  readonly migrate: number;
  readonly migrateScope: string;
  readonly execFlush: number;
  readonly execFlushScope: string;
  readonly flushall: number;
  readonly flushallScope: string;
  readonly dbs: number;
  readonly db: number;
  readonly flush: number;
  readonly flushScope: string;
  readonly bgsaveSpan: string;
  readonly fairness: string;
};

/** The TLC reference configuration: 2 clients, 1 key, 1 op, Pika v4.0.0 (lock scope command, INCR logged as INCR). */
export const REPLICATION_DEFAULTS: ReplicationConstants = {
  pikaVersion: 'v4.0.0',
  commands: 'incr',
  clients: 2,
  keys: 1,
  ops: 1,
  lockScope: 'version',
  binlogFormat: 'version',
  servePath: 0,
  migrate: 0,
  migrateScope: 'none',
  execFlush: 0,
  execFlushScope: 'flush',
  flushall: 0,
  flushallScope: 'flush',
  dbs: 1,
  db: 1,
  flush: 0,
  flushScope: 'flush',
  bgsaveSpan: 'lock',
  fairness: 'weak',
};

/** One line on each constant, for the CLI's flags and `pika-mc variants`. */
export const REPLICATION_CONSTANT_DESCRIPTIONS: { readonly [C in keyof ReplicationConstants]: string } = {
  pikaVersion: 'the Pika release modelled (v4.0.0, v4.0.1, later = unstable 218b68bb): sets the lock scope and how each command is logged, and the code every step cites',
  commands: 'the command each client runs, as a comma list for c1, c2, … (cycled): incr, incrby, decr, decrby, hincrby, zincrby, lpush, lpop',
  clients: 'client connections, each running ops commands',
  keys: 'keys a command may pick (any key whose record lock is free)',
  ops: 'commands per client',
  lockScope: "what the shared dbs_rw_ covers on the write path: none, command (up to v4.0.0), command+binlog (#2818, v4.0.1), or version (the Pika version's)",
  binlogFormat: "how commands are logged: op (as received), value (as the value they produce), or version (each as the Pika version logs it)",
  servePath: 'clients whose command runs on the BLPOP/BRPOP serve path (record lock only, never dbs_rw_), the highest-numbered below the FLUSHDB clients',
  migrate: 'clients that are slot-migration threads deleting a migrated key and logging a DEL (PikaParseSendThread::DelKeysAndWriteBinlog), below the EXEC and FLUSHDB clients',
  migrateScope: 'what the slot migration holds around its delete and DEL entry: none (as Pika), or command+binlog (a candidate fix: record lock and dbs_rw_ shared)',
  execFlush: 'clients that run FLUSHDB inside MULTI/EXEC (ExecCmd::Do), below the FLUSHDB clients',
  execFlushScope: "what a FLUSHDB inside EXEC writes under EXEC's exclusive lock: flush (as Pika: no binlog entry at all), or flush+binlog (a candidate fix)",
  flushall: 'clients that run FLUSHALL (v4.0.1 and later: one FLUSHDB entry per DB, written DB by DB), below the FLUSHDB clients',
  flushallScope: "what FLUSHALL's exclusive locks cover: flush (as Pika: every DB's lock is released before the first entry), or flush+binlog (a candidate fix)",
  dbs: 'the DBs FLUSHALL flushes and logs, one after the other',
  db: "the DB the model holds (its keys, dbs_rw_, binlog, bgsave and slave); FLUSHALL's entries for the other DBs are steps that change nothing here",
  flush: 'clients that run FLUSHDB, the highest-numbered',
  flushScope: "what FLUSHDB's exclusive dbs_rw_ covers: flush (as Pika), or flush+binlog (a candidate fix)",
  bgsaveSpan: "how long bgsave counts as running: lock (its exclusive section only), or whole (from BgSaveDB to FinishBgsave, the file copy included, when FLUSHDB refuses to flush)",
  fairness: 'the fairness under which temporal properties are checked: none, weak, or weak on all but SlaveApply',
};

/** Values of `lockScope`: which steps the shared dbs_rw_ brackets on the write path (`version`: as the Pika version does). */
export const LOCK_SCOPES = ['version', 'none', 'command', 'command+binlog'] as const;
/** Values of `binlogFormat`: every command logged as the operation, or as its resulting value (`version`: each as the Pika version logs it). */
export const BINLOG_FORMATS = ['version', 'op', 'value'] as const;
/** Values of `flushScope` and `execFlushScope`: what a FLUSHDB's exclusive dbs_rw_ covers. */
export const FLUSH_SCOPES = ['flush', 'flush+binlog'] as const;
/** Values of `migrateScope`: what the slot migration holds around a key's delete and its DEL entry. */
export const MIGRATE_SCOPES = ['none', 'command+binlog'] as const;
/** Values of `bgsaveSpan`: how long bgsave counts as running (`bgsave_info_.bgsaving`). */
export const BGSAVE_SPANS = ['lock', 'whole'] as const;

/** Values of `fairness`: the fairness under which the temporal properties are checked. */
export const FAIRNESS = ['none', 'weak', 'weak-except-slave'] as const;

/** A lock scope, resolved against the Pika version. */
export type LockScope = Exclude<(typeof LOCK_SCOPES)[number], 'version'>;
/** A flush scope. */
export type FlushScope = (typeof FLUSH_SCOPES)[number];
/** A migrate scope. */
export type MigrateScope = (typeof MIGRATE_SCOPES)[number];

/** What a client runs: an ordinary write, a pop on the serve path, a slot migration's delete, FLUSHDB inside EXEC, or FLUSHDB. */
export type Role = 'plain' | 'serve' | 'migrate' | 'execFlush' | 'flushall' | 'flush';

/** The constants resolved into model values, as the TLA+ model's CONSTANTS. */
export interface ReplicationSetup {
  /** The Pika version modelled: its bgsave, FLUSHDB, serve path and slave code are the ones cited. */
  readonly version: PikaVersion;
  /** The version whose write path has the lock scope (v4.0.0 for `command`, v4.0.1 or later for `command+binlog`). */
  readonly writePathVersion: PikaVersion;
  readonly clients: readonly string[];
  readonly keys: readonly string[];
  readonly ops: number;
  readonly lockScope: LockScope;
  /** The command of a non-FLUSHDB client. */
  readonly commandOf: (client: string) => Command;
  /** How a command is logged: by the version's table, or as `binlogFormat` overrides it. */
  readonly loggingOf: (command: Command) => Logging;
  /** Clients on the BLPOP serve path (TLA+'s ServePath). */
  readonly servePath: ReadonlySet<string>;
  /** Clients whose command is FLUSHDB (TLA+'s FlushClients). */
  readonly flushClients: ReadonlySet<string>;
  readonly flushScope: FlushScope;
  /** Slot-migration threads. */
  readonly migrateClients: ReadonlySet<string>;
  readonly migrateScope: MigrateScope;
  /** Clients running FLUSHDB inside MULTI/EXEC. */
  readonly execFlushClients: ReadonlySet<string>;
  readonly execFlushScope: FlushScope;
  /** Clients running FLUSHALL. */
  readonly flushallClients: ReadonlySet<string>;
  readonly flushallScope: FlushScope;
  /** The DBs FLUSHALL spans, and the one modelled (1-based). */
  readonly dbs: number;
  readonly db: number;
  /** True when bgsave counts as running from BgSaveDB to FinishBgsave, the file copy included. */
  readonly bgsaveWhole: boolean;
  readonly roleOf: (client: string) => Role;
  readonly fairness: (typeof FAIRNESS)[number];
  /** Clients that are neither on the serve path nor FLUSHDB: the interchangeable ones. */
  readonly plainClients: readonly string[];
}

function count(name: string, value: unknown, least: number): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < least) {
    return `constant '${name}' must be an integer ≥ ${least}, got ${JSON.stringify(value)}`;
  }
  return undefined;
}

function oneOf(name: string, value: unknown, allowed: readonly string[]): string | undefined {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    return `constant '${name}' must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`;
  }
  return undefined;
}

/** Refuses constants the model cannot represent, naming the constant and what it allows. */
export function validateReplication(c: ReplicationConstants): string | undefined {
  const problem =
    count('clients', c.clients, 1) ??
    count('keys', c.keys, 1) ??
    count('ops', c.ops, 1) ??
    count('servePath', c.servePath, 0) ??
    count('migrate', c.migrate, 0) ??
    count('execFlush', c.execFlush, 0) ??
    count('flushall', c.flushall, 0) ??
    count('dbs', c.dbs, 1) ??
    count('db', c.db, 1) ??
    count('flush', c.flush, 0) ??
    oneOf('pikaVersion', c.pikaVersion, PIKA_VERSIONS) ??
    oneOf('lockScope', c.lockScope, LOCK_SCOPES) ??
    oneOf('binlogFormat', c.binlogFormat, BINLOG_FORMATS) ??
    oneOf('flushScope', c.flushScope, FLUSH_SCOPES) ??
    oneOf('migrateScope', c.migrateScope, MIGRATE_SCOPES) ??
    oneOf('execFlushScope', c.execFlushScope, FLUSH_SCOPES) ??
    oneOf('flushallScope', c.flushallScope, FLUSH_SCOPES) ??
    oneOf('bgsaveSpan', c.bgsaveSpan, BGSAVE_SPANS) ??
    oneOf('fairness', c.fairness, FAIRNESS);
  if (problem !== undefined) return problem;
  const commands = parseCommands(c.commands);
  if (typeof commands === 'string') return commands;
  if (c.migrate + c.execFlush + c.flushall === 0 && c.servePath + c.flush > c.clients) {
    return `constants 'servePath' + 'flush' must be at most 'clients' (${c.clients}), got ${c.servePath} + ${c.flush}`;
  }
  if (c.servePath + c.migrate + c.execFlush + c.flushall + c.flush > c.clients) {
    return `constants 'servePath' + 'migrate' + 'execFlush' + 'flushall' + 'flush' must be at most 'clients' (${c.clients}), got ${c.servePath} + ${c.migrate} + ${c.execFlush} + ${c.flushall} + ${c.flush}`;
  }
  if (c.db > c.dbs) return `constant 'db' must be at most 'dbs' (${c.dbs}), got ${c.db}`;
  if (c.flushall > 0 && c.pikaVersion === 'v4.0.0') {
    return "constant 'flushall' needs pikaVersion v4.0.1 or later: v4.0.0 logs one FLUSHALL entry in the current DB's binlog only, which this one-DB model does not represent";
  }
  return undefined;
}

/**
 * Resolves validated constants into model values. The clients are numbered by role: the plain ones
 * first (c1..cP), then the serve path, the slot migration, FLUSHDB inside EXEC, FLUSHALL, and FLUSHDB last.
 */
export function setupOf(c: ReplicationConstants): ReplicationSetup {
  const clients = modelValues('c', c.clients);
  const plain = c.clients - c.servePath - c.migrate - c.execFlush - c.flushall - c.flush;
  const slice = (from: number, n: number) => new Set(clients.slice(from, from + n));
  const servePath = slice(plain, c.servePath);
  const migrateClients = slice(plain + c.servePath, c.migrate);
  const execFlushClients = slice(plain + c.servePath + c.migrate, c.execFlush);
  const flushallClients = slice(plain + c.servePath + c.migrate + c.execFlush, c.flushall);
  const flushClients = slice(plain + c.servePath + c.migrate + c.execFlush + c.flushall, c.flush);
  const version = c.pikaVersion as PikaVersion;
  const lockScope = resolveLockScope(c.lockScope, version);
  const commands = parseCommands(c.commands) as readonly Command[];
  const format = c.binlogFormat;
  return {
    version,
    writePathVersion: lockScope === 'command' ? 'v4.0.0' : lockScope === 'command+binlog' && version === 'v4.0.0' ? 'v4.0.1' : version,
    clients,
    keys: modelValues('k', c.keys),
    ops: c.ops,
    lockScope,
    commandOf: (client) => commands[clients.indexOf(client) % commands.length] as Command,
    loggingOf: (command) => (format === 'op' || format === 'value' ? format : releaseLogging(command, version)),
    servePath,
    flushClients,
    flushScope: c.flushScope as FlushScope,
    migrateClients,
    migrateScope: c.migrateScope as MigrateScope,
    execFlushClients,
    execFlushScope: c.execFlushScope as FlushScope,
    flushallClients,
    flushallScope: c.flushallScope as FlushScope,
    dbs: c.dbs,
    db: c.db,
    bgsaveWhole: c.bgsaveSpan === 'whole',
    roleOf: (client) =>
      flushClients.has(client)
        ? 'flush'
        : flushallClients.has(client)
          ? 'flushall'
          : execFlushClients.has(client)
          ? 'execFlush'
          : migrateClients.has(client)
            ? 'migrate'
            : servePath.has(client)
              ? 'serve'
              : 'plain',
    fairness: c.fairness as (typeof FAIRNESS)[number],
    plainClients: clients.slice(0, plain),
  };
}

/** The lock scope of the write path: as given, or the version's (`command` up to v4.0.0, `command+binlog` since #2818). */
export function resolveLockScope(lockScope: string, version: PikaVersion): LockScope {
  if (lockScope !== 'version') return lockScope as LockScope;
  return version === 'v4.0.0' ? 'command' : 'command+binlog';
}

