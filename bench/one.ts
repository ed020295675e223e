import { checkModel, compile } from '../checker/index.js';
import type { Constants } from '../checker/index.js';
import { models } from '../spec/pika/index.js';
import readersWriters from '../spec/conformance/readersWriters.js';
import type { BenchConfig } from './configs.js';

/** Runs one configuration once, in this process, and prints its figures as one JSON line. */
function main(): void {
  const config = JSON.parse(process.argv[2] as string) as BenchConfig & { workers: number };
  const spec = config.model === 'readers-writers' ? readersWriters : models[config.model].spec;
  const model = compile(spec as never, config.constants as Partial<Constants>);
  const started = performance.now();
  const result = checkModel(model, { ...(config.symmetry ? { symmetry: true } : {}) });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `${JSON.stringify({
      status: result.status,
      distinct: result.stats.distinct,
      generated: result.stats.generated,
      depth: result.stats.depth,
      seconds,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
      seenBytesPerState: result.stats.seenBytesPerState,
      workers: result.stats.workers,
    })}\n`,
  );
}

main();
