// A static server for dist/ (the page, the JS API and the WebAssembly module).
//   node tools/serve.mjs            -> http://localhost:8080, this machine only
//   PORT=9000 node tools/serve.mjs  -> another port
//   HOST=0.0.0.0 node tools/serve.mjs -> also reachable from other devices on the network
// Also imported by the browser tests, which start it on a free port.
//
// The embeddable assets (every file but the HTML pages: the element's module, the JS API, the
// .wasm, style.css, KaTeX, uPlot) are sent with Access-Control-Allow-Origin: *, so a lesson page
// on another site can load <recur-playground> from here: a module script and its fetches are
// cross-origin requests, refused without that header (README, "Embedding", says what any
// static host must send).
//
// It only reads files under dist/, answers GET and HEAD, and stays up whatever a client sends:
// a request it cannot read gets 400, a path outside dist/ 403, and a client that never finishes
// its request is cut off (it cannot hold a connection open for ever).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const root = fileURLToPath(new URL('../dist/', import.meta.url));
const inside = root.endsWith(sep) ? root : root + sep;
// The pages carry the same policy in a <meta>; the header also covers the examples.
export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'";
const types = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ts': 'text/plain; charset=utf-8',
};

// Sent gzipped to a client that accepts it, as any web host sends them: a first visit fetches a
// third of the bytes (the .wasm 516 -> 181 kB). Each file is compressed once a content (a rebuilt
// file, whatever its time stamp, is compressed again), in memory; the PNGs are compressed already.
const COMPRESSIBLE = new Set(['.html', '.mjs', '.js', '.css', '.wasm', '.json', '.svg', '.ts', '.bin']);
const gzipped = new Map(); // file -> { source: Buffer, body: Promise<Buffer> }
const compress = promisify(gzip);

function gzippedBody(file, source) {
  const kept = gzipped.get(file);
  if (kept?.source.equals(source)) return kept.body;
  const entry = { source, body: compress(source) };
  gzipped.set(file, entry);
  entry.body.catch(() => gzipped.delete(file));
  return entry.body;
}

// Whether Accept-Encoding names gzip without refusing it (`gzip;q=0`).
const acceptsGzip = (header = '') =>
  header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return (coding === 'gzip' || coding === '*') && !(q && Number(q.slice(2)) === 0);
  });

// How long a client may take to send its headers, and its whole request (Node's defaults are a
// minute and five minutes, checked every 30 s). A page's requests take milliseconds.
const LIMITS = { headersTimeout: 10_000, requestTimeout: 30_000, connectionsCheckingInterval: 1_000 };

/** The file under dist/ that a request's URL names, or the status that refuses it. */
function resolve(url) {
  let path;
  try {
    path = decodeURIComponent(new URL(url, 'http://x').pathname);
  } catch {
    return { status: 400 }; // e.g. '/%E0%A4%A' (a broken escape) or '//' (not a path)
  }
  if (path.includes('\0')) return { status: 400 };
  if (path === '/favicon.ico') path = '/favicon.svg'; // what browsers ask for on pages without an icon link
  const file = normalize(join(root, path.endsWith('/') ? path + 'index.html' : path));
  return file.startsWith(inside) ? { file } : { status: 403 };
}

const plain = (res, status, text, headers = {}) =>
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers }).end(`${text}\n`);

async function handle(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    plain(res, 405, 'method not allowed: this server only reads files (GET, HEAD)', { Allow: 'GET, HEAD' });
    return;
  }
  const { file, status } = resolve(req.url);
  if (status) {
    plain(res, status, status === 403 ? 'forbidden' : 'bad request');
    return;
  }
  let body;
  try {
    body = await readFile(file);
  } catch {
    plain(res, 404, 'not found'); // also a directory, or a name the file system refuses
    return;
  }
  const embeddable = extname(file) !== '.html';
  const compressible = COMPRESSIBLE.has(extname(file));
  const encoded = compressible && acceptsGzip(req.headers['accept-encoding']);
  if (encoded) body = await gzippedBody(file, body);
  res.writeHead(200, {
    ...(embeddable ? { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' } : {}),
    'Content-Type': types[extname(file)] ?? 'application/octet-stream',
    ...(encoded ? { 'Content-Encoding': 'gzip' } : {}),
    ...(compressible ? { Vary: 'Accept-Encoding' } : {}),
    'Content-Length': body.length,
    'Cache-Control': 'no-cache',
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Serves dist/ on `host` (this machine only by default) and resolves with the listening server;
 * `limits` overrides the time limits above (the tests shorten them).
 */
export function serve(port = 8080, host = '127.0.0.1', limits = {}) {
  const server = createServer({ ...LIMITS, ...limits }, (req, res) => {
    handle(req, res).catch((error) => {
      // A bug here must not end the server: answer 500 and go on serving.
      console.error(`serve: ${req.method} ${req.url}: ${error.stack ?? error}`);
      if (!res.headersSent) plain(res, 500, 'internal error');
      else res.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      // Later errors (a socket that fails while listening) are reported; the server stays up.
      server.on('error', (error) => console.error(`serve: ${error.message}`));
      resolve(server);
    });
  });
}

/** Where other devices reach this machine: its non-internal IPv4 addresses. */
function networkAddresses() {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a.family === 'IPv4' && !a.internal)
    .map((a) => a.address);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const port = Number(process.env.PORT ?? 8080);
  const host = process.env.HOST || '127.0.0.1';
  serve(port, host).then(
    () => {
      console.log(`Recur playground: http://localhost:${port}`);
      if (host === '127.0.0.1' || host === 'localhost' || host === '::1') {
        console.log(`Only this machine can open it. To share it on your network: HOST=0.0.0.0 npm start`);
      } else {
        const shared = networkAddresses()
          .map((a) => `http://${a}:${port}`)
          .join('  ');
        console.log(`Listening on ${host}: anyone on your network can open it${shared ? ` at ${shared}` : ''}`);
      }
    },
    (error) => {
      console.error(
        `Cannot listen on ${host} port ${port}: ${error.message}${error.code === 'EADDRINUSE' ? ' (set PORT=... to use another)' : ''}`,
      );
      process.exit(1);
    },
  );
}
