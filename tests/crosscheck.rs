//! Cross-checks of Koder's own catalogs against third-party reference lists in
//! `../shared/reference/` (E-Klaim code sets, WHO asterisk codes, ICPC-2e). Those files are for
//! checking only: nothing from them is in `data/`. When `../shared` is absent (a clone without
//! it), every test here says so and passes without checking.

use koder::{CodeSystem, Flag, Koder};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn reference(rel: &str) -> Option<String> {
    let base = std::env::var_os("KODER_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let path = base.join("reference").join(rel);
    match std::fs::read_to_string(&path) {
        Ok(t) => Some(t),
        Err(_) => {
            eprintln!("SKIP: {} tidak ada / not present — cross-check skipped", path.display());
            None
        }
    }
}

/// First CSV column of every data row (the code columns hold no commas or quotes).
fn first_column(csv: &str) -> BTreeSet<String> {
    csv.lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

fn koder_codes(k: &Koder, system: CodeSystem) -> Vec<(String, bool)> {
    k.catalog().codes(system).filter(|c| c.is_code()).map(|c| (c.code().to_string(), c.accepted_by_inacbg())).collect()
}

fn check_code_set(file: &str, system: CodeSystem, min_coverage: f64) {
    let Some(text) = reference(file) else { return };
    let eklaim = first_column(&text);
    let k = Koder::new().unwrap();
    let ours = koder_codes(&k, system);
    let missing: Vec<&String> = eklaim.iter().filter(|c| !k.is_valid(system, c)).collect();
    let coverage = 1.0 - missing.len() as f64 / eklaim.len() as f64;
    eprintln!(
        "{system}: {} E-Klaim codes, {} missing in Koder ({:.3}% covered): {:?}",
        eklaim.len(),
        missing.len(),
        coverage * 100.0,
        &missing[..missing.len().min(30)]
    );
    assert!(coverage >= min_coverage, "{system}: coverage {:.3}% < {:.1}%", coverage * 100.0, min_coverage * 100.0);
    let extra: Vec<&String> =
        ours.iter().filter(|(c, accepted)| *accepted && !eklaim.contains(c)).map(|(c, _)| c).collect();
    assert!(extra.is_empty(), "{system}: Koder accepts codes E-Klaim lacks (not flagged not_inacbg): {extra:?}");
}

#[test]
fn icd10_matches_the_eklaim_2010_code_set() {
    check_code_set("eklaim/icd10_eklaim_2010.csv", CodeSystem::Icd10, 0.995);
}

#[test]
fn icd9cm_matches_the_eklaim_2010_code_set() {
    check_code_set("eklaim/icd9cm_eklaim_2010.csv", CodeSystem::Icd9cm, 0.99);
}

#[test]
fn icd10_2010_particulars_hold() {
    // These do not need ../shared: they are facts of the 2010 edition.
    let k = Koder::new().unwrap();
    for code in ["A90", "A91", "I84.0", "I84.9", "K35.2", "K35.3", "K35.8", "M00.00", "S52.50", "S52.51"] {
        let d = k.lookup(CodeSystem::Icd10, code).unwrap_or_else(|e| panic!("{code}: {e}"));
        assert!(d.accepted_by_inacbg, "{code} must be accepted by INA-CBG");
    }
    for code in ["A97.0", "K64.0", "K35.0", "K35.1", "K35.9", "U07.3", "I48.0"] {
        match k.lookup(CodeSystem::Icd10, code) {
            Ok(d) => assert!(!d.accepted_by_inacbg, "{code} must be flagged not_inacbg"),
            Err(e) => assert_eq!(e.code(), "unknown_code"),
        }
    }
}

#[test]
fn asterisk_codes_are_flagged() {
    let Some(text) = reference("icd10_who/icd10who_asterisk_codes.csv") else { return };
    let k = Koder::new().unwrap();
    let reference = first_column(&text);
    let unflagged: Vec<&String> = reference
        .iter()
        .filter(|c| k.lookup(CodeSystem::Icd10, c).map(|d| !d.flags.contains(&Flag::Asterisk)).unwrap_or(true))
        .collect();
    eprintln!("asterisk: {} reference codes, {} not flagged: {unflagged:?}", reference.len(), unflagged.len());
    assert!(unflagged.len() * 100 <= reference.len(), "more than 1% of asterisk codes unflagged");
    // And no code outside the reference list is flagged (within the 2010 edition).
    let wrongly: Vec<String> = k
        .catalog()
        .codes(CodeSystem::Icd10)
        .filter(|c| c.is_code() && c.accepted_by_inacbg() && c.is_asterisk() && !reference.contains(c.code()))
        .filter(|c| {
            // 5th-character codes below a reference asterisk code are asterisk codes too.
            !c.parent().is_some_and(|p| reference.contains(p.code()))
        })
        .map(|c| c.code().to_string())
        .collect();
    assert!(wrongly.is_empty(), "flagged as asterisk but not in the reference: {wrongly:?}");
}

#[test]
fn icpc2_has_exactly_the_726_rubrics() {
    let Some(text) = reference("icpc2/icpc2e_en.csv") else { return };
    let reference = first_column(&text);
    let k = Koder::new().unwrap();
    let ours: BTreeSet<String> = koder_codes(&k, CodeSystem::Icpc2).into_iter().map(|(c, _)| c).collect();
    assert_eq!(ours.len(), 726);
    let diff: Vec<_> = reference.symmetric_difference(&ours).collect();
    assert!(diff.is_empty(), "ICPC-2 code sets differ: {diff:?}");
}

#[test]
fn icpc2_crosswalk_targets_are_accepted_2010_codes() {
    let k = Koder::new().unwrap();
    let mut pairs = 0;
    for c in k.catalog().codes(CodeSystem::Icpc2).filter(|c| c.is_code()) {
        for t in c.crosswalk() {
            pairs += 1;
            assert!(t.accepted_by_inacbg(), "{} → {} is not accepted by INA-CBG", c.code(), t.code());
        }
    }
    assert!(pairs > 700, "only {pairs} crosswalk pairs");
    let dengue = k.crosswalk(CodeSystem::Icpc2, "A77").unwrap();
    assert!(dengue.iter().any(|t| t.target.code.starts_with("A9")), "A77 should reach dengue A90/A91");
}
