import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { checkSync } from '../../checker/index.js';
import type { Constants, Spec, State } from '../../checker/index.js';
import { replication, slaveBgsave } from '../../spec/pika/index.js';
import { SCENARIOS } from '../../spec/pika/scenarios.js';
import type { Scenario } from '../../spec/pika/scenarios.js';

const specOf = (s: Scenario) => (s.model === 'replication' ? replication : slaveBgsave) as unknown as Spec<State, Constants>;

/** What the checker finds for a scenario: each invariant's verdict and shortest trace, and the distinct states. */
function figures(s: Scenario, exact: boolean) {
  const result = checkSync(specOf(s), { constants: s.constants as Partial<Constants>, exact });
  const expect = Object.fromEntries(
    result.invariants.map((v) => [v.name, v.verdict === 'violated' ? { verdict: 'violated', traceLength: v.trace?.length } : { verdict: v.verdict }]),
  );
  return { expect, distinct: result.stats.distinct };
}

describe('the scenario catalogue', () => {
  const matrix = JSON.parse(readFileSync(new URL('../../../matrix/default.json', import.meta.url), 'utf8')) as {
    cases: { scenario?: string; expect: object; distinct?: number }[];
  };

  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: the checker finds the catalogue's verdicts and trace lengths, by fingerprint and by value`, () => {
      const fingerprint = figures(scenario, false);
      assert.deepEqual(fingerprint.expect, scenario.expect);
      if (scenario.distinct !== undefined) assert.equal(fingerprint.distinct, scenario.distinct);
      assert.deepEqual(figures(scenario, true), fingerprint, 'exact (Immutable-keyed) mode agrees');
    });
  }

  it('every scenario is a case of the default ci matrix, with the same expectations', () => {
    for (const scenario of SCENARIOS) {
      const row = matrix.cases.find((c) => c.scenario === scenario.name);
      assert.ok(row, scenario.name);
      assert.deepEqual(row.expect, scenario.expect, scenario.name);
      assert.equal(row.distinct, scenario.distinct, scenario.name);
    }
  });

  it('every fix named exists, and every finding has a fix and says what a user sees', () => {
    for (const scenario of SCENARIOS) {
      if (scenario.fixedBy !== undefined) assert.ok(SCENARIOS.some((s) => s.name === scenario.fixedBy), scenario.name);
      if (scenario.finding) assert.ok(scenario.fixedBy !== undefined && (scenario.userImpact ?? '').length > 80, scenario.name);
    }
  });
});
