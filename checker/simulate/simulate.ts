import { modelOf } from '../explore/check.js';
import type { CompiledInvariant, Model } from '../spec/compile.js';
import { SpecEvaluationError, UsageError } from '../errors.js';
import { sampleInWorkers } from './workers.js';
import { planSimulate } from './plan.js';
import type { SimulatePlan } from './plan.js';
import { Sampler, sampleInOrder, Tally } from './sampler.js';
import type { Finding, Sampled } from './sampler.js';
import { shrinkTrace } from './shrink.js';
import type { ShrinkResult } from './shrink.js';
import type { SimulateOptions, SimulationResult, SimulationStats, SimulationVerdict } from './types.js';
import type { Constants, Spec, SpecFailure, State, Trace } from '../spec/types.js';
import { assertReplays } from '../spec/replay.js';
import type { TraceClaim } from '../spec/replay.js';

/** A finding that replays, shrunk when asked to: its trace, the trace as sampled and the run that replays it. */
interface Replayed<S extends State> {
  readonly trace: Trace<S>;
  readonly originalTrace: Trace<S>;
  readonly run: number;
  readonly shrinkIncomplete?: true;
}

/**
 * A finding of sampling once it replays, then shrunk. The spec may fail on the way (on a state the
 * shrinker reaches, or when it is not pure): `fail` is told, and the finding is kept as sampled, or
 * dropped (undefined) when even that does not replay.
 */
function replayed<S extends State>(
  model: Model<S>,
  finding: Finding<S>,
  claim: TraceClaim<S>,
  settings: SimulatePlan<S>,
  fail: (error: SpecEvaluationError, run: number) => void,
): Replayed<S> | undefined {
  const failed = (cause: unknown): void => {
    if (!(cause instanceof SpecEvaluationError)) throw cause;
    fail(cause, finding.run);
  };
  try {
    assertReplays(model, finding.trace, claim);
  } catch (cause) {
    failed(cause);
    return undefined;
  }
  const sampled = { trace: finding.trace, originalTrace: finding.trace, run: finding.run };
  if (!settings.shrink) return sampled;
  let shrunk: ShrinkResult<S>;
  try {
    const target = claim.kind === 'violates' ? { name: claim.invariant, holds: claim.holds } : 'deadlock';
    // Shrinking ends at the run's time limit too, and on its signal: the run reports what it found within its bounds.
    const deadline = Math.min(performance.now() + settings.shrinkSeconds * 1000, settings.deadline);
    shrunk = shrinkTrace(model, finding.trace, target, { deadline, ...(settings.signal ? { signal: settings.signal } : {}) });
    assertReplays(model, shrunk.trace, claim);
  } catch (cause) {
    failed(cause);
    return sampled;
  }
  return { ...sampled, trace: shrunk.trace, ...(shrunk.complete ? {} : { shrinkIncomplete: true }) };
}

/** The verdict of `invariant` from what sampling found: a violation that replays, shrunk; else `not found`. */
function verdictOf<S extends State>(
  model: Model<S>,
  invariant: CompiledInvariant<S>,
  finding: Finding<S> | undefined,
  settings: SimulatePlan<S>,
  fail: (error: SpecEvaluationError, run: number) => void,
): SimulationVerdict<S> {
  const found = finding && replayed(model, finding, { kind: 'violates', invariant: invariant.name, holds: invariant.holds }, settings, fail);
  return found ? { name: invariant.name, verdict: 'violated', ...found } : { name: invariant.name, verdict: 'not found' };
}

function finish<S extends State>(model: Model<S>, settings: SimulatePlan<S>, sampled: Sampled<S>, seconds: number): SimulationResult<S> {
  const { sampler, tally } = sampled;
  const shrinkStarted = performance.now();
  let failure = sampler.failure;
  const fail = (error: SpecEvaluationError, run: number): void => {
    failure ??= { error: failureOf<S>(error), run };
  };
  const invariants = settings.invariants.map((inv) => verdictOf(model, inv, sampler.findings.get(inv.name), settings, fail));
  const deadlock = sampler.deadlock && replayed(model, sampler.deadlock, { kind: 'deadlock' }, settings, fail);
  const stats: SimulationStats = {
    behaviours: tally.behaviours,
    states: tally.states,
    seconds,
    behavioursPerSecond: seconds > 0 ? tally.behaviours / seconds : 0,
    lengths: tally.lengths.flatMap((count, length) => (count > 0 ? [[length, count] as const] : [])),
    actions: model.actions.map((action) => ({ name: action.name, taken: tally.taken[action.index] as number })),
    shrinkSeconds: settings.shrink ? (performance.now() - shrinkStarted) / 1000 : 0,
    workers: sampled.workers,
  };
  const base = {
    spec: model.name,
    constants: model.constants,
    seed: settings.seed,
    depth: settings.depth,
    invariants,
    deadlockChecked: settings.deadlock,
    ...(deadlock ? { deadlock } : {}),
    stopped: sampled.stopped,
    stats,
  };
  if (failure) return { ...base, status: 'error', error: failure.error, run: failure.run };
  if (invariants.some((v) => v.verdict === 'violated')) return { ...base, status: 'violation' };
  if (deadlock) return { ...base, status: 'deadlock' };
  return { ...base, status: 'not found' };
}

/** What the spec failed on, as a result reports it. */
function failureOf<S extends State>(error: SpecEvaluationError): SpecFailure<S> {
  return { kind: error.kind, name: error.part, message: error.message, ...(error.state !== undefined ? { state: error.state as S } : {}) };
}

/**
 * This thread's sampling, recorded into `tally`, as a generator that yields between slices of
 * behaviours, so that a driver may let the event loop run (and a signal stop it) or go on at once.
 */
function* sampling<S extends State>(model: Model<S>, plan: SimulatePlan<S>, tally: Tally): Generator<void, Sampled<S>> {
  const sampler = new Sampler(model, plan, tally);
  const cursor = { next: plan.firstRun };
  let stopped;
  while ((stopped = sampleInOrder(sampler, plan, cursor, performance.now() + 50)) === undefined) yield;
  return { sampler, tally, stopped, workers: 1 };
}

/**
 * Samples random behaviours of `spec` (compiled with `options.constants`, or an already compiled
 * model), from random initial states, choosing uniformly (or by action weight) among the enabled
 * action instances, and checks the selected invariants on every state. Returns a value: per
 * invariant `violated` (with a shrunk trace that replays, the original length and the run index) or
 * `not found`, which proves nothing. Lets the event loop run between slices of behaviours, so that a
 * signal can stop it. With `workers` > 1, worker threads (never more than the runs asked for) each
 * load the spec from `options.source` and sample every n-th run; the main thread merges their runs in
 * run order, so the figures, the first violation and its trace are those of one thread. Rejects with
 * UsageError for bad options.
 */
export async function simulate<S extends State, C extends Constants>(spec: Spec<S, C> | Model<S>, options: SimulateOptions<C> = {}): Promise<SimulationResult<S>> {
  const model = modelOf(spec, options.constants, 'simulate');
  const started = performance.now();
  const plan = planSimulate(model, options as SimulateOptions, started);
  const workers = Math.min(plan.workers, plan.lastRun - plan.firstRun);
  const tally = new Tally(model.actions.length);
  const { onProgress } = plan;
  const progress = onProgress
    ? setInterval(() => onProgress({ behaviours: tally.behaviours, states: tally.states, seconds: (performance.now() - started) / 1000 }), plan.progressMs)
    : undefined;
  let sampled: Sampled<S>;
  try {
    if (workers > 1 && plan.source !== undefined) {
      sampled = await sampleInWorkers(model, plan, { workers, source: plan.source, sampleWhileStarting: plan.sampleWhileStarting }, tally);
    } else {
      const steps = sampling(model, plan, tally);
      let step;
      while (!(step = steps.next()).done) await new Promise<void>((done) => setImmediate(done));
      sampled = step.value;
    }
  } finally {
    clearInterval(progress);
  }
  return finish(model, plan, sampled, (performance.now() - started) / 1000);
}

/**
 * `simulate` in this thread without yielding to the event loop: the same sampling, driven to its end
 * at once. Throws UsageError for `workers` > 1, which needs `simulate`.
 */
export function simulateSync<S extends State, C extends Constants>(spec: Spec<S, C> | Model<S>, options: SimulateOptions<C> = {}): SimulationResult<S> {
  const model = modelOf(spec, options.constants, 'simulateSync');
  const started = performance.now();
  const plan = planSimulate(model, options as SimulateOptions, started, 'simulateSync');
  if (plan.workers > 1) throw new UsageError(`simulateSync samples in this thread alone: workers > 1 (${plan.workers}) needs the async simulate`);
  const steps = sampling(model, plan, new Tally(model.actions.length));
  let step;
  while (!(step = steps.next()).done);
  return finish(model, plan, step.value, (performance.now() - started) / 1000);
}
