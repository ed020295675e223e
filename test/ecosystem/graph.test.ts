import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { exploreGraph } from '../../checker/explore/graph.js';
import { compile } from '../../checker/index.js';
import { replication } from '../../spec/pika/index.js';
import { cli, exampleTs, refuses, tempDir } from './helpers.js';

describe('--dump-graph', () => {
  it('writes the whole state graph of the race in DOT, violating states marked', async () => {
    const path = join(tempDir(), 'race.dot');
    const run = await cli(['check', '--dump-graph', path, '--quiet']);
    assert.equal(run.code, 12);
    const dot = readFileSync(path, 'utf8');
    assert.match(dot, /^digraph "PikaReplication" \{\n/);
    assert.match(dot, /\}\n$/);
    const nodes = dot.match(/^ {2}s\d+ \[label=/gm) ?? [];
    assert.equal(nodes.length, 255, 'every reachable state, as check counts them');
    assert.match(dot, /^ {2}s0 \[.*peripheries=2/m);
    const violating = dot.split('\n').filter((line) => line.includes('color="red"'));
    assert.ok(violating.length > 0);
    assert.ok(violating.some((line) => line.includes('✗ SnapshotCoversApplied')));
    assert.match(dot, /^ {2}s\d+ -> s\d+ \[label="DoBinlog\(c1\)"\];$/m);
  });

  it('marks the states of the example whose non-atomic snapshot breaks SnapshotMatchesLog', async () => {
    const path = join(tempDir(), 'log.dot');
    const run = await cli(['check', '--spec', exampleTs('snapshotLog'), '--const', 'atomicSnapshot=false', '--dump-graph', path, '--quiet']);
    assert.equal(run.code, 12);
    const red = readFileSync(path, 'utf8').split('\n').filter((l) => l.includes('color="red"'));
    assert.ok(red.length >= 1 && red.every((l) => l.includes('✗ SnapshotMatchesLog') || l.includes('✗ ReplicaConverges')));
  });

  it('refuses a state space above the limit with one line, exit 2, and writes nothing', async () => {
    const path = join(tempDir(), 'big.dot');
    await refuses(['check', '--clients', '3', '--ops', '2', '--lock-scope', 'command+binlog', '--dump-graph', path], /--dump-graph/, /more than 10,000 states/);
    assert.ok(!existsSync(path));
  });

  it('exploreGraph stops as soon as it holds more states than its limit', () => {
    const model = compile(replication);
    assert.deepEqual(exploreGraph(model, { limit: 100 }), { kind: 'tooLarge', limit: 100 });
    const graph = exploreGraph(model, { limit: 255 });
    assert.equal(graph.kind, 'graph');
    if (graph.kind === 'graph') {
      assert.equal(graph.nodes.length, 255);
      assert.equal(graph.edges.length, 388, 'every successor but the initial state: 389 generated − 1');
      assert.equal(graph.nodes.filter((n) => n.initial).length, 1);
      assert.ok(graph.nodes.some((n) => n.violates.includes('SnapshotCoversApplied')));
    }
  });
});
