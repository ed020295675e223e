import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isList, isMap, isRecord, isSet, List, Map as IMap, Record, Set as ISet } from 'immutable';
import { checkSync, compile, defineSpec, successorsOf } from '../../../checker/index.js';
import type { State } from '../../../checker/index.js';
import { Fingerprinter } from '../../../checker/state/fingerprint.js';
import { CanonicalKeyer, symmetricKeyer } from '../../../checker/state/symmetryCanonical.js';
import type { SymmetryMethod } from '../../../checker/state/symmetryCanonical.js';
import { SymmetricKeyer } from '../../../checker/state/symmetry.js';
import type { StateKeyer } from '../../../checker/state/symmetry.js';
import twoPhase from '../../../spec/conformance/twoPhase.js';

/** A seeded generator (mulberry32), so that a failure names the seed that reproduces it. */
function random(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const Pair = Record({ p: null as unknown, q: null as unknown }, 'Pair');
const Top = Record({ f0: null as unknown, f1: null as unknown, f2: null as unknown, f3: null as unknown, f4: null as unknown }, 'Top');

/** `value` with every string that `rename` maps renamed, rebuilt with the same kinds of collections. */
function renamed(value: unknown, rename: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return rename.get(value) ?? value;
  if (isRecord(value)) {
    const fields = (value as unknown as { toObject(): { [k: string]: unknown } }).toObject();
    const out: { [k: string]: unknown } = {};
    for (const [k, v] of Object.entries(fields)) out[k] = renamed(v, rename);
    return (value as unknown as { merge(o: object): unknown }).merge(out);
  }
  if (isList(value)) return (value as List<unknown>).map((v) => renamed(v, rename));
  if (isMap(value)) return (value as IMap<unknown, unknown>).mapEntries(([k, v]) => [renamed(k, rename), renamed(v, rename)]);
  if (isSet(value)) return (value as ISet<unknown>).map((v) => renamed(v, rename));
  return value;
}

/** A random permutation of each set, as a renaming. */
function permutation(sets: readonly (readonly string[])[], rnd: () => number): Map<string, string> {
  const rename = new Map<string, string>();
  for (const set of sets) {
    const shuffled = [...set];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j] as string, shuffled[i] as string];
    }
    set.forEach((v, i) => rename.set(v, shuffled[i] as string));
  }
  return rename;
}

/**
 * Random values holding the model values as keys and values: nested Lists, Maps, Sets and Records,
 * and graphs on a set (edge sets), where values tie by any local signature without being
 * interchangeable (a 6-cycle against two triangles).
 */
function generator(sets: readonly (readonly string[])[], rnd: () => number): (depth: number) => unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const modelValue = (): string => pick(pick(sets));
  const leaf = (): unknown => (rnd() < 0.6 ? modelValue() : pick([0, 1, 2, 'x', true, null]));
  const gen = (depth: number): unknown => {
    if (depth <= 0 || rnd() < 0.25) return leaf();
    const size = Math.floor(rnd() * 4);
    switch (Math.floor(rnd() * 6)) {
      case 0:
        return List(Array.from({ length: size }, () => gen(depth - 1)));
      case 1:
        return IMap(Array.from({ length: size }, () => [rnd() < 0.8 ? modelValue() : gen(depth - 1), gen(depth - 1)] as [unknown, unknown]));
      case 2:
        return ISet(Array.from({ length: size }, () => gen(depth - 1)));
      case 3:
        return Pair({ p: gen(depth - 1), q: gen(depth - 1) });
      case 4: {
        const set = pick(sets);
        return ISet(Array.from({ length: size + 2 }, () => ISet([pick(set), pick(set)])));
      }
      default:
        return List([modelValue(), Math.floor(rnd() * 3)]);
    }
  };
  return gen;
}

function keyOf(keyer: StateKeyer, state: unknown): string {
  keyer.key(state);
  return `${keyer.hi}:${keyer.lo}`;
}

/** Random symmetry sets of 2 to 6 values in all (one or two sets). */
function randomSets(rnd: () => number): string[][] {
  const total = 2 + Math.floor(rnd() * 5);
  if (total < 4 || rnd() < 0.4) return [Array.from({ length: total }, (_, i) => `a${i + 1}`)];
  const first = 2 + Math.floor(rnd() * (total - 3));
  return [Array.from({ length: first }, (_, i) => `a${i + 1}`), Array.from({ length: total - first }, (_, i) => `b${i + 1}`)];
}

describe('CanonicalKeyer: a key per orbit without trying every permutation', () => {
  it('gives every permutation of a random state the same key, and two states one key iff the enumerating reference does', () => {
    let sameOrbitPairs = 0;
    let otherOrbitPairs = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const rnd = random(seed);
      const sets = randomSets(rnd);
      const gen = generator(sets, rnd);
      const fast = new CanonicalKeyer(sets);
      const reference = new SymmetricKeyer(sets);
      const whole = rnd() < 0.3;
      const make = (): unknown => (whole ? gen(3) : Top({ f0: gen(3), f1: gen(2), f2: gen(3), f3: gen(1), f4: gen(3) }));
      const states = [make(), make()];
      const base = states[0];
      // States near the first: one part replaced, and permutations of them.
      for (let i = 0; i < 3; i++) states.push(whole ? gen(2) : (base as ReturnType<typeof Top>).set(`f${Math.floor(rnd() * 5)}` as 'f0', gen(2)));
      for (const state of [...states]) for (let i = 0; i < 3; i++) states.push(renamed(state, permutation(sets, rnd)));
      const fastKeys = states.map((s) => keyOf(fast, s));
      const referenceKeys = states.map((s) => keyOf(reference, s));
      for (let i = 0; i < states.length; i++) {
        for (let j = i + 1; j < states.length; j++) {
          const same = referenceKeys[i] === referenceKeys[j];
          if (same) sameOrbitPairs++;
          else otherOrbitPairs++;
          assert.equal(fastKeys[i] === fastKeys[j], same, `seed ${seed}, sets ${JSON.stringify(sets)}: states ${i} and ${j}`);
        }
      }
    }
    assert.ok(sameOrbitPairs > 1000 && otherOrbitPairs > 1000, `${sameOrbitPairs} / ${otherOrbitPairs}`);
  });

  it('keys graphs that no signature tells apart by their orbit: a 6-cycle, two triangles, and their relabellings', () => {
    const set = ['v1', 'v2', 'v3', 'v4', 'v5', 'v6'];
    const edges = (pairs: readonly (readonly [number, number])[]): unknown => ISet(pairs.map(([x, y]) => ISet([set[x] as string, set[y] as string])));
    const cycle = edges([[0, 1], [1, 2], [2, 3], [3, 4], [4, 5], [5, 0]]);
    const triangles = edges([[0, 1], [1, 2], [2, 0], [3, 4], [4, 5], [5, 3]]);
    const keyer = new CanonicalKeyer([set]);
    const reference = new SymmetricKeyer([set]);
    assert.notEqual(keyOf(keyer, cycle), keyOf(keyer, triangles));
    const rnd = random(7);
    for (let i = 0; i < 20; i++) {
      const rename = permutation([set], rnd);
      assert.equal(keyOf(keyer, renamed(cycle, rename)), keyOf(keyer, cycle));
      assert.equal(keyOf(keyer, renamed(triangles, rename)), keyOf(keyer, triangles));
    }
    assert.notEqual(keyOf(reference, cycle), keyOf(reference, triangles));
  });

  it('keys a child the same by delta, by value and whole', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const rnd = random(1000 + seed);
      const sets = randomSets(rnd);
      const gen = generator(sets, rnd);
      const parent = Top({ f0: gen(3), f1: gen(2), f2: gen(3), f3: gen(1), f4: gen(3) });
      const byDelta: StateKeyer = new CanonicalKeyer(sets);
      const whole = new CanonicalKeyer(sets);
      const lanes = new Fingerprinter();
      byDelta.setParent(parent);
      for (let i = 0; i < 4; i++) {
        const field = Math.floor(rnd() * 5);
        const value = gen(2);
        const child = parent.set(`f${field}` as 'f0', value);
        // A delta carries the lanes of its values, by which the keyer knows them.
        const laneA = lanes.hash(value);
        byDelta.childDelta({ changed: Int32Array.of(field), values: [value], a: Int32Array.of(laneA), b: Int32Array.of(lanes.laneB) }, () => child);
        const delta = `${byDelta.hi}:${byDelta.lo}`;
        byDelta.child(child);
        assert.equal(`${byDelta.hi}:${byDelta.lo}`, delta, `seed ${seed}`);
        assert.equal(keyOf(whole, child), delta, `seed ${seed}`);
        assert.equal(keyOf(whole, renamed(child, permutation(sets, rnd))), delta, `seed ${seed}`);
      }
    }
  });
});

/** Distinct states, generated successors and depth of a breadth-first search keyed by `keyer`. */
function explore(model: ReturnType<typeof compile>, keyer: StateKeyer): [number, number, number] {
  const seen = new Set<string>();
  let level: State[] = [];
  let generated = 0;
  for (const state of model.init()) {
    generated++;
    if (!seen.has(keyOf(keyer, state))) {
      seen.add(keyOf(keyer, state));
      level.push(state);
    }
  }
  let depth = level.length > 0 ? 1 : 0;
  while (level.length > 0) {
    const next: State[] = [];
    for (const state of level) {
      for (const { state: successor } of successorsOf(model, state)) {
        generated++;
        const key = keyOf(keyer, successor);
        if (seen.has(key)) continue;
        seen.add(key);
        next.push(successor);
      }
    }
    if (next.length > 0) depth++;
    level = next;
  }
  return [seen.size, generated, depth];
}

const Sys = Record({ owner: IMap<string, string>(), val: IMap<string, number>(), edges: ISet<ISet<string>>(), log: List<List<string>>() }, 'Sys');
type Sys = ReturnType<typeof Sys>;

/** A random spec symmetric in its clients and resources: which actions it has and their bounds come from the seed. */
function randomSpec(seed: number) {
  const rnd = random(seed);
  const clients = Array.from({ length: 2 + Math.floor(rnd() * 2) }, (_, i) => `c${i + 1}`);
  const resources = Array.from({ length: 1 + Math.floor(rnd() * 2) }, (_, i) => `r${i + 1}`);
  const modulus = 2 + Math.floor(rnd() * 2);
  const logLength = Math.floor(rnd() * 2);
  const edgeCount = 1 + Math.floor(rnd() * 2);
  const use = Array.from({ length: 5 }, () => rnd() < 0.7);
  return defineSpec({
    name: `Random${seed}`,
    build: () => {
      const actions: { [name: string]: unknown } = {};
      if (use[0]) actions['Acquire'] = { params: [clients, resources], next: (s: Sys, c: string, r: string) => !s.owner.has(r) && s.set('owner', s.owner.set(r, c)) };
      if (use[1]) actions['Release'] = { params: [resources], next: (s: Sys, r: string) => s.owner.has(r) && s.set('owner', s.owner.remove(r)) };
      if (use[2]) actions['Bump'] = { params: [clients], next: (s: Sys, c: string) => s.set('val', s.val.set(c, ((s.val.get(c) ?? 0) + 1) % modulus)) };
      if (use[3]) {
        actions['Link'] = {
          params: [clients, clients],
          next: (s: Sys, c: string, d: string) => c !== d && s.edges.size < edgeCount && s.set('edges', s.edges.add(ISet([c, d]))),
        };
      }
      if (use[4] || Object.keys(actions).length === 0) {
        actions['Send'] = {
          params: [clients, resources],
          next: (s: Sys, c: string, r: string) => s.log.size < logLength && s.set('log', s.log.push(List([c, r]))),
        };
      }
      return {
        init: () => [Sys()],
        actions: actions as never,
        symmetry: { clients, resources },
      };
    },
  });
}

describe('checking with the canonical keyer and with the enumerating reference', () => {
  for (const method of ['canonical', 'enumerate'] as SymmetryMethod[]) {
    it(`symmetricKeyer('${method}') makes the keyer asked for`, () => {
      const keyer = symmetricKeyer([['a', 'b']], method);
      assert.equal(keyer instanceof CanonicalKeyer, method === 'canonical');
      assert.equal(keyer instanceof SymmetricKeyer, method === 'enumerate');
    });
  }

  it('random symmetric specs: identical distinct / generated / depth, and check() agrees', () => {
    let reduced = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const spec = randomSpec(seed);
      const model = compile(spec as never);
      const sets = Object.values(model.symmetry);
      const canonical = explore(model, symmetricKeyer(sets, 'canonical'));
      const reference = explore(model, symmetricKeyer(sets, 'enumerate'));
      assert.deepEqual(canonical, reference, `seed ${seed}`);
      const result = checkSync(spec as never, { symmetry: true, deadlock: false });
      assert.deepEqual([result.stats.distinct, result.stats.generated, result.stats.depth], reference, `seed ${seed}`);
      const plain = checkSync(spec as never, { deadlock: false });
      if (plain.stats.distinct > reference[0]) reduced++;
    }
    assert.ok(reduced >= 30, `${reduced} of 40 specs reduced by symmetry`);
  });

  it('TwoPhase with 5 resource managers: the same figures by both keyers', () => {
    const model = compile(twoPhase as never, { RM: ['r1', 'r2', 'r3', 'r4', 'r5'] });
    const sets = Object.values(model.symmetry);
    assert.deepEqual(explore(model, symmetricKeyer(sets, 'canonical')), explore(model, symmetricKeyer(sets, 'enumerate')));
  });
});
