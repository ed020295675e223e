import type { CompiledInvariant, Model } from '../spec/compile.js';
import { Expansion } from '../explore/expansion.js';
import { Frontier } from '../explore/frontier.js';
import type { Memos } from '../explore/bfs.js';
import { InvariantMemo } from '../explore/invariantMemo.js';
import type { FieldHashes } from '../state/stateHasher.js';
import { TransitionMemo } from '../explore/transitionMemo.js';
import { asEvaluationError, inConstraint, invariantHolds, invariantHoldsOn, isTerminal } from '../spec/evaluate.js';
import type { StateKeyer } from '../state/symmetry.js';
import type { State } from '../spec/types.js';
import { packStates, unpackStates } from './handOver.js';
import type { PackedStates } from './handOver.js';
import { Control, ProgressSlot } from './protocol.js';
import type { FoundError, FoundViolation, LevelCommand, LevelReport, OverflowCommand } from './protocol.js';
import { Insert, SharedFingerprintSet } from './sharedFingerprintSet.js';
import type { SharedTraceLog } from './sharedTraceLog.js';

/** A successor the seen set had no room for, kept until it has grown. */
interface Held<S extends State> {
  readonly state: S;
  readonly hi: number;
  readonly lo: number;
  readonly parent: number;
  readonly ordinal: number;
}

/** What a worker shares with the others and the main thread. */
export interface ShareContext<S extends State> {
  readonly model: Model<S>;
  readonly keyer: StateKeyer;
  /** The invariants checked, in order. */
  readonly invariants: readonly CompiledInvariant<S>[];
  readonly log: SharedTraceLog;
  readonly control: Int32Array;
  /** This worker's progress figures (`ProgressSlot.Length` slots). */
  readonly progress: Float64Array;
  readonly maxStates: number;
  /** Remember invariant results and transitions by the fields they read (InvariantMemo, TransitionMemo). */
  readonly memo: boolean;
}

/**
 * One worker's part of a level-synchronous breadth-first search: the states it found of the current
 * level, which it expands, and of the next (some of which it may give another worker, between
 * levels, to even out their shares). The main thread has one too (see LocalShare). Each
 * successor is counted, fingerprinted, added to the shared seen set and, when new, numbered in the
 * shared trace log, checked against the invariants and kept. What it finds is reported by state
 * number, so that the main thread can rebuild traces by replay.
 */
export class Share<S extends State> {
  private current: Frontier<S>;
  private next: Frontier<S>;
  private held: Held<S>[] = [];
  private seen: SharedFingerprintSet | undefined;
  private pending: CompiledInvariant<S>[] = [];
  private storing = true;
  // Figures of the level under way.
  private generated = 0;
  private truncated = false;
  /** The least violation found of each pending invariant, by its place in `pending`. */
  private violations: (FoundViolation | undefined)[] = [];
  /** The state being expanded and the successor being visited. */
  private readonly expansion: Expansion<S>;
  /** The ordinal of the next successor of the state being expanded. */
  private ordinal = 0;
  private checkAll = false;
  // The level under way: states of its share expanded, and what was found on them.
  private expanded = 0;
  private over = false;
  private lookForDeadlock = false;
  private deadlock: number | undefined;
  private error: FoundError | undefined;
  private readonly memo: InvariantMemo<S> | undefined;
  private readonly transitions: TransitionMemo<S> | undefined;

  /** `memos`: those of another exploration of the same model (what they learned stays true), else new ones. */
  constructor(
    private readonly context: ShareContext<S>,
    memos?: Memos<S>,
  ) {
    this.memo = context.memo ? (memos?.invariants ?? new InvariantMemo<S>()) : undefined;
    this.transitions = context.memo ? (memos?.transitions ?? new TransitionMemo<S>(context.model)) : undefined;
    this.current = new Frontier<S>(false, this.transitions?.canonical);
    this.next = new Frontier<S>(false, this.transitions?.canonical);
    this.expansion = new ShareExpansion<S>(context.model, context.keyer, this.transitions, this);
  }

  /** Takes over `level`, the level a run is handed over at in this thread. */
  receiveAll(level: Frontier<S>): void {
    for (let i = 0; i < level.length; i++) {
      const fields = level.read(i);
      this.next.push(level.like(), level.id(i), fields);
    }
  }

  /** Takes over its share of the level a run is handed over at, or states given by another worker: they join the level it expands next. */
  receive(packed: PackedStates): void {
    const { model, keyer, log } = this.context;
    unpackStates(model, log, keyer, packed, this.next);
  }

  /** Gives away the last `count` states it found of the next level (between levels). */
  give(count: number): PackedStates {
    const next = this.next;
    const from = Math.max(0, next.length - count);
    const packed = packStates(this.context.model.init(), next, from);
    next.truncate(from);
    return packed;
  }

  /** States of the level under way it has not expanded yet. */
  get unexpanded(): number {
    return this.current.length - this.expanded;
  }

  /** What its memos learned, for another share of the same thread to go on with. */
  get memos(): Memos<S> | undefined {
    return this.memo && this.transitions ? { invariants: this.memo, transitions: this.transitions } : undefined;
  }

  /** Expands every state of its share of the level that begins (what it found of the last one). */
  expand(command: LevelCommand): LevelReport {
    this.begin(command);
    this.expandSome(Infinity);
    return this.end();
  }

  /** Begins a level: what it found of the last one (and the states it is given) becomes its share. */
  begin(command: LevelCommand): void {
    // States given by another worker come after its own, out of order: every violation is then compared.
    if (command.take) this.receive(command.take);
    const done = this.current;
    this.current = this.next;
    this.next = done;
    this.next.clear();
    this.seen = new SharedFingerprintSet(command.seen);
    this.seen.allow(command.room);
    this.pending = this.context.invariants.filter((inv) => command.pending.includes(inv.name));
    this.storing = command.storing;
    this.lookForDeadlock = command.deadlock;
    this.generated = 0;
    this.truncated = false;
    this.violations = this.pending.map(() => undefined);
    this.checkAll = command.take !== undefined;
    this.deadlock = undefined;
    this.error = undefined;
    this.expanded = 0;
    this.over = false;
  }

  /** Expands up to `most` more states of its share; true when the level is done (or stopped). */
  expandSome(most: number): boolean {
    const { model, control, progress } = this.context;
    const current = this.current;
    const expansion = this.expansion;
    const last = Math.min(current.length, this.expanded + most);
    let expanded = this.expanded;
    for (; expanded < last; expanded++) {
      if ((expanded & 15) === 0) {
        if (Atomics.load(control, Control.Stop) !== 0) {
          this.over = true;
          break;
        }
        progress[ProgressSlot.Generated] = this.generated;
        progress[ProgressSlot.Expanded] = expanded;
        progress[ProgressSlot.Found] = this.next.length;
      }
      expansion.take(current, expanded);
      this.ordinal = 0;
      try {
        const count = expansion.expand();
        const deadlock = this.deadlock;
        const parent = expansion.parent;
        if (count === 0 && this.lookForDeadlock && (deadlock === undefined || parent < deadlock) && !isTerminal(model, expansion.parentNow())) this.deadlock = parent;
      } catch (cause) {
        const state = expansion.parentNow();
        const failure = asEvaluationError(cause, 'action', 'Next', state);
        const onSuccessor = failure.state !== undefined && failure.state !== state;
        this.error = {
          kind: failure.kind,
          part: failure.part,
          message: failure.message,
          parent: expansion.parent,
          ...(onSuccessor ? { ordinal: this.ordinal - 1 } : {}),
        };
        Atomics.store(control, Control.Stop, 1);
        this.over = true;
        break;
      }
    }
    this.expanded = expanded;
    return this.over || expanded >= current.length;
  }

  /** Ends the level: what it found. */
  end(): LevelReport {
    const { progress } = this.context;
    progress[ProgressSlot.Generated] = this.generated;
    progress[ProgressSlot.Expanded] = this.expanded;
    progress[ProgressSlot.Found] = this.next.length;
    return this.report(this.expanded, this.deadlock, this.error);
  }

  /** Adds the successors held back for want of room, now that the seen set has grown. */
  addHeld(command: OverflowCommand): LevelReport {
    const seen = (this.seen = new SharedFingerprintSet(command.seen));
    seen.allow(command.room);
    const held = this.held;
    this.held = [];
    this.generated = 0;
    // Held successors come from states expanded before some already checked: their order is lost.
    this.checkAll = true;
    let error: FoundError | undefined;
    for (let i = 0; i < held.length; i++) {
      const { state, hi, lo, parent, ordinal } = held[i] as Held<S>;
      const added = seen.insert(hi, lo);
      if (added === Insert.Present) continue;
      if (added === Insert.Full) {
        this.held.push(held[i] as Held<S>);
        continue;
      }
      try {
        this.store(state, hi, lo, parent, ordinal, undefined);
      } catch (cause) {
        const failure = asEvaluationError(cause, 'invariant', 'invariant', state);
        error = { kind: failure.kind, part: failure.part, message: failure.message, parent, ordinal };
        Atomics.store(this.context.control, Control.Stop, 1);
        break;
      }
    }
    return this.report(0, undefined, error);
  }

  private report(expanded: number, deadlock: number | undefined, error: FoundError | undefined): LevelReport {
    return {
      kind: 'level',
      generated: this.generated,
      expanded,
      found: this.next.length,
      added: this.seen?.added ?? 0,
      overflow: this.held.length,
      truncated: this.truncated,
      violations: this.violations.filter((v) => v !== undefined),
      ...(deadlock !== undefined ? { deadlock } : {}),
      ...(error ? { error } : {}),
    };
  }

  /** What follows the fingerprint of a successor (see Expansion): the seen set, the invariants, the next level. */
  record(): void {
    const { model, keyer } = this.context;
    const expansion = this.expansion;
    const { successorNow, parent } = expansion;
    this.generated++;
    const ordinal = this.ordinal++;
    if (model.constraint && !inConstraint(model, successorNow())) {
      this.check(successorNow(), parent, ordinal, keyer.childFields());
      return;
    }
    const seen = this.seen as SharedFingerprintSet;
    const hi = keyer.hi;
    const lo = keyer.lo;
    if (!this.storing) {
      if (!seen.has(hi, lo)) this.truncated = true;
      return;
    }
    const added = seen.insert(hi, lo);
    if (added === Insert.Present) return;
    if (added === Insert.Full) {
      this.held.push({ state: successorNow(), hi, lo, parent, ordinal });
      return;
    }
    const id = this.context.log.append(hi, lo, parent, this.context.maxStates);
    if (id < 0) {
      this.overLimit();
      return;
    }
    const fields = keyer.childFields();
    if (expansion.step === undefined && fields !== undefined && this.memo !== undefined) {
      // From the transition memo: the successor is built only if an invariant must be evaluated on it.
      const like = expansion.like as S;
      this.check(like, parent, ordinal, fields, successorNow);
      this.next.push(expansion.step ?? like, id, fields);
      return;
    }
    const successor = successorNow();
    this.check(successor, parent, ordinal, fields);
    this.next.push(successor, id, fields);
  }

  /** Numbers a new state, checks it and keeps it for the next level. */
  private store(state: S, hi: number, lo: number, parent: number, ordinal: number, fields: FieldHashes | undefined): void {
    const id = this.context.log.append(hi, lo, parent, this.context.maxStates);
    if (id < 0) {
      this.overLimit();
      return;
    }
    this.check(state, parent, ordinal, fields);
    this.next.push(state, id, fields);
  }

  /** More states than the bound: the run stops. */
  private overLimit(): void {
    this.truncated = true;
    Atomics.store(this.context.control, Control.Stop, 1);
  }

  /**
   * Checks the pending invariants on a successor. States are expanded in increasing number, so the
   * first violation of an invariant found in a level is the least by (parent, ordinal): later ones
   * need not be checked for it, except when held successors are added (out of that order).
   */
  private check(state: S, parent: number, ordinal: number, fields: FieldHashes | undefined, build?: () => S): void {
    const pending = this.pending;
    for (let i = 0; i < pending.length; i++) {
      const invariant = pending[i] as CompiledInvariant<S>;
      const known = this.violations[i];
      if (known !== undefined && !this.checkAll) continue;
      // With `build`, `state` is only a state of the successor's type, built by `build` when needed.
      const holds = build === undefined ? invariantHolds(invariant, state, this.memo, fields) : invariantHoldsOn(invariant, state, build, this.memo, fields);
      if (holds) continue;
      if (known === undefined || parent < known.parent || (parent === known.parent && ordinal < known.ordinal)) {
        this.violations[i] = { invariant: invariant.name, parent, ordinal };
      }
    }
  }
}

/** The share's half of a step: each successor goes to its `record`. */
class ShareExpansion<S extends State> extends Expansion<S> {
  constructor(model: Model<S>, keyer: StateKeyer, transitions: TransitionMemo<S> | undefined, private readonly share: Share<S>) {
    super(model, keyer, transitions);
  }

  protected record(): void {
    this.share.record();
  }
}
