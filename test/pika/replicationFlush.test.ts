import { describe, it } from 'node:test';
import replication from '../../spec/pika/replication.js';
import { assertCell, REPLICATION_INVARIANTS } from './cells.js';
import type { Cell } from './cells.js';

type Row = readonly [lockScope: string, formats: readonly string[], flushScope: string, cells: readonly [Cell, Cell, Cell, Cell]];

// README "TLC results: FLUSHDB (2 clients, 1 key, 1 op per client, FlushClients = {c2})"; a row
// marked "op or value" holds for both formats.
const FLUSH: readonly Row[] = [
  ['none', ['op', 'value'], 'flush', [5, [760, 1537, 17], 9, 16]],
  ['command', ['op', 'value'], 'flush', [7, [782, 1561, 19], 11, 18]],
  ['command+binlog', ['op', 'value'], 'flush', [7, [503, 1007, 19], 11, 18]],
  ['command', ['op'], 'flush+binlog', [7, [503, 1007, 19], 11, 18]],
  ['command+binlog', ['op'], 'flush+binlog', [[300, 593, 19], [300, 593, 19], [300, 593, 19], [300, 593, 19]]],
];

describe('PikaReplication with a FLUSHDB client (flush: 1, i.e. c2): the README FLUSHDB table', () => {
  for (const [lockScope, formats, flushScope, cells] of FLUSH) {
    for (const binlogFormat of formats) {
      it(`lock scope ${lockScope}, format ${binlogFormat}, flush scope ${flushScope}: every invariant as TLC`, () => {
        REPLICATION_INVARIANTS.forEach((invariant, i) =>
          assertCell(replication, { lockScope, binlogFormat, flush: 1, flushScope }, invariant, cells[i] as Cell),
        );
      });
    }
  }
});
