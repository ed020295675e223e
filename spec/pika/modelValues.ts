/** The NoKey model value: no key in flight, no lock owner, no exclusive writer. */
export const NoKey = 'none';

/** The FlushKey model value: the record-lock key FLUSHDB takes (its current_key() is empty); no data key. */
export const FlushKey = 'flushKey';

/** Model values named `prefix1`..`prefixN`, as a TLC model would declare them. */
export function modelValues(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);
}
