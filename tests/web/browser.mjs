// Starts the static server on a free port and Debian's Chromium (headless) through
// playwright-core, which downloads no browser of its own.
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../../tools/serve.mjs';
import { eagerCards, show } from './engines/page.mjs';

export const screenshotDir = new URL('./screenshots/', import.meta.url).pathname;

// Tall enough that every card of the page is on screen, so a test reads any card right after a
// change: what learner.test.mjs still uses. The other files read in an
// ordinary window (1360 x 1000) and scroll to what they read with seen() below, as the engine
// suites do. (A card off screen is drawn only when it scrolls into view: lazy.test.mjs checks it.)
const TALL = { width: 1360, height: 4000 };

// The page computes in a worker (web/compute-client.mjs): a keystroke's numbers arrive a moment
// after the keystroke, as a person sees them. Each action and read of a test's page therefore
// returns once the page has drawn the result of what was done (no state on its way to the
// compute: <html> without data-recur-busy), as a person looks once the numbers have settled.
const ACTIONS = [
  'click',
  'fill',
  'type',
  'check',
  'uncheck',
  'selectOption',
  'press',
  'setInputFiles',
  'evaluate',
  'dispatchEvent',
];
const settle = (page) =>
  page
    .waitForFunction(() => !document.documentElement.hasAttribute('data-recur-busy'))
    .catch((error) => {
      if (/Timeout/.test(error.message)) throw error; // a result that never came is a failure
    });
function settling(page) {
  if (page.settles) return page;
  page.settles = true;
  for (const name of ACTIONS) {
    const act = page[name].bind(page);
    page[name] = async (...args) => {
      const result = await act(...args);
      await settle(page);
      return result;
    };
  }
  for (const name of ['press', 'type', 'insertText']) {
    const act = page.keyboard[name].bind(page.keyboard);
    page.keyboard[name] = async (...args) => {
      await act(...args);
      await settle(page);
    };
  }
  return page;
}

/**
 * Brings what `selector` names into view in `page` and resolves once its card is drawn, as a
 * person scrolls to what they read (show() in ./engines/page.mjs, which the engine suites use):
 * in an ordinary window a card off screen is not drawn.
 */
export const seen = (page, selector) =>
  page.evaluate(`(${show})(${JSON.stringify(selector)}, ${JSON.stringify(eagerCards)})`);

/**
 * Looks at `selector` until its text matches `pattern`, scrolling back to it each second, as a
 * person does: cards drawn above it (a preset's longer table) can push it off the screen, where
 * a card is not drawn.
 */
export async function waitForText(page, selector, pattern, timeout = 60000) {
  for (const end = Date.now() + timeout; ;) {
    await seen(page, selector);
    const said = await page
      .waitForFunction(
        ([sel, source]) => new RegExp(source).test(document.querySelector(sel)?.textContent ?? ''),
        [selector, pattern.source],
        { timeout: 1000 },
      )
      .then(
        () => true,
        (error) => (/Timeout/.test(error.message) ? false : Promise.reject(error)),
      );
    if (said) return;
    if (Date.now() > end)
      throw new Error(`${selector} never said ${pattern}; it says "${await page.textContent(selector)}"`);
  }
}

/**
 * Pastes `text` over what `selector` holds, as a person does: the clipboard, the field selected,
 * Control+V (one input event); `select: [start, end]` pastes over those characters only. Long texts of many lines are pasted, not filled: Playwright's
 * fill() types them through CDP's Input.insertText, which Chromium edits in as one paragraph
 * after another, 16-19 s for 150 kB of 1 600 lines here (a real paste of 1 MiB takes 0.2 s).
 */
export async function paste(page, selector, text, { select = null } = {}) {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.locator(selector).scrollIntoViewIfNeeded();
  await page.evaluate(
    ([sel, range]) => {
      const field = document.querySelector(sel);
      field.focus();
      if (range) field.setSelectionRange(...range);
      else field.select();
    },
    [selector, select],
  );
  await page.keyboard.press('Control+V');
}

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
  const page = settling(context.pages()[0] ?? (await context.newPage()));
  context.on('page', settling);
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const url = `http://127.0.0.1:${server.address().port}/`;
  // The playground at `url#hash`, once WebAssembly is ready (the page sets body[data-ready]) and
  // the link's setup is drawn. A link that differs from the open page's address only in its
  // fragment is followed in the same document: data-ready is already set, and the page applies
  // the link in its hashchange handler, so that event is waited for before the page settles.
  const open = async (hash = '', on = page) => {
    const target = new URL(`${url}${hash ? `#${hash}` : ''}`).href; // as the browser writes it
    const sameDocument = hash && on.url().split('#')[0] === url && on.url() !== target;
    if (sameDocument)
      await on.evaluate(() => {
        globalThis.recurTestHashChange = new Promise((resolve, reject) => {
          addEventListener('hashchange', () => resolve(), { once: true });
          setTimeout(() => reject(new Error(`no hashchange came for ${location.href}`)), 10000);
        });
      });
    await on.goto(target);
    if (sameDocument) await on.evaluate(() => globalThis.recurTestHashChange);
    await on.waitForSelector('body[data-ready="true"]');
    await settle(on);
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
