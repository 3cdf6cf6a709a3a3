//! Every rule of the data-driven tables fires on a claim built to break it and stays quiet on
//! the same claim made right. The claims are built from each rule's own code specs (the first
//! accepted leaf code that matches), so a new table row is tested without writing a new test.

use koder::catalog::{Catalog, CodeSystem};
use koder::checks::RuleBook;
use koder::{ClaimInput, Koder};
use serde_json::{json, Value};

/// The first accepted leaf code of `system` matching any comma-separated spec in `specs`, and
/// not matching any of `avoid`.
fn example(cat: &Catalog, system: CodeSystem, specs: &str, avoid: &[&str]) -> Option<String> {
    let parse = |s: &str| -> Vec<(String, String)> {
        s.split(',')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(|x| match x.get(1..).and_then(|r| r.find('-')).map(|i| i + 1) {
                Some(i) => (x[..i].to_string(), x[i + 1..].to_string()),
                None => (x.to_string(), x.to_string()),
            })
            .collect()
    };
    let within = |code: &str, (from, to): &(String, String)| {
        let cmp = |b: &str| {
            let n = b.len().min(code.len());
            code.as_bytes()[..n].cmp(&b.as_bytes()[..n]).then(code.len().cmp(&b.len()).min(std::cmp::Ordering::Equal))
        };
        cmp(from) != std::cmp::Ordering::Less && cmp(to) != std::cmp::Ordering::Greater
    };
    let want = parse(specs);
    let avoid: Vec<(String, String)> = avoid.iter().flat_map(|a| parse(a)).collect();
    cat.codes(system)
        .filter(|c| c.is_code() && c.is_leaf() && c.accepted_by_inacbg())
        .map(|c| c.code())
        .find(|code| want.iter().any(|s| within(code, s)) && !avoid.iter().any(|s| within(code, s)))
        .map(str::to_string)
}

fn fired(k: &Koder, claim: &Value, rule: &str) -> bool {
    let input: ClaimInput = serde_json::from_value(claim.clone()).expect("claim JSON");
    let report = k.check(input).expect("valid claim");
    report.findings.iter().any(|f| f.rule == rule)
}

/// The raw rule table rows, by id, to read the logic columns.
fn rows() -> Vec<(String, Vec<(String, String)>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/rules");
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    files.sort();
    for f in files.into_iter().filter(|p| p.extension().is_some_and(|e| e == "tsv")) {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&f).unwrap();
        let mut lines = text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty());
        let Some(header) = lines.next() else { continue };
        let cols: Vec<&str> = header.split('\t').collect();
        for l in lines {
            let vals: Vec<(String, String)> =
                cols.iter().zip(l.split('\t')).map(|(c, v)| (c.to_string(), v.trim().to_string())).collect();
            out.push((name.clone(), vals));
        }
    }
    out
}

fn get<'a>(row: &'a [(String, String)], col: &str) -> &'a str {
    row.iter().find(|(c, _)| c == col).map(|(_, v)| v.as_str()).unwrap_or("")
}

fn setting_of(s: &str) -> &'static str {
    if s == "outpatient" {
        "outpatient"
    } else {
        "inpatient"
    }
}

#[test]
fn every_table_rule_fires_and_stays_quiet() {
    let k = Koder::new().unwrap();
    let cat = k.catalog();
    let mut tested = 0usize;
    let mut failures = Vec::new();
    for (table, row) in rows() {
        let id = get(&row, "id").to_string();
        if id.is_empty() || table == "builtin.tsv" {
            continue;
        }
        let base = json!({"sex": "F", "age_years": 30, "facility": "fktl",
            "setting": setting_of(get(&row, "settings"))});
        let with = |extra: Value| {
            let mut c = base.clone();
            for (k2, v) in extra.as_object().unwrap() {
                c[k2] = v.clone();
            }
            c
        };
        let dx = |specs: &str, avoid: &[&str]| example(cat, CodeSystem::Icd10, specs, avoid);
        let px = |specs: &str, avoid: &[&str]| example(cat, CodeSystem::Icd9cm, specs, avoid);
        // (claim that must fire, claim that must not)
        let pair: Option<(Value, Value)> = match table.as_str() {
            "procedure_needs_diagnosis.tsv" => {
                let p = px(get(&row, "procedures"), &[]);
                let d = dx(get(&row, "diagnoses"), &[]);
                let other = dx("Z00-Z13", &[get(&row, "diagnoses")]);
                match (p, d, other) {
                    (Some(p), Some(d), Some(o)) => Some((
                        with(json!({"diagnoses": [o], "procedures": [p]})),
                        with(json!({"diagnoses": [d], "procedures": [p]})),
                    )),
                    _ => None,
                }
            }
            "diagnosis_needs_procedure.tsv" => {
                let d = dx(get(&row, "diagnoses"), &[]);
                let p = px(get(&row, "procedures"), &[]);
                match (d, p) {
                    (Some(d), Some(p)) => {
                        Some((with(json!({"diagnoses": [d]})), with(json!({"diagnoses": [d], "procedures": [p]}))))
                    }
                    _ => None,
                }
            }
            "symptom_with_definitive.tsv" => {
                let s = dx(get(&row, "symptoms"), &[get(&row, "definitive")]);
                let d = dx(get(&row, "definitive"), &[get(&row, "symptoms")]);
                match (s, d) {
                    (Some(s), Some(d)) => Some((with(json!({"diagnoses": [d, s]})), with(json!({"diagnoses": [s]})))),
                    _ => None,
                }
            }
            "exclusive_pairs.tsv" | "combinations.tsv" => {
                let a = dx(get(&row, "codes_a"), &[get(&row, "codes_b")]);
                let b = dx(get(&row, "codes_b"), &[get(&row, "codes_a")]);
                match (a, b) {
                    (Some(a), Some(b)) => Some((with(json!({"diagnoses": [a, b]})), with(json!({"diagnoses": [a]})))),
                    _ => None,
                }
            }
            "not_principal.tsv" => {
                let c = dx(get(&row, "codes"), &[]);
                let p = dx("J18.9", &[get(&row, "codes")]);
                match (c, p) {
                    (Some(c), Some(p)) => {
                        Some((with(json!({"diagnoses": [c, p]})), with(json!({"diagnoses": [p, c]}))))
                    }
                    _ => None,
                }
            }
            "age_rules.tsv" => {
                let procedures = get(&row, "system") == "icd9cm";
                let c = if procedures { px(get(&row, "codes"), &[]) } else { dx(get(&row, "codes"), &[]) };
                let min: Option<u32> = get(&row, "age_min_days").parse().ok();
                let max: Option<u32> = get(&row, "age_max_days").parse().ok();
                let outside = match (min, max) {
                    (Some(m), _) if m > 0 => m - 1,
                    (_, Some(m)) => m + 1,
                    _ => continue,
                };
                let inside = min.unwrap_or(0);
                c.map(|c| {
                    let field = if procedures { "procedures" } else { "diagnoses" };
                    let dx0 = if procedures { json!(["Z00.0"]) } else { json!([c.clone()]) };
                    let mk = |age: u32| {
                        let mut v = with(json!({ "diagnoses": dx0.clone() }));
                        v.as_object_mut().unwrap().remove("age_years");
                        v["age_days"] = json!(age);
                        if procedures {
                            v[field] = json!([c.clone()]);
                        }
                        v
                    };
                    (mk(outside), mk(inside))
                })
            }
            "documents.tsv" => {
                let d =
                    if get(&row, "diagnoses").is_empty() { dx("J18.9", &[]) } else { dx(get(&row, "diagnoses"), &[]) };
                let p = if get(&row, "procedures").is_empty() { None } else { px(get(&row, "procedures"), &[]) };
                let doc = get(&row, "documents").split(',').next().unwrap_or("").trim().to_string();
                let mut c = with(json!({ "diagnoses": [d] }));
                if let Some(p) = p {
                    c["procedures"] = json!([p]);
                } else if !get(&row, "procedures").is_empty() {
                    continue;
                }
                // Absent is not empty: without a documents field the rule is a checklist item
                // at info (DOC-000), never its own finding.
                let absent = c.clone();
                let report = k.check(serde_json::from_value(absent.clone()).unwrap()).unwrap();
                if report.findings.iter().any(|f| f.rule == id) || !report.findings.iter().any(|f| f.rule == "DOC-000")
                {
                    failures.push(format!("{id} with documents absent: {:?}", report.findings));
                }
                c["documents"] = json!([]);
                let mut ok = c.clone();
                ok["documents"] = json!([doc]);
                Some((c, ok))
            }
            _ => continue,
        };
        let Some((bad, good)) = pair else {
            failures.push(format!("{id} ({table}): no example codes for its specs"));
            continue;
        };
        tested += 1;
        if !fired(&k, &bad, &id) {
            failures.push(format!("{id} did not fire on {bad}"));
        }
        if fired(&k, &good, &id) {
            failures.push(format!("{id} fired on the corrected claim {good}"));
        }
    }
    assert!(failures.is_empty(), "{} of {tested} rules failed:\n{}", failures.len(), failures.join("\n"));
    assert!(tested >= 150, "only {tested} table rules tested");
    eprintln!("{tested} table rules fire and stay quiet as expected");
}

#[test]
fn the_rule_book_has_at_least_200_documented_rules() {
    let book = RuleBook::get();
    assert!(book.rules.len() >= 200, "{} rules", book.rules.len());
    for r in &book.rules {
        let t = &r.text;
        assert!(!t.basis.is_empty() && !t.suggestion_id.is_empty() && !t.suggestion_en.is_empty(), "{}", t.id);
    }
}

#[test]
fn rules_md_is_generated_from_the_rule_tables() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/RULES.md");
    let expected = RuleBook::get().markdown();
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    if std::env::var_os("KODER_UPDATE_RULES_MD").is_some() {
        std::fs::write(path, &expected).unwrap();
        return;
    }
    assert!(
        actual == expected,
        "RULES.md is out of date: run `cargo run --release -- rules --markdown > RULES.md` \
         (or KODER_UPDATE_RULES_MD=1 cargo test --test rules_each)"
    );
}
