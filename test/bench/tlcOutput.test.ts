import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseTlcOutput } from '../../bench/tlcOutput.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test', 'fixtures', 'tlc');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

describe("the bench's reading of TLC's output", () => {
  it('takes the figures of a real TLC run that found no error (PikaReplication, 3 clients, 2 keys, 1 op)', () => {
    assert.deepEqual(parseTlcOutput(fixture('pika-3-2-1.txt'), 0), { status: 'ok', distinct: 11561, generated: 25337, depth: 26 });
  });

  it("takes the final figures, not a progress line's, and reads numbers with thousands separators", () => {
    const output = [
      'Progress(1504) at 2026-11-23 19:34:42: 2,075,358 states generated (62,260,740 s/min), 1,038,867 distinct states found (31,166,010 ds/min), 897 states left on queue.',
      'Model checking completed. No error has been found.',
      '2,882,402 states generated, 1,442,401 distinct states found, 0 states left on queue.',
      'The depth of the complete state graph search is 2401.',
      'Finished in 04s at (2026-11-23 19:34:43)',
    ].join('\r\n');
    assert.deepEqual(parseTlcOutput(output, 0), { status: 'ok', distinct: 1442401, generated: 2882402, depth: 2401 });
  });

  it('reports a real violation as a failure with its exit code and first Error line, not as figures', () => {
    assert.deepEqual(parseTlcOutput(fixture('pika-2-1-1-command-violation.txt'), 12), {
      status: 'failed',
      problem: 'exit 12: Error: Invariant SnapshotCoversApplied is violated.',
    });
  });

  it('reports an exit 0 without "No error has been found" or without its figures as a failure', () => {
    const figures = fixture('pika-3-2-1.txt');
    assert.equal(parseTlcOutput(figures.replace('Model checking completed. No error has been found.', ''), 0).status, 'failed');
    assert.deepEqual(parseTlcOutput(figures.replace(/^The depth .*$/m, ''), 0), { status: 'failed', problem: 'exit 0 without the depth line' });
    assert.deepEqual(parseTlcOutput(figures.replace(/^\d+ states generated.*$/m, ''), 0), {
      status: 'failed',
      problem: 'exit 0 without the states generated/distinct line',
    });
  });

  it('names the last line printed when TLC stops without an Error line, and a run that was killed', () => {
    const crash = 'TLC2 Version 2.19\nException in thread "main" java.lang.OutOfMemoryError: Java heap space\n';
    assert.deepEqual(parseTlcOutput(crash, 1), { status: 'failed', problem: 'exit 1: Exception in thread "main" java.lang.OutOfMemoryError: Java heap space' });
    assert.deepEqual(parseTlcOutput(fixture('pika-3-2-1.txt'), null), { status: 'failed', problem: 'killed: Finished in 10s at (2026-12-06 23:54:52)' });
  });
});
