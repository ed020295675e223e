import type { CiRow } from './ciRow.js';
import { markdownText } from './markdownText.js';

/**
 * A Markdown summary table of a ci run, for GitHub's step summary. With `updating` (a `--update`
 * run that writes its matrix), the counts are as on stdout: passed (as pinned), updated, failed.
 */
export function ciMarkdown(rows: readonly CiRow[], shard?: { index: number; count: number }, updating = false): string {
  const updated = rows.filter((r) => r.updated !== undefined).length;
  const passed = rows.filter((r) => r.passed).length - updated;
  const failed = rows.length - passed - updated;
  const counts = updating ? `${passed} passed, ${updated} updated, ${failed} failed` : `${passed} passed, ${failed} failed`;
  const mark = (r: CiRow): string => (r.updated !== undefined ? 'updated' : r.passed ? '✅' : '❌');
  const lines = [
    `### pika-mc ci${shard ? ` (shard ${shard.index}/${shard.count})` : ''}: ${counts}`,
    '',
    '| case | invariant | expected | actual | distinct | seconds | |',
    '|---|---|---|---|---:|---:|---|',
    ...rows.map((r) => `| ${markdownText(r.case)} | ${markdownText(r.invariant)} | ${markdownText(r.expected)} | ${markdownText(r.actual)} | ${r.distinct ?? '-'} | ${r.seconds.toFixed(2)} | ${mark(r)} |`),
    '',
  ];
  return `${lines.join('\n')}\n`;
}
