import type { CompiledAction, Model } from '../spec/compile.js';
import { successorError } from '../spec/evaluate.js';
import type { FieldDelta, FieldHashes } from '../state/stateHasher.js';
import { forEachSuccessor } from '../spec/successors.js';
import type { Fingerprint, StateKeyer } from '../state/symmetry.js';
import type { TransitionMemo } from './transitionMemo.js';
import type { State } from '../spec/types.js';
import type { StateQueue } from './types.js';

/** Where the successors of a state go, each with its fingerprint, in TLC's order. */
export interface SuccessorSink<S extends State> {
  successor(fingerprint: Fingerprint, action: CompiledAction<S>, tuple: number, choices: readonly unknown[]): void;
}

/**
 * The successors of a queued state, each fingerprinted, handed to a sink: plainly (every successor
 * built by the spec's actions), or through the transition memo, which knows an action's effect from
 * the fields it reads, so that a successor comes as its effect on the parent and neither is built
 * unless something needs it (`parentState`, `successorState`).
 */
export class Successors<S extends State> {
  /** The number of the state being expanded. */
  parent = 0;
  /** A state of the type of the one being expanded (which is built only when something needs it). */
  sameType: S | undefined;
  /** The successor being visited, if it is built (else it is known by its effect on the parent). */
  built: S | undefined;
  private parentBuilt: S | undefined;
  private effect: FieldDelta | undefined;
  private queue: StateQueue<S> | undefined;
  private fields: FieldHashes | undefined;

  constructor(
    private readonly model: Model<S>,
    private readonly keyer: StateKeyer,
    /** The memo of transitions; none: every successor is computed by the spec. */
    private readonly transitions: TransitionMemo<S> | undefined,
    private readonly sink: SuccessorSink<S>,
  ) {}

  /** The state being expanded, built on first use. */
  readonly parentState = (): S => (this.parentBuilt ??= (this.queue as StateQueue<S>).built());

  /** The successor being visited, built (from its parent and effect) on first use. */
  readonly successorState = (): S => {
    if (this.built === undefined) this.built = (this.transitions as TransitionMemo<S>).apply(this.parentState(), this.effect as FieldDelta);
    return this.built;
  };

  /** Takes the `i`-th state of `queue` as the one to expand: read, not built. */
  take(queue: StateQueue<S>, i: number): void {
    this.fields = queue.read(i);
    this.queue = queue;
    this.parent = queue.id(i);
    this.parentBuilt = undefined;
    this.sameType = queue.sameType();
  }

  /**
   * Expands the state taken, in TLC's order of successors; returns how many it has. What the spec
   * throws comes out of here (the queue's own errors out of `take`).
   */
  expand(): number {
    const sameType = this.sameType as S;
    this.keyer.setParent(sameType, this.fields);
    const transitions = this.transitions;
    return transitions
      ? transitions.forEachSuccessor(sameType, this.keyer.parentFields(), this.visit, this.visitEffect, this.parentState)
      : forEachSuccessor(this.model, this.parentState(), this.visit);
  }

  /** The field values and lanes of the successor last fingerprinted, when it is a record. */
  successorFields(): FieldHashes | undefined {
    return this.keyer.childFields();
  }

  private readonly visit = (successor: S, action: CompiledAction<S>, tuple: number, choices: readonly unknown[]): void => {
    this.built = successor;
    this.effect = undefined;
    let fingerprint: Fingerprint;
    try {
      fingerprint = this.keyer.child(successor);
    } catch (cause) {
      throw successorError(cause, action, tuple, choices, this.parentState);
    }
    this.sink.successor(fingerprint, action, tuple, choices);
  };

  /** A successor the transition memo knows: built only if the keyer (or later the loop) needs it. */
  private readonly visitEffect = (effect: FieldDelta, action: CompiledAction<S>, tuple: number, choices: readonly unknown[]): void => {
    this.built = undefined;
    this.effect = effect;
    let fingerprint: Fingerprint;
    try {
      fingerprint = this.keyer.childDelta(effect, this.successorState);
    } catch (cause) {
      throw successorError(cause, action, tuple, choices, this.parentState);
    }
    this.sink.successor(fingerprint, action, tuple, choices);
  };
}
