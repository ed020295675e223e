import { exists } from '../../checker/index.js';
import type { ActionDefinition } from '../../checker/index.js';
import { codeSource } from './codeRefs.js';
import type { CodeRef } from './codeRefs.js';
import { COMMAND_INFO } from './commands.js';
import type { ReplicationSetup, Role } from './constants.js';
import { FlushKey, NoKey } from './modelValues.js';
import { orderOf, stepsUsed } from './order.js';
import type { ClientStep } from './order.js';
import { EXEC_FLUSH, FLUSHALL, FLUSHALL_FIX, FLUSHDB, FLUSHDB_FIX, MIGRATE, SERVE_PATH, WRITE_PATH } from './sources.js';
import { constantMap, Entry, writeId } from './state.js';
import type { ReplicationState } from './state.js';

type Action = ActionDefinition<ReplicationState>;
type Code = { readonly [step: string]: CodeRef };

/** TLA+'s Exclusive: bgsave or a FLUSHDB holds dbs_rw_ exclusively. */
export function exclusive(s: ReplicationState): boolean {
  return s.bg === 'locked' || s.bg === 'captured' || s.writer !== NoKey;
}

/** True while bgsave runs, when its whole span is modelled: FlushDBWithoutLock refuses then. */
export function bgsaving(s: ReplicationState): boolean {
  return s.bg === 'started' || s.bg === 'copying';
}

/**
 * The per-client actions of PikaReplication.tla's Next, in its order, each over the clients. Steps
 * that no client of this variant takes are left out: they could never be enabled.
 */
export function clientActions(setup: ReplicationSetup): { [name: string]: Action } {
  const order = orderOf(setup);
  const params = [setup.clients];
  const zeros = constantMap(setup.keys, 0);
  const role = setup.roleOf;
  const flushes = (c: string) => role(c) === 'flush' || role(c) === 'execFlush' || role(c) === 'flushall';
  const at = (s: ReplicationState, c: string, step: ClientStep): boolean => {
    const done = s.done.get(c) as number;
    return done < setup.ops && order(c)[(s.step.get(c) as number) - 1] === step;
  };
  // After a client's last step its command is complete: back to its first step, the key released.
  const next = (s: ReplicationState, c: string) => {
    const n = s.step.get(c) as number;
    if (n < order(c).length) return { step: s.step.set(c, n + 1) };
    return { step: s.step.set(c, 1), done: s.done.update(c, (d) => (d as number) + 1), key: s.key.set(c, NoKey), res: s.res.set(c, 0) };
  };
  const idOf = (s: ReplicationState, c: string) => writeId(c, s.done.get(c) as number);
  // FLUSHDB's and FLUSHALL's current_key() is empty: they lock FlushKey, which no data write uses.
  const keysFor = (c: string): readonly string[] => (role(c) === 'flush' || role(c) === 'flushall' ? [FlushKey] : setup.keys);

  // Each role takes its steps in other Pika code; a step a role never takes cites the code that has it.
  const writeCode = WRITE_PATH[setup.writePathVersion];
  // FLUSHALL is modelled from v4.0.1 on (validation refuses it at v4.0.0).
  const flushallVersion = setup.version === 'v4.0.0' ? 'v4.0.1' : setup.version;
  const codeOf: { readonly [R in Role]: Code } = {
    plain: writeCode,
    serve: SERVE_PATH[setup.version],
    migrate: MIGRATE[setup.version],
    execFlush: EXEC_FLUSH[setup.version],
    flushall:
      setup.flushallScope === 'flush'
        ? FLUSHALL[flushallVersion]
        : { ...FLUSHALL[flushallVersion], DoBinlog: FLUSHALL_FIX[flushallVersion], DoBinlogOtherDb: FLUSHALL_FIX[flushallVersion] },
    flush: setup.flushScope === 'flush' ? FLUSHDB[setup.version] : { ...FLUSHDB[setup.version], DoBinlog: FLUSHDB_FIX[setup.version] },
  };
  const sourceOf =
    (step: ClientStep) =>
    (c: string): string =>
      codeSource((codeOf[role(c)][step] ?? [codeOf.plain, codeOf.flush, codeOf.flushall].map((code) => code[step]).find((ref) => ref !== undefined)) as CodeRef);

  const entryOf = (s: ReplicationState, c: string): Entry => {
    const common = { id: idOf(s, c), key: s.key.get(c) as string };
    if (flushes(c)) return Entry({ ...common, kind: 'flush', val: 0 });
    if (role(c) === 'migrate') return Entry({ ...common, kind: 'del', val: 0 });
    const command = setup.commandOf(c);
    if (setup.loggingOf(command) === 'op') return Entry({ ...common, kind: command, val: 0 });
    return Entry({ ...common, kind: 'set', val: s.res.get(c) as number });
  };
  // Since v4.0.1 a FLUSHDB that FlushDBWithoutLock refused (during a bgsave) writes no entry; v4.0.0 writes it anyway (#2790).
  const logs = (s: ReplicationState, c: string): boolean =>
    !((role(c) === 'flush' || role(c) === 'flushall') && setup.version !== 'v4.0.0' && !s.applied.has(idOf(s, c)));

  const doCommand = (s: ReplicationState, c: string): ReplicationState | false => {
    const id = idOf(s, c);
    if (flushes(c)) {
      // FlushDBWithoutLock refuses while bgsave runs; the command goes on without flushing.
      if (bgsaving(s)) return s.merge(next(s, c));
      return s.merge({ db: zeros, applied: s.applied.add(id), ...next(s, c) });
    }
    const k = s.key.get(c) as string;
    if (role(c) === 'migrate') return s.merge({ db: s.db.set(k, 0), applied: s.applied.add(id), ...next(s, c) });
    const command = setup.commandOf(c);
    const value = (s.db.get(k) as number) + COMMAND_INFO[command].delta;
    const res = setup.loggingOf(command) === 'value' ? s.res.set(c, value) : s.res;
    return s.merge({ db: s.db.set(k, value), res, applied: s.applied.add(id), ...next(s, c) });
  };

  const all: { [K in ClientStep]: Action } = {
    LockKey: {
      params,
      source: sourceOf('LockKey'),
      description: 'take the record lock on a free key (FLUSHDB: on the empty key)',
      next: (s: ReplicationState, c: string) =>
        at(s, c, 'LockKey') &&
        exists(keysFor(c), (k) => s.recLock.get(k) === NoKey && s.merge({ recLock: s.recLock.set(k, c), key: s.key.set(c, k), ...next(s, c) })),
    },
    LockShared: {
      params,
      source: sourceOf('LockShared'),
      description: 'take dbs_rw_ shared; blocked while bgsave or FLUSHDB holds it exclusively',
      next: (s: ReplicationState, c: string) => at(s, c, 'LockShared') && !exclusive(s) && s.merge({ readers: s.readers.add(c), ...next(s, c) }),
    },
    DoCommand: {
      params,
      source: sourceOf('DoCommand'),
      description:
        "write the data: the client's command on its key (INCR adds 1, DECR takes 1), a migrated key's delete (on any key, when the migration holds no lock), or FLUSHDB empties every key (unless bgsave runs)",
      next: (s: ReplicationState, c: string) => {
        if (!at(s, c, 'DoCommand')) return false;
        // The slot migration takes no record lock: it deletes whichever key it migrates.
        if (role(c) === 'migrate' && s.key.get(c) === NoKey) return exists(setup.keys, (k) => doCommand(s.set('key', s.key.set(c, k)), c));
        return doCommand(s, c);
      },
    },
    DoBinlog: {
      params,
      source: sourceOf('DoBinlog'),
      description: 'append the binlog entry; the producer offset moves past it atomically',
      next: (s: ReplicationState, c: string) =>
        at(s, c, 'DoBinlog') && s.merge({ ...(logs(s, c) ? { binlog: s.binlog.push(entryOf(s, c)) } : {}), ...next(s, c) }),
    },
    DoBinlogOtherDb: {
      params,
      source: sourceOf('DoBinlogOtherDb'),
      description: "FLUSHALL appends the FLUSHDB entry of another DB to that DB's binlog: nothing changes in the modelled DB",
      next: (s: ReplicationState, c: string) => at(s, c, 'DoBinlogOtherDb') && s.merge(next(s, c)),
    },
    UnlockShared: {
      params,
      source: sourceOf('UnlockShared'),
      description: 'release dbs_rw_ shared',
      next: (s: ReplicationState, c: string) => at(s, c, 'UnlockShared') && s.merge({ readers: s.readers.remove(c), ...next(s, c) }),
    },
    UnlockKey: {
      params,
      source: sourceOf('UnlockKey'),
      description: 'release the record lock: the command is complete',
      next: (s: ReplicationState, c: string) =>
        at(s, c, 'UnlockKey') && s.merge({ recLock: s.recLock.set(s.key.get(c) as string, NoKey), ...next(s, c) }),
    },
    LockExclusive: {
      params,
      source: sourceOf('LockExclusive'),
      description: 'FLUSHDB (or EXEC with a FLUSHDB) takes dbs_rw_ exclusively; waits for the readers to drain',
      next: (s: ReplicationState, c: string) =>
        at(s, c, 'LockExclusive') &&
        !exclusive(s) &&
        s.readers.isEmpty() &&
        // EXEC takes no record lock for its FLUSHDB; its key marks the command in flight as a flush.
        s.merge({ writer: c, ...(role(c) === 'execFlush' ? { key: s.key.set(c, FlushKey) } : {}), ...next(s, c) }),
    },
    UnlockExclusive: {
      params,
      source: sourceOf('UnlockExclusive'),
      description: 'FLUSHDB (or EXEC) releases dbs_rw_',
      next: (s: ReplicationState, c: string) => at(s, c, 'UnlockExclusive') && s.merge({ writer: NoKey, ...next(s, c) }),
    },
  };

  const used = stepsUsed(setup);
  return Object.fromEntries(Object.entries(all).filter(([name]) => used.has(name as ClientStep)));
}
