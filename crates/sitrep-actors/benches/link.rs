//! Linker benchmark: `ActorBase::link` alone on the documents of the extraction
//! benchmark (`examples/reports` and `data/corpus/events.tsv`, cleaned as extraction
//! cleans them), plus any `.txt` / `.jsonl` files named on the command line.
//! Prints the best of several passes in MB/s, and a checksum of every mention
//! (span, actor, link kind) so that a change can be checked for identical output.
//!
//! `cargo bench -p sitrep-actors --bench link [-- [--check] FILE…]`
//!
//! On a busy machine, count instructions instead: `valgrind --tool=callgrind
//! --toggle-collect='*ActorBase*::link' BENCH --check` (the checksum pass only).

use sitrep_actors::{ActorBase, LinkContext};
use std::time::{Duration, Instant};

fn texts(extra: &[String]) -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(root.join("examples/reports"))
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    paths.extend(extra.iter().map(std::path::PathBuf::from));
    let mut out = Vec::new();
    for p in paths {
        let body = std::fs::read_to_string(&p).unwrap_or_default();
        match p.extension().and_then(|e| e.to_str()) {
            Some("txt") => out.push(body),
            Some("jsonl") => {
                for line in body.lines() {
                    if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                        out.push(v["text"].as_str().unwrap_or("").to_string());
                    }
                }
            }
            _ => {}
        }
    }
    let corpus = std::fs::read_to_string(root.join("data/corpus/events.tsv")).unwrap_or_default();
    for line in corpus
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() == 3 {
            out.push(cols.get(1).unwrap_or(&"").replace("\\n", "\n"));
        }
    }
    out.into_iter()
        .map(|t| sitrep_text::clean(&t).text)
        .collect()
}

/// Nanoseconds this thread has run on a CPU (`/proc/thread-self/schedstat`): a
/// figure less disturbed than wall time when other processes share the cores.
fn cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// FNV-1a over the debug form of every mention.
fn checksum(h: &mut u64, s: &str) {
    for b in s.bytes() {
        *h ^= u64::from(b);
        *h = h.wrapping_mul(0x100_0000_01b3);
    }
}

fn main() {
    let extra: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let base = match ActorBase::embedded() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cannot load the actor base: {e}");
            return;
        }
    };
    let docs = texts(&extra);
    let bytes: usize = docs.iter().map(String::len).sum();
    let ctxs = [
        LinkContext::default(),
        LinkContext::new(chrono::NaiveDate::from_ymd_opt(2022, 1, 1), Some("AF")),
    ];
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut n = 0usize;
    for ctx in &ctxs {
        for d in &docs {
            for m in base.link(d, ctx) {
                checksum(&mut h, &format!("{m:?}"));
                n += 1;
            }
        }
    }
    println!(
        "{} docs, {:.3} MB; {n} mentions, checksum {h:016x}",
        docs.len(),
        bytes as f64 / 1e6
    );
    // `--check`: the checksum pass only (to count instructions under callgrind).
    if std::env::args().any(|a| a == "--check") {
        return;
    }
    let reps = 30;
    let mut best = Duration::MAX;
    let mut best_cpu = u64::MAX;
    for _ in 0..7 {
        let t = Instant::now();
        let c0 = cpu_ns();
        let mut k = 0usize;
        for _ in 0..reps {
            for d in &docs {
                k += base.link(d, &ctxs[0]).len();
            }
        }
        std::hint::black_box(k);
        best = best.min(t.elapsed());
        if let (Some(a), Some(b)) = (c0, cpu_ns()) {
            best_cpu = best_cpu.min(b.saturating_sub(a));
        }
    }
    let mb = (bytes * reps) as f64 / 1e6;
    println!(
        "link: {:.2} MB/s wall, {:.2} MB/s CPU time (best of 7 passes of {reps} rounds)",
        mb / best.as_secs_f64(),
        mb / (best_cpu as f64 / 1e9)
    );
}
