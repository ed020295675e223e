import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The module URLs a spec written outside the repository imports: the same Immutable and checker as the CLI's. */
const IMMUTABLE = import.meta.resolve('immutable');
const CHECKER = new URL('../../checker/index.js', import.meta.url).href;

/** What the grid spec's two modules hold, to be edited by a test. */
export interface GridSource {
  /** The body of the invariant Diagonal, in the spec's own module. */
  readonly diagonal: string;
  /** The body of withinBound, in the module beside it. */
  readonly bound: string;
}

export const GRID_SOURCE: GridSource = {
  diagonal: 's.x + s.y <= 2 * N',
  bound: 's.x <= N && s.y <= N',
};

/** Writes the grid spec's modules into `dir`: the spec (grid.mjs), and its invariant InBounds's helper beside it (bound.mjs). */
export function writeGridSpec(dir: string, source: GridSource = GRID_SOURCE): string {
  writeFileSync(join(dir, 'bound.mjs'), `export const withinBound = (s, N) => ${source.bound};\n`);
  const file = join(dir, 'grid.mjs');
  writeFileSync(
    file,
    `import { Record } from '${IMMUTABLE}';
import { defineSpec } from '${CHECKER}';
import { withinBound } from './bound.mjs';

const Point = Record({ x: 0, y: 0 }, 'Point');

/** A walk from (0, 0) to (N, N), one step right or up at a time: (N + 1)² states, depth 2N + 1. */
export default defineSpec({
  name: 'Grid',
  constants: { N: 60 },
  build: ({ N }) => ({
    init: () => [Point()],
    actions: {
      Right: (s) => s.x < N && s.set('x', s.x + 1),
      Up: (s) => s.y < N && s.set('y', s.y + 1),
    },
    invariants: { InBounds: (s) => withinBound(s, N), Diagonal: (s) => ${source.diagonal} },
    terminal: (s) => s.x === N && s.y === N,
  }),
});
`,
  );
  return file;
}

/** A new folder holding the grid spec, and the path of its module. */
export function gridSpecFolder(): { dir: string; spec: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pika-mc-grid-'));
  return { dir, spec: writeGridSpec(dir) };
}

/** A new, empty checkpoint directory. */
export function checkpointDir(): string {
  return mkdtempSync(join(tmpdir(), 'pika-mc-ckpt-'));
}

/** The figures of a JSON report: distinct, generated, depth. */
export function figures(stdout: string): [number, number, number] {
  const { stats } = JSON.parse(stdout) as { stats: { distinct: number; generated: number; depth: number } };
  return [stats.distinct, stats.generated, stats.depth];
}
