//! Audit pra-pengajuan / pre-submission audit of a month of claims (verifikasi internal).
//!
//! A CSV (RFC 4180, `,` `;` tab or `|` delimited, detected from the header), E-Klaim's own TXT
//! export (recognised by its header, see [`eklaim`]) or JSON-lines export of claims is read **row
//! by row** ([`Auditor::push`] takes chunks of any size), each claim is
//! checked with the claim checks ([`crate::checks`]), claims are compared with the earlier
//! claims of the same patient (double claims, readmissions), and an INA-CBG grouping preview is
//! added when wanted ([`GroupMode`]). [`Auditor::finish`] gives the [`Summary`]; [`report`]
//! renders it as JSON, CSV and a self-contained HTML report.
//!
//! Memory stays flat: per patient only a compact list of stays (dates, principal category,
//! row) is kept for the cross-claim checks, plus a hash per SEP number; every row goes through the
//! one claim parser ([`crate::checks::claim`]); patient names, medical record and card numbers
//! are read to link claims and never printed. Records longer than
//! [`AuditOptions::max_record_bytes`] are rejected without being held. Columns and the mapping
//! format are documented in `docs/AUDIT.md`.

pub mod columns;
pub mod crossclaim;
pub mod csv;
pub mod eklaim;
pub mod report;

use crate::checks::claim::{civil_from_days, ClaimInput, Discharge, Key, Members, Raw, ALIASES};
use crate::checks::{self, Family, Level};
use crate::error::Error;
use crate::grouper::{Grouper, TariffContext};
use crate::Koder;
pub use columns::ColumnMap;
use columns::{short, Columns};
use crossclaim::CrossClaims;
pub use crossclaim::MAX_STAYS_PER_PATIENT;
pub use eklaim::{Agreement, EklaimComparison, EklaimMatch};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

/// Longest record (line) accepted by default: 1 MiB.
pub const DEFAULT_MAX_RECORD_BYTES: usize = 1 << 20;
/// Default readmission window in days.
pub const DEFAULT_READMISSION_DAYS: u32 = 30;

/// Input format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// Comma/semicolon separated values with a header line.
    Csv,
    /// One JSON object per line.
    Jsonl,
    /// E-Klaim's TXT export (tab, no quoting, 78 columns; `EKLAIM.md` §1).
    #[serde(rename = "eklaim_txt")]
    Eklaim,
}

impl InputFormat {
    /// Parses `csv` / `jsonl` (`ndjson`, `json`) / `eklaim` (`eklaim_txt`, `txt`).
    pub fn parse(s: &str) -> Result<InputFormat, Error> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(InputFormat::Csv),
            "jsonl" | "ndjson" | "json" => Ok(InputFormat::Jsonl),
            "eklaim" | "eklaim_txt" | "e-klaim" | "txt" => Ok(InputFormat::Eklaim),
            _ => Err(Error::InvalidOption { option: "format", expected: "csv | jsonl | eklaim" }),
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
    /// Input format; detected when `None` (`{` → JSON lines; E-Klaim's header → E-Klaim TXT).
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
    pub family: Family,
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

impl AuditFinding {
    /// A claim check's finding in the audit, with the row of the claim it relates to.
    pub fn from_finding(f: crate::checks::Finding, related_row: Option<u64>) -> AuditFinding {
        AuditFinding {
            rule: f.rule,
            family: f.family,
            level: f.level,
            message_id: f.message_id,
            message_en: f.message_en,
            codes: f.codes,
            suggestion_id: f.suggestion.text_id,
            suggestion_en: f.suggestion.text_en,
            related_row,
        }
    }
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
    /// Department, when the column is present.
    pub department: Option<String>,
    /// Admission date (YYYY-MM-DD).
    pub admission: String,
    /// Inpatient or outpatient.
    pub setting: checks::Setting,
    /// The highest level of the findings.
    pub level: Option<Level>,
    /// True when a finding is an error or a warning.
    pub at_risk: bool,
    /// Findings, errors first.
    pub findings: Vec<AuditFinding>,
    /// Grouping preview.
    pub group: Option<GroupPreview>,
    /// E-Klaim's own result beside the preview (E-Klaim TXT exports).
    pub eklaim: Option<EklaimMatch>,
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
    /// Rows (and header) that were not UTF-8 and were read as Windows-1252 (Latin-1).
    pub decoded_latin1: u64,
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
    pub family: Family,
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
    pub family: Family,
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
    /// E-Klaim's own results against the preview (null unless the file carries them).
    pub eklaim: Option<EklaimComparison>,
}

/// The label of a family in the audit reports (Indonesian, English).
pub fn family_label(f: Family) -> (&'static str, &'static str) {
    match f {
        Family::Validity => ("Kode tidak valid", "Invalid codes"),
        Family::Principal => ("Diagnosis utama", "Principal diagnosis"),
        Family::SexAge => ("Jenis kelamin / umur", "Sex / age"),
        Family::Redundancy => ("Kode ganda / berlebih", "Redundant codes"),
        Family::DxProcedure => ("Diagnosis ↔ tindakan", "Diagnosis ↔ procedure"),
        Family::Evidence => ("Bukti klinis", "Clinical evidence"),
        Family::Documents => ("Berkas pendukung", "Supporting documents"),
        Family::Fktp => ("FKTP / rujukan", "Primary care / referral"),
        Family::DoubleClaim => ("Klaim ganda", "Double claims"),
        Family::Readmission => ("Readmisi", "Readmissions"),
        Family::Cohort => ("Kohort audit kantor cabang", "Branch-office audit cohorts"),
    }
}

struct RuleAcc {
    family: Family,
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
    columns: Columns,
    dept: bool,
    fields: csv::Fields,
    fatal: Option<Error>,
    cross: CrossClaims,
    rows: RowCounts,
    claims: LevelCounts,
    families: BTreeMap<Family, u64>,
    rules: BTreeMap<String, RuleAcc>,
    departments: BTreeMap<String, DepartmentCount>,
    tariff: Option<TariffSummary>,
    eklaim: Option<EklaimComparison>,
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

/// A row's outcome before it is counted.
enum Row {
    Claim(Box<ClaimInput>),
    Reject { code: &'static str, sep: Option<String>, id: String, en: String },
}

fn reject(code: &'static str, sep: Option<String>, id: String, en: String) -> Row {
    Row::Reject { code, sep, id, en }
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
            columns: Columns::default(),
            dept: false,
            fields: csv::Fields::default(),
            fatal: None,
            cross: CrossClaims::default(),
            rows: RowCounts::default(),
            claims: LevelCounts::default(),
            families: BTreeMap::new(),
            rules: BTreeMap::new(),
            departments: BTreeMap::new(),
            tariff,
            eklaim: None,
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
    /// usable header, missing columns, UTF-16 text) is returned as an error, and every later call
    /// returns it again.
    pub fn push(&mut self, chunk: &[u8], sink: &mut dyn FnMut(RowOutcome<'_>)) -> Result<(), Error> {
        if let Some(e) = &self.fatal {
            return Err(e.clone());
        }
        if self.reader.is_some() {
            return self.feed(chunk, sink);
        }
        self.pending.extend_from_slice(chunk);
        // The format is decided on the first line (or 1 MiB of blank space).
        let body = self.pending.strip_prefix(b"\xef\xbb\xbf".as_slice()).unwrap_or(&self.pending);
        let first = body.iter().position(|b| !b.is_ascii_whitespace());
        let line_end = first.and_then(|f| body[f..].iter().position(|&b| b == b'\n' || b == b'\r'));
        if line_end.is_none() && self.pending.len() < self.opts.max_record_bytes {
            return Ok(());
        }
        self.start_reader()?;
        let pending = std::mem::take(&mut self.pending);
        self.feed(&pending, sink)
    }

    fn start_reader(&mut self) -> Result<(), Error> {
        let p = &self.pending;
        if p.starts_with(b"\xff\xfe") || p.starts_with(b"\xfe\xff") {
            let e = file_error(
                "berkas berenkode UTF-16; simpan ulang sebagai UTF-8 (atau CSV/TXT biasa) / \
                 the file is UTF-16 text; save it again as UTF-8 (or plain CSV/TXT)"
                    .into(),
            );
            self.fatal = Some(e.clone());
            return Err(e);
        }
        let body = p.strip_prefix(b"\xef\xbb\xbf".as_slice()).unwrap_or(p);
        let start = body.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(body.len());
        let line = &body[start..];
        let line = &line[..line.iter().position(|&b| b == b'\n' || b == b'\r').unwrap_or(line.len())];
        let mut format =
            self.format.unwrap_or(if line.first() == Some(&b'{') { InputFormat::Jsonl } else { InputFormat::Csv });
        let delim = self.opts.delimiter.unwrap_or_else(|| {
            if format == InputFormat::Eklaim {
                b'\t'
            } else {
                csv::detect_delimiter(line)
            }
        });
        if format == InputFormat::Csv && self.opts.format.is_none() {
            let mut names = csv::Fields::default();
            if csv::split(line, delim, &mut names).is_ok() && eklaim::is_eklaim_header(names.as_slice()) {
                format = InputFormat::Eklaim;
            }
        }
        self.format = Some(format);
        self.delim = delim;
        let mut reader = csv::RecordReader::new(format == InputFormat::Csv, self.opts.max_record_bytes);
        if format != InputFormat::Jsonl {
            reader.set_format(delim, format == InputFormat::Csv);
        }
        self.reader = Some(reader);
        Ok(())
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
}

impl Auditor {
    /// Ends the file and gives the summary.
    pub fn finish(&mut self, sink: &mut dyn FnMut(RowOutcome<'_>)) -> Result<Summary, Error> {
        if let Some(e) = &self.fatal {
            return Err(e.clone());
        }
        if self.reader.is_none() {
            if self.pending.iter().all(|b| b.is_ascii_whitespace() || b"\xef\xbb\xbf".contains(b)) {
                return Err(file_error("berkas kosong / the file is empty".into()));
            }
            self.start_reader()?;
            let pending = std::mem::take(&mut self.pending);
            self.feed(&pending, sink)?;
        }
        if let Some(mut reader) = self.reader.take() {
            reader.finish(&mut |rec| self.record(rec, true, sink));
            self.reader = Some(reader);
        }
        if let Some(e) = &self.fatal {
            return Err(e.clone());
        }
        if self.format != Some(InputFormat::Jsonl) && self.header.is_none() {
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
                if self.format != Some(InputFormat::Jsonl) && self.header.is_none() {
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
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf".as_slice()).unwrap_or(bytes);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            if self.header.is_some() || self.format == Some(InputFormat::Jsonl) {
                self.rows.blank_lines += 1;
            }
            return;
        }
        if csv::is_latin1(bytes) {
            self.rows.decoded_latin1 += 1;
        }
        if self.format == Some(InputFormat::Jsonl) {
            let row = self.json_row(bytes);
            return self.row(line, row, sink);
        }
        if self.header.is_none() {
            return self.header_row(bytes);
        }
        let row = self.table_row(bytes, last);
        self.row(line, row, sink);
    }

    fn header_row(&mut self, bytes: &[u8]) {
        let mut fields = csv::Fields::default();
        if self.format == Some(InputFormat::Eklaim) {
            csv::split_plain(bytes, self.delim, &mut fields);
            if !eklaim::is_eklaim_header(fields.as_slice()) {
                self.fatal = Some(Error::InvalidInput {
                    field: "header",
                    detail: "bukan header ekspor TXT E-Klaim (KODE_RS, PTD, DIAGLIST, PROCLIST, INACBG, SEP …) / \
                             not an E-Klaim TXT export header"
                        .into(),
                });
                return;
            }
        } else if let Err(e) = csv::split(bytes, self.delim, &mut fields) {
            self.fatal = Some(Error::InvalidInput {
                field: "header",
                detail: format!("tanda kutip rusak / broken quoting: {e:?}"),
            });
            return;
        }
        let header = fields.as_slice().to_vec();
        match self.opts.map.resolve(&header) {
            Ok(columns) => {
                self.dept = columns.index(Key::Department).is_some();
                if columns.index(Key::EklaimCbg).is_some() {
                    self.eklaim = Some(EklaimComparison::default());
                }
                self.columns = columns;
                self.header = Some(header);
            }
            Err(e) => self.fatal = Some(e),
        }
    }

    /// The header name of a field, for messages.
    fn column_name(&self, field: &str) -> String {
        let key = ALIASES.iter().find(|(n, _, _)| *n == field).map(|a| a.1);
        match (key.and_then(|k| self.columns.index(k)), &self.header) {
            (Some(i), Some(h)) => h[i].trim_start_matches('\u{feff}').to_string(),
            _ => field.to_string(),
        }
    }

    fn invalid_row(&self, sep: Option<String>, e: &Error) -> Row {
        let (id, en) = match e {
            Error::InvalidInput { field, detail } => {
                let col = self.column_name(field);
                (format!("kolom {col} tidak valid: {detail}"), format!("invalid {col}: {detail}"))
            }
            other => (other.message_id(), other.message_en()),
        };
        reject("invalid_value", sep, id, en)
    }

    /// A CSV or E-Klaim TXT row into a claim, through the claim parser's table path.
    fn table_row(&mut self, bytes: &[u8], last: bool) -> Row {
        let mut fields = std::mem::take(&mut self.fields);
        let row = self.table_fields(bytes, last, &mut fields);
        self.fields = fields;
        row
    }

    fn table_fields(&self, bytes: &[u8], last: bool, fields: &mut csv::Fields) -> Row {
        let eklaim = self.format == Some(InputFormat::Eklaim);
        if eklaim {
            csv::split_plain(bytes, self.delim, fields);
        } else if let Err(e) = csv::split(bytes, self.delim, fields) {
            let (col, unterminated) = match e {
                csv::SplitError::BadQuote(c) => (c, false),
                csv::SplitError::Unterminated(c) => (c, true),
            };
            let what = if unterminated || last {
                ("tanda kutip tidak ditutup", "unterminated quote")
            } else {
                ("tanda kutip tidak sesuai RFC 4180", "quote not as RFC 4180 allows")
            };
            return reject(
                "broken_quoting",
                None,
                format!("{} di kolom {col}", what.0),
                format!("{} in column {col}", what.1),
            );
        }
        let n = self.header.as_ref().map_or(0, Vec::len);
        let fits = if eklaim { eklaim::row_fits(n, fields.len()) } else { fields.len() == n };
        let sep = || self.columns.index(Key::Id).and_then(|i| fields.get(i)).map(|s| short(s.trim()));
        if !fits {
            return reject(
                "column_count",
                sep(),
                format!("{} kolom, header punya {n}", fields.len()),
                format!("{} columns, the header has {n}", fields.len()),
            );
        }
        let mut input = ClaimInput::default();
        for (i, col) in self.columns.cols.iter().enumerate() {
            if let (Some((key, form)), Some(cell)) = (col, fields.get(i)) {
                if let Err(e) = input.set(*key, *form, Raw::Cell(cell)) {
                    return self.invalid_row(sep(), &e);
                }
            }
        }
        Row::Claim(Box::new(input))
    }

    /// A JSON-lines row into a claim: the claim parser, with the column mapping first and unknown
    /// keys ignored (as the extra columns of a CSV are).
    fn json_row(&mut self, bytes: &[u8]) -> Row {
        let text = csv::decode(bytes);
        let members: Members = match serde_json::from_str(&text) {
            Ok(m) => m,
            Err(e) if !text.trim_start().starts_with('{') => {
                let _ = e;
                return reject("invalid_json", None, "bukan objek JSON".into(), "not a JSON object".into());
            }
            Err(e) if e.is_data() => return reject("invalid_value", None, format!("JSON: {e}"), format!("JSON: {e}")),
            Err(e) => {
                return reject("invalid_json", None, format!("JSON tidak valid: {e}"), format!("invalid JSON: {e}"))
            }
        };
        let pairs: Vec<(&str, &serde_json::Value)> = members.0.iter().map(|(k, v)| (k.as_str(), v)).collect();
        let sep = members
            .0
            .iter()
            .find(|(k, _)| self.opts.map.field_of(k).is_some_and(|(f, _)| f == Key::Id))
            .and_then(|(_, v)| v.as_str().map(|s| short(s.trim())));
        match ClaimInput::from_pairs_with(&pairs, |k| self.opts.map.field_of(k), false) {
            Ok(input) => {
                // A JSON-lines file has no header: the department summary starts with the first
                // row that names one.
                self.dept |= input.department.is_some();
                Row::Claim(Box::new(input))
            }
            Err(e) => self.invalid_row(sep, &e),
        }
    }

    fn row(&mut self, line: u64, row: Row, sink: &mut dyn FnMut(RowOutcome<'_>)) {
        match row {
            Row::Reject { code, sep, id, en } => self.reject(line, code, sep, id, en, sink),
            Row::Claim(input) => self.claim(line, *input, sink),
        }
    }
}

impl Auditor {
    fn claim(&mut self, line: u64, input: ClaimInput, sink: &mut dyn FnMut(RowOutcome<'_>)) {
        let sep = input.id.clone().unwrap_or_default();
        let patient = input.mrn.clone().or_else(|| input.card_number.clone()).unwrap_or_default();
        let mut missing = Vec::new();
        if sep.is_empty() {
            missing.push("nomor_sep");
        }
        if patient.is_empty() {
            missing.push("no_rm / no_kartu");
        }
        if input.service_date.is_none() {
            missing.push("tgl_masuk");
        }
        if input.setting.is_none() {
            missing.push("jenis_rawat");
        }
        let sep_opt = (!sep.is_empty()).then(|| short(&sep));
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
        let claim = match input.validate() {
            Ok(c) => c,
            Err(e) => {
                let Row::Reject { code, sep, id, en } = self.invalid_row(sep_opt, &e) else { return };
                return self.reject(line, code, sep, id, en, sink);
            }
        };
        let report = checks::check(self.koder.catalog(), &claim);
        let mut findings: Vec<AuditFinding> =
            report.findings.into_iter().map(|f| AuditFinding::from_finding(f, None)).collect();
        let row32 = line.min(u64::from(u32::MAX)) as u32;
        self.cross.check(&claim, row32, hash(&sep), hash(&patient), self.opts.readmission_days, &mut findings);
        let at_risk_now = findings.iter().any(|f| f.level != Level::Info);
        // Short stay discharged home: the branch offices audit severity II/III (COH-001).
        let short_home = claim.setting == Some(checks::Setting::Inpatient)
            && claim.eklaim_los().is_some_and(|l| (1..=2).contains(&l))
            && claim.discharge == Some(Discharge::Home);
        let want_group = match self.opts.group {
            GroupMode::None => false,
            GroupMode::All => true,
            GroupMode::Risk => at_risk_now || claim.eklaim.is_some() || short_home,
        };
        let group = match (&self.grouper, want_group) {
            (Some(g), true) => {
                let mut ctx = self.context.clone().unwrap_or_default();
                ctx.hospital_class = ctx.hospital_class.or(claim.hospital_class);
                ctx.ownership = ctx.ownership.or(claim.ownership);
                let gr = g.cbg(self.koder.catalog(), self.koder.code_sets(), &claim, Some(&ctx));
                Some(GroupPreview {
                    ungroupable: gr.ungroupable,
                    tariff: gr.tariff,
                    cbg: gr.code,
                    description_id: gr.description_id,
                })
            }
            _ => None,
        };
        if short_home {
            let cbg = claim.eklaim.as_ref().map(|e| e.cbg.as_str()).or(group.as_ref().map(|g| g.cbg.as_str()));
            if let Some(cbg) = cbg.filter(|c| c.ends_with("-II") || c.ends_with("-III")) {
                let los = claim.eklaim_los().unwrap_or(0).to_string();
                let extra = [("{los}", los.clone(), los), ("{cbg}", cbg.to_string(), cbg.to_string())];
                if let Some(f) = checks::rule_finding("COH-001", vec![cbg.to_string()], &extra) {
                    findings.push(AuditFinding::from_finding(f, None));
                }
            }
        }
        findings.sort_by_key(|f| f.level);
        let level = findings.iter().map(|f| f.level).min();
        let at_risk = matches!(level, Some(Level::Error | Level::Warning));
        let eklaim = claim.eklaim.as_ref().map(|e| EklaimMatch {
            row: line,
            nomor_sep: short(&sep),
            eklaim_cbg: e.cbg.clone(),
            eklaim_tariff: e.tariff,
            koder_cbg: group.as_ref().map(|g| g.cbg.clone()),
            agreement: eklaim::compare(&e.cbg, group.as_ref().map(|g| g.cbg.as_str())),
        });
        let department = self.dept.then(|| match claim.department.as_deref() {
            None | Some("") => "(kosong)".to_string(),
            Some(d) => short(d),
        });
        let result = ClaimResult {
            row: line,
            nomor_sep: short(&sep),
            department,
            admission: claim.service_day.map(civil_from_days).unwrap_or_default(),
            setting: claim.care_setting(),
            level,
            at_risk,
            findings,
            group,
            eklaim,
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
        let mut seen_fam: Vec<Family> = Vec::new();
        for f in &r.findings {
            let acc = self.rules.entry(f.rule.clone()).or_insert_with(|| RuleAcc {
                family: f.family,
                level: None,
                claims: 0,
                findings: 0,
                tariff: 0,
            });
            acc.findings += 1;
            acc.level = Some(acc.level.map_or(f.level, |l| l.min(f.level)));
            if !seen_rules.contains(&f.rule.as_str()) {
                seen_rules.push(&f.rule);
                acc.claims += 1;
                acc.tariff += tariff.unwrap_or(0);
            }
            if f.level != Level::Info && !seen_fam.contains(&f.family) {
                seen_fam.push(f.family);
                *self.families.entry(f.family).or_default() += 1;
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
        if let (Some(c), Some(m)) = (&mut self.eklaim, &r.eklaim) {
            c.add(m, self.opts.detail_limit);
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
            for (i, c) in self.columns.cols.iter().enumerate() {
                if let Some((k, _)) = c.filter(|(k, _)| *k != Key::Unused && *k != Key::PatientName) {
                    columns.insert(k.name().to_string(), h[i].trim_start_matches('\u{feff}').to_string());
                }
            }
        }
        let by_family = Family::ALL
            .into_iter()
            .filter_map(|f| {
                let (id, en) = family_label(f);
                self.families.get(&f).map(|&claims| FamilyCount {
                    family: f,
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
                family: a.family,
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
            delimiter: (self.format != Some(InputFormat::Jsonl)).then(|| match self.delim {
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
            eklaim: self.eklaim.clone(),
        }
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
