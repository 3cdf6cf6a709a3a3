// Tes tipe TypeScript API / The TypeScript declarations of the npm package, type-checked: tsc
// --strict on tests/types/usage.ts, which uses every exported function and class and the result
// fields the docs promise, and shows that wrong uses are refused.
//
//   bash scripts/build-wasm.sh && node --test tests/node/types.test.mjs
//
// Skipped, with a message, when pkg/ has not been built. TypeScript is a dev dependency
// (package.json, installed by scripts/setup.sh).

import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dts = join(root, 'pkg', 'npm', 'web', 'koder.d.ts');
const SKIP = existsSync(dts)
  ? false
  : 'pkg/ belum dibangun; jalankan bash scripts/build-wasm.sh / pkg/ is not built; run bash scripts/build-wasm.sh';
if (SKIP) console.log(`# SKIP: ${SKIP}`);

it('the declarations type-check against the usage file (tsc --strict --noEmit)', { skip: SKIP }, () => {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  assert.ok(existsSync(tsc), 'TypeScript tidak terpasang; jalankan npm install / TypeScript is not installed; run npm install');
  const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tests', 'types'), '--pretty', 'false'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(r.status, 0, `tsc:\n${r.stdout}${r.stderr}`);
});
