import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { cli } from './run.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/modules/${name}.js`, import.meta.url));
const COUNTERS = fixture('counters');
const TOKEN_RING = fixture('tokenRing');
const THROWING = fixture('throwingChecked');
const PER_CLIENT = fixture('perClient');
const SOMETIMES_STUCK = fixture('sometimesStuck');
const PASS_TOKEN = fixture('passToken');

function tempFile(data?: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pika-mc-ci-spec-')), 'matrix.json');
  if (data !== undefined) writeFileSync(path, JSON.stringify(data, null, 2));
  return path;
}

describe('pika-mc ci --spec: a matrix of verdicts for a spec of ones own', () => {
  it('checks each case against the spec given, with its constants and scenarios', async () => {
    const path = tempFile({
      cases: [
        { name: 'two counting to 2', constants: {}, expect: { Bounded: { verdict: 'holds' } }, distinct: 9 },
        { name: 'three counting to 3', scenario: 'three-procs', constants: {}, expect: { Bounded: { verdict: 'holds' } }, distinct: 64 },
        { name: 'counting down', constants: { Mode: 'down', MaxCount: 4 }, expect: { Bounded: { verdict: 'holds' } }, distinct: 25 },
        { name: 'a list and a flag', constants: { Procs: ['p1', 'p2', 'p3'], Strict: true }, expect: { Bounded: { verdict: 'holds' } }, distinct: 27 },
      ],
    });
    const run = await cli(['ci', '--spec', COUNTERS, '--matrix', path]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^4 passed, 0 failed$/m);
    assert.match(run.stdout, /three counting to 3\s+Bounded\s+holds\s+holds\s+-\s+64/);
  });

  it('fails with exit 1 and the trace when a verdict of the spec changes', async () => {
    const path = tempFile({ cases: [{ name: 'ring', constants: {}, expect: { NoSecondLap: { verdict: 'holds' } } }] });
    const run = await cli(['ci', '--spec', TOKEN_RING, '--matrix', path]);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /ring \/ NoSecondLap: expected holds, got violated/);
    assert.match(run.stdout, /Pass\(n1\)/);
  });

  it('writes a first matrix with --update, pinning the defaults; the next run passes, and then fails when the spec changes', async () => {
    const path = tempFile();
    const first = await cli(['ci', '--spec', TOKEN_RING, '--matrix', path, '--update']);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    // Every row of a new file is written anew: none is a failure, and no trace is printed.
    assert.doesNotMatch(first.stdout, /FAIL|Pass\(n1\)/);
    assert.match(first.stdout, /^defaults\s+NoSecondLap\s+none\s+violated \(\d+\).*updated$/m);
    assert.match(first.stdout, /^defaults \/ NoSecondLap: updated: expected none → violated \(\d+\)$/m);
    assert.match(first.stdout, /^0 passed, 1 updated, 0 failed; 1 row written to .*matrix\.json$/m);
    const written = JSON.parse(readFileSync(path, 'utf8')) as { cases: { name: string; model?: string; expect: Record<string, { verdict: string; traceLength?: number }> }[] };
    assert.equal(written.cases.length, 1);
    assert.equal(written.cases[0]?.model, undefined, 'a matrix for --spec names no model');
    assert.equal(written.cases[0]?.expect['NoSecondLap']?.verdict, 'violated');
    assert.ok((written.cases[0]?.expect['NoSecondLap']?.traceLength ?? 0) > 1);
    const again = await cli(['ci', '--spec', TOKEN_RING, '--matrix', path]);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    // The same matrix against another spec: its invariant is not that spec's.
    const other = await cli(['ci', '--spec', COUNTERS, '--matrix', path]);
    assert.equal(other.code, 2);
    assert.match(other.stderr, /case "defaults": field "expect.NoSecondLap": unknown invariant \(valid: Bounded\)/);
  });

  it('writes no case of a new matrix whose run fails with a spec error: its rows expect none and fail, exit 1', async () => {
    const path = tempFile();
    const run = await cli(['ci', '--spec', THROWING, '--matrix', path, '--update', '--format', 'json']);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const doc = JSON.parse(run.stdout) as { passed: number; updated: number; failed: number; rows: { expected: string; passed: boolean; updated?: unknown; reason?: string }[] };
    assert.deepEqual([doc.passed, doc.updated, doc.failed], [0, 0, 1]);
    assert.equal(doc.rows[0]?.expected, 'none');
    assert.equal(doc.rows[0]?.passed, false);
    assert.equal(doc.rows[0]?.updated, undefined);
    assert.match(doc.rows[0]?.reason ?? '', /^the spec failed while evaluating action Step: the disk is full$/);
    assert.doesNotMatch(doc.rows[0]?.reason ?? '', /expected holds/);
    assert.equal(existsSync(path), false, 'a matrix of expectations never checked is not written');
    const text = await cli(['ci', '--spec', THROWING, '--matrix', path, '--update']);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /^defaults\s+Small\s+none\s+unknown\s.*FAIL$/m);
    assert.match(text.stdout, /^0 passed, 0 updated, 1 failed; nothing written to .*matrix\.json$/m);
  });

  it('knows the invariants of each case from its own constants, not the spec defaults', async () => {
    const three = { name: 'three', constants: { clients: ['c1', 'c2', 'c3'] }, expect: { NotAllDone_c3: { verdict: 'violated', traceLength: 4 } } };
    const run = await cli(['ci', '--spec', PER_CLIENT, '--matrix', tempFile({ cases: [three] })]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^1 passed, 0 failed$/m);
    // An invariant the defaults have and the case's constants do not is refused before anything runs.
    const one = { name: 'one', constants: { clients: ['c1'] }, expect: { NotAllDone_c2: { verdict: 'holds' } } };
    const refused = await cli(['ci', '--spec', PER_CLIENT, '--matrix', tempFile({ cases: [three, one] })]);
    assert.equal(refused.code, 2, refused.stdout + refused.stderr);
    assert.equal(refused.stdout, '');
    assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
    assert.match(refused.stderr, /case "one": field "expect.NotAllDone_c2": unknown invariant \(valid: NotAllDone_c1\)/);
  });

  it('fails only the rows of a case whose constants the spec cannot build, runs the others, and leaves that case as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-ci-spec-'));
    const good = { name: 'two', constants: {}, expect: { NotAllDone_c2: { verdict: 'violated', traceLength: 3 } } };
    const bad = { name: 'bad one', constants: { clients: ['c1', 'bad'] }, expect: { NotAllDone_c1: { verdict: 'holds' } } };
    const path = tempFile({ cases: [good, bad] });
    const run = await cli(['ci', '--spec', PER_CLIENT, '--matrix', path, '--junit', join(dir, 'report.xml'), '--html', join(dir, 'html')]);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /^two\s+NotAllDone_c2\s+violated \(3\)\s+violated \(3\)\s+3\s+4\s+\S+\s+ok$/m);
    assert.match(run.stdout, /^bad one\s+NotAllDone_c1\s+holds\s+unknown\s+-\s+-\s+\S+\s+FAIL$/m);
    assert.match(run.stdout, /^✗ bad one \/ NotAllDone_c1: the spec failed to build the case's model: spec PerClient: build threw: no client may be called bad$/m);
    assert.match(run.stdout, /^1 passed, 1 failed$/m);
    assert.match(readFileSync(join(dir, 'report.xml'), 'utf8'), /<testcase classname="bad one" name="NotAllDone_c1"[^>]*>\s*<failure message="the spec failed to build/);
    assert.match(readFileSync(join(dir, 'html', 'bad_one.html'), 'utf8'), /build threw: no client may be called bad/);
    // Its model was never built: no count of its states, in any report.
    assert.match(readFileSync(join(dir, 'html', 'index.html'), 'utf8'), /bad one[\s\S]*?<td class="num">-<\/td>/);
    const json = await cli(['ci', '--spec', PER_CLIENT, '--matrix', path, '--format', 'json']);
    const rows = (JSON.parse(json.stdout) as { rows: { case: string; distinct: number | null }[] }).rows;
    assert.deepEqual(rows.map((r) => [r.case, r.distinct]), [['two', 4], ['bad one', null]]);
    const before = readFileSync(path, 'utf8');
    const update = await cli(['ci', '--spec', PER_CLIENT, '--matrix', path, '--update']);
    assert.equal(update.code, 1, update.stdout + update.stderr);
    assert.match(update.stdout, /^1 passed, 0 updated, 1 failed; 0 rows written to /m);
    const written = JSON.parse(readFileSync(path, 'utf8')) as { cases: unknown[] };
    assert.deepEqual(written.cases[1], bad, 'the case that does not build is left as it was');
    assert.notEqual(readFileSync(path, 'utf8'), before, 'the matrix is rewritten in its one layout');
  });

  it('fails a case whose run finds a deadlock or never reaches a reachability property, as check does, and pins neither with --update', async () => {
    // check exits 11 and 12 on these specs; their invariants hold.
    assert.equal((await cli(['check', '--spec', SOMETIMES_STUCK, '--quiet'])).code, 11);
    assert.equal((await cli(['check', '--spec', PASS_TOKEN, '--quiet'])).code, 12);
    const stuck = await cli(['ci', '--spec', SOMETIMES_STUCK, '--matrix', tempFile({ cases: [{ name: 'walk', constants: {}, expect: { Below: { verdict: 'holds' } } }] })]);
    assert.equal(stuck.code, 1, stuck.stdout + stuck.stderr);
    assert.match(stuck.stdout, /^walk\s+Below\s+holds\s+holds\s.*FAIL$/m);
    assert.match(stuck.stdout, /^✗ walk \/ Below: the run found a deadlock, a state with no successor that the spec does not call terminal \(shortest trace: 4 states\)$/m);
    const ring = await cli(['ci', '--spec', PASS_TOKEN, '--matrix', tempFile({ cases: [{ name: 'ring', constants: {}, expect: { FewPasses: { verdict: 'holds' } } }] }), '--format', 'json']);
    assert.equal(ring.code, 1, ring.stdout + ring.stderr);
    const rows = (JSON.parse(ring.stdout) as { rows: { passed: boolean; reason?: string }[] }).rows;
    assert.deepEqual(rows.map((r) => [r.passed, r.reason]), [[false, 'reachability property TokenLost is never reached']]);
    // A new matrix of such a spec is not written: its expectations would pass a run that check fails.
    const path = tempFile();
    const update = await cli(['ci', '--spec', SOMETIMES_STUCK, '--matrix', path, '--update']);
    assert.equal(update.code, 1, update.stdout + update.stderr);
    assert.match(update.stdout, /^0 passed, 0 updated, 1 failed; nothing written to /m);
    assert.equal(existsSync(path), false);
  });

  it('refuses a case that names a model, an unknown constant or scenario, and --spec without --matrix: one line, exit 2', async () => {
    const refusals: [unknown, RegExp][] = [
      [{ cases: [{ name: 'a', model: 'replication', constants: {}, expect: { Bounded: { verdict: 'holds' } } }] }, /case "a": field "model": every case is of the spec given by --spec/],
      [{ cases: [{ name: 'b', constants: { Colour: 'red' }, expect: { Bounded: { verdict: 'holds' } } }] }, /case "b": .*Colour/],
      [{ cases: [{ name: 'd', constants: { Procs: { p1: 1 } }, expect: { Bounded: { verdict: 'holds' } } }] }, /case "d": field "constants.Procs" must be a number, a string, true or false, or a list/],
      [{ cases: [{ name: 'c', scenario: 'five-procs', constants: {}, expect: { Bounded: { verdict: 'holds' } } }] }, /case "c": field "scenario": unknown scenario 'five-procs' \(valid: three-procs\)/],
    ];
    for (const [data, message] of refusals) {
      const run = await cli(['ci', '--spec', COUNTERS, '--matrix', tempFile(data)]);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, message);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    }
    const alone = await cli(['ci', '--spec', COUNTERS]);
    assert.equal(alone.code, 2);
    assert.match(alone.stderr, /--spec: give the matrix of its cases with --matrix <file>/);
  });
});
