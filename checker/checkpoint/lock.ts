import { linkSync, mkdirSync, readFileSync, rmdirSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineIoError, UsageError } from '../errors.js';

/** The lock file of a checkpoint directory: it holds the pid of the run that writes there, and when its process started. */
export const LOCK_FILE = 'lock';

/**
 * When this process started, in seconds since the epoch: with the pid it tells this process from
 * an earlier one that had the same pid (in a container every first process is pid 1). Worker
 * threads compute it too, a rounding apart at most.
 */
const STARTED = Math.round(Date.now() / 1000 - process.uptime());

/** What a lock file says: the pid of its run, and when that run's process started (absent in a lock of an older pika-mc). */
export interface Holder {
  readonly pid: number;
  readonly started: number | undefined;
  /** The file's text, to tell whether the lock changed hands. */
  readonly text: string;
}

/** Whether `holder` is this process (its pid, and a start within a rounding of this one's). */
function isThisProcess(holder: Holder | undefined): boolean {
  return holder !== undefined && holder.pid === process.pid && holder.started !== undefined && Math.abs(holder.started - STARTED) <= 1;
}

/**
 * A lock's lease: its holder touches it every LEASE_REFRESH_MS while it runs (see refreshCheckpointLock),
 * and a lock with this process's pid but another process's start (one in another container that
 * shares the folder, or an earlier one that is gone) is taken over only once LEASE_MS have passed
 * since it was last touched. No other test of liveness can tell those two apart.
 */
export const LEASE_REFRESH_MS = 10_000;
const LEASE_MS = 60_000;

/** Milliseconds since the lock file `path` was last touched (Infinity when it cannot be read). */
function untouchedFor(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return Infinity;
  }
}

/** Whether a process with this pid is alive (one of another user's counts as alive). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (cause) {
    return (cause as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holderOf(path: string): Holder | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    const [pid, started] = text.trim().split(/\s+/).map((word) => Number.parseInt(word, 10));
    if (pid === undefined || !Number.isInteger(pid) || pid <= 0) return undefined;
    return { pid, started: started !== undefined && Number.isInteger(started) ? started : undefined, text };
  } catch {
    return undefined;
  }
}

/**
 * Whether the run that holds the lock `path` is still running: its process is alive; and when it
 * has this process's pid, it is this process, or another whose lease has not run out.
 */
function running(holder: Holder, path: string): boolean {
  if (holder.pid !== process.pid) return alive(holder.pid);
  return isThisProcess(holder) || untouchedFor(path) < LEASE_MS;
}

/** Touches the lock of `dir` when this process holds it: its lease runs on (see LEASE_MS). */
export function refreshCheckpointLock(dir: string): void {
  const path = join(dir, LOCK_FILE);
  if (!isThisProcess(holderOf(path))) return;
  try {
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    // Gone: nothing to refresh.
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
    throw lockError('create', dir, cause);
  }
  const path = join(dir, LOCK_FILE);
  // The lock appears with its pid in it (linked from a file written first), never empty.
  const mine = join(dir, `${LOCK_FILE}.${process.pid}.${STARTED}`);
  try {
    writeFileSync(mine, `${process.pid} ${STARTED}\n`);
  } catch (cause) {
    // A write that fails once the file is made (a full disk) leaves it: it is removed, as the run is refused.
    try {
      rmSync(mine, { force: true });
    } catch {
      // Not made, or not removable where nothing could be written.
    }
    throw lockError('lock', dir, cause);
  }
  try {
    acquire(dir, path, mine);
  } finally {
    unlinkSync(mine);
  }
  // The lease runs on while this thread's event loop does; a supervisor touches it too (see refreshCheckpointLock).
  const lease = setInterval(() => refreshCheckpointLock(dir), LEASE_REFRESH_MS);
  lease.unref();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    clearInterval(lease);
    if (!isThisProcess(holderOf(path))) return;
    try {
      unlinkSync(path);
    } catch {
      // Already gone: nothing to release.
    }
  };
}

/** What the machine refuses a folder that is fine to ask for: a disk full, failing or read-only, or a permission. */
const MACHINE_REFUSALS = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'EIO', 'EROFS', 'EACCES', 'EPERM']);

/**
 * Why a checkpoint folder cannot be taken: what the machine refuses is an I/O error (exit 74), as a
 * refused write of the checkpoint itself is; a path that cannot be a folder (a file on the way) is
 * the command line's mistake (exit 2).
 */
function lockError(what: 'create' | 'lock', dir: string, cause: unknown): Error {
  const code = (cause as NodeJS.ErrnoException).code;
  const message = `cannot ${what} the checkpoint directory ${dir} (${code ?? String(cause)})`;
  return code !== undefined && MACHINE_REFUSALS.has(code) ? new EngineIoError(dir, code, message) : new UsageError(message);
}

/** Links `mine` (this process's pid) as the lock `path`, taking over a lock whose run is gone. */
function acquire(dir: string, path: string, mine: string): void {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      linkSync(mine, path);
      return;
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw lockError('lock', dir, cause);
    }
    const holder = holderOf(path);
    if (holder !== undefined && running(holder, path)) {
      throw new UsageError(
        `the checkpoint directory ${dir} is in use by another run (pid ${holder.pid}${
          isThisProcess(holder) ? ', this process' : holder.pid === process.pid ? ', in another process with this pid: its lock is taken over once untouched for a minute' : ''
        }); give each run its own directory`,
      );
    }
    // Left by a run that is gone (or unreadable): taken over, by one run at a time (see takeOver).
    takeOver(dir, path, holder);
  }
  throw new UsageError(`the checkpoint directory ${dir} is in use by another run; give each run its own directory`);
}

/** The folder whose creation (atomic) lets one run at a time take over a stale lock. */
const TAKEOVER = 'lock.takeover';

/** A takeover folder older than this was left by a run killed while it took over: it is removed. */
const TAKEOVER_STALE_MS = 10_000;

/**
 * Removes the stale lock `path` (left by `holder`, or empty) unless another run has taken it over
 * meanwhile. Without the takeover folder two runs could both see the stale lock, one remove it and
 * create its own, and the other then remove that new lock and create a second: both would write.
 */
export function takeOver(dir: string, path: string, holder: Holder | undefined): void {
  const guard = join(dir, TAKEOVER);
  try {
    mkdirSync(guard);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') throw lockError('lock', dir, cause);
    try {
      if (Date.now() - statSync(guard).mtimeMs > TAKEOVER_STALE_MS) rmdirSync(guard);
    } catch {
      // Gone already: the next attempt looks again.
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    return;
  }
  try {
    // Still the lock that was found stale: nobody took it over while this run waited for the folder.
    if (holderOf(path)?.text === holder?.text) unlinkSync(path);
  } catch {
    // Removed already: the next attempt creates the lock.
  } finally {
    rmdirSync(guard);
  }
}

/**
 * Removes the lock of `dir` when this process holds it: for a supervisor that ends the run's thread
 * before the run could release it itself. The files named in `unfinished` (a write the run did not
 * finish) are removed first, as only the lock's holder may.
 */
export function releaseCheckpointLock(dir: string, unfinished: readonly string[] = []): void {
  const path = join(dir, LOCK_FILE);
  if (!isThisProcess(holderOf(path))) return;
  for (const name of unfinished) rmSync(join(dir, name), { force: true });
  try {
    unlinkSync(path);
  } catch {
    // Already gone: nothing to release.
  }
}
