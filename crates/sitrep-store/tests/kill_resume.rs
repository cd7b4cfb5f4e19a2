/*!
Kill -9 during a large ingest, then ingest again: the store must hold exactly what
an uninterrupted run stores (same documents, same events, same sources).

A few thousand small synthetic reports (several per event, so deduplication runs)
are written as the JSON Lines that `sitrep-store-load` reads; one run loads them
uninterrupted, another is killed with SIGKILL as soon as its first batches are
committed, then run again to the end. Likewise for a reprocess (with a changed
extraction): killed mid-way it leaves the store as it was, and run again it
gives what an uninterrupted reprocess gives.
*/

mod common;

use common::*;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const REPORTS: usize = 4000;

fn write_input(path: &std::path::Path) {
    write_input_with(path, 0);
}

/// The reports; `shift` > 0 changes the toll of every tenth report by that much
/// and drops the events of every 50th (a "new extraction").
fn write_input_with(path: &std::path::Path, shift: u32) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let towns = [
        ("Mogadishu", "Banaadir", "SO", 2.03711, 45.34375, 53654u64),
        ("Kismayo", "Lower Juba", "SO", -0.35817, 42.54536, 55671),
        ("Baidoa", "Bay", "SO", 3.11383, 43.6498, 64013),
    ];
    for i in 0..REPORTS {
        // Four reports per event; events spread over towns and days.
        let cluster = i / 4;
        let town = towns[cluster % towns.len()];
        let day = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
            + chrono::Duration::days((cluster / towns.len()) as i64 * 5);
        let date = day.format("%Y-%m-%d").to_string();
        let doc_id = format!("r{i:05}");
        let ev_id = format!("x{i:05}");
        let text = format!(
            "Report {i}: an explosion hit a market in {} on {date}, killing {} people, case {cluster}.",
            town.0,
            3 + cluster % 7
        );
        let e = Ev {
            id: &ev_id,
            doc: &doc_id,
            event_type: "explosions_remote_violence",
            sub: Some("remote_explosive"),
            date: &date,
            place: town,
            perpetrator: Some("al-shabaab"),
            killed: Some((3 + cluster % 7) as u32),
            sentence_end: 0,
        };
        let mut r = report(&e, &text);
        if shift > 0 && i % 10 == 0 {
            r.events[0].fatalities.low = Some((3 + cluster % 7) as u32 + shift);
        }
        if shift > 0 && i % 50 == 0 {
            r.events.clear();
        }
        let line = serde_json::json!({"document": r.doc, "events": r.events});
        writeln!(f, "{line}").unwrap();
    }
}

fn counts(db: &str) -> sitrep_store::Counts {
    sitrep_store::Store::open(db).unwrap().counts().unwrap()
}

fn event_ids(db: &str) -> Vec<String> {
    let mut s = sitrep_store::Store::open(db).unwrap();
    let mut v: Vec<String> = s
        .query(&sitrep_store::EventQuery::default())
        .unwrap()
        .into_iter()
        .map(|e| e.event.id)
        .collect();
    v.sort();
    v
}

#[test]
fn killed_ingest_resumes_to_the_same_store() {
    let bin = env!("CARGO_BIN_EXE_sitrep-store-load");
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("reports.jsonl");
    write_input(&input);
    let input = input.to_str().unwrap();

    let full = dir.path().join("full.db");
    let full = full.to_str().unwrap();
    let st = Command::new(bin)
        .args([full, input, "100"])
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(st.success());
    let want = counts(full);
    assert_eq!(want.documents, REPORTS as u64);

    let killed = dir.path().join("killed.db");
    let killed = killed.to_str().unwrap();
    let mut child = Command::new(bin)
        .args([killed, input, "100"])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill as soon as some batches are committed (polling the database).
    let start = Instant::now();
    let mut seen = 0;
    loop {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        if std::path::Path::new(killed).exists() {
            if let Ok(mut s) = sitrep_store::Store::open(killed) {
                seen = s.counts().map(|c| c.documents).unwrap_or(0);
            }
        }
        if seen > 0 || start.elapsed() > Duration::from_secs(60) {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    // SIGKILL: no destructor, no rollback, no flush.
    let _ = child.kill();
    let _ = child.wait();
    let partial = counts(killed);
    eprintln!(
        "killed after {} of {} documents were committed",
        partial.documents, REPORTS
    );
    assert!(
        partial.documents.is_multiple_of(100),
        "a batch was stored in part: {partial:?}"
    );
    assert!(partial.documents <= want.documents);

    let st = Command::new(bin)
        .args([killed, input, "100"])
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(st.success());
    let got = counts(killed);
    assert_eq!(got.documents, want.documents);
    assert_eq!(got.events, want.events);
    assert_eq!(got.event_sources, want.event_sources);
    assert_eq!(got.mentions, want.mentions);
    assert_eq!(got.revisions, want.revisions);
    assert_eq!(event_ids(killed), event_ids(full));
    // Fewer events than reports: deduplication ran.
    assert!(want.events < want.documents / 2, "{want:?}");
}

fn revisions(db: &str) -> Vec<(String, i64, String)> {
    let mut s = sitrep_store::Store::open(db).unwrap();
    let rows = s
        .backend()
        .query(
            "SELECT event_id, revision, action FROM revisions ORDER BY event_id, revision",
            &[],
        )
        .unwrap();
    rows.into_iter()
        .map(|r| {
            (
                r[0].as_str().unwrap_or("").to_string(),
                r[1].as_i64().unwrap_or(0),
                r[2].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn killed_reprocess_leaves_the_store_whole_and_reruns_to_the_same_counts() {
    use std::io::BufRead;
    let bin = env!("CARGO_BIN_EXE_sitrep-store-load");
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("reports.jsonl");
    write_input(&input);
    let again = dir.path().join("again.jsonl");
    write_input_with(&again, 2);
    let (input, again) = (input.to_str().unwrap(), again.to_str().unwrap());
    let full = dir.path().join("full.db");
    let full = full.to_str().unwrap();
    let st = Command::new(bin)
        .args([full, input, "500"])
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(st.success());
    let killed = dir.path().join("killed.db");
    let killed = killed.to_str().unwrap();
    std::fs::copy(full, killed).unwrap();
    let before = counts(killed);
    let before_revs = revisions(killed);

    let st = Command::new(bin)
        .args([full, again, "--reprocess"])
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(st.success());
    let want = counts(full);
    assert_ne!(want, before, "the new extraction must change the store");

    let mut child = Command::new(bin)
        .args([killed, again, "--reprocess"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Kill once it is rebuilding (it says so when the first report is done).
    let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    assert!(line.contains("reprocessing"), "{line}");
    std::thread::sleep(Duration::from_millis(100));
    let finished = child.try_wait().unwrap().is_some();
    let _ = child.kill();
    let _ = child.wait();
    assert!(!finished, "the reprocess ended before it could be killed");
    assert_eq!(
        counts(killed),
        before,
        "a killed reprocess changed the store"
    );
    assert_eq!(revisions(killed), before_revs);

    let st = Command::new(bin)
        .args([killed, again, "--reprocess"])
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(st.success());
    assert_eq!(counts(killed), want);
    assert_eq!(event_ids(killed), event_ids(full));
    assert_eq!(revisions(killed), revisions(full));
}
