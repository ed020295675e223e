import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli, tempDir } from './helpers.js';

const race = {
  name: 'race',
  model: 'replication',
  constants: { lockScope: 'command', binlogFormat: 'op', clients: 2, keys: 1, ops: 1 },
  expect: { SnapshotCoversApplied: { verdict: 'violated', traceLength: 7 }, OffsetNotAhead: { verdict: 'holds' } },
};

async function summaryOf(cases: object[]): Promise<string> {
  const dir = tempDir();
  const matrix = join(dir, 'matrix.json');
  const summary = join(dir, 'summary.md');
  writeFileSync(matrix, JSON.stringify({ cases }));
  writeFileSync(summary, '');
  await cli(['ci', '--matrix', matrix], { GITHUB_STEP_SUMMARY: summary });
  return readFileSync(summary, 'utf8');
}

describe('pika-mc ci: Mermaid diagrams in the GitHub step summary', () => {
  it('adds the sequence diagram of each unexpected violation', async () => {
    const wrong = { ...race, name: 'fixed?', expect: { SnapshotCoversApplied: { verdict: 'holds' }, OffsetNotAhead: { verdict: 'holds' } } };
    const text = await summaryOf([wrong]);
    assert.match(text, /\| fixed\? \| SnapshotCoversApplied \| holds \| violated \(7\) \|/);
    assert.match(text, /^#### fixed\? \/ SnapshotCoversApplied: expected holds, got violated\n\n```mermaid\nsequenceDiagram\n/m);
    assert.match(text, /bgsave->>binlog: \[7\] BgsaveCapture/);
    assert.equal((text.match(/```mermaid/g) ?? []).length, 1);
  });

  it('escapes a case name that Markdown would read: a | keeps the row its cells, <b> stays text', async () => {
    const odd = { ...race, name: 'lock | <b>op</b>', expect: { SnapshotCoversApplied: { verdict: 'holds' }, OffsetNotAhead: { verdict: 'holds' } } };
    const text = await summaryOf([odd]);
    const row = text.split('\n').find((line) => line.includes('SnapshotCoversApplied |')) ?? '';
    assert.match(row, /^\| lock \\\| \\<b\\>op\\<\/b\\> \| SnapshotCoversApplied \| holds \| violated \(7\) \| \d+ \| [\d.]+ \| ❌ \|$/);
    assert.equal(row.split(/(?<!\\)\|/).length, 9, 'seven cells between the row\'s bars');
    assert.match(text, /^#### lock \\\| \\<b\\>op\\<\/b\\> \/ SnapshotCoversApplied: expected holds, got violated$/m);
  });

  it('adds none when every violation was expected', async () => {
    assert.doesNotMatch(await summaryOf([race]), /mermaid/);
  });
});
