/** One benchmark configuration: a model, its constants, run options, and TLC's figures to check against. */
export interface BenchConfig {
  readonly name: string;
  readonly model: 'replication' | 'slave-bgsave' | 'readers-writers' | 'two-phase';
  readonly constants: { readonly [name: string]: number | string | readonly string[] };
  readonly symmetry?: boolean;
  /** The distinct / generated / depth it must find; a run that differs is a wrong answer, not a result. */
  readonly expected?: { readonly distinct: number; readonly generated: number; readonly depth: number };
  /** Where `expected` comes from: TLC, or (beyond what TLC was run on) pika-mc's own run with one worker. @default 'TLC' */
  readonly expectedFrom?: 'TLC' | 'pika-mc, one worker';
  /** Runs of this configuration (median and range are reported). */
  readonly runs: number;
  /**
   * Write checkpoints this many seconds apart (into a temporary directory): the configuration is
   * then run in pairs, without checkpoints and with them, one after the other, to give their cost.
   */
  readonly checkpointEvery?: number;
  /** Spill to a temporary directory (check's `spill`) with this `maxMemory`, in megabytes: in one worker, whatever the number asked. */
  readonly spillMaxMemory?: number;
}

const pika = (clients: number, keys: number, ops: number) => ({
  lockScope: 'command+binlog',
  binlogFormat: 'op',
  clients,
  keys,
  ops,
});

/** TwoPhase's resource managers r1..rn. */
const rm = (n: number) => ({ RM: Array.from({ length: n }, (_, i) => `r${i + 1}`) });

/** The configurations measured, with and without symmetry, in order of size. */
export const BENCH_CONFIGS: readonly BenchConfig[] = [
  { name: 'ReadersWriters NumActors=3', model: 'readers-writers', constants: { NumActors: 3 }, expected: { distinct: 21527, generated: 59674, depth: 13 }, runs: 5 },
  // Symmetry over n resource managers: the cost of finding a state's orbit grows with n, not n!.
  { name: 'TwoPhase RM=7 symmetry', model: 'two-phase', constants: rm(7), symmetry: true, expected: { distinct: 920, generated: 8410, depth: 23 }, runs: 3 },
  // Figures from a search keyed by a canonical form written for TwoPhase alone (the sorted profiles of its RMs), which gives TLC's at RM=7.
  {
    name: 'TwoPhase RM=9 symmetry',
    model: 'two-phase',
    constants: rm(9),
    symmetry: true,
    expected: { distinct: 2232, generated: 26316, depth: 29 },
    expectedFrom: 'pika-mc, one worker',
    runs: 3,
  },
  { name: 'Pika 3/2/1', model: 'replication', constants: pika(3, 2, 1), expected: { distinct: 11561, generated: 25337, depth: 26 }, runs: 5 },
  { name: 'Pika 2/2/2', model: 'replication', constants: pika(2, 2, 2), expected: { distinct: 28167, generated: 60429, depth: 33 }, runs: 5 },
  { name: 'Pika 4/2/1', model: 'replication', constants: pika(4, 2, 1), expected: { distinct: 155377, generated: 359005, depth: 33 }, runs: 3 },
  { name: 'Pika 3/2/2', model: 'replication', constants: pika(3, 2, 2), expected: { distinct: 3828005, generated: 8982209, depth: 47 }, runs: 5 },
  {
    name: 'Pika 3/2/2 checkpoint-every 5',
    model: 'replication',
    constants: pika(3, 2, 2),
    checkpointEvery: 5,
    expected: { distinct: 3828005, generated: 8982209, depth: 47 },
    runs: 3,
  },
  { name: 'Pika 3/2/2 symmetry', model: 'replication', constants: pika(3, 2, 2), symmetry: true, expected: { distinct: 319078, generated: 748830, depth: 47 }, runs: 3 },
  // The largest that fits in 10 minutes (3/2/3 and 4/2/2 are tens of millions of states more).
  {
    name: 'Pika 2/2/4',
    model: 'replication',
    constants: pika(2, 2, 4),
    expected: { distinct: 15673443, generated: 35922213, depth: 61 },
    expectedFrom: 'pika-mc, one worker',
    runs: 1,
  },
  // The same space with its seen set and trace log on disk, in about half the memory.
  {
    name: 'Pika 2/2/4 spill 700 MB',
    model: 'replication',
    constants: pika(2, 2, 4),
    spillMaxMemory: 700,
    expected: { distinct: 15673443, generated: 35922213, depth: 61 },
    expectedFrom: 'pika-mc, one worker',
    runs: 1,
  },
  // About 60 million states without symmetry, 1.7 million orbits.
  {
    name: 'Pika 3/3/2 symmetry',
    model: 'replication',
    constants: pika(3, 3, 2),
    symmetry: true,
    expected: { distinct: 1670521, generated: 4535183, depth: 47 },
    expectedFrom: 'pika-mc, one worker',
    runs: 1,
  },
  // 4 clients and 2 keys: 48 permutations a state, which the canonical keyer does not try one by one.
  {
    name: 'Pika 4/2/2 symmetry',
    model: 'replication',
    constants: pika(4, 2, 2),
    symmetry: true,
    expected: { distinct: 15800704, generated: 38692190, depth: 61 },
    runs: 1,
  },
];
