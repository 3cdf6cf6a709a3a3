#!/usr/bin/env node
// Bundles each peer library into one minified ES module (what a vendor ships), with esbuild from
// target/bench/peers/node_modules (installed by benches/run.sh from benches/package.json).
// The same files are loaded by the Node run and by the Chromium page, so the size measured is the
// size of the code that ran.
//
//   node benches/peers/bundle.mjs [SITE_DIR]         (default target/bench/site)
//
// Writes SITE_DIR/peers/{minisearch,flexsearch,fuse,orama}.mjs and SITE_DIR/peers/versions.json.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const peersDir = join(root, 'target', 'bench', 'peers');
const site = resolve(process.argv[2] || join(root, 'target', 'bench', 'site'));
const require = createRequire(join(peersDir, 'package.json'));
const esbuild = require('esbuild');

// Only what the adapters in engines.mjs use, so tree-shaking leaves the rest out.
const ENTRIES = {
  minisearch: { pkg: 'minisearch', code: "export { default as MiniSearch } from 'minisearch';" },
  flexsearch: { pkg: 'flexsearch', code: "export { Document, Charset } from 'flexsearch';" },
  'fuse.js': { pkg: 'fuse.js', code: "export { default as Fuse } from 'fuse.js';" },
  orama: { pkg: '@orama/orama', code: "export { create, insertMultiple, search } from '@orama/orama';" },
};

mkdirSync(join(site, 'peers'), { recursive: true });
const versions = {};
for (const [name, { pkg, code }] of Object.entries(ENTRIES)) {
  const pj = JSON.parse(readFileSync(join(peersDir, 'node_modules', pkg, 'package.json'), 'utf8'));
  versions[name] = pj.version;
  await esbuild.build({
    stdin: { contents: code, resolveDir: peersDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    legalComments: 'none',
    outfile: join(site, 'peers', `${name.replace('.js', '')}.mjs`),
    logLevel: 'warning',
  });
}
versions.esbuild = esbuild.version;
writeFileSync(join(site, 'peers', 'versions.json'), JSON.stringify(versions, null, 2));
console.log(`peers bundled → ${join(site, 'peers')}: ${Object.entries(versions).map(([k, v]) => `${k}@${v}`).join(', ')}`);
