import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSync } from '../../../checker/explore/check.js';
import { Frontier } from '../../../checker/explore/frontier.js';
import { keyerFor } from '../../../checker/state/keyer.js';
import { compile } from '../../../checker/spec/compile.js';
import type { Model } from '../../../checker/spec/compile.js';
import type { Spec, State } from '../../../checker/spec/types.js';
import { AheadLoop, PoolMember } from '../../../checker/parallel/member.js';
import { ProgressSlot } from '../../../checker/parallel/protocol.js';
import type { LevelCommand, LevelReport } from '../../../checker/parallel/protocol.js';
import { capacityFor, capacityToHold, growthAfter, LOAD, SharedFingerprintSet } from '../../../checker/parallel/sharedFingerprintSet.js';
import { SharedTraceLog } from '../../../checker/parallel/sharedTraceLog.js';
import { models } from '../../../spec/pika/index.js';
import { random as seededPick } from '../../fixtures/randomSpecs.js';
import { faultyGrid, Grid } from './specs.js';
import type { Point } from './specs.js';

/** Calls of process.exit by ExitsAtTen's step, the ones a run ahead holds back included. */
let exitsTried = 0;

/** The 30 × 30 grid walk whose step up calls process.exit(4) from the points 10 steps from the start (level 11). */
const ExitsAtTen = faultyGrid('ExitsAtTen', (s) => {
  if (s.x + s.y === 10) {
    exitsTried++;
    process.exit(4);
  }
  return s.y < 30 && s.set('y', s.y + 1);
});

/** A seeded generator of numbers in [0, 1), so that a failure names the seed that reproduces it. */
function seeded(seed: number): () => number {
  const pick = seededPick(seed);
  return () => pick(1 << 20) / (1 << 20);
}

interface Figures {
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
  /** The depth of the first state found violating each invariant. */
  readonly violated: ReadonlyMap<string, number>;
}

/** Lets the event loop turn `n` times (a run-ahead takes a chunk a turn). */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** The level `exploreInTurns` is expanding. */
let levelUnderWay = 0;

/**
 * Explores `model` as a pool of two members whose turns one thread takes in an order drawn from
 * `random`: in each level one member ends its part first and runs ahead into the next in chunks,
 * while the other expands the rest of its part in chunks, as two threads would. `room` deals each
 * member the fingerprints it may add in a level (the seen set's own share when it gives none).
 * Every invariant is checked to the end of the space, as with `continue`.
 */
function exploreInTurns<S extends State>(model: Model<S>, random: () => number, room?: (depth: number) => number): Figures {
  const keyer = keyerFor(model, []);
  const log = SharedTraceLog.create();
  const control = new Int32Array(1);
  const members = [0, 1].map(
    () => new PoolMember<S>({ model, keyer, invariants: model.invariants, log, control, progress: new Float64Array(ProgressSlot.Length), maxStates: Infinity, memo: true }),
  ) as [PoolMember<S>, PoolMember<S>];
  let seen = SharedFingerprintSet.create(16);
  const initial = new Frontier<S>();
  for (const state of model.init()) {
    keyer.key(state);
    if (seen.addAlone(keyer.hi, keyer.lo)) initial.push(state, log.append(keyer.hi, keyer.lo, SharedTraceLog.NONE));
  }
  members[0].receiveAll(initial);
  members[1].receive(members[0].give(Math.floor(initial.length / 2)));
  const pending = model.invariants.map((inv) => inv.name);
  const violated = new Map<string, number>();
  let levelSize = initial.length;
  let distinct = initial.length;
  let generated = initial.length;
  let depth = 0;
  let growth = 2;
  let takes: (number | undefined)[] = [];
  while (levelSize > 0) {
    depth++;
    levelUnderWay = depth;
    const capacity = capacityFor(seen, levelSize, growth);
    if (capacity !== seen.capacity) seen = seen.grownAlone(capacity);
    const command: LevelCommand = { kind: 'level', storing: true, pending: [...pending], deadlock: false, seen: seen.buffers, room: room?.(depth) ?? seen.roomEach(2), ahead: true };
    const lead = random() < 0.5 ? 0 : 1;
    const leader = members[lead] as PoolMember<S>;
    const lagger = members[1 - lead] as PoolMember<S>;
    const chunk = (): number => 1 + Math.floor(random() * 40);
    const given = takes.map((count, m) => (count === undefined ? undefined : (members[1 - m] as PoolMember<S>).give(count)));
    const commandOf = (m: number): LevelCommand => (given[m] ? { ...command, take: given[m] } : command);
    lagger.begin(commandOf(1 - lead));
    lagger.expandSome(chunk());
    const reports: LevelReport[] = [];
    reports[lead] = leader.expand(commandOf(lead));
    let laggerDone = false;
    while (!laggerDone) {
      if (random() < 0.5) leader.runAhead(chunk());
      else laggerDone = lagger.expandSome(chunk());
    }
    reports[1 - lead] = lagger.end(commandOf(1 - lead));
    seen.count(reports.reduce((sum, r) => sum + r.added, 0));
    const level = [...reports];
    let final = reports;
    while (final.some((r) => r.overflow > 0)) {
      // Held back for want of the room dealt, or of room in the set: then it grows.
      const held = final.reduce((sum, r) => sum + r.overflow, 0);
      if (seen.size + held > seen.capacity * LOAD) seen = seen.grownAlone(capacityToHold(seen, held));
      final = members.map((m) => m.addHeld({ kind: 'overflow', seen: seen.buffers, room: seen.roomEach(2) }));
      seen.count(final.reduce((sum, r) => sum + r.added, 0));
      level.push(...final);
    }
    for (const report of level) {
      if (report.error) throw new Error(report.error.message);
      generated += report.generated;
      for (const v of report.violations) {
        if (!pending.includes(v.invariant)) continue;
        pending.splice(pending.indexOf(v.invariant), 1);
        violated.set(v.invariant, depth + 1);
      }
    }
    const found = final.map((r) => r.found);
    // Evened out as the main thread does: the member with more gives the other half the difference.
    const more = (found[0] as number) > (found[1] as number) ? 0 : 1;
    const difference = Math.floor(((found[more] as number) - (found[1 - more] as number)) / 2);
    takes = [undefined, undefined];
    if (difference > 0) takes[1 - more] = difference;
    distinct += (found[0] as number) + (found[1] as number);
    growth = growthAfter(levelSize, (found[0] as number) + (found[1] as number));
    levelSize = (found[0] as number) + (found[1] as number);
  }
  return { distinct, generated, depth, violated };
}

/** The figures of a run of `spec` in one thread, to the end of the space. */
function alone<S extends State>(spec: Spec<S, never>, constants: object): Figures {
  const result = checkSync(spec, { constants, continue: true, deadlock: false } as never);
  const violated = new Map(result.invariants.filter((inv) => inv.trace !== undefined).map((inv) => [inv.name, (inv.trace as unknown[]).length]));
  return { distinct: result.stats.distinct, generated: result.stats.generated, depth: result.stats.depth, violated };
}

/**
 * The 30 × 30 grid walk whose invariant is violated 11 steps from the start, and then fails on
 * the points further out (by throwing, or calling process.exit): a run checks it no further than
 * where it is violated, so a run ahead must not report that failure.
 */
function failsOnceViolated(name: string, fail: () => never) {
  return faultyGrid(name, (s) => s.y < 30 && s.set('y', s.y + 1), {
    Near: (s: Point) => {
      if (s.x + s.y > 11) fail();
      return s.x + s.y !== 11;
    },
  });
}

const cases = [
  { spec: Grid as unknown as Spec<State, never>, constants: { Size: 40 } },
  {
    spec: failsOnceViolated('ThrowsOnceViolated', () => {
      throw new Error('out of reach');
    }) as unknown as Spec<State, never>,
    constants: {},
  },
  { spec: failsOnceViolated('ExitsOnceViolated', () => process.exit(7)) as unknown as Spec<State, never>, constants: {} },
  { spec: models.replication.spec as unknown as Spec<State, never>, constants: { lockScope: 'command', binlogFormat: 'op', clients: 2, keys: 2, ops: 1 } },
  { spec: models.replication.spec as unknown as Spec<State, never>, constants: { lockScope: 'command+binlog', binlogFormat: 'op', clients: 3, keys: 1, ops: 1 } },
];

describe('a member of the pool that runs ahead into the next level', () => {
  it('finds what a run in one thread finds, whatever the order of the two members turns', () => {
    for (const { spec, constants } of cases) {
      const expected = alone(spec, constants);
      for (let seed = 1; seed <= 6; seed++) {
        const got = exploreInTurns(compile(spec, constants as never), seeded(seed));
        assert.deepEqual(got, expected, `${spec.name} ${JSON.stringify(constants)}, seed ${seed}`);
      }
    }
  });

  it('holds back what the seen set has no room for when it settles what it found ahead, and adds it once the set has grown', () => {
    for (const { spec, constants } of cases) {
      const expected = alone(spec, constants);
      // A member may add only a few fingerprints a level: most of what it found ahead waits for room.
      const got = exploreInTurns(compile(spec, constants as never), seeded(7), (depth) => 1 + (depth % 5));
      assert.deepEqual(got, expected, `${spec.name} ${JSON.stringify(constants)}`);
    }
  });

  it('leaves the thread when the spec exits in a state it reached ahead only once it expands that state in its level', () => {
    const exit = process.exit;
    const calls: { code: number; level: number }[] = [];
    try {
      // A stand-in that records the call and throws (the level step reports that as the spec's failure).
      process.exit = ((code?: number) => {
        calls.push({ code: Number(code), level: levelUnderWay });
        throw new Error('process.exit');
      }) as typeof process.exit;
      exitsTried = 0;
      let called = 0;
      for (let seed = 1; seed <= 6; seed++) {
        calls.length = 0;
        assert.throws(() => exploreInTurns(compile(ExitsAtTen, {}), seeded(seed)), /process\.exit/);
        // Each member that meets the exit (of those the level runs before the first report) calls it in level 11.
        assert.ok(calls.length > 0, `seed ${seed}`);
        for (const call of calls) assert.deepEqual({ code: call.code, level: call.level }, { code: 4, level: 11 }, `seed ${seed}`);
        called += calls.length;
      }
      // Some of the runs met the exit running ahead, and did not leave then.
      assert.ok(exitsTried > called, `${exitsTried} exits tried, ${called} made`);
    } finally {
      process.exit = exit;
    }
  });

  it('runs ahead a chunk a turn of the event loop until it has nothing left, or is stopped', async () => {
    let left = 5;
    let calls = 0;
    const member = { runAhead: () => (calls++, --left > 0) };
    const loop = new AheadLoop(() => member);
    loop.start();
    await turns(10);
    assert.equal(calls, 5, 'it goes on until the member has nothing left');
    left = 1_000_000;
    calls = 0;
    loop.start();
    await turns(3);
    loop.stop();
    const stoppedAt = calls;
    await turns(10);
    assert.ok(stoppedAt > 0 && calls === stoppedAt, `${calls} chunks after it was stopped at ${stoppedAt}`);
  });

  it('throws what a run-ahead failed with, other than the spec, when it is stopped, and only once', async () => {
    let calls = 0;
    const loop = new AheadLoop(() => ({
      runAhead: () => {
        if (++calls === 3) throw new Error('a fault of the engine');
        return true;
      },
    }));
    loop.start();
    await turns(10);
    assert.equal(calls, 3, 'the fault ends the run-ahead');
    assert.throws(() => loop.stop(), /a fault of the engine/);
    assert.doesNotThrow(() => loop.stop());
  });
});
