import type { FieldDelta } from '../state/stateHasher.js';

/** One successor an action instance gave: the fields it changed, their new values and lanes, the choices made. */
export interface Effect extends FieldDelta {
  readonly choices: readonly unknown[];
  readonly terms: { readonly a: number; readonly b: number; readonly blind: Int32Array };
}

const NO_CHOICES: readonly unknown[] = [];
/** Words before an effect's changed fields. */
const HEADER = 6;

/**
 * The effects the TransitionMemo remembers, kept as words in one array: per leaf of its trees, the
 * number of effects, then per effect where its values begin in `values` (one array for all), the
 * number of fields it changed (n) and of blind ones, its two term sums, the number of its choices
 * in `choices` (-1: none made), and n changed fields, n lanes A, n lanes B and the blind indices.
 * A PikaReplication run remembers about a hundred thousand effects and reads one at nearly every
 * successor: as objects (an effect, its typed arrays, its terms, its values) they take some 40 MB
 * spread over the heap, and most reads miss the cache; as words they take a few MB, and an effect
 * is one or two cache lines (and its values one more, read only for a new state).
 */
export class EffectStore {
  private words = new Int32Array(1 << 12);
  private used = 0;
  private values: unknown[] = [];
  private choices: (readonly unknown[])[] = [];
  /** Values and choices kept before the last leaf was added (see dropLast). */
  private valuesBefore = 0;
  private choicesBefore = 0;

  /** Words kept since the last `clear`. */
  get size(): number {
    return this.used;
  }

  /** Keeps the effects of one leaf; returns where they begin (for `count` and `first`). */
  add(effects: readonly Effect[]): number {
    let need = 1;
    for (const effect of effects) need += HEADER + 3 * effect.changed.length + effect.terms.blind.length;
    if (this.used + need > this.words.length) {
      let length = this.words.length * 2;
      while (length < this.used + need) length *= 2;
      const words = new Int32Array(length);
      words.set(this.words.subarray(0, this.used));
      this.words = words;
    }
    const words = this.words;
    const leaf = this.used;
    this.valuesBefore = this.values.length;
    this.choicesBefore = this.choices.length;
    let at = leaf;
    words[at++] = effects.length;
    for (const effect of effects) {
      const { changed, a, b, terms } = effect;
      const n = changed.length;
      words[at++] = this.values.length;
      words[at++] = n;
      words[at++] = terms.blind.length;
      words[at++] = terms.a;
      words[at++] = terms.b;
      words[at++] = effect.choices.length === 0 ? -1 : this.choices.length;
      words.set(changed, at);
      words.set(a, at + n);
      words.set(b, at + 2 * n);
      words.set(terms.blind, at + 3 * n);
      at += 3 * n + terms.blind.length;
      for (let j = 0; j < n; j++) this.values.push(effect.values[j]);
      if (effect.choices.length > 0) this.choices.push(effect.choices);
    }
    this.used = at;
    return leaf;
  }

  /** The number of effects of the leaf at `leaf`. */
  count(leaf: number): number {
    return this.words[leaf] as number;
  }

  /** Where the first effect of the leaf at `leaf` begins. */
  first(leaf: number): number {
    return leaf + 1;
  }

  /** Reads the effect at `at` into `cursor`; returns where the next one begins. */
  read(at: number, cursor: EffectCursor): number {
    const words = this.words;
    const n = words[at + 1] as number;
    const blind = words[at + 2] as number;
    const choices = words[at + 5] as number;
    cursor.load(words, at + HEADER, n, blind, words[at + 3] as number, words[at + 4] as number);
    cursor.valuesFrom(this.values, words[at] as number);
    cursor.choices = choices < 0 ? NO_CHOICES : (this.choices[choices] as readonly unknown[]);
    return at + HEADER + 3 * n + blind;
  }

  /** Drops the leaf that `add` kept last (it began at `leaf`), when no tree came to point to it. */
  dropLast(leaf: number): void {
    this.used = leaf;
    this.values.length = this.valuesBefore;
    this.choices.length = this.choicesBefore;
  }

  /** Drops every effect; the words grown so far are reused. */
  clear(): void {
    this.used = 0;
    this.values.length = 0;
    this.choices.length = 0;
  }
}

/**
 * The effect last read from an EffectStore, as a FieldDelta: its arrays are views of its own
 * buffers, one view per length, so that reading an effect allocates nothing. Valid until the next read.
 */
export class EffectCursor implements Effect {
  changed: Int32Array = new Int32Array(0);
  a: Int32Array = new Int32Array(0);
  b: Int32Array = new Int32Array(0);
  choices: readonly unknown[] = NO_CHOICES;
  /** Where the values are: copied out on first use (only a new state needs them). */
  private pool: readonly unknown[] = [];
  private valueAt = 0;
  private valuesTaken = true;
  private valueViews: unknown[][] = [];
  readonly terms: { a: number; b: number; blind: Int32Array } = { a: 0, b: 0, blind: new Int32Array(0) };
  private changedViews: Int32Array[] = [];
  private aViews: Int32Array[] = [];
  private bViews: Int32Array[] = [];
  private blindViews: Int32Array[] = [];

  /** The values of the changed fields. */
  get values(): readonly unknown[] {
    const n = this.changed.length;
    const values = this.valueViews[n] as unknown[];
    if (!this.valuesTaken) {
      const pool = this.pool;
      const at = this.valueAt;
      for (let j = 0; j < n; j++) values[j] = pool[at + j];
      this.valuesTaken = true;
    }
    return values;
  }

  /** Takes the values of the effect loaded, which begin at `at` in `pool`. */
  valuesFrom(pool: readonly unknown[], at: number): void {
    this.pool = pool;
    this.valueAt = at;
    this.valuesTaken = false;
  }

  /** Takes the effect whose n changed fields, lanes and `blind` blind indices begin at `at` in `words`. */
  load(words: Int32Array, at: number, n: number, blind: number, termsA: number, termsB: number): void {
    if (n >= this.changedViews.length || blind >= this.changedViews.length) this.widen(Math.max(n, blind) + 1);
    const changed = this.changedViews[n] as Int32Array;
    const a = this.aViews[n] as Int32Array;
    const b = this.bViews[n] as Int32Array;
    for (let j = 0; j < n; j++) {
      changed[j] = words[at + j] as number;
      a[j] = words[at + n + j] as number;
      b[j] = words[at + 2 * n + j] as number;
    }
    const blindView = this.blindViews[blind] as Int32Array;
    for (let k = 0; k < blind; k++) blindView[k] = words[at + 3 * n + k] as number;
    this.changed = changed;
    this.a = a;
    this.b = b;
    this.terms.a = termsA;
    this.terms.b = termsB;
    this.terms.blind = blindView;
  }

  /** Views of every length below `length` (at least), over buffers of that length. */
  private widen(length: number): void {
    const size = Math.max(length, 2 * this.changedViews.length, 8);
    const views = (): Int32Array[] => {
      const buffer = new Int32Array(size);
      return Array.from({ length: size + 1 }, (_, k) => buffer.subarray(0, k));
    };
    this.changedViews = views();
    this.aViews = views();
    this.bViews = views();
    this.blindViews = views();
    this.valueViews = Array.from({ length: size + 1 }, (_, k) => new Array<unknown>(k).fill(undefined));
  }
}
