/*!
textbench: CPU-time throughput of each text-layer operation alone (developer aid
for speed work on this crate, without rebuilding the crates that depend on it).

The texts are the repository's sample reports (the `.txt` files of `examples/reports`) and the
text column of every corpus under `data/corpus/`, cleaned as extraction cleans
them. Each stage runs `REPS` times (default 20) over all of them; the figure is
MB per second of this thread's CPU time (`/proc/thread-self/schedstat`), which
other processes on a loaded machine disturb less than wall time.

Usage: `cargo run --release --example textbench [-- REPS [STAGE]]`
(STAGE: one of dates, quantities, sentences, fold, infer, clean; default all).
*/
use chrono::NaiveDate;
use sitrep_benchkit::{
    mb_per_s, read_corpus_file, read_reports, sample_report_paths, thread_cpu_s,
};
use sitrep_text::Lexicons;

fn texts() -> Vec<String> {
    let txt: Vec<_> = sample_report_paths()
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    let mut out: Vec<String> = read_reports(&txt).into_iter().map(|t| t.text).collect();
    for name in [
        "events.tsv",
        "reports.tsv",
        "sentences.tsv",
        "dates.tsv",
        "numbers.tsv",
    ] {
        let src = read_corpus_file(name);
        for line in src.lines().filter(|l| !l.starts_with('#')) {
            let cols: Vec<&str> = line.split('\t').collect();
            let text = match name {
                "dates.tsv" | "numbers.tsv" => cols.first(),
                _ => cols.get(1),
            };
            if let Some(t) = text {
                out.push(t.replace("\\n", "\n"));
            }
        }
    }
    out
}

fn main() {
    let reps: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let only = std::env::args().nth(2);
    let lex = match Lexicons::embedded() {
        Ok(lex) => lex,
        Err(e) => {
            eprintln!("{e}");
            return;
        }
    };
    let docs: Vec<String> = texts().iter().map(|t| lex.clean(t).text).collect();
    let bytes: usize = docs.iter().map(String::len).sum();
    println!("{} texts, {} bytes", docs.len(), bytes);
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default();
    let stage = |name: &str, f: &dyn Fn(&str) -> usize| {
        if only.as_deref().is_some_and(|o| o != name) {
            return;
        }
        let c = thread_cpu_s();
        let mut n = 0usize;
        for _ in 0..reps {
            for d in &docs {
                n += f(d);
            }
        }
        let s = thread_cpu_s() - c;
        println!(
            "  {name:<11} {:>8.1} MB/s of CPU time ({n} items)",
            mb_per_s(bytes * reps, s)
        );
    };
    stage("dates", &|d| lex.find_dates(d).len());
    stage("quantities", &|d| lex.quantities(d).len());
    stage("sentences", &|d| lex.sentences(d).len());
    stage("fold", &|d| sitrep_text::fold(d).text.len());
    stage("infer", &|d| {
        let ex = lex.find_dates(d);
        usize::from(lex.infer_reference_date(d, &ex, None, today).is_some())
    });
    stage("clean", &|d| lex.clean(d).text.len());
}
