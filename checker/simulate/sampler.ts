import type { CompiledAction, CompiledInvariant, Model } from '../spec/compile.js';
import { isOutOfMemory, messageOf, SpecEvaluationError } from '../errors.js';
import { isTerminal, NO_INITIAL_STATES, predicateHolds } from '../spec/evaluate.js';
import { Random } from './random.js';
import type { SimulationStop } from './types.js';
import { forEachSuccessor, instanceOf } from '../spec/successors.js';
import type { SuccessorVisitor } from '../spec/successors.js';
import type { SpecFailure, State, Trace, TraceStep } from '../spec/types.js';
import { ValueGuard } from './valueGuard.js';

/** What a sampler needs to draw one run: the same in the main thread and in every worker. */
export interface SamplerSettings<S extends State> {
  readonly invariants: readonly CompiledInvariant<S>[];
  readonly seed: string;
  /** States per behaviour at most, the initial state included. */
  readonly depth: number;
  /** Weight per action index, or undefined for a uniform choice among enabled instances. */
  readonly weights: readonly number[] | undefined;
  readonly stopAtFirst: boolean;
  /** Whether a state with no successor that is not terminal ends sampling as a deadlock. */
  readonly deadlock: boolean;
}

/** The runs to sample and what stops sampling, besides a violation. */
export interface SamplingSettings<S extends State> extends SamplerSettings<S> {
  readonly firstRun: number;
  /** One past the last run index (Infinity: until the deadline or the signal). */
  readonly lastRun: number;
  /** A `performance.now()` time. */
  readonly deadline: number;
  readonly signal?: AbortSignal;
}

/** Where a sampler records each behaviour it counts: its length in states and the actions taken (the first `length - 1`). */
export interface RunSink {
  add(length: number, actions: readonly CompiledAction<State>[]): void;
}

/** The figures of the behaviours sampled: counts, lengths and actions taken. */
export class Tally implements RunSink {
  behaviours = 0;
  states = 0;
  /** Behaviours by length in states (a sparse array). */
  readonly lengths: number[] = [];
  /** Per action index, how often it was taken. */
  readonly taken: number[];

  constructor(actions: number) {
    this.taken = new Array<number>(actions).fill(0);
  }

  add(length: number, actions: readonly CompiledAction<State>[]): void {
    for (let i = 0; i < length - 1; i++) this.taken[(actions[i] as CompiledAction<State>).index]++;
    this.count(length);
  }

  /** Counts a behaviour whose actions are given by index, `count` of them from `from`. */
  addIndices(length: number, indices: ArrayLike<number>, from: number): void {
    for (let i = 0; i < length - 1; i++) this.taken[indices[from + i] as number]++;
    this.count(length);
  }

  private count(length: number): void {
    this.behaviours++;
    this.states += length;
    this.lengths[length] = (this.lengths[length] ?? 0) + 1;
  }
}

/** A violation as sampled: the run that found it and its behaviour up to the first violating state. */
export interface Finding<S extends State> {
  readonly run: number;
  readonly trace: Trace<S>;
}

/**
 * Draws random behaviours, one run at a time. Run `i` draws every choice (initial state, then one
 * enabled instance per step) from its own stream, fixed by the seed and `i`, so a report's seed and
 * run index replay its behaviour, whatever ran before it and in whichever thread.
 */
export class Sampler<S extends State> {
  /** Set when sampling must end: a violation (as `stopAtFirst` says) or a failure (no initial state is one). */
  stopped: SimulationStop | undefined;
  failure: { error: SpecFailure<S>; run: number } | undefined;
  readonly findings = new Map<string, Finding<S>>();
  /** The first behaviour that reached a deadlock. */
  deadlock: Finding<S> | undefined;
  private initial: S[] | undefined;
  private pending: CompiledInvariant<S>[];
  // The successors of the current state, and the behaviour so far, in reused arrays.
  private count = 0;
  private readonly nextStates: S[] = [];
  private readonly nextActions: CompiledAction<S>[] = [];
  private readonly nextTuples: number[] = [];
  private readonly nextChoices: (readonly unknown[])[] = [];
  private readonly pathStates: S[] = [];
  private readonly pathActions: CompiledAction<S>[] = [];
  private readonly pathTuples: number[] = [];
  private readonly pathChoices: (readonly unknown[])[] = [];
  private readonly visit: SuccessorVisitor<S>;
  private readonly guard = new ValueGuard<S>();

  constructor(
    private readonly model: Model<S>,
    private readonly settings: SamplerSettings<S>,
    private readonly sink: RunSink,
  ) {
    this.pending = settings.invariants.slice();
    this.visit = (state, action, tuple, choices) => {
      const i = this.count++;
      this.nextStates[i] = state;
      this.nextActions[i] = action;
      this.nextTuples[i] = tuple;
      this.nextChoices[i] = choices;
    };
  }

  /**
   * Samples run `run` and records it in the sink. Returns true for a plain run: no invariant still
   * pending was violated, and nothing failed.
   */
  runOne(run: number): boolean {
    const { settings, model } = this;
    const random = Random.forRun(settings.seed, run);
    const { pathStates, pathActions, pathTuples, pathChoices } = this;
    pathStates.length = pathActions.length = pathTuples.length = pathChoices.length = 0;
    const found = this.findings.size;
    const deadlocked = this.deadlock;
    try {
      this.initial ??= this.initialStates();
      if (this.initial.length === 0) throw new SpecEvaluationError('init', 'Init', NO_INITIAL_STATES);
      let state = this.initial[random.below(this.initial.length)] as S;
      pathStates.push(state);
      while (!this.violates(state, run)) {
        if (pathStates.length >= settings.depth) break;
        if (model.constraint && !this.evaluate('constraint', 'constraint', state, model.constraint)) break;
        this.count = 0;
        this.guard.expanding(state);
        forEachSuccessor(model, state, this.visit);
        if (this.count === 0 && settings.deadlock && this.deadlock === undefined && !isTerminal(model, state)) {
          this.deadlock = { run, trace: this.pathTrace(pathStates.length) };
          if (settings.stopAtFirst) this.stopped = 'deadlock';
          break;
        }
        const pick = this.choose(random);
        if (pick < 0) break;
        state = this.nextStates[pick] as S;
        // The behaviour's states are values, as check's are (the successors not taken are never looked at).
        this.guard.successor(state, this.nextActions[pick] as CompiledAction<S>, this.nextTuples[pick] as number, this.nextChoices[pick] as readonly unknown[]);
        pathStates.push(state);
        pathActions.push(this.nextActions[pick] as CompiledAction<S>);
        pathTuples.push(this.nextTuples[pick] as number);
        pathChoices.push(this.nextChoices[pick] as readonly unknown[]);
      }
    } catch (cause) {
      if (!(cause instanceof SpecEvaluationError)) throw cause;
      const error: SpecFailure<S> = {
        kind: cause.kind,
        name: cause.part,
        message: cause.message,
        ...(cause.state !== undefined ? { state: cause.state as S } : {}),
        ...(pathStates.length > 0 ? { trace: this.pathTrace(pathStates.length) } : {}),
      };
      this.failure = { error, run };
      this.stopped = 'error';
    }
    this.sink.add(pathStates.length, pathActions as readonly CompiledAction<State>[]);
    return this.failure === undefined && this.findings.size === found && this.deadlock === deadlocked;
  }

  /** The initial states, each a value (as `check` refuses one that is not). */
  private initialStates(): S[] {
    let states: S[];
    try {
      states = [...this.model.init()];
    } catch (cause) {
      if (cause instanceof SpecEvaluationError || isOutOfMemory(cause)) throw cause;
      throw new SpecEvaluationError('init', 'Init', messageOf(cause));
    }
    for (const state of states) this.guard.initial(state);
    return states;
  }

  /** Index of the successor taken: uniform over enabled instances, or by action weight; -1 for none. */
  private choose(random: Random): number {
    const { count } = this;
    if (count === 0) return -1;
    const weights = this.settings.weights;
    if (weights === undefined) return random.below(count);
    let total = 0;
    for (let i = 0; i < count; i++) total += weights[(this.nextActions[i] as CompiledAction<S>).index] as number;
    if (total <= 0) return -1;
    let r = random.float() * total;
    for (let i = 0; i < count; i++) {
      r -= weights[(this.nextActions[i] as CompiledAction<S>).index] as number;
      if (r < 0) return i;
    }
    return count - 1;
  }

  /** Checks the invariants not yet violated on the newest state; true when the behaviour must end. */
  private violates(state: S, run: number): boolean {
    let found = false;
    for (const invariant of this.pending) {
      if (this.evaluate('invariant', invariant.name, state, invariant.holds)) continue;
      this.findings.set(invariant.name, { run, trace: this.pathTrace(this.pathStates.length) });
      found = true;
    }
    if (!found) return false;
    this.pending = this.pending.filter((inv) => !this.findings.has(inv.name));
    if (this.settings.stopAtFirst || this.pending.length === 0) this.stopped = 'violation';
    return this.stopped !== undefined;
  }

  private evaluate(kind: 'invariant' | 'constraint', name: string, state: S, predicate: (state: S) => boolean): boolean {
    return predicateHolds(kind, name, predicate, state);
  }

  /** The first `length` states of the current behaviour as a trace. */
  private pathTrace(length: number): Trace<S> {
    const steps: TraceStep<S>[] = [];
    for (let i = 0; i < length; i++) {
      const action =
        i === 0
          ? null
          : instanceOf(this.pathActions[i - 1] as CompiledAction<S>, this.pathTuples[i - 1] as number, this.pathChoices[i - 1] as readonly unknown[]);
      steps.push({ action, state: this.pathStates[i] as S });
    }
    return steps;
  }
}

/** What sampling leaves for the report: the figures, the findings, why it stopped, and the threads it used. */
export interface Sampled<S extends State> {
  readonly tally: Tally;
  readonly sampler: Sampler<S>;
  readonly stopped: SimulationStop;
  readonly workers: number;
}

/**
 * Samples runs `firstRun`, `firstRun + 1`, … in this thread until `until` (a `performance.now()`
 * time) or the end; returns why it stopped, or undefined when it has more to do.
 */
export function sampleInOrder<S extends State>(sampler: Sampler<S>, settings: SamplingSettings<S>, cursor: { next: number }, until: number): SimulationStop | undefined {
  for (;;) {
    if (sampler.stopped !== undefined) return sampler.stopped;
    if (settings.signal?.aborted) return 'interrupted';
    if (cursor.next >= settings.lastRun) return 'runs';
    if (performance.now() >= settings.deadline) return 'timeLimit';
    sampler.runOne(cursor.next++);
    if (performance.now() >= until) return sampler.stopped;
  }
}
