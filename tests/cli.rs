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

/// Writes `text` to a temporary file and returns its path.
fn temp(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("koder-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn check_and_group_take_the_audit_names_and_eklaim_web_service_data() {
    // The names the audit and the claim panel accept pass `check` too (one alias table).
    let p = temp(
        "names.json",
        r#"{"no_sep":"0301R001","tanggal_lahir":"1951-03-01","tgl_masuk":"2024-11-09 08:55:00",
            "tgl_pulang":"2024-11-12 09:55:00","jenis_rawat":"1","jk":"L","diagnosa":"S71.0","procedure":"81.52#86.22+2"}"#,
    );
    let v = json(&["check", &p, "--json"]);
    assert_eq!(v["id"], "0301R001");
    assert_eq!(v["counts"]["error"], 0, "{v}");
    // The `data` object of set_claim_data with new_claim's tgl_lahir/gender, and the envelope.
    let data = r##"{"nomor_sep":"UJI1","nomor_kartu":"0000097208276","tgl_lahir":"1951-03-01 02:00:00","gender":"1",
        "tgl_masuk":"2024-11-09 08:55:00","tgl_pulang":"2024-11-12 09:55:00","jenis_rawat":"1","kelas_rawat":"3",
        "discharge_status":"1","diagnosa":"S71.0#A00.1","procedure":"81.52#86.22","kode_tarif":"CP","payor_id":"3",
        "tarif_rs":{"kamar":"6000000"},"sistole":120,"diastole":80}"##;
    let p = temp("data.json", data);
    let g = json(&["group", &p, "--json"]);
    assert_eq!(g["id"], "UJI1");
    assert!(g["cbg"]["code"].as_str().unwrap().starts_with("M-1-04"), "{g}");
    let p = temp("envelope.json", &format!(r#"{{"metadata":{{"method":"set_claim_data"}},"data":{data}}}"#));
    assert_eq!(json(&["group", &p, "--json"])["cbg"], g["cbg"]);
    // Duplicate keys and two aliases of one field are refused alike, naming them.
    for (name, text) in
        [("dup.json", r#"{"sex":"M","sex":"F"}"#), ("alias.json", r#"[{"sex":"M"},{"sex":"M","gender":"1"}]"#)]
    {
        let out = koder(&["check", &temp(name, text), "--json"]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("duplicate key") || (err.contains("same field") && err.contains("#2")), "{name}: {err}");
    }
}
