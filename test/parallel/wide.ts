import { Record } from 'immutable';
import { defineSpec } from '../../checker/index.js';

const Walker = Record({ lane: -1, step: 0 }, 'Walker');
type Walker = ReturnType<typeof Walker>;

/**
 * `--spec` module with wide levels: a walker picks one of Width lanes, then walks Length steps along
 * it. 1 + Width × (Length + 1) states, Length + 2 levels, each but the first Width states wide.
 */
export default defineSpec({
  name: 'Lanes',
  constants: { Width: 20000, Length: 2 },
  build: ({ Width, Length }) => ({
    init: () => [Walker()],
    actions: {
      Pick: { params: [Array.from({ length: Width }, (_, i) => i)], next: (s: Walker, lane: number) => s.lane < 0 && s.set('lane', lane) },
      Walk: (s: Walker) => s.lane >= 0 && s.step < Length && s.set('step', s.step + 1),
    },
    invariants: { OnALane: (s: Walker) => s.lane < Width },
    terminal: (s: Walker) => s.step === Length,
  }),
});
