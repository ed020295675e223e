import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BENCH_CONFIGS } from '../../bench/configs.js';
import type { BenchConfig } from '../../bench/configs.js';
import { tlaConstantsOf, tlcConfigText, tlcWrapperText } from '../../bench/tlcModel.js';
import type { TlaConstants } from '../../bench/tlcModel.js';

const row = (name: string): BenchConfig => {
  const found = BENCH_CONFIGS.find((c) => c.name === name);
  assert.ok(found, name);
  return found;
};

const constantsOf = (config: BenchConfig): TlaConstants => {
  const constants = tlaConstantsOf(config);
  assert.equal(typeof constants, 'object', String(constants));
  return constants as TlaConstants;
};

describe('the TLA+ counterpart of a bench row', () => {
  it('writes the .cfg of Pika 3/2/2 from its constants: the core model, every invariant, no deadlock check', () => {
    assert.equal(
      tlcConfigText(constantsOf(row('Pika 3/2/2')), false),
      [
        'CONSTANTS',
        '  Clients = {c1, c2, c3}',
        '  Keys = {k1, k2}',
        '  OpsPerClient = 2',
        '  LockScope = "command+binlog"',
        '  BinlogFormat = "op"',
        '  NoKey = NoKey',
        '  ServePath = {}',
        '  FlushClients = {}',
        '  FlushKey = FlushKey',
        '  FlushScope = "flush"',
        'SPECIFICATION Spec',
        'INVARIANTS SnapshotCoversApplied OffsetNotAhead NoDuplicateApply ReplicaConverges',
        'CHECK_DEADLOCK FALSE',
        '',
      ].join('\n'),
    );
  });

  it('names the symmetry set in the .cfg of a row that uses symmetry, and only there', () => {
    const symmetric = row('Pika 3/2/2 symmetry');
    const text = tlcConfigText(constantsOf(symmetric), symmetric.symmetry === true);
    assert.match(text, /^SYMMETRY BenchSymmetry$/m);
    assert.match(text, /^ {2}Clients = \{c1, c2, c3\}$/m);
    assert.doesNotMatch(tlcConfigText(constantsOf(row('Pika 4/2/1')), false), /SYMMETRY/);
    assert.match(tlcConfigText(constantsOf(row('Pika 4/2/1')), false), /^ {2}Clients = \{c1, c2, c3, c4\}$/m);
  });

  it('wraps the model in a module that extends it and defines the symmetry set over clients and keys', () => {
    assert.equal(
      tlcWrapperText('PikaReplication'),
      '---- MODULE PikaMcBench ----\nEXTENDS PikaReplication, TLC\nBenchSymmetry == Permutations(Clients) \\cup Permutations(Keys)\n====\n',
    );
  });

  it('gives every Pika row a counterpart, and says why a row has none', () => {
    for (const config of BENCH_CONFIGS.filter((c) => c.model === 'replication')) assert.equal(typeof tlaConstantsOf(config), 'object', config.name);
    assert.equal(tlaConstantsOf(row('ReadersWriters NumActors=3')), 'the bench has no TLA+ model for readers-writers');
    const pika = row('Pika 3/2/1');
    assert.equal(tlaConstantsOf({ ...pika, constants: { ...pika.constants, servePath: 1 } }), 'the TLA+ model has no servePath');
    assert.match(String(tlaConstantsOf({ ...pika, constants: { ...pika.constants, lockScope: 'version' } })), /leaves lockScope to the Pika version/);
    const { binlogFormat: _dropped, ...withoutFormat } = pika.constants;
    assert.match(String(tlaConstantsOf({ ...pika, constants: withoutFormat })), /leaves binlogFormat to the Pika version/);
  });
});
