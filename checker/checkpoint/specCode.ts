import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.js';

/**
 * A spec's code as a checkpoint records it: each local module it is made of (its own module and
 * every module it imports by a relative or absolute path, transitively; not packages), by its path
 * relative to the spec module's folder, with the SHA-256 of its contents; and one hash of them all.
 */
export interface SpecCode {
  readonly hash: string;
  readonly files: { readonly [path: string]: string };
}

/** `import … from 'x'`, `import 'x'`, `export … from 'x'`, `import('x')` and `require('x')`. */
const SPECIFIERS = [
  /\b(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\bfrom\s*)?['"]([^'"\n]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g,
  /\brequire\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g,
];

/**
 * `source` with its comments blanked out (strings kept), so that a quote in a comment, as in
 * `import { a, // the grid's bound` across lines, does not hide the specifier after it.
 */
export function withoutComments(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? source.length : end + 2;
      out += ' ';
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < source.length && source[j] !== c) j += source[j] === '\\' ? 2 : 1;
      out += source.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The source extensions a specifier's extension may stand for (TypeScript imports `./x.js` to mean `./x.ts`). */
const STANDS_FOR: { readonly [extension: string]: readonly string[] } = {
  '.js': ['.js', '.ts', '.tsx', '.jsx'],
  '.mjs': ['.mjs', '.mts'],
  '.cjs': ['.cjs', '.cts'],
  '.jsx': ['.jsx', '.tsx'],
};
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json'];

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The files a local specifier may name, from the importing file `from`: every one that exists. */
function candidates(specifier: string, from: string): string[] {
  let base: string;
  if (specifier.startsWith('file:')) base = fileURLToPath(specifier);
  else if (specifier.startsWith('./') || specifier.startsWith('../') || isAbsolute(specifier)) base = resolve(dirname(from), specifier);
  else return [];
  const dot = base.lastIndexOf('.');
  const extension = dot > base.lastIndexOf(sep) ? base.slice(dot) : '';
  const stem = base.slice(0, base.length - extension.length);
  const names = STANDS_FOR[extension]?.map((e) => stem + e) ?? [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => resolve(base, `index${e}`))];
  return names.filter((name) => !name.split(sep).includes('node_modules') && isFile(name));
}

/** The local modules of the spec whose module is `path`, found by reading their imports, and their hashes. */
export function specCode(path: string): SpecCode {
  const root = dirname(path);
  const found = new Map<string, string>();
  const pending = [path];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (found.has(file)) continue;
    let text: Buffer;
    try {
      text = readFileSync(file);
    } catch (cause) {
      throw new UsageError(`cannot read the spec's module ${file} (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`);
    }
    found.set(file, createHash('sha256').update(text).digest('hex'));
    if (file.endsWith('.json')) continue;
    const source = withoutComments(text.toString('utf8'));
    for (const pattern of SPECIFIERS) {
      for (const match of source.matchAll(pattern)) pending.push(...candidates(match[1] as string, file));
    }
  }
  const files: { [path: string]: string } = {};
  const named = [...found].map(([file, digest]) => [relative(root, file).split(sep).join('/'), digest] as const);
  for (const [name, digest] of named.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) files[name] = digest;
  const hash = createHash('sha256');
  for (const [name, digest] of Object.entries(files)) hash.update(name).update('\0').update(digest).update('\0');
  return { hash: hash.digest('hex'), files };
}

/** Which module of the spec differs between two records of its code, in words (the first by path). */
export function codeDifference(saved: SpecCode['files'], mine: SpecCode['files']): string {
  for (const name of [...new Set([...Object.keys(saved), ...Object.keys(mine)])].sort()) {
    if (saved[name] === mine[name]) continue;
    if (saved[name] === undefined) return `${name} is imported now and was not then`;
    if (mine[name] === undefined) return `${name} was imported then and is not now`;
    return `${name} was changed`;
  }
  return 'its modules were changed';
}
