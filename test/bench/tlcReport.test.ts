import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TlcSample } from '../../bench/tlc.js';
import { tlcReport } from '../../bench/tlcReport.js';

const EXPECTED = { distinct: 11561, generated: 25337, depth: 26 };

const sample = (seconds: number, counts = EXPECTED, maxRssBytes: number | undefined = 300 * 2 ** 20): TlcSample => ({
  outcome: { status: 'ok', ...counts },
  seconds,
  processSeconds: seconds + 1,
  maxRssBytes,
});

describe("the bench's report of TLC's runs", () => {
  it("gives TLC's time over pika-mc's by medians and round by round, with TLC's counts, time and peak RSS", () => {
    const report = tlcReport(1, [sample(4), sample(6, EXPECTED, 500 * 2 ** 20)], [2, 2], EXPECTED, 'TLC');
    assert.equal(report.failed, false);
    assert.equal(report.wrong, false);
    assert.match(report.line, /^ {2}TLC +1 +11561 +25337 +26 +5\.00 \[4\.00–6\.00\]/);
    assert.match(report.line, /\b500 MB\b/);
    assert.match(report.line, /TLC time \/ pika-mc time 2\.50× by medians, 2\.50× \[2\.00–3\.00\] by rounds$/);
    assert.deepEqual(report.entry['timeRatio'], { byMedians: 2.5, byRounds: { median: 2.5, min: 2, max: 3, runs: [2, 3] } });
    assert.equal(report.entry['peakRssBytes'], 500 * 2 ** 20);
    assert.equal(report.entry['countsMatchExpected'], true);
  });

  it('flags TLC counts that differ from the expected ones instead of accepting them', () => {
    const report = tlcReport(2, [sample(4), sample(4, { ...EXPECTED, distinct: 11560 })], [2, 2], EXPECTED, 'TLC');
    assert.equal(report.wrong, true);
    assert.match(report.line, /WRONG COUNTS \(TLC: \{"distinct":11561,"generated":25337,"depth":26\}; TLC: .*"distinct":11560/);
    assert.equal(report.entry['countsMatchExpected'], false);
  });

  it('reports a failed run as the failure of the row, with its reason, and an unknown peak RSS as such', () => {
    const failed: TlcSample = { outcome: { status: 'failed', problem: 'exit 150: Error: parse failed' }, seconds: 1, processSeconds: 1, maxRssBytes: undefined };
    const report = tlcReport(1, [sample(4), failed], [2, 2], EXPECTED, 'TLC');
    assert.equal(report.failed, true);
    assert.match(report.line, /^ {2}TLC +1 {2}TLC failed: exit 150: Error: parse failed$/);
    assert.deepEqual(report.entry, { workers: 1, failed: 'exit 150: Error: parse failed' });
    assert.match(tlcReport(1, [{ ...sample(4), maxRssBytes: undefined }], [2], EXPECTED, 'TLC').line, / {5}\? MB/);
  });
});
