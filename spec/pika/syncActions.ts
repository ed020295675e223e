import type { ActionDefinition } from '../../checker/index.js';
import type { ReplicationSetup } from './constants.js';
import { NoKey } from './modelValues.js';
import { codeSource } from './codeRefs.js';
import { COMMAND_INFO } from './commands.js';
import { BGSAVE_SPAN, SYNC } from './sources.js';
import { constantMap } from './state.js';
import type { ReplicationState } from './state.js';

type Action = ActionDefinition<ReplicationState>;

/** The bgsave and full-sync actions of PikaReplication.tla's Next, in its order. */
export function syncActions(setup: ReplicationSetup): { [name: string]: Action } {
  const zeros = constantMap(setup.keys, 0);
  const code = SYNC[setup.version];
  const span = BGSAVE_SPAN[setup.version];
  // With the whole span, bgsave starts (bgsaving) before its lock and finishes after its file copy.
  const whole = setup.bgsaveWhole;
  const start: { [name: string]: Action } = {
    BgsaveStart: {
      source: codeSource(span.BgsaveStart),
      description: 'bgsave starts: bgsaving is set (under dbs_rw_ shared), before its exclusive section',
      next: (s: ReplicationState) => s.bg === 'idle' && s.writer === NoKey && s.set('bg', 'started'),
    },
  };
  const finish: { [name: string]: Action } = {
    BgsaveFinish: {
      source: codeSource(span.BgsaveFinish),
      description: 'the file copy ends and bgsaving is cleared',
      next: (s: ReplicationState) => s.bg === 'copying' && s.set('bg', 'done'),
    },
  };
  return {
    ...(whole ? start : {}),
    BgsaveLock: {
      source: codeSource(code.BgsaveLock),
      description: 'bgsave takes dbs_rw_ exclusively; waits for readers and any FLUSHDB',
      next: (s: ReplicationState) => s.bg === (whole ? 'started' : 'idle') && s.readers.isEmpty() && s.writer === NoKey && s.set('bg', 'locked'),
    },
    BgsaveCapture: {
      source: codeSource(code.BgsaveCapture),
      description: 'record the binlog producer offset, then capture the data',
      next: (s: ReplicationState) =>
        s.bg === 'locked' && s.merge({ bg: 'captured', snapOff: s.binlog.size, snapDb: s.db, snapApp: s.applied }),
    },
    BgsaveUnlock: {
      source: codeSource(code.BgsaveUnlock),
      description: 'bgsave releases dbs_rw_; the file copy afterwards changes nothing here',
      next: (s: ReplicationState) => s.bg === 'captured' && s.set('bg', whole ? 'copying' : 'done'),
    },
    ...(whole ? finish : {}),
    FullSync: {
      source: codeSource(code.FullSync),
      description: 'the slave loads the dump and resumes the binlog exactly at its recorded offset',
      next: (s: ReplicationState) =>
        s.bg === 'done' && s.sl === 'waiting' && s.merge({ sl: 'synced', slDb: s.snapDb, slOff: s.snapOff, slApp: s.snapApp }),
    },
    SlaveApply: {
      source: codeSource(code.SlaveApply),
      description: 'the slave applies the next binlog entry, with no de-duplication by offset',
      next: (s: ReplicationState) => {
        if (s.sl !== 'synced' || s.slOff >= s.binlog.size) return false;
        const e = s.binlog.get(s.slOff)!;
        const slDb =
          e.kind === 'flush'
            ? zeros
            : e.kind === 'set'
              ? s.slDb.set(e.key, e.val)
              : e.kind === 'del'
                ? s.slDb.set(e.key, 0)
                : s.slDb.update(e.key, (v) => (v as number) + COMMAND_INFO[e.kind as keyof typeof COMMAND_INFO].delta);
        return s.merge({
          slDb,
          dups: s.slApp.has(e.id) ? s.dups.add(e.id) : s.dups,
          slApp: s.slApp.add(e.id),
          slOff: s.slOff + 1,
        });
      },
    },
  };
}
