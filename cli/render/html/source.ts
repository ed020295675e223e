import { parseSource } from '../source.js';
import { escapeHtml, safeUrl } from './escape.js';

/** What a structured code reference may hold; every field is optional. */
interface SourceFields {
  readonly file?: unknown;
  readonly function?: unknown;
  readonly lines?: unknown;
  readonly version?: unknown;
  readonly url?: unknown;
}

function linesText(lines: unknown): string {
  if (Array.isArray(lines) && lines.length === 2) return `${String(lines[0])}-${String(lines[1])}`;
  return lines === undefined || lines === null ? '' : String(lines);
}

/** The URL a code reference links to: a Markdown link's, a URL string itself, or an object's `url`. */
function urlOf(source: unknown): string | undefined {
  if (typeof source === 'string') return safeUrl(parseSource(source).url ?? source);
  return typeof source === 'object' && source !== null ? safeUrl((source as SourceFields).url) : undefined;
}

/** A code reference as one line of text: a string as it is (a Markdown link's text), `{file, function, lines}` as `file:lines function`. */
export function sourceText(source: unknown): string {
  if (source === undefined || source === null) return '';
  if (typeof source === 'string') return parseSource(source).text;
  if (typeof source !== 'object') return String(source);
  const s = source as SourceFields;
  const file = typeof s.file === 'string' ? s.file : '';
  const lines = linesText(s.lines);
  const where = [file + (file !== '' && lines !== '' ? `:${lines}` : ''), typeof s.function === 'string' ? s.function : ''].filter((p) => p !== '').join(' ');
  const version = typeof s.version === 'string' ? ` @ ${s.version}` : '';
  return where !== '' ? `${where}${version}` : (safeUrl(s.url) ?? JSON.stringify(source));
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
