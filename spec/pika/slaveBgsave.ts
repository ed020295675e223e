import { is } from 'immutable';
import { defineSpec } from '../../checker/index.js';
import type { ActionDefinition, ConstantsInput } from '../../checker/index.js';
import { explainViolation } from './explain.js';
import { SCENARIOS } from './scenarios.js';
import { slaveBgsaveVariant } from './variant.js';
import { modelValues } from './modelValues.js';
import { OFFSET_SOURCES, RESUME_FROM } from './slaveConstants.js';
import type { SlaveBgsaveConstants } from './slaveConstants.js';
import { codeSource, PIKA_VERSIONS } from './codeRefs.js';
import type { PikaVersion } from './codeRefs.js';
import { SLAVE, SLAVE_RESTART, SYNC } from './sources.js';
import { appliedPrefix, initialSlaveState, keyOf, masterData, slaveIdle } from './slaveState.js';
import type { SlaveState } from './slaveState.js';

export type { SlaveBgsaveConstants } from './slaveConstants.js';
export { OFFSET_SOURCES, RESUME_FROM } from './slaveConstants.js';

/** The slave-bgsave model's constants with what each sets and allows. */
const SLAVE_BGSAVE_CONSTANTS: ConstantsInput<SlaveBgsaveConstants> = {
  pikaVersion: { default: 'v4.0.1', values: PIKA_VERSIONS, help: 'the Pika release whose slave code the steps cite' },
  entries: { default: 3, values: { min: 1 }, help: 'binlog entries the master sends; entry i writes key ((i - 1) mod keys) + 1' },
  keys: { default: 2, values: { min: 1 }, help: 'keys, one async DB worker each' },
  offsetSource: {
    default: 'binlog',
    values: OFFSET_SOURCES,
    help: "what the slave's bgsave records: binlog (as Pika), applied (the applied prefix) or drain (after the DB-write queues drain)",
  },
  crashes: { default: 0, values: { min: 0 }, help: 'how many times the slave may crash and restart, losing its queued DB writes' },
  resumeFrom: {
    default: 'binlog',
    values: RESUME_FROM,
    help: 'where a restarted slave resumes: binlog (its binlog offset, as Pika), applied (the applied prefix) or applied+dedupe (the applied prefix, skipping entries already applied)',
  },
};

const exclusive = (s: SlaveState): boolean => s.bg === 'locked' || s.bg === 'captured';
/** Nothing queued, and no entry applied past the binlog offset (as after a restart at the applied prefix). */
const settled = (s: SlaveState): boolean => s.queue.every((q) => q.isEmpty()) && s.applied.every((i) => i <= s.rcv);
const captured = (s: SlaveState): boolean => s.bg === 'captured' || s.bg === 'done';
/** TLA+'s 1..n as a predicate. */
const upTo = (n: number) => (i: number) => i >= 1 && i <= n;

/** PikaSlaveBgsave.tla: bgsave on a slave, whose binlog runs ahead of its asynchronously applied data. */
export default defineSpec<SlaveState, SlaveBgsaveConstants>({
  name: 'PikaSlaveBgsave',
  description: "bgsave on a Pika slave: the binlog is appended synchronously, the DB write queued per key (PikaSlaveBgsave.tla)",
  constants: SLAVE_BGSAVE_CONSTANTS,
  scenarios: SCENARIOS.filter((s) => s.model === 'slave-bgsave'),
  explain: explainViolation,
  summarize: slaveBgsaveVariant,
  build: (constants) => {
    const keys = modelValues('k', constants.keys);
    const drain = constants.offsetSource === 'drain';
    const params = [keys];
    const version = constants.pikaVersion as PikaVersion;
    const code = { ...SLAVE[version], ...SYNC[version] };
    const dedupe = constants.resumeFrom === 'applied+dedupe';
    const crash: { [name: string]: ActionDefinition<SlaveState> } = {
      CrashRestart: {
        source: codeSource(SLAVE_RESTART[version]),
        description:
          "the slave crashes, losing the DB writes still queued, and restarts: it resumes at its binlog offset (or, with a fix, at its applied prefix)",
        next: (s) =>
          s.crashes < constants.crashes &&
          !exclusive(s) &&
          s.merge({
            crashes: s.crashes + 1,
            queue: s.queue.map((q) => q.clear()),
            busy: s.busy.map(() => 'idle' as const),
            readers: s.readers.clear(),
            rcv: constants.resumeFrom === 'binlog' ? s.rcv : appliedPrefix(s),
          }),
      },
    };
    const actions: { [name: string]: ActionDefinition<SlaveState> } = {
      Receive: {
        source: codeSource(code.Receive),
        description: 'the binlog worker appends the next entry to the slave binlog, then queues its DB write (with dedupe, not an entry already applied)',
        next: (s) => {
          if (s.rcv >= constants.entries || (drain && exclusive(s))) return false;
          const i = s.rcv + 1;
          if (dedupe && s.applied.has(i)) return s.set('rcv', i);
          return s.merge({ rcv: i, queue: s.queue.update(keyOf(keys, i), (q) => q!.push(i)) });
        },
      },
      WorkerLock: {
        params,
        source: codeSource(code.WorkerLock),
        description: "the key's DB worker takes the record lock and dbs_rw_ shared for its queue head",
        next: (s, k: string) =>
          s.busy.get(k) === 'idle' &&
          !s.queue.get(k)!.isEmpty() &&
          !exclusive(s) &&
          s.merge({ busy: s.busy.set(k, 'locked'), readers: s.readers.add(k) }),
      },
      WorkerApply: {
        params,
        source: codeSource(code.WorkerApply),
        description: "the key's DB worker applies its queue head (an INCR)",
        next: (s, k: string) =>
          s.busy.get(k) === 'locked' &&
          s.merge({
            busy: s.busy.set(k, 'applied'),
            db: s.db.update(k, (v) => v! + 1),
            applied: s.applied.add(s.queue.get(k)!.first() as number),
          }),
      },
      WorkerUnlock: {
        params,
        source: codeSource(code.WorkerUnlock),
        description: "the key's DB worker releases its locks and drops its queue head",
        next: (s, k: string) =>
          s.busy.get(k) === 'applied' &&
          s.merge({ busy: s.busy.set(k, 'idle'), readers: s.readers.remove(k), queue: s.queue.update(k, (q) => q!.shift()) }),
      },
      BgsaveLock: {
        source: codeSource(code.BgsaveLock),
        description: 'bgsave takes dbs_rw_ exclusively (drain: only once every queued DB write is applied, and the binlog is past every applied entry)',
        next: (s) => s.bg === 'idle' && s.readers.isEmpty() && !(drain && !settled(s)) && s.set('bg', 'locked'),
      },
      BgsaveCapture: {
        source: codeSource(code.BgsaveCapture),
        description: 'record the offset (binlog producer, or applied prefix), then capture the data',
        next: (s) =>
          s.bg === 'locked' &&
          s.merge({ bg: 'captured', snapOff: constants.offsetSource === 'applied' ? appliedPrefix(s) : s.rcv, snapApp: s.applied }),
      },
      BgsaveUnlock: {
        source: codeSource(code.BgsaveUnlock),
        description: 'bgsave releases dbs_rw_',
        next: (s) => s.bg === 'captured' && s.set('bg', 'done'),
      },
      ...(constants.crashes > 0 ? crash : {}),
    };
    return {
      init: () => [initialSlaveState(keys)],
      actions,
      invariants: {
        SnapshotCoversApplied: {
          description: "every entry in the slave's snapshot is inside the recorded offset",
          holds: (s) => !captured(s) || s.snapApp.every(upTo(s.snapOff)),
        },
        OffsetNotAhead: {
          description: "every entry inside the recorded offset is in the slave's snapshot (fails when bgsave records queued entries)",
          holds: (s) => !captured(s) || Array.from({ length: s.snapOff }, (_, i) => i + 1).every((i) => s.snapApp.has(i)),
        },
        DataMatchesOffset: {
          description:
            "once nothing is queued, the slave's data is the master's entries its binlog claims, each applied once (and any applied past it, which it will skip); fails when a crash loses queued writes",
          holds: (s) => !slaveIdle(s) || is(s.db, masterData(keys, s.rcv, s.applied)),
        },
      },
      terminal: (s) => s.rcv === constants.entries && s.queue.every((q) => q.isEmpty()) && s.bg === 'done',
      // The crash count is a variable only where crashes are modelled.
      variables: (s) => {
        const { crashes, ...rest } = s.toObject();
        return constants.crashes > 0 ? { ...rest, crashes } : rest;
      },
      // Keys are not interchangeable here (entries map to keys by position): no symmetry.
      modelValues: keys,
    };
  },
});
