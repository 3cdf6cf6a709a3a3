//! The engine's error type: every failure a caller can see, with an Indonesian and an English
//! message and a stable machine-readable code.

use crate::catalog::CodeSystem;
use std::fmt;

/// Errors of the Koder engine. Messages are Indonesian first, then English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The code system name is not one Koder knows.
    UnknownSystem(String),
    /// The code does not exist in the system (2010 edition for ICD-10).
    UnknownCode {
        /// The system searched.
        system: CodeSystem,
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
    UnsupportedCrosswalk(CodeSystem),
    /// The embedded catalog is damaged (a build problem, never user input).
    DataCorruption(String),
    /// A build without an embedded catalog (the web modules) was asked before its catalog
    /// bundle was installed ([`crate::Catalog::install_bundle`]).
    CatalogNotLoaded,
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
            Error::CatalogNotLoaded => "not_ready",
            Error::InvalidCodeSet { .. } => "invalid_code_set",
        }
    }

    /// The message in Indonesian (at most [`MAX_MESSAGE_CHARS`] characters).
    pub fn message_id(&self) -> String {
        bounded(match self {
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
                format!("Isian \"{field}\" tidak valid: {}.", readable(detail).0)
            }
            Error::UnsupportedCrosswalk(s) => {
                format!("Pemetaan dari \"{s}\" belum tersedia; gunakan icpc2 atau icd10.")
            }
            Error::DataCorruption(s) => format!("Data katalog rusak ({s}); pasang ulang Koder."),
            Error::CatalogNotLoaded => "Katalog kode belum dimuat; tunggu init() selesai.".to_string(),
            Error::InvalidCodeSet { problems } => {
                format!("Daftar kode tidak dapat dipakai: {}.", problem_list(problems, "baris", |p| &p.message_id))
            }
        })
    }

    /// The message in English (at most [`MAX_MESSAGE_CHARS`] characters).
    pub fn message_en(&self) -> String {
        bounded(match self {
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
            Error::InvalidInput { field, detail } => format!("Invalid \"{field}\": {}.", readable(detail).1),
            Error::UnsupportedCrosswalk(s) => {
                format!("No crosswalk from \"{s}\" yet; use icpc2 or icd10.")
            }
            Error::DataCorruption(s) => {
                format!("The catalog data is damaged ({s}); reinstall Koder.")
            }
            Error::CatalogNotLoaded => "The code catalog is not loaded yet; wait for init().".to_string(),
            Error::InvalidCodeSet { problems } => {
                format!("The code list cannot be used: {}.", problem_list(problems, "line", |p| &p.message_en))
            }
        })
    }
}

/// Longest message in one language, in characters.
pub const MAX_MESSAGE_CHARS: usize = 400;
/// Longest whole message (`Display`: "Indonesian / English"), in characters.
pub const MAX_DISPLAY_CHARS: usize = 500;

/// Cuts a message to [`MAX_MESSAGE_CHARS`] characters (an ellipsis marks the cut).
fn bounded(s: String) -> String {
    bounded_to(s, MAX_MESSAGE_CHARS)
}

fn bounded_to(s: String, max: usize) -> String {
    match s.char_indices().nth(max - 1) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

/// Cuts a value shown in a message to 40 characters.
fn cut(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// A detail as (Indonesian, English). Parser messages (serde's "invalid type: string \"x\",
/// expected f64", "unknown field `x`", JSON syntax errors) become plain bilingual words without
/// type names, the offending value cut; other details are the same text in both.
fn readable(detail: &str) -> (String, String) {
    let (path, msg) = match parser_message(detail) {
        Some(pm) => pm,
        None => return (detail.to_string(), detail.to_string()),
    };
    let (msg, at) = match msg.rsplit_once(" at line ") {
        Some((m, pos)) => match pos.split_once(" column ") {
            Some((l, c)) => (m, Some((l, c))),
            None => (m, None),
        },
        None => (msg, None),
    };
    let (mut id, mut en) = parser_words(msg);
    if let Some((l, c)) = at {
        id.push_str(&format!(" (baris {l}, kolom {c})"));
        en.push_str(&format!(" (line {l}, column {c})"));
    }
    match path {
        "" | "." | "?" => (id, en),
        p => (format!("{}: {id}", cut(p)), format!("{}: {en}", cut(p))),
    }
}

/// Splits "path: message" when the message is a parser's; `None` for Koder's own details.
fn parser_message(detail: &str) -> Option<(&str, &str)> {
    const STARTS: [&str; 20] = [
        "invalid type: ",
        "invalid value: ",
        "invalid length ",
        "unknown field `",
        "unknown variant `",
        "missing field `",
        "duplicate field `",
        "data did not match any variant",
        "EOF while parsing",
        "expected value",
        "expected `",
        "expected ident",
        "trailing c",
        "key must be",
        "recursion limit exceeded",
        "invalid number",
        "number out of range",
        "control character",
        "invalid escape",
        "invalid unicode code point",
    ];
    let is_parser = |m: &str| STARTS.iter().any(|s| m.starts_with(s)) || m.starts_with("lone leading surrogate");
    if is_parser(detail) {
        return Some(("", detail));
    }
    let (p, m) = detail.split_once(": ")?;
    let path_like = p.chars().all(|c| c.is_alphanumeric() || "_.[]-?".contains(c));
    (path_like && is_parser(m)).then_some((p, m))
}

/// The bilingual words for one parser message.
fn parser_words(m: &str) -> (String, String) {
    let backticked = |s: &str| s.split('`').nth(1).map(cut).unwrap_or_default();
    if let Some(rest) = m.strip_prefix("invalid type: ") {
        let (got, want) = rest.rsplit_once(", expected ").unwrap_or((rest, ""));
        let ((gi, ge), (wi, we)) = (unexpected(got), expected(want));
        return (format!("jenis salah ({gi}); seharusnya {wi}"), format!("wrong type ({ge}); expected {we}"));
    }
    if let Some(rest) = m.strip_prefix("invalid value: ") {
        let (got, want) = rest.rsplit_once(", expected ").unwrap_or((rest, ""));
        let ((gi, ge), (wi, we)) = (unexpected(got), expected(want));
        return (format!("nilai tidak valid ({gi}); seharusnya {wi}"), format!("invalid value ({ge}); expected {we}"));
    }
    if m.starts_with("invalid length ") {
        return ("jumlah unsur tidak sesuai".into(), "wrong number of elements".into());
    }
    if m.starts_with("unknown field `") {
        let k = backticked(m);
        return (format!("kunci tidak dikenal \"{k}\""), format!("unknown key \"{k}\""));
    }
    if let Some(rest) = m.strip_prefix("unknown variant `") {
        let v = cut(rest.split('`').next().unwrap_or(""));
        let known: Vec<&str> = rest.split('`').skip(1).skip(1).step_by(2).take(12).collect();
        let (ui, ue) = if known.is_empty() {
            (String::new(), String::new())
        } else {
            (format!("; gunakan {}", known.join(" | ")), format!("; use {}", known.join(" | ")))
        };
        return (format!("nilai \"{v}\" tidak dikenal{ui}"), format!("unknown value \"{v}\"{ue}"));
    }
    if m.starts_with("missing field `") {
        let k = backticked(m);
        return (format!("kunci \"{k}\" wajib ada"), format!("key \"{k}\" is required"));
    }
    if m.starts_with("duplicate field `") {
        let k = backticked(m);
        return (format!("kunci \"{k}\" muncul dua kali"), format!("key \"{k}\" appears twice"));
    }
    if m.starts_with("data did not match any variant") {
        return ("harus teks, angka, atau boolean".into(), "must be a string, a number or a boolean".into());
    }
    if m.starts_with("EOF while parsing") {
        return ("JSON terpotong (berakhir terlalu cepat)".into(), "JSON ends too early".into());
    }
    if m.starts_with("recursion limit exceeded") {
        return ("JSON bersarang terlalu dalam".into(), "JSON nested too deeply".into());
    }
    ("JSON tidak valid".into(), format!("invalid JSON ({})", cut(m)))
}

/// What a parser found, in words (serde's `Unexpected`), the value cut.
fn unexpected(got: &str) -> (String, String) {
    if let Some(s) = got.strip_prefix("string ") {
        let v = cut(s.trim_matches('"'));
        return (format!("teks \"{v}\""), format!("the text \"{v}\""));
    }
    for p in ["integer `", "floating point `"] {
        if let Some(n) = got.strip_prefix(p) {
            let n = cut(n.trim_end_matches('`'));
            return (format!("angka {n}"), format!("the number {n}"));
        }
    }
    if let Some(b) = got.strip_prefix("boolean `") {
        let b = b.trim_end_matches('`');
        return (format!("boolean {b}"), format!("the boolean {b}"));
    }
    let (id, en) = match got {
        "map" => ("objek", "an object"),
        "sequence" => ("larik", "an array"),
        "null" | "unit value" => ("null", "null"),
        _ => ("nilai lain", "another value"),
    };
    (id.into(), en.into())
}

/// What a parser wanted, in words (never a Rust type name).
fn expected(want: &str) -> (&'static str, &'static str) {
    const UNSIGNED: [&str; 6] = ["u8", "u16", "u32", "u64", "u128", "usize"];
    const SIGNED: [&str; 6] = ["i8", "i16", "i32", "i64", "i128", "isize"];
    match want {
        "a string" | "string" | "a borrowed string" | "a character" | "char" => ("teks", "a string"),
        "f32" | "f64" | "a number" => ("angka", "a number"),
        w if UNSIGNED.contains(&w) => ("bilangan bulat ≥ 0", "a whole number ≥ 0"),
        w if SIGNED.contains(&w) => ("bilangan bulat", "a whole number"),
        "a boolean" | "bool" => ("boolean (true/false)", "a boolean (true/false)"),
        "a sequence" => ("larik", "an array"),
        "a map" => ("objek", "an object"),
        w if w.starts_with("untagged enum") => ("teks, angka, atau boolean", "a string, a number or a boolean"),
        w if w.starts_with("struct ") || w.starts_with("a map") || w.starts_with("an object") => ("objek", "an object"),
        w if w.starts_with("a tuple") || w.starts_with("an array") || w.starts_with("a sequence") => {
            ("larik", "an array")
        }
        w if w.starts_with("a string") => ("teks", "a string"),
        w if w.starts_with("enum ") || w.ends_with("identifier") => {
            ("salah satu nilai yang dikenal", "one of the known values")
        }
        _ => ("jenis lain", "another type"),
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
        .take(3)
        .map(|p| match p.line {
            Some(n) => format!("{line} {n}: {}", text(p)),
            None => text(p).clone(),
        })
        .collect();
    let more = problems.len().saturating_sub(3);
    let tail = if more > 0 { format!("; … (+{more})") } else { String::new() };
    format!("{}{tail}", shown.join("; "))
}

fn system_label(system: &CodeSystem) -> &'static str {
    match system {
        CodeSystem::Icd10 => "ICD-10 (edisi 2010 / 2010 edition)",
        CodeSystem::Icd9cm => "ICD-9-CM",
        CodeSystem::Icpc2 => "ICPC-2",
    }
}

/// "Indonesian / English", at most [`MAX_DISPLAY_CHARS`] characters. When both do not fit and
/// the detail is already bilingual, it is given once.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (id, en) = (self.message_id(), self.message_en());
        if id.chars().count() + en.chars().count() + 3 <= MAX_DISPLAY_CHARS {
            return write!(f, "{id} / {en}");
        }
        let half = (MAX_DISPLAY_CHARS - 3) / 2;
        let text = match self {
            Error::InvalidInput { field, detail } if detail.contains(" / ") => {
                format!("Isian \"{field}\" tidak valid / Invalid \"{field}\": {}.", readable(detail).0)
            }
            _ => format!("{} / {}", bounded_to(id, half), bounded_to(en, half)),
        };
        f.write_str(&bounded_to(text, MAX_DISPLAY_CHARS))
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_bilingual_and_codes_stable() {
        let e = Error::UnknownCode { system: CodeSystem::Icd10, code: "X99.9".into() };
        assert_eq!(e.code(), "unknown_code");
        assert!(e.message_id().contains("tidak ada"));
        assert!(e.message_en().contains("does not exist"));
        assert!(e.to_string().contains(" / "));
        let e = Error::CatalogNotLoaded;
        assert_eq!(e.code(), "not_ready");
        assert!(e.message_id().contains("belum dimuat") && e.message_en().contains("not loaded"));
    }

    /// No Rust or serde vocabulary in a message.
    fn assert_clean(m: &str) {
        for leak in
            ["untagged", "enum", "Scalar", "f64", "u32", "usize", "struct", "ClaimInput", "expected one of", "`"]
        {
            assert!(!m.contains(leak), "{leak:?} in {m:?}");
        }
    }

    /// The error of the one claim parser (the path of every entry point).
    fn claim_error(json: &str) -> Error {
        crate::parse_claim_json(json).and_then(crate::ClaimInput::validate).unwrap_err()
    }

    #[test]
    fn parser_messages_become_plain_bilingual_words() {
        let e = claim_error(r#"{"sex": {"a": 1}}"#);
        assert!(e.message_id().starts_with("Isian \"sex\" tidak valid: harus / must be teks"), "{e}");
        assert!(e.message_en().contains("bukan / not objek / object"), "{e}");
        let e = claim_error(r#"{"age_years": "tiga puluh"}"#);
        assert!(e.message_en().contains("Invalid \"age_years\": bukan angka / not a number: \"tiga puluh\""), "{e}");
        let e = claim_error(r#"{"diagnosis": "A09"}"#);
        assert!(e.message_id().contains("kunci tidak dikenal / unknown key \"diagnosis\""), "{e}");
        let e = claim_error("5");
        assert!(e.message_en().contains("wrong type (the number 5)"), "{e}");
        let e = claim_error(r#"{"diagnoses": ["A09", {"x": 1}]}"#);
        assert!(e.message_en().starts_with("Invalid \"diagnoses\": harus / must be larik teks"), "{e}");
        let e = claim_error(r#"{"sex": "M""#);
        assert!(e.message_id().contains("JSON terpotong"), "{e}");
        assert!(e.message_en().contains("(line 1, column 11)"), "{e}");
        let e = claim_error(r#"{"sex": "M" "age_days": 3}"#);
        assert!(e.message_id().contains("JSON tidak valid"), "{e}");
        for json in
            [r#"{"sex": {"a": 1}}"#, r#"{"age_years": "x"}"#, r#"{"documents": 5}"#, r#"{"id": []}"#, "5", "[[[["]
        {
            let e = claim_error(json);
            assert_clean(&e.message_id());
            assert_clean(&e.message_en());
        }
        // Koder's own details stay as they are.
        let e = Error::InvalidInput { field: "sex", detail: "\"X\": gunakan / use M | F".into() };
        assert_eq!(e.message_en(), "Invalid \"sex\": \"X\": gunakan / use M | F.");
    }

    #[test]
    fn messages_are_bounded_and_cut_the_value() {
        let huge = "y".repeat(10_000_000);
        let e = claim_error(&format!(r#"{{"sex": "{}"}}"#, "y".repeat(3000)));
        let m = e.to_string();
        assert!(m.chars().count() <= 500, "{} characters", m.chars().count());
        assert!(m.contains("yyyy") && m.chars().count() < 300, "{m}");
        let e = Error::InvalidInput { field: "claim", detail: huge.clone() };
        assert!(e.to_string().chars().count() <= 500);
        assert!(e.message_id().ends_with('…') && e.message_id().chars().count() <= 400);
        let e = Error::UnknownSystem(huge);
        assert!(e.to_string().chars().count() <= 500);
    }
}
