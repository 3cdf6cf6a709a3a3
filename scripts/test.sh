#!/usr/bin/env bash
# The whole test suite, with all set-up: native unit and integration tests (with the
# cross-checks against ../shared/reference when present), the CLI, the wasm build and its
# tests in Node and headless Chromium, the Node API tests and the real-browser page tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser

step() { printf '\n==== %s\n' "$*"; }

step "native tests (cargo test)"
cargo test

step "wasm build"
bash scripts/build-wasm.sh

export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
step "wasm tests in Node"
cargo test --target wasm32-unknown-unknown --test wasm

step "wasm tests in headless Chromium"
WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver \
  WASM_BINDGEN_TEST_WEBDRIVER_JSON="$PWD/webdriver.json" \
  cargo test --target wasm32-unknown-unknown --test wasm

step "Node API, TypeScript declarations and browser tests (node --test)"
mkdir -p test-artifacts
node --test tests/node/ tests/browser/
