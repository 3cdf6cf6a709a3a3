//! `suggest` measured on `tests/suggest.tsv` (resume lines with the expected codes): principal
//! top-1 (exact and 3-character), set precision / recall / F1 over all proposed codes, and the
//! team's floor. Run `cargo test --test suggest -- --nocapture` for the figures and the misses.

use koder::checks::claim::Setting;
use koder::{CodeSystem, Koder, SuggestOptions};

/// One expected code: its alternatives, and whether it may be missing.
#[derive(Debug)]
struct Expected {
    alternatives: Vec<String>,
    optional: bool,
}

#[derive(Debug)]
struct Case {
    line: usize,
    text: String,
    setting: Option<Setting>,
    principal: Option<Expected>,
    secondary: Vec<Expected>,
    procedures: Vec<Expected>,
}

fn expected_list(cell: &str) -> Vec<Expected> {
    cell.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| Expected {
            optional: s.starts_with('?'),
            alternatives: s.trim_start_matches('?').split('|').map(|c| c.trim().to_string()).collect(),
        })
        .collect()
}

const FIXTURES: &str = include_str!("suggest.tsv");

fn cases() -> Vec<Case> {
    parse(FIXTURES)
}

fn parse(text: &str) -> Vec<Case> {
    let mut out = Vec::new();
    for (i, l) in text.lines().enumerate().filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty()).skip(1) {
        let cols: Vec<&str> = l.split('\t').collect();
        assert!(cols.len() >= 3, "tests/suggest.tsv:{}: too few columns", i + 1);
        let setting = match cols[1] {
            "inpatient" => Some(Setting::Inpatient),
            "outpatient" => Some(Setting::Outpatient),
            "-" | "" => None,
            s => panic!("tests/suggest.tsv:{}: setting {s}", i + 1),
        };
        out.push(Case {
            line: i + 1,
            text: cols[0].to_string(),
            setting,
            principal: expected_list(cols[2]).pop(),
            secondary: expected_list(cols.get(3).copied().unwrap_or("")),
            procedures: expected_list(cols.get(4).copied().unwrap_or("")),
        });
    }
    out
}

/// Counts of one comparison.
#[derive(Default, Debug, Clone, Copy)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
}

/// Matches expected groups to proposed codes (each code fills one group).
fn score(expected: &[&Expected], proposed: &[String]) -> (Score, Vec<String>, Vec<String>) {
    let mut used = vec![false; proposed.len()];
    let mut s = Score::default();
    let mut missed = Vec::new();
    for e in expected {
        let hit = proposed.iter().enumerate().position(|(i, p)| !used[i] && e.alternatives.contains(p));
        match hit {
            Some(i) => {
                used[i] = true;
                s.tp += 1;
            }
            None if e.optional => {}
            None => {
                s.fn_ += 1;
                missed.push(e.alternatives.join("|"));
            }
        }
    }
    let extra: Vec<String> = proposed.iter().zip(&used).filter(|(_, u)| !**u).map(|(p, _)| p.clone()).collect();
    s.fp = extra.len();
    (s, missed, extra)
}

#[test]
fn every_expected_code_exists() {
    let k = Koder::new().unwrap();
    let cases = cases();
    assert!(cases.len() >= 150, "at least 150 lines, found {}", cases.len());
    for c in &cases {
        let dx = c.principal.iter().chain(&c.secondary);
        for (e, system) in
            dx.map(|e| (e, CodeSystem::Icd10)).chain(c.procedures.iter().map(|e| (e, CodeSystem::Icd9cm)))
        {
            for code in &e.alternatives {
                assert!(k.is_valid(system, code), "tests/suggest.tsv:{}: {code} is not a valid {system} code", c.line);
            }
        }
    }
}

/// The figures of one fixture set.
struct Figures {
    lines: usize,
    principal_lines: usize,
    exact: f64,
    category: f64,
    precision: f64,
    recall: f64,
    f1: f64,
}

fn measure(name: &str, cases: &[Case]) -> Figures {
    let k = Koder::new().unwrap();
    let (mut p_total, mut p_exact, mut p_cat) = (0usize, 0usize, 0usize);
    let mut total = Score::default();
    let mut misses = Vec::new();
    for c in cases {
        let s = k.suggest(&c.text, &SuggestOptions { system: None, setting: c.setting }).unwrap();
        let claim = &s.claim;
        if let Some(e) = &c.principal {
            p_total += 1;
            let got = claim.principal_diagnosis.clone().unwrap_or_default();
            if e.alternatives.contains(&got) {
                p_exact += 1;
            }
            if got.len() >= 3 && e.alternatives.iter().any(|a| a.get(..3) == got.get(..3)) {
                p_cat += 1;
            }
        }
        let mut dx: Vec<String> = claim.principal_diagnosis.iter().cloned().collect();
        dx.extend(claim.secondary_diagnoses.iter().cloned());
        let expected_dx: Vec<&Expected> = c.principal.iter().chain(&c.secondary).collect();
        let (sd, mut missed, mut extra) = score(&expected_dx, &dx);
        let (sp, m2, e2) = score(&c.procedures.iter().collect::<Vec<_>>(), &claim.procedures);
        missed.extend(m2);
        extra.extend(e2);
        total.tp += sd.tp + sp.tp;
        total.fp += sd.fp + sp.fp;
        total.fn_ += sd.fn_ + sp.fn_;
        let principal_ok = c
            .principal
            .as_ref()
            .is_none_or(|e| claim.principal_diagnosis.as_ref().is_some_and(|p| e.alternatives.contains(p)));
        if !missed.is_empty() || !extra.is_empty() || !principal_ok {
            misses.push(format!(
                "  {:>3}: {:<55} got {:?} + {:?} / {:?}; missed {:?}, extra {:?}",
                c.line, c.text, claim.principal_diagnosis, claim.secondary_diagnoses, claim.procedures, missed, extra
            ));
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    let precision = total.tp as f64 / (total.tp + total.fp).max(1) as f64;
    let recall = total.tp as f64 / (total.tp + total.fn_).max(1) as f64;
    let f1 = 2.0 * precision * recall / (precision + recall).max(f64::EPSILON);
    println!("suggest on tests/{name}: {} lines ({} with a principal diagnosis)", cases.len(), p_total);
    println!("  principal top-1 exact      {:.1} % ({p_exact}/{p_total})", pct(p_exact, p_total));
    println!("  principal top-1 3-char     {:.1} % ({p_cat}/{p_total})", pct(p_cat, p_total));
    println!(
        "  code set precision {:.3}  recall {:.3}  F1 {:.3}  (tp {}, fp {}, fn {})",
        precision, recall, f1, total.tp, total.fp, total.fn_
    );
    println!("  lines not exactly right: {}", misses.len());
    for m in &misses {
        println!("{m}");
    }
    Figures {
        lines: cases.len(),
        principal_lines: p_total,
        exact: pct(p_exact, p_total),
        category: pct(p_cat, p_total),
        precision,
        recall,
        f1,
    }
}

#[test]
fn resume_lines_are_coded_above_the_floor() {
    let f = measure("suggest.tsv", &cases());
    assert!(f.lines >= 150 && f.principal_lines >= 100);
    // The team's floor: the targets for unseen lines. The fixture lines score higher
    // (the engine was improved on them); the first-run figures of the sections written blind,
    // noted in tests/suggest.tsv, are what new lines get.
    assert!(f.category >= 90.0, "principal top-1 at category level below 90 %");
    assert!(f.exact >= 85.0, "principal top-1 exact below 85 %");
    assert!(f.f1 >= 0.85, "code set F1 below 0.85 (precision {:.3}, recall {:.3})", f.precision, f.recall);
}

#[test]
fn the_checks_find_no_error_in_a_proposal() {
    // The proposal goes straight into `check` and `group`; a rule the engine knows (valid leaf
    // codes, symptoms beside their definitive diagnosis, asterisk order) must not fire on it.
    let k = Koder::new().unwrap();
    let mut fired: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    for c in cases() {
        let r = k.suggest_review(&c.text, &SuggestOptions { system: None, setting: c.setting }).unwrap();
        let Some(check) = &r.check else { continue };
        assert!(r.group.is_some(), "line {}: a proposal with a principal diagnosis is grouped", c.line);
        for f in &check.findings {
            let ours = f.rule.starts_with("VAL-00") && f.rule != "VAL-008" && f.rule != "VAL-009"
                || f.rule.starts_with("PDX-001")
                || f.rule.starts_with("PDX-002")
                || f.rule.starts_with("DUP-1")
                || f.rule.starts_with("DUP-00");
            // Documents (DOC-) are for the coder to attach; every other error counts too.
            let error = format!("{:?}", f.level) == "Error" && !f.rule.starts_with("DOC-");
            if ours || error {
                fired.entry(f.rule.clone()).or_default().push(c.line);
            }
        }
    }
    for (rule, lines) in &fired {
        println!("  {rule}: lines {lines:?}");
    }
    assert!(fired.is_empty(), "rules fired on proposals: {:?}", fired.keys().collect::<Vec<_>>());
}

#[test]
fn cli_suggest() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let bin = env!("CARGO_BIN_EXE_koder");
    let out = Command::new(bin).args(["suggest", "--json", "--setting", "inpatient", "SC a/i KPD"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["claim"]["principal_diagnosis"].as_str().unwrap().starts_with("O42"));
    assert_eq!(v["claim"]["procedures"][0], "74.1");
    assert_eq!(v["diagnoses"][0]["role"], "principal");

    let out = Command::new(bin).args(["suggest", "--review", "DHF gr II + trombositopenia, riw HT"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && text.contains("A91") && text.contains("Pratinjau"), "{text}");

    let mut child = Command::new(bin)
        .args(["suggest", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all("CKD st V on HD".as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["claim"]["principal_diagnosis"], "N18.5");

    let out = Command::new(bin).args(["suggest"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let long = "DHF ".repeat(2000);
    let out = Command::new(bin).args(["suggest", long.as_str()]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("terlalu panjang") && err.contains("too long"), "{err}");
    let out = Command::new(bin).args(["suggest", "--setting", "rawat", "DHF"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
