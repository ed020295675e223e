import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { CLI_MAIN } from '../run.js';

/** Starts `pika-mc explore` as a real process and waits for the line with its URL. */
export async function startExploreProcess(args: readonly string[]): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [CLI_MAIN, 'explore', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /at (http:\/\/127\.0\.0\.1:\d+\/) \(Ctrl-C stops it\)/.exec(stdout);
      if (match) resolve(match[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`explore ended with ${code} before it served: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr };
}

