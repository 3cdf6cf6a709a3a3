//! The audit fuzz target (`fuzz/fuzz_targets/audit.rs`) run briefly inside `cargo test`:
//! the fixtures of `tests/audit/` and a few crafted files, mutated by a seeded generator (byte
//! flips, insertions of quotes, delimiters, line breaks and BOMs, splices between files, cuts),
//! for about two seconds. `KODER_FUZZ_SECONDS=600 cargo test --release --test fuzz_audit`
//! runs it for long; a failure prints the seed and the input's bytes.

#[path = "../fuzz/fuzz_targets/audit_input.rs"]
mod audit_input;

use std::time::{Duration, Instant};

/// xorshift64*: the same seed gives the same inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&[u8]] = &[
    b"\"",
    b"\"\"",
    b",",
    b";",
    b"\t",
    b"|",
    b"\n",
    b"\r\n",
    b"\r",
    b"\xef\xbb\xbf",
    b"{",
    b"}",
    b"\":\"",
    b"#",
    b"\0",
    b"\xff",
    b"A91",
    b"J18.9",
    b"99.29",
    b"2024-02-30",
    b"1800-01-01",
    b"de\xcc\x81mam",
];

fn seeds() -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = ["month.csv", "month.jsonl", "simrs.csv"]
        .iter()
        .map(|f| std::fs::read(format!("{}/tests/audit/{f}", env!("CARGO_MANIFEST_DIR"))).expect("fixture"))
        .collect();
    out.push(b"nomor_sep;no_rm;tgl_masuk;jenis_rawat;diagnosa\nS1;R1;2024-01-02;1;A91\n".to_vec());
    out.push(b"{\"nomor_sep\":\"S1\",\"no_rm\":\"R1\",\"tgl_masuk\":\"2024-01-02\",\"jenis_rawat\":2,\"diagnosa\":[\"J18.9\"]}\n".to_vec());
    out.push(b"\"unterminated,header\nx".to_vec());
    out
}

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut d = vec![rng.next() as u8, rng.next() as u8];
    d.extend_from_slice(&seeds[rng.below(seeds.len())]);
    for _ in 0..=rng.below(8) {
        let at = rng.below(d.len() + 1).max(2).min(d.len());
        match rng.below(6) {
            0 if d.len() > 2 => {
                let i = rng.below(d.len() - 2) + 2;
                d[i] ^= 1 << rng.below(8);
            }
            1 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                d.splice(at..at, t.iter().copied());
            }
            2 if d.len() > at => {
                let end = (at + rng.below(64)).min(d.len());
                d.drain(at..end);
            }
            3 => {
                let other = &seeds[rng.below(seeds.len())];
                let from = rng.below(other.len());
                let to = (from + rng.below(200)).min(other.len());
                d.splice(at..at, other[from..to].iter().copied());
            }
            4 => d.truncate(at),
            _ => {
                let n = rng.below(3000);
                d.splice(at..at, std::iter::repeat_n(b'x', n));
            }
        }
    }
    d
}

#[test]
fn audit_reader_survives_mutated_exports() {
    let seconds: u64 = std::env::var("KODER_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(2);
    let seed = std::env::var("KODER_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1
    });
    let seeds = seeds();
    let mut rng = Rng(seed);
    let start = Instant::now();
    let mut runs = 0u64;
    // The fixtures themselves first, then mutations until the time is up.
    for s in &seeds {
        audit_input::audit_bytes(&[[0u8, 7].as_slice(), s].concat());
    }
    while start.elapsed() < Duration::from_secs(seconds) {
        let input = mutate(&mut rng, &seeds);
        let r = std::panic::catch_unwind(|| audit_input::audit_bytes(&input));
        if let Err(e) = r {
            let msg = e.downcast_ref::<String>().cloned().unwrap_or_default();
            panic!("seed {seed}, run {runs}: {msg}\ninput: {:?}", String::from_utf8_lossy(&input));
        }
        runs += 1;
    }
    println!("{runs} mutated exports audited in {seconds} s (seed {seed})");
    assert!(runs > 0);
}
