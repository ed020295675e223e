import { is } from 'immutable';
import type { CompiledAction, Model } from '../spec/compile.js';
import { inConstraint, isTerminal, predicateHolds } from '../spec/evaluate.js';
import { forEachSuccessor, instanceOf, labelOf } from '../spec/successors.js';
import type { SuccessorVisitor } from '../spec/successors.js';
import type { ActionInstance, State, Trace, TraceStep } from '../spec/types.js';
import { ValueGuard } from './valueGuard.js';

/** The invariant a trace violates: its name and predicate. */
export interface ShrinkTarget<S extends State> {
  readonly name: string;
  readonly holds: (state: S) => boolean;
}

/** What a trace shows, and a shrunk one must: a violation of an invariant, or a deadlock (a state in the constraint, not terminal, with no successor). */
export type ShrinkClaim<S extends State> = ShrinkTarget<S> | 'deadlock';

/** Options of `shrinkTrace`. */
export interface ShrinkOptions {
  /** `performance.now()` past which the shrinker stops and returns the best trace so far. @default none */
  readonly deadline?: number;
  /**
   * Stops the shrinker, which returns the best trace so far, once aborted. It is read between two
   * candidates, so a signal whose `aborted` looks at shared memory (the CLI's stop flag, see
   * heedStopFlag) stops a shrink that never lets the event loop run.
   */
  readonly signal?: AbortSignal;
}

/** A shrunk trace, with what it took. */
export interface ShrinkResult<S extends State> {
  readonly trace: Trace<S>;
  readonly originalLength: number;
  /** Candidate behaviours replayed. */
  readonly tests: number;
  /** False when the deadline or the signal stopped the shrinker before a fixed point. */
  readonly complete: boolean;
}

/** One step of a candidate: the action instance to take, by name and arguments. */
interface Step {
  readonly name: string;
  readonly args: readonly unknown[];
  readonly label: string;
}

/** A candidate that replays and shows the claim: its steps (truncated at the first state that shows it) and states. */
interface Candidate<S extends State> {
  readonly init: number;
  readonly steps: readonly Step[];
  readonly states: readonly S[];
  readonly instances: readonly ActionInstance[];
}

const collator = new Intl.Collator('en', { numeric: true });

/** Orders argument values so that `c2` < `c10` and 1 < 2: the "simpler" of two instances has smaller arguments. */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return collator.compare(a, b);
  if (typeof a !== typeof b) return collator.compare(typeof a, typeof b);
  return collator.compare(String(a), String(b));
}

function compareArgs(a: readonly unknown[], b: readonly unknown[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** Shorter first, then smaller arguments step by step, then the earlier initial state: a well-founded order. */
function compareCandidates<S extends State>(a: Candidate<S>, b: Candidate<S>): number {
  if (a.steps.length !== b.steps.length) return a.steps.length - b.steps.length;
  for (let i = 0; i < a.steps.length; i++) {
    const x = a.steps[i] as Step;
    const y = b.steps[i] as Step;
    const c = collator.compare(x.name, y.name) || compareArgs(x.args, y.args);
    if (c !== 0) return c;
  }
  return a.init - b.init;
}

function stepOf(name: string, args: readonly unknown[]): Step {
  return { name, args, label: labelOf(name, args) };
}

/**
 * Replays label sequences through the spec. Each action gets a one-action model, so that a step
 * evaluates only the action it names. A successor that is not a value is the spec's error, as in
 * sampling: a candidate may reach states that no sampled behaviour did.
 */
class Replayer<S extends State> {
  readonly initial: readonly S[];
  readonly actions: readonly CompiledAction<S>[];
  private readonly single = new Map<string, Model<S>>();
  private readonly guard = new ValueGuard<S>();
  tests = 0;

  /** Whether a state shows the claim (a SpecEvaluationError when the spec throws, or an invariant returns another value than a boolean). */
  private readonly shows: (state: S) => boolean;

  constructor(
    private readonly model: Model<S>,
    claim: ShrinkClaim<S>,
    /** Stop replaying (a candidate stopped so is not kept), for a spec slow enough that one replay outlasts a grace. */
    private readonly stop: () => boolean = () => false,
  ) {
    this.initial = [...model.init()];
    for (const state of this.initial) this.guard.initial(state);
    this.actions = model.actions;
    for (const action of model.actions) this.single.set(action.name, { ...model, actions: [action] });
    this.shows = claim === 'deadlock' ? (state) => this.deadlocked(state) : (state) => !predicateHolds('invariant', claim.name, claim.holds, state);
  }

  /** A deadlock, as sampling finds one: a state in the constraint, not terminal, with no successor. */
  private deadlocked(state: S): boolean {
    if (!inConstraint(this.model, state) || isTerminal(this.model, state)) return false;
    let any = false;
    this.successors(this.model, state, () => {
      any = true;
    });
    return !any;
  }

  /** forEachSuccessor, refusing a successor that is not a value. */
  private successors(model: Model<S>, state: S, visit: SuccessorVisitor<S>): void {
    this.guard.expanding(state);
    forEachSuccessor(model, state, (next, action, tuple, choices) => {
      this.guard.successor(next, action, tuple, choices);
      visit(next, action, tuple, choices);
    });
  }

  /** The successors of `state` under one action, with their instances. */
  successorsUnder(state: S, name: string): { instance: ActionInstance; state: S }[] {
    const only = this.single.get(name);
    if (!only) return [];
    const out: { instance: ActionInstance; state: S }[] = [];
    this.successors(only, state, (next, action: CompiledAction<S>, tuple, choices) => {
      out.push({ instance: instanceOf(action, tuple, choices), state: next });
    });
    return out;
  }

  private take(state: S, step: Step): { instance: ActionInstance; state: S } | undefined {
    const only = this.single.get(step.name);
    if (!only) return undefined;
    let found: { instance: ActionInstance; state: S } | undefined;
    this.successors(only, state, (next, action, tuple, choices) => {
      if (found !== undefined) return;
      const instance = instanceOf(action, tuple, choices);
      if (instance.label === step.label) found = { instance, state: next };
    });
    return found;
  }

  /**
   * The candidate `steps` from initial state `init`, truncated at its first state that shows the
   * claim, or undefined when a step is not enabled, a state before the end fails the constraint, or
   * no state shows it. The first `shared` steps are those of `base` and are not replayed again.
   */
  replay(init: number, steps: readonly Step[], base?: Candidate<S>, shared = 0): Candidate<S> | undefined {
    this.tests++;
    // Replay at least the last shared step: the state it reaches is where the base violates.
    const start = base !== undefined && base.init === init ? Math.max(0, Math.min(shared, base.steps.length - 1)) : 0;
    const first = this.initial[init];
    if (first === undefined) return undefined;
    const states: S[] = start > 0 && base ? base.states.slice(0, start + 1) : [first];
    const instances: ActionInstance[] = start > 0 && base ? base.instances.slice(0, start) : [];
    if (start === 0 && this.shows(first)) return { init, steps: [], states, instances };
    let state = states[states.length - 1] as S;
    for (let i = start; i < steps.length; i++) {
      if (this.stop()) return undefined;
      if (!inConstraint(this.model, state)) return undefined;
      const next = this.take(state, steps[i] as Step);
      if (next === undefined) return undefined;
      state = next.state;
      states.push(state);
      instances.push(next.instance);
      if (this.shows(state)) return { init, steps: steps.slice(0, i + 1), states, instances };
    }
    return undefined;
  }
}

/** The length of the common prefix of two step lists. */
function sharedPrefix(a: readonly Step[], b: readonly Step[]): number {
  let i = 0;
  while (i < a.length && i < b.length && (a[i] as Step).label === (b[i] as Step).label) i++;
  return i;
}

/** Every argument value the trace mentions, largest first (they are the first worth removing or renaming). */
function valuesIn(steps: readonly Step[]): unknown[] {
  const values: unknown[] = [];
  for (const step of steps) for (const arg of step.args) if (!values.some((v) => is(v, arg))) values.push(arg);
  return values.sort((a, b) => compareValues(b, a));
}

function mentions(step: Step, value: unknown): boolean {
  return step.args.some((arg) => is(arg, value));
}

function stopped(options: ShrinkOptions): boolean {
  return (options.deadline !== undefined && performance.now() > options.deadline) || options.signal?.aborted === true;
}

/** The shrinking passes over one current best candidate; each returns true when it improved it. */
class Shrinker<S extends State> {
  constructor(
    private readonly replayer: Replayer<S>,
    public best: Candidate<S>,
    private readonly options: ShrinkOptions,
  ) {}

  /** Whether the deadline has passed or the signal says stop. */
  get expired(): boolean {
    return stopped(this.options);
  }

  private offer(init: number, steps: readonly Step[]): boolean {
    if (this.expired) return false;
    const candidate = this.replayer.replay(init, steps, this.best, sharedPrefix(this.best.steps, steps));
    if (candidate === undefined || compareCandidates(candidate, this.best) >= 0) return false;
    this.best = candidate;
    return true;
  }

  /** Delta debugging: remove chunks of halving size, down to single steps. */
  removeChunks(): boolean {
    let improved = false;
    for (let size = Math.max(1, this.best.steps.length >> 1); size >= 1; size = size === 1 ? 0 : Math.max(1, size >> 1)) {
      for (let at = 0; at + size <= this.best.steps.length; ) {
        const steps = this.best.steps;
        if (this.offer(this.best.init, [...steps.slice(0, at), ...steps.slice(at + size)])) improved = true;
        else at += size;
        if (this.expired) return improved;
      }
    }
    return improved;
  }

  /** Removes every step that mentions one value (a client, a key), from some step on: a whole process's noise. */
  removeByValue(): boolean {
    let improved = false;
    for (const value of valuesIn(this.best.steps)) {
      let again = true;
      while (again && !this.expired) {
        again = false;
        const steps = this.best.steps;
        for (let from = 0; from < steps.length; from++) {
          if (!mentions(steps[from] as Step, value)) continue;
          const kept = steps.filter((step, i) => i < from || !mentions(step, value));
          if (kept.length < steps.length && this.offer(this.best.init, kept)) {
            improved = again = true;
            break;
          }
        }
      }
    }
    return improved;
  }

  /** Replaces one step by an instance of the same action with smaller arguments. */
  replaceInstances(): boolean {
    let improved = false;
    for (let i = 0; i < this.best.steps.length && !this.expired; i++) {
      const current = this.best.steps[i] as Step;
      const before = this.best.states[i] as S;
      const smaller = this.replayer
        .successorsUnder(before, current.name)
        .map((s) => s.instance)
        .filter((instance) => compareArgs(instance.args, current.args) < 0)
        .sort((a, b) => compareArgs(a.args, b.args));
      for (const instance of smaller) {
        const steps = this.best.steps.slice();
        steps[i] = stepOf(instance.name, instance.args);
        if (this.offer(this.best.init, steps)) {
          improved = true;
          break;
        }
      }
    }
    return improved;
  }

  /** Swaps two values (`c5` ↔ `c1`) in every step at once, so that the trace uses the smallest names. */
  renameValues(): boolean {
    let improved = false;
    const values = valuesIn(this.best.steps);
    const domain = new Set<unknown>();
    for (const action of this.replayer.actions) for (const tuple of action.tuples) for (const v of tuple) domain.add(v);
    const pool = [...new Set([...values, ...domain])];
    for (const v of values) {
      for (const w of pool) {
        if (this.expired) return improved;
        if (typeof w !== typeof v || compareValues(w, v) >= 0) continue;
        const swap = (arg: unknown): unknown => (is(arg, v) ? w : is(arg, w) ? v : arg);
        const steps = this.best.steps.map((step) => stepOf(step.name, step.args.map(swap)));
        if (this.offer(this.best.init, steps)) {
          improved = true;
          break;
        }
      }
    }
    return improved;
  }

  /** Starts the same steps from an earlier initial state. */
  earlierInitial(): boolean {
    for (let init = 0; init < this.best.init; init++) if (this.offer(init, this.best.steps)) return true;
    return false;
  }
}

/**
 * Shrinks a trace that violates an invariant, or ends in a deadlock (`claim`): delta debugging over
 * its action instances (removing chunks, single steps, and the steps of one process), then
 * replacing instances by ones with smaller arguments, repeated to a fixed point. Every candidate is
 * replayed through the spec from an initial state, taking at each step the successor with the named
 * instance, and kept only when every step is enabled and some state shows the claim (the trace ends
 * at the first such state). The result is never longer than the trace given. Past
 * `options.deadline`, or once `options.signal` is aborted, it returns the best trace so far (the
 * trace given, when that was before it started), not complete.
 */
export function shrinkTrace<S extends State>(
  model: Model<S>,
  trace: Trace<S>,
  claim: ShrinkClaim<S>,
  options: ShrinkOptions = {},
): ShrinkResult<S> {
  if (stopped(options)) return { trace, originalLength: trace.length, tests: 0, complete: false };
  const replayer = new Replayer(model, claim, () => stopped(options));
  const steps = trace.slice(1).map((step) => {
    const action = step.action as ActionInstance;
    return stepOf(action.name, action.args);
  });
  const first = trace[0] as TraceStep<S>;
  const init = Math.max(0, replayer.initial.findIndex((s) => is(s, first.state)));
  const start = replayer.replay(init, steps);
  if (start === undefined) return { trace, originalLength: trace.length, tests: replayer.tests, complete: !stopped(options) };
  const shrinker = new Shrinker(replayer, start, options);
  let complete = true;
  for (;;) {
    let improved = shrinker.removeChunks();
    improved = shrinker.removeByValue() || improved;
    improved = shrinker.replaceInstances() || improved;
    improved = shrinker.renameValues() || improved;
    improved = shrinker.earlierInitial() || improved;
    if (shrinker.expired) {
      complete = false;
      break;
    }
    if (!improved) break;
  }
  const best = shrinker.best;
  const shrunk: TraceStep<S>[] = best.states.map((state, i) => ({ action: i === 0 ? null : (best.instances[i - 1] as ActionInstance), state }));
  return { trace: shrunk, originalLength: trace.length, tests: replayer.tests, complete };
}
