import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { memoryIo } from '../../cli/io.js';
import { runCli } from '../../cli/program.js';

/** The output and exit code of one in-process CLI run. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in process with captured output. */
export async function cli(args: readonly string[], env: { [name: string]: string | undefined } = {}): Promise<CliRun> {
  const io = memoryIo(env);
  const code = await runCli(args, { io, version: '0.0.0-test' });
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** The built CLI entry point. */
export const CLI_MAIN = fileURLToPath(new URL('../../cli/main.js', import.meta.url));

/** Runs the built CLI as a real subprocess (as `npx pika-mc` would). */
export function cliProcess(args: readonly string[], env: { [name: string]: string | undefined } = {}): CliRun {
  const result = spawnSync(process.execPath, [CLI_MAIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env },
    timeout: 120_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
