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
use sitrep_benchkit::{best_of, event_corpus, mb_per_s, read_reports, sample_report_paths};

/// The bench corpus (sample reports, then the files named on the command line, then the
/// report corpus), cleaned as extraction cleans it.
fn texts(extra: &[String]) -> Vec<String> {
    let mut paths = sample_report_paths();
    paths.extend(extra.iter().map(std::path::PathBuf::from));
    let mut out = read_reports(&paths);
    out.extend(event_corpus());
    let Ok(lex) = sitrep_text::Lexicons::embedded() else {
        eprintln!("the embedded text lexicons do not parse");
        return Vec::new();
    };
    out.into_iter().map(|t| lex.clean(&t.text).text).collect()
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
    let best = best_of(7, || {
        let mut k = 0usize;
        for _ in 0..reps {
            for d in &docs {
                k += base.link(d, &ctxs[0]).len();
            }
        }
        std::hint::black_box(k);
    });
    println!(
        "link: {:.2} MB/s wall, {:.2} MB/s CPU time (best of 7 passes of {reps} rounds)",
        mb_per_s(bytes * reps, best.wall_s),
        best.cpu_s.map_or(f64::NAN, |c| mb_per_s(bytes * reps, c))
    );
}
