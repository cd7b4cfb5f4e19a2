/*!
`sitrep watch`: poll feeds and folders, ingest new reports, send alerts (the
`sitrep-watch` crate), with this binary's input reading and extraction.
*/

use crate::input;
use anyhow::{Context, Result};
use clap::Args;
use sitrep_extract::Extractor;
use sitrep_store::IngestDoc;
use sitrep_watch::{Coder, Report};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args)]
pub struct WatchArgs {
    /// The watch list and alert rules (TOML: [[feed]] url, [[dir]] path, [[alert]] …).
    #[arg(long, value_name = "FILE")]
    config: PathBuf,
    #[command(flatten)]
    db: crate::DbArg,
    /// What the watcher has seen and alerted (SQLite). Default: the store's path + `.watch`.
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
    /// Poll once and exit (for cron); exit code 2 when a feed, page, file or alert failed.
    #[arg(long)]
    once: bool,
    #[command(flatten)]
    knowledge: crate::Knowledge,
}

struct CliCoder {
    ex: Extractor,
}

impl Coder for CliCoder {
    fn code(&self, r: &Report) -> IngestDoc {
        let doc = crate::to_document(&self.ex, r, None);
        let events = self.ex.extract(&doc);
        IngestDoc { doc, events }
    }

    fn read_file(&self, path: &Path) -> (Vec<Report>, Vec<String>) {
        let mut batch = input::Batch::default();
        input::read_one(path, &mut batch);
        (
            batch.docs,
            batch.problems.iter().map(|p| p.to_string()).collect(),
        )
    }
}

pub fn run(a: WatchArgs) -> Result<ExitCode> {
    let cfg = sitrep_watch::config::Config::load(&a.config)?;
    let state = match a
        .state
        .or_else(|| sitrep_watch::default_state_path(&a.db.db))
    {
        Some(s) => s,
        None => {
            anyhow::bail!("with a PostgreSQL store, say where the watch state lives: --state FILE")
        }
    };
    let coder = CliCoder {
        ex: crate::extractor(&a.knowledge)?,
    };
    let mut store = sitrep_store::Store::open(&a.db.db)
        .with_context(|| format!("opening the store {}", a.db.db))?;
    if let Some(dir) = a.knowledge.data.dir() {
        store.set_knowledge(
            sitrep_store::StoreKnowledge::load_dir(dir)
                .with_context(|| format!("loading store knowledge from {}", dir.display()))?,
        );
    }
    let stop = sitrep_watch::stop_on_signals()?;
    let mut w = sitrep_watch::Watcher::new(cfg, &mut store, &coder, &state, stop)?;
    w.run(a.once)?;
    Ok(if a.once && w.stats.failures() > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
