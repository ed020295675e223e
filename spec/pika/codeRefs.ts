/** The Pika releases the models describe: two tags, and `later` for `unstable` at the commit read. */
export const PIKA_VERSIONS = ['v4.0.0', 'v4.0.1', 'later'] as const;

/** A Pika version the models describe. */
export type PikaVersion = (typeof PIKA_VERSIONS)[number];

/** The commit of `unstable` read for `later` (2024-10-17); it behaves as v4.0.1 on every modelled path. */
export const UNSTABLE_COMMIT = '218b68bbf9f2258c9f233d97c2ae064ba6f46994';

/** The tag or full commit whose source a version's references cite. */
export const VERSION_REVISION: { readonly [V in PikaVersion]: string } = {
  'v4.0.0': 'v4.0.0',
  'v4.0.1': 'v4.0.1',
  later: UNSTABLE_COMMIT,
};

/** Where the public source is read. */
export const PIKA_REPOSITORY = 'https://github.com/OpenAtomFoundation/pika';

/** A place in Pika's source: file, function and lines at a tag or commit, and what those lines do. */
export interface CodeRef {
  readonly file: string;
  readonly function: string;
  /** First and last line, 1-based, inclusive. */
  readonly lines: readonly [number, number];
  /** A tag (`v4.0.0`) or a full commit of OpenAtomFoundation/pika. */
  readonly at: string;
  /** What the cited lines do, in a few words. */
  readonly what: string;
}

/** The permanent link to a reference's lines, as GitHub shows them. */
export function codeUrl(ref: CodeRef): string {
  const [a, b] = ref.lines;
  return `${PIKA_REPOSITORY}/blob/${ref.at}/${ref.file}#L${a}${b !== a ? `-L${b}` : ''}`;
}

/** A tag as it is, a commit by its first 8 digits. */
export function shortRevision(at: string): string {
  return /^[0-9a-f]{40}$/.test(at) ? at.slice(0, 8) : at;
}

/** One line naming a reference, where first: `Cmd::DoBinlog, src/pika_command.cc#L915-L939 at v4.0.0: append the entry`. */
export function codeText(ref: CodeRef): string {
  const [a, b] = ref.lines;
  return `${ref.function}, ${ref.file}#L${a}${b !== a ? `-L${b}` : ''} at ${shortRevision(ref.at)}: ${ref.what}`;
}

/**
 * A reference as an action's `source`: a Markdown link `[text](url)`, which the outputs show as its
 * text linked to the public source.
 */
export function codeSource(ref: CodeRef): string {
  return `[${codeText(ref)}](${codeUrl(ref)})`;
}

/** Builds the references of one revision: `at(rev)('src/pika_db.cc', 'DB::ChangeDb', [546, 578], 'swap the DB')`. */
export function at(revision: string) {
  return (file: string, fn: string, lines: readonly [number, number], what: string): CodeRef => ({ file, function: fn, lines, at: revision, what });
}
