//! The rule book: the tables of `data/rules/`, validated and joined by `build.rs`, parsed once
//! into typed rules on first use.

use crate::codespec::CodeSpec;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

pub(crate) use koder_format::rules::Settings;
pub use koder_format::rules::{Family, Level};

static RULES_TXT: &str = include_str!(concat!(env!("OUT_DIR"), "/rules.txt"));
static BOOK: OnceLock<RuleBook> = OnceLock::new();

/// The texts of a rule.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct RuleText {
    /// Stable id ("DXP-001").
    pub id: String,
    /// Family.
    pub family: Family,
    /// Level of its findings.
    pub level: Level,
    /// Message template, Indonesian.
    pub message_id: String,
    /// Message template, English.
    pub message_en: String,
    /// Suggestion template, Indonesian.
    pub suggestion_id: String,
    /// Suggestion template, English.
    pub suggestion_en: String,
    /// What the rule rests on.
    pub basis: String,
    /// The table it comes from.
    pub table: String,
    /// The rule's condition in words (for the rules reference).
    pub condition: String,
}

/// The condition of a table rule.
#[derive(Clone, Debug)]
pub(crate) enum Logic {
    /// Logic in the engine, keyed by id.
    Builtin,
    /// A procedure without a diagnosis that justifies it.
    ProcedureNeedsDiagnosis { settings: Settings, procedures: Vec<CodeSpec>, diagnoses: Vec<CodeSpec> },
    /// A diagnosis that implies a procedure that is missing.
    DiagnosisNeedsProcedure { settings: Settings, diagnoses: Vec<CodeSpec>, procedures: Vec<CodeSpec> },
    /// A symptom coded beside the definitive diagnosis that explains it.
    SymptomWithDefinitive { symptoms: Vec<CodeSpec>, definitive: Vec<CodeSpec> },
    /// Two codes that exclude each other.
    ExclusivePair { a: Vec<CodeSpec>, b: Vec<CodeSpec> },
    /// A pair that one combination code should replace.
    Combination { a: Vec<CodeSpec>, b: Vec<CodeSpec>, replace_with: Vec<String> },
    /// Codes that cannot be the principal diagnosis.
    NotPrincipal { codes: Vec<CodeSpec> },
    /// Codes outside an age range.
    Age { procedures: bool, codes: Vec<CodeSpec>, min_days: Option<u32>, max_days: Option<u32> },
    /// A supporting document the verifier expects.
    Document { settings: Settings, diagnoses: Vec<CodeSpec>, procedures: Vec<CodeSpec>, documents: Vec<String> },
}

/// One rule.
#[derive(Clone, Debug)]
pub struct Rule {
    /// Its texts.
    pub text: RuleText,
    /// Its condition.
    pub(crate) logic: Logic,
}

/// A kind of supporting document.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct DocumentKind {
    /// Machine name (`lab_cbc`).
    pub kind: String,
    /// Indonesian label.
    pub label_id: String,
    /// English label.
    pub label_en: String,
}

/// A diagnosis primary care must handle completely (competency 4A).
#[derive(Clone, Debug)]
pub(crate) struct NonSpecialistic {
    /// ICD-10 specs.
    pub codes: Vec<CodeSpec>,
    /// Indonesian name.
    pub name_id: String,
    /// English name.
    pub name_en: String,
}

/// All rules and their lists.
pub struct RuleBook {
    /// Every rule, in table order.
    pub rules: Vec<Rule>,
    by_id: HashMap<String, usize>,
    /// Supporting-document kinds.
    pub document_kinds: Vec<DocumentKind>,
    /// Competency-4A diagnoses.
    pub(crate) non_specialistic: Vec<NonSpecialistic>,
    /// Later-edition ICD-10 code → 2010 codes.
    pub edition_map: HashMap<String, Vec<String>>,
    /// Table rules by the key of the codes that can trigger them (see [`trigger_keys`]).
    by_trigger: HashMap<String, Vec<usize>>,
    /// Table rules that apply to every claim (documents asked of every claim of a setting).
    always: Vec<usize>,
}

/// The index keys a spec list can trigger on: `D:J` (ICD-10 first letter), `P:74` (ICD-9-CM
/// first two digits).
fn trigger_keys(specs: &[CodeSpec], procedures: bool) -> Vec<String> {
    let mut keys = Vec::new();
    for s in specs {
        if procedures {
            let num = |c: &str| c.get(..2).and_then(|d| d.parse::<u8>().ok());
            if let (Some(a), Some(b)) = (num(&s.from), num(&s.to)) {
                keys.extend((a..=b.max(a)).map(|d| format!("P:{d:02}")));
            }
        } else if let (Some(a), Some(b)) = (s.from.chars().next(), s.to.chars().next()) {
            keys.extend((a..=b.max(a)).map(|c| format!("D:{c}")));
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

/// The index key of one claim code.
pub(crate) fn code_key(code: &str, procedure: bool) -> Option<String> {
    if procedure {
        code.get(..2).map(|d| format!("P:{d}"))
    } else {
        code.chars().next().map(|c| format!("D:{c}"))
    }
}

struct Table<'a> {
    name: &'a str,
    cols: Vec<&'a str>,
    rows: Vec<Vec<&'a str>>,
}

impl<'a> Table<'a> {
    fn get(&self, row: &[&'a str], col: &str) -> &'a str {
        self.cols.iter().position(|c| *c == col).and_then(|i| row.get(i).copied()).unwrap_or("")
    }
}

fn tables(blob: &str) -> Vec<Table<'_>> {
    blob.split('\u{1e}')
        .filter(|s| !s.is_empty())
        .filter_map(|part| {
            let mut lines = part.lines();
            let name = lines.next()?;
            let cols = lines.next()?.split('\t').collect();
            let rows = lines.filter(|l| !l.is_empty()).map(|l| l.split('\t').collect()).collect();
            Some(Table { name, cols, rows })
        })
        .collect()
}

/// The family of a table's rules; for the tables with a `family` column (checked by `build.rs`),
/// the row's own.
fn family_of(table: &str, family_column: &str) -> Option<Family> {
    match table {
        "procedure_needs_diagnosis.tsv" | "diagnosis_needs_procedure.tsv" => Some(Family::DxProcedure),
        "symptom_with_definitive.tsv" | "exclusive_pairs.tsv" | "combinations.tsv" => Some(Family::Redundancy),
        "not_principal.tsv" => Some(Family::Principal),
        "age_rules.tsv" => Some(Family::SexAge),
        "documents.tsv" => Some(Family::Documents),
        _ => Family::parse(family_column),
    }
}

/// A rule row's family, level and settings, read with the parsers `build.rs` checks them with
/// (it refuses an unknown value, file and line named); a table without a `settings` column has
/// rules for every claim. `None` for a value `build.rs` would refuse.
fn closed_values(t: &Table<'_>, row: &[&str]) -> Option<(Family, Level, Settings)> {
    let family = family_of(t.name, t.get(row, "family"))?;
    let level = Level::parse(t.get(row, "level"))?;
    let settings = if t.cols.contains(&"settings") { Settings::parse(t.get(row, "settings"))? } else { Settings::Any };
    Some((family, level, settings))
}

/// The heading of a family in the rules reference.
fn family_title(f: Family) -> &'static str {
    match f {
        Family::Validity => "Validitas kode / Code validity",
        Family::Principal => "Diagnosis utama / Principal diagnosis",
        Family::SexAge => "Jenis kelamin dan umur / Sex and age",
        Family::Redundancy => "Duplikasi dan redundansi / Duplicates and redundancy",
        Family::DxProcedure => "Kesesuaian diagnosis–tindakan / Diagnosis–procedure consistency",
        Family::Evidence => "Bukti klinis diagnosis sekunder / Evidence for secondary diagnoses",
        Family::Documents => "Berkas pendukung / Supporting documents",
        Family::Fktp => "Layanan primer (FKTP) / Primary care",
        Family::DoubleClaim => "Klaim ganda (audit antar-klaim) / Double claims (cross-claim audit)",
        Family::Readmission => "Readmisi (audit antar-klaim) / Readmissions (cross-claim audit)",
        Family::Cohort => "Kohort audit kantor cabang / Branch-office audit cohorts",
    }
}

fn list(specs: &[CodeSpec]) -> String {
    specs.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

impl RuleBook {
    /// The rule book embedded in this build (parsed once).
    pub fn get() -> &'static RuleBook {
        BOOK.get_or_init(|| RuleBook::parse(RULES_TXT))
    }

    fn parse(blob: &str) -> RuleBook {
        let mut book = RuleBook {
            rules: Vec::new(),
            by_id: HashMap::new(),
            document_kinds: Vec::new(),
            non_specialistic: Vec::new(),
            edition_map: HashMap::new(),
            by_trigger: HashMap::new(),
            always: Vec::new(),
        };
        for t in tables(blob) {
            match t.name {
                "document_kinds.tsv" => {
                    for r in &t.rows {
                        book.document_kinds.push(DocumentKind {
                            kind: t.get(r, "kind").to_string(),
                            label_id: t.get(r, "label_id").to_string(),
                            label_en: t.get(r, "label_en").to_string(),
                        });
                    }
                    continue;
                }
                "fktp_non_specialistic.tsv" => {
                    for r in &t.rows {
                        book.non_specialistic.push(NonSpecialistic {
                            codes: CodeSpec::parse_list(t.get(r, "icd10")),
                            name_id: t.get(r, "name_id").to_string(),
                            name_en: t.get(r, "name_en").to_string(),
                        });
                    }
                    continue;
                }
                "edition_map.tsv" => {
                    for r in &t.rows {
                        let to = t.get(r, "codes_2010").split(',').map(|c| c.trim().to_string()).collect();
                        book.edition_map.insert(t.get(r, "code").to_string(), to);
                    }
                    continue;
                }
                _ => {}
            }
            if !t.cols.contains(&"id") {
                continue;
            }
            for r in &t.rows {
                let Some((family, level, settings)) = closed_values(&t, r) else {
                    debug_assert!(false, "{}: rule {} has an unknown closed value", t.name, t.get(r, "id"));
                    continue;
                };
                let specs = |col: &str| CodeSpec::parse_list(t.get(r, col));
                let (logic, condition) = match t.name {
                    "procedure_needs_diagnosis.tsv" => {
                        let (p, d) = (specs("procedures"), specs("diagnoses"));
                        let c = format!("tindakan / procedure {} tanpa / without diagnosis {}", list(&p), list(&d));
                        (Logic::ProcedureNeedsDiagnosis { settings, procedures: p, diagnoses: d }, c)
                    }
                    "diagnosis_needs_procedure.tsv" => {
                        let (d, p) = (specs("diagnoses"), specs("procedures"));
                        let c = format!("diagnosis {} tanpa / without tindakan / procedure {}", list(&d), list(&p));
                        (Logic::DiagnosisNeedsProcedure { settings, diagnoses: d, procedures: p }, c)
                    }
                    "symptom_with_definitive.tsv" => {
                        let (s, d) = (specs("symptoms"), specs("definitive"));
                        let c = format!("{} bersama / with {}", list(&s), list(&d));
                        (Logic::SymptomWithDefinitive { symptoms: s, definitive: d }, c)
                    }
                    "exclusive_pairs.tsv" => {
                        let (a, b) = (specs("codes_a"), specs("codes_b"));
                        let c = format!("{} bersama / with {}", list(&a), list(&b));
                        (Logic::ExclusivePair { a, b }, c)
                    }
                    "combinations.tsv" => {
                        let (a, b) = (specs("codes_a"), specs("codes_b"));
                        let with: Vec<String> =
                            t.get(r, "replace_with").split(',').map(|c| c.trim().to_string()).collect();
                        let c = format!("{} + {} → {}", list(&a), list(&b), with.join(", "));
                        (Logic::Combination { a, b, replace_with: with }, c)
                    }
                    "not_principal.tsv" => {
                        let codes = specs("codes");
                        let c = format!("diagnosis utama / principal {}", list(&codes));
                        (Logic::NotPrincipal { codes }, c)
                    }
                    "age_rules.tsv" => {
                        let codes = specs("codes");
                        let min = t.get(r, "age_min_days").parse().ok();
                        let max = t.get(r, "age_max_days").parse().ok();
                        let c = format!(
                            "{} di luar umur / outside age {}–{} hari/days",
                            list(&codes),
                            min.map_or("0".to_string(), |v: u32| v.to_string()),
                            max.map_or("∞".to_string(), |v: u32| v.to_string())
                        );
                        let procedures = t.get(r, "system") == "icd9cm";
                        (Logic::Age { procedures, codes, min_days: min, max_days: max }, c)
                    }
                    "documents.tsv" => {
                        let (d, p) = (specs("diagnoses"), specs("procedures"));
                        let docs: Vec<String> = t
                            .get(r, "documents")
                            .split(',')
                            .map(|s| s.trim().to_string())
                            .filter(|s| !s.is_empty())
                            .collect();
                        let c = format!(
                            "{}{}{} → {}",
                            settings.name(),
                            if d.is_empty() { String::new() } else { format!(", diagnosis {}", list(&d)) },
                            if p.is_empty() { String::new() } else { format!(", tindakan / procedure {}", list(&p)) },
                            docs.join(" | ")
                        );
                        (Logic::Document { settings, diagnoses: d, procedures: p, documents: docs }, c)
                    }
                    _ => (Logic::Builtin, String::new()),
                };
                let text = RuleText {
                    id: t.get(r, "id").to_string(),
                    family,
                    level,
                    message_id: t.get(r, "message_id").to_string(),
                    message_en: t.get(r, "message_en").to_string(),
                    suggestion_id: t.get(r, "suggestion_id").to_string(),
                    suggestion_en: t.get(r, "suggestion_en").to_string(),
                    basis: t.get(r, "basis").to_string(),
                    table: t.name.to_string(),
                    condition,
                };
                let index = book.rules.len();
                let keys = match &logic {
                    Logic::Builtin => Some(Vec::new()),
                    Logic::ProcedureNeedsDiagnosis { procedures, .. } => Some(trigger_keys(procedures, true)),
                    Logic::DiagnosisNeedsProcedure { diagnoses, .. } => Some(trigger_keys(diagnoses, false)),
                    Logic::SymptomWithDefinitive { symptoms, .. } => Some(trigger_keys(symptoms, false)),
                    Logic::ExclusivePair { a, .. } | Logic::Combination { a, .. } => Some(trigger_keys(a, false)),
                    Logic::NotPrincipal { codes } => Some(trigger_keys(codes, false)),
                    Logic::Age { procedures, codes, .. } => Some(trigger_keys(codes, *procedures)),
                    Logic::Document { diagnoses, procedures, .. } if !diagnoses.is_empty() => {
                        Some(trigger_keys(diagnoses, false))
                    }
                    Logic::Document { procedures, .. } if !procedures.is_empty() => {
                        Some(trigger_keys(procedures, true))
                    }
                    Logic::Document { .. } => None,
                };
                match keys {
                    Some(keys) => {
                        for k in keys {
                            book.by_trigger.entry(k).or_default().push(index);
                        }
                    }
                    None => book.always.push(index),
                }
                book.by_id.insert(text.id.clone(), index);
                book.rules.push(Rule { text, logic });
            }
        }
        book
    }

    /// The table rules that can fire for a claim with these diagnoses and procedures, in table
    /// order (a rule none of whose trigger codes can be among them is skipped).
    pub(crate) fn candidates(&self, diagnoses: &[&str], procedures: &[&str]) -> Vec<&Rule> {
        let mut ids: Vec<usize> = self.always.clone();
        let keys = diagnoses
            .iter()
            .filter_map(|c| code_key(c, false))
            .chain(procedures.iter().filter_map(|c| code_key(c, true)));
        for k in keys {
            if let Some(v) = self.by_trigger.get(&k) {
                ids.extend_from_slice(v);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().map(|i| &self.rules[i]).collect()
    }

    /// A rule by id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.by_id.get(id).map(|&i| &self.rules[i])
    }

    /// The label of a document kind (Indonesian, English); the kind itself when unknown.
    pub fn document_label(&self, kind: &str) -> (String, String) {
        self.document_kinds
            .iter()
            .find(|k| k.kind == kind)
            .map(|k| (k.label_id.clone(), k.label_en.clone()))
            .unwrap_or_else(|| (kind.to_string(), kind.to_string()))
    }

    /// The rules reference as Markdown (RULES.md), grouped by family.
    pub fn markdown(&self) -> String {
        let mut out = String::from(
            "# Aturan pemeriksaan klaim Koder / Koder claim-check rules\n\n\
             Dibuat dari `data/rules/` dengan `koder rules --markdown`; jangan disunting langsung.\n\
             Generated from `data/rules/` by `koder rules --markdown`; do not edit by hand.\n\n\
             Tingkat / levels: **error** = klaim akan ditolak atau tidak dapat di-grouping / will be rejected or \
             cannot be grouped; **warning** = kemungkinan dikembalikan (pending) saat verifikasi / likely pending; \
             **info**.\n\n",
        );
        out.push_str(&format!("Jumlah aturan / rules: **{}**\n\n", self.rules.len()));
        for fam in Family::ALL {
            let rules: Vec<&Rule> = self.rules.iter().filter(|r| r.text.family == fam).collect();
            out.push_str(&format!("## {} ({})\n\n", family_title(fam), rules.len()));
            for r in rules {
                let t = &r.text;
                out.push_str(&format!("### {} · {:?}\n\n", t.id, t.level));
                if !t.condition.is_empty() {
                    out.push_str(&format!("- Kondisi / condition: {}\n", t.condition.replace('|', "atau/or")));
                }
                out.push_str(&format!("- {}\n- {}\n", t.message_id, t.message_en));
                out.push_str(&format!("- Saran / suggestion: {} / {}\n", t.suggestion_id, t.suggestion_en));
                out.push_str(&format!("- Dasar / basis: {}\n- Tabel / table: `data/rules/{}`\n\n", t.basis, t.table));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_rule_book_parses() {
        let b = RuleBook::get();
        assert!(b.rule("VAL-001").is_some());
        assert!(b.rule("PDX-001").is_some());
        assert!(!b.edition_map.is_empty());
        for r in &b.rules {
            assert!(!r.text.message_id.is_empty() && !r.text.message_en.is_empty(), "{}", r.text.id);
            assert!(!r.text.basis.is_empty(), "{} has no basis", r.text.id);
        }
    }

    #[test]
    fn every_rule_keeps_the_level_and_settings_its_row_states() {
        let b = RuleBook::get();
        let mut rows = 0;
        for t in tables(RULES_TXT).iter().filter(|t| t.cols.contains(&"id")) {
            for r in &t.rows {
                let id = t.get(r, "id");
                let rule = b.rule(id).unwrap_or_else(|| panic!("{id} is missing from the book"));
                assert_eq!(rule.text.level.name(), t.get(r, "level"), "{id}");
                let settings = match &rule.logic {
                    Logic::ProcedureNeedsDiagnosis { settings, .. }
                    | Logic::DiagnosisNeedsProcedure { settings, .. }
                    | Logic::Document { settings, .. } => Some(settings.name()),
                    _ => None,
                };
                let stated = t.cols.contains(&"settings").then(|| t.get(r, "settings"));
                assert_eq!(settings, stated, "{id}");
                rows += 1;
            }
        }
        assert_eq!(rows, b.rules.len());
    }
}
