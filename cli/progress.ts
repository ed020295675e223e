import type { Progress, SimulationProgress } from '../checker/index.js';
import type { CliIo } from './io.js';
import { count, counted } from './render/stats.js';

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
 * One status line on stderr: on a terminal, rewritten in place (and cleared by `finish` before the
 * report); in a pipe or CI, a line of its own each time.
 */
export class StatusLine {
  private live = false;

  constructor(private readonly io: CliIo) {}

  /** Shows `terminal` in place on a terminal, else writes `pipe` as a line. */
  show(terminal: string, pipe: string): void {
    if (this.io.stderrIsTTY) {
      this.io.err(`\r\x1b[2K  ${terminal}`);
      this.live = true;
    } else {
      this.io.err(`${pipe}\n`);
    }
  }

  finish(): void {
    if (this.live) this.io.err('\r\x1b[2K');
    this.live = false;
  }
}

/**
 * On a terminal, one live line (states, distinct, queue, rate, elapsed) rewritten in place; in a pipe
 * or CI, TLC's own progress lines, so that tools that read TLC's output read ours.
 */
export function progressReporter(io: CliIo, quiet: boolean): ProgressReporter {
  const line = new StatusLine(io);
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
      line.show(
        `depth ${p.depth} · ${count(p.generated)} generated · ${count(p.distinct)} distinct · ` +
          `${count(p.queue)} on queue · ${count(Math.round(distinctPerMinute / 60))} distinct/s · ${p.seconds.toFixed(0)} s`,
        `Progress(${p.depth}) at ${timestamp()}: ${count(p.generated)} states generated (${count(perMinute)} s/min), ` +
          `${count(p.distinct)} distinct states found (${count(distinctPerMinute)} ds/min), ${count(p.queue)} states left on queue.`,
      );
    },
    finish: () => line.finish(),
  };
}

/** Progress of `simulate` on stderr: a live line on a terminal, a line a report in a pipe or CI. */
export function simulationProgressReporter(io: CliIo, quiet: boolean): { readonly onProgress: (progress: SimulationProgress) => void; finish(): void } {
  const line = new StatusLine(io);
  let lastSeconds = 0;
  let lastBehaviours = 0;
  return {
    onProgress(p) {
      if (quiet) return;
      const perSecond = Math.round((p.behaviours - lastBehaviours) / Math.max(p.seconds - lastSeconds, 1e-9));
      lastSeconds = p.seconds;
      lastBehaviours = p.behaviours;
      line.show(
        `${counted(p.behaviours, 'behaviour')} · ${counted(p.states, 'state')} · ${count(perSecond)} behaviours/s · ${p.seconds.toFixed(0)} s`,
        `Progress at ${timestamp()}: ${counted(p.behaviours, 'behaviour')} sampled (${count(perSecond)}/s), ${counted(p.states, 'state')} visited.`,
      );
    },
    finish: () => line.finish(),
  };
}
