/*!
`sitrep watch`: new reports as they are published, and alerts on the events in them.

Each poll (every `interval` seconds, or once with `--once`):

1. every `[[feed]]` (RSS or Atom, parsed by feed-rs) is fetched with a conditional
   GET; each entry's article is fetched (see [`fetch`] for timeouts, retries,
   back-off, the per-host rate limit and the size cap), reduced to its article by
   `sitrep-web`, and skipped when its URL, canonical URL or text hash was seen;
2. every `[[dir]]` is walked; a file not seen with its size and modification time
   is read like `sitrep ingest` reads it;
3. each new report is coded by the caller's [`Coder`] (the extractor) and stored
   with its events in one transaction of the store, which merges it with what it
   holds; then what was seen is recorded in the [`state`] file, with the document
   marked as having alerts pending;
4. the pending documents' events are checked against the `[[alert]]` rules
   ([`alerts`]), each alert delivered and recorded, and the document cleared.

Restarting after a kill repeats at most the item in flight: the store skips a
document it holds, the state file skips what was seen, and alerts pending are
delivered on restart; each alert is recorded as soon as it is delivered. A feed's
`ETag` is kept only once all its entries were handled, so a killed poll refetches
the feed whole. A page that fails is retried on the next polls, up to
`max_attempts`; bad feeds and pages are counted and logged with their URL, and the
watcher goes on. SIGTERM and SIGINT stop it after the item in flight.

Progress and errors are log lines on standard error: `TIME LEVEL message`.
*/

pub mod alerts;
pub mod config;
pub mod fetch;
pub mod state;
pub mod testing;

use config::Config;
use fetch::{FetchError, Fetched, Fetcher};
use sitrep_store::{IngestDoc, Store};
use state::State;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// What can stop the watcher.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error("config: {0}")]
    Config(String),
    #[error("state file: {0}")]
    State(#[from] rusqlite::Error),
    #[error("store: {0}")]
    Store(#[from] sitrep_store::StoreError),
    #[error("signals: {0}")]
    Signal(std::io::Error),
}

/// A report found by the watcher, before coding: the type `sitrep ingest` reads
/// (a feed's article, or a report of a watched folder's file).
pub use sitrep_input::Report;

/// What the caller provides: coding a report (cleaning and extraction) and reading a
/// file of a watched folder (the inputs `sitrep ingest` reads).
pub trait Coder {
    fn code(&self, report: &Report) -> IngestDoc;
    /// The reports in a file and the problems met reading it (as messages).
    fn read_file(&self, path: &Path) -> (Vec<Report>, Vec<String>);
}

/// Counts of one run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    pub polls: usize,
    pub feeds_read: usize,
    pub feeds_failed: usize,
    pub pages_fetched: usize,
    pub pages_failed: usize,
    pub duplicates: usize,
    pub files_read: usize,
    pub files_failed: usize,
    pub docs_stored: usize,
    pub events_new: usize,
    pub events_merged: usize,
    pub alerts_sent: usize,
    pub alerts_failed: usize,
    pub not_english: BTreeMap<String, usize>,
}

impl Stats {
    /// Inputs that went wrong (the exit code of `--once` says so).
    pub fn failures(&self) -> usize {
        self.feeds_failed + self.pages_failed + self.files_failed + self.alerts_failed
    }

    pub fn summary(&self) -> String {
        let langs = if self.not_english.is_empty() {
            String::new()
        } else {
            let l: Vec<String> = self
                .not_english
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect();
            format!("; not in English: {}", l.join(", "))
        };
        format!(
            "{} feeds read, {} failed; {} pages fetched, {} failed, {} duplicates; {} files read, {} failed; {} documents stored; {} events new, {} merged; {} alerts sent, {} failed{}",
            self.feeds_read, self.feeds_failed, self.pages_fetched, self.pages_failed, self.duplicates,
            self.files_read, self.files_failed, self.docs_stored, self.events_new, self.events_merged,
            self.alerts_sent, self.alerts_failed, langs
        )
    }
}

/// Raise the returned flag on SIGTERM or SIGINT.
pub fn stop_on_signals() -> Result<Arc<AtomicBool>, WatchError> {
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(sig, stop.clone()).map_err(WatchError::Signal)?;
    }
    Ok(stop)
}

/// A log line on standard error.
pub fn log(level: &str, msg: &str) {
    let t = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    eprintln!("{t} {level} {msg}");
}

/// The state file beside a SQLite store (`sitrep.db` → `sitrep.db.watch`).
pub fn default_state_path(db: &str) -> Option<PathBuf> {
    if db.starts_with("postgres://") || db.starts_with("postgresql://") || db == ":memory:" {
        None
    } else {
        Some(PathBuf::from(format!("{db}.watch")))
    }
}

fn sha256(s: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A feed entry's link made absolute against the feed's URL.
fn absolute(link: &str, base: &str) -> String {
    if link.contains("://") {
        return link.to_string();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("http", base));
    let host = rest.split('/').next().unwrap_or("");
    if link.starts_with('/') {
        format!("{scheme}://{host}{link}")
    } else {
        let dir = base.rsplit_once('/').map(|(d, _)| d).unwrap_or(base);
        format!("{dir}/{link}")
    }
}

/// Whether an entry needs another try on a later poll.
enum Outcome {
    Done,
    Retry,
}

pub struct Watcher<'a> {
    cfg: Config,
    store: &'a mut Store,
    coder: &'a dyn Coder,
    state: State,
    fetcher: Fetcher,
    stop: Arc<AtomicBool>,
    pub stats: Stats,
}

impl<'a> Watcher<'a> {
    pub fn new(
        cfg: Config,
        store: &'a mut Store,
        coder: &'a dyn Coder,
        state_path: &Path,
        stop: Arc<AtomicBool>,
    ) -> Result<Watcher<'a>, WatchError> {
        let state = State::open(&state_path.to_string_lossy())?;
        let fetcher = Fetcher::new(&cfg.fetch, stop.clone());
        Ok(Watcher {
            cfg,
            store,
            coder,
            state,
            fetcher,
            stop,
            stats: Stats::default(),
        })
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// Poll until stopped (or once).
    pub fn run(&mut self, once: bool) -> Result<(), WatchError> {
        log(
            "INFO",
            &format!(
                "watching {} feeds and {} folders, {} alert rules",
                self.cfg.feed.len(),
                self.cfg.dir.len(),
                self.cfg.alert.len()
            ),
        );
        // Alerts left pending by a previous run.
        self.alert_pending()?;
        loop {
            self.poll()?;
            log(
                "INFO",
                &format!("poll {}: {}", self.stats.polls, self.stats.summary()),
            );
            if once || self.stopped() {
                break;
            }
            if !self
                .fetcher
                .pause(Duration::from_secs(self.cfg.interval.max(1)))
            {
                break;
            }
        }
        log(
            "INFO",
            if self.stopped() {
                "stopped by signal"
            } else {
                "done"
            },
        );
        Ok(())
    }

    /// One poll of every feed and folder.
    pub fn poll(&mut self) -> Result<(), WatchError> {
        self.stats.polls += 1;
        let feeds: Vec<String> = self.cfg.feed.iter().map(|f| f.url.clone()).collect();
        for url in feeds {
            if self.stopped() {
                return Ok(());
            }
            self.poll_feed(&url)?;
        }
        let dirs: Vec<PathBuf> = self.cfg.dir.iter().map(|d| d.path.clone()).collect();
        for d in dirs {
            if self.stopped() {
                return Ok(());
            }
            self.poll_dir(&d)?;
        }
        Ok(())
    }

    fn poll_feed(&mut self, url: &str) -> Result<(), WatchError> {
        let cond = self.state.validators(url)?;
        let (body, validators) = match self.fetcher.get(url, cond.as_ref()) {
            Err(FetchError::Stopped) => return Ok(()),
            Err(e) => {
                self.stats.feeds_failed += 1;
                log("ERROR", &format!("feed {url}: {e}"));
                return Ok(());
            }
            Ok(Fetched::NotModified) => {
                log("INFO", &format!("feed {url}: not modified"));
                return Ok(());
            }
            Ok(Fetched::Body {
                body, validators, ..
            }) => (body, validators),
        };
        let feed = match feed_rs::parser::parse(&body[..]) {
            Ok(f) => f,
            Err(e) => {
                self.stats.feeds_failed += 1;
                log("ERROR", &format!("feed {url}: not RSS or Atom: {e}"));
                return Ok(());
            }
        };
        self.stats.feeds_read += 1;
        log(
            "INFO",
            &format!("feed {url}: {} entries", feed.entries.len()),
        );
        let mut all_done = true;
        for entry in &feed.entries {
            if self.stopped() {
                return Ok(());
            }
            if let Outcome::Retry = self.entry(url, entry)? {
                all_done = false;
            }
        }
        if all_done && (validators.etag.is_some() || validators.last_modified.is_some()) {
            self.state.set_validators(url, &validators)?;
        }
        Ok(())
    }

    fn entry(
        &mut self,
        feed_url: &str,
        entry: &feed_rs::model::Entry,
    ) -> Result<Outcome, WatchError> {
        let Some(link) = entry.links.first().map(|l| absolute(&l.href, feed_url)) else {
            self.stats.pages_failed += 1;
            log(
                "ERROR",
                &format!("feed {feed_url}: entry {:?} has no link", entry.id),
            );
            return Ok(Outcome::Done);
        };
        let key = format!("url:{link}");
        if self.state.seen(&key)? {
            return Ok(Outcome::Done);
        }
        let max = self.cfg.fetch.max_attempts.max(1);
        if self.state.failures(&link)? >= max {
            return Ok(Outcome::Done);
        }
        let fail = |w: &mut Self, msg: String, permanent: bool| -> Result<Outcome, WatchError> {
            w.stats.pages_failed += 1;
            if permanent {
                log("ERROR", &format!("page {link}: {msg}; skipped"));
                w.state.record(std::slice::from_ref(&key), None)?;
                return Ok(Outcome::Done);
            }
            let n = w.state.fail(&link)?;
            let next = if n >= max {
                "given up".to_string()
            } else {
                format!("will retry ({n} of {max} attempts)")
            };
            log("ERROR", &format!("page {link}: {msg}; {next}"));
            Ok(if n >= max {
                Outcome::Done
            } else {
                Outcome::Retry
            })
        };
        let (final_url, ctype, body) = match self.fetcher.get(&link, None) {
            Err(FetchError::Stopped) => return Ok(Outcome::Retry),
            Err(e @ (FetchError::TooLarge(_) | FetchError::Redirects)) => {
                return fail(self, e.to_string(), true)
            }
            Err(FetchError::Status(s)) if (400..500).contains(&s) && s != 429 => {
                return fail(self, format!("HTTP status {s}"), true)
            }
            Err(e) => return fail(self, e.to_string(), false),
            Ok(Fetched::NotModified) => return Ok(Outcome::Done),
            Ok(Fetched::Body {
                final_url,
                content_type,
                body,
                ..
            }) => (final_url, content_type, body),
        };
        self.stats.pages_fetched += 1;
        if !(ctype.contains("html") || ctype.is_empty()) {
            return fail(self, format!("not an HTML page ({ctype})"), true);
        }
        let html = String::from_utf8_lossy(&body);
        let art = sitrep_web::extract(&html, sitrep_web::Hints::shared());
        if let Some((line, msg)) = &art.issue {
            log(
                "WARN",
                &format!("page {link}:{line}: {msg} (repaired, kept)"),
            );
        }
        let canonical = art.canonical_url.clone().unwrap_or(final_url);
        let mut keys = vec![key.clone(), format!("url:{canonical}")];
        if art.text.trim().is_empty() {
            return fail(self, "no text in this page".into(), true);
        }
        let hash = format!("hash:{}", sha256(&art.text));
        if self.state.seen(&keys[1])? || self.state.seen(&hash)? {
            self.stats.duplicates += 1;
            log("INFO", &format!("page {link}: already seen as {canonical}"));
            self.state.record(&keys, None)?;
            return Ok(Outcome::Done);
        }
        keys.push(hash);
        let published = art
            .published
            .or_else(|| entry.published.or(entry.updated).map(|d| d.date_naive()));
        let title = art
            .title
            .clone()
            .or_else(|| entry.title.as_ref().map(|t| t.content.clone()));
        let report = Report {
            id: canonical.clone(),
            source_name: canonical.clone(),
            url: Some(canonical),
            title,
            published,
            text: art.text,
            origin: link.clone(),
        };
        self.ingest(report, keys)?;
        Ok(Outcome::Done)
    }

    fn poll_dir(&mut self, dir: &Path) -> Result<(), WatchError> {
        let mut files = Vec::new();
        walk(dir, &mut files);
        if files.is_empty() && !dir.is_dir() {
            self.stats.files_failed += 1;
            log(
                "ERROR",
                &format!("folder {}: cannot list it", dir.display()),
            );
            return Ok(());
        }
        for (path, len, mtime) in files {
            if self.stopped() {
                return Ok(());
            }
            let key = format!("file:{}:{len}:{mtime}", path.display());
            if self.state.seen(&key)? {
                continue;
            }
            let (reports, problems) = self.coder.read_file(&path);
            self.stats.files_read += 1;
            if !problems.is_empty() {
                self.stats.files_failed += 1;
            }
            for p in problems {
                log("ERROR", &p);
            }
            for r in reports {
                if self.stopped() {
                    return Ok(());
                }
                let hash = format!("hash:{}", sha256(&r.text));
                if self.state.seen(&hash)? {
                    self.stats.duplicates += 1;
                    continue;
                }
                self.ingest(r, vec![hash])?;
            }
            self.state.record(&[key], None)?;
        }
        Ok(())
    }

    /// Code and store one report, record it as seen, and alert on its events.
    fn ingest(&mut self, report: Report, keys: Vec<String>) -> Result<(), WatchError> {
        if let Some(l) = sitrep_web::lang::detect(&report.text) {
            *self
                .stats
                .not_english
                .entry(l.name.to_string())
                .or_insert(0) += 1;
            log(
                "WARN",
                &format!(
                    "{}: written in {} (sitrep reads English)",
                    report.origin, l.name
                ),
            );
        }
        let doc = self.coder.code(&report);
        let (doc_key, _) = sitrep_store::document_key(&doc.doc);
        let n_events = doc.events.len();
        let sum = self.store.ingest_batch(&[doc])?;
        self.stats.docs_stored += sum.docs_new;
        self.stats.events_new += sum.events_new;
        self.stats.events_merged += sum.events_merged;
        log(
            "INFO",
            &format!(
                "stored {} ({n_events} events: {} new, {} merged)",
                report.origin, sum.events_new, sum.events_merged
            ),
        );
        self.state
            .record(&keys, Some((&doc_key, &report.source_name)))?;
        self.alert_pending()
    }

    /// Check the events of every document with alerts pending.
    fn alert_pending(&mut self) -> Result<(), WatchError> {
        if self.cfg.alert.is_empty() {
            for (k, _) in self.state.pending()? {
                self.state.done(&k)?;
            }
            return Ok(());
        }
        for (doc_key, source) in self.state.pending()? {
            let rows = self.store.backend().query(
                "SELECT DISTINCT event_id FROM event_sources WHERE doc_key = ? ORDER BY event_id",
                &[doc_key.as_str().into()],
            )?;
            let ids: Vec<String> = rows
                .into_iter()
                .filter_map(|r| r.into_iter().next().and_then(|v| v.into_string()))
                .collect();
            let text = self.store.document_text(&doc_key)?.unwrap_or_default();
            let mut ok = true;
            for id in ids {
                let Some(stored) = self.store.get_event(&id)? else {
                    continue;
                };
                for rule in self.cfg.alert.clone() {
                    let last = self.state.alerted(&rule.name, &id)?;
                    let Some((lvl, reason)) = alerts::decide(&rule, &stored.event, &text, last)
                    else {
                        continue;
                    };
                    let evidence: Vec<String> = stored
                        .event
                        .sources
                        .iter()
                        .filter(|s| s.doc == source)
                        .flat_map(|s| s.sentences.iter())
                        .map(|sp| sp.text(&text).to_string())
                        .collect();
                    let body = alerts::payload(&rule, &reason, lvl, &stored, &evidence);
                    match alerts::deliver(&rule, &body, &mut self.fetcher) {
                        Ok(()) => {
                            self.state.set_alerted(
                                &rule.name,
                                &id,
                                lvl,
                                alerts::toll(&stored.event),
                            )?;
                            self.stats.alerts_sent += 1;
                            log(
                                "INFO",
                                &format!("alert {}: event {id} ({reason})", rule.name),
                            );
                        }
                        Err(e) => {
                            ok = false;
                            self.stats.alerts_failed += 1;
                            log("ERROR", &format!("alert {}: event {id}: {e}", rule.name));
                        }
                    }
                }
            }
            if ok {
                self.state.done(&doc_key)?;
            }
        }
        Ok(())
    }
}

/// The files of a folder, recursively, in name order, with size and mtime; hidden
/// and partial (`.tmp`, `.part`) files are left for later.
fn walk(dir: &Path, out: &mut Vec<(PathBuf, u64, u64)>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') || name.ends_with(".tmp") || name.ends_with(".part") {
            continue;
        }
        if p.is_dir() {
            walk(&p, out);
        } else if let Ok(m) = std::fs::metadata(&p) {
            let mtime = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| d.as_secs())
                .unwrap_or(0);
            out.push((p, m.len(), mtime));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_are_made_absolute() {
        assert_eq!(
            absolute("/a/b", "http://h.test:81/feed.xml"),
            "http://h.test:81/a/b"
        );
        assert_eq!(
            absolute("c.html", "http://h.test/x/feed.xml"),
            "http://h.test/x/c.html"
        );
        assert_eq!(
            absolute("https://o.test/z", "http://h.test/"),
            "https://o.test/z"
        );
    }

    #[test]
    fn state_lives_beside_sqlite_stores_only() {
        assert_eq!(
            default_state_path("data/s.db"),
            Some(PathBuf::from("data/s.db.watch"))
        );
        assert_eq!(default_state_path("postgres://u@h/db"), None);
    }
}
