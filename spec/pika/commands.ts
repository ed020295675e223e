import { at, VERSION_REVISION } from './codeRefs.js';
import type { CodeRef, PikaVersion } from './codeRefs.js';

/** The write commands a client of the replication model can run. */
export const COMMANDS = ['incr', 'incrby', 'decr', 'decrby', 'hincrby', 'zincrby', 'lpush', 'lpop'] as const;

/** A write command of the model. */
export type Command = (typeof COMMANDS)[number];

/** How a release writes a command into the binlog: as received, or as the value it produced. */
export type Logging = 'op' | 'value';

/** A command: its type (commands of two types cannot share a key) and its effect on the key's value. */
export interface CommandInfo {
  readonly type: 'string' | 'hash' | 'zset' | 'list';
  /**
   * +1 or -1 on the key's value: a counter for the numeric commands, the length of the list for
   * LPUSH and LPOP (counted from the elements the list starts with, so a pop always finds one).
   */
  readonly delta: 1 | -1;
  /** The first modelled version that logs it as `PKSETEXAT key ts value` (PR #2833); never, when absent. */
  readonly valueSince?: PikaVersion;
}

/** The commands, by name. */
export const COMMAND_INFO: { readonly [C in Command]: CommandInfo } = {
  incr: { type: 'string', delta: 1, valueSince: 'v4.0.1' },
  incrby: { type: 'string', delta: 1, valueSince: 'v4.0.1' },
  decr: { type: 'string', delta: -1 },
  decrby: { type: 'string', delta: -1 },
  hincrby: { type: 'hash', delta: 1 },
  zincrby: { type: 'zset', delta: 1 },
  lpush: { type: 'list', delta: 1 },
  lpop: { type: 'list', delta: -1 },
};

const ORDER: readonly PikaVersion[] = ['v4.0.0', 'v4.0.1', 'later'];

/** How `version` logs `command` (PR #2833 is in v4.0.1, after #2818). */
export function releaseLogging(command: Command, version: PikaVersion): Logging {
  const since = COMMAND_INFO[command].valueSince;
  return since !== undefined && ORDER.indexOf(version) >= ORDER.indexOf(since) ? 'value' : 'op';
}

const KV = 'src/pika_kv.cc';
const CMD = 'src/pika_command.cc';

/** Where a release decides what a command's binlog entry is: its own ToRedisProtocol, or Cmd's (argv as received). */
export function loggingSource(command: Command, version: PikaVersion): CodeRef {
  const ref = at(VERSION_REVISION[version]);
  if (releaseLogging(command, version) === 'value') {
    const lines: { readonly [V in PikaVersion]?: { readonly [name: string]: readonly [number, number] } } = {
      'v4.0.1': { incr: [285, 309], incrby: [349, 373] },
      later: { incr: [288, 312], incrby: [352, 376] },
    };
    const span = lines[version]?.[command] as readonly [number, number];
    const cls = command === 'incr' ? 'IncrCmd' : 'IncrbyCmd';
    return ref(KV, `${cls}::ToRedisProtocol`, span, 'logs PKSETEXAT key ts new_value (#2833)');
  }
  const base: { readonly [V in PikaVersion]: readonly [number, number] } = { 'v4.0.0': [1014, 1025], 'v4.0.1': [1037, 1048], later: [1044, 1055] };
  return ref(CMD, 'Cmd::ToRedisProtocol', base[version], 'logs the command as received (no override for it)');
}

/** Parses the `commands` constant: a comma list of commands, or a message naming what is wrong. */
export function parseCommands(text: string): readonly Command[] | string {
  const names = text.split(',').map((s) => s.trim().toLowerCase());
  const unknown = names.find((n) => !(COMMANDS as readonly string[]).includes(n));
  if (names.length === 0 || unknown !== undefined) {
    return `constant 'commands' must be a comma list of ${COMMANDS.join(', ')}, got ${JSON.stringify(text)}`;
  }
  const commands = names as Command[];
  const types = new Set(commands.map((c) => COMMAND_INFO[c].type));
  if (types.size > 1) {
    return `constant 'commands' mixes key types (${[...types].join(', ')}) on the same keys, which Pika refuses (WRONGTYPE), got ${JSON.stringify(text)}`;
  }
  return commands;
}
