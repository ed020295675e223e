import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { is, List, Map as IMap, Record, Set as ISet } from 'immutable';
import { StateCodec } from '../../../checker/state/codec.js';
import type { Encoded } from '../../../checker/state/codec.js';
import { Fingerprinter, NotAValueError } from '../../../checker/state/fingerprint.js';
import { Inner, Outer, sameShape, VALUES } from './values.js';

function fp(value: unknown): string {
  const f = new Fingerprinter();
  f.fingerprint(value);
  return `${f.hi}:${f.lo}`;
}

describe('StateCodec', () => {
  it('decodes what it encodes, for every kind of value, keeping types, order and record types', () => {
    const codec = new StateCodec();
    for (const [name, value] of VALUES) {
      codec.learn(value);
      const back = codec.decode(codec.encode(value));
      assert.ok(sameShape(back, value), `${name}: ${String(back)} is not ${String(value)}`);
      assert.equal(fp(back), fp(value), `${name}: another fingerprint`);
    }
  });

  it('decodes in another codec that knows only the record shapes, with record types of the same name and fields', () => {
    const writer = new StateCodec();
    const value = Outer({ inner: Inner({ k: 'x', n: 1 }), tags: ISet(['a', 'b']) });
    const encoded = JSON.parse(JSON.stringify(writer.encode(value))) as Encoded;
    const reader = new StateCodec();
    reader.useShapes(JSON.parse(JSON.stringify(writer.shapes)));
    assert.equal(reader.knows(0), false);
    const back = reader.decode(encoded) as InstanceType<typeof Outer>;
    assert.ok(is(back, value));
    assert.equal(fp(back), fp(value));
    assert.equal(Record.getDescriptiveName(back as never), 'Outer');
    assert.deepEqual(back.toSeq().keySeq().toArray(), ['inner', 'tags', 'log']);
    // One factory per type: two decoded records share their type.
    const again = reader.decode(encoded);
    assert.equal(Object.getPrototypeOf(again), Object.getPrototypeOf(back));
  });

  it("learns the record types inside a value, so that decoding builds them with the spec's own factory", () => {
    const codec = new StateCodec();
    const value = IMap([[Inner({ k: 'key' }), List([Outer()])]]);
    assert.equal(codec.learn(value), true);
    assert.equal(codec.learn(value), false, 'nothing new the second time');
    const back = codec.decode(codec.encode(value)) as IMap<unknown, unknown>;
    const [key, list] = [...back.entries()][0] as [unknown, List<unknown>];
    assert.equal(Object.getPrototypeOf(key), Object.getPrototypeOf(Inner()));
    assert.equal(Object.getPrototypeOf(list.get(0)), Object.getPrototypeOf(Outer()));
    const { type, keys } = codec.recordType(Inner());
    assert.deepEqual(keys, ['k', 'n']);
    assert.equal(codec.knows(type), true);
    assert.ok(is(codec.record(type, ['a', 9]), Inner({ k: 'a', n: 9 })));
  });

  it('refuses what is not a value, naming what it found, even deep inside a collection', () => {
    const codec = new StateCodec();
    for (const bad of [{}, [1], new Date(0), () => 1, Symbol('s'), 1n, List([{ a: 1 }]), IMap([['k', [1]]]), Inner({ k: {} as never })]) {
      assert.throws(() => codec.encode(bad), NotAValueError);
    }
    assert.throws(() => codec.encode(List([[1]])), /plain array/);
  });

  it('refuses an encoding it cannot read: an unknown tag or record type', () => {
    const codec = new StateCodec();
    assert.throws(() => codec.decode(['Q', 1]), /unknown tag "Q"/);
    assert.throws(() => codec.decode(['R', 5, 1]), /record type #5/);
  });
});
