// Real-browser test of www/cari.html (the code-search page): playwright-core driving /usr/bin/chromium.
//
//   bash scripts/build-wasm.sh        # builds www/pkg/ (needed once, and after changes to src/)
//   node --test tests/browser/
//
// Screenshots go to test-artifacts/ (git-ignored).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WWW = join(ROOT, 'www');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

function skipReason() {
  if (!existsSync(join(WWW, 'pkg', 'koder.js'))) {
    return 'www/pkg/koder.js tidak ada / is missing: jalankan / run `bash scripts/build-wasm.sh` dulu / first';
  }
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} tidak ada / not found (set CHROMIUM=/path/to/chromium)`;
  return false;
}

const XSS = '<img src=x onerror="window.__xss=1">';

describe('www/cari.html: pencarian kode di peramban / code search in the browser', { skip: skipReason() }, () => {
  let server;
  let context;
  let page;
  let profile;
  const requests = [];
  const consoleErrors = [];

  before(async () => {
    const { chromium } = await import('playwright-core');
    await mkdir(ARTIFACTS, { recursive: true });
    server = await serve(WWW);
    profile = await mkdtemp(join(tmpdir(), 'koder-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    });
    page = context.pages()[0] || (await context.newPage());
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    await page.goto(`${server.url}cari.html`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  });

  after(async () => {
    await context?.close();
    await server?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  const shot = (name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  /** Clears the box of `system` and types `text` key by key (one input event per key). */
  async function typeIn(system, text) {
    const box = page.locator(`#search-${system}`);
    await box.fill('');
    await box.pressSequentially(text, { delay: 15 });
  }

  /** The codes of the options currently offered by the box of `system`. */
  const optionCodes = (system) =>
    page.$$eval(`#list-${system} [role="option"]`, (els) => els.map((e) => e.dataset.code));

  /** Waits until the listbox of `system` is open and offers `code`. */
  async function waitForOption(system, code) {
    await page.waitForFunction(
      ([s, c]) => {
        const list = document.getElementById(`list-${s}`);
        return !list.hidden && [...list.querySelectorAll('[role="option"]')].some((o) => o.dataset.code === c);
      },
      [system, code],
      { timeout: 10_000 },
    );
  }

  /** Moves with ArrowDown onto `code` and checks the active-descendant bookkeeping on the way. */
  async function arrowTo(system, code) {
    const codes = await optionCodes(system);
    const index = codes.indexOf(code);
    assert.ok(index >= 0, `${code} not offered: ${codes.join(', ')}`);
    for (let i = 0; i <= index; i++) await page.keyboard.press('ArrowDown');
    const state = await page.evaluate((s) => {
      const input = document.getElementById(`search-${s}`);
      const id = input.getAttribute('aria-activedescendant');
      const active = id && document.getElementById(id);
      return {
        code: active?.dataset.code,
        selected: active?.getAttribute('aria-selected'),
        selectedCount: document.querySelectorAll(`#list-${s} [aria-selected="true"]`).length,
      };
    }, system);
    assert.deepEqual(state, { code, selected: 'true', selectedCount: 1 });
  }

  const details = () =>
    page.evaluate(() => {
      const d = document.getElementById('details');
      return {
        system: d.dataset.system,
        code: d.dataset.code,
        text: d.textContent,
        crosswalk: [...d.querySelectorAll('#crosswalk .summary')].map((b) => b.dataset.code),
      };
    });

  const comboState = (system) =>
    page.evaluate((s) => {
      const input = document.getElementById(`search-${s}`);
      return {
        expanded: input.getAttribute('aria-expanded'),
        hidden: document.getElementById(`list-${s}`).hidden,
        activedescendant: input.getAttribute('aria-activedescendant'),
      };
    }, system);

  test('halaman dimuat: combobox ARIA, versi data, catatan privasi / page loads', async () => {
    for (const s of ['icd10', 'icd9cm', 'icpc2']) {
      const a = await page.evaluate((sys) => {
        const input = document.getElementById(`search-${sys}`);
        const list = document.getElementById(input.getAttribute('aria-controls'));
        return {
          role: input.getAttribute('role'),
          expanded: input.getAttribute('aria-expanded'),
          listRole: list?.getAttribute('role'),
          label: document.querySelector(`label[for="search-${sys}"]`)?.textContent.trim(),
          live: input.closest('.field').querySelector('[aria-live]')?.getAttribute('aria-live'),
          disabled: input.disabled,
        };
      }, s);
      assert.equal(a.role, 'combobox');
      assert.equal(a.expanded, 'false');
      assert.equal(a.listRole, 'listbox');
      assert.ok(a.label, `label of ${s}`);
      assert.equal(a.live, 'polite');
      assert.equal(a.disabled, false);
    }
    const footer = await page.locator('footer').innerText();
    assert.match(footer, /Semua pencarian berjalan di peramban ini; tidak ada data yang dikirim\./);
    assert.match(footer, /versi data [0-9a-f]{8,}/);
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(csp, /default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'/);
    await shot('01-start');
  });

  test('"dbd" di ICD-10 menawarkan A91; panah + Enter memilihnya / dbd → A91', async () => {
    await page.locator('#search-icd10').focus();
    await typeIn('icd10', 'dbd');
    await waitForOption('icd10', 'A91');
    const codes = await optionCodes('icd10');
    assert.ok(codes.slice(0, 3).includes('A91'), `A91 not among the first options: ${codes.join(', ')}`);
    assert.equal((await comboState('icd10')).expanded, 'true');
    // The option shows the Indonesian and English titles and the matched term.
    const option = await page.locator('#list-icd10 [data-code="A91"]').innerText();
    assert.match(option, /Demam berdarah dengue/);
    assert.match(option, /Dengue haemorrhagic fever/);
    assert.match(option, /via: DBD/);
    // The live region announces the count in Indonesian.
    await page.waitForFunction(() => /\d+ hasil untuk “dbd”/.test(document.getElementById('live-icd10').textContent));
    await shot('02-dbd-options');

    await arrowTo('icd10', 'A91');
    await page.keyboard.press('Enter');
    const st = await comboState('icd10');
    assert.deepEqual(st, { expanded: 'false', hidden: true, activedescendant: null });
    assert.equal(await page.inputValue('#search-icd10'), 'A91');
    const d = await details();
    assert.equal(d.system, 'icd10');
    assert.equal(d.code, 'A91');
    assert.match(d.text, /Demam berdarah dengue/);
    assert.match(d.text, /A90-A99/, 'block shown');
    assert.match(d.text, /Bab/);
    await shot('03-a91-details');
  });

  test('Esc menutup daftar; Esc lagi mengosongkan / Escape closes, then clears', async () => {
    await typeIn('icd10', 'demam berdarah');
    await waitForOption('icd10', 'A91');
    // Matched words are highlighted with <mark>.
    const marks = await page.$$eval('#list-icd10 [data-code="A91"] mark', (m) => m.map((x) => x.textContent));
    assert.ok(marks.some((m) => /^demam$/i.test(m)), `marks: ${marks}`);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    assert.deepEqual(await comboState('icd10'), { expanded: 'false', hidden: true, activedescendant: null });
    assert.equal(await page.inputValue('#search-icd10'), 'demam berdarah');
    await page.keyboard.press('Escape');
    assert.equal(await page.inputValue('#search-icd10'), '');
  });

  test('"j189" → J18.9, dipilih dengan klik tetikus / selected by mouse click', async () => {
    await page.locator('#search-icd10').focus();
    await typeIn('icd10', 'j189');
    await waitForOption('icd10', 'J18.9');
    assert.equal((await optionCodes('icd10'))[0], 'J18.9');
    await page.locator('#list-icd10 [data-code="J18.9"]').click();
    const d = await details();
    assert.equal(d.code, 'J18.9');
    assert.match(d.text, /Pneumonia, tidak spesifik/);
    assert.match(d.text, /J18\b/, 'parent J18 shown');
    assert.equal((await comboState('icd10')).expanded, 'false');
    await shot('04-j189-details');
  });

  test('"cuci darah" di kotak tindakan → 39.95 / hemodialysis', async () => {
    await page.locator('#search-icd9cm').focus();
    await typeIn('icd9cm', 'cuci darah');
    await waitForOption('icd9cm', '39.95');
    const codes = await optionCodes('icd9cm');
    assert.ok(codes.slice(0, 3).includes('39.95'), `39.95 not among the first options: ${codes.join(', ')}`);
    assert.match(await page.locator('#list-icd9cm [data-code="39.95"]').innerText(), /via: cuci darah/);
    await shot('05-cuci-darah-options');
    await arrowTo('icd9cm', '39.95');
    await page.keyboard.press('Enter');
    const d = await details();
    assert.equal(d.system, 'icd9cm');
    assert.equal(d.code, '39.95');
    assert.match(d.text, /Hemodialisis/);
  });

  test('"K86" di ICPC-2 → K86 dengan padanan ICD-10 I10 / crosswalk', async () => {
    await page.locator('#search-icpc2').focus();
    await typeIn('icpc2', 'K86');
    await waitForOption('icpc2', 'K86');
    assert.equal((await optionCodes('icpc2'))[0], 'K86');
    await arrowTo('icpc2', 'K86');
    await page.keyboard.press('Enter');
    const d = await details();
    assert.equal(d.system, 'icpc2');
    assert.equal(d.code, 'K86');
    assert.match(d.text, /Hipertensi tanpa komplikasi/);
    assert.match(d.text, /Padanan ICD-10/);
    assert.ok(d.crosswalk.includes('I10'), `crosswalk: ${d.crosswalk}`);
    await shot('06-k86-crosswalk');
    // Following the crosswalk opens the ICD-10 code.
    await page.locator('#crosswalk .summary[data-code="I10"]').click();
    const i10 = await details();
    assert.deepEqual([i10.system, i10.code], ['icd10', 'I10']);
  });

  test('masukan HTML tidak dieksekusi / typed HTML is inert', async () => {
    for (const s of ['icd10', 'icd9cm', 'icpc2']) {
      await page.locator(`#search-${s}`).focus();
      await typeIn(s, XSS);
      // The announcement echoes the query: as text, not as markup.
      await page.waitForFunction(
        ([sys, q]) => document.getElementById(`live-${sys}`).textContent.includes(q),
        [s, XSS],
      );
    }
    await page.waitForTimeout(300);
    const r = await page.evaluate(() => ({
      xss: typeof window.__xss,
      imgs: document.querySelectorAll('img').length,
      notes: [...document.querySelectorAll('.field-msg')].map((m) => (m.hidden ? null : m.textContent)),
    }));
    assert.equal(r.xss, 'undefined');
    assert.equal(r.imgs, 0);
    // A box with no results shows the query literally in its note (the engine may also find
    // codes for the words "x", "1" …; then there is no note, and the announcement echoed it above).
    assert.equal(r.notes.length, 3);
    for (const n of r.notes) assert.ok(n === null || n.includes(XSS), `note: ${n}`);
    await shot('07-xss');
  });

  test('tampilan sempit (ponsel) tanpa gulir mendatar / narrow screen, no horizontal scroll', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.locator('#search-icd10').focus();
      await typeIn('icd10', 'diabetes');
      await waitForOption('icd10', 'E11.9');
      const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      assert.ok(widths[0] <= widths[1], `scrollWidth ${widths[0]} > innerWidth ${widths[1]}`);
      await shot('08-mobile-options');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      assert.equal((await details()).code, (await page.inputValue('#search-icd10')));
      await shot('09-mobile-details');
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  test('tidak ada permintaan ke luar 127.0.0.1 dan tidak ada galat konsol / no external requests, no console errors', () => {
    assert.ok(requests.length >= 4, `requests seen: ${requests.join(', ')}`);
    for (const f of ['koder_search_bg.wasm', 'koder_full_bg.wasm', 'koder_catalog.bin']) {
      assert.ok(requests.some((u) => u.endsWith(`/pkg/${f}`)), `${f} fetched from the local server`);
    }
    // The catalog is fetched once, for both modules.
    assert.equal(requests.filter((u) => u.endsWith('/pkg/koder_catalog.bin')).length, 1, requests.join(' '));
    const outside = requests.filter((u) => !u.startsWith(server.url) && !u.startsWith('data:'));
    assert.deepEqual(outside, []);
    assert.deepEqual(consoleErrors, []);
  });
});
