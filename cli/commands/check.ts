import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { check, readCheckpointHeader, UsageError } from '../../checker/index.js';
import { CHECKPOINT_FILE } from '../../checker/checkpoint/checkpoint.js';
import { shellWord } from '../parse.js';
import { count, counted } from '../render/stats.js';
import type { CheckOptions, CheckResult, State } from '../../checker/index.js';
import { MAX_WORKERS, needsOneThread, refusedCombination } from '../../checker/explore/plan.js';
import type { CombinedOption } from '../../checker/explore/plan.js';
import { ExitCode, firstOf } from '../exitCodes.js';
import type { CliIo, RunStart } from '../io.js';
import { progressReporter } from '../progress.js';
import { checkOutputPaths, writeCheckReport } from '../checkReport.js';
import { dumpGraph } from '../dumpGraph.js';
import type { OutputFormat } from '../output.js';
import { CHECK_FLAGS, refuseCombination, withFlags } from '../optionFlags.js';
import { checkpointNoteLine, resumedOptions } from '../resume.js';
import { resolveRunTarget, savedTarget } from '../target.js';
import type { RunTarget, SpecChoice, SpecOptions } from '../target.js';

/** The options of `pika-mc check`, as commander parses them. */
export interface CheckCommandOptions extends SpecOptions {
  readonly invariant?: readonly string[];
  readonly reachable?: readonly string[];
  readonly continue?: boolean;
  readonly stopAtFirst?: boolean;
  readonly property?: readonly string[];
  /** --deadlock or --no-deadlock; undefined when neither is given, so that the spec's own setting applies. */
  readonly deadlock?: boolean;
  readonly maxStates?: number;
  readonly maxDepth?: number;
  readonly timeLimit?: number;
  readonly maxMemory?: number;
  readonly spill?: string;
  readonly format: OutputFormat;
  /** Write the report there instead of stdout; `{invariant}` in it gives each trace its own file. */
  readonly out?: string;
  /** Write the state graph there, in Graphviz DOT. */
  readonly dumpGraph?: string;
  readonly color: boolean;
  readonly fullStates: boolean;
  readonly exact: boolean;
  readonly reference?: boolean;
  readonly memo?: boolean;
  readonly quiet: boolean;
  readonly symmetry?: boolean | string;
  readonly coverage?: boolean;
  readonly failOnUncovered?: boolean;
  readonly checkpoint?: string;
  readonly checkpointEvery?: number;
  readonly resume?: string;
  readonly workers?: number;
  readonly parallelThreshold?: number;
}

/** The `symmetry` option of check from `--symmetry [sets]`. */
export function symmetryOption(flag: boolean | string | undefined): { symmetry?: boolean | string[] } {
  if (flag === undefined || flag === false) return {};
  if (flag === true) return { symmetry: true };
  const sets = flag.split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (sets.length === 0) throw new UsageError(`option '--symmetry' argument '${flag}' is invalid. Give a comma list of symmetry sets, or no value for all.`);
  return { symmetry: sets };
}

/** Names of the actions that never produced a successor, when coverage was collected. */
export function uncoveredActions(result: CheckResult<State>): string[] {
  return result.coverage ? result.coverage.actions.filter((a) => a.generated === 0).map((a) => a.name) : [];
}

/** Exit code of a check result, by the CLI's precedence. */
export function exitCodeOf(result: CheckResult<State>): ExitCode {
  const codes: ExitCode[] = [];
  if (result.ioError) codes.push(ExitCode.IoError);
  if (result.status === 'error') codes.push(ExitCode.SpecError);
  if (result.invariants.some((v) => v.verdict === 'violated') || result.reachable?.some((r) => r.verdict === 'unreached')) codes.push(ExitCode.Violation);
  if (result.properties.some((p) => p.verdict === 'violated')) codes.push(ExitCode.Temporal);
  if (result.deadlock) codes.push(ExitCode.Deadlock);
  // A finding's code comes first (see firstOf): a violation stopped later by a bound still exits 12.
  if ('bound' in result && result.bound !== undefined && result.bound !== 'ioError') {
    codes.push(result.bound === 'interrupted' ? ExitCode.Interrupted : ExitCode.Bound);
  }
  return firstOf(codes.length > 0 ? codes : [ExitCode.Ok]);
}

/** The exit code of a run stopped by `signal`: 143 when the signal was SIGTERM, as the process's own. */
export function stoppedBySignal(code: ExitCode, signal: AbortSignal | undefined): ExitCode {
  return code === ExitCode.Interrupted && signal?.reason === 'SIGTERM' ? ExitCode.Terminated : code;
}

/** What the supervising thread is told of a run that starts. */
export function runStart(
  command: RunStart['command'],
  options: { readonly format: string; readonly out?: string; readonly quiet?: boolean; readonly timeLimit?: number },
  target: RunTarget,
): RunStart {
  return {
    command,
    format: options.format,
    ...(options.out !== undefined ? { out: options.out } : {}),
    quiet: options.quiet === true,
    ...(options.timeLimit !== undefined ? { timeLimit: options.timeLimit } : {}),
    spec: target.model.name,
    title: target.title,
    variant: target.variant,
    model: target.info.modelName,
    ...(target.info.module !== undefined ? { module: target.info.module } : {}),
    constants: JSON.parse(JSON.stringify(target.model.constants)) as unknown,
    invariants: target.model.invariants.map((inv) => inv.name),
  };
}

/**
 * `--workers` (by default one per core, at most MAX_WORKERS, but one when the options need the
 * in-process engine, see needsOneThread) and the module worker threads load the spec from, and whose code checkpoints
 * record: its `--spec` module or the built-in model's.
 */
export function workerOptions(workers: number | undefined, target: RunTarget, options: CheckOptions = {}): { workers: number; source?: { module: string } } {
  return { workers: workers ?? (needsOneThread(options) ? 1 : Math.min(availableParallelism(), MAX_WORKERS)), source: { module: target.workerModule } };
}

/** Runs `pika-mc check`: one variant, every selected invariant, shortest traces; returns the exit code. */
export async function runCheck(given: CheckCommandOptions, io: CliIo, signal?: AbortSignal, choice?: SpecChoice): Promise<ExitCode> {
  // A resume takes the saved run's spec, constants and options; those given again must agree.
  const resumeDir = given.resume !== undefined ? resolvePath(io.cwd, given.resume) : undefined;
  const saved = resumeDir !== undefined ? readCheckpointHeader(resumeDir) : undefined;
  const target =
    saved !== undefined && resumeDir !== undefined
      ? await savedTarget({ module: saved.module, constants: saved.identity.constants }, resumeDir, given, io, choice?.flags ?? [])
      : await resolveRunTarget(given, io, choice);
  const chosen = saved !== undefined && resumeDir !== undefined ? resumedOptions(given, saved, resumeDir, target.model) : given;
  // What the reports say is checked: the flag, else the spec's own setting.
  const options = { ...chosen, deadlock: chosen.deadlock ?? target.model.deadlock ?? true };
  const checkpointDir = options.checkpoint !== undefined ? resolvePath(io.cwd, options.checkpoint) : resumeDir;
  const asked: CheckOptions = {
    ...(options.invariant ? { invariants: options.invariant } : {}),
    ...(options.reachable ? { reachable: options.reachable } : {}),
    ...(options.continue ? { continue: true } : {}),
    ...(options.stopAtFirst ? { stopAtFirst: true } : {}),
    ...(options.property ? { properties: options.property } : {}),
    ...(chosen.deadlock !== undefined ? { deadlock: chosen.deadlock } : {}),
    ...(options.maxStates !== undefined ? { maxStates: options.maxStates } : {}),
    ...(options.maxDepth !== undefined ? { maxDepth: options.maxDepth } : {}),
    ...(options.timeLimit !== undefined ? { timeLimit: options.timeLimit } : {}),
    ...(options.maxMemory !== undefined ? { maxMemory: options.maxMemory } : {}),
    ...(options.spill !== undefined ? { spill: resolvePath(io.cwd, options.spill) } : {}),
    exact: options.exact,
    ...(options.reference === true ? { reference: true } : {}),
    ...(options.memo === false ? { memo: false } : {}),
    ...symmetryOption(options.symmetry),
    coverage: options.coverage === true || options.failOnUncovered === true,
    ...(options.checkpoint !== undefined ? { checkpoint: resolvePath(io.cwd, options.checkpoint) } : {}),
    ...(options.checkpointEvery !== undefined ? { checkpointEvery: options.checkpointEvery } : {}),
    ...(resumeDir !== undefined ? { resume: resumeDir } : {}),
    ...(options.parallelThreshold !== undefined ? { parallelThreshold: options.parallelThreshold } : {}),
  };
  const checkOptions: CheckOptions = { ...asked, ...workerOptions(options.workers, target, asked) };
  const flagOf = (option: CombinedOption): string => (option === 'coverage' && options.coverage !== true ? '--fail-on-uncovered' : CHECK_FLAGS[option]);
  refuseCombination(refusedCombination(checkOptions), flagOf);
  checkOutputPaths(options, target.model, io.cwd);
  if (options.dumpGraph !== undefined) dumpGraph(target.model, { ...options, dumpGraph: options.dumpGraph }, io);
  io.watcher?.started({ ...runStart('check', options, target), ...(checkpointDir !== undefined ? { checkpointDir } : {}) });
  const usedMb = process.memoryUsage.rss() / 2 ** 20;
  if (options.maxMemory !== undefined && usedMb >= options.maxMemory) {
    io.err(`note: --max-memory ${options.maxMemory} is below the ${Math.ceil(usedMb)} MB this process uses before it explores (Node and the spec): the run stops at once\n`);
  }
  if (options.symmetry === true && Object.keys(target.model.symmetry).length === 0) {
    io.err(`note: --symmetry: ${target.model.name} declares no symmetry set for these constants, so the run is not reduced\n`);
  }
  const progress = progressReporter(io, options.quiet);
  // Said once the checkpoint is read and the run goes on (a refusal of what only the checkpoint tells stays one line).
  let resumeSaid = saved === undefined || options.quiet === true;
  const sayResumed = (): void => {
    if (resumeSaid || saved === undefined) return;
    resumeSaid = true;
    progress.finish();
    // The depth the stopped run reported: the level under way, and one more once it has found states of the next.
    const depth = saved.depth + (saved.next > 0 ? 1 : 0);
    io.err(`pika-mc: resuming the run saved in ${given.resume}: ${counted(saved.seen, 'distinct state')}, ${count(saved.generated)} generated, depth ${depth}\n`);
  };
  const run = check(target.model, {
    ...checkOptions,
    onCheckpointNote: (note) => {
      progress.finish();
      io.err(checkpointNoteLine(note, checkpointDir ?? ''));
    },
    onProgress: (p) => {
      sayResumed();
      progress.onProgress(p);
    },
    onLevel: (p) => {
      sayResumed();
      io.watcher?.level(p);
    },
    ...(io.watcher ? { onCheckpointWrite: io.watcher.checkpointWriting, onSpillFolder: io.watcher.spilling } : {}),
    progressInterval: 3,
    ...(signal ? { signal } : {}),
  });
  // check() refuses what only the checkpoint tells (a maxStates below its states) naming the option: here, by its flag.
  const result = await withFlags(run, flagOf);
  sayResumed();
  progress.finish();
  if (result.ioError) io.err(`error: ${result.ioError.message}\n`);
  const uncovered = uncoveredActions(result);
  if (result.coverage) for (const name of uncovered) io.err(`warning: action ${name} never fired in this variant\n`);
  const found = stoppedBySignal(exitCodeOf(result), signal);
  const code = options.failOnUncovered && uncovered.length > 0 ? firstOf([found, ExitCode.Policy]) : found;
  writeCheckReport(result, target, options, io, code, signal?.reason === 'SIGTERM');
  // A run with nothing left to resume has removed its checkpoint (see check()): one still there can be continued.
  if (checkpointDir !== undefined && !options.quiet && existsSync(join(checkpointDir, CHECKPOINT_FILE))) {
    const shown = options.checkpoint ?? given.resume ?? checkpointDir;
    const spec = target.info.module !== undefined ? ` --spec ${shellWord(options.spec ?? target.info.module)}` : '';
    io.err(`pika-mc: the run is saved in ${shown}: continue it with pika-mc check --resume ${shellWord(shown)}${spec}\n`);
  }
  return code;
}
