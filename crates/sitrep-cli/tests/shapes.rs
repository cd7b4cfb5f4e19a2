//! The bounded fuzz run of the stable test suite (issue 15): inputs of many shapes
//! from fixed seeds ([`sitrep_benchkit::shapes`]: random characters and bytes, long
//! lines, text without stops, floods of numbers, dates, capitals and punctuation,
//! nested and entity-heavy HTML, broken JSON Lines) go through the readers and the
//! whole extraction. The test fails on any panic, and on a shape whose CPU time per
//! byte is more than [`FACTOR`] times that of ordinary reports: the mark of a cost
//! that grows faster than the input (a quadratic loop costs hundreds of times more
//! per byte at these sizes, a linear one a few times at most).
//!
//! Against flakiness on a loaded machine: times are this thread's CPU time (not
//! wall time), everything is warmed up first, ordinary text is timed as the best of
//! three passes, and a shape over the limit is timed twice more before it fails (its
//! best pass counts). The fuzz targets of `fuzz/` search further, without bounds.

use sitrep_input as input;

use chrono::NaiveDate;
use sitrep_benchkit::shapes::{self, Rng};
use sitrep_benchkit::thread_cpu_ns;
use sitrep_extract::Extractor;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// How many times ordinary text's CPU time per byte a shape may take.
const FACTOR: f64 = 20.0;
/// The size of each timed shape: large enough that a quadratic stage would stand
/// out by far more than [`FACTOR`], small enough to keep the test to seconds.
const SHAPE_BYTES: usize = 120_000;

fn extractor() -> Extractor {
    let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap_or_default();
    match Extractor::embedded(today) {
        Ok(ex) => ex,
        Err(e) => panic!("cannot load the embedded knowledge: {e}"),
    }
}

/// Cleans and extracts `text` as one report; the number of events.
fn extract(ex: &Extractor, text: &str) -> usize {
    let d = ex.prepare("fuzz", "fuzz", None, None, None, text);
    ex.extract(&d).len()
}

/// This thread's CPU time for `f`, in nanoseconds (`None` where unknown).
fn cpu_ns(f: impl FnOnce()) -> Option<u64> {
    let a = thread_cpu_ns()?;
    f();
    Some(thread_cpu_ns()?.saturating_sub(a))
}

/// Runs `f` on `what`, turning a panic into a failure that names the input.
fn no_panic(what: &str, f: impl FnOnce()) {
    if catch_unwind(AssertUnwindSafe(f)).is_err() {
        panic!("panicked on {what}");
    }
}

#[test]
fn no_input_panics_readers_or_extraction() {
    let ex = extractor();
    let mut rng = Rng::new(15);
    for seed in 0..1000u64 {
        let len = rng.below(3000);
        let text = match seed % 6 {
            0 => shapes::random_text(&mut rng, len),
            1 => shapes::no_stops(&mut rng, len),
            2 => shapes::number_like(&mut rng, len),
            3 => shapes::date_like(&mut rng, len),
            4 => shapes::punctuation(&mut rng, len),
            _ => shapes::report(&mut rng, len),
        };
        no_panic(&format!("text #{seed} ({len} bytes)"), || {
            extract(&ex, &text);
        });
        let html = match seed % 3 {
            0 => shapes::entity_html(&mut rng, len),
            1 => shapes::nested_html(&mut rng, len),
            _ => text.clone(),
        };
        no_panic(&format!("HTML #{seed}"), || {
            let (t, _) = input::html_to_text(&html);
            extract(&ex, &t);
        });
        // JSON Lines: random bytes, and lines of broken and whole records.
        let bytes = shapes::random_bytes(&mut rng, len / 4);
        let whole = serde_json::json!({"id": "x", "published": "2026-11-30", "text": text});
        let mut lines = format!("{whole}\n{{\"text\": 3}}\n{{\"id\":\n").into_bytes();
        lines.extend_from_slice(&bytes);
        no_panic(&format!("JSON Lines #{seed}"), || {
            let mut batch = input::Batch::default();
            input::read_jsonl(&bytes, "fuzz", &mut batch);
            input::read_jsonl(&lines, "fuzz", &mut batch);
            for d in &batch.docs {
                extract(&ex, &d.text);
            }
        });
    }
}

#[test]
fn no_shape_costs_far_more_per_byte_than_ordinary_text() {
    let ex = extractor();
    let mut rng = Rng::new(2026);
    let ordinary = shapes::reports(&mut rng, SHAPE_BYTES);
    let ordinary_bytes: usize = ordinary.iter().map(String::len).sum();
    let pass = || {
        for r in &ordinary {
            extract(&ex, r);
        }
    };
    pass(); // warm-up: the lazily parsed gazetteer
    let Some(base) = (0..3).filter_map(|_| cpu_ns(pass)).min() else {
        eprintln!("no CPU clock on this system: costs not checked");
        return;
    };
    let base = base.max(1) as f64 / ordinary_bytes as f64;
    let mut inputs: Vec<(&str, String, bool)> = shapes::adversarial(&mut rng, SHAPE_BYTES)
        .into_iter()
        .map(|(name, text)| (name, text, false))
        .collect();
    inputs.push((
        "entity-heavy HTML",
        shapes::entity_html(&mut rng, SHAPE_BYTES),
        true,
    ));
    inputs.push((
        "nested HTML",
        shapes::nested_html(&mut rng, SHAPE_BYTES),
        true,
    ));
    let mut report = Vec::new();
    for (name, text, html) in &inputs {
        let run = || {
            let t = if *html {
                input::html_to_text(text).0
            } else {
                text.clone()
            };
            extract(&ex, &t);
        };
        let mut best = f64::INFINITY;
        for _ in 0..3 {
            let ns = cpu_ns(run).unwrap_or(0) as f64;
            best = best.min(ns / text.len().max(1) as f64 / base);
            if best <= FACTOR {
                break;
            }
        }
        report.push(format!("{name}: {best:.2}x"));
        assert!(
            best <= FACTOR,
            "{name} ({} bytes) costs {best:.1} times ordinary text's CPU time per byte (limit {FACTOR}); all: {report:?}",
            text.len()
        );
    }
    eprintln!("CPU time per byte against ordinary reports: {report:?}");
}
