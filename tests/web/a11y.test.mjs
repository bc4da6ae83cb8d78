// Accessibility (issue 17): axe-core's WCAG 2.1 A and AA rules find no serious or critical
// violation on the page, the iframe page (embed.html) and a <recur-playground> element (inside
// its shadow root), in English and in Chinese, after the learner has used the step view and
// trained the model; every card is scrolled into view first (cards are drawn when seen).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, screenshotDir } from './browser.mjs';
import { axeViolations, describe, drawEveryCard } from './axe.mjs';

let browser, page;
const ELEMENT_PAGE = 'a11y-element.html';

before(async () => {
  browser = await start();
  page = browser.page;
  // A tutorial page holding one element with every panel (the default), in the given language.
  await page.route(`**/${ELEMENT_PAGE}?*`, (route) => {
    const language = new URL(route.request().url()).search.slice(1);
    return route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A tutorial</title>
<script type="module" src="recur-playground.mjs"></script></head>
<body><main><h1>A tutorial</h1><recur-playground language="${language}"></recur-playground></main></body></html>`,
    });
  });
});

after(async () => {
  await browser?.stop();
});

const PLACES = {
  page: (language) => browser.open(`language=${language}`),
  'iframe page': async (language) => {
    await page.goto(`${browser.url}embed.html#language=${language}`);
    await page.waitForSelector('body[data-ready="true"]');
  },
  element: async (language) => {
    await page.goto(`${browser.url}${ELEMENT_PAGE}?${language}`);
    await page.locator('recur-playground #shape-output').waitFor();
  },
};

async function assertAccessible(what) {
  await drawEveryCard(page);
  const violations = await axeViolations(page);
  assert.equal(violations.length, 0, `${what}:\n${describe(violations)}`);
}

// The step view moved and played a step, then 200 training steps: every card as a learner leaves it.
async function stepAndTrain() {
  await page.locator('#step-next').click();
  await page.locator('#step-play').click();
  await page.waitForFunction(
    () => {
      const find = (root) =>
        root.querySelector('#step-slider') ??
        [...root.querySelectorAll('recur-playground')].map((e) => e.shadowRoot && find(e.shadowRoot)).find(Boolean);
      return find(document)?.value === '2';
    },
    null,
    { timeout: 10000 },
  );
  await page.locator('#train').click();
  await page.locator('#train-status', { hasText: /(step|第) 200\b/ }).waitFor({ timeout: 60000 });
}

for (const [place, open] of Object.entries(PLACES))
  for (const language of ['en', 'zh'])
    test(`${place}, ${language}: no serious or critical WCAG 2.1 AA violation after the step view and training`, async () => {
      await page.goto('about:blank'); // a new document: no run left from the test before
      await open(language);
      await stepAndTrain();
      await assertAccessible(`${place} (${language})`);
      await page.screenshot({
        path: `${screenshotDir}a11y-${place.replace(' ', '-')}-${language}.png`,
        fullPage: true,
      });
    });

test('the page as it opens, the embed dialog and a summarised 128x28x12 preset: none either', async () => {
  await browser.fresh();
  await assertAccessible('the page as it opens');
  await page.locator('#embed').click();
  await page.locator('#embed-dialog[open]').waitFor();
  await assertAccessible('the embed dialog');
  await page.keyboard.press('Escape');
  await page.selectOption('#preset', 'notebook-lstm');
  await page.locator('#shape-output', { hasText: 'torch.Size([128, 28, 64])' }).waitFor();
  await assertAccessible('the notebook-lstm preset');
});

// The colour of a CSS colour string as [r, g, b] and its WCAG relative luminance.
const luminance = (text) => {
  const [r, g, b] = text
    .match(/\d+(\.\d+)?/g)
    .slice(0, 3)
    .map((c) => {
      const s = Number(c) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};

test('a dark colour scheme: dark cards, light ink, heat maps and the chart redrawn in it, no contrast failure', async () => {
  await page.goto('about:blank');
  await page.emulateMedia({ colorScheme: 'dark' });
  try {
    await browser.open('language=en');
    await stepAndTrain();
    const look = await page.evaluate(() => {
      const card = document.querySelector('.card');
      return {
        card: getComputedStyle(card).backgroundColor,
        ink: getComputedStyle(card).color,
        // The heat maps' scale, drawn as the legend: through the card's colour at 0.
        legend: getComputedStyle(document.querySelector('#values .legend-bar')).backgroundImage,
        chartInk: document.querySelector('#loss-chart').ink,
      };
    });
    assert.ok(luminance(look.card) < 0.05, `card ${look.card}`);
    assert.ok(luminance(look.ink) > 0.6, `ink ${look.ink}`);
    assert.match(look.legend, /rgb\(30, 41, 59\)/, 'the legend passes through the card colour at 0');
    assert.equal(look.chartInk, look.ink, "the chart's axes in the page's ink");
    await assertAccessible('the page in dark');
    await page.screenshot({ path: `${screenshotDir}theme-dark.png`, fullPage: true });
    // The element and the iframe page follow the reader's scheme too.
    await page.goto(`${browser.url}${ELEMENT_PAGE}?zh`);
    await page.locator('recur-playground #shape-output').waitFor();
    await assertAccessible('the element in dark');
    await page.screenshot({ path: `${screenshotDir}theme-dark-element.png`, fullPage: true });
  } finally {
    await page.emulateMedia({ colorScheme: 'light' });
  }
});

test('forced colours: the system colours, the data keeping its colours, the chosen option framed', async () => {
  await page.goto('about:blank');
  await page.emulateMedia({ forcedColors: 'active', colorScheme: 'dark' });
  try {
    await browser.open('language=en');
    await stepAndTrain();
    const look = await page.evaluate(() => ({
      cell: getComputedStyle(document.querySelector('#values .cell')).backgroundColor,
      chosen: getComputedStyle(document.querySelector('.segmented label:has(input:checked)')).borderTopColor,
      other: getComputedStyle(document.querySelector('.segmented label:has(input:not(:checked))')).borderTopColor,
      body: getComputedStyle(document.body).backgroundColor,
    }));
    assert.notEqual(look.cell, look.body, 'a heat cell keeps its colour');
    assert.notEqual(look.chosen, look.other, 'the chosen mode is framed');
    await assertAccessible('the page in forced colours');
    await page.screenshot({ path: `${screenshotDir}theme-forced-dark.png`, fullPage: true });
    await page.emulateMedia({ forcedColors: 'active', colorScheme: 'light' });
    await page.screenshot({ path: `${screenshotDir}theme-forced-light.png`, fullPage: true });
  } finally {
    await page.emulateMedia({ forcedColors: 'none', colorScheme: 'light' });
  }
});

// The cards of the other modes, used: the digits mode after an epoch of training (its chart,
// confusion matrix, misclassified digits and row-by-row view), and the text card after training
// (its chart, writing, top five and coloured text), each checked in either colour scheme (the
// page redraws in the scheme it is switched to: trained once, read twice).
const frames = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
async function inEitherScheme(what, shoot) {
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await frames();
    await assertAccessible(`${what} (${scheme})`);
    await shoot(scheme);
  }
}

test('the digits mode after an epoch, the text card after 40 steps, in light and dark: none either', async () => {
  await page.goto('about:blank');
  try {
    await browser.open('language=en&input=digits&digits_epochs=1');
    // Train once the digits are loaded (a click before that does nothing).
    await page.locator('#digits-train-status', { hasText: /^Not trained yet/ }).waitFor({ timeout: 60000 });
    await page.locator('#digits-train-button').click();
    await page.locator('#digits-train-status', { hasText: /^Trained 1 epoch:/ }).waitFor({ timeout: 120000 });
    await inEitherScheme('the digits mode', (scheme) =>
      page.screenshot({ path: `${screenshotDir}a11y-digits-${scheme}.png`, fullPage: true }),
    );
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('about:blank');
    await browser.open('language=en&text_steps=40');
    await page.locator('#text-train').scrollIntoViewIfNeeded();
    await page.locator('#text-train').click();
    await page.locator('#text-status[data-steps="40"]').waitFor({ timeout: 120000 });
    await inEitherScheme('the text card', (scheme) =>
      page.locator('[data-panel="text"]').screenshot({ path: `${screenshotDir}a11y-text-${scheme}.png` }),
    );
  } finally {
    await page.emulateMedia({ colorScheme: 'light' });
  }
});
