/** Text as HTML text or attribute value: `&`, `<`, `>`, quotes escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** A URL that may go into an `href`: only http(s), so that a spec cannot inject `javascript:`. */
export function safeUrl(url: unknown): string | undefined {
  return typeof url === 'string' && /^https?:\/\/[^\s"'<>]+$/i.test(url) ? url : undefined;
}
