/** The signals a run is stopped by, by their number in a stop flag (0: none). */
export const STOP_CODES = { SIGINT: 1, SIGTERM: 2 } as const;

/** A word of shared memory that the supervisor sets to stop the run's thread (see heedStopFlag). */
export function newStopFlag(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** Sets `flag` to stop the run for `signal`. */
export function raiseStopFlag(flag: Int32Array, signal: keyof typeof STOP_CODES): void {
  Atomics.store(flag, 0, STOP_CODES[signal]);
}

/**
 * Makes `stop.signal` aborted as soon as it is read after the supervisor sets `flag`. The message
 * that stops a run is heard only when its event loop runs; a synchronous search (the temporal
 * properties' search) reads `signal.aborted` every few thousand states instead, and so stops too.
 * Only a read of `aborted` looks at the flag: `abort` listeners and `throwIfAborted` hear of it
 * from the supervisor's message, or once some code has read `aborted`.
 */
export function heedStopFlag(stop: AbortController, flag: Int32Array): void {
  const signal = stop.signal;
  const aborted = Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'aborted')?.get as (this: AbortSignal) => boolean;
  Object.defineProperty(signal, 'aborted', {
    get(): boolean {
      if (!aborted.call(signal)) {
        const code = Atomics.load(flag, 0);
        if (code === STOP_CODES.SIGINT) stop.abort('SIGINT');
        else if (code === STOP_CODES.SIGTERM) stop.abort('SIGTERM');
      }
      return aborted.call(signal);
    },
  });
}
