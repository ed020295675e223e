import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { List, Map as IMap, OrderedMap, OrderedSet, Record, Set as ISet, Stack } from 'immutable';
import { Fingerprinter, NotAValueError } from '../../../checker/state/fingerprint.js';

/** The 64-bit fingerprint of `value` as [hi, lo]. */
function fp(value: unknown, fingerprinter = new Fingerprinter()): [number, number] {
  fingerprinter.fingerprint(value);
  return [fingerprinter.hi, fingerprinter.lo];
}

/** A state shaped like Pika's: small integers, a flag, a map per client, a set of keys, a log. */
const PikaLike = Record({
  applied: 0,
  serving: false,
  step: IMap<string, number>(),
  done: ISet<string>(),
  binlog: List<number>(),
});

const CLIENTS = ['c1', 'c2'];
const KEYS = ['k1', 'k2', 'k3', 'k4'];

/** Each client's step (5 × 5), the subsets of keys (16) and the three-digit logs (125): field values states share, as a model's do. */
const STEPS = Array.from({ length: 25 }, (_, i) => IMap(CLIENTS.map((c, k): [string, number] => [c, k === 0 ? i % 5 : Math.floor(i / 5)])));
const DONE = Array.from({ length: 16 }, (_, mask) => ISet(KEYS.filter((_, b) => (mask >> b) & 1)));
const LOGS = Array.from({ length: 125 }, (_, i) => List([i % 5, Math.floor(i / 5) % 5, Math.floor(i / 25)]));

/**
 * State number `i` of 1,000,000, each distinct: `i` in the mixed radix 10 · 2 · 25 · 16 · 125
 * picks `applied`, `serving`, the clients' steps, the subset of keys done and the log.
 */
function pikaLike(i: number): InstanceType<typeof PikaLike> {
  const applied = i % 10;
  i = Math.floor(i / 10);
  const serving = i % 2 === 1;
  i = Math.floor(i / 2);
  const step = STEPS[i % 25];
  i = Math.floor(i / 25);
  const done = DONE[i % 16];
  i = Math.floor(i / 16);
  return PikaLike({ applied, serving, step, done, binlog: LOGS[i] });
}

/**
 * Pearson's statistic of `counts` against a uniform spread, and the bounds a uniform hash stays
 * within: the statistic has k − 1 degrees of freedom, about normal for k = 2^16, and six standard
 * deviations either side (a hash too even, such as a counter, fails too).
 */
function chiSquare(counts: Uint32Array, n: number): { statistic: number; low: number; high: number } {
  const expected = n / counts.length;
  let statistic = 0;
  for (const c of counts) statistic += ((c - expected) * (c - expected)) / expected;
  const df = counts.length - 1;
  const sd = Math.sqrt(2 * df);
  return { statistic, low: df - 6 * sd, high: df + 6 * sd };
}

describe('fingerprints', () => {
  it('tells 1,000,000 distinct Pika-like states apart, with both 32-bit lanes evenly spread', () => {
    const n = 1_000_000;
    const words = new Uint32Array(2 * n);
    const fingerprinter = new Fingerprinter();
    for (let i = 0; i < n; i++) {
      fingerprinter.fingerprint(pikaLike(i));
      words[2 * i] = fingerprinter.lo;
      words[2 * i + 1] = fingerprinter.hi;
    }
    // Little-endian: each 64-bit number is hi · 2^32 + lo.
    const sorted = new BigUint64Array(words.buffer).sort();
    let collisions = 0;
    for (let i = 1; i < n; i++) if (sorted[i] === sorted[i - 1]) collisions++;
    assert.equal(collisions, 0);

    const spreads: [string, (hi: number, lo: number) => number][] = [
      ['hi, top 16 bits', (hi) => hi >>> 16],
      ['hi, low 16 bits', (hi) => hi & 0xffff],
      ['lo, top 16 bits', (_, lo) => lo >>> 16],
      ['lo, low 16 bits', (_, lo) => lo & 0xffff],
      // Lanes that went together (one computed from the other) would fill few of these buckets.
      ['hi and lo together, top 8 bits of each', (hi, lo) => ((hi >>> 24) << 8) | (lo >>> 24)],
    ];
    for (const [name, bucket] of spreads) {
      const counts = new Uint32Array(1 << 16);
      for (let i = 0; i < n; i++) counts[bucket(words[2 * i + 1] as number, words[2 * i] as number)]++;
      const { statistic, low, high } = chiSquare(counts, n);
      assert.ok(statistic > low && statistic < high, `${name}: chi-square ${statistic.toFixed(0)} outside (${low.toFixed(0)}, ${high.toFixed(0)})`);
    }
  });

  it('gives equal values equal fingerprints, whatever order their maps and sets were built in', () => {
    const entries = Array.from({ length: 100 }, (_, i): [string, number] => [`k${i}`, i * 7]);
    const reversed = [...entries].reverse();
    assert.deepEqual(fp(IMap(reversed)), fp(IMap(entries)));
    assert.deepEqual(fp(ISet(reversed.map(([k]) => k))), fp(ISet(entries.map(([k]) => k))));
    // Built up and torn down: another internal layout of the same map.
    let grown = IMap<string, number>();
    for (let i = 0; i < 300; i++) grown = grown.set(`x${i}`, i);
    for (let i = 0; i < 300; i++) grown = grown.delete(`x${i}`);
    for (const [k, v] of reversed) grown = grown.set(k, v);
    assert.deepEqual(fp(grown), fp(IMap(entries)));
    // Nested, and inside a record.
    const a = PikaLike({ step: IMap([['c1', 1], ['c2', 2]]), done: ISet(['k2', 'k1']) });
    const b = PikaLike({ done: ISet(['k1', 'k2']), step: IMap([['c2', 2], ['c1', 1]]) });
    assert.deepEqual(fp(b), fp(a));
    assert.deepEqual(fp(ISet([ISet([1, 2]), ISet([3])])), fp(ISet([ISet([3]), ISet([2, 1])])));
  });

  it('gives -0 and 0 one fingerprint, and NaN one fingerprint whatever its bits (Immutable takes each pair as equal)', () => {
    assert.deepEqual(fp(-0), fp(0));
    assert.deepEqual(fp(List([-0])), fp(List([0])));
    const words = new Uint32Array([1, 0x7ff80000]);
    const payloadNaN = new Float64Array(words.buffer)[0] as number;
    assert.ok(Number.isNaN(payloadNaN));
    assert.deepEqual(fp(payloadNaN), fp(NaN));
    assert.deepEqual(fp(List([payloadNaN])), fp(List([0 / 0])));
  });

  it('keeps apart values that differ in kind, order or nesting', () => {
    const R = Record({ a: 0, b: 0 });
    const values: [string, unknown][] = [
      ['0', 0],
      ['1', 1],
      ['-1', -1],
      ['2^31 (a float)', 2 ** 31],
      ['-2^31 (an int)', -(2 ** 31)],
      ['0.5', 0.5],
      ['0.1 + 0.2', 0.1 + 0.2],
      ['0.3', 0.3],
      ['"1"', '1'],
      ['""', ''],
      ['true', true],
      ['false', false],
      ['null', null],
      ['undefined', undefined],
      ['List []', List()],
      ['Set {}', ISet()],
      ['Map {}', IMap()],
      ['OrderedSet {}', OrderedSet()],
      ['OrderedMap {}', OrderedMap()],
      ['List [1]', List([1])],
      ['Set {1}', ISet([1])],
      ['List [1, 2]', List([1, 2])],
      ['List [2, 1]', List([2, 1])],
      ['List [List [1], 2]', List([List([1]), 2])],
      ['List [1, List [2]]', List([1, List([2])])],
      ['Set {1, 2}', ISet([1, 2])],
      ['Set {3}', ISet([3])],
      ['Set {Set {1}, Set {2}}', ISet([ISet([1]), ISet([2])])],
      ['Set {Set {1, 2}}', ISet([ISet([1, 2])])],
      ['Map {1: 2}', IMap([[1, 2]])],
      ['Map {2: 1}', IMap([[2, 1]])],
      ['Map {1: 1, 2: 2}', IMap([[1, 1], [2, 2]])],
      ['Map {1: 2, 2: 1}', IMap([[1, 2], [2, 1]])],
      ['Map {k: Set {}}', IMap([['k', ISet()]])],
      ['OrderedMap {a: 1, b: 2}', OrderedMap([['a', 1], ['b', 2]])],
      ['OrderedMap {b: 2, a: 1}', OrderedMap([['b', 2], ['a', 1]])],
      ['OrderedSet {1, 2}', OrderedSet([1, 2])],
      ['OrderedSet {2, 1}', OrderedSet([2, 1])],
      ['R {a: 1, b: 2}', R({ a: 1, b: 2 })],
      ['R {a: 2, b: 1}', R({ a: 2, b: 1 })],
      ['R {a: 0, b: 0}', R()],
    ];
    const seen = new Map<string, string>();
    for (const [name, value] of values) {
      const key = fp(value).join(':');
      assert.equal(seen.get(key), undefined, `${name} has the fingerprint of ${seen.get(key)}`);
      seen.set(key, name);
    }
  });

  it('fingerprints a List and a Stack of the same items alike (Immutable takes them as equal)', () => {
    assert.deepEqual(fp(Stack([1, 2, 3])), fp(List([1, 2, 3])));
  });

  it('never gives a fingerprint a zero word, which marks an empty slot of the seen set', () => {
    const f = new Fingerprinter();
    // The lane values whose finishing mix is zero.
    f.finish(0x9e3779b9 | 0, 0x7f4a7c15);
    assert.notEqual(f.hi, 0);
    assert.notEqual(f.lo, 0);
  });

  it('fingerprints a value under a renaming of model values as the renamed value', () => {
    const rename = new Map([
      ['c1', 'c2'],
      ['c2', 'c1'],
    ]);
    const state = PikaLike({ step: IMap([['c1', 1], ['c2', 3]]), done: ISet(['c1']), binlog: List([1]) });
    const renamed = PikaLike({ step: IMap([['c2', 1], ['c1', 3]]), done: ISet(['c2']), binlog: List([1]) });
    assert.deepEqual(fp(state, new Fingerprinter(rename)), fp(renamed));
    assert.notDeepEqual(fp(state), fp(renamed));
  });

  it('refuses what is not a value: plain objects and arrays, functions, symbols, bigints', () => {
    for (const bad of [{}, [1], new Date(0), () => 1, Symbol('s'), 1n, List([{ a: 1 }]), IMap([['k', [1]]])]) {
      assert.throws(() => fp(bad), NotAValueError);
    }
  });
});
