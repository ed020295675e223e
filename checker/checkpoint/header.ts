import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import type { Constants } from '../spec/types.js';
import { codeDifference } from './specCode.js';
import type { SpecCode } from './specCode.js';

/*
 * A checkpoint file begins with MAGIC and one line of JSON, its header: the format, the run it
 * belongs to (what a resume must match) and the counts of what follows. This module reads and
 * checks it; checkpoint.ts writes it and reads the rest.
 */

/** Version of the checkpoint format; a checkpoint of another version is refused. */
export const CHECKPOINT_FORMAT = 5;
/** The first bytes of a checkpoint file. */
export const MAGIC = 'PIKA-MC CHECKPOINT\n';
/** The checkpoint in a checkpoint directory. */
export const CHECKPOINT_FILE = 'checkpoint.bin';
/** Where the next checkpoint is written before it is renamed over the last one. */
export const CHECKPOINT_TEMP = 'checkpoint.bin.tmp';

/**
 * What a checkpoint must match to be resumed: the pika-mc that wrote it, the spec (its name, and
 * its code: its module and the local modules it imports, which hold its actions, invariants and
 * constraint, see SpecCode), the constants, and every option that changes the state space or the verdicts.
 */
export interface CheckpointIdentity {
  readonly version: string;
  readonly spec: string;
  readonly code: SpecCode;
  readonly constants: Constants;
  readonly invariants: readonly string[];
  /** The reachability properties checked (none when absent). */
  readonly reachable?: readonly string[];
  readonly symmetry: readonly string[];
  readonly deadlock: boolean;
  /** null: no depth limit. */
  readonly maxDepth: number | null;
}

/** The first line of a checkpoint: its format, the run it belongs to, and how to find that run's spec again. */
export interface CheckpointHeader {
  readonly format: number;
  readonly identity: CheckpointIdentity;
  /** Absolute path of the spec's module. */
  readonly module: string;
  /** Seconds between checkpoints that the run asked for. */
  readonly everySeconds: number;
  readonly generated: number;
  readonly depth: number;
  readonly truncated: boolean;
  /** States in the seen set, in the trace log, left on the current level, found for the next. */
  readonly seen: number;
  readonly logged: number;
  readonly current: number;
  readonly next: number;
}

/**
 * The header of the checkpoint in `dir` (not checked against its digest: readCheckpoint does that),
 * refusing (UsageError) a directory with no checkpoint, a file that is not one, or one of another
 * format version.
 */
export function readCheckpointHeader(dir: string): CheckpointHeader {
  return headerOf(dir).header;
}

/** Bytes a checkpoint's header line may take (its constants and the list of the spec's modules make it long). */
const MAX_HEADER = 1 << 26;

/** The magic and header line at the start of the file open as `fd`: its bytes, and the offset of the newline that ends it. */
function firstLine(fd: number, path: string): { bytes: Buffer; end: number } {
  let bytes = Buffer.alloc(1 << 16);
  let length = 0;
  for (;;) {
    if (length === bytes.length) {
      if (bytes.length >= MAX_HEADER) damaged(path, 'no header');
      const larger = Buffer.alloc(bytes.length * 4);
      bytes.copy(larger);
      bytes = larger;
    }
    const read = readSync(fd, bytes, length, bytes.length - length, length);
    const end = bytes.subarray(0, length + read).indexOf(10, Math.max(MAGIC.length, length));
    length += read;
    if (length >= MAGIC.length && bytes.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) damaged(path, 'not a pika-mc checkpoint');
    if (end >= 0) return { bytes, end };
    if (read === 0) damaged(path, length < MAGIC.length ? 'not a pika-mc checkpoint' : 'no header');
  }
}

const isCount = (x: unknown): boolean => typeof x === 'number' && Number.isInteger(x) && x >= 0;
const isNames = (x: unknown): boolean => Array.isArray(x) && x.every((n) => typeof n === 'string');
const isObject = (x: unknown): x is { readonly [key: string]: unknown } => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Whether a parsed header has every field a resume reads, of its type. */
function isHeader(x: unknown): x is CheckpointHeader {
  if (!isObject(x) || !isObject(x['identity']) || !isObject(x['identity']['code'])) return false;
  const { identity } = x;
  const code = identity['code'] as { readonly [key: string]: unknown };
  return (
    typeof identity['version'] === 'string' &&
    typeof identity['spec'] === 'string' &&
    typeof code['hash'] === 'string' &&
    isObject(code['files']) &&
    Object.values(code['files']).every((h) => typeof h === 'string') &&
    isObject(identity['constants']) &&
    isNames(identity['invariants']) &&
    (identity['reachable'] === undefined || isNames(identity['reachable'])) &&
    isNames(identity['symmetry']) &&
    typeof identity['deadlock'] === 'boolean' &&
    (identity['maxDepth'] === null || isCount(identity['maxDepth'])) &&
    typeof x['module'] === 'string' &&
    typeof x['everySeconds'] === 'number' &&
    typeof x['truncated'] === 'boolean' &&
    ['generated', 'depth', 'seen', 'logged', 'current', 'next'].every((k) => isCount(x[k]))
  );
}

/** Opens the checkpoint of `dir` for reading, refusing a directory with none. */
export function openCheckpoint(dir: string): { fd: number; path: string } {
  const path = join(dir, CHECKPOINT_FILE);
  try {
    return { fd: openSync(path, 'r'), path };
  } catch (cause) {
    throw new UsageError(`no checkpoint to resume in ${dir} (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`);
  }
}

/** The header of the checkpoint in `dir` (see readCheckpointHeader), and the offset of the byte after it, where the seen set begins. */
function headerOf(dir: string): { header: CheckpointHeader; end: number } {
  const { fd, path } = openCheckpoint(dir);
  try {
    return headerIn(fd, path);
  } finally {
    closeSync(fd);
  }
}

/** The header of the checkpoint open as `fd`, and the offset of the byte after it. */
export function headerIn(fd: number, path: string): { header: CheckpointHeader; end: number } {
  const { bytes, end } = firstLine(fd, path);
  let header: unknown;
  try {
    header = JSON.parse(bytes.subarray(MAGIC.length, end).toString('utf8'));
  } catch {
    return damaged(path, 'unreadable header');
  }
  if (!isObject(header)) return damaged(path, 'unreadable header');
  if (header['format'] !== CHECKPOINT_FORMAT) {
    throw new UsageError(`checkpoint ${path} has format version ${String(header['format'])}; this pika-mc reads version ${CHECKPOINT_FORMAT}`);
  }
  if (!isHeader(header)) damaged(path, 'a header of the wrong shape');
  return { header, end: end + 1 };
}

export function damaged(path: string, why: string): never {
  throw new UsageError(`checkpoint ${path} is damaged or truncated (${why}); it cannot be resumed`);
}

/** The first field in which the run of a checkpoint differs from this one, in words; undefined when none does. */
export function identityDifference(saved: CheckpointIdentity, mine: CheckpointIdentity): string | undefined {
  const show = (value: unknown): string => JSON.stringify(value) ?? 'none';
  const list = (names: readonly string[]): string => (names.length > 0 ? names.join(', ') : 'none');
  if (saved.version !== mine.version) return `it was written by pika-mc ${saved.version}, this is pika-mc ${mine.version}`;
  if (saved.spec !== mine.spec) return `it is of spec ${saved.spec}, this run checks ${mine.spec}`;
  if (saved.code.hash !== mine.code.hash) return `the spec's code differs: ${codeDifference(saved.code.files, mine.code.files)} since the checkpoint was written`;
  const names = [...new Set([...Object.keys(saved.constants), ...Object.keys(mine.constants)])];
  for (const name of names) {
    if (show(saved.constants[name]) !== show(mine.constants[name])) {
      return `its constant ${name} is ${show(saved.constants[name])}, this run's is ${show(mine.constants[name])}`;
    }
  }
  if (show(saved.invariants) !== show(mine.invariants)) return `its invariants are ${list(saved.invariants)}; this run's are ${list(mine.invariants)}`;
  if (show(saved.reachable ?? []) !== show(mine.reachable ?? [])) {
    return `its reachability properties are ${list(saved.reachable ?? [])}; this run's are ${list(mine.reachable ?? [])}`;
  }
  if (show(saved.symmetry) !== show(mine.symmetry)) return `its symmetry sets are ${list(saved.symmetry)}; this run's are ${list(mine.symmetry)}`;
  if (saved.deadlock !== mine.deadlock) return `it ${saved.deadlock ? 'checks' : 'does not check'} deadlock, this run ${mine.deadlock ? 'does' : 'does not'}`;
  if (saved.maxDepth !== mine.maxDepth) return `its depth limit is ${saved.maxDepth ?? 'none'}, this run's is ${mine.maxDepth ?? 'none'}`;
  return undefined;
}

