#!/usr/bin/env bash
# Builds the wasm package: pkg/{web,nodejs,bundler} (wasm-bindgen + wasm-opt), the npm package
# directory pkg/npm, and www/pkg (the web build served by the demo).
#
# - pkg/nodejs, pkg/bundler: one module with everything, the catalog inside (default features).
# - pkg/web: the entry koder.js (src/wasm/koder.js bundled with both modules' glue) over two
#   modules without the catalog — koder_search (search only, answers first) and koder_full
#   (everything) — and the catalog file koder_catalog.bin (the bundle, gzip-compressed) that both
#   get, fetched once.
set -euo pipefail
cd "$(dirname "$0")/.."
OPT=node_modules/.bin/wasm-opt
WASM=target/wasm32-unknown-unknown/release/koder.wasm

# build <out-name> <cargo feature args…>: the module, its catalog bundle path in $BUNDLE.
build() {
  local name=$1
  shift
  local out
  out=$(cargo build --lib --target wasm32-unknown-unknown --release "$@" --message-format=json-render-diagnostics |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for(const l of s.split("\n")){if(!l)continue;const m=JSON.parse(l);if(m.reason==="build-script-executed"&&/[/#]koder[@#]/.test(m.package_id))console.log(m.out_dir)}})')
  BUNDLE="$out/koder_catalog.bin"
  [ -f "$BUNDLE" ] || { echo "build-wasm: no koder_catalog.bin in '$out'" >&2; exit 1; }
  cp "$WASM" "target/$name.wasm"
}

optimise() {
  "$OPT" -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals "$1" -o "$1"
}

rm -rf pkg && mkdir -p pkg
build koder
for t in nodejs bundler; do
  wasm-bindgen --target "$t" --out-dir "pkg/$t" target/koder.wasm
  optimise "pkg/$t/koder_bg.wasm"
done
# The bundler build gets the web build's start functions (they finish at once there).
cat src/wasm/bundler-start.js >> pkg/bundler/koder.js
cat src/wasm/bundler-start.d.ts >> pkg/bundler/koder.d.ts
build koder_full --no-default-features --features full
FULL_BUNDLE=$BUNDLE
build koder_search --no-default-features
cmp -s "$FULL_BUNDLE" "$BUNDLE" || { echo "build-wasm: the two web modules were built from different catalogs" >&2; exit 1; }
# The two modules' glue is built into target/web-glue and bundled with the entry into one
# pkg/web/koder.js (one request before the first answer, the shared glue code compressed once).
GLUE=target/web-glue
rm -rf "$GLUE" && mkdir -p "$GLUE" pkg/web
for m in koder_full koder_search; do
  wasm-bindgen --target web --out-dir "$GLUE" "target/$m.wasm"
  optimise "$GLUE/${m}_bg.wasm"
  mv "$GLUE/${m}_bg.wasm" pkg/web/
done
# The catalog file is the bundle gzip-compressed here, so it travels at ≈ 0.6 MB whether or not
# the web server compresses (many leave .bin and .wasm as they are); koder.js unpacks it.
node -e 'const fs = require("fs"), zlib = require("zlib");
fs.writeFileSync(process.argv[2], zlib.gzipSync(fs.readFileSync(process.argv[1]), { level: 9 }))' "$BUNDLE" pkg/web/koder_catalog.bin
cp src/wasm/koder.js src/wasm/inflate.mjs "$GLUE/"
# A guard around every call into the module (a call that throws cannot leave it broken).
node scripts/guard-glue.mjs
node_modules/.bin/esbuild "$GLUE/koder.js" --bundle --format=esm --log-level=warning --legal-comments=none \
  --banner:js='// Koder web entry (koder.js + the glue of koder_search_bg.wasm and koder_full_bg.wasm + inflate.mjs), built by scripts/build-wasm.sh from src/wasm/koder.js.' \
  --outfile=pkg/web/koder.js
cp src/wasm/koder.d.ts "$GLUE/koder_full.d.ts" pkg/web/
# The Node build is CommonJS: keep it that way even under a "type": "module" parent.
echo '{ "type": "commonjs", "main": "koder.js", "types": "koder.d.ts" }' > pkg/nodejs/package.json
node scripts/make-npm-package.mjs
rm -rf www/pkg && cp -r pkg/web www/pkg
for f in koder_search_bg.wasm koder_full_bg.wasm koder_catalog.bin; do
  echo "wasm: $(wc -c < "pkg/web/$f") bytes (pkg/web/$f)"
done
