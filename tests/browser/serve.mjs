// A tiny static file server for the www/ demo and the browser tests. Binds 127.0.0.1 only.
//
//   import { serve } from './serve.mjs';
//   const { url, close } = await serve('www');     // url: "http://127.0.0.1:PORT/"
//
//   node tests/browser/serve.mjs www 8080           // from the command line

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

const HOST = '127.0.0.1';

/**
 * Serves `dir` on 127.0.0.1. `port` 0 (default) picks a free port. `headers` are added to every
 * file response (the benchmark adds COOP/COEP for cross-origin isolation).
 * @returns {Promise<{url: string, port: number, close: () => Promise<void>}>}
 */
export async function serve(dir, port = 0, { headers = {}, onResponse = () => {}, validators = true } = {}) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    const send = (status, text) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
      res.end(text);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method not allowed');
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, `http://${HOST}`).pathname);
    } catch {
      return send(400, 'Bad request');
    }
    if (path.includes('\0')) return send(400, 'Bad request');
    let file = resolve(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) return send(403, 'Forbidden');
    try {
      let st = await stat(file);
      if (st.isDirectory()) {
        file = join(file, 'index.html');
        st = await stat(file);
      }
      if (!st.isFile()) return send(404, 'Not found');
      // A validator, so a revalidation (the service worker's precache) costs a 304, not the file.
      // Off for the start-up benchmark, whose every page is a first visit.
      const etag = validators ? `W/"${st.size.toString(16)}-${Math.trunc(st.mtimeMs).toString(16)}"` : undefined;
      const unchanged = etag !== undefined && req.headers['if-none-match'] === etag;
      onResponse(path, unchanged ? 304 : 200);
      if (unchanged) {
        res.writeHead(304, { ETag: etag, 'Cache-Control': 'no-cache', ...headers });
        return res.end();
      }
      res.writeHead(200, {
        ...(etag ? { ETag: etag } : {}),
        'Content-Type': MIME[extname(file).toLowerCase()] || 'application/octet-stream',
        'Content-Length': st.size,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        ...headers,
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file, { highWaterMark: 1 << 20 }).on('error', () => res.destroy()).pipe(res);
    } catch {
      send(404, 'Not found');
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, HOST, ok);
  });
  const actual = server.address().port;
  return {
    url: `http://${HOST}:${actual}/`,
    port: actual,
    close: () => new Promise((ok) => {
      server.closeAllConnections?.();
      server.close(() => ok());
    }),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] || 'www';
  const port = Number(process.argv[3] || 8080);
  const { url } = await serve(dir, port);
  console.log(`Koder: ${resolve(dir)} → ${url}  (Ctrl+C untuk berhenti / to stop)`);
}
