import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli } from './run.js';

/** TokenAtZero is reached in 3 states; TokenLost never is; FewPasses holds. */
const PASS_TOKEN = new URL('../fixtures/modules/passToken.js', import.meta.url).pathname;

describe("a reachability property's witness trace, in every output", () => {
  it('is a file of its own with --out, in ITF, and replays as a witness', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-witness-'));
    const run = await cli(['check', '--spec', PASS_TOKEN, '--format', 'itf', '--out', join(dir, '{invariant}.itf.json')]);
    assert.equal(run.code, 12, run.stderr);
    assert.deepEqual(readdirSync(dir), ['TokenAtZero.itf.json']);
    const itf = JSON.parse(readFileSync(join(dir, 'TokenAtZero.itf.json'), 'utf8')) as { '#meta': { kind: string; status: string }; states: unknown[] };
    assert.equal(itf['#meta'].kind, 'witness');
    assert.equal(itf['#meta'].status, 'reached');
    assert.equal(itf.states.length, 3);
    const replay = await cli(['replay', join(dir, 'TokenAtZero.itf.json'), '--spec', PASS_TOKEN, '--no-color']);
    assert.equal(replay.code, 0, replay.stderr);
    assert.match(replay.stdout, /^✓ replays: TokenAtZero is reached, 3 states/m);
  });

  it('fails to replay when its last state does not reach the property', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-witness-'));
    await cli(['check', '--spec', PASS_TOKEN, '--format', 'itf', '--out', join(dir, '{invariant}.itf.json')]);
    const file = join(dir, 'TokenAtZero.itf.json');
    const itf = JSON.parse(readFileSync(file, 'utf8')) as { states: unknown[] };
    writeFileSync(file, JSON.stringify({ ...itf, states: itf.states.slice(0, 2) }));
    const replay = await cli(['replay', file, '--spec', PASS_TOKEN]);
    assert.equal(replay.code, 1);
    assert.match(replay.stderr, /the last state does not reach TokenAtZero: the trace is no witness/);
  });

  it('is a diagram ending in ✓ in Mermaid, a linked section of the HTML page, and left out of the TLC format', async () => {
    const mermaid = await cli(['check', '--spec', PASS_TOKEN, '--format', 'mermaid']);
    assert.match(mermaid.stdout, /Note over [^:]+: ✓ TokenAtZero is reached/);
    const html = await cli(['check', '--spec', PASS_TOKEN, '--format', 'html']);
    assert.match(html.stdout, /<td>reachable<\/td><td>TokenAtZero<\/td>.*?<a href="#trace-witness-TokenAtZero">3 states<\/a>/s);
    assert.match(html.stdout, /✓ TokenAtZero is reached: shortest trace, 3 states/);
    const tlc = await cli(['check', '--spec', PASS_TOKEN, '--format', 'tlc']);
    assert.doesNotMatch(tlc.stdout, /TokenAtZero/);
    assert.match(tlc.stdout, /^Error: Reachability property TokenLost is never reached\.$/m);
  });

  it('is read back from a JSON report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-witness-'));
    const json = await cli(['check', '--spec', PASS_TOKEN, '--format', 'json']);
    writeFileSync(join(dir, 'run.json'), json.stdout);
    const replay = await cli(['replay', join(dir, 'run.json'), '--spec', PASS_TOKEN, '--no-color']);
    assert.equal(replay.code, 0, replay.stderr);
    assert.match(replay.stdout, /^✓ replays: TokenAtZero is reached, 3 states/m);
  });
});
