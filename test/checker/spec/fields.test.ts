import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Record } from 'immutable';
import { checkSync, compile, defineSpec, SpecBuildError } from '../../../checker/index.js';
import type { Spec, SpecBody, State } from '../../../checker/index.js';
import { closest } from '../../../checker/spec/fields.js';

const Cell = Record({ n: 0 });
type Cell = ReturnType<typeof Cell>;

/** A spec whose body is the counter from 0 to 2, with `extra` merged into its body. */
function counter(extra: { [field: string]: unknown }, actions?: { [name: string]: unknown }): Spec {
  return defineSpec({
    name: 'Counter',
    build: () =>
      ({
        init: () => [Cell()],
        actions: actions ?? { Inc: (s: Cell) => s.n < 2 && s.set('n', s.n + 1) },
        ...extra,
      }) as unknown as SpecBody<Cell>,
  }) as unknown as Spec;
}

/** Asserts that compiling `spec` is a one-line SpecBuildError matching every pattern. */
function refused(spec: Spec<State>, ...patterns: RegExp[]): void {
  assert.throws(
    () => compile(spec),
    (e: unknown) => {
      assert.ok(e instanceof SpecBuildError, String(e));
      assert.ok(!e.message.includes('\n'), e.message);
      for (const pattern of patterns) assert.match(e.message, pattern);
      return true;
    },
  );
}

const BODY_LIST = /its fields are init, actions, invariants, reachable, constraint, terminal, deadlock, variables, modelValues, symmetry, properties, fairness$/;

describe('a field a spec does not have is a spec error, never ignored', () => {
  it('in the body build returns: invariant for invariants, naming the field, the one meant and the allowed ones', () => {
    refused(counter({ invariant: { Small: (s: Cell) => s.n < 2 } }), /^spec Counter: the body build returns has an unknown field 'invariant' \(did you mean 'invariants'\?\)/, BODY_LIST);
  });

  it('in the body: each misspelling of a field is refused with the field meant', () => {
    const cases: [string, string][] = [
      ['modelValue', 'modelValues'],
      ['property', 'properties'],
      ['fairnes', 'fairness'],
      ['terminl', 'terminal'],
      ['reachables', 'reachable'],
      ['Init', 'init'],
      ['deadLock', 'deadlock'],
    ];
    for (const [typo, meant] of cases) {
      refused(counter({ [typo]: undefined }), new RegExp(`unknown field '${typo}' \\(did you mean '${meant}'\\?\\)`));
    }
  });

  it('a field far from every allowed one is refused without a suggestion', () => {
    refused(counter({ colour: 'blue' }), /unknown field 'colour'; its fields are init, /);
  });

  it("in an action's definition: where, source, params, next, description", () => {
    const next = (s: Cell): Cell => s;
    const cases: [{ [field: string]: unknown }, string, string][] = [
      [{ params: [[1, 2]], wher: () => true, next }, 'wher', 'where'],
      [{ next, sourse: 'a.cc' }, 'sourse', 'source'],
      [{ parms: [[1, 2]], next }, 'parms', 'params'],
      [{ nxt: next }, 'nxt', 'next'],
      [{ next, descripton: 'goes' }, 'descripton', 'description'],
    ];
    for (const [action, typo, meant] of cases) {
      refused(
        counter({}, { Go: action }),
        new RegExp(`^spec Counter: action Go has an unknown field '${typo}' \\(did you mean '${meant}'\\?\\); its fields are params, where, next, source, description, actor$`),
      );
    }
  });

  it("in an invariant's and a reachability property's object form", () => {
    refused(counter({ invariants: { Small: { holds: (s: Cell) => s.n < 3, descripton: 'small' } } }), /^spec Counter: invariant Small has an unknown field 'descripton' \(did you mean 'description'\?\); its fields are holds, description$/);
    refused(counter({ reachable: { Two: { hold: (s: Cell) => s.n === 2 } } }), /^spec Counter: reachable Two has an unknown field 'hold' \(did you mean 'holds'\?\)/);
  });

  it('the body with only its own fields compiles', () => {
    const model = compile(counter({ invariants: { Small: { holds: (s: Cell) => s.n < 3, description: 'small' } }, modelValues: [], fairness: [] }));
    assert.deepEqual(
      model.invariants.map((i) => i.name),
      ['Small'],
    );
  });

  it("in defineSpec's own fields: constant for constants", () => {
    const build = (): SpecBody<Cell> => ({ init: () => [Cell()], actions: { Inc: (s: Cell) => s } });
    const definition = { name: 'Counter', constant: { N: 3 }, build } as unknown as Parameters<typeof defineSpec>[0];
    assert.throws(
      () => defineSpec(definition),
      (e: unknown) =>
        e instanceof SpecBuildError &&
        /^defineSpec\(Counter\): the definition has an unknown field 'constant' \(did you mean 'constants'\?\); its fields are name, description, constants, validate, build, scenarios, explain, summarize$/.test(e.message),
    );
  });

  it('a spec spread into a definition is taken, with its constants, and a field it does not have is still refused', () => {
    const build = ({ N }: { N: number }): SpecBody<Cell> => ({ init: () => [Cell()], actions: { Inc: (s: Cell) => s.n < N && s.set('n', s.n + 1) } });
    const Base = defineSpec({ name: 'Base', constants: { N: { default: 3, help: 'the top' } }, build });
    const Variant = defineSpec({ ...Base, name: 'Variant' });
    assert.equal(Variant.name, 'Variant');
    assert.deepEqual(Variant.defaults, { N: 3 });
    assert.equal(Variant.constantInfo['N']?.help, 'the top');
    assert.equal(checkSync(Variant, { constants: { N: 2 }, deadlock: false }).stats.distinct, 3);
    const typo = { ...Base, name: 'Variant', scenario: [] } as unknown as Parameters<typeof defineSpec>[0];
    assert.throws(() => defineSpec(typo), (e: unknown) => e instanceof SpecBuildError && /unknown field 'scenario' \(did you mean 'scenarios'\?\)/.test(e.message));
  });

  it("in a constant's description: help misspelt, and default misspelt (so that no default is left)", () => {
    const build = (): SpecBody<Cell> => ({ init: () => [Cell()], actions: { Inc: (s: Cell) => s } });
    for (const [constant, field, meant] of [
      [{ default: 3, hlep: 'how many' }, 'hlep', 'help'],
      [{ defualt: 3 }, 'defualt', 'default'],
    ] as const) {
      const definition = { name: 'Counter', constants: { N: constant }, build } as unknown as Parameters<typeof defineSpec>[0];
      assert.throws(
        () => defineSpec(definition),
        (e: unknown) =>
          e instanceof SpecBuildError &&
          e.message === `defineSpec(Counter): constant 'N' has an unknown field '${field}' (did you mean '${meant}'?); its fields are default, help, type, values, flag`,
      );
    }
  });
});

describe('closest', () => {
  it('suggests a name within two fifths of its length in edits, ignoring case', () => {
    assert.equal(closest('invariant', ['init', 'invariants']), 'invariants');
    assert.equal(closest('model_values', ['modelValues']), 'modelValues');
    assert.equal(closest('colour', ['init', 'actions']), undefined);
    assert.equal(closest('x', ['y']), undefined);
  });
});
