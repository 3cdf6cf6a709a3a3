// Koder di peramban / Koder in the browser: the web build's entry (pkg/web/koder.js), the same
// JavaScript API as the Node and bundler builds, from two modules and one catalog file:
//
//   koder_catalog.bin      the code catalog (ICD-10 2010, ICD-9-CM, ICPC-2), fetched once,
//                          gzip-compressed at build time (also taken uncompressed);
//   koder_search_bg.wasm   search, lookup, isValid, crosswalk, version — small, answers first;
//   koder_full_bg.wasm     everything (checks, grouping, audit, suggest, code sets).
//
//   await init();        // as before: everything is ready, check() works at once
//   await initSearch();  // earlier: search() answers; the full module keeps loading after it
//
// Both modules get the same catalog bytes, so nothing is downloaded twice. Until the full module
// is ready, search calls go to the search module; a call that needs the full module throws
// Koder's `not_ready` error (never a bare TypeError). Built by scripts/build-wasm.sh.
import initFull, * as full from './koder_full.js';
import initLite, * as lite from './koder_search.js';
import { gunzip, isGzip } from './inflate.mjs';

let catalogBytes = null; // Promise<Uint8Array> while a module still needs the bytes
let catalogSource; // what catalogBytes was fetched from
let catalogSettled = false; // catalogBytes has resolved or failed
let searchStage = null;
let fullStage = null;
let fullOutput = null;
let answering = null; // the module that answers: `lite`, then `full`

/** A JavaScript Error with Koder's fields (as the modules throw them). */
function koderError(code, id, en) {
  const e = new Error(`${id} / ${en}`);
  Object.assign(e, { code, messageId: id, messageEn: en });
  return e;
}

function notReady(name, searchOnly) {
  return koderError(
    'not_ready',
    `Mesin Koder belum siap untuk ${name}(): tunggu ${searchOnly ? 'initSearch() atau ' : ''}init() selesai`,
    `Koder is not ready for ${name}(): wait for ${searchOnly ? 'initSearch() or ' : ''}init()`,
  );
}

/** Bytes given as a Uint8Array, another view or an ArrayBuffer, else null. */
function bytesOf(s) {
  if (s instanceof Uint8Array) return s;
  if (s instanceof ArrayBuffer) return new Uint8Array(s);
  if (ArrayBuffer.isView(s)) return new Uint8Array(s.buffer, s.byteOffset, s.byteLength);
  return null;
}

/** Koder's `load_failed` for a file that could not be loaded (the cause kept). */
function loadFailed(what, e) {
  if (e && typeof e === 'object' && typeof e.code === 'string' && e.messageId) return e;
  const detail = e?.message ?? String(e);
  const err = koderError('load_failed', `${what[0]} tidak dapat dimuat (${detail})`, `${what[1]} could not be loaded (${detail})`);
  err.cause = e;
  return err;
}

const CATALOG = ['Katalog kode (koder_catalog.bin)', 'The code catalog (koder_catalog.bin)'];
/** The most bytes a catalog may have unpacked (this build's: 1.9 MB), and a compressed one
 * compressed (this build's: 0.6 MB; also what keeps Koder's own gzip reader under a second on
 * any input): anything more is not a catalog. */
const MAX_CATALOG = 32 << 20;
const MAX_PACKED = 4 << 20;

/** Koder's error for bytes that are not a whole catalog file. */
function notWhole() {
  return koderError('data_corruption', 'Data katalog rusak (bukan berkas koder_catalog.bin yang utuh); pasang ulang Koder.', 'The catalog data is damaged (not a whole koder_catalog.bin); reinstall Koder.');
}

/** The bundle inside a catalog file: unpacked when it is gzip (koder_catalog.bin is), as it is
 * otherwise. Synchronous, for initSync and for platforms without DecompressionStream. */
function unpack(bytes) {
  if (bytes.length > (isGzip(bytes) ? MAX_PACKED : MAX_CATALOG)) throw notWhole();
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzip(bytes, MAX_CATALOG);
  } catch {
    throw notWhole();
  }
}

/** A failure of the network while a compressed catalog arrives (not damage of the file). */
class Arrival {
  constructor(cause) { this.cause = cause; }
}

/** Reads a stream to its end (after `head`) into one Uint8Array; more than MAX_CATALOG bytes is not a catalog. */
async function readAll(reader, head) {
  const parts = head.length ? [head] : [];
  let total = head.length;
  for (;;) {
    if (total > MAX_CATALOG) {
      reader.cancel().catch(() => {});
      throw notWhole();
    }
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    parts.push(value);
  }
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The bundle in a response: a compressed one unpacked by the platform while it arrives, else read whole and unpacked here. */
async function bodyOf(res) {
  if (!res.body) return unpack(new Uint8Array(await res.arrayBuffer()));
  const reader = res.body.getReader();
  let head = new Uint8Array(0);
  while (head.length < 3) { // the first bytes say whether it is compressed
    const { done, value } = await reader.read();
    if (done) break;
    if (!head.length) {
      head = value;
      continue;
    }
    const joined = new Uint8Array(head.length + value.length);
    joined.set(head);
    joined.set(value, head.length);
    head = joined;
  }
  if (!isGzip(head) || typeof DecompressionStream !== 'function') return unpack(await readAll(reader, head));
  let arrived = 0;
  const pass = (c, chunk) => {
    arrived += chunk.length;
    if (arrived <= MAX_PACKED) return c.enqueue(chunk);
    reader.cancel().catch(() => {});
    c.error(notWhole());
  };
  const packed = new ReadableStream({
    start(c) { pass(c, head); },
    async pull(c) {
      let r;
      try {
        r = await reader.read();
      } catch (e) {
        c.error(new Arrival(e));
        return;
      }
      if (r.done) c.close();
      else pass(c, r.value);
    },
    cancel(why) { return reader.cancel(why); },
  });
  try {
    return await readAll(packed.pipeThrough(new DecompressionStream('gzip')).getReader(), new Uint8Array(0));
  } catch (e) {
    if (e instanceof Arrival) throw e.cause;
    if (e && e.code === 'data_corruption') throw e;
    throw notWhole();
  }
}

/** The bundle of a catalog given as bytes, a Response, a URL or a request. */
async function catalogFrom(source) {
  try {
    const s = await source;
    const direct = bytesOf(s);
    if (direct) {
      // Bytes as they are stay as they are (no copy); compressed ones are unpacked as a response's are.
      return isGzip(direct) ? await bodyOf(new Response(direct)) : unpack(direct);
    }
    const res = s instanceof Response ? s : await fetch(s);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return await bodyOf(res);
  } catch (e) {
    throw loadFailed(CATALOG, e);
  }
}

/** The catalog bytes, fetched once for both modules (again after a failure, or from another source). */
function catalog(source) {
  const from = source ?? new URL('koder_catalog.bin', import.meta.url);
  const same = catalogSource === from || (catalogSource instanceof URL && from instanceof URL && catalogSource.href === from.href);
  if (!catalogBytes || !same) {
    catalogSource = from;
    const p = catalogFrom(from);
    catalogBytes = p;
    catalogSettled = false;
    p.then(() => { if (catalogBytes === p) catalogSettled = true; }, () => {
      if (catalogBytes === p) {
        catalogSettled = true;
        catalogBytes = null;
      }
    });
  }
  return catalogBytes;
}

/** True when the bytes are a whole catalog bundle by its header (magic, part lengths): anything
 * else is refused before it is copied into a module's memory, which never shrinks. */
function looksLikeBundle(b) {
  if (b.length < 28 || b[0] !== 0x4b || b[1] !== 0x4f || b[2] !== 0x44 || b[3] !== 0x42) return false;
  const v = new DataView(b.buffer, b.byteOffset, 28);
  return 28 + v.getUint32(16, true) + v.getUint32(20, true) + v.getUint32(24, true) === b.length;
}

/** Gives a module the catalog; bytes it refuses are not offered again. */
function open(mod, bytes) {
  try {
    if (!looksLikeBundle(bytes)) throw notWhole();
    mod.__koderOpenCatalog(bytes);
  } catch (e) {
    catalogBytes = null;
    throw e;
  }
}

/** Compiles a started module's search path on its sample catalog while the real one may still
 * be downloading (a browser compiles each function on its first call). Never fails a start. */
function warm(mod) {
  try {
    mod.__koderWarm();
  } catch { /* only slower: the first real call compiles the code instead */ }
}

/** Once the full module answers, lets the search module go (its glue drops its instance), so
 * its memory — ≈ 4.5 MiB, its own copy of the catalog — is freed; only what initSearch
 * resolved with, if the caller keeps it, still holds it. */
function dropSearchModule() {
  if (answering !== full) return;
  lite.__koderRelease(); // again when a start of the search module ends after the full one answers
  if (searchStage) searchStage = Promise.resolve(undefined);
}

/** Starts a module's glue, its load failure as Koder's `load_failed`. */
async function start(initModule, input, what) {
  try {
    return await initModule(input);
  } catch (e) {
    throw loadFailed(what, e);
  }
}

/** The options of init: a plain object is `{ module_or_path, search_module_or_path, catalog }`; anything else is the full module alone. */
function optionsOf(o) {
  if (o === undefined || o === null) return {};
  const proto = typeof o === 'object' ? Object.getPrototypeOf(o) : undefined;
  if (proto === Object.prototype || proto === null) return o;
  return { module_or_path: o };
}

const moduleInput = (m) => (m === undefined ? undefined : { module_or_path: m });

/**
 * Loads the search module and the catalog: resolves once `search`, `lookup`, `isValid`,
 * `crosswalk` and `version` answer. The full module then loads in the background (`init()`
 * resolves when it is ready). Resolves at once when a module answers already, and with the
 * full start when that is already under way (the search module is then not loaded at all).
 * A module alone as the argument is taken as the full module, as with `init`. Resolves with
 * the search module's exports when it loaded it and answers with it (its `memory`, e.g. to
 * measure), else undefined. Once the full module answers, the search module is let go: keep
 * those exports only as long as you need them, since they hold its memory.
 */
export function initSearch(options) {
  if (answering) return Promise.resolve(undefined);
  if (fullStage && !searchStage) return fullStage.then(() => undefined);
  if (!searchStage) {
    const o = optionsOf(options);
    searchStage = (async () => {
      const pending = catalog(o.catalog);
      const out = await start(initLite, moduleInput(o.search_module_or_path), ['Modul pencarian (koder_search_bg.wasm)', 'The search module (koder_search_bg.wasm)']);
      if (answering === full) {
        dropSearchModule(); // the full module took over while this one loaded
        return undefined;
      }
      // Only while the catalog is still on its way: once it is here (or failed), the first
      // search may as well compile what it needs itself.
      if (!answering && !catalogSettled) warm(lite);
      let bytes;
      try {
        bytes = await pending;
      } catch (e) {
        if (answering === full) return undefined; // the full module answers from its own catalog
        throw e;
      }
      if (!answering) {
        open(lite, bytes);
        answering = lite;
      }
      dropSearchModule(); // when the full module took over first
      return answering === lite ? out : undefined;
    })();
    searchStage.then(() => init(options)).catch(() => { /* init() reports its own failure */ });
    searchStage.catch(() => { searchStage = null; });
  }
  return searchStage;
}

/**
 * Loads everything (the full module and the catalog; with `initSearch` first, the catalog it
 * fetched): once it resolves, every function answers. Options: `{ module_or_path }` (the full
 * module, as wasm-bindgen's init takes it), `catalog` (URL, Response or bytes of
 * koder_catalog.bin), `search_module_or_path` (for `initSearch`).
 */
export default function init(options) {
  if (!fullStage) {
    const o = optionsOf(options);
    fullStage = (async () => {
      const pending = catalog(o.catalog);
      const out = await start(initFull, moduleInput(o.module_or_path), ['Modul lengkap (koder_full_bg.wasm)', 'The full module (koder_full_bg.wasm)']);
      // So the first search it answers is not the one that compiles its code (not after the catalog failed).
      if (!catalogSettled || catalogBytes === pending) warm(full);
      const bytes = await pending;
      open(full, bytes);
      answering = full;
      fullOutput = out;
      catalogBytes = null; // both modules hold their copy now
      dropSearchModule();
      return out;
    })();
    fullStage.catch(() => { fullStage = null; });
  }
  return fullStage;
}

/** Synchronous start of the full module: `{ module, catalog }` (bytes of koder_full_bg.wasm and of koder_catalog.bin). */
export function initSync(options) {
  if (answering === full) return fullOutput;
  if (fullStage) {
    // Two starts of one module would leave two instances, the later one replacing the first.
    throw koderError('not_ready', 'init() sedang berjalan: tunggu sampai selesai', 'init() is in progress: wait for it');
  }
  const o = options && typeof options === 'object' && 'module' in options ? options : { module: options };
  if (o.catalog === undefined || o.catalog === null) {
    throw koderError(
      'invalid_input',
      'initSync memerlukan { module, catalog }: bait koder_full_bg.wasm dan koder_catalog.bin',
      'initSync needs { module, catalog }: the bytes of koder_full_bg.wasm and koder_catalog.bin',
    );
  }
  const bytes = bytesOf(o.catalog);
  if (!bytes) {
    throw koderError('invalid_input', 'catalog untuk initSync harus berupa bait (Uint8Array / ArrayBuffer)', 'the catalog of initSync must be bytes (Uint8Array / ArrayBuffer)');
  }
  const bundle = unpack(bytes);
  const out = full.initSync({ module: o.module });
  warm(full); // as init() does, so the first search is not the one that compiles the code
  open(full, bundle);
  answering = full;
  fullOutput = out;
  fullStage = Promise.resolve(out);
  catalogBytes = null;
  dropSearchModule();
  return out;
}

/** The module that answers search calls. */
function searching(name) {
  if (answering) return answering;
  throw notReady(name, true);
}

/** The full module, for everything else. */
function everything(name) {
  if (answering === full) return full;
  throw notReady(name, false);
}

// Answered by the search module until the full module is ready.
export function search(query, options) { return searching('search').search(query, options); }
export function lookup(system, code) { return searching('lookup').lookup(system, code); }
export function isValid(system, code) { return searching('isValid').isValid(system, code); }
export function crosswalk(from, code) { return searching('crosswalk').crosswalk(from, code); }
export function version() { return searching('version').version(); }
export function warmUp() { return searching('warmUp').warmUp(); }

// Answered by the full module.
export function check(claim) { return everything('check').check(claim); }
export function claimKeys() { return everything('claimKeys').claimKeys(); }
export function group(claim, context) { return everything('group').group(claim, context); }
export function groupingVersion() { return everything('groupingVersion').groupingVersion(); }
export function loadGroupingTables(text) { return everything('loadGroupingTables').loadGroupingTables(text); }
export function loadTariffs(csv) { return everything('loadTariffs').loadTariffs(csv); }
export function loadCodeSet(text, options) { return everything('loadCodeSet').loadCodeSet(text, options); }
export function unloadCodeSet(system) { return everything('unloadCodeSet').unloadCodeSet(system); }
export function codeSets() { return everything('codeSets').codeSets(); }
export function suggest(text, options) { return everything('suggest').suggest(text, options); }
export function __koderTestPanic() { return searching('__koderTestPanic').__koderTestPanic(); }

/** `new Auditor(options)`: an auditor of the full module (`instanceof Auditor` holds). */
export function Auditor(options) {
  if (!new.target) throw new TypeError("Auditor must be called with 'new'");
  return new (everything('Auditor').Auditor)(options);
}
Auditor.prototype = full.Auditor.prototype;
Auditor.csvHeader = function csvHeader() { return everything('Auditor.csvHeader').Auditor.csvHeader(); };
