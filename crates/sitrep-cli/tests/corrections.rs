/*!
Analyst corrections through the `sitrep` binary: ingest the example reports,
edit, merge, split and delete, read the history, reprocess (also with edited
knowledge, `--data`), and check that every correction is still in force.
*/

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Run `sitrep ARGS…` in the repository; (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .current_dir(repo())
        .args(args)
        .output()
        .expect("run sitrep");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every stored event as JSON, by id.
fn events(db: &str) -> Vec<serde_json::Value> {
    let (code, out, err) = run(&["events", "--db", db, "--format", "jsonl", "--limit", "0"]);
    assert_eq!(code, 0, "{err}");
    out.lines()
        .map(|l| serde_json::from_str(l).expect("a JSON event"))
        .collect()
}

fn find<'a>(evs: &'a [serde_json::Value], id: &str) -> Option<&'a serde_json::Value> {
    evs.iter().find(|e| e["id"] == id)
}

/// A copy of the repository's knowledge under `dir` (links to all but the
/// lexicons) whose triggers have lost every "bomb" and "car bomb" row: edited
/// knowledge for `reprocess --data`.
fn knowledge_without_bomb_triggers(dir: &std::path::Path) -> std::path::PathBuf {
    let data = dir.join("data");
    std::fs::create_dir(&data).unwrap();
    for sub in ["actors", "gazetteer", "store", "web", "corpus"] {
        std::os::unix::fs::symlink(repo().join("data").join(sub), data.join(sub)).unwrap();
    }
    let lex = data.join("lexicons");
    std::fs::create_dir(&lex).unwrap();
    for f in std::fs::read_dir(repo().join("data/lexicons")).unwrap() {
        let f = f.unwrap().path();
        let text = std::fs::read_to_string(&f).unwrap();
        let text = if f.ends_with("triggers.tsv") {
            text.lines()
                .filter(|l| !l.starts_with("car bomb") && !l.starts_with("bomb"))
                .collect::<Vec<_>>()
                .join("\n")
                + "\n"
        } else {
            text
        };
        std::fs::write(lex.join(f.file_name().unwrap()), text).unwrap();
    }
    data
}

#[test]
fn corrections_are_kept_shown_and_survive_reprocess() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let db = db.to_str().unwrap();
    let today = "2026-11-24";
    // Read commands and corrections never create a store.
    let (code, _, err) = run(&["delete", "abc", "--db", db, "--note", "x"]);
    assert_eq!(code, 1);
    assert!(err.contains("no store"), "{err}");
    let (code, _, err) = run(&[
        "ingest",
        "--db",
        db,
        "examples/reports",
        "--today",
        today,
        "-q",
    ]);
    assert_eq!(code, 0, "{err}");
    let before = events(db);
    assert!(before.len() >= 4, "{}", before.len());
    // The two events with the most reports, and two more.
    let mut ids: Vec<(i64, String)> = before
        .iter()
        .map(|e| {
            (
                e["n_sources"].as_i64().unwrap_or(0),
                e["id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    ids.sort_by(|a, b| b.cmp(a));
    let (a, b, c) = (ids[0].1.clone(), ids[1].1.clone(), ids[2].1.clone());

    // A note is required; an unknown field is refused with the record's fields.
    let (code, _, _) = run(&["edit", &a, "--db", db, "--set", "fatalities=77"]);
    assert_eq!(code, 2, "clap refuses a missing --note");
    let (code, _, err) = run(&["edit", &a, "--db", db, "--set", "fatality=7", "--note", "x"]);
    assert_eq!(code, 1);
    assert!(err.contains("the record's fields"), "{err}");
    let (code, out, err) = run(&[
        "edit",
        &a,
        "--db",
        db,
        "--set",
        "fatalities=77",
        "--set",
        "location.admin2=Test District",
        "--note",
        "ministry list",
        "--who",
        "ana",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("77"), "{out}");
    let (code, _, err) = run(&[
        "merge",
        &b,
        &c,
        "--db",
        db,
        "--note",
        "one incident",
        "--who",
        "ben",
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = run(&["history", &a, "--db", db]);
    assert_eq!(code, 0);
    assert!(
        out.contains("edit") && out.contains("analyst ana: ministry list"),
        "{out}"
    );
    let (_, out, _) = run(&["history", &c, "--db", db]);
    assert!(
        out.contains("merged_into") && out.contains("no longer a stored event"),
        "{out}"
    );

    // Split one report out of the merged event, then delete what was split.
    let merged = find(&events(db), &b).unwrap().clone();
    let doc = merged["sources"]
        .as_array()
        .and_then(|s| s.last())
        .and_then(|s| s["doc"].as_str())
        .unwrap()
        .to_string();
    let (code, out, err) = run(&[
        "split",
        &b,
        "--source",
        &doc,
        "--db",
        db,
        "--note",
        "not the same",
        "--today",
        today,
    ]);
    assert_eq!(code, 0, "{err}");
    let split = out
        .split_whitespace()
        .skip_while(|w| *w != "as")
        .nth(1)
        .expect("the new id")
        .to_string();
    assert!(find(&events(db), &split).is_some(), "{out}");
    let (code, _, err) = run(&["delete", &split, "--db", db, "--note", "not an attack"]);
    assert_eq!(code, 0, "{err}");
    let corrected = events(db);
    assert!(find(&corrected, &split).is_none() && find(&corrected, &c).is_none());
    assert_eq!(find(&corrected, &a).unwrap()["fatalities"]["low"], 77);

    // Reprocess: same knowledge, same events (ids, fields), corrections in force.
    let (code, out, err) = run(&["reprocess", "--db", db, "--today", today]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("0 of them changed"), "{out}");
    assert!(
        out.contains("corrections applied again: 4; without their event: 0"),
        "{out}"
    );
    let strip = |v: &[serde_json::Value]| -> Vec<serde_json::Value> {
        v.iter()
            .map(|e| {
                let mut e = e.clone();
                e.as_object_mut().map(|o| o.remove("revision"));
                e
            })
            .collect()
    };
    assert_eq!(strip(&events(db)), strip(&corrected));

    // Edited knowledge (--data): every "killed" trigger gone; reprocess says what
    // changed, and the analyst's toll still stands.
    let data = knowledge_without_bomb_triggers(dir.path());
    let (code, out, err) = run(&[
        "reprocess",
        "--db",
        db,
        "--today",
        today,
        "--data",
        data.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("reprocessed 14 reports"), "{out}");
    let after = events(db);
    if let Some(e) = find(&after, &a) {
        assert_eq!(e["fatalities"]["low"], 77, "the edit must survive");
    }
    assert!(find(&after, &split).is_none(), "a deleted event came back");
    assert_ne!(strip(&after), strip(&corrected), "{out}");
}
