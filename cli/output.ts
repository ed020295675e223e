import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants as fsConstants, mkdirSync, openSync, realpathSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { UsageError } from '../checker/index.js';
import type { CliIo } from './io.js';
import type { TraceKind } from './traces.js';

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
export function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** The file `{invariant}` in `out` becomes for the trace `name`. */
function perTracePath(out: string, name: string): string {
  return out.split(PER_TRACE).join(fileSafe(name));
}

/** Kernel file systems: nothing is written there, and a recursive mkdir under /proc never returns. */
const KERNEL_ROOTS = ['/proc', '/sys'];

/** What a path is, or undefined when there is nothing there (or it cannot be looked at). */
function lookAt(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

/** Creates and removes a file in `dir`: the one test of writability that holds for root too. */
function canCreateIn(dir: string): string | undefined {
  const probe = join(dir, `.pika-mc-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    closeSync(openSync(probe, 'wx'));
    unlinkSync(probe);
    return undefined;
  } catch (error) {
    return errorCode(error);
  }
}

/**
 * Refuses, with a UsageError of one line naming the flag and the path, an output path the command
 * could not write when it finishes: a file path onto a folder (a folder path onto a file), a path
 * under a file, a folder in which nothing can be created (tried with a temporary file, which holds
 * for root too), or a path on procfs or sysfs. Called before any work, so that a long run never ends
 * in an unwritable report. `kind` says whether the flag names a file or a folder.
 */
export function checkOutPath(flag: string, path: string, cwd: string, kind: 'file' | 'folder' = 'file'): void {
  if (path === '') throw new UsageError(`${flag}: the path is empty`);
  const fail = (what: string): never => {
    throw new UsageError(`${flag} ${path}: ${what}`);
  };
  const target = resolve(cwd, path);
  let existing = target;
  let stats = lookAt(existing);
  while (stats === undefined && dirname(existing) !== existing) {
    existing = dirname(existing);
    stats = lookAt(existing);
  }
  if (stats === undefined) return fail('no folder on the way exists');
  const stream = existing === target && (stats.isFIFO() || stats.isSocket() || stats.isCharacterDevice());
  if (kind === 'file' && stream) {
    // A pipe, socket or device (/dev/stdout, /dev/null): written as it is, wherever its link points.
    try {
      accessSync(target, fsConstants.W_OK);
    } catch (error) {
      fail(`cannot write it (${errorCode(error)})`);
    }
    return;
  }
  let real = existing;
  try {
    real = realpathSync(existing);
  } catch {
    // A path that cannot be resolved is judged as written.
  }
  const kernel = KERNEL_ROOTS.find((root) => real === root || real.startsWith(`${root}${sep}`));
  if (kernel !== undefined) fail(`${kernel} is a kernel file system, not a place for output`);
  if (existing === target) {
    if (kind === 'file' && stats.isDirectory()) fail('is a folder, not a file');
    if (kind === 'folder' && !stats.isDirectory()) fail('is a file, not a folder');
    if (kind === 'file') {
      try {
        accessSync(target, fsConstants.W_OK);
      } catch (error) {
        fail(`cannot write it (${errorCode(error)})`);
      }
      return;
    }
  } else if (!stats.isDirectory()) {
    fail(`${existing} is a file, not a folder`);
  }
  const denied = canCreateIn(existing);
  if (denied !== undefined) fail(`cannot create files in ${existing} (${denied})`);
}

/** How a refusal names a trace. */
function traceWords(trace: TraceLabel): string {
  switch (trace.kind) {
    case 'deadlock':
      return 'the deadlock trace';
    case 'error':
      return "the trace of the spec's failure";
    case 'property':
      return `property ${trace.name}`;
    case 'invariant':
      return `invariant ${trace.name}`;
    default:
      return `trace ${trace.name}`;
  }
}

/** A trace a run may write, known before the run: its name and what it shows. */
export interface TraceLabel {
  readonly name: string;
  readonly kind: TraceKind;
}

/**
 * Checks `--out` before a run: the one file, or with `{invariant}` the file of each trace the run may
 * write, refusing two traces bound for one file (`a/b` and `a_b` both become `a_b`; an invariant
 * named `deadlock` and the deadlock trace).
 */
export function checkOutFiles(flag: string, out: string, cwd: string, traces: readonly TraceLabel[]): void {
  // A misspelt placeholder would name one file literally, not one a trace.
  const other = /\{[A-Za-z_]\w*\}/.exec(out.replaceAll(PER_TRACE, ''));
  if (other !== null) throw new UsageError(`${flag} ${out}: ${other[0]} is no placeholder; the one --out takes is ${PER_TRACE}`);
  if (!perTrace(out)) {
    checkOutPath(flag, out, cwd);
    return;
  }
  const byPath = new Map<string, TraceLabel>();
  for (const trace of traces) {
    const path = perTracePath(out, trace.name);
    const other = byPath.get(path);
    if (other !== undefined && (other.name !== trace.name || other.kind !== trace.kind)) {
      throw new UsageError(
        `${flag} ${out}: ${traceWords(other)} and ${traceWords(trace)} would both be written to ${resolve(cwd, path)}; rename one, or leave one out of the run`,
      );
    }
    byPath.set(path, trace);
  }
  for (const path of byPath.keys()) checkOutPath(flag, path, cwd);
}

/** Writes a file that `checkOutPath` accepted, creating its folders. */
export function writeOutFile(path: string, text: string): void {
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
      const path = resolve(io.cwd, perTracePath(out, doc.name));
      writeOutFile(path, doc.text);
      if (!quiet) io.err(`wrote ${path}\n`);
    }
    return;
  }
  const path = resolve(io.cwd, out);
  writeOutFile(path, documents.map((d) => d.text).join(''));
  if (!quiet) io.err(`wrote ${path}\n`);
}
