// The page's latency in Chromium, from a keystroke to the repainted page, as a learner types:
//   - flipping a bit of the first sentence (a digit typed over it): that sentence's outputs,
//     the step view and the head change, on the notebook's table and on a 32 x 16 table (32
//     sentences of 16 steps) with hidden_size 64;
//   - typing a digit over the seed: new weights, so every number on the page changes, on the
//     32 x 16 table and on the notebook's random example (x of 128 x 28 x 12, nn.RNN(12, 64, 2)
//     and nn.LSTM(12, 64)).
// Every keystroke recomputes everything (model, forward, head, step intermediates).
// A keystroke's time runs from its keydown event to the frame after the page's update (a
// requestAnimationFrame callback, then a task: the paint has happened). The page also marks
// its own compute time (performance.measure 'recur:compute'). Not a test: nothing asserts time.
//
//   npm run bench:page        (build, then node bench/page.mjs; writes bench/page-results.md)
import { writeFileSync } from 'node:fs';
import { start } from '../tests/web/browser.mjs';

const KEYSTROKES = 40, WARMUP = 5;

function table(batch, steps) {
  const cell = (b, t) => ((b * 7 + t * 3) % 8).toString(2).padStart(3, '0');
  const rows = [];
  for (let b = 0; b < batch; ++b) rows.push(`${Array.from({ length: steps }, (_, t) => cell(b, t)).join(' ')} | ${b % 2}`);
  return rows.join('\n');
}

// Installs the stopwatch (once a page): keydown -> 'recur-update' -> next frame -> a task.
async function stopwatch(page) {
  await page.evaluate(() => {
    window.latencies = [];
    window.computes = [];
    window.updates = [];
    if (window.stopwatchInstalled) return;
    window.stopwatchInstalled = true;
    let t0 = null;
    addEventListener('keydown', () => { t0 = performance.now(); }, { capture: true });
    addEventListener('recur-update', () => {
      if (t0 === null) return;
      const started = t0;
      t0 = null;
      const compute = performance.getEntriesByName('recur:compute', 'measure').at(-1)?.duration;
      window.updates.push(performance.getEntriesByName('recur:update', 'measure').at(-1)?.duration);
      requestAnimationFrame(() => setTimeout(() => {
        window.latencies.push(performance.now() - started);
        window.computes.push(compute);
      }));
    }, { capture: true });
  });
}

const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

async function measure(page, name, press) {
  await stopwatch(page);
  for (let k = 0; k < KEYSTROKES + WARMUP; ++k) {
    await press(k);
    await page.waitForFunction((n) => window.latencies.length >= n, k + 1);
  }
  const { latencies, computes, updates } = await page.evaluate(() => ({ latencies: window.latencies, computes: window.computes, updates: window.updates }));
  const l = latencies.slice(WARMUP), c = computes.slice(WARMUP), u = updates.slice(WARMUP);
  const row = { name, median: quantile(l, 0.5), p90: quantile(l, 0.9), update: quantile(u, 0.5), compute: quantile(c, 0.5) };
  console.log(`${name}: median ${row.median.toFixed(1)} ms, p90 ${row.p90.toFixed(1)} ms (page JS ${row.update.toFixed(1)} ms, of which WebAssembly calls ${row.compute.toFixed(1)} ms)`);
  return row;
}

const browser = await start();
const { page } = browser;
const rows = [];
try {
  const open = async (hash) => {
    await page.goto(`${browser.url}#${hash}`);
    await page.waitForSelector('body[data-ready="true"]');
  };
  // The first bit of the first sentence's first cell, selected; the digit typed over it flips it.
  const flipFirstBit = async (k) => {
    await page.evaluate(() => {
      const ta = document.querySelector('#table');
      const at = ta.value.search(/[01]{2,}/);  // the first cell (a header row has none)
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
  await open('');
  rows.push(await measure(page, "notebook table (6x3), RNN hidden 4: flipping a bit", flipFirstBit));
  for (const mode of ['RNN', 'LSTM']) {
    await open(new URLSearchParams({ table: table(32, 16), hidden_size: '64', mode }).toString());
    rows.push(await measure(page, `table 32x16, ${mode} hidden 64: flipping a bit`, flipFirstBit));
    rows.push(await measure(page, `table 32x16, ${mode} hidden 64: typing a seed`, typeSeed));
  }
  for (const preset of ['notebook-rnn', 'notebook-lstm']) {
    await open('');
    await page.selectOption('#preset', preset);
    rows.push(await measure(page, `preset ${preset} (128x28x12): typing a seed`, typeSeed));
  }
} finally {
  await browser.stop();
}

const chromium = (await import('node:child_process')).execFileSync('/usr/bin/chromium', ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
const lines = [
  `Page latency, keystroke to repainted page (${KEYSTROKES} keystrokes each after ${WARMUP} warm-up; ${chromium}, headless, this machine).`,
  '',
  '| what the learner does | median | p90 | page JS (median) | of which WebAssembly (median) |',
  '| --- | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.name} | ${r.median.toFixed(1)} ms | ${r.p90.toFixed(1)} ms | ${r.update.toFixed(1)} ms | ${r.compute.toFixed(1)} ms |`),
];
writeFileSync(new URL('./page-results.md', import.meta.url), `${lines.join('\n')}\n`);
console.log('wrote bench/page-results.md');
