//! The `koder` CLI: its commands, JSON shapes (the same as the JavaScript API) and exit codes.

use std::process::{Command, Output};

fn koder(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_koder")).args(args).output().expect("run koder")
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = koder(args);
    assert!(out.status.success(), "koder {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

#[test]
fn search_json_prints_an_array_of_results() {
    let v = json(&["search", "--system", "icd10", "--limit", "5", "--json", "demam berdarah"]);
    let arr = v.as_array().unwrap();
    assert!(!arr.is_empty() && arr.len() <= 5);
    assert!(arr.iter().any(|r| r["code"] == "A91"), "{v}");
    for r in arr {
        assert_eq!(r["system"], "icd10");
        assert_eq!(r["fhir_system"], "http://hl7.org/fhir/sid/icd-10");
        for key in ["display", "display_id", "leaf", "flags", "score", "matched", "matched_term", "code_match"] {
            assert!(r.get(key).is_some(), "missing {key} in {r}");
        }
    }
}

#[test]
fn search_text_output_and_multi_word_arguments() {
    let out = koder(&["search", "--system", "icd9cm", "cuci", "darah"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("39.95"));
}

#[test]
fn lookup_json_has_hierarchy() {
    let v = json(&["lookup", "icd10", "A91", "--json"]);
    assert_eq!(v["code"], "A91");
    assert_eq!(v["block"]["code"], "A90-A99");
    assert_eq!(v["chapter"]["code"], "I");
    assert_eq!(v["accepted_by_inacbg"], true);
    let v = json(&["lookup", "icd10", "J18", "--json"]);
    assert!(v["children"].as_array().unwrap().iter().any(|c| c["code"] == "J18.9"));
}

#[test]
fn crosswalk_json() {
    let v = json(&["crosswalk", "icpc2", "K86", "--json"]);
    assert_eq!(v[0]["code"], "I10");
    assert_eq!(v[0]["primary"], true);
}

#[test]
fn codes_prints_one_json_object_per_line() {
    let out = koder(&["codes", "icpc2", "--json"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 726);
    for l in &lines {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert_eq!(v["system"], "icpc2");
    }
    let out = koder(&["codes", "icd10", "--json"]);
    let n = String::from_utf8_lossy(&out.stdout).lines().count();
    assert!(n > 18_000, "only {n} ICD-10 codes");
}

#[test]
fn errors_exit_non_zero_with_a_bilingual_message() {
    for (args, code) in [
        (vec!["lookup", "icd10", "ZZ9.99"], 1),
        (vec!["lookup", "snomed", "123"], 1),
        (vec!["search", "--limit", "abc", "dbd"], 2),
        (vec!["search", "--limit", "0", "dbd"], 1),
        (vec!["search", "--bogus", "dbd"], 2),
        (vec!["search"], 2),
        (vec!["frobnicate"], 2),
        (vec![], 2),
        (vec!["crosswalk", "icd9cm", "39.95"], 1),
    ] {
        let out = koder(&args);
        assert_eq!(out.status.code(), Some(code), "koder {args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(" / "), "koder {args:?}: message should be Indonesian / English: {err}");
        assert!(out.stdout.is_empty(), "koder {args:?} printed to stdout on error");
    }
}

#[test]
fn group_json_is_a_labelled_preview_and_rejects_bad_tariffs() {
    let dir = std::env::temp_dir().join(format!("koder-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let claim = dir.join("claim.json");
    std::fs::write(&claim, r#"{"setting":"inpatient","sex":"M","age_years":40,"diagnoses":["J18.9","E11.9"]}"#)
        .unwrap();
    let v = json(&["group", claim.to_str().unwrap(), "--json"]);
    assert_eq!(v["preview"], true);
    let cbg = v["cbg"]["code"].as_str().unwrap();
    assert!(cbg.starts_with("J-4-"), "{cbg}");
    assert_eq!(v["case_type"]["code"], "4");
    let tariffs = dir.join("tarif.csv");
    std::fs::write(&tariffs, "not a tariff table\n").unwrap();
    let out = koder(&["group", claim.to_str().unwrap(), "--tariffs", tariffs.to_str().unwrap(), "--json"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains(" / "));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn code_set_flag_loads_a_facility_list() {
    let list = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/codeset/icd10_im.csv");
    let v = json(&["search", "--code-set", list, "--json", "tcm"]);
    let hit = v.as_array().unwrap().iter().find(|r| r["code"] == "A15.11").unwrap_or_else(|| panic!("{v}"));
    assert_eq!(hit["im"]["parent"], "A15.1");
    assert!(hit["flags"].as_array().unwrap().iter().any(|f| f == "im"));
    let procs = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/codeset/icd9cm_im.tsv");
    let spec = format!("icd9cm_im={procs}");
    let v = json(&["lookup", "icd9cm", "88.380", "--code-set", &spec, "--json"]);
    assert_eq!((v["im"]["source"].as_str(), v["code_set"]["line"].is_u64()), (Some("code_set"), true));
    // A list that cannot be used: exit 1 with the line.
    let dir = std::env::temp_dir().join(format!("koder-cli-codeset-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.tsv");
    std::fs::write(&bad, "code\tdescription\nA15.11,TB\n").unwrap();
    let out = koder(&["search", "--code-set", bad.to_str().unwrap(), "tb"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 2:"), "{}", String::from_utf8_lossy(&out.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}
