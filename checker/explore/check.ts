import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { explore, exploreAsync } from './engine.js';
import type { ExploreOutcome, ExploreResume, ExploreSettings, TraceEnd } from './engine.js';
import { CHECKPOINT_FILE, modulePath, pikaMcVersion, readCheckpoint, removeCheckpoint, removePartialCheckpoint, writeCheckpoint } from '../checkpoint/checkpoint.js';
import { specCode } from '../checkpoint/specCode.js';
import type { CheckpointRun, ResumeStores } from '../checkpoint/checkpoint.js';
import { lockCheckpointDir } from '../checkpoint/lock.js';
import { ScheduledCheckpoints } from '../checkpoint/schedule.js';
import { compile } from '../spec/compile.js';
import type { CompiledInvariant, Model } from '../spec/compile.js';
import { isSpec } from '../spec/define.js';
import { refuseNonSpec } from '../spec/specTarget.js';
import { CoverageCounter } from './coverage.js';
import { exploreParallel, workersWanted } from '../parallel/explore.js';
import { sourceOf } from '../parallel/loadSource.js';
import { EngineIoError, SpecEvaluationError, UsageError } from '../errors.js';
import { is } from 'immutable';
import { checkProperties } from '../liveness/properties.js';
import { GraphRecorder } from '../liveness/stateGraph.js';
import type { StateGraph } from '../liveness/stateGraph.js';
import { successorsOf } from '../spec/successors.js';
import { replayFault } from '../spec/replay.js';
import { notReplayed } from '../spec/purity.js';
import type { CheckOptions } from './options.js';
import { OptionsRefusal, planCheck } from './plan.js';
import type { CheckPlan } from './plan.js';
import { ExactSeenSet, FingerprintSeenSet } from './seenSet.js';
import { openSpill } from './spill.js';
import type { SeenSet } from './seenSet.js';
import { keyerFor } from '../state/keyer.js';
import type { StateKeyer } from '../state/symmetry.js';
import { rebuildTrace } from './trace.js';
import type { Bound, CheckResult, Constants, InvariantVerdict, Lasso, PropertyVerdict, ReachableVerdict, Spec, SpecFailure, State, Stats, Trace } from '../spec/types.js';
import { assertReplays } from '../spec/replay.js';

/**
 * The model to check: `target` itself, or the spec compiled with `constants`. Refuses (UsageError,
 * naming `caller`) a target that is neither a spec nor a compiled model, and constants for a model.
 */
export function modelOf<S extends State, C extends Constants>(target: Spec<S, C> | Model<S>, constants: Partial<C> | undefined, caller: string): Model<S> {
  refuseNonSpec(target, caller, true);
  if (isSpec(target)) return compile(target as Spec<S, C>, constants ?? {});
  if (constants !== undefined) throw new UsageError(`${caller}: constants apply to a spec: the model ${target.name} is already compiled with its own`);
  return target as Model<S>;
}

/**
 * Explores every state of `spec` (compiled with `options.constants`, or an already compiled model)
 * reachable from its initial states, breadth-first, and checks the selected invariants on each, and
 * deadlock. Returns a value (never rejects for a finding): `ok`, `violation` (with a shortest trace
 * per violated invariant), `deadlock`, `incomplete` (a bound stopped it) or `error` (the spec threw).
 * Lets the event loop run now and then, so that signals (an AbortSignal aborted by SIGINT), timers
 * and progress output are handled while it goes on. With `workers` > 1, a run whose levels grow
 * past `parallelThreshold` states is continued in that many worker threads. Rejects with UsageError
 * for options the spec does not accept (see planCheck).
 */
export async function check<S extends State, C extends Constants>(spec: Spec<S, C> | Model<S>, options: CheckOptions<C> = {}): Promise<CheckResult<S>> {
  const model = modelOf(spec, options.constants, 'check');
  const plan = planCheck(model, options as CheckOptions);
  if (plan.parallel !== undefined) return checkParallel(model, plan, plan.parallel);
  const run = prepare(model, plan);
  try {
    return run.finish(await exploreAsync(model, run.settings));
  } finally {
    run.release();
  }
}

/**
 * `check` in this thread without yielding to the event loop: the same exploration, driven to its end
 * at once. Throws UsageError for `workers` > 1, which needs `check`.
 */
export function checkSync<S extends State, C extends Constants>(spec: Spec<S, C> | Model<S>, options: CheckOptions<C> = {}): CheckResult<S> {
  const model = modelOf(spec, options.constants, 'checkSync');
  const plan = planCheck(model, options as CheckOptions, 'checkSync');
  if (plan.parallel !== undefined) {
    throw new UsageError(`checkSync explores in this thread alone: workers > 1 (${plan.parallel.workers}) needs the async check`);
  }
  const run = prepare(model, plan);
  try {
    return run.finish(explore(model, run.settings));
  } finally {
    run.release();
  }
}

/**
 * Explores with the one-thread engine (which costs less a state) until the worker threads are
 * wanted, a level before the first of `parallelThreshold` states (see workersWanted), then goes on
 * level by level in the parallel engine, which the worker threads (each loads the spec from
 * `source`) join at that level. A run whose levels stay smaller never leaves this thread's engine.
 */
async function checkParallel<S extends State>(model: Model<S>, plan: CheckPlan<S>, parallel: NonNullable<CheckPlan['parallel']>): Promise<CheckResult<S>> {
  const run = prepare(model, plan);
  const { threshold } = parallel;
  const prefix = await exploreAsync(model, { ...run.settings, handOff: (next, last) => workersWanted(next, last, threshold) });
  if (!prefix.handOff) return run.finish(prefix);
  return run.finish(
    await exploreParallel(model, run.settings, {
      workers: parallel.workers,
      threshold,
      source: sourceOf(parallel.source),
      symmetry: [...plan.symmetry],
      invariants: run.settings.invariants.map((inv) => inv.name),
      maxStates: run.settings.maxStates,
      memo: run.settings.memo,
    }, prefix),
  );
}

interface PreparedRun<S extends State> {
  readonly settings: ExploreSettings<S>;
  readonly finish: (outcome: ExploreOutcome<S>) => CheckResult<S>;
  /** Releases what the run holds (its checkpoint directory's lock). */
  readonly release: () => void;
}

/** The run a checkpoint belongs to: what a resume must match (see CheckpointIdentity), and where its spec comes from. */
function checkpointRun<S extends State>(model: Model<S>, plan: CheckPlan<S>, checkpoint: NonNullable<CheckPlan['checkpoint']>): CheckpointRun {
  const module = modulePath(checkpoint.module);
  return {
    identity: {
      version: pikaMcVersion(),
      spec: model.name,
      code: specCode(module),
      constants: model.constants,
      invariants: plan.invariants.map((i) => i.name),
      reachable: plan.reachable.map((r) => r.name),
      symmetry: [...plan.symmetry],
      deadlock: plan.deadlock,
      maxDepth: plan.maxDepth === Infinity ? null : plan.maxDepth,
    },
    module,
    everySeconds: checkpoint.everySeconds,
  };
}

/**
 * Takes the checkpoint directory (see lockCheckpointDir) and reads the checkpoint to resume, if
 * any; the lock is released if reading fails.
 */
function openCheckpoints<S extends State>(
  model: Model<S>,
  dir: string,
  resumeDir: string | undefined,
  run: CheckpointRun,
  maxStates: number,
  stores: ResumeStores | undefined,
): { release: () => void; resume?: ExploreResume<S> } {
  const release = lockCheckpointDir(dir);
  try {
    if ((resumeDir === undefined || resolve(resumeDir) !== resolve(dir)) && existsSync(join(dir, CHECKPOINT_FILE))) {
      throw new OptionsRefusal(
        (n) => `${n('checkpoint')} ${dir} holds the checkpoint of an earlier run: continue that run with ${n('resume')} ${dir}, or remove the checkpoint or give another folder to start anew`,
      );
    }
    removePartialCheckpoint(dir);
    if (resumeDir === undefined) return { release };
    const resume = readCheckpoint(resumeDir, model, { identity: run.identity, maxStates }, stores);
    return { release, resume: { ...resume, saved: resolve(resumeDir) === resolve(dir) } };
  } catch (cause) {
    release();
    throw cause;
  }
}

/** How long a reading of the resident memory stands for: reading it is a system call. */
const MEMORY_READ_MS = 20;

/**
 * The process's resident memory, read again at most every MEMORY_READ_MS: the loop asks every few
 * states (for maxMemory), and a reading costs some 30 µs, which would otherwise be an eighth of a
 * bounded run's time.
 */
export function residentMemory(now: () => number): () => number {
  let readAt = -Infinity;
  let rss = 0;
  return () => {
    const at = now();
    if (at - readAt >= MEMORY_READ_MS) {
      readAt = at;
      rss = process.memoryUsage.rss();
    }
    return rss;
  };
}

function prepare<S extends State>(model: Model<S>, plan: CheckPlan<S>): PreparedRun<S> {
  const { invariants, symmetry, checkpoint } = plan;
  const keyer = keyerFor(model, symmetry);
  const run = checkpoint !== undefined ? checkpointRun(model, plan, checkpoint) : undefined;
  const now = (): number => performance.now();
  const started = now();
  const deadline = started + plan.timeLimit * 1000;
  const spill = plan.spill !== undefined ? openSpill(plan.spill.dir, plan.spill.budget, plan.spill.queueBudget) : undefined;
  if (spill) plan.onSpillFolder?.(spill.folder);
  // Last of what may refuse the run: the lock is then released in every case by `release`.
  let opened: ReturnType<typeof openCheckpoints<S>> | undefined;
  try {
    opened = checkpoint !== undefined && run !== undefined ? openCheckpoints(model, checkpoint.dir, checkpoint.resume, run, plan.maxStates, spill) : undefined;
  } catch (cause) {
    spill?.remove();
    throw cause;
  }
  const resume = opened?.resume;
  const seen: SeenSet = resume?.seen ?? spill?.seen ?? (plan.exact ? new ExactSeenSet() : new FingerprintSeenSet());
  const coverage = plan.coverage ? new CoverageCounter(model) : undefined;
  // Temporal properties are checked on the graph this run records, which needs the whole space.
  const recorder = plan.properties.length > 0 ? new GraphRecorder<S>(plan.propertyStates) : undefined;
  const settings: ExploreSettings<S> = {
    // Reachability properties go with the invariants: reaching one is "violating" its negation.
    invariants: [...invariants, ...plan.reachable],
    deadlock: plan.deadlock,
    stopAtFirst: plan.stopAtFirst,
    continue: plan.continue || recorder !== undefined,
    maxStates: plan.maxStates,
    maxDepth: plan.maxDepth,
    deadline,
    maxMemoryBytes: plan.maxMemoryBytes,
    seen,
    ...(spill ? { log: spill.log, newQueue: (canonical) => spill.newQueue<S>(canonical) } : {}),
    keyer,
    memo: plan.memo && !seen.exact,
    ...(plan.spill ? { memoShare: plan.spill.memoShare } : {}),
    ...(plan.reference ? { plainQueue: true } : {}),
    ...(coverage ? { coverage } : {}),
    ...(recorder ? { observer: recorder } : {}),
    ...(plan.onProgress ? { onProgress: plan.onProgress } : {}),
    ...(plan.onLevel ? { onLevel: plan.onLevel } : {}),
    progressMs: plan.progressMs,
    ...(plan.signal ? { signal: plan.signal } : {}),
    memoryUsage: residentMemory(now),
    now,
    ...(checkpoint !== undefined && run !== undefined
      ? {
          checkpoint: new ScheduledCheckpoints<S>({
            everyMs: run.everySeconds * 1000,
            startedAt: started,
            deadline,
            // Resumed in the folder it writes to: the checkpoint resumed from stays there until replaced.
            resumed: checkpoint.resume !== undefined && resolve(checkpoint.resume) === resolve(checkpoint.dir),
            now,
            write: (snapshot, stop) => {
              plan.onCheckpointWrite?.(true);
              try {
                return writeCheckpoint(checkpoint.dir, run, snapshot, stop);
              } finally {
                plan.onCheckpointWrite?.(false);
              }
            },
            ...(plan.onCheckpointNote ? { onNote: plan.onCheckpointNote } : {}),
          }),
        }
      : {}),
    ...(resume ? { resume } : {}),
  };
  return {
    settings,
    finish: (outcome) => {
      // A run that explored all it was to (its whole space, its depth limit, its findings, or a failure
      // of the spec) leaves nothing to resume: its folder is left free for a new run.
      if (checkpoint !== undefined && (outcome.bound === undefined || outcome.bound === 'maxDepth')) removeCheckpoint(checkpoint.dir);
      const result = buildResult(model, settings.invariants, outcome, seen, keyer, symmetry, coverage, (now() - started) / 1000);
      if (recorder === undefined) return result;
      const explored = result.status !== 'error' && outcome.bound === undefined && !outcome.stoppedEarly && !outcome.handOff;
      const stop = (): Bound | undefined => (plan.signal?.aborted ? 'interrupted' : now() >= deadline ? 'timeLimit' : undefined);
      return withProperties(model, plan, result, explored ? recorder.graph() : undefined, stop);
    },
    release: () => {
      opened?.release();
      spill?.remove();
    },
  };
}

/**
 * Checks the temporal properties asked for on the state graph the run recorded (none when it stopped
 * before it had seen the whole space: they are then unknown): a violation is a lasso, and makes the
 * status a violation. The search stops at the run's time limit or signal (see `stop`), leaving the
 * properties it has not decided unknown and the run incomplete.
 */
function withProperties<S extends State>(
  model: Model<S>,
  plan: CheckPlan<S>,
  result: CheckResult<S>,
  graph: StateGraph<S> | undefined,
  stop: () => Bound | undefined,
): CheckResult<S> {
  const names = plan.properties;
  let properties: PropertyVerdict<S>[];
  let bound: Bound | undefined;
  try {
    ({ properties, bound } = checkProperties(model, names, graph, stop));
    for (const p of properties) {
      if (p.lasso) assertLassoReplays(model, p.name, p.lasso);
    }
  } catch (cause) {
    if (!(cause instanceof SpecEvaluationError)) throw cause;
    return { ...result, status: 'error', error: failureOf<S>(cause), properties: names.map((name) => ({ name, verdict: 'unknown' as const })) };
  }
  const violated = properties.some((p) => p.verdict === 'violated');
  // The bound that stopped the exploration, or else the one that stopped the properties' search.
  const stoppedBy = 'bound' in result && result.bound !== undefined ? { bound: result.bound } : bound !== undefined ? { bound } : {};
  if (violated && (result.status === 'ok' || result.status === 'deadlock')) return { ...result, status: 'violation', ...stoppedBy, properties };
  if (bound !== undefined && result.status === 'ok') return { ...result, status: 'incomplete', bound, properties };
  if (result.status === 'violation' || result.status === 'deadlock') return { ...result, ...stoppedBy, properties };
  return { ...result, properties };
}

/** A lasso must replay: an initial state, each step a successor, and a closing step back to its loop (see assertReplays). */
function assertLassoReplays<S extends State>(model: Model<S>, name: string, lasso: Lasso<S>): void {
  const fault = replayFault(model, lasso.steps, { kind: 'reaches' });
  if (fault !== undefined) throw notReplayed(model, `the lasso of ${name} does not replay: ${fault.problem}`, fault.suspect);
  if (lasso.loopStart !== null) {
    const last = lasso.steps[lasso.steps.length - 1]?.state as S;
    const target = lasso.steps[lasso.loopStart]?.state as S;
    if (!successorsOf(model, last).some((s) => is(s.state, target))) {
      throw notReplayed(model, `the lasso of ${name} does not close: no step back to state ${lasso.loopStart + 1}`, { kind: 'actions', state: last });
    }
  }
}

/** What the spec failed on, as a result reports it. */
function failureOf<S extends State>(error: SpecEvaluationError, trace?: Trace<S>): SpecFailure<S> {
  return {
    kind: error.kind,
    name: error.part,
    message: error.message,
    ...(error.state !== undefined ? { state: error.state as S } : {}),
    ...(trace ? { trace } : {}),
  };
}

/**
 * The result of an exploration: each invariant's verdict, each reachability property's (checked as
 * an invariant whose violation is reaching it, turned around here), deadlock, figures and status.
 */
function buildResult<S extends State>(
  model: Model<S>,
  checked: readonly CompiledInvariant<S>[],
  outcome: ExploreOutcome<S>,
  seen: SeenSet,
  keyer: StateKeyer,
  symmetry: readonly string[],
  coverage: CoverageCounter | undefined,
  seconds: number,
): CheckResult<S> {
  const traceOf = (end: TraceEnd<S>): Trace<S> => rebuildTrace(model, outcome.log, keyer, end);
  const complete = outcome.bound === undefined && outcome.failure === undefined && !outcome.stoppedEarly;
  const invariants = checked.filter((inv) => !inv.reachable);
  const reachable = checked.filter((inv) => inv.reachable);
  /** A checked predicate's verdict: `found` with the trace to the state the run found (replayed), else `missed` or unknown. */
  const verdictOf = <V extends string>(predicate: CompiledInvariant<S>, found: V, missed: V): { name: string; verdict: V | 'unknown'; trace?: Trace<S> } => {
    const end = outcome.violations.get(predicate.name);
    if (end === undefined) return { name: predicate.name, verdict: complete ? missed : 'unknown' };
    const trace = traceOf(end);
    assertReplays(model, trace, { kind: 'violates', invariant: predicate.name, holds: predicate.holds });
    return { name: predicate.name, verdict: found, trace };
  };
  let verdicts: InvariantVerdict<S>[];
  let witnesses: ReachableVerdict<S>[];
  let deadlock: Trace<S> | undefined;
  // A trace that does not replay because the spec's functions disagree with themselves (see notReplayed).
  let impure: SpecEvaluationError | undefined;
  let ioError = outcome.ioError;
  try {
    verdicts = invariants.map((invariant) => verdictOf(invariant, 'violated', 'holds'));
    witnesses = reachable.map((property) => verdictOf(property, 'reached', 'unreached'));
    if (outcome.deadlock) {
      deadlock = traceOf(outcome.deadlock);
      assertReplays(model, deadlock, { kind: 'deadlock' });
    }
  } catch (cause) {
    if (cause instanceof EngineIoError) {
      // The trace log on disk cannot be read back: the findings have no trace to stand on.
      ioError ??= cause;
    } else {
      if (!(cause instanceof SpecEvaluationError)) throw cause;
      impure = cause;
    }
    // No finding of a spec that is not pure stands.
    verdicts = invariants.map(({ name }) => ({ name, verdict: 'unknown' }));
    witnesses = reachable.map(({ name }) => ({ name, verdict: 'unknown' }));
    deadlock = undefined;
  }
  // Worker threads had a seen set of their own.
  const distinct = outcome.parallel?.distinct ?? seen.size;
  const stats: Stats = {
    distinct,
    generated: outcome.generated,
    depth: outcome.depth,
    queue: outcome.queue,
    seconds,
    collisionProbability: seen.exact ? 0 : (distinct * (outcome.generated - distinct)) / 2 ** 64,
    exact: seen.exact,
    seenBytesPerState: distinct > 0 ? (outcome.parallel?.seenBytes ?? seen.bytes) / distinct : 0,
    workers: outcome.parallel?.workers ?? 1,
  };
  const base = {
    spec: model.name,
    constants: model.constants,
    invariants: verdicts,
    reachable: witnesses,
    properties: [],
    ...(deadlock ? { deadlock } : {}),
    stats,
    ...(coverage ? { coverage: coverage.report() } : {}),
    symmetry,
    ...(ioError ? { ioError: { path: ioError.path, code: ioError.code, message: ioError.message } } : {}),
  };
  if (ioError && outcome.ioError === undefined) return { ...base, status: 'incomplete', bound: 'ioError' };
  if (impure) return { ...base, status: 'error', error: failureOf<S>(impure) };
  if (outcome.failure) {
    const { error, end } = outcome.failure;
    let trace: Trace<S> | undefined;
    try {
      trace = end ? traceOf(end) : undefined;
    } catch (cause) {
      if (cause instanceof EngineIoError) return { ...base, ioError: { path: cause.path, code: cause.code, message: cause.message }, status: 'incomplete', bound: 'ioError' };
      if (!(cause instanceof SpecEvaluationError)) throw cause;
      return { ...base, status: 'error', error: failureOf<S>(cause) };
    }
    return { ...base, status: 'error', error: failureOf<S>(error, trace) };
  }
  // A finding keeps its status; the bound that stopped the run is said all the same.
  const stoppedBy = outcome.bound ? { bound: outcome.bound } : {};
  if (verdicts.some((v) => v.verdict === 'violated') || witnesses.some((w) => w.verdict === 'unreached')) return { ...base, status: 'violation', ...stoppedBy };
  if (deadlock) return { ...base, status: 'deadlock', ...stoppedBy };
  if (outcome.bound) return { ...base, status: 'incomplete', bound: outcome.bound };
  return { ...base, status: 'ok' };
}
