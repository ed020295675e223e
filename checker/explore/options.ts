import type { OptionKind } from '../optionKinds.js';
import type { CheckpointNote, Constants, Progress } from '../spec/types.js';

/** Options of `check`; every one is optional. */
export interface CheckOptions<C extends Constants = Constants> {
  /** Values for the spec's constants; the rest keep their defaults. */
  readonly constants?: Partial<C>;
  /** Names of the invariants to check. @default all of the spec's */
  readonly invariants?: readonly string[];
  /** Names of the reachability properties to check. @default all of the spec's */
  readonly reachable?: readonly string[];
  /**
   * Explore the whole space even once every invariant is violated (TLC's -continue): a shortest
   * trace per invariant and the whole space's figures. Cannot be combined with stopAtFirst. @default false
   */
  readonly continue?: boolean;
  /** Report states with no successor that are not terminal. @default the spec's `deadlock`, else true, as TLC */
  readonly deadlock?: boolean;
  /** Stop at the first violation or deadlock instead of looking for a trace per invariant. @default false */
  readonly stopAtFirst?: boolean;
  /** Stop after this many distinct states. @default Infinity */
  readonly maxStates?: number;
  /** Explore states up to this depth (in states, initial states being depth 1). @default Infinity */
  readonly maxDepth?: number;
  /** Stop after this many seconds. @default Infinity */
  readonly timeLimit?: number;
  /** Stop when the process's resident memory reaches this many megabytes. @default Infinity */
  readonly maxMemory?: number;
  /**
   * A directory to spill to: the seen set (beyond `spillBudget` fingerprints in memory), the
   * trace log and the level queues (beyond `spillQueueBudget` states) go to files of the run's own there, so that a space larger than memory is explored
   * with the figures and traces of a run in memory; with maxMemory below 2,800 MB, the memos keep
   * a share of their usual size in proportion. One thread; not with maxStates, exact, reference,
   * coverage or temporal properties (see COMBINATIONS). The files are removed at the end.
   */
  readonly spill?: string;
  /**
   * With spill: fingerprints of the seen set kept in memory before they are merged into the file.
   * @default one per 512 bytes of maxMemory when it is given, else 4,194,304
   */
  readonly spillBudget?: number;
  /**
   * With spill: states of the level being found kept in memory before they are written to a file
   * of the level's own (and read back from it in segments of that size).
   * @default spillBudget / 4
   */
  readonly spillQueueBudget?: number;
  /** Tell states apart by value instead of by 64-bit fingerprint. @default false */
  readonly exact?: boolean;
  /**
   * Explore with the plain implementation of every part of the loop: no memos, states kept by value
   * (exact seen set, plain array queue). Slower; for cross-checking the fast parts, which must give
   * the same figures and traces. One thread, no symmetry. @default false
   */
  readonly reference?: boolean;
  /**
   * Remember what each action instance and invariant does by the values of the state fields it reads
   * (Record states), so that the spec is called once per distinct combination: identical results,
   * several times faster. Off in exact mode. Turn it off for a spec whose actions are not functions
   * of the state. @default true
   */
  readonly memo?: boolean;
  /** Reduce by the spec's symmetry sets: true for all of them, or their names. @default false */
  readonly symmetry?: boolean | readonly string[];
  /** Count, per action and instance, how often it fired. @default false */
  readonly coverage?: boolean;
  /** Temporal properties to check, by name (or 'all'). @default none */
  readonly properties?: readonly string[];
  /** Called every `progressInterval` seconds with the figures so far. */
  readonly onProgress?: (progress: Progress) => void;
  /** Called each time a level has been expanded in full, with the figures at that point. */
  readonly onLevel?: (progress: Progress) => void;
  /** Seconds between progress reports. @default 5 */
  readonly progressInterval?: number;
  /** Stops the run (as a bound, 'interrupted') when aborted. */
  readonly signal?: AbortSignal;
  /**
   * Directory to write checkpoints to (a lock file there keeps other runs out), every
   * `checkpointEvery` seconds and when a bound stops the run. Needs `source`, whose code a
   * checkpoint records so that a resume of an edited spec is refused.
   */
  readonly checkpoint?: string;
  /**
   * Seconds from the end of one checkpoint write to the start of the next; stretched when writes
   * would otherwise take more than a tenth of the run (see `onCheckpointNote`). Refused without
   * `checkpoint` or `resume`, which say where. @default 60
   */
  readonly checkpointEvery?: number;
  /**
   * Directory of a checkpoint to continue from (and to keep checkpointing to, unless `checkpoint`
   * says otherwise). Refused unless the spec, its code, its constants, pika-mc's version and the
   * options that shape the state space (invariants, symmetry, deadlock, maxDepth) are the checkpoint's.
   */
  readonly resume?: string;
  /** Told what the checkpoints want said: their interval stretched, or a last checkpoint not written. */
  readonly onCheckpointNote?: (note: CheckpointNote) => void;
  /** Told when a checkpoint write starts (true) and ends (false): a caller that may end the run from outside waits longer during one. */
  readonly onCheckpointWrite?: (writing: boolean) => void;
  /** Told the folder of its own that a `spill` run makes, once it exists: a caller that ends the run from outside removes it. */
  readonly onSpillFolder?: (folder: string) => void;
  /**
   * Worker threads to explore with (`check` only; `checkSync` refuses more than one). With
   * more than one, `source` must say where the spec comes from; the options refused with them are
   * rows of COMBINATIONS (explore/plan.ts). At most MAX_WORKERS (256). @default 1: in this thread
   */
  readonly workers?: number;
  /** The module the spec comes from (a path or file URL) and its export, for worker threads to load it and for checkpoints to record its code. */
  readonly source?: { readonly module: string; readonly exportName?: string };
  /** With workers: states a level must reach before the run is handed to them (smaller runs stay in this thread). @default 16384, or 65536 with symmetry */
  readonly parallelThreshold?: number;
}

/** Each option of `check` and the kind of its value: an option not here is refused (see refuseUnknownOptions). */
export const CHECK_OPTION_KINDS = {
  constants: 'any',
  invariants: 'names',
  reachable: 'names',
  continue: 'boolean',
  deadlock: 'boolean',
  stopAtFirst: 'boolean',
  maxStates: 'number',
  maxDepth: 'number',
  timeLimit: 'number',
  maxMemory: 'number',
  spill: 'string',
  spillBudget: 'number',
  spillQueueBudget: 'number',
  exact: 'boolean',
  reference: 'boolean',
  memo: 'boolean',
  symmetry: 'any',
  coverage: 'boolean',
  properties: 'names',
  onProgress: 'function',
  onLevel: 'function',
  progressInterval: 'number',
  signal: 'any',
  checkpoint: 'string',
  checkpointEvery: 'number',
  resume: 'string',
  onCheckpointNote: 'function',
  onCheckpointWrite: 'function',
  onSpillFolder: 'function',
  workers: 'number',
  source: 'any',
  parallelThreshold: 'number',
} as const satisfies { readonly [name in keyof Required<CheckOptions>]: OptionKind };
