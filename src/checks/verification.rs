//! What BPJS verifiers question (`VERIFICATION.md` A–D), the rules whose logic is here; their
//! texts and sources are in `data/rules/verification.tsv`.
//!
//! - **Evidence** (A): a secondary diagnosis that raises severity needs the clinical evidence the
//!   published criteria name. When the claim carries the values ([`Evidence`]), the rule decides:
//!   met → nothing, not met → a warning (`EVD-0NN`); when a value is absent, a documentation
//!   prompt at info (`EVD-1NN`) names the criteria. Never an error.
//! - **Procedures** (C): code choice and setting (`PRC-*`).
//! - **Cohorts** (D): combinations branch offices audit (`COH-*`, info).

use super::claim::{Culture, Evidence, Setting, Sex, TestResult, XrayFinding};
use super::{Action, Context};
use crate::codespec::{any_matches, CodeSpec};
use std::sync::OnceLock;

/// Three-valued logic: `Some(true)` met, `Some(false)` not met, `None` unknown.
type Tri = Option<bool>;

fn and(a: Tri, b: Tri) -> Tri {
    match (a, b) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), Some(true)) => Some(true),
        _ => None,
    }
}

fn or(a: Tri, b: Tri) -> Tri {
    match (a, b) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}

/// At least `n` of the criteria (unknown ones may still meet it).
fn at_least(n: usize, criteria: &[Tri]) -> Tri {
    let yes = criteria.iter().filter(|c| **c == Some(true)).count();
    let unknown = criteria.iter().filter(|c| c.is_none()).count();
    if yes >= n {
        Some(true)
    } else if yes + unknown < n {
        Some(false)
    } else {
        None
    }
}

/// Parsed code specs, once.
struct Specs {
    list: Vec<Vec<CodeSpec>>,
}

const SPEC_TEXTS: &[&str] = &[
    "R57.0",                                               // 0 cardiogenic shock
    "J12-J18",                                             // 1 pneumonia
    "A15.0-A15.3,A16.0-A16.2",                             // 2 pulmonary TB
    "E87.1",                                               // 3 hyponatraemia
    "E87.6",                                               // 4 hypokalaemia
    "A40-A41",                                             // 5 sepsis
    "N17",                                                 // 6 acute kidney injury
    "J90,J91",                                             // 7 pleural effusion
    "D50-D64",                                             // 8 anaemia
    "R56",                                                 // 9 convulsions
    "A15.0",                                               // 10 TB confirmed by sputum microscopy
    "99.03-99.04",                                         // 11 transfusion
    "N18.5,N18.0",                                         // 12 CKD stage 5
    "39.59",                                               // 13 other repair of vessel
    "96.71",                                               // 14 ventilation < 96 h
    "96.72",                                               // 15 ventilation ≥ 96 h
    "81.92",                                               // 16 intra-articular injection
    "54.11,54.19",                                         // 17 laparotomy (approach)
    "42-54",                                               // 18 operations on the digestive system and abdomen
    "54.1",                                                // 19 laparotomy category
    "03.09",                                               // 20 laminectomy (approach)
    "03.0-03.99,80.50-80.59,81.00-81.08,81.30-81.39,84.5", // 21 spinal operations
    "I63",                                                 // 22 cerebral infarction
    "G81",                                                 // 23 hemiplegia
    "47.09",                                               // 24 appendectomy
    "54.59",                                               // 25 adhesiolysis
    "K92,K29",                                             // 26 GI haemorrhage, gastritis
    "K30",                                                 // 27 dyspepsia
];

/// The document kinds (`data/rules/document_kinds.tsv`) that hold the evidence of rule `n`.
const EVIDENCE_DOCUMENTS: [&[&str]; 12] = [
    &[],
    &["echocardiography"],
    &["xray_chest"],
    &[],
    &["lab_sputum_bta", "lab_tcm", "xray_chest"],
    &["lab_electrolytes"],
    &["lab_electrolytes"],
    &["lab_culture"],
    &["lab_renal"],
    &["xray_chest", "ultrasound", "ct_scan"],
    &["lab_cbc"],
    &[],
];

fn specs() -> &'static Specs {
    static S: OnceLock<Specs> = OnceLock::new();
    S.get_or_init(|| Specs { list: SPEC_TEXTS.iter().map(|t| CodeSpec::parse_list(t)).collect() })
}

fn spec(i: usize) -> &'static [CodeSpec] {
    &specs().list[i]
}

fn fmt(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

/// The values a rule used, for its message (`Na 131 mmol/L, koreksi elektrolit: ya`).
struct Given {
    id: Vec<String>,
    en: Vec<String>,
}

impl Given {
    fn new() -> Given {
        Given { id: Vec::new(), en: Vec::new() }
    }

    fn num(&mut self, label: &str, v: Option<f64>, unit: &str) {
        if let Some(v) = v {
            self.id.push(format!("{label} {} {unit}", fmt(v)).trim().to_string());
            self.en.push(format!("{label} {} {unit}", fmt(v)).trim().to_string());
        }
    }

    fn flag(&mut self, id: &str, en: &str, v: Option<bool>) {
        if let Some(v) = v {
            self.id.push(format!("{id}: {}", if v { "ya" } else { "tidak" }));
            self.en.push(format!("{en}: {}", if v { "yes" } else { "no" }));
        }
    }

    fn text(&mut self, id: String, en: String) {
        self.id.push(id);
        self.en.push(en);
    }

    fn extra(&self) -> [(&'static str, String, String); 1] {
        let none = |v: &Vec<String>, n: &str| if v.is_empty() { n.to_string() } else { v.join(", ") };
        [("{given}", none(&self.id, "—"), none(&self.en, "—"))]
    }
}

fn xray(e: &Evidence, want: &[XrayFinding]) -> Tri {
    e.chest_xray.as_ref().map(|f| f.iter().any(|x| want.contains(x)))
}

fn xray_given(g: &mut Given, e: &Evidence) {
    if let Some(f) = &e.chest_xray {
        let names: Vec<&str> = f
            .iter()
            .map(|x| match x {
                XrayFinding::Normal => "normal",
                XrayFinding::Infiltrate => "infiltrate",
                XrayFinding::Effusion => "effusion",
                XrayFinding::Tb => "tb",
                XrayFinding::Other => "other",
            })
            .collect();
        let s = if names.is_empty() { "—".to_string() } else { names.join("/") };
        g.text(format!("foto toraks {s}"), format!("chest X-ray {s}"));
    }
}

fn lt(v: Option<f64>, limit: f64) -> Tri {
    v.map(|x| x < limit)
}

impl<'a> Context<'a> {
    /// Secondary diagnoses of the claim within `specs`, as coded (a repeat of the principal is not
    /// a secondary diagnosis).
    fn secondary_in(&self, specs: &[CodeSpec]) -> Vec<String> {
        let principal = self.diagnoses.iter().find(|d| d.principal).map(|d| d.code.id());
        let mut v: Vec<String> = Vec::new();
        for d in self.diagnoses.iter().filter(|d| !d.principal && Some(d.code.id()) != principal) {
            let c = d.code.code();
            if any_matches(specs, c) && !v.iter().any(|x| x == c) {
                v.push(c.to_string());
            }
        }
        v
    }

    fn any_dx(&self, specs: &[CodeSpec]) -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        for d in &self.diagnoses {
            let c = d.code.code();
            if any_matches(specs, c) && !v.iter().any(|x| x == c) {
                v.push(c.to_string());
            }
        }
        v
    }

    fn principal_in(&self, specs: &[CodeSpec]) -> Option<String> {
        self.diagnoses
            .iter()
            .find(|d| d.principal)
            .map(|d| d.code.code())
            .filter(|c| any_matches(specs, c))
            .map(String::from)
    }

    fn px_in(&self, specs: &[CodeSpec]) -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        for p in &self.procedures {
            let c = p.code();
            if any_matches(specs, c) && !v.iter().any(|x| x == c) {
                v.push(c.to_string());
            }
        }
        v
    }

    /// Emits the evidence outcome of a rule pair: `n` (1–11) → EVD-0nn (not met) / EVD-1nn (ask).
    /// The prompt is left out when the claim states that a document holding the evidence is
    /// attached (the verifier can read it there).
    fn evidence_outcome(&mut self, n: usize, codes: Vec<String>, met: Tri, given: &Given) {
        if codes.is_empty() {
            return;
        }
        let extra = given.extra();
        let attached = self
            .claim
            .documents
            .as_deref()
            .is_some_and(|d| EVIDENCE_DOCUMENTS[n].iter().any(|k| d.iter().any(|a| a == k)));
        match met {
            Some(true) => {}
            Some(false) => self.emit(&format!("EVD-{n:03}"), codes, vec![], Action::Review, &extra),
            None if attached => {}
            None => self.emit(&format!("EVD-{:03}", 100 + n), codes, vec![], Action::Review, &extra),
        }
    }

    /// `VERIFICATION.md` A: evidence for severity-raising secondary diagnoses.
    pub(super) fn evidence(&mut self) {
        let e = self.claim.evidence.clone();
        let child = self.claim.age_days.map(|d| d < 18 * 365);
        // A1 cardiogenic shock [BAP23].
        let codes = self.secondary_in(spec(0));
        if !codes.is_empty() {
            let bp = match e.inotrope {
                Some(true) => lt(e.systolic_bp, 80.0),
                Some(false) => lt(e.systolic_bp, 90.0),
                None => match e.systolic_bp {
                    Some(s) if s < 80.0 => Some(true),
                    Some(s) if s >= 90.0 => Some(false),
                    _ => None,
                },
            };
            let mut g = Given::new();
            g.num("TD sistolik / systolic BP", e.systolic_bp, "mmHg");
            g.flag("inotropik", "inotrope", e.inotrope);
            g.num("EF", e.ejection_fraction, "%");
            self.evidence_outcome(1, codes, and(bp, lt(e.ejection_fraction, 50.0)), &g);
        }
        // A2 pneumonia [BAP23, KMK 514/2015].
        let codes = self.secondary_in(spec(1));
        if !codes.is_empty() {
            let infiltrate = xray(&e, &[XrayFinding::Infiltrate]);
            let fever = e.temperature.map(|t| t > 38.0);
            let leuko = e.leukocytes.map(|l| !(4_500.0..=10_000.0).contains(&l));
            // Cough, purulent sputum and consolidation signs are not carried by a claim: unknown.
            let two = at_least(2, &[fever, leuko, None, None, None]);
            let mut g = Given::new();
            xray_given(&mut g, &e);
            g.num("suhu / temperature", e.temperature, "°C");
            g.num("leukosit / leukocytes", e.leukocytes, "/µL");
            self.evidence_outcome(2, codes, and(infiltrate, two), &g);
        }
        // A3 pulmonary TB: smear-negative is not A15.0 [BAP23, 2018 agreement].
        if e.sputum_smear == Some(TestResult::Negative) {
            let codes = self.any_dx(spec(10));
            if !codes.is_empty() {
                let mut g = Given::new();
                g.text("BTA negatif".into(), "smear negative".into());
                self.emit("EVD-003", codes, vec!["A16.0".into()], Action::Replace, &g.extra());
            }
        }
        let codes = self.secondary_in(spec(2));
        if !codes.is_empty() {
            let imaging = xray(&e, &[XrayFinding::Tb, XrayFinding::Infiltrate]);
            let smear = e.sputum_smear.map(|s| s == TestResult::Positive);
            let mut g = Given::new();
            xray_given(&mut g, &e);
            if let Some(s) = e.sputum_smear {
                let p = s == TestResult::Positive;
                g.text(
                    format!("BTA {}", if p { "positif" } else { "negatif" }),
                    format!("smear {}", if p { "positive" } else { "negative" }),
                );
            }
            g.flag("OAT", "TB drugs", e.tb_drugs);
            self.evidence_outcome(4, codes, and(or(imaging, smear), e.tb_drugs), &g);
        }
        // A4 hyponatraemia, A5 hypokalaemia [BAP23].
        for (n, idx, value, adult, kid, label) in
            [(5, 3, e.sodium, 135.0, 130.0, "Na"), (6, 4, e.potassium, 3.5, 3.0, "K")]
        {
            let codes = self.secondary_in(spec(idx));
            if codes.is_empty() {
                continue;
            }
            let limit = if child == Some(true) { kid } else { adult };
            let mut g = Given::new();
            g.num(label, value, "mmol/L");
            g.flag("koreksi elektrolit", "electrolyte correction", e.electrolyte_correction);
            self.evidence_outcome(n, codes, and(lt(value, limit), e.electrolyte_correction), &g);
        }
        // A6 sepsis [KKD, KMK 342/2017].
        let codes = self.secondary_in(spec(5));
        if !codes.is_empty() {
            let culture = e.culture.map(|c| c != Culture::NotDone);
            let days = match (e.antibiotic_days, e.antibiotics) {
                (Some(d), _) => Some(d >= 7.0),
                (None, Some(false)) => Some(false),
                _ => None,
            };
            let mut g = Given::new();
            if let Some(c) = e.culture {
                let (id, en) = match c {
                    Culture::Positive => ("kultur positif", "culture positive"),
                    Culture::Negative => ("kultur negatif", "culture negative"),
                    Culture::NotDone => ("kultur tidak dilakukan", "no culture"),
                };
                g.text(id.into(), en.into());
            }
            g.flag("antibiotik", "antibiotics", e.antibiotics);
            g.num("hari antibiotik / antibiotic days", e.antibiotic_days, "");
            self.evidence_outcome(7, codes, and(culture, days), &g);
        }
        // A7 acute kidney injury: KDIGO 2012 [KKD, 2019 agreement].
        let codes = self.secondary_in(spec(6));
        if !codes.is_empty() {
            let met = match (e.creatinine_baseline, e.creatinine_peak) {
                (Some(b), Some(p)) => Some(p - b >= 0.3 || p >= 1.5 * b),
                _ => None,
            };
            let mut g = Given::new();
            g.num("kreatinin awal / baseline creatinine", e.creatinine_baseline, "mg/dL");
            g.num("kreatinin puncak / peak creatinine", e.creatinine_peak, "mg/dL");
            self.evidence_outcome(8, codes, met, &g);
        }
        // A8 pleural effusion beside pneumonia [EFP].
        let codes = self.secondary_in(spec(7));
        if !codes.is_empty() && !self.any_dx(spec(1)).is_empty() {
            let met = match (e.thoracentesis, xray(&e, &[XrayFinding::Effusion])) {
                (Some(true), _) => Some(true),
                (_, Some(false)) => Some(false),
                _ => None,
            };
            let mut g = Given::new();
            xray_given(&mut g, &e);
            g.flag("pungsi pleura", "thoracentesis", e.thoracentesis);
            self.evidence_outcome(9, codes, met, &g);
        }
        // A9 anaemia [DPM]: Hb below normal (men 13, women 12, children 11 g/dL) and management.
        let codes = self.secondary_in(spec(8));
        if !codes.is_empty() {
            let limit = match (self.claim.age_days.map(|d| d < 12 * 365), self.claim.sex) {
                (Some(true), _) => 11.0,
                (_, Some(Sex::Male)) => 13.0,
                _ => 12.0,
            };
            let transfused = !self.px_in(spec(11)).is_empty();
            let therapy = if transfused { Some(true) } else { e.anaemia_therapy };
            let mut g = Given::new();
            g.num("Hb", e.hemoglobin, "g/dL");
            g.flag("tata laksana anemia", "anaemia management", therapy);
            self.evidence_outcome(10, codes, and(lt(e.hemoglobin, limit), therapy), &g);
        }
        // A10 seizure [RMIK]: an EEG result or anticonvulsant therapy.
        let codes = self.secondary_in(spec(9));
        if !codes.is_empty() {
            let eeg = e.eeg.map(|r| r == TestResult::Positive);
            let mut g = Given::new();
            if let Some(r) = e.eeg {
                let p = r == TestResult::Positive;
                g.text(
                    format!("EEG {}", if p { "abnormal" } else { "normal" }),
                    format!("EEG {}", if p { "abnormal" } else { "normal" }),
                );
            }
            g.flag("antikonvulsan", "anticonvulsant", e.anticonvulsant);
            self.evidence_outcome(11, codes, or(eeg, e.anticonvulsant), &g);
        }
    }

    /// `VERIFICATION.md` C: procedure code choice and setting.
    pub(super) fn procedure_rules(&mut self) {
        let claim = self.claim;
        // C26: dialysis access in CKD stage 5 coded as "other repair of vessel" [KC].
        let p = self.px_in(spec(13));
        if !p.is_empty() && !self.any_dx(spec(12)).is_empty() {
            self.emit("PRC-001", p, vec!["38.95".into(), "39.27".into()], Action::Replace, &[]);
        }
        // C27: ventilation code against the hours on the ventilator [KC].
        let (short, long) = (self.px_in(spec(14)), self.px_in(spec(15)));
        if !short.is_empty() || !long.is_empty() {
            match claim.ventilator_hours {
                Some(h) if !short.is_empty() && h >= 96 => {
                    let hv = [("{hours}", h.to_string(), h.to_string())];
                    self.emit("PRC-002", short.clone(), vec!["96.72".into()], Action::Replace, &hv);
                }
                Some(h) if !long.is_empty() && h < 96 => {
                    let hv = [("{hours}", h.to_string(), h.to_string())];
                    self.emit("PRC-002", long.clone(), vec!["96.71".into()], Action::Replace, &hv);
                }
                Some(_) => {}
                None => {
                    let mut all = short.clone();
                    all.extend(long.iter().cloned());
                    self.emit("PRC-102", all, vec![], Action::Review, &[]);
                }
            }
            let died = claim.discharge == Some(super::claim::Discharge::Died);
            if !short.is_empty() && died && claim.eklaim_los().is_some_and(|l| l <= 3) {
                self.emit("COH-008", short, vec![], Action::Review, &[]);
            }
        }
        // C28: intra-articular injection claimed inpatient [KC].
        if claim.setting == Some(Setting::Inpatient) {
            let p = self.px_in(spec(16));
            if !p.is_empty() && self.procedures.len() == p.len() {
                self.emit("PRC-003", p, vec![], Action::Review, &[]);
            }
        }
        // C29: the approach is not coded: laparotomy beside the abdominal operation, laminectomy
        // beside the spinal operation [PMK26].
        for (approach, ops, rule) in [(17, 18, "PRC-004"), (20, 21, "PRC-005")] {
            let a = self.px_in(spec(approach));
            if a.is_empty() {
                continue;
            }
            let others: Vec<String> = self
                .px_in(spec(ops))
                .into_iter()
                .filter(|c| !(a.contains(c) || rule == "PRC-004" && any_matches(spec(19), c)))
                .filter(|c| !(rule == "PRC-005" && c == "03.09"))
                .collect();
            if !others.is_empty() {
                self.emit(rule, a, others, Action::Remove, &[]);
            }
        }
    }

    /// `VERIFICATION.md` D: combinations branch offices audit (one claim; the cross-claim ones are
    /// in the audit).
    pub(super) fn cohorts(&mut self) {
        let claim = self.claim;
        // D33 stroke with hemiplegia as a secondary.
        if !self.any_dx(spec(22)).is_empty() {
            let h = self.secondary_in(spec(23));
            if !h.is_empty() {
                self.emit("COH-003", h, vec![], Action::Review, &[]);
            }
        }
        // D34 appendectomy with adhesiolysis.
        let (appx, adh) = (self.px_in(spec(24)), self.px_in(spec(25)));
        if !appx.is_empty() && !adh.is_empty() {
            self.emit("COH-004", [appx, adh].concat(), vec![], Action::Review, &[]);
        }
        // D35 anaemia as principal with GI bleeding or gastritis as a secondary.
        if let Some(p) = self.principal_in(spec(8)) {
            let gi = self.secondary_in(spec(26));
            if !gi.is_empty() {
                self.emit("COH-005", vec![p], gi, Action::Reorder, &[]);
            }
        }
        // D37 dyspepsia inpatient with no secondary diagnosis.
        if claim.setting == Some(Setting::Inpatient) && self.diagnoses.len() == 1 {
            if let Some(p) = self.principal_in(spec(27)) {
                self.emit("COH-007", vec![p], vec![], Action::Review, &[]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_valued_logic() {
        assert_eq!(and(Some(true), None), None);
        assert_eq!(and(Some(false), None), Some(false));
        assert_eq!(or(Some(true), None), Some(true));
        assert_eq!(or(Some(false), None), None);
        assert_eq!(at_least(2, &[Some(true), Some(true), None]), Some(true));
        assert_eq!(at_least(2, &[Some(true), Some(false), None]), None);
        assert_eq!(at_least(2, &[Some(false), Some(false)]), Some(false));
        for t in SPEC_TEXTS {
            assert!(!CodeSpec::parse_list(t).is_empty(), "{t}");
        }
    }
}
