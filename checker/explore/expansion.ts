import type { CompiledAction, Model } from '../spec/compile.js';
import type { Frontier } from './frontier.js';
import { successorError } from '../spec/evaluate.js';
import type { FieldDelta, FieldHashes } from '../state/stateHasher.js';
import { forEachSuccessor } from '../spec/successors.js';
import type { StateKeyer } from '../state/symmetry.js';
import type { TransitionMemo } from './transitionMemo.js';
import type { State } from '../spec/types.js';

/**
 * The first half of a breadth-first step, the same in the one-thread engine and in each worker's
 * share: the state being expanded, read from its queue, and each successor in turn, fingerprinted
 * by the keyer and handed to the engine's `record`. A successor the transition memo knows comes as
 * its effect on the parent, and neither is built unless something needs it (`parentNow`,
 * `successorNow`). Each engine is a subclass: a thread that runs both (the main thread of a
 * parallel run) then calls `record` on two classes, which the compiler can still inline.
 */
export abstract class Expansion<S extends State> {
  /** The number of the state being expanded. */
  parent = 0;
  /** A state of the type of the one being expanded (which is built only when something needs it). */
  like: S | undefined;
  /** The successor being visited, if it is built (else it is known by its effect on the parent). */
  step: S | undefined;
  private parentState: S | undefined;
  private effect: FieldDelta | undefined;
  private queue: Frontier<S> | undefined;
  private fields: FieldHashes | undefined;

  constructor(
    private readonly model: Model<S>,
    private readonly keyer: StateKeyer,
    private readonly transitions: TransitionMemo<S> | undefined,
  ) {}

  /**
   * What the engine does with a successor once the keyer has fingerprinted it (`keyer.hi`,
   * `keyer.lo`, `keyer.childFields()`): the seen set, the invariants, the queue.
   */
  protected abstract record(action: CompiledAction<S>, tuple: number, choices: readonly unknown[]): void;

  /** The state being expanded, built on first use. */
  readonly parentNow = (): S => (this.parentState ??= (this.queue as Frontier<S>).built());

  /** The successor being visited, built (from its parent and effect) on first use. */
  readonly successorNow = (): S => {
    if (this.step === undefined) this.step = (this.transitions as TransitionMemo<S>).apply(this.parentNow(), this.effect as FieldDelta);
    return this.step;
  };

  /** Takes the `i`-th state of `queue` as the one to expand: read, not built. */
  take(queue: Frontier<S>, i: number): void {
    this.fields = queue.read(i);
    this.queue = queue;
    this.parent = queue.id(i);
    this.parentState = undefined;
    this.like = queue.like();
  }

  /**
   * Expands the state taken, in TLC's order of successors; returns how many it has. What the spec
   * throws comes out of here (the queue's own errors out of `take`).
   */
  expand(): number {
    const like = this.like as S;
    this.keyer.setParent(like, this.fields);
    const transitions = this.transitions;
    return transitions
      ? transitions.forEachSuccessor(like, this.keyer.parentFields(), this.visit, this.visitEffect, this.parentNow)
      : forEachSuccessor(this.model, this.parentNow(), this.visit);
  }

  private readonly visit = (successor: S, action: CompiledAction<S>, tuple: number, choices: readonly unknown[]): void => {
    this.step = successor;
    this.effect = undefined;
    try {
      this.keyer.child(successor);
    } catch (cause) {
      throw successorError(cause, action, tuple, choices, this.parentNow);
    }
    this.record(action, tuple, choices);
  };

  /** A successor the transition memo knows: built only if the keyer (or later the recorder) needs it. */
  private readonly visitEffect = (effect: FieldDelta, action: CompiledAction<S>, tuple: number, choices: readonly unknown[]): void => {
    this.step = undefined;
    this.effect = effect;
    try {
      this.keyer.childDelta(effect, this.successorNow);
    } catch (cause) {
      throw successorError(cause, action, tuple, choices, this.parentNow);
    }
    this.record(action, tuple, choices);
  };
}
