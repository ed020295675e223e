import { fileURLToPath } from 'node:url';
import { isOutOfMemory } from '../checker/errors.js';
import { ExitCode, outOfMemoryLine } from './exitCodes.js';

/** Error codes of the system that say the environment failed (a disk, a permission), not the code. */
const ENVIRONMENT_FAULTS = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'EIO', 'EROFS', 'EACCES', 'EPERM', 'ENOENT', 'ENOTDIR', 'EISDIR', 'ELOOP', 'EMFILE', 'ENFILE']);

export function isEnvironmentFault(error: unknown): error is Error {
  return error instanceof Error && ENVIRONMENT_FAULTS.has(String((error as NodeJS.ErrnoException).code));
}

/** The folder pika-mc's own code runs from (its build), as a stack frame names it: a path, or a file URL (escaped) for a module. */
const OWN_FOLDER = new URL('../', import.meta.url);
const OWN_CODE = [fileURLToPath(OWN_FOLDER), OWN_FOLDER.href];

/**
 * Whether an error was thrown by the spec's own code (a timer, or a promise its module started and
 * left): the innermost frame of its stack that is neither Node's nor a package's is the spec's,
 * not pika-mc's.
 */
function fromSpecCode(error: unknown): boolean {
  if (!(error instanceof Error) || error.stack === undefined) return false;
  for (const frame of error.stack.split('\n').filter((line) => /^\s+at /.test(line))) {
    if (OWN_CODE.some((own) => frame.includes(own))) return false;
    if (/\(node:|^\s+at node:|<anonymous>|\/node_modules\//.test(frame)) continue;
    return true;
  }
  return false;
}

/** The first line of a message that may have more. */
export function firstLine(message: string): string {
  return message.split('\n').find((line) => line.trim() !== '')?.trim() ?? message;
}

/**
 * What the CLI says, and exits with, for an error of no kind it expects: memory that ran out (152),
 * the machine's fault (74), the spec's code throwing outside any call of pika-mc's (75), or else a
 * bug of pika-mc's (153), with its stack when `stack` (for the report of it). `command` is the
 * command run, for the out-of-memory line's advice.
 */
export function unexpectedFault(error: unknown, command: string | undefined, stack = false): { readonly line: string; readonly code: ExitCode } {
  if (isOutOfMemory(error)) return { line: outOfMemoryLine(command), code: ExitCode.Bound };
  const message = error instanceof Error ? error.message : String(error);
  if (isEnvironmentFault(error)) return { line: `error: ${firstLine(message)}\n`, code: ExitCode.IoError };
  if (fromSpecCode(error)) {
    return { line: `spec error: the spec's code threw outside any call of the checker (a timer, or a promise it did not await): ${firstLine(message)}\n`, code: ExitCode.SpecError };
  }
  const shown = stack && error instanceof Error && error.stack !== undefined ? error.stack : message;
  return { line: `internal error (a bug in pika-mc, please report it): ${shown}\n`, code: ExitCode.Internal };
}
