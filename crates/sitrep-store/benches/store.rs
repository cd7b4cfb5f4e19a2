/*!
Benchmarks of the store (`cargo bench -p sitrep-store`; a plain binary, not timed tests).

1. `merge` — ingest into SQLite, store only: synthetic reports with their events
   already extracted (4 reports per event, so every event goes through blocking,
   scoring and merging), in batches of 500 — documents/s.
2. `copies` — ingest end to end: the dedup corpus replicated (unique ids) through
   the real extractor and the SQLite store — documents/s.
3. `series` — ingest end to end of distinct incidents (issue 18, point 2): reports
   from a generator of distinct incidents ([`gen`]: real places and armed groups
   of conflict countries, their own dates, tolls and wording) run through the real
   extractor and the store in batches of SITREP_BENCH_BATCH (default 5,000, as
   `sitrep ingest --batch`) on one thread, from an empty store to
   SITREP_BENCH_DOCS reports. Every SITREP_BENCH_SLICE reports it prints the
   slice's reports/s end to end (by wall time, and per second of the thread's CPU
   time: the machine may be shared), of extraction and of the store alone, on
   PostgreSQL the CPU time its server process took per report, and the
   store's bytes per report (SQLite: pages of the database file; PostgreSQL:
   `pg_total_relation_size` of the store's tables, indexes and TOAST included).
4. `query` — query latency at SITREP_BENCH_EVENTS events (issue 18, point 3): the
   store of 3 topped up with synthetic events loaded by `bulk_load_events` (place
   names from the gazetteer), then filtered queries (newest 100 matches, as
   `sitrep events` shows), full-text search included — p50 and p99 over 200 runs
   each. Without 3 the store holds only the synthetic events.

Parts 3 and 4 run on SQLite (unless `SITREP_BENCH_SQLITE=0`), and on PostgreSQL
when `SITREP_BENCH_PG` holds a `postgres://` URL (tables in a schema `bench_*`,
dropped first unless `SITREP_BENCH_KEEP=1`, which queries the store a run
before left there, migrated to the current schema). `SITREP_BENCH_DIR` keeps the SQLite stores in that directory
instead of a temporary one. The benchmark allocates with mimalloc, as the
`sitrep` binary does.

Environment: `SITREP_BENCH_PARTS` (comma-separated parts, default all:
`merge,copies,series,query`), `SITREP_BENCH_DOCS` (reports for 3, default
200,000; 1 stores 20,000), `SITREP_BENCH_SLICE` (default 20,000),
`SITREP_BENCH_EVENTS` (events for 4, default 1,000,000), `SITREP_BENCH_PG`,
`SITREP_BENCH_FROM` (3 starts at this report, a multiple of the slice: with
`SITREP_BENCH_DIR`, on the store a run before left there, to time or profile
ingest into a store already that large).
*/

#[path = "store/gen.rs"]
mod gen;

/// The allocator `sitrep ingest` runs with (the CLI's global allocator), so
/// that the benchmark times the ingest users run, not the system allocator's
/// (13% of the samples of a perf profile of part 3 at 200,000 reports were
/// in glibc's malloc and free).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use sitrep_core::{Document, Event};
use sitrep_store::{BackendKind, EventQuery, IngestDoc, Store, Value};
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

fn synthetic_event(i: usize, cluster: usize, rng: &mut Rng, doc: &str, place: &str) -> Event {
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
        "location": {"name": place, "admin2": null, "admin1": admin1,
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

/// CPU time this thread has run (Linux: `/proc/thread-self/schedstat`), in
/// seconds; 0 where unknown. The machine may be shared: wall time counts the
/// waits for a core, CPU time does not.
fn cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}

/// CPU seconds the PostgreSQL server process of a store's connection has
/// run (Linux, server on this machine: `/proc/PID/stat`, user and system
/// time in clock ticks of 1/100 s), None for SQLite or when unknown. With the
/// thread's CPU time it gives the cost of a slice apart from the waits for
/// a core of a shared machine.
fn server_cpu_secs(s: &mut Store) -> Option<f64> {
    if s.backend_kind() != BackendKind::Postgres {
        return None;
    }
    let pid = s
        .backend()
        .query("SELECT CAST(pg_backend_pid() AS BIGINT)", &[])
        .ok()?
        .first()?
        .first()?
        .as_i64()?;
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The fields after the command's closing parenthesis: utime is the 12th, stime the 13th.
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or(0.0)
}

fn bench_ingest(dir: &std::path::Path) {
    let n = 20_000;
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
            let ev = synthetic_event(i, cluster, &mut rng, &id, &format!("town-{}", cluster % 1000));
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

/// The stores to run a part on: SQLite in `dir`, and PostgreSQL (schema
/// `bench_{tag}`, dropped first) when `SITREP_BENCH_PG` is set.
fn stores(dir: &std::path::Path, tag: &str) -> Vec<(&'static str, Store)> {
    let path = dir.join(format!("{tag}.db"));
    let mut out = Vec::new();
    if std::env::var("SITREP_BENCH_SQLITE").map_or(true, |v| v != "0") {
        out.push((
            "SQLite",
            Store::open(path.to_str().unwrap_or("bench.db")).expect("open SQLite"),
        ));
    }
    if let Some(url) = std::env::var("SITREP_BENCH_PG")
        .ok()
        .filter(|u| !u.trim().is_empty())
    {
        let schema = format!("bench_{tag}");
        let mut c = postgres::Client::connect(&url, postgres::NoTls).expect("connect PostgreSQL");
        if std::env::var("SITREP_BENCH_KEEP").map_or(true, |v| v != "1") {
            c.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
                .expect("drop schema");
        }
        out.push((
            "PostgreSQL",
            Store::open_postgres(&url, Some(&schema)).expect("open PostgreSQL"),
        ));
    }
    out
}

/// Bytes the store takes: SQLite, the database's pages (WAL included, as the
/// connection sees them); PostgreSQL, its tables with their indexes and TOAST.
fn store_bytes(s: &mut Store) -> u64 {
    let sql = match s.backend_kind() {
        BackendKind::Sqlite => {
            "SELECT p.page_count * s.page_size FROM pragma_page_count() p, pragma_page_size() s"
        }
        BackendKind::Postgres => {
            "SELECT CAST(SUM(pg_total_relation_size(c.oid)) AS BIGINT) FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = current_schema() AND c.relkind = 'r'"
        }
    };
    s.backend()
        .query(sql, &[])
        .ok()
        .and_then(|rows| rows.first().and_then(|r| r.first()).and_then(Value::as_i64))
        .unwrap_or(0) as u64
}

/// Part 3: distinct incidents end to end, slice by slice. Leaves the stores filled.
fn bench_series(stores: &mut [(&'static str, Store)], vocab: &gen::Vocab) {
    let n = env_num("SITREP_BENCH_DOCS", 200_000);
    let batch = env_num("SITREP_BENCH_BATCH", 5000).max(1);
    let slice = env_num("SITREP_BENCH_SLICE", 20_000).max(batch);
    // Resume a kept store (SITREP_BENCH_DIR) at report `from` (a multiple of the
    // slice), to time or profile ingest into a store already that large.
    let from = env_num("SITREP_BENCH_FROM", 0).min(n);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let ex = sitrep_extract::Extractor::embedded(today).expect("extractor");
    // The generator's reports must be read as the incidents they are.
    let mut with_event = 0;
    let mut placed = 0;
    for i in 0..500 {
        let r = vocab.report(i);
        let doc = ex.prepare(&r.id, &r.id, None, None, Some(r.published), &r.text);
        let evs = ex.extract(&doc);
        with_event += usize::from(!evs.is_empty());
        placed += usize::from(evs.iter().any(|e| {
            e.location
                .name
                .as_deref()
                .is_some_and(|p| r.text.contains(p))
        }));
    }
    println!(
        "series: generator of distinct incidents ({} places); of its first 500 reports {with_event} give an event, {placed} one at the place named",
        vocab.n_places()
    );
    for (name, s) in stores.iter_mut() {
        println!("series ({name}): reports {from} to {n} of distinct incidents, extraction + store, batches of {batch}, one thread");
        let (mut t_ex, mut t_st) = (0.0, 0.0);
        let (mut s_ex, mut s_st) = (0.0, 0.0);
        let (mut t_cpu, mut s_cpu) = (0.0, 0.0);
        let mut sum = sitrep_store::BatchSummary::default();
        let mut rates = Vec::new();
        let mut done = from;
        let server0 = server_cpu_secs(s);
        let mut server_at = server0;
        while done < n {
            let end = (done + batch).min(n);
            let t = Instant::now();
            let c0 = cpu_secs();
            let batch: Vec<IngestDoc> = (done..end)
                .map(|i| {
                    let r = vocab.report(i);
                    let doc = ex.prepare(&r.id, &r.id, None, None, Some(r.published), &r.text);
                    let events = ex.extract(&doc);
                    IngestDoc { doc, events }
                })
                .collect();
            let e = t.elapsed().as_secs_f64();
            let t = Instant::now();
            sum.add(s.ingest_batch(&batch).expect("ingest"));
            let st = t.elapsed().as_secs_f64();
            s_cpu += cpu_secs() - c0;
            s_ex += e;
            s_st += st;
            done = end;
            if done.is_multiple_of(slice) || done == n {
                let k = (done - 1) % slice + 1;
                let bytes = store_bytes(s);
                let rate = k as f64 / (s_ex + s_st);
                rates.push(rate);
                let server_now = server_cpu_secs(s);
                let server = match (server_at, server_now) {
                    (Some(a), Some(b)) => {
                        format!("  server CPU {:.0} us/report", (b - a) * 1e6 / k as f64)
                    }
                    _ => String::new(),
                };
                server_at = server_now;
                println!(
                    "series ({name}): {done:>7} reports  slice {rate:>6.0} reports/s end to end, {:>6.0} per CPU second  (extraction {:>6.0}/s, store {:>6.0}/s)  store {:>5.0} B/report  ({} events, {} merged){server}",
                    k as f64 / s_cpu,
                    k as f64 / s_ex,
                    k as f64 / s_st,
                    bytes as f64 / done as f64,
                    sum.events_new,
                    sum.events_merged,
                );
                t_ex += s_ex;
                t_st += s_st;
                t_cpu += s_cpu;
                s_ex = 0.0;
                s_st = 0.0;
                s_cpu = 0.0;
            }
        }
        let min = rates.iter().copied().fold(f64::INFINITY, f64::min);
        if let (Some(a), Some(b)) = (server0, server_cpu_secs(s)) {
            println!(
                "series ({name}): server CPU {:.1} s, {:.0} us/report; ingest thread CPU {:.0} us/report",
                b - a,
                (b - a) * 1e6 / (n - from).max(1) as f64,
                t_cpu * 1e6 / (n - from).max(1) as f64
            );
        }
        println!(
            "series ({name}) total: {} reports in {:.1} s = {:.0} reports/s end to end, {:.0} per CPU second (slowest slice {min:.0}/s; store alone {:.0}/s); {:.0} B/report",
            n - from,
            t_ex + t_st,
            (n - from) as f64 / (t_ex + t_st),
            (n - from) as f64 / t_cpu,
            (n - from) as f64 / t_st,
            store_bytes(s) as f64 / n.max(1) as f64
        );
    }
}

/// Part 4: top the stores up to SITREP_BENCH_EVENTS events and time filtered queries.
fn bench_query(stores: &mut [(&'static str, Store)], vocab: &gen::Vocab) {
    let n = env_num("SITREP_BENCH_EVENTS", 1_000_000) as u64;
    let places: Vec<String> = (0..1000).map(|i| vocab.place_name(i)).collect();
    for (name, s) in stores.iter_mut() {
        let have = s.counts().expect("counts").events;
        let mut rng = Rng(0xfeed);
        let t = Instant::now();
        let chunk = 20_000;
        let mut i = have as usize;
        let n = n as usize;
        while i < n {
            let evs: Vec<Event> = (i..(i + chunk).min(n))
                .map(|j| synthetic_event(j, j, &mut rng, "bench", &places[j % places.len()]))
                .collect();
            s.bulk_load_events(&evs, chunk).expect("load");
            i += chunk;
        }
        let c = s.counts().expect("counts");
        println!(
            "query ({name}): {} synthetic events loaded in {:.1} s; the store holds {} events, {} reports, {:.0} MB",
            n.saturating_sub(have as usize),
            t.elapsed().as_secs_f64(),
            c.events,
            c.documents,
            store_bytes(s) as f64 / 1e6
        );
        run_queries(name, s, &places, c.events);
    }
}

fn run_queries(name: &str, s: &mut Store, places: &[String], n: u64) {
    let d = |s: &str| s.parse().ok();
    let q = |f: &dyn Fn(&mut EventQuery)| {
        let mut q = EventQuery::default();
        f(&mut q);
        q
    };
    let place = places.get(42).cloned().unwrap_or_default();
    let queries: Vec<(String, EventQuery)> = vec![
        (
            "country + date range".into(),
            q(&|q| {
                q.country = Some("SO".into());
                q.date_from = d("2023-03-01");
                q.date_to = d("2023-05-31");
            }),
        ),
        ("admin1".into(), q(&|q| q.admin1 = Some("NG-A1".into()))),
        (
            "bounding box".into(),
            q(&|q| q.bbox = Some([10.0, -10.0, 10.5, -9.5])),
        ),
        (
            "actor + role".into(),
            q(&|q| {
                q.actor = Some("group-7".into());
                q.role = Some("perpetrator".into());
            }),
        ),
        (
            "type + min fatalities".into(),
            q(&|q| {
                q.event_type = Some("battles".into());
                q.min_fatalities = Some(25);
            }),
        ),
        (
            "country + type + date + fatalities".into(),
            q(&|q| {
                q.country = Some("AF".into());
                q.event_type = Some("battles".into());
                q.date_from = d("2022-06-01");
                q.date_to = d("2022-12-31");
                q.min_fatalities = Some(10);
            }),
        ),
        (
            format!("text '{place}'"),
            q(&|q| q.text = Some(place.clone())),
        ),
        (
            format!("text '{place}' + date from"),
            q(&|q| {
                q.text = Some(place.clone());
                q.date_from = d("2024-10-01");
            }),
        ),
        (
            "text 'checkpoint' (report text)".into(),
            q(&|q| q.text = Some("checkpoint".into())),
        ),
        (
            "text 'roadside soldiers'".into(),
            q(&|q| q.text = Some("roadside soldiers".into())),
        ),
        (
            "text 'zzyzx' (no match)".into(),
            q(&|q| q.text = Some("zzyzx".into())),
        ),
    ];
    let mut all = Vec::new();
    for (label, mut q) in queries {
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
            "query ({name}) {label:<40} rows {rows:>4}  p50 {:>7.2} ms  p99 {:>7.2} ms",
            percentile(&times, 0.5),
            percentile(&times, 0.99)
        );
        all.extend(times);
    }
    all.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    println!(
        "query ({name}) all filtered queries over {n} events: p50 {:.2} ms, p99 {:.2} ms",
        percentile(&all, 0.5),
        percentile(&all, 0.99)
    );
}

fn main() {
    // `cargo test --benches` runs this binary with --bench absent: do nothing then.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let parts =
        std::env::var("SITREP_BENCH_PARTS").unwrap_or_else(|_| "merge,copies,series,query".into());
    let part = |p: &str| parts.split(',').any(|x| x.trim() == p);
    let tmp = tempfile::tempdir().expect("tempdir");
    let kept = std::env::var("SITREP_BENCH_DIR")
        .ok()
        .map(std::path::PathBuf::from);
    let dir = kept.as_deref().unwrap_or(tmp.path());
    if part("merge") {
        bench_ingest(dir);
    }
    if part("copies") {
        bench_end_to_end(dir);
    }
    if part("series") || part("query") {
        let data = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data"));
        let vocab = gen::Vocab::load(data).expect("data/gazetteer and data/actors");
        let mut stores = stores(dir, "series");
        if part("series") {
            bench_series(&mut stores, &vocab);
        }
        if part("query") {
            bench_query(&mut stores, &vocab);
        }
    }
}
