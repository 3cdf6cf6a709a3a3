// Koder components — the shared engine registry.
//
// The components never load the engine themselves (and so never make a network request of
// their own): the page hands them the Koder module once, and every <koder-code-input> and
// <koder-claim-panel> on the page waits for it.
//
//   import * as koder from '@koder/icd/web';            // or './pkg/koder.js'
//   import { use } from '@koder/icd/components/engine.js';
//   await use(koder);                                     // calls koder.initSearch() and koder.default() (init) when present
//
// `ready` is a promise of the module; `koder-ready` is also dispatched on `document` (detail:
// the module) once it is ready. When the module cannot start (the wasm did not load), `ready`
// rejects with the error and `koder-failed` is dispatched on `document` (detail: the error): the
// components then stay plain, usable inputs and say so. One engine per page: after a failure,
// reload the page to try again.
//
// With the web build (which has `initSearch`), search answers first: `searchReady` resolves (and
// `koder-search-ready` is dispatched) once its small search module and the catalog are in, so
// <koder-code-input> is usable while the rest (checks, grouping) still loads; `ready` follows.

let resolveReady;
let rejectReady;
let resolveSearch;
let rejectSearch;
let current = null;
let searching = null;
let failed = null;
let starting = false;

/**
 * Resolves with the Koder module once `use()` has been called and the module is initialised;
 * rejects with the error when it could not be initialised.
 */
export const ready = new Promise((ok, fail) => { resolveReady = ok; rejectReady = fail; });
// Waiting is optional: a page that never looks at `ready` must not see an unhandled rejection.
ready.catch(() => {});

/**
 * Resolves with the Koder module once it answers searches (`search`, `lookup`, `isValid`,
 * `crosswalk`, `version`): with the web build before `ready`, else together with it; rejects
 * when the engine could not start at all.
 */
export const searchReady = new Promise((ok, fail) => { resolveSearch = ok; rejectSearch = fail; });
searchReady.catch(() => {});

/** Marks the module as answering searches (once). */
function searchAnswers(mod) {
  if (searching) return;
  searching = mod;
  resolveSearch(mod);
  whenIdle(() => mod.warmUp?.());
  if (typeof document !== 'undefined') {
    document.dispatchEvent(new CustomEvent('koder-search-ready', { detail: mod }));
  }
}

/** The error that stopped the engine, or null. */
export function failure() {
  return failed;
}

/**
 * Hands the Koder module (the namespace of `@koder/icd/web`, `@koder/icd/bundler` or the
 * demo's `pkg/koder.js`) to the components. With the web build, its `initSearch` and then its
 * default export (`init`) are called once, with `initInput` when given: the options of init
 * (`{ module_or_path, search_module_or_path, catalog }`) or the full module alone.
 * Calling `use` again with another module is ignored: one engine per page.
 * @returns {Promise<object>} the module, ready to use
 */
export async function use(mod, initInput) {
  if (!mod || typeof mod.search !== 'function') {
    throw new TypeError('Koder: use(module) expects the Koder module (with search, lookup, check …)');
  }
  if (current || failed || starting) return ready;
  starting = true;
  const input = initInput === undefined || (typeof initInput === 'object' && initInput !== null && !(initInput instanceof URL)
    && Object.getPrototypeOf(initInput) === Object.prototype) ? initInput : { module_or_path: initInput };
  try {
    if (typeof mod.initSearch === 'function') {
      // The web build: the search module first; a failure there leaves it to the full start.
      await mod.initSearch(input).then(() => searchAnswers(mod), () => {});
    }
    if (typeof mod.default === 'function') await mod.default(input);
  } catch (e) {
    failed = e || new Error('Koder: init failed');
    rejectReady(failed);
    if (!searching) rejectSearch(failed);
    if (typeof document !== 'undefined') {
      document.dispatchEvent(new CustomEvent('koder-failed', { detail: failed }));
    }
    throw e;
  }
  current = mod;
  searchAnswers(mod);
  resolveReady(mod);
  // The web build's full module took over from the search module (warmed in searchAnswers).
  if (typeof mod.initSearch === 'function') whenIdle(() => mod.warmUp?.());
  if (typeof document !== 'undefined') {
    document.dispatchEvent(new CustomEvent('koder-ready', { detail: mod }));
  }
  return mod;
}

/** Runs `fn` when the page is idle (prepares the engine's typo automata off the first keystroke). */
export function whenIdle(fn) {
  const run = () => { try { fn(); } catch { /* warming up is optional */ } };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 0);
}

/** The module once ready, else null (synchronous access for event handlers). */
export function engine() {
  return current;
}

/** The module once it answers searches (see `searchReady`), else null. */
export function searchEngine() {
  return searching;
}

/** The Indonesian (or English) text of an error thrown by Koder. */
export function errorText(e, lang = 'id') {
  if (e && typeof e === 'object') {
    if (lang === 'en' && e.messageEn) return e.messageEn;
    if (e.messageId) return e.messageId;
    if (e.message) return e.message;
  }
  return String(e);
}

/** Creates an element with a class and optional text (always textContent, never HTML). */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/** The UI language of an element: its own `lang`, else the closest ancestor's, else "id". */
export function uiLang(node) {
  const l = (node.closest && node.closest('[lang]')?.getAttribute('lang')) || document.documentElement.lang || 'id';
  return l.toLowerCase().startsWith('en') ? 'en' : 'id';
}
