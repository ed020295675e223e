import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import type { Worker } from 'node:worker_threads';
import { SpecExitError } from '../../../checker/index.js';
import { WorkerHandle } from '../../../checker/parallel/pool.js';
import type { Command, Report } from '../../../checker/parallel/protocol.js';

/** A worker thread that answers nothing by itself: the test posts its reports. */
class FakeWorker extends EventEmitter {
  readonly posted: Command[] = [];
  postMessage(command: Command): void {
    this.posted.push(command);
  }
  terminate(): Promise<number> {
    return Promise.resolve(0);
  }
}

/** What a promise has come to after the pending callbacks ran: its value, its error, or 'pending'. */
async function stateOf<T>(promise: Promise<T>): Promise<T | Error | 'pending'> {
  const marker = new Promise<'pending'>((resolve) => setImmediate(() => resolve('pending')));
  return Promise.race([promise.catch((error: Error) => error), marker]);
}

const level: Command = { kind: 'give', count: 1 };

describe('a worker handle', () => {
  it('keeps a report that comes before anyone waits for it', async () => {
    const fake = new FakeWorker();
    const handle = new WorkerHandle(fake as unknown as Worker);
    fake.emit('message', { kind: 'ready' } satisfies Report);
    assert.deepEqual(await stateOf(handle.report()), { kind: 'ready' });
  });

  it('fails the command under way when the thread fails, and every command after', async () => {
    const fake = new FakeWorker();
    const handle = new WorkerHandle(fake as unknown as Worker);
    const under = handle.request(level);
    assert.equal(await stateOf(under), 'pending');
    fake.emit('error', new Error('out of memory'));
    assert.match(String(await stateOf(under)), /out of memory/);
    assert.match(String(await stateOf(handle.request(level))), /out of memory/);
  });

  it('answers a command with the report that follows it', async () => {
    const fake = new FakeWorker();
    const handle = new WorkerHandle(fake as unknown as Worker);
    const given = handle.request(level);
    assert.deepEqual(fake.posted, [level]);
    fake.emit('message', { kind: 'ready' } satisfies Report);
    assert.deepEqual(await stateOf(given), { kind: 'ready' });
  });

  it('fails with a spec error naming process.exit when the thread ends by itself, as a spec that calls it ends it', async () => {
    const fake = new FakeWorker();
    const handle = new WorkerHandle(fake as unknown as Worker);
    const under = handle.request(level);
    fake.emit('exit', 3);
    const error = await stateOf(under);
    assert.ok(error instanceof SpecExitError, String(error));
    assert.equal(error.code, 3);
    assert.match(error.message, /the spec ended a worker thread by calling process\.exit\(3\)/);
  });

  it('keeps the error a thread failed with over the exit that follows it', async () => {
    const fake = new FakeWorker();
    const handle = new WorkerHandle(fake as unknown as Worker);
    fake.emit('error', new Error('out of memory'));
    fake.emit('exit', 1);
    const error = await stateOf(handle.report());
    assert.ok(!(error instanceof SpecExitError));
    assert.match(String(error), /out of memory/);
  });
});
