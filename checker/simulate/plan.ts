import { UsageError } from '../errors.js';
import { refusedBy, selectInvariants, workersOf } from '../explore/plan.js';
import type { Combination } from '../explore/plan.js';
import type { Model } from '../spec/compile.js';
import type { State } from '../spec/types.js';
import { freshSeed, seedText } from './random.js';
import type { SamplingSettings } from './sampler.js';
import { refuseUnknownOptions } from '../optionKinds.js';
import { SIMULATE_OPTION_KINDS } from './types.js';
import type { SimulateOptions } from './types.js';

/** The options of `simulate` that a row of SIMULATE_COMBINATIONS can name. */
export type SimulateOption = 'workers' | 'source';

/** Every combination of options `simulate` refuses (see Combination); the API and the CLI both refuse from this table. */
export const SIMULATE_COMBINATIONS: readonly Combination<SimulateOption>[] = [
  {
    options: ['workers'],
    missing: 'source',
    message: (n) => `${n('workers')} > 1 needs ${n('source')}, the module the spec comes from, for each worker thread to load it`,
  },
];

/** Whether `option` is in use in `options`: given and not its default (workers: more than one). */
export function simulateOptionInUse(options: SimulateOptions, option: SimulateOption): boolean {
  return option === 'workers' ? (options.workers ?? 1) > 1 : options.source !== undefined;
}

/** The first combination of SIMULATE_COMBINATIONS that `options` make, if any. */
export function refusedSimulation(options: SimulateOptions): Combination<SimulateOption> | undefined {
  return refusedBy(SIMULATE_COMBINATIONS, (option) => simulateOptionInUse(options, option));
}

/** What `simulate` does, every option resolved: defaults applied, numbers checked, names selected. */
export interface SimulatePlan<S extends State> extends SamplingSettings<S> {
  readonly shrink: boolean;
  readonly shrinkSeconds: number;
  /** Worker threads asked for (1: this thread). */
  readonly workers: number;
  readonly source?: { readonly module: string; readonly exportName?: string };
  readonly sampleWhileStarting: boolean;
  readonly onProgress?: SimulateOptions['onProgress'];
  readonly progressMs: number;
}

function whole(name: string, value: number | undefined, least: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < least) throw new UsageError(`${name} must be a whole number ≥ ${least}, got ${value}`);
  return value;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(value > 0)) throw new UsageError(`${name} must be a positive number, got ${value}`);
  return value;
}

function weightsFor<S extends State>(model: Model<S>, weights: SimulateOptions['weights']): number[] | undefined {
  if (weights === undefined) return undefined;
  const known = new Set(model.actions.map((a) => a.name));
  for (const [name, weight] of Object.entries(weights)) {
    if (!known.has(name)) throw new UsageError(`unknown action '${name}' in weights (actions: ${[...known].join(', ')})`);
    if (!(Number.isFinite(weight) && weight >= 0)) throw new UsageError(`weight of ${name} must be a number ≥ 0, got ${weight}`);
  }
  return model.actions.map((a) => weights[a.name] ?? 1);
}

/**
 * Resolves `options` for `model` into a plan (its deadline counted from `started`, a
 * `performance.now()` time), or throws UsageError with one line.
 */
export function planSimulate<S extends State>(model: Model<S>, options: SimulateOptions, started: number, command = 'simulate'): SimulatePlan<S> {
  refuseUnknownOptions(command, options, SIMULATE_OPTION_KINDS);
  const workers = workersOf('workers', options.workers);
  const refused = refusedSimulation(options);
  if (refused) throw new UsageError(refused.message((option) => option));
  const timeLimit = positive('timeLimit', options.timeLimit, Infinity);
  const runs = whole('runs', options.runs, 1, options.timeLimit !== undefined ? Infinity : 10_000);
  const firstRun = whole('firstRun', options.firstRun, 0, 0);
  if (options.seed !== undefined && seedText(options.seed) === '') throw new UsageError('seed must not be empty');
  return {
    invariants: selectInvariants(model, options.invariants),
    seed: options.seed !== undefined ? seedText(options.seed) : freshSeed(),
    depth: whole('depth', options.depth, 1, 100),
    firstRun,
    lastRun: firstRun + runs,
    deadline: started + timeLimit * 1000,
    weights: weightsFor(model, options.weights),
    shrink: options.shrink ?? true,
    shrinkSeconds: positive('shrinkTimeLimit', options.shrinkTimeLimit, 30),
    stopAtFirst: options.stopAtFirst ?? true,
    deadlock: options.deadlock ?? model.deadlock ?? true,
    workers,
    ...(options.source !== undefined ? { source: options.source } : {}),
    sampleWhileStarting: options.sampleWhileStarting ?? true,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    progressMs: positive('progressInterval', options.progressInterval, 5) * 1000,
  };
}
