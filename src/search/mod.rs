//! Search as you type over the catalogs.
//!
//! A query is folded into words ([`crate::text::words`]). Each word becomes a [`WordMatcher`]:
//! its exact word id, the id range of the words it is a prefix of (word ids are ranks in the
//! sorted word FST, so a prefix is one contiguous range), and, when needed, the words within
//! the allowed edit distance. The most selective word drives the scan over its posting lists
//! (entries are stored in static rank order, so a broad prefix such as "d" merges its words'
//! lists and takes the best-ranked entries first); every other word is checked against the
//! candidate entry's own word list. Typo expansions (the dearest step) run in stages: words
//! as typed first, then one edit, then two, each only while the list is still short.
//! Code-like queries ("j189", "74.99", "K86") also search the code index by prefix.

mod fuzzy;
pub(crate) mod order;
pub(crate) mod overlay;

pub use fuzzy::warm_up;

use crate::catalog::layout::{self, entry, entry_kind, section};
use crate::catalog::{Catalog, Code, CodeSystem, Flag, RecordKind};
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
/// A broad prefix driver takes this many of the best-ranked entries that match.
const RANK_SCAN_HITS: usize = 100;
/// Postings scanned at most per driver word in the relaxed pass: its best entries are enough to
/// fill a short list, and an entry that matches several words is reached through each of them.
const RELAXED_SCAN_BUDGET: usize = 2_000;
/// Typo expansions run only when the closer matches find fewer codes than this.
const FUZZY_BELOW: usize = 3;
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
    // "lainnya" (the others) closes many official group names: "Penyakit infeksi usus lainnya".
    "ke", "dari", "atau", "oleh", "untuk", "tanpa", "lainnya",
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
    /// Display flags (header, asterisk, dagger, not_inacbg, …); for IM codes also `im` and
    /// `not_principal` (`accpdx` N).
    pub flags: Vec<Flag>,
    /// Relevance; higher is better. Comparable within one result list only.
    pub score: f32,
    /// The words of `display` / `display_id` that matched the query, for highlighting.
    pub matched: Vec<String>,
    /// The vocabulary term that matched (an abbreviation, synonym or lay word), if any.
    pub matched_term: Option<String>,
    /// True when the code itself matched a code-like query.
    pub code_match: bool,
    /// For an Indonesian Modification (iDRG) code: refused by INA-CBG, and the 2010 code to use
    /// (see [`crate::codeset`]). Absent for 2010 codes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub im: Option<crate::codeset::ImInfo>,
}

/// How one query word matches words of the index.
struct WordMatcher {
    word: String,
    chars: usize,
    stopword: bool,
    exact: Option<u32>,
    prefix: Range<u32>,
    fuzzy: Vec<(u32, u8)>,
    fuzzy_prefix: bool,
    /// The edit distance allowed for this word (0 from 1–3 characters, 1 from 4, 2 from 8;
    /// at most 1 for a word of the index).
    fuzzy_max: u8,
    /// The edit distance `fuzzy` has been computed for so far.
    fuzzy_done: u8,
}

impl WordMatcher {
    /// A matcher with the exact word and the prefix range. Typo expansions (a walk of the word
    /// FST with a Levenshtein DFA, the dearest part of a keystroke) are computed at once, up
    /// to one edit, only when the word matches nothing directly; otherwise, and for the second
    /// edit, they wait for [`Self::expand_fuzzy`], which the search calls when the closer
    /// matches leave the result list short.
    fn new<D: AsRef<[u8]>>(words: &fst::Map<D>, word: &str, is_last: bool) -> WordMatcher {
        let mut m = WordMatcher::direct(words, word, is_last);
        if m.exact.is_none() && m.prefix.is_empty() {
            m.expand_fuzzy(words, 1);
        }
        m
    }

    /// A matcher with the exact word and the prefix range only (typo expansions wait for
    /// [`Self::expand_fuzzy`]).
    fn direct<D: AsRef<[u8]>>(words: &fst::Map<D>, word: &str, is_last: bool) -> WordMatcher {
        let chars = word.chars().count();
        let exact = words.get(word).map(|v| v as u32);
        let prefix = if is_last || chars >= 3 { prefix_range(words, word) } else { 0..0 };
        WordMatcher {
            word: word.to_string(),
            chars,
            stopword: STOPWORDS.contains(&word),
            exact,
            prefix,
            fuzzy: Vec::new(),
            fuzzy_prefix: is_last,
            // A word of the index may still be a typo of another one, but of one edit at most.
            fuzzy_max: if exact.is_some() { fuzzy::max_distance(chars).min(1) } else { fuzzy::max_distance(chars) },
            fuzzy_done: 0,
        }
    }

    /// True while typo expansions up to `distance` edits are allowed but not computed.
    fn fuzzy_pending(&self, distance: u8) -> bool {
        self.fuzzy_done < self.fuzzy_max.min(distance)
    }

    /// Computes the words within `distance` edits (at most the word's allowed distance).
    fn expand_fuzzy<D: AsRef<[u8]>>(&mut self, words: &fst::Map<D>, distance: u8) {
        let distance = self.fuzzy_max.min(distance);
        if distance <= self.fuzzy_done {
            return;
        }
        self.fuzzy_done = distance;
        self.fuzzy.clear();
        let aut = fuzzy::Fuzzy::new(&self.word, distance, self.fuzzy_prefix);
        let cap = if self.fuzzy_prefix { MAX_FUZZY_PREFIX_WORDS } else { MAX_FUZZY_WORDS };
        let mut stream = words.search_with_state(&aut).into_stream();
        while let Some((_, id, state)) = stream.next() {
            let id = id as u32;
            if Some(id) == self.exact || self.prefix.contains(&id) {
                continue;
            }
            if let Some(d) = aut.distance(state) {
                self.fuzzy.push((id, d));
            }
            if self.fuzzy.len() >= cap {
                break;
            }
        }
        // Word ids are ranks in the index's key order, so the walk gives them sorted; the sort
        // (packed keys, the search path's one sort, see [`order`]) is only for an index that
        // does not.
        if !self.fuzzy.is_sorted_by_key(|&(id, _)| id) {
            let mut keys: Vec<u64> = self.fuzzy.iter().map(|&(id, d)| u64::from(id) << 8 | u64::from(d)).collect();
            order::sort_keys(&mut keys);
            self.fuzzy = keys.into_iter().map(|k| ((k >> 8) as u32, k as u8)).collect();
        }
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

    /// True when the folded word `norm` matches, as [`Self::quality`] would judge its index
    /// word; looks the word up in the FST only when there are typo expansions to check.
    fn matches_text<D: AsRef<[u8]>>(&self, words: &fst::Map<D>, norm: &str) -> bool {
        if norm == self.word || (!self.prefix.is_empty() && norm.starts_with(self.word.as_str())) {
            return true;
        }
        !self.fuzzy.is_empty()
            && words.get(norm).is_some_and(|id| self.fuzzy.binary_search_by_key(&(id as u32), |&(w, _)| w).is_ok())
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
fn prefix_range<D: AsRef<[u8]>>(words: &fst::Map<D>, prefix: &str) -> Range<u32> {
    let mut s = words.range().ge(prefix).into_stream();
    let lo = match s.next() {
        Some((k, v)) if k.starts_with(prefix.as_bytes()) => v as u32,
        _ => return 0..0,
    };
    let hi = match successor(prefix.as_bytes()) {
        Some(succ) => {
            let mut s = words.range().ge(&succ).into_stream();
            s.next().map_or(words.len() as u32, |(_, v)| v as u32)
        }
        None => words.len() as u32,
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

/// The search sections of the catalog, read in place, and its rebuilt entry words.
struct Index<'a> {
    entries: &'a [u8],
    entry_words: &'a crate::catalog::EntryWords,
    words: &'a crate::catalog::WordTable,
    postings: &'a [u8],
    word_lens: &'a [u8],
}

impl<'a> Index<'a> {
    fn new(cat: &'a Catalog) -> Index<'a> {
        Index {
            entries: cat.section(section::ENTRIES),
            entry_words: &cat.tables.entry_words,
            words: &cat.tables.words,
            postings: cat.section(section::POSTINGS),
            word_lens: cat.section(section::WORD_LENS),
        }
    }

    fn entry_count(&self) -> usize {
        self.entries.len() / entry::SIZE
    }

    fn offset(&self, word: u32) -> usize {
        self.words.start(word).unwrap_or(self.postings.len())
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

    /// The entries of the words `words`, each once, in ascending id (= static rank) order. The
    /// posting lists are read window by window of entry ids (1024, then doubling), each window
    /// sorted once: a broad prefix needs only the first windows, and most of its words have no
    /// entry there at all.
    fn union_in_rank_order(&self, words: Range<u32>) -> impl Iterator<Item = u32> + '_ {
        // (position in POSTINGS, end, the next entry id not yet taken)
        let mut cursors: Vec<(usize, usize, u32)> = Vec::with_capacity(words.len());
        for w in words {
            let (mut at, end) = (self.offset(w), self.offset(w + 1));
            if let Some(first) = layout::read_varint(self.postings, &mut at).filter(|_| at <= end) {
                cursors.push((at, end, first));
            }
        }
        let total = self.entry_count() as u64;
        let mut window_end: u64 = 0;
        let mut window = 1024u64;
        let mut buffer: Vec<u64> = Vec::new();
        let mut next = 0usize;
        std::iter::from_fn(move || loop {
            if let Some(&e) = buffer.get(next) {
                next += 1;
                return Some(e as u32);
            }
            if window_end >= total || cursors.is_empty() {
                return None;
            }
            window_end = window_end.saturating_add(window).min(total);
            window = window.saturating_mul(2);
            buffer.clear();
            next = 0;
            cursors.retain_mut(|(at, end, value)| {
                while u64::from(*value) < window_end {
                    buffer.push(u64::from(*value));
                    if *at >= *end {
                        return false;
                    }
                    match layout::read_varint(self.postings, at) {
                        Some(gap) if *at <= *end => *value = value.saturating_add(gap),
                        _ => return false,
                    }
                }
                true
            });
            order::sort_keys(&mut buffer);
            buffer.dedup();
        })
    }

    fn entry_words(&self, e: u32) -> impl Iterator<Item = (u32, u8)> + '_ {
        self.entry_words.of(e).iter().map(|&w| (u32::from(w), self.word_lens.get(w as usize).copied().unwrap_or(1)))
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
            let found = systems.iter().find_map(|&s| cat.find(s, &ch).filter(|c| c.kind() == RecordKind::Chapter));
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
            match cat.find(CodeSystem::Icd10, b.trim()).filter(|c| c.kind() == RecordKind::Block) {
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
pub(crate) fn normalise_chapter(ch: &str) -> String {
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

impl Hit {
    /// Sort key that puts the hits of one record together, best first: higher score, then
    /// a code match, then the better (lower) entry.
    fn dedup_key(&self) -> u128 {
        let bits = self.score.to_bits();
        let ascending = if bits >> 31 == 1 { !bits } else { bits | 0x8000_0000 };
        let entry = self.entry.map_or(0, |e| u64::from(e) + 1);
        (u128::from(self.record) << 96)
            | (u128::from(!ascending) << 64)
            | (u128::from(!self.code_match) << 63)
            | u128::from(entry)
    }
}

/// Runs a search. Empty or punctuation-only queries give no results; queries over
/// [`MAX_QUERY_BYTES`] and limits outside 1..=100 are errors.
pub fn search(cat: &Catalog, query: &str, options: &SearchOptions) -> Result<Vec<SearchResult>, Error> {
    search_with(cat, query, options, Mode::Typing)
}

/// A search for written text rather than typing (the resume lines of [`crate::suggest`]): every
/// word is complete (no word is a prefix being typed), typo expansions are only made for words
/// that match nothing, and entries with only some of the words come only when none has all of
/// them — and only when `partial` asks for them.
pub(crate) fn search_written(
    cat: &Catalog,
    query: &str,
    options: &SearchOptions,
    partial: bool,
) -> Result<Vec<SearchResult>, Error> {
    search_with(cat, query, options, Mode::Written { partial })
}

/// How the words of a query were entered.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Typed in a field: the last word may be unfinished; typo expansions in stages.
    Typing,
    /// Written text; `partial`: entries with some of the words when none has all.
    Written { partial: bool },
}

fn search_with(cat: &Catalog, query: &str, options: &SearchOptions, mode: Mode) -> Result<Vec<SearchResult>, Error> {
    let typing = mode == Mode::Typing;
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

    let mut matchers: Vec<WordMatcher> = words
        .iter()
        .enumerate()
        .map(|(i, w)| WordMatcher::new(&cat.words, w, typing && i + 1 == words.len()))
        .collect();
    if !matchers.is_empty() && !typing {
        // Written text: entries with every word; only when there is none, entries with some.
        text_hits(cat, &matchers, &filter, options.limit, false, &mut hits);
        if hits.is_empty() && mode == (Mode::Written { partial: true }) {
            text_hits(cat, &matchers, &filter, options.limit, true, &mut hits);
        }
    } else if !matchers.is_empty() {
        // The words as typed first; typo expansions (one edit, then two) only while the
        // closer matches leave the list short. The relaxed pass runs with the last stage.
        let before = hits.len();
        for distance in 0..=2u8 {
            let pending = |ms: &[WordMatcher], d: u8| ms.iter().any(|m| m.fuzzy_pending(d));
            if distance > 0
                && (!pending(&matchers, distance)
                    || !distinct_records_below(&hits[before..], FUZZY_BELOW.min(options.limit)))
            {
                continue;
            }
            hits.truncate(before);
            matchers.iter_mut().for_each(|m| m.expand_fuzzy(&cat.words, distance));
            let last_stage = !pending(&matchers, 2);
            text_hits(cat, &matchers, &filter, options.limit, last_stage, &mut hits);
            if last_stage {
                break;
            }
        }
    }

    best_per_record(&mut hits);
    // Ties go to the better static rank (entry order: common codes, then the order a
    // vocabulary term lists its codes), then to the shorter code, then to the record (one
    // order for every run, whichever order the hits came in).
    let rank = |a: &Hit, b: &Hit| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.entry.unwrap_or(0).cmp(&b.entry.unwrap_or(0)))
            .then_with(|| code_of(cat, a.record).len().cmp(&code_of(cat, b.record).len()))
            .then_with(|| code_of(cat, a.record).cmp(code_of(cat, b.record)))
            .then_with(|| a.record.cmp(&b.record))
    };
    order::best_k(&mut hits, options.limit, rank);
    // Written text needs no highlighting (the matched words are for the picker).
    let highlight: &[WordMatcher] = if typing { &matchers } else { &[] };
    Ok(hits.iter().filter_map(|h| to_result(cat, h, highlight)).collect())
}

fn code_of(cat: &Catalog, id: u32) -> &str {
    cat.get(id).map_or("", |c| c.code())
}

/// Keeps the best hit of each record (ties: the code match, then the better entry), in record
/// order: the hits are sorted as packed keys (record, position) and each record's run is read.
fn best_per_record(hits: &mut Vec<Hit>) {
    let mut keys: Vec<u64> = hits.iter().zip(0u64..).map(|(h, i)| u64::from(h.record) << 32 | i).collect();
    order::sort_keys(&mut keys);
    let mut best: Vec<Hit> = Vec::with_capacity(keys.len());
    for k in keys {
        let h = hits[(k & 0xFFFF_FFFF) as usize];
        match best.last_mut() {
            Some(b) if b.record == h.record => {
                if h.dedup_key() < b.dedup_key() {
                    *b = h;
                }
            }
            _ => best.push(h),
        }
    }
    *hits = best;
}

/// Scores vocabulary and title entries that contain every (non-stop) query word. When that
/// strict pass finds fewer than `limit` codes, a relaxed pass also accepts entries that miss
/// some words ("dbd grade 2", "hernia inguinalis lateralis dextra"), scored lower.
fn text_hits(cat: &Catalog, matchers: &[WordMatcher], filter: &Filter, limit: usize, relax: bool, hits: &mut Vec<Hit>) {
    let idx = Index::new(cat);
    let all_stop = matchers.iter().all(|m| m.stopword);
    let required: Vec<bool> = matchers.iter().map(|m| all_stop || !m.stopword).collect();
    // Cheapest word first (ties in query order): each cost is computed once, packed with the
    // word's place into one key.
    let mut costs: Vec<u64> = (0..matchers.len())
        .filter(|&i| required[i] && !matchers[i].is_empty())
        .map(|i| (matchers[i].cost(&idx).min(u32::MAX as usize) as u64) << 32 | i as u64)
        .collect();
    order::sort_keys(&mut costs);
    let order: Vec<usize> = costs.into_iter().map(|k| (k & 0xFFFF_FFFF) as usize).collect();
    let Some(&driver) = order.first() else { return };
    let before = hits.len();
    if !matchers.iter().zip(&required).any(|(m, &r)| r && m.is_empty()) {
        let mut seen = vec![0u64; idx.entry_count().div_ceil(64)];
        scan(cat, &idx, matchers, &required, driver, 0, 0.0, filter, &mut seen, hits);
    }
    let n_required = required.iter().filter(|&&r| r).count();
    if relax && n_required >= 2 && distinct_records_below(&hits[before..], RELAX_BELOW.min(limit)) {
        let mut seen = vec![0u64; idx.entry_count().div_ceil(64)];
        // Relaxed drivers: only words of 3+ characters (a 1–2 letter prefix matches too much
        // to stand for the query on its own).
        for &d in order.iter().filter(|&&d| matchers[d].chars >= 3) {
            scan(cat, &idx, matchers, &required, d, n_required - 1, 0.35, filter, &mut seen, hits);
        }
    }
}

/// True when `hits` name fewer than `n` different records.
fn distinct_records_below(hits: &[Hit], n: usize) -> bool {
    let mut seen: Vec<u32> = Vec::with_capacity(n);
    for h in hits {
        if !seen.contains(&h.record) {
            seen.push(h.record);
            if seen.len() >= n {
                return false;
            }
        }
    }
    true
}

/// How a scan scores the entries it reaches.
struct Scoring<'q> {
    matchers: &'q [WordMatcher],
    required: &'q [bool],
    n_required: f32,
    allowed_missing: usize,
    penalty: f32,
    filter: &'q Filter,
}

impl Scoring<'_> {
    /// Scores entry `e`, unless it was seen already in this pass, fails the filter or misses
    /// more required words than allowed.
    fn hit(&self, cat: &Catalog, idx: &Index<'_>, seen: &mut [u64], e: u32) -> Option<Hit> {
        let (slot, bit) = ((e / 64) as usize, 1u64 << (e % 64));
        if seen.get(slot).is_none_or(|s| s & bit != 0) {
            return None;
        }
        seen[slot] |= bit;
        let row = idx.entry_row(e)?;
        let record = row.u32(entry::RECORD);
        let code = cat.get(record)?;
        if !self.filter.accepts(&code) {
            return None;
        }
        // Quality of each query word against this entry's words.
        let mut entry_len = 0usize;
        let mut covered = 0usize;
        let mut best = [0.0f32; MAX_QUERY_WORDS];
        for (w, len) in idx.entry_words(e) {
            entry_len += 1;
            let mut hit = false;
            for (i, m) in self.matchers.iter().enumerate() {
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
        for (i, &r) in self.required.iter().enumerate() {
            if r && best[i] == 0.0 {
                missing += 1;
            }
            sum += if r { best[i] } else { best[i] * 0.1 };
        }
        if missing > self.allowed_missing {
            return None;
        }
        let text_score = sum / self.n_required;
        let coverage = covered as f32 / entry_len.max(1) as f32;
        let kind = row.u8(entry::KIND);
        let weight = f32::from(row.u8(entry::WEIGHT));
        let mut score = text_score + 0.3 * coverage + 0.07 * weight - self.penalty;
        if coverage >= 1.0 && kind != entry_kind::TITLE_EN {
            score += 0.1;
        }
        if code.is_leaf() {
            score += 0.03;
        }
        if !code.accepted_by_inacbg() {
            score -= 0.5;
        }
        score -= 0.004 * code.code_len() as f32;
        Some(Hit { record, score, entry: Some(e), code_match: false })
    }
}

/// Scans the entries of `driver`'s words and scores every entry that misses at most
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
    let budget = if allowed_missing > 0 { scan_budget(d.chars).min(RELAXED_SCAN_BUDGET) } else { scan_budget(d.chars) };
    let n_required = required.iter().filter(|&&r| r).count() as f32;
    let scoring = Scoring { matchers, required, n_required, allowed_missing, penalty, filter };
    let before = hits.len();
    let mut scanned = 0usize;
    if d.cost(idx) > budget && !d.prefix.is_empty() {
        // A broad prefix ("d", "de", "pen"): the exact word's entries, then the best-ranked
        // entries (entries are stored best first) that have a word of the prefix range.
        if let Some(w) = d.exact {
            for e in idx.postings(w).take(RANK_SCAN_HITS) {
                scanned += 1;
                hits.extend(scoring.hit(cat, idx, seen, e));
            }
        }
        let mut accepted = 0usize;
        for e in idx.union_in_rank_order(d.prefix.clone()) {
            scanned += 1;
            if accepted >= RANK_SCAN_HITS || scanned > budget * 2 {
                break;
            }
            if let Some(h) = scoring.hit(cat, idx, seen, e) {
                hits.push(h);
                accepted += 1;
            }
        }
    } else {
        for w in d.direct_word_ids() {
            for e in idx.postings(w) {
                scanned += 1;
                if scanned > budget * 2 {
                    return;
                }
                hits.extend(scoring.hit(cat, idx, seen, e));
            }
        }
    }
    // Typo matches only when the direct words leave room in the results.
    for w in d.fuzzy_word_ids() {
        if hits.len() - before >= 50 {
            return;
        }
        for e in idx.postings(w) {
            scanned += 1;
            if scanned > budget * 2 {
                return;
            }
            hits.extend(scoring.hit(cat, idx, seen, e));
        }
    }
}

fn to_result(cat: &Catalog, h: &Hit, matchers: &[WordMatcher]) -> Option<SearchResult> {
    let c = cat.get(h.record)?;
    let display = c.title_en();
    let display_id = c.title_id();
    let mut matched = Vec::new();
    let mut folded = String::new();
    if !matchers.is_empty() {
        for text in std::iter::once(display.as_str()).chain(display_id.as_deref()) {
            for w in original_words(text) {
                folded.clear();
                folded.extend(w.chars().filter_map(text::fold_char).take(text::MAX_WORD_CHARS));
                if !folded.is_empty()
                    && matchers.iter().any(|m| m.matches_text(&cat.words, &folded))
                    && !matched.iter().any(|m| m == w)
                {
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
        Some(cat.text_at(row.u32(entry::TERM), usize::from(row.u8(entry::TERM_LEN)))).filter(|t| !t.is_empty())
    });
    Some(SearchResult {
        system: c.system(),
        code: c.code().to_string(),
        display,
        display_id,
        fhir_system: c.system().fhir_uri().to_string(),
        leaf: c.is_leaf(),
        flags: c.flag_list(),
        score: (h.score * 1000.0).round() / 1000.0,
        matched,
        matched_term,
        code_match: h.code_match,
        im: None,
    })
}

/// The search result of one catalog record, as a code match with `score`.
pub(crate) fn record_result(cat: &Catalog, record: u32, score: f32) -> Option<SearchResult> {
    to_result(cat, &Hit { record, score, entry: None, code_match: true }, &[])
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
    fn typo_neighbours_only_fill_a_short_list() {
        // Enough codes carry the word itself: no look-alike words ("kebutuhan imunisasi").
        let c = cat();
        let o = SearchOptions { limit: 10, ..Default::default() };
        let rs = search(&c, "keputihan", &o).unwrap();
        assert!(rs.iter().any(|r| r.code == "N89.8"), "{rs:?}");
        assert!(rs.iter().all(|r| !r.code.starts_with("Z2")), "{rs:?}");
        // An index word that finds nothing in the system asked for is read as a typo.
        assert!(top("preeklamsia", Some(CodeSystem::Icd10), 5).iter().any(|c| c.starts_with("O14")));
    }

    #[test]
    fn broad_prefixes_take_the_best_ranked_entries_of_every_word() {
        let c = cat();
        let idx = Index::new(&c);
        for p in ["d", "he", "pen"] {
            let range = prefix_range(&c.words, p);
            let merged: Vec<u32> = idx.union_in_rank_order(range.clone()).collect();
            let mut expected: Vec<u32> = range.flat_map(|w| idx.postings(w).collect::<Vec<_>>()).collect();
            expected.sort_unstable();
            expected.dedup();
            assert_eq!(merged, expected, "{p}");
        }
        let rs = search(&c, "d", &SearchOptions::default()).unwrap();
        assert_eq!(rs.len(), 10);
        assert!(rs.iter().all(|r| !r.matched.is_empty() || r.matched_term.is_some()), "{rs:?}");
    }

    #[test]
    fn one_record_keeps_its_best_hit() {
        let hit = |score, entry, code_match| Hit { record: 7, score, entry, code_match };
        let mut hits =
            [hit(0.5, Some(3), false), hit(0.9, Some(9), false), hit(0.9, None, true), hit(-1.0, Some(1), false)];
        hits.sort_unstable_by_key(Hit::dedup_key);
        assert!(hits[0].code_match && hits[0].score == 0.9);
        assert_eq!(hits[1].entry, Some(9));
        assert_eq!(hits[3].score, -1.0);
    }

    #[test]
    fn best_per_record_keeps_one_hit_per_record_in_record_order() {
        let hit = |record, score, entry, code_match| Hit { record, score, entry, code_match };
        let mut hits = vec![
            hit(9, 0.5, Some(3), false),
            hit(2, 0.4, Some(8), false),
            hit(9, 0.9, Some(9), false),
            hit(2, 0.4, Some(5), false),
            hit(9, 0.9, None, true),
            hit(4, -1.0, Some(1), false),
        ];
        best_per_record(&mut hits);
        let got: Vec<(u32, f32, Option<u32>, bool)> =
            hits.iter().map(|h| (h.record, h.score, h.entry, h.code_match)).collect();
        assert_eq!(got, [(2, 0.4, Some(5), false), (4, -1.0, Some(1), false), (9, 0.9, None, true)]);
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
