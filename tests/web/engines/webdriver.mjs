// A small WebDriver (classic, W3C: JSON over HTTP) client: only the commands the WebKit suite
// uses. It needs nothing but Node's fetch; an npm client (selenium-webdriver, webdriverio) would
// bring dozens of packages for the same dozen endpoints.
// Spec: https://www.w3.org/TR/webdriver2/ (endpoints and the element key below are from it).

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** The WebDriver key codes (spec, "Keyboard actions") for the keys the tests press. */
export const Keys = {
  Backspace: '\uE003',
  Enter: '\uE007',
  End: '\uE010',
  Home: '\uE011',
  ArrowLeft: '\uE012',
  ArrowUp: '\uE013',
  ArrowRight: '\uE014',
  ArrowDown: '\uE015',
  Control: '\uE009',
};

export class WebDriverError extends Error {
  constructor(command, { error, message }) {
    super(`${command}: ${error}: ${message}`);
    this.name = 'WebDriverError';
    this.code = error;
  }
}

export class WebDriver {
  #base;
  /** What the driver answered it has: browserName, browserVersion, ... */
  capabilities;

  constructor(base, capabilities) {
    this.#base = base;
    this.capabilities = capabilities;
  }

  /** Starts a session at `server` (e.g. http://127.0.0.1:4444) with the capabilities asked for. */
  static async open(server, alwaysMatch) {
    const { sessionId, capabilities } = await request(
      `${server}/session`,
      'POST',
      { capabilities: { alwaysMatch } },
      'new session',
    );
    return new WebDriver(`${server}/session/${sessionId}`, capabilities);
  }

  command(method, path, body) {
    return request(`${this.#base}${path}`, method, body, `${method} ${path}`);
  }

  navigate(url) {
    return this.command('POST', '/url', { url });
  }
  url() {
    return this.command('GET', '/url');
  }
  /** Runs `script` (a function body; `arguments` are `args`) and awaits a promise it returns. */
  execute(script, args = []) {
    return this.command('POST', '/execute/sync', { script, args });
  }
  async find(css) {
    return (await this.command('POST', '/element', { using: 'css selector', value: css }))[ELEMENT];
  }
  async activeElement() {
    return (await this.command('GET', '/element/active'))[ELEMENT];
  }
  click(element) {
    return this.command('POST', `/element/${element}/click`, {});
  }
  clear(element) {
    return this.command('POST', `/element/${element}/clear`, {});
  }
  /** Types `text` into the element as keystrokes (for a file input: the file's path). */
  sendKeys(element, text) {
    return this.command('POST', `/element/${element}/value`, { text });
  }
  /** Presses and releases each key of `keys` in turn, to the focused element. */
  keys(keys) {
    const actions = [...keys].flatMap((value) => [
      { type: 'keyDown', value },
      { type: 'keyUp', value },
    ]);
    return this.command('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
  }
  /** The current viewport as PNG bytes. */
  async screenshot() {
    return Buffer.from(await this.command('GET', '/screenshot'), 'base64');
  }
  setWindowRect(rect) {
    return this.command('POST', '/window/rect', rect);
  }
  newWindow() {
    return this.command('POST', '/window/new', { type: 'tab' });
  }
  windowHandle() {
    return this.command('GET', '/window');
  }
  switchTo(handle) {
    return this.command('POST', '/window', { handle });
  }
  closeWindow() {
    return this.command('DELETE', '/window');
  }
  close() {
    return this.command('DELETE', '');
  }
}

// A command the driver never answers fails the test that sent it instead of stalling the run
// (every command here answers within seconds; the longest are page loads on a loaded machine).
const ANSWER_WITHIN_MS = 120000;

async function request(url, method, body, what) {
  const signal = AbortSignal.timeout(ANSWER_WITHIN_MS);
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  }).catch((error) => {
    throw new Error(`${what}: the driver did not answer (${error.cause?.message ?? error.message})`);
  });
  const reply = await response.json();
  if (!response.ok)
    throw new WebDriverError(what, reply.value ?? { error: String(response.status), message: JSON.stringify(reply) });
  return reply.value;
}
