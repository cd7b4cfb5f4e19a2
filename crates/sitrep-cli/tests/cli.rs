/*!
Whole-program tests of the `sitrep` binary: bad input is reported with its path and
line, skipped, counted, and reflected in the exit code, while good input in the
same run still yields its events; the dev set scores as the issue requires.
*/

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `sitrep SUBCOMMAND --today 2026-11-24 ARGS…` (a fixed "today" keeps year inference stable).
fn sitrep(sub: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    c.current_dir(repo()).args([sub, "--today", "2026-11-24"]);
    c
}

#[test]
fn bad_inputs_are_reported_skipped_and_counted() {
    let out = sitrep("extract")
        .args(["tests/fixtures/bad-input", "/nonexistent/file.txt"])
        .output()
        .expect("run sitrep");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert!(
        stderr.contains("invalid-utf8.txt:3: invalid UTF-8"),
        "{stderr}"
    );
    assert!(
        stderr.contains("mixed.jsonl:2: not a JSON report object"),
        "{stderr}"
    );
    assert!(
        stderr.contains("mixed.jsonl:3: report has no \"text\""),
        "{stderr}"
    );
    assert!(stderr.contains("empty.txt: no text"), "{stderr}");
    assert!(
        stderr.contains("/nonexistent/file.txt: cannot read"),
        "{stderr}"
    );
    assert!(
        stderr.contains("broken.html:18: truncated HTML"),
        "{stderr}"
    );
    assert!(stderr.contains("4 reports read"), "{stderr}");
    assert!(stderr.contains("5 inputs skipped, 1 repaired"), "{stderr}");
    // The good reports in the same run still give events, one JSON object per line.
    let events: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert!(!events.is_empty());
    assert!(events.iter().all(|e| e["schema"] == "sitrep.event/1"));
    let docs: Vec<&str> = events
        .iter()
        .filter_map(|e| e["sources"][0]["doc"].as_str())
        .collect();
    assert!(docs.contains(&"good.txt"), "{docs:?}");
}

#[test]
fn stdin_and_published_date() {
    use std::io::Write;
    let mut child = sitrep("extract")
        .args(["-", "--published", "2024-05-02", "--quiet"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run sitrep");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"Gunmen shot dead five farmers in a village in Zamfara State on Tuesday, police said.\n")
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0));
    let ev: serde_json::Value = serde_json::from_str(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or(""),
    )
    .expect("one event");
    assert_eq!(ev["date"]["start"], "2024-04-30");
    assert_eq!(ev["location"]["admin1_code"], "NG.57");
    assert_eq!(ev["fatalities"]["low"], 5);
    assert_eq!(ev["sources"][0]["doc"], "stdin");
}

#[test]
fn bad_arguments_explain_themselves() {
    let out = sitrep("extract")
        .args(["x.txt", "--published", "last week"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2)); // clap's usage error
    assert!(String::from_utf8_lossy(&out.stderr).contains("YYYY-MM-DD"));
}

/// The acceptance on the real dev set (skipped when ../shared is absent).
#[test]
fn dev_set_scores_every_required_event() {
    let gold = repo().join("../shared/dev-set/gold");
    if !gold.is_dir() {
        eprintln!("skipped: {} not present", gold.display());
        return;
    }
    let out = sitrep("eval")
        .args(["--json", "--gold"])
        .arg(&gold)
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json report");
    let det = &r["detection"];
    assert_eq!(det["recall"], 1.0, "{det}");
    assert_eq!(det["precision"], 1.0, "no false violent events: {det}");
    for f in r["fields"].as_array().expect("fields") {
        if ["admin1", "fatalities.low", "injuries.low"].contains(&f["field"].as_str().unwrap_or(""))
        {
            assert_eq!(f["correct"], f["total"], "{f}");
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}

/// An analyst adds a trigger word by editing a data file, without recompiling; a
/// broken line is reported with its file and line.
#[test]
fn data_dir_overrides_the_embedded_knowledge() {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    copy_dir(&repo().join("data"), &data);
    let triggers = data.join("lexicons/triggers.tsv");
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&triggers)
        .expect("open");
    writeln!(f, "zorbled\tviolence_against_civilians\tattack\t70\tstrong").expect("write");
    drop(f);
    let report = dir.path().join("r.txt");
    std::fs::write(
        &report,
        "Gunmen zorbled a village in Zamfara State on Tuesday.\n",
    )
    .expect("write");
    let run = |with_data: bool| {
        let mut c = sitrep("extract");
        c.args(["--quiet", "--published", "2024-05-02"])
            .arg(&report);
        if with_data {
            c.arg("--data").arg(&data);
        }
        c.output().expect("run")
    };
    assert_eq!(
        String::from_utf8_lossy(&run(false).stdout).lines().count(),
        0
    );
    let out = run(true);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().count(),
        1,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&triggers)
        .expect("open");
    writeln!(f, "a line without tabs").expect("write");
    drop(f);
    let out = run(true);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("triggers.tsv:"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `sitrep actors show ID --db` counts the actor's stored events by role.
#[test]
fn actor_events_by_role_from_the_store() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let report = dir.path().join("r.jsonl");
    std::fs::write(
        &report,
        "{\"id\":\"r1\",\"published\":\"2023-06-11\",\"text\":\"Al-Shabaab said it was behind a car bomb that exploded at a checkpoint in Mogadishu on Saturday, killing at least 13 people.\"}\n",
    )
    .expect("write");
    let out = sitrep("ingest")
        .arg(&report)
        .arg("--db")
        .arg(&db)
        .arg("-q")
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .current_dir(repo())
        .args(["actors", "show", "al-shabaab", "--db"])
        .arg(&db)
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    let line = |role: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(role))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|n| n.parse::<u64>().ok())
    };
    assert_eq!(line("perpetrator"), Some(1), "{text}");
    assert_eq!(line("claimant"), Some(1), "{text}");
    assert_eq!(line("victim"), Some(0), "{text}");
}

/// Store reads never answer silently empty: a missing database fails (and is not
/// created), names and aliases resolve, unknown values warn, and an export never
/// overwrites the database.
#[test]
fn store_reads_fail_loudly_and_resolve_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let report = dir.path().join("r.jsonl");
    std::fs::write(
        &report,
        "{\"id\":\"r1\",\"published\":\"2023-06-11\",\"text\":\"A car bomb claimed by al-Shabaab exploded at a checkpoint in Mogadishu on Saturday, killing at least 13 people.\"}\n",
    )
    .expect("write");
    let run = |args: &[&std::ffi::OsStr]| {
        let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
            .current_dir(repo())
            .args(args)
            .output()
            .expect("run");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let os = |s: &str| std::ffi::OsString::from(s);
    let d = db.as_os_str().to_os_string();
    let (code, _, err) = run(&[&os("ingest"), &os("--db"), &os(""), report.as_os_str()]);
    assert_eq!(code, Some(1), "{err}");
    let (code, _, err) = run(&[
        &os("ingest"),
        &os("-q"),
        &os("--db"),
        &d,
        report.as_os_str(),
    ]);
    assert_eq!(code, Some(0), "{err}");

    let missing = dir.path().join("typo.db");
    let (code, _, err) = run(&[&os("events"), &os("--db"), missing.as_os_str()]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("no store at"), "{err}");
    assert!(!missing.exists(), "a read created a database");

    for (flag, value) in [
        ("--country", "Somalia"),
        ("--country", "so"),
        ("--actor", "Harakat al-Shabaab al-Mujahideen"),
    ] {
        let (code, out, err) = run(&[
            &os("events"),
            &os("--db"),
            &d,
            &os(flag),
            &os(value),
            &os("-f"),
            &os("jsonl"),
        ]);
        assert_eq!(code, Some(0), "{err}");
        assert_eq!(out.lines().count(), 1, "{flag} {value}: {out} {err}");
    }
    let (_, out, err) = run(&[
        &os("events"),
        &os("--db"),
        &d,
        &os("--country"),
        &os("Narnia"),
    ]);
    assert!(err.contains("matches nothing known"), "{out} {err}");

    let (code, out, err) = run(&[&os("stats"), &os("--db"), &d, &os("--by"), &os("country")]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.lines().any(|l| l.starts_with("SO ")), "{out}");

    let before = std::fs::metadata(&db).expect("db").len();
    let (code, _, err) = run(&[&os("export"), &os("--db"), &d, &os("-o"), &d]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("refusing"), "{err}");
    assert_eq!(std::fs::metadata(&db).expect("db").len(), before);
}
