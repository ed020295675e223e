import { Map as IMap, Record } from 'immutable';
import { defineSpec, either } from '../../checker/index.js';

/** The state of one resource manager. */
type RMState = 'working' | 'prepared' | 'committed' | 'aborted';

/** TCommit's one variable: the state of each resource manager. */
const TC = Record({ rmState: IMap<string, RMState>() }, 'TCommit');
type TC = ReturnType<typeof TC>;

const RM_STATES: readonly RMState[] = ['working', 'prepared', 'committed', 'aborted'];

/** TCommit (Gray & Lamport): the abstract transaction commit, where all RMs commit or all abort. */
export default defineSpec({
  name: 'TCommit',
  description: 'Transaction Commit, the abstract spec (tlaplus/Examples transaction_commit/TCommit.tla)',
  constants: { RM: { default: ['r1', 'r2', 'r3'] as readonly string[], help: 'the resource managers, as model values' } },
  validate: ({ RM }) => (RM.length > 0 && new Set(RM).size === RM.length ? undefined : 'RM must be a non-empty list of distinct names'),
  build: ({ RM }) => {
    const canCommit = (s: TC): boolean => s.rmState.every((st) => st === 'prepared' || st === 'committed');
    const notCommitted = (s: TC): boolean => !s.rmState.includes('committed');
    return {
      init: () => [TC({ rmState: IMap(RM.map((rm) => [rm, 'working' as RMState])) })],
      actions: {
        Prepare: {
          params: [RM],
          next: (s: TC, rm: string) => s.rmState.get(rm) === 'working' && s.setIn(['rmState', rm], 'prepared'),
        },
        Decide: {
          params: [RM],
          next: (s: TC, rm: string) => {
            const st = s.rmState.get(rm);
            return either(
              st === 'prepared' && canCommit(s) && s.setIn(['rmState', rm], 'committed'),
              (st === 'working' || st === 'prepared') && notCommitted(s) && s.setIn(['rmState', rm], 'aborted'),
            );
          },
        },
      },
      invariants: {
        TCTypeOK: (s: TC) => s.rmState.size === RM.length && RM.every((rm) => RM_STATES.includes(s.rmState.get(rm) as RMState)),
        TCConsistent: (s: TC) => !(s.rmState.includes('aborted') && s.rmState.includes('committed')),
      },
      symmetry: { RM },
      // TLC's TCommit.cfg says CHECK_DEADLOCK FALSE: all committed or all aborted is where it ends.
      deadlock: false,
    };
  },
});
