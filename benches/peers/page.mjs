// Halaman tolok ukur di peramban / The benchmark page's script (served from target/bench/site/ by
// benches/peers/browser.mjs; copied there by benches/run.sh together with engines.mjs).
// Exposes window.benchStart(name), window.benchType(budgetMs), window.benchThroughput(budgetMs).

import * as E from './engines.mjs';

const BUNDLE = { minisearch: 'minisearch', flexsearch: 'flexsearch', orama: 'orama', 'fuse.js': 'fuse' };
const FACTORY = { minisearch: E.minisearchEngine, flexsearch: E.flexsearchEngine, orama: E.oramaEngine, 'fuse.js': E.fuseEngine };
let state = null;

/** Module load (+ corpus fetch and index build for the peers; for Koder the web entry's search
 * stage: its search module and the catalog) → first answer. Every engine fetches its data
 * (koder_search_bg.wasm and koder_catalog.bin, corpus.json) while its JS module loads, as the
 * demo's preload links do. Koder's full module then loads before typing is measured (untimed). */
window.benchStart = async (name) => {
  const t0 = performance.now();
  let engine;
  let k = null;
  let wasm = null;
  if (name === 'koder') {
    const search = fetch('./koder-web/koder_search_bg.wasm');
    const catalog = fetch('./koder-web/koder_catalog.bin');
    k = await import('./koder-web/koder.js');
    await k.initSearch({ search_module_or_path: search, catalog });
    engine = E.koderEngine(k);
  } else {
    const corpusJson = fetch('./corpus.json').then((r) => r.json());
    const mod = await import(`./peers/${BUNDLE[name]}.mjs`);
    const corpus = await corpusJson;
    engine = FACTORY[name](mod);
    await engine.build(corpus);
  }
  const first = engine.search('d', '', 10);
  const ms = performance.now() - t0;
  if (!Array.isArray(first)) throw new Error(`${name}: no first answer`);
  if (k) wasm = await k.default();
  state = { engine, k };
  // The full module's memory: once it answers, Koder lets the search module go.
  return { ms, wasm_memory: wasm ? wasm.memory.buffer.byteLength : 0, isolated: globalThis.crossOriginIsolated === true };
};

/** What this set-up costs before any engine runs: an empty module (empty.mjs, in place of
 * koder.js) loaded while the two data files Koder needs before its first answer (the search
 * module and the catalog file) arrive and are read to the end, and nothing else. Koder's
 * start-up less this is about its own work. */
window.benchFloor = async () => {
  const t0 = performance.now();
  const bytes = (url) => fetch(url).then((r) => r.arrayBuffer());
  const files = Promise.all([bytes('./koder-web/koder_search_bg.wasm'), bytes('./koder-web/koder_catalog.bin')]);
  await import('./empty.mjs');
  const moduleMs = performance.now() - t0;
  const got = await files;
  const ms = performance.now() - t0;
  if (got[0].byteLength === 0 || got[1].byteLength === 0) throw new Error('floor: empty download');
  return { ms, module_ms: moduleMs };
};

window.benchType = async (budgetMs, relBudgetMs) => {
  const rows = await (await fetch('./queries.json')).json();
  const { keys, queries } = E.keystrokes(rows);
  const typing = E.typeAll(state.engine, keys, { now: () => performance.now(), budgetMs });
  const order = E.shuffled(rows.map((_, i) => i), 551).map((i) => rows[i]);
  const relevance = E.relevance(state.engine, order, { now: () => performance.now(), budgetMs: relBudgetMs });
  return { queries, typing, relevance };
};

window.benchThroughput = (budgetMs) => {
  const k = state.k;
  const claims = E.makeClaims(200);
  const now = () => performance.now();
  return {
    check: E.throughput((c) => k.check(c), claims, { now, budgetMs }),
    group: typeof k.group === 'function' ? E.throughput((c) => k.group(c), claims, { now, budgetMs }) : null,
  };
};

// Timer resolution actually available to the page (5 µs when cross-origin isolated, else 100 µs).
window.benchTimerResolution = () => {
  let min = Infinity;
  for (let i = 0; i < 2000; i++) {
    const a = performance.now();
    let b = performance.now();
    while (b === a) b = performance.now();
    min = Math.min(min, b - a);
  }
  return min;
};
document.body.dataset.ready = 'true';
