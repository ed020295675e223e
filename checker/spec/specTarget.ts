import { UsageError } from '../errors.js';
import { isSpec } from './define.js';
import type { Model } from './model.js';
import type { Spec, State } from './types.js';

/** True when `value` has the shape of a model made by `compile`. */
export function isModel(value: unknown): value is Model<State> {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as { [key: string]: unknown };
  return typeof m['name'] === 'string' && typeof m['init'] === 'function' && Array.isArray(m['actions']) && Array.isArray(m['invariants']);
}

/** What a value is, in a few words: `the number 42`, `an object with name, build`. */
function described(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (typeof value === 'string') return `the string '${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `the ${typeof value} ${String(value)}`;
  if (typeof value === 'function') return `a function${value.name !== '' ? ` (${value.name})` : ''}`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value !== 'object') return `a ${typeof value}`;
  const keys = Object.keys(value);
  if (keys.length === 0) return 'an object with no properties';
  return `an object with ${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', …' : ''}`;
}

/**
 * The path under `value` at which a spec is, when `value` is a module's exports whose default (or
 * default's default) export is one: what a CommonJS project's `import spec from './x.ts'` gives.
 */
function nestedSpec(value: unknown): { path: string; spec: Spec } | undefined {
  let inner = value;
  let path = '';
  for (let depth = 0; depth < 2; depth++) {
    if (typeof inner !== 'object' || inner === null || !('default' in inner)) return undefined;
    inner = (inner as { default: unknown }).default;
    path += '.default';
    if (isSpec(inner)) return { path, spec: inner };
  }
  return undefined;
}

/**
 * Refuses, with a UsageError that says what was given and what is expected, a `value` that is not a
 * spec made by `defineSpec` (nor, when `models` is true, a model made by `compile`). `caller` names
 * the entry point in the message; a compiled model given where only a spec is taken is named as one.
 * A module's exports whose default is a spec are refused too, with
 * the `.default` to pass: taking the spec out silently would hide that the module was loaded as
 * another module system sees it.
 */
export function refuseNonSpec(value: unknown, caller: string, models: boolean): void {
  if (isSpec(value) || (models && isModel(value))) return;
  if (isModel(value)) throw new UsageError(`${caller}: got a model already compiled (${value.name}): pass the spec made by defineSpec, with the constants to compile it with`);
  const nested = nestedSpec(value);
  if (nested !== undefined) {
    throw new UsageError(
      `${caller}: got a module's exports, whose ${nested.path.slice(1)} is the spec ${nested.spec.name}: pass its ${nested.path} (in a CommonJS project, a default import of an ES module gives its exports)`,
    );
  }
  throw new UsageError(`${caller}: expected a spec made by defineSpec${models ? ' or a model made by compile' : ''}, got ${described(value)}`);
}
