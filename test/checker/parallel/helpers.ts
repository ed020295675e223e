import assert from 'node:assert/strict';
import { check, compile, replayProblem } from '../../../checker/index.js';
import type { CheckOptions, CheckResult, Constants, Model, Spec, State, Trace } from '../../../checker/index.js';
import { figures } from '../../fixtures/figures.js';

/** The module of a built spec, relative to this compiled file. */
export function moduleOf(path: string, exportName?: string): { module: string; exportName?: string } {
  return { module: new URL(path, import.meta.url).href, ...(exportName !== undefined ? { exportName } : {}) };
}

/** Runs `model` in worker threads, handed to them from the first level on (or at the first level of `options.parallelThreshold` states). */
export function inWorkers<S extends State>(model: Model<S>, workers: number, source: CheckOptions['source'], options: CheckOptions = {}): Promise<CheckResult<S>> {
  return check(model, { ...options, workers, source, parallelThreshold: options.parallelThreshold ?? 0 });
}

/** Every trace of a result with what its last state must show. */
function tracesOf<S extends State>(model: Model<S>, result: CheckResult<S>): { name: string; trace: Trace<S>; problem: string | undefined }[] {
  const out: { name: string; trace: Trace<S>; problem: string | undefined }[] = [];
  for (const v of result.invariants) {
    if (!v.trace) continue;
    const holds = model.invariants.find((inv) => inv.name === v.name)?.holds ?? (() => true);
    out.push({ name: v.name, trace: v.trace, problem: replayProblem(model, v.trace, { kind: 'violates', invariant: v.name, holds }) });
  }
  if (result.deadlock) out.push({ name: 'deadlock', trace: result.deadlock, problem: replayProblem(model, result.deadlock, { kind: 'deadlock' }) });
  return out;
}

/**
 * Asserts that runs with 2 and 3 workers agree with the run in this thread: status, verdicts, the
 * length of every trace (each replaying through the spec), and distinct / generated / depth when
 * the run explored the whole space (a run stopped because every invariant is violated ends at the
 * end of a level with workers, mid-level without).
 */
export async function assertSameInWorkers<S extends State, C extends Constants>(
  spec: Spec<S, C>,
  source: CheckOptions['source'],
  constants: Partial<C> = {},
  options: CheckOptions = {},
): Promise<CheckResult<S>> {
  const model = compile(spec, constants);
  const one = await check(model, { ...options, parallelThreshold: undefined });
  const everyViolated = one.invariants.length > 0 && one.invariants.every((v) => v.verdict === 'violated');
  // The pools of 2 and 3 run side by side: their threads start while the other's explore.
  const pools = await Promise.all([2, 3].map(async (workers) => ({ workers, many: await inWorkers(model, workers, source, options) })));
  for (const { workers, many } of pools) {
    const what = `${model.name} ${JSON.stringify(constants)} ${JSON.stringify(options)}, ${workers} workers`;
    assert.equal(many.stats.workers, workers, what);
    assert.equal(many.status, one.status, what);
    assert.deepEqual(
      many.invariants.map((v) => [v.name, v.verdict, v.trace?.length]),
      one.invariants.map((v) => [v.name, v.verdict, v.trace?.length]),
      what,
    );
    assert.equal(many.deadlock?.length, one.deadlock?.length, what);
    if (!everyViolated) assert.deepEqual(figures(many), figures(one), what);
    for (const { name, problem } of tracesOf(model, many)) assert.equal(problem, undefined, `${what}: ${name}`);
  }
  return one;
}
