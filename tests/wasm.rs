//! Tests of the JavaScript facade (`koder::wasm`), run inside a JavaScript engine by
//! `wasm-bindgen-test-runner`: Node by default, headless Chromium with
//! `WASM_BINDGEN_USE_BROWSER=1` (no `wasm_bindgen_test_configure!`, so one file serves both).
//!
//! ```sh
//! CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!   cargo test --target wasm32-unknown-unknown --test wasm
//! WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver \
//!   CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!   cargo test --target wasm32-unknown-unknown --test wasm
//! ```
//!
//! On native targets this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, JsString, Reflect, JSON};
use koder::wasm;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

// ---------------------------------------------------------------------------------------------
// Helpers

/// Parses a JSON text into a JS value (option objects and odd option values).
fn js(json: &str) -> JsValue {
    JSON::parse(json).expect("valid JSON in test")
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).expect("Reflect.get")
}

fn get_str(v: &JsValue, key: &str) -> Option<String> {
    get(v, key).as_string()
}

fn array(v: &JsValue) -> Array {
    assert!(Array::is_array(v), "expected an array, got {v:?}");
    v.clone().unchecked_into::<Array>()
}

/// The codes of a result list, in order.
fn codes(v: &JsValue) -> Vec<String> {
    array(v).iter().map(|r| get_str(&r, "code").expect("result.code is a string")).collect()
}

fn search(query: &str, options: Option<&str>) -> Result<JsValue, JsValue> {
    wasm::search(JsValue::from(query), options.map(js))
}

/// Asserts that `err` is a JavaScript `Error` carrying Koder's fields, and returns its `code`.
fn koder_error(err: JsValue) -> String {
    assert!(err.is_instance_of::<js_sys::Error>(), "expected a JS Error, got {err:?}");
    let code = get_str(&err, "code").expect("error.code is a string");
    let id = get_str(&err, "messageId").expect("error.messageId is a string");
    let en = get_str(&err, "messageEn").expect("error.messageEn is a string");
    let message: String = err.unchecked_ref::<js_sys::Error>().message().into();
    assert!(!code.is_empty() && !id.is_empty() && !en.is_empty(), "{code:?} {id:?} {en:?}");
    assert_ne!(id, en, "messageId must be the Indonesian text, messageEn the English one");
    // The message is Indonesian first, then English.
    let (pi, pe) = (message.find(&id), message.find(&en));
    assert!(pi.is_some() && pe.is_some() && pi < pe, "message {message:?} should be \"{id} / {en}\"");
    code
}

fn expect_error(r: Result<JsValue, JsValue>) -> String {
    match r {
        Ok(v) => panic!("expected an error, got {v:?}"),
        Err(e) => koder_error(e),
    }
}

/// "Does not panic": the call returns a result array, or throws a Koder error (never a trap).
fn no_panic_search(query: &str) {
    match search(query, None) {
        Ok(v) => {
            let n = array(&v).length();
            assert!(n <= 10, "default limit is 10, got {n}");
        }
        Err(e) => {
            let code = koder_error(e);
            assert!(["input_too_long", "invalid_input"].contains(&code.as_str()), "unexpected error {code}");
        }
    }
}

fn no_panic_lookup(system: &str, code: &str) {
    for r in [
        wasm::lookup(JsValue::from(system), JsValue::from(code)),
        wasm::crosswalk(JsValue::from(system), JsValue::from(code)),
    ] {
        if let Err(e) = r {
            koder_error(e);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Search

#[wasm_bindgen_test]
fn search_dbd_finds_dengue_in_top_5() {
    let r = search("dbd", None).unwrap();
    let top: Vec<String> = codes(&r).into_iter().take(5).collect();
    assert!(top.iter().any(|c| c == "A91"), "A91 not in top 5: {top:?}");
    let a91 = array(&r).iter().find(|h| get_str(h, "code").as_deref() == Some("A91")).unwrap();
    assert_eq!(get_str(&a91, "system").as_deref(), Some("icd10"));
    assert_eq!(get_str(&a91, "fhir_system").as_deref(), Some("http://hl7.org/fhir/sid/icd-10"));
    assert_eq!(get_str(&a91, "matched_term").as_deref(), Some("DBD"));
    assert!(get(&a91, "score").as_f64().unwrap() > 0.0);
    assert!(Array::is_array(&get(&a91, "flags")));
    assert!(Array::is_array(&get(&a91, "matched")));
    assert_eq!(get(&a91, "leaf").as_bool(), Some(true));
}

#[wasm_bindgen_test]
fn search_code_like_query_j189() {
    let r = search("j189", None).unwrap();
    let first = array(&r).get(0);
    assert_eq!(get_str(&first, "code").as_deref(), Some("J18.9"));
    assert_eq!(get(&first, "code_match").as_bool(), Some(true));
}

#[wasm_bindgen_test]
fn search_options_are_applied() {
    let r = search("demam", Some(r#"{"system":"icpc2","limit":3}"#)).unwrap();
    let a = array(&r);
    assert!(a.length() >= 1 && a.length() <= 3, "limit 3: {}", a.length());
    for h in a.iter() {
        assert_eq!(get_str(&h, "system").as_deref(), Some("icpc2"));
        assert_eq!(get_str(&h, "fhir_system").as_deref(), Some("http://hl7.org/fhir/sid/icpc-2"));
    }
    let r = search("pneumonia", Some(r#"{"leafOnly":true,"block":"J09-J18","limit":20}"#)).unwrap();
    let a = array(&r);
    assert!(a.length() > 0);
    for h in a.iter() {
        assert_eq!(get(&h, "leaf").as_bool(), Some(true));
        let code = get_str(&h, "code").unwrap();
        assert!(("J09".."J19").contains(&code.as_str()), "{code} outside J09-J18");
    }
    // `null` / `undefined` options are the defaults.
    assert_eq!(
        codes(&wasm::search(JsValue::from("dbd"), Some(JsValue::NULL)).unwrap()),
        codes(&search("dbd", None).unwrap())
    );
    assert_eq!(
        codes(&wasm::search(JsValue::from("dbd"), Some(JsValue::UNDEFINED)).unwrap()),
        codes(&search("dbd", None).unwrap())
    );
}

// ---------------------------------------------------------------------------------------------
// Lookup, crosswalk, isValid, version

#[wasm_bindgen_test]
fn lookup_gives_parent_and_children() {
    let d = wasm::lookup(JsValue::from("icd10"), JsValue::from("j18.9")).unwrap();
    assert_eq!(get_str(&d, "code").as_deref(), Some("J18.9"));
    assert_eq!(get_str(&d, "kind").as_deref(), Some("code"));
    assert_eq!(get_str(&get(&d, "parent"), "code").as_deref(), Some("J18"));
    assert_eq!(get_str(&get(&d, "block"), "code").as_deref(), Some("J09-J18"));
    assert_eq!(get(&d, "accepted_by_inacbg").as_bool(), Some(true));
    assert_eq!(array(&get(&d, "children")).length(), 0, "J18.9 is a leaf");

    let p = wasm::lookup(JsValue::from("icd10"), JsValue::from("J18")).unwrap();
    let children = codes(&get(&p, "children"));
    assert!(children.contains(&"J18.9".to_string()), "{children:?}");
    assert!(children.iter().all(|c| c.starts_with("J18.")), "{children:?}");
    assert_eq!(get(&p, "leaf").as_bool(), Some(false));

    let k = wasm::lookup(JsValue::from("icpc2"), JsValue::from("K86")).unwrap();
    assert_eq!(get_str(&k, "fhir_system").as_deref(), Some("http://hl7.org/fhir/sid/icpc-2"));
}

#[wasm_bindgen_test]
fn crosswalk_icpc2_k86_to_i10() {
    let t = wasm::crosswalk(JsValue::from("icpc2"), JsValue::from("K86")).unwrap();
    let first = array(&t).get(0);
    assert_eq!(get_str(&first, "code").as_deref(), Some("I10"));
    assert_eq!(get_str(&first, "system").as_deref(), Some("icd10"));
    assert_eq!(get(&first, "primary").as_bool(), Some(true));
    let back = wasm::crosswalk(JsValue::from("icd10"), JsValue::from("I10")).unwrap();
    assert!(codes(&back).contains(&"K86".to_string()));
}

#[wasm_bindgen_test]
fn is_valid_and_version() {
    assert_eq!(wasm::is_valid(JsValue::from("icd10"), JsValue::from("A91")).ok(), Some(true));
    assert_eq!(wasm::is_valid(JsValue::from("icd10"), JsValue::from("Q99.99")).ok(), Some(false));
    assert_eq!(koder_error(wasm::is_valid(JsValue::from("loinc"), JsValue::from("1")).unwrap_err()), "unknown_system");
    let v = wasm::version().unwrap();
    assert!(get_str(&v, "koder").is_some());
    let records = get(&get(&get(&v, "data"), "counts"), "records").as_f64().unwrap();
    assert!(records > 1000.0, "{records}");
}

// ---------------------------------------------------------------------------------------------
// Errors: JS `Error`s with code, messageId, messageEn

#[wasm_bindgen_test]
fn error_unknown_code() {
    assert_eq!(expect_error(wasm::lookup(JsValue::from("icd10"), JsValue::from("Q99.999"))), "unknown_code");
    assert_eq!(expect_error(wasm::crosswalk(JsValue::from("icpc2"), JsValue::from("Z99.9"))), "unknown_code");
}

#[wasm_bindgen_test]
fn error_unknown_system() {
    assert_eq!(expect_error(wasm::lookup(JsValue::from("loinc"), JsValue::from("1"))), "unknown_system");
    assert_eq!(expect_error(wasm::crosswalk(JsValue::from("snomed"), JsValue::from("1"))), "unknown_system");
    // In search options the system is checked by the options parser.
    assert_eq!(expect_error(search("dbd", Some(r#"{"system":"loinc"}"#))), "invalid_input");
}

#[wasm_bindgen_test]
fn error_limit_out_of_range() {
    assert_eq!(expect_error(search("dbd", Some(r#"{"limit":0}"#))), "invalid_option");
    assert_eq!(expect_error(search("dbd", Some(r#"{"limit":101}"#))), "invalid_option");
    assert_eq!(expect_error(search("dbd", Some(r#"{"limit":-1}"#))), "invalid_input");
    assert_eq!(expect_error(search("dbd", Some(r#"{"limit":"5"}"#))), "invalid_input");
}

#[wasm_bindgen_test]
fn error_unknown_option_key() {
    let e = search("dbd", Some(r#"{"leafonly":true}"#)).unwrap_err();
    let msg = get_str(&e, "messageEn").unwrap();
    assert_eq!(koder_error(e), "invalid_input");
    assert!(msg.contains("leafonly"), "the message names the key: {msg}");
    // `leaf_only` is an accepted alias.
    assert!(search("dbd", Some(r#"{"leaf_only":true}"#)).is_ok());
}

#[wasm_bindgen_test]
fn error_non_object_options() {
    for bad in [r#""abc""#, "5", "true", "[1,2]"] {
        assert_eq!(expect_error(search("dbd", Some(bad))), "invalid_input", "options = {bad}");
    }
}

#[wasm_bindgen_test]
fn error_unsupported_crosswalk_and_long_code() {
    assert_eq!(expect_error(wasm::crosswalk(JsValue::from("icd9cm"), JsValue::from("39.95"))), "unsupported_crosswalk");
    assert_eq!(expect_error(wasm::lookup(JsValue::from("icd10"), JsValue::from("A".repeat(10_000)))), "input_too_long");
}

// ---------------------------------------------------------------------------------------------
// Hostile input: never a panic (a panic would be a wasm trap, not a Koder error)

#[wasm_bindgen_test]
fn no_panic_empty() {
    assert_eq!(array(&search("", None).unwrap()).length(), 0);
    assert_eq!(array(&search("   ", None).unwrap()).length(), 0);
    no_panic_lookup("icd10", "");
    no_panic_lookup("", "");
}

#[wasm_bindgen_test]
fn no_panic_one_megabyte() {
    let big = "demam berdarah ".repeat(70_000); // ≈ 1 MB
    assert!(big.len() > 1_000_000);
    assert_eq!(expect_error(search(&big, None)), "input_too_long");
    no_panic_lookup("icd10", &big);
    no_panic_lookup(&big, "A91");
    // The engine still works afterwards.
    assert!(codes(&search("dbd", None).unwrap()).contains(&"A91".to_string()));
}

#[wasm_bindgen_test]
fn no_panic_nul_and_control_characters() {
    no_panic_search("\0");
    no_panic_search("dbd\0");
    no_panic_search("\u{1}\u{7}\u{8}\t\n\r\u{b}\u{c}\u{1b}[31m\u{7f}");
    no_panic_search("\u{200b}\u{feff}\u{202e}demam");
    no_panic_lookup("icd10", "A9\u{0}1");
    no_panic_lookup("icd\u{0}10", "A91");
    no_panic_lookup("icpc2", "K\u{1b}86");
}

#[wasm_bindgen_test]
fn no_panic_lone_surrogates_from_js() {
    // Strings built on the JS side, as a browser text field could hand them over.
    let lone_high = JsString::from_char_code1(0xD800);
    let lone_low = JsString::from_char_code1(0xDC00);
    let mixed = JsString::from("dbd").concat(&lone_high).concat(&JsString::from(" demam")).concat(&lone_low);
    assert!(!mixed.is_valid_utf16(), "the JS string holds lone surrogates");
    for s in [lone_high, lone_low, mixed] {
        // Crossing into Rust replaces lone surrogates with U+FFFD.
        let rust = String::from(s);
        assert!(rust.contains('\u{fffd}'), "{rust:?}");
        no_panic_search(&rust);
        no_panic_lookup("icd10", &rust);
        no_panic_lookup(&rust, "A91");
    }
    let r = search(&String::from(JsString::from("dbd").concat(&JsString::from_char_code1(0xD800))), None).unwrap();
    assert!(codes(&r).contains(&"A91".to_string()), "the valid part of the query still matches");
}

#[wasm_bindgen_test]
fn no_panic_emoji_and_other_scripts() {
    no_panic_search("😷");
    no_panic_search("🦟 demam berdarah 🩸");
    no_panic_search("👨‍👩‍👧‍👦🏳️‍🌈");
    no_panic_search("ديمام 発熱 ไข้ демам");
    no_panic_search("e\u{301}\u{301}\u{301}\u{301}");
    no_panic_lookup("icd10", "A9😷");
    let r = search("demam 😷", None).unwrap();
    assert!(array(&r).length() > 0, "emoji next to a word does not hide its results");
}

#[wasm_bindgen_test]
fn no_panic_many_keystrokes() {
    // Type a long query one character at a time, as the search box does.
    let q = "demam berdarah dengue dengan perdarahan saluran cerna 😷 J18.9 K86 39.95";
    let mut prefix = String::new();
    for ch in q.chars() {
        prefix.push(ch);
        no_panic_search(&prefix);
    }
}

#[wasm_bindgen_test]
fn lone_surrogates_passed_as_js_values_and_non_strings_refused() {
    let mixed = JsString::from("dbd").concat(&JsString::from_char_code1(0xD800));
    let r = wasm::search(JsValue::from(mixed), None).unwrap();
    assert!(codes(&r).contains(&"A91".to_string()));
    for bad in [JsValue::from(123), JsValue::NULL, JsValue::UNDEFINED, js_sys::Object::new().into()] {
        assert_eq!(expect_error(wasm::search(bad.clone(), None)), "invalid_input");
        assert_eq!(expect_error(wasm::lookup(JsValue::from("icd10"), bad.clone())), "invalid_input");
        assert_eq!(expect_error(wasm::lookup(bad.clone(), JsValue::from("A91"))), "invalid_input");
        assert_eq!(expect_error(wasm::crosswalk(bad, JsValue::from("K86"))), "invalid_input");
    }
}

#[wasm_bindgen_test]
fn check_reports_findings_and_refuses_bad_claims() {
    let claim = js(r#"{"sex":"M","age_years":30,"diagnosa":"G01#A17.0","procedure":"74.1"}"#);
    let r = wasm::check(claim).unwrap();
    let findings = js_sys::Reflect::get(&r, &"findings".into()).unwrap();
    let rules: Vec<String> = js_sys::Array::from(&findings)
        .iter()
        .map(|f| js_sys::Reflect::get(&f, &"rule".into()).unwrap().as_string().unwrap())
        .collect();
    assert!(rules.contains(&"PDX-001".to_string()) && rules.contains(&"SEX-002".to_string()), "{rules:?}");
    assert_eq!(expect_error(wasm::check(js(r#"{"diagnosis":"A09"}"#))), "invalid_input");
    assert_eq!(expect_error(wasm::check(js(r#"{"age_years":"x"}"#))), "invalid_input");
    assert_eq!(expect_error(wasm::check(js(r#"{"age_years":900}"#))), "invalid_input");
    assert_eq!(expect_error(wasm::check(JsValue::from("A09"))), "invalid_input");
    assert_eq!(expect_error(wasm::check(js(r#"[1,2]"#))), "invalid_input");
}

#[wasm_bindgen_test]
fn group_previews_cbg_codes_loads_tables_and_tariffs() {
    let claim = js(r#"{"jenis_rawat":1,"gender":1,"age_years":60,"diagnosa":"J18.9#E11.9","kelas_rawat":3}"#);
    let r = wasm::group(claim, None).unwrap();
    assert_eq!(get(&r, "preview").as_bool(), Some(true));
    assert!(get_str(&r, "label_id").unwrap().contains("bukan hasil resmi E-Klaim"));
    assert_eq!(get_str(&get(&r, "cbg"), "code").as_deref(), Some("J-4-16-II"));
    assert_eq!(get_str(&get(&r, "severity"), "code").as_deref(), Some("II"));
    assert!(get(&r, "tariff").is_null(), "no tariff before loadTariffs");
    let secondaries = array(&get(&get(&r, "what_if"), "secondaries"));
    assert_eq!(get(&secondaries.get(0), "changes_result").as_bool(), Some(true));
    assert!(array(&get(&r, "trace")).length() > 3);
    // An ungroupable case is an X group with the reason.
    let x = wasm::group(js(r#"{"setting":"inpatient","sex":"M","age_years":30,"principal_diagnosis":"G01"}"#), None)
        .unwrap();
    assert_eq!(get_str(&get(&x, "cbg"), "code").as_deref(), Some("X-0-20-X"));
    assert!(get_str(&get(&x, "error"), "reason_id").unwrap().contains("asterisk"));
    // Versions, table loading (the bundled files, re-joined) and its errors.
    let v = wasm::grouping_version().unwrap();
    assert_eq!(get(&v, "format").as_f64(), Some(1.0));
    assert!(get_str(&v, "tables").unwrap().starts_with("koder-"));
    let files = [
        ("meta.tsv", include_str!("../data/grouper/meta.tsv")),
        ("cmgs.tsv", include_str!("../data/grouper/cmgs.tsv")),
        ("groups.tsv", include_str!("../data/grouper/groups.tsv")),
        ("principal_errors.tsv", include_str!("../data/grouper/principal_errors.tsv")),
        ("diagnoses.tsv", include_str!("../data/grouper/diagnoses.tsv")),
        ("procedures.tsv", include_str!("../data/grouper/procedures.tsv")),
        ("deliveries.tsv", include_str!("../data/grouper/deliveries.tsv")),
        ("neonates.tsv", include_str!("../data/grouper/neonates.tsv")),
        ("severity.tsv", include_str!("../data/grouper/severity.tsv")),
        ("exclusions.tsv", include_str!("../data/grouper/exclusions.tsv")),
        ("special.tsv", include_str!("../data/grouper/special.tsv")),
        ("procedure_conflicts.tsv", include_str!("../data/grouper/procedure_conflicts.tsv")),
    ];
    let text: String = files.iter().map(|(n, t)| format!("@file {n}\n{t}\n")).collect();
    let bad = text.replacen("\nJ18\tJ\tJ-4-16", "\nJ18\tJ\tJ-4-77", 1);
    assert_eq!(expect_error(wasm::load_grouping_tables(JsValue::from(bad))), "invalid_input");
    assert_eq!(expect_error(wasm::load_grouping_tables(JsValue::from(12))), "invalid_input");
    let v = wasm::load_grouping_tables(JsValue::from(text)).unwrap();
    assert_eq!(get(&v, "bundled").as_bool(), Some(false));
    // Tariffs and the tariff context.
    let csv = "# koder-tariff v1\ncbg,regional,hospital_class,ownership,care_class,tariff\nJ-4-16-II,1,C,government,3,4500000\n";
    assert_eq!(expect_error(wasm::load_tariffs(JsValue::from("cbg,tariff\n"))), "invalid_input");
    let v = wasm::load_tariffs(JsValue::from(csv)).unwrap();
    assert_eq!(get(&v, "tariff_rows").as_f64(), Some(1.0));
    let claim = js(r#"{"jenis_rawat":1,"gender":1,"age_years":60,"diagnosa":"J18.9#E11.9","kelas_rawat":3}"#);
    let ctx = js(r#"{"regional":1,"hospital_class":"C","ownership":"pemerintah"}"#);
    let r = wasm::group(claim, Some(ctx)).unwrap();
    assert_eq!(get(&get(&r, "tariff"), "base").as_f64(), Some(4_500_000.0));
    // Refused inputs.
    assert_eq!(expect_error(wasm::group(js(r#"{"diagnosis":"A09"}"#), None)), "invalid_input");
    let claim = js(r#"{"setting":1,"sex":"M","age_years":3,"diagnosa":"J18.9"}"#);
    assert_eq!(expect_error(wasm::group(claim.clone(), Some(js(r#"{"regional":9}"#)))), "invalid_input");
    assert_eq!(expect_error(wasm::group(claim, Some(js(r#"{"region":1}"#)))), "invalid_input");
}

#[wasm_bindgen_test]
fn warm_up_is_optional_and_repeatable() {
    wasm::warm_up().unwrap();
    wasm::warm_up().unwrap();
    let r = search("hipertesi", None).unwrap();
    assert!(codes(&r).contains(&"I10".to_string()), "typo search works after warming up");
}

#[wasm_bindgen_test]
fn load_code_set_badges_im_codes_and_refuses_bad_lists_by_line() {
    let list = include_str!("codeset/icd10_im.csv");
    let s = wasm::load_code_set(JsValue::from(list), js(r#"{"system":"icd10_im"}"#)).expect("loads");
    assert_eq!(get(&s, "rejected").as_f64(), Some(0.0));
    let rs = search("tcm", None).unwrap();
    let hit = array(&rs).iter().find(|r| get_str(r, "code").as_deref() == Some("A15.11")).expect("A15.11 found");
    assert!(array(&get(&hit, "flags")).iter().any(|f| f.as_string().as_deref() == Some("im")));
    assert_eq!(get_str(&get(&hit, "im"), "parent").as_deref(), Some("A15.1"));
    // Bytes work too; a bad list is refused with its lines, the loaded one stays.
    let bytes = js_sys::Uint8Array::from(&b"code\tdescription\nA15.11,TB\nA15.12,TB\n"[..]);
    let e = wasm::load_code_set(bytes.into(), js(r#"{"system":"icd10_im"}"#));
    let err = e.expect_err("refused");
    assert_eq!(koder_error(err.clone()), "invalid_code_set");
    assert!(get_str(&err, "messageEn").unwrap().contains("line 2:"));
    assert_eq!(array(&wasm::code_sets().unwrap()).length(), 1);
    assert_eq!(expect_error(wasm::load_code_set(JsValue::from(list), js(r#"{"sistem":"icd10_im"}"#))), "invalid_input");
    assert_eq!(expect_error(wasm::load_code_set(JsValue::from(list), js(r#"{"system":"icd11"}"#))), "invalid_option");
    assert_eq!(expect_error(wasm::load_code_set(JsValue::from(3), js(r#"{"system":"icd10_im"}"#))), "invalid_input");
    assert_eq!(wasm::unload_code_set(JsValue::from("icd10_im")).ok(), Some(true));
    // Without a list: A15.11 is probably IM, by its shape.
    let d = wasm::lookup(JsValue::from("icd10"), JsValue::from("A15.11")).unwrap();
    assert_eq!(get_str(&get(&d, "im"), "source").as_deref(), Some("shape"));
}

#[wasm_bindgen_test]
fn claim_keys_is_the_one_alias_table_check_uses() {
    let keys = wasm::claim_keys().unwrap();
    assert_eq!(get_str(&keys, "tgl_lahir").as_deref(), Some("birth_date"));
    assert_eq!(get_str(&keys, "no_sep").as_deref(), Some("id"));
    assert_eq!(get_str(&keys, "diagnosa_utama").as_deref(), Some("principal_diagnosis"));
    // The audit's names pass check(); two names of one field are refused.
    let r = wasm::check(js(
        r#"{"no_sep":"X1","tanggal_lahir":"1990-01-01","tgl_masuk":"2024-01-01","jenis_rawat":2,"diagnosa":"J06.9"}"#,
    ))
    .unwrap();
    assert_eq!(get_str(&r, "id").as_deref(), Some("X1"));
    assert_eq!(expect_error(wasm::check(js(r#"{"sex":"M","gender":1}"#))), "invalid_input");
    // Documents absent: the checklist at info, no error.
    let r = wasm::check(js(r#"{"jenis_rawat":1,"gender":1,"age_years":60,"diagnosa":"J18.9"}"#)).unwrap();
    assert_eq!(get(&get(&r, "counts"), "error").as_f64(), Some(0.0));
}
