import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, checkSync, compile, simulate, simulateSync, UsageError } from '../../../checker/index.js';
import { CountTo } from '../../fixtures/toySpecs.js';

/** The entry points that take a spec or a compiled model, each called with `value` and the given options. */
const ENTRY_POINTS: [string, (value: unknown, options?: object) => unknown][] = [
  ['check', (value, options) => check(value as never, options)],
  ['checkSync', (value, options) => checkSync(value as never, options)],
  ['simulate', (value, options) => simulate(value as never, { runs: 1, ...options })],
  ['simulateSync', (value, options) => simulateSync(value as never, { runs: 1, ...options })],
  ['compile', (value, options) => compile(value as never, (options as { constants?: object } | undefined)?.constants)],
];

/** The UsageError `call` throws or rejects with. */
async function usageError(call: () => unknown): Promise<UsageError> {
  try {
    await call();
  } catch (error) {
    assert.ok(error instanceof UsageError, `not a UsageError: ${String(error)}`);
    return error;
  }
  return assert.fail('no error');
}

describe('the entry points refuse what is not a spec or a model', () => {
  for (const [name, call] of ENTRY_POINTS) {
    it(`${name} refuses an empty object, a number, undefined and a string, saying what was given and what is expected`, async () => {
      const cases: [unknown, RegExp][] = [
        [{}, /an object with no properties/],
        [42, /the number 42/],
        [undefined, /undefined/],
        ['spec.ts', /the string 'spec\.ts'/],
        [{ name: 'Grid', build: () => ({}) }, /an object with name, build/],
      ];
      for (const [value, given] of cases) {
        const error = await usageError(() => call(value));
        assert.match(error.message, new RegExp(`^${name}: expected a spec made by defineSpec${name === 'compile' ? '' : ' or a model made by compile'}, got `));
        assert.match(error.message, given);
        assert.equal(error.message.split('\n').length, 1);
      }
    });

    it(`${name} refuses a module's exports whose default is a spec, saying to pass .default`, async () => {
      // What a CommonJS project's `import spec from './x.ts'` gives: the module's exports.
      const exports = { __esModule: true, default: CountTo };
      const error = await usageError(() => call(exports, { constants: { Max: 2 } }));
      assert.match(error.message, new RegExp(`^${name}: got a module's exports, whose default is the spec CountTo: pass its \\.default`));
      const twice = await usageError(() => call({ default: exports }));
      assert.match(twice.message, /whose default\.default is the spec CountTo: pass its \.default\.default/);
    });
  }

  it('compile refuses a compiled model, saying it was given one and to pass the spec', async () => {
    const error = await usageError(() => compile(compile(CountTo) as never));
    assert.match(error.message, /^compile: got a model already compiled \(CountTo\): pass the spec made by defineSpec/);
  });

  it('accepts a spec, with constants, and a compiled model', async () => {
    assert.equal((await check(CountTo, { constants: { Max: 2 } })).stats.distinct, 3);
    const checked = checkSync(compile(CountTo));
    assert.equal(checked.stats.distinct, 6);
    // CountTo stops at Max with no terminal state: a deadlock, to simulation as to check.
    assert.deepEqual([checked.status, simulateSync(compile(CountTo), { runs: 1, seed: 1 }).status], ['deadlock', 'deadlock']);
  });
});
