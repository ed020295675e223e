import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli, ROOT, tempDir } from './helpers.js';

/** A scratch project with pika-mc in its node_modules, as `npm install pika-mc` would leave it. */
function scratch(packageJson: object | undefined): string {
  const dir = tempDir('pika-mc-user-');
  if (packageJson) writeFileSync(join(dir, 'package.json'), JSON.stringify(packageJson));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'pika-mc'), 'dir');
  return dir;
}

const USER_MJS = `
import { Record } from 'immutable';
import { defineSpec, check, exists } from 'pika-mc';
const S = Record({ x: 0 });
const spec = defineSpec({
  name: 'Counter',
  constants: { max: 3 },
  build: ({ max }) => ({
    init: () => [S()],
    actions: { Add: (s) => exists([1, 2], (d) => s.x + d <= max && s.set('x', s.x + d)) },
    invariants: { Small: (s) => s.x < max },
    terminal: (s) => s.x === max,
  }),
});
const result = await check(spec);
console.log(JSON.stringify({ status: result.status, distinct: result.stats.distinct, trace: result.invariants[0].trace.map((t) => t.action && t.action.label) }));
`;

const USER_TS = `
import { Record } from 'immutable';
import { check, checkSync, defineSpec, either } from 'pika-mc';
import type { CheckResult, Spec } from 'pika-mc';
const S = Record({ x: 0 });
type S = ReturnType<typeof S>;
const spec: Spec<S, { max: number }> = defineSpec({
  name: 'Typed',
  constants: { max: 2 },
  build: ({ max }) => ({
    init: () => [S()],
    actions: { Step: (s: S) => s.x < max && either(s.set('x', s.x + 1), s.set('x', max)) },
    terminal: (s: S) => s.x === max,
  }),
});
export default spec;
export const result: Promise<CheckResult<S>> = check(spec, { constants: { max: 3 } });
export const inThread: CheckResult<S> = checkSync(spec, { constants: { max: 3 } });
`;

describe('the package: import { defineSpec, check } from \'pika-mc\'', () => {
  it('exports the API as an ES module with type declarations', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: { '.': { types: string; import: string } } };
    assert.equal(pkg.exports['.'].types, './dist/checker/index.d.ts');
    const dts = readFileSync(join(ROOT, pkg.exports['.'].types), 'utf8');
    for (const name of ['defineSpec', 'check', 'exists', 'either']) assert.match(dts, new RegExp(`\\b${name}\\b`));
    // One async check and simulate, each with a synchronous form driving the same code.
    for (const name of ['checkSync', 'simulate', 'simulateSync']) assert.match(dts, new RegExp(`\\b${name}\\b`));
    for (const name of ['checkModel', 'checkAsync', 'checkModelAsync', 'simulateModel', 'simulateAsync', 'simulateModelAsync']) {
      assert.doesNotMatch(dts, new RegExp(`\\b${name}\\b`));
    }
    assert.ok(existsSync(join(ROOT, pkg.exports['.'].import)));
  });

  it('runs a user\'s .mjs that imports it from node_modules', () => {
    const dir = scratch({ name: 'user', type: 'module', private: true });
    writeFileSync(join(dir, 'counter.mjs'), USER_MJS);
    // immutable resolves from pika-mc's own node_modules through the symlink's real path; the user's project has its own.
    symlinkSync(join(ROOT, 'node_modules', 'immutable'), join(dir, 'node_modules', 'immutable'), 'dir');
    const run = spawnSync(process.execPath, [join(dir, 'counter.mjs')], { cwd: dir, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { status: 'violation', distinct: 4, trace: [null, 'Add(1)', 'Add(2)'] });
  });

  it('type-checks a user\'s TypeScript against the declarations', () => {
    const dir = scratch({ name: 'user', type: 'module', private: true });
    symlinkSync(join(ROOT, 'node_modules', 'immutable'), join(dir, 'node_modules', 'immutable'), 'dir');
    writeFileSync(join(dir, 'typed.ts'), USER_TS);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ['typed.ts'] }),
    );
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { encoding: 'utf8' });
    assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
  });

  it('checks a user\'s .ts spec through the CLI, in an ESM package and in a CommonJS one', async () => {
    for (const pkg of [{ name: 'user', type: 'module', private: true }, undefined]) {
      const dir = scratch(pkg);
      symlinkSync(join(ROOT, 'node_modules', 'immutable'), join(dir, 'node_modules', 'immutable'), 'dir');
      writeFileSync(join(dir, 'typed.ts'), USER_TS);
      const run = await cli(['check', '--spec', join(dir, 'typed.ts'), '--const', 'max=4', '--format', 'json']);
      assert.equal(run.code, 0, `${pkg ? 'ESM' : 'CommonJS'}: ${run.stderr}`);
      const doc = JSON.parse(run.stdout) as { spec: string; stats: { distinct: number; generated: number } };
      assert.equal(doc.spec, 'Typed');
      // x: 0..4, each step either +1 or straight to 4: 5 states, 1 + 2 × 4 generated.
      assert.deepEqual([doc.stats.distinct, doc.stats.generated], [5, 9]);
    }
  });
});
