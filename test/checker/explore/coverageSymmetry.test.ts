import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Record } from 'immutable';
import { checkSync, defineSpec } from '../../../checker/index.js';
import { models } from '../../../spec/pika/index.js';
import { uncoveredActions } from '../../../cli/commands/check.js';
import { cli } from '../../cli/run.js';

const Counter = Record({ n: 0 });
type Counter = ReturnType<typeof Counter>;

/** A spec with an action that can never fire (a vacuous step). */
const Vacuous = defineSpec({
  name: 'Vacuous',
  build: () => ({
    init: () => [Counter()],
    actions: {
      Inc: { params: [[1, 2]], next: (s: Counter, by: number) => s.n < 4 && s.set('n', s.n + by) },
      Never: (s: Counter) => s.n < 0 && s.set('n', 0),
    },
    invariants: { Small: (s: Counter) => s.n < 10 },
    terminal: (s: Counter) => s.n >= 4,
  }),
});

describe('action coverage', () => {
  it('counts per action and per instance how often it was enabled, generated and found new states', () => {
    const result = checkSync(Vacuous, { coverage: true });
    const inc = result.coverage?.actions.find((a) => a.name === 'Inc');
    assert.ok(inc);
    assert.equal(inc.generated, result.stats.generated - 1);
    assert.equal(inc.distinct, result.stats.distinct - 1);
    assert.deepEqual(inc.instances.map((i) => i.label), ['Inc(1)', 'Inc(2)']);
    assert.equal(result.coverage?.invariants[0]?.evaluations, result.stats.distinct);
    assert.deepEqual(uncoveredActions(result), ['Never']);
  });

  it('judges coverage against the actions the Pika variant contains', () => {
    const none = checkSync(models.replication.spec, { constants: { lockScope: 'none' }, coverage: true });
    const names = none.coverage?.actions.map((a) => a.name) ?? [];
    assert.ok(!names.includes('LockShared') && !names.includes('LockExclusive'));
    assert.deepEqual(uncoveredActions(none), []);
  });

  it('prints the table with --coverage and carries it in JSON', async () => {
    const text = await cli(['check', '--lock-scope', 'command+binlog', '--coverage']);
    assert.match(text.stdout, /Coverage/);
    assert.match(text.stdout, /LockKey\(c1, k1\)/);
    const json = JSON.parse((await cli(['check', '--lock-scope', 'command+binlog', '--coverage', '--format', 'json'])).stdout);
    assert.ok(json.coverage.actions.some((a: { name: string; generated: number }) => a.name === 'BgsaveCapture' && a.generated > 0));
  });
});
