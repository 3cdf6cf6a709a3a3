//! Fuzz target for the audit reader: arbitrary bytes as a CSV / TXT / JSON-lines claims export,
//! read whole and in small chunks (see `audit_input.rs`). Any panic is a bug.
//!
//! ```sh
//! cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run audit -- -max_total_time=600
//! ```
#![no_main]

#[path = "audit_input.rs"]
mod audit_input;

libfuzzer_sys::fuzz_target!(|data: &[u8]| audit_input::audit_bytes(data));
