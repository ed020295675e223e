import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { heedStopFlag, newStopFlag, raiseStopFlag } from '../../cli/stopFlag.js';

describe('the stop flag', () => {
  it('aborts the signal when it is read after the flag is raised, with the signal as the reason', () => {
    const flag = newStopFlag();
    const stop = new AbortController();
    heedStopFlag(stop, flag);
    assert.equal(stop.signal.aborted, false);
    raiseStopFlag(flag, 'SIGTERM');
    assert.equal(stop.signal.aborted, true);
    assert.equal(stop.signal.reason, 'SIGTERM');
  });

  it('fires the abort listeners once, and keeps the first reason', () => {
    const flag = newStopFlag();
    const stop = new AbortController();
    heedStopFlag(stop, flag);
    let heard = 0;
    stop.signal.addEventListener('abort', () => heard++);
    raiseStopFlag(flag, 'SIGINT');
    assert.equal(stop.signal.aborted, true);
    raiseStopFlag(flag, 'SIGTERM');
    assert.equal(stop.signal.aborted, true);
    assert.deepEqual([heard, stop.signal.reason], [1, 'SIGINT']);
  });

  it('leaves a signal aborted by its controller as it is', () => {
    const flag = newStopFlag();
    const stop = new AbortController();
    heedStopFlag(stop, flag);
    stop.abort('SIGINT');
    assert.deepEqual([stop.signal.aborted, stop.signal.reason], [true, 'SIGINT']);
  });

  it('is shared memory, seen by another thread', () => {
    const flag = newStopFlag();
    assert.ok(flag.buffer instanceof SharedArrayBuffer);
  });
});
