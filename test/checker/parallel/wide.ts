import { Record } from 'immutable';
import { defineSpec } from '../../../checker/index.js';

const Walker = Record({ row: -1, column: -1, step: 0 }, 'Walker');
type Walker = ReturnType<typeof Walker>;

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/**
 * `--spec` module with wide levels: a walker picks one of Rows rows, then one of Columns columns,
 * then walks Length steps along the lane it picked. 1 + Rows + Rows × Columns × (Length + 1) states
 * in Length + 3 levels, the last Length + 1 of them Rows × Columns states wide (with few action
 * instances, so that a state costs little to expand).
 */
export default defineSpec({
  name: 'Lanes',
  constants: { Rows: 200, Columns: 100, Length: 2 },
  build: ({ Rows, Columns, Length }) => ({
    init: () => [Walker()],
    actions: {
      PickRow: { params: [range(Rows)], next: (s: Walker, row: number) => s.row < 0 && s.set('row', row) },
      PickColumn: { params: [range(Columns)], next: (s: Walker, column: number) => s.row >= 0 && s.column < 0 && s.set('column', column) },
      Walk: (s: Walker) => s.column >= 0 && s.step < Length && s.set('step', s.step + 1),
    },
    invariants: { OnALane: (s: Walker) => s.row < Rows && s.column < Columns },
    terminal: (s: Walker) => s.step === Length,
  }),
});
