import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ExitCode, firstOf } from '../../cli/exitCodes.js';
import { stdioFailureLine } from '../../cli/stdio.js';
import { CLI_MAIN } from './run.js';

/** Runs the CLI with `stdout` as its standard output; its exit code and stderr. */
async function withStdout(args: readonly string[], stdout: number | 'pipe', closeAtOnce = false): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI_MAIN, ...args], { stdio: ['ignore', stdout, 'pipe'] });
  if (closeAtOnce) child.stdout?.destroy();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  return { code, stderr };
}

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

  it('pika-mc check > /dev/full: one line on stderr, exit 74', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const run = await withStdout(['check', '--clients', '2', '--quiet'], full);
      assert.equal(run.stderr, 'pika-mc: cannot write to stdout: no space left on device (ENOSPC)\n');
      assert.equal(run.code, 74);
    } finally {
      closeSync(full);
    }
  });

  it('pika-mc check with its reader gone: one line on stderr, exit 74', async () => {
    const run = await withStdout(['check', '--clients', '2', '--quiet'], 'pipe', true);
    assert.equal(run.stderr, 'pika-mc: cannot write to stdout: the reader has closed it (EPIPE)\n');
    assert.equal(run.code, 74);
  });
});
