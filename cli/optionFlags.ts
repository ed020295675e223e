import { UsageError } from '../checker/index.js';
import { OptionsRefusal } from '../checker/explore/plan.js';
import type { CombinedOption, Combination } from '../checker/explore/plan.js';
import type { SimulateOption } from '../checker/simulate/plan.js';

/** The flag that sets each option of `check` a combination can name. */
export const CHECK_FLAGS: { readonly [O in CombinedOption]: string } = {
  symmetry: '--symmetry',
  properties: '--property',
  exact: '--exact',
  reference: '--reference',
  coverage: '--coverage',
  checkpoint: '--checkpoint',
  checkpointEvery: '--checkpoint-every',
  resume: '--resume',
  workers: '--workers',
  source: '--spec',
  continue: '--continue',
  stopAtFirst: '--stop-at-first',
  spill: '--spill',
  maxStates: '--max-states',
};

/** The flag that sets each option of `simulate` a combination can name. */
export const SIMULATE_FLAGS: { readonly [O in SimulateOption]: string } = {
  workers: '--workers',
  source: '--spec',
};

/** Throws the UsageError of `refused`, a row of a combination table, naming the options by their flags. */
export function refuseCombination<O extends string>(refused: Combination<O> | undefined, flagOf: (option: O) => string): void {
  if (refused !== undefined) throw new UsageError(refused.message(flagOf));
}

/**
 * What `run` (a call of `check`) gives; a refusal that names options of check the API's way
 * (OptionsRefusal) is thrown again as a UsageError naming them by their flags, through `flagOf`.
 */
export async function withFlags<T>(run: Promise<T>, flagOf: (option: CombinedOption) => string): Promise<T> {
  try {
    return await run;
  } catch (cause) {
    if (cause instanceof OptionsRefusal) throw new UsageError(cause.wording(flagOf));
    throw cause;
  }
}
