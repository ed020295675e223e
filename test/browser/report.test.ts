import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { cli } from '../cli/run.js';
import { findChromium, launch, screenshot } from './chromium.js';
import type { Browser } from './chromium.js';

const chromium = findChromium();
const RING = new URL('../fixtures/modules/tokenRing.js', import.meta.url).pathname;

/** Writes a check's HTML report into a fresh folder and returns its file URL. */
async function report(args: readonly string[]): Promise<string> {
  const out = join(mkdtempSync(join(tmpdir(), 'pika-mc-browser-')), 'report.html');
  await cli([...args, '--format', 'html', '--out', out, '--quiet']);
  return pathToFileURL(out).href;
}

describe('the HTML report in Chromium', { skip: 'skip' in chromium ? chromium.skip : false }, () => {
  let browser: Browser;
  before(async () => {
    if ('path' in chromium) browser = await launch(chromium.path);
  });
  after(async () => {
    await browser?.close();
  });

  it('race-2805 loads with no console error and shows 3 invariants violated, with 7, 11 and 18 states', async () => {
    const page = await browser.page();
    await page.goto(await report(['check', '--scenario', 'race-2805']));
    assert.deepEqual(await page.locator('tr.verdict.violated').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name'))), [
      'SnapshotCoversApplied',
      'NoDuplicateApply',
      'ReplicaConverges',
    ]);
    const lengths = await page.locator('section.trace').evaluateAll((sections) => sections.map((s) => s.querySelectorAll('ol.steps li').length));
    assert.deepEqual(lengths, [7, 11, 18]);
    await screenshot(page, 'report-race-2805');
    assert.deepEqual(browser.errors, []);
  });

  it('clicking step 8 of NoDuplicateApply shows DoBinlog(c1) with binlog highlighted; ← and → walk the trace', async () => {
    const page = await browser.page();
    await page.goto(await report(['check', '--scenario', 'race-2805']));
    const section = page.locator('#trace-invariant-NoDuplicateApply');
    await section.locator('ol.steps li[data-step="7"]').click();
    const shown = section.locator('.state:not([hidden])');
    assert.equal(await shown.count(), 1);
    assert.match((await shown.locator('h4').textContent()) ?? '', /^State 8 of 11: DoBinlog\(c1\)$/);
    assert.deepEqual(await shown.locator('tr.changed th').allTextContents(), ['binlog', 'step']);
    assert.ok(await shown.locator('tr.changed', { hasText: 'binlog' }).isVisible());
    assert.deepEqual(await section.locator('svg .row.sel').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-step'))), ['7']);
    await section.locator('ol.steps li[data-step="7"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'report-race-2805-step-8');
    await page.keyboard.press('ArrowLeft');
    assert.match((await section.locator('.state:not([hidden]) h4').textContent()) ?? '', /^State 7 of 11: BgsaveCapture$/);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.match((await section.locator('.state:not([hidden]) h4').textContent()) ?? '', /^State 9 of 11: BgsaveUnlock$/);
    await section.locator('svg .row[data-step="3"]').click();
    assert.match((await section.locator('.state:not([hidden]) h4').textContent()) ?? '', /^State 4 of 11: DoCommand\(c1\)$/);
    assert.deepEqual(browser.errors, []);
  });

  it('a liveness counterexample is drawn as a lasso: the loop back to the state its cycle starts at is visible', async () => {
    const page = await browser.page();
    await page.goto(await report(['check', '--spec', RING, '--property', 'all', '--invariant', 'NoSecondLap']));
    const lasso = page.locator('#trace-property-ReachesNowhere');
    assert.ok(await lasso.locator('path.loop').isVisible());
    assert.equal(await lasso.locator('text.loop').textContent(), 'back to state 7: Pass(n3)');
    assert.deepEqual(await lasso.locator('ol.steps li.loopstart').evaluateAll((items) => items.map((li) => li.getAttribute('data-step'))), ['6']);
    const loop = await lasso.locator('path.loop').boundingBox();
    const start = await lasso.locator('svg .row[data-step="6"]').boundingBox();
    const end = await lasso.locator('svg .row[data-step="8"]').boundingBox();
    assert.ok(loop && start && end, 'the loop and its rows are laid out');
    assert.ok(loop.y <= start.y + start.height && loop.y + loop.height >= end.y, 'the loop spans from the last row up to the cycle start');
    assert.match((await lasso.locator('.state:not([hidden]) .loopnote').textContent()) ?? '', /Then back to state 7: Pass\(n3\)/);
    await lasso.scrollIntoViewIfNeeded();
    await screenshot(page, 'report-lasso');
    assert.deepEqual(browser.errors, []);
  });

  it('prints as a document: the step list with each step\'s changes, no interactive panel', async () => {
    const page = await browser.page();
    await page.goto(await report(['check', '--scenario', 'race-2805', '--invariant', 'NoDuplicateApply']));
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.panel').first().isVisible(), false);
    assert.ok(await page.locator('ol.printsteps').first().isVisible());
    assert.equal(await page.locator('ol.printsteps > li').count(), 11);
    await screenshot(page, 'report-print');
  });

  it('without JavaScript, lists every step with its changes instead of a hint to click', async () => {
    const page = await browser.page();
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
    await page.goto(await report(['check', '--scenario', 'race-2805', '--invariant', 'NoDuplicateApply']));
    // A <noscript> holds elements only when the page is parsed with scripts off.
    assert.equal(await page.locator('noscript style').count(), 1, 'scripts are off');
    assert.equal(await page.locator('p.hint').isVisible(), false);
    const steps = page.locator('ol.printsteps > li');
    assert.equal(await steps.count(), 11);
    assert.ok(await steps.nth(7).isVisible());
    assert.match((await steps.nth(7).textContent()) ?? '', /^DoBinlog\(c1\)/);
    await screenshot(page, 'report-no-script');
  });

  it('ci --html: the index links to each case\'s report, and each report links back to the index', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-browser-'));
    const race = { name: 'race 2/1/1', model: 'replication', constants: { lockScope: 'command' }, expect: { SnapshotCoversApplied: { verdict: 'violated', traceLength: 7 } } };
    const commit = { name: 'commit', model: 't-commit', constants: {}, expect: { TCConsistent: { verdict: 'holds' } } };
    writeFileSync(join(dir, 'matrix.json'), JSON.stringify({ cases: [race, commit] }));
    await cli(['ci', '--matrix', join(dir, 'matrix.json'), '--html', join(dir, 'html'), '--quiet']);
    const page = await browser.page();
    const index = pathToFileURL(join(dir, 'html', 'index.html')).href;
    for (const [name, heading] of [
      ['race 2/1/1', /^race 2\/1\/1 \(PikaReplication, --model replication\)$/],
      ['commit', /^commit \(TCommit, --model t-commit\)$/],
    ] as const) {
      await page.goto(index);
      await page.locator(`tr.case[data-case="${name}"] a`).click();
      assert.match((await page.locator('h1').textContent()) ?? '', heading);
      await page.locator('nav.up a').click();
      assert.equal(page.url(), index);
      assert.equal(await page.locator('tr.case').count(), 2);
    }
    assert.deepEqual(browser.errors, []);
  });
});
