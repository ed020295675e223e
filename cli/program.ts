import { Command, CommanderError, Option } from 'commander';
import { InternalError, SpecBuildError, SpecEvaluationError, UsageError } from '../checker/index.js';
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
    .addOption(new Option('--format <format>', 'output format').choices([...FORMATS]).default('text'))
    .option('--no-color', 'no colour, even on a terminal (NO_COLOR is honoured too)')
    .option('--full-states', 'print every variable of every trace state, not only the changed ones', false)
    .option('--exact', 'tell states apart by value instead of by 64-bit fingerprint (slower, more memory)', false)
    .option('--reference', 'explore with the plain implementation of every part (no memos, states kept by value): slower, for cross-checking the fast one', false)
    .option('--no-memo', 'call the spec for every state, not once per combination of the fields an action reads (for a spec whose actions are not functions of the state)')
    .option('--quiet', 'no progress lines on stderr', false)
    .option('--symmetry [sets]', "reduce by the spec's symmetry sets: a comma list (clients,keys), or all when bare")
    .option('--coverage', 'report how often each action and action instance fired, and warn of actions that never did', false)
    .option('--fail-on-uncovered', 'exit 1 when an action of the variant never fired (implies --coverage)', false)
    .option('--checkpoint <dir>', 'write the exploration to this directory every --checkpoint-every seconds and when stopped (one run per directory)')
    .option('--checkpoint-every <seconds>', 'seconds from the end of one checkpoint write to the next (default: 60; longer when writes would take over a tenth of the run)', positiveNumber)
    .option('--resume <dir>', "continue the run saved in this checkpoint directory, with its spec, constants and options (flags given again must agree)")
    .option('--workers <n>', 'worker threads for large runs; 1 checks in this thread (default: the number of cores; 1 with --exact, --reference, --coverage or checkpoints)', COUNT)
    .option('--parallel-threshold <n>', 'with more than one worker: levels smaller than n states stay in one thread, and the worker threads join at the first level of n (default: 16384; 0 or 1 starts them at once)', COUNT0);
}

function addRunOptionsCi(program: Command, io: CliIo, run: ProgramRun, signal: AbortSignal | undefined): void {
  program
    .command('ci')
    .description("check every case of a matrix file against its expected verdicts (exit 1 on any mismatch)")
    .option('--matrix <file>', 'the matrix file (default: the one shipped, matrix/default.json)')
    .option('--junit <file>', 'also write a JUnit XML report there')
    .option('--html <dir>', 'also write an HTML index of the cases there (index.html), linking to a report per case')
    .option('--shard <i/n>', 'run only the i-th of n stable, disjoint slices of the cases')
    .option('--update', 'rewrite the matrix file\'s expectations from the actual results', false)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--no-color', 'no colour')
    .action(async (options: CiCommandOptions) => {
      run.code = await runCi(options, io, signal);
    });
}

/** Adds the flags that pick a built-in model and its constants: the same for `check` and `simulate`. */
export function addModelOptions(command: Command): Command {
  return command
    .addOption(new Option('--model <model>', 'which model (default: replication, or the scenario\'s)').choices(['replication', 'slave-bgsave']))
    .option('--scenario <name>', 'start from a named scenario\'s constants (see `pika-mc scenarios`); other flags override them')
    .addOption(
      new Option('--pika-version <version>', 'the Pika release modelled: sets the lock scope and how each command is logged, and the code each step cites (default: v4.0.0; slave-bgsave: v4.0.1)').choices([
        'v4.0.0',
        'v4.0.1',
        'later',
      ]),
    )
    .option('--commands <list>', 'the command of c1, c2, … as a comma list, cycled: incr, incrby, decr, decrby, hincrby, zincrby, lpush, lpop (default: incr)')
    .addOption(new Option('--lock-scope <scope>', "what the shared dbs_rw_ lock covers on the write path, overriding the version's (default: version)").choices(['version', 'none', 'command', 'command+binlog']))
    .addOption(new Option('--binlog-format <format>', "how every command is logged, overriding the version's table (default: version)").choices(['version', 'op', 'value']))
    .option('--clients <n>', 'client connections (default: 2)', COUNT)
    .option('--keys <n>', 'keys (default: 1; slave-bgsave: 2)', COUNT)
    .option('--ops <n>', 'writes per client (default: 1)', COUNT)
    .option('--serve-path <n>', 'clients on the BLPOP serve path, the highest-numbered (default: 0)', COUNT0)
    .option('--migrate <n>', 'slot-migration threads deleting migrated keys, numbered after the serve path (default: 0)', COUNT0)
    .addOption(new Option('--migrate-scope <scope>', 'what the slot migration holds around a delete and its DEL entry (default: none)').choices(['none', 'command+binlog']))
    .option('--exec-flush <n>', 'clients that run FLUSHDB inside MULTI/EXEC, numbered before the FLUSHDB clients (default: 0)', COUNT0)
    .addOption(new Option('--exec-flush-scope <scope>', "what EXEC's exclusive lock covers for its FLUSHDB: flush (no binlog entry, as Pika) or flush+binlog (default: flush)").choices(['flush', 'flush+binlog']))
    .option('--flushall <n>', 'clients that run FLUSHALL (v4.0.1 and later), numbered before the FLUSHDB clients (default: 0)', COUNT0)
    .addOption(new Option('--flushall-scope <scope>', "what FLUSHALL's exclusive locks cover: flush (as Pika) or flush+binlog (default: flush)").choices(['flush', 'flush+binlog']))
    .option('--dbs <n>', 'DBs that FLUSHALL flushes and logs one after the other (default: 1)', COUNT)
    .option('--db <i>', 'the DB the model holds, among --dbs (default: 1)', COUNT)
    .option('--flush <n>', 'clients that issue FLUSHDB, the highest-numbered (default: 0)', COUNT0)
    .addOption(new Option('--flush-scope <scope>', "what FLUSHDB's exclusive lock covers (default: flush)").choices(['flush', 'flush+binlog']))
    .addOption(new Option('--bgsave-span <span>', 'how long bgsave runs: its exclusive section (lock), or from BgSaveDB to FinishBgsave (whole), when FLUSHDB refuses (default: lock)').choices(['lock', 'whole']))
    .addOption(new Option('--fairness <fairness>', 'fairness for temporal properties: weak fairness on every action, on all but SlaveApply, or none (default: weak)').choices(['none', 'weak', 'weak-except-slave']))
    .option('--entries <n>', 'slave-bgsave: binlog entries the master sends (default: 3)', COUNT)
    .addOption(new Option('--offset-source <source>', "slave-bgsave: what the slave's bgsave records (default: binlog)").choices(['binlog', 'applied', 'drain']))
    .option('--crashes <n>', 'slave-bgsave: how many times the slave may crash and restart, losing its queued DB writes (default: 0)', COUNT0)
    .addOption(new Option('--resume-from <where>', 'slave-bgsave: where a restarted slave resumes (default: binlog)').choices(['binlog', 'applied', 'applied+dedupe']));
}

/** Builds the command table; every handler sets `run.code`. Commander never exits the process. */
export function createProgram(context: ProgramContext, run: ProgramRun): Command {
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

  const check = addModelOptions(program.command('check').description('check one variant exhaustively, with a shortest counterexample per violated invariant'));
  addSpecOptions(addRunOptions(check)).action(async (options: CheckCommandOptions) => {
    run.code = await runCheck(options, io, context.signal);
  });

  const simulate = program
    .command('simulate')
    .description('sample random behaviours, check the invariants on every state, shrink what is found (finding nothing proves nothing)');
  addSimulateOptions(addModelOptions(simulate)).action(async (options: SimulateCommandOptions) => {
    run.code = await runSimulate(options, io, context.signal);
  });

  addRunOptionsCi(program, io, run, context.signal);
  addReplayCommand(program, io, run);
  addExploreCommand(program, addModelOptions, io, run, context.signal);

  program
    .command('scenarios')
    .description('list the named scenarios: what each shows, its constants, expected verdicts and fix')
    .option('--format <format>', 'text or json', 'text')
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

/** The first line of a message that may have more. */
function firstLine(message: string): string {
  return message.split('\n').find((line) => line.trim() !== '')?.trim() ?? message;
}

/** Error codes of the system that say the environment failed (a disk, a permission), not the code. */
const ENVIRONMENT_FAULTS = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'EIO', 'EROFS', 'EACCES', 'EPERM', 'ENOENT', 'ENOTDIR', 'EISDIR', 'ELOOP', 'EMFILE', 'ENFILE']);

function isEnvironmentFault(error: unknown): error is Error {
  return error instanceof Error && ENVIRONMENT_FAULTS.has(String((error as NodeJS.ErrnoException).code));
}

/** Runs the CLI on `argv` (without node and the script) and returns the exit code; never throws. */
export async function runCli(argv: readonly string[], context: ProgramContext): Promise<ExitCode> {
  const run: ProgramRun = { code: ExitCode.Ok };
  const program = createProgram(context, run);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return run.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
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
    if (error instanceof InternalError) {
      context.io.err(`internal error (a bug in pika-mc, please report it): ${error.message}\n`);
      return ExitCode.Internal;
    }
    if (isEnvironmentFault(error)) {
      // The machine's fault, not pika-mc's: a disk full, a file that cannot be read or written.
      context.io.err(`error: ${firstLine(error.message)}\n`);
      return ExitCode.IoError;
    }
    const message = error instanceof Error ? error.message : String(error);
    context.io.err(`internal error (a bug in pika-mc, please report it): ${message}\n`);
    return ExitCode.Internal;
  }
}
