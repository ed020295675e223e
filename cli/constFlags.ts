import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { constantRefusal, constantType } from '../checker/spec/constants.js';
import { UsageError } from '../checker/index.js';
import type { ConstantValue, Constants, Spec, State } from '../checker/index.js';
import { parseJson } from './json.js';

/** The options that set constants by name: `--constants file.json`, then `--const name=value`. */
export interface ConstantOptions {
  readonly const?: readonly string[];
  readonly constants?: string;
}

function known(spec: Spec<State, Constants>, name: string, origin: string): ConstantValue {
  if (!Object.hasOwn(spec.defaults, name)) {
    const names = Object.keys(spec.defaults);
    throw new UsageError(`${origin}: unknown constant '${name}' for spec ${spec.name} (its constants: ${names.length > 0 ? names.join(', ') : 'none'})`);
  }
  return spec.defaults[name] as ConstantValue;
}

function stringList(text: string): string[] | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      return Array.isArray(parsed) && parsed.every((x) => typeof x === 'string') ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  // Comma-separated, or a TLA+ set of model values: `{r1, r2}`.
  const inner = trimmed.startsWith('{') && trimmed.endsWith('}') ? trimmed.slice(1, -1) : trimmed;
  return inner.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/**
 * What a list constant given a bare count (`3` for three clients) should have been: names, such as
 * `c1,c2,c3` after a default of `c1,c2`. A list of one numeral is never taken as a count, nor as a
 * list: it is refused with this hint.
 */
export function countHint(count: string, defaults: ConstantValue | undefined): string {
  if (Number(count) < 1) return 'a list of names, not a count';
  const n = Math.min(Number(count), 9);
  const first = Array.isArray(defaults) && typeof defaults[0] === 'string' ? defaults[0] : 'v1';
  const stem = /^(.*?)\d+$/.exec(first)?.[1] || 'v';
  const names = Array.from({ length: n }, (_, i) => `${stem}${i + 1}`).join(',');
  return `a list of names, not a count (for ${count}, name them: ${names}${Number(count) > n ? ',…' : ''})`;
}

/** Parses `value` as the type of the constant's default: integer, number, boolean, string or string list. */
export function parseConstant(name: string, type: ReturnType<typeof constantType>, value: string, defaults?: ConstantValue): ConstantValue {
  const fail = (what: string): never => {
    throw new UsageError(`--const ${name}: must be ${what}, got '${value}'`);
  };
  const text = value.trim();
  switch (type) {
    case 'integer': {
      const n = Number(text);
      return /^[+-]?\d+$/.test(text) && Number.isSafeInteger(n) ? n : fail('an integer');
    }
    case 'number': {
      const n = Number(text);
      return text !== '' && Number.isFinite(n) ? n : fail('a number');
    }
    case 'boolean':
      if (/^true$/i.test(text)) return true;
      if (/^false$/i.test(text)) return false;
      return fail('true or false');
    case 'string':
      return value;
    case 'string list':
      if (/^\d+$/.test(text)) return fail(countHint(text, defaults));
      return stringList(value) ?? fail('a list of strings (a,b or ["a","b"])');
  }
}

/** The constants set by `--const name=value` flags, each parsed by its constant's type. */
export function constFlags(spec: Spec<State, Constants>, pairs: readonly string[]): { [name: string]: ConstantValue } {
  const out: { [name: string]: ConstantValue } = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--const '${pair}': expected name=value`);
    const name = pair.slice(0, eq).trim();
    const defaults = known(spec, name, '--const');
    out[name] = parseConstant(name, constantType(defaults), pair.slice(eq + 1), defaults);
  }
  return out;
}

/** The constants of a `--constants` JSON file: an object of name → value, each checked by name and type, naming the file. */
export function constantsFile(spec: Spec<State, Constants>, file: string, cwd: string): { [name: string]: unknown } {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch {
    throw new UsageError(`--constants: cannot read ${file}`);
  }
  const json = parseJson(text);
  if (!json.ok) throw new UsageError(`--constants: ${file} is not valid JSON (${json.reason})`);
  const parsed = json.value;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`--constants: ${file} must hold a JSON object of constant name → value`);
  }
  for (const [name, value] of Object.entries(parsed)) {
    known(spec, name, `--constants ${file}`);
    const refusal = constantRefusal(spec, name, value);
    if (refusal !== undefined) throw new UsageError(`--constants ${file}: ${refusal}`);
  }
  return parsed as { [name: string]: unknown };
}

/** Constants from `--constants` then `--const` (the flags win), for `spec`. */
export function userConstants(spec: Spec<State, Constants>, options: ConstantOptions, cwd: string): Partial<Constants> {
  return {
    ...(options.constants !== undefined ? constantsFile(spec, options.constants, cwd) : {}),
    ...constFlags(spec, options.const ?? []),
  } as Partial<Constants>;
}
