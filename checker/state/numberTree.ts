/** No node: a missing root or edge. */
export const NONE = -1;

/** Children below this value number live in the node's own block, indexed by number. */
const DENSE = 64;
/** Words all blocks may take (128 MB) before new children go to the hash table only. */
const MAX_POOL = 1 << 25;

/**
 * The read trees of the memos (TransitionMemo, InvariantMemo), whose edges are keyed by value numbers
 * (see FieldNumbers). A
 * node holds its kind (which field is read next, or a result), and its children: those by a small
 * number in a block of the node's own, indexed by the number (one memory read, and a node's children
 * are together), the others in one open-addressing table of three words a slot (parent + 1, number,
 * child), kept at most half full. Most reads are of fields with few values (a client's step, the
 * commands done) near the root, where every state's walk passes.
 */
export class NumberTree {
  private kinds = new Int32Array(1 << 12);
  /** Per node: where its block begins in `pool`, and its length (0: none). */
  private base = new Int32Array(1 << 12);
  private cap = new Int32Array(1 << 12);
  private count = 0;
  private pool = new Int32Array(1 << 12);
  private poolUsed = 0;
  private edges = new Int32Array(3 << 12);
  private edgeCount = 0;
  private mask = (1 << 12) - 1;

  /** Nodes made since the last `clear`. */
  get size(): number {
    return this.count;
  }

  /** The kind of `node`. */
  kind(node: number): number {
    return this.kinds[node] as number;
  }

  /** A new node of the given kind. */
  addNode(kind: number): number {
    if (this.count === this.kinds.length) {
      this.kinds = grown(this.kinds, this.kinds.length * 2);
      this.base = grown(this.base, this.kinds.length);
      this.cap = grown(this.cap, this.kinds.length);
    }
    this.kinds[this.count] = kind;
    this.base[this.count] = 0;
    this.cap[this.count] = 0;
    return this.count++;
  }

  /** The node that value number `number` leads to from `parent`, or NONE. */
  child(parent: number, number: number): number {
    if (number < (this.cap[parent] as number)) return this.pool[(this.base[parent] as number) + number] as number;
    if (this.edgeCount === 0) return NONE;
    const edges = this.edges;
    const mask = this.mask;
    for (let i = slotOf(parent, number, mask); ; i = (i + 1) & mask) {
      const p = edges[3 * i] as number;
      if (p === 0) return NONE;
      if (p === parent + 1 && edges[3 * i + 1] === number) return edges[3 * i + 2] as number;
    }
  }

  /** Makes value number `number` lead from `parent` to `child`. */
  addEdge(parent: number, number: number, child: number): void {
    const cap = this.cap[parent] as number;
    if (number < cap) {
      this.pool[(this.base[parent] as number) + number] = child;
      return;
    }
    if (number < DENSE) {
      let size = cap === 0 ? 4 : cap;
      while (size <= number) size *= 2;
      if (this.poolUsed + size <= MAX_POOL) {
        this.moveBlock(parent, size);
        this.pool[(this.base[parent] as number) + number] = child;
        return;
      }
    }
    this.addHashed(parent, number, child);
  }

  /**
   * Adds the path an evaluation took to the tree at `root`: the fields it read, in order, by the
   * numbers of their values (`numbers`, indexed by field), ending at a node of kind `leaf`. Returns
   * the tree's root (new when the tree was empty), or undefined when the path contradicts the tree: a
   * node there reads another field (the reads are not decided by the values read), or it ends at a
   * node of another kind.
   */
  addPath(root: number, reads: readonly number[], numbers: Int32Array, leaf: number): number | undefined {
    let node = root;
    let parent = NONE;
    let number = 0;
    const attach = (created: number): void => {
      if (parent === NONE) root = created;
      else this.addEdge(parent, number, created);
    };
    for (const field of reads) {
      if (node === NONE) {
        node = this.addNode(field);
        attach(node);
      }
      if (this.kind(node) !== field) return undefined;
      parent = node;
      number = numbers[field] as number;
      node = this.child(node, number);
    }
    if (node === NONE) attach(this.addNode(leaf));
    else if (this.kind(node) !== leaf) return undefined;
    return root;
  }

  /** Drops every node and edge. */
  clear(): void {
    this.count = 0;
    this.pool = new Int32Array(1 << 12);
    this.poolUsed = 0;
    this.edges = new Int32Array(3 << 12);
    this.mask = (1 << 12) - 1;
    this.edgeCount = 0;
  }

  /** Gives `node` a block of `size` words at the end of the pool, with its children so far. */
  private moveBlock(node: number, size: number): void {
    if (this.poolUsed + size > this.pool.length) {
      let length = this.pool.length * 2;
      while (length < this.poolUsed + size) length *= 2;
      this.pool = grown(this.pool, length);
    }
    const base = this.poolUsed;
    const oldBase = this.base[node] as number;
    const oldCap = this.cap[node] as number;
    this.pool.copyWithin(base, oldBase, oldBase + oldCap);
    this.pool.fill(NONE, base + oldCap, base + size);
    this.poolUsed += size;
    this.base[node] = base;
    this.cap[node] = size;
  }

  private addHashed(parent: number, number: number, child: number): void {
    if (2 * (this.edgeCount + 1) > this.mask + 1) this.grow();
    const edges = this.edges;
    let i = slotOf(parent, number, this.mask);
    for (; edges[3 * i] !== 0; i = (i + 1) & this.mask) {
      // An edge added again leads to its new child, as in a node's own block.
      if (edges[3 * i] === parent + 1 && edges[3 * i + 1] === number) {
        edges[3 * i + 2] = child;
        return;
      }
    }
    edges[3 * i] = parent + 1;
    edges[3 * i + 1] = number;
    edges[3 * i + 2] = child;
    this.edgeCount++;
  }

  private grow(): void {
    const old = this.edges;
    this.mask = this.mask * 2 + 1;
    this.edges = new Int32Array(3 * (this.mask + 1));
    this.edgeCount = 0;
    for (let i = 0; i < old.length; i += 3) {
      if (old[i] !== 0) this.addHashed((old[i] as number) - 1, old[i + 1] as number, old[i + 2] as number);
    }
  }
}

function slotOf(parent: number, number: number, mask: number): number {
  return Math.imul(Math.imul(parent, 0x9e3779b1) ^ number, 0x85ebca6b) & mask;
}

function grown(words: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(length);
  out.set(words.subarray(0, Math.min(words.length, length)));
  return out;
}
