import { resolve } from 'node:path';
import { InvalidArgumentError, Option } from 'commander';
import type { Command } from 'commander';
import { readCheckpointHeader, UsageError } from '../checker/index.js';
import type { ConstantInfo, ConstantValue, Constants, Spec, State } from '../checker/index.js';
import { constantInfoOf, outside } from '../checker/spec/constants.js';
import { countHint, parseConstant } from './constFlags.js';
import type { CliIo } from './io.js';
import { loadSpec } from './loadSpec.js';
import { defaultModel, findModel, modelOfModule, modelOfScenario, REGISTRY } from './registry.js';
import type { RegistryEntry } from './registry.js';

/** Where a run's spec comes from: a built-in spec by name (`--model`), or a user's module (`--spec`). */
export type SpecSource =
  | { readonly kind: 'model'; readonly entry: RegistryEntry }
  | { readonly kind: 'module'; readonly spec: Spec<State, Constants>; readonly path: string; readonly given: string };

/** A flag made from a spec's constant: `--lock-scope` sets `lockScope`. */
export interface SpecFlag {
  readonly constant: string;
  /** The flag without dashes. */
  readonly flag: string;
  /** Where commander puts its value in the parsed options. */
  readonly attribute: string;
  readonly info: ConstantInfo;
}

/** The spec a source gives. */
export function specOf(source: SpecSource): Spec<State, Constants> {
  return source.kind === 'model' ? source.entry.spec : source.spec;
}

/** How the source is named on the command line: `--model slave-bgsave`, `--spec my.ts`. */
export function sourceWords(source: SpecSource): string {
  return source.kind === 'model' ? `--model ${source.entry.name}` : `--spec ${source.given}`;
}

function shown(value: ConstantValue): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

/** Each type of constant as a flag's value is written. */
const TYPE_WORDS: { readonly [type in ConstantInfo['type']]: string } = {
  integer: 'a whole number',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  'string list': 'a comma-separated list',
};

/** Parses a flag's value by its constant's type and refuses one outside its values, naming what is allowed. */
function flagParser(constant: string, info: ConstantInfo): (value: string) => ConstantValue {
  return (text: string) => {
    let value: ConstantValue;
    try {
      value = parseConstant(constant, info.type, text, info.default);
    } catch {
      if (info.type === 'string list' && /^\s*\d+\s*$/.test(text)) throw new InvalidArgumentError(`must be ${countHint(text.trim(), info.default)}.`);
      if (info.type === 'integer' && /^\s*[+-]?\d+\s*$/.test(text)) {
        const { min, max } = (info.values ?? {}) as { min?: number; max?: number };
        throw new InvalidArgumentError(`must be a whole number from ${min ?? Number.MIN_SAFE_INTEGER} to ${max ?? Number.MAX_SAFE_INTEGER}.`);
      }
      throw new InvalidArgumentError(`must be ${TYPE_WORDS[info.type]}${rangeWords(info)}.`);
    }
    const problem = info.values !== undefined ? outside(value, info.type, info.values) : undefined;
    if (problem !== undefined) throw new InvalidArgumentError(`must be ${TYPE_WORDS[info.type]}${rangeWords(info)}.`);
    return value;
  };
}

/** `, at least 1`, `from 1 to 5`, `: one of a, b`: what a flag's values allow, after its type. */
function rangeWords(info: ConstantInfo): string {
  const values = info.values;
  if (values === undefined) return '';
  if (Array.isArray(values)) return `, each one of ${values.join(', ')}`;
  const { min, max } = values as { min?: number; max?: number };
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return `, at least ${min}`;
  return max !== undefined ? `, at most ${max}` : '';
}

function flagOption(constant: string, info: ConstantInfo): Option {
  const placeholder = { integer: '<n>', number: '<x>', string: '<value>', boolean: '<true|false>', 'string list': '<list>' }[info.type];
  const help = info.help !== '' ? info.help : `the constant ${constant}`;
  const range = info.values !== undefined && !Array.isArray(info.values) ? `; ${rangeWords(info).replace(/^,? /, '')}` : '';
  const list = info.type === 'string list' ? `, comma-separated${Array.isArray(info.values) ? `, each one of ${info.values.join(', ')}` : ''}` : '';
  const option = new Option(`--${info.flag} ${placeholder}`, `${help} (default: ${shown(info.default)}${list}${range})`);
  if (info.type === 'string' && Array.isArray(info.values)) option.choices(info.values);
  else option.argParser(flagParser(constant, info));
  return option;
}

/**
 * Adds to `command` a flag for each of the spec's constants, spelled as its description says; a
 * constant whose flag the command already has (`--depth` on simulate) is set with `--const` only.
 */
export function addSpecFlags(command: Command, source: SpecSource): SpecFlag[] {
  const spec = specOf(source);
  const flags: SpecFlag[] = [];
  const taken = new Set(command.options.flatMap((o) => [o.long, o.attributeName()]).concat(['--help', 'help', '--version', 'version']));
  for (const [constant, info] of Object.entries(constantInfoOf(spec))) {
    const option = flagOption(constant, info);
    if (taken.has(option.long) || taken.has(option.attributeName())) continue;
    taken.add(option.long).add(option.attributeName());
    command.addOption(option.helpGroup(`Constants of ${spec.name} (${sourceWords(source)}):`));
    flags.push({ constant, flag: info.flag, attribute: option.attributeName(), info });
  }
  return flags;
}

/** The constants set by the spec's flags in commander's parsed `options`. */
export function flagConstants(flags: readonly SpecFlag[], options: object): { [name: string]: ConstantValue } {
  const out: { [name: string]: ConstantValue } = {};
  for (const f of flags) {
    const value = (options as { [name: string]: unknown })[f.attribute];
    if (value !== undefined) out[f.constant] = value as ConstantValue;
  }
  return out;
}

/** The commands whose flags come from the spec they run. */
const SPEC_COMMANDS = new Set(['check', 'simulate', 'explore']);

/** The words of the command line up to `--`, and the subcommand they run (`help check` asks for check's). */
function commandOf(argv: readonly string[]): { name: string | undefined; words: readonly string[] } {
  const end = argv.indexOf('--');
  const words = end === -1 ? argv : argv.slice(0, end);
  const name = words[0] === 'help' ? words[1] : words[0];
  return { name: name !== undefined && SPEC_COMMANDS.has(name) ? name : undefined, words };
}

/** Every value given to `--name` (as `--name value` or `--name=value`), in order. */
function valuesOf(words: readonly string[], name: string): string[] {
  const values: string[] = [];
  words.forEach((word, i) => {
    if (word === `--${name}` && i + 1 < words.length) values.push(words[i + 1] as string);
    else if (word.startsWith(`--${name}=`)) values.push(word.slice(name.length + 3));
  });
  return values;
}

/** The last value given to `--name`. */
function valueOf(words: readonly string[], name: string): string | undefined {
  return valuesOf(words, name).at(-1);
}

/** Flags that say what a run is, and how each value given is read to compare two of them: as a path, a number or as it is. */
const SINGLE_FLAGS: readonly (readonly [name: string, meaning: (value: string, cwd: string) => string])[] = [
  ['spec', (value, cwd) => resolve(cwd, value)],
  ['matrix', (value, cwd) => resolve(cwd, value)],
  ['resume', (value, cwd) => resolve(cwd, value)],
  ['model', (value) => value],
  ['scenario', (value) => value],
  ['time-limit', (value) => String(Number(value))],
];

/**
 * Refuses a flag that says what a run is (its spec, matrix, checkpoint, model, scenario or time
 * limit) given twice with two meanings: commander would take the last one without a word.
 */
export function refuseRepeatedFlags(argv: readonly string[], cwd: string): void {
  const end = argv.indexOf('--');
  const words = end === -1 ? argv : argv.slice(0, end);
  for (const [name, meaning] of SINGLE_FLAGS) {
    const values = valuesOf(words, name);
    const other = values.find((value) => meaning(value, cwd) !== meaning(values[0] as string, cwd));
    if (other !== undefined) throw new UsageError(`option '--${name}' given twice (${values[0]}, ${other}): give one`);
  }
}

/**
 * For a command line that checks or simulates a spec, its `--time-limit`, read before the spec is
 * loaded so that the limit bounds its loading too (undefined when it gives none, or one commander
 * will refuse); undefined for any other command.
 */
export function runLimitFor(argv: readonly string[]): { readonly seconds: number | undefined } | undefined {
  const { name, words } = commandOf(argv);
  if (name !== 'check' && name !== 'simulate') return undefined;
  const seconds = Number(valueOf(words, 'time-limit'));
  return { seconds: Number.isFinite(seconds) && seconds > 0 ? seconds : undefined };
}

/**
 * The spec a command line runs, read before commander parses it so that the spec's flags can be
 * added first: `--spec` (loaded), else `--model`, else the model of `--scenario`, else the model of
 * the checkpoint `--resume` names, else the default model. Names it does not know fall back to the
 * default model, for commander to refuse with the allowed values.
 */
export async function specSourceFor(argv: readonly string[], io: CliIo): Promise<SpecSource> {
  const { name, words } = commandOf(argv);
  const fallback: SpecSource = { kind: 'model', entry: defaultModel() };
  if (name === undefined) return fallback;
  const file = valueOf(words, 'spec');
  if (file !== undefined) {
    const { spec, path } = await loadSpec(file, io.cwd);
    return { kind: 'module', spec, path, given: file };
  }
  const model = valueOf(words, 'model');
  if (model !== undefined) return { kind: 'model', entry: findModel(model) ?? defaultModel() };
  const scenario = valueOf(words, 'scenario');
  if (scenario !== undefined) return { kind: 'model', entry: modelOfScenario(scenario) ?? defaultModel() };
  const resume = name === 'check' ? valueOf(words, 'resume') : undefined;
  if (resume !== undefined) {
    try {
      const entry = modelOfModule(readCheckpointHeader(resolve(io.cwd, resume)).module);
      if (entry !== undefined) return { kind: 'model', entry };
    } catch {
      // The run itself reports a checkpoint it cannot read.
    }
  }
  return fallback;
}

/**
 * Refuses a flag of another built-in spec that the command (with `source`'s flags) does not take,
 * naming the spec it belongs to: `--entries` belongs to --model slave-bgsave.
 */
export function refuseForeignFlags(argv: readonly string[], command: Command, source: SpecSource): void {
  const { name, words } = commandOf(argv);
  if (name === undefined || name !== command.name()) return;
  const known = new Set(command.options.map((o) => o.long));
  for (const word of words) {
    if (!word.startsWith('--')) continue;
    const flag = word.split('=')[0] as string;
    if (known.has(flag)) continue;
    const owners = REGISTRY.filter((e) => Object.values(constantInfoOf(e.spec)).some((info) => `--${info.flag}` === flag));
    if (owners.length === 0) continue;
    const hint = source.kind === 'module' ? ": set this spec's constants with its own flags or --const name=value" : '';
    const models = owners.map((e) => `--model ${e.name}`).join(' or ');
    throw new UsageError(`option '${flag}' belongs to ${models}, not ${sourceWords(source)}${hint}`);
  }
}
