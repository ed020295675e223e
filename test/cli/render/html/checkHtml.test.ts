import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sequenceDiagram } from '../../../../cli/render/html/diagram.js';
import { cli } from '../../run.js';

const RING = new URL('../../../fixtures/modules/tokenRing.js', import.meta.url).pathname;
const CLASHING = new URL('../../../fixtures/modules/clashingNames.js', import.meta.url).pathname;

async function htmlOf(args: readonly string[]): Promise<{ code: number; html: string }> {
  const out = join(mkdtempSync(join(tmpdir(), 'pika-mc-html-')), 'report.html');
  const run = await cli([...args, '--format', 'html', '--out', out, '--quiet']);
  return { code: run.code, html: readFileSync(out, 'utf8') };
}

/** Asserts that the page has (or lacks) a match, without printing the whole page when it fails. */
function has(html: string, pattern: RegExp, expected = true): void {
  assert.equal(pattern.test(html), expected, `${expected ? 'no' : 'a'} match for ${pattern}`);
}

/** The `data-steps` of each trace section, in page order. */
function sectionLengths(html: string): number[] {
  return [...html.matchAll(/<section class="trace" id="[^"]*" data-steps="(\d+)"/g)].map((m) => Number(m[1]));
}

describe('check --format html', () => {
  it('race-2805: one page with the three violated invariants as 7-, 11- and 18-state traces, exit 12', async () => {
    const { code, html } = await htmlOf(['check', '--scenario', 'race-2805']);
    assert.equal(code, 12);
    has(html, /^<!DOCTYPE html>/);
    assert.deepEqual(sectionLengths(html), [7, 11, 18]);
    assert.equal([...html.matchAll(/<tr class="verdict violated"/g)].length, 3);
    has(html, /<tr class="verdict holds" data-name="OffsetNotAhead">/);
    has(html, /What it means:<\/strong> The slave applied write &#60;&#60;c1, 0&#62;&#62; \(INCR k1\) twice/);
  });

  it('is self-contained: inline style and script, nothing loaded from elsewhere', async () => {
    const { html } = await htmlOf(['check', '--scenario', 'race-2805']);
    has(html, /<link\b/i, false);
    has(html, /<script\b[^>]*\bsrc=/i, false);
    has(html, /<img\b/i, false);
    has(html, /@import|url\((?!#)/i, false);
    has(html, /<style>[^<]*@media print/);
    has(html, /<script>\(function \(\) \{/);
  });

  it('stays under 1 MB for a 24-state trace of 19 variables', async () => {
    const { html } = await htmlOf(['check', '--clients', '3', '--invariant', 'ReplicaConverges']);
    assert.deepEqual(sectionLengths(html), [24]);
    assert.ok(Buffer.byteLength(html) < 1_000_000, `${Buffer.byteLength(html)} bytes`);
  });

  it('the lanes of a Pika trace are its clients, dbs_rw_, the binlog, bgsave and the slave', async () => {
    const { html } = await htmlOf(['check', '--scenario', 'race-2805', '--invariant', 'SnapshotCoversApplied']);
    const lanes = [...html.matchAll(/<text class="lane"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    assert.deepEqual(lanes, ['c1', 'c2', 'dbs_rw_', 'binlog', 'bgsave', 'slave']);
  });

  it('a spec that declares its actors gets one lane each, and its code references as links', async () => {
    const { html } = await htmlOf(['check', '--spec', RING, '--invariant', 'NoSecondLap']);
    const lanes = [...html.matchAll(/<text class="lane"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    assert.deepEqual(lanes, ['n1', 'n2', 'n3']);
    has(html, /<a class="src" href="https:\/\/example.org\/ring.c#n3"[^>]*>ring.c:10-20 pass_n3<\/a>/);
  });

  it('invariants whose names make the same anchor (a/b, a_b) get anchors of their own, each verdict linking to its trace', async () => {
    const { html } = await htmlOf(['check', '--spec', CLASHING]);
    const ids = [...html.matchAll(/<section class="trace" id="([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(ids, ['trace-invariant-a_b', 'trace-invariant-a_b-2', 'trace-invariant-deadlock']);
    const links = [...html.matchAll(/<tr class="verdict violated" data-name="([^"]*)">.*?<a href="#([^"]*)">/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(links, [
      ['a/b', 'trace-invariant-a_b'],
      ['a_b', 'trace-invariant-a_b-2'],
      ['deadlock', 'trace-invariant-deadlock'],
    ]);
    const headings = ids.map((id) => html.slice(html.indexOf(`<section class="trace" id="${id as string}"`)).match(/<h3>([^<]*)<\/h3>/)?.[1]);
    assert.deepEqual(headings, ['✗ a/b is violated: shortest trace, 2 states', '✗ a_b is violated: shortest trace, 3 states', '✗ deadlock is violated: shortest trace, 3 states']);
  });

  it("a diagram's arrowhead id is none a trace section can have: an invariant named X-head keeps its own anchor", () => {
    const svg = sequenceDiagram({ id: 'trace-invariant-X', lanes: ['a', 'b'], rows: [{ label: 'Init' }, { label: 'Step', arrow: { from: 'a', to: 'b' } }], selected: 0, violation: true });
    const marker = svg.match(/<marker id="([^"]*)"/)?.[1];
    assert.ok(marker !== undefined);
    assert.ok(!marker.startsWith('trace-'), marker);
    assert.match(svg, new RegExp(`url\\(#${marker}\\)`));
  });

  it('a lasso loops back: the cycle start is marked and the diagram draws the way back', async () => {
    const { code, html } = await htmlOf(['check', '--spec', RING, '--property', 'all', '--invariant', 'NoSecondLap']);
    assert.equal(code, 12);
    const lasso = html.slice(html.indexOf('<section class="trace" id="trace-property-ReachesNowhere"'));
    has(lasso, /data-steps="9"/);
    has(lasso, /<li data-step="6" class="loopstart"/);
    has(lasso, /<path class="loop" d="M[^"]*"/);
    has(lasso, /back to state 7: Pass\(n3\)/);
  });

  it('a stuttering lasso is drawn as a loop on its last state', async () => {
    const { html } = await htmlOf(['check', '--lock-scope', 'command+binlog', '--property', 'EventuallyTerminal', '--fairness', 'none', '--invariant', 'OffsetNotAhead']);
    has(html, /<path class="loop" d="M[^"]* C/);
    has(html, /stutters for ever/);
  });

  it('a run where everything holds is a page too, with its figures and coverage when asked', async () => {
    const { code, html } = await htmlOf(['check', '--scenario', 'fix-2818', '--coverage']);
    assert.equal(code, 0);
    assert.deepEqual(sectionLengths(html), []);
    has(html, /<th>distinct states<\/th><td>171<\/td>/);
    has(html, /<table class="grid coverage">/);
  });

  it('{invariant} in --out gives each trace a page of its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-html-'));
    const run = await cli(['check', '--scenario', 'race-2805', '--format', 'html', '--out', join(dir, '{invariant}.html'), '--quiet']);
    assert.equal(run.code, 12);
    assert.deepEqual(readdirSync(dir).sort(), ['NoDuplicateApply.html', 'ReplicaConverges.html', 'SnapshotCoversApplied.html']);
    assert.deepEqual(sectionLengths(readFileSync(join(dir, 'NoDuplicateApply.html'), 'utf8')), [11]);
  });

  it('names the bound that stopped a run in the words of the text report, once, and no bound when none did', async () => {
    const args = ['check', '--invariant', 'SnapshotCoversApplied', '--continue', '--max-states', '100'];
    const text = await cli([...args, '--no-color']);
    assert.equal(text.code, 12);
    const words = 'Stopped by the --max-states bound before the whole state space was explored.';
    assert.ok(text.stdout.includes(words), 'the text report says it');
    const bounded = await htmlOf(args);
    assert.equal(bounded.code, 12);
    has(bounded.html, /<span class="status bad">✗ 1 violated<\/span>/);
    has(bounded.html, new RegExp(`<p class="notice bound">${words.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}</p>`));
    const incomplete = await htmlOf(['check', '--scenario', 'fix-2818', '--max-depth', '3']);
    has(incomplete.html, /<span class="status unknown">\? incomplete<\/span>/);
    has(incomplete.html, /<p class="notice bound">Stopped by the --max-depth bound before the whole state space was explored\.<\/p>/);
    assert.equal(incomplete.html.match(/before the whole state space was explored/gi)?.length, 1, 'the page says it once');
    const whole = await htmlOf(['check', '--invariant', 'SnapshotCoversApplied']);
    assert.equal(whole.code, 12);
    has(whole.html, /Stopped by|notice bound/, false);
  });
});
