import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, constants, existsSync, mkdtempSync, openSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHECKPOINT_TEMP } from '../../checker/checkpoint/checkpoint.js';
import { LOCK_FILE } from '../../checker/checkpoint/lock.js';
import { describe, it } from 'node:test';
import { CLI_MAIN, cliChild, cliProcess } from './run.js';

const STUCK = fileURLToPath(new URL('../fixtures/modules/stuck.js', import.meta.url));
const UNBOUNDED = fileURLToPath(new URL('../fixtures/modules/unbounded.js', import.meta.url));
const EXIT_AT_IMPORT = fileURLToPath(new URL('../fixtures/modules/exitAtImport.js', import.meta.url));
const EXITS_IN_WORKER = fileURLToPath(new URL('../fixtures/modules/exitsInWorker.js', import.meta.url));
const SLOW = fileURLToPath(new URL('../fixtures/modules/slow.js', import.meta.url));
const BUILD_PER_THREAD = fileURLToPath(new URL('../fixtures/modules/buildPerThread.js', import.meta.url));
const NEVER_LOADS = fileURLToPath(new URL('../fixtures/modules/neverLoads.js', import.meta.url));
const SLOW_SHRINK = fileURLToPath(new URL('../fixtures/modules/slowShrink.js', import.meta.url));

interface Ended {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI, sends each of `signals` once stderr has shown `ready` (and then one every half second). */
async function signalled(args: readonly string[], signals: readonly NodeJS.Signals[], ready: RegExp): Promise<Ended> {
  const child = spawn(process.execPath, [CLI_MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  for (let i = 0; i < 600 && !ready.test(stderr); i++) await new Promise((r) => setTimeout(r, 50));
  for (const signal of signals) {
    child.kill(signal);
    await new Promise((r) => setTimeout(r, 500));
  }
  return { code: await exited, stdout, stderr };
}

// A spec slow per call (30 ms) on a level of thousands of states: a thread that expanded states in
// chunks of a fixed size would not look at its timers and signals for seconds, and the supervisor
// would end the run from outside after its grace; each run here stops by itself, and reports so.
describe('a run whose spec is slow stops by itself at a bound or a signal, on one worker or two', { concurrency: true }, () => {
  for (const workers of ['1', '2']) {
    it(`--time-limit, ${workers} worker(s): the run's own report`, async () => {
      const run = await cliChild(['check', '--spec', SLOW, '--no-memo', '--workers', workers, '--parallel-threshold', '1', '--time-limit', '1', '--format', 'json']);
      assert.equal(run.code, 152, run.stderr);
      const report = JSON.parse(run.stdout) as { bound: string; ended?: string; stats: { distinct: number } };
      assert.equal(report.bound, 'timeLimit');
      assert.equal(report.ended, undefined, report.ended);
      assert.ok(report.stats.distinct >= 4000);
    });

    it(`SIGINT, ${workers} worker(s): the run's own report`, async () => {
      const run = await signalled(['check', '--spec', SLOW, '--no-memo', '--workers', workers, '--parallel-threshold', '1'], ['SIGINT'], /Progress\(/);
      assert.equal(run.code, 130, run.stderr);
      assert.match(run.stdout, /Stopped by an interrupt before the whole state space was explored/);
      assert.doesNotMatch(run.stdout, /did not hand control back/);
    });
  }
});

// Run 0 of seed 1 violates XSmall within a second; shrinking it in full takes several seconds more,
// longer than the supervisor's grace: the shrink stops at the bound or the signal, and the run
// reports its violation itself.
describe('a simulate stopped while it shrinks reports its violation, shrunk so far: exit 12', { concurrency: true }, () => {
  const args = ['simulate', '--spec', SLOW_SHRINK, '--seed', '1', '--depth', '200', '--workers', '1'];

  it('--time-limit', async () => {
    const run = await cliChild([...args, '--time-limit', '1', '--format', 'json']);
    assert.equal(run.code, 12, run.stderr);
    const report = JSON.parse(run.stdout) as { status: string; ended?: string; invariants: { verdict: string; originalLength: number; shrinkIncomplete?: boolean }[] };
    assert.equal(report.status, 'violation');
    assert.equal(report.ended, undefined);
    // Reported by the run itself (no `ended`), not by the supervisor after its grace.
    assert.deepEqual(report.invariants.map((v) => [v.verdict, v.originalLength, v.shrinkIncomplete]), [['violated', 73, true]]);
  });

  it('SIGINT', async () => {
    const run = await signalled([...args, '--runs', '3'], ['SIGINT'], /violated/);
    assert.equal(run.code, 12, run.stderr);
    assert.match(run.stdout, /✗ XSmall is violated: run 0 of seed 1, /);
    assert.match(run.stdout, /shrinking was stopped/);
    assert.doesNotMatch(run.stdout, /did not hand control back/);
  });
});

/** A spec module outside pika-mc's own folder whose initial states leave behind a throw of `kind`: a timer, a rejected promise, or a read of a file that is not there. */
function leavesBehind(kind: 'timer' | 'reject' | 'file'): string {
  const dir = mkdtempSync(join(tmpdir(), 'pika-mc-async-'));
  const path = join(dir, 'async.mjs');
  const late = {
    timer: "setTimeout(() => { throw new TypeError('late trouble'); }, 0);",
    reject: "Promise.reject(new Error('rejected late'));",
    file: "readFile(join(dir, 'not-there'));",
  }[kind];
  writeFileSync(
    path,
    `import { Record } from '${import.meta.resolve('immutable')}';
import { defineSpec } from '${new URL('../../checker/index.js', import.meta.url).href}';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
const dir = ${JSON.stringify(dir)};
const C = Record({ n: 0 });
export default defineSpec({
  name: 'LeavesBehind',
  constants: {},
  build: () => ({
    init: () => { ${late} return [C()]; },
    actions: { Step: (s) => { const until = Date.now() + 1; while (Date.now() < until); return s.n < 3000 && s.set('n', s.n + 1); } },
    invariants: { Small: (s) => s.n < 5000 },
    deadlock: false,
  }),
});
`,
  );
  return path;
}

describe("a throw the spec's code leaves behind, outside any call of the checker", { concurrency: true }, () => {
  for (const [kind, message] of [['timer', 'late trouble'], ['reject', 'rejected late']] as const) {
    it(`${kind}: the spec's error, one line, exit 75`, async () => {
      const run = await cliChild(['check', '--spec', leavesBehind(kind), '--no-memo']);
      assert.equal(run.code, 75, run.stderr);
      assert.equal(run.stderr, `spec error: the spec's code threw outside any call of the checker (a timer, or a promise it did not await): ${message}\n`);
    });
  }

  it('a file it could not read: the machine\'s error, one line, exit 74', async () => {
    const run = await cliChild(['check', '--spec', leavesBehind('file'), '--no-memo']);
    assert.equal(run.code, 74, run.stderr);
    assert.match(run.stderr, /^error: ENOENT: no such file or directory, open '.*not-there'\n$/);
  });
});

describe('a spec whose build gives another spec in a worker thread', () => {
  it('is the spec\'s error (exit 75, one line naming what differs), in check and simulate', async () => {
    const checked = await cliChild(['check', '--spec', BUILD_PER_THREAD, '--workers', '2', '--parallel-threshold', '1']);
    assert.equal(checked.code, 75, checked.stderr);
    assert.match(checked.stderr, /^spec error: BuildPerThread built again in a worker thread has no invariant Small\d+: its build must give the same spec for the same constants, every time it is called\n$/);
    const simulated = await cliChild(['simulate', '--spec', BUILD_PER_THREAD, '--workers', '2', '--runs', '100000000', '--quiet']);
    assert.equal(simulated.code, 75, simulated.stderr);
    assert.match(simulated.stderr, /built again in a worker thread has no invariant/);
  });
});

// Each of these waits out a grace period: they run side by side.
describe('a run whose spec never returns can still be stopped', { concurrency: true }, () => {
  it('--time-limit ends it with exit 152, the spec and variant it checked, and the figures of the last finished level', async () => {
    const run = await cliChild(['check', '--spec', STUCK, '--time-limit', '1']);
    assert.equal(run.code, 152, run.stderr);
    assert.match(run.stdout.split('\n')[0] ?? '', /^\w+ \(--spec .+\): /);
    assert.match(run.stdout, /Stopped by the --time-limit bound .* the spec did not hand control back/);
    assert.match(run.stdout, /\? Small unknown/);
    assert.match(run.stdout, /Statistics of the last finished level: 4 distinct states, 4 generated, depth 3, 1 left on queue/);
  });

  it("simulate: --time-limit ends it with exit 152 and a report in simulate's words, in text and JSON", async () => {
    const args = ['simulate', '--spec', STUCK, '--seed', '1', '--workers', '1', '--time-limit', '1', '--quiet'];
    const [text, json] = await Promise.all([cliChild(args), cliChild([...args, '--format', 'json'])]);
    assert.equal(text.code, 152, text.stderr);
    assert.match(text.stdout.split('\n')[0] ?? '', /^Stuck \(--spec .+\): /);
    assert.match(text.stdout, /Stopped by the --time-limit bound while simulating: the spec did not hand control back within 5 s/);
    assert.match(text.stdout, /\? Small unknown/);
    assert.doesNotMatch(text.stdout, /state space|level/);
    assert.equal(json.code, 152, json.stderr);
    const report = JSON.parse(json.stdout) as { status: string; stopped: string; exitCode: number; invariants: unknown[]; stats: unknown; bound?: string };
    assert.deepEqual(
      [report.status, report.stopped, report.exitCode, report.invariants, report.stats, report.bound],
      ['not found', 'timeLimit', 152, [{ name: 'Small', verdict: 'unknown' }], null, undefined],
    );
  });

  for (const command of ['check', 'simulate']) {
    it(`${command} --time-limit ends a spec that never finishes loading (a top-level await that never settles): exit 152, one line`, async () => {
      const run = await cliChild([command, '--spec', NEVER_LOADS, '--time-limit', '1']);
      assert.equal(run.code, 152, run.stderr);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, 'pika-mc: stopped by the time limit while the spec was loading\n');
    });
  }

  it('a --time-limit longer than a timer can wait (24 days) is no limit at all, not one of 1 ms', async () => {
    for (const command of ['check', 'simulate']) {
      const runs = command === 'simulate' ? ['--runs', '50', '--seed', '1'] : [];
      const run = await cliChild([command, '--lock-scope', 'command+binlog', '--clients', '2', '--time-limit', '3000000', '--workers', '2', '--quiet', ...runs]);
      assert.equal(run.code, 0, `${command}: ${run.stderr}`);
      assert.doesNotMatch(run.stderr, /TimeoutOverflowWarning/);
    }
  });

  it('a ci ended from outside says what ended it, not that a spec was loading', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-ci-ended-'));
    const matrix = join(dir, 'stuck.matrix.json');
    writeFileSync(matrix, JSON.stringify({ cases: [{ name: 'stuck', constants: {}, expect: { Small: { verdict: 'holds' } } }] }));
    const run = await signalled(['ci', '--spec', STUCK, '--matrix', matrix], ['SIGINT'], /stuck/);
    assert.equal(run.code, 130, run.stderr);
    assert.match(run.stderr, /^pika-mc: stopped by SIGINT/m);
    assert.doesNotMatch(run.stderr, /loading/);
  });

  it('a run ended from outside leaves its checkpoint folder free for the next run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-ended-'));
    const run = await cliChild(['check', '--spec', STUCK, '--time-limit', '1', '--checkpoint', dir, '--quiet']);
    assert.equal(run.code, 152, run.stderr);
    assert.equal(existsSync(join(dir, LOCK_FILE)), false);
  });

  it('--time-limit with --format json: one JSON report, its exit code the process\'s', async () => {
    const run = await cliChild(['check', '--spec', STUCK, '--time-limit', '1', '--format', 'json']);
    assert.equal(run.code, 152);
    const report = JSON.parse(run.stdout) as { status: string; bound: string; exitCode: number; stats: { distinct: number; depth: number } };
    assert.equal(report.status, 'incomplete');
    assert.equal(report.bound, 'timeLimit');
    assert.equal(report.exitCode, 152);
    assert.deepEqual([report.stats.distinct, report.stats.depth], [4, 3]);
  });

  it('SIGTERM ends it with exit 143 once the grace has passed', async () => {
    const run = await signalled(['check', '--spec', STUCK, '--format', 'json'], ['SIGTERM'], /stuck/);
    assert.equal(run.code, 143, run.stderr);
    assert.equal((JSON.parse(run.stdout) as { exitCode: number }).exitCode, 143);
  });

  it('SIGTERM on a run that stops by itself: its JSON report gives exit code 143, as the process', async () => {
    const run = await signalled(['check', '--spec', UNBOUNDED, '--format', 'json', '--no-deadlock'], ['SIGTERM'], /Progress\(/);
    assert.equal(run.code, 143, run.stderr);
    const report = JSON.parse(run.stdout) as { exitCode: number; bound: string };
    assert.deepEqual([report.exitCode, report.bound], [143, 'interrupted']);
  });

  it('under --checkpoint with no write under way, it is ended after the 5 s grace, and no last write is announced', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-ended-'));
    const run = await signalled(['check', '--spec', STUCK, '--checkpoint', dir], ['SIGINT'], /stuck/);
    assert.equal(run.code, 130, run.stderr);
    assert.match(run.stdout, /did not hand control back within 5 s/);
    assert.doesNotMatch(run.stderr, /stopping after the last checkpoint is written/);
    assert.equal(existsSync(join(dir, LOCK_FILE)), false);
  });

  for (const signals of [['SIGINT'], ['SIGINT', 'SIGINT']] as const) {
    it(`ended by ${signals.join(' then ')}, a --spill run leaves no spill folder`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pika-mc-spill-ended-'));
      const run = await signalled(['check', '--spec', STUCK, '--spill', dir], signals, /stuck/);
      assert.equal(run.code, 130, run.stderr);
      assert.deepEqual(readdirSync(dir), []);
    });
  }

  it('a second SIGINT during the last checkpoint write ends it at once, leaving neither the temporary file nor the lock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-ended-'));
    const child = spawn(process.execPath, [CLI_MAIN, 'check', '--spec', UNBOUNDED, '--no-deadlock', '--checkpoint', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const until = async (pattern: RegExp): Promise<void> => {
      for (let i = 0; i < 600 && !pattern.test(stderr); i++) await new Promise((r) => setTimeout(r, 50));
    };
    await until(/Progress\(/);
    // The temporary file is a pipe that nobody reads: the last write blocks once the pipe is full.
    const temp = join(dir, CHECKPOINT_TEMP);
    assert.equal(spawnSync('mkfifo', [temp]).status, 0);
    const reader = openSync(temp, constants.O_RDONLY | constants.O_NONBLOCK);
    child.kill('SIGINT');
    await until(/stopping after the last checkpoint is written/);
    child.kill('SIGINT');
    await until(/SIGINT again: stopping at once/);
    // Closing the reader fails the blocked write, so that the run's thread can be ended.
    closeSync(reader);
    assert.equal(await exited, 130, stderr);
    assert.equal(existsSync(temp), false);
    assert.equal(existsSync(join(dir, LOCK_FILE)), false);
  });

  it('a checkpoint write under way at the time limit is waited for, and a SIGINT then ends the run at once', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-ended-'));
    const child = spawn(process.execPath, [CLI_MAIN, 'check', '--clients', '3', '--keys', '2', '--ops', '2', '--checkpoint', dir, '--time-limit', '8'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const until = async (pattern: RegExp, text: () => string): Promise<void> => {
      for (let i = 0; i < 600 && !pattern.test(text()); i++) await new Promise((r) => setTimeout(r, 50));
    };
    // Once the run has shown progress (past clearing the folder of partial files): the temporary
    // file is a pipe that nobody reads, so the run's last write, of megabytes, blocks once the pipe is full.
    await until(/Progress\(/, () => stderr);
    const temp = join(dir, CHECKPOINT_TEMP);
    assert.equal(spawnSync('mkfifo', [temp]).status, 0);
    const reader = openSync(temp, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      await until(/the time limit has passed/, () => stderr);
      assert.match(stderr, /pika-mc: the time limit has passed: stopping once the checkpoint being written is saved \(Ctrl-C to stop at once\)/);
      assert.doesNotMatch(stdout, /did not hand control back/);
      child.kill('SIGINT');
      await until(/stopping at once/, () => stderr);
      assert.match(stderr, /pika-mc: SIGINT: stopping at once/);
    } finally {
      // Closing the reader fails the blocked write, so that the run's thread can be ended.
      closeSync(reader);
      if (!/stopping at once/.test(stderr)) child.kill('SIGKILL');
    }
    assert.equal(await exited, 130, stderr);
    assert.equal(existsSync(temp), false);
    assert.equal(existsSync(join(dir, LOCK_FILE)), false);
  });

  it('a second SIGINT ends it at once, exit 130', async () => {
    const run = await signalled(['check', '--spec', STUCK], ['SIGINT', 'SIGINT'], /stuck/);
    assert.equal(run.code, 130);
    assert.match(run.stderr, /SIGINT again: stopping at once/);
  });
});

describe('a spec that exits the process is a spec error, never a pass', () => {
  it('process.exit in an action: exit 75', () => {
    const run = cliProcess(['check', '--spec', STUCK, '--const', 'exitAt=1']);
    assert.equal(run.code, 75);
    assert.match(run.stderr, /the spec ended the run by calling process\.exit\(0\)/);
  });

  it('process.exit in an action run by a worker thread of check or simulate: exit 75', () => {
    for (const args of [
      ['check', '--spec', EXITS_IN_WORKER, '--workers', '2', '--parallel-threshold', '0'],
      ['simulate', '--spec', EXITS_IN_WORKER, '--workers', '2', '--runs', '1000000', '--depth', '40'],
    ]) {
      const run = cliProcess(args);
      assert.equal(run.code, 75, `${args[0]}: ${run.stderr}`);
      assert.match(run.stderr, /^spec error: the spec ended a worker thread by calling process\.exit\(3\)/);
      assert.doesNotMatch(run.stderr, /internal error/);
    }
  });

  it('process.exit as the module is imported: exit 75', () => {
    const run = cliProcess(['check', '--spec', EXIT_AT_IMPORT]);
    assert.equal(run.code, 75);
    assert.match(run.stderr, /process\.exit\(0\)/);
  });
});
