import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../checker/index.js';
import type { CliIo } from './io.js';

/** The output formats of `check` and `replay`. */
export const FORMATS = ['text', 'json', 'tlc', 'itf', 'mermaid', 'html'] as const;

/** One output format. */
export type OutputFormat = (typeof FORMATS)[number];

/** The placeholder of `--out` that gives each trace a file of its own. */
export const PER_TRACE = '{invariant}';

/** One piece of output: a whole report, or one trace's (then named after its invariant). */
export interface OutputDocument {
  readonly name?: string;
  readonly text: string;
}

/** True when `--out` asks for one file per trace. */
export function perTrace(out: string | undefined): boolean {
  return out !== undefined && out.includes(PER_TRACE);
}

/** A trace's name as it goes into a file name. */
function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_');
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/**
 * Writes the documents to stdout, or to `--out`: one file each when its path holds `{invariant}`,
 * else all in the one file. Says on stderr what it wrote (unless quiet).
 */
export function writeDocuments(io: CliIo, out: string | undefined, documents: readonly OutputDocument[], quiet: boolean): void {
  if (documents.length === 0) {
    if (!quiet) io.err(`no trace to write${out !== undefined ? ` to ${out}` : ''}: nothing was violated\n`);
    return;
  }
  if (out === undefined) {
    for (const doc of documents) io.out(doc.text);
    return;
  }
  if (perTrace(out)) {
    for (const doc of documents) {
      if (doc.name === undefined) throw new UsageError(`--out ${out}: this output is not one trace per file; drop ${PER_TRACE}`);
      const path = resolve(io.cwd, out.split(PER_TRACE).join(fileSafe(doc.name)));
      write(path, doc.text);
      if (!quiet) io.err(`wrote ${path}\n`);
    }
    return;
  }
  const path = resolve(io.cwd, out);
  write(path, documents.map((d) => d.text).join(''));
  if (!quiet) io.err(`wrote ${path}\n`);
}
