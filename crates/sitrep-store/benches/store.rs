/*!
Benchmarks of the store (`cargo bench -p sitrep-store`; a plain binary, not timed tests).

1. Ingest throughput into SQLite, store only: synthetic reports with their events
   already extracted (4 reports per event, so every event goes through blocking,
   scoring and merging), in batches of 500 — documents/s.
2. Ingest end to end: the dedup corpus replicated (unique ids) through the real
   extractor and the store, as `sitrep ingest` does — documents/s.
3. Query latency over SITREP_BENCH_EVENTS (default 1,000,000) synthetic events
   loaded with `bulk_load_events`: filtered queries (newest 100 matches, as
   `sitrep events` shows) — p50 and p99 over 200 runs each.

Environment: `SITREP_BENCH_EVENTS` (events for 3), `SITREP_BENCH_DOCS` (reports for 1).
*/

use sitrep_core::{Document, Event};
use sitrep_store::{EventQuery, IngestDoc, Store};
use std::time::Instant;

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

const COUNTRIES: [&str; 10] = ["SO", "NG", "AF", "CD", "ML", "BF", "PK", "SD", "YE", "UA"];
const TYPES: [&str; 4] = [
    "battles",
    "explosions_remote_violence",
    "violence_against_civilians",
    "riots",
];

/// A deterministic pseudo-random generator (xorshift), so runs are comparable.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn synthetic_event(i: usize, cluster: usize, rng: &mut Rng, doc: &str) -> Event {
    let c = cluster % COUNTRIES.len();
    let country = COUNTRIES[c];
    let admin1 = format!("{country}-A{}", cluster % 5);
    let lat = -10.0 + c as f64 * 4.0 + (cluster % 97) as f64 * 0.01;
    let lon = 10.0 + c as f64 * 6.0 + (cluster % 89) as f64 * 0.01;
    let day = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap()
        + chrono::Duration::days((cluster % 1095) as i64);
    let date = day.format("%Y-%m-%d").to_string();
    let actor = format!("group-{}", cluster % 20);
    let killed = (cluster % 30) as u32 + rng.below(2) as u32;
    let v = serde_json::json!({
        "schema": "sitrep.event/1", "id": format!("ev{i:08}"),
        "event_type": TYPES[cluster % TYPES.len()], "sub_event_type": null, "plover": null,
        "date": {"start": date, "end": date, "precision": "day"},
        "location": {"name": format!("town-{}", cluster % 1000), "admin2": null, "admin1": admin1,
            "admin1_code": null, "country": country, "lat": lat, "lon": lon,
            "geonames_id": (cluster % 1000) as u64 + 1, "precision": "point"},
        "actors": [{"role": "perpetrator", "id": actor, "name": actor, "type": "rebel_group",
            "text": actor, "span": [0, 5]},
            {"role": "victim", "id": "civilians", "name": "Civilians", "type": "civilians",
            "text": "people", "span": [6, 12]}],
        "fatalities": {"low": killed, "best": killed, "high": killed},
        "injuries": {"low": null, "best": null, "high": null},
        "casualty_claims": [{"kind": "killed", "low": killed, "high": killed, "by": "media", "span": [0, 5]}],
        "attribution": {"status": "unattributed", "claimed_by": [], "alleged_by": []},
        "modality": "asserted",
        "sources": [{"doc": doc, "url": null, "published": date, "sentences": [[0, 60]]}],
        "confidence": 0.8
    });
    serde_json::from_value(v).expect("synthetic event")
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or(0.0)
}

fn bench_ingest(dir: &std::path::Path) {
    let n = env_num("SITREP_BENCH_DOCS", 20_000);
    let mut rng = Rng(0x5eed);
    let docs: Vec<IngestDoc> = (0..n)
        .map(|i| {
            let cluster = i / 4;
            let id = format!("doc{i:07}");
            let text = format!(
                "Report {i}: fighters of group-{} attacked town-{} and killed people in case {cluster}.",
                cluster % 20,
                cluster % 1000
            );
            let ev = synthetic_event(i, cluster, &mut rng, &id);
            IngestDoc {
                doc: Document {
                    id: id.clone(),
                    source_name: id,
                    text,
                    ..Document::default()
                },
                events: vec![ev],
            }
        })
        .collect();
    let path = dir.join("ingest.db");
    let mut s = Store::open(path.to_str().unwrap_or("ingest.db")).expect("open");
    let t = Instant::now();
    let mut sum = sitrep_store::BatchSummary::default();
    for chunk in docs.chunks(500) {
        sum.add(s.ingest_batch(chunk).expect("ingest"));
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "ingest (store only, SQLite): {n} reports in {secs:.2} s = {:.0} reports/s ({} new events, {} merged)",
        n as f64 / secs,
        sum.events_new,
        sum.events_merged
    );
}

fn bench_end_to_end(dir: &std::path::Path) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/corpus/dedup/reports.jsonl"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        println!("ingest end to end: corpus not found, skipped");
        return;
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let ex = match sitrep_extract::Extractor::embedded(today) {
        Ok(ex) => ex,
        Err(e) => {
            println!("ingest end to end: extractor failed ({e}), skipped");
            return;
        }
    };
    let lines: Vec<serde_json::Value> = text
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let reps = 30;
    let db = dir.join("e2e.db");
    let mut s = Store::open(db.to_str().unwrap_or("e2e.db")).expect("open");
    let t = Instant::now();
    let mut n = 0;
    for r in 0..reps {
        let mut batch = Vec::new();
        for v in &lines {
            let g = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
            let id = format!("{}-{r}", g("id"));
            let doc = ex.prepare(
                &id,
                &id,
                None,
                None,
                g("published").parse().ok(),
                &format!("{}\n(copy {r})", g("text")),
            );
            let events = ex.extract(&doc);
            batch.push(IngestDoc { doc, events });
            n += 1;
        }
        s.ingest_batch(&batch).expect("ingest");
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "ingest (extraction + store, SQLite): {n} reports in {secs:.2} s = {:.0} reports/s",
        n as f64 / secs
    );
}

fn bench_query(dir: &std::path::Path) {
    let n = env_num("SITREP_BENCH_EVENTS", 1_000_000);
    let path = dir.join("query.db");
    let mut s = Store::open(path.to_str().unwrap_or("query.db")).expect("open");
    let mut rng = Rng(0xfeed);
    let t = Instant::now();
    let chunk = 20_000;
    let mut i = 0;
    while i < n {
        let evs: Vec<Event> = (i..(i + chunk).min(n))
            .map(|j| synthetic_event(j, j, &mut rng, "bench"))
            .collect();
        s.bulk_load_events(&evs, chunk).expect("load");
        i += chunk;
    }
    println!(
        "loaded {n} synthetic events in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let d = |s: &str| s.parse().ok();
    let queries: Vec<(&str, EventQuery)> = vec![
        (
            "country + date range",
            EventQuery {
                country: Some("SO".into()),
                date_from: d("2023-03-01"),
                date_to: d("2023-05-31"),
                ..EventQuery::default()
            },
        ),
        (
            "admin1",
            EventQuery {
                admin1: Some("NG-A1".into()),
                ..EventQuery::default()
            },
        ),
        (
            "bounding box",
            EventQuery {
                bbox: Some([10.0, -10.0, 10.5, -9.5]),
                ..EventQuery::default()
            },
        ),
        (
            "actor + role",
            EventQuery {
                actor: Some("group-7".into()),
                role: Some("perpetrator".into()),
                ..EventQuery::default()
            },
        ),
        (
            "type + min fatalities",
            EventQuery {
                event_type: Some("battles".into()),
                min_fatalities: Some(25),
                ..EventQuery::default()
            },
        ),
        (
            "country + type + date + fatalities",
            EventQuery {
                country: Some("AF".into()),
                event_type: Some("battles".into()),
                date_from: d("2022-06-01"),
                date_to: d("2022-12-31"),
                min_fatalities: Some(10),
                ..EventQuery::default()
            },
        ),
        (
            "text",
            EventQuery {
                text: Some("town-42".into()),
                date_from: d("2024-10-01"),
                ..EventQuery::default()
            },
        ),
    ];
    let mut all = Vec::new();
    for (name, mut q) in queries {
        q.limit = Some(100);
        let mut times = Vec::new();
        let mut rows = 0;
        for _ in 0..200 {
            let t = Instant::now();
            rows = s.query(&q).expect("query").len();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
        println!(
            "query {name:<36} rows {rows:>4}  p50 {:>7.2} ms  p99 {:>7.2} ms",
            percentile(&times, 0.5),
            percentile(&times, 0.99)
        );
        all.extend(times);
    }
    all.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    println!(
        "all filtered queries over {n} events: p50 {:.2} ms, p99 {:.2} ms",
        percentile(&all, 0.5),
        percentile(&all, 0.99)
    );
}

fn main() {
    // `cargo test --benches` runs this binary with --bench absent: do nothing then.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    bench_ingest(dir.path());
    bench_end_to_end(dir.path());
    bench_query(dir.path());
}
