// Claims-audit throughput of the wasm build in Node: 50,000 claims made from the audit fixture
// (patients and SEP numbers varied), audited with and without the grouping preview.
// Run after `bash scripts/build-wasm.sh`: `node benches/audit.mjs`. Prints figures; never fails.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const k = require('../pkg/nodejs');
const lines = readFileSync(new URL('../tests/audit/month.csv', import.meta.url), 'utf8').trim().split('\n');
const [header, ...rows] = lines;
const N = 50_000;
let body = '';
for (let i = 0; i < N; i++) {
  const r = rows[i % rows.length].split(';');
  r[0] = `S${i}`;
  r[1] = `RM${i % 20_000}`;
  r[2] = String(1e12 + (i % 20_000));
  body += `${r.join(';')}\n`;
}
console.log('| audit (wasm, Node, one thread) | claims per second |\n|---|---|');
for (const group of ['none', 'risk']) {
  const a = new k.Auditor({ group });
  const t = performance.now();
  a.push(`${header}\n${body}`);
  a.finish();
  const s = (performance.now() - t) / 1000;
  console.log(`| ${N} claims, grouping preview: ${group} | ${Math.round(N / s)} |`);
}
