//! The code catalogs (ICD-10 2010, ICD-9-CM procedures, ICPC-2), read in place from the bytes
//! that `build.rs` embedded: opening the catalog checks a header, wraps two FSTs and adds up
//! the small tables the layout leaves out of the download (`Tables`); the records, titles
//! and postings are read in place.

#[allow(dead_code)]
pub(crate) use koder_format::layout;

use crate::error::Error;
use crate::text;
use fst::{IntoStreamer, Streamer};
use layout::{flag, read_u32, NO_AGE};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

mod entry_words;
mod front;
mod hierarchy;
mod spans;
mod words;
pub(crate) use entry_words::EntryWords;
use spans::{RecordSpans, Span};
pub(crate) use words::WordTable;

#[cfg(feature = "embedded-catalog")]
static CATALOG_BIN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/catalog.bin"));
#[cfg(feature = "embedded-catalog")]
static WORDS_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/words.fst"));
#[cfg(feature = "embedded-catalog")]
static CODES_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/codes.fst"));
/// The id (`koder_format::bundle::id`, 16 hex digits) of the catalog this build was made with:
/// a bundle of another build is refused.
const CATALOG_ID: &str = env!("KODER_CATALOG_ID");
/// The six-record sample catalog (`koder_format::writer::sample`) as a bundle (the wasm
/// facade's warm-up).
#[cfg(any(test, target_arch = "wasm32"))]
static SAMPLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/sample_catalog.bin"));

/// This process's catalog, opened once: the embedded one, or the installed bundle.
static SHARED: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
/// The bytes of the installed bundle, kept for the life of the process (the catalog reads them
/// in place). Set at most once, so a failed install cannot pile up copies.
static INSTALLED: std::sync::OnceLock<Box<[u8]>> = std::sync::OnceLock::new();

/// Deepest hierarchy walked (chapter → block → category → subcategory → 5th character is 5).
const MAX_DEPTH: usize = 16;

/// A code system Koder knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CodeSystem {
    /// ICD-10, WHO 2010 edition as accepted by INA-CBG / E-Klaim (diagnoses).
    Icd10,
    /// ICD-9-CM volume 3, 2010 (procedures).
    Icd9cm,
    /// ICPC-2 (primary care reasons for encounter and diagnoses).
    Icpc2,
}

impl CodeSystem {
    /// All systems, in display order.
    pub const ALL: [CodeSystem; 3] = [CodeSystem::Icd10, CodeSystem::Icd9cm, CodeSystem::Icpc2];

    /// The short name used in the API (`icd10`, `icd9cm`, `icpc2`).
    pub fn name(self) -> &'static str {
        match self {
            CodeSystem::Icd10 => "icd10",
            CodeSystem::Icd9cm => "icd9cm",
            CodeSystem::Icpc2 => "icpc2",
        }
    }

    /// The FHIR `system` URI of this code system.
    pub fn fhir_uri(self) -> &'static str {
        match self {
            CodeSystem::Icd10 => "http://hl7.org/fhir/sid/icd-10",
            CodeSystem::Icd9cm => "http://hl7.org/fhir/sid/icd-9-cm",
            CodeSystem::Icpc2 => "http://hl7.org/fhir/sid/icpc-2",
        }
    }

    /// Parses a system name; accepts common spellings ("ICD-10", "icd9", "ICPC2").
    pub fn parse(name: &str) -> Result<CodeSystem, Error> {
        let key: String =
            name.chars().take(16).filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect();
        match key.as_str() {
            "icd10" => Ok(CodeSystem::Icd10),
            "icd9cm" | "icd9" => Ok(CodeSystem::Icd9cm),
            "icpc2" | "icpc" => Ok(CodeSystem::Icpc2),
            _ => Err(Error::UnknownSystem(name.chars().take(40).collect())),
        }
    }

    fn byte(self) -> u8 {
        match self {
            CodeSystem::Icd10 => layout::system::ICD10,
            CodeSystem::Icd9cm => layout::system::ICD9CM,
            CodeSystem::Icpc2 => layout::system::ICPC2,
        }
    }

    fn from_byte(b: u8) -> CodeSystem {
        match b {
            layout::system::ICD9CM => CodeSystem::Icd9cm,
            layout::system::ICPC2 => CodeSystem::Icpc2,
            _ => CodeSystem::Icd10,
        }
    }
}

impl fmt::Display for CodeSystem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Patient sex.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sex {
    /// Laki-laki.
    #[serde(rename = "M")]
    Male,
    /// Perempuan.
    #[serde(rename = "F")]
    Female,
}

impl Sex {
    /// Indonesian label.
    pub fn label_id(self) -> &'static str {
        match self {
            Sex::Male => "laki-laki",
            Sex::Female => "perempuan",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }
}

/// The kind of a catalog record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordKind {
    /// A code that can be entered in a form.
    Code,
    /// An ICD-10 block ("J09-J18").
    Block,
    /// A chapter (ICD-10 "X", ICPC-2 "R").
    Chapter,
}

impl RecordKind {
    /// Every kind, in the order of the API's documentation.
    pub const ALL: [RecordKind; 3] = [RecordKind::Code, RecordKind::Block, RecordKind::Chapter];

    /// The name used in the API (`code`, `block`, `chapter`).
    pub fn name(self) -> &'static str {
        match self {
            RecordKind::Code => "code",
            RecordKind::Block => "block",
            RecordKind::Chapter => "chapter",
        }
    }
}

/// A display flag of a code (search results, lookups).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// A code with subdivisions: not specific enough for a claim.
    Header,
    /// An ICD-10 asterisk (manifestation) code.
    Asterisk,
    /// An ICD-10 dagger (etiology) code.
    Dagger,
    /// A code INA-CBG (ICD-10 2010) does not accept.
    NotInacbg,
    /// For female patients only.
    FemaleOnly,
    /// For male patients only.
    MaleOnly,
    /// Limited to an age range.
    AgeLimited,
    /// An ICPC-2 process code.
    Process,
    /// An Indonesian Modification (iDRG) code.
    Im,
    /// Not to be used as the principal diagnosis (a loaded code set's `accpdx`).
    NotPrincipal,
}

impl Flag {
    /// Every flag, in the order of the API's documentation.
    pub const ALL: [Flag; 10] = [
        Flag::Header,
        Flag::Asterisk,
        Flag::Dagger,
        Flag::NotInacbg,
        Flag::FemaleOnly,
        Flag::MaleOnly,
        Flag::AgeLimited,
        Flag::Process,
        Flag::Im,
        Flag::NotPrincipal,
    ];

    /// The name used in the API (`not_inacbg`, `female_only`, …).
    pub fn name(self) -> &'static str {
        match self {
            Flag::Header => "header",
            Flag::Asterisk => "asterisk",
            Flag::Dagger => "dagger",
            Flag::NotInacbg => "not_inacbg",
            Flag::FemaleOnly => "female_only",
            Flag::MaleOnly => "male_only",
            Flag::AgeLimited => "age_limited",
            Flag::Process => "process",
            Flag::Im => "im",
            Flag::NotPrincipal => "not_principal",
        }
    }
}

/// The catalogs of all code systems, read in place from their bytes: the ones embedded in this
/// build (`Catalog::embedded`, the default storage) or any others of the same layout
/// ([`Catalog::from_bytes`]: a catalog fetched apart from the module, or a test's own).
#[derive(Clone)]
pub struct Catalog<D = &'static [u8]> {
    blob: D,
    sections: [(usize, usize); layout::SECTION_COUNT],
    codes: fst::Map<D>,
    pub(crate) words: fst::Map<D>,
    /// The tables added up when the catalog opened.
    pub(crate) tables: Arc<Tables>,
}

/// What a catalog adds up for itself when it opens, from what the layout stores.
#[derive(Debug)]
pub(crate) struct Tables {
    /// Where each word's postings start.
    pub(crate) words: WordTable,
    /// Every search entry's words, rebuilt from the postings.
    pub(crate) entry_words: EntryWords,
    /// The tokens of the titles and terms, by token id.
    tokens: front::FrontCoded,
    /// The code of each record.
    codes: front::FrontCoded,
    /// Where each record's titles and extras start.
    spans: RecordSpans,
    /// Each record's parent and children.
    hierarchy: hierarchy::Hierarchy,
}

/// A record of the catalog: a code, a block or a chapter.
pub struct Code<'a, D = &'static [u8]> {
    cat: &'a Catalog<D>,
    id: u32,
    row: layout::Row<'a>,
}

impl<D> Clone for Code<'_, D> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<D> Copy for Code<'_, D> {}

impl Catalog {
    /// The catalog of this build: the embedded one (opened on the first call), or in a build
    /// without it (the web modules) the bundle given to [`Catalog::install_bundle`]
    /// (`not_ready` before that). The derived tables are added up once per process;
    /// every later call shares them.
    pub fn embedded() -> Result<Catalog, Error> {
        if let Some(c) = SHARED.get() {
            return Ok(c.clone());
        }
        Catalog::open_embedded()
    }

    #[cfg(feature = "embedded-catalog")]
    fn open_embedded() -> Result<Catalog, Error> {
        // The build wrote and checked these bytes: their checksums need no second pass at start-up.
        let c = Catalog::open(CATALOG_BIN, WORDS_FST, CODES_FST, false)?;
        Ok(SHARED.get_or_init(|| c).clone())
    }

    #[cfg(not(feature = "embedded-catalog"))]
    fn open_embedded() -> Result<Catalog, Error> {
        Err(Error::CatalogNotLoaded)
    }

    /// Makes a catalog bundle (`koder_catalog.bin`, written by this build) this process's
    /// catalog, which [`Catalog::embedded`] returns from then on; its bytes are kept for the life
    /// of the process. Once a catalog is in place, a bundle of this build returns it again.
    /// Refused, with nothing kept: a bundle [`Catalog::from_bundle`] refuses (another build, any
    /// damaged byte), so a good bundle can follow a bad one.
    pub fn install_bundle(bytes: Vec<u8>) -> Result<Catalog, Error> {
        bundle_of_this_build(&bytes)?;
        if let Some(c) = SHARED.get() {
            return Ok(c.clone());
        }
        if INSTALLED.set(bytes.into_boxed_slice()).is_err() {
            // Only a build fault gets here: sound bytes of this build that did not open.
            return Err(Error::DataCorruption("catalog bundle".into()));
        }
        let kept: &'static [u8] = INSTALLED.get().map(|b| &**b).unwrap_or_default();
        // The bytes were checked above; only their header is read again (no second hash).
        let c = Catalog::open_checked_bundle(kept)?;
        Ok(SHARED.get_or_init(|| c).clone())
    }

    /// The six-record sample catalog the build writes (`koder_format::writer::sample`): the web
    /// build's modules run their search code on it while the real catalog downloads. It is never
    /// the process's catalog.
    #[cfg(any(test, target_arch = "wasm32"))]
    pub(crate) fn sample() -> Result<Catalog, Error> {
        Catalog::open_checked_bundle(SAMPLE)
    }

    /// Runs the refusals of [`Catalog::install_bundle`] once (an empty input; a header naming
    /// this build over no parts, whose hash then does not match), so that the web build's
    /// modules compile the install's code while the bundle still downloads: a browser compiles
    /// a function on its first call, and a compile during the open can wait for the optimised
    /// code it is building meanwhile (traced: up to 6 ms). Nothing is kept; once a catalog is
    /// in place it does nothing.
    #[cfg(target_arch = "wasm32")]
    pub(crate) fn warm_install() {
        if SHARED.get().is_some() {
            return;
        }
        let _ = Catalog::install_bundle(Vec::new());
        let mut header = koder_format::bundle::write(&[], &[], &[]);
        let own = u64::from_str_radix(CATALOG_ID, 16).ok();
        // Only a header whose hash cannot match: that of no parts is not this build's id.
        if let Some(id) = own.filter(|&id| id != koder_format::bundle::id(&[], &[], &[])) {
            header[8..16].copy_from_slice(&id.to_le_bytes());
            let _ = Catalog::install_bundle(header);
        }
    }

    /// Opens a bundle whose bytes need no hash or checksum pass (checked already, or written by
    /// this build): its header and sections are still checked, as any catalog's.
    fn open_checked_bundle(bytes: &'static [u8]) -> Result<Catalog, Error> {
        let b = koder_format::bundle::read(bytes).map_err(|e| Error::DataCorruption(e.to_string()))?;
        let part =
            |r: std::ops::Range<usize>| bytes.get(r).ok_or_else(|| Error::DataCorruption("catalog bundle".into()));
        Catalog::open(part(b.blob)?, part(b.words)?, part(b.codes)?, false)
    }
}

impl<'a> Catalog<&'a [u8]> {
    /// Opens a catalog bundle (`koder_catalog.bin`): refused when it was written by another
    /// build or when any byte of it is damaged (its id is a hash of every byte, checked here),
    /// then opened like the embedded catalog.
    pub fn from_bundle(bytes: &'a [u8]) -> Result<Catalog<&'a [u8]>, Error> {
        let [blob, words, codes] = bundle_of_this_build(bytes)?;
        // The hash covered every byte: the FST checksums need no second pass.
        Catalog::open(blob, words, codes, false)
    }
}

/// The three parts of a bundle, when its header is sound, it was written by this build and its
/// bytes still hash to its id.
fn bundle_of_this_build(bytes: &[u8]) -> Result<[&[u8]; 3], Error> {
    let corrupt = |what: &str| Error::DataCorruption(what.to_string());
    let b = koder_format::bundle::read(bytes).map_err(|e| Error::DataCorruption(e.to_string()))?;
    if format!("{:016x}", b.id) != CATALOG_ID {
        return Err(corrupt("catalog bundle of another Koder build"));
    }
    let part = |r: std::ops::Range<usize>| bytes.get(r).ok_or_else(|| corrupt("catalog bundle"));
    let parts = [part(b.blob)?, part(b.words)?, part(b.codes)?];
    if koder_format::bundle::id(parts[0], parts[1], parts[2]) != b.id {
        return Err(corrupt("catalog bundle damaged"));
    }
    Ok(parts)
}

impl Tables {
    /// Adds up the tables from the sections (`part` gives one) and the words index.
    fn derive<'b, D: AsRef<[u8]>>(part: &impl Fn(usize) -> &'b [u8], words: &fst::Map<D>) -> Result<Tables, Error> {
        use layout::section;
        if part(section::WORD_LENS).len() != words.len() {
            return Err(Error::DataCorruption("catalog words".into()));
        }
        let entries = part(section::ENTRIES).len() / layout::entry::SIZE;
        let (counts, repeated) = (part(section::POSTING_COUNTS), part(section::REPEATED_WORDS));
        let (entry_words, word_table) =
            EntryWords::derive(entries, words.len(), counts, part(section::POSTINGS), repeated)?;
        let records = part(section::RECORDS);
        let n = records.len() / layout::record::SIZE;
        let spans = RecordSpans::derive(records, part(section::TEXTS).len(), part(section::LISTS))?;
        let hierarchy = hierarchy::Hierarchy::derive(part(section::PARENTS), n)?;
        let tokens = front::FrontCoded::decode(part(section::TOKENS), "catalog tokens")?;
        let codes = front::FrontCoded::decode(part(section::STRINGS), "catalog codes")?;
        if codes.len() != n {
            return Err(Error::DataCorruption("catalog codes".into()));
        }
        Ok(Tables { words: word_table, entry_words, tokens, codes, spans, hierarchy })
    }
}

impl<D: AsRef<[u8]>> Catalog<D> {
    /// Opens a catalog from its three parts as `build.rs` writes them (`catalog.bin`,
    /// `words.fst`, `codes.fst`): checks the header, the format version and the section table
    /// and wraps the two FSTs, then derives the tables the layout leaves out (each entry's
    /// words, where each word's postings start, the codes and tokens, the parents and children,
    /// where each record's titles and extras start); the rest is read in place. Damaged bytes
    /// are a `data_corruption` error, never a panic later.
    pub fn from_bytes(blob: D, words: D, codes: D) -> Result<Catalog<D>, Error> {
        Catalog::open(blob, words, codes, true)
    }

    fn open(blob: D, words: D, codes: D, verify: bool) -> Result<Catalog<D>, Error> {
        let corrupt = |what: &str| Error::DataCorruption(what.to_string());
        let b = blob.as_ref();
        if b.len() < layout::HEADER_SIZE || &b[..4] != layout::MAGIC {
            return Err(corrupt("catalog header"));
        }
        if read_u32(b, 4) != layout::FORMAT_VERSION {
            return Err(corrupt("catalog format version"));
        }
        let mut sections = [(0usize, 0usize); layout::SECTION_COUNT];
        for (i, s) in sections.iter_mut().enumerate() {
            let off = read_u32(b, 8 + i * 8) as usize;
            let len = read_u32(b, 12 + i * 8) as usize;
            if off.checked_add(len).is_none_or(|end| end > b.len()) {
                return Err(corrupt("catalog section table"));
            }
            *s = (off, len);
        }
        // The checksum: a damaged body would otherwise pass `Map::new` and fail inside a lookup.
        let sound = |m: &fst::Map<D>| !verify || m.as_fst().verify().is_ok();
        let words = fst::Map::new(words).ok().filter(sound).ok_or_else(|| corrupt("words index"))?;
        let codes = fst::Map::new(codes).ok().filter(sound).ok_or_else(|| corrupt("codes index"))?;
        let part = |s: usize| &b[sections[s].0..sections[s].0 + sections[s].1];
        let tables = Arc::new(Tables::derive(&part, &words)?);
        Ok(Catalog { blob, sections, codes, words, tables })
    }

    #[inline]
    pub(crate) fn section(&self, s: usize) -> &[u8] {
        let (off, len) = self.sections[s];
        &self.blob.as_ref()[off..off + len]
    }

    /// Number of records (codes, blocks and chapters of all systems).
    pub fn len(&self) -> usize {
        self.section(layout::section::RECORDS).len() / layout::record::SIZE
    }

    /// True when the catalog holds no record.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The build's metadata (data version and counts) as JSON text.
    pub fn meta_json(&self) -> &str {
        std::str::from_utf8(self.section(layout::section::META)).unwrap_or("{}")
    }

    /// The record with this id. Ids come from the catalog itself; out-of-range ids give `None`.
    pub fn get(&self, id: u32) -> Option<Code<'_, D>> {
        let row = layout::Row::new(self.section(layout::section::RECORDS), layout::record::SIZE, id as usize)?;
        Some(Code { cat: self, id, row })
    }

    /// Finds a code as typed (case, dots, dagger/asterisk marks ignored). ICPC-2 process codes
    /// may be written with a chapter letter ("K30" is "-30" in chapter K).
    pub fn find(&self, system: CodeSystem, code: &str) -> Option<Code<'_, D>> {
        let key = text::code_key(code)?;
        if let Some(c) = self.find_key(system, &key) {
            return Some(c);
        }
        if system == CodeSystem::Icpc2 {
            let b = key.as_bytes();
            if b.len() == 3 && b[0].is_ascii_uppercase() && (b"3456".contains(&b[1])) && b[2].is_ascii_digit() {
                let k = [system.byte(), b'-', b[1], b[2]];
                return self.codes.get(k).and_then(|id| self.get(id as u32));
            }
        }
        None
    }

    /// The record of a normalised code key (as [`text::code_key`] gives it), without allocating.
    pub(crate) fn find_key(&self, system: CodeSystem, key: &str) -> Option<Code<'_, D>> {
        let mut k = [0u8; 24];
        let b = key.as_bytes();
        let buf = k.get_mut(..b.len() + 1)?;
        buf[0] = system.byte();
        buf[1..].copy_from_slice(b);
        self.codes.get(buf).and_then(|id| self.get(id as u32))
    }

    /// For a code of the Indonesian Modification sets (ICD-10-IM, ICD-9-CM-IM, E-Klaim 5.10)
    /// that this 2010 catalog does not hold, the 2010 code it refines: ICD-9-CM-IM adds a third
    /// decimal (`88.380` → 88.38), ICD-10-IM a 5th character WHO 2010 does not define
    /// (`A15.11` → A15.1). `None` when the code is in the catalog or not of that shape. Only the
    /// shape is known here: no IM list ships (`EKLAIM.md` §3).
    pub fn im_parent(&self, system: CodeSystem, code: &str) -> Option<Code<'_, D>> {
        let key = text::code_key(code)?;
        let b = key.as_bytes();
        let shaped = match system {
            CodeSystem::Icd9cm => b.len() == 5 && b.iter().all(u8::is_ascii_digit),
            CodeSystem::Icd10 => b.len() == 5 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_digit),
            CodeSystem::Icpc2 => false,
        };
        if !shaped || self.find(system, &key).is_some() {
            return None;
        }
        self.find(system, &key[..4]).filter(|c| c.is_code())
    }

    /// Codes whose key starts with `key_prefix` (a normalised code key), in code order, at most
    /// `max` of them, for every system or one.
    pub(crate) fn codes_with_prefix(&self, system: Option<CodeSystem>, key_prefix: &str, max: usize) -> Vec<u32> {
        let mut out = Vec::new();
        for sys in CodeSystem::ALL {
            if system.is_some_and(|s| s != sys) {
                continue;
            }
            let mut k = vec![sys.byte()];
            k.extend_from_slice(key_prefix.as_bytes());
            let aut = fst::automaton::Str::new(std::str::from_utf8(&k).unwrap_or(""));
            let aut = fst::Automaton::starts_with(aut);
            let mut stream = self.codes.search(aut).into_stream();
            while let Some((_, v)) = stream.next() {
                if out.len() >= max {
                    return out;
                }
                out.push(v as u32);
            }
        }
        out
    }

    /// Every record of a system, in code order.
    pub fn codes(&self, system: CodeSystem) -> impl Iterator<Item = Code<'_, D>> + '_ {
        let start = [system.byte()];
        let end = [system.byte() + 1];
        let mut stream = self.codes.range().ge(start).lt(end).into_stream();
        let mut ids = Vec::new();
        while let Some((_, v)) = stream.next() {
            ids.push(v as u32);
        }
        ids.into_iter().filter_map(move |id| self.get(id))
    }

    /// Decodes the token-coded text at `off` (`len` coded bytes) of the TEXTS section.
    pub(crate) fn text_at(&self, off: u32, len: usize) -> String {
        let texts = self.section(layout::section::TEXTS);
        let (mut at, end) = (off as usize, (off as usize).saturating_add(len).min(texts.len()));
        let mut out = String::with_capacity(end.saturating_sub(at).saturating_mul(4));
        while at < end {
            let Some(id) = layout::read_varint(&texts[..end], &mut at) else { break };
            let Some(tok) = self.tables.tokens.get(id) else { break };
            out.push_str(tok);
        }
        out
    }

    /// The u32 at index `i` of LISTS.
    fn list_value(&self, i: u32) -> Option<u32> {
        layout::plane_u32(self.section(layout::section::LISTS), i as usize)
    }

    fn list_at(&self, off: u32, count: u16) -> impl Iterator<Item = u32> + '_ {
        let l = self.section(layout::section::LISTS);
        (0..count as usize).filter_map(move |i| layout::plane_u32(l, (off as usize).checked_add(i)?))
    }
}

impl<'a, D: AsRef<[u8]>> Code<'a, D> {
    /// The record id inside the catalog.
    pub fn id(&self) -> u32 {
        self.id
    }

    /// The code system.
    pub fn system(&self) -> CodeSystem {
        CodeSystem::from_byte(self.row.u8(layout::record::SYSTEM))
    }

    /// The code as printed ("A91", "74.1", "K86", "I10-I15" for a block, "IX" for a chapter).
    pub fn code(&self) -> &'a str {
        self.cat.tables.codes.get(self.id).unwrap_or("")
    }

    /// Length of the code in bytes (as [`Code::code`], without reading the string).
    pub fn code_len(&self) -> usize {
        self.code().len()
    }

    /// The English title.
    pub fn title_en(&self) -> String {
        self.text(Span::TitleEn, layout::record::TITLE_EN_LEN)
    }

    /// The Indonesian title, when the vocabulary has one.
    pub fn title_id(&self) -> Option<String> {
        Some(self.text(Span::TitleId, layout::record::TITLE_ID_LEN)).filter(|s| !s.is_empty())
    }

    fn text(&self, span: Span, len_at: usize) -> String {
        self.cat.text_at(self.cat.tables.spans.start(self.id, &self.row, span), usize::from(self.row.u16(len_at)))
    }

    fn flags(&self) -> u16 {
        self.row.u16(layout::record::FLAGS)
    }

    /// True for codes that can be entered in a form (not a chapter or block).
    pub fn is_code(&self) -> bool {
        self.row.u8(layout::record::KIND) == layout::kind::CODE
    }

    /// The record kind: chapter, block or code.
    pub fn kind(&self) -> RecordKind {
        match self.row.u8(layout::record::KIND) {
            layout::kind::CHAPTER => RecordKind::Chapter,
            layout::kind::BLOCK => RecordKind::Block,
            _ => RecordKind::Code,
        }
    }

    /// True for the most specific codes (no children).
    pub fn is_leaf(&self) -> bool {
        self.flags() & flag::LEAF != 0
    }

    /// True for a 4-character ICD-10 code whose only subdivisions are the optional 5th
    /// characters (S72.0 fracture of neck of femur, M00.0): valid in E-Klaim as it stands.
    pub fn has_optional_fifth(&self) -> bool {
        self.flags() & flag::OPTIONAL_FIFTH != 0
    }

    /// True when E-Klaim accepts the code in a claim as it stands: a leaf, or a 4-character
    /// code whose only subdivisions are optional 5th characters (`EKLAIM.md` §3, INA-CBG
    /// accepts S72.0 as well as S72.00).
    pub fn is_specific(&self) -> bool {
        self.is_leaf() || self.has_optional_fifth()
    }

    /// True for ICD-10 asterisk (manifestation) codes.
    pub fn is_asterisk(&self) -> bool {
        self.flags() & flag::ASTERISK != 0
    }

    /// True for ICD-10 dagger (etiology) codes with known asterisk partners.
    pub fn is_dagger(&self) -> bool {
        self.flags() & flag::DAGGER != 0
    }

    /// True for dagger codes that take an asterisk code only when a manifestation is present
    /// (typhoid, stroke, chronic kidney disease).
    pub fn is_dagger_optional(&self) -> bool {
        self.flags() & flag::DAGGER_OPTIONAL != 0
    }

    /// False for codes of later WHO updates that INA-CBG (ICD-10 2010) does not accept.
    pub fn accepted_by_inacbg(&self) -> bool {
        self.flags() & flag::NOT_INACBG == 0
    }

    /// The sex a sex-specific code is limited to.
    pub fn sex(&self) -> Option<Sex> {
        let f = self.flags();
        if f & flag::FEMALE_ONLY != 0 {
            Some(Sex::Female)
        } else if f & flag::MALE_ONLY != 0 {
            Some(Sex::Male)
        } else {
            None
        }
    }

    /// Age limits in days implied by the classification, (min, max).
    pub fn age_days(&self) -> (Option<u32>, Option<u32>) {
        let Some(at) = self.extras() else { return (None, None) };
        let get = |i: u32| self.cat.list_value(at.saturating_add(i)).filter(|&v| v != u32::from(NO_AGE));
        (get(0), get(1))
    }

    /// Offset of the record's extras in LISTS (see [`layout::section::LISTS`]).
    fn extras(&self) -> Option<u32> {
        self.cat.tables.spans.extras(self.id)
    }

    /// The crosswalk (`partners` false) or partner list (`partners` true) of the extras.
    fn extras_list(&self, partners: bool) -> impl Iterator<Item = Code<'a, D>> + 'a {
        let cat = self.cat;
        let mut at = self.extras().map(|a| a.saturating_add(2));
        if partners {
            at = at.and_then(|a| Some(a.saturating_add(1).saturating_add(cat.list_value(a)?)));
        }
        let count = at.and_then(|a| cat.list_value(a)).unwrap_or(0).min(u32::from(u16::MAX)) as u16;
        let first = at.map_or(0, |a| a.saturating_add(1));
        cat.list_at(first, count).filter_map(move |id| cat.get(id))
    }

    /// The parent record (a shorter code, a block or a chapter).
    pub fn parent(&self) -> Option<Code<'a, D>> {
        self.cat.tables.hierarchy.parent(self.id).and_then(|p| self.cat.get(p))
    }

    /// Direct children.
    pub fn children(&self) -> impl Iterator<Item = Code<'a, D>> + 'a {
        let cat = self.cat;
        cat.tables.hierarchy.children(self.id).iter().filter_map(move |&id| cat.get(id))
    }

    /// ICD-10 targets of an ICPC-2 rubric, the primary one first.
    pub fn crosswalk(&self) -> impl Iterator<Item = Code<'a, D>> + 'a {
        self.extras_list(false)
    }

    /// Asterisk partners of a dagger code, or dagger partners of an asterisk code.
    pub fn partners(&self) -> impl Iterator<Item = Code<'a, D>> + 'a {
        self.extras_list(true)
    }

    /// The display flags of the record (see [`Flag`]).
    pub fn flag_list(&self) -> Vec<Flag> {
        let f = self.flags();
        let mut out = Vec::new();
        if self.is_code() && f & flag::LEAF == 0 {
            out.push(Flag::Header);
        }
        for (bit, name) in [
            (flag::ASTERISK, Flag::Asterisk),
            (flag::DAGGER, Flag::Dagger),
            (flag::NOT_INACBG, Flag::NotInacbg),
            (flag::FEMALE_ONLY, Flag::FemaleOnly),
            (flag::MALE_ONLY, Flag::MaleOnly),
            (flag::PROCESS, Flag::Process),
        ] {
            if f & bit != 0 {
                out.push(name);
            }
        }
        if self.age_days() != (None, None) {
            out.push(Flag::AgeLimited);
        }
        out
    }

    /// The ICD-10 chapter or ICPC-2 chapter this record belongs to.
    pub fn chapter(&self) -> Option<Code<'a, D>> {
        self.ancestor(layout::kind::CHAPTER)
    }

    /// The nearest record of `kind` on the way up (this one included). The walk is bounded, so a
    /// damaged catalog whose parents loop cannot hang it.
    fn ancestor(&self, kind: u8) -> Option<Code<'a, D>> {
        let mut cur = Some(*self);
        for _ in 0..MAX_DEPTH {
            let c = cur?;
            if c.row.u8(layout::record::KIND) == kind {
                return Some(c);
            }
            cur = c.parent();
        }
        None
    }

    /// The ICD-10 block this record belongs to.
    pub fn block(&self) -> Option<Code<'a, D>> {
        self.ancestor(layout::kind::BLOCK)
    }
}

#[cfg(all(test, feature = "embedded-catalog"))]
mod tests {
    use super::*;

    fn cat() -> Catalog {
        Catalog::embedded().expect("embedded catalog opens")
    }

    #[test]
    fn a_catalog_opens_from_any_bytes_and_refuses_damaged_ones() {
        // Owned copies (as a catalog fetched apart from the module would be) read like the
        // embedded one.
        let owned = Catalog::from_bytes(CATALOG_BIN.to_vec(), WORDS_FST.to_vec(), CODES_FST.to_vec()).unwrap();
        let (a, b) = (cat(), owned);
        assert_eq!(a.len(), b.len());
        for (sys, code) in [(CodeSystem::Icd10, "A91"), (CodeSystem::Icd9cm, "74.1"), (CodeSystem::Icpc2, "K86")] {
            let (x, y) = (a.find(sys, code).unwrap(), b.find(sys, code).unwrap());
            assert_eq!((x.id(), x.code(), x.title_en()), (y.id(), y.code(), y.title_en()));
        }
        assert_eq!(a.meta_json(), b.meta_json());
        let damaged = |blob: Vec<u8>, words: Vec<u8>| match Catalog::from_bytes(blob, words, CODES_FST.to_vec()) {
            Err(Error::DataCorruption(what)) => what,
            Err(e) => panic!("{e:?}"),
            Ok(_) => "opened".into(),
        };
        let mut version = CATALOG_BIN.to_vec();
        version[4] ^= 0xff;
        let mut table = CATALOG_BIN.to_vec();
        table[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(damaged(CATALOG_BIN[..50].to_vec(), WORDS_FST.to_vec()), "catalog header");
        assert_eq!(damaged(b"NOPE".repeat(40), WORDS_FST.to_vec()), "catalog header");
        assert_eq!(damaged(version, WORDS_FST.to_vec()), "catalog format version");
        assert_eq!(damaged(table, WORDS_FST.to_vec()), "catalog section table");
        assert_eq!(damaged(CATALOG_BIN.to_vec(), b"not an fst".to_vec()), "words index");
        // A damaged body behind an intact header and footer: the checksum finds it.
        let mut body = WORDS_FST.to_vec();
        let mid = body.len() / 2;
        body[mid] ^= 0x5a;
        assert_eq!(damaged(CATALOG_BIN.to_vec(), body), "words index");
    }

    #[test]
    fn every_section_cut_or_damaged_is_refused_or_read_never_a_panic() {
        let open = |blob: Vec<u8>| match Catalog::from_bytes(blob, WORDS_FST.to_vec(), CODES_FST.to_vec()) {
            Ok(c) => Ok(c.len()),
            Err(Error::DataCorruption(what)) => Err(what),
            Err(e) => panic!("{e:?}"),
        };
        let len_at = |s: usize| 12 + s * 8;
        let mut refused = 0;
        for s in 0..layout::SECTION_COUNT {
            let len = read_u32(CATALOG_BIN, len_at(s)) as usize;
            let off = read_u32(CATALOG_BIN, 8 + s * 8) as usize;
            for cut in [len.saturating_sub(1), len / 2, 0] {
                let mut b = CATALOG_BIN.to_vec();
                b[len_at(s)..][..4].copy_from_slice(&(cut as u32).to_le_bytes());
                refused += usize::from(open(b).is_err());
            }
            if len > 0 {
                let mut b = CATALOG_BIN.to_vec();
                b[off + len / 2] ^= 0xa5;
                let _ = open(b);
            }
        }
        // Cutting any derived-from section but META (text only) is found at open.
        assert!(refused >= 2 * (layout::SECTION_COUNT - 1), "{refused} cuts refused");
    }

    #[test]
    fn texts_are_token_coded_and_decode_exactly() {
        for t in ["Demam berdarah dengue", "Other (and unspecified) — Ménière's", "  a..b  ", "", "💉x"] {
            assert_eq!(layout::tokens(t).collect::<String>(), t);
        }
        let c = cat();
        let a91 = c.find(CodeSystem::Icd10, "A91").unwrap();
        assert_eq!(a91.title_en(), "Dengue haemorrhagic fever");
        assert_eq!(a91.title_id().as_deref(), Some("Demam berdarah dengue"));
        let coded = a91.row.u16(layout::record::TITLE_EN_LEN) as usize;
        assert!(coded < "Dengue haemorrhagic fever".len(), "{coded} coded bytes");
        // Offsets past the end give an empty text, never a panic.
        assert_eq!(c.text_at(u32::MAX, 1000), "");
        assert!(c.text_at(0, usize::MAX).contains("Dengue haemorrhagic fever"));
    }

    #[test]
    fn extras_hold_age_limits_crosswalk_and_partners() {
        let c = cat();
        fn codes<'a>(it: &mut dyn Iterator<Item = Code<'a>>) -> Vec<&'a str> {
            it.map(|x| x.code()).collect()
        }
        // A newborn-only code has an age limit; a plain code has no extras at all.
        let p07 = c.find(CodeSystem::Icd10, "P07.3").unwrap();
        assert!(p07.age_days().1.is_some(), "P07.3 has a maximum age");
        let j189 = c.find(CodeSystem::Icd10, "J18.9").unwrap();
        assert_eq!(j189.age_days(), (None, None));
        assert!(codes(&mut j189.crosswalk()).is_empty() && codes(&mut j189.partners()).is_empty());
        // Dagger ↔ asterisk partners and the ICPC-2 crosswalk, both read from the same extras.
        let a170 = c.find(CodeSystem::Icd10, "A17.0").unwrap();
        assert!(codes(&mut a170.partners()).contains(&"G01"), "{:?}", codes(&mut a170.partners()));
        let k86 = c.find(CodeSystem::Icpc2, "K86").unwrap();
        assert_eq!(codes(&mut k86.crosswalk()).first(), Some(&"I10"));
        assert!(codes(&mut k86.partners()).is_empty());
    }

    #[test]
    fn opens_and_finds_codes_as_typed() {
        let c = cat();
        assert!(c.len() > 10_000);
        for typed in ["A91", "a91", " A91 ", "A91†"] {
            assert_eq!(c.find(CodeSystem::Icd10, typed).map(|r| r.code()), Some("A91"), "{typed}");
        }
        assert_eq!(c.find(CodeSystem::Icd10, "j189").map(|r| r.code()), Some("J18.9"));
        assert_eq!(c.find(CodeSystem::Icd9cm, "3995").map(|r| r.code()), Some("39.95"));
        assert!(c.find(CodeSystem::Icd10, "Z99.99").is_none());
        assert!(c.find(CodeSystem::Icd10, "").is_none());
        assert!(c.find(CodeSystem::Icd10, "\u{0}").is_none());
    }

    #[test]
    fn im_codes_are_recognised_by_shape() {
        let c = cat();
        let parent = |s, code| c.im_parent(s, code).map(|p| p.code());
        assert_eq!(parent(CodeSystem::Icd9cm, "88.380"), Some("88.38"));
        assert_eq!(parent(CodeSystem::Icd9cm, "88380"), Some("88.38"));
        assert_eq!(parent(CodeSystem::Icd9cm, "88.720"), Some("88.72"));
        assert_eq!(parent(CodeSystem::Icd10, "A15.11"), Some("A15.1"));
        assert_eq!(parent(CodeSystem::Icd10, "a16.80"), Some("A16.8"));
        assert_eq!(c.im_parent(CodeSystem::Icd10, "A15.00").map(|p| p.code()), Some("A15.0"));
        // 2010 codes, optional 5th characters WHO defines, and other shapes are not IM.
        for (s, code) in [
            (CodeSystem::Icd9cm, "88.38"),
            (CodeSystem::Icd10, "S72.00"),
            (CodeSystem::Icd10, "M00.00"),
            (CodeSystem::Icd10, "J18.9"),
            (CodeSystem::Icd10, "B99.99"),
            (CodeSystem::Icd9cm, "00.999"),
            (CodeSystem::Icpc2, "K86"),
            (CodeSystem::Icd10, ""),
        ] {
            assert_eq!(parent(s, code), None, "{code}");
        }
    }

    #[test]
    fn hierarchy_goes_code_block_chapter() {
        let c = cat();
        let j189 = c.find(CodeSystem::Icd10, "J18.9").unwrap();
        assert!(j189.is_leaf());
        let j18 = j189.parent().unwrap();
        assert_eq!(j18.code(), "J18");
        assert!(!j18.is_leaf());
        assert!(j18.children().any(|ch| ch.code() == "J18.9"));
        assert_eq!(j189.block().map(|b| b.code()), Some("J09-J18"));
        assert_eq!(j189.chapter().map(|b| b.code()), Some("X"));
    }

    #[test]
    fn system_names_parse() {
        assert_eq!(CodeSystem::parse("ICD-10").unwrap(), CodeSystem::Icd10);
        assert_eq!(CodeSystem::parse("icd9cm").unwrap(), CodeSystem::Icd9cm);
        assert_eq!(CodeSystem::parse("ICPC-2").unwrap(), CodeSystem::Icpc2);
        assert!(CodeSystem::parse("snomed").is_err());
        assert!(CodeSystem::parse(&"x".repeat(1 << 20)).is_err());
    }

    #[test]
    fn the_sample_catalog_opens_and_answers_like_a_small_real_one() {
        let s = Catalog::sample().unwrap();
        assert_eq!(s.len(), 6);
        let a91 = s.find(CodeSystem::Icd10, "A91").unwrap();
        assert_eq!(
            (a91.title_id(), a91.block().map(|b| b.code())),
            (Some("Demam berdarah dengue".to_string()), Some("A90-A99"))
        );
        assert_eq!(a91.chapter().map(|c| c.code()), Some("I"));
        let a03 = s.find(CodeSystem::Icpc2, "A03").unwrap();
        assert_eq!(a03.crosswalk().map(|c| c.code()).collect::<Vec<_>>(), ["A90"]);
        // It is never the process's catalog.
        assert!(cat().len() > 10_000);
    }

    static BUNDLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/koder_catalog.bin"));

    #[test]
    fn the_bundle_of_this_build_reads_like_the_embedded_catalog() {
        let (a, b) = (cat(), Catalog::from_bundle(BUNDLE).unwrap());
        assert_eq!((a.len(), a.meta_json()), (b.len(), b.meta_json()));
        let (x, y) = (a.find(CodeSystem::Icd10, "J18.9").unwrap(), b.find(CodeSystem::Icd10, "J18.9").unwrap());
        assert_eq!((x.id(), x.title_en(), x.title_id()), (y.id(), y.title_en(), y.title_id()));
        // Installing it where the embedded catalog is open already gives that catalog.
        assert_eq!(Catalog::install_bundle(BUNDLE.to_vec()).unwrap().len(), a.len());
    }

    #[test]
    fn bundles_of_another_build_or_damaged_are_refused() {
        let refused = |bytes: &[u8]| match Catalog::from_bundle(bytes) {
            Err(Error::DataCorruption(what)) => what,
            Err(e) => panic!("{e:?}"),
            Ok(_) => "opened".into(),
        };
        let mut other = BUNDLE.to_vec();
        other[8] ^= 1;
        assert_eq!(refused(&other), "catalog bundle of another Koder build");
        assert_eq!(refused(&BUNDLE[..BUNDLE.len() - 1]), "catalog bundle cut or padded");
        assert_eq!(refused(CATALOG_BIN), "not a Koder catalog bundle");
        // A damaged FST behind a sound header: the checksum of `from_bytes` finds it.
        let mut body = BUNDLE.to_vec();
        let words_middle = koder_format::bundle::HEADER_SIZE + CATALOG_BIN.len() + WORDS_FST.len() / 2;
        body[words_middle] ^= 0x5a;
        assert_eq!(refused(&body), "catalog bundle damaged");
        // Damage anywhere behind a sound header, even one bit, is found.
        for at in [koder_format::bundle::HEADER_SIZE + 3, BUNDLE.len() / 3, BUNDLE.len() - 1] {
            let mut bit = BUNDLE.to_vec();
            bit[at] ^= 4;
            assert_eq!(refused(&bit), "catalog bundle damaged", "bit flipped at {at}");
        }
        // `install_bundle` refuses them too, before keeping anything, and a good one opens after.
        assert!(matches!(Catalog::install_bundle(other), Err(Error::DataCorruption(_))));
        assert!(matches!(Catalog::install_bundle(body), Err(Error::DataCorruption(_))));
        assert!(Catalog::install_bundle(BUNDLE.to_vec()).is_ok());
    }
}
