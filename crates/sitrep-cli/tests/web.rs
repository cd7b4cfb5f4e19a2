//! The web-facing commands end to end: language in the run summary, WARC input.

use std::io::Write;
use std::process::{Command, Stdio};

fn run_extract(input: &str) -> (String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["extract", "-", "--today", "2026-12-01"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn sitrep");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("run");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn reports_not_in_english_are_counted_by_language() {
    let input = concat!(
        r#"{"id":"fr","text":"Des hommes armés ont attaqué un poste de police à la sortie de la ville lundi soir, tuant quatre agents, selon le gouverneur de la province."}"#,
        "\n",
        r#"{"id":"es","text":"Hombres armados atacaron un puesto de policía a las afueras de la ciudad el lunes por la noche y mataron a cuatro agentes, según el gobernador."}"#,
        "\n",
        r#"{"id":"en","text":"Gunmen attacked a police post outside the town of Bunia on Monday night, killing four officers, the governor said."}"#,
        "\n"
    );
    let (out, err) = run_extract(input);
    assert!(!out.is_empty(), "the English report gives events");
    assert!(err.contains("<stdin>:1: written in French"), "{err}");
    assert!(
        err.contains("2 reports not in English (French 1, Spanish 1)"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------
// `sitrep watch` end to end, against a loopback server (127.0.0.1 only).

use sitrep_watch::testing::{Reply, Server};
use std::path::Path;
use std::time::{Duration, Instant};

const TOWNS: [&str; 10] = [
    "Baidoa",
    "Kismayo",
    "Beledweyne",
    "Bosaso",
    "Jowhar",
    "Garissa",
    "Mandera",
    "Lamu",
    "Wajir",
    "Afgooye",
];

/// Item `i` of the feed: a report of its own town, day and toll.
fn article(i: usize) -> (String, String) {
    let town = TOWNS[i % TOWNS.len()];
    // A month apart, so that no two reports are of one event.
    let day = chrono::NaiveDate::from_ymd_opt(2016, 1, 5).unwrap()
        + chrono::Duration::days(30 * i as i64);
    let killed = 1 + (i * 7) % 12;
    // Every text differs (identical texts are one report to the watcher).
    let wounded = 13 + i;
    let html = format!(
        r#"<html><head><title>Attack in {town} | Test Wire</title>
<link rel="canonical" href="http://wire.test/story/{i}">
<meta property="article:published_time" content="{day}T09:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/africa">Africa</a></nav>
<article><h1>Attack in {town}</h1>
<p>Gunmen attacked a market in {town} on Tuesday, killing {killed} people and wounding {wounded} others, police said.</p>
<p>Witnesses said the attackers fled on foot before soldiers arrived.</p></article>
<div class="related"><a href="/x">Floods close schools in the capital</a></div></body></html>"#
    );
    (format!("/a/{i}"), html)
}

fn rss(items: &[String]) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title><link>http://wire.test/</link><description>t</description>"#,
    );
    for link in items {
        s.push_str(&format!(
            "<item><title>{link}</title><link>{link}</link><guid>{link}</guid></item>"
        ));
    }
    s.push_str("</channel></rss>");
    s
}

fn news_server() -> Server {
    Server::start(|path, head| {
        if path == "/feed.xml" && head.contains("if-none-match: \"f1\"") {
            return Reply::status(304);
        }
        if path == "/feed.xml" {
            let links: Vec<String> = (0..100).map(|i| format!("/a/{i}")).collect();
            return Reply::ok("application/rss+xml", &rss(&links)).header("ETag", "\"f1\"");
        }
        if path == "/hook" {
            return Reply::status(200);
        }
        match path
            .strip_prefix("/a/")
            .and_then(|n| n.parse::<usize>().ok())
        {
            Some(i) if i < 100 => Reply::ok("text/html; charset=utf-8", &article(i).1).delay_ms(15),
            _ => Reply::status(404),
        }
    })
}

fn write_config(dir: &Path, srv: &Server, extra_feeds: &[String]) -> std::path::PathBuf {
    let mut feeds = format!("[[feed]]\nurl = \"{}\"\n", srv.url("/feed.xml"));
    for f in extra_feeds {
        feeds.push_str(&format!("[[feed]]\nurl = \"{f}\"\n"));
    }
    let cfg = format!(
        "interval = 1\n[fetch]\ntimeout = 1\nretries = 1\nbackoff_ms = 10\nper_host_ms = 0\nmax_bytes = 200000\nmax_attempts = 2\n{feeds}[[alert]]\nname = \"somalia\"\ncountry = [\"SO\"]\nmin_fatalities = 5\nwebhook = \"{}\"\n[[alert]]\nname = \"all\"\nfile = \"alerts.jsonl\"\n",
        srv.url("/hook")
    );
    let p = dir.join("watch.toml");
    std::fs::write(&p, cfg).unwrap();
    p
}

fn watch(cfg: &Path, db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    c.args(["watch", "--once", "--today", "2026-12-01", "--config"])
        .arg(cfg)
        .arg("--db")
        .arg(db)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

fn count_events(db: &Path, args: &[&str]) -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["events", "--format", "jsonl", "--limit", "0", "--db"])
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    let mut ids: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["id"].as_str().map(str::to_string))
        .collect();
    ids.sort();
    ids
}

fn hook_ids(srv: &Server) -> Vec<String> {
    let mut v: Vec<String> = srv
        .requests()
        .iter()
        .filter(|r| r.path == "/hook")
        .filter_map(|r| serde_json::from_str::<serde_json::Value>(&r.body).ok())
        .filter_map(|v| v["alert_id"].as_str().map(str::to_string))
        .collect();
    v.sort();
    v
}

#[test]
fn watch_feed_of_100_killed_and_restarted_misses_nothing_and_repeats_nothing() {
    // Reference: one uninterrupted run.
    let ref_srv = news_server();
    let ref_dir = tempfile::tempdir().unwrap();
    let ref_cfg = write_config(ref_dir.path(), &ref_srv, &[]);
    let ref_db = ref_dir.path().join("ref.db");
    let out = watch(&ref_cfg, &ref_db).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ref_events = count_events(&ref_db, &[]);
    let ref_alerts = hook_ids(&ref_srv);
    assert_eq!(
        ref_events.len(),
        100,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let so_big = count_events(&ref_db, &["--country", "SO", "--min-fatalities", "5"]);
    assert!(!so_big.is_empty());
    assert_eq!(
        ref_alerts.len(),
        so_big.len(),
        "one webhook alert per matching event"
    );
    let file_alerts = std::fs::read_to_string(ref_dir.path().join("alerts.jsonl")).unwrap();
    assert_eq!(file_alerts.lines().count(), ref_events.len());

    // The same feed, with the watcher killed (SIGKILL) mid-run, then restarted.
    let srv = news_server();
    let dir = tempfile::tempdir().unwrap();
    let cfg = write_config(dir.path(), &srv, &[]);
    let db = dir.path().join("w.db");
    let mut child = watch(&cfg, &db).spawn().unwrap();
    let t = Instant::now();
    while srv
        .requests()
        .iter()
        .filter(|r| r.path.starts_with("/a/"))
        .count()
        < 40
    {
        assert!(t.elapsed() < Duration::from_secs(60), "watcher too slow");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let partial = count_events(&db, &[]).len();
    assert!(
        partial > 0 && partial < ref_events.len(),
        "killed mid-run: {partial}"
    );
    let out = watch(&cfg, &db).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        count_events(&db, &[]),
        ref_events,
        "same events as an uninterrupted run"
    );
    let alerts = hook_ids(&srv);
    let mut dedup = alerts.clone();
    dedup.dedup();
    assert_eq!(alerts, dedup, "no alert delivered twice");
    assert_eq!(alerts, ref_alerts, "no alert missed");
    let file_alerts = std::fs::read_to_string(dir.path().join("alerts.jsonl")).unwrap();
    assert_eq!(file_alerts.lines().count(), ref_events.len());

    // A third run finds nothing new and sends nothing (the feed answers 304).
    let out = watch(&cfg, &db).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not modified"), "{err}");
    assert_eq!(hook_ids(&srv), ref_alerts);
}

#[test]
fn bad_feeds_and_pages_are_counted_logged_and_survived() {
    let srv = Server::start(|path, _| match path {
        "/broken.xml" => Reply::ok("application/rss+xml", "<rss><channel><item><title>cut"),
        "/mixed.xml" => Reply::ok(
            "application/rss+xml",
            &rss(&["/slow", "/huge", "/pdf", "/loop", "/gone", "/a/3"].map(String::from)),
        ),
        "/slow" => Reply::ok("text/html", "<p>late</p>").delay_ms(1500),
        "/huge" => Reply::ok("text/html", &"<p>word</p>".repeat(40_000)),
        "/pdf" => Reply::ok("application/pdf", "%PDF-1.4"),
        "/loop" => Reply::status(302).header("Location", "/loop"),
        "/a/3" => Reply::ok("text/html", &article(3).1),
        "/hook" => Reply::status(200),
        _ => Reply::status(404),
    });
    let dir = tempfile::tempdir().unwrap();
    let cfg = write_config(
        dir.path(),
        &srv,
        &[
            srv.url("/broken.xml"),
            srv.url("/mixed.xml"),
            "http://127.0.0.1:9/refused.xml".into(),
        ],
    );
    // The main feed of 100 is served by no one here: it fails too (404).
    let db = dir.path().join("b.db");
    let out = watch(&cfg, &db).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    for url in [
        "/feed.xml",
        "/broken.xml",
        "/slow",
        "/huge",
        "/pdf",
        "/loop",
        "/gone",
    ] {
        assert!(
            err.lines()
                .any(|l| l.contains("ERROR") && l.contains(&srv.url(url))),
            "{url} not logged:\n{err}"
        );
    }
    assert!(err.contains("127.0.0.1:9/refused.xml"), "{err}");
    assert!(
        err.contains("1 feeds read, 3 failed; 2 pages fetched, 5 failed"),
        "{err}"
    );
    assert_eq!(
        count_events(&db, &[]).len(),
        1,
        "the good page is stored: {err}"
    );
}

#[test]
fn folders_are_watched_and_a_revised_toll_alerts_again_past_its_threshold() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    std::fs::write(
        dir.path().join("watch.toml"),
        "[[dir]]\npath = \"inbox\"\n[[alert]]\nname = \"baidoa\"\ncountry = [\"SO\"]\nwords = [\"checkpoint\"]\nmin_fatalities = 5\nthresholds = [20]\ncommand = \"cat >> alerts-cmd.jsonl; echo >> alerts-cmd.jsonl\"\n",
    )
    .unwrap();
    let cfg = dir.path().join("watch.toml");
    let db = dir.path().join("f.db");
    let run = || {
        let out = watch(&cfg, &db).current_dir(dir.path()).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = std::fs::read_to_string(dir.path().join("alerts-cmd.jsonl")).unwrap_or_default();
        text.lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .map(|v| {
                (
                    v["alert_id"].as_str().unwrap_or("").to_string(),
                    v["reason"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect::<Vec<_>>()
    };
    std::fs::write(
        inbox.join("first.jsonl"),
        "{\"id\":\"r1\",\"published\":\"2024-03-06\",\"text\":\"Car bomb in Baidoa\\n\\nA car bomb exploded at a checkpoint in Baidoa on Tuesday, killing 6 soldiers, police said.\"}\n",
    )
    .unwrap();
    let a = run();
    assert_eq!(a.len(), 1, "{a:?}");
    assert!(a[0].0.ends_with(":0") && a[0].1 == "new event", "{a:?}");
    // Nothing new: nothing sent.
    assert_eq!(run().len(), 1);
    // A later report raises the toll past 20: the same event alerts again, once.
    std::fs::write(
        inbox.join("second.jsonl"),
        "{\"id\":\"r2\",\"published\":\"2024-03-07\",\"text\":\"Baidoa toll rises\\n\\nThe death toll from a car bomb that exploded at a checkpoint in Baidoa on Tuesday has risen to 25 soldiers, police said on Wednesday.\"}\n",
    )
    .unwrap();
    let a = run();
    assert_eq!(a.len(), 2, "{a:?}");
    assert_eq!(a[1].0.replace(":1", ":0"), a[0].0, "same event: {a:?}");
    assert!(a[1].1.contains("threshold 20"), "{a:?}");
    assert_eq!(run().len(), 2);
    assert_eq!(count_events(&db, &[]).len(), 1);
}

#[test]
fn sigterm_stops_the_watcher_cleanly() {
    let srv = news_server();
    let dir = tempfile::tempdir().unwrap();
    let cfg = write_config(dir.path(), &srv, &[]);
    let db = dir.path().join("t.db");
    let child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["watch", "--today", "2026-12-01", "--config"])
        .arg(&cfg)
        .arg("--db")
        .arg(&db)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let t = Instant::now();
    while srv.hits("/a/5") == 0 {
        assert!(t.elapsed() < Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(5));
    }
    let st = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(st.success());
    let t = Instant::now();
    let out = child.wait_with_output().unwrap();
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("stopped by signal"), "{err}");
    assert!(srv.hits("/a/99") == 0, "stopped before the end of the feed");
    // What was stored before the stop is whole: a restart completes the feed.
    let out = watch(&cfg, &db).output().unwrap();
    assert!(out.status.success());
    assert_eq!(count_events(&db, &[]).len(), 100);
}

#[test]
fn warc_archives_are_ingested_like_pages() {
    use flate2::{write::GzEncoder, Compression};
    let dir = tempfile::tempdir().unwrap();
    let mut file = Vec::new();
    for i in 0..3 {
        let (url, html) = article(i);
        let block = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{html}");
        let mut rec = Vec::new();
        sitrep_web::warc::write_record(
            &mut rec,
            &[
                ("WARC-Type", "response"),
                ("WARC-Target-URI", &format!("http://wire.test{url}")),
            ],
            block.as_bytes(),
        );
        let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
        gz.write_all(&rec).unwrap();
        file.extend(gz.finish().unwrap());
    }
    let warc = dir.path().join("news.warc.gz");
    std::fs::write(&warc, file).unwrap();
    let db = dir.path().join("w.db");
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["ingest", "--today", "2026-12-01", "--db"])
        .arg(&db)
        .arg(&warc)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(count_events(&db, &[]).len(), 3);
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["events", "--format", "jsonl", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("http://wire.test/story/1"),
        "canonical URL kept: {text}"
    );
}
