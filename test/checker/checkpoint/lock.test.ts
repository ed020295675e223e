import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lockCheckpointDir, refreshCheckpointLock, takeOver } from '../../../checker/checkpoint/lock.js';
import { EngineIoError } from '../../../checker/errors.js';
import { CLI_MAIN, cli } from '../../cli/run.js';
import { checkpointDir, figures, gridSpecFolder } from '../../trust/gridSpec.js';

const LONG_RUN = ['check', '--lock-scope', 'command+binlog', '--clients', '3', '--keys', '2', '--ops', '2', '--time-limit', '60', '--quiet'];

async function until(done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1200 && !done(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(done(), `timed out waiting for ${what}`);
}

/** The pid of a process that has ended. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((r) => child.on('exit', r));
  return child.pid as number;
}

describe('one checkpoint directory, one run', () => {
  it('refuses a second run while the first holds the directory, and the first releases it when it ends', async () => {
    const dir = checkpointDir();
    const first = spawn(process.execPath, [CLI_MAIN, ...LONG_RUN, '--checkpoint', dir], { stdio: 'ignore' });
    const exited = new Promise<number | null>((r) => first.on('exit', (code) => r(code)));
    await until(() => existsSync(join(dir, 'lock')), 'the first run to lock the directory');
    const second = await cli([...LONG_RUN, '--checkpoint', dir]);
    assert.equal(second.code, 2, second.stderr);
    assert.match(second.stderr, new RegExp(`the checkpoint directory .* is in use by another run \\(pid ${first.pid}\\)`));
    const resuming = await cli(['check', '--resume', dir]);
    assert.equal(resuming.code, 2);
    first.kill('SIGTERM');
    assert.equal(await exited, 143);
    assert.equal(existsSync(join(dir, 'lock')), false);
    assert.ok(existsSync(join(dir, 'checkpoint.bin')));
  });

  it('refuses a second run in the same process', async () => {
    const { spec } = gridSpecFolder();
    const dir = checkpointDir();
    const runs = await Promise.all([0, 1].map(() => cli(['check', '--spec', spec, '--const', 'N=100', '--checkpoint', dir, '--quiet'])));
    assert.deepEqual(runs.map((r) => r.code).sort(), [0, 2]);
    assert.match(runs.find((r) => r.code === 2)?.stderr ?? '', new RegExp(`in use by another run \\(pid ${process.pid}, this process\\)`));
    assert.equal(existsSync(join(dir, 'lock')), false);
  });

  it('takes over a lock left by a run that is gone, and the partial checkpoint it left', async () => {
    const { spec } = gridSpecFolder();
    const dir = checkpointDir();
    writeFileSync(join(dir, 'lock'), `${await deadPid()}\n`);
    writeFileSync(join(dir, 'checkpoint.bin.tmp'), 'a checkpoint cut short');
    const stopped = await cli(['check', '--spec', spec, '--checkpoint', dir, '--max-states', '600', '--quiet']);
    assert.equal(stopped.code, 152, stopped.stderr);
    assert.equal(existsSync(join(dir, 'lock')), false);
    assert.equal(existsSync(join(dir, 'checkpoint.bin.tmp')), false);
    const resumed = await cli(['check', '--spec', spec, '--resume', dir, '--format', 'json', '--quiet']);
    assert.deepEqual(figures(resumed.stdout), [3721, 7321, 121]);
  });

  it("takes over a lock with this process's pid left by another process once its lease has run out (a container's pid 1 after a restart)", async () => {
    const { spec } = gridSpecFolder();
    const started = Math.round(Date.now() / 1000 - process.uptime());
    const minutesAgo = new Date(Date.now() - 2 * 60_000);
    // The CLI runs in this process (cli()): the lock's pid is this process's, its start an hour before, or not written.
    for (const text of [`${process.pid} ${started - 3600}\n`, `${process.pid}\n`]) {
      const dir = checkpointDir();
      writeFileSync(join(dir, 'lock'), text);
      // Touched just now: another live process with this pid (a container sharing the folder) may hold it.
      const fresh = await cli(['check', '--spec', spec, '--checkpoint', dir, '--max-states', '600', '--quiet']);
      assert.equal(fresh.code, 2, fresh.stderr);
      assert.match(fresh.stderr, /in use by another run \(pid \d+, in another process with this pid: its lock is taken over once untouched for a minute\)/);
      // Untouched for two minutes: its lease has run out.
      utimesSync(join(dir, 'lock'), minutesAgo, minutesAgo);
      const run = await cli(['check', '--spec', spec, '--checkpoint', dir, '--max-states', '600', '--quiet']);
      assert.equal(run.code, 152, run.stderr);
      assert.equal(existsSync(join(dir, 'lock')), false);
    }
    // Its own start: this process's lock, refused.
    const dir = checkpointDir();
    writeFileSync(join(dir, 'lock'), `${process.pid} ${started}\n`);
    const refused = await cli(['check', '--spec', spec, '--checkpoint', dir, '--max-states', '600', '--quiet']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /in use by another run \(pid \d+, this process\)/);
  });

  it('leaves no file behind when the lock cannot be written (a full disk)', () => {
    const dir = checkpointDir();
    // The file the lock is written to first, made writable but full: /dev/full refuses every write
    // (ENOSPC). Its name holds this process's start, in seconds: each rounding of it is given.
    const started = Math.round(Date.now() / 1000 - process.uptime());
    const names = [started - 1, started, started + 1].map((s) => `lock.${process.pid}.${s}`);
    for (const name of names) symlinkSync('/dev/full', join(dir, name));
    // The disk's failure, not the command line's: an I/O error (exit 74), as a checkpoint write's is.
    assert.throws(() => lockCheckpointDir(dir), (e: Error) => e instanceof EngineIoError && e.code === 'ENOSPC' && /cannot lock the checkpoint directory .* \(ENOSPC\)/.test(e.message));
    const left = readdirSync(dir);
    assert.equal(left.length, names.length - 1, `left: ${left.join(', ')}`);
    assert.ok(left.every((name) => names.includes(name)));
  });

  it('a full disk at the lock is an I/O error from the CLI too: one line, exit 74', async () => {
    const dir = checkpointDir();
    const started = Math.round(Date.now() / 1000 - process.uptime());
    for (const s of [started - 1, started, started + 1]) symlinkSync('/dev/full', join(dir, `lock.${process.pid}.${s}`));
    const run = await cli(['check', '--spec', gridSpecFolder().spec, '--checkpoint', dir, '--quiet']);
    assert.equal(run.code, 74, run.stderr);
    assert.match(run.stderr, /^error: cannot lock the checkpoint directory .* \(ENOSPC\)\n$/);
  });

  it('touches only a lock this process holds, to renew its lease', () => {
    const dir = checkpointDir();
    const path = join(dir, 'lock');
    const past = new Date(Date.now() - 5 * 60_000);
    const release = lockCheckpointDir(dir);
    utimesSync(path, past, past);
    refreshCheckpointLock(dir);
    assert.ok(Date.now() - statSync(path).mtimeMs < 60_000);
    release();
    writeFileSync(path, `${process.pid} 12345\n`);
    utimesSync(path, past, past);
    refreshCheckpointLock(dir);
    assert.ok(Date.now() - statSync(path).mtimeMs > 4 * 60_000);
  });

  it('a run that found a lock stale does not remove the lock another run has taken over since', async () => {
    const dir = checkpointDir();
    const path = join(dir, 'lock');
    const gone = await deadPid();
    // This run saw the lock of a run that is gone; before it acts, another run takes it over.
    const seen = { pid: gone, started: undefined, text: `${gone}\n` };
    writeFileSync(path, `${process.ppid}\n`);
    takeOver(dir, path, seen);
    assert.equal(readFileSync(path, 'utf8'), `${process.ppid}\n`);
    assert.equal(existsSync(join(dir, 'lock.takeover')), false);
    // Still the stale lock it saw: removed, for this run to take.
    writeFileSync(path, `${gone}\n`);
    takeOver(dir, path, seen);
    assert.equal(existsSync(path), false);
  });
});
