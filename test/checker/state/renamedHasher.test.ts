import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Map as IMap, Record, Set as ISet } from 'immutable';
import { Random } from '../../../checker/simulate/random.js';
import { Fingerprinter } from '../../../checker/state/fingerprint.js';
import { LaneCache, RenamedHasher } from '../../../checker/state/renamedHasher.js';

const R = Record({ who: 'c1', step: IMap<string, number>(), set: ISet<string>(), n: 0 });
const FIELDS = ['who', 'step', 'set', 'n'] as const;
const SWAP = new Map([['c1', 'c2'], ['c2', 'c1']]);

function randomRecord(random: Random): InstanceType<typeof R> {
  const names = ['c1', 'c2', 'c3'];
  return R({
    who: names[random.below(3)] as string,
    step: IMap([['c1', random.below(3)], ['c2', random.below(3)]]),
    set: ISet(names.filter(() => random.below(2) === 1)),
    n: random.below(4),
  });
}

/** The record's field values and their own lanes, as a keyer hands them over. */
function fieldsOf(record: InstanceType<typeof R>): { values: unknown[]; a: Int32Array; b: Int32Array } {
  const fp = new Fingerprinter();
  const values = FIELDS.map((field) => record.get(field));
  const a = Int32Array.from(values.map((value) => fp.hash(value)));
  const b = Int32Array.from(values.map((value) => (fp.hash(value), fp.laneB)));
  return { values, a, b };
}

describe('RenamedHasher', () => {
  it('fingerprints each record of a random sequence as a fingerprinter of its renaming fingerprints it whole, two renamings sharing one cache', () => {
    const random = new Random('7');
    const cache = new LaneCache();
    const swap = new RenamedHasher(SWAP, cache, 0);
    const plain = new RenamedHasher(undefined, cache, 1);
    const shape = new Fingerprinter().shapeOf(R());
    for (let i = 0; i < 500; i++) {
      const record = randomRecord(random);
      const { values, a, b } = fieldsOf(record);
      for (const [hasher, rename] of [[swap, SWAP], [plain, undefined]] as const) {
        hasher.record(shape.hashA, shape.hashB, values, a, b);
        const whole = new Fingerprinter(rename);
        whole.fingerprint(record);
        assert.deepEqual([hasher.hi, hasher.lo], [whole.hi, whole.lo], `record ${i}`);
      }
    }
  });

  it('hashes every field again after a value that does not hash', () => {
    const cache = new LaneCache();
    const hasher = new RenamedHasher(SWAP, cache, 0);
    const shape = new Fingerprinter().shapeOf(R());
    const first = fieldsOf(R({ who: 'c2', n: 1 }));
    hasher.record(shape.hashA, shape.hashB, first.values, first.a, first.b);
    const bad = fieldsOf(R({ who: 'c1', n: 2 }));
    bad.values[1] = [1];
    bad.a[1] = 12345;
    assert.throws(() => hasher.record(shape.hashA, shape.hashB, bad.values, bad.a, bad.b));
    const record = R({ who: 'c1', n: 3 });
    const { values, a, b } = fieldsOf(record);
    hasher.record(shape.hashA, shape.hashB, values, a, b);
    const whole = new Fingerprinter(SWAP);
    whole.fingerprint(record);
    assert.deepEqual([hasher.hi, hasher.lo], [whole.hi, whole.lo]);
  });
});
