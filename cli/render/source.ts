/** A step's source as the outputs show it: its text, and the URL it links to when it has one. */
export interface SourceLink {
  readonly text: string;
  readonly url?: string;
}

const LINK = /^\[(.*)\]\((https?:\/\/[^\s()]+)\)$/s;

/** Reads an action's `source`: a Markdown link `[text](url)` gives both, any other string is the text alone. */
export function parseSource(source: string): SourceLink {
  const match = LINK.exec(source.trim());
  return match ? { text: match[1] as string, url: match[2] as string } : { text: source };
}

/** A source as Markdown: the link as it is, plain text in backticks. */
export function sourceMarkdown(source: string): string {
  const { text, url } = parseSource(source);
  return url !== undefined ? `[${text}](${url})` : `\`${text}\``;
}

/** A source as one line of plain text: the text, then the URL in angle brackets (as mail and terminals link it). */
export function sourcePlain(source: string): string {
  const { text, url } = parseSource(source);
  return url !== undefined ? `${text} <${url}>` : text;
}
