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
