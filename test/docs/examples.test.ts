import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DOCUMENTS = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** The TypeScript blocks of a Markdown text that say, on their first line, which example file they are. */
function exampleBlocks(markdown: string): { path: string; text: string }[] {
  const blocks: { path: string; text: string }[] = [];
  for (const match of markdown.matchAll(/^```ts\n(\/\/ (examples\/[\w.-]+\.ts)[^\n]*\n[\s\S]*?)^```$/gm)) {
    blocks.push({ path: match[2] as string, text: match[1] as string });
  }
  return blocks;
}

describe('the example specs shown in the README and docs/ are the files in examples/', () => {
  it('the README shows a whole example', () => {
    assert.ok(exampleBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8')).length >= 1);
  });

  for (const file of DOCUMENTS) {
    for (const block of exampleBlocks(readFileSync(join(ROOT, file), 'utf8'))) {
      it(`${file} shows ${block.path} exactly as it is`, () => {
        const path = join(ROOT, block.path);
        assert.ok(existsSync(path), `${block.path} does not exist`);
        assert.equal(block.text, readFileSync(path, 'utf8'), `${file}: the block differs from ${block.path}; copy the file into it`);
      });
    }
  }
});

describe('the example specs import everything from pika-mc, so a project needs no immutable of its own', () => {
  for (const file of readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.ts'))) {
    it(`examples/${file}`, () => {
      const modules = [...readFileSync(join(ROOT, 'examples', file), 'utf8').matchAll(/^import\b[^;]*?from '([^']+)';/gm)].map((m) => m[1]);
      assert.ok(modules.length > 0, 'no import found');
      assert.deepEqual([...new Set(modules)], ['pika-mc']);
    });
  }
});
