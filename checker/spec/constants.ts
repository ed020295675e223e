import { messageOf, SpecBuildError, UsageError } from '../errors.js';
import type { ConstantValue, Constants, Spec, State } from './types.js';

/** The type a constant has, read off its default value. */
export type ConstantType = 'integer' | 'number' | 'string' | 'boolean' | 'string list';

/** The type of a constant value, as `--const` parses it. */
export function constantType(value: ConstantValue): ConstantType {
  if (Array.isArray(value)) return 'string list';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as 'string' | 'boolean';
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

/** Merges overrides into the spec's defaults, refusing unknown names, wrong types and values the spec rejects. */
export function resolveConstants<S extends State, C extends Constants>(spec: Spec<S, C>, overrides: Partial<C> = {}): C {
  const names = Object.keys(spec.defaults);
  const merged: Record<string, ConstantValue> = { ...spec.defaults };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (!Object.hasOwn(spec.defaults, name)) {
      const known = names.length > 0 ? names.join(', ') : 'none';
      throw new UsageError(`unknown constant '${name}' for spec ${spec.name} (its constants: ${known})`);
    }
    const type = constantType(spec.defaults[name] as ConstantValue);
    if (!hasType(value, type)) {
      throw new UsageError(`constant '${name}' must be ${article(type)} ${type}, got ${JSON.stringify(value)}`);
    }
    merged[name] = value as ConstantValue;
  }
  const constants = merged as C;
  let problem: string | undefined;
  try {
    problem = spec.validate(constants);
  } catch (cause) {
    throw new SpecBuildError(spec.name, `spec ${spec.name}: validate threw: ${messageOf(cause)}`);
  }
  if (problem !== undefined) throw new UsageError(problem);
  return constants;
}

function article(type: ConstantType): string {
  return type === 'integer' ? 'an' : 'a';
}
