//! Claims E-Klaim accepted and grouped must get no error-level finding. The rows of
//! `../shared/reference/outcomes/eklaim_outcomes_dev.tsv` (real E-Klaim outcomes, codes only) are
//! checked as a coder would send them — documents absent — and every warning is printed, so that a
//! false alarm is seen. Skips with a message when `../shared` is absent.

use koder::checks::Level;
use koder::Koder;
use serde_json::{json, Map, Value};
use std::path::PathBuf;

fn tsv() -> Option<String> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/outcomes/eklaim_outcomes_dev.tsv");
    std::fs::read_to_string(&p).ok()
}

/// One outcome row as a claim (the TSV's LOS is E-Klaim's, discharge − admission + 1).
fn claim(cols: &[&str], row: &[&str]) -> Value {
    let get = |name: &str| cols.iter().position(|c| *c == name).and_then(|i| row.get(i)).map_or("", |v| v.trim());
    let list = |name: &str| -> Vec<String> {
        get(name).split(';').map(str::trim).filter(|c| !c.is_empty()).map(String::from).collect()
    };
    let mut c = Map::new();
    c.insert("id".into(), json!(get("case_id")));
    c.insert("setting".into(), json!(get("setting")));
    c.insert("principal_diagnosis".into(), json!(get("principal_dx")));
    c.insert("secondary_diagnoses".into(), json!(list("secondary_dx")));
    c.insert("procedures".into(), json!(list("procedures")));
    for (key, name) in [("care_class", "care_class"), ("sex", "sex"), ("hospital_class", "hospital_class")] {
        if !get(name).is_empty() {
            c.insert(key.into(), json!(get(name)));
        }
    }
    if let Ok(y) = get("age_years").parse::<u32>() {
        c.insert("age_years".into(), json!(y));
    }
    if let Ok(los) = get("los_days").parse::<u32>() {
        let nights = if get("setting") == "inpatient" { los.saturating_sub(1) } else { los };
        c.insert("los_days".into(), json!(nights));
    }
    Value::Object(c)
}

#[test]
fn claims_eklaim_accepted_get_no_error() {
    let Some(text) = tsv() else {
        eprintln!("SKIP: ../shared/reference/outcomes/eklaim_outcomes_dev.tsv is absent; nothing measured");
        return;
    };
    let k = Koder::new().unwrap();
    let mut lines = text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    let cols: Vec<&str> = lines.next().expect("header").split('\t').collect();
    let (mut rows, mut warnings, mut errors) = (0, 0, Vec::new());
    for l in lines {
        let row: Vec<&str> = l.split('\t').collect();
        let c = claim(&cols, &row);
        let input = koder::ClaimInput::from_value(&c).unwrap_or_else(|e| panic!("{c}: {e}"));
        let r = k.check(input).unwrap_or_else(|e| panic!("{c}: {e}"));
        rows += 1;
        for f in &r.findings {
            match f.level {
                Level::Error => errors.push(format!("{} {} {:?}: {}", c["id"], f.rule, f.codes, f.message_en)),
                Level::Warning => {
                    warnings += 1;
                    eprintln!("warning {} {} {:?}: {}", c["id"], f.rule, f.codes, f.message_en);
                }
                Level::Info => {}
            }
        }
    }
    eprintln!("{rows} accepted E-Klaim claims: {} errors, {warnings} warnings (documents absent)", errors.len());
    assert!(rows >= 30, "only {rows} rows");
    assert!(errors.is_empty(), "error-level findings on claims E-Klaim accepted:\n{}", errors.join("\n"));
}
