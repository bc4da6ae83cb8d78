// Every ```html block of README.md and docs/*.md loads in Chromium as a tutorial author pastes
// it (issue 17): the snippet in an otherwise empty page, its placeholder origin
// (https://your.site/recur/) pointing at the local server of dist/. Each <recur-playground> in it
// renders its panels, each iframe its playground without the panels its _hide flags strip, with
// no script error and no serious or critical axe violation. A snippet that is a whole page
// (<!doctype html>) is served as it is.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start } from './browser.mjs';
import { allBlocks, PLACEHOLDER_ORIGIN } from '../node/doc-blocks.mjs';
import { axeViolations, describe } from './axe.mjs';

let browser, page;
const snippets = allBlocks('html');

before(async () => {
  browser = await start();
  page = browser.page;
  await page.route('**/doc-snippet-*.html', (route) => {
    const k = Number(/doc-snippet-(\d+)\.html/.exec(route.request().url())[1]);
    const code = snippets[k].code.replaceAll(PLACEHOLDER_ORIGIN, browser.url);
    // A whole page as it is; a fragment in an otherwise empty page.
    const body = /^<!doctype html>/i.test(code)
      ? code
      : `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A tutorial</title></head><body>${code}</body></html>`;
    return route.fulfill({ contentType: 'text/html', body });
  });
});

after(async () => {
  await browser?.stop();
});

test('the documentation has HTML snippets, each with an element or an iframe', () => {
  assert.ok(snippets.length >= 2, `${snippets.length} snippets`);
  for (const s of snippets) assert.match(s.code, /<recur-playground|<iframe/, `${s.file}:${s.line}`);
});

snippets.forEach((snippet, k) =>
  test(`${snippet.file}:${snippet.line}: the HTML snippet loads and its playgrounds render`, async () => {
    const errors = browser.errors.length;
    await page.goto(`${browser.url}doc-snippet-${k}.html`);
    const elements = page.locator('recur-playground');
    for (let e = 0; e < (await elements.count()); ++e) {
      const element = elements.nth(e);
      await element.scrollIntoViewIfNeeded(); // cards are drawn when seen
      await element.locator('[data-panel]:not([hidden])').first().waitFor();
      const panels = (await element.getAttribute('panels'))?.split(',').map((p) => p.trim());
      const shown = await element.evaluate((el) =>
        [...el.shadowRoot.querySelectorAll('[data-panel]:not([hidden])')].map((a) => a.dataset.panel),
      );
      if (panels) assert.deepEqual([...shown].sort(), [...panels].sort(), 'the panels it names');
      if (shown.includes('shapes')) await element.locator('#shape-output', { hasText: 'torch.Size([' }).waitFor();
    }
    for (const frame of page.frames().filter((f) => f !== page.mainFrame())) {
      await (await frame.frameElement()).scrollIntoViewIfNeeded();
      await frame.waitForSelector('body[data-ready="true"]');
      const hidden = [...new URL(frame.url()).hash.matchAll(/(\w+)_hide=true/g)].map((m) => m[1].replace('_', '-'));
      for (const panel of hidden)
        assert.equal(await frame.locator(`[data-panel="${panel}"]:not([hidden])`).count(), 0, panel);
      // The table card is drawn on every change, wherever it is (the others when scrolled to).
      await frame.locator('#table-status', { hasText: /→ x: torch\.Size\(\[/ }).waitFor();
    }
    assert.ok((await elements.count()) + page.frames().length - 1 > 0, 'something to render');
    // As pasted, the snippet keeps the page accessible (an iframe needs its title, for one).
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describe(violations));
    assert.deepEqual(browser.errors.slice(errors), []);
  }),
);
