// Koder di peramban / Koder in the browser: the web build's entry (pkg/web/koder.js), the same
// JavaScript API as the Node and bundler builds, from two modules and one catalog file:
//
//   koder_catalog.bin      the code catalog (ICD-10 2010, ICD-9-CM, ICPC-2), fetched once;
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

let catalogBytes = null; // Promise<Uint8Array> while a module still needs the bytes
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

/** The bytes of a catalog given as bytes, a Response, a URL or a request. */
async function catalogFrom(source) {
  const s = await source;
  if (s instanceof Uint8Array) return s;
  if (s instanceof ArrayBuffer) return new Uint8Array(s);
  if (ArrayBuffer.isView(s)) return new Uint8Array(s.buffer, s.byteOffset, s.byteLength);
  let res;
  try {
    res = s instanceof Response ? s : await fetch(s);
  } catch (e) {
    throw koderError('load_failed', `Katalog kode tidak dapat diunduh (${e?.message ?? e})`, `The code catalog could not be downloaded (${e?.message ?? e})`);
  }
  if (!res.ok) {
    throw koderError('load_failed', `Katalog kode tidak dapat diunduh (HTTP ${res.status})`, `The code catalog could not be downloaded (HTTP ${res.status})`);
  }
  return new Uint8Array(await res.arrayBuffer());
}

/** The catalog bytes, fetched once for both modules (again only after a failure). */
function catalog(source) {
  if (!catalogBytes) {
    catalogBytes = catalogFrom(source ?? new URL('koder_catalog.bin', import.meta.url));
    catalogBytes.catch(() => { catalogBytes = null; });
  }
  return catalogBytes;
}

/** The options of init: `{ module_or_path, search_module_or_path, catalog }`, or a module alone. */
function optionsOf(o) {
  if (o === undefined || o === null) return {};
  const keys = ['module_or_path', 'search_module_or_path', 'catalog'];
  if (typeof o === 'object' && Object.getPrototypeOf(o) === Object.prototype && keys.some((k) => k in o)) return o;
  return { module_or_path: o };
}

const moduleInput = (m) => (m === undefined ? undefined : { module_or_path: m });

/**
 * Loads the search module and the catalog: resolves once `search`, `lookup`, `isValid`,
 * `crosswalk` and `version` answer. The full module then loads in the background (`init()`
 * resolves when it is ready). Resolves at once when a module answers already.
 */
export function initSearch(options) {
  if (answering) return Promise.resolve();
  if (!searchStage) {
    const o = optionsOf(options);
    searchStage = (async () => {
      const [bytes] = await Promise.all([catalog(o.catalog), initLite(moduleInput(o.search_module_or_path))]);
      if (!answering) {
        lite.__koderOpenCatalog(bytes);
        answering = lite;
      }
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
      const [bytes, out] = await Promise.all([catalog(o.catalog), initFull(moduleInput(o.module_or_path))]);
      full.__koderOpenCatalog(bytes);
      answering = full;
      fullOutput = out;
      catalogBytes = null; // both modules hold their copy now
      return out;
    })();
    fullStage.catch(() => { fullStage = null; });
  }
  return fullStage;
}

/** Synchronous start of the full module: `{ module, catalog }` (bytes of koder_full_bg.wasm and of koder_catalog.bin). */
export function initSync(options) {
  if (answering === full) return fullOutput;
  const o = options && typeof options === 'object' && 'module' in options ? options : { module: options };
  if (o.catalog === undefined || o.catalog === null) {
    throw koderError(
      'invalid_input',
      'initSync memerlukan { module, catalog }: bait koder_full_bg.wasm dan koder_catalog.bin',
      'initSync needs { module, catalog }: the bytes of koder_full_bg.wasm and koder_catalog.bin',
    );
  }
  const bytes = o.catalog instanceof Uint8Array ? o.catalog : new Uint8Array(ArrayBuffer.isView(o.catalog) ? o.catalog.buffer : o.catalog);
  const out = full.initSync({ module: o.module });
  full.__koderOpenCatalog(bytes);
  answering = full;
  fullOutput = out;
  fullStage = Promise.resolve(out);
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
