import type { Writable } from 'node:stream';

/** The standard streams the CLI writes. */
export type StdStream = 'stdout' | 'stderr';

/** Why a standard stream can no longer be written, by error code. */
const FAILURES: { readonly [code: string]: string } = {
  EPIPE: 'the reader has closed it (EPIPE)',
  ECONNRESET: 'the reader has closed it (ECONNRESET)',
  ENOSPC: 'no space left on device (ENOSPC)',
  EDQUOT: 'disk quota exceeded (EDQUOT)',
  EFBIG: 'file too large (EFBIG)',
  EIO: 'input/output error (EIO)',
  EBADF: 'it is closed (EBADF)',
  EAGAIN: 'it would block (EAGAIN)',
  ERR_STREAM_DESTROYED: 'it is closed (ERR_STREAM_DESTROYED)',
  ERR_STREAM_WRITE_AFTER_END: 'it is closed (ERR_STREAM_WRITE_AFTER_END)',
};

/**
 * The one line pika-mc prints on stderr when `stream` cannot be written (`pika-mc: cannot write to
 * stdout: no space left on device (ENOSPC)`), or undefined when `error` is not such a failure
 * (then it is a bug, reported as one). The run then exits with `ExitCode.IoError` (74).
 */
export function stdioFailureLine(stream: StdStream, error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code !== 'string') return undefined;
  const why = FAILURES[code];
  return why === undefined ? undefined : `pika-mc: cannot write to ${stream}: ${why}\n`;
}

/**
 * Writes `text` to `stream` and resolves once the stream has taken it, or rejects with the stream's
 * error (classify it with `stdioFailureLine`). A failed write on a standard stream is also emitted as
 * an 'error' event on a later tick, which would end the process uncaught: a listener is held until
 * that tick has passed.
 */
export function writeAll(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (stream.destroyed || stream.writableEnded) {
      reject(Object.assign(new Error('the stream is closed'), { code: 'ERR_STREAM_DESTROYED' }));
      return;
    }
    let settled = false;
    const settle = (error: unknown): void => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve();
    };
    const onError = (error: Error): void => settle(error);
    stream.on('error', onError);
    const release = (): void => {
      setImmediate(() => stream.off('error', onError));
    };
    try {
      stream.write(text, (error) => {
        settle(error ?? undefined);
        release();
      });
    } catch (error) {
      settle(error);
      release();
    }
  });
}
