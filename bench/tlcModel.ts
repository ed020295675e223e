import type { BenchConfig } from './configs.js';

/** The TLA+ constants of a bench row whose model has a TLA+ counterpart, in the order the .cfg lists them. */
export type TlaConstants = readonly (readonly [name: string, value: string])[];

/** The module TLC checks: it extends the user's model and defines the symmetry set the .cfg may name. */
export const TLC_WRAPPER = 'PikaMcBench';

/** The invariants the .cfg asks TLC to check: every invariant of the replication model. */
export const TLC_INVARIANTS = ['SnapshotCoversApplied', 'OffsetNotAhead', 'NoDuplicateApply', 'ReplicaConverges'] as const;

/** The replication constants a row may set and still be the TLA+ model (anything else is a feature only pika-mc models). */
const REPLICATION_AXES = new Set(['clients', 'keys', 'ops', 'lockScope', 'binlogFormat', 'flushScope']);

/** Model values `prefix1`..`prefixN`, as a TLC .cfg declares a set of them. */
function modelValueSet(prefix: string, count: number): string {
  return `{${Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`).join(', ')}}`;
}

/**
 * The TLA+ constants of `config` (the replication model's core: no serve path, no FLUSHDB), or why
 * it has none: another model, or a constant the TLA+ model lacks or leaves to the Pika version.
 */
export function tlaConstantsOf(config: BenchConfig): TlaConstants | string {
  if (config.model !== 'replication') return `the bench has no TLA+ model for ${config.model}`;
  const c = config.constants;
  const extra = Object.keys(c).filter((name) => !REPLICATION_AXES.has(name));
  if (extra.length > 0) return `the TLA+ model has no ${extra.join(', ')}`;
  for (const name of ['lockScope', 'binlogFormat'] as const) {
    if (typeof c[name] !== 'string' || c[name] === 'version') return `the row leaves ${name} to the Pika version, which the TLA+ model does not know`;
  }
  const count = (name: string): number => (typeof c[name] === 'number' ? (c[name] as number) : 1);
  return [
    ['Clients', modelValueSet('c', count('clients'))],
    ['Keys', modelValueSet('k', count('keys'))],
    ['OpsPerClient', String(count('ops'))],
    ['LockScope', JSON.stringify(c['lockScope'])],
    ['BinlogFormat', JSON.stringify(c['binlogFormat'])],
    ['NoKey', 'NoKey'],
    ['ServePath', '{}'],
    ['FlushClients', '{}'],
    ['FlushKey', 'FlushKey'],
    ['FlushScope', JSON.stringify(typeof c['flushScope'] === 'string' ? c['flushScope'] : 'flush')],
  ];
}

/** The .cfg TLC reads for a row: its constants, the spec, SYMMETRY where the row uses symmetry, every invariant, no deadlock check. */
export function tlcConfigText(constants: TlaConstants, symmetry: boolean): string {
  return [
    'CONSTANTS',
    ...constants.map(([name, value]) => `  ${name} = ${value}`),
    'SPECIFICATION Spec',
    ...(symmetry ? ['SYMMETRY BenchSymmetry'] : []),
    `INVARIANTS ${TLC_INVARIANTS.join(' ')}`,
    'CHECK_DEADLOCK FALSE',
    '',
  ].join('\n');
}

/**
 * The wrapper module TLC checks: the user's model extended with the symmetry set, clients and keys
 * permuted together (TLC closes the union into the group both generate, as pika-mc's symmetry does).
 */
export function tlcWrapperText(modelModule: string): string {
  return [
    `---- MODULE ${TLC_WRAPPER} ----`,
    `EXTENDS ${modelModule}, TLC`,
    'BenchSymmetry == Permutations(Clients) \\cup Permutations(Keys)',
    '====',
    '',
  ].join('\n');
}
