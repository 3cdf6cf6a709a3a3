#!/usr/bin/env bash
# Tolok ukur Koder vs. pustaka pencarian JS / Koder vs. the JS search libraries, one command:
#
#   bash benches/run.sh
#
# Builds the wasm package and the release CLI, installs the pinned peers (benches/package.json →
# target/bench/peers, so the main `npm ci` stays small), feeds every engine the same corpus, measures in
# Node and in headless Chromium (127.0.0.1 only), runs `cargo bench --bench native`, and regenerates
# BENCHMARKS.md and benches/keystroke-latency.svg. Targets print PASS/MISS; a miss never fails the run.
# About 10 minutes on 2 cores.
#
# Environment: KODER_BENCH_BUDGET_S (typing seconds per engine and environment, default 15),
# KODER_BENCH_REL_BUDGET_S (relevance seconds per engine, default 30), KODER_BENCH_FULL=1 (all relevance
# rows for every engine), KODER_BENCH_START_RUNS (fresh processes/pages for start-up, default 5),
# KODER_BENCH_SKIP_BUILD=1 (reuse pkg/ and target/release/koder).
set -euo pipefail
cd "$(dirname "$0")/.."
B=target/bench
SITE=$B/site
mkdir -p "$B"
t0=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$1" "$(( $(date +%s) - t0 ))"; }

load() { cut -d' ' -f1-3 /proc/loadavg; }
LOAD_START=$(load)

if [ "${KODER_BENCH_SKIP_BUILD:-0}" != 1 ]; then
  step "wasm package (scripts/build-wasm.sh)"
  bash scripts/build-wasm.sh
  step "release CLI (cargo build --release)"
  cargo build --release --quiet
fi
# Private copies right away: other builds may replace pkg/ while we measure.
rm -rf "$SITE" && mkdir -p "$SITE/koder-web" "$SITE/koder-node"
cp pkg/web/*.js pkg/web/*.wasm pkg/web/koder_catalog.bin "$SITE/koder-web/"
cp pkg/nodejs/koder.js pkg/nodejs/koder_bg.wasm pkg/nodejs/package.json "$SITE/koder-node/"

step "peers (npm ci of benches/package.json into $B/peers)"
mkdir -p "$B/peers"
if ! cmp -s benches/package-lock.json "$B/peers/package-lock.json" || [ ! -d "$B/peers/node_modules" ]; then
  cp benches/package.json benches/package-lock.json "$B/peers/"
  npm ci --prefix "$B/peers" --no-audit --no-fund --loglevel=error
fi

step "corpus and bundles"
node benches/peers/corpus.mjs "$SITE"
node benches/peers/bundle.mjs "$SITE"
cp benches/peers/engines.mjs benches/peers/page.mjs benches/peers/index.html "$SITE/"
echo '// Sengaja kosong / empty on purpose: the floor of the start-up figures (page.mjs benchFloor).' > "$SITE/empty.mjs"

step "native (cargo bench --bench native)"
if timeout 600 cargo bench --quiet --bench native > "$B/native.txt" 2> "$B/native.err"; then
  cat "$B/native.txt"
else
  echo "cargo bench --bench native gagal / failed (see $B/native.err); native figures left out"
  : > "$B/native.txt"
fi
node benches/peers/native.mjs "$B/native.txt" "$B/native.json"

step "Node"
node benches/peers/node.mjs "$SITE" "$B/node.json"

step "Chromium (headless)"
rm -f "$B/chromium.json"
if [ -x "${CHROMIUM:-/usr/bin/chromium}" ] && [ -d node_modules/playwright-core ]; then
  node benches/peers/browser.mjs "$SITE" "$B/chromium.json"
else
  echo "Chromium atau playwright-core tidak ada / missing (npm ci): Chromium run skipped"
fi

step "suggest (one resume line, Node and Chromium)"
node benches/suggest.mjs | tee "$B/suggest.txt" || echo "benches/suggest.mjs gagal / failed"

step "report"
node -e '
const fs = require("fs"); const { execSync } = require("child_process");
const sh = (c) => { try { return execSync(c, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim(); } catch { return "?"; } };
fs.writeFileSync(process.argv[1], JSON.stringify({ date: new Date().toISOString(), load_start: process.argv[2], load_end: process.argv[3],
  rustc: sh("rustc --version"), wasm_bindgen: sh("wasm-bindgen --version") }));
' "$B/meta.json" "$LOAD_START" "$(load)"
node benches/peers/report.mjs
step "done"
