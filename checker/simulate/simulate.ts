import { selectInvariants } from '../explore/check.js';
import { compile } from '../spec/compile.js';
import type { CompiledInvariant, Model } from '../spec/compile.js';
import { SpecEvaluationError, UsageError } from '../errors.js';
import { sampleInWorkers } from './workers.js';
import { freshSeed, seedText } from './random.js';
import { Sampler, sampleInOrder, Tally } from './sampler.js';
import type { Finding, Sampled, SamplingSettings } from './sampler.js';
import { shrinkTrace } from './shrink.js';
import type { ShrinkResult } from './shrink.js';
import type { SimulateOptions, SimulationResult, SimulationStats, SimulationVerdict } from './types.js';
import type { Constants, Spec, SpecFailure, State } from '../spec/types.js';
import { assertReplays } from '../spec/replay.js';

/** Options resolved once into their full form. */
interface Settings<S extends State> extends SamplingSettings<S> {
  readonly shrink: boolean;
  readonly shrinkSeconds: number;
  /** Worker threads asked for (1: this thread). */
  readonly workers: number;
}

function whole(name: string, value: number | undefined, least: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < least) throw new UsageError(`${name} must be a whole number ≥ ${least}, got ${value}`);
  return value;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(value > 0)) throw new UsageError(`${name} must be a positive number, got ${value}`);
  return value;
}

function weightsFor<S extends State>(model: Model<S>, weights: SimulateOptions['weights']): number[] | undefined {
  if (weights === undefined) return undefined;
  const known = new Set(model.actions.map((a) => a.name));
  for (const [name, weight] of Object.entries(weights)) {
    if (!known.has(name)) throw new UsageError(`unknown action '${name}' in weights (actions: ${[...known].join(', ')})`);
    if (!(Number.isFinite(weight) && weight >= 0)) throw new UsageError(`weight of ${name} must be a number ≥ 0, got ${weight}`);
  }
  return model.actions.map((a) => weights[a.name] ?? 1);
}

function resolve<S extends State>(model: Model<S>, options: SimulateOptions, started: number): Settings<S> {
  const timeLimit = positive('timeLimit', options.timeLimit, Infinity);
  const runs = whole('runs', options.runs, 1, options.timeLimit !== undefined ? Infinity : 10_000);
  const firstRun = whole('firstRun', options.firstRun, 0, 0);
  if (options.seed !== undefined && seedText(options.seed) === '') throw new UsageError('seed must not be empty');
  return {
    invariants: selectInvariants(model, options.invariants),
    seed: options.seed !== undefined ? seedText(options.seed) : freshSeed(),
    depth: whole('depth', options.depth, 1, 100),
    firstRun,
    lastRun: firstRun + runs,
    deadline: started + timeLimit * 1000,
    weights: weightsFor(model, options.weights),
    shrink: options.shrink ?? true,
    shrinkSeconds: positive('shrinkTimeLimit', options.shrinkTimeLimit, 30),
    stopAtFirst: options.stopAtFirst ?? true,
    workers: whole('workers', options.workers, 1, 1),
    ...(options.signal ? { signal: options.signal } : {}),
  };
}

/**
 * The verdict of `invariant` from what sampling found: a violation replays, then is shrunk. The spec
 * may fail on the way (on a state the shrinker reaches, or when it is not pure): `fail` is told, and
 * the verdict is the violation as sampled, or `not found` when even that does not replay.
 */
function verdictOf<S extends State>(
  model: Model<S>,
  invariant: CompiledInvariant<S>,
  finding: Finding<S> | undefined,
  settings: Settings<S>,
  fail: (error: SpecEvaluationError, run: number) => void,
): SimulationVerdict<S> {
  if (finding === undefined) return { name: invariant.name, verdict: 'not found' };
  const claim = { kind: 'violates', invariant: invariant.name, holds: invariant.holds } as const;
  const failed = (cause: unknown): void => {
    if (!(cause instanceof SpecEvaluationError)) throw cause;
    fail(cause, finding.run);
  };
  try {
    assertReplays(model, finding.trace, claim);
  } catch (cause) {
    failed(cause);
    return { name: invariant.name, verdict: 'not found' };
  }
  const sampled = { name: invariant.name, verdict: 'violated', trace: finding.trace, originalTrace: finding.trace, run: finding.run } as const;
  if (!settings.shrink) return sampled;
  let shrunk: ShrinkResult<S>;
  try {
    shrunk = shrinkTrace(model, finding.trace, invariant, { deadline: performance.now() + settings.shrinkSeconds * 1000 });
    assertReplays(model, shrunk.trace, claim);
  } catch (cause) {
    failed(cause);
    return sampled;
  }
  return {
    name: invariant.name,
    verdict: 'violated',
    trace: shrunk.trace,
    originalTrace: finding.trace,
    run: finding.run,
    ...(shrunk.complete ? {} : { shrinkIncomplete: true }),
  };
}

function finish<S extends State>(model: Model<S>, settings: Settings<S>, sampled: Sampled<S>, seconds: number): SimulationResult<S> {
  const { sampler, tally } = sampled;
  const shrinkStarted = performance.now();
  let failure = sampler.failure;
  const fail = (error: SpecEvaluationError, run: number): void => {
    failure ??= { error: failureOf<S>(error), run };
  };
  const invariants = settings.invariants.map((inv) => verdictOf(model, inv, sampler.findings.get(inv.name), settings, fail));
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
    stopped: sampled.stopped,
    stats,
  };
  if (failure) return { ...base, status: 'error', error: failure.error, run: failure.run };
  if (invariants.some((v) => v.verdict === 'violated')) return { ...base, status: 'violation' };
  return { ...base, status: 'not found' };
}

/** What the spec failed on, as a result reports it. */
function failureOf<S extends State>(error: SpecEvaluationError): SpecFailure<S> {
  return { kind: error.kind, name: error.part, message: error.message, ...(error.state !== undefined ? { state: error.state as S } : {}) };
}

/** A sampler of this thread and the tally it records into. */
function inThread<S extends State>(model: Model<S>, settings: Settings<S>): { sampler: Sampler<S>; tally: Tally } {
  const tally = new Tally(model.actions.length);
  return { sampler: new Sampler(model, settings, tally), tally };
}

/**
 * Samples random behaviours of `spec`, from random initial states, choosing uniformly (or by action
 * weight) among the enabled action instances, and checks the selected invariants on every state.
 * Returns a value: per invariant `violated` (with a shrunk trace that replays, the original length
 * and the run index) or `not found`, which proves nothing. Runs in this thread whatever `workers`
 * says (the result is the same). Throws UsageError for bad options.
 */
export function simulate<S extends State, C extends Constants>(spec: Spec<S, C>, options: SimulateOptions<C> = {}): SimulationResult<S> {
  return simulateModel(compile(spec, options.constants ?? {}), options);
}

/** `simulate` for a spec already instantiated with its constants. */
export function simulateModel<S extends State>(model: Model<S>, options: SimulateOptions = {}): SimulationResult<S> {
  const started = performance.now();
  const settings = resolve(model, options, started);
  const { sampler, tally } = inThread(model, settings);
  const stopped = sampleInOrder(sampler, settings, { next: settings.firstRun }, Infinity) ?? 'runs';
  return finish(model, settings, { sampler, tally, stopped, workers: 1 }, (performance.now() - started) / 1000);
}

/**
 * `simulate` that lets the event loop run between slices of behaviours, so that a signal can stop
 * it; with `workers` > 1, sampled by that many worker threads, with the same result.
 */
export async function simulateAsync<S extends State, C extends Constants>(
  spec: Spec<S, C>,
  options: SimulateOptions<C> = {},
): Promise<SimulationResult<S>> {
  return simulateModelAsync(compile(spec, options.constants ?? {}), options);
}

/**
 * `simulateAsync` for a spec already instantiated with its constants. Worker threads (never more
 * than the runs asked for) each load the spec from `options.source` and sample every n-th run; the
 * main thread merges their runs in run order, so the figures, the first violation and its trace are
 * those of one thread.
 */
export async function simulateModelAsync<S extends State>(model: Model<S>, options: SimulateOptions = {}): Promise<SimulationResult<S>> {
  const started = performance.now();
  const settings = resolve(model, options, started);
  const workers = Math.min(settings.workers, settings.lastRun - settings.firstRun);
  let sampled: Sampled<S>;
  if (workers > 1) {
    if (options.source === undefined) {
      throw new UsageError('workers > 1 needs the module the spec comes from (the source option), for each worker thread to load it');
    }
    sampled = await sampleInWorkers(model, settings, { workers, source: options.source, sampleWhileStarting: options.sampleWhileStarting ?? true });
  } else {
    const { sampler, tally } = inThread(model, settings);
    const cursor = { next: settings.firstRun };
    let stopped;
    while ((stopped = sampleInOrder(sampler, settings, cursor, performance.now() + 50)) === undefined) await new Promise<void>((done) => setImmediate(done));
    sampled = { sampler, tally, stopped, workers: 1 };
  }
  return finish(model, settings, sampled, (performance.now() - started) / 1000);
}
