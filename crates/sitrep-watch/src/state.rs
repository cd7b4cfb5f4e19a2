/*!
What the watcher remembers across restarts, in a SQLite file beside the store
(`sitrep.db` → `sitrep.db.watch`; every change is one transaction, so a kill leaves
it whole):

* `seen(key)`: article URLs, canonical URLs and content hashes already ingested,
  and directory files by path, size and modification time;
* `failures(url, n)`: pages that failed, and how many polls they failed;
* `validators(url, etag, last_modified)`: for conditional GETs of feeds;
* `pending(doc_key, source)`: documents ingested whose alerts are not all delivered;
* `alerted(rule, event_id, level, fatalities)`: each alert sent, and the highest
  threshold level it reported.
*/

use crate::fetch::Validators;
use crate::WatchError;
use rusqlite::{params, Connection, OptionalExtension};

pub struct State {
    db: Connection,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl State {
    pub fn open(path: &str) -> Result<State, WatchError> {
        let db = Connection::open(path)?;
        db.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             CREATE TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY, at TEXT NOT NULL);
             CREATE TABLE IF NOT EXISTS failures (url TEXT PRIMARY KEY, n INTEGER NOT NULL);
             CREATE TABLE IF NOT EXISTS validators (url TEXT PRIMARY KEY, etag TEXT,
                 last_modified TEXT);
             CREATE TABLE IF NOT EXISTS pending (doc_key TEXT PRIMARY KEY, source TEXT NOT NULL,
                 at TEXT NOT NULL);
             CREATE TABLE IF NOT EXISTS alerted (rule TEXT NOT NULL, event_id TEXT NOT NULL,
                 level INTEGER NOT NULL, fatalities INTEGER, at TEXT NOT NULL,
                 PRIMARY KEY (rule, event_id));",
        )?;
        Ok(State { db })
    }

    pub fn seen(&self, key: &str) -> Result<bool, WatchError> {
        Ok(self
            .db
            .query_row("SELECT 1 FROM seen WHERE key = ?", [key], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Record keys as seen and, when a document was ingested, its alerts as pending,
    /// in one transaction.
    pub fn record(
        &mut self,
        keys: &[String],
        pending: Option<(&str, &str)>,
    ) -> Result<(), WatchError> {
        let tx = self.db.transaction()?;
        let at = now();
        for k in keys {
            tx.execute(
                "INSERT OR IGNORE INTO seen (key, at) VALUES (?, ?)",
                params![k, at],
            )?;
            tx.execute("DELETE FROM failures WHERE url = ?", [k])?;
        }
        if let Some((doc_key, source)) = pending {
            tx.execute(
                "INSERT OR IGNORE INTO pending (doc_key, source, at) VALUES (?, ?, ?)",
                params![doc_key, source, at],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Count one failure of a URL; returns how many it has had.
    pub fn fail(&mut self, url: &str) -> Result<u32, WatchError> {
        self.db.execute(
            "INSERT INTO failures (url, n) VALUES (?, 1)
             ON CONFLICT (url) DO UPDATE SET n = n + 1",
            [url],
        )?;
        Ok(self
            .db
            .query_row("SELECT n FROM failures WHERE url = ?", [url], |r| r.get(0))?)
    }

    pub fn failures(&self, url: &str) -> Result<u32, WatchError> {
        Ok(self
            .db
            .query_row("SELECT n FROM failures WHERE url = ?", [url], |r| r.get(0))
            .optional()?
            .unwrap_or(0))
    }

    pub fn validators(&self, url: &str) -> Result<Option<Validators>, WatchError> {
        Ok(self
            .db
            .query_row(
                "SELECT etag, last_modified FROM validators WHERE url = ?",
                [url],
                |r| {
                    Ok(Validators {
                        etag: r.get(0)?,
                        last_modified: r.get(1)?,
                    })
                },
            )
            .optional()?)
    }

    pub fn set_validators(&mut self, url: &str, v: &Validators) -> Result<(), WatchError> {
        self.db.execute(
            "INSERT INTO validators (url, etag, last_modified) VALUES (?, ?, ?)
             ON CONFLICT (url) DO UPDATE SET etag = excluded.etag,
             last_modified = excluded.last_modified",
            params![url, v.etag, v.last_modified],
        )?;
        Ok(())
    }

    /// Documents whose alerts are pending, oldest first: `(doc_key, source)`.
    pub fn pending(&self) -> Result<Vec<(String, String)>, WatchError> {
        let mut st = self
            .db
            .prepare("SELECT doc_key, source FROM pending ORDER BY at, doc_key")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn done(&mut self, doc_key: &str) -> Result<(), WatchError> {
        self.db
            .execute("DELETE FROM pending WHERE doc_key = ?", [doc_key])?;
        Ok(())
    }

    /// The level last alerted for an event under a rule (`None`: never alerted).
    pub fn alerted(&self, rule: &str, event_id: &str) -> Result<Option<u32>, WatchError> {
        Ok(self
            .db
            .query_row(
                "SELECT level FROM alerted WHERE rule = ? AND event_id = ?",
                [rule, event_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn set_alerted(
        &mut self,
        rule: &str,
        event_id: &str,
        level: u32,
        fatalities: Option<u32>,
    ) -> Result<(), WatchError> {
        self.db.execute(
            "INSERT INTO alerted (rule, event_id, level, fatalities, at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (rule, event_id) DO UPDATE SET level = excluded.level,
             fatalities = excluded.fatalities, at = excluded.at",
            params![rule, event_id, level, fatalities, now()],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("s.watch");
        let p = p.to_str().unwrap();
        {
            let mut s = State::open(p).unwrap();
            assert_eq!(s.fail("u:1").unwrap(), 1);
            assert_eq!(s.fail("u:1").unwrap(), 2);
            s.record(&["u:1".into(), "h:abc".into()], Some(("d@1", "doc")))
                .unwrap();
            s.set_alerted("r", "e1", 1, Some(7)).unwrap();
        }
        let mut s = State::open(p).unwrap();
        assert!(s.seen("u:1").unwrap() && s.seen("h:abc").unwrap());
        assert!(!s.seen("u:2").unwrap());
        assert_eq!(s.failures("u:1").unwrap(), 0);
        assert_eq!(s.pending().unwrap(), vec![("d@1".into(), "doc".into())]);
        s.done("d@1").unwrap();
        assert!(s.pending().unwrap().is_empty());
        assert_eq!(s.alerted("r", "e1").unwrap(), Some(1));
        assert_eq!(s.alerted("r", "e2").unwrap(), None);
    }
}
