import { List, Record, Set as ISet } from 'immutable';
import { alwaysEventually, defineSpec, exists, forAll, weakFair } from '../../checker/index.js';

/** A request in the queue: the tuple `<<kind, actor>>`. */
const Request = Record({ kind: 'read' as 'read' | 'write', actor: 1 }, 'Request');
type Request = ReturnType<typeof Request>;

/** The lock's variables: who reads, who writes, and the FIFO of waiting requests. */
const RW = Record({ readers: ISet<number>(), writers: ISet<number>(), waiting: List<Request>() }, 'ReadersWriters');
type RW = ReturnType<typeof RW>;

/** ReadersWriters: a queue-based readers–writers lock that serves requests in arrival order. */
export default defineSpec({
  name: 'ReadersWriters',
  description: 'A fair readers-writers lock (tlaplus/Examples ReadersWriters/ReadersWriters.tla)',
  constants: { NumActors: { default: 3, values: { min: 1 }, help: 'actors, each requesting to read or to write' } },
  build: ({ NumActors }) => {
    const Actors = Array.from({ length: NumActors }, (_, i) => i + 1);
    const waitingTo = (s: RW, kind: Request['kind'], a: number): boolean =>
      s.waiting.some((r) => r.kind === kind && r.actor === a);
    const request = (kind: Request['kind']) => ({
      params: [Actors],
      next: (s: RW, a: number) => !waitingTo(s, kind, a) && s.set('waiting', s.waiting.push(Request({ kind, actor: a }))),
    });
    return {
      init: () => [RW()],
      actions: {
        TryRead: request('read'),
        TryWrite: request('write'),
        ReadOrWrite: (s: RW) => {
          const head = s.waiting.first();
          if (head === undefined || s.writers.size > 0) return false;
          const waiting = s.waiting.shift();
          if (head.kind === 'read') return s.merge({ readers: s.readers.add(head.actor), waiting });
          return s.readers.size === 0 && s.merge({ writers: s.writers.add(head.actor), waiting });
        },
        Stop: (s: RW) =>
          exists(s.readers.union(s.writers).sort(), (a) =>
            s.readers.has(a) ? s.set('readers', s.readers.remove(a)) : s.set('writers', s.writers.remove(a)),
          ),
      },
      invariants: {
        TypeOK: (s: RW) =>
          s.readers.every((a) => Actors.includes(a)) &&
          s.writers.every((a) => Actors.includes(a)) &&
          s.waiting.every((r) => r instanceof Request && (r.kind === 'read' || r.kind === 'write') && Actors.includes(r.actor)),
        Safety: (s: RW) => !(s.readers.size > 0 && s.writers.size > 0) && s.writers.size <= 1,
      },
      properties: {
        // Every actor reads and writes again and again, and stops again and again.
        Liveness: forAll(Actors, (a) => ({
          op: 'all',
          parts: [
            ['reads', alwaysEventually((s: RW) => s.readers.has(a))],
            ['writes', alwaysEventually((s: RW) => s.writers.has(a))],
            ['stops reading', alwaysEventually((s: RW) => !s.readers.has(a))],
            ['stops writing', alwaysEventually((s: RW) => !s.writers.has(a))],
          ],
        })),
      },
      fairness: [
        ...Actors.map((a) => weakFair('TryRead', a)),
        ...Actors.map((a) => weakFair('TryWrite', a)),
        weakFair('ReadOrWrite'),
        weakFair('Stop'),
      ],
    };
  },
});
