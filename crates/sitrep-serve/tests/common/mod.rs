//! Test helpers: a server on a free loopback port over a store seeded with the
//! repository's example reports, and a small HTTP/1.1 client on std's TcpStream.
#![allow(dead_code)]

use sitrep_extract::Extractor;
use sitrep_serve::{AppState, Config};
use sitrep_store::{IngestDoc, Store};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

pub fn extractor() -> Arc<Extractor> {
    static EX: OnceLock<Arc<Extractor>> = OnceLock::new();
    EX.get_or_init(|| {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        Arc::new(Extractor::embedded(today).unwrap())
    })
    .clone()
}

/// The example reports (`examples/reports/*.txt`) as documents with their events.
pub fn example_docs() -> Vec<IngestDoc> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/reports");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let ex = extractor();
    paths
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let text = std::fs::read_to_string(p).unwrap();
            let id = p.file_stem().unwrap().to_string_lossy().to_string();
            // Publication dates a few days apart, so relative dates resolve.
            let published = chrono::NaiveDate::from_ymd_opt(2025, 3, 1)
                .map(|d| d + chrono::Duration::days(9 * i as i64));
            let name = format!("{id}.txt");
            let doc = ex.prepare(&id, &name, None, None, published, &text);
            let events = ex.extract(&doc);
            IngestDoc { doc, events }
        })
        .collect()
}

/// A running server, its store file, and the directory holding it.
pub struct Server {
    pub addr: SocketAddr,
    pub db: String,
    _dir: tempfile::TempDir,
}

/// Start a server (on its own runtime thread) over a new store seeded with the
/// example reports.
pub fn start(cfg: Config) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("serve.db").to_string_lossy().to_string();
    let mut store = Store::open(&db).unwrap();
    store.ingest_batch(&example_docs()).unwrap();
    drop(store);
    let pool = sitrep_serve::open_pool(&db, 2).unwrap();
    let state = AppState {
        pool,
        extractor: extractor(),
        cfg,
    };
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            let _ = sitrep_serve::run(listener, Arc::new(state), std::future::pending()).await;
        });
    });
    let addr = rx.recv_timeout(Duration::from_secs(30)).unwrap();
    Server {
        addr,
        db,
        _dir: dir,
    }
}

/// The shared read-only server of a test binary.
pub fn read_only() -> &'static Server {
    static S: OnceLock<Server> = OnceLock::new();
    S.get_or_init(|| start(Config::default()))
}

/// An answer: status, headers (lower-case names), body.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).to_string()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// One request on a new connection (`Connection: close`).
pub fn request(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || method == "POST" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    // The server may answer (413) before reading a large body: ignore a reset.
    let _ = s.write_all(body);
    // Read to the end of the body (Content-Length) or of the connection.
    let mut raw = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
        }
        if let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
            let len = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok());
            if len.is_some_and(|n| raw.len() >= end + 4 + n) {
                break;
            }
        }
    }
    parse(&raw)
}

fn parse(raw: &[u8]) -> Answer {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP head in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..end]).to_string();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    if headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Answer {
        status,
        headers,
        body,
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(p) = b.windows(2).position(|w| w == b"\r\n") {
        let n = usize::from_str_radix(String::from_utf8_lossy(&b[..p]).trim(), 16).unwrap_or(0);
        if n == 0 || b.len() < p + 2 + n + 2 {
            break;
        }
        out.extend_from_slice(&b[p + 2..p + 2 + n]);
        b = &b[p + 2 + n + 2..];
    }
    out
}

pub fn get(addr: SocketAddr, target: &str) -> Answer {
    request(addr, "GET", target, &[], b"")
}

pub fn post_json(
    addr: SocketAddr,
    target: &str,
    headers: &[(&str, &str)],
    body: &serde_json::Value,
) -> Answer {
    let mut h = vec![("Content-Type", "application/json")];
    h.extend_from_slice(headers);
    request(addr, "POST", target, &h, body.to_string().as_bytes())
}
