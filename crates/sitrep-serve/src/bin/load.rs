/*!
`sitrep-serve-load`: a bounded load test of `GET /api/events` on loopback.

```text
sitrep-serve-load build DB N          # N distinct synthetic events, through the store API
sitrep-serve-load run DB [REQUESTS]   # serve DB on 127.0.0.1:0, then REQUESTS filtered
                                      # list requests at 1, 10 and 100 clients each
```

`build` writes events made up from a seed (10 countries, 5 provinces each, 1,000
places, 20 armed groups, four types, three years of days) with
`Store::bulk_load_events`, 20,000 per transaction. `run` starts the server in
this process (the CLI's defaults: 4 store connections), and each client thread
sends filtered list requests (a page of 100, as the dashboard asks) on its own
keep-alive connection, rotating through a fixed set of filters, until the round's
REQUESTS (default 2,000) are spent; it prints p50, p99 and the rate of each round,
then stops. Not run in CI: it measures, it does not test.
*/

use sitrep_core::Event;
use sitrep_serve::{AppState, Config};
use sitrep_store::Store;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const COUNTRIES: [&str; 10] = ["SO", "NG", "AF", "CD", "ML", "BF", "PK", "SD", "YE", "UA"];
const TYPES: [&str; 4] = [
    "battles",
    "explosions_remote_violence",
    "violence_against_civilians",
    "riots",
];

/// The filters the clients rotate through (all of `GET /api/events`'s kinds).
const FILTERS: [&str; 8] = [
    "country=SO",
    "country=NG&from=2023-03-01&to=2023-05-31",
    "admin1=AF-A2",
    "type=battles&min_fatalities=20",
    "bbox=10,-10,10.5,-9.5",
    "actor=group-7&role=perpetrator",
    "text=town-42",
    "country=CD&type=riots&from=2024-01-01",
];

/// xorshift: the same events on every build.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn event(i: usize, rng: &mut Rng) -> Result<Event, serde_json::Error> {
    let r = rng.next() as usize;
    let c = r % COUNTRIES.len();
    let country = COUNTRIES[c];
    let place = (r >> 8) % 1000;
    let day = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap_or_default()
        + chrono::Duration::days(((r >> 20) % 1095) as i64);
    let date = day.format("%Y-%m-%d").to_string();
    let group = format!("group-{}", (r >> 32) % 20);
    let killed = ((r >> 40) % 40) as u32;
    serde_json::from_value(serde_json::json!({
        "schema": "sitrep.event/1", "id": format!("syn{i:08}"),
        "event_type": TYPES[(r >> 4) % TYPES.len()], "sub_event_type": null, "plover": null,
        "date": {"start": date, "end": date, "precision": "day"},
        "location": {"name": format!("town-{place}"), "admin2": null,
            "admin1": format!("{country}-A{}", place % 5), "admin1_code": null,
            "country": country, "lat": -10.0 + c as f64 * 4.0 + (place % 97) as f64 * 0.01,
            "lon": 10.0 + c as f64 * 6.0 + (place % 89) as f64 * 0.01,
            "geonames_id": place as u64 + 1, "precision": "point"},
        "actors": [{"role": "perpetrator", "id": group, "name": group, "type": "rebel_group",
            "text": group, "span": [0, 8]}],
        "fatalities": {"low": killed, "best": killed, "high": killed},
        "injuries": {"low": null, "best": null, "high": null},
        "casualty_claims": [],
        "attribution": {"status": "unattributed", "claimed_by": [], "alleged_by": []},
        "modality": "asserted",
        "sources": [{"doc": format!("synthetic-{i}"), "url": null, "published": date, "sentences": [[0, 40]]}],
        "confidence": 0.8
    }))
}

fn build(db: &str, n: usize) -> Result<(), String> {
    let mut store = Store::open(db).map_err(|e| e.to_string())?;
    let mut rng = Rng(0x5157_4e50);
    let t = Instant::now();
    let chunk = 20_000;
    let mut i = 0;
    while i < n {
        let evs: Vec<Event> = (i..(i + chunk).min(n))
            .map(|j| event(j, &mut rng))
            .collect::<Result<_, _>>()
            .map_err(|e| e.to_string())?;
        store
            .bulk_load_events(&evs, chunk)
            .map_err(|e| e.to_string())?;
        i += chunk;
        eprint!("\r{} events, {:.0} s", i.min(n), t.elapsed().as_secs_f64());
    }
    let counts = store.counts().map_err(|e| e.to_string())?;
    eprintln!(
        "\n{db}: {} events, built in {:.1} s",
        counts.events,
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

/// One GET on a keep-alive connection; returns the status.
fn get(conn: &mut BufReader<TcpStream>, addr: SocketAddr, target: &str) -> Result<u16, String> {
    let req = format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    conn.get_mut()
        .write_all(req.as_bytes())
        .map_err(|e| e.to_string())?;
    let mut line = String::new();
    conn.read_line(&mut line).map_err(|e| e.to_string())?;
    let status = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad status line {line:?}"))?;
    let mut len = 0usize;
    loop {
        line.clear();
        conn.read_line(&mut line).map_err(|e| e.to_string())?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                len = v.trim().parse().map_err(|_| "bad content-length")?;
            }
        }
    }
    let mut body = vec![0u8; len];
    conn.read_exact(&mut body).map_err(|e| e.to_string())?;
    Ok(status)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len().max(1) - 1) as f64 * p).round() as usize;
    sorted.get(i).copied().unwrap_or(0.0)
}

fn round(
    addr: SocketAddr,
    clients: usize,
    requests: usize,
    per_filter: bool,
) -> Result<(), String> {
    let next = Arc::new(AtomicUsize::new(0));
    let t = Instant::now();
    let mut handles = Vec::new();
    for _ in 0..clients {
        let next = next.clone();
        handles.push(std::thread::spawn(
            move || -> Result<Vec<(usize, f64)>, String> {
                let s = TcpStream::connect(addr).map_err(|e| e.to_string())?;
                s.set_read_timeout(Some(Duration::from_secs(120)))
                    .map_err(|e| e.to_string())?;
                let mut conn = BufReader::new(s);
                let mut lat = Vec::new();
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    if k >= requests {
                        return Ok(lat);
                    }
                    let target = format!("/api/events?limit=100&{}", FILTERS[k % FILTERS.len()]);
                    let t0 = Instant::now();
                    let status = get(&mut conn, addr, &target)?;
                    lat.push((k % FILTERS.len(), t0.elapsed().as_secs_f64() * 1000.0));
                    if status != 200 {
                        return Err(format!("{target}: HTTP {status}"));
                    }
                }
            },
        ));
    }
    let mut pairs = Vec::with_capacity(requests);
    for h in handles {
        pairs.extend(h.join().map_err(|_| "a client panicked")??);
    }
    let secs = t.elapsed().as_secs_f64();
    let mut all: Vec<f64> = pairs.iter().map(|p| p.1).collect();
    all.sort_by(|a, b| a.total_cmp(b));
    println!(
        "{clients:>4} clients: {} requests in {secs:.1} s ({:.0}/s): p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        all.len(),
        all.len() as f64 / secs,
        percentile(&all, 0.5),
        percentile(&all, 0.99),
        all.last().copied().unwrap_or(0.0)
    );
    if per_filter {
        for (i, f) in FILTERS.iter().enumerate() {
            let mut v: Vec<f64> = pairs.iter().filter(|p| p.0 == i).map(|p| p.1).collect();
            v.sort_by(|a, b| a.total_cmp(b));
            println!(
                "        {f:<42} p50 {:>7.1} ms  p99 {:>7.1} ms",
                percentile(&v, 0.5),
                percentile(&v, 0.99)
            );
        }
    }
    Ok(())
}

fn run(db: &str, requests: usize) -> Result<(), String> {
    let pool = sitrep_serve::open_pool(db, 4).map_err(|e| e.to_string())?;
    let counts = Store::open(db)
        .and_then(|mut s| s.counts())
        .map_err(|e| e.to_string())?;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let extractor =
        Arc::new(sitrep_extract::Extractor::embedded(today).map_err(|e| e.to_string())?);
    let state = AppState {
        pool,
        extractor,
        cfg: Config::default(),
    };
    let (tx, rx) = std::sync::mpsc::channel();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = std::thread::spawn(move || -> Result<(), String> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .map_err(|e| e.to_string())?;
            let _ = tx.send(listener.local_addr().map_err(|e| e.to_string())?);
            sitrep_serve::run(listener, Arc::new(state), async {
                let _ = stop_rx.await;
            })
            .await
            .map_err(|e| e.to_string())
        })
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(60))
        .map_err(|_| "the server did not start")?;
    println!(
        "GET /api/events?limit=100&<filter> over {} events ({db}), {} filters in turn, server with 4 store connections",
        counts.events,
        FILTERS.len()
    );
    // Warm the page cache once per filter.
    round(addr, 1, FILTERS.len(), false)?;
    for clients in [1, 10, 100] {
        round(addr, clients, requests, clients == 1)?;
    }
    let _ = stop_tx.send(());
    server.join().map_err(|_| "the server panicked")??;
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let res = match (args.get(1).map(String::as_str), args.get(2)) {
        (Some("build"), Some(db)) => match args.get(3).and_then(|n| n.parse().ok()) {
            Some(n) => build(db, n),
            None => Err("build DB N: N events".into()),
        },
        (Some("run"), Some(db)) => {
            run(db, args.get(3).and_then(|n| n.parse().ok()).unwrap_or(2000))
        }
        _ => Err("usage: sitrep-serve-load build DB N | run DB [REQUESTS]".into()),
    };
    match res {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sitrep-serve-load: {e}");
            ExitCode::from(1)
        }
    }
}
