//! End-to-end tests of `suggest` on single lines (the measured fixture set is `tests/suggest.rs`).

use super::*;

fn run(text: &str, setting: Option<Setting>) -> Suggestion {
    let cat = Catalog::embedded().unwrap();
    suggest(&cat, text, &SuggestOptions { system: None, setting }).unwrap()
}

fn claim(text: &str) -> (Option<String>, Vec<String>, Vec<String>) {
    let s = run(text, Some(Setting::Inpatient));
    (s.claim.principal_diagnosis, s.claim.secondary_diagnoses, s.claim.procedures)
}

#[test]
fn the_issue_examples() {
    let (p, sec, _) = claim("DHF gr II + trombositopenia, riw HT");
    assert_eq!(p.as_deref(), Some("A91"));
    assert!(!sec.contains(&"D69.6".to_string()), "{sec:?}");
    let (p, sec, _) = claim("CHF NYHA III ec HHD, DM tipe 2 tdk terkontrol");
    assert_eq!(p.as_deref(), Some("I11.0"), "{sec:?}");
    assert!(sec.iter().any(|c| c.starts_with("E11")), "{sec:?}");
    let (p, _, _) = claim("G2P1A0 hamil 39 mgg inpartu kala I, KPD 12 jam");
    assert_eq!(p.as_deref(), Some("O42.0"));
    let (p, sec, px) = claim("SC a/i KPD");
    assert!(p.unwrap().starts_with("O42"));
    assert!(sec.contains(&"Z37.0".to_string()) && px == ["74.1"], "{sec:?} {px:?}");
}

#[test]
fn every_code_says_why_and_the_claim_matches_the_codes() {
    let s = run("CKD stage 5 ec HT on HD, anemia", Some(Setting::Inpatient));
    assert!(!s.diagnoses.is_empty());
    for d in s.diagnoses.iter().chain(&s.procedures) {
        assert!(!d.why.is_empty(), "{d:?}");
        assert!(d.why.iter().all(|w| !w.note_id.is_empty() && !w.note_en.is_empty()));
    }
    assert_eq!(s.claim.principal_diagnosis.as_deref(), Some(s.diagnoses[0].code.code.as_str()));
    assert_eq!(s.diagnoses[0].role, Role::Principal);
    let rest: Vec<&str> = s.diagnoses[1..].iter().map(|d| d.code.code.as_str()).collect();
    assert_eq!(s.claim.secondary_diagnoses, rest);
    assert!(s.diagnoses.iter().any(|d| d.code.code == "I12.0"), "{:?}", s.claim);
    assert!(s.diagnoses.iter().any(|d| d.code.code == "Z99.2"), "{:?}", s.claim);
}

#[test]
fn negated_and_differential_conditions_are_never_coded() {
    let (p, sec, _) = claim("Diare akut tanpa dehidrasi");
    assert!(p.unwrap().starts_with("A09") && sec.is_empty(), "{sec:?}");
    let s = run("Febris hari ke-3 dd DHF, demam tifoid", None);
    assert_eq!(s.claim.principal_diagnosis.as_deref(), Some("R50.9"));
    assert!(s.omitted.iter().any(|o| o.reason == OmitReason::Differential && o.code.code == "A91"));
    let s = run("HbsAg (-)", None);
    assert!(s.claim.principal_diagnosis.is_none(), "{:?}", s.claim);
}

#[test]
fn history_is_a_z_code_or_nothing() {
    let (p, sec, _) = claim("Hipertensi, riwayat stroke");
    assert_eq!(p.as_deref(), Some("I10"));
    assert_eq!(sec, ["Z86.7"]);
    let s = run("Dispepsia, riw HT", None);
    assert_eq!(s.claim.secondary_diagnoses, Vec::<String>::new());
    assert!(s.omitted.iter().any(|o| o.code.code == "I10" && o.reason == OmitReason::NotCoded));
}

#[test]
fn suspected_is_coded_with_its_reason() {
    let s = run("Susp. apendisitis akut", None);
    let d = &s.diagnoses[0];
    assert!(d.code.code.starts_with("K35"));
    assert!(d.why.iter().any(|w| w.rule == RuleKind::Suspected));
    assert!(d.confidence >= Confidence::Medium);
}

#[test]
fn procedures_carry_their_count() {
    let s = run("HD 2x, transfusi PRC 2 kolf", Some(Setting::Inpatient));
    let p: Vec<(&str, Option<u32>)> = s.procedures.iter().map(|p| (p.code.code.as_str(), p.quantity)).collect();
    assert_eq!(p, [("39.95", Some(2)), ("99.04", Some(2))]);
}

#[test]
fn spans_are_javascript_indices() {
    let text = "Démam berdarah 💉, DBD gr II";
    let s = run(text, None);
    let utf16: Vec<u16> = text.encode_utf16().collect();
    for seg in &s.segments {
        let slice = String::from_utf16(&utf16[seg.span.start as usize..seg.span.end as usize]).unwrap();
        assert_eq!(slice, seg.span.text);
    }
}

#[test]
fn bad_input_is_empty_or_an_error_never_a_panic() {
    let cat = Catalog::embedded().unwrap();
    let o = SuggestOptions::default();
    for text in [
        "",
        "   ",
        ",,;;++//",
        "\u{0}\u{0}",
        "💉🦟",
        "\u{202e}DHF\u{200b}",
        "((((",
        "G99P99A99",
        "st st st gr gr",
        "dd/ dd/ r/o",
    ] {
        let s = suggest(&cat, text, &o).unwrap();
        assert!(s.claim.principal_diagnosis.is_none() || !s.diagnoses.is_empty(), "{text:?}");
    }
    let e = suggest(&cat, &"DHF ".repeat(2000), &o).unwrap_err();
    assert_eq!(e.code(), "input_too_long");
    assert!(e.message_id().contains("terlalu panjang") && e.message_en().contains("too long"));
    let bad = SuggestOptions { system: Some(CodeSystem::Icd9cm), setting: None };
    assert_eq!(suggest(&cat, "DHF", &bad).unwrap_err().code(), "invalid_option");
    let long_line = "pneumonia, ".repeat(MAX_SUGGEST_BYTES / 11);
    assert!(suggest(&cat, &long_line, &o).is_ok());
}

#[test]
fn icpc2_for_primary_care() {
    let cat = Catalog::embedded().unwrap();
    let s =
        suggest(&cat, "ISPA, hipertensi", &SuggestOptions { system: Some(CodeSystem::Icpc2), setting: None }).unwrap();
    assert_eq!(s.claim.icpc2, ["R74", "K86"]);
    assert_eq!(s.claim.facility, Some(Facility::Fktp));
}
