import { closeSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { onOwnFile } from '../errors.js';
import { readFully } from './fingerprintFile.js';
import { TraceLog } from './traceLog.js';
import type { TraceRecords } from './traceLog.js';

/** TraceLog's chunks: 2^16 records. */
const BITS = 16;
const CHUNK = TraceLog.CHUNK;
const MASK = CHUNK - 1;

/**
 * The trace log on disk: the same records as TraceLog (fingerprint and predecessor by state number),
 * kept in memory one chunk at a time and appended to a file when the chunk is full, in the layout of
 * TraceLog.forEachChunk (a chunk's high words, low words, parents). It is read back only to rebuild
 * a trace (a few records, each read from the file) and to write a checkpoint (chunk by chunk).
 */
export class SpilledTraceLog implements TraceRecords {
  private readonly fd: number;
  private readonly his = new Uint32Array(CHUNK);
  private readonly los = new Uint32Array(CHUNK);
  private readonly parents = new Uint32Array(CHUNK);
  private readonly word = new Uint32Array(1);
  private count = 0;

  constructor(private readonly path: string) {
    this.fd = openSync(path, 'w+');
  }

  get size(): number {
    return this.count;
  }

  /** Bytes the log takes in memory. */
  get bytes(): number {
    return 3 * CHUNK * 4;
  }

  append(hi: number, lo: number, parent: number): number {
    const index = this.count++;
    const offset = index & MASK;
    this.his[offset] = hi;
    this.los[offset] = lo;
    this.parents[offset] = parent;
    if (offset === MASK) this.writeChunk();
    return index;
  }

  hi(index: number): number {
    return this.read(this.his, 0, index);
  }

  lo(index: number): number {
    return this.read(this.los, 1, index);
  }

  parent(index: number): number {
    return this.read(this.parents, 2, index);
  }

  pathTo(index: number): number[] {
    const path: number[] = [];
    for (let i = index; i !== TraceLog.NONE; i = this.parent(i)) path.push(i);
    return path.reverse();
  }

  forEachChunk(visit: (his: Uint32Array, los: Uint32Array, parents: Uint32Array) => void): void {
    const full = this.count >>> BITS;
    const words = new Uint32Array(3 * CHUNK);
    for (let chunk = 0; chunk < full; chunk++) {
      onOwnFile(this.path, 'read', () => readFully(this.fd, new Uint8Array(words.buffer), words.byteLength, chunk * words.byteLength));
      visit(words.subarray(0, CHUNK), words.subarray(CHUNK, 2 * CHUNK), words.subarray(2 * CHUNK));
    }
    const n = this.count & MASK;
    if (n > 0) visit(this.his.subarray(0, n), this.los.subarray(0, n), this.parents.subarray(0, n));
  }

  /** Closes and removes its file. */
  remove(): void {
    closeSync(this.fd);
    try {
      unlinkSync(this.path);
    } catch {
      // Already gone: nothing to remove.
    }
  }

  /** Word `part` (0 high, 1 low, 2 parent) of record `index`: from the chunk in memory, else from the file. */
  private read(inMemory: Uint32Array, part: number, index: number): number {
    if (index >>> BITS === this.count >>> BITS) return inMemory[index & MASK] as number;
    const at = ((index >>> BITS) * 3 * CHUNK + part * CHUNK + (index & MASK)) * 4;
    onOwnFile(this.path, 'read', () => readFully(this.fd, new Uint8Array(this.word.buffer), 4, at));
    return this.word[0] as number;
  }

  private writeChunk(): void {
    onOwnFile(this.path, 'write', () => this.writeChunkAt());
  }

  private writeChunkAt(): void {
    const at = (this.count >>> BITS) * 3 * CHUNK * 4 - 3 * CHUNK * 4;
    let position = at;
    for (const part of [this.his, this.los, this.parents]) {
      const bytes = new Uint8Array(part.buffer);
      for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done, position + done);
      position += bytes.length;
    }
  }
}
