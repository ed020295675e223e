import { explainViolation, models, replicationVariant, slaveBgsaveVariant } from '../spec/pika/index.js';
import type { Constants, Spec, State } from '../checker/index.js';
import { UNSTABLE_COMMIT } from '../spec/pika/codeRefs.js';
import { COMMANDS } from '../spec/pika/commands.js';

/** A model the CLI knows by name, with the flags that set its constants. */
export interface BuiltinModel {
  readonly name: string;
  readonly spec: Spec<State, Constants>;
  readonly description: string;
  /** Flag (commander attribute) → constant name, for the options that belong to this model. */
  readonly flags: { readonly [flag: string]: string };
  /** One line naming the variant the constants select. */
  readonly summarize: (constants: Constants) => string;
  /** What a violating state means; the constants name each client's command. */
  readonly explain: (invariant: string, state: State, constants?: Constants) => string;
}

/** The built-in models: Pika's replication protocol (the default) and bgsave on a slave. */
export const BUILTIN_MODELS: readonly BuiltinModel[] = [
  {
    name: 'replication',
    spec: models.replication.spec as unknown as Spec<State, Constants>,
    description: models.replication.description,
    flags: {
      pikaVersion: 'pikaVersion',
      commands: 'commands',
      lockScope: 'lockScope',
      binlogFormat: 'binlogFormat',
      clients: 'clients',
      keys: 'keys',
      ops: 'ops',
      servePath: 'servePath',
      migrate: 'migrate',
      migrateScope: 'migrateScope',
      execFlush: 'execFlush',
      execFlushScope: 'execFlushScope',
      flushall: 'flushall',
      flushallScope: 'flushallScope',
      dbs: 'dbs',
      db: 'db',
      flush: 'flush',
      flushScope: 'flushScope',
      bgsaveSpan: 'bgsaveSpan',
      fairness: 'fairness',
    },
    summarize: (c) => replicationVariant(c as unknown as Parameters<typeof replicationVariant>[0]),
    explain: explainViolation,
  },
  {
    name: 'slave-bgsave',
    spec: models['slave-bgsave'].spec as unknown as Spec<State, Constants>,
    description: models['slave-bgsave'].description,
    flags: { pikaVersion: 'pikaVersion', entries: 'entries', keys: 'keys', offsetSource: 'offsetSource', crashes: 'crashes', resumeFrom: 'resumeFrom' },
    summarize: (c) => slaveBgsaveVariant(c as unknown as Parameters<typeof slaveBgsaveVariant>[0]),
    explain: explainViolation,
  },
];

/** The options that pick a built-in model, its scenario and its constants (`check` and `simulate` take them alike). */
export interface ModelOptions {
  readonly model?: string;
  readonly scenario?: string;
  readonly pikaVersion?: string;
  readonly commands?: string;
  readonly lockScope?: string;
  readonly binlogFormat?: string;
  readonly clients?: number;
  readonly keys?: number;
  readonly ops?: number;
  readonly servePath?: number;
  readonly migrate?: number;
  readonly migrateScope?: string;
  readonly execFlush?: number;
  readonly execFlushScope?: string;
  readonly flushall?: number;
  readonly flushallScope?: string;
  readonly dbs?: number;
  readonly db?: number;
  readonly flush?: number;
  readonly flushScope?: string;
  readonly bgsaveSpan?: string;
  readonly fairness?: string;
  readonly entries?: number;
  readonly offsetSource?: string;
  readonly crashes?: number;
  readonly resumeFrom?: string;
}

/** The flag each option is spelled with on the command line. */
export const FLAG_SPELLING: { readonly [flag: string]: string } = {
  pikaVersion: '--pika-version',
  commands: '--commands',
  lockScope: '--lock-scope',
  binlogFormat: '--binlog-format',
  clients: '--clients',
  keys: '--keys',
  ops: '--ops',
  servePath: '--serve-path',
  migrate: '--migrate',
  migrateScope: '--migrate-scope',
  execFlush: '--exec-flush',
  execFlushScope: '--exec-flush-scope',
  flushall: '--flushall',
  flushallScope: '--flushall-scope',
  dbs: '--dbs',
  db: '--db',
  flush: '--flush',
  flushScope: '--flush-scope',
  bgsaveSpan: '--bgsave-span',
  fairness: '--fairness',
  entries: '--entries',
  offsetSource: '--offset-source',
  crashes: '--crashes',
  resumeFrom: '--resume-from',
};

/** Lock scopes, binlog formats and the other variant axes, each with what it models. */
export const VARIANT_AXES: readonly { readonly option: string; readonly values: readonly { readonly value: string; readonly meaning: string }[] }[] = [
  {
    option: '--pika-version',
    values: [
      { value: 'v4.0.0', meaning: 'lock scope command, every command logged as received; the steps cite v4.0.0 [default; slave-bgsave: v4.0.1]' },
      { value: 'v4.0.1', meaning: 'lock scope command+binlog (#2818); INCR and INCRBY logged as PKSETEXAT key ts value (#2833), the others as received' },
      { value: 'later', meaning: `unstable at ${UNSTABLE_COMMIT.slice(0, 8)}: behaves as v4.0.1 on every modelled path; the steps cite that commit` },
    ],
  },
  {
    option: '--commands <list>',
    values: [
      { value: 'incr,decr,…', meaning: `the command of c1, c2, … (cycled): ${COMMANDS.join(', ')}; one key type per run [default: incr]` },
    ],
  },
  {
    option: '--lock-scope',
    values: [
      { value: 'version', meaning: "as --pika-version: command up to v4.0.0, command+binlog since v4.0.1 [default]" },
      { value: 'none', meaning: 'no dbs_rw_ on the write path at all (a baseline, no Pika version)' },
      { value: 'command', meaning: 'shared dbs_rw_ around DoCommand only; DoBinlog after the unlock: Pika up to v4.0.0 (the #2805 race)' },
      { value: 'command+binlog', meaning: 'shared dbs_rw_ around DoCommand and DoBinlog: Pika since PR #2818 (v4.0.1)' },
    ],
  },
  {
    option: '--binlog-format',
    values: [
      { value: 'version', meaning: 'each command as --pika-version logs it (INCR, INCRBY as their value since v4.0.1) [default]' },
      { value: 'op', meaning: 'every command logged as received: replaying an INCR twice counts twice (as before PR #2833)' },
      { value: 'value', meaning: 'every command logged as the value it produced (PKSETEXAT): idempotent on replay' },
    ],
  },
  {
    option: '--serve-path <n>',
    values: [
      {
        value: 'n',
        meaning:
          'the n highest-numbered non-FLUSHDB clients write on the BLPOP/BRPOP serve path (BlockingBaseCmd::ServeAndUnblockConns): record lock only, never dbs_rw_, whatever the lock scope (not reported upstream) [default 0]',
      },
    ],
  },
  {
    option: '--flush <n> / --flush-scope',
    values: [
      { value: 'flush', meaning: 'FLUSHDB as Pika: exclusive dbs_rw_ around the flush only, DoBinlog after the unlock (FlushdbCmd::Do) [default]' },
      { value: 'flush+binlog', meaning: 'candidate fix: the exclusive lock also covers the flush\'s DoBinlog' },
    ],
  },
  {
    option: '--migrate <n> / --migrate-scope',
    values: [
      { value: 'none', meaning: 'slot migration as Pika: DeleteKey, then a DEL entry, with no record lock and no dbs_rw_ (PikaParseSendThread::DelKeysAndWriteBinlog) [default]' },
      { value: 'command+binlog', meaning: 'candidate fix: the record lock and dbs_rw_ shared around each delete and its DEL entry' },
    ],
  },
  {
    option: '--exec-flush <n> / --exec-flush-scope',
    values: [
      { value: 'flush', meaning: 'FLUSHDB inside MULTI/EXEC as Pika: flushed under EXEC\'s exclusive lock, and no binlog entry at all (ExecCmd::Do) [default]' },
      { value: 'flush+binlog', meaning: 'candidate fix: its binlog entry written under the same lock' },
    ],
  },
  {
    option: '--flushall <n> / --flushall-scope (--dbs <n>, --db <i>)',
    values: [
      { value: 'flush', meaning: "FLUSHALL as Pika since v4.0.1: every DB's lock released, then a FLUSHDB entry per DB, DB by DB (FlushallCmd::Do, ::DoBinlog); the model holds DB i of n [default]" },
      { value: 'flush+binlog', meaning: "candidate fix: each DB's entry written before the locks are released" },
    ],
  },
  {
    option: '--bgsave-span',
    values: [
      { value: 'lock', meaning: 'bgsave is its exclusive section only (the TLC model) [default]' },
      { value: 'whole', meaning: 'bgsave runs from BgSaveDB to FinishBgsave, its file copy included; FLUSHDB refuses to flush meanwhile (v4.0.0 still logs it, #2790)' },
    ],
  },
  {
    option: '--offset-source (--model slave-bgsave)',
    values: [
      { value: 'binlog', meaning: 'as Pika: a slave\'s bgsave records its binlog producer offset, ahead of queued DB writes [default]' },
      { value: 'applied', meaning: 'naive fix: record the longest fully applied prefix (wrong once keys have their own workers)' },
      { value: 'drain', meaning: 'fix: bgsave waits until every queued DB write is applied' },
    ],
  },
  {
    option: '--crashes <n> / --resume-from (--model slave-bgsave)',
    values: [
      { value: 'binlog', meaning: 'as Pika: a slave restarted after a crash resumes at its binlog offset, past the DB writes the crash lost [default]' },
      { value: 'applied', meaning: 'naive fix: resume at the applied prefix (re-applies what another worker applied past it)' },
      { value: 'applied+dedupe', meaning: 'fix: resume at the applied prefix and skip entries already applied' },
    ],
  },
];
