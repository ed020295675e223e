const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

/** The predecessor links of the stored states, as the trace rebuild reads them. */
export interface TraceLinks {
  /** Number of states recorded. */
  readonly size: number;
  /** High word of the fingerprint of state `index`. */
  hi(index: number): number;
  /** Low word of the fingerprint of state `index`. */
  lo(index: number): number;
  /** Number of the state `index` was first reached from (NONE for an initial state). */
  parent(index: number): number;
  /** State numbers from an initial state to `index`, in order. */
  pathTo(index: number): number[];
}

/** A trace log as an exploration keeps it: numbered as states are stored, read back for traces and checkpoints. */
export interface TraceRecords extends TraceLinks {
  /** Bytes it takes in memory. */
  readonly bytes: number;
  /** Records a state with fingerprint (hi, lo) first reached from state `parent`; returns its number. */
  append(hi: number, lo: number, parent: number): number;
  /** Hands over the records in order, a chunk of CHUNK at a time: high words, low words and parents. */
  forEachChunk(visit: (his: Uint32Array, los: Uint32Array, parents: Uint32Array) => void): void;
}

/**
 * The predecessor links of every stored state, by state number: its fingerprint and the number of
 * the state it was first reached from (TLC's trace file). Initial states have no predecessor.
 * Kept in fixed-size chunks of typed arrays, so it grows without copying.
 */
export class TraceLog implements TraceRecords {
  static readonly NONE = 0xffffffff;
  /** Records a chunk holds (see forEachChunk). */
  static readonly CHUNK = CHUNK;
  private readonly his: Uint32Array[] = [];
  private readonly los: Uint32Array[] = [];
  private readonly parents: Uint32Array[] = [];
  private count = 0;

  /** Number of states recorded. */
  get size(): number {
    return this.count;
  }

  /** Bytes the log takes. */
  get bytes(): number {
    return this.his.length * CHUNK * 12;
  }

  /** Records a state with fingerprint (hi, lo) first reached from state `parent`; returns its number. */
  append(hi: number, lo: number, parent: number): number {
    const index = this.count++;
    const chunk = index >>> CHUNK_BITS;
    if (chunk === this.his.length) {
      this.his.push(new Uint32Array(CHUNK));
      this.los.push(new Uint32Array(CHUNK));
      this.parents.push(new Uint32Array(CHUNK));
    }
    const offset = index & MASK;
    (this.his[chunk] as Uint32Array)[offset] = hi;
    (this.los[chunk] as Uint32Array)[offset] = lo;
    (this.parents[chunk] as Uint32Array)[offset] = parent;
    return index;
  }

  hi(index: number): number {
    return (this.his[index >>> CHUNK_BITS] as Uint32Array)[index & MASK] as number;
  }

  lo(index: number): number {
    return (this.los[index >>> CHUNK_BITS] as Uint32Array)[index & MASK] as number;
  }

  parent(index: number): number {
    return (this.parents[index >>> CHUNK_BITS] as Uint32Array)[index & MASK] as number;
  }

  /** State numbers from an initial state to `index`, in order. */
  pathTo(index: number): number[] {
    const path: number[] = [];
    for (let i = index; i !== TraceLog.NONE; i = this.parent(i)) path.push(i);
    return path.reverse();
  }

  /** Hands over the records in order, a chunk at a time: high words, low words and parents (views, not copies). */
  forEachChunk(visit: (his: Uint32Array, los: Uint32Array, parents: Uint32Array) => void): void {
    for (let chunk = 0; chunk * CHUNK < this.count; chunk++) {
      const n = Math.min(CHUNK, this.count - chunk * CHUNK);
      visit((this.his[chunk] as Uint32Array).subarray(0, n), (this.los[chunk] as Uint32Array).subarray(0, n), (this.parents[chunk] as Uint32Array).subarray(0, n));
    }
  }
}
