import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compile } from '../../checker/index.js';
import { instanceOf } from '../../checker/spec/successors.js';
import type { CompiledAction } from '../../checker/spec/compile.js';
import type { State } from '../../checker/index.js';
import { codeSource, codeText, codeUrl, PIKA_VERSIONS, UNSTABLE_COMMIT, VERSION_REVISION } from '../../spec/pika/codeRefs.js';
import type { CodeRef } from '../../spec/pika/codeRefs.js';
import { COMMANDS, loggingSource } from '../../spec/pika/commands.js';
import { replication, slaveBgsave } from '../../spec/pika/index.js';
import { setupOf } from '../../spec/pika/constants.js';
import { orderOf } from '../../spec/pika/order.js';
import { SCENARIOS } from '../../spec/pika/scenarios.js';
import {
  BGSAVE_SPAN,
  CLEAN_STOP,
  EXEC_FLUSH,
  FLUSHALL,
  FLUSHALL_FIX,
  FLUSHDB,
  FLUSHDB_FIX,
  MIGRATE,
  SCHEDULE_WRITE_DB,
  SERVE_PATH,
  SLAVE,
  SLAVE_RESTART,
  SYNC,
  TRY_SYNC_RESPONSE,
  WRITE_PATH,
} from '../../spec/pika/sources.js';

const LINK = /^\[(?<fn>[\w:]+), (?<file>src\/[\w./]+\.cc)#L(?<a>\d+)(?:-L(?<b>\d+))? at (?<at>[\w.]+): (?<what>.+)\]\((?<url>https:\/\/\S+)\)$/;

/** The reference an action instance cites, read back from its Markdown link. */
function cited(action: CompiledAction<State>, tuple: number): { fn: string; what: string; file: string; lines: [number, number]; at: string; url: string } {
  const source = instanceOf(action, tuple, []).source ?? '';
  const m = LINK.exec(source);
  assert.ok(m?.groups, `${action.name}: ${source}`);
  const g = m.groups;
  const a = Number(g['a']);
  return { fn: g['fn']!, what: g['what']!, file: g['file']!, lines: [a, g['b'] ? Number(g['b']) : a], at: g['at']!, url: g['url']! };
}

const every = (table: { readonly [v: string]: { readonly [step: string]: CodeRef } }): CodeRef[] => Object.values(table).flatMap((steps) => Object.values(steps));
const ALL_REFS: CodeRef[] = [
  ...every(WRITE_PATH),
  ...every(SERVE_PATH),
  ...every(FLUSHDB),
  ...every(SYNC),
  ...every(SLAVE),
  ...Object.values(SCHEDULE_WRITE_DB),
  ...[SLAVE_RESTART, TRY_SYNC_RESPONSE, CLEAN_STOP, FLUSHDB_FIX, FLUSHALL_FIX].flatMap((table) => Object.values(table)),
  ...every(MIGRATE),
  ...every(EXEC_FLUSH),
  ...every(BGSAVE_SPAN),
  ...every(FLUSHALL),
  ...PIKA_VERSIONS.flatMap((v) => COMMANDS.map((c) => loggingSource(c, v))),
  ...SCENARIOS.flatMap((s) => s.pikaFunctions),
];

describe('code references: file, function, lines, at a tag or commit', () => {
  it('link to the lines at the tag or commit', () => {
    const ref = WRITE_PATH['v4.0.0'].LockShared;
    assert.equal(codeUrl(ref), 'https://github.com/OpenAtomFoundation/pika/blob/v4.0.0/src/pika_command.cc#L884-L886');
    assert.equal(codeText(ref), 'Cmd::DoCommand, src/pika_command.cc#L884-L886 at v4.0.0: DBLockShared on dbs_rw_, inside DoCommand');
    assert.equal(codeSource(ref), `[${codeText(ref)}](${codeUrl(ref)})`);
    const single = SERVE_PATH['v4.0.1'].LockKey;
    assert.equal(codeUrl(single), 'https://github.com/OpenAtomFoundation/pika/blob/v4.0.1/src/pika_list.cc#L186');
    const unstable = WRITE_PATH.later.DoBinlog;
    assert.equal(codeUrl(unstable), `https://github.com/OpenAtomFoundation/pika/blob/${UNSTABLE_COMMIT}/src/pika_command.cc#L945-L969`);
    assert.match(codeText(unstable), / at 218b68bb: /);
  });

  it('every reference names a source file, a function (Class::function or a free one), an ordered line range and a known revision', () => {
    const revisions = new Set(Object.values(VERSION_REVISION));
    assert.ok(ALL_REFS.length > 80);
    for (const ref of ALL_REFS) {
      const where = JSON.stringify(ref);
      assert.match(ref.file, /^src\/(pika_\w+|net\/src\/\w+)\.cc$/, where);
      assert.match(ref.function, /^(\w+::)?\w+$/, where);
      assert.ok(Number.isInteger(ref.lines[0]) && ref.lines[0] >= 1 && ref.lines[1] >= ref.lines[0], where);
      assert.ok(revisions.has(ref.at), where);
      assert.ok(ref.what.length > 5, where);
    }
  });
});

describe('every action of both Pika specs cites the code of the version it models', () => {
  const variants = PIKA_VERSIONS.flatMap((pikaVersion) =>
    ['version', 'none', 'command', 'command+binlog'].map((lockScope) => ({
      pikaVersion,
      lockScope,
      clients: 7,
      servePath: 1,
      migrate: 1,
      execFlush: 1,
      flushall: pikaVersion === 'v4.0.0' ? 0 : 1,
      dbs: 2,
      db: 2,
      flush: 1,
      bgsaveSpan: 'whole',
    })),
  );

  for (const constants of variants) {
    it(`replication, ${constants.pikaVersion}, lock scope ${constants.lockScope}, every role`, () => {
      const model = compile(replication, constants);
      const setup = setupOf({ ...replication.defaults, ...constants });
      const order = orderOf(setup);
      const version = VERSION_REVISION[setup.version];
      const writePath = VERSION_REVISION[setup.writePathVersion];
      for (const action of model.actions) {
        action.tuples.forEach((tuple, t) => {
          const ref = cited(action, t);
          assert.equal(ref.url, `https://github.com/OpenAtomFoundation/pika/blob/${ref.at.length === 8 ? VERSION_REVISION.later : ref.at}/${ref.file}#L${ref.lines[0]}${ref.lines[1] !== ref.lines[0] ? `-L${ref.lines[1]}` : ''}`);
          const client = tuple[0] as string | undefined;
          const takes = client !== undefined && order(client).includes(action.name as never);
          // An ordinary write cites the write path of its lock scope's version; every other step the version's.
          const expected = client !== undefined && takes && setup.roleOf(client) === 'plain' ? writePath : version;
          if (takes || client === undefined) assert.ok(expected.startsWith(ref.at), `${action.name}(${client ?? ''}): ${ref.at}, expected ${expected}`);
          else assert.ok([version, writePath].some((r) => r.startsWith(ref.at)), `${action.name}(${client}): ${ref.at}`);
        });
      }
    });
  }

  for (const pikaVersion of PIKA_VERSIONS) {
    it(`slave-bgsave, ${pikaVersion}`, () => {
      const model = compile(slaveBgsave, { pikaVersion, crashes: 1 });
      for (const action of model.actions) action.tuples.forEach((_, t) => assert.ok(VERSION_REVISION[pikaVersion].startsWith(cited(action, t).at)));
    });
  }

  it('up to v4.0.0 the shared lock is taken and released inside Cmd::DoCommand; since #2818 in InternalProcessCommand', () => {
    const steps = (constants: object) => {
      const model = compile(replication, constants);
      const ref = (name: string) => cited(model.actions.find((a) => a.name === name)!, 0);
      return { lock: ref('LockShared'), unlock: ref('UnlockShared'), binlog: ref('DoBinlog') };
    };
    const old = steps({ pikaVersion: 'v4.0.0' });
    assert.deepEqual([old.lock.fn, old.lock.lines, old.lock.at], ['Cmd::DoCommand', [884, 886], 'v4.0.0']);
    assert.deepEqual([old.unlock.fn, old.unlock.lines], ['Cmd::DoCommand', [887, 891]]);
    assert.ok(old.binlog.lines[0] > old.unlock.lines[1], 'DoBinlog is after the DEFER');
    const fixed = steps({ pikaVersion: 'v4.0.1' });
    assert.deepEqual([fixed.lock.fn, fixed.lock.lines, fixed.lock.at], ['Cmd::InternalProcessCommand', [871, 873], 'v4.0.1']);
    assert.deepEqual([fixed.unlock.fn, fixed.unlock.lines], ['Cmd::InternalProcessCommand', [881, 883]]);
  });

  it("the slave's DB write is inline in HandleBGWorkerWriteDB up to v4.0.0, in WriteDBInSyncWay since v4.0.1", () => {
    const worker = (pikaVersion: string) => cited(compile(slaveBgsave, { pikaVersion }).actions.find((a) => a.name === 'WorkerApply')!, 0);
    assert.equal(worker('v4.0.0').fn, 'PikaReplBgWorker::HandleBGWorkerWriteDB');
    assert.equal(worker('v4.0.1').fn, 'PikaReplBgWorker::WriteDBInSyncWay');
  });

  it("SlaveApply says that ProcessLeaderLog appends and queues, and which version's code it is", () => {
    const apply = (pikaVersion: string) => cited(compile(replication, { pikaVersion }).actions.find((a) => a.name === 'SlaveApply')!, 0);
    assert.deepEqual([apply('v4.0.0').fn, apply('v4.0.0').lines, apply('v4.0.0').at], ['ConsensusCoordinator::ProcessLeaderLog', [341, 353], 'v4.0.0']);
    assert.deepEqual(apply('v4.0.1').lines, [341, 370], 'v4.0.1 adds the synchronous FLUSHDB branch of #2808');
    assert.match(apply('v4.0.1').what, /appends the entry to its binlog and queues its DB write/);
  });
});
