import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SCENARIOS } from '../../spec/pika/scenarios.js';
import { cli, cliProcess } from './run.js';

describe('pika-mc check', () => {
  it('shows the #2805 race on the default variant with a 7-state shortest trace, exit 12', async () => {
    const run = await cli(['check']);
    assert.equal(run.code, 12, run.stderr);
    assert.match(run.stdout, /SnapshotCoversApplied is violated: shortest trace, 7 states/);
    assert.match(run.stdout, /DoBinlog\(c\d\)/);
    assert.match(run.stdout, /BgsaveCapture/);
    assert.match(run.stdout, /What it means:/);
    // An explanation of two sentences stays indented under its trace.
    assert.match(run.stdout, /What it means: Every command is done .*\n {2}The slave applied write/);
    assert.match(run.stdout, /OffsetNotAhead holds/);
    assert.match(run.stdout, /255 distinct states, 389 generated, depth 19/);
  });

  it('proves the #2818 fix: every invariant holds, 171 / 259 / 19, exit 0', async () => {
    const run = await cli(['check', '--lock-scope', 'command+binlog']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    for (const name of ['SnapshotCoversApplied', 'OffsetNotAhead', 'NoDuplicateApply', 'ReplicaConverges']) {
      assert.match(run.stdout, new RegExp(`${name} holds`));
    }
    assert.match(run.stdout, /171 distinct states, 259 generated, depth 19/);
  });

  it('prints one JSON object with the documented keys', async () => {
    const run = await cli(['check', '--format', 'json']);
    assert.equal(run.code, 12);
    const json = JSON.parse(run.stdout) as {
      spec: string;
      constants: Record<string, unknown>;
      status: string;
      invariants: { name: string; verdict: string; trace?: { action: unknown; state: Record<string, unknown> }[] }[];
      stats: { distinct: number; generated: number; depth: number; seconds: number };
    };
    assert.equal(json.spec, 'PikaReplication');
    assert.equal(json.status, 'violation');
    assert.deepEqual([json.constants['pikaVersion'], json.constants['lockScope']], ['v4.0.0', 'version']);
    const sca = json.invariants.find((v) => v.name === 'SnapshotCoversApplied');
    assert.equal(sca?.verdict, 'violated');
    assert.equal(sca?.trace?.length, 7);
    assert.equal(sca?.trace?.[0]?.action, null);
    assert.ok('snapOff' in (sca?.trace?.[0]?.state ?? {}));
    assert.deepEqual([json.stats.distinct, json.stats.generated, json.stats.depth], [255, 389, 19]);
    assert.equal(typeof json.stats.seconds, 'number');
  });

  it('checks only the invariants named with --invariant', async () => {
    const run = await cli(['check', '--invariant', 'OffsetNotAhead', '--format', 'json']);
    assert.equal(run.code, 0);
    const json = JSON.parse(run.stdout) as { invariants: { name: string }[] };
    assert.deepEqual(
      json.invariants.map((v) => v.name),
      ['OffsetNotAhead'],
    );
  });

  it('reports a bound with exit 152 and unknown verdicts', async () => {
    const run = await cli(['check', '--lock-scope', 'command+binlog', '--max-states', '20', '--format', 'json']);
    assert.equal(run.code, 152);
    const json = JSON.parse(run.stdout) as { status: string; bound: string; invariants: { verdict: string }[]; stats: { distinct: number } };
    assert.equal(json.status, 'incomplete');
    assert.equal(json.bound, 'maxStates');
    assert.ok(json.stats.distinct <= 20);
    assert.ok(json.invariants.every((v) => v.verdict === 'unknown'));
  });

  it('says which bound stopped a run that found a violation before it, and exits 12 for the violation', async () => {
    const args = ['check', '--lock-scope', 'none', '--clients', '3', '--keys', '2', '--continue', '--max-states', '2000'];
    const json = await cli([...args, '--format', 'json']);
    assert.equal(json.code, 12);
    const result = JSON.parse(json.stdout) as { status: string; bound?: string; exitCode: number; invariants: { verdict: string }[] };
    assert.equal(result.status, 'violation');
    assert.equal(result.bound, 'maxStates');
    assert.equal(result.exitCode, 12);
    assert.ok(result.invariants.some((v) => v.verdict === 'unknown'));
    const text = await cli([...args, '--no-color']);
    assert.equal(text.code, 12);
    assert.match(text.stdout, /Stopped by the --max-states bound before the whole state space was explored\./);
  });

  it('runs a named scenario, and other flags override its constants', async () => {
    const serve = await cli(['check', '--scenario', 'blpop-serve-path', '--format', 'json']);
    assert.equal(serve.code, 12);
    const json = JSON.parse(serve.stdout) as { constants: Record<string, unknown>; invariants: { name: string; trace?: unknown[] }[] };
    assert.equal(json.constants['servePath'], 1);
    assert.equal(json.invariants.find((v) => v.name === 'SnapshotCoversApplied')?.trace?.length, 5);
    const overridden = await cli(['check', '--scenario', 'blpop-serve-path', '--serve-path', '0', '--format', 'json']);
    assert.equal(overridden.code, 0);
  });

  it('checks bgsave on a slave with --model slave-bgsave', async () => {
    const run = await cli(['check', '--model', 'slave-bgsave', '--format', 'json']);
    assert.equal(run.code, 12);
    const json = JSON.parse(run.stdout) as { spec: string; invariants: { name: string; verdict: string; trace?: unknown[] }[] };
    assert.equal(json.spec, 'PikaSlaveBgsave');
    assert.equal(json.invariants.find((v) => v.name === 'OffsetNotAhead')?.trace?.length, 4);
  });

  it('uses no colour when piped, and colour with FORCE_COLOR unless NO_COLOR or --no-color', async () => {
    const esc = '\u001b[';
    assert.ok(!(await cli(['check'])).stdout.includes(esc));
    assert.ok((await cli(['check'], { FORCE_COLOR: '1' })).stdout.includes(esc));
    assert.ok(!(await cli(['check'], { FORCE_COLOR: '1', NO_COLOR: '1' })).stdout.includes(esc));
    assert.ok(!(await cli(['check', '--no-color'], { FORCE_COLOR: '1' })).stdout.includes(esc));
  });

  it('works as a real subprocess with the same exit code', () => {
    const run = cliProcess(['check', '--lock-scope', 'none', '--quiet']);
    assert.equal(run.code, 12, run.stderr);
    assert.match(run.stdout, /SnapshotCoversApplied is violated: shortest trace, 5 states/);
  });
});

describe('pika-mc variants and scenarios', () => {
  it('lists every variant axis with what it models and its Pika version or PR', async () => {
    const run = await cli(['variants']);
    assert.equal(run.code, 0);
    for (const text of ['command+binlog', '#2818', 'v4.0.0', '#2833', 'ServeAndUnblockConns', 'flush+binlog', 'drain']) {
      assert.ok(run.stdout.includes(text), text);
    }
  });

  it('lists the named scenarios with their expected verdicts and fixes', async () => {
    const run = await cli(['scenarios']);
    assert.equal(run.code, 0);
    for (const name of ['race-2805', 'fix-2818', 'incr-as-value-2833', 'blpop-serve-path-fixed', 'flushdb-binlog-order-fixed', 'slave-bgsave-naive-fix']) {
      assert.match(run.stdout, new RegExp(`^${name} `, 'm'));
    }
    const json = JSON.parse((await cli(['scenarios', '--format', 'json'])).stdout) as { name: string; expect: Record<string, unknown>; pikaFunctions: { at: string }[] }[];
    assert.deepEqual(json.map((s) => s.name), SCENARIOS.map((s) => s.name));
    assert.ok(json.every((s) => s.pikaFunctions.every((ref) => /^(v4\.0\.[01]|[0-9a-f]{40})$/.test(ref.at))), 'every code reference at a tag or commit');
  });
});

describe('pika-mc check --symmetry', () => {
  it('says on stderr when the spec declares no symmetry set for the constants, and reduces when it does', async () => {
    const none = await cli(['check', '--clients', '1', '--symmetry']);
    assert.equal(none.code, 12, none.stderr);
    assert.match(none.stderr, /^note: --symmetry: PikaReplication declares no symmetry set for these constants, so the run is not reduced$/m);
    assert.doesNotMatch(none.stdout, /symmetry over/);
    const some = await cli(['check', '--clients', '2', '--symmetry', '--quiet']);
    assert.equal(some.stderr, '');
    assert.match(some.stdout, /symmetry over clients/);
  });
});

describe('pika-mc check: the collision line', () => {
  it('--reference gives the figures and the 7-state trace of the default mode; with --workers 2 it is refused in one line, exit 2', async () => {
    const run = await cli(['check', '--reference']);
    assert.equal(run.code, 12, run.stderr);
    assert.match(run.stdout, /SnapshotCoversApplied is violated: shortest trace, 7 states/);
    assert.match(run.stdout, /255 distinct states, 389 generated, depth 19/);
    const refused = await cli(['check', '--reference', '--workers', '2']);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /--reference needs the in-process engine/);
    assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
  });

  it('says exact only in exact mode, and gives the estimate otherwise, even when it is 0', async () => {
    // A counter: nearly every successor is new, so the estimate distinct × (generated − distinct) / 2^64 is tiny.
    const counter = fileURLToPath(new URL('../fixtures/modules/unbounded.js', import.meta.url));
    const fingerprinted = await cli(['check', '--spec', counter, '--max-states', '100', '--no-color']);
    assert.match(fingerprinted.stdout, /fingerprint collision probability \(optimistic, as TLC\): \d\.\dE[+-]\d+$/m);
    assert.doesNotMatch(fingerprinted.stdout, /exact: states compared by value/);
    const exact = await cli(['check', '--lock-scope', 'command+binlog', '--exact', '--no-color']);
    assert.match(exact.stdout, /exact: states compared by value/);
    const json = JSON.parse((await cli(['check', '--lock-scope', 'command+binlog', '--exact', '--format', 'json'])).stdout) as { stats: { exact: boolean } };
    assert.equal(json.stats.exact, true);
  });
});
