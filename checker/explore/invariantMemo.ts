import type { CompiledInvariant } from '../spec/model.js';
import { Fingerprinter } from '../state/fingerprint.js';
import { FieldNumbers } from '../state/fieldNumbers.js';
import { NONE, NumberTree } from '../state/numberTree.js';
import type { FieldHashes } from '../state/stateHasher.js';
import type { State } from '../spec/types.js';
import { isTypeProperty, refuseUnknownKey, refuseUnknownProperty } from './recordView.js';

/** What is known of one invariant on states of one Record type: its read tree, by its root node. */
interface Tree {
  root: number;
  readonly keys: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  /**
   * The last walk that reached a result: the fields it read (`lastReads` of them), the lanes of their
   * values, and the result. The states checked one after the other are siblings or cousins, which
   * seldom differ in the fields an invariant reads: a state with the same values there has the same
   * result, known without walking the tree again.
   */
  lastReads: number;
  readonly lastFields: Int32Array;
  readonly lastA: Int32Array;
  readonly lastB: Int32Array;
  lastResult: boolean;
}

/** What is known of one invariant: its trees by Record type (the last one used at hand), or that it is not remembered. */
interface Entry {
  untracked: boolean;
  readonly trees: Map<object, Tree>;
  lastType: object | undefined;
  lastTree: Tree | undefined;
}

/** Nodes kept over all invariants, and numbered field values, before the trees are dropped and grown again. */
const MAX_NODES = 1 << 20;
const MAX_NUMBERS = 1 << 22;
// A node is a field number (read it next), or a result.
const HOLDS = -2;
const FAILS = -3;

/**
 * Remembers invariant results by the values of the fields each evaluation reads. An invariant is a
 * function of the state; evaluated on a Record state seen through a proxy, it shows which fields it
 * reads, in order, and the result depends on their values only. Evaluations go into a tree per
 * invariant: a node names the field read next, each of its values (by its number, found from the
 * two hash lanes the fingerprinter gave it, so a state's fields need no hashing again) leads to the
 * next read or to the result. A state whose read fields are all in the tree needs no evaluation. Most invariants read
 * few fields, whose values repeat over millions of states: PikaReplication's read two to four.
 *
 * An evaluation that uses the state otherwise than by reading fields (`equals`, `toObject`, passing
 * it to `is`) is not remembered; an invariant that reads in an order its values do not decide (not a
 * function of the state) is no longer remembered at all. Values with equal lanes are taken to be
 * equal, as the seen set takes states with equal fingerprints to be equal; exact mode does not
 * remember.
 */
export class InvariantMemo<S extends State> {
  private readonly entries = new Map<CompiledInvariant<S>, Entry>();
  private readonly fingerprinter = new Fingerprinter();
  /** Every invariant's tree: a node's kind is the field it reads next, or HOLDS / FAILS; edges by value number. */
  private readonly graph = new NumberTree();
  private readonly numbers = new FieldNumbers();
  /** Scratch: the numbers of the fields an evaluation read, by field. */
  private readNumbers = new Int32Array(0);

  /** `share`: of MAX_NODES and MAX_NUMBERS, kept before the trees are dropped (less for a run kept small, see CheckOptions.spill). */
  constructor(private readonly share = 1) {}

  /**
   * What is remembered of `invariant` on a state of `sameType`'s Record type whose fields are `fields`:
   * whether it holds, or undefined when it has to be evaluated (with `holds`).
   */
  known(invariant: CompiledInvariant<S>, sameType: S, fields: FieldHashes): boolean | undefined {
    const tree = this.treeOf(invariant, sameType);
    if (tree === undefined || tree.keys.length !== fields.a.length) return undefined;
    return this.walk(tree, fields);
  }

  /** The result `tree` holds for a state whose fields are `fields`, or undefined. */
  private walk(tree: Tree, fields: FieldHashes): boolean | undefined {
    const { a, b } = fields;
    const { lastFields, lastA, lastB } = tree;
    const last = tree.lastReads;
    let same = last >= 0;
    for (let k = 0; same && k < last; k++) {
      const field = lastFields[k] as number;
      same = lastA[k] === a[field] && lastB[k] === b[field];
    }
    if (same) return tree.lastResult;
    let node = tree.root;
    let reads = 0;
    while (node !== NONE) {
      const field = this.graph.kind(node);
      if (field === HOLDS || field === FAILS) {
        tree.lastReads = reads;
        tree.lastResult = field === HOLDS;
        return field === HOLDS;
      }
      const laneA = a[field] as number;
      const laneB = b[field] as number;
      const number = this.numbers.find(field, laneA, laneB);
      if (number < 0) break;
      // A walk reads each field once: at most one entry per field.
      lastFields[reads] = field;
      lastA[reads] = laneA;
      lastB[reads] = laneB;
      reads++;
      node = this.graph.child(node, number);
    }
    tree.lastReads = -1;
    return undefined;
  }

  /** Whether `invariant` holds in `state`, whose fields (from the keyer) are `fields` when it is a record. */
  holds(invariant: CompiledInvariant<S>, state: S, fields: FieldHashes | undefined): boolean {
    const tree = fields === undefined ? undefined : this.treeOf(invariant, state);
    if (tree === undefined || fields === undefined || tree.keys.length !== fields.a.length) return invariant.holds(state);
    return this.walk(tree, fields) ?? this.evaluate(invariant, tree, state, fields);
  }

  /** Evaluates `invariant` on `state` through a proxy that records the fields it reads, and remembers it. */
  private evaluate(invariant: CompiledInvariant<S>, tree: Tree, state: S, fields: FieldHashes): boolean {
    const reads: number[] = [];
    let opaque = false;
    const read = (key: unknown): void => {
      const field = typeof key === 'string' ? tree.index.get(key) : undefined;
      if (field === undefined) opaque = true;
      else if (!reads.includes(field)) reads.push(field);
    };
    const target = state as unknown as { get(key: unknown, notSet?: unknown): unknown };
    const seen = new Proxy(target, {
      get(object, property) {
        if (typeof property === 'string' && tree.index.has(property)) {
          read(property);
          return object.get(property);
        }
        if (property === 'get') {
          return (...getArgs: [key: unknown, notSet?: unknown]) => {
            // A key the state does not have is a misspelled field (see recordView.ts).
            if (getArgs.length < 2) refuseUnknownKey('reads', getArgs[0], tree.index, tree.keys);
            read(getArgs[0]);
            return object.get(...getArgs);
          };
        }
        refuseUnknownProperty(object, property, tree.keys);
        if (!isTypeProperty(property)) opaque = true;
        const value = Reflect.get(object, property, object) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
      },
    });
    const result = invariant.holds(seen as unknown as S);
    if (!opaque && !this.remember(tree, reads, fields, result)) (this.entries.get(invariant) as Entry).untracked = true;
    return result;
  }

  /** Adds the path of one evaluation to the tree; false when it contradicts the tree (reads that the values do not decide). */
  private remember(tree: Tree, reads: readonly number[], fields: FieldHashes, result: boolean): boolean {
    if (this.graph.size + reads.length + 1 >= MAX_NODES * this.share || this.numbers.size >= MAX_NUMBERS * this.share) this.forget();
    if (this.readNumbers.length < fields.a.length) this.readNumbers = new Int32Array(fields.a.length);
    for (const field of reads) this.readNumbers[field] = this.numbers.number(field, fields.a[field] as number, fields.b[field] as number);
    const root = this.graph.addPath(tree.root, reads, this.readNumbers, result ? HOLDS : FAILS);
    if (root === undefined) return false;
    tree.root = root;
    return true;
  }

  /** Drops every tree (they grow again from the next evaluations). */
  private forget(): void {
    for (const entry of this.entries.values()) {
      for (const tree of entry.trees.values()) {
        tree.root = NONE;
        tree.lastReads = -1;
      }
    }
    this.graph.clear();
    this.numbers.clear();
  }

  /** The tree of `invariant` for states of `state`'s Record type; undefined when the invariant is not remembered. */
  private treeOf(invariant: CompiledInvariant<S>, state: S): Tree | undefined {
    let entry = this.entries.get(invariant);
    if (entry === undefined) {
      entry = { untracked: false, trees: new Map(), lastType: undefined, lastTree: undefined };
      this.entries.set(invariant, entry);
    }
    if (entry.untracked) return undefined;
    const proto = Object.getPrototypeOf(state) as object;
    if (proto === entry.lastType) return entry.lastTree;
    let tree = entry.trees.get(proto);
    if (tree === undefined) {
      const keys = this.fingerprinter.shapeOf(state).keys;
      const n = keys.length;
      tree = { root: NONE, keys, index: new Map(keys.map((k, i) => [k, i])), lastReads: -1, lastFields: new Int32Array(n), lastA: new Int32Array(n), lastB: new Int32Array(n), lastResult: false };
      entry.trees.set(proto, tree);
    }
    entry.lastType = proto;
    entry.lastTree = tree;
    return tree;
  }
}
