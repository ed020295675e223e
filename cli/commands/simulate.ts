import { InvalidArgumentError, Option } from 'commander';
import type { Command } from 'commander';
import { simulate, UsageError } from '../../checker/index.js';
import type { SimulationResult, State } from '../../checker/index.js';
import { MAX_WORKERS } from '../../checker/explore/plan.js';
import { refusedSimulation } from '../../checker/simulate/plan.js';
import { ExitCode } from '../exitCodes.js';
import type { CliIo } from '../io.js';
import { paletteFor } from '../io.js';
import { refuseCombination, SIMULATE_FLAGS } from '../optionFlags.js';
import { collect, integer, positiveNumber, shellWord } from '../parse.js';
import { simulateJson } from '../render/simulateJson.js';
import { renderSimulateText } from '../render/simulateText.js';
import { addSpecSourceOptions } from '../specOptions.js';
import { simulationProgressReporter } from '../progress.js';
import { resolveRunTarget } from '../target.js';
import type { SpecChoice, SpecOptions } from '../target.js';
import type { SpecFlag } from '../specFlags.js';
import { runStart, stoppedBySignal, workerOptions } from './check.js';

/** The options of `pika-mc simulate`, as commander parses them. */
export interface SimulateCommandOptions extends SpecOptions {
  readonly invariant?: readonly string[];
  readonly depth: number;
  readonly runs?: number;
  readonly timeLimit?: number;
  readonly seed?: string;
  readonly run?: number;
  readonly weights?: { readonly [action: string]: number };
  readonly shrink: boolean;
  readonly deadlock?: boolean;
  readonly workers?: number;
  readonly format: 'text' | 'json';
  readonly color: boolean;
  readonly fullStates: boolean;
  readonly quiet: boolean;
}

/** Parses `--weights Action=w,...`: action names with non-negative weights. */
export function parseWeights(value: string): { [action: string]: number } {
  const weights: { [action: string]: number } = {};
  for (const part of value.split(',')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*([^\s]+)\s*$/.exec(part);
    const weight = match ? Number(match[2]) : NaN;
    if (!match || !Number.isFinite(weight) || weight < 0) {
      throw new InvalidArgumentError('must be Action=weight pairs separated by commas, each weight a number ≥ 0 (e.g. BgsaveLock=0.1,DoBinlog=2).');
    }
    weights[match[1] as string] = weight;
  }
  return weights;
}

function seedArgument(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('must not be empty.');
  return value;
}

/** Adds the options of `simulate` (the spec's flags are added after them). */
export function addSimulateOptions(command: Command): Command {
  return addSpecSourceOptions(command)
    .option('--invariant <name>', 'check this invariant (repeatable; default: all)', collect)
    .option('--depth <n>', 'states per behaviour at most, the initial one included', integer(1), 100)
    .option('--runs <n>', 'behaviours to sample (default: 10000, or no limit with only --time-limit)', integer(1))
    .option('--time-limit <seconds>', 'stop sampling, and shrinking, after this many seconds', positiveNumber)
    .option('--seed <seed>', 'fix every random choice; a report prints the seed and run that replay it (default: a fresh seed)', seedArgument)
    .option('--run <i>', 'sample only run i of the seed (with --runs, from run i on): replays a reported behaviour; needs --seed', integer(0))
    .option('--weights <Action=w,...>', 'choose among enabled instances in proportion to their action\'s weight (default: uniformly)', parseWeights)
    .option('--no-shrink', 'report the violating behaviour as sampled, without shrinking it')
    .option('--deadlock', "report a behaviour that reaches a state with no successor (not terminal) as a deadlock (default: the spec's `deadlock`, else on)")
    .option('--no-deadlock', 'do not report states with no successor as deadlocks')
    .option('--workers <n>', `worker threads that sample (every n-th run each), 1 to ${MAX_WORKERS}; the same seed gives the same result with any number (default: the number of cores)`, integer(1, MAX_WORKERS))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--no-color', 'no colour, even on a terminal (NO_COLOR is honoured too)')
    .option('--full-states', 'print every variable of every trace state, not only the changed ones', false)
    .option('--quiet', 'no progress lines on stderr', false);
}

/** The command line that samples run `run` of `seed` again, with the same model, invariants and choices. */
export function replayCommand(options: SimulateCommandOptions, seed: string, run: number, flags: readonly SpecFlag[] = []): string {
  const words = ['pika-mc', 'simulate'];
  if (options.spec !== undefined) words.push('--spec', options.spec);
  if (options.model !== undefined) words.push('--model', options.model);
  if (options.scenario !== undefined) words.push('--scenario', options.scenario);
  if (options.constants !== undefined) words.push('--constants', options.constants);
  for (const pair of options.const ?? []) words.push('--const', pair);
  for (const f of flags) {
    const value = (options as unknown as Record<string, unknown>)[f.attribute];
    if (value !== undefined) words.push(`--${f.flag}`, Array.isArray(value) ? value.join(',') : String(value));
  }
  for (const name of options.invariant ?? []) words.push('--invariant', name);
  if (options.depth !== 100) words.push('--depth', String(options.depth));
  if (options.weights) words.push('--weights', Object.entries(options.weights).map(([name, w]) => `${name}=${w}`).join(','));
  if (options.deadlock !== undefined) words.push(options.deadlock ? '--deadlock' : '--no-deadlock');
  words.push('--seed', seed, '--run', String(run));
  return words.map(shellWord).join(' ');
}

/** Exit code of a simulation: 12 on a violation, 0 when nothing was found (which proves nothing). */
export function simulateExitCode(result: SimulationResult<State>): ExitCode {
  if (result.status === 'error') return ExitCode.SpecError;
  if (result.status === 'violation') return ExitCode.Violation;
  if (result.status === 'deadlock') return ExitCode.Deadlock;
  if (result.stopped === 'interrupted') return ExitCode.Interrupted;
  return ExitCode.Ok;
}

/** Runs `pika-mc simulate`: random behaviours, invariants on every state, shrunk traces; returns the exit code. */
export async function runSimulate(options: SimulateCommandOptions, io: CliIo, signal?: AbortSignal, choice?: SpecChoice): Promise<ExitCode> {
  if (options.run !== undefined && options.seed === undefined) {
    throw new UsageError(`option '--run ${options.run}' replays a run of a seed: give the --seed the simulation printed with it`);
  }
  const target = await resolveRunTarget(options, io, choice);
  io.watcher?.started(runStart('simulate', options, target));
  const runs = options.runs ?? (options.run !== undefined ? 1 : options.timeLimit !== undefined ? Infinity : 10_000);
  const workers = workerOptions(options.workers, target);
  refuseCombination(refusedSimulation(workers), (option) => SIMULATE_FLAGS[option]);
  const progress = simulationProgressReporter(io, options.quiet);
  const result = await simulate(target.model, {
    onProgress: progress.onProgress,
    progressInterval: 3,
    ...(options.invariant ? { invariants: options.invariant } : {}),
    depth: options.depth,
    ...(Number.isFinite(runs) ? { runs } : {}),
    ...(options.timeLimit !== undefined ? { timeLimit: options.timeLimit } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.run !== undefined ? { firstRun: options.run } : {}),
    ...(options.weights ? { weights: options.weights } : {}),
    shrink: options.shrink,
    ...(options.deadlock !== undefined ? { deadlock: options.deadlock } : {}),
    ...(signal ? { signal } : {}),
    ...workers,
  });
  progress.finish();
  const code = stoppedBySignal(simulateExitCode(result), signal);
  const replay = (run: number): string => replayCommand(options, result.seed, run, choice?.flags);
  if (options.format === 'json') {
    const runs = [...result.invariants.flatMap((v) => (v.run !== undefined ? [v.run] : [])), ...(result.deadlock ? [result.deadlock.run] : [])];
    const first = result.status === 'error' ? result.run : runs.length > 0 ? Math.min(...runs) : undefined;
    const json = simulateJson(result, target.model, {
      model: target.info.modelName,
      ...(target.info.module !== undefined ? { module: target.info.module } : {}),
      exitCode: code,
      ...(first !== undefined ? { replay: replay(first) } : {}),
    });
    io.out(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    io.out(
      renderSimulateText(result, {
        model: target.model,
        title: target.title,
        variant: target.variant,
        palette: paletteFor(io, options.color),
        fullStates: options.fullStates,
        ...(target.explain ? { explain: target.explain } : {}),
        replay,
        runs,
        terminated: signal?.reason === 'SIGTERM',
      }),
    );
  }
  return code;
}
