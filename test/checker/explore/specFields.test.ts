import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Record } from 'immutable';
import { check, checkSync, compile, defineSpec, SpecBuildError, successorsOf, UsageError } from '../../../checker/index.js';
import { models } from '../../../spec/pika/index.js';
import { figures, verdicts } from '../../fixtures/figures.js';
import PassToken from '../../fixtures/modules/passToken.js';

const PASS_TOKEN = new URL('../../fixtures/modules/passToken.js', import.meta.url).pathname;

const Pair = Record({ from: 0, to: 0 }, 'Pair');
type Pair = ReturnType<typeof Pair>;

/** `Move(i, j)` for i ≠ j over three places. */
const Moves = defineSpec({
  name: 'Moves',
  build: () => ({
    init: () => [Pair()],
    actions: {
      Move: {
        params: [[0, 1, 2], [0, 1, 2]],
        where: (i: number, j: number) => i !== j,
        next: (s: Pair, i: number, j: number) => s.from === i && Pair({ from: j, to: i }),
      },
    },
  }),
});

const reachableVerdicts = (result: ReturnType<typeof checkSync>): { [name: string]: string } =>
  Object.fromEntries((result.reachable ?? []).map((r) => [r.name, r.verdict]));

describe('spec field deadlock', () => {
  it('turns deadlock checking off for a spec that says deadlock: false', () => {
    const result = checkSync(PassToken, { reachable: [] });
    assert.equal(result.status, 'ok');
    assert.equal(result.deadlock, undefined);
    assert.deepEqual(figures(result), [7, 7, 4]);
  });

  it('is overridden by the run: deadlock: true reports the dead end at node 0', () => {
    const result = checkSync(PassToken, { reachable: [], deadlock: true });
    assert.equal(result.status, 'deadlock');
    assert.deepEqual(result.deadlock?.map((step) => step.state.holder), [2, 3, 0]);
  });

  it('is checked by default for a spec that does not say', () => {
    assert.equal(compile(Moves).deadlock, true);
    assert.equal(checkSync(Moves).status, 'ok');
  });

  it('refuses a deadlock field that is not a boolean', () => {
    const bad = defineSpec({ name: 'Bad', build: () => ({ init: () => [Pair()], actions: { Stay: (s: Pair) => s }, deadlock: 'no' as unknown as boolean }) });
    assert.throws(() => compile(bad), (e: unknown) => e instanceof SpecBuildError && /deadlock must be true or false/.test(e.message));
  });
});

describe('action parameters with where', () => {
  it('lays out only the tuples for which where holds', () => {
    const model = compile(Moves);
    assert.deepEqual(model.actions[0]?.tuples, [[0, 1], [0, 2], [1, 0], [1, 2], [2, 0], [2, 1]]);
    assert.deepEqual(compile(PassToken).actions[0]?.tuples, [[1], [2], [3]]);
  });

  it('explores the same space as the guard written inside next', () => {
    const where = checkSync(PassToken, { reachable: [] });
    const guard = checkSync(PassToken, { reachable: [], constants: { guard: true } });
    assert.deepEqual(figures(where), figures(guard));
  });

  it('lists in coverage only the instances that exist; a guarded one shows as never fired', () => {
    const labels = (guard: boolean): string[] =>
      checkSync(PassToken, { reachable: [], coverage: true, constants: { guard } }).coverage?.actions[0]?.instances.map((i) => i.label) ?? [];
    assert.deepEqual(labels(false), ['PassToken(1)', 'PassToken(2)', 'PassToken(3)']);
    assert.deepEqual(labels(true), ['PassToken(1)', 'PassToken(2)', 'PassToken(3)', 'PassToken(0)']);
    const zero = checkSync(PassToken, { reachable: [], coverage: true, constants: { guard: true } }).coverage?.actions[0]?.instances[3];
    assert.deepEqual(zero, { label: 'PassToken(0)', enabled: 0, generated: 0, distinct: 0 });
  });

  it('never tries an instance that does not exist', () => {
    const tried: number[] = [];
    const spy = defineSpec({
      name: 'Spy',
      build: () => ({
        init: () => [Pair()],
        actions: { Go: { params: [[0, 1, 2]], where: (i: number) => i !== 1, next: (s: Pair, i: number) => (tried.push(i), s.from === 0 && s.set('from', 9)) } },
        deadlock: false,
      }),
    });
    checkSync(spy, { memo: false });
    assert.ok(tried.length > 0);
    assert.ok(!tried.includes(1));
    assert.deepEqual(successorsOf(compile(spy), Pair()).map((s) => s.instance.label), ['Go(0)', 'Go(2)']);
  });

  it('refuses a where that throws or does not return a boolean, naming the action and instance', () => {
    const throwing = defineSpec({
      name: 'W',
      build: () => ({ init: () => [Pair()], actions: { A: { params: [[1, 2]], where: (i: number) => { if (i === 2) throw new Error('no'); return true; }, next: (s: Pair) => s } } }),
    });
    assert.throws(() => compile(throwing), (e: unknown) => e instanceof SpecBuildError && /action A: where threw on A\(2\): no/.test(e.message));
    const notBoolean = defineSpec({
      name: 'W',
      build: () => ({ init: () => [Pair()], actions: { A: { params: [[1]], where: (() => 1) as unknown as () => boolean, next: (s: Pair) => s } } }),
    });
    assert.throws(() => compile(notBoolean), (e: unknown) => e instanceof SpecBuildError && /where returned a number \(1\) on A\(1\), not a boolean/.test(e.message));
  });
});

describe('reachability properties', () => {
  it('reports a reached property with the shortest trace to it, and fails the run for one never reached', () => {
    const result = checkSync(PassToken);
    assert.equal(result.status, 'violation');
    assert.deepEqual(reachableVerdicts(result), { TokenAtZero: 'reached', TokenLost: 'unreached' });
    const witness = result.reachable?.find((r) => r.name === 'TokenAtZero');
    assert.deepEqual(witness?.trace?.map((step) => step.state.holder), [2, 3, 0]);
    assert.deepEqual(verdicts(result), { FewPasses: 'holds' });
    assert.deepEqual(figures(result), [7, 7, 4]);
  });

  it('selects properties by name, and refuses unknown names', () => {
    const result = checkSync(PassToken, { reachable: ['TokenAtZero'] });
    assert.equal(result.status, 'ok');
    assert.deepEqual(reachableVerdicts(result), { TokenAtZero: 'reached' });
    assert.throws(() => checkSync(PassToken, { reachable: ['Nope'] }), (e: unknown) => e instanceof UsageError && /unknown reachability property 'Nope' \(valid: TokenAtZero, TokenLost\)/.test(e.message));
  });

  it('does not stop the run when every property is reached', () => {
    const result = checkSync(PassToken, { reachable: ['TokenAtZero'], invariants: [] });
    assert.equal(result.status, 'ok');
    assert.deepEqual(figures(result), [7, 7, 4]);
  });

  it('leaves properties unknown when a bound stops the run first', () => {
    const result = checkSync(PassToken, { maxDepth: 2 });
    assert.equal(result.status, 'incomplete');
    assert.deepEqual(reachableVerdicts(result), { TokenAtZero: 'unknown', TokenLost: 'unknown' });
  });

  it('is not a finding for stopAtFirst', () => {
    const result = checkSync(PassToken, { reachable: ['TokenAtZero'], stopAtFirst: true });
    assert.equal(result.status, 'ok');
    assert.deepEqual(figures(result), [7, 7, 4]);
  });

  it('refuses a reachability property named as an invariant', () => {
    const clash = defineSpec({
      name: 'Clash',
      build: () => ({ init: () => [Pair()], actions: { Stay: (s: Pair) => s }, invariants: { Same: () => true }, reachable: { Same: () => true } }),
    });
    assert.throws(() => compile(clash), (e: unknown) => e instanceof SpecBuildError && /Same is both an invariant and a reachability property/.test(e.message));
  });

  it('is found the same by worker threads', async () => {
    const result = await check(PassToken, { workers: 2, parallelThreshold: 1, source: { module: PASS_TOKEN } });
    assert.deepEqual(reachableVerdicts(result), { TokenAtZero: 'reached', TokenLost: 'unreached' });
    assert.equal(result.reachable?.find((r) => r.name === 'TokenAtZero')?.trace?.length, 3);
    assert.deepEqual(figures(result), [7, 7, 4]);
  });
});

describe('continue', () => {
  const spec = models.replication.spec;
  const constants = { lockScope: 'command' };
  const violated = ['SnapshotCoversApplied', 'NoDuplicateApply', 'ReplicaConverges'];

  it('explores the whole space when every invariant is violated, with a shortest trace for each', () => {
    const whole = checkSync(spec, { constants, deadlock: false, invariants: [] });
    const stopped = checkSync(spec, { constants, invariants: violated });
    assert.ok(stopped.stats.distinct < whole.stats.distinct && stopped.stats.queue > 0);
    const result = checkSync(spec, { constants, invariants: violated, continue: true });
    assert.equal(result.status, 'violation');
    assert.deepEqual(figures(result), figures(whole));
    assert.equal(result.stats.queue, 0);
    assert.deepEqual(result.invariants.map((v) => [v.name, v.verdict, v.trace?.length]), [
      ['SnapshotCoversApplied', 'violated', 7],
      ['NoDuplicateApply', 'violated', 11],
      ['ReplicaConverges', 'violated', 18],
    ]);
  });

  it('goes on in worker threads too', async () => {
    const source = { module: new URL('../../../spec/pika/replication.js', import.meta.url).pathname };
    const result = await check(spec, { constants, invariants: ['SnapshotCoversApplied'], continue: true, workers: 2, parallelThreshold: 1, source });
    assert.equal(result.stats.workers, 2);
    assert.deepEqual(figures(result), [255, 389, 19]);
    assert.equal(result.invariants[0]?.trace?.length, 7);
  });

  it('refuses stopAtFirst with it', () => {
    assert.throws(() => checkSync(spec, { constants, continue: true, stopAtFirst: true }), (e: unknown) => e instanceof UsageError && /continue and stopAtFirst cannot be combined: one explores the whole space/.test(e.message));
  });
});
