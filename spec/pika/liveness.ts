import { eventually, eventuallyAlways, weakFair } from '../../checker/index.js';
import type { Fairness, TemporalFormula } from '../../checker/index.js';
import type { ReplicationSetup } from './constants.js';
import { caughtUp, quiescent, replicationTerminal } from './invariants.js';
import type { ReplicationState } from './state.js';
import { is } from 'immutable';

/**
 * The temporal properties of the replication model: every client finishes, bgsave completes and the
 * slave catches up (`<>Terminal`); every client finishes (`<>Quiescent`); once everything is done the
 * replica stays equal to the master (`<>[](Quiescent /\\ CaughtUp => slDb = db)`).
 */
export function replicationProperties(setup: ReplicationSetup): { [name: string]: TemporalFormula<ReplicationState> } {
  const terminal = replicationTerminal(setup);
  return {
    EventuallyTerminal: eventually(terminal),
    EventuallyQuiescent: eventually((s: ReplicationState) => quiescent(setup, s)),
    EventuallyConverges: eventuallyAlways((s: ReplicationState) => !(quiescent(setup, s) && caughtUp(s)) || is(s.slDb, s.db)),
  };
}

/**
 * Weak fairness on every action of the variant (`weak`), on every action but SlaveApply
 * (`weak-except-slave`: the slave may stop applying), or none.
 */
export function replicationFairness(setup: ReplicationSetup, actions: readonly string[]): Fairness[] {
  if (setup.fairness === 'none') return [];
  return actions.filter((name) => setup.fairness === 'weak' || name !== 'SlaveApply').map((name) => weakFair(name));
}
