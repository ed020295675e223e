import { Record } from 'immutable';
import { defineSpec } from '../checker/index.js';

const Counter = Record({ x: 0 }, 'Counter');
type Counter = ReturnType<typeof Counter>;

/** A counter that walks up and down 0..N: the kind of small model TLC's -simulate figure was taken on. */
export default defineSpec({
  name: 'Counter',
  constants: { N: 10 },
  build: ({ N }) => ({
    init: () => [Counter()],
    actions: {
      Inc: (s: Counter) => s.x < N && s.set('x', s.x + 1),
      Dec: (s: Counter) => s.x > 0 && s.set('x', s.x - 1),
    },
    invariants: { InRange: (s: Counter) => s.x >= 0 && s.x <= N },
  }),
});
