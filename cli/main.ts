#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { ExitCode } from './exitCodes.js';
import { stdioFailureLine } from './stdio.js';
import { supervise } from './supervisor.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** A standard stream closed or full: one line, exit 74, whatever the run is doing. */
for (const stream of ['stdout', 'stderr'] as const) {
  process[stream].on('error', (error: Error) => {
    const line = stdioFailureLine(stream, error);
    if (stream === 'stdout') process.stderr.write(line ?? `internal error (a bug in pika-mc, please report it): ${error.message}\n`);
    process.exit(line === undefined ? ExitCode.Internal : ExitCode.IoError);
  });
}

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
