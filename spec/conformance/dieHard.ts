import { Record } from 'immutable';
import { defineSpec } from '../../checker/index.js';

/** The jugs: gallons in the 5-gallon (big) and the 3-gallon (small) jug. */
const Jugs = Record({ big: 0, small: 0 }, 'DieHard');
type Jugs = ReturnType<typeof Jugs>;

/** DieHard (Lamport): measure 4 gallons with a 3- and a 5-gallon jug; NotSolved fails when it is done. */
export default defineSpec({
  name: 'DieHard',
  description: 'The water-jug puzzle from Die Hard 3 (tlaplus/Examples)',
  build: () => ({
    init: () => [Jugs()],
    actions: {
      FillSmallJug: (s: Jugs) => s.set('small', 3),
      FillBigJug: (s: Jugs) => s.set('big', 5),
      EmptySmallJug: (s: Jugs) => s.set('small', 0),
      EmptyBigJug: (s: Jugs) => s.set('big', 0),
      SmallToBig: (s: Jugs) => {
        const big = Math.min(s.big + s.small, 5);
        return s.merge({ big, small: s.small - (big - s.big) });
      },
      BigToSmall: (s: Jugs) => {
        const small = Math.min(s.big + s.small, 3);
        return s.merge({ small, big: s.big - (small - s.small) });
      },
    },
    invariants: {
      TypeOK: (s: Jugs) => s.small >= 0 && s.small <= 3 && s.big >= 0 && s.big <= 5,
      NotSolved: (s: Jugs) => s.big !== 4,
    },
  }),
});
