//! Search as you type over the catalogs.
//!
//! A query is folded into words ([`crate::text::words`]). Each word becomes a [`WordMatcher`]:
//! its exact word id, the id range of the words it is a prefix of (word ids are ranks in the
//! sorted word FST, so a prefix is one contiguous range), and the words within the allowed edit
//! distance. The most selective word drives the scan over its posting lists (entries are stored
//! in static rank order, so a broad prefix scans the best entries first and stops at a budget);
//! every other word is checked against the candidate entry's own word list. Code-like queries
//! ("j189", "74.99", "K86") also search the code index by prefix.

mod fuzzy;

pub use fuzzy::warm_up;

use crate::catalog::layout::{self, entry, entry_kind, read_u32, section};
use crate::catalog::{Catalog, Code, CodeSystem};
use crate::error::Error;
use crate::text;
use fst::{IntoStreamer, Streamer};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Longest query accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 512;
/// Most words of a query that are used.
pub const MAX_QUERY_WORDS: usize = 8;
/// Most results one call returns.
pub const MAX_LIMIT: usize = 100;
/// Postings scanned at most per query (bounds the time of one keystroke).
const SCAN_BUDGET: usize = 24_000;
/// Fuzzy word expansions kept at most per query word (whole-word typos).
const MAX_FUZZY_WORDS: usize = 2_000;
/// Fuzzy expansions kept at most for the word being typed (prefix typos match many words).
const MAX_FUZZY_PREFIX_WORDS: usize = 300;
/// Relaxed matching runs only when the strict pass finds fewer codes than this.
const RELAX_BELOW: usize = 3;

/// Postings scanned at most for a driver word of `chars` characters: one- and two-letter
/// prefixes cover thousands of words, whose best entries (stored first) are enough.
fn scan_budget(chars: usize) -> usize {
    match chars {
        0 | 1 => 1_000,
        2 => 2_000,
        3 => 8_000,
        _ => SCAN_BUDGET,
    }
}

/// Words that need not match (they still add to the score when they do).
const STOPWORDS: &[&str] = &[
    "of", "the", "and", "with", "in", "on", "to", "by", "for", "a", "an", "or", "dan", "dengan", "yang", "di", "pada",
    "ke", "dari", "atau", "oleh", "untuk", "tanpa",
];

/// Options of a search.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct SearchOptions {
    /// Only this system (`icd10`, `icd9cm`, `icpc2`); all when absent.
    pub system: Option<CodeSystem>,
    /// How many results, 1..=100 (default 10).
    pub limit: usize,
    /// Only the most specific codes (leaves).
    #[serde(alias = "leaf_only")]
    pub leaf_only: bool,
    /// Only codes of this chapter (ICD-10 "X" or "10", ICPC-2 "R").
    pub chapter: Option<String>,
    /// Only codes of this ICD-10 block ("J09-J18").
    pub block: Option<String>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions { system: None, limit: 10, leaf_only: false, chapter: None, block: None }
    }
}

/// One search result.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SearchResult {
    /// The code system.
    pub system: CodeSystem,
    /// The code as printed ("A91", "39.95", "K86").
    pub code: String,
    /// English title.
    pub display: String,
    /// Indonesian title, when known.
    pub display_id: Option<String>,
    /// FHIR system URI.
    pub fhir_system: String,
    /// True for the most specific codes.
    pub leaf: bool,
    /// Flags: "header", "asterisk", "dagger", "not_inacbg", "female_only", "male_only",
    /// "age_limited", "process".
    pub flags: Vec<String>,
    /// Relevance; higher is better. Comparable within one result list only.
    pub score: f32,
    /// The words of `display` / `display_id` that matched the query, for highlighting.
    pub matched: Vec<String>,
    /// The vocabulary term that matched (an abbreviation, synonym or lay word), if any.
    pub matched_term: Option<String>,
    /// True when the code itself matched a code-like query.
    pub code_match: bool,
}

/// How one query word matches words of the index.
struct WordMatcher {
    chars: usize,
    stopword: bool,
    exact: Option<u32>,
    prefix: Range<u32>,
    fuzzy: Vec<(u32, u8)>,
    fuzzy_prefix: bool,
}

impl WordMatcher {
    fn new(cat: &Catalog, word: &str, is_last: bool) -> WordMatcher {
        let chars = word.chars().count();
        let exact = cat.words.get(word).map(|v| v as u32);
        let prefix = if is_last || chars >= 3 { prefix_range(cat, word) } else { 0..0 };
        let distance = fuzzy::max_distance(chars);
        let mut fuzzy = Vec::new();
        if distance > 0 {
            let aut = fuzzy::Fuzzy::new(word, distance, is_last);
            let mut stream = cat.words.search_with_state(&aut).into_stream();
            while let Some((_, id, state)) = stream.next() {
                let id = id as u32;
                if Some(id) == exact || prefix.contains(&id) {
                    continue;
                }
                if let Some(d) = aut.distance(state) {
                    fuzzy.push((id, d));
                }
                if fuzzy.len() >= if is_last { MAX_FUZZY_PREFIX_WORDS } else { MAX_FUZZY_WORDS } {
                    break;
                }
            }
            fuzzy.sort_unstable();
        }
        WordMatcher { chars, stopword: STOPWORDS.contains(&word), exact, prefix, fuzzy, fuzzy_prefix: is_last }
    }

    /// Match quality of an index word (0 = no match).
    fn quality(&self, id: u32, word_chars: u8) -> f32 {
        if self.exact == Some(id) {
            return 1.0;
        }
        if self.prefix.contains(&id) {
            let ratio = self.chars as f32 / f32::from(word_chars.max(1));
            return 0.5 + 0.4 * ratio.min(1.0);
        }
        if let Ok(i) = self.fuzzy.binary_search_by_key(&id, |&(w, _)| w) {
            let d = self.fuzzy[i].1;
            let base = if d <= 1 { 0.6 } else { 0.4 };
            return if self.fuzzy_prefix { base * 0.85 } else { base };
        }
        0.0
    }

    /// The word ids this matcher accepts exactly or as a prefix, for driving the scan.
    fn direct_word_ids(&self) -> impl Iterator<Item = u32> + '_ {
        self.exact.into_iter().chain(self.prefix.clone().filter(move |id| Some(*id) != self.exact))
    }

    /// The word ids within the typo distance.
    fn fuzzy_word_ids(&self) -> impl Iterator<Item = u32> + '_ {
        self.fuzzy.iter().map(|&(w, _)| w)
    }

    fn cost(&self, idx: &Index) -> usize {
        let mut c = self.exact.map_or(0, |w| idx.posting_len(w));
        if !self.prefix.is_empty() {
            c += idx.posting_span(self.prefix.start, self.prefix.end);
        }
        c + self.fuzzy.iter().map(|&(w, _)| idx.posting_len(w)).sum::<usize>()
    }

    fn is_empty(&self) -> bool {
        self.exact.is_none() && self.prefix.is_empty() && self.fuzzy.is_empty()
    }
}

/// The range of word ids that start with `prefix`.
fn prefix_range(cat: &Catalog, prefix: &str) -> Range<u32> {
    let mut s = cat.words.range().ge(prefix).into_stream();
    let lo = match s.next() {
        Some((k, v)) if k.starts_with(prefix.as_bytes()) => v as u32,
        _ => return 0..0,
    };
    let hi = match successor(prefix.as_bytes()) {
        Some(succ) => {
            let mut s = cat.words.range().ge(&succ).into_stream();
            s.next().map_or(cat.words.len() as u32, |(_, v)| v as u32)
        }
        None => cat.words.len() as u32,
    };
    lo..hi.max(lo)
}

/// The smallest byte string greater than every string starting with `p`.
fn successor(p: &[u8]) -> Option<Vec<u8>> {
    let mut v = p.to_vec();
    while let Some(last) = v.pop() {
        if last < 0xFF {
            v.push(last + 1);
            return Some(v);
        }
    }
    None
}

/// Zero-copy view of the search sections of the catalog.
struct Index<'a> {
    entries: &'a [u8],
    entry_words: &'a [u8],
    offsets: &'a [u8],
    postings: &'a [u8],
    word_lens: &'a [u8],
}

impl<'a> Index<'a> {
    fn new(cat: &'a Catalog) -> Index<'a> {
        Index {
            entries: cat.section(section::ENTRIES),
            entry_words: cat.section(section::ENTRY_WORDS),
            offsets: cat.section(section::POSTING_OFFSETS),
            postings: cat.section(section::POSTINGS),
            word_lens: cat.section(section::WORD_LENS),
        }
    }

    fn entry_count(&self) -> usize {
        self.entries.len() / entry::SIZE
    }

    fn offset(&self, word: u32) -> usize {
        let at = word as usize * 4;
        if at + 4 <= self.offsets.len() {
            read_u32(self.offsets, at) as usize
        } else {
            self.postings.len()
        }
    }

    /// Size of a word's posting list (bytes of varints: a proxy for its length).
    fn posting_len(&self, word: u32) -> usize {
        self.offset(word + 1).saturating_sub(self.offset(word))
    }

    fn posting_span(&self, from: u32, to: u32) -> usize {
        self.offset(to).saturating_sub(self.offset(from))
    }

    /// The entry ids of a word, decoded from varint gaps.
    fn postings(&self, word: u32) -> impl Iterator<Item = u32> + '_ {
        let (mut at, end) = (self.offset(word), self.offset(word + 1));
        let mut prev = 0u32;
        let mut first = true;
        std::iter::from_fn(move || {
            if at >= end {
                return None;
            }
            let v = layout::read_varint(self.postings, &mut at)?;
            prev = if first { v } else { prev.wrapping_add(v) };
            first = false;
            Some(prev)
        })
    }

    fn entry_row(&self, e: u32) -> Option<layout::Row<'a>> {
        layout::Row::new(self.entries, entry::SIZE, e as usize)
    }

    fn entry_words(&self, row: layout::Row<'_>) -> impl Iterator<Item = (u32, u8)> + '_ {
        let off = row.u32(entry::WORDS) as usize;
        let n = row.u8(entry::WORD_COUNT) as usize;
        (off..off + n).filter_map(move |i| {
            let b = self.entry_words.get(i * 2..i * 2 + 2)?;
            let w = u32::from(u16::from_le_bytes([b[0], b[1]]));
            Some((w, self.word_lens.get(w as usize).copied().unwrap_or(1)))
        })
    }
}

/// Record-level filters resolved once per query.
struct Filter {
    system: Option<u8>,
    leaf_only: bool,
    under: Vec<u32>,
}

impl Filter {
    fn new(cat: &Catalog, o: &SearchOptions) -> Result<Filter, Error> {
        let mut under = Vec::new();
        if let Some(ch) = &o.chapter {
            let ch = normalise_chapter(ch);
            let systems: Vec<CodeSystem> = match o.system {
                Some(s) => vec![s],
                None => vec![CodeSystem::Icd10, CodeSystem::Icpc2],
            };
            let found = systems.iter().find_map(|&s| cat.find(s, &ch).filter(|c| c.kind_name() == "chapter"));
            match found {
                Some(c) => under.push(c.id()),
                None => {
                    return Err(Error::InvalidOption {
                        option: "chapter",
                        expected: "bab ICD-10 (I–XXII atau 1–22) atau ICPC-2 (A–Z) / an ICD-10 or ICPC-2 chapter",
                    })
                }
            }
        }
        if let Some(b) = &o.block {
            match cat.find(CodeSystem::Icd10, b.trim()).filter(|c| c.kind_name() == "block") {
                Some(c) => under.push(c.id()),
                None => {
                    return Err(Error::InvalidOption {
                        option: "block",
                        expected: "blok ICD-10 seperti \"J09-J18\" / an ICD-10 block such as \"J09-J18\"",
                    })
                }
            }
        }
        let system = o.system.map(|s| match s {
            CodeSystem::Icd10 => layout::system::ICD10,
            CodeSystem::Icd9cm => layout::system::ICD9CM,
            CodeSystem::Icpc2 => layout::system::ICPC2,
        });
        Ok(Filter { system, leaf_only: o.leaf_only, under })
    }

    fn accepts(&self, c: &Code<'_>) -> bool {
        if !c.is_code() || (self.leaf_only && !c.is_leaf()) {
            return false;
        }
        if let Some(s) = self.system {
            if layout_system(c.system()) != s {
                return false;
            }
        }
        self.under.iter().all(|&u| {
            let mut cur = c.parent();
            let mut depth = 0;
            while let Some(p) = cur {
                if p.id() == u {
                    return true;
                }
                depth += 1;
                if depth > 8 {
                    break;
                }
                cur = p.parent();
            }
            false
        })
    }
}

fn layout_system(s: CodeSystem) -> u8 {
    match s {
        CodeSystem::Icd10 => layout::system::ICD10,
        CodeSystem::Icd9cm => layout::system::ICD9CM,
        CodeSystem::Icpc2 => layout::system::ICPC2,
    }
}

/// "10" → "X", "x" → "X"; anything else upper-cased.
fn normalise_chapter(ch: &str) -> String {
    const ROMAN: [&str; 22] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
        "XVIII", "XIX", "XX", "XXI", "XXII",
    ];
    let t: String = ch.trim().chars().take(8).collect::<String>().to_ascii_uppercase();
    match t.parse::<usize>() {
        Ok(n @ 1..=22) => ROMAN[n - 1].to_string(),
        _ => t,
    }
}

/// The best-scoring way a record matched.
#[derive(Clone, Copy)]
struct Hit {
    record: u32,
    score: f32,
    entry: Option<u32>,
    code_match: bool,
}

/// Runs a search. Empty or punctuation-only queries give no results; queries over
/// [`MAX_QUERY_BYTES`] and limits outside 1..=100 are errors.
pub fn search(cat: &Catalog, query: &str, options: &SearchOptions) -> Result<Vec<SearchResult>, Error> {
    if query.len() > MAX_QUERY_BYTES {
        return Err(Error::InputTooLong { field: "query", max_bytes: MAX_QUERY_BYTES });
    }
    if options.limit == 0 || options.limit > MAX_LIMIT {
        return Err(Error::InvalidOption { option: "limit", expected: "1–100" });
    }
    let filter = Filter::new(cat, options)?;
    let words = text::words(query, MAX_QUERY_WORDS);
    let mut hits: Vec<Hit> = Vec::new();

    // Code-like queries: the code index by prefix.
    if let Some(key) = text::code_key(query.trim()).filter(|k| text::looks_like_code(k)) {
        for (i, id) in cat.codes_with_prefix(options.system, &key, 400).into_iter().enumerate() {
            let Some(c) = cat.get(id) else { continue };
            if !filter.accepts(&c) {
                continue;
            }
            let extra = text::code_key(c.code()).map_or(0, |k| k.len().saturating_sub(key.len()));
            let score = if extra == 0 { 3.0 } else { 2.5 - 0.1 * extra as f32 - 0.0005 * i as f32 };
            hits.push(Hit { record: id, score, entry: None, code_match: true });
        }
    }

    let matchers: Vec<WordMatcher> =
        words.iter().enumerate().map(|(i, w)| WordMatcher::new(cat, w, i + 1 == words.len())).collect();
    if !matchers.is_empty() {
        text_hits(cat, &matchers, &filter, options.limit, &mut hits);
    }

    // Best hit per record, then the top `limit`.
    hits.sort_by(|a, b| a.record.cmp(&b.record).then(b.score.total_cmp(&a.score)));
    hits.dedup_by_key(|h| h.record);
    // Ties go to the better static rank (entry order: common codes, then the order a
    // vocabulary term lists its codes), then to the shorter code.
    hits.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.entry.unwrap_or(0).cmp(&b.entry.unwrap_or(0)))
            .then_with(|| code_of(cat, a.record).len().cmp(&code_of(cat, b.record).len()))
            .then_with(|| code_of(cat, a.record).cmp(code_of(cat, b.record)))
    });
    hits.truncate(options.limit);
    Ok(hits.iter().filter_map(|h| to_result(cat, h, &matchers)).collect())
}

fn code_of(cat: &Catalog, id: u32) -> &'static str {
    cat.get(id).map_or("", |c| c.code())
}

/// Scores vocabulary and title entries that contain every (non-stop) query word. When that
/// strict pass finds fewer than `limit` codes, a relaxed pass also accepts entries that miss
/// some words ("dbd grade 2", "hernia inguinalis lateralis dextra"), scored lower.
fn text_hits(cat: &Catalog, matchers: &[WordMatcher], filter: &Filter, limit: usize, hits: &mut Vec<Hit>) {
    let idx = Index::new(cat);
    let all_stop = matchers.iter().all(|m| m.stopword);
    let required: Vec<bool> = matchers.iter().map(|m| all_stop || !m.stopword).collect();
    let mut order: Vec<usize> = (0..matchers.len()).filter(|&i| required[i] && !matchers[i].is_empty()).collect();
    order.sort_by_key(|&i| matchers[i].cost(&idx));
    let Some(&driver) = order.first() else { return };
    let before = hits.len();
    if !matchers.iter().zip(&required).any(|(m, &r)| r && m.is_empty()) {
        let mut seen = vec![0u64; idx.entry_count().div_ceil(64)];
        scan(cat, &idx, matchers, &required, driver, 0, 0.0, filter, &mut seen, hits);
    }
    let n_required = required.iter().filter(|&&r| r).count();
    let found: std::collections::HashSet<u32> = hits[before..].iter().map(|h| h.record).collect();
    if n_required >= 2 && found.len() < RELAX_BELOW.min(limit) {
        let mut seen = vec![0u64; idx.entry_count().div_ceil(64)];
        // Relaxed drivers: only words of 3+ characters (a 1–2 letter prefix matches too much
        // to stand for the query on its own).
        for &d in order.iter().filter(|&&d| matchers[d].chars >= 3) {
            scan(cat, &idx, matchers, &required, d, n_required - 1, 0.35, filter, &mut seen, hits);
        }
    }
}

/// Scans the postings of `driver`'s words and scores every entry that misses at most
/// `allowed_missing` required words; `penalty` is taken off relaxed matches.
#[allow(clippy::too_many_arguments)]
fn scan(
    cat: &Catalog,
    idx: &Index<'_>,
    matchers: &[WordMatcher],
    required: &[bool],
    driver: usize,
    allowed_missing: usize,
    penalty: f32,
    filter: &Filter,
    seen: &mut [u64],
    hits: &mut Vec<Hit>,
) {
    let d = &matchers[driver];
    let budget = scan_budget(d.chars);
    let total = d.cost(idx);
    let n_words = d.direct_word_ids().count().max(1);
    let per_word = if total <= budget { usize::MAX } else { (budget / n_words).max(1) };
    let mut scanned = 0usize;
    let n_required = required.iter().filter(|&&r| r).count() as f32;
    let before = hits.len();
    // Exact and prefix words first; typo matches only when those leave room in the results.
    let fuzzy_after = move |hits: &Vec<Hit>| hits.len() - before < 50;
    let words = d.direct_word_ids().map(|w| (w, false)).chain(d.fuzzy_word_ids().map(|w| (w, true)));
    'words: for (w, is_fuzzy) in words {
        if is_fuzzy && !fuzzy_after(hits) {
            break;
        }
        for e in idx.postings(w).take(per_word) {
            scanned += 1;
            if scanned > budget * 2 {
                break 'words;
            }
            let (slot, bit) = ((e / 64) as usize, 1u64 << (e % 64));
            if seen.get(slot).is_none_or(|s| s & bit != 0) {
                continue;
            }
            seen[slot] |= bit;
            let Some(row) = idx.entry_row(e) else { continue };
            let record = row.u32(entry::RECORD);
            let Some(code) = cat.get(record) else {
                continue;
            };
            if !filter.accepts(&code) {
                continue;
            }
            // Quality of each query word against this entry's words.
            let mut entry_len = 0usize;
            let mut covered = 0usize;
            let mut best = [0.0f32; MAX_QUERY_WORDS];
            for (w, len) in idx.entry_words(row) {
                entry_len += 1;
                let mut hit = false;
                for (i, m) in matchers.iter().enumerate() {
                    let q = m.quality(w, len);
                    if q > 0.0 {
                        hit = true;
                        if q > best[i] {
                            best[i] = q;
                        }
                    }
                }
                if hit {
                    covered += 1;
                }
            }
            let mut sum = 0.0f32;
            let mut missing = 0usize;
            for (i, &r) in required.iter().enumerate() {
                if r && best[i] == 0.0 {
                    missing += 1;
                }
                sum += if r { best[i] } else { best[i] * 0.1 };
            }
            if missing > allowed_missing {
                continue;
            }
            let text_score = sum / n_required;
            let coverage = covered as f32 / entry_len.max(1) as f32;
            let kind = row.u8(entry::KIND);
            let weight = f32::from(row.u8(entry::WEIGHT));
            let mut score = text_score + 0.3 * coverage + 0.07 * weight - penalty;
            if coverage >= 1.0 && kind != entry_kind::TITLE_EN {
                score += 0.1;
            }
            if code.is_leaf() {
                score += 0.03;
            }
            if !code.accepted_by_inacbg() {
                score -= 0.5;
            }
            score -= 0.004 * code.code().len() as f32;
            hits.push(Hit { record, score, entry: Some(e), code_match: false });
        }
    }
}

fn to_result(cat: &Catalog, h: &Hit, matchers: &[WordMatcher]) -> Option<SearchResult> {
    let c = cat.get(h.record)?;
    let display = c.title_en().to_string();
    let display_id = c.title_id().map(str::to_string);
    let mut matched = Vec::new();
    if !matchers.is_empty() {
        for text in std::iter::once(display.as_str()).chain(display_id.as_deref()) {
            for w in original_words(text) {
                let norm = text::words(w, 1);
                let Some(n) = norm.first() else { continue };
                let Some(id) = cat.words.get(n) else { continue };
                let len = n.chars().count().min(255) as u8;
                if matchers.iter().any(|m| m.quality(id as u32, len) > 0.0) && !matched.iter().any(|m| m == w) {
                    matched.push(w.to_string());
                }
            }
        }
    }
    let matched_term = h.entry.and_then(|e| {
        let idx = Index::new(cat);
        let row = idx.entry_row(e)?;
        let kind = row.u8(entry::KIND);
        if kind == entry_kind::TITLE_EN || kind == entry_kind::TITLE_ID {
            return None;
        }
        let off = row.u32(entry::TERM);
        let len = row.u8(entry::TERM_LEN) as usize;
        let strings = cat.section(section::STRINGS);
        strings.get(off as usize..off as usize + len).and_then(|b| std::str::from_utf8(b).ok()).map(str::to_string)
    });
    Some(SearchResult {
        system: c.system(),
        code: c.code().to_string(),
        display,
        display_id,
        fhir_system: c.system().fhir_uri().to_string(),
        leaf: c.is_leaf(),
        flags: c.flag_names().into_iter().map(str::to_string).collect(),
        score: (h.score * 1000.0).round() / 1000.0,
        matched,
        matched_term,
        code_match: h.code_match,
    })
}

/// The words of a display text as written (for highlighting).
fn original_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| text::fold_char(c).is_none() && !matches!(c, '\'' | '’')).filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat() -> Catalog {
        Catalog::embedded().unwrap()
    }

    fn top(q: &str, sys: Option<CodeSystem>, n: usize) -> Vec<String> {
        let o = SearchOptions { system: sys, limit: n, ..Default::default() };
        search(&cat(), q, &o).unwrap().into_iter().map(|r| r.code).collect()
    }

    #[test]
    fn code_queries_with_and_without_dot() {
        assert_eq!(top("j189", None, 3)[0], "J18.9");
        assert_eq!(top("J18.9", None, 3)[0], "J18.9");
        assert_eq!(top("7499", Some(CodeSystem::Icd9cm), 3)[0], "74.99");
        assert_eq!(top("74.99", None, 3)[0], "74.99");
        let k86 = top("K86", None, 5);
        assert!(k86.contains(&"K86".to_string()));
    }

    #[test]
    fn abbreviations_and_prefixes() {
        assert!(top("dbd", Some(CodeSystem::Icd10), 5).contains(&"A91".to_string()));
        assert!(top("demam tif", Some(CodeSystem::Icd10), 5).contains(&"A01.0".to_string()));
    }

    #[test]
    fn typos_are_tolerated() {
        assert!(top("hipertesi", Some(CodeSystem::Icd10), 5).contains(&"I10".to_string()));
        assert!(top("pnuemonia", Some(CodeSystem::Icd10), 10).iter().any(|c| c.starts_with("J1")));
    }

    #[test]
    fn bad_input_is_an_error_or_empty_never_a_panic() {
        let c = cat();
        let o = SearchOptions::default();
        assert!(search(&c, "", &o).unwrap().is_empty());
        assert!(search(&c, " .,;", &o).unwrap().is_empty());
        assert!(search(&c, "\u{0}\u{1}\u{7f}", &o).unwrap().is_empty());
        assert!(search(&c, "💉🦟", &o).unwrap().is_empty());
        assert_eq!(search(&c, &"a".repeat(1 << 20), &o).unwrap_err().code(), "input_too_long");
        let bad = SearchOptions { limit: 0, ..Default::default() };
        assert_eq!(search(&c, "dbd", &bad).unwrap_err().code(), "invalid_option");
        let bad = SearchOptions { chapter: Some("ZZ".into()), ..Default::default() };
        assert_eq!(search(&c, "dbd", &bad).unwrap_err().code(), "invalid_option");
    }

    #[test]
    fn filters_restrict_results() {
        let c = cat();
        let o = SearchOptions { system: Some(CodeSystem::Icd10), leaf_only: true, limit: 20, ..Default::default() };
        for r in search(&c, "pneumonia", &o).unwrap() {
            assert_eq!(r.system, CodeSystem::Icd10);
            assert!(r.leaf, "{}", r.code);
        }
        let o = SearchOptions { block: Some("J09-J18".into()), limit: 20, ..Default::default() };
        let rs = search(&c, "pneumonia", &o).unwrap();
        assert!(!rs.is_empty());
        for r in rs {
            assert!(r.code.starts_with('J') && r.code[1..3].parse::<u32>().unwrap() <= 18, "{}", r.code);
        }
        let o = SearchOptions { chapter: Some("10".into()), limit: 20, ..Default::default() };
        assert!(search(&c, "pneumonia", &o).unwrap().iter().all(|r| r.code.starts_with('J')));
    }
}
