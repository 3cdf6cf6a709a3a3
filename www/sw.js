// Koder service worker: caches every asset of the demo on the first visit and serves them
// cache-first, so the pages keep working with the network cable pulled. The cache is named
// after the engine, catalog format and data versions (sw.js?v=<koder>-<format>-<data_version>); a new version installs
// a new cache and deletes the old ones. Only same-origin GET requests are handled.
const VERSION = new URL(self.location.href).searchParams.get('v') || 'dev';
const CACHE = `koder-${VERSION}`;
const ASSETS = [
  './',
  'index.html',
  'fktp.html',
  'cari.html',
  'audit.html',
  'style.css',
  'boot.js',
  'demo.js',
  'fktp.js',
  'resume.js',
  'cari.js',
  'audit.js',
  'audit-worker.js',
  'components/engine.js',
  'components/koder-code-input.js',
  'components/koder-claim-panel.js',
  'components/code-set-store.js',
  'pkg/koder.js',
  'pkg/koder_search_bg.wasm',
  'pkg/koder_full_bg.wasm',
  'pkg/koder_catalog.bin',
];

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // cache: 'no-cache' asks the server every time (so a new version is really fetched), but a
    // file the page has just downloaded comes back as a 304 from a server with validators
    // (ETag / Last-Modified): the first visit does not download the modules twice.
    await cache.addAll(ASSETS.map((u) => new Request(u, { cache: 'no-cache' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('koder-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(req, { ignoreSearch: true });
    if (hit) return hit;
    let res;
    try {
      res = await fetch(req);
    } catch (e) {
      // Offline and not cached: a page navigation falls back to the main form.
      const home = req.mode === 'navigate' ? await cache.match('index.html') : undefined;
      if (home) return home;
      throw e;
    }
    // Anything else of this origin (e.g. a file added later) is kept for the next offline visit.
    if (res.ok && res.type === 'basic') cache.put(req, res.clone());
    return res;
  })());
});
