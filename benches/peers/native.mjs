#!/usr/bin/env node
// Angka native / Native figures: parses the output of `cargo bench --bench native` (saved by
// benches/run.sh to target/bench/native.txt) and measures claim checks per second of the release CLI
// over the same synthetic claims as the wasm runs (engines.mjs makeClaims), when the cargo bench has
// no claim fixtures to time (tests/claims/ absent). The CLI figure is (N − 1) claims over the time of
// `koder check N.json --json` minus that of a one-claim file (so process start and catalog open cancel
// out); JSON parse, check and JSON output are included.
//
//   node benches/peers/native.mjs [native.txt] [OUT.json]

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeClaims, stats } from './engines.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const txt = resolve(process.argv[2] || join(root, 'target', 'bench', 'native.txt'));
const outFile = resolve(process.argv[3] || join(root, 'target', 'bench', 'native.json'));
const cli = join(root, 'target', 'release', 'koder');
const out = { cargo_bench: null, cli_check: null, cli_group: null };

if (existsSync(txt)) {
  const text = readFileSync(txt, 'utf8');
  const cell = (label) => {
    const m = text.match(new RegExp(`^\\|\\s*${label}[^|]*\\|\\s*([0-9.]+)`, 'mi'));
    return m ? Number(m[1]) : null;
  };
  const ks = text.match(/(\d+) keystrokes/);
  out.cargo_bench = {
    keystrokes: ks ? Number(ks[1]) : null,
    init_ms: cell('init'),
    p50: cell('p50'),
    p99: cell('p99'),
    max: cell('max'),
    check_per_second: cell('claim checks per second'),
    group_per_second: cell('[^|]*group[^|]*per second'),
  };
}

function timeCli(file, args) {
  const t0 = performance.now();
  execFileSync(cli, [...args, file, '--json'], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  return performance.now() - t0;
}

function cliRate(args, label) {
  const N = 20000;
  const base = makeClaims(200);
  const many = Array.from({ length: N }, (_, i) => ({ ...base[i % base.length], id: `bench-${i}` }));
  const fN = join(root, 'target', 'bench', `claims-${N}.json`);
  const f1 = join(root, 'target', 'bench', 'claims-1.json');
  writeFileSync(fN, JSON.stringify(many));
  writeFileSync(f1, JSON.stringify([many[0]]));
  try {
    timeCli(f1, args); // warm the page cache
    const t1 = stats([0, 1, 2].map(() => timeCli(f1, args))).p50;
    const tN = stats([0, 1, 2].map(() => timeCli(fN, args))).p50;
    return { claims: N, ms_one: t1, ms_all: tN, per_second: (N - 1) / ((tN - t1) / 1000) };
  } catch (e) {
    return { error: `${label}: ${String(e.stderr || e.message).trim().slice(0, 300)}` };
  }
}

if (existsSync(cli)) {
  if (!out.cargo_bench?.check_per_second) out.cli_check = cliRate(['check'], 'koder check');
  const help = (() => {
    try {
      return execFileSync(cli, ['help'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      return String(e.stdout || '');
    }
  })();
  if (/^\s*koder group\b/m.test(help) && !out.cargo_bench?.group_per_second) out.cli_group = cliRate(['group'], 'koder group');
}
writeFileSync(outFile, JSON.stringify(out, null, 2));
console.log(`native: ${JSON.stringify(out)}`);
