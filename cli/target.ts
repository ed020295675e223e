import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { compile, UsageError } from '../checker/index.js';
import type { Constants, Model, Spec, State } from '../checker/index.js';
import { constantsFile, constFlags, userConstants } from './constFlags.js';
import type { ConstantOptions } from './constFlags.js';
import type { CliIo } from './io.js';
import { loadSpec } from './loadSpec.js';
import { shellWord } from './parse.js';
import { findModel, modelNames, modelOfModule, modelOfScenario, REGISTRY } from './registry.js';
import { flagConstants, sourceWords, specOf } from './specFlags.js';
import type { SpecFlag, SpecSource } from './specFlags.js';
import { explainerOf, variantOf } from './specText.js';
import type { RunInfo } from './traces.js';

export { constantsSummary } from './specText.js';

/** The options that pick the spec, its scenario and its constants (`check`, `simulate` and `explore` take them alike). */
export interface SpecOptions extends ConstantOptions {
  /** Path of a module that default-exports a spec. */
  readonly spec?: string;
  /** A built-in spec by name. */
  readonly model?: string;
  /** A named preset of the spec's constants. */
  readonly scenario?: string;
}

/** The spec a command line chose before it was parsed, and the flags made from its constants. */
export interface SpecChoice {
  readonly source: SpecSource;
  readonly flags: readonly SpecFlag[];
}

/** What a run is about: the spec instantiated with its constants, how to title it, and what a written trace records of it. */
export interface RunTarget {
  readonly spec: Spec<State, Constants>;
  readonly model: Model<State>;
  readonly info: RunInfo;
  readonly title: string;
  readonly variant: string;
  /** What a violating state means, when the spec says. */
  readonly explain?: (invariant: string, state: State) => string;
  /** The module worker threads load the spec from. */
  readonly workerModule: string;
}

function shownPath(path: string, cwd: string): string {
  return relative(cwd, path).startsWith('..') ? path : relative(cwd, path);
}

/** The target of `source` instantiated as `model`. */
function runTarget(source: SpecSource, model: Model<State>, scenario: string | undefined, io: CliIo): RunTarget {
  const spec = specOf(source);
  const via = source.kind === 'model' ? `--model ${source.entry.name}` : `--spec ${shownPath(source.path, io.cwd)}`;
  return {
    spec,
    model,
    info:
      source.kind === 'model'
        ? { model, modelName: source.entry.name, constants: model.constants }
        : { model, modelName: spec.name, module: source.path, constants: model.constants },
    title: `${model.name} (${via}${scenario ? `, --scenario ${scenario}` : ''})`,
    variant: variantOf(spec, model.constants),
    ...(explainerOf(spec, model.constants) !== undefined ? { explain: explainerOf(spec, model.constants) } : {}),
    workerModule: source.kind === 'model' ? source.entry.module.href : source.path,
  };
}

/** The spec the options name, for a caller that did not read it from the command line first. */
async function sourceOf(options: SpecOptions, io: CliIo): Promise<SpecSource> {
  if (options.spec !== undefined) {
    const { spec, path } = await loadSpec(options.spec, io.cwd);
    return { kind: 'module', spec, path, given: options.spec };
  }
  const name = options.model ?? (options.scenario !== undefined ? modelOfScenario(options.scenario)?.name : undefined) ?? 'replication';
  const entry = findModel(name);
  if (entry === undefined) throw new UsageError(`option '--model' argument '${name}' is invalid. Allowed: ${modelNames()}.`);
  return { kind: 'model', entry };
}

/**
 * The constants of the scenario `name` of the source's spec, refusing a name it does not have. With
 * `anyModel` (a built-in spec chosen by the scenario, no `--model`) every built-in scenario is allowed.
 */
function scenarioConstants(source: SpecSource, name: string, anyModel: boolean): Constants {
  const spec = specOf(source);
  const scenario = spec.scenarios.find((s) => s.name === name);
  if (scenario !== undefined) return scenario.constants;
  const owner = modelOfScenario(name);
  if (owner !== undefined) throw new UsageError(`option '--scenario' ${name} is a scenario of --model ${owner.name}, not ${sourceWords(source)}.`);
  const known = anyModel && source.kind === 'model' ? REGISTRY.flatMap((e) => e.spec.scenarios.map((s) => s.name)) : spec.scenarios.map((s) => s.name);
  throw new UsageError(
    known.length > 0
      ? `option '--scenario' argument '${name}' is invalid. Allowed: ${known.join(', ')}.`
      : `option '--scenario' argument '${name}' is invalid: ${sourceWords(source)} has no scenarios (\`pika-mc scenarios\` lists the built-in ones, which run without --spec).`,
  );
}

/**
 * The target of `check`, `simulate` and `explore`: the spec the command line chose (`--spec`, or a
 * built-in one by `--model`), with constants from its scenario, then `--constants`, then `--const`,
 * then the spec's own flags (`--clients` wins over `--const clients=…`).
 */
export async function resolveRunTarget(options: SpecOptions, io: CliIo, choice?: SpecChoice): Promise<RunTarget> {
  if (options.spec !== undefined && options.model !== undefined) {
    throw new UsageError("options '--spec' and '--model' cannot be combined: --spec names the spec to check");
  }
  const source = choice?.source ?? (await sourceOf(options, io));
  const spec = specOf(source);
  const constants = {
    ...(options.scenario !== undefined ? scenarioConstants(source, options.scenario, options.model === undefined) : {}),
    ...userConstants(spec, options, io.cwd),
    ...flagConstants(choice?.flags ?? [], options),
  };
  return runTarget(source, compile(spec, constants as Partial<Constants>), options.scenario, io);
}

/** The source of the spec a checkpoint was written for, and how the command line names it. */
async function savedSource(module: string, options: SpecOptions, dir: string, io: CliIo): Promise<{ source: SpecSource; words: string }> {
  if (options.spec !== undefined && options.model !== undefined) {
    throw new UsageError("options '--spec' and '--model' cannot be combined: --spec names the spec to check");
  }
  const entry = modelOfModule(module);
  const words = entry !== undefined ? `--model ${entry.name}` : `--spec ${module}`;
  const other = (flag: string, value: string): never => {
    throw new UsageError(`option '${flag}' (${value}) is not the spec of the run saved in ${dir} (${words}): give that one, or leave the flag out to resume it`);
  };
  if (options.model !== undefined && (entry === undefined || findModel(options.model) !== entry)) other('--model', options.model);
  if (options.spec !== undefined && resolve(io.cwd, options.spec) !== module) other('--spec', options.spec);
  if (entry !== undefined) return { source: { kind: 'model', entry }, words };
  // A checkpoint folder may come from elsewhere: the module it names is imported only when given.
  if (options.spec === undefined) {
    throw new UsageError(
      `the checkpoint is of the spec module ${module}, and a resume imports no module a file names: if you trust it, pass --spec ${shellWord(module)} (the constants and options come from the checkpoint)`,
    );
  }
  if (!existsSync(module)) {
    throw new UsageError(`the checkpoint was written for the spec module ${module}, which is not here: give its spec with --spec and its constants`);
  }
  const { spec, path } = await loadSpec(module, io.cwd);
  return { source: { kind: 'module', spec, path, given: options.spec }, words };
}

/** A constant's value as its flag is written. */
function shownValue(value: unknown): string {
  if (Array.isArray(value)) return value.join(',');
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? 'none');
}

/**
 * The target of a run saved in the checkpoint in `dir`: its built-in spec, else its `--spec` module
 * (imported only when given), with the saved constants. A `--spec` or `--model` given again must
 * name the saved spec, and a constant given again (by its own flag, `--const`, `--constants` or
 * `--scenario`) must have its saved value: a checkpoint resumes only the state space it was written
 * for. A refusal names the flag and both values.
 */
export async function savedTarget(
  saved: { readonly module: string; readonly constants: Constants },
  dir: string,
  options: SpecOptions,
  io: CliIo,
  flags: readonly SpecFlag[],
): Promise<RunTarget> {
  const { source } = await savedSource(saved.module, options, dir, io);
  const spec = specOf(source);
  // Each constant given, with the flag that gave it; a later flag wins, as in resolveRunTarget.
  const given = new Map<string, { flag: string; named: boolean; value: unknown }>();
  const add = (values: { readonly [name: string]: unknown }, flag: string, named: boolean): void => {
    for (const [name, value] of Object.entries(values)) given.set(name, { flag, named, value });
  };
  if (options.scenario !== undefined) add(scenarioConstants(source, options.scenario, false), `--scenario ${options.scenario}`, true);
  if (options.constants !== undefined) add(constantsFile(spec, options.constants, io.cwd), `--constants ${options.constants}`, true);
  for (const pair of options.const ?? []) {
    for (const [name, value] of Object.entries(constFlags(spec, [pair]))) add({ [name]: value }, `--const ${name}`, false);
  }
  for (const f of flags) {
    const value = flagConstants([f], options)[f.constant];
    if (value !== undefined) add({ [f.constant]: value }, `--${f.flag}`, false);
  }
  const values = Object.fromEntries([...given].map(([name, { value }]) => [name, value]));
  // Compiled over the saved constants, so that a value is checked and read as the spec reads it.
  const asGiven = compile(spec, { ...saved.constants, ...values } as Partial<Constants>);
  for (const [name, { flag, named }] of given) {
    const mine = shownValue(asGiven.constants[name]);
    const theirs = shownValue(saved.constants[name]);
    if (mine === theirs) continue;
    const prefix = named ? `${name} ` : '';
    throw new UsageError(
      `option '${flag}' (${prefix}${mine}) differs from the run saved in ${dir} (${prefix}${theirs}): give the same, or leave the flag out to resume it as saved`,
    );
  }
  // A scenario given again agrees with the saved constants (else it is refused above): the title names it.
  return runTarget(source, compile(spec, saved.constants), options.scenario, io);
}

/**
 * Re-creates the model a written trace records, with its constants: a built-in spec by name from
 * the registry, or the module given with `--spec`. A module path read from the trace is never
 * imported (a shared trace would run its code): without `--spec` such a trace is refused, with the
 * `--spec` to pass for a module the user trusts.
 */
export async function recordedTarget(record: { spec?: string; model?: string; module?: string; constants: Constants }, io: CliIo, specFlag?: string): Promise<RunInfo> {
  if (specFlag !== undefined) {
    const { spec, path } = await loadSpec(specFlag, io.cwd);
    let model: Model<State>;
    try {
      model = compile(spec, record.constants);
    } catch (error) {
      // Constants another spec recorded: the mistake is the module given, not the constants.
      if (error instanceof UsageError && record.spec !== undefined && record.spec !== spec.name) {
        throw new UsageError(`the trace is of spec ${record.spec}, and --spec ${specFlag} is ${spec.name}: ${error.message}`);
      }
      throw error;
    }
    return { model, modelName: spec.name, module: path, constants: model.constants };
  }
  if (record.module !== undefined) {
    throw new UsageError(
      `the trace names the spec module ${record.module}; replay imports no module a file names: if you trust it, pass --spec ${shellWord(record.module)}`,
    );
  }
  const entry = record.model !== undefined ? findModel(record.model) : undefined;
  if (!entry) {
    throw new UsageError(`the trace names no module and no built-in model ('${record.model ?? ''}'; known: ${modelNames()}); give its spec with --spec`);
  }
  const model = compile(entry.spec, record.constants);
  return { model, modelName: entry.name, constants: model.constants };
}
