import type { Command } from 'commander';
import { ExitCode } from '../exitCodes.js';
import { startExplorer } from '../explore/server.js';
import type { CliIo } from '../io.js';
import { integer } from '../parse.js';
import { lanesFor } from '../render/html/lanes.js';
import { addSpecSourceOptions } from '../specOptions.js';
import { resolveRunTarget } from '../target.js';
import type { SpecChoice, SpecOptions } from '../target.js';
import { stoppedBySignal } from './check.js';

/** The options of `pika-mc explore`: a model as `check` takes it, and the port. */
export interface ExploreCommandOptions extends SpecOptions {
  readonly port: number;
}

/**
 * Runs `pika-mc explore`: serves the explorer on 127.0.0.1 until the run is stopped (Ctrl-C or
 * SIGTERM abort `signal`), then closes the server and every connection, and returns 130 or 143.
 */
export async function runExplore(options: ExploreCommandOptions, io: CliIo, signal?: AbortSignal, choice?: SpecChoice): Promise<ExitCode> {
  const target = await resolveRunTarget(options, io, choice);
  const stop = new AbortController();
  const explorer = await startExplorer(
    {
      model: target.model,
      participants: lanesFor(target.model, target.spec),
      title: target.title,
      variant: target.variant,
      ...(target.explain ? { explain: target.explain } : {}),
    },
    options.port,
    stop.signal,
  );
  io.out(`pika-mc explore: ${target.model.name} at ${explorer.url} (Ctrl-C stops it)\n`);
  await new Promise<void>((resolve) => {
    if (signal?.aborted) resolve();
    signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  stop.abort();
  await explorer.close();
  io.err('pika-mc explore: stopped\n');
  return stoppedBySignal(ExitCode.Interrupted, signal);
}

/** Adds `pika-mc explore`. */
export function addExploreCommand(
  program: Command,
  addSpecFlags: (command: Command) => SpecChoice,
  io: CliIo,
  run: { code: ExitCode },
  signal?: AbortSignal,
): void {
  const command = program
    .command('explore')
    .description('walk the state space by hand in the browser: a local page (127.0.0.1 only) with the enabled actions, the path as a sequence diagram, invariants and the shortest violations');
  addSpecSourceOptions(command).option('--port <n>', 'the port to listen on, on 127.0.0.1 (default: a free one, printed on start)', integer(0, 65535), 0);
  const choice = addSpecFlags(command);
  command.action(async (options: ExploreCommandOptions) => {
    run.code = await runExplore(options, io, signal, choice);
  });
}
