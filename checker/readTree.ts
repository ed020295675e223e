/** No node: a missing root or edge. */
export const NONE = -1;

/**
 * The nodes and edges of the read trees the memos keep (InvariantMemo, TransitionMemo). A node holds
 * one number, its kind: which field is read next, or (as each memo encodes it) a result. An edge
 * leads from a node, by the two hash lanes of the value read there, to the next node; edges live in
 * one open-addressing table of four words a slot (parent + 1, lane A, lane B, child), so that 0 marks
 * an empty slot, kept at most half full.
 */
export class ReadTree {
  private nodes = new Int32Array(1 << 12);
  private count = 0;
  private edges = new Int32Array(4 << 12);
  private edgeCount = 0;
  private mask = (1 << 12) - 1;

  /** Nodes made since the last `clear`. */
  get size(): number {
    return this.count;
  }

  /** The kind of `node`. */
  kind(node: number): number {
    return this.nodes[node] as number;
  }

  /** A new node of the given kind. */
  addNode(kind: number): number {
    if (this.count === this.nodes.length) {
      const nodes = new Int32Array(this.nodes.length * 2);
      nodes.set(this.nodes);
      this.nodes = nodes;
    }
    this.nodes[this.count] = kind;
    return this.count++;
  }

  /** The node that the value with lanes (a, b) leads to from `parent`, or NONE. */
  child(parent: number, a: number, b: number): number {
    const edges = this.edges;
    const mask = this.mask;
    for (let i = slotOf(parent, a, b, mask); ; i = (i + 1) & mask) {
      const p = edges[4 * i] as number;
      if (p === 0) return NONE;
      if (p === parent + 1 && edges[4 * i + 1] === a && edges[4 * i + 2] === b) return edges[4 * i + 3] as number;
    }
  }

  /** Makes the value with lanes (a, b) lead from `parent` to `child`. */
  addEdge(parent: number, a: number, b: number, child: number): void {
    if (2 * (this.edgeCount + 1) > this.mask + 1) this.grow();
    const edges = this.edges;
    let i = slotOf(parent, a, b, this.mask);
    while (edges[4 * i] !== 0) i = (i + 1) & this.mask;
    edges[4 * i] = parent + 1;
    edges[4 * i + 1] = a;
    edges[4 * i + 2] = b;
    edges[4 * i + 3] = child;
    this.edgeCount++;
  }

  /**
   * Adds the path an evaluation took to the tree at `root`: the fields it read, in order, by the
   * lanes of their values (`a`, `b`, indexed by field), ending at a node of kind `leaf`. Returns the
   * tree's root (new when the tree was empty), or undefined when the path contradicts the tree: a
   * node there reads another field (the reads are not decided by the values read), or it ends at a
   * node of another kind.
   */
  addPath(root: number, reads: readonly number[], a: Int32Array, b: Int32Array, leaf: number): number | undefined {
    let node = root;
    let parent = NONE;
    let laneA = 0;
    let laneB = 0;
    const attach = (created: number): void => {
      if (parent === NONE) root = created;
      else this.addEdge(parent, laneA, laneB, created);
    };
    for (const field of reads) {
      if (node === NONE) {
        node = this.addNode(field);
        attach(node);
      }
      if (this.kind(node) !== field) return undefined;
      parent = node;
      laneA = a[field] as number;
      laneB = b[field] as number;
      node = this.child(node, laneA, laneB);
    }
    if (node === NONE) attach(this.addNode(leaf));
    else if (this.kind(node) !== leaf) return undefined;
    return root;
  }

  /** Drops every node and edge. */
  clear(): void {
    this.count = 0;
    this.edges = new Int32Array(4 << 12);
    this.mask = (1 << 12) - 1;
    this.edgeCount = 0;
  }

  private grow(): void {
    const old = this.edges;
    this.mask = this.mask * 2 + 1;
    this.edges = new Int32Array(4 * (this.mask + 1));
    this.edgeCount = 0;
    for (let i = 0; i < old.length; i += 4) {
      if (old[i] !== 0) this.addEdge((old[i] as number) - 1, old[i + 1] as number, old[i + 2] as number, old[i + 3] as number);
    }
  }
}

function slotOf(parent: number, a: number, b: number, mask: number): number {
  return (Math.imul(parent, 0x9e3779b1) ^ a ^ Math.imul(b, 0x85ebca6b)) & mask;
}
