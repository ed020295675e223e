import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explore, unboundedSettings } from '../../../checker/explore/engine.js';
import type { ExploreOutcome, ExploreSnapshot } from '../../../checker/explore/engine.js';
import { ScheduledCheckpoints } from '../../../checker/checkpoint/schedule.js';
import { compile } from '../../../checker/spec/compile.js';
import type { Model } from '../../../checker/spec/compile.js';
import type { CheckpointNote, State } from '../../../checker/spec/types.js';
import { Tree } from '../../fixtures/toySpecs.js';

interface Write {
  readonly start: number;
  readonly end: number;
  readonly written: boolean;
}

/**
 * Explores a tree of `states` states on a clock of its own: each look at the clock is 4 ms of work
 * (the loop looks every 16 states), and a checkpoint write takes `writeMs(size)` milliseconds,
 * in chunks of one millisecond, asking between two chunks whether to stop.
 */
function run(options: { states: number; everyMs: number; writeMs: (size: number) => number; deadline?: number; resumed?: boolean }) {
  let clock = 0;
  const now = (): number => (clock += 4);
  const writes: Write[] = [];
  const notes: CheckpointNote[] = [];
  const deadline = options.deadline ?? Infinity;
  const checkpoint = new ScheduledCheckpoints<State>({
    everyMs: options.everyMs,
    startedAt: 0,
    deadline,
    ...(options.resumed ? { resumed: true } : {}),
    now: () => clock,
    write: (snapshot: ExploreSnapshot<State>, stop) => {
      const start = clock;
      const size = snapshot.seen.size + snapshot.current.length - snapshot.from + snapshot.next.length;
      const chunks = options.writeMs(size);
      for (let chunk = 1; chunk <= chunks; chunk++) {
        clock += 1;
        if (chunk < chunks && stop()) {
          writes.push({ start, end: clock, written: false });
          return false;
        }
      }
      writes.push({ start, end: clock, written: true });
      return true;
    },
    onNote: (note) => notes.push(note),
  });
  const model = compile(Tree, { Max: options.states - 1 }) as unknown as Model<State>;
  const outcome: ExploreOutcome<State> = explore(model, unboundedSettings({ deadline, now, checkpoint }));
  return { outcome, writes, notes, end: clock };
}

describe('checkpoint schedule: writes never stall the run', () => {
  it('counts the interval from the end of the last write, not its start', () => {
    const { writes } = run({ states: 5_000, everyMs: 100, writeMs: () => 5 });
    assert.ok(writes.length >= 5, `${writes.length} writes`);
    for (let i = 1; i < writes.length; i++) {
      const gap = (writes[i] as Write).start - (writes[i - 1] as Write).end;
      assert.ok(gap >= 100, `write ${i} began ${gap} ms after the end of the one before`);
    }
  });

  it('when writes take longer than the interval, stretches it so that writing takes at most a tenth of the run, and says so once', () => {
    // Each write takes 20 ms and then 1 ms per 1,000 states, against an interval of 5 ms.
    const { outcome, writes, notes, end } = run({ states: 25_000, everyMs: 5, writeMs: (size) => 20 + Math.ceil(size / 1000) });
    assert.equal(outcome.bound, undefined);
    const writing = writes.reduce((sum, w) => sum + (w.end - w.start), 0);
    assert.ok(writes.length >= 3, `${writes.length} writes`);
    assert.ok(writing <= 0.1 * end, `writes took ${writing} ms of ${end}`);
    assert.deepEqual(
      notes.map((n) => n.kind),
      ['stretched'],
    );
    const [note] = notes as [Extract<CheckpointNote, { kind: 'stretched' }>];
    assert.equal(note.everySeconds, 0.005);
    assert.ok(note.intervalSeconds > note.everySeconds);
  });

  it('stops early enough before a time limit for the last checkpoint to be written within it', () => {
    const deadline = 2000;
    const { outcome, writes, end } = run({ states: 1_000_000, everyMs: 100, writeMs: (size) => 2 + Math.ceil(size / 2000), deadline });
    assert.equal(outcome.bound, 'timeLimit');
    const last = writes[writes.length - 1] as Write;
    assert.equal(last.written, true);
    assert.ok(last.end <= deadline, `the last write ended at ${last.end}`);
    assert.ok(end <= deadline);
  });

  it('gives up a write still going on at the time limit, one chunk past it at most, and says so once', () => {
    // Writes grow faster than they are foreseen: the last one cannot finish in time.
    const deadline = 3000;
    const { outcome, writes, notes } = run({ states: 1_000_000, everyMs: 100, writeMs: (size) => (size < 20_000 ? 5 : 4000), deadline });
    assert.equal(outcome.bound, 'timeLimit');
    const given = writes.filter((w) => !w.written);
    assert.ok(given.length >= 1);
    for (const w of given) assert.ok(w.end <= Math.max(w.start, deadline) + 1, `a write begun at ${w.start} given up at ${w.end}`);
    assert.deepEqual(
      notes.filter((n) => n.kind === 'notWritten'),
      [{ kind: 'notWritten', reason: 'timeLimit' }],
    );
  });

  it("writes the run's only checkpoint to its end, past the time limit, and gives it up when the run resumes from one", () => {
    // The first write, foreseen at 20 ms and a microsecond a state, takes 400 ms.
    const deadline = 1000;
    const only = run({ states: 1_000_000, everyMs: 60_000, writeMs: () => 400, deadline });
    assert.equal(only.outcome.bound, 'timeLimit');
    assert.deepEqual(
      only.writes.map((w) => w.written),
      [true],
    );
    assert.ok((only.writes[0] as Write).end > deadline, 'the write ran past the limit');
    assert.deepEqual(only.notes, []);
    const resumed = run({ states: 1_000_000, everyMs: 60_000, writeMs: () => 400, deadline, resumed: true });
    assert.deepEqual(
      resumed.writes.map((w) => w.written),
      [false],
    );
    assert.deepEqual(resumed.notes, [{ kind: 'notWritten', reason: 'timeLimit' }]);
  });

  it('keeps writing when the run grows faster than its writes can keep within a tenth of it, each write as soon as the last one allows', () => {
    // 200 states a millisecond, and a write takes 0.5 µs a state: a write at time t takes t / 10.
    let clock = 0;
    const size = (): number => 200 * clock;
    const starts: number[] = [];
    const notes: CheckpointNote[] = [];
    let writing = 0;
    let lastMs = 0;
    const checkpoint = new ScheduledCheckpoints<State>({
      everyMs: 1000,
      startedAt: 0,
      deadline: Infinity,
      now: () => clock,
      write: () => {
        const ms = size() * 0.0005;
        starts.push(clock);
        clock += ms;
        writing += ms;
        lastMs = ms;
        return true;
      },
      onNote: (note) => notes.push(note),
    });
    const snapshot = {} as ExploreSnapshot<State>;
    for (; clock < 60_000; clock += 4) {
      // The schedule's promise: the next write comes as soon as, if it takes as long as the last,
      // writing will have taken a tenth of the run, and never later.
      const promised = starts.length === 0 ? 1000 : Math.max(clock, 10 * (writing + lastMs) - lastMs);
      if (checkpoint.due(clock, size())) checkpoint.save(snapshot, size());
      else assert.ok(clock < promised + 4, `no write at ${clock} ms; promised by ${promised} ms`);
    }
    assert.ok(starts.length >= 5, `writes began at ${starts.join(', ')} ms`);
    assert.deepEqual(
      notes.map((n) => n.kind),
      ['stretched'],
    );
  });

  it('says the interval is stretched before the first write when a resumed run is large, not only after one', () => {
    let clock = 0;
    const notes: CheckpointNote[] = [];
    const checkpoint = new ScheduledCheckpoints<State>({
      everyMs: 1000,
      startedAt: 0,
      deadline: Infinity,
      now: () => clock,
      write: () => true,
      onNote: (note) => notes.push(note),
    });
    // A resumed run of 10 million states: its first write is foreseen at 10 s, so 90 s without writing.
    assert.equal(checkpoint.due(4, 10_000_000), false);
    assert.equal(notes.length, 1);
    const [note] = notes as [Extract<CheckpointNote, { kind: 'stretched' }>];
    assert.equal(note.kind, 'stretched');
    assert.ok(note.intervalSeconds >= 90, `${note.intervalSeconds} s`);
    clock = note.intervalSeconds * 1000;
    assert.equal(checkpoint.due(clock, 10_000_000), true);
  });
});
