//! Audit pra-pengajuan / pre-submission audit of a month of claims (verifikasi internal).
//!
//! A CSV (RFC 4180, `,` `;` tab or `|` delimited, detected from the header) or JSON-lines export
//! of claims is read **row by row** ([`Auditor::push`] takes chunks of any size), each claim is
//! checked with the claim checks ([`crate::checks`]), claims are compared with the earlier
//! claims of the same patient (double claims, readmissions), and an INA-CBG grouping preview is
//! added when wanted ([`GroupMode`]). [`Auditor::finish`] gives the [`Summary`]; [`report`]
//! renders it as JSON, CSV and a self-contained HTML report.
//!
//! Memory stays flat: per patient only a compact list of stays (dates, principal category,
//! row) is kept for the cross-claim checks, plus a hash per SEP number; records longer than
//! [`AuditOptions::max_record_bytes`] are rejected without being held. Columns and the mapping
//! format are documented in `docs/AUDIT.md`.

pub mod columns;
pub mod csv;
pub mod report;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

use crate::checks::claim::{parse_date, ClaimInput, Scalar};
use crate::checks::{self, Level};
use crate::error::Error;
use crate::grouper::{Grouper, TariffContext};
use crate::Koder;
pub use columns::ColumnMap;
use columns::{short, Field, FIELDS, FIELD_COUNT};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};

/// Longest record (line) accepted by default: 1 MiB.
pub const DEFAULT_MAX_RECORD_BYTES: usize = 1 << 20;
/// Default readmission window in days.
pub const DEFAULT_READMISSION_DAYS: u32 = 30;
/// Stays kept per patient for the cross-claim checks (the most recent ones in file order).
pub const MAX_STAYS_PER_PATIENT: usize = 256;

/// Input format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// Comma/semicolon separated values with a header line.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

impl InputFormat {
    /// Parses `csv` / `jsonl` (`ndjson`, `json`).
    pub fn parse(s: &str) -> Result<InputFormat, Error> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(InputFormat::Csv),
            "jsonl" | "ndjson" | "json" => Ok(InputFormat::Jsonl),
            _ => Err(Error::InvalidOption { option: "format", expected: "csv | jsonl" }),
        }
    }
}

/// Which claims get an INA-CBG grouping preview.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupMode {
    /// None (fastest).
    None,
    /// Claims at risk (an error or warning), which the tariff at risk needs. The default.
    Risk,
    /// Every claim.
    All,
}

impl GroupMode {
    /// Parses `none` / `risk` / `all`.
    pub fn parse(s: &str) -> Result<GroupMode, Error> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" | "off" => Ok(GroupMode::None),
            "risk" => Ok(GroupMode::Risk),
            "all" => Ok(GroupMode::All),
            _ => Err(Error::InvalidOption { option: "group", expected: "none | risk | all" }),
        }
    }
}

/// Parses a delimiter option: `,` `;` `|`, `tab` or `\t`.
pub fn parse_delimiter(s: &str) -> Result<u8, Error> {
    match s {
        "," | "comma" => Ok(b','),
        ";" | "semicolon" => Ok(b';'),
        "\t" | "\\t" | "tab" => Ok(b'\t'),
        "|" | "pipe" => Ok(b'|'),
        _ => Err(Error::InvalidOption { option: "delimiter", expected: ", | ; | tab | |" }),
    }
}

/// Options of an audit.
#[derive(Clone, Debug)]
pub struct AuditOptions {
    /// Input format; detected from the first byte (`{` → JSON lines) when `None`.
    pub format: Option<InputFormat>,
    /// CSV delimiter; detected from the header when `None`.
    pub delimiter: Option<u8>,
    /// Column mapping.
    pub map: ColumnMap,
    /// Readmission window in days (0 turns the check off).
    pub readmission_days: u32,
    /// Grouping preview.
    pub group: GroupMode,
    /// Longest record accepted, in bytes.
    pub max_record_bytes: usize,
    /// At-risk claims kept in detail for the HTML report.
    pub detail_limit: usize,
    /// Rejected rows listed in the summary (all are counted).
    pub rejected_limit: usize,
}

impl Default for AuditOptions {
    fn default() -> AuditOptions {
        AuditOptions {
            format: None,
            delimiter: None,
            map: ColumnMap::default(),
            readmission_days: DEFAULT_READMISSION_DAYS,
            group: GroupMode::Risk,
            max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
            detail_limit: 1000,
            rejected_limit: 10_000,
        }
    }
}

/// One finding of the audit: a claim check or a cross-claim check.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct AuditFinding {
    /// Rule id (`DXP-001`, `DBL-001`, `RDM-001`).
    pub rule: String,
    /// Family (`validity`, …, `double_claim`, `readmission`).
    pub family: String,
    /// error, warning or info.
    pub level: Level,
    /// Reason, Indonesian.
    pub message_id: String,
    /// Reason, English.
    pub message_en: String,
    /// Codes involved.
    pub codes: Vec<String>,
    /// Suggestion, Indonesian.
    pub suggestion_id: String,
    /// Suggestion, English.
    pub suggestion_en: String,
    /// The other claim's row (cross-claim findings).
    pub related_row: Option<u64>,
}

/// Grouping preview of one claim.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct GroupPreview {
    /// CBG code (`J-4-16-I`), or the X group of an ungroupable claim.
    pub cbg: String,
    /// Description, Indonesian.
    pub description_id: String,
    /// True for an ungroupable (X) result.
    pub ungroupable: bool,
    /// Base tariff in rupiah, when a tariff table is loaded and has the group.
    pub tariff: Option<u64>,
}

/// The result of one audited claim.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ClaimResult {
    /// Line where the record starts (the header is line 1).
    pub row: u64,
    /// SEP number.
    pub nomor_sep: String,
    /// Patient key (no_rm, else no_kartu).
    pub patient: String,
    /// Department, when the column is present.
    pub department: Option<String>,
    /// Admission date (YYYY-MM-DD).
    pub admission: String,
    /// `inpatient` or `outpatient`.
    pub setting: String,
    /// The highest level of the findings.
    pub level: Option<Level>,
    /// True when a finding is an error or a warning.
    pub at_risk: bool,
    /// Findings, errors first.
    pub findings: Vec<AuditFinding>,
    /// Grouping preview.
    pub group: Option<GroupPreview>,
}

/// A row that could not be audited.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Rejected {
    /// Line where the record starts.
    pub row: u64,
    /// `line_too_long`, `broken_quoting`, `column_count`, `invalid_json`, `missing_value`,
    /// `invalid_value`.
    pub code: String,
    /// SEP number, when it could be read.
    pub nomor_sep: Option<String>,
    /// Reason, Indonesian.
    pub message_id: String,
    /// Reason, English.
    pub message_en: String,
}

/// What happened to one row, as it happens.
pub enum RowOutcome<'a> {
    /// Audited.
    Audited(&'a ClaimResult),
    /// Rejected.
    Rejected(&'a Rejected),
}

/// Row counts: `read = audited + rejected`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct RowCounts {
    /// Records read (header and blank lines excluded).
    pub read: u64,
    /// Claims audited.
    pub audited: u64,
    /// Rows rejected (listed in `rejected`).
    pub rejected: u64,
    /// Blank lines skipped (not rows).
    pub blank_lines: u64,
}

/// Claims by their highest level.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct LevelCounts {
    /// At risk: error + warning.
    pub at_risk: u64,
    /// With at least one error.
    pub error: u64,
    /// With warnings but no error.
    pub warning: u64,
    /// With infos only.
    pub info: u64,
    /// Without findings.
    pub clean: u64,
}

/// Claims at risk by reason (finding family).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FamilyCount {
    /// Family.
    pub family: String,
    /// Label, Indonesian.
    pub label_id: String,
    /// Label, English.
    pub label_en: String,
    /// Claims with an error or warning of the family.
    pub claims: u64,
}

/// Counts per rule.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct RuleCount {
    /// Rule id.
    pub rule: String,
    /// Family.
    pub family: String,
    /// Level.
    pub level: Level,
    /// Claims with the rule.
    pub claims: u64,
    /// Findings of the rule.
    pub findings: u64,
    /// Tariff of those claims (grouped, with a tariff), rupiah.
    pub tariff: u64,
}

/// Counts per department.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct DepartmentCount {
    /// Department (`(kosong)` when empty).
    pub department: String,
    /// Claims audited.
    pub claims: u64,
    /// At risk.
    pub at_risk: u64,
    /// With an error.
    pub error: u64,
    /// Tariff at risk, rupiah.
    pub tariff_at_risk: u64,
}

/// Tariff figures (when a tariff table is loaded).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct TariffSummary {
    /// The tariff table's version.
    pub table: String,
    /// Claims grouped.
    pub claims_grouped: u64,
    /// Grouped claims with a tariff found.
    pub claims_with_tariff: u64,
    /// Sum of base tariffs of claims with an error (rupiah).
    pub at_risk_error: u64,
    /// Sum of base tariffs of claims with warnings only.
    pub at_risk_warning: u64,
    /// at_risk_error + at_risk_warning.
    pub at_risk_total: u64,
    /// At-risk claims grouped without a tariff (missing from the table or ungroupable).
    pub at_risk_without_tariff: u64,
}

/// The audit summary.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Summary {
    /// Input format.
    pub format: InputFormat,
    /// CSV delimiter used.
    pub delimiter: Option<String>,
    /// Column of each field (field → header name), for the fields found.
    pub columns: BTreeMap<String, String>,
    /// Readmission window.
    pub readmission_days: u32,
    /// Grouping mode.
    pub group: GroupMode,
    /// Row counts.
    pub rows: RowCounts,
    /// Claims by level.
    pub claims: LevelCounts,
    /// Claims at risk by reason.
    pub by_family: Vec<FamilyCount>,
    /// Counts per rule.
    pub by_rule: Vec<RuleCount>,
    /// Per department (empty without a department column).
    pub by_department: Vec<DepartmentCount>,
    /// Tariff at risk (null without a tariff table).
    pub tariff: Option<TariffSummary>,
    /// Rejected rows (the first `rejected_limit`).
    pub rejected: Vec<Rejected>,
    /// Rejected rows not listed.
    pub rejected_not_listed: u64,
    /// At-risk claims not kept in detail (beyond `detail_limit`).
    pub claims_not_listed: u64,
}

/// Families in report order with their labels.
pub const FAMILIES: &[(&str, &str, &str)] = &[
    ("validity", "Kode tidak valid", "Invalid codes"),
    ("principal", "Diagnosis utama", "Principal diagnosis"),
    ("sex_age", "Jenis kelamin / umur", "Sex / age"),
    ("redundancy", "Kode ganda / berlebih", "Redundant codes"),
    ("dx_procedure", "Diagnosis ↔ tindakan", "Diagnosis ↔ procedure"),
    ("documents", "Berkas pendukung", "Supporting documents"),
    ("fktp", "FKTP / rujukan", "Primary care / referral"),
    ("double_claim", "Klaim ganda", "Double claims"),
    ("readmission", "Readmisi", "Readmissions"),
];

/// A stay kept for the cross-claim checks (16 bytes).
#[derive(Clone, Copy, Debug)]
struct Stay {
    start: i32,
    end: i32,
    row: u32,
    cat: [u8; 3],
    inpatient: bool,
}

impl Stay {
    /// Days of care: inpatient [admission, discharge) (the admission day for same-day stays),
    /// outpatient the visit day.
    fn days(&self) -> (i32, i32) {
        if self.inpatient {
            (self.start, (self.end - 1).max(self.start))
        } else {
            (self.start, self.start)
        }
    }
}

#[derive(Default)]
struct RuleAcc {
    family: String,
    level: Option<Level>,
    claims: u64,
    findings: u64,
    tariff: u64,
}

/// The streaming auditor.
pub struct Auditor {
    koder: Koder,
    grouper: Option<Grouper>,
    context: Option<TariffContext>,
    opts: AuditOptions,
    format: Option<InputFormat>,
    pending: Vec<u8>,
    reader: Option<csv::RecordReader>,
    delim: u8,
    header: Option<Vec<String>>,
    slots: [Option<usize>; FIELD_COUNT],
    fields: Vec<String>,
    fatal: Option<Error>,
    patients: HashMap<u64, Vec<Stay>>,
    seps: HashMap<u64, u32>,
    rows: RowCounts,
    claims: LevelCounts,
    families: BTreeMap<String, u64>,
    rules: BTreeMap<String, RuleAcc>,
    departments: BTreeMap<String, DepartmentCount>,
    tariff: Option<TariffSummary>,
    rejected: Vec<Rejected>,
    details: Vec<ClaimResult>,
    claims_not_listed: u64,
}

fn file_error(detail: String) -> Error {
    Error::InvalidInput { field: "file", detail }
}

fn hash(s: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// `YYYY-MM-DD` from `YYYY-MM-DD[ T]hh:mm[:ss]`, `DD/MM/YYYY` or `DD-MM-YYYY`; other text is
/// returned as is (the claim validation names it).
pub fn normalise_date(s: &str) -> String {
    let s = s.trim();
    let d = s.split([' ', 'T']).next().unwrap_or("");
    let b = d.as_bytes();
    if b.len() == 10 && (b[2] == b'/' || b[2] == b'-') && b[5] == b[2] && b[..2].iter().all(u8::is_ascii_digit) {
        return format!("{}-{}-{}", &d[6..10], &d[3..5], &d[..2]);
    }
    if b.len() == 10 && b[4] == b'/' && b[7] == b'/' {
        return format!("{}-{}-{}", &d[..4], &d[5..7], &d[8..10]);
    }
    if b.len() == 10 && b[4] == b'-' {
        return d.to_string();
    }
    s.to_string()
}

fn normalise_setting(s: &str) -> String {
    let t = columns::normalise(s);
    match t.as_str() {
        "ri" | "rawat_inap" | "inap" | "1" | "inpatient" | "ranap" => "inpatient".into(),
        "rj" | "rawat_jalan" | "jalan" | "2" | "outpatient" | "rajal" => "outpatient".into(),
        _ => t,
    }
}

/// The audit's column name for a claim field named in a validation error.
fn column_of(field: &str) -> &str {
    match field {
        "service_date" => "tgl_masuk",
        "birth_date" => "tgl_lahir",
        "discharge_date" => "tgl_pulang",
        "sex" => "jenis_kelamin",
        "setting" => "jenis_rawat",
        "care_class" => "kelas_rawat",
        "documents" => "berkas",
        "discharge_status" => "cara_pulang",
        "birth_weight_grams" => "berat_lahir",
        "procedures" => "procedure",
        "diagnoses" | "secondary_diagnoses" | "principal_diagnosis" => "diagnosa",
        other => other,
    }
}

impl Auditor {
    /// A new audit. `grouper`: the grouping definition set and tariff table to use (the
    /// bundled set when `None` and grouping is on); `context`: the tariff context.
    pub fn new(opts: AuditOptions, grouper: Option<Grouper>, context: Option<TariffContext>) -> Result<Auditor, Error> {
        let koder = Koder::new()?;
        let grouper = match (opts.group, grouper) {
            (GroupMode::None, _) => None,
            (_, Some(g)) => Some(g),
            (_, None) => Some(Grouper::new()?),
        };
        let tariff = grouper
            .as_ref()
            .and_then(|g| g.version().tariffs)
            .map(|table| TariffSummary { table, ..TariffSummary::default() });
        let max = opts.max_record_bytes.max(1024);
        let opts = AuditOptions { max_record_bytes: max, ..opts };
        Ok(Auditor {
            koder,
            grouper,
            context,
            format: opts.format,
            delim: opts.delimiter.unwrap_or(b','),
            opts,
            pending: Vec::new(),
            reader: None,
            header: None,
            slots: [None; FIELD_COUNT],
            fields: Vec::new(),
            fatal: None,
            patients: HashMap::new(),
            seps: HashMap::new(),
            rows: RowCounts::default(),
            claims: LevelCounts::default(),
            families: BTreeMap::new(),
            rules: BTreeMap::new(),
            departments: BTreeMap::new(),
            tariff,
            rejected: Vec::new(),
            details: Vec::new(),
            claims_not_listed: 0,
        })
    }

    /// Rows read so far.
    pub fn rows(&self) -> &RowCounts {
        &self.rows
    }

    /// Bytes fed so far.
    pub fn bytes(&self) -> u64 {
        self.reader.as_ref().map_or(0, |r| r.bytes) + self.pending.len() as u64
    }

    /// At-risk claims kept in detail (for the HTML report).
    pub fn details(&self) -> &[ClaimResult] {
        &self.details
    }

    /// Feeds a chunk of the file; `sink` sees every row's outcome. A file-level problem (no
    /// usable header, missing columns) is returned as an error, and every later call returns it
    /// again.
    pub fn push(&mut self, chunk: &[u8], sink: &mut dyn FnMut(RowOutcome<'_>)) -> Result<(), Error> {
        if let Some(e) = &self.fatal {
            return Err(e.clone());
        }
        if self.reader.is_none() {
            self.pending.extend_from_slice(chunk);
            let body = self.pending.strip_prefix(b"\xef\xbb\xbf".as_slice()).unwrap_or(&self.pending);
            let first = body.iter().find(|b| !b.is_ascii_whitespace()).copied();
            if first.is_none() && self.pending.len() < self.opts.max_record_bytes {
                return Ok(());
            }
            let format = self.format.unwrap_or(if first == Some(b'{') { InputFormat::Jsonl } else { InputFormat::Csv });
            self.format = Some(format);
            self.reader = Some(csv::RecordReader::new(format == InputFormat::Csv, self.opts.max_record_bytes));
            let pending = std::mem::take(&mut self.pending);
            return self.feed(&pending, sink);
        }
        self.feed(chunk, sink)
    }

    fn feed(&mut self, chunk: &[u8], sink: &mut dyn FnMut(RowOutcome<'_>)) -> Result<(), Error> {
        let Some(mut reader) = self.reader.take() else { return Ok(()) };
        reader.feed(chunk, &mut |rec| self.record(rec, false, sink));
        self.reader = Some(reader);
        match &self.fatal {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }

    /// Ends the file and gives the summary.
    pub fn finish(&mut self, sink: &mut dyn FnMut(RowOutcome<'_>)) -> Result<Summary, Error> {
        if let Some(e) = &self.fatal {
            return Err(e.clone());
        }
        if self.reader.is_none() {
            if self.pending.iter().all(|b| b.is_ascii_whitespace() || b"\xef\xbb\xbf".contains(b)) {
                return Err(file_error("berkas kosong / the file is empty".into()));
            }
            let pending = std::mem::take(&mut self.pending);
            self.format.get_or_insert(InputFormat::Csv);
            self.reader =
                Some(csv::RecordReader::new(self.format == Some(InputFormat::Csv), self.opts.max_record_bytes));
            self.feed(&pending, sink)?;
        }
        if let Some(mut reader) = self.reader.take() {
            reader.finish(&mut |rec| self.record(rec, true, sink));
            self.reader = Some(reader);
        }
        if let Some(e) = &self.fatal {
            return Err(e.clone());
        }
        if self.format == Some(InputFormat::Csv) && self.header.is_none() {
            return Err(file_error("berkas kosong: tidak ada header / the file is empty: no header line".into()));
        }
        Ok(self.summary())
    }

    fn reject(
        &mut self,
        row: u64,
        code: &str,
        sep: Option<String>,
        id: String,
        en: String,
        sink: &mut dyn FnMut(RowOutcome<'_>),
    ) {
        self.rows.read += 1;
        self.rows.rejected += 1;
        let r = Rejected { row, code: code.into(), nomor_sep: sep, message_id: id, message_en: en };
        sink(RowOutcome::Rejected(&r));
        if self.rejected.len() < self.opts.rejected_limit {
            self.rejected.push(r);
        }
    }

    fn record(&mut self, rec: csv::Record<'_>, last: bool, sink: &mut dyn FnMut(RowOutcome<'_>)) {
        if self.fatal.is_some() {
            return;
        }
        let max = self.opts.max_record_bytes;
        let (line, bytes) = match rec {
            csv::Record::TooLong { line, in_quotes } => {
                if self.format == Some(InputFormat::Csv) && self.header.is_none() {
                    self.fatal = Some(file_error(format!(
                        "header lebih dari {max} byte / the header line is longer than {max} bytes"
                    )));
                    return;
                }
                let (qi, qe) =
                    if in_quotes { (" (tanda kutip tidak ditutup?)", " (unterminated quote?)") } else { ("", "") };
                self.reject(
                    line,
                    "line_too_long",
                    None,
                    format!("baris lebih dari {max} byte{qi}; dilewati sampai baris baru berikutnya"),
                    format!("record longer than {max} bytes{qe}; skipped to the next line break"),
                    sink,
                );
                return;
            }
            csv::Record::Line { line, bytes } => (line, bytes),
        };
        let bytes = if line == 1 { bytes.strip_prefix(b"\xef\xbb\xbf".as_slice()).unwrap_or(bytes) } else { bytes };
        if bytes.iter().all(u8::is_ascii_whitespace) {
            if self.header.is_some() || self.format == Some(InputFormat::Jsonl) {
                self.rows.blank_lines += 1;
            }
            return;
        }
        match self.format {
            Some(InputFormat::Jsonl) => self.json_row(line, bytes, sink),
            _ => {
                if self.header.is_none() {
                    self.header_row(bytes);
                    return;
                }
                let mut fields = std::mem::take(&mut self.fields);
                match csv::split(bytes, self.delim, &mut fields) {
                    Err(e) => {
                        let (col, unterminated) = match e {
                            csv::SplitError::BadQuote(c) => (c, false),
                            csv::SplitError::Unterminated(c) => (c, true),
                        };
                        let what = if unterminated || last {
                            ("tanda kutip tidak ditutup", "unterminated quote")
                        } else {
                            ("tanda kutip tidak sesuai RFC 4180", "quote not as RFC 4180 allows")
                        };
                        self.reject(
                            line,
                            "broken_quoting",
                            None,
                            format!("{} di kolom {col}", what.0),
                            format!("{} in column {col}", what.1),
                            sink,
                        );
                    }
                    Ok(()) => {
                        let n = self.header.as_ref().map_or(0, Vec::len);
                        if fields.len() != n {
                            let sep = self.slots[0].and_then(|i| fields.get(i)).map(|s| short(s));
                            self.reject(
                                line,
                                "column_count",
                                sep,
                                format!("{} kolom, header punya {n}", fields.len()),
                                format!("{} columns, the header has {n}", fields.len()),
                                sink,
                            );
                        } else {
                            let slots = self.slots;
                            let get = |f: Field| slots[f as usize].map(|i| fields[i].as_str()).unwrap_or("");
                            let row = RowFields::from_fn(get, slots[Field::Department as usize].is_some());
                            self.claim(line, row, sink);
                        }
                    }
                }
                self.fields = fields;
            }
        }
    }

    fn header_row(&mut self, bytes: &[u8]) {
        let delim = self.opts.delimiter.unwrap_or_else(|| csv::detect_delimiter(bytes));
        self.delim = delim;
        let mut header = Vec::new();
        if let Err(e) = csv::split(bytes, delim, &mut header) {
            self.fatal = Some(Error::InvalidInput {
                field: "header",
                detail: format!("tanda kutip rusak / broken quoting: {e:?}"),
            });
            return;
        }
        match self.opts.map.resolve(&header) {
            Ok(slots) => {
                self.slots = slots;
                self.header = Some(header);
            }
            Err(e) => self.fatal = Some(e),
        }
    }

    fn json_row(&mut self, line: u64, bytes: &[u8], sink: &mut dyn FnMut(RowOutcome<'_>)) {
        let obj: serde_json::Map<String, serde_json::Value> = match serde_json::from_slice(bytes) {
            Ok(serde_json::Value::Object(o)) => o,
            Ok(_) => {
                return self.reject(
                    line,
                    "invalid_json",
                    None,
                    "bukan objek JSON".into(),
                    "not a JSON object".into(),
                    sink,
                )
            }
            Err(e) => {
                return self.reject(
                    line,
                    "invalid_json",
                    None,
                    format!("JSON tidak valid: {e}"),
                    format!("invalid JSON: {e}"),
                    sink,
                )
            }
        };
        let mut vals: [String; FIELD_COUNT] = Default::default();
        let mut seen_dept = false;
        for (k, v) in &obj {
            let nk = columns::normalise(k);
            let field = match self.opts.map.pairs.iter().find(|(_, h)| columns::normalise(h) == nk) {
                Some((f, _)) => Some(*f),
                None => FIELDS
                    .iter()
                    .find(|(f, name, aliases)| {
                        !self.opts.map.pairs.iter().any(|(g, _)| g == f)
                            && (*name == nk || aliases.contains(&nk.as_str()))
                    })
                    .map(|x| x.0),
            };
            let Some(f) = field else { continue };
            if f == Field::Department {
                seen_dept = true;
            }
            let joiner = if f == Field::Documents { ";" } else { "#" };
            vals[f as usize] = match v {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Array(a) => a
                    .iter()
                    .map(|x| match x {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(joiner),
                other => other.to_string(),
            };
        }
        if seen_dept {
            self.slots[Field::Department as usize] = Some(0);
        }
        let has_dept = self.slots[Field::Department as usize].is_some();
        let row = RowFields::from_fn(|f| vals[f as usize].as_str(), has_dept);
        self.claim(line, row, sink);
    }

    fn claim(&mut self, line: u64, r: RowFields<'_>, sink: &mut dyn FnMut(RowOutcome<'_>)) {
        let sep = r.get(Field::NomorSep).trim();
        let patient = if !r.get(Field::NoRm).trim().is_empty() {
            r.get(Field::NoRm).trim()
        } else {
            r.get(Field::NoKartu).trim()
        };
        let mut missing = Vec::new();
        if sep.is_empty() {
            missing.push("nomor_sep");
        }
        if patient.is_empty() {
            missing.push("no_rm / no_kartu");
        }
        if r.get(Field::Admission).trim().is_empty() {
            missing.push("tgl_masuk");
        }
        if r.get(Field::Setting).trim().is_empty() {
            missing.push("jenis_rawat");
        }
        let sep_opt = (!sep.is_empty()).then(|| short(sep));
        if !missing.is_empty() {
            let m = missing.join(", ");
            return self.reject(
                line,
                "missing_value",
                sep_opt,
                format!("isian kosong: {m}"),
                format!("empty: {m}"),
                sink,
            );
        }
        let admission = normalise_date(r.get(Field::Admission));
        let discharge = normalise_date(r.get(Field::Discharge));
        let opt = |f: Field| {
            let v = r.get(f).trim();
            (!v.is_empty() && v != "-").then(|| v.to_string())
        };
        let setting = normalise_setting(r.get(Field::Setting));
        let documents: Vec<String> = r
            .get(Field::Documents)
            .split([';', ','])
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(String::from)
            .collect();
        let input = ClaimInput {
            id: Some(sep.to_string()),
            facility: opt(Field::Facility).map(Scalar::Text),
            setting: Some(Scalar::Text(setting)),
            sex: opt(Field::Sex).map(Scalar::Text),
            birth_date: opt(Field::BirthDate).map(|d| normalise_date(&d)),
            service_date: Some(admission.clone()),
            discharge_date: (!discharge.is_empty() && discharge != "-").then(|| discharge.clone()),
            diagnosa: opt(Field::Diagnosa),
            procedure: opt(Field::Procedure),
            discharge_status: opt(Field::DischargeStatus).map(|s| Scalar::Text(columns::normalise(&s))),
            documents,
            birth_weight_grams: match opt(Field::BirthWeight) {
                None => None,
                Some(w) => match w.parse::<f64>() {
                    Ok(w) => Some(w),
                    Err(_) => {
                        return self.reject(
                            line,
                            "invalid_value",
                            sep_opt,
                            format!("berat_lahir bukan angka: \"{}\"", short(&w)),
                            format!("berat_lahir is not a number: \"{}\"", short(&w)),
                            sink,
                        )
                    }
                },
            },
            care_class: opt(Field::CareClass).map(|c| Scalar::Text(columns::normalise(&c))),
            ..ClaimInput::default()
        };
        let claim = match input.validate() {
            Ok(c) => c,
            Err(e) => {
                let (id, en) = match &e {
                    Error::InvalidInput { field, detail } => {
                        let col = column_of(field);
                        (format!("kolom {col} tidak valid: {detail}"), format!("invalid {col}: {detail}"))
                    }
                    other => (other.message_id(), other.message_en()),
                };
                return self.reject(line, "invalid_value", sep_opt, id, en, sink);
            }
        };
        let start = parse_date("service_date", &admission).unwrap_or(0) as i32;
        let end = claim.los_days.map_or(start, |l| start + l as i32);
        let inpatient = claim.setting == checks::Setting::Inpatient;
        let report = checks::check(self.koder.catalog(), &claim);
        let mut findings: Vec<AuditFinding> = report
            .findings
            .into_iter()
            .map(|f| AuditFinding {
                rule: f.rule,
                family: f.family,
                level: f.level,
                message_id: f.message_id,
                message_en: f.message_en,
                codes: f.codes,
                suggestion_id: f.suggestion.text_id,
                suggestion_en: f.suggestion.text_en,
                related_row: None,
            })
            .collect();
        // Cross-claim checks.
        let mut cat = [0u8; 3];
        let principal_cat = claim.principal.as_deref().and_then(|p| {
            let b: Vec<u8> =
                p.bytes().filter(|c| c.is_ascii_alphanumeric()).take(3).map(|c| c.to_ascii_uppercase()).collect();
            (b.len() == 3).then(|| {
                cat.copy_from_slice(&b);
                cat
            })
        });
        let stay = Stay { start, end, row: line.min(u32::MAX as u64) as u32, cat, inpatient };
        let sep_hash = hash(sep);
        if let Some(&other) = self.seps.get(&sep_hash) {
            findings.push(AuditFinding {
                rule: "DBL-002".into(),
                family: "double_claim".into(),
                level: Level::Error,
                message_id: format!("Nomor SEP {} sudah diklaim di baris {other}.", short(sep)),
                message_en: format!("SEP number {} was already claimed in row {other}.", short(sep)),
                codes: vec![],
                suggestion_id: "Hapus salah satu klaim; satu SEP hanya boleh diklaim sekali.".into(),
                suggestion_en: "Remove one of the claims; a SEP may be claimed only once.".into(),
                related_row: Some(u64::from(other)),
            });
        } else {
            self.seps.insert(sep_hash, stay.row);
        }
        let days = self.opts.readmission_days as i32;
        let list = self.patients.entry(hash(patient)).or_default();
        let (lo, hi) = stay.days();
        let mut overlaps = 0;
        for prev in list.iter() {
            let (plo, phi) = prev.days();
            if plo <= hi && lo <= phi {
                overlaps += 1;
                if overlaps <= 5 {
                    let (kind_id, kind_en) = match (prev.inpatient, stay.inpatient) {
                        (true, true) => ("rawat inap yang tumpang tindih", "overlapping inpatient stays"),
                        (false, false) => {
                            ("dua kunjungan rawat jalan di hari yang sama", "two outpatient visits on the same day")
                        }
                        _ => {
                            ("rawat jalan di dalam periode rawat inap", "an outpatient visit within an inpatient stay")
                        }
                    };
                    findings.push(AuditFinding {
                        rule: "DBL-001".into(),
                        family: "double_claim".into(),
                        level: Level::Error,
                        message_id: format!(
                            "Kemungkinan klaim ganda: pasien yang sama, {kind_id} (baris {}).",
                            prev.row
                        ),
                        message_en: format!("Possible double claim: same patient, {kind_en} (row {}).", prev.row),
                        codes: vec![],
                        suggestion_id:
                            "Periksa kedua klaim; gabungkan pelayanan dalam satu episode atau batalkan yang ganda."
                                .into(),
                        suggestion_en:
                            "Review both claims; merge care of one episode into one claim or cancel the duplicate."
                                .into(),
                        related_row: Some(u64::from(prev.row)),
                    });
                }
                continue;
            }
            if days > 0 && stay.inpatient && prev.inpatient && principal_cat.is_some() && prev.cat == stay.cat {
                let (first, second, gap) = if prev.end <= stay.start {
                    (prev.row, stay.row, stay.start - prev.end)
                } else {
                    (stay.row, prev.row, prev.start - stay.end)
                };
                if (0..=days).contains(&gap) {
                    let c = String::from_utf8_lossy(&stay.cat).into_owned();
                    findings.push(AuditFinding {
                        rule: "RDM-001".into(),
                        family: "readmission".into(),
                        level: Level::Warning,
                        message_id: format!(
                            "Readmisi {gap} hari setelah pulang dengan kategori diagnosis utama yang sama ({c}): baris {second} setelah baris {first}."
                        ),
                        message_en: format!(
                            "Readmission {gap} days after discharge with the same principal category ({c}): row {second} after row {first}."
                        ),
                        codes: vec![c],
                        suggestion_id: format!(
                            "Pastikan bukan episode yang sama (pulang terlalu dini / fragmentasi); lampirkan resume kedua rawat inap (jendela {days} hari)."
                        ),
                        suggestion_en: format!(
                            "Make sure it is not the same episode (early discharge / fragmentation); attach both discharge summaries ({days}-day window)."
                        ),
                        related_row: Some(u64::from(prev.row)),
                    });
                }
            }
        }
        if list.len() >= MAX_STAYS_PER_PATIENT {
            list.remove(0);
        }
        list.push(stay);
        findings.sort_by_key(|f| f.level);
        let level = findings.iter().map(|f| f.level).min();
        let at_risk = matches!(level, Some(Level::Error | Level::Warning));
        let group = match (&self.grouper, self.opts.group) {
            (Some(g), GroupMode::All) | (Some(g), GroupMode::Risk) if at_risk || self.opts.group == GroupMode::All => {
                let gr = g.group_claim(self.koder.catalog(), &claim, true, self.context.as_ref());
                Some(GroupPreview {
                    ungroupable: gr.error.is_some(),
                    tariff: gr.tariff.as_ref().and_then(|t| t.base),
                    cbg: gr.cbg.code,
                    description_id: gr.cbg.description_id,
                })
            }
            _ => None,
        };
        let department = r.dept.then(|| {
            let d = r.get(Field::Department).trim();
            if d.is_empty() {
                "(kosong)".to_string()
            } else {
                short(&d.split_whitespace().collect::<Vec<_>>().join(" "))
            }
        });
        let result = ClaimResult {
            row: line,
            nomor_sep: short(sep),
            patient: short(patient),
            department,
            admission,
            setting: claim.setting.name().to_string(),
            level,
            at_risk,
            findings,
            group,
        };
        self.tally(&result);
        sink(RowOutcome::Audited(&result));
        if at_risk {
            if self.details.len() < self.opts.detail_limit {
                self.details.push(result);
            } else {
                self.claims_not_listed += 1;
            }
        }
    }

    fn tally(&mut self, r: &ClaimResult) {
        self.rows.read += 1;
        self.rows.audited += 1;
        match r.level {
            Some(Level::Error) => self.claims.error += 1,
            Some(Level::Warning) => self.claims.warning += 1,
            Some(Level::Info) => self.claims.info += 1,
            None => self.claims.clean += 1,
        }
        if r.at_risk {
            self.claims.at_risk += 1;
        }
        let tariff = r.group.as_ref().and_then(|g| g.tariff);
        let mut seen_rules: Vec<&str> = Vec::new();
        let mut seen_fam: Vec<&str> = Vec::new();
        for f in &r.findings {
            let acc = self.rules.entry(f.rule.clone()).or_default();
            acc.findings += 1;
            acc.level = Some(acc.level.map_or(f.level, |l| l.min(f.level)));
            if acc.family.is_empty() {
                acc.family = f.family.clone();
            }
            if !seen_rules.contains(&f.rule.as_str()) {
                seen_rules.push(&f.rule);
                acc.claims += 1;
                acc.tariff += tariff.unwrap_or(0);
            }
            if f.level != Level::Info && !seen_fam.contains(&f.family.as_str()) {
                seen_fam.push(&f.family);
                *self.families.entry(f.family.clone()).or_default() += 1;
            }
        }
        if let Some(t) = &mut self.tariff {
            if let Some(g) = &r.group {
                t.claims_grouped += 1;
                if g.tariff.is_some() {
                    t.claims_with_tariff += 1;
                }
                match (r.level, g.tariff) {
                    (Some(Level::Error), Some(x)) => t.at_risk_error += x,
                    (Some(Level::Warning), Some(x)) => t.at_risk_warning += x,
                    (Some(Level::Error | Level::Warning), None) => t.at_risk_without_tariff += 1,
                    _ => {}
                }
                t.at_risk_total = t.at_risk_error + t.at_risk_warning;
            }
        }
        if let Some(d) = &r.department {
            let e = self
                .departments
                .entry(d.clone())
                .or_insert_with(|| DepartmentCount { department: d.clone(), ..DepartmentCount::default() });
            e.claims += 1;
            if r.at_risk {
                e.at_risk += 1;
                e.tariff_at_risk += tariff.unwrap_or(0);
            }
            if r.level == Some(Level::Error) {
                e.error += 1;
            }
        }
    }

    /// The summary so far.
    pub fn summary(&self) -> Summary {
        let mut columns = BTreeMap::new();
        if let Some(h) = &self.header {
            for (f, name, _) in FIELDS {
                if let Some(i) = self.slots[f as usize] {
                    columns.insert(name.to_string(), h[i].trim_start_matches('\u{feff}').to_string());
                }
            }
        }
        let by_family = FAMILIES
            .iter()
            .filter_map(|(f, id, en)| {
                self.families.get(*f).map(|&claims| FamilyCount {
                    family: f.to_string(),
                    label_id: id.to_string(),
                    label_en: en.to_string(),
                    claims,
                })
            })
            .collect();
        let mut by_rule: Vec<RuleCount> = self
            .rules
            .iter()
            .map(|(rule, a)| RuleCount {
                rule: rule.clone(),
                family: a.family.clone(),
                level: a.level.unwrap_or(Level::Info),
                claims: a.claims,
                findings: a.findings,
                tariff: a.tariff,
            })
            .collect();
        by_rule.sort_by(|a, b| {
            (a.level, std::cmp::Reverse(a.claims), &a.rule).cmp(&(b.level, std::cmp::Reverse(b.claims), &b.rule))
        });
        Summary {
            format: self.format.unwrap_or(InputFormat::Csv),
            delimiter: (self.format == Some(InputFormat::Csv)).then(|| match self.delim {
                b'\t' => "tab".to_string(),
                d => (d as char).to_string(),
            }),
            columns,
            readmission_days: self.opts.readmission_days,
            group: if self.grouper.is_some() { self.opts.group } else { GroupMode::None },
            rows: self.rows.clone(),
            claims: self.claims.clone(),
            by_family,
            by_rule,
            by_department: self.departments.values().cloned().collect(),
            tariff: self.tariff.clone(),
            rejected: self.rejected.clone(),
            rejected_not_listed: self.rows.rejected - self.rejected.len() as u64,
            claims_not_listed: self.claims_not_listed,
        }
    }
}

/// The fields of one row, by slot.
struct RowFields<'a> {
    vals: [&'a str; FIELD_COUNT],
    dept: bool,
}

impl<'a> RowFields<'a> {
    fn from_fn(get: impl Fn(Field) -> &'a str, dept: bool) -> RowFields<'a> {
        let mut vals = [""; FIELD_COUNT];
        for (f, _, _) in FIELDS {
            vals[f as usize] = get(f);
        }
        RowFields { vals, dept }
    }

    fn get(&self, f: Field) -> &'a str {
        self.vals[f as usize]
    }
}

/// Audits a whole byte slice (tests, small files): the summary, the details and every outcome.
pub fn audit_bytes(
    data: &[u8],
    opts: AuditOptions,
    grouper: Option<Grouper>,
    context: Option<TariffContext>,
) -> Result<(Summary, Vec<ClaimResult>), Error> {
    let mut a = Auditor::new(opts, grouper, context)?;
    a.push(data, &mut |_| {})?;
    let s = a.finish(&mut |_| {})?;
    Ok((s, a.details.clone()))
}

/// Audit options as received from JavaScript (`new Auditor(options)`) or JSON: camelCase or
/// snake_case keys.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OptionsInput {
    /// `csv` or `jsonl`.
    pub format: Option<String>,
    /// `,` `;` `tab` `|`.
    pub delimiter: Option<String>,
    /// `kolom=HEADER,...` or an object `{ kolom: "HEADER" }`.
    pub map: Option<serde_json::Value>,
    /// Readmission window, 0–365 days.
    #[serde(alias = "readmissionDays")]
    pub readmission_days: Option<u32>,
    /// `none`, `risk`, `all`.
    pub group: Option<String>,
    /// A `# koder-tariff v1` table (CSV text).
    pub tariffs: Option<String>,
    /// Tariff context (regional, hospital_class, ownership).
    pub context: Option<crate::grouper::TariffContextInput>,
    /// Longest record, 1024 bytes – 64 MiB.
    #[serde(alias = "maxLineBytes")]
    pub max_line_bytes: Option<usize>,
    /// At-risk claims kept in detail for the HTML report.
    #[serde(alias = "detailLimit")]
    pub detail_limit: Option<usize>,
}

/// Keys [`OptionsInput`] accepts.
pub const OPTION_FIELDS: &[&str] = &[
    "format",
    "delimiter",
    "map",
    "readmission_days",
    "readmissionDays",
    "group",
    "tariffs",
    "context",
    "max_line_bytes",
    "maxLineBytes",
    "detail_limit",
    "detailLimit",
];

impl OptionsInput {
    /// Validates the options and builds the auditor.
    pub fn auditor(self) -> Result<Auditor, Error> {
        let mut o = AuditOptions::default();
        if let Some(f) = &self.format {
            o.format = Some(InputFormat::parse(f)?);
        }
        if let Some(d) = &self.delimiter {
            o.delimiter = Some(parse_delimiter(d)?);
        }
        match &self.map {
            None | Some(serde_json::Value::Null) => {}
            Some(serde_json::Value::String(s)) => o.map = ColumnMap::parse(s)?,
            Some(v @ serde_json::Value::Object(_)) => o.map = ColumnMap::parse(&v.to_string())?,
            Some(_) => {
                return Err(Error::InvalidInput {
                    field: "map",
                    detail: "teks atau objek / a string or an object".into(),
                })
            }
        }
        if let Some(d) = self.readmission_days {
            if d > 365 {
                return Err(Error::InvalidOption { option: "readmissionDays", expected: "0–365" });
            }
            o.readmission_days = d;
        }
        if let Some(g) = &self.group {
            o.group = GroupMode::parse(g)?;
        }
        if let Some(m) = self.max_line_bytes {
            if !(1024..=64 << 20).contains(&m) {
                return Err(Error::InvalidOption { option: "maxLineBytes", expected: "1024–67108864" });
            }
            o.max_record_bytes = m;
        }
        if let Some(d) = self.detail_limit {
            o.detail_limit = d.min(100_000);
        }
        let grouper = match &self.tariffs {
            Some(t) if !t.trim().is_empty() => {
                let mut g = Grouper::new()?;
                g.load_tariffs(t)?;
                if o.group == GroupMode::None {
                    o.group = GroupMode::Risk;
                }
                Some(g)
            }
            _ => None,
        };
        let context = self.context.as_ref().map(|c| c.validate()).transpose()?;
        Auditor::new(o, grouper, context)
    }
}
