/** A step's source as the outputs show it: its text, and the URL it links to when it has one. */
export interface SourceLink {
  readonly text: string;
  readonly url?: string;
}

const LINK = /^\[(.*)\]\((https?:\/\/[^\s()]+)\)$/s;
const URL_ONLY = /^https?:\/\/[^\s"'<>]+$/i;

/** What a structured code reference may hold (a plain JavaScript spec may give one); every field is optional. */
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

/** A URL that is safe to link to: http or https, with no character that would break out of an attribute. */
function linkable(url: unknown): string | undefined {
  return typeof url === 'string' && URL_ONLY.test(url) ? url : undefined;
}

/**
 * Reads an action's `source`, as every output shows it: a Markdown link `[text](url)` gives both,
 * any other string is the text alone. A structured reference `{file, function, lines, version, url}`
 * reads as `file:lines function @ version` with its URL.
 */
export function parseSource(source: unknown): SourceLink {
  if (typeof source === 'string') {
    const match = LINK.exec(source.trim());
    return match ? { text: match[1] as string, url: match[2] as string } : { text: source };
  }
  if (typeof source !== 'object' || source === null) return { text: String(source) };
  const s = source as SourceFields;
  const url = linkable(s.url);
  const file = typeof s.file === 'string' ? s.file : '';
  const lines = linesText(s.lines);
  const where = [file + (file !== '' && lines !== '' ? `:${lines}` : ''), typeof s.function === 'string' ? s.function : ''].filter((p) => p !== '').join(' ');
  const version = typeof s.version === 'string' ? ` @ ${s.version}` : '';
  const text = where !== '' ? `${where}${version}` : (url ?? JSON.stringify(source));
  return url !== undefined ? { text, url } : { text };
}

/** A source as Markdown: the link as it is, plain text in backticks. */
export function sourceMarkdown(source: unknown): string {
  const { text, url } = parseSource(source);
  return url !== undefined ? `[${text}](${url})` : `\`${text}\``;
}

/** A source as one line of plain text: the text, then the URL in angle brackets (as mail and terminals link it). */
export function sourcePlain(source: unknown): string {
  const { text, url } = parseSource(source);
  return url !== undefined ? `${text} <${url}>` : text;
}
