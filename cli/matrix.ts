import { readFileSync } from 'node:fs';
import { UsageError } from '../checker/index.js';
import { isJsonObject, parseJson } from './json.js';

/** What a case expects of one invariant. */
export interface Expectation {
  readonly verdict: 'holds' | 'violated';
  /** Length of the shortest trace, in states, when violated. */
  traceLength?: number;
}

/** A constant's value in a matrix: what a flag or JSON can give. */
export type ConstantValue = number | string | boolean | readonly (number | string)[];

function isConstantValue(value: unknown): value is ConstantValue {
  const scalar = (v: unknown): boolean => typeof v === 'number' || typeof v === 'string';
  return scalar(value) || typeof value === 'boolean' || (Array.isArray(value) && value.every(scalar));
}

/** One case of the matrix: a model, its constants, and the expected verdict of each invariant. */
export interface MatrixCase {
  readonly name: string;
  /** A built-in model, or the path of the spec given by `--spec` (whose matrix names no model). */
  readonly model: string;
  /** A named scenario whose constants the case starts from (its own constants override them). */
  readonly scenario?: string;
  readonly constants: { readonly [name: string]: ConstantValue };
  readonly description?: string;
  readonly expect: { [invariant: string]: Expectation };
  /** Expected number of distinct states, pinned where every invariant holds. */
  distinct?: number;
}

/** A matrix file: a list of cases. */
export interface Matrix {
  readonly description?: string;
  readonly cases: MatrixCase[];
}

/** A question asked of one case: its model, its scenario and its own constants. */
export type CaseQuestion<T> = (model: string, scenario: string | undefined, constants: { readonly [name: string]: unknown }) => T;

/** Checks that a constant name and value are ones the model takes, returning a problem or undefined. */
export type ConstantValidator = CaseQuestion<string | undefined>;

const CASE_FIELDS = new Set(['name', 'model', 'scenario', 'constants', 'description', 'expect', 'distinct']);
const TOP_FIELDS = new Set(['description', 'cases', '$schema']);
const EXPECT_FIELDS = new Set(['verdict', 'traceLength']);

/**
 * Reads and validates a matrix file; any problem is a UsageError naming the file, the case and the
 * field, and nothing is run on a half-valid file.
 */
export function loadMatrix(
  path: string,
  validateConstants: ConstantValidator,
  /** The invariants of a case's model with its own scenario and constants; undefined when they cannot be known. */
  knownInvariants: CaseQuestion<readonly string[] | undefined>,
  /** The spec given by `--spec`: every case is of it, and a case may not name a model. */
  oneSpec?: string,
): Matrix {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new UsageError(`${path}: cannot read the matrix file (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`);
  }
  const json = parseJson(text);
  if (!json.ok) throw new UsageError(`${path}: not valid JSON: ${json.reason}`);
  const data = json.value;
  const fail = (where: string, message: string): never => {
    throw new UsageError(`${path}: ${where}: ${message}`);
  };
  if (!isJsonObject(data)) return fail('top level', 'must be an object with a "cases" array');
  for (const key of Object.keys(data)) if (!TOP_FIELDS.has(key)) fail('top level', `unknown field "${key}" (allowed: description, cases)`);
  if (!Array.isArray(data['cases'])) return fail('top level', 'field "cases" must be an array');
  // A matrix of no case would pass having checked nothing.
  if (data['cases'].length === 0) fail('top level', 'field "cases" is empty: give at least one case to check');
  const names = new Set<string>();
  const cases = (data['cases'] as unknown[]).map((raw, index): MatrixCase => {
    const where0 = `case #${index + 1}`;
    if (!isJsonObject(raw)) return fail(where0, 'must be an object');
    const name = raw['name'];
    if (typeof name !== 'string' || name === '') return fail(where0, 'field "name" must be a non-empty string');
    const where = `case "${name}"`;
    if (names.has(name)) fail(where, 'field "name": the name is used by another case');
    names.add(name);
    for (const key of Object.keys(raw)) {
      if (!CASE_FIELDS.has(key)) fail(where, `unknown field "${key}" (allowed: ${[...CASE_FIELDS].join(', ')})`);
    }
    if (oneSpec !== undefined && raw['model'] !== undefined) fail(where, `field "model": every case is of the spec given by --spec (${oneSpec}); remove the field`);
    const model = oneSpec ?? raw['model'] ?? 'replication';
    if (typeof model !== 'string') return fail(where, 'field "model" must be a string');
    const scenario = raw['scenario'];
    if (scenario !== undefined && typeof scenario !== 'string') fail(where, 'field "scenario" must be a string');
    const constants = raw['constants'] ?? {};
    if (!isJsonObject(constants)) return fail(where, 'field "constants" must be an object');
    for (const [key, value] of Object.entries(constants)) {
      if (!isConstantValue(value)) fail(where, `field "constants.${key}" must be a number, a string, true or false, or a list of numbers and strings`);
    }
    const problem = validateConstants(model, scenario as string | undefined, constants);
    if (problem !== undefined) fail(where, problem);
    const expect = raw['expect'];
    if (!isJsonObject(expect) || Object.keys(expect).length === 0) return fail(where, 'field "expect" must map each invariant to { "verdict": "holds" | "violated" }');
    const invariants = knownInvariants(model, scenario as string | undefined, constants);
    const parsed: { [invariant: string]: Expectation } = {};
    for (const [invariant, value] of Object.entries(expect)) {
      const field = `field "expect.${invariant}"`;
      if (invariants && !invariants.includes(invariant)) fail(where, `${field}: unknown invariant (valid: ${invariants.join(', ')})`);
      if (!isJsonObject(value)) return fail(where, `${field} must be an object with a "verdict"`);
      for (const key of Object.keys(value)) if (!EXPECT_FIELDS.has(key)) fail(where, `${field}: unknown field "${key}" (allowed: verdict, traceLength)`);
      const verdict = value['verdict'];
      if (verdict === undefined) fail(where, `${field}: missing "verdict" (holds or violated)`);
      if (verdict !== 'holds' && verdict !== 'violated') fail(where, `${field}.verdict must be "holds" or "violated", got ${JSON.stringify(verdict)}`);
      const traceLength = value['traceLength'];
      if (traceLength !== undefined && (!Number.isInteger(traceLength) || (traceLength as number) < 1)) {
        fail(where, `${field}.traceLength must be a whole number of states, at least 1`);
      }
      if (traceLength !== undefined && verdict === 'holds') fail(where, `${field}: a trace length is only for "violated"`);
      parsed[invariant] = { verdict: verdict as Expectation['verdict'], ...(traceLength !== undefined ? { traceLength: traceLength as number } : {}) };
    }
    const distinct = raw['distinct'];
    if (distinct !== undefined && (!Number.isInteger(distinct) || (distinct as number) < 1)) fail(where, 'field "distinct" must be a whole number, at least 1');
    const description = raw['description'];
    if (description !== undefined && typeof description !== 'string') fail(where, 'field "description" must be a string');
    return {
      name,
      model,
      ...(scenario !== undefined ? { scenario: scenario as string } : {}),
      constants: constants as MatrixCase['constants'],
      ...(description !== undefined ? { description: description as string } : {}),
      expect: parsed,
      ...(distinct !== undefined ? { distinct: distinct as number } : {}),
    };
  });
  return { ...(typeof data['description'] === 'string' ? { description: data['description'] } : {}), cases };
}

/**
 * Writes a matrix in the one layout pika-mc uses (two-space indentation, leaf objects on one line,
 * fields in a fixed order), so that `--update` gives small, readable diffs and is stable. The cases
 * of a matrix for `--spec` (`withModel` false) name no model.
 */
export function formatMatrix(matrix: Matrix, withModel = true): string {
  const leaf = (value: unknown): string => JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ').replace(/\{ /g, '{ ').replace(/ \}/g, ' }');
  const lines: string[] = ['{'];
  if (matrix.description !== undefined) lines.push(`  "description": ${JSON.stringify(matrix.description)},`);
  lines.push('  "cases": [');
  matrix.cases.forEach((c, i) => {
    const fields: string[] = [`      "name": ${JSON.stringify(c.name)}`];
    if (c.description !== undefined) fields.push(`      "description": ${JSON.stringify(c.description)}`);
    if (withModel) fields.push(`      "model": ${JSON.stringify(c.model)}`);
    if (c.scenario !== undefined) fields.push(`      "scenario": ${JSON.stringify(c.scenario)}`);
    fields.push(`      "constants": ${leaf(c.constants)}`);
    const expect = Object.entries(c.expect).map(([name, e]) => `        ${JSON.stringify(name)}: ${leaf(e)}`);
    fields.push(`      "expect": {\n${expect.join(',\n')}\n      }`);
    if (c.distinct !== undefined) fields.push(`      "distinct": ${c.distinct}`);
    lines.push(`    {\n${fields.join(',\n')}\n    }${i < matrix.cases.length - 1 ? ',' : ''}`);
  });
  lines.push('  ]', '}');
  return `${lines.join('\n')}\n`;
}

/** Parses `--shard i/n`. */
export function parseShard(text: string): { readonly index: number; readonly count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index < 1 || index > count) {
    throw new UsageError(`option '--shard' argument '${text}' is invalid. Use i/n with 1 <= i <= n, e.g. 1/4.`);
  }
  return { index, count };
}

/** The stable slice a case belongs to: by a hash of its name, so adding a case moves no other case. */
export function shardOf(name: string, count: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return ((h >>> 0) % count) + 1;
}
