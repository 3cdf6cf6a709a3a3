//! Claim checks: do the diagnoses, procedures, sex/age and documents of one claim fit together?
//! Each finding names a stable rule (`data/rules/`), its level, the reason in Indonesian and
//! English, the codes involved, a concrete suggestion and the rule's basis. Findings come in a
//! deterministic order: errors first, then by family and rule id.

pub mod claim;
pub mod rules;
mod verification;

use crate::codeset::CodeSets;
pub use claim::{Claim, ClaimInput, Facility, Setting, Sex, Track};
pub use rules::{Family, Level, RuleBook};

use crate::catalog::{Catalog, Code, CodeSystem};
use crate::codespec::{any_matches, CodeSpec};
use rules::{Logic, Rule};
use serde::{Deserialize, Serialize};

/// What a suggestion asks the coder to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Replace the codes with those suggested.
    Replace,
    /// Add the codes (or code specs) suggested.
    Add,
    /// Remove the codes.
    Remove,
    /// Change the order (principal diagnosis).
    Reorder,
    /// Attach the supporting documents.
    Attach,
    /// Review the claim: no one fix is certain.
    Review,
}

impl Action {
    /// Every action, in the order of the API's documentation.
    pub const ALL: [Action; 6] =
        [Action::Replace, Action::Add, Action::Remove, Action::Reorder, Action::Attach, Action::Review];
}

/// A concrete fix.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Suggestion {
    /// What to do.
    pub action: Action,
    /// Codes to use (or code specs, for `add`).
    pub codes: Vec<String>,
    /// Document kinds to attach.
    pub documents: Vec<String>,
    /// The suggestion in Indonesian.
    pub text_id: String,
    /// The suggestion in English.
    pub text_en: String,
}

/// One finding of the checks.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Finding {
    /// Stable rule id ("DXP-001").
    pub rule: String,
    /// Rule family.
    pub family: Family,
    /// error, warning or info.
    pub level: Level,
    /// The reason, Indonesian.
    pub message_id: String,
    /// The reason, English.
    pub message_en: String,
    /// The claim's codes involved.
    pub codes: Vec<String>,
    /// How to fix it.
    pub suggestion: Suggestion,
    /// What the rule rests on.
    pub basis: String,
}

/// One line of the supporting-documents checklist.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct DocumentItem {
    /// The rule that asks for it.
    pub rule: String,
    /// Alternatives: any one of these kinds satisfies the item.
    pub kinds: Vec<String>,
    /// Labels of the alternatives, Indonesian ("Darah lengkap atau …").
    pub label_id: String,
    /// Labels of the alternatives, English.
    pub label_en: String,
    /// True when one of the kinds is attached.
    pub attached: bool,
    /// The rule's level (how much a missing one matters).
    pub level: Level,
}

/// Counts of findings per level.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Counts {
    /// Errors.
    pub error: usize,
    /// Warnings.
    pub warning: usize,
    /// Infos.
    pub info: usize,
}

/// The result of checking one claim.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CheckReport {
    /// The claim's id, when given.
    pub id: Option<String>,
    /// Findings, errors first.
    pub findings: Vec<Finding>,
    /// Supporting-documents checklist.
    pub documents: Vec<DocumentItem>,
    /// Findings per level.
    pub counts: Counts,
}

/// A claim code resolved against the catalog.
struct Coded<'a> {
    code: Code<'a>,
    principal: bool,
}

/// Everything the rules look at, resolved once.
struct Context<'a> {
    claim: &'a Claim,
    /// The loaded code sets (ICD-10-IM / ICD-9-CM-IM): on the iDRG track their flags decide.
    sets: &'a CodeSets,
    diagnoses: Vec<Coded<'a>>,
    procedures: Vec<Code<'a>>,
    findings: Vec<Finding>,
    documents: Vec<DocumentItem>,
    book: &'static RuleBook,
}

/// Checks one validated claim (no code set loaded).
pub fn check(cat: &Catalog, claim: &Claim) -> CheckReport {
    check_with(cat, &CodeSets::default(), claim)
}

/// Checks one validated claim with the loaded code sets: their IM codes get the IM finding of
/// the claim's track, and on the iDRG track their `validcode`, `accpdx` and `asterisk` flags
/// decide validity (`EKLAIM.md` §3).
pub fn check_with(cat: &Catalog, sets: &CodeSets, claim: &Claim) -> CheckReport {
    let book = RuleBook::get();
    let mut cx = Context {
        claim,
        sets,
        diagnoses: Vec::new(),
        procedures: Vec::new(),
        findings: Vec::new(),
        documents: Vec::new(),
        book,
    };
    cx.validity(cat);
    cx.principal_rules(cat);
    cx.sex_age();
    cx.duplicates();
    cx.table_rules();
    cx.evidence();
    cx.procedure_rules();
    cx.cohorts();
    cx.documents_prompt();
    cx.fktp(cat);
    let mut findings = std::mem::take(&mut cx.findings);
    findings.sort_by(|a, b| (a.level, a.family, &a.rule, &a.codes).cmp(&(b.level, b.family, &b.rule, &b.codes)));
    findings.dedup_by(|a, b| a.rule == b.rule && a.codes == b.codes);
    let mut counts = Counts::default();
    for f in &findings {
        match f.level {
            Level::Error => counts.error += 1,
            Level::Warning => counts.warning += 1,
            Level::Info => counts.info += 1,
        }
    }
    CheckReport { id: claim.id.clone(), findings, documents: cx.documents, counts }
}

/// A finding of `rule` with its placeholders filled: `{codes}`, `{expected}` and the
/// rule-specific values of `extra` (placeholder, Indonesian, English), which win.
fn fill(
    rule: &Rule,
    codes: Vec<String>,
    expected: Vec<String>,
    action: Action,
    extra: &[(&str, String, String)],
) -> Finding {
    let t = &rule.text;
    let codes_s = join(&codes, 6);
    let expected_s = if expected.is_empty() { "—".to_string() } else { join(&expected, 8) };
    // One pass per template: `{name}` is replaced by its value (rule-specific values first); an
    // unknown placeholder stays as written.
    let text = |template: &str, id: bool| {
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                out.push_str(&rest[open..]);
                rest = "";
                break;
            };
            let key = &rest[open..=close];
            let value = extra.iter().find(|(k, _, _)| *k == key).map(|(_, vid, ven)| if id { vid } else { ven });
            match (value, key) {
                (Some(v), _) => out.push_str(v),
                (None, "{codes}") => out.push_str(&codes_s),
                (None, "{expected}") => out.push_str(&expected_s),
                (None, _) => out.push_str(key),
            }
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        out
    };
    let documents = extra
        .iter()
        .find(|(k, _, _)| *k == "{documents_kinds}")
        .map(|(_, v, _)| v.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect());
    Finding {
        rule: t.id.clone(),
        family: t.family,
        level: t.level,
        message_id: text(&t.message_id, true),
        message_en: text(&t.message_en, false),
        codes,
        suggestion: Suggestion {
            action,
            codes: if action == Action::Attach { Vec::new() } else { expected },
            documents: documents.unwrap_or_default(),
            text_id: text(&t.suggestion_id, true),
            text_en: text(&t.suggestion_en, false),
        },
        basis: t.basis.clone(),
    }
}

/// A finding of a rule of the rule book by id (the audit's cross-claim rules use this), with
/// the placeholders of `extra` filled; `None` for an unknown id.
pub fn rule_finding(rule_id: &str, codes: Vec<String>, extra: &[(&str, String, String)]) -> Option<Finding> {
    let rule = RuleBook::get().rule(rule_id)?;
    Some(fill(rule, codes, Vec::new(), Action::Review, extra))
}

fn join(items: &[String], max: usize) -> String {
    let mut s = items.iter().take(max).cloned().collect::<Vec<_>>().join(", ");
    if items.len() > max {
        s.push_str(", …");
    }
    s
}

fn age_text(days: u32) -> (String, String) {
    if days < 60 {
        (format!("{days} hari"), format!("{days} days"))
    } else if days < 730 {
        (format!("{} bulan", days / 30), format!("{} months", days / 30))
    } else {
        (format!("{} tahun", days / 365), format!("{} years", days / 365))
    }
}

fn range_text(min: Option<u32>, max: Option<u32>) -> (String, String) {
    let (lo_id, lo_en) = age_text(min.unwrap_or(0));
    match max {
        Some(m) => {
            let (hi_id, hi_en) = age_text(m);
            (format!("{lo_id}–{hi_id}"), format!("{lo_en}–{hi_en}"))
        }
        None => (format!("≥ {lo_id}"), format!("≥ {lo_en}")),
    }
}

impl<'a> Context<'a> {
    /// Emits a finding of `rule_id` with the placeholders filled.
    fn emit(
        &mut self,
        rule_id: &str,
        codes: Vec<String>,
        expected: Vec<String>,
        action: Action,
        extra: &[(&str, String, String)],
    ) {
        let Some(rule) = self.book.rule(rule_id) else { return };
        self.emit_rule(rule, codes, expected, action, extra);
    }

    fn emit_rule(
        &mut self,
        rule: &Rule,
        codes: Vec<String>,
        expected: Vec<String>,
        action: Action,
        extra: &[(&str, String, String)],
    ) {
        let (age_id, age_en) = self.claim.age_days.map(age_text).unwrap_or_else(|| ("?".into(), "?".into()));
        let (sex_id, sex_en) =
            self.claim.sex.map(|s| (s.label_id().to_string(), s.label_en().to_string())).unwrap_or_default();
        let mut all: Vec<(&str, String, String)> = extra.to_vec();
        all.push(("{age}", age_id, age_en));
        all.push(("{sex}", sex_id, sex_en));
        self.findings.push(fill(rule, codes, expected, action, &all));
    }

    /// Family 1: every code exists, is specific, is in the right field and edition.
    fn validity(&mut self, cat: &'a Catalog) {
        let claim = self.claim;
        if claim.principal.is_none() && claim.facility == Facility::Fktl {
            self.emit("VAL-007", vec![], vec![], Action::Add, &[]);
        }
        if claim.sex.is_none() {
            self.emit("VAL-008", vec![], vec![], Action::Review, &[]);
        }
        if claim.age_days.is_none() {
            self.emit("VAL-009", vec![], vec![], Action::Review, &[]);
        }
        if claim.setting.is_none() {
            self.emit("VAL-013", vec![], vec![], Action::Review, &[]);
        }
        for (i, typed) in claim.diagnoses().enumerate() {
            let principal = i == 0 && claim.principal.is_some();
            match cat.find(CodeSystem::Icd10, typed).filter(|c| c.is_code()) {
                Some(c) => {
                    if !self.idrg_flags(CodeSystem::Icd10, typed, principal) {
                        self.specific_and_current(c);
                    }
                    self.diagnoses.push(Coded { code: c, principal });
                }
                None => {
                    if let Some(parent) = self.im_parent(cat, CodeSystem::Icd10, typed) {
                        self.im_code(typed, parent);
                        self.idrg_flags(CodeSystem::Icd10, typed, principal);
                        self.diagnoses.push(Coded { code: parent, principal });
                    } else if let Some(p) = cat.find(CodeSystem::Icd9cm, typed).filter(|c| c.is_code()) {
                        self.emit("VAL-004", vec![p.code().to_string()], vec![], Action::Review, &[]);
                    } else if let Some(ic) = cat.find(CodeSystem::Icpc2, typed).filter(|c| c.is_code()) {
                        if claim.facility == Facility::Fktl {
                            let xs: Vec<String> = ic.crosswalk().take(3).map(|t| t.code().to_string()).collect();
                            self.emit("VAL-005", vec![ic.code().to_string()], xs, Action::Replace, &[]);
                        } else {
                            self.emit("VAL-001", vec![typed.to_string()], vec![], Action::Review, &[]);
                        }
                    } else {
                        self.emit("VAL-001", vec![typed.chars().take(20).collect()], vec![], Action::Review, &[]);
                    }
                }
            }
        }
        for typed in &claim.procedures {
            match cat.find(CodeSystem::Icd9cm, typed).filter(|c| c.is_code()) {
                Some(c) => {
                    if !self.idrg_flags(CodeSystem::Icd9cm, typed, false) {
                        self.specific_and_current(c);
                    }
                    self.procedures.push(c);
                }
                None => match cat.find(CodeSystem::Icd10, typed).filter(|c| c.is_code()) {
                    Some(d) => self.emit("VAL-003", vec![d.code().to_string()], vec![], Action::Review, &[]),
                    None => match self.im_parent(cat, CodeSystem::Icd9cm, typed) {
                        Some(parent) => {
                            self.im_code(typed, parent);
                            self.idrg_flags(CodeSystem::Icd9cm, typed, false);
                            self.procedures.push(parent);
                        }
                        None => {
                            self.emit("VAL-001", vec![typed.chars().take(20).collect()], vec![], Action::Review, &[])
                        }
                    },
                },
            }
        }
    }

    /// The 2010 code an IM code refines ([`CodeSets::im_parent`]).
    fn im_parent(&self, cat: &'a Catalog, system: CodeSystem, typed: &str) -> Option<Code<'a>> {
        self.sets.im_parent(cat, system, typed)
    }

    /// On the iDRG track, a code the loaded set lists is judged by the set's flags: `validcode`
    /// 0 (VAL-014), and as principal `accpdx` N or an asterisk (PDX-006). True when the set
    /// decided (the 2010 catalog's specificity and edition checks then do not apply).
    fn idrg_flags(&mut self, system: CodeSystem, typed: &str, principal: bool) -> bool {
        if self.claim.track != Some(Track::Idrg) {
            return false;
        }
        let Some(set) = self.sets.for_base(system) else { return false };
        let Some(e) = set.entry(typed) else { return false };
        if !e.flags.validcode {
            let subs = set.subcodes(&e.code, 8);
            self.emit("VAL-014", vec![e.code.clone()], subs, Action::Replace, &[]);
        }
        if principal && (!e.flags.accpdx || e.flags.asterisk) {
            let why = if e.flags.asterisk { ("asterisk", "asterisk") } else { ("accpdx N", "accpdx N") };
            let extra = [("{reason}", why.0.to_string(), why.1.to_string())];
            self.emit("PDX-006", vec![e.code.clone()], vec![], Action::Reorder, &extra);
        }
        true
    }

    /// An Indonesian Modification code: valid on the iDRG track only (`EKLAIM.md` §3). The level
    /// follows the track the claim states: not stated → warning, INA-CBG → error, iDRG → info.
    fn im_code(&mut self, typed: &str, parent: Code<'a>) {
        let rule = match self.claim.track {
            None => "VAL-010",
            Some(Track::Inacbg) => "VAL-011",
            Some(Track::Idrg) => "VAL-012",
        };
        let typed: String = typed.trim().chars().take(20).collect();
        let (x_id, x_en) = if parent.system() == CodeSystem::Icd9cm {
            ("grouping INA-CBG menjadi X-0-96-X", "INA-CBG grouping gives X-0-96-X")
        } else {
            ("kode ditolak saat impor ke INA-CBG", "the code is refused on import to INA-CBG")
        };
        let extra = [("{grouping}", x_id.to_string(), x_en.to_string())];
        self.emit(rule, vec![typed], vec![parent.code().to_string()], Action::Replace, &extra);
    }

    fn specific_and_current(&mut self, c: Code<'a>) {
        if !c.is_specific() {
            let children: Vec<String> =
                c.children().filter(|ch| ch.accepted_by_inacbg()).take(8).map(|ch| ch.code().to_string()).collect();
            self.emit("VAL-002", vec![c.code().to_string()], children, Action::Replace, &[]);
        }
        if !c.accepted_by_inacbg() {
            let map = self.book.edition_map.get(c.code()).cloned().unwrap_or_default();
            self.emit("VAL-006", vec![c.code().to_string()], map, Action::Replace, &[]);
        }
    }

    /// Family 2: what may be the principal diagnosis.
    fn principal_rules(&mut self, _cat: &'a Catalog) {
        let Some(p) = self.diagnoses.iter().find(|d| d.principal).map(|d| d.code) else { return };
        let code = p.code();
        let secondaries: Vec<Code<'a>> = self.diagnoses.iter().filter(|d| !d.principal).map(|d| d.code).collect();
        if p.is_asterisk() {
            // Prefer a dagger code already coded; else the catalog's partners.
            let coded_dagger: Vec<String> = secondaries
                .iter()
                .filter(|s| s.is_dagger() || s.partners().any(|x| x.id() == p.id()))
                .map(|s| s.code().to_string())
                .collect();
            let expected = if coded_dagger.is_empty() {
                p.partners().filter(|x| x.is_code()).take(6).map(|x| x.code().to_string()).collect()
            } else {
                coded_dagger
            };
            self.emit("PDX-001", vec![code.to_string()], expected, Action::Reorder, &[]);
        }
        let first = code.as_bytes()[0];
        // Y40–Y84 (adverse effects, complications of care) have their own rule (PDX-104).
        let adverse = CodeSpec::parse("Y40-Y84").is_some_and(|s| s.matches(code));
        if (b'V'..=b'Y').contains(&first) && !adverse {
            let injuries: Vec<String> = secondaries
                .iter()
                .filter(|s| matches!(s.code().as_bytes()[0], b'S' | b'T'))
                .map(|s| s.code().to_string())
                .collect();
            self.emit("PDX-002", vec![code.to_string()], injuries, Action::Reorder, &[]);
        }
        let definitive = |s: &Code<'_>| matches!(s.code().as_bytes()[0], b'A'..=b'Q' | b'S' | b'T');
        if first == b'R' {
            let defs: Vec<String> =
                secondaries.iter().filter(|s| definitive(s)).map(|s| s.code().to_string()).collect();
            if !defs.is_empty() {
                self.emit("PDX-003", vec![code.to_string()], defs, Action::Reorder, &[]);
            }
        }
        const Z_PRINCIPAL_OK: &str =
            "Z30,Z31,Z32,Z33,Z34,Z35,Z36,Z37,Z38,Z39,Z40,Z41,Z42,Z43,Z44,Z45,Z46,Z47,Z48,Z49,Z50,Z51,Z52,Z76.2";
        if first == b'Z' && !any_matches(&CodeSpec::parse_list(Z_PRINCIPAL_OK), code) {
            let defs: Vec<String> =
                secondaries.iter().filter(|s| definitive(s)).map(|s| s.code().to_string()).collect();
            if !defs.is_empty() {
                self.emit("PDX-004", vec![code.to_string()], defs, Action::Reorder, &[]);
            }
        }
        // Dagger codes without any of their asterisk partners.
        let coded: Vec<u32> = self.diagnoses.iter().map(|d| d.code.id()).collect();
        let daggers: Vec<(String, Vec<String>)> = self
            .diagnoses
            .iter()
            .filter(|d| d.code.is_dagger() && !d.code.is_dagger_optional() && !d.code.is_asterisk())
            .filter(|d| {
                !d.code.partners().any(|x| coded.contains(&x.id()) || x.children().any(|c| coded.contains(&c.id())))
            })
            .map(|d| {
                (
                    d.code.code().to_string(),
                    d.code.partners().filter(|x| x.is_code()).take(6).map(|x| x.code().to_string()).collect(),
                )
            })
            .collect();
        for (dagger, partners) in daggers {
            if !partners.is_empty() {
                self.emit("PDX-005", vec![dagger], partners, Action::Add, &[]);
            }
        }
    }

    /// Family 3: sex and age limits of the classification.
    fn sex_age(&mut self) {
        let claim = self.claim;
        let mut out = Vec::new();
        let checks = self.diagnoses.iter().map(|d| (d.code, false)).chain(self.procedures.iter().map(|p| (*p, true)));
        for (c, is_proc) in checks {
            if let (Some(sex), Some(only)) = (claim.sex, c.sex()) {
                if sex != only {
                    let (lid, len) = (only.label_id(), only.label_en());
                    out.push((if is_proc { "SEX-002" } else { "SEX-001" }, c.code().to_string(), lid, len, None));
                }
            }
            if let Some(age) = claim.age_days {
                let (min, max) = c.age_days();
                if min.is_some_and(|m| age < m) || max.is_some_and(|m| age > m) {
                    out.push((
                        if is_proc { "AGE-002" } else { "AGE-001" },
                        c.code().to_string(),
                        "",
                        "",
                        Some((min, max)),
                    ));
                }
            }
        }
        for (rule, code, lid, len, range) in out {
            match range {
                None => self.emit(rule, vec![code], vec![], Action::Review, &[("{expected}", lid.into(), len.into())]),
                Some((min, max)) => {
                    let (rid, ren) = range_text(min, max);
                    self.emit(rule, vec![code], vec![], Action::Review, &[("{expected}", rid, ren)]);
                }
            }
        }
    }

    /// Family 4 (built-in part): repeated codes.
    fn duplicates(&mut self) {
        let claim = self.claim;
        let canon = |cx: &Self, i: usize| cx.diagnoses[i].code.id();
        let mut seen_dx: Vec<u32> = Vec::new();
        let mut found = Vec::new();
        let principal = self.diagnoses.iter().find(|d| d.principal).map(|d| d.code.id());
        for i in 0..self.diagnoses.len() {
            let id = canon(self, i);
            if self.diagnoses[i].principal {
                seen_dx.push(id);
                continue;
            }
            if Some(id) == principal {
                found.push(("DUP-002", self.diagnoses[i].code.code().to_string()));
            } else if seen_dx.contains(&id) {
                found.push(("DUP-001", self.diagnoses[i].code.code().to_string()));
            }
            seen_dx.push(id);
        }
        let mut seen_px: Vec<u32> = Vec::new();
        for p in &self.procedures {
            if seen_px.contains(&p.id()) {
                found.push(("DUP-003", p.code().to_string()));
            }
            seen_px.push(p.id());
        }
        let _ = claim;
        for (rule, code) in found {
            self.emit(rule, vec![code.clone()], vec![code], Action::Remove, &[]);
        }
    }

    /// Families 3–6 from the rule tables.
    fn table_rules(&mut self) {
        let book = self.book;
        let dx: Vec<&str> = self.diagnoses.iter().map(|d| d.code.code()).collect();
        let principal: Option<&str> = self.diagnoses.iter().find(|d| d.principal).map(|d| d.code.code());
        let px: Vec<&str> = self.procedures.iter().map(|p| p.code()).collect();
        // Codes of the claim within `specs`; allocates only when something matches, since most
        // rules do not apply to a given claim.
        let matching = |codes: &[&str], specs: &[CodeSpec]| -> Vec<String> {
            let mut v: Vec<String> = Vec::new();
            for c in codes {
                if any_matches(specs, c) && !v.iter().any(|x| x == c) {
                    v.push(c.to_string());
                }
            }
            v
        };
        let specs_text = |specs: &[CodeSpec]| specs.iter().map(ToString::to_string).collect::<Vec<_>>();
        for rule in book.candidates(&dx, &px) {
            match &rule.logic {
                Logic::Builtin => {}
                Logic::ProcedureNeedsDiagnosis { settings, procedures, diagnoses } => {
                    let hit = matching(&px, procedures);
                    if self.covers(*settings) && !hit.is_empty() && matching(&dx, diagnoses).is_empty() {
                        self.emit_rule(rule, hit, specs_text(diagnoses), Action::Add, &[]);
                    }
                }
                Logic::DiagnosisNeedsProcedure { settings, diagnoses, procedures } => {
                    let hit = matching(&dx, diagnoses);
                    if self.covers(*settings) && !hit.is_empty() && matching(&px, procedures).is_empty() {
                        self.emit_rule(rule, hit, specs_text(procedures), Action::Add, &[]);
                    }
                }
                Logic::SymptomWithDefinitive { symptoms, definitive } => {
                    let defs = matching(&dx, definitive);
                    for s in matching(&dx, symptoms) {
                        let others: Vec<String> = defs.iter().filter(|d| **d != s).cloned().collect();
                        if !others.is_empty() {
                            let action = if Some(s.as_str()) == principal { Action::Reorder } else { Action::Remove };
                            self.emit_rule(rule, vec![s], others, action, &[]);
                        }
                    }
                }
                Logic::ExclusivePair { a, b } => {
                    let (ha, hb) = (matching(&dx, a), matching(&dx, b));
                    if let (Some(x), Some(y)) = (ha.first(), hb.iter().find(|y| !ha.contains(y))) {
                        self.emit_rule(rule, vec![x.clone(), y.clone()], vec![], Action::Review, &[]);
                    }
                }
                Logic::Combination { a, b, replace_with } => {
                    let (ha, hb) = (matching(&dx, a), matching(&dx, b));
                    let already = dx.iter().any(|c| replace_with.iter().any(|r| c.starts_with(r.as_str())));
                    if let (Some(x), Some(y)) = (ha.first(), hb.iter().find(|y| !ha.contains(y))) {
                        if !already {
                            self.emit_rule(
                                rule,
                                vec![x.clone(), y.clone()],
                                replace_with.clone(),
                                Action::Replace,
                                &[],
                            );
                        }
                    }
                }
                Logic::NotPrincipal { codes } => {
                    if let Some(p) = principal.filter(|p| any_matches(codes, p)) {
                        self.emit_rule(rule, vec![p.to_string()], vec![], Action::Reorder, &[]);
                    }
                }
                Logic::Age { procedures, codes, min_days, max_days } => {
                    let Some(age) = self.claim.age_days else { continue };
                    if min_days.is_some_and(|m| age < m) || max_days.is_some_and(|m| age > m) {
                        let hit = matching(if *procedures { &px } else { &dx }, codes);
                        if !hit.is_empty() {
                            let (rid, ren) = range_text(*min_days, *max_days);
                            self.emit_rule(rule, hit, vec![], Action::Review, &[("{expected}", rid, ren)]);
                        }
                    }
                }
                Logic::Document { settings, diagnoses, procedures, documents } => {
                    if self.claim.facility != Facility::Fktl || !self.covers(*settings) {
                        continue;
                    }
                    let dx_ok = diagnoses.is_empty() || !matching(&dx, diagnoses).is_empty();
                    let px_ok = procedures.is_empty() || !matching(&px, procedures).is_empty();
                    if !(dx_ok && px_ok) {
                        continue;
                    }
                    // Absent is not empty: without a documents field the case gets the checklist
                    // (at info), not a finding per document.
                    let stated = self.claim.documents.as_deref();
                    let attached = stated.is_some_and(|s| documents.iter().any(|d| s.iter().any(|a| a == d)));
                    let labels: Vec<(String, String)> = documents.iter().map(|d| book.document_label(d)).collect();
                    let label_id = labels.iter().map(|l| l.0.as_str()).collect::<Vec<_>>().join(" atau ");
                    let label_en = labels.iter().map(|l| l.1.as_str()).collect::<Vec<_>>().join(" or ");
                    self.documents.push(DocumentItem {
                        rule: rule.text.id.clone(),
                        kinds: documents.clone(),
                        label_id: label_id.clone(),
                        label_en: label_en.clone(),
                        attached,
                        level: if stated.is_some() { rule.text.level } else { Level::Info },
                    });
                    if stated.is_some() && !attached {
                        let mut involved = matching(&dx, diagnoses);
                        involved.extend(matching(&px, procedures));
                        let extra = [
                            ("{documents}", label_id, label_en),
                            ("{documents_kinds}", documents.join(","), String::new()),
                        ];
                        self.emit_rule(rule, involved, vec![], Action::Attach, &extra);
                    }
                }
            }
        }
    }

    /// True when a rule of `settings` applies: setting-specific rules wait for a stated setting.
    fn covers(&self, settings: rules::Settings) -> bool {
        settings.covers(self.claim.setting)
    }

    /// Without a documents field: one prompt with the checklist of what the case needs.
    fn documents_prompt(&mut self) {
        if self.claim.documents.is_some() || self.documents.is_empty() {
            return;
        }
        let mut id: Vec<String> = Vec::new();
        let mut en: Vec<String> = Vec::new();
        for d in &self.documents {
            if !id.contains(&d.label_id) {
                id.push(d.label_id.clone());
                en.push(d.label_en.clone());
            }
        }
        let extra = [("{documents}", id.join("; "), en.join("; "))];
        self.emit("DOC-000", vec![], vec![], Action::Attach, &extra);
    }

    /// Family 7: primary care.
    fn fktp(&mut self, _cat: &'a Catalog) {
        let claim = self.claim;
        if claim.facility != Facility::Fktp {
            return;
        }
        if claim.referral {
            if let Some(p) = self.diagnoses.iter().find(|d| d.principal).map(|d| d.code.code()) {
                if let Some(ns) = self.book.non_specialistic.iter().find(|n| any_matches(&n.codes, p)) {
                    let name = vec![format!("{} ({})", ns.name_id, ns.name_en)];
                    self.emit("FKTP-001", vec![p.to_string()], name, Action::Review, &[]);
                }
            }
        }
        let cat = _cat;
        let icd: Vec<&str> = self.diagnoses.iter().map(|d| d.code.code()).collect();
        if icd.is_empty() {
            return;
        }
        let mut out = Vec::new();
        for typed in &claim.icpc2 {
            let Some(r) = cat.find(CodeSystem::Icpc2, typed).filter(|c| c.is_code()) else {
                self.emit("VAL-001", vec![typed.chars().take(20).collect()], vec![], Action::Review, &[]);
                continue;
            };
            let targets: Vec<&str> = r.crosswalk().map(|t| t.code()).collect();
            if targets.is_empty() {
                continue;
            }
            let agrees = icd.iter().any(|c| targets.iter().any(|t| c.starts_with(t) || t.starts_with(c)));
            if !agrees {
                out.push((r.code().to_string(), targets.iter().take(4).map(|t| t.to_string()).collect::<Vec<_>>()));
            }
        }
        for (code, targets) in out {
            self.emit("FKTP-002", vec![code], targets, Action::Review, &[]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(json: &str) -> CheckReport {
        let input: ClaimInput = serde_json::from_str(json).unwrap();
        check(&Catalog::embedded().unwrap(), &input.validate().unwrap())
    }

    fn rules(r: &CheckReport) -> Vec<&str> {
        r.findings.iter().map(|f| f.rule.as_str()).collect()
    }

    #[test]
    fn validity_rules_fire_and_stay_quiet() {
        let r = run(
            r#"{"sex":"M","age_years":30,"principal_diagnosis":"J18","procedures":["A09"],"secondary_diagnoses":["99.29","XYZ","A97.0"]}"#,
        );
        let ids = rules(&r);
        for id in ["VAL-002", "VAL-003", "VAL-004", "VAL-001", "VAL-006"] {
            assert!(ids.contains(&id), "{id} missing in {ids:?}");
        }
        let a97 = r.findings.iter().find(|f| f.rule == "VAL-006").unwrap();
        assert_eq!(a97.suggestion.codes, ["A90"]);
        let ok = run(r#"{"sex":"M","age_years":30,"setting":"outpatient","principal_diagnosis":"J18.9"}"#);
        assert!(rules(&ok).iter().all(|id| !id.starts_with("VAL")), "{:?}", rules(&ok));
    }

    #[test]
    fn optional_fifth_characters_are_specific_headers_are_not() {
        for code in ["S72.0", "S52.5", "M00.0", "S72.00"] {
            let r =
                run(&format!(r#"{{"sex":"M","age_years":40,"setting":"inpatient","principal_diagnosis":"{code}"}}"#));
            assert!(!rules(&r).contains(&"VAL-002"), "{code}: {:?}", rules(&r));
        }
        let r = run(r#"{"sex":"M","age_years":40,"setting":"inpatient","principal_diagnosis":"J18"}"#);
        let f = r.findings.iter().find(|f| f.rule == "VAL-002").expect("J18 is a header");
        assert_eq!(f.level, Level::Error);
        assert!(f.suggestion.codes.contains(&"J18.9".to_string()));
    }

    #[test]
    fn absent_documents_are_a_checklist_explicit_ones_are_checked() {
        let base = r#""sex":"M","age_years":58,"setting":"inpatient","principal_diagnosis":"J18.9""#;
        let absent = run(&format!("{{{base}}}"));
        assert!(absent.findings.iter().all(|f| f.level != Level::Error), "{:?}", rules(&absent));
        assert!(!rules(&absent).iter().any(|r| r.starts_with("DOC-0") && *r != "DOC-000"), "{:?}", rules(&absent));
        let prompt = absent.findings.iter().find(|f| f.rule == "DOC-000").expect("DOC-000");
        assert_eq!(prompt.level, Level::Info);
        assert!(prompt.message_en.contains("Chest X-ray"), "{}", prompt.message_en);
        assert!(!absent.documents.is_empty() && absent.documents.iter().all(|d| d.level == Level::Info && !d.attached));
        // An explicit list, even empty, is checked as before.
        let empty = run(&format!(r#"{{{base},"documents":[]}}"#));
        assert!(rules(&empty).contains(&"DOC-001") && rules(&empty).contains(&"DOC-002"), "{:?}", rules(&empty));
        assert!(!rules(&empty).contains(&"DOC-000"));
        assert_eq!(empty.findings.iter().find(|f| f.rule == "DOC-001").unwrap().level, Level::Error);
        let full = run(&format!(r#"{{{base},"documents":["sep","medical_resume","xray_chest"]}}"#));
        assert!(!rules(&full).iter().any(|r| r.starts_with("DOC")), "{:?}", rules(&full));
    }

    #[test]
    fn im_codes_have_their_own_finding_by_track() {
        let claim = |extra: &str| {
            run(&format!(
                r#"{{"sex":"M","age_years":73,"setting":"inpatient","diagnosa":"S71.0#A00.1","procedure":"81.52#88.380#86.22"{extra}}}"#
            ))
        };
        for (extra, rule, level) in [
            ("", "VAL-010", Level::Warning),
            (r#","coding_track":"inacbg""#, "VAL-011", Level::Error),
            (r#","coding_track":"idrg""#, "VAL-012", Level::Info),
        ] {
            let r = claim(extra);
            let f = r.findings.iter().find(|f| f.rule == rule).unwrap_or_else(|| panic!("{rule}: {:?}", rules(&r)));
            assert_eq!(f.level, level);
            assert_eq!(f.codes, ["88.380"]);
            assert_eq!(f.suggestion.codes, ["88.38"]);
            assert!(f.message_en.contains("X-0-96-X"), "{}", f.message_en);
            assert!(!rules(&r).contains(&"VAL-001"), "not an unknown code: {:?}", rules(&r));
        }
        let r = run(r#"{"sex":"M","age_years":40,"setting":"inpatient","diagnoses":["A15.11"]}"#);
        let f = r.findings.iter().find(|f| f.rule == "VAL-010").expect("ICD-10-IM");
        assert_eq!(f.suggestion.codes, ["A15.1"]);
        assert!(!rules(&r).contains(&"VAL-001") && !rules(&r).contains(&"VAL-007"));
        // The 2010 code itself is no finding.
        let ok =
            run(r#"{"sex":"M","age_years":73,"setting":"inpatient","diagnosa":"S71.0","procedure":"81.52#88.38"}"#);
        assert!(!rules(&ok).iter().any(|r| r.starts_with("VAL")), "{:?}", rules(&ok));
    }

    #[test]
    fn a_missing_setting_is_asked_for_and_setting_rules_wait() {
        let r = run(r#"{"sex":"M","age_years":58,"principal_diagnosis":"J18.9","documents":[]}"#);
        assert!(rules(&r).contains(&"VAL-013"));
        assert!(!rules(&r).contains(&"DOC-001") && !rules(&r).contains(&"DOC-003"), "{:?}", rules(&r));
        assert!(rules(&r).contains(&"DOC-002"), "rules for any setting still apply");
    }

    #[test]
    fn asterisk_principal_suggests_the_dagger() {
        let r = run(r#"{"sex":"M","age_years":30,"diagnoses":["G01","A17.0"]}"#);
        let f = r.findings.iter().find(|f| f.rule == "PDX-001").expect("PDX-001");
        assert_eq!(f.level, Level::Error);
        assert!(f.suggestion.codes.contains(&"A17.0".to_string()));
        let ok = run(r#"{"sex":"M","age_years":30,"diagnoses":["A17.0","G01"]}"#);
        assert!(!rules(&ok).contains(&"PDX-001"));
    }

    #[test]
    fn sex_conflicts() {
        let r = run(r#"{"sex":"M","age_years":30,"diagnoses":["O80"],"procedures":["74.1"]}"#);
        assert!(rules(&r).contains(&"SEX-001"));
        assert!(rules(&r).contains(&"SEX-002"));
        let ok = run(r#"{"sex":"F","age_years":30,"diagnoses":["O82.0"],"procedures":["74.1"]}"#);
        assert!(!rules(&ok).iter().any(|r| r.starts_with("SEX")));
    }

    #[test]
    fn duplicates() {
        let r =
            run(r#"{"sex":"F","age_years":30,"diagnoses":["A09","A09","I10","I10"],"procedures":["89.52","89.52"]}"#);
        let ids = rules(&r);
        assert!(ids.contains(&"DUP-002") && ids.contains(&"DUP-001") && ids.contains(&"DUP-003"), "{ids:?}");
    }

    #[test]
    fn findings_are_sorted_errors_first_and_deterministic() {
        let json = r#"{"sex":"M","age_years":30,"diagnoses":["R50.9","A01.0","O80"],"procedures":["99.29"]}"#;
        let a = run(json);
        let b = run(json);
        assert_eq!(a, b);
        let levels: Vec<Level> = a.findings.iter().map(|f| f.level).collect();
        let mut sorted = levels.clone();
        sorted.sort();
        assert_eq!(levels, sorted);
    }
}
