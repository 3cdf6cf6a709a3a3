//! Pratinjau pengelompokan INA-CBG / a live, transparent **preview** of INA-CBG grouping.
//!
//! The official grouper is a closed program inside E-Klaim and its definition tables are not
//! public. This engine reads grouping-definition tables (`data/grouper/`, format documented in
//! `data/grouper/README.md`; a better set can be loaded at run time) and gives, for one claim:
//! the CBG code `CMG-CaseType-Group-Severity` with its Indonesian description, the special CMG
//! options, the tariff when a tariff table is loaded, a confidence level with its reasons, a
//! trace of every step (table and row), and a what-if per secondary diagnosis. Ungroupable claims
//! get an `X-0-..-X` group with the reason — never a guess. Every result says it is a preview.
//!
//! Case types follow the INA-CBG technical guideline (Juknis): 1 prosedur rawat inap,
//! 2 prosedur besar rawat jalan, 3 prosedur signifikan rawat jalan, 4 rawat inap bukan prosedur,
//! 5 rawat jalan bukan prosedur, 6 rawat inap kebidanan, 7 rawat jalan kebidanan, 8 rawat inap
//! neonatal, 9 rawat jalan neonatal, 0 error. Severity: 0 for ambulatory types, I/II/III for
//! inpatient types (from the secondary diagnoses), X for errors.

mod steps;
pub use koder_format::grouper_tables as tables;
pub mod tariff;

use crate::catalog::{Catalog, Code, CodeSystem};
use crate::checks::claim::{Claim, ClaimInput, Setting};
use crate::codeset::{CodeSets, ImSource};
use crate::codespec::{any_matches, CodeSpec};
use crate::error::Error;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, OnceLock};
pub use tables::{Confidence, Evidence, GroupCode, SpecialKind, TableError, Tables};
pub use tariff::{Ownership, TariffContext, TariffContextInput, TariffTable};

static BUNDLED_TXT: &str = include_str!(concat!(env!("OUT_DIR"), "/grouper.txt"));
static BUNDLED: OnceLock<Result<Grouper, Error>> = OnceLock::new();

/// Largest definition set or tariff table accepted, in bytes (20 MB).
pub const MAX_TABLE_BYTES: usize = 20 * 1024 * 1024;

/// The label every result carries.
pub const PREVIEW_LABEL_ID: &str = "Pratinjau — bukan hasil resmi E-Klaim";
/// The label every result carries, English.
pub const PREVIEW_LABEL_EN: &str = "Preview — not an official E-Klaim result";

/// The grouper: a definition set (the bundled one by default) and an optional tariff table.
#[derive(Clone, Debug)]
pub struct Grouper {
    tables: Arc<Tables>,
    bundled: bool,
    tariffs: Option<Arc<TariffTable>>,
}

/// Versions of the loaded definition set and tariff table.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct GroupingVersion {
    /// The definition set's `version` (meta.tsv).
    pub tables: String,
    /// Its title.
    pub title: String,
    /// The definition format (1).
    pub format: u32,
    /// True for the set bundled with Koder.
    pub bundled: bool,
    /// Rows of the definition set (diagnoses, procedures, deliveries, neonates, severity,
    /// exclusions, special, principal errors).
    pub rows: usize,
    /// Groups defined.
    pub groups: usize,
    /// The tariff table's `# version:` comment, when a table is loaded.
    pub tariffs: Option<String>,
    /// Rows of the tariff table (0 when none is loaded).
    pub tariff_rows: usize,
}

/// A code with its description.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Described {
    /// The code.
    pub code: String,
    /// Indonesian.
    pub description_id: String,
    /// English.
    pub description_en: String,
}

/// The severity part of the code.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SeverityInfo {
    /// `0`, `I`, `II`, `III` or `X`.
    pub code: String,
    /// 0 (ambulatory or error), 1, 2 or 3.
    pub level: u8,
    /// `rawat jalan`, `ringan`, `sedang`, `berat`, `kesalahan`.
    pub name_id: String,
    /// `ambulatory`, `mild`, `moderate`, `severe`, `error`.
    pub name_en: String,
}

/// Why a case is ungroupable.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct GroupingError {
    /// The X group (`X-0-10-X`).
    pub code: String,
    /// The reason, Indonesian.
    pub reason_id: String,
    /// The reason, English.
    pub reason_en: String,
}

/// One special CMG option (top-up) the case qualifies for.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SpecialOption {
    /// The option code (`YY01`, `RR04Hip`, `DD05`).
    pub code: String,
    /// The kind of option (`special_procedure`, …, `chronic`).
    pub kind: SpecialKind,
    /// Indonesian.
    pub description_id: String,
    /// English.
    pub description_en: String,
    /// The claim's codes that triggered it.
    pub triggered_by: Vec<String>,
    /// The top-up in rupiah, when a tariff table is loaded and has the option.
    pub tariff: Option<u64>,
    /// The table row.
    pub source: String,
}

/// Tariff of the result.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TariffResult {
    /// The CBG tariff in rupiah, when found.
    pub base: Option<u64>,
    /// Top-ups of the special CMG options found in the table.
    pub top_ups: Vec<TopUp>,
    /// Base plus all top-ups (the coder chooses which options apply; this is the upper bound).
    pub total_with_all_options: Option<u64>,
    /// The context used.
    pub context: TariffContext,
    /// Line of the base tariff in the CSV.
    pub line: Option<usize>,
    /// A note when something was missing, Indonesian.
    pub note_id: Option<String>,
    /// A note when something was missing, English.
    pub note_en: Option<String>,
}

/// One top-up.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TopUp {
    /// The option code.
    pub option: String,
    /// Rupiah.
    pub amount: u64,
}

/// How far to trust the preview.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ConfidenceInfo {
    /// `high`, `medium` or `low`.
    pub level: String,
    /// Reasons, Indonesian.
    pub reasons_id: Vec<String>,
    /// Reasons, English.
    pub reasons_en: Vec<String>,
}

/// The kind of a trace step, in the order the grouper takes them. Serialised in snake case
/// (`case_type`); the TypeScript union in `src/wasm.rs` and the README list the same values
/// (a test checks both against [`Step::ALL`]).
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// The claim as received.
    Input,
    /// The principal diagnosis accepted.
    Principal,
    /// The neonatal path (age 0–28 days).
    Neonate,
    /// The delivery path.
    Delivery,
    /// The CMG from the principal diagnosis.
    Cmg,
    /// A procedure that decides (or is known not to change) the group.
    Procedure,
    /// The medical or birth-weight group of the case type.
    CaseType,
    /// Severity from the secondary diagnoses.
    Severity,
    /// A special CMG option.
    SpecialCmg,
    /// The tariff.
    Tariff,
    /// An X group: why the case cannot be grouped.
    Error,
}

impl Step {
    /// Every step kind, in order.
    pub const ALL: [Step; 11] = [
        Step::Input,
        Step::Principal,
        Step::Neonate,
        Step::Delivery,
        Step::Cmg,
        Step::Procedure,
        Step::CaseType,
        Step::Severity,
        Step::SpecialCmg,
        Step::Tariff,
        Step::Error,
    ];

    /// The serialised name (`case_type`).
    pub fn name(self) -> &'static str {
        match self {
            Step::Input => "input",
            Step::Principal => "principal",
            Step::Neonate => "neonate",
            Step::Delivery => "delivery",
            Step::Cmg => "cmg",
            Step::Procedure => "procedure",
            Step::CaseType => "case_type",
            Step::Severity => "severity",
            Step::SpecialCmg => "special_cmg",
            Step::Tariff => "tariff",
            Step::Error => "error",
        }
    }
}

impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.name())
    }
}

/// One step of the trace.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TraceStep {
    /// What kind of step.
    pub step: Step,
    /// What was decided (a code, a group, a level).
    pub decision: String,
    /// Why, Indonesian.
    pub reason_id: String,
    /// Why, English.
    pub reason_en: String,
    /// The table (`diagnoses.tsv`), when a row decided it.
    pub table: Option<String>,
    /// The row's line in that table.
    pub line: Option<usize>,
    /// What that row rests on: `outcome` (a real E-Klaim result), `guideline` or `inferred`.
    pub evidence: Option<Evidence>,
}

/// How one secondary diagnosis counts.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SecondaryEffect {
    /// The code.
    pub code: String,
    /// Its level in severity.tsv (1 when not listed).
    pub level: u8,
    /// False when excluded (too close to the principal) or not relevant (ambulatory case).
    pub counted: bool,
    /// Why it does not count, Indonesian.
    pub excluded_id: Option<String>,
    /// Why it does not count, English.
    pub excluded_en: Option<String>,
    /// True when grouping without it gives another code.
    pub changes_result: bool,
    /// The CBG code without it.
    pub cbg_without: String,
}

/// A kind of documented secondary diagnosis that would raise the severity.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Guidance {
    /// The severity it would give (`II`, `III`).
    pub severity: String,
    /// The kind of condition, Indonesian.
    pub label_id: String,
    /// English.
    pub label_en: String,
    /// Code specs of that kind (from severity.tsv).
    pub codes: Vec<String>,
}

/// What-if: the effect of each secondary diagnosis, and documentation guidance.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct WhatIf {
    /// Each coded secondary diagnosis.
    pub secondaries: Vec<SecondaryEffect>,
    /// Kinds of secondary diagnoses that would change the severity if present and documented.
    pub guidance: Vec<Guidance>,
    /// How to read the guidance, Indonesian.
    pub note_id: String,
    /// English.
    pub note_en: String,
}

/// The result of grouping one claim.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct GroupResult {
    /// Always true: this is a preview, not E-Klaim's result.
    pub preview: bool,
    /// "Pratinjau — bukan hasil resmi E-Klaim".
    pub label_id: String,
    /// "Preview — not an official E-Klaim result".
    pub label_en: String,
    /// The claim's id, when given.
    pub id: Option<String>,
    /// The CBG code and description (`J-4-16-I`, "Pneumonia sederhana … (ringan)").
    pub cbg: Described,
    /// The CMG.
    pub cmg: Described,
    /// The case type (`4`, "Rawat inap bukan prosedur").
    pub case_type: Described,
    /// The severity.
    pub severity: SeverityInfo,
    /// Set for X groups.
    pub error: Option<GroupingError>,
    /// Special CMG options the case qualifies for.
    pub special_cmg_options: Vec<SpecialOption>,
    /// Tariff, when a tariff table is loaded.
    pub tariff: Option<TariffResult>,
    /// Confidence with reasons.
    pub confidence: ConfidenceInfo,
    /// Every step and the row that decided it.
    pub trace: Vec<TraceStep>,
    /// What-if per secondary and documentation guidance.
    pub what_if: WhatIf,
    /// The claim's IM codes as E-Klaim's import to the INA-CBG track treats them (`EKLAIM.md`
    /// §3); `None` when the claim has none.
    pub im_import: Option<ImImport>,
    /// The definition set's version.
    pub tables_version: String,
}

/// What the INA-CBG track does with a claim coded for iDRG: every IM code is refused (E2101,
/// X-0-96-X / X-0-95-X), and the preview with the 2010 codes they refine shows what the claim
/// groups to once the coder uses those. The iDRG result itself (MDC, DRG) is not previewed:
/// Koder has no iDRG definition set.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ImImport {
    /// The IM codes, in claim order.
    pub codes: Vec<ImCode>,
    /// The preview with each IM code replaced by its 2010 code; `None` when one has none.
    pub cbg_with_2010_codes: Option<Described>,
    /// What this means, in Indonesian.
    pub note_id: String,
    /// What this means, in English.
    pub note_en: String,
}

/// An IM code of the claim and the 2010 code it refines.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ImCode {
    /// The code as typed.
    pub code: String,
    /// Its system (`icd10` diagnoses, `icd9cm` procedures).
    pub system: CodeSystem,
    /// The 2010 code to use on the INA-CBG track (`None` when a loaded list has the code and the
    /// 2010 catalog nothing it refines).
    pub parent: Option<String>,
    /// True when that 2010 code may be coded as it stands; false when one of its subcodes must be
    /// chosen (83.15 → the category 83.1).
    pub parent_specific: bool,
    /// `code_set` when a loaded list says it is IM, `shape` when only its form does.
    pub source: ImSource,
}

/// The CBG code alone ([`Grouper::cbg`]).
#[derive(Clone, Debug, PartialEq)]
pub struct CbgOnly {
    /// CBG code (`J-4-16-I`), or the X group of an ungroupable claim.
    pub code: String,
    /// Description, Indonesian (with the severity).
    pub description_id: String,
    /// True for an X group.
    pub ungroupable: bool,
    /// Base tariff in rupiah, when a tariff table is loaded and has the group.
    pub tariff: Option<u64>,
}

/// The tariff context of a claim: the caller's, with the claim's care class when not given.
fn tariff_context(claim: &Claim, context: Option<&TariffContext>) -> TariffContext {
    let mut ctx = context.cloned().unwrap_or_default();
    if ctx.care_class.is_none() {
        ctx.care_class = claim.care_class;
    }
    ctx
}

/// A secondary diagnosis as assessed: code, level, why it does not count (Indonesian, English).
type Assessed = (String, u8, Option<(String, String)>);

/// The core outcome (before descriptions, tariffs and what-if).
#[derive(Clone)]
struct Outcome<'c> {
    group: GroupCode,
    level: u8,
    error: Option<(String, String)>,
    trace: Vec<TraceStep>,
    confidence: Confidence,
    reasons: Vec<(String, String)>,
    secondaries: Vec<Assessed>,
    principal: Option<Code<'c>>,
    /// Every resolved diagnosis and procedure code (for special options).
    dx: Vec<&'c str>,
    px: Vec<&'c str>,
}

use steps::{at, step};

fn severity_code(g: &GroupCode, level: u8) -> &'static str {
    if g.is_error() {
        "X"
    } else if !g.has_severity() {
        "0"
    } else {
        match level {
            3 => "III",
            2 => "II",
            _ => "I",
        }
    }
}

fn full_code(g: &GroupCode, level: u8) -> String {
    format!("{g}-{}", severity_code(g, level))
}

/// Names of the case types (Juknis INA-CBG).
pub fn case_type_name(ct: u8) -> (&'static str, &'static str) {
    match ct {
        1 => ("Prosedur rawat inap", "Inpatient procedure"),
        2 => ("Prosedur besar rawat jalan", "Major ambulatory procedure"),
        3 => ("Prosedur signifikan rawat jalan", "Significant ambulatory procedure"),
        4 => ("Rawat inap bukan prosedur", "Inpatient without procedure"),
        5 => ("Rawat jalan bukan prosedur", "Ambulatory without procedure"),
        6 => ("Rawat inap kebidanan (persalinan)", "Inpatient delivery"),
        7 => ("Rawat jalan kebidanan (persalinan)", "Ambulatory delivery"),
        8 => ("Rawat inap neonatal", "Inpatient neonatal"),
        9 => ("Rawat jalan neonatal", "Ambulatory neonatal"),
        _ => ("Kesalahan (tidak dapat dikelompokkan)", "Error (ungroupable)"),
    }
}

fn severity_name(code: &str) -> (&'static str, &'static str, u8) {
    match code {
        "I" => ("ringan", "mild", 1),
        "II" => ("sedang", "moderate", 2),
        "III" => ("berat", "severe", 3),
        "0" => ("rawat jalan (tanpa tingkat keparahan)", "ambulatory (no severity)", 0),
        _ => ("kesalahan", "error", 0),
    }
}

impl Grouper {
    /// The grouper with the bundled definition set (parsed once per process).
    pub fn bundled() -> Result<&'static Grouper, Error> {
        BUNDLED
            .get_or_init(|| {
                let tables = tables::parse(BUNDLED_TXT).map_err(|p| {
                    Error::DataCorruption(format!(
                        "grouper tables: {}",
                        p.first().map(ToString::to_string).unwrap_or_default()
                    ))
                })?;
                Ok(Grouper { tables: Arc::new(tables), bundled: true, tariffs: None })
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// A grouper with the bundled definition set and no tariff table.
    pub fn new() -> Result<Grouper, Error> {
        Grouper::bundled().cloned()
    }

    /// The definition set.
    pub fn tables(&self) -> &Tables {
        &self.tables
    }

    /// Replaces the definition set with `text` (the format of `data/grouper`: each file
    /// introduced by a line `@file NAME.tsv`). Code specs are checked against the catalogs.
    /// On error the current set stays loaded.
    pub fn load_tables(&mut self, text: &str) -> Result<GroupingVersion, Error> {
        if text.len() > MAX_TABLE_BYTES {
            return Err(Error::InputTooLong { field: "grouping_tables", max_bytes: MAX_TABLE_BYTES });
        }
        let t = tables::parse(text).map_err(|p| table_errors(&p))?;
        let cat = Catalog::embedded()?;
        let mut problems = Vec::new();
        let mut checked: std::collections::HashMap<(bool, &str), bool> = std::collections::HashMap::new();
        for (file, line, col, procedure, spec) in &t.spec_refs {
            let sys = if *procedure { CodeSystem::Icd9cm } else { CodeSystem::Icd10 };
            let ok = *checked.entry((*procedure, spec.as_str())).or_insert_with(|| spec_matches_some(&cat, sys, spec));
            if !ok {
                problems.push(TableError {
                    file: file.to_string(),
                    line: *line,
                    message: format!("`{spec}` matches no {} code ({col})", sys.name()),
                });
                if problems.len() >= 10 {
                    break;
                }
            }
        }
        if !problems.is_empty() {
            return Err(table_errors(&problems));
        }
        self.tables = Arc::new(t);
        self.bundled = false;
        Ok(self.version())
    }

    /// Loads a tariff table (`# koder-tariff v1` CSV, see `data/grouper/README.md`). On error
    /// the current table stays loaded.
    pub fn load_tariffs(&mut self, csv: &str) -> Result<GroupingVersion, Error> {
        if csv.len() > MAX_TABLE_BYTES {
            return Err(Error::InputTooLong { field: "tariffs", max_bytes: MAX_TABLE_BYTES });
        }
        self.tariffs = Some(Arc::new(TariffTable::parse(csv)?));
        Ok(self.version())
    }

    /// Removes the tariff table.
    pub fn clear_tariffs(&mut self) {
        self.tariffs = None;
    }

    /// Versions of the definition set and tariff table.
    pub fn version(&self) -> GroupingVersion {
        let t = &self.tables;
        GroupingVersion {
            tables: t.meta.get("version").cloned().unwrap_or_default(),
            title: t.meta.get("title").cloned().unwrap_or_default(),
            format: tables::FORMAT_VERSION,
            bundled: self.bundled,
            rows: t.row_count(),
            groups: t.groups.len(),
            tariffs: self.tariffs.as_ref().map(|x| x.version.clone().unwrap_or_else(|| "koder-tariff v1".into())),
            tariff_rows: self.tariffs.as_ref().map_or(0, |x| x.row_count),
        }
    }

    /// Groups one claim as received (validates it first; a missing setting is an X group).
    pub fn group(
        &self,
        cat: &Catalog,
        sets: &CodeSets,
        input: ClaimInput,
        context: Option<&TariffContext>,
    ) -> Result<GroupResult, Error> {
        let claim = input.validate()?;
        Ok(self.group_claim(cat, sets, &claim, context))
    }

    /// The CBG code alone, for audits of many claims: the same grouping as [`Grouper::group_claim`]
    /// without special options, what-if, guidance or result assembly.
    pub fn cbg(&self, cat: &Catalog, sets: &CodeSets, claim: &Claim, context: Option<&TariffContext>) -> CbgOnly {
        let out = self.core(cat, sets, claim);
        let cbg = self.described(&out);
        let ungroupable = out.error.is_some();
        let tariff = match (&self.tariffs, ungroupable) {
            (Some(tt), false) => tt.lookup(&cbg.code, &tariff_context(claim, context)).map(|h| h.amount),
            _ => None,
        };
        CbgOnly { code: cbg.code, description_id: cbg.description_id, ungroupable, tariff }
    }

    /// The CBG code of an outcome with its descriptions (the severity named in brackets).
    fn described(&self, out: &Outcome<'_>) -> Described {
        let sev = severity_code(&out.group, out.level);
        let (sev_id, sev_en, _) = severity_name(sev);
        let gdef = self.tables.groups.get(&out.group.to_string());
        let suffix = |id: bool| match sev {
            "I" | "II" | "III" => format!(" ({})", if id { sev_id } else { sev_en }),
            _ => String::new(),
        };
        Described {
            code: full_code(&out.group, out.level),
            description_id: format!("{}{}", gdef.map_or("", |g| g.description_id.as_str()), suffix(true)),
            description_en: format!("{}{}", gdef.map_or("", |g| g.description_en.as_str()), suffix(false)),
        }
    }

    /// Groups a validated claim.
    pub fn group_claim(
        &self,
        cat: &Catalog,
        sets: &CodeSets,
        claim: &Claim,
        context: Option<&TariffContext>,
    ) -> GroupResult {
        let mut out = self.core(cat, sets, claim);
        let t = &self.tables;
        let cbg = self.described(&out);
        let code = cbg.code.clone();
        let sev = severity_code(&out.group, out.level);
        let (sev_id, sev_en, sev_level) = severity_name(sev);
        let cmg_def = t.cmgs.iter().find(|c| c.cmg == out.group.cmg);
        let cmg = Described {
            code: out.group.cmg.clone(),
            description_id: cmg_def.map_or(String::new(), |c| c.name_id.clone()),
            description_en: cmg_def.map_or(String::new(), |c| c.name_en.clone()),
        };
        let (ct_id, ct_en) = case_type_name(out.group.case_type);
        let case_type = Described {
            code: out.group.case_type.to_string(),
            description_id: ct_id.into(),
            description_en: ct_en.into(),
        };
        let error = out.error.as_ref().map(|(id, en)| GroupingError {
            code: code.clone(),
            reason_id: id.clone(),
            reason_en: en.clone(),
        });
        let mut trace = std::mem::take(&mut out.trace);
        let mut special = if error.is_none() { self.special_options(claim, &out, &mut trace) } else { Vec::new() };
        let tariff = self.tariff(claim, &code, error.is_some(), &mut special, context, &mut trace);
        let secondaries = self.what_if_secondaries(cat, sets, claim, &out, &code);
        let im_import = self.im_import(cat, sets, claim);
        let guidance = if out.group.has_severity() && out.level < 3 { self.guidance(&out) } else { Vec::new() };
        let (reasons_id, reasons_en): (Vec<String>, Vec<String>) = out.reasons.iter().cloned().unzip();
        GroupResult {
            preview: true,
            label_id: PREVIEW_LABEL_ID.into(),
            label_en: PREVIEW_LABEL_EN.into(),
            id: claim.id.clone(),
            cbg,
            cmg,
            case_type,
            severity: SeverityInfo {
                code: sev.into(),
                level: sev_level,
                name_id: sev_id.into(),
                name_en: sev_en.into(),
            },
            error,
            special_cmg_options: special,
            tariff,
            confidence: ConfidenceInfo { level: out.confidence.name().into(), reasons_id, reasons_en },
            trace,
            what_if: WhatIf {
                secondaries,
                guidance,
                note_id: "Panduan dokumentasi: daftar ini menunjukkan jenis diagnosis sekunder yang menaikkan tingkat \
                          keparahan bila kondisinya benar-benar ada, ditegakkan dokter dan tercatat di rekam medis. \
                          Jangan menambahkan kode yang tidak didukung dokumentasi."
                    .into(),
                note_en: "Documentation guidance: these kinds of secondary diagnoses raise the severity when the \
                          condition is really present, diagnosed by the doctor and recorded in the medical record. \
                          Never add codes the record does not support."
                    .into(),
            },
            im_import,
            tables_version: self.tables.meta.get("version").cloned().unwrap_or_default(),
        }
    }

    /// Special CMG options (`special.tsv`) the case qualifies for, with their trace entries.
    fn special_options(&self, claim: &Claim, out: &Outcome<'_>, trace: &mut Vec<TraceStep>) -> Vec<SpecialOption> {
        let t = &self.tables;
        let mut special = Vec::new();
        for r in &t.special {
            if !r.setting.covers(Some(claim.care_setting())) {
                continue;
            }
            let px_hit: Vec<&str> = out.px.iter().copied().filter(|p| any_matches(&r.procedures, p)).collect();
            let dx_hit: Vec<&str> = out.dx.iter().copied().filter(|d| any_matches(&r.diagnoses, d)).collect();
            if (!r.procedures.is_empty() && px_hit.is_empty()) || (!r.diagnoses.is_empty() && dx_hit.is_empty()) {
                continue;
            }
            if let Some(min) = r.min_los {
                if claim.los_days.is_none_or(|l| l < min) {
                    trace.push(at(
                        step(
                            Step::SpecialCmg,
                            format!("{} —", r.option),
                            format!("{} tidak ditawarkan: perlu lama rawat ≥ {min} hari", r.option),
                            format!("{} not offered: needs a stay of at least {min} days", r.option),
                        ),
                        &r.source,
                    ));
                    continue;
                }
            }
            let mut triggered_by: Vec<String> = px_hit.iter().chain(dx_hit.iter()).map(|s| s.to_string()).collect();
            triggered_by.dedup();
            trace.push(at(
                step(
                    Step::SpecialCmg,
                    r.option.clone(),
                    format!(
                        "opsi special CMG {} ({}) dipicu oleh {}",
                        r.option,
                        r.description_id,
                        triggered_by.join(", ")
                    ),
                    format!(
                        "special CMG option {} ({}) triggered by {}",
                        r.option,
                        r.description_en,
                        triggered_by.join(", ")
                    ),
                ),
                &r.source,
            ));
            special.push(SpecialOption {
                code: r.option.clone(),
                kind: r.kind,
                description_id: r.description_id.clone(),
                description_en: r.description_en.clone(),
                triggered_by,
                tariff: None,
                source: format!("{}:{}", r.source.file, r.source.line),
            });
        }
        special
    }

    /// The tariff of `code` and the special options' top-ups, when a tariff table is loaded.
    fn tariff(
        &self,
        claim: &Claim,
        code: &str,
        error: bool,
        special: &mut [SpecialOption],
        context: Option<&TariffContext>,
        trace: &mut Vec<TraceStep>,
    ) -> Option<TariffResult> {
        self.tariffs.as_ref().map(|tt| {
            let ctx = tariff_context(claim, context);
            let mut missing = Vec::new();
            if ctx.regional.is_none() {
                missing.push("regional");
            }
            if ctx.hospital_class.is_none() {
                missing.push("hospital_class");
            }
            if ctx.ownership.is_none() {
                missing.push("ownership");
            }
            if ctx.care_class.is_none() && claim.setting == Some(Setting::Inpatient) {
                missing.push("care_class");
            }
            let hit = if error { None } else { tt.lookup(code, &ctx) };
            let mut top_ups = Vec::new();
            for o in special.iter_mut() {
                if let Some(h) = tt.lookup(&o.code, &ctx) {
                    o.tariff = Some(h.amount);
                    top_ups.push(TopUp { option: o.code.clone(), amount: h.amount });
                }
            }
            let (note_id, note_en) = if error {
                (Some("Kelompok X tidak bertarif.".to_string()), Some("X groups have no tariff.".to_string()))
            } else if hit.is_none() {
                let m = if missing.is_empty() {
                    String::new()
                } else {
                    format!(" (konteks belum lengkap: {})", missing.join(", "))
                };
                let me = if missing.is_empty() {
                    String::new()
                } else {
                    format!(" (context incomplete: {})", missing.join(", "))
                };
                (
                    Some(format!("Tarif {code} tidak ditemukan di tabel tarif{m}.")),
                    Some(format!("No tariff for {code} in the tariff table{me}.")),
                )
            } else {
                (None, None)
            };
            trace.push(step(
                Step::Tariff,
                hit.as_ref().map_or("—".to_string(), |h| h.amount.to_string()),
                note_id.clone().unwrap_or_else(|| format!("tarif {code} dari tabel tarif")),
                note_en.clone().unwrap_or_else(|| format!("tariff of {code} from the tariff table")),
            ));
            if let (Some(h), Some(last)) = (&hit, trace.last_mut()) {
                last.table = Some("tariffs.csv".into());
                last.line = Some(h.line);
            }
            let base = hit.as_ref().map(|h| h.amount);
            TariffResult {
                base,
                total_with_all_options: base.map(|b| b + top_ups.iter().map(|t| t.amount).sum::<u64>()),
                top_ups,
                context: ctx,
                line: hit.map(|h| h.line),
                note_id,
                note_en,
            }
        })
    }

    /// The effect of each secondary diagnosis: the CBG code without it. A secondary that can
    /// shape the group (a delivery or neonatal diagnosis) is grouped again without it; for the
    /// others only the severity changes, so it is recomputed from the other secondaries.
    fn what_if_secondaries(
        &self,
        cat: &Catalog,
        sets: &CodeSets,
        claim: &Claim,
        out: &Outcome<'_>,
        code: &str,
    ) -> Vec<SecondaryEffect> {
        let severe = out.group.has_severity();
        let counted = |(_, lv, ex): &Assessed| if ex.is_none() { *lv } else { 1 };
        out.secondaries
            .iter()
            .enumerate()
            .map(|(i, (code_s, level, excluded))| {
                let cbg_without = if self.shapes_group(code_s) {
                    let mut without = claim.clone();
                    if i < without.secondary.len() {
                        without.secondary.remove(i);
                    }
                    let o2 = self.core(cat, sets, &without);
                    full_code(&o2.group, o2.level)
                } else {
                    let rest = out.secondaries.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, a)| counted(a));
                    full_code(&out.group, rest.max().unwrap_or(1).max(1))
                };
                let why = |id: bool| {
                    excluded.as_ref().map(|e| if id { e.0.clone() } else { e.1.clone() }).or_else(|| {
                        (!severe).then(|| {
                            if id {
                                "kasus tanpa tingkat keparahan (rawat jalan/kesalahan)".to_string()
                            } else {
                                "case without severity (ambulatory/error)".to_string()
                            }
                        })
                    })
                };
                SecondaryEffect {
                    code: code_s.clone(),
                    level: *level,
                    counted: excluded.is_none() && severe,
                    excluded_id: why(true),
                    excluded_en: why(false),
                    changes_result: cbg_without != code,
                    cbg_without,
                }
            })
            .collect()
    }

    /// The claim's IM codes and the preview with their 2010 codes (see [`ImImport`]).
    fn im_import(&self, cat: &Catalog, sets: &CodeSets, claim: &Claim) -> Option<ImImport> {
        let dx = claim.principal.iter().chain(&claim.secondary).map(|c| (CodeSystem::Icd10, c));
        let all = dx.chain(claim.procedures.iter().map(|c| (CodeSystem::Icd9cm, c)));
        let codes: Vec<ImCode> = all.filter_map(|(system, typed)| im_code(cat, sets, system, typed)).collect();
        if codes.is_empty() {
            return None;
        }
        let cbg_with_2010_codes = codes
            .iter()
            .all(|c| c.parent_specific)
            .then(|| self.described(&self.core(cat, sets, &with_2010_codes(claim, &codes))));
        let list = codes.iter().map(|c| c.code.as_str()).collect::<Vec<_>>().join(", ");
        Some(ImImport {
            codes,
            cbg_with_2010_codes,
            note_id: format!(
                "{list}: kode IM berlaku di jalur iDRG; saat disalin ke jalur INA-CBG ditolak (E2101 \"IM tidak \
                 berlaku\"). Pratinjau dengan kode 2010-nya menunjukkan hasil INA-CBG setelah kode diganti. Hasil \
                 iDRG (MDC, DRG) tidak dipratinjau."
            ),
            note_en: format!(
                "{list}: IM codes are valid on the iDRG track; copied to the INA-CBG track they are refused (E2101 \
                 \"IM tidak berlaku\"). The preview with their 2010 codes shows the INA-CBG result once they are \
                 replaced. The iDRG result (MDC, DRG) is not previewed."
            ),
        })
    }

    /// True when a secondary diagnosis can decide the group itself (a delivery diagnosis such
    /// as Z37 or O80–O84, or a neonatal row's diagnosis), not only the severity.
    fn shapes_group(&self, code: &str) -> bool {
        let t = &self.tables;
        t.deliveries.iter().any(|r| r.trigger == tables::DeliveryTrigger::Diagnosis && any_matches(&r.codes, code))
            || t.neonates.iter().any(|r| any_matches(&r.diagnoses, code))
    }

    /// Kinds of secondary diagnoses of `severity.tsv` that would raise this case's severity
    /// (at most 12, severe first), leaving out those that would not count with the principal.
    fn guidance(&self, out: &Outcome<'_>) -> Vec<Guidance> {
        let t = &self.tables;
        let p = out.principal.map(|p| p.code());
        let exclusions: Vec<&tables::ExclusionRow> =
            p.map_or(Vec::new(), |p| t.exclusions.iter().filter(|e| any_matches(&e.principal, p)).collect());
        let mut rows: Vec<&tables::SeverityRow> = Vec::new();
        for r in t.severity.iter().filter(|r| r.level > out.level) {
            if let Some(p) = p {
                let probe = r.codes.first().map(|s| s.from.as_str()).unwrap_or("");
                let same_cat = probe.get(..3).is_some_and(|c| p.starts_with(c));
                let excluded = exclusions.iter().any(|e| r.codes.iter().any(|s| any_matches(&e.secondary, &s.from)));
                if same_cat || excluded {
                    continue;
                }
            }
            if !rows.iter().any(|x| x.label_id == r.label_id) {
                rows.push(r);
            }
        }
        rows.sort_by_key(|r| std::cmp::Reverse(r.level));
        rows.truncate(12);
        rows.into_iter()
            .map(|r| Guidance {
                severity: if r.level == 3 { "III".into() } else { "II".into() },
                label_id: r.label_id.clone(),
                label_en: r.label_en.clone(),
                codes: r.codes.iter().map(ToString::to_string).collect(),
            })
            .collect()
    }

    /// An X outcome from a stopped run.
    fn x<'c>(&self, run: steps::Run<'_, 'c>, stop: steps::Stop) -> Outcome<'c> {
        let steps::Run { mut trace, confidence, mut reasons, .. } = run;
        let group =
            GroupCode::parse(&stop.code).unwrap_or(GroupCode { cmg: "X".into(), case_type: 0, group: "99".into() });
        let s = steps::step(Step::Error, format!("{group}-X"), stop.id.clone(), stop.en.clone());
        trace.push(match &stop.src {
            Some(src) => steps::at(s, src),
            None => s,
        });
        reasons.push((
            "Kasus tidak dapat dikelompokkan sebagaimana diisi; perbaiki data lalu kelompokkan lagi.".into(),
            "The case cannot be grouped as entered; correct the data and group again.".into(),
        ));
        Outcome {
            group,
            level: 0,
            error: Some((stop.id, stop.en)),
            trace,
            confidence,
            reasons,
            secondaries: Vec::new(),
            principal: None,
            dx: Vec::new(),
            px: Vec::new(),
        }
    }

    /// The grouping steps in INA-CBG's order (see [`steps`]).
    fn core<'c>(&self, cat: &'c Catalog, sets: &CodeSets, claim: &Claim) -> Outcome<'c> {
        let mut run = steps::Run::new(&self.tables, cat, sets, claim);
        match Self::pipeline(&mut run) {
            Ok((codes, group, level, secondaries)) => {
                let steps::Run { trace, confidence, reasons, .. } = run;
                Outcome {
                    group,
                    level,
                    error: None,
                    trace,
                    confidence,
                    reasons: if reasons.is_empty() {
                        vec![(
                            "Setiap baris yang menentukan hasil bersandar pada hasil E-Klaim nyata atau juknis.".into(),
                            "Every deciding row rests on a real E-Klaim result or the guideline.".into(),
                        )]
                    } else {
                        reasons
                    },
                    secondaries,
                    principal: Some(codes.principal),
                    dx: codes.dx,
                    px: codes.px,
                }
            }
            Err(stop) => self.x(run, stop),
        }
    }

    #[allow(clippy::type_complexity)]
    fn pipeline<'c>(
        run: &mut steps::Run<'_, 'c>,
    ) -> Result<(steps::Codes<'c>, GroupCode, u8, Vec<Assessed>), steps::Stop> {
        let codes = run.validate()?;
        let mut group_dx = Vec::new();
        let group = if run.is_neonate(&codes) {
            let (g, dx) = run.neonate(&codes)?;
            group_dx = dx;
            g
        } else if let Some(g) = run.delivery(&codes)? {
            g
        } else {
            let row = run.principal_row(&codes)?;
            match run.deciding_procedure(&codes, row)? {
                Some(g) => g,
                None => run.medical_group(&codes, row)?,
            }
        };
        let (level, secondaries) = run.severity(&codes, &group, &group_dx);
        Ok((codes, group, level, secondaries))
    }
}

/// An IM code of the claim (one the 2010 catalog lacks and the loaded list or its shape says is
/// IM), with the 2010 code it refines; `None` for any other code.
fn im_code(cat: &Catalog, sets: &CodeSets, system: CodeSystem, typed: &str) -> Option<ImCode> {
    if cat.find(system, typed).is_some_and(|c| c.is_code()) {
        return None;
    }
    let source = if sets.for_base(system).is_some() { ImSource::CodeSet } else { ImSource::Shape };
    let code = typed.to_string();
    match sets.im_parent(cat, system, typed) {
        Some(p) => {
            let parent_specific = if system == CodeSystem::Icd9cm { p.is_leaf() } else { p.is_specific() };
            Some(ImCode { code, system, parent: Some(p.code().to_string()), parent_specific, source })
        }
        // Listed, but nothing of 2010 it refines: refused, with no code to offer.
        None => sets.for_base(system).and_then(|s| s.entry(typed)).map(|_| ImCode {
            code,
            system,
            parent: None,
            parent_specific: false,
            source,
        }),
    }
}

/// The claim with each IM code replaced by its 2010 code; two diagnoses that become the same
/// code (A15.11 and A15.1) are coded once.
fn with_2010_codes(claim: &Claim, codes: &[ImCode]) -> Claim {
    let to_2010 = |system: CodeSystem, typed: &mut String| {
        if let Some(p) = codes.iter().find(|c| c.system == system && c.code == *typed).and_then(|c| c.parent.clone()) {
            *typed = p;
        }
    };
    let mut fixed = claim.clone();
    fixed.principal.iter_mut().chain(fixed.secondary.iter_mut()).for_each(|c| to_2010(CodeSystem::Icd10, c));
    fixed.procedures.iter_mut().for_each(|c| to_2010(CodeSystem::Icd9cm, c));
    let mut seen: Vec<String> = fixed.principal.iter().cloned().collect();
    fixed.secondary.retain(|c| {
        !seen.contains(c) && {
            seen.push(c.clone());
            true
        }
    });
    fixed
}

/// True when at least one code of `sys` matches the spec (codes sharing the bounds' common
/// prefix are scanned).
fn spec_matches_some(cat: &Catalog, sys: CodeSystem, spec: &str) -> bool {
    let Some(s) = CodeSpec::parse(spec) else { return false };
    let (Some(a), Some(b)) = (crate::text::code_key(&s.from), crate::text::code_key(&s.to)) else { return false };
    let common: String = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).map(|(x, _)| x).collect();
    cat.codes_with_prefix(Some(sys), &common, 200_000)
        .into_iter()
        .filter_map(|id| cat.get(id))
        .any(|c| c.is_code() && s.matches(c.code()))
}

fn table_errors(p: &[TableError]) -> Error {
    let mut detail: Vec<String> = p.iter().take(5).map(ToString::to_string).collect();
    if p.len() > 5 {
        detail.push(format!("… {} lagi / more", p.len() - 5));
    }
    Error::InvalidInput { field: "grouping_tables", detail: detail.join("; ") }
}

#[cfg(test)]
mod tests;
