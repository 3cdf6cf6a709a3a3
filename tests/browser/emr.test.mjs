// Real-browser tests of the demo EMR pages and the drop-in components (www/index.html,
// www/fktp.html, www/components/*): playwright-core driving Debian's /usr/bin/chromium.
//
//   bash scripts/build-wasm.sh        # builds www/pkg/ (needed once, and after changes to src/)
//   node --test tests/browser/
//
// Screenshots go to test-artifacts/ (git-ignored).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serve } from './serve.mjs';
import { ARTIFACTS, WWW, axe, launch, skipReason, openReady } from './harness.mjs';

const XSS = '<img src=x onerror="window.__xss=1">';

describe('www/index.html + fktp.html: formulir RME dengan komponen Koder / EMR form with the components', { skip: skipReason() }, () => {
  let server;
  let browser;
  let page;
  const requests = [];
  const consoleErrors = [];

  before(async () => {
    server = await serve(WWW);
    browser = await launch();
    page = browser.page;
    // Every request of the context, the service worker's included.
    browser.context.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    await open('index.html');
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const open = (path) => openReady(page, `${server.url}${path}`);

  const shot = (name, fullPage = true) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
  const combo = (name) => page.locator(`koder-code-input[name="${name}"] input[role="combobox"]`);
  /** The value the form submits for `name` (the plain input inside the component). */
  const submitted = (name) => page.evaluate((n) => document.querySelector(`koder-code-input[name="${n}"] > input`).value, name);

  async function waitForOption(name, code) {
    await page.waitForFunction(([n, c]) => {
      const root = document.querySelector(`koder-code-input[name="${n}"]`).shadowRoot;
      const list = root.querySelector('[role="listbox"]');
      return !list.hidden && !!list.querySelector(`[role="option"][data-code="${c}"]`);
    }, [name, code], { timeout: 10_000 });
  }

  /**
   * Presses ArrowDown until `code` is the active option (the first option is active as soon as
   * the list opens); checks the ARIA bookkeeping.
   */
  async function arrowTo(name, code) {
    const codes = await page.evaluate((n) => [...document.querySelector(`koder-code-input[name="${n}"]`)
      .shadowRoot.querySelectorAll('[role="option"]')].map((o) => o.dataset.code), name);
    const index = codes.indexOf(code);
    assert.ok(index >= 0, `${code} not offered: ${codes.join(', ')}`);
    for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
    const state = await page.evaluate((n) => {
      const root = document.querySelector(`koder-code-input[name="${n}"]`).shadowRoot;
      const input = root.querySelector('[role="combobox"]');
      const active = root.getElementById(input.getAttribute('aria-activedescendant'));
      return {
        expanded: input.getAttribute('aria-expanded'),
        controls: !!root.getElementById(input.getAttribute('aria-controls')),
        code: active?.dataset.code,
        role: active?.getAttribute('role'),
        selected: root.querySelectorAll('[aria-selected="true"]').length,
      };
    }, name);
    assert.deepEqual(state, { expanded: 'true', controls: true, code, role: 'option', selected: 1 });
  }

  /** The findings the panel shows. */
  const findings = () => page.evaluate(() => [...document.querySelector('koder-claim-panel').shadowRoot
    .querySelectorAll('.finding')].map((f) => ({
    rule: f.dataset.rule, family: f.dataset.family, codes: f.dataset.codes.split(' ').filter(Boolean),
    level: f.closest('[data-level]')?.dataset.level, text: f.textContent,
  })));
  const panelText = () => page.evaluate(() => document.querySelector('koder-claim-panel').shadowRoot.textContent);
  const hasMismatch = (fs) => fs.some((f) => f.family === 'dx_procedure' && f.codes.includes('99.29'));
  const engineHasGroup = () => page.evaluate(() => customElements.get('koder-claim-panel').ready.then((m) => typeof m.group === 'function'));

  test('panel awal: menunggu diagnosis utama, tanpa galat merah / the empty form waits for the principal diagnosis', async () => {
    await page.waitForFunction(() => Number(document.querySelector('koder-claim-panel').dataset.runs) >= 1);
    const fs = await findings();
    assert.ok(!fs.some((f) => f.rule === 'VAL-007'), JSON.stringify(fs.map((f) => f.rule)));
    assert.ok(!fs.some((f) => f.level === 'error'), JSON.stringify(fs));
    const state = await page.evaluate(() => {
      const p = document.querySelector('koder-claim-panel');
      const g = p.shadowRoot.querySelector('.group');
      return { state: p.dataset.state, status: p.shadowRoot.querySelector('[role="status"]').textContent,
        group: g.hidden ? '' : g.textContent, cbg: g.dataset.cbg, waiting: !!p.shadowRoot.querySelector('.section.waiting') };
    });
    assert.equal(state.state, 'waiting');
    assert.match(state.status, /Menunggu diagnosis utama \/ Waiting for the principal diagnosis/);
    assert.equal(state.waiting, true);
    assert.doesNotMatch(state.group, /X-0-94/);
    assert.equal(state.cbg, '');
    await shot('emr-01-start');
  });

  test('"dbd" → A91 ditawarkan dan dipilih dengan papan ketik / A91 offered and chosen by keyboard', async () => {
    await page.evaluate(() => {
      window.__selects = [];
      document.addEventListener('koder-select', (e) => window.__selects.push(e.detail.code));
    });
    await page.locator('label[for="dx-utama"]').click(); // the label focuses the inner search box
    assert.equal(await combo('diagnosa_utama').evaluate((i) => i === i.getRootNode().activeElement), true);
    await page.keyboard.type('dbd', { delay: 20 });
    await waitForOption('diagnosa_utama', 'A91');
    const opt = page.locator('koder-code-input[name="diagnosa_utama"] [role="option"][data-code="A91"]');
    assert.match(await opt.innerText(), /Demam berdarah dengue/);
    assert.match(await opt.innerText(), /Dengue haemorrhagic fever/);
    assert.match(await opt.innerText(), /via: DBD/i);
    // The live region announces the result count in Indonesian.
    await page.waitForFunction(() => /\d+ hasil untuk “dbd”/.test(document.querySelector('koder-code-input[name="diagnosa_utama"]').shadowRoot.querySelector('[aria-live]').textContent));
    await combo('diagnosa_utama').evaluate((i) => i.scrollIntoView({ block: 'start' }));
    await shot('emr-02-dbd-options', false);
    await arrowTo('diagnosa_utama', 'A91');
    await page.keyboard.press('Enter');
    assert.equal(await submitted('diagnosa_utama'), 'A91');
    assert.equal(await combo('diagnosa_utama').getAttribute('aria-expanded'), 'false');
    assert.equal(await combo('diagnosa_utama').inputValue(), 'A91');
    assert.deepEqual(await page.evaluate(() => window.__selects), ['A91']);
    await page.waitForFunction(() => !document.querySelector('koder-claim-panel').shadowRoot.querySelector('[data-rule="VAL-007"]'));
  });

  test('tindakan 99.29 tanpa anemia → peringatan ketidaksesuaian / procedure without its indication is flagged', async () => {
    assert.equal(hasMismatch(await findings()), false);
    await combo('tindakan').click();
    await page.keyboard.type('99.29', { delay: 20 });
    await waitForOption('tindakan', '99.29');
    await arrowTo('tindakan', '99.29');
    await page.keyboard.press('Enter');
    assert.equal(await submitted('tindakan'), '99.29');
    await page.waitForFunction(() => !!document.querySelector('koder-claim-panel').shadowRoot.querySelector('.finding[data-family="dx_procedure"][data-codes~="99.29"]'));
    const f = (await findings()).find((x) => x.family === 'dx_procedure');
    assert.match(f.text, /99\.29/);
    assert.match(f.text, /tidak disertai diagnosis/);
    assert.match(f.text, /Saran:/);
    assert.match(f.text, /Dasar:/);
    await shot('emr-03-mismatch');
  });

  test('panel diperbarui dalam satu bingkai animasi / the panel updates within one animation frame', async () => {
    const r = await page.evaluate(async () => {
      const panel = document.querySelector('koder-claim-panel');
      const before = panel.runs;
      const box = document.querySelector('input[name="berkas"][value="lab_cbc"]');
      box.click(); // fires input + change: two events, one run
      await new Promise((ok) => requestAnimationFrame(ok));
      const docs = [...panel.shadowRoot.querySelectorAll('.docs li')].map((l) => [l.dataset.kinds, l.dataset.attached]);
      box.click();
      await new Promise((ok) => requestAnimationFrame(ok));
      return { runs: panel.runs - before, ms: panel.lastRunMs, docs };
    });
    assert.equal(r.runs, 2, 'one run per frame with a change');
    assert.ok(r.ms < 16, `check took ${r.ms} ms`);
    assert.ok(r.docs.length > 0);
  });

  test('diagnosa sekunder D50.9 → temuan berubah / a secondary diagnosis changes the findings', async () => {
    await combo('diagnosa_sekunder').click();
    await page.keyboard.type('anemia defisiensi besi', { delay: 10 });
    await waitForOption('diagnosa_sekunder', 'D50.9');
    await arrowTo('diagnosa_sekunder', 'D50.9');
    await page.keyboard.press('Enter');
    assert.equal(await submitted('diagnosa_sekunder'), 'D50.9');
    await page.waitForFunction(() => !document.querySelector('koder-claim-panel').shadowRoot.querySelector('.finding[data-family="dx_procedure"]'));
    assert.equal(hasMismatch(await findings()), false, 'the anaemia code indicates 99.29');
    await shot('emr-04-secondary');
  });

  test('pratinjau INA-CBG berubah dengan diagnosa sekunder / the grouper preview changes', async (t) => {
    if (!(await engineHasGroup())) {
      t.skip('mesin ini belum punya group() / this engine has no group() yet: the grouper part is skipped; the findings change was asserted above');
      return;
    }
    const groupBox = () => page.evaluate(() => {
      const g = document.querySelector('koder-claim-panel').shadowRoot.querySelector('.group');
      return { hidden: g.hidden, cbg: g.dataset.cbg, text: g.textContent };
    });
    // Severity counts for inpatients: 3 days in hospital.
    await page.locator('input[name="jenis_rawat"][value="1"]').check();
    await page.locator('#tgl-pulang').fill('2025-03-13');
    await page.locator('#tgl-pulang').dispatchEvent('change');
    await page.waitForFunction(() => document.querySelector('#los').value === '3');
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    const before = await groupBox();
    assert.equal(before.hidden, false);
    assert.match(before.text, /Pratinjau INA-CBG — bukan hasil resmi E-Klaim/);
    assert.match(before.cbg, /^[A-Z]{1,2}-\d-\d+-/, `CBG code: ${before.cbg}`);
    // A pneumonia (a moderate complication) as a further secondary diagnosis.
    await combo('diagnosa_sekunder').click();
    await page.keyboard.type('pneumonia', { delay: 10 });
    await waitForOption('diagnosa_sekunder', 'J18.9');
    await arrowTo('diagnosa_sekunder', 'J18.9');
    await page.keyboard.press('Enter');
    await page.waitForFunction((old) => document.querySelector('koder-claim-panel').shadowRoot.querySelector('.group').textContent !== old, before.text);
    const now = await groupBox();
    assert.notEqual(now.text, before.text);
    await shot('emr-04b-grouper');
    // Back to the outpatient visit of the other tests.
    await page.locator('koder-code-input[name="diagnosa_sekunder"] .chip[data-code="J18.9"] button.remove').click();
    await page.locator('input[name="jenis_rawat"][value="2"]').check();
    await page.locator('#tgl-pulang').fill('2025-03-10');
    await page.locator('#tgl-pulang').dispatchEvent('change');
    assert.equal(await submitted('diagnosa_sekunder'), 'D50.9');
  });

  test('chip: tambah, urutkan (Alt+↑/↓, tombol), hapus (Delete) / chips: add, reorder, remove', async () => {
    await combo('diagnosa_sekunder').click();
    await page.keyboard.type('demam', { delay: 10 });
    await waitForOption('diagnosa_sekunder', 'R50.9');
    await arrowTo('diagnosa_sekunder', 'R50.9');
    await page.keyboard.press('Enter');
    assert.equal(await submitted('diagnosa_sekunder'), 'D50.9#R50.9');
    // A symptom beside its definitive diagnosis is a new finding.
    await page.waitForFunction(() => !!document.querySelector('koder-claim-panel').shadowRoot.querySelector('.finding[data-codes~="R50.9"]'));
    // Alt+↑ on the chip moves it up.
    await page.locator('koder-code-input[name="diagnosa_sekunder"] .chip[data-code="R50.9"] button.remove').focus();
    await page.keyboard.press('Alt+ArrowUp');
    assert.equal(await submitted('diagnosa_sekunder'), 'R50.9#D50.9');
    await shot('emr-05-chips', false);
    // The ↓ button moves it back.
    await page.locator('koder-code-input[name="diagnosa_sekunder"] .chip[data-code="R50.9"] button.down').click();
    assert.equal(await submitted('diagnosa_sekunder'), 'D50.9#R50.9');
    assert.equal(await page.locator('koder-code-input[name="diagnosa_sekunder"] .chip[data-code="R50.9"] button.remove').getAttribute('aria-label'), 'Hapus R50.9');
    // Delete on the focused chip removes it.
    await page.locator('koder-code-input[name="diagnosa_sekunder"] .chip[data-code="R50.9"] button.remove').focus();
    await page.keyboard.press('Delete');
    assert.equal(await submitted('diagnosa_sekunder'), 'D50.9');
    // Esc closes the list, a second Esc clears the box; Tab takes an option the user moved to.
    await combo('diagnosa_sekunder').click();
    await page.keyboard.type('tifoid', { delay: 10 });
    await waitForOption('diagnosa_sekunder', 'A01.0');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    assert.equal(await combo('diagnosa_sekunder').getAttribute('aria-expanded'), 'false');
    assert.equal(await combo('diagnosa_sekunder').inputValue(), 'tifoid');
    await page.keyboard.press('Escape');
    assert.equal(await combo('diagnosa_sekunder').inputValue(), '');
    await page.keyboard.type('tifoid', { delay: 10 });
    await waitForOption('diagnosa_sekunder', 'A01.0');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Home'); // moved, then back to the first option
    await arrowTo('diagnosa_sekunder', 'A01.0');
    await page.keyboard.press('Tab');
    assert.equal(await submitted('diagnosa_sekunder'), 'D50.9#A01.0');
    assert.equal(await combo('diagnosa_sekunder').evaluate((i) => i === i.getRootNode().activeElement), false, 'Tab moved on');
    // Removing with the mouse.
    await page.locator('koder-code-input[name="diagnosa_sekunder"] .chip[data-code="A01.0"] button.remove').click();
    assert.equal(await submitted('diagnosa_sekunder'), 'D50.9');
  });

  test('formulir mengirim nilai biasa / the form submits plain values', async () => {
    await page.locator('button[type="submit"]').click();
    const out = await page.locator('#submitted').innerText();
    assert.match(out, /^diagnosa_utama=A91$/m);
    assert.match(out, /^diagnosa_sekunder=D50\.9$/m);
    assert.match(out, /^tindakan=99\.29$/m);
    assert.match(out, /^berkas=sep,referral_letter$/m);
    await shot('emr-06-submitted');
  });

  test('aksesibilitas (axe-core): tanpa pelanggaran serius/kritis di formulir RS / accessibility of index.html', async () => {
    // With a list open and chips present, so that the component's states are scanned too.
    await combo('tindakan').click();
    await page.keyboard.type('cuci darah', { delay: 10 });
    await waitForOption('tindakan', '39.95');
    await page.keyboard.press('ArrowDown');
    const v = await axe(page);
    const bad = v.filter((x) => x.impact === 'serious' || x.impact === 'critical');
    assert.deepEqual(bad, [], JSON.stringify(bad, null, 2));
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
  });

  test('tampilan sempit (ponsel) tanpa gulir mendatar / narrow screen, no horizontal scroll', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await combo('diagnosa_utama').click();
      await combo('diagnosa_utama').fill('');
      await page.keyboard.type('dbd', { delay: 10 });
      await waitForOption('diagnosa_utama', 'A91');
      const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      assert.ok(sw <= iw, `scrollWidth ${sw} > innerWidth ${iw}`);
      await shot('emr-07-mobile', false);
      await arrowTo('diagnosa_utama', 'A91');
      await page.keyboard.press('Enter');
    } finally {
      await page.setViewportSize({ width: 1366, height: 900 });
    }
  });

  test('FKTP: ICPC-2 K86 → padanan I10; rujukan tanpa TACC diperingatkan / primary care page', async () => {
    await open('fktp.html');
    await combo('icpc2').click();
    await page.keyboard.type('hipertensi', { delay: 10 });
    await waitForOption('icpc2', 'K86');
    await arrowTo('icpc2', 'K86');
    await page.keyboard.press('Enter');
    assert.equal(await submitted('icpc2'), 'K86');
    await page.locator('#padanan button[data-code="I10"]').click();
    assert.equal(await submitted('diagnosa_utama'), 'I10');
    assert.ok(!(await findings()).some((f) => f.family === 'fktp'), 'no referral yet');
    // INA-CBG pays hospitals only: a primary-care visit shows no grouping preview (no X-0-18-X).
    await page.waitForFunction(() => document.querySelector('koder-claim-panel').dataset.state === 'checked');
    assert.equal(await page.evaluate(() => document.querySelector('koder-claim-panel').shadowRoot.querySelector('.section.group').hidden), true);
    await page.locator('input[name="rujukan"][value="ya"]').check();
    await page.waitForFunction(() => !!document.querySelector('koder-claim-panel').shadowRoot.querySelector('.finding[data-family="fktp"]'));
    assert.equal(await page.locator('#tacc-note').isVisible(), true);
    assert.equal(await page.locator('#tacc').isVisible(), true);
    await shot('fktp-01-referral');
    const v = await axe(page);
    const bad = v.filter((x) => x.impact === 'serious' || x.impact === 'critical');
    assert.deepEqual(bad, [], JSON.stringify(bad, null, 2));
  });

  test('aksesibilitas (axe-core): halaman cari kode / accessibility of cari.html', async () => {
    await open('cari.html');
    const v = await axe(page);
    const bad = v.filter((x) => x.impact === 'serious' || x.impact === 'critical');
    assert.deepEqual(bad, [], JSON.stringify(bad, null, 2));
  });

  test('masukan HTML di setiap isian tidak dieksekusi / typed HTML in every field executes nothing', async () => {
    for (const path of ['index.html', 'fktp.html']) {
      await open(path);
      if (path === 'fktp.html') await page.locator('input[name="rujukan"][value="ya"]').check(); // shows the TACC fields
      // Plain fields (Playwright's CSS pierces shadow roots: keep the page's own fields).
      const plain = await page.$$('form input[type="text"], form textarea, form input:not([type])');
      let filled = 0;
      for (const field of plain) {
        if (!(await field.evaluate((e) => e.getRootNode() === document))) continue;
        await field.fill(XSS);
        filled += 1;
      }
      assert.ok(filled >= 5, `${path}: ${filled} plain fields`);
      // The components: typed, then committed with Tab (single mode keeps it as its value).
      const names = await page.$$eval('koder-code-input', (els) => els.map((e) => e.getAttribute('name')));
      for (const name of names) {
        await combo(name).click();
        await combo(name).pressSequentially(XSS, { delay: 2 });
        await page.keyboard.press('Tab');
      }
      await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
      await page.waitForTimeout(300);
      const r = await page.evaluate(() => {
        const roots = [document, ...[...document.querySelectorAll('koder-code-input, koder-claim-panel')].map((e) => e.shadowRoot)];
        return {
          xss: typeof window.__xss,
          imgs: roots.reduce((n, root) => n + root.querySelectorAll('img').length, 0),
          principal: document.querySelector('koder-code-input[name="diagnosa_utama"] > input[name="diagnosa_utama"]').value,
          principalText: document.querySelector('input[name="diagnosa_utama_teks"]').value,
          statuses: [...document.querySelectorAll('koder-code-input')].map((e) => e.dataset.status),
          marks: [...document.querySelectorAll('koder-code-input')].map((e) => e.shadowRoot.querySelector('.status').textContent),
        };
      });
      assert.equal(r.xss, 'undefined', path);
      assert.equal(r.imgs, 0, path);
      // Typed text that is not a code is never submitted as a code: it goes beside it, marked.
      assert.equal(r.principal, '', 'not submitted as a code');
      assert.equal(r.principalText, XSS, 'kept as text that is not coded');
      assert.ok(r.statuses.every((st) => st === 'not-coded'), r.statuses.join(' '));
      // Each field shows "belum dikode / not coded" with the text, literally.
      for (const m of r.marks) assert.ok(m.includes('belum dikode / not coded') && m.includes(XSS), `mark: ${m}`);
      // The panel says the principal diagnosis is not coded yet, showing the text literally.
      const text = await panelText();
      assert.ok(text.includes('belum dikode: “<img src=x onerror='), text);
      await shot(`xss-${path.replace('.html', '')}`);
    }
  });

  test('tidak ada permintaan ke luar 127.0.0.1, tanpa galat konsol / no request leaves 127.0.0.1, no console errors', () => {
    for (const f of ['koder_search_bg.wasm', 'koder_full_bg.wasm', 'koder_catalog.bin']) {
      assert.ok(requests.some((u) => u.endsWith(`/pkg/${f}`)), `${f} came from the local server`);
    }
    const outside = requests.filter((u) => !u.startsWith(server.url) && !u.startsWith('data:'));
    assert.deepEqual(outside, []);
    assert.deepEqual(consoleErrors, []);
  });

  test('luring: muat ulang tanpa jaringan tetap berfungsi / reload offline still works', async () => {
    await open('index.html');
    // The service worker has cached everything and controls the page.
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 15_000 });
    const cached = await page.evaluate(async () => {
      const names = await caches.keys();
      const cache = await caches.open(names.find((n) => n.startsWith('koder-')));
      return { names, urls: (await cache.keys()).map((r) => new URL(r.url).pathname) };
    });
    assert.ok(cached.names.some((n) => /^koder-\d+\.\d+\.\d+-\d+-[0-9a-f]+$/.test(n)), `cache named by version: ${cached.names}`);
    for (const p of ['/index.html', '/fktp.html', '/cari.html', '/pkg/koder.js', '/pkg/koder_search_bg.wasm', '/pkg/koder_full_bg.wasm', '/pkg/koder_catalog.bin', '/components/koder-code-input.js']) {
      assert.ok(cached.urls.includes(p), `${p} cached: ${cached.urls.join(' ')}`);
    }
    // Network off, and the server gone too.
    await browser.context.setOffline(true);
    await server.close();
    const before = requests.length;
    try {
      await page.reload();
      await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
      await combo('diagnosa_utama').click();
      await page.keyboard.type('dbd', { delay: 10 });
      await waitForOption('diagnosa_utama', 'A91');
      await arrowTo('diagnosa_utama', 'A91');
      await page.keyboard.press('Enter');
      assert.equal(await submitted('diagnosa_utama'), 'A91');
      await page.waitForFunction(() => Number(document.querySelector('koder-claim-panel').dataset.runs) >= 2);
      assert.match(await panelText(), /Pemeriksaan klaim/);
      await shot('emr-08-offline');
      for (const p of ['fktp.html', 'cari.html']) {
        await page.goto(`${server.url}${p}`);
        await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
      }
      const outside = requests.slice(before).filter((u) => !u.startsWith(server.url));
      assert.deepEqual(outside, []);
    } finally {
      await browser.context.setOffline(false);
    }
  });
});
