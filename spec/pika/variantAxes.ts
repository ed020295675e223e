import { UNSTABLE_COMMIT } from './codeRefs.js';
import { COMMANDS } from './commands.js';

/** Lock scopes, binlog formats and the other variant axes, each with what it models. */
export const VARIANT_AXES: readonly { readonly option: string; readonly values: readonly { readonly value: string; readonly meaning: string }[] }[] = [
  {
    option: '--pika-version',
    values: [
      { value: 'v4.0.0', meaning: 'lock scope command, every command logged as received; the steps cite v4.0.0 [default; slave-bgsave: v4.0.1]' },
      { value: 'v4.0.1', meaning: 'lock scope command+binlog (#2818); INCR and INCRBY logged as PKSETEXAT key ts value (#2833), the others as received' },
      { value: 'later', meaning: `unstable at ${UNSTABLE_COMMIT.slice(0, 8)}: behaves as v4.0.1 on every modelled path; the steps cite that commit` },
    ],
  },
  {
    option: '--commands <list>',
    values: [
      { value: 'incr,decr,…', meaning: `the command of c1, c2, … (cycled): ${COMMANDS.join(', ')}; one key type per run [default: incr]` },
    ],
  },
  {
    option: '--lock-scope',
    values: [
      { value: 'version', meaning: "as --pika-version: command up to v4.0.0, command+binlog since v4.0.1 [default]" },
      { value: 'none', meaning: 'no dbs_rw_ on the write path at all (a baseline, no Pika version)' },
      { value: 'command', meaning: 'shared dbs_rw_ around DoCommand only; DoBinlog after the unlock: Pika up to v4.0.0 (the #2805 race)' },
      { value: 'command+binlog', meaning: 'shared dbs_rw_ around DoCommand and DoBinlog: Pika since PR #2818 (v4.0.1)' },
    ],
  },
  {
    option: '--binlog-format',
    values: [
      { value: 'version', meaning: 'each command as --pika-version logs it (INCR, INCRBY as their value since v4.0.1) [default]' },
      { value: 'op', meaning: 'every command logged as received: replaying an INCR twice counts twice (as before PR #2833)' },
      { value: 'value', meaning: 'every command logged as the value it produced (PKSETEXAT): idempotent on replay' },
    ],
  },
  {
    option: '--serve-path <n>',
    values: [
      {
        value: 'n',
        meaning:
          'the n highest-numbered non-FLUSHDB clients write on the BLPOP/BRPOP serve path (BlockingBaseCmd::ServeAndUnblockConns): record lock only, never dbs_rw_, whatever the lock scope (not reported upstream) [default 0]',
      },
    ],
  },
  {
    option: '--flush <n> / --flush-scope',
    values: [
      { value: 'flush', meaning: 'FLUSHDB as Pika: exclusive dbs_rw_ around the flush only, DoBinlog after the unlock (FlushdbCmd::Do) [default]' },
      { value: 'flush+binlog', meaning: 'candidate fix: the exclusive lock also covers the flush\'s DoBinlog' },
    ],
  },
  {
    option: '--migrate <n> / --migrate-scope',
    values: [
      { value: 'none', meaning: 'slot migration as Pika: DeleteKey, then a DEL entry, with no record lock and no dbs_rw_ (PikaParseSendThread::DelKeysAndWriteBinlog) [default]' },
      { value: 'command+binlog', meaning: 'candidate fix: the record lock and dbs_rw_ shared around each delete and its DEL entry' },
    ],
  },
  {
    option: '--exec-flush <n> / --exec-flush-scope',
    values: [
      { value: 'flush', meaning: 'FLUSHDB inside MULTI/EXEC as Pika: flushed under EXEC\'s exclusive lock, and no binlog entry at all (ExecCmd::Do) [default]' },
      { value: 'flush+binlog', meaning: 'candidate fix: its binlog entry written under the same lock' },
    ],
  },
  {
    option: '--flushall <n> / --flushall-scope (--dbs <n>, --db <i>)',
    values: [
      { value: 'flush', meaning: "FLUSHALL as Pika since v4.0.1: every DB's lock released, then a FLUSHDB entry per DB, DB by DB (FlushallCmd::Do, ::DoBinlog); the model holds DB i of n [default]" },
      { value: 'flush+binlog', meaning: "candidate fix: each DB's entry written before the locks are released" },
    ],
  },
  {
    option: '--bgsave-span',
    values: [
      { value: 'lock', meaning: 'bgsave is its exclusive section only (the TLC model) [default]' },
      { value: 'whole', meaning: 'bgsave runs from BgSaveDB to FinishBgsave, its file copy included; FLUSHDB refuses to flush meanwhile (v4.0.0 still logs it, #2790)' },
    ],
  },
  {
    option: '--offset-source (--model slave-bgsave)',
    values: [
      { value: 'binlog', meaning: 'as Pika: a slave\'s bgsave records its binlog producer offset, ahead of queued DB writes [default]' },
      { value: 'applied', meaning: 'naive fix: record the longest fully applied prefix (wrong once keys have their own workers)' },
      { value: 'drain', meaning: 'fix: bgsave waits until every queued DB write is applied' },
    ],
  },
  {
    option: '--crashes <n> / --resume-from (--model slave-bgsave)',
    values: [
      { value: 'binlog', meaning: 'as Pika: a slave restarted after a crash resumes at its binlog offset, past the DB writes the crash lost [default]' },
      { value: 'applied', meaning: 'naive fix: resume at the applied prefix (re-applies what another worker applied past it)' },
      { value: 'applied+dedupe', meaning: 'fix: resume at the applied prefix and skip entries already applied' },
    ],
  },
];
