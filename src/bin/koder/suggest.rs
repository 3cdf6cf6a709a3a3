//! `koder suggest`: codes for one line of a medical resume, with `--review` the checks and the
//! grouping preview of the proposed claim.

use crate::args::Args;
use crate::claims::print_report;
use crate::error::CliError;
use crate::input::read_input;
use crate::{engine, print_json};
use koder::CodeSystem;
use std::io::Write;

/// `koder suggest [options] TEXT|-`: the words are the line; `-` reads it from stdin.
pub fn suggest(args: &Args, out: &mut dyn Write) -> Result<(), CliError> {
    let koder = engine(args)?;
    let system = args.value("--system").map(CodeSystem::parse).transpose()?;
    let setting = match args.value("--setting") {
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
    let review = if args.flag("--review") { Some(koder.suggest_review(&text, &options)?) } else { None };
    let s = match &review {
        Some(r) => &r.suggestion,
        None => &koder.suggest(&text, &options)?,
    };
    if args.flag("--json") {
        return match &review {
            Some(r) => print_json(out, r),
            None => print_json(out, s),
        };
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

fn print_suggestion(s: &koder::Suggestion, out: &mut dyn Write) -> Result<(), CliError> {
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
