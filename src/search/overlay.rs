//! A word index built at run time, for the code sets a user loads (see [`crate::codeset`]): the
//! same word folding, prefix and typo matching as the embedded index, over an FST built in
//! memory. Documents are numbered 0..n by the caller; each has a primary text (its description)
//! and an optional secondary text (words that find it less strongly, e.g. the Indonesian title of
//! its 2010 parent).

use super::{original_words, WordMatcher, MAX_QUERY_WORDS, STOPWORDS};
use crate::text;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// FNV-1a: a fast hasher for the maps of a load (the keys are the user's own list, so hash
/// flooding is no concern).
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A `HashMap` with [`Fnv`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// Bit of a document word that marks a word of the secondary text.
const SECONDARY: u32 = 1 << 31;
/// Words of one text that are indexed at most.
const MAX_DOC_WORDS: usize = 40;
/// Postings scanned at most per query (bounds the time of one keystroke).
const SCAN_BUDGET: usize = 2_000;
/// Documents kept at most per query: a word shared by thousands of descriptions takes the first
/// ones in code order. (A real list has some 2,000 IM codes, so these bounds only guard the
/// worst case: a list where every code is IM.)
const MAX_CANDIDATES: usize = 200;
/// A required query word is intersected as a bitset when it matches at most this many words.
const MAX_LISTED_WORDS: usize = 64;
/// Postings read at most to build the bitsets of one query.
const LIST_BUDGET: usize = 60_000;
/// Queries of fewer letters and digits search the loaded list only by code: one or two letters
/// match most of a list, and the 2010 catalog ranks its common codes for them.
const MIN_QUERY_CHARS: usize = 3;
/// Match quality of a word reached through the query-word table (`data/codeset/query_words.tsv`).
const ALSO_QUALITY: f32 = 0.85;
/// Factor on the quality of a secondary word.
const SECONDARY_FACTOR: f32 = 0.7;

/// The in-memory word index of a loaded code set.
pub(crate) struct WordIndex {
    /// The word FST's bytes (read through [`borrowed`], so that one reader serves this index and
    /// the embedded one).
    words: Vec<u8>,
    word_lens: Vec<u8>,
    /// `postings[post_off[w]..post_off[w + 1]]`: the documents of word `w`, ascending.
    post_off: Vec<u32>,
    postings: Vec<u32>,
    /// `doc_words[doc_off[d]..doc_off[d + 1]]`: the words of document `d` (with [`SECONDARY`]).
    doc_off: Vec<u32>,
    doc_words: Vec<u32>,
}

/// One document found by [`WordIndex::search`].
pub(crate) struct DocHit {
    pub doc: u32,
    pub score: f32,
    /// The words of the primary text that matched, as written (for highlighting).
    pub matched: Vec<String>,
}

/// A query word: the shared matcher plus the words the query-word table adds.
struct QueryWord {
    m: WordMatcher,
    also: Vec<u32>,
    required: bool,
}

impl QueryWord {
    fn quality(&self, idx: &WordIndex, w: u32) -> f32 {
        let q = self.m.quality(w, idx.word_lens.get(w as usize).copied().unwrap_or(1));
        if q == 0.0 && self.also.contains(&w) {
            ALSO_QUALITY
        } else {
            q
        }
    }

    fn word_ids(&self) -> impl Iterator<Item = u32> + '_ {
        self.m.direct_word_ids().chain(self.m.fuzzy_word_ids()).chain(self.also.iter().copied())
    }

    fn is_empty(&self) -> bool {
        self.m.is_empty() && self.also.is_empty()
    }
}

impl WordIndex {
    /// Builds the index of `docs`: (primary text, secondary text with a key that names it, so
    /// that a text shared by many documents is folded once), in one pass plus a sort of the
    /// vocabulary.
    pub(crate) fn build<'t>(docs: impl Iterator<Item = (&'t str, Option<(u32, &'t str)>)>) -> WordIndex {
        let mut ids: FastMap<String, u32> = FastMap::default();
        let mut vocab: Vec<String> = Vec::new();
        let mut shared: FastMap<u32, Vec<u32>> = FastMap::default();
        let (mut doc_off, mut doc_words) = (vec![0u32], Vec::new());
        let mut id_of = |w: &str, vocab: &mut Vec<String>| match ids.get(w) {
            Some(&id) => id,
            None => {
                let id = vocab.len() as u32;
                ids.insert(w.to_string(), id);
                vocab.push(w.to_string());
                id
            }
        };
        for (primary, secondary) in docs {
            let start = doc_words.len();
            text::for_each_word(primary, MAX_DOC_WORDS, |w| {
                let id = id_of(w, &mut vocab);
                if !doc_words[start..].contains(&id) {
                    doc_words.push(id);
                }
            });
            if let Some((key, t)) = secondary {
                let words = shared.entry(key).or_insert_with(|| {
                    let mut v = Vec::new();
                    text::for_each_word(t, MAX_DOC_WORDS, |w| v.push(id_of(w, &mut vocab)));
                    v
                });
                let primary_end = doc_words.len();
                for &id in words.iter() {
                    if !doc_words[start..primary_end].contains(&id)
                        && !doc_words[primary_end..].contains(&(id | SECONDARY))
                    {
                        doc_words.push(id | SECONDARY);
                    }
                }
            }
            doc_off.push(doc_words.len() as u32);
        }
        // Word ids become ranks in the sorted vocabulary, so that a prefix is one id range.
        let mut order: Vec<u32> = (0..vocab.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| vocab[a as usize].cmp(&vocab[b as usize]));
        let mut rank = vec![0u32; vocab.len()];
        let mut builder = fst::MapBuilder::memory();
        let mut word_lens = Vec::with_capacity(vocab.len());
        for (r, &old) in order.iter().enumerate() {
            rank[old as usize] = r as u32;
            let w = &vocab[old as usize];
            // Sorted and distinct: insertion cannot fail.
            let _ = builder.insert(w, r as u64);
            word_lens.push(w.chars().count().min(255) as u8);
        }
        let words = builder.into_inner().unwrap_or_default();
        for w in doc_words.iter_mut() {
            *w = rank[(*w & !SECONDARY) as usize] | (*w & SECONDARY);
        }
        let (post_off, postings) = invert(&doc_off, &doc_words, vocab.len());
        WordIndex { words, word_lens, post_off, postings, doc_off, doc_words }
    }

    /// Number of distinct words.
    pub(crate) fn word_count(&self) -> usize {
        self.word_lens.len()
    }

    fn postings(&self, w: u32) -> &[u32] {
        let (a, b) = (self.post_off[w as usize] as usize, self.post_off[w as usize + 1] as usize);
        &self.postings[a..b]
    }

    fn doc_words(&self, d: u32) -> &[u32] {
        let (a, b) = (self.doc_off[d as usize] as usize, self.doc_off[d as usize + 1] as usize);
        &self.doc_words[a..b]
    }

    /// The documents whose texts hold every (non-stop) query word, best first, at most
    /// `limit`; `accept` filters documents (none: all), `primary` gives a document's primary
    /// text. Typos of one edit are matched for words of 4+ characters that match nothing as
    /// typed.
    pub(crate) fn search(
        &self,
        query: &str,
        limit: usize,
        accept: Option<&dyn Fn(u32) -> bool>,
        primary: &dyn Fn(u32) -> String,
    ) -> Vec<DocHit> {
        let words = text::words(query, MAX_QUERY_WORDS);
        if words.iter().map(|w| w.chars().count()).sum::<usize>() < MIN_QUERY_CHARS || self.word_lens.is_empty() {
            return Vec::new();
        }
        let all_stop = words.iter().all(|w| STOPWORDS.contains(&w.as_str()));
        let Some(fst) = borrowed(&self.words) else { return Vec::new() };
        let mut qs: Vec<QueryWord> = words
            .iter()
            .enumerate()
            .map(|(i, w)| QueryWord {
                m: WordMatcher::direct(&fst, w, i + 1 == words.len()),
                also: query_words(w).iter().filter_map(|a| fst.get(a).map(|v| v as u32)).collect(),
                required: all_stop || !STOPWORDS.contains(&w.as_str()),
            })
            .collect();
        // Typos only for words that match nothing as typed, and only while every required word
        // before them matched something (a walk of the word FST per word is the dearest step).
        for q in qs.iter_mut().filter(|q| q.is_empty()) {
            q.m.expand_fuzzy(&fst, 1);
            if q.required && q.is_empty() {
                return Vec::new();
            }
        }
        let mut hits = self.scan(&qs, accept);
        let order = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        super::order::best_k(&mut hits, limit, order);
        hits.into_iter()
            .map(|(doc, score)| DocHit { doc, score, matched: self.matched(&fst, &qs, &primary(doc)) })
            .collect()
    }

    /// Scores the candidate documents: those that hold every required word whose matches are
    /// few enough to list (their posting lists as bitsets, intersected), else the documents of
    /// the most selective required word.
    fn scan(&self, qs: &[QueryWord], accept: Option<&dyn Fn(u32) -> bool>) -> Vec<(u32, f32)> {
        if qs.iter().any(|q| q.required && q.is_empty()) {
            return Vec::new();
        }
        let mut out = Vec::new();
        let keep = |d: u32, out: &mut Vec<(u32, f32)>| {
            if let Some(s) = self.score(qs, d).filter(|_| accept.is_none_or(|a| a(d))) {
                out.push((d, s));
            }
        };
        if let Some(bits) = self.intersection(qs) {
            let mut scored = 0usize;
            for (slot, &word) in bits.iter().enumerate() {
                let mut word = word;
                while word != 0 && scored < SCAN_BUDGET && out.len() < MAX_CANDIDATES {
                    let d = slot as u32 * 64 + word.trailing_zeros();
                    word &= word - 1;
                    scored += 1;
                    keep(d, &mut out);
                }
            }
            return out;
        }
        let cost = |q: &QueryWord| q.word_ids().map(|w| self.postings(w).len()).sum::<usize>();
        let Some(driver) = qs.iter().filter(|q| q.required).min_by_key(|q| cost(q)) else { return out };
        let mut seen = vec![0u64; self.doc_off.len() / 64 + 1];
        let mut scanned = 0usize;
        for w in driver.word_ids() {
            for &d in self.postings(w) {
                scanned += 1;
                if scanned > SCAN_BUDGET || out.len() >= MAX_CANDIDATES {
                    return out;
                }
                let (slot, bit) = ((d / 64) as usize, 1u64 << (d % 64));
                if seen[slot] & bit == 0 {
                    seen[slot] |= bit;
                    keep(d, &mut out);
                }
            }
        }
        out
    }

    /// The documents holding every required word that matches at most [`MAX_LISTED_WORDS`]
    /// index words, as a bitset; `None` when no word qualifies. Reads at most
    /// [`LIST_BUDGET`] postings (words past it are checked by scoring instead).
    fn intersection(&self, qs: &[QueryWord]) -> Option<Vec<u64>> {
        let mut narrow: Vec<(usize, &QueryWord)> = qs
            .iter()
            .filter(|q| q.required && q.word_ids().nth(MAX_LISTED_WORDS).is_none())
            .map(|q| (q.word_ids().map(|w| self.postings(w).len()).sum(), q))
            .collect();
        super::order::sort_small_stable(&mut narrow, |a, b| a.0.cmp(&b.0));
        let mut bits: Option<Vec<u64>> = None;
        let mut read = 0usize;
        for (cost, q) in narrow {
            read += cost;
            if read > LIST_BUDGET {
                break;
            }
            let mut b = vec![0u64; self.doc_off.len() / 64 + 1];
            for w in q.word_ids() {
                for &d in self.postings(w) {
                    b[(d / 64) as usize] |= 1u64 << (d % 64);
                }
            }
            bits = Some(match bits {
                None => b,
                Some(mut a) => {
                    a.iter_mut().zip(&b).for_each(|(x, y)| *x &= y);
                    a
                }
            });
        }
        bits
    }

    /// The score of document `d`, or `None` when a required word is missing.
    fn score(&self, qs: &[QueryWord], d: u32) -> Option<f32> {
        let mut best = [0.0f32; MAX_QUERY_WORDS];
        let (mut primary, mut covered) = (0usize, 0usize);
        for &dw in self.doc_words(d) {
            let (w, secondary) = (dw & !SECONDARY, dw & SECONDARY != 0);
            let mut hit = false;
            for (i, q) in qs.iter().enumerate() {
                let mut v = q.quality(self, w);
                if secondary {
                    v *= SECONDARY_FACTOR;
                }
                if v > 0.0 {
                    hit = true;
                    best[i] = best[i].max(v);
                }
            }
            if !secondary {
                primary += 1;
                covered += usize::from(hit);
            }
        }
        let n_required = qs.iter().filter(|q| q.required).count().max(1) as f32;
        let mut sum = 0.0;
        for (i, q) in qs.iter().enumerate() {
            if q.required && best[i] == 0.0 {
                return None;
            }
            sum += if q.required { best[i] } else { best[i] * 0.1 };
        }
        let coverage = covered as f32 / primary.max(1) as f32;
        // As a title entry of usual weight in the embedded index (see `Scoring::hit`).
        Some(sum / n_required + 0.3 * coverage + 0.14)
    }

    fn matched(&self, fst: &fst::Map<&[u8]>, qs: &[QueryWord], text: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for w in original_words(text) {
            let folded: String = w.chars().filter_map(text::fold_char).take(text::MAX_WORD_CHARS).collect();
            let hit = !folded.is_empty()
                && qs.iter().any(|q| {
                    q.m.matches_text(fst, &folded) || fst.get(&folded).is_some_and(|id| q.also.contains(&(id as u32)))
                });
            if hit && !out.iter().any(|m| m == w) {
                out.push(w.to_string());
            }
        }
        out
    }
}

/// An FST over bytes this process built (`None` only if they were damaged).
pub(crate) fn borrowed(bytes: &[u8]) -> Option<fst::Map<&[u8]>> {
    fst::Map::new(bytes).ok()
}

/// Posting lists (documents per word, ascending) from the documents' word lists.
fn invert(doc_off: &[u32], doc_words: &[u32], n_words: usize) -> (Vec<u32>, Vec<u32>) {
    let mut post_off = vec![0u32; n_words + 1];
    for &w in doc_words {
        post_off[(w & !SECONDARY) as usize + 1] += 1;
    }
    for i in 0..n_words {
        post_off[i + 1] += post_off[i];
    }
    let mut fill = post_off.clone();
    let mut postings = vec![0u32; doc_words.len()];
    for d in 0..doc_off.len().saturating_sub(1) {
        for &w in &doc_words[doc_off[d] as usize..doc_off[d + 1] as usize] {
            let slot = &mut fill[(w & !SECONDARY) as usize];
            postings[*slot as usize] = d as u32;
            *slot += 1;
        }
    }
    (post_off, postings)
}

/// The words a query word also finds in a loaded list (`data/codeset/query_words.tsv`):
/// Indonesian words and abbreviations for the English words the lists are written in.
fn query_words(word: &str) -> &'static [String] {
    static TABLE: OnceLock<Vec<(String, Vec<String>)>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t: Vec<(String, Vec<String>)> = include_str!("../../data/codeset/query_words.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .skip(1)
            .filter_map(|l| {
                let (w, also) = l.split_once('\t')?;
                Some((w.trim().to_string(), text::words(also, 64)))
            })
            .collect();
        super::order::sort_small_stable(&mut t, |a, b| a.cmp(b));
        t
    });
    match table.binary_search_by(|(w, _)| w.as_str().cmp(word)) {
        Ok(i) => &table[i].1,
        Err(_) => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> WordIndex {
        let docs = [
            ("Pulmonary tuberculosis, confirmed by biomolecular test", Some((7, "Tuberkulosis paru"))),
            ("Latent tuberculosis infection", None),
            ("CT simulation for radiotherapy planning", None),
        ];
        WordIndex::build(docs.iter().map(|(p, s)| (*p, *s)))
    }

    fn find(idx: &WordIndex, q: &str) -> Vec<u32> {
        let texts = ["Pulmonary tuberculosis, confirmed by biomolecular test", "Latent tuberculosis infection", "CT"];
        idx.search(q, 10, None, &|d| texts[d as usize].to_string()).into_iter().map(|h| h.doc).collect()
    }

    #[test]
    fn words_prefixes_typos_and_the_query_word_table() {
        let idx = index();
        assert_eq!(find(&idx, "biomolecular"), [0]);
        assert_eq!(find(&idx, "tuberc"), [1, 0], "the shorter description covers more");
        assert_eq!(find(&idx, "latent tuberkulosis"), [1]);
        assert_eq!(find(&idx, "tcm"), [0], "tcm finds the biomolecular test");
        assert_eq!(find(&idx, "biomolekuler"), [0]);
        assert_eq!(find(&idx, "paru"), [0], "secondary words find their document");
        assert_eq!(find(&idx, "simulation radiotherapy"), [2]);
        assert!(find(&idx, "").is_empty() && find(&idx, "zzzz").is_empty());
        let hit = &idx.search("tcm", 10, None, &|_| "confirmed by biomolecular test".into())[0];
        assert_eq!(hit.matched, ["biomolecular"]);
    }

    #[test]
    fn filters_and_an_empty_index() {
        let idx = index();
        assert!(idx.search("tuberculosis", 10, Some(&|d| d != 0), &|_| String::new()).iter().all(|h| h.doc == 1));
        let empty = WordIndex::build(std::iter::empty());
        assert!(empty.search("tbc", 10, None, &|_| String::new()).is_empty());
        assert!(idx.search("tu", 10, None, &|_| String::new()).is_empty(), "two letters search codes only");
    }
}
