import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { SpilledSeenSet } from './spilledSeenSet.js';
import { SpilledTraceLog } from './spilledTraceLog.js';

/** A spilled run's seen set and trace log, in files of a directory of its own; `remove` removes them and it. */
export interface Spill {
  readonly seen: SpilledSeenSet;
  readonly log: SpilledTraceLog;
  remove(): void;
}

/**
 * Makes a directory of the run's own in `dir` (made too, if need be) for a seen set keeping
 * `budget` fingerprints in memory and a trace log, refusing (UsageError) a directory it cannot
 * create or write in.
 */
export function openSpill(dir: string, budget: number): Spill {
  let own: string;
  let log: SpilledTraceLog;
  try {
    mkdirSync(dir, { recursive: true });
    own = mkdtempSync(join(dir, 'pika-mc-spill-'));
    log = new SpilledTraceLog(join(own, 'trace.bin'));
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === undefined) throw cause;
    throw new UsageError(`cannot spill to ${dir} (${code}): give a directory this run can create and write files in`);
  }
  const seen = new SpilledSeenSet(own, budget);
  return {
    seen,
    log,
    remove: () => {
      seen.remove();
      log.remove();
      rmSync(own, { recursive: true, force: true });
    },
  };
}
