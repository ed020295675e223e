import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, compile } from '../checker/index.js';
import type { Constants } from '../checker/index.js';
import { models } from '../spec/pika/index.js';
import readersWriters from '../spec/conformance/readersWriters.js';
import twoPhase from '../spec/conformance/twoPhase.js';
import type { BenchConfig } from './configs.js';

/** The module each benchmark model comes from, for worker threads to load it. */
const SOURCES: { readonly [model in BenchConfig['model']]: URL } = {
  replication: new URL('../spec/pika/replication.js', import.meta.url),
  'slave-bgsave': new URL('../spec/pika/slaveBgsave.js', import.meta.url),
  'readers-writers': new URL('../spec/conformance/readersWriters.js', import.meta.url),
  'two-phase': new URL('../spec/conformance/twoPhase.js', import.meta.url),
};

const CONFORMANCE = { 'readers-writers': readersWriters, 'two-phase': twoPhase } as const;

/** Runs one configuration once, in this process (with `workers` worker threads), and prints its figures as one JSON line. */
async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] as string) as BenchConfig & { workers: number };
  const spec = config.model === 'readers-writers' || config.model === 'two-phase' ? CONFORMANCE[config.model] : models[config.model].spec;
  const model = compile(spec as never, config.constants as Partial<Constants>);
  const checkpoint = config.checkpointEvery !== undefined ? mkdtempSync(join(tmpdir(), 'pika-mc-bench-')) : undefined;
  const spill = config.spillMaxMemory !== undefined ? mkdtempSync(join(tmpdir(), 'pika-mc-bench-spill-')) : undefined;
  const started = performance.now();
  const result = await check(model, {
    ...(config.symmetry ? { symmetry: true } : {}),
    workers: spill !== undefined ? 1 : config.workers,
    source: { module: SOURCES[config.model].href },
    ...(checkpoint !== undefined ? { checkpoint, checkpointEvery: config.checkpointEvery } : {}),
    ...(spill !== undefined ? { spill, maxMemory: config.spillMaxMemory } : {}),
  });
  const seconds = (performance.now() - started) / 1000;
  if (checkpoint !== undefined) rmSync(checkpoint, { recursive: true, force: true });
  if (spill !== undefined) rmSync(spill, { recursive: true, force: true });
  const usage = process.resourceUsage();
  process.stdout.write(
    `${JSON.stringify({
      status: result.status,
      distinct: result.stats.distinct,
      generated: result.stats.generated,
      depth: result.stats.depth,
      seconds,
      cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
      maxRssBytes: usage.maxRSS * 1024,
      seenBytesPerState: result.stats.seenBytesPerState,
      workers: result.stats.workers,
    })}\n`,
  );
}

await main();
