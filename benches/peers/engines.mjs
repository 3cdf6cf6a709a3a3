// Adapter mesin pencari / Search engine adapters, shared by the Node and the Chromium runs.
//
// Every adapter has the same shape:
//   { name, build(corpus) → void | Promise, search(query, system, limit) → string[] (codes, best first) }
// and every peer is fed the same corpus (benches/peers/corpus.mjs): one document per code with its
// English title, Indonesian title and the Indonesian vocabulary (terms) for it. Each peer is set up
// for search-as-you-type with prefix and typo tolerance the way its own documentation shows; code
// queries typed without the dot ("j189") are helped by indexing the code also without its dot.
// Koder is not fed anything: the same tables are compiled into its wasm.
//
// No imports here: the caller passes the loaded libraries, so this file runs unchanged in Node and in
// the browser page.

const codeField = (code) => (code.includes('.') ? `${code} ${code.replace('.', '')}` : code);

/** Koder (wasm). `k` is the module (pkg/nodejs or the initialised pkg/web). */
export function koderEngine(k) {
  return {
    name: 'koder',
    build() {},
    search(q, system, limit) {
      let r;
      try {
        r = k.search(q, system ? { system, limit } : { limit });
      } catch {
        return [];
      }
      return r.map((x) => x.code);
    },
  };
}

/** MiniSearch: prefix + fuzzy 0.2, as in its README ("search as you type"). `mod` is its bundle. */
export function minisearchEngine({ MiniSearch }) {
  let ms;
  let docs;
  return {
    name: 'minisearch',
    build(corpus) {
      docs = corpus;
      ms = new MiniSearch({
        fields: ['code', 'display', 'display_id', 'terms'],
        extractField: (doc, f) => {
          if (f === 'id') return doc.id;
          const d = docs[doc.id];
          if (f === 'code') return codeField(d.code);
          if (f === 'terms') return d.terms.join(' ; ');
          return d[f];
        },
        searchOptions: { prefix: true, fuzzy: 0.2 },
      });
      ms.addAll(corpus.map((_, id) => ({ id })));
    },
    search(q, system, limit) {
      const r = ms.search(q, system ? { filter: (x) => docs[x.id].system === system } : undefined);
      const out = [];
      for (let i = 0; i < r.length && i < limit; i++) out.push(docs[r[i].id].code);
      return out;
    },
  };
}

/** FlexSearch 0.8 Document: tokenize "forward", Charset.LatinBalance encoder, suggest: true, system as tag. */
export function flexsearchEngine(flex) {
  let idx;
  let docs;
  return {
    name: 'flexsearch',
    build(corpus) {
      docs = corpus;
      idx = new flex.Document({
        tokenize: 'forward',
        encoder: flex.Charset.LatinBalance,
        document: { id: 'id', index: ['code', 'display', 'display_id', 'terms'], tag: 'system' },
      });
      for (let id = 0; id < corpus.length; id++) {
        const d = corpus[id];
        idx.add({ id, system: d.system, code: codeField(d.code), display: d.display, display_id: d.display_id, terms: d.terms.join(' ; ') });
      }
    },
    search(q, system, limit) {
      const opts = { limit, suggest: true, merge: true };
      if (system) opts.tag = { system };
      const r = idx.search(q, opts);
      const out = [];
      for (let i = 0; i < r.length && i < limit; i++) out.push(docs[r[i].id].code);
      return out;
    },
  };
}

/** Fuse.js: fuzzy (bitap) over all fields, ignoreLocation: true (its docs' advice for long texts),
 *  default threshold 0.6. Fuse has no filter, so one index per code system. */
export function fuseEngine({ Fuse }) {
  const bySystem = new Map();
  let all;
  return {
    name: 'fuse.js',
    build(corpus) {
      const opts = {
        keys: ['code', 'code_alt', 'display', 'display_id', 'terms'],
        ignoreLocation: true,
      };
      const docs = corpus.map((d) => ({ ...d, code_alt: d.code.replace('.', '') }));
      const groups = new Map();
      for (const d of docs) {
        if (!groups.has(d.system)) groups.set(d.system, []);
        groups.get(d.system).push(d);
      }
      for (const [s, list] of groups) bySystem.set(s, new Fuse(list, opts));
      all = new Fuse(docs, opts);
    },
    search(q, system, limit) {
      const f = (system && bySystem.get(system)) || all;
      return f.search(q, { limit }).map((r) => r.item.code);
    },
  };
}

/** Orama 3: full-text with prefix matching (its default) and tolerance: 1 (typo), system as enum. */
export function oramaEngine(orama) {
  let db;
  return {
    name: 'orama',
    async build(corpus) {
      db = orama.create({
        schema: { system: 'enum', code: 'string', display: 'string', display_id: 'string', terms: 'string[]' },
      });
      const docs = corpus.map((d) => ({ system: d.system, code: codeField(d.code), display: d.display, display_id: d.display_id, terms: d.terms }));
      const r = orama.insertMultiple(db, docs, docs.length);
      if (r && typeof r.then === 'function') await r;
    },
    search(q, system, limit) {
      const params = { term: q, properties: ['code', 'display', 'display_id', 'terms'], tolerance: 1, limit };
      if (system) params.where = { system: { eq: system } };
      const r = orama.search(db, params);
      if (r && typeof r.then === 'function') throw new Error('orama search is asynchronous');
      return r.hits.map((h) => h.document.code.split(' ')[0]);
    },
  };
}

// --- Measurement helpers (environment-agnostic; `now` is performance.now) ---------------------

export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function stats(samples) {
  const s = Float64Array.from(samples).sort();
  let sum = 0;
  for (const x of s) sum += x;
  return { n: s.length, p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN, mean: sum / (s.length || 1) };
}

/** Deterministic shuffle (mulberry32), so that any prefix of the order is a fair sample. */
export function shuffled(list, seed = 20100) {
  const a = list.slice();
  let t = seed >>> 0;
  const rnd = () => {
    t += 0x6d2b79f5;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r ^= r + Math.imul(r ^ (r >>> 7), 61 | r);
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** The keystrokes of the query rows: every prefix (by code point) of every query, in a fixed shuffled
 *  order of queries, with the row's system. */
export function keystrokes(rows) {
  const seen = new Set();
  const uniq = [];
  for (const r of rows) {
    const key = `${r.system}\t${r.query}`;
    if (!seen.has(key)) {
      seen.add(key);
      uniq.push(r);
    }
  }
  const out = [];
  for (const r of shuffled(uniq)) {
    let prefix = '';
    for (const ch of r.query) {
      prefix += ch;
      out.push([prefix, r.system]);
    }
  }
  return { keys: out, queries: uniq.length };
}

/**
 * Types the keystrokes through `engine.search`, timing each call. Stops at the end of `passes`
 * passes or when `budgetMs` is spent (then the measured keystrokes are the first n of the fixed
 * order, the same for every engine). A warm-up of `warm` keystrokes runs first, untimed.
 * Returns the raw samples of the first pass (aligned with `keys`) and summary stats.
 */
export function typeAll(engine, keys, { now, passes = 2, budgetMs = 20000, warm = 300, limit = 10 }) {
  // Warm-up (JIT, lazy set-up): `warm` keystrokes or a tenth of the budget, whichever ends first.
  const w0 = now();
  for (let i = 0; i < Math.min(warm, keys.length) && now() - w0 < budgetMs / 10; i++) engine.search(keys[i][0], keys[i][1], limit);
  const first = [];
  const all = [];
  let complete = true;
  const start = now();
  outer: for (let p = 0; p < passes; p++) {
    for (let i = 0; i < keys.length; i++) {
      const [q, s] = keys[i];
      const t0 = now();
      engine.search(q, s, limit);
      const dt = now() - t0;
      if (p === 0) first.push(dt);
      all.push(dt);
      if (now() - start > budgetMs) {
        if (p === 0 && i < keys.length - 1) complete = false;
        break outer;
      }
    }
  }
  return { first, stats: stats(all), first_stats: stats(first), keystrokes: first.length, total_keystrokes: keys.length, complete, measured_calls: all.length };
}

/** Top-1 / top-5 hit rate over the query rows (exact code match, as tests/search_quality.rs), in
 *  the given order until `budgetMs` is spent. `hits` holds, per answered row, [query, system, top1, top5]. */
export function relevance(engine, rows, { now = () => 0, budgetMs = Infinity } = {}) {
  let top1 = 0;
  let top5 = 0;
  const bySystem = {};
  const misses = [];
  const hits = [];
  const t0 = now();
  for (const r of rows) {
    if (now() - t0 > budgetMs) break;
    let codes;
    try {
      codes = engine.search(r.query, r.system, 5);
    } catch {
      codes = [];
    }
    const hit1 = codes.length > 0 && r.expected.includes(codes[0]);
    const hit5 = codes.slice(0, 5).some((c) => r.expected.includes(c));
    top1 += hit1;
    top5 += hit5;
    hits.push([r.query, r.system, hit1 ? 1 : 0, hit5 ? 1 : 0]);
    const b = (bySystem[r.system || 'all'] ??= { n: 0, top1: 0, top5: 0 });
    b.n++;
    b.top1 += hit1;
    b.top5 += hit5;
    if (!hit5) misses.push(r.query);
  }
  const n = hits.length;
  return { n, total: rows.length, complete: n === rows.length, top1: top1 / (n || 1), top5: top5 / (n || 1), by_system: bySystem, misses, hits };
}

/** Claims for the check()/group() throughput: a fixed, deterministic mix built from real codes. */
export function makeClaims(count = 200) {
  const dx = ['A91', 'A90', 'A09', 'J18.9', 'J06.9', 'I10', 'E11.9', 'N18.5', 'I63.9', 'K29.7', 'O80', 'O82.9', 'J45.9',
    'A01.0', 'K35.8', 'S72.0', 'R50.9', 'Z34.9', 'B20', 'A15.0', 'K30', 'I50.0', 'N39.0', 'O60.1', 'P07.3', 'C50.9'];
  const px = ['99.29', '89.52', '74.1', '47.09', '79.35', '38.93', '87.44', '99.04', '88.72', '73.59', '93.94'];
  const claims = [];
  let seed = 7;
  const rnd = (n) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let i = 0; i < count; i++) {
    const p = dx[rnd(dx.length)];
    const sec = [];
    for (let j = rnd(4); j > 0; j--) sec.push(dx[rnd(dx.length)]);
    const pr = [];
    for (let j = rnd(3); j > 0; j--) pr.push(px[rnd(px.length)]);
    const female = p.startsWith('O') || p === 'C50.9' || rnd(2) === 0;
    const newborn = p.startsWith('P');
    const year = 1950 + rnd(70);
    claims.push({
      id: `bench-${i}`,
      facility: rnd(3) === 0 ? 'fktp' : 'fktl',
      setting: rnd(2) === 0 ? 'inpatient' : 'outpatient',
      sex: female ? 'F' : 'M',
      birth_date: newborn ? `2024-06-0${1 + rnd(9)}` : `${year}-0${1 + rnd(9)}-1${rnd(9)}`,
      service_date: '2024-06-10',
      discharge_date: '2024-06-13',
      principal_diagnosis: p,
      secondary_diagnoses: sec,
      procedures: pr,
    });
  }
  return claims;
}

/** Calls `fn(claim)` over the claims until `budgetMs` is spent; claims per second and errors. */
export function throughput(fn, claims, { now, budgetMs = 2000, warm = 50 }) {
  let errors = 0;
  let firstError = null;
  for (let i = 0; i < warm; i++) {
    try {
      fn(claims[i % claims.length]);
    } catch (e) {
      errors++;
      firstError ??= String(e?.messageEn || e?.message || e);
    }
  }
  let n = 0;
  const t0 = now();
  let t = t0;
  while (t - t0 < budgetMs) {
    for (let k = 0; k < 20; k++, n++) {
      try {
        fn(claims[n % claims.length]);
      } catch (e) {
        errors++;
        firstError ??= String(e?.messageEn || e?.message || e);
      }
    }
    t = now();
  }
  return { calls: n, seconds: (t - t0) / 1000, per_second: n / ((t - t0) / 1000), errors, first_error: firstError };
}
