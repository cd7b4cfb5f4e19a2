/*!
Benchmark of sitrep-geo (run with `cargo bench -p sitrep-geo`): load time of the
embedded gazetteer, resident memory (from /proc/self/status), name look-up
speed and allocations, and toponym resolution throughput on more than 5 MB of
news-like text (the place corpus sentences shuffled into ~4 KB documents), and
on short whole reports (the report corpus, `data/corpus/events.tsv`, each line
one document, repeated), the size most news items have, where the fixed cost
of a call counts. Throughput is given per second of wall time and per second
of this thread's CPU time (from `/proc/thread-self/schedstat`), which other
processes sharing the machine disturb less.
A plain `main`, no harness, so it builds offline.

A counting global allocator checks that looking a pre-keyed name up
(`Gazetteer::lookup_key`) performs no allocation.
*/

use sitrep_benchkit::{allocations, mb_per_s, rss_kb, thread_cpu_s, CountingAlloc};
use sitrep_geo::key::name_key;
use sitrep_geo::{Gazetteer, GeoContext};
use std::time::Instant;

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

/// Deterministic pseudo-random numbers (xorshift), to shuffle sentences.
fn xorshift(state: &mut u64) -> u64 {
    let mut x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *state = x;
    x
}

/// `find_places` over documents, returning the number of mentions. (Two
/// functions, never inlined, so a profiler can tell the two runs apart:
/// `valgrind --tool=callgrind --toggle-collect='*run_short*'`.)
#[inline(never)]
fn run_docs(gaz: &Gazetteer, docs: &[String], ctx: &GeoContext) -> usize {
    docs.iter().map(|d| gaz.find_places(d, ctx).len()).sum()
}

/// [`run_docs`] for the short reports, `reps` times over.
#[inline(never)]
fn run_short(gaz: &Gazetteer, docs: &[String], ctx: &GeoContext, reps: usize) -> usize {
    (0..reps)
        .map(|_| {
            docs.iter()
                .map(|d| gaz.find_places(d, ctx).len())
                .sum::<usize>()
        })
        .sum()
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

    // Look-ups of pre-keyed names: time and allocations.
    let names = [
        "Kabul",
        "Mazar-i-Sharif",
        "Lashkar Gah",
        "Mogadishu",
        "Springfield",
        "Alexandria",
        "Nowhere Such Place",
        "Maiduguri",
        "Deir ez-Zor",
        "Kharkiv",
    ];
    let keys: Vec<String> = names.iter().map(|n| name_key(n)).collect();
    let rounds = 100_000usize;
    let before = allocations();
    let t = Instant::now();
    let mut hits = 0usize;
    for _ in 0..rounds {
        for k in &keys {
            hits += gaz.lookup_key(k).count();
        }
    }
    let dt = t.elapsed().as_secs_f64();
    let allocs = allocations() - before;
    let n = rounds * keys.len();
    println!(
        "lookup_key: {n} look-ups in {:.3} s = {:.0} ns each ({hits} ids); allocations during the look-ups: {allocs}",
        dt,
        dt * 1e9 / n as f64
    );

    let corpus = include_str!("../../../data/corpus/places.tsv");
    let sentences: Vec<&str> = corpus
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split('\t').next())
        .collect();
    if sentences.is_empty() {
        return;
    }
    // Documents of ~4 KB made of shuffled sentences, 5+ MB in all.
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut docs: Vec<String> = Vec::new();
    let mut total = 0usize;
    while total < 5_500_000 {
        let mut d = String::with_capacity(4200);
        while d.len() < 4000 {
            let k = (xorshift(&mut state) % sentences.len() as u64) as usize;
            d.push_str(sentences.get(k).copied().unwrap_or(""));
            d.push(' ');
        }
        total += d.len();
        docs.push(d);
    }
    let ctx = GeoContext::default();
    // Warm-up: parse the chunks the corpus touches.
    for d in docs.iter().take(50) {
        let _ = gaz.find_places(d, &ctx);
    }
    let before = allocations();
    let (t, c) = (Instant::now(), thread_cpu_s());
    let found = run_docs(&gaz, &docs, &ctx);
    let (dt, dc) = (t.elapsed().as_secs_f64(), thread_cpu_s() - c);
    let allocs = allocations() - before;
    println!(
        "find_places: {:.2} MB in {:.3} s = {:.2} MB/s ({:.2} MB/s of CPU time; {} mentions, {} docs of ~4 KB; {:.0} allocations per doc, output included)",
        total as f64 / 1e6,
        dt,
        mb_per_s(total, dt),
        mb_per_s(total, dc),
        found,
        docs.len(),
        allocs as f64 / docs.len() as f64
    );

    // Short whole reports, one call each.
    let reports: Vec<String> = sitrep_benchkit::event_corpus()
        .into_iter()
        .map(|t| t.text)
        .collect();
    let report_bytes: usize = reports.iter().map(String::len).sum();
    if let Some(reps) = 4_000_000usize.checked_div(report_bytes) {
        let reps = reps + 1;
        for r in &reports {
            let _ = gaz.find_places(r, &ctx);
        }
        let before = allocations();
        let (t, c) = (Instant::now(), thread_cpu_s());
        let found = run_short(&gaz, &reports, &ctx, reps);
        let (dt, dc) = (t.elapsed().as_secs_f64(), thread_cpu_s() - c);
        let allocs = allocations() - before;
        let (bytes, calls) = (reps * report_bytes, reps * reports.len());
        println!(
            "find_places on short reports: {:.2} MB in {dt:.3} s = {:.2} MB/s ({:.2} MB/s of CPU time; {found} mentions, {calls} calls of ~{} bytes; {:.1} allocations per call, output included)",
            bytes as f64 / 1e6,
            mb_per_s(bytes, dt),
            mb_per_s(bytes, dc),
            report_bytes / reports.len().max(1),
            allocs as f64 / calls as f64
        );
    }
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
