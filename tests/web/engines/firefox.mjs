// Debian's firefox-esr, driven over WebDriver BiDi by puppeteer-core (which never downloads a
// browser), behind the small interface every engine suite here uses (see ./paths.mjs).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

export async function launchFirefox({ viewport }) {
  const profile = mkdtempSync(join(tmpdir(), 'recur-firefox-'));
  const downloads = mkdtempSync(join(tmpdir(), 'recur-firefox-downloads-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
    headless: true,
    userDataDir: profile,
    extraPrefsFirefox: {
      // A file the page saves (an <a download> of a Blob) goes straight into `downloads`.
      'browser.download.dir': downloads,
      'browser.download.folderList': 2,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.start_downloads_in_tmp_dir': false,
      // The clipboard as a test reads it: without this, readText() asks the user with a menu.
      'dom.events.testing.asyncClipboard': true,
    },
  });
  const page = (await browser.pages())[0] ?? (await browser.newPage());
  await page.setViewport(viewport);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

  return {
    name: 'Firefox',
    version: await browser.version(),
    errors: async () => errors,
    goto: (url) => page.goto(url),
    evaluate: (fn, ...args) => page.evaluate(fn, ...args),
    $$eval: (selector, fn, ...args) => page.$$eval(selector, fn, ...args),
    click: (selector) => page.click(selector),
    async typeAtEnd(selector, text) {
      await page.$eval(selector, (el) => {
        el.focus();
        el.setSelectionRange(el.value.length, el.value.length);
      });
      await page.keyboard.type(text);
    },
    type: (text) => page.keyboard.type(text),
    async press(...keys) {
      for (const key of keys) await page.keyboard.press(key);
    },
    async fill(selector, value) {
      await page.$eval(selector, (el) => {
        el.focus();
        el.select();
      });
      await page.keyboard.press('Backspace');
      await page.keyboard.type(value);
    },
    select: (selector, value) => page.select(selector, value),
    focus: (selector) => page.focus(selector),
    setFile: async (selector, path) => (await page.$(selector)).uploadFile(path),
    // The window as a person sees it, as in every engine here.
    screenshot: (path) => page.screenshot({ path }),
    /** Clicks `selector` and returns the file the browser saved, once it is complete. */
    async download(selector) {
      const before = new Set(readdirSync(downloads));
      await page.click(selector);
      let last = null;
      for (let k = 0; k < 200; ++k) {
        // Firefox makes an empty file of the final name at once and writes NAME.part beside it:
        // the file is complete once it is not empty, has no .part and kept its size for a poll.
        const files = readdirSync(downloads);
        const name = files.find((f) => !before.has(f) && !f.endsWith('.part') && !files.includes(`${f}.part`));
        // A temporary name Firefox renames between the listing and the read is not the file yet.
        let bytes = null;
        try {
          bytes = name && readFileSync(join(downloads, name));
        } catch (error) {
          if (error.code !== 'ENOENT') throw error;
        }
        if (bytes?.length && last?.name === name && last.size === bytes.length) return { name, bytes };
        last = bytes ? { name, size: bytes.length } : null;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`Firefox saved no whole file for ${selector} in 10 s`);
    },
    readClipboard: () => page.evaluate(() => navigator.clipboard.readText()),
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
      rmSync(downloads, { recursive: true, force: true });
    },
  };
}
