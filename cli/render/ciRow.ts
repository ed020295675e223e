import type { Model, State, Stats, Trace } from '../../checker/index.js';

/** One row of the report: a case × an invariant. */
export interface CiRow {
  readonly case: string;
  readonly invariant: string;
  readonly expected: string;
  readonly actual: string;
  readonly traceLength?: number;
  readonly distinct: number;
  readonly seconds: number;
  readonly stats: Stats;
  readonly passed: boolean;
  /** Why the row failed. */
  readonly reason?: string;
  readonly trace?: Trace<State>;
  readonly model: Model<State>;
}
