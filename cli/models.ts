import { explainViolation, models } from '../spec/pika/index.js';
import type { Constants, Spec, State } from '../checker/index.js';

/** A model the CLI knows by name, with the flags that set its constants. */
export interface BuiltinModel {
  readonly name: string;
  readonly spec: Spec<State, Constants>;
  readonly description: string;
  /** Flag (commander attribute) → constant name, for the options that belong to this model. */
  readonly flags: { readonly [flag: string]: string };
  /** One line naming the variant the constants select. */
  readonly summarize: (constants: Constants) => string;
  readonly explain: (invariant: string, state: State) => string;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The built-in models: Pika's replication protocol (the default) and bgsave on a slave. */
export const BUILTIN_MODELS: readonly BuiltinModel[] = [
  {
    name: 'replication',
    spec: models.replication.spec as unknown as Spec<State, Constants>,
    description: models.replication.description,
    flags: {
      lockScope: 'lockScope',
      binlogFormat: 'binlogFormat',
      clients: 'clients',
      keys: 'keys',
      ops: 'ops',
      servePath: 'servePath',
      flush: 'flush',
      flushScope: 'flushScope',
      fairness: 'fairness',
    },
    summarize: (c) =>
      [
        `lock scope ${String(c['lockScope'])}`,
        `binlog format ${String(c['binlogFormat'])}`,
        plural(c['clients'] as number, 'client'),
        plural(c['keys'] as number, 'key'),
        `${plural(c['ops'] as number, 'op')} per client`,
        (c['servePath'] as number) > 0 ? `${c['servePath']} on the serve path` : 'no serve path',
        (c['flush'] as number) > 0 ? `${plural(c['flush'] as number, 'FLUSHDB client')} (flush scope ${String(c['flushScope'])})` : 'no FLUSHDB',
      ].join(', '),
    explain: explainViolation,
  },
  {
    name: 'slave-bgsave',
    spec: models['slave-bgsave'].spec as unknown as Spec<State, Constants>,
    description: models['slave-bgsave'].description,
    flags: { entries: 'entries', keys: 'keys', offsetSource: 'offsetSource' },
    summarize: (c) =>
      [`offset source ${String(c['offsetSource'])}`, plural(c['entries'] as number, 'entry'), plural(c['keys'] as number, 'key')]
        .join(', ')
        .replace('entrys', 'entries'),
    explain: explainViolation,
  },
];

/** The options that pick a built-in model, its scenario and its constants (`check` and `simulate` take them alike). */
export interface ModelOptions {
  readonly model?: string;
  readonly scenario?: string;
  readonly lockScope?: string;
  readonly binlogFormat?: string;
  readonly clients?: number;
  readonly keys?: number;
  readonly ops?: number;
  readonly servePath?: number;
  readonly flush?: number;
  readonly flushScope?: string;
  readonly fairness?: string;
  readonly entries?: number;
  readonly offsetSource?: string;
}

/** The flag each option is spelled with on the command line. */
export const FLAG_SPELLING: { readonly [flag: string]: string } = {
  lockScope: '--lock-scope',
  binlogFormat: '--binlog-format',
  clients: '--clients',
  keys: '--keys',
  ops: '--ops',
  servePath: '--serve-path',
  flush: '--flush',
  flushScope: '--flush-scope',
  fairness: '--fairness',
  entries: '--entries',
  offsetSource: '--offset-source',
};

/** Lock scopes, binlog formats and the other variant axes, each with what it models. */
export const VARIANT_AXES: readonly { readonly option: string; readonly values: readonly { readonly value: string; readonly meaning: string }[] }[] = [
  {
    option: '--lock-scope',
    values: [
      { value: 'none', meaning: 'no dbs_rw_ on the write path at all (a baseline, no Pika version)' },
      { value: 'command', meaning: 'shared dbs_rw_ around DoCommand only; DoBinlog after the unlock: Pika up to v4.0.0 (the #2805 race) [default]' },
      { value: 'command+binlog', meaning: 'shared dbs_rw_ around DoCommand and DoBinlog: Pika since PR #2818 (v4.0.1)' },
    ],
  },
  {
    option: '--binlog-format',
    values: [
      { value: 'op', meaning: 'INCR logged as INCR: replaying it twice counts twice (before PR #2833) [default]' },
      { value: 'value', meaning: 'INCR logged as the resulting value (PKSETEXAT, PR #2833, 2024-08): idempotent on replay' },
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
    option: '--offset-source (--model slave-bgsave)',
    values: [
      { value: 'binlog', meaning: 'as Pika: a slave\'s bgsave records its binlog producer offset, ahead of queued DB writes [default]' },
      { value: 'applied', meaning: 'naive fix: record the longest fully applied prefix (wrong once keys have their own workers)' },
      { value: 'drain', meaning: 'fix: bgsave waits until every queued DB write is applied' },
    ],
  },
];
