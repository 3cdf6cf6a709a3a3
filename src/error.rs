//! The engine's error type: every failure a caller can see, with an Indonesian and an English
//! message and a stable machine-readable code.

use std::fmt;

/// Errors of the Koder engine. Messages are Indonesian first, then English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The code system name is not one Koder knows.
    UnknownSystem(String),
    /// The code does not exist in the system (2010 edition for ICD-10).
    UnknownCode {
        /// The system searched.
        system: &'static str,
        /// The code as given (cut to 40 characters).
        code: String,
    },
    /// An input string is longer than the entry point accepts.
    InputTooLong {
        /// Which input.
        field: &'static str,
        /// The limit in bytes.
        max_bytes: usize,
    },
    /// An option has a value outside its range.
    InvalidOption {
        /// The option's name.
        option: &'static str,
        /// What is allowed.
        expected: &'static str,
    },
    /// An input value has the wrong shape (a wrong type or an unknown field).
    InvalidInput {
        /// Which input.
        field: &'static str,
        /// What is wrong, as the parser said it.
        detail: String,
    },
    /// The crosswalk is not available in this direction.
    UnsupportedCrosswalk(String),
    /// The embedded catalog is damaged (a build problem, never user input).
    DataCorruption(String),
    /// A code list given to `load_code_set` cannot be used; the problems name their lines.
    InvalidCodeSet {
        /// What is wrong: the file first, then the first refused rows.
        problems: Vec<crate::codeset::RowProblem>,
    },
}

impl Error {
    /// A stable machine-readable code ("unknown_code", …) for programs.
    pub fn code(&self) -> &'static str {
        match self {
            Error::UnknownSystem(_) => "unknown_system",
            Error::UnknownCode { .. } => "unknown_code",
            Error::InputTooLong { .. } => "input_too_long",
            Error::InvalidOption { .. } => "invalid_option",
            Error::InvalidInput { .. } => "invalid_input",
            Error::UnsupportedCrosswalk(_) => "unsupported_crosswalk",
            Error::DataCorruption(_) => "data_corruption",
            Error::InvalidCodeSet { .. } => "invalid_code_set",
        }
    }

    /// The message in Indonesian.
    pub fn message_id(&self) -> String {
        match self {
            Error::UnknownSystem(s) => {
                format!("Sistem kode \"{s}\" tidak dikenal; gunakan icd10, icd9cm, atau icpc2.")
            }
            Error::UnknownCode { system, code } => {
                format!("Kode \"{code}\" tidak ada dalam {}.", system_label(system))
            }
            Error::InputTooLong { field, max_bytes } => {
                format!("Isian \"{field}\" terlalu panjang (maksimal {max_bytes} byte).")
            }
            Error::InvalidOption { option, expected } => {
                format!("Opsi \"{option}\" tidak valid: {expected}.")
            }
            Error::InvalidInput { field, detail } => {
                format!("Isian \"{field}\" tidak valid: {detail}.")
            }
            Error::UnsupportedCrosswalk(s) => {
                format!("Pemetaan dari \"{s}\" belum tersedia; gunakan icpc2 atau icd10.")
            }
            Error::DataCorruption(s) => format!("Data katalog rusak ({s}); pasang ulang Koder."),
            Error::InvalidCodeSet { problems } => {
                format!("Daftar kode tidak dapat dipakai: {}.", problem_list(problems, "baris", |p| &p.message_id))
            }
        }
    }

    /// The message in English.
    pub fn message_en(&self) -> String {
        match self {
            Error::UnknownSystem(s) => {
                format!("Unknown code system \"{s}\"; use icd10, icd9cm or icpc2.")
            }
            Error::UnknownCode { system, code } => {
                format!("Code \"{code}\" does not exist in {}.", system_label(system))
            }
            Error::InputTooLong { field, max_bytes } => {
                format!("Input \"{field}\" is too long (at most {max_bytes} bytes).")
            }
            Error::InvalidOption { option, expected } => {
                format!("Invalid option \"{option}\": {expected}.")
            }
            Error::InvalidInput { field, detail } => format!("Invalid \"{field}\": {detail}."),
            Error::UnsupportedCrosswalk(s) => {
                format!("No crosswalk from \"{s}\" yet; use icpc2 or icd10.")
            }
            Error::DataCorruption(s) => {
                format!("The catalog data is damaged ({s}); reinstall Koder.")
            }
            Error::InvalidCodeSet { problems } => {
                format!("The code list cannot be used: {}.", problem_list(problems, "line", |p| &p.message_en))
            }
        }
    }
}

/// "line 3: …; line 7: …" for the first problems of a list.
fn problem_list(
    problems: &[crate::codeset::RowProblem],
    line: &str,
    text: impl Fn(&crate::codeset::RowProblem) -> &String,
) -> String {
    let shown: Vec<String> = problems
        .iter()
        .take(6)
        .map(|p| match p.line {
            Some(n) => format!("{line} {n}: {}", text(p)),
            None => text(p).clone(),
        })
        .collect();
    let more = problems.len().saturating_sub(6);
    let tail = if more > 0 { format!("; … (+{more})") } else { String::new() };
    format!("{}{tail}", shown.join("; "))
}

fn system_label(system: &str) -> &'static str {
    match system {
        "icd10" => "ICD-10 (edisi 2010 / 2010 edition)",
        "icd9cm" => "ICD-9-CM",
        "icpc2" => "ICPC-2",
        _ => "katalog / catalog",
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} / {}", self.message_id(), self.message_en())
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_bilingual_and_codes_stable() {
        let e = Error::UnknownCode { system: "icd10", code: "X99.9".into() };
        assert_eq!(e.code(), "unknown_code");
        assert!(e.message_id().contains("tidak ada"));
        assert!(e.message_en().contains("does not exist"));
        assert!(e.to_string().contains(" / "));
    }
}
