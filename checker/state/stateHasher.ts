import { isRecord } from 'immutable';
import { fieldTermA, fieldTermB, Fingerprinter, recordLaneA, recordLaneB, sumFieldTerms } from './fingerprint.js';

/**
 * A record state's field values, in its shape's order, with the two hash lanes of each, and when
 * known the sums of their field terms ([lane A's, lane B's], see `fieldTermA`), of which the state's
 * fingerprint is made.
 */
export interface FieldHashes {
  readonly values: readonly unknown[];
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly sums?: Int32Array;
}

/** A successor's difference from its parent: the fields it changed (by number), their values and lanes. */
export interface FieldDelta {
  readonly changed: Int32Array;
  readonly values: readonly unknown[];
  readonly a: Int32Array;
  readonly b: Int32Array;
  /**
   * When known: how the sums of the field terms change (lane A's, lane B's), over the changed fields
   * but those in `blind` (indices into `changed`), whose old values may vary.
   */
  readonly terms?: { readonly a: number; readonly b: number; readonly blind: Int32Array };
}

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
  private childValues: unknown[] = [];
  /** Sums of the field terms of the parent, and of the last child. */
  private parentSums = new Int32Array(2);
  private childSums = new Int32Array(2);
  private parentHashes: FieldHashes = { values: this.values, a: this.parentA, b: this.parentB, sums: this.parentSums };
  private child: FieldHashes = { values: this.childValues, a: this.childA, b: this.childB, sums: this.childSums };
  /** Lanes of collection values met, by identity. */
  private readonly lanes = new WeakMap<object, readonly [number, number]>();
  private laneB = 0;
  private scratchA = new Int32Array(0);
  private scratchB = new Int32Array(0);
  /** The delta of the last child, when its fields are not put together yet. */
  private pending: FieldDelta | undefined = undefined;

  constructor(readonly fingerprinter: Fingerprinter) {}

  get hi(): number {
    return this.fingerprinter.hi;
  }

  get lo(): number {
    return this.fingerprinter.lo;
  }

  /**
   * Fingerprints `state` and remembers its fields, so that its successors hash faster. `fields` are
   * its field values and lanes when the caller has them (a queued state: what `childFields` gave when
   * it was found), which are then not computed again; `state` is then only a state of its type (it
   * need not be built).
   */
  setParent(state: unknown, fields?: FieldHashes): void {
    if (!this.adoptParent(state)) return;
    const n = this.keys.length;
    if (fields !== undefined && fields.a.length === n) {
      for (let i = 0; i < n; i++) {
        this.values[i] = fields.values[i];
        this.parentA[i] = fields.a[i] as number;
        this.parentB[i] = fields.b[i] as number;
      }
      if (fields.sums !== undefined) {
        this.parentSums[0] = fields.sums[0] as number;
        this.parentSums[1] = fields.sums[1] as number;
        this.finishParent();
        return;
      }
    } else {
      const record = state as unknown as { get(k: string): unknown };
      for (let i = 0; i < n; i++) this.takeParentValue(i, record.get(this.keys[i] as string));
    }
    sumFieldTerms(this.parentA, this.parentB, this.parentSums);
    this.finishParent();
  }

  private finishParent(): void {
    this.fingerprinter.finish(recordLaneA(this.shapeA, this.parentSums[0] as number), recordLaneB(this.shapeB, this.parentSums[1] as number));
  }

  /** As `setParent`, for a record state of `like`'s type whose field values are `values` (hashed here). */
  setParentValues(like: unknown, values: readonly unknown[]): void {
    if (!this.adoptParent(like)) return;
    if (values.length !== this.keys.length) throw new Error('internal: field values of another record type');
    for (let i = 0; i < values.length; i++) this.takeParentValue(i, values[i]);
    sumFieldTerms(this.parentA, this.parentB, this.parentSums);
    this.finishParent();
  }

  private takeParentValue(i: number, value: unknown): void {
    this.values[i] = value;
    this.parentA[i] = this.laneOf(value);
    this.parentB[i] = this.laneB;
  }

  /** Makes `state`'s type the parent's: false when it is not a record (then fingerprinted whole). */
  private adoptParent(state: unknown): boolean {
    this.pending = undefined;
    if (!isRecord(state)) {
      this.parent = undefined;
      this.prototype = undefined;
      this.fingerprinter.fingerprint(state);
      return false;
    }
    this.parent = state;
    const proto = Object.getPrototypeOf(state) as object;
    if (proto === this.prototype) return true;
    const shape = this.fingerprinter.shapeOf(state);
    const n = shape.keys.length;
    if (this.values.length !== n) {
      this.values = new Array<unknown>(n);
      this.parentA = new Int32Array(n);
      this.parentB = new Int32Array(n);
      this.childA = new Int32Array(n);
      this.childB = new Int32Array(n);
      this.childValues = new Array<unknown>(n);
      this.parentHashes = { values: this.values, a: this.parentA, b: this.parentB, sums: this.parentSums };
      this.child = { values: this.childValues, a: this.childA, b: this.childB, sums: this.childSums };
    }
    this.keys = shape.keys;
    this.shapeA = shape.hashA;
    this.shapeB = shape.hashB;
    this.prototype = proto;
    return true;
  }

  /**
   * Lane A of a field value (lane B in `laneB`). Field values are shared between states (a successor
   * keeps its parent's, the frontier and the transition memo hand out the same objects), so the
   * lanes of a collection are remembered by its identity, which matters most under symmetry, where
   * every value is hashed again under each renaming.
   */
  laneOf(value: unknown): number {
    if (typeof value !== 'object' || value === null) {
      const a = this.fingerprinter.hash(value);
      this.laneB = this.fingerprinter.laneB;
      return a;
    }
    const known = this.lanes.get(value);
    if (known !== undefined) {
      this.laneB = known[1] as number;
      return known[0] as number;
    }
    const a = this.fingerprinter.hash(value);
    this.laneB = this.fingerprinter.laneB;
    this.lanes.set(value, [a, this.laneB]);
    return a;
  }

  /** Fingerprints a successor that differs from the parent in the `changed` fields, which take `values` (hashed here). */
  fingerprintValues(changed: Int32Array, values: readonly unknown[]): void {
    if (this.scratchA.length < changed.length) {
      this.scratchA = new Int32Array(changed.length);
      this.scratchB = new Int32Array(changed.length);
    }
    for (let j = 0; j < changed.length; j++) {
      this.scratchA[j] = this.laneOf(values[j]);
      this.scratchB[j] = this.laneB;
    }
    this.fingerprintDelta({ changed, values, a: this.scratchA, b: this.scratchB });
    this.pending = undefined;
    this.childIsRecord = false;
  }

  /** The parent's field values and lanes, when it is a record; valid until the next `setParent`. */
  parentFields(): FieldHashes | undefined {
    if (this.prototype === undefined) return undefined;
    return this.parentHashes;
  }

  /**
   * Fingerprints a successor of the current parent that differs from it as `delta` says (the fields
   * it changed, in order, with their lanes): nothing is read from the state nor hashed again, and its
   * fields are put together only if `childFields` asks for them.
   */
  fingerprintDelta(delta: FieldDelta): void {
    if (this.prototype === undefined) throw new Error('internal: a delta for a parent that is not a record');
    this.childIsRecord = true;
    this.pending = delta;
    const { changed, a: deltaA, b: deltaB, terms } = delta;
    const parentA = this.parentA;
    const parentB = this.parentB;
    let a = this.parentSums[0] as number;
    let b = this.parentSums[1] as number;
    if (terms !== undefined) {
      a = (a + terms.a) | 0;
      b = (b + terms.b) | 0;
      const blind = terms.blind;
      for (let k = 0; k < blind.length; k++) {
        const j = blind[k] as number;
        const f = changed[j] as number;
        a = (a - fieldTermA(f, parentA[f] as number) + fieldTermA(f, deltaA[j] as number)) | 0;
        b = (b - fieldTermB(f, parentB[f] as number) + fieldTermB(f, deltaB[j] as number)) | 0;
      }
    } else {
      for (let j = 0; j < changed.length; j++) {
        const f = changed[j] as number;
        a = (a - fieldTermA(f, parentA[f] as number) + fieldTermA(f, deltaA[j] as number)) | 0;
        b = (b - fieldTermB(f, parentB[f] as number) + fieldTermB(f, deltaB[j] as number)) | 0;
      }
    }
    this.childSums[0] = a;
    this.childSums[1] = b;
    this.fingerprinter.finish(recordLaneA(this.shapeA, a), recordLaneB(this.shapeB, b));
  }

  /** The fields of the last child fingerprinted, when it is a record like its parent; valid until the next child. */
  childFields(): FieldHashes | undefined {
    if (!this.childIsRecord) return undefined;
    const delta = this.pending;
    if (delta !== undefined) {
      this.pending = undefined;
      const n = this.keys.length;
      for (let i = 0; i < n; i++) {
        this.childValues[i] = this.values[i];
        this.childA[i] = this.parentA[i] as number;
        this.childB[i] = this.parentB[i] as number;
      }
      for (let j = 0; j < delta.changed.length; j++) {
        const f = delta.changed[j] as number;
        this.childValues[f] = delta.values[j];
        this.childA[f] = delta.a[j] as number;
        this.childB[f] = delta.b[j] as number;
      }
    }
    return this.child;
  }

  /** Fingerprints a successor of the current parent into `hi` and `lo`. */
  fingerprintChild(state: unknown): void {
    this.pending = undefined;
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
    const values = this.childValues;
    let a = this.parentSums[0] as number;
    let b = this.parentSums[1] as number;
    for (let i = 0; i < n; i++) {
      const value = record.get(this.keys[i] as string);
      values[i] = value;
      if (value === this.values[i]) {
        this.childA[i] = this.parentA[i] as number;
        this.childB[i] = this.parentB[i] as number;
      } else {
        const laneA = this.laneOf(value);
        this.childA[i] = laneA;
        this.childB[i] = this.laneB;
        a = (a - fieldTermA(i, this.parentA[i] as number) + fieldTermA(i, laneA)) | 0;
        b = (b - fieldTermB(i, this.parentB[i] as number) + fieldTermB(i, this.laneB)) | 0;
      }
    }
    this.childSums[0] = a;
    this.childSums[1] = b;
    fp.finish(recordLaneA(this.shapeA, a), recordLaneB(this.shapeB, b));
  }
}
