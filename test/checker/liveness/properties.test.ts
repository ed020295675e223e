import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Record } from 'immutable';
import { check, checkSync, compile, defineSpec, eventually, SpecEvaluationError, UsageError, weakFair } from '../../../checker/index.js';
import type { Predicate } from '../../../checker/index.js';
import { checkProperties, selectProperties } from '../../../checker/liveness/properties.js';
import type { StateGraph } from '../../../checker/liveness/stateGraph.js';

const Counter = Record({ v: 0 }, 'Counter');
type Counter = ReturnType<typeof Counter>;

type Named = { readonly [name: string]: Predicate<Counter> };

/** A counter from 0 to `top`, one weakly fair step at a time, with the properties given. */
function chain(top: number, properties: Named, extra: { invariants?: Named } = {}) {
  return defineSpec({
    name: 'Chain',
    build: () => ({
      init: () => [Counter({ v: 0 })],
      actions: { Inc: (s: Counter) => s.v < top && s.set('v', s.v + 1) },
      invariants: extra.invariants ?? {},
      properties: Object.fromEntries(Object.entries(properties).map(([name, p]) => [name, eventually(p)])),
      fairness: [weakFair('Inc')],
      terminal: (s: Counter) => s.v === top,
    }),
  });
}

/** The chain's graph, made by hand: state i steps to i + 1 by Inc. */
function chainGraph(top: number): StateGraph<Counter> {
  const instance = { name: 'Inc', args: [], label: 'Inc' };
  const states = Array.from({ length: top + 1 }, (_, v) => Counter({ v }));
  return {
    states,
    initial: [0],
    steps: states.map((_, v) => (v < top ? [{ to: v + 1, instance }] : [])),
    parent: states.map((_, v) => v - 1),
  };
}

const TOP = 10_000;

describe('checkProperties', () => {
  it('decides every property on a graph when nothing stops it', () => {
    const model = compile(chain(TOP, { Reaches: (s) => s.v === TOP, Never: (s) => s.v < 0 }), {});
    const found = checkProperties(model, ['Reaches', 'Never'], chainGraph(TOP), () => undefined);
    assert.deepEqual(found.properties.map((p) => [p.name, p.verdict]), [['Reaches', 'holds'], ['Never', 'violated']]);
    assert.equal(found.bound, undefined);
  });

  it('stops at its time limit: the properties it has not decided are unknown, the bound is timeLimit', () => {
    let late = false;
    const model = compile(chain(TOP, { Reaches: (s) => s.v === TOP, Late: (s) => ((late = true), s.v === TOP) }), {});
    const found = checkProperties(model, ['Reaches', 'Late'], chainGraph(TOP), () => (late ? 'timeLimit' : undefined));
    assert.deepEqual(found.properties.map((p) => [p.name, p.verdict]), [['Reaches', 'holds'], ['Late', 'unknown']]);
    assert.equal(found.bound, 'timeLimit');
  });

  it('leaves every property unknown without a graph (one too large to keep)', () => {
    const model = compile(chain(3, { Reaches: (s) => s.v === 3 }), {});
    assert.deepEqual(checkProperties(model, ['Reaches'], undefined).properties, [{ name: 'Reaches', verdict: 'unknown' }]);
  });
});

describe('a state predicate of a property', () => {
  it('returning anything but a boolean is a spec error naming the property, not a verdict', () => {
    const cases: [Predicate<Counter>, RegExp][] = [
      [(() => undefined) as unknown as Predicate<Counter>, /^returned undefined, not a boolean \(true or false\) \(a missing return\?\)$/],
      [(() => 1) as unknown as Predicate<Counter>, /^returned a number \(1\), not a boolean/],
    ];
    for (const [p, message] of cases) {
      const model = compile(chain(3, { Done: p }), {});
      assert.throws(
        () => checkProperties(model, ['Done'], chainGraph(3)),
        (e: unknown) => e instanceof SpecEvaluationError && e.kind === 'property' && e.part === 'Done' && message.test(e.message),
      );
      const result = checkSync(chain(3, { Done: p }), { properties: ['Done'] });
      assert.equal(result.status, 'error');
      assert.equal(result.status === 'error' && `${result.error.kind} ${result.error.name}`, 'property Done');
    }
  });
});

describe('temporal properties in a check', () => {
  it('stop at the signal: a run aborted during the search is incomplete (interrupted), its undecided properties unknown', async () => {
    const controller = new AbortController();
    const spec = chain(TOP, { Reaches: (s) => s.v === TOP, Aborts: (s) => (controller.abort(), s.v === TOP) });
    const result = await check(spec, { properties: ['Reaches', 'Aborts'], signal: controller.signal });
    assert.equal(result.stats.distinct, TOP + 1);
    assert.deepEqual(result.properties.map((p) => [p.name, p.verdict]), [['Reaches', 'holds'], ['Aborts', 'unknown']]);
    assert.equal(result.status, 'incomplete');
    assert.equal(result.status === 'incomplete' && result.bound, 'interrupted');
  });

  it('are checked on the whole space even when every invariant is violated early', () => {
    const spec = chain(50, { Reaches: (s) => s.v === 50 }, { invariants: { Small: (s) => s.v < 2 } });
    const result = checkSync(spec, { properties: ['Reaches'] });
    assert.equal(result.status, 'violation');
    assert.equal(result.invariants[0]?.verdict, 'violated');
    assert.equal(result.invariants[0]?.verdict === 'violated' && result.invariants[0]?.trace?.length, 3);
    assert.equal(result.stats.distinct, 51);
    assert.deepEqual(result.properties.map((p) => [p.name, p.verdict]), [['Reaches', 'holds']]);
  });

  it('are unknown when the run stops at its first finding before the space is explored', () => {
    const spec = chain(50, { Reaches: (s) => s.v === 50 }, { invariants: { Small: (s) => s.v < 2 } });
    const result = checkSync(spec, { properties: ['Reaches'], stopAtFirst: true });
    assert.equal(result.status, 'violation');
    assert.deepEqual(result.properties.map((p) => [p.name, p.verdict]), [['Reaches', 'unknown']]);
  });
});

describe('selectProperties', () => {
  it('refuses an unknown name, listing the properties of the spec', () => {
    const model = compile(chain(2, { Reaches: (s) => s.v === 2 }), {});
    assert.throws(() => selectProperties(model, ['Foo']), (e: unknown) => e instanceof UsageError && e.message === "unknown property 'Foo' (valid: Reaches, or all)");
  });

  it('says plainly when the spec has no temporal properties', () => {
    const model = compile(chain(2, {}), {});
    assert.throws(
      () => selectProperties(model, ['Foo']),
      (e: unknown) => e instanceof UsageError && e.message === "unknown property 'Foo': the spec has no temporal properties (allowed: only all, which checks none)",
    );
    assert.deepEqual(selectProperties(model, ['all']), []);
  });
});
