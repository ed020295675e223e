import { explore, exploreAsync } from './engine.js';
import type { ExploreOutcome, ExploreResume, ExploreSettings, TraceEnd } from './engine.js';
import { modulePath, pikaMcVersion, readCheckpoint, removePartialCheckpoint, specCodeHash, writeCheckpoint } from '../checkpoint/checkpoint.js';
import type { CheckpointIdentity, CheckpointRun } from '../checkpoint/checkpoint.js';
import { lockCheckpointDir } from '../checkpoint/lock.js';
import { ScheduledCheckpoints } from '../checkpoint/schedule.js';
import { compile } from '../spec/compile.js';
import type { CompiledInvariant, Model } from '../spec/compile.js';
import { CoverageCounter } from './coverage.js';
import { exploreParallel, workersWanted } from '../parallel/explore.js';
import { sourceOf } from '../parallel/loadSource.js';
import { SpecEvaluationError, UsageError } from '../errors.js';
import { is } from 'immutable';
import { checkProperties, selectProperties } from '../liveness/properties.js';
import { successorsOf } from '../spec/successors.js';
import { replayFault } from '../spec/replay.js';
import { notReplayed } from '../spec/purity.js';
import type { CheckOptions } from './options.js';
import { ExactSeenSet, FingerprintSeenSet } from './seenSet.js';
import type { SeenSet } from './seenSet.js';
import { PlainKeyer, SymmetricKeyer } from '../state/symmetry.js';
import type { StateKeyer } from '../state/symmetry.js';
import { rebuildTrace } from './trace.js';
import type { CheckResult, Constants, InvariantVerdict, Lasso, PropertyVerdict, ReachableVerdict, Spec, SpecFailure, State, Stats, Trace } from '../spec/types.js';
import { assertReplays } from '../spec/replay.js';

/** Picks the invariants named in the options, refusing unknown names. */
export function selectInvariants<S extends State>(model: Model<S>, names?: readonly string[]): CompiledInvariant<S>[] {
  if (names === undefined) return model.invariants.slice();
  const known = new Map(model.invariants.map((inv) => [inv.name, inv]));
  return names.map((name) => {
    const invariant = known.get(name);
    if (!invariant) {
      const valid = model.invariants.map((inv) => inv.name).join(', ') || 'none';
      throw new UsageError(`unknown invariant '${name}' (valid: ${valid})`);
    }
    return invariant;
  });
}

/** Picks the reachability properties named in the options (all by default), refusing unknown names. */
export function selectReachable<S extends State>(model: Model<S>, names?: readonly string[]): CompiledInvariant<S>[] {
  const all = model.reachable ?? [];
  if (names === undefined) return all.slice();
  const known = new Map(all.map((r) => [r.name, r]));
  return names.map((name) => {
    const property = known.get(name);
    if (!property) throw new UsageError(`unknown reachability property '${name}' (valid: ${all.map((r) => r.name).join(', ') || 'none'})`);
    return property;
  });
}

/** The symmetry sets to reduce by, refusing names the spec does not declare. */
export function selectSymmetry<S extends State>(model: Model<S>, symmetry: CheckOptions['symmetry']): string[] {
  if (symmetry === undefined || symmetry === false) return [];
  const declared = Object.keys(model.symmetry);
  if (symmetry === true) return declared;
  for (const name of symmetry) {
    if (!declared.includes(name)) {
      throw new UsageError(
        `symmetry set '${name}' is not declared by ${model.name} for these constants (declared: ${declared.join(', ') || 'none'}); ` +
          'values that play different roles, or fewer than two of them, are not symmetric',
      );
    }
  }
  return [...symmetry];
}

/** The keyer that gives states their fingerprints, with or without symmetry. */
export function keyerFor<S extends State>(model: Model<S>, sets: readonly string[]): StateKeyer {
  if (sets.length === 0) return new PlainKeyer();
  return new SymmetricKeyer(sets.map((name) => model.symmetry[name] as readonly string[]));
}

function positive(name: string, value: number | undefined): number {
  if (value === undefined) return Infinity;
  if (!(value > 0)) throw new UsageError(`${name} must be a positive number, got ${value}`);
  return value;
}

/**
 * Explores every state of `spec` reachable from its initial states, breadth-first, and checks the
 * selected invariants on each, and deadlock. Returns a value (never throws for a finding): `ok`,
 * `violation` (with a shortest trace per violated invariant), `deadlock`, `incomplete` (a bound
 * stopped it) or `error` (the spec threw). Throws UsageError for options the spec does not accept.
 */
export function check<S extends State, C extends Constants>(spec: Spec<S, C>, options: CheckOptions<C> = {}): CheckResult<S> {
  const model = compile(spec, options.constants ?? {});
  return checkModel(model, options);
}

/** `check` for a spec already instantiated with its constants. */
export function checkModel<S extends State>(model: Model<S>, options: CheckOptions = {}): CheckResult<S> {
  const run = prepare(model, options);
  try {
    return run.finish(explore(model, run.settings));
  } finally {
    run.release();
  }
}

/**
 * `check` that lets the event loop run now and then during the exploration, so that signals (an
 * AbortSignal aborted by SIGINT), timers and progress output are handled while it goes on.
 */
export async function checkAsync<S extends State, C extends Constants>(spec: Spec<S, C>, options: CheckOptions<C> = {}): Promise<CheckResult<S>> {
  return checkModelAsync(compile(spec, options.constants ?? {}), options);
}

/**
 * `checkAsync` for a spec already instantiated with its constants. With `workers` > 1, a run whose
 * levels grow past `parallelThreshold` states is continued in that many worker threads.
 */
export async function checkModelAsync<S extends State>(model: Model<S>, options: CheckOptions = {}): Promise<CheckResult<S>> {
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1) throw new UsageError(`workers must be a positive integer, got ${workers}`);
  if (workers > 1) return checkParallel(model, options, workers);
  const run = prepare(model, options);
  try {
    return run.finish(await exploreAsync(model, run.settings));
  } finally {
    run.release();
  }
}

/**
 * Levels smaller than this stay in the main thread alone: worker threads, which start with cold
 * code, would cost more than they save.
 */
const PARALLEL_THRESHOLD = 16384;

/**
 * Explores with the one-thread engine (which costs less a state) until the worker threads are
 * wanted, a level before the first of `parallelThreshold` states (see workersWanted), then goes on
 * level by level in the parallel engine, which the worker threads (each loads the spec from
 * `options.source`) join at that level. A run whose levels stay smaller never leaves this thread's
 * engine.
 */
async function checkParallel<S extends State>(model: Model<S>, options: CheckOptions, workers: number): Promise<CheckResult<S>> {
  if (options.source === undefined) {
    throw new UsageError('workers > 1 needs the module the spec comes from (the source option), for each worker thread to load it');
  }
  if (options.exact || options.reference || options.coverage || options.checkpoint !== undefined || options.resume !== undefined) {
    throw new UsageError('exact mode, reference mode, coverage and checkpoints need the in-process engine: run with one worker (--workers 1)');
  }
  const threshold = options.parallelThreshold ?? PARALLEL_THRESHOLD;
  if (!(threshold >= 0)) throw new UsageError(`parallelThreshold must be a number ≥ 0, got ${threshold}`);
  const run = prepare(model, options);
  const prefix = await exploreAsync(model, { ...run.settings, handOff: (next, last) => workersWanted(next, last, threshold) });
  if (!prefix.handOff) return run.finish(prefix);
  return run.finish(
    await exploreParallel(model, run.settings, {
      workers,
      threshold,
      source: sourceOf(options.source),
      symmetry: selectSymmetry(model, options.symmetry),
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
function checkpointRun<S extends State>(model: Model<S>, options: CheckOptions, identity: Omit<CheckpointIdentity, 'version' | 'spec' | 'code' | 'constants'>): CheckpointRun {
  if (options.source === undefined) {
    throw new UsageError("checkpoints need the module the spec comes from (the source option), so that a resume can tell whether the spec's code changed");
  }
  const module = modulePath(options.source.module);
  return {
    identity: { version: pikaMcVersion(), spec: model.name, code: specCodeHash(module), constants: model.constants, ...identity },
    module,
    everySeconds: positive('checkpointEvery', options.checkpointEvery ?? 60),
  };
}

/**
 * Takes the checkpoint directory (see lockCheckpointDir) and reads the checkpoint to resume, if
 * any; the lock is released if reading fails.
 */
function openCheckpoints<S extends State>(model: Model<S>, dir: string, resumeDir: string | undefined, run: CheckpointRun): { release: () => void; resume?: ExploreResume<S> } {
  const release = lockCheckpointDir(dir);
  try {
    removePartialCheckpoint(dir);
    return { release, ...(resumeDir !== undefined ? { resume: readCheckpoint(resumeDir, model, run.identity) } : {}) };
  } catch (cause) {
    release();
    throw cause;
  }
}

function prepare<S extends State>(model: Model<S>, options: CheckOptions): PreparedRun<S> {
  const invariants = selectInvariants(model, options.invariants);
  const reachable = selectReachable(model, options.reachable);
  if (options.continue && options.stopAtFirst) throw new UsageError('continue and stopAtFirst cannot be combined: one explores the whole space, the other stops at the first finding');
  const symmetry = selectSymmetry(model, options.symmetry);
  const properties = selectProperties(model, options.properties ?? []);
  if (properties.length > 0 && symmetry.length > 0) {
    throw new UsageError('temporal properties cannot be checked under symmetry (as with TLC, the reduction is unsound for liveness)');
  }
  if (options.exact && symmetry.length > 0) throw new UsageError('exact mode and symmetry cannot be combined');
  if (options.reference && symmetry.length > 0) throw new UsageError('reference mode and symmetry cannot be combined (it tells states apart by value)');
  const keyer = keyerFor(model, symmetry);
  // The run's choice, else the spec's own (TLC's CHECK_DEADLOCK), else on.
  const deadlock = options.deadlock ?? model.deadlock ?? true;
  const maxDepth = positive('maxDepth', options.maxDepth);
  const checkpointDir = options.checkpoint ?? options.resume;
  if (checkpointDir !== undefined && (options.exact || options.reference || options.coverage)) {
    throw new UsageError('checkpoints cannot be combined with exact mode, reference mode or coverage');
  }
  const run =
    checkpointDir !== undefined
      ? checkpointRun(model, options, {
          invariants: invariants.map((i) => i.name),
          reachable: reachable.map((r) => r.name),
          symmetry,
          deadlock,
          maxDepth: maxDepth === Infinity ? null : maxDepth,
        })
      : undefined;
  const now = (): number => performance.now();
  const timeLimit = positive('timeLimit', options.timeLimit);
  const maxMemory = positive('maxMemory', options.maxMemory);
  const maxStates = positive('maxStates', options.maxStates);
  const started = now();
  const deadline = started + timeLimit * 1000;
  // Last of what may refuse the options: the lock is then released in every case by `release`.
  const opened = checkpointDir !== undefined && run !== undefined ? openCheckpoints(model, checkpointDir, options.resume, run) : undefined;
  const resume = opened?.resume;
  const reference = options.reference ?? false;
  const seen: SeenSet = resume?.seen ?? (options.exact || reference ? new ExactSeenSet() : new FingerprintSeenSet());
  const coverage = options.coverage ? new CoverageCounter(model) : undefined;
  const settings: ExploreSettings<S> = {
    // Reachability properties go with the invariants: reaching one is "violating" its negation.
    invariants: [...invariants, ...reachable],
    deadlock,
    stopAtFirst: options.stopAtFirst ?? false,
    continue: options.continue ?? false,
    maxStates,
    maxDepth,
    deadline,
    maxMemoryBytes: maxMemory * 1024 * 1024,
    seen,
    keyer,
    memo: (options.memo ?? true) && !seen.exact,
    ...(reference ? { plainQueue: true } : {}),
    ...(coverage ? { coverage } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.onLevel ? { onLevel: options.onLevel } : {}),
    progressMs: (options.progressInterval ?? 5) * 1000,
    ...(options.signal ? { signal: options.signal } : {}),
    memoryUsage: () => process.memoryUsage.rss(),
    now,
    ...(checkpointDir !== undefined && run !== undefined
      ? {
          checkpoint: new ScheduledCheckpoints<S>({
            everyMs: run.everySeconds * 1000,
            startedAt: started,
            deadline,
            now,
            write: (snapshot, stop) => writeCheckpoint(checkpointDir, run, snapshot, stop),
            ...(options.onCheckpointNote ? { onNote: options.onCheckpointNote } : {}),
          }),
        }
      : {}),
    ...(resume ? { resume } : {}),
  };
  return {
    settings,
    finish: (outcome) =>
      withProperties(model, properties, options, buildResult(model, settings.invariants, outcome, seen, keyer, symmetry, coverage, (now() - started) / 1000)),
    release: opened?.release ?? (() => {}),
  };
}

/**
 * Checks the temporal properties asked for once the safety exploration has seen the whole space
 * (left unknown when it stopped early): a violation is a lasso, and makes the status a violation.
 */
function withProperties<S extends State>(model: Model<S>, names: readonly string[], options: CheckOptions, result: CheckResult<S>): CheckResult<S> {
  if (names.length === 0) return result;
  const complete = result.status === 'ok' || result.status === 'violation' || result.status === 'deadlock';
  const limit = options.maxStates ?? 5_000_000;
  let properties: PropertyVerdict<S>[];
  try {
    properties = complete ? checkProperties(model, names, limit) : names.map((name) => ({ name, verdict: 'unknown' as const }));
    for (const p of properties) {
      if (p.lasso) assertLassoReplays(model, p.name, p.lasso);
    }
  } catch (cause) {
    if (!(cause instanceof SpecEvaluationError)) throw cause;
    return { ...result, status: 'error', error: failureOf<S>(cause), properties: names.map((name) => ({ name, verdict: 'unknown' as const })) };
  }
  const violated = properties.some((p) => p.verdict === 'violated');
  if (violated && (result.status === 'ok' || result.status === 'deadlock')) return { ...result, status: 'violation', properties };
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
  let verdicts: InvariantVerdict<S>[];
  let witnesses: ReachableVerdict<S>[];
  let deadlock: Trace<S> | undefined;
  // A trace that does not replay because the spec's functions disagree with themselves (see notReplayed).
  let impure: SpecEvaluationError | undefined;
  try {
    verdicts = invariants.map((invariant) => {
      const end = outcome.violations.get(invariant.name);
      if (end === undefined) return { name: invariant.name, verdict: complete ? 'holds' : 'unknown' };
      const trace = traceOf(end);
      assertReplays(model, trace, { kind: 'violates', invariant: invariant.name, holds: invariant.holds });
      return { name: invariant.name, verdict: 'violated', trace };
    });
    witnesses = reachable.map((property) => {
      const end = outcome.violations.get(property.name);
      if (end === undefined) return { name: property.name, verdict: complete ? 'unreached' : 'unknown' };
      const trace = traceOf(end);
      assertReplays(model, trace, { kind: 'violates', invariant: property.name, holds: property.holds });
      return { name: property.name, verdict: 'reached', trace };
    });
    if (outcome.deadlock) {
      deadlock = traceOf(outcome.deadlock);
      assertReplays(model, deadlock, { kind: 'deadlock' });
    }
  } catch (cause) {
    if (!(cause instanceof SpecEvaluationError)) throw cause;
    impure = cause;
    // No finding of a spec that is not pure stands.
    verdicts = invariants.map((invariant) => ({ name: invariant.name, verdict: 'unknown' }));
    witnesses = reachable.map((property) => ({ name: property.name, verdict: 'unknown' }));
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
  };
  if (impure) return { ...base, status: 'error', error: failureOf<S>(impure) };
  if (outcome.failure) {
    const { error, end } = outcome.failure;
    let trace: Trace<S> | undefined;
    try {
      trace = end ? traceOf(end) : undefined;
    } catch (cause) {
      if (!(cause instanceof SpecEvaluationError)) throw cause;
      return { ...base, status: 'error', error: failureOf<S>(cause) };
    }
    return { ...base, status: 'error', error: failureOf<S>(error, trace) };
  }
  if (verdicts.some((v) => v.verdict === 'violated') || witnesses.some((w) => w.verdict === 'unreached')) return { ...base, status: 'violation' };
  if (deadlock) return { ...base, status: 'deadlock' };
  if (outcome.bound) return { ...base, status: 'incomplete', bound: outcome.bound };
  return { ...base, status: 'ok' };
}
