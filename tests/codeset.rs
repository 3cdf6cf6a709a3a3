//! Code sets loaded at run time (ICD-10-IM / ICD-9-CM-IM, the iDRG track), on the team's
//! synthetic lists in `tests/codeset/` (real shape, not real rows; `make_lists.py` writes them):
//! loading, search, lookup, IM codes by shape without a list, and malformed lists with
//! row-numbered problems.

use koder::codeset::{Encoding, ImSource, ProblemKind};
use koder::{CodeSetSystem, CodeSystem, Flag, Koder, SearchOptions};

const ICD10_IM: &str = include_str!("codeset/icd10_im.csv");
const ICD9CM_IM: &str = include_str!("codeset/icd9cm_im.tsv");

fn loaded() -> Koder {
    let mut k = Koder::new().unwrap();
    k.load_code_set(ICD10_IM, CodeSetSystem::Icd10Im).unwrap();
    k.load_code_set(ICD9CM_IM, CodeSetSystem::Icd9cmIm).unwrap();
    k
}

fn codes(k: &Koder, q: &str, n: usize) -> Vec<String> {
    let o = SearchOptions { limit: n, ..Default::default() };
    k.search(q, &o).unwrap().into_iter().map(|r| r.code).collect()
}

#[test]
fn loading_reports_what_was_read() {
    let mut k = Koder::new().unwrap();
    let s = k.load_code_set(ICD10_IM, CodeSetSystem::Icd10Im).unwrap();
    assert_eq!((s.delimiter.as_str(), s.header, s.encoding), (",", true, Encoding::Utf8));
    assert_eq!(s.rows, ICD10_IM.lines().count() - 1);
    assert_eq!((s.codes, s.rejected), (s.rows, 0));
    assert_eq!(s.im_codes, ICD10_IM.lines().filter(|l| l.ends_with(",1")).count());
    assert!(s.not_valid > 10 && s.not_principal > 3 && s.asterisk > 3, "{s:?}");
    let roles: Vec<&str> = s.columns.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(roles, ["code", "description", "validcode", "accpdx", "asterisk", "im"]);
    // SIMGOS-style names, tab-separated, an ignored column.
    let s = k.load_code_set(ICD9CM_IM, CodeSetSystem::Icd9cmIm).unwrap();
    assert_eq!((s.delimiter.as_str(), s.columns[1].1.as_str()), ("tab", "STR"));
    assert_eq!(s.columns.iter().find(|c| c.0 == "version").map(|c| c.1.as_str()), Some("SAB"));
    assert_eq!(s.im_codes, 9);
    assert_eq!(k.code_sets().summaries().len(), 2);
    assert!(k.unload_code_set(CodeSetSystem::Icd9cmIm) && !k.unload_code_set(CodeSetSystem::Icd9cmIm));
    assert_eq!(k.code_sets().summaries().len(), 1);
}

#[test]
fn im_codes_are_found_with_their_badge_and_2010_parent() {
    let k = loaded();
    for q in ["tcm", "biomolekuler", "tb paru tcm", "biomolecular"] {
        let rs = k.search(q, &SearchOptions::default()).unwrap();
        let a1511 = rs.iter().find(|r| r.code == "A15.11").unwrap_or_else(|| panic!("{q}: {rs:#?}"));
        assert!(a1511.flags.contains(&Flag::Im) && a1511.flags.contains(&Flag::NotInacbg));
        let im = a1511.im.as_ref().unwrap();
        assert_eq!((im.source, im.parent.as_deref(), im.parent_specific), (ImSource::CodeSet, Some("A15.1"), true));
        assert!(im.note_id.contains("E2101") && im.note_en.contains("use A15.1"));
    }
    // The 2010 catalog still answers, and 2010 codes carry no IM information.
    let rs = k.search("tb paru", &SearchOptions::default()).unwrap();
    assert!(rs.iter().any(|r| r.code.starts_with("A15") && r.im.is_none()), "{rs:#?}");
    assert!(codes(&k, "ct simulation", 10).contains(&"88.380".to_string()));
    assert!(codes(&k, "escharotomy", 5).contains(&"83.15".to_string()));
    assert!(codes(&k, "latent tuberculosis", 5).contains(&"A16.80".to_string()));
    // Code prefixes: the 2010 code first, then its IM subdivisions.
    let a151 = codes(&k, "A15.1", 10);
    assert_eq!(a151[0], "A15.1");
    for c in ["A15.10", "A15.11", "A15.12"] {
        assert!(a151.contains(&c.to_string()), "{a151:?}");
    }
    assert_eq!(codes(&k, "88.380", 3)[0], "88.380");
    assert_eq!(codes(&k, "8838", 10).iter().filter(|c| c.len() == 6).count(), 5);
    // Filters reach IM codes through their parent.
    let o = SearchOptions { block: Some("A15-A19".into()), limit: 20, ..Default::default() };
    assert!(k.search("biomolecular", &o).unwrap().iter().any(|r| r.code == "A15.11"));
    let o = SearchOptions { block: Some("J09-J18".into()), limit: 20, ..Default::default() };
    assert!(k.search("biomolecular", &o).unwrap().is_empty());
    let o = SearchOptions { system: Some(koder::CodeSystem::Icd9cm), limit: 20, ..Default::default() };
    assert!(k.search("tcm", &o).unwrap().iter().all(|r| r.system == koder::CodeSystem::Icd9cm));
}

#[test]
fn lookup_gives_the_list_entry_and_the_2010_hierarchy() {
    let k = loaded();
    let d = k.lookup(CodeSystem::Icd10, "a15.11").unwrap();
    assert_eq!((d.code.as_str(), d.accepted_by_inacbg, d.leaf), ("A15.11", false, true));
    assert_eq!(d.parent.as_ref().map(|p| p.code.as_str()), Some("A15.1"));
    assert_eq!(d.block.as_ref().map(|b| b.code.as_str()), Some("A15-A19"));
    assert!(d.display.contains("biomolecular"));
    let e = d.code_set.as_ref().unwrap();
    assert!(e.flags.im && e.flags.validcode && e.flags.accpdx && e.line > 1);
    // An IM code filling a 4-character slot: its parent is a header, so a subcode is needed.
    let s879 = k.lookup(CodeSystem::Icd10, "S87.9").unwrap();
    let im = s879.im.unwrap();
    assert_eq!((im.parent.as_deref(), im.parent_specific), (Some("S87"), false));
    assert!(im.note_en.contains("choose a subcode of S87"));
    // 2010 codes keep their catalog details and gain the list's flags.
    let a15 = k.lookup(CodeSystem::Icd10, "A15").unwrap();
    assert!(a15.im.is_none() && !a15.code_set.unwrap().flags.validcode);
    let b968 = k.lookup(CodeSystem::Icd10, "B96.80").unwrap();
    assert!(b968.flags.contains(&Flag::NotPrincipal));
    // With a list loaded, the list decides: a code it lacks is unknown.
    assert_eq!(k.lookup(CodeSystem::Icd10, "A15.19").unwrap_err().code(), "unknown_code");
    assert!(k.lookup(CodeSystem::Icd9cm, "88.720").unwrap().im.is_some());
}

#[test]
fn without_a_list_im_codes_are_probably_im_by_shape() {
    let k = Koder::new().unwrap();
    for (system, code, parent) in [(CodeSystem::Icd10, "A15.11", "A15.1"), (CodeSystem::Icd9cm, "88.380", "88.38")] {
        let d = k.lookup(system, code).unwrap();
        let im = d.im.as_ref().unwrap();
        assert_eq!((im.source, im.parent.as_deref()), (ImSource::Shape, Some(parent)));
        assert!(d.display.starts_with("Probably an IM code") && !d.accepted_by_inacbg, "{d:?}");
        assert!(d.code_set.is_none() && im.note_id.contains("tampaknya"));
        assert!(!k.is_valid(d.system, code), "not valid for INA-CBG");
        let rs = k.search(code, &SearchOptions::default()).unwrap();
        assert_eq!(rs[0].code, code);
        assert_eq!(rs[0].im.as_ref().unwrap().source, ImSource::Shape);
        assert_eq!(rs[1].code, parent, "{rs:?}");
    }
    // Codes of other shapes stay unknown; ordinary searches are untouched.
    assert_eq!(k.lookup(CodeSystem::Icd10, "S87.9").unwrap_err().code(), "unknown_code");
    assert!(k.search("tb paru", &SearchOptions::default()).unwrap().iter().all(|r| r.im.is_none()));
    let json = serde_json::to_string(&k.search("j18.9", &SearchOptions::default()).unwrap()).unwrap();
    assert!(!json.contains("\"im\""), "2010 results keep their JSON shape");
}

fn load_err(text: impl AsRef<[u8]>, system: CodeSetSystem) -> koder::Error {
    let mut k = Koder::new().unwrap();
    let e = k.load_code_set(text, system).unwrap_err();
    assert_eq!(e.code(), "invalid_code_set");
    assert!(k.code_sets().summaries().is_empty(), "a refused list leaves nothing loaded");
    e
}

fn problems(e: &koder::Error) -> Vec<(Option<u64>, ProblemKind)> {
    match e {
        koder::Error::InvalidCodeSet { problems } => problems.iter().map(|p| (p.line, p.kind)).collect(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn malformed_lists_name_their_lines() {
    // Wrong delimiter: a tab header over comma rows.
    let wrong =
        ICD10_IM.replacen("CODE,DESCRIPTION,VALIDCODE,ACCPDX,ASTERISK,IM", "CODE\tDESCRIPTION\tVALIDCODE\tIM", 1);
    let e = load_err(&wrong, CodeSetSystem::Icd10Im);
    let p = problems(&e);
    assert_eq!(p[0], (None, ProblemKind::File));
    assert_eq!(p[1], (Some(2), ProblemKind::Columns));
    assert!(e.message_en().contains("line 2: 1 column(s) (delimiter \"tab\"), expected 4: wrong delimiter?"), "{e}");
    assert!(e.message_id().contains("baris 2:"), "{e}");
    // Space-separated: no code column at all.
    let e = load_err("kode deskripsi\nA15.11 TB paru\n", CodeSetSystem::Icd10Im);
    assert_eq!(problems(&e), [(Some(1), ProblemKind::Header)]);
    // The wrong system: the error says which one the codes look like.
    let e = load_err(ICD9CM_IM, CodeSetSystem::Icd10Im);
    assert!(e.message_en().contains("load it as icd9cm_im"), "{e}");
    // Not text; too big; empty.
    assert!(load_err(b"PK\x03\x04\x14\x00", CodeSetSystem::Icd10Im).message_id().contains("Excel"));
    assert!(load_err(vec![b'x'; koder::codeset::MAX_CODE_SET_BYTES + 1], CodeSetSystem::Icd10Im)
        .message_en()
        .contains("larger than 16 MiB"));
    assert_eq!(problems(&load_err("", CodeSetSystem::Icd10Im)), [(None, ProblemKind::File)]);
}

#[test]
fn bad_rows_are_skipped_and_listed_the_rest_loads() {
    let mut lines: Vec<String> = ICD10_IM.lines().map(String::from).collect();
    let dup = lines[5].clone();
    lines.insert(10, dup.clone()); // line 11 repeats line 6
    lines.insert(20, format!("A15.99,{},1,Y,0,1", "x".repeat(5 << 20))); // a 5 MB line, line 21
    lines.insert(30, "A15.98,Lung TB,2,Y,0,1".into()); // line 31: a bad flag
    lines.insert(40, "Z99.9.9.9,Not a code,1,Y,0,1".into()); // line 41
    let text = lines.join("\n");
    let mut k = Koder::new().unwrap();
    let s = k.load_code_set(&text, CodeSetSystem::Icd10Im).unwrap();
    let got: Vec<(Option<u64>, ProblemKind)> = s.problems.iter().map(|p| (p.line, p.kind)).collect();
    assert_eq!(
        got,
        [
            (Some(11), ProblemKind::Duplicate),
            (Some(21), ProblemKind::TooLong),
            (Some(31), ProblemKind::BadFlag),
            (Some(41), ProblemKind::BadCode)
        ]
    );
    assert!(s.problems[0].message_en.contains("already on line 6"), "{:?}", s.problems[0]);
    assert!(s.problems[1].message_id.contains("4096 byte"));
    assert_eq!((s.rejected, s.codes), (4, s.rows - 4));
    assert!(k.lookup(CodeSystem::Icd10, "A15.11").is_ok() && k.lookup(CodeSystem::Icd10, "A15.99").is_err());
}

#[test]
fn other_encodings_and_shapes_facilities_export() {
    // Windows-1252, semicolons, no flags: IM inferred from the 2010 catalog and "(IM)".
    let mut k = Koder::new().unwrap();
    let latin = b"kode;deskripsi\nA15.11;TB paru terkonfirmasi biomolekuler \xB7 TCM (IM)\nA15.1;TB paru, kultur\n";
    let s = k.load_code_set(&latin[..], CodeSetSystem::Icd10Im).unwrap();
    assert_eq!((s.encoding, s.delimiter.as_str(), s.im_codes), (Encoding::Windows1252, ";", 1));
    assert!(k.lookup(CodeSystem::Icd10, "A15.11").unwrap().display.contains('·'));
    assert_eq!(codes(&k, "tcm", 10).iter().filter(|c| *c == "A15.11").count(), 1);
    // Headerless "code","description" (the SIMGOS-derived shape), with a BOM and CRLF.
    let plain = "\u{feff}\"88.38\",\"CT scan\"\r\n\"88.380\",\"CT simulation for radiotherapy planning (IM)\"\r\n";
    let s = k.load_code_set(plain, CodeSetSystem::Icd9cmIm).unwrap();
    assert!(!s.header && s.codes == 2 && s.im_codes == 1);
    assert_eq!(CodeSetSystem::detect(plain.as_bytes()), Some(CodeSetSystem::Icd9cmIm));
    assert_eq!(CodeSetSystem::detect(ICD10_IM.as_bytes()), Some(CodeSetSystem::Icd10Im));
    assert_eq!(CodeSetSystem::parse("ICD_9CM_2010_IM").unwrap(), CodeSetSystem::Icd9cmIm);
    assert!(CodeSetSystem::parse("icd11").is_err());
}

fn rules(k: &Koder, claim: serde_json::Value) -> Vec<(String, String)> {
    let r = k.check_json(&claim.to_string()).unwrap();
    r.findings.iter().map(|f| (f.rule.clone(), format!("{:?}", f.level).to_lowercase())).collect()
}

fn has(rs: &[(String, String)], rule: &str, level: &str) -> bool {
    rs.iter().any(|(r, l)| r == rule && l == level)
}

#[test]
fn the_track_decides_what_the_list_means_for_a_claim() {
    let k = loaded();
    let claim = |track: &str, dx: &str, px: &str| {
        serde_json::json!({"track": track, "jenis_rawat": 1, "gender": 1, "age_years": 40,
            "diagnosa": dx, "procedure": px, "documents": []})
    };
    // INA-CBG track: IM codes are refused with the 2010 code to use, the list's own slots too
    // (S87.9 and 83.15 have no IM shape; only the list tells).
    let r = k.check_json(&claim("inacbg", "A15.11#S87.9", "88.380#83.15").to_string()).unwrap();
    let im: Vec<(&str, &str)> = r
        .findings
        .iter()
        .filter(|f| f.rule == "VAL-011")
        .map(|f| (f.codes[0].as_str(), f.suggestion.codes.first().map_or("", |c| c.as_str())))
        .collect();
    for want in [("A15.11", "A15.1"), ("S87.9", "S87"), ("88.380", "88.38"), ("83.15", "83.1")] {
        assert!(im.contains(&want), "{want:?} in {im:?}");
    }
    assert!(r.findings.iter().any(|f| f.rule == "VAL-011" && f.message_en.contains("X-0-96-X")));
    // iDRG track: the same codes are valid (an info note for the import), no error.
    let rs = rules(&k, claim("idrg", "A15.11#S87.9", "88.380#83.15"));
    assert!(has(&rs, "VAL-012", "info") && !rs.iter().any(|(r, l)| l == "error" && r.starts_with("VAL")), "{rs:?}");
    // iDRG track: the list's flags decide: validcode 0 headers, accpdx N and asterisk as principal.
    let rs = rules(&k, claim("idrg", "A15#J18.9", "81.9"));
    assert!(has(&rs, "VAL-014", "error"), "{rs:?}");
    let r = k.check_json(&claim("idrg", "J18.9", "81.9").to_string()).unwrap();
    let f = r.findings.iter().find(|f| f.rule == "VAL-014").unwrap();
    assert_eq!(f.codes, ["81.9"]);
    assert!(f.suggestion.codes.contains(&"81.91".to_string()), "{:?}", f.suggestion);
    let rs = rules(&k, claim("idrg", "B96.80#A15.11", ""));
    assert!(has(&rs, "PDX-006", "error"), "accpdx N as principal: {rs:?}");
    let rs = rules(&k, claim("idrg", "A15.11#B96.80", ""));
    assert!(!rs.iter().any(|(r, _)| r == "PDX-006"), "accpdx N as a secondary is fine: {rs:?}");
    let asterisk = ICD10_IM.lines().find(|l| l.starts_with("G01") && l.contains(",1,N,1,")).unwrap();
    let g01 = asterisk.split(',').next().unwrap();
    let rs = rules(&k, claim("idrg", &format!("{g01}#A39.0"), ""));
    assert!(has(&rs, "PDX-006", "error") || has(&rs, "PDX-001", "error"), "{rs:?}");
    // Without a list the track still sets the level of the IM finding (by shape).
    let plain = Koder::new().unwrap();
    assert!(has(&rules(&plain, claim("inacbg", "A15.11", "")), "VAL-011", "error"));
    assert!(has(&rules(&plain, claim("idrg", "A15.11", "")), "VAL-012", "info"));
    assert!(!rules(&plain, claim("inacbg", "S87.9", "")).iter().any(|(r, _)| r == "VAL-011"), "no list, no IM shape");
}

fn group(k: &Koder, claim: &serde_json::Value) -> koder::GroupResult {
    k.group_json(&claim.to_string()).unwrap()
}

#[test]
fn grouping_reads_the_loaded_list_and_previews_the_import() {
    let (k, plain) = (loaded(), Koder::new().unwrap());
    let claim = |track: &str, setting: u8, dx: &str, px: &str| {
        serde_json::json!({"coding_track": track, "jenis_rawat": setting, "gender": 1, "age_years": 40,
            "diagnosa": dx, "procedure": px})
    };
    // 83.15 fills an unused 2010 slot: only the list says it is IM. With it, E-Klaim's X-0-96-X
    // names the 2010 category; without it, the code is simply not ICD-9-CM.
    let esc = claim("inacbg", 1, "T31.2", "83.15");
    let r = group(&k, &esc);
    assert_eq!(r.cbg.code, "X-0-96-X", "{:?}", r.error);
    assert!(r.error.as_ref().unwrap().reason_en.contains("83.1"), "{:?}", r.error);
    let im = r.im_import.as_ref().expect("the import preview");
    assert_eq!((im.codes[0].code.as_str(), im.codes[0].parent.as_deref()), ("83.15", Some("83.1")));
    assert_eq!(im.codes[0].source, ImSource::CodeSet);
    assert!(!im.codes[0].parent_specific, "83.1 is a category: a subcode of it is to be chosen");
    assert!(im.cbg_with_2010_codes.is_none(), "83.1 is a category: a subcode must be chosen");
    let r = group(&plain, &esc);
    assert_eq!(r.cbg.code, "X-0-12-X");
    assert!(r.im_import.is_none());
    // IM codes with a specific 2010 parent: the preview with the parent equals grouping the
    // claim coded in 2010 codes, on both tracks (the iDRG track's codes are imported alike).
    for (dx, px, dx2010, px2010) in [
        ("C34.1", "88.380", "C34.1", "88.38"),
        ("A15.11", "", "A15.1", ""),
        ("A15.11#E11.9", "89.52", "A15.1#E11.9", "89.52"),
    ] {
        let direct = group(&k, &claim("inacbg", 1, dx2010, px2010)).cbg;
        for track in ["inacbg", "idrg"] {
            for koder in [&k, &plain] {
                let r = group(koder, &claim(track, 1, dx, px));
                assert!(r.cbg.code == "X-0-96-X" || r.cbg.code == "X-0-95-X", "{dx} {px}: {}", r.cbg.code);
                let im = r.im_import.expect("IM codes");
                assert!(im.codes.iter().all(|c| c.parent_specific), "{dx} {px}: {:?}", im.codes);
                assert_eq!(im.cbg_with_2010_codes.as_ref(), Some(&direct), "{dx} {px} on {track}");
                assert!(im.note_id.contains("E2101") && im.note_en.contains("not previewed"));
            }
        }
    }
    assert!(group(&k, &claim("inacbg", 1, "J18.9", "87.44")).im_import.is_none());
}
