#!/usr/bin/env node
// Tolok ukur latensi per ketukan tombol / Per-keystroke latency benchmark of the wasm build in Node.
//
//   bash scripts/build-wasm.sh && node benches/keystroke.mjs
//
// Types every query of tests/queries.tsv (column `query`) one character at a time, calling
// search(prefix, { limit: 10 }) for every prefix, and times each call with
// process.hrtime.bigint(). Reports p50 / p99 / max per keystroke, the init time (require + first
// answer, in a fresh child process so module loading counts), and the sizes of the web build.
// Figures go to target/bench/keystroke.json (JSON) and stdout (Markdown). Target: p99 ≤ 1 ms.
// The benchmark never fails the build: it prints PASS/MISS and exits 0.
//
// Environment: KODER_BENCH_PASSES (measured passes over all queries, default 3),
// KODER_BENCH_INIT_RUNS (fresh child processes for the init time, default 5).

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zc, gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const nodePkg = join(root, 'pkg', 'nodejs');
// The module this benchmark types into: one module with the catalog inside (the Node build).
const webWasm = join(nodePkg, 'koder_bg.wasm');
const webJs = join(nodePkg, 'koder.js');
const queriesFile = join(root, 'tests', 'queries.tsv');
const outFile = join(root, 'target', 'bench', 'keystroke.json');
const TARGET_P99_MS = 1.0;
const PASSES = Math.max(1, Number(process.env.KODER_BENCH_PASSES ?? 3) | 0);
const INIT_RUNS = Math.max(1, Number(process.env.KODER_BENCH_INIT_RUNS ?? 5) | 0);

// Used only when tests/queries.tsv is missing.
const BUILTIN_QUERIES = [
  'demam berdarah', 'dbd', 'dhf', 'tifoid', 'tipes', 'diare akut', 'gastroenteritis', 'ispa',
  'pneumonia', 'j189', 'tb paru', 'hipertensi', 'ht', 'dm tipe 2', 'diabetes melitus',
  'gagal ginjal kronik', 'ckd', 'stroke', 'cva', 'asma', 'ppok', 'dispepsia', 'gastritis',
  'sectio caesarea', 'appendektomi', 'apendisitis akut', 'fraktur femur', 'k86', 'a09', 'nyeri kepala',
];

if (!existsSync(join(nodePkg, 'koder.js')) || !existsSync(webWasm)) {
  console.log('pkg/ belum dibangun; jalankan `bash scripts/build-wasm.sh` dahulu. / ' +
    'pkg/ is not built; run `bash scripts/build-wasm.sh` first. (benchmark skipped)');
  process.exit(0);
}

function readQueries() {
  if (!existsSync(queriesFile)) return { source: 'built-in list (tests/queries.tsv missing)', queries: BUILTIN_QUERIES };
  const rows = readFileSync(queriesFile, 'utf8').split(/\r?\n/).filter((l) => l.trim() && !l.startsWith('#'));
  const header = rows.shift().split('\t');
  const col = header.indexOf('query');
  if (col < 0) return { source: 'built-in list (no `query` column in tests/queries.tsv)', queries: BUILTIN_QUERIES };
  const queries = [...new Set(rows.map((r) => (r.split('\t')[col] ?? '').trim()).filter(Boolean))];
  return { source: 'tests/queries.tsv', queries };
}

const ns2ms = (ns) => Number(ns) / 1e6;
function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
function stats(samplesMs) {
  const s = Float64Array.from(samplesMs).sort();
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return { n: s.length, p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), max: s[s.length - 1], mean };
}
const fmt = (ms) => (ms < 1 ? ms.toFixed(3) : ms.toFixed(2));

// --- Init: require + first answer, in fresh processes ---------------------------------------
function measureInit() {
  const script = `
    const t0 = process.hrtime.bigint();
    const k = require(${JSON.stringify(nodePkg)});
    const t1 = process.hrtime.bigint();
    const r = k.search('d', { limit: 10 });
    const t2 = process.hrtime.bigint();
    if (!Array.isArray(r)) throw new Error('no answer');
    process.stdout.write(JSON.stringify({ require: Number(t1 - t0) / 1e6, first: Number(t2 - t1) / 1e6 }));
  `;
  const runs = [];
  for (let i = 0; i < INIT_RUNS; i++) {
    const w0 = process.hrtime.bigint();
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    const wall = ns2ms(process.hrtime.bigint() - w0);
    const { require: req, first } = JSON.parse(out);
    runs.push({ require_ms: req, first_answer_ms: first, init_ms: req + first, process_wall_ms: wall });
  }
  const med = (key) => stats(runs.map((r) => r[key])).p50;
  return {
    runs: runs.length,
    init_ms_median: med('init_ms'),
    require_ms_median: med('require_ms'),
    first_answer_ms_median: med('first_answer_ms'),
    process_wall_ms_median: med('process_wall_ms'),
    init_ms_max: Math.max(...runs.map((r) => r.init_ms)),
  };
}

// --- Keystrokes -----------------------------------------------------------------------------
function measureKeystrokes(queries) {
  const require = createRequire(import.meta.url);
  const k = require(nodePkg);
  const opts = { limit: 10 };
  const passes = [];
  const byLength = { 1: [], 2: [], '3+': [] }; // prefix length in characters → samples
  let errors = 0;
  let slowest = { ms: 0, prefix: '' };
  for (let pass = 0; pass < PASSES; pass++) {
    const samples = [];
    for (const q of queries) {
      const chars = [...q]; // by code point, as a user types
      let prefix = '';
      let typed = 0;
      for (const ch of chars) {
        prefix += ch;
        typed++;
        const t0 = process.hrtime.bigint();
        try {
          k.search(prefix, opts);
        } catch {
          errors++;
        }
        const ms = ns2ms(process.hrtime.bigint() - t0);
        samples.push(ms);
        byLength[typed >= 3 ? '3+' : typed].push(ms);
        if (ms > slowest.ms) slowest = { ms, prefix, pass: pass + 1 };
      }
    }
    passes.push(samples);
  }
  return {
    first_pass: stats(passes[0]),
    all: stats(passes.flat()),
    by_prefix_chars: Object.fromEntries(Object.entries(byLength).map(([k, v]) => [k, stats(v)])),
    keystrokes_per_pass: passes[0].length,
    passes: PASSES,
    errors,
    slowest,
  };
}

// --- Sizes ----------------------------------------------------------------------------------
function sizes(file) {
  const buf = readFileSync(file);
  return {
    raw: buf.length,
    gzip9: gzipSync(buf, { level: 9 }).length,
    brotli11: brotliCompressSync(buf, {
      params: { [zc.BROTLI_PARAM_QUALITY]: 11, [zc.BROTLI_PARAM_SIZE_HINT]: buf.length },
    }).length,
  };
}

const loadAtStart = os.loadavg().map((x) => Number(x.toFixed(2)));
const { source, queries } = readQueries();
const init = measureInit();
const keys = measureKeystrokes(queries);
const wasmSize = sizes(webWasm);
const glueSize = sizes(webJs);
const pass = keys.all.p99 <= TARGET_P99_MS;

const report = {
  date: new Date().toISOString(),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
  cpus: os.cpus().length,
  loadavg_at_start: loadAtStart,
  queries: { source, count: queries.length },
  keystroke_ms: keys,
  init,
  sizes_bytes: { 'pkg/nodejs/koder_bg.wasm': wasmSize, 'pkg/nodejs/koder.js': glueSize },
  target: { p99_ms: TARGET_P99_MS, result: pass ? 'PASS' : 'MISS' },
};
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(report, null, 2) + '\n');

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const a = keys.all;
const f = keys.first_pass;
console.log(`## Koder — latensi per ketukan / per-keystroke latency (wasm, Node ${process.version})

Kueri / queries: ${queries.length} (${source}); load average at start: ${loadAtStart.join(' ')} on ${os.cpus().length} CPUs; ketukan / keystrokes: ${keys.keystrokes_per_pass} per pass × ${keys.passes} passes; galat / errors: ${keys.errors}

| Ukuran / Metric | Nilai / Value |
|---|---|
| p50 per keystroke | ${fmt(a.p50)} ms |
| p90 per keystroke | ${fmt(a.p90)} ms |
| p99 per keystroke | ${fmt(a.p99)} ms |
| max per keystroke | ${fmt(a.max)} ms (\`${keys.slowest.prefix.replace(/[|`]/g, ' ')}\`) |
| mean per keystroke | ${fmt(a.mean)} ms |
| by prefix length 1 / 2 / ≥3 chars: p50 | ${['1', '2', '3+'].map((l) => fmt(keys.by_prefix_chars[l].p50)).join(' / ')} ms |
| by prefix length 1 / 2 / ≥3 chars: p99 | ${['1', '2', '3+'].map((l) => fmt(keys.by_prefix_chars[l].p99)).join(' / ')} ms |
| first pass p50 / p99 / max | ${fmt(f.p50)} / ${fmt(f.p99)} / ${fmt(f.max)} ms |
| keystrokes measured | ${a.n} |
| init: require + first answer (median of ${init.runs} fresh processes) | ${fmt(init.init_ms_median)} ms (require ${fmt(init.require_ms_median)} + first ${fmt(init.first_answer_ms_median)}) |
| init: whole child process incl. Node start (median) | ${fmt(init.process_wall_ms_median)} ms |
| pkg/nodejs/koder_bg.wasm raw | ${wasmSize.raw} B (${kb(wasmSize.raw)}) |
| pkg/nodejs/koder_bg.wasm gzip -9 | ${wasmSize.gzip9} B (${kb(wasmSize.gzip9)}) |
| pkg/nodejs/koder_bg.wasm brotli 11 | ${wasmSize.brotli11} B (${kb(wasmSize.brotli11)}) |
| pkg/nodejs/koder.js glue raw / gzip -9 / brotli 11 | ${glueSize.raw} / ${glueSize.gzip9} / ${glueSize.brotli11} B |

Target p99 ≤ ${TARGET_P99_MS} ms: **${pass ? 'PASS' : 'MISS'}** (p99 ${fmt(a.p99)} ms)

JSON: ${outFile.slice(root.length + 1)}`);
