/** The longest a Node timer can wait: a longer delay is taken as 1 ms. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Calls `then` after `ms` milliseconds, as setTimeout does; a delay past what a timer can wait
 * (about 24 days) is never reached, so no timer is set and undefined is returned.
 */
export function timeoutAfter(ms: number, then: () => void): NodeJS.Timeout | undefined {
  return ms <= MAX_TIMEOUT_MS ? setTimeout(then, Math.max(0, ms)) : undefined;
}
