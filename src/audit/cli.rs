//! `koder audit`: the command-line driver of the audit (native only). Reads the file in 1 MiB
//! chunks, writes the findings CSV as it goes, shows a progress bar when stderr is a terminal.
//!
//! Exit codes: 0 audited, nothing at risk; 1 the file cannot be audited (unreadable, empty, no
//! usable header, missing columns) or an output cannot be written; 2 usage; 3 audited, but some
//! rows were rejected; 4 audited, every row read, some claims at risk.

use super::report::{self, ReportMeta};
use super::{AuditOptions, Auditor, ColumnMap, GroupMode, InputFormat, RowOutcome, Summary};
use crate::error::Error;
use crate::grouper::{Grouper, TariffContextInput};
use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::time::{Duration, Instant};

/// Usage of `koder audit`.
pub const USAGE: &str = "\
  koder audit FILE [--format csv|jsonl|eklaim] [--delimiter ;] [--map kolom=HEADER,...|@map.json]
              [--readmission-days 30] [--group none|risk|all] [--tariffs FILE.csv] [--context JSON]
              [--report report.html] [--json summary.json] [--csv findings.csv] [--summary-csv FILE]
              [--max-line-bytes N] [--quiet]
                                            (audit klaim sebulan / audit a month of claims; - = stdin;
                                             exit 0 bersih/clean, 1 gagal/failed, 2 usage,
                                             3 ada baris ditolak/rows rejected, 4 ada klaim berisiko/claims at risk)";

/// A failure: message and exit code.
pub type Failure = (String, u8);

fn usage(id: &str, en: &str) -> Failure {
    (format!("{id} / {en}\n\nPenggunaan / Usage:\n{USAGE}"), 2)
}

fn engine(e: Error) -> Failure {
    (e.to_string(), 1)
}

fn engine_usage(e: Error) -> Failure {
    (e.to_string(), 2)
}

fn io_fail(what: &str, path: &str, e: io::Error) -> Failure {
    (format!("{what} {path}: {e}"), 1)
}

#[derive(Default)]
struct Args {
    file: Option<String>,
    format: Option<String>,
    delimiter: Option<String>,
    map: Option<String>,
    readmission: Option<String>,
    group: Option<String>,
    tariffs: Option<String>,
    context: Option<String>,
    report: Option<String>,
    json: Option<String>,
    csv: Option<String>,
    summary_csv: Option<String>,
    max_line: Option<String>,
    quiet: bool,
}

fn parse(raw: &[String]) -> Result<Args, Failure> {
    let mut a = Args::default();
    let mut it = raw.iter();
    while let Some(arg) = it.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or_else(|| usage(&format!("{name} memerlukan nilai"), &format!("{name} needs a value")))
        };
        match name {
            "--format" => a.format = Some(value()?),
            "--delimiter" | "-d" => a.delimiter = Some(value()?),
            "--map" => a.map = Some(value()?),
            "--readmission-days" => a.readmission = Some(value()?),
            "--group" => a.group = Some(value()?),
            "--tariffs" => a.tariffs = Some(value()?),
            "--context" => a.context = Some(value()?),
            "--report" => a.report = Some(value()?),
            "--json" => a.json = Some(value()?),
            "--csv" => a.csv = Some(value()?),
            "--summary-csv" => a.summary_csv = Some(value()?),
            "--max-line-bytes" => a.max_line = Some(value()?),
            "--quiet" | "-q" => a.quiet = true,
            "-" => set_file(&mut a, arg)?,
            s if s.starts_with('-') => {
                return Err(usage(&format!("opsi tidak dikenal: {s}"), &format!("unknown option: {s}")))
            }
            _ => set_file(&mut a, arg)?,
        }
    }
    Ok(a)
}

fn set_file(a: &mut Args, f: &str) -> Result<(), Failure> {
    if a.file.is_some() {
        return Err(usage("hanya satu berkas", "only one file"));
    }
    a.file = Some(f.to_string());
    Ok(())
}

/// A side file (`--map @FILE`, `--tariffs FILE`) through the one bounded reader.
fn read_small(path: &str, max: usize) -> Result<String, Failure> {
    crate::bounded::read_to_string(path, max as u64).map_err(|m| (m, 1))
}

/// Options from the arguments.
fn options(a: &Args) -> Result<AuditOptions, Failure> {
    let mut o = AuditOptions::default();
    if let Some(f) = &a.format {
        o.format = Some(InputFormat::parse(f).map_err(engine_usage)?);
    }
    if let Some(d) = &a.delimiter {
        o.delimiter = Some(super::parse_delimiter(d).map_err(engine_usage)?);
    }
    if let Some(m) = &a.map {
        let text = match m.strip_prefix('@') {
            Some(path) => read_small(path, crate::bounded::MAX_SIDE_FILE_BYTES as usize)?,
            None => m.clone(),
        };
        o.map = ColumnMap::parse(&text).map_err(engine_usage)?;
    }
    if let Some(r) = &a.readmission {
        o.readmission_days = r.parse().ok().filter(|d: &u32| *d <= 365).ok_or_else(|| {
            usage(
                &format!("--readmission-days harus 0–365, bukan \"{r}\""),
                &format!("--readmission-days must be 0–365, not \"{r}\""),
            )
        })?;
    }
    if let Some(g) = &a.group {
        o.group = GroupMode::parse(g).map_err(engine_usage)?;
    }
    if let Some(m) = &a.max_line {
        o.max_record_bytes =
            m.parse().ok().filter(|n: &usize| (1024..=64 << 20).contains(n)).ok_or_else(|| {
                usage("--max-line-bytes harus 1024–67108864", "--max-line-bytes must be 1024–67108864")
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

fn create(path: &str) -> Result<io::BufWriter<Box<dyn Write>>, Failure> {
    let w: Box<dyn Write> = if path == "-" {
        Box::new(io::stdout())
    } else {
        Box::new(File::create(path).map_err(|e| io_fail("Tidak dapat menulis / Cannot write", path, e))?)
    };
    Ok(io::BufWriter::with_capacity(1 << 16, w))
}

/// Runs `koder audit` with the arguments after `audit`.
pub fn run(raw: &[String]) -> Result<(), Failure> {
    if raw.iter().any(|a| a == "--help" || a == "-h") {
        println!("Penggunaan / Usage:\n{USAGE}");
        return Ok(());
    }
    let a = parse(raw)?;
    let Some(path) = a.file.clone() else {
        return Err(usage("perlu FILE", "FILE is required"));
    };
    let opts = options(&a)?;
    let mut grouper = None;
    if let Some(t) = &a.tariffs {
        let mut g = Grouper::new().map_err(engine)?;
        g.load_tariffs(&read_small(t, crate::grouper::MAX_TABLE_BYTES)?).map_err(engine)?;
        grouper = Some(g);
    }
    let context = match &a.context {
        None => None,
        Some(c) => {
            let input: TariffContextInput = serde_json::from_str(c)
                .map_err(|e| engine_usage(Error::InvalidInput { field: "--context", detail: e.to_string() }))?;
            Some(input.validate().map_err(engine_usage)?)
        }
    };
    let mut auditor = Auditor::new(opts, grouper, context).map_err(engine)?;
    let mut input = crate::bounded::open(&path, crate::bounded::MAX_AUDIT_FILE_BYTES).map_err(|m| (m, 1))?;
    let total = input.len;
    let mut csv_out = match &a.csv {
        Some(p) => {
            let mut w = create(p)?;
            w.write_all(report::FINDINGS_CSV_HEADER.as_bytes())
                .map_err(|e| io_fail("Tidak dapat menulis / Cannot write", p, e))?;
            Some(w)
        }
        None => None,
    };
    let mut progress = Progress {
        on: !a.quiet && io::stderr().is_terminal(),
        total,
        last: Instant::now(),
        start: Instant::now(),
        drawn: false,
    };
    let mut buf = vec![0u8; 1 << 20];
    let mut line = String::new();
    let mut write_err: Option<io::Error> = None;
    let mut shown_rejects = 0usize;
    let quiet = a.quiet;
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
    loop {
        let n = match input.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) if e.kind() == io::ErrorKind::Other => {
                progress.done();
                return Err((e.to_string(), 1));
            }
            Err(e) => {
                progress.done();
                return Err((crate::bounded::cannot_read(&path, &e), 1));
            }
        };
        auditor.push(&buf[..n], &mut sink).map_err(|e| {
            progress.done();
            engine(e)
        })?;
        progress.tick(auditor.bytes(), auditor.rows().read, false);
    }
    let summary = auditor.finish(&mut sink).map_err(|e| {
        progress.done();
        engine(e)
    })?;
    progress.tick(auditor.bytes(), auditor.rows().read, true);
    progress.done();
    if let Some(e) = write_err {
        return Err(io_fail("Tidak dapat menulis / Cannot write", a.csv.as_deref().unwrap_or(""), e));
    }
    if let (Some(w), Some(p)) = (csv_out.as_mut(), a.csv.as_deref()) {
        w.flush().map_err(|e| io_fail("Tidak dapat menulis / Cannot write", p, e))?;
    }
    drop(csv_out);
    if let Some(p) = &a.json {
        let mut w = create(p)?;
        serde_json::to_writer_pretty(&mut w, &summary).map_err(|e| (format!("JSON: {e}"), 1))?;
        w.write_all(b"\n").and_then(|_| w.flush()).map_err(|e| io_fail("Tidak dapat menulis / Cannot write", p, e))?;
    }
    if let Some(p) = &a.summary_csv {
        let mut w = create(p)?;
        w.write_all(report::summary_csv(&summary).as_bytes())
            .and_then(|_| w.flush())
            .map_err(|e| io_fail("Tidak dapat menulis / Cannot write", p, e))?;
    }
    if let Some(p) = &a.report {
        let source = std::path::Path::new(&path).file_name().map_or(path.clone(), |f| f.to_string_lossy().into_owned());
        let html = report::html(&summary, auditor.details(), &ReportMeta { source, generated: String::new() });
        let mut w = create(p)?;
        w.write_all(html.as_bytes())
            .and_then(|_| w.flush())
            .map_err(|e| io_fail("Tidak dapat menulis / Cannot write", p, e))?;
    }
    let to_stdout = [&a.json, &a.csv, &a.report, &a.summary_csv].iter().any(|o| o.as_deref() == Some("-"));
    if !to_stdout && !quiet {
        print_summary(&summary).map_err(|e| io_fail("Tidak dapat menulis / Cannot write", "stdout", e))?;
    }
    if summary.rows.rejected > 0 {
        return Err((
            format!(
                "{} baris ditolak, {} klaim berisiko / {} rows rejected, {} claims at risk",
                summary.rows.rejected, summary.claims.at_risk, summary.rows.rejected, summary.claims.at_risk
            ),
            3,
        ));
    }
    if summary.claims.at_risk > 0 {
        return Err((
            format!("{} klaim berisiko / {} claims at risk", summary.claims.at_risk, summary.claims.at_risk),
            4,
        ));
    }
    Ok(())
}

fn print_summary(s: &Summary) -> io::Result<()> {
    let mut o = io::stdout().lock();
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
