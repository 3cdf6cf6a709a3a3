// A generated ICD-10-IM-shaped code list for the code-set benchmarks (benches/codeset/run.mjs):
// deterministic, n distinct codes (letter + 2 digits + 2 decimals, e.g. "K41.37"), every row
// flagged IM so that every description is word-indexed (the worst case; a real list has ~2,000 IM
// codes among ~41,000). Descriptions mix a few medical words with generated ones. Not a real list.

const WORDS = ['tuberculosis', 'lung', 'confirmed', 'biomolecular', 'test', 'fracture', 'hip', 'dislocation',
  'simulation', 'radiotherapy', 'chronic', 'acute', 'infection', 'unspecified', 'other', 'without', 'with',
  'complication', 'bacterial', 'viral', 'neoplasm', 'malignant', 'injury', 'lower', 'upper', 'limb', 'kidney',
  'disease', 'syndrome', 'retreatment', 'latent', 'primary', 'secondary', 'left', 'right', 'bilateral'];
const SYLLABLES = ['ka', 'ri', 'to', 'me', 'lu', 'sa', 'po', 'ne', 'di', 'ga', 'bu', 'ho', 'te', 'ma', 'si', 'ro',
  'an', 'el', 'is', 'or', 'um', 'ex', 'ar', 'on'];

function lcg(seed) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** The list as CSV text with E-Klaim's column names. */
export function makeList(n = 41000, seed = 16) {
  const rnd = lcg(seed);
  const pool = [...WORDS];
  while (pool.length < 8000) {
    let w = '';
    for (let k = 2 + Math.floor(rnd() * 3); k > 0; k--) w += SYLLABLES[Math.floor(rnd() * SYLLABLES.length)];
    pool.push(w);
  }
  const letters = 'ABCDEFGHIJKLMNOPQRSTVWXYZ';
  const seen = new Set();
  const lines = ['CODE,DESCRIPTION,VALIDCODE,ACCPDX,ASTERISK,IM'];
  while (seen.size < n) {
    const l = letters[Math.floor(rnd() * letters.length)];
    const d = String(Math.floor(rnd() * 10000)).padStart(4, '0');
    const code = `${l}${d.slice(0, 2)}.${d.slice(2)}`;
    if (seen.has(code)) continue;
    seen.add(code);
    const words = [];
    for (let k = 4 + Math.floor(rnd() * 8); k > 0; k--) {
      const common = rnd() < 0.35;
      words.push(common ? WORDS[Math.floor(rnd() * WORDS.length)] : pool[Math.floor(rnd() * pool.length)]);
    }
    lines.push(`${code},"${words.join(' ')} (IM)",1,${rnd() < 0.1 ? 'N' : 'Y'},0,1`);
  }
  return lines.join('\n') + '\n';
}

/** Queries typed with the list loaded: IM-list words, medical words, and the 2010 queries. */
export const IM_QUERIES = ['tcm', 'biomolekuler', 'tb paru tcm', 'ct simulation', 'K41.3', 'A15.11', 'karito',
  'lung tuberculosis confirmed', 'fracture hip left', 'radiotherapy simulation', 'retreatment latent'];
