import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function markdownFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

const FILES = ['README.md', ...markdownFiles('docs')];

/** The text outside fenced blocks and code spans, where Markdown links and prose live. */
function prose(markdown: string): string {
  return markdown.replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor for each heading of a Markdown file. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  const text = markdown.replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, '');
  for (const match of text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = (match[1] as string)
      .toLowerCase()
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    result.add(n === 0 ? base : `${base}-${n}`);
  }
  return result;
}

describe('the README and docs/ speak of the product and link within it', () => {
  it('finds the documents', () => {
    assert.ok(FILES.includes('docs/cli.md') && FILES.includes('docs/specs.md') && FILES.length >= 8, FILES.join(', '));
  });

  for (const file of FILES) {
    const text = readFileSync(join(ROOT, file), 'utf8');

    it(`${file}: no sessions, no issue numbers of this project, nothing outside the repository`, () => {
      const words = /\bsessions?\b|\bissue [0-9]+\b/i.exec(text);
      assert.equal(words, null, `${file} says "${words?.[0]}"`);
      assert.ok(!text.includes('../shared') && !/\bshared\/(reference|research|conformance)/.test(text), `${file} points at a folder a clone does not have`);
    });

    it(`${file}: every relative link leads to a file of the repository, and every anchor to a heading`, () => {
      for (const match of prose(text).matchAll(/\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        const target = match[1] as string;
        if (/^https?:\/\//.test(target)) continue;
        assert.ok(!/^[a-z]+:/i.test(target), `${file}: ${target} is neither a web address nor a path`);
        const [path, anchor] = target.split('#') as [string, string | undefined];
        const resolved = path === '' ? join(ROOT, file) : resolve(ROOT, dirname(file), decodeURIComponent(path));
        const inside = relative(ROOT, resolved);
        assert.ok(!inside.startsWith('..'), `${file}: ${target} leaves the repository`);
        assert.ok(existsSync(resolved), `${file}: ${target} does not exist`);
        if (anchor !== undefined && resolved.endsWith('.md')) {
          assert.ok(anchors(readFileSync(resolved, 'utf8')).has(anchor), `${file}: ${target}: no heading #${anchor} in ${inside}`);
        }
      }
    });
  }
});
