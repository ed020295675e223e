import { modelValues } from './modelValues.js';

/** The replication model's constants as `check` and the CLI pass them (validated by `validateReplication`). */
export type ReplicationConstants = {
  readonly clients: number;
  readonly keys: number;
  readonly ops: number;
  readonly lockScope: string;
  readonly binlogFormat: string;
  readonly servePath: number;
  readonly flush: number;
  readonly flushScope: string;
  readonly fairness: string;
};

/** The TLC reference configuration: 2 clients, 1 key, 1 op, Pika up to v4.0.0, INCR logged as INCR. */
export const REPLICATION_DEFAULTS: ReplicationConstants = {
  clients: 2,
  keys: 1,
  ops: 1,
  lockScope: 'command',
  binlogFormat: 'op',
  servePath: 0,
  flush: 0,
  flushScope: 'flush',
  fairness: 'weak',
};

/** Values of `lockScope`: which steps the shared dbs_rw_ brackets on the write path. */
export const LOCK_SCOPES = ['none', 'command', 'command+binlog'] as const;
/** Values of `binlogFormat`: INCR logged as the operation or as its resulting value. */
export const BINLOG_FORMATS = ['op', 'value'] as const;
/** Values of `flushScope`: what FLUSHDB's exclusive dbs_rw_ covers. */
export const FLUSH_SCOPES = ['flush', 'flush+binlog'] as const;

/** Values of `fairness`: the fairness under which the temporal properties are checked. */
export const FAIRNESS = ['none', 'weak', 'weak-except-slave'] as const;

/** A lock scope. */
export type LockScope = (typeof LOCK_SCOPES)[number];
/** A binlog format. */
export type BinlogFormat = (typeof BINLOG_FORMATS)[number];
/** A flush scope. */
export type FlushScope = (typeof FLUSH_SCOPES)[number];

/** The constants resolved into model values, as the TLA+ model's CONSTANTS. */
export interface ReplicationSetup {
  readonly clients: readonly string[];
  readonly keys: readonly string[];
  readonly ops: number;
  readonly lockScope: LockScope;
  readonly binlogFormat: BinlogFormat;
  /** Clients on the BLPOP serve path (TLA+'s ServePath). */
  readonly servePath: ReadonlySet<string>;
  /** Clients whose command is FLUSHDB (TLA+'s FlushClients). */
  readonly flushClients: ReadonlySet<string>;
  readonly flushScope: FlushScope;
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
    count('flush', c.flush, 0) ??
    oneOf('lockScope', c.lockScope, LOCK_SCOPES) ??
    oneOf('binlogFormat', c.binlogFormat, BINLOG_FORMATS) ??
    oneOf('flushScope', c.flushScope, FLUSH_SCOPES) ??
    oneOf('fairness', c.fairness, FAIRNESS);
  if (problem !== undefined) return problem;
  if (c.servePath + c.flush > c.clients) {
    return `constants 'servePath' + 'flush' must be at most 'clients' (${c.clients}), got ${c.servePath} + ${c.flush}`;
  }
  return undefined;
}

/**
 * Resolves validated constants into model values. The FLUSHDB clients are the highest-numbered and
 * the serve-path clients directly below them, so the plain clients are always c1..cP.
 */
export function setupOf(c: ReplicationConstants): ReplicationSetup {
  const clients = modelValues('c', c.clients);
  const plain = c.clients - c.servePath - c.flush;
  return {
    clients,
    keys: modelValues('k', c.keys),
    ops: c.ops,
    lockScope: c.lockScope as LockScope,
    binlogFormat: c.binlogFormat as BinlogFormat,
    servePath: new Set(clients.slice(plain, plain + c.servePath)),
    flushClients: new Set(clients.slice(plain + c.servePath)),
    flushScope: c.flushScope as FlushScope,
    fairness: c.fairness as (typeof FAIRNESS)[number],
    plainClients: clients.slice(0, plain),
  };
}
