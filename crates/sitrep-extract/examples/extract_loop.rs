/*!
A steady extraction loop for profilers (perf, callgrind): loads the knowledge
once, runs one warm-up pass through `Extractor::explain`, then extracts the
bench corpus (sample reports and the report corpus) `ROUNDS` times, so that
extraction dominates the profile. Instruction counts (callgrind) do not depend
on the load of the machine, which makes them the steadier before/after figure.

`cargo run --release -p sitrep-extract --example extract_loop -- [ROUNDS]`

`valgrind --tool=callgrind --toggle-collect='*Extractor*extract*' target/release/examples/extract_loop 5`
*/

use chrono::NaiveDate;
use sitrep_benchkit::{event_corpus, read_reports, sample_report_paths};
use sitrep_extract::Extractor;

/// The allocator the `sitrep` binary ships with, so that the profile shows it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(3);
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default();
    let ex = match Extractor::embedded(today) {
        Ok(ex) => ex,
        Err(e) => {
            eprintln!("cannot load knowledge: {e}");
            return;
        }
    };
    let mut base = read_reports(&sample_report_paths());
    base.extend(event_corpus());
    let docs: Vec<_> = base
        .iter()
        .enumerate()
        .map(|(i, r)| ex.prepare(&format!("r{i}"), "loop", None, None, r.published, &r.text))
        .collect();
    // Warm-up (the lazily parsed gazetteer) through `explain`, which runs the
    // same extraction.
    for d in &docs {
        ex.explain(d);
    }
    let mut events = 0usize;
    for _ in 0..rounds {
        for d in &docs {
            events += ex.extract(d).len();
        }
    }
    println!("{} reports x {rounds} rounds, {events} events", docs.len());
}
