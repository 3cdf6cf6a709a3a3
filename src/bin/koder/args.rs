//! The one argument grammar of every `koder` subcommand.
//!
//! - `--opt value` and `--opt=value` for every option that takes a value (`-n 5` and `-n=5`
//!   for the short names); a value is never taken from a following `--option`.
//! - Flags (`--json` for most commands) take no value.
//! - `--help` / `-h` anywhere before `--` asks for the command's usage.
//! - `-` is a positional argument (stdin); `--` ends the options: everything after it is
//!   positional, so a query may start with `-`.
//! - Any other argument starting with `-` that the command does not declare is an unknown option.
//!
//! Every mistake is a [`CliError::usage`] (exit 2), Indonesian first then English.

use crate::error::CliError;

/// One option of a subcommand.
#[derive(Clone, Copy, Debug)]
pub struct Opt {
    /// The long name, with its dashes (`--limit`).
    pub name: &'static str,
    /// The short name, with its dash (`-n`).
    pub short: Option<&'static str>,
    /// True when the option takes a value.
    pub takes_value: bool,
}

/// A flag (no value).
pub const fn flag(name: &'static str) -> Opt {
    Opt { name, short: None, takes_value: false }
}

/// An option that takes a value.
pub const fn value(name: &'static str) -> Opt {
    Opt { name, short: None, takes_value: true }
}

impl Opt {
    /// The same option with a short name.
    pub const fn short(self, short: &'static str) -> Opt {
        Opt { short: Some(short), ..self }
    }
}

/// The parsed command line of one subcommand.
#[derive(Debug)]
pub struct Args {
    spec: &'static [Opt],
    given: Vec<(&'static str, Option<String>)>,
    /// The positional arguments, in order.
    pub positional: Vec<String>,
    /// `--help` or `-h` was given.
    pub help: bool,
}

impl Args {
    /// Parses `raw` (the arguments after the subcommand) against the options of `spec`.
    pub fn parse(raw: &[String], spec: &'static [Opt]) -> Result<Args, CliError> {
        let mut args = Args { spec, given: Vec::new(), positional: Vec::new(), help: false };
        let mut it = raw.iter();
        while let Some(arg) = it.next() {
            match arg.as_str() {
                "--" => {
                    args.positional.extend(it.by_ref().cloned());
                    break;
                }
                "--help" | "-h" => args.help = true,
                "-" => args.positional.push(arg.clone()),
                s if s.starts_with('-') => args.option(s, &mut it)?,
                _ => args.positional.push(arg.clone()),
            }
        }
        Ok(args)
    }

    /// One option (`--name`, `--name=value`, `-n`), its value taken from `rest` when needed.
    fn option(&mut self, arg: &str, rest: &mut std::slice::Iter<'_, String>) -> Result<(), CliError> {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (arg, None),
        };
        let Some(opt) = self.spec.iter().find(|o| o.name == name || o.short == Some(name)) else {
            return Err(CliError::usage(&format!("opsi tidak dikenal: {name}"), &format!("unknown option: {name}")));
        };
        let long = opt.name;
        let value = match (opt.takes_value, inline) {
            (false, None) => None,
            (false, Some(_)) => {
                return Err(CliError::usage(&format!("{long} tidak menerima nilai"), &format!("{long} takes no value")))
            }
            (true, Some(v)) => Some(v),
            (true, None) => match rest.as_slice().first() {
                Some(next) if !looks_like_long_option(next) => rest.next().cloned(),
                _ => {
                    return Err(CliError::usage(&format!("{long} memerlukan nilai"), &format!("{long} needs a value")))
                }
            },
        };
        self.given.push((long, value));
        Ok(())
    }

    fn declared(&self, name: &str) -> bool {
        self.spec.iter().any(|o| o.name == name)
    }

    /// True when the flag `name` was given.
    pub fn flag(&self, name: &str) -> bool {
        debug_assert!(self.declared(name), "{name} is not an option of this command");
        self.given.iter().any(|(n, _)| *n == name)
    }

    /// The value of option `name` (the last one when given twice).
    pub fn value(&self, name: &str) -> Option<&str> {
        debug_assert!(self.declared(name), "{name} is not an option of this command");
        self.given.iter().rev().find(|(n, _)| *n == name).and_then(|(_, v)| v.as_deref())
    }

    /// Every value of a repeatable option, in order.
    pub fn values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        debug_assert!(self.declared(name), "{name} is not an option of this command");
        self.given.iter().filter(move |(n, _)| *n == name).filter_map(|(_, v)| v.as_deref())
    }
}

/// `--word`: an option, never the value of the option before it (`--json --quiet`).
fn looks_like_long_option(arg: &str) -> bool {
    arg.len() > 2 && arg.starts_with("--")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &[Opt] = &[flag("--json"), value("--limit").short("-n"), value("--code-set")];

    fn parse(raw: &[&str]) -> Result<Args, CliError> {
        Args::parse(&raw.iter().map(|s| s.to_string()).collect::<Vec<_>>(), SPEC)
    }

    fn usage_error(raw: &[&str]) -> String {
        let e = parse(raw).unwrap_err();
        assert_eq!((e.exit, e.show_usage), (crate::error::Exit::Usage, true), "{raw:?}");
        e.message
    }

    #[test]
    fn both_value_forms_and_short_names_are_one_option() {
        for raw in [&["--limit", "5", "dbd"][..], &["--limit=5", "dbd"], &["-n", "5", "dbd"], &["dbd", "-n=5"]] {
            let a = parse(raw).unwrap();
            assert_eq!((a.value("--limit"), a.positional.as_slice()), (Some("5"), &["dbd".to_string()][..]), "{raw:?}");
        }
        let a = parse(&["--limit=", "x"]).unwrap();
        assert_eq!(a.value("--limit"), Some(""), "an empty value is given, for the command to refuse");
        let a = parse(&["--code-set", "a.csv", "--code-set=icd9cm_im=b.tsv", "--limit", "2", "--limit", "3"]).unwrap();
        assert_eq!(a.values("--code-set").collect::<Vec<_>>(), ["a.csv", "icd9cm_im=b.tsv"]);
        assert_eq!(a.value("--limit"), Some("3"), "the last value counts");
    }

    #[test]
    fn flags_dash_and_double_dash() {
        let a = parse(&["--json", "-", "--", "--limit", "-x"]).unwrap();
        assert!(a.flag("--json") && !a.help);
        assert_eq!(a.positional, ["-", "--limit", "-x"]);
        assert_eq!(a.value("--limit"), None);
        assert!(parse(&["dbd", "-h"]).unwrap().help);
        assert!(!parse(&["--", "--help"]).unwrap().help);
        assert_eq!(parse(&["--limit", "-1"]).unwrap().value("--limit"), Some("-1"), "a value may start with one dash");
    }

    #[test]
    fn mistakes_are_bilingual_usage_errors() {
        assert_eq!(usage_error(&["--bogus", "dbd"]), "opsi tidak dikenal: --bogus / unknown option: --bogus");
        assert_eq!(usage_error(&["--bogus=1"]), "opsi tidak dikenal: --bogus / unknown option: --bogus");
        assert_eq!(usage_error(&["-x"]), "opsi tidak dikenal: -x / unknown option: -x");
        assert_eq!(usage_error(&["dbd", "--limit"]), "--limit memerlukan nilai / --limit needs a value");
        assert_eq!(usage_error(&["-n", "--json"]), "--limit memerlukan nilai / --limit needs a value");
        assert_eq!(usage_error(&["--json=yes"]), "--json tidak menerima nilai / --json takes no value");
    }
}
