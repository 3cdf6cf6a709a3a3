//! Every rule of `data/rules/verification.tsv` (what BPJS verifiers question, `VERIFICATION.md`
//! A–D) fires on a claim built to meet its condition and stays quiet on the same claim made right,
//! and never at error level. The evidence rules (A) are tested three ways: values that meet the
//! published criteria (quiet), values that do not (warning), and no values (a prompt at info).

use koder::checks::{Level, RuleBook};
use koder::Koder;
use serde_json::{json, Value};

fn with(base: &Value, extra: Value) -> Value {
    let mut c = base.clone();
    for (k, v) in extra.as_object().unwrap() {
        c[k] = v.clone();
    }
    c
}

fn inpatient(principal: &str, secondary: &[&str]) -> Value {
    json!({"setting": "inpatient", "sex": "M", "age_years": 55, "principal_diagnosis": principal,
           "secondary_diagnoses": secondary})
}

/// (rule, claim that fires it, claim that does not).
fn cases() -> Vec<(&'static str, Value, Value)> {
    let mut v = Vec::new();
    // A: evidence. For each: the secondary diagnosis, values that do not meet, values that meet.
    let evidence: Vec<(usize, Value, Value, Value)> = vec![
        (
            1,
            inpatient("I21.0", &["R57.0"]),
            json!({"systolic_bp": 100, "inotrope": false, "ejection_fraction": 40}),
            json!({"systolic_bp": 85, "inotrope": false, "ejection_fraction": 35}),
        ),
        (
            2,
            inpatient("I50.0", &["J18.9"]),
            json!({"chest_xray": ["normal"], "temperature": 39, "leukocytes": 15000}),
            json!({"chest_xray": ["infiltrate"], "temperature": 38.6, "leukocytes": 14.2}),
        ),
        (
            4,
            inpatient("B20.0", &["A15.0"]),
            json!({"sputum_smear": "positive", "tb_drugs": false}),
            json!({"sputum_smear": "positive", "tb_drugs": true}),
        ),
        (
            5,
            inpatient("J18.9", &["E87.1"]),
            json!({"sodium": 138, "electrolyte_correction": true}),
            json!({"sodium": 128, "electrolyte_correction": true}),
        ),
        (
            6,
            inpatient("A09.0", &["E87.6"]),
            json!({"potassium": 3.2, "electrolyte_correction": false}),
            json!({"potassium": 2.9, "electrolyte_correction": true}),
        ),
        (
            7,
            inpatient("J18.9", &["A41.9"]),
            json!({"culture": "positive", "antibiotic_days": 4}),
            json!({"culture": "negative", "antibiotic_days": 8}),
        ),
        (
            8,
            inpatient("J18.9", &["N17.9"]),
            json!({"creatinine_baseline": 1.0, "creatinine_peak": 1.2}),
            json!({"creatinine_baseline": 1.0, "creatinine_peak": 1.6}),
        ),
        (
            9,
            inpatient("J18.9", &["J90"]),
            json!({"chest_xray": ["infiltrate"], "thoracentesis": false}),
            json!({"chest_xray": ["infiltrate", "effusion"], "thoracentesis": true}),
        ),
        (
            10,
            inpatient("J18.9", &["D64.9"]),
            json!({"hemoglobin": 13.5, "anaemia_therapy": true}),
            json!({"hemoglobin": 8.1, "anaemia_therapy": true}),
        ),
        (
            11,
            inpatient("A01.0", &["R56.8"]),
            json!({"anticonvulsant": false, "eeg": "negative"}),
            json!({"anticonvulsant": true}),
        ),
    ];
    for (n, claim, not_met, met) in evidence {
        let warn: &'static str = Box::leak(format!("EVD-{n:03}").into_boxed_str());
        let ask: &'static str = Box::leak(format!("EVD-{:03}", 100 + n).into_boxed_str());
        v.push((warn, with(&claim, not_met), with(&claim, met.clone())));
        v.push((ask, claim.clone(), with(&claim, met)));
    }
    // The prompt is not repeated when the claim attaches the document holding the evidence.
    v.push((
        "EVD-110",
        inpatient("J18.9", &["D50.9"]),
        with(&inpatient("J18.9", &["D50.9"]), json!({"documents": ["lab_cbc"]})),
    ));
    // A children's threshold: Na 132 meets it for a child of 5, not for an adult.
    let child = json!({"setting": "inpatient", "sex": "F", "age_years": 5, "principal_diagnosis": "A09.0",
                       "secondary_diagnoses": ["E87.1"], "electrolyte_correction": true});
    v.push(("EVD-005", with(&child, json!({"sodium": 132})), with(&child, json!({"sodium": 129}))));
    v.push((
        "EVD-003",
        with(&inpatient("A15.0", &[]), json!({"sputum_smear": "negative"})),
        with(&inpatient("A16.0", &[]), json!({"sputum_smear": "negative"})),
    ));
    // C: procedures.
    v.push((
        "PRC-001",
        json!({"setting": "inpatient", "sex": "M", "age_years": 60, "diagnoses": ["N18.5"], "procedures": ["39.59"]}),
        json!({"setting": "inpatient", "sex": "M", "age_years": 60, "diagnoses": ["N18.5"], "procedures": ["38.95"]}),
    ));
    let vent =
        json!({"setting": "inpatient", "sex": "M", "age_years": 60, "diagnoses": ["J96.0"], "procedures": ["96.71"]});
    v.push(("PRC-002", with(&vent, json!({"ventilator_hours": 120})), with(&vent, json!({"ventilator_hours": 40}))));
    v.push(("PRC-102", vent.clone(), with(&vent, json!({"ventilator_hours": 40}))));
    v.push((
        "COH-008",
        with(&vent, json!({"ventilator_hours": 40, "los_days": 1, "discharge_status": "died"})),
        with(&vent, json!({"ventilator_hours": 40, "los_days": 1, "discharge_status": "home"})),
    ));
    let knee = json!({"sex": "F", "age_years": 62, "diagnoses": ["M17.1"], "procedures": ["81.92"]});
    v.push(("PRC-003", with(&knee, json!({"setting": "inpatient"})), with(&knee, json!({"setting": "outpatient"}))));
    let abdomen = json!({"setting": "inpatient", "sex": "F", "age_years": 30, "diagnoses": ["K35.8"]});
    v.push((
        "PRC-004",
        with(&abdomen, json!({"procedures": ["54.11", "47.09"]})),
        with(&abdomen, json!({"procedures": ["47.09"]})),
    ));
    let spine = json!({"setting": "inpatient", "sex": "M", "age_years": 45, "diagnoses": ["M51.1"]});
    v.push((
        "PRC-005",
        with(&spine, json!({"procedures": ["03.09", "80.51"]})),
        with(&spine, json!({"procedures": ["80.51"]})),
    ));
    // D: cohorts of one claim.
    v.push(("COH-003", inpatient("I63.9", &["G81.9"]), inpatient("I63.9", &["I10"])));
    v.push((
        "COH-004",
        with(&abdomen, json!({"procedures": ["47.09", "54.59"]})),
        with(&abdomen, json!({"procedures": ["47.09"]})),
    ));
    v.push(("COH-005", inpatient("D62", &["K92.2"]), inpatient("K92.2", &["D62"])));
    v.push(("COH-007", inpatient("K30", &[]), inpatient("K30", &["E86"])));
    v
}

fn findings(k: &Koder, claim: &Value) -> Vec<(String, Level)> {
    let input = koder::ClaimInput::from_value(claim).unwrap_or_else(|e| panic!("{claim}: {e}"));
    k.check(input).unwrap().findings.into_iter().map(|f| (f.rule, f.level)).collect()
}

#[test]
fn every_verification_rule_fires_and_stays_quiet() {
    let k = Koder::new().unwrap();
    let mut failures = Vec::new();
    let cases = cases();
    for (rule, fire, quiet) in &cases {
        let got = findings(&k, fire);
        match got.iter().find(|(r, _)| r == rule) {
            None => failures.push(format!("{rule} did not fire on {fire}: {got:?}")),
            Some((_, Level::Error)) => failures.push(format!("{rule} fired as an error")),
            Some(_) => {}
        }
        let got = findings(&k, quiet);
        if got.iter().any(|(r, _)| r == rule) {
            failures.push(format!("{rule} fired on the corrected claim {quiet}: {got:?}"));
        }
    }
    // Every rule of the table is tested here.
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/rules/verification.tsv")).unwrap();
    let ids: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("id\t"))
        .filter_map(|l| l.split('\t').next())
        .collect();
    for id in &ids {
        if !cases.iter().any(|(r, _, _)| r == id) {
            failures.push(format!("{id} has no firing/non-firing case"));
        }
        let rule = RuleBook::get().rule(id).unwrap_or_else(|| panic!("{id} not in the rule book"));
        assert_ne!(rule.text.level, Level::Error, "{id}: verification rules are never errors");
        assert!(rule.text.basis.contains("VERIFICATION.md"), "{id}: basis must cite its source");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    eprintln!("{} verification rules, {} cases", ids.len(), cases.len());
}

#[test]
fn evidence_messages_name_the_criteria_and_the_values() {
    let k = Koder::new().unwrap();
    let c = with(&inpatient("J18.9", &["E87.1"]), json!({"sodium": 138, "electrolyte_correction": true}));
    let r = k.check(koder::ClaimInput::from_value(&c).unwrap()).unwrap();
    let f = r.findings.iter().find(|f| f.rule == "EVD-005").unwrap();
    assert_eq!(f.level, Level::Warning);
    assert!(f.message_en.contains("Na < 135") && f.message_en.contains("Na 138 mmol/L"), "{}", f.message_en);
    assert!(f.basis.contains("BAP23"));
    let r = k.check(koder::ClaimInput::from_value(&inpatient("J18.9", &["E87.1"])).unwrap()).unwrap();
    let f = r.findings.iter().find(|f| f.rule == "EVD-105").unwrap();
    assert_eq!(f.level, Level::Info);
    assert!(f.message_en.contains("criteria") || f.message_en.contains("evidence"), "{}", f.message_en);
}
