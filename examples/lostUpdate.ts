// examples/lostUpdate.ts: clients increment a shared counter in two steps, a read and then a write
// of the value read plus one. Two clients can read the same value, and one increment is lost.
// With compare-and-set (cas) a write whose read is stale fails, and the client reads again.
import { defineSpec, either, eventually, Map, Record, weakFair } from 'pika-mc';

const State = Record({
  counter: 0, // the shared counter
  pc: Map<string, 'idle' | 'read'>(), // each client's next step: read, or write what it read
  seen: Map<string, number>(), // the value each client read
  left: Map<string, number>(), // increments each client has still to make
});
type State = ReturnType<typeof State>;

export default defineSpec({
  name: 'LostUpdate',
  description: 'A shared counter incremented by a read, then a write',
  // Constants and their defaults; a default's type is the type `--const` parses the value as.
  constants: { clients: ['c1', 'c2'] as readonly string[], increments: 1, cas: false as boolean },
  validate: (c) => (c.clients.length > 0 && c.increments > 0 ? undefined : 'need a client and an increment'),
  build: ({ clients, increments, cas }) => {
    const made = (s: State) => clients.length * increments - s.left.reduce((a, n) => a + n, 0);
    const finished = (s: State) => s.left.every((n) => n === 0);
    return {
      init: () => [
        State({
          pc: Map(clients.map((c) => [c, 'idle' as const])),
          seen: Map(clients.map((c) => [c, 0])),
          left: Map(clients.map((c) => [c, increments])),
        }),
      ],
      actions: {
        // One instance per client: Read(c1), Read(c2).
        Read: {
          params: [clients],
          next: (s: State, c: string) =>
            s.pc.get(c) === 'idle' && s.left.get(c)! > 0 && s.merge({ pc: s.pc.set(c, 'read'), seen: s.seen.set(c, s.counter) }),
          source: 'counter.ts increment(): const v = await get()',
          description: 'the client reads the counter',
        },
        Write: {
          params: [clients],
          next: (s: State, c: string) => {
            if (s.pc.get(c) !== 'read') return false;
            const written = s.merge({ counter: s.seen.get(c)! + 1, pc: s.pc.set(c, 'idle'), left: s.left.update(c, (n) => n! - 1) });
            if (!cas) return written;
            // Compare-and-set: one successor or the other, as TLA+'s \/.
            const fresh = s.counter === s.seen.get(c);
            return either(fresh && written, !fresh && s.set('pc', s.pc.set(c, 'idle')));
          },
          source: (c: string) => `counter.ts increment() on ${c}: await set(v + 1)`,
        },
      },
      invariants: {
        EveryIncrementCounts: {
          holds: (s: State) => s.counter === made(s),
          description: 'the counter equals the number of increments made',
        },
        CounterBounded: (s: State) => s.counter <= clients.length * increments,
      },
      terminal: finished, // every increment made: an intended end, not a deadlock
      modelValues: clients, // printed bare (c1), not as strings ("c1")
      symmetry: { clients }, // clients are interchangeable: --symmetry
      properties: { AllFinish: eventually(finished) }, // checked with --property
      fairness: clients.flatMap((c) => [weakFair('Read', c), weakFair('Write', c)]),
    };
  },
});
