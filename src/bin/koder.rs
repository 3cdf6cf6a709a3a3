//! `koder`: the command-line face of the Koder engine (same catalogs, same JSON shapes as the
//! JavaScript API).

use koder::{CodeSystem, Koder, SearchOptions};
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
  koder version [--json]

SYSTEM: icd10 | icd9cm | icpc2
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
        CliError { message: format!("{} / {}", e.message_id(), e.message_en()), exit: 1 }
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
    leaf: bool,
    system: Option<String>,
    limit: Option<String>,
    chapter: Option<String>,
    block: Option<String>,
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
            "--leaf" => a.leaf = true,
            "--system" | "-s" => a.system = Some(value("--system")?),
            "--limit" | "-n" => a.limit = Some(value("--limit")?),
            "--chapter" => a.chapter = Some(value("--chapter")?),
            "--block" => a.block = Some(value("--block")?),
            "--" => a.positional.extend(it.by_ref().cloned()),
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
    let args = parse_args(rest)?;
    let koder = Koder::new()?;
    let out = io::stdout();
    let mut out = BufWriter::new(out.lock());
    match cmd.as_str() {
        "search" => search(&koder, &args, &mut out)?,
        "lookup" => {
            let [system, code] = two(&args, "SYSTEM CODE")?;
            let d = koder.lookup(system, code)?;
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
                    writeln!(out, "  tanda / flags:  {}", d.flags.join(", "))?;
                }
            }
        }
        "crosswalk" => {
            let [from, code] = two(&args, "FROM CODE")?;
            let t = koder.crosswalk(from, code)?;
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
            writeln!(out, "{:<7} {:<8} {}", r.system.name(), r.code, r.display_id.as_deref().unwrap_or(&r.display))?;
            if r.display_id.is_some() {
                writeln!(out, "{:17}{}", "", r.display)?;
            }
        }
    }
    Ok(())
}
