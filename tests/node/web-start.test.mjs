// Der Start des Web-Einstiegs / The web entry's asynchronous start (pkg/web/koder.js) in Node,
// with `fetch` answered from pkg/web: failures are Koder's errors (`load_failed`,
// `data_corruption`) in both languages, nothing bad is kept for a retry, `{}` is options,
// and initSync refuses to start a second instance while init() runs.
//
//   bash scripts/build-wasm.sh && node --test tests/node/web-start.test.mjs
//
// Skipped, with a message, when pkg/ has not been built.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const web = join(root, 'pkg', 'web');
const needed = ['koder.js', 'koder_full_bg.wasm', 'koder_search_bg.wasm', 'koder_catalog.bin'];
const missing = needed.filter((f) => !existsSync(join(web, f)));
const SKIP = missing.length
  ? `pkg/web belum dibangun (tidak ada: ${missing.join(', ')}) / pkg/web is not built (missing: ${missing.join(', ')}): bash scripts/build-wasm.sh`
  : false;
if (SKIP) console.log(`# SKIP: ${SKIP}`);

const down = new Set(); // file names the stubbed server answers with 503
const fetched = [];
globalThis.fetch = async (input) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const name = url.pathname.split('/').pop();
  fetched.push(name);
  if (down.has(name)) return new Response('down', { status: 503 });
  const type = name.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream';
  return new Response(readFileSync(fileURLToPath(url)), { headers: { 'Content-Type': type } });
};

async function rejects(promise, code) {
  let thrown;
  try {
    await promise;
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown, 'did not reject');
  assert.equal(thrown.code, code, thrown.message);
  assert.ok(thrown.messageId && thrown.messageEn, 'both languages');
  return thrown;
}

describe('the web entry starting in steps', { skip: SKIP }, () => {
  let k;
  before(async () => {
    k = await import(pathToFileURL(join(web, 'koder.js')).href);
  });

  it('a module that cannot load is load_failed, and a retry works', async () => {
    down.add('koder_search_bg.wasm');
    const e = await rejects(k.initSearch({}), 'load_failed');
    assert.match(e.messageId, /Modul pencarian \(koder_search_bg\.wasm\) tidak dapat dimuat/);
    down.clear();
  });

  it('a catalog of another build is refused, and the right one is fetched again after it', async () => {
    const other = Uint8Array.from(readFileSync(join(web, 'koder_catalog.bin')));
    other[8] ^= 1;
    down.add('koder_full_bg.wasm'); // only the catalog is under test here
    await rejects(k.initSearch({ catalog: other }), 'data_corruption');
    down.clear();
    const before = fetched.filter((f) => f === 'koder_catalog.bin').length;
    await k.initSearch({}); // `{}` is options, not a module
    assert.equal(fetched.filter((f) => f === 'koder_catalog.bin').length, before + 1);
    assert.ok(k.search('demam').length > 0);
  });

  it('while the full module loads, initSync refuses and check() is not_ready; then everything answers', async () => {
    // initSearch started the full module in the background.
    let thrown;
    try {
      k.initSync({ module: readFileSync(join(web, 'koder_full_bg.wasm')), catalog: readFileSync(join(web, 'koder_catalog.bin')) });
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown, 'initSync did not refuse while init() runs');
    assert.equal(thrown.code, 'not_ready', thrown.message);
    await k.default();
    assert.equal(k.check({ principal_diagnosis: 'A91' }).counts.error, 0);
    assert.ok(new k.Auditor() instanceof k.Auditor);
    assert.equal(fetched.filter((f) => f === 'koder_catalog.bin').length, 2, 'no third fetch of the catalog');
  });
});

describe('the web entry refuses what is not a catalog before copying it', { skip: SKIP }, () => {
  it('a large file that is not a bundle never reaches a module', async () => {
    const k = await import(pathToFileURL(join(web, 'koder.js')).href + '?fresh');
    // The module instance is fresh but shares the glues started above; only the check matters.
    const e = await rejects(k.initSearch({ catalog: new Uint8Array(8 << 20) }), 'data_corruption');
    assert.match(e.messageId, /bukan berkas koder_catalog\.bin yang utuh/);
  });
});
