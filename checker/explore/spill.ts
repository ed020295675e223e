import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import type { Canonicalizer } from '../state/canonical.js';
import type { State } from '../spec/types.js';
import { SpilledQueue } from './spilledQueue.js';
import { SpilledSeenSet } from './spilledSeenSet.js';
import { SpilledTraceLog } from './spilledTraceLog.js';

/**
 * A spilled run's seen set, trace log and level queues, in files of a directory of its own;
 * `remove` removes them and it.
 */
export interface Spill {
  readonly seen: SpilledSeenSet;
  readonly log: SpilledTraceLog;
  /** A new level queue, with a file of its own in the directory. */
  newQueue<S extends State>(canonical: Canonicalizer | undefined): SpilledQueue<S>;
  /** The run's own folder, which `remove` removes with all in it. */
  readonly folder: string;
  remove(): void;
}

/**
 * Makes a directory of the run's own in `dir` for a seen set keeping `budget` fingerprints in
 * memory, a trace log, and level queues keeping `queueBudget` states in memory, refusing
 * (UsageError) a directory that does not exist or that it cannot write in: `dir` is not made, so
 * that a mistyped path does not leave folders behind, and the spill goes where the caller meant.
 */
export function openSpill(dir: string, budget: number, queueBudget: number): Spill {
  let own: string;
  let log: SpilledTraceLog;
  try {
    own = mkdtempSync(join(dir, 'pika-mc-spill-'));
    log = new SpilledTraceLog(join(own, 'trace.bin'));
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === undefined) throw cause;
    throw new UsageError(`cannot spill to ${dir} (${code}): give an existing directory this run can write files in`);
  }
  const seen = new SpilledSeenSet(own, budget);
  let queues = 0;
  return {
    folder: own,
    seen,
    log,
    newQueue: <S extends State>(canonical: Canonicalizer | undefined) => new SpilledQueue<S>(join(own, `queue-${queues++}.bin`), queueBudget, canonical),
    remove: () => {
      seen.remove();
      log.remove();
      rmSync(own, { recursive: true, force: true });
    },
  };
}
