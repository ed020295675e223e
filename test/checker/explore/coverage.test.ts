import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Record } from 'immutable';
import { checkSync, defineSpec, exists } from '../../../checker/index.js';

const Counter = Record({ n: 0 });
type Counter = ReturnType<typeof Counter>;

/**
 * A counter from 0 to 3. Breadth-first, in declaration order:
 *   0: Inc(1) → 1 new, Inc(2) → 2 new
 *   1: Inc(1) → 2 seen, Inc(2) → 3 new, Jump(0) → 0 seen, Jump(3) → 3 seen
 *   2: Inc(1) → 3 seen
 *   3: Reset → 0 seen
 * Never is never enabled.
 */
const Small = defineSpec({
  name: 'CoverageCounter',
  build: () => ({
    init: () => [Counter()],
    actions: {
      Inc: { params: [[1, 2]], next: (s: Counter, by: number) => s.n + by <= 3 && s.set('n', s.n + by) },
      Reset: (s: Counter) => s.n === 3 && s.set('n', 0),
      Jump: (s: Counter) => s.n === 1 && exists([0, 3], (to: number) => s.set('n', to)),
      Never: (s: Counter) => s.n < 0 && s,
    },
    invariants: { Bounded: (s: Counter) => s.n <= 3 },
  }),
});

/** The hand count above: per action [enabled, generated, distinct], and per instance. */
const EXPECTED = [
  { name: 'Inc', counts: [3, 5, 3], instances: [['Inc(1)', 3, 3, 1], ['Inc(2)', 2, 2, 2]] },
  { name: 'Reset', counts: [1, 1, 0], instances: [['Reset', 1, 1, 0]] },
  { name: 'Jump', counts: [1, 2, 0], instances: [['Jump(0)', 1, 1, 0], ['Jump(3)', 1, 1, 0]] },
  { name: 'Never', counts: [0, 0, 0], instances: [] },
];

describe('coverage', () => {
  for (const [mode, options] of [
    ['with the memos', {}],
    ['without the memos', { memo: false }],
    ['in exact mode', { exact: true }],
  ] as const) {
    it(`counts per action and instance what a hand count gives, ${mode}`, () => {
      const result = checkSync(Small, { coverage: true, ...options });
      assert.equal(result.status, 'ok');
      assert.equal(result.stats.distinct, 4);
      const coverage = result.coverage;
      assert.ok(coverage);
      assert.deepEqual(
        coverage.actions.map((a) => ({
          name: a.name,
          counts: [a.enabled, a.generated, a.distinct],
          instances: a.instances.map((i) => [i.label, i.enabled, i.generated, i.distinct]),
        })),
        EXPECTED,
      );
      // Every distinct state is checked once, the initial one included.
      assert.deepEqual(coverage.invariants, [{ name: 'Bounded', evaluations: 4 }]);
      // What the actions found is every state but the initial one.
      assert.equal(coverage.actions.reduce((sum, a) => sum + a.distinct, 0), result.stats.distinct - 1);
    });
  }
});
