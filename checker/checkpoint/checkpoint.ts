import { closeSync, fstatSync, fsyncSync, openSync, readFileSync, readSync, renameSync, unlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExploreResume, ExploreSnapshot, StepTaken, TraceEnd } from '../explore/engine.js';
import { ChunkReader, ChunkWriter, DIGEST_BYTES, newDigest, ReadFailed, WriteStopped } from './file.js';
import { readFrontier, writeFrontier } from './queueCodec.js';
import { StateCodec } from '../state/codec.js';
import { CHECKPOINT_FILE, CHECKPOINT_FORMAT, CHECKPOINT_TEMP, damaged, headerIn, identityDifference, MAGIC, openCheckpoint } from './header.js';
import type { CheckpointHeader, CheckpointIdentity } from './header.js';

export { CHECKPOINT_FILE, CHECKPOINT_FORMAT, CHECKPOINT_TEMP, identityDifference, readCheckpointHeader } from './header.js';
export type { CheckpointHeader, CheckpointIdentity } from './header.js';
import type { Encoded, RecordShape } from '../state/codec.js';
import type { Model } from '../spec/compile.js';
import { ownFileError, UsageError } from '../errors.js';
import { OptionsRefusal } from '../explore/plan.js';
import { FingerprintSet } from '../explore/fingerprintSet.js';
import { FingerprintSeenSet } from '../explore/seenSet.js';
import { TraceLog } from '../explore/traceLog.js';
import type { TraceLinks, TraceRecords } from '../explore/traceLog.js';
import type { SeenSet } from '../explore/seenSet.js';
import type { State } from '../spec/types.js';

/** Fingerprints are written and read this many at a time. */
const BLOCK = 1 << 16;

/**
 * Where a resumed run keeps its seen set and trace log when not in memory (a spilled run's): the
 * checkpoint's fingerprints are loaded into `seen`, its records appended to `log`.
 */
export interface ResumeStores {
  readonly seen: SeenSet & { load(words: Uint32Array): void };
  readonly log: TraceRecords;
}

/** What the caller says of a run, to be written in each of its checkpoints. */
export type CheckpointRun = Pick<CheckpointHeader, 'identity' | 'module' | 'everySeconds'>;

interface EncodedEnd {
  readonly kind: TraceEnd<State>['kind'];
  readonly id?: number;
  readonly parent?: number;
  readonly state: Encoded;
  readonly step?: { readonly action: string; readonly tuple: number; readonly choices: Encoded[] };
}

/** Written last (the record types are known once every state is written); found from the file's end. */
interface Tail {
  readonly shapes: readonly RecordShape[];
  readonly violations: readonly [string, EncodedEnd][];
  readonly deadlock: EncodedEnd | null;
  /** Where each part begins. */
  readonly offsets: { readonly seen: number; readonly log: number; readonly current: number; readonly next: number };
}

/** The version in pika-mc's package.json. */
export function pikaMcVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** An absolute path for a module given as a path or a file URL. */
export function modulePath(module: string): string {
  return module.startsWith('file:') ? fileURLToPath(module) : resolve(module);
}

/**
 * Writes a snapshot of the exploration into `dir`, streamed in binary (fingerprints, trace links,
 * the queued states as numbers of their field values) through a buffer of one megabyte, under a
 * temporary name; then flushes it to disk and renames it over the last checkpoint, so that a run
 * killed while writing leaves the last checkpoint whole. Asks `stop` now and then: when it says
 * so, gives the write up (removing the partial file) and returns false.
 */
export function writeCheckpoint<S extends State>(dir: string, run: CheckpointRun, snapshot: ExploreSnapshot<S>, stop: () => boolean = () => false): boolean {
  const temp = join(dir, CHECKPOINT_TEMP);
  let fd: number;
  try {
    fd = openSync(temp, 'w');
  } catch (cause) {
    throw ownFileError(temp, 'write', cause);
  }
  let written = false;
  try {
    writeParts(new ChunkWriter(fd, stop), run, snapshot);
    fsyncSync(fd);
    written = true;
  } catch (cause) {
    if (!(cause instanceof WriteStopped)) throw ownFileError(temp, 'write', cause);
  } finally {
    closeSync(fd);
    if (!written) removeQuietly(temp);
  }
  if (!written) return false;
  try {
    renameSync(temp, join(dir, CHECKPOINT_FILE));
  } catch (cause) {
    throw ownFileError(join(dir, CHECKPOINT_FILE), 'write', cause);
  }
  syncDirectory(dir);
  return true;
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Not there: nothing to remove.
  }
}

/** Flushes the directory's entries, so that the rename survives a crash (where the platform can). */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not every platform can open or flush a directory.
  }
}

/** Removes a partial checkpoint left by a run killed while it wrote (call while holding the directory's lock). */
/** Removes the checkpoint of `dir`, whole or partial: for a run that ended with nothing a resume could take further. */
export function removeCheckpoint(dir: string): void {
  removeQuietly(join(dir, CHECKPOINT_FILE));
  removePartialCheckpoint(dir);
}

export function removePartialCheckpoint(dir: string): void {
  removeQuietly(join(dir, CHECKPOINT_TEMP));
}

function writeParts<S extends State>(out: ChunkWriter, run: CheckpointRun, snapshot: ExploreSnapshot<S>): void {
  const { seen, log } = snapshot;
  if (seen.forEachWords === undefined) throw new UsageError('checkpoints need the fingerprint seen set (not exact mode)');
  const current = Math.max(0, snapshot.current.length - snapshot.from);
  const header: CheckpointHeader = {
    format: CHECKPOINT_FORMAT,
    ...run,
    generated: snapshot.generated,
    depth: snapshot.depth,
    truncated: snapshot.truncated,
    seen: seen.size,
    logged: log.size,
    current,
    next: snapshot.next.length,
  };
  out.bytes(Buffer.from(`${MAGIC}${JSON.stringify(header)}\n`));
  const seenAt = out.offset;
  let fingerprints = 0;
  seen.forEachWords(BLOCK, (words) => {
    fingerprints += words.length / 2;
    out.words(words);
  });
  if (fingerprints !== seen.size) throw new Error(`the seen set gave ${fingerprints} fingerprints for ${seen.size}`);
  const logAt = out.offset;
  log.forEachChunk((his, los, parents) => {
    out.words(his);
    out.words(los);
    out.words(parents);
  });
  const codec = new StateCodec();
  const currentAt = out.offset;
  writeFrontier(out, snapshot.current, snapshot.from, codec);
  const nextAt = out.offset;
  writeFrontier(out, snapshot.next, 0, codec);
  const encodeEnd = (end: TraceEnd<S>): EncodedEnd => ({
    kind: end.kind,
    ...(end.kind === 'stored' ? { id: end.id } : {}),
    ...(end.kind === 'step' ? { parent: end.parent, step: { action: end.step.action.name, tuple: end.step.tuple, choices: end.step.choices.map((c) => codec.encode(c)) } } : {}),
    state: codec.encode(end.state),
  });
  const violations = [...snapshot.violations].map(([name, end]): [string, EncodedEnd] => [name, encodeEnd(end)]);
  const deadlock = snapshot.deadlock ? encodeEnd(snapshot.deadlock) : null;
  const tail: Tail = { shapes: codec.shapes, violations, deadlock, offsets: { seen: seenAt, log: logAt, current: currentAt, next: nextAt } };
  const tailAt = out.offset;
  out.string(JSON.stringify(tail));
  out.f64(tailAt);
  out.trailer(out.finish());
}

/**
 * The refusal of a resume bounded by maxStates to fewer distinct states than the `held` its
 * checkpoint in `dir` already holds: the resumed run counts them among its own, so it could only
 * report more states than its bound. Its numbers are plain digits, as the option takes them.
 */
function maxStatesRefusal(maxStates: number, held: number, dir: string): OptionsRefusal {
  return new OptionsRefusal(
    (n) => `${n('maxStates')} ${maxStates} is below the ${held} states the checkpoint in ${dir} already holds (a resumed run counts them): give at least ${held}, or leave ${n('maxStates')} out`,
  );
}

/** What a run asks of the checkpoint it resumes: to be of the same run, and to hold no more states than the run's bound. */
export interface ResumeRequest {
  readonly identity: CheckpointIdentity;
  /** The run's bound on distinct states (Infinity: none). */
  readonly maxStates: number;
}

/**
 * Reads the checkpoint in `dir` back for `model`, refusing (UsageError) one that is missing,
 * damaged (its digest is checked first, then its header's counts against the parts they count),
 * of another format version, of another run (another spec or spec code, constants or options, or
 * another pika-mc: the message names what differs), or holding more states than the run's
 * maxStates. The seen set and trace log are read at once; the queued states when the exploration
 * asks (`restore`), into its own queues.
 */
export function readCheckpoint<S extends State>(dir: string, model: Model<S>, request: ResumeRequest, stores?: ResumeStores): ExploreResume<S> {
  // One file throughout: a run writing the folder renames a new checkpoint over it (see restore).
  const { fd, path } = openCheckpoint(dir);
  try {
    const { header, end: headerEnd } = headerIn(fd, path);
    const stat = fstatSync(fd);
    const size = stat.size;
    const fail = (why: string): never => damaged(path, why);
    if (size < DIGEST_BYTES + 8) fail('too short');
    const body = size - DIGEST_BYTES;
    if (!digestOf(fd, body).equals(readAt(fd, body, DIGEST_BYTES))) fail('checksum mismatch');
    const difference = identityDifference(header.identity, request.identity);
    if (difference !== undefined) throw new UsageError(`checkpoint ${path} is of another run: ${difference}; it cannot be resumed`);
    const tailAt = readAt(fd, body - 8, 8).readDoubleLE(0);
    const reader = (at: number): ChunkReader => new ChunkReader(fd, at, body);
    let tail: Tail;
    try {
      tail = JSON.parse(reader(tailAt).string()) as Tail;
    } catch {
      return fail('unreadable tail');
    }
    const disagreement = countsDisagreement(header, headerEnd, tail, tailAt, reader);
    if (disagreement !== undefined) fail(disagreement);
    if (header.seen > request.maxStates) throw maxStatesRefusal(request.maxStates, header.seen, dir);
    const { seen, log } = readStored(reader(tail.offsets.seen), header, stores);
    const codec = new StateCodec();
    for (const state of model.init()) codec.learn(state);
    codec.useShapes(tail.shapes);
    const decodeEnd = endDecoder(model, codec, fail);
    const violations = new Map(tail.violations.map(([name, end]) => [name, decodeEnd(end)] as const));
    const deadlock = tail.deadlock ? decodeEnd(tail.deadlock) : undefined;
    return {
      generated: header.generated,
      depth: header.depth,
      violations,
      ...(deadlock ? { deadlock } : {}),
      truncated: header.truncated,
      log,
      seen,
      restore: (current, next) => {
        const again = openSync(path, 'r');
        try {
          const now = fstatSync(again);
          if (now.ino !== stat.ino || now.dev !== stat.dev || now.size !== stat.size || now.mtimeMs !== stat.mtimeMs) {
            throw new UsageError(`checkpoint ${path} was replaced while it was read (a run is writing that folder): resume it once that run has stopped`);
          }
          // Each queue holds as many states as the header counts: readFrontier reads the count the
          // queue begins with, which countsDisagreement has matched against the header's.
          const firstCurrent = readFrontier(new ChunkReader(again, tail.offsets.current, body), current, codec, fail);
          const firstNext = readFrontier(new ChunkReader(again, tail.offsets.next, body), next, codec, fail);
          // The level under way is the header's depth: the trace of a state queued on it is as long,
          // and that of a state found for the next level one longer (all there is at a level's end).
          const [first, depth] = firstCurrent !== undefined ? [firstCurrent, header.depth] : [firstNext, header.depth + 1];
          if (first !== undefined && traceLength(log, first, fail) !== depth) fail(`its header's depth ${header.depth} is not that of the states it queues`);
        } catch (cause) {
          if (cause instanceof ReadFailed) fail(cause.message);
          throw cause;
        } finally {
          closeSync(again);
        }
      },
    };
  } catch (cause) {
    if (cause instanceof ReadFailed) damaged(path, cause.message);
    throw cause;
  } finally {
    closeSync(fd);
  }
}

/** Bytes a state takes in the seen set (its fingerprint) and in the trace log (its fingerprint and parent). */
const SEEN_BYTES = 8;
const LOGGED_BYTES = 12;

/**
 * Where the header's counts disagree with the parts of the file they count, in words; undefined
 * when they agree. The digest covers both, but a header is a line of text that a file rewritten by
 * hand may get wrong: the seen set and trace log take as many bytes as their counts say (from the
 * offsets the tail records), and each level queue begins with the count of its states.
 */
function countsDisagreement(header: CheckpointHeader, headerEnd: number, tail: Tail, tailAt: number, reader: (at: number) => ChunkReader): string | undefined {
  for (const name of ['generated', 'depth', 'seen', 'logged', 'current', 'next'] as const) {
    const value: unknown = header[name];
    if (!Number.isSafeInteger(value) || (value as number) < 0) return `its header's ${name} is ${JSON.stringify(value) ?? 'missing'}, not a count`;
  }
  const at = tail.offsets as Tail['offsets'] | undefined;
  if (typeof at !== 'object' || at === null) return 'its parts out of place';
  if (at.seen !== headerEnd || !(at.log >= at.seen && at.current >= at.log && at.next >= at.current && tailAt >= at.next)) return 'its parts out of place';
  if (at.log - at.seen !== SEEN_BYTES * header.seen) return `its header counts ${header.seen} states in the seen set, which holds ${(at.log - at.seen) / SEEN_BYTES}`;
  if (at.current - at.log !== LOGGED_BYTES * header.logged) {
    return `its header counts ${header.logged} states in the trace log, which holds ${(at.current - at.log) / LOGGED_BYTES}`;
  }
  for (const [name, offset] of [['current', at.current], ['next', at.next]] as const) {
    const queued = reader(offset).u32();
    if (queued !== header[name]) return `its header counts ${header[name]} states on the ${name} level, whose queue holds ${queued}`;
  }
  return undefined;
}

/** States on the trace from an initial state to state `id` of `log`, that one included. */
function traceLength(log: TraceLinks, id: number, fail: (why: string) => never): number {
  let length = 0;
  for (let i = id; i !== TraceLog.NONE; i = log.parent(i)) {
    if (i >= log.size || ++length > log.size) fail('a queued state whose trace is not in the trace log');
  }
  return length;
}

function digestOf(fd: number, length: number): Buffer {
  const digest = newDigest();
  const buffer = Buffer.allocUnsafe(1 << 22);
  for (let at = 0; at < length; ) {
    const got = readSync(fd, buffer, 0, Math.min(buffer.length, length - at), at);
    if (got <= 0) break;
    digest.update(buffer.subarray(0, got));
    at += got;
  }
  return digest.digest();
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  readSync(fd, buffer, 0, length, position);
  return buffer;
}

/** The seen set and trace log of a checkpoint, read in blocks (into `stores`, when given; else in memory). */
function readStored(input: ChunkReader, header: CheckpointHeader, stores: ResumeStores | undefined): { seen: SeenSet; log: TraceRecords } {
  const block = new Uint32Array(2 * BLOCK);
  const table = stores === undefined ? new FingerprintSet(Math.ceil(header.seen / 0.6) + 16) : undefined;
  for (let from = 0; from < header.seen; from += BLOCK) {
    const n = Math.min(BLOCK, header.seen - from);
    input.words(block, 0, 2 * n);
    if (table === undefined) stores?.seen.load(block.subarray(0, 2 * n));
    else for (let i = 0; i < 2 * n; i += 2) table.add(block[i] as number, block[i + 1] as number);
  }
  // In chunks as TraceLog.forEachChunk gives them: high words, low words, parents.
  const log = stores?.log ?? new TraceLog();
  const [his, los, parents] = [0, 1, 2].map(() => new Uint32Array(TraceLog.CHUNK)) as [Uint32Array, Uint32Array, Uint32Array];
  for (let from = 0; from < header.logged; from += TraceLog.CHUNK) {
    const n = Math.min(TraceLog.CHUNK, header.logged - from);
    input.words(his, 0, n);
    input.words(los, 0, n);
    input.words(parents, 0, n);
    for (let i = 0; i < n; i++) log.append(his[i] as number, los[i] as number, parents[i] as number);
  }
  return { seen: table === undefined ? (stores as ResumeStores).seen : new FingerprintSeenSet(table), log };
}

function endDecoder<S extends State>(model: Model<S>, codec: StateCodec, fail: (why: string) => never): (e: EncodedEnd) => TraceEnd<S> {
  const actions = new Map(model.actions.map((a) => [a.name, a]));
  return (e) => {
    const state = codec.decode(e.state) as S;
    if (e.kind === 'initial') return { kind: 'initial', state };
    if (e.kind === 'stored') return { kind: 'stored', id: e.id as number, state };
    const action = actions.get(e.step?.action ?? '');
    if (!action || !e.step) return fail(`unknown action ${e.step?.action ?? '?'}`);
    const step: StepTaken<S> = { action, tuple: e.step.tuple, choices: e.step.choices.map((c) => codec.decode(c)) };
    return { kind: 'step', parent: e.parent as number, state, step };
  };
}
