/**
 * What a machine can give to `workers` threads, and how much of it a parallel run takes. On a
 * machine whose cores share caches, memory bandwidth and turbo budget, `workers` independent
 * one-worker processes side by side do not finish `workers` times the work of one: that ratio is
 * the ceiling, and a speedup is judged against it, not against the core count.
 */
export interface Efficiency {
  /** One-worker time over the parallel run's time. */
  readonly speedup: number;
  /** `workers` × the one-worker time over the time `workers` one-worker processes side by side take. */
  readonly ceiling: number;
  /** The speedup as a share of the ceiling: 1 when the parallel run gets all the machine gives. */
  readonly efficiency: number;
}

/**
 * The efficiency of a run on `workers` threads that took `parallelSeconds`, against one worker
 * alone (`oneSeconds`) and `workers` one-worker processes side by side (`sideBySideSeconds`, until
 * the last of them ends), all measured in one round so that a drift of the machine touches them alike.
 */
export function efficiencyOf(workers: number, oneSeconds: number, parallelSeconds: number, sideBySideSeconds: number): Efficiency {
  const speedup = oneSeconds / parallelSeconds;
  const ceiling = (workers * oneSeconds) / sideBySideSeconds;
  return { speedup, ceiling, efficiency: speedup / ceiling };
}
