import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readTraceFile } from '../../cli/replay.js';
import { assertRefused, tempDir } from '../ecosystem/helpers.js';
import { cli, CLI_MAIN } from './run.js';

/** A module that, if anything imports it, leaves a file named `imported` beside itself. */
function trapModule(dir: string): { module: string; marker: string } {
  const module = join(dir, 'trap.mjs');
  writeFileSync(module, "import { writeFileSync } from 'node:fs';\nwriteFileSync(new URL('./imported', import.meta.url), 'ran');\nexport default {};\n");
  return { module, marker: join(dir, 'imported') };
}

describe('pika-mc replay runs no code a trace file names', () => {
  const traces = {
    json: (module: string) => ({ model: 'Trap', module, constants: {}, traces: [{ name: 't', trace: [{ action: null, state: { x: 1 } }] }] }),
    itf: (module: string) => ({ '#meta': { model: 'Trap', module, name: 't' }, vars: ['x'], states: [{ '#meta': { index: 0 }, x: 1 }] }),
  };
  for (const [encoding, doc] of Object.entries(traces)) {
    it(`a ${encoding} trace naming a module, without --spec: not imported, exit 2, one line saying to pass --spec <module>`, async () => {
      const dir = tempDir();
      const { module, marker } = trapModule(dir);
      const file = join(dir, `trap.${encoding}.json`);
      writeFileSync(file, JSON.stringify(doc(module)));
      const run = await cli(['replay', file]);
      assert.ok(!existsSync(marker), 'the module named by the trace was imported');
      assertRefused(run, 'replay', /--spec/, new RegExp(`--spec ${module.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`), /trust/);
    });
  }

  it('with --spec, the module given on the command line is loaded (and only that one)', async () => {
    const dir = tempDir();
    const { module, marker } = trapModule(dir);
    const file = join(dir, 'trap.json');
    writeFileSync(file, JSON.stringify(traces.json(join(dir, 'elsewhere.mjs'))));
    const run = await cli(['replay', file, '--spec', module]);
    assert.ok(existsSync(marker), '--spec names the module to load');
    assertRefused(run, 'a module with no spec', /exports no spec/);
  });
});

describe('pika-mc replay of a deeply nested file', () => {
  it('refuses JSON nested beyond the limit without parsing it, naming the depth', () => {
    assert.throws(() => readTraceFile('['.repeat(10_000), 'deep.json'), /deep\.json is not a trace: JSON nested more than 1000 levels deep/);
    assert.throws(() => readTraceFile(`{"a":${'{"a":'.repeat(2000)}1${'}'.repeat(2001)}`, 'deep.json'), /nested more than 1000 levels/);
    // Brackets inside strings are text, not nesting.
    const doc = JSON.stringify({ model: 'replication', constants: {}, traces: [{ name: '['.repeat(5000), trace: [{ action: null, state: { s: '{'.repeat(5000) } }] }] });
    assert.equal(readTraceFile(doc, 'wide.json').traces[0]?.name.length, 5000);
  });

  it('a 20 MB file of [ : one line, exit 2, promptly (as a real subprocess)', () => {
    const file = join(tempDir(), 'brackets.json');
    writeFileSync(file, '['.repeat(20 * 1024 * 1024));
    // Before the depth guard, JSON.parse alone spent about 8 s and 1 GB here (45 s and 5 GB for 100 MB).
    const run = spawnSync(process.execPath, [CLI_MAIN, 'replay', file], { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' });
    assert.equal(run.signal, null, 'killed at the timeout');
    assertRefused({ code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr }, 'replay brackets.json', /nested more than 1000 levels deep/);
  });
});
