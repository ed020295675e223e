import replication from './replication.js';
import slaveBgsave from './slaveBgsave.js';

export { default as replication } from './replication.js';
export { default as slaveBgsave } from './slaveBgsave.js';
export { explainViolation } from './explain.js';
export { replicationVariant, slaveBgsaveVariant, versionName } from './variant.js';
export type { ReplicationConstants } from './constants.js';
export type { SlaveBgsaveConstants } from './slaveBgsave.js';
export type { ReplicationState, Entry, WriteId } from './state.js';
export type { SlaveState } from './slaveState.js';

/** The Pika models by the name the CLI and benchmarks use, each with one line on what it models. */
export const models = {
  replication: {
    spec: replication,
    description: "Pika's write path, bgsave and master→slave full sync: the #2805 race (PikaReplication.tla)",
  },
  'slave-bgsave': {
    spec: slaveBgsave,
    description: "bgsave on a slave, whose binlog runs ahead of its asynchronously applied data (PikaSlaveBgsave.tla)",
  },
} as const;
