import { UsageError } from '../checker/index.js';
import type { CheckpointHeader, CheckpointNote, Model, State } from '../checker/index.js';

/** The options of a run that `--resume` takes from its checkpoint, unless given again (and then the same). */
export interface SavedOptions {
  readonly invariant?: readonly string[];
  readonly reachable?: readonly string[];
  readonly symmetry?: boolean | string;
  /** --deadlock or --no-deadlock; undefined when neither is given. */
  readonly deadlock?: boolean;
  readonly maxDepth?: number;
  readonly checkpointEvery?: number;
}

/**
 * The options of a resumed run: those of the run saved in `dir` (invariants, symmetry, deadlock,
 * depth limit, checkpoint interval), so that `--resume DIR` alone resumes it as it was. A flag
 * given again must say the same, or the run is refused naming the flag (the checkpoint could not
 * be resumed with it: it changes the state space or the verdicts).
 */
export function resumedOptions<O extends SavedOptions>(options: O, saved: CheckpointHeader, dir: string, model: Model<State>): O {
  const { identity } = saved;
  const refuse = (flag: string, given: string, theirs: string): never => {
    throw new UsageError(
      `option '${flag}' (${given}) differs from the run saved in ${dir} (${theirs}): give the same, or leave the flag out to resume it as saved`,
    );
  };
  const list = (names: readonly string[]): string => (names.length > 0 ? names.join(', ') : 'none');
  const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));
  if (options.invariant !== undefined && !sameSet(options.invariant, identity.invariants)) {
    refuse('--invariant', list(options.invariant), list(identity.invariants));
  }
  if (options.reachable !== undefined && !sameSet(options.reachable, identity.reachable ?? [])) {
    refuse('--reachable', list(options.reachable), list(identity.reachable ?? []));
  }
  if (options.symmetry !== undefined && options.symmetry !== false) {
    const sets = options.symmetry === true ? Object.keys(model.symmetry) : options.symmetry.split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (!sameSet(sets, identity.symmetry)) refuse('--symmetry', list(sets), identity.symmetry.length > 0 ? list(identity.symmetry) : 'no --symmetry');
  }
  // Neither --deadlock nor --no-deadlock: the saved run's choice.
  if (options.deadlock !== undefined && options.deadlock !== identity.deadlock) {
    refuse(options.deadlock ? '--deadlock' : '--no-deadlock', options.deadlock ? 'deadlock checked' : 'deadlock not checked', identity.deadlock ? 'deadlock checked' : 'deadlock not checked');
  }
  if (options.maxDepth !== undefined && options.maxDepth !== identity.maxDepth) {
    refuse('--max-depth', String(options.maxDepth), identity.maxDepth === null ? 'no --max-depth' : String(identity.maxDepth));
  }
  const merged: SavedOptions = {
    invariant: identity.invariants,
    reachable: identity.reachable ?? [],
    ...(identity.symmetry.length > 0 ? { symmetry: identity.symmetry.join(',') } : {}),
    deadlock: identity.deadlock,
    ...(identity.maxDepth !== null ? { maxDepth: identity.maxDepth } : {}),
    checkpointEvery: options.checkpointEvery ?? saved.everySeconds,
  };
  const { symmetry: _symmetry, maxDepth: _maxDepth, ...rest } = options;
  // The command's other options pass through as they are given.
  return { ...rest, ...merged } as O;
}

/** One line on stderr for what a run's checkpoints want said. */
export function checkpointNoteLine(note: CheckpointNote, dir: string): string {
  if (note.kind === 'stretched') {
    return (
      `note: a checkpoint takes ${note.writeSeconds.toFixed(1)} s to write; the next is written ${note.intervalSeconds.toFixed(note.intervalSeconds < 10 ? 1 : 0)} s after it ` +
      `rather than ${note.everySeconds} s (--checkpoint-every), so that writing takes at most a tenth of the run\n`
    );
  }
  if (note.reason === 'timeLimit') {
    return `note: the time limit came before the last checkpoint was written; ${dir} keeps the one written before it, if any\n`;
  }
  return `note: no checkpoint written: --max-states left initial states unstored, and no state of such a run can be resumed from\n`;
}
