import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, simulate, simulateSync } from '../checker/index.js';
import type { Model, State } from '../checker/index.js';
import replication from '../spec/pika/replication.js';
import CounterSpec from './counterSpec.js';

const here = dirname(fileURLToPath(import.meta.url));
const SCA = 'SnapshotCoversApplied';
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const RATE_SECONDS = 3;
/** Seconds of each run with worker threads: long enough that their start (about half a second) weighs little. */
const WORKER_SECONDS = 8;
/** The modules worker threads load the specs from. */
const SOURCES = {
  counter: { module: new URL('./counterSpec.js', import.meta.url).href },
  pika: { module: new URL('../spec/pika/replication.js', import.meta.url).href },
};

const pika = (clients: number, keys: number, ops: number, lockScope: string): Model<State> =>
  compile(replication, { clients, keys, ops, lockScope }) as unknown as Model<State>;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Time to the first violation of SnapshotCoversApplied, per seed: sampling, then shrinking. */
function firstViolation(name: string, model: Model<State>) {
  const samples = SEEDS.map((seed) => {
    const result = simulateSync(model, { invariants: [SCA], seed, timeLimit: 60 });
    const verdict = result.invariants[0];
    return {
      seed,
      found: verdict?.verdict === 'violated',
      behaviours: result.stats.behaviours,
      seconds: result.stats.seconds,
      shrinkSeconds: result.stats.shrinkSeconds,
      originalLength: verdict?.originalTrace?.length ?? null,
      shrunkLength: verdict?.trace?.length ?? null,
    };
  });
  const seconds = samples.map((s) => s.seconds);
  const shrink = samples.map((s) => s.shrinkSeconds);
  const row = {
    config: name,
    found: `${samples.filter((s) => s.found).length}/${samples.length}`,
    behavioursToFirst: median(samples.map((s) => s.behaviours)),
    secondsToFirst: { median: median(seconds), min: Math.min(...seconds), max: Math.max(...seconds) },
    shrinkSeconds: { median: median(shrink), max: Math.max(...shrink) },
    originalLength: { median: median(samples.map((s) => s.originalLength ?? 0)), max: Math.max(...samples.map((s) => s.originalLength ?? 0)) },
    shrunkLength: { min: Math.min(...samples.map((s) => s.shrunkLength ?? Infinity)), max: Math.max(...samples.map((s) => s.shrunkLength ?? 0)) },
    samples,
  };
  console.log(
    `${name.padEnd(26)}${row.found.padStart(6)}  ${String(row.behavioursToFirst).padStart(9)}  ` +
      `${(row.secondsToFirst.median * 1000).toFixed(1).padStart(9)} ms [${(row.secondsToFirst.min * 1000).toFixed(1)}–${(row.secondsToFirst.max * 1000).toFixed(1)}]`.padEnd(34) +
      `${(row.shrinkSeconds.median * 1000).toFixed(1).padStart(8)} ms  ${String(row.originalLength.median).padStart(6)} → ${row.shrunkLength.min}–${row.shrunkLength.max}`,
  );
  return row;
}

/** Behaviours per second over a fixed time, on a variant where nothing is found (so sampling never stops early). */
function rate(name: string, model: Model<State>, depth: number) {
  const result = simulateSync(model, { seed: 1, timeLimit: RATE_SECONDS, depth, shrink: false });
  const { behaviours, states, seconds } = result.stats;
  const row = {
    config: name,
    depth,
    status: result.status,
    behaviours,
    seconds,
    behavioursPerSecond: Math.round(behaviours / seconds),
    meanLength: states / behaviours,
    statesPerSecond: Math.round(states / seconds),
  };
  console.log(
    `${name.padEnd(34)}${String(depth).padStart(6)}  ${String(row.behavioursPerSecond).padStart(12)}  ${row.meanLength.toFixed(1).padStart(11)}  ${String(row.statesPerSecond).padStart(10)}` +
      (result.status === 'not found' ? '' : `   (${result.status})`),
  );
  return row;
}

/** Behaviours per second in 1 and 2 worker threads (through simulate, as the CLI runs), on a variant where nothing is found. */
async function workerRates(name: string, model: Model<State>, source: { module: string }, depth: number) {
  const row: { config: string; depth: number; [workers: string]: unknown } = { config: name, depth };
  const cells: string[] = [];
  for (const workers of [1, 2]) {
    const result = await simulate(model, { seed: 1, timeLimit: WORKER_SECONDS, depth, shrink: false, workers, source });
    const { behaviours, seconds } = result.stats;
    const perSecond = Math.round(behaviours / seconds);
    row[`workers${workers}`] = { behaviours, seconds, behavioursPerSecond: perSecond, threads: result.stats.workers, status: result.status };
    cells.push(String(perSecond).padStart(14));
  }
  const one = (row['workers1'] as { behavioursPerSecond: number }).behavioursPerSecond;
  const two = (row['workers2'] as { behavioursPerSecond: number }).behavioursPerSecond;
  row['speedup'] = two / one;
  console.log(`${name.padEnd(34)}${String(depth).padStart(6)}${cells.join('')}  ${(two / one).toFixed(2).padStart(8)}×`);
  return row;
}

/** `node dist/bench/simulate.js [--out file]`: time to the first violation and behaviours per second. */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out');
  const out = resolve(at >= 0 && args[at + 1] ? (args[at + 1] as string) : resolve(here, '../../bench/simulate-results.json'));
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  console.log(`pika-mc simulation benchmark on ${machine}; one thread, then worker threads`);
  // Warm the JIT up so that the first configuration is not measured cold.
  simulateSync(pika(3, 2, 2, 'command+binlog'), { seed: 'warm-up', timeLimit: 1, shrink: false });

  console.log(`\nTime to the first violation of ${SCA}, lock scope command, ${SEEDS.length} seeds (median [min–max]):`);
  console.log('config                     found  behaviours  sampling                          shrinking  length (original → shrunk)');
  const violations = [
    firstViolation('Pika 2/1/1 command', pika(2, 1, 1, 'command')),
    firstViolation('Pika 3/2/2 command', pika(3, 2, 2, 'command')),
    firstViolation('Pika 5/2/3 command', pika(5, 2, 3, 'command')),
  ];

  console.log(`\nBehaviours per second (${RATE_SECONDS} s each, every invariant checked on every state):`);
  console.log('config                             depth  behaviours/s  mean length    states/s');
  const rates = [
    rate('Counter N=10 (TLC: ~25k/s, ~24 st.)', compile(CounterSpec) as unknown as Model<State>, 25),
    rate('Pika 2/1/1 command+binlog', pika(2, 1, 1, 'command+binlog'), 100),
    rate('Pika 3/2/2 command+binlog', pika(3, 2, 2, 'command+binlog'), 100),
    rate('Pika 5/2/3 command+binlog', pika(5, 2, 3, 'command+binlog'), 100),
  ];

  console.log(`\nBehaviours per second with worker threads (${WORKER_SECONDS} s each, --workers 1 then 2; ${cpus().length} cores):`);
  console.log('config                             depth     1 worker     2 workers   speedup');
  const workers = [
    await workerRates('Counter N=10', compile(CounterSpec) as unknown as Model<State>, SOURCES.counter, 25),
    await workerRates('Pika 3/2/2 command+binlog', pika(3, 2, 2, 'command+binlog'), SOURCES.pika, 100),
    await workerRates('Pika 5/2/3 command+binlog', pika(5, 2, 3, 'command+binlog'), SOURCES.pika, 100),
  ];

  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ machine, date: new Date().toISOString(), seeds: SEEDS, violations, rates, workers }, null, 2)}\n`);
  console.log(`\nresults written to ${out}`);
}

await main();
