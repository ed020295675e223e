import { parseArgs } from 'node:util';
import { integer } from '../cli/parse.js';

/** What `npm run bench` was asked for. */
export interface BenchOptions {
  readonly out: string | undefined;
  readonly only: string | undefined;
  readonly runs: number | undefined;
  readonly workers: readonly number[];
  readonly help: boolean;
}

export const BENCH_USAGE = `usage: npm run bench -- [--only <name>] [--runs <n>] [--workers <n,n,...>] [--out <file>]
  --only <name>        only the configuration so named, or else those whose name holds <name> (for instance "3/2/2")
  --runs <n>           runs of each configuration and worker count (default: the configuration's own)
  --workers <n,n,...>  the worker counts to run and compare, in turn (default: 1); with 1 first, each round
                       also runs n one-worker processes side by side: the ceiling the parallel efficiency is judged by
  --out <file>         where the JSON results go (default: bench/results.json)
environment:
  TLC_JAR=<tla2tools.jar>  also run TLC (java on PATH) on each configuration that has a TLA+ counterpart, right after
                           pika-mc in each round with the same worker count; print its counts, times, peak RSS and
                           TLC's time over pika-mc's
  TLC_MODEL=<file.tla>     the TLA+ model of the Pika configurations (PikaReplication.tla), needed with TLC_JAR`;

/** A bench argument that is not allowed, with what is. */
export class BenchUsageError extends Error {}

const atLeastOne = integer(1);

/** A count given to `flag`, read as the CLI reads its counts. */
function count(flag: string, text: string): number {
  try {
    return atLeastOne(text);
  } catch (cause) {
    throw new BenchUsageError(`${flag} '${text}' is not allowed: it ${(cause as Error).message.replace(/\.$/, '')}`);
  }
}

/** Reads the bench's arguments, refusing an unknown flag, a missing value or a count that is not a whole number. */
export function parseBenchOptions(args: readonly string[]): BenchOptions {
  let values: { [name: string]: string | boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        out: { type: 'string' },
        only: { type: 'string' },
        runs: { type: 'string' },
        workers: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (cause) {
    throw new BenchUsageError((cause as Error).message.split('\n')[0] as string);
  }
  const workers = typeof values['workers'] === 'string' ? values['workers'].split(',').map((w) => count('--workers', w)) : [1];
  return {
    out: values['out'] as string | undefined,
    only: values['only'] as string | undefined,
    runs: typeof values['runs'] === 'string' ? count('--runs', values['runs']) : undefined,
    workers,
    help: values['help'] === true,
  };
}
