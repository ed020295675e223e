#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { ExitCode } from './exitCodes.js';
import { supervise } from './supervisor.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** Stdout closed or full: one line, exit 74, whatever the run is doing. */
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  process.stderr.write(`pika-mc: cannot write to stdout: ${error.code ?? error.message}\n`);
  process.exit(ExitCode.IoError);
});

const run = supervise(process.argv.slice(2), pkg.version, {
  io: {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  },
  exit: (code, when) => {
    if (when === 'now') process.exit(code);
    process.exitCode = code;
  },
});
process.on('SIGINT', () => run.signal('SIGINT'));
process.on('SIGTERM', () => run.signal('SIGTERM'));
