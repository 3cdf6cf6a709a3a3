// Awal pintu masuk web / The web entry's asynchronous start (pkg/web/koder.js) in Node,
// with `fetch` answered from pkg/web: failures are Koder's errors (`load_failed`,
// `data_corruption`) in both languages, nothing bad is kept for a retry, `{}` is options,
// initSync refuses to start a second instance while init() runs, the gzip-compressed catalog
// file is unpacked however it arrives, and the search module is let go once the full one answers.
//
//   bash scripts/build-wasm.sh && node --test tests/node/web-start.test.mjs
//
// Skipped, with a message, when pkg/ has not been built.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

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
    // Given uncompressed (koder.js takes the bundle as it is too), with another build's id.
    const other = Uint8Array.from(gunzipSync(readFileSync(join(web, 'koder_catalog.bin'))));
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
    // A fresh instance of the entry (and of the glue bundled into it); only the check matters.
    const e = await rejects(k.initSearch({ catalog: new Uint8Array(8 << 20) }), 'data_corruption');
    assert.match(e.messageId, /bukan berkas koder_catalog\.bin yang utuh/);
  });
});

describe('the catalog file travels gzip-compressed and is unpacked on arrival', { skip: SKIP }, () => {
  const packed = () => Uint8Array.from(readFileSync(join(web, 'koder_catalog.bin')));
  let n = 0;
  const fresh = () => import(`${pathToFileURL(join(web, 'koder.js')).href}?packed${++n}`);
  // A response of these chunks, failing after the last one when `fault` is given (as a line
  // that drops in the middle of the download).
  const response = (chunks, fault) => {
    let i = 0;
    return new Response(new ReadableStream({
      pull(c) {
        if (i < chunks.length) c.enqueue(chunks[i++]);
        else if (fault) c.error(fault);
        else c.close();
      },
    }));
  };
  // Bytes with a bundle's header whose part lengths add up to `size` (a catalog by its header alone).
  const bundleHeader = (size) => {
    const b = new Uint8Array(size);
    b.set([0x4b, 0x4f, 0x44, 0x42, 1]);
    new DataView(b.buffer).setUint32(16, size - 28, true);
    return b;
  };

  it('koder_catalog.bin is gzip around a catalog bundle, a third of its size', () => {
    const file = packed();
    assert.deepEqual([...file.subarray(0, 3)], [0x1f, 0x8b, 8]);
    const bundle = gunzipSync(file);
    assert.equal(bundle.subarray(0, 4).toString(), 'KODB');
    assert.ok(file.length * 2.5 < bundle.length, `${file.length} of ${bundle.length} bytes`);
  });

  it('a compressed catalog in small pieces, as bytes or without DecompressionStream opens alike', async () => {
    const file = packed();
    const pieces = [file.subarray(0, 1), file.subarray(1, 2), file.subarray(2, 5000), file.subarray(5000)];
    const k1 = await fresh();
    down.add('koder_full_bg.wasm');
    await k1.initSearch({ catalog: response(pieces) });
    const expected = k1.search('demam berdarah');
    assert.ok(expected.length > 0);
    const k2 = await fresh();
    await k2.initSearch({ catalog: file });
    assert.deepEqual(k2.search('demam berdarah'), expected);
    const platform = globalThis.DecompressionStream;
    globalThis.DecompressionStream = undefined; // Safari before 16.4, Firefox before 113
    try {
      const k3 = await fresh();
      await k3.initSearch({ catalog: response(pieces) });
      assert.deepEqual(k3.search('demam berdarah'), expected);
    } finally {
      globalThis.DecompressionStream = platform;
      down.clear();
    }
  });

  it('a cut or damaged compressed catalog is data_corruption, a broken line load_failed; the right file opens after', async () => {
    const file = packed();
    const k = await fresh();
    down.add('koder_full_bg.wasm');
    try {
      const cut = await rejects(k.initSearch({ catalog: file.subarray(0, file.length >> 1) }), 'data_corruption');
      assert.match(cut.messageId, /bukan berkas koder_catalog\.bin yang utuh/);
      const damaged = Uint8Array.from(file);
      damaged[damaged.length >> 1] ^= 0x10;
      await rejects(k.initSearch({ catalog: damaged }), 'data_corruption');
      // The line drops while the compressed catalog is being unpacked: the download failed, the file is not damaged.
      const pieces = [file.subarray(0, 9000), file.subarray(9000, 30000)];
      const dropped = await rejects(k.initSearch({ catalog: response(pieces, new Error('koneksi terputus')) }), 'load_failed');
      assert.match(dropped.messageEn, /koneksi terputus/);
      // More than 32 MiB unpacked or 4 MiB compressed is not a catalog, however it comes.
      const huge = bundleHeader(33 << 20);
      await rejects(k.initSearch({ catalog: huge }), 'data_corruption');
      await rejects(k.initSearch({ catalog: response([huge]) }), 'data_corruption');
      await rejects(k.initSearch({ catalog: response([gzipSync(huge)]) }), 'data_corruption');
      const bulky = Uint8Array.from(gzipSync(bundleHeader(20 << 20), { level: 0 })); // 20 MiB compressed (stored)
      await rejects(k.initSearch({ catalog: response([bulky]) }), 'data_corruption');
      await k.initSearch({ catalog: response([file]) });
      assert.ok(k.search('demam').length > 0);
    } finally {
      down.clear();
    }
  });

  it('initSync takes the compressed file and the bundle, and refuses a cut one before starting', async () => {
    const module = readFileSync(join(web, 'koder_full_bg.wasm'));
    const file = packed();
    const k = await fresh();
    let thrown;
    try {
      k.initSync({ module, catalog: file.subarray(0, 70000) });
    } catch (e) {
      thrown = e;
    }
    assert.equal(thrown?.code, 'data_corruption', String(thrown));
    for (const big of [bundleHeader(33 << 20), Uint8Array.from(gzipSync(bundleHeader(20 << 20), { level: 0 }))]) {
      thrown = undefined;
      try {
        k.initSync({ module, catalog: big });
      } catch (e) {
        thrown = e;
      }
      assert.equal(thrown?.code, 'data_corruption', `${big.length} bytes: ${thrown}`);
    }
    k.initSync({ module, catalog: file });
    assert.equal(k.check({ principal_diagnosis: 'A91' }).counts.error, 0);
    const k2 = await fresh();
    k2.initSync({ module, catalog: gunzipSync(file) });
    assert.deepEqual(k2.search('fraktur femur'), k.search('fraktur femur'));
  });
});

describe('once the full module answers, the search module is let go', { skip: SKIP }, () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  const freed = async (ref) => {
    for (let i = 0; i < 20; i++) {
      await new Promise((ok) => setImmediate(ok));
      gc();
      if (ref.deref() === undefined) return true;
    }
    return false;
  };

  it('also when the full module starts at once while the search module still loads', async () => {
    const k = await import(`${pathToFileURL(join(web, 'koder.js')).href}?race`);
    const loaded = [];
    const instantiate = WebAssembly.instantiateStreaming;
    WebAssembly.instantiateStreaming = async (...args) => {
      const r = await instantiate.apply(WebAssembly, args);
      loaded.push(new WeakRef(r.instance.exports.memory));
      return r;
    };
    try {
      const searching = k.initSearch({});
      k.initSync({ module: readFileSync(join(web, 'koder_full_bg.wasm')), catalog: readFileSync(join(web, 'koder_catalog.bin')) });
      assert.equal(await searching, undefined, 'the full module answers, not the search module');
    } finally {
      WebAssembly.instantiateStreaming = instantiate;
    }
    assert.equal(loaded.length, 1, 'the search module was loaded (streaming)');
    assert.ok(await freed(loaded[0]), 'the search module is still held after it finished loading');
    assert.ok(k.search('demam').length > 0);
  });

  it('its memory is freed when nothing else holds it, and every call still answers', async () => {
    const k = await import(`${pathToFileURL(join(web, 'koder.js')).href}?release`);
    let out = await k.initSearch({});
    const searchMemory = new WeakRef(out.memory);
    const before = k.search('demam berdarah');
    out = null;
    const full = await k.default();
    assert.notEqual(full.memory, searchMemory.deref(), 'two modules, two memories');
    assert.ok(await freed(searchMemory), 'the search module is still held after the full module took over');
    assert.deepEqual(k.search('demam berdarah'), before);
    assert.equal(await k.initSearch({}), undefined);
    assert.equal(k.check({ principal_diagnosis: 'A91' }).counts.error, 0);
  });
});
