import { SpecExitError } from '../errors.js';

/**
 * Runs `work` with the spec's `process.exit` made a throw of SpecExitError, so that a call of it
 * ends `work` (the level step reports it as the spec's failure) and not the thread; `exited` hears
 * its code. For what a thread explores before the run reaches it: a warm-up, or a level run ahead.
 */
export function trappingExit<T>(work: () => T, exited?: (code: number) => void): T {
  const exit = process.exit;
  process.exit = (code?: number | string | null): never => {
    const number = Number(code ?? 0) || 0;
    exited?.(number);
    throw new SpecExitError(number);
  };
  try {
    return work();
  } finally {
    process.exit = exit;
  }
}
