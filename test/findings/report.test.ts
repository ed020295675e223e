import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { findingMarkdown } from '../../cli/commands/report.js';
import { SCENARIOS } from '../../spec/pika/scenarios.js';
import { cli } from '../cli/run.js';

const findings = SCENARIOS.filter((s) => s.finding);

describe('pika-mc report: the write-ups of docs/findings', () => {
  it('covers the serve path, FLUSHDB, bgsave and crashes on a slave, and the write paths outside the #2818 locks', () => {
    assert.deepEqual(findings.map((s) => s.name).sort(), [
      'blpop-serve-path',
      'exec-flushdb',
      'flushall-binlog-order',
      'flushdb-binlog-order',
      'flushdb-during-bgsave-2790',
      'slave-bgsave',
      'slave-crash-restart',
      'slot-migration-del',
    ]);
  });

  for (const scenario of findings) {
    it(`docs/findings/${scenario.name}.md is exactly what the checker produces today`, () => {
      const committed = readFileSync(new URL(`../../../docs/findings/${scenario.name}.md`, import.meta.url), 'utf8');
      assert.equal(committed, findingMarkdown(scenario), 'regenerate with: npx pika-mc report --all docs/findings');
    });
  }

  it('shows the shortest trace as a Mermaid diagram and as numbered steps with Pika functions, and proves the fix', async () => {
    const run = await cli(['report', 'flushdb-binlog-order']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /```mermaid\nsequenceDiagram/);
    assert.match(
      run.stdout,
      /^\d+\. `DoCommand\(c2\)` — \[FlushdbCmd::DoWithoutLock, src\/pika_admin\.cc#L673-L686 at v4\.0\.1: .+\]\(https:\/\/github\.com\/OpenAtomFoundation\/pika\/blob\/v4\.0\.1\/src\/pika_admin\.cc#L673-L686\)$/m,
    );
    assert.match(run.stdout, /^Model `PikaReplication` with .*: Pika v4\.0\.1: lock scope command\+binlog, INCR logged as its value, /m);
    assert.match(run.stdout, /^- \[FlushdbCmd::DoBinlog, src\/pika_admin\.cc#L688-L692 at v4\.0\.1: .+\]\(https:/m, 'the code involved, linked');
    assert.match(run.stdout, /every invariant holds over the whole state space, 300 distinct states/);
    assert.match(run.stdout, /## What the model leaves out/);
  });

  it('a scenario where everything holds says what the checker proves, with no section on what breaks or on a replica', async () => {
    for (const format of ['md', 'html']) {
      const run = await cli(['report', 'fix-2818', ...(format === 'html' ? ['--format', 'html'] : [])]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /What the checker proves/, format);
      assert.doesNotMatch(run.stdout, /What breaks|The consequence on a replica/, format);
    }
  });

  it('refuses an unknown scenario with exit 2', async () => {
    const run = await cli(['report', 'no-such-thing']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown scenario 'no-such-thing'/);
  });
});
