import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { onOwnFile } from '../errors.js';

/** Fingerprints read or written at a time (half a megabyte). */
const BLOCK = 1 << 16;

/**
 * The order that sorts the `n` fingerprints of `words` (consecutive (hi, lo) words) by high word,
 * then low word (both unsigned): a least-significant-digit radix sort of their indices, 16 bits a pass.
 */
export function sortedOrder(words: Uint32Array, n: number): Uint32Array {
  if (n < SMALL) return sortedByComparing(words, n);
  let order = new Uint32Array(n);
  let other = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const counts = new Uint32Array(1 << 16);
  for (const [word, shift] of [[1, 0], [1, 16], [0, 0], [0, 16]] as const) {
    counts.fill(0);
    for (let i = 0; i < n; i++) (counts[((words[2 * i + word] as number) >>> shift) & 0xffff] as number)++;
    let sum = 0;
    for (let d = 0; d < counts.length; d++) {
      const c = counts[d] as number;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const index = order[i] as number;
      const digit = ((words[2 * index + word] as number) >>> shift) & 0xffff;
      other[counts[digit] as number] = index;
      counts[digit] = (counts[digit] as number) + 1;
    }
    [order, other] = [other, order];
  }
  return order;
}

/** Below this many fingerprints, a sort by comparison costs less than the radix sort's passes over its 2^16 counts. */
const SMALL = 1 << 12;

/** sortedOrder by comparison, for a few fingerprints. */
function sortedByComparing(words: Uint32Array, n: number): Uint32Array {
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((i, j) => {
    const hi = (words[2 * i] as number) - (words[2 * j] as number);
    return hi !== 0 ? hi : (words[2 * i + 1] as number) - (words[2 * j + 1] as number);
  });
  return Uint32Array.from(order);
}

/** Whether fingerprint (h1, l1) comes before (h2, l2) in a FingerprintFile. */
function before(h1: number, l1: number, h2: number, l2: number): boolean {
  return h1 < h2 || (h1 === h2 && l1 < l2);
}

/**
 * Distinct fingerprints in a file, sorted by high word then low word, two words each (in the machine's byte order):
 * the part of a spilled seen set on disk. It is only ever read from start to end (a merge-scan
 * with fingerprints sorted the same way) and replaced whole by a merge that writes a new file.
 */
export class FingerprintFile {
  private constructor(
    readonly path: string,
    /** Fingerprints in the file. */
    readonly count: number,
  ) {}

  /** A file of no fingerprints (none is written until there is one). */
  static empty(path: string): FingerprintFile {
    return new FingerprintFile(path, 0);
  }

  /**
   * For each fingerprint of `words` (consecutive (hi, lo) words, distinct) taken in `order` (sorted,
   * see sortedOrder), whether the file holds it: `found[i]` is set to 1 when it holds the i-th.
   * Returns how many it holds.
   */
  lookUp(words: Uint32Array, order: Uint32Array, found: Uint8Array): number {
    return onOwnFile(this.path, 'read', () => this.lookUpIn(words, order, found));
  }

  private lookUpIn(words: Uint32Array, order: Uint32Array, found: Uint8Array): number {
    let hits = 0;
    const reader = new BlockReader(this);
    for (let k = 0; k < order.length; k++) {
      const i = order[k] as number;
      const hi = words[2 * i] as number;
      const lo = words[2 * i + 1] as number;
      while (!reader.done && before(reader.hi, reader.lo, hi, lo)) reader.advance();
      if (!reader.done && reader.hi === hi && reader.lo === lo) {
        found[i] = 1;
        hits++;
      }
    }
    reader.close();
    return hits;
  }

  /**
   * A new file at `path` with the fingerprints of this one and those of `words` taken in `order`
   * (sorted), each once: a sequential merge. This file is then removed.
   */
  merge(path: string, words: Uint32Array, order: Uint32Array): FingerprintFile {
    return onOwnFile(path, 'write', () => this.mergeInto(path, words, order));
  }

  private mergeInto(path: string, words: Uint32Array, order: Uint32Array): FingerprintFile {
    const reader = new BlockReader(this);
    const writer = new BlockWriter(path, this.count + order.length);
    try {
      for (let k = 0; k < order.length; k++) {
        const i = order[k] as number;
        const hi = words[2 * i] as number;
        const lo = words[2 * i + 1] as number;
        while (!reader.done && before(reader.hi, reader.lo, hi, lo)) {
          writer.write(reader.hi, reader.lo);
          reader.advance();
        }
        if (!reader.done && reader.hi === hi && reader.lo === lo) continue;
        writer.write(hi, lo);
      }
      for (; !reader.done; reader.advance()) writer.write(reader.hi, reader.lo);
    } finally {
      reader.close();
      writer.close();
    }
    this.remove();
    return new FingerprintFile(path, writer.count);
  }

  /** Whether the file holds fingerprint (hi, lo): a binary search, a read a step (for a few look-ups, not many). */
  has(hi: number, lo: number): boolean {
    if (this.count === 0) return false;
    return onOwnFile(this.path, 'read', () => this.search(hi, lo));
  }

  private search(hi: number, lo: number): boolean {
    const fd = openSync(this.path, 'r');
    try {
      const pair = new Uint32Array(2);
      const bytes = new Uint8Array(pair.buffer);
      let low = 0;
      let high = this.count;
      while (low < high) {
        const middle = (low + high) >>> 1;
        readFully(fd, bytes, 8, middle * 8);
        const h = pair[0] as number;
        const l = pair[1] as number;
        if (h === hi && l === lo) return true;
        if (before(h, l, hi, lo)) low = middle + 1;
        else high = middle;
      }
      return false;
    } finally {
      closeSync(fd);
    }
  }

  /** Hands every fingerprint to `visit` in order, as consecutive (hi, lo) words, up to BLOCK at a time (in one reused array). */
  forEachWords(visit: (words: Uint32Array) => void): void {
    if (this.count === 0) return;
    const fd = onOwnFile(this.path, 'read', () => openSync(this.path, 'r'));
    try {
      const words = new Uint32Array(2 * Math.min(BLOCK, this.count));
      const bytes = new Uint8Array(words.buffer);
      for (let at = 0; at < this.count; at += BLOCK) {
        const n = Math.min(BLOCK, this.count - at);
        onOwnFile(this.path, 'read', () => readFully(fd, bytes, n * 8, at * 8));
        visit(words.subarray(0, 2 * n));
      }
    } finally {
      closeSync(fd);
    }
  }

  /** Removes the file (nothing when it was never written). */
  remove(): void {
    if (this.count === 0) return;
    try {
      unlinkSync(this.path);
    } catch {
      // Already gone: nothing to remove.
    }
  }
}

/** Reads `length` bytes at `position` of file `fd` into `bytes`. */
export function readFully(fd: number, bytes: Uint8Array, length: number, position: number): void {
  for (let got = 0; got < length; ) {
    const n = readSync(fd, bytes, got, length - got, position + got);
    // Shorter than written: the file was cut or changed under the run, an I/O fault.
    if (n <= 0) throw Object.assign(new Error(`a spill file ended early (${got} of ${length} bytes at ${position})`), { code: 'EIO' });
    got += n;
  }
}

/** Reads a FingerprintFile from start to end, a block at a time: `hi`, `lo` is the fingerprint at the reading position. */
class BlockReader {
  hi = 0;
  lo = 0;
  done: boolean;
  private readonly fd: number;
  private readonly words: Uint32Array;
  private readonly bytes: Uint8Array;
  private next = 0;
  private inBlock = 0;
  private at = 0;

  constructor(private readonly file: FingerprintFile) {
    this.words = new Uint32Array(2 * Math.min(BLOCK, file.count));
    this.bytes = new Uint8Array(this.words.buffer);
    this.done = file.count === 0;
    this.fd = this.done ? -1 : openSync(file.path, 'r');
    if (!this.done) this.advance();
  }

  advance(): void {
    if (this.next === this.inBlock) {
      if (this.at >= this.file.count) {
        this.done = true;
        return;
      }
      const n = Math.min(BLOCK, this.file.count - this.at);
      readFully(this.fd, this.bytes, n * 8, this.at * 8);
      this.at += n;
      this.inBlock = n;
      this.next = 0;
    }
    this.hi = this.words[2 * this.next] as number;
    this.lo = this.words[2 * this.next + 1] as number;
    this.next++;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
  }
}

/** Writes fingerprints to a new file, a block at a time. */
class BlockWriter {
  count = 0;
  private readonly fd: number;
  private readonly words: Uint32Array;
  private used = 0;

  /** `most`: fingerprints it is written at most (its buffer need not be larger). */
  constructor(path: string, most: number) {
    this.words = new Uint32Array(2 * Math.max(1, Math.min(BLOCK, most)));
    this.fd = openSync(path, 'w');
  }

  write(hi: number, lo: number): void {
    this.words[this.used++] = hi;
    this.words[this.used++] = lo;
    this.count++;
    if (this.used === this.words.length) this.flush();
  }

  close(): void {
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }

  private flush(): void {
    const bytes = new Uint8Array(this.words.buffer, 0, this.used * 4);
    for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done);
    this.used = 0;
  }
}
