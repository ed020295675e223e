import type { OptionKind } from '../optionKinds.js';
import type { Seed } from './random.js';
import type { Constants, SpecFailure, State, Trace } from '../spec/types.js';

/** Options of `simulate`; every one is optional. */
/** How far a simulation has got: behaviours sampled (in run order) and the states they visited. */
export interface SimulationProgress {
  readonly behaviours: number;
  readonly states: number;
  /** Seconds since sampling started. */
  readonly seconds: number;
}

export interface SimulateOptions<C extends Constants = Constants> {
  /** Values for the spec's constants; the rest keep their defaults. */
  readonly constants?: Partial<C>;
  /** Names of the invariants to check. @default all of the spec's */
  readonly invariants?: readonly string[];
  /** States per behaviour at most, the initial state included. @default 100 */
  readonly depth?: number;
  /** Behaviours to run. @default 10000, or no limit when only `timeLimit` is given */
  readonly runs?: number;
  /**
   * Stop sampling after this many seconds; shrinking stops there too, and reports the shortest trace
   * so far (so with `stopAtFirst: false`, sampling up to the limit leaves the findings as sampled).
   * @default Infinity
   */
  readonly timeLimit?: number;
  /** Fixes every random choice; a report's seed and run index replay its behaviour. @default a fresh one */
  readonly seed?: Seed;
  /** Run only this run index of the seed (to replay one behaviour); `runs` counts from there. @default 0 */
  readonly firstRun?: number;
  /** Relative weight of each action, by name, when choosing among enabled instances. @default 1 each */
  readonly weights?: { readonly [action: string]: number };
  /** Shrink each violating behaviour before it is reported. @default true */
  readonly shrink?: boolean;
  /** Seconds the shrinker may spend per violation (never past `timeLimit`); past them it reports the shortest trace so far. @default 30 */
  readonly shrinkTimeLimit?: number;
  /** Stop at the first violating behaviour instead of sampling on for the other invariants. @default true */
  readonly stopAtFirst?: boolean;
  /**
   * Report a behaviour that reaches a state with no successor, and not one of the spec's terminal
   * states, as a deadlock (as `check` does). @default the spec's `deadlock`, else true
   */
  readonly deadlock?: boolean;
  /**
   * Worker threads (`simulate` only; `simulateSync` refuses more than one; never more than
   * the runs asked for). Worker `w` of n samples runs `from + w`, `from + w + n`, … (see
   * `sampleWhileStarting`); since every run draws from a stream fixed by the seed and its run index,
   * and runs are merged in run order, the figures, the first violation and its trace are the same for
   * any number of workers (with a time limit, how many runs fit in it varies). With more than one,
   * `source` must say where the spec comes from. At most MAX_WORKERS (256). @default 1
   */
  readonly workers?: number;
  /** The module the spec comes from (a path or file URL) and its export, for worker threads to load it. */
  readonly source?: { readonly module: string; readonly exportName?: string };
  /**
   * With workers: sample in this thread while they start (they load the spec), and deal them only the
   * runs left once they are ready, so that a short simulation never waits for them; false leaves
   * every run to the workers. Either way the result is the same. @default true
   */
  readonly sampleWhileStarting?: boolean;
  /** Called every `progressInterval` seconds (by `simulate`, not `simulateSync`) with the figures so far. */
  readonly onProgress?: (progress: SimulationProgress) => void;
  /** Seconds between progress reports. @default 5 */
  readonly progressInterval?: number;
  /**
   * Stops sampling (reported as `stopped: 'interrupted'`) when aborted; a shrink under way stops too,
   * and its violation is reported with the shortest trace so far (`shrinkIncomplete`).
   */
  readonly signal?: AbortSignal;
}

/** What simulation found for one invariant. */
export interface SimulationVerdict<S extends State> {
  readonly name: string;
  /** `not found` proves nothing: no sampled behaviour violated it. */
  readonly verdict: 'violated' | 'not found';
  /** The reported trace: shrunk unless shrinking was off; it replays through the spec. */
  readonly trace?: Trace<S>;
  /** The behaviour as sampled, up to its first state violating the invariant. */
  readonly originalTrace?: Trace<S>;
  /** The run index that found it: with the seed, it replays the behaviour. */
  readonly run?: number;
  /** Whether the shrinker was stopped (by its time limit, the run's, or the signal) before reaching a fixed point. */
  readonly shrinkIncomplete?: boolean;
}

/** How often one action was taken over all sampled behaviours. */
export interface ActionTaken {
  readonly name: string;
  readonly taken: number;
}

/** Figures of a simulation. */
export interface SimulationStats {
  readonly behaviours: number;
  /** States visited, initial states included, repeats included. */
  readonly states: number;
  /** Seconds spent sampling (shrinking not included). */
  readonly seconds: number;
  readonly behavioursPerSecond: number;
  /** Behaviours by length in states: `[length, count]`, shortest first. */
  readonly lengths: readonly (readonly [length: number, count: number])[];
  /** Per action, in declaration order. */
  readonly actions: readonly ActionTaken[];
  /** Seconds spent shrinking. */
  readonly shrinkSeconds: number;
  readonly workers: number;
}

/** A behaviour that reached a deadlock, shrunk (unless `shrink` is false): it replays through the spec. */
export interface SimulationDeadlock<S extends State> {
  readonly trace: Trace<S>;
  /** The behaviour as sampled, before shrinking. */
  readonly originalTrace: Trace<S>;
  /** The run index that found it: with the seed, it replays the behaviour as sampled. */
  readonly run: number;
  /** Whether the shrinker was stopped (by its time limit, the run's, or the signal) before reaching a fixed point. */
  readonly shrinkIncomplete?: boolean;
}

/** Why sampling stopped. */
export type SimulationStop = 'violation' | 'deadlock' | 'runs' | 'timeLimit' | 'interrupted' | 'error';

/** Fields every simulation result has. */
interface SimulationBase<S extends State> {
  readonly spec: string;
  readonly constants: Constants;
  /** The seed every run drew from: `simulate(spec, { seed })` gives this result again. */
  readonly seed: string;
  /** States per behaviour at most. */
  readonly depth: number;
  readonly invariants: readonly SimulationVerdict<S>[];
  /** Whether deadlocks were looked for, and the first behaviour that reached one, if any did. */
  readonly deadlockChecked: boolean;
  readonly deadlock?: SimulationDeadlock<S>;
  readonly stopped: SimulationStop;
  readonly stats: SimulationStats;
}

/** The outcome of `simulate`; switch on `status`. */
export type SimulationResult<S extends State = State> =
  | (SimulationBase<S> & { readonly status: 'violation' })
  | (SimulationBase<S> & { readonly status: 'deadlock' })
  | (SimulationBase<S> & { readonly status: 'not found' })
  | (SimulationBase<S> & { readonly status: 'error'; readonly error: SpecFailure<S>; readonly run: number });

/** Each option of `simulate` and the kind of its value: an option not here is refused (see refuseUnknownOptions). */
export const SIMULATE_OPTION_KINDS = {
  constants: 'any',
  invariants: 'names',
  depth: 'number',
  runs: 'number',
  timeLimit: 'number',
  seed: 'any',
  firstRun: 'number',
  weights: 'any',
  shrink: 'boolean',
  shrinkTimeLimit: 'number',
  stopAtFirst: 'boolean',
  deadlock: 'boolean',
  workers: 'number',
  source: 'any',
  sampleWhileStarting: 'boolean',
  onProgress: 'function',
  progressInterval: 'number',
  signal: 'any',
} as const satisfies { readonly [name in keyof Required<SimulateOptions>]: OptionKind };
