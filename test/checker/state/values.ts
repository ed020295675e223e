import { is, isOrdered, List, Map as IMap, OrderedMap, OrderedSet, Record, Set as ISet, Stack } from 'immutable';

export const Inner = Record({ k: '', n: 0 }, 'Inner');
export const Outer = Record({ inner: Inner(), tags: ISet<string>(), log: List<unknown>() }, 'Outer');

/** One value of every kind a state may hold, each nested in collections too. */
export const VALUES: [string, unknown][] = [
  ['an integer', 42],
  ['a negative integer', -7],
  ['a float', 0.1],
  ['a large number', 2 ** 53],
  ['-0', -0],
  ['Infinity', Infinity],
  ['NaN', NaN],
  ['a string', 'c1'],
  ['an empty string', ''],
  ['true', true],
  ['false', false],
  ['null', null],
  ['undefined', undefined],
  ['a List', List([1, 'a', null])],
  ['a Stack', Stack([3, 2, 1])],
  ['a Set', ISet([1, 2, 3])],
  ['an OrderedSet', OrderedSet(['z', 'a', 'm'])],
  ['a Map', IMap<unknown, unknown>([['a', 1], [2, 'b'], [List([1]), ISet([2])]])],
  ['an OrderedMap', OrderedMap([['z', 1], ['a', 2]])],
  ['a Record', Inner({ k: 'k1', n: 3 })],
  ['a nested Record', Outer({ inner: Inner({ k: 'x' }), tags: ISet(['t']), log: List([Inner(), undefined, Stack([IMap({ a: 1 })])]) })],
  ['empty collections', List([List(), ISet(), IMap(), OrderedSet(), OrderedMap(), Stack()])],
];

/** Same value, same type at every level (a List is not a Stack, a Set not an OrderedSet), same order where ordered. */
export function sameShape(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null) return Object.is(a, b);
  if (typeof b !== 'object' || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b) || !is(a, b)) return false;
  if (isOrdered(a)) {
    const xs = [...(a as Iterable<unknown>)];
    const ys = [...(b as Iterable<unknown>)];
    return xs.every((x, i) => (Array.isArray(x) ? sameShape(x[0], (ys[i] as unknown[])[0]) && sameShape(x[1], (ys[i] as unknown[])[1]) : sameShape(x, ys[i])));
  }
  return true;
}

