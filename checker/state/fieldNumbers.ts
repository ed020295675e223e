/**
 * Numbers the values each field of a Record state takes, by their two hash lanes: field f's values
 * are numbered 0, 1, 2, ... in the order they are first met. A model's fields take few values each
 * (PikaReplication 3/2/2: 28 values of `done`, 27 of `step`, about ten thousand of `binlog`), so the
 * numbers are small, and a read tree can index its children by them (see NumberTree). As for
 * fingerprints, values with equal lanes are taken to be equal.
 */
export class FieldNumbers {
  // Open addressing, four words a slot: field + 1 (0: empty), lane A, lane B, number.
  private slots = new Int32Array(4 << 10);
  private mask = (1 << 10) - 1;
  private count = 0;
  private next: number[] = [];

  /** Values numbered since the last `clear`, over all fields. */
  get size(): number {
    return this.count;
  }

  /** The number of field `field`'s value whose lanes are (a, b), or -1 when it has none. */
  find(field: number, a: number, b: number): number {
    const slots = this.slots;
    const mask = this.mask;
    for (let i = (Math.imul(field + 1, 0x9e3779b1) ^ a ^ Math.imul(b, 0x85ebca6b)) & mask; ; i = (i + 1) & mask) {
      const f = slots[4 * i] as number;
      if (f === 0) return -1;
      if (f === field + 1 && slots[4 * i + 1] === a && slots[4 * i + 2] === b) return slots[4 * i + 3] as number;
    }
  }

  /** The number of field `field`'s value whose lanes are (a, b), numbering it when it is new. */
  number(field: number, a: number, b: number): number {
    const found = this.find(field, a, b);
    if (found >= 0) return found;
    while (this.next.length <= field) this.next.push(0);
    const number = this.next[field] as number;
    this.next[field] = number + 1;
    this.insert(field, a, b, number);
    return number;
  }

  /** Forgets every number. */
  clear(): void {
    this.slots = new Int32Array(4 << 10);
    this.mask = (1 << 10) - 1;
    this.count = 0;
    this.next = [];
  }

  private insert(field: number, a: number, b: number, number: number): void {
    if (2 * (this.count + 1) > this.mask + 1) this.grow();
    const slots = this.slots;
    const mask = this.mask;
    let i = (Math.imul(field + 1, 0x9e3779b1) ^ a ^ Math.imul(b, 0x85ebca6b)) & mask;
    while (slots[4 * i] !== 0) i = (i + 1) & mask;
    slots[4 * i] = field + 1;
    slots[4 * i + 1] = a;
    slots[4 * i + 2] = b;
    slots[4 * i + 3] = number;
    this.count++;
  }

  private grow(): void {
    const old = this.slots;
    this.mask = this.mask * 2 + 1;
    this.slots = new Int32Array(4 * (this.mask + 1));
    this.count = 0;
    for (let i = 0; i < old.length; i += 4) {
      if (old[i] !== 0) this.insert((old[i] as number) - 1, old[i + 1] as number, old[i + 2] as number, old[i + 3] as number);
    }
  }
}
