import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { ExitCode, firstOf } from '../../cli/exitCodes.js';
import { stdioFailureLine, writeAll } from '../../cli/stdio.js';

/** A process that writes 1 MB to its stdout with writeAll and reports a failure as the CLI does. */
const WRITER = `
import { writeAll, stdioFailureLine } from ${JSON.stringify(new URL('../../cli/stdio.js', import.meta.url).href)};
try {
  await writeAll(process.stdout, 'x'.repeat(1 << 20));
} catch (error) {
  const line = stdioFailureLine('stdout', error);
  process.stderr.write(line ?? 'not classified: ' + String(error) + '\\n');
  process.exitCode = line === undefined ? 1 : 74;
}
`;

describe('exit code 74: stdout cannot be written', () => {
  it('IoError is 74 and wins over every verdict, not over an internal error', () => {
    assert.equal(ExitCode.IoError, 74);
    assert.equal(firstOf([ExitCode.Violation, ExitCode.IoError, ExitCode.Deadlock]), ExitCode.IoError);
    assert.equal(firstOf([ExitCode.SpecError, ExitCode.IoError]), ExitCode.IoError);
    assert.equal(firstOf([ExitCode.IoError, ExitCode.Internal]), ExitCode.Internal);
  });

  it('stdioFailureLine: one line for a closed or full stream, nothing for other errors', () => {
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    assert.equal(stdioFailureLine('stdout', enospc), 'pika-mc: cannot write to stdout: no space left on device (ENOSPC)\n');
    assert.match(stdioFailureLine('stderr', { code: 'EPIPE' }) ?? '', /^pika-mc: cannot write to stderr: the reader has closed it \(EPIPE\)\n$/);
    assert.equal(stdioFailureLine('stdout', new TypeError('a bug')), undefined);
    assert.equal(stdioFailureLine('stdout', Object.assign(new Error('x'), { code: 'ENOENT' })), undefined);
    assert.equal(stdioFailureLine('stdout', undefined), undefined);
  });

  it('writeAll resolves once the stream has taken the text, and rejects with its error', async () => {
    let taken = '';
    const ok = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        taken += chunk.toString();
        callback();
      },
    });
    await writeAll(ok, 'hello');
    assert.equal(taken, 'hello');
    const full = new Writable({
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
      },
    });
    await assert.rejects(writeAll(full, 'x'), { code: 'ENOSPC' });
    // The stream is destroyed now: a later write is refused at once, and nothing is thrown uncaught.
    await assert.rejects(writeAll(full, 'y'), { code: 'ERR_STREAM_DESTROYED' });
    await new Promise((resolve) => setImmediate(resolve));
  });

  it('a real stdout on /dev/full: rejects with ENOSPC, no uncaught error event', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', WRITER], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' });
      assert.equal(run.stderr, 'pika-mc: cannot write to stdout: no space left on device (ENOSPC)\n');
      assert.equal(run.status, 74);
    } finally {
      closeSync(full);
    }
  });

  it('a real stdout whose reader has gone: rejects with EPIPE, no uncaught error event', async () => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', WRITER], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    assert.equal(stderr, 'pika-mc: cannot write to stdout: the reader has closed it (EPIPE)\n');
    assert.equal(status, 74);
  });
});
