import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSync, compile } from '../../checker/index.js';
import { explainViolation, slaveBgsave } from '../../spec/pika/index.js';
import type { SlaveBgsaveConstants } from '../../spec/pika/index.js';
import { labels } from './cells.js';
import type { Cell } from './cells.js';

const INVARIANTS = ['SnapshotCoversApplied', 'OffsetNotAhead', 'DataMatchesOffset'] as const;
const CRASH = { pikaVersion: 'v4.0.1', offsetSource: 'drain', crashes: 1 } as const;

/** Each invariant alone, by fingerprint and in exact mode, which must agree. */
function cellsOf(constants: Partial<SlaveBgsaveConstants>): Cell[] {
  return INVARIANTS.map((invariant) => {
    const cell = (exact: boolean): Cell => {
      const result = checkSync(slaveBgsave, { constants, invariants: [invariant], exact });
      const verdict = result.invariants[0]!;
      if (verdict.verdict === 'violated') return verdict.trace!.length;
      assert.equal(result.status, 'ok');
      return [result.stats.distinct, result.stats.generated, result.stats.depth];
    };
    const fingerprint = cell(false);
    assert.deepEqual(cell(true), fingerprint, `${invariant}: exact mode agrees`);
    return fingerprint;
  });
}

describe('PikaSlaveBgsave with a crash and a restart', () => {
  const TABLE: readonly (readonly [resumeFrom: string, entries: number, keys: number, cells: readonly Cell[]])[] = [
    // As Pika: the restarted slave resumes at its binlog offset, past the writes the crash lost.
    ['binlog', 2, 1, [[103, 137, 12], 5, 3]],
    ['binlog', 3, 2, [[409, 755, 16], 5, 3]],
    // Resuming at the applied prefix is enough with one worker, and applies twice with two.
    ['applied', 2, 1, [[72, 113, 12], [72, 113, 12], [72, 113, 12]]],
    ['applied', 3, 2, [[440, 889, 21], [440, 889, 21], 14]],
    // The fix: the applied prefix, skipping what is already applied past it.
    ['applied+dedupe', 2, 1, [[72, 113, 12], [72, 113, 12], [72, 113, 12]]],
    ['applied+dedupe', 3, 2, [[291, 634, 17], [291, 634, 17], [291, 634, 17]]],
    ['applied+dedupe', 4, 3, [[1182, 3385, 21], [1182, 3385, 21], [1182, 3385, 21]]],
  ];
  for (const [resumeFrom, entries, keys, cells] of TABLE) {
    it(`resume from ${resumeFrom}, ${entries} entries / ${keys} keys: every invariant`, () => {
      assert.deepEqual(cellsOf({ ...CRASH, resumeFrom, entries, keys }), cells);
    });
  }

  it('the fix holds through two crashes', () => {
    assert.deepEqual(cellsOf({ ...CRASH, crashes: 2, resumeFrom: 'applied+dedupe' }), Array(3).fill([449, 1058, 17]));
  });

  it('without crashes nothing changes: the crash step is absent and the TLC figures stand', () => {
    assert.ok(!compile(slaveBgsave, {}).actions.some((a) => a.name === 'CrashRestart'));
    assert.ok(compile(slaveBgsave, { crashes: 1 }).actions.some((a) => a.name === 'CrashRestart'));
    assert.deepEqual(cellsOf({ offsetSource: 'drain' }), Array(3).fill([133, 235, 16]));
    assert.deepEqual(cellsOf({ offsetSource: 'binlog' }), [[344, 593, 16], 4, [344, 593, 16]]);
  });

  it('the shortest loss: an entry received, then the crash; the slave claims it and never applies it', () => {
    const trace = checkSync(slaveBgsave, { constants: CRASH, invariants: ['DataMatchesOffset'] }).invariants[0]!.trace!;
    assert.deepEqual(labels(trace), ['Receive', 'CrashRestart']);
    const last = trace.at(-1)!.state;
    assert.equal(last.rcv, 1);
    assert.equal(last.db.get('k1'), 0);
    assert.equal(
      explainViolation('DataMatchesOffset', last),
      "Nothing is queued and the slave's binlog claims entries 1..1, yet k1 is 0 where the master's entries make it 1.\n" +
        'Entry #1 was queued for its DB worker when the slave crashed; the restarted slave resumed at its binlog offset, past it, and never applies it.',
    );
  });

  it('the naive fix applies entry 2 twice: once before the crash, once after resuming at prefix 0', () => {
    const trace = checkSync(slaveBgsave, { constants: { ...CRASH, resumeFrom: 'applied' }, invariants: ['DataMatchesOffset'] }).invariants[0]!.trace!;
    const steps = labels(trace);
    assert.deepEqual(steps.slice(0, 5), ['Receive', 'Receive', 'WorkerLock(k2)', 'WorkerApply(k2)', 'CrashRestart']);
    assert.equal(steps.filter((s) => s === 'WorkerApply(k2)').length, 2);
    assert.match(explainViolation('DataMatchesOffset', trace.at(-1)!.state), /k2 is 2 where the master's entries make it 1\.\nAn entry was applied twice/);
  });

  it('shows the crash count as a variable only where crashes are modelled', () => {
    const names = (constants: Partial<SlaveBgsaveConstants>) => {
      const model = compile(slaveBgsave, constants);
      return model.variables([...model.init()][0]!).map(([name]) => name);
    };
    assert.ok(!names({}).includes('crashes'));
    assert.equal(names({ crashes: 1 }).at(-1), 'crashes');
  });
});
