/*!
Shared helpers for the store's integration tests: synthetic documents and events,
and the list of backends to run every test on (SQLite always; PostgreSQL when
`SITREP_TEST_PG` names a server — required when `CI=true`, so CI never skips it).
*/
#![allow(dead_code)]

use sitrep_core::{Document, Event};
use sitrep_store::{IngestDoc, Store};

/// A PostgreSQL URL for tests, or None (skipping with a message). Panics under CI
/// without one: CI must run the PostgreSQL tests.
pub fn pg_url() -> Option<String> {
    match std::env::var("SITREP_TEST_PG") {
        Ok(u) if !u.trim().is_empty() => Some(u),
        _ => {
            if std::env::var("CI").map(|v| v == "true").unwrap_or(false) {
                panic!("CI=true but SITREP_TEST_PG is not set: the PostgreSQL tests must run in CI (.ci/run starts a server)");
            }
            eprintln!("note: SITREP_TEST_PG not set: PostgreSQL tests skipped (SQLite only)");
            None
        }
    }
}

/// Fresh stores to run a test on: `(name, store, guard)`. The guard keeps the
/// SQLite directory alive; PostgreSQL stores get a schema of their own.
pub fn backends(test: &str) -> Vec<(String, Store, Option<tempfile::TempDir>)> {
    let mut out = Vec::new();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("t.db");
    let s = Store::open(path.to_str().expect("utf-8 path")).expect("open sqlite");
    out.push(("sqlite".to_string(), s, Some(dir)));
    if let Some(url) = pg_url() {
        let s = fresh_postgres(&url, &format!("t_{test}"));
        out.push(("postgres".to_string(), s, None));
    }
    out
}

/// A PostgreSQL store in `schema`, dropped first with all it held.
pub fn fresh_postgres(url: &str, schema: &str) -> Store {
    let mut c = postgres::Client::connect(url, postgres::NoTls).expect("connect to PostgreSQL");
    c.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
        .expect("drop schema");
    Store::open_postgres(url, Some(schema)).expect("open postgres")
}

/// A document with the given text.
pub fn doc(id: &str, published: &str, text: &str) -> Document {
    Document {
        id: id.to_string(),
        source_name: format!("{id}.txt"),
        url: Some(format!("https://example.invalid/{id}")),
        title: None,
        published: published.parse().ok(),
        text: text.to_string(),
        title_span: None,
        dateline: None,
    }
}

/// What a synthetic event says.
#[derive(Clone)]
pub struct Ev<'a> {
    pub id: &'a str,
    pub doc: &'a str,
    pub event_type: &'a str,
    pub sub: Option<&'a str>,
    pub date: &'a str,
    pub place: (&'a str, &'a str, &'a str, f64, f64, u64),
    pub perpetrator: Option<&'a str>,
    pub killed: Option<u32>,
    pub sentence_end: usize,
}

/// An event record built through JSON, so added optional fields do not break it.
pub fn event(e: &Ev<'_>) -> Event {
    let (name, admin1, country, lat, lon, gid) = e.place;
    let actors: Vec<serde_json::Value> = e
        .perpetrator
        .map(|p| {
            vec![
                serde_json::json!({"role": "perpetrator", "id": p, "name": p,
                "type": "rebel_group", "text": p, "span": [0, 1]}),
            ]
        })
        .unwrap_or_default();
    let v = serde_json::json!({
        "schema": "sitrep.event/1",
        "id": e.id,
        "event_type": e.event_type,
        "sub_event_type": e.sub,
        "plover": null,
        "date": {"start": e.date, "end": e.date, "precision": "day"},
        "location": {"name": name, "admin2": null, "admin1": admin1, "admin1_code": null,
            "country": country, "lat": lat, "lon": lon, "geonames_id": gid, "precision": "point"},
        "actors": actors,
        "fatalities": {"low": e.killed, "best": e.killed, "high": e.killed},
        "injuries": {"low": null, "best": null, "high": null},
        "casualty_claims": e.killed.map(|k| vec![serde_json::json!(
            {"kind": "killed", "low": k, "high": k, "by": "media", "span": [0, 1]})]).unwrap_or_default(),
        "attribution": {"status": "unattributed", "claimed_by": [], "alleged_by": []},
        "modality": "asserted",
        "sources": [{"doc": e.doc, "url": null, "published": e.date, "sentences": [[0, e.sentence_end]]}],
        "confidence": 0.8
    });
    serde_json::from_value(v).expect("valid synthetic event")
}

/// A document of one sentence with one event about it.
pub fn report(e: &Ev<'_>, text: &str) -> IngestDoc {
    let mut e = e.clone();
    e.sentence_end = text.len();
    IngestDoc {
        doc: doc(e.doc, e.date, text),
        events: vec![event(&e)],
    }
}

pub const MOGADISHU: (&str, &str, &str, f64, f64, u64) =
    ("Mogadishu", "Banaadir", "SO", 2.03711, 45.34375, 53654);
pub const KISMAYO: (&str, &str, &str, f64, f64, u64) =
    ("Kismayo", "Lower Juba", "SO", -0.35817, 42.54536, 55671);

pub fn base<'a>(id: &'a str, doc: &'a str) -> Ev<'a> {
    Ev {
        id,
        doc,
        event_type: "explosions_remote_violence",
        sub: Some("remote_explosive"),
        date: "2024-03-14",
        place: MOGADISHU,
        perpetrator: Some("al-shabaab"),
        killed: Some(9),
        sentence_end: 0,
    }
}
