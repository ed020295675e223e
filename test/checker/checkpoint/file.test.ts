import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ChunkReader, ChunkWriter } from '../../../checker/checkpoint/file.js';
import { StateCodec } from '../../../checker/state/codec.js';
import { sameShape, VALUES } from '../state/values.js';

/** The bytes `write` writes through a ChunkWriter. */
function written(dir: string, name: string, write: (writer: ChunkWriter) => void): string {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  try {
    const writer = new ChunkWriter(fd);
    write(writer);
    writer.finish();
  } finally {
    closeSync(fd);
  }
  return path;
}

describe('checkpoint files', () => {
  it('write a value as the codec encodes it, for every kind of value, and read it back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-file-'));
    try {
      const codec = new StateCodec();
      for (const [, value] of VALUES) codec.learn(value);
      const direct = written(dir, 'direct', (w) => {
        for (const [, value] of VALUES) w.value(value, codec);
      });
      const viaCodec = written(dir, 'encoded', (w) => {
        for (const [, value] of VALUES) w.encoded(codec.encode(value));
      });
      assert.deepEqual(readFileSync(direct), readFileSync(viaCodec), 'the two writers agree byte for byte');

      const fd = openSync(direct, 'r');
      try {
        const reader = new ChunkReader(fd, 0, statSync(direct).size);
        for (const [name, value] of VALUES) {
          const back = codec.decode(reader.encoded());
          assert.ok(sameShape(back, value), `${name}: ${String(back)} is not ${String(value)}`);
        }
      } finally {
        closeSync(fd);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
