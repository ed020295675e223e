/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The median, least and greatest of `values`, and the values themselves, as the results file keeps a measurement. */
export function spread(values: readonly number[]): { median: number; min: number; max: number; runs: readonly number[] } {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), runs: values };
}
