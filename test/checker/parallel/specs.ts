import { Record } from 'immutable';
import { existsSync, writeFileSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { defineSpec } from '../../../checker/index.js';

/** A point of the grid specs. */
export const Point = Record({ x: 0, y: 0 }, 'Point');
export type Point = ReturnType<typeof Point>;

/** Walks a Size × Size grid from (0, 0) by unit steps right or up: many paths reach each point. */
export const Grid = defineSpec({
  name: 'Grid',
  constants: { Size: 40 },
  build: ({ Size }) => ({
    init: () => [Point()],
    actions: {
      Right: (s: Point) => s.x < Size && s.set('x', s.x + 1),
      Up: (s: Point) => s.y < Size && s.set('y', s.y + 1),
    },
    invariants: { BelowDiagonal: (s: Point) => s.x + s.y < Size + 10, NotCorner: (s: Point) => !(s.x === Size && s.y === Size) },
    terminal: (s: Point) => s.x === Size && s.y === Size,
  }),
});

/** A 30 × 30 grid walk from (0, 0) whose Up step and invariants are given: for the failures of a spec. */
export function faultyGrid(name: string, up: (s: Point) => Point | false, invariants: { [name: string]: (s: Point) => boolean } = {}) {
  return defineSpec({
    name,
    build: () => ({
      init: () => [Point()],
      actions: { Right: (s: Point) => s.x < 30 && s.set('x', s.x + 1), Up: up },
      invariants,
    }),
  });
}

/** The grid walk, whose Up step throws once the walk is far enough from the start. */
export const GridThrowsInAction = faultyGrid('GridThrowsInAction', (s) => {
  if (s.x + s.y === 12) throw new Error('the disk is full');
  return s.y < 30 && s.set('y', s.y + 1);
});

/** The grid walk, whose Up step puts a plain object in a Point once the walk is far enough from the start. */
export const GridPlainInAction = faultyGrid('GridPlainInAction', (s) => s.y < 30 && s.set('y', s.x + s.y === 12 ? ({ plain: s.y + 1 } as unknown as number) : s.y + 1));

/** The grid walk, whose invariant throws on points far enough from the start. */
export const GridThrowsInInvariant = faultyGrid('GridThrowsInInvariant', (s) => s.y < 30 && s.set('y', s.y + 1), {
  Sane: (s) => {
    if (s.x + s.y === 9) throw new Error('cannot tell');
    return true;
  },
});

/** The grid walk, whose invariant returns nothing on points far enough from the start. */
export const GridVagueInvariant = faultyGrid('GridVagueInvariant', (s) => s.y < 30 && s.set('y', s.y + 1), {
  Sane: (s) => (s.x + s.y === 9 ? (undefined as unknown as boolean) : true),
});

/** Counts up forever along two lanes: an unbounded state space, two states a depth. */
export const Forever = defineSpec({
  name: 'Forever',
  build: () => ({
    init: () => [Point()],
    actions: {
      Step: (s: Point) => s.set('x', s.x + 1),
      Switch: (s: Point) => s.set('y', 1 - s.y),
    },
    invariants: { NonNegative: (s: Point) => s.x >= 0 },
  }),
});

/** A state of Lopsided: which branch, and the bits chosen so far. */
const Side = Record({ branch: 0, bits: 0, length: 0 }, 'Side');
type Side = ReturnType<typeof Side>;

/**
 * Two initial states: from the first, every string of up to 13 bits (a level of 2^k states); the
 * second has no successor. Handed over at the first level, one worker finds everything and the
 * shares must be evened out at every level; the invariant is violated in the last level.
 */
export const Lopsided = defineSpec({
  name: 'Lopsided',
  build: () => ({
    init: () => [Side(), Side({ branch: 1 })],
    actions: {
      Zero: (s: Side) => s.branch === 0 && s.length < 13 && s.set('length', s.length + 1),
      One: (s: Side) => s.branch === 0 && s.length < 13 && s.merge({ bits: s.bits | (1 << s.length), length: s.length + 1 }),
    },
    invariants: { NotAllOnes: (s: Side) => s.bits !== (1 << 13) - 1 },
    terminal: (s: Side) => s.branch === 1 || s.length === 13,
  }),
});

/**
 * 5,000 initial points along x (a first level wider than a small seen set), each stepping up to
 * y = 2 or halving x: the 15,000 points below (5,000, 3), in 3 levels.
 */
export const Crowd = defineSpec({
  name: 'Crowd',
  build: () => ({
    init: () => Array.from({ length: 5000 }, (_, x) => Point({ x })),
    actions: {
      Up: (s: Point) => s.y < 2 && s.set('y', s.y + 1),
      Halve: (s: Point) => s.x > 0 && s.set('x', s.x >> 1),
    },
    invariants: { Inside: (s: Point) => s.x < 5000 && s.y <= 2 },
    terminal: (s: Point) => s.x === 0 && s.y === 2,
  }),
});

/**
 * 1,100 initial points (a level wide enough for the parallel engine), which all lead to (0, 0), from
 * where it counts up forever: an unbounded chain of one-state levels.
 */
export const Funnel = defineSpec({
  name: 'Funnel',
  build: () => ({
    init: () => Array.from({ length: 1100 }, (_, y) => Point({ y })),
    actions: {
      Fall: (s: Point) => s.y > 0 && s.set('y', 0),
      Step: (s: Point) => s.y === 0 && s.set('x', s.x + 1),
    },
    invariants: { NonNegative: (s: Point) => s.x >= 0 },
  }),
});

/** Whether this thread is a worker thread of a parallel run (its setup numbers it), not the thread the run began in. */
const inWorkerThread = typeof (workerData as { index?: unknown } | null)?.index === 'number';

/** Waits, a few milliseconds at a time, until `path` exists; throws after a minute. */
function waitForFile(path: string, what: string): void {
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; !existsSync(path); waited += 10) {
    if (waited >= 60_000) throw new Error(`${what} never came`);
    Atomics.wait(nap, 0, 0, 10);
  }
}

/**
 * Every string of up to Length bits, one bit a step (levels of 1, 2, 4, … states); the invariant is
 * violated by the string of Length ones. Given a file path `marker`, a worker thread that takes a
 * step from the initial state writes it and calls process.exit(3): only a worker's warm-up does,
 * since the run hands the worker threads a level far from the start. The main thread, expanding the
 * level of `waitAt` bits, waits for the marker first, so that a worker's warm-up has met that exit
 * before the workers join the run (at the level of 2^(waitAt + 1) states).
 */
export const ExitsInWarmUp = defineSpec({
  name: 'ExitsInWarmUp',
  constants: { Length: 10, marker: '' as string, waitAt: 7 },
  build: ({ Length, marker, waitAt }) => {
    const step = (s: Side, bit: 0 | 1): Side | false => {
      if (marker !== '' && s.length === 0 && inWorkerThread) {
        writeFileSync(marker, 'exit\n');
        process.exit(3);
      }
      if (marker !== '' && s.length === waitAt && !inWorkerThread) waitForFile(marker, "a worker's warm-up");
      return s.length < Length && s.merge({ bits: s.bits | (bit << s.length), length: s.length + 1 });
    };
    return {
      init: () => [Side()],
      actions: { Zero: (s: Side) => step(s, 0), One: (s: Side) => step(s, 1) },
      invariants: { NotAllOnes: (s: Side) => s.bits !== (1 << Length) - 1 },
      terminal: (s: Side) => s.length === Length,
    };
  },
});
