import { messageOf, SpecBuildError, UsageError } from '../errors.js';
import { closest, CONSTANT_FIELDS, refuseUnknownFields } from './fields.js';
import type { ConstantInfo, ConstantType, ConstantValue, ConstantValues, Constants, Spec, State } from './types.js';

export type { ConstantType } from './types.js';

/** The type of a constant value, as `--const` parses it. */
export function constantType(value: ConstantValue): ConstantType {
  if (Array.isArray(value)) return 'string list';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as 'string' | 'boolean';
}

/** The kebab-case of a constant's name, its flag unless its description names one: `lockScope` → `lock-scope`, `RM` → `rm`. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
}

function isDescription(value: unknown): value is { readonly default: ConstantValue; readonly help?: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, 'default');
}

function looksDescribed(value: unknown): value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.keys(value).some((key) => (CONSTANT_FIELDS as readonly string[]).includes(key) || closest(key, CONSTANT_FIELDS) !== undefined);
}

const TYPES: readonly ConstantType[] = ['integer', 'number', 'string', 'boolean', 'string list'];

/**
 * Splits a definition's constants into their defaults and their descriptions, refusing a description
 * the spec cannot mean (a default of another type, a default outside its own values).
 */
export function describeConstants(specName: string, input: { readonly [name: string]: unknown }): { defaults: Constants; info: { [name: string]: ConstantInfo } } {
  const defaults: { [name: string]: ConstantValue } = {};
  const info: { [name: string]: ConstantInfo } = {};
  for (const [name, given] of Object.entries(input)) {
    const fail = (what: string): never => {
      throw new SpecBuildError(specName, `defineSpec(${specName}): constant '${name}' ${what}`);
    };
    // An object with a field of a description, or one close to it (`defualt`), is one: its misspelled fields are refused.
    if (looksDescribed(given)) refuseUnknownFields(specName, `defineSpec(${specName}): constant '${name}'`, given, CONSTANT_FIELDS);
    const value = (isDescription(given) ? given.default : given) as ConstantValue;
    const described = isDescription(given) ? (given as { help?: unknown; type?: unknown; values?: unknown; flag?: unknown }) : {};
    if (!isValue(value)) fail('needs a default: a number, string, boolean or list of strings');
    if (described.type !== undefined && !TYPES.includes(described.type as ConstantType)) fail(`has an unknown type ${JSON.stringify(described.type)} (known: ${TYPES.join(', ')})`);
    const type = (described.type as ConstantType | undefined) ?? constantType(value);
    if (!hasType(value, type)) fail(`has a default ${JSON.stringify(value)} that is not ${article(type)} ${type}`);
    const flag = described.flag ?? kebabCase(name);
    if (typeof flag !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(flag)) fail(`has a flag ${JSON.stringify(flag)}: a flag is lower-case letters, digits and dashes`);
    const values = described.values as ConstantValues | undefined;
    if (values !== undefined) {
      const list = type === 'string' || type === 'string list';
      if (list !== Array.isArray(values)) fail(list ? 'takes its values as a list of strings' : 'takes its values as { min, max }');
    }
    const problem = values !== undefined ? outside(value, type, values) : undefined;
    if (problem !== undefined) fail(`has a default ${JSON.stringify(value)} outside its own values (${problem})`);
    defaults[name] = value;
    info[name] = {
      default: value,
      help: typeof described.help === 'string' ? described.help : '',
      type,
      ...(values !== undefined ? { values } : {}),
      flag: flag as string,
    };
  }
  return { defaults, info };
}

function isValue(value: unknown): value is ConstantValue {
  return typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' || (Array.isArray(value) && value.every((x) => typeof x === 'string'));
}

/** Each constant's description; for a spec made by another copy of pika-mc without them, the ones its defaults give. */
export function constantInfoOf(spec: Spec<State, Constants>): { readonly [name: string]: ConstantInfo } {
  return (spec.constantInfo as { readonly [name: string]: ConstantInfo } | undefined) ?? describeConstants(spec.name, spec.defaults).info;
}

/** What `values` allows, in words: `one of a, b`, `an integer ≥ 1`, `an integer from 1 to 5`. */
export function allowedText(type: ConstantType, values: ConstantValues | undefined): string {
  if (values === undefined) return `${article(type)} ${type}`;
  if (Array.isArray(values)) return type === 'string list' ? `a list of ${values.join(', ')}` : `one of ${values.join(', ')}`;
  const { min, max } = values as { min?: number; max?: number };
  const what = `${article(type)} ${type}`;
  if (min !== undefined && max !== undefined) return `${what} from ${min} to ${max}`;
  if (min !== undefined) return `${what} ≥ ${min}`;
  if (max !== undefined) return `${what} ≤ ${max}`;
  return what;
}

/** Undefined when `value` is among `values`, else what is allowed. */
export function outside(value: ConstantValue, type: ConstantType, values: ConstantValues): string | undefined {
  if (Array.isArray(values)) {
    const items = Array.isArray(value) ? (value as readonly string[]) : [value as string];
    return items.every((item) => values.includes(item)) ? undefined : allowedText(type, values);
  }
  const { min, max } = values as { min?: number; max?: number };
  const n = value as number;
  return (min !== undefined && n < min) || (max !== undefined && n > max) ? allowedText(type, values) : undefined;
}

function hasType(value: unknown, type: ConstantType): boolean {
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'string list':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
  }
}

/**
 * Merges overrides into the spec's defaults, refusing unknown names, wrong types, values outside a
 * constant's described values, and combinations the spec's `validate` rejects (naming the spec and
 * the constants given, before the spec's message).
 */
export function resolveConstants<S extends State, C extends Constants>(spec: Spec<S, C>, overrides: Partial<C> = {}): C {
  const names = Object.keys(spec.defaults);
  const info = constantInfoOf(spec as unknown as Spec<State, Constants>);
  const merged: Record<string, ConstantValue> = { ...spec.defaults };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (!Object.hasOwn(spec.defaults, name)) {
      const known = names.length > 0 ? names.join(', ') : 'none';
      throw new UsageError(`unknown constant '${name}' for spec ${spec.name} (its constants: ${known})`);
    }
    const refusal = valueRefusal(name, value, info[name] ?? { type: constantType(spec.defaults[name] as ConstantValue) });
    if (refusal !== undefined) throw new UsageError(refusal);
    merged[name] = value as ConstantValue;
  }
  const constants = merged as C;
  let problem: string | undefined;
  try {
    problem = spec.validate(constants);
  } catch (cause) {
    throw new SpecBuildError(spec.name, `spec ${spec.name}: validate threw: ${messageOf(cause)}`);
  }
  if (problem !== undefined) {
    const given = Object.entries(overrides).filter(([, value]) => value !== undefined) as [string, ConstantValue][];
    const which = given.length === 0 ? 'its default constants' : `these constants (${constantsText(given)})`;
    throw new UsageError(`${spec.name} refuses ${which}: ${problem}`);
  }
  return constants;
}

/** `name=value, …`, each value as `--const` takes it: a list as a set of model values, `{c1, c2}`. */
function constantsText(constants: readonly (readonly [string, ConstantValue])[]): string {
  // A list's items bare, as model values, unless one would not read as one (a comma, a brace, a quote or a line break in it).
  const item = (x: string): string => (/^[^\s,{}"]+$/.test(x) ? x : JSON.stringify(x));
  const show = (v: ConstantValue): string => (Array.isArray(v) ? `{${v.map(item).join(', ')}}` : typeof v === 'string' ? JSON.stringify(v) : String(v));
  return constants
    .map(([name, value]) => `${name}=${show(value as ConstantValue)}`)
    .join(', ');
}

/**
 * Why `value` cannot be the spec's constant `name` (of a known name): a value of another type, or
 * outside the constant's values; undefined when it can.
 */
export function constantRefusal<S extends State, C extends Constants>(spec: Spec<S, C>, name: string, value: unknown): string | undefined {
  const info = constantInfoOf(spec as unknown as Spec<State, Constants>)[name] ?? { type: constantType(spec.defaults[name] as ConstantValue) };
  return valueRefusal(name, value, info);
}

function valueRefusal(name: string, value: unknown, { type, values }: { readonly type: ConstantType; readonly values?: ConstantValues }): string | undefined {
  if (!hasType(value, type)) return `constant '${name}' must be ${article(type)} ${type}, got ${JSON.stringify(value)}`;
  // A list constant is a set of model values (TLA+'s `{c1, c2}`): a name given twice would be two values printed alike.
  const repeated = type === 'string list' ? (value as readonly string[]).find((item, i, all) => all.indexOf(item) !== i) : undefined;
  if (repeated !== undefined) return `constant '${name}' is a set of model values, each named once: '${repeated}' is given twice in ${JSON.stringify(value)}`;
  const problem = values !== undefined ? outside(value as ConstantValue, type, values) : undefined;
  return problem !== undefined ? `constant '${name}' must be ${problem}, got ${JSON.stringify(value)}` : undefined;
}

function article(type: ConstantType): string {
  return type === 'integer' ? 'an' : 'a';
}
