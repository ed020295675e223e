import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSync } from '../../../checker/index.js';
import type { CheckOptions, CheckResult, Constants, Progress, Spec, State } from '../../../checker/index.js';
import DiningPhilosophers from '../../../spec/conformance/diningPhilosophers.js';
import ReadersWriters from '../../../spec/conformance/readersWriters.js';
import TwoPhase from '../../../spec/conformance/twoPhase.js';
import { figures } from '../../fixtures/figures.js';
import { graphSpec } from '../../fixtures/graphSpec.js';
import { CountTo, KeyLocks, Tree } from '../../fixtures/toySpecs.js';

/** What must not change between runs: status, figures, and every trace's labels. */
function summary(result: CheckResult<State>): unknown {
  return {
    status: result.status,
    figures: figures(result),
    invariants: result.invariants.map((v) => [v.name, v.verdict, v.trace?.map((step) => step.action?.label ?? null)]),
    deadlock: result.deadlock?.map((step) => step.action?.label ?? null),
  };
}

/** Asserts that two runs of `spec`, with the options of each, give the same summary. */
function assertSameRuns<S extends State, C extends Constants>(spec: Spec<S, C>, first: CheckOptions<C>, second: CheckOptions<C>): void {
  assert.deepEqual(summary(checkSync(spec, first)), summary(checkSync(spec, second)), spec.name);
}

// Several paths of equal length lead to each bad vertex, so a run could pick different ones.
const diamonds = graphSpec({
  adjacency: [[1, 2, 3], [4, 5], [5, 4], [4], [6, 7], [7, 6], [0], [7]],
  initial: [0, 3],
  bad: [[6], [7], [5]],
});

describe('determinism and modes', () => {
  it('gives identical figures and trace labels on two runs', () => {
    assertSameRuns(diamonds, {}, {});
    assertSameRuns(TwoPhase, {}, {});
    const three = { constants: { Clients: ['c1', 'c2', 'c3'], Keys: ['k1', 'k2', 'k3'] } };
    assertSameRuns(KeyLocks, three, three);
  });

  it('gives identical figures and traces in exact mode and fingerprint mode', () => {
    assertSameRuns(diamonds, { exact: true }, {});
    assertSameRuns(KeyLocks, { exact: true }, {});
    assertSameRuns(Tree, { exact: true }, {});
    assertSameRuns(TwoPhase, { exact: true }, {});
    assertSameRuns(DiningPhilosophers, { exact: true }, {});
    assertSameRuns(ReadersWriters, { exact: true }, {});
    const keys = { constants: { Clients: ['c1', 'c2'], Keys: ['k1', 'k2', 'k3'] }, invariants: [] };
    assertSameRuns(KeyLocks, { ...keys, exact: true }, keys);
  });

  it('calls onProgress with growing figures when progressInterval is 0', () => {
    const reports: Progress[] = [];
    const result = checkSync(CountTo, { constants: { Max: 3000 }, progressInterval: 0, onProgress: (p) => reports.push(p) });
    assert.ok(reports.length >= 2, `${reports.length} progress reports`);
    for (let i = 1; i < reports.length; i++) {
      const [before, after] = [reports[i - 1] as Progress, reports[i] as Progress];
      assert.ok(after.distinct > before.distinct && after.generated > before.generated && after.depth > before.depth);
    }
    const last = reports[reports.length - 1] as Progress;
    assert.ok(last.distinct <= result.stats.distinct && last.generated <= result.stats.generated && last.depth >= 1);
  });

  it('does not call onProgress before progressInterval has passed', () => {
    let calls = 0;
    checkSync(CountTo, { constants: { Max: 3000 }, progressInterval: 3600, onProgress: () => calls++ });
    assert.equal(calls, 0);
  });
});
