import type { FoundError, FoundViolation } from '../explore/level.js';
import type { Constants } from '../spec/types.js';
import type { PackedStates } from './handOver.js';
import type { GrowPart, SharedFingerprintSetBuffers } from './sharedFingerprintSet.js';
import type { SharedTraceLogBuffers } from './sharedTraceLog.js';

/** Where a worker loads the spec from: a module (file URL) and the name of its export. */
export interface SpecSource {
  readonly url: string;
  /** The export holding the spec; without it, the default export (or `spec`). */
  readonly exportName?: string;
}

/** Slots of the shared control words (an Int32Array). */
export const enum Control {
  /** Non-zero: every worker stops expanding and reports. */
  Stop = 0,
  Length = 1,
}

/** Slots of each worker's progress figures (a Float64Array, `ProgressSlot.Length` a worker). */
export const enum ProgressSlot {
  /** Successors generated in the current level. */
  Generated = 0,
  /** States of its share expanded in the current level. */
  Expanded = 1,
  /** States it found of the next level. */
  Found = 2,
  Length = 3,
}

/** What any worker thread (of a check or of a simulation) builds the main thread's model from. */
export interface ModelSetup {
  readonly source: SpecSource;
  readonly constants: Constants;
  /** The spec's name and its actions, to make sure the worker runs the same model as the main thread. */
  readonly specName: string;
  readonly actions: readonly string[];
  /** The invariants checked, in order. */
  readonly invariants: readonly string[];
}

/** What a worker is started with (its workerData): enough to load the spec and wait for its share. */
export interface WorkerSetup extends ModelSetup {
  readonly index: number;
  /** The symmetry sets reduced by. */
  readonly symmetry: readonly string[];
  readonly maxStates: number;
  readonly memo: boolean;
  /** States it expands, at most, exploring alone while it waits to join (see WarmUp); 0: none. */
  readonly warmUp: number;
  readonly control: SharedArrayBuffer;
  readonly progress: SharedArrayBuffer;
}

/** Take over a share of the level the run is handed over at: the states, in the shared trace log. */
export interface StartCommand {
  readonly kind: 'start';
  readonly log: SharedTraceLogBuffers;
  readonly states: PackedStates;
}

/** Expand the share of the current level: what it found of the last one, with the states given to it (`take`). */
export interface LevelCommand {
  readonly kind: 'level';
  /** False at the last level allowed by maxDepth: successors are looked up but not stored. */
  readonly storing: boolean;
  /** The invariants not violated yet. */
  readonly pending: readonly string[];
  /** Look for deadlocks (none found yet). */
  readonly deadlock: boolean;
  readonly seen: SharedFingerprintSetBuffers;
  /** Fingerprints it may add to the seen set (beyond, it holds successors until the set grows). */
  readonly room: number;
  /** States another worker gave it to expand in this level, after its own. */
  readonly take?: PackedStates;
  /** Once its part is expanded, it may run ahead into the next level while it waits (see PoolMember.runAhead). */
  readonly ahead?: boolean;
}

/** Give the last `count` states it found of the next level (another worker will expand them). */
export interface GiveCommand {
  readonly kind: 'give';
  readonly count: number;
}

/** Add the successors the seen set had no room for, now that it has grown. */
export interface OverflowCommand {
  readonly kind: 'overflow';
  readonly seen: SharedFingerprintSetBuffers;
  readonly room: number;
}

/** Copy into the larger seen set `to` the fingerprints of seen set `from` whose place is in part `part` of `parts` of its slots (every worker at once). */
export interface GrowCommand extends GrowPart {
  readonly kind: 'grow';
}

/** What the main thread tells a worker. */
export type Command = StartCommand | LevelCommand | GiveCommand | OverflowCommand | GrowCommand | { readonly kind: 'exit' };

export type { FoundError, FoundViolation } from '../explore/level.js';

/** What a worker found in a level (or in the insertion of its overflow). */
export interface LevelReport {
  readonly kind: 'level';
  readonly generated: number;
  /** States of its share expanded (all of them, unless it was stopped). */
  readonly expanded: number;
  /** Its share of the next level so far. */
  readonly found: number;
  /** States it numbered but did not queue: the successor a failure of the spec ended on. */
  readonly unqueued: number;
  /** Fingerprints it added to the seen set. */
  readonly added: number;
  /** Successors held back because the seen set was full. */
  readonly overflow: number;
  /** A successor was not stored because of maxStates or maxDepth. */
  readonly truncated: boolean;
  /** The least violation of each invariant it found, by (parent, ordinal). */
  readonly violations: readonly FoundViolation[];
  /** The least state number it found deadlocked. */
  readonly deadlock?: number;
  readonly error?: FoundError;
}

/** What a worker tells the main thread. */
export type Report =
  | { readonly kind: 'ready' }
  | { readonly kind: 'started' }
  /** Its part of the seen set is copied: the fingerprints left over (see SharedFingerprintSet.copyPart). */
  | { readonly kind: 'grown'; readonly spilled: Uint32Array }
  | { readonly kind: 'given'; readonly states: PackedStates }
  | LevelReport
  /** It could not load the spec, or not build the states handed over. */
  | { readonly kind: 'failed'; readonly during: 'load' | 'start'; readonly message: string; readonly specAtFault?: string };
