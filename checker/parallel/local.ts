import { InternalError } from '../errors.js';
import type { State } from '../spec/types.js';
import type { Command, Report } from './protocol.js';
import { AHEAD_CHUNK } from './member.js';
import type { PoolMember } from './member.js';
import { copyPartOf } from './sharedFingerprintSet.js';

/** A thread of the pool, as the main thread drives it: a command, then its report. */
export interface PoolThread {
  request(command: Command): Promise<Report>;
}

/** States the main thread expands between two looks at its timers and messages (a few milliseconds). */
const CHUNK = 1024;
/** Most milliseconds between two looks, when the levels are smaller than a chunk. */
const TURN_MS = 10;

/**
 * The main thread as a member of the pool: its part of each level is expanded here, with the memos
 * and compiled code of the levels it explored before the hand-over (so one fewer thread starts
 * cold). It expands
 * a chunk of states at a time and lets the event loop run between chunks, so that progress, bounds
 * and signals are heard during a level, and the workers' reports are taken in.
 */
export class MainThreadMember<S extends State> implements PoolThread {
  private lastTurn = performance.now();
  /** Counts the run-aheads begun: one that is not the last has ended (see runAhead). */
  private aheadTurn = 0;

  constructor(private readonly member: PoolMember<S>) {}

  /** Lets the event loop run: timers, signals, messages. */
  private async nextTurn(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.lastTurn = performance.now();
  }

  /**
   * While the workers end their parts of the level, expands its part of the next, a chunk at a
   * time between turns of the event loop, until the next level begins or it has nothing left.
   */
  private runAhead(): void {
    const turn = ++this.aheadTurn;
    const step = (): void => {
      if (turn === this.aheadTurn && this.member.runAhead(AHEAD_CHUNK)) setImmediate(step);
    };
    setImmediate(step);
  }

  /** Ends the run-ahead under way, if any: a level begins, or the run ends. */
  stopAhead(): void {
    this.aheadTurn++;
  }

  async request(command: Command): Promise<Report> {
    const member = this.member;
    switch (command.kind) {
      case 'level': {
        this.stopAhead();
        member.begin(command);
        while (!member.expandSome(CHUNK)) await this.nextTurn();
        // However small the levels, the event loop runs every few milliseconds.
        if (performance.now() - this.lastTurn >= TURN_MS) await this.nextTurn();
        const report = member.end(command);
        this.runAhead();
        return report;
      }
      case 'overflow': {
        const report = member.addHeld(command);
        this.runAhead();
        return report;
      }
      case 'give':
        return { kind: 'given', states: member.give(command.count) };
      case 'grow':
        return { kind: 'grown', spilled: copyPartOf(command) };
      default:
        throw new InternalError(`the main thread's member of the pool was sent '${command.kind}'`);
    }
  }
}
