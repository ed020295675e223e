import type { CiRow } from './ciRow.js';
import { markdownText } from './markdownText.js';
import { mermaidDiagram, sourceList } from './mermaid.js';

/**
 * The Mermaid sequence diagram of each unexpected violation of a ci run (a failed row with a trace),
 * under a heading naming its case and invariant, for GitHub's step summary; empty when there is none.
 */
export function ciDiagrams(rows: readonly CiRow[]): string {
  const failed = rows.flatMap((r) => (!r.passed && r.trace && r.model ? [{ ...r, model: r.model }] : []));
  if (failed.length === 0) return '';
  const parts = failed.map(
    (r) =>
      `#### ${markdownText(`${r.case} / ${r.invariant}: ${r.reason ?? 'unexpected'}`)}\n\n\`\`\`mermaid\n` +
      `${mermaidDiagram(r.model, { name: r.invariant, kind: 'invariant', trace: r.trace ?? [] })}\n\`\`\`\n` +
      (sourceList(r.trace ?? []) ? `\n${sourceList(r.trace ?? [])}` : ''),
  );
  return `${parts.join('\n')}\n`;
}
