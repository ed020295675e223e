import type { Bound, Stats } from '../../checker/index.js';

/** A count with thousands separators, as TLC's progress lines print them. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** A count and its noun, singular for one: `1 state`, `1,024 states`, `1 distinct state`. */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${count(n)} ${n === 1 ? noun : plural}`;
}

/** Distinct states per second, over the whole run. */
export function statesPerSecond(stats: Stats): number {
  return stats.seconds > 0 ? Math.round(stats.distinct / stats.seconds) : stats.distinct;
}

/** The statistics line of a run: distinct, generated, depth, time, rate, and the threads that expanded states when more than one did. */
export function statsLine(stats: Stats): string {
  return (
    `${counted(stats.distinct, 'distinct state')}, ${count(stats.generated)} generated, depth ${stats.depth}` +
    `${stats.queue > 0 ? `, ${count(stats.queue)} left on queue` : ''}; ` +
    `${stats.seconds.toFixed(2)} s (${count(statesPerSecond(stats))} states/s)` +
    `${stats.workers > 1 ? ` on ${stats.workers} workers` : ''}`
  );
}

/** TLC's estimate of the chance that a fingerprint collision hid a state, in TLC's notation. */
export function collisionLine(stats: Stats): string {
  if (stats.exact) return 'exact: states compared by value, no fingerprint collision possible';
  return `fingerprint collision probability (optimistic, as TLC): ${stats.collisionProbability.toExponential(1).toUpperCase()}`;
}

const BOUND_TEXT = {
  maxStates: 'the --max-states bound',
  maxDepth: 'the --max-depth bound',
  timeLimit: 'the --time-limit bound',
  maxMemory: 'the --max-memory bound',
  interrupted: 'an interrupt',
  ioError: 'an I/O error',
} as const;

/**
 * The sentence every report of a check uses for the bound that stopped it (text and HTML alike);
 * `terminated` tells an interrupt by SIGTERM from one by SIGINT.
 */
export function stoppedByText(bound: Bound, terminated = false): string {
  const by = bound === 'interrupted' && terminated ? 'SIGTERM' : BOUND_TEXT[bound];
  return `Stopped by ${by} before the whole state space was explored.`;
}
