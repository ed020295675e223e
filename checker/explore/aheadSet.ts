import { FingerprintSet } from './fingerprintSet.js';
import { Insert } from './types.js';
import type { StateSet } from './types.js';
import type { State } from '../spec/types.js';

/**
 * The seen set as a thread sees it while it runs ahead into the next level (see
 * LevelStep.beginAhead): it adds nothing, since another thread may still reach one of the states
 * it finds a level earlier. A fingerprint the set holds is seen (a state of this level or an
 * earlier one), and so is one deferred before; any other is deferred, to be settled against the
 * set when the level begins.
 */
export class AheadSet implements StateSet {
  /** Every successor is kept until the level begins. */
  readonly deferLimit = Infinity;

  /** The fingerprints deferred. */
  private readonly deferred = new FingerprintSet(1 << 12);

  constructor(private readonly seen: StateSet) {}

  insert(hi: number, lo: number, state: State | undefined): Insert {
    if (this.seen.has(hi, lo, state)) return Insert.Present;
    return this.deferred.add(hi, lo) ? Insert.Deferred : Insert.Present;
  }

  has(hi: number, lo: number, state: State | undefined): boolean {
    return this.seen.has(hi, lo, state) || this.deferred.has(hi, lo);
  }

  atLimit(): boolean {
    return false;
  }
}
