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
    // Its own folder: `temp()`'s folder is shared by tests running at the same time.
    let dir = std::env::temp_dir().join(format!("koder-cli-group-{}", std::process::id()));
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
    // `group` reads the list: 83.15 is IM only by the list, refused with its 2010 category.
    let claim =
        temp("im-claim.json", r#"{"jenis_rawat":1,"gender":1,"age_years":40,"diagnosa":"T31.2","procedure":"83.15"}"#);
    let out = koder(&["group", &claim, "--code-set", &spec]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("X-0-96-X")
            && text.contains("Kode IM / IM code: 83.15 → 2010 83.1 (pilih subkodenya / choose a subcode)"),
        "{text}"
    );
    let out = koder(&["group", &claim]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("X-0-12-X"), "without the list 83.15 is not ICD-9-CM");
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

/// Runs koder with `stdin` bytes fed from a thread (the child may stop reading early).
fn koder_stdin(args: &[&str], stdin: Vec<u8>) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_koder"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run koder");
    let mut pipe = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&stdin);
    });
    let out = child.wait_with_output().expect("koder ends");
    let _ = writer.join();
    out
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The limit message of the one bounded reader.
fn assert_limit(out: &Output, limit: &str, what: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{what}: {err}");
    assert!(
        err.contains(&format!("melebihi batas {limit}")) && err.contains(&format!("larger than the limit of {limit}")),
        "{what}: {err}"
    );
    assert!(!err.contains("JSON"), "{what}: reported as bad JSON: {err}");
}

#[test]
fn every_input_goes_through_one_bounded_reader() {
    // Devices: /dev/zero never ends; every command stops at its limit.
    assert_limit(&koder(&["check", "/dev/zero"]), "16 MiB", "check /dev/zero");
    assert_limit(&koder(&["group", "/dev/zero"]), "16 MiB", "group /dev/zero");
    assert_limit(&koder(&["group", "-", "--tariffs", "/dev/zero"]), "20 MiB", "group --tariffs /dev/zero");
    assert_limit(&koder(&["group", "-", "--tables", "/dev/zero"]), "20 MiB", "group --tables /dev/zero");
    assert_limit(&koder(&["audit", "x.csv", "--map", "@/dev/zero"]), "1 MiB", "audit --map @/dev/zero");
    assert_limit(&koder(&["audit", "x.csv", "--tariffs", "/dev/zero"]), "20 MiB", "audit --tariffs /dev/zero");
    // The audit streams its file: a /dev/zero export is refused at its first record.
    let out = koder(&["audit", "/dev/zero", "--quiet"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // Stdin over the limit is an error naming the limit, never cut and parsed.
    let big = [b"[".as_slice(), &b" ".repeat(17 << 20), b"]"].concat();
    assert_limit(&koder_stdin(&["check", "-"], big.clone()), "16 MiB", "check - (17 MiB)");
    assert_limit(&koder_stdin(&["group", "-"], big), "16 MiB", "group - (17 MiB)");
    // A named pipe (as process substitution gives) is read like stdin.
    let dir = std::env::temp_dir().join(format!("koder-cli-limits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("claims.fifo");
    if Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success()) {
        let path = fifo.clone();
        let writer = std::thread::spawn(move || {
            use std::io::Write;
            if let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(&path) {
                let chunk = vec![b' '; 1 << 20];
                for _ in 0..40 {
                    if f.write_all(&chunk).is_err() {
                        break;
                    }
                }
            }
        });
        assert_limit(&koder(&["check", fifo.to_str().unwrap()]), "16 MiB", "check FIFO");
        writer.join().unwrap();
    }
    // A regular file over the limit is refused before it is read.
    let sparse = dir.join("big.json");
    std::fs::File::create(&sparse).unwrap().set_len(3 << 30).unwrap();
    assert_limit(&koder(&["check", sparse.to_str().unwrap()]), "16 MiB", "check 3 GiB file");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn claim_errors_are_bilingual_plain_words() {
    for (claim, id, en) in [
        (r#"{"age_years": "tiga"}"#, "\"age_years\" tidak valid: bukan angka", "not a number: \"tiga\""),
        (r#"{"sex": {"a": 1}}"#, "Isian \"sex\" tidak valid: harus / must be teks", "bukan / not objek / object"),
        (r#"{"diagnosis": "A09"}"#, "kunci tidak dikenal", "unknown key \"diagnosis\""),
        (r#"{"birth_date": "1800-01-01"}"#, "di luar rentang 1900-01-01", "outside 1900-01-01"),
        (r#"{"sex": "M""#, "JSON terpotong", "JSON ends too early"),
    ] {
        for cmd in ["check", "group"] {
            let out = koder_stdin(&[cmd, "-"], claim.as_bytes().to_vec());
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(1), "{cmd} {claim}: {err}");
            assert!(err.contains(id) && err.contains(en), "{cmd} {claim}: {err}");
            for leak in ["untagged", "Scalar", "f64", "struct", "ClaimInput", "YYYY-MM-DD"] {
                assert!(!err.contains(leak), "{cmd} {claim}: {leak} in {err}");
            }
            assert!(err.chars().count() < 600, "{cmd} {claim}: {} characters", err.chars().count());
        }
    }
    let out = koder_stdin(&["group", "-", "--context", r#"{"region": 1}"#], b"{}".to_vec());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("kunci tidak dikenal \"region\""), "{}", stderr(&out));
}

#[test]
fn every_option_takes_its_value_after_a_space_or_an_equals_sign() {
    let claim = temp("form.json", r#"{"setting":"inpatient","sex":"M","age_years":40,"diagnoses":["J18.9","E11.9"]}"#);
    let list = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/codeset/icd10_im.csv");
    let context = r#"{"regional":1,"hospital_class":"C","ownership":"government"}"#;
    for (command, options, rest) in [
        ("search", vec![("--limit", "5"), ("--system", "icd10"), ("--chapter", "I")], vec!["--json", "demam"]),
        ("search", vec![("-n", "3"), ("-s", "icd9cm")], vec!["cuci", "darah"]),
        ("search", vec![("--code-set", list), ("--block", "A15-A19")], vec!["--json", "tcm"]),
        ("lookup", vec![("--code-set", list)], vec!["icd10", "A15.11", "--json"]),
        ("group", vec![("--context", context)], vec![&claim, "--json"]),
        ("suggest", vec![("--setting", "inpatient"), ("--system", "icd10")], vec!["--json", "DHF gr II"]),
    ] {
        let spaced: Vec<&str> = options.iter().flat_map(|(o, v)| [*o, *v]).chain(rest.iter().copied()).collect();
        let joined: Vec<String> = options.iter().map(|(o, v)| format!("{o}={v}")).collect();
        let joined: Vec<&str> = joined.iter().map(String::as_str).chain(rest.iter().copied()).collect();
        let a = koder(&[&[command][..], &spaced].concat());
        let b = koder(&[&[command][..], &joined].concat());
        assert!(a.status.success(), "koder {command} {spaced:?}: {}", stderr(&a));
        assert!(!a.stdout.is_empty(), "koder {command} {spaced:?} printed nothing");
        assert_eq!(
            (a.status.code(), &a.stdout),
            (b.status.code(), &b.stdout),
            "koder {command} {spaced:?} vs {joined:?}"
        );
    }
    // The option is honoured, not ignored: three results, each a chapter I code.
    let v = json(&["search", "--limit=3", "--system=icd10", "--chapter=I", "--json", "demam"]);
    let hits = v.as_array().unwrap();
    assert_eq!(hits.len(), 3, "{v}");
    assert!(hits.iter().all(|h| "AB".contains(&h["code"].as_str().unwrap()[..1])), "{v}");
}

#[test]
fn unknown_options_and_missing_values_are_bilingual_usage_errors() {
    for (args, id, en) in [
        (vec!["search", "--bogus", "dbd"], "opsi tidak dikenal: --bogus", "unknown option: --bogus"),
        (vec!["search", "--bogus=1", "dbd"], "opsi tidak dikenal: --bogus", "unknown option: --bogus"),
        (vec!["lookup", "--limit", "5", "icd10", "A91"], "opsi tidak dikenal: --limit", "unknown option: --limit"),
        (vec!["audit", "x.csv", "--bogus"], "opsi tidak dikenal: --bogus", "unknown option: --bogus"),
        (vec!["search", "dbd", "--limit"], "--limit memerlukan nilai", "--limit needs a value"),
        (vec!["search", "--limit", "--json", "dbd"], "--limit memerlukan nilai", "--limit needs a value"),
        (vec!["group", "-", "--tariffs"], "--tariffs memerlukan nilai", "--tariffs needs a value"),
        (vec!["audit", "x.csv", "--json"], "--json memerlukan nilai", "--json needs a value"),
        (vec!["audit", "x.csv", "--csv", "--quiet"], "--csv memerlukan nilai", "--csv needs a value"),
        (vec!["search", "--json=yes", "dbd"], "--json tidak menerima nilai", "--json takes no value"),
    ] {
        let out = koder(&args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "koder {args:?}: {err}");
        assert!(err.starts_with(&format!("koder: {id} / {en}")), "koder {args:?}: {err}");
        assert!(err.contains("Penggunaan / Usage:") && err.contains(&format!("koder {}", args[0])), "{err}");
        assert!(out.stdout.is_empty(), "koder {args:?} printed to stdout on error");
    }
    // `--` ends the options: a query may start with a dash.
    let out = koder(&["search", "--system", "icd10", "--", "-dbd"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Each command's --help is its usage on stdout, exit 0.
    for (command, shows) in [("search", "koder search"), ("audit", "--max-line-bytes")] {
        let out = koder(&[command, "--help"]);
        assert_eq!(out.status.code(), Some(0), "koder {command} --help");
        assert!(String::from_utf8_lossy(&out.stdout).contains(shows), "koder {command} --help");
    }
}
