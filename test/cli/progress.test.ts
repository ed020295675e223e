import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memoryIo } from '../../cli/io.js';
import { progressReporter, simulationProgressReporter, StatusLine } from '../../cli/progress.js';

describe('progress on stderr', () => {
  it('is a line rewritten in place on a terminal, cleared when the run ends', () => {
    const io = memoryIo();
    (io as { stderrIsTTY: boolean }).stderrIsTTY = true;
    const line = new StatusLine(io);
    line.show('one', 'unused');
    line.show('two', 'unused');
    line.finish();
    line.finish();
    assert.equal(io.stderr, '\r\x1b[2K  one\r\x1b[2K  two\r\x1b[2K');
  });

  it('is a line of its own each time in a pipe, with nothing to clear', () => {
    const io = memoryIo();
    const line = new StatusLine(io);
    line.show('unused', 'one');
    line.show('unused', 'two');
    line.finish();
    assert.equal(io.stderr, 'one\ntwo\n');
  });

  it("is TLC's Progress line for check and a behaviours line for simulate in a pipe, and nothing with --quiet", () => {
    const io = memoryIo();
    progressReporter(io, false).onProgress({ depth: 3, generated: 1200, distinct: 600, queue: 40, seconds: 60 });
    simulationProgressReporter(io, false).onProgress({ behaviours: 300, states: 9000, seconds: 3 });
    const [check, simulate] = io.stderr.split('\n');
    assert.match(check ?? '', /^Progress\(3\) at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d: 1,200 states generated \(1,200 s\/min\), 600 distinct states found \(600 ds\/min\), 40 states left on queue\.$/);
    assert.match(simulate ?? '', /^Progress at .*: 300 behaviours sampled \(100\/s\), 9,000 states visited\.$/);
    const quiet = memoryIo();
    progressReporter(quiet, true).onProgress({ depth: 3, generated: 1200, distinct: 600, queue: 40, seconds: 60 });
    simulationProgressReporter(quiet, true).onProgress({ behaviours: 300, states: 9000, seconds: 3 });
    assert.equal(quiet.stderr, '');
  });
});
