#!/usr/bin/env bash
# Installs everything Koder needs on a fresh machine of this kind (Debian, Rust via rustup,
# Node 20): the wasm target, wasm-bindgen-cli matching Cargo.lock, Chromium + ChromeDriver for
# browser tests (only with --browser), and the npm dev tools (binaryen's wasm-opt,
# playwright-core, vite, axe-core, typescript). Each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."
want_browser=0
[ "${1:-}" = "--browser" ] && want_browser=1

say() { printf '\n== %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

WB=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/,""); print; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB" ] ||
   ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "cargo install wasm-bindgen-cli $WB (about 3 minutes, once)"
  # Not --locked: one locked dependency of the CLI is missing from the registry.
  cargo install wasm-bindgen-cli --version "$WB" --no-default-features
fi

if [ "$want_browser" = 1 ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  say "apt-get install chromium chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update
  $SUDO apt-get install -y chromium chromium-driver
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] ||
   [ ! -x node_modules/.bin/vite ] || [ ! -d node_modules/axe-core ] ||
   [ ! -x node_modules/.bin/tsc ] ||
   [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # `npm install` rather than `npm ci`: npm 11 leaves rollup's optional platform packages out of
  # the lock file and `npm ci` then refuses it; the versions are still pinned in package.json.
  say "npm install (binaryen, playwright-core, axe-core, vite, typescript)"
  npm install --no-audit --no-fund
fi
