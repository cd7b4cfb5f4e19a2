//! The shapes benchmark: MB/s of the whole path from raw text to events (cleaning,
//! then extraction; for HTML, reading the page first) on ordinary reports, and on the
//! shapes that once cost more than linear time, each as ONE input of the same size:
//! one large document of reports, report text without sentence stops, date-like and
//! number-like floods, entity-heavy and nested HTML, and others
//! ([`sitrep_benchkit::shapes`]). Each figure is the best of three passes; each line
//! gives the shape's CPU time per byte as a multiple of ordinary reports' (the
//! acceptance: at most 2 for the shapes of issue 15).
//!
//! `cargo bench -p sitrep-cli --bench shapes [-- MB [NAME]]` (default 2 MB a shape;
//! with NAME, only the shapes whose name holds it).

use sitrep_input as input;

use chrono::NaiveDate;
use sitrep_benchkit::shapes::{self, Rng};
use sitrep_benchkit::{best_of, mb_per_s};
use sitrep_extract::Extractor;

/// The allocator the `sitrep` binary ships with, so that the bench measures it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Cleans and extracts every text; returns the events found.
fn extract_all(ex: &Extractor, texts: &[String]) -> usize {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let d = ex.prepare(&format!("s{i}"), "bench", None, None, None, t);
            ex.extract(&d).len()
        })
        .sum()
}

/// The best of three passes of `f` (the machine may be shared: the shortest pass is
/// the least disturbed); returns (wall s, CPU s, its result).
fn timed(mut f: impl FnMut() -> usize) -> (f64, f64, usize) {
    let mut n = 0;
    let best = best_of(3, || n = f());
    (best.wall_s, best.cpu_s.unwrap_or(f64::NAN), n)
}

fn main() {
    // (`cargo bench` adds `--bench`: flags are not ours.)
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let mb: f64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(2.0);
    let only = args.get(1).cloned().unwrap_or_default();
    let bytes = (mb * 1e6) as usize;
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default();
    let ex = match Extractor::embedded(today) {
        Ok(ex) => ex,
        Err(e) => {
            eprintln!("cannot load knowledge: {e}");
            return;
        }
    };
    let mut rng = Rng::new(2026);
    // Warm-up (first touches of the lazily parsed gazetteer).
    extract_all(&ex, &shapes::reports(&mut rng, 200_000));

    let ordinary = shapes::reports(&mut rng, bytes);
    let len: usize = ordinary.iter().map(String::len).sum();
    let (wall, cpu, n) = timed(|| extract_all(&ex, &ordinary));
    let base = cpu / len as f64;
    println!(
        "{:<22} {:>6.2} MB {:>7.2} MB/s ({:>7.2} MB/s of CPU time) {:>5.2}x  ({} reports, {n} events)",
        "ordinary reports",
        len as f64 / 1e6,
        mb_per_s(len, wall),
        mb_per_s(len, cpu),
        1.0,
        ordinary.len()
    );
    let mut inputs: Vec<(&str, String, bool)> = shapes::adversarial(&mut rng, bytes)
        .into_iter()
        .map(|(name, text)| (name, text, false))
        .collect();
    inputs.push((
        "entity-heavy HTML",
        shapes::entity_html(&mut rng, bytes),
        true,
    ));
    inputs.push(("nested HTML", shapes::nested_html(&mut rng, bytes), true));
    for (name, text, html) in inputs.into_iter().filter(|i| i.0.contains(&only)) {
        let (wall, cpu, n) = timed(|| {
            let text = if html {
                input::html_to_text(&text).0
            } else {
                text.clone()
            };
            extract_all(&ex, &[text])
        });
        println!(
            "{:<22} {:>6.2} MB {:>7.2} MB/s ({:>7.2} MB/s of CPU time) {:>5.2}x  ({n} events)",
            name,
            text.len() as f64 / 1e6,
            mb_per_s(text.len(), wall),
            mb_per_s(text.len(), cpu),
            cpu / text.len() as f64 / base,
        );
    }
}
