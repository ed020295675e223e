import { Branches } from './types.js';
import type { Actions, Branch, Constants, Spec, SpecDefinition, State, Successors } from './types.js';

/** Builds a spec from its definition; `check` explores it for any choice of its constants. */
export function defineSpec<
  S extends State,
  C extends Constants = Record<string, never>,
  const A extends Actions<S> = Actions<S>,
>(definition: SpecDefinition<S, C, A>): Spec<S, C> {
  if (typeof definition.name !== 'string' || definition.name === '') {
    throw new TypeError('defineSpec: a spec needs a non-empty name');
  }
  if (typeof definition.build !== 'function') {
    throw new TypeError(`defineSpec(${definition.name}): build must be a function of the constants`);
  }
  return {
    kind: 'pika-mc/spec',
    name: definition.name,
    description: definition.description ?? '',
    defaults: (definition.constants ?? {}) as C,
    validate: definition.validate ?? (() => undefined),
    build: definition.build,
  };
}

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
