import { parseSource } from '../source.js';
import { escapeHtml, safeUrl } from './escape.js';

/** The URL a code reference links to: a Markdown link's, a URL string itself, or a structured reference's `url`. */
function urlOf(source: unknown): string | undefined {
  const { url } = parseSource(source);
  return safeUrl(url ?? (typeof source === 'string' ? source : undefined));
}

/** A code reference as one line of text (see parseSource). */
export function sourceText(source: unknown): string {
  if (source === undefined || source === null) return '';
  return parseSource(source).text;
}

/**
 * A step's code reference as HTML: a link when it is a URL or an object with a `url`, else the text.
 * Specs give a string (`src/pika_db.cc DB::InitBgsaveEngine`) or `{file, function, lines, version, url}`.
 */
export function sourceHtml(source: unknown): string {
  if (source === undefined || source === null || source === '') return '';
  const url = urlOf(source);
  const text = escapeHtml(sourceText(source));
  if (url === undefined) return `<code class="src" title="${text}">${text}</code>`;
  return `<a class="src" href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer" title="${escapeHtml(url)}">${text}</a>`;
}

/** A small link to a step's code, for the step list: only when the reference has a URL. */
export function sourceLink(source: unknown): string {
  const url = urlOf(source);
  if (url === undefined) return '';
  return ` <a class="codelink" href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer" title="${escapeHtml(sourceText(source))}">code ↗</a>`;
}
