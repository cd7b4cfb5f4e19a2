/*!
Analyst corrections and reprocessing: `edit`, `merge`, `split`, `delete`,
`history`, `reprocess`.

Each correction is kept in the store with who made it, when and why, written in
the history of every event it touches, and applied again after the store is
reprocessed (see `sitrep_store::corrections`). `reprocess` re-extracts every
stored report with the current knowledge (the compiled one, or `--data DIR` after
an analyst edited data/), keeps event ids where the event is the same, and prints
what changed.
*/

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use sitrep_store::corrections::parse_value;
use sitrep_store::{ReprocessSummary, Store, StoredDoc};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// Who makes a correction, and why.
#[derive(Args, Clone, Debug)]
pub struct Why {
    /// Why: kept with the correction and shown in the event's history (required).
    #[arg(long, value_name = "TEXT")]
    note: String,
    /// Who: default $SITREP_ANALYST, else $USER.
    #[arg(long, value_name = "NAME")]
    who: Option<String>,
}

impl Why {
    fn who(&self) -> String {
        self.who
            .clone()
            .or_else(|| std::env::var("SITREP_ANALYST").ok())
            .or_else(|| std::env::var("USER").ok())
            .filter(|w| !w.trim().is_empty())
            .unwrap_or_else(|| "analyst".to_string())
    }
}

#[derive(Subcommand)]
pub enum CorrectCommand {
    /// Correct fields of a stored event; the correction outlives new reports and reprocessing.
    ///
    /// FIELD is a path into the event's sitrep.event/1 record (see `sitrep events
    /// --format jsonl`), VALUE is JSON or plain text. A number given for
    /// `fatalities` or `injuries` sets its low, best and high.
    #[command(after_help = "Examples:
  sitrep edit 3f2a9c0d1e --set fatalities=12 --note \"hospital list of 14 March\"
  sitrep edit 3f2a9c0d1e --set fatalities.high=20 --set location.admin1=Benue --note \"...\"
  sitrep edit 3f2a9c0d1e --set event_type=battles --set sub_event_type=armed_clash --note \"...\"
  sitrep edit 3f2a9c0d1e --set date.start=2024-03-02 --set date.end=2024-03-02 --note \"...\"

The edit is a revision of the event (`sitrep history EVENT`). When a later report
merges into the event, or the store is reprocessed, the edit is applied again.")]
    Edit {
        /// The event id.
        event: String,
        /// FIELD=VALUE (repeatable).
        #[arg(long = "set", value_name = "FIELD=VALUE", required = true, value_parser = parse_set)]
        set: Vec<(String, String)>,
        #[command(flatten)]
        why: Why,
        #[command(flatten)]
        db: crate::DbArg,
    },
    /// Merge event OTHER into EVENT: one real incident the store kept as two.
    ///
    /// OTHER's reports, casualty claims and history move to EVENT; its id then
    /// names a merged record (`merged_into` in its history). Applied again after
    /// reprocessing.
    #[command(
        after_help = "Example:\n  sitrep merge 3f2a9c0d1e 77b01e4c2a --note \"same ambush, two outlets\""
    )]
    Merge {
        /// The event that stays.
        event: String,
        /// The event merged into it.
        other: String,
        #[command(flatten)]
        why: Why,
        #[command(flatten)]
        db: crate::DbArg,
    },
    /// Take one report out of an event it was wrongly merged into.
    ///
    /// The report's events become an event of their own (its id is printed, and
    /// the same each time the split is applied); the rest is rebuilt from the
    /// other reports, re-extracted with the current knowledge.
    #[command(
        after_help = "Example:\n  sitrep split 3f2a9c0d1e --source wire-0412 --note \"another attack, same day\"\n\nDOC is the report's id, its file name, or its storage key (see `sitrep history EVENT`)."
    )]
    Split {
        /// The event id.
        event: String,
        /// The report to take out: id, file name or storage key.
        #[arg(long, value_name = "DOC")]
        source: String,
        #[command(flatten)]
        why: Why,
        #[command(flatten)]
        db: crate::DbArg,
        #[command(flatten)]
        knowledge: crate::Knowledge,
    },
    /// Delete an event that is no event (its history stays).
    ///
    /// The deletion is applied again after reprocessing, so the event does not
    /// come back.
    #[command(
        after_help = "Example:\n  sitrep delete 3f2a9c0d1e --note \"a drill, not an attack\""
    )]
    Delete {
        /// The event id.
        event: String,
        #[command(flatten)]
        why: Why,
        #[command(flatten)]
        db: crate::DbArg,
    },
    /// Every revision of an event: its reports, merges, corrections, reprocessing.
    History {
        /// The event id.
        event: String,
        /// Print as JSON (every change in full).
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: crate::DbArg,
    },
    /// Re-extract every stored report with the current knowledge and rebuild the events.
    ///
    /// Run it after editing data/ (with --data DIR) or upgrading sitrep. Event
    /// ids are kept where the rebuilt event rests on the same reports, every
    /// history is kept (a `reprocess` revision lists the fields that changed), and
    /// the analysts' corrections are applied again. It runs in one transaction:
    /// interrupted, the store is left as it was; run it again.
    #[command(after_help = "Example:\n  sitrep reprocess --db events.db --data ./data")]
    Reprocess {
        #[command(flatten)]
        db: crate::DbArg,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
        /// No progress or summary on stderr.
        #[arg(short, long)]
        quiet: bool,
        /// Progress lines every few seconds even when stderr is not a terminal.
        #[arg(long, conflicts_with = "quiet")]
        progress: bool,
        #[command(flatten)]
        knowledge: crate::Knowledge,
    },
}

fn parse_set(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!(
            "{s:?}: expected FIELD=VALUE (fatalities=12, location.admin1=Benue)"
        )),
    }
}

/// A store that must exist, opened for writing.
fn open_existing(db: &str, k: Option<&crate::Knowledge>) -> Result<Store> {
    // Refuses a missing file or an empty database (never creates one).
    drop(
        Store::open_read_only(db, 60_000)
            .with_context(|| format!("opening the store {}", sitrep_store::redact_url(db)))?,
    );
    crate::store_cmd::open(db, k)
}

/// Extraction of a stored report with this knowledge.
fn extraction(
    ex: &sitrep_extract::Extractor,
) -> impl FnMut(&StoredDoc) -> (sitrep_core::Document, Vec<sitrep_core::Event>) + '_ {
    move |d: &StoredDoc| {
        let doc = ex.prepare(
            &d.id,
            &d.source_name,
            d.url.clone(),
            d.title.clone(),
            d.published,
            &d.text,
        );
        let events = ex.extract(&doc);
        (doc, events)
    }
}

/// Run one correction subcommand.
pub fn run(cmd: CorrectCommand) -> Result<ExitCode> {
    match cmd {
        CorrectCommand::Edit {
            event,
            set,
            why,
            db,
        } => {
            let mut store = open_existing(&db.db, None)?;
            let set: Vec<(String, serde_json::Value)> = set
                .iter()
                .map(|(k, v)| (k.clone(), parse_value(v)))
                .collect();
            store
                .edit_event(&event, &set, &why.who(), &why.note)
                .with_context(|| format!("editing event {event}"))?;
            print_current(&mut store, &event)?;
        }
        CorrectCommand::Merge {
            event,
            other,
            why,
            db,
        } => {
            let mut store = open_existing(&db.db, None)?;
            store
                .merge_events(&event, &other, &why.who(), &why.note)
                .with_context(|| format!("merging {other} into {event}"))?;
            println!("{other} merged into {event}");
            print_current(&mut store, &event)?;
        }
        CorrectCommand::Split {
            event,
            source,
            why,
            db,
            knowledge,
        } => {
            let ex = crate::extractor(&knowledge)?;
            let mut store = open_existing(&db.db, Some(&knowledge))?;
            let mut f = extraction(&ex);
            let touched = store
                .split_event(&event, &source, &why.who(), &why.note, &mut f)
                .with_context(|| format!("splitting {source:?} out of {event}"))?;
            if let Some(new) = touched.get(1) {
                println!("{source} split out of {event} as {new}");
                print_current(&mut store, new)?;
            }
            print_current(&mut store, &event)?;
        }
        CorrectCommand::Delete { event, why, db } => {
            let mut store = open_existing(&db.db, None)?;
            store
                .delete_event(&event, &why.who(), &why.note)
                .with_context(|| format!("deleting event {event}"))?;
            println!("{event} deleted (its history stays: sitrep history {event})");
        }
        CorrectCommand::History { event, json, db } => history(&event, json, &db.db)?,
        CorrectCommand::Reprocess {
            db,
            json,
            quiet,
            progress,
            knowledge,
        } => reprocess(&db.db, json, quiet, progress, &knowledge)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `history`: every revision of `event` in the store `db` (opened read-only),
/// as JSON or as lines; an error when the store never had the event.
fn history(event: &str, json: bool, db: &str) -> Result<()> {
    if db.trim().is_empty() || db == ":memory:" {
        bail!("--db {db:?} names no stored database");
    }
    let mut store = Store::open_read_only(db, 60_000)
        .with_context(|| format!("opening the store {}", sitrep_store::redact_url(db)))?;
    let revs = store.revisions(event).context("reading the history")?;
    if revs.is_empty() {
        bail!("no event {event} in this store, now or before");
    }
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &revs)?;
        writeln!(out)?;
        return Ok(());
    }
    for r in &revs {
        write_revision(&mut out, r)?;
    }
    if store.get_event(event)?.is_none() {
        writeln!(out, "(no longer a stored event)")?;
    }
    Ok(())
}

/// One revision as `history` prints it: number, time, action and reason, then
/// its report and each change (cut at 160 characters).
fn write_revision(out: &mut impl Write, r: &sitrep_store::Revision) -> Result<()> {
    writeln!(
        out,
        "r{:<3} {}  {:<13} {}",
        r.revision, r.at, r.action, r.reason
    )?;
    if let Some(k) = &r.doc_key {
        writeln!(out, "      report {k}")?;
    }
    if let Some(o) = r.changes.as_object() {
        for (k, v) in o {
            let v = v.to_string();
            let short: String = v.chars().take(160).collect();
            let more = if short.len() < v.len() { " …" } else { "" };
            writeln!(out, "      {k}: {short}{more}")?;
        }
    }
    Ok(())
}

/// `reprocess`: re-extract every report of the store `db` with `knowledge`,
/// rebuild the events, and print what changed (JSON with `json`); progress on
/// stderr on a terminal, as lines every few seconds with `progress`, none with
/// `quiet`.
fn reprocess(
    db: &str,
    json: bool,
    quiet: bool,
    progress: bool,
    knowledge: &crate::Knowledge,
) -> Result<()> {
    let ex = crate::extractor(knowledge)?;
    let mut store = open_existing(db, Some(knowledge))?;
    let mut f = extraction(&ex);
    let started = std::time::Instant::now();
    let mut last = started;
    let terminal = !quiet && !progress && std::io::stderr().is_terminal();
    let mut show = |done: usize, total: usize| {
        if (progress && last.elapsed().as_secs() >= 3) || (terminal && done.is_multiple_of(25)) {
            last = std::time::Instant::now();
            if terminal {
                eprint!("\rsitrep: {done}/{total} reports re-extracted");
            } else {
                eprintln!(
                    "sitrep: {done}/{total} reports re-extracted after {}s",
                    started.elapsed().as_secs()
                );
            }
        }
    };
    let s = store
        .reprocess(&mut f, &mut show)
        .context("reprocessing the store (left as it was)")?;
    if terminal {
        eprintln!();
    }
    if json {
        serde_json::to_writer_pretty(std::io::stdout().lock(), &s)?;
        println!();
    } else {
        print_summary(&s, started);
    }
    Ok(())
}

/// What `reprocess` changed, in five lines (at most 20 ids a list), timed from
/// `started`.
fn print_summary(s: &ReprocessSummary, started: std::time::Instant) {
    let list = |v: &[String]| {
        let mut t = v.iter().take(20).cloned().collect::<Vec<_>>().join(", ");
        if v.len() > 20 {
            t.push_str(&format!(", … ({} more)", v.len() - 20));
        }
        t
    };
    println!(
        "reprocessed {} reports in {:.1}s: {} events before, {} after",
        s.documents,
        started.elapsed().as_secs_f64(),
        s.events_before,
        s.events_after
    );
    let fields: Vec<String> = s
        .fields_changed
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    println!(
        "kept {} events under their id, {} of them changed{}",
        s.kept,
        s.changed,
        if fields.is_empty() {
            String::new()
        } else {
            format!(" ({})", fields.join(", "))
        }
    );
    println!("added {}: {}", s.added.len(), list(&s.added));
    println!("removed {}: {}", s.removed.len(), list(&s.removed));
    let orphans: Vec<String> = s.overrides_orphaned.iter().map(|n| n.to_string()).collect();
    println!(
        "corrections applied again: {}; without their event: {}{}",
        s.overrides_applied,
        orphans.len(),
        if orphans.is_empty() {
            String::new()
        } else {
            format!(" (numbers {})", orphans.join(", "))
        }
    );
}

/// One line on the event as it now stands.
fn print_current(store: &mut Store, id: &str) -> Result<()> {
    if let Some(e) = store.get_event(id)? {
        let mut out = std::io::stdout().lock();
        sitrep_store::export::write_table(std::slice::from_ref(&e), &mut out)?;
        println!("revision {} ({} reports)", e.revision, e.n_sources);
    }
    Ok(())
}
