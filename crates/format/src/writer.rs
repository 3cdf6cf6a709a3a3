//! The catalog writer: records and search entries in, the three parts of a catalog out
//! (`catalog.bin`, `words.fst`, `codes.fst`), in the layout of [`crate::layout`] that the
//! engine's `Catalog::from_bytes` reads. `build.rs` gathers the records and entries from
//! `data/`; every byte decision is made here, one step per function, and the unit tests below
//! read back what a tiny catalog wrote.

use crate::layout::{self, entry, flag, record, NONE, NO_AGE};
use crate::text;
use std::collections::{BTreeMap, HashMap};

/// A record as the writer takes it: a code, a block or a chapter.
#[derive(Clone, Debug, Default)]
pub struct Record {
    /// [`layout::system`] byte.
    pub system: u8,
    /// [`layout::kind`].
    pub kind: u8,
    /// [`layout::flag`] bits.
    pub flags: u16,
    /// Parent record, or [`NONE`].
    pub parent: u32,
    /// The code as printed.
    pub code: String,
    /// English title.
    pub title_en: String,
    /// Indonesian title (empty when none).
    pub title_id: String,
    /// Child records.
    pub children: Vec<u32>,
    /// Crosswalk targets (ICPC-2 → ICD-10).
    pub crosswalk: Vec<u32>,
    /// Dagger/asterisk partners.
    pub partners: Vec<u32>,
    /// Age limits in days ([`NO_AGE`] for none).
    pub age_min: u16,
    /// See `age_min`.
    pub age_max: u16,
    /// Static rank weight.
    pub weight: u8,
}

impl Record {
    /// A record with its code and titles: no flags, children, lists or age limits.
    pub fn titled(system: u8, kind: u8, parent: u32, code: &str, title_en: &str, title_id: &str) -> Record {
        Record {
            system,
            kind,
            parent,
            code: code.into(),
            title_en: title_en.into(),
            title_id: title_id.into(),
            age_min: NO_AGE,
            age_max: NO_AGE,
            ..Record::default()
        }
    }
}

/// A search entry (a title or a vocabulary term of a record), in the final static rank order.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The record it finds.
    pub record: u32,
    /// [`layout::entry_kind`].
    pub kind: u8,
    /// The entry's own weight (the record's weight counts when higher).
    pub weight: u8,
    /// The vocabulary term, when the entry is one.
    pub term: Option<String>,
    /// Its normalised words.
    pub words: Vec<String>,
}

/// The three parts of a catalog.
pub struct CatalogParts {
    /// `catalog.bin`.
    pub blob: Vec<u8>,
    /// `words.fst`: word → word id.
    pub words_fst: Vec<u8>,
    /// `codes.fst`: system byte + code key → record.
    pub codes_fst: Vec<u8>,
    /// Counts for the metadata (`entries`, `words`, `postings`, `tokens`, `records`).
    pub counts: BTreeMap<String, usize>,
}

/// Writes a catalog. `counts` are the loader's counts, completed with the writer's own and
/// stored in the META section with `data_version` (a hash of the data, as 16 hex digits).
pub fn write(
    records: &[Record],
    entries: &[Entry],
    data_version: u64,
    counts: &BTreeMap<String, usize>,
) -> CatalogParts {
    let mut texts = TextCoder::new(records, entries);
    let mut lists = Vec::new();
    let record_rows = record_rows(records, &mut texts, &mut lists);
    assert_children_follow_parents(records);
    let codes: Vec<&str> = records.iter().map(|r| r.code.as_str()).collect();
    let words = Postings::of(entries);
    let (entry_rows, repeated_words) = entry_rows(entries, records, &words.ids, &mut texts);
    let mut counts = counts.clone();
    counts.insert("records".into(), records.len());
    counts.insert("entries".into(), entries.len());
    counts.insert("words".into(), words.ids.len());
    counts.insert("postings".into(), words.count);
    counts.insert("tokens".into(), texts.token_count());
    let meta = meta_json(data_version, &counts);
    let u32s = |v: &[u32]| v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>();
    let sections: [Vec<u8>; layout::SECTION_COUNT] = [
        layout::to_planes(&record_rows, record::SIZE),
        front_coded(&codes),
        parents(records),
        layout::to_planes(&u32s(&lists), 4),
        layout::to_planes(&entry_rows, entry::SIZE),
        repeated_words,
        words.counts,
        words.postings,
        words.lens,
        texts.tokens,
        texts.texts,
        meta.into_bytes(),
    ];
    CatalogParts { blob: assemble(&sections), words_fst: words.fst, codes_fst: codes_fst(records), counts }
}

/// The META section: format version, data version and counts, as JSON.
fn meta_json(data_version: u64, counts: &BTreeMap<String, usize>) -> String {
    let counts: Vec<String> = counts.iter().map(|(k, v)| format!("{}:{v}", json_string(k))).collect();
    format!(
        "{{\"format\":{},\"data_version\":\"{data_version:016x}\",\"counts\":{{{}}}}}",
        layout::FORMAT_VERSION,
        counts.join(",")
    )
}

/// A JSON string literal (the count names are plain ASCII words; anything else is escaped).
fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Magic, version, section table, sections.
fn assemble(sections: &[Vec<u8>]) -> Vec<u8> {
    let mut blob = Vec::new();
    blob.extend_from_slice(layout::MAGIC);
    blob.extend_from_slice(&layout::FORMAT_VERSION.to_le_bytes());
    let mut off = layout::HEADER_SIZE as u32;
    for s in sections {
        blob.extend_from_slice(&off.to_le_bytes());
        blob.extend_from_slice(&(s.len() as u32).to_le_bytes());
        off += s.len() as u32;
    }
    for s in sections {
        blob.extend_from_slice(s);
    }
    blob
}

/// Cuts `s` to at most `max` bytes at a character boundary.
fn cut(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// TOKENS and TEXTS: titles and terms as varint token ids, the most frequent tokens first (so
/// they take one byte).
struct TextCoder {
    ids: HashMap<String, u32>,
    tokens: Vec<u8>,
    texts: Vec<u8>,
    /// Only complete codings are shared: one fits any text of the same words that has room.
    cache: HashMap<String, (u32, u16)>,
}

/// The vocabulary term of an entry as stored, at most 255 bytes: only the terms a search
/// result shows (abbreviations, synonyms, lay words). A title entry, English or Indonesian,
/// shows the record's own titles, so its term is not stored.
fn shown_term(e: &Entry) -> Option<&str> {
    let title = e.kind == layout::entry_kind::TITLE_EN || e.kind == layout::entry_kind::TITLE_ID;
    e.term.as_deref().filter(|_| !title).map(|t| cut(t, 255))
}

impl TextCoder {
    fn new(records: &[Record], entries: &[Entry]) -> TextCoder {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        let titles = records.iter().flat_map(|r| [r.title_en.as_str(), r.title_id.as_str()]);
        for t in titles.chain(entries.iter().filter_map(shown_term)) {
            for tok in layout::tokens(t) {
                *counts.entry(tok).or_default() += 1;
            }
        }
        let mut order: Vec<(&str, usize)> = counts.into_iter().collect();
        order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let order = by_varint_length(order.into_iter().map(|(t, _)| t).collect());
        let ids = order.iter().enumerate().map(|(i, t)| (t.to_string(), i as u32)).collect();
        TextCoder { ids, tokens: front_coded(&order), texts: Vec::new(), cache: HashMap::new() }
    }

    fn token_count(&self) -> usize {
        self.ids.len()
    }

    /// Codes `t` in at most `max_len` bytes (a prefix of whole tokens when it does not fit),
    /// sharing the coding of an earlier text of the same words.
    fn put(&mut self, t: &str, max_len: usize) -> (u32, u16) {
        if t.is_empty() {
            return (0, 0);
        }
        if let Some(&v) = self.cache.get(t).filter(|v| usize::from(v.1) <= max_len) {
            return v;
        }
        self.append(t, max_len)
    }

    /// Codes `t` at the end of TEXTS, never shared (a record's titles follow the previous
    /// record's); returns the coded length.
    fn put_next(&mut self, t: &str) -> u16 {
        if t.is_empty() {
            return 0;
        }
        self.append(t, u16::MAX as usize).1
    }

    fn append(&mut self, t: &str, max_len: usize) -> (u32, u16) {
        let (mut coded, mut decoded) = (Vec::new(), 0usize);
        for tok in layout::tokens(t) {
            let mut one = Vec::new();
            layout::write_varint(&mut one, self.ids[tok]);
            if coded.len() + one.len() > max_len {
                break;
            }
            coded.extend_from_slice(&one);
            decoded += tok.len();
        }
        assert!(decoded > 0, "token coding of {t:?}");
        let v = (self.texts.len() as u32, coded.len() as u16);
        self.texts.extend_from_slice(&coded);
        if decoded == t.len() {
            self.cache.insert(t.to_string(), v);
        }
        v
    }
}

/// Tokens in frequency order, then sorted by bytes among the ids of one varint length: that
/// costs TEXTS no byte, and sorted neighbours share prefixes.
fn by_varint_length(mut tokens: Vec<&str>) -> Vec<&str> {
    let (mut from, mut to) = (0usize, 128usize);
    while from < tokens.len() {
        let end = to.min(tokens.len());
        tokens[from..end].sort_unstable();
        (from, to) = (to, to.saturating_mul(128));
    }
    tokens
}

/// STRINGS and TOKENS: each string as the length of the prefix it shares with the one before,
/// the rest of its bytes and [`layout::END_MARK`].
fn front_coded(tokens: &[&str]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut prev: &[u8] = &[];
    for t in tokens {
        let t = t.as_bytes();
        let shared = prev.iter().zip(t).take_while(|(a, b)| a == b).count().min(layout::MAX_SHARED_PREFIX);
        out.push(shared as u8);
        out.extend_from_slice(&t[shared..]);
        out.push(layout::END_MARK);
        prev = t;
    }
    out
}

/// A u16 field of a row.
fn put_u16(row: &mut [u8], at: usize, v: u16) {
    row[at..][..2].copy_from_slice(&v.to_le_bytes());
}

/// A record's extras appended to LISTS (age limits, crosswalk, partners); false without any.
fn put_extras(lists: &mut Vec<u32>, r: &Record) -> bool {
    if r.age_min == NO_AGE && r.age_max == NO_AGE && r.crosswalk.is_empty() && r.partners.is_empty() {
        return false;
    }
    let cw = &r.crosswalk[..r.crosswalk.len().min(u16::MAX as usize)];
    let pt = &r.partners[..r.partners.len().min(u16::MAX as usize)];
    lists.extend_from_slice(&[u32::from(r.age_min), u32::from(r.age_max), cw.len() as u32]);
    lists.extend_from_slice(cw);
    lists.push(pt.len() as u32);
    lists.extend_from_slice(pt);
    true
}

/// RECORDS, row-major (the caller transposes them into planes).
fn record_rows(records: &[Record], texts: &mut TextCoder, lists: &mut Vec<u32>) -> Vec<u8> {
    let mut rows = Vec::with_capacity(records.len() * record::SIZE);
    for r in records {
        let mut row = [0u8; record::SIZE];
        row[record::SYSTEM] = r.system;
        row[record::KIND] = r.kind;
        let extras = if put_extras(lists, r) { flag::EXTRAS } else { 0 };
        put_u16(&mut row, record::FLAGS, (r.flags & !flag::EXTRAS) | extras);
        put_u16(&mut row, record::TITLE_EN_LEN, texts.put_next(&r.title_en));
        put_u16(&mut row, record::TITLE_ID_LEN, texts.put_next(&r.title_id));
        rows.extend_from_slice(&row);
    }
    rows
}

/// PARENTS: for each record, how many steps up from the record before its parent is, or the
/// parent's id when the walk does not reach it (see [`layout::section::PARENTS`]).
fn parents(records: &[Record]) -> Vec<u8> {
    let ids: Vec<u32> = records.iter().map(|r| r.parent).collect();
    let mut out = Vec::with_capacity(records.len());
    for (id, &parent) in ids.iter().enumerate() {
        if parent == NONE {
            out.push(layout::PARENT_NONE);
            continue;
        }
        match (1..=layout::MAX_PARENT_STEPS).find(|&k| layout::parent_steps_up(&ids, id, k) == Some(parent)) {
            Some(k) => out.push(k),
            None => {
                out.push(layout::PARENT_FAR);
                layout::write_varint(&mut out, parent);
            }
        }
    }
    out
}

/// Children are not stored: every record's children must be the records whose parent it is, in
/// record order (as the build step lists them).
fn assert_children_follow_parents(records: &[Record]) {
    let mut derived = vec![Vec::new(); records.len()];
    for (id, r) in records.iter().enumerate().filter(|(_, r)| r.parent != NONE) {
        derived[r.parent as usize].push(id as u32);
    }
    for (r, d) in records.iter().zip(&derived) {
        assert_eq!(&r.children, d, "the children of {} are not the records whose parent it is", r.code);
    }
}

/// The word index: words → entry postings; word ids are ranks in sorted order, so a prefix is
/// a range of ids. Each word's number of postings is written, not where they start: the reader
/// adds that up.
struct Postings {
    fst: Vec<u8>,
    ids: HashMap<String, u32>,
    counts: Vec<u8>,
    postings: Vec<u8>,
    lens: Vec<u8>,
    count: usize,
}

impl Postings {
    fn of(entries: &[Entry]) -> Postings {
        let mut by_word: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
        for (eid, e) in entries.iter().enumerate() {
            for w in &e.words {
                let p = by_word.entry(w.as_str()).or_default();
                if p.last() != Some(&(eid as u32)) {
                    p.push(eid as u32);
                }
            }
        }
        let mut fst = fst::MapBuilder::memory();
        let mut out = Postings {
            fst: Vec::new(),
            ids: HashMap::new(),
            counts: Vec::with_capacity(by_word.len()),
            postings: Vec::new(),
            lens: Vec::new(),
            count: 0,
        };
        for (i, (w, p)) in by_word.iter().enumerate() {
            fst.insert(w, i as u64).expect("sorted words");
            out.ids.insert(w.to_string(), i as u32);
            layout::write_varint(&mut out.counts, p.len() as u32);
            let mut prev = 0u32;
            for (j, &e) in p.iter().enumerate() {
                layout::write_varint(&mut out.postings, if j == 0 { e } else { e - prev });
                prev = e;
            }
            out.count += p.len();
            out.lens.push(w.chars().count().min(255) as u8);
        }
        assert!(
            out.ids.len() <= usize::from(u16::MAX) + 1,
            "more than 65535 distinct words: widen the derived entry words"
        );
        out.fst = fst.into_inner().expect("words fst");
        out
    }
}

/// ENTRIES (row-major) and REPEATED_WORDS. An entry's distinct words are in the postings; only
/// its repeats are written here, so that a reader rebuilds exactly the words it had.
fn entry_rows(
    entries: &[Entry],
    records: &[Record],
    word_ids: &HashMap<String, u32>,
    texts: &mut TextCoder,
) -> (Vec<u8>, Vec<u8>) {
    let mut rows = Vec::with_capacity(entries.len() * entry::SIZE);
    let mut repeated: Vec<u8> = Vec::new();
    let mut last_entry = 0u32;
    for (eid, e) in entries.iter().enumerate() {
        let mut row = [0u8; entry::SIZE];
        row[entry::RECORD..][..4].copy_from_slice(&e.record.to_le_bytes());
        let (to, tl) = match shown_term(e) {
            Some(t) => {
                let (o, l) = texts.put(t, 255);
                (o, l as u8)
            }
            None => (NONE, 0),
        };
        row[entry::TERM..][..4].copy_from_slice(&to.to_le_bytes());
        row[entry::TERM_LEN] = tl;
        row[entry::KIND] = e.kind;
        row[entry::WEIGHT] = e.weight.max(records.get(e.record as usize).map_or(0, |r| r.weight));
        for (i, w) in e.words.iter().enumerate() {
            if e.words[..i].contains(w) {
                layout::write_varint(&mut repeated, eid as u32 - last_entry);
                layout::write_varint(&mut repeated, word_ids[w.as_str()]);
                last_entry = eid as u32;
            }
        }
        rows.extend_from_slice(&row);
    }
    (rows, repeated)
}

/// The code index: system byte + normalised code → record (the first record of a key wins).
fn codes_fst(records: &[Record]) -> Vec<u8> {
    let mut keys: Vec<(Vec<u8>, u64)> = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let mut k = vec![r.system];
        k.extend_from_slice(text::code_key(&r.code).unwrap_or_else(|| r.code.clone()).as_bytes());
        keys.push((k, i as u64));
    }
    keys.sort();
    keys.dedup_by(|a, b| a.0 == b.0);
    let mut fst = fst::MapBuilder::memory();
    for (k, v) in &keys {
        fst.insert(k, *v).expect("sorted code keys");
    }
    fst.into_inner().expect("codes fst")
}

/// A catalog of six records in two systems (a chapter, a block and two codes of ICD-10; an
/// ICPC-2 code that crosswalks to one of them; an ICD-9-CM procedure), with Indonesian titles
/// and a vocabulary term: the web build's search module runs its search, lookup and crosswalk
/// code on it while the real catalog downloads, so that code is compiled before the first
/// answer is asked for. Its words and codes are those of the real data.
pub fn sample() -> CatalogParts {
    use layout::{entry_kind, kind, system};
    let rec = |system, kind, parent, code: &str, en: &str, id: &str| Record {
        flags: if kind == layout::kind::CODE { flag::LEAF } else { 0 },
        ..Record::titled(system, kind, parent, code, en, id)
    };
    let mut records = vec![
        rec(
            system::ICD10,
            kind::CHAPTER,
            NONE,
            "I",
            "Certain infectious and parasitic diseases",
            "Penyakit infeksi dan parasit tertentu",
        ),
        rec(
            system::ICD10,
            kind::BLOCK,
            0,
            "A90-A99",
            "Arthropod-borne viral fevers",
            "Demam virus yang ditularkan artropoda",
        ),
        rec(system::ICD10, kind::CODE, 1, "A90", "Dengue fever [classical dengue]", "Demam dengue"),
        rec(system::ICD10, kind::CODE, 1, "A91", "Dengue haemorrhagic fever", "Demam berdarah dengue"),
        rec(system::ICPC2, kind::CODE, NONE, "A03", "Fever", "Demam"),
        rec(system::ICD9CM, kind::CODE, NONE, "99.04", "Transfusion of packed cells", "Transfusi sel darah merah"),
    ];
    records[0].children = vec![1];
    records[1].children = vec![2, 3];
    records[4].crosswalk = vec![2];
    let words = |t: &str| text::words(t, 64);
    let mut entries: Vec<Entry> = Vec::new();
    for (i, r) in records.iter().enumerate() {
        for (kind, title) in [(entry_kind::TITLE_EN, &r.title_en), (entry_kind::TITLE_ID, &r.title_id)] {
            entries.push(Entry { record: i as u32, kind, weight: 0, term: None, words: words(title) });
        }
    }
    let term = "dbd";
    entries.push(Entry { record: 3, kind: entry_kind::ABBR, weight: 1, term: Some(term.into()), words: words(term) });
    write(&records, &entries, 0, &BTreeMap::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{entry_kind, kind, section, system, Row};

    fn tiny() -> (Vec<Record>, Vec<Entry>) {
        let rec =
            |code: &str, en: &str, id: &str, k: u8, parent: u32| Record::titled(system::ICD10, k, parent, code, en, id);
        let mut records = vec![
            rec("J09-J18", "Influenza and pneumonia", "Influenza dan pneumonia", kind::BLOCK, NONE),
            rec("J18", "Pneumonia, organism unspecified", "Pneumonia", kind::CODE, 0),
            rec("J18.9", "Pneumonia, unspecified", "Pneumonia, tidak spesifik", kind::CODE, 1),
        ];
        records[0].children = vec![1];
        records[1].children = vec![2];
        records[2].age_min = 28;
        let words = |t: &str| text::words(t, 8);
        let entries = vec![
            Entry {
                record: 2,
                kind: entry_kind::TITLE_EN,
                weight: 0,
                term: None,
                words: words("Pneumonia, unspecified"),
            },
            Entry {
                record: 2,
                kind: entry_kind::SYNONYM,
                weight: 3,
                term: Some("radang paru".into()),
                words: words("radang paru"),
            },
            Entry { record: 1, kind: entry_kind::TITLE_EN, weight: 0, term: None, words: words("Pneumonia organism") },
        ];
        (records, entries)
    }

    fn section(blob: &[u8], s: usize) -> &[u8] {
        let (off, len) = (layout::read_u32(blob, 8 + s * 8) as usize, layout::read_u32(blob, 12 + s * 8) as usize);
        &blob[off..off + len]
    }

    #[test]
    fn a_tiny_catalog_reads_back() {
        let (records, entries) = tiny();
        let mut counts = BTreeMap::new();
        counts.insert("icd10_codes".to_string(), 2);
        let parts = write(&records, &entries, 0xabc, &counts);
        let b = &parts.blob;
        assert_eq!(&b[..4], layout::MAGIC);
        assert_eq!(layout::read_u32(b, 4), layout::FORMAT_VERSION);
        let meta = std::str::from_utf8(section(b, section::META)).unwrap();
        assert!(meta.contains("\"data_version\":\"0000000000000abc\"") && meta.contains("\"icd10_codes\":2"), "{meta}");
        assert!(meta.contains("\"records\":3") && meta.contains("\"entries\":3"), "{meta}");
        // Records: code strings, parent, children and the extras list (age limits).
        let recs = section(b, section::RECORDS);
        let row = |id| Row::new(recs, record::SIZE, id).unwrap();
        // Codes: each keeps what it does not share with the one before.
        assert_eq!(section(b, section::STRINGS), b"\0J09-J18\xff\x0118\xff\x03.9\xff");
        // Parents: none, then each time the record before.
        assert_eq!(section(b, section::PARENTS), [layout::PARENT_NONE, 1, 1]);
        let lists = section(b, section::LISTS);
        // Only J18.9 has extras (its age limits), the first in LISTS.
        let has = |id| row(id).u16(record::FLAGS) & flag::EXTRAS != 0;
        assert_eq!((has(0), has(1), has(2)), (false, false, true));
        assert_eq!((layout::plane_u32(lists, 0), layout::plane_u32(lists, 1)), (Some(28), Some(u32::from(NO_AGE))));
        // Words: "pneumonia" is in the entries 0 and 2, in rank order (the first id, then the
        // gap); its postings follow those of the words before it, as many as their counts say.
        let words = fst::Map::new(parts.words_fst.clone()).unwrap();
        let w = words.get("pneumonia").unwrap() as usize;
        let (counts, postings) = (section(b, section::POSTING_COUNTS), section(b, section::POSTINGS));
        let (mut c, mut at) = (0, 0);
        let mut list = Vec::new();
        for _ in 0..=w {
            let n = layout::read_varint(counts, &mut c).unwrap();
            list = (0..n).map(|_| layout::read_varint(postings, &mut at).unwrap()).collect();
        }
        assert_eq!(list, [0, 2]);
        // Entries: the synonym keeps its own weight; the record's weight counts when higher.
        let e = Row::new(section(b, section::ENTRIES), entry::SIZE, 1).unwrap();
        assert_eq!((e.u32(entry::RECORD), e.u8(entry::WEIGHT), e.u8(entry::KIND)), (2, 3, entry_kind::SYNONYM));
        // Codes: by normalised key.
        let codes = fst::Map::new(parts.codes_fst).unwrap();
        let mut key = vec![system::ICD10];
        key.extend_from_slice(b"J189");
        assert_eq!(codes.get(&key), Some(2));
    }

    #[test]
    fn texts_are_token_coded_and_shared() {
        let (records, entries) = tiny();
        let mut coder = TextCoder::new(&records, &entries);
        let a = coder.put("Pneumonia, unspecified", u16::MAX as usize);
        assert_eq!(coder.put("Pneumonia, unspecified", u16::MAX as usize), a, "a complete coding is shared");
        // Too long for its room: a prefix of whole tokens.
        let (_, short) = coder.put("Pneumonia, unspecified", 1);
        assert_eq!(short, 1);
        // The most frequent tokens (the space between words) take one byte.
        assert!(coder.ids[" "] < 128);
        // Each token keeps only the bytes it does not share with the one before.
        let toks: Vec<&str> = vec!["Pneumonia", "Pneumonitis", "Pneu"];
        assert_eq!(front_coded(&toks), b"\0Pneumonia\xff\x08tis\xff\x04\xff");
        assert_eq!(by_varint_length(vec!["b", "a"]), ["a", "b"]);
        assert_eq!(json_string("a\"b"), "\"a\\\"b\"");
    }
}
