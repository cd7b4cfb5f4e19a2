/*!
`--jobs`: extract and ingest code reports on several threads, and what they write
is byte-for-byte what the single-threaded path writes, in input order, with the
same problems, counts and exit code.
*/

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn sitrep(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .current_dir(repo())
        .args(args)
        .args(["--today", "2026-11-24"])
        .output();
    match out {
        Ok(o) => o,
        Err(e) => panic!("cannot run sitrep: {e}"),
    }
}

/// Every sentence of the events corpus as a report of one JSON Lines file (with a
/// blank line and a bad line among them), in a temporary directory.
fn corpus_reports(dir: &Path) -> PathBuf {
    let tsv = std::fs::read_to_string(repo().join("data/corpus/events.tsv")).unwrap();
    let mut lines = Vec::new();
    for (i, l) in tsv.lines().enumerate() {
        let f: Vec<&str> = l.split('\t').collect();
        if l.starts_with('#') || f.len() < 2 {
            continue;
        }
        let published = (f[0] != "-").then_some(f[0]);
        let rep = serde_json::json!({"id": format!("c{i}"), "published": published, "text": f[1].replace("\\n", "\n")});
        lines.push(rep.to_string());
        if lines.len() == 29 {
            // Lines 30 and 31.
            lines.push(String::new());
            lines.push("{\"id\": \"broken\"".into());
        }
    }
    let p = dir.join("corpus.jsonl");
    std::fs::write(&p, lines.join("\n")).unwrap();
    p
}

#[test]
fn extract_output_is_the_same_whatever_the_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus_reports(dir.path());
    let corpus = corpus.to_str().unwrap();
    let inputs = [
        corpus,
        "examples/reports",
        "tests/fixtures/bad-input",
        "tests/pages",
    ];
    let run = |jobs: &str, explain: bool| {
        let mut args = vec!["extract", "--jobs", jobs];
        args.extend(inputs);
        if explain {
            args.push("--explain");
        }
        sitrep(&args)
    };
    let one = run("1", false);
    let events = String::from_utf8_lossy(&one.stdout).lines().count();
    assert!(events > 150, "{events} events");
    assert_eq!(one.status.code(), Some(2));
    for jobs in ["2", "5"] {
        let many = run(jobs, false);
        assert!(one.stdout == many.stdout, "--jobs {jobs}: other events");
        assert_eq!(
            String::from_utf8_lossy(&one.stderr),
            String::from_utf8_lossy(&many.stderr),
            "--jobs {jobs}"
        );
        assert_eq!(one.status.code(), many.status.code());
    }
    let one = run("1", true);
    let many = run("3", true);
    assert!(one.stdout.len() > 10_000);
    assert!(one.stdout == many.stdout, "--explain differs");
}

#[test]
fn ingest_stores_the_same_whatever_the_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus_reports(dir.path());
    let mut exported = Vec::new();
    for jobs in ["1", "3"] {
        let db = dir.path().join(format!("j{jobs}.db"));
        let db = db.to_str().unwrap();
        let corpus = corpus.to_str().unwrap();
        let args = [
            "ingest",
            "--db",
            db,
            "--jobs",
            jobs,
            "--batch",
            "7",
            corpus,
            "examples/reports",
        ];
        let out = sitrep(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("corpus.jsonl:31: not a JSON report"),
            "{stderr}"
        );
        // Again: everything is already stored.
        let again = sitrep(&args);
        let stderr = String::from_utf8_lossy(&again.stderr);
        assert!(stderr.contains(" 0 stored, "), "{stderr}");
        assert!(stderr.contains("0 new events, 0 merged"), "{stderr}");
        let ev = Command::new(env!("CARGO_BIN_EXE_sitrep"))
            .args(["events", "--db", db, "--format", "jsonl", "--limit", "0"])
            .output()
            .unwrap();
        assert_eq!(ev.status.code(), Some(0));
        exported.push(ev.stdout);
    }
    assert!(String::from_utf8_lossy(&exported[0]).lines().count() > 100);
    assert!(exported[0] == exported[1], "the stores differ");
}
