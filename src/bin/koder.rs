//! `koder`: the command-line face of the Koder engine (same catalogs, same JSON shapes as the
//! JavaScript API).

use koder::{CodeSetSystem, CodeSystem, Koder, SearchOptions};
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

const USAGE: &str = "\
Koder — asisten pengodean ICD-10 / ICD-9-CM / ICPC-2 (luring)
Koder — ICD-10 / ICD-9-CM / ICPC-2 coding assistant (offline)

Penggunaan / Usage:
  koder search [--system S] [--limit N] [--leaf] [--chapter C] [--block B] [--json] QUERY...
  koder lookup SYSTEM CODE [--json]
  koder crosswalk FROM CODE [--json]        (FROM: icpc2 → ICD-10, icd10 → ICPC-2)
  koder codes SYSTEM [--json]               (seluruh katalog / whole catalog; JSON: one object per line)
  koder check FILE.json [--json]            (satu klaim atau larik / one claim or an array; - = stdin)
  koder group FILE.json [--tariffs FILE.csv] [--tables FILE.txt] [--context JSON] [--json]
                                            (pratinjau INA-CBG / INA-CBG grouping preview; - = stdin)
  koder audit FILE.csv [--report report.html] [--json summary.json] [--csv findings.csv] …
                                            (audit klaim sebulan / audit a month of claims; docs/AUDIT.md)
  koder suggest [--system S] [--setting inpatient|outpatient] [--review] [--json] TEXT|-
                                            (kode dari baris resume medis / codes for a resume line)
  koder rules [--markdown | --json]         (daftar aturan / the rules reference)
  koder version [--json]

SYSTEM: icd10 | icd9cm | icpc2

  --code-set FILE  (search, lookup, check, group; boleh diulang / repeatable): daftar ICD-10-IM /
                   ICD-9-CM-IM fasilitas (CSV/TSV E-Klaim atau SIMRS; sistem dikenali dari kodenya,
                   atau icd10_im=FILE / icd9cm_im=FILE). The facility's IM code list, read locally.
";

/// A command-line failure: the message (Indonesian / English) and the exit code.
struct CliError {
    message: String,
    exit: u8,
}

impl CliError {
    fn usage(id: &str, en: &str) -> CliError {
        CliError { message: format!("{id} / {en}\n\n{USAGE}"), exit: 2 }
    }
}

impl From<koder::Error> for CliError {
    fn from(e: koder::Error) -> CliError {
        CliError { message: e.to_string(), exit: 1 }
    }
}

impl From<io::Error> for CliError {
    fn from(e: io::Error) -> CliError {
        CliError { message: format!("Gagal menulis keluaran / Cannot write output: {e}"), exit: 1 }
    }
}

impl From<serde_json::Error> for CliError {
    fn from(e: serde_json::Error) -> CliError {
        CliError { message: format!("Gagal membuat JSON / Cannot write JSON: {e}"), exit: 1 }
    }
}

/// Parsed flags and positional arguments.
#[derive(Default)]
struct Args {
    json: bool,
    markdown: bool,
    leaf: bool,
    system: Option<String>,
    limit: Option<String>,
    chapter: Option<String>,
    block: Option<String>,
    tariffs: Option<String>,
    tables: Option<String>,
    context: Option<String>,
    setting: Option<String>,
    review: bool,
    code_sets: Vec<String>,
    positional: Vec<String>,
}

fn parse_args(raw: &[String]) -> Result<Args, CliError> {
    let mut a = Args::default();
    let mut it = raw.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| CliError::usage(&format!("{name} memerlukan nilai"), &format!("{name} needs a value")))
        };
        match arg.as_str() {
            "--json" => a.json = true,
            "--markdown" => a.markdown = true,
            "--leaf" => a.leaf = true,
            "--system" | "-s" => a.system = Some(value("--system")?),
            "--limit" | "-n" => a.limit = Some(value("--limit")?),
            "--chapter" => a.chapter = Some(value("--chapter")?),
            "--block" => a.block = Some(value("--block")?),
            "--tariffs" => a.tariffs = Some(value("--tariffs")?),
            "--tables" => a.tables = Some(value("--tables")?),
            "--context" => a.context = Some(value("--context")?),
            "--setting" => a.setting = Some(value("--setting")?),
            "--review" => a.review = true,
            "--code-set" => a.code_sets.push(value("--code-set")?),
            "--" => a.positional.extend(it.by_ref().cloned()),
            "-" => a.positional.push(arg.clone()),
            s if s.starts_with("--") => {
                return Err(CliError::usage(&format!("opsi tidak dikenal: {s}"), &format!("unknown option: {s}")))
            }
            _ => a.positional.push(arg.clone()),
        }
    }
    Ok(a)
}

fn main() -> ExitCode {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    match run(&raw) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("koder: {}", e.message);
            ExitCode::from(e.exit)
        }
    }
}

fn run(raw: &[String]) -> Result<(), CliError> {
    let Some((cmd, rest)) = raw.split_first() else {
        return Err(CliError::usage("perintah tidak ada", "no command given"));
    };
    if matches!(cmd.as_str(), "help" | "--help" | "-h") {
        print!("{USAGE}");
        return Ok(());
    }
    // Own flags (docs/AUDIT.md); exit 3/4 = rows rejected / claims at risk. (The CLI is native;
    // the wasm32 build of this binary only exists because `cargo test --target wasm32` builds it.)
    #[cfg(not(target_arch = "wasm32"))]
    if cmd == "audit" {
        return koder::audit::cli::run(rest).map_err(|(message, exit)| CliError { message, exit });
    }
    let args = parse_args(rest)?;
    let mut koder = Koder::new()?;
    for spec in &args.code_sets {
        load_code_set(&mut koder, spec)?;
    }
    let koder = koder;
    let out = io::stdout();
    let mut out = BufWriter::new(out.lock());
    match cmd.as_str() {
        "search" => search(&koder, &args, &mut out)?,
        "lookup" => {
            let [system, code] = two(&args, "SYSTEM CODE")?;
            let d = koder.lookup(CodeSystem::parse(system)?, code)?;
            if args.json {
                serde_json::to_writer_pretty(&mut out, &d)?;
                writeln!(out)?;
            } else {
                writeln!(out, "{} {} — {}", d.system, d.code, d.display)?;
                if let Some(id) = &d.display_id {
                    writeln!(out, "  {id}")?;
                }
                if let Some(p) = &d.parent {
                    writeln!(out, "  induk / parent: {} {}", p.code, p.display)?;
                }
                for c in &d.children {
                    writeln!(out, "  anak / child:   {} {}", c.code, c.display)?;
                }
                if !d.flags.is_empty() {
                    let flags: Vec<&str> = d.flags.iter().map(|f| f.name()).collect();
                    writeln!(out, "  tanda / flags:  {}", flags.join(", "))?;
                }
            }
        }
        "crosswalk" => {
            let [from, code] = two(&args, "FROM CODE")?;
            let t = koder.crosswalk(CodeSystem::parse(from)?, code)?;
            if args.json {
                serde_json::to_writer_pretty(&mut out, &t)?;
                writeln!(out)?;
            } else {
                for x in &t {
                    let mark = if x.primary { "*" } else { " " };
                    writeln!(out, "{mark} {}\t{}", x.target.code, x.target.display)?;
                }
            }
        }
        "codes" => {
            let [system] = args.positional.as_slice() else {
                return Err(CliError::usage("perlu SYSTEM", "SYSTEM is required"));
            };
            let system = CodeSystem::parse(system)?;
            for d in koder.codes(system) {
                if args.json {
                    serde_json::to_writer(&mut out, &d)?;
                    writeln!(out)?;
                } else {
                    writeln!(out, "{}\t{}\t{}", d.code, d.display, d.display_id.as_deref().unwrap_or(""))?;
                }
            }
        }
        "check" => check(&koder, &args, &mut out)?,
        "suggest" => suggest(&koder, &args, &mut out)?,
        "group" => group(&koder, &args, &mut out)?,
        "rules" => {
            let book = koder::checks::RuleBook::get();
            if args.json {
                let texts: Vec<&koder::checks::rules::RuleText> = book.rules.iter().map(|r| &r.text).collect();
                serde_json::to_writer_pretty(&mut out, &texts)?;
                writeln!(out)?;
            } else if args.markdown {
                write!(out, "{}", book.markdown())?;
            } else {
                for r in &book.rules {
                    writeln!(out, "{}\t{:?}\t{}", r.text.id, r.text.level, r.text.message_id)?;
                }
            }
        }
        "version" => {
            let v = koder.version();
            if args.json {
                serde_json::to_writer_pretty(&mut out, &v)?;
                writeln!(out)?;
            } else {
                writeln!(out, "koder {}", v.koder)?;
                for (s, e) in &v.editions {
                    writeln!(out, "  {s}: {e}")?;
                }
            }
        }
        other => {
            return Err(CliError::usage(
                &format!("perintah tidak dikenal: {other}"),
                &format!("unknown command: {other}"),
            ))
        }
    }
    out.flush()?;
    Ok(())
}

/// Largest claim file read, in bytes.
const MAX_CHECK_FILE: u64 = koder::bounded::MAX_CLAIM_FILE_BYTES;

fn check(koder: &Koder, args: &Args, out: &mut impl Write) -> Result<(), CliError> {
    let [path] = args.positional.as_slice() else {
        return Err(CliError::usage("perlu FILE.json", "FILE.json is required"));
    };
    let text = read_input(path, MAX_CHECK_FILE)?;
    let (claims, single) = claim_objects(&text, path)?;
    let mut reports = Vec::with_capacity(claims.len());
    for (i, c) in claims.iter().enumerate() {
        let input = claim_input(i, c)?;
        let report = koder
            .check(input)
            .map_err(|e| CliError { message: format!("Klaim #{} / Claim #{}: {e}", i + 1, i + 1), exit: 1 })?;
        reports.push(report);
    }
    if args.json {
        if reports.len() == 1 && single {
            serde_json::to_writer_pretty(&mut *out, &reports[0])?;
        } else {
            serde_json::to_writer_pretty(&mut *out, &reports)?;
        }
        writeln!(out)?;
    } else {
        for (i, r) in reports.iter().enumerate() {
            let id = r.id.clone().unwrap_or_else(|| format!("#{}", i + 1));
            print_report(&format!("Klaim / claim {id}"), r, out)?;
            let missing: Vec<&str> = r.documents.iter().filter(|d| !d.attached).map(|d| d.label_id.as_str()).collect();
            if !missing.is_empty() {
                // Without a documents list the claim did not say what is attached: what is needed.
                let stated = !r.findings.iter().any(|f| f.rule == "DOC-000");
                let label = if stated {
                    "Berkas kurang / missing documents"
                } else {
                    "Berkas yang dibutuhkan / documents needed"
                };
                writeln!(out, "  {label}: {}", missing.join("; "))?;
            }
        }
    }
    Ok(())
}

/// Reads a file, pipe, device or stdin (`-`) of at most `max` bytes (the one bounded reader).
fn read_input(path: &str, max: u64) -> Result<String, CliError> {
    koder::bounded::read_to_string(path, max).map_err(|message| CliError { message, exit: 1 })
}

/// The `--context` option (JSON).
fn context_arg(c: &str) -> Result<koder::TariffContext, CliError> {
    let input: koder::grouper::TariffContextInput = serde_json::from_str(c).map_err(|e| {
        let e = koder::Error::InvalidInput { field: "--context", detail: e.to_string() };
        CliError { message: e.to_string(), exit: 2 }
    })?;
    Ok(input.validate()?)
}

/// `koder group`: the INA-CBG grouping preview of one claim or an array of claims.
fn group(koder: &Koder, args: &Args, out: &mut impl Write) -> Result<(), CliError> {
    let [path] = args.positional.as_slice() else {
        return Err(CliError::usage("perlu FILE.json", "FILE.json is required"));
    };
    let mut grouper = koder::Grouper::new()?;
    let max_table = koder::grouper::MAX_TABLE_BYTES as u64;
    // Every input goes through the one bounded reader.
    if let Some(t) = &args.tables {
        grouper.load_tables(&read_input(t, max_table)?)?;
    }
    if let Some(t) = &args.tariffs {
        grouper.load_tariffs(&read_input(t, max_table)?)?;
    }
    let context = args.context.as_deref().map(context_arg).transpose()?;
    let text = read_input(path, MAX_CHECK_FILE)?;
    let (claims, single) = claim_objects(&text, path)?;
    let mut results = Vec::with_capacity(claims.len());
    for (i, c) in claims.iter().enumerate() {
        let input = claim_input(i, c)?;
        let r = koder
            .group_with(&grouper, input, context.as_ref())
            .map_err(|e| CliError { message: format!("Klaim #{} / Claim #{}: {e}", i + 1, i + 1), exit: 1 })?;
        results.push(r);
    }
    if args.json {
        if single && results.len() == 1 {
            serde_json::to_writer_pretty(&mut *out, &results[0])?;
        } else {
            serde_json::to_writer_pretty(&mut *out, &results)?;
        }
        writeln!(out)?;
        return Ok(());
    }
    for (i, r) in results.iter().enumerate() {
        let id = r.id.clone().unwrap_or_else(|| format!("#{}", i + 1));
        writeln!(out, "Klaim / claim {id} — {} / {}", r.label_id, r.label_en)?;
        writeln!(out, "  {}  {}", r.cbg.code, r.cbg.description_id)?;
        writeln!(
            out,
            "  CMG {} ({}), tipe kasus / case type {} ({})",
            r.cmg.code, r.cmg.description_id, r.case_type.code, r.case_type.description_id
        )?;
        if let Some(e) = &r.error {
            writeln!(out, "  Tidak dapat dikelompokkan / ungroupable: {}", e.reason_id)?;
        }
        writeln!(out, "  Keyakinan / confidence: {} — {}", r.confidence.level, r.confidence.reasons_id.join(" "))?;
        for o in &r.special_cmg_options {
            let t = o.tariff.map(|t| format!(" (+Rp {t})")).unwrap_or_default();
            writeln!(out, "  Opsi special CMG / option: {} {}{t}", o.code, o.description_id)?;
        }
        if let Some(t) = &r.tariff {
            match t.base {
                Some(b) => writeln!(out, "  Tarif / tariff: Rp {b}")?,
                None => writeln!(out, "  Tarif / tariff: — {}", t.note_id.clone().unwrap_or_default())?,
            }
        }
        for s in &r.what_if.secondaries {
            if s.changes_result {
                writeln!(out, "  Tanpa / without {}: {}", s.code, s.cbg_without)?;
            }
        }
        for st in &r.trace {
            let src = match (&st.table, st.line) {
                (Some(t), Some(l)) => format!("  [{t}:{l}]"),
                _ => String::new(),
            };
            writeln!(out, "    · {:<11} {:<12} {}{src}", st.step, st.decision, st.reason_id)?;
        }
    }
    Ok(())
}

/// `--code-set FILE` or `--code-set icd10_im=FILE`: loads the list, notes refused rows on stderr.
fn load_code_set(koder: &mut Koder, spec: &str) -> Result<(), CliError> {
    let (system, path) = match spec.split_once('=') {
        Some((s, p)) if CodeSetSystem::parse(s).is_ok() => (CodeSetSystem::parse(s).ok(), p),
        _ => (None, spec),
    };
    let cant = |e: &dyn std::fmt::Display| CliError {
        message: format!("Berkas tidak dapat dibaca / Cannot read file {path}: {e}"),
        exit: 1,
    };
    let meta = std::fs::metadata(path).map_err(|e| cant(&e))?;
    if meta.len() > koder::codeset::MAX_CODE_SET_BYTES as u64 {
        let mib = koder::codeset::MAX_CODE_SET_BYTES >> 20;
        return Err(CliError { message: format!("{path}: lebih dari {mib} MiB / larger than {mib} MiB"), exit: 1 });
    }
    let bytes = std::fs::read(path).map_err(|e| cant(&e))?;
    // Undetected (no row has a code of either shape): read as ICD-10-IM, whose refusal names the lines.
    let system = system.or_else(|| CodeSetSystem::detect(&bytes)).unwrap_or(CodeSetSystem::Icd10Im);
    let s = koder
        .load_code_set(&bytes, system)
        .map_err(|e| CliError { message: format!("{path}: {} / {}", e.message_id(), e.message_en()), exit: 1 })?;
    if s.rejected > 0 {
        eprintln!(
            "koder: {path} ({}): {} kode / codes, {} baris ditolak / rows refused",
            s.system.name(),
            s.codes,
            s.rejected
        );
        for p in s.problems.iter().take(10) {
            eprintln!("  baris / line {}: {} / {}", p.line.unwrap_or(0), p.message_id, p.message_en);
        }
    }
    Ok(())
}

/// The claim objects of a JSON file (one object or an array), duplicate keys refused.
fn claim_objects(text: &str, path: &str) -> Result<(Vec<koder::checks::claim::Members>, bool), CliError> {
    koder::checks::claim::claim_objects_json(text).map_err(|e| {
        let path = if path == "-" { "stdin" } else { path };
        CliError { message: format!("{path}: {e}"), exit: 1 }
    })
}

/// One claim through the one claim parser; an error names the claim and its field.
fn claim_input(i: usize, c: &koder::checks::claim::Members) -> Result<koder::ClaimInput, CliError> {
    koder::ClaimInput::from_members(&c.0)
        .map_err(|e| CliError { message: format!("Klaim #{} / Claim #{}: {e}", i + 1, i + 1), exit: 1 })
}

/// `koder suggest`: codes for one resume line (the words, or `-` for stdin).
fn suggest(koder: &Koder, args: &Args, out: &mut impl Write) -> Result<(), CliError> {
    let system = args.system.as_deref().map(CodeSystem::parse).transpose()?;
    let setting = match args.setting.as_deref() {
        None => None,
        Some("inpatient" | "rawat_inap" | "ri") => Some(koder::checks::claim::Setting::Inpatient),
        Some("outpatient" | "rawat_jalan" | "rj") => Some(koder::checks::claim::Setting::Outpatient),
        Some(other) => {
            return Err(CliError::usage(
                &format!("--setting harus inpatient atau outpatient, bukan \"{other}\""),
                &format!("--setting must be inpatient or outpatient, not \"{other}\""),
            ))
        }
    };
    let text = match args.positional.as_slice() {
        [dash] if dash == "-" => read_input("-", koder::suggest::MAX_SUGGEST_BYTES as u64)?,
        [] => return Err(CliError::usage("TEXT kosong", "TEXT is empty")),
        words => words.join(" "),
    };
    let options = koder::SuggestOptions { system, setting };
    let review = if args.review { Some(koder.suggest_review(&text, &options)?) } else { None };
    let s = match &review {
        Some(r) => &r.suggestion,
        None => &koder.suggest(&text, &options)?,
    };
    if args.json {
        match &review {
            Some(r) => serde_json::to_writer_pretty(&mut *out, r)?,
            None => serde_json::to_writer_pretty(&mut *out, s)?,
        }
        writeln!(out)?;
        return Ok(());
    }
    print_suggestion(s, out)?;
    if let Some(r) = &review {
        if let Some(c) = &r.check {
            print_report("Pemeriksaan / checks", c, out)?;
        }
        if let Some(g) = &r.group {
            writeln!(out, "Pratinjau INA-CBG / grouping preview: {} {}", g.cbg.code, g.cbg.description_id)?;
        }
    }
    Ok(())
}

/// One claim's check report as text: the counts, then each finding with its suggestion.
fn print_report(label: &str, r: &koder::CheckReport, out: &mut impl Write) -> Result<(), CliError> {
    writeln!(out, "{label}: {} error, {} warning, {} info", r.counts.error, r.counts.warning, r.counts.info)?;
    for f in &r.findings {
        writeln!(out, "  [{:?}] {} {}", f.level, f.rule, f.message_id)?;
        writeln!(out, "      → {}", f.suggestion.text_id)?;
    }
    Ok(())
}

fn print_suggestion(s: &koder::Suggestion, out: &mut impl Write) -> Result<(), CliError> {
    if s.diagnoses.is_empty() && s.procedures.is_empty() {
        writeln!(out, "Tidak ada kode yang diusulkan / No codes proposed")?;
    }
    for d in s.diagnoses.iter().chain(&s.procedures) {
        let role = match d.role {
            koder::suggest::Role::Principal => "utama/principal",
            koder::suggest::Role::Secondary => "sekunder/secondary",
            koder::suggest::Role::Procedure => "tindakan/procedure",
        };
        let qty = d.quantity.map(|q| format!(" ×{q}")).unwrap_or_default();
        let title = d.code.display_id.as_deref().unwrap_or(&d.code.display);
        writeln!(out, "{:<8}{qty} {:<19} {:<6?} {title}", d.code.code, role, d.confidence)?;
        for w in &d.why {
            writeln!(out, "{:10}· {}", "", w.note_id)?;
        }
    }
    for o in &s.omitted {
        writeln!(out, "tidak dikode / not coded: {} ({:?}) — {}", o.code.code, o.reason, o.note_id)?;
    }
    writeln!(out, "{}", s.note_id)?;
    Ok(())
}

fn two<'a>(args: &'a Args, what: &str) -> Result<[&'a str; 2], CliError> {
    match args.positional.as_slice() {
        [a, b] => Ok([a.as_str(), b.as_str()]),
        _ => Err(CliError::usage(&format!("perlu {what}"), &format!("{what} is required"))),
    }
}

fn search(koder: &Koder, args: &Args, out: &mut impl Write) -> Result<(), CliError> {
    let system = args.system.as_deref().map(CodeSystem::parse).transpose()?;
    let limit = match &args.limit {
        None => 10,
        Some(l) => l.parse().map_err(|_| {
            CliError::usage(
                &format!("--limit harus angka 1–100, bukan \"{l}\""),
                &format!("--limit must be a number 1–100, not \"{l}\""),
            )
        })?,
    };
    let options =
        SearchOptions { system, limit, leaf_only: args.leaf, chapter: args.chapter.clone(), block: args.block.clone() };
    let query = args.positional.join(" ");
    if query.trim().is_empty() {
        return Err(CliError::usage("QUERY kosong", "QUERY is empty"));
    }
    let results = koder.search(&query, &options)?;
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &results)?;
        writeln!(out)?;
    } else {
        if results.is_empty() {
            writeln!(out, "Tidak ada hasil / No results")?;
        }
        for r in &results {
            let im = match &r.im {
                Some(im) => format!("  [IM → {}]", im.parent.as_deref().unwrap_or("?")),
                None => String::new(),
            };
            writeln!(
                out,
                "{:<7} {:<8} {}{im}",
                r.system.name(),
                r.code,
                r.display_id.as_deref().unwrap_or(&r.display)
            )?;
            if r.display_id.is_some() {
                writeln!(out, "{:17}{}", "", r.display)?;
            }
        }
    }
    Ok(())
}
