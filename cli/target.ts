import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { compile, UsageError } from '../checker/index.js';
import type { Constants, ConstantValue, Model, Spec, State } from '../checker/index.js';
import { resolveTarget } from './commands/check.js';
import type { CheckTarget } from './commands/check.js';
import { userConstants } from './constFlags.js';
import type { ConstantOptions } from './constFlags.js';
import type { CliIo } from './io.js';
import { loadSpec } from './loadSpec.js';
import { BUILTIN_MODELS, FLAG_SPELLING } from './models.js';
import type { ModelOptions } from './models.js';
import { shellWord } from './parse.js';
import type { RunInfo } from './traces.js';

/** The options that pick a user's spec and its constants. */
export interface SpecOptions extends ConstantOptions {
  /** Path of a module that default-exports a spec. */
  readonly spec?: string;
}

/** What a run is about, with how to title it and what a written trace records of it. */
export interface RunTarget extends CheckTarget {
  readonly info: RunInfo;
  readonly title: string;
  readonly variant: string;
}

/** `name = value, …` for a user spec's constants, lists as TLA+ sets of model values. */
export function constantsSummary(constants: Constants): string {
  const show = (v: ConstantValue): string => (Array.isArray(v) ? `{${v.join(', ')}}` : typeof v === 'string' ? JSON.stringify(v) : String(v));
  const parts = Object.entries(constants).map(([name, value]) => `${name} = ${show(value)}`);
  return parts.length > 0 ? parts.join(', ') : 'no constants';
}

async function specTarget(file: string, options: ModelOptions & SpecOptions, io: CliIo): Promise<RunTarget> {
  if (options.model !== undefined) throw new UsageError("options '--spec' and '--model' cannot be combined: --spec names the spec to check");
  if (options.scenario !== undefined) throw new UsageError("option '--scenario' names a scenario of the built-in models; with --spec, set constants with --const");
  for (const [flag, spelling] of Object.entries(FLAG_SPELLING)) {
    if ((options as unknown as Record<string, unknown>)[flag] !== undefined) {
      throw new UsageError(`option '${spelling}' sets a constant of the built-in models; with --spec, use --const name=value`);
    }
  }
  const { spec, path } = await loadSpec(file, io.cwd);
  return specRunTarget(spec, path, compile(spec, userConstants(spec, options, io.cwd)), io);
}

/** The target of a user's spec loaded from `path`, instantiated as `model`. */
function specRunTarget(spec: Spec<State, Constants>, path: string, model: Model<State>, io: CliIo): RunTarget {
  const shown = relative(io.cwd, path).startsWith('..') ? path : relative(io.cwd, path);
  return {
    builtin: {
      name: spec.name,
      spec,
      description: spec.description,
      flags: {},
      summarize: constantsSummary,
      explain: () => '',
    },
    model,
    info: { model, modelName: spec.name, module: path, constants: model.constants },
    title: `${spec.name} (--spec ${shown})`,
    variant: constantsSummary(model.constants),
  };
}

/**
 * The target of `check`: a user's spec with `--spec` (constants from `--constants` and `--const`),
 * else a built-in model, whose constants come from its scenario, then `--constants`, then `--const`,
 * then its own flags (`--clients` wins over `--const clients=…`).
 */
export async function resolveRunTarget(options: ModelOptions & SpecOptions, io: CliIo): Promise<RunTarget> {
  if (options.spec !== undefined) return specTarget(options.spec, options, io);
  return builtinRunTarget(resolveTarget(options, (spec) => userConstants(spec, options, io.cwd)), options.scenario);
}

function builtinRunTarget(target: CheckTarget, scenario: string | undefined): RunTarget {
  return {
    ...target,
    info: { model: target.model, modelName: target.builtin.name, constants: target.model.constants },
    title: `${target.model.name} (--model ${target.builtin.name}${scenario ? `, --scenario ${scenario}` : ''})`,
    variant: target.builtin.summarize(target.model.constants),
  };
}

/** The flags that pick the spec or model and its constants: a resume given none of them takes the saved run's. */
export function givesTarget(options: ModelOptions & SpecOptions): boolean {
  const given = (flag: string): boolean => (options as unknown as Record<string, unknown>)[flag] !== undefined;
  return ['model', 'scenario', 'const', 'constants', ...Object.keys(FLAG_SPELLING)].some(given);
}

/**
 * The target of a run saved in a checkpoint: the built-in model whose module `module` is
 * (`builtinModule` names each one's), else the `--spec` module there, with the saved constants.
 */
export async function savedTarget(
  saved: { readonly module: string; readonly constants: Constants },
  builtinModule: (model: string) => string | undefined,
  io: CliIo,
  specFlag?: string,
): Promise<RunTarget> {
  const builtin = BUILTIN_MODELS.find((m) => builtinModule(m.name) === saved.module);
  if (builtin) return builtinRunTarget(resolveTarget({ model: builtin.name }, () => saved.constants), undefined);
  // A checkpoint folder may come from elsewhere: the module it names is imported only when given.
  if (specFlag === undefined) {
    throw new UsageError(
      `the checkpoint is of the spec module ${saved.module}, and a resume imports no module a file names: if you trust it, pass --spec ${shellWord(saved.module)} (the constants and options come from the checkpoint)`,
    );
  }
  if (resolve(io.cwd, specFlag) !== saved.module) {
    throw new UsageError(`--spec ${specFlag} is not the module the checkpoint was written for (${saved.module})`);
  }
  if (!existsSync(saved.module)) {
    throw new UsageError(`the checkpoint was written for the spec module ${saved.module}, which is not here: give its spec with --spec and its constants`);
  }
  const { spec, path } = await loadSpec(saved.module, io.cwd);
  return specRunTarget(spec, path, compile(spec, saved.constants), io);
}

/**
 * Re-creates the model a written trace records, with its constants: a built-in model by name from
 * the registry, or the module given with `--spec`. A module path read from the trace is never
 * imported (a shared trace would run its code): without `--spec` such a trace is refused, with the
 * `--spec` to pass for a module the user trusts.
 */
export async function recordedTarget(record: { model?: string; module?: string; constants: Constants }, io: CliIo, specFlag?: string): Promise<RunInfo> {
  if (specFlag !== undefined) {
    const { spec, path } = await loadSpec(specFlag, io.cwd);
    const model = compile(spec, record.constants);
    return { model, modelName: spec.name, module: path, constants: model.constants };
  }
  if (record.module !== undefined) {
    throw new UsageError(
      `the trace names the spec module ${record.module}; replay imports no module a file names: if you trust it, pass --spec ${shellWord(record.module)}`,
    );
  }
  const builtin = BUILTIN_MODELS.find((m) => m.name === record.model);
  if (!builtin) {
    throw new UsageError(`the trace names no module and no built-in model ('${record.model ?? ''}'; known: ${BUILTIN_MODELS.map((m) => m.name).join(', ')}); give its spec with --spec`);
  }
  const model = compile(builtin.spec, record.constants);
  return { model, modelName: builtin.name, constants: model.constants };
}
