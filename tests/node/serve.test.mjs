// The static server (tools/serve.mjs) against hostile requests, on loopback only: broken
// escapes, paths out of dist/ (plain and encoded), huge headers, clients that never finish,
// methods it does not serve. After each, it still serves the page. Every wait is bounded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { serve } from '../../tools/serve.mjs';

let server, port;

before(async () => {
  // Short limits so a slow client is cut off within the test's time.
  server = await serve(0, undefined, { headersTimeout: 1000, requestTimeout: 2000 });
  port = server.address().port;
});

after(
  () =>
    new Promise((done) => {
      server.closeAllConnections();
      server.close(done);
    }),
);

/**
 * Sends `text` as it is on a new connection and reads the answer until the server closes it
 * (or `timeout` ms): { status, headers, body (a latin1 string, or with `bytes` the bytes), ms }.
 * Nothing here normalizes the request.
 */
function raw(text, { timeout = 5000, host = '127.0.0.1', to = port, bytes = false } = {}) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(to, host);
    const chunks = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer in ${timeout} ms to ${JSON.stringify(text.slice(0, 60))}`));
    }, timeout);
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const answer = Buffer.concat(chunks);
      const end = answer.indexOf('\r\n\r\n');
      const head = (end < 0 ? answer : answer.subarray(0, end)).toString('latin1');
      const body = end < 0 ? Buffer.alloc(0) : answer.subarray(end + 4);
      const [statusLine, ...lines] = head.split('\r\n');
      resolve({
        status: Number(statusLine.split(' ')[1]) || 0,
        headers: Object.fromEntries(
          lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
        ),
        body: bytes ? body : body.toString('latin1'),
        ms: Date.now() - started,
      });
    });
    socket.write(text);
  });
}
const get = (path, method = 'GET') => raw(`${method} ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);

/** The page is still served, whole. */
async function stillServes() {
  const page = await get('/');
  assert.equal(page.status, 200);
  assert.match(page.body, /<title>Recur/);
}

test('it listens on loopback unless told otherwise', () => {
  assert.equal(server.address().address, '127.0.0.1');
});

test('a broken percent-escape is a 400, and the server keeps serving', async () => {
  for (const path of ['/%E0%A4%A', '/%', '/%zz', '/%C0%AF', '/%ED%A0%80', '/index.html%']) {
    const answer = await get(path);
    assert.equal(answer.status, 400, path);
    await stillServes();
  }
  assert.equal((await get('/%00')).status, 400, 'a NUL byte in the path');
});

test('no path leaves dist/, however it is spelled', async () => {
  const escapes = [
    '/..%2fpackage.json',
    '/..%2F..%2Fetc%2Fpasswd',
    '/examples/..%2f..%2fpackage.json',
    '/%2e%2e%2fpackage.json',
  ];
  for (const path of escapes) assert.equal((await get(path)).status, 403, path);
  // These the URL parser already resolves inside dist/ (or leaves as odd names): not found.
  for (const path of [
    '/../package.json',
    '/%2e%2e/package.json',
    '/.%2e/.%2e/package.json',
    '/%252e%252e%252fpackage.json',
    '/..\\package.json',
    '//etc/passwd',
    'http://other/../../etc/passwd',
  ]) {
    const answer = await get(path);
    assert.ok([403, 404, 400].includes(answer.status), `${path}: ${answer.status}`);
    assert.doesNotMatch(answer.body, /"devDependencies"|root:x:0/, path);
  }
  await stillServes();
});

test('a request with huge headers is refused (431), and the server keeps serving', async () => {
  const answer = await raw(
    `GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(100_000)}\r\nConnection: close\r\n\r\n`,
  );
  assert.equal(answer.status, 431);
  const many = Array.from({ length: 3000 }, (_, k) => `X-H${k}: v`).join('\r\n');
  assert.equal((await raw(`GET / HTTP/1.1\r\nHost: localhost\r\n${many}\r\n\r\n`)).status, 431);
  await stillServes();
});

test('clients that never finish their request are cut off, and others are served meanwhile', async () => {
  // 20 connections send half a request and then nothing (a slow-loris attack).
  const slow = Array.from({ length: 20 }, () =>
    raw('GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ', { timeout: 8000 }),
  );
  await stillServes();
  const cut = await Promise.all(slow);
  for (const answer of cut) {
    assert.ok([0, 408].includes(answer.status), `status ${answer.status}`);
    assert.ok(answer.ms < 8000);
  }
  // One that sends a byte at a time, never ending its headers, is cut off all the same.
  const socket = connect(port, '127.0.0.1');
  const drip = setInterval(() => socket.write('a'), 100);
  socket.write('GET / HTTP/1.1\r\nX-Drip: ');
  const closed = await new Promise((resolve) => {
    const limit = setTimeout(() => resolve(false), 8000);
    socket.on('close', () => {
      clearTimeout(limit);
      resolve(true);
    });
    socket.on('error', () => {});
  });
  clearInterval(drip);
  socket.destroy();
  assert.ok(closed, 'a dripping client is disconnected');
  await stillServes();
});

test('the embeddable assets may be loaded by a page of another origin; the pages themselves carry no such header', async () => {
  for (const path of ['/recur-playground.mjs', '/recur-core.mjs', '/recur-core.wasm', '/style.css', '/katex.mjs']) {
    const answer = await get(path, 'HEAD');
    assert.equal(answer.status, 200, path);
    assert.equal(answer.headers['access-control-allow-origin'], '*', path);
    assert.equal(answer.headers['cross-origin-resource-policy'], 'cross-origin', path);
  }
  for (const path of ['/', '/embed.html']) {
    const answer = await get(path, 'HEAD');
    assert.equal(answer.status, 200, path);
    assert.equal(answer.headers['access-control-allow-origin'], undefined, path);
  }
});

test('a client that accepts gzip gets the files gzipped, byte for byte the same once inflated', async () => {
  const dist = new URL('../../dist/', import.meta.url);
  for (const [path, encoding] of [
    ['/recur-core.wasm', 'gzip, deflate, br'],
    ['/app.mjs', 'br;q=1.0, gzip;q=0.8'],
    ['/', 'gzip'],
  ]) {
    const file = readFileSync(new URL(path === '/' ? 'index.html' : path.slice(1), dist));
    const answer = await raw(
      `GET ${path} HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: ${encoding}\r\nConnection: close\r\n\r\n`,
      { bytes: true },
    );
    assert.equal(answer.headers['content-encoding'], 'gzip', path);
    assert.equal(answer.headers.vary, 'Accept-Encoding', path);
    assert.equal(Number(answer.headers['content-length']), answer.body.length, path);
    assert.ok(answer.body.length < file.length, path);
    assert.deepEqual(gunzipSync(answer.body), file, path);
  }
  // Not asked for, or refused: the file as it is.
  for (const encoding of [null, 'identity', 'gzip;q=0', 'br']) {
    const answer = await raw(
      `GET /recur-core.wasm HTTP/1.1\r\nHost: localhost\r\n${encoding ? `Accept-Encoding: ${encoding}\r\n` : ''}Connection: close\r\n\r\n`,
      { bytes: true },
    );
    assert.equal(answer.headers['content-encoding'], undefined, String(encoding));
    assert.deepEqual(answer.body, readFileSync(new URL('recur-core.wasm', dist)), String(encoding));
  }
});

test('HEAD answers the headers only; OPTIONS, POST and unknown methods are refused', async () => {
  const head = await get('/', 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
  assert.ok(Number(head.headers['content-length']) > 100);
  for (const method of ['OPTIONS', 'POST', 'PUT', 'DELETE']) {
    const answer = await get('/', method);
    assert.equal(answer.status, 405, method);
    assert.equal(answer.headers.allow, 'GET, HEAD');
  }
  const posted = await raw(
    'POST /index.html HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello',
  );
  assert.equal(posted.status, 405);
  assert.equal((await raw('BREW / HTTP/1.1\r\nHost: localhost\r\n\r\n')).status, 400, 'a method HTTP does not have');
  assert.equal((await raw('GARBAGE\r\n\r\n')).status, 400, 'not HTTP at all');
  await stillServes();
});

test("`npm start`'s server: localhost only, says how to share, and survives the request that used to end it", async () => {
  // A free port for the command line server.
  const free = await new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const p = probe.address().port;
      probe.close(() => resolve(p));
    });
  });
  const env = { ...process.env, PORT: String(free) };
  delete env.HOST;
  const child = spawn(process.execPath, [fileURLToPath(new URL('../../tools/serve.mjs', import.meta.url))], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    await new Promise((resolve, reject) => {
      const limit = setTimeout(() => reject(new Error(`no start message in 10 s: ${out}`)), 10000);
      child.stdout.on('data', (c) => {
        out += c;
        if (/share it/.test(out)) {
          clearTimeout(limit);
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    assert.match(out, new RegExp(`Recur playground: http://localhost:${free}\\n`));
    assert.match(out, /Only this machine can open it\. To share it on your network: HOST=0\.0\.0\.0 npm start/);
    assert.equal(
      (await raw('GET /%E0%A4%A HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n', { to: free })).status,
      400,
    );
    assert.equal(child.exitCode, null, 'still running');
    assert.equal(
      (await raw('GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n', { to: free })).status,
      200,
    );
    // Not reachable through this machine's network addresses.
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a.family === 'IPv4' && !a.internal);
    if (external)
      await assert.rejects(
        raw('GET / HTTP/1.1\r\n\r\n', { to: free, host: external.address, timeout: 3000 }),
        /ECONNREFUSED/,
      );
    else console.log('# no network address besides loopback on this machine: the refusal from outside was not tried');
  } finally {
    child.kill();
  }
});
