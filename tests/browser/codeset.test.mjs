// Real-browser test of the iDRG coding track on the demo page (www/index.html): the facility's IM
// list loaded through the file input (the team's synthetic list, tests/codeset/), searched with its
// IM badge, and the claim panel's finding following the track.
//
//   bash scripts/build-wasm.sh && node --test tests/browser/codeset.test.mjs

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serve } from './serve.mjs';
import { ARTIFACTS, ROOT, WWW, launch, openReady, skipReason } from './harness.mjs';

describe('www/index.html: daftar kode IM dan jalur koding / the IM list and the coding track', { skip: skipReason() }, () => {
  let server;
  let browser;
  let page;
  const errors = [];
  const requests = [];

  before(async () => {
    server = await serve(WWW);
    browser = await launch();
    page = browser.page;
    page.on('pageerror', (e) => errors.push(e.message));
    browser.context.on('request', (r) => requests.push(r.url()));
    await openReady(page, `${server.url}index.html`);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const option = (name, code) => page.locator(`koder-code-input[name="${name}"] [role="option"][data-code="${code}"]`);
  const findings = () => page.evaluate(() => [...document.querySelector('koder-claim-panel').shadowRoot
    .querySelectorAll('.finding')].map((f) => ({ rule: f.dataset.rule, level: f.closest('[data-level]')?.dataset.level })));

  async function typeIn(name, text) {
    const input = page.locator(`koder-code-input[name="${name}"] input[role="combobox"]`);
    await input.fill('');
    await input.click();
    await page.keyboard.type(text, { delay: 15 });
  }

  test('file input → daftar dimuat, lalu "tcm" / "biomolekuler" menawarkan A15.11 dengan lencana IM', async () => {
    await page.setInputFiles('#code-set-file', join(ROOT, 'tests', 'codeset', 'icd10_im.csv'));
    await page.waitForFunction(() => document.getElementById('code-set-status').dataset.loaded === 'icd10_im', null, { timeout: 10_000 });
    assert.match(await page.locator('#code-set-status').innerText(), /dimuat: \d+ kode, 16 kode IM/);
    for (const q of ['tcm', 'biomolekuler']) {
      await typeIn('diagnosa_utama', q);
      await option('diagnosa_utama', 'A15.11').waitFor({ timeout: 10_000 });
      const text = await option('diagnosa_utama', 'A15.11').innerText();
      assert.match(text, /\bIM\b/, text);
      assert.match(text, /biomolecular/, text);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'codeset-01-tcm.png'), fullPage: false });
    // The list never leaves the page: every request went to the local server.
    assert.ok(requests.every((u) => u.startsWith(server.url) || u.startsWith('data:')), requests.join('\n'));
  });

  test('A15.11 dipilih: jalur INA-CBG → VAL-011 (E2101), jalur iDRG → hanya info / the finding follows the track', async () => {
    await option('diagnosa_utama', 'A15.11').click();
    await page.selectOption('#track', 'inacbg');
    await page.waitForFunction(() => !!document.querySelector('koder-claim-panel').shadowRoot.querySelector('[data-rule="VAL-011"]'), null, { timeout: 10_000 });
    const inacbg = await findings();
    assert.ok(inacbg.some((f) => f.rule === 'VAL-011' && f.level === 'error'), JSON.stringify(inacbg));
    const text = await page.evaluate(() => document.querySelector('koder-claim-panel').shadowRoot.querySelector('[data-rule="VAL-011"]').textContent);
    assert.match(text, /A15\.1/);
    await page.screenshot({ path: join(ARTIFACTS, 'codeset-02-inacbg.png'), fullPage: false });
    await page.selectOption('#track', 'idrg');
    await page.waitForFunction(() => !document.querySelector('koder-claim-panel').shadowRoot.querySelector('[data-rule="VAL-011"]'), null, { timeout: 10_000 });
    const idrg = await findings();
    assert.ok(idrg.some((f) => f.rule === 'VAL-012' && f.level === 'info'), JSON.stringify(idrg));
    await page.screenshot({ path: join(ARTIFACTS, 'codeset-03-idrg.png'), fullPage: false });
    assert.deepEqual(errors, []);
  });

  test('kedua jalur berdampingan: iDRG tanpa galat, INA-CBG menolak A15.11 dan pratinjau dengan A15.1 / both tracks side by side', async () => {
    const tracks = () => page.evaluate(() => {
      const box = document.querySelector('koder-claim-panel').shadowRoot.querySelector('.tracks');
      const col = (t) => box.querySelector(`.track[data-track="${t}"]`);
      return {
        shown: box.dataset.state === 'shown' && !box.hidden,
        idrg: { selected: col('idrg')?.dataset.selected, errors: col('idrg')?.dataset.errors, text: col('idrg')?.textContent },
        inacbg: { selected: col('inacbg')?.dataset.selected, rules: [...col('inacbg')?.querySelectorAll('[data-track-rule]') ?? []].map((x) => x.dataset.trackRule),
          text: col('inacbg')?.textContent, fixed: col('inacbg')?.querySelector('.with2010')?.dataset.cbg },
      };
    });
    await page.waitForFunction(() => document.querySelector('koder-claim-panel').shadowRoot.querySelector('.tracks')?.dataset.state === 'shown', null, { timeout: 10_000 });
    const both = await tracks();
    assert.ok(both.shown, JSON.stringify(both));
    assert.equal(both.idrg.selected, 'true');
    assert.ok(!both.idrg.text.includes('E2101 "IM tidak berlaku")') && /tidak dipratinjau/.test(both.idrg.text), both.idrg.text);
    // The refused code is said once, with the code to use (not again as its VAL-011 finding).
    assert.ok(!both.inacbg.rules.includes('VAL-011'), JSON.stringify(both.inacbg));
    assert.match(both.inacbg.text, /A15\.11 ditolak INA-CBG \(E2101\) → gunakan A15\.1/);
    // The preview with the 2010 code is the engine's own grouping of the claim coded A15.1.
    const direct = await page.evaluate(async () => {
      const panel = document.querySelector('koder-claim-panel');
      const koder = await import('./pkg/koder.js'); // the page's own, initialised module
      const { track, coding_track, ...claim } = panel.claim;
      return koder.group({ ...claim, principal_diagnosis: 'A15.1', coding_track: 'inacbg' }).cbg.code;
    });
    assert.equal(both.inacbg.fixed, direct);
    await page.screenshot({ path: join(ARTIFACTS, 'codeset-04-both-tracks.png'), fullPage: false });
    // A claim without IM codes: no second column to read.
    await typeIn('diagnosa_utama', 'J18.9');
    await option('diagnosa_utama', 'J18.9').click();
    await page.waitForFunction(() => document.querySelector('koder-claim-panel').shadowRoot.querySelector('.tracks').hidden, null, { timeout: 10_000 });
    assert.deepEqual(errors, []);
  });

  test('disimpan di IndexedDB: dimuat lagi setelah halaman dibuka ulang, lalu dilupakan / kept, restored, forgotten', async () => {
    await page.check('#code-set-keep');
    await page.selectOption('#code-set-system', 'icd9cm_im');
    await page.setInputFiles('#code-set-file', join(ROOT, 'tests', 'codeset', 'icd9cm_im.tsv'));
    await page.waitForFunction(() => document.getElementById('code-set-status').dataset.kept === 'icd9cm_im', null, { timeout: 10_000 });
    await openReady(page, `${server.url}index.html`); // opened again: a new visit
    await page.waitForFunction(() => document.getElementById('code-set-status').dataset.loaded === 'icd9cm_im', null, { timeout: 10_000 });
    assert.match(await page.locator('#code-set-status').innerText(), /ICD-9-CM-IM dimuat: \d+ kode.*Disimpan di peramban ini/);
    // The restored list decides again: 83.15 (IM only by the list) is offered with its badge.
    await typeIn('tindakan', '83.15');
    await option('tindakan', '83.15').waitFor({ timeout: 10_000 });
    assert.match(await option('tindakan', '83.15').innerText(), /\bIM\b/);
    // A mouse click straight from the field with uncoded text: the field's "not coded" line
    // appears only after the press, so the button does not move away from the pointer.
    await page.click('#code-set-forget');
    await page.waitForFunction(() => /dihapus/.test(document.getElementById('code-set-status').textContent), null, { timeout: 10_000 });
    await openReady(page, `${server.url}index.html`); // opened again: a new visit
    assert.equal(await page.evaluate(() => document.getElementById('code-set-status').dataset.loaded), undefined);
    assert.deepEqual(errors, []);
  });
});
