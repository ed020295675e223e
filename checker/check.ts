import { explore, exploreAsync } from './bfs.js';
import type { ExploreOutcome, ExploreSettings, ExploreSnapshot, TraceEnd } from './bfs.js';
import { readCheckpoint, writeCheckpoint } from './checkpoint.js';
import type { CheckpointIdentity } from './checkpoint.js';
import { compile } from './compile.js';
import type { CompiledInvariant, Model } from './compile.js';
import { CoverageCounter } from './coverage.js';
import { UsageError } from './errors.js';
import type { CheckOptions } from './options.js';
import { ExactSeenSet, FingerprintSeenSet } from './seenSet.js';
import type { SeenSet } from './seenSet.js';
import { PlainKeyer, SymmetricKeyer } from './symmetry.js';
import type { StateKeyer } from './symmetry.js';
import { rebuildTrace } from './trace.js';
import type { CheckResult, Constants, InvariantVerdict, Spec, SpecFailure, State, Stats, Trace } from './types.js';
import { assertReplays } from './verify.js';

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
  return run.finish(explore(model, run.settings));
}

/**
 * `check` that lets the event loop run now and then during the exploration, so that signals (an
 * AbortSignal aborted by SIGINT), timers and progress output are handled while it goes on.
 */
export async function checkAsync<S extends State, C extends Constants>(spec: Spec<S, C>, options: CheckOptions<C> = {}): Promise<CheckResult<S>> {
  return checkModelAsync(compile(spec, options.constants ?? {}), options);
}

/** `checkAsync` for a spec already instantiated with its constants. */
export async function checkModelAsync<S extends State>(model: Model<S>, options: CheckOptions = {}): Promise<CheckResult<S>> {
  const run = prepare(model, options);
  return run.finish(await exploreAsync(model, run.settings));
}

interface PreparedRun<S extends State> {
  readonly settings: ExploreSettings<S>;
  readonly finish: (outcome: ExploreOutcome<S>) => CheckResult<S>;
}

function prepare<S extends State>(model: Model<S>, options: CheckOptions): PreparedRun<S> {
  const invariants = selectInvariants(model, options.invariants);
  const symmetry = selectSymmetry(model, options.symmetry);
  if (options.exact && symmetry.length > 0) throw new UsageError('exact mode and symmetry cannot be combined');
  const keyer = keyerFor(model, symmetry);
  const identity: CheckpointIdentity = {
    spec: model.name,
    constants: model.constants,
    invariants: invariants.map((i) => i.name),
    symmetry,
    deadlock: options.deadlock ?? true,
  };
  const checkpointDir = options.checkpoint ?? options.resume;
  if (checkpointDir !== undefined && (options.exact || options.coverage)) {
    throw new UsageError('checkpoints cannot be combined with exact mode or coverage');
  }
  const resume = options.resume !== undefined ? readCheckpoint(options.resume, model, identity) : undefined;
  const seen: SeenSet = resume?.seen ?? (options.exact ? new ExactSeenSet() : new FingerprintSeenSet());
  const coverage = options.coverage ? new CoverageCounter(model) : undefined;
  const now = (): number => performance.now();
  const timeLimit = positive('timeLimit', options.timeLimit);
  const maxMemory = positive('maxMemory', options.maxMemory);
  const started = now();
  const settings: ExploreSettings<S> = {
    invariants,
    deadlock: options.deadlock ?? true,
    stopAtFirst: options.stopAtFirst ?? false,
    maxStates: positive('maxStates', options.maxStates),
    maxDepth: positive('maxDepth', options.maxDepth),
    deadline: started + timeLimit * 1000,
    maxMemoryBytes: maxMemory * 1024 * 1024,
    seen,
    keyer,
    ...(coverage ? { coverage } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    progressMs: (options.progressInterval ?? 5) * 1000,
    ...(options.signal ? { signal: options.signal } : {}),
    memoryUsage: () => process.memoryUsage.rss(),
    now,
    ...(checkpointDir !== undefined
      ? {
          checkpoint: {
            everyMs: positive('checkpointEvery', options.checkpointEvery ?? 60) * 1000,
            save: (snapshot: ExploreSnapshot<S>) => writeCheckpoint(checkpointDir, identity, snapshot),
          },
        }
      : {}),
    ...(resume ? { resume } : {}),
  };
  return {
    settings,
    finish: (outcome) => buildResult(model, invariants, outcome, seen, keyer, symmetry, coverage, (now() - started) / 1000),
  };
}

function buildResult<S extends State>(
  model: Model<S>,
  invariants: readonly CompiledInvariant<S>[],
  outcome: ExploreOutcome<S>,
  seen: SeenSet,
  keyer: StateKeyer,
  symmetry: readonly string[],
  coverage: CoverageCounter | undefined,
  seconds: number,
): CheckResult<S> {
  const traceOf = (end: TraceEnd<S>): Trace<S> => rebuildTrace(model, outcome.log, keyer, end);
  const complete = outcome.bound === undefined && outcome.failure === undefined && !outcome.stoppedEarly;
  const verdicts: InvariantVerdict<S>[] = invariants.map((invariant) => {
    const end = outcome.violations.get(invariant.name);
    if (end === undefined) return { name: invariant.name, verdict: complete ? 'holds' : 'unknown' };
    const trace = traceOf(end);
    assertReplays(model, trace, { kind: 'violates', invariant: invariant.name, holds: invariant.holds });
    return { name: invariant.name, verdict: 'violated', trace };
  });
  let deadlock: Trace<S> | undefined;
  if (outcome.deadlock) {
    deadlock = traceOf(outcome.deadlock);
    assertReplays(model, deadlock, { kind: 'deadlock' });
  }
  const distinct = seen.size;
  const stats: Stats = {
    distinct,
    generated: outcome.generated,
    depth: outcome.depth,
    queue: outcome.queue,
    seconds,
    collisionProbability: seen.exact ? 0 : (distinct * (outcome.generated - distinct)) / 2 ** 64,
    seenBytesPerState: distinct > 0 ? seen.bytes / distinct : 0,
    workers: 1,
  };
  const base = {
    spec: model.name,
    constants: model.constants,
    invariants: verdicts,
    properties: [],
    ...(deadlock ? { deadlock } : {}),
    stats,
    ...(coverage ? { coverage: coverage.report() } : {}),
    symmetry,
  };
  if (outcome.failure) {
    const { error, end } = outcome.failure;
    const failure: SpecFailure<S> = {
      kind: error.kind,
      name: error.part,
      message: error.message,
      ...(error.state !== undefined ? { state: error.state as S } : {}),
      ...(end ? { trace: traceOf(end) } : {}),
    };
    return { ...base, status: 'error', error: failure };
  }
  if (verdicts.some((v) => v.verdict === 'violated')) return { ...base, status: 'violation' };
  if (deadlock) return { ...base, status: 'deadlock' };
  if (outcome.bound) return { ...base, status: 'incomplete', bound: outcome.bound };
  return { ...base, status: 'ok' };
}
