//! A word index built at run time, for the code sets a user loads (see [`crate::codeset`]): the
//! same word folding, prefix and typo matching as the embedded index, over an FST built in
//! memory. Documents are numbered 0..n by the caller; each has a primary text (its description)
//! and an optional secondary text (words that find it less strongly, e.g. the Indonesian title of
//! its 2010 parent).

use super::{original_words, WordMatcher, MAX_QUERY_WORDS, STOPWORDS};
use crate::text;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Bit of a document word that marks a word of the secondary text.
const SECONDARY: u32 = 1 << 31;
/// Words of one text that are indexed at most.
const MAX_DOC_WORDS: usize = 40;
/// Postings scanned at most per query (bounds the time of one keystroke).
const SCAN_BUDGET: usize = 20_000;
/// A broad prefix ("t", "tu") takes only this many of its documents, in document order.
const BROAD_HITS: usize = 200;
/// Typo expansions of two edits run only when fewer results than this were found.
const FUZZY_BELOW: usize = 3;
/// Match quality of a word reached through the query-word table (`data/codeset/query_words.tsv`).
const ALSO_QUALITY: f32 = 0.85;
/// Factor on the quality of a secondary word.
const SECONDARY_FACTOR: f32 = 0.7;

/// The in-memory word index of a loaded code set.
pub(crate) struct WordIndex {
    words: fst::Map<Vec<u8>>,
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
    /// Builds the index of `docs` (primary text, secondary text) in one pass plus a sort of the
    /// vocabulary.
    pub(crate) fn build<'t>(docs: impl Iterator<Item = (&'t str, Option<String>)>) -> WordIndex {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut vocab: Vec<String> = Vec::new();
        let (mut doc_off, mut doc_words) = (vec![0u32], Vec::new());
        for (primary, secondary) in docs {
            let start = doc_words.len();
            for (t, flag) in [(primary, 0), (secondary.as_deref().unwrap_or(""), SECONDARY)] {
                for w in text::words(t, MAX_DOC_WORDS) {
                    let id = match ids.get(&w) {
                        Some(&id) => id,
                        None => {
                            let id = vocab.len() as u32;
                            ids.insert(w.clone(), id);
                            vocab.push(w);
                            id
                        }
                    };
                    if !doc_words[start..].iter().any(|&x: &u32| x & !SECONDARY == id) {
                        doc_words.push(id | flag);
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
        let words = builder.into_map();
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
    /// `limit`; `accept` filters documents, `primary` gives a document's primary text.
    pub(crate) fn search(
        &self,
        query: &str,
        limit: usize,
        accept: &dyn Fn(u32) -> bool,
        primary: &dyn Fn(u32) -> String,
    ) -> Vec<DocHit> {
        let words = text::words(query, MAX_QUERY_WORDS);
        if words.is_empty() || self.word_lens.is_empty() {
            return Vec::new();
        }
        let all_stop = words.iter().all(|w| STOPWORDS.contains(&w.as_str()));
        let mut qs: Vec<QueryWord> = words
            .iter()
            .enumerate()
            .map(|(i, w)| QueryWord {
                m: WordMatcher::new(&self.words, w, i + 1 == words.len()),
                also: query_words(w).iter().filter_map(|a| self.words.get(a).map(|v| v as u32)).collect(),
                required: all_stop || !STOPWORDS.contains(&w.as_str()),
            })
            .collect();
        let mut hits = self.scan(&qs, accept);
        if hits.len() < FUZZY_BELOW && qs.iter().any(|q| q.m.fuzzy_pending(2)) {
            qs.iter_mut().for_each(|q| q.m.expand_fuzzy(&self.words, 2));
            hits = self.scan(&qs, accept);
        }
        hits.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        hits.truncate(limit);
        hits.into_iter()
            .map(|(doc, score)| DocHit { doc, score, matched: self.matched(&qs, &primary(doc)) })
            .collect()
    }

    /// Scores the documents of the most selective required word.
    fn scan(&self, qs: &[QueryWord], accept: &dyn Fn(u32) -> bool) -> Vec<(u32, f32)> {
        if qs.iter().any(|q| q.required && q.is_empty()) {
            return Vec::new();
        }
        let cost = |q: &QueryWord| q.word_ids().map(|w| self.postings(w).len()).sum::<usize>();
        let Some(driver) = qs.iter().filter(|q| q.required).min_by_key(|q| cost(q)) else { return Vec::new() };
        let broad = cost(driver) > SCAN_BUDGET;
        let mut seen = vec![0u64; (self.doc_off.len() / 64) + 1];
        let (mut out, mut scanned) = (Vec::new(), 0usize);
        for w in driver.word_ids() {
            for &d in self.postings(w) {
                scanned += 1;
                if scanned > SCAN_BUDGET || (broad && out.len() >= BROAD_HITS) {
                    return out;
                }
                let (slot, bit) = ((d / 64) as usize, 1u64 << (d % 64));
                if seen[slot] & bit != 0 {
                    continue;
                }
                seen[slot] |= bit;
                if let Some(s) = self.score(qs, d).filter(|_| accept(d)) {
                    out.push((d, s));
                }
            }
        }
        out
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

    fn matched(&self, qs: &[QueryWord], text: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for w in original_words(text) {
            let folded: String = w.chars().filter_map(text::fold_char).take(text::MAX_WORD_CHARS).collect();
            let hit = !folded.is_empty()
                && qs.iter().any(|q| {
                    q.m.matches_text(&self.words, &folded)
                        || self.words.get(&folded).is_some_and(|id| q.also.contains(&(id as u32)))
                });
            if hit && !out.iter().any(|m| m == w) {
                out.push(w.to_string());
            }
        }
        out
    }
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
        t.sort();
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
            ("Pulmonary tuberculosis, confirmed by biomolecular test", Some("Tuberkulosis paru".to_string())),
            ("Latent tuberculosis infection", None),
            ("CT simulation for radiotherapy planning", None),
        ];
        WordIndex::build(docs.iter().map(|(p, s)| (*p, s.clone())))
    }

    fn find(idx: &WordIndex, q: &str) -> Vec<u32> {
        let texts = ["Pulmonary tuberculosis, confirmed by biomolecular test", "Latent tuberculosis infection", "CT"];
        idx.search(q, 10, &|_| true, &|d| texts[d as usize].to_string()).into_iter().map(|h| h.doc).collect()
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
        let hit = &idx.search("tcm", 10, &|_| true, &|_| "confirmed by biomolecular test".into())[0];
        assert_eq!(hit.matched, ["biomolecular"]);
    }

    #[test]
    fn filters_and_an_empty_index() {
        let idx = index();
        assert!(idx.search("tuberculosis", 10, &|d| d != 0, &|_| String::new()).iter().all(|h| h.doc == 1));
        let empty = WordIndex::build(std::iter::empty());
        assert!(empty.search("tb", 10, &|_| true, &|_| String::new()).is_empty());
    }
}
