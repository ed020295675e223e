import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { check, compile } from '../../checker/index.js';
import { loadSpec } from '../../cli/loadSpec.js';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkpointNoteLine } from '../../cli/resume.js';
import { cli } from './run.js';
import { checkpointDir, figures, gridSpecFolder } from '../trust/gridSpec.js';

/** A refusal: exit 2 and one line on stderr. */
function refused(run: { code: number; stderr: string }, pattern: RegExp): void {
  assert.equal(run.code, 2, run.stderr);
  assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
  assert.match(run.stderr, pattern);
}

/** A Pika run with four clients under the fixed lock scope, stopped at `maxStates` states: its checkpoint folder. */
async function pikaCheckpoint(maxStates = 400): Promise<string> {
  const dir = checkpointDir();
  const run = await cli(['check', '--clients', '4', '--lock-scope', 'command+binlog', '--checkpoint', dir, '--max-states', String(maxStates), '--quiet', '--format', 'json']);
  assert.equal(run.code, 152, run.stderr);
  return dir;
}

describe('check --resume with flags given again', () => {
  it('takes the constants not given from the checkpoint, and accepts those given with the saved value', async () => {
    const dir = await pikaCheckpoint();
    // --lock-scope is given (with the saved value), --clients is not: the run is the saved one.
    const again = await cli(['check', '--resume', dir, '--lock-scope', 'command+binlog', '--max-states', '500', '--quiet', '--format', 'json']);
    assert.equal(again.code, 152, again.stderr);
    const doc = JSON.parse(again.stdout) as { constants: { clients: number; lockScope: string } };
    assert.equal(doc.constants.clients, 4);
    assert.equal(doc.constants.lockScope, 'command+binlog');
    const both = await cli(['check', '--resume', dir, '--clients', '4', '--const', 'keys=1', '--quiet', '--max-states', '600']);
    assert.equal(both.code, 152, both.stderr);
  });

  it('refuses a constant given with another value, naming its flag and both values', async () => {
    const dir = await pikaCheckpoint();
    refused(
      await cli(['check', '--resume', dir, '--lock-scope', 'command']),
      /^error: option '--lock-scope' \(command\) differs from the run saved in .* \(command\+binlog\): give the same, or leave the flag out/,
    );
    refused(await cli(['check', '--resume', dir, '--clients', '3']), /option '--clients' \(3\) differs from the run saved in .* \(4\)/);
    refused(await cli(['check', '--resume', dir, '--const', 'clients=2']), /option '--const clients' \(2\) differs .* \(4\)/);
    const file = join(dir, 'constants.json');
    writeFileSync(file, JSON.stringify({ clients: 4, keys: 2 }));
    refused(await cli(['check', '--resume', dir, '--constants', file]), /option '--constants .*constants\.json' \(keys 2\) differs .* \(keys 1\)/);
    refused(await cli(['check', '--resume', dir, '--scenario', 'race-2805']), /option '--scenario race-2805' \(clients 2\) differs .* \(clients 4\)/);
  });

  it('names the scenario given again in the title of the resumed run', async () => {
    const dir = checkpointDir();
    const first = await cli(['check', '--scenario', 'race-2805', '--checkpoint', dir, '--max-states', '20', '--quiet', '--no-color']);
    assert.equal(first.code, 152, first.stderr);
    const again = await cli(['check', '--resume', dir, '--scenario', 'race-2805', '--quiet', '--no-color']);
    assert.equal(again.code, 12, again.stderr);
    assert.match(again.stdout, /^PikaReplication \(--model replication, --scenario race-2805\):/);
  });

  it('refuses a --model that is not the checkpoint\'s, naming the saved one, and accepts the same one', async () => {
    const dir = await pikaCheckpoint();
    refused(await cli(['check', '--resume', dir, '--model', 'two-phase']), /option '--model' \(two-phase\) is not the spec of the run saved in .* \(--model replication\)/);
    const same = await cli(['check', '--resume', dir, '--model', 'replication', '--quiet', '--max-states', '500']);
    assert.equal(same.code, 152, same.stderr);
  });

  it('refuses a --spec that is not the checkpoint\'s, and accepts the same one', async () => {
    const dir = await pikaCheckpoint();
    const other = fileURLToPath(new URL('../../examples/twoPhase.js', import.meta.url));
    refused(await cli(['check', '--resume', dir, '--spec', other]), /option '--spec' \(.*twoPhase\.js\) is not the spec of the run saved in .* \(--model replication\)/);
    const { spec } = gridSpecFolder();
    const grid = checkpointDir();
    assert.equal((await cli(['check', '--spec', spec, '--checkpoint', grid, '--max-states', '600', '--quiet'])).code, 152);
    refused(await cli(['check', '--resume', grid, '--spec', other]), /option '--spec' \(.*twoPhase\.js\) is not the spec of the run saved in .* \(--spec .*grid\.mjs\)/);
    refused(await cli(['check', '--resume', grid, '--model', 'replication']), /option '--model' \(replication\) is not the spec of the run saved in .* \(--spec .*grid\.mjs\)/);
    const same = await cli(['check', '--resume', grid, '--spec', spec, '--const', 'N=60', '--format', 'json', '--quiet']);
    assert.equal(same.code, 0, same.stderr);
    assert.deepEqual(figures(same.stdout), [3721, 7321, 121]);
  });
});

describe('check --resume with --max-states', () => {
  it('refuses a bound below the states the checkpoint holds, naming the flag, its value and that count; the value it advises is accepted', async () => {
    // Over a thousand states, so that a count written with separators (1,200) would show.
    const dir = await pikaCheckpoint(1200);
    const below = await cli(['check', '--resume', dir, '--max-states', '1199']);
    refused(below, /^error: --max-states 1199 is below the 1200 states the checkpoint in .+ already holds \(a resumed run counts them\): give at least 1200, or leave --max-states out$/m);
    const advised = /give at least (\S+),/.exec(below.stderr)?.[1] as string;
    const same = await cli(['check', '--resume', dir, '--max-states', advised, '--quiet', '--format', 'json']);
    assert.equal(same.code, 152, same.stderr);
    assert.equal(figures(same.stdout)[0], 1200);
  });
});

describe('the checkpoint notes', () => {
  it('gives a stretched interval of under 10 s to a tenth of a second, so that it differs from the one asked', () => {
    const line = checkpointNoteLine({ kind: 'stretched', writeSeconds: 0.14, everySeconds: 1, intervalSeconds: 1.43 }, 'cp');
    assert.match(line, /takes 0\.1 s to write; the next is written 1\.4 s after it rather than 1 s \(--checkpoint-every\)/);
    const long = checkpointNoteLine({ kind: 'stretched', writeSeconds: 12, everySeconds: 60, intervalSeconds: 108.4 }, 'cp');
    assert.match(long, /the next is written 108 s after it rather than 60 s/);
  });
});

describe('a checkpointed run says where it is saved, and a resume says what it resumes', () => {
  it('prints the command that continues a stopped run, and that command resumes it to the figures of a run never stopped', async () => {
    const { spec } = gridSpecFolder();
    const dir = checkpointDir();
    const stopped = await cli(['check', '--spec', spec, '--checkpoint', dir, '--max-states', '600', '--format', 'json']);
    assert.equal(stopped.code, 152, stopped.stderr);
    const line = /^pika-mc: the run is saved in (\S+): continue it with pika-mc (check --resume \S+ --spec \S+)$/m.exec(stopped.stderr);
    assert.ok(line, stopped.stderr);
    assert.equal(line[1], dir);
    const resumed = await cli([...(line[2] as string).split(' '), '--format', 'json']);
    assert.equal(resumed.code, 0, resumed.stderr);
    // It resumes from the distinct states and depth the stopped run reported (the successors of the state it stopped in are generated again).
    const [distinct, , depth] = figures(stopped.stdout);
    assert.match(resumed.stderr, new RegExp(`^pika-mc: resuming the run saved in \\S+: ${distinct} distinct states, [\\d,]+ generated, depth ${depth}$`, 'm'));
    assert.doesNotMatch(resumed.stderr, /the run is saved in/);
    assert.deepEqual(figures(resumed.stdout), [3721, 7321, 121]);
  });

  it('says nothing of the kind under --quiet, nor for a run that ends at its depth limit', async () => {
    const { spec } = gridSpecFolder();
    const quiet = await cli(['check', '--spec', spec, '--checkpoint', checkpointDir(), '--max-states', '600', '--quiet']);
    assert.equal(quiet.code, 152);
    assert.equal(quiet.stderr, '');
    // A depth limit stops a run that a resume could not take further: no command to continue it, and no checkpoint left.
    const dir = checkpointDir();
    const deep = await cli(['check', '--spec', spec, '--const', 'N=300', '--checkpoint', dir, '--max-depth', '500', '--checkpoint-every', '0.001']);
    assert.equal(deep.code, 152, deep.stderr);
    assert.doesNotMatch(deep.stderr, /the run is saved in/);
    assert.equal(existsSync(join(dir, 'checkpoint.bin')), false);
  });

  it('a run that ends with nothing left to resume removes the checkpoints it wrote, and leaves its folder free for a new run', async () => {
    const { spec } = gridSpecFolder();
    const model = compile((await loadSpec(spec, process.cwd())).spec as never, { N: 300 });
    for (const ending of [{}, { maxDepth: 500 }]) {
      const dir = checkpointDir();
      let writes = 0;
      const result = await check(model, { source: { module: spec }, checkpoint: dir, checkpointEvery: 0.001, onCheckpointWrite: (writing) => void (writes += writing ? 1 : 0), ...ending });
      assert.ok(writes > 0, 'the run wrote checkpoints');
      assert.equal(result.status === 'incomplete' ? result.bound : result.status, 'maxDepth' in ending ? 'maxDepth' : 'ok');
      assert.equal(existsSync(join(dir, 'checkpoint.bin')), false);
      const again = await cli(['check', '--spec', spec, '--const', 'N=2', '--checkpoint', dir, '--quiet']);
      assert.equal(again.code, 0, again.stderr);
    }
  });
});
