import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const FIXTURES = join(ROOT, 'test', 'fixtures', 'types');

/** Files that compile as they are: the ones written with inferred types, and the ones written before. */
const COMPILE = ['inferred.ts', 'compatible.ts'];
/** Files whose mistakes each sit under a `// @ts-expect-error`: they compile only when every mistake is caught. */
const CAUGHT = ['mistakes.ts'];
/** The file with one mistake and no directive, whose error text the last test reads. */
const MISMATCH = 'mismatch.ts';

interface Diagnostic {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

/**
 * Runs tsc once over the fixtures with the project's compiler options, without emitting. The fixtures
 * are copied to a folder where their import of `../../../checker/index.js` finds the built
 * declarations (dist/checker), as a user's project finds them through the package's `types`: tsc
 * then reads the checker's types without checking its sources again.
 */
function typeCheck(files: readonly string[]): { status: number | null; diagnostics: Diagnostic[]; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pika-mc-types-'));
  const fixtures = join(dir, 'test', 'fixtures', 'types');
  mkdirSync(fixtures, { recursive: true });
  for (const f of files) copyFileSync(join(FIXTURES, f), join(fixtures, f));
  symlinkSync(join(ROOT, 'dist', 'checker'), join(dir, 'checker'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const config = join(dir, 'tsconfig.json');
  writeFileSync(
    config,
    JSON.stringify({
      extends: join(ROOT, 'tsconfig.json'),
      compilerOptions: { noEmit: true, rootDir: dir, noUnusedLocals: false, typeRoots: [join(ROOT, 'node_modules', '@types')] },
      files: files.map((f) => join(fixtures, f)),
      include: [],
    }),
  );
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', config, '--pretty', 'false'], { encoding: 'utf8' });
  const output = tsc.stdout + tsc.stderr;
  // tsc prints `file(line,col): error TSxxxx: message`, then the message's elaboration indented.
  const diagnostics: Diagnostic[] = [];
  for (const line of output.split('\n')) {
    const head = /^(.+?)\((\d+),\d+\): error (TS\d+: .*)$/.exec(line);
    if (head) diagnostics.push({ file: head[1]!, line: Number(head[2]), text: head[3]! });
    else if (line.startsWith(' ') && diagnostics.length > 0) {
      const last = diagnostics.pop()!;
      diagnostics.push({ ...last, text: `${last.text}\n${line.trim()}` });
    }
  }
  return { status: tsc.status, diagnostics, output };
}

describe('spec types: the state type follows from init, argument types from params', () => {
  // One tsc run for every fixture: the mismatch file's error must be the only one.
  let result: ReturnType<typeof typeCheck>;
  before(() => {
    result = typeCheck([...COMPILE, ...CAUGHT, MISMATCH]);
  });

  it('compiles specs with no annotation on their functions, and specs written with annotations', () => {
    const errors = result.diagnostics.filter((d) => COMPILE.some((f) => d.file.endsWith(f)));
    assert.deepEqual(errors, [], result.output);
  });

  it('catches each mistake marked with a @ts-expect-error: tsc reports any directive with no error under it', () => {
    const text = readFileSync(join(FIXTURES, 'mistakes.ts'), 'utf8');
    assert.equal(text.match(/\/\/ @ts-expect-error /g)?.length, 11);
    const errors = result.diagnostics.filter((d) => CAUGHT.some((f) => d.file.endsWith(f)));
    assert.deepEqual(errors, [], result.output);
  });

  it('reports a body whose parameter does not match its domain at the body, naming both types', () => {
    const errors = result.diagnostics.filter((d) => d.file.endsWith(MISMATCH));
    assert.equal(errors.length, 1, result.output);
    const [error] = errors;
    assert.equal(error!.line, 11, result.output);
    assert.match(error!.text, /^TS2322: /);
    assert.match(error!.text, /Types of parameters 'n' and 'args_0' are incompatible/);
    assert.match(error!.text, /Type 'number' is not assignable to type 'string'/);
    assert.notEqual(result.status, 0);
  });
});
