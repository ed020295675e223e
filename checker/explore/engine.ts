import type { CompiledInvariant, Model } from '../spec/compile.js';
import { EngineIoError, SpecEvaluationError } from '../errors.js';
import type { Canonicalizer } from '../state/canonical.js';
import { PlainKeyer } from '../state/symmetry.js';
import type { Fingerprint, StateKeyer } from '../state/symmetry.js';
import { asEvaluationError, inConstraint, initialStateError, invariantHolds, NO_INITIAL_STATES } from '../spec/evaluate.js';
import type { Bound, Progress, State } from '../spec/types.js';
import { ArrayQueue } from './arrayQueue.js';
import type { CoverageCounter } from './coverage.js';
import { Frontier } from './frontier.js';
import { ALONE, LevelStep, StopWhen } from './level.js';
import type { Memos } from './level.js';
import { BoundedSeenSet, FingerprintSeenSet } from './seenSet.js';
import { SpilledSeenSet } from './spilledSeenSet.js';
import type { SeenSet } from './seenSet.js';
import { NumbersByFingerprint, NumbersByValue } from './stateNumbers.js';
import { TraceLog } from './traceLog.js';
import type { TraceLinks, TraceRecords } from './traceLog.js';
import { NOT_STORED } from './types.js';
import type { CompactQueue, ExploreObserver, StateQueue, StateSet, TraceEnd } from './types.js';

export type { StepTaken, TraceEnd } from './types.js';
export type { Memos } from './level.js';

/** Everything the exploration loop needs, resolved. */
export interface ExploreSettings<S extends State> {
  readonly invariants: readonly CompiledInvariant<S>[];
  readonly deadlock: boolean;
  readonly stopAtFirst: boolean;
  /** Explore the whole space even once every invariant is violated. */
  readonly continue?: boolean;
  readonly maxStates: number;
  readonly maxDepth: number;
  readonly deadline: number;
  readonly maxMemoryBytes: number;
  readonly seen: SeenSet;
  /** The trace log to number the states in (one on disk, with `seen` a SpilledSeenSet). @default a new TraceLog */
  readonly log?: TraceRecords;
  readonly keyer: StateKeyer;
  /** Remember invariant results and transitions by the fields they read (InvariantMemo, TransitionMemo). */
  readonly memo: boolean;
  /** The share of their usual size the memos keep (see TransitionMemo). @default 1 */
  readonly memoShare?: number;
  /** Keep queued states as they are, in an array (reference mode), instead of the compact Frontier. */
  readonly plainQueue?: boolean;
  /** The level queues, when not Frontiers nor plain (a spilled run's, on disk: see SpilledQueue). */
  readonly newQueue?: (canonical: Canonicalizer | undefined) => CompactQueue<S>;
  readonly coverage?: CoverageCounter;
  /** Watches the run (see ExploreObserver): the graph dump, and whoever else wants its states and steps. */
  readonly observer?: ExploreObserver<S>;
  readonly onProgress?: (progress: Progress) => void;
  /** Called when a level has been expanded in full. */
  readonly onLevel?: (progress: Progress) => void;
  readonly progressMs: number;
  readonly signal?: AbortSignal;
  readonly memoryUsage: () => number;
  readonly now: () => number;
  /** Is handed a snapshot when it is due, and when a bound stops the run. */
  readonly checkpoint?: ExploreCheckpoint<S>;
  /** Continues from a checkpoint instead of starting from the initial states (with its seen set as `seen`). */
  readonly resume?: ExploreResume<S>;
  /**
   * Asked between two levels with the size of the next one and of the one before: true stops the
   * run there, handing it over (`ExploreOutcome.handOff`) to be continued elsewhere (by worker threads).
   */
  readonly handOff?: (nextLevel: number, lastLevel: number) => boolean;
}

/** What an exploration has found between two expansions, but its queues. */
interface ExploreFound<S extends State> {
  readonly generated: number;
  /** Levels started, the current one included. */
  readonly depth: number;
  readonly violations: ReadonlyMap<string, TraceEnd<S>>;
  readonly deadlock?: TraceEnd<S>;
  /** States were left unstored by a depth limit. */
  readonly truncated: boolean;
  readonly log: TraceRecords;
  readonly seen: SeenSet;
}

/** The whole state of an exploration between two expansions: enough to continue it elsewhere. */
export interface ExploreSnapshot<S extends State> extends ExploreFound<S> {
  /** The current level: its states from the `from`-th on are not yet expanded. */
  readonly current: CompactQueue<S>;
  readonly from: number;
  /** The states of the next level found so far. */
  readonly next: CompactQueue<S>;
}

/** A snapshot read back, to continue from: `restore` queues its states on the exploration's own queues. */
export interface ExploreResume<S extends State> extends ExploreFound<S> {
  restore(current: CompactQueue<S>, next: CompactQueue<S>): void;
  /**
   * The run's checkpoint is the one it resumes from: stopped before it explores a state, it has
   * nothing new to save, and keeps that checkpoint rather than writing it again.
   */
  readonly saved?: boolean;
}

/** Where the loop hands its snapshots: when one is due, and when a bound stops the run (see ScheduledCheckpoints). */
export interface ExploreCheckpoint<S extends State> {
  /** Whether a snapshot is due at `now`, the run holding `size` states (stored and queued). */
  due(now: number, size: number): boolean;
  /** Milliseconds before the time limit to stop at, so that the last snapshot is saved within it. */
  reserveMs(size: number): number;
  save(snapshot: ExploreSnapshot<S>, size: number): void;
  /** The run stops where no snapshot can be resumed from. */
  cannotSave(reason: 'initialStatesCut'): void;
}

/** What the loop found: raw material for the result. */
export interface ExploreOutcome<S extends State> {
  readonly violations: Map<string, TraceEnd<S>>;
  deadlock?: TraceEnd<S>;
  bound?: Bound;
  /** Stopped before the space was exhausted, with no bound: every invariant violated, or stopAtFirst. */
  stoppedEarly?: boolean;
  failure?: { readonly error: SpecEvaluationError; readonly end?: TraceEnd<S> };
  /** A file of the run's own (spilled, or a checkpoint) could not be written or read: the run stopped there (bound `ioError`). */
  ioError?: EngineIoError;
  /** The run was stopped between two levels to be continued elsewhere: the next level's states, and the memos (which stay true). */
  handOff?: { readonly level: StateQueue<S>; readonly memos: Memos<S> | undefined; readonly lastSize: number };
  /** Set when worker threads continued the run: the states they numbered, the bytes of their seen set, how many they were. */
  parallel?: { readonly distinct: number; readonly seenBytes: number; readonly workers: number };
  readonly log: TraceLinks;
  generated: number;
  depth: number;
  queue: number;
  readonly startedAt: number;
}

/** States expanded between two looks at the bounds, the clock and the checkpoints. */
const CHUNK = 16;

/**
 * The settings of a run with no bound, no invariant and no deadlock check, through the fast parts
 * (the fingerprint set, the memos, no symmetry), changed by `overrides`: for callers that drive the
 * engine themselves, without a plan (a graph for drawing, tests).
 */
export function unboundedSettings<S extends State>(overrides: Partial<ExploreSettings<S>> = {}): ExploreSettings<S> {
  return {
    invariants: [],
    deadlock: false,
    stopAtFirst: false,
    maxStates: Infinity,
    maxDepth: Infinity,
    deadline: Infinity,
    maxMemoryBytes: Infinity,
    seen: new FingerprintSeenSet(),
    keyer: new PlainKeyer(),
    memo: true,
    progressMs: Infinity,
    memoryUsage: () => 0,
    now: () => performance.now(),
    ...overrides,
  };
}

/**
 * Breadth-first exploration, level by level, so that the first state found to violate an invariant
 * is at the least depth and its trace is a shortest one: a pool of one thread, which runs the same
 * level step (LevelStep) as each worker thread of a parallel run.
 */
export function explore<S extends State>(model: Model<S>, settings: ExploreSettings<S>): ExploreOutcome<S> {
  const steps = exploreSteps(model, settings);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** `explore`, giving the event loop a turn every few dozen milliseconds (so signals and timers run). */
export async function exploreAsync<S extends State>(model: Model<S>, settings: ExploreSettings<S>): Promise<ExploreOutcome<S>> {
  const steps = exploreSteps(model, settings);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * The coordinator of the levels of a pool of one, as a generator that yields now and then so that
 * a caller can let other work run: the initial states, then level after level of LevelStep; between
 * levels and every few states, the bounds, the time limit, the signal, progress, checkpoints and
 * the hand-over to worker threads.
 */
function* exploreSteps<S extends State>(model: Model<S>, settings: ExploreSettings<S>): Generator<void, ExploreOutcome<S>> {
  const { resume } = settings;
  const log = resume?.log ?? settings.log ?? new TraceLog();
  const outcome: ExploreOutcome<S> = {
    violations: new Map(resume?.violations ?? []),
    ...(resume?.deadlock ? { deadlock: resume.deadlock } : {}),
    log,
    generated: resume?.generated ?? 0,
    depth: 0,
    queue: 0,
    startedAt: settings.now(),
  };
  try {
    return yield* exploreLevels(model, settings, outcome, log);
  } catch (cause) {
    if (!(cause instanceof EngineIoError)) throw cause;
    // A file of the run's own cannot be written or read: the run stops there, with what it has so far.
    outcome.ioError = cause;
    outcome.bound = 'ioError';
    return outcome;
  }
}

/** The levels of `exploreSteps`, filling in `outcome` and numbering the states in `log`. */
function* exploreLevels<S extends State>(model: Model<S>, settings: ExploreSettings<S>, outcome: ExploreOutcome<S>, log: TraceRecords): Generator<void, ExploreOutcome<S>> {
  const { seen, keyer, resume } = settings;
  const pending = (): string[] => settings.invariants.filter((inv) => !outcome.violations.has(inv.name)).map((inv) => inv.name);
  // Every invariant violated ends the run, unless it is to continue; reaching reachability properties never does.
  const stopsWhenAllFound = !settings.continue && settings.invariants.some((inv) => !inv.reachable);
  const allFound = (): boolean => stopsWhenAllFound && outcome.violations.size === settings.invariants.length;
  const firstFound = (): boolean => settings.stopAtFirst && (outcome.deadlock !== undefined || settings.invariants.some((inv) => !inv.reachable && outcome.violations.has(inv.name)));
  const observer = observerOf(settings);
  const numbers = observer?.seenIds ? (seen.exact ? new NumbersByValue() : new NumbersByFingerprint()) : undefined;
  const level = new LevelStep<S>(
    {
      model,
      keyer,
      invariants: settings.invariants,
      log,
      logLimit: Infinity,
      memos: undefined,
      ...(settings.memoShare !== undefined ? { memoShare: settings.memoShare } : {}),
      newQueue: (canonical) => settings.newQueue?.(canonical) ?? (settings.plainQueue ? new ArrayQueue<S>() : new Frontier<S>(seen.exact, canonical)),
      control: ALONE,
      ...(observer ? { observer } : {}),
      ...(numbers ? { numbers } : {}),
    },
    settings.memo,
  );
  // A spilled seen set is the loop's set itself: maxStates is not combined with it (see COMBINATIONS).
  const bounded: StateSet = seen instanceof SpilledSeenSet ? seen : new BoundedSeenSet(seen, settings.maxStates);
  let lastProgress = outcome.startedAt;
  let lastYield = outcome.startedAt;
  let resumedFrom: Progress['resumedFrom'];
  /** Initial states were left unstored by maxStates: no snapshot of this run can be resumed. */
  let initialCut = false;
  let truncated = false;

  if (!resume) {
    try {
      initialCut = queueInitialStates(model, settings, level.next, log, outcome, observer, numbers);
      truncated = initialCut;
    } catch (cause) {
      if (cause instanceof EngineIoError) throw cause;
      const error = asEvaluationError(cause, 'init', 'Init');
      // An invariant (or the constraint) that failed on an initial state: the behaviour is that state.
      outcome.failure = { error, ...(error.kind !== 'init' && error.state !== undefined ? { end: { kind: 'initial', state: error.state as S } } : {}) };
      // The initial states stored before the failure are level 1, as a run stopped there counts them.
      if (seen.size > 0) outcome.depth = 1;
      return outcome;
    }
    if (outcome.generated === 0) {
      // As TLC, which stops with an error: nothing explored is nothing proved.
      outcome.failure = { error: new SpecEvaluationError('init', 'Init', NO_INITIAL_STATES) };
      return outcome;
    }
  }

  /** States expanded in the run: the bounds, the clock and the checkpoints are looked at every CHUNK of them. */
  let expanded = 0;
  /** Generated before the level under way. */
  let generatedBefore = outcome.generated;
  const size = (): number => seen.size + outcome.queue;
  const setQueue = (): void => {
    outcome.queue = level.current.length - level.expanded + level.next.length;
  };
  /** Moves what the level found so far into the outcome. */
  let findings = 0;
  const collect = (): void => {
    outcome.generated = generatedBefore + level.generated;
    truncated ||= level.truncated;
    if (level.findings === findings) return;
    findings = level.findings;
    level.violations.forEach((found, i) => {
      if (found !== undefined && !outcome.violations.has(found.invariant)) outcome.violations.set(found.invariant, level.violationEnds[i] as TraceEnd<S>);
    });
    if (level.deadlock !== undefined && outcome.deadlock === undefined) {
      outcome.deadlock = { kind: 'stored', id: level.deadlock, state: level.deadlockState as S };
    }
  };
  /** The exploration as it stands with the current level's states expanded up to the `from`-th (its deferred successors settled). */
  const snapshot = (from: number, generated: number, truncatedSoFar: boolean): ExploreSnapshot<S> => {
    level.settle();
    return {
      generated,
      depth: outcome.depth,
      current: level.current as CompactQueue<S>,
      from,
      next: level.next as CompactQueue<S>,
      violations: new Map(outcome.violations),
      ...(outcome.deadlock ? { deadlock: outcome.deadlock } : {}),
      truncated: truncatedSoFar,
      log,
      seen,
    };
  };
  /** The last snapshot of a run stopped by `bound` (none for a depth limit: resuming it would stop again). */
  const lastSnapshot = (checkpoint: ExploreCheckpoint<S>, bound: Bound): void => {
    if (bound === 'maxDepth') return;
    if (bound !== 'maxStates') return checkpoint.save(snapshot(level.expanded, outcome.generated, truncated), size());
    if (initialCut) return checkpoint.cannotSave('initialStatesCut');
    // The state that met the limit was expanded in part: the snapshot is taken before it, and its
    // successors already stored are found again as seen, in the same order, when it is expanded again.
    checkpoint.save(snapshot(level.expanded - 1, generatedBefore + level.generatedBefore, false), size());
  };
  /** Ends the run with `left` states of the current level not expanded; `saved`: its checkpoint holds it as it is. */
  const stop = (left: number, bound?: Bound, saved = false): ExploreOutcome<S> => {
    level.settle();
    outcome.queue = left + level.next.length;
    if (bound && settings.checkpoint && !saved) lastSnapshot(settings.checkpoint, bound);
    // The level found states, or a failure on a successor ends the behaviour one step past this level.
    if (level.next.length > 0 || outcome.failure?.end?.kind === 'step') outcome.depth++;
    if (bound) outcome.bound = bound;
    if (outcome.queue > 0 && outcome.bound === undefined && outcome.failure === undefined) outcome.stoppedEarly = true;
    return outcome;
  };
  const startLevel = (swap: boolean): void => {
    generatedBefore = outcome.generated;
    findings = 0;
    level.begin(
      {
        seen: bounded,
        pending: pending(),
        storing: outcome.depth < settings.maxDepth,
        deadlock: settings.deadlock && outcome.deadlock === undefined,
        stopWhen: settings.stopAtFirst ? StopWhen.First : stopsWhenAllFound ? StopWhen.AllViolated : StopWhen.Never,
        outOfOrder: false,
      },
      swap,
    );
  };
  let midLevel = false;
  if (resume) {
    resume.restore(level.current as CompactQueue<S>, level.next as CompactQueue<S>);
    // Progress rates count from here: what the run found itself, in the time it took.
    lastProgress = settings.now();
    resumedFrom = { generated: resume.generated, distinct: seen.size, seconds: (lastProgress - outcome.startedAt) / 1000 };
    outcome.depth = resume.depth;
    truncated = resume.truncated;
    midLevel = true;
    setQueue();
  }
  const early = boundReached(settings, settings.now(), size());
  if (early) return stop(midLevel ? level.current.length : 0, early, resume?.saved === true);
  for (;;) {
    if (midLevel) {
      startLevel(false);
      midLevel = false;
    } else {
      const next = level.next.length;
      const progress = { depth: outcome.depth, generated: outcome.generated, distinct: seen.size, queue: next, seconds: (settings.now() - outcome.startedAt) / 1000 };
      settings.onLevel?.(progress);
      observer?.onLevel?.(progress);
      if (next === 0 || allFound() || firstFound()) break;
      if (settings.handOff?.(next, level.current.length)) {
        outcome.handOff = { level: level.next, memos: level.memos, lastSize: level.current.length };
        outcome.queue = next;
        return outcome;
      }
      outcome.depth++;
      startLevel(true);
    }
    let done = false;
    while (!done) {
      // A run already cut by maxStates (its initial states) stops after the first state expanded.
      const before = level.expanded;
      done = level.expandSome(truncated ? 1 : CHUNK - (expanded % CHUNK));
      if (done) level.settle();
      expanded += level.expanded - before;
      collect();
      setQueue();
      if (level.failure) {
        outcome.failure = level.failure;
        return stop(level.current.length - level.expanded);
      }
      const left = level.current.length - level.expanded;
      if (truncated && outcome.depth < settings.maxDepth) return stop(left, 'maxStates');
      if (allFound() || firstFound()) return stop(left);
      if (expanded % CHUNK !== 0) continue;
      const now = settings.now();
      const bound = boundReached(settings, now, size());
      if (bound) return stop(left, bound);
      if (settings.checkpoint?.due(now, size())) settings.checkpoint.save(snapshot(level.expanded, outcome.generated, truncated), size());
      if (now - lastYield >= 50) {
        lastYield = now;
        yield;
        const afterYield = boundReached(settings, settings.now(), size());
        if (afterYield) return stop(left, afterYield);
      }
      if (settings.onProgress && now - lastProgress >= settings.progressMs) {
        lastProgress = now;
        settings.onProgress({
          depth: outcome.depth,
          generated: outcome.generated,
          distinct: seen.size,
          queue: outcome.queue,
          seconds: (now - outcome.startedAt) / 1000,
          ...(resumedFrom ? { resumedFrom } : {}),
        });
      }
    }
    if (truncated) return stop(0, outcome.depth < settings.maxDepth ? 'maxStates' : 'maxDepth');
  }
  return stop(0);
}

/**
 * Numbers and queues the initial states (each checked against the invariants, a violation ending at
 * the state itself); true when some were left unstored by maxStates.
 */
function queueInitialStates<S extends State>(
  model: Model<S>,
  settings: ExploreSettings<S>,
  queue: StateQueue<S>,
  log: TraceRecords,
  outcome: ExploreOutcome<S>,
  observer: ExploreObserver<S> | undefined,
  numbers: NumbersByFingerprint | NumbersByValue | undefined,
): boolean {
  const { seen, keyer } = settings;
  let cut = false;
  const check = (state: S): void => {
    for (const invariant of settings.invariants) {
      if (outcome.violations.has(invariant.name)) continue;
      const holds = invariantHolds(invariant, state);
      observer?.onInvariant?.(invariant.name);
      if (!holds) outcome.violations.set(invariant.name, { kind: 'initial', state });
    }
  };
  for (const state of model.init()) {
    outcome.generated++;
    const fingerprint = key(keyer, state);
    if (!inConstraint(model, state)) {
      check(state);
      observer?.onInitial?.(state, NOT_STORED);
      continue;
    }
    if (seen.size >= settings.maxStates) {
      cut = true;
      observer?.onInitial?.(state, NOT_STORED);
      continue;
    }
    if (!seen.add(fingerprint.hi, fingerprint.lo, state)) continue;
    const id = log.append(fingerprint.hi, fingerprint.lo, TraceLog.NONE);
    numbers?.set(fingerprint.hi, fingerprint.lo, () => state, id);
    check(state);
    queue.push(state, id);
    observer?.onInitial?.(state, id);
  }
  return cut;
}

/** The fingerprint of an initial state: one that is not a value is the spec's mistake, in Init. */
function key(keyer: StateKeyer, state: State): Fingerprint {
  try {
    return keyer.key(state);
  } catch (cause) {
    throw initialStateError(cause, state);
  }
}

/** The observers of the run (coverage, the caller's observer) as one, or none. */
function observerOf<S extends State>(settings: ExploreSettings<S>): ExploreObserver<S> | undefined {
  const parts: ExploreObserver<S>[] = [];
  if (settings.coverage) parts.push(settings.coverage.observer<S>());
  if (settings.observer) parts.push(settings.observer);
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0];
  const each = <K extends keyof ExploreObserver<S>>(name: K): ExploreObserver<S>[] => parts.filter((p) => p[name] !== undefined);
  const initial = each('onInitial');
  const expand = each('onExpand');
  const transition = each('onTransition');
  const invariant = each('onInvariant');
  const level = each('onLevel');
  return {
    seenIds: parts.some((p) => p.seenIds),
    ...(initial.length ? { onInitial: (state: S, id: number) => initial.forEach((p) => p.onInitial?.(state, id)) } : {}),
    ...(expand.length ? { onExpand: (from: number) => expand.forEach((p) => p.onExpand?.(from)) } : {}),
    ...(transition.length ? { onTransition: (...args: Parameters<NonNullable<ExploreObserver<S>['onTransition']>>) => transition.forEach((p) => p.onTransition?.(...args)) } : {}),
    ...(invariant.length ? { onInvariant: (name: string) => invariant.forEach((p) => p.onInvariant?.(name)) } : {}),
    ...(level.length ? { onLevel: (progress: Progress) => level.forEach((p) => p.onLevel?.(progress)) } : {}),
  };
}

/** The bound that stops the run at `now`, if any; with checkpoints, the time limit comes early enough for the last one (of a run of `size` states) to be written. */
function boundReached<S extends State>(settings: ExploreSettings<S>, now: number, size: number): Bound | undefined {
  if (settings.signal?.aborted) return 'interrupted';
  if (now >= settings.deadline - (settings.checkpoint?.reserveMs(size) ?? 0)) return 'timeLimit';
  if (settings.maxMemoryBytes < Infinity && settings.memoryUsage() >= settings.maxMemoryBytes) return 'maxMemory';
  return undefined;
}
