import { InvalidArgumentError } from 'commander';

/** Parses a whole number of at least `min`, with a message naming what is allowed. */
export function integer(min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  const allowed = max === Number.MAX_SAFE_INTEGER ? `must be a whole number, at least ${min}.` : `must be a whole number from ${min} to ${max}.`;
  return (value: string) => {
    const text = value.trim();
    if (!/^[+-]?\d+$/.test(text)) throw new InvalidArgumentError(allowed);
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n > max) throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}.`);
    if (n < min) throw new InvalidArgumentError(allowed);
    return n;
  };
}

/** Parses a positive number (seconds, megabytes). */
export function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number.');
  return n;
}

/** Collects a repeatable option's values in order. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A word as a POSIX shell reads it back: bare when plain, else single-quoted. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=,+-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
