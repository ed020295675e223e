import { isRecord } from 'immutable';
import type { CompiledAction } from '../spec/compile.js';
import { initialStateError, successorError } from '../spec/evaluate.js';
import { assertValue, recordKeys } from '../state/valueCheck.js';
import type { State } from '../spec/types.js';

/**
 * Refuses states that are not values (a plain object or array inside a state), as `check` does when
 * it fingerprints them, with the same errors: in Init for an initial state, naming the action
 * instance for a successor. Simulation keeps no fingerprints, but compares states with `is`, which
 * takes two equal plain arrays for different states. The parent is a value already, so of a record
 * successor only the fields it changed (not the same object as the parent's) are looked at.
 */
export class ValueGuard<S extends State> {
  private parent: S | undefined;
  private prototype: object | undefined;
  private keys: readonly string[] = [];
  private readonly values: unknown[] = [];
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
    if (!isRecord(state)) {
      this.prototype = undefined;
      return;
    }
    this.prototype = Object.getPrototypeOf(state) as object;
    this.keys = recordKeys(state);
    const record = state as unknown as { get(k: string): unknown };
    for (let i = 0; i < this.keys.length; i++) this.values[i] = record.get(this.keys[i] as string);
  }

  /** Throws a SpecEvaluationError naming the action instance when `successor` of the parent is not a value. */
  successor(successor: S, action: CompiledAction<S>, tuple: number, choices: readonly unknown[]): void {
    try {
      if (this.prototype === undefined || !isRecord(successor) || Object.getPrototypeOf(successor) !== this.prototype) {
        assertValue(successor);
        return;
      }
      const record = successor as unknown as { get(k: string): unknown };
      const keys = this.keys;
      for (let i = 0; i < keys.length; i++) {
        const value = record.get(keys[i] as string);
        if (value !== this.values[i]) assertValue(value);
      }
    } catch (cause) {
      throw successorError(cause, action, tuple, choices, this.parentState);
    }
  }
}
