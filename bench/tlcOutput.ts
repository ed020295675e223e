/** What a TLC run printed, read from its console output and exit code. */
export type TlcOutcome =
  | { readonly status: 'ok'; readonly distinct: number; readonly generated: number; readonly depth: number }
  | { readonly status: 'failed'; readonly problem: string };

const STATS = /^(\d[\d,]*) states generated, (\d[\d,]*) distinct states found, (\d[\d,]*) states left on queue\.$/gm;
const DEPTH = /^The depth of the complete state graph search is (\d[\d,]*)\.$/gm;
const COMPLETED = /^Model checking completed\. No error has been found\.$/m;

/** The last match of `pattern` in `text` (TLC prints its final figures last). */
function lastMatch(pattern: RegExp, text: string): RegExpMatchArray | undefined {
  let last: RegExpMatchArray | undefined;
  for (const match of text.matchAll(pattern)) last = match;
  return last;
}

/** A number as TLC prints it, with or without thousands separators. */
function numberOf(text: string | undefined): number {
  return Number((text ?? '').replaceAll(',', ''));
}

/** The line that says why a run failed: TLC's first `Error:` line, else the last line it printed. */
function problemOf(output: string, exitCode: number | null): string {
  const lines = output.split(/\r?\n/).map((line) => line.trim());
  const error = lines.find((line) => line.startsWith('Error:'));
  const last = lines.filter((line) => line !== '').at(-1);
  const why = error ?? last ?? 'no output';
  return `${exitCode === null ? 'killed' : `exit ${exitCode}`}: ${why}`;
}

/**
 * TLC's verdict and final figures: "N states generated, M distinct states found, …" and "The depth
 * of the complete state graph search is D." after "Model checking completed. No error has been
 * found." and exit 0; any other end (a violation, a parse error, a crash) is a failure with its reason.
 */
export function parseTlcOutput(printed: string, exitCode: number | null): TlcOutcome {
  const output = printed.replaceAll('\r\n', '\n');
  if (exitCode !== 0 || !COMPLETED.test(output)) return { status: 'failed', problem: problemOf(output, exitCode) };
  const stats = lastMatch(STATS, output);
  const depth = lastMatch(DEPTH, output);
  if (stats === undefined || depth === undefined) {
    return { status: 'failed', problem: `exit 0 without ${stats === undefined ? 'the states generated/distinct line' : 'the depth line'}` };
  }
  return { status: 'ok', generated: numberOf(stats[1]), distinct: numberOf(stats[2]), depth: numberOf(depth[1]) };
}
