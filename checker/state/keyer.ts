import type { Model } from '../spec/compile.js';
import type { State } from '../spec/types.js';
import { PlainKeyer } from './symmetry.js';
import type { StateKeyer } from './symmetry.js';
import { symmetricKeyer } from './symmetryCanonical.js';
import type { SymmetryMethod } from './symmetryCanonical.js';

/** The keyer that gives states their fingerprints, with or without symmetry (by default by canonical renaming; 'enumerate' is the reference). */
export function keyerFor<S extends State>(model: Model<S>, sets: readonly string[], method: SymmetryMethod = 'canonical'): StateKeyer {
  if (sets.length === 0) return new PlainKeyer();
  return symmetricKeyer(sets.map((name) => model.symmetry[name] as readonly string[]), method);
}
