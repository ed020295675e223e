import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_CONFIGS } from './configs.js';
import { efficiencyOf } from './efficiency.js';
import { BENCH_USAGE, BenchUsageError, parseBenchOptions } from './options.js';
import type { BenchOptions } from './options.js';
import type { BenchConfig } from './configs.js';
import { median } from './stats.js';
import { runTlc, tlcSetupFromEnv } from './tlc.js';
import type { TlcSample, TlcSetup } from './tlc.js';
import { tlaConstantsOf } from './tlcModel.js';
import { tlcReport } from './tlcReport.js';

interface Sample {
  readonly status: string;
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly maxRssBytes: number;
  readonly seenBytesPerState: number;
  readonly workers: number;
}

const here = dirname(fileURLToPath(import.meta.url));

function runOnce(config: BenchConfig, workers: number): Sample {
  const out = execFileSync(process.execPath, ['--max-old-space-size=4096', resolve(here, 'one.js'), JSON.stringify({ ...config, workers })], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim()) as Sample;
}

/** `count` one-worker runs of `config` at once, in separate processes: seconds until the last ends. */
async function runSideBySide(config: BenchConfig, count: number): Promise<number> {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: count }, async () => {
      const child = spawn(process.execPath, ['--max-old-space-size=4096', resolve(here, 'one.js'), JSON.stringify({ ...config, workers: 1 })], { stdio: 'ignore' });
      const code = await new Promise<number | null>((done) => child.on('exit', done));
      if (code !== 0) throw new Error(`a side-by-side run of ${config.name} exited ${code}`);
    }),
  );
  return (performance.now() - started) / 1000;
}

/**
 * The cost of checkpoints: the configuration run in pairs, without checkpoints and then with them
 * (one worker, as checkpoints take), each pair within a minute or two so that a drift in the
 * machine's speed touches both; the ratio of wall times by pairs, and the peak RSS of each.
 */
function checkpointPairs(config: BenchConfig, runs: number): { [key: string]: unknown } {
  const without: Sample[] = [];
  const withCheckpoints: Sample[] = [];
  for (let run = 0; run < runs; run++) {
    without.push(runOnce({ ...config, checkpointEvery: undefined } as BenchConfig, 1));
    withCheckpoints.push(runOnce(config, 1));
  }
  const ok = [...without, ...withCheckpoints].every(
    (s) => config.expected === undefined || (s.distinct === config.expected.distinct && s.generated === config.expected.generated && s.depth === config.expected.depth),
  );
  const ratios = withCheckpoints.map((s, i) => s.seconds / (without[i] as Sample).seconds);
  const describe = (samples: Sample[]): string => {
    const seconds = samples.map((s) => s.seconds);
    const cpu = median(samples.map((s) => s.cpuSeconds));
    return `${median(seconds).toFixed(2)} s [${Math.min(...seconds).toFixed(2)}–${Math.max(...seconds).toFixed(2)}], CPU ${cpu.toFixed(1)} s, peak RSS ${(Math.max(...samples.map((s) => s.maxRssBytes)) / 2 ** 20).toFixed(0)} MB`;
  };
  const first = without[0] as Sample;
  console.log(
    `${config.name.padEnd(28)}${'1'.padStart(7)}  ${String(first.distinct).padStart(9)}  ${String(first.generated).padStart(11)}  ${String(first.depth).padStart(5)}  ` +
      `without checkpoints ${describe(without)}; every ${config.checkpointEvery} s ${describe(withCheckpoints)}` +
      (ok ? '' : `   WRONG COUNTS (expected: ${JSON.stringify(config.expected)})`),
  );
  const cpuRatios = withCheckpoints.map((s, i) => s.cpuSeconds / (without[i] as Sample).cpuSeconds);
  const range = (r: number[]): string => `${median(r).toFixed(2)}× [${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)}]`;
  console.log(`${''.padEnd(28)}with checkpoints, by pairs: wall time ${range(ratios)}, CPU time ${range(cpuRatios)}`);
  const summary = (samples: Sample[]) => ({
    seconds: { median: median(samples.map((s) => s.seconds)), runs: samples.map((s) => s.seconds) },
    cpuSeconds: { median: median(samples.map((s) => s.cpuSeconds)), runs: samples.map((s) => s.cpuSeconds) },
    peakRssBytes: Math.max(...samples.map((s) => s.maxRssBytes)),
  });
  return {
    config: config.name,
    model: config.model,
    constants: config.constants,
    checkpointEvery: config.checkpointEvery,
    workers: 1,
    distinct: first.distinct,
    generated: first.generated,
    depth: first.depth,
    countsMatchExpected: ok,
    withoutCheckpoints: summary(without),
    withCheckpoints: summary(withCheckpoints),
    timeRatioByPairs: { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios), runs: ratios },
    cpuRatioByPairs: { median: median(cpuRatios), min: Math.min(...cpuRatios), max: Math.max(...cpuRatios), runs: cpuRatios },
  };
}

/**
 * `npm run bench` (options: BENCH_USAGE): every configuration, several runs each, with each number
 * of workers; with `tlc`, TLC too on each configuration that has a TLA+ counterpart, in the same rounds.
 */
/** Whether `--only` selects a configuration: the one so named when there is one, else those whose name holds it. */
function selected(name: string, only: string): boolean {
  return BENCH_CONFIGS.some((c) => c.name === only) ? name === only : name.includes(only);
}

async function main(options: BenchOptions, tlc: TlcSetup | undefined): Promise<void> {
  const out = resolve(options.out ?? resolve(here, '../../bench/results.json'));
  const { only, workers: workerCounts } = options;
  const results: unknown[] = [];
  let wrong = 0;
  let tlcFailed = 0;
  let tlcWrong = 0;
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  console.log(`pika-mc benchmark on ${machine}`);
  if (tlc !== undefined) console.log(`beside TLC (${tlc.jar}) on ${tlc.model}`);
  console.log('config                      workers  distinct    generated   depth  seconds (median [min–max])   distinct/s   peak RSS   seen B/state   CPU s');
  for (const config of BENCH_CONFIGS) {
    if (only !== undefined && !selected(config.name, only)) continue;
    const runs = options.runs ?? config.runs;
    if (config.checkpointEvery !== undefined) {
      const entry = checkpointPairs(config, runs);
      if (tlc !== undefined) console.log(`${'  TLC'.padEnd(28)}not run: the row measures the cost of pika-mc's checkpoints`);
      if (!entry.countsMatchExpected) wrong++;
      results.push(entry);
      continue;
    }
    // Runs of each worker count alternate, so that a drift in the machine's speed touches them alike.
    const byWorkers = workerCounts.map((): Sample[] => []);
    // With more than one worker, each round also measures the ceiling: as many one-worker processes side by side.
    const sideBySide = workerCounts.map((): number[] => []);
    // TLC runs right after pika-mc with the same worker count, in each round, until a run of it fails.
    const tla = tlc === undefined ? undefined : tlaConstantsOf(config);
    const tlcRuns = workerCounts.map((): TlcSample[] => []);
    for (let run = 0; run < runs; run++) {
      for (const [i, workers] of workerCounts.entries()) {
        byWorkers[i]?.push(runOnce(config, workers));
        const tlcSoFar = tlcRuns[i] as TlcSample[];
        if (tlc !== undefined && typeof tla === 'object' && !tlcSoFar.some((s) => s.outcome.status === 'failed')) {
          tlcSoFar.push(await runTlc(tlc, tla, config.symmetry ?? false, workers));
        }
        if (workers > 1 && workerCounts[0] === 1) sideBySide[i]?.push(await runSideBySide(config, workers));
      }
    }
    const medians: number[] = [];
    if (typeof tla === 'string') console.log(`${'  TLC'.padEnd(28)}not run: ${tla}`);
    for (const [i, workers] of workerCounts.entries()) {
      const samples = byWorkers[i] as Sample[];
      const first = samples[0] as Sample;
      const seconds = samples.map((s) => s.seconds);
      const med = median(seconds);
      medians.push(med);
      const rss = Math.max(...samples.map((s) => s.maxRssBytes));
      const expectedFrom = config.expectedFrom ?? 'TLC';
      // A run whose levels stay small is checked in one thread whatever the number of workers asked.
      const shownWorkers = first.workers === workers ? String(workers) : `${workers}→${first.workers}`;
      const ok =
        config.expected === undefined ||
        samples.every((s) => s.distinct === config.expected?.distinct && s.generated === config.expected.generated && s.depth === config.expected.depth);
      if (!ok) wrong++;
      console.log(
        `${config.name.padEnd(28)}${shownWorkers.padStart(7)}  ${String(first.distinct).padStart(9)}  ${String(first.generated).padStart(11)}  ${String(first.depth).padStart(5)}  ` +
          `${med.toFixed(2).padStart(7)} [${Math.min(...seconds).toFixed(2)}–${Math.max(...seconds).toFixed(2)}]`.padEnd(29) +
          `${String(Math.round(first.distinct / med)).padStart(11)}  ${(rss / 2 ** 20).toFixed(0).padStart(6)} MB  ${first.seenBytesPerState.toFixed(1).padStart(10)}` +
          `${median(samples.map((s) => s.cpuSeconds)).toFixed(1).padStart(10)}` +
          (ok ? '' : `   WRONG COUNTS (${expectedFrom}: ${JSON.stringify(config.expected)})`),
      );
      let tlcEntry: { readonly [key: string]: unknown } | undefined;
      if (typeof tla === 'object') {
        const reference = config.expected ?? { distinct: first.distinct, generated: first.generated, depth: first.depth };
        const report = tlcReport(workers, tlcRuns[i] as TlcSample[], seconds, reference, config.expected === undefined ? "pika-mc's" : expectedFrom);
        console.log(report.line);
        if (report.failed) tlcFailed++;
        if (report.wrong) tlcWrong++;
        tlcEntry = report.entry;
      }
      results.push({
        config: config.name,
        model: config.model,
        constants: config.constants,
        symmetry: config.symmetry ?? false,
        workers,
        workersUsed: first.workers,
        distinct: first.distinct,
        generated: first.generated,
        depth: first.depth,
        countsMatchExpected: ok,
        expectedFrom,
        cpuSeconds: median(samples.map((s) => s.cpuSeconds)),
        seconds: { median: med, min: Math.min(...seconds), max: Math.max(...seconds), runs: seconds },
        distinctPerSecond: Math.round(first.distinct / med),
        peakRssBytes: rss,
        seenBytesPerState: first.seenBytesPerState,
        ...(tlcEntry !== undefined ? { tlc: tlcEntry } : {}),
      });
    }
    if (workerCounts.length > 1) {
      const base = medians[0] as number;
      const speedups = workerCounts.slice(1).map((w, i) => `${w} workers ${(base / (medians[i + 1] as number)).toFixed(2)}×`);
      console.log(`${''.padEnd(28)}throughput against ${workerCounts[0]} worker(s), by medians: ${speedups.join(', ')}`);
      // Each run of a worker count against the run of the first count just before it: the machine's
      // speed drifts within minutes, and a pair is taken within one.
      const paired = workerCounts.slice(1).map((w, i) => {
        const first = byWorkers[0] as Sample[];
        const ratios = (byWorkers[i + 1] as Sample[]).map((s, run) => (first[run] as Sample).seconds / s.seconds);
        const entry = results[results.length - workerCounts.length + i + 1] as { pairedSpeedup?: unknown };
        entry.pairedSpeedup = { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios), runs: ratios };
        return `${w} workers ${median(ratios).toFixed(2)}× [${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}]`;
      });
      console.log(`${''.padEnd(28)}by pairs of runs (each against the run just before it): ${paired.join(', ')}`);
      if (workerCounts[0] === 1) {
        const shown = workerCounts.slice(1).map((w, i) => {
          const one = byWorkers[0] as Sample[];
          const rounds = (byWorkers[i + 1] as Sample[]).map((s, run) => efficiencyOf(w, (one[run] as Sample).seconds, s.seconds, (sideBySide[i + 1] as number[])[run] as number));
          const entry = results[results.length - workerCounts.length + i + 1] as { efficiency?: unknown };
          const of = (pick: (e: (typeof rounds)[number]) => number) => median(rounds.map(pick));
          entry.efficiency = { median: of((e) => e.efficiency), ceiling: of((e) => e.ceiling), speedup: of((e) => e.speedup), runs: rounds };
          return `${w} workers: ceiling ${of((e) => e.ceiling).toFixed(2)}× (${w} one-worker processes side by side), speedup ${of((e) => e.speedup).toFixed(2)}×, efficiency ${of((e) => e.efficiency).toFixed(2)}`;
        });
        console.log(`${''.padEnd(28)}parallel efficiency, by rounds: ${shown.join('; ')}`);
      }
    }
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ machine, date: new Date().toISOString(), results }, null, 2)}\n`);
  console.log(`results written to ${out}`);
  if (wrong > 0) {
    console.error(`${wrong} configuration(s) gave counts that differ from the expected ones`);
    process.exitCode = 1;
  }
  if (tlcWrong > 0) {
    console.error(`TLC gave counts that differ from the expected ones on ${tlcWrong} configuration(s)`);
    process.exitCode = 1;
  }
  if (tlcFailed > 0) {
    console.error(`TLC failed on ${tlcFailed} configuration(s): see the TLC rows above`);
    process.exitCode = 1;
  }
}

try {
  const options = parseBenchOptions(process.argv.slice(2));
  const tlc = options.help ? undefined : tlcSetupFromEnv(process.env);
  if (options.help) console.log(BENCH_USAGE);
  else if (options.only !== undefined && !BENCH_CONFIGS.some((c) => c.name.includes(options.only as string))) {
    throw new BenchUsageError(`--only '${options.only}' names no configuration; there are: ${BENCH_CONFIGS.map((c) => c.name).join(', ')}`);
  } else await main(options, tlc);
} catch (cause) {
  if (!(cause instanceof BenchUsageError)) throw cause;
  console.error(`error: ${cause.message} (npm run bench -- --help)`);
  process.exitCode = 2;
}
