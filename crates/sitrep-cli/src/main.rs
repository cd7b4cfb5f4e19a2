/*!
The `sitrep` command: wires the pipeline crates together and reports on the run.

Each subcommand reads its inputs, reports every bad input on stderr with its path
and line (ripgrep's habit: the run goes on), prints a summary, and exits with:
`0` all inputs read; `2` some inputs were skipped or repaired; `1` the command
itself failed (bad arguments, unreadable knowledge base, unwritable output).
*/

mod actors_cmd;
mod alloc;
mod code;
mod correct_cmd;
mod event_json;
mod geo_cmd;
mod serve_cmd;
mod store_cmd;
mod watch_cmd;

use anyhow::{Context, Result};

/// mimalloc serves the many small, short-lived allocations of extraction and
/// ingest faster than the system allocator (the extract bench: 8.6 → 10.6 MB/s),
/// the more so asked without an alignment it gives anyway ([`alloc`]).
#[global_allocator]
static GLOBAL: alloc::Mi = alloc::Mi;
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use sitrep_core::{Document, Event};
use sitrep_extract::Extractor;
use sitrep_input as input;
use sitrep_input::{Problem, Report};
use std::collections::BTreeMap;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "sitrep",
    version,
    about = "Turn news reports of armed conflict into structured, geocoded, source-linked events",
    long_about = "sitrep reads news reports (plain text, JSON Lines, HTML) and writes one JSON \
object per violent event it finds (schema sitrep.event/1): type, date with precision, place with \
admin units and coordinates, actors with roles, casualty figures with bounds, claims and \
attribution, and for every field the span of text that supports it.\n\n\
Everything runs offline from the knowledge compiled into the binary (gazetteer, actor base, \
lexicons); --data DIR reads an edited copy of the repository's data/ directory instead.",
    after_help = "Examples:\n  sitrep extract examples/reports -o events.jsonl\n  cat report.txt | sitrep extract - --published 2024-04-03\n  sitrep eval --gold ../shared/dev-set/gold"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// `--data DIR`, declared once: every subcommand that reads knowledge
/// flattens it.
#[derive(Args, Clone, Debug, Default)]
struct DataArg {
    /// Read the knowledge (gazetteer, actors, lexicons, store) from this directory,
    /// laid out like the repository's data/, instead of the copy compiled into the binary.
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
}

impl DataArg {
    /// The directory given, if any.
    fn dir(&self) -> Option<&Path> {
        self.data.as_deref()
    }
}

/// `--db`, declared once for the subcommands that read or write the store.
#[derive(Args, Clone, Debug)]
struct DbArg {
    /// The store: a SQLite file (created when missing) or a postgres:// URL.
    #[arg(long, value_name = "PATH|URL", default_value = store_cmd::DEFAULT_DB)]
    db: String,
}

#[derive(Args, Clone)]
struct Knowledge {
    #[command(flatten)]
    data: DataArg,
    /// The date taken as "today" when a year must be inferred from a weekday
    /// (no year after it is chosen). Default: the system date.
    #[arg(long, value_name = "YYYY-MM-DD", global = true, value_parser = parse_date)]
    today: Option<NaiveDate>,
}

#[derive(Subcommand)]
enum Command {
    /// Extract events from reports and write them as JSON Lines.
    ///
    /// PATH may be a file (.txt: one report; .jsonl: one {"id","url","title","published","text"}
    /// per line; .html), a directory (read recursively), or - for standard input.
    Extract {
        /// Files, directories, or - for standard input.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Write events here instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Publication date for reports that carry none (YYYY-MM-DD); relative dates
        /// ("on Tuesday", "last month") are resolved against it.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        published: Option<NaiveDate>,
        /// No progress or summary on stderr (errors are still printed).
        #[arg(short, long)]
        quiet: bool,
        /// Instead of events, print for each report why extraction found what it
        /// found: every layer (title, dateline, sentences, triggers, cues, actors,
        /// places, dates, counts), the facts of each sentence with the named rules
        /// that fired on it, and for each event the named rule behind each field
        /// ("field location <- rule location-of-sentences"). Rule names are those of
        /// crates/sitrep-extract/src/rules.rs; data/corpus/ has examples of each
        /// under "# rule: NAME".
        #[arg(long)]
        explain: bool,
        /// Code reports on N threads (default: the cores available). The output is
        /// the same, in input order, whatever N.
        #[arg(short, long, value_name = "N")]
        jobs: Option<usize>,
        #[command(flatten)]
        knowledge: Knowledge,
    },
    #[command(flatten)]
    Geo(geo_cmd::GeoCommand),
    #[command(flatten)]
    Store(store_cmd::StoreCommand),
    #[command(flatten)]
    Correct(correct_cmd::CorrectCommand),
    /// Serve the HTTP API and the dashboard over a store (http://127.0.0.1:8080/).
    Serve(serve_cmd::ServeArgs),
    /// Watch RSS/Atom feeds and folders: ingest new reports as they appear, send alerts.
    ///
    /// Polls every feed and folder of the config file (fetching article pages with
    /// timeouts, retries, a per-host rate limit, conditional GET and a size cap), stores
    /// new reports like `ingest`, remembers what it has seen across restarts, and sends
    /// each matching event to the rules' file, webhook or command once (again when a
    /// revised toll crosses a threshold). Stops cleanly on SIGTERM; `--once` for cron.
    Watch(watch_cmd::WatchArgs),
    /// The actor knowledge base: list, show, graph, corpus, import.
    #[command(subcommand)]
    Actors(actors_cmd::ActorsCommand),
    /// Score extraction against gold annotations (see contract/EVENTS.md).
    ///
    /// Runs extraction on the gold documents (DOCS/<doc> for each gold file, using the
    /// gold's publication_date and url as metadata), or reads predictions from --pred,
    /// and prints precision, recall, F1, field accuracies, and every miss, false
    /// positive and field error with its evidence.
    Eval {
        /// Directory of gold JSON files.
        #[arg(long, value_name = "DIR")]
        gold: PathBuf,
        /// Directory of the gold documents. Default: `docs` beside the gold directory.
        #[arg(long, value_name = "DIR")]
        docs: Option<PathBuf>,
        /// Score these predictions (JSON Lines events, keyed by sources[0].doc) instead
        /// of running extraction.
        #[arg(long, value_name = "FILE")]
        pred: Option<PathBuf>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        knowledge: Knowledge,
    },
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a date of the form YYYY-MM-DD"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let res = match cli.command {
        Command::Extract {
            paths,
            output,
            published,
            quiet,
            explain,
            jobs,
            knowledge,
        } => run_extract(
            &paths,
            output.as_deref(),
            published,
            (quiet, explain, code::jobs(jobs)),
            &knowledge,
        ),
        Command::Serve(a) => serve_cmd::run(a),
        Command::Actors(cmd) => actors_cmd::run(cmd),
        Command::Watch(a) => watch_cmd::run(a),
        Command::Geo(cmd) => geo_cmd::run(cmd),
        Command::Store(cmd) => store_cmd::run(cmd),
        Command::Correct(cmd) => correct_cmd::run(cmd),
        Command::Eval {
            gold,
            docs,
            pred,
            json,
            knowledge,
        } => run_eval(&gold, docs.as_deref(), pred.as_deref(), json, &knowledge),
    };
    match res {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("sitrep: error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn extractor(k: &Knowledge) -> Result<Extractor> {
    let today = k.today.unwrap_or_else(|| chrono::Local::now().date_naive());
    match k.data.dir() {
        Some(dir) => Extractor::load_dir(dir, today)
            .with_context(|| format!("loading knowledge from {}", dir.display())),
        None => Extractor::embedded(today).context("loading the embedded knowledge base"),
    }
}

fn to_document(ex: &Extractor, raw: &Report, default_published: Option<NaiveDate>) -> Document {
    ex.prepare(
        &raw.id,
        &raw.source_name,
        raw.url.clone(),
        raw.title.clone(),
        raw.published.or(default_published),
        &raw.text,
    )
}

fn report_problems(problems: &[Problem]) {
    for p in problems {
        eprintln!("sitrep: {p}");
    }
}

/// The bytes of JSON set aside per event before writing a report's events.
const EVENT_JSON_BYTES: usize = 2048;

/// One report coded for `extract`: its events as JSON Lines (or its explanation)
/// and how many events.
fn code_for_output(
    ex: &Extractor,
    raw: &Report,
    published: Option<NaiveDate>,
    explain: bool,
) -> Result<(Vec<u8>, usize), serde_json::Error> {
    let doc = to_document(ex, raw, published);
    let mut out = Vec::new();
    let mut n = 0;
    if explain {
        out.extend_from_slice(format!("report {:?}\n", doc.id).as_bytes());
        for line in ex.explain(&doc) {
            out.extend_from_slice(format!("  {line}\n").as_bytes());
            n += usize::from(line.starts_with("event "));
        }
        return Ok((out, n));
    }
    let events = ex.extract(&doc);
    // Room for the events' JSON at once (about 1.2 KB an event, few over 2 KB):
    // growing the buffer as it is written copied it several times a report.
    out.reserve(events.len() * EVENT_JSON_BYTES);
    for ev in events {
        // (serde_json's bytes, written field by field: `event_json`.)
        event_json::write_event(&mut out, &ev)?;
        out.push(b'\n');
        n += 1;
    }
    Ok((out, n))
}

fn run_extract(
    paths: &[PathBuf],
    output: Option<&Path>,
    published: Option<NaiveDate>,
    (quiet, explain, jobs): (bool, bool, usize),
    k: &Knowledge,
) -> Result<ExitCode> {
    let ex = extractor(k)?;
    let out: Box<dyn Write> = match output {
        Some(p) => Box::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(out);
    let progress = !quiet && std::io::stderr().is_terminal();
    let (mut done, mut n_events, mut shown) = (0usize, 0usize, false);
    let counts = code::run(
        paths,
        jobs,
        quiet,
        |raw| code_for_output(&ex, &raw, published, explain),
        |coded, _| {
            let (bytes, n) = coded.context("writing events")?;
            out.write_all(&bytes).context("writing events")?;
            n_events += n;
            done += 1;
            if progress && !explain && done >= 50 && done.is_multiple_of(25) {
                eprint!("\rsitrep: {done} reports, {n_events} events");
                shown = true;
            }
            Ok(())
        },
    )?;
    out.flush().context("writing events")?;
    // The knowledge lives to the end of the process: freeing its pieces one
    // by one costs more than coding a report, and the system takes the
    // memory back at exit at once.
    std::mem::forget(ex);
    if shown {
        eprintln!("\rsitrep: {done} reports, {n_events} events");
    }
    if !quiet {
        eprintln!(
            "sitrep: {} reports read, {} events written; {} inputs skipped, {} repaired",
            counts.reports, n_events, counts.skipped, counts.repaired
        );
        if let Some(s) = counts.langs.summary() {
            eprintln!("sitrep: {s}");
        }
    }
    Ok(if counts.problems() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

fn run_eval(
    gold_dir: &Path,
    docs: Option<&Path>,
    pred: Option<&Path>,
    json: bool,
    k: &Knowledge,
) -> Result<ExitCode> {
    let gold = sitrep_eval::load_gold_dir(gold_dir)
        .with_context(|| format!("reading gold files in {}", gold_dir.display()))?;
    let docs_dir = match docs {
        Some(d) => d.to_path_buf(),
        None => gold_dir
            .parent()
            .map(|p| p.join("docs"))
            .unwrap_or_else(|| PathBuf::from("docs")),
    };
    let mut problems = Vec::new();
    let mut texts = BTreeMap::new();
    let mut predictions: BTreeMap<String, Vec<Event>> = BTreeMap::new();
    let ex = if pred.is_none() {
        Some(extractor(k)?)
    } else {
        None
    };
    for g in &gold {
        let path = docs_dir.join(&g.doc);
        let mut batch = input::Batch::default();
        input::read_one(&path, &mut batch);
        problems.extend(batch.problems);
        let Some(raw) = batch.docs.into_iter().next() else {
            continue;
        };
        let mut raw = raw;
        raw.url = g.url.clone();
        raw.published = g.publication_date;
        let doc = match &ex {
            Some(ex) => to_document(ex, &raw, None),
            None => sitrep_extract::prepare(
                &raw.id,
                &raw.source_name,
                raw.url.clone(),
                None,
                raw.published,
                &raw.text,
            )?,
        };
        if let Some(ex) = &ex {
            predictions.insert(g.doc.clone(), ex.extract(&doc));
        }
        texts.insert(g.doc.clone(), doc.text);
    }
    if let Some(p) = pred {
        let data =
            std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?;
        for (i, line) in data.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<Event>(line) {
                Ok(ev) => {
                    let key = ev
                        .sources
                        .first()
                        .map(|s| s.doc.clone())
                        .unwrap_or_default();
                    predictions.entry(key).or_default().push(ev);
                }
                Err(e) => problems.push(Problem {
                    path: p.display().to_string(),
                    line: Some(i + 1),
                    message: format!("not a sitrep.event/1 record: {e}"),
                    skipped: true,
                }),
            }
        }
    }
    report_problems(&problems);
    let report = sitrep_eval::score(&gold, &predictions, &texts);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &report).context("writing the report")?;
        writeln!(out).context("writing the report")?;
    } else {
        write!(out, "{}", report.render_text()).context("writing the report")?;
    }
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}
