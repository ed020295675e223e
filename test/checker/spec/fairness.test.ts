import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Record } from 'immutable';
import { checkSync, compile, defineSpec, eventually, exists, SpecBuildError, strongFair, weakFair } from '../../../checker/index.js';
import type { Fairness } from '../../../checker/index.js';

const Cell = Record({ n: 0, by: '' });
type Cell = ReturnType<typeof Cell>;

/**
 * A counter from 0 to 2: Go(p) steps it for p in a, b, Pick chooses who steps it inside (`exists`),
 * Stay changes nothing; Done (n = 2) holds under fairness of Go, and Stay alone lets it stutter.
 */
function counter(fairness: readonly Fairness[]) {
  return defineSpec({
    name: 'Counter',
    build: () => ({
      init: () => [Cell()],
      actions: {
        Go: { params: [['a', 'b']], next: (s: Cell, p: string) => s.n < 2 && s.merge({ n: s.n + 1, by: p }) },
        Pick: (s: Cell) => exists(['x', 'y'], (p) => s.n < 2 && s.merge({ n: s.n + 1, by: p })),
        Stay: (s: Cell) => s,
      },
      properties: { Done: eventually((s: Cell) => s.n === 2) },
      fairness,
    }),
  });
}

/** Asserts that checking the counter's property under `fairness` is a SpecBuildError matching `pattern`. */
function refused(fairness: readonly Fairness[], pattern: RegExp): void {
  assert.throws(
    () => checkSync(counter(fairness), { properties: ['all'] }),
    (e: unknown) => e instanceof SpecBuildError && pattern.test(e.message),
  );
}

describe('fairness names actions and instances the spec has', () => {
  it('an action the spec does not have is a spec error naming it, the one meant and the actions', () => {
    refused([weakFair('Gooo')], /^spec Counter: fairness WF_vars\(Gooo\) names an unknown action 'Gooo' \(did you mean 'Go'\?\); its actions are Go, Pick, Stay$/);
    refused([strongFair(['Go', 'Jump'])], /^spec Counter: fairness SF_vars\(Go \\\/ Jump\) names an unknown action 'Jump'; its actions are Go, Pick, Stay$/);
  });

  it('arguments that no instance has are a spec error listing the instances', () => {
    refused([weakFair('Go', 'x')], /^spec Counter: fairness WF_vars\(Go\(x\)\): no instance of Go has these arguments; its instances are Go\(a\), Go\(b\)$/);
  });

  it('what is not a fairness assumption is a spec error, as the spec compiles', () => {
    assert.throws(
      () => compile(counter([{ kind: 'fair', action: 'Go' } as unknown as Fairness])),
      (e: unknown) => e instanceof SpecBuildError && /each fairness assumption is weakFair\(action, …args\) or strongFair\(action, …args\)/.test(e.message),
    );
  });

  it('a check of invariants alone takes fairness on an action some constants leave out, as simulation does', () => {
    const model = compile(counter([weakFair('Gooo')]));
    assert.equal(checkSync(model, { deadlock: false }).status, 'ok');
  });

  it('arguments of an instance, and choices made inside an action, are taken: the property holds under them, not without', () => {
    assert.deepEqual(
      [[weakFair('Go')], [weakFair('Go', 'a')], [weakFair('Pick', 'y')], [weakFair(['Go', 'Stay'])], [weakFair('Stay')], []].map(
        (fairness) => checkSync(counter(fairness), { properties: ['Done'], deadlock: false }).properties.map((p) => p.verdict),
      ),
      [['holds'], ['holds'], ['holds'], ['holds'], ['violated'], ['violated']],
    );
  });
});
