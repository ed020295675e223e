import { InternalError } from '../errors.js';
import type { State } from '../spec/types.js';
import type { Command, Report } from './protocol.js';
import { AheadLoop } from './member.js';
import type { PoolMember } from './member.js';
import { copyPartOf } from './sharedFingerprintSet.js';
import { TimedChunk } from './timedChunk.js';

/** A thread of the pool, as the main thread drives it: a command, then its report. */
export interface PoolThread {
  request(command: Command): Promise<Report>;
}

/** Most states the main thread expands between two looks at its timers and messages (a few milliseconds on the Pika model). */
const CHUNK = 1024;
/** Most milliseconds between two looks: a chunk is made smaller when the spec is slower, and the loop looks when the levels are smaller than a chunk. */
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
  private readonly chunk = new TimedChunk(CHUNK, TURN_MS);
  /** While the workers end their parts of a level, it expands its part of the next. */
  private readonly ahead: AheadLoop<S>;

  constructor(private readonly member: PoolMember<S>) {
    this.ahead = new AheadLoop(() => member);
  }

  /** Lets the event loop run: timers, signals, messages. */
  private async nextTurn(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.lastTurn = performance.now();
  }

  /** Ends the run-ahead under way, if any: a level begins, or the run ends. */
  stopAhead(): void {
    this.ahead.stop();
  }

  /** The request under way, until it ends. */
  private pending: Promise<unknown> | undefined;

  /** Waits for the request under way, if any, to end (however it ends): once the run is stopped, its part of a level ends within a chunk. */
  async settled(): Promise<void> {
    await this.pending?.catch(() => undefined);
  }

  request(command: Command): Promise<Report> {
    const report = this.serve(command);
    this.pending = report;
    return report;
  }

  private async serve(command: Command): Promise<Report> {
    const member = this.member;
    switch (command.kind) {
      case 'level': {
        this.stopAhead();
        member.begin(command);
        while (!this.chunk.run((size) => member.expandSome(size))) await this.nextTurn();
        // However small the levels, the event loop runs every few milliseconds.
        if (performance.now() - this.lastTurn >= TURN_MS) await this.nextTurn();
        const report = member.end(command);
        this.ahead.start();
        return report;
      }
      case 'overflow': {
        const report = member.addHeld(command);
        this.ahead.start();
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
