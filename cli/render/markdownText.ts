/**
 * Text that Markdown shows as it is, in a table cell or a heading: each character GitHub would read
 * as Markdown or HTML (`|`, `<`, `*`, `_`, a backquote…) escaped with a backslash, lines joined, so
 * that a name such as `a | b` or `<b>` neither splits a table row nor turns into markup.
 */
export function markdownText(text: string): string {
  return text.replace(/[\\`*_[\]<>|&]/g, '\\$&').replace(/\s*\n\s*/g, ' ');
}
