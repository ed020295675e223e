import { Map as IMap, Record, Set as ISet } from 'immutable';
import { defineSpec } from '../../checker/index.js';

/** The state of one resource manager. */
type RMState = 'working' | 'prepared' | 'committed' | 'aborted';

/** A message: `[type |-> "Prepared", rm |-> r]`, `[type |-> "Commit"]` or `[type |-> "Abort"]`. */
type Msg = IMap<string, string>;

/** TwoPhase's four variables. */
const TP = Record(
  {
    rmState: IMap<string, RMState>(),
    tmState: 'init' as 'init' | 'committed' | 'aborted',
    tmPrepared: ISet<string>(),
    msgs: ISet<Msg>(),
  },
  'TwoPhase',
);
type TP = ReturnType<typeof TP>;

const RM_STATES: readonly RMState[] = ['working', 'prepared', 'committed', 'aborted'];
const prepared = (rm: string): Msg => IMap({ type: 'Prepared', rm });
const COMMIT: Msg = IMap({ type: 'Commit' });
const ABORT: Msg = IMap({ type: 'Abort' });

/** TwoPhase (Gray & Lamport): two-phase commit with a transaction manager and message passing. */
export default defineSpec({
  name: 'TwoPhase',
  description: 'The Two-Phase Commit protocol (tlaplus/Examples transaction_commit/TwoPhase.tla)',
  constants: { RM: { default: ['r1', 'r2', 'r3'] as readonly string[], help: 'the resource managers, as model values' } },
  validate: ({ RM }) => (RM.length > 0 && new Set(RM).size === RM.length ? undefined : 'RM must be a non-empty list of distinct names'),
  build: ({ RM }) => {
    const allMsgs = ISet<Msg>([COMMIT, ABORT, ...RM.map(prepared)]);
    const allRM = ISet(RM);
    return {
      init: () => [TP({ rmState: IMap(RM.map((rm) => [rm, 'working' as RMState])) })],
      actions: {
        TMCommit: (s: TP) =>
          s.tmState === 'init' && s.tmPrepared.equals(allRM) && s.merge({ tmState: 'committed', msgs: s.msgs.add(COMMIT) }),
        TMAbort: (s: TP) => s.tmState === 'init' && s.merge({ tmState: 'aborted', msgs: s.msgs.add(ABORT) }),
        TMRcvPrepared: {
          params: [RM],
          next: (s: TP, rm: string) =>
            s.tmState === 'init' && s.msgs.has(prepared(rm)) && s.set('tmPrepared', s.tmPrepared.add(rm)),
        },
        RMPrepare: {
          params: [RM],
          next: (s: TP, rm: string) =>
            s.rmState.get(rm) === 'working' &&
            s.merge({ rmState: s.rmState.set(rm, 'prepared'), msgs: s.msgs.add(prepared(rm)) }),
        },
        RMChooseToAbort: {
          params: [RM],
          next: (s: TP, rm: string) => s.rmState.get(rm) === 'working' && s.setIn(['rmState', rm], 'aborted'),
        },
        RMRcvCommitMsg: {
          params: [RM],
          next: (s: TP, rm: string) => s.msgs.has(COMMIT) && s.setIn(['rmState', rm], 'committed'),
        },
        RMRcvAbortMsg: {
          params: [RM],
          next: (s: TP, rm: string) => s.msgs.has(ABORT) && s.setIn(['rmState', rm], 'aborted'),
        },
      },
      invariants: {
        TPTypeOK: (s: TP) =>
          s.rmState.size === RM.length &&
          RM.every((rm) => RM_STATES.includes(s.rmState.get(rm) as RMState)) &&
          ['init', 'committed', 'aborted'].includes(s.tmState) &&
          s.tmPrepared.isSubset(allRM) &&
          s.msgs.isSubset(allMsgs),
      },
      symmetry: { RM },
    };
  },
});
