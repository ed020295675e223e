/** One `pika-mc` command quoted in a fenced block of a Markdown file, as the docs test runs it. */
export interface DocCommand {
  /** 1-based line of the command in its file. */
  readonly line: number;
  /** The command as written, without a `$ ` prompt or its comment. */
  readonly text: string;
  /** The arguments after `pika-mc`. */
  readonly args: readonly string[];
  /** The exit code the docs give (`# exit 12`), 0 when they give none. */
  readonly exit: number;
  /** The output the docs show under a `$ ` command line (blank lines dropped); `…` stands for lines left out. */
  readonly output: readonly string[];
}

/** Fence languages whose every line is a shell command; in any other block only `$ ` lines are. */
const SHELL = new Set(['sh', 'bash', 'shell', 'zsh']);

const COMMAND = /^(?:npx\s+)?pika-mc(?:\s|$)/;

/** Characters the docs test does not interpret, so a command using them cannot be run as written. */
const SHELL_SYNTAX = new Set(['|', '&', ';', '<', '>', '(', ')', '$', '`']);

/**
 * Splits a command line into words as a POSIX shell would for plain commands (quotes, backslashes,
 * a `#` comment), and refuses the syntax it does not run (pipes, redirections, variables).
 */
export function shellWords(text: string): { words: string[]; comment: string } {
  const words: string[] = [];
  let word: string | null = null;
  let i = 0;
  const push = (): void => {
    if (word !== null) words.push(word);
    word = null;
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === ' ' || ch === '\t') {
      push();
      i++;
    } else if (ch === '#' && word === null) {
      return { words, comment: text.slice(i + 1).trim() };
    } else if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) throw new Error(`unclosed ' in: ${text}`);
      word = (word ?? '') + text.slice(i + 1, end);
      i = end + 1;
    } else if (ch === '"') {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length && '"\\$`'.includes(text[j + 1] as string)) j++;
        else if (text[j] === '$' || text[j] === '`') throw new Error(`shell expansion inside "…" is not run by the docs test: ${text}`);
        value += text[j];
        j++;
      }
      if (j >= text.length) throw new Error(`unclosed " in: ${text}`);
      word = (word ?? '') + value;
      i = j + 1;
    } else if (ch === '\\') {
      if (i + 1 >= text.length) throw new Error(`a line continuation is not run by the docs test: ${text}`);
      word = (word ?? '') + text[i + 1];
      i += 2;
    } else if (SHELL_SYNTAX.has(ch)) {
      throw new Error(`shell syntax '${ch}' is not run by the docs test: ${text}`);
    } else {
      word = (word ?? '') + ch;
      i++;
    }
  }
  push();
  return { words, comment: '' };
}

function commandOf(line: number, text: string, output: readonly string[]): DocCommand {
  const { words, comment } = shellWords(text);
  const exit = /\bexit (\d+)\b/.exec(comment);
  const start = words[0] === 'npx' ? 2 : 1;
  const hash = text.search(/\s#/);
  return {
    line,
    text: (hash === -1 ? text : text.slice(0, hash)).trim(),
    args: words.slice(start),
    exit: exit ? Number(exit[1]) : 0,
    output,
  };
}

/** The `pika-mc` commands of a Markdown text's fenced blocks, in order, with the output shown under each. */
export function docCommands(markdown: string): DocCommand[] {
  const lines = markdown.split('\n');
  const commands: DocCommand[] = [];
  let fence: { marker: string; shell: boolean } | null = null;
  let pending: { line: number; text: string; output: string[] } | null = null;
  const flush = (): void => {
    if (pending !== null) commands.push(commandOf(pending.line, pending.text, pending.output));
    pending = null;
  };
  lines.forEach((raw, index) => {
    const opening = /^\s*(`{3,}|~{3,})\s*([\w+-]*)/.exec(raw);
    if (fence === null) {
      if (opening) fence = { marker: opening[1] as string, shell: SHELL.has((opening[2] ?? '').toLowerCase()) };
      return;
    }
    if (raw.trim().startsWith(fence.marker) && raw.trim().replace(/[`~]/g, '') === '') {
      flush();
      fence = null;
      return;
    }
    const prompt = raw.startsWith('$ ');
    const body = prompt ? raw.slice(2) : raw;
    if (prompt || fence.shell) {
      flush();
      if (COMMAND.test(body.trim())) pending = { line: index + 1, text: body.trim(), output: [] };
      return;
    }
    if (pending !== null && raw.trim() !== '') pending.output.push(raw.trimEnd());
  });
  flush();
  return commands;
}

const ELISION = new Set(['…', '...']);

function lineMatcher(expected: string): RegExp {
  const parts = expected.split('…').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`);
}

/**
 * Checks output shown in the docs against real output (blank lines dropped on both sides): the
 * shown lines must be consecutive lines of the real output, from its first line to its last, except
 * where a line `…` stands for lines left out; `…` inside a line stands for any text. Returns what
 * does not match, or undefined.
 */
export function outputMismatch(expected: readonly string[], actual: string): string | undefined {
  const real = actual.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '');
  const shown = expected.map((l) => l.trimEnd()).filter((l) => l !== '');
  // Match greedily with backtracking over elisions: positions (shown index, real index).
  const memo = new Map<string, boolean>();
  const from = (s: number, r: number): boolean => {
    const key = `${s},${r}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let ok: boolean;
    if (s === shown.length) ok = r === real.length;
    else if (ELISION.has((shown[s] as string).trim())) {
      ok = false;
      for (let k = r; k <= real.length && !ok; k++) ok = from(s + 1, k);
    } else ok = r < real.length && lineMatcher(shown[s] as string).test(real[r] as string) && from(s + 1, r + 1);
    memo.set(key, ok);
    return ok;
  };
  if (from(0, 0)) return undefined;
  // Say which shown line is the first that cannot be placed.
  let r = 0;
  for (const line of shown) {
    if (ELISION.has(line.trim())) continue;
    const matcher = lineMatcher(line);
    let found = -1;
    for (let k = r; k < real.length; k++) {
      if (matcher.test(real[k] as string)) {
        found = k;
        break;
      }
    }
    if (found === -1) return `this line is not in the output (after what matched before it): ${line}`;
    r = found + 1;
  }
  return 'the lines are all there, but lines are left out without a … line between them';
}
