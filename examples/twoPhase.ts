// Two-phase commit (Gray & Lamport's TwoPhase.tla), written as a pika-mc user would write it.
// Run it: npx pika-mc check --spec examples/twoPhase.ts --const RM=r1,r2
import { defineSpec, exists, Map, Record, Set } from 'pika-mc';

type RMState = 'working' | 'prepared' | 'committed' | 'aborted';
type TMState = 'init' | 'committed' | 'aborted';
type Message = Map<string, string>;

const State = Record({
  rmState: Map<string, RMState>(),
  tmState: 'init' as TMState,
  tmPrepared: Set<string>(),
  msgs: Set<Message>(),
});

const prepared = (rm: string): Message => Map({ type: 'Prepared', rm });
const COMMIT: Message = Map({ type: 'Commit' });
const ABORT: Message = Map({ type: 'Abort' });

/** The constants and their defaults; `--const RM=r1,r2` overrides them. */
const constants = { RM: ['r1', 'r2', 'r3'] as readonly string[] };

/** TwoPhase: resource managers RM prepare, a transaction manager commits or aborts. */
export default defineSpec({
  name: 'TwoPhase',
  description: 'The two-phase commit protocol, after TwoPhase.tla',
  constants,
  validate: ({ RM }) => (RM.length > 0 ? undefined : 'RM must name at least one resource manager'),
  // With build's parameter typed, TypeScript takes the state type from init: no function below
  // annotates the state, and each parameter's type is checked against its domain in params.
  build: ({ RM }: typeof constants) => ({
    init: () => [State({ rmState: Map(RM.map((rm) => [rm, 'working' as RMState])) })],
    actions: {
      TMCommit: (s) =>
        s.tmState === 'init' && s.tmPrepared.size === RM.length && s.merge({ tmState: 'committed', msgs: s.msgs.add(COMMIT) }),
      TMAbort: (s) => s.tmState === 'init' && s.merge({ tmState: 'aborted', msgs: s.msgs.add(ABORT) }),
      // \E rm \in RM: the TM takes in any Prepared message it has not yet counted.
      TMRcvPrepared: (s) =>
        s.tmState === 'init' && exists(RM, (rm) => s.msgs.has(prepared(rm)) && s.set('tmPrepared', s.tmPrepared.add(rm))),
      RMPrepare: {
        params: [RM],
        next: (s, rm: string) =>
          s.rmState.get(rm) === 'working' && s.merge({ rmState: s.rmState.set(rm, 'prepared'), msgs: s.msgs.add(prepared(rm)) }),
      },
      RMChooseToAbort: {
        params: [RM],
        next: (s, rm: string) => s.rmState.get(rm) === 'working' && s.setIn(['rmState', rm], 'aborted'),
      },
      RMRcvCommitMsg: {
        params: [RM],
        next: (s, rm: string) => s.msgs.has(COMMIT) && s.setIn(['rmState', rm], 'committed'),
      },
      RMRcvAbortMsg: {
        params: [RM],
        next: (s, rm: string) => s.msgs.has(ABORT) && s.setIn(['rmState', rm], 'aborted'),
      },
    },
    invariants: {
      // No resource manager commits while another aborts.
      TCConsistent: (s) => !(s.rmState.includes('committed') && s.rmState.includes('aborted')),
      TPTypeOK: (s) => s.tmPrepared.isSubset(RM) && s.rmState.size === RM.length,
    },
    // Every RM has decided: the protocol is over, not deadlocked.
    terminal: (s) => s.rmState.every((v) => v === 'committed' || v === 'aborted'),
    modelValues: RM,
  }),
});
