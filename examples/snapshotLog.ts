// A snapshot-plus-log replication of our own: writers append increments to a log; a replica loads a
// snapshot (a value and the log index it covers) and then replays the log from that index.
// With --const atomicSnapshot=false the snapshot reads the value and the index in two steps, and a
// write in between makes the snapshot claim an entry it does not hold: the replica misses it.
//   npx pika-mc check --spec examples/snapshotLog.ts
//   npx pika-mc check --spec examples/snapshotLog.ts --const atomicSnapshot=false
import { defineSpec, List, Map, Record } from 'pika-mc';
import type { ActionInput } from 'pika-mc';

type SnapshotPhase = 'none' | 'valueTaken' | 'done';

const State = Record({
  value: 0,
  log: List<string>(),
  written: Map<string, number>(),
  snap: 'none' as SnapshotPhase,
  snapValue: 0,
  snapIndex: 0,
  replicaLoaded: false,
  replicaValue: 0,
  replicaIndex: 0,
});
type State = ReturnType<typeof State>;

/** SnapshotLog: a primary's log, a snapshot with its log index, a replica that loads and replays. */
export default defineSpec({
  name: 'SnapshotLog',
  description: 'Replication by snapshot plus log replay; a non-atomic snapshot loses a write',
  constants: { writers: ['w1', 'w2'] as readonly string[], writesPerWriter: 1, atomicSnapshot: true as boolean },
  validate: (c) => (c.writesPerWriter >= 1 ? undefined : 'writesPerWriter must be at least 1'),
  build: ({ writers, writesPerWriter, atomicSnapshot }) => {
    const snapshot: { [name: string]: ActionInput<State> } = atomicSnapshot
      ? {
          Snapshot: (s: State) => s.snap === 'none' && s.merge({ snap: 'done', snapValue: s.value, snapIndex: s.log.size }),
        }
      : {
          SnapshotValue: (s: State) => s.snap === 'none' && s.merge({ snap: 'valueTaken', snapValue: s.value }),
          SnapshotIndex: (s: State) => s.snap === 'valueTaken' && s.merge({ snap: 'done', snapIndex: s.log.size }),
        };
    return {
      init: () => [State({ written: Map(writers.map((w) => [w, 0])) })],
      actions: {
        Write: {
          params: [writers],
          next: (s: State, w: string) =>
            (s.written.get(w) ?? 0) < writesPerWriter &&
            s.merge({ value: s.value + 1, log: s.log.push(w), written: s.written.update(w, (n = 0) => n + 1) }),
        },
        ...snapshot,
        Load: (s: State) =>
          s.snap === 'done' && !s.replicaLoaded && s.merge({ replicaLoaded: true, replicaValue: s.snapValue, replicaIndex: s.snapIndex }),
        Replay: (s: State) =>
          s.replicaLoaded && s.replicaIndex < s.log.size && s.merge({ replicaValue: s.replicaValue + 1, replicaIndex: s.replicaIndex + 1 }),
      },
      invariants: {
        // Every log entry adds one: a snapshot covering n entries must hold the value n.
        SnapshotMatchesLog: (s: State) => s.snap !== 'done' || s.snapValue === s.snapIndex,
        // A replica that has replayed the whole log holds the primary's value.
        ReplicaConverges: (s: State) => !s.replicaLoaded || s.replicaIndex < s.log.size || s.replicaValue === s.value,
      },
      // Every write done and replayed: the run is over.
      terminal: (s: State) => s.replicaLoaded && s.replicaIndex === s.log.size && s.written.every((n) => n === writesPerWriter),
      modelValues: writers,
    };
  },
});
