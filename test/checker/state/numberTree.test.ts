import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Random } from '../../../checker/simulate/random.js';
import { NONE, NumberTree } from '../../../checker/state/numberTree.js';

/** A leaf kind (results are negative, fields are numbers from 0). */
const LEAF = -2;

describe('NumberTree', () => {
  it('agrees with a JS Map on random sequences of nodes and edges, dense and hashed, across growth', () => {
    const random = new Random('tree');
    const tree = new NumberTree();
    const kinds: number[] = [];
    const edges = new Map<string, number>();
    const numberOf = (): number => {
      const r = random.below(10);
      // Mostly small numbers (a node's own block), some past it, some far past it (the hash table).
      return r < 6 ? random.below(64) : r < 9 ? 64 + random.below(200) : random.uint32() >>> 1;
    };
    for (let step = 0; step < 60_000; step++) {
      if (kinds.length === 0 || random.below(4) === 0) {
        const kind = random.below(20) - 3;
        assert.equal(tree.addNode(kind), kinds.length);
        kinds.push(kind);
      } else {
        const parent = random.below(kinds.length);
        const number = numberOf();
        if (random.below(2) === 0) {
          const child = random.below(kinds.length);
          tree.addEdge(parent, number, child);
          edges.set(`${parent}/${number}`, child);
        } else {
          assert.equal(tree.child(parent, number), edges.get(`${parent}/${number}`) ?? NONE, `step ${step}: child(${parent}, ${number})`);
        }
      }
    }
    assert.equal(tree.size, kinds.length);
    assert.ok(kinds.length > 4096, 'more nodes than the first arrays hold');
    kinds.forEach((kind, node) => assert.equal(tree.kind(node), kind));
    for (const [k, child] of edges) {
      const [parent, number] = k.split('/').map(Number) as [number, number];
      assert.equal(tree.child(parent, number), child);
    }
  });

  it("keeps a node's children when its block grows, whoever grew theirs in between", () => {
    const tree = new NumberTree();
    const a = tree.addNode(0);
    const b = tree.addNode(0);
    tree.addEdge(a, 0, 10);
    tree.addEdge(b, 1, 20);
    tree.addEdge(a, 5, 11);
    tree.addEdge(b, 30, 21);
    tree.addEdge(a, 63, 12);
    tree.addEdge(a, 64, 13);
    assert.deepEqual([0, 5, 63, 64, 1].map((n) => tree.child(a, n)), [10, 11, 12, 13, NONE]);
    assert.deepEqual([1, 30, 0].map((n) => tree.child(b, n)), [20, 21, NONE]);
    tree.addEdge(a, 5, 14);
    assert.equal(tree.child(a, 5), 14, 'an edge added again leads to its new child');
  });

  it('adds the paths of evaluations, sharing their common reads, and refuses a contradicting one', () => {
    const tree = new NumberTree();
    const numbers = Int32Array.of(1, 0, 3);
    const root = tree.addPath(NONE, [0, 2], numbers, LEAF);
    assert.ok(root !== undefined && root !== NONE);
    assert.equal(tree.kind(root), 0);
    const second = tree.child(root, 1);
    assert.equal(tree.kind(second), 2);
    assert.equal(tree.kind(tree.child(second, 3)), LEAF);
    assert.equal(tree.size, 3);

    // Another value of field 2: one new leaf under the shared reads.
    assert.equal(tree.addPath(root, [0, 2], Int32Array.of(1, 0, 4), LEAF), root);
    assert.equal(tree.size, 4);
    // The same path again: nothing new.
    assert.equal(tree.addPath(root, [0, 2], Int32Array.of(1, 0, 4), LEAF), root);
    assert.equal(tree.size, 4);
    // Reading field 1 where the tree reads field 0, or ending in another result: contradictions.
    assert.equal(tree.addPath(root, [1], numbers, LEAF), undefined);
    assert.equal(tree.addPath(root, [0, 2], numbers, -3), undefined);
    // No reads at all: the root is the result.
    const constant = tree.addPath(NONE, [], numbers, -7);
    assert.ok(constant !== undefined);
    assert.equal(tree.kind(constant), -7);
  });

  it('forgets every node and edge on clear', () => {
    const tree = new NumberTree();
    for (let i = 0; i < 100; i++) tree.addNode(i);
    for (let i = 0; i < 100; i++) {
      tree.addEdge(i, i % 64, 99 - i);
      tree.addEdge(i, 1000 + i, i);
    }
    tree.clear();
    assert.equal(tree.size, 0);
    const node = tree.addNode(1);
    assert.equal(node, 0);
    assert.equal(tree.child(node, 0), NONE, 'no child left from before');
    assert.equal(tree.child(node, 1000), NONE);
  });
});
