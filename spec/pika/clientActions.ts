import { exists } from '../../checker/index.js';
import type { ActionDefinition } from '../../checker/index.js';
import type { ReplicationSetup } from './constants.js';
import { FlushKey, NoKey } from './modelValues.js';
import { orderOf, stepsUsed } from './order.js';
import type { ClientStep } from './order.js';
import { codeSource } from './codeRefs.js';
import { COMMAND_INFO } from './commands.js';
import { FLUSHDB, SERVE_PATH, WRITE_PATH } from './sources.js';
import type { FlushStep } from './sources.js';
import type { CodeRef } from './codeRefs.js';
import { constantMap, Entry, writeId } from './state.js';
import type { ReplicationState } from './state.js';

type Action = ActionDefinition<ReplicationState>;

/** TLA+'s Exclusive: bgsave or a FLUSHDB holds dbs_rw_ exclusively. */
export function exclusive(s: ReplicationState): boolean {
  return s.bg === 'locked' || s.bg === 'captured' || s.writer !== NoKey;
}

/**
 * The per-client actions of PikaReplication.tla's Next, in its order, each over the clients. Steps
 * that no client of this variant takes are left out: they could never be enabled.
 */
export function clientActions(setup: ReplicationSetup): { [name: string]: Action } {
  const order = orderOf(setup);
  const params = [setup.clients];
  const zeros = constantMap(setup.keys, 0);
  const at = (s: ReplicationState, c: string, step: ClientStep): boolean => {
    const done = s.done.get(c) as number;
    return done < setup.ops && order(c)[(s.step.get(c) as number) - 1] === step;
  };
  const advance = (s: ReplicationState, c: string) => s.step.update(c, (n) => (n as number) + 1);
  const idOf = (s: ReplicationState, c: string) => writeId(c, s.done.get(c) as number);
  // FLUSHDB's current_key() is empty: it locks FlushKey, which no data write uses.
  const keysFor = (c: string): readonly string[] => (setup.flushClients.has(c) ? [FlushKey] : setup.keys);

  // A serve-path or FLUSHDB client takes the same step in other Pika code than an ordinary write.
  const writeCode = WRITE_PATH[setup.writePathVersion];
  // Steps a role never takes (a plain client's LockExclusive) cite the code that has them.
  const sourceOf =
    (step: ClientStep) =>
    (c: string): string => {
      const role: { readonly [step: string]: CodeRef } = setup.flushClients.has(c)
        ? FLUSHDB[setup.version]
        : setup.servePath.has(c)
          ? SERVE_PATH[setup.version]
          : writeCode;
      return codeSource(role[step] ?? (writeCode as { readonly [step: string]: CodeRef })[step] ?? FLUSHDB[setup.version][step as FlushStep]);
    };

  const entryOf = (s: ReplicationState, c: string): Entry => {
    const common = { id: idOf(s, c), key: s.key.get(c) as string };
    if (setup.flushClients.has(c)) return Entry({ ...common, kind: 'flush', val: 0 });
    const command = setup.commandOf(c);
    if (setup.loggingOf(command) === 'op') return Entry({ ...common, kind: command, val: 0 });
    return Entry({ ...common, kind: 'set', val: s.res.get(c) as number });
  };

  const all: { [K in ClientStep]: Action } = {
    LockKey: {
      params,
      source: sourceOf('LockKey'),
      description: 'take the record lock on a free key (FLUSHDB: on the empty key)',
      next: (s: ReplicationState, c: string) =>
        at(s, c, 'LockKey') &&
        exists(keysFor(c), (k) =>
          s.recLock.get(k) === NoKey && s.merge({ recLock: s.recLock.set(k, c), key: s.key.set(c, k), step: advance(s, c) }),
        ),
    },
    LockShared: {
      params,
      source: sourceOf('LockShared'),
      description: 'take dbs_rw_ shared; blocked while bgsave or FLUSHDB holds it exclusively',
      next: (s: ReplicationState, c: string) =>
        at(s, c, 'LockShared') && !exclusive(s) && s.merge({ readers: s.readers.add(c), step: advance(s, c) }),
    },
    DoCommand: {
      params,
      source: sourceOf('DoCommand'),
      description: "write the data: the client's command on its key (INCR adds 1, DECR takes 1), or FLUSHDB empties every key",
      next: (s: ReplicationState, c: string) => {
        if (!at(s, c, 'DoCommand')) return false;
        const applied = s.applied.add(idOf(s, c));
        if (setup.flushClients.has(c)) return s.merge({ db: zeros, applied, step: advance(s, c) });
        const k = s.key.get(c) as string;
        const command = setup.commandOf(c);
        const value = (s.db.get(k) as number) + COMMAND_INFO[command].delta;
        const res = setup.loggingOf(command) === 'value' ? s.res.set(c, value) : s.res;
        return s.merge({ db: s.db.set(k, value), res, applied, step: advance(s, c) });
      },
    },
    DoBinlog: {
      params,
      source: sourceOf('DoBinlog'),
      description: 'append the binlog entry; the producer offset moves past it atomically',
      next: (s: ReplicationState, c: string) =>
        at(s, c, 'DoBinlog') && s.merge({ binlog: s.binlog.push(entryOf(s, c)), step: advance(s, c) }),
    },
    UnlockShared: {
      params,
      source: sourceOf('UnlockShared'),
      description: 'release dbs_rw_ shared',
      next: (s: ReplicationState, c: string) =>
        at(s, c, 'UnlockShared') && s.merge({ readers: s.readers.remove(c), step: advance(s, c) }),
    },
    UnlockKey: {
      params,
      source: sourceOf('UnlockKey'),
      description: 'release the record lock: the command is complete',
      next: (s: ReplicationState, c: string) =>
        at(s, c, 'UnlockKey') &&
        s.merge({
          recLock: s.recLock.set(s.key.get(c) as string, NoKey),
          key: s.key.set(c, NoKey),
          step: s.step.set(c, 1),
          done: s.done.update(c, (n) => (n as number) + 1),
          res: s.res.set(c, 0),
        }),
    },
    LockExclusive: {
      params,
      source: sourceOf('LockExclusive'),
      description: 'FLUSHDB takes dbs_rw_ exclusively; waits for the readers to drain',
      next: (s: ReplicationState, c: string) =>
        at(s, c, 'LockExclusive') && !exclusive(s) && s.readers.isEmpty() && s.merge({ writer: c, step: advance(s, c) }),
    },
    UnlockExclusive: {
      params,
      source: sourceOf('UnlockExclusive'),
      description: 'FLUSHDB releases dbs_rw_',
      next: (s: ReplicationState, c: string) => at(s, c, 'UnlockExclusive') && s.merge({ writer: NoKey, step: advance(s, c) }),
    },
  };

  const used = stepsUsed(setup);
  return Object.fromEntries(Object.entries(all).filter(([name]) => used.has(name as ClientStep)));
}
