import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cli, cliProcess } from './run.js';

interface SimulateJson {
  spec: string;
  status: string;
  exitCode: number;
  seed: string;
  run: number | null;
  replay?: string;
  invariants: { name: string; verdict: string; run?: number; originalLength?: number; traceLength?: number; trace?: { action: unknown; state: Record<string, unknown> }[] }[];
  stats: { behaviours: number; states: number; seconds: number; behavioursPerSecond: number; lengths: Record<string, number>; actions: Record<string, number> };
}

describe('pika-mc simulate', () => {
  it('finds the #2805 race, prints the shrunk trace, the seed and run that replay it; exit 12', async () => {
    const run = await cli(['simulate', '--seed', '11']);
    assert.equal(run.code, 12, run.stderr);
    assert.match(run.stdout, /from seed 11/);
    assert.match(run.stdout, /SnapshotCoversApplied is violated: run \d+ of seed 11, (shrunk from \d+ to 7 states|7 states)/);
    assert.match(run.stdout, /BgsaveCapture/);
    assert.match(run.stdout, /What it means:/);
    assert.match(run.stdout, /Replay: pika-mc simulate --seed 11 --run \d+/);
    assert.match(run.stdout, /Statistics: [\d,]+ behaviours, [\d,]+ states visited; .* behaviours\/s/);
    assert.match(run.stdout, /Behaviour lengths: min \d+/);
    assert.match(run.stdout, /Actions taken: LockKey \d+/);
    assert.doesNotMatch(run.stdout, /proves nothing/);
  });

  it('replays the reported run with the command it prints', async () => {
    const first = await cli(['simulate', '--clients', '3', '--keys', '2', '--ops', '2', '--seed', 'x y', '--no-shrink']);
    const replay = /Replay: pika-mc simulate (.*)/.exec(first.stdout)?.[1];
    assert.ok(replay, first.stdout);
    assert.match(replay, /--clients 3 --keys 2 --ops 2 --seed 'x y' --run \d+/);
    const args = replay.match(/'[^']*'|\S+/g)?.map((w) => w.replace(/^'|'$/g, '')) ?? [];
    const again = await cli(['simulate', ...args, '--no-shrink']);
    assert.equal(again.code, 12);
    const trace = (text: string) => text.slice(text.indexOf('is violated'), text.indexOf('Replay:'));
    assert.equal(trace(again.stdout), trace(first.stdout));
    assert.match(again.stdout, /Statistics: 1 behaviour,/);
  });

  it('finds nothing on the fix, says that proves nothing; exit 0', async () => {
    const run = await cli(['simulate', '--lock-scope', 'command+binlog', '--runs', '100', '--seed', '1']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /Simulation samples behaviours; finding nothing proves nothing\./);
    assert.match(run.stdout, /SnapshotCoversApplied not violated/);
    assert.match(run.stdout, /Statistics: 100 behaviours/);
  });

  it('prints check\'s JSON keys plus the seed, run and statistics', async () => {
    const run = await cli(['simulate', '--format', 'json', '--seed', '5', '--invariant', 'SnapshotCoversApplied']);
    assert.equal(run.code, 12);
    const json = JSON.parse(run.stdout) as SimulateJson;
    assert.equal(json.spec, 'PikaReplication');
    assert.equal(json.status, 'violation');
    assert.equal(json.exitCode, 12);
    assert.equal(json.seed, '5');
    assert.equal(typeof json.run, 'number');
    assert.match(json.replay ?? '', /--seed 5 --run \d+/);
    assert.deepEqual(json.invariants.map((v) => v.name), ['SnapshotCoversApplied']);
    const sca = json.invariants[0];
    assert.equal(sca?.verdict, 'violated');
    assert.equal(sca?.traceLength, 7);
    assert.equal(sca?.trace?.length, 7);
    assert.equal(sca?.trace?.[0]?.action, null);
    assert.ok((sca?.originalLength ?? 0) >= 7);
    assert.ok('snapOff' in (sca?.trace?.[0]?.state ?? {}));
    assert.ok(json.stats.behaviours >= 1);
    assert.equal(typeof json.stats.behavioursPerSecond, 'number');
    assert.equal(typeof json.stats.lengths, 'object');
    assert.equal(typeof json.stats.actions['LockKey'], 'number');

    const none = JSON.parse((await cli(['simulate', '--format', 'json', '--lock-scope', 'command+binlog', '--runs', '20', '--seed', '1'])).stdout) as SimulateJson;
    assert.equal(none.status, 'not found');
    assert.equal(none.exitCode, 0);
    assert.equal(none.run, null);
    assert.ok(none.invariants.every((v) => v.verdict === 'not found' && v.trace === undefined));
  });

  it('refuses bad flag values with one line and exit 2', async () => {
    for (const args of [
      ['--depth', '0'],
      ['--runs', 'many'],
      ['--time-limit', '-1'],
      ['--seed', ''],
      ['--weights', 'LockKey'],
      ['--weights', 'LockKey=-2'],
      ['--weights', 'Nope=1'],
      ['--invariant', 'Nope'],
      ['--entries', '2'],
      ['--format', 'xml'],
    ]) {
      const run = await cli(['simulate', ...args]);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.match(run.stderr, /^error: /);
    }
  });

  it('works as a real subprocess with the same exit code', () => {
    const run = cliProcess(['simulate', '--lock-scope', 'none', '--seed', '3']);
    assert.equal(run.code, 12, run.stderr);
    assert.match(run.stdout, /SnapshotCoversApplied is violated: .*5 states/);
  });
});
