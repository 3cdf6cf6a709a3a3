//! # Koder
//!
//! Asisten pengodean luring untuk formulir rekam medis elektronik di Indonesia: ICD-10 (edisi
//! 2010 yang diterima INA-CBG), ICD-9-CM prosedur, dan ICPC-2.
//!
//! An offline coding assistant for Indonesian EMR forms: ICD-10 (the 2010 edition INA-CBG
//! accepts), ICD-9-CM procedures and ICPC-2, with search as you type in Indonesian and English.
//!
//! The layers: `data/` (plain tables) → `build.rs` (catalog, FST indexes, rule and grouping
//! tables) → [`catalog`] (read in place) → [`search`] / [`codeset`] → [`checks`] /
//! [`grouper`] / [`suggest`] → [`audit`] → this facade ([`Koder`]) → the wasm-bindgen facade
//! (`wasm` module, wasm32 only) and the `koder` CLI (`src/bin/koder/`); see ARCHITECTURE.md.
//!
//! ```
//! let koder = koder::Koder::new().unwrap();
//! let hits = koder.search("dbd", &koder::SearchOptions::default()).unwrap();
//! assert!(hits.iter().take(5).any(|h| h.code == "A91"));
//! let a91 = koder.lookup(koder::CodeSystem::Icd10, "A91").unwrap();
//! assert_eq!(a91.code, "A91");
//! ```
#![deny(missing_docs)]

pub mod audit;
pub mod bounded;
pub mod catalog;
pub mod checks;
pub mod codeset;
use koder_format::codespec;
mod error;
pub mod grouper;
#[cfg(target_arch = "wasm32")]
mod jsinput;
pub mod search;
pub mod suggest;
use koder_format::text;
#[cfg(test)]
mod ts_types;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use catalog::{Catalog, CodeSystem, Flag, RecordKind, Sex};
pub use checks::{CheckReport, ClaimInput, Finding};
pub use codeset::{CodeSetSummary, CodeSetSystem, ImInfo};
pub use error::Error;
pub use grouper::{GroupResult, Grouper, GroupingVersion, TariffContext};
pub use search::{SearchOptions, SearchResult};
pub use suggest::{SuggestOptions, SuggestReview, Suggestion};

use catalog::Code;
use serde::{Deserialize, Serialize};

/// Longest code string accepted by [`Koder::lookup`] and [`Koder::crosswalk`], in bytes.
pub const MAX_CODE_BYTES: usize = 64;

/// The Koder engine: the embedded catalogs, the code sets and grouping tables loaded into it,
/// and the operations on them. What one engine loads stays in it (no state is shared between
/// engines); a clone is cheap and shares the loaded data.
#[derive(Clone)]
pub struct Koder {
    catalog: Catalog,
    code_sets: codeset::CodeSets,
    /// The grouper of [`Koder::group`]; `None` until tables or tariffs are loaded (the bundled
    /// definition set, parsed on the first grouping).
    grouper: Option<Grouper>,
}

/// A code in short form (hierarchy lists, crosswalk targets).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CodeSummary {
    /// The code system.
    pub system: CodeSystem,
    /// The code as printed.
    pub code: String,
    /// Code, block or chapter.
    pub kind: RecordKind,
    /// English title.
    pub display: String,
    /// Indonesian title, when known.
    pub display_id: Option<String>,
    /// True for the most specific codes.
    pub leaf: bool,
}

/// Everything Koder knows of one code.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CodeDetails {
    /// The code system.
    pub system: CodeSystem,
    /// The code as printed.
    pub code: String,
    /// Code, block or chapter.
    pub kind: RecordKind,
    /// English title.
    pub display: String,
    /// Indonesian title, when known.
    pub display_id: Option<String>,
    /// FHIR system URI.
    pub fhir_system: String,
    /// True for the most specific codes.
    pub leaf: bool,
    /// Flags, as in [`SearchResult::flags`].
    pub flags: Vec<Flag>,
    /// False for codes that INA-CBG (ICD-10 2010) does not accept.
    pub accepted_by_inacbg: bool,
    /// The sex a sex-specific code is limited to ("F" or "M").
    pub sex: Option<Sex>,
    /// Youngest age in days the classification allows.
    pub age_min_days: Option<u32>,
    /// Oldest age in days the classification allows.
    pub age_max_days: Option<u32>,
    /// The chapter.
    pub chapter: Option<CodeSummary>,
    /// The ICD-10 block.
    pub block: Option<CodeSummary>,
    /// The parent.
    pub parent: Option<CodeSummary>,
    /// Direct children.
    pub children: Vec<CodeSummary>,
    /// Asterisk partners of a dagger code, or dagger partners of an asterisk code.
    pub partners: Vec<CodeSummary>,
    /// For an Indonesian Modification (iDRG) code: refused by INA-CBG, and the 2010 code to use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub im: Option<ImInfo>,
    /// The code as a loaded code set lists it (description and flags).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_set: Option<codeset::CodeSetEntry>,
}

/// One target of a crosswalk.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CrosswalkTarget {
    /// The target code.
    #[serde(flatten)]
    pub target: CodeSummary,
    /// True for the single best target.
    pub primary: bool,
}

/// Versions of the engine and its data.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct VersionInfo {
    /// The crate version.
    pub koder: String,
    /// Edition of each catalog.
    pub editions: Vec<(CodeSystem, String)>,
    /// The build's data metadata (data version hash and counts), JSON.
    pub data: serde_json::Value,
}

impl Koder {
    /// Opens the embedded catalogs (read in place; the words of each search entry and the starts
    /// of each record's texts are added up, a few milliseconds).
    pub fn new() -> Result<Koder, Error> {
        Ok(Koder::with_catalog(Catalog::embedded()?))
    }

    /// An engine over the given catalog (no code sets, the built-in grouping tables).
    pub fn with_catalog(catalog: Catalog) -> Koder {
        Koder { catalog, code_sets: codeset::CodeSets::default(), grouper: None }
    }

    /// Loads a facility's code list (ICD-10-IM or ICD-9-CM-IM, as E-Klaim or the SIMRS exports
    /// it: CSV or TSV, see [`codeset`]) in place of any set of that system loaded before. The
    /// list is indexed in memory and never leaves this object. Refused rows are listed by line in
    /// the summary; the list as a whole is refused (with its first problems) when it cannot be
    /// read, no code loads or more than half of its rows are refused.
    pub fn load_code_set(&mut self, text: impl AsRef<[u8]>, system: CodeSetSystem) -> Result<CodeSetSummary, Error> {
        let set = codeset::CodeSet::load(&self.catalog, text.as_ref(), system)?;
        let summary = set.summary().clone();
        self.code_sets.insert(set);
        Ok(summary)
    }

    /// Drops the loaded set of a system; true when one was loaded.
    pub fn unload_code_set(&mut self, system: CodeSetSystem) -> bool {
        self.code_sets.remove(system)
    }

    /// The loaded code sets.
    pub fn code_sets(&self) -> &codeset::CodeSets {
        &self.code_sets
    }

    /// The catalogs.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// Search as you type. See [`search::search`]; IM codes of the loaded sets (or, without a
    /// set, a code typed with an IM shape) come with the `im` flag and their 2010 parent.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<Vec<SearchResult>, Error> {
        let mut results = search::search(&self.catalog, query, options)?;
        self.code_sets.extend_search(&self.catalog, query, options, &mut results);
        Ok(results)
    }

    /// Full details of one code, with its hierarchy. An IM code comes from the loaded set of its
    /// system or, without one, from its shape (probably IM); either way with its 2010 parent.
    pub fn lookup(&self, system: CodeSystem, code: &str) -> Result<CodeDetails, Error> {
        let c = match self.find(system, code) {
            Ok(c) => c,
            Err(e) => return self.im_details(system, code).ok_or(e),
        };
        let (age_min_days, age_max_days) = c.age_days();
        Ok(CodeDetails {
            system,
            code: c.code().to_string(),
            kind: c.kind(),
            display: c.title_en(),
            display_id: c.title_id(),
            fhir_system: system.fhir_uri().to_string(),
            leaf: c.is_leaf(),
            flags: c.flag_list(),
            accepted_by_inacbg: c.accepted_by_inacbg(),
            sex: c.sex(),
            age_min_days,
            age_max_days,
            chapter: c.chapter().filter(|ch| ch.id() != c.id()).map(summary),
            block: c.block().filter(|b| b.id() != c.id()).map(summary),
            parent: c.parent().map(summary),
            children: c.children().map(summary).collect(),
            partners: c.partners().map(summary).collect(),
            im: None,
            code_set: self.code_sets.for_base(system).and_then(|s| s.entry(code)),
        })
    }

    /// The details of an IM code the 2010 catalog lacks: the list's description and flags, the
    /// hierarchy of its 2010 parent.
    fn im_details(&self, system: CodeSystem, code: &str) -> Option<CodeDetails> {
        let im = self.code_sets.im_info(&self.catalog, system, code)?;
        let printed = codeset::dotted(system, &text::code_key(code)?);
        let entry = self.code_sets.for_base(system).and_then(|s| s.entry(code));
        let parent = im.parent.as_deref().and_then(|p| self.catalog.find(system, p));
        let (age_min_days, age_max_days) = parent.map_or((None, None), |p| p.age_days());
        let (display, display_id) = match (&entry, parent) {
            (Some(e), _) => (e.description.clone(), None),
            (None, p) => {
                let under = p.map(|p| format!("{} {}", p.code(), p.title_en())).unwrap_or_default();
                let under_id = p.map(|p| format!("{} {}", p.code(), p.title_id().unwrap_or_else(|| p.title_en())));
                (
                    format!("Probably an IM code (iDRG), under {under}"),
                    Some(format!("Kemungkinan kode IM (iDRG), di bawah {}", under_id.unwrap_or_default())),
                )
            }
        };
        let flags = entry.as_ref().map_or_else(|| vec![Flag::Im, Flag::NotInacbg], |e| codeset::flag_list(&e.flags));
        Some(CodeDetails {
            system,
            code: entry.as_ref().map_or(printed, |e| e.code.clone()),
            kind: RecordKind::Code,
            display,
            display_id,
            fhir_system: system.fhir_uri().to_string(),
            leaf: entry.as_ref().is_none_or(|e| e.flags.validcode),
            flags,
            accepted_by_inacbg: false,
            sex: parent.and_then(|p| p.sex()),
            age_min_days,
            age_max_days,
            chapter: parent.and_then(|p| p.chapter()).map(summary),
            block: parent.and_then(|p| p.block()).map(summary),
            parent: parent.map(summary),
            children: Vec::new(),
            partners: Vec::new(),
            im: Some(im),
            code_set: entry,
        })
    }

    /// True when the code exists in the system (ICD-10: the 2010 edition, including codes
    /// INA-CBG does not accept, which carry the `not_inacbg` flag).
    pub fn is_valid(&self, system: CodeSystem, code: &str) -> bool {
        code.len() <= MAX_CODE_BYTES && self.catalog.find(system, code).is_some_and(|c| c.is_code())
    }

    /// ICPC-2 → ICD-10 candidates (primary first), or ICD-10 → ICPC-2 rubrics.
    pub fn crosswalk(&self, from: CodeSystem, code: &str) -> Result<Vec<CrosswalkTarget>, Error> {
        let c = self.find(from, code)?;
        match from {
            CodeSystem::Icpc2 => Ok(c
                .crosswalk()
                .enumerate()
                .map(|(i, t)| CrosswalkTarget { target: summary(t), primary: i == 0 })
                .collect()),
            CodeSystem::Icd10 => {
                // Reverse: rubrics whose targets are this code, an ancestor or a descendant.
                let related = |t: &Code<'_>| {
                    let (a, b) = (t.code(), c.code());
                    a == b || b.starts_with(a) || a.starts_with(b)
                };
                let mut out = Vec::new();
                for r in self.catalog.codes(CodeSystem::Icpc2).filter(|r| r.is_code()) {
                    if let Some((i, _)) = r.crosswalk().enumerate().find(|(_, t)| related(t)) {
                        out.push(CrosswalkTarget { target: summary(r), primary: i == 0 });
                    }
                }
                // Primary targets first, each group in catalog order.
                let (mut primary, other): (Vec<_>, Vec<_>) = out.into_iter().partition(|t| t.primary);
                primary.extend(other);
                Ok(primary)
            }
            CodeSystem::Icd9cm => Err(Error::UnsupportedCrosswalk(from)),
        }
    }

    /// Every code of a system, in code order (for export).
    pub fn codes(&self, system: CodeSystem) -> impl Iterator<Item = CodeDetails> + '_ {
        self.catalog.codes(system).filter(|c| c.is_code()).filter_map(move |c| self.lookup(system, c.code()).ok())
    }

    /// Checks one claim: validity, principal diagnosis, sex/age, duplicates, diagnosis ↔
    /// procedure consistency, supporting documents and primary-care rules.
    pub fn check(&self, claim: ClaimInput) -> Result<CheckReport, Error> {
        let claim = claim.validate()?;
        Ok(checks::check_with(&self.catalog, &self.code_sets, &claim))
    }

    /// Parses a claim from JSON and checks it; errors name the offending field.
    pub fn check_json(&self, json: &str) -> Result<CheckReport, Error> {
        self.check(parse_claim_json(json)?)
    }

    /// Live INA-CBG grouping **preview** of one claim with this engine's grouper (the bundled
    /// definition set unless [`Koder::load_grouping_tables`] replaced it; see [`grouper`]);
    /// `context` gives the tariff context (used when a tariff table is loaded).
    pub fn group(&self, claim: ClaimInput, context: Option<&TariffContext>) -> Result<GroupResult, Error> {
        self.grouper()?.group(&self.catalog, &self.code_sets, claim, context)
    }

    /// This engine's grouper: its loaded definition set and tariff table.
    pub fn grouper(&self) -> Result<&Grouper, Error> {
        match &self.grouper {
            Some(g) => Ok(g),
            None => Grouper::bundled(),
        }
    }

    /// Applies a change to a copy of this engine's grouper, kept only when it succeeded.
    fn change_grouper(
        &mut self,
        f: impl FnOnce(&mut Grouper) -> Result<GroupingVersion, Error>,
    ) -> Result<GroupingVersion, Error> {
        let mut g = self.grouper()?.clone();
        let version = f(&mut g)?;
        self.grouper = Some(g);
        Ok(version)
    }

    /// Replaces this engine's grouping definition set (see [`Grouper::load_tables`]); on error
    /// the current set stays loaded. Other engines are not affected.
    pub fn load_grouping_tables(&mut self, text: &str) -> Result<GroupingVersion, Error> {
        self.change_grouper(|g| g.load_tables(text))
    }

    /// Loads a tariff table into this engine's grouper (see [`Grouper::load_tariffs`]).
    pub fn load_tariffs(&mut self, csv: &str) -> Result<GroupingVersion, Error> {
        self.change_grouper(|g| g.load_tariffs(csv))
    }

    /// Versions of this engine's grouping definition set and tariff table.
    pub fn grouping_version(&self) -> Result<GroupingVersion, Error> {
        Ok(self.grouper()?.version())
    }

    /// Grouping preview with a given [`Grouper`] (loaded definition set and tariff table).
    pub fn group_with(
        &self,
        grouper: &Grouper,
        claim: ClaimInput,
        context: Option<&TariffContext>,
    ) -> Result<GroupResult, Error> {
        grouper.group(&self.catalog, &self.code_sets, claim, context)
    }

    /// Parses a claim from JSON and groups it (this engine's grouper).
    pub fn group_json(&self, json: &str) -> Result<GroupResult, Error> {
        self.group(parse_claim_json(json)?, None)
    }

    /// Codes for one line of a medical resume ("DHF gr II + trombositopenia, riw HT"): the
    /// line condition by condition, the proposed codes with why and a confidence, and the
    /// proposal as a claim for [`Koder::check`] / [`Koder::group`]. See [`suggest`].
    pub fn suggest(&self, text: &str, options: &SuggestOptions) -> Result<Suggestion, Error> {
        suggest::suggest(&self.catalog, text, options)
    }

    /// [`Koder::suggest`], then the claim checks and the grouping preview (this engine's
    /// grouper) on the proposed claim, so the coder sees the findings before accepting it.
    pub fn suggest_review(&self, text: &str, options: &SuggestOptions) -> Result<SuggestReview, Error> {
        let suggestion = self.suggest(text, options)?;
        self.review(suggestion, self.grouper()?)
    }

    /// The claim checks and the grouping preview (with `grouper`) of a proposal; both absent
    /// when it has no principal diagnosis.
    pub fn review(&self, suggestion: Suggestion, grouper: &Grouper) -> Result<SuggestReview, Error> {
        if suggestion.claim.principal_diagnosis.is_none() {
            return Ok(SuggestReview { suggestion, check: None, group: None });
        }
        let claim = suggestion.claim.to_claim_input();
        let check = self.check(claim.clone())?;
        let group = self.group_with(grouper, claim, None)?;
        Ok(SuggestReview { suggestion, check: Some(check), group: Some(group) })
    }

    /// Versions of the engine and data.
    pub fn version(&self) -> VersionInfo {
        VersionInfo {
            koder: env!("CARGO_PKG_VERSION").to_string(),
            editions: vec![
                (CodeSystem::Icd10, "WHO ICD-10 2010 (INA-CBG / E-Klaim)".into()),
                (CodeSystem::Icd9cm, "ICD-9-CM vol. 3, 2010".into()),
                (CodeSystem::Icpc2, "ICPC-2".into()),
            ],
            data: serde_json::from_str(self.catalog.meta_json()).unwrap_or(serde_json::Value::Null),
        }
    }

    fn find(&self, system: CodeSystem, code: &str) -> Result<Code<'_>, Error> {
        if code.len() > MAX_CODE_BYTES {
            return Err(Error::InputTooLong { field: "code", max_bytes: MAX_CODE_BYTES });
        }
        self.catalog
            .find(system, code)
            .ok_or_else(|| Error::UnknownCode { system, code: code.chars().take(40).collect() })
    }
}

/// Parses one claim from JSON text with the one claim parser ([`ClaimInput::from_json`]):
/// E-Klaim names and forms accepted, unknown keys, duplicate keys and two aliases of one field
/// refused; errors name the field.
pub fn parse_claim_json(json: &str) -> Result<ClaimInput, Error> {
    if json.len() > MAX_CLAIM_BYTES {
        return Err(Error::InputTooLong { field: "claim", max_bytes: MAX_CLAIM_BYTES });
    }
    ClaimInput::from_json(json)
}

/// Largest claim JSON accepted, in bytes.
pub const MAX_CLAIM_BYTES: usize = 1 << 20;

fn summary(c: Code<'_>) -> CodeSummary {
    CodeSummary {
        system: c.system(),
        code: c.code().to_string(),
        kind: c.kind(),
        display: c.title_en(),
        display_id: c.title_id(),
        leaf: c.is_leaf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_engine_over_the_sample_catalog_searches_looks_up_and_crosswalks() {
        let k = Koder::with_catalog(Catalog::sample().unwrap());
        let o = SearchOptions::default();
        assert_eq!(k.search("dbd", &o).unwrap()[0].code, "A91");
        assert!(k.search("demam", &o).unwrap().iter().any(|r| r.code == "A03"));
        assert!(k.search("d", &o).unwrap().len() >= 3);
        assert_eq!(k.lookup(CodeSystem::Icd10, "A91").unwrap().parent.map(|p| p.code), Some("A90-A99".to_string()));
        let to_icd10 = k.crosswalk(CodeSystem::Icpc2, "A03").unwrap();
        assert_eq!(to_icd10.iter().map(|t| (t.target.code.as_str(), t.primary)).collect::<Vec<_>>(), [("A90", true)]);
        // The engine of the real catalog is another one.
        assert!(Koder::new().unwrap().search("dbd", &o).unwrap().len() > 1);
    }

    #[test]
    fn lookup_gives_hierarchy_and_clear_errors() {
        let k = Koder::new().unwrap();
        let d = k.lookup(CodeSystem::Icd10, "j18.9").unwrap();
        assert_eq!(d.code, "J18.9");
        assert_eq!(d.parent.as_ref().unwrap().code, "J18");
        assert_eq!(d.block.as_ref().unwrap().code, "J09-J18");
        assert_eq!(d.fhir_system, "http://hl7.org/fhir/sid/icd-10");
        let e = k.lookup(CodeSystem::Icd10, "Q99.999").unwrap_err();
        assert_eq!(e.code(), "unknown_code");
        assert_eq!(CodeSystem::parse("loinc").unwrap_err().code(), "unknown_system");
        assert_eq!(k.lookup(CodeSystem::Icd10, &"A".repeat(10_000)).unwrap_err().code(), "input_too_long");
        assert!(k.lookup(CodeSystem::Icd10, "\u{d7ff}\u{0}").is_err());
    }

    #[test]
    fn crosswalk_both_directions() {
        let k = Koder::new().unwrap();
        let t = k.crosswalk(CodeSystem::Icpc2, "K86").unwrap();
        assert_eq!(t[0].target.code, "I10");
        assert!(t[0].primary);
        let back = k.crosswalk(CodeSystem::Icd10, "I10").unwrap();
        assert!(back.iter().any(|t| t.target.code == "K86"));
        assert_eq!(k.crosswalk(CodeSystem::Icd9cm, "39.95").unwrap_err().code(), "unsupported_crosswalk");
    }

    #[test]
    fn grouping_tables_belong_to_the_engine_that_loaded_them() {
        let bundled = include_str!(concat!(env!("OUT_DIR"), "/grouper.txt"));
        let other = bundled.replace("koder-bundled-2025.1", "rs-contoh-2026.1");
        assert_ne!(other, bundled);
        let claim = || {
            parse_claim_json(r#"{"setting":"inpatient","sex":"M","age_years":40,"principal_diagnosis":"J18.9"}"#)
                .unwrap()
        };
        let (mut a, b) = (Koder::new().unwrap(), Koder::new().unwrap());
        let before = b.group(claim(), None).unwrap();
        assert_eq!(before.tables_version, "koder-bundled-2025.1");
        let copy_before = a.clone();
        let v = a.load_grouping_tables(&other).unwrap();
        assert_eq!((v.tables.as_str(), v.bundled), ("rs-contoh-2026.1", false));
        assert_eq!(a.group(claim(), None).unwrap().tables_version, "rs-contoh-2026.1");
        assert_eq!(
            a.suggest_review("pneumonia", &SuggestOptions::default()).unwrap().group.unwrap().tables_version,
            "rs-contoh-2026.1"
        );
        // The other engine, and a copy taken before, still group with the bundled set.
        for k in [&b, &copy_before] {
            assert!(k.grouping_version().unwrap().bundled);
            assert_eq!(k.group(claim(), None).unwrap(), before);
        }
        // Tariffs too; a failed load leaves the engine as it was.
        let tariffs = include_str!("../tests/audit/tariffs.csv");
        assert_eq!(a.load_tariffs(tariffs).unwrap().tariff_rows, a.grouping_version().unwrap().tariff_rows);
        assert!(a.grouping_version().unwrap().tariffs.is_some() && b.grouping_version().unwrap().tariffs.is_none());
        assert!(b.group(claim(), None).unwrap().tariff.is_none());
        assert!(a.load_grouping_tables("garbage").is_err());
        let after = a.grouping_version().unwrap();
        assert_eq!((after.tables.as_str(), after.tariffs.is_some()), ("rs-contoh-2026.1", true));
    }

    #[test]
    fn version_reports_data() {
        let v = Koder::new().unwrap().version();
        assert!(v.data["counts"]["records"].as_u64().unwrap() > 1000);
    }
}
