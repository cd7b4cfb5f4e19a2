/*!
The two database backends behind one small trait.

Every statement the store runs is written once, in the SQL common to SQLite and
PostgreSQL (`?` placeholders, `INSERT … ON CONFLICT`, `BIGINT`/`DOUBLE PRECISION`/
`TEXT` columns), and goes through [`Backend`]: SQLite through `rusqlite` (bundled,
WAL mode, cached prepared statements), PostgreSQL through the synchronous
`postgres` client (placeholders rewritten to `$n`, prepared statements cached).
So both backends share every rule of ingest, deduplication and query, and the
same tests run on both.

Values cross the trait as [`Value`] (null, 64-bit integer, double, text, bytes):
the schema uses only those kinds, which both databases store alike (bytes: a
SQLite BLOB, a PostgreSQL `BYTEA`; only `event_records.record` holds them).
*/

use crate::StoreError;
use std::collections::HashMap;

/// One SQL value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
    /// A list of texts: a PostgreSQL `TEXT[]` parameter (`= ANY(?)`), so that
    /// one statement looks up many keys; SQLite has no arrays and refuses it.
    TextList(Vec<String>),
}

impl Value {
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Real(f) => Some(*f as i64),
            Value::Text(t) => t.parse().ok(),
            Value::Null | Value::Blob(_) | Value::TextList(_) => None,
        }
    }
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Real(f) => Some(*f),
            Value::Text(t) => t.parse().ok(),
            Value::Null | Value::Blob(_) | Value::TextList(_) => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }
    pub fn into_string(self) -> Option<String> {
        match self {
            Value::Text(t) => Some(t),
            Value::Int(i) => Some(i.to_string()),
            Value::Real(f) => Some(f.to_string()),
            Value::Blob(b) => String::from_utf8(b).ok(),
            Value::Null | Value::TextList(_) => None,
        }
    }
    /// The bytes of a text or a blob.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Value::Text(t) => Some(t.as_bytes()),
            Value::Blob(b) => Some(b),
            _ => None,
        }
    }
}

impl From<Vec<u8>> for Value {
    fn from(v: Vec<u8>) -> Value {
        Value::Blob(v)
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Int(v)
    }
}
impl From<f64> for Value {
    fn from(v: f64) -> Value {
        Value::Real(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::Text(v.to_string())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Text(v)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map(Into::into).unwrap_or(Value::Null)
    }
}

/// A result row.
pub type Row = Vec<Value>;

/// Read a column of a row without panicking.
pub(crate) fn col(row: &Row, i: usize) -> &Value {
    row.get(i).unwrap_or(&Value::Null)
}

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackendKind {
    Sqlite,
    Postgres,
}

/// What the store needs from a database.
pub trait Backend: Send {
    fn kind(&self) -> BackendKind;
    /// Run several `;`-separated statements without parameters (DDL).
    fn execute_batch(&mut self, sql: &str) -> Result<(), StoreError>;
    /// Run one statement; returns the number of rows changed.
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError>;
    /// Run one query; returns every row.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError>;
    /// Start a write transaction that excludes other writers (SQLite: `BEGIN
    /// IMMEDIATE`; PostgreSQL: `BEGIN` plus a transaction-scoped advisory lock, so
    /// two team members ingesting at once deduplicate against each other's events).
    fn begin_write(&mut self) -> Result<(), StoreError>;
    fn commit(&mut self) -> Result<(), StoreError>;
    fn rollback(&mut self) -> Result<(), StoreError>;
    /// Hold a lock that serialises schema migrations across processes (until
    /// [`Backend::unlock_migrations`]); a no-op where the database does it itself.
    fn lock_migrations(&mut self) -> Result<(), StoreError> {
        Ok(())
    }
    fn unlock_migrations(&mut self) -> Result<(), StoreError> {
        Ok(())
    }
}

// ---------------------------------------------------------------- SQLite

/// The page size of a new SQLite store, in bytes (see [`SqliteBackend::open`]).
const NEW_PAGE_SIZE: i64 = 16384;

/// How many bytes of log a SQLite store holds before it is copied into the
/// database (see [`SqliteBackend::open`]).
const WAL_CHECKPOINT_BYTES: i64 = 512 << 20;

/// SQLite through rusqlite (bundled library).
pub struct SqliteBackend {
    conn: rusqlite::Connection,
}

impl SqliteBackend {
    /// Open (creating) a database file; `:memory:` for an in-memory store.
    /// The page cache may grow to 256 MB (allocated as pages are read): an
    /// ingest inserts each event at its own place in a dozen indexes, and once
    /// they outgrow the cache (64 MB did by 100,000 reports) every insert reads
    /// its page back from the file.
    ///
    /// The write-ahead log is copied into the database (a checkpoint, with its
    /// `fsync`) once it holds 512 MB ([`WAL_CHECKPOINT_BYTES`]), not 16,384
    /// pages: a batch of an ingest rewrites most pages of those indexes (at
    /// 180,000 reports a batch of 5,000 wrote some 35,000 pages of 4 kB), so a
    /// checkpoint came after every batch and copied the same pages again each
    /// time; now it copies each page once for several batches. The log is
    /// deleted when the store is closed.
    ///
    /// A new store has pages of 16 kB ([`NEW_PAGE_SIZE`]; one made before
    /// keeps its own). Since a batch rewrites nearly every page of the indexes
    /// an event is inserted into at random, it writes about as many bytes
    /// whatever the page size (at 180,000 reports 127 MB with pages of 4 kB,
    /// 146 MB with 16 kB), but a quarter as many pages: a quarter as many
    /// writes to the log, checksums and page-cache entries, and B-trees a
    /// level shallower for every insert and candidate search.
    pub fn open(path: &str) -> Result<SqliteBackend, StoreError> {
        let conn = rusqlite::Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        // Before the log is set up: an empty file takes the page size then.
        conn.pragma_update(None, "page_size", NEW_PAGE_SIZE)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = NORMAL;
             PRAGMA foreign_keys = ON;
             PRAGMA cache_size = -262144;
             PRAGMA temp_store = MEMORY;",
        )?;
        let page: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
        conn.pragma_update(
            None,
            "wal_autocheckpoint",
            WAL_CHECKPOINT_BYTES / page.max(512),
        )?;
        conn.set_prepared_statement_cache_capacity(128);
        Ok(SqliteBackend { conn })
    }

    /// Open an existing database file read-only: readers never take the write
    /// lock, and a missing file is an error, never a new empty store.
    pub fn open_read_only(path: &str) -> Result<SqliteBackend, StoreError> {
        use rusqlite::OpenFlags;
        if path.is_empty() || path == ":memory:" || !std::path::Path::new(path).is_file() {
            return Err(StoreError::Invalid(format!(
                "no store at {path:?} (create one with `sitrep ingest --db {path} REPORTS`)"
            )));
        }
        let conn = rusqlite::Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.execute_batch("PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;")?;
        conn.set_prepared_statement_cache_capacity(128);
        Ok(SqliteBackend { conn })
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(i) => ToSqlOutput::Borrowed(ValueRef::Integer(*i)),
            Value::Real(f) => ToSqlOutput::Borrowed(ValueRef::Real(*f)),
            Value::Text(t) => ToSqlOutput::Borrowed(ValueRef::Text(t.as_bytes())),
            Value::Blob(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
            Value::TextList(_) => {
                return Err(rusqlite::Error::ToSqlConversionFailure(
                    "SQLite has no array parameters".into(),
                ))
            }
        })
    }
}

fn from_sqlite(v: rusqlite::types::ValueRef<'_>) -> Value {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(f) => Value::Real(f),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

impl Backend for SqliteBackend {
    fn kind(&self) -> BackendKind {
        BackendKind::Sqlite
    }
    fn execute_batch(&mut self, sql: &str) -> Result<(), StoreError> {
        Ok(self.conn.execute_batch(sql)?)
    }
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        let mut st = self.conn.prepare_cached(sql)?;
        let n = st.execute(rusqlite::params_from_iter(params.iter()))?;
        Ok(n as u64)
    }
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError> {
        let mut st = self.conn.prepare_cached(sql)?;
        let ncols = st.column_count();
        let mut rows = st.query(rusqlite::params_from_iter(params.iter()))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let mut row = Vec::with_capacity(ncols);
            for i in 0..ncols {
                row.push(from_sqlite(r.get_ref(i)?));
            }
            out.push(row);
        }
        Ok(out)
    }
    fn begin_write(&mut self) -> Result<(), StoreError> {
        Ok(self.conn.execute_batch("BEGIN IMMEDIATE")?)
    }
    fn commit(&mut self) -> Result<(), StoreError> {
        Ok(self.conn.execute_batch("COMMIT")?)
    }
    fn rollback(&mut self) -> Result<(), StoreError> {
        Ok(self.conn.execute_batch("ROLLBACK")?)
    }
}

// ---------------------------------------------------------------- PostgreSQL

/// PostgreSQL through the synchronous `postgres` client.
pub struct PgBackend {
    client: postgres::Client,
    stmts: HashMap<String, postgres::Statement>,
}

/// The advisory lock key that serialises writers (any constant; "sitrep").
const PG_WRITE_LOCK: i64 = 0x7369_7472_6570;
/// The advisory lock key that serialises migrations ("sitrepm").
const PG_MIGRATE_LOCK: i64 = 0x0073_6974_7265_706d;

impl PgBackend {
    /// Connect with a `postgres://user:pass@host:port/db` URL. With `schema`, every
    /// table lives in that schema (created when missing): tests use one per test.
    pub fn connect(url: &str, schema: Option<&str>) -> Result<PgBackend, StoreError> {
        let mut client = postgres::Client::connect(url, postgres::NoTls)?;
        client.batch_execute("SET client_min_messages = WARNING")?;
        if let Some(s) = schema {
            if !s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') || s.is_empty() {
                return Err(StoreError::Invalid(format!("bad schema name {s:?}")));
            }
            client.batch_execute(&format!(
                "CREATE SCHEMA IF NOT EXISTS {s}; SET search_path TO {s}"
            ))?;
        }
        Ok(PgBackend {
            client,
            stmts: HashMap::new(),
        })
    }

    /// Connect for reading only: every transaction read-only, and no statement
    /// runs longer than `timeout_ms` (so a reader never holds up a server).
    pub fn connect_read_only(
        url: &str,
        schema: Option<&str>,
        timeout_ms: u64,
    ) -> Result<PgBackend, StoreError> {
        let mut b = PgBackend::connect(url, schema)?;
        b.client.batch_execute(&format!(
            "SET default_transaction_read_only = on; SET statement_timeout = {timeout_ms}"
        ))?;
        Ok(b)
    }

    fn statement(&mut self, sql: &str) -> Result<postgres::Statement, StoreError> {
        if let Some(s) = self.stmts.get(sql) {
            return Ok(s.clone());
        }
        let st = self.client.prepare(&dollar_params(sql))?;
        self.stmts.insert(sql.to_string(), st.clone());
        Ok(st)
    }
}

/// `?` placeholders to `$1, $2, …` (the store's SQL has no `?` inside literals).
fn dollar_params(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut n = 0;
    for c in sql.chars() {
        if c == '?' {
            n += 1;
            out.push('$');
            out.push_str(&n.to_string());
        } else {
            out.push(c);
        }
    }
    out
}

type PgParam = Box<dyn postgres::types::ToSql + Sync>;

/// Convert a value to what the prepared statement expects for that parameter.
fn pg_param(v: &Value, ty: &postgres::types::Type) -> PgParam {
    use postgres::types::Type;
    if *ty == Type::INT8 {
        Box::new(v.as_i64())
    } else if *ty == Type::INT4 {
        Box::new(v.as_i64().map(|i| i as i32))
    } else if *ty == Type::INT2 {
        Box::new(v.as_i64().map(|i| i as i16))
    } else if *ty == Type::FLOAT8 {
        Box::new(v.as_f64())
    } else if *ty == Type::FLOAT4 {
        Box::new(v.as_f64().map(|f| f as f32))
    } else if *ty == Type::BOOL {
        Box::new(v.as_i64().map(|i| i != 0))
    } else if *ty == Type::BYTEA {
        Box::new(v.as_bytes().map(<[u8]>::to_vec))
    } else if *ty == Type::TEXT_ARRAY {
        Box::new(match v {
            Value::TextList(l) => Some(l.clone()),
            _ => None,
        })
    } else {
        Box::new(v.clone().into_string())
    }
}

fn from_pg(row: &postgres::Row, i: usize) -> Value {
    use postgres::types::Type;
    let Some(c) = row.columns().get(i) else {
        return Value::Null;
    };
    let ty = c.type_();
    let v: Option<Value> = if *ty == Type::INT8 {
        row.try_get::<_, Option<i64>>(i)
            .ok()
            .flatten()
            .map(Value::Int)
    } else if *ty == Type::INT4 {
        row.try_get::<_, Option<i32>>(i)
            .ok()
            .flatten()
            .map(|x| Value::Int(x.into()))
    } else if *ty == Type::INT2 {
        row.try_get::<_, Option<i16>>(i)
            .ok()
            .flatten()
            .map(|x| Value::Int(x.into()))
    } else if *ty == Type::FLOAT8 {
        row.try_get::<_, Option<f64>>(i)
            .ok()
            .flatten()
            .map(Value::Real)
    } else if *ty == Type::FLOAT4 {
        row.try_get::<_, Option<f32>>(i)
            .ok()
            .flatten()
            .map(|x| Value::Real(x.into()))
    } else if *ty == Type::BOOL {
        row.try_get::<_, Option<bool>>(i)
            .ok()
            .flatten()
            .map(|b| Value::Int(i64::from(b)))
    } else if *ty == Type::BYTEA {
        row.try_get::<_, Option<Vec<u8>>>(i)
            .ok()
            .flatten()
            .map(Value::Blob)
    } else {
        row.try_get::<_, Option<String>>(i)
            .ok()
            .flatten()
            .map(Value::Text)
    };
    v.unwrap_or(Value::Null)
}

impl Backend for PgBackend {
    fn kind(&self) -> BackendKind {
        BackendKind::Postgres
    }
    fn execute_batch(&mut self, sql: &str) -> Result<(), StoreError> {
        Ok(self.client.batch_execute(sql)?)
    }
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        let st = self.statement(sql)?;
        let boxed: Vec<PgParam> = params
            .iter()
            .zip(st.params())
            .map(|(v, t)| pg_param(v, t))
            .collect();
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
            boxed.iter().map(|b| b.as_ref()).collect();
        Ok(self.client.execute(&st, &refs)?)
    }
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError> {
        let st = self.statement(sql)?;
        let boxed: Vec<PgParam> = params
            .iter()
            .zip(st.params())
            .map(|(v, t)| pg_param(v, t))
            .collect();
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
            boxed.iter().map(|b| b.as_ref()).collect();
        let rows = self.client.query(&st, &refs)?;
        Ok(rows
            .iter()
            .map(|r| (0..r.len()).map(|i| from_pg(r, i)).collect())
            .collect())
    }
    fn begin_write(&mut self) -> Result<(), StoreError> {
        self.client.batch_execute("BEGIN")?;
        self.client
            .execute("SELECT pg_advisory_xact_lock($1)", &[&PG_WRITE_LOCK])?;
        Ok(())
    }
    fn commit(&mut self) -> Result<(), StoreError> {
        Ok(self.client.batch_execute("COMMIT")?)
    }
    fn rollback(&mut self) -> Result<(), StoreError> {
        Ok(self.client.batch_execute("ROLLBACK")?)
    }
    fn lock_migrations(&mut self) -> Result<(), StoreError> {
        self.client
            .execute("SELECT pg_advisory_lock($1)", &[&PG_MIGRATE_LOCK])?;
        Ok(())
    }
    fn unlock_migrations(&mut self) -> Result<(), StoreError> {
        self.client
            .execute("SELECT pg_advisory_unlock($1)", &[&PG_MIGRATE_LOCK])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pragma(b: &mut SqliteBackend, name: &str) -> Option<i64> {
        let rows = b.query(&format!("PRAGMA {name}"), &[]).ok()?;
        rows.first().and_then(|r| col(r, 0).as_i64())
    }

    #[test]
    fn a_new_store_has_large_pages_and_an_old_one_keeps_its_own() {
        let dir = tempfile::tempdir().expect("temp dir");
        let new = dir.path().join("new.db");
        let mut b = SqliteBackend::open(new.to_str().expect("path")).expect("open");
        b.execute_batch("CREATE TABLE t (x BIGINT)").expect("table");
        assert_eq!(pragma(&mut b, "page_size"), Some(NEW_PAGE_SIZE));
        assert_eq!(
            pragma(&mut b, "wal_autocheckpoint"),
            Some(WAL_CHECKPOINT_BYTES / NEW_PAGE_SIZE)
        );
        drop(b);
        let mut b = SqliteBackend::open(new.to_str().expect("path")).expect("reopen");
        assert_eq!(pragma(&mut b, "page_size"), Some(NEW_PAGE_SIZE));
        drop(b);

        let old = dir.path().join("old.db");
        let c = rusqlite::Connection::open(&old).expect("old file");
        c.execute_batch(
            "PRAGMA page_size = 4096; CREATE TABLE t (x BIGINT); INSERT INTO t VALUES (1)",
        )
        .expect("old store");
        drop(c);
        let mut b = SqliteBackend::open(old.to_str().expect("path")).expect("open old");
        assert_eq!(pragma(&mut b, "page_size"), Some(4096));
        assert_eq!(
            pragma(&mut b, "wal_autocheckpoint"),
            Some(WAL_CHECKPOINT_BYTES / 4096)
        );
        let rows = b.query("SELECT x FROM t", &[]).expect("read");
        assert_eq!(rows, vec![vec![Value::Int(1)]]);
    }

    #[test]
    fn placeholders_are_numbered() {
        assert_eq!(
            dollar_params("SELECT a FROM t WHERE b = ? AND c > ?"),
            "SELECT a FROM t WHERE b = $1 AND c > $2"
        );
    }
}
