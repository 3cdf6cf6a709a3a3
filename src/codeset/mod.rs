//! Code sets loaded at run time: a facility's ICD-10-IM and ICD-9-CM-IM lists, the Indonesian
//! Modification code sets E-Klaim 5.10 uses on the iDRG track (`EKLAIM.md` §3). The lists have no
//! clear licence, so none ships: a facility hands its own export to
//! [`crate::Koder::load_code_set`]. The list is read (see [`read`]), every refused row is
//! reported with its line, and the rows are indexed in memory (an FST of codes and an FST of
//! words, built at load time), then searched together with the bundled 2010 catalog. Nothing
//! leaves the process; the sets belong to the [`crate::Koder`] that loaded them.
//!
//! Without a loaded set, IM codes are still recognised by their shape
//! ([`Catalog::im_parent`]) and reported as *probably* IM, with the 2010 parent.

mod read;

pub use read::{Encoding, MAX_CODE_SET_BYTES, MAX_CODE_SET_LINE_BYTES, MAX_CODE_SET_ROWS};

use crate::catalog::{Catalog, Code, CodeSystem, Flag};
use crate::error::Error;
use crate::search::overlay::{borrowed, FastMap, WordIndex};
use crate::search::{self, SearchOptions, SearchResult};
use crate::text;
use fst::{IntoStreamer, Streamer};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A code set that can be loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CodeSetSystem {
    /// ICD-10-IM (E-Klaim `ICD_10_2010_IM`): diagnoses.
    #[serde(rename = "icd10_im")]
    Icd10Im,
    /// ICD-9-CM-IM (E-Klaim `ICD_9CM_2010_IM`): procedures.
    #[serde(rename = "icd9cm_im")]
    Icd9cmIm,
}

impl CodeSetSystem {
    /// The API name (`icd10_im`, `icd9cm_im`).
    pub fn name(self) -> &'static str {
        match self {
            CodeSetSystem::Icd10Im => "icd10_im",
            CodeSetSystem::Icd9cmIm => "icd9cm_im",
        }
    }

    /// Parses a set name: `icd10_im`, `ICD-10-IM`, E-Klaim's `ICD_10_2010_IM`, and the same for
    /// ICD-9-CM (`icd9cm_im`, `icd9_im`, `ICD_9CM_2010_IM`).
    pub fn parse(name: &str) -> Result<CodeSetSystem, Error> {
        let key: String = name.chars().take(24).filter(char::is_ascii_alphanumeric).collect::<String>();
        match key.to_ascii_lowercase().as_str() {
            "icd10im" | "icd102010im" => Ok(CodeSetSystem::Icd10Im),
            "icd9cmim" | "icd9im" | "icd9cm2010im" => Ok(CodeSetSystem::Icd9cmIm),
            _ => Err(Error::InvalidOption { option: "system", expected: "icd10_im | icd9cm_im" }),
        }
    }

    /// The 2010 system the set modifies.
    pub fn base(self) -> CodeSystem {
        match self {
            CodeSetSystem::Icd10Im => CodeSystem::Icd10,
            CodeSetSystem::Icd9cmIm => CodeSystem::Icd9cm,
        }
    }

    /// The set that modifies a 2010 system (none for ICPC-2).
    pub fn of(base: CodeSystem) -> Option<CodeSetSystem> {
        match base {
            CodeSystem::Icd10 => Some(CodeSetSystem::Icd10Im),
            CodeSystem::Icd9cm => Some(CodeSetSystem::Icd9cmIm),
            CodeSystem::Icpc2 => None,
        }
    }

    fn label(self) -> &'static str {
        match self {
            CodeSetSystem::Icd10Im => "ICD-10-IM",
            CodeSetSystem::Icd9cmIm => "ICD-9-CM-IM",
        }
    }

    /// The set a list is for, judged from its first 200 codes (`None` when no code has either
    /// shape), for callers that were not told (the CLI's `--code-set FILE`).
    pub fn detect(bytes: &[u8]) -> Option<CodeSetSystem> {
        let cut = &bytes[..bytes.len().min(64 << 10)];
        let p = read::read(cut, CodeSetSystem::Icd10Im).ok()?;
        let icd10 = p.rows.iter().take(200).count();
        let icd9 = p.other_system_shapes;
        match (icd10, icd9) {
            (0, 0) => None,
            (a, b) if b > a => Some(CodeSetSystem::Icd9cmIm),
            _ => Some(CodeSetSystem::Icd10Im),
        }
    }
}

/// The flags a list gives a code (E-Klaim's columns; defaults when a column is absent: valid,
/// may be principal, not asterisk, IM when the 2010 catalog lacks the code or the list marks it).
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct CodeSetFlags {
    /// `validcode`: false for category headers that cannot be coded.
    pub validcode: bool,
    /// `accpdx`: false (`N`) for codes that may not be the principal diagnosis.
    pub accpdx: bool,
    /// `asterisk`: a manifestation code (never principal).
    pub asterisk: bool,
    /// `im`: an Indonesian Modification code (not in the 2010 sets INA-CBG validates against).
    pub im: bool,
}

/// A code as a loaded list has it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CodeSetEntry {
    /// The set.
    pub set: CodeSetSystem,
    /// The code as printed.
    pub code: String,
    /// The list's description.
    pub description: String,
    /// The line of the list.
    pub line: u64,
    /// The list's flags.
    #[serde(flatten)]
    pub flags: CodeSetFlags,
}

/// Where Koder's knowledge that a code is IM comes from.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ImSource {
    /// A loaded code set lists it.
    CodeSet,
    /// No set is loaded: its shape says it is probably IM (a 5th character WHO 2010 does not
    /// define, or a third ICD-9-CM decimal).
    Shape,
}

/// What Koder says of an IM code: refused by INA-CBG, and the 2010 code to use there.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ImInfo {
    /// Where this comes from (`shape` = probably IM).
    pub source: ImSource,
    /// The nearest 2010 code (the IM code's parent), e.g. `A15.1` for `A15.11`.
    pub parent: Option<String>,
    /// Its English title.
    pub parent_display: Option<String>,
    /// True when the parent may be coded as it stands on the INA-CBG track; false when one of
    /// its subcodes must be chosen.
    pub parent_specific: bool,
    /// What to do, in Indonesian.
    pub note_id: String,
    /// What to do, in English.
    pub note_en: String,
}

/// A row problem of a list; `line` is `None` for a problem of the whole file.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct RowProblem {
    /// Line of the list (1-based), or `None` for the whole file.
    pub line: Option<u64>,
    /// The code of the row, when one was read.
    pub code: Option<String>,
    /// What is wrong.
    pub kind: ProblemKind,
    /// In Indonesian.
    pub message_id: String,
    /// In English.
    pub message_en: String,
}

/// Kinds of [`RowProblem`].
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// The file itself (size, not text, empty, too many rows, too many refused rows).
    File,
    /// No code column in the header / first line.
    Header,
    /// A line longer than [`MAX_CODE_SET_LINE_BYTES`].
    TooLong,
    /// Fewer or more columns than the header (often a wrong delimiter).
    Columns,
    /// Unbalanced quotes.
    Quotes,
    /// Not a code of the set's system.
    BadCode,
    /// A range or block ("A00-A09"), skipped.
    Range,
    /// A code already listed on an earlier line.
    Duplicate,
    /// A flag value that is not 1/0 or Y/N.
    BadFlag,
}

/// What a load read and kept.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CodeSetSummary {
    /// The set.
    pub system: CodeSetSystem,
    /// The 2010 system it modifies.
    pub base_system: CodeSystem,
    /// The text encoding read.
    pub encoding: Encoding,
    /// `,` `;` `tab` or `|`.
    pub delimiter: String,
    /// True when the first line named the columns.
    pub header: bool,
    /// The columns used: role (`code`, `description`, `validcode`, `accpdx`, `asterisk`, `im`,
    /// `version`) and the header's name.
    pub columns: Vec<(String, String)>,
    /// Header names that were not used.
    pub ignored_columns: Vec<String>,
    /// Data rows read (blank and comment lines not counted).
    pub rows: usize,
    /// Codes loaded.
    pub codes: usize,
    /// Codes the 2010 catalog does not hold or the list marks IM (searchable, `im` flag).
    pub im_codes: usize,
    /// Codes with `validcode` 0.
    pub not_valid: usize,
    /// Codes with `accpdx` N.
    pub not_principal: usize,
    /// Asterisk codes.
    pub asterisk: usize,
    /// Rows refused.
    pub rejected: usize,
    /// The refused rows (at most 100), by line.
    pub problems: Vec<RowProblem>,
}

/// One code of a loaded set.
struct Row {
    code: String,
    description: String,
    line: u64,
    flags: CodeSetFlags,
    /// The record of the same code in the 2010 catalog (a code, not a block).
    in_2010: Option<u32>,
    /// For codes the catalog lacks: the nearest 2010 code.
    parent: Option<u32>,
}

impl Row {
    /// A listed code, placed against the 2010 catalog.
    fn new(cat: &Catalog, base: CodeSystem, r: read::RawRow) -> Row {
        let in_2010 = cat.find_key(base, &r.key).filter(|c| c.is_code());
        let parent = if in_2010.is_some() { None } else { parent_2010(cat, base, &r.key) };
        let like = in_2010.or(parent);
        let flags = CodeSetFlags {
            validcode: r.validcode.unwrap_or(true),
            accpdx: r.accpdx.unwrap_or(true),
            asterisk: r.asterisk.unwrap_or_else(|| like.is_some_and(|c| c.is_asterisk())),
            im: r.im.unwrap_or(r.marked_im || in_2010.is_none()),
        };
        Row {
            code: dotted(base, &r.key),
            description: r.description,
            line: r.line,
            flags,
            in_2010: in_2010.map(|c| c.id()),
            parent: parent.map(|c| c.id()),
        }
    }

    fn badge_im(&self) -> bool {
        self.flags.im || self.in_2010.is_none()
    }
}

/// A loaded code set: its rows in code order, the code FST and the word index of its IM codes.
pub struct CodeSet {
    system: CodeSetSystem,
    rows: Vec<Row>,
    /// The code FST's bytes (code key → row).
    codes: Vec<u8>,
    words: WordIndex,
    /// Row of each document of `words`.
    doc_rows: Vec<u32>,
    summary: CodeSetSummary,
}

/// The sets a [`crate::Koder`] has loaded (one per 2010 system at most; a clone shares them).
#[derive(Default, Clone)]
pub struct CodeSets {
    icd10: Option<Arc<CodeSet>>,
    icd9cm: Option<Arc<CodeSet>>,
}

/// The nearest 2010 code of a listed code the catalog lacks: the longest leading part of the code
/// that the catalog holds as a code. For the usual IM shapes this is [`Catalog::im_parent`]
/// (`A15.11` → A15.1, `88.380` → 88.38); the list also fills other slots (`S87.9` → S87,
/// `83.15` → 83.1).
pub(crate) fn parent_2010<'c>(cat: &'c Catalog, system: CodeSystem, key: &str) -> Option<Code<'c>> {
    (2..key.len()).rev().find_map(|n| cat.find_key(system, key.get(..n)?).filter(|c| c.is_code()))
}

/// The code as printed from its key: `A1511` → `A15.11`, `88380` → `88.380`.
pub(crate) fn dotted(system: CodeSystem, key: &str) -> String {
    let at = if system == CodeSystem::Icd9cm { 2 } else { 3 };
    if key.len() > at && key.is_char_boundary(at) {
        format!("{}.{}", &key[..at], &key[at..])
    } else {
        key.to_string()
    }
}

fn im_info(source: ImSource, code: &str, parent: Option<Code<'_>>) -> ImInfo {
    let specific = parent.is_some_and(|p| p.is_specific());
    let what = match source {
        ImSource::CodeSet => {
            ("adalah kode IM (iDRG) menurut daftar yang dimuat", "is an IM (iDRG) code in the loaded list")
        }
        ImSource::Shape => (
            "tampaknya kode IM (iDRG): bentuknya tidak ada di edisi 2010",
            "looks like an IM (iDRG) code: its shape is not in the 2010 edition",
        ),
    };
    let (use_id, use_en) = match parent {
        Some(p) if specific => {
            (format!("gunakan {} di jalur INA-CBG", p.code()), format!("use {} on the INA-CBG track", p.code()))
        }
        Some(p) => (
            format!("pilih subkode {} di jalur INA-CBG", p.code()),
            format!("choose a subcode of {} on the INA-CBG track", p.code()),
        ),
        None => ("cari kode 2010 yang sesuai".to_string(), "find the matching 2010 code".to_string()),
    };
    ImInfo {
        source,
        parent: parent.map(|p| p.code().to_string()),
        parent_display: parent.map(|p| p.title_en()),
        parent_specific: specific,
        note_id: format!("{code} {}; INA-CBG menolaknya (E2101 \"IM tidak berlaku\"): {use_id}.", what.0),
        note_en: format!("{code} {}; INA-CBG refuses it (E2101 \"IM tidak berlaku\"): {use_en}.", what.1),
    }
}

/// Flags shown for an IM code (as [`SearchResult::flags`]).
pub(crate) fn flag_list(flags: &CodeSetFlags) -> Vec<Flag> {
    let mut out = vec![Flag::Im, Flag::NotInacbg];
    for (on, flag) in
        [(!flags.validcode, Flag::Header), (flags.asterisk, Flag::Asterisk), (!flags.accpdx, Flag::NotPrincipal)]
    {
        if on {
            out.push(flag);
        }
    }
    out
}

impl CodeSet {
    /// Reads and indexes a list. `Err` when the file cannot be read, no code loads, or more
    /// than half of the rows are refused (likely the wrong file, system or delimiter).
    pub(crate) fn load(cat: &Catalog, bytes: &[u8], system: CodeSetSystem) -> Result<CodeSet, Error> {
        let mut parsed = read::read(bytes, system).map_err(|p| Error::InvalidCodeSet { problems: vec![p] })?;
        if parsed.rows.is_empty() || parsed.rejected * 2 > parsed.data_rows {
            return Err(Error::InvalidCodeSet { problems: refusal(&parsed, system) });
        }
        let base = system.base();
        let mut raw = std::mem::take(&mut parsed.rows);
        if !raw.windows(2).all(|w| w[0].key < w[1].key) {
            raw.sort_unstable_by(|a, b| a.key.cmp(&b.key));
        }
        let mut builder = fst::MapBuilder::memory();
        let mut rows = Vec::with_capacity(raw.len());
        for r in raw {
            // Keys are sorted and distinct (duplicates were refused while reading).
            let _ = builder.insert(&r.key, rows.len() as u64);
            rows.push(Row::new(cat, base, r));
        }
        let codes = builder.into_inner().unwrap_or_default();
        let doc_rows: Vec<u32> = (0..rows.len() as u32).filter(|&i| rows[i as usize].badge_im()).collect();
        // The Indonesian title of each parent, decoded once.
        let mut titles: FastMap<u32, Option<String>> = FastMap::default();
        for p in doc_rows.iter().filter_map(|&i| rows[i as usize].parent) {
            titles.entry(p).or_insert_with(|| cat.get(p).and_then(|c| c.title_id()));
        }
        let docs = doc_rows.iter().map(|&i| {
            let r = &rows[i as usize];
            (r.description.as_str(), r.parent.and_then(|p| Some((p, titles.get(&p)?.as_deref()?))))
        });
        let words = WordIndex::build(docs);
        let summary = summarise(&parsed, system, &rows);
        Ok(CodeSet { system, rows, codes, words, doc_rows, summary })
    }

    /// What the load read and kept.
    pub fn summary(&self) -> &CodeSetSummary {
        &self.summary
    }

    /// Distinct words of the IM codes' descriptions (index size).
    pub fn word_count(&self) -> usize {
        self.words.word_count()
    }

    fn row(&self, code: &str) -> Option<&Row> {
        let key = text::code_key(code)?;
        borrowed(&self.codes)?.get(key).and_then(|i| self.rows.get(i as usize))
    }

    /// The list's entry for a code.
    pub fn entry(&self, code: &str) -> Option<CodeSetEntry> {
        self.row(code).map(|r| self.entry_of(r))
    }

    /// Codes of the list under `code` that are valid (`validcode` 1), in code order, at most `max`.
    pub fn subcodes(&self, code: &str, max: usize) -> Vec<String> {
        let Some(key) = text::code_key(code) else { return Vec::new() };
        let aut = fst::Automaton::starts_with(fst::automaton::Str::new(&key));
        let Some(codes) = borrowed(&self.codes) else { return Vec::new() };
        let mut stream = codes.search(aut).into_stream();
        let mut out = Vec::new();
        while let Some((k, v)) = stream.next() {
            if k.len() > key.len() {
                if let Some(r) = self.rows.get(v as usize).filter(|r| r.flags.validcode) {
                    out.push(r.code.clone());
                }
            }
            if out.len() >= max {
                break;
            }
        }
        out
    }

    fn entry_of(&self, r: &Row) -> CodeSetEntry {
        CodeSetEntry {
            set: self.system,
            code: r.code.clone(),
            description: r.description.clone(),
            line: r.line,
            flags: r.flags,
        }
    }

    /// IM information for a code the list holds and the 2010 catalog lacks (or the list marks).
    fn im(&self, cat: &Catalog, r: &Row) -> Option<ImInfo> {
        r.badge_im().then(|| im_info(ImSource::CodeSet, &r.code, r.parent.and_then(|p| cat.get(p))))
    }

    fn result(&self, cat: &Catalog, r: &Row, score: f32, matched: Vec<String>, code_match: bool) -> SearchResult {
        let base = self.system.base();
        SearchResult {
            system: base,
            code: r.code.clone(),
            display: r.description.clone(),
            display_id: None,
            fhir_system: base.fhir_uri().to_string(),
            leaf: r.flags.validcode,
            flags: flag_list(&r.flags),
            score: (score * 1000.0).round() / 1000.0,
            matched,
            matched_term: None,
            code_match,
            im: self.im(cat, r),
        }
    }

    /// True when an IM row passes the search options (its 2010 parent decides the chapter and
    /// block).
    fn accepts(&self, cat: &Catalog, r: &Row, o: &SearchOptions) -> bool {
        if o.leaf_only && !r.flags.validcode {
            return false;
        }
        let parent = r.parent.and_then(|p| cat.get(p));
        let chapter_ok = o.chapter.as_deref().is_none_or(|ch| {
            let want = search::normalise_chapter(ch);
            parent.and_then(|p| p.chapter()).is_some_and(|c| c.code() == want)
        });
        let block_ok =
            o.block.as_deref().is_none_or(|b| parent.and_then(|p| p.block()).is_some_and(|x| x.code() == b.trim()));
        chapter_ok && block_ok
    }

    /// IM codes of the list that match `query`: the code by prefix, the description by words.
    fn search(&self, cat: &Catalog, query: &str, o: &SearchOptions, out: &mut Vec<SearchResult>) {
        if o.system.is_some_and(|s| s != self.system.base()) {
            return;
        }
        if let Some(key) = text::code_key(query.trim()).filter(|k| code_prefix_shape(self.system, k)) {
            let aut = fst::Automaton::starts_with(fst::automaton::Str::new(&key));
            let Some(codes) = borrowed(&self.codes) else { return };
            let mut stream = codes.search(aut).into_stream();
            let mut i = 0usize;
            while let Some((k, v)) = stream.next() {
                let Some(r) = self.rows.get(v as usize).filter(|r| r.badge_im() && self.accepts(cat, r, o)) else {
                    continue;
                };
                let extra = k.len().saturating_sub(key.len());
                let score = if extra == 0 { 3.0 } else { 2.5 - 0.1 * extra as f32 - 0.0005 * i as f32 };
                out.push(self.result(cat, r, score, Vec::new(), true));
                i += 1;
                if i >= o.limit {
                    break;
                }
            }
        }
        let accept = |d: u32| self.doc_row(d).is_some_and(|r| self.accepts(cat, r, o));
        let filtered = o.leaf_only || o.chapter.is_some() || o.block.is_some();
        let text = |d: u32| self.doc_row(d).map(|r| r.description.clone()).unwrap_or_default();
        let accept: Option<&dyn Fn(u32) -> bool> = if filtered { Some(&accept) } else { None };
        for h in self.words.search(query, o.limit, accept, &text) {
            if let Some(r) = self.doc_row(h.doc) {
                let score = h.score + if r.flags.validcode { 0.03 } else { 0.0 } - 0.004 * r.code.len() as f32;
                out.push(self.result(cat, r, score, h.matched, false));
            }
        }
    }

    fn doc_row(&self, d: u32) -> Option<&Row> {
        self.doc_rows.get(d as usize).and_then(|&i| self.rows.get(i as usize))
    }
}

/// True when a query key may start a code of the set (a code being typed).
fn code_prefix_shape(system: CodeSetSystem, key: &str) -> bool {
    let b = key.as_bytes();
    match system {
        CodeSetSystem::Icd10Im => b.len() >= 3 && read::has_shape(system, key),
        CodeSetSystem::Icd9cmIm => b.len() >= 2 && b.len() <= 5 && b.iter().all(u8::is_ascii_digit),
    }
}

fn summarise(p: &read::Parsed, system: CodeSetSystem, rows: &[Row]) -> CodeSetSummary {
    let count = |f: &dyn Fn(&Row) -> bool| rows.iter().filter(|r| f(r)).count();
    CodeSetSummary {
        system,
        base_system: system.base(),
        encoding: p.encoding,
        delimiter: read::delimiter_label(p.layout.delimiter).to_string(),
        header: p.layout.header,
        columns: p.layout.columns.iter().map(|(r, _, n)| (r.name().to_string(), n.clone())).collect(),
        ignored_columns: p.layout.ignored.clone(),
        rows: p.data_rows,
        codes: rows.len(),
        im_codes: count(&|r| r.badge_im()),
        not_valid: count(&|r| !r.flags.validcode),
        not_principal: count(&|r| !r.flags.accpdx),
        asterisk: count(&|r| r.flags.asterisk),
        rejected: p.rejected,
        problems: p.problems.clone(),
    }
}

/// The problems of a list that cannot be used: a file-level reason first, then the first rows.
fn refusal(p: &read::Parsed, system: CodeSetSystem) -> Vec<RowProblem> {
    let hint = if p.other_system_shapes * 2 > p.rejected {
        let other = if system == CodeSetSystem::Icd10Im { "icd9cm_im" } else { "icd10_im" };
        (
            format!("; kodenya tampak seperti {other}: muat dengan sistem {other}"),
            format!("; its codes look like {other}: load it as {other}"),
        )
    } else {
        (String::new(), String::new())
    };
    let mut out = vec![RowProblem {
        line: None,
        code: None,
        kind: ProblemKind::File,
        message_id: format!("{} dari {} baris data ditolak{}", p.rejected, p.data_rows, hint.0),
        message_en: format!("{} of {} data rows refused{}", p.rejected, p.data_rows, hint.1),
    }];
    out.extend(p.problems.iter().take(20).cloned());
    out
}

/// No loaded set: IM codes are known by their shape only.
pub static NO_CODE_SETS: CodeSets = CodeSets { icd10: None, icd9cm: None };

impl CodeSets {
    /// The 2010 code an IM code refines: from the loaded set of its system (which then decides
    /// what is IM, `83.15` → 83.1), else from its shape ([`Catalog::im_parent`], `88.380` →
    /// 88.38). `None` for a code that is not IM. Shared by the checks and the grouper.
    pub fn im_parent<'c>(&self, cat: &'c Catalog, system: CodeSystem, typed: &str) -> Option<Code<'c>> {
        if self.for_base(system).is_none() {
            return cat.im_parent(system, typed);
        }
        let info = self.im_info(cat, system, typed)?;
        cat.find(system, info.parent.as_deref()?)
    }

    fn slot(&self, system: CodeSetSystem) -> &Option<Arc<CodeSet>> {
        match system {
            CodeSetSystem::Icd10Im => &self.icd10,
            CodeSetSystem::Icd9cmIm => &self.icd9cm,
        }
    }

    /// The loaded set of a system.
    pub fn get(&self, system: CodeSetSystem) -> Option<&CodeSet> {
        self.slot(system).as_deref()
    }

    /// The loaded set that modifies a 2010 system.
    pub fn for_base(&self, base: CodeSystem) -> Option<&CodeSet> {
        CodeSetSystem::of(base).and_then(|s| self.get(s))
    }

    /// Puts a set in place of the one of its system.
    pub(crate) fn insert(&mut self, set: CodeSet) {
        match set.system {
            CodeSetSystem::Icd10Im => self.icd10 = Some(Arc::new(set)),
            CodeSetSystem::Icd9cmIm => self.icd9cm = Some(Arc::new(set)),
        }
    }

    /// Drops the set of a system; true when one was loaded.
    pub(crate) fn remove(&mut self, system: CodeSetSystem) -> bool {
        match system {
            CodeSetSystem::Icd10Im => self.icd10.take().is_some(),
            CodeSetSystem::Icd9cmIm => self.icd9cm.take().is_some(),
        }
    }

    /// Summaries of the loaded sets.
    pub fn summaries(&self) -> Vec<CodeSetSummary> {
        [&self.icd10, &self.icd9cm].into_iter().flatten().map(|s| s.summary.clone()).collect()
    }

    /// IM information for a code the 2010 catalog lacks: from the loaded set of its system, or,
    /// when none is loaded, from its shape (probably IM).
    pub fn im_info(&self, cat: &Catalog, system: CodeSystem, code: &str) -> Option<ImInfo> {
        match self.for_base(system) {
            Some(set) => set.row(code).and_then(|r| set.im(cat, r)),
            None => {
                let parent = cat.im_parent(system, code)?;
                let key = text::code_key(code)?;
                Some(im_info(ImSource::Shape, &dotted(system, &key), Some(parent)))
            }
        }
    }

    /// Adds the IM codes that match `query` to the results of the 2010 catalog, in score order,
    /// at most `options.limit` in all. Without loaded sets, a code-like query with an IM shape
    /// gives the probable IM code and its parent. Leaves `results` as they are when nothing is
    /// added.
    pub(crate) fn extend_search(
        &self,
        cat: &Catalog,
        query: &str,
        options: &SearchOptions,
        results: &mut Vec<SearchResult>,
    ) {
        let mut extra = Vec::new();
        for base in [CodeSystem::Icd10, CodeSystem::Icd9cm] {
            if options.system.is_some_and(|s| s != base) {
                continue;
            }
            match self.for_base(base) {
                Some(set) => set.search(cat, query, options, &mut extra),
                None => probable(cat, base, query, &mut extra),
            }
        }
        if extra.is_empty() {
            return;
        }
        results.append(&mut extra);
        crate::search::order::sort_small_stable(results, |a, b| b.score.total_cmp(&a.score));
        let mut seen: Vec<(CodeSystem, String)> = Vec::new();
        results.retain(|r| {
            let k = (r.system, r.code.clone());
            !seen.contains(&k) && {
                seen.push(k);
                true
            }
        });
        results.truncate(options.limit);
    }
}

/// The search result of a code typed with an IM shape while no set is loaded, and its parent.
fn probable(cat: &Catalog, system: CodeSystem, query: &str, out: &mut Vec<SearchResult>) {
    let Some(key) = text::code_key(query.trim()) else { return };
    let Some(parent) = cat.im_parent(system, &key) else { return };
    let code = dotted(system, &key);
    let title_id = parent.title_id().unwrap_or_else(|| parent.title_en());
    out.push(SearchResult {
        system,
        code: code.clone(),
        display: format!("Probably an IM code (iDRG), under {} {}", parent.code(), parent.title_en()),
        display_id: Some(format!("Kemungkinan kode IM (iDRG), di bawah {} {}", parent.code(), title_id)),
        fhir_system: system.fhir_uri().to_string(),
        leaf: true,
        flags: vec![Flag::Im, Flag::NotInacbg],
        score: 3.0,
        matched: Vec::new(),
        matched_term: None,
        code_match: true,
        im: Some(im_info(ImSource::Shape, &code, Some(parent))),
    });
    out.extend(search::record_result(cat, parent.id(), 2.9));
}
