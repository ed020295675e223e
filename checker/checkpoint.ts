import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ExploreSnapshot, StepTaken, TraceEnd } from './bfs.js';
import { StateCodec } from './codec.js';
import type { Encoded, RecordShape } from './codec.js';
import type { Model } from './compile.js';
import { UsageError } from './errors.js';
import { FingerprintSet } from './fingerprintSet.js';
import { FingerprintSeenSet } from './seenSet.js';
import { TraceLog } from './traceLog.js';
import type { State } from './types.js';

/** Version of the checkpoint format; a checkpoint of another version is refused. */
export const CHECKPOINT_FORMAT = 2;
const MAGIC = 'PIKA-MC CHECKPOINT\n';
const FILE = 'checkpoint.bin';

/** What a checkpoint must match to be resumed: the spec, its constants and the run's options. */
export interface CheckpointIdentity {
  readonly spec: string;
  readonly constants: unknown;
  readonly invariants: readonly string[];
  readonly symmetry: readonly string[];
  readonly deadlock: boolean;
}

interface EncodedEnd {
  readonly kind: TraceEnd<State>['kind'];
  readonly id?: number;
  readonly parent?: number;
  readonly state: Encoded;
  readonly step?: { readonly action: string; readonly tuple: number; readonly choices: Encoded[] };
}

interface Header {
  readonly format: number;
  readonly identity: CheckpointIdentity;
  readonly generated: number;
  readonly depth: number;
  readonly truncated: boolean;
  readonly seenCount: number;
  readonly logCount: number;
  readonly statesBytes: number;
}

interface StatesPart {
  readonly shapes: RecordShape[];
  readonly current: Encoded[];
  readonly currentIds: number[];
  readonly next: Encoded[];
  readonly nextIds: number[];
  readonly violations: [string, EncodedEnd][];
  readonly deadlock: EncodedEnd | null;
}

/** FNV-1a over the bytes: enough to tell a truncated or damaged file from a whole one. */
function checksum(bytes: Uint8Array): number {
  return continueChecksum(0x811c9dc5, bytes) >>> 0;
}

function u32Bytes(words: Uint32Array): Buffer {
  return Buffer.from(words.buffer, words.byteOffset, words.byteLength);
}

/**
 * Writes a snapshot of the exploration into `dir` atomically: the file is written under a temporary
 * name, flushed to disk, then renamed over the previous checkpoint, so that a crash mid-write leaves
 * the previous checkpoint whole.
 */
export function writeCheckpoint<S extends State>(dir: string, identity: CheckpointIdentity, snapshot: ExploreSnapshot<S>): void {
  mkdirSync(dir, { recursive: true });
  const codec = new StateCodec();
  const encodeEnd = (end: TraceEnd<S>): EncodedEnd => ({
    kind: end.kind,
    ...(end.kind === 'stored' ? { id: end.id } : {}),
    ...(end.kind === 'step' ? { parent: end.parent, step: { action: end.step.action.name, tuple: end.step.tuple, choices: end.step.choices.map((c) => codec.encode(c)) } } : {}),
    state: codec.encode(end.state),
  });
  const states: Omit<StatesPart, 'shapes'> = {
    current: snapshot.current.map((s) => codec.encode(s)),
    currentIds: [...snapshot.currentIds],
    next: snapshot.next.map((s) => codec.encode(s)),
    nextIds: [...snapshot.nextIds],
    violations: [...snapshot.violations].map(([name, end]) => [name, encodeEnd(end)]),
    deadlock: snapshot.deadlock ? encodeEnd(snapshot.deadlock) : null,
  };
  const statesBytes = Buffer.from(JSON.stringify({ shapes: codec.shapes, ...states }));
  const seenWords = snapshot.seen instanceof FingerprintSeenSet ? snapshot.seen.table.toWords() : new Uint32Array(0);
  const log = snapshot.log;
  const logWords = new Uint32Array(log.size * 3);
  for (let i = 0; i < log.size; i++) {
    logWords[3 * i] = log.hi(i);
    logWords[3 * i + 1] = log.lo(i);
    logWords[3 * i + 2] = log.parent(i);
  }
  const header: Header = {
    format: CHECKPOINT_FORMAT,
    identity,
    generated: snapshot.generated,
    depth: snapshot.depth,
    truncated: snapshot.truncated,
    seenCount: seenWords.length / 2,
    logCount: log.size,
    statesBytes: statesBytes.length,
  };
  const headerBytes = Buffer.from(`${JSON.stringify(header)}\n`);
  const parts = [Buffer.from(MAGIC), headerBytes, u32Bytes(seenWords), u32Bytes(logWords), statesBytes];
  let sum = 0x811c9dc5;
  for (const part of parts) sum = continueChecksum(sum, part);
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32LE(sum >>> 0);
  const temp = join(dir, `${FILE}.tmp`);
  const fd = openSync(temp, 'w');
  try {
    for (const part of [...parts, trailer]) writeSync(fd, part);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, join(dir, FILE));
}

function continueChecksum(h: number, bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  return h;
}

/**
 * Reads the checkpoint in `dir` back into a snapshot for `model`, refusing (UsageError) one that is
 * missing, damaged, of another format version, or of another spec, constants or options.
 */
export function readCheckpoint<S extends State>(dir: string, model: Model<S>, identity: CheckpointIdentity): ExploreSnapshot<S> {
  const path = join(dir, FILE);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw new UsageError(`no checkpoint to resume in ${dir} (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`);
  }
  const damaged = (why: string): never => {
    throw new UsageError(`checkpoint ${path} is damaged or truncated (${why}); it cannot be resumed`);
  };
  if (bytes.length < MAGIC.length + 4 || bytes.subarray(0, MAGIC.length).toString() !== MAGIC) damaged('not a pika-mc checkpoint');
  const body = bytes.subarray(0, bytes.length - 4);
  if (checksum(body) !== bytes.readUInt32LE(bytes.length - 4)) damaged('checksum mismatch');
  const headerEnd = body.indexOf(10, MAGIC.length);
  if (headerEnd < 0) damaged('no header');
  const header = JSON.parse(body.subarray(MAGIC.length, headerEnd).toString()) as Header;
  if (header.format !== CHECKPOINT_FORMAT) {
    throw new UsageError(`checkpoint ${path} has format version ${header.format}; this pika-mc reads version ${CHECKPOINT_FORMAT}`);
  }
  const mine = JSON.stringify(identity);
  const theirs = JSON.stringify(header.identity);
  if (mine !== theirs) {
    throw new UsageError(`checkpoint ${path} is of another run: it has ${theirs}, this run is ${mine}`);
  }
  let offset = headerEnd + 1;
  const words = (count: number): Uint32Array => {
    const copy = new Uint8Array(count * 4);
    copy.set(body.subarray(offset, offset + count * 4));
    offset += count * 4;
    return new Uint32Array(copy.buffer);
  };
  const seenWords = words(header.seenCount * 2);
  const logWords = words(header.logCount * 3);
  const states = JSON.parse(body.subarray(offset, offset + header.statesBytes).toString()) as StatesPart;
  const table = new FingerprintSet(Math.ceil(header.seenCount / 0.6) + 16);
  for (let i = 0; i < seenWords.length; i += 2) table.add(seenWords[i] as number, seenWords[i + 1] as number);
  const log = new TraceLog();
  for (let i = 0; i < logWords.length; i += 3) log.append(logWords[i] as number, logWords[i + 1] as number, logWords[i + 2] as number);
  const codec = new StateCodec();
  for (const state of model.init()) codec.learn(state);
  codec.useShapes(states.shapes);
  const decodeState = (e: Encoded): S => codec.decode(e) as S;
  const actions = new Map(model.actions.map((a) => [a.name, a]));
  const decodeEnd = (e: EncodedEnd): TraceEnd<S> => {
    const state = decodeState(e.state);
    if (e.kind === 'initial') return { kind: 'initial', state };
    if (e.kind === 'stored') return { kind: 'stored', id: e.id as number, state };
    const action = actions.get(e.step?.action ?? '');
    if (!action || !e.step) return damaged(`unknown action ${e.step?.action ?? '?'}`);
    const step: StepTaken<S> = { action, tuple: e.step.tuple, choices: e.step.choices.map((c) => codec.decode(c)) };
    return { kind: 'step', parent: e.parent as number, state, step };
  };
  return {
    generated: header.generated,
    depth: header.depth,
    current: states.current.map(decodeState),
    currentIds: states.currentIds,
    next: states.next.map(decodeState),
    nextIds: states.nextIds,
    violations: new Map(states.violations.map(([name, end]) => [name, decodeEnd(end)])),
    ...(states.deadlock ? { deadlock: decodeEnd(states.deadlock) } : {}),
    truncated: header.truncated,
    log,
    seen: new FingerprintSeenSet(table),
  };
}
