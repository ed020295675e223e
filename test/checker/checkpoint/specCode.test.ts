import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { specCode, withoutComments } from '../../../checker/checkpoint/specCode.js';

/** Writes `files` (path → text) under a new folder, and returns it. */
function project(files: { [path: string]: string }): string {
  const root = mkdtempSync(join(tmpdir(), 'pika-mc-code-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe("a spec's code: its module and the local modules it imports", () => {
  it('follows every form of import, as TypeScript and Node resolve them, and leaves packages and other files out', () => {
    const root = project({
      'specs/main.ts': [
        "import { Record } from 'immutable';",
        "import { a } from './a.js';",
        "import type { T } from '../types/t';",
        'import {',
        '  b,',
        "} from './dir';",
        "export * from './reexported.mjs';",
        "const later = () => import('./lazy.ts');",
        "const c = require('./c.cjs');",
        "import './sideEffect.js';",
        "import data from './data.json' with { type: 'json' };",
        "import { x } from './node_modules/pkg/index.js';",
      ].join('\n'),
      'specs/a.ts': "import { deep } from './deeper/deep.js';\nexport const a = deep;\n",
      'specs/deeper/deep.ts': 'export const deep = 1;\n',
      'types/t.ts': 'export type T = number;\n',
      'specs/dir/index.ts': 'export const b = 2;\n',
      'specs/reexported.mts': 'export const r = 3;\n',
      'specs/lazy.ts': 'export const l = 4;\n',
      'specs/c.cjs': 'module.exports = 5;\n',
      'specs/sideEffect.js': '// nothing\n',
      'specs/data.json': '{"n": 6}\n',
      'specs/node_modules/pkg/index.js': 'export const x = 7;\n',
      'specs/unrelated.ts': 'export const u = 8;\n',
    });
    const code = specCode(join(root, 'specs', 'main.ts'));
    assert.deepEqual(Object.keys(code.files), [
      '../types/t.ts',
      'a.ts',
      'c.cjs',
      'data.json',
      'deeper/deep.ts',
      'dir/index.ts',
      'lazy.ts',
      'main.ts',
      'reexported.mts',
      'sideEffect.js',
    ]);
  });

  it('changes its hash when any of those modules changes, and not when another file does', () => {
    const files = { 'main.mjs': "import { f } from './f.mjs';\nimport { g } from '" + 'G_URL' + "';\n", 'f.mjs': 'export const f = 1;\n', 'g/g.mjs': 'export const g = 1;\n' };
    const root = project(files);
    writeFileSync(join(root, 'main.mjs'), files['main.mjs'].replace('G_URL', pathToFileURL(join(root, 'g', 'g.mjs')).href));
    const main = join(root, 'main.mjs');
    const before = specCode(main);
    assert.deepEqual(Object.keys(before.files), ['f.mjs', 'g/g.mjs', 'main.mjs']);
    writeFileSync(join(root, 'other.mjs'), 'export const o = 1;\n');
    assert.equal(specCode(main).hash, before.hash);
    writeFileSync(join(root, 'g', 'g.mjs'), 'export const g = 2;\n');
    const after = specCode(main);
    assert.notEqual(after.hash, before.hash);
    assert.notEqual(after.files['g/g.mjs'], before.files['g/g.mjs']);
    assert.equal(after.files['f.mjs'], before.files['f.mjs']);
  });

  it("reads past comments: a quote in one does not hide the import after it, and an import commented out is not followed", () => {
    const root = project({
      'main.mjs': [
        'import {',
        "  withinBound, // the grid's bound",
        "  /* it's here */ other,",
        "} from './bound.mjs';",
        "// import { gone } from './gone.mjs';",
        "/* import './goneToo.mjs'; */",
        "const text = 'a // not a comment';",
        "import './after.mjs';",
      ].join('\n'),
      'bound.mjs': 'export const withinBound = 1, other = 2;\n',
      'gone.mjs': 'export const gone = 1;\n',
      'goneToo.mjs': '\n',
      'after.mjs': '\n',
    });
    assert.deepEqual(Object.keys(specCode(join(root, 'main.mjs')).files), ['after.mjs', 'bound.mjs', 'main.mjs']);
    assert.equal(withoutComments("a /* b */ c // d\n'e // f'"), "a   c \n'e // f'");
  });

  it('follows an import cycle once', () => {
    const root = project({ 'a.mjs': "import './b.mjs';\n", 'b.mjs': "import './a.mjs';\n" });
    assert.deepEqual(Object.keys(specCode(join(root, 'a.mjs')).files), ['a.mjs', 'b.mjs']);
  });
});
