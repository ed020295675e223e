import type { Model, State, Stats, Trace } from '../../checker/index.js';

/** One row of the report: a case × an invariant. */
export interface CiRow {
  readonly case: string;
  readonly invariant: string;
  readonly expected: string;
  readonly actual: string;
  readonly traceLength?: number;
  /** The distinct states its case's run found; absent when the case's model could not be built. */
  readonly distinct?: number;
  /** The distinct count the case pins, when it pins one. */
  readonly expectedDistinct?: number;
  readonly seconds: number;
  /** The figures of the case's run; absent when its model could not be built, so nothing ran. */
  readonly stats?: Stats;
  readonly passed: boolean;
  /** Why the row failed. */
  readonly reason?: string;
  /** The expectation `ci --update` wrote anew for the row, and the one it replaced ('none' in a new file). */
  readonly updated?: { readonly from: string; readonly to: string };
  readonly trace?: Trace<State>;
  /** The case's model; absent when it could not be built. */
  readonly model?: Model<State>;
}
