import { is } from 'immutable';
import type { TraceEnd } from './types.js';
import type { Model } from '../spec/compile.js';
import { notReplayed } from '../spec/purity.js';
import { instanceOf, successorsOf } from '../spec/successors.js';
import type { StateKeyer } from '../state/symmetry.js';
import type { TraceLinks } from './traceLog.js';
import type { State, Trace, TraceStep } from '../spec/types.js';

/**
 * Rebuilds the behaviour that ends at `end` from the predecessor links, as TLC does: starting from
 * the initial state with the first fingerprint on the path, each next state is the first successor
 * whose fingerprint is the next one on the path. Under symmetry the fingerprints are those of the
 * representatives, so the result is a concrete behaviour of the spec, step by step. A path that
 * cannot be followed throws (see notReplayed): a SpecEvaluationError when the spec is not pure,
 * else an InternalError.
 */
export function rebuildTrace<S extends State>(model: Model<S>, log: TraceLinks, keyer: StateKeyer, end: TraceEnd<S>): Trace<S> {
  if (end.kind === 'initial') return [{ action: null, state: end.state }];
  const steps = replayPath(model, log, keyer, end.kind === 'stored' ? end.id : end.parent);
  if (end.kind === 'step') steps.push(lastStep(model, keyer, (steps[steps.length - 1] as TraceStep<S>).state, end));
  return steps;
}

/** Replays the path of stored states from an initial state to state number `id`. */
export function replayPath<S extends State>(model: Model<S>, log: TraceLinks, keyer: StateKeyer, id: number): TraceStep<S>[] {
  const path = log.pathTo(id);
  let state = findInitial(model, keyer, log.hi(path[0] as number), log.lo(path[0] as number));
  const steps: TraceStep<S>[] = [{ action: null, state }];
  for (let i = 1; i < path.length; i++) {
    const hi = log.hi(path[i] as number);
    const lo = log.lo(path[i] as number);
    const found = successorsOf(model, state).find((s) => {
      keyer.key(s.state);
      return keyer.hi === hi && keyer.lo === lo;
    });
    if (found === undefined) throw notReplayed(model, `trace rebuild: no successor at step ${i + 1} has the recorded fingerprint`, { kind: 'actions', state });
    steps.push({ action: found.instance, state: found.state });
    state = found.state;
  }
  return steps;
}

/**
 * The last step is known exactly; under symmetry the replayed state may be another member of the
 * stored state's orbit, so the step is taken again from the replayed state.
 */
function lastStep<S extends State>(model: Model<S>, keyer: StateKeyer, from: S, end: Extract<TraceEnd<S>, { kind: 'step' }>): TraceStep<S> {
  const step = end.step;
  const wanted = instanceOf(step.action, step.tuple, step.choices);
  const successors = successorsOf(model, from);
  const exact = successors.find((s) => s.instance.label === wanted.label && is(s.state, end.state));
  if (exact) return { action: exact.instance, state: exact.state };
  keyer.key(end.state);
  const hi = keyer.hi;
  const lo = keyer.lo;
  const same = successors.find((s) => {
    keyer.key(s.state);
    return s.instance.name === wanted.name && keyer.hi === hi && keyer.lo === lo;
  });
  if (same) return { action: same.instance, state: same.state };
  throw notReplayed(model, `trace rebuild: ${wanted.label} does not lead to the recorded state`, { kind: 'actions', state: from });
}

function findInitial<S extends State>(model: Model<S>, keyer: StateKeyer, hi: number, lo: number): S {
  for (const state of model.init()) {
    keyer.key(state);
    if (keyer.hi === hi && keyer.lo === lo) return state;
  }
  throw notReplayed(model, 'trace rebuild: no initial state has the recorded fingerprint', { kind: 'init' });
}
