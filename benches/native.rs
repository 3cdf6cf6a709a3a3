//! Native benchmark: per-keystroke search latency over `tests/queries.tsv` (every query typed
//! one character at a time) and claim checks per second over `tests/claims/*.json`.
//! Prints figures; never fails. Run: `cargo bench --bench native`.

use koder::{Koder, SearchOptions};
use std::time::Instant;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let t0 = Instant::now();
    let koder = Koder::new().expect("catalog");
    koder::search::warm_up();
    let init_ms = t0.elapsed().as_secs_f64() * 1e3;
    let table = include_str!("../tests/queries.tsv");
    let queries: Vec<&str> = table
        .lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .filter(|q| !q.is_empty())
        .collect();
    let options = SearchOptions::default();
    let mut times = Vec::new();
    let mut worst = (0.0, String::new());
    for _pass in 0..3 {
        for q in &queries {
            let mut prefix = String::new();
            for c in q.chars() {
                prefix.push(c);
                let t = Instant::now();
                let r = koder.search(&prefix, &options);
                let ms = t.elapsed().as_secs_f64() * 1e3;
                std::hint::black_box(r.ok());
                if ms > worst.0 {
                    worst = (ms, prefix.clone());
                }
                times.push(ms);
            }
        }
    }
    times.sort_by(f64::total_cmp);
    println!("## Koder native search (per keystroke, {} keystrokes, {} queries × 3)", times.len(), queries.len());
    println!("| metric | value |\n|---|---|");
    println!("| init (catalog open + typo automata) | {init_ms:.2} ms |");
    println!("| p50 | {:.4} ms |", percentile(&times, 0.50));
    println!("| p99 | {:.4} ms |", percentile(&times, 0.99));
    println!("| max | {:.4} ms (`{}`) |", worst.0, worst.1);

    // Claim checks per second over the fixtures (when present).
    let mut claims = Vec::new();
    if let Ok(dir) = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/claims")) {
        for e in dir.flatten() {
            if let Ok(text) = std::fs::read_to_string(e.path()) {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
                    if let Some(c) = v.get("claim") {
                        claims.push(c.to_string());
                    }
                }
            }
        }
    }
    if !claims.is_empty() {
        let n = 20_000usize;
        let t = Instant::now();
        for i in 0..n {
            std::hint::black_box(koder.check_json(&claims[i % claims.len()]).ok());
        }
        let secs = t.elapsed().as_secs_f64();
        println!(
            "| claim checks per second (JSON parse + check, {} fixtures) | {:.0} |",
            claims.len(),
            n as f64 / secs
        );
    }
    grouping_throughput(&koder);
}

/// INA-CBG grouping preview: groupings per second over `tests/grouper/cases.json` (claim
/// validation + grouping + what-if per secondary), with the bundled definition set.
fn grouping_throughput(koder: &Koder) {
    let text = include_str!("../tests/grouper/cases.json");
    let cases: Vec<serde_json::Value> = serde_json::from_str(text).unwrap_or_default();
    let claims: Vec<koder::ClaimInput> =
        cases.iter().filter_map(|c| serde_json::from_value(c.get("claim")?.clone()).ok()).collect();
    if claims.is_empty() {
        return;
    }
    let n = 50_000usize;
    let t = Instant::now();
    let mut worst = 0.0f64;
    for i in 0..n {
        let t1 = Instant::now();
        std::hint::black_box(koder.group(claims[i % claims.len()].clone(), None).ok());
        worst = worst.max(t1.elapsed().as_secs_f64() * 1e3);
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "| INA-CBG groupings per second (validate + group + what-if, {} cases) | {:.0} (mean {:.4} ms, max {:.3} ms) |",
        claims.len(),
        n as f64 / secs,
        secs * 1e3 / n as f64,
        worst
    );
}
