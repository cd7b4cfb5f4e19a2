/*!
Benchmark of sitrep-geo (run with `cargo bench -p sitrep-geo`): load time of the
embedded gazetteer, resident memory after loading (from /proc/self/status), and
toponym resolution throughput on news-like text (the place corpus sentences,
repeated to about 1 MB). A plain `main`, no harness, so it builds offline.
*/

use sitrep_geo::{Gazetteer, GeoContext};
use std::time::Instant;

fn rss_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
}

fn main() {
    let rss0 = rss_kb().unwrap_or(0);
    let t = Instant::now();
    let first = Gazetteer::embedded();
    let first_ms = t.elapsed().as_secs_f64() * 1e3;
    let rss_first = rss_kb().unwrap_or(0);
    drop(first);
    let mut times = Vec::new();
    let mut gaz = None;
    for _ in 0..5 {
        let t = Instant::now();
        let g = match Gazetteer::embedded() {
            Ok(g) => g,
            Err(e) => {
                eprintln!("load failed: {e}");
                return;
            }
        };
        times.push(t.elapsed().as_secs_f64());
        gaz = Some(g);
    }
    let Some(gaz) = gaz else { return };
    times.sort_by(f64::total_cmp);
    let rss1 = rss_kb().unwrap_or(0);
    println!(
        "load (parse + index) embedded: min {:.1} ms, median {:.1} ms over {} runs; {} places, {} keys",
        times.first().copied().unwrap_or(0.0) * 1e3,
        times.get(times.len() / 2).copied().unwrap_or(0.0) * 1e3,
        times.len(),
        gaz.len(),
        gaz.key_count()
    );
    println!(
        "first load {first_ms:.1} ms; RSS {} MB before, {} MB after the first load, {} MB after 5 more loads",
        rss0 / 1024,
        rss_first / 1024,
        rss1 / 1024
    );

    let corpus = include_str!("../../../data/corpus/places.tsv");
    let mut sample = String::new();
    for line in corpus.lines().filter(|l| !l.starts_with('#')) {
        if let Some(s) = line.split('\t').next() {
            sample.push_str(s);
            sample.push(' ');
        }
    }
    if sample.is_empty() {
        return;
    }
    let mut text = String::new();
    while text.len() < 1_000_000 {
        text.push_str(&sample);
        text.push('\n');
    }
    // Resolve in document-sized chunks (~4 KB), as the pipeline does.
    let chunks: Vec<&str> = text.split('\n').filter(|c| !c.is_empty()).collect();
    let ctx = GeoContext::default();
    let t = Instant::now();
    let mut found = 0usize;
    for c in &chunks {
        found += gaz.find_places(c, &ctx).len();
    }
    let dt = t.elapsed().as_secs_f64();
    println!(
        "find_places: {:.2} MB in {:.3} s = {:.2} MB/s ({} mentions, {} docs of {} bytes)",
        text.len() as f64 / 1e6,
        dt,
        text.len() as f64 / 1e6 / dt,
        found,
        chunks.len(),
        sample.len()
    );
    println!(
        "RSS after the resolution run: {} MB",
        rss_kb().unwrap_or(0) / 1024
    );
    let t = Instant::now();
    let all = gaz.iter().count();
    println!(
        "materialising all {all} places: {:.1} ms, RSS then {} MB",
        t.elapsed().as_secs_f64() * 1e3,
        rss_kb().unwrap_or(0) / 1024
    );
}
