//! Relevansi pencarian / search relevance.
//!
//! `tests/queries.tsv` holds realistic queries Indonesian doctors and coders type (Indonesian terms,
//! abbreviations, lay words, English titles, typos, partial words, codes with and without a dot),
//! each with the codes of which at least one must appear in the top 5 when searching with the row's
//! system as filter. Rows whose note starts with `must` may never fail.
//!
//! Run with `cargo test --test search_quality -- --nocapture` to see every failing row with what
//! came back.

use koder::{CodeSystem, Koder, SearchOptions};

const TABLE: &str = include_str!("queries.tsv");
/// Share of rows that must pass.
const MIN_PASS_RATE: f64 = 0.97;
/// Smallest table accepted (so the rate cannot be met by an emptied table).
const MIN_ROWS: usize = 200;
const TOP: usize = 5;

struct Row {
    line: usize,
    query: String,
    system: CodeSystem,
    expected: Vec<String>,
    note: String,
}

impl Row {
    fn must(&self) -> bool {
        self.note.split(|c: char| c == ';' || c.is_whitespace()).next() == Some("must")
    }
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
        assert_eq!(cols.len(), 4, "queries.tsv:{line}: expected 4 tab-separated columns, got {raw:?}");
        if !header_seen {
            assert_eq!(cols, ["query", "system", "expected", "note"], "queries.tsv:{line}: header");
            header_seen = true;
            continue;
        }
        let system =
            CodeSystem::parse(cols[1]).unwrap_or_else(|e| panic!("queries.tsv:{line}: system {:?}: {e}", cols[1]));
        let expected: Vec<String> =
            cols[2].split(',').map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect();
        assert!(!cols[0].trim().is_empty(), "queries.tsv:{line}: empty query");
        assert!(!expected.is_empty(), "queries.tsv:{line}: no expected code");
        out.push(Row { line, query: cols[0].to_string(), system, expected, note: cols[3].to_string() });
    }
    assert!(header_seen, "queries.tsv: no header");
    out
}

/// Runs one row; `Ok(())` when an expected code is in the top 5, else the codes that came back.
fn run(koder: &Koder, row: &Row) -> Result<(), String> {
    let options = SearchOptions { system: Some(row.system), limit: TOP, ..SearchOptions::default() };
    let hits = koder.search(&row.query, &options).map_err(|e| format!("error: {e}"))?;
    if hits.iter().take(TOP).any(|h| row.expected.contains(&h.code)) {
        return Ok(());
    }
    let got: Vec<String> = hits
        .iter()
        .map(|h| match &h.display_id {
            Some(id) => format!("{} ({id})", h.code),
            None => format!("{} ({})", h.code, h.display),
        })
        .collect();
    Err(if got.is_empty() { "(no results)".to_string() } else { got.join(" | ") })
}

fn describe(row: &Row, got: &str) -> String {
    format!(
        "  queries.tsv:{} [{}] {:?} expected any of {} ({})\n      got: {got}",
        row.line,
        row.system.name(),
        row.query,
        row.expected.join(","),
        row.note
    )
}

#[test]
fn table_is_well_formed_and_codes_are_valid() {
    let koder = Koder::new().unwrap();
    let rows = rows();
    assert!(rows.len() >= MIN_ROWS, "queries.tsv has {} rows, at least {MIN_ROWS} expected", rows.len());
    let mut invalid = Vec::new();
    for row in &rows {
        for code in &row.expected {
            if !koder.is_valid(row.system, code) {
                invalid.push(format!("queries.tsv:{} {} {code}", row.line, row.system.name()));
            }
        }
    }
    assert!(invalid.is_empty(), "expected codes that are not valid codes:\n{}", invalid.join("\n"));
    let mut seen = std::collections::HashSet::new();
    for row in &rows {
        let key = (row.query.as_str(), row.system.name());
        assert!(seen.insert(key), "queries.tsv:{}: duplicate row {:?} {}", row.line, row.query, row.system.name());
    }
}

#[test]
fn at_least_97_percent_of_queries_find_an_expected_code_in_the_top_5() {
    let koder = Koder::new().unwrap();
    let rows = rows();
    assert!(rows.len() >= MIN_ROWS, "queries.tsv has {} rows, at least {MIN_ROWS} expected", rows.len());
    let mut failures = Vec::new();
    for row in &rows {
        if let Err(got) = run(&koder, row) {
            failures.push(describe(row, &got));
        }
    }
    let passed = rows.len() - failures.len();
    let rate = passed as f64 / rows.len() as f64;
    println!(
        "search quality: {passed}/{} rows pass ({:.1}%), {} fail (minimum {:.0}%)",
        rows.len(),
        rate * 100.0,
        failures.len(),
        MIN_PASS_RATE * 100.0
    );
    for f in &failures {
        println!("{f}");
    }
    assert!(
        rate >= MIN_PASS_RATE,
        "only {passed}/{} rows ({:.1}%) pass, at least {:.0}% required; failing rows:\n{}",
        rows.len(),
        rate * 100.0,
        MIN_PASS_RATE * 100.0,
        failures.join("\n")
    );
}

#[test]
fn must_rows_never_fail() {
    let koder = Koder::new().unwrap();
    let rows: Vec<Row> = rows().into_iter().filter(Row::must).collect();
    assert!(rows.len() >= 40, "only {} `must` rows in queries.tsv", rows.len());
    let failures: Vec<String> =
        rows.iter().filter_map(|row| run(&koder, row).err().map(|got| describe(row, &got))).collect();
    assert!(failures.is_empty(), "{} `must` rows fail:\n{}", failures.len(), failures.join("\n"));
}
