//! From a resume line to codes: `suggest` reads one line of free text as a doctor writes the final
//! diagnosis in the resume medis ("DHF gr II + trombositopenia, riw HT", "CHF NYHA III ec HHD",
//! "G2P1A0 hamil 39 mgg inpartu, KPD 12 jam", "SC a/i KPD") and proposes codes, each with the
//! text that supports it, the rule that placed it and a confidence — a proposal the coder
//! confirms, never a silent change.
//!
//! The steps, each in its own module:
//! 1. [`lex`]: folded words, numbers and meaningful punctuation with their spans;
//! 2. [`segment`]: conditions split at separators and cue words (`data/suggest/cues.tsv`), each
//!    with its assertion (present, suspected, negated, history …), its link to the previous
//!    condition (etiology "ec", "dengan", indication "a/i") and its values (stage, grade, weeks …);
//! 3. [`matcher`]: each condition's words matched to codes with the search of [`crate::search`],
//!    split further where one condition names several ("DHF trombositopenia");
//! 4. [`propose`]: the claim — history and status codes, negations dropped, values that refine a
//!    code, combination codes (`data/suggest/combinations.tsv`), chapter XV in pregnancy, delivery
//!    and newborn codes, symptoms explained by a definitive diagnosis dropped (the claim checks'
//!    own table), the principal diagnosis first.
//!
//! The result's `claim` has the shape `check` and `group` read, so the claim checks and the
//! grouping preview run on the proposal before the coder accepts it
//! ([`crate::Koder::suggest_review`]).

mod lex;
mod matcher;
mod propose;
mod segment;
mod tables;

use crate::catalog::{Catalog, CodeSystem};
use crate::checks::claim::{Facility, Setting};
use crate::error::Error;
use serde::{Deserialize, Serialize};

/// Longest text `suggest` accepts, in bytes (a resume diagnosis section, not a whole record).
pub const MAX_SUGGEST_BYTES: usize = 4096;

/// Options of `suggest`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct SuggestOptions {
    /// The diagnosis code system: `icd10` (default) or `icpc2` (primary care). Procedures are
    /// always ICD-9-CM.
    pub system: Option<CodeSystem>,
    /// `inpatient` or `outpatient` (decides "post <operation>", haemodialysis sessions …).
    pub setting: Option<Setting>,
}

/// How sure the proposal is of one code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// A vocabulary term or title covers every word; no assumption made.
    High,
    /// Most words covered, or a rule added or changed the code (combination, pregnancy,
    /// suspected condition, delivery outcome).
    Medium,
    /// A partial or approximate match; review before accepting.
    Low,
}

/// What the line says of a condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Assertion {
    /// Stated as present.
    Present,
    /// "susp.", "suspek", "r/o", "?": coded as if established (ICD-10 Vol. 2 (2010) 4.4.2).
    Suspected,
    /// "dd/": a differential diagnosis, not coded.
    Differential,
    /// "tanpa", "tidak", "tdk": absent, never coded.
    Negated,
    /// "riw.", "riwayat", "bekas": personal history (a Z-code or nothing).
    History,
    /// "riwayat keluarga": family history (Z80–Z84).
    FamilyHistory,
    /// "post", "pasca": after an operation or an illness.
    Post,
    /// "post op", "pasca operasi" before a condition: after an operation for it.
    PostOperative,
    /// "on HD", "on OAT": a treatment the patient is on.
    OnTreatment,
}

/// How a condition relates to the one before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Link {
    /// "ec", "akibat", "karena": it causes the previous condition.
    Etiology,
    /// "dengan", "dgn", "disertai": it comes with the previous condition.
    With,
    /// "a/i", "atas indikasi": it is the indication of the previous procedure.
    Indication,
}

/// What the line is about, beyond its conditions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Context {
    /// A current pregnancy ("hamil", "G2P1A0", "UK 39 mgg").
    Pregnancy,
    /// In labour ("inpartu").
    Labour,
    /// A delivery in this stay ("partus", "SC", "lahir").
    Delivery,
    /// After delivery ("nifas", "post partum").
    Puerperium,
    /// The patient is a newborn ("neonatus", "NCB", "bayi").
    Newborn,
}

/// Kinds of values a line carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QualifierKind {
    /// "st V", "stage 3", "stadium IIIB" (the number).
    Stage,
    /// "gr II", "grade 3", "derajat 2".
    Grade,
    /// "NYHA III".
    Nyha,
    /// "GCS 15", "VAS 6".
    Score,
    /// Gestational age in weeks ("39 mgg").
    Weeks,
    /// "12 jam".
    Hours,
    /// A duration in days, months or years ("3 hari"), or a day number ("hari ke-3").
    Days,
    /// "2x", "2 kolf".
    Count,
    /// "5 jahitan" (stitches).
    Stitches,
    /// A fracture or wound: 1 open ("terbuka"), 0 closed ("tertutup").
    Open,
    /// Birth weight in grams ("1800 gram", "1,8 kg").
    Grams,
    /// "15%" (burnt body surface).
    Percent,
    /// Gravida of an obstetric formula (G2P1A0 → 2).
    Gravida,
    /// Para of an obstetric formula.
    Para,
    /// Abortus of an obstetric formula.
    Abortus,
    /// A test result: 1 positive ("(+)", "reaktif"), 0 negative.
    Result,
}

/// A part of the input text. `start`/`end` count UTF-16 code units (JavaScript string
/// indices: `text.slice(start, end)`); `text` is the part itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// First code unit.
    pub start: u32,
    /// One past the last code unit.
    pub end: u32,
    /// The text of the span.
    pub text: String,
}

/// A value read from the line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Qualifier {
    /// What it is.
    pub kind: QualifierKind,
    /// The value (stage 5, 39 weeks, 12 hours, 1800 grams …).
    pub value: u32,
    /// `true` for "> 24 jam", `false` for "< 37 mgg", absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub more_than: Option<bool>,
    /// Where it was written.
    pub span: Span,
}

/// A code in short form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CodeRef {
    /// The code system.
    pub system: CodeSystem,
    /// The code as printed.
    pub code: String,
    /// English title.
    pub display: String,
    /// Indonesian title, when known.
    pub display_id: Option<String>,
}

/// A code the search found for a condition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The code.
    #[serde(flatten)]
    pub code: CodeRef,
    /// The vocabulary term that matched (abbreviation, synonym, lay word), if any.
    pub matched_term: Option<String>,
    /// Share of the condition's words the code's term or title covers, 0–1.
    pub coverage: f32,
}

/// What a segment of the line turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentKind {
    /// A condition (ICD-10 / ICPC-2).
    Diagnosis,
    /// A procedure (ICD-9-CM).
    Procedure,
    /// Context only ("hamil 39 mgg", "inpartu"): read, not coded.
    Context,
    /// Words that matched no code.
    Unmatched,
}

/// One condition or procedure of the line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    /// The words it covers.
    pub span: Span,
    /// What it is.
    pub kind: SegmentKind,
    /// What the line says of it.
    pub assertion: Assertion,
    /// How it relates to the segment before it.
    pub link: Option<Link>,
    /// Values written with it.
    pub qualifiers: Vec<Qualifier>,
    /// The best codes, best first (at most 3).
    pub candidates: Vec<Candidate>,
}

/// The rule that placed or changed a code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// The words of the line match the code's term or title.
    TextMatch,
    /// A suspected condition coded as if established (ICD-10 Vol. 2 (2010) 4.4.2).
    Suspected,
    /// A combination code for two conditions (`data/suggest/combinations.tsv`).
    Combination,
    /// A condition in pregnancy coded in chapter XV (`combinations.tsv`, context `pregnancy`).
    Pregnancy,
    /// A value of the line refines the code (`data/suggest/refinements.tsv`).
    Refinement,
    /// History, "post" or "on" status (`data/suggest/status.tsv`).
    Status,
    /// The mode of delivery (O80–O84).
    Delivery,
    /// The outcome of delivery (Z37).
    Outcome,
    /// A healthy newborn (Z38).
    Newborn,
    /// The asterisk code of a dagger code.
    Asterisk,
    /// The principal diagnosis chosen by a rule, not by the order of the line.
    Principal,
}

/// Why a code is proposed: the rule, the table row, the text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Why {
    /// The rule.
    pub rule: RuleKind,
    /// The table row (`CMB-101`, `HIS-005`, …), when a table decided.
    pub id: Option<String>,
    /// The text that supports it.
    pub span: Option<Span>,
    /// Explanation, Indonesian.
    pub note_id: String,
    /// Explanation, English.
    pub note_en: String,
}

/// Where a proposed code goes in the claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The principal diagnosis.
    Principal,
    /// A secondary diagnosis.
    Secondary,
    /// A procedure.
    Procedure,
}

/// One proposed code.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SuggestedCode {
    /// The code.
    #[serde(flatten)]
    pub code: CodeRef,
    /// Its place in the claim.
    pub role: Role,
    /// How sure the proposal is.
    pub confidence: Confidence,
    /// Why (the match, then every rule that changed it).
    pub why: Vec<Why>,
    /// Other codes the coder may prefer.
    pub alternatives: Vec<CodeRef>,
    /// How many times ("HD 2x", "PRC 2 kolf"), when written.
    pub quantity: Option<u32>,
}

/// Why a code that matched is not in the proposal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OmitReason {
    /// The line negates it.
    Negated,
    /// A differential diagnosis.
    Differential,
    /// A history or treatment status the tables do not code.
    NotCoded,
    /// Replaced by a combination or a more specific code.
    Replaced,
    /// A symptom the definitive diagnosis explains (the claim checks' table).
    Explained,
    /// The same code is proposed already.
    Duplicate,
}

/// A code that matched but is not proposed, with the reason.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Omitted {
    /// The code.
    #[serde(flatten)]
    pub code: CodeRef,
    /// Why it is left out.
    pub reason: OmitReason,
    /// The proposed codes that replace or explain it.
    pub by: Vec<String>,
    /// The table row, when a table decided.
    pub id: Option<String>,
    /// The text it came from.
    pub span: Option<Span>,
    /// Explanation, Indonesian.
    pub note_id: String,
    /// Explanation, English.
    pub note_en: String,
}

/// The proposal in the claim shape `check` and `group` read (pass it on as it is).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProposedClaim {
    /// The setting of the options, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub setting: Option<Setting>,
    /// `fktp` when the diagnoses are ICPC-2 (primary care).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facility: Option<Facility>,
    /// The principal diagnosis (ICD-10).
    pub principal_diagnosis: Option<String>,
    /// Secondary diagnoses (ICD-10).
    pub secondary_diagnoses: Vec<String>,
    /// Procedures (ICD-9-CM).
    pub procedures: Vec<String>,
    /// ICPC-2 codes (when the system is `icpc2`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub icpc2: Vec<String>,
}

impl ProposedClaim {
    /// The claim as [`crate::Koder::check`] and [`crate::Koder::group`] take it.
    pub fn to_claim_input(&self) -> crate::ClaimInput {
        use crate::checks::claim::Scalar;
        crate::ClaimInput {
            setting: self.setting.map(|s| Scalar::Text(s.name().to_string())),
            facility: self
                .facility
                .map(|f| Scalar::Text(if f == Facility::Fktp { "fktp" } else { "fktl" }.to_string())),
            principal_diagnosis: self.principal_diagnosis.clone(),
            secondary_diagnoses: self.secondary_diagnoses.clone(),
            procedures: self.procedures.clone(),
            icpc2: self.icpc2.clone(),
            ..Default::default()
        }
    }
}

/// The proposal for one line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The diagnosis code system used.
    pub system: CodeSystem,
    /// The setting of the options.
    pub setting: Option<Setting>,
    /// What the line is about (pregnancy, delivery, newborn …).
    pub contexts: Vec<Context>,
    /// The line, condition by condition.
    pub segments: Vec<Segment>,
    /// Proposed diagnoses, principal first.
    pub diagnoses: Vec<SuggestedCode>,
    /// Proposed procedures (ICD-9-CM), in the order of the line.
    pub procedures: Vec<SuggestedCode>,
    /// Codes that matched but are left out, with the reason.
    pub omitted: Vec<Omitted>,
    /// The proposal as a claim for `check` and `group`.
    pub claim: ProposedClaim,
    /// "Usulan — dikonfirmasi koder sebelum dipakai".
    pub note_id: String,
    /// "Proposal — the coder confirms before use".
    pub note_en: String,
}

/// The proposal with the claim checks and the grouping preview run on it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SuggestReview {
    /// The proposal.
    #[serde(flatten)]
    pub suggestion: Suggestion,
    /// The claim checks of the proposed claim (absent without a principal diagnosis).
    pub check: Option<crate::CheckReport>,
    /// The INA-CBG grouping preview of the proposed claim (absent without a principal diagnosis).
    pub group: Option<crate::GroupResult>,
}

/// Proposes codes for one resume line. Empty text gives an empty proposal; text over
/// [`MAX_SUGGEST_BYTES`] and an `icd9cm` diagnosis system are errors.
pub fn suggest(cat: &Catalog, text: &str, options: &SuggestOptions) -> Result<Suggestion, Error> {
    if text.len() > MAX_SUGGEST_BYTES {
        return Err(Error::InputTooLong { field: "text", max_bytes: MAX_SUGGEST_BYTES });
    }
    let system = options.system.unwrap_or(CodeSystem::Icd10);
    if system == CodeSystem::Icd9cm {
        return Err(Error::InvalidOption {
            option: "system",
            expected: "icd10 atau icpc2 (prosedur selalu ICD-9-CM) / icd10 or icpc2 (procedures are always ICD-9-CM)",
        });
    }
    let tables = tables::Tables::get()?;
    let line = segment::read(text, tables);
    let matched = matcher::match_line(cat, &line, system)?;
    Ok(propose::propose(cat, tables, text, &line, matched, system, options.setting))
}

/// A span of the text from byte offsets, in UTF-16 code units.
pub(crate) fn span(text: &str, start: usize, end: usize) -> Span {
    let start = start.min(text.len());
    let end = end.clamp(start, text.len());
    let utf16 = |s: &str| s.encode_utf16().count() as u32;
    let part = text.get(start..end).unwrap_or("");
    let before = text.get(..start).map_or(0, utf16);
    Span { start: before, end: before + utf16(part), text: part.to_string() }
}

#[cfg(test)]
mod tests;
