import type { CompiledInvariant } from './compile.js';
import { Fingerprinter } from './fingerprint.js';
import type { FieldHashes } from './stateHasher.js';
import type { State } from './types.js';

/** A node of a read tree: the result, or the field read next and where each of its values leads. */
type ReadNode = { readonly result: boolean } | { readonly field: number; readonly next: Map<number, Edge> };

/** A value of a field (its hash lanes; `b` tells apart values whose lane A is equal) and where it leads. */
interface Edge {
  readonly b: number;
  node: ReadNode | undefined;
  other: Edge | undefined;
}

/** What is known of one invariant on states of one Record type. */
interface Tree {
  root: ReadNode | undefined;
  readonly keys: readonly string[];
  readonly index: ReadonlyMap<string, number>;
}

/** Nodes kept over all invariants before the trees are dropped and grown again. */
const MAX_NODES = 1 << 21;

/** Properties of a Record that say nothing of its values: its type marks and constructor. */
function isTypeProperty(property: string | symbol): boolean {
  return typeof property === 'string' && (property.startsWith('@@__IMMUTABLE_') || property === 'constructor');
}

/**
 * Remembers invariant results by the values of the fields each evaluation reads. An invariant is a
 * function of the state; evaluated on a Record state seen through a proxy, it shows which fields it
 * reads, in order, and the result depends on their values only. Evaluations go into a tree per
 * invariant: a node names the field read next, each of its values (by the two hash lanes the
 * fingerprinter gave it, so a state's fields need no hashing again) leads to the next read or to the
 * result. A state whose read fields are all in the tree needs no evaluation. Most invariants read
 * few fields, whose values repeat over millions of states: PikaReplication's read two to four.
 *
 * An evaluation that uses the state otherwise than by reading fields (`equals`, `toObject`, passing
 * it to `is`) is not remembered; an invariant that reads in an order its values do not decide (not a
 * function of the state) is no longer remembered at all. Values with equal lanes are taken to be
 * equal, as the seen set takes states with equal fingerprints to be equal; exact mode does not
 * remember.
 */
export class InvariantMemo<S extends State> {
  private readonly trees = new Map<CompiledInvariant<S>, Map<object, Tree>>();
  private readonly fingerprinter = new Fingerprinter();
  private readonly untracked = new Set<CompiledInvariant<S>>();
  private nodes = 0;

  /** Whether `invariant` holds in `state`, whose fields (from the keyer) are `fields` when it is a record. */
  holds(invariant: CompiledInvariant<S>, state: S, fields: FieldHashes | undefined): boolean {
    if (fields === undefined || this.untracked.has(invariant)) return invariant.holds(state);
    const tree = this.treeOf(invariant, state);
    if (tree.keys.length !== fields.a.length) return invariant.holds(state);
    let node = tree.root;
    while (node !== undefined) {
      if ('result' in node) return node.result;
      const edge = find(node.next, fields.a[node.field] as number, fields.b[node.field] as number);
      if (edge === undefined) break;
      node = edge.node;
    }
    return this.evaluate(invariant, tree, state, fields);
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
          return (key: unknown, notSet?: unknown) => {
            read(key);
            return object.get(key, notSet);
          };
        }
        if (!isTypeProperty(property)) opaque = true;
        const value = Reflect.get(object, property, object) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
      },
    });
    const result = invariant.holds(seen as unknown as S);
    if (!opaque && !this.remember(tree, reads, fields, result)) this.untracked.add(invariant);
    return result;
  }

  /** Adds the path of one evaluation to the tree; false when it contradicts the tree (reads that the values do not decide). */
  private remember(tree: Tree, reads: readonly number[], fields: FieldHashes, result: boolean): boolean {
    if (this.nodes >= MAX_NODES) {
      this.trees.clear();
      this.nodes = 0;
      return true;
    }
    let node = tree.root;
    let attach = (n: ReadNode): void => {
      tree.root = n;
    };
    for (const field of reads) {
      if (node === undefined) {
        node = { field, next: new Map() };
        attach(node);
        this.nodes++;
      }
      if ('result' in node || node.field !== field) return false;
      const a = fields.a[field] as number;
      const b = fields.b[field] as number;
      let edge = find(node.next, a, b);
      if (edge === undefined) {
        edge = { b, node: undefined, other: node.next.get(a) };
        node.next.set(a, edge);
      }
      const at = edge;
      attach = (n) => {
        at.node = n;
      };
      node = edge.node;
    }
    if (node === undefined) {
      attach({ result });
      this.nodes++;
      return true;
    }
    return 'result' in node && node.result === result;
  }

  private treeOf(invariant: CompiledInvariant<S>, state: S): Tree {
    let byType = this.trees.get(invariant);
    if (byType === undefined) {
      byType = new Map();
      this.trees.set(invariant, byType);
    }
    const proto = Object.getPrototypeOf(state) as object;
    let tree = byType.get(proto);
    if (tree === undefined) {
      const keys = this.fingerprinter.shapeOf(state).keys;
      tree = { root: undefined, keys, index: new Map(keys.map((k, i) => [k, i])) };
      byType.set(proto, tree);
    }
    return tree;
  }
}

function find(next: Map<number, Edge>, a: number, b: number): Edge | undefined {
  let edge = next.get(a);
  while (edge !== undefined && edge.b !== b) edge = edge.other;
  return edge;
}
