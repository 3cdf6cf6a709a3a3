// Jawaban pertama dari separuh unduhan / The first answer from half the download (www/index.html
// in headless Chromium): while the full module (koder_full_bg.wasm) is held back by the test,
// <koder-code-input> already answers from the search module and the catalog; the claim panel
// waits, and a call that needs the full module throws `not_ready`. Once the full module arrives,
// the panel checks the claim. The catalog is fetched once for both modules.
//
//   bash scripts/build-wasm.sh && node --test tests/browser/split.test.mjs

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from './serve.mjs';
import { launch, skipReason } from './harness.mjs';

describe('www/index.html: pencarian sebelum modul lengkap / search before the full module', { skip: skipReason() }, () => {
  let server;
  let browser;
  let page;
  let release;
  const held = new Promise((ok) => { release = ok; });
  const requests = []; // the page's own (the service worker's precache comes after, apart)
  const served = []; // the server's answers for the catalog: 200 (the file) or 304 (not again)
  const consoleErrors = [];

  before(async () => {
    server = await serve(new URL('../../www/', import.meta.url).pathname, 0, {
      onResponse: (path, status) => { if (path === '/pkg/koder_catalog.bin') served.push(status); },
    });
    browser = await launch();
    page = browser.page;
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    await page.route('**/pkg/koder_full_bg.wasm', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${server.url}index.html`);
  });

  after(async () => {
    release();
    await browser?.close();
    await server?.close();
  });

  const combo = page => page.locator('koder-code-input[name="diagnosa_utama"] input[role="combobox"]');

  test('kotak kode menjawab, panel klaim menunggu / the code box answers, the claim panel waits', async () => {
    await page.waitForFunction(() => !document.querySelector('koder-code-input[name="diagnosa_utama"]')
      .shadowRoot.querySelector('[role="combobox"]').disabled, null, { timeout: 30_000 });
    await combo(page).click();
    await page.keyboard.type('dbd');
    await page.waitForFunction(() => {
      const root = document.querySelector('koder-code-input[name="diagnosa_utama"]').shadowRoot;
      const list = root.querySelector('[role="listbox"]');
      return !list.hidden && !!list.querySelector('[role="option"][data-code="A91"]');
    }, null, { timeout: 10_000 });
    await page.keyboard.press('Enter');
    const state = await page.evaluate(async () => {
      const k = await import('./pkg/koder.js');
      let checkError = null;
      try { k.check({ principal_diagnosis: 'A91' }); } catch (e) { checkError = { code: e.code, id: e.messageId, en: e.messageEn }; }
      return {
        ready: document.body.dataset.ready ?? null,
        value: document.querySelector('koder-code-input[name="diagnosa_utama"] > input').value,
        lookup: k.lookup('icd10', 'A91').display,
        checkError,
        status: document.getElementById('status').textContent,
      };
    });
    assert.match(state.status, /Pencarian kode siap; pemeriksaan klaim sedang dimuat/);
    assert.equal(state.ready, null, 'the page is not "ready" before the full module');
    assert.equal(state.value, 'A91');
    assert.equal(state.lookup, 'Dengue haemorrhagic fever');
    assert.equal(state.checkError?.code, 'not_ready', JSON.stringify(state.checkError));
    assert.match(state.checkError.id, /belum siap/);
    assert.ok(requests.includes('/pkg/koder_search_bg.wasm') && requests.includes('/pkg/koder_catalog.bin'), requests.join(' '));
  });

  test('modul lengkap tiba: panel memeriksa klaim / the full module arrives: the panel checks', async () => {
    release();
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    const counts = await page.evaluate(async () => {
      const k = await import('./pkg/koder.js');
      return k.check({ principal_diagnosis: 'A91' }).counts;
    });
    assert.equal(counts.error, 0);
    await page.waitForFunction(() => /A91/.test(document.querySelector('koder-claim-panel').shadowRoot.textContent), null, { timeout: 10_000 });
    assert.equal(requests.filter((p) => p === '/pkg/koder_catalog.bin').length, 1, `the page fetches the catalog once: ${requests.join(' ')}`);
    assert.deepEqual(consoleErrors, []);
  });

  test('precache pekerja layanan tidak mengunduh ulang / the service worker precache revalidates, no second download', async () => {
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(async () => {
      const names = await caches.keys();
      const cache = names.length ? await caches.open(names.find((n) => n.startsWith('koder-'))) : null;
      return !!cache && !!(await cache.match('pkg/koder_catalog.bin'));
    }, null, { timeout: 15_000, polling: 200 });
    assert.deepEqual(served, [200, 304], 'the file once, then a revalidation');
  });
});

describe('www/index.html: modul lengkap gagal dimuat / the full module fails to load', { skip: skipReason() }, () => {
  let server;
  let browser;
  let page;
  const pageErrors = [];

  before(async () => {
    server = await serve(new URL('../../www/', import.meta.url).pathname);
    browser = await launch();
    page = browser.page;
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.route('**/pkg/koder_full_bg.wasm', (route) => route.fulfill({ status: 503, body: 'down' }));
    await page.goto(`${server.url}index.html`);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('pencarian tetap berfungsi dan halaman mengatakannya / search still works and the page says so', async () => {
    await page.waitForFunction(() => document.getElementById('status').classList.contains('failed'), null, { timeout: 30_000 });
    const status = await page.evaluate(() => document.getElementById('status').textContent);
    assert.match(status, /Pemeriksaan klaim tidak dapat dimuat.*Pencarian kode tetap berfungsi/);
    await page.locator('koder-code-input[name="diagnosa_utama"] input[role="combobox"]').click();
    await page.keyboard.type('dbd');
    await page.waitForFunction(() => !!document.querySelector('koder-code-input[name="diagnosa_utama"]')
      .shadowRoot.querySelector('[role="option"][data-code="A91"]'), null, { timeout: 10_000 });
    const offline = await page.evaluate(() => document.querySelector('koder-code-input[name="diagnosa_utama"]').offline);
    assert.equal(offline, false, 'the code box is not offline');
    assert.doesNotMatch(status, /TypeError|RuntimeError|CompileError/, 'Koder words, not a raw error');
    assert.match(status, /Modul lengkap \(koder_full_bg\.wasm\) tidak dapat dimuat/);
    assert.deepEqual(pageErrors, []);
  });
});
