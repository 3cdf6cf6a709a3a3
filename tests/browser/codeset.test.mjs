// Real-browser test of the iDRG coding track on the demo page (www/index.html): the facility's IM
// list loaded through the file input (the team's synthetic list, tests/codeset/), searched with its
// IM badge, and the claim panel's finding following the track.
//
//   bash scripts/build-wasm.sh && node --test tests/browser/codeset.test.mjs

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serve } from './serve.mjs';
import { ARTIFACTS, ROOT, WWW, launch, skipReason } from './harness.mjs';

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
    await page.goto(`${server.url}index.html`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
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
});
