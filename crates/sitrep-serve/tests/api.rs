//! The HTTP API against a server on a free loopback port, over a store seeded
//! with the example reports: filters, pagination, formats, errors and the
//! safety rules (tokens, body and query bounds, loopback binding, no CORS).

mod common;

use common::{get, post_json, read_only, request, start};
use serde_json::{json, Value};
use sitrep_serve::Config;
use std::collections::HashSet;

fn events(v: &Value) -> Vec<Value> {
    v["events"].as_array().unwrap().clone()
}

fn ids(v: &Value) -> Vec<String> {
    events(v)
        .iter()
        .map(|e| e["event"]["id"].as_str().unwrap().to_string())
        .collect()
}

fn all(path: &str) -> Vec<Value> {
    let s = read_only();
    let a = get(s.addr, path);
    assert_eq!(a.status, 200, "{path}: {}", a.text());
    events(&a.json())
}

#[test]
fn health_and_the_whole_list() {
    let s = read_only();
    let h = get(s.addr, "/healthz");
    assert_eq!(h.status, 200);
    assert_eq!(h.json()["status"], "ok");
    let a = get(s.addr, "/api/events?limit=1000&total=1").json();
    let n = events(&a).len();
    assert!(n >= 10, "{n} events from the examples");
    assert_eq!(a["total"], n as u64);
    assert!(a["next_cursor"].is_null());
    // Newest first.
    let dates: Vec<String> = events(&a)
        .iter()
        .filter_map(|e| e["event"]["date"]["start"].as_str().map(str::to_string))
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
}

#[test]
fn cursor_pages_cover_every_event_once() {
    let s = read_only();
    let whole = ids(&get(s.addr, "/api/events?limit=1000").json());
    for limit in [1, 3, 4] {
        let mut got = Vec::new();
        let mut url = format!("/api/events?limit={limit}");
        for _ in 0..200 {
            let a = get(s.addr, &url);
            assert_eq!(a.status, 200, "{}", a.text());
            let v = a.json();
            assert!(events(&v).len() <= limit);
            got.extend(ids(&v));
            match v["next_cursor"].as_str() {
                Some(c) => url = format!("/api/events?limit={limit}&cursor={c}"),
                None => break,
            }
        }
        assert_eq!(got, whole, "limit {limit}");
    }
    let bad = get(s.addr, "/api/events?cursor=zz");
    assert_eq!(bad.status, 400);
}

#[test]
fn filters_select_what_they_say() {
    let everything = all("/api/events?limit=1000");
    let check = |path: &str, pred: &dyn Fn(&Value) -> bool| {
        let got = all(path);
        assert!(!got.is_empty(), "{path}: nothing");
        assert!(got.len() < everything.len(), "{path}: filters nothing");
        for e in &got {
            assert!(pred(&e["event"]), "{path}: {}", e["event"]);
        }
        let want = everything.iter().filter(|e| pred(&e["event"])).count();
        assert_eq!(got.len(), want, "{path}");
    };
    let country = everything[0]["event"]["location"]["country"]
        .as_str()
        .unwrap()
        .to_string();
    check(
        &format!("/api/events?limit=1000&country={}", country.to_lowercase()),
        &|e| e["location"]["country"] == country.as_str(),
    );
    check("/api/events?limit=1000&type=battles", &|e| {
        e["event_type"] == "battles"
    });
    check("/api/events?limit=1000&min_fatalities=20", &|e| {
        e["fatalities"]["low"].as_u64().is_some_and(|n| n >= 20)
    });
    let mut dates: Vec<String> = everything
        .iter()
        .filter_map(|e| e["event"]["date"]["start"].as_str().map(str::to_string))
        .collect();
    dates.sort();
    dates.dedup();
    assert!(dates.len() >= 3, "{dates:?}");
    let (lo, hi) = (dates[1].clone(), dates[dates.len() - 2].clone());
    check(&format!("/api/events?limit=1000&from={lo}&to={hi}"), &|e| {
        e["date"]["start"]
            .as_str()
            .is_some_and(|d| (lo.as_str()..=hi.as_str()).contains(&d))
    });
    let sub = everything
        .iter()
        .find_map(|e| e["event"]["sub_event_type"].as_str())
        .unwrap()
        .to_string();
    check(&format!("/api/events?limit=1000&sub_type={sub}"), &|e| {
        e["sub_event_type"] == sub.as_str()
    });
    // A box around Somalia and its neighbours.
    check("/api/events?limit=1000&bbox=40,-2,52,12", &|e| {
        let (lat, lon) = (e["location"]["lat"].as_f64(), e["location"]["lon"].as_f64());
        matches!((lat, lon), (Some(la), Some(lo)) if (-2.0..=12.0).contains(&la) && (40.0..=52.0).contains(&lo))
    });
    check("/api/events?limit=1000&actor=al-shabaab", &|e| {
        e["actors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == "al-shabaab")
    });
    let place = everything
        .iter()
        .find_map(|e| e["event"]["location"]["name"].as_str())
        .unwrap()
        .to_string();
    let got = all(&format!(
        "/api/events?limit=1000&text={}",
        place.to_uppercase().replace(' ', "%20")
    ));
    assert!(got
        .iter()
        .any(|e| e["event"]["location"]["name"] == place.as_str()));
    // A sub-type filter pages like the others.
    let a = get(s_addr(), &format!("/api/events?limit=1&sub_type={sub}")).json();
    assert_eq!(events(&a).len(), 1);
}

fn s_addr() -> std::net::SocketAddr {
    read_only().addr
}

#[test]
fn csv_and_geojson_formats() {
    let s = read_only();
    let n = all("/api/events?limit=1000").len();
    let csv = get(s.addr, "/api/events?format=csv");
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    let text = csv.text();
    let header = text.lines().next().unwrap();
    assert!(
        header.starts_with("event_id_cnty,event_date,year"),
        "{header}"
    );
    assert_eq!(text.lines().count(), n + 1);
    let geo = get(s.addr, "/api/events?format=geojson&limit=5");
    assert_eq!(geo.status, 200);
    assert_eq!(geo.header("content-type"), Some("application/geo+json"));
    let g = geo.json();
    assert_eq!(g["type"], "FeatureCollection");
    assert_eq!(g["features"].as_array().unwrap().len(), 5.min(n));
    assert!(geo.header("x-next-cursor").is_some());
    let c = geo.header("x-next-cursor").unwrap();
    let rest = get(s.addr, &format!("/api/events?format=geojson&cursor={c}")).json();
    assert_eq!(rest["features"].as_array().unwrap().len(), n - 5);
    assert_eq!(get(s.addr, "/api/events?format=xml").status, 400);
}

#[test]
fn one_event_with_its_sources_evidence_and_revisions() {
    let s = read_only();
    let list = all("/api/events?limit=1000");
    let e = list
        .iter()
        .find(|e| e["event"]["fatalities"]["span"].is_array())
        .unwrap();
    let id = e["event"]["id"].as_str().unwrap();
    let a = get(s.addr, &format!("/api/events/{id}"));
    assert_eq!(a.status, 200);
    let v = a.json();
    assert_eq!(v["event"]["event"]["id"], id);
    assert!(v["revisions"][0]["action"].is_string());
    let src = &v["sources"][0];
    let segs = src["segments"].as_array().unwrap();
    // The segments put the report back together, and the toll's words are marked.
    let text: String = segs.iter().map(|s| s["text"].as_str().unwrap()).collect();
    assert!(!text.is_empty());
    let toll = &e["event"]["fatalities"]["text"];
    let marked: Vec<&Value> = segs
        .iter()
        .filter(|s| {
            s["fields"]
                .as_array()
                .is_some_and(|f| f.iter().any(|f| f == "fatalities"))
        })
        .collect();
    assert!(!marked.is_empty());
    if let Some(t) = toll.as_str() {
        let m: String = marked.iter().map(|s| s["text"].as_str().unwrap()).collect();
        assert_eq!(m.trim(), t.trim());
    }
    assert_eq!(get(s.addr, "/api/events/no-such-event").status, 404);
}

#[test]
fn actors_stats_and_not_found() {
    let s = read_only();
    let a = get(s.addr, "/api/actors").json();
    let actors = a["actors"].as_array().unwrap();
    assert!(actors
        .iter()
        .any(|x| x["id"] == "al-shabaab" && x["events"].as_u64() >= Some(1)));
    let one = get(s.addr, "/api/actors/al-shabaab");
    assert_eq!(one.status, 200);
    let v = one.json();
    assert_eq!(v["in_base"], true);
    assert!(v["events"].as_u64().unwrap() >= 1);
    assert!(!v["recent_events"].as_array().unwrap().is_empty());
    assert!(!v["neighbours"].as_array().unwrap().is_empty(), "{v}");
    let found = get(s.addr, "/api/actors?q=shabaab").json();
    assert!(found["actors"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["id"] == "al-shabaab"));
    assert_eq!(
        get(s.addr, "/api/actors/no-such-actor-anywhere").status,
        404
    );

    let total = all("/api/events?limit=1000").len() as u64;
    let st = get(s.addr, "/api/stats?by=month").json();
    let sum: u64 = st["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["events"].as_u64().unwrap())
        .sum();
    assert_eq!(sum, total);
    assert_eq!(get(s.addr, "/api/stats?by=colour").status, 400);
    let nf = get(s.addr, "/no/such/page");
    assert_eq!(nf.status, 404);
}

#[test]
fn extract_stores_nothing() {
    let s = read_only();
    let before = all("/api/events?limit=1000").len();
    let body = json!({
        "text": "Gunmen killed five fishermen near the port of Kismayo, Somalia, on Tuesday, police said.",
        "published": "2025-03-06",
    });
    let a = post_json(s.addr, "/api/extract", &[], &body);
    assert_eq!(a.status, 200, "{}", a.text());
    let evs = a.json()["events"].as_array().unwrap().clone();
    assert!(!evs.is_empty());
    assert_eq!(evs[0]["fatalities"]["low"], 5);
    assert_eq!(all("/api/events?limit=1000").len(), before);
    let bad = post_json(s.addr, "/api/extract", &[], &json!({"words": 1}));
    assert_eq!(bad.status, 422);
}

#[test]
fn bounds_are_enforced() {
    let s = read_only();
    // A body over the limit (1 MiB by default).
    let big = format!("{{\"text\":\"{}\"}}", "a".repeat(2 << 20));
    let a = request(
        s.addr,
        "POST",
        "/api/extract",
        &[("Content-Type", "application/json")],
        big.as_bytes(),
    );
    assert_eq!(a.status, 413);
    let long = format!("/api/events?text={}", "x".repeat(5000));
    assert_eq!(get(s.addr, &long).status, 414);
    assert_eq!(
        get(s.addr, &format!("/api/events?text={}", "x".repeat(201))).status,
        400
    );
    assert_eq!(get(s.addr, "/api/events?limit=100000").status, 400);
    assert_eq!(get(s.addr, "/api/events?bbox=1,2,3").status, 400);
    assert_eq!(get(s.addr, "/api/events?from=2024-02-30").status, 400);
    assert_eq!(get(s.addr, "/api/events?unknown=1").status, 400);
    // No CORS header unless asked.
    let a = request(
        s.addr,
        "GET",
        "/api/events?limit=1",
        &[("Origin", "http://elsewhere.example")],
        b"",
    );
    assert!(a.header("access-control-allow-origin").is_none());
}

#[test]
fn writes_need_the_token() {
    let s = read_only();
    let doc = json!({"documents": [{"id": "kal-1", "published": "2025-05-02",
        "text": "MOGADISHU — A car bomb exploded near a checkpoint in Afgooye, Somalia, on Thursday, killing nine soldiers, officials said."}]});
    // Read-only server: refused whatever the header.
    let a = post_json(
        s.addr,
        "/api/ingest",
        &[("Authorization", "Bearer anything-at-all-here")],
        &doc,
    );
    assert_eq!(a.status, 403);

    let token = "a-test-token-of-some-length";
    let w = start(Config {
        write_token: Some(token.into()),
        ..Config::default()
    });
    let before = get(w.addr, "/api/events?limit=1000").json()["events"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(post_json(w.addr, "/api/ingest", &[], &doc).status, 401);
    assert_eq!(
        post_json(
            w.addr,
            "/api/ingest",
            &[("Authorization", "Bearer wrong-token-of-some-length")],
            &doc
        )
        .status,
        401
    );
    let bearer = format!("Bearer {token}");
    let ok = post_json(w.addr, "/api/ingest", &[("Authorization", &bearer)], &doc);
    assert_eq!(ok.status, 200, "{}", ok.text());
    assert_eq!(ok.json()["docs_new"], 1);
    let after = get(w.addr, "/api/events?limit=1000").json()["events"]
        .as_array()
        .unwrap()
        .len();
    assert!(after > before);
    // The same document again changes nothing.
    let again = post_json(w.addr, "/api/ingest", &[("Authorization", &bearer)], &doc).json();
    assert_eq!(again["docs_skipped"], 1);
}

#[test]
fn a_remote_bind_needs_the_flag() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let cfg = Config {
        addr: "0.0.0.0:0".parse().unwrap(),
        ..Config::default()
    };
    let r = rt.block_on(sitrep_serve::bind(&cfg));
    assert!(matches!(r, Err(sitrep_serve::ServeError::RemoteBind(_))));
    let cfg = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        ..Config::default()
    };
    assert!(rt.block_on(sitrep_serve::bind(&cfg)).is_ok());
}

#[test]
fn cors_only_when_asked() {
    let s = start(Config {
        cors_origin: Some("http://analyst.example".into()),
        ..Config::default()
    });
    let a = request(
        s.addr,
        "GET",
        "/api/stats",
        &[("Origin", "http://analyst.example")],
        b"",
    );
    assert_eq!(
        a.header("access-control-allow-origin"),
        Some("http://analyst.example")
    );
}

#[test]
fn the_openapi_document_matches_the_router() {
    let s = read_only();
    let doc = get(s.addr, "/api/openapi.json").json();
    let paths = doc["paths"].as_object().unwrap();
    let mut seen = HashSet::new();
    for (path, ops) in paths {
        for (method, op) in ops.as_object().unwrap() {
            seen.insert((method.clone(), path.clone()));
            let target = path.replace("{id}", "al-shabaab");
            let a = if method == "get" {
                get(s.addr, &target)
            } else {
                post_json(s.addr, &target, &[], &json!({}))
            };
            // Routed: never the fallback's 404 nor 405.
            assert_ne!(a.status, 405, "{method} {path}");
            assert!(
                !(a.status == 404 && a.text().contains("no such resource")),
                "{method} {path}"
            );
            // Every documented query parameter is accepted.
            for p in op["parameters"].as_array().unwrap() {
                if p["in"] == "query" && method == "get" {
                    let name = p["name"].as_str().unwrap();
                    let a = get(s.addr, &format!("{target}?{name}="));
                    assert_ne!(a.status, 400, "{path}?{name}: {}", a.text());
                }
            }
        }
    }
    assert!(seen.contains(&("post".to_string(), "/api/ingest".to_string())));
    assert!(seen.len() >= 9);
}

#[test]
fn the_dashboard_is_served_from_the_binary() {
    let s = read_only();
    let a = get(s.addr, "/");
    assert_eq!(a.status, 200);
    assert!(a.header("content-type").unwrap().starts_with("text/html"));
    assert!(a
        .header("content-security-policy")
        .unwrap()
        .contains("default-src 'self'"));
    assert!(a.text().contains("/assets/app.js"));
    let l = get(s.addr, "/assets/vendor/leaflet/leaflet.js");
    assert_eq!(l.status, 200);
    assert!(l.body.len() > 100_000);
    assert_eq!(get(s.addr, "/assets/../Cargo.toml").status, 404);
}
