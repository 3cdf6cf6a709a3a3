//! `koder audit`: the command-line driver of the audit engine (`koder::audit`, native only). Reads
//! the file in 1 MiB chunks, writes the findings CSV as it goes, shows a progress bar when stderr
//! is a terminal.
//!
//! Exit codes: 0 audited, nothing at risk; 1 the file cannot be audited (unreadable, empty, no
//! usable header, missing columns) or an output cannot be written; 2 usage; 3 audited, but some
//! rows were rejected; 4 audited, every row read, some claims at risk.

use crate::args::{flag, value, Args, Opt};
use crate::claims::context_arg;
use crate::error::{CliError, Exit};
use koder::audit::report::{self, ReportMeta};
use koder::audit::{AuditOptions, Auditor, ColumnMap, GroupMode, InputFormat, RowOutcome, Summary};
use koder::bounded;
use koder::Grouper;
use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::time::{Duration, Instant};

/// Usage of `koder audit`.
pub const USAGE: &str = "\
Penggunaan / Usage:
  koder audit FILE [--format csv|jsonl|eklaim] [--delimiter ;] [--map kolom=HEADER,...|@map.json]
              [--readmission-days 30] [--group none|risk|all] [--tariffs FILE.csv] [--context JSON]
              [--report report.html] [--json summary.json] [--csv findings.csv] [--summary-csv FILE]
              [--max-line-bytes N] [--quiet]
                                            (audit klaim sebulan / audit a month of claims; - = stdin;
                                             exit 0 bersih/clean, 1 gagal/failed, 2 usage,
                                             3 ada baris ditolak/rows rejected, 4 ada klaim berisiko/claims at risk)
  Opsi / options: --opsi nilai atau / or --opsi=nilai; -d = --delimiter, -q = --quiet.
";

/// The options of `koder audit`: `--json` names a file here.
pub const OPTIONS: &[Opt] = &[
    value("--format"),
    value("--delimiter").short("-d"),
    value("--map"),
    value("--readmission-days"),
    value("--group"),
    value("--tariffs"),
    value("--context"),
    value("--report"),
    value("--json"),
    value("--csv"),
    value("--summary-csv"),
    value("--max-line-bytes"),
    flag("--quiet").short("-q"),
];

/// A side file (`--map @FILE`, `--tariffs FILE`) through the one bounded reader.
fn read_small(path: &str, max: usize) -> Result<String, CliError> {
    crate::input::read_input(path, max as u64)
}

/// Options from the arguments.
fn options(a: &Args) -> Result<AuditOptions, CliError> {
    let mut o = AuditOptions::default();
    if let Some(f) = a.value("--format") {
        o.format = Some(InputFormat::parse(f).map_err(CliError::bad_value)?);
    }
    if let Some(d) = a.value("--delimiter") {
        o.delimiter = Some(koder::audit::parse_delimiter(d).map_err(CliError::bad_value)?);
    }
    if let Some(m) = a.value("--map") {
        let text = match m.strip_prefix('@') {
            Some(path) => read_small(path, bounded::MAX_SIDE_FILE_BYTES as usize)?,
            None => m.to_string(),
        };
        o.map = ColumnMap::parse(&text).map_err(CliError::bad_value)?;
    }
    if let Some(r) = a.value("--readmission-days") {
        o.readmission_days = r.parse().ok().filter(|d: &u32| *d <= 365).ok_or_else(|| {
            CliError::usage(
                &format!("--readmission-days harus 0–365, bukan \"{r}\""),
                &format!("--readmission-days must be 0–365, not \"{r}\""),
            )
        })?;
    }
    if let Some(g) = a.value("--group") {
        o.group = GroupMode::parse(g).map_err(CliError::bad_value)?;
    }
    if let Some(m) = a.value("--max-line-bytes") {
        o.max_record_bytes = m.parse().ok().filter(|n: &usize| (1024..=64 << 20).contains(n)).ok_or_else(|| {
            CliError::usage("--max-line-bytes harus 1024–67108864", "--max-line-bytes must be 1024–67108864")
        })?;
    }
    Ok(o)
}

struct Progress {
    on: bool,
    total: Option<u64>,
    last: Instant,
    start: Instant,
    drawn: bool,
}

impl Progress {
    fn tick(&mut self, bytes: u64, rows: u64, force: bool) {
        if !self.on || (!force && self.last.elapsed() < Duration::from_millis(120)) {
            return;
        }
        self.last = Instant::now();
        let secs = self.start.elapsed().as_secs_f64().max(1e-3);
        let rate = rows as f64 / secs;
        let line = match self.total.filter(|t| *t > 0) {
            Some(t) => {
                let f = (bytes as f64 / t as f64).min(1.0);
                let n = (f * 30.0) as usize;
                format!(
                    "\r[{}{}] {:>3.0}% {rows} baris/rows · {rate:.0}/s ",
                    "#".repeat(n),
                    "-".repeat(30 - n),
                    f * 100.0
                )
            }
            None => format!("\r{rows} baris/rows · {} MB · {rate:.0}/s ", bytes >> 20),
        };
        let mut e = io::stderr().lock();
        let _ = e.write_all(line.as_bytes());
        let _ = e.flush();
        self.drawn = true;
    }

    fn done(&mut self) {
        if self.drawn {
            let _ = io::stderr().write_all(b"\r\x1b[2K");
        }
    }
}

fn create(path: &str) -> Result<io::BufWriter<Box<dyn Write>>, CliError> {
    let w: Box<dyn Write> = if path == "-" {
        Box::new(io::stdout())
    } else {
        Box::new(File::create(path).map_err(|e| CliError::cannot_write(path, e))?)
    };
    Ok(io::BufWriter::with_capacity(1 << 16, w))
}

/// `koder audit FILE [options]`: audits the file, writes the outputs asked for, prints the summary
/// (unless an output goes to stdout or `--quiet`); exit 3 or 4 when rows were rejected or claims
/// are at risk.
pub fn audit(a: &Args, out: &mut dyn Write) -> Result<(), CliError> {
    let path = match a.positional.as_slice() {
        [p] => p.as_str(),
        [] => return Err(CliError::usage("perlu FILE", "FILE is required")),
        _ => return Err(CliError::usage("hanya satu berkas", "only one file")),
    };
    let opts = options(a)?;
    let mut grouper = None;
    if let Some(t) = a.value("--tariffs") {
        let mut g = Grouper::new()?;
        g.load_tariffs(&read_small(t, koder::grouper::MAX_TABLE_BYTES)?)?;
        grouper = Some(g);
    }
    let context = a.value("--context").map(context_arg).transpose()?;
    let mut auditor = Auditor::new(opts, grouper, context)?;
    let summary = stream(path, a, &mut auditor)?;
    write_outputs(a, path, &summary, &auditor)?;
    let outputs = ["--json", "--csv", "--report", "--summary-csv"];
    let to_stdout = outputs.iter().any(|o| a.value(o) == Some("-"));
    if !to_stdout && !a.flag("--quiet") {
        print_summary(&summary, out).map_err(|e| CliError::cannot_write("stdout", e))?;
    }
    outcome(&summary)
}

/// Reads the file chunk by chunk through the auditor, writing the findings CSV (`--csv`) as the
/// rows come and the first 20 rejected rows on stderr.
fn stream(path: &str, a: &Args, auditor: &mut Auditor) -> Result<Summary, CliError> {
    let mut input = bounded::open(path, bounded::MAX_AUDIT_FILE_BYTES).map_err(CliError::failed)?;
    let csv_path = a.value("--csv");
    let mut csv_out = match csv_path {
        Some(p) => {
            let mut w = create(p)?;
            w.write_all(report::FINDINGS_CSV_HEADER.as_bytes()).map_err(|e| CliError::cannot_write(p, e))?;
            Some(w)
        }
        None => None,
    };
    let quiet = a.flag("--quiet");
    let mut progress = Progress {
        on: !quiet && io::stderr().is_terminal(),
        total: input.len,
        last: Instant::now(),
        start: Instant::now(),
        drawn: false,
    };
    let mut buf = vec![0u8; 1 << 20];
    let mut line = String::new();
    let mut write_err: Option<io::Error> = None;
    let mut shown_rejects = 0usize;
    let clear = if progress.on { "\r\x1b[2K" } else { "" };
    let mut sink = |o: RowOutcome<'_>| {
        if let RowOutcome::Rejected(r) = &o {
            if !quiet && shown_rejects < 20 {
                shown_rejects += 1;
                eprintln!("{clear}koder: baris / row {}: {} / {}", r.row, r.message_id, r.message_en);
            }
        }
        if let Some(w) = csv_out.as_mut() {
            line.clear();
            report::findings_csv(&o, &mut line);
            if write_err.is_none() {
                if let Err(e) = w.write_all(line.as_bytes()) {
                    write_err = Some(e);
                }
            }
        }
    };
    let ended = |progress: &mut Progress, e: CliError| {
        progress.done();
        e
    };
    loop {
        let n = match input.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) if e.kind() == io::ErrorKind::Other => {
                return Err(ended(&mut progress, CliError::failed(e.to_string())))
            }
            Err(e) => return Err(ended(&mut progress, CliError::failed(bounded::cannot_read(path, &e)))),
        };
        auditor.push(&buf[..n], &mut sink).map_err(|e| ended(&mut progress, e.into()))?;
        progress.tick(auditor.bytes(), auditor.rows().read, false);
    }
    let summary = auditor.finish(&mut sink).map_err(|e| ended(&mut progress, e.into()))?;
    progress.tick(auditor.bytes(), auditor.rows().read, true);
    progress.done();
    if let Some(e) = write_err {
        return Err(CliError::cannot_write(csv_path.unwrap_or(""), e));
    }
    if let (Some(w), Some(p)) = (csv_out.as_mut(), csv_path) {
        w.flush().map_err(|e| CliError::cannot_write(p, e))?;
    }
    Ok(summary)
}

/// The summary JSON (`--json`), summary CSV (`--summary-csv`) and HTML report (`--report`).
fn write_outputs(a: &Args, path: &str, summary: &Summary, auditor: &Auditor) -> Result<(), CliError> {
    if let Some(p) = a.value("--json") {
        let mut w = create(p)?;
        serde_json::to_writer_pretty(&mut w, summary)?;
        w.write_all(b"\n").and_then(|_| w.flush()).map_err(|e| CliError::cannot_write(p, e))?;
    }
    if let Some(p) = a.value("--summary-csv") {
        let mut w = create(p)?;
        w.write_all(report::summary_csv(summary).as_bytes())
            .and_then(|_| w.flush())
            .map_err(|e| CliError::cannot_write(p, e))?;
    }
    if let Some(p) = a.value("--report") {
        let source =
            std::path::Path::new(path).file_name().map_or(path.to_string(), |f| f.to_string_lossy().into_owned());
        let html = report::html(summary, auditor.details(), &ReportMeta { source, generated: String::new() });
        let mut w = create(p)?;
        w.write_all(html.as_bytes()).and_then(|_| w.flush()).map_err(|e| CliError::cannot_write(p, e))?;
    }
    Ok(())
}

/// Exit 3 when rows were rejected, 4 when claims are at risk, else success.
fn outcome(s: &Summary) -> Result<(), CliError> {
    let (rejected, at_risk) = (s.rows.rejected, s.claims.at_risk);
    if rejected > 0 {
        let message = format!(
            "{rejected} baris ditolak, {at_risk} klaim berisiko / {rejected} rows rejected, {at_risk} claims at risk"
        );
        return Err(CliError::outcome(Exit::RowsRejected, message));
    }
    if at_risk > 0 {
        return Err(CliError::outcome(
            Exit::ClaimsAtRisk,
            format!("{at_risk} klaim berisiko / {at_risk} claims at risk"),
        ));
    }
    Ok(())
}

/// The summary as text on stdout.
fn print_summary(s: &Summary, o: &mut dyn Write) -> io::Result<()> {
    writeln!(
        o,
        "Baris dibaca / rows read: {} (diaudit / audited {}, ditolak / rejected {})",
        s.rows.read, s.rows.audited, s.rows.rejected
    )?;
    writeln!(
        o,
        "Klaim berisiko / claims at risk: {} (error {}, peringatan / warning {}); info {}, bersih / clean {}",
        s.claims.at_risk, s.claims.error, s.claims.warning, s.claims.info, s.claims.clean
    )?;
    for f in &s.by_family {
        writeln!(o, "  {:<14} {:>8}  {} / {}", f.family, f.claims, f.label_id, f.label_en)?;
    }
    for r in s.by_rule.iter().take(10) {
        writeln!(o, "  {:<10} {:<8} {:>8} klaim/claims", r.rule, format!("{:?}", r.level).to_lowercase(), r.claims)?;
    }
    if let Some(t) = &s.tariff {
        writeln!(
            o,
            "Tarif berisiko / tariff at risk: Rp {} (error Rp {}, warning Rp {})",
            t.at_risk_total, t.at_risk_error, t.at_risk_warning
        )?;
    }
    if let Some(e) = &s.eklaim {
        writeln!(
            o,
            "E-Klaim vs pratinjau / preview: {} klaim/claims, sama/agree {}, keparahan beda/other severity {}, \
             kelompok beda/other group {}, tanpa pratinjau/not grouped {}",
            e.claims, e.agree, e.severity, e.differ, e.not_grouped
        )?;
        writeln!(
            o,
            "  Tarif E-Klaim / E-Klaim's tariff: Rp {} (sama/agree Rp {}, beda/differ Rp {})",
            e.eklaim_tariff_total, e.eklaim_tariff_agree, e.eklaim_tariff_differ
        )?;
        for d in e.differences.iter().take(20) {
            writeln!(
                o,
                "  baris/row {} SEP {}: E-Klaim {} (Rp {}) · Koder {}",
                d.row,
                d.nomor_sep,
                d.eklaim_cbg,
                d.eklaim_tariff.unwrap_or(0),
                d.koder_cbg.as_deref().unwrap_or("—")
            )?;
        }
    }
    if s.rows.decoded_latin1 > 0 {
        writeln!(
            o,
            "Dibaca sebagai Windows-1252 (Latin-1) / read as Windows-1252 (Latin-1): {} baris/rows",
            s.rows.decoded_latin1
        )?;
    }
    Ok(())
}
