//! The start-up benchmark (issue 22, point 3): what building the embedded knowledge
//! costs, part by part (the text layer's lexicons, the extraction lexicons, the
//! gazetteer, the actor base) and as a whole ([`Extractor::embedded`]), as the best
//! first pass and the best of five, in wall time and in this thread's CPU time
//! (the text lexicons are built once per process: only their first pass counts),
//! with the resident memory each part adds on its first pass. On a shared machine
//! the wall time is noisy: the CPU time says what each part costs.
//!
//! `cargo bench -p sitrep-extract --bench startup`

use chrono::NaiveDate;
use sitrep_actors::ActorBase;
use sitrep_benchkit::{best_of, rss_mb, thread_cpu_s};
use sitrep_extract::{Extractor, Lexicons};
use sitrep_geo::Gazetteer;

/// The allocator the `sitrep` binary ships with, so that the bench measures it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Timed passes of each part after its first.
const PASSES: usize = 9;

fn part<T, E: std::fmt::Display>(name: &str, mut build: impl FnMut() -> Result<T, E>) {
    let before = rss_mb();
    let cpu0 = thread_cpu_s();
    let t0 = std::time::Instant::now();
    let first = build();
    let (first_wall, first_cpu) = (t0.elapsed().as_secs_f64(), thread_cpu_s() - cpu0);
    let grew = rss_mb() - before;
    if let Err(e) = &first {
        println!("{name:<28} cannot be built: {e}");
        return;
    }
    // Kept alive while the next passes run, as in the binary; then dropped.
    let best = best_of(PASSES, || {
        let _ = std::hint::black_box(build());
    });
    drop(first);
    println!(
        "{name:<24} first: wall {:>6.1} ms CPU {:>6.1} ms;  best of {PASSES}: wall {:>6.1} ms CPU {:>6.1} ms;  resident +{grew:>5.1} MiB",
        first_wall * 1e3,
        first_cpu * 1e3,
        best.wall_s * 1e3,
        best.cpu_s.map_or(f64::NAN, |s| s * 1e3)
    );
}

fn main() {
    let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap_or_default();
    // Built once per process and kept (a static): its first build is the cost.
    part("text lexicons (first)", || {
        sitrep_text::Lexicons::embedded().map(|_| ())
    });
    part("extraction lexicons", Lexicons::embedded);
    part("gazetteer", Gazetteer::embedded);
    part("actor base", ActorBase::embedded);
    part("Extractor::embedded", || Extractor::embedded(today));
}
