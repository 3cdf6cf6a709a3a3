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
    suggest_latency(&koder);

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
    audit_throughput();
}

/// `suggest` on resume lines of about 200 characters (lines of `tests/suggest.tsv` joined with
/// ", "), each timed alone with a fresh engine state (no result cache between calls).
fn suggest_latency(koder: &Koder) {
    let table = include_str!("../tests/suggest.tsv");
    let rows: Vec<&str> = table
        .lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .filter(|t| !t.is_empty())
        .collect();
    let mut lines = Vec::new();
    let mut cur = String::new();
    for r in rows.iter().cycle().take(rows.len() * 2) {
        if !cur.is_empty() {
            cur.push_str(", ");
        }
        cur.push_str(r);
        if cur.chars().count() >= 190 {
            lines.push(std::mem::take(&mut cur));
        }
    }
    let options = koder::SuggestOptions::default();
    let mut times = Vec::new();
    let mut worst = (0.0, String::new());
    let chars: usize = lines.iter().map(|l| l.chars().count()).sum();
    for _pass in 0..5 {
        for l in &lines {
            let t = Instant::now();
            let r = koder.suggest(l, &options);
            let ms = t.elapsed().as_secs_f64() * 1e3;
            std::hint::black_box(r.ok());
            if ms > worst.0 {
                worst = (ms, l.chars().take(40).collect());
            }
            times.push(ms);
        }
    }
    times.sort_by(f64::total_cmp);
    println!(
        "| suggest, one resume line of ~200 characters ({} lines, mean {} characters, × 5) p50 / p99 | {:.3} ms / {:.3} ms (target p99 ≤ 2 ms) |",
        lines.len(),
        chars / lines.len().max(1),
        percentile(&times, 0.50),
        percentile(&times, 0.99)
    );
    println!("| suggest max | {:.3} ms (`{}…`) |", worst.0, worst.1);
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

/// Claims audit (`koder audit`): claims per second over a synthetic 200,000-claim month (CSV
/// parse + claim checks + cross-claim checks), without grouping and with the grouping preview of
/// the claims at risk (the default).
fn audit_throughput() {
    use koder::audit::{AuditOptions, Auditor, GroupMode};
    let n = 200_000usize;
    let kinds = [
        ("1", "J18.9", "87.44#93.94", "sep;medical_resume;xray_chest;lab_cbc", "Paru"),
        ("2", "I10", "", "sep", "Penyakit Dalam"),
        ("1", "A91", "99.18", "sep;medical_resume;lab_cbc;lab_ns1_dengue_serology", "Anak"),
        ("2", "Z49.1#N18.5#I12.0", "39.95", "sep;control_letter;hd_record", "Hemodialisa"),
        ("1", "O82.0#Z37.0", "74.1", "sep;medical_resume;operation_report;anesthesia_report", "Obgin"),
        ("2", "E11.9#I10", "", "sep", "Penyakit Dalam"),
    ];
    let mut csv = String::from("nomor_sep;no_rm;jenis_kelamin;tgl_lahir;tgl_masuk;tgl_pulang;jenis_rawat;kelas_rawat;diagnosa;procedure;berkas;poli\r\n");
    for i in 0..n {
        let (setting, dx, px, docs, poli) = kinds[i % kinds.len()];
        let day = 1 + (i * 7) % 28;
        let out = if setting == "1" { format!("2024-03-{:02}", (day + 3).min(31)) } else { String::new() };
        let sex = if dx.starts_with('O') || i % 2 == 0 { "P" } else { "L" };
        csv.push_str(&format!(
            "S{i};RM{};{sex};19{}-0{}-15;2024-03-{day:02};{out};{setting};3;{dx};{px};\"{docs}\";{poli}\r\n",
            i % (n / 4),
            50 + i % 50,
            1 + i % 9
        ));
    }
    for (label, group) in [("no grouping", GroupMode::None), ("grouping preview of claims at risk", GroupMode::Risk)] {
        let mut a = Auditor::new(AuditOptions { group, ..AuditOptions::default() }, None, None).expect("auditor");
        let t = Instant::now();
        for chunk in csv.as_bytes().chunks(1 << 20) {
            a.push(chunk, &mut |_| {}).expect("audit");
        }
        let s = a.finish(&mut |_| {}).expect("audit");
        let secs = t.elapsed().as_secs_f64();
        println!(
            "| claims audit per second ({label}; {} synthetic claims, {} at risk; one core) | {:.0} |",
            s.rows.read,
            s.claims.at_risk,
            s.rows.read as f64 / secs
        );
    }
}
