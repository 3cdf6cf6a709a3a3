//! The one error type of the `koder` CLI and its exit codes (README "CLI", docs/AUDIT.md).

use std::fmt::Display;
use std::io;

/// How `koder` ends when a command does not succeed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// 1: the input cannot be used (unknown code, bad claim, unreadable file) or an output cannot
    /// be written.
    Failed = 1,
    /// 2: the command line is wrong (unknown command or option, missing or bad value).
    Usage = 2,
    /// 3: `koder audit` read the file, but some rows were rejected.
    RowsRejected = 3,
    /// 4: `koder audit` read every row; some claims are at risk.
    ClaimsAtRisk = 4,
}

/// A command-line failure: the message (Indonesian / English), the exit code, and whether the
/// command's usage follows the message.
#[derive(Debug)]
pub struct CliError {
    /// What went wrong, Indonesian first then English.
    pub message: String,
    /// The exit code.
    pub exit: Exit,
    /// Print the command's usage after the message.
    pub show_usage: bool,
}

impl CliError {
    /// A wrong command line: `"{id} / {en}"`, then the usage.
    pub fn usage(id: &str, en: &str) -> CliError {
        CliError { message: format!("{id} / {en}"), exit: Exit::Usage, show_usage: true }
    }

    /// An option value the engine refused (its own bilingual message, exit 2, no usage).
    pub fn bad_value(e: koder::Error) -> CliError {
        CliError { message: e.to_string(), exit: Exit::Usage, show_usage: false }
    }

    /// The input cannot be used (exit 1).
    pub fn failed(message: impl Into<String>) -> CliError {
        CliError { message: message.into(), exit: Exit::Failed, show_usage: false }
    }

    /// Claim `i` (from 0) of a file cannot be used.
    pub fn claim(i: usize, e: impl Display) -> CliError {
        CliError::failed(format!("Klaim #{} / Claim #{}: {e}", i + 1, i + 1))
    }

    /// An output file cannot be written.
    pub fn cannot_write(path: &str, e: io::Error) -> CliError {
        CliError::failed(format!("Tidak dapat menulis / Cannot write {path}: {e}"))
    }

    /// An audit outcome that is not clean: rows rejected (3) or claims at risk (4).
    pub fn outcome(exit: Exit, message: String) -> CliError {
        CliError { message, exit, show_usage: false }
    }
}

impl From<koder::Error> for CliError {
    fn from(e: koder::Error) -> CliError {
        CliError::failed(e.to_string())
    }
}

impl From<io::Error> for CliError {
    fn from(e: io::Error) -> CliError {
        CliError::failed(format!("Gagal menulis keluaran / Cannot write output: {e}"))
    }
}

impl From<serde_json::Error> for CliError {
    fn from(e: serde_json::Error) -> CliError {
        CliError::failed(format!("Gagal membuat JSON / Cannot write JSON: {e}"))
    }
}
