//! Extraction benchmark: start-up time and memory of the whole knowledge base, then
//! throughput (MB/s and reports/s, one core; also per second of CPU time, which other
//! processes sharing the machine disturb less) on at least 10 MB of news text made by
//! repeating the project's own sample reports (`examples/reports`) and the report
//! corpus (`data/corpus/events.tsv`).
//!
//! `cargo bench -p sitrep-extract --bench extract [-- MB]`

use chrono::NaiveDate;
use sitrep_benchkit::{
    event_corpus, mb_per_s, read_reports, rss_mb, sample_report_paths, thread_cpu_s, Text,
};
use sitrep_extract::Extractor;
use std::time::Instant;

/// The allocator the `sitrep` binary ships with, so that the bench measures it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The bench corpus: the sample reports, then the report corpus, with their dates.
fn reports() -> Vec<Text> {
    let mut out = read_reports(&sample_report_paths());
    out.extend(event_corpus());
    out
}

fn main() {
    let target_mb: f64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(12.0);
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default();
    let rss0 = rss_mb();
    let t0 = Instant::now();
    let ex = match Extractor::embedded(today) {
        Ok(ex) => ex,
        Err(e) => {
            eprintln!("cannot load knowledge: {e}");
            return;
        }
    };
    let startup = t0.elapsed();
    println!(
        "start-up: {:.1} ms to load gazetteer + actor base + lexicons; RSS {:.0} MB -> {:.0} MB",
        startup.as_secs_f64() * 1e3,
        rss0,
        rss_mb()
    );

    let base = reports();
    let docs: Vec<_> = base
        .iter()
        .enumerate()
        .map(|(i, r)| ex.prepare(&format!("r{i}"), "bench", None, None, r.published, &r.text))
        .collect();
    let base_bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    if base_bytes == 0 {
        eprintln!("no sample reports found");
        return;
    }
    // Warm-up (first touches of the lazily parsed gazetteer).
    let warm: usize = docs.iter().map(|d| ex.extract(d).len()).sum();
    println!("warm-up: {} reports, {} events", docs.len(), warm);
    // Where the time goes: each stage alone over the same documents.
    let reps = 40;
    let stage = |name: &str, f: &dyn Fn(&sitrep_core::Document) -> usize| {
        let t = Instant::now();
        let mut n = 0usize;
        for _ in 0..reps {
            for d in &docs {
                n += f(d);
            }
        }
        let s = t.elapsed().as_secs_f64();
        println!(
            "  stage {name:<12} {:>7.2} MB/s ({n} items)",
            mb_per_s(base_bytes * reps, s)
        );
    };
    stage("places", &|d| {
        ex.gazetteer
            .find_places(&d.text, &sitrep_geo::GeoContext::default())
            .len()
    });
    stage("actors", &|d| {
        ex.actors
            .link(&d.text, &sitrep_actors::LinkContext::default())
            .len()
    });
    stage("dates", &|d| ex.text.find_dates(&d.text).len());
    stage("quantities", &|d| ex.text.quantities(&d.text).len());
    stage("sentences", &|d| ex.text.sentences(&d.text).len());
    stage("fold", &|d| sitrep_text::fold(&d.text).text.len());
    stage("clean", &|d| ex.text.clean(&d.text).text.len());

    let rounds = ((target_mb * 1e6) / base_bytes as f64).ceil() as usize;
    for scale in [rounds / 2, rounds] {
        let t = Instant::now();
        let c = thread_cpu_s();
        let mut bytes = 0usize;
        let mut n = 0usize;
        let mut events = 0usize;
        for _ in 0..scale {
            for d in &docs {
                events += ex.extract(d).len();
                bytes += d.text.len();
                n += 1;
            }
        }
        let s = t.elapsed().as_secs_f64();
        let cpu = thread_cpu_s() - c;
        println!(
            "extraction: {:.1} MB in {:.2} s = {:.2} MB/s ({:.2} MB/s of CPU time), {:.0} reports/s ({} reports, {} events), RSS {:.0} MB",
            bytes as f64 / 1e6,
            s,
            mb_per_s(bytes, s),
            mb_per_s(bytes, cpu),
            n as f64 / s,
            n,
            events,
            rss_mb()
        );
    }
}
