// The measurement shared by Node and Chromium (benches/codeset/run.mjs): index build time of
// loadCodeSet over `loads` loads of the same list, then per-keystroke search latency with it loaded.

function stats(xs) {
  const s = Float64Array.from(xs).sort();
  const at = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
  return { n: s.length, min: s[0], p50: at(50), p99: at(99), max: s[s.length - 1] };
}

/** Types every query one character at a time, `passes` times; latencies and the slowest prefix. */
function typeAll(k, queries, passes, now, onResult) {
  const keys = [];
  const best = [];
  let slowest = { ms: 0, prefix: '' };
  for (let pass = 0; pass < passes; pass++) {
    let i = 0;
    for (const q of queries) {
      let prefix = '';
      for (const ch of [...q]) {
        prefix += ch;
        const t0 = now();
        const r = k.search(prefix, { limit: 10 });
        const ms = now() - t0;
        keys.push(ms);
        best[i] = Math.min(best[i] ?? Infinity, ms);
        i++;
        if (ms > slowest.ms) slowest = { ms, prefix };
        if (pass === 0 && prefix === q) onResult(q, r);
      }
    }
  }
  // `best`: each keystroke's fastest of the passes (the machine is shared; this keeps other
  // processes' time out of the figure).
  return { stats: stats(keys), best: stats(best), slowest };
}

export function measure(k, list, queries, loads, now, imQueries = []) {
  const without = typeAll(k, queries, 3, now, () => {});
  const build = [];
  let summary = null;
  for (let i = 0; i < loads; i++) {
    const t0 = now();
    summary = k.loadCodeSet(list, { system: 'icd10_im' });
    build.push(now() - t0);
  }
  let imHits = 0;
  const withList = typeAll(k, queries, 3, now, (q, r) => {
    if (imQueries.includes(q) && r.some((x) => x.im)) imHits++;
  });
  k.unloadCodeSet('icd10_im');
  return {
    codes: summary.codes,
    im_codes: summary.im_codes,
    list_bytes: list.length,
    build_ms: stats(build),
    keystroke_ms: withList.stats,
    keystroke_ms_fastest_of_passes: withList.best,
    slowest: withList.slowest,
    keystroke_ms_without_list: without.stats,
    keystroke_ms_without_list_fastest_of_passes: without.best,
    queries_with_im_results: imHits,
    queries: queries.length,
  };
}
