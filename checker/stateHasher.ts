import { isRecord } from 'immutable';
import { combineFields, Fingerprinter } from './fingerprint.js';

/**
 * Fingerprints the successors of one state cheaply: when states are Records, a successor shares
 * most fields with its parent (the same objects), so only the fields that changed are hashed again.
 */
export class StateHasher {
  private parent: unknown = undefined;
  private prototype: object | undefined = undefined;
  private childIsRecord = false;
  private keys: readonly string[] = [];
  private shapeA = 0;
  private shapeB = 0;
  private values: unknown[] = [];
  private parentA = new Int32Array(0);
  private parentB = new Int32Array(0);
  private childA = new Int32Array(0);
  private childB = new Int32Array(0);

  constructor(readonly fingerprinter: Fingerprinter) {}

  get hi(): number {
    return this.fingerprinter.hi;
  }

  get lo(): number {
    return this.fingerprinter.lo;
  }

  /**
   * Fingerprints `state` and remembers its fields, so that its successors hash faster. `saved` is
   * what `saveChild` returned when `state` was fingerprinted as a child: its field lanes, which are
   * then not computed again.
   */
  setParent(state: unknown, saved?: Int32Array): void {
    const fp = this.fingerprinter;
    if (saved !== undefined && isRecord(state) && saved.length === 2 * this.keys.length && Object.getPrototypeOf(state) === this.prototype) {
      const n = this.keys.length;
      const record = state as unknown as { get(k: string): unknown };
      for (let i = 0; i < n; i++) {
        this.values[i] = record.get(this.keys[i] as string);
        this.parentA[i] = saved[i] as number;
        this.parentB[i] = saved[n + i] as number;
      }
      this.parent = state;
      combineFields(this.shapeA, this.shapeB, this.parentA, this.parentB, fp);
      return;
    }
    if (!isRecord(state)) {
      this.parent = undefined;
      this.prototype = undefined;
      fp.fingerprint(state);
      return;
    }
    const shape = fp.shapeOf(state);
    const n = shape.keys.length;
    if (this.values.length !== n) {
      this.values = new Array<unknown>(n);
      this.parentA = new Int32Array(n);
      this.parentB = new Int32Array(n);
      this.childA = new Int32Array(n);
      this.childB = new Int32Array(n);
    }
    this.keys = shape.keys;
    this.shapeA = shape.hashA;
    this.shapeB = shape.hashB;
    const record = state as unknown as { get(k: string): unknown };
    for (let i = 0; i < n; i++) {
      const value = record.get(this.keys[i] as string);
      this.values[i] = value;
      this.parentA[i] = fp.hash(value);
      this.parentB[i] = fp.laneB;
    }
    this.parent = state;
    this.prototype = Object.getPrototypeOf(state) as object;
    combineFields(this.shapeA, this.shapeB, this.parentA, this.parentB, fp);
  }

  /** The field lanes of the last child fingerprinted, to hand back to `setParent` when it is expanded. */
  saveChild(): Int32Array | undefined {
    if (!this.childIsRecord) return undefined;
    const n = this.keys.length;
    const saved = new Int32Array(2 * n);
    saved.set(this.childA);
    saved.set(this.childB, n);
    return saved;
  }

  /** Fingerprints a successor of the current parent into `hi` and `lo`. */
  fingerprintChild(state: unknown): void {
    const fp = this.fingerprinter;
    const parent = this.parent;
    if (parent === undefined || !isRecord(state) || Object.getPrototypeOf(state) !== this.prototype) {
      this.childIsRecord = false;
      fp.fingerprint(state);
      return;
    }
    this.childIsRecord = true;
    const record = state as unknown as { get(k: string): unknown };
    const n = this.keys.length;
    for (let i = 0; i < n; i++) {
      const value = record.get(this.keys[i] as string);
      if (value === this.values[i]) {
        this.childA[i] = this.parentA[i] as number;
        this.childB[i] = this.parentB[i] as number;
      } else {
        this.childA[i] = fp.hash(value);
        this.childB[i] = fp.laneB;
      }
    }
    combineFields(this.shapeA, this.shapeB, this.childA, this.childB, fp);
  }
}
