//! `koder rules` and `koder version`.

use crate::args::Args;
use crate::error::CliError;
use crate::print_json;
use koder::checks::RuleBook;
use std::io::Write;

/// `koder rules [--markdown | --json]`: the rules reference (RULES.md is its Markdown).
pub fn rules(args: &Args, out: &mut dyn Write) -> Result<(), CliError> {
    let book = RuleBook::get();
    if args.flag("--json") {
        let texts: Vec<&koder::checks::rules::RuleText> = book.rules.iter().map(|r| &r.text).collect();
        print_json(out, &texts)?;
    } else if args.flag("--markdown") {
        write!(out, "{}", book.markdown())?;
    } else {
        for r in &book.rules {
            writeln!(out, "{}\t{:?}\t{}", r.text.id, r.text.level, r.text.message_id)?;
        }
    }
    Ok(())
}

/// `koder version [--json]`: the engine and the editions of its data.
pub fn version(args: &Args, out: &mut dyn Write) -> Result<(), CliError> {
    let v = koder::Koder::new()?.version();
    if args.flag("--json") {
        print_json(out, &v)?;
    } else {
        writeln!(out, "koder {}", v.koder)?;
        for (s, e) in &v.editions {
            writeln!(out, "  {s}: {e}")?;
        }
    }
    Ok(())
}
