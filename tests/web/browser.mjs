// Starts the static server on a free port and Debian's Chromium (headless) through
// playwright-core, which downloads no browser of its own.
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../../tools/serve.mjs';

export const screenshotDir = new URL('./screenshots/', import.meta.url).pathname;

// Tall enough that every card of the page is on screen, so a test reads any card right after a
// change. (A card off screen is drawn only when it scrolls into view: tests/web/lazy.test.mjs
// checks that at an ordinary window's size.)
const TALL = { width: 1360, height: 4000 };

/**
 * `options.locale` sets the browser's preferred language (navigator.languages), e.g. 'zh-CN';
 * `options.viewport` the window's size (default: TALL); `options.touch` makes it a touch screen
 * (page.tap, pointer events of type 'touch').
 */
export async function start({ locale, viewport = TALL, touch = false } = {}) {
  mkdirSync(screenshotDir, { recursive: true });
  const server = await serve(0);
  const profile = mkdtempSync(join(tmpdir(), 'recur-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport,
    ...(locale ? { locale } : {}),
    ...(touch ? { hasTouch: true } : {}),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const errors = [];
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const url = `http://127.0.0.1:${server.address().port}/`;
  // The playground at `url#hash`, once WebAssembly is ready (the page sets body[data-ready]).
  const open = async (hash = '', on = page) => {
    await on.goto(`${url}${hash ? `#${hash}` : ''}`);
    await on.waitForSelector('body[data-ready="true"]');
  };
  return {
    page,
    url,
    errors,
    context,
    open,
    /** The page as a first visit sees it: nothing remembered from an earlier test. */
    async fresh() {
      await open();
      await page.evaluate(() => localStorage.clear());
      await open();
    },
    async stop() {
      await context.close();
      await new Promise((r) => server.close(r));
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
