//! `sitrep serve` as a process: a non-loopback address needs `--allow-remote`, a
//! missing store is refused, and a server on a free loopback port answers.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

fn sitrep() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
}

#[test]
fn a_remote_address_needs_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    std::fs::write(&db, b"").unwrap();
    let out = sitrep()
        .args(["serve", "--addr", "0.0.0.0:0", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--allow-remote"), "{err}");
}

#[test]
fn a_missing_store_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = sitrep()
        .args(["serve", "--db"])
        .arg(dir.path().join("none.db"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no store at"));
}

#[test]
fn serves_on_a_free_loopback_port() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let st = sitrep()
        .args(["ingest", "-q", "--db"])
        .arg(&db)
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/reports"
        ))
        .status()
        .unwrap();
    assert!(st.success());
    let mut child = sitrep()
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(&db)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    let mut s = std::net::TcpStream::connect(&addr).unwrap();
    write!(
        s,
        "GET /api/stats?by=type HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut res = String::new();
    s.read_to_string(&mut res).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(res.starts_with("HTTP/1.1 200"), "{res}");
    assert!(res.contains("\"rows\""), "{res}");
}
