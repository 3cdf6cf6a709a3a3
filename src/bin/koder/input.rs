//! The user's files: every one through the engine's one bounded reader, claim files through the
//! one claim parser, facility code lists into the engine.

use crate::error::CliError;
use koder::checks::claim::Members;
use koder::{CodeSetSystem, Koder};

/// Largest claim file read, in bytes.
pub const MAX_CLAIM_FILE: u64 = koder::bounded::MAX_CLAIM_FILE_BYTES;

/// Reads a file, pipe, device or stdin (`-`) of at most `max` bytes (the one bounded reader).
pub fn read_input(path: &str, max: u64) -> Result<String, CliError> {
    koder::bounded::read_to_string(path, max).map_err(CliError::failed)
}

/// The claim objects of a JSON file (one object or an array), duplicate keys refused; true when
/// the file held one object.
pub fn claim_objects(text: &str, path: &str) -> Result<(Vec<Members>, bool), CliError> {
    koder::checks::claim::claim_objects_json(text).map_err(|e| {
        let path = if path == "-" { "stdin" } else { path };
        CliError::failed(format!("{path}: {e}"))
    })
}

/// Claim `i` through the one claim parser; an error names the claim and its field.
pub fn claim_input(i: usize, c: &Members) -> Result<koder::ClaimInput, CliError> {
    koder::ClaimInput::from_members(&c.0).map_err(|e| CliError::claim(i, e))
}

/// `--code-set FILE` or `--code-set icd10_im=FILE`: loads the list, notes refused rows on stderr.
pub fn load_code_set(koder: &mut Koder, spec: &str) -> Result<(), CliError> {
    let (system, path) = match spec.split_once('=') {
        Some((s, p)) if CodeSetSystem::parse(s).is_ok() => (CodeSetSystem::parse(s).ok(), p),
        _ => (None, spec),
    };
    let cant = |e: &dyn std::fmt::Display| {
        CliError::failed(format!("Berkas tidak dapat dibaca / Cannot read file {path}: {e}"))
    };
    let meta = std::fs::metadata(path).map_err(|e| cant(&e))?;
    if meta.len() > koder::codeset::MAX_CODE_SET_BYTES as u64 {
        let mib = koder::codeset::MAX_CODE_SET_BYTES >> 20;
        return Err(CliError::failed(format!("{path}: lebih dari {mib} MiB / larger than {mib} MiB")));
    }
    let bytes = std::fs::read(path).map_err(|e| cant(&e))?;
    // Undetected (no row has a code of either shape): read as ICD-10-IM, whose refusal names the lines.
    let system = system.or_else(|| CodeSetSystem::detect(&bytes)).unwrap_or(CodeSetSystem::Icd10Im);
    let s = koder
        .load_code_set(&bytes, system)
        .map_err(|e| CliError::failed(format!("{path}: {} / {}", e.message_id(), e.message_en())))?;
    if s.rejected > 0 {
        eprintln!(
            "koder: {path} ({}): {} kode / codes, {} baris ditolak / rows refused",
            s.system.name(),
            s.codes,
            s.rejected
        );
        for p in s.problems.iter().take(10) {
            eprintln!("  baris / line {}: {} / {}", p.line.unwrap_or(0), p.message_id, p.message_en);
        }
    }
    Ok(())
}
