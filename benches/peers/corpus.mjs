#!/usr/bin/env node
// Korpus bersama untuk mesin pembanding / The shared corpus every peer engine is fed.
//
//   node benches/peers/corpus.mjs [OUT_DIR]        (default target/bench/site)
//
// One document per code of all three systems (ICD-10 2010, ICD-9-CM 2010, ICPC-2), exported from
// the release CLI (`koder codes SYSTEM --json`: code, English display, Indonesian display_id), plus
// every row of data/id/*.tsv (Indonesian titles, abbreviations, synonyms, lay words) attached as
// `terms` to each code it names. This is what a vendor would have to ship to a JS search library
// to offer the same search as Koder (which carries the same tables inside its wasm).
//
// Writes OUT_DIR/corpus.json (array of {system, code, display, display_id, terms}), OUT_DIR/queries.json
// (the rows of tests/queries.tsv) and prints counts.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = resolve(process.argv[2] || join(root, 'target', 'bench', 'site'));
const cli = join(root, 'target', 'release', 'koder');
if (!existsSync(cli)) {
  console.error('target/release/koder tidak ada / is missing: jalankan / run `cargo build --release`');
  process.exit(1);
}

const SYSTEMS = ['icd10', 'icd9cm', 'icpc2'];
const docs = [];
const byKey = new Map();
for (const system of SYSTEMS) {
  const text = execFileSync(cli, ['codes', system, '--json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const c = JSON.parse(line);
    const doc = { system: c.system, code: c.code, display: c.display, display_id: c.display_id ?? '', terms: [] };
    byKey.set(`${doc.system}\t${doc.code}`, doc);
    docs.push(doc);
  }
}

let rows = 0;
let unknown = 0;
const idDir = join(root, 'data', 'id');
for (const f of readdirSync(idDir).filter((n) => n.endsWith('.tsv')).sort()) {
  const lines = readFileSync(join(idDir, f), 'utf8').split(/\r?\n/);
  let header = null;
  for (const line of lines) {
    if (!line.trim() || line.startsWith('#')) continue;
    const cols = line.split('\t');
    if (!header) {
      header = cols;
      continue;
    }
    const get = (name) => cols[header.indexOf(name)] ?? '';
    const term = get('term').trim();
    const system = get('system').trim();
    if (!term) continue;
    rows++;
    for (const code of get('codes').split(',').map((s) => s.trim()).filter(Boolean)) {
      const doc = byKey.get(`${system}\t${code}`);
      if (!doc) {
        unknown++;
        continue;
      }
      const t = term;
      if (t !== doc.display_id && t !== doc.display && !doc.terms.includes(t)) doc.terms.push(t);
    }
  }
}

// The query set, as rows (query, system, expected codes), for the relevance measurement.
const qrows = [];
{
  const lines = readFileSync(join(root, 'tests', 'queries.tsv'), 'utf8').split(/\r?\n/);
  let header = null;
  for (const line of lines) {
    if (!line.trim() || line.startsWith('#')) continue;
    const cols = line.split('\t');
    if (!header) {
      header = cols;
      continue;
    }
    const q = cols[header.indexOf('query')];
    if (!q) continue;
    qrows.push({
      query: q,
      system: cols[header.indexOf('system')] || '',
      expected: (cols[header.indexOf('expected')] || '').split(',').map((s) => s.trim()).filter(Boolean),
    });
  }
}

mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'corpus.json'), JSON.stringify(docs));
writeFileSync(join(out, 'queries.json'), JSON.stringify(qrows));
const counts = Object.fromEntries(SYSTEMS.map((s) => [s, docs.filter((d) => d.system === s).length]));
const withTerms = docs.filter((d) => d.terms.length).length;
writeFileSync(join(out, 'corpus-info.json'), JSON.stringify({ documents: docs.length, counts, vocabulary_rows: rows, documents_with_terms: withTerms, unknown_codes: unknown, queries: qrows.length }, null, 2));
console.log(`corpus: ${docs.length} documents (${SYSTEMS.map((s) => `${s} ${counts[s]}`).join(', ')}), ` +
  `${rows} vocabulary rows → ${withTerms} documents with terms (${unknown} unknown codes); ${qrows.length} queries → ${out}`);
