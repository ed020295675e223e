import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';

/** Where Debian's `chromium` package puts the browser (PIKA_MC_CHROMIUM names another). */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The flags that keep Chromium quiet on a closed network: no sync, no updates, no background requests. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where the browser tests write their screenshots, for a person to look at (not compared). */
export const SCREENSHOTS = fileURLToPath(new URL('../../../test-output/browser/', import.meta.url));

/**
 * The Chromium to drive, or why the browser tests cannot run. In CI (CI=true) a missing Chromium
 * is an error, never a skip: .ci/run installs Debian's package first.
 */
export function findChromium(): { path: string } | { skip: string } {
  const wanted = process.env['PIKA_MC_CHROMIUM'];
  const path = wanted !== undefined && wanted !== '' ? wanted : CANDIDATES.find((p) => existsSync(p));
  if (path !== undefined && existsSync(path)) return { path };
  const why = `no Chromium at ${wanted ?? CANDIDATES.join(' or ')} (apt-get install chromium, or set PIKA_MC_CHROMIUM)`;
  if (process.env['CI'] === 'true') throw new Error(`the browser tests must run in CI, and there is ${why}`);
  process.stderr.write(`\n*** BROWSER TESTS SKIPPED: ${why} ***\n\n`);
  return { skip: `BROWSER TESTS SKIPPED: ${why}` };
}

/** A headless Chromium with a fresh profile, and the console errors and page errors of its pages. */
export interface Browser {
  readonly context: BrowserContext;
  /** A new page; every console error and uncaught exception on it is recorded in `errors`. */
  page(): Promise<Page>;
  readonly errors: string[];
  close(): Promise<void>;
}

/** Launches Chromium from `path` (never a downloaded browser) with a profile of its own. */
export async function launch(path: string): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'pika-mc-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: path, headless: true, args: FLAGS, viewport: { width: 1500, height: 1000 } });
  const errors: string[] = [];
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    context,
    errors,
    async page() {
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot under test-output/browser/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
