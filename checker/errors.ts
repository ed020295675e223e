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
 * The spec cannot be instantiated with its constants: its `build` or `validate` threw, or what
 * `build` returned is not a spec body. The spec's fault, not the caller's.
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
  constructor(readonly code: number) {
    super(`the spec ended a worker thread by calling process.exit(${code}) before the run finished: a spec's functions must return, not exit the process`);
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

/** The message of anything thrown. */
export function messageOf(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  return String(cause);
}
