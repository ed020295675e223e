import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cliChild } from '../cli/run.js';
import { assertRefused, cli, exampleTs, refuses, ROOT, tempDir } from './helpers.js';

/** A scratch ESM project that depends on this pika-mc, with the given files. */
function project(files: { [name: string]: string }): string {
  const dir = tempDir('pika-mc-user-');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'user', type: 'module', private: true }));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'pika-mc'), 'dir');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const NO_SPEC = "import { defineSpec } from 'pika-mc';\nexport const notASpec = 42;\nexport default { name: 'Fake' };\n";
const TS_SYNTAX = "import { defineSpec } from 'pika-mc';\nconst broken: number = ;\nexport default defineSpec({ name: 'X', build: () => ({ init: () => [], actions: {} }) });\n";
const JS_SYNTAX = "import { defineSpec } from 'pika-mc';\nexport default defineSpec({ name: 'X', build: () => ({ init: () => [], actions: {} }) }\n";
const THROWS = "throw new Error('cannot start\\nsecond line');\n";
const MISSING_IMPORT = "import { nothing } from './nope.js';\nexport default nothing;\n";

describe('check --spec refuses bad input with one line and exit 2', () => {
  it('a missing file', async () => {
    await refuses(['check', '--spec', join(tempDir(), 'nope.ts')], /--spec/, /no such file/, /nope\.ts/);
  });

  it('a module with no spec export, .ts or .mjs', async () => {
    const dir = project({ 'a.ts': NO_SPEC, 'b.mjs': NO_SPEC });
    await refuses(['check', '--spec', join(dir, 'a.ts')], /a\.ts exports no spec/, /defineSpec/);
    await refuses(['check', '--spec', join(dir, 'b.mjs')], /b\.mjs exports no spec/);
  });

  it('a syntax error, with its place for TypeScript', async () => {
    const dir = project({ 'bad.ts': TS_SYNTAX, 'bad.mjs': JS_SYNTAX });
    await refuses(['check', '--spec', join(dir, 'bad.ts')], /cannot load .*bad\.ts/, /syntax error at bad\.ts:2:\d+/);
    await refuses(['check', '--spec', join(dir, 'bad.mjs')], /cannot load .*bad\.mjs/, /syntax error/);
  });

  it('an ES module in a CommonJS project: one line, without Node\'s warning, saying how to make it one', async () => {
    const dir = project({ 'spec.js': JS_SYNTAX.replace('}\n', '});\n') });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'user', type: 'commonjs', private: true }));
    const run = await cliChild(['check', '--spec', join(dir, 'spec.js')]);
    assertRefused(run, 'a CommonJS project', /cannot load .*spec\.js/, /import statement outside a module/, /\.mjs/, /"type": "module"/);
  });

  it('a module that throws or imports what does not exist', async () => {
    const dir = project({ 'throws.mjs': THROWS, 'imports.mjs': MISSING_IMPORT });
    await refuses(['check', '--spec', join(dir, 'throws.mjs')], /cannot load/, /cannot start/);
    await refuses(['check', '--spec', join(dir, 'imports.mjs')], /cannot load/, /nope\.js/);
  });

  it('an unknown constant, from --const or --constants, naming the spec\'s constants', async () => {
    await refuses(['check', '--spec', exampleTs('twoPhase'), '--const', 'N=3'], /unknown constant 'N'/, /TwoPhase/, /its constants: RM/);
    const file = join(tempDir(), 'c.json');
    writeFileSync(file, JSON.stringify({ RM: ['a'], Nodes: 3 }));
    await refuses(['check', '--spec', exampleTs('twoPhase'), '--constants', file], /unknown constant 'Nodes'/);
    await refuses(['check', '--const', 'replicas=2'], /unknown constant 'replicas'/, /PikaReplication/);
  });

  it('a constant of the wrong type, from --const or --constants', async () => {
    const log = exampleTs('snapshotLog');
    await refuses(['check', '--spec', log, '--const', 'writesPerWriter=two'], /writesPerWriter/, /must be an integer/, /'two'/);
    await refuses(['check', '--spec', log, '--const', 'writesPerWriter=1.5'], /must be an integer/);
    await refuses(['check', '--spec', log, '--const', 'atomicSnapshot=yes'], /atomicSnapshot/, /true or false/);
    await refuses(['check', '--spec', log, '--const', 'writers=["a",1]'], /writers/, /list of strings/);
    await refuses(['check', '--spec', log, '--const', 'writesPerWriter'], /expected name=value/);
    await refuses(['check', '--spec', log, '--const', 'writesPerWriter=0'], /writesPerWriter must be at least 1/);
    const file = join(tempDir(), 'c.json');
    writeFileSync(file, JSON.stringify({ writesPerWriter: '2' }));
    await refuses(['check', '--spec', log, '--constants', file], /constant 'writesPerWriter' must be an integer/);
  });

  it('a --constants file that is missing, not JSON or not an object', async () => {
    const dir = tempDir();
    await refuses(['check', '--constants', join(dir, 'none.json')], /--constants: cannot read/);
    writeFileSync(join(dir, 'bad.json'), '{ clients: 2 ');
    await refuses(['check', '--constants', join(dir, 'bad.json')], /not valid JSON/);
    writeFileSync(join(dir, 'list.json'), '[1, 2]');
    await refuses(['check', '--constants', join(dir, 'list.json')], /JSON object/);
  });

  it('the built-in models\' flags with --spec', async () => {
    const log = exampleTs('snapshotLog');
    await refuses(['check', '--spec', log, '--clients', '2'], /--clients/, /--const/);
    await refuses(['check', '--spec', log, '--model', 'replication'], /--spec/, /--model/);
    await refuses(['check', '--spec', log, '--scenario', 'race-2805'], /--scenario/);
  });
});

/** The `--spec` module that makes the mistake its constant names (see Mistakes). */
const MISTAKES_MODULE = fileURLToPath(new URL('../fixtures/modules/mistakes.js', import.meta.url));

/**
 * Asserts a spec error: exit 75, the one line `line` saying what the spec did wrong (on stdout in
 * the report, or alone on stderr when there is no report), no stack and no word of an internal error.
 */
async function specError(command: 'check' | 'simulate', mistake: string, line: RegExp): Promise<void> {
  const run = await cli([command, '--spec', MISTAKES_MODULE, '--const', `mistake=${mistake}`, '--no-color', '--workers', '1']);
  const what = `${command} ${mistake}: ${run.stdout}${run.stderr}`;
  assert.equal(run.code, 75, what);
  assert.doesNotMatch(run.stdout + run.stderr, /internal error|\bat .*:\d+:\d+\)/, what);
  assert.equal(`${run.stdout}${run.stderr}`.split('\n').filter((l) => line.test(l)).length, 1, what);
  if (run.stdout === '') assert.equal(run.stderr.trim().split('\n').length, 1, what);
}

describe("check and simulate --spec: a spec's own mistakes are spec errors, exit 75, one line naming them", () => {
  const PURE = 'spec functions must be pure: pika-mc memoizes their results and replays them to rebuild traces';
  /** Each mistake, with the part of the spec the line names and what it says (as regular expression sources). */
  const failures: readonly (readonly [string, string, string])[] = [
    ['no-initial-states', 'init Init', 'the spec has no initial states$'],
    ['init-string', 'init Init', 'returned a string \\("n = 0"\\), not an iterable of states'],
    ['init-one-state', 'init Init', 'returned a Record, not an iterable of states .*\\(\\[state\\]\\)'],
    ['invariant-undefined', 'invariant Small', 'returned undefined, not a boolean \\(true or false\\) \\(a missing return\\?\\)$'],
    ['invariant-string', 'invariant Small', 'returned a string \\("yes"\\), not a boolean'],
    ['constraint-number', 'constraint constraint', 'returned a number \\(3\\), not a boolean'],
    ['action-true', 'action Step', 'returned boolean where a state'],
    ['action-impure', 'action Step', `is not deterministic: two calls on the same state gave different successors; ${PURE}$`],
    ['invariant-impure', 'invariant Small', `is not deterministic: two calls on the same state gave (true|false) and (true|false); ${PURE}$`],
    ['init-impure', 'init Init', `is not deterministic: two calls gave different initial states; ${PURE}$`],
  ];

  for (const command of ['check', 'simulate'] as const) {
    it(command, async () => {
      await specError(command, 'build-throws', /^spec error: spec Mistakes: build threw: no such mode: fast$/);
      await specError(command, 'validate-throws', /^spec error: spec Mistakes: validate threw: cannot validate today$/);
      // A simulation's report names the run the spec failed in.
      const run = command === 'simulate' ? ' in run \\d+' : '';
      for (const [mistake, where, message] of failures) await specError(command, mistake, new RegExp(`The spec failed while evaluating ${where}${run}: ${message}`));
    });
  }

  it('check, with a terminal predicate that returns nothing (simulation does not ask it)', async () => {
    await specError('check', 'terminal-undefined', /The spec failed while evaluating terminal terminal: returned undefined, not a boolean/);
  });
});
