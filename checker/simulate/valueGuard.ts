import { isRecord } from 'immutable';
import type { CompiledAction } from '../spec/compile.js';
import { initialStateError, successorError } from '../spec/evaluate.js';
import { recordKeys } from '../state/recordKeys.js';
import { assertValue } from '../state/valueCheck.js';
import type { State } from '../spec/types.js';

/**
 * Refuses states that are not values (a plain object or array inside a state), as `check` does when
 * it fingerprints them, with the same errors: in Init for an initial state, naming the action
 * instance for a successor. Simulation keeps no fingerprints, but compares states with `is`, which
 * takes two equal plain arrays for different states. The parent is a value already, so of a record
 * successor only the collections it does not share with the parent are walked.
 */
export class ValueGuard<S extends State> {
  private parent: S | undefined;
  /** The record type last met, and its field names. */
  private prototype: object | undefined;
  private keys: readonly string[] = [];
  private readonly parentState = (): S => this.parent as S;

  /** Throws a SpecEvaluationError in Init when `state` is not a value. */
  initial(state: S): void {
    try {
      assertValue(state);
    } catch (cause) {
      throw initialStateError(cause, state);
    }
  }

  /** Makes `state`, a value, the parent of the successors checked next. */
  expanding(state: S): void {
    this.parent = state;
  }

  /** Throws a SpecEvaluationError naming the action instance when `successor` of the parent is not a value. */
  successor(successor: S, action: CompiledAction<S>, tuple: number, choices: readonly unknown[]): void {
    try {
      const parent = this.parent;
      if (!isRecord(successor) || !isRecord(parent) || Object.getPrototypeOf(successor) !== Object.getPrototypeOf(parent)) {
        assertValue(successor);
        return;
      }
      const prototype = Object.getPrototypeOf(successor) as object;
      if (prototype !== this.prototype) {
        this.prototype = prototype;
        this.keys = recordKeys(successor);
      }
      const record = successor as unknown as { get(k: string): unknown };
      const before = parent as unknown as { get(k: string): unknown };
      const keys = this.keys;
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        const value = record.get(key);
        // A primitive is told at once; a collection the parent holds too is a value already.
        if (typeof value !== 'object' || value === null || value !== before.get(key)) assertValue(value);
      }
    } catch (cause) {
      throw successorError(cause, action, tuple, choices, this.parentState);
    }
  }
}
