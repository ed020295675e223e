import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';

/** The lock file of a checkpoint directory: it holds the pid of the run that writes there. */
export const LOCK_FILE = 'lock';

/** Whether a process with this pid is alive (one of another user's counts as alive). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (cause) {
    return (cause as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holderOf(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the checkpoint directory `dir` for this process, so that two runs never write one
 * checkpoint: creates its lock file (exclusively) with this process's pid, and returns what
 * releases it. A lock whose process is no longer alive (a run killed before it could release it) is
 * taken over. Refuses (UsageError) a directory another live run holds, this process included.
 */
export function lockCheckpointDir(dir: string): () => void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (cause) {
    throw new UsageError(`cannot create the checkpoint directory ${dir} (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`);
  }
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw new UsageError(`cannot lock the checkpoint directory ${dir} (${code ?? String(cause)})`);
      const holder = holderOf(path);
      if (holder !== undefined && alive(holder)) {
        throw new UsageError(
          `the checkpoint directory ${dir} is in use by another run (pid ${holder}${holder === process.pid ? ', this process' : ''}); give each run its own directory`,
        );
      }
      if (holder === undefined && attempt < 3) {
        // Being written this instant, or left empty by a run killed as it wrote it: look again shortly.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
        continue;
      }
      // Left by a run that is gone: taken over.
      try {
        unlinkSync(path);
      } catch {
        // Another run took it over first; the next attempt sees its lock.
      }
      continue;
    }
    try {
      writeSync(fd, `${process.pid}\n`);
    } finally {
      closeSync(fd);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (holderOf(path) !== process.pid) return;
      try {
        unlinkSync(path);
      } catch {
        // Already gone: nothing to release.
      }
    };
  }
  throw new UsageError(`the checkpoint directory ${dir} is in use by another run; give each run its own directory`);
}

/**
 * Removes the lock of `dir` when this process holds it: for a supervisor that ends the run's thread
 * before the run could release it itself.
 */
export function releaseCheckpointLock(dir: string): void {
  const path = join(dir, LOCK_FILE);
  if (holderOf(path) !== process.pid) return;
  try {
    unlinkSync(path);
  } catch {
    // Already gone: nothing to release.
  }
}
