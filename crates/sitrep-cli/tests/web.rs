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
