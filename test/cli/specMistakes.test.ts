import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cli } from './run.js';

const CHECKER = new URL('../../checker/index.js', import.meta.url).href;
const dir = mkdtempSync(join(tmpdir(), 'pika-mc-mistakes-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Writes a spec module: a counter from 0 to 2 whose invariant `Small` (n < 2) is violated, with
 * `definition` and `body` added to its definition and to the body its build returns.
 */
function specFile(name: string, definition: string, body: string): string {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(
    file,
    `import { defineSpec, Record, weakFair, eventually } from '${CHECKER}';
const Cell = Record({ n: 0 });
export default defineSpec({
  name: 'Counter',${definition}
  build: () => ({
    init: () => [Cell()],
    actions: { Inc: (s) => s.n < 2 && s.set('n', s.n + 1) },${body}
  }),
});
`,
  );
  return file;
}

describe('check: a field the spec does not have is a spec error (exit 75)', () => {
  it('the spec spelled right is checked: its invariant is violated (exit 12)', async () => {
    const run = await cli(['check', '--spec', specFile('right', '', "\n    invariants: { Small: (s) => s.n < 2 },"), '--quiet']);
    assert.equal(run.code, 12, run.stderr);
  });

  it('invariant for invariants in the body: one line naming the field and the one meant, not a pass', async () => {
    const run = await cli(['check', '--spec', specFile('body', '', "\n    invariant: { Small: (s) => s.n < 2 },"), '--quiet']);
    assert.equal(run.code, 75, run.stdout);
    assert.match(run.stderr, /^spec error: spec Counter: the body build returns has an unknown field 'invariant' \(did you mean 'invariants'\?\); its fields are init, /);
    assert.equal(run.stderr.trim().split('\n').length, 1);
  });

  it("constant for constants in defineSpec's definition, naming the file", async () => {
    const run = await cli(['check', '--spec', specFile('definition', '\n  constant: { N: 3 },', ''), '--quiet']);
    assert.equal(run.code, 75, run.stdout);
    assert.match(run.stderr, /^spec error: .*definition\.mjs: defineSpec\(Counter\): the definition has an unknown field 'constant' \(did you mean 'constants'\?\)/);
    assert.equal(run.stderr.trim().split('\n').length, 1);
  });
});

describe('check: fairness on an action the spec does not have is a spec error (exit 75)', () => {
  const properties = "\n    properties: { Done: eventually((s) => s.n === 2) },";

  it('the spec with its fairness spelled right: the property holds (exit 0)', async () => {
    const run = await cli(['check', '--spec', specFile('fair', '', `${properties}\n    fairness: [weakFair('Inc')],\n    terminal: (s) => s.n === 2,`), '--property', 'all', '--quiet']);
    assert.equal(run.code, 0, run.stderr + run.stdout);
  });

  it('Incc for Inc: one line naming the action and the actions, not a violation', async () => {
    const run = await cli(['check', '--spec', specFile('unfair', '', `${properties}\n    fairness: [weakFair('Incc')],\n    terminal: (s) => s.n === 2,`), '--property', 'all', '--quiet']);
    assert.equal(run.code, 75, run.stdout);
    assert.match(run.stderr, /^spec error: spec Counter: fairness WF_vars\(Incc\) names an unknown action 'Incc' \(did you mean 'Inc'\?\); its actions are Inc\n$/);
  });
});

describe("check: a property's state predicate that returns no boolean is a spec error (exit 75)", () => {
  it('a missing return, not "property Done is violated"', async () => {
    const body = "\n    properties: { Done: eventually((s) => { s.n === 2; }) },\n    fairness: [weakFair('Inc')],\n    terminal: (s) => s.n === 2,";
    const run = await cli(['check', '--spec', specFile('noReturn', '', body), '--property', 'all', '--no-color']);
    assert.equal(run.code, 75, run.stdout);
    assert.match(run.stdout + run.stderr, /property Done: returned undefined, not a boolean \(true or false\) \(a missing return\?\)/);
    assert.doesNotMatch(run.stdout, /violated|holds/);
  });
});

describe("check: constants the spec's validate refuses (exit 2)", () => {
  it('one line naming the spec and the constants, then its message', async () => {
    const definition = "\n  constants: { clients: ['c1'], increments: 1 },\n  validate: (c) => (c.increments > 0 ? undefined : 'need an increment'),";
    const run = await cli(['check', '--spec', specFile('validated', definition, ''), '--const', 'increments=0']);
    assert.equal(run.code, 2, run.stdout);
    assert.equal(run.stderr, 'error: Counter refuses these constants (increments=0): need an increment\n');
  });
});

describe('simulate: a spec that fails', () => {
  it('leaves the other invariants not violated before it failed, not in any sampled behaviour', async () => {
    const invariants = "\n    invariants: { Boom: (s) => { if (s.n === 1) throw new Error('boom'); return true; }, Small: (s) => s.n < 5 },";
    const run = await cli(['simulate', '--spec', specFile('fails', '', invariants), '--seed', '1', '--runs', '5']);
    assert.equal(run.code, 75, run.stderr);
    assert.match(run.stdout, /^\? Small not violated before the spec failed$/m);
    assert.doesNotMatch(run.stdout, /in any sampled behaviour/);
  });
});
