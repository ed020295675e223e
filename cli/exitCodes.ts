/** The CLI's exit codes, TLC's where TLC has one; the same for every command. */
export const ExitCode = {
  /** Everything checked holds. */
  Ok: 0,
  /** A policy check failed: a `ci` expectation, an uncovered action. */
  Policy: 1,
  /** Bad command line: unknown option, bad value. */
  Usage: 2,
  /** A deadlock was found. */
  Deadlock: 11,
  /** An invariant is violated. */
  Violation: 12,
  /** A temporal property is violated. */
  Temporal: 13,
  /** Output or a file could not be written or read: stdout closed or full, a disk full, a permission refused (sysexits' EX_IOERR). */
  IoError: 74,
  /** The spec is at fault: it threw or returned what it must not, has no initial state, or is not pure. */
  SpecError: 75,
  /** Stopped by SIGINT. */
  Interrupted: 130,
  /** Stopped by SIGTERM. */
  Terminated: 143,
  /** Stopped at a bound with nothing found. */
  Bound: 152,
  /** Something went wrong inside pika-mc. */
  Internal: 153,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * When one run finds several things, the code reported is the first of these. An I/O error comes
 * before every verdict: a verdict's code would say that its report was delivered, and it was not.
 */
const PRECEDENCE: readonly ExitCode[] = [
  ExitCode.Internal,
  ExitCode.IoError,
  ExitCode.SpecError,
  ExitCode.Violation,
  ExitCode.Temporal,
  ExitCode.Deadlock,
  ExitCode.Bound,
  ExitCode.Interrupted,
  ExitCode.Terminated,
  ExitCode.Policy,
  ExitCode.Ok,
];

/** The code that wins among several findings of one run. */
export function firstOf(codes: readonly ExitCode[]): ExitCode {
  for (const code of PRECEDENCE) if (codes.includes(code)) return code;
  return codes[0] ?? ExitCode.Ok;
}

/** The line that reports a run out of memory; `check` can stop in time with --max-memory, so it says so. */
export function outOfMemoryLine(command: string | undefined): string {
  const hint = command === 'check' ? ': --max-memory stops a run in time and reports it' : '';
  return `error: the run ran out of memory (the JavaScript heap is full, or an allocation failed)${hint}\n`;
}
