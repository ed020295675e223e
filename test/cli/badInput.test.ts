import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REGISTRY } from '../../cli/registry.js';
import { cli, cliProcess } from './run.js';
import { exampleTs } from '../ecosystem/helpers.js';

/** Asserts a usage error: exit 2, one line on stderr naming `words`, nothing on stdout, no stack. */
async function refuses(args: string[], ...words: RegExp[]): Promise<void> {
  const run = await cli(args);
  assert.equal(run.code, 2, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
  assert.equal(run.stdout, '');
  const lines = run.stderr.trim().split('\n');
  assert.ok(lines.length <= 2, `more than one line (plus a suggestion): ${run.stderr}`);
  assert.doesNotMatch(run.stderr, /\bat .*\(.*:\d+:\d+\)/);
  for (const word of words) assert.match(run.stderr, word);
}

describe('pika-mc check refuses bad input with one line and exit 2', () => {
  it('an unknown lock scope or binlog format', async () => {
    await refuses(['check', '--lock-scope', 'everything'], /--lock-scope/, /everything/, /none, command, command\+binlog/);
    await refuses(['check', '--binlog-format', 'json'], /--binlog-format/, /json/, /op, value/);
  });

  for (const value of ['0', '-1', 'abc', '2.5', '1e3', '']) {
    it(`--clients ${JSON.stringify(value)}`, async () => {
      await refuses(['check', '--clients', value], /--clients/, /whole number/);
    });
  }

  it('a count below its least, naming the least', async () => {
    await refuses(['check', '--workers', '0'], /--workers/, /from 1 to 256/);
    await refuses(['check', '--clients', '-1'], /--clients/, /at least 1/);
  });

  it('more workers than a run may start, naming the most', async () => {
    await refuses(['check', '--model', 'die-hard', '--workers', '9007199254740991', '--parallel-threshold', '0'], /--workers/, /9007199254740991/, /from 1 to 256/);
    await refuses(['check', '--workers', '257'], /--workers/, /257/, /from 1 to 256/);
    await refuses(['simulate', '--workers', '1000'], /--workers/, /1000/, /from 1 to 256/);
  });

  it('a count beyond what the spec can represent', async () => {
    await refuses(['check', '--ops', '99999999999999999999'], /--ops/, /9007199254740991/);
  });

  it('--serve-path and --flush together larger than --clients', async () => {
    await refuses(['check', '--clients', '2', '--serve-path', '3'], /--serve-path/, /--clients/);
    await refuses(['check', '--clients', '2', '--serve-path', '1', '--flush', '2'], /--flush/, /--clients/);
  });

  it('an unknown invariant, listing the valid ones', async () => {
    await refuses(['check', '--invariant', 'Convergence'], /Convergence/, /SnapshotCoversApplied/, /ReplicaConverges/);
  });

  it('an unknown option', async () => {
    await refuses(['check', '--lockscope', 'none'], /--lockscope/);
  });

  it('no command: the usage on stderr, exit 2; help asked for is exit 0 on stdout', async () => {
    const none = await cli([]);
    assert.equal(none.code, 2);
    assert.equal(none.stdout, '');
    assert.match(none.stderr, /^Usage: pika-mc /);
    for (const args of [['--help'], ['help'], ['help', 'check']]) {
      const help = await cli(args);
      assert.equal(help.code, 0, args.join(' '));
      assert.match(help.stdout, /^Usage: pika-mc /, args.join(' '));
    }
  });

  it('an --out path with a placeholder it does not know, naming the one it takes', async () => {
    await refuses(['check', '--out', 'traces/{inv}.txt'], /\{inv\} is no placeholder/, /\{invariant\}/);
  });

  it('--checkpoint-every without a folder to save in', async () => {
    await refuses(['check', '--checkpoint-every', '5'], /--checkpoint-every sets how often/, /with --checkpoint$/m);
  });

  it('a flag that says what the run is, given twice with two meanings; the same meaning twice is taken', async () => {
    await refuses(['check', '--spec', 'examples/lostUpdate.ts', '--spec', 'examples/twoPhase.ts'], /'--spec' given twice \(examples\/lostUpdate\.ts, examples\/twoPhase\.ts\)/);
    await refuses(['simulate', '--model', 'replication', '--model=slave-bgsave'], /'--model' given twice/);
    await refuses(['check', '--model', 'replication', '--scenario', 'race-2805', '--scenario', 'fix-2818'], /'--scenario' given twice/);
    await refuses(['check', '--time-limit', '5', '--time-limit', '6'], /'--time-limit' given twice \(5, 6\)/);
    await refuses(['ci', '--spec', 'examples/twoPhase.ts', '--spec', 'examples/lostUpdate.ts', '--matrix', 'examples/lostUpdate.matrix.json'], /'--spec' given twice/);
    const same = await cli(['check', '--spec', 'examples/lostUpdate.ts', '--spec', './examples/lostUpdate.ts', '--time-limit', '50', '--time-limit=50.0', '--quiet']);
    assert.equal(same.code, 12, same.stderr);
  });

  it('an option of the other model', async () => {
    await refuses(['check', '--model', 'slave-bgsave', '--lock-scope', 'command'], /--lock-scope/, /replication/);
    await refuses(['check', '--entries', '3'], /--entries/, /slave-bgsave/);
  });

  it('an unknown scenario, listing every scenario check takes without --model', async () => {
    const every = REGISTRY.flatMap((e) => e.spec.scenarios.map((s) => s.name));
    assert.ok(every.includes('slave-bgsave'));
    const run = await cli(['check', '--scenario', 'nope']);
    assert.equal(run.code, 2);
    const allowed = /Allowed: (.*)\.$/.exec(run.stderr.trim())?.[1]?.split(', ');
    assert.deepEqual(allowed, every, run.stderr);
  });

  it('an unknown scenario of a model given with --model, listing that model\'s scenarios', async () => {
    await refuses(['check', '--model', 'slave-bgsave', '--scenario', 'nope'], /--scenario/, /slave-bgsave-fixed/);
    const run = await cli(['check', '--model', 'slave-bgsave', '--scenario', 'nope']);
    assert.doesNotMatch(run.stderr, /race-2805/);
  });

  it('a scenario for a --spec that has none, pointing to the built-in ones rather than listing them', async () => {
    await refuses(['check', '--spec', exampleTs('lostUpdate'), '--scenario', 'nope'], /--scenario/, /has no scenarios/, /pika-mc scenarios/);
    const run = await cli(['check', '--spec', exampleTs('lostUpdate'), '--scenario', 'nope']);
    assert.doesNotMatch(run.stderr, /race-2805/);
  });

  it('a flag that several other models have, naming each of them', async () => {
    await refuses(['check', '--rm', 'r1'], /--rm/, /--model t-commit/, /--model two-phase/);
  });

  it('as a subprocess too: exit 2 and no stack trace', () => {
    const run = cliProcess(['check', '--clients', 'zero']);
    assert.equal(run.code, 2);
    assert.equal(run.stderr.trim().split('\n').length, 1);
  });
});

describe('pika-mc report refuses what --all would ignore, with one line and exit 2', () => {
  it('a scenario given with --all', async () => {
    await refuses(['report', 'race-2805', '--all', 'findings'], /race-2805/, /--all/, /not both/);
  });

  it('--out given with --all', async () => {
    await refuses(['report', '--all', 'findings', '--out', 'x.md'], /--all/, /--out/, /cannot be combined/);
  });
});

describe('every command that takes --format refuses an unknown value with one line and exit 2', () => {
  const commands: [string[], RegExp][] = [
    [['check'], /text, json, tlc, itf, mermaid, html/],
    [['simulate'], /text, json/],
    [['ci'], /text, json/],
    [['replay', 'trace.json'], /text, json, tlc, itf, mermaid, html/],
    [['scenarios'], /text, json/],
    [['report', 'race-2805'], /markdown, html/],
  ];
  for (const [command, allowed] of commands) {
    it(`${command[0]} --format xml`, async () => {
      await refuses([...command, '--format', 'xml'], /--format/, /'xml'/, allowed);
    });
  }
});
