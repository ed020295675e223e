import { SpecBuildError } from '../errors.js';

/** The fields `defineSpec` takes. */
export const DEFINITION_FIELDS = ['name', 'description', 'constants', 'validate', 'build', 'scenarios', 'explain', 'summarize'] as const;

/** The fields of the body a spec's `build` returns. */
export const BODY_FIELDS = [
  'init',
  'actions',
  'invariants',
  'reachable',
  'constraint',
  'terminal',
  'deadlock',
  'variables',
  'modelValues',
  'symmetry',
  'properties',
  'fairness',
] as const;

/** The fields of an action given in full. */
export const ACTION_FIELDS = ['params', 'where', 'next', 'source', 'description', 'actor'] as const;

/** The fields of a constant given with its description. */
export const CONSTANT_FIELDS = ['default', 'help', 'type', 'values', 'flag'] as const;

/** The fields of an invariant or reachability property given with its description. */
export const PREDICATE_FIELDS = ['holds', 'description'] as const;

/**
 * Refuses a field of `value` that is not among `allowed`, naming it, the one it is closest to, and
 * the allowed ones: a misspelled field would otherwise be ignored, and the run pass without it.
 * `where` names the object in the message (`spec X: action Go`).
 */
export function refuseUnknownFields(spec: string, where: string, value: object, allowed: readonly string[]): void {
  for (const field of Object.keys(value)) {
    if (allowed.includes(field)) continue;
    const near = closest(field, allowed);
    const hint = near !== undefined ? ` (did you mean '${near}'?)` : '';
    throw new SpecBuildError(spec, `${where} has an unknown field '${field}'${hint}; its fields are ${allowed.join(', ')}`);
  }
}

/** The allowed name `name` is likely a misspelling of: within two fifths of its length in edits (one at least, less than all of it), case aside. */
export function closest(name: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(1, Math.round(name.length * 0.4)) && bestDistance < name.length ? best : undefined;
}

/** Levenshtein distance: the fewest insertions, deletions and substitutions turning `a` into `b`. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] as number;
}
