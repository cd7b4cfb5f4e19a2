/*!
The store's subcommands: `ingest`, `events`, `stats`, `export`, `dedup-eval`.

`ingest` reads reports like `extract` does (same inputs, same problem reports,
same extraction), then stores documents and events in a database (`./sitrep.db`
by default, or `--db postgres://…`), merging reports of one event into one record
(see the `sitrep-store` crate for the rules). Documents are written in batches,
one transaction each, and documents already stored are skipped before extraction,
so running the same ingest again changes nothing and a killed ingest resumes
where it stopped. `events`, `stats` and `export` query the store; `dedup-eval`
measures deduplication on a corpus whose reports carry their true `cluster`.
*/

use crate::input;
use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use sitrep_store::export::{self, Format};
use sitrep_store::{EventQuery, IngestDoc, StatRow, StatsBy, Store, StoreKnowledge};
use std::collections::HashMap;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub(crate) const DEFAULT_DB: &str = "sitrep.db";

/// Filters shared by `events`, `stats` and `export`.
#[derive(Args, Clone, Debug, Default)]
pub struct Filters {
    /// Events starting on or after this date.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::parse_date)]
    from: Option<NaiveDate>,
    /// Events starting on or before this date.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::parse_date)]
    to: Option<NaiveDate>,
    /// Country: ISO 3166-1 alpha-2 (SO, AF, …) or its English name (Somalia).
    #[arg(long, value_name = "CC|NAME")]
    country: Option<String>,
    /// Province/state as written (Benue, Benue State), or its GeoNames code (NG.26).
    #[arg(long, value_name = "NAME|CODE")]
    admin1: Option<String>,
    /// Bounding box: min_lon,min_lat,max_lon,max_lat.
    #[arg(long, value_name = "W,S,E,N", value_parser = parse_bbox, allow_hyphen_values = true)]
    bbox: Option<[f64; 4]>,
    /// Actor: id (al-shabaab), name or any alias of the actor base (ISKP).
    #[arg(long, value_name = "ID|NAME")]
    actor: Option<String>,
    /// Role of the actor: perpetrator, target, victim, claimant, accuser, participant.
    #[arg(long, value_name = "ROLE")]
    role: Option<String>,
    /// Event type (battles, explosions_remote_violence, violence_against_civilians, …).
    #[arg(long = "type", value_name = "TYPE")]
    event_type: Option<String>,
    /// At least this many killed (the conservative count).
    #[arg(long, value_name = "N")]
    min_fatalities: Option<u32>,
    /// Words in the evidence text or the place name (case-insensitive).
    #[arg(long, value_name = "TEXT")]
    text: Option<String>,
}

impl Filters {
    fn query(&self) -> EventQuery {
        EventQuery {
            date_from: self.from,
            date_to: self.to,
            country: self.country.clone(),
            admin1: self.admin1.clone(),
            bbox: self.bbox,
            actor: self.actor.clone(),
            role: self.role.clone(),
            event_type: self.event_type.clone(),
            min_fatalities: self.min_fatalities,
            text: self.text.clone(),
            ..EventQuery::default()
        }
    }
}

/// The query of these filters with names and aliases resolved to what the store
/// holds: a country name to its code, an admin1 as written to its stored
/// spelling, an actor alias to its id. A value that matches nothing known is
/// kept as given, with a warning on stderr (never a silent empty answer).
fn resolve_query(f: &Filters, store: &mut Store, data: Option<&Path>) -> EventQuery {
    let mut q = f.query();
    let warn = |what: &str, v: &str, hint: &str| {
        eprintln!("sitrep: warning: {what} {v:?} matches nothing known{hint}");
    };
    if let Some(c) = &f.country {
        let t = c.trim();
        let names = &store.knowledge().country_names;
        if t.len() == 2 && t.is_ascii() {
            let code = t.to_ascii_uppercase();
            if !names.contains_key(&code) {
                warn(
                    "--country",
                    c,
                    " (an ISO 3166-1 alpha-2 code or an English name)",
                );
            }
            q.country = Some(code);
        } else {
            let key = sitrep_text::fold::fold_str(t);
            match names
                .iter()
                .find(|(_, n)| sitrep_text::fold::fold_str(n) == key)
            {
                Some((code, _)) => q.country = Some(code.clone()),
                None => warn(
                    "--country",
                    c,
                    " (an ISO 3166-1 alpha-2 code or an English name)",
                ),
            }
        }
    }
    if let Some(a) = &f.admin1 {
        if let Some(found) = stored_admin1(store, a.trim()) {
            q.admin1 = Some(found);
        } else {
            warn("--admin1", a, " in this store");
        }
    }
    if let Some(a) = &f.actor {
        match actor_id(store, a.trim(), data) {
            Some(id) => q.actor = Some(id),
            None => warn(
                "--actor",
                a,
                " (not an id, name or alias of the actor base, nor a stored actor)",
            ),
        }
    }
    q
}

/// The stored spelling of an admin1 written by a user: its code, the same name in
/// any case, or a name it begins (Benue → Benue State).
fn stored_admin1(store: &mut Store, a: &str) -> Option<String> {
    let rows = store
        .backend()
        .query(
            "SELECT DISTINCT admin1, admin1_code FROM events WHERE admin1 IS NOT NULL",
            &[],
        )
        .ok()?;
    let key = sitrep_text::fold::fold_str(a);
    let mut prefix = None;
    for r in &rows {
        let name = r.first().and_then(|v| v.as_str()).unwrap_or("");
        let code = r.get(1).and_then(|v| v.as_str()).unwrap_or("");
        if code.eq_ignore_ascii_case(a) {
            return Some(code.to_string());
        }
        let n = sitrep_text::fold::fold_str(name);
        if n == key {
            return Some(name.to_string());
        }
        if prefix.is_none() && n.starts_with(&key) && n[key.len()..].starts_with(' ') {
            prefix = Some(name.to_string());
        }
    }
    prefix
}

/// The actor id of an id, name or alias: the store's actors first, then the
/// actor base.
fn actor_id(store: &mut Store, a: &str, data: Option<&Path>) -> Option<String> {
    let rows = store
        .backend()
        .query(
            "SELECT actor_id FROM actors WHERE actor_id = ? OR LOWER(name) = ?",
            &[a.into(), a.to_lowercase().into()],
        )
        .ok()?;
    if let Some(id) = rows
        .first()
        .and_then(|r| r.first())
        .and_then(|v| v.as_str())
    {
        return Some(id.to_string());
    }
    let base = match data {
        Some(d) => sitrep_actors::ActorBase::load_dir(d.join("actors")).ok()?,
        None => sitrep_actors::ActorBase::embedded().ok()?,
    };
    let key = sitrep_text::fold::fold_str(a);
    let found = base
        .entries()
        .find(|e| {
            e.id == a
                || sitrep_text::fold::fold_str(&e.name) == key
                || e.aliases
                    .iter()
                    .any(|al| sitrep_text::fold::fold_str(&al.text) == key)
        })
        .map(|e| e.id.clone());
    found
}

fn parse_bbox(s: &str) -> Result<[f64; 4], String> {
    let v: Vec<f64> = s
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("{s:?}: expected four numbers min_lon,min_lat,max_lon,max_lat"))?;
    match v.as_slice() {
        [a, b, c, d] => Ok([*a, *b, *c, *d]),
        _ => Err(format!(
            "{s:?}: expected four numbers min_lon,min_lat,max_lon,max_lat"
        )),
    }
}

#[derive(Subcommand)]
pub enum StoreCommand {
    /// Extract events from reports and store them, merging reports of one event.
    ///
    /// Reads inputs like `extract`. Documents already in the store (same id and
    /// text) are skipped, so ingesting twice changes nothing; each batch of
    /// documents is one transaction, so a killed ingest, run again, resumes.
    Ingest {
        /// Files, directories, or - for standard input.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        db: crate::DbArg,
        /// Publication date for reports that carry none (YYYY-MM-DD).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::parse_date)]
        published: Option<NaiveDate>,
        /// Documents per transaction (a larger batch writes each page of the
        /// store's indexes once for more reports).
        #[arg(long, value_name = "N", default_value_t = 5000)]
        batch: usize,
        /// No progress or summary on stderr (errors are still printed).
        #[arg(short, long)]
        quiet: bool,
        /// Progress lines every few seconds even when stderr is not a terminal
        /// (a log file, a pipe).
        #[arg(long, conflicts_with = "quiet")]
        progress: bool,
        /// Code reports on N threads (default: the cores available); the store
        /// receives them in input order whatever N.
        #[arg(short, long, value_name = "N")]
        jobs: Option<usize>,
        #[command(flatten)]
        knowledge: crate::Knowledge,
    },
    /// List stored events matching filters (table, jsonl, csv or geojson).
    Events {
        #[command(flatten)]
        db: crate::DbArg,
        #[command(flatten)]
        filters: Filters,
        /// Output format: table, jsonl, csv (ACLED columns, then sitrep's), ucdp (UCDP GED
        /// columns, then sitrep's), geojson.
        #[arg(long, short, default_value = "table")]
        format: String,
        /// At most N events, newest first (table default 100; 0 for all).
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Write here instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Counts and tolls of stored events by day, week, month, year, type, actor, country or admin1.
    Stats {
        #[command(flatten)]
        db: crate::DbArg,
        #[command(flatten)]
        filters: Filters,
        /// Group by: day, week, month, year, type, actor, country, admin1.
        #[arg(long, default_value = "month")]
        by: String,
        /// Output format: table, csv, json.
        #[arg(long, short, default_value = "table")]
        format: String,
    },
    /// Export stored events: csv (ACLED's columns), ucdp (UCDP GED's columns), geojson, jsonl.
    ///
    /// csv: every column of ACLED's export in its names and codes (event_id_cnty,
    /// event_date, year, time_precision, disorder_type, inter1/inter2/interaction,
    /// civilian_targeting, iso, geo_precision, fatalities …), so scripts written for
    /// ACLED run unchanged; ucdp: the columns of UCDP's GED (type_of_violence, side_a,
    /// side_b, where_prec, date_prec, best/low/high, priogrid_gid, geom_wkt …); both
    /// followed by sitrep's own columns (event_id, toll bounds, attribution, source
    /// URLs, revision). geojson: points with their properties, for QGIS. jsonl: the
    /// full sitrep.event/1 records.
    #[command(
        after_help = "Examples:\n  sitrep export --db events.db --country Somalia --from 2024-01-01 -o somalia.csv\n  sitrep export --db events.db --format ucdp -o ged.csv\n  sitrep export --db events.db --format geojson -o events.geojson"
    )]
    Export {
        #[command(flatten)]
        db: crate::DbArg,
        #[command(flatten)]
        filters: Filters,
        /// csv, ucdp, geojson or jsonl.
        #[arg(long, short, default_value = "csv")]
        format: String,
        /// Write here instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Measure deduplication on a corpus with the true clustering.
    ///
    /// The corpus is JSON Lines of reports, each with a `cluster` field naming its
    /// true event. Every report is extracted and ingested in order into a fresh
    /// store; then each pair of reports is checked: same cluster and main events
    /// merged (a hit), or different clusters merged (a false merge).
    DedupEval {
        /// The corpus file.
        #[arg(default_value = "data/corpus/dedup/reports.jsonl", value_name = "FILE")]
        corpus: PathBuf,
        /// Store to build (default: in memory).
        #[arg(long, value_name = "PATH|URL", default_value = ":memory:")]
        db: String,
        /// List every report with its cluster and stored event.
        #[arg(short, long)]
        verbose: bool,
        /// Print the figures as JSON.
        #[arg(long)]
        json: bool,
        /// Also measure on real reports with gold events: a directory holding
        /// `reports.jsonl` and `gold/` (the same gold id in two gold files is one
        /// real event). Repeatable; all pools share one store. Default:
        /// ../shared/dev-pool and ../shared/dev-pool-2 where present.
        #[arg(long, value_name = "DIR")]
        pool: Vec<PathBuf>,
        /// Measure only the written corpus.
        #[arg(long)]
        no_pools: bool,
        #[command(flatten)]
        knowledge: crate::Knowledge,
    },
}

/// Run one store subcommand.
pub fn run(cmd: StoreCommand) -> Result<ExitCode> {
    match cmd {
        StoreCommand::Ingest {
            paths,
            db,
            published,
            batch,
            quiet,
            progress,
            jobs,
            knowledge,
        } => {
            let db = db.db;
            if db.trim().is_empty() || db == ":memory:" {
                bail!("--db {db:?} would keep nothing: give a database file or a postgres:// URL");
            }
            let show = progress_mode(quiet, progress);
            let run = (batch, quiet, show, crate::code::jobs(jobs));
            run_ingest(&paths, &db, published, run, &knowledge)
        }
        StoreCommand::Events {
            db,
            filters,
            format,
            limit,
            output,
        } => run_events(&db.db, &filters, &format, limit, output.as_deref()),
        StoreCommand::Stats {
            db,
            filters,
            by,
            format,
        } => run_stats(&db.db, &filters, &by, &format),
        StoreCommand::Export {
            db,
            filters,
            format,
            output,
        } => run_export(&db.db, &filters, &format, output.as_deref()),
        StoreCommand::DedupEval {
            corpus,
            db,
            verbose,
            json,
            pool,
            no_pools,
            knowledge,
        } => {
            let pools = eval_pools(pool, no_pools);
            let code = run_dedup_eval(&corpus, &db, verbose, json, &knowledge)?;
            if pools.is_empty() {
                if !no_pools && !json {
                    println!("real pairs: no ../shared/dev-pool here (give --pool DIR)");
                }
                return Ok(code);
            }
            let code2 = run_pool_eval(&pools, verbose, json, &knowledge)?;
            Ok(if code == ExitCode::SUCCESS {
                code2
            } else {
                code
            })
        }
    }
}

/// How `ingest` shows its progress: none with `quiet`, lines with `progress`,
/// else one line rewritten in place when stderr is a terminal.
fn progress_mode(quiet: bool, progress: bool) -> Progress {
    if quiet {
        Progress::Off
    } else if progress {
        Progress::Lines
    } else if std::io::stderr().is_terminal() {
        Progress::Terminal
    } else {
        Progress::Off
    }
}

/// `events`: the stored events of `db` matching `filters`, newest first, in
/// `format` (a table shows 100 by default and says when there are more),
/// to `output` or standard output.
fn run_events(
    db: &str,
    filters: &Filters,
    format: &str,
    limit: Option<usize>,
    output: Option<&Path>,
) -> Result<ExitCode> {
    let f = Format::parse(format)
        .with_context(|| format!("unknown format {format:?} (table, jsonl, csv, ucdp, geojson)"))?;
    refuse_overwrite(db, output)?;
    let mut store = open_read(db)?;
    let mut q = resolve_query(filters, &mut store, None);
    q.limit = match (limit, f) {
        (Some(0), _) => None,
        (Some(n), _) => Some(n),
        (None, Format::Table) => Some(100),
        (None, _) => None,
    };
    let events = store.query(&q).context("querying events")?;
    write_out(output, |w| export::write(f, &events, store.knowledge(), w))?;
    if f == Format::Table && q.limit == Some(events.len()) {
        let total = store.count(&q).context("counting events")?;
        if total > events.len() as u64 {
            eprintln!(
                "sitrep: showing {} of {} events (--limit 0 for all)",
                events.len(),
                total
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `stats`: counts and tolls of the stored events of `db` matching `filters`,
/// grouped `by`, in `format` (table, csv, json) on standard output.
fn run_stats(db: &str, filters: &Filters, by: &str, format: &str) -> Result<ExitCode> {
    let by_k = StatsBy::parse(by).with_context(|| {
        format!("unknown grouping {by:?} (day, week, month, year, type, actor, country, admin1)")
    })?;
    let mut store = open_read(db)?;
    let q = resolve_query(filters, &mut store, None);
    let rows = store.stats(&q, by_k).context("computing stats")?;
    write_out(None, |w| write_stats(w, by, format, &rows))?;
    Ok(ExitCode::SUCCESS)
}

/// Write the `rows` of `stats` grouped `by` as JSON, CSV or (any other
/// `format`) an aligned table.
fn write_stats(w: &mut dyn Write, by: &str, format: &str, rows: &[StatRow]) -> std::io::Result<()> {
    match format {
        "json" => {
            serde_json::to_writer_pretty(&mut *w, rows)?;
            writeln!(w)
        }
        "csv" => {
            writeln!(w, "{by},events,fatalities,fatalities_high")?;
            for r in rows {
                writeln!(
                    w,
                    "{},{},{},{}",
                    export::csv_field(&r.key),
                    r.events,
                    r.fatalities,
                    r.fatalities_high
                )?;
            }
            Ok(())
        }
        _ => {
            writeln!(
                w,
                "{:<32}  {:>8}  {:>10}  {:>10}",
                by, "events", "killed", "killed_max"
            )?;
            for r in rows {
                writeln!(
                    w,
                    "{:<32}  {:>8}  {:>10}  {:>10}",
                    r.key, r.events, r.fatalities, r.fatalities_high
                )?;
            }
            Ok(())
        }
    }
}

/// `export`: the stored events of `db` matching `filters` in an export
/// `format` (csv, ucdp, geojson, jsonl), to `output` (saying how many) or
/// standard output.
fn run_export(
    db: &str,
    filters: &Filters,
    format: &str,
    output: Option<&Path>,
) -> Result<ExitCode> {
    let f = match Format::parse(format) {
        Some(Format::Table) | None => {
            bail!("unknown export format {format:?} (csv, ucdp, geojson, jsonl)")
        }
        Some(f) => f,
    };
    refuse_overwrite(db, output)?;
    let mut store = open_read(db)?;
    let q = resolve_query(filters, &mut store, None);
    let events = store.query(&q).context("querying events")?;
    write_out(output, |w| export::write(f, &events, store.knowledge(), w))?;
    if output.is_some() {
        eprintln!("sitrep: {} events exported", events.len());
    }
    Ok(ExitCode::SUCCESS)
}

/// The real-report pools `dedup-eval` measures: none with `no_pools`, those
/// given, else ../shared/dev-pool and ../shared/dev-pool-2 where present.
fn eval_pools(given: Vec<PathBuf>, no_pools: bool) -> Vec<PathBuf> {
    if no_pools {
        Vec::new()
    } else if given.is_empty() {
        ["../shared/dev-pool", "../shared/dev-pool-2"]
            .iter()
            .map(PathBuf::from)
            .filter(|p| p.join("reports.jsonl").is_file())
            .collect()
    } else {
        given
    }
}

/// Open a store for reading: it must exist (never a new empty one), SQLite
/// read-only, PostgreSQL with read-only transactions and a 60 s statement timeout.
fn open_read(db: &str) -> Result<Store> {
    if db.trim().is_empty() || db == ":memory:" {
        bail!("--db {db:?} names no stored database (give a file or a postgres:// URL)");
    }
    Store::open_read_only(db, 60_000)
        .with_context(|| format!("opening the store {}", sitrep_store::redact_url(db)))
}

/// Refuse to write an output file over the database itself.
fn refuse_overwrite(db: &str, output: Option<&Path>) -> Result<()> {
    let Some(out) = output else {
        return Ok(());
    };
    let same = match (std::fs::canonicalize(db), std::fs::canonicalize(out)) {
        (Ok(a), Ok(b)) => a == b,
        _ => Path::new(db) == out,
    };
    if same {
        bail!(
            "refusing to write the output over the database {} (choose another -o file)",
            out.display()
        );
    }
    Ok(())
}

pub(crate) fn open(db: &str, k: Option<&crate::Knowledge>) -> Result<Store> {
    let mut store = Store::open(db)
        .with_context(|| format!("opening the store {}", sitrep_store::redact_url(db)))?;
    if let Some(dir) = k.and_then(|k| k.data.dir()) {
        store.set_knowledge(
            StoreKnowledge::load_dir(dir)
                .with_context(|| format!("loading store knowledge from {}", dir.display()))?,
        );
    }
    Ok(store)
}

fn write_out(
    output: Option<&Path>,
    f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let out: Box<dyn Write> = match output {
        Some(p) => Box::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(out);
    f(&mut out).context("writing output")?;
    out.flush().context("writing output")?;
    Ok(())
}

/// How ingest shows its progress on stderr.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Progress {
    Off,
    /// One line rewritten in place.
    Terminal,
    /// A line every few seconds (logs, pipes).
    Lines,
}

/// Store one batch of coded reports (`origins` name them in failure messages).
fn store_batch(
    store: &mut Store,
    db: &str,
    docs: &mut Vec<IngestDoc>,
    origins: &mut Vec<String>,
    sum: &mut sitrep_store::BatchSummary,
) -> Result<()> {
    if docs.is_empty() {
        return Ok(());
    }
    let stored = store.ingest_batch(docs);
    for f in store.take_failures() {
        let origin = origins.get(f.index).map_or("?", String::as_str);
        eprintln!(
            "sitrep: {origin}: report {:?} not stored (the rest of its batch was): {}",
            f.doc_id, f.message
        );
    }
    sum.add(stored.with_context(|| {
        format!(
            "storing a batch of documents in {}",
            sitrep_store::redact_url(db)
        )
    })?);
    docs.clear();
    origins.clear();
    Ok(())
}

/// Reports are read as a stream and coded on `jobs` threads; each batch of
/// `batch_size` is stored in input order. A report already in the store is coded
/// all the same (the coding threads cannot ask the store), and its events dropped.
fn run_ingest(
    paths: &[PathBuf],
    db: &str,
    published: Option<NaiveDate>,
    (batch_size, quiet, show, jobs): (usize, bool, Progress, usize),
    k: &crate::Knowledge,
) -> Result<ExitCode> {
    let ex = crate::extractor(k)?;
    let mut store = open(db, Some(k))?;
    let started = std::time::Instant::now();
    let mut last_line = started;
    let mut sum = sitrep_store::BatchSummary::default();
    let (mut done, mut shown) = (0usize, false);
    let (mut docs, mut origins) = (Vec::new(), Vec::new());
    let code = |raw: input::Report| {
        let doc = crate::to_document(&ex, &raw, published);
        let events = ex.extract(&doc);
        IngestDoc { doc, events }
    };
    let counts = crate::code::run(paths, jobs, quiet, code, |mut d, origin| {
        let (key, _) = sitrep_store::document_key(&d.doc);
        // Already stored: the store skips the document.
        if store.has_document(&key).context("reading the store")? {
            d.events = Vec::new();
        }
        docs.push(d);
        origins.push(origin.to_string());
        done += 1;
        if show == Progress::Lines && last_line.elapsed().as_secs() >= 3 {
            last_line = std::time::Instant::now();
            eprintln!(
                "sitrep: {done} reports extracted after {}s, {} events new, {} merged",
                started.elapsed().as_secs(),
                sum.events_new,
                sum.events_merged
            );
        }
        if show == Progress::Terminal && done >= 50 && done.is_multiple_of(25) {
            eprint!(
                "\rsitrep: {done} reports, {} events new, {} merged",
                sum.events_new, sum.events_merged
            );
            shown = true;
        }
        if docs.len() >= batch_size.max(1) {
            store_batch(&mut store, db, &mut docs, &mut origins, &mut sum)?;
        }
        Ok(())
    })?;
    store_batch(&mut store, db, &mut docs, &mut origins, &mut sum)?;
    if shown {
        eprintln!(
            "\rsitrep: {done} reports, {} events new, {} merged",
            sum.events_new, sum.events_merged
        );
    }
    let counts_db = store.counts().context("reading the store")?;
    let total = counts.reports;
    let problems = counts.problems() + sum.docs_failed;
    let skipped = counts.skipped + sum.docs_failed;
    let repaired = problems - skipped;
    if !quiet {
        eprintln!(
            "sitrep: {total} reports read: {} stored, {} already in the store ({} with corrected metadata, recorded as revisions); {} new events, {} merged into stored events; {} now holds {} documents and {} events; {skipped} inputs skipped, {repaired} repaired",
            sum.docs_new, sum.docs_skipped, sum.docs_revised, sum.events_new, sum.events_merged, sitrep_store::redact_url(db), counts_db.documents, counts_db.events
        );
        if let Some(s) = counts.langs.summary() {
            eprintln!("sitrep: {s}");
        }
    }
    Ok(if problems == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// Deduplication on real reports with gold: the pools' two-outlet pairs.
fn run_pool_eval(
    pools: &[PathBuf],
    verbose: bool,
    json: bool,
    k: &crate::Knowledge,
) -> Result<ExitCode> {
    let ex = crate::extractor(k)?;
    let mut store = open(":memory:", Some(k))?;
    let mut docs = Vec::new();
    let mut gold = Vec::new();
    let mut problems = false;
    for pool in pools {
        let batch = input::read_inputs(&[pool.join("reports.jsonl")]);
        crate::report_problems(&batch.problems);
        problems |= !batch.problems.is_empty();
        for raw in &batch.docs {
            let doc = crate::to_document(&ex, raw, None);
            let events = ex.extract(&doc);
            docs.push(IngestDoc { doc, events });
        }
        let dir = pool.join("gold");
        gold.extend(
            sitrep_eval::load_gold_dir(&dir)
                .with_context(|| format!("reading gold files in {}", dir.display()))?,
        );
    }
    let r = sitrep_store::evaluate_gold_pairs(&mut store, &docs, &gold)
        .context("building the store")?;
    let m = &r.metrics;
    if json {
        serde_json::to_writer_pretty(std::io::stdout().lock(), &r)?;
        println!();
    } else {
        if verbose {
            for (c, a, b, why) in &r.missed {
                println!("missed {c}: {a} / {b}: {why}");
            }
            for (c, a, d, b) in &r.false_merges {
                println!("false merge {c} ({a}) with {d} ({b})");
            }
            println!();
        }
        let names: Vec<String> = pools.iter().map(|p| p.display().to_string()).collect();
        println!(
            "real pairs in {}: {} reports, {} gold events told by two or more reports, {} stored events",
            names.join(" + "),
            r.reports,
            r.shared_clusters,
            r.stored_events
        );
        println!(
            "same-event pairs merged: {}/{} = {:.1}% ({}/{} = {:.1}% where extraction found both events)",
            m.same_merged,
            m.same_pairs,
            100.0 * m.merge_rate(),
            r.extracted_merged,
            r.extracted_pairs,
            100.0 * r.extracted_merge_rate()
        );
        println!(
            "different-event pairs merged: {}/{} = {:.2}% (false-merge rate)",
            m.diff_merged,
            m.diff_pairs,
            100.0 * m.false_merge_rate()
        );
    }
    Ok(if problems {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_dedup_eval(
    corpus: &Path,
    db: &str,
    verbose: bool,
    json: bool,
    k: &crate::Knowledge,
) -> Result<ExitCode> {
    let ex = crate::extractor(k)?;
    let mut store = open(db, Some(k))?;
    let batch = input::read_inputs(&[corpus.to_path_buf()]);
    crate::report_problems(&batch.problems);
    // The truth: the `cluster` field of each line, by report id.
    let text = std::fs::read_to_string(corpus)
        .with_context(|| format!("cannot read {}", corpus.display()))?;
    let mut truth: HashMap<String, String> = HashMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
            let id = v.get("id").and_then(|x| x.as_str()).map(str::to_string);
            let c = v
                .get("cluster")
                .and_then(|x| x.as_str())
                .map(str::to_string);
            if let (Some(id), Some(c)) = (id, c) {
                truth.insert(id, c);
            }
        }
    }
    let mut rows = Vec::new();
    for raw in &batch.docs {
        let Some(cluster) = truth.get(&raw.id) else {
            eprintln!(
                "sitrep: {}: report has no cluster field (left out)",
                raw.origin
            );
            continue;
        };
        let doc = crate::to_document(&ex, raw, None);
        let events = ex.extract(&doc);
        rows.push((cluster.clone(), IngestDoc { doc, events }));
    }
    let result = sitrep_store::evaluate_dedup(&mut store, &rows).context("building the store")?;
    let m = &result.metrics;
    if json {
        serde_json::to_writer_pretty(std::io::stdout().lock(), &result)?;
        println!();
    } else {
        if verbose {
            for r in &result.reports {
                println!(
                    "{:<10} {:<18} {:<18} {}",
                    r.cluster,
                    r.report,
                    r.event.as_deref().unwrap_or("(no event)"),
                    r.summary
                );
            }
            println!();
        }
        println!(
            "dedup on {}: {} reports ({} with an event), {} true clusters, {} stored events",
            corpus.display(),
            m.reports,
            m.reports_with_event,
            result.clusters,
            result.stored_events
        );
        println!(
            "same-event pairs merged: {}/{} = {:.1}% (missed-merge rate {:.1}%)",
            m.same_merged,
            m.same_pairs,
            100.0 * m.merge_rate(),
            100.0 * m.missed_merge_rate()
        );
        println!(
            "different-event pairs merged: {}/{} = {:.2}% (false-merge rate)",
            m.diff_merged,
            m.diff_pairs,
            100.0 * m.false_merge_rate()
        );
    }
    Ok(if batch.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}
