//! The grouping preview measured on real E-Klaim outcomes.
//!
//! `tests/grouper/eklaim_outcomes.tsv` holds every row of
//! `../shared/reference/outcomes/eklaim_outcomes_dev.tsv` as a named regression case (codes only,
//! with the source of each outcome). The same measure runs on the reference file itself when
//! `../shared` is present (so a newer outcome set is measured without copying it), and is skipped
//! with a message otherwise. Each run prints the accuracy per part of the CBG code.

use koder::{ClaimInput, GroupResult, Koder};
use std::path::Path;

/// One real outcome: the claim as E-Klaim saw it and the CBG code it gave.
struct Outcome {
    id: String,
    claim: serde_json::Value,
    expected: String,
}

/// Reads the outcome TSV (header names, `#` comments; `;` lists).
fn parse(text: &str) -> Vec<Outcome> {
    let mut lines = text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("column {name}"));
    let (id, setting, care, sex, age, los) =
        (col("case_id"), col("setting"), col("care_class"), col("sex"), col("age_years"), col("los_days"));
    let (pdx, sdx, px, cbg) = (col("principal_dx"), col("secondary_dx"), col("procedures"), col("cbg_code"));
    lines
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let get = |i: usize| f.get(i).copied().unwrap_or("").trim();
            let list = |i: usize| -> Vec<&str> { get(i).split(';').filter(|s| !s.is_empty()).collect() };
            let mut claim = serde_json::json!({
                "setting": get(setting),
                "principal_diagnosis": get(pdx),
                "secondary_diagnoses": list(sdx),
                "procedures": list(px),
            });
            let o = claim.as_object_mut().unwrap();
            if !get(sex).is_empty() {
                o.insert("sex".into(), get(sex).into());
            }
            for (key, i) in [("age_years", age), ("los_days", los), ("care_class", care)] {
                if let Ok(n) = get(i).parse::<u32>() {
                    o.insert(key.into(), n.into());
                }
            }
            Outcome { id: get(id).to_string(), claim, expected: get(cbg).to_string() }
        })
        .collect()
}

/// Counts of agreement per part of the code.
#[derive(Default)]
struct Score {
    n: usize,
    full: usize,
    cmg: usize,
    cmg_case_type: usize,
    group: usize,
    severity: usize,
    x_agrees: usize,
}

fn parts(code: &str) -> Vec<&str> {
    code.split('-').collect()
}

impl Score {
    fn add(&mut self, expected: &str, got: &GroupResult) {
        let (e, g) = (parts(expected), parts(&got.cbg.code));
        self.n += 1;
        self.full += usize::from(expected == got.cbg.code);
        self.cmg += usize::from(e.first() == g.first());
        self.cmg_case_type += usize::from(e.get(..2) == g.get(..2));
        self.group += usize::from(e.get(..3) == g.get(..3));
        self.severity += usize::from(e.get(3) == g.get(3));
        self.x_agrees += usize::from(expected.starts_with("X-") == got.error.is_some());
    }

    fn pct(&self, k: usize) -> f64 {
        100.0 * k as f64 / self.n.max(1) as f64
    }

    fn print(&self, what: &str) {
        eprintln!(
            "{what}: {} outcomes — full CBG {:.0} %, CMG {:.0} %, CMG + case type {:.0} %, group {:.0} %, severity {:.0} %, \
             X-vs-not-X {:.0} %",
            self.n,
            self.pct(self.full),
            self.pct(self.cmg),
            self.pct(self.cmg_case_type),
            self.pct(self.group),
            self.pct(self.severity),
            self.pct(self.x_agrees)
        );
    }
}

/// Groups every outcome, prints the score and the differences, and asserts the floor.
fn measure(what: &str, text: &str) {
    let koder = Koder::new().unwrap();
    let outcomes = parse(text);
    assert!(!outcomes.is_empty(), "{what}: no outcomes");
    let mut score = Score::default();
    let mut differ = Vec::new();
    for o in &outcomes {
        let input: ClaimInput = serde_json::from_value(o.claim.clone()).unwrap_or_else(|e| panic!("{}: {e}", o.id));
        let r = koder.group(input, None).unwrap_or_else(|e| panic!("{}: {e}", o.id));
        assert!(r.preview, "{}: every result is a preview", o.id);
        score.add(&o.expected, &r);
        if r.cbg.code != o.expected {
            differ.push(format!(
                "  {}: E-Klaim {} — preview {} ({}; {})",
                o.id,
                o.expected,
                r.cbg.code,
                r.confidence.level,
                r.error.as_ref().map_or(String::new(), |e| e.reason_en.clone())
            ));
        }
    }
    score.print(what);
    for d in &differ {
        eprintln!("{d}");
    }
    assert_eq!(score.x_agrees, score.n, "{what}: an X where E-Klaim grouped, or a group where it gave an X");
    assert!(score.pct(score.full) >= 90.0, "{what}: full CBG {:.0} % < 90 %", score.pct(score.full));
}

#[test]
fn named_real_outcomes_group_as_eklaim_did() {
    measure("tests/grouper/eklaim_outcomes.tsv", include_str!("grouper/eklaim_outcomes.tsv"));
}

#[test]
fn reference_outcomes_when_present() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/outcomes/eklaim_outcomes_dev.tsv");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("SKIP: {} not present; the real-outcome measure runs on the named cases only", path.display());
        return;
    };
    measure("../shared/reference/outcomes/eklaim_outcomes_dev.tsv", &text);
}

#[test]
fn the_fixture_holds_every_reference_row() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/outcomes/eklaim_outcomes_dev.tsv");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("SKIP: {} not present", path.display());
        return;
    };
    let named: Vec<String> = parse(include_str!("grouper/eklaim_outcomes.tsv")).into_iter().map(|o| o.id).collect();
    for o in parse(&text) {
        assert!(named.contains(&o.id), "{} is not a named regression case in tests/grouper/", o.id);
    }
}
