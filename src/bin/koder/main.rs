//! `koder`: the command-line face of the Koder engine (same catalogs, same JSON shapes as the
//! JavaScript API). Every subcommand goes through the one argument grammar ([`args`]) and ends
//! with the one error type ([`error`]): exit 0 on success, the codes of [`error::Exit`] otherwise.

mod args;
#[cfg(not(target_arch = "wasm32"))]
mod audit;
mod claims;
// Exits 3 and 4 and the output-file errors belong to `koder audit`, which is native only.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
mod error;
mod info;
mod input;
mod lookup;
mod suggest;

use args::{flag, value, Args, Opt};
use error::CliError;
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
  koder COMMAND --help

SYSTEM: icd10 | icd9cm | icpc2

  --code-set FILE  (search, lookup, codes, check, group, suggest; boleh diulang / repeatable): daftar
                   ICD-10-IM / ICD-9-CM-IM fasilitas (CSV/TSV E-Klaim atau SIMRS; sistem dikenali dari
                   kodenya, atau icd10_im=FILE / icd9cm_im=FILE). The facility's IM code list, read locally.

Opsi: --opsi nilai atau --opsi=nilai; -s/-n = --system/--limit; -- mengakhiri opsi.
Options: --opt value or --opt=value; -s/-n = --system/--limit; -- ends the options.
Keluar / exit: 0 berhasil/done, 1 data tidak dapat dipakai/unusable input, 2 salah perintah/usage
(audit: 3 ada baris ditolak/rows rejected, 4 ada klaim berisiko/claims at risk).
";

/// A subcommand: its name, its options, its usage text and what it does (writing to stdout).
struct Command {
    name: &'static str,
    options: &'static [Opt],
    usage: &'static str,
    run: fn(&Args, &mut dyn Write) -> Result<(), CliError>,
}

const JSON: Opt = flag("--json");
const CODE_SET: Opt = value("--code-set");
const SYSTEM: Opt = value("--system").short("-s");

const COMMANDS: &[Command] = &[
    Command {
        name: "search",
        options: &[
            SYSTEM,
            value("--limit").short("-n"),
            flag("--leaf"),
            value("--chapter"),
            value("--block"),
            JSON,
            CODE_SET,
        ],
        usage: USAGE,
        run: lookup::search,
    },
    Command { name: "lookup", options: &[JSON, CODE_SET], usage: USAGE, run: lookup::lookup },
    Command { name: "crosswalk", options: &[JSON, CODE_SET], usage: USAGE, run: lookup::crosswalk },
    Command { name: "codes", options: &[JSON, CODE_SET], usage: USAGE, run: lookup::codes },
    Command { name: "check", options: &[JSON, CODE_SET], usage: USAGE, run: claims::check },
    Command {
        name: "group",
        options: &[value("--tariffs"), value("--tables"), value("--context"), JSON, CODE_SET],
        usage: USAGE,
        run: claims::group,
    },
    Command {
        name: "suggest",
        options: &[SYSTEM, value("--setting"), flag("--review"), JSON, CODE_SET],
        usage: USAGE,
        run: suggest::suggest,
    },
    Command { name: "rules", options: &[flag("--markdown"), JSON], usage: USAGE, run: info::rules },
    Command { name: "version", options: &[JSON], usage: USAGE, run: info::version },
    // Native only: the wasm32 build of this binary exists because `cargo test --target wasm32`
    // builds it.
    #[cfg(not(target_arch = "wasm32"))]
    Command { name: "audit", options: audit::OPTIONS, usage: audit::USAGE, run: audit::audit },
];

fn main() -> ExitCode {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let (usage, result) = run(&raw);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if e.show_usage {
                eprintln!("koder: {}\n\n{}", e.message, usage.trim_end());
            } else {
                eprintln!("koder: {}", e.message);
            }
            ExitCode::from(e.exit as u8)
        }
    }
}

/// Runs one command line; gives the usage text that belongs to it with the result.
fn run(raw: &[String]) -> (&'static str, Result<(), CliError>) {
    let Some((name, rest)) = raw.split_first() else {
        return (USAGE, Err(CliError::usage("perintah tidak ada", "no command given")));
    };
    if matches!(name.as_str(), "help" | "--help" | "-h") {
        print!("{USAGE}");
        return (USAGE, Ok(()));
    }
    let Some(command) = COMMANDS.iter().find(|c| c.name == name) else {
        let e = CliError::usage(&format!("perintah tidak dikenal: {name}"), &format!("unknown command: {name}"));
        return (USAGE, Err(e));
    };
    (command.usage, run_command(command, rest))
}

fn run_command(command: &Command, raw: &[String]) -> Result<(), CliError> {
    let args = Args::parse(raw, command.options)?;
    if args.help {
        println!("{}", command.usage.trim_end());
        return Ok(());
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = (command.run)(&args, &mut out);
    // What was printed before a failure (the audit's summary before exit 3/4) still shows.
    let flushed = out.flush();
    result?;
    Ok(flushed?)
}

/// The engine, with the `--code-set` lists of the command loaded into it.
fn engine(args: &Args) -> Result<koder::Koder, CliError> {
    let mut koder = koder::Koder::new()?;
    for spec in args.values("--code-set") {
        input::load_code_set(&mut koder, spec)?;
    }
    Ok(koder)
}

/// `value` as pretty JSON and a line break (`--json`: the shapes of the JavaScript API).
fn print_json(out: &mut dyn Write, value: &impl serde::Serialize) -> Result<(), CliError> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    Ok(writeln!(out)?)
}

/// The results of a claim file as JSON: one object when the file held one claim, else an array.
fn print_json_claims<T: serde::Serialize>(out: &mut dyn Write, results: &[T], single: bool) -> Result<(), CliError> {
    match results {
        [one] if single => print_json(out, one),
        all => print_json(out, &all),
    }
}

/// Exactly `N` positional arguments, or a usage error naming them (`what`).
fn positional<'a, const N: usize>(args: &'a Args, what: &str) -> Result<[&'a str; N], CliError> {
    let given: Vec<&str> = args.positional.iter().map(String::as_str).collect();
    given.try_into().map_err(|_| CliError::usage(&format!("perlu {what}"), &format!("{what} is required")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_option_of_every_command_is_declared_once_in_its_usage() {
        for c in COMMANDS {
            for (i, o) in c.options.iter().enumerate() {
                assert!(c.usage.contains(o.name), "koder {}: {} is not in its usage", c.name, o.name);
                let twice =
                    c.options[i + 1..].iter().any(|p| p.name == o.name || (o.short.is_some() && p.short == o.short));
                assert!(!twice, "koder {}: {} declared twice", c.name, o.name);
            }
            assert!(USAGE.contains(&format!("koder {}", c.name)), "koder {} is not in the usage", c.name);
        }
    }
}
