//! The body of the `audit` fuzz target, shared with `tests/fuzz_audit.rs` (which runs it for a
//! few seconds on mutated fixtures in `cargo test`): arbitrary bytes as a claims export (CSV,
//! TXT or JSON lines), with options and the chunking drawn from the first two bytes. Any panic
//! is a bug; besides, the audit must not depend on how the file is cut into chunks, the row
//! counts must add up, and every message must stay bounded.

use koder::audit::{AuditOptions, Auditor, GroupMode, InputFormat, Summary};

/// Audits `data`; panics when an invariant does not hold.
pub fn audit_bytes(data: &[u8]) {
    let (head, body) = data.split_at(data.len().min(2));
    let a = head.first().copied().unwrap_or(0);
    let b = head.get(1).copied().unwrap_or(0);
    let opts = || AuditOptions {
        format: [None, Some(InputFormat::Csv), Some(InputFormat::Jsonl), None][usize::from(a & 3)],
        delimiter: [None, Some(b';'), Some(b'\t'), Some(b'|')][usize::from((a >> 2) & 3)],
        group: if a & 16 != 0 { GroupMode::Risk } else { GroupMode::None },
        readmission_days: if a & 32 != 0 { 30 } else { 0 },
        max_record_bytes: if a & 64 != 0 { 1024 } else { 1 << 20 },
        ..AuditOptions::default()
    };
    let whole = run(opts(), &[body]);
    // The same bytes in chunks of 1..=64 bytes (the size drawn from the second byte).
    let size = usize::from(b % 64) + 1;
    let chunks: Vec<&[u8]> = body.chunks(size).collect();
    let chunked = run(opts(), &chunks);
    assert_eq!(whole, chunked, "the result depends on the chunking ({size}-byte chunks)");
}

/// The summary as JSON, or the error's message.
fn run(opts: AuditOptions, chunks: &[&[u8]]) -> Result<String, String> {
    let mut a = Auditor::new(opts, None, None).map_err(|e| e.to_string())?;
    let mut outcomes = 0u64;
    let mut sink = |_: koder::audit::RowOutcome<'_>| outcomes += 1;
    let result = chunks.iter().try_for_each(|c| a.push(c, &mut sink)).and_then(|()| a.finish(&mut sink));
    match result {
        Ok(s) => {
            check(&s);
            assert_eq!(outcomes, s.rows.read, "every row read has one outcome");
            Ok(serde_json::to_string(&s).expect("summary serialises"))
        }
        Err(e) => {
            let m = e.to_string();
            assert!(m.chars().count() <= 500, "message of {} characters", m.chars().count());
            Err(m)
        }
    }
}

fn check(s: &Summary) {
    let (r, c) = (&s.rows, &s.claims);
    assert_eq!(r.read, r.audited + r.rejected, "read = audited + rejected: {r:?}");
    assert_eq!(c.error + c.warning + c.info + c.clean, r.audited, "claims by level: {c:?} {r:?}");
    assert_eq!(c.at_risk, c.error + c.warning, "at risk = error + warning: {c:?}");
    for x in &s.rejected {
        assert!(x.message_id.chars().count() <= 500 && x.message_en.chars().count() <= 500, "{x:?}");
    }
}
