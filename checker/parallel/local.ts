import { InternalError } from '../errors.js';
import type { State } from '../spec/types.js';
import type { Command, Report } from './protocol.js';
import type { Share } from './share.js';
import { copyPartOf } from './sharedFingerprintSet.js';

/** One of the threads of a parallel run, as the main thread drives it: a command, then its report. */
export interface Participant {
  request(command: Command): Promise<Report>;
}

/** States the main thread expands between two looks at its timers and messages (a few milliseconds). */
const CHUNK = 1024;
/** Most milliseconds between two looks, when the levels are smaller than a chunk. */
const TURN_MS = 10;

/**
 * The main thread's own part in a parallel run: a share, expanded here with the memos and compiled
 * code of the levels it explored before the hand-over (so one fewer thread starts cold). It expands
 * a chunk of states at a time and lets the event loop run between chunks, so that progress, bounds
 * and signals are heard during a level, and the workers' reports are taken in.
 */
export class LocalShare<S extends State> implements Participant {
  private lastTurn = performance.now();

  constructor(private readonly share: Share<S>) {}

  /** Lets the event loop run: timers, signals, messages. */
  private async nextTurn(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.lastTurn = performance.now();
  }

  async request(command: Command): Promise<Report> {
    const share = this.share;
    switch (command.kind) {
      case 'level':
        share.begin(command);
        while (!share.expandSome(CHUNK)) await this.nextTurn();
        // However small the levels, the event loop runs every few milliseconds.
        if (performance.now() - this.lastTurn >= TURN_MS) await this.nextTurn();
        return share.end();
      case 'overflow':
        return share.addHeld(command);
      case 'give':
        return { kind: 'given', states: share.give(command.count) };
      case 'grow':
        return { kind: 'grown', spilled: copyPartOf(command) };
      default:
        throw new InternalError(`the main thread's share was sent '${command.kind}'`);
    }
  }
}
