import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { readSync, writeSync } from 'node:fs';
import { isList, isMap, isOrdered, isRecord, isSet, isStack } from 'immutable';
import type { Encoded, StateCodec } from '../state/codec.js';
import { NotAValueError } from '../state/fingerprint.js';

/** Bytes a checkpoint is written and read in: the only buffer either side holds. */
const CHUNK = 1 << 20;

/** Thrown by a ChunkWriter told to stop (at a deadline): the file it wrote is partial. */
export class WriteStopped extends Error {
  constructor() {
    super('checkpoint write stopped');
  }
}

/** The digest that closes a checkpoint: SHA-256 of every byte before it. */
export const DIGEST_BYTES = 32;

/** Digest of checkpoint bytes, in the order they are written. */
export function newDigest(): Hash {
  return createHash('sha256');
}

/**
 * Writes a file in chunks of a fixed buffer (fs.writeSync), digesting every byte written, so that a
 * checkpoint of any size takes one megabyte of memory to write. Between two chunks it asks
 * `stop`, and throws WriteStopped when told to.
 */
export class ChunkWriter {
  private buffer = Buffer.allocUnsafe(CHUNK);
  private at = 0;
  private written = 0;
  private readonly digest = newDigest();

  constructor(
    private readonly fd: number,
    private readonly stop: () => boolean = () => false,
  ) {}

  /** Bytes written so far (flushed or not). */
  get offset(): number {
    return this.written + this.at;
  }

  u8(value: number): void {
    this.room(1);
    this.buffer[this.at++] = value;
  }

  i32(value: number): void {
    this.room(4);
    this.buffer.writeInt32LE(value | 0, this.at);
    this.at += 4;
  }

  u32(value: number): void {
    this.room(4);
    this.buffer.writeUInt32LE(value >>> 0, this.at);
    this.at += 4;
  }

  f64(value: number): void {
    this.room(8);
    this.buffer.writeDoubleLE(value, this.at);
    this.at += 8;
  }

  /** Words of a typed array, as they are in memory (little-endian on every platform Node runs on). */
  words(words: Uint32Array | Int32Array): void {
    this.bytes(new Uint8Array(words.buffer, words.byteOffset, words.byteLength));
  }

  bytes(bytes: Uint8Array): void {
    let from = 0;
    while (from < bytes.length) {
      if (this.at === this.buffer.length) this.flush(true);
      const n = Math.min(bytes.length - from, this.buffer.length - this.at);
      this.buffer.set(bytes.subarray(from, from + n), this.at);
      this.at += n;
      from += n;
    }
  }

  /** A string: its UTF-8 length, then its bytes. */
  string(text: string): void {
    const length = Buffer.byteLength(text);
    this.u32(length);
    if (length <= this.buffer.length) {
      this.room(length);
      this.at += this.buffer.write(text, this.at);
    } else {
      this.bytes(Buffer.from(text));
    }
  }

  /** A value as the codec writes it (see StateCodec), in binary: a tag byte, then its contents. */
  encoded(value: Encoded): void {
    if (value === null) return this.u8(Tag.Null);
    switch (typeof value) {
      case 'boolean':
        return this.u8(value ? Tag.True : Tag.False);
      case 'number':
        if ((value | 0) === value && !Object.is(value, -0)) {
          this.u8(Tag.Int);
          return this.i32(value);
        }
        this.u8(Tag.Float);
        return this.f64(value);
      case 'string':
        this.u8(Tag.String);
        return this.string(value);
      default:
        this.u8(Tag.Array);
        this.u32(value.length);
        for (const item of value) this.encoded(item);
    }
  }

  /**
   * A state or value as `encoded(codec.encode(value))` writes it, without building the encoded
   * form first (record types are numbered by `codec`, as it does).
   */
  value(value: unknown, codec: StateCodec): void {
    switch (typeof value) {
      case 'number':
      case 'string':
      case 'boolean':
        return this.encoded(value);
      case 'undefined':
        this.u8(Tag.Array);
        this.u32(1);
        return this.encoded('U');
      case 'object': {
        if (value === null) return this.u8(Tag.Null);
        if (isRecord(value)) {
          const { type, keys } = codec.recordType(value);
          this.u8(Tag.Array);
          this.u32(keys.length + 2);
          this.encoded('R');
          this.encoded(type);
          const record = value as unknown as { get(k: string): unknown };
          for (const key of keys) this.value(record.get(key), codec);
          return;
        }
        const each = value as unknown as { readonly size: number; forEach(f: (v: unknown, k: unknown) => void): void };
        if (isList(value) || isStack(value) || isSet(value)) {
          this.u8(Tag.Array);
          this.u32(each.size + 1);
          this.encoded(isList(value) ? 'L' : isStack(value) ? 'K' : isOrdered(value) ? 'OS' : 'S');
          each.forEach((v) => {
            this.value(v, codec);
          });
          return;
        }
        if (isMap(value)) {
          this.u8(Tag.Array);
          this.u32(2 * each.size + 1);
          this.encoded(isOrdered(value) ? 'OM' : 'M');
          each.forEach((v, k) => {
            this.value(k, codec);
            this.value(v, codec);
          });
          return;
        }
        throw new NotAValueError(value);
      }
      default:
        throw new NotAValueError(value);
    }
  }

  /** Writes what is buffered, and returns the digest of the whole file (to be written by `trailer`). */
  finish(): Buffer {
    this.flush(false);
    return this.digest.digest();
  }

  /** Writes `bytes` after `finish`, not digested (the digest itself). */
  trailer(bytes: Uint8Array): void {
    writeAll(this.fd, bytes);
  }

  private room(n: number): void {
    if (this.at + n > this.buffer.length) this.flush(true);
    if (n > this.buffer.length) this.buffer = Buffer.allocUnsafe(n);
  }

  private flush(more: boolean): void {
    const chunk = this.buffer.subarray(0, this.at);
    this.digest.update(chunk);
    writeAll(this.fd, chunk);
    this.written += this.at;
    this.at = 0;
    if (more && this.stop()) throw new WriteStopped();
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let from = 0;
  while (from < bytes.length) from += writeSync(fd, bytes, from, bytes.length - from);
}

/** Thrown by a ChunkReader that meets the end of the file or a value it cannot read. */
export class ReadFailed extends Error {}

/** Reads a file written by a ChunkWriter, from `offset`, through a buffer of one megabyte. */
export class ChunkReader {
  private readonly buffer = Buffer.allocUnsafe(CHUNK);
  private at = 0;
  private end = 0;

  constructor(
    private readonly fd: number,
    private position: number,
    private readonly limit: number,
  ) {}

  u8(): number {
    this.need(1);
    return this.buffer[this.at++] as number;
  }

  i32(): number {
    this.need(4);
    const value = this.buffer.readInt32LE(this.at);
    this.at += 4;
    return value;
  }

  u32(): number {
    this.need(4);
    const value = this.buffer.readUInt32LE(this.at);
    this.at += 4;
    return value;
  }

  f64(): number {
    this.need(8);
    const value = this.buffer.readDoubleLE(this.at);
    this.at += 8;
    return value;
  }

  /** `count` words into `into` from `start` (as ChunkWriter.words wrote them). */
  words(into: Uint32Array, start: number, count: number): void {
    const bytes = new Uint8Array(into.buffer, into.byteOffset + start * 4, count * 4);
    let done = 0;
    while (done < bytes.length) {
      if (this.at === this.end) this.need(1);
      const n = Math.min(bytes.length - done, this.end - this.at);
      bytes.set(this.buffer.subarray(this.at, this.at + n), done);
      this.at += n;
      done += n;
    }
  }

  string(): string {
    const length = this.u32();
    if (length > this.limit) throw new ReadFailed('a string longer than the file');
    if (length <= this.buffer.length) {
      this.need(length);
      const text = this.buffer.toString('utf8', this.at, this.at + length);
      this.at += length;
      return text;
    }
    const bytes = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      if (this.at === this.end) this.need(1);
      const n = Math.min(length - done, this.end - this.at);
      this.buffer.copy(bytes, done, this.at, this.at + n);
      this.at += n;
      done += n;
    }
    return bytes.toString('utf8');
  }

  encoded(): Encoded {
    const tag = this.u8();
    switch (tag) {
      case Tag.Null:
        return null;
      case Tag.False:
        return false;
      case Tag.True:
        return true;
      case Tag.Int:
        return this.i32();
      case Tag.Float:
        return this.f64();
      case Tag.String:
        return this.string();
      case Tag.Array: {
        const length = this.u32();
        if (length > this.limit) throw new ReadFailed('an array longer than the file');
        const items: Encoded[] = new Array<Encoded>(length);
        for (let i = 0; i < length; i++) items[i] = this.encoded();
        return items;
      }
      default:
        throw new ReadFailed(`unknown value tag ${tag}`);
    }
  }

  /** Makes `n` bytes readable at `at`, reading on from the file; fails at the limit. */
  private need(n: number): void {
    if (this.at + n <= this.end) return;
    const left = this.end - this.at;
    this.buffer.copy(this.buffer, 0, this.at, this.end);
    this.at = 0;
    this.end = left;
    while (this.end < n) {
      const want = Math.min(this.buffer.length - this.end, this.limit - this.position);
      const got = want > 0 ? readSync(this.fd, this.buffer, this.end, want, this.position) : 0;
      if (got <= 0) throw new ReadFailed('unexpected end of file');
      this.position += got;
      this.end += got;
    }
  }
}

/** The first byte of a value written by ChunkWriter.encoded. */
const Tag = { Null: 0, False: 1, True: 2, Int: 3, Float: 4, String: 5, Array: 6 } as const;
