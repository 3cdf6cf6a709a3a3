//! Realistic whole claims (`tests/claims/*.json`) with the exact findings a casemix officer
//! expects: `{"description", "claim", "expected": [{"rule", "level", "codes"}, …]}`. The expected
//! lists were written from the rule tables, not copied from the engine; a difference is printed
//! per file (expected vs produced) and fails the test.
//!
//! `tests/claims/invalid/*.json` (`{"description", "claim", "error_field"}`) must be rejected with
//! an `invalid_input` error whose text names the field.

use koder::Koder;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/claims")
}

/// The `*.json` files of a directory, sorted by name.
fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: not JSON: {e}", path.display()))
}

fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().to_string()
}

/// One finding as compared: (rule, level, codes).
type Row = (String, String, Vec<String>);

fn show(row: &Row) -> String {
    format!("{:<9} {:<7} [{}]", row.0, row.1, row.2.join(", "))
}

fn expected_rows(path: &Path, fixture: &Value) -> Vec<Row> {
    let list = fixture["expected"].as_array().unwrap_or_else(|| panic!("{}: `expected` must be an array", name(path)));
    list.iter()
        .map(|e| {
            let s = |k: &str| {
                e[k].as_str()
                    .unwrap_or_else(|| panic!("{}: expected item needs string `{k}`: {e}", name(path)))
                    .to_string()
            };
            let codes = e["codes"]
                .as_array()
                .unwrap_or_else(|| panic!("{}: expected item needs `codes` array: {e}", name(path)))
                .iter()
                .map(|c| c.as_str().expect("code string").to_string())
                .collect();
            (s("rule"), s("level"), codes)
        })
        .collect()
}

fn produced_rows(k: &Koder, fixture: &Value) -> Result<Vec<Row>, String> {
    let text = serde_json::to_string(&fixture["claim"]).unwrap();
    let input = koder::parse_claim_json(&text).map_err(|e| format!("claim rejected: {e}"))?;
    let report = k.check(input).map_err(|e| format!("claim rejected: {e}"))?;
    Ok(report
        .findings
        .iter()
        .map(|f| {
            let level = serde_json::to_value(f.level).unwrap().as_str().unwrap().to_string();
            (f.rule.clone(), level, f.codes.clone())
        })
        .collect())
}

/// A readable line diff of two finding lists (longest common subsequence).
fn diff(expected: &[Row], produced: &[Row]) -> String {
    let (n, m) = (expected.len(), produced.len());
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] =
                if expected[i] == produced[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < n || j < m {
        if i < n && j < m && expected[i] == produced[j] {
            out.push_str(&format!("      {}\n", show(&expected[i])));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push_str(&format!("    + {}   (produced, not expected)\n", show(&produced[j])));
            j += 1;
        } else {
            out.push_str(&format!("    - {}   (expected, not produced)\n", show(&expected[i])));
            i += 1;
        }
    }
    out
}

#[test]
fn realistic_claims_give_exactly_the_expected_findings() {
    let k = Koder::new().expect("engine");
    let files = json_files(&dir());
    let mut failures = Vec::new();
    let mut report = String::new();
    for path in &files {
        let fixture = load(path);
        let expected = expected_rows(path, &fixture);
        match produced_rows(&k, &fixture) {
            Err(e) => {
                failures.push(name(path));
                report.push_str(&format!("\n✗ {} — {}\n    {e}\n", name(path), fixture["description"]));
            }
            Ok(produced) if produced != expected => {
                failures.push(name(path));
                report.push_str(&format!(
                    "\n✗ {} — {}\n{}",
                    name(path),
                    fixture["description"].as_str().unwrap_or(""),
                    diff(&expected, &produced)
                ));
            }
            Ok(_) => {}
        }
    }
    if !failures.is_empty() {
        panic!(
            "{} of {} claim fixtures differ from the expected findings (- expected only, + produced only):\n{report}",
            failures.len(),
            files.len()
        );
    }
}

#[test]
fn fixtures_are_many_described_and_well_formed() {
    let files = json_files(&dir());
    assert!(files.len() >= 50, "only {} claim fixtures in tests/claims", files.len());
    let mut clean = 0;
    for path in &files {
        let n = name(path);
        assert!(
            n.len() > 4 && n[..3].bytes().all(|b| b.is_ascii_digit()) && n.as_bytes()[3] == b'-',
            "{n}: name must be NNN-short-name.json"
        );
        let fixture = load(path);
        let obj = fixture.as_object().unwrap_or_else(|| panic!("{n}: not an object"));
        let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(keys, ["claim", "description", "expected"], "{n}: keys");
        let desc = fixture["description"].as_str().unwrap_or("");
        assert!(!desc.trim().is_empty() && !desc.contains('\n'), "{n}: needs a one-line description");
        assert!(fixture["claim"].is_object(), "{n}: claim must be an object");
        let expected = expected_rows(path, &fixture);
        for (rule, level, _) in &expected {
            assert!(["error", "warning", "info"].contains(&level.as_str()), "{n}: level {level}");
            assert!(koder::checks::RuleBook::get().rule(rule).is_some(), "{n}: unknown rule {rule}");
        }
        clean += usize::from(expected.is_empty());
    }
    assert!(clean >= 8, "only {clean} fully clean claims (expected: [])");
}

#[test]
fn invalid_claims_are_rejected_naming_the_field() {
    let k = Koder::new().expect("engine");
    let files = json_files(&dir().join("invalid"));
    assert!(files.len() >= 6, "only {} invalid-claim fixtures", files.len());
    let mut problems = Vec::new();
    for path in &files {
        let fixture = load(path);
        let field = fixture["error_field"].as_str().unwrap_or_else(|| panic!("{}: needs error_field", name(path)));
        assert!(!fixture["description"].as_str().unwrap_or("").trim().is_empty(), "{}: description", name(path));
        let text = serde_json::to_string(&fixture["claim"]).unwrap();
        let result = koder::parse_claim_json(&text).and_then(|input| k.check(input));
        match result {
            Ok(r) => problems.push(format!(
                "{}: accepted ({} findings), expected an error on `{field}`",
                name(path),
                r.findings.len()
            )),
            Err(e) => {
                let shown = format!("{} {}", e.message_id(), e.message_en());
                if e.code() != "invalid_input" {
                    problems.push(format!("{}: error code {} (want invalid_input): {shown}", name(path), e.code()));
                } else if !shown.contains(field) {
                    problems.push(format!("{}: error does not name `{field}`: {shown}", name(path)));
                }
            }
        }
        // The same text through the one-call JSON entry point gives the same answer.
        assert_eq!(
            k.check_json(&text).map_err(|e| e.code()).err(),
            Some("invalid_input"),
            "{}: check_json",
            name(path)
        );
    }
    assert!(problems.is_empty(), "invalid claims:\n{}", problems.join("\n"));
}
