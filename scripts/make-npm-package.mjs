// Assembles pkg/npm: the publishable npm package (web, bundler and Node builds, typed exports,
// the vendor README and the drop-in components from www/components when present).
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const cargo = readFileSync('Cargo.toml', 'utf8');
const version = /^version\s*=\s*"([^"]+)"/m.exec(cargo)[1];
const out = 'pkg/npm';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const t of ['web', 'nodejs', 'bundler']) {
  cpSync(`pkg/${t}`, `${out}/${t}`, { recursive: true, filter: (p) => !p.endsWith('.gitignore') });
}
writeFileSync(`${out}/nodejs/package.json`, '{ "type": "commonjs", "main": "koder.js" }\n');
// The drop-in custom elements (<koder-code-input>, <koder-claim-panel>) and their typings.
if (existsSync('www/components')) cpSync('www/components', `${out}/components`, { recursive: true });
cpSync('npm/README.md', `${out}/README.md`);
const pkg = {
  name: '@koder/icd',
  version,
  description: 'Offline ICD-10 (2010, INA-CBG), ICD-9-CM and ICPC-2 coding assistant for Indonesian EMR forms (WebAssembly)',
  license: 'GPL-3.0-or-later',
  type: 'module',
  main: './nodejs/koder.js',
  module: './bundler/koder.js',
  types: './web/koder.d.ts',
  exports: {
    // `node` first: Node and TypeScript's node16/nodenext resolution take the Node build and its
    // own declarations (nodejs/koder.d.ts, beside it); bundlers and TypeScript's `bundler`
    // resolution, which do not set `node`, take the web build's.
    '.': {
      node: './nodejs/koder.js',
      types: './web/koder.d.ts',
      browser: './web/koder.js',
      import: './bundler/koder.js',
      default: './web/koder.js',
    },
    './web': { types: './web/koder.d.ts', default: './web/koder.js' },
    './bundler': { types: './bundler/koder.d.ts', default: './bundler/koder.js' },
    './node': { types: './nodejs/koder.d.ts', default: './nodejs/koder.js' },
    './web/koder_search_bg.wasm': './web/koder_search_bg.wasm',
    './web/koder_full_bg.wasm': './web/koder_full_bg.wasm',
    './web/koder_catalog.bin': './web/koder_catalog.bin',
    './components/*.js': { types: './components/*.d.ts', default: './components/*.js' },
    './components/*': './components/*',
    './package.json': './package.json',
  },
  files: ['web', 'nodejs', 'bundler', 'components', 'README.md'],
  sideEffects: ['./bundler/koder.js', './components/*'],
  keywords: ['icd-10', 'icd-9-cm', 'icpc-2', 'ina-cbg', 'bpjs', 'indonesia', 'wasm', 'fst'],
};
writeFileSync(`${out}/package.json`, JSON.stringify(pkg, null, 2) + '\n');
console.log(`pkg/npm: @koder/icd ${version}`);
