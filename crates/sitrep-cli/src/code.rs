/*!
Coding a stream of reports on every core: the loop that `extract` and `ingest`
share. The inputs are read as a stream ([`sitrep_input::stream`]), each report (and
each web page, parsed there) is coded on one of `--jobs` threads ([`sitrep_input::parallel::map_ordered`]), and the
caller's thread takes the results in input order, so the output is the same
whatever the number of threads. Problems are printed as they are met, reports not
in English are named (the first 20) and tallied for the run summary.
*/

use anyhow::Result;
use sitrep_input::{parallel, Item, Problem, Report};
use sitrep_web::lang::{Language, Tally};
use std::path::PathBuf;

/// What a coding thread hands back for one item of the inputs.
enum Step<T> {
    Problem(Problem),
    Report {
        origin: String,
        lang: Option<Language>,
        coded: T,
    },
}

/// What a run read: reports, problems, languages.
#[derive(Debug, Default)]
pub struct Counts {
    pub reports: usize,
    /// Inputs skipped.
    pub skipped: usize,
    /// Inputs repaired and kept.
    pub repaired: usize,
    pub langs: Tally,
}

impl Counts {
    pub fn problems(&self) -> usize {
        self.skipped + self.repaired
    }
}

/// `--jobs`: the number of coding threads, default the cores available.
pub fn jobs(asked: Option<usize>) -> usize {
    asked.unwrap_or_else(parallel::default_jobs).max(1)
}

/// Read `paths` as a stream, code each report with `code` on `jobs` threads, and
/// give each result with the report's origin to `sink`, in input order. The first
/// error of `sink` ends the run.
pub fn run<T: Send>(
    paths: &[PathBuf],
    jobs: usize,
    quiet: bool,
    code: impl Fn(Report) -> T + Sync,
    mut sink: impl FnMut(T, &str) -> Result<()>,
) -> Result<Counts> {
    let mut c = Counts::default();
    let work = |item| {
        let mut steps = Vec::with_capacity(1);
        step(item, &code, &mut steps);
        steps
    };
    let mut take = |step| match step {
        Step::Problem(p) => {
            eprintln!("sitrep: {p}");
            if p.skipped {
                c.skipped += 1;
            } else {
                c.repaired += 1;
            }
            Ok(())
        }
        Step::Report {
            origin,
            lang,
            coded,
        } => {
            c.reports += 1;
            if let Some(l) = lang {
                c.langs.record(l);
                if !quiet && c.langs.total <= 20 {
                    eprintln!(
                        "sitrep: {origin}: written in {} (sitrep reads English)",
                        l.name
                    );
                }
            }
            sink(coded, &origin)
        }
    };
    parallel::map_ordered(sitrep_input::stream(paths), jobs, work, |steps| {
        steps.into_iter().try_for_each(&mut take)
    })?;
    Ok(c)
}

/// What the coding thread makes of one item: a web page is read (parsed and
/// reduced to its article) there too, on any thread.
fn step<T>(item: Item, code: &impl Fn(Report) -> T, out: &mut Vec<Step<T>>) {
    match item {
        Item::Problem(p) => out.push(Step::Problem(p)),
        Item::Report(r) => out.push(Step::Report {
            origin: r.origin.clone(),
            lang: sitrep_web::lang::detect(&r.text),
            coded: code(r),
        }),
        Item::Page(p) => {
            for it in p.read() {
                step(it, code, out);
            }
        }
    }
}
