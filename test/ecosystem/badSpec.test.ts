import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { exampleTs, refuses, ROOT, tempDir } from './helpers.js';

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

