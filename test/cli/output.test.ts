import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { checkOutPath } from '../../cli/output.js';
import { assertRefused, tempDir } from '../ecosystem/helpers.js';
import { cli, CLI_MAIN } from './run.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/modules/${name}.js`, import.meta.url));
const escape = (text: string): RegExp => new RegExp(text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));

/**
 * A folder this process cannot create files in. Root writes through mode bits, so as root the folder
 * is made immutable (`chattr +i`), which binds root too; otherwise it loses its write bits.
 */
function readOnlyFolder(): { dir: string; release(): void } {
  const dir = tempDir();
  if (process.getuid?.() === 0) {
    execFileSync('chattr', ['+i', dir]);
    return { dir, release: () => execFileSync('chattr', ['-i', dir]) };
  }
  chmodSync(dir, 0o555);
  return { dir, release: () => chmodSync(dir, 0o755) };
}

/** Runs the built CLI as a subprocess that a timeout kills, so that a run that never ends fails the test. */
function bounded(args: string[]): { code: number; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [CLI_MAIN, ...args], { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL', env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(run.signal, null, `${args.join(' ')}: still running at the timeout`);
  return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

describe('checkOutPath', () => {
  it('accepts a new file in a new folder, an existing file, a device and a pipe', () => {
    const dir = tempDir();
    checkOutPath('--out', join('a', 'b', 'x.txt'), dir);
    writeFileSync(join(dir, 'old.txt'), 'x');
    checkOutPath('--out', 'old.txt', dir);
    checkOutPath('--out', '/dev/null', dir);
    // The test runner reads this process's stdout through a pipe, whose link points into /proc.
    checkOutPath('--out', '/dev/stdout', dir);
    checkOutPath('--checkpoint', join(dir, 'new-folder'), dir, 'folder');
    checkOutPath('--checkpoint', dir, dir, 'folder');
    assert.deepEqual(readdirSync(dir), ['old.txt'], 'the check leaves nothing behind');
  });

  it('refuses with the flag, the path and what is wrong', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), 'x');
    assert.throws(() => checkOutPath('--out', dir, '/'), new RegExp(`^UsageError: --out ${escape(dir).source}: is a folder, not a file$`));
    assert.throws(() => checkOutPath('--out', 'file/sub/x.txt', dir), new RegExp(`--out file/sub/x\\.txt: ${escape(join(dir, 'file')).source} is a file, not a folder`));
    assert.throws(() => checkOutPath('--all', 'file', dir, 'folder'), /--all file: is a file, not a folder/);
    assert.throws(() => checkOutPath('--out', '/proc/nope/x.txt', dir), /--out \/proc\/nope\/x\.txt: \/proc is a kernel file system, not a place for output/);
    assert.throws(() => checkOutPath('--out', '/sys/x.txt', dir), /--out \/sys\/x\.txt: \/sys is a kernel file system/);
    assert.throws(() => checkOutPath('--out', '/proc/sys/kernel/hostname', dir), /\/proc is a kernel file system/);
    assert.throws(() => checkOutPath('--out', '', dir), /--out: the path is empty/);
  });
});

describe('every flag that names an output file is checked before the command starts, exit 2 and one line', () => {
  let root: string;
  let readOnly: { dir: string; release(): void };
  let trace: string;
  let matrix: string;
  before(async () => {
    root = tempDir();
    mkdirSync(join(root, 'folder'));
    writeFileSync(join(root, 'file'), 'x');
    readOnly = readOnlyFolder();
    trace = join(root, 'race.itf.json');
    assert.equal((await cli(['check', '--format', 'itf', '--invariant', 'SnapshotCoversApplied', '--out', trace, '--quiet'])).code, 12);
    matrix = join(root, 'matrix.json');
    writeFileSync(
      matrix,
      JSON.stringify({ cases: [{ name: 'race', model: 'replication', constants: { lockScope: 'command' }, expect: { SnapshotCoversApplied: { verdict: 'violated', traceLength: 7 } } }] }),
    );
  });
  after(() => readOnly.release());

  const files: [string, (path: string) => string[]][] = [
    ['check --out', (p) => ['check', '--out', p]],
    ['check --out {invariant}', (p) => ['check', '--out', p.replace(/\.txt$/, '-{invariant}.txt')]],
    ['check --dump-graph', (p) => ['check', '--dump-graph', p]],
    ['replay --out', (p) => ['replay', trace, '--out', p]],
    ['report --out', (p) => ['report', 'race-2805', '--out', p]],
    ['ci --junit', (p) => ['ci', '--matrix', matrix, '--junit', p]],
  ];
  for (const [what, args] of files) {
    const flag = /--[a-z-]+$/.exec(what)?.[0] ?? what.split(' ')[1] ?? '';
    it(`${what}: onto a folder, in a read-only folder, under a file`, async () => {
      const cases: [string, RegExp][] = [
        [join(root, 'folder'), /is a folder, not a file/],
        [join(readOnly.dir, 'x.txt'), new RegExp(`cannot create files in ${escape(readOnly.dir).source} \\((EACCES|EPERM|EROFS)`)],
        [join(readOnly.dir, 'sub', 'x.txt'), /cannot create files in/],
        [join(root, 'file', 'x.txt'), new RegExp(`${escape(join(root, 'file')).source} is a file, not a folder`)],
      ];
      for (const [path, why] of cases) {
        const argv = args(path);
        if (what.includes('{invariant}') && path === join(root, 'folder')) continue;
        const run = await cli(argv);
        assertRefused(run, argv.join(' '), new RegExp(`^error: ${flag.replace(/[{}]/g, '')} `), why);
      }
      assert.deepEqual(readdirSync(readOnly.dir), []);
    });
  }

  it('check --out {invariant} where a trace file would land on a folder', async () => {
    mkdirSync(join(root, 't-SnapshotCoversApplied.txt'), { recursive: true });
    assertRefused(await cli(['check', '--out', join(root, 't-{invariant}.txt')]), 'onto a folder', /--out/, /t-SnapshotCoversApplied\.txt: is a folder, not a file/);
  });

  for (const [what, args] of [
    ['check --checkpoint', (p: string) => ['check', '--checkpoint', p]],
    ['report --all', (p: string) => ['report', '--all', p]],
  ] as const) {
    it(`${what} (a folder): onto a file, in a read-only folder, under a file`, async () => {
      const cases: [string, RegExp][] = [
        [join(root, 'file'), /is a file, not a folder/],
        [join(readOnly.dir, 'sub'), /cannot create files in/],
        [join(root, 'file', 'sub'), /is a file, not a folder/],
      ];
      for (const [path, why] of cases) assertRefused(await cli(args(path)), `${what} ${path}`, new RegExp(`^error: ${what.split(' ')[1]} `), why);
    });
  }

  it('on procfs or sysfs: refused at once, where a recursive mkdir would spin for ever (as real subprocesses)', () => {
    assertRefused(bounded(['check', '--out', '/proc/nope/x.txt']), 'check /proc', /--out \/proc\/nope\/x\.txt: \/proc is a kernel file system/);
    assertRefused(bounded(['check', '--dump-graph', '/sys/nope/g.dot']), 'dump-graph /sys', /--dump-graph \/sys\/nope\/g\.dot: \/sys is a kernel file system/);
    assertRefused(bounded(['replay', trace, '--out', '/proc/self/nope/x.txt']), 'replay /proc', /\/proc is a kernel file system/);
  });

  it('before any exploration: an unbounded spec with --out onto a folder ends at once', () => {
    const run = bounded(['check', '--spec', fixture('unbounded'), '--out', join(root, 'folder')]);
    assertRefused(run, 'unbounded', /--out/, /is a folder, not a file/);
  });
});

describe('--out {invariant}: two traces bound for one file are refused before the run', () => {
  const spec = fixture('clashingNames');

  it('invariants a/b and a_b both become a_b', async () => {
    const dir = tempDir();
    const run = await cli(['check', '--spec', spec, '--out', join(dir, 't-{invariant}.txt'), '--invariant', 'a/b', '--invariant', 'a_b']);
    assertRefused(run, 'a/b and a_b', /--out/, /a\/b/, /a_b/, escape(join(dir, 't-a_b.txt')));
    assert.deepEqual(readdirSync(dir), []);
  });

  it('an invariant named deadlock beside the deadlock trace, unless --no-deadlock', async () => {
    const dir = tempDir();
    const out = join(dir, 't-{invariant}.txt');
    const run = await cli(['check', '--spec', spec, '--out', out, '--invariant', 'deadlock']);
    assertRefused(run, 'deadlock', /--out/, /invariant deadlock/, /the deadlock trace/, escape(join(dir, 't-deadlock.txt')));
    const allowed = await cli(['check', '--spec', spec, '--out', out, '--invariant', 'deadlock', '--no-deadlock', '--quiet']);
    assert.equal(allowed.code, 12, allowed.stderr);
    assert.match(readFileSync(join(dir, 't-deadlock.txt'), 'utf8'), /deadlock is violated/);
  });

  it('all invariants by default: a/b, a_b and deadlock', async () => {
    const run = await cli(['check', '--spec', spec, '--out', join(tempDir(), '{invariant}.json'), '--format', 'json']);
    assertRefused(run, 'all', /a\/b/, /a_b/);
  });

  it('replay refuses a file whose traces clash in the same way', async () => {
    const dir = tempDir();
    const file = join(dir, 'two.json');
    const step = [{ action: null, state: { n: 0 } }];
    writeFileSync(file, JSON.stringify({ model: 'x', constants: {}, traces: [{ name: 'a/b', trace: step }, { name: 'a_b', trace: step }] }));
    const run = await cli(['replay', file, '--spec', spec, '--out', join(dir, 'r-{invariant}.txt')]);
    assertRefused(run, 'replay', /--out/, /a\/b/, /a_b/);
    assert.ok(!existsSync(join(dir, 'r-a_b.txt')));
  });
});
