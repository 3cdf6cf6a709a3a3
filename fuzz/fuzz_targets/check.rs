//! Fuzz target for the claim checks: arbitrary bytes as claim JSON, and a structured claim
//! built from the bytes (codes drawn from the input), must give a report or a clear error —
//! never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(koder) = koder::Koder::new() else { return };
    let text = String::from_utf8_lossy(data);
    let _ = koder.check_json(&text);
    // A well-formed claim whose values come from the input.
    let parts: Vec<&str> = text.split(['#', '\n', ',']).take(300).collect();
    let claim = serde_json::json!({
        "sex": parts.first().copied().unwrap_or(""),
        "diagnosa": parts.iter().skip(1).take(150).copied().collect::<Vec<_>>().join("#"),
        "procedures": parts.iter().skip(151).copied().collect::<Vec<_>>(),
        "setting": if data.first().is_some_and(|b| b & 1 == 1) { "inpatient" } else { "outpatient" },
        "facility": if data.first().is_some_and(|b| b & 2 == 2) { "fktp" } else { "fktl" },
        "age_days": data.get(1).map(|b| u32::from(*b) * 200).unwrap_or(0),
        "referral": data.get(2).is_some_and(|b| b & 1 == 1),
        "icpc2": parts.iter().rev().take(5).copied().collect::<Vec<_>>(),
        "documents": parts.iter().take(3).copied().collect::<Vec<_>>(),
    });
    if let Ok(report) = koder.check_json(&claim.to_string()) {
        let n = report.counts.error + report.counts.warning + report.counts.info;
        assert_eq!(n, report.findings.len());
    }
});
