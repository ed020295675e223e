import { is } from 'immutable';
import type { Model } from './compile.js';
import { InternalError, messageOf, SpecEvaluationError } from '../errors.js';
import { successorsOf } from './successors.js';
import type { State } from './types.js';

/** Calls of a suspect function of the spec compared with a first call, at most. */
const CALLS = 8;

/** What the spec says at the point where a trace stops replaying: the function to call again there. */
export type Suspect<S extends State> =
  | { readonly kind: 'init' }
  /** The actions, on `state` (their successors there). */
  | { readonly kind: 'actions'; readonly state: S }
  | { readonly kind: 'invariant'; readonly name: string; readonly holds: (state: S) => boolean; readonly state: S };

/** One call of the suspect: its successors by action instance, initial states or verdict, or what it threw (and where). */
interface Answer {
  readonly byLabel: ReadonlyMap<string, readonly unknown[]>;
  readonly threw?: { readonly message: string; readonly part?: string };
}

const PURE = 'spec functions must be pure: pika-mc memoizes their results and replays them to rebuild traces';

/**
 * What to throw when a trace does not replay (`problem`): a trace is rebuilt by calling the spec
 * again, so a spec whose functions give another result when called again on the same state (they
 * keep state between calls, read a clock or draw random numbers) does not replay. The `suspect`
 * function is called again, up to CALLS times: when two calls disagree, a SpecEvaluationError names
 * it and says that spec functions must be pure; when they all agree, the fault is pika-mc's, an
 * InternalError. (A function whose results drift and then settle, always the same from some call
 * on, cannot be told from a fault of pika-mc this way: it stays an InternalError.)
 */
export function notReplayed<S extends State>(model: Model<S>, problem: string, suspect: Suspect<S> | undefined): SpecEvaluationError | InternalError {
  if (suspect === undefined) return new InternalError(problem);
  const first = answer(model, suspect);
  for (let i = 0; i < CALLS; i++) {
    const again = answer(model, suspect);
    const differs = difference(first, again);
    if (differs !== undefined) return impure(suspect, differs);
  }
  return new InternalError(`${problem}; called again there, the spec answers the same each time (a spec function that changed its answers during the run would also explain it)`);
}

/** One call of the suspect. */
function answer<S extends State>(model: Model<S>, suspect: Suspect<S>): Answer {
  try {
    switch (suspect.kind) {
      case 'init':
        return { byLabel: new Map([['Init', [...model.init()]]]) };
      case 'actions': {
        const byLabel = new Map<string, unknown[]>();
        for (const { instance, state } of successorsOf(model, suspect.state)) {
          const states = byLabel.get(instance.label);
          if (states === undefined) byLabel.set(instance.label, [state]);
          else states.push(state);
        }
        return { byLabel };
      }
      case 'invariant':
        return { byLabel: new Map([[suspect.name, [suspect.holds(suspect.state)]]]) };
    }
  } catch (cause) {
    return { byLabel: new Map(), threw: { message: messageOf(cause), ...(cause instanceof SpecEvaluationError ? { part: cause.part } : {}) } };
  }
}

/** Where two answers differ: the first part of the spec (an action instance, Init, the invariant) whose result is not the same, with both results; undefined when they agree. */
function difference(one: Answer, other: Answer): { readonly part: string | undefined; readonly one: string; readonly other: string } | undefined {
  if (one.threw !== undefined || other.threw !== undefined) {
    if (one.threw?.message === other.threw?.message) return undefined;
    const part = one.threw?.part ?? other.threw?.part;
    return { part, one: shown(one), other: shown(other) };
  }
  const labels = [...new Set([...one.byLabel.keys(), ...other.byLabel.keys()])];
  for (const label of labels) {
    const a = one.byLabel.get(label) ?? [];
    const b = other.byLabel.get(label) ?? [];
    if (a.length !== b.length || a.some((value, i) => !is(value, b[i]))) return { part: label, one: shown(one), other: shown(other) };
  }
  return undefined;
}

/** A call's answer in a few words: the verdict of an invariant, or the error it threw. */
function shown(answer: Answer): string {
  if (answer.threw !== undefined) return `an error ("${answer.threw.message}")`;
  const [first] = answer.byLabel.values();
  return first === undefined ? 'nothing' : String(first[0]);
}

/** The error for a suspect two of whose calls disagree. */
function impure<S extends State>(suspect: Suspect<S>, differs: { readonly part: string | undefined; readonly one: string; readonly other: string }): SpecEvaluationError {
  switch (suspect.kind) {
    case 'init':
      return new SpecEvaluationError('init', 'Init', `is not deterministic: two calls gave different initial states; ${PURE}`);
    case 'invariant':
      return new SpecEvaluationError(
        'invariant',
        suspect.name,
        `is not deterministic: two calls on the same state gave ${differs.one} and ${differs.other}; ${PURE}`,
        suspect.state,
      );
    case 'actions':
      return new SpecEvaluationError('action', differs.part ?? 'Next', `is not deterministic: two calls on the same state gave different successors; ${PURE}`, suspect.state);
  }
}
