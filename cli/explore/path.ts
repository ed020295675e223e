import { is } from 'immutable';
import { successorsOf } from '../../checker/index.js';
import type { Model, State, Trace, TraceStep } from '../../checker/index.js';

/** A successor of a state with the key that names it in a path: its label, or `label#2` for a second one alike. */
export interface KeyedSuccessor<S extends State> {
  readonly key: string;
  readonly step: TraceStep<S>;
}

/** A path through the state space as the explorer's URL names it: an initial state, then a step key per step. */
export interface PathRef {
  readonly init: number;
  readonly keys: readonly string[];
}

/** A path followed through the spec: its states, or how far it went and why it stopped. */
export type FollowedPath<S extends State> =
  | { readonly ok: true; readonly trace: Trace<S> }
  | { readonly ok: false; readonly trace: Trace<S>; readonly reason: string };

/** The successors of a state, each with its key; the keys of one state are distinct. */
export function keyedSuccessors<S extends State>(model: Model<S>, state: S): KeyedSuccessor<S>[] {
  const seen = new Map<string, number>();
  return successorsOf(model, state).map((s) => {
    const n = (seen.get(s.instance.label) ?? 0) + 1;
    seen.set(s.instance.label, n);
    return { key: n === 1 ? s.instance.label : `${s.instance.label}#${n}`, step: { action: s.instance, state: s.state } };
  });
}

/**
 * Follows a path from its initial state, one step key at a time; stops at the first key that names
 * no enabled step, saying which action is unknown or not enabled, with the path so far.
 */
export function followPath<S extends State>(model: Model<S>, inits: readonly S[], path: PathRef): FollowedPath<S> {
  const first = inits[path.init];
  if (first === undefined) {
    // pathFromQuery reads an `i` that is not a number as -1: say so, not "no initial state 0".
    const which = path.init >= 0 ? `there is no initial state ${path.init + 1}` : 'the initial state (i) is not a number';
    return { ok: false, trace: [], reason: `${which}: ${model.name} has ${inits.length}` };
  }
  const trace: TraceStep<S>[] = [{ action: null, state: first }];
  for (const key of path.keys) {
    const here = trace[trace.length - 1] as TraceStep<S>;
    const next = keyedSuccessors(model, here.state).find((s) => s.key === key);
    if (next === undefined) {
      const name = key.replace(/[(#].*$/, '');
      const reason = model.actions.some((a) => a.name === name)
        ? `${key} is not enabled in state ${trace.length}`
        : `${model.name} has no action ${name} (its actions: ${model.actions.map((a) => a.name).join(', ')})`;
      return { ok: false, trace, reason: `step ${trace.length + 1}: ${reason}` };
    }
    trace.push(next.step);
  }
  return { ok: true, trace };
}

/** The path that names a trace's states: its initial state's index and each step's key. */
export function pathOf<S extends State>(model: Model<S>, inits: readonly S[], trace: Trace<S>): PathRef | undefined {
  const first = trace[0];
  const init = first ? inits.findIndex((s) => is(s, first.state)) : -1;
  if (init < 0) return undefined;
  const keys: string[] = [];
  for (let i = 1; i < trace.length; i++) {
    const step = trace[i] as TraceStep<S>;
    const next = keyedSuccessors(model, (trace[i - 1] as TraceStep<S>).state).find(
      (s) => is(s.step.state, step.state) && (step.action === null || s.step.action?.label === step.action.label),
    );
    if (next === undefined) return undefined;
    keys.push(next.key);
  }
  return { init, keys };
}

/** The explorer's URL of a path (and of the steps to go forward to after going back). */
export function pathUrl(path: PathRef, forward: readonly string[] = []): string {
  const query = new URLSearchParams();
  if (path.init !== 0) query.set('i', String(path.init));
  for (const key of path.keys) query.append('s', key);
  for (const key of forward) query.append('f', key);
  const text = query.toString();
  return text === '' ? '/' : `/?${text}`;
}

/** The path and forward steps a URL's query names; a bad initial-state index reads as a bad path, not an error. */
export function pathFromQuery(query: URLSearchParams): { path: PathRef; forward: string[] } {
  const i = query.get('i');
  const init = i === null ? 0 : /^\d+$/.test(i) ? Number(i) : -1;
  return { path: { init, keys: query.getAll('s') }, forward: query.getAll('f') };
}
