import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readCheckpointHeader } from '../../checker/index.js';
import { cli } from './run.js';

const PASS_TOKEN = new URL('../fixtures/modules/passToken.js', import.meta.url).pathname;
const ring = (...args: string[]): Promise<Awaited<ReturnType<typeof cli>>> => cli(['check', '--spec', PASS_TOKEN, '--no-color', '--quiet', ...args]);

interface JsonReport {
  status: string;
  exitCode: number;
  reachable: { name: string; verdict: string; traceLength?: number; trace?: unknown[] }[];
  invariants: { name: string; verdict: string; traceLength?: number }[];
  stats: { distinct: number; generated: number; depth: number; queue: number };
}

const json = (stdout: string): JsonReport => JSON.parse(stdout) as JsonReport;
const figures = (report: JsonReport): number[] => [report.stats.distinct, report.stats.generated, report.stats.depth];

describe('check: the spec field deadlock', () => {
  it('follows the spec (deadlock: false) when neither --deadlock nor --no-deadlock is given', async () => {
    const run = await ring('--reachable', 'TokenAtZero');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /deadlock off/);
  });

  it('is overridden by --deadlock: exit 11', async () => {
    const run = await ring('--reachable', 'TokenAtZero', '--deadlock');
    assert.equal(run.code, 11);
    assert.match(run.stdout, /Deadlock reached: shortest trace, 3 states/);
  });

  it('is recorded in a checkpoint as the run applied it, and a resume with --deadlock is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-fields-'));
    try {
      const first = await ring('--checkpoint', dir, '--max-states', '3');
      assert.equal(first.code, 152, first.stderr);
      const identity = readCheckpointHeader(dir).identity;
      assert.equal(identity.deadlock, false);
      assert.deepEqual(identity.reachable, ['TokenAtZero', 'TokenLost']);
      const refused = await ring('--resume', dir, '--deadlock');
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /option '--deadlock' \(deadlock checked\) differs from the run saved in .* \(deadlock not checked\)/);
      const resumed = await ring('--resume', dir, '--format', 'json');
      assert.equal(resumed.code, 12, resumed.stderr);
      assert.deepEqual(figures(json(resumed.stdout)), [7, 7, 4]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('check: action instances with where', () => {
  it('lists only the instances that exist in --coverage; the guard written in next leaves PassToken(0) never fired', async () => {
    const where = await ring('--reachable', 'TokenAtZero', '--coverage');
    assert.equal(where.code, 0, where.stderr);
    assert.match(where.stdout, /PassToken\(3\)/);
    assert.doesNotMatch(where.stdout, /PassToken\(0\)/);
    const guard = await ring('--reachable', 'TokenAtZero', '--coverage', '--const', 'guard=true');
    assert.match(guard.stdout, /PassToken\(0\) +0 +0 +0 {2}never fired/);
    assert.match(guard.stdout, /7 distinct states, 7 generated, depth 4/);
    assert.match(where.stdout, /7 distinct states, 7 generated, depth 4/);
  });
});

describe('check: reachability properties', () => {
  it('prints a reached property as a witness, one never reached as a failure: exit 12', async () => {
    const run = await ring();
    assert.equal(run.code, 12);
    assert.match(run.stdout, /Checking FewPasses; deadlock off; reachable TokenAtZero, TokenLost/);
    assert.match(run.stdout, /✓ TokenAtZero reached: shortest trace, 3 states/);
    assert.match(run.stdout, /✗ TokenLost is never reached in the whole state space/);
  });

  it('lists them under reachable in JSON, with the witness trace', async () => {
    const report = json((await ring('--format', 'json')).stdout);
    assert.equal(report.status, 'violation');
    assert.equal(report.exitCode, 12);
    assert.deepEqual(
      report.reachable.map((r) => [r.name, r.verdict, r.traceLength, r.trace?.length]),
      [
        ['TokenAtZero', 'reached', 3, 3],
        ['TokenLost', 'unreached', undefined, undefined],
      ],
    );
  });

  it('selects with --reachable, refuses an unknown name in one line (exit 2), and is unknown when a bound stops the run', async () => {
    const one = json((await ring('--reachable', 'TokenAtZero', '--format', 'json')).stdout);
    assert.equal(one.status, 'ok');
    assert.deepEqual(one.reachable.map((r) => r.name), ['TokenAtZero']);
    const unknown = await ring('--reachable', 'Nope');
    assert.equal(unknown.code, 2);
    assert.equal(unknown.stderr, "error: unknown reachability property 'Nope' (valid: TokenAtZero, TokenLost)\n");
    const bounded = await ring('--max-depth', '2', '--format', 'json');
    assert.equal(bounded.code, 152);
    assert.deepEqual(json(bounded.stdout).reachable.map((r) => r.verdict), ['unknown', 'unknown']);
  });

  it('says in TLC format which property is never reached, and lists them in the HTML report', async () => {
    const tlc = await ring('--format', 'tlc');
    assert.equal(tlc.code, 12);
    assert.match(tlc.stdout, /^Error: Reachability property TokenLost is never reached\.$/m);
    assert.doesNotMatch(tlc.stdout, /TokenAtZero|No error has been found/);
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-fields-'));
    try {
      const out = join(dir, 'report.html');
      assert.equal((await ring('--format', 'html', '--out', out)).code, 12);
      const html = readFileSync(out, 'utf8');
      assert.match(html, /data-name="TokenAtZero"><td>reachable<\/td><td>TokenAtZero<\/td><td class="v reached">✓ reached<\/td><td class="num"><a href="#trace-witness-TokenAtZero">3 states<\/a><\/td>/);
      assert.match(html, /data-name="TokenLost"><td>reachable<\/td><td>TokenLost<\/td><td class="v unreached">✗ never reached<\/td>/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('check --continue', () => {
  const pika = ['check', '--lock-scope', 'command', '--format', 'json', '--quiet', '--workers', '1'];
  const violated = ['--invariant', 'SnapshotCoversApplied', '--invariant', 'NoDuplicateApply', '--invariant', 'ReplicaConverges'];

  it("explores Pika's whole space when every invariant checked is violated: the figures of the whole space", async () => {
    const whole = json((await cli([...pika, '--no-deadlock'])).stdout);
    assert.equal(whole.stats.queue, 0);
    const stopped = json((await cli([...pika, ...violated])).stdout);
    assert.ok(stopped.stats.queue > 0 && stopped.stats.distinct < whole.stats.distinct);
    const run = await cli([...pika, ...violated, '--continue']);
    assert.equal(run.code, 12);
    const report = json(run.stdout);
    assert.deepEqual(figures(report), figures(whole));
    assert.deepEqual(figures(report), [255, 389, 19]);
    assert.equal(report.stats.queue, 0);
    assert.deepEqual(
      report.invariants.map((v) => [v.name, v.verdict, v.traceLength]),
      [
        ['SnapshotCoversApplied', 'violated', 7],
        ['NoDuplicateApply', 'violated', 11],
        ['ReplicaConverges', 'violated', 18],
      ],
    );
  });
});
