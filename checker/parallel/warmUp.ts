import type { Memos } from '../explore/level.js';
import type { CompiledInvariant, Model } from '../spec/compile.js';
import { InternalError } from '../errors.js';
import { Frontier } from '../explore/frontier.js';
import type { StateKeyer } from '../state/symmetry.js';
import type { State } from '../spec/types.js';
import { ProgressSlot } from './protocol.js';
import type { LevelCommand, LevelReport } from './protocol.js';
import { PoolMember } from './member.js';
import { capacityFor, capacityToHold, growthAfter, Insert, LOAD, SharedFingerprintSet } from './sharedFingerprintSet.js';
import { SharedTraceLog } from './sharedTraceLog.js';
import { trappingExit } from './trappedExit.js';

/** What a worker thread explores with. */
export interface WarmUpSetup<S extends State> {
  readonly model: Model<S>;
  readonly keyer: StateKeyer;
  readonly invariants: readonly CompiledInvariant<S>[];
  readonly memo: boolean;
}

/**
 * A throwaway breadth-first exploration from the initial states, run by a worker thread while it
 * waits to join the run: when it joins, its compiled code and its memos are warm, instead of
 * warming up on its first levels, slower than the main thread, which waits for it at every level
 * end. It has a seen set and a trace log of its own, and what it finds is dropped; only the memos
 * are kept (what they learned is true of the model whatever the run). It goes where the run may
 * not (past the run's bounds, past the violations that end it), so a failure of the spec in it
 * (a throw, or a call of process.exit) ends it quietly, and the run reports only what it reaches.
 */
export class WarmUp<S extends State> {
  private readonly member: PoolMember<S>;
  private readonly log = SharedTraceLog.create();
  private seen: SharedFingerprintSet;
  private readonly command: Omit<LevelCommand, 'seen' | 'room'>;
  private levelSize = 0;
  private growth = 2;
  private inLevel = false;
  /** Whether the initial states are queued (done by the first step, where the spec's failures are caught). */
  private started = false;
  /** Nothing left to explore, or the spec failed: every further step returns false. */
  private ended = false;
  /**
   * Something threw out of the level step itself (the spec's initial states, which are computed
   * outside it, or a fault of the step): the memos may be part-way through an update, and are
   * dropped. A failure in an action or invariant does not: the step reports it, and the memos,
   * which record an evaluation only once it has returned, are kept.
   */
  private broken = false;
  /** States expanded so far. */
  expanded = 0;

  constructor(private readonly setup: WarmUpSetup<S>) {
    this.member = new PoolMember<S>({ ...setup, log: this.log, control: new Int32Array(1), progress: new Float64Array(ProgressSlot.Length), maxStates: Infinity });
    this.command = { kind: 'level', storing: true, pending: setup.invariants.map((inv) => inv.name), deadlock: false };
    // Replaced by one sized for the initial states when the first step queues them.
    this.seen = SharedFingerprintSet.create(16);
  }

  /** What the memos learned (none once something threw out of the level step). */
  get memos(): Memos<S> | undefined {
    return this.broken ? undefined : this.member.memos;
  }

  /**
   * Expands up to `most` more states; false once there is nothing left to explore or the spec
   * failed (then for good). Never throws, and never lets the spec end the thread with process.exit.
   */
  step(most: number): boolean {
    if (this.ended) return false;
    // A spec's exit ends the warm-up (as any failure of the spec does), not the thread: the run
    // meets that exit itself if, and only if, its own search reaches it.
    try {
      trappingExit(() => {
        if (!this.started) this.start();
        if (!this.stepOn(most)) this.ended = true;
      });
    } catch {
      this.ended = true;
      this.broken = true;
    }
    return !this.ended;
  }

  /** Numbers and queues the initial states, as the first level to expand. */
  private start(): void {
    this.started = true;
    const { model, keyer } = this.setup;
    const initial = new Frontier<S>();
    const states = [...model.init()];
    // Sized for every initial state, under the load the set is kept under.
    this.seen = SharedFingerprintSet.create(Math.ceil(states.length / LOAD) + 16);
    this.seen.allow(this.seen.roomEach(1));
    for (const state of states) {
      const { hi, lo } = keyer.key(state);
      const added = this.seen.insert(hi, lo);
      if (added === Insert.Full) throw new InternalError(`the warm-up's seen set has no room for ${states.length} initial states`);
      if (added === Insert.Added) initial.push(state, this.log.append(hi, lo, SharedTraceLog.NONE));
    }
    this.seen.count(this.seen.added);
    this.member.receiveAll(initial);
    this.levelSize = initial.length;
  }

  /** Expands up to `most` more states; false once there is nothing left to explore or the spec failed. */
  private stepOn(most: number): boolean {
    const member = this.member;
    if (!this.inLevel) {
      if (this.levelSize === 0) return false;
      const capacity = capacityFor(this.seen, this.levelSize, this.growth);
      if (capacity !== this.seen.capacity) this.seen = this.seen.grownAlone(capacity);
      member.begin({ ...this.command, seen: this.seen.buffers, room: this.seen.roomEach(1) });
      this.inLevel = true;
    }
    const before = member.unexpanded;
    const done = member.expandSome(most);
    this.expanded += before - member.unexpanded;
    if (!done) return true;
    this.inLevel = false;
    let report: LevelReport = member.end();
    this.seen.count(report.added);
    while (report.overflow > 0 && report.error === undefined) {
      this.seen = this.seen.grownAlone(capacityToHold(this.seen, report.overflow));
      report = member.addHeld({ kind: 'overflow', seen: this.seen.buffers, room: this.seen.roomEach(1) });
      this.seen.count(report.added);
    }
    if (report.error !== undefined) return false;
    this.growth = growthAfter(this.levelSize, report.found);
    this.levelSize = report.found;
    return true;
  }
}
