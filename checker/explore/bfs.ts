import type { CompiledAction, CompiledInvariant, Model } from '../spec/compile.js';
import { SpecEvaluationError } from '../errors.js';
import { NotAValueError } from '../state/fingerprint.js';
import { Expansion } from './expansion.js';
import { Frontier } from './frontier.js';
import { InvariantMemo } from './invariantMemo.js';
import type { FieldHashes } from '../state/stateHasher.js';
import { asEvaluationError, inConstraint as inConstraintOf, invariantHolds, invariantHoldsOn, isTerminal as isTerminalOf, NO_INITIAL_STATES } from '../spec/evaluate.js';
import type { SeenSet } from './seenSet.js';
import type { StateKeyer } from '../state/symmetry.js';
import { TraceLog } from './traceLog.js';
import { TransitionMemo } from './transitionMemo.js';
import type { TraceLinks } from './traceLog.js';
import type { Bound, Progress, State } from '../spec/types.js';
import { CoverageCounter } from './coverage.js';

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
  readonly keyer: StateKeyer;
  /** Remember invariant results and transitions by the fields they read (InvariantMemo, TransitionMemo). */
  readonly memo: boolean;
  readonly coverage?: CoverageCounter;
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
  readonly log: TraceLog;
  readonly seen: SeenSet;
}

/** The whole state of an exploration between two expansions: enough to continue it elsewhere. */
export interface ExploreSnapshot<S extends State> extends ExploreFound<S> {
  /** The current level: its states from the `from`-th on are not yet expanded. */
  readonly current: Frontier<S>;
  readonly from: number;
  /** The states of the next level found so far. */
  readonly next: Frontier<S>;
}

/** A snapshot read back, to continue from: `restore` queues its states on the exploration's own queues. */
export interface ExploreResume<S extends State> extends ExploreFound<S> {
  restore(current: Frontier<S>, next: Frontier<S>): void;
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

/** The step that produced a state: the action, its parameter tuple and the choices made inside it. */
export interface StepTaken<S extends State> {
  readonly action: CompiledAction<S>;
  readonly tuple: number;
  readonly choices: readonly unknown[];
}

/**
 * Where a trace ends: an initial state, a stored state (by number), or a state reached from a stored
 * state by one step (a state that may not be stored itself, such as one outside the constraint).
 */
export type TraceEnd<S extends State> =
  | { readonly kind: 'initial'; readonly state: S }
  | { readonly kind: 'stored'; readonly id: number; readonly state: S }
  | { readonly kind: 'step'; readonly parent: number; readonly state: S; readonly step: StepTaken<S> };

/** The memos of an exploration (see ExploreSettings.memo): what they learned stays true for any exploration of the model. */
export interface Memos<S extends State> {
  readonly invariants: InvariantMemo<S> | undefined;
  readonly transitions: TransitionMemo<S> | undefined;
}

/** What the loop found: raw material for the result. */
export interface ExploreOutcome<S extends State> {
  readonly violations: Map<string, TraceEnd<S>>;
  deadlock?: TraceEnd<S>;
  bound?: Bound;
  /** Stopped before the space was exhausted, with no bound: every invariant violated, or stopAtFirst. */
  stoppedEarly?: boolean;
  failure?: { readonly error: SpecEvaluationError; readonly end?: TraceEnd<S> };
  /** The run was stopped between two levels to be continued elsewhere: the next level's states, and the memos (which stay true). */
  handOff?: { readonly level: Frontier<S>; readonly memos: Memos<S>; readonly lastSize: number };
  /** Set when worker threads continued the run: the states they numbered, the bytes of their seen set, how many they were. */
  parallel?: { readonly distinct: number; readonly seenBytes: number; readonly workers: number };
  readonly log: TraceLinks;
  generated: number;
  depth: number;
  queue: number;
  readonly startedAt: number;
}

/**
 * Breadth-first exploration, level by level, so that the first state found to violate an invariant
 * is at the least depth and its trace is a shortest one. Mirrors TLC's loop: for each state, every
 * successor is counted, fingerprinted, checked against the seen set, and if new, checked against the
 * invariants and queued; a state with no successor that is not terminal is a deadlock.
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

/** The exploration loop as a generator that yields now and then, so a caller can let other work run. */
function* exploreSteps<S extends State>(model: Model<S>, settings: ExploreSettings<S>): Generator<void, ExploreOutcome<S>> {
  const { seen, keyer, coverage } = settings;
  const resume = settings.resume;
  const log = resume?.log ?? new TraceLog();
  const outcome: ExploreOutcome<S> = {
    violations: new Map(),
    log,
    generated: resume?.generated ?? 0,
    depth: 0,
    queue: 0,
    startedAt: settings.now(),
  };
  const pending = settings.invariants.filter((inv) => !resume?.violations.has(inv.name));
  if (resume) {
    for (const [name, end] of resume.violations) outcome.violations.set(name, end);
    if (resume.deadlock) outcome.deadlock = resume.deadlock;
  }
  let lastProgress = outcome.startedAt;
  let lastYield = outcome.startedAt;
  let resumedFrom: Progress['resumedFrom'];

  // Every invariant violated ends the run, unless it is to continue; reaching reachability properties never does.
  const stopsWhenAllFound = !settings.continue && settings.invariants.some((inv) => !inv.reachable);
  const allFound = (): boolean => stopsWhenAllFound && pending.length === 0;
  const firstFound = (): boolean => settings.stopAtFirst && (outcome.deadlock !== undefined || settings.invariants.some((inv) => !inv.reachable && outcome.violations.has(inv.name)));

  const memo = settings.memo ? new InvariantMemo<S>() : undefined;
  const transitions = settings.memo ? new TransitionMemo<S>(model) : undefined;
  /**
   * Checks the pending invariants on a new state (with its `fields`); records the violations, ending
   * at `end`. With `build`, `state` is only a state of its type, built by `build` if the memo must.
   */
  const checkInvariants = (state: S, end: TraceEnd<S> | undefined, fields?: FieldHashes, build?: () => S): void => {
    for (let i = 0; i < pending.length; i++) {
      const invariant = pending[i] as CompiledInvariant<S>;
      const holds = build === undefined ? invariantHolds(invariant, state, memo, fields) : invariantHoldsOn(invariant, state, build, memo, fields);
      coverage?.invariant(invariant.name);
      if (!holds) {
        outcome.violations.set(invariant.name, end ?? stepEnd(build === undefined ? state : build()));
        pending.splice(i, 1);
        i--;
      }
    }
  };

  const inConstraint = (state: S): boolean => inConstraintOf(model, state);
  const isTerminal = (state: S): boolean => isTerminalOf(model, state);

  // Queued states, compact; each keeps its fields' lanes, so that it is not hashed again when it is expanded.
  let current = new Frontier<S>(seen.exact, transitions?.canonical);
  let next = new Frontier<S>(seen.exact, transitions?.canonical);
  let storing = true;
  // The step being visited, so that a violation can name it without a closure per successor.
  let lastAction: CompiledAction<S> | undefined;
  let lastTuple = 0;
  let lastChoices: readonly unknown[] = [];
  const stepEnd = (state: S): TraceEnd<S> => ({
    kind: 'step',
    parent: expansion.parent,
    state,
    step: { action: lastAction as CompiledAction<S>, tuple: lastTuple, choices: lastChoices },
  });
  let truncated = false;
  /** Initial states were left unstored by maxStates: no snapshot of this run can be resumed. */
  let initialCut = false;

  const key = (state: S): void => {
    try {
      keyer.key(state);
    } catch (cause) {
      if (cause instanceof NotAValueError) throw new SpecEvaluationError('init', 'Init', cause.message, state);
      throw cause;
    }
  };

  /** What follows the fingerprint of a successor (in the keyer): the seen set, the invariants, the queue. */
  const record = (action: CompiledAction<S>, tuple: number, choices: readonly unknown[]): void => {
    outcome.generated++;
    coverage?.generated(action, tuple, choices);
    const { successorNow } = expansion;
    lastAction = action;
    lastTuple = tuple;
    lastChoices = choices;
    if (model.constraint && !inConstraint(successorNow())) {
      checkInvariants(successorNow(), undefined, keyer.childFields());
      return;
    }
    if (!storing || seen.size >= settings.maxStates) {
      if (!seen.has(keyer.hi, keyer.lo, expansion.step)) truncated = true;
      return;
    }
    if (!seen.add(keyer.hi, keyer.lo, expansion.step)) return;
    const id = log.append(keyer.hi, keyer.lo, expansion.parent);
    coverage?.distinct(action, tuple, choices);
    const fields = keyer.childFields();
    if (expansion.step === undefined && fields !== undefined && memo !== undefined) {
      // From the transition memo: the successor is built only if an invariant must be evaluated on it.
      const like = expansion.like as S;
      checkInvariants(like, undefined, fields, successorNow);
      next.push(expansion.step ?? like, id, fields);
      return;
    }
    const successor = successorNow();
    checkInvariants(successor, undefined, fields);
    next.push(successor, id, fields);
  };

  const expansion = new LoopExpansion<S>(model, keyer, transitions, record);
  const { parentNow } = expansion;

  try {
    for (const state of resume ? [] : model.init()) {
      outcome.generated++;
      key(state);
      const end: TraceEnd<S> = { kind: 'initial', state };
      if (!inConstraint(state)) {
        checkInvariants(state, end);
        continue;
      }
      if (seen.size >= settings.maxStates) {
        truncated = true;
        initialCut = true;
        continue;
      }
      if (!seen.add(keyer.hi, keyer.lo, state)) continue;
      const id = log.append(keyer.hi, keyer.lo, TraceLog.NONE);
      checkInvariants(state, end);
      next.push(state, id);
    }
  } catch (cause) {
    outcome.failure = { error: asEvaluationError(cause, 'init', 'Init') };
    return outcome;
  }
  if (!resume && outcome.generated === 0) {
    // As TLC, which stops with an error: nothing explored is nothing proved.
    outcome.failure = { error: new SpecEvaluationError('init', 'Init', NO_INITIAL_STATES) };
    return outcome;
  }

  let expanded = 0;
  let index = -1;
  /** Generated before the expansion of the `index`-th state began. */
  let generatedBefore = outcome.generated;
  const size = (): number => seen.size + outcome.queue;
  /** The exploration as it stands with the current level's states expanded up to the `from`-th. */
  const snapshot = (from: number, generated: number, truncatedSoFar: boolean): ExploreSnapshot<S> => ({
    generated,
    depth: outcome.depth,
    current,
    from,
    next,
    violations: new Map(outcome.violations),
    ...(outcome.deadlock ? { deadlock: outcome.deadlock } : {}),
    truncated: truncatedSoFar,
    log,
    seen,
  });
  /** The last snapshot of a run stopped by `bound` (none for a depth limit: resuming it would stop again). */
  const lastSnapshot = (checkpoint: ExploreCheckpoint<S>, bound: Bound): void => {
    if (bound === 'maxDepth') return;
    if (bound !== 'maxStates') return checkpoint.save(snapshot(index + 1, outcome.generated, truncated), size());
    if (initialCut) return checkpoint.cannotSave('initialStatesCut');
    // The state that met the limit was expanded in part: the snapshot is taken before it, and its
    // successors already stored are found again as seen, in the same order, when it is expanded again.
    checkpoint.save(snapshot(index, generatedBefore, false), size());
  };
  /** Ends the run at the i-th state of the current level: what is left is on the queue. */
  const stop = (left: number, bound?: Bound): ExploreOutcome<S> => {
    if (bound && settings.checkpoint) lastSnapshot(settings.checkpoint, bound);
    outcome.queue = left + next.length;
    if (next.length > 0) outcome.depth++;
    if (bound) outcome.bound = bound;
    if (outcome.queue > 0 && outcome.bound === undefined && outcome.failure === undefined) outcome.stoppedEarly = true;
    return outcome;
  };
  let midLevel = false;
  if (resume) {
    resume.restore(current, next);
    // Progress rates count from here: what the run found itself, in the time it took.
    lastProgress = settings.now();
    resumedFrom = { generated: resume.generated, distinct: seen.size, seconds: (lastProgress - outcome.startedAt) / 1000 };
    outcome.depth = resume.depth;
    truncated = resume.truncated;
    midLevel = true;
  }
  const early = boundReached(settings, settings.now(), size());
  if (early) return stop(midLevel ? current.length : 0, early);
  for (;;) {
    if (!midLevel) {
      settings.onLevel?.({ depth: outcome.depth, generated: outcome.generated, distinct: seen.size, queue: next.length, seconds: (settings.now() - outcome.startedAt) / 1000 });
      if (next.length === 0 || allFound() || firstFound()) break;
      if (settings.handOff?.(next.length, current.length)) {
        outcome.handOff = { level: next, memos: { invariants: memo, transitions }, lastSize: current.length };
        outcome.queue = next.length;
        return outcome;
      }
      const done = current;
      current = next;
      next = done;
      next.clear();
      outcome.depth++;
    }
    midLevel = false;
    storing = outcome.depth < settings.maxDepth;
    for (let i = 0; i < current.length; i++) {
      index = i;
      generatedBefore = outcome.generated;
      expansion.take(current, i);
      outcome.queue = current.length - i - 1 + next.length;
      try {
        coverage?.beginState();
        const count = expansion.expand();
        if (count === 0 && settings.deadlock && outcome.deadlock === undefined && !isTerminal(parentNow())) {
          outcome.deadlock = { kind: 'stored', id: expansion.parent, state: parentNow() };
        }
      } catch (cause) {
        const state = parentNow();
        const error = asEvaluationError(cause, 'action', 'Next', state);
        // An invariant or constraint fails on a successor: the trace ends there, one step past `state`.
        const end: TraceEnd<S> =
          error.state !== undefined && error.state !== state ? stepEnd(error.state as S) : { kind: 'stored', id: expansion.parent, state };
        outcome.failure = { error, end };
        return stop(current.length - i);
      }
      if (truncated && storing) return stop(current.length - i - 1, 'maxStates');
      if (allFound() || firstFound()) return stop(current.length - i - 1);
      if ((++expanded & 15) === 0) {
        const now = settings.now();
        const bound = boundReached(settings, now, size());
        if (bound) return stop(current.length - i - 1, bound);
        if (settings.checkpoint?.due(now, size())) settings.checkpoint.save(snapshot(i + 1, outcome.generated, truncated), size());
        if (now - lastYield >= 50) {
          lastYield = now;
          yield;
          const afterYield = boundReached(settings, settings.now(), size());
          if (afterYield) return stop(current.length - i - 1, afterYield);
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
    }
    if (truncated) return stop(0, storing ? 'maxStates' : 'maxDepth');
  }
  return stop(0);
}

/** The exploration loop's expansion: each successor goes to the loop's `record`. */
class LoopExpansion<S extends State> extends Expansion<S> {
  constructor(
    model: Model<S>,
    keyer: StateKeyer,
    transitions: TransitionMemo<S> | undefined,
    private readonly recordStep: (action: CompiledAction<S>, tuple: number, choices: readonly unknown[]) => void,
  ) {
    super(model, keyer, transitions);
  }

  protected record(action: CompiledAction<S>, tuple: number, choices: readonly unknown[]): void {
    this.recordStep(action, tuple, choices);
  }
}

/** The bound that stops the run at `now`, if any; with checkpoints, the time limit comes early enough for the last one (of a run of `size` states) to be written. */
function boundReached<S extends State>(settings: ExploreSettings<S>, now: number, size: number): Bound | undefined {
  if (settings.signal?.aborted) return 'interrupted';
  if (now >= settings.deadline - (settings.checkpoint?.reserveMs(size) ?? 0)) return 'timeLimit';
  if (settings.maxMemoryBytes < Infinity && settings.memoryUsage() >= settings.maxMemoryBytes) return 'maxMemory';
  return undefined;
}
