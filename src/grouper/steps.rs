//! The grouping steps, in the order INA-CBG applies them (`data/grouper/README.md`, "Grouping
//! order"). Each step is a function that adds its trace entries and either decides or stops
//! with an X group:
//!
//! 1. [`Run::validate`] — E-Klaim's input errors (X codes); missing data that cannot change the
//!    group only lowers the confidence;
//! 2. [`Run::neonate`] and [`Run::delivery`] — the neonatal (0–28 days) and delivery paths;
//! 3. [`Run::principal_row`] — the principal diagnosis gives the CMG and its medical groups;
//! 4. [`Run::deciding_procedure`] — the procedure that decides the group: within the CMG, or an
//!    operating-room procedure of another body system that outranks it (joint replacement →
//!    M-1-04 whatever the injury principal); non-OR procedures never do;
//! 5. [`Run::medical_group`] — otherwise the medical group of the case type (4 inpatient, 5
//!    outpatient);
//! 6. [`Run::severity`] — from the counted secondary diagnoses.

use super::tables::{Confidence, ConflictRow, DiagnosisRow, Evidence, GroupCode, ProcedureRow, Source, Tables};
use super::{Assessed, Step, TraceStep};
use crate::catalog::{Catalog, Code, CodeSystem};
use crate::checks::claim::{Claim, Discharge, Facility, Setting, Sex};
use crate::codeset::CodeSets;
use crate::codespec::{any_matches, CodeSpec};

/// An X result: the error group, the reason (Indonesian, English) and the row behind it.
pub(super) struct Stop {
    pub code: String,
    pub id: String,
    pub en: String,
    pub src: Option<Source>,
}

fn stop(code: &str, id: String, en: String) -> Stop {
    Stop { code: code.to_string(), id, en, src: None }
}

/// The claim's codes as the catalog knows them, after validation.
pub(super) struct Codes<'c> {
    pub principal: Code<'c>,
    pub secondaries: Vec<Code<'c>>,
    pub procs: Vec<Code<'c>>,
    /// Every diagnosis code (principal first).
    pub dx: Vec<&'c str>,
    /// Every procedure code.
    pub px: Vec<&'c str>,
}

/// One grouping in progress: the trace and the confidence gathered so far.
pub(super) struct Run<'g, 'c> {
    pub t: &'g Tables,
    pub cat: &'c Catalog,
    /// The loaded IM code sets: they decide which unknown codes are IM (X-0-95 / X-0-96).
    pub sets: &'g CodeSets,
    pub claim: &'g Claim,
    pub trace: Vec<TraceStep>,
    pub confidence: Confidence,
    pub reasons: Vec<(String, String)>,
}

pub(super) fn step(step: Step, decision: impl Into<String>, id: impl Into<String>, en: impl Into<String>) -> TraceStep {
    TraceStep {
        step,
        decision: decision.into(),
        reason_id: id.into(),
        reason_en: en.into(),
        table: None,
        line: None,
        evidence: None,
    }
}

pub(super) fn at(mut s: TraceStep, src: &Source) -> TraceStep {
    s.table = Some(src.file.to_string());
    s.line = Some(src.line);
    s.evidence = Some(src.evidence);
    s
}

fn short(s: &str) -> String {
    s.chars().take(20).collect()
}

/// A procedure row that decides the group, with the code that matched it.
type Decider<'g, 'c> = (&'g ProcedureRow, &'c str);

impl<'g, 'c> Run<'g, 'c> {
    pub fn new(t: &'g Tables, cat: &'c Catalog, sets: &'g CodeSets, claim: &'g Claim) -> Self {
        Run { t, cat, sets, claim, trace: Vec::new(), confidence: Confidence::High, reasons: Vec::new() }
    }

    fn inpatient(&self) -> bool {
        self.claim.setting == Some(Setting::Inpatient)
    }

    /// Lowers the confidence to `to` with a reason.
    pub fn lower(&mut self, to: Confidence, id: String, en: String) {
        self.confidence = self.confidence.min(to);
        if !self.reasons.iter().any(|(x, _)| *x == id) {
            self.reasons.push((id, en));
        }
    }

    /// Notes that a deciding row is the team's inference (medium confidence at best).
    fn rests_on(&mut self, src: &Source) {
        if src.evidence == Evidence::Inferred {
            self.lower(
                Confidence::Medium,
                format!(
                    "Baris {}:{} yang menentukan hasil adalah inferensi tim, belum dikonfirmasi hasil E-Klaim.",
                    src.file, src.line
                ),
                format!(
                    "The deciding row {}:{} is the team's inference, not yet confirmed by an E-Klaim result.",
                    src.file, src.line
                ),
            );
        }
    }

    /// Step 1: E-Klaim's input errors. Missing data that cannot change the group (the sex when
    /// no code is sex-specific) lowers the confidence instead of stopping.
    pub fn validate(&mut self) -> Result<Codes<'c>, Stop> {
        let claim = self.claim;
        self.trace.push(step(
            Step::Input,
            format!(
                "{} / {}",
                claim.care_setting().name(),
                if claim.facility == Facility::Fktp { "fktp" } else { "fktl" }
            ),
            format!(
                "jenis rawat {}, {} diagnosis sekunder, {} prosedur",
                if self.inpatient() { "rawat inap" } else { "rawat jalan" },
                claim.secondary.len(),
                claim.procedures.len()
            ),
            format!(
                "{} claim, {} secondary diagnoses, {} procedures",
                claim.care_setting().name(),
                claim.secondary.len(),
                claim.procedures.len()
            ),
        ));
        if claim.facility == Facility::Fktp {
            return Err(stop(
                "X-0-18",
                "INA-CBG hanya untuk FKRTL (rumah sakit); klaim FKTP dibayar kapitasi/nonkapitasi.".into(),
                "INA-CBG applies to referral facilities (hospitals) only; primary-care claims are paid by capitation."
                    .into(),
            ));
        }
        if claim.setting.is_none() {
            return Err(stop(
                "X-0-94",
                "Jenis rawat (rawat jalan/rawat inap) belum diisi.".into(),
                "The care setting (outpatient/inpatient) is missing.".into(),
            ));
        }
        let Some(p_typed) = claim.principal.as_deref() else {
            return Err(stop(
                "X-0-94",
                "Diagnosis utama belum diisi.".into(),
                "The principal diagnosis is missing.".into(),
            ));
        };
        let principal = self.diagnosis(p_typed, true)?;
        let mut secondaries = Vec::new();
        for s in &claim.secondary {
            secondaries.push(self.diagnosis(s, false)?);
        }
        let mut procs = Vec::new();
        for p in &claim.procedures {
            procs.push(self.procedure(p)?);
        }
        let codes = Codes {
            principal,
            dx: std::iter::once(principal.code()).chain(secondaries.iter().map(|c| c.code())).collect(),
            px: procs.iter().map(|c| c.code()).collect(),
            secondaries,
            procs,
        };
        self.sex(&codes)?;
        if let Some(r) = self.t.principal_errors.iter().find(|r| any_matches(&r.codes, principal.code())) {
            return Err(Stop {
                code: r.group.to_string(),
                id: r.reason_id.clone(),
                en: r.reason_en.clone(),
                src: Some(r.source.clone()),
            });
        }
        self.trace.push(step(
            Step::Principal,
            principal.code(),
            format!(
                "diagnosis utama {} — {}",
                principal.code(),
                principal.title_id().unwrap_or_else(|| principal.title_en())
            ),
            format!("principal diagnosis {} — {}", principal.code(), principal.title_en()),
        ));
        Ok(codes)
    }

    /// A diagnosis as E-Klaim validates it: X-0-10 (principal) / X-0-11 (secondary) for an
    /// unknown or unspecific code, X-0-95 for an ICD-10-IM code or one INA-CBG does not accept,
    /// X-0-20 for an asterisk principal.
    fn diagnosis(&self, typed: &str, principal: bool) -> Result<Code<'c>, Stop> {
        let (x, what_id, what_en) = if principal {
            ("X-0-10", "Diagnosis utama", "The principal diagnosis")
        } else {
            ("X-0-11", "Diagnosis sekunder", "Secondary diagnosis")
        };
        let Some(c) = self.cat.find(CodeSystem::Icd10, typed).filter(|c| c.is_code()) else {
            if let Some(parent) = self.sets.im_parent(self.cat, CodeSystem::Icd10, typed) {
                return Err(stop(
                    "X-0-95",
                    format!(
                        "{what_id} \"{}\" tampaknya kode ICD-10-IM (iDRG): INA-CBG menolaknya (E2101 \"IM tidak berlaku\"). \
                         Gunakan kode 2010 {} untuk jalur INA-CBG.",
                        short(typed),
                        parent.code()
                    ),
                    format!(
                        "{what_en} \"{}\" looks like an ICD-10-IM (iDRG) code: INA-CBG refuses it (E2101 \"IM tidak \
                         berlaku\"). Use the 2010 code {} on the INA-CBG track.",
                        short(typed),
                        parent.code()
                    ),
                ));
            }
            return Err(stop(
                x,
                format!("{what_id} \"{}\" bukan kode ICD-10 (edisi 2010) yang valid.", short(typed)),
                format!("{what_en} \"{}\" is not a valid ICD-10 (2010) code.", short(typed)),
            ));
        };
        if !c.accepted_by_inacbg() {
            return Err(stop(
                "X-0-95",
                format!("{what_id} {} tidak berlaku di INA-CBG (bukan ICD-10 edisi 2010).", c.code()),
                format!("{what_en} {} is not valid for INA-CBG (not ICD-10 2010).", c.code()),
            ));
        }
        if !c.is_specific() {
            return Err(stop(
                x,
                format!("{what_id} {} belum spesifik; pilih subkategorinya.", c.code()),
                format!("{what_en} {} is not specific; choose a subcategory.", c.code()),
            ));
        }
        if principal && c.is_asterisk() {
            return Err(stop(
                "X-0-20",
                format!(
                    "Kode asterisk {} tidak boleh menjadi diagnosis utama; jadikan kode dagger-nya diagnosis utama.",
                    c.code()
                ),
                format!(
                    "Asterisk code {} cannot be the principal diagnosis; make its dagger code the principal.",
                    c.code()
                ),
            ));
        }
        Ok(c)
    }

    /// A procedure as E-Klaim validates it: X-0-96 "GAGAL: KODE PROSEDUR TIDAK BERLAKU" for an
    /// ICD-9-CM-IM code (seen in real grouper logs with 88.380) or a header, X-0-12 otherwise.
    fn procedure(&self, typed: &str) -> Result<Code<'c>, Stop> {
        match self.cat.find(CodeSystem::Icd9cm, typed).filter(|c| c.is_code()) {
            Some(c) if c.is_leaf() => Ok(c),
            Some(c) => Err(stop(
                "X-0-96",
                format!("Prosedur {} belum spesifik; pilih subkodenya.", c.code()),
                format!("Procedure {} is not specific; choose a subcode.", c.code()),
            )),
            None => match self.sets.im_parent(self.cat, CodeSystem::Icd9cm, typed) {
                Some(parent) => Err(stop(
                    "X-0-96",
                    format!(
                        "GAGAL: KODE PROSEDUR TIDAK BERLAKU — \"{}\" adalah kode ICD-9-CM-IM (iDRG), ditolak INA-CBG \
                         (E2101). Gunakan kode 2010 {} untuk jalur INA-CBG.",
                        short(typed),
                        parent.code()
                    ),
                    format!(
                        "FAILED: PROCEDURE CODE NOT VALID — \"{}\" is an ICD-9-CM-IM (iDRG) code that INA-CBG refuses \
                         (E2101). Use the 2010 code {} on the INA-CBG track.",
                        short(typed),
                        parent.code()
                    ),
                )),
                None => Err(stop(
                    "X-0-12",
                    format!("Prosedur \"{}\" bukan kode ICD-9-CM yang valid.", short(typed)),
                    format!("Procedure \"{}\" is not a valid ICD-9-CM code.", short(typed)),
                )),
            },
        }
    }

    /// The sex: an X only where E-Klaim's result would be one (a sex-specific code without a
    /// sex, or against it); otherwise a missing sex lowers the confidence.
    fn sex(&mut self, codes: &Codes<'c>) -> Result<(), Stop> {
        let all = || std::iter::once(&codes.principal).chain(codes.secondaries.iter()).chain(codes.procs.iter());
        let Some(sex) = self.claim.sex else {
            let female = all().find(|c| c.sex() == Some(Sex::Female));
            let male = all().find(|c| c.sex() == Some(Sex::Male));
            if let (Some(f), Some(m)) = (female, male) {
                return Err(stop(
                    "X-0-08",
                    format!("Jenis kelamin belum diisi, dan kode {} (perempuan) dengan {} (laki-laki) tidak cocok untuk satu pasien.", f.code(), m.code()),
                    format!("Sex is missing, and codes {} (female) and {} (male) cannot both fit one patient.", f.code(), m.code()),
                ));
            }
            if let Some(c) = female.or(male) {
                // The form is still being filled in (or the file omits the sex): the code says
                // which sex it needs, so the group can be previewed.
                self.lower(
                    Confidence::Low,
                    format!(
                        "Jenis kelamin belum diisi; kode {} khusus {}, jadi pratinjau memakai itu. E-Klaim memerlukan jenis kelamin.",
                        c.code(),
                        if c.sex() == Some(Sex::Female) { "perempuan" } else { "laki-laki" }
                    ),
                    format!(
                        "Sex not given; code {} is for {} patients, so the preview assumes that. E-Klaim requires the sex.",
                        c.code(),
                        if c.sex() == Some(Sex::Female) { "female" } else { "male" }
                    ),
                );
                return Ok(());
            }
            self.lower(
                Confidence::Medium,
                "Jenis kelamin belum diisi: pratinjau tanpa memeriksa jenis kelamin; E-Klaim memerlukannya.".into(),
                "Sex not given: previewed without the sex check; E-Klaim requires it.".into(),
            );
            return Ok(());
        };
        for c in all() {
            match (sex, c.sex()) {
                (Sex::Male, Some(Sex::Female)) => {
                    return Err(stop(
                        "X-0-13",
                        format!("Kode {} khusus perempuan, pasien laki-laki.", c.code()),
                        format!("Code {} is for females; the patient is male.", c.code()),
                    ))
                }
                (Sex::Female, Some(Sex::Male)) => {
                    return Err(stop(
                        "X-0-14",
                        format!("Kode {} khusus laki-laki, pasien perempuan.", c.code()),
                        format!("Code {} is for males; the patient is female.", c.code()),
                    ))
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// True when the case is in the neonatal period (0–28 days). An age in whole years of 0, or
    /// no age, says "neonate" only with a birth weight or a perinatal (P) principal.
    pub fn is_neonate(&mut self, codes: &Codes<'c>) -> bool {
        let max: u32 = self.t.meta.get("neonate_max_age_days").and_then(|v| v.parse().ok()).unwrap_or(28);
        let perinatal = codes.principal.code().starts_with('P');
        let hint = self.claim.birth_weight_grams.is_some() || perinatal;
        match (self.claim.age_days, self.claim.age_from_years) {
            (Some(d), false) => d <= max,
            (Some(d), true) if d >= 365 => false,
            (age, _) => {
                let (id, en) = if age.is_none() {
                    ("Umur belum diisi", "Age not given")
                } else {
                    ("Umur hanya dalam tahun (0)", "Age in whole years only (0)")
                };
                self.lower(
                    Confidence::Medium,
                    format!(
                        "{id}: {} dari {}.",
                        if hint { "dianggap neonatus" } else { "dianggap bukan neonatus (0–28 hari)" },
                        if hint { "berat lahir atau diagnosis perinatal" } else { "tidak adanya berat lahir" }
                    ),
                    format!(
                        "{en}: {} from {}.",
                        if hint { "taken as a neonate" } else { "taken as not a neonate (0–28 days)" },
                        if hint { "the birth weight or a perinatal diagnosis" } else { "the missing birth weight" }
                    ),
                );
                hint
            }
        }
    }

    /// The neonatal path: birth weight groups (`neonates.tsv`). Returns the group and the
    /// diagnoses that decided it (they do not count again for severity).
    pub fn neonate(&mut self, codes: &Codes<'c>) -> Result<(GroupCode, Vec<CodeSpec>), Stop> {
        let inpatient = self.inpatient();
        let age = self.claim.age_days.map_or("?".to_string(), |d| d.to_string());
        self.trace.push(step(
            Step::Neonate,
            format!("{age} hari"),
            format!("umur {age} hari: dikelompokkan sebagai neonatus (CMG P)"),
            format!("age {age} days: grouped as a neonate (CMG P)"),
        ));
        let known_neonate = self.claim.age_days.is_some() && !self.claim.age_from_years;
        let w = match self.claim.birth_weight_grams {
            Some(w) => w,
            None if known_neonate => {
                return Err(stop(
                    "X-0-07",
                    "Berat lahir wajib diisi untuk neonatus (umur 0–28 hari).".into(),
                    "Birth weight is required for neonates (age 0–28 days).".into(),
                ))
            }
            None => {
                // Only a perinatal principal says "neonate"; the weight is not known either.
                self.lower(
                    Confidence::Low,
                    "Umur dan berat lahir belum diisi: pratinjau neonatus memakai berat lahir ≥ 2500 g; E-Klaim memerlukan keduanya.".into(),
                    "Age and birth weight not given: the neonatal preview assumes ≥ 2500 g; E-Klaim requires both.".into(),
                );
                2500
            }
        };
        let died_or_referred = matches!(self.claim.discharge, Some(Discharge::Died) | Some(Discharge::Referred));
        if self.claim.discharge.is_none() && inpatient {
            self.lower(
                Confidence::Medium,
                "Cara pulang belum diisi; neonatus yang meninggal atau dirujuk masuk kelompok lain.".into(),
                "Discharge status missing; neonates who died or were transferred group elsewhere.".into(),
            );
        }
        let t = self.t;
        let row = t.neonates.iter().find(|r| {
            (r.min_grams..=r.max_grams).contains(&w)
                && (r.procedures.is_empty() || codes.px.iter().any(|p| any_matches(&r.procedures, p)))
                && (r.diagnoses.is_empty() || codes.dx.iter().any(|d| any_matches(&r.diagnoses, d)))
                && (!r.died_or_referred || died_or_referred)
        });
        let Some(row) = row else {
            return Err(stop(
                "X-0-17",
                format!("Tidak ada kelompok neonatus untuk berat lahir {w} g."),
                format!("No neonatal group for birth weight {w} g."),
            ));
        };
        let Some(g) = (if inpatient { row.inpatient.clone() } else { row.outpatient.clone() }) else {
            return Err(Stop {
                src: Some(row.source.clone()),
                ..stop(
                    "X-0-17",
                    format!(
                        "Berat lahir {w} g tidak punya kelompok {}.",
                        if inpatient { "rawat inap" } else { "rawat jalan" }
                    ),
                    format!("Birth weight {w} g has no {} group.", self.claim.care_setting().name()),
                )
            });
        };
        self.trace.push(at(
            step(
                Step::CaseType,
                g.to_string(),
                format!("berat lahir {w} g ({}–{} g) → {g}", row.min_grams, row.max_grams),
                format!("birth weight {w} g ({}–{} g) → {g}", row.min_grams, row.max_grams),
            ),
            &row.source,
        ));
        self.rests_on(&row.source);
        Ok((g, row.diagnoses.clone()))
    }

    /// The delivery path (`deliveries.tsv`): `None` when the case is not a delivery; a delivery
    /// with a non-obstetric principal is X-0-15.
    pub fn delivery(&mut self, codes: &Codes<'c>) -> Result<Option<GroupCode>, Stop> {
        use super::tables::{DeliveryRow, DeliveryTrigger as D};
        let t = self.t;
        let hits = |r: &DeliveryRow| -> Option<&'c str> {
            let list = if r.trigger == D::Diagnosis { &codes.dx } else { &codes.px };
            list.iter().copied().find(|c| any_matches(&r.codes, c))
        };
        let Some(trigger) = t.deliveries.iter().filter(|r| r.trigger != D::Modifier).find_map(hits) else {
            return Ok(None);
        };
        let Some(best) = t.deliveries.iter().filter(|r| hits(r).is_some()).fold(None, |b: Option<&DeliveryRow>, r| {
            if b.is_none_or(|b| r.rank > b.rank) {
                Some(r)
            } else {
                b
            }
        }) else {
            return Ok(None);
        };
        let what = match hits(best) {
            Some(c) if c != trigger => format!("{trigger}, {c}"),
            _ => trigger.to_string(),
        };
        let p = codes.principal.code();
        if !p.starts_with('O') {
            return Err(Stop {
                src: Some(best.source.clone()),
                ..stop(
                    "X-0-15",
                    format!("Ada {what} tetapi diagnosis utama {p} bukan kode kehamilan/persalinan (O00–O99)."),
                    format!("There is a {what} but the principal diagnosis {p} is not an obstetric code (O00–O99)."),
                )
            });
        }
        let Some(g) = (if self.inpatient() { best.inpatient.clone() } else { best.outpatient.clone() }) else {
            return Err(Stop {
                src: Some(best.source.clone()),
                ..stop(
                    "X-0-18",
                    "Persalinan ini tidak punya kelompok untuk jenis rawat yang diisi.".into(),
                    "This delivery has no group for the care setting entered.".into(),
                )
            });
        };
        self.trace.push(at(
            step(
                Step::Delivery,
                g.to_string(),
                format!("episode persalinan ({what}) → {g}"),
                format!("delivery episode ({what}) → {g}"),
            ),
            &best.source,
        ));
        self.rests_on(&best.source);
        Ok(Some(g))
    }

    /// Step 3: the principal diagnosis gives the CMG (`diagnoses.tsv`, first match).
    pub fn principal_row(&mut self, codes: &Codes<'c>) -> Result<&'g DiagnosisRow, Stop> {
        let p = codes.principal.code();
        let t = self.t;
        let Some(row) = t.diagnoses.iter().find(|r| any_matches(&r.codes, p)) else {
            return Err(stop(
                "X-0-99",
                format!("Set definisi tidak memuat baris untuk diagnosis utama {p}."),
                format!("The definition set has no row for principal diagnosis {p}."),
            ));
        };
        self.trace.push(at(
            step(
                Step::Cmg,
                row.cmg.clone(),
                format!("{p} cocok dengan baris diagnoses.tsv → CMG {}", row.cmg),
                format!("{p} matches a diagnoses.tsv row → CMG {}", row.cmg),
            ),
            &row.source,
        ));
        if row.confidence < Confidence::High {
            let (id, en) = if row.confidence == Confidence::Low {
                ("umum (cadangan per bab)", "broad (chapter fallback)")
            } else {
                ("mencakup beberapa kelompok", "mixed-group")
            };
            self.lower(
                row.confidence,
                format!("Diagnosis utama {p} dipetakan oleh baris yang {id} (diagnoses.tsv:{}).", row.source.line),
                format!("Principal diagnosis {p} is mapped by a {en} row (diagnoses.tsv:{}).", row.source.line),
            );
        }
        Ok(row)
    }

    /// The group a procedure row gives in this setting.
    fn row_group(&self, r: &ProcedureRow) -> Option<GroupCode> {
        if self.inpatient() {
            r.inpatient.clone()
        } else {
            r.outpatient.clone()
        }
    }

    /// The best row for the claim's procedures among `rows` (highest rank, earlier row on ties).
    fn best<'r>(
        &self,
        codes: &Codes<'c>,
        rows: impl Iterator<Item = &'r ProcedureRow> + Clone,
    ) -> Option<(&'r ProcedureRow, &'c str)> {
        let mut best: Option<(&ProcedureRow, &'c str)> = None;
        for p in &codes.px {
            for r in rows.clone().filter(|r| any_matches(&r.procedures, p) && self.row_group(r).is_some()) {
                if best.is_none_or(|(b, _)| r.rank > b.rank) {
                    best = Some((r, p));
                }
            }
        }
        best
    }

    /// Step 4: the procedure that decides the group, if any. Rows of the principal's CMG (and
    /// `*` rows) compete by rank; a row of another body system decides when it outranks them
    /// (an operating-room procedure decides the CMG across body systems), unless
    /// `procedure_conflicts.tsv` makes the pair an error. Procedures no row knows lower the
    /// confidence; rows without a group for the setting (laboratory, imaging, nebuliser, closed
    /// reduction …) never change the group and are never an error.
    pub fn deciding_procedure(&mut self, codes: &Codes<'c>, row: &DiagnosisRow) -> Result<Option<GroupCode>, Stop> {
        let t = self.t;
        let within = |r: &&ProcedureRow| r.cmgs.is_empty() || r.cmgs.contains(&row.cmg);
        for p in &codes.px {
            if !t.procedures.iter().any(|r| any_matches(&r.procedures, p)) {
                self.lower(
                    Confidence::Medium,
                    format!("Prosedur {p} tidak ada di tabel prosedur; dianggap tidak mengubah kelompok."),
                    format!("Procedure {p} is not in the procedure table; assumed not to change the group."),
                );
                self.trace.push(step(
                    Step::Procedure,
                    p.to_string(),
                    format!("{p} tidak dikenal tabel prosedur: dianggap tidak mengubah kelompok"),
                    format!("{p} not known to the procedure table: assumed not to change the group"),
                ));
            }
        }
        let inside = self.best(codes, t.procedures.iter().filter(within));
        let across = self.best(codes, t.procedures.iter().filter(|r| !within(r)));
        // An operating-room procedure (case type 1 or 2, or an inpatient-only X) of another body
        // system outranks the principal's own rows; a minor one (case type 3) decides only when
        // nothing of the principal's CMG does.
        let operating_room = |(r, _): &Decider<'g, 'c>| self.row_group(r).is_some_and(|g| g.case_type != 3);
        let decider: Option<(Decider<'g, 'c>, bool)> = match (inside, across) {
            (Some(i), Some(a)) if a.0.rank > i.0.rank && operating_room(&a) => Some((a, true)),
            (Some(i), _) => Some((i, false)),
            (None, Some(a)) => Some((a, true)),
            (None, None) => None,
        };
        let Some(((r, p), cross)) = decider else { return Ok(None) };
        let g = self.row_group(r).expect("best() keeps rows with a group");
        if cross {
            if let Some(c) = self.conflict(codes, p) {
                return Err(Stop {
                    code: c.group.to_string(),
                    id: format!("{} ({} dengan {p})", c.reason_id, codes.principal.code()),
                    en: format!("{} ({} with {p})", c.reason_en, codes.principal.code()),
                    src: Some(c.source.clone()),
                });
            }
        }
        if g.is_error() {
            return Err(Stop {
                src: Some(r.source.clone()),
                ..stop(
                    &g.to_string(),
                    format!("SALAH: RAJAL DENGAN PROSEDUR RANAP — prosedur {p} hanya untuk rawat inap, klaim ini rawat jalan."),
                    format!("Outpatient claim with an inpatient-only procedure: {p} is done as an inpatient."),
                )
            });
        }
        let (id, en) = if cross {
            (
                format!(
                    "prosedur {p} (peringkat {}) dari sistem tubuh lain menentukan CMG {} dan kelompok {g}",
                    r.rank, g.cmg
                ),
                format!("procedure {p} (rank {}) of another body system decides CMG {} and group {g}", r.rank, g.cmg),
            )
        } else {
            (
                format!("prosedur {p} (peringkat {}) menentukan kelompok {g}", r.rank),
                format!("procedure {p} (rank {}) decides group {g}", r.rank),
            )
        };
        self.trace.push(at(step(Step::Procedure, g.to_string(), id, en), &r.source));
        self.rests_on(&r.source);
        Ok(Some(g))
    }

    fn conflict(&self, codes: &Codes<'c>, p: &str) -> Option<&'g ConflictRow> {
        let t = self.t;
        t.conflicts.iter().find(|c| {
            any_matches(&c.principal, codes.principal.code())
                && (c.procedures.is_empty() || any_matches(&c.procedures, p))
        })
    }

    /// Step 5: the medical group of the principal's row for the case type (4 inpatient, 5 or 3
    /// outpatient).
    pub fn medical_group(&mut self, codes: &Codes<'c>, row: &DiagnosisRow) -> Result<GroupCode, Stop> {
        let inpatient = self.inpatient();
        let Some(g) = (if inpatient { row.inpatient.clone() } else { row.outpatient.clone() }) else {
            let p = codes.principal.code();
            return Err(Stop {
                src: Some(row.source.clone()),
                ..stop(
                    "X-0-20",
                    format!(
                        "Diagnosis utama {p} tidak dikelompokkan untuk {} pada set ini (diagnoses.tsv:{}).",
                        if inpatient { "rawat inap" } else { "rawat jalan" },
                        row.source.line
                    ),
                    format!(
                        "Principal diagnosis {p} is not grouped for {} in this set (diagnoses.tsv:{}).",
                        self.claim.care_setting().name(),
                        row.source.line
                    ),
                )
            });
        };
        self.trace.push(at(
            step(
                Step::CaseType,
                g.to_string(),
                format!("tanpa prosedur yang mengubah kelompok → kelompok medis {g}"),
                format!("no grouping procedure → medical group {g}"),
            ),
            &row.source,
        ));
        self.rests_on(&row.source);
        Ok(g)
    }

    /// Step 6: the severity (I/II/III for inpatient case types) from the counted secondaries:
    /// the highest level of `severity.tsv`; secondaries too close to the principal do not count.
    pub fn severity(&mut self, codes: &Codes<'c>, group: &GroupCode, group_dx: &[CodeSpec]) -> (u8, Vec<Assessed>) {
        let t = self.t;
        let mut level = 1u8;
        let mut decided_by: Option<&Source> = None;
        let mut assessed = Vec::new();
        for s in &codes.secondaries {
            let row = t.severity.iter().find(|r| any_matches(&r.codes, s.code()));
            let lv = row.map_or(1, |r| r.level);
            let excluded = if any_matches(group_dx, s.code()) {
                Some((
                    format!("{} sudah menentukan kelompok neonatus: tidak dihitung lagi", s.code()),
                    format!("{} already decided the neonatal group: not counted again", s.code()),
                ))
            } else {
                self.excluded(&codes.principal, s)
            };
            if group.has_severity() {
                let st = match (&excluded, row) {
                    (Some((id, en)), _) => step(Step::Severity, format!("{} —", s.code()), id.clone(), en.clone()),
                    (None, Some(r)) => at(
                        step(
                            Step::Severity,
                            format!("{} → {}", s.code(), ["I", "I", "II", "III"][r.level as usize]),
                            format!("{} ({}) tingkat {}", s.code(), r.label_id, r.level),
                            format!("{} ({}) level {}", s.code(), r.label_en, r.level),
                        ),
                        &r.source,
                    ),
                    (None, None) => step(
                        Step::Severity,
                        format!("{} → I", s.code()),
                        format!("{} tidak ada di severity.tsv: tidak menaikkan keparahan", s.code()),
                        format!("{} not in severity.tsv: does not raise severity", s.code()),
                    ),
                };
                self.trace.push(st);
                if excluded.is_none() && lv > level {
                    level = lv;
                    decided_by = row.map(|r| &r.source);
                }
            }
            assessed.push((s.code().to_string(), lv, excluded));
        }
        if group.has_severity() {
            if let Some(src) = decided_by {
                self.rests_on(src);
            }
            let sev = ["I", "I", "II", "III"][level as usize];
            self.trace.push(step(
                Step::Severity,
                sev,
                format!("tingkat keparahan {sev} dari diagnosis sekunder"),
                format!("severity {sev} from the secondary diagnoses"),
            ));
        }
        (level, assessed)
    }

    /// Why a secondary does not count for severity with this principal, if it does not.
    pub fn excluded(&self, principal: &Code<'_>, s: &Code<'_>) -> Option<(String, String)> {
        let t = self.t;
        let mode = t.meta.get("severity_exclude_same").map(String::as_str).unwrap_or("category");
        let (p, c) = (principal.code(), s.code());
        if p == c {
            return Some((format!("{c} sama dengan diagnosis utama"), format!("{c} is the principal diagnosis")));
        }
        let same = match mode {
            "block" => principal.block().zip(s.block()).is_some_and(|(a, b)| a.id() == b.id()),
            "none" => false,
            _ => p.get(..3).is_some_and(|x| c.get(..3) == Some(x)),
        };
        if same {
            let (id, en) = if mode == "block" { ("blok", "block") } else { ("kategori", "category") };
            return Some((
                format!("{c} satu {id} dengan diagnosis utama {p}: tidak dihitung"),
                format!("{c} is in the same {en} as the principal {p}: not counted"),
            ));
        }
        t.exclusions.iter().find(|e| any_matches(&e.principal, p) && any_matches(&e.secondary, c)).map(|e| {
            (
                format!(
                    "{c} bagian dari kondisi diagnosis utama {p} (exclusions.tsv:{}): tidak dihitung",
                    e.source.line
                ),
                format!("{c} is part of the principal condition {p} (exclusions.tsv:{}): not counted", e.source.line),
            )
        })
    }
}
