import { median, spread } from './stats.js';
import type { TlcSample } from './tlc.js';

/** The distinct / generated / depth a row must give. */
export interface Counts {
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
}

/** What the bench prints and records of TLC's runs of one row with one worker count. */
export interface TlcReport {
  /** The row printed under pika-mc's, in the same columns, with the ratio of times at its end. */
  readonly line: string;
  /** The `tlc` field of the row's entry in the results file. */
  readonly entry: { readonly [key: string]: unknown };
  /** TLC ended without "No error has been found" and its figures. */
  readonly failed: boolean;
  /** TLC's figures differ from the expected ones. */
  readonly wrong: boolean;
}

const LABEL = '  TLC';

/**
 * TLC's runs of a row with `workers` threads, against pika-mc's runs of the same rounds
 * (`pikaSeconds[r]` beside `runs[r]`): TLC's counts checked against `expected`, its median time and
 * range, peak RSS, and TLC's time over pika-mc's, by medians and round by round. A run that failed
 * (it is the last one: the bench runs TLC no more on that row) makes the whole report a failure.
 */
export function tlcReport(workers: number, runs: readonly TlcSample[], pikaSeconds: readonly number[], expected: Counts, expectedFrom: string): TlcReport {
  const failure = runs.find((run) => run.outcome.status === 'failed')?.outcome;
  if (failure?.status === 'failed' || runs.length === 0) {
    const problem = failure?.status === 'failed' ? failure.problem : 'no run';
    return { line: `${LABEL.padEnd(28)}${String(workers).padStart(7)}  TLC failed: ${problem}`, entry: { workers, failed: problem }, failed: true, wrong: false };
  }
  const counts = runs.map((run) => run.outcome as Counts);
  const first = counts[0] as Counts;
  const ok = counts.every((c) => c.distinct === expected.distinct && c.generated === expected.generated && c.depth === expected.depth);
  const seconds = runs.map((run) => run.seconds);
  const med = median(seconds);
  const rssKnown = runs.map((run) => run.maxRssBytes).filter((rss): rss is number => rss !== undefined);
  const rss = rssKnown.length === runs.length ? Math.max(...rssKnown) : undefined;
  const byMedians = med / median(pikaSeconds.slice(0, runs.length));
  const byRounds = seconds.map((s, round) => s / (pikaSeconds[round] as number));
  const line =
    `${LABEL.padEnd(28)}${String(workers).padStart(7)}  ${String(first.distinct).padStart(9)}  ${String(first.generated).padStart(11)}  ${String(first.depth).padStart(5)}  ` +
    `${med.toFixed(2).padStart(7)} [${Math.min(...seconds).toFixed(2)}–${Math.max(...seconds).toFixed(2)}]`.padEnd(29) +
    `${String(Math.round(first.distinct / med)).padStart(11)}  ${rss === undefined ? '     ?' : (rss / 2 ** 20).toFixed(0).padStart(6)} MB` +
    `   TLC time / pika-mc time ${byMedians.toFixed(2)}× by medians, ${median(byRounds).toFixed(2)}× [${Math.min(...byRounds).toFixed(2)}–${Math.max(...byRounds).toFixed(2)}] by rounds` +
    (ok ? '' : `   WRONG COUNTS (${expectedFrom}: ${JSON.stringify(expected)}; TLC: ${JSON.stringify(counts)})`);
  return {
    line,
    entry: {
      workers,
      distinct: first.distinct,
      generated: first.generated,
      depth: first.depth,
      countsMatchExpected: ok,
      seconds: spread(seconds),
      processSeconds: spread(runs.map((run) => run.processSeconds)),
      peakRssBytes: rss ?? null,
      timeRatio: { byMedians, byRounds: spread(byRounds) },
    },
    failed: false,
    wrong: !ok,
  };
}
