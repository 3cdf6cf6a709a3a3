//! The claim commands: `koder check` (the claim checks) and `koder group` (the INA-CBG grouping
//! preview) of one claim or an array of claims.

use crate::args::Args;
use crate::error::CliError;
use crate::input::{claim_input, claim_objects, read_input, MAX_CLAIM_FILE};
use crate::{engine, positional, print_json_claims};
use std::io::Write;

/// `koder check FILE.json`: each claim's findings, and the documents it still needs.
pub fn check(args: &Args, out: &mut dyn Write) -> Result<(), CliError> {
    let koder = engine(args)?;
    let [path] = positional(args, "FILE.json")?;
    let text = read_input(path, MAX_CLAIM_FILE)?;
    let (claims, single) = claim_objects(&text, path)?;
    let mut reports = Vec::with_capacity(claims.len());
    for (i, c) in claims.iter().enumerate() {
        let report = koder.check(claim_input(i, c)?).map_err(|e| CliError::claim(i, e))?;
        reports.push(report);
    }
    if args.flag("--json") {
        return print_json_claims(out, &reports, single);
    }
    for (i, r) in reports.iter().enumerate() {
        let id = r.id.clone().unwrap_or_else(|| format!("#{}", i + 1));
        print_report(&format!("Klaim / claim {id}"), r, out)?;
        let missing: Vec<&str> = r.documents.iter().filter(|d| !d.attached).map(|d| d.label_id.as_str()).collect();
        if !missing.is_empty() {
            // Without a documents list the claim did not say what is attached: what is needed.
            let stated = !r.findings.iter().any(|f| f.rule == "DOC-000");
            let label =
                if stated { "Berkas kurang / missing documents" } else { "Berkas yang dibutuhkan / documents needed" };
            writeln!(out, "  {label}: {}", missing.join("; "))?;
        }
    }
    Ok(())
}

/// One claim's check report as text: the counts, then each finding with its suggestion.
pub fn print_report(label: &str, r: &koder::CheckReport, out: &mut dyn Write) -> Result<(), CliError> {
    writeln!(out, "{label}: {} error, {} warning, {} info", r.counts.error, r.counts.warning, r.counts.info)?;
    for f in &r.findings {
        writeln!(out, "  [{:?}] {} {}", f.level, f.rule, f.message_id)?;
        writeln!(out, "      → {}", f.suggestion.text_id)?;
    }
    Ok(())
}

/// The `--context` option (JSON): regional, hospital class and ownership for the tariff.
pub fn context_arg(c: &str) -> Result<koder::TariffContext, CliError> {
    let input: koder::grouper::TariffContextInput = serde_json::from_str(c)
        .map_err(|e| CliError::bad_value(koder::Error::InvalidInput { field: "--context", detail: e.to_string() }))?;
    input.validate().map_err(CliError::bad_value)
}

/// `koder group FILE.json`: the INA-CBG grouping preview of one claim or an array of claims.
pub fn group(args: &Args, out: &mut dyn Write) -> Result<(), CliError> {
    let koder = engine(args)?;
    let [path] = positional(args, "FILE.json")?;
    let mut grouper = koder::Grouper::new()?;
    let max_table = koder::grouper::MAX_TABLE_BYTES as u64;
    // Every input goes through the one bounded reader.
    if let Some(t) = args.value("--tables") {
        grouper.load_tables(&read_input(t, max_table)?)?;
    }
    if let Some(t) = args.value("--tariffs") {
        grouper.load_tariffs(&read_input(t, max_table)?)?;
    }
    let context = args.value("--context").map(context_arg).transpose()?;
    let text = read_input(path, MAX_CLAIM_FILE)?;
    let (claims, single) = claim_objects(&text, path)?;
    let mut results = Vec::with_capacity(claims.len());
    for (i, c) in claims.iter().enumerate() {
        let r = koder.group_with(&grouper, claim_input(i, c)?, context.as_ref()).map_err(|e| CliError::claim(i, e))?;
        results.push(r);
    }
    if args.flag("--json") {
        return print_json_claims(out, &results, single);
    }
    for (i, r) in results.iter().enumerate() {
        print_group(i, r, out)?;
    }
    Ok(())
}

/// One claim's grouping preview as text, its trace step by step.
fn print_group(i: usize, r: &koder::GroupResult, out: &mut dyn Write) -> Result<(), CliError> {
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
    if let Some(im) = &r.im_import {
        for c in &im.codes {
            let parent = match (c.parent.as_deref(), c.parent_specific) {
                (Some(p), true) => format!("2010 {p}"),
                (Some(p), false) => format!("2010 {p} (pilih subkodenya / choose a subcode)"),
                (None, _) => "tanpa kode 2010 / no 2010 code".to_string(),
            };
            writeln!(out, "  Kode IM / IM code: {} → {parent} (E2101, ditolak INA-CBG / refused by INA-CBG)", c.code)?;
        }
        match &im.cbg_with_2010_codes {
            Some(d) => writeln!(out, "  Dengan kode 2010 / with the 2010 codes: {}  {}", d.code, d.description_id)?,
            None => writeln!(
                out,
                "  Dengan kode 2010 / with the 2010 codes: pilih subkode spesifik / choose a specific subcode"
            )?,
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
    Ok(())
}
