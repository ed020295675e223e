import { InternalError } from '../errors.js';
import { Frontier } from '../explore/frontier.js';
import { LevelStep, StopWhen } from '../explore/level.js';
import type { LevelControl, LevelParts, Memos } from '../explore/level.js';
import type { StateQueue } from '../explore/types.js';
import type { State } from '../spec/types.js';
import { packStates, unpackStates } from './handOver.js';
import type { PackedStates } from './handOver.js';
import { Control, ProgressSlot } from './protocol.js';
import { trappingExit } from './trappedExit.js';
import type { LevelCommand, LevelReport, OverflowCommand } from './protocol.js';
import { SharedFingerprintSet } from './sharedFingerprintSet.js';
import type { SharedTraceLog } from './sharedTraceLog.js';
import { TimedChunk } from './timedChunk.js';

/** What a member of the pool shares with the others and the main thread: the parts of its level step, and the shared words. */
export interface MemberContext<S extends State> extends Pick<LevelParts<S>, 'model' | 'keyer' | 'invariants'> {
  readonly log: SharedTraceLog;
  readonly control: Int32Array;
  /** This member's progress figures (`ProgressSlot.Length` slots). */
  readonly progress: Float64Array;
  readonly maxStates: number;
  /** Remember invariant results and transitions by the fields they read (InvariantMemo, TransitionMemo). */
  readonly memo: boolean;
}

/** Most states a member expands running ahead (see PoolMember.runAhead) between two looks at its messages: a millisecond or so on the Pika model. */
const AHEAD_CHUNK = 256;
/** Most milliseconds between two looks, for a spec slower than that (see TimedChunk). */
const AHEAD_MS = 2;

/** A member of the pool hears the others through the shared control words, and tells its progress in its slots. */
function sharedControl(control: Int32Array, progress: Float64Array): LevelControl {
  return {
    stopped: () => Atomics.load(control, Control.Stop) !== 0,
    stop: () => Atomics.store(control, Control.Stop, 1),
    progress: (generated, expanded, found) => {
      progress[ProgressSlot.Generated] = generated;
      progress[ProgressSlot.Expanded] = expanded;
      progress[ProgressSlot.Found] = found;
    },
  };
}

/**
 * One thread of a parallel run as the main thread commands it: its LevelStep (the same step as a
 * pool of one runs) over the states it found of the current level, with the shared seen set and
 * trace log, and the states of the next level it may give another member between levels, to even
 * out their parts. What it finds is reported by state number, so that the main thread can rebuild
 * traces by replay (see TraceEnds).
 */
export class PoolMember<S extends State> {
  private readonly level: LevelStep<S>;
  private readonly control: LevelControl;
  private seen: SharedFingerprintSet | undefined;
  /** The command of the level it ended last, when it may run ahead into the next (see runAhead). */
  private aheadOf: LevelCommand | undefined;

  /** `memos`: those of another exploration of the same model (what they learned stays true), else new ones. */
  constructor(
    private readonly context: MemberContext<S>,
    memos?: Memos<S>,
  ) {
    this.control = sharedControl(context.control, context.progress);
    this.level = new LevelStep<S>(
      {
        model: context.model,
        keyer: context.keyer,
        invariants: context.invariants,
        log: context.log,
        logLimit: context.maxStates,
        memos,
        newQueue: (canonical) => new Frontier<S>(false, canonical),
        control: this.control,
      },
      context.memo,
    );
  }

  /** Takes over `queue`, the level a run is handed over at in this thread. */
  receiveAll(queue: StateQueue<S>): void {
    for (let i = 0; i < queue.length; i++) {
      const fields = queue.read(i);
      this.level.next.push(queue.sameType(), queue.id(i), fields);
    }
  }

  /** Takes over its part of the level a run is handed over at, or states given by another member: they join the level it expands next. */
  receive(packed: PackedStates): void {
    const { model, keyer, log } = this.context;
    unpackStates(model, log, keyer, packed, this.nextFrontier());
  }

  /**
   * Gives away the last `count` states it found of the next level (between levels), or as many of
   * them as it has not expanded yet, running ahead.
   */
  give(count: number): PackedStates {
    const next = this.nextFrontier();
    const from = Math.max(this.level.isAhead ? this.level.expanded : 0, next.length - count);
    const packed = packStates(this.context.model.init(), next, from);
    next.truncate(from);
    return packed;
  }

  /**
   * Expands up to `most` states of the next level while the other members end their parts of this
   * one, instead of waiting for them (see LevelStep.beginAhead); false when it has none left, may
   * not run ahead, or met a failure of the spec (which ends the run-ahead: the state is expanded
   * again in the level). The level's command then goes on from where it is.
   */
  runAhead(most: number): boolean {
    const level = this.level;
    if (!level.isAhead) {
      const last = this.aheadOf;
      if (last === undefined || this.seen === undefined) return false;
      this.aheadOf = undefined;
      level.beginAhead({ seen: this.seen, pending: last.pending, storing: true, deadlock: last.deadlock, stopWhen: StopWhen.Never, outOfOrder: false });
    }
    // The run may never reach a state where the spec exits: ahead, an exit is a failure, which
    // ends the run-ahead and is met again, if the run gets there, once the level begins.
    return !trappingExit(() => level.expandSome(most));
  }

  /** States of the level under way it has not expanded yet. */
  get unexpanded(): number {
    return this.level.current.length - this.level.expanded;
  }

  /** What its memos learned, for another member of the same thread to go on with. */
  get memos(): Memos<S> | undefined {
    return this.level.memos;
  }

  /** Expands every state of its part of the level that begins (what it found of the last one). */
  expand(command: LevelCommand): LevelReport {
    this.begin(command);
    this.expandSome(Infinity);
    return this.end(command);
  }

  /** Begins a level: what it found of the last one (and the states it is given) becomes its part; when it ran ahead into it, it goes on from there. */
  begin(command: LevelCommand): void {
    this.aheadOf = undefined;
    // States given by another member come after its own, out of order: every violation is then compared.
    if (command.take) this.receive(command.take);
    this.seen = new SharedFingerprintSet(command.seen);
    this.seen.allow(command.room);
    this.level.begin({
      seen: this.seen,
      pending: command.pending,
      storing: command.storing,
      deadlock: command.deadlock,
      stopWhen: StopWhen.Never,
      outOfOrder: command.take !== undefined,
    });
  }

  /** Expands up to `most` more states of its part; true when the level is done (or stopped). */
  expandSome(most: number): boolean {
    return this.level.expandSome(most);
  }

  /** Ends the level (begun by `command`, when it may run ahead from it): what it found. */
  end(command?: LevelCommand): LevelReport {
    const level = this.level;
    this.control.progress(level.generated, level.expanded, level.next.length);
    this.aheadOf = command;
    return this.report(level.expanded, level.deadlock);
  }

  /** Adds the successors held back for want of room, now that the seen set has grown. */
  addHeld(command: OverflowCommand): LevelReport {
    const level = this.level;
    // Running ahead, it held none back: the next level is what it found.
    if (level.isAhead) return { kind: 'level', generated: 0, expanded: 0, found: level.current.length, unqueued: 0, added: 0, overflow: 0, truncated: false, violations: [] };
    const seen = (this.seen = new SharedFingerprintSet(command.seen));
    seen.allow(command.room);
    level.addHeld(seen);
    return this.report(0, undefined);
  }

  private report(expanded: number, deadlock: number | undefined): LevelReport {
    const level = this.level;
    // It runs ahead only from a level that ended whole: nothing held back, no failure, no bound.
    if (level.heldBack > 0 || level.error !== undefined || level.truncated || this.control.stopped() || this.aheadOf?.ahead !== true) this.aheadOf = undefined;
    return {
      kind: 'level',
      generated: level.generated,
      expanded,
      found: level.next.length,
      unqueued: level.unqueued,
      added: this.seen?.added ?? 0,
      overflow: level.heldBack,
      truncated: level.truncated,
      violations: level.violations.filter((v) => v !== undefined),
      ...(deadlock !== undefined ? { deadlock } : {}),
      ...(level.error ? { error: level.error } : {}),
    };
  }

  /** The states of the next level: those it found, or, running ahead into it, those it expands. */
  private nextFrontier(): Frontier<S> {
    const next = this.level.isAhead ? this.level.current : this.level.next;
    if (!(next instanceof Frontier)) throw new InternalError('a member of the pool keeps its states in a Frontier');
    return next;
  }
}

/**
 * Runs a member ahead (see PoolMember.runAhead), a chunk at a time between turns of its thread's
 * event loop so that its messages are heard, until it has nothing left, or is stopped: the next
 * level begins, or the run ends. The spec's failures end a run-ahead quietly; anything else thrown
 * there (a fault of pika-mc) is thrown again by `stop`, where the run hears it.
 */
export class AheadLoop<S extends State> {
  /** Counts the run-aheads begun: one that is not the last has been stopped. */
  private turn = 0;
  private fault: { readonly cause: unknown } | undefined;
  private readonly chunk = new TimedChunk(AHEAD_CHUNK, AHEAD_MS);

  constructor(private readonly member: () => Pick<PoolMember<S>, 'runAhead'> | undefined) {}

  start(): void {
    const turn = ++this.turn;
    const step = (): void => {
      if (turn !== this.turn) return;
      try {
        const member = this.member();
        if (member !== undefined && this.chunk.run((size) => member.runAhead(size))) setImmediate(step);
      } catch (cause) {
        this.fault = { cause };
      }
    };
    setImmediate(step);
  }

  stop(): void {
    this.turn++;
    const fault = this.fault;
    this.fault = undefined;
    if (fault !== undefined) throw fault.cause;
  }
}
