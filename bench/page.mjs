// The page's latency in Chromium, as a learner meets it (issue #13's rows):
//   - a keystroke, keydown -> next paint, as INP measures it (Event Timing), median and p90 of
//     40 keystrokes after 5 warm-up ones, with the longest main-thread task while typing (Long
//     Tasks API): flipping a bit of the first sentence, or typing a digit over the seed (new
//     weights: every number on the page changes), on the notebook's table, a 32 x 16 table
//     (hidden 64), a pasted 200 x 40 x 8 table, and the notebook's 128 x 28 x 12 random example;
//   - a paste (Control+V: one input event) of 200 sentences x 40 steps x 8 bits, and of a table
//     at the 1 MiB limit: from the paste event to the new torch.Size painted (median of 5 first
//     pastes, each on a page just opened), and the browser's own floor for the 1 MiB one: the same
//     paste into a text area alone on a page, no script, after each;
//   - a cold first visit (empty cache) until the playground is ready, and the bytes fetched
//     before that; six <recur-playground> elements on one page until all six show shapes;
//   - training as the page does it (issues #15 and #18): the text card's Train (300 steps, its
//     default, on the English sample), and the digits mode's first epoch, with the longest
//     main-thread task.
// Event Timing reports only events of 16 ms or more (its smallest threshold): a keystroke with
// no entry took less, and counts as 16 ms (so a median of "≤ 16" means at most that).
// Not a test: nothing asserts time. The machine may be shared: medians, and say so.
//
//   npm run bench:page        (build, then node bench/page.mjs; writes bench/page-results.md)
//   node bench/page.mjs --only=paste   (rows whose name contains "paste"; results not written;
//                                       --skip=1 MiB leaves rows out)
import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { paste as pasteInto, start } from '../tests/web/browser.mjs';

const KEYSTROKES = 40,
  WARMUP = 5,
  COLD_RUNS = 9,
  PASTE_RUNS = 5;
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const skip = process.argv.find((a) => a.startsWith('--skip='))?.slice(7);
const wanted = (name) => (!only || name.includes(only)) && (!skip || !name.includes(skip));

/** A table of `batch` sentences x `steps` steps of `bits`-bit cells, labels 0/1. */
function table(batch, steps, bits = 3) {
  const cell = (b, t) => ((b * 7 + t * 3) % (1 << bits)).toString(2).padStart(bits, '0');
  const rows = [];
  for (let b = 0; b < batch; ++b)
    rows.push(`${Array.from({ length: steps }, (_, t) => cell(b, t)).join(' ')} | ${b % 2}`);
  return rows.join('\n');
}

// Installs the observers (once a page): Event Timing for keydowns, Long Tasks, and a stopwatch
// for pastes (paste event -> the awaited text in #shape-x -> next frame -> a task).
async function observe(page) {
  await page.evaluate(() => {
    window.keydowns = [];
    window.longTasks = [];
    window.drawn = [];
    if (window.observing) return;
    window.observing = true;
    // keydown -> the playground's recur-update (its result drawn) -> the frame after it: when the
    // new numbers are on screen. With the compute in a worker that is later than the keystroke's
    // own next paint (what Event Timing measures), so both are reported.
    let key = null;
    addEventListener('keydown', (e) => (key = e.timeStamp), true);
    addEventListener('recur-update', () => {
      if (key === null) return;
      const t0 = key;
      key = null;
      requestAnimationFrame(() => setTimeout(() => window.drawn.push(performance.now() - t0)));
    });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        if (e.name === 'keydown' && e.interactionId) window.keydowns.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'event', durationThreshold: 16, buffered: false });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
}

const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const ms = (v) => (v <= 16 ? '≤ 16 ms' : `${v.toFixed(0)} ms`);

// Presses `press(k)` KEYSTROKES + WARMUP times; each keystroke waits until the page has drawn its
// result (tests/web/browser.mjs: no state on its way to the compute) and two frames, so they do
// not pile up (a person types about 5 a second).
async function keystrokes(page, name, press) {
  await observe(page);
  const starts = [];
  for (let k = 0; k < KEYSTROKES + WARMUP; ++k) {
    if (k === WARMUP)
      await page.evaluate(() => {
        window.keydowns = [];
        window.longTasks = [];
        window.drawn = [];
      });
    if (k >= WARMUP) starts.push(await page.evaluate(() => performance.now()));
    await press(k);
    await page.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 30)))),
    );
  }
  await page.waitForTimeout(300); // Event Timing entries arrive after their paint
  const { keydowns, longTasks, drawn } = await page.evaluate(() => ({
    keydowns: window.keydowns,
    longTasks: window.longTasks,
    drawn: window.drawn,
  }));
  // One duration a keystroke: its entry, or 16 ms when it had none (it was faster).
  const durations = starts.map((s, k) => {
    const end = starts[k + 1] ?? Infinity;
    return keydowns.find((e) => e.start >= s && e.start < end)?.duration ?? 16;
  });
  const row = {
    name,
    median: quantile(durations, 0.5),
    p90: quantile(durations, 0.9),
    longest: Math.max(0, ...longTasks),
    drawn: drawn.length ? quantile(drawn, 0.5) : undefined,
  };
  console.log(
    `${name}: median ${ms(row.median)}, p90 ${ms(row.p90)}, longest task ${row.longest.toFixed(0)} ms, numbers drawn ${row.drawn?.toFixed(0)} ms (${drawn.length} updates)`,
  );
  return row;
}

// Pastes `text` over the whole table from the clipboard (Control+V: one input event, as a
// learner's paste is); the time from its paste event to #shape-x reading `expected` and the
// frame after it painted. Also the longest task on the way.
async function paste(page, name, text, expected) {
  await observe(page);
  await page.evaluate((want) => {
    window.longTasks = [];
    // The end of the next frame: a task of the highest priority after it, so that a task queued
    // meanwhile (the worker's next message, whose drawing comes after this frame) does not count.
    const afterFrame = (f) => requestAnimationFrame(() => scheduler.postTask(f, { priority: 'user-blocking' }));
    window.pasted = new Promise((resolve) => {
      let t0 = null;
      const ta = document.querySelector('#table');
      // From the paste event on (the window hears it first): the paste begins there, before
      // the browser reads the clipboard, fires beforeinput and inserts the text.
      addEventListener(
        'paste',
        () => {
          t0 = performance.now();
        },
        { once: true, capture: true },
      );
      // The browser's own part: inserting the text into the text area, before the page hears of it.
      let t1 = null;
      ta.addEventListener('beforeinput', () => (t1 = performance.now()), { once: true, capture: true });
      ta.addEventListener('input', () => (window.inserted = performance.now() - t1), { once: true, capture: true });
      // Every card on screen drawn, the late step view too: the playground's recur-update for
      // this table, then the next frame.
      window.everyCard = new Promise((done) =>
        addEventListener('recur-update', function drawn() {
          if (document.querySelector('#shape-x')?.textContent !== want) return;
          removeEventListener('recur-update', drawn);
          afterFrame(() => done(performance.now() - t0));
        }),
      );
      // In the task that writes the new shape (a mutation observer's callback runs at its end):
      // a timer polling for it could run only after tasks queued before it, such as the result's
      // drawing, and so count them when the shape was painted before them.
      const seen = new MutationObserver(() => {
        if (t0 === null || document.querySelector('#shape-x')?.textContent !== want) return;
        seen.disconnect();
        afterFrame(() => resolve(performance.now() - t0));
      });
      seen.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
  }, expected);
  await pasteInto(page, '#table', text);
  const time = await page.evaluate(() => window.pasted);
  await page.waitForTimeout(200);
  const longest = Math.max(0, ...(await page.evaluate(() => window.longTasks)));
  const inserted = await page.evaluate(() => window.inserted);
  const everyCard = await page.evaluate(() => window.everyCard);
  return { time, longest, inserted, everyCard };
}

// PASTE_RUNS first pastes, each on the page just opened by `open()` (a first paste builds the
// cards' new elements: a second one of the same size is faster); medians, the longest task of all.
// `floor()`, if given, pastes the same text into a bare text area after each (barePaste): the
// browser's floor measured in the same minutes, as this machine's speed drifts.
async function pastes(page, open, name, text, expected, floor = null) {
  const runs = [];
  for (let k = 0; k < PASTE_RUNS; ++k) {
    await open();
    runs.push(await paste(page, name, text, expected));
    if (floor) runs.at(-1).floor = await floor();
  }
  const median = (key) =>
    quantile(
      runs.map((r) => r[key]),
      0.5,
    );
  const row = {
    name,
    median: median('time'),
    longest: Math.max(...runs.map((r) => r.longest)),
    single: true,
    inserted: median('inserted'),
    everyCard: median('everyCard'),
    floor: floor ? median('floor') : undefined,
  };
  console.log(
    `${name}: ${row.median.toFixed(0)} ms (runs ${runs.map((r) => r.time.toFixed(0)).join(', ')}), of which the text area's own insertion ${row.inserted.toFixed(0)} ms; every card drawn ${row.everyCard.toFixed(0)} ms (runs ${runs.map((r) => r.everyCard.toFixed(0)).join(', ')}; longest task ${row.longest.toFixed(0)} ms)${floor ? `; the same paste into a text area alone on a page (no script) painted ${row.floor.toFixed(0)} ms (runs ${runs.map((r) => r.floor.toFixed(0)).join(', ')})` : ''}`,
  );
  return row;
}

// Scrolls each card below the fold into view, in page order, on a page where none of them has
// been drawn yet (a card off screen is drawn when it comes into view; one scroll can bring
// several near enough): the time from a scroll to the frame after the card's first draw, the
// median and p90 over the scrolls, and the longest task of the whole scroll-through.
async function scrollThrough(page, name) {
  await observe(page);
  await page.evaluate(() => (window.longTasks = []));
  const panels = await page.$$eval('[data-panel]', (els) =>
    els.filter((el) => !el.hidden && !el.dataset.eager && !el.dataset.drawn).map((el) => el.dataset.panel),
  );
  const times = [];
  for (const panel of panels)
    times.push(
      await page.evaluate(
        (p) =>
          new Promise((resolve, reject) => {
            const card = document.querySelector(`[data-panel="${p}"]`);
            if (card.dataset.drawn) return resolve(null); // drawn with the card before it (near the viewport)
            const t0 = performance.now();
            const late = setTimeout(() => reject(new Error(`the ${p} card was not drawn in 10 s`)), 10_000);
            const drawn = new MutationObserver(() => {
              drawn.disconnect();
              clearTimeout(late);
              requestAnimationFrame(() =>
                scheduler.postTask(() => resolve(performance.now() - t0), { priority: 'user-blocking' }),
              );
            });
            drawn.observe(card, { attributes: true, attributeFilter: ['data-drawn'] });
            card.scrollIntoView({ block: 'start' });
          }),
        panel,
      ),
    );
  await page.waitForTimeout(300); // a long task's entry comes after it
  const longTasks = await page.evaluate(() => window.longTasks);
  const shown = panels.filter((_, k) => times[k] !== null),
    timed = times.filter((t) => t !== null);
  const row = { name, median: quantile(timed, 0.5), p90: quantile(timed, 0.9), longest: Math.max(0, ...longTasks) };
  console.log(
    `${name}: ${shown.length} scrolls, -> drawn ${timed.map((t) => t.toFixed(0)).join(', ')} ms (${shown.join(', ')}); longest task ${row.longest.toFixed(0)} ms`,
  );
  return row;
}

// The browser's own floor for a paste: the same text pasted into a text area alone on a page
// (the table's attributes and type, no script), from the paste event to the end of the frame that
// paints it. What a paste row takes beyond this is Recur's.
// (Served by the test server's route, set once: bareTextArea.)
const BARE_TEXT_AREA = `<!doctype html><meta charset="utf-8"><textarea wrap="off" spellcheck="false" rows="9"
  style="width: 560px; font: 13px/1.5 'DejaVu Sans Mono', monospace; padding: 10px 12px"></textarea>`;
const bareTextArea = (page) =>
  page.route('**/bare-text-area.html', (route) => route.fulfill({ body: BARE_TEXT_AREA, contentType: 'text/html' }));

async function barePaste(page, url, text) {
  await page.goto('about:blank');
  await page.goto(`${url}bare-text-area.html`);
  await page.evaluate(() => {
    const ta = document.querySelector('textarea');
    window.pasted = new Promise((resolve) => {
      let t0 = null;
      addEventListener('paste', () => (t0 = performance.now()), { once: true, capture: true });
      ta.addEventListener(
        'input',
        () =>
          requestAnimationFrame(() =>
            scheduler.postTask(() => resolve(performance.now() - t0), { priority: 'user-blocking' }),
          ),
        { once: true },
      );
    });
  });
  await pasteInto(page, 'textarea', text);
  return page.evaluate(() => window.pasted);
}

// A browser context of its own, as a first visitor's browser: nothing stored, nothing compiled.
const firstVisit = (browser) => browser.context.browser().newContext({ viewport: { width: 1360, height: 1000 } });

// A new context's first page starts the browser's own UI for it (Chromium 156 starts its
// omnibox popup's WebUI pages, which load some 60 scripts and styles) on the same two cores; a
// visitor's browser has done that long before they follow a link. Measured 2026-12-03 (medians
// of 9, two rounds): cold visit 662 / 498 ms when the page is opened at once, 384 / 404 ms after
// this wait; six elements 658 / 782 against 472 / 507 ms. The page waits for the browser, not
// the measurement for the page: nothing of Recur is loaded before it.
const BROWSER_UI_SETTLE_MS = 2000;
async function firstVisitPage(browser) {
  const context = await firstVisit(browser);
  const page = await context.newPage();
  await page.waitForTimeout(BROWSER_UI_SETTLE_MS);
  return { context, page };
}

// A first visit with an empty cache: navigation start -> body[data-ready]; the bytes sent by then
// (headers and body as sent, gzipped where the server gzips) of every response that ended before
// ready, the compute worker's own fetches (its script, the glue, the .wasm) included. Each run in
// a browser context of its own, as a first visitor comes: nothing stored (the rows above leave
// their tables in the bench's context, and the page opens on what its site stored), and no
// script or WebAssembly the browser compiled for an earlier page (a renderer process reused by
// a later page of the same context keeps them; measured that way, the visit was 510 ms and not
// 800). `network`: Chromium's emulation of a slower link than loopback.
async function coldLoad(browser, name, network = null) {
  const runs = [];
  for (let k = 0; k < COLD_RUNS; ++k) {
    const { context: visitor, page } = await firstVisitPage(browser);
    const session = await page.context().newCDPSession(page);
    await session.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (network) await session.send('Network.emulateNetworkConditions', { offline: false, ...network });
    // Each finished response as { at, file, bytes }, read as it finishes: awaited before the
    // context closes (reading one after that throws).
    const finished = [];
    page.on('requestfinished', (request) => {
      // When its last byte came, on the browser's clock (epoch ms), as the page's ready time below:
      // the time this script hears of it is later, and a file asked for just after ready (KaTeX,
      // once the step view is drawn) was counted when it finished before the script heard of ready.
      // A file without that time is counted (null), not dropped.
      const { startTime, responseEnd } = request.timing();
      const at = responseEnd >= 0 ? startTime + responseEnd : null;
      const read = Promise.all([request.sizes(), request.response()]).then(async ([sizes, response]) => {
        // The body as sent: Content-Length (Chromium reports no body size for a worker's script).
        const body = Number((await response.allHeaders())['content-length'] ?? sizes.responseBodySize);
        return {
          at,
          file: new URL(request.url()).pathname.slice(1) || 'index.html',
          bytes: sizes.responseHeadersSize + body,
        };
      });
      read.catch(() => {}); // one that finishes while the context closes: after ready, not counted
      finished.push(read);
    });
    await page.addInitScript(() => {
      new MutationObserver((_, o) => {
        if (document.body?.dataset.ready !== 'true') return;
        window.readyAt = performance.now();
        o.disconnect();
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-ready'] });
    });
    await page.goto(browser.url);
    await page.waitForSelector('body[data-ready="true"]');
    const readyAt = await page.evaluate(() => performance.timeOrigin + window.readyAt);
    await page.waitForTimeout(100); // the last requestfinished events of what ended before ready
    const before = (await Promise.all(finished)).filter((f) => f.at === null || f.at <= readyAt);
    runs.push({
      ready: await page.evaluate(() => window.readyAt),
      bytes: before.reduce((sum, f) => sum + f.bytes, 0),
      files: before.map((f) => `${f.file} ${(f.bytes / 1024).toFixed(0)} KiB`).join(', '),
    });
    await session.detach();
    await visitor.close();
  }
  const row = {
    name,
    median: quantile(
      runs.map((r) => r.ready),
      0.5,
    ),
    bytes: quantile(
      runs.map((r) => r.bytes),
      0.5,
    ),
    single: true,
  };
  console.log(
    `${row.name}: ${row.median.toFixed(0)} ms (runs ${runs.map((r) => r.ready.toFixed(0)).join(', ')}), ${(row.bytes / 1024).toFixed(0)} KiB; files of the first run: ${runs[0].files}`,
  );
  return row;
}

// Six elements with the notebook's table in one page (served by the test server's route).
async function sixElements(browser) {
  const html = `<!doctype html><meta charset="utf-8"><script type="module" src="/recur-playground.mjs"></script>
${Array.from({ length: 6 }, (_, k) => `<h2>Playground ${k + 1}</h2><recur-playground id="p${k}" mode="${['RNN', 'LSTM', 'GRU'][k % 3]}" panels="table,shapes,last-step,values"></recur-playground>`).join('\n')}`;
  const times = [];
  for (let k = 0; k < COLD_RUNS; ++k) {
    // A reader's first visit to the lesson: a context of its own (coldLoad says why).
    const { context: reader, page } = await firstVisitPage(browser);
    await page.route('**/six.html', (route) => route.fulfill({ body: html, contentType: 'text/html' }));
    await page.goto(`${browser.url}six.html`);
    // Ready: each element's first forward pass done and its cards on screen drawn (the ones
    // below the fold are drawn when scrolled to).
    await page.waitForFunction(() => [...document.querySelectorAll('recur-playground')].every((e) => e.playground));
    times.push(
      await page.evaluate(() =>
        Promise.all([...document.querySelectorAll('recur-playground')].map((e) => e.playground.ready)).then(() =>
          performance.now(),
        ),
      ),
    );
    await reader.close();
  }
  const row = {
    name: 'six <recur-playground> elements in one page -> all ready',
    median: quantile(times, 0.5),
    single: true,
  };
  console.log(`${row.name}: ${row.median.toFixed(0)} ms (runs ${times.map((t) => t.toFixed(0)).join(', ')})`);
  return row;
}

// A training run from its button to its end: how long, and the longest main-thread task.
async function training(page, name, button, ended) {
  // Scrolled to as a person does, and clicked once it stands still: the cards drawn as they come
  // near the screen first move it (the first-draw shift, docs/contributing.md), and a click
  // aimed before that lands elsewhere.
  for (let last = null; ;) {
    const y = await page.evaluate((b) => {
      const el = document.querySelector(b);
      el.scrollIntoView({ block: 'center' });
      return el.getBoundingClientRect().y;
    }, button);
    if (y === last) break;
    last = y;
    await page.waitForTimeout(250);
  }
  await page.evaluate(() => {
    window.trainingTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.trainingTasks.push(e.duration);
    }).observe({ type: 'longtask' });
  });
  const t0 = Date.now();
  await page.click(button);
  await page.waitForFunction(ended, null, { timeout: 120000 });
  const time = Date.now() - t0;
  const tasks = await page.evaluate(() => window.trainingTasks);
  const longest = Math.max(0, ...tasks);
  console.log(`${name}: ${time} ms, ${tasks.length} tasks over 50 ms (longest ${longest.toFixed(0)} ms)`);
  return { name, median: time, longest, single: true };
}

const browser = await start({ viewport: { width: 1360, height: 1000 } });
const { page } = browser;
const rows = [];
try {
  const open = async (hash) => {
    await page.goto('about:blank');
    await page.goto(`${browser.url}#${hash}`);
    await page.waitForSelector('body[data-ready="true"]');
  };
  // The first bit of the first sentence's first cell, selected; the digit typed over it flips it.
  const flipFirstBit = async (k) => {
    await page.evaluate(() => {
      const ta = document.querySelector('#table');
      const at = ta.value.search(/[01]{2,}/); // the first cell (a header row has none)
      ta.focus();
      ta.setSelectionRange(at, at + 1);
    });
    await page.keyboard.press(k % 2 ? '0' : '1');
  };
  const typeSeed = async (k) => {
    await page.click('#seed');
    await page.keyboard.press('Control+A');
    await page.keyboard.press(String((k % 9) + 1));
  };
  const cases = [
    ['notebook table (6x3), RNN hidden 4: flipping a bit', '', flipFirstBit],
    [
      'table 32x16, LSTM hidden 64: flipping a bit',
      { table: table(32, 16), hidden_size: '64', mode: 'LSTM' },
      flipFirstBit,
    ],
    ['table 32x16, LSTM hidden 64: typing a seed', { table: table(32, 16), hidden_size: '64', mode: 'LSTM' }, typeSeed],
    [
      'pasted table 200x40x8, LSTM hidden 64: flipping a bit',
      { table: table(200, 40, 8), hidden_size: '64', mode: 'LSTM' },
      flipFirstBit,
    ],
  ];
  for (const [name, hash, press] of cases) {
    if (!wanted(name)) continue;
    await open(new URLSearchParams(hash).toString());
    rows.push(await keystrokes(page, name, press));
  }
  for (const preset of ['notebook-rnn', 'notebook-lstm']) {
    const name = `preset ${preset} (128x28x12): typing a seed`;
    if (!wanted(name)) continue;
    await open('');
    await page.selectOption('#preset', preset);
    rows.push(await keystrokes(page, name, typeSeed));
  }
  for (const [mode, hidden] of [
    ['RNN', 4],
    ['LSTM', 64],
  ]) {
    const name = `paste 200x40x8, ${mode} hidden ${hidden} -> shapes`;
    if (!wanted(name)) continue;
    const link = new URLSearchParams({ mode, hidden_size: String(hidden) }).toString();
    rows.push(await pastes(page, () => open(link), name, table(200, 40, 8), 'torch.Size([200, 40, 8])'));
  }
  // 1000 sentences x 116 steps x 8 bits: 1,048,000 characters, just under the limit (1 MiB).
  // The model is set by the link (until 2026-12-03 the page opened on what the row before had left
  // in storage: the "RNN hidden 4" row measured LSTM 64).
  const big = table(1000, 116, 8);
  if (big.length > 1 << 20) throw new Error(`the 1 MiB table is ${big.length} characters`);
  await bareTextArea(page);
  for (const [mode, hidden] of [
    ['RNN', 4],
    ['LSTM', 64],
  ]) {
    const name = `paste a table at the 1 MiB limit (1000x116x8), ${mode} hidden ${hidden} -> shapes`;
    if (!wanted(name)) continue;
    const link = new URLSearchParams({ mode, hidden_size: String(hidden) }).toString();
    const floor = () => barePaste(page, browser.url, big);
    rows.push(await pastes(page, () => open(link), name, big, 'torch.Size([1000, 116, 8])', floor));
  }
  // The same table's cards below the fold, scrolled into view one by one once the paste is drawn.
  {
    const name = 'table at the 1 MiB limit, LSTM hidden 64: scrolling to the cards below the fold -> drawn';
    if (wanted(name)) {
      await open(new URLSearchParams({ mode: 'LSTM', hidden_size: '64' }).toString());
      await pasteInto(page, '#table', big);
      await page.waitForFunction(
        () => document.querySelector('#shape-x')?.textContent === 'torch.Size([1000, 116, 8])',
      );
      rows.push(await scrollThrough(page, name));
    }
  }
  // Training as a new learner meets it: a page of its own with nothing saved (the rows above
  // leave a 1 MiB table in this one's storage).
  const learner = await firstVisit(browser);
  const fresh = await learner.newPage();
  const openFresh = async (hash) => {
    await fresh.goto('about:blank');
    await fresh.goto(`${browser.url}#${hash}`);
    await fresh.waitForSelector('body[data-ready="true"]');
  };
  {
    const name = 'text card: Train, 300 steps on the English sample (LSTM 64)';
    if (wanted(name)) {
      await openFresh('');
      await fresh.waitForSelector('#text-train:not([disabled])');
      rows.push(
        await training(fresh, name, '#text-train', () => {
          const s = document.querySelector('#text-status');
          return (
            s?.dataset.steps === '300' &&
            document.querySelector('#text-train')?.getAttribute('aria-pressed') === 'false'
          );
        }),
      );
    }
  }
  {
    const name = 'digits mode: the first epoch (8 000 digits, LSTM 64, batch 64)';
    if (wanted(name)) {
      await openFresh('input=digits');
      await fresh.waitForFunction(() =>
        /Not trained yet/.test(document.querySelector('#digits-train-status')?.textContent),
      );
      await fresh.fill('#digits-epochs', '1');
      rows.push(
        await training(fresh, name, '#digits-train-button', () =>
          /Trained 1 epoch/.test(document.querySelector('#digits-train-status')?.textContent),
        ),
      );
    }
  }
  await learner.close();
  if (wanted('cold')) {
    rows.push(await coldLoad(browser, 'cold first visit -> ready (empty cache); bytes fetched before ready'));
    rows.push(
      await coldLoad(browser, 'the same over a 10 Mbit/s link with 50 ms latency (emulated)', {
        latency: 50,
        downloadThroughput: 1_250_000,
        uploadThroughput: 625_000,
      }),
    );
  }
  if (wanted('six')) rows.push(await sixElements(browser));
} finally {
  await browser.stop();
}

if (only || skip) process.exit(0);
const chromium = execFileSync('/usr/bin/chromium', ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] })
  .toString()
  .trim();
let commit;
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { stdio: ['ignore', 'pipe', 'ignore'] })
    .toString()
    .trim();
} catch {
  commit = 'unknown';
}
const cell = (r) =>
  r.bytes
    ? `${r.median.toFixed(0)} ms; ${(r.bytes / 1024).toFixed(0)} KiB`
    : r.inserted !== undefined
      ? `${r.median.toFixed(0)} ms (text area ${r.inserted.toFixed(0)} ms; every card ${r.everyCard.toFixed(0)} ms${r.floor === undefined ? '' : `; a bare text area ${r.floor.toFixed(0)} ms`})`
      : r.single
        ? `${r.median.toFixed(0)} ms`
        : ms(r.median);
const lines = [
  `Page latency (${chromium}, headless, 1360 x 1000; commit ${commit}; ${new Date().toISOString().slice(0, 10)}).`,
  `Keystrokes: Event Timing keydown -> next paint, ${KEYSTROKES} after ${WARMUP} warm-up (≤ 16 ms: below Event Timing's`,
  `smallest threshold); longest task: Long Tasks API while typing; new numbers drawn: keydown -> the playground's`,
  `recur-update -> the next frame (the compute runs in a worker). Cold visit and six elements: median of ${COLD_RUNS}, each`,
  `in a browser context of its own (nothing stored, nothing compiled before), opened ${BROWSER_UI_SETTLE_MS / 1000} s before the visit (the`,
  `browser's own UI for it starts meanwhile, as a visitor's has long before); bytes: every response that ended before`,
  `ready, the worker's included, as sent (gzipped by tools/serve.mjs). Pastes: median of ${PASTE_RUNS} first pastes, each on a page`,
  `just opened: the paste event -> #shape-x reads the new shape -> the next frame -> a user-blocking task; "every card": -> the`,
  `playground's recur-update (the late step view drawn too) -> the next frame -> a user-blocking task; "a bare text area": the`,
  `browser's floor, the same paste into a text area alone on a page (no script) -> the next frame, after each paste.`,
  '',
  '| what the learner does | median | p90 | longest main-thread task | keystroke -> new numbers drawn (median) |',
  '| --- | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${r.name} | ${cell(r)} | ${r.single ? '' : ms(r.p90)} | ${r.longest === undefined ? '' : `${r.longest.toFixed(0)} ms`} | ${r.drawn === undefined ? '' : `${r.drawn.toFixed(0)} ms`} |`,
  ),
];
writeFileSync(new URL('./page-results.md', import.meta.url), `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
console.log('wrote bench/page-results.md');
