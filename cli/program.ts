import { Command, CommanderError, Option } from 'commander';
import { InternalError, SpecBuildError, SpecEvaluationError, SpecExitError, UsageError } from '../checker/index.js';
import { firstLine, unexpectedFault } from './faults.js';
import { MAX_WORKERS } from '../checker/explore/plan.js';
import { runCheck } from './commands/check.js';
import type { CheckCommandOptions } from './commands/check.js';
import { runVariants } from './commands/variants.js';
import { runCi } from './commands/ci.js';
import type { CiCommandOptions } from './commands/ci.js';
import { runScenarios } from './commands/scenarios.js';
import { runReport } from './commands/report.js';
import type { ReportCommandOptions } from './commands/report.js';
import { addSimulateOptions, runSimulate } from './commands/simulate.js';
import type { SimulateCommandOptions } from './commands/simulate.js';
import { ExitCode } from './exitCodes.js';
import type { CliIo } from './io.js';
import { collect, integer, positiveNumber } from './parse.js';
import { FORMATS } from './output.js';
import { addReplayCommand } from './commands/replay.js';
import { addExploreCommand } from './commands/explore.js';
import { addSpecOptions } from './specOptions.js';
import { defaultModel } from './registry.js';
import { addSpecFlags, refuseForeignFlags, refuseRepeatedFlags, runLimitFor, specSourceFor } from './specFlags.js';
import type { SpecSource } from './specFlags.js';
import type { SpecChoice } from './target.js';

/** Reading of the package version, given by the entry point. */
export interface ProgramContext {
  readonly io: CliIo;
  readonly version: string;
  readonly signal?: AbortSignal;
}

/** The result of running the CLI once: the exit code. */
export interface ProgramRun {
  code: ExitCode;
}

const COUNT = integer(1);
const COUNT0 = integer(0);

/** Adds the options every checking command shares (bounds, output). */
function addRunOptions(command: Command): Command {
  return command
    .option('--invariant <name>', 'check this invariant (repeatable; default: all)', collect)
    .option('--reachable <name>', "check this reachability property of the spec: a state some behaviour must reach (repeatable; default: all)", collect)
    .option('--continue', 'go on exploring after violations until the whole space is explored: a shortest trace per invariant and the figures of the whole space', false)
    .option('--stop-at-first', 'stop at the first violation or deadlock, as TLC does without -continue (default: go on until each invariant has its shortest trace)', false)
    .option('--property <name>', 'also check this temporal property under the fairness (repeatable, or all; default: none)', collect)
    .option('--deadlock', "report states with no successor (not terminal) as deadlocks (default: the spec's `deadlock`, else on)")
    .option('--no-deadlock', 'do not report states with no successor as deadlocks')
    .option('--max-states <n>', 'stop after this many distinct states', COUNT)
    .option('--max-depth <n>', 'explore states up to this depth (in states, the initial one included)', COUNT)
    .option('--time-limit <seconds>', 'stop after this many seconds', positiveNumber)
    .option('--max-memory <MB>', 'stop when resident memory reaches this many megabytes', positiveNumber)
    .option(
      '--spill <dir>',
      "keep the seen set, the trace log and the level queues on disk, in a folder of the run's own made in dir (a folder that exists) and removed at the end, so that a space larger than memory is explored with the same figures and traces (one worker; not with --max-states, --exact, --reference, --coverage or --property); the seen set keeps a fingerprint in memory per 512 bytes of --max-memory (4,194,304 without it), and the memos a share of their usual size below 2,800 MB",
    )
    .addOption(new Option('--format <format>', 'output format').choices([...FORMATS]).default('text'))
    .option('--no-color', 'no colour, even on a terminal (NO_COLOR is honoured too)')
    .option('--full-states', 'print every variable of every trace state, not only the changed ones', false)
    .option('--exact', 'tell states apart by value instead of by 64-bit fingerprint (slower, more memory)', false)
    .option('--reference', 'explore with the plain implementation of every part (no memos, states kept by value): slower, for cross-checking the fast one', false)
    .option('--no-memo', 'call the spec for every state, not once per combination of the fields an action reads (for a spec whose actions are not functions of the state)')
    .option('--quiet', 'no progress lines on stderr', false)
    .option('--symmetry [sets]', "reduce by the spec's symmetry sets: a comma list (clients,keys), or all when bare (a note on stderr says when the spec declares none for the constants)")
    .option('--coverage', 'report how often each action and action instance fired, and warn of actions that never did', false)
    .option('--fail-on-uncovered', 'exit 1 when an action of the variant never fired (implies --coverage)', false)
    .option('--checkpoint <dir>', 'write the exploration to this directory every --checkpoint-every seconds and when stopped (one run per directory)')
    .option('--checkpoint-every <seconds>', 'seconds from the end of one checkpoint write to the next (default: 60; longer when writes would take over a tenth of the run)', positiveNumber)
    .option('--resume <dir>', "continue the run saved in this checkpoint directory, with its spec, constants and options (flags given again must agree)")
    .option('--workers <n>', `worker threads for large runs, 1 to ${MAX_WORKERS}; 1 checks in this thread (default: the number of cores; 1 with --exact, --reference, --coverage or checkpoints)`, integer(1, MAX_WORKERS))
    .option('--parallel-threshold <n>', 'with more than one worker: levels smaller than n states stay in one thread, and the worker threads join at the first level of n (default: 16384, or 65536 with --symmetry; 0 or 1 starts them at once)', COUNT0);
}

function addRunOptionsCi(program: Command, io: CliIo, run: ProgramRun, signal: AbortSignal | undefined): void {
  program
    .command('ci')
    .description("check every case of a matrix file against its expected verdicts (exit 1 on any mismatch)")
    .option('--matrix <file>', 'the matrix file (default: the one shipped, matrix/default.json)')
    .option('--spec <file>', "check the cases of --matrix against this spec module (its cases name no model); with --update and no matrix file yet, writes one that pins the spec's defaults")
    .option('--junit <file>', 'also write a JUnit XML report there')
    .option('--html <dir>', 'also write an HTML index of the cases there (index.html), linking to a report per case')
    .option('--shard <i/n>', 'run only the i-th of n stable, disjoint slices of the cases')
    .option('--update', 'rewrite the matrix file\'s expectations from the actual results', false)
    .option('--quiet', 'no progress lines on stderr', false)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--no-color', 'no colour')
    .action(async (options: CiCommandOptions) => {
      run.code = await runCi(options, io, signal);
    });
}

/** Adds to `command` the flags made from the constants of the spec `source` gives, and returns them with it. */
function specFlagsFor(source: SpecSource): (command: Command) => SpecChoice {
  return (command) => ({ source, flags: addSpecFlags(command, source) });
}

/**
 * Builds the command table; every handler sets `run.code`. Commander never exits the process.
 * `check`, `simulate` and `explore` take the flags of `source`'s spec (default: the default model's).
 */
export function createProgram(context: ProgramContext, run: ProgramRun, source: SpecSource = { kind: 'model', entry: defaultModel() }): Command {
  const { io } = context;
  const program = new Command('pika-mc')
    .description("An explicit-state model checker with a faithful model of Pika's bgsave/binlog replication race")
    .version(context.version)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text),
      writeErr: (text) => io.err(text),
    })
    .showSuggestionAfterError(true);

  const withFlags = specFlagsFor(source);
  const check = addSpecOptions(program.command('check').description('check one variant exhaustively, with a shortest counterexample per violated invariant'));
  const checkChoice = withFlags(addRunOptions(check));
  check.action(async (options: CheckCommandOptions) => {
    run.code = await runCheck(options, io, context.signal, checkChoice);
  });

  const simulate = addSimulateOptions(
    program
      .command('simulate')
      .description('sample random behaviours, check the invariants on every state, shrink what is found (finding nothing proves nothing)'),
  );
  const simulateChoice = withFlags(simulate);
  simulate.action(async (options: SimulateCommandOptions) => {
    run.code = await runSimulate(options, io, context.signal, simulateChoice);
  });

  addRunOptionsCi(program, io, run, context.signal);
  addReplayCommand(program, io, run);
  addExploreCommand(program, withFlags, io, run, context.signal);

  program
    .command('scenarios')
    .description('list the named scenarios: what each shows, its constants, expected verdicts and fix')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--no-color', 'no colour')
    .action((options: { color: boolean; format: string }) => {
      run.code = runScenarios(io, options);
    });

  program
    .command('report')
    .argument('[scenario]', 'the scenario to write up (see `pika-mc scenarios`)')
    .description('write up a finding as Markdown (shortest trace as a Mermaid diagram, the fix and its proof), from the checker\'s own results')
    .option('--out <file>', 'write it to this file instead of stdout')
    .option('--all <dir>', 'write every finding into this folder as <scenario>.md (docs/findings), or .html')
    .addOption(new Option('--format <format>', 'markdown, or html: one self-contained page with the traces as sequence diagrams').choices(['markdown', 'html']).default('markdown'))
    .action((scenario: string | undefined, options: ReportCommandOptions) => {
      run.code = runReport(scenario, options, io);
    });

  program
    .command('variants')
    .description('list the models, lock scopes, binlog formats and other variant axes, with what each models')
    .option('--no-color', 'no colour')
    .action((options: { color: boolean }) => {
      run.code = runVariants(io, options.color);
    });

  return program;
}

/**
 * The program for `argv`: commander parses before it knows a spec, so the spec the command line
 * names (`--spec`, `--model`, `--scenario`, `--resume`) is read first and its constants' flags are
 * added to the command; a flag of another built-in spec is refused naming the spec it belongs to.
 */
async function programFor(argv: readonly string[], context: ProgramContext, run: ProgramRun): Promise<Command> {
  refuseRepeatedFlags(argv, context.io.cwd);
  const limit = runLimitFor(argv);
  if (limit !== undefined) context.io.watcher?.loading(limit.seconds);
  const source = await specSourceFor(argv, context.io);
  const program = createProgram(context, run, source);
  for (const command of program.commands) refuseForeignFlags(argv, command, source);
  return program;
}

/** Runs the CLI on `argv` (without node and the script) and returns the exit code; never throws. */
export async function runCli(argv: readonly string[], context: ProgramContext): Promise<ExitCode> {
  const run: ProgramRun = { code: ExitCode.Ok };
  try {
    await programFor(argv, context, run).then((program) => program.parseAsync([...argv], { from: 'user' }));
    return run.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help asked for is a success; help shown for want of a command (exit code 1 to commander) is a usage error.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || (error.code === 'commander.help' && error.exitCode === 0)) {
        return ExitCode.Ok;
      }
      return ExitCode.Usage;
    }
    if (error instanceof UsageError) {
      context.io.err(`error: ${error.message}\n`);
      return ExitCode.Usage;
    }
    if (error instanceof SpecBuildError || error instanceof SpecEvaluationError) {
      // The spec's own mistake, met before there is a result to report it in.
      const where = error instanceof SpecEvaluationError ? `${error.kind} ${error.part}: ` : '';
      context.io.err(`spec error: ${where}${firstLine(error.message)}\n`);
      return ExitCode.SpecError;
    }
    if (error instanceof SpecExitError) {
      context.io.err(`spec error: ${error.message}\n`);
      return ExitCode.SpecError;
    }
    if (error instanceof InternalError) {
      context.io.err(`internal error (a bug in pika-mc, please report it): ${error.message}\n`);
      return ExitCode.Internal;
    }
    // Memory that ran out, the machine's fault, a throw of the spec's own timers or promises, or a bug of pika-mc's.
    const fault = unexpectedFault(error, argv[0]);
    context.io.err(fault.line);
    return fault.code;
  }
}
