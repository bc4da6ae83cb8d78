// The element and the iframe in a real lesson page (issue #21, items 9-12): "Copy embed code"'s
// snippets pasted into a page of another origin (a second server on another port), the element
// laid out by its own width at 360, 600, 860 and 1280 px, the iframe sized to its content, the
// `_hide` flags, and on a touch screen a tap reading a cell's value; the step controls on a
// phone; the equation and the code readable at 1280 px. Screenshots (lesson-*.png), in English
// and Chinese.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { start, screenshotDir } from './browser.mjs';

let browser, page, lesson, lessonUrl;
let snippets = {}; // { element, iframe } as the dialog gives them, by language
const shot = (name, target = page) =>
  target.screenshot({ path: `${screenshotDir}lesson-${name}.png`, ...(target === page ? { fullPage: true } : {}) });

// A lesson page on another origin: prose around the snippet, in a column `width` px wide.
function lessonPage(snippet, width) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>A lesson</title>
<style>body { font: 16px/1.6 Georgia, serif; margin: 0; padding: 20px 0; background: #fff; }
.column { width: ${width}px; margin: 0 20px; } recur-playground { margin: 12px 0; }</style></head>
<body><div class="column" id="column"><h1>Recurrent networks</h1><p>Each row is a sentence; each column a time step.</p>
${snippet}
<p>After the playground, the lesson goes on.</p></div></body></html>`;
}

before(async () => {
  browser = await start();
  page = browser.page;
  await browser.fresh();
  // The snippets, copied from the dialog as an author would, in both languages.
  for (const lang of ['en', 'zh']) {
    await browser.open(`language=${lang}`);
    await page.click('#embed');
    snippets[lang] = {
      element: await page.inputValue('#embed-element'),
      iframe: await page.inputValue('#embed-iframe'),
    };
    await page.keyboard.press('Escape');
  }
  // The second origin: the same machine, another port.
  lesson = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const lang = url.searchParams.get('lang') ?? 'en',
      width = Number(url.searchParams.get('w') ?? 900);
    const kind = url.pathname === '/iframe' ? 'iframe' : 'element';
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(lessonPage(snippets[lang][kind], width));
  });
  await new Promise((r) => lesson.listen(0, '127.0.0.1', r));
  lessonUrl = `http://127.0.0.1:${lesson.address().port}`;
});

after(async () => {
  await browser?.stop();
  await new Promise((r) => lesson?.close(r));
});

test('the dialog says where the snippets load from and what that server must send', async () => {
  await browser.open('language=en');
  await page.click('#embed');
  assert.match(
    await page.textContent('#embed-origin'),
    /^Both load Recur from http:\/\/127\.0\.0\.1:\d+\. .*Access-Control-Allow-Origin/,
  );
  assert.match(await page.textContent('#embed-loopback'), /127\.0\.0\.1:\d+ is this machine only/);
  assert.match(await page.textContent('[data-text="embedIframe"]'), /train_hide=true/);
  await shot('dialog-en', page.locator('#embed-dialog'));
  await page.keyboard.press('Escape');
  await page.selectOption('#language', 'zh');
  await page.click('#embed');
  assert.match(await page.textContent('[data-text="embedIframe"]'), /train_hide=true/);
  assert.match(await page.textContent('#embed-origin'), /Access-Control-Allow-Origin 响应头/);
  await shot('dialog-zh', page.locator('#embed-dialog'));
  await page.keyboard.press('Escape');
  await page.selectOption('#language', 'en');
  assert.match(
    snippets.en.element,
    /^<script type="module" src="http:\/\/127\.0\.0\.1:\d+\/recur-playground\.mjs"><\/script>/,
  );
});

// The element's layout in a column `width` px wide: { columns, overflow (px past the column),
// wideEquation, overlaps (shape rows whose reason runs into torch.Size) }.
function measure() {
  return page.evaluate(() => {
    const column = document.querySelector('#column').getBoundingClientRect();
    const root = document.querySelector('recur-playground').shadowRoot;
    const layout = root.querySelector('.layout');
    let overflow = 0;
    // A hidden card (the digits or text card of another mode) has no box: its rect is all zeros.
    for (const el of [...root.querySelectorAll('.card, .layout')].filter((e) => e.getClientRects().length))
      overflow = Math.max(
        overflow,
        el.getBoundingClientRect().right - column.right,
        column.left - el.getBoundingClientRect().left,
      );
    const overlaps = [...root.querySelectorAll('.shape-row')].filter((row) => {
      const size = row.querySelector('.torch-size')?.getBoundingClientRect(),
        why = row.querySelector('.shape-why')?.getBoundingClientRect();
      return size && why && why.width > 0 && why.left < size.right - 1 && why.top < size.bottom - 1;
    }).length;
    const equation = root.querySelector('#step-plugged');
    return {
      columns: getComputedStyle(layout).gridTemplateColumns.split(' ').length,
      overflow,
      scrolls: document.documentElement.scrollWidth > document.documentElement.clientWidth,
      wideEquation: equation ? equation.scrollWidth > equation.clientWidth + 1 : null,
      overlaps,
    };
  });
}

test('the element from "Copy embed code" runs on another origin and lays itself out by its own width', async () => {
  for (const lang of ['en', 'zh'])
    for (const width of [360, 600, 860, 1280]) {
      await page.goto(`${lessonUrl}/lesson?w=${width}&lang=${lang}`);
      await page.locator('recur-playground #shape-x').waitFor();
      assert.equal(await page.locator('recur-playground #shape-x').textContent(), 'torch.Size([6, 3, 3])');
      await page.locator('recur-playground [data-panel="steps"]').scrollIntoViewIfNeeded();
      await page.locator('recur-playground #step-plugged').waitFor();
      const m = await measure();
      assert.equal(m.columns, width >= 1000 ? 2 : 1, `${width} px: ${JSON.stringify(m)}`);
      assert.ok(m.overflow <= 0.5, `${width} px: a card ${m.overflow} px past the column`);
      assert.equal(m.scrolls, false, `${width} px: the lesson page scrolls sideways`);
      assert.equal(m.overlaps, 0, `${width} px: a shape's reason runs into its torch.Size`);
      if (width >= 860) assert.equal(m.wideEquation, false, `${width} px: the plugged-in equation scrolls`);
      await page.evaluate(() => scrollTo(0, 0));
      await shot(`element-${width}-${lang}`);
    }
});

test('the tutorial example fits a 390 px phone', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await page.goto(`${browser.url}examples/tutorial.html`);
    await page.locator('#first #table-status:not(:empty)').waitFor();
    await page.locator('#second').scrollIntoViewIfNeeded();
    await page.locator('#second #shape-output').waitFor();
    const widths = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      document.documentElement.clientWidth,
    ]);
    assert.ok(widths[0] <= widths[1], `the page is ${widths[0]} px wide on a ${widths[1]} px screen`);
    await page.evaluate(() => scrollTo(0, 0));
    await shot('tutorial-390');
  } finally {
    await page.setViewportSize({ width: 1360, height: 4000 });
  }
});

test('the iframe from "Copy embed code" takes the height of its content, and follows it', async () => {
  await page.goto(`${lessonUrl}/iframe?w=900`);
  const frame = page.frameLocator('iframe');
  await frame.locator('#shape-x').waitFor();
  const sized = () =>
    page.evaluate(async () => {
      const iframe = document.querySelector('iframe');
      return { height: iframe.getBoundingClientRect().height };
    });
  const content = async () =>
    await page.frames()[1].evaluate(() => ({
      height: Math.ceil(document.documentElement.getBoundingClientRect().height),
      inner: document.documentElement.scrollHeight - document.documentElement.clientHeight,
    }));
  // The cards are drawn over the next frames (no task draws for long), so the content's height
  // moves for a while: the iframe must come to the content's height and stay there (two readings).
  const agreed = async () => {
    const log = [];
    let now,
      times = 0;
    for (const end = Date.now() + 30000; times < 2; await page.waitForTimeout(200)) {
      const frame = await sized();
      now = await content();
      log.push(`${frame.height}/${now.height}`);
      times = Math.abs(frame.height - now.height) <= 1 ? times + 1 : 0;
      assert.ok(Date.now() < end, `iframe/content heights over time: ${log.join(' ')}`);
    }
    return now;
  };
  await page.waitForFunction(async () => document.querySelector('iframe').getBoundingClientRect().height > 720);
  const c = await agreed();
  assert.ok(c.height > 2000, `content ${c.height} px`);
  assert.ok(Math.abs((await sized()).height - c.height) <= 1);
  assert.ok(c.inner <= 1, `the iframe scrolls inside by ${c.inner} px`);
  await shot('iframe-sized', page.locator('iframe'));
  // Fewer panels: the content is shorter, and so is the iframe.
  await page.frames()[1].evaluate(() => {
    location.hash += '&train_hide=true&values_hide=true&code_hide=true';
  });
  await page.waitForFunction(
    (h) => document.querySelector('iframe').getBoundingClientRect().height < h - 300,
    c.height,
  );
  // The cards are built again after the hash changes (measured: 3583 px when the iframe first
  // shrank, 3872 px once drawn).
  const shorter = await agreed();
  assert.ok(shorter.height < c.height - 300, `content ${shorter.height} px, ${c.height} px before`);
  assert.ok(shorter.inner <= 1, `the iframe scrolls inside by ${shorter.inner} px`);
});

test('_hide flags: the usual spellings of true, and any other value named', async () => {
  for (const lang of ['en', 'zh']) {
    await page.goto('about:blank');
    await page.goto(
      `${browser.url}embed.html#language=${lang}&code_hide=yes&train_hide=1&steps_hide&values_hide=maybe&batch_first=no`,
    );
    await page.waitForSelector('body[data-ready="true"]');
    for (const panel of ['code', 'train', 'steps'])
      assert.equal(await page.locator(`[data-panel="${panel}"]`).count(), 0, panel);
    assert.equal(await page.locator('[data-panel="values"]').count(), 1, 'values_hide=maybe hides nothing');
    assert.equal(await page.textContent('#shape-x'), 'torch.Size([3, 6, 3])', 'batch_first=no');
    assert.match(
      await page.textContent('#link-status'),
      lang === 'zh'
        ? /values_hide=maybe（不是 true 或 false）|values_hide=maybe \(不是 true 或 false\)/
        : /values_hide=maybe \(not true or false\)/,
    );
    await shot(`hide-flags-${lang}`);
  }
});

// Where `locator` is once it is on screen and stays put for two frames: the cards above it are
// drawn as they come near the screen and can push it down and off it meanwhile, so, as a person
// does, it is scrolled to again until it is still.
async function still(locator) {
  for (let tries = 0, last = null; tries < 50; ++tries) {
    await locator.scrollIntoViewIfNeeded();
    await locator.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const box = await locator.boundingBox();
    const onScreen = await locator.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight;
    });
    if (onScreen && last && box.x === last.x && box.y === last.y) return box;
    last = box;
  }
  throw new Error('the canvas never stayed on screen');
}

test('a touch screen: a tap reads a heat-map cell and a step cell; no "hover"; the step controls in two rows', async () => {
  const phone = await start({ viewport: { width: 390, height: 844 }, touch: true });
  try {
    const p = phone.page;
    for (const lang of ['en', 'zh']) {
      await p.goto('about:blank');
      await phone.open(`mode=LSTM&bidirectional=true&language=${lang}`);
      assert.ok(!(await p.evaluate(() => document.body.innerText)).match(/hover/i), 'the page says "point" or "tap"');
      // A heat-map cell (the Values card draws output on a canvas): tap output[1, 2, 5].
      const values = p.locator('[data-panel="values"]');
      await values.scrollIntoViewIfNeeded();
      await p.waitForFunction(() => document.querySelector('[data-panel="values"]').dataset.drawn);
      const canvas = p.locator('#values-output canvas.heat-canvas');
      await canvas.scrollIntoViewIfNeeded();
      const where = await canvas.evaluate((el) => el.heat.where(1, 0, 5)); // sentence 1, t=0, unit 5
      const box = await still(canvas);
      await p.touchscreen.tap(box.x + where.x, box.y + where.y);
      assert.match(await p.textContent('#values-readout'), /^output\[1, 0, 5\] = -?\d\.\d+/);
      await values.screenshot({ path: `${screenshotDir}lesson-tap-values-${lang}.png` });
      // A step cell: h_{t-1} of unit 2; the equation follows the tapped unit.
      const steps = p.locator('[data-panel="steps"]');
      await steps.scrollIntoViewIfNeeded();
      await p.waitForFunction(() => document.querySelector('[data-panel="steps"]').dataset.drawn);
      await p.locator('#step-values .cell[data-unit="2"]').first().tap();
      assert.match(await p.textContent('#steps-readout'), /^x_t\[2\] = |^h_\{t-1\}\[2\] = /);
      await p.locator('#step-state .cell[data-unit="3"]').first().tap();
      assert.match(await p.textContent('#steps-readout'), /^c_t\[3\] = /);
      assert.match(await p.textContent('[data-panel="steps"] .equations h3:nth-of-type(2)'), /j = 3/);
      // The controls: the buttons and the slider on one row, where the step is on the next.
      const rows = await p.evaluate(() => {
        const top = (id) => Math.round(document.getElementById(id).getBoundingClientRect().top);
        const mid = (id) => {
          const r = document.getElementById(id).getBoundingClientRect();
          return Math.round(r.top + r.height / 2);
        };
        return {
          middles: ['step-first', 'step-back', 'step-play', 'step-next', 'step-slider'].map(mid),
          where: top('step-where') - top('step-play'),
          height: document.querySelector('.step-controls').getBoundingClientRect().height,
          wide: document.documentElement.scrollWidth > document.documentElement.clientWidth,
        };
      });
      assert.ok(
        Math.max(...rows.middles) - Math.min(...rows.middles) <= 4,
        `buttons and slider on one row: ${rows.middles}`,
      );
      assert.ok(rows.where > 20, 'where the step is, on the next row');
      assert.ok(rows.height < 190, `the controls take ${rows.height} px`);
      assert.equal(rows.wide, false, 'nothing wider than the phone');
      await steps.screenshot({ path: `${screenshotDir}lesson-phone-steps-${lang}.png` });
      // print() has no cells: no line inviting a tap.
      await p.click('label:has-text("print()")');
      assert.equal(await p.isVisible('#values-readout'), false);
      await p.click('[data-panel="values"] .segmented label:first-child');
    }
    assert.deepEqual(phone.errors, []);
  } finally {
    await phone.stop();
  }
});

test('at 1280 px the plugged-in equation and the code panel need no sideways scrolling', async () => {
  await page.setViewportSize({ width: 1280, height: 4000 });
  for (const lang of ['en', 'zh'])
    for (const setup of [
      'mode=LSTM&num_layers=2&bidirectional=true&proj_size=2&h0=rand&dropout=0.5',
      'mode=GRU&hidden_size=8&batch_first=false&unbatched=true',
      'mode=RNN&nonlinearity=relu&bias=false',
    ]) {
      await page.goto('about:blank');
      await browser.open(`${setup}&language=${lang}&layer=1`);
      for (const panel of ['steps', 'code']) {
        await page.locator(`[data-panel="${panel}"]`).scrollIntoViewIfNeeded();
        await page.waitForFunction((p) => document.querySelector(`[data-panel="${p}"]`).dataset.drawn, panel);
      }
      await page.waitForSelector('#step-plugged annotation', { state: 'attached' });
      const wide = await page.evaluate(() =>
        ['#step-plugged', '#step-equation', '#code', '#steps'].filter((s) => {
          const el = document.querySelector(s);
          return el.scrollWidth > el.clientWidth + 1;
        }),
      );
      assert.deepEqual(wide, [], `${setup} (${lang})`);
      if (setup.startsWith('mode=LSTM')) {
        await page.locator('[data-panel="code"]').screenshot({ path: `${screenshotDir}lesson-code-1280-${lang}.png` });
        await page
          .locator('[data-panel="steps"]')
          .screenshot({ path: `${screenshotDir}lesson-steps-1280-${lang}.png` });
      }
    }
  await page.setViewportSize({ width: 1360, height: 4000 });
});

test('no errors in the console', () => {
  assert.deepEqual(browser.errors, []);
});
