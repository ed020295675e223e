import { UsageError } from '../errors.js';
import { selectProperties } from '../liveness/properties.js';
import type { CompiledInvariant, Model } from '../spec/compile.js';
import type { CheckpointNote, Progress, State } from '../spec/types.js';
import { refuseUnknownOptions } from '../optionKinds.js';
import { CHECK_OPTION_KINDS } from './options.js';
import type { CheckOptions } from './options.js';
import { deferLimitOf } from './spilledSeenSet.js';

/** The options of `check` that a row of COMBINATIONS can name. */
export type CombinedOption =
  | 'symmetry'
  | 'properties'
  | 'exact'
  | 'reference'
  | 'coverage'
  | 'checkpoint'
  | 'checkpointEvery'
  | 'resume'
  | 'workers'
  | 'source'
  | 'continue'
  | 'stopAtFirst'
  | 'spill'
  | 'maxStates';

/**
 * A combination of options that `check` refuses: every option of `options` in use (see inUse) and,
 * when `missing` is given, none of its options. `message` is the one line it is refused with, naming the
 * options through `name`, so that the API says `symmetry` where the CLI says `--symmetry`.
 */
export interface Combination<O extends string = CombinedOption> {
  readonly options: readonly O[];
  readonly missing?: O | readonly O[];
  readonly message: (name: (option: O) => string) => string;
}

type Names = (option: CombinedOption) => string;

/**
 * The UsageError of a refusal that names options of `check`: its message names them as the API
 * does, and `wording` names them through the function it is given, so that the CLI says its flags.
 */
export class OptionsRefusal extends UsageError {
  constructor(readonly wording: (name: Names) => string) {
    super(wording((option) => option));
  }
}

const inProcess = (option: CombinedOption) => (n: Names): string =>
  `${n(option)} needs the in-process engine, not worker threads: run it with one worker (${n('workers')} 1)`;
const notWithExact = (option: CombinedOption) => (n: Names): string =>
  `${n(option)} cannot be combined with ${n('exact')}: a checkpoint saves fingerprints, not the values exact mode tells states apart by`;
const notWithCoverage = (option: CombinedOption) => (n: Names): string =>
  `${n(option)} cannot be combined with ${n('coverage')}: a checkpoint does not save the coverage counts`;
const notSpilled = (option: CombinedOption, why: string) => (n: Names): string => `${n('spill')} cannot be combined with ${n(option)}: ${why}`;
const needsSource = (option: CombinedOption) => (n: Names): string =>
  `${n(option)} needs ${n('source')}, the module the spec comes from, so that a resume can tell whether the spec's code changed`;

/** Every combination of options `check` refuses; the API and the CLI both refuse from this table. */
export const COMBINATIONS: readonly Combination[] = [
  {
    options: ['symmetry', 'properties'],
    message: (n) => `${n('properties')} cannot be checked under ${n('symmetry')}: as with TLC, the symmetry reduction is unsound for temporal properties`,
  },
  { options: ['exact', 'symmetry'], message: (n) => `${n('exact')} and ${n('symmetry')} cannot be combined` },
  { options: ['reference', 'symmetry'], message: (n) => `${n('reference')} and ${n('symmetry')} cannot be combined: reference mode tells states apart by value` },
  {
    options: ['continue', 'stopAtFirst'],
    message: (n) => `${n('continue')} and ${n('stopAtFirst')} cannot be combined: one explores the whole space, the other stops at the first finding`,
  },
  { options: ['workers', 'exact'], message: inProcess('exact') },
  { options: ['workers', 'reference'], message: inProcess('reference') },
  { options: ['workers', 'coverage'], message: inProcess('coverage') },
  // The state graph for temporal properties is recorded by the run's observer, which watches one thread.
  { options: ['workers', 'properties'], message: inProcess('properties') },
  { options: ['workers', 'checkpoint'], message: inProcess('checkpoint') },
  { options: ['workers', 'resume'], message: inProcess('resume') },
  { options: ['checkpoint', 'exact'], message: notWithExact('checkpoint') },
  { options: ['checkpoint', 'reference'], message: (n) => `${n('checkpoint')} cannot be combined with ${n('reference')}: a checkpoint saves fingerprints, not states` },
  { options: ['resume', 'reference'], message: (n) => `${n('resume')} cannot be combined with ${n('reference')}: a checkpoint saves fingerprints, not states` },
  { options: ['checkpoint', 'coverage'], message: notWithCoverage('checkpoint') },
  {
    options: ['resume', 'properties'],
    message: (n) => `${n('properties')} cannot be checked on ${n('resume')}: the state graph they are checked on is recorded by one whole run, and a checkpoint does not save it`,
  },
  { options: ['resume', 'exact'], message: notWithExact('resume') },
  { options: ['resume', 'coverage'], message: notWithCoverage('resume') },
  {
    options: ['workers'],
    missing: 'source',
    message: (n) => `${n('workers')} > 1 needs ${n('source')}, the module the spec comes from, for each worker thread to load it`,
  },
  { options: ['workers', 'spill'], message: inProcess('spill') },
  { options: ['spill', 'exact'], message: notSpilled('exact', 'it keeps fingerprints on disk, not the values exact mode tells states apart by') },
  { options: ['spill', 'reference'], message: notSpilled('reference', 'it keeps fingerprints on disk, not the states reference mode keeps') },
  { options: ['spill', 'coverage'], message: notSpilled('coverage', 'a spilled run learns which successors are new only after it has counted them') },
  { options: ['spill', 'properties'], message: notSpilled('properties', 'the state graph they are checked on is kept in memory') },
  { options: ['spill', 'maxStates'], message: notSpilled('maxStates', 'a spilled run learns which successors are new in batches, not one by one') },
  {
    options: ['checkpointEvery'],
    missing: ['checkpoint', 'resume'],
    message: (n) => `${n('checkpointEvery')} sets how often a run saves: give the folder to save it in with ${n('checkpoint')}`,
  },
  { options: ['checkpoint'], missing: 'source', message: needsSource('checkpoint') },
  { options: ['resume'], missing: 'source', message: needsSource('resume') },
];

/** Whether `option` is in use in `options`: given and not its default (workers: more than one). */
export function inUse(options: CheckOptions, option: CombinedOption): boolean {
  switch (option) {
    case 'symmetry':
      return options.symmetry === true || (Array.isArray(options.symmetry) && options.symmetry.length > 0);
    case 'properties':
      return (options.properties ?? []).length > 0;
    case 'exact':
      return options.exact === true;
    case 'reference':
      return options.reference === true;
    case 'coverage':
      return options.coverage === true;
    case 'continue':
      return options.continue === true;
    case 'stopAtFirst':
      return options.stopAtFirst === true;
    case 'workers':
      return (options.workers ?? 1) > 1;
    case 'maxStates':
      return options.maxStates !== undefined && options.maxStates !== Infinity;
    case 'checkpoint':
    case 'checkpointEvery':
    case 'resume':
    case 'source':
    case 'spill':
      return options[option] !== undefined;
  }
}

/** The first row of `table` that `isUsed` matches, if any. */
export function refusedBy<O extends string>(table: readonly Combination<O>[], isUsed: (option: O) => boolean): Combination<O> | undefined {
  return table.find((row) => row.options.every(isUsed) && (row.missing === undefined || ![row.missing].flat().some((option) => isUsed(option as O))));
}

/** The first combination of COMBINATIONS that `options` make, if any. */
export function refusedCombination(options: CheckOptions): Combination | undefined {
  return refusedBy(COMBINATIONS, (option) => inUse(options, option));
}

/**
 * Whether `options` (their `workers` aside) must run in this thread: they use an option that a row of
 * COMBINATIONS refuses together with more than one worker.
 */
export function needsOneThread(options: CheckOptions): boolean {
  return COMBINATIONS.some(
    (row) => row.missing === undefined && row.options.includes('workers') && row.options.every((option) => option === 'workers' || inUse(options, option)),
  );
}

/** What `check` does, every option resolved: defaults applied, numbers checked, names selected. */
export interface CheckPlan<S extends State = State> {
  readonly invariants: readonly CompiledInvariant<S>[];
  /** The reachability properties checked (each a predicate some state must satisfy). */
  readonly reachable: readonly CompiledInvariant<S>[];
  /** The symmetry sets to reduce by (none: no reduction). */
  readonly symmetry: readonly string[];
  readonly properties: readonly string[];
  /** States the temporal check may build its graph of. */
  readonly propertyStates: number;
  readonly deadlock: boolean;
  readonly stopAtFirst: boolean;
  /** Explore the whole space even once every invariant is violated (TLC's -continue). */
  readonly continue: boolean;
  readonly maxStates: number;
  readonly maxDepth: number;
  readonly timeLimit: number;
  readonly maxMemoryBytes: number;
  readonly exact: boolean;
  /** The plain implementation of every part of the loop (see CheckOptions.reference); exact too. */
  readonly reference: boolean;
  readonly memo: boolean;
  readonly coverage: boolean;
  readonly progressMs: number;
  /**
   * Where a spilled run's files go (a directory of its own is made in `dir`), the fingerprints its
   * seen set keeps in memory, the states each level queue keeps in memory, and the share of their
   * usual size its memos keep.
   */
  readonly spill?: { readonly dir: string; readonly budget: number; readonly queueBudget: number; readonly memoShare: number };
  /** Where checkpoints go and what they resume from, when asked for. */
  readonly checkpoint?: {
    readonly dir: string;
    readonly resume?: string;
    readonly everySeconds: number;
    readonly module: string;
  };
  /** With more than one worker: how many, the level size that starts them, and where they load the spec from. */
  readonly parallel?: {
    readonly workers: number;
    readonly threshold: number;
    readonly source: { readonly module: string; readonly exportName?: string };
  };
  readonly onProgress?: (progress: Progress) => void;
  readonly onLevel?: (progress: Progress) => void;
  readonly onCheckpointNote?: (note: CheckpointNote) => void;
  readonly onCheckpointWrite?: (writing: boolean) => void;
  readonly onSpillFolder?: (folder: string) => void;
  readonly signal?: AbortSignal;
}

/** Fingerprints a spilled seen set keeps in memory when neither spillBudget nor maxMemory says. */
export const SPILL_BUDGET = 1 << 22;

/**
 * A spilled seen set takes about 22 bytes a fingerprint of its budget at its peak (its table, and
 * the sort before a merge): a budget of maxMemory / 512 keeps it under a twentieth of the bound.
 */
const BYTES_PER_BUDGET = 512;

/** The memory bound, in megabytes, from which a spilled run's memos keep their usual size. */
const MEMO_FULL_MB = 2800;

/**
 * The most workers a run may have (`check` and `simulate`). Each worker thread is a V8 isolate with
 * its own heap, copy of the spec and memos, and past the machine's cores more threads only share
 * them; the bound is fixed, not a multiple of the cores, so that a command is accepted or refused
 * alike on every machine, and it is above the hardware threads of common large servers (2 × 64
 * cores with two threads each).
 */
export const MAX_WORKERS = 256;

/** Workers given to a run, or UsageError with one line naming `name`, the value and the range allowed. */
export function workersOf(name: string, value: number | undefined): number {
  if (value === undefined) return 1;
  if (!Number.isSafeInteger(value) || value < 1 || value > MAX_WORKERS) throw new UsageError(`${name} must be a whole number from 1 to ${MAX_WORKERS}, got ${value}`);
  return value;
}

/** Levels smaller than this stay in the main thread alone: worker threads, which start with cold code, would cost more than they save. */
export const PARALLEL_THRESHOLD = 16384;
/**
 * The same under symmetry, where a worker thread also learns again what the main thread's memos
 * and canonical keyer know, at a cost that only a larger run repays (Pika 3/2/2 with symmetry,
 * whose levels peak at 27,723 states, is checked faster by one thread than by two).
 */
export const SYMMETRIC_PARALLEL_THRESHOLD = 65536;

/** A number > 0, Infinity when not given. */
function positive(name: string, value: number | undefined, fallback = Infinity): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0)) throw new UsageError(`${name} must be a positive number, got ${String(value)}`);
  return value;
}

/** The fingerprints a spilled seen set keeps in memory: spillBudget, else from maxMemory, else SPILL_BUDGET. */
function spillBudget(options: CheckOptions): number {
  const given = positiveInteger('spillBudget', options.spillBudget);
  if (given !== undefined) return given;
  const maxMemory = positive('maxMemory', options.maxMemory);
  return maxMemory === Infinity ? SPILL_BUDGET : Math.max(1024, Math.floor((maxMemory * 1024 * 1024) / BYTES_PER_BUDGET));
}

/**
 * The states a spilled level queue keeps in memory before it writes them out: spillQueueBudget,
 * else a quarter of the seen set's budget (some 12 MB of Pika states at 700 MB), as many as the
 * seen set defers before they are settled, which the queue holds besides; so the queue in which
 * DeferredSuccessors sets new states aside stays in memory.
 */
function spillQueueBudget(options: CheckOptions, budget: number): number {
  return positiveInteger('spillQueueBudget', options.spillQueueBudget) ?? deferLimitOf(budget);
}

/** `value` when it is a positive integer (undefined when not given); else UsageError naming option `name`. */
function positiveInteger(name: string, value: number | undefined): number | undefined {
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) throw new UsageError(`${name} must be a positive integer, got ${String(value)}`);
  return value;
}

/**
 * The share of their usual size a spilled run's memos keep: at their usual size they take some
 * 400 MB at the peak of a run of millions of states (Pika 2/2/4), so a run bounded to less than
 * 2,800 MB keeps a share in proportion (a quarter at 700 MB), and at least a sixteenth.
 */
function memoShare(maxMemory: number | undefined): number {
  if (maxMemory === undefined) return 1;
  return Math.min(1, Math.max(1 / 16, maxMemory / MEMO_FULL_MB));
}

/** Where a spilled run's files go, and what it keeps in memory. */
function spilled(options: CheckOptions, dir: string): NonNullable<CheckPlan<State>['spill']> {
  const budget = spillBudget(options);
  return { dir, budget, queueBudget: spillQueueBudget(options, budget), memoShare: memoShare(options.maxMemory) };
}

/** Picks the invariants named in the options, refusing unknown names. */
export function selectInvariants<S extends State>(model: Model<S>, names?: readonly string[]): CompiledInvariant<S>[] {
  if (names === undefined) return model.invariants.slice();
  const known = new Map(model.invariants.map((inv) => [inv.name, inv]));
  return names.map((name) => {
    const invariant = known.get(name);
    if (!invariant) {
      const valid = model.invariants.map((inv) => inv.name).join(', ') || 'none';
      throw new UsageError(`unknown invariant '${name}' (valid: ${valid})`);
    }
    return invariant;
  });
}

/** Picks the reachability properties named in the options (all by default), refusing unknown names. */
export function selectReachable<S extends State>(model: Model<S>, names?: readonly string[]): CompiledInvariant<S>[] {
  const all = model.reachable ?? [];
  if (names === undefined) return all.slice();
  const known = new Map(all.map((r) => [r.name, r]));
  return names.map((name) => {
    const property = known.get(name);
    if (!property) throw new UsageError(`unknown reachability property '${name}' (valid: ${all.map((r) => r.name).join(', ') || 'none'})`);
    return property;
  });
}

/** The symmetry sets to reduce by, refusing names the spec does not declare. */
export function selectSymmetry<S extends State>(model: Model<S>, symmetry: CheckOptions['symmetry']): string[] {
  if (symmetry === undefined || symmetry === false) return [];
  const declared = Object.keys(model.symmetry);
  if (symmetry === true) return declared;
  for (const name of symmetry) {
    if (!declared.includes(name)) {
      throw new UsageError(
        `symmetry set '${name}' is not declared by ${model.name} for these constants (declared: ${declared.join(', ') || 'none'}); ` +
          'values that play different roles, or fewer than two of them, are not symmetric',
      );
    }
  }
  return [...symmetry];
}

/**
 * Resolves `options` for `model` into a plan, or throws UsageError with one line: an unknown name, a
 * number out of range, or a combination of COMBINATIONS (named as the options are).
 */
export function planCheck<S extends State>(model: Model<S>, options: CheckOptions = {}, command = 'check'): CheckPlan<S> {
  refuseUnknownOptions(command, options, CHECK_OPTION_KINDS);
  const workers = workersOf('workers', options.workers);
  const refused = refusedCombination(options);
  if (refused) throw new OptionsRefusal(refused.message);
  const parallelThreshold = options.parallelThreshold ?? (inUse(options, 'symmetry') ? SYMMETRIC_PARALLEL_THRESHOLD : PARALLEL_THRESHOLD);
  if (!(parallelThreshold >= 0)) throw new UsageError(`parallelThreshold must be a number ≥ 0, got ${parallelThreshold}`);
  const reference = options.reference ?? false;
  const exact = (options.exact ?? false) || reference;
  const checkpointDir = options.checkpoint ?? options.resume;
  const maxStates = positive('maxStates', options.maxStates);
  const progressSeconds = options.progressInterval ?? 5;
  if (!(progressSeconds >= 0)) throw new UsageError(`progressInterval must be a number ≥ 0, got ${progressSeconds}`);
  return {
    invariants: selectInvariants(model, options.invariants),
    reachable: selectReachable(model, options.reachable),
    symmetry: selectSymmetry(model, options.symmetry),
    properties: selectProperties(model, options.properties ?? []),
    propertyStates: maxStates === Infinity ? 5_000_000 : maxStates,
    // The run's choice, else the spec's own (TLC's CHECK_DEADLOCK), else on.
    deadlock: options.deadlock ?? model.deadlock ?? true,
    stopAtFirst: options.stopAtFirst ?? false,
    continue: options.continue ?? false,
    maxStates,
    maxDepth: positive('maxDepth', options.maxDepth),
    timeLimit: positive('timeLimit', options.timeLimit),
    maxMemoryBytes: positive('maxMemory', options.maxMemory) * 1024 * 1024,
    exact,
    reference,
    memo: (options.memo ?? true) && !exact,
    coverage: options.coverage ?? false,
    progressMs: progressSeconds * 1000,
    ...(options.spill !== undefined ? { spill: spilled(options, options.spill) } : {}),
    ...(checkpointDir !== undefined && options.source !== undefined
      ? {
          checkpoint: {
            dir: checkpointDir,
            ...(options.resume !== undefined ? { resume: options.resume } : {}),
            everySeconds: positive('checkpointEvery', options.checkpointEvery, 60),
            module: options.source.module,
          },
        }
      : {}),
    ...(workers > 1 && options.source !== undefined ? { parallel: { workers, threshold: parallelThreshold, source: options.source } } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.onLevel ? { onLevel: options.onLevel } : {}),
    ...(options.onCheckpointNote ? { onCheckpointNote: options.onCheckpointNote } : {}),
    ...(options.onCheckpointWrite ? { onCheckpointWrite: options.onCheckpointWrite } : {}),
    ...(options.onSpillFolder ? { onSpillFolder: options.onSpillFolder } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
}
