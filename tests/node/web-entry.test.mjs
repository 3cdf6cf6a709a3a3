// Pintu masuk web / The web build's entry (pkg/web/koder.js): two modules over one catalog file.
// - koder.js exports every function of the full module, and nothing is callable half-started:
//   before a module is in, every call throws Koder's `not_ready` (never a bare TypeError);
// - the search module alone answers search, lookup, isValid, crosswalk and version exactly as
//   the full module does, from the same koder_catalog.bin;
// - a catalog of another build, a cut one or a damaged one is refused with `data_corruption`,
//   and the module answers afterwards as before.
//
//   bash scripts/build-wasm.sh && node --test tests/node/web-entry.test.mjs
//
// Skipped, with a message, when pkg/ has not been built.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const web = join(root, 'pkg', 'web');
// The two modules' glue before scripts/build-wasm.sh bundles it into koder.js.
const glue = join(root, 'target', 'web-glue');
const needed = ['koder.js', 'koder_full_bg.wasm', 'koder_search_bg.wasm', 'koder_catalog.bin'].map((f) => join(web, f))
  .concat(['koder_full.js', 'koder_search.js'].map((f) => join(glue, f)));
const missing = needed.filter((f) => !existsSync(f)).map((f) => f.slice(root.length + 1));
const SKIP = missing.length
  ? `pkg/web belum dibangun (tidak ada: ${missing.join(', ')}); jalankan bash scripts/build-wasm.sh / ` +
    `pkg/web is not built (missing: ${missing.join(', ')}); run bash scripts/build-wasm.sh`
  : false;
if (SKIP) console.log(`# SKIP: ${SKIP}`);

const file = (f) => readFileSync(join(web, f));
const load = (f) => import(pathToFileURL(join(web, f)).href);
const loadGlue = (f) => import(pathToFileURL(join(glue, f)).href);
const QUERIES = ['demam', 'dbd', 'diabetes melitus tipe 2', 'J18', 'appendektomi', 'hipertensi', 'K86', 'fraktur femur', 'xq'];
const SYSTEMS = [undefined, 'icd10', 'icd9cm', 'icpc2'];

function throwsCode(f, code, where) {
  let thrown;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown, `${where}: did not throw`);
  assert.equal(thrown.code, code, `${where}: ${thrown.message}`);
  assert.ok(thrown.messageId && thrown.messageEn, `${where}: both languages`);
  return thrown;
}

describe('koder.js, the web entry', { skip: SKIP }, () => {
  let k;
  let fullGlue;
  before(async () => {
    k = await load('koder.js');
    fullGlue = await loadGlue('koder_full.js');
  });

  it('exports every function of the full module (and initSearch)', () => {
    const internal = new Set(['default', 'start', '__koderOpenCatalog', '__koderRecover', '__koderWarm']);
    const wanted = Object.keys(fullGlue).filter((n) => !internal.has(n));
    const absent = wanted.filter((n) => typeof k[n] !== 'function');
    assert.deepEqual(absent, []);
    assert.equal(typeof k.initSearch, 'function');
    assert.equal(typeof k.default, 'function');
  });

  it('before any module is in, every call is `not_ready`, in both languages', () => {
    for (const [name, call] of [
      ['search', () => k.search('demam')],
      ['lookup', () => k.lookup('icd10', 'A91')],
      ['check', () => k.check({ principal_diagnosis: 'A91' })],
      ['group', () => k.group({ principal_diagnosis: 'A91' })],
      ['Auditor', () => new k.Auditor()],
      ['Auditor.csvHeader', () => k.Auditor.csvHeader()],
    ]) {
      const e = throwsCode(call, 'not_ready', name);
      assert.match(e.messageId, /belum siap/);
      assert.match(e.messageEn, /not ready/);
    }
  });

  it('initSync needs the catalog too, and says so', () => {
    throwsCode(() => k.initSync({ module: file('koder_full_bg.wasm') }), 'invalid_input', 'initSync without catalog');
    const out = k.initSync({ module: file('koder_full_bg.wasm'), catalog: file('koder_catalog.bin') });
    assert.ok(out.memory instanceof WebAssembly.Memory);
    assert.equal(k.check({ principal_diagnosis: 'A91' }).counts.error, 0);
    assert.ok(new k.Auditor() instanceof k.Auditor);
    // A second start changes nothing.
    assert.equal(k.initSync({ module: file('koder_full_bg.wasm'), catalog: file('koder_catalog.bin') }), out);
  });
});

describe('the search module alone', { skip: SKIP }, () => {
  let lite;
  let reference;
  before(async () => {
    lite = await loadGlue('koder_search.js');
    lite.initSync({ module: file('koder_search_bg.wasm') });
    // The reference: the Node build, everything in one module with the catalog inside.
    reference = (await import('node:module')).createRequire(import.meta.url)(join(root, 'pkg', 'nodejs', 'koder.js'));
  });

  it('has no catalog until it is given one, and refuses foreign, cut and damaged ones', () => {
    throwsCode(() => lite.search('demam'), 'not_ready', 'search before the catalog');
    // Warming on the sample catalog (what koder.js does while the catalog downloads) gives the
    // module no catalog.
    lite.__koderWarm();
    throwsCode(() => lite.search('demam'), 'not_ready', 'search after warming');
    throwsCode(() => lite.lookup('icd10', 'A91'), 'not_ready', 'lookup after warming');
    // The glue takes the bundle itself; koder.js unpacks the gzip-compressed file first.
    const bytes = gunzipSync(file('koder_catalog.bin'));
    const other = Uint8Array.from(bytes);
    other[8] ^= 1; // the build id
    throwsCode(() => lite.__koderOpenCatalog(other), 'data_corruption', 'another build');
    throwsCode(() => lite.__koderOpenCatalog(bytes.subarray(0, bytes.length - 7)), 'data_corruption', 'cut');
    throwsCode(() => lite.__koderOpenCatalog(new Uint8Array(64)), 'data_corruption', 'not a catalog');
    lite.__koderOpenCatalog(bytes);
    lite.__koderOpenCatalog(bytes); // again: nothing changes
    assert.ok(lite.search('demam').length > 0);
  });

  it('answers search, lookup, isValid, crosswalk and version as the full module does', () => {
    for (const q of QUERIES) {
      for (const system of SYSTEMS) {
        for (const prefix of [q.slice(0, 2), q]) {
          const o = { system, limit: 20 };
          assert.deepEqual(lite.search(prefix, o), reference.search(prefix, o), `search ${prefix} ${system}`);
        }
      }
    }
    for (const [s, c] of [['icd10', 'A91'], ['icd10', 'J18'], ['icd9cm', '47.0'], ['icpc2', 'K86'], ['icd10', 'O80']]) {
      assert.deepEqual(lite.lookup(s, c), reference.lookup(s, c), `lookup ${s} ${c}`);
      assert.equal(lite.isValid(s, c), reference.isValid(s, c));
    }
    assert.deepEqual(lite.crosswalk('icpc2', 'K86'), reference.crosswalk('icpc2', 'K86'));
    assert.deepEqual(lite.version(), reference.version());
  });

  it('leaves out what only the full module does', () => {
    for (const name of ['check', 'group', 'suggest', 'loadCodeSet', 'Auditor', 'claimKeys']) {
      assert.equal(lite[name], undefined, name);
    }
  });
});
