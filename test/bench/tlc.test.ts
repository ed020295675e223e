import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BENCH_CONFIGS } from '../../bench/configs.js';
import { tlcArguments, tlcSetupFromEnv } from '../../bench/tlc.js';
import { tlaConstantsOf, tlcConfigText } from '../../bench/tlcModel.js';
import type { TlaConstants } from '../../bench/tlcModel.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const RUN = join(HERE, '..', '..', 'bench', 'run.js');
const FIXTURES = join(HERE, '..', '..', '..', 'test', 'fixtures', 'tlc');

/** A stand-in for `java` that records how it was called and what it was given, prints a TLC output and exits with a code. */
const FAKE_JAVA = `#!${process.execPath}
const fs = require('node:fs');
const path = require('node:path');
const record = process.env.FAKE_TLC_RECORD;
const files = Object.fromEntries(fs.readdirSync('.').filter((f) => /\\.(tla|cfg)$/.test(f)).map((f) => [f, fs.readFileSync(f, 'utf8')]));
fs.writeFileSync(path.join(record, 'run' + fs.readdirSync(record).length + '.json'), JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), files }));
process.stdout.write(fs.readFileSync(process.env.FAKE_TLC_OUTPUT, 'utf8'));
process.exitCode = Number(process.env.FAKE_TLC_EXIT);
`;

interface Recorded {
  readonly argv: string[];
  readonly cwd: string;
  readonly files: { readonly [name: string]: string };
}

describe('TLC beside pika-mc in the bench: TLC_JAR and TLC_MODEL', () => {
  let dir = '';
  let jar = '';
  let model = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pika-mc-tlc-test-'));
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin', 'java'), FAKE_JAVA);
    chmodSync(join(dir, 'bin', 'java'), 0o755);
    jar = join(dir, 'tla2tools.jar');
    model = join(dir, 'models', 'PikaReplication.tla');
    writeFileSync(jar, '');
    mkdirSync(dirname(model));
    writeFileSync(model, '');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** `npm run bench -- --only "Pika 3/2/1" --runs <runs>` with the fake java first on PATH, and what the fake recorded. */
  const bench = (name: string, tlcEnv: { [name: string]: string }, output: string, exit: number, runs = 1) => {
    const record = join(dir, name);
    mkdirSync(record);
    const env: { [name: string]: string | undefined } = {
      ...process.env,
      PATH: `${join(dir, 'bin')}:${process.env['PATH'] ?? ''}`,
      FAKE_TLC_RECORD: record,
      FAKE_TLC_OUTPUT: join(FIXTURES, output),
      FAKE_TLC_EXIT: String(exit),
    };
    delete env['TLC_JAR'];
    delete env['TLC_MODEL'];
    const out = join(record, 'results.json');
    const run = spawnSync(process.execPath, [RUN, '--only', 'Pika 3/2/1', '--runs', String(runs), '--out', out], { env: { ...env, ...tlcEnv }, encoding: 'utf8' });
    const recorded = readdirSync(record)
      .filter((f) => f.startsWith('run'))
      .sort()
      .map((f) => JSON.parse(readFileSync(join(record, f), 'utf8')) as Recorded);
    const results = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as { results: { [key: string]: unknown }[] }).results : [];
    return { run, recorded, results };
  };

  it('reads no TLC without TLC_JAR, and refuses a jar or model that is not there with what is wanted', () => {
    assert.equal(tlcSetupFromEnv({}), undefined);
    assert.equal(tlcSetupFromEnv({ TLC_MODEL: model }), undefined);
    assert.equal(tlcSetupFromEnv({ TLC_JAR: '', TLC_MODEL: model }), undefined);
    assert.deepEqual(tlcSetupFromEnv({ TLC_JAR: jar, TLC_MODEL: model }), { jar, model });
    assert.throws(() => tlcSetupFromEnv({ TLC_JAR: join(dir, 'missing.jar'), TLC_MODEL: model }), /^Error: TLC_JAR '.*missing\.jar' is not a file: it must be the path of TLC's tla2tools\.jar$/);
    assert.throws(() => tlcSetupFromEnv({ TLC_JAR: jar }), /TLC_JAR is set but TLC_MODEL is not/);
    assert.throws(() => tlcSetupFromEnv({ TLC_JAR: jar, TLC_MODEL: jar }), /TLC_MODEL '.*tla2tools\.jar' is not a \.tla file/);
    assert.throws(() => tlcSetupFromEnv({ TLC_JAR: jar, TLC_MODEL: join(dir, 'Missing.tla') }), /TLC_MODEL '.*Missing\.tla' is not a \.tla file/);
  });

  it('runs TLC breadth-first with the worker count, no deadlock check, its metadata in the run directory and the model on the library path', () => {
    const args = tlcArguments({ jar, model }, 2, '/tmp/run');
    assert.deepEqual(args.slice(args.indexOf('-jar')), ['-jar', jar, '-workers', '2', '-deadlock', '-metadir', '/tmp/run/states', '-config', 'PikaMcBench.cfg', 'PikaMcBench.tla']);
    assert.ok(args.includes(`-DTLA-Library=${dirname(model)}`));
  });

  it('runs no TLC without TLC_JAR, even with java on PATH and TLC_MODEL set, and prints and records what it did before', () => {
    const { run, recorded, results } = bench('without', { TLC_MODEL: model }, 'pika-3-2-1.txt', 0);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(recorded, []);
    assert.doesNotMatch(run.stdout, /TLC/);
    assert.match(run.stdout, /^Pika 3\/2\/1 +1 +11561 +25337 +26 /m);
    assert.equal(results.length, 1);
    assert.equal('tlc' in (results[0] as object), false);
  });

  it("runs TLC after pika-mc on the row's .cfg and wrapper, and prints TLC's counts, time, peak RSS and the ratio", () => {
    const { run, recorded, results } = bench('with', { TLC_JAR: jar, TLC_MODEL: model }, 'pika-3-2-1.txt', 0);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(recorded.length, 1);
    const call = recorded[0] as Recorded;
    assert.deepEqual(call.argv.slice(call.argv.indexOf('-workers'), call.argv.indexOf('-workers') + 3), ['-workers', '1', '-deadlock']);
    assert.equal(call.argv[call.argv.indexOf('-metadir') + 1], join(call.cwd, 'states'));
    const row = BENCH_CONFIGS.find((c) => c.name === 'Pika 3/2/1');
    assert.equal(call.files['PikaMcBench.cfg'], tlcConfigText(tlaConstantsOf(row as never) as TlaConstants, false));
    assert.match(call.files['PikaMcBench.tla'] as string, /^EXTENDS PikaReplication, TLC$/m);
    assert.equal(existsSync(call.cwd), false, 'the run directory is removed');
    assert.match(run.stdout, /^Pika 3\/2\/1 +1 +11561 +25337 +26 .*\n {2}TLC +1 +11561 +25337 +26 +\d+\.\d\d \[.*TLC time \/ pika-mc time \d+\.\d\d× by medians/m);
    const tlc = (results[0] as { tlc: { [key: string]: unknown } }).tlc;
    assert.equal(tlc['distinct'], 11561);
    assert.equal(tlc['countsMatchExpected'], true);
    assert.equal(typeof (tlc['timeRatio'] as { byMedians: unknown }).byMedians, 'number');
    if (process.platform === 'linux') assert.ok((tlc['peakRssBytes'] as number) > 0);
  });

  it('reports a TLC run that fails in one line, runs it no more on that row, and exits 1', () => {
    const { run, recorded, results } = bench('failing', { TLC_JAR: jar, TLC_MODEL: model }, 'pika-2-1-1-command-violation.txt', 12, 2);
    assert.equal(run.status, 1);
    assert.equal(recorded.length, 1);
    assert.match(run.stdout, /^ {2}TLC +1 {2}TLC failed: exit 12: Error: Invariant SnapshotCoversApplied is violated\.$/m);
    assert.match(run.stderr, /^TLC failed on 1 configuration\(s\)/m);
    assert.deepEqual((results[0] as { tlc: unknown }).tlc, { workers: 1, failed: 'exit 12: Error: Invariant SnapshotCoversApplied is violated.' });
  });

  it('refuses a TLC_JAR that is not there in one line with exit 2, before running anything', () => {
    const { run, recorded, results } = bench('missing', { TLC_JAR: join(dir, 'missing.jar'), TLC_MODEL: model }, 'pika-3-2-1.txt', 0);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /^error: TLC_JAR '.*missing\.jar' is not a file/);
    assert.deepEqual(recorded, []);
    assert.deepEqual(results, []);
  });
});
