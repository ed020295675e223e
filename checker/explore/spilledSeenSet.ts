import { join } from 'node:path';
import { InternalError } from '../errors.js';
import { FingerprintFile, sortedOrder } from './fingerprintFile.js';
import { FingerprintSet } from './fingerprintSet.js';
import type { SeenSet } from './seenSet.js';
import { Insert } from './types.js';
import type { StateSet } from './types.js';

/** Fingerprints a spilled seen set of `budget` defers before they must be settled: a quarter of its table. */
export function deferLimitOf(budget: number): number {
  return Math.max(1, Math.max(4, Math.floor(budget)) >> 2);
}

/**
 * A seen set larger than memory, with delayed duplicate detection: the fingerprints found lately are
 * in a table in memory, the others in a sorted file (see FingerprintFile). A fingerprint in the
 * table is seen; one that is not is added to it and, once the file holds any, is deferred
 * (Insert.Deferred): whether the file holds it is learnt when the loop resolves its deferred
 * fingerprints together (see resolve), by one sequential scan of the file. When the table holds
 * `budget` fingerprints and none is unresolved, it is merged into the file (a new file, written by
 * a sequential merge) and emptied.
 */
export class SpilledSeenSet implements SeenSet, StateSet {
  readonly exact = false;
  /** Deferred fingerprints the loop keeps before it must resolve them. */
  readonly deferLimit: number;
  private memory: FingerprintSet;
  private file: FingerprintFile;
  /** The table's size at which it is merged into the file. */
  private readonly mergeAt: number;
  /** Files written, to name the next one. */
  private written = 0;
  /** Fingerprints in the table that the file holds too (deferred ones it held): dropped at the next merge. */
  private stale = 0;
  /** Fingerprints deferred and not resolved yet: the table is not merged while there are any. */
  private unresolved = 0;

  /** `dir`: where its files go (a directory of the run's own); `budget`: fingerprints the table in memory holds at most. */
  constructor(
    private readonly dir: string,
    readonly budget: number,
  ) {
    const most = Math.max(4, Math.floor(budget));
    this.deferLimit = deferLimitOf(budget);
    this.mergeAt = most - this.deferLimit;
    // It holds at most mergeAt fingerprints, and deferLimit more: it grows up to that from a small table.
    this.memory = new FingerprintSet(Math.min(1 << 16, Math.ceil(most / FingerprintSet.maxLoad) + 16));
    this.file = FingerprintFile.empty(this.nextPath());
  }

  get size(): number {
    return this.file.count + this.memory.size - this.stale;
  }

  /** Bytes the set takes in memory. */
  get bytes(): number {
    return this.memory.bytes;
  }

  /** Fingerprints in the file. */
  get onDisk(): number {
    return this.file.count;
  }

  /** Adds a fingerprint, looking it up in the file when it is not in memory (for a few states, such as the initial ones). */
  add(hi: number, lo: number): boolean {
    if (this.has(hi, lo)) return false;
    this.memory.add(hi, lo);
    this.mergeIfFull();
    return true;
  }

  has(hi: number, lo: number): boolean {
    return this.memory.has(hi, lo) || this.file.has(hi, lo);
  }

  insert(hi: number, lo: number): Insert {
    if (!this.memory.add(hi, lo)) return Insert.Present;
    if (this.file.count === 0) {
      this.mergeIfFull();
      return Insert.Added;
    }
    this.unresolved++;
    return Insert.Deferred;
  }

  /** No limit on the states (maxStates does not combine with a spilled set). */
  atLimit(): boolean {
    return false;
  }

  /**
   * Which of the `n` deferred fingerprints of `words` (consecutive (hi, lo) words, each deferred
   * once) are new: 0 for one the file holds, 1 for one it does not. They are then resolved, and
   * the table is merged into the file if it is full.
   */
  resolve(words: Uint32Array, n: number): Uint8Array {
    const found = new Uint8Array(n);
    const hits = this.file.lookUp(words, sortedOrder(words, n), found);
    this.stale += hits;
    this.unresolved -= n;
    for (let i = 0; i < n; i++) found[i] = found[i] === 1 ? 0 : 1;
    this.mergeIfFull();
    return found;
  }

  /** Adds fingerprints known to be distinct and new (a checkpoint's, read back), `words` holding (hi, lo) pairs. */
  load(words: Uint32Array): void {
    for (let i = 0; i < words.length; i += 2) {
      this.memory.add(words[i] as number, words[i + 1] as number);
      this.mergeIfFull();
    }
  }

  /**
   * Hands every fingerprint to `visit`, in chunks of consecutive (hi, lo) words, after merging the
   * table into the file (so each is handed once). Only when none is unresolved.
   */
  forEachWords(_chunk: number, visit: (words: Uint32Array) => void): void {
    this.merge();
    this.file.forEachWords(visit);
  }

  /** Removes its file. */
  remove(): void {
    this.file.remove();
  }

  private mergeIfFull(): void {
    if (this.memory.size >= this.mergeAt && this.unresolved === 0) this.merge();
  }

  /** Merges the table into the file, which the table then leaves to it. */
  private merge(): void {
    if (this.unresolved !== 0) throw new InternalError(`the seen set cannot be merged with ${this.unresolved} fingerprints unresolved`);
    if (this.memory.size === 0) return;
    const words = this.memory.toWords();
    const n = words.length / 2;
    this.file = this.file.merge(this.nextPath(), words, sortedOrder(words, n));
    this.memory.clear();
    this.stale = 0;
  }

  private nextPath(): string {
    return join(this.dir, `seen-${this.written++}.bin`);
  }
}
