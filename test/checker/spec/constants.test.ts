import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Record } from 'immutable';
import { checkSync, defineSpec, UsageError } from '../../../checker/index.js';
import type { ConstantDescription } from '../../../checker/index.js';
import { kebabCase } from '../../../checker/spec/constants.js';

const Cell = Record({ n: 0 });
type Cell = ReturnType<typeof Cell>;

const mode: ConstantDescription<string> = { default: 'fast', values: ['fast', 'slow'], help: 'how to run', flag: 'speed' };

/** A spec with a plain constant and described ones: N counts from 0 to Max. */
const Bounded = defineSpec({
  name: 'Bounded',
  constants: {
    Max: { default: 3, values: { min: 1, max: 10 }, help: 'the count to reach' },
    Mode: mode,
    Names: { default: ['a'] as readonly string[], values: ['a', 'b', 'c'], help: 'names from a set' },
    Plain: 7,
  },
  build: ({ Max }) => ({
    init: () => [Cell()],
    actions: { Inc: (s: Cell) => s.n < Max && s.set('n', s.n + 1) },
    terminal: (s: Cell) => s.n === Max,
  }),
});

describe('a spec describes its constants', () => {
  it('keeps the defaults as values, and each description filled in: type, help, values, flag', () => {
    assert.deepEqual(Bounded.defaults, { Max: 3, Mode: 'fast', Names: ['a'], Plain: 7 });
    assert.deepEqual(Bounded.constantInfo.Max, { default: 3, help: 'the count to reach', type: 'integer', values: { min: 1, max: 10 }, flag: 'max' });
    assert.equal(Bounded.constantInfo.Mode.flag, 'speed');
    assert.deepEqual(Bounded.constantInfo.Plain, { default: 7, help: '', type: 'integer', flag: 'plain' });
  });

  it('a value sets the constant: the figures follow it', () => {
    assert.equal(checkSync(Bounded).stats.distinct, 4);
    assert.equal(checkSync(Bounded, { constants: { Max: 6 } }).stats.distinct, 7);
  });

  it('refuses a value outside its values with one line naming the constant, the value and what is allowed', () => {
    const refuses = (constants: object, message: RegExp) =>
      assert.throws(() => checkSync(Bounded, { constants }), (e: unknown) => e instanceof UsageError && message.test(e.message) && !e.message.includes('\n'));
    refuses({ Max: 11 }, /^constant 'Max' must be an integer from 1 to 10, got 11$/);
    refuses({ Max: 0 }, /^constant 'Max' must be an integer from 1 to 10, got 0$/);
    refuses({ Mode: 'warp' }, /^constant 'Mode' must be one of fast, slow, got "warp"$/);
    refuses({ Names: ['a', 'z'] }, /^constant 'Names' must be a list of a, b, c, got \["a","z"\]$/);
    refuses({ Plain: 'x' }, /^constant 'Plain' must be an integer, got "x"$/);
    refuses({ Names: ['a', 'b', 'a'] }, /^constant 'Names' is a set of model values, each named once: 'a' is given twice in \["a","b","a"\]$/);
  });

  it("refuses what the spec's validate refuses with one line naming the spec and the constants given, then its message", () => {
    const Refusing = defineSpec({
      name: 'Refusing',
      constants: { Names: ['a'] as readonly string[], Count: 1, Mode: 'fast' },
      validate: ({ Names, Count }) => (Names.length > 0 && Count > 0 ? undefined : 'need a name and a count'),
      build: () => ({ init: () => [Cell()], actions: { Stay: (s: Cell) => s } }),
    });
    assert.throws(
      () => checkSync(Refusing, { constants: { Names: ['a', 'b'], Count: 0 } }),
      (e: unknown) => e instanceof UsageError && e.message === 'Refusing refuses these constants (Names={a, b}, Count=0): need a name and a count',
    );
    // A list item that would not read as a model value is quoted, so that the refusal stays one line.
    assert.throws(
      () => checkSync(Refusing, { constants: { Names: ['a\nb', 'c, d'], Count: 0 } }),
      (e: unknown) => e instanceof UsageError && e.message === 'Refusing refuses these constants (Names={"a\\nb", "c, d"}, Count=0): need a name and a count',
    );
    const RefusingDefaults = defineSpec({
      name: 'Refusing',
      constants: { Names: [] as readonly string[], Count: 1 },
      validate: ({ Names, Count }) => (Names.length > 0 && Count > 0 ? undefined : 'need a name and a count'),
      build: () => ({ init: () => [Cell()], actions: { Stay: (s: Cell) => s } }),
    });
    assert.throws(
      () => checkSync(RefusingDefaults),
      (e: unknown) => e instanceof UsageError && e.message === 'Refusing refuses its default constants: need a name and a count',
    );
  });

  it('refuses a description it cannot mean, when the spec is defined', () => {
    const build = () => ({ init: () => [Cell()], actions: {} });
    assert.throws(() => defineSpec({ name: 'X', constants: { N: { default: 0, values: { min: 1 }, help: '' } }, build }), /constant 'N' has a default 0 outside its own values/);
    assert.throws(() => defineSpec({ name: 'X', constants: { N: { default: 'a', values: { min: 1 }, help: '' } }, build }), /constant 'N' takes its values as a list of strings/);
    assert.throws(() => defineSpec({ name: 'X', constants: { N: { default: 1, help: '', flag: '--n' } }, build }), /constant 'N' has a flag "--n"/);
  });

  it('spells a flag as the kebab-case of the name', () => {
    assert.deepEqual(
      ['lockScope', 'RM', 'NumActors', 'NP', 'XMLFile', 'servePath', 'db'].map(kebabCase),
      ['lock-scope', 'rm', 'num-actors', 'np', 'xml-file', 'serve-path', 'db'],
    );
  });
});
