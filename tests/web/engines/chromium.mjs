// Debian's Chromium through playwright-core, for scalar.test.mjs, which needs a launch flag the
// Chromium suite's tests/web/browser.mjs does not take: the part of ./paths.mjs's engine
// interface that test uses.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/**
 * `simd: false` starts V8 as on a processor without SSE4.1 (--no-enable-sse4-1), where it has
 * no WebAssembly SIMD: WebAssembly.validate refuses SIMD modules, as on such a machine.
 */
export async function launchChromium({ viewport, simd = true }) {
  const profile = mkdtempSync(join(tmpdir(), 'recur-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(simd ? [] : ['--js-flags=--no-enable-sse4-1']),
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return {
    name: 'Chromium',
    errors: async () => errors,
    goto: (url) => page.goto(url),
    // Playwright passes one argument; a call expression passes them all (devtools evaluation
    // is not subject to the page's Content-Security-Policy).
    evaluate: (fn, ...args) => page.evaluate(`(${fn})(...${JSON.stringify(args)})`),
    $$eval: (selector, fn, ...args) => page.$$eval(selector, fn, ...args),
    click: (selector) => page.click(selector),
    // The window as a person sees it, as in every engine here.
    screenshot: (path) => page.screenshot({ path }),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
