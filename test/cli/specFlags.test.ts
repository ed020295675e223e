import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { check, checkSync, UsageError } from '../../checker/index.js';
import replication from '../../spec/pika/replication.js';
import { exampleTs, tempDir } from '../ecosystem/helpers.js';
import { cli } from './run.js';
import type { CliRun } from './run.js';

const COUNTERS = fileURLToPath(new URL('../fixtures/modules/counters.js', import.meta.url));

interface CheckJson {
  spec: string;
  model: string;
  constants: { [name: string]: unknown };
  stats: { distinct: number; generated: number; depth: number };
}

async function json(args: string[]): Promise<{ run: CliRun; doc: CheckJson }> {
  const run = await cli(['check', ...args, '--format', 'json', '--quiet']);
  assert.ok(run.stdout.startsWith('{'), `${args.join(' ')}: ${run.stdout}${run.stderr}`);
  return { run, doc: JSON.parse(run.stdout) as CheckJson };
}

const figures = (doc: CheckJson): number[] => [doc.stats.distinct, doc.stats.generated, doc.stats.depth];

/** Asserts a usage error: exit 2, one line on stderr naming `words`, nothing on stdout. */
function refused(run: CliRun, ...words: RegExp[]): void {
  assert.equal(run.code, 2, run.stdout + run.stderr);
  assert.equal(run.stdout, '');
  assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
  for (const word of words) assert.match(run.stderr, word);
}

describe("a user spec's constants become flags", () => {
  it('--help lists them under the spec, with their help, default and allowed values', async () => {
    const run = await cli(['check', '--spec', COUNTERS, '--help']);
    assert.equal(run.code, 0, run.stderr);
    const help = run.stdout.replace(/\s+/g, ' ');
    assert.match(run.stdout, /Constants of Counters \(--spec .*counters\.js\):/);
    assert.match(help, /--procs <list>\s+the counting processes, as model values \(default: p1,p2, comma-separated\)/);
    assert.match(help, /--max-count <n>\s+how far each process counts \(default: 2; from 1 to 5\)/);
    assert.match(help, /--direction <value>\s+count up from 0, or down from MaxCount \(default: up\)\s+\(choices: "up", "down"\)/);
    assert.match(run.stdout, /--strict <true\|false>/);
    assert.doesNotMatch(run.stdout, /--clients|--lock-scope|--mode\b/);
    // Quiet's flag would be check's own --quiet: that one stays, listed once.
    assert.equal(run.stdout.match(/--quiet/g)?.length, 1);
  });

  it('a flag sets its constant: the figures change as the constants say', async () => {
    const base = await json(['--spec', COUNTERS]);
    assert.deepEqual(base.doc.constants, { Procs: ['p1', 'p2'], MaxCount: 2, Mode: 'up', Strict: true, Quiet: false });
    assert.equal(base.doc.stats.distinct, 9);
    const more = await json(['--spec', COUNTERS, '--max-count', '3', '--procs', 'p1,p2,p3']);
    assert.deepEqual(more.doc.constants['Procs'], ['p1', 'p2', 'p3']);
    assert.equal(more.doc.stats.distinct, 64);
    const down = await json(['--spec', COUNTERS, '--direction', 'down', '--strict', 'false']);
    assert.equal(down.doc.constants['Mode'], 'down');
    assert.equal(down.doc.constants['Strict'], false);
    assert.equal(down.doc.stats.distinct, 9);
  });

  it('the flag wins over --const, which wins over --constants; a constant without a flag of its own takes --const', async () => {
    const file = join(tempDir(), 'constants.json');
    writeFileSync(file, JSON.stringify({ MaxCount: 4, Quiet: true }));
    const { doc } = await json(['--spec', COUNTERS, '--constants', file, '--const', 'MaxCount=3', '--max-count', '1']);
    assert.equal(doc.constants['MaxCount'], 1);
    assert.equal(doc.constants['Quiet'], true);
    assert.equal(doc.stats.distinct, 4);
  });

  it('refuses a value of the wrong type, or outside the allowed ones, in a --constants file, naming the file', async () => {
    const dir = tempDir();
    const cases: [object, RegExp][] = [
      [{ Procs: 5 }, /^error: --constants \S+c0\.json: constant 'Procs' must be a string list, got 5\n$/],
      [{ MaxCount: 9 }, /^error: --constants \S+c1\.json: constant 'MaxCount' must be an integer from 1 to 5, got 9\n$/],
      [{ Nodes: 3 }, /^error: --constants \S+c2\.json: unknown constant 'Nodes' for spec Counters/],
    ];
    for (const [index, [constants, message]] of cases.entries()) {
      const file = join(dir, `c${index}.json`);
      writeFileSync(file, JSON.stringify(constants));
      refused(await cli(['check', '--spec', COUNTERS, '--constants', file]), message);
    }
  });

  it('refuses a value outside the allowed ones with one line naming the flag and what is allowed, exit 2', async () => {
    refused(await cli(['check', '--spec', COUNTERS, '--max-count', '9']), /--max-count/, /from 1 to 5/);
    refused(await cli(['check', '--spec', COUNTERS, '--max-count', 'two']), /--max-count/, /whole number/);
    refused(await cli(['check', '--spec', COUNTERS, '--direction', 'sideways']), /--direction/, /sideways/, /up, down/);
    refused(await cli(['check', '--spec', COUNTERS, '--strict', 'maybe']), /--strict/, /true or false/);
    refused(await cli(['check', '--spec', COUNTERS, '--const', 'MaxCount=9']), /'MaxCount'/, /from 1 to 5/, /9/);
    refused(await cli(['check', '--spec', COUNTERS, '--clients', '3']), /'--clients' belongs to --model replication/);
  });

  it('refuses a count, or a name given twice, for a set of model values', async () => {
    refused(await cli(['check', '--spec', COUNTERS, '--procs', '3']), /--procs/, /not a count/, /p1,p2,p3/);
    refused(await cli(['check', '--spec', COUNTERS, '--const', 'Procs=3']), /--const Procs/, /not a count/, /p1,p2,p3/);
    refused(await cli(['check', '--spec', COUNTERS, '--procs', 'p1,p1']), /'Procs'/, /set of model values/, /'p1' is given twice/);
    const zero = await cli(['check', '--spec', COUNTERS, '--procs', '0']);
    refused(zero, /--procs/, /not a count/);
    assert.doesNotMatch(zero.stderr, /name them/);
    // A list of one name is still a list.
    const one = await json(['--spec', COUNTERS, '--procs', 'p3']);
    assert.deepEqual(one.doc.constants['Procs'], ['p3']);
  });

  it("takes the spec's scenarios, and uses its summary and explanation", async () => {
    const { doc } = await json(['--spec', COUNTERS, '--scenario', 'three-procs']);
    assert.equal(doc.stats.distinct, 64);
    const text = await cli(['check', '--spec', COUNTERS, '--scenario', 'three-procs', '--quiet']);
    assert.match(text.stdout, /^Counters \(--spec .*counters\.js, --scenario three-procs\): 3 processes counting up to 3$/m);
    refused(await cli(['check', '--spec', COUNTERS, '--scenario', 'race-2805']), /race-2805/, /--model replication/);
  });

  it('simulate takes them too', async () => {
    const run = await cli(['simulate', '--spec', COUNTERS, '--max-count', '3', '--runs', '5', '--seed', '1', '--format', 'json']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as { constants: { MaxCount: number } }).constants.MaxCount, 3);
  });

  it("the example TwoPhase gets --rm from its constant RM, with --const's figures", async () => {
    const flag = await json(['--spec', exampleTs('twoPhase'), '--rm', 'r1,r2']);
    const byName = await json(['--spec', exampleTs('twoPhase'), '--const', 'RM=r1,r2']);
    assert.deepEqual(flag.doc.constants['RM'], ['r1', 'r2']);
    assert.deepEqual(figures(flag.doc), figures(byName.doc));
    const three = await json(['--spec', exampleTs('twoPhase')]);
    assert.ok(flag.doc.stats.distinct < three.doc.stats.distinct);
  });
});

describe('the built-in specs, found by --model', () => {
  it('check --help lists the default model, replication, and its flags', async () => {
    const run = await cli(['check', '--help']);
    assert.match(run.stdout, /Constants of PikaReplication \(--model replication\):/);
    for (const flag of ['--clients <n>', '--lock-scope <value>', '--flush-scope <value>', '--pika-version <value>', '--bgsave-span <value>']) assert.ok(run.stdout.includes(flag), flag);
    assert.match(run.stdout.replace(/\s+/g, ' '), /--clients <n> client connections \(default: 2; at least 1\)/);
    assert.doesNotMatch(run.stdout, /--entries|--rm\b/);
  });

  it('--model slave-bgsave --help lists its flags, not replication\'s', async () => {
    const run = await cli(['check', '--model', 'slave-bgsave', '--help']);
    assert.match(run.stdout, /Constants of PikaSlaveBgsave \(--model slave-bgsave\):/);
    for (const flag of ['--entries <n>', '--offset-source <value>', '--crashes <n>', '--resume-from <value>']) assert.ok(run.stdout.includes(flag), flag);
    assert.doesNotMatch(run.stdout, /--clients|--lock-scope/);
  });

  it("the Pika flags set the replication model's constants: the same figures as the API and --const", async () => {
    const constants = { clients: 3, lockScope: 'command+binlog', flush: 1, flushScope: 'flush+binlog' };
    const api = checkSync(replication, { constants });
    const flags = await json(['--clients', '3', '--lock-scope', 'command+binlog', '--flush', '1', '--flush-scope', 'flush+binlog']);
    const consts = await json(['--const', 'clients=3', '--const', 'lockScope=command+binlog', '--const', 'flush=1', '--const', 'flushScope=flush+binlog']);
    assert.deepEqual(figures(flags.doc), [api.stats.distinct, api.stats.generated, api.stats.depth]);
    assert.deepEqual(figures(consts.doc), figures(flags.doc));
    const base = await json([]);
    assert.notDeepEqual(figures(base.doc), figures(flags.doc));
  });

  it("simulate's replay command repeats the spec's flags as given", async () => {
    const args = ['simulate', '--lock-scope', 'command', '--clients', '2', '--seed', '21', '--workers', '1', '--invariant', 'SnapshotCoversApplied', '--format', 'json'];
    const run = await cli(args);
    assert.equal(run.code, 12, run.stderr);
    const replay = (JSON.parse(run.stdout) as { replay: string }).replay;
    assert.match(replay, /--clients 2 --lock-scope command /);
  });

  it('--model two-phase checks TwoPhase with TLC\'s figures: 288 distinct, 1146 generated, depth 11', async () => {
    const { run, doc } = await json(['--model', 'two-phase']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(doc.spec, 'TwoPhase');
    assert.equal(doc.model, 'two-phase');
    assert.deepEqual(figures(doc), [288, 1146, 11]);
    const two = await json(['--model', 'two-phase', '--rm', 'r1,r2']);
    assert.deepEqual(two.doc.constants['RM'], ['r1', 'r2']);
    assert.ok(two.doc.stats.distinct < 288);
  });

  it('--model die-hard finds the puzzle solved, as TLC: 16 distinct, 97 generated', async () => {
    const run = await cli(['check', '--model', 'die-hard', '--format', 'json', '--quiet']);
    assert.equal(run.code, 12, run.stderr);
    const doc = JSON.parse(run.stdout) as CheckJson;
    assert.equal(doc.spec, 'DieHard');
  });

  it("refuses a flag of another model, naming the model it belongs to", async () => {
    refused(await cli(['check', '--model', 'two-phase', '--clients', '3']), /'--clients' belongs to --model replication, not --model two-phase/);
    refused(await cli(['check', '--model', 'dining-philosophers', '--np', '1']), /--np/, /at least 2/);
  });
});

describe("Pika's cross-constant rules live in the spec's validate", () => {
  it('serve-path plus flush more than clients is refused from the API too, naming the constants and flags', () => {
    assert.throws(
      () => checkSync(replication, { constants: { clients: 2, servePath: 2, flush: 1 } }),
      (error: unknown) => error instanceof UsageError && /'servePath' \+ 'flush'/.test(error.message) && /--serve-path/.test(error.message) && /--clients/.test(error.message),
    );
  });

  it('the asynchronous check refuses it too', async () => {
    await assert.rejects(
      async () => check(replication, { constants: { clients: 2, servePath: 2, flush: 1 } }),
      (error: unknown) => error instanceof UsageError && /--serve-path/.test(error.message),
    );
  });

  it('and from the CLI, with one line and exit 2', async () => {
    refused(await cli(['check', '--clients', '2', '--serve-path', '1', '--flush', '2']), /--serve-path/, /--flush/, /--clients/);
  });
});
