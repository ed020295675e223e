import type { CompiledAction, CompiledInvariant, Model } from '../spec/compile.js';
import { EngineIoError, InternalError } from '../errors.js';
import type { SpecEvaluationError } from '../errors.js';
import { asEvaluationError, inConstraint, invariantHolds, invariantHoldsOn, isTerminal } from '../spec/evaluate.js';
import type { FieldHashes } from '../state/stateHasher.js';
import type { Fingerprint, StateKeyer } from '../state/symmetry.js';
import type { State } from '../spec/types.js';
import { AheadSet } from './aheadSet.js';
import { DeferredSuccessors } from './deferred.js';
import type { Held } from './deferred.js';
import { Successors } from './expansion.js';
import type { SuccessorSink } from './expansion.js';
import { InvariantMemo } from './invariantMemo.js';
import { TransitionMemo } from './transitionMemo.js';
import type { StateNumbers } from './stateNumbers.js';
import { Insert, NOT_STORED, SEEN } from './types.js';
import type { ExploreObserver, PredecessorLog, StateQueue, StateSet, TraceEnd } from './types.js';

/** The memos of an exploration: what they learned stays true for any exploration of the model. */
export interface Memos<S extends State> {
  readonly invariants: InvariantMemo<S>;
  readonly transitions: TransitionMemo<S>;
}

/** A successor (the `ordinal`-th one of state number `parent`, in TLC's order) that violates `invariant`. */
export interface FoundViolation {
  readonly invariant: string;
  readonly parent: number;
  readonly ordinal: number;
}

/** The spec threw: on state number `parent`, or on its `ordinal`-th successor. */
export interface FoundError {
  readonly kind: SpecEvaluationError['kind'];
  readonly part: string;
  readonly message: string;
  readonly parent: number;
  readonly ordinal?: number;
}

/** How the thread that runs a level hears of the others (a pool of one has none). */
export interface LevelControl {
  /** Whether the run was stopped (by another thread, or a bound). */
  stopped(): boolean;
  /** Stops the run for every thread. */
  stop(): void;
  /** The figures of the level under way, for progress. */
  progress(generated: number, expanded: number, found: number): void;
}

/** A pool of one: nothing to hear, nothing to tell. */
export const ALONE: LevelControl = { stopped: () => false, stop: () => {}, progress: () => {} };

/** What a level step explores with, for the whole run. */
export interface LevelParts<S extends State> {
  readonly model: Model<S>;
  readonly keyer: StateKeyer;
  /** The invariants of the run, in order. */
  readonly invariants: readonly CompiledInvariant<S>[];
  readonly log: PredecessorLog;
  /** Most states the log numbers (a run's maxStates, where the log enforces it). */
  readonly logLimit: number;
  /** Memos to reuse, or new ones; none (undefined) to compute every successor and invariant plainly. */
  readonly memos: Memos<S> | undefined;
  /** The share of their usual size new memos keep (see TransitionMemo). @default 1 */
  readonly memoShare?: number;
  readonly newQueue: (canonical: TransitionMemo<S>['canonical'] | undefined) => StateQueue<S>;
  readonly control: LevelControl;
  readonly observer?: ExploreObserver<S>;
  /** The numbers of the states seen, when the observer asks for them. */
  readonly numbers?: StateNumbers;
}

/** When a level stops before its end on what it found (it always stops on a failure or at the state limit). */
export const enum StopWhen {
  /** Expand the whole level (the threads of a pool compare what they found between levels). */
  Never,
  /** Every pending invariant is violated. */
  AllViolated,
  /** A violation of an invariant (reaching a reachability property is not one), or a deadlock. */
  First,
}

/** How a level is run. */
export interface LevelStart {
  readonly seen: StateSet;
  /** The invariants not violated yet. */
  readonly pending: readonly string[];
  /** False at the last level allowed by maxDepth: successors are looked up but not stored. */
  readonly storing: boolean;
  /** Look for deadlocks (none found yet). */
  readonly deadlock: boolean;
  readonly stopWhen: StopWhen;
  /** Its states are not all in increasing number (states given by another thread): every violation is compared. */
  readonly outOfOrder: boolean;
}

/**
 * The breadth-first step over one thread's part of a level, the same in a pool of one and in each
 * worker thread: for each state of the level, for each successor, count it, apply the constraint,
 * fingerprint it, add it to the seen set, number it in the trace log, check the invariants, queue
 * it for the next level; a state with no successor that is not terminal is a deadlock. What it finds
 * is kept by state number and successor ordinal (the least of each invariant), and as a trace end.
 */
export class LevelStep<S extends State> implements SuccessorSink<S> {
  /** The states being expanded, and those found for the next level. */
  current: StateQueue<S>;
  next: StateQueue<S>;
  readonly memos: Memos<S> | undefined;
  /** States of `current` expanded (or being expanded when the level stopped on it). */
  expanded = 0;
  /** Successors generated in the level, and before the last state expanded. */
  generated = 0;
  generatedBefore = 0;
  /** A successor was left unstored by the depth or state limit. */
  truncated = false;
  /** The least violation of each pending invariant, by its place in `pending`, and where its trace ends. */
  violations: (FoundViolation | undefined)[] = [];
  violationEnds: (TraceEnd<S> | undefined)[] = [];
  /** The least state number found deadlocked, and that state. */
  deadlock: number | undefined;
  deadlockState: S | undefined;
  error: FoundError | undefined;
  /** What the spec threw, and where its trace ends. */
  failure: { readonly error: SpecEvaluationError; readonly end: TraceEnd<S> } | undefined;
  /** Violations and deadlocks found in the level so far. */
  findings = 0;
  /** States numbered in the level but not queued: the successor a failure of the spec ended on (it counts as distinct, as in TLC). */
  unqueued = 0;
  pending: readonly CompiledInvariant<S>[] = [];
  private held: Held<S>[] = [];
  private deferred: DeferredSuccessors<S> | undefined;
  private seen: StateSet | undefined;
  /** How it hears the other threads: the parts' control, muted while it runs ahead. */
  private control: LevelControl;
  /** The level under way was begun ahead of the others (see beginAhead). */
  private ahead = false;
  /** Marks of the state being expanded ahead (see undoAhead). */
  private aheadQueued = 0;
  private aheadDeferred = 0;
  private storing = true;
  private lookForDeadlock = false;
  private stopWhen = StopWhen.Never;
  private outOfOrder = false;
  private over = false;
  private violated = 0;
  /** Invariants violated in the level, reachability properties left out. */
  private invariantsViolated = 0;
  /** The successor being visited: its ordinal and step. */
  private ordinal = 0;
  private action: CompiledAction<S> | undefined;
  private tuple = 0;
  private choices: readonly unknown[] = [];
  private readonly successors: Successors<S>;
  private readonly invariantMemo: InvariantMemo<S> | undefined;

  constructor(
    private readonly parts: LevelParts<S>,
    /** Use the memos (those given, or new ones). */
    memo: boolean,
  ) {
    const { model } = parts;
    this.memos = memo ? (parts.memos ?? { invariants: new InvariantMemo<S>(parts.memoShare), transitions: new TransitionMemo<S>(model, parts.memoShare) }) : undefined;
    this.invariantMemo = this.memos?.invariants;
    this.control = parts.control;
    const canonical = this.memos?.transitions.canonical;
    this.current = parts.newQueue(canonical);
    this.next = parts.newQueue(canonical);
    this.successors = new Successors<S>(model, parts.keyer, this.memos?.transitions, this);
  }

  /**
   * Begins a level: the states found for it become the ones to expand (`swap` false: they already
   * are, as on resuming). A level begun ahead goes on where it is, with what it found so far.
   */
  begin(start: LevelStart, swap = true): void {
    if (this.ahead) return this.overtaken(start);
    if (swap) {
      const done = this.current;
      this.current = this.next;
      this.next = done;
      this.next.clear();
    }
    this.seen = start.seen;
    this.pending = this.parts.invariants.filter((inv) => start.pending.includes(inv.name));
    this.storing = start.storing;
    this.lookForDeadlock = start.deadlock;
    this.stopWhen = start.stopWhen;
    this.outOfOrder = start.outOfOrder;
    this.generated = 0;
    this.generatedBefore = 0;
    this.truncated = false;
    this.violations = this.pending.map(() => undefined);
    this.violationEnds = this.pending.map(() => undefined);
    this.violated = 0;
    this.invariantsViolated = 0;
    this.findings = 0;
    this.deadlock = undefined;
    this.deadlockState = undefined;
    this.error = undefined;
    this.failure = undefined;
    this.unqueued = 0;
    this.expanded = 0;
    this.over = false;
  }

  /**
   * Begins the next level before the other threads of a pool have ended their parts of this one
   * (`start`: this level's), so as not to wait for them. The seen set is not complete yet: another
   * thread may still add a state this one would find, a level earlier. So nothing is added to it
   * (see AheadSet): a successor it does not hold is queued unnumbered and its fingerprint deferred,
   * and the level's `begin`, once every thread has ended the last one, settles them in order. What
   * it finds is checked as in the level (against `start`'s invariants and deadlock), and the others
   * are not stopped, nor told its progress, until the level begins. A failure of the spec ends the
   * run-ahead where it is (see undoAhead).
   */
  beginAhead(start: LevelStart): void {
    if (!start.storing) throw new InternalError('a level that stores no state cannot be run ahead');
    this.begin({ ...start, seen: new AheadSet(start.seen), stopWhen: StopWhen.Never, outOfOrder: false });
    this.ahead = true;
    const control = this.parts.control;
    this.control = { stopped: () => control.stopped(), stop: () => {}, progress: () => {} };
  }

  /** Where the state being expanded ahead began: the lengths of the next level's queue and of the deferred successors. */
  private markAhead(): void {
    this.aheadQueued = this.next.length;
    this.aheadDeferred = this.deferred?.length ?? 0;
  }

  /**
   * The spec failed (or exited) on a state expanded ahead: what that state gave is dropped, and the
   * run-ahead ends there. The state is expanded again when the level begins, and the failure met
   * then, if the run gets there: ahead, the invariants checked and the deadlocks looked for are
   * those of the level before, and a failure of one of them may never be met by the run.
   */
  private undoAhead(): void {
    this.next.truncate(this.aheadQueued);
    this.deferred?.truncate(this.aheadDeferred);
    this.generated = this.generatedBefore;
    this.over = true;
  }

  /** Whether the level under way was begun ahead and has not begun for the others yet. */
  get isAhead(): boolean {
    return this.ahead;
  }

  /**
   * The level begun ahead begins for every thread (`start`): its deferred successors are settled
   * against the seen set, now complete up to this level, and what it found is kept for the
   * invariants still pending.
   */
  private overtaken(start: LevelStart): void {
    if (!start.storing) throw new InternalError('a level begun ahead must store its states');
    this.ahead = false;
    this.control = this.parts.control;
    const was = this.pending;
    this.pending = this.parts.invariants.filter((inv) => start.pending.includes(inv.name));
    const kept = this.pending.map((inv) => was.indexOf(inv));
    this.violations = kept.map((k) => this.violations[k]);
    this.violationEnds = kept.map((k) => this.violationEnds[k]);
    this.violated = this.violations.filter((v) => v !== undefined).length;
    this.invariantsViolated = this.pending.filter((inv, i) => !inv.reachable && this.violations[i] !== undefined).length;
    if (!start.deadlock) {
      this.deadlock = undefined;
      this.deadlockState = undefined;
    }
    this.findings = this.violated + (this.deadlock === undefined ? 0 : 1);
    this.lookForDeadlock = start.deadlock;
    this.stopWhen = start.stopWhen;
    this.outOfOrder ||= start.outOfOrder;
    this.seen = start.seen;
    this.over = false;
    this.settle();
  }

  /** Expands up to `most` more states of the level; true when it is done (or stopped). */
  expandSome(most: number): boolean {
    const { model, observer } = this.parts;
    const control = this.control;
    const current = this.current;
    const successors = this.successors;
    const last = Math.min(current.length, this.expanded + most);
    let expanded = this.expanded;
    while (expanded < last && !this.over) {
      if ((expanded & 15) === 0) {
        if (control.stopped()) {
          this.over = true;
          break;
        }
        control.progress(this.generated, expanded, this.next.length);
      }
      successors.take(current, expanded);
      this.ordinal = 0;
      this.generatedBefore = this.generated;
      if (this.ahead) this.markAhead();
      const parent = successors.parent;
      observer?.onExpand?.(parent);
      try {
        const count = successors.expand();
        if (count === 0 && this.lookForDeadlock && (this.deadlock === undefined || parent < this.deadlock) && !isTerminal(model, successors.parentState())) {
          this.deadlock = parent;
          this.deadlockState = successors.parentState();
          this.findings++;
        }
      } catch (cause) {
        this.failed(cause);
        break;
      }
      expanded++;
      if (this.stopWhen !== StopWhen.Never && this.foundEnough()) this.over = true;
    }
    this.expanded = expanded;
    return this.over || expanded >= current.length;
  }

  /** The loop's inner step: a successor of the state being expanded, with its fingerprint. */
  successor(fingerprint: Fingerprint, action: CompiledAction<S>, tuple: number, choices: readonly unknown[]): void {
    const { model, log, logLimit, observer } = this.parts;
    const successors = this.successors;
    this.generated++;
    const ordinal = this.ordinal++;
    this.action = action;
    this.tuple = tuple;
    this.choices = choices;
    if (model.constraint && !inConstraint(model, successors.successorState())) {
      this.check(successors.successorState(), ordinal, successors.successorFields());
      if (observer) this.observe(NOT_STORED, false);
      return;
    }
    const seen = this.seen as StateSet;
    const hi = fingerprint.hi;
    const lo = fingerprint.lo;
    if (!this.storing || seen.atLimit()) {
      if (!seen.has(hi, lo, successors.built)) {
        this.truncated = true;
        if (this.storing) this.overLimit();
        if (observer) this.observe(NOT_STORED, false);
      } else if (observer) this.observe(this.seenId(hi, lo), false);
      return;
    }
    const added = seen.insert(hi, lo, successors.built);
    if (added === Insert.Present) {
      if (observer) this.observe(this.seenId(hi, lo), false);
      return;
    }
    if (added === Insert.Full) {
      this.held.push({ state: successors.successorState(), hi, lo, parent: successors.parent, ordinal });
      return;
    }
    if (added === Insert.Deferred) return this.defer(hi, lo, ordinal);
    const id = log.append(hi, lo, successors.parent, logLimit);
    if (id < 0) return this.overLimit();
    // Numbered and not queued yet: so it stays if an invariant fails on it.
    this.unqueued++;
    const fields = successors.successorFields();
    if (successors.built === undefined && fields !== undefined && this.invariantMemo !== undefined) {
      // From the transition memo: the successor is built only if an invariant must be evaluated on it.
      const sameType = successors.sameType as S;
      this.check(sameType, ordinal, fields, successors.successorState);
      this.next.push(successors.built ?? sameType, id, fields);
    } else {
      const state = successors.successorState();
      this.check(state, ordinal, fields);
      this.next.push(state, id, fields);
    }
    this.unqueued--;
    if (observer) {
      this.parts.numbers?.set(hi, lo, successors.successorState, id);
      this.observe(id, true);
    }
  }

  /**
   * Keeps a successor the seen set tells new or not later (see settle), checked now: one that is
   * not new was reached before by a step that comes first, and violates what that one did (or, run
   * ahead, was reached a level earlier, where the invariant is then found violated, and no longer
   * checked in this level).
   */
  private defer(hi: number, lo: number, ordinal: number): void {
    const successors = this.successors;
    const canonical = this.memos?.transitions.canonical;
    const deferred = (this.deferred ??= new DeferredSuccessors<S>(() => this.parts.newQueue(canonical)));
    const fields = successors.successorFields();
    if (successors.built === undefined && fields !== undefined && this.invariantMemo !== undefined) {
      const sameType = successors.sameType as S;
      this.check(sameType, ordinal, fields, successors.successorState);
      deferred.push(this.next, hi, lo, successors.parent, ordinal, successors.built ?? sameType, fields);
    } else {
      const state = successors.successorState();
      this.check(state, ordinal, fields);
      deferred.push(this.next, hi, lo, successors.parent, ordinal, state, fields);
    }
    if (deferred.length >= ((this.seen as StateSet).deferLimit ?? 1)) this.settle();
  }

  /**
   * Settles the successors the seen set deferred: numbers the new ones in the order they were
   * generated and queues them, as if each had been found new when it was generated; one the set has
   * no room for yet is held back, as in the loop. The loop's caller settles at the end of a level,
   * and before it saves or ends the run; a level begun ahead is settled when it begins.
   */
  settle(): void {
    const deferred = this.deferred;
    if (deferred === undefined || deferred.length === 0) return;
    const held = this.held;
    if (!deferred.settle(this.seen as StateSet, this.parts.log, this.parts.logLimit, this.next, (successor) => held.push(successor))) this.overLimit();
  }

  /** Adds the successors held back for want of room, now that the seen set (`seen`) has grown. */
  addHeld(seen: StateSet): void {
    this.seen = seen;
    const held = this.held;
    this.held = [];
    this.generated = 0;
    this.error = undefined;
    // Their steps are not kept: a worker's trace ends are rebuilt by replay (see TraceEnds).
    this.action = undefined;
    // Held successors come from states expanded before some already checked: their order is lost.
    this.outOfOrder = true;
    for (let i = 0; i < held.length; i++) {
      const { state, hi, lo, parent, ordinal } = held[i] as Held<S>;
      const added = seen.insert(hi, lo, state);
      if (added === Insert.Present) continue;
      if (added === Insert.Full) {
        this.held.push(held[i] as Held<S>);
        continue;
      }
      try {
        const id = this.parts.log.append(hi, lo, parent, this.parts.logLimit);
        if (id < 0) {
          this.overLimit();
          continue;
        }
        this.unqueued++;
        this.checkOn(state, parent, ordinal, undefined);
        this.next.push(state, id);
        this.unqueued--;
      } catch (cause) {
        if (cause instanceof EngineIoError) throw cause;
        const failure = asEvaluationError(cause, 'invariant', 'invariant', state);
        this.error = { kind: failure.kind, part: failure.part, message: failure.message, parent, ordinal };
        this.control.stop();
        break;
      }
    }
  }

  /** Successors held back for want of room in the seen set. */
  get heldBack(): number {
    return this.held.length;
  }

  /** Enough was found for the run to stop (see StopWhen). */
  private foundEnough(): boolean {
    if (this.stopWhen === StopWhen.First) return this.invariantsViolated > 0 || this.deadlock !== undefined;
    return this.pending.length > 0 && this.violated === this.pending.length;
  }

  /** More states than the bound: the run stops after this state. */
  private overLimit(): void {
    this.truncated = true;
    this.over = true;
    this.control.stop();
  }

  /**
   * The spec threw while the state taken was expanded: the level stops, the failure is kept. A file
   * of the checker's own that could not be written or read is no failure of the spec: it is thrown on.
   */
  private failed(cause: unknown): void {
    if (cause instanceof EngineIoError) throw cause;
    // Ahead, whatever failed is met again in the level itself, if the run gets there.
    if (this.ahead) return this.undoAhead();
    const successors = this.successors;
    const state = successors.parentState();
    const error = asEvaluationError(cause, 'action', 'Next', state);
    // An invariant or constraint fails on a successor: the trace ends there, one step past the state.
    const onSuccessor = error.state !== undefined && error.state !== state;
    const parent = successors.parent;
    this.error = { kind: error.kind, part: error.part, message: error.message, parent, ...(onSuccessor ? { ordinal: this.ordinal - 1 } : {}) };
    this.failure = { error, end: onSuccessor ? this.stepEnd(error.state as S) : { kind: 'stored', id: parent, state } };
    this.over = true;
    this.control.stop();
  }

  /** Checks the pending invariants on the successor being visited (see checkOn). */
  private check(state: S, ordinal: number, fields: FieldHashes | undefined, build?: () => S): void {
    if (this.pending.length > 0) this.checkOn(state, this.successors.parent, ordinal, fields, build);
  }

  /**
   * Checks the pending invariants on a successor. States are expanded in increasing number, so the
   * first violation of an invariant found in a level is the least by (parent, ordinal): later ones
   * need not be checked for it, unless the level is out of order. With `build`, `state` is only a
   * state of the successor's type, built by `build` when an invariant must be evaluated on it.
   */
  private checkOn(state: S, parent: number, ordinal: number, fields: FieldHashes | undefined, build?: () => S): void {
    const pending = this.pending;
    const observer = this.parts.observer;
    for (let i = 0; i < pending.length; i++) {
      const invariant = pending[i] as CompiledInvariant<S>;
      const known = this.violations[i];
      if (known !== undefined && !this.outOfOrder) continue;
      const holds = build === undefined ? invariantHolds(invariant, state, this.invariantMemo, fields) : invariantHoldsOn(invariant, state, build, this.invariantMemo, fields);
      observer?.onInvariant?.(invariant.name);
      if (holds) continue;
      if (known === undefined || parent < known.parent || (parent === known.parent && ordinal < known.ordinal)) {
        if (known === undefined) {
          this.violated++;
          if (!invariant.reachable) this.invariantsViolated++;
        }
        this.violations[i] = { invariant: invariant.name, parent, ordinal };
        this.violationEnds[i] = this.action === undefined ? undefined : this.stepEnd(build === undefined ? state : build(), parent);
        this.findings++;
      }
    }
  }

  /** The successor being visited, as a trace end. */
  private stepEnd(state: S, parent = this.successors.parent): TraceEnd<S> {
    return { kind: 'step', parent, state, step: { action: this.action as CompiledAction<S>, tuple: this.tuple, choices: this.choices } };
  }

  /** The number of a state seen before, when the observer asked for them. */
  private seenId(hi: number, lo: number): number {
    const numbers = this.parts.numbers;
    return numbers === undefined ? SEEN : numbers.get(hi, lo, this.successors.successorState);
  }

  private observe(to: number, isNew: boolean): void {
    const step = { action: this.action as CompiledAction<S>, tuple: this.tuple, choices: this.choices };
    this.parts.observer?.onTransition?.(this.successors.parent, to, isNew, step, this.successors.successorState);
  }
}
