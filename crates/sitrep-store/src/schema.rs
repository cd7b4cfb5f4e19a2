/*!
The schema and its versioned migrations.

Each migration is a numbered block of SQL valid in both SQLite and PostgreSQL.
`schema_migrations` records which versions a database has; opening a store
applies the missing ones in order, each in its own transaction, so an old
database is brought up to date and a new one is built from zero. A migration is
never edited once released: a change is a new migration.
*/

use crate::backend::{col, Backend};
use crate::StoreError;

/// `(version, name, sql)`, in order.
pub const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "initial schema", V1),
    (2, "query indexes", V2),
    (3, "wide windows and actors for deduplication", V3),
    (4, "analyst corrections", V4),
    (5, "full-text search", V5),
    (6, "order of first storing", V6),
    (7, "toll parts for deduplication", V7),
    (8, "place names in the full-text index of events", V8),
    (9, "newest-first indexes for PostgreSQL", V9),
    (10, "grid cells for deduplication", V10),
    (11, "mentions without a copy of their text", V11),
    (
        12,
        "one search index of events, kept per batch, newest first",
        V12,
    ),
    (13, "candidate indexes that test the window's end", V13),
    (14, "mentions kept in the order of their key", V14),
    (15, "no index of places by country", V15),
    (16, "event records as deflated bytes", V16),
    (17, "one index of an actor's rows", V17),
    (18, "search triggers of sources that call no function", V18),
    (19, "sources and casualty claims keyed in report order", V19),
    (20, "coordinates in the index of grid cells", V20),
    (21, "fewer indexes written per report on PostgreSQL", V21),
    (
        22,
        "one stored search vector of each event on PostgreSQL",
        V22,
    ),
    (
        23,
        "one row for the mentions of an event of a report on PostgreSQL",
        V23,
    ),
    (
        24,
        "actor rows found by their event alone on PostgreSQL",
        V24,
    ),
    (
        25,
        "candidate windows of a whole country apart from grid cells on PostgreSQL",
        V25,
    ),
    (
        26,
        "search words folded as SQLite folds them on PostgreSQL",
        V26,
    ),
    (
        27,
        "newest-first indexes without the event id on PostgreSQL",
        V27,
    ),
];

const V1: &str = "
CREATE TABLE IF NOT EXISTS documents (
    doc_key      TEXT PRIMARY KEY,
    doc_id       TEXT NOT NULL,
    source_name  TEXT NOT NULL,
    url          TEXT,
    title        TEXT,
    published    TEXT,
    content_hash TEXT NOT NULL,
    text         TEXT NOT NULL,
    ingested_at  TEXT NOT NULL,
    n_events     BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS places (
    place_key    TEXT PRIMARY KEY,
    name         TEXT,
    admin2       TEXT,
    admin1       TEXT,
    admin1_code  TEXT,
    country      TEXT,
    lat          DOUBLE PRECISION,
    lon          DOUBLE PRECISION,
    geonames_id  BIGINT
);
CREATE TABLE IF NOT EXISTS actors (
    actor_id     TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    actor_type   TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    event_id        TEXT PRIMARY KEY,
    event_type      TEXT NOT NULL,
    sub_event_type  TEXT,
    date_start      TEXT,
    date_end        TEXT,
    date_precision  TEXT NOT NULL,
    block_start     TEXT,
    block_end       TEXT,
    country         TEXT,
    admin1          TEXT,
    admin1_code     TEXT,
    admin2          TEXT,
    location        TEXT,
    place_key       TEXT,
    lat             DOUBLE PRECISION,
    lon             DOUBLE PRECISION,
    geo_precision   TEXT NOT NULL,
    fatalities_low  BIGINT,
    fatalities_best BIGINT,
    fatalities_high BIGINT,
    injuries_low    BIGINT,
    injuries_best   BIGINT,
    injuries_high   BIGINT,
    perpetrator     TEXT,
    n_sources       BIGINT NOT NULL,
    revision        BIGINT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    notes           TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS event_records (
    event_id        TEXT PRIMARY KEY,
    evidence        TEXT NOT NULL,
    record          TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS event_sources (
    event_id        TEXT NOT NULL,
    doc_key         TEXT NOT NULL,
    source_event_id TEXT NOT NULL,
    doc_name        TEXT NOT NULL,
    url             TEXT,
    published       TEXT,
    sentences       TEXT NOT NULL,
    merge_score     DOUBLE PRECISION,
    merge_reason    TEXT NOT NULL,
    added_at        TEXT NOT NULL,
    PRIMARY KEY (event_id, doc_key, source_event_id)
);
CREATE TABLE IF NOT EXISTS event_actors (
    event_id   TEXT NOT NULL,
    seq        BIGINT NOT NULL,
    role       TEXT NOT NULL,
    actor_id   TEXT NOT NULL,
    name       TEXT NOT NULL,
    date_start TEXT,
    PRIMARY KEY (event_id, seq)
);
CREATE TABLE IF NOT EXISTS casualty_claims (
    event_id   TEXT NOT NULL,
    doc_key    TEXT NOT NULL,
    seq        BIGINT NOT NULL,
    kind       TEXT NOT NULL,
    low        BIGINT,
    high       BIGINT,
    claimed_by TEXT NOT NULL,
    span_start BIGINT NOT NULL,
    span_end   BIGINT NOT NULL,
    PRIMARY KEY (event_id, doc_key, seq)
);
CREATE TABLE IF NOT EXISTS mentions (
    doc_key    TEXT NOT NULL,
    seq        BIGINT NOT NULL,
    source_event_id TEXT NOT NULL,
    kind       TEXT NOT NULL,
    span_start BIGINT NOT NULL,
    span_end   BIGINT NOT NULL,
    text       TEXT NOT NULL,
    value      TEXT,
    PRIMARY KEY (doc_key, seq)
);
CREATE TABLE IF NOT EXISTS revisions (
    event_id   TEXT NOT NULL,
    revision   BIGINT NOT NULL,
    at         TEXT NOT NULL,
    doc_key    TEXT,
    action     TEXT NOT NULL,
    changes    TEXT NOT NULL,
    reason     TEXT NOT NULL,
    score      DOUBLE PRECISION,
    PRIMARY KEY (event_id, revision)
);
CREATE INDEX IF NOT EXISTS events_block ON events (country, block_start);
CREATE INDEX IF NOT EXISTS event_sources_doc ON event_sources (doc_key);
";

const V2: &str = "
CREATE INDEX IF NOT EXISTS events_date ON events (date_start);
CREATE INDEX IF NOT EXISTS events_country_date ON events (country, date_start);
CREATE INDEX IF NOT EXISTS events_admin1_date ON events (admin1, date_start);
CREATE INDEX IF NOT EXISTS events_type_date ON events (event_type, date_start);
CREATE INDEX IF NOT EXISTS events_latlon ON events (lat, lon, date_start, event_id);
CREATE INDEX IF NOT EXISTS events_fatalities ON events (fatalities_low);
CREATE INDEX IF NOT EXISTS event_actors_role_date ON event_actors (actor_id, role, date_start);
CREATE INDEX IF NOT EXISTS event_actors_date ON event_actors (actor_id, date_start);
";

/// Deduplication of real reports (S1–S5): the wide window of a recalled,
/// undated or year-only event (`reach_*`, `block_wide` = 1 when only a wide window
/// or none bounds it), every actor with its role (`dedup_actors`), and the month
/// and day of a date known to the day or given without a year (`month_day`, `MM-DD`).
const V3: &str = "
ALTER TABLE events ADD COLUMN reach_start TEXT;
ALTER TABLE events ADD COLUMN reach_end TEXT;
ALTER TABLE events ADD COLUMN block_wide BIGINT;
ALTER TABLE events ADD COLUMN dedup_actors TEXT;
ALTER TABLE events ADD COLUMN month_day TEXT;
CREATE INDEX IF NOT EXISTS events_wide ON events (country, block_wide, reach_start);
CREATE INDEX IF NOT EXISTS events_place ON events (country, place_key);
";

/// Analyst corrections (`sitrep edit`, `merge`, `split`, `delete`), kept apart from
/// the events they correct so that reprocessing re-applies them: `seq` orders them,
/// `args` holds what was asked (JSON: the fields set, the other event, the source),
/// `who`/`at`/`note` say who asked, when and why, and `status` whether the last
/// application found its event (`applied`) or not (`orphaned`).
/// `event_sources.first_event_id` is the event a report's extracted event went to
/// by ingest alone (before any correction moved it), which reprocessing matches on.
const V4: &str = "
ALTER TABLE event_sources ADD COLUMN first_event_id TEXT;
CREATE TABLE IF NOT EXISTS overrides (
    seq        BIGINT PRIMARY KEY,
    action     TEXT NOT NULL,
    event_id   TEXT NOT NULL,
    args       TEXT NOT NULL,
    who        TEXT NOT NULL,
    at         TEXT NOT NULL,
    note       TEXT NOT NULL,
    status     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS overrides_event ON overrides (event_id, action);
";

/// Full-text search over report texts and event notes. SQLite: FTS5 tables over
/// `documents.text` and `events.notes` (external content, kept in step by
/// triggers, built from the rows already stored); PostgreSQL: [`V5_PG`].
const V5: &str = "
CREATE VIRTUAL TABLE IF NOT EXISTS doc_fts USING fts5(text, content='documents', content_rowid='rowid');
CREATE TRIGGER IF NOT EXISTS documents_fts_ai AFTER INSERT ON documents BEGIN
  INSERT INTO doc_fts (rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER IF NOT EXISTS documents_fts_ad AFTER DELETE ON documents BEGIN
  INSERT INTO doc_fts (doc_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
CREATE TRIGGER IF NOT EXISTS documents_fts_au AFTER UPDATE OF text ON documents BEGIN
  INSERT INTO doc_fts (doc_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
  INSERT INTO doc_fts (rowid, text) VALUES (new.rowid, new.text);
END;
INSERT INTO doc_fts (doc_fts) VALUES ('rebuild');
CREATE VIRTUAL TABLE IF NOT EXISTS event_fts USING fts5(notes, content='events', content_rowid='rowid');
CREATE TRIGGER IF NOT EXISTS events_fts_ai AFTER INSERT ON events BEGIN
  INSERT INTO event_fts (rowid, notes) VALUES (new.rowid, new.notes);
END;
CREATE TRIGGER IF NOT EXISTS events_fts_ad AFTER DELETE ON events BEGIN
  INSERT INTO event_fts (event_fts, rowid, notes) VALUES ('delete', old.rowid, old.notes);
END;
CREATE TRIGGER IF NOT EXISTS events_fts_au AFTER UPDATE OF notes ON events BEGIN
  INSERT INTO event_fts (event_fts, rowid, notes) VALUES ('delete', old.rowid, old.notes);
  INSERT INTO event_fts (rowid, notes) VALUES (new.rowid, new.notes);
END;
INSERT INTO event_fts (event_fts) VALUES ('rebuild');
";

/// The order documents were first stored in (`documents.ingest_seq`, 1, 2, …),
/// which reprocessing rebuilds in: `ingested_at` ties within a millisecond.
/// Documents stored before this migration keep none and come first, by
/// `ingested_at` as before.
const V6: &str = "
ALTER TABLE documents ADD COLUMN ingest_seq BIGINT;
CREATE INDEX IF NOT EXISTS documents_ingest_seq ON documents (ingest_seq);
";

/// The counts stated in an event's toll text (`"13 169"` for "killed 13
/// soldiers and 169 civilians"), compared by deduplication: a smaller toll of
/// another report that is one of them counts a part of the victims. Events
/// stored before this migration have none and compare their tolls as before.
const V7: &str = "
ALTER TABLE events ADD COLUMN toll_parts TEXT;
";

/// Event search without scanning (SQLite; PostgreSQL: [`V8_PG`]): the event
/// full-text index also holds the place name, so a text query is answered by the
/// indexes alone instead of testing every event's place name with `LIKE`.
const V8: &str = "
DROP TRIGGER IF EXISTS events_fts_ai;
DROP TRIGGER IF EXISTS events_fts_ad;
DROP TRIGGER IF EXISTS events_fts_au;
DROP TABLE IF EXISTS event_fts;
CREATE VIRTUAL TABLE event_fts USING fts5(notes, location, content='events', content_rowid='rowid');
CREATE TRIGGER events_fts_ai AFTER INSERT ON events BEGIN
  INSERT INTO event_fts (rowid, notes, location) VALUES (new.rowid, new.notes, new.location);
END;
CREATE TRIGGER events_fts_ad AFTER DELETE ON events BEGIN
  INSERT INTO event_fts (event_fts, rowid, notes, location)
    VALUES ('delete', old.rowid, old.notes, old.location);
END;
CREATE TRIGGER events_fts_au AFTER UPDATE OF notes, location ON events BEGIN
  INSERT INTO event_fts (event_fts, rowid, notes, location)
    VALUES ('delete', old.rowid, old.notes, old.location);
  INSERT INTO event_fts (rowid, notes, location) VALUES (new.rowid, new.notes, new.location);
END;
INSERT INTO event_fts (event_fts) VALUES ('rebuild');
";

/// Migration 8 on PostgreSQL: the event text vector is of the notes and the place
/// name together, the expression [`crate::query`] searches with.
pub const V8_PG: &str = "
DROP INDEX IF EXISTS events_notes_fts;
CREATE INDEX IF NOT EXISTS events_text_fts ON events
  USING GIN (to_tsvector('simple', notes || ' ' || COALESCE(location, '')));
";

/// Newest-first queries (`ORDER BY date_start DESC NULLS LAST, event_id`) read
/// in index order: SQLite walks its ascending indexes backwards in that order
/// already (nothing to do: this statement changes nothing); PostgreSQL needs
/// [`V9_PG`].
const V9: &str = "CREATE INDEX IF NOT EXISTS events_date ON events (date_start);";

/// Migration 9 on PostgreSQL: an ascending index read backwards gives NULLs first,
/// so every filter's newest 100 sorted all its matches (admin1 at 1M events:
/// 435 ms); these indexes are in the order the queries ask for.
pub const V9_PG: &str = "
CREATE INDEX IF NOT EXISTS events_date_desc ON events (date_start DESC NULLS LAST, event_id);
CREATE INDEX IF NOT EXISTS events_country_date_desc ON events (country, date_start DESC NULLS LAST, event_id);
CREATE INDEX IF NOT EXISTS events_admin1_date_desc ON events (admin1, date_start DESC NULLS LAST, event_id);
CREATE INDEX IF NOT EXISTS events_type_date_desc ON events (event_type, date_start DESC NULLS LAST, event_id);
CREATE INDEX IF NOT EXISTS event_actors_role_date_desc ON event_actors (actor_id, role, date_start DESC NULLS LAST, event_id);
CREATE INDEX IF NOT EXISTS event_actors_date_desc ON event_actors (actor_id, date_start DESC NULLS LAST, event_id);
DROP INDEX IF EXISTS events_date;
DROP INDEX IF EXISTS events_country_date;
DROP INDEX IF EXISTS events_admin1_date;
DROP INDEX IF EXISTS events_type_date;
DROP INDEX IF EXISTS event_actors_role_date;
DROP INDEX IF EXISTS event_actors_date;
";

/// Candidate searches that stay flat as the store grows: `dedup_cell` is the
/// 1° grid cell of an event's place when it is finer than a province and has
/// coordinates, else -1 ([`crate::dedup::cell`]); deduplication reads only the
/// cells within its distance limit (and -1) of a date window, instead of every
/// event of the country in it. Events already stored get their cell here
/// (SQLite: `CAST` of a non-negative number is its floor; PostgreSQL: [`V10_PG`]).
const V10: &str = "
ALTER TABLE events ADD COLUMN dedup_cell BIGINT;
UPDATE events SET dedup_cell = CASE
  WHEN geo_precision IN ('point', 'near_point', 'admin2') AND lat IS NOT NULL AND lon IS NOT NULL
  THEN CAST(lat + 90 AS INTEGER) * 360 + CAST(lon + 180 AS INTEGER) ELSE -1 END;
CREATE INDEX IF NOT EXISTS events_cell ON events (country, dedup_cell, block_start);
";

/// Migration 10 on PostgreSQL (`floor`: a cast rounds there).
pub const V10_PG: &str = "
ALTER TABLE events ADD COLUMN dedup_cell BIGINT;
UPDATE events SET dedup_cell = CASE
  WHEN geo_precision IN ('point', 'near_point', 'admin2') AND lat IS NOT NULL AND lon IS NOT NULL
  THEN CAST(floor(lat + 90) AS BIGINT) * 360 + CAST(floor(lon + 180) AS BIGINT) ELSE -1 END;
CREATE INDEX IF NOT EXISTS events_cell ON events (country, dedup_cell, block_start);
";

/// A mention's text is its span of the stored report text
/// (`documents.text`, byte offsets `span_start..span_end`), no longer kept a
/// second time (a fifth of a store's bytes were mentions).
const V11: &str = "ALTER TABLE mentions DROP COLUMN text;";

/// The key of an event in the SQLite search index (`search_fts.rowid`): its
/// day (the Julian day number of `date_start`, 0 when it has none) in the high
/// bits and its `events.rowid` in the low 32, so that the index read backwards
/// gives the matching events newest first ([`crate::query`]). A macro, to build
/// constant SQL with `concat!`; `$e` is the row's name (`e`, `old`, `new`).
macro_rules! search_key {
    ($e:literal) => {
        concat!(
            "((COALESCE(CAST(julianday(",
            $e,
            ".date_start) AS INTEGER), 0) << 32) + ",
            $e,
            ".rowid)"
        )
    };
}

/// What the SQLite search index holds of an event `e`: its notes, its place
/// name and the text of every report it rests on.
macro_rules! search_body {
    () => {
        "COALESCE(e.notes, '') || ' ' || COALESCE(e.location, '') || ' ' || COALESCE((
           SELECT group_concat(d.text, ' ') FROM documents d WHERE d.doc_key IN (
             SELECT s.doc_key FROM event_sources s WHERE s.event_id = e.event_id)), '')"
    };
}

/// Delete from the search index the keys of `search_stale` and the key each
/// event of `search_dirty` has now (migration 18), before they are indexed again.
pub const SEARCH_DELETE_STALE: &str = concat!(
    "DELETE FROM search_fts WHERE rowid IN (SELECT k FROM search_stale UNION ALL SELECT ",
    search_key!("e"),
    " FROM events e WHERE e.rowid IN (SELECT r FROM search_dirty))"
);

/// Index the events of `search_dirty` (ascending keys: FTS5 writes a segment
/// whenever a key is lower than the one before).
pub const SEARCH_INSERT_DIRTY: &str = concat!(
    "INSERT INTO search_fts (rowid, body) SELECT ",
    search_key!("e"),
    ", ",
    search_body!(),
    " FROM events e WHERE e.rowid IN (SELECT r FROM search_dirty) ORDER BY 1"
);

/// Index every event (a rebuild: after `delete-all`, or in migration 12).
pub const SEARCH_INSERT_ALL: &str = concat!(
    "INSERT INTO search_fts (rowid, body) SELECT ",
    search_key!("e"),
    ", ",
    search_body!(),
    " FROM events e ORDER BY 1"
);

/// Full-text search that costs ingest little and answers newest first (SQLite;
/// PostgreSQL: [`V12_PG`]). One contentless FTS5 index (`search_fts`, deletes
/// by key) holds per event its notes, place name and the text of its reports,
/// under the key `search_key!`; the report and event indexes of migrations 5
/// and 8 and their triggers go. Triggers no longer write the index row by row
/// (a statement that wrote it made every later statement of the transaction
/// flush a segment of its own, and merge them): they note what changed, the
/// keys to delete (`search_stale`) and the events to index (`search_dirty`),
/// and the store brings the index up to date once per transaction, before it
/// commits ([`crate::Store`]'s `flush_search`). The two lists may hold a value
/// twice (no unique key: a statement's own conflict clause, an upsert's, would
/// override a trigger's `OR IGNORE`, and its failure leave a report out).
const V12: &str = concat!(
    "
DROP TRIGGER IF EXISTS documents_fts_ai;
DROP TRIGGER IF EXISTS documents_fts_ad;
DROP TRIGGER IF EXISTS documents_fts_au;
DROP TRIGGER IF EXISTS events_fts_ai;
DROP TRIGGER IF EXISTS events_fts_ad;
DROP TRIGGER IF EXISTS events_fts_au;
DROP TABLE IF EXISTS doc_fts;
DROP TABLE IF EXISTS event_fts;
CREATE VIRTUAL TABLE search_fts USING fts5(body, content='', contentless_delete=1);
CREATE TABLE search_stale (k INTEGER NOT NULL);
CREATE TABLE search_dirty (r INTEGER NOT NULL);
CREATE TRIGGER search_events_ai AFTER INSERT ON events BEGIN
  INSERT INTO search_dirty VALUES (new.rowid);
END;
CREATE TRIGGER search_events_au AFTER UPDATE OF date_start, notes, location ON events
  WHEN old.date_start IS NOT new.date_start OR old.notes IS NOT new.notes
    OR old.location IS NOT new.location BEGIN
  INSERT INTO search_stale VALUES (",
    search_key!("old"),
    ");
  INSERT INTO search_dirty VALUES (new.rowid);
END;
CREATE TRIGGER search_events_ad AFTER DELETE ON events BEGIN
  INSERT INTO search_stale VALUES (",
    search_key!("old"),
    ");
END;
CREATE TRIGGER search_sources_ai AFTER INSERT ON event_sources BEGIN
  INSERT INTO search_stale SELECT ",
    search_key!("e"),
    " FROM events e WHERE e.event_id = new.event_id;
  INSERT INTO search_dirty SELECT e.rowid FROM events e WHERE e.event_id = new.event_id;
END;
CREATE TRIGGER search_sources_au AFTER UPDATE OF event_id, doc_key ON event_sources BEGIN
  INSERT INTO search_stale SELECT ",
    search_key!("e"),
    " FROM events e WHERE e.event_id IN (old.event_id, new.event_id);
  INSERT INTO search_dirty SELECT e.rowid FROM events e
    WHERE e.event_id IN (old.event_id, new.event_id);
END;
CREATE TRIGGER search_sources_ad AFTER DELETE ON event_sources BEGIN
  INSERT INTO search_stale SELECT ",
    search_key!("e"),
    " FROM events e WHERE e.event_id = old.event_id;
  INSERT INTO search_dirty SELECT e.rowid FROM events e WHERE e.event_id = old.event_id;
END;
",
    "INSERT INTO search_fts (rowid, body) SELECT ",
    search_key!("e"),
    ", ",
    search_body!(),
    " FROM events e ORDER BY 1;"
);

/// Migration 12 on PostgreSQL: nothing yet.
pub const V12_PG: &str = "SELECT 1";

/// Candidate searches that read no event outside their window: the blocking
/// indexes also hold `block_end`, so the events whose window ends before the
/// new one starts (most of the [`crate::dedup::MAX_BLOCK_DAYS`] read back) are
/// passed over in the index instead of each read from the table; the index of
/// wide windows holds only the events that have one (`block_wide = 1`, the
/// term the query names), not a row for every event.
const V13: &str = "
DROP INDEX IF EXISTS events_cell;
CREATE INDEX events_cell ON events (country, dedup_cell, block_start, block_end);
DROP INDEX IF EXISTS events_block;
CREATE INDEX events_block ON events (country, block_start, block_end);
DROP INDEX IF EXISTS events_wide;
CREATE INDEX events_wide ON events (country, reach_start) WHERE block_wide = 1;
";

/// Mentions stored once (SQLite; PostgreSQL: [`V14_PG`]): a table without
/// rowid, its rows in the B-tree of its key `(doc_key, seq)`, instead of a
/// table and an index that held the report key of each mention a second time
/// (324 of the 4,826 bytes per report of the ingest benchmark's store at
/// 200,000 reports, and a second B-tree written per mention).
/// Nothing reads a mention's rowid.
const V14: &str = "
CREATE TABLE mentions_by_key (
    doc_key    TEXT NOT NULL,
    seq        BIGINT NOT NULL,
    source_event_id TEXT NOT NULL,
    kind       TEXT NOT NULL,
    span_start BIGINT NOT NULL,
    span_end   BIGINT NOT NULL,
    value      TEXT,
    PRIMARY KEY (doc_key, seq)
) WITHOUT ROWID;
INSERT INTO mentions_by_key (doc_key, seq, source_event_id, kind, span_start, span_end, value)
  SELECT doc_key, seq, source_event_id, kind, span_start, span_end, value FROM mentions;
DROP TABLE mentions;
ALTER TABLE mentions_by_key RENAME TO mentions;
";

/// Migration 14 on PostgreSQL: a table and its key index are what it has.
pub const V14_PG: &str = "SELECT 1";

/// An index fewer to write per event: `events_place (country, place_key)`
/// served only the candidate search of an event without any date window
/// (`country = ? AND (place_key = ? OR lat and lon near)`), which the `OR` made
/// read every event of the country in it (SQLite: `SEARCH events USING INDEX
/// events_place (country=?)`), as it now does in another index that begins
/// with the country; yet every event was inserted into it, at a random place
/// (the index dirtied a thousand pages per batch at 180,000 reports).
const V15: &str = "DROP INDEX IF EXISTS events_place;";

/// Records as bytes: `event_records.record` is written deflated without base64
/// (`z2:` and the raw bytes, a third fewer than `z1:` and base64). SQLite keeps
/// the column as it is (a BLOB is stored as given in a column of any type,
/// and the records written before stay text: both are read); PostgreSQL:
/// [`V16_PG`].
const V16: &str = "SELECT 1";

/// Migration 16 on PostgreSQL: the column becomes `BYTEA`, each record written
/// before (`z1:` and base64, or JSON) kept as the bytes of its text, read as before.
pub const V16_PG: &str =
    "ALTER TABLE event_records ALTER COLUMN record TYPE BYTEA USING convert_to(record, 'UTF8');";

/// Fewer bytes of index in random order (SQLite; PostgreSQL: [`V17_PG`]).
/// Each event lands at its own place in every index keyed by its id, its
/// date or its coordinates, so a batch of an ingest rewrites most pages of
/// each such index: their bytes, not the rows, set the cost of a commit and
/// of the checkpoints after it. The two indexes of an actor's rows become one
/// in date order, its role after the date (an actor and a role: the actor's
/// rows newest first, the role tested in the index; 33.2 MB became 17.0 MB
/// at 200,000 reports). The index of coordinates keeps the date and id: a box
/// without them read each match's row to sort them (at 1,000,000 events the
/// box query of the benchmark took 80 ms at p50, 138 ms at p99).
const V17: &str = "
DROP INDEX IF EXISTS event_actors_role_date;
DROP INDEX IF EXISTS event_actors_date;
CREATE INDEX IF NOT EXISTS event_actors_actor ON event_actors (actor_id, date_start, role);
";

/// Migration 17 on PostgreSQL: its indexes of migration 9 are in the order
/// its queries ask for; nothing changes.
pub const V17_PG: &str = "SELECT 1";

/// A report added to an event (`event_sources`) notes only the event's row
/// as one to index again (SQLite; PostgreSQL: [`V18_PG`]): `flush_search`
/// deletes the key every such row has when the transaction commits (its date
/// unchanged since it was indexed, or the change noted its old key), instead
/// of a trigger computing the key (`julianday`) row by row. A statement that
/// calls a function may fail halfway, so SQLite kept a statement journal, a
/// copy of each page it changed, for every insert of a source.
const V18: &str = "
DROP TRIGGER IF EXISTS search_sources_ai;
DROP TRIGGER IF EXISTS search_sources_au;
DROP TRIGGER IF EXISTS search_sources_ad;
CREATE TRIGGER search_sources_ai AFTER INSERT ON event_sources BEGIN
  INSERT INTO search_dirty SELECT e.rowid FROM events e WHERE e.event_id = new.event_id;
END;
CREATE TRIGGER search_sources_au AFTER UPDATE OF event_id, doc_key ON event_sources BEGIN
  INSERT INTO search_dirty SELECT e.rowid FROM events e
    WHERE e.event_id IN (old.event_id, new.event_id);
END;
CREATE TRIGGER search_sources_ad AFTER DELETE ON event_sources BEGIN
  INSERT INTO search_dirty SELECT e.rowid FROM events e WHERE e.event_id = old.event_id;
END;
";

/// Migration 18 on PostgreSQL: no search triggers.
pub const V18_PG: &str = "SELECT 1";

/// Sources and casualty claims keyed in the order reports arrive (SQLite and
/// PostgreSQL alike). Their keys began with the event's id, a hash: each row
/// of a batch landed at its own place in a B-tree of 3,520 (sources) and
/// 2,696 (claims) pages at 180,000 reports of the ingest benchmark, and a
/// batch of 5,000 reports rewrote most of them. Each table is rebuilt without
/// that key: its unique key begins with the report's key (`doc_key`, new
/// reports at the end; it also serves the look-ups by report the index
/// `event_sources_doc` served), and an index of the event's id alone (some 24
/// bytes a row instead of 65) serves the look-ups by event. The search
/// triggers of migration 18 go with the old table and are made again.
const V19: &str = "
CREATE TABLE event_sources_v19 (
    event_id        TEXT NOT NULL,
    doc_key         TEXT NOT NULL,
    source_event_id TEXT NOT NULL,
    doc_name        TEXT NOT NULL,
    url             TEXT,
    published       TEXT,
    sentences       TEXT NOT NULL,
    merge_score     DOUBLE PRECISION,
    merge_reason    TEXT NOT NULL,
    added_at        TEXT NOT NULL,
    first_event_id  TEXT
);
INSERT INTO event_sources_v19 (event_id, doc_key, source_event_id, doc_name, url, published,
    sentences, merge_score, merge_reason, added_at, first_event_id)
  SELECT event_id, doc_key, source_event_id, doc_name, url, published, sentences, merge_score,
    merge_reason, added_at, first_event_id FROM event_sources;
DROP TABLE event_sources;
ALTER TABLE event_sources_v19 RENAME TO event_sources;
CREATE UNIQUE INDEX event_sources_key ON event_sources (doc_key, source_event_id, event_id);
CREATE INDEX event_sources_event ON event_sources (event_id);
CREATE TABLE casualty_claims_v19 (
    event_id   TEXT NOT NULL,
    doc_key    TEXT NOT NULL,
    seq        BIGINT NOT NULL,
    kind       TEXT NOT NULL,
    low        BIGINT,
    high       BIGINT,
    claimed_by TEXT NOT NULL,
    span_start BIGINT NOT NULL,
    span_end   BIGINT NOT NULL
);
INSERT INTO casualty_claims_v19 (event_id, doc_key, seq, kind, low, high, claimed_by,
    span_start, span_end)
  SELECT event_id, doc_key, seq, kind, low, high, claimed_by, span_start, span_end
  FROM casualty_claims;
DROP TABLE casualty_claims;
ALTER TABLE casualty_claims_v19 RENAME TO casualty_claims;
CREATE UNIQUE INDEX casualty_claims_key ON casualty_claims (doc_key, event_id, seq);
CREATE INDEX casualty_claims_event ON casualty_claims (event_id);
";

/// Candidate searches that read no far place (SQLite and PostgreSQL alike):
/// the index of grid cells also holds the coordinates, so that the search in
/// the cells near a fine place passes over, in the index, the places outside
/// the box within [`crate::dedup::DedupConfig::max_km`] of it
/// ([`crate::dedup::cells_near`]), which deduplication never compares. A
/// search read every event of up to four cells of 1° in its window, and
/// deduplication let three in four of them go (at 180,000 reports of the
/// ingest benchmark, 62,615 rows for 20,570 searches, 17,704 compared).
const V20: &str = "
DROP INDEX IF EXISTS events_cell;
CREATE INDEX events_cell ON events (country, dedup_cell, block_start, block_end, lat, lon);
";

/// Fewer indexes to write per report (PostgreSQL: [`V21_PG`]; SQLite has
/// neither index already: its mentions are a table without rowid, its
/// actor rows one index since migration 17).
const V21: &str = "SELECT 1";

/// Migration 21 on PostgreSQL. The key of `mentions` (`doc_key`, `seq`) is
/// an index no statement reads (mentions are written, counted and deleted
/// whole; each report's are numbered once, when it is first stored): some
/// eight index entries written per report, 440 of its 6,472 bytes at 20,000
/// reports of the store benchmark. The two indexes of an actor's rows become
/// one, as on SQLite (migration 17): the actor's rows newest first, the role
/// tested in the index (an actor and a role: `WHERE actor_id = ? AND role =
/// ? ORDER BY date_start DESC NULLS LAST, event_id` reads it in order).
pub const V21_PG: &str = "
ALTER TABLE mentions DROP CONSTRAINT IF EXISTS mentions_pkey;
CREATE INDEX IF NOT EXISTS event_actors_actor_desc
  ON event_actors (actor_id, date_start DESC NULLS LAST, event_id, role);
DROP INDEX IF EXISTS event_actors_role_date_desc;
DROP INDEX IF EXISTS event_actors_date_desc;
";

/// One stored search vector per event (PostgreSQL: [`V22_PG`]; SQLite has
/// its one search index since migration 12).
const V22: &str = "SELECT 1";

/// Migration 22 on PostgreSQL: `events.search`, the words of an event's notes,
/// place name and reports ([`crate::query::search_vector`], computed by the
/// store, not by `to_tsvector`), under one GIN index, replace the two indexes
/// of text vectors (reports, and notes with the place name) that a search
/// joined through `event_sources`: a common word gathered every report that
/// has it and sorted their events (`checkpoint` at 100,000 reports of the
/// store benchmark: 16,535 reports, 170 ms at p50, 305 ms at p99). One
/// column lets the planner walk the newest events and test each, or read the
/// index, whichever costs less. An event whose vector is to be made again
/// (stored before this migration, rewritten by a merge or a correction, its
/// reports moved) has none: `events_search_stale` lists them, and the store
/// computes them before each write commits (`Store::flush_search`).
pub const V22_PG: &str = "
ALTER TABLE events ADD COLUMN IF NOT EXISTS search tsvector;
CREATE INDEX IF NOT EXISTS events_search ON events USING GIN (search);
CREATE INDEX IF NOT EXISTS events_search_stale ON events (event_id) WHERE search IS NULL;
DROP INDEX IF EXISTS events_text_fts;
DROP INDEX IF EXISTS documents_fts;
";

/// The mentions of one event of a report in one row (PostgreSQL: [`V23_PG`];
/// SQLite keeps a row per mention in its table without rowid, migration 14).
const V23: &str = "SELECT 1";

/// Migration 23 on PostgreSQL. A mention was a row of its own (some 122
/// bytes with its header, the report's key and the event's id written again
/// each time; 7.5 a report, 989 of the 5,769 bytes per report of the store
/// benchmark at 100,000 reports, and as many tuples written). Now the
/// mentions of one event of a report are one row of `mention_sets`: the
/// report's key, the `seq` of its first mention, the event's id and the
/// mentions as JSON (`[[kind, span_start, span_end, value], …]`, in `seq`
/// order, the kind by a one-letter code). `mentions` becomes a view with the
/// rows and columns the table had, so what reads them is unchanged. Each run
/// of mentions of one event with consecutive numbers becomes a row, so every
/// mention keeps its number.
pub const V23_PG: &str = "
CREATE TABLE mention_sets (
    doc_key         TEXT NOT NULL,
    seq             BIGINT NOT NULL,
    source_event_id TEXT NOT NULL,
    items           TEXT NOT NULL
);
INSERT INTO mention_sets (doc_key, seq, source_event_id, items)
  SELECT doc_key, MIN(seq), source_event_id,
    CAST(json_agg(json_build_array(CASE kind WHEN 'sentence' THEN 's' WHEN 'date' THEN 'd'
      WHEN 'place' THEN 'p' WHEN 'actor' THEN 'a' WHEN 'fatalities' THEN 'f'
      WHEN 'injuries' THEN 'i' WHEN 'casualty_claim' THEN 'c' ELSE kind END,
      span_start, span_end, value) ORDER BY seq) AS TEXT)
  FROM (SELECT m.*, seq - row_number() OVER (PARTITION BY doc_key, source_event_id
          ORDER BY seq) AS run FROM mentions m) r
  GROUP BY doc_key, source_event_id, run;
DROP TABLE mentions;
CREATE VIEW mentions AS
  SELECT m.doc_key, m.seq + i.n - 1 AS seq, m.source_event_id,
    CASE i.item->>0 WHEN 's' THEN 'sentence' WHEN 'd' THEN 'date' WHEN 'p' THEN 'place'
      WHEN 'a' THEN 'actor' WHEN 'f' THEN 'fatalities' WHEN 'i' THEN 'injuries'
      WHEN 'c' THEN 'casualty_claim' ELSE i.item->>0 END AS kind,
    CAST(i.item->>1 AS BIGINT) AS span_start, CAST(i.item->>2 AS BIGINT) AS span_end,
    i.item->>3 AS value
  FROM mention_sets m, json_array_elements(CAST(m.items AS json)) WITH ORDINALITY AS i(item, n);
";

/// An index of actor rows by their event alone (PostgreSQL: [`V24_PG`];
/// SQLite keeps its key).
const V24: &str = "SELECT 1";

/// Migration 24 on PostgreSQL. The key of `event_actors` (`event_id`,
/// `seq`) served only the statements that delete an event's actor rows (no
/// statement looks up one row, nothing relies on the key being unique: an
/// event's rows are deleted before they are written again): an entry per
/// actor row, 165 bytes per report of the store benchmark at 100,000
/// reports. An index of `event_id` alone keeps one entry per event (its rows'
/// places in a list: PostgreSQL's B-trees store a repeated key once).
pub const V24_PG: &str = "
CREATE INDEX IF NOT EXISTS event_actors_event ON event_actors (event_id);
ALTER TABLE event_actors DROP CONSTRAINT IF EXISTS event_actors_pkey;
";

/// The index of a country's blocking windows kept apart from the searches
/// of grid cells (PostgreSQL: [`V25_PG`]; SQLite keeps `events_block`).
const V25: &str = "SELECT 1";

/// Migration 25 on PostgreSQL. The searches of a batch's candidates in grid
/// cells ([`crate::batch_search`]: `country`, `dedup_cell`, a window of
/// `block_start`) were planned on `events_block` (`country`, `block_start`,
/// `block_end`) rather than on `events_cell`: with the cell and window given
/// row by row, PostgreSQL cannot tell how many rows a window holds, and
/// `events_block` is the smaller index. So each search read every event of
/// its country in its window, more as the store grows (at 40,000 reports a
/// batch's prefetch read 470,000 buffers in 0.8 s; in `events_cell` about
/// four a search). The searches of a whole country (a place no finer than a
/// province) now name the country as `country || ''` (the same rows: a text
/// with nothing appended is itself, and NULL stays NULL), which only the
/// index of that expression serves, so a search that names the country
/// itself can only use `events_cell`.
pub const V25_PG: &str = "
DROP INDEX IF EXISTS events_block;
CREATE INDEX IF NOT EXISTS events_country_block ON events ((country || ''), block_start, block_end);
";

/// Search words folded alike on both backends (PostgreSQL: [`V26_PG`];
/// SQLite's index folds them itself: FTS5's `unicode61` tokenizer).
const V26: &str = "SELECT 1";

/// Migration 26 on PostgreSQL. Its search vectors and queries fold words as
/// SQLite's index does ([`crate::query::fold_word`]: an ASCII letter with
/// one diacritic made that letter, so that "Segou" and "Ségou" find each
/// other), where they only lowercased them. A vector that holds a word not
/// all ASCII may change: it is made again (`search` NULL: the store remakes
/// it when it opens, [`crate::Store`]'s `refresh_search_vectors`); a vector
/// of ASCII words only is folded already.
pub const V26_PG: &str = "
UPDATE events SET search = NULL
  WHERE octet_length(CAST(search AS TEXT)) <> char_length(CAST(search AS TEXT));
";

/// Newest-first indexes without a tie-breaker (PostgreSQL: [`V27_PG`];
/// SQLite's indexes end with the rowid whatever they name).
const V27: &str = "SELECT 1";

/// Migration 27 on PostgreSQL. The four indexes of migration 9 that a
/// filter reads newest first (all events, a country's, a province's, a
/// type's) ended with the event's id, only to break ties of a day: each
/// entry was unique, so each event took its own entry of some 40 bytes in
/// each (56 MB at 200,000 reports of the store benchmark, 290 bytes per
/// report, written at a random place per event). Without the id, the events
/// of one day share an entry (PostgreSQL's B-trees store a repeated key
/// once, with a list of rows: 12.7 MB), and a query orders a day's events
/// by id itself (an incremental sort of the last day it reads: the newest
/// 100 of a country read 121 rows instead of 100). The index of
/// coordinates keeps its date and id (a box's matches are sorted from it).
pub const V27_PG: &str = "
CREATE INDEX IF NOT EXISTS events_date_newest ON events (date_start DESC NULLS LAST);
CREATE INDEX IF NOT EXISTS events_country_newest ON events (country, date_start DESC NULLS LAST);
CREATE INDEX IF NOT EXISTS events_admin1_newest ON events (admin1, date_start DESC NULLS LAST);
CREATE INDEX IF NOT EXISTS events_type_newest ON events (event_type, date_start DESC NULLS LAST);
DROP INDEX IF EXISTS events_date_desc;
DROP INDEX IF EXISTS events_country_date_desc;
DROP INDEX IF EXISTS events_admin1_date_desc;
DROP INDEX IF EXISTS events_type_date_desc;
";

/// Migration 5 on PostgreSQL: GIN indexes over the `simple` text vectors of
/// report texts (their first 200,000 characters: a vector is limited to 1 MB)
/// and event notes; [`crate::query`] searches with the same expressions.
pub const V5_PG: &str = "
CREATE INDEX IF NOT EXISTS documents_fts ON documents USING GIN (to_tsvector('simple', left(text, 200000)));
CREATE INDEX IF NOT EXISTS events_notes_fts ON events USING GIN (to_tsvector('simple', notes));
";

/// Apply every migration the database lacks. Returns the versions applied.
pub fn migrate(db: &mut dyn Backend) -> Result<Vec<i64>, StoreError> {
    // Two processes opening an empty database at once: one migrates, the other
    // waits and then finds every migration applied.
    db.lock_migrations()?;
    let res = migrate_locked(db);
    let unlocked = db.unlock_migrations();
    let applied = res?;
    unlocked?;
    Ok(applied)
}

fn migrate_locked(db: &mut dyn Backend) -> Result<Vec<i64>, StoreError> {
    db.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
    )?;
    let mut applied = Vec::new();
    for (version, name, sql) in MIGRATIONS {
        db.begin_write()?;
        let have = db.query(
            "SELECT version FROM schema_migrations WHERE version = ?",
            &[(*version).into()],
        );
        let res = have.and_then(|rows| {
            if !rows.is_empty() {
                return Ok(false);
            }
            // Written per database: full-text search (5, 8, 12), index order (9),
            // cells (10), tables without rowid (14), record bytes (16), indexes (17),
            // search triggers (18, again after 19), search vectors (22), mentions (23),
            // actor rows' index (24), a country's windows (25), folded words (26),
            // newest-first indexes (27).
            let sql = match (*version, db.kind()) {
                (5, crate::BackendKind::Postgres) => V5_PG,
                (8, crate::BackendKind::Postgres) => V8_PG,
                (9, crate::BackendKind::Postgres) => V9_PG,
                (10, crate::BackendKind::Postgres) => V10_PG,
                (12, crate::BackendKind::Postgres) => V12_PG,
                (14, crate::BackendKind::Postgres) => V14_PG,
                (16, crate::BackendKind::Postgres) => V16_PG,
                (17, crate::BackendKind::Postgres) => V17_PG,
                (18, crate::BackendKind::Postgres) => V18_PG,
                (21, crate::BackendKind::Postgres) => V21_PG,
                (22, crate::BackendKind::Postgres) => V22_PG,
                (23, crate::BackendKind::Postgres) => V23_PG,
                (24, crate::BackendKind::Postgres) => V24_PG,
                (25, crate::BackendKind::Postgres) => V25_PG,
                (26, crate::BackendKind::Postgres) => V26_PG,
                (27, crate::BackendKind::Postgres) => V27_PG,
                _ => sql,
            };
            db.execute_batch(sql)?;
            if *version == 19 && db.kind() == crate::BackendKind::Sqlite {
                // The search triggers of migration 18, gone with the old table.
                db.execute_batch(V18)?;
            }
            db.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                &[(*version).into(), (*name).into(), crate::now().into()],
            )?;
            Ok(true)
        });
        match res {
            Ok(did) => {
                db.commit()?;
                if did {
                    applied.push(*version);
                }
            }
            Err(e) => {
                let _ = db.rollback();
                return Err(e);
            }
        }
    }
    Ok(applied)
}

/// The highest migration version recorded in the database.
pub fn current_version(db: &mut dyn Backend) -> Result<i64, StoreError> {
    let rows = db.query(
        "SELECT CAST(COALESCE(MAX(version), 0) AS BIGINT) FROM schema_migrations",
        &[],
    )?;
    Ok(rows.first().and_then(|r| col(r, 0).as_i64()).unwrap_or(0))
}
