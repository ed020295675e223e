import { defineSpec } from '../../checker/index.js';
import { REPLICATION_CONSTANTS, replicationProblem, setupOf } from './constants.js';
import type { ReplicationConstants } from './constants.js';
import { clientActions } from './clientActions.js';
import { replicationInvariants, replicationTerminal } from './invariants.js';
import { FlushKey, NoKey } from './modelValues.js';
import { initialState } from './state.js';
import type { ReplicationState } from './state.js';
import { syncActions } from './syncActions.js';
import { replicationFairness, replicationProperties } from './liveness.js';
import { explainViolation } from './explain.js';
import { SCENARIOS } from './scenarios.js';
import { replicationVariant } from './variant.js';

/** PikaReplication.tla: Pika's write path, bgsave and master→slave full sync, step for step. */
export default defineSpec<ReplicationState, ReplicationConstants>({
  name: 'PikaReplication',
  description: "Pika's bgsave / binlog / full-sync race (issue #2805, PR #2818), as PikaReplication.tla",
  constants: REPLICATION_CONSTANTS,
  validate: replicationProblem,
  scenarios: SCENARIOS.filter((s) => s.model === 'replication'),
  explain: explainViolation,
  summarize: replicationVariant,
  build: (constants) => {
    const setup = setupOf(constants);
    const symmetry: { [name: string]: readonly string[] } = {};
    // Only plain clients are interchangeable: serve-path and FLUSHDB clients take other steps.
    if (setup.plainClients.length >= 2) symmetry['clients'] = setup.plainClients;
    if (setup.keys.length >= 2) symmetry['keys'] = setup.keys;
    const actions = { ...clientActions(setup), ...syncActions(setup) };
    return {
      init: () => [initialState(setup)],
      actions,
      invariants: replicationInvariants(setup),
      terminal: replicationTerminal(setup),
      variables: (s) => ({ ...s.toObject() }),
      modelValues: [...setup.clients, ...setup.keys, NoKey, FlushKey],
      symmetry,
      properties: replicationProperties(setup),
      fairness: replicationFairness(setup, Object.keys(actions)),
    };
  },
});
