import { isImmutable, isKeyed, isRecord } from 'immutable';
import type { CompiledAction, Model } from '../spec/compile.js';
import { Canonicalizer } from '../state/canonical.js';
import { fieldTermA, fieldTermB, Fingerprinter } from '../state/fingerprint.js';
import { FieldNumbers } from '../state/fieldNumbers.js';
import { NONE, NumberTree } from '../state/numberTree.js';
import type { FieldDelta, FieldHashes } from '../state/stateHasher.js';
import { checkState, evaluateInstance, forEachSuccessor } from '../spec/successors.js';
import type { SuccessorVisitor } from '../spec/successors.js';
import { Branches } from '../spec/types.js';
import type { State } from '../spec/types.js';
import { EffectCursor, EffectStore } from './effectStore.js';
import { isTypeProperty, refuseUnknownKey, refuseUnknownProperty } from './recordView.js';
import type { Effect } from './effectStore.js';

/** Visits a successor known only by what it changed in the state being expanded. */
export type EffectVisitor<S extends State> = (effect: FieldDelta, action: CompiledAction<S>, tuple: number, choices: readonly unknown[]) => void;

/** Nodes (and effects), and numbered field values, kept before every tree is dropped and grown again. */
const MAX_NODES = 1 << 20;
const MAX_NUMBERS = 1 << 22;
/** Words of effects kept before the trees are dropped. */
const MAX_EFFECT_WORDS = 1 << 24;
/** The kind of a leaf where the instance is disabled (the commonest: known without reading the effect store). */
const DISABLED = -2;
const NO_CHOICES_ARGS: readonly unknown[] = [];
const NO_BLIND = new Int32Array(0);
/** Evaluations of an instance before it is judged, and the hits per evaluation it must have by then (judged again at every power of two). */
const TRIAL = 256;
const WORTH = 2.5;
/** Instances an action must have for its instances to be judged. */
const MANY = 64;

type Mutable = { set(key: string, value: unknown): unknown };
type WithMutations = { withMutations(f: (m: Mutable) => void): unknown; get(key: string): unknown };

/**
 * Remembers what each action instance does, by the values of the fields it reads. An action is a
 * function of the state; called on a Record state seen through a proxy, it shows which fields it
 * reads, in order, and its successors depend on their values only: each is the state with some
 * fields replaced. Instance by instance, evaluations go into a tree (as in InvariantMemo): a node
 * names the field read next, each of its values (by its number, see FieldNumbers, found from the two
 * hash lanes of the parent's fields, which the keyer has) leads to the next read or to a leaf, the
 * list of effects (changed fields, their values and lanes, the choices made), or DISABLED. A state whose read fields
 * are all in the tree is expanded without calling the spec: disabled instances cost a few table
 * lookups, enabled ones one `withMutations`, and the keyer does not hash the changed fields again.
 *
 * Evaluations that use the state otherwise than by reading fields or writing them with `set`,
 * `merge`, `update(key, ...)` or `remove` (for instance `withMutations`, `equals`, `toObject`) are
 * not remembered, nor are successors of another type than the state; an instance whose reads are
 * not decided by the values read (not a function of the state) is no longer remembered at all. As
 * for fingerprints, field values with equal lanes are taken to be equal; exact mode does not use it.
 */
export class TransitionMemo<S extends State> {
  private readonly fingerprinter = new Fingerprinter();
  /** Shares the values of remembered effects (and of the states queued with it) with each other. */
  readonly canonical = new Canonicalizer();
  private readonly instances: { readonly action: CompiledAction<S>; readonly tuple: number; readonly args: readonly unknown[] }[] = [];
  private readonly roots: Int32Array;
  private readonly untracked: Uint8Array;
  /** Per instance: answered from the tree, and evaluated through the view. */
  private readonly hits: Float64Array;
  private readonly misses: Float64Array;
  private prototype: object | undefined;
  private keys: readonly string[] = [];
  private index = new Map<string, number>();
  /**
   * Every instance's tree: a node's kind is the field it reads next (≥ 0), DISABLED when the instance
   * has no successor, or -(leaf + 3) for the effects at `leaf` in `effects`.
   */
  private readonly graph = new NumberTree();
  /** The numbers of field values that the trees' edges are keyed by. */
  private readonly numbers = new FieldNumbers();
  /** The numbers of the fields of the state being expanded, and the lanes they were taken from. */
  private stateNumbers = new Int32Array(0);
  private numberedA = new Int32Array(0);
  private numberedB = new Int32Array(0);
  private numbered = false;
  /** The effects at the leaves, and the one being visited. */
  private readonly effects = new EffectStore();
  private readonly cursor = new EffectCursor();
  /** Calls of the spec, and instances answered from the trees (for the benchmark). */
  evaluations = 0;
  answered = 0;

  /** `share`: of MAX_NODES and MAX_NUMBERS, kept before the trees are dropped (less for a run kept small, see CheckOptions.spill). */
  constructor(
    private readonly model: Model<S>,
    private readonly share = 1,
  ) {
    for (const action of model.actions) {
      action.tuples.forEach((args, tuple) => this.instances.push({ action, tuple, args }));
    }
    this.roots = new Int32Array(this.instances.length).fill(NONE);
    this.untracked = new Uint8Array(this.instances.length);
    this.hits = new Float64Array(this.instances.length);
    this.misses = new Float64Array(this.instances.length);
  }

  /**
   * Every successor of a state, as `forEachSuccessor` gives them and in its order; `fields` are the
   * state's field values and lanes (from the keyer), `sameType` a state of its type, and `stateNow`
   * builds it (called only when the spec must be). Returns how many there were.
   */
  forEachSuccessor(sameType: S, fields: FieldHashes | undefined, visit: SuccessorVisitor<S>, visitEffect: EffectVisitor<S>, stateNow: () => S): number {
    if (fields === undefined || !this.adopt(sameType, fields)) return forEachSuccessor(this.model, stateNow(), visit);
    this.number(fields);
    const numbers = this.stateNumbers;
    let count = 0;
    const instances = this.instances;
    const store = this.effects;
    const cursor = this.cursor;
    for (let i = 0; i < instances.length; i++) {
      const instance = instances[i]!;
      let leaf = NONE;
      if (this.untracked[i] === 0) {
        let node = this.roots[i] as number;
        while (node !== NONE) {
          const field = this.graph.kind(node);
          if (field < 0) {
            leaf = field;
            break;
          }
          node = this.graph.child(node, numbers[field] as number);
        }
      }
      if (leaf !== NONE) {
        this.answered++;
        this.hits[i]++;
        if (leaf === DISABLED) continue;
        const at = -leaf - 3;
        const n = store.count(at);
        for (let e = 0, next = store.first(at); e < n; e++) {
          next = store.read(next, cursor);
          visitEffect(cursor, instance.action, instance.tuple, cursor.choices);
          count++;
        }
        continue;
      }
      count += this.untracked[i] === 0 ? this.evaluate(i, stateNow(), fields, visit) : this.call(i, stateNow(), visit);
    }
    return count;
  }

  /** Calls instance `i` on `state` directly, and visits its successors. */
  private call(i: number, state: S, visit: SuccessorVisitor<S>): number {
    const { action, tuple, args } = this.instances[i]!;
    const result = evaluateInstance(action, state, args);
    if (result instanceof Branches) {
      for (const branch of result.items) visit(checkState(branch.state, action, [...args, ...branch.args], state), action, tuple, branch.args);
      return result.items.length;
    }
    if (result === false || result === null || result === undefined) return 0;
    visit(checkState(result, action, args, state), action, tuple, NO_CHOICES_ARGS);
    return 1;
  }

  /**
   * Whether instance `i` is worth remembering. An action over a large parameter domain (thousands of
   * instances, each a cheap guard that reads a field taking a new value at nearly every state) costs
   * more through the view and the tree than called directly: when, after TRIAL evaluations, such an
   * instance has not been answered WORTH times as often, it is called directly from then on. An
   * action with few instances is always remembered (early in a run, or in a worker that starts deep
   * in it, its instances meet new values often, and soon no longer do).
   */
  private worthIt(i: number): boolean {
    const misses = this.misses[i] as number;
    if (misses !== TRIAL || (this.instances[i] as { readonly action: CompiledAction<S> }).action.tuples.length < MANY) return true;
    return (this.hits[i] as number) >= WORTH * misses;
  }

  /**
   * Numbers the fields of the state being expanded: only those whose lanes differ from the last
   * state's (queued states come out of the frontier next to siblings that share most fields).
   */
  private number(fields: FieldHashes): void {
    const { a, b } = fields;
    const n = a.length;
    if (this.stateNumbers.length !== n) {
      this.stateNumbers = new Int32Array(n);
      this.numberedA = new Int32Array(n);
      this.numberedB = new Int32Array(n);
      this.numbered = false;
    }
    const numbers = this.stateNumbers;
    const numberedA = this.numberedA;
    const numberedB = this.numberedB;
    for (let f = 0; f < n; f++) {
      const laneA = a[f] as number;
      const laneB = b[f] as number;
      if (this.numbered && numberedA[f] === laneA && numberedB[f] === laneB) continue;
      numbers[f] = this.numbers.number(f, laneA, laneB);
      numberedA[f] = laneA;
      numberedB[f] = laneB;
    }
    this.numbered = true;
  }

  /** Takes the state's Record type as the one remembered; false for any other. */
  private adopt(state: S, fields: FieldHashes): boolean {
    if (!isRecord(state)) return false;
    const proto = Object.getPrototypeOf(state) as object;
    if (proto === this.prototype) return fields.a.length === this.keys.length;
    if (this.prototype !== undefined) return false;
    this.prototype = proto;
    this.keys = this.fingerprinter.shapeOf(state).keys;
    this.index = new Map(this.keys.map((k, i) => [k, i]));
    return fields.a.length === this.keys.length;
  }

  /** The successor of `state` that `effect` (given to an EffectVisitor for it) describes. */
  apply(state: S, effect: FieldDelta): S {
    const changed = effect.changed;
    if (changed.length === 0) return state;
    const keys = this.keys;
    const values = effect.values;
    return (state as unknown as WithMutations).withMutations((m) => {
      for (let j = 0; j < changed.length; j++) m.set(keys[changed[j] as number] as string, values[j]);
    }) as S;
  }

  /**
   * Calls instance `i` on a view of `state` that records the fields it reads (before writing them)
   * and the fields it writes, through every state it derives with `set`, `merge`, `update` and
   * `remove`; visits its successors and remembers them.
   */
  private evaluate(i: number, state: S, fields: FieldHashes, visit: SuccessorVisitor<S>): number {
    this.evaluations++;
    this.misses[i]++;
    if (!this.worthIt(i)) {
      this.untracked[i] = 1;
      return this.call(i, state, visit);
    }
    const { action, tuple, args } = this.instances[i]!;
    const index = this.index;
    const fieldNames = this.keys;
    const reads: number[] = [];
    const views = new WeakMap<object, { readonly record: object; readonly written: ReadonlySet<number> }>();
    let opaque = false;
    const fieldOf = (key: unknown): number | undefined => {
      const field = typeof key === 'string' ? index.get(key) : undefined;
      if (field === undefined) opaque = true;
      return field;
    };
    // A field read before the state at hand wrote it is a field of `state`.
    const read = (key: unknown, written: ReadonlySet<number>): void => {
      const field = fieldOf(key);
      if (field !== undefined && !written.has(field) && !reads.includes(field)) reads.push(field);
    };
    const write = (keys: Iterable<unknown>, written: ReadonlySet<number>): Set<number> => {
      const out = new Set(written);
      for (const key of keys) {
        const field = fieldOf(key);
        if (field !== undefined) out.add(field);
      }
      return out;
    };
    // A key the state does not have is a misspelled field (see recordView.ts).
    const mustBeField = (verb: string, key: unknown): void => refuseUnknownKey(verb, key, index, fieldNames);
    const keysOf = (changes: unknown[]): unknown[] => {
      const keys: unknown[] = [];
      for (const change of changes) {
        if (views.has(change as object)) opaque = true;
        else if (isImmutable(change) && isKeyed(change)) keys.push(...(change as unknown as { keys(): Iterable<unknown> }).keys());
        else if (typeof change === 'object' && change !== null && !isImmutable(change)) keys.push(...Object.keys(change));
        else opaque = true;
      }
      return keys;
    };
    type Target = {
      get(key: unknown, notSet?: unknown): unknown;
      set(key: unknown, value: unknown): object;
      remove(key: unknown): object;
      merge(...changes: unknown[]): object;
      update(...args: unknown[]): object;
    };
    const view = (record: object, written: ReadonlySet<number>): object => {
      const proxy = new Proxy(record as Target, {
        get(object, property) {
          if (typeof property === 'string' && index.has(property)) {
            read(property, written);
            return object.get(property);
          }
          switch (property) {
            case 'get':
              return (...getArgs: [key: unknown, notSet?: unknown]) => {
                if (getArgs.length < 2) mustBeField('reads', getArgs[0]);
                read(getArgs[0], written);
                return object.get(...getArgs);
              };
            case 'set':
              return (key: unknown, value: unknown) => {
                mustBeField('sets', key);
                return view(object.set(key, value), write([key], written));
              };
            case 'remove':
            case 'delete':
              return (key: unknown) => {
                mustBeField('removes', key);
                return view(object.remove(key), write([key], written));
              };
            case 'merge':
              return (...changes: unknown[]) => {
                const keys = keysOf(changes);
                for (const key of keys) mustBeField('merges', key);
                return view(object.merge(...changes), write(keys, written));
              };
            case 'update':
              return (...updateArgs: unknown[]) => {
                if (updateArgs.length < 2) opaque = true;
                else mustBeField('updates', updateArgs[0]);
                read(updateArgs[0], written);
                return view(object.update(...updateArgs), write([updateArgs[0]], written));
              };
          }
          refuseUnknownProperty(object, property, fieldNames);
          if (property !== 'has' && !isTypeProperty(property)) opaque = true;
          const value = Reflect.get(object, property, object) as unknown;
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(object) : value;
        },
      });
      views.set(proxy, { record, written });
      return proxy;
    };
    const result = evaluateInstance(action, view(state, new Set()) as S, args, state);
    const found: { readonly state: S; readonly written: ReadonlySet<number> | undefined; readonly choices: readonly unknown[] }[] = [];
    const add = (value: unknown, choices: readonly unknown[]): void => {
      const derived = views.get(value as object);
      found.push({ state: checkState(derived?.record ?? value, action, [...args, ...choices], state), written: derived?.written, choices });
    };
    if (result instanceof Branches) {
      for (const branch of result.items) add(branch.state, branch.args);
    } else if (result !== false && result !== null && result !== undefined) {
      add(result, []);
    }
    const effects: Effect[] = [];
    for (const { state: successor, written, choices } of found) {
      if (opaque) break;
      // A state derived from the view changed the fields written on the way; any other was built afresh: all of them.
      const effect = this.effectOf(fields, reads, successor, written, choices);
      if (effect === undefined) opaque = true;
      else effects.push(effect);
    }
    if (!opaque && !this.remember(i, reads, fields, effects)) this.untracked[i] = 1;
    for (const { state: successor, choices } of found) visit(successor, action, tuple, choices);
    return found.length;
  }

  /**
   * What `successor` sets: the `written` fields (all, when undefined), with their values and lanes;
   * undefined when it is not a Record of the state's type, or when a field changed that was not written.
   */
  private effectOf(
    fields: FieldHashes,
    reads: readonly number[],
    successor: S,
    written: ReadonlySet<number> | undefined,
    choices: readonly unknown[],
  ): Effect | undefined {
    if (!isRecord(successor) || Object.getPrototypeOf(successor) !== this.prototype) return undefined;
    const record = successor as unknown as WithMutations;
    const changed: number[] = [];
    const values: unknown[] = [];
    const a: number[] = [];
    const b: number[] = [];
    const blind: number[] = [];
    let termsA = 0;
    let termsB = 0;
    const fp = this.fingerprinter;
    for (let f = 0; f < this.keys.length; f++) {
      const value = record.get(this.keys[f] as string);
      if (written !== undefined && !written.has(f)) {
        if (value !== fields.values[f]) return undefined;
        continue;
      }
      let laneA: number;
      try {
        laneA = fp.hash(value);
      } catch {
        // Not a value: left to the keyer, which reports it.
        return undefined;
      }
      const laneB = fp.laneB;
      // A field read before it was written has, wherever this effect applies, the value it had here.
      if (reads.includes(f)) {
        termsA = (termsA + fieldTermA(f, laneA) - fieldTermA(f, fields.a[f] as number)) | 0;
        termsB = (termsB + fieldTermB(f, laneB) - fieldTermB(f, fields.b[f] as number)) | 0;
      } else {
        blind.push(changed.length);
      }
      changed.push(f);
      values.push(this.canonical.shared(value, laneA, laneB));
      a.push(laneA);
      b.push(laneB);
    }
    return {
      changed: Int32Array.from(changed),
      values,
      a: Int32Array.from(a),
      b: Int32Array.from(b),
      terms: { a: termsA, b: termsB, blind: blind.length === 0 ? NO_BLIND : Int32Array.from(blind) },
      choices,
    };
  }

  /** Adds the path of one evaluation to instance i's tree; false when it contradicts the tree. */
  private remember(i: number, reads: readonly number[], fields: FieldHashes, effects: readonly Effect[]): boolean {
    if (
      this.graph.size + reads.length + 1 >= MAX_NODES * this.share ||
      this.numbers.size >= MAX_NUMBERS * this.share ||
      this.effects.size >= MAX_EFFECT_WORDS * this.share
    ) {
      this.forget(fields);
    }
    // A path already there would have been answered: one that ends at a node contradicts the tree.
    const disabled = effects.length === 0;
    const leaf = disabled ? DISABLED : -this.effects.add(effects) - 3;
    const root = this.graph.addPath(this.roots[i] as number, reads, this.stateNumbers, leaf);
    if (root === undefined) {
      if (!disabled) this.effects.dropLast(-leaf - 3);
      return false;
    }
    this.roots[i] = root;
    return true;
  }

  /** Drops every tree and number (they grow again from the next evaluations); numbers the state being expanded (`fields`) again. */
  private forget(fields: FieldHashes): void {
    this.roots.fill(NONE);
    this.graph.clear();
    this.effects.clear();
    this.numbers.clear();
    this.numbered = false;
    this.number(fields);
  }
}
