import { spawn, spawnSync } from 'node:child_process';
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

/** Runs the built CLI as a real subprocess without blocking this thread, so that tests can run side by side. */
export function cliChild(args: readonly string[], env: { [name: string]: string | undefined } = {}): Promise<CliRun> {
  const child = spawn(process.execPath, [CLI_MAIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env },
    timeout: 120_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
