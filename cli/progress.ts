import type { Progress, SimulationProgress } from '../checker/index.js';
import type { CliIo } from './io.js';
import { count } from './render/stats.js';

/** Reports progress on stderr while a run goes on. */
export interface ProgressReporter {
  readonly onProgress: (progress: Progress) => void;
  /** Clears a live line before the report is printed. */
  finish(): void;
}

function timestamp(): string {
  return new Date().toISOString().replace('T', ' ').slice(0, 19);
}

/**
 * On a terminal, one live line (states, distinct, queue, rate, elapsed) rewritten in place; in a pipe
 * or CI, TLC's own progress lines, so that tools that read TLC's output read ours.
 */
export function progressReporter(io: CliIo, quiet: boolean): ProgressReporter {
  let live = false;
  let lastSeconds = 0;
  let lastGenerated = 0;
  let lastDistinct = 0;
  let first = true;
  return {
    onProgress(p) {
      if (quiet) return;
      if (first) {
        // A resumed run's rates count only what it found itself.
        first = false;
        lastGenerated = p.resumedFrom?.generated ?? 0;
        lastDistinct = p.resumedFrom?.distinct ?? 0;
        lastSeconds = p.resumedFrom?.seconds ?? 0;
      }
      const minutes = Math.max(p.seconds - lastSeconds, 1e-9) / 60;
      const perMinute = Math.round((p.generated - lastGenerated) / minutes);
      const distinctPerMinute = Math.round((p.distinct - lastDistinct) / minutes);
      lastSeconds = p.seconds;
      lastGenerated = p.generated;
      lastDistinct = p.distinct;
      if (io.stderrIsTTY) {
        const rate = count(Math.round(distinctPerMinute / 60));
        io.err(
          `\r\x1b[2K  depth ${p.depth} · ${count(p.generated)} generated · ${count(p.distinct)} distinct · ` +
            `${count(p.queue)} on queue · ${rate} distinct/s · ${p.seconds.toFixed(0)} s`,
        );
        live = true;
      } else {
        io.err(
          `Progress(${p.depth}) at ${timestamp()}: ${count(p.generated)} states generated (${count(perMinute)} s/min), ` +
            `${count(p.distinct)} distinct states found (${count(distinctPerMinute)} ds/min), ${count(p.queue)} states left on queue.\n`,
        );
      }
    },
    finish() {
      if (live) io.err('\r\x1b[2K');
      live = false;
    },
  };
}

/** Progress of `simulate` on stderr: a live line on a terminal, a line a report in a pipe or CI. */
export function simulationProgressReporter(io: CliIo, quiet: boolean): { readonly onProgress: (progress: SimulationProgress) => void; finish(): void } {
  let live = false;
  let lastSeconds = 0;
  let lastBehaviours = 0;
  return {
    onProgress(p) {
      if (quiet) return;
      const perSecond = Math.round((p.behaviours - lastBehaviours) / Math.max(p.seconds - lastSeconds, 1e-9));
      lastSeconds = p.seconds;
      lastBehaviours = p.behaviours;
      if (io.stderrIsTTY) {
        io.err(`\r\x1b[2K  ${count(p.behaviours)} behaviours · ${count(p.states)} states · ${count(perSecond)} behaviours/s · ${p.seconds.toFixed(0)} s`);
        live = true;
      } else {
        io.err(`Progress at ${timestamp()}: ${count(p.behaviours)} behaviours sampled (${count(perSecond)}/s), ${count(p.states)} states visited.\n`);
      }
    },
    finish() {
      if (live) io.err('\r\x1b[2K');
      live = false;
    },
  };
}
