import type { ExploreCheckpoint, ExploreSnapshot } from '../explore/engine.js';
import type { CheckpointNote, State } from '../spec/types.js';

/** The share of a run's wall time that checkpoint writes may take. */
export const WRITE_SHARE = 0.1;
/** Expected time of a write before any was timed: a fixed cost (fsync, rename) and 1 µs a state. */
const FIRST_WRITE_MS = 20;
const MS_PER_STATE = 0.001;
/** The time kept for the last write before a time limit: its expected time, and a margin. */
const RESERVE_FACTOR = 1.25;
const RESERVE_MARGIN_MS = 10;

/** How a ScheduledCheckpoints writes and tells the time. */
export interface CheckpointWriting<S extends State> {
  /** Milliseconds between two checkpoints: from the end of one write to the start of the next. */
  readonly everyMs: number;
  readonly startedAt: number;
  /**
   * The run's time limit: a write still going on then is given up after its chunk, when a checkpoint
   * before it stays. The run's only checkpoint is written to its end (the supervisor's grace bounds it).
   */
  readonly deadline: number;
  /** The folder holds a checkpoint before the run's first write: the one the run resumes from. */
  readonly resumed?: boolean;
  readonly now: () => number;
  /** Writes a snapshot, asking `stop` now and then; false when stopped (nothing was replaced). */
  readonly write: (snapshot: ExploreSnapshot<S>, stop: () => boolean) => boolean;
  readonly onNote?: (note: CheckpointNote) => void;
}

/**
 * When to write checkpoints, and writing them: the next one `everyMs` after the END of the last
 * write, and no sooner than keeps all writes within a tenth of the run's wall time if it takes as
 * long as the last one (a write of a large run can take longer than the interval asked; counting
 * from its start would leave the run doing little but writing). The next write is foreseen from
 * the last one's time, not from the run's size now: a run that grows faster than a tenth of its time
 * would otherwise push the next write back as fast as the clock goes, and never write again. The
 * first write is foreseen from the states the run started with (a resumed run's). Says once
 * (`onNote`) when the interval is stretched, as soon as it is. Before a time limit, it keeps the
 * time the last write is expected to take (`reserveMs`), and gives up a write still going on at
 * the limit unless it is the only checkpoint the run would leave.
 */
export class ScheduledCheckpoints<S extends State> implements ExploreCheckpoint<S> {
  private lastEnd: number;
  /** Milliseconds spent writing so far. */
  private writing = 0;
  /** Writes finished, and the last one: its milliseconds and the states of the run then. */
  private writes = 0;
  private lastMs = 0;
  private lastSize = 0;
  private stretched = false;
  /** The states of the run at its first look at the schedule: those a resumed run starts with. */
  private startSize: number | undefined;
  private cutByLimit = false;

  constructor(private readonly how: CheckpointWriting<S>) {
    this.lastEnd = how.startedAt;
  }

  /**
   * Milliseconds a write is expected to take when the run has `size` states (stored and queued):
   * the last write's time per state. The first write runs cold (its code not yet compiled), so
   * from it alone, what it took beyond MS_PER_STATE a state is taken as a cost that does not grow.
   */
  expectedMs(size: number): number {
    const growth = Math.max(0, size - this.lastSize);
    if (this.writes === 0) return FIRST_WRITE_MS + size * MS_PER_STATE;
    if (this.writes === 1) return this.lastMs + Math.min(this.lastMs / this.lastSize, MS_PER_STATE) * growth;
    return this.lastMs + (this.lastMs / this.lastSize) * growth;
  }

  /** When the next write may start: it does not depend on the run's size, so it always comes. */
  nextAt(): number {
    const expected = this.writes === 0 ? this.expectedMs(this.startSize ?? 0) : this.lastMs;
    // writing + expected ≤ share × (time of the run when that write ends); a resumed run's first
    // write, of all the states it resumed with, may come later than `everyMs` for this.
    const withinShare = this.how.startedAt + (this.writing + expected) / WRITE_SHARE - expected;
    return Math.max(this.lastEnd + this.how.everyMs, withinShare);
  }

  due(now: number, size: number): boolean {
    if (this.startSize === undefined) {
      this.startSize = size;
      this.noteStretch(this.expectedMs(size));
    }
    if (now < this.nextAt()) return false;
    // A write that would still go on when the last one must begin is not worth starting.
    return now + 2 * this.expectedMs(size) < this.how.deadline;
  }

  /** Says once that writes come less often than asked, when the next is later than `everyMs` after the last. */
  private noteStretch(writeMs: number): void {
    const interval = this.nextAt() - this.lastEnd;
    if (this.stretched || interval <= this.how.everyMs + 1) return;
    this.stretched = true;
    this.how.onNote?.({ kind: 'stretched', writeSeconds: writeMs / 1000, everySeconds: this.how.everyMs / 1000, intervalSeconds: interval / 1000 });
  }

  reserveMs(size: number): number {
    // With a margin: a write that does not fit is given up, and the checkpoint before it stays.
    return this.how.deadline === Infinity ? 0 : RESERVE_MARGIN_MS + RESERVE_FACTOR * this.expectedMs(size);
  }

  save(snapshot: ExploreSnapshot<S>, size: number): void {
    const start = this.how.now();
    const deadline = this.how.deadline;
    // Asked between two chunks of a megabyte: a write runs past the limit by one chunk at most. One
    // that would leave the folder without any checkpoint goes on: a run stopped by its time limit is
    // one to be resumed, and the first write, cold and on a busy machine, may take longer than foreseen.
    const givesUp = this.writes > 0 || this.how.resumed === true;
    const written = this.how.write(snapshot, () => givesUp && this.how.now() >= deadline);
    const end = this.how.now();
    this.writing += end - start;
    this.lastEnd = end;
    if (!written) {
      if (end >= deadline && !this.cutByLimit) {
        this.cutByLimit = true;
        this.how.onNote?.({ kind: 'notWritten', reason: 'timeLimit' });
      }
      return;
    }
    this.writes++;
    this.lastMs = end - start;
    this.lastSize = Math.max(size, 1);
    this.noteStretch(this.lastMs);
  }

  cannotSave(reason: 'initialStatesCut'): void {
    this.how.onNote?.({ kind: 'notWritten', reason });
  }
}
