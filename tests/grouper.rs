//! INA-CBG grouping preview: the realistic cases of `tests/grouper/cases.json` (each with the
//! code the team expects and why), and the cross-check of every code the bundled tables can
//! produce against `../shared/reference/inacbg/inacbg_v5_cbg_codes.csv` (skipped, with a
//! message, when ../shared is absent).

use koder::{ClaimInput, Grouper, Koder};
use std::collections::HashSet;
use std::path::Path;

#[derive(serde::Deserialize)]
struct Case {
    name: String,
    claim: serde_json::Value,
    expected: String,
    why: String,
    #[serde(default)]
    special_cmg_options: Option<Vec<String>>,
}

#[test]
fn realistic_cases_group_as_the_team_expects() {
    let text = include_str!("grouper/cases.json");
    let cases: Vec<Case> = serde_json::from_str(text).expect("cases.json");
    assert!(cases.len() >= 60, "{} cases", cases.len());
    let koder = Koder::new().unwrap();
    let mut failures = Vec::new();
    let mut kinds = HashSet::new();
    for c in &cases {
        assert!(!c.why.trim().is_empty(), "{}: every case says why", c.name);
        let input: ClaimInput = serde_json::from_value(c.claim.clone()).unwrap_or_else(|e| panic!("{}: {e}", c.name));
        let r = koder.group(input, None).unwrap_or_else(|e| panic!("{}: {e}", c.name));
        assert!(r.preview && r.label_id.contains("bukan hasil resmi"));
        kinds.insert(r.case_type.code.clone());
        if r.cbg.code != c.expected {
            failures.push(format!(
                "{}: expected {} got {} ({}) — {}",
                c.name,
                c.expected,
                r.cbg.code,
                r.error.map(|e| e.reason_en).unwrap_or_default(),
                c.why
            ));
            continue;
        }
        if let Some(opts) = &c.special_cmg_options {
            let got: Vec<String> = r.special_cmg_options.iter().map(|o| o.code.clone()).collect();
            if &got != opts {
                failures.push(format!("{}: special CMG options {got:?}, expected {opts:?}", c.name));
            }
        }
        // Every non-error result has a description and a trace that names a table row.
        if r.error.is_none() {
            assert!(!r.cbg.description_id.is_empty(), "{}", c.name);
            assert!(r.trace.iter().any(|s| s.table.is_some() && s.line.is_some()), "{}", c.name);
        }
    }
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), cases.len(), failures.join("\n"));
    for ct in ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"] {
        assert!(kinds.contains(ct), "no case of case type {ct}");
    }
}

#[test]
fn bundled_codes_exist_in_the_inacbg_reference() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/inacbg/inacbg_v5_cbg_codes.csv");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("SKIP: {} not present; cross-check of CBG codes skipped", path.display());
        return;
    };
    let reference: HashSet<&str> = text.lines().skip(1).filter_map(|l| l.split(',').next()).collect();
    assert!(reference.len() > 1000);
    let produced = Grouper::bundled().unwrap().tables().producible_codes();
    let missing: Vec<&String> = produced.iter().filter(|c| !reference.contains(c.as_str())).collect();
    assert!(missing.is_empty(), "codes the bundled tables can produce but INA-CBG v5 does not have: {missing:?}");
    // Coverage of the reference by the bundled set (printed; informative).
    let non_error: Vec<&&str> = reference.iter().filter(|c| !c.starts_with("X-")).collect();
    let covered = non_error.iter().filter(|c| produced.iter().any(|p| p == **c)).count();
    eprintln!(
        "bundled set produces {} codes; covers {covered} of {} non-error INA-CBG v5 codes ({:.0}%)",
        produced.len(),
        non_error.len(),
        100.0 * covered as f64 / non_error.len() as f64
    );
}

#[test]
fn what_if_equals_grouping_again_without_each_secondary() {
    let cases: Vec<Case> = serde_json::from_str(include_str!("grouper/cases.json")).expect("cases.json");
    let koder = Koder::new().unwrap();
    let mut checked = 0;
    for c in &cases {
        let input: ClaimInput = serde_json::from_value(c.claim.clone()).unwrap();
        let r = koder.group(input.clone(), None).unwrap();
        if c.claim.get("diagnosa").is_some() {
            continue; // the E-Klaim string form is covered by the structured cases
        }
        let all: Vec<String> = if input.secondary_diagnoses.is_empty() && !input.diagnoses.is_empty() {
            input.diagnoses[1..].to_vec()
        } else {
            input.secondary_diagnoses.clone()
        };
        for (i, effect) in r.what_if.secondaries.iter().enumerate() {
            let mut without = c.claim.clone();
            let rest: Vec<&String> = all.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, s)| s).collect();
            let o = without.as_object_mut().unwrap();
            if o.contains_key("diagnoses") {
                let principal = input.diagnoses[0].clone();
                let mut d = vec![&principal];
                d.extend(rest.iter().copied());
                o.insert("diagnoses".into(), serde_json::json!(d));
            } else {
                o.insert("secondary_diagnoses".into(), serde_json::json!(rest));
            }
            let again = koder.group(serde_json::from_value(without).unwrap(), None).unwrap();
            assert_eq!(effect.cbg_without, again.cbg.code, "{}: without {}", c.name, effect.code);
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} secondaries checked");
}
