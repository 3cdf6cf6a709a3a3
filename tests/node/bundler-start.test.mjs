// Awal build bundler / The bundler build (pkg/npm/bundler) has the web build's start functions:
// `init`, `initSearch` and `initSync` resolve (or return) at once, since the build starts when
// it is imported, so code written for the web build runs on it unchanged.
//
//   bash scripts/build-wasm.sh && node --test tests/node/bundler-start.test.mjs
//
// Node imports the build's .wasm as an ES module only with --experimental-wasm-modules, so the
// build runs in a child process. Skipped, with a message, when pkg/ has not been built.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const entry = join(root, 'pkg', 'npm', 'bundler', 'koder.js');
const SKIP = existsSync(entry)
  ? false
  : 'pkg/npm belum dibangun; jalankan bash scripts/build-wasm.sh / pkg/npm is not built; run bash scripts/build-wasm.sh';
if (SKIP) console.log(`# SKIP: ${SKIP}`);

/** Runs `body` (an async function's body, `k` the build's exports) in a child Node; its JSON result. */
function inBundlerBuild(body) {
  const script = `const k = await import(${JSON.stringify(pathToFileURL(entry).href)});\n` +
    `const out = await (async () => { ${body} })();\nprocess.stdout.write(JSON.stringify(out));`;
  const r = spawnSync(process.execPath, ['--experimental-wasm-modules', '--no-warnings', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 0, `node:\n${r.stdout}${r.stderr}`);
  return JSON.parse(r.stdout);
}

it('code written for the web build starts the bundler build and searches', { skip: SKIP }, () => {
  const out = inBundlerBuild(`
    const started = await k.initSearch({ catalog: 'ignored.bin' });
    const exports = await k.default();
    const again = k.initSync({ module: new Uint8Array(0), catalog: new Uint8Array(0) });
    const hits = k.search('demam berdarah', { limit: 3 });
    return {
      started: started === undefined ? 'undefined' : typeof started,
      memory: exports.memory instanceof WebAssembly.Memory,
      same: again === exports,
      code: hits[0] && hits[0].code,
      answered: typeof k.version().koder,
    };`);
  assert.deepEqual(out, { started: 'undefined', memory: true, same: true, code: 'A91', answered: 'string' });
});
