import type { SpecFailure, State } from './spec/types.js';

/** The spec threw, or returned something that is not a state, while being evaluated. */
export class SpecEvaluationError extends Error {
  constructor(
    readonly kind: SpecFailure<State>['kind'],
    readonly part: string,
    message: string,
    readonly state?: State,
  ) {
    super(message);
    this.name = 'SpecEvaluationError';
  }
}

/**
 * The spec cannot be defined or instantiated with its constants: `defineSpec` refused its
 * definition, its `build` or `validate` threw, or what `build` returned is not a spec body. The
 * spec's fault, not the caller's.
 */
export class SpecBuildError extends Error {
  constructor(
    readonly spec: string,
    message: string,
  ) {
    super(message);
    this.name = 'SpecBuildError';
  }
}

/**
 * The spec ended a worker thread of the run by calling `process.exit(code)`: the spec's fault (its
 * functions must return), and the run has no result to report.
 */
export class SpecExitError extends Error {
  /** `loading`: the thread ended before it had loaded the spec, which a module that never finishes loading does too. */
  constructor(
    readonly code: number,
    loading = false,
  ) {
    super(
      loading && code === 0
        ? "a worker thread ended before it had loaded the spec: the spec's module called process.exit(0), or its loading never finished (a top-level await that never settles)"
        : `the spec ended a worker thread by calling process.exit(${code}) before the run finished: a spec's functions must return, not exit the process`,
    );
    this.name = 'SpecExitError';
  }
}

/** A constant or option given to the checker is not one the spec accepts. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Something inside the checker went wrong (a trace that does not replay while the spec's functions,
 * called again, agree with themselves): never the spec's fault.
 */
export class InternalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InternalError';
  }
}

/**
 * Whether `error` says memory ran out: a worker thread's heap full, or an allocation that failed
 * (a seen set or queue grown past what the process may have, or a spec's own), not a fault of code.
 */
export function isOutOfMemory(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' || (error instanceof RangeError && /allocation failed/i.test(error.message));
}

/** The message of anything thrown. */
export function messageOf(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  return String(cause);
}

/**
 * A file of the checker's own (a spill file, the trace log or a level queue on disk, a checkpoint)
 * could not be written or read while the run went on: the machine's fault (a disk full, a folder
 * removed under the run), neither the spec's nor the caller's.
 */
export class EngineIoError extends Error {
  constructor(
    readonly path: string,
    /** The system's error code (`ENOSPC`). */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'EngineIoError';
  }
}

/**
 * Runs `io` on the checker's own file `path` (`doing` it: read or write); an error of the system
 * (one with a code, as Node's `ENOSPC`) becomes an EngineIoError saying `cannot write <path>: no
 * space left on device (ENOSPC)`. Anything else is thrown as it is.
 */
export function onOwnFile<T>(path: string, doing: 'read' | 'write', io: () => T): T {
  try {
    return io();
  } catch (cause) {
    throw ownFileError(path, doing, cause);
  }
}

/** What to throw for `cause`, met while `doing` the checker's own file `path` (see onOwnFile). */
export function ownFileError(path: string, doing: 'read' | 'write', cause: unknown): unknown {
  if (cause instanceof EngineIoError || !(cause instanceof Error)) return cause;
  const code = (cause as NodeJS.ErrnoException).code;
  if (typeof code !== 'string' || !/^E[A-Z0-9]+$/.test(code)) return cause;
  // Node's message is `ENOSPC: no space left on device, write`: the description is its middle.
  const description = /^E[A-Z0-9]+: ([^,]+)/.exec(cause.message)?.[1] ?? cause.message;
  return new EngineIoError(path, code, `cannot ${doing} ${path}: ${description} (${code})`);
}
