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
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

// The root export '@koder/icd' installed in a temporary node_modules: TypeScript takes the
// declarations of the build the same resolution takes at run time — the Node build's under
// node16 (no init, no initSearch: it is ready once required), the web build's under `bundler`;
// and the bundler build's own path, whose start functions resolve at once.
it('the root export gives each resolution the declarations of its build', { skip: SKIP }, () => {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const dir = mkdtempSync(join(tmpdir(), 'koder-types-'));
  try {
    mkdirSync(join(dir, 'node_modules', '@koder'), { recursive: true });
    symlinkSync(join(root, 'pkg', 'npm'), join(dir, 'node_modules', '@koder', 'icd'), 'dir');
    const project = (name, module, resolution, source) => {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'usage.ts'), source);
      writeFileSync(join(dir, name, 'tsconfig.json'), JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, target: 'es2022', module, moduleResolution: resolution, lib: ['esnext', 'dom'], types: [] },
        files: ['usage.ts'],
      }));
      return spawnSync(process.execPath, [tsc, '-p', join(dir, name), '--pretty', 'false'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    };
    const node = project('node', 'node16', 'node16', [
      "import k = require('@koder/icd');",
      "const code: string | undefined = k.search('demam')[0]?.code;",
      '// @ts-expect-error the Node build needs no start',
      'k.initSearch();',
      'export { code };',
    ].join('\n'));
    assert.equal(node.status, 0, `tsc (node16):\n${node.stdout}${node.stderr}`);
    const web = project('web', 'esnext', 'bundler', [
      "import init, { initSearch, search } from '@koder/icd';",
      'await initSearch();',
      'await init();',
      "const code: string | undefined = search('demam')[0]?.code;",
      'export { code };',
    ].join('\n'));
    assert.equal(web.status, 0, `tsc (bundler):\n${web.stdout}${web.stderr}`);
    // The bundler build, by its own path: the web build's start functions are declared there too.
    const bundler = project('bundler', 'esnext', 'bundler', [
      "import init, { initSearch, initSync, search } from '@koder/icd/bundler';",
      'const nothing: undefined = await initSearch();',
      'const memory: WebAssembly.Memory = (await init()).memory;',
      'initSync();',
      "const code: string | undefined = search('demam')[0]?.code;",
      '// @ts-expect-error initSearch resolves with nothing here',
      'const exports: { memory: WebAssembly.Memory } = await initSearch();',
      'export { code, nothing, memory, exports };',
    ].join('\n'));
    assert.equal(bundler.status, 0, `tsc (bundler build):\n${bundler.stdout}${bundler.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
