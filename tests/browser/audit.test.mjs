// Real-browser test of www/audit.html: a casemix officer drops a month's claims file on the
// page; a Web Worker (audit-worker.js + wasm) audits it with progress and the page shows the same
// HTML report as `koder audit --report`, without sending the file anywhere.
//
//   bash scripts/build-wasm.sh        # builds www/pkg/ (needed once, and after changes to src/)
//   node --test tests/browser/audit.test.mjs
//
// Prints the wasm throughput (claims per second in the worker) for a generated 20,000-claim file.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from './serve.mjs';
import { ARTIFACTS, ROOT, WWW, axe, launch, skipReason } from './harness.mjs';

const FIXTURE = readFileSync(join(ROOT, 'tests/audit/month.csv'), 'utf8');
const EXPECTED = JSON.parse(readFileSync(join(ROOT, 'tests/audit/month.summary.json'), 'utf8'));

/** A synthetic month: `n` claims of 1,000 patients, some readmissions and double claims. */
function syntheticMonth(n) {
  const rows = ['nomor_sep;no_rm;jenis_kelamin;tgl_lahir;tgl_masuk;tgl_pulang;jenis_rawat;kelas_rawat;diagnosa;procedure;berkas;poli'];
  const kinds = [
    ['1', 'J18.9', '87.44#93.94', 'sep;medical_resume;xray_chest;lab_cbc', 'Paru'],
    ['2', 'I10', '', 'sep', 'Penyakit Dalam'],
    ['1', 'A91', '99.18', 'sep;medical_resume;lab_cbc', 'Anak'],
    ['2', 'Z49.1#N18.5#I12.0', '39.95', 'sep;control_letter;hd_record', 'Hemodialisa'],
    ['1', 'O82.0#Z37.0', '74.1', 'sep;medical_resume;operation_report', 'Obgin'],
    ['2', 'E11.9#I10', '', 'sep', 'Penyakit Dalam'],
  ];
  for (let i = 0; i < n; i++) {
    const [setting, dx, px, docs, poli] = kinds[i % kinds.length];
    const day = 1 + ((i * 7) % 28);
    const d = (x) => `2024-03-${String(x).padStart(2, '0')}`;
    const out = setting === '1' ? d(Math.min(day + 3, 31)) : '';
    const sex = dx.startsWith('O') ? 'P' : i % 2 ? 'L' : 'P';
    rows.push(`S${i};RM${i % 1000};${sex};19${50 + (i % 50)}-0${1 + (i % 9)}-15;${d(day)};${out};${setting};3;${dx};${px};"${docs}";${poli}`);
  }
  return rows.join('\r\n') + '\r\n';
}

describe('www/audit.html: audit klaim di peramban / the claims audit in the browser', { skip: skipReason() }, () => {
  let server;
  let browser;
  let page;
  const requests = [];
  const consoleErrors = [];

  before(async () => {
    server = await serve(WWW);
    browser = await launch();
    page = browser.page;
    browser.context.on('request', (r) => requests.push({ url: r.url(), method: r.method() }));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    await page.goto(`${server.url}audit.html`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Drops `text` as a file named `name` on the drop zone (a real drop event with a DataTransfer). */
  async function dropFile(name, text) {
    await page.evaluate(() => { delete document.body.dataset.audit; });
    const transfer = await page.evaluateHandle(([n, t]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], n, { type: 'text/csv' }));
      return dt;
    }, [name, text]);
    await page.dispatchEvent('#drop', 'dragover', { dataTransfer: transfer });
    await page.dispatchEvent('#drop', 'drop', { dataTransfer: transfer });
    await page.waitForSelector('body[data-audit="done"], body[data-audit="error"]', { timeout: 120_000 });
    return page.evaluate(() => document.body.dataset.audit);
  }

  /** Clicks a download link (blob: URL, as the officer would) and returns the file's text. */
  async function download(id) {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(`#${id}`)]);
    return readFileSync(await d.path(), 'utf8');
  }

  test('dropping the fixture gives the same report as the CLI, offline and without upload', async () => {
    const before = requests.length;
    assert.equal(await dropFile('bulan-maret.csv', FIXTURE), 'done');
    const figures = await page.evaluate(() => Object.fromEntries(
      [...document.querySelectorAll('#figures [data-key]')].map((d) => [d.dataset.key, d.querySelector('dd').textContent])));
    assert.equal(figures.read, String(EXPECTED.rows.read));
    assert.equal(figures.rejected, String(EXPECTED.rows.rejected));
    assert.equal(figures['at-risk'], String(EXPECTED.claims.at_risk));
    assert.equal(await page.evaluate(() => document.getElementById('progress').value), 100);

    // The summary JSON offered for download is exactly the expected summary of the fixture.
    const summary = JSON.parse(await download('dl-json'));
    assert.deepEqual(summary, EXPECTED);
    const csv = await download('dl-csv');
    assert.ok(csv.startsWith('row,nomor_sep,department,'), csv.slice(0, 80));
    assert.ok(csv.includes('\r\n9,A006,Hemodialisa,error,DBL-002,double_claim,error,'), csv);
    assert.ok(!csv.includes('00-11-0'), 'medical record numbers are never printed');

    // The report in the sandboxed frame: the figures, charts, the escaped department name.
    const frame = page.frameLocator('#report');
    await frame.locator('h1').waitFor();
    assert.match(await frame.locator('h1').textContent(), /Laporan audit klaim/);
    assert.equal(await frame.locator('svg').count() >= 3, true);
    assert.equal(await frame.locator('tr[data-row]').count(), EXPECTED.claims.at_risk);
    assert.match(await frame.locator('tr[data-row="12"]').textContent(), /DOC-001/);
    assert.match(await frame.locator('body').textContent(), /<script>alert\(1\)<\/script>/, 'shown as text');
    assert.equal(await frame.locator('script').count(), 0);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    // The report's inline style is allowed by the page's CSP hash (the cards are styled).
    const border = await frame.locator('.card').first().evaluate((e) => getComputedStyle(e).borderTopStyle);
    assert.equal(border, 'solid', 'report CSS applied inside the frame');
    const html = await download('dl-html');
    const css = html.match(/<style>([\s\S]*?)<\/style>/)[1];
    const hash = createHash('sha256').update(css, 'utf8').digest('base64');
    const page_ = readFileSync(join(WWW, 'audit.html'), 'utf8');
    assert.ok(page_.includes(`'sha256-${hash}'`), `audit.html CSP must allow the report CSS: 'sha256-${hash}'`);

    // Nothing left this machine: every request went to the local server, and none sent data.
    const made = requests.slice(before);
    for (const r of made) {
      assert.ok(r.url.startsWith(server.url) || r.url.startsWith('blob:') || r.url.startsWith('data:') || r.url === 'about:srcdoc', r.url);
      assert.equal(r.method, 'GET', `${r.method} ${r.url}`);
    }
    assert.deepEqual(consoleErrors, []);
    await page.screenshot({ path: join(ARTIFACTS, 'audit-report.png'), fullPage: false });
  });

  test("E-Klaim's own TXT export is read as it is, beside the preview, without printing identities", async () => {
    const txt = readFileSync(join(ROOT, 'tests/audit/eklaim.txt'), 'utf8');
    const expected = JSON.parse(readFileSync(join(ROOT, 'tests/audit/eklaim.summary.json'), 'utf8'));
    assert.equal(await dropFile('ekspor-eklaim.txt', txt), 'done');
    const figures = await page.evaluate(() => Object.fromEntries(
      [...document.querySelectorAll('#figures [data-key]')].map((d) => [d.dataset.key, d.querySelector('dd').textContent])));
    assert.equal(figures.format, 'TXT E-Klaim');
    assert.equal(figures['eklaim-agree'], `${expected.eklaim.agree} / ${expected.eklaim.claims}`);
    const summary = JSON.parse(await download('dl-json'));
    assert.deepEqual(summary, expected, 'the same summary as koder audit');
    const csv = await download('dl-csv');
    const html = await download('dl-html');
    for (const id of ['SINTETIS', 'RM-SYN', 'KARTU-SYN']) {
      assert.ok(!csv.includes(id) && !html.includes(id), `${id} is never printed`);
    }
    const frame = page.frameLocator('#report');
    // The report section is in the document (attached; the frame may not be laid out yet).
    await frame.locator('#h-eklaim').waitFor({ state: 'attached' });
    assert.match(await frame.locator('#h-eklaim').textContent(), /Hasil E-Klaim/);
    assert.equal(await frame.locator('tr[data-eklaim-row]').count(), expected.eklaim.differences.length);
  });

  test('a file that cannot be audited gives a clear error; the page stays usable', async () => {
    const wrong = FIXTURE.replaceAll(';', '\t').replace('nomor_sep', 'nomor sep x');
    assert.equal(await dropFile('salah.csv', 'nomor_sep,no_rm\r\nA,1\r\n'), 'error');
    const text = await page.locator('#error').textContent();
    assert.match(text, /kolom wajib tidak ada/);
    assert.match(text, /missing required columns/);
    assert.equal(await dropFile('kosong.csv', ''), 'error');
    assert.match(await page.locator('#error').textContent(), /empty/);
    assert.equal(await dropFile('tab.csv', wrong), 'error', 'nomor sep x is not a known column');
    // Options: the delimiter and the readmission window reach the worker.
    await page.click('details > summary');
    await page.selectOption('#delimiter', ';');
    await page.fill('#readmission', '5');
    assert.equal(await dropFile('bulan-maret.csv', FIXTURE), 'done');
    const summary = JSON.parse(await download('dl-json'));
    assert.equal(summary.readmission_days, 5);
    assert.equal(summary.by_rule.some((r) => r.rule === 'RDM-001'), false);
    await page.selectOption('#delimiter', '');
    await page.fill('#readmission', '30');
  });

  test('accessibility of the page (axe)', async () => {
    const violations = await axe(page);
    assert.deepEqual(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), []);
  });

  test('throughput in the worker (wasm): a generated 20,000-claim month', async () => {
    const n = 20_000;
    assert.equal(await dropFile('sintetis.csv', syntheticMonth(n)), 'done');
    const { rate, read } = await page.evaluate(() => ({
      rate: Number(document.body.dataset.rate),
      read: document.querySelector('#figures [data-key="read"] dd').textContent,
    }));
    assert.equal(read.replaceAll('.', ''), String(n));
    console.log(`# wasm audit throughput (Chromium worker, ${n} claims): ${rate} claims/s (target ≥ 20,000)`);
    assert.ok(rate > 0);
  });
});
