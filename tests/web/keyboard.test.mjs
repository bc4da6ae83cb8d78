// The page from the keyboard alone (issue 17): Tab walks every control in document order, each
// with a visible focus indicator (a computed outline on it, or on the label it is drawn as);
// the embed dialog, the step player, training, and saving and loading weights are all used
// with Tab, Enter, Space and the arrow keys. No mouse event is sent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { start, screenshotDir } from './browser.mjs';
import { drawEveryCard } from './axe.mjs';
import { loadRecur } from '../../dist/recur.mjs';

let browser, page;

before(async () => {
  browser = await start();
  page = browser.page;
  // Listening from the start makes the browser hand its file chooser to the test (enabled
  // asynchronously: turned on as the key is pressed, it came too late).
  page.on('filechooser', () => {});
  await browser.fresh();
});

after(async () => {
  await browser?.stop();
});

// The focused element: a name for it (tag#id, or tag[name=...]) and whether its focus can be
// seen: an outline on it, or, for a control drawn by its label (the segmented radios, opacity
// 0), on that label. Elements seen before carry their order of first focus.
const focused = () =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.name ? `[name=${el.name}]` : ''}${el.value && el.type === 'radio' ? `[value=${el.value}]` : ''}`;
    const ring = (e) => {
      const s = getComputedStyle(e);
      return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && Number(s.opacity) > 0;
    };
    const drawnBy = getComputedStyle(el).opacity === '0' ? el.closest('label') : el;
    const box = (drawnBy ?? el).getBoundingClientRect();
    return {
      name: el.tagName === 'SUMMARY' ? `summary in ${el.closest('[id]')?.id}` : name,
      visible: Boolean(drawnBy) && ring(drawnBy) && box.width > 0 && box.height > 0,
      inView: box.bottom > 0 && box.top < innerHeight,
    };
  });

// Presses Tab (Shift+Tab when `back`) until `name` has the focus.
async function tabTo(name, { back = false, max = 80 } = {}) {
  for (let k = 0; k < max; ++k) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if ((await focused())?.name === name) return;
  }
  assert.fail(`${name} not reached with ${back ? 'Shift+' : ''}Tab`);
}
const where = () => page.textContent('#step-where');
const status = () => page.textContent('#train-status');

test('Tab walks every control in document order, each with a visible focus indicator', async () => {
  // Cards are drawn, and some (the text card) load, when they come into view: show every card,
  // then list the controls once the list stops changing (the Train buttons are enabled once the
  // first loss is measured, the text card's once its text is cut).
  await page.locator('#train:not([disabled])').waitFor();
  await drawEveryCard(page);
  // What the walk should meet: every enabled, rendered control in document order; of a group of
  // radios only the checked one (arrow keys move inside the group).
  const controls = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('input, select, textarea, button, summary, a[href], [tabindex]')]
        .filter((el) => !el.disabled && el.tabIndex >= 0 && el.getClientRects().length > 0)
        .filter((el) => !(el.type === 'radio' && !el.checked))
        .map((el) =>
          el.tagName === 'SUMMARY'
            ? `summary in ${el.closest('[id]')?.id}`
            : `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.name ? `[name=${el.name}]` : ''}${el.type === 'radio' ? `[value=${el.value}]` : ''}`,
        ),
    );
  let expected = await controls();
  for (let k = 0; k < 20; ++k) {
    await page.waitForTimeout(500);
    const again = await controls();
    if (JSON.stringify(again) === JSON.stringify(expected)) break;
    expected = again;
  }
  await page.evaluate(() => document.activeElement?.blur());
  const walked = [];
  for (let k = 0; k < expected.length + 5; ++k) {
    await page.keyboard.press('Tab');
    const f = await focused();
    if (!f || walked.some((w) => w.name === f.name)) break;
    walked.push(f);
  }
  assert.deepEqual(
    walked.map((w) => w.name),
    expected,
  );
  assert.ok(walked.length >= 35, `${walked.length} controls`);
  for (const w of walked) {
    assert.ok(w.visible, `${w.name}: no visible focus indicator`);
    assert.ok(w.inView, `${w.name}: focused off screen`);
  }
  // Past the last control the focus leaves the page; Shift+Tab comes back the same way.
  await page.keyboard.press('Shift+Tab');
  assert.equal((await focused()).name, walked.at(-1).name);
  await page.keyboard.press('Shift+Tab');
  assert.equal((await focused()).name, walked.at(-2).name);
});

test('the embed dialog opens with Enter, keeps the focus inside, and Escape gives it back', async () => {
  await tabTo('button#embed', { back: true });
  await page.keyboard.press('Enter');
  await page.locator('#embed-dialog[open]').waitFor();
  const inside = [];
  for (let k = 0; k < 4; ++k) {
    inside.push((await focused())?.name);
    await page.keyboard.press('Tab');
  }
  assert.deepEqual(inside.slice(0, 3), ['textarea#embed-element', 'textarea#embed-iframe', 'button']);
  await page.screenshot({ path: `${screenshotDir}keyboard-dialog.png` });
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#embed-dialog[open]').count(), 0);
  assert.equal((await focused()).name, 'button#embed');
});

test('the step player: next, the slider with arrow keys, Play with Space, the sentence with arrow keys', async () => {
  await tabTo('button#step-next');
  assert.match(await where(), /^t = 0 of 0…2/);
  await page.keyboard.press('Enter');
  assert.match(await where(), /^t = 1 of 0…2/);
  await page.keyboard.press('Tab');
  assert.equal((await focused()).name, 'input#step-slider');
  await page.keyboard.press('ArrowRight');
  assert.match(await where(), /^t = 2 of 0…2/);
  await page.keyboard.press('Home');
  assert.match(await where(), /^t = 0 of 0…2/);
  await tabTo('button#step-play', { back: true });
  await page.keyboard.press('Space');
  assert.equal(await page.getAttribute('#step-play', 'aria-pressed'), 'true');
  // It plays to the last step and stops there.
  await page.locator('#step-play[aria-pressed="false"]').waitFor({ timeout: 10000 });
  assert.match(await where(), /^t = 2 of 0…2/);
  await tabTo('select#step-sentence', { back: true });
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.getAttribute('#step-values', 'data-sentence'), '1');
  // The timeline's values, opened from the keyboard.
  await tabTo('summary in step-timeline');
  await page.keyboard.press('Enter');
  await page.locator('#step-timeline details table').waitFor();
  assert.equal(await page.locator('#step-timeline details table tbody tr').count(), 1);
  await page.screenshot({ path: `${screenshotDir}keyboard-steps.png` });
});

test('training, then saving and loading the trained weights, from the keyboard', async () => {
  await tabTo('button#train');
  assert.match(await status(), /^step 0 · .* accuracy 3\/6/);
  await page.keyboard.press('Enter');
  await page
    .locator('#train-status', { hasText: /^step 200 · loss 0\.000\d · accuracy 6\/6/ })
    .waitFor({ timeout: 60000 });
  await page.keyboard.press('Tab');
  assert.equal((await focused()).name, 'button#train-step');
  await page.keyboard.press('Space');
  await page.locator('#train-status', { hasText: /^step 201 ·/ }).waitFor();

  // Save: both files, each from its button.
  await tabTo('button#save-json', { back: true });
  const [json] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const saved = JSON.parse(readFileSync(await json.path(), 'utf8'));
  assert.deepEqual(Object.keys(saved), [
    'weight_ih_l0',
    'weight_hh_l0',
    'bias_ih_l0',
    'bias_hh_l0',
    'head.weight',
    'head.bias',
  ]);
  await page.keyboard.press('Tab');
  assert.equal((await focused()).name, 'button#save-safetensors');
  const [safetensors] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const recur = await loadRecur();
  const dict = recur.readSafetensors(readFileSync(await safetensors.path()));
  assert.deepEqual(Array.from(dict['head.bias'].data), saved['head.bias'].data.map(Math.fround));

  // Reset to the seed, then load the trained file: the predictions are the trained ones again.
  await tabTo('button#train-reset');
  await page.keyboard.press('Enter');
  await page.locator('#train-status', { hasText: /^step 0 · .* accuracy 3\/6/ }).waitFor();
  await tabTo('button#load-weights', { back: true });
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')]);
  await chooser.setFiles({
    name: json.suggestedFilename(),
    mimeType: 'application/json',
    buffer: readFileSync(await json.path()),
  });
  await page.locator('#weights-status', { hasText: `Weights: ${json.suggestedFilename()} (loaded` }).waitFor();
  await page.locator('#train-status', { hasText: /^step 0 · loss 0\.000\d · accuracy 6\/6/ }).waitFor();
  assert.equal(await page.locator('#head .predicted.ok').count(), 6);
});

test('no errors in the console', () => {
  assert.deepEqual(browser.errors, []);
});
