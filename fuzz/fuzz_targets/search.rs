//! Fuzz target: arbitrary bytes (lossy UTF-8) as the query of `search` and as the system/code of
//! `lookup`, `crosswalk` and `is_valid`, with options derived from the bytes. Any panic is a bug:
//! every input must give a result or an `Error`.
//!
//! ```sh
//! cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run search -- -max_total_time=60
//! ```
#![no_main]

use koder::{CodeSystem, Koder, SearchOptions};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static ENGINE: OnceLock<Koder> = OnceLock::new();

const SYSTEMS: [&str; 8] = ["icd10", "icd9cm", "icpc2", "ICD-10", "icd9", "ICPC", "loinc", ""];
const CHAPTERS: [&str; 8] = ["X", "10", "R", "K", "xxii", "0", "", "A00-B99"];
const BLOCKS: [&str; 6] = ["J09-J18", "A90-A99", "I10-I15", "", "J09", "Z99-Z99"];

fuzz_target!(|data: &[u8]| {
    let k = ENGINE.get_or_init(|| Koder::new().expect("embedded catalog opens"));
    // The first two bytes choose the options; the rest is the text.
    let (head, rest) = data.split_at(data.len().min(2));
    let a = head.first().copied().unwrap_or(0);
    let b = head.get(1).copied().unwrap_or(0);
    let text = String::from_utf8_lossy(rest);

    let options = SearchOptions {
        system: match a & 3 {
            0 => None,
            1 => Some(CodeSystem::Icd10),
            2 => Some(CodeSystem::Icd9cm),
            _ => Some(CodeSystem::Icpc2),
        },
        // 0..=127: includes the invalid limits 0 and 101..=127.
        limit: usize::from(b & 0x7f),
        leaf_only: a & 4 != 0,
        chapter: (a & 8 != 0).then(|| CHAPTERS[usize::from(b >> 5) % CHAPTERS.len()].to_string()),
        block: (a & 16 != 0).then(|| BLOCKS[usize::from(a >> 5) % BLOCKS.len()].to_string()),
    };
    match k.search(&text, &options) {
        Ok(hits) => {
            assert!(hits.len() <= options.limit, "more hits than the limit");
            for h in &hits {
                assert!(h.score.is_finite(), "score {} for {:?}", h.score, h.code);
                if let Some(s) = options.system {
                    assert_eq!(h.system, s, "system filter ignored");
                }
                if options.leaf_only {
                    assert!(h.leaf, "leafOnly ignored for {}", h.code);
                }
            }
        }
        Err(e) => assert!(!e.code().is_empty()),
    }

    // System and code from the bytes: split the text at the first space (or use a fixed system).
    let (sys, code) = match text.split_once(' ') {
        Some((s, c)) if a & 32 != 0 => (s.to_string(), c.to_string()),
        _ => (SYSTEMS[usize::from(a >> 5)].to_string(), text.to_string()),
    };
    if let Ok(sys) = CodeSystem::parse(&sys) {
        if let Ok(d) = k.lookup(sys, &code) {
            // A found code is valid when it is a code (not a block or chapter).
            let is_code = d.kind == koder::RecordKind::Code;
            assert_eq!(k.is_valid(d.system, &code), is_code, "is_valid disagrees with lookup for {code:?}");
        }
        let _ = k.crosswalk(sys, &code);
    }
    if let Ok(s) = CodeSystem::parse(&sys) {
        let _ = k.is_valid(s, &code);
    }
});
