//! The claims audit (`koder::audit`, `koder audit`): fixtures of `tests/audit/` with known
//! problems and the exact summary expected, malformed files, streaming, outputs and the CLI.
//!
//! `KODER_BLESS=1 cargo test --test audit` rewrites `tests/audit/month.summary.json` (review the
//! diff: it is the expected report).

use koder::audit::report::{self, ReportMeta};
use koder::audit::{
    audit_bytes, AuditOptions, Auditor, ClaimResult, ColumnMap, GroupMode, InputFormat, RowOutcome, Summary,
};
use koder::checks::{Family, Level};
use koder::Grouper;
use std::path::PathBuf;
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/audit").join(name)
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap()
}

/// Audits `data` fed in `chunk`-byte pieces; returns the summary and every audited claim.
fn audit_chunks(
    data: &[u8],
    chunk: usize,
    opts: AuditOptions,
    grouper: Option<Grouper>,
) -> (Summary, Vec<ClaimResult>) {
    let mut a = Auditor::new(opts, grouper, None).unwrap();
    let mut claims = Vec::new();
    let mut sink = |o: RowOutcome<'_>| {
        if let RowOutcome::Audited(c) = o {
            claims.push(c.clone());
        }
    };
    for piece in data.chunks(chunk.max(1)) {
        a.push(piece, &mut sink).unwrap();
    }
    let s = a.finish(&mut sink).unwrap();
    (s, claims)
}

fn rules_of(claims: &[ClaimResult], sep: &str) -> Vec<String> {
    let c = claims.iter().find(|c| c.nomor_sep == sep).unwrap_or_else(|| panic!("{sep} not audited"));
    c.findings.iter().map(|f| f.rule.clone()).collect()
}

fn assert_counts_add_up(s: &Summary) {
    assert_eq!(s.rows.read, s.rows.audited + s.rows.rejected, "{:?}", s.rows);
    let c = &s.claims;
    assert_eq!(c.error + c.warning + c.info + c.clean, s.rows.audited, "{c:?}");
    assert_eq!(c.at_risk, c.error + c.warning);
    assert_eq!(s.rejected.len() as u64 + s.rejected_not_listed, s.rows.rejected);
}

#[test]
fn month_csv_gives_the_exact_summary_expected() {
    let (s, claims) = audit_chunks(&read("month.csv"), 1 << 20, AuditOptions::default(), None);
    assert_counts_add_up(&s);
    let got = serde_json::to_string_pretty(&s).unwrap() + "\n";
    let path = fixture("month.summary.json");
    if std::env::var_os("KODER_BLESS").is_some() {
        std::fs::write(&path, &got).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap();
    assert_eq!(got, want, "summary differs from tests/audit/month.summary.json");

    // The known problems, claim by claim.
    assert_eq!((s.rows.read, s.rows.audited, s.rows.rejected), (19, 14, 5));
    assert!(rules_of(&claims, "A001").is_empty());
    assert_eq!(rules_of(&claims, "A002"), ["RDM-001"], "readmission 11 days after A001, same J18");
    assert!(rules_of(&claims, "A003").is_empty(), "47 days later: outside the 30-day window");
    assert_eq!(rules_of(&claims, "A005"), ["DBL-001"], "overlapping stays");
    assert!(rules_of(&claims, "A007").contains(&"DBL-001".to_string()), "two outpatient visits the same day");
    let dup: Vec<&ClaimResult> = claims.iter().filter(|c| c.nomor_sep == "A006").collect();
    assert_eq!(dup.len(), 2);
    assert_eq!(dup[1].findings[0].rule, "DBL-002");
    assert_eq!(dup[1].findings[0].related_row, Some(7));
    assert!(rules_of(&claims, "A008").contains(&"SEX-002".to_string()));
    assert!(rules_of(&claims, "A009").contains(&"DBL-001".to_string()), "outpatient on the admission day");
    assert_eq!(rules_of(&claims, "A010"), ["DOC-001"]);
    assert!(rules_of(&claims, "A012").is_empty(), "different principal category: no readmission");
    let a018 = claims.iter().find(|c| c.nomor_sep == "A018").unwrap();
    assert_eq!(a018.row, 20);
    assert_eq!(a018.admission, "2024-02-10", "DD/MM/YYYY dates");
    assert_eq!(a018.department.as_deref(), Some("Poli \"Anak\"; Tumbuh Kembang"));
    let rejected: Vec<(u64, &str)> = s.rejected.iter().map(|r| (r.row, r.code.as_str())).collect();
    assert_eq!(
        rejected,
        [
            (15, "invalid_value"),
            (16, "column_count"),
            (17, "broken_quoting"),
            (18, "missing_value"),
            (19, "invalid_value")
        ]
    );
    assert!(s.rejected[0].message_en.contains("tgl_masuk"), "{}", s.rejected[0].message_en);
    // At-risk claims got a grouping preview; clean ones did not (group = risk).
    assert!(claims.iter().all(|c| c.group.is_some() == c.at_risk));
}

#[test]
fn any_chunking_gives_the_same_result() {
    let data = read("month.csv");
    let (whole, claims) = audit_chunks(&data, data.len(), AuditOptions::default(), None);
    for chunk in [1, 2, 3, 7, 64, 1000] {
        let (s, c) = audit_chunks(&data, chunk, AuditOptions::default(), None);
        assert_eq!(s, whole, "chunk {chunk}");
        assert_eq!(c, claims, "chunk {chunk}");
    }
}

#[test]
fn tariff_at_risk_from_the_grouper_preview() {
    let mut g = Grouper::new().unwrap();
    g.load_tariffs(&String::from_utf8(read("tariffs.csv")).unwrap()).unwrap();
    let (s, claims) = audit_chunks(&read("month.csv"), 4096, AuditOptions::default(), Some(g));
    let t = s.tariff.as_ref().expect("tariff summary");
    // Errors: A005 A-4-13-I 3.0 M, A007 + A006 (dup) N-3-15-0 0.9 M each, A009 Q-5-44-0 0.2 M,
    // A010 J-4-16-I class 3 4.5 M; A008 is ungroupable (X). Warning: A002 J-4-16-I 4.5 M.
    assert_eq!(t.at_risk_error, 3_000_000 + 900_000 + 900_000 + 200_000 + 4_500_000);
    assert_eq!(t.at_risk_warning, 4_500_000);
    assert_eq!(t.at_risk_total, 14_000_000);
    assert_eq!(t.at_risk_without_tariff, 1);
    assert_eq!(t.claims_grouped, 7);
    let a008 = claims.iter().find(|c| c.nomor_sep == "A008").unwrap();
    assert!(a008.group.as_ref().unwrap().ungroupable);
    let hd = s.by_department.iter().find(|d| d.department == "Hemodialisa").unwrap();
    assert_eq!(hd.tariff_at_risk, 1_800_000);
    let dbl = s.by_rule.iter().find(|r| r.rule == "DBL-001").unwrap();
    assert_eq!(dbl.tariff, 3_000_000 + 900_000 + 200_000);
}

#[test]
fn readmission_window_and_grouping_are_options() {
    let opts = AuditOptions { readmission_days: 5, group: GroupMode::None, ..AuditOptions::default() };
    let (s, claims) = audit_chunks(&read("month.csv"), 1 << 16, opts, None);
    assert!(rules_of(&claims, "A002").is_empty(), "gap 11 days > 5");
    assert!(claims.iter().all(|c| c.group.is_none()));
    assert_eq!(s.group, GroupMode::None);
    let opts = AuditOptions { readmission_days: 60, ..AuditOptions::default() };
    let (_, claims) = audit_chunks(&read("month.csv"), 1 << 16, opts, None);
    assert_eq!(rules_of(&claims, "A003"), ["RDM-001"], "47 days ≤ 60");
}

#[test]
fn json_lines_with_bad_lines_reported() {
    let (s, claims) = audit_chunks(&read("month.jsonl"), 100, AuditOptions::default(), None);
    assert_counts_add_up(&s);
    assert_eq!(s.format, InputFormat::Jsonl);
    assert_eq!((s.rows.read, s.rows.audited, s.rows.rejected, s.rows.blank_lines), (6, 4, 2, 1));
    assert_eq!(s.rejected[0].row, 3);
    assert_eq!(s.rejected[0].code, "invalid_json");
    assert_eq!(s.rejected[1].row, 4);
    assert_eq!(rules_of(&claims, "A002"), ["RDM-001"]);
    assert_eq!(rules_of(&claims, "A005"), ["DBL-001"], "time part of the date ignored");
    assert!(rules_of(&claims, "A001").is_empty(), "arrays, numbers and unknown keys accepted");
    assert_eq!(claims[0].department.as_deref(), Some("Paru"));
}

#[test]
fn column_mapping_for_other_exports() {
    let data = read("simrs.csv");
    // Without the mapping: a clear error naming the missing columns.
    let e = audit_bytes(&data, AuditOptions::default(), None, None).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("tgl_masuk") && msg.contains("jenis_rawat") && msg.contains("no_rm"), "{msg}");
    assert!(!msg.contains("diagnosa"), "DIAGLIST is E-Klaim's name, known without a mapping: {msg}");
    let json_map = ColumnMap::parse(&String::from_utf8(read("simrs.map.json")).unwrap()).unwrap();
    let flag_map = ColumnMap::parse(
        "sep=NO_SEP,patient=MR,no_kartu=KARTU,jenis_kelamin=JK,tgl_lahir=LAHIR,tgl_masuk=MASUK,tgl_pulang=KELUAR,\
         jenis_rawat=JNS,kelas_rawat=KLS,diagnosa=DIAGLIST,procedure=PROCLIST,berkas=DOKUMEN,poli=INSTALASI",
    )
    .unwrap();
    let mut results = Vec::new();
    for map in [json_map, flag_map] {
        let (s, claims) = audit_chunks(&data, 50, AuditOptions { map, ..AuditOptions::default() }, None);
        assert_counts_add_up(&s);
        assert_eq!((s.rows.audited, s.rows.rejected), (3, 0));
        assert_eq!(s.delimiter.as_deref(), Some(","));
        assert_eq!(s.columns["diagnoses"], "DIAGLIST");
        assert_eq!(rules_of(&claims, "B002"), ["DBL-001"], "RI/RJ setting values, overlapping stays");
        assert_eq!(claims[2].department.as_deref(), Some("Penyakit Dalam, Poli 2"));
        results.push(s);
    }
    assert_eq!(results[0], results[1]);
    // A mapping to a column the file does not have.
    let bad = AuditOptions { map: ColumnMap::parse("diagnosa=DX_LIST").unwrap(), ..AuditOptions::default() };
    let e = audit_bytes(&data, bad, None, None).unwrap_err();
    assert!(e.to_string().contains("DX_LIST"), "{e}");
}

#[test]
fn malformed_files_give_clear_errors() {
    let month = read("month.csv");
    // Wrong delimiter: the header becomes one column.
    let opts = AuditOptions { delimiter: Some(b','), ..AuditOptions::default() };
    let e = audit_bytes(&month, opts, None, None).unwrap_err().to_string();
    assert!(e.contains("missing required columns") && e.contains("wrong delimiter"), "{e}");
    // Missing columns.
    let e = audit_bytes(b"nomor_sep,no_rm,tgl_masuk\nA,1,2024-01-01\n", AuditOptions::default(), None, None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("jenis_rawat") && e.contains("diagnosa"), "{e}");
    // Empty file, whitespace only, BOM only.
    for empty in [&b""[..], b"\n\n  \r\n", b"\xef\xbb\xbf"] {
        let e = audit_bytes(empty, AuditOptions::default(), None, None).unwrap_err().to_string();
        assert!(e.contains("empty"), "{e}");
    }
    // Header only: nothing to audit, no error.
    let header = b"\xef\xbb\xbfnomor_sep;no_rm;tgl_masuk;jenis_rawat;diagnosa\r\n";
    let (s, _) = audit_bytes(header, AuditOptions::default(), None, None).unwrap();
    assert_eq!(s.rows.read, 0);
    assert_eq!(s.columns["id"], "nomor_sep", "BOM stripped");
    // Broken quoting: an unterminated quote at the end of the file.
    let mut data = header.to_vec();
    data.extend_from_slice(b"A1;1;2024-01-01;1;J18.9\r\nA2;\"2;2024-01-01;1;J18.9\r\n");
    let (s, _) = audit_bytes(&data, AuditOptions::default(), None, None).unwrap();
    assert_eq!((s.rows.audited, s.rows.rejected), (1, 1));
    assert_eq!(s.rejected[0].code, "broken_quoting");
    assert!(s.rejected[0].message_en.contains("unterminated quote"), "{}", s.rejected[0].message_en);
    // Unknown format option / delimiter.
    assert!(koder::audit::parse_delimiter("x").is_err());
    assert!(InputFormat::parse("xml").is_err());
}

#[test]
fn oversized_lines_are_rejected_without_holding_them() {
    let header = b"nomor_sep;no_rm;tgl_masuk;jenis_rawat;diagnosa\n".to_vec();
    let opts = AuditOptions { max_record_bytes: 1 << 20, ..AuditOptions::default() };
    let mut a = Auditor::new(opts, None, None).unwrap();
    let mut sink = |_: RowOutcome<'_>| {};
    a.push(&header, &mut sink).unwrap();
    a.push(b"A1;1;2024-01-01;1;J18.9\nA2;2;2024-01-01;1;", &mut sink).unwrap();
    // A 64 MiB field, streamed in 1 MiB chunks (the reader drops it after 1 MiB).
    let junk = vec![b'x'; 1 << 20];
    for _ in 0..64 {
        a.push(&junk, &mut sink).unwrap();
    }
    a.push(b"\nA3;3;2024-01-01;1;J18.9\n", &mut sink).unwrap();
    // The same with an unterminated quote that swallows the rest of the file.
    a.push(b"A4;\"4;2024-01-01;1;J18.9\n", &mut sink).unwrap();
    for _ in 0..3 {
        a.push(&junk, &mut sink).unwrap();
    }
    let s = a.finish(&mut sink).unwrap();
    assert_counts_add_up(&s);
    assert_eq!((s.rows.audited, s.rows.rejected), (2, 2), "{:?}", s.rejected);
    assert_eq!(s.rejected[0].row, 3);
    assert_eq!(s.rejected[0].code, "line_too_long");
    assert!(s.rejected[0].message_en.contains("1048576 bytes"));
    assert!(s.rejected[1].message_en.contains("unterminated quote"), "{}", s.rejected[1].message_en);
    // An oversized header is a file error.
    let mut big = vec![b'a'; 2 << 20];
    big.push(b'\n');
    let e = audit_bytes(&big, AuditOptions::default(), None, None).unwrap_err().to_string();
    assert!(e.contains("header"), "{e}");
}

#[test]
fn outputs_json_csv_and_a_self_contained_html_report() {
    let mut csv = String::from(report::FINDINGS_CSV_HEADER);
    let mut a = Auditor::new(AuditOptions::default(), None, None).unwrap();
    let mut sink = |o: RowOutcome<'_>| report::findings_csv(&o, &mut csv);
    a.push(&read("month.csv"), &mut sink).unwrap();
    let s = a.finish(&mut sink).unwrap();
    // Findings CSV: one line per finding plus one per rejected row.
    let findings: u64 = s.by_rule.iter().map(|r| r.findings).sum();
    let lines = csv.lines().count() as u64;
    assert_eq!(lines, 1 + findings + s.rows.rejected);
    assert!(csv.contains("12,A010,<script>alert(1)</script>,error,DOC-001,documents,error,"), "{csv}");
    assert!(csv.contains("\r\n15,A013,,rejected,invalid_value,rejected,rejected,"));
    assert!(!csv.contains("00-11-0"), "medical record numbers are never printed");
    // Summary CSV.
    let sc = report::summary_csv(&s);
    assert!(sc.starts_with(report::SUMMARY_CSV_HEADER));
    assert!(sc.contains("\r\nrows,read,,19,"));
    assert!(sc.contains("\r\nrule,DBL-001,error,3,,,3,\r\n"), "{sc}");
    // HTML: escaped, no scripts, inline SVG charts, the figures.
    let html =
        report::html(&s, a.details(), &ReportMeta { source: "bulan<maret>.csv".into(), generated: String::new() });
    assert!(!html.to_lowercase().contains("<script"), "unescaped markup in the report");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("bulan&lt;maret&gt;.csv"));
    assert!(html.contains("<svg") && html.contains(&format!("<style>{}</style>", report::REPORT_CSS)));
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"), "nothing external");
    assert!(html.contains("data-row=\"12\""));
    assert_eq!(html.matches("<tr data-row=").count() as u64, s.claims.at_risk);
}

fn koder(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_koder")).args(args).output().expect("run koder")
}

#[test]
fn cli_audit_writes_outputs_with_clear_exit_codes() {
    let dir = std::env::temp_dir().join(format!("koder-audit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = |n: &str| dir.join(n).to_string_lossy().into_owned();
    let month = fixture("month.csv").to_string_lossy().into_owned();
    let out = koder(&[
        "audit",
        &month,
        "--report",
        &p("r.html"),
        "--json",
        &p("s.json"),
        "--csv",
        &p("f.csv"),
        "--summary-csv",
        &p("s.csv"),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "rows rejected → 3: {err}");
    assert!(err.contains("baris / row 16"), "rejected rows on stderr: {err}");
    assert!(!err.contains('\r') || !err.contains('['), "no progress bar when stderr is not a terminal: {err:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("rows read: 19"), "{stdout}");
    let s: Summary = serde_json::from_str(&std::fs::read_to_string(p("s.json")).unwrap()).unwrap();
    let want: Summary = serde_json::from_str(&String::from_utf8(read("month.summary.json")).unwrap()).unwrap();
    assert_eq!(s, want);
    assert!(std::fs::read_to_string(p("r.html")).unwrap().contains("<svg"));
    assert!(std::fs::read_to_string(p("f.csv")).unwrap().starts_with("row,nomor_sep,"));
    assert!(std::fs::read_to_string(p("s.csv")).unwrap().starts_with("section,key,"));
    // Mapping from a JSON file, tariffs: claims at risk, no rejected rows → 4.
    let simrs = fixture("simrs.csv").to_string_lossy().into_owned();
    let map = format!("@{}", fixture("simrs.map.json").display());
    let tariffs = fixture("tariffs.csv").to_string_lossy().into_owned();
    let out = koder(&["audit", &simrs, "--map", &map, "--tariffs", &tariffs, "--json", "-", "--quiet"]);
    assert_eq!(out.status.code(), Some(4), "{}", String::from_utf8_lossy(&out.stderr));
    let s: Summary = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s.tariff.unwrap().at_risk_error, 4_500_000);
    // A clean file → 0; stdin and --format jsonl.
    let clean = "{\"nomor_sep\":\"C1\",\"no_rm\":\"1\",\"jenis_kelamin\":\"L\",\"tgl_lahir\":\"1979-05-10\",\"tgl_masuk\":\"2024-03-04\",\"tgl_pulang\":\"2024-03-09\",\"jenis_rawat\":1,\"diagnosa\":\"J18.9\",\"procedure\":\"87.44#93.94\",\"berkas\":\"sep;medical_resume;xray_chest;lab_cbc\"}\n";
    std::fs::write(p("clean.jsonl"), clean).unwrap();
    let out = koder(&["audit", &p("clean.jsonl"), "--format", "jsonl", "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    // Fatal problems → 1; usage → 2.
    std::fs::write(p("empty.csv"), "").unwrap();
    let out = koder(&["audit", &p("empty.csv")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty"));
    let out = koder(&["audit", &month, "--delimiter", ","]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrong delimiter"));
    assert_eq!(koder(&["audit"]).status.code(), Some(2));
    assert_eq!(koder(&["audit", &month, "--readmission-days", "abc"]).status.code(), Some(2));
    assert_eq!(koder(&["audit", &month, "--map", "bogus=X"]).status.code(), Some(2));
    assert_eq!(koder(&["audit", &p("missing.csv")]).status.code(), Some(1));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_audit_options_take_their_value_after_a_space_or_an_equals_sign() {
    let simrs = fixture("simrs.csv").to_string_lossy().into_owned();
    let map = format!("@{}", fixture("simrs.map.json").display());
    let tariffs = fixture("tariffs.csv").to_string_lossy().into_owned();
    let options = [
        ("--map", map.as_str()),
        ("--tariffs", tariffs.as_str()),
        ("--readmission-days", "10"),
        ("--group", "all"),
        ("--delimiter", ","),
        ("--max-line-bytes", "4096"),
        ("--json", "-"),
    ];
    let spaced: Vec<&str> = options.iter().flat_map(|(o, v)| [*o, *v]).collect();
    let joined: Vec<String> = options.iter().map(|(o, v)| format!("{o}={v}")).collect();
    let a = koder(&[&["audit", simrs.as_str(), "--quiet"][..], &spaced].concat());
    let b = koder(&[vec!["audit", simrs.as_str(), "-q"], joined.iter().map(String::as_str).collect()].concat());
    assert_eq!(a.status.code(), Some(4), "{}", String::from_utf8_lossy(&a.stderr));
    assert_eq!((a.status.code(), &a.stdout, &a.stderr), (b.status.code(), &b.stdout, &b.stderr));
    let s: Summary = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(s.tariff.unwrap().at_risk_error, 4_500_000, "the tariffs were read");
    // The value is honoured either way: a bad one is refused alike.
    for bad in [&["--readmission-days", "400"][..], &["--readmission-days=400"]] {
        let out = koder(&[&["audit", simrs.as_str()][..], bad].concat());
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("must be 0–365, not \"400\""), "{bad:?}");
    }
}

#[test]
fn findings_are_sorted_errors_first() {
    let (_, claims) = audit_chunks(&read("month.csv"), 1 << 20, AuditOptions::default(), None);
    for c in &claims {
        let levels: Vec<Level> = c.findings.iter().map(|f| f.level).collect();
        let mut sorted = levels.clone();
        sorted.sort();
        assert_eq!(levels, sorted);
        assert_eq!(c.level, levels.first().copied());
    }
}

/// The identities of the synthetic E-Klaim export (names, medical record and card numbers).
fn assert_no_identities(text: &str, what: &str) {
    for id in ["SINTETIS", "RM-SYN", "KARTU-SYN", "DR. CONTOH"] {
        assert!(!text.contains(id), "{what} prints an identity ({id})");
    }
}

#[test]
fn eklaim_txt_export_is_read_natively_with_the_exact_report() {
    // tests/audit/eklaim.txt: E-Klaim's 78-column TXT layout, CRLF, DD/MM/YYYY and spreadsheet day
    // serials, synthetic patients (tests/audit/make_eklaim.py); eklaim77.txt: the same claims in
    // the 77-column variant with LF line ends.
    let data = read("eklaim.txt");
    let (s, claims) = audit_chunks(&data, 1 << 20, AuditOptions::default(), None);
    assert_counts_add_up(&s);
    let got = serde_json::to_string_pretty(&s).unwrap() + "\n";
    let path = fixture("eklaim.summary.json");
    if std::env::var_os("KODER_BLESS").is_some() {
        std::fs::write(&path, &got).unwrap();
    }
    assert_eq!(got, std::fs::read_to_string(&path).unwrap(), "summary differs from tests/audit/eklaim.summary.json");
    assert_eq!(s.format, InputFormat::Eklaim);
    assert_eq!(s.delimiter.as_deref(), Some("tab"));
    assert_eq!((s.rows.read, s.rows.audited, s.rows.rejected), (12, 11, 1));
    assert_eq!((s.rejected[0].row, s.rejected[0].code.as_str()), (13, "invalid_value"), "31/09/2025");
    assert!(s.rejected[0].message_en.contains("ADMISSION_DATE"), "{}", s.rejected[0].message_en);
    // Day serials: 45910 = 2025-09-10, 45903 = 2025-09-03.
    let by_row = |r: u64| claims.iter().find(|c| c.row == r).unwrap();
    assert_eq!(by_row(4).admission, "2025-09-10");
    assert_eq!(by_row(9).admission, "2025-09-03");
    assert_eq!(by_row(4).setting, koder::checks::Setting::Outpatient, "PTD 2");
    // E-Klaim's own result beside the preview, per claim and in total.
    let e = s.eklaim.as_ref().expect("the comparison");
    assert_eq!(e.claims, 11);
    assert_eq!(e.agree + e.severity + e.differ + e.not_grouped, e.claims);
    assert_eq!(e.eklaim_tariff_total, 76_474_300, "the sum of TARIF_INACBG of the audited rows");
    assert_eq!(e.eklaim_tariff_agree + e.eklaim_tariff_differ, e.eklaim_tariff_total);
    for c in &claims {
        let m = c.eklaim.as_ref().expect("every row carries E-Klaim's result");
        assert_eq!(m.koder_cbg.as_deref(), c.group.as_ref().map(|g| g.cbg.as_str()), "row {}", c.row);
    }
    // The IM code: its own finding (not an unknown code), and E-Klaim's X-0-96-X.
    let im = by_row(3);
    assert!(im.findings.iter().any(|f| f.rule == "VAL-010" && f.codes == ["88.380"]), "{:?}", im.findings);
    assert!(!im.findings.iter().any(|f| f.rule == "VAL-001"));
    assert_eq!(im.eklaim.as_ref().unwrap().eklaim_cbg, "X-0-96-X");
    // No documents column: the checklist at info, never a document error.
    assert!(claims
        .iter()
        .all(|c| c.findings.iter().all(|f| !(f.family == Family::Documents && f.level != Level::Info))));
    // The same claims in the 77-column variant with LF give the same report, in any chunking.
    let (s77, claims77) = audit_chunks(&read("eklaim77.txt"), 1 << 20, AuditOptions::default(), None);
    assert_eq!(s77, s, "77 columns / LF");
    assert_eq!(claims77, claims);
    for chunk in [1, 7, 333] {
        assert_eq!(audit_chunks(&data, chunk, AuditOptions::default(), None).0, s, "chunk {chunk}");
    }
    // Names, medical record and card numbers are never printed: JSON, findings CSV, HTML.
    let mut csv = String::from(report::FINDINGS_CSV_HEADER);
    let mut a = Auditor::new(AuditOptions::default(), None, None).unwrap();
    a.push(&data, &mut |o| report::findings_csv(&o, &mut csv)).unwrap();
    let s2 = a.finish(&mut |o| report::findings_csv(&o, &mut csv)).unwrap();
    let html = report::html(&s2, a.details(), &ReportMeta::default());
    assert_no_identities(&got, "the summary JSON");
    assert_no_identities(&csv, "the findings CSV");
    assert_no_identities(&html, "the HTML report");
    assert_no_identities(&report::summary_csv(&s2), "the summary CSV");
    assert!(html.contains("h-eklaim") && html.contains(&format!("data-eklaim-row=\"{}\"", e.differences[0].row)));
    assert!(csv.contains(",X-0-96-X,,X-0-96-X,0\r\n"), "preview and E-Klaim's result side by side: {csv}");
}

#[test]
fn cli_audits_the_eklaim_export_and_prints_the_comparison() {
    let path = fixture("eklaim.txt").to_string_lossy().into_owned();
    let out = koder(&["audit", &path]);
    assert_eq!(out.status.code(), Some(3), "one row rejected");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("E-Klaim vs pratinjau / preview: 11 klaim/claims"), "{stdout}");
    assert!(stdout.contains("Tarif E-Klaim / E-Klaim's tariff: Rp 76474300"), "{stdout}");
    assert_no_identities(&stdout, "koder audit");
    assert_no_identities(&String::from_utf8_lossy(&out.stderr), "koder audit's stderr");
    // An explicit --format eklaim on a file that is not E-Klaim's is a clear error.
    let month = fixture("month.csv").to_string_lossy().into_owned();
    let out = koder(&["audit", &month, "--format", "eklaim"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an E-Klaim TXT export header"));
}

#[test]
fn rows_are_never_lost() {
    let header = "nomor_sep;no_rm;tgl_masuk;jenis_rawat;diagnosa;poli\n";
    let rows: Vec<String> = (0..1000).map(|i| format!("S{i};P{i};2024-03-04;2;J06.9;Umum")).collect();
    // A stray quote in an unquoted field rejects that row only (row 4 of 1,000).
    let mut text = header.to_string();
    for (i, r) in rows.iter().enumerate() {
        text.push_str(&if i == 3 { r.replace("Umum", "R\"1") } else { r.clone() });
        text.push('\n');
    }
    let (s, _) = audit_bytes(text.as_bytes(), AuditOptions::default(), None, None).unwrap();
    assert_eq!((s.rows.read, s.rows.audited, s.rows.rejected), (1000, 999, 1));
    assert_eq!((s.rejected[0].row, s.rejected[0].code.as_str()), (5, "broken_quoting"));
    // CR-only line ends (old Excel / Mac exports), CRLF, a lone CR inside an LF file, and a last
    // line without a line break: every row is read.
    let lf = format!("{header}{}", rows.join("\n"));
    for (name, data) in [
        ("CR", lf.replace('\n', "\r")),
        ("CRLF", lf.replace('\n', "\r\n")),
        ("lone CR", lf.replacen('\n', "\r", 500)),
        ("no final line break", lf.clone()),
    ] {
        let (s, claims) = audit_bytes(data.as_bytes(), AuditOptions::default(), None, None).unwrap();
        assert_eq!((s.rows.read, s.rows.audited), (1000, 1000), "{name}: {:?}", s.rejected.first());
        assert!(claims.is_empty() || claims.iter().all(|c| c.row >= 2), "{name}");
        let (s2, _) = audit_chunks(data.as_bytes(), 3, AuditOptions::default(), None);
        assert_eq!(s2, s, "{name}, chunked");
    }
    // Latin-1 (Windows-1252) from an older SIMRS is decoded, not turned into U+FFFD duplicates:
    // two departments that differ only in one accented letter stay two.
    let latin1: Vec<u8> =
        [header.as_bytes(), b"L1;P1;2024-03-04;2;J06.9;Poli Jos\xe9\n", b"L2;P2;2024-03-04;2;J06.9;Poli Jos\xe8\n"]
            .concat();
    let (s, _) = audit_bytes(&latin1, AuditOptions::default(), None, None).unwrap();
    assert_eq!(s.rows.decoded_latin1, 2);
    let depts: Vec<&str> = s.by_department.iter().map(|d| d.department.as_str()).collect();
    assert_eq!(depts, ["Poli Josè", "Poli José"], "sorted, both kept");
    // UTF-16 is refused with a clear message.
    let e = audit_bytes(b"\xff\xfen\x00o\x00", AuditOptions::default(), None, None).unwrap_err().to_string();
    assert!(e.contains("UTF-16"), "{e}");
}

#[test]
fn csv_cells_starting_with_a_minus_are_guarded_like_formulas() {
    let data = "nomor_sep;no_rm;tgl_masuk;jenis_rawat;diagnosa;poli\n-1+2;P1;2024-03-04;1;J18;=cmd\n";
    let mut csv = String::new();
    let mut a = Auditor::new(AuditOptions::default(), None, None).unwrap();
    a.push(data.as_bytes(), &mut |o| report::findings_csv(&o, &mut csv)).unwrap();
    a.finish(&mut |o| report::findings_csv(&o, &mut csv)).unwrap();
    assert!(csv.starts_with("2,'-1+2,'=cmd,"), "{csv}");
}

#[test]
fn cross_claim_cohorts_of_the_branch_offices() {
    let header =
        "nomor_sep;no_rm;jenis_kelamin;tgl_lahir;tgl_masuk;tgl_pulang;jenis_rawat;diagnosa;procedure;cara_pulang\n";
    let rows = [
        // P1: outpatient revisit after 5 days (RDM-002), a planned control visit is not one.
        "A1;P1;L;1970-01-01;2024-03-01;;2;J06.9;;",
        "A2;P1;L;1970-01-01;2024-03-06;;2;J06.9;;",
        "A3;P2;L;1970-01-01;2024-03-01;;2;Z09.8;;",
        "A4;P2;L;1970-01-01;2024-03-06;;2;Z09.8;;",
        // P3: stroke in January, rehabilitation still coded I63.9 in August (COH-002).
        "B1;P3;P;1950-01-01;2024-01-10;2024-01-20;1;I63.9;;1",
        "B2;P3;P;1950-01-01;2024-08-20;;2;I63.9;93.39;",
        // P4: readmission after a discharge "referred" is not a readmission (RDM-001 excluded).
        "C1;P4;L;1960-01-01;2024-03-01;2024-03-05;1;J18.9;;2",
        "C2;P4;L;1960-01-01;2024-03-10;2024-03-15;1;J18.9;;1",
        // P5: the same without the referral: a readmission.
        "D1;P5;L;1960-01-01;2024-03-01;2024-03-05;1;J18.9;;1",
        "D2;P5;L;1960-01-01;2024-03-10;2024-03-15;1;J18.9;;1",
    ];
    let data = format!("{header}{}\n", rows.join("\n"));
    let (s, claims) = audit_chunks(data.as_bytes(), 1 << 16, AuditOptions::default(), None);
    assert_counts_add_up(&s);
    let rules = |sep: &str| -> Vec<String> {
        rules_of(&claims, sep).into_iter().filter(|r| !r.starts_with("DOC-") && !r.starts_with("EVD-1")).collect()
    };
    assert_eq!(rules("A2"), ["RDM-002"]);
    assert!(rules("A4").is_empty(), "planned control visits are not revisits");
    assert!(rules("B2").contains(&"COH-002".to_string()), "{:?}", rules("B2"));
    assert!(!rules("C2").contains(&"RDM-001".to_string()), "after a referral");
    assert_eq!(rules("D2"), ["RDM-001"]);
    for r in ["RDM-002", "COH-002"] {
        let f = claims.iter().flat_map(|c| &c.findings).find(|f| f.rule == r).unwrap();
        assert_eq!(f.level, Level::Info, "{r} is a cohort, not a verdict");
    }
}

#[test]
fn short_stays_with_high_severity_are_a_cohort() {
    // COH-001: 1–2 days (E-Klaim's count), discharged home, severity II/III by E-Klaim's result.
    let header = "nomor_sep;no_rm;tgl_masuk;tgl_pulang;jenis_rawat;diagnosa;cara_pulang;inacbg\n";
    let data = format!(
        "{header}S1;P1;2024-03-01;2024-03-02;1;A09.9#E87.1;1;K-4-17-II\nS2;P2;2024-03-01;2024-03-02;1;A09.9;1;K-4-17-I\n\
         S3;P3;2024-03-01;2024-03-06;1;A09.9#E87.1;1;K-4-17-II\nS4;P4;2024-03-01;2024-03-02;1;A09.9#E87.1;4;K-4-17-II\n"
    );
    let (s, claims) = audit_chunks(data.as_bytes(), 1 << 16, AuditOptions::default(), None);
    let has = |sep: &str| rules_of(&claims, sep).contains(&"COH-001".to_string());
    assert!(has("S1") && !has("S2") && !has("S3") && !has("S4"));
    assert_eq!(s.eklaim.as_ref().map(|e| e.claims), Some(4), "an inacbg column is E-Klaim's result too");
}
