import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli } from '../cli/run.js';
import { startExploreProcess } from '../cli/explore/process.js';
import { findChromium, launch, screenshot } from './chromium.js';
import type { Browser } from './chromium.js';

const chromium = findChromium();

/** The status of a GET sent with the given Host header. */
function statusWithHost(url: string, host: string): Promise<number> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { Host: host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the explorer in Chromium', { skip: 'skip' in chromium ? chromium.skip : false }, () => {
  let browser: Browser;
  let server: { child: ChildProcess; url: string };
  before(async () => {
    if (!('path' in chromium)) return;
    server = await startExploreProcess(['--scenario', 'race-2805']);
    browser = await launch(chromium.path);
  });
  after(async () => {
    await browser?.close();
    server?.child.kill('SIGINT');
  });

  it('reaches the SnapshotCoversApplied violation from the initial state in 6 clicks, shows ✗, and a reload keeps the path', async () => {
    const page = await browser.page();
    await page.goto(server.url);
    await screenshot(page, 'explore-initial');
    const invariant = page.locator('li.inv[data-name="SnapshotCoversApplied"]');
    assert.equal(await invariant.locator('.ok').textContent(), '✓');
    const keys = ['LockKey(c1, k1)', 'LockShared(c1)', 'DoCommand(c1)', 'UnlockShared(c1)', 'BgsaveLock', 'BgsaveCapture'];
    for (const [n, key] of keys.entries()) {
      await Promise.all([page.waitForURL((url) => url.searchParams.getAll('s').length === n + 1), page.locator(`a.take[data-key="${key}"]`).click()]);
    }
    assert.equal(await invariant.locator('.ko').textContent(), '✗');
    assert.equal(await page.locator('#path ol.steps li').count(), 7);
    assert.equal(new URL(page.url()).searchParams.getAll('s').length, 6);
    await screenshot(page, 'explore-violation');
    await page.reload();
    assert.equal(await page.locator('#path ol.steps li').count(), 7);
    assert.equal(await invariant.locator('.ko').textContent(), '✗');
    await Promise.all([page.waitForURL((url) => url.searchParams.getAll('s').length === 5), page.locator('#back').click()]);
    assert.equal(await page.locator('#path ol.steps li').count(), 6);
    assert.equal(await invariant.locator('.ok').textContent(), '✓');
    await Promise.all([page.waitForURL((url) => url.searchParams.getAll('s').length === 6), page.locator('#forward').click()]);
    assert.equal(await page.locator('#path ol.steps li').count(), 7);
    assert.deepEqual(browser.errors, []);
  });

  it('jumps to the shortest violation of an invariant, and loads a trace file', async () => {
    const page = await browser.page();
    await page.goto(server.url);
    await page.locator('li.inv[data-name="NoDuplicateApply"] a.jump').click();
    await page.waitForURL(/s=SlaveApply/);
    assert.equal(await page.locator('#path ol.steps li').count(), 11);
    assert.equal(await page.locator('li.inv[data-name="NoDuplicateApply"] .ko').textContent(), '✗');
    const file = join(mkdtempSync(join(tmpdir(), 'pika-mc-browser-')), 'converges.itf.json');
    writeFileSync(file, (await cli(['check', '--scenario', 'race-2805', '--invariant', 'ReplicaConverges', '--format', 'itf'])).stdout);
    await Promise.all([page.waitForURL((url) => url.searchParams.getAll('s').length === 17), page.locator('#tracefile').setInputFiles(file)]);
    assert.equal(await page.locator('#path ol.steps li').count(), 18);
    assert.deepEqual(browser.errors, []);
  });

  it('a path that does not replay gets a clear message in the page, and the server goes on', async () => {
    const page = await browser.page();
    const answer = await page.goto(`${server.url}?s=LockKey(c1%2C%20k1)&s=Nope(c1)`);
    assert.equal(answer?.status(), 400);
    assert.match((await page.locator('#notice').textContent()) ?? '', /This path does not replay: step 3: PikaReplication has no action Nope/);
    await screenshot(page, 'explore-bad-path');
    assert.equal((await page.goto(server.url))?.status(), 200);
  });

  it('refuses a request with another Host header', async () => {
    assert.equal(await statusWithHost(server.url, 'rebound.example'), 403);
    assert.equal(await statusWithHost(server.url, `localhost:${new URL(server.url).port}`), 200);
  });
});
