use std::time::Instant;
fn main() {
    let koder = koder::Koder::new().unwrap();
    koder::search::warm_up();
    let table = include_str!("../tests/suggest.tsv");
    let rows: Vec<&str> = table.lines().filter(|l| !l.starts_with('#')).skip(1).filter_map(|l| l.split('\t').next()).collect();
    let mut lines = Vec::new();
    let mut cur = String::new();
    for r in &rows { if !cur.is_empty() { cur.push_str(", "); } cur.push_str(r); if cur.chars().count() >= 190 { lines.push(std::mem::take(&mut cur)); } }
    let o = koder::SuggestOptions::default();
    let mut all = Vec::new();
    for l in &lines {
        let mut ms = f64::MAX;
        for _ in 0..10 { let t = Instant::now(); std::hint::black_box(koder.suggest(l, &o).ok()); ms = ms.min(t.elapsed().as_secs_f64() * 1e3); }
        all.push(ms);
    }
    all.sort_by(f64::total_cmp);
    println!("lines {} min-of-10: median {:.3} ms, max {:.3} ms", all.len(), all[all.len()/2], all[all.len()-1]);
}
