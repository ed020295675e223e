import { randomInt } from 'node:crypto';

/** A seed as a caller gives it; `42` and `'42'` are the same seed. */
export type Seed = string | number;

/** Four 32-bit words from a string (cyrb128), to seed sfc32 so that similar strings give unrelated streams. */
function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * A small, fast, seeded generator (sfc32, 128 bits of state): the same seed gives the same numbers
 * on every platform. Simulation never uses Math.random.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    [this.a, this.b, this.c, this.d] = hash128(seed);
    // Discard the first outputs, which still resemble the hash.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** The generator for one run of a simulation: a stream of its own, fixed by the seed and the run index. */
  static forRun(seed: string, run: number): Random {
    return new Random(`${seed}#${run}`);
  }

  /** The next number, uniform in [0, 2^32). */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A number uniform in [0, 1). */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /** A whole number uniform in [0, n), for n ≥ 1. */
  below(n: number): number {
    return Math.floor(this.float() * n);
  }
}

/** The seed as a string, the form every report prints. */
export function seedText(seed: Seed): string {
  return String(seed);
}

/** A fresh seed for a run that was given none: printed so that the run can be replayed. */
export function freshSeed(): string {
  return String(randomInt(0, 2 ** 32 - 1));
}
