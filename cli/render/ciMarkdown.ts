import type { CiRow } from './ciRow.js';

/** A Markdown summary table of a ci run, for GitHub's step summary. */
export function ciMarkdown(rows: readonly CiRow[], shard?: { index: number; count: number }): string {
  const passed = rows.filter((r) => r.passed).length;
  const lines = [
    `### pika-mc ci${shard ? ` (shard ${shard.index}/${shard.count})` : ''}: ${passed} passed, ${rows.length - passed} failed`,
    '',
    '| case | invariant | expected | actual | distinct | seconds | |',
    '|---|---|---|---|---:|---:|---|',
    ...rows.map((r) => `| ${r.case} | ${r.invariant} | ${r.expected} | ${r.actual} | ${r.distinct} | ${r.seconds.toFixed(2)} | ${r.passed ? '✅' : '❌'} |`),
    '',
  ];
  return `${lines.join('\n')}\n`;
}
