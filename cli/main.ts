#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { ExitCode } from './exitCodes.js';
import { runCli } from './program.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
const controller = new AbortController();
let signalCode: ExitCode | undefined;
for (const [signal, code] of [
  ['SIGINT', ExitCode.Interrupted],
  ['SIGTERM', ExitCode.Terminated],
] as const) {
  process.on(signal, () => {
    signalCode = code;
    controller.abort();
  });
}

const code = await runCli(process.argv.slice(2), {
  io: {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  },
  version: pkg.version,
  signal: controller.signal,
});
process.exitCode = signalCode !== undefined && code === ExitCode.Interrupted ? signalCode : code;
