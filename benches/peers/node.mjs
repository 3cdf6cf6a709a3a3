#!/usr/bin/env node
// Koder vs. pustaka pencarian JS di Node / Koder vs. the JS search libraries, in Node.
//
//   node benches/peers/node.mjs [SITE_DIR] [OUT.json]    (defaults target/bench/site, target/bench/node.json)
//
// Every engine runs in fresh child processes of its own (no JIT, GC or memory shared between them):
//   --start ENGINE    start-up: module load (+ corpus read and index build for the peers) → first answer,
//                     and memory after start-up (after a forced GC) against the process before loading;
//   --run ENGINE      per-keystroke latency (tests/queries.tsv typed one character at a time, with the
//                     row's code system as filter, limit 10), relevance (top-1/top-5 on the rows) and, for
//                     Koder, check()/group() throughput.
// SITE_DIR holds corpus.json, queries.json, peers/*.mjs (bundle.mjs) and koder-node/ (a copy of pkg/nodejs).
//
// Environment: KODER_BENCH_BUDGET_S (seconds of typing per engine, default 15),
// KODER_BENCH_REL_BUDGET_S (seconds of relevance queries per engine, default 30; KODER_BENCH_FULL=1 → all rows),
// KODER_BENCH_START_RUNS (fresh processes per engine for start-up, default 5).

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as E from './engines.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
export const ENGINES = ['koder', 'minisearch', 'flexsearch', 'orama', 'fuse.js'];
const BUNDLE = { minisearch: 'minisearch', flexsearch: 'flexsearch', orama: 'orama', 'fuse.js': 'fuse' };
const FACTORY = { minisearch: E.minisearchEngine, flexsearch: E.flexsearchEngine, orama: E.oramaEngine, 'fuse.js': E.fuseEngine };
const num = (v, d) => (v === undefined || v === '' || Number.isNaN(Number(v)) ? d : Number(v));
const BUDGET_MS = num(process.env.KODER_BENCH_BUDGET_S, 15) * 1000;
const REL_BUDGET_MS = process.env.KODER_BENCH_FULL === '1' ? Infinity : num(process.env.KODER_BENCH_REL_BUDGET_S, 30) * 1000;
const START_RUNS = Math.max(1, num(process.env.KODER_BENCH_START_RUNS, 5) | 0);

/** Loads and starts one engine; the clock runs from before the module load to the first answer. */
async function startEngine(name, site) {
  const t0 = performance.now();
  let engine;
  let k = null;
  if (name === 'koder') {
    k = createRequire(import.meta.url)(join(site, 'koder-node', 'koder.js'));
    engine = E.koderEngine(k);
  } else {
    const mod = await import(pathToFileURL(join(site, 'peers', `${BUNDLE[name]}.mjs`)).href);
    const corpus = JSON.parse(readFileSync(join(site, 'corpus.json'), 'utf8'));
    engine = FACTORY[name](mod);
    await engine.build(corpus);
  }
  const first = engine.search('d', '', 10);
  const ms = performance.now() - t0;
  if (!Array.isArray(first)) throw new Error(`${name}: no first answer`);
  return { engine, k, ms };
}

function memory() {
  globalThis.gc?.();
  globalThis.gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + m.external + m.arrayBuffers };
}

async function childStart(name, site) {
  const before = memory();
  const { ms } = await startEngine(name, site);
  const after = memory();
  process.stdout.write(JSON.stringify({ ms, rss_delta: after.rss - before.rss, heap_delta: after.heap - before.heap }));
}

async function childRun(name, site) {
  const rows = JSON.parse(readFileSync(join(site, 'queries.json'), 'utf8'));
  const { engine, k } = await startEngine(name, site);
  const { keys, queries } = E.keystrokes(rows);
  const typing = E.typeAll(engine, keys, { now: () => performance.now(), budgetMs: BUDGET_MS });
  // Relevance on the rows in a fixed shuffled order, within the budget (a slow engine gives a sample;
  // the rows it answered are listed so that Koder can be scored on the same rows).
  const order = E.shuffled(rows.map((_, i) => i), 551).map((i) => rows[i]);
  // Relevance is deterministic for given library, corpus, queries and adapter code: a complete result
  // (e.g. from a KODER_BENCH_FULL=1 run) is cached under target/bench/relevance-cache/ by their hash.
  const hash = createHash('sha256');
  for (const f of [name === 'koder' ? join(site, 'koder-node', 'koder_bg.wasm') : join(site, 'peers', `${BUNDLE[name]}.mjs`),
    join(site, 'corpus.json'), join(site, 'queries.json')]) hash.update(readFileSync(f));
  hash.update(String(name === 'koder' ? E.koderEngine : FACTORY[name]) + String(E.relevance) + String(E.shuffled));
  const cacheFile = join(root, 'target', 'bench', 'relevance-cache', `${name}-${hash.digest('hex').slice(0, 16)}.json`);
  let rel = existsSync(cacheFile) ? { ...JSON.parse(readFileSync(cacheFile, 'utf8')), cached: true } : null;
  if (!rel) {
    rel = E.relevance(engine, order, { now: () => performance.now(), budgetMs: REL_BUDGET_MS });
    if (rel.complete) {
      mkdirSync(dirname(cacheFile), { recursive: true });
      writeFileSync(cacheFile, JSON.stringify(rel));
    }
  }
  const out = { name, queries, typing, relevance: rel };
  if (k) {
    const claims = E.makeClaims(200);
    const now = () => performance.now();
    out.check = E.throughput((c) => k.check(c), claims, { now, budgetMs: 3000 });
    out.group = typeof k.group === 'function' ? E.throughput((c) => k.group(c), claims, { now, budgetMs: 3000 }) : null;
    out.version = k.version();
  }
  process.stdout.write(JSON.stringify(out));
}

async function main() {
  const site = resolve(process.argv[2] || join(root, 'target', 'bench', 'site'));
  const outFile = resolve(process.argv[3] || join(root, 'target', 'bench', 'node.json'));
  const result = { env: 'node', node: process.version, engines: {} };
  for (const name of ENGINES) {
    const t = performance.now();
    const starts = [];
    for (let i = 0; i < START_RUNS; i++) {
      const o = execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--start', name, site], { encoding: 'utf8', maxBuffer: 1 << 26 });
      starts.push(JSON.parse(o));
    }
    const o = execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--run', name, site], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const run = JSON.parse(o);
    const med = (key) => E.stats(starts.map((s) => s[key])).p50;
    run.startup = { runs: starts, ms: med('ms'), rss_delta: med('rss_delta'), heap_delta: med('heap_delta') };
    result.engines[name] = run;
    const s = run.typing.stats;
    console.log(`node ${name}: start ${run.startup.ms.toFixed(1)} ms; keystroke p50 ${s.p50.toFixed(3)} p99 ${s.p99.toFixed(3)} max ${s.max.toFixed(2)} ms ` +
      `(${run.typing.keystrokes}/${run.typing.total_keystrokes} keystrokes); top-1 ${(run.relevance.top1 * 100).toFixed(1)}% top-5 ${(run.relevance.top5 * 100).toFixed(1)}% ` +
      `(${run.relevance.n} rows) [${((performance.now() - t) / 1000).toFixed(0)} s]`);
  }
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify(result));
}

const [mode, name, site] = process.argv.slice(2);
if (mode === '--start') await childStart(name, resolve(site));
else if (mode === '--run') await childRun(name, resolve(site));
else await main();
