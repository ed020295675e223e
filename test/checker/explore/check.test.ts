import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { residentMemory } from '../../../checker/explore/check.js';

describe('resident memory, as the maxMemory bound reads it', () => {
  it('is read again only once 20 ms have passed since the last reading', () => {
    let clock = 1000;
    let readings = 0;
    const rss = mock.method(process.memoryUsage, 'rss', () => ++readings * 1024);
    try {
      const memory = residentMemory(() => clock);
      assert.equal(memory(), 1024, 'the first call reads it');
      clock += 19.9;
      assert.equal(memory(), 1024);
      assert.equal(readings, 1);
      clock += 0.1;
      assert.equal(memory(), 2048, '20 ms later it is read again');
      for (let i = 0; i < 1000; i++) memory();
      assert.equal(readings, 2);
    } finally {
      rss.mock.restore();
    }
  });
});
