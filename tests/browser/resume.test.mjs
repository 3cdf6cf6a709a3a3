// Real-browser tests of the code picker's keyboard and "not coded" behaviour, of the plain-input
// fallback when the wasm cannot load, and of "Tempel dari resume / Paste from the resume"
// (www/index.html, www/fktp.html, www/resume.js): playwright-core driving /usr/bin/chromium.
//
//   bash scripts/build-wasm.sh        # builds www/pkg/ (needed once, and after changes to src/)
//   node --test tests/browser/resume.test.mjs
//
// The paste tests need the engine's `suggest`; with an engine that has none they are skipped
// with a message (the page then shows a note, which is tested).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serve } from './serve.mjs';
import { ARTIFACTS, WWW, launch, skipReason, openReady } from './harness.mjs';

const combo = (page, name) => page.locator(`koder-code-input[name="${name}"] input:not([type="hidden"])`);
/** The value the form submits for a field (hidden inputs included). */
const submitted = (page, name) => page.evaluate((n) => {
  const f = document.querySelector(`input[name="${n}"]`);
  return f ? f.value : null;
}, name);
const shot = (page, name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
const hasSuggest = (page) => page.evaluate(() => customElements.get('koder-claim-panel').ready
  .then((m) => typeof m.suggest === 'function'));
const NO_SUGGEST = 'mesin ini belum punya suggest() (cabang mesin belum digabung) / this engine has no suggest() yet (the engine branch is not merged): paste → chips → accept is skipped';

async function waitForOption(page, name, code) {
  await page.waitForFunction(([n, c]) => {
    const root = document.querySelector(`koder-code-input[name="${n}"]`).shadowRoot;
    const list = root.querySelector('[role="listbox"]');
    return !list.hidden && !!list.querySelector(`[role="option"][data-code="${c}"]`);
  }, [name, code], { timeout: 10_000 });
}

describe('pemilih kode dan tempel dari resume / the code picker and paste from the resume', { skip: skipReason() }, () => {
  let server;
  let browser;
  let page;

  before(async () => {
    server = await serve(WWW);
    browser = await launch();
    page = browser.page;
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const open = (path) => openReady(page, `${server.url}${path}`);

  test('"dbd" lalu Enter memilih A91 (opsi pertama aktif) / "dbd" then Enter selects A91', async () => {
    await open('index.html');
    await page.locator('label[for="dx-utama"]').click();
    await page.keyboard.type('dbd', { delay: 20 });
    await waitForOption(page, 'diagnosa_utama', 'A91');
    // WAI-ARIA combobox: the first option is the active descendant as soon as the list opens.
    const state = await page.evaluate(() => {
      const root = document.querySelector('koder-code-input[name="diagnosa_utama"]').shadowRoot;
      const input = root.querySelector('[role="combobox"]');
      const active = root.getElementById(input.getAttribute('aria-activedescendant'));
      const options = [...root.querySelectorAll('[role="option"]')];
      return { expanded: input.getAttribute('aria-expanded'), first: options[0]?.dataset.code,
        active: active?.dataset.code, selected: options.filter((o) => o.getAttribute('aria-selected') === 'true').length };
    });
    assert.deepEqual(state, { expanded: 'true', first: 'A91', active: 'A91', selected: 1 });
    await page.keyboard.press('Enter'); // no arrow key
    assert.equal(await submitted(page, 'diagnosa_utama'), 'A91');
    assert.equal(await submitted(page, 'diagnosa_utama_teks'), '');
    assert.equal(await combo(page, 'diagnosa_utama').inputValue(), 'A91');
    assert.equal(await page.locator('koder-code-input[name="diagnosa_utama"]').getAttribute('data-status'), 'coded');
    // The panel stops waiting for the principal diagnosis.
    await page.waitForFunction(() => document.querySelector('koder-claim-panel').dataset.state === 'checked');
  });

  test('teks yang bukan kode: ditandai belum dikode, tidak dikirim sebagai kode / text that is not a code is marked, never submitted as a code', async () => {
    await open('index.html');
    const host = page.locator('koder-code-input[name="diagnosa_utama"]');
    // Enter on text without any result.
    await combo(page, 'diagnosa_utama').click();
    await page.keyboard.type('qwzx vbnm', { delay: 10 });
    await page.keyboard.press('Enter');
    assert.equal(await submitted(page, 'diagnosa_utama'), '');
    assert.equal(await submitted(page, 'diagnosa_utama_teks'), 'qwzx vbnm');
    assert.equal(await host.getAttribute('data-status'), 'not-coded');
    const status = host.locator('.status');
    assert.equal(await status.isVisible(), true);
    assert.match(await status.innerText(), /belum dikode \/ not coded/);
    assert.match(await status.innerText(), /qwzx vbnm/);
    // The panel says so, neutrally (no principal yet).
    await page.waitForFunction(() => /Diagnosis utama belum dikode: “qwzx vbnm”/.test(document.querySelector('koder-claim-panel').shadowRoot.textContent));
    // Leaving with Tab never takes an option silently (the user did not move to one).
    await combo(page, 'diagnosa_utama').fill('');
    await page.keyboard.type('dbd', { delay: 10 });
    await waitForOption(page, 'diagnosa_utama', 'A91');
    await page.keyboard.press('Tab');
    assert.equal(await submitted(page, 'diagnosa_utama'), '');
    assert.equal(await submitted(page, 'diagnosa_utama_teks'), 'dbd');
    // Multiple mode: left in the box, beside the chosen codes.
    await combo(page, 'diagnosa_sekunder').click();
    await page.keyboard.type('anemia defisiensi besi', { delay: 5 });
    await waitForOption(page, 'diagnosa_sekunder', 'D50.9');
    await page.keyboard.press('Enter');
    const first = await submitted(page, 'diagnosa_sekunder');
    assert.match(first, /^D50/);
    await page.keyboard.type('qwzx', { delay: 10 });
    await page.keyboard.press('Tab');
    assert.equal(await submitted(page, 'diagnosa_sekunder'), first);
    assert.equal(await submitted(page, 'diagnosa_sekunder_teks'), 'qwzx');
    // What the form sends.
    await page.locator('button[type="submit"]').click();
    const out = await page.locator('#submitted').innerText();
    assert.match(out, /^diagnosa_utama=$/m);
    assert.match(out, /^diagnosa_utama_teks=dbd$/m);
    assert.match(out, new RegExp(`^diagnosa_sekunder=${first.replace('.', '\\.')}$`, 'm'));
    await shot(page, 'picker-not-coded');
  });

  test('tempel dari resume: tanpa suggest() ada catatan yang terlihat / without suggest() a visible note', async () => {
    await open('index.html');
    const box = page.locator('#resume');
    if (await hasSuggest(page)) {
      await page.waitForFunction(() => document.getElementById('resume').dataset.suggest === 'ready');
      return;
    }
    await page.waitForFunction(() => document.getElementById('resume').dataset.suggest === 'missing');
    const note = box.locator('[data-resume-note]');
    assert.equal(await note.isVisible(), true);
    assert.match(await note.innerText(), /belum tersedia pada mesin ini/);
    assert.equal(await box.locator('[data-resume-go]').isDisabled(), true);
    // The box itself stays usable as text and does not disturb the form.
    await page.locator('#resume-text').fill('DHF gr II + trombositopenia');
    assert.equal(await page.locator('#resume-text').inputValue(), 'DHF gr II + trombositopenia');
  });

  test('tempel dari resume → chip → pakai → isian berisi kode, panel diperbarui / paste → chips → accept → fields hold the codes', async (t) => {
    await open('index.html');
    if (!(await hasSuggest(page))) {
      t.skip(NO_SUGGEST);
      return;
    }
    const panelRuns = () => page.evaluate(() => Number(document.querySelector('koder-claim-panel').dataset.runs));
    await page.waitForFunction(() => document.getElementById('resume').dataset.suggest === 'ready');
    const runs0 = await panelRuns();
    await page.locator('#resume-text').click();
    await page.keyboard.insertText('DHF gr II + trombositopenia');
    await page.keyboard.press('Enter'); // proposes, and moves to the first proposal
    await page.waitForSelector('#resume button.suggest[data-group="principal"]');
    const chips = () => page.$$eval('#resume button.suggest', (bs) => bs.map((b) => ({
      code: b.dataset.code, group: b.dataset.group, accepted: b.dataset.accepted ?? null })));
    const proposed = await chips();
    const principal = proposed.find((c) => c.group === 'principal');
    assert.match(principal.code, /^A9[01]/, JSON.stringify(proposed));
    assert.equal(await page.evaluate(() => document.activeElement?.dataset?.code), proposed[0].code);
    // Enter on the focused chip, a click on the others.
    await page.keyboard.press('Enter');
    for (const c of (await chips()).filter((x) => x.accepted === null)) {
      await page.locator(`#resume button.suggest[data-code="${c.code}"][data-group="${c.group}"]`).click();
    }
    assert.ok((await chips()).every((c) => c.accepted === 'true'), JSON.stringify(await chips()));
    assert.equal(await submitted(page, 'diagnosa_utama'), principal.code);
    const secondaries = proposed.filter((c) => c.group === 'secondary').map((c) => c.code);
    assert.deepEqual((await submitted(page, 'diagnosa_sekunder')).split('#').filter(Boolean), secondaries);
    // The panel ran on the new codes and no longer waits.
    await page.waitForFunction((n) => Number(document.querySelector('koder-claim-panel').dataset.runs) > n, runs0);
    const claim = await page.evaluate(() => document.querySelector('koder-claim-panel').claim);
    assert.equal(claim.principal_diagnosis, principal.code);
    assert.equal(await page.evaluate(() => document.querySelector('koder-claim-panel').dataset.state), 'checked');
    await shot(page, 'resume-01-accepted');
    // A procedure line, by keyboard only.
    await page.locator('#resume-text').fill('');
    await page.locator('#resume-text').click();
    await page.keyboard.insertText('apendektomi');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#resume button.suggest[data-group="procedure"]');
    const proc = (await chips()).find((c) => c.group === 'procedure');
    await page.locator(`#resume button.suggest[data-code="${proc.code}"][data-group="procedure"]`).focus();
    await page.keyboard.press('Enter');
    assert.ok((await submitted(page, 'tindakan')).split('#').includes(proc.code));
    assert.match(proc.code, /^47\.0/);
  });

  test('FKTP: tempel → chip ICPC-2 dan ICD-10 → isian terisi / primary care: ICPC-2 and ICD-10 chips', async (t) => {
    await open('fktp.html');
    if (!(await hasSuggest(page))) {
      t.skip(NO_SUGGEST);
      return;
    }
    await page.waitForFunction(() => document.getElementById('resume').dataset.suggest === 'ready');
    await page.locator('#resume-text').click();
    await page.keyboard.insertText('hipertensi');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#resume button.suggest[data-group="icpc2"]');
    await page.waitForSelector('#resume button.suggest[data-group="principal"]');
    await page.locator('#resume button.resume-all').click();
    const icpc = await submitted(page, 'icpc2');
    assert.ok(icpc.split('#').includes('K86') || icpc.split('#').includes('K87'), icpc);
    assert.match(await submitted(page, 'diagnosa_utama'), /^I1[05]/);
    await shot(page, 'resume-02-fktp');
  });
});

describe('wasm gagal dimuat: isian tetap input biasa / the wasm fails to load: plain inputs', { skip: skipReason() }, () => {
  let server;
  let browser;
  let page;

  before(async () => {
    server = await serve(WWW);
    browser = await launch();
    page = browser.page;
    // Every request for the engine's wasm fails, as on a broken or blocked network.
    await browser.context.route('**/*.wasm', (route) => route.abort('failed'));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('isian tetap dapat dipakai dan mengirim teks yang diketik, ditandai belum dikode / the field stays usable and submits what was typed, marked', async () => {
    await page.goto(`${server.url}index.html`);
    await page.waitForSelector('#status.failed', { timeout: 30_000 });
    const host = page.locator('koder-code-input[name="diagnosa_utama"]');
    await page.waitForFunction(() => document.querySelector('koder-code-input[name="diagnosa_utama"]').offline === true);
    const box = combo(page, 'diagnosa_utama');
    assert.equal(await box.isDisabled(), false, 'the field is not left disabled');
    const note = host.locator('.note');
    assert.equal(await note.isVisible(), true);
    assert.match(await note.innerText(), /Data kode tidak dapat dimuat/);
    // Typed and submitted as it is.
    await page.locator('label[for="dx-utama"]').click();
    await page.keyboard.type('DHF gr II', { delay: 10 });
    await page.keyboard.press('Tab');
    assert.equal(await submitted(page, 'diagnosa_utama'), 'DHF gr II');
    assert.equal(await submitted(page, 'diagnosa_utama_teks'), 'DHF gr II');
    assert.equal(await host.getAttribute('data-status'), 'not-coded');
    assert.match(await host.locator('.status').innerText(), /belum dikode \/ not coded/);
    // A multiple field too.
    await combo(page, 'tindakan').click();
    await page.keyboard.type('transfusi PRC 2 kolf', { delay: 5 });
    await page.keyboard.press('Tab');
    assert.equal(await submitted(page, 'tindakan'), 'transfusi PRC 2 kolf');
    await page.locator('button[type="submit"]').click();
    const out = await page.locator('#submitted').innerText();
    assert.match(out, /^diagnosa_utama=DHF gr II$/m);
    assert.match(out, /^diagnosa_utama_teks=DHF gr II$/m);
    assert.match(out, /^tindakan=transfusi PRC 2 kolf$/m);
    // The panel and the paste box say why, calmly.
    assert.equal(await page.evaluate(() => document.querySelector('koder-claim-panel').dataset.state), 'unavailable');
    assert.match(await page.evaluate(() => document.querySelector('koder-claim-panel').shadowRoot.textContent), /Pemeriksaan tidak tersedia/);
    assert.equal(await page.evaluate(() => document.getElementById('resume').dataset.suggest), 'unavailable');
    await shot(page, 'wasm-blocked');
  });
});
