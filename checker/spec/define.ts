import { SpecBuildError } from '../errors.js';
import { describeConstants } from './constants.js';
import { DEFINITION_FIELDS, refuseUnknownFields } from './fields.js';
import { Branches } from './types.js';
import type { Actions, Branch, Constants, ConstantsInput, ConstantsShape, Spec, SpecBody, SpecDefinition, State, Successors, ValuesOf } from './types.js';

/**
 * Builds a spec from its definition; `check` explores it for any choice of its constants. The
 * constants' types are read off their defaults (`{ N: 3 }` and `{ N: { default: 3, help } }` both
 * give `N: number`), or given as the second type argument (the constants' type, or their descriptions' type).
 * A definition it cannot take (no name, no build, a field it does not have, a constant it cannot
 * describe) is a SpecBuildError. `B`, the body `build` returns, may have only a body's fields, so
 * that TypeScript refuses a misspelled one; `compile` refuses it at run time.
 */
export function defineSpec<S extends State, I extends ConstantsShape = Constants, const A extends Actions<S> = Actions<S>, B = unknown>(
  definition: Omit<SpecDefinition<S, ValuesOf<I>, A>, 'constants' | 'build'> & {
    readonly constants?: I | ConstantsInput<ValuesOf<I>>;
    readonly build: (constants: ValuesOf<I>) => SpecBody<S, A> & B & OnlyBodyFields<B>;
  },
): Spec<S, ValuesOf<I>> {
  if (typeof definition !== 'object' || definition === null) throw new SpecBuildError('', 'defineSpec: a spec is defined by an object: { name, constants?, build }');
  const label = typeof definition.name === 'string' ? definition.name : '';
  // A spec spread into a definition (`{ ...Base, name: 'Variant' }`) brings the fields defineSpec made, its constants' descriptions among them.
  const base = isSpec(definition) ? definition : undefined;
  refuseUnknownFields(label, `defineSpec${label === '' ? '' : `(${label})`}: the definition`, definition, base ? [...DEFINITION_FIELDS, ...SPEC_FIELDS] : DEFINITION_FIELDS);
  if (label === '') throw new SpecBuildError(label, 'defineSpec: a spec needs a non-empty name');
  if (typeof definition.build !== 'function') {
    throw new SpecBuildError(label, `defineSpec(${label}): build must be a function of the constants`);
  }
  const { defaults, info } = describeConstants(definition.name, definition.constants ?? base?.constantInfo ?? {});
  return {
    kind: 'pika-mc/spec',
    name: definition.name,
    description: definition.description ?? '',
    defaults: defaults as ValuesOf<I>,
    constantInfo: info as Spec<S, ValuesOf<I>>['constantInfo'],
    validate: definition.validate ?? (() => undefined),
    build: definition.build,
    scenarios: definition.scenarios ?? [],
    ...(definition.explain !== undefined ? { explain: definition.explain } : {}),
    ...(definition.summarize !== undefined ? { summarize: definition.summarize } : {}),
  };
}

/** The fields of a spec besides those of its definition: a spec spread into a definition has them. */
const SPEC_FIELDS = ['kind', 'defaults', 'constantInfo'];

/** Refuses, as a type, a field of the body `B` that a spec body does not have: its type is never. */
type OnlyBodyFields<B> = { readonly [K in Exclude<keyof B, keyof SpecBody<State>>]: never };

/** True when `value` is a spec built by `defineSpec`. */
export function isSpec(value: unknown): value is Spec {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'pika-mc/spec';
}

function branchesOf<S extends State>(result: Successors<S>): readonly Branch<S>[] {
  if (result === null || result === undefined || result === false) return [];
  if (result instanceof Branches) return result.items;
  return [{ args: [], state: result }];
}

/**
 * TLA+'s `\E x \in domain : body(x)` inside an action: one successor per value for which the body is
 * enabled, each labelled with that value (so `LockKey(c1)` choosing `k2` prints `LockKey(c1, k2)`).
 */
export function exists<S extends State, T>(domain: Iterable<T>, body: (value: T) => Successors<S>): Branches<S> {
  const items: Branch<S>[] = [];
  for (const value of domain) {
    const result = body(value);
    if (result === null || result === undefined || result === false) continue;
    if (result instanceof Branches) {
      for (const branch of result.items) items.push({ args: [value, ...branch.args], state: branch.state });
    } else {
      items.push({ args: [value], state: result });
    }
  }
  return new Branches(items);
}

/**
 * TLA+'s disjunction `A \/ B` inside an action: each enabled disjunct is a successor of its own, as
 * TLC counts them (two true guards give two successors, even when they are equal).
 */
export function either<S extends State>(...alternatives: Successors<S>[]): Branches<S> {
  const items: Branch<S>[] = [];
  for (const alternative of alternatives) items.push(...branchesOf(alternative));
  return new Branches(items);
}
