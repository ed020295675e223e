import { InternalError } from '../errors.js';
import type { TraceLinks } from '../explore/traceLog.js';

/** The buffers of a shared trace log, as they are posted to a worker. */
export interface SharedTraceLogBuffers {
  /** Growable: fingerprint high words, by state number. */
  readonly his: SharedArrayBuffer;
  /** Growable: fingerprint low words, by state number. */
  readonly los: SharedArrayBuffer;
  /** Growable: the number of each state's predecessor. */
  readonly parents: SharedArrayBuffer;
  /** One 32-bit word: the number of states given a number. */
  readonly count: SharedArrayBuffer;
}

/** A SharedArrayBuffer that grows in place (ES2024; Node 20 has it). */
interface GrowableBuffer extends SharedArrayBuffer {
  grow(byteLength: number): void;
}

const Growable = SharedArrayBuffer as unknown as new (byteLength: number, options: { maxByteLength: number }) => GrowableBuffer;

const NONE = 0xffffffff;
/** Numbers a thread takes at a time when no bound is set on them. */
const BLOCK = 1024;
const INITIAL_BYTES = 1 << 18;
// A growable SharedArrayBuffer holds at most 4 GiB: a billion states.
const MAX_BYTES = 2 ** 32;

/**
 * The predecessor links of every stored state (TLC's trace file), shared by the worker threads: state
 * numbers are handed out by an atomic counter, and each thread writes the fingerprint and predecessor
 * of the states it numbers. Without a bound on them, a thread takes numbers a block at a time (so
 * threads neither wait on the counter nor write to the same cache lines): some numbers then go
 * unused, and `size` counts numbers handed out, not states. The buffers grow in place, from any
 * thread, as numbers are handed out.
 */
export class SharedTraceLog implements TraceLinks {
  static readonly NONE = NONE;
  // Fixed-length views of the buffers as they were when last looked at (a view that tracks the
  // length of a growable buffer is several times slower to read and write): made again when a
  // number is past their end, the buffers having grown since, in this thread or another.
  private his: Uint32Array;
  private los: Uint32Array;
  private parents: Uint32Array;
  private readonly counter: Int32Array;
  /** The block of numbers this thread is taking from. */
  private blockNext = 0;
  private blockEnd = 0;

  constructor(readonly buffers: SharedTraceLogBuffers) {
    this.his = view(buffers.his);
    this.los = view(buffers.los);
    this.parents = view(buffers.parents);
    this.counter = new Int32Array(buffers.count);
  }

  /** An empty log. */
  static create(): SharedTraceLog {
    const buffer = (): SharedArrayBuffer => new Growable(INITIAL_BYTES, { maxByteLength: MAX_BYTES });
    return new SharedTraceLog({ his: buffer(), los: buffer(), parents: buffer(), count: new SharedArrayBuffer(4) });
  }

  /** Numbers handed out (beyond `limit` by `append` they do not count), used or not (see above). */
  get size(): number {
    return Atomics.load(this.counter, 0);
  }

  /** Bytes the log takes. */
  get bytes(): number {
    return this.buffers.his.byteLength * 3;
  }

  /**
   * Numbers a state with fingerprint (hi, lo) first reached from state `parent`, and records it;
   * returns its number, or -1 when `limit` numbers are handed out already (the state is not recorded).
   */
  append(hi: number, lo: number, parent: number, limit = Infinity): number {
    let index: number;
    if (limit === Infinity) {
      if (this.blockNext === this.blockEnd) {
        this.blockNext = Atomics.add(this.counter, 0, BLOCK);
        this.blockEnd = this.blockNext + BLOCK;
        if (this.blockEnd > this.his.length) this.reserve(this.blockEnd);
      }
      index = this.blockNext++;
    } else {
      index = Atomics.add(this.counter, 0, 1);
      if (index >= limit) {
        Atomics.sub(this.counter, 0, 1);
        return -1;
      }
      if (index >= this.his.length) this.reserve(index + 1);
    }
    this.his[index] = hi;
    this.los[index] = lo;
    this.parents[index] = parent;
    return index;
  }

  hi(index: number): number {
    if (index >= this.his.length) this.refresh();
    return this.his[index] as number;
  }

  lo(index: number): number {
    if (index >= this.los.length) this.refresh();
    return this.los[index] as number;
  }

  parent(index: number): number {
    if (index >= this.parents.length) this.refresh();
    return this.parents[index] as number;
  }

  /** State numbers from an initial state to `index`, in order. */
  pathTo(index: number): number[] {
    const path: number[] = [];
    const size = this.size;
    for (let i = index; i !== NONE; i = this.parent(i)) {
      // A number past those handed out, or a path longer than the log: links that were not written.
      if (!(i < size) || path.length >= size) throw new InternalError(`the trace log has no path to state ${index} (at ${String(i)})`);
      path.push(i);
    }
    return path.reverse();
  }

  private reserve(states: number): void {
    for (const buffer of [this.buffers.his, this.buffers.los, this.buffers.parents] as GrowableBuffer[]) {
      while (buffer.byteLength < states * 4) {
        const wanted = Math.min(MAX_BYTES, Math.max(buffer.byteLength * 2, states * 4));
        if (wanted < states * 4) throw new RangeError('the trace log is full: more than a billion states');
        try {
          buffer.grow(wanted);
        } catch {
          // Another thread grew it meanwhile, past `wanted`: look again.
        }
      }
    }
    this.refresh();
  }

  /** Views of the buffers as they are now. */
  private refresh(): void {
    this.his = view(this.buffers.his);
    this.los = view(this.buffers.los);
    this.parents = view(this.buffers.parents);
  }
}

/** A view of the whole of a buffer as it is now, which does not follow its growth. */
function view(buffer: SharedArrayBuffer): Uint32Array {
  return new Uint32Array(buffer, 0, buffer.byteLength / 4);
}
