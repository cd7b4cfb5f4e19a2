/*!
`sitrep extract --explain`: on any input (empty, one huge line, binary-ish
bytes, an ordinary report) it prints the layers and named rules of each report
without failing, and `sitrep extract --help` documents it.
*/

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `sitrep extract --explain --today 2026-11-24 [ARGS] -` with `input` on stdin.
fn explain(input: &[u8], args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .current_dir(repo())
        .args(["extract", "--explain", "--today", "2026-11-24", "-q"])
        .args(args)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run sitrep");
    if let Some(mut stdin) = child.stdin.take() {
        // (The binary may stop reading early on bad input: a closed pipe is fine.)
        let _ = stdin.write_all(input);
    }
    child.wait_with_output().expect("sitrep finishes")
}

/// The run ended normally (0, or 2 for reported bad input), never a panic.
fn assert_no_failure(out: &Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        matches!(out.status.code(), Some(0 | 2)),
        "status {:?}, stderr: {stderr}",
        out.status
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn explains_an_ordinary_report_layer_by_layer_and_rule_by_rule() {
    let text = "Gunmen killed five villagers in Maiduguri on Monday, police said. \
                The attack was the second this month.";
    let out = explain(text.as_bytes(), &["--published", "2024-03-06"]);
    assert_no_failure(&out);
    let s = String::from_utf8_lossy(&out.stdout);
    for want in [
        "report \"stdin\"",
        "reference date: Some(2024-03-06)",
        "sentence 0 [0..65] \"Gunmen killed five villagers in Maiduguri on Monday, police said.\"",
        "sentence 1 ",
        "trigger \"killed\"",
        "place \"Maiduguri\"",
        "date \"on Monday\"",
        "count \"five\"",
        "rule figure-word-then-count",
        "rule role-reporter",
        "event 0 ",
        "field location <- rule location-of-sentences",
        "field date <- rule date-of-sentences",
        "field fatalities <- rule toll-first-figure",
    ] {
        assert!(s.contains(want), "missing {want:?} in:\n{s}");
    }
}

#[test]
fn explains_empty_huge_and_binaryish_input_without_failing() {
    // Empty input: reported, nothing explained.
    let out = explain(b"", &[]);
    assert_no_failure(&out);
    // One line of about 300 KB: every sentence is listed.
    let huge = "Militants attacked a checkpoint near Kismayo, killing two soldiers. ".repeat(4_500);
    let out = explain(huge.as_bytes(), &["--published", "2024-03-06"]);
    assert_no_failure(&out);
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("sentence 4499 "), "{}", &s[..s.len().min(2000)]);
    // Control characters, NULs and odd but valid UTF-8: escaped, one line each.
    let mut odd: Vec<u8> = (0u8..0x80).collect();
    odd.extend("\u{202e}\u{feff}\u{fffd}…“»\r\r\n\t".as_bytes());
    odd.extend(b"\x00\x01killed 3.\x1b[31m Mr.\x07Gardez\x7f");
    let out = explain(&odd, &[]);
    assert_no_failure(&out);
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("report \"stdin\""), "{s}");
    assert!(!s.contains('\u{0}') && !s.contains('\u{1b}'), "{s:?}");
    // Not UTF-8 at all: reported as bad input, not a failure.
    let out = explain(&[0xff, 0xfe, 0x00, 0x41, 0xc3], &[]);
    assert_no_failure(&out);
}

#[test]
fn help_documents_explain() {
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["extract", "--help"])
        .output()
        .expect("run sitrep");
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("--explain"), "{s}");
    assert!(s.contains("named rule"), "{s}");
}
