import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSync, compile } from '../../../checker/index.js';
import type { Constants, Spec, State } from '../../../checker/index.js';
import { followPath, pathFromQuery, pathOf, pathUrl } from '../../../cli/explore/path.js';
import { models } from '../../../spec/pika/index.js';

const model = compile(models.replication.spec as unknown as Spec<State, Constants>, { lockScope: 'command' });
const inits = [...model.init()];

describe('explorer paths', () => {
  it('a trace found by the checker has a path that follows back to the same states', () => {
    const trace = checkSync(model, { invariants: ['ReplicaConverges'] }).invariants[0]?.trace ?? [];
    assert.equal(trace.length, 18);
    const path = pathOf(model, inits, trace);
    assert.ok(path);
    assert.equal(path.keys.length, 17);
    const followed = followPath(model, inits, path);
    assert.equal(followed.ok, true);
    assert.ok(followed.trace.every((step, i) => step.state.equals(trace[i]?.state)));
  });

  it('the URL of a path reads back as the same path, forward steps included', () => {
    const path = { init: 0, keys: ['LockKey(c1, k1)', 'LockShared(c1)'] };
    const url = pathUrl(path, ['DoCommand(c1)']);
    assert.equal(url, '/?s=LockKey%28c1%2C+k1%29&s=LockShared%28c1%29&f=DoCommand%28c1%29');
    assert.deepEqual(pathFromQuery(new URL(url, 'http://x').searchParams), { path, forward: ['DoCommand(c1)'] });
    assert.equal(pathUrl({ init: 0, keys: [] }), '/');
  });

  it('stops at the first step that is not enabled, with the states before it', () => {
    const followed = followPath(model, inits, { init: 0, keys: ['LockKey(c1, k1)', 'UnlockKey(c1)'] });
    assert.equal(followed.ok, false);
    assert.equal(followed.trace.length, 2);
    assert.equal(followed.ok ? '' : followed.reason, 'step 3: UnlockKey(c1) is not enabled in state 2');
  });

  it('an initial state that is not a number is said to be one, not "initial state 0"', () => {
    const { path } = pathFromQuery(new URLSearchParams('i=abc'));
    const followed = followPath(model, inits, path);
    assert.equal(followed.ok ? '' : followed.reason, 'the initial state (i) is not a number: PikaReplication has 1');
    const beyond = followPath(model, inits, pathFromQuery(new URLSearchParams('i=7')).path);
    assert.equal(beyond.ok ? '' : beyond.reason, 'there is no initial state 8: PikaReplication has 1');
  });
});
