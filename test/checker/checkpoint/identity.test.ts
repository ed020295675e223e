import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { CHECKPOINT_FILE, identityDifference } from '../../../checker/checkpoint/checkpoint.js';
import type { CheckpointIdentity } from '../../../checker/checkpoint/checkpoint.js';
import { cli } from '../../cli/run.js';
import { checkpointDir, figures, GRID_SOURCE, gridSpecFolder, writeGridSpec } from '../../trust/gridSpec.js';

/** Checkpoints the grid spec at a state limit (the run stops there and writes its checkpoint). */
async function checkpointed(spec: string, extra: string[] = []): Promise<string> {
  const dir = checkpointDir();
  const run = await cli(['check', '--spec', spec, '--checkpoint', dir, '--max-states', '600', '--quiet', ...extra]);
  assert.equal(run.code, 152, run.stderr);
  return dir;
}

/** A refusal: exit 2 and one line on stderr. */
function refused(run: { code: number; stderr: string }, pattern: RegExp): void {
  assert.equal(run.code, 2, run.stderr);
  assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
  assert.match(run.stderr, pattern);
}

describe('a checkpoint is resumed only by the run it belongs to', () => {
  it("refuses a --spec module whose invariant was edited since the checkpoint, naming the spec's code", async () => {
    const { dir: folder, spec } = gridSpecFolder();
    const dir = await checkpointed(spec);
    // Same name, same invariant names, same constants: only the code differs.
    writeGridSpec(folder, { ...GRID_SOURCE, diagonal: 's.x + s.y <= 2 * N + 1' });
    refused(await cli(['check', '--resume', dir]), /imports no module a file names: if you trust it, pass --spec/);
    refused(await cli(['check', '--spec', spec, '--resume', dir]), /the spec's code differs/);
    // The code as it was: resumed, to the figures of a run never stopped.
    writeGridSpec(folder);
    const resumed = await cli(['check', '--spec', spec, '--resume', dir, '--format', 'json', '--quiet']);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.deepEqual(figures(resumed.stdout), [3721, 7321, 121]);
  });

  it('refuses one whose imported module was edited, naming it', async () => {
    const { dir: folder, spec } = gridSpecFolder();
    const dir = await checkpointed(spec);
    writeGridSpec(folder, { ...GRID_SOURCE, bound: 's.x <= N && s.y <= N + 1' });
    refused(await cli(['check', '--spec', spec, '--resume', dir]), /the spec's code differs: bound\.mjs was changed since the checkpoint was written/);
  });

  it('refuses one whose module in another folder, imported through another, was edited; a module it does not import may change', async () => {
    const { dir: folder, spec } = gridSpecFolder();
    const lib = join(folder, '..', `${basename(folder)}-lib`);
    mkdirSync(lib);
    writeFileSync(join(lib, 'limit.mjs'), 'export const LIMIT = 0;\n');
    writeFileSync(join(folder, 'bound.mjs'), `import { LIMIT } from '../${basename(lib)}/limit.mjs';\nexport const withinBound = (s, N) => s.x <= N + LIMIT && s.y <= N;\n`);
    const dir = await checkpointed(spec);
    writeFileSync(join(folder, 'notes.mjs'), 'export const unrelated = 1;\n');
    const resumed = await cli(['check', '--spec', spec, '--resume', dir, '--format', 'json', '--quiet']);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.deepEqual(figures(resumed.stdout), [3721, 7321, 121]);
    const again = await checkpointed(spec);
    writeFileSync(join(lib, 'limit.mjs'), 'export const LIMIT = -1;\n');
    refused(await cli(['check', '--spec', spec, '--resume', again]), new RegExp(`the spec's code differs: \\.\\./${basename(lib)}/limit\\.mjs was changed`));
  });

  it('resumed with --resume and its --spec alone, runs with the saved constants and options (depth limit, deadlock, invariants)', async () => {
    const { spec } = gridSpecFolder();
    const options = ['--const', 'N=40', '--max-depth', '50', '--no-deadlock', '--invariant', 'Diagonal'];
    const whole = await cli(['check', '--spec', spec, ...options, '--format', 'json', '--quiet']);
    assert.equal(whole.code, 152);
    const dir = await checkpointed(spec, options);
    const resumed = await cli(['check', '--spec', spec, '--resume', dir, '--format', 'json', '--quiet']);
    assert.equal(resumed.code, 152, resumed.stderr);
    const doc = JSON.parse(resumed.stdout) as { bound: string; constants: unknown; invariants: { name: string }[] };
    assert.equal(doc.bound, 'maxDepth');
    assert.deepEqual(doc.constants, { N: 40 });
    assert.deepEqual(doc.invariants.map((v) => v.name), ['Diagonal']);
    assert.deepEqual(figures(resumed.stdout), figures(whole.stdout));
    // Ended at its depth limit, the run leaves nothing to resume: its checkpoint is gone.
    assert.equal(existsSync(join(dir, CHECKPOINT_FILE)), false);
    assert.match((await cli(['check', '--spec', spec, '--resume', await checkpointed(spec, options)])).stdout, /Checking Diagonal; deadlock off/);
  });

  it('refuses a flag given again that differs from the saved run, naming the flag', async () => {
    const { spec } = gridSpecFolder();
    const dir = await checkpointed(spec, ['--max-depth', '50', '--no-deadlock', '--invariant', 'Diagonal']);
    refused(await cli(['check', '--spec', spec, '--resume', dir, '--max-depth', '60']), /option '--max-depth' \(60\) differs from the run saved in .* \(50\)/);
    refused(await cli(['check', '--spec', spec, '--resume', dir, '--invariant', 'InBounds']), /option '--invariant' \(InBounds\) differs .* \(Diagonal\)/);
    refused(await cli(['check', '--spec', spec, '--resume', dir, '--symmetry', 'Points']), /option '--symmetry' \(Points\) differs .* \(no --symmetry\)/);
    refused(await cli(['check', '--resume', dir, '--spec', spec, '--const', 'N=41']), /option '--const N' \(41\) differs from the run saved in .* \(60\)/);
    // The same flags again are accepted.
    const same = await cli(['check', '--resume', dir, '--spec', spec, '--max-depth', '50', '--no-deadlock', '--invariant', 'Diagonal', '--quiet']);
    assert.equal(same.code, 152, same.stderr);
    const checksDeadlock = await checkpointed(spec);
    refused(await cli(['check', '--spec', spec, '--resume', checksDeadlock, '--no-deadlock']), /option '--no-deadlock' .* differs .* \(deadlock checked\)/);
  });

  it('refuses to start a new run in a folder that holds a checkpoint, naming --resume, and leaves the checkpoint as it was', async () => {
    const { spec } = gridSpecFolder();
    const dir = await checkpointed(spec);
    const saved = readFileSync(join(dir, CHECKPOINT_FILE));
    for (const extra of [[], ['--max-states', '10']]) {
      refused(
        await cli(['check', '--spec', spec, '--checkpoint', dir, ...extra]),
        /^error: --checkpoint \S+ holds the checkpoint of an earlier run: continue that run with --resume \S+, or remove the checkpoint or give another folder to start anew$/m,
      );
    }
    assert.deepEqual(readFileSync(join(dir, CHECKPOINT_FILE)), saved);
    const resumed = await cli(['check', '--spec', spec, '--resume', dir, '--checkpoint', dir, '--format', 'json', '--quiet']);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.deepEqual(figures(resumed.stdout), [3721, 7321, 121]);
  });

  it('names the first field in which two runs differ', () => {
    const mine: CheckpointIdentity = {
      version: '1.0.0',
      spec: 'Grid',
      code: { hash: 'abc', files: { 'grid.mjs': 'a1', 'bound.mjs': 'b1' } },
      constants: { N: 60, M: 'x' },
      invariants: ['InBounds', 'Diagonal'],
      symmetry: [],
      deadlock: true,
      maxDepth: null,
    };
    assert.equal(identityDifference(mine, mine), undefined);
    const cases: [Partial<CheckpointIdentity>, RegExp][] = [
      [{ version: '0.9.0' }, /written by pika-mc 0\.9\.0, this is pika-mc 1\.0\.0/],
      [{ spec: 'Other' }, /of spec Other, this run checks Grid/],
      [{ code: { hash: 'abd', files: { 'grid.mjs': 'a1', 'bound.mjs': 'b2' } } }, /the spec's code differs: bound\.mjs was changed since the checkpoint was written/],
      [{ code: { hash: 'abd', files: { 'grid.mjs': 'a1' } } }, /the spec's code differs: bound\.mjs is imported now and was not then/],
      [{ code: { hash: 'abd', files: { 'grid.mjs': 'a1', 'bound.mjs': 'b1', '../lib/x.js': 'c' } } }, /the spec's code differs: \.\.\/lib\/x\.js was imported then and is not now/],
      [{ constants: { N: 60, M: 'y' } }, /its constant M is "y", this run's is "x"/],
      [{ invariants: ['InBounds'] }, /its invariants are InBounds; this run's are InBounds, Diagonal/],
      [{ symmetry: ['points'] }, /its symmetry sets are points; this run's are none/],
      [{ deadlock: false }, /it does not check deadlock, this run does/],
      [{ maxDepth: 30 }, /its depth limit is 30, this run's is none/],
    ];
    for (const [change, pattern] of cases) assert.match(identityDifference({ ...mine, ...change }, mine) ?? '', pattern);
  });
});
