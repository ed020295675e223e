import { SpecExitError } from '../errors.js';

/**
 * Runs `work` with the spec's `process.exit` made a throw of SpecExitError, so that a call of it
 * ends `work` as a failure of the spec would, and not the thread: for what a thread explores before
 * the run reaches it, a warm-up or a level run ahead.
 */
export function trappingExit<T>(work: () => T): T {
  const exit = process.exit;
  process.exit = (code?: number | string | null): never => {
    throw new SpecExitError(Number(code ?? 0) || 0);
  };
  try {
    return work();
  } finally {
    process.exit = exit;
  }
}
