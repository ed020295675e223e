import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import type { Canonicalizer } from '../state/canonical.js';
import type { FieldHashes } from '../state/stateHasher.js';
import type { State } from '../spec/types.js';
import { InternalError, onOwnFile } from '../errors.js';
import { Frontier } from './frontier.js';
import { UNNUMBERED } from './types.js';
import type { CompactQueue } from './types.js';

/** States written to the file together: where they begin in the queue and in the file, and their sizes in words. */
interface Segment {
  readonly from: number;
  readonly count: number;
  readonly at: number;
  readonly words: number;
  readonly keys: number;
}

/**
 * A level queue larger than memory: a compact Frontier whose states, once `budget` of them are
 * queued and all numbered, are written to a file in one segment (an append, in the Frontier's own
 * encoding) and dropped from memory. Read in order, the segments are read back one at a time into
 * the same Frontier, so that only a segment of the level is in memory at once. The values and
 * record types the states are numbers of stay in memory (a level of millions of states holds a few
 * thousand values): a segment read back names them as it did when it was written.
 *
 * Only the states after the last segment (the tail) may be numbered again, dropped or read while
 * the queue is being filled, as DeferredSuccessors does with the states it has not settled; reading
 * a state of a segment writes the tail too, once every state of it is numbered.
 */
export class SpilledQueue<S extends State> implements CompactQueue<S> {
  private readonly frontier: Frontier<S>;
  private readonly segments: Segment[] = [];
  /** States in the file. */
  private onDisk = 0;
  private fileWords = 0;
  /** The segment the frontier holds, read back; -1 when it holds the tail. */
  private loaded = -1;
  /** States of the tail queued unnumbered (see DeferredSuccessors): the tail is not written while there are any. */
  private unnumbered = 0;

  /** `path`: its file; `budget`: states of the tail kept in memory before they are written to it. */
  constructor(
    private readonly path: string,
    readonly budget: number,
    canonical?: Canonicalizer,
  ) {
    this.frontier = new Frontier<S>(false, canonical);
  }

  get length(): number {
    return this.onDisk + (this.loaded < 0 ? this.frontier.length : 0);
  }

  /** States written to the file since the queue was last cleared. */
  get spilled(): number {
    return this.onDisk;
  }

  push(state: S, id: number, fields?: FieldHashes): void {
    const frontier = this.frontier;
    if (this.loaded >= 0) {
      // The tail was written before a segment was read back: the frontier is the tail's again.
      frontier.truncate(0);
      this.loaded = -1;
    }
    frontier.push(state, id, fields);
    if (id === UNNUMBERED) this.unnumbered++;
    else if (this.unnumbered === 0 && frontier.length >= this.budget) this.writeTail();
  }

  id(i: number): number {
    return this.frontier.id(this.local(i));
  }

  setId(i: number, id: number): void {
    const at = this.tailIndex(i);
    const frontier = this.frontier;
    if (frontier.id(at) === UNNUMBERED && id !== UNNUMBERED) this.unnumbered--;
    frontier.setId(at, id);
    if (this.unnumbered === 0 && frontier.length >= this.budget) this.writeTail();
  }

  read(i: number): FieldHashes | undefined {
    return this.frontier.read(this.local(i));
  }

  readValueIds(): Int32Array | undefined {
    return this.frontier.readValueIds();
  }

  sameType(): S {
    return this.frontier.sameType();
  }

  built(): S {
    return this.frontier.built();
  }

  truncate(length: number): void {
    if (length >= this.length) return;
    const frontier = this.frontier;
    frontier.truncate(this.tailIndex(length));
    let unnumbered = 0;
    for (let i = 0; i < frontier.length; i++) if (frontier.id(i) === UNNUMBERED) unnumbered++;
    this.unnumbered = unnumbered;
    if (unnumbered === 0 && frontier.length >= this.budget) this.writeTail();
  }

  /** Empties the queue and removes its file. */
  clear(): void {
    if (this.fileWords > 0) this.remove();
    this.frontier.clear();
    this.segments.length = 0;
    this.onDisk = 0;
    this.fileWords = 0;
    this.loaded = -1;
    this.unnumbered = 0;
  }

  /** Removes its file. */
  remove(): void {
    rmSync(this.path, { force: true });
  }

  /** Where state `i` is in the frontier, reading its segment back if need be. */
  private local(i: number): number {
    if (i >= this.onDisk && this.loaded < 0) return i - this.onDisk;
    let segment = this.segments[this.loaded];
    if (segment === undefined || i < segment.from || i >= segment.from + segment.count) {
      if (i >= this.onDisk) throw new InternalError(`state ${i} of a spilled queue of ${this.length}`);
      const index = this.segmentOf(i);
      this.readBack(index);
      segment = this.segments[index] as Segment;
    }
    return i - segment.from;
  }

  /** Where state `i` of the tail is in the frontier. */
  private tailIndex(i: number): number {
    if (i < this.onDisk || this.loaded >= 0) throw new InternalError(`state ${i} of a spilled queue is not in its tail (${this.onDisk} states written)`);
    return i - this.onDisk;
  }

  private segmentOf(i: number): number {
    const next = this.loaded + 1;
    const segments = this.segments;
    if (next < segments.length && (segments[next] as Segment).from <= i && i < (segments[next] as Segment).from + (segments[next] as Segment).count) return next;
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((segments[mid] as Segment).from <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Appends the tail to the file, as a segment, and drops it from memory (keeping the values it names). */
  private writeTail(): void {
    const frontier = this.frontier;
    if (this.loaded >= 0 || frontier.length === 0) return;
    if (this.unnumbered !== 0) throw new InternalError(`a spilled queue cannot write ${this.unnumbered} states not yet numbered`);
    const { words, keys, numbers } = frontier.encoded();
    onOwnFile(this.path, 'write', () => {
      const fd = openSync(this.path, this.onDisk === 0 ? 'w' : 'a');
      try {
        writeFully(fd, words);
        writeFully(fd, keys);
        writeFully(fd, numbers);
      } finally {
        closeSync(fd);
      }
    });
    this.segments.push({ from: this.onDisk, count: numbers.length, at: this.fileWords, words: words.length, keys: keys.length });
    this.onDisk += numbers.length;
    this.fileWords += words.length + keys.length + numbers.length;
    frontier.truncate(0);
  }

  /** Reads segment `index` back into the frontier, the tail being written first. */
  private readBack(index: number): void {
    this.writeTail();
    const segment = this.segments[index] as Segment;
    const { words, keys, numbers } = this.frontier.loadInto(segment.words, segment.keys, segment.count);
    onOwnFile(this.path, 'read', () => {
      const fd = openSync(this.path, 'r');
      try {
        let at = segment.at * 4;
        for (const view of [words, keys, numbers]) {
          readFully(fd, view, at);
          at += view.byteLength;
        }
      } finally {
        closeSync(fd);
      }
    });
    this.loaded = index;
  }
}

/** Fills `view` from the file `fd` at byte `position`. */
function readFully(fd: number, view: Int32Array | Uint32Array, position: number): void {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  for (let done = 0; done < bytes.length; ) {
    const n = readSync(fd, bytes, done, bytes.length - done, position + done);
    // Shorter than written: the file was cut or changed under the run, an I/O fault.
    if (n === 0) throw Object.assign(new Error(`a spill file ended early (${done} of ${bytes.length} bytes of a segment's part at byte ${position})`), { code: 'EIO' });
    done += n;
  }
}

function writeFully(fd: number, view: Int32Array | Uint32Array): void {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
}
