// The npm package (pkg/npm, built by scripts/build-wasm.sh) in a vendor's hands: packed,
// installed as a local file dependency into a fresh Vite 7 app that is built with no
// configuration, and into a plain <script type="module"> page; both are then opened in
// Chromium and the drop-in components are used.
//
//   bash scripts/build-wasm.sh && node --test tests/browser/npm-package.test.mjs
//
// Skips with a message when pkg/npm is missing or `npm install` fails (e.g. no network).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from './serve.mjs';
import { ARTIFACTS, ROOT, launch, skipReason } from './harness.mjs';

const PKG = join(ROOT, 'pkg', 'npm');
const VITE = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');

function packageSkip() {
  const r = skipReason();
  if (r) return r;
  if (!existsSync(join(PKG, 'package.json'))) return 'pkg/npm tidak ada / is missing: run `bash scripts/build-wasm.sh`';
  if (!existsSync(join(PKG, 'components', 'koder-code-input.js'))) return 'pkg/npm has no components: rebuild it';
  if (!existsSync(VITE)) return 'vite tidak terpasang / not installed: run `npm ci`';
  return false;
}

const INDEX = `<!doctype html>
<html lang="id">
<head><meta charset="utf-8"><title>Vendor EMR</title><link rel="icon" href="data:,">
<script type="module" src="/main.js"></script></head>
<body>
  <form id="f">
    <label for="dx">Diagnosa utama</label>
    <koder-code-input system="icd10" name="diagnosa_utama"><input id="dx" name="diagnosa_utama"></koder-code-input>
    <label for="tx">Tindakan</label>
    <koder-code-input system="icd9cm" name="tindakan" multiple><input id="tx" name="tindakan"></koder-code-input>
  </form>
  <koder-claim-panel for="f"></koder-claim-panel>
</body>
</html>
`;

// What a vendor writes with Vite: bare specifiers, no plugin, no config.
const MAIN_VITE = `import * as koder from '@koder/icd/web';
import { KoderCodeInput } from '@koder/icd/components/koder-code-input.js';
import '@koder/icd/components/koder-claim-panel.js';
KoderCodeInput.use(koder).then(() => { document.body.dataset.ready = 'true'; });
`;

// Without a bundler: paths into node_modules.
const MAIN_PLAIN = `import * as koder from './node_modules/@koder/icd/web/koder.js';
import { KoderCodeInput } from './node_modules/@koder/icd/components/koder-code-input.js';
import './node_modules/@koder/icd/components/koder-claim-panel.js';
KoderCodeInput.use(koder).then(() => { document.body.dataset.ready = 'true'; });
`;

describe('paket npm di aplikasi Vite 7 dan halaman polos / the npm package in a Vite 7 app and a plain page', { skip: packageSkip() }, () => {
  let dir;
  let installError = null;
  let browser;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'koder-vendor-'));
    const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir, PKG], { encoding: 'utf8' }).trim().split('\n').pop();
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'vendor-emr', private: true, type: 'module' }, null, 2));
    const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', join(dir, tarball)], { cwd: dir, encoding: 'utf8', timeout: 180_000 });
    if (r.status !== 0) installError = `${r.stderr || r.stdout || r.error}`.trim().split('\n').slice(-3).join(' | ');
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens `url`, types "dbd" into the principal diagnosis, chooses A91 by keyboard. */
  async function exercise(url, shotName) {
    const { page } = browser;
    const errors = [];
    const onError = (e) => errors.push(String(e.message || e));
    const onConsole = (m) => { if (m.type() === 'error') errors.push(m.text()); };
    page.on('pageerror', onError);
    page.on('console', onConsole);
    try {
      await page.goto(url);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
      const box = page.locator('koder-code-input[name="diagnosa_utama"] input[role="combobox"]');
      await box.click();
      await page.keyboard.type('dbd', { delay: 15 });
      await page.locator('koder-code-input[name="diagnosa_utama"] [role="option"][data-code="A91"]').waitFor();
      await page.keyboard.press('Enter'); // the first option is active: Enter takes A91
      const value = await page.evaluate(() => new FormData(document.getElementById('f')).get('diagnosa_utama'));
      assert.equal(value, 'A91');
      await page.waitForFunction(() => Number(document.querySelector('koder-claim-panel').dataset.runs) >= 2);
      await page.screenshot({ path: join(ARTIFACTS, `${shotName}.png`) });
      assert.deepEqual(errors, []);
    } finally {
      page.off('pageerror', onError);
      page.off('console', onConsole);
    }
  }

  test('vite build tanpa konfigurasi, lalu berjalan di peramban / vite build with no config, then runs', async (t) => {
    if (installError) { t.skip(`npm install gagal / failed (tanpa jaringan? / no network?): ${installError}`); return; }
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'main.js'), MAIN_VITE);
    const r = spawnSync(process.execPath, [VITE, 'build', '--logLevel', 'warn'], { cwd: dir, encoding: 'utf8', timeout: 180_000 });
    assert.equal(r.status, 0, `vite build failed:\n${r.stdout}\n${r.stderr}`);
    const assets = readdirSync(join(dir, 'dist', 'assets'));
    assert.ok(assets.some((f) => f.endsWith('.wasm')), `the wasm is emitted as an asset: ${assets.join(', ')}`);
    const server = await serve(join(dir, 'dist'));
    try {
      await exercise(server.url, 'npm-vite-app');
    } finally {
      await server.close();
    }
  });

  test('halaman <script type=module> polos dari node_modules / plain module page', async (t) => {
    if (installError) { t.skip(`npm install gagal / failed (tanpa jaringan? / no network?): ${installError}`); return; }
    writeFileSync(join(dir, 'plain.html'), INDEX.replace('/main.js', 'plain.js'));
    writeFileSync(join(dir, 'plain.js'), MAIN_PLAIN);
    const server = await serve(dir);
    try {
      await exercise(`${server.url}plain.html`, 'npm-plain-page');
    } finally {
      await server.close();
    }
  });
});
