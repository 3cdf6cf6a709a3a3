//! Nama kelompok penyakit gaya resmi / official-style Indonesian disease-group names.
//!
//! `tests/official_names.tsv` holds names of the kind national morbidity reports use ("Penyakit
//! pulpa dan jaringan periapikal", "Artritis reaktif", "Tuberkulosis paru"), each with its ICD-10
//! codes or category ranges. A name passes when the top 5 of an ICD-10 search hold a code inside
//! one of them (a category stands for its subcategories). The test prints both that figure and the
//! stricter one (the 3-character category itself in the top 5) and asserts the first.
//!
//! `cargo test --test official_names -- --nocapture` lists every failing name with what came back.

use koder::{CodeSystem, Koder, RecordKind, SearchOptions};

const TABLE: &str = include_str!("official_names.tsv");
/// Share of names that must find a code of their group in the top 5.
const MIN_PASS_RATE: f64 = 0.95;
/// Smallest table accepted (so the rate cannot be met by an emptied table).
const MIN_ROWS: usize = 250;
const TOP: usize = 5;

/// One expected item: a category range `FROM..=TO` (equal for a single code).
struct Span {
    from: String,
    to: String,
}

impl Span {
    fn parse(s: &str) -> Span {
        let (from, to) = s.split_once('-').unwrap_or((s, s));
        Span { from: from.trim().to_string(), to: to.trim().to_string() }
    }

    /// True when `code` (any depth) lies in the span: its category between the ends, or the code
    /// below a single expected subcategory.
    fn contains(&self, code: &str) -> bool {
        if self.from.len() > 3 {
            return code.starts_with(self.from.as_str());
        }
        let cat = &code[..code.len().min(3)];
        cat >= self.from.as_str() && cat <= self.to.as_str()
    }
}

struct Row {
    line: usize,
    name: String,
    expected: Vec<Span>,
    raw_expected: String,
}

fn rows() -> Vec<Row> {
    let mut out = Vec::new();
    let mut header_seen = false;
    for (i, raw) in TABLE.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = raw.split('\t').collect();
        assert!((2..=3).contains(&cols.len()), "official_names.tsv:{line}: 2 or 3 columns expected, got {raw:?}");
        if !header_seen {
            assert_eq!(cols[..2], ["name", "expected"], "official_names.tsv:{line}: header");
            header_seen = true;
            continue;
        }
        let expected: Vec<Span> = cols[1].split(',').filter(|s| !s.trim().is_empty()).map(Span::parse).collect();
        assert!(!cols[0].trim().is_empty(), "official_names.tsv:{line}: empty name");
        assert!(!expected.is_empty(), "official_names.tsv:{line}: no expected code");
        out.push(Row { line, name: cols[0].to_string(), expected, raw_expected: cols[1].to_string() });
    }
    assert!(header_seen, "official_names.tsv: no header");
    out
}

/// The codes of the top 5 for a name (ICD-10 only).
fn top(koder: &Koder, name: &str) -> Vec<(String, Option<String>)> {
    let options = SearchOptions { system: Some(CodeSystem::Icd10), limit: TOP, ..SearchOptions::default() };
    koder.search(name, &options).unwrap().into_iter().map(|h| (h.code, h.display_id)).collect()
}

#[test]
fn table_is_well_formed_and_codes_are_valid() {
    let koder = Koder::new().unwrap();
    let rows = rows();
    assert!(rows.len() >= MIN_ROWS, "official_names.tsv has {} rows, at least {MIN_ROWS} expected", rows.len());
    let mut problems = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for row in &rows {
        for span in &row.expected {
            for end in [&span.from, &span.to] {
                if !koder.is_valid(CodeSystem::Icd10, end) {
                    problems.push(format!("official_names.tsv:{} {end} is not an ICD-10 code", row.line));
                }
            }
            if span.from > span.to {
                problems.push(format!("official_names.tsv:{} range {}-{} is reversed", row.line, span.from, span.to));
            }
        }
        if !seen.insert(row.name.to_lowercase()) {
            problems.push(format!("official_names.tsv:{} duplicate name {:?}", row.line, row.name));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn at_least_95_percent_of_official_names_find_a_code_of_their_group_in_the_top_5() {
    let koder = Koder::new().unwrap();
    let rows = rows();
    assert!(rows.len() >= MIN_ROWS);
    let mut failures = Vec::new();
    let mut category_hits = 0usize;
    for row in &rows {
        let got = top(&koder, &row.name);
        let inside = |code: &str| row.expected.iter().any(|s| s.contains(code));
        if got.iter().any(|(c, _)| c.len() == 3 && inside(c)) {
            category_hits += 1;
        }
        if !got.iter().any(|(c, _)| inside(c)) {
            let shown: Vec<String> =
                got.iter().map(|(c, t)| format!("{c} ({})", t.as_deref().unwrap_or("-"))).collect();
            failures.push(format!(
                "  official_names.tsv:{} {:?} expected {}\n      got: {}",
                row.line,
                row.name,
                row.raw_expected,
                if shown.is_empty() { "(no results)".to_string() } else { shown.join(" | ") }
            ));
        }
    }
    let n = rows.len();
    let passed = n - failures.len();
    let rate = passed as f64 / n as f64;
    println!(
        "official names: {passed}/{n} ({:.1}%) find a code of their group in the top {TOP}; \
         {category_hits}/{n} ({:.1}%) the 3-character category itself (minimum {:.0}% for the first)",
        rate * 100.0,
        category_hits as f64 * 100.0 / n as f64,
        MIN_PASS_RATE * 100.0
    );
    for f in &failures {
        println!("{f}");
    }
    assert!(rate >= MIN_PASS_RATE, "only {passed}/{n} ({:.1}%) pass:\n{}", rate * 100.0, failures.join("\n"));
}

#[test]
fn the_examples_find_their_category_in_the_top_5() {
    let koder = Koder::new().unwrap();
    for (name, code) in [("Penyakit pulpa dan jaringan periapikal", "K04"), ("Artritis reaktif", "M02")] {
        let got = top(&koder, name);
        assert!(got.iter().any(|(c, _)| c == code), "{name}: {code} not in the top {TOP}: {got:?}");
    }
}

#[test]
fn every_icd10_category_block_and_chapter_and_every_icd9cm_header_has_an_indonesian_title() {
    let koder = Koder::new().unwrap();
    let cat = koder.catalog();
    let mut missing = Vec::new();
    let mut counts = [0usize; 4];
    for c in cat.codes(CodeSystem::Icd10) {
        let wanted = match c.kind() {
            RecordKind::Chapter => 0,
            RecordKind::Block => 1,
            _ if c.code().len() == 3 => 2,
            _ => continue,
        };
        counts[wanted] += 1;
        if c.title_id().is_none_or(|t| t.trim().is_empty()) {
            missing.push(format!("icd10 {} {}", c.code(), c.title_en()));
        }
    }
    for c in cat.codes(CodeSystem::Icd9cm) {
        // Chapters "74" and 3-digit headers "74.1" (a 3-digit code without children is a leaf).
        let code = c.code();
        if code.len() == 2 || (code.len() == 4 && code.as_bytes()[2] == b'.') {
            counts[3] += 1;
            if c.title_id().is_none_or(|t| t.trim().is_empty()) {
                missing.push(format!("icd9cm {code} {}", c.title_en()));
            }
        }
    }
    println!(
        "Indonesian titles: ICD-10 {} chapters, {} blocks, {} categories; ICD-9-CM {} chapters and 3-digit headers",
        counts[0], counts[1], counts[2], counts[3]
    );
    assert!(counts[2] > 2000 && counts[1] > 250 && counts[3] > 900, "{counts:?}");
    assert!(missing.is_empty(), "{} without an Indonesian title:\n{}", missing.len(), missing.join("\n"));
}
