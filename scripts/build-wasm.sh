#!/usr/bin/env bash
# Builds the wasm package: pkg/{web,nodejs,bundler} (wasm-bindgen + wasm-opt), the npm package
# directory pkg/npm, and www/pkg (the web build served by the demo).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --lib --target wasm32-unknown-unknown --release
WASM=target/wasm32-unknown-unknown/release/koder.wasm
OPT=node_modules/.bin/wasm-opt
rm -rf pkg && mkdir -p pkg
for t in web nodejs bundler; do
  wasm-bindgen --target "$t" --out-dir "pkg/$t" "$WASM"
  "$OPT" -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals "pkg/$t/koder_bg.wasm" -o "pkg/$t/koder_bg.wasm"
done
# A guard around every call into the module (a call that throws cannot leave it broken).
node scripts/guard-glue.mjs
# The Node build is CommonJS: keep it that way even under a "type": "module" parent.
echo '{ "type": "commonjs", "main": "koder.js", "types": "koder.d.ts" }' > pkg/nodejs/package.json
node scripts/make-npm-package.mjs
rm -rf www/pkg && cp -r pkg/web www/pkg
echo "wasm: $(wc -c < pkg/web/koder_bg.wasm) bytes (pkg/web/koder_bg.wasm)"
