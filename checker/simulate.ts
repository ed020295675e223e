import { selectInvariants } from './check.js';
import { compile } from './compile.js';
import type { CompiledAction, CompiledInvariant, Model } from './compile.js';
import { messageOf, SpecEvaluationError, UsageError } from './errors.js';
import { freshSeed, Random, seedText } from './random.js';
import { shrinkTrace } from './shrink.js';
import type {
  SimulateOptions,
  SimulationResult,
  SimulationStats,
  SimulationStop,
  SimulationVerdict,
} from './simulateTypes.js';
import { forEachSuccessor, instanceOf } from './successors.js';
import type { SuccessorVisitor } from './successors.js';
import type { Constants, Spec, SpecFailure, State, Trace, TraceStep } from './types.js';
import { assertReplays } from './verify.js';

/** Options resolved once into their full form. */
interface Settings<S extends State> {
  readonly invariants: readonly CompiledInvariant<S>[];
  readonly seed: string;
  readonly depth: number;
  readonly firstRun: number;
  readonly lastRun: number;
  readonly deadline: number;
  /** Weight per action index, or undefined for a uniform choice among enabled instances. */
  readonly weights: readonly number[] | undefined;
  readonly shrink: boolean;
  readonly shrinkSeconds: number;
  readonly stopAtFirst: boolean;
  readonly signal?: AbortSignal;
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
  whole('workers', options.workers, 1, 1);
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
    ...(options.signal ? { signal: options.signal } : {}),
  };
}

/** A violation as sampled: the run that found it and its behaviour up to the first violating state. */
interface Finding<S extends State> {
  readonly run: number;
  readonly trace: Trace<S>;
}

/**
 * Runs random behaviours one after another. Run `i` draws every choice (initial state, then one
 * enabled instance per step) from its own stream, fixed by the seed and `i`, so a report's seed and
 * run index replay its behaviour, whatever ran before it.
 */
class Sampler<S extends State> {
  behaviours = 0;
  states = 0;
  nextRun: number;
  stopped: SimulationStop | undefined;
  failure: { error: SpecFailure<S>; run: number } | undefined;
  readonly findings = new Map<string, Finding<S>>();
  readonly lengths: number[] = [];
  readonly taken: number[];
  private initial: S[] | undefined;
  private pending: CompiledInvariant<S>[];
  // The successors of the current state, and the behaviour so far, in reused arrays.
  private count = 0;
  private readonly nextStates: S[] = [];
  private readonly nextActions: CompiledAction<S>[] = [];
  private readonly nextTuples: number[] = [];
  private readonly nextChoices: (readonly unknown[])[] = [];
  private readonly pathStates: S[] = [];
  private readonly pathActions: CompiledAction<S>[] = [];
  private readonly pathTuples: number[] = [];
  private readonly pathChoices: (readonly unknown[])[] = [];
  private readonly visit: SuccessorVisitor<S>;

  constructor(
    private readonly model: Model<S>,
    private readonly settings: Settings<S>,
  ) {
    this.nextRun = settings.firstRun;
    this.taken = model.actions.map(() => 0);
    this.pending = settings.invariants.slice();
    this.visit = (state, action, tuple, choices) => {
      const i = this.count++;
      this.nextStates[i] = state;
      this.nextActions[i] = action;
      this.nextTuples[i] = tuple;
      this.nextChoices[i] = choices;
    };
  }

  /** Runs behaviours until `until` (a `performance.now()` time) or the end; returns true at the end. */
  sample(until: number): boolean {
    const { settings } = this;
    while (this.stopped === undefined) {
      if (settings.signal?.aborted) this.stopped = 'interrupted';
      else if (this.nextRun >= settings.lastRun) this.stopped = 'runs';
      else if (performance.now() >= settings.deadline) this.stopped = 'timeLimit';
      else {
        this.runOne(this.nextRun++);
        if (performance.now() >= until) break;
      }
    }
    return this.stopped !== undefined;
  }

  private runOne(run: number): void {
    const { settings, model } = this;
    const random = Random.forRun(settings.seed, run);
    const { pathStates, pathActions, pathTuples, pathChoices } = this;
    pathStates.length = pathActions.length = pathTuples.length = pathChoices.length = 0;
    try {
      this.initial ??= this.initialStates();
      if (this.initial.length === 0) {
        this.stopped = 'runs';
        return;
      }
      let state = this.initial[random.below(this.initial.length)] as S;
      pathStates.push(state);
      while (!this.violates(state, run)) {
        if (pathStates.length >= settings.depth) break;
        if (model.constraint && !this.evaluate('constraint', 'constraint', state, model.constraint)) break;
        this.count = 0;
        forEachSuccessor(model, state, this.visit);
        const pick = this.choose(random);
        if (pick < 0) break;
        const action = this.nextActions[pick] as CompiledAction<S>;
        state = this.nextStates[pick] as S;
        pathStates.push(state);
        pathActions.push(action);
        pathTuples.push(this.nextTuples[pick] as number);
        pathChoices.push(this.nextChoices[pick] as readonly unknown[]);
        this.taken[action.index]++;
      }
    } catch (cause) {
      if (!(cause instanceof SpecEvaluationError)) throw cause;
      const error: SpecFailure<S> = {
        kind: cause.kind,
        name: cause.part,
        message: cause.message,
        ...(cause.state !== undefined ? { state: cause.state as S } : {}),
        ...(pathStates.length > 0 ? { trace: this.pathTrace(pathStates.length) } : {}),
      };
      this.failure = { error, run };
      this.stopped = 'error';
    }
    const length = pathStates.length;
    this.behaviours++;
    this.states += length;
    this.lengths[length] = (this.lengths[length] ?? 0) + 1;
  }

  private initialStates(): S[] {
    try {
      return [...this.model.init()];
    } catch (cause) {
      if (cause instanceof SpecEvaluationError) throw cause;
      throw new SpecEvaluationError('init', 'Init', messageOf(cause));
    }
  }

  /** Index of the successor taken: uniform over enabled instances, or by action weight; -1 for none. */
  private choose(random: Random): number {
    const { count } = this;
    if (count === 0) return -1;
    const weights = this.settings.weights;
    if (weights === undefined) return random.below(count);
    let total = 0;
    for (let i = 0; i < count; i++) total += weights[(this.nextActions[i] as CompiledAction<S>).index] as number;
    if (total <= 0) return -1;
    let r = random.float() * total;
    for (let i = 0; i < count; i++) {
      r -= weights[(this.nextActions[i] as CompiledAction<S>).index] as number;
      if (r < 0) return i;
    }
    return count - 1;
  }

  /** Checks the invariants not yet violated on the newest state; true when the behaviour must end. */
  private violates(state: S, run: number): boolean {
    let found = false;
    for (const invariant of this.pending) {
      if (this.evaluate('invariant', invariant.name, state, invariant.holds)) continue;
      this.findings.set(invariant.name, { run, trace: this.pathTrace(this.pathStates.length) });
      found = true;
    }
    if (!found) return false;
    this.pending = this.pending.filter((inv) => !this.findings.has(inv.name));
    if (this.settings.stopAtFirst || this.pending.length === 0) this.stopped = 'violation';
    return this.stopped !== undefined;
  }

  private evaluate(kind: 'invariant' | 'constraint', name: string, state: S, predicate: (state: S) => boolean): boolean {
    try {
      return predicate(state);
    } catch (cause) {
      throw new SpecEvaluationError(kind, name, messageOf(cause), state);
    }
  }

  /** The first `length` states of the current behaviour as a trace. */
  private pathTrace(length: number): Trace<S> {
    const steps: TraceStep<S>[] = [];
    for (let i = 0; i < length; i++) {
      const action =
        i === 0
          ? null
          : instanceOf(this.pathActions[i - 1] as CompiledAction<S>, this.pathTuples[i - 1] as number, this.pathChoices[i - 1] as readonly unknown[]);
      steps.push({ action, state: this.pathStates[i] as S });
    }
    return steps;
  }
}

function verdictOf<S extends State>(
  model: Model<S>,
  invariant: CompiledInvariant<S>,
  finding: Finding<S> | undefined,
  settings: Settings<S>,
): SimulationVerdict<S> {
  if (finding === undefined) return { name: invariant.name, verdict: 'not found' };
  const claim = { kind: 'violates', invariant: invariant.name, holds: invariant.holds } as const;
  assertReplays(model, finding.trace, claim);
  if (!settings.shrink) return { name: invariant.name, verdict: 'violated', trace: finding.trace, originalTrace: finding.trace, run: finding.run };
  const shrunk = shrinkTrace(model, finding.trace, invariant, { deadline: performance.now() + settings.shrinkSeconds * 1000 });
  assertReplays(model, shrunk.trace, claim);
  return {
    name: invariant.name,
    verdict: 'violated',
    trace: shrunk.trace,
    originalTrace: finding.trace,
    run: finding.run,
    ...(shrunk.complete ? {} : { shrinkIncomplete: true }),
  };
}

function finish<S extends State>(model: Model<S>, settings: Settings<S>, sampler: Sampler<S>, seconds: number): SimulationResult<S> {
  const shrinkStarted = performance.now();
  const invariants = settings.invariants.map((inv) => verdictOf(model, inv, sampler.findings.get(inv.name), settings));
  const stats: SimulationStats = {
    behaviours: sampler.behaviours,
    states: sampler.states,
    seconds,
    behavioursPerSecond: seconds > 0 ? sampler.behaviours / seconds : 0,
    lengths: sampler.lengths.flatMap((count, length) => (count > 0 ? [[length, count] as const] : [])),
    actions: model.actions.map((action) => ({ name: action.name, taken: sampler.taken[action.index] as number })),
    shrinkSeconds: settings.shrink ? (performance.now() - shrinkStarted) / 1000 : 0,
    workers: 1,
  };
  const base = {
    spec: model.name,
    constants: model.constants,
    seed: settings.seed,
    depth: settings.depth,
    invariants,
    stopped: sampler.stopped ?? 'runs',
    stats,
  };
  if (sampler.failure) return { ...base, status: 'error', error: sampler.failure.error, run: sampler.failure.run };
  if (invariants.some((v) => v.verdict === 'violated')) return { ...base, status: 'violation' };
  return { ...base, status: 'not found' };
}

/**
 * Samples random behaviours of `spec`, from random initial states, choosing uniformly (or by action
 * weight) among the enabled action instances, and checks the selected invariants on every state.
 * Returns a value: per invariant `violated` (with a shrunk trace that replays, the original length
 * and the run index) or `not found`, which proves nothing. Throws UsageError for bad options.
 */
export function simulate<S extends State, C extends Constants>(spec: Spec<S, C>, options: SimulateOptions<C> = {}): SimulationResult<S> {
  return simulateModel(compile(spec, options.constants ?? {}), options);
}

/** `simulate` for a spec already instantiated with its constants. */
export function simulateModel<S extends State>(model: Model<S>, options: SimulateOptions = {}): SimulationResult<S> {
  const started = performance.now();
  const settings = resolve(model, options, started);
  const sampler = new Sampler(model, settings);
  sampler.sample(Infinity);
  return finish(model, settings, sampler, (performance.now() - started) / 1000);
}

/** `simulate` that lets the event loop run between slices of behaviours, so that a signal can stop it. */
export async function simulateAsync<S extends State, C extends Constants>(
  spec: Spec<S, C>,
  options: SimulateOptions<C> = {},
): Promise<SimulationResult<S>> {
  return simulateModelAsync(compile(spec, options.constants ?? {}), options);
}

/** `simulateAsync` for a spec already instantiated with its constants. */
export async function simulateModelAsync<S extends State>(model: Model<S>, options: SimulateOptions = {}): Promise<SimulationResult<S>> {
  const started = performance.now();
  const settings = resolve(model, options, started);
  const sampler = new Sampler(model, settings);
  while (!sampler.sample(performance.now() + 50)) await new Promise<void>((done) => setImmediate(done));
  return finish(model, settings, sampler, (performance.now() - started) / 1000);
}
