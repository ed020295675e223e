import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Record } from 'immutable';
import { compile, defineSpec } from '../../../../checker/index.js';
import type { ActionInstance, Constants, Spec, State } from '../../../../checker/index.js';
import { lanesFor } from '../../../../cli/render/html/lanes.js';

const S = Record({ n: 0 });
type S = ReturnType<typeof S>;
const step = (s: S) => (s.n < 1 ? s.set('n', s.n + 1) : false);

function spec(actions: { [name: string]: unknown }): Spec<State, Constants> {
  return defineSpec({ name: 'Lanes', build: () => ({ init: () => [S()], actions: actions as never }) }) as unknown as Spec<State, Constants>;
}

const instance = (name: string, args: unknown[] = []): ActionInstance => ({ name, args, label: name });

describe('lanesFor', () => {
  it('takes the lane an action declares: a name, the parameter at an index, or a function of the arguments', () => {
    const s = spec({
      Tick: { next: step, actor: 'clock' },
      Send: { params: [['p1', 'p2'], ['q1']], next: step, actor: 1 },
      Recv: { params: [['p1']], next: step, actor: (p: string) => `node ${p}` },
      Idle: step,
    });
    const lanes = lanesFor(compile(s), s);
    assert.equal(lanes.arrow(instance('Tick')).from, 'clock');
    assert.equal(lanes.arrow(instance('Send', ['p2', 'q1'])).from, 'q1');
    assert.equal(lanes.arrow(instance('Recv', ['p1'])).from, 'node p1');
    assert.equal(lanes.arrow(instance('Idle')).from, 'Idle');
  });

  it('without declared actors, the action name is the lane', () => {
    const s = spec({ Send: { params: [['p1']], next: step } });
    assert.deepEqual(lanesFor(compile(s), s).arrow(instance('Send', ['p1'])), { from: 'Send', to: 'Send' });
  });
});
