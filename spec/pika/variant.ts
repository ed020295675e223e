import { shortRevision, VERSION_REVISION } from './codeRefs.js';
import type { PikaVersion } from './codeRefs.js';
import { setupOf } from './constants.js';
import type { ReplicationConstants } from './constants.js';
import type { SlaveBgsaveConstants } from './slaveConstants.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `Pika v4.0.1`, or `Pika later (unstable 218b68bb)`. */
export function versionName(version: PikaVersion): string {
  return version === 'later' ? `Pika later (unstable ${shortRevision(VERSION_REVISION.later)})` : `Pika ${version}`;
}

/**
 * One line naming the variant the constants select: the Pika version modelled, what overrides it,
 * how each command is logged, and the clients.
 */
export function replicationVariant(c: ReplicationConstants): string {
  const setup = setupOf(c);
  const scope =
    c.lockScope === 'version'
      ? `lock scope ${setup.lockScope}`
      : `lock scope ${setup.lockScope} (given${setup.lockScope === 'none' ? ': no release has it' : `: the write path of ${setup.writePathVersion}`})`;
  const writers = setup.clients.filter((client) => !setup.flushClients.has(client));
  const commands = [...new Set(writers.map((client) => setup.commandOf(client)))];
  const logging = commands
    .map((command) => `${command.toUpperCase()} logged ${setup.loggingOf(command) === 'value' ? 'as its value' : 'as received'}`)
    .join(', ');
  const format = c.binlogFormat === 'version' ? logging : `${logging} (binlog format ${c.binlogFormat} given)`;
  return [
    `${versionName(setup.version)}: ${scope}, ${format}`,
    plural(c.clients, 'client'),
    plural(c.keys, 'key'),
    `${plural(c.ops, 'op')} per client`,
    c.servePath > 0 ? `${c.servePath} on the serve path` : 'no serve path',
    ...(c.migrate > 0 ? [`${plural(c.migrate, 'slot-migration thread')} (migrate scope ${c.migrateScope})`] : []),
    ...(c.execFlush > 0 ? [`${plural(c.execFlush, 'FLUSHDB inside EXEC')} (scope ${c.execFlushScope})`] : []),
    ...(c.flushall > 0 ? [`${plural(c.flushall, 'FLUSHALL client')} (scope ${c.flushallScope}) over ${plural(c.dbs, 'DB')}, DB ${c.db} modelled`] : []),
    c.flush > 0 ? `${plural(c.flush, 'FLUSHDB client')} (flush scope ${c.flushScope})` : 'no FLUSHDB',
    ...(c.bgsaveSpan === 'whole' ? ['bgsave runs from BgSaveDB to FinishBgsave'] : []),
  ].join(', ');
}

/** One line naming the slave-bgsave variant: the version its steps cite, the offset source and the sizes. */
export function slaveBgsaveVariant(c: SlaveBgsaveConstants): string {
  return [
    `${versionName(c.pikaVersion as PikaVersion)}: offset source ${c.offsetSource}`,
    `${c.entries} ${c.entries === 1 ? 'entry' : 'entries'}`,
    plural(c.keys, 'key'),
    ...(c.crashes > 0 ? [`up to ${plural(c.crashes, 'crash')} (resume from ${c.resumeFrom})`] : []),
  ].join(', ').replace('crashs', 'crashes');
}
