import { PIKA_VERSIONS } from './codeRefs.js';
import type { PikaVersion } from './codeRefs.js';
import { outside } from '../../checker/spec/constants.js';
import type { ConstantsInput, ConstantValue, ConstantValues } from '../../checker/index.js';
import { COMMANDS, parseCommands, releaseLogging } from './commands.js';
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

/**
 * The replication model's constants with what each sets and allows; the defaults are the TLC
 * reference configuration: 2 clients, 1 key, 1 op, Pika v4.0.0 (lock scope command, INCR logged as INCR).
 */
export const REPLICATION_CONSTANTS: ConstantsInput<ReplicationConstants> = {
  pikaVersion: {
    default: 'v4.0.0',
    values: PIKA_VERSIONS,
    help: 'the Pika release modelled: sets the lock scope and how each command is logged, and the code each step cites',
  },
  commands: {
    default: 'incr',
    help: `the command of c1, c2, … as a comma list, cycled: ${COMMANDS.join(', ')}`,
  },
  clients: { default: 2, values: { min: 1 }, help: 'client connections' },
  keys: { default: 1, values: { min: 1 }, help: 'keys a command may pick' },
  ops: { default: 1, values: { min: 1 }, help: 'writes per client' },
  lockScope: { default: 'version', values: LOCK_SCOPES, help: "what the shared dbs_rw_ lock covers on the write path, overriding the version's" },
  binlogFormat: { default: 'version', values: BINLOG_FORMATS, help: "how every command is logged, overriding the version's table" },
  servePath: { default: 0, values: { min: 0 }, help: 'clients on the BLPOP serve path, the highest-numbered' },
  migrate: { default: 0, values: { min: 0 }, help: 'slot-migration threads deleting migrated keys, numbered after the serve path' },
  migrateScope: { default: 'none', values: MIGRATE_SCOPES, help: 'what the slot migration holds around a delete and its DEL entry' },
  execFlush: { default: 0, values: { min: 0 }, help: 'clients that run FLUSHDB inside MULTI/EXEC, numbered before the FLUSHDB clients' },
  execFlushScope: {
    default: 'flush',
    values: FLUSH_SCOPES,
    help: "what EXEC's exclusive lock covers for its FLUSHDB: flush (no binlog entry, as Pika) or flush+binlog",
  },
  flushall: { default: 0, values: { min: 0 }, help: 'clients that run FLUSHALL (v4.0.1 and later), numbered before the FLUSHDB clients' },
  flushallScope: { default: 'flush', values: FLUSH_SCOPES, help: "what FLUSHALL's exclusive locks cover: flush (as Pika) or flush+binlog" },
  dbs: { default: 1, values: { min: 1 }, help: 'DBs that FLUSHALL flushes and logs one after the other' },
  db: { default: 1, values: { min: 1 }, help: 'the DB the model holds, among --dbs' },
  flush: { default: 0, values: { min: 0 }, help: 'clients that issue FLUSHDB, the highest-numbered' },
  flushScope: { default: 'flush', values: FLUSH_SCOPES, help: "what FLUSHDB's exclusive lock covers" },
  bgsaveSpan: {
    default: 'lock',
    values: BGSAVE_SPANS,
    help: 'how long bgsave runs: its exclusive section (lock), or from BgSaveDB to FinishBgsave (whole), when FLUSHDB refuses',
  },
  fairness: {
    default: 'weak',
    values: FAIRNESS,
    help: 'fairness for temporal properties: weak fairness on every action, on all but SlaveApply, or none',
  },
};

/** The TLC reference configuration: the default of every constant. */
export const REPLICATION_DEFAULTS: ReplicationConstants = Object.fromEntries(
  Object.entries(REPLICATION_CONSTANTS).map(([name, c]) => [name, (c as { default: unknown }).default]),
) as ReplicationConstants;

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

/**
 * Refuses constants the model cannot represent: each constant outside its described values (as
 * `check` does before, for a caller of `validate` alone), then the combinations `validateReplication` refuses.
 */
export function replicationProblem(c: ReplicationConstants): string | undefined {
  for (const [name, d] of Object.entries(REPLICATION_CONSTANTS)) {
    const value = (c as { [name: string]: unknown })[name];
    const values = (d as { values?: ConstantValues }).values;
    const type = typeof (d as { default: unknown }).default === 'number' ? 'integer' : 'string';
    if (typeof value !== (type === 'integer' ? 'number' : 'string') || (type === 'integer' && !Number.isInteger(value))) {
      return `constant '${name}' must be ${type === 'integer' ? 'an integer' : 'a string'}, got ${JSON.stringify(value)}`;
    }
    const problem = values !== undefined ? outside(value as ConstantValue, type, values) : undefined;
    if (problem !== undefined) return `constant '${name}' must be ${problem}, got ${JSON.stringify(value)}`;
  }
  return validateReplication(c);
}

/**
 * Refuses combinations of constants the model cannot represent, naming the constants and their
 * flags (each constant's own values are refused by its description): the clients with a role are
 * picked among the clients, the DB held is one of the DBs, FLUSHALL needs v4.0.1 or later.
 */
export function validateReplication(c: ReplicationConstants): string | undefined {
  const commands = parseCommands(c.commands);
  if (typeof commands === 'string') return commands;
  if (c.migrate + c.execFlush + c.flushall === 0 && c.servePath + c.flush > c.clients) {
    return `constants 'servePath' + 'flush' must be at most 'clients' (${c.clients}), got ${c.servePath} + ${c.flush}: --serve-path plus --flush pick clients among the ${c.clients} of --clients`;
  }
  if (c.servePath + c.migrate + c.execFlush + c.flushall + c.flush > c.clients) {
    return `constants 'servePath' + 'migrate' + 'execFlush' + 'flushall' + 'flush' must be at most 'clients' (${c.clients}), got ${c.servePath} + ${c.migrate} + ${c.execFlush} + ${c.flushall} + ${c.flush}: --serve-path, --migrate, --exec-flush, --flushall and --flush pick clients among the ${c.clients} of --clients`;
  }
  if (c.db > c.dbs) return `constant 'db' must be at most 'dbs' (${c.dbs}), got ${c.db}: --db picks one of the --dbs`;
  if (c.flushall > 0 && c.pikaVersion === 'v4.0.0') {
    return "constant 'flushall' needs pikaVersion v4.0.1 or later: v4.0.0 logs one FLUSHALL entry in the current DB's binlog only, which this one-DB model does not represent (--flushall needs --pika-version v4.0.1 or later)";
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

