import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { List, Map as IMap, Record, Set as ISet } from 'immutable';
import { Random } from '../../../checker/simulate/random.js';
import { fieldTermA, fieldTermB, Fingerprinter } from '../../../checker/state/fingerprint.js';
import { StateHasher } from '../../../checker/state/stateHasher.js';

const S = Record({ a: 0, b: false, m: IMap<string, number>(), s: ISet<number>(), l: List<number>() });
type S = InstanceType<typeof S>;
const FIELDS = ['a', 'b', 'm', 's', 'l'] as const;
const Other = Record({ a: 0, b: false, m: IMap<string, number>(), s: ISet<number>(), l: List<number>() });

function whole(value: unknown): [number, number] {
  const f = new Fingerprinter();
  f.fingerprint(value);
  return [f.hi, f.lo];
}

/** A new value for field `field`, drawn from `random`. */
function valueFor(field: (typeof FIELDS)[number], random: Random): unknown {
  switch (field) {
    case 'a':
      return random.below(6);
    case 'b':
      return random.below(2) === 1;
    case 'm':
      return IMap([['c1', random.below(3)], ['c2', random.below(3)]]);
    case 's':
      return ISet(Array.from({ length: random.below(4) }, () => random.below(5)));
    case 'l':
      return List(Array.from({ length: random.below(3) }, () => random.below(4)));
  }
}

/** A child of `parent` with a random nonempty set of fields changed (a field may get its old value again). */
function childOf(parent: S, random: Random): { child: S; changed: number[] } {
  const changed: number[] = [];
  let child = parent;
  FIELDS.forEach((field, i) => {
    if (random.below(2) === 0) return;
    changed.push(i);
    child = child.set(field, valueFor(field, random) as never);
  });
  return { child, changed };
}

function randomState(random: Random): S {
  let s = S();
  for (const field of FIELDS) s = s.set(field, valueFor(field, random) as never);
  return s;
}

describe('StateHasher', () => {
  it('fingerprints a child from its parent as the whole child is fingerprinted', () => {
    const random = new Random('state-hasher');
    const hasher = new StateHasher(new Fingerprinter());
    for (let round = 0; round < 300; round++) {
      const parent = randomState(random);
      hasher.setParent(parent);
      assert.deepEqual([hasher.hi, hasher.lo], whole(parent));
      for (let k = 0; k < 10; k++) {
        const { child } = childOf(parent, random);
        hasher.fingerprintChild(child);
        assert.deepEqual([hasher.hi, hasher.lo], whole(child), `round ${round}: ${String(child)} from ${String(parent)}`);
      }
    }
  });

  it('fingerprints a child given as changed fields and their values, or as their lanes, as the whole child', () => {
    const random = new Random('deltas');
    const hasher = new StateHasher(new Fingerprinter());
    for (let round = 0; round < 300; round++) {
      const parent = randomState(random);
      hasher.setParent(parent);
      const { child, changed } = childOf(parent, random);
      const fields = Int32Array.from(changed);
      const values = changed.map((i) => child.get(FIELDS[i] as (typeof FIELDS)[number]));
      hasher.fingerprintValues(fields, values);
      assert.deepEqual([hasher.hi, hasher.lo], whole(child));

      const a = new Int32Array(changed.length);
      const b = new Int32Array(changed.length);
      const lanes = new Fingerprinter();
      values.forEach((v, j) => {
        a[j] = lanes.hash(v);
        b[j] = lanes.laneB;
      });
      hasher.fingerprintDelta({ changed: fields, values, a, b });
      assert.deepEqual([hasher.hi, hasher.lo], whole(child));

      // The term changes known up front, but for the first changed field, whose old value is "blind".
      const parentFields = hasher.parentFields();
      assert.ok(parentFields);
      let termA = 0;
      let termB = 0;
      for (let j = 1; j < changed.length; j++) {
        const f = changed[j] as number;
        termA = (termA - fieldTermA(f, parentFields.a[f] as number) + fieldTermA(f, a[j] as number)) | 0;
        termB = (termB - fieldTermB(f, parentFields.b[f] as number) + fieldTermB(f, b[j] as number)) | 0;
      }
      const blind = changed.length > 0 ? Int32Array.of(0) : new Int32Array(0);
      hasher.fingerprintDelta({ changed: fields, values, a, b, terms: { a: termA, b: termB, blind } });
      assert.deepEqual([hasher.hi, hasher.lo], whole(child));
    }
  });

  it("gives a child's fields, with which it is fingerprinted again as a parent without being read", () => {
    const random = new Random('child-fields');
    const hasher = new StateHasher(new Fingerprinter());
    const other = new StateHasher(new Fingerprinter());
    for (let round = 0; round < 100; round++) {
      const parent = randomState(random);
      hasher.setParent(parent);
      const { child } = childOf(parent, random);
      hasher.fingerprintChild(child);
      const fields = hasher.childFields();
      assert.ok(fields);
      assert.deepEqual(fields.values, FIELDS.map((f) => child.get(f)));
      // Any state of the type stands for the child: its fields come from `fields`.
      other.setParent(S(), { values: [...fields.values], a: fields.a.slice(), b: fields.b.slice(), ...(fields.sums ? { sums: fields.sums.slice() } : {}) });
      assert.deepEqual([other.hi, other.lo], whole(child));
      other.setParentValues(S(), [...fields.values]);
      assert.deepEqual([other.hi, other.lo], whole(child));
    }
  });

  it('fingerprints whole what is not a record of the parent’s type', () => {
    const hasher = new StateHasher(new Fingerprinter());
    const parent = S({ a: 1 });
    hasher.setParent(parent);
    const foreign = Other({ a: 2 });
    hasher.fingerprintChild(foreign);
    assert.deepEqual([hasher.hi, hasher.lo], whole(foreign));
    assert.equal(hasher.childFields(), undefined);
    hasher.setParent(parent);
    hasher.fingerprintChild(IMap({ a: 1 }));
    assert.deepEqual([hasher.hi, hasher.lo], whole(IMap({ a: 1 })));
    hasher.setParent(List([1]));
    assert.deepEqual([hasher.hi, hasher.lo], whole(List([1])));
    assert.equal(hasher.parentFields(), undefined);
    hasher.fingerprintChild(List([2]));
    assert.deepEqual([hasher.hi, hasher.lo], whole(List([2])));
  });
});
