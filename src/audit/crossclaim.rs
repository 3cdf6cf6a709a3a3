//! The cross-claim rules of the audit (rule book family `double_claim`, `readmission`,
//! `cohort`): double claims, readmissions and the branch-office cohorts that need more than one
//! claim (`VERIFICATION.md` D, source KC). Per patient only a compact list of stays is kept.

use super::AuditFinding;
use crate::checks::claim::{Claim, Discharge, Setting};
use crate::checks::rule_finding;
use crate::codespec::{any_matches, CodeSpec};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Stays kept per patient for the cross-claim checks (the most recent ones in file order).
pub const MAX_STAYS_PER_PATIENT: usize = 256;
/// Outpatient revisit window (days).
pub const OUTPATIENT_REVISIT_DAYS: i32 = 7;
/// Stroke rehabilitation later than this after the stroke admission is audited (days).
pub const STROKE_REHAB_DAYS: i32 = 180;

/// A stay kept for the cross-claim checks.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Stay {
    pub start: i32,
    pub end: i32,
    pub row: u32,
    pub cat: [u8; 3],
    pub inpatient: bool,
    pub referred_out: bool,
}

impl Stay {
    /// Days of care: inpatient [admission, discharge) (the admission day for same-day stays),
    /// outpatient the visit day.
    fn days(&self) -> (i32, i32) {
        if self.inpatient {
            (self.start, (self.end - 1).max(self.start))
        } else {
            (self.start, self.start)
        }
    }
}

/// What is kept per patient.
#[derive(Default)]
pub(crate) struct Patient {
    stays: Vec<Stay>,
    /// Day of the first stroke admission (I60–I64 principal) seen.
    stroke: Option<i32>,
}

/// The state of the cross-claim checks.
#[derive(Default)]
pub(crate) struct CrossClaims {
    patients: HashMap<u64, Patient>,
    seps: HashMap<u64, u32>,
}

fn finding(
    rule: &str,
    codes: Vec<String>,
    related: Option<u32>,
    extra: &[(&str, String, String)],
) -> Option<AuditFinding> {
    let f = rule_finding(rule, codes, extra)?;
    Some(AuditFinding::from_finding(f, related.map(u64::from)))
}

fn v(k: &'static str, id: impl Into<String>, en: impl Into<String>) -> (&'static str, String, String) {
    (k, id.into(), en.into())
}

/// The 3-character category of the principal diagnosis, upper case.
fn category(claim: &Claim) -> Option<[u8; 3]> {
    let p = claim.principal.as_deref()?;
    let b: Vec<u8> = p.bytes().filter(|c| c.is_ascii_alphanumeric()).take(3).map(|c| c.to_ascii_uppercase()).collect();
    let mut cat = [0u8; 3];
    (b.len() == 3).then(|| {
        cat.copy_from_slice(&b);
        cat
    })
}

impl CrossClaims {
    /// Checks one claim against the earlier claims of the file and remembers it.
    pub fn check(
        &mut self,
        claim: &Claim,
        row: u32,
        sep_hash: u64,
        patient_hash: u64,
        readmission_days: u32,
        out: &mut Vec<AuditFinding>,
    ) {
        let start = claim.service_day.unwrap_or(0) as i32;
        let cat = category(claim);
        let stay = Stay {
            start,
            end: claim.los_days.map_or(start, |l| start + l as i32),
            row,
            cat: cat.unwrap_or([0; 3]),
            inpatient: claim.setting == Some(Setting::Inpatient),
            referred_out: claim.discharge == Some(Discharge::Referred),
        };
        if let Some(&other) = self.seps.get(&sep_hash) {
            let sep = claim.id.clone().unwrap_or_default();
            out.extend(finding(
                "DBL-002",
                vec![],
                Some(other),
                &[v("{sep}", &sep, &sep), v("{row}", other.to_string(), other.to_string())],
            ));
        } else {
            self.seps.insert(sep_hash, row);
        }
        let p = self.patients.entry(patient_hash).or_default();
        let (lo, hi) = stay.days();
        let mut overlaps = 0;
        for prev in &p.stays {
            let (plo, phi) = prev.days();
            if plo <= hi && lo <= phi {
                overlaps += 1;
                if overlaps <= 5 {
                    let (kid, ken) = match (prev.inpatient, stay.inpatient) {
                        (true, true) => ("rawat inap yang tumpang tindih", "overlapping inpatient stays"),
                        (false, false) => {
                            ("dua kunjungan rawat jalan di hari yang sama", "two outpatient visits on the same day")
                        }
                        _ => {
                            ("rawat jalan di dalam periode rawat inap", "an outpatient visit within an inpatient stay")
                        }
                    };
                    let r = prev.row.to_string();
                    out.extend(finding(
                        "DBL-001",
                        vec![],
                        Some(prev.row),
                        &[v("{kind}", kid, ken), v("{row}", &r, &r)],
                    ));
                }
                continue;
            }
            if cat.is_none() || prev.cat != stay.cat {
                continue;
            }
            let c = String::from_utf8_lossy(&stay.cat).into_owned();
            let (first, second, gap) = if prev.end <= stay.start {
                (prev, &stay, stay.start - prev.end)
            } else {
                (&stay, prev, prev.start - stay.end)
            };
            let days = readmission_days as i32;
            let extra = |gap: i32, window: i32| {
                [
                    v("{gap}", gap.to_string(), gap.to_string()),
                    v("{category}", &c, &c),
                    v("{first}", first.row.to_string(), first.row.to_string()),
                    v("{second}", second.row.to_string(), second.row.to_string()),
                    v("{days}", window.to_string(), window.to_string()),
                ]
            };
            if days > 0 && stay.inpatient && prev.inpatient && !first.referred_out && (0..=days).contains(&gap) {
                out.extend(finding("RDM-001", vec![c.clone()], Some(prev.row), &extra(gap, days)));
            } else if !stay.inpatient
                && !prev.inpatient
                && (1..=OUTPATIENT_REVISIT_DAYS).contains(&gap)
                && !control_visit(&c)
            {
                out.extend(finding("RDM-002", vec![c.clone()], Some(prev.row), &extra(gap, OUTPATIENT_REVISIT_DAYS)));
            }
        }
        stroke_rehab(claim, start, p, out);
        if p.stays.len() >= MAX_STAYS_PER_PATIENT {
            p.stays.remove(0);
        }
        p.stays.push(stay);
    }
}

/// COH-002: stroke rehabilitation more than 180 days after the stroke admission, still coded with
/// the acute stroke code.
fn stroke_rehab(claim: &Claim, start: i32, p: &mut Patient, out: &mut Vec<AuditFinding>) {
    // Most claims code no cerebrovascular disease: nothing to look at.
    if !claim.diagnoses().any(|c| c.trim().get(..2).is_some_and(|h| h.eq_ignore_ascii_case("I6"))) {
        return;
    }
    static STROKE: OnceLock<Vec<CodeSpec>> = OnceLock::new();
    static REHAB: OnceLock<Vec<CodeSpec>> = OnceLock::new();
    static REHAB_DX: OnceLock<Vec<CodeSpec>> = OnceLock::new();
    // Acute stroke; physical medicine and rehabilitation procedures; care involving rehabilitation.
    let stroke = STROKE.get_or_init(|| CodeSpec::parse_list("I60-I64"));
    let rehab_px = REHAB.get_or_init(|| CodeSpec::parse_list("93.0-93.3,93.8"));
    let rehab_dx = REHAB_DX.get_or_init(|| CodeSpec::parse_list("Z50"));
    let dx = |c: &str| canon(c, 3);
    let principal_stroke = claim.principal.as_deref().is_some_and(|c| any_matches(stroke, &dx(c)));
    let rehab = claim.procedures.iter().any(|c| any_matches(rehab_px, &canon(c, 2)))
        || claim.principal.as_deref().is_some_and(|c| any_matches(rehab_dx, &dx(c)));
    let coded_stroke: Vec<String> = claim.diagnoses().map(dx).filter(|c| any_matches(stroke, c)).collect();
    if rehab && !coded_stroke.is_empty() {
        if let Some(s) = p.stroke.filter(|s| start - s > STROKE_REHAB_DAYS) {
            let d = (start - s).to_string();
            out.extend(finding("COH-002", coded_stroke, None, &[v("{gap}", &d, &d)]));
        }
    }
    if principal_stroke && claim.setting == Some(Setting::Inpatient) && !rehab {
        p.stroke = Some(p.stroke.map_or(start, |s| s.min(start)));
    }
}

/// A typed code as the specs write it: upper case, the dot after `head` characters.
fn canon(c: &str, head: usize) -> String {
    let c: String =
        c.trim().chars().filter(|ch| ch.is_ascii_alphanumeric() || *ch == '.').collect::<String>().to_ascii_uppercase();
    if c.contains('.') || c.len() <= head {
        c
    } else {
        format!("{}.{}", &c[..head], &c[head..])
    }
}

/// Planned control visits (Z09, Z51) recur by design; they are not revisits.
fn control_visit(cat: &str) -> bool {
    matches!(cat, "Z09" | "Z51" | "Z49" | "Z47" | "Z48")
}
