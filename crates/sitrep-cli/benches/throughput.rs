//! The throughput benchmark of issue 22: the `sitrep extract` command as shipped
//! (start-up, streaming input, coding on `--jobs` threads, writing) on a JSON Lines
//! file of real reports, with 1 and 2 jobs: MB/s by wall time, and the child's user
//! and system CPU time (on a shared machine the wall time is noisy; CPU time says
//! what the work cost). With `--repeat N`, one more run on the file repeated N times
//! with the default jobs, for peak RSS against input size (flat when streaming).
//!
//! `cargo bench -p sitrep-cli --bench throughput -- FILE.jsonl [--repeat N]`
//! (e.g. the dev pools' reports.jsonl concatenated; their text stays out of the
//! repository). Without FILE, the events corpus sentences of `data/corpus/` as
//! reports, repeated to about 10 MB.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What one run of the command cost.
struct Run {
    wall_s: f64,
    user_s: f64,
    sys_s: f64,
    max_rss_kb: i64,
    ok: bool,
}

/// Run `sitrep extract -q --jobs N FILE` with its output discarded; the child's own
/// resource use from `wait4`.
fn run(file: &Path, jobs: Option<usize>) -> Option<Run> {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    c.args(["extract", "-q", "--today", "2026-12-03"]);
    if let Some(j) = jobs {
        c.args(["--jobs", &j.to_string()]);
    }
    c.arg(file).stdout(Stdio::null());
    let started = std::time::Instant::now();
    let child = c.spawn().ok()?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value of this plain C struct.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our unwaited child; status and ru are valid for writes.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
    let wall_s = started.elapsed().as_secs_f64();
    if r != pid {
        return None;
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Some(Run {
        wall_s,
        user_s: secs(ru.ru_utime),
        sys_s: secs(ru.ru_stime),
        max_rss_kb: ru.ru_maxrss,
        // Exit 0, or 2 (some lines skipped): the run went through.
        ok: libc::WIFEXITED(status) && matches!(libc::WEXITSTATUS(status), 0 | 2),
    })
}

fn report(what: &str, bytes: u64, r: &Run) {
    let mb = bytes as f64 / 1e6;
    println!(
        "{what:<28} {mb:>7.1} MB  wall {:>6.2} s = {:>5.1} MB/s   user {:>6.2} s sys {:>5.2} s = {:>5.1} MB per CPU-s   peak RSS {:>6.1} MB{}",
        r.wall_s,
        mb / r.wall_s,
        r.user_s,
        r.sys_s,
        mb / (r.user_s + r.sys_s),
        r.max_rss_kb as f64 / 1024.0,
        if r.ok { "" } else { "   (FAILED)" }
    );
}

/// The corpus sentences as JSON Lines reports, repeated to about `bytes`.
fn corpus_file(bytes: usize) -> std::io::Result<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let tsv = std::fs::read_to_string(root.join("data/corpus/events.tsv"))?;
    let mut lines = String::new();
    for (i, l) in tsv.lines().enumerate() {
        let f: Vec<&str> = l.split('\t').collect();
        if l.starts_with('#') || f.len() < 2 {
            continue;
        }
        let rep = serde_json::json!({"id": format!("c{i}"), "text": f[1].replace("\\n", "\n")});
        lines.push_str(&rep.to_string());
        lines.push('\n');
    }
    repeat_into(
        lines.as_bytes(),
        bytes.div_ceil(lines.len().max(1)),
        "corpus",
    )
}

fn repeat_into(data: &[u8], times: usize, name: &str) -> std::io::Result<PathBuf> {
    let p = std::env::temp_dir().join(format!(
        "sitrep-throughput-{}-{name}.jsonl",
        std::process::id()
    ));
    let mut f = std::io::BufWriter::new(std::fs::File::create(&p)?);
    for _ in 0..times {
        f.write_all(data)?;
    }
    f.flush()?;
    Ok(p)
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let repeat = args
        .iter()
        .position(|a| a == "--repeat")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse::<usize>().ok());
    let given = args
        .first()
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from);
    let mut temp = Vec::new();
    let file = match given {
        Some(f) => f,
        None => {
            let f = corpus_file(10_000_000)?;
            temp.push(f.clone());
            f
        }
    };
    let bytes = std::fs::metadata(&file)?.len();
    println!(
        "sitrep extract on {} ({} cores available; wall time is noisy on a shared machine, CPU time less so)",
        file.display(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let mut mbps = Vec::new();
    for jobs in [1, 2] {
        match run(&file, Some(jobs)) {
            Some(r) => {
                report(&format!("--jobs {jobs}"), bytes, &r);
                mbps.push(bytes as f64 / 1e6 / r.wall_s);
            }
            None => println!("--jobs {jobs}: the command could not be run"),
        }
    }
    if let [one, two] = mbps[..] {
        println!("two jobs / one job (wall): {:.2}x", two / one);
    }
    if let Some(n) = repeat {
        let data = std::fs::read(&file)?;
        let big = repeat_into(&data, n, "repeated")?;
        drop(data);
        temp.push(big.clone());
        match run(&big, None) {
            Some(r) => report(&format!("x{n}, default jobs"), bytes * n as u64, &r),
            None => println!("x{n}: the command could not be run"),
        }
    }
    for t in temp {
        let _ = std::fs::remove_file(t);
    }
    Ok(())
}
