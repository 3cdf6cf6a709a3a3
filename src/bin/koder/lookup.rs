//! The catalog commands: `koder search`, `lookup`, `crosswalk` and `codes`.

use crate::args::Args;
use crate::error::CliError;
use crate::{engine, positional, print_json};
use koder::{CodeSystem, SearchOptions};
use std::io::Write;

/// `koder search [options] QUERY...`: the words are one query.
pub fn search(args: &Args, out: &mut dyn Write) -> Result<(), CliError> {
    let koder = engine(args)?;
    let system = args.value("--system").map(CodeSystem::parse).transpose()?;
    let limit = match args.value("--limit") {
        None => 10,
        Some(l) => l.parse().map_err(|_| {
            CliError::usage(
                &format!("--limit harus angka 1–100, bukan \"{l}\""),
                &format!("--limit must be a number 1–100, not \"{l}\""),
            )
        })?,
    };
    let options = SearchOptions {
        system,
        limit,
        leaf_only: args.flag("--leaf"),
        chapter: args.value("--chapter").map(str::to_string),
        block: args.value("--block").map(str::to_string),
    };
    let query = args.positional.join(" ");
    if query.trim().is_empty() {
        return Err(CliError::usage("QUERY kosong", "QUERY is empty"));
    }
    let results = koder.search(&query, &options)?;
    if args.flag("--json") {
        return print_json(out, &results);
    }
    if results.is_empty() {
        writeln!(out, "Tidak ada hasil / No results")?;
    }
    for r in &results {
        let im = match &r.im {
            Some(im) => format!("  [IM → {}]", im.parent.as_deref().unwrap_or("?")),
            None => String::new(),
        };
        writeln!(out, "{:<7} {:<8} {}{im}", r.system.name(), r.code, r.display_id.as_deref().unwrap_or(&r.display))?;
        if r.display_id.is_some() {
            writeln!(out, "{:17}{}", "", r.display)?;
        }
    }
    Ok(())
}

/// `koder lookup SYSTEM CODE`: one code with its hierarchy.
pub fn lookup(args: &Args, out: &mut dyn Write) -> Result<(), CliError> {
    let koder = engine(args)?;
    let [system, code] = positional(args, "SYSTEM CODE")?;
    let d = koder.lookup(CodeSystem::parse(system)?, code)?;
    if args.flag("--json") {
        return print_json(out, &d);
    }
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
    Ok(())
}

/// `koder crosswalk FROM CODE`: ICPC-2 → ICD-10 or ICD-10 → ICPC-2, the primary target marked.
pub fn crosswalk(args: &Args, out: &mut dyn Write) -> Result<(), CliError> {
    let koder = engine(args)?;
    let [from, code] = positional(args, "FROM CODE")?;
    let t = koder.crosswalk(CodeSystem::parse(from)?, code)?;
    if args.flag("--json") {
        return print_json(out, &t);
    }
    for x in &t {
        let mark = if x.primary { "*" } else { " " };
        writeln!(out, "{mark} {}\t{}", x.target.code, x.target.display)?;
    }
    Ok(())
}

/// `koder codes SYSTEM`: the whole catalog of a system, one code a line (JSON: one object a line).
pub fn codes(args: &Args, out: &mut dyn Write) -> Result<(), CliError> {
    let koder = engine(args)?;
    let [system] = positional(args, "SYSTEM")?;
    let system = CodeSystem::parse(system)?;
    for d in koder.codes(system) {
        if args.flag("--json") {
            serde_json::to_writer(&mut *out, &d)?;
            writeln!(out)?;
        } else {
            writeln!(out, "{}\t{}\t{}", d.code, d.display, d.display_id.as_deref().unwrap_or(""))?;
        }
    }
    Ok(())
}
