#!/usr/bin/env node
// Koder vs. pustaka pencarian JS di Chromium headless / Koder vs. the JS search libraries in headless Chromium.
//
//   node benches/peers/browser.mjs [SITE_DIR] [OUT.json]   (defaults target/bench/site, target/bench/chromium.json)
//
// Serves SITE_DIR on 127.0.0.1 (tests/browser/serve.mjs) and drives /usr/bin/chromium with playwright-core
// (fresh --user-data-dir). The server adds COOP/COEP headers so the page is cross-origin isolated and
// performance.now() has 5 µs resolution instead of 100 µs; every host name other than 127.0.0.1 is made
// unresolvable (--host-resolver-rules), so nothing outside the loopback is ever requested. (No request
// interception: routing responses through the DevTools protocol would add its own copying to start-up.)
// One unmeasured page first, then the floor: fresh pages that load an empty module (in place of
// koder.js) while the two data files Koder needs before its first answer (its search module and
// its catalog file) download, doing nothing else. For every engine: start-up in
// KODER_BENCH_START_RUNS (default 5) fresh pages with no DevTools session (module load → first
// answer), then one more page with a session for
// memory after start-up (JS heap after a forced GC, plus the wasm memory for Koder), per-keystroke
// latency, relevance and (Koder) check()/group() throughput. Same budgets as node.mjs.

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../tests/browser/serve.mjs';
import { stats } from './engines.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const site = resolve(process.argv[2] || join(root, 'target', 'bench', 'site'));
const outFile = resolve(process.argv[3] || join(root, 'target', 'bench', 'chromium.json'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ENGINES = ['koder', 'minisearch', 'flexsearch', 'orama', 'fuse.js'];
const num = (v, d) => (v === undefined || v === '' || Number.isNaN(Number(v)) ? d : Number(v));
const BUDGET_MS = num(process.env.KODER_BENCH_BUDGET_S, 15) * 1000;
const REL_BUDGET_MS = process.env.KODER_BENCH_FULL === '1' ? 1e12 : num(process.env.KODER_BENCH_REL_BUDGET_S, 30) * 1000;
const START_RUNS = Math.max(1, num(process.env.KODER_BENCH_START_RUNS, 5) | 0);

let playwright;
try {
  playwright = await import('playwright-core');
} catch {
  console.log('playwright-core tidak terpasang / is not installed (npm ci): Chromium run skipped');
  process.exit(0);
}

const server = await serve(site, 0, {
  headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
  validators: false, // every start-up page downloads everything, as a first visit does
});
const profile = await mkdtemp(join(tmpdir(), 'koder-bench-chromium-'));
const context = await playwright.chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
  ],
});
/** The set-up's own cost, in fresh pages as the start-up runs (page.mjs benchFloor). */
async function floor() {
  const runs = [];
  for (let i = 0; i < START_RUNS; i++) {
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    await new Promise((ok) => setTimeout(ok, 300));
    runs.push(await page.evaluate(() => window.benchFloor()));
    await page.close();
  }
  return { runs, ms: stats(runs.map((r) => r.ms)).p50, module_ms: stats(runs.map((r) => r.module_ms)).p50 };
}
const result = { env: 'chromium', chromium: execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(), engines: {} };
try {
  // One page first, not measured: a fresh browser starts its network and renderer processes on the
  // first page, which would otherwise be charged to whichever engine is measured first.
  const warm = await context.newPage();
  await warm.goto(server.url);
  await warm.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  await warm.close();
  try {
    result.floor = await floor();
    console.log(`chromium floor (empty module + the same two downloads): ${result.floor.ms.toFixed(1)} ms`);
  } catch (e) {
    console.log(`chromium floor not measured / tidak terukur (${e.message}); start-up figures without it`);
  }
  for (const name of ENGINES) {
    const t = performance.now();
    const starts = [];
    let run = null;
    let memory = null;
    // Start-up in fresh pages with no DevTools session attached (a session slows the page down);
    // then one more page, with a session, for memory after start-up and for the typing runs.
    for (let i = 0; i <= START_RUNS; i++) {
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(server.url);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
      if (i < START_RUNS) {
        await new Promise((ok) => setTimeout(ok, 300)); // the page has settled, as when a user starts typing
        const s = await page.evaluate((n) => window.benchStart(n), name);
        starts.push({ ms: s.ms, isolated: s.isolated });
      } else {
        const cdp = await context.newCDPSession(page);
        const heap = async () => {
          await cdp.send('HeapProfiler.collectGarbage');
          return (await cdp.send('Runtime.getHeapUsage')).usedSize;
        };
        const before = await heap();
        const s = await page.evaluate((n) => window.benchStart(n), name);
        const after = await heap();
        memory = { heap_delta: after - before + s.wasm_memory, js_heap_delta: after - before, wasm_memory: s.wasm_memory };
        run = await page.evaluate(([b, r]) => window.benchType(b, r), [BUDGET_MS, REL_BUDGET_MS]);
        if (name === 'koder') {
          Object.assign(run, await page.evaluate((b) => window.benchThroughput(b), 3000));
          result.timer_resolution_ms = await page.evaluate(() => window.benchTimerResolution());
          result.cross_origin_isolated = s.isolated;
        }
        await cdp.detach();
      }
      if (errors.length) throw new Error(`${name}: ${errors.join('; ')}`);
      await page.close();
    }
    run.name = name;
    run.startup = { runs: starts, ms: stats(starts.map((x) => x.ms)).p50, ...memory };
    result.engines[name] = run;
    const st = run.typing.stats;
    console.log(`chromium ${name}: start ${run.startup.ms.toFixed(1)} ms; keystroke p50 ${st.p50.toFixed(3)} p99 ${st.p99.toFixed(3)} max ${st.max.toFixed(2)} ms ` +
      `(${run.typing.keystrokes}/${run.typing.total_keystrokes} keystrokes); top-5 ${(run.relevance.top5 * 100).toFixed(1)}% (${run.relevance.n} rows) ` +
      `[${((performance.now() - t) / 1000).toFixed(0)} s]`);
  }
} finally {
  await context.close();
  await server.close();
  await rm(profile, { recursive: true, force: true });
}
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(result));
