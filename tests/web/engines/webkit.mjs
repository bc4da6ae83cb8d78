// WebKitGTK (Safari's engine): Debian's WebKitWebDriver starting MiniBrowser on a private X
// server (xvfb-run), driven by the small WebDriver client beside this file, behind the
// interface every engine suite here uses (see ./paths.mjs).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { Keys, WebDriver } from './webdriver.mjs';

// Debian ships MiniBrowser with libwebkit2gtk-4.1-0, under the architecture's library folder.
const minibrowser = () =>
  process.env.MINIBROWSER ??
  readdirSync('/usr/lib')
    .map((dir) => `/usr/lib/${dir}/webkit2gtk-4.1/MiniBrowser`)
    .find((path) => existsSync(path));

/** A free loopback port for the driver. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = probe.address();
        probe.close(() => resolve(port));
      });
  });
}

/**
 * `simd: false` starts the engine with WebAssembly SIMD switched off in JavaScriptCore
 * (JSC_useWasmSIMD=0), as on a device whose WebKit has none.
 */
export async function launchWebKit({ viewport, simd = true }) {
  const port = await freePort();
  // The X screen has room for the window and its frame.
  const screen = `${viewport.width + 40}x${viewport.height + 100}x24`;
  const driver = spawn(
    'xvfb-run',
    ['-a', '-s', `-screen 0 ${screen} -nolisten tcp`, 'WebKitWebDriver', `--port=${port}`],
    {
      detached: true, // its own process group: xvfb-run, Xvfb, the driver and the browser stop together
      stdio: ['ignore', 'ignore', 'pipe'],
      // Xvfb has no GPU: WebKit's compositing would run on a software GL and take twice as long
      // a frame (measured: 0.5-1.9 s against 0.25-0.7 s a keystroke on this page) for pixels
      // that come out the same. JSC_useWasmSIMD=0 switches JavaScriptCore's SIMD off.
      env: { WEBKIT_DISABLE_COMPOSITING_MODE: '1', ...process.env, ...(simd ? {} : { JSC_useWasmSIMD: '0' }) },
    },
  );
  let log = '';
  driver.stderr.on('data', (chunk) => {
    log = (log + chunk).slice(-4000);
  });
  const stop = () => {
    try {
      process.kill(-driver.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  const server = `http://127.0.0.1:${port}`;
  let wd;
  try {
    for (let k = 0; ; ++k) {
      if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited (${driver.exitCode}): ${log}`);
      if (k === 300) throw new Error(`WebKitWebDriver did not answer on ${server} in 30 s: ${log}`);
      if (
        await fetch(`${server}/status`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    wd = await WebDriver.open(server, {
      'webkitgtk:browserOptions': {
        binary: minibrowser(),
        // --javascript-can-access-clipboard lets the test read the clipboard back (Safari
        // asks the user with a Paste menu otherwise); like Firefox's testing pref.
        args: ['--automation', '--javascript-can-access-clipboard=true'],
      },
    });
    await wd.setWindowRect(viewport);
  } catch (error) {
    stop();
    throw error;
  }

  const evaluate = (fn, ...args) => wd.execute(`return (${fn}).apply(null, arguments)`, args);
  const element = (selector) => wd.find(selector);
  // WebKitWebDriver's Element Click refuses, as "not interactable", the code card's Copy button,
  // in a card with `content-visibility: auto` (a refusal that lasts: tried again for seconds, it
  // stays), where a person's click reaches it. So when the driver refuses, the test checks what
  // decides a person's click, that the page's own hit test at the button's centre
  // (document.elementFromPoint) finds the button or something inside it, and then clicks it from
  // the page (element.click()); a button covered or hidden still fails.
  const click = async (selector) => {
    const el = await element(selector);
    try {
      return await wd.click(el);
    } catch (error) {
      if (error.code !== 'element not interactable') throw error;
    }
    const reached = await evaluate((s) => {
      const target = document.querySelector(s);
      target.scrollIntoView({ block: 'center', inline: 'nearest' });
      const r = target.getBoundingClientRect();
      const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      if (!hit || !target.contains(hit)) return false;
      target.click();
      return true;
    }, selector);
    if (!reached) throw new Error(`${selector}: not interactable, and covered at its centre`);
  };
  // Classic WebDriver has no console log: the suite collects errors in the page itself, from
  // the moment each page has loaded (an error while loading shows as a page that never gets
  // ready, which the suite waits for).
  const errors = [];
  const harvest = async () =>
    errors.push(...(await evaluate(() => window.__engineErrors?.splice(0) ?? []).catch(() => [])));
  const listen = () =>
    evaluate(() => {
      if (window.__engineErrors) return;
      window.__engineErrors = [];
      addEventListener('error', (e) => window.__engineErrors.push(e.message));
      addEventListener('unhandledrejection', (e) => window.__engineErrors.push(String(e.reason?.message ?? e.reason)));
      const error = console.error.bind(console);
      console.error = (...args) => {
        window.__engineErrors.push(args.join(' '));
        error(...args);
      };
    });
  // WebDriver types '\n' as a character, not as the Enter key a person presses.
  const keystrokes = (text) => text.replace(/\n/g, Keys.Enter);

  return {
    name: 'WebKit',
    // The user agent's AppleWebKit/605.1.15 is frozen; the driver names WebKitGTK's own version.
    version: `WebKitGTK ${wd.capabilities.browserVersion}`,
    async errors() {
      await harvest();
      return errors;
    },
    async goto(url) {
      await harvest();
      await wd.navigate(url);
      await listen();
    },
    evaluate,
    $$eval: (selector, fn, ...args) =>
      wd.execute(
        `return (${fn}).apply(null, [[...document.querySelectorAll(arguments[0])], ...[...arguments].slice(1)])`,
        [selector, ...args],
      ),
    click,
    async typeAtEnd(selector, text) {
      await evaluate((s) => {
        const el = document.querySelector(s);
        el.focus();
        el.setSelectionRange(el.value.length, el.value.length);
      }, selector);
      await wd.sendKeys(await element(selector), keystrokes(text));
    },
    // Send Keys leaves the caret where it is in an element that has the focus already.
    type: async (text) => wd.sendKeys(await wd.activeElement(), keystrokes(text)),
    press: (...keys) => wd.keys(keys.map((key) => Keys[key] ?? key)),
    async fill(selector, value) {
      const el = await element(selector);
      await wd.clear(el);
      await wd.sendKeys(el, keystrokes(value));
    },
    select: (selector, value) => click(`${selector} option[value="${value}"]`),
    focus: (selector) => evaluate((s) => document.querySelector(s).focus(), selector),
    setFile: async (selector, path) => wd.sendKeys(await element(selector), path),
    /**
     * The window as a person sees it. (Not the whole page: stretching the window to the page's
     * height, 4000 px, for a shot made WebKitWebDriver's GET /screenshot hang at times.)
     */
    screenshot: async (path) => writeFileSync(path, await wd.screenshot()),
    // WebKitWebDriver's GET /screenshot never answers on a file:// page (measured: even a page
    // of one <h1>, 2 minutes), so the suite reads that page without a shot here.
    screenshotsFileUrls: false,
    /**
     * MiniBrowser under automation saves nothing to disk, so the file is taken where the page
     * hands it to the browser: the Blob behind the <a download> it clicks.
     */
    async download(selector) {
      // The Blob is kept as the page makes its URL (the page's policy allows no fetch of blob:).
      await evaluate(() => {
        window.__engineDownloads = [];
        const blobs = new Map();
        const createObjectURL = URL.createObjectURL;
        URL.createObjectURL = (blob) => {
          const href = createObjectURL(blob);
          blobs.set(href, blob);
          return href;
        };
        const click = HTMLAnchorElement.prototype.click;
        HTMLAnchorElement.prototype.click = function () {
          if (!this.download) return click.call(this);
          window.__engineDownloads.push(
            blobs
              .get(this.href)
              .arrayBuffer()
              .then((b) => ({ name: this.download, bytes: [...new Uint8Array(b)] })),
          );
        };
      });
      await click(selector);
      // The file is made by the compute worker: the page clicks its link when the answer comes.
      let saved = [];
      for (const end = Date.now() + 10000; saved.length === 0 && Date.now() < end;)
        saved = await evaluate(async () => Promise.all(window.__engineDownloads));
      if (saved.length !== 1) throw new Error(`WebKit: ${selector} offered ${saved.length} files, expected 1`);
      return { name: saved[0].name, bytes: Buffer.from(saved[0].bytes) };
    },
    readClipboard: () => evaluate(() => navigator.clipboard.readText()),
    async close() {
      try {
        await wd.close();
      } finally {
        stop();
      }
    },
  };
}
