/*!
The sitrep event store: reports and their events in SQLite (default, bundled) or
PostgreSQL (for teams), merged across reports, with every revision kept.

Analysts ingest thousands of reports a day, many about the same events. The store
keeps every document (id, url, publication date, content hash, stored text), the
mentions each event was built from (with spans into that text), and one record
per real-world event: when a new report tells of an event already stored, its
event is merged into the stored one ([`dedup`]), the merge's score and reasons are
recorded, every source and casualty claim is kept, and the change is a new
revision of the event. Event ids are stable: a merged event keeps the id of the
earliest stored event of its cluster.

# Backends
[`Store::open`] takes a path (SQLite, created when missing; WAL mode) or a
`postgres://…` URL; [`Store::open_read_only`] opens an existing store for reading
(SQLite read-only, a missing file an error; PostgreSQL read-only transactions with
a statement timeout), as the CLI's read commands do. Both run the same SQL through [`backend::Backend`], so they
behave alike and share their tests. The schema is built and upgraded by numbered
migrations ([`schema::MIGRATIONS`]).

# Schema (migration 1, indexes in 2, deduplication columns in 3, storing order in 6, toll parts in 7, grid cells in 10, search in 12, blocking indexes with the window end in 13, no place index from 15, record bytes from 16, PostgreSQL's newest-first indexes without the event id from 27)
* `documents(doc_key PK, doc_id, source_name, url, title, published, content_hash,
  text, ingested_at, n_events, ingest_seq)`: `doc_key` = `id@` + the first 16 hex
  digits of the SHA-256 of the stored text, so the same document twice is stored
  once, and a revised article under the same id is a new document; `ingest_seq`
  numbers the documents in the order they were first stored (reprocessing
  rebuilds in that order);
* `events(event_id PK, event_type, sub_event_type, date_start, date_end,
  date_precision, block_start, block_end, country, admin1, admin1_code, admin2,
  location, place_key, lat, lon, geo_precision, fatalities_low/best/high,
  injuries_low/best/high, perpetrator, n_sources, revision, created_at, updated_at,
  notes, reach_start, reach_end, block_wide, dedup_actors, month_day, toll_parts, dedup_cell)`: the queryable fields of each event (and its dedup profile, with the
  grid cell candidate searches read: [`dedup::cell`]), kept narrow
  so that filtered queries over millions of rows stay fast;
* `event_records(event_id PK, evidence, record)`: `record` is the merged
  `sitrep.event/1` JSON, an LZ4 block matched against a fixed dictionary of
  record JSON, as bytes after an `l4:` prefix (a SQLite BLOB, a PostgreSQL
  `BYTEA` from migration 16; records written before are `z2:` and deflated
  bytes, `z1:` and deflated base64, or JSON as it is: all are read), `evidence` the words
  compared by deduplication;
* `event_sources(event_id, doc_key, source_event_id, doc_name, url, published,
  sentences, merge_score, merge_reason, added_at)`: one row per report of an event,
  with the id the extractor gave it in that report and why it was merged
  (migration 19: unique by report first, `(doc_key, source_event_id, event_id)`,
  so that new reports go at the end of its key, and indexed by `event_id`);
* `event_actors(event_id, seq, role, actor_id, name, date_start)`, `actors(actor_id, name,
  actor_type)`, `places(place_key, name, admin2, admin1, admin1_code, country, lat,
  lon, geonames_id)`;
* `casualty_claims(event_id, doc_key, seq, kind, low, high, claimed_by, span_start,
  span_end)`: every figure of every source, with its document (migration 19:
  unique by `(doc_key, event_id, seq)`, indexed by `event_id`);
* `mentions(doc_key, seq, source_event_id, kind, span_start, span_end, value)`:
  the spans each extracted event rests on (trigger sentence, date, place, actor,
  fatalities, injuries, casualty claim), byte offsets into the document's stored
  text (their own copy of that text was dropped in migration 11; on
  PostgreSQL without an index from migration 21: nothing reads one report's;
  on PostgreSQL a view of `mention_sets` since migration 23, one row for the
  mentions of an event of a report);
* `search_fts` (SQLite; migration 12): one contentless FTS5 index of each
  event's notes, place name and report texts, keyed by the event's day and
  rowid so that it reads newest first; `search_stale`/`search_dirty` list what
  a transaction changed, indexed before it commits (PostgreSQL, migration 22:
  `events.search`, the same words as a stored `tsvector` under a GIN index,
  folded as FTS5 folds them from migration 26, [`query::fold_word`]; a merged
  report adds its words to the stored vector);
* `revisions(event_id, revision, at, doc_key, action, changes, reason, score)`:
  revision 1 creates the event; each merge adds one, with the fields that changed
  (old and new values as JSON), the merge score and its reasons; a report that
  bridges two stored events adds `absorb` (and `merged_into` on the absorbed id);
  a stored report's corrected date, title or URL adds `document`.

# Transactions and resuming
[`Store::ingest_batch`] writes a batch of documents in one transaction: a batch is
stored whole or not at all, except that a document the database refuses (a NUL
byte or an over-long id on PostgreSQL) is left out alone and listed by
[`Store::take_failures`] (a batch is first tried whole; when one of its documents
fails, the batch is rolled back and run again with each document under a
savepoint). Documents already stored are skipped, so a killed
ingest run again stores exactly what an uninterrupted run would have.

# Deduplication
See [`dedup`] for the blocking, scoring and reconciling rules.
*/

pub mod backend;
mod batch_search;
pub mod corrections;
pub mod dedup;
pub mod export;
pub mod gold_pairs;
mod knowledge;
pub mod query;
pub mod schema;

pub use backend::{Backend, BackendKind, PgBackend, SqliteBackend, Value};
pub use corrections::{Override, Reextract, ReprocessSummary, StoredDoc};
pub use dedup::{DedupConfig, PairMetrics};
pub use gold_pairs::{evaluate_gold_pairs, GoldPairEval};
pub use knowledge::StoreKnowledge;
pub use query::{EventQuery, StatRow, StatsBy, StoredEvent};

use backend::{col, Row};
use chrono::{Duration, NaiveDate};
use dedup::Profile;
use serde::{de::DeserializeOwned, Serialize};
use sitrep_core::{Document, Event};
use std::collections::{BTreeSet, HashMap, HashSet};

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("PostgreSQL: {}", pg_message(.0))]
    Postgres(#[from] postgres::Error),
    #[error("stored record is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{0}")]
    Invalid(String),
}

/// A report and the events extracted from it, ready to store.
#[derive(Debug, Clone)]
pub struct IngestDoc {
    pub doc: Document,
    pub events: Vec<Event>,
}

/// What one batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchSummary {
    pub docs_new: usize,
    /// Already stored (same id and text): left unchanged.
    pub docs_skipped: usize,
    pub events_new: usize,
    pub events_merged: usize,
    /// Stored events merged into another because a report bridged them.
    pub events_bridged: usize,
    /// Already stored, but with a corrected publication date, title or URL.
    pub docs_revised: usize,
    /// Refused by the database and left out (see [`Store::take_failures`]).
    pub docs_failed: usize,
}

/// A document of a batch that could not be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocFailure {
    /// Its position in the batch given to [`Store::ingest_batch`].
    pub index: usize,
    pub doc_id: String,
    pub message: String,
}

impl BatchSummary {
    pub fn add(&mut self, o: BatchSummary) {
        self.docs_new += o.docs_new;
        self.docs_skipped += o.docs_skipped;
        self.events_new += o.events_new;
        self.events_merged += o.events_merged;
        self.events_bridged += o.events_bridged;
        self.docs_revised += o.docs_revised;
        self.docs_failed += o.docs_failed;
    }
}

/// Row counts of the main tables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub documents: u64,
    pub events: u64,
    pub event_sources: u64,
    pub mentions: u64,
    pub revisions: u64,
}

/// One revision of an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Revision {
    pub event_id: String,
    pub revision: i64,
    pub at: String,
    pub doc_key: Option<String>,
    pub action: String,
    pub changes: serde_json::Value,
    pub reason: String,
    pub score: Option<f64>,
}

/// The current time, RFC 3339 (UTC).
pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// A serde enum as its wire string (`DatePrecision::Day` → `"day"`).
pub(crate) fn enum_str<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// The reverse of [`enum_str`].
pub(crate) fn parse_enum<T: DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
}

fn date_str(d: Option<NaiveDate>) -> Value {
    d.map(ymd).into()
}

/// A date as `YYYY-MM-DD`, as `d.format("%Y-%m-%d")` writes it, without
/// parsing that format string again for each of the dozen dates an ingested
/// event writes (2% of the instructions of an ingest did).
pub(crate) fn ymd(d: NaiveDate) -> String {
    use chrono::Datelike;
    let (y, m, day) = (d.year(), d.month(), d.day());
    let Ok(y @ 0..=9999) = u32::try_from(y) else {
        return d.format("%Y-%m-%d").to_string();
    };
    // 16 is no digit: it writes the dashes.
    [
        y / 1000,
        y / 100 % 10,
        y / 10 % 10,
        y % 10,
        16,
        m / 10,
        m % 10,
        16,
        day / 10,
        day % 10,
    ]
    .into_iter()
    .map(|x| char::from_digit(x, 10).unwrap_or('-'))
    .collect()
}

/// A stored date (`YYYY-MM-DD`, as [`ymd`] writes it) read back. Candidate
/// searches read some 18 dates a report: those of the form [`ymd`] writes are
/// read digit by digit (chrono's `parse_from_str` walks its format each time,
/// 1,200 instructions a date); any other text as before.
fn parse_date(v: &Value) -> Option<NaiveDate> {
    let s = v.as_str()?;
    match s.as_bytes() {
        [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1]
            if [y0, y1, y2, y3, m0, m1, d0, d1]
                .iter()
                .all(|b| b.is_ascii_digit()) =>
        {
            let n = |ds: &[&u8]| ds.iter().fold(0u32, |a, d| a * 10 + u32::from(**d - b'0'));
            let year = i32::try_from(n(&[y0, y1, y2, y3])).ok()?;
            NaiveDate::from_ymd_opt(year, n(&[m0, m1]), n(&[d0, d1]))
        }
        _ => NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(),
    }
}

/// A PostgreSQL error with the server's own message ("db error" alone says nothing).
fn pg_message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(d) => format!("{} ({})", d.message(), d.code().code()),
        None => e.to_string(),
    }
}

/// A store target fit to print: a PostgreSQL URL's password replaced by `***`.
pub fn redact_url(target: &str) -> String {
    let Some((scheme, rest)) = target.split_once("://") else {
        return target.to_string();
    };
    let (auth, host) = match rest.rsplit_once('@') {
        Some(x) => x,
        None => return target.to_string(),
    };
    match auth.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => target.to_string(),
    }
}

/// The storage key and content hash of a document (see the schema).
pub fn document_key(doc: &Document) -> (String, String) {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(doc.text.as_bytes());
    let hash: String = digest
        .iter()
        .flat_map(|b| [b >> 4, b & 15])
        .filter_map(|x| char::from_digit(u32::from(x), 16))
        .collect();
    let short = hash.get(..16).unwrap_or(&hash).to_string();
    (format!("{}@{}", doc.id, short), hash)
}

/// The start of a record deflated and in base64 (`event_records.record`, as
/// written before migration 16: text). A record starting with `{` is JSON as
/// it is (stores written before that, or by hand). Both are still read.
const RECORD_DEFLATED_B64: &[u8] = b"z1:";

/// The start of a record as written from migration 16 until LZ4 records
/// ([`RECORD_LZ4`]): its JSON deflated, the raw bytes after this prefix (a
/// SQLite BLOB, a PostgreSQL `BYTEA`). Still read.
const RECORD_DEFLATED: &[u8] = b"z2:";

/// The start of a record as written now: its JSON as an LZ4 block after this
/// prefix, the length of the JSON first (4 bytes, little-endian), matched
/// against [`RECORD_DICT`] as well as itself. A deflate stream cost a record a
/// clean compressor, some 230 kB of tables cleared each time, and a Huffman
/// code built for a kilobyte of JSON: 38 µs for a record of 1.1 kB (647
/// bytes), against 5 µs (402 bytes) for this block.
const RECORD_LZ4: &[u8] = b"l4:";

/// What an LZ4 record is matched against besides itself: the keys and common
/// values of a `sitrep.event/1` record, so that a record of one event spends
/// its bytes on what is its own. Never edited (the records written with it
/// read with it): another dictionary is another prefix.
const RECORD_DICT: &[u8] = br#"{"role":"target","id":"state-forces-","name":"Police Forces of ","type":"state_forces","text":"","span":[0,0]},{"role":"participant","id":"unidentified-armed-group","name":"Unidentified Armed Group","type":"rebel_group","text":"","span":[0,0]}],"sub_event_type":"remote_explosive_landmine_ied","plover":{"event":"ASSAULT","mode":"firearms"},"cameo":"19","sub_event_type":"armed_clash","plover":{"event":"COERCE","mode":"explosives"},"cameo":"18","sub_event_type":"attack","event_type":"explosions_remote_violence","event_type":"battles","injuries":{"low":null,"best":null,"high":null},"casualty_claims":[{"kind":"injured","low":0,"high":0,"by":"officials","span":[0,0]}],"attribution":{"status":"unattributed","claimed_by":[],"alleged_by":[]},"modality":"asserted","sources":[{"doc":"","url":null,"published":"2020-01-01","sentences":[[0,0]]}],"confidence":0.9},{"schema":"sitrep.event/1","id":"","event_type":"violence_against_civilians","sub_event_type":"attack","plover":{"event":"ASSAULT"},"cameo":"18","date":{"start":"2020-01-01","end":"2020-01-01","precision":"day","text":"on Monday","span":[0,0],"basis":"text"},"location":{"name":"","admin2":"","admin1":"","admin1_code":"","country":"","lat":0.0,"lon":0.0,"geonames_id":0,"precision":"point","text":"","span":[0,0]},"actors":[{"role":"perpetrator","id":"","name":"","type":"rebel_group","text":"","span":[0,0]},{"role":"victim","id":"civilians","name":"Civilians","type":"civilians","text":"people","span":[0,0]}],"fatalities":{"low":0,"best":0,"high":0,"text":"were killed","span":[0,0]},"injuries":{"low":null,"best":null,"high":null},"casualty_claims":[{"kind":"killed","low":0,"high":0,"by":"media","span":[0,0]}],"attribution":{"status":"confirmed","claimed_by":[],"alleged_by":[]},"modality":"asserted","sources":[{"doc":"","url":null,"published":"2020-01-01","sentences":[[0,0]]}],"confidence":0.95}"#;

/// The largest record read back (its JSON): a damaged length gets an error,
/// not an allocation of gigabytes.
const MAX_RECORD_BYTES: usize = 256 << 20;

/// A record as stored: its JSON as an LZ4 block ([`RECORD_LZ4`]), bytes.
pub(crate) fn encode_record(ev: &Event) -> Result<Vec<u8>, StoreError> {
    let json = serde_json::to_vec(ev)?;
    let len = u32::try_from(json.len())
        .map_err(|_| StoreError::Invalid(format!("a record of {} bytes", json.len())))?;
    let head = RECORD_LZ4.len() + 4;
    let mut out = vec![0; head + lz4_flex::block::get_maximum_output_size(json.len())];
    out[..RECORD_LZ4.len()].copy_from_slice(RECORD_LZ4);
    out[RECORD_LZ4.len()..head].copy_from_slice(&len.to_le_bytes());
    let n = lz4_flex::block::compress_into_with_dict(&json, &mut out[head..], RECORD_DICT)
        .map_err(|e| StoreError::Invalid(format!("compressing a record: {e}")))?;
    out.truncate(head + n);
    Ok(out)
}

/// A stored record: an LZ4 block ([`encode_record`]), deflated bytes (`z2:`,
/// from migration 16), deflated in base64 (`z1:`, before), or plain JSON.
pub(crate) fn decode_record(s: &[u8]) -> Result<Event, StoreError> {
    use base64::Engine;
    use std::io::Read;
    let bad = |e: &dyn std::fmt::Display| StoreError::Invalid(format!("stored record: {e}"));
    if let Some(block) = s.strip_prefix(RECORD_LZ4) {
        let (len, body) = lz4_flex::block::uncompressed_size(block).map_err(|e| bad(&e))?;
        if len > MAX_RECORD_BYTES {
            return Err(bad(&format!("a record of {len} bytes")));
        }
        let json =
            lz4_flex::block::decompress_with_dict(body, len, RECORD_DICT).map_err(|e| bad(&e))?;
        return Ok(serde_json::from_slice(&json)?);
    }
    let decoded;
    let deflated = if let Some(raw) = s.strip_prefix(RECORD_DEFLATED) {
        raw
    } else if let Some(b64) = s.strip_prefix(RECORD_DEFLATED_B64) {
        decoded = base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(b64)
            .map_err(|e| bad(&e))?;
        decoded.as_slice()
    } else {
        return Ok(serde_json::from_slice(s)?);
    };
    let mut json = Vec::with_capacity(deflated.len() * 3);
    flate2::read::DeflateDecoder::new(deflated)
        .read_to_end(&mut json)
        .map_err(|e| bad(&e))?;
    Ok(serde_json::from_slice(&json)?)
}

/// The `notes` kept with a new event (ACLED's column of that name): the evidence
/// sentences of its report, shortened to 600 characters.
pub fn event_notes(ev: &Event, doc_text: &str) -> String {
    truncate_chars(&dedup::evidence_text(ev, doc_text), 600)
}

/// The placeholders of a multi-row `VALUES` list: `rows` groups of `cols`
/// marks, "(?, ?), (?, ?)".
fn value_rows(rows: usize, cols: usize) -> String {
    vec![format!("({})", vec!["?"; cols].join(", ")); rows].join(", ")
}

fn truncate_chars(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", s.get(..i).unwrap_or(s)),
        None => s.to_string(),
    }
}

/// Most words kept per event for the wording comparison.
const MAX_TOKENS: usize = 300;

/// The event store.
pub struct Store {
    db: Box<dyn Backend>,
    knowledge: StoreKnowledge,
    cfg: DedupConfig,
    failures: Vec<DocFailure>,
    read_only: bool,
    /// Rebuilding events in a reprocess: corrections wait until the end.
    replaying: bool,
    /// In an ingest transaction ([`Store::ingest_batch`]): the actor ids and
    /// place keys it has written to `actors` and `places` (rows never changed
    /// once there), so that each is written once per transaction instead of
    /// once per event. None outside one: every write goes to the database.
    written: Option<Written>,
}

/// What an ingest transaction has written to `actors` and `places`, and the
/// rows of `documents` and `mentions` it has yet to write: nothing of the
/// transaction reads them, so they are written a few hundred rows to a
/// statement ([`Store::flush_pending`]) instead of a statement or two per
/// report (a round trip each on PostgreSQL).
#[derive(Default)]
struct Written {
    actors: HashSet<String>,
    places: HashSet<String>,
    /// The parameters of the `documents` rows to write, [`DOC_COLS`] a row.
    docs: Vec<Value>,
    /// The `ingest_seq` of the next document; None until it is first read.
    next_seq: Option<i64>,
    /// The parameters of the `mentions` rows to write, [`MENTION_COLS`] a row.
    mentions: Vec<Value>,
    /// The rows of an event that the ingest of a new event never reads (its
    /// actors, place, source, claims and first revision; only its `events`
    /// and `event_records` rows, which candidate searches read, are written
    /// at once), written many to a statement when the transaction ends, or
    /// before a merge, an absorption or a revised report, which read and
    /// change them ([`Store::insert_rows`], [`Store::flush_rows`]). On
    /// PostgreSQL each statement is a round trip: a new event took ten, now
    /// four (20,000 reports of the store benchmark: 277 -> 372-426 reports/s).
    /// The rows are the same, in the same order within each table. With
    /// `overlay` (PostgreSQL) a new event's `events` and `event_records`
    /// rows are held back too: the batch's searches find it in `touched`.
    rows: Vec<PendingRows>,
    /// Event ids whose presence in `events` the transaction knows (true:
    /// stored): the ids of a batch's events are looked up in one query per
    /// 500 ([`Store::known_event_ids`]), then kept as events are inserted
    /// and absorbed, instead of a query (a round trip on PostgreSQL) per new
    /// event. An id not here is looked up in the database.
    known_ids: HashMap<String, bool>,
    /// PostgreSQL: new events are held back too, and the batch's candidate
    /// searches answered from one prefetch ([`batch_search`]) and from what
    /// the transaction wrote (`touched`).
    overlay: bool,
    /// The events the transaction inserted or changed (their candidate rows),
    /// None for those it deleted; kept when `overlay`.
    touched: batch_search::TouchedSet,
    /// The batch's prefetched searches.
    pre: batch_search::Prefetched,
    /// Whether the store holds an analyst's edit (`overrides`), which a merge
    /// re-applies: read once a transaction, None until then.
    edits: Option<bool>,
}

/// Rows of one insert statement held back: the statement up to `VALUES`, the
/// words after the rows (a conflict clause), the columns of a row and the
/// parameters of the rows, `cols` a row.
struct PendingRows {
    head: String,
    tail: &'static str,
    cols: usize,
    /// The text of one row when it is not `cols` plain parameters.
    row: Option<&'static str>,
    params: Vec<Value>,
}

/// Most rows a held-back insert writes in one statement.
const ROWS_PER_INSERT: usize = 256;

/// Columns of a `documents` row as ingest writes it.
const DOC_COLS: usize = 11;
/// Columns of a `mentions` row.
const MENTION_COLS: usize = 7;

/// Columns of a `mention_sets` row (PostgreSQL, migration 23).
const MENTION_SET_COLS: usize = 4;

/// The code of a mention's kind in a `mention_sets` row (migration 23: the
/// view `mentions` gives the kind back); a kind without one is written whole.
fn mention_code(kind: &str) -> &str {
    match kind {
        "sentence" => "s",
        "date" => "d",
        "place" => "p",
        "actor" => "a",
        "fatalities" => "f",
        "injuries" => "i",
        "casualty_claim" => "c",
        other => other,
    }
}

/// Columns written for an event, besides its record.
struct EventMeta<'a> {
    block: Option<(NaiveDate, NaiveDate)>,
    reach: Option<(NaiveDate, NaiveDate)>,
    actors: String,
    month_day: Option<String>,
    perpetrator: Option<String>,
    n_sources: i64,
    revision: i64,
    created_at: &'a str,
    notes: &'a str,
    evidence: &'a str,
    /// The event's id was found not stored: it has no actors to delete.
    fresh: bool,
    /// PostgreSQL: what becomes of the event's search vector.
    search: SearchWrite,
}

/// What a write of an event does to its search vector on PostgreSQL
/// (`events.search`, migration 22; SQLite indexes at commit whatever changed).
enum SearchWrite {
    /// None now: [`Store::flush_search`] makes it before the commit, from the
    /// event's notes, place name and the text of every report it rests on.
    Remake,
    /// The whole vector ([`query::search_vector`]), all its words at hand (a
    /// new event of an ingest).
    Whole(String),
    /// The stored vector and the words of one more report (a light merge that
    /// changes neither the notes nor the place name: what a remake would
    /// give, without reading the texts of the reports already stored). A
    /// stored vector that is none yet, or too large to add to safely, is
    /// made again instead.
    Add(String),
}

/// Most bytes of the words one report adds to a stored search vector in
/// place ([`SearchWrite::Add`]); and, in `tsvector` text, of the stored
/// vector it is added to: the sum stays under PostgreSQL's limit of 1 MB and
/// [`query::search_vector`]'s cut, so the union is the vector a remake gives.
const SEARCH_ADD_MAX: usize = 100_000;

impl Store {
    /// Open a store: a `postgres://` / `postgresql://` URL, else a SQLite file path
    /// (`:memory:` for a throw-away store). Applies pending migrations.
    pub fn open(target: &str) -> Result<Store, StoreError> {
        if target.starts_with("postgres://") || target.starts_with("postgresql://") {
            Store::open_postgres(target, None)
        } else {
            Store::open_sqlite(target)
        }
    }

    /// Open an existing store for reading: SQLite read-only (a missing file is an
    /// error, never a new empty store; readers never wait on an ingest), PostgreSQL
    /// with read-only transactions and a statement timeout of `timeout_ms`. No
    /// migration is applied; a database that is not a sitrep store is an error.
    pub fn open_read_only(target: &str, timeout_ms: u64) -> Result<Store, StoreError> {
        let db: Box<dyn Backend> =
            if target.starts_with("postgres://") || target.starts_with("postgresql://") {
                Box::new(PgBackend::connect_read_only(target, None, timeout_ms)?)
            } else {
                Box::new(SqliteBackend::open_read_only(target)?)
            };
        let mut store = Store {
            db,
            knowledge: StoreKnowledge::embedded()?,
            cfg: DedupConfig::default(),
            failures: Vec::new(),
            read_only: true,
            replaying: false,
            written: None,
        };
        let version = store.schema_version().unwrap_or(0);
        if version < 1 {
            return Err(StoreError::Invalid(format!(
                "{} holds no sitrep store (no schema); ingest reports into it first",
                redact_url(target)
            )));
        }
        Ok(store)
    }

    pub fn open_sqlite(path: &str) -> Result<Store, StoreError> {
        Store::with_backend(Box::new(SqliteBackend::open(path)?))
    }

    /// PostgreSQL; with `schema`, every table lives in that schema.
    pub fn open_postgres(url: &str, schema: Option<&str>) -> Result<Store, StoreError> {
        Store::with_backend(Box::new(PgBackend::connect(url, schema)?))
    }

    pub fn with_backend(mut db: Box<dyn Backend>) -> Result<Store, StoreError> {
        schema::migrate(db.as_mut())?;
        let mut store = Store {
            db,
            knowledge: StoreKnowledge::embedded()?,
            cfg: DedupConfig::default(),
            failures: Vec::new(),
            read_only: false,
            replaying: false,
            written: None,
        };
        if store.db.kind() == BackendKind::Postgres {
            // The search vectors of events stored before migration 22.
            store.db.begin_write()?;
            match store.refresh_search_vectors() {
                Ok(()) => store.db.commit()?,
                Err(e) => {
                    let _ = store.db.rollback();
                    return Err(e);
                }
            }
        }
        Ok(store)
    }

    /// Use this knowledge (e.g. [`StoreKnowledge::load_dir`]) instead of the embedded one.
    pub fn set_knowledge(&mut self, k: StoreKnowledge) {
        self.knowledge = k;
    }

    pub fn knowledge(&self) -> &StoreKnowledge {
        &self.knowledge
    }

    pub fn dedup_config(&self) -> &DedupConfig {
        &self.cfg
    }

    pub fn set_dedup_config(&mut self, cfg: DedupConfig) {
        self.cfg = cfg;
    }

    pub fn backend_kind(&self) -> BackendKind {
        self.db.kind()
    }

    pub fn schema_version(&mut self) -> Result<i64, StoreError> {
        schema::current_version(self.db.as_mut())
    }

    /// Direct access for queries the API does not cover.
    pub fn backend(&mut self) -> &mut dyn Backend {
        self.db.as_mut()
    }

    /// Whether a document with this key is stored.
    pub fn has_document(&mut self, key: &str) -> Result<bool, StoreError> {
        Ok(!self
            .db
            .query("SELECT 1 FROM documents WHERE doc_key = ?", &[key.into()])?
            .is_empty())
    }

    /// Which of these document keys are stored: one query (SQLite: per 500
    /// keys; a round trip per document made a sixth of the statements of an
    /// ingest).
    fn stored_documents<'k>(
        &mut self,
        keys: impl Iterator<Item = &'k str>,
    ) -> Result<HashSet<String>, StoreError> {
        let keys: Vec<&str> = keys.collect();
        let rows = self.rows_with_keys("SELECT doc_key FROM documents", "doc_key", &keys, 500)?;
        Ok(rows
            .into_iter()
            .filter_map(|r| r.into_iter().next().and_then(Value::into_string))
            .collect())
    }

    /// The rows of `select` (up to its `WHERE`) whose `column` is one of
    /// `keys`: on PostgreSQL one statement, `column = ANY(?)` with the keys as
    /// one array (a list of parameters as long as the keys made the planner
    /// read the whole table), on SQLite one per `per` keys, `column IN (…)`
    /// padded to a power of two with the first key (few distinct statements).
    fn rows_with_keys(
        &mut self,
        select: &str,
        column: &str,
        keys: &[&str],
        per: usize,
    ) -> Result<Vec<Row>, StoreError> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        if self.db.kind() == BackendKind::Postgres {
            let list = Value::TextList(keys.iter().map(|k| (*k).to_string()).collect());
            return self
                .db
                .query(&format!("{select} WHERE {column} = ANY(?)"), &[list]);
        }
        let mut out = Vec::new();
        for part in keys.chunks(per.max(1)) {
            let n = part.len().next_power_of_two();
            let sql = format!("{select} WHERE {column} IN ({})", vec!["?"; n].join(", "));
            let params: Vec<Value> = (0..n)
                .map(|i| Value::from(part.get(i).or(part.first()).copied().unwrap_or_default()))
                .collect();
            out.extend(self.db.query(&sql, &params)?);
        }
        Ok(out)
    }

    /// Look up which of these event ids are stored, one query per 500 ids,
    /// and keep the answer for the ingest transaction ([`Written::known_ids`]).
    fn known_event_ids<'k>(
        &mut self,
        ids: impl Iterator<Item = &'k str>,
    ) -> Result<(), StoreError> {
        let Some(w) = self.written.as_ref() else {
            return Ok(());
        };
        let mut ids: Vec<&str> = ids.filter(|id| !w.known_ids.contains_key(*id)).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut known: HashMap<String, bool> =
            ids.iter().map(|id| ((*id).to_string(), false)).collect();
        for r in self.rows_with_keys("SELECT event_id FROM events", "event_id", &ids, 500)? {
            if let Some(id) = r.into_iter().next().and_then(Value::into_string) {
                known.insert(id, true);
            }
        }
        if let Some(w) = self.written.as_mut() {
            w.known_ids.extend(known);
        }
        Ok(())
    }

    /// Note in the ingest transaction that an event id is now stored or not.
    fn note_event_id(&mut self, id: &str, stored: bool) {
        if let Some(w) = self.written.as_mut() {
            w.known_ids.insert(id.to_string(), stored);
        }
    }

    /// The stored text of a document.
    pub fn document_text(&mut self, key: &str) -> Result<Option<String>, StoreError> {
        let rows = self.db.query(
            "SELECT text FROM documents WHERE doc_key = ?",
            &[key.into()],
        )?;
        Ok(rows
            .into_iter()
            .next()
            .and_then(|r| r.into_iter().next())
            .and_then(Value::into_string))
    }

    /// Store a batch of documents with their events, in one transaction.
    pub fn ingest_batch(&mut self, docs: &[IngestDoc]) -> Result<BatchSummary, StoreError> {
        self.writable()?;
        // Each document alone under a savepoint only when one fails: a savepoint
        // per document makes SQLite's full-text index write a segment of its own
        // for each, and merge them (a sixth of the time of an ingest).
        for isolate in [false, true] {
            self.db.begin_write()?;
            self.written = Some(self.new_written());
            let res = self.ingest_inner(docs, isolate);
            self.written = None;
            match res {
                Ok(s) => {
                    self.commit_write()?;
                    return Ok(s);
                }
                Err(e) => {
                    let _ = self.db.rollback();
                    if isolate {
                        return Err(e);
                    }
                }
            }
        }
        Err(StoreError::Invalid(
            "unreachable: the batch was not stored".into(),
        ))
    }

    /// What an ingest transaction starts with: nothing written; on
    /// PostgreSQL, searches answered from the batch's prefetch.
    fn new_written(&self) -> Written {
        Written {
            overlay: self.db.kind() == BackendKind::Postgres,
            ..Written::default()
        }
    }

    /// Search the candidates of a batch's new documents at once (PostgreSQL,
    /// see [`batch_search`]): each key once, as the ingest loop stores them.
    fn prefetch_batch(
        &mut self,
        docs: &[IngestDoc],
        keys: &[(String, String)],
        stored: &HashSet<String>,
    ) -> Result<(), StoreError> {
        if !self.written.as_ref().is_some_and(|w| w.overlay) {
            return Ok(());
        }
        let mut seen = HashSet::new();
        let list: Vec<(&str, &Document, &[Event])> = docs
            .iter()
            .zip(keys)
            .filter(|(_, k)| !stored.contains(&k.0) && seen.insert(k.0.as_str()))
            .map(|(d, k)| (k.0.as_str(), &d.doc, d.events.as_slice()))
            .collect();
        let pre = self.prefetch_candidates(&list)?;
        if let Some(w) = self.written.as_mut() {
            w.pre = pre;
        }
        Ok(())
    }

    /// Store a batch; with `isolate`, each new document under a savepoint, so
    /// that one the database refuses is left out alone (see [`DocFailure`]);
    /// without, the first error ends the batch.
    fn ingest_inner(
        &mut self,
        docs: &[IngestDoc],
        isolate: bool,
    ) -> Result<BatchSummary, StoreError> {
        let mut sum = BatchSummary::default();
        let mut seen = HashSet::new();
        let keys: Vec<(String, String)> = docs.iter().map(|d| document_key(&d.doc)).collect();
        let stored = self.stored_documents(keys.iter().map(|k| k.0.as_str()))?;
        let fresh_docs = docs
            .iter()
            .zip(&keys)
            .filter(|(_, k)| !stored.contains(&k.0));
        self.known_event_ids(fresh_docs.flat_map(|(d, _)| d.events.iter().map(|e| e.id.as_str())))?;
        self.prefetch_batch(docs, &keys, &stored)?;
        for (index, (d, (key, hash))) in docs.iter().zip(keys).enumerate() {
            if !seen.insert(key.clone()) {
                sum.docs_skipped += 1;
                continue;
            }
            if stored.contains(&key) {
                sum.docs_skipped += 1;
                if self.revise_document(&key, &d.doc)? {
                    sum.docs_revised += 1;
                }
                continue;
            }
            if !isolate {
                self.ingest_doc(d, &key, hash, &mut sum)?;
                continue;
            }
            // One document that the database refuses (PostgreSQL: a NUL byte, an
            // id too long for an index) is reported and the batch goes on.
            self.db.execute_batch("SAVEPOINT sitrep_doc")?;
            let mut one = BatchSummary::default();
            // Its rows written under its savepoint: an error is its own.
            match self
                .ingest_doc(d, &key, hash, &mut one)
                .and_then(|()| self.flush_pending())
            {
                Ok(()) => {
                    self.db.execute_batch("RELEASE SAVEPOINT sitrep_doc")?;
                    sum.add(one);
                }
                Err(e) => {
                    self.db.execute_batch(
                        "ROLLBACK TO SAVEPOINT sitrep_doc; RELEASE SAVEPOINT sitrep_doc",
                    )?;
                    // What the document wrote is gone, its actors and place too.
                    self.written = Some(self.new_written());
                    sum.docs_failed += 1;
                    self.failures.push(DocFailure {
                        index,
                        doc_id: truncate_chars(&d.doc.id, 80),
                        message: e.to_string(),
                    });
                }
            }
        }
        self.flush_pending()?;
        Ok(sum)
    }

    /// Write the `documents` and `mentions` rows an ingest transaction holds
    /// back ([`Written`]), many rows to a statement.
    fn flush_pending(&mut self) -> Result<(), StoreError> {
        self.flush_rows()?;
        let Some(w) = self.written.as_mut() else {
            return Ok(());
        };
        let docs = std::mem::take(&mut w.docs);
        let mentions = std::mem::take(&mut w.mentions);
        let insert = self.insert_verb();
        for part in docs.chunks(DOC_COLS * 100) {
            let sql = format!(
                "{insert} documents (doc_key, doc_id, source_name, url, title, published,
                 content_hash, text, ingested_at, n_events, ingest_seq) VALUES {}",
                value_rows(part.len() / DOC_COLS, DOC_COLS)
            );
            self.db.execute(&sql, part)?;
        }
        self.write_mention_rows(&mentions, 500)
    }

    /// Write `mentions` rows ([`MENTION_COLS`] parameters a row), `per` rows
    /// to a statement; on PostgreSQL `mention_sets` rows
    /// ([`MENTION_SET_COLS`] parameters a row, migration 23).
    fn write_mention_rows(&mut self, mentions: &[Value], per: usize) -> Result<(), StoreError> {
        let insert = self.insert_verb();
        if self.db.kind() == BackendKind::Postgres {
            for part in mentions.chunks(MENTION_SET_COLS * per) {
                let sql = format!(
                    "{insert} mention_sets (doc_key, seq, source_event_id, items) VALUES {}",
                    value_rows(part.len() / MENTION_SET_COLS, MENTION_SET_COLS)
                );
                self.db.execute(&sql, part)?;
            }
            return Ok(());
        }
        for part in mentions.chunks(MENTION_COLS * per) {
            let sql = format!(
                "{insert} mentions (doc_key, seq, source_event_id, kind, span_start, span_end,
                 value) VALUES {}",
                value_rows(part.len() / MENTION_COLS, MENTION_COLS)
            );
            self.db.execute(&sql, part)?;
        }
        Ok(())
    }

    /// Insert rows (`head` up to `VALUES`, `tail` after the rows, `cols`
    /// parameters a row): in an ingest transaction held back
    /// ([`Written::rows`]), else written now.
    fn insert_rows(
        &mut self,
        head: String,
        tail: &'static str,
        cols: usize,
        params: Vec<Value>,
    ) -> Result<(), StoreError> {
        self.insert_rows_as(head, tail, None, cols, params)
    }

    /// [`Store::insert_rows`] with the text of a row (`row`, `cols`
    /// parameters) when it is not plain parameters.
    fn insert_rows_as(
        &mut self,
        head: String,
        tail: &'static str,
        row: Option<&'static str>,
        cols: usize,
        params: Vec<Value>,
    ) -> Result<(), StoreError> {
        let Some(w) = self.written.as_mut() else {
            return self.write_rows(&head, tail, row, cols, &params);
        };
        match w.rows.iter_mut().find(|r| r.head == head && r.tail == tail) {
            Some(r) => r.params.extend(params),
            None => w.rows.push(PendingRows {
                head,
                tail,
                cols,
                row,
                params,
            }),
        }
        Ok(())
    }

    /// Write rows many to a statement: [`ROWS_PER_INSERT`] at a time, the
    /// rest in groups of a power of two (so that few distinct statements are
    /// prepared, whatever the number of rows).
    fn write_rows(
        &mut self,
        head: &str,
        tail: &str,
        row: Option<&str>,
        cols: usize,
        params: &[Value],
    ) -> Result<(), StoreError> {
        let mut rest = params;
        while rest.len() >= cols.max(1) {
            let n = rest.len() / cols.max(1);
            let k = if n >= ROWS_PER_INSERT {
                ROWS_PER_INSERT
            } else {
                1 << n.ilog2()
            };
            let (part, after) = rest.split_at(k * cols);
            let rows = match row {
                Some(row) => vec![row; k].join(", "),
                None => value_rows(k, cols),
            };
            let sql = format!("{head} VALUES {rows}{tail}");
            self.db.execute(&sql, part)?;
            rest = after;
        }
        Ok(())
    }

    /// Write the rows held back for a merge or a correction, which read them.
    fn flush_rows(&mut self) -> Result<(), StoreError> {
        let Some(w) = self.written.as_mut() else {
            return Ok(());
        };
        let rows = std::mem::take(&mut w.rows);
        for r in rows {
            self.write_rows(&r.head, r.tail, r.row, r.cols, &r.params)?;
        }
        Ok(())
    }

    /// The `ingest_seq` of the next document an ingest transaction stores.
    fn next_ingest_seq(&mut self) -> Result<i64, StoreError> {
        if let Some(n) = self.written.as_ref().and_then(|w| w.next_seq) {
            return Ok(n);
        }
        let rows = self.db.query(
            "SELECT CAST(COALESCE(MAX(ingest_seq), 0) + 1 AS BIGINT) FROM documents",
            &[],
        )?;
        Ok(rows.first().and_then(|r| col(r, 0).as_i64()).unwrap_or(1))
    }

    /// Commit the write transaction, the search index brought up to date first.
    pub(crate) fn commit_write(&mut self) -> Result<(), StoreError> {
        if let Err(e) = self.flush_search() {
            let _ = self.db.rollback();
            return Err(e);
        }
        self.db.commit()
    }

    /// SQLite: bring the search index up to date with what the transaction
    /// changed (migration 12: the keys to delete in `search_stale`, the events
    /// to index in `search_dirty`), in two statements; a transaction that
    /// changed most events (a reprocess) rebuilds the whole index instead.
    /// PostgreSQL: the search vectors of the events that have none
    /// ([`Store::refresh_search_vectors`]).
    fn flush_search(&mut self) -> Result<(), StoreError> {
        if self.db.kind() != BackendKind::Sqlite {
            return self.refresh_search_vectors();
        }
        let rows = self.db.query(
            "SELECT (SELECT COUNT(*) FROM search_stale), (SELECT COUNT(*) FROM search_dirty),
                    (SELECT COALESCE(MAX(rowid), 0) FROM events)",
            &[],
        )?;
        let n = |i: usize| rows.first().and_then(|r| col(r, i).as_i64()).unwrap_or(0);
        let (stale, dirty, top) = (n(0), n(1), n(2));
        if stale == 0 && dirty == 0 {
            return Ok(());
        }
        if top >= 1 << 32 {
            return Err(StoreError::Invalid(format!(
                "events.rowid {top} does not fit the search key's 32 bits"
            )));
        }
        if stale + dirty > 20_000 && (stale + dirty) > top {
            self.db
                .execute_batch("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")?;
            self.db.execute(schema::SEARCH_INSERT_ALL, &[])?;
        } else {
            self.db.execute(schema::SEARCH_DELETE_STALE, &[])?;
            self.db.execute(schema::SEARCH_INSERT_DIRTY, &[])?;
        }
        self.db
            .execute_batch("DELETE FROM search_stale; DELETE FROM search_dirty")
    }

    /// PostgreSQL (migration 22): make the search vector of every event that
    /// has none (stored before the migration, rewritten by a merge or a
    /// correction, its reports moved: the index `events_search_stale` lists
    /// them) from its notes, place name and the text of its reports, a
    /// thousand events to a read and a write.
    fn refresh_search_vectors(&mut self) -> Result<(), StoreError> {
        loop {
            let rows = self.db.query(SEARCHLESS_EVENTS_PG, &[])?;
            if rows.is_empty() {
                return Ok(());
            }
            let mut ids = Vec::with_capacity(rows.len());
            let mut vectors = Vec::with_capacity(rows.len());
            for r in &rows {
                let Some(id) = col(r, 0).as_str() else {
                    continue;
                };
                let part = |i: usize| col(r, i).as_str().unwrap_or("");
                ids.push(id.to_string());
                vectors.push(query::search_vector([part(1), part(2), part(3)]));
            }
            if ids.is_empty() {
                return Ok(());
            }
            self.db.execute(
                "UPDATE events e SET search = CAST(v.s AS tsvector)
                 FROM unnest(CAST(? AS TEXT[]), CAST(? AS TEXT[])) AS v(id, s)
                 WHERE e.event_id = v.id",
                &[Value::TextList(ids), Value::TextList(vectors)],
            )?;
        }
    }

    /// How an ingest statement inserts: `INSERT INTO`, on SQLite `INSERT OR
    /// FAIL INTO`. SQLite gives a statement that writes several rows (a list
    /// of rows, a trigger) and may abort halfway a statement journal, a copy of
    /// every page it changes, to undo its own rows alone; with `OR FAIL` a
    /// failing row ends the statement and leaves the rows before it, which the
    /// store never keeps: an error rolls back the transaction, or the savepoint
    /// of the one report that failed ([`Store::ingest_batch`]). At 200,000
    /// reports the events insert took 0.69 s per 10,000 reports instead of
    /// 1.28 s, the actors' 0.47 s instead of 0.75 s.
    fn insert_verb(&self) -> &'static str {
        match self.db.kind() {
            BackendKind::Sqlite => "INSERT OR FAIL INTO",
            BackendKind::Postgres => "INSERT INTO",
        }
    }

    fn writable(&self) -> Result<(), StoreError> {
        if self.read_only {
            return Err(StoreError::Invalid(
                "this store was opened read-only".to_string(),
            ));
        }
        Ok(())
    }

    /// The documents of the last batches that could not be stored (each left out
    /// alone, the rest of its batch stored), oldest first; the list is emptied.
    pub fn take_failures(&mut self) -> Vec<DocFailure> {
        std::mem::take(&mut self.failures)
    }

    /// A document stored again with the same id and text but a corrected
    /// publication date, title or URL: the document takes the new values, and
    /// every event it supports records the correction as a revision.
    fn revise_document(&mut self, key: &str, doc: &Document) -> Result<bool, StoreError> {
        self.flush_rows()?;
        let rows = self.db.query(
            "SELECT url, title, published FROM documents WHERE doc_key = ?",
            &[key.into()],
        )?;
        let Some(r) = rows.first() else {
            return Ok(false);
        };
        let mut changes = serde_json::Map::new();
        let new_pub = doc.published.map(ymd);
        for (i, field, new) in [
            (0, "url", doc.url.clone()),
            (1, "title", doc.title.clone()),
            (2, "published", new_pub),
        ] {
            let old = col(r, i).as_str().map(str::to_string);
            if new.is_some() && new != old {
                changes.insert(
                    field.to_string(),
                    serde_json::json!({ "old": old, "new": new }),
                );
            }
        }
        if changes.is_empty() {
            return Ok(false);
        }
        self.db.execute(
            "UPDATE documents SET url = COALESCE(?, url), title = COALESCE(?, title),
             published = COALESCE(?, published) WHERE doc_key = ?",
            &[
                doc.url.clone().into(),
                doc.title.clone().into(),
                date_str(doc.published),
                key.into(),
            ],
        )?;
        self.db.execute(
            "UPDATE event_sources SET url = COALESCE(?, url), published = COALESCE(?, published)
             WHERE doc_key = ?",
            &[doc.url.clone().into(), date_str(doc.published), key.into()],
        )?;
        let fields: Vec<String> = changes.keys().cloned().collect();
        let reason = format!("report {key} corrected: {}", fields.join(", "));
        let changes = serde_json::Value::Object(changes).to_string();
        let ids = self.db.query(
            "SELECT DISTINCT event_id FROM event_sources WHERE doc_key = ?",
            &[key.into()],
        )?;
        for r in ids {
            let Some(id) = col(&r, 0).as_str().map(str::to_string) else {
                continue;
            };
            let last = self.db.query(
                "SELECT CAST(MAX(revision) AS BIGINT) FROM revisions WHERE event_id = ?",
                &[id.as_str().into()],
            )?;
            let rev = last.first().and_then(|r| col(r, 0).as_i64()).unwrap_or(0) + 1;
            let at = now();
            self.db.execute(
                "INSERT INTO revisions (event_id, revision, at, doc_key, action, changes, reason,
                 score) VALUES (?, ?, ?, ?, 'document', ?, ?, NULL)",
                &[
                    id.as_str().into(),
                    rev.into(),
                    at.as_str().into(),
                    key.into(),
                    changes.as_str().into(),
                    reason.as_str().into(),
                ],
            )?;
            self.db.execute(
                "UPDATE events SET revision = ?, updated_at = ? WHERE event_id = ?",
                &[rev.into(), at.into(), id.as_str().into()],
            )?;
            // Its revision as prefetched is past.
            if let Some(w) = self.written.as_mut() {
                w.pre.merged.remove(&id);
            }
        }
        Ok(true)
    }

    fn ingest_doc(
        &mut self,
        d: &IngestDoc,
        key: &str,
        hash: String,
        sum: &mut BatchSummary,
    ) -> Result<(), StoreError> {
        let key = key.to_string();
        let doc = &d.doc;
        let seq = self.next_ingest_seq()?;
        let row: [Value; DOC_COLS] = [
            key.as_str().into(),
            doc.id.as_str().into(),
            doc.source_name.as_str().into(),
            doc.url.clone().into(),
            doc.title.clone().into(),
            date_str(doc.published),
            hash.into(),
            doc.text.as_str().into(),
            now().into(),
            (d.events.len() as i64).into(),
            seq.into(),
        ];
        match self.written.as_mut() {
            Some(w) => {
                w.next_seq = Some(seq + 1);
                w.docs.extend(row);
            }
            None => {
                self.db.execute(
                    "INSERT INTO documents (doc_key, doc_id, source_name, url, title, published,
                     content_hash, text, ingested_at, n_events, ingest_seq)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    &row,
                )?;
            }
        }
        sum.docs_new += 1;
        self.ingest_events(&key, &d.doc, &d.events, sum)
    }

    /// Deduplicate and store the events of one stored document (`key`): each is
    /// merged into the best stored event or stored as a new one.
    fn ingest_events(
        &mut self,
        key: &str,
        doc: &Document,
        events: &[Event],
        sum: &mut BatchSummary,
    ) -> Result<(), StoreError> {
        let key = key.to_string();
        {
            let mut seq = 0i64;
            let ready = self
                .written
                .as_mut()
                .and_then(|w| w.pre.profiles.remove(&key))
                .filter(|p| p.len() == events.len());
            let profs: Vec<Profile> = match ready {
                Some(p) => p,
                None => events
                    .iter()
                    .map(|ev| {
                        dedup::profile(ev, &doc.text, doc.published, &self.knowledge, &self.cfg)
                    })
                    .collect(),
            };
            // Two events of one report never merge into one stored event: the
            // best-scoring (event, stored event) pairs are taken first.
            let mut pairs = Vec::new();
            for (i, prof) in profs.iter().enumerate() {
                let pre = self
                    .written
                    .as_mut()
                    .and_then(|w| w.pre.rows.remove(&(key.clone(), i)));
                for (id, score, why) in self.candidates(prof, pre)? {
                    pairs.push((score, i, id, why));
                }
            }
            pairs.sort_by(|a, b| {
                b.0.total_cmp(&a.0)
                    .then(a.1.cmp(&b.1))
                    .then_with(|| a.2.cmp(&b.2))
            });
            let mut chosen: Vec<Option<(String, f64, Vec<String>)>> = vec![None; profs.len()];
            let mut taken: HashSet<String> = HashSet::new();
            for (score, i, id, why) in &pairs {
                if chosen[*i].is_none() && !taken.contains(id) {
                    taken.insert(id.clone());
                    chosen[*i] = Some((id.clone(), *score, why.clone()));
                }
            }
            for (i, ((ev, prof), best)) in events.iter().zip(&profs).zip(chosen).enumerate() {
                self.insert_mentions(&key, ev, &mut seq)?;
                let notes = event_notes(ev, &doc.text);
                match best {
                    Some((id, score, why)) => {
                        self.merge_into(&id, ev, prof, (&key, &doc.text), (score, &why), None)?;
                        sum.events_merged += 1;
                        // Merges chain: the other stored events this one matched,
                        // not taken by another event of this report, are bridged.
                        for (s2, _, other, why2) in pairs.iter().filter(|p| p.1 == i) {
                            if *other != id
                                && !taken.contains(other)
                                && self.absorb(&id, other, &key, *s2, why2)?
                            {
                                taken.insert(other.clone());
                                sum.events_bridged += 1;
                            }
                        }
                    }
                    None => {
                        self.insert_new(ev, prof, &key, &notes, &doc.text)?;
                        sum.events_new += 1;
                    }
                }
            }
        }
        Ok(())
    }

    fn insert_mentions(&mut self, key: &str, ev: &Event, seq: &mut i64) -> Result<(), StoreError> {
        let mut rows: Vec<(&str, sitrep_core::Span, Option<String>)> = Vec::new();
        for s in dedup::source_sentences(ev) {
            rows.push(("sentence", s, Some(ev.event_type.as_str().to_string())));
        }
        if let Some(s) = ev.date.span {
            rows.push(("date", s, ev.date.start.map(ymd)));
        }
        if let Some(s) = ev.location.span {
            rows.push(("place", s, dedup::place_key(ev)));
        }
        for a in &ev.actors {
            rows.push((
                "actor",
                a.span,
                Some(format!("{}:{}", enum_str(&a.role), a.id)),
            ));
        }
        if let Some(s) = ev.fatalities.span {
            rows.push(("fatalities", s, ev.fatalities.low.map(|v| v.to_string())));
        }
        if let Some(s) = ev.injuries.span {
            rows.push(("injuries", s, ev.injuries.low.map(|v| v.to_string())));
        }
        for c in &ev.casualty_claims {
            rows.push((
                "casualty_claim",
                c.span,
                Some(format!("{}:{}", enum_str(&c.kind), c.by)),
            ));
        }
        let mut params: Vec<Value> = Vec::with_capacity(rows.len() * MENTION_COLS);
        if self.db.kind() == BackendKind::Postgres && !rows.is_empty() {
            // One row for the event's mentions (migration 23).
            let items: Vec<serde_json::Value> = rows
                .iter()
                .map(|(kind, span, value)| {
                    serde_json::json!([mention_code(kind), span.start, span.end, value])
                })
                .collect();
            params.extend([
                key.into(),
                (*seq).into(),
                ev.id.as_str().into(),
                serde_json::Value::Array(items).to_string().into(),
            ]);
            *seq += rows.len() as i64;
            rows.clear();
        }
        for (kind, span, value) in rows {
            params.extend([
                key.into(),
                (*seq).into(),
                ev.id.as_str().into(),
                kind.into(),
                (span.start as i64).into(),
                (span.end as i64).into(),
                value.into(),
            ]);
            *seq += 1;
        }
        // Held back for the transaction's few statements; else one per event
        // (100 rows at a time), not one per mention.
        if let Some(w) = self.written.as_mut() {
            w.mentions.append(&mut params);
            return Ok(());
        }
        self.write_mention_rows(&params, 100)
    }

    /// Every stored event this profile may merge into (its score reaches the
    /// threshold for how their dates relate), with the score and its reasons.
    /// A pair joined only by a wide window (a recalled, undated, year- or
    /// month-dated mention) merges only when it is the one stored event that
    /// fits the wide side: when another also does (blocks with it, nothing
    /// speaking against one event), which one is meant is unknown (see
    /// [`dedup::fitting`]).
    fn candidates(
        &mut self,
        prof: &Profile,
        pre: Option<Vec<Row>>,
    ) -> Result<Vec<(String, f64, Vec<String>)>, StoreError> {
        let blocked = self.blocked(prof, None, pre)?;
        let fits = dedup::fitting(prof, &blocked, &self.knowledge);
        let mut out = Vec::new();
        for (id, other, rel) in &blocked {
            let (s, mut why) = dedup::score(prof, other, &self.knowledge);
            let need = match rel {
                dedup::DateRelation::Near => self.cfg.threshold,
                dedup::DateRelation::Far => {
                    why.push(format!(
                        "joined only by a wide date window (threshold +{:.2})",
                        self.cfg.wide_margin
                    ));
                    self.cfg.threshold + self.cfg.wide_margin
                }
            };
            if s < need {
                continue;
            }
            if *rel == dedup::DateRelation::Far {
                // The wide side's other fits: the new event's, or the stored one's.
                let others = if prof.is_wide() {
                    fits.iter().filter(|f| **f != id).count()
                } else {
                    let theirs = self.blocked(other, Some(id), None)?;
                    dedup::fitting(other, &theirs, &self.knowledge).len()
                };
                if others > 0 {
                    continue;
                }
            }
            out.push((id.clone(), s, why));
        }
        Ok(out)
    }

    /// The stored events (but `skip`) that block with a profile, with their
    /// profiles and how their dates relate. `pre`: the rows of its search read
    /// before the batch wrote anything ([`batch_search`]), else it is run now.
    /// With the overlay of a PostgreSQL ingest, the events the transaction
    /// touched are taken from memory, the rows read for them left out.
    fn blocked(
        &mut self,
        prof: &Profile,
        skip: Option<&str>,
        pre: Option<Vec<Row>>,
    ) -> Result<Vec<(String, Profile, dedup::DateRelation)>, StoreError> {
        let Some(country) = prof.country.as_deref() else {
            return Ok(Vec::new());
        };
        let rows = match pre {
            Some(rows) => rows,
            None => self.candidate_rows(prof, country)?,
        };
        let (rows, from_db) = self.with_touched(prof, rows);
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        let mut stored = Vec::new();
        for (n, r) in rows.iter().enumerate() {
            let Some(id) = col(r, 0).as_str().map(str::to_string) else {
                continue;
            };
            if Some(id.as_str()) == skip || !seen.insert(id.clone()) {
                continue;
            }
            let other = profile_from_row(r);
            if let Some(rel) = dedup::relation(prof, &other, &self.knowledge, &self.cfg) {
                stored.push(n < from_db);
                out.push((id, other, rel));
            }
        }
        // The evidence words of the rows read from the database (those of
        // touched events are in their rows): prefetched, or read now.
        let mut tokens = HashMap::new();
        let mut ids: Vec<&str> = Vec::new();
        for ((id, _, _), db) in out.iter().zip(&stored) {
            if !*db {
                continue;
            }
            match self.written.as_ref().and_then(|w| w.pre.evidence.get(id)) {
                Some(t) => {
                    tokens.insert(id.clone(), t.clone());
                }
                None => ids.push(id.as_str()),
            }
        }
        tokens.extend(self.evidence_tokens(&ids)?);
        for ((id, other, _), db) in out.iter_mut().zip(&stored) {
            if *db {
                other.tokens = tokens.remove(id.as_str()).unwrap_or_default();
            }
        }
        Ok(out)
    }

    /// The rows of the database (the first returned count of them) less the
    /// events the transaction touched, then the touched events that meet the
    /// search of `prof` in id order ([`batch_search::Search::meets`]). Without
    /// the overlay, the rows as they are.
    fn with_touched(&self, prof: &Profile, rows: Vec<Row>) -> (Vec<Row>, usize) {
        let Some(w) = self.written.as_ref().filter(|w| w.overlay) else {
            let n = rows.len();
            return (rows, n);
        };
        if w.touched.is_empty() {
            let n = rows.len();
            return (rows, n);
        }
        let mut out: Vec<Row> = rows
            .into_iter()
            .filter(|r| col(r, 0).as_str().is_none_or(|id| !w.touched.contains(id)))
            .collect();
        let n = out.len();
        if let Some(search) = batch_search::Search::of(prof, &self.cfg) {
            out.extend(w.touched.matching(&search).into_iter().cloned());
        }
        (out, n)
    }

    /// The candidate rows of a profile's search, read from the database now.
    fn candidate_rows(&mut self, prof: &Profile, country: &str) -> Result<Vec<Row>, StoreError> {
        let window = match (prof.block, prof.reach) {
            (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
            (x, y) => x.or(y),
        };
        let mut rows = Vec::new();
        if let Some((w0, w1)) = window {
            let dates = [
                date_str(Some(w0 - Duration::days(dedup::MAX_BLOCK_DAYS))),
                date_str(Some(w1)),
                date_str(Some(w0)),
            ];
            // A fine place blocks only with the fine places within max_km (in the
            // cells around it) and with places not finer than a province (no cell).
            // A fine place outside the box is passed over in the index (its
            // coordinates are there): it is further than max_km.
            let mut params: Vec<Value> = vec![country.into()];
            let near = dedup::cells_near(prof, &self.cfg);
            let pg_sql;
            let sql = match near {
                Some(near) if self.db.kind() == BackendKind::Postgres => {
                    let cells = pg_cell_params(country, &near, &dates, &mut params);
                    pg_sql = candidates_in_cells_pg(cells);
                    pg_sql.as_str()
                }
                Some(near) => {
                    let cells = &near.cells;
                    params.push(dedup::NO_CELL.into());
                    params.extend(
                        (0..dedup::MAX_CELLS)
                            .map(|i| cells.get(i).or(cells.first()).copied().into()),
                    );
                    params.extend(dates);
                    params.extend([
                        dedup::NO_CELL.into(),
                        near.lat.0.into(),
                        near.lat.1.into(),
                        near.lon.0.into(),
                        near.lon.1.into(),
                    ]);
                    CANDIDATES_IN_CELLS
                }
                None => {
                    params.extend(dates);
                    match self.db.kind() {
                        BackendKind::Sqlite => CANDIDATES_IN_COUNTRY,
                        BackendKind::Postgres => CANDIDATES_IN_COUNTRY_PG,
                    }
                }
            };
            params.extend([country.into(), date_str(Some(w1)), date_str(Some(w0))]);
            rows.extend(self.db.query(sql, &params)?);
        } else {
            // No window: the same spot ([`dedup::relation`]): the same place
            // key, coordinates in the box, or the province that holds one of
            // them (every event of a province for a province; the province's
            // own events for a place inside it).
            let (lat, lon) = (prof.lat.unwrap_or(999.0), prof.lon.unwrap_or(999.0));
            let province = if prof.geo_precision == sitrep_core::GeoPrecision::Admin1 {
                "admin1_code = ?"
            } else {
                "(admin1_code = ? AND geo_precision = 'admin1')"
            };
            rows.extend(self.db.query(
                &format!(
                    "{CANDIDATE_COLS} WHERE country = ? AND (place_key = ?
                     OR (lat >= ? AND lat <= ? AND lon >= ? AND lon <= ?) OR {province})"
                ),
                &[
                    country.into(),
                    prof.place_key.clone().into(),
                    (lat - 0.06).into(),
                    (lat + 0.06).into(),
                    (lon - 0.1).into(),
                    (lon + 0.1).into(),
                    prof.admin1_code.clone().into(),
                ],
            )?);
        }
        Ok(rows)
    }

    /// The evidence words of stored events (their profiles' tokens), in one
    /// query (not one per event: a round trip each on PostgreSQL).
    fn evidence_tokens(
        &mut self,
        ids: &[&str],
    ) -> Result<HashMap<String, BTreeSet<String>>, StoreError> {
        let rows = self.rows_with_keys(
            "SELECT event_id, evidence FROM event_records",
            "event_id",
            ids,
            64,
        )?;
        Ok(rows
            .iter()
            .filter_map(|r| Some((col(r, 0).as_str()?.to_string(), split_tokens(col(r, 1)))))
            .collect())
    }

    fn insert_new(
        &mut self,
        ev: &Event,
        prof: &Profile,
        key: &str,
        notes: &str,
        text: &str,
    ) -> Result<String, StoreError> {
        let loc_name = ev.location.name.as_deref().unwrap_or("");
        let mut id = ev.id.clone();
        let fresh = !self.event_exists(&id)?;
        if !fresh {
            id = sitrep_core::stable_id(&[&ev.id, key]);
        }
        let mut rec = ev.clone();
        rec.id = id.clone();
        let at = now();
        let evidence = join_tokens(&prof.tokens);
        self.write_event(
            &rec,
            &EventMeta {
                block: prof.block,
                reach: prof.reach,
                actors: join_tokens_all(&prof.actors),
                month_day: prof.month_day.clone(),
                perpetrator: prof.perpetrator.clone(),
                n_sources: 1,
                revision: 1,
                created_at: &at,
                notes,
                evidence: &evidence,
                fresh,
                search: if self.written.as_ref().is_some_and(|w| w.overlay) {
                    SearchWrite::Whole(query::search_vector([notes, loc_name, text]))
                } else {
                    SearchWrite::Remake
                },
            },
        )?;
        self.note_event_id(&id, true);
        self.insert_source(&id, key, ev, None, "first report of this event")?;
        self.insert_claims(&id, key, ev, true)?;
        self.insert_rows(
            self.revisions_head(),
            "",
            8,
            vec![
                id.as_str().into(),
                1i64.into(),
                at.into(),
                key.into(),
                "create".into(),
                "{}".into(),
                "first report of this event".into(),
                Value::Null,
            ],
        )?;
        Ok(id)
    }

    /// Merge a report's event (or, with `absorbed`, a stored event and its
    /// number of reports) into the stored event `id`; the report by its key
    /// and its text (whose words a merge adds to the event's search vector
    /// on PostgreSQL, [`SearchWrite::Add`]: empty when absorbing).
    fn merge_into(
        &mut self,
        id: &str,
        ev: &Event,
        prof: &Profile,
        (key, text): (&str, &str),
        (score, why): (f64, &[String]),
        absorbed: Option<(&str, i64)>,
    ) -> Result<(), StoreError> {
        // What it reads and changes is written first (sources, claims, actors);
        // on PostgreSQL, an event the transaction has not touched has none of
        // its rows held back (each is held back with its event's row, which
        // marks it touched): the held rows wait, and the merge's own rows
        // are held back with them ([`Store::untouched`]).
        let light = absorbed.is_none() && self.untouched(id);
        if !light {
            self.flush_rows()?;
        }
        // An untouched event as the batch's prefetch read it (the same row:
        // nothing of the transaction has written it since), else read now.
        let ready = self
            .written
            .as_mut()
            .and_then(|w| w.pre.merged.remove(id))
            .filter(|_| light);
        let r = match ready {
            Some(r) => r,
            None => {
                let rows = self.db.query(MERGED_EVENT, &[id.into()])?;
                let Some(r) = rows.into_iter().next() else {
                    return Err(StoreError::Invalid(format!("event {id} vanished")));
                };
                r
            }
        };
        let base = decode_record(col(&r, 0).as_bytes().unwrap_or_default())?;
        let revision = col(&r, 1).as_i64().unwrap_or(1) + 1;
        let n_sources = col(&r, 2).as_i64().unwrap_or(1) + absorbed.map_or(1, |a| a.1);
        let created_at = col(&r, 3).as_str().unwrap_or("").to_string();
        let mut tokens: BTreeSet<String> = col(&r, 4)
            .as_str()
            .unwrap_or("")
            .split(' ')
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
        for t in &prof.tokens {
            if tokens.len() >= MAX_TOKENS {
                break;
            }
            tokens.insert(t.clone());
        }
        let notes = col(&r, 5).as_str().unwrap_or("").to_string();
        let old_block = match (parse_date(col(&r, 6)), parse_date(col(&r, 7))) {
            (Some(a), Some(b)) => Some((a, b)),
            _ => None,
        };
        let old_wide = col(&r, 10).as_i64() == Some(1);
        // A window a date of the text gives is kept as it is: a recalled or
        // undated side's week of publication never stretches it (that week
        // is not the event's date).
        let block = match (old_block, prof.block) {
            (Some(b), _) if !old_wide && prof.is_wide() => Some(b),
            (_, Some(p)) if old_wide && !prof.is_wide() => Some(p),
            (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
            (x, y) => x.or(y),
        };
        let old_reach = match (parse_date(col(&r, 8)), parse_date(col(&r, 9))) {
            (Some(a), Some(b)) => Some((a, b)),
            _ if old_wide => None,
            _ => old_block,
        };
        let (mut merged, changed) = dedup::reconcile(&base, ev);
        // A record whose date is now known keeps its block as its reach; one still
        // undated reaches as far as any of its reports.
        let reach = if block.is_some()
            && merged.date.basis != sitrep_core::DateBasis::Publication
            && !matches!(
                merged.date.precision,
                sitrep_core::DatePrecision::Unknown | sitrep_core::DatePrecision::Year
            ) {
            block
        } else {
            match (old_reach, prof.reach) {
                (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
                (x, y) => x.or(y),
            }
        };
        merged.id = id.to_string();
        let changes = merge_changes(&changed, &base, &merged, ev, key, absorbed)?;
        let reason = match absorbed {
            Some((other, _)) => format!(
                "report {key} bridges this event and {other}, merged into it (score {score:.2}: {})",
                why.join("; ")
            ),
            None => format!("merged report {key} (score {score:.2}: {})", why.join("; ")),
        };
        let perp = dedup::main_perpetrator(&merged, &self.knowledge);
        let evidence = join_tokens(&tokens);
        // A merge of a report adds its words to the stored search vector
        // when the notes (kept) and the place name are as they were:
        // the vector a remake would give from all the reports' texts,
        // without reading them ([`SearchWrite::Add`]); else it is made again
        // at commit ([`Store::refresh_search_vectors`]).
        let added = query::search_vector([text]);
        let search = if absorbed.is_none()
            && merged.location.name == base.location.name
            && added.len() <= SEARCH_ADD_MAX
        {
            SearchWrite::Add(added)
        } else {
            SearchWrite::Remake
        };
        self.write_event(
            &merged,
            &EventMeta {
                block,
                reach,
                actors: join_tokens_all(&dedup::actor_tokens(&merged)),
                month_day: dedup::month_day(&merged),
                perpetrator: perp,
                n_sources,
                revision,
                created_at: &created_at,
                notes: &notes,
                evidence: &evidence,
                fresh: false,
                search,
            },
        )?;
        if absorbed.is_none() {
            self.insert_source(id, key, ev, Some(score), &reason)?;
            // An untouched event has no claims of this report: its claims
            // are written by this transaction, with the event's row.
            self.insert_claims(id, key, ev, light)?;
        }
        let revision_row = vec![
            id.into(),
            revision.into(),
            now().into(),
            key.into(),
            if absorbed.is_some() {
                "absorb"
            } else {
                "merge"
            }
            .into(),
            serde_json::Value::Object(changes).to_string().into(),
            reason.into(),
            score.into(),
        ];
        if light {
            // Held back with the others (every reader of `revisions` in an
            // ingest writes them first); an edit re-applied reads the event.
            self.insert_rows(self.revisions_head(), "", 8, revision_row)?;
            if !self.holds_edits()? {
                return Ok(());
            }
            self.flush_rows()?;
            return self.reapply_edits(id);
        }
        self.db.execute(
            "INSERT INTO revisions (event_id, revision, at, doc_key, action, changes, reason, score)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            &revision_row,
        )?;
        self.flush_rows()?;
        // An analyst's edit outlives the reports merged after it.
        self.reapply_edits(id)
    }

    /// The head of a held-back insert of `revisions` rows (8 columns).
    fn revisions_head(&self) -> String {
        format!(
            "{} revisions (event_id, revision, at, doc_key, action, changes, reason, score)",
            self.insert_verb()
        )
    }

    /// In a PostgreSQL ingest: the transaction has neither written nor
    /// deleted the event `id` (it is not in [`Written::touched`]), so no row
    /// of it is held back.
    fn untouched(&self, id: &str) -> bool {
        self.written
            .as_ref()
            .is_some_and(|w| w.overlay && !w.touched.contains(id))
    }

    /// Whether the store holds an analyst's edit to re-apply after a merge
    /// (read once an ingest transaction; ingest writes none).
    fn holds_edits(&mut self) -> Result<bool, StoreError> {
        if let Some(known) = self.written.as_ref().and_then(|w| w.edits) {
            return Ok(known);
        }
        let edits = !self
            .db
            .query("SELECT 1 FROM overrides WHERE action = 'edit' LIMIT 1", &[])?
            .is_empty();
        if let Some(w) = self.written.as_mut() {
            w.edits = Some(edits);
        }
        Ok(edits)
    }

    /// The dedup profile of a stored event, and its record.
    fn stored(&mut self, id: &str) -> Result<Option<(Profile, Event, i64)>, StoreError> {
        let rows = self
            .db
            .query(&format!("{PROFILE_COLS} WHERE event_id = ?"), &[id.into()])?;
        let Some(r) = rows.into_iter().next() else {
            return Ok(None);
        };
        let prof = profile_from_row(&r);
        let rec = self.db.query(
            "SELECT r.record, e.n_sources FROM events e JOIN event_records r
             ON r.event_id = e.event_id WHERE e.event_id = ?",
            &[id.into()],
        )?;
        let Some(rec) = rec.into_iter().next() else {
            return Ok(None);
        };
        let ev = decode_record(col(&rec, 0).as_bytes().unwrap_or_default())?;
        Ok(Some((prof, ev, col(&rec, 1).as_i64().unwrap_or(1))))
    }

    /// A report's event merged into `into` also matched the stored event `other`:
    /// when the two may be one event (they block together, their own score is not
    /// negative, and they share no report),
    /// `other` is merged into `into`, its sources and claims move, and both
    /// histories record it. Returns whether it was merged.
    fn absorb(
        &mut self,
        into: &str,
        other: &str,
        key: &str,
        score: f64,
        why: &[String],
    ) -> Result<bool, StoreError> {
        self.flush_rows()?;
        let (Some((pa, _, _)), Some((pb, eb, nb))) = (self.stored(into)?, self.stored(other)?)
        else {
            return Ok(false);
        };
        // They must be comparable, and nothing between them may speak against one
        // event (a score below zero: two named perpetrators, tolls far apart …).
        if dedup::relation(&pa, &pb, &self.knowledge, &self.cfg).is_none()
            || dedup::score(&pa, &pb, &self.knowledge).0 < 0.0
        {
            return Ok(false);
        }
        let shared = self.db.query(
            "SELECT 1 FROM event_sources a JOIN event_sources b ON a.doc_key = b.doc_key
             WHERE a.event_id = ? AND b.event_id = ?",
            &[into.into(), other.into()],
        )?;
        if !shared.is_empty() {
            return Ok(false);
        }
        self.merge_into(into, &eb, &pb, (key, ""), (score, why), Some((other, nb)))?;
        self.flush_rows()?;
        // An automatic merge: the reports' natural event is now `into`.
        self.db.execute(
            "UPDATE event_sources SET event_id = ?, first_event_id = ? WHERE event_id = ?",
            &[into.into(), into.into(), other.into()],
        )?;
        self.db.execute(
            "UPDATE casualty_claims SET event_id = ? WHERE event_id = ?",
            &[into.into(), other.into()],
        )?;
        for table in ["event_actors", "event_records", "events"] {
            self.db.execute(
                &format!("DELETE FROM {table} WHERE event_id = ?"),
                &[other.into()],
            )?;
        }
        self.note_event_id(other, false);
        if let Some(w) = self.written.as_mut().filter(|w| w.overlay) {
            w.touched.insert(other, None);
        }
        let last = self.db.query(
            "SELECT CAST(MAX(revision) AS BIGINT) FROM revisions WHERE event_id = ?",
            &[other.into()],
        )?;
        let rev = last.first().and_then(|r| col(r, 0).as_i64()).unwrap_or(0) + 1;
        self.db.execute(
            "INSERT INTO revisions (event_id, revision, at, doc_key, action, changes, reason, score)
             VALUES (?, ?, ?, ?, 'merged_into', ?, ?, ?)",
            &[
                other.into(),
                rev.into(),
                now().into(),
                key.into(),
                serde_json::json!({ "into": into }).to_string().into(),
                format!("report {key} bridges this event and {into}: merged into {into}").into(),
                score.into(),
            ],
        )?;
        Ok(true)
    }

    fn event_exists(&mut self, id: &str) -> Result<bool, StoreError> {
        if let Some(known) = self.written.as_ref().and_then(|w| w.known_ids.get(id)) {
            return Ok(*known);
        }
        Ok(!self
            .db
            .query("SELECT 1 FROM events WHERE event_id = ?", &[id.into()])?
            .is_empty())
    }

    fn insert_source(
        &mut self,
        id: &str,
        key: &str,
        ev: &Event,
        score: Option<f64>,
        reason: &str,
    ) -> Result<(), StoreError> {
        let src = ev.sources.first();
        // On SQLite without a statement journal ([`Store::insert_verb`]; its
        // search trigger calls no function since migration 18).
        let head = format!(
            "{} event_sources (event_id, doc_key, source_event_id, doc_name, url,
             published, sentences, merge_score, merge_reason, added_at, first_event_id)",
            self.insert_verb()
        );
        self.insert_rows(
            head,
            " ON CONFLICT DO NOTHING",
            11,
            vec![
                id.into(),
                key.into(),
                ev.id.as_str().into(),
                src.map(|s| s.doc.clone()).unwrap_or_default().into(),
                src.and_then(|s| s.url.clone()).into(),
                date_str(src.and_then(|s| s.published)),
                serde_json::to_string(&dedup::source_sentences(ev))?.into(),
                score.into(),
                reason.into(),
                now().into(),
                id.into(),
            ],
        )?;
        Ok(())
    }

    /// The casualty claims of a report's event, numbered after those of the same
    /// event and report (none for an event just created: `new`).
    fn insert_claims(
        &mut self,
        id: &str,
        key: &str,
        ev: &Event,
        new: bool,
    ) -> Result<(), StoreError> {
        let first = if new {
            0
        } else {
            let base = self.db.query(
                "SELECT CAST(COUNT(*) AS BIGINT) FROM casualty_claims WHERE event_id = ? AND doc_key = ?",
                &[id.into(), key.into()],
            )?;
            base.first().and_then(|r| col(r, 0).as_i64()).unwrap_or(0)
        };
        // Many rows to a statement ([`Store::insert_rows`]), not one per claim.
        let mut params: Vec<Value> = Vec::with_capacity(ev.casualty_claims.len() * 9);
        for (seq, c) in (first..).zip(ev.casualty_claims.iter()) {
            params.extend([
                id.into(),
                key.into(),
                seq.into(),
                enum_str(&c.kind).into(),
                c.low.map(i64::from).into(),
                c.high.map(i64::from).into(),
                c.by.as_str().into(),
                (c.span.start as i64).into(),
                (c.span.end as i64).into(),
            ]);
        }
        let head = format!(
            "{} casualty_claims (event_id, doc_key, seq, kind, low, high, claimed_by,
             span_start, span_end)",
            self.insert_verb()
        );
        self.insert_rows(head, "", 9, params)
    }

    /// Insert or replace an event's row, actors and place.
    fn write_event(&mut self, ev: &Event, m: &EventMeta<'_>) -> Result<(), StoreError> {
        let l = &ev.location;
        let at = now();
        let pk = dedup::place_key(ev);
        let params: Vec<Value> = vec![
            ev.id.as_str().into(),
            ev.event_type.as_str().into(),
            ev.sub_event_type.clone().into(),
            date_str(ev.date.start),
            date_str(ev.date.end),
            enum_str(&ev.date.precision).into(),
            date_str(m.block.map(|b| b.0)),
            date_str(m.block.map(|b| b.1)),
            l.country.clone().into(),
            l.admin1.clone().into(),
            l.admin1_code.clone().into(),
            l.admin2.clone().into(),
            l.name.clone().into(),
            pk.clone().into(),
            l.lat.into(),
            l.lon.into(),
            enum_str(&l.precision).into(),
            ev.fatalities.low.map(i64::from).into(),
            ev.fatalities.best.map(i64::from).into(),
            ev.fatalities.high.map(i64::from).into(),
            ev.injuries.low.map(i64::from).into(),
            ev.injuries.best.map(i64::from).into(),
            ev.injuries.high.map(i64::from).into(),
            m.perpetrator.clone().into(),
            m.n_sources.into(),
            m.revision.into(),
            m.created_at.into(),
            at.into(),
            m.notes.into(),
            date_str(m.reach.map(|b| b.0)),
            date_str(m.reach.map(|b| b.1)),
            i64::from(m.block.is_none() || m.reach != m.block).into(),
            m.actors.as_str().into(),
            m.month_day.clone().into(),
            dedup::join_parts(&dedup::toll_parts(&ev.fatalities)).into(),
            dedup::cell(l.lat, l.lon, l.precision).into(),
        ];
        let record = [
            ev.id.as_str().into(),
            m.evidence.into(),
            encode_record(ev)?.into(),
        ];
        let overlay = self.written.as_ref().is_some_and(|w| w.overlay);
        // A stored event the ingest transaction has not touched: none of its
        // rows is held back ([`Store::untouched`]).
        let untouched = !m.fresh && self.untouched(&ev.id);
        if overlay {
            let t = touched_row(&params, m.evidence);
            if let Some(w) = self.written.as_mut() {
                w.touched.insert(&ev.id, Some(t));
            }
        }
        if m.fresh && overlay {
            // Held back with the transaction's other rows: the batch's
            // searches see it in memory ([`batch_search`]).
            let verb = self.insert_verb();
            match &m.search {
                SearchWrite::Whole(search) => {
                    let mut params = params;
                    params.push(search.as_str().into());
                    self.insert_rows_as(
                        INSERT_EVENTS_SEARCH_HEAD_PG.to_string(),
                        "",
                        Some(EVENT_SEARCH_ROW_PG),
                        EVENT_COLS + 1,
                        params,
                    )?;
                }
                _ => self.insert_rows(INSERT_EVENTS_HEAD.to_string(), "", EVENT_COLS, params)?,
            }
            self.insert_rows(
                format!("{verb} event_records (event_id, evidence, record)"),
                "",
                3,
                record.to_vec(),
            )?;
            return self.write_event_rows(ev, m.fresh, pk, false);
        }
        if untouched {
            // Its actor rows deleted, its record and row replaced in one
            // statement (one round trip, not three), with its search vector
            // whole or the stored one with a report's words (else NULL, made
            // at commit); its new actor rows held back.
            let mut all: Vec<Value> = Vec::with_capacity(params.len() + 7);
            all.push(ev.id.as_str().into());
            all.extend(record);
            all.extend(params);
            all.extend(search_params(&m.search));
            self.db.execute(MERGE_EVENT_PG, &all)?;
            return self.write_event_rows(ev, m.fresh, pk, true);
        }
        if m.fresh && self.db.kind() == BackendKind::Postgres {
            // Both rows in one statement: one round trip, not two.
            let mut params = params;
            params.extend(record);
            self.db.execute(INSERT_EVENT_AND_RECORD_PG, &params)?;
            return self.write_event_rows(ev, m.fresh, pk, false);
        }
        // An event not stored is inserted (on SQLite without a statement
        // journal: see `insert_verb`); an upsert's update may abort, so it has one.
        let fresh_sql = match self.db.kind() {
            BackendKind::Sqlite => INSERT_EVENT_SQLITE,
            BackendKind::Postgres => INSERT_EVENT,
        };
        if m.fresh {
            self.db.execute(fresh_sql, &params)?;
        } else if self.db.kind() == BackendKind::Sqlite {
            self.db.execute(UPSERT_EVENT, &params)?;
        } else {
            let mut params = params;
            params.extend(search_params(&m.search));
            self.db.execute(UPSERT_EVENT_PG, &params)?;
        }
        let record_sql = if m.fresh {
            format!(
                "{} event_records (event_id, evidence, record) VALUES (?, ?, ?)",
                self.insert_verb()
            )
        } else {
            "INSERT INTO event_records (event_id, evidence, record) VALUES (?, ?, ?)
             ON CONFLICT (event_id) DO UPDATE SET evidence = excluded.evidence,
             record = excluded.record"
                .to_string()
        };
        self.db.execute(&record_sql, &record)?;
        self.write_event_rows(ev, m.fresh, pk, false)
    }

    /// An event's actors and place, after its row and record
    /// ([`Store::write_event`]; `fresh`: a new event, none stored;
    /// `deleted`: its stored actor rows are deleted already).
    fn write_event_rows(
        &mut self,
        ev: &Event,
        fresh: bool,
        pk: Option<String>,
        deleted: bool,
    ) -> Result<(), StoreError> {
        let l = &ev.location;
        if !fresh && !deleted {
            // Rows held back for it are written before its rows are deleted.
            self.flush_rows()?;
            self.db.execute(
                "DELETE FROM event_actors WHERE event_id = ?",
                &[ev.id.as_str().into()],
            )?;
        }
        // The actors of an event many to a statement ([`Store::insert_rows`]);
        // `actors` only those this transaction has not written.
        let mut rows: Vec<Value> = Vec::with_capacity(ev.actors.len() * 6);
        let mut names: Vec<Value> = Vec::with_capacity(ev.actors.len() * 3);
        for (i, a) in ev.actors.iter().enumerate() {
            let new = match self.written.as_mut() {
                Some(w) => w.actors.insert(a.id.clone()),
                None => true,
            };
            rows.extend([
                ev.id.as_str().into(),
                (i as i64).into(),
                enum_str(&a.role).into(),
                a.id.as_str().into(),
                a.name.as_str().into(),
                date_str(ev.date.start),
            ]);
            if new {
                names.extend([
                    a.id.as_str().into(),
                    a.name.as_str().into(),
                    enum_str(&a.kind).into(),
                ]);
            }
        }
        let verb = self.insert_verb();
        self.insert_rows(
            format!("{verb} event_actors (event_id, seq, role, actor_id, name, date_start)"),
            "",
            6,
            rows,
        )?;
        self.insert_rows(
            format!("{verb} actors (actor_id, name, actor_type)"),
            " ON CONFLICT (actor_id) DO NOTHING",
            3,
            names,
        )?;
        let pk = pk.filter(|pk| match self.written.as_mut() {
            Some(w) => w.places.insert(pk.clone()),
            None => true,
        });
        if let Some(pk) = pk {
            self.insert_rows(
                "INSERT INTO places (place_key, name, admin2, admin1, admin1_code, country, lat,
                 lon, geonames_id)"
                    .to_string(),
                " ON CONFLICT (place_key) DO NOTHING",
                9,
                vec![
                    pk.into(),
                    l.name.clone().into(),
                    l.admin2.clone().into(),
                    l.admin1.clone().into(),
                    l.admin1_code.clone().into(),
                    l.country.clone().into(),
                    l.lat.into(),
                    l.lon.into(),
                    l.geonames_id.map(|g| g as i64).into(),
                ],
            )?;
        }
        Ok(())
    }

    /// Load already-merged events (e.g. a synthetic benchmark set or an export from
    /// another store) without deduplication, `chunk` events per transaction. Events
    /// whose id is stored are replaced.
    pub fn bulk_load_events(
        &mut self,
        events: &[Event],
        chunk: usize,
    ) -> Result<usize, StoreError> {
        self.writable()?;
        let at = now();
        for part in events.chunks(chunk.max(1)) {
            self.db.begin_write()?;
            let res = (|| {
                for ev in part {
                    let notes = ev.location.name.clone().unwrap_or_default();
                    let perp = dedup::main_perpetrator(ev, &self.knowledge);
                    let block = dedup::block_window(ev, None, &self.cfg);
                    self.write_event(
                        ev,
                        &EventMeta {
                            block,
                            reach: dedup::reach_window(ev, None, &self.cfg),
                            actors: join_tokens_all(&dedup::actor_tokens(ev)),
                            month_day: dedup::month_day(ev),
                            perpetrator: perp,
                            n_sources: ev.sources.len() as i64,
                            revision: 1,
                            created_at: &at,
                            notes: &notes,
                            evidence: "",
                            fresh: false,
                            search: SearchWrite::Remake,
                        },
                    )?;
                }
                Ok::<(), StoreError>(())
            })();
            match res {
                Ok(()) => self.commit_write()?,
                Err(e) => {
                    let _ = self.db.rollback();
                    return Err(e);
                }
            }
        }
        Ok(events.len())
    }

    /// Row counts of the main tables.
    pub fn counts(&mut self) -> Result<Counts, StoreError> {
        let mut n = |t: &str| -> Result<u64, StoreError> {
            let rows = self
                .db
                .query(&format!("SELECT CAST(COUNT(*) AS BIGINT) FROM {t}"), &[])?;
            Ok(rows
                .first()
                .and_then(|r| col(r, 0).as_i64())
                .unwrap_or(0)
                .max(0) as u64)
        };
        Ok(Counts {
            documents: n("documents")?,
            events: n("events")?,
            event_sources: n("event_sources")?,
            mentions: n("mentions")?,
            revisions: n("revisions")?,
        })
    }

    /// One stored event by id.
    pub fn get_event(&mut self, id: &str) -> Result<Option<StoredEvent>, StoreError> {
        let q = EventQuery {
            ids: vec![id.to_string()],
            ..EventQuery::default()
        };
        Ok(self.query(&q)?.into_iter().next())
    }

    /// Every revision of an event, oldest first.
    pub fn revisions(&mut self, id: &str) -> Result<Vec<Revision>, StoreError> {
        let rows = self.db.query(
            "SELECT event_id, revision, at, doc_key, action, changes, reason, score
             FROM revisions WHERE event_id = ? ORDER BY revision",
            &[id.into()],
        )?;
        Ok(rows
            .into_iter()
            .map(|r| Revision {
                event_id: col(&r, 0).as_str().unwrap_or("").to_string(),
                revision: col(&r, 1).as_i64().unwrap_or(0),
                at: col(&r, 2).as_str().unwrap_or("").to_string(),
                doc_key: col(&r, 3).as_str().map(str::to_string),
                action: col(&r, 4).as_str().unwrap_or("").to_string(),
                changes: serde_json::from_str(col(&r, 5).as_str().unwrap_or("{}"))
                    .unwrap_or_default(),
                reason: col(&r, 6).as_str().unwrap_or("").to_string(),
                score: col(&r, 7).as_f64(),
            })
            .collect())
    }

    /// Where each extracted event ended: `(doc_key, source_event_id) → event_id`.
    pub fn source_event_map(&mut self) -> Result<HashMap<(String, String), String>, StoreError> {
        let rows = self.db.query(
            "SELECT doc_key, source_event_id, event_id FROM event_sources",
            &[],
        )?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                Some((
                    (
                        col(&r, 0).as_str()?.to_string(),
                        col(&r, 1).as_str()?.to_string(),
                    ),
                    col(&r, 2).as_str()?.to_string(),
                ))
            })
            .collect())
    }
}

/// The columns and values of an `events` row as [`Store::write_event`] writes
/// it, after `INSERT ` or `INSERT OR FAIL ` (a macro, to build constant SQL).
macro_rules! event_row {
    () => {
        concat!(
            event_cols!(),
            "
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
    ?, ?, ?, ?, ?, ?, ?)"
        )
    };
}

/// The columns of an `events` row ([`event_row`]), [`EVENT_COLS`] of them.
macro_rules! event_cols {
    () => {
        "INTO events (event_id, event_type, sub_event_type, date_start,
    date_end, date_precision, block_start, block_end, country, admin1, admin1_code, admin2,
    location, place_key, lat, lon, geo_precision, fatalities_low, fatalities_best,
    fatalities_high, injuries_low, injuries_best, injuries_high, perpetrator, n_sources,
    revision, created_at, updated_at, notes, reach_start, reach_end, block_wide, dedup_actors,
    month_day, toll_parts, dedup_cell)"
    };
}

/// Columns of an `events` row.
const EVENT_COLS: usize = 36;

/// The head of an insert of new events held back (PostgreSQL, [`batch_search`]).
const INSERT_EVENTS_HEAD: &str = concat!("INSERT ", event_cols!());

/// [`INSERT_EVENTS_HEAD`] with the events' search vectors (migration 22).
const INSERT_EVENTS_SEARCH_HEAD_PG: &str = "INSERT INTO events (event_id, event_type,
    sub_event_type, date_start, date_end, date_precision, block_start, block_end, country,
    admin1, admin1_code, admin2, location, place_key, lat, lon, geo_precision, fatalities_low,
    fatalities_best, fatalities_high, injuries_low, injuries_best, injuries_high, perpetrator,
    n_sources, revision, created_at, updated_at, notes, reach_start, reach_end, block_wide,
    dedup_actors, month_day, toll_parts, dedup_cell, search)";

/// One row of [`INSERT_EVENTS_SEARCH_HEAD_PG`]: [`EVENT_COLS`] parameters and
/// the search vector's literal.
const EVENT_SEARCH_ROW_PG: &str = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
    ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(CAST(? AS TEXT) AS tsvector))";

/// Where each column of a candidate row ([`profile_cols`]) is among the
/// parameters of an `events` row ([`event_row`]); None: the evidence words.
const CANDIDATE_FROM_EVENT: [Option<usize>; 27] = [
    Some(0),
    Some(1),
    Some(2),
    Some(3),
    Some(4),
    Some(5),
    Some(6),
    Some(7),
    Some(8),
    Some(9),
    Some(14),
    Some(15),
    Some(16),
    Some(13),
    Some(17),
    Some(18),
    Some(23),
    None,
    Some(29),
    Some(30),
    Some(10),
    Some(11),
    Some(32),
    Some(31),
    Some(33),
    Some(34),
    Some(19),
];

/// The candidate row of an event written with these `events` parameters and
/// evidence words, as a search would read it back.
fn touched_row(params: &[Value], evidence: &str) -> batch_search::Touched {
    let row = CANDIDATE_FROM_EVENT
        .iter()
        .map(|i| match i {
            Some(i) => params.get(*i).cloned().unwrap_or(Value::Null),
            None => evidence.into(),
        })
        .collect();
    batch_search::Touched {
        row,
        cell: params.get(35).and_then(Value::as_i64),
    }
}

/// A new event's row.
const INSERT_EVENT: &str = concat!("INSERT ", event_row!());

/// A new event's row and its record in one statement (PostgreSQL: a
/// data-modifying `WITH`), the record's three parameters after the row's.
const INSERT_EVENT_AND_RECORD_PG: &str = concat!(
    "WITH e AS (INSERT ",
    event_row!(),
    ") INSERT INTO event_records (event_id, evidence, record) VALUES (?, ?, ?)"
);

/// A new event's row on SQLite, without a statement journal ([`Store::insert_verb`]).
const INSERT_EVENT_SQLITE: &str = concat!("INSERT OR FAIL ", event_row!());

/// An event's row, new or replacing the stored one (a macro: [`UPSERT_EVENT`],
/// [`UPSERT_EVENT_PG`]).
macro_rules! upsert_event {
    () => {
        concat!(
            "INSERT ",
            event_row!(),
            " ON CONFLICT (event_id) DO UPDATE SET event_type = excluded.event_type,
    sub_event_type = excluded.sub_event_type, date_start = excluded.date_start,
    date_end = excluded.date_end, date_precision = excluded.date_precision,
    block_start = excluded.block_start, block_end = excluded.block_end,
    country = excluded.country, admin1 = excluded.admin1, admin1_code = excluded.admin1_code,
    admin2 = excluded.admin2, location = excluded.location, place_key = excluded.place_key,
    lat = excluded.lat, lon = excluded.lon, geo_precision = excluded.geo_precision,
    fatalities_low = excluded.fatalities_low, fatalities_best = excluded.fatalities_best,
    fatalities_high = excluded.fatalities_high, injuries_low = excluded.injuries_low,
    injuries_best = excluded.injuries_best, injuries_high = excluded.injuries_high,
    perpetrator = excluded.perpetrator, n_sources = excluded.n_sources,
    revision = excluded.revision, created_at = excluded.created_at,
    updated_at = excluded.updated_at, notes = excluded.notes,
    reach_start = excluded.reach_start, reach_end = excluded.reach_end,
    block_wide = excluded.block_wide, dedup_actors = excluded.dedup_actors,
    month_day = excluded.month_day, toll_parts = excluded.toll_parts,
    dedup_cell = excluded.dedup_cell"
        )
    };
}

/// An event's row, new or replacing the stored one.
const UPSERT_EVENT: &str = upsert_event!();

/// What becomes of a stored event's search vector on PostgreSQL
/// ([`SearchWrite`]; three parameters, [`search_params`]): given whole by
/// the first, else the stored one with the words of the third when its text
/// is shorter than the second, else NULL (made again at commit,
/// [`Store::flush_search`]: both NULL, or no vector stored).
macro_rules! search_set {
    () => {
        ", search = COALESCE(CAST(CAST(? AS TEXT) AS tsvector),
       CASE WHEN octet_length(CAST(events.search AS TEXT)) < ?
       THEN events.search || CAST(CAST(? AS TEXT) AS tsvector) END)"
    };
}

/// The three parameters of `search_set!`.
fn search_params(search: &SearchWrite) -> [Value; 3] {
    let (whole, add) = match search {
        SearchWrite::Whole(v) => (Some(v.as_str()), None),
        SearchWrite::Add(v) => (None, Some(v.as_str())),
        SearchWrite::Remake => (None, None),
    };
    [whole.into(), (SEARCH_ADD_MAX as i64).into(), add.into()]
}

/// [`UPSERT_EVENT`] on PostgreSQL, with its search vector (`search_set!`).
const UPSERT_EVENT_PG: &str = concat!(upsert_event!(), search_set!());

/// A merge into a stored event on PostgreSQL in one statement (a
/// data-modifying `WITH`): its actor rows deleted (the event's id), its
/// record replaced (three parameters), then its row as [`UPSERT_EVENT_PG`]
/// with its search vector (`search_set!`).
const MERGE_EVENT_PG: &str = concat!(
    "WITH a AS (DELETE FROM event_actors WHERE event_id = ?),
     r AS (INSERT INTO event_records (event_id, evidence, record) VALUES (?, ?, ?)
     ON CONFLICT (event_id) DO UPDATE SET evidence = excluded.evidence,
     record = excluded.record) ",
    upsert_event!(),
    search_set!()
);

/// The columns [`profile_from_row`] reads, in its order (a macro, to build
/// constant queries with `concat!`), the words of the stored event's evidence
/// (column 17) given by `$evidence`.
macro_rules! profile_cols {
    ($evidence:literal) => {
        concat!(
            "SELECT event_id, event_type, sub_event_type, date_start, date_end,
    date_precision, block_start, block_end, country, admin1, lat, lon, geo_precision, place_key,
    fatalities_low, fatalities_best, perpetrator, ",
            $evidence,
            ", reach_start, reach_end, admin1_code, admin2, dedup_actors, block_wide, month_day,
    toll_parts, fatalities_high FROM events"
        )
    };
}
pub(crate) use profile_cols;

/// A stored event's whole profile, evidence words included.
const PROFILE_COLS: &str =
    profile_cols!("(SELECT evidence FROM event_records r WHERE r.event_id = events.event_id)");

/// The text of an event's reports, one string (a column of a query over
/// `events e`): read for the event's search vector on PostgreSQL.
macro_rules! report_texts {
    () => {
        "(SELECT string_agg(d.text, ' ') FROM event_sources s
          JOIN documents d ON d.doc_key = s.doc_key WHERE s.event_id = e.event_id)"
    };
}

/// What a merge reads of the stored event it merges into ([`Store::merge_into`]).
const MERGED_EVENT: &str =
    "SELECT r.record, e.revision, e.n_sources, e.created_at, r.evidence, e.notes,
            e.block_start, e.block_end, e.reach_start, e.reach_end, e.block_wide
     FROM events e JOIN event_records r ON r.event_id = e.event_id WHERE e.event_id = ?";

/// [`MERGED_EVENT`] of many events at once, each row with the event's id
/// first (PostgreSQL: the ids as one array; read by the prefetch of a batch,
/// [`batch_search`]).
pub(crate) const MERGED_EVENTS_PG: &str =
    "SELECT e.event_id, r.record, e.revision, e.n_sources, e.created_at, r.evidence, e.notes,
            e.block_start, e.block_end, e.reach_start, e.reach_end, e.block_wide
     FROM events e JOIN event_records r ON r.event_id = e.event_id WHERE e.event_id = ANY(?)";

/// PostgreSQL: a thousand events with no search vector, with what the vector
/// is made of (notes, place name, the text of the reports).
const SEARCHLESS_EVENTS_PG: &str = concat!(
    "SELECT e.event_id, e.notes, e.location, ",
    report_texts!(),
    " FROM events e WHERE e.search IS NULL LIMIT 1000"
);

/// The columns of a candidate search: the profile without its evidence words
/// (NULL), which only the candidates that block with the new event need (most
/// of those a search reads do not: [`Store::blocked`] reads their words then).
macro_rules! candidate_cols {
    () => {
        profile_cols!("NULL")
    };
}
const CANDIDATE_COLS: &str = candidate_cols!();

/// The events of a country with a wide window (or none) that may meet a
/// window (its end, then its start), added to each of the two searches below
/// in the same statement (one round trip, not two).
macro_rules! wide_candidates {
    () => {
        concat!(
            " UNION ALL ",
            candidate_cols!(),
            " WHERE country = ? AND block_wide = 1
    AND (reach_start IS NULL OR (reach_start <= ? AND reach_end >= ?))"
        )
    };
}

/// The stored events of a country whose blocking window may meet a window
/// (`block_start` from the window's start less [`dedup::MAX_BLOCK_DAYS`] to its
/// end, `block_end` from its start), and its wide ones.
const CANDIDATES_IN_COUNTRY: &str = concat!(
    candidate_cols!(),
    " WHERE country = ? AND block_start >= ? AND block_start <= ? AND block_end >= ?",
    wide_candidates!()
);

/// [`CANDIDATES_IN_COUNTRY`] on PostgreSQL: the country as `country || ''`,
/// the expression of its index `events_country_block` (migration 25), which
/// the searches in grid cells cannot use.
const CANDIDATES_IN_COUNTRY_PG: &str = concat!(
    candidate_cols!(),
    " WHERE country || '' = ? AND block_start >= ? AND block_start <= ? AND block_end >= ?",
    wide_candidates!()
);

/// The same in the cells near a fine place and in no cell ([`dedup::cells_near`]:
/// [`dedup::NO_CELL`], then [`dedup::MAX_CELLS`] cells, repeated to fill), the
/// fine places only in the box of [`dedup::Near`] ([`dedup::NO_CELL`], then the
/// box's latitudes and longitudes): the index `events_cell` holds the
/// coordinates (migration 20), so a place further than `max_km` is passed over
/// there, its row neither read nor compared.
const CANDIDATES_IN_CELLS: &str = concat!(
    candidate_cols!(),
    " WHERE country = ? AND dedup_cell IN (?, ?, ?, ?, ?, ?, ?, ?, ?)
    AND block_start >= ? AND block_start <= ? AND block_end >= ?
    AND (dedup_cell = ? OR (lat >= ? AND lat <= ? AND lon >= ? AND lon <= ?))",
    wide_candidates!()
);

/// [`CANDIDATES_IN_CELLS`] on PostgreSQL for `cells` cells: one arm for
/// [`dedup::NO_CELL`] and one for each cell (its box of latitudes and
/// longitudes), then the wide events. The same rows; but a statement
/// PostgreSQL plans once (a generic plan, after five) planned the list of
/// cells as a filter on `events_block`, which reads every event of the
/// country in the window (more as the store grows), and an arm with one cell
/// is planned on `events_cell`.
fn candidates_in_cells_pg(cells: usize) -> String {
    let dates = "block_start >= ? AND block_start <= ? AND block_end >= ?";
    let mut sql = format!("{CANDIDATE_COLS} WHERE country = ? AND dedup_cell = ? AND {dates}");
    for _ in 0..cells {
        sql.push_str(&format!(
            " UNION ALL {CANDIDATE_COLS} WHERE country = ? AND dedup_cell = ? AND {dates}
             AND lat >= ? AND lat <= ? AND lon >= ? AND lon <= ?"
        ));
    }
    sql.push_str(wide_candidates!());
    sql
}

/// The parameters of [`candidates_in_cells_pg`] after the country (already
/// in `params`) up to the wide arm's: returns the number of cells.
fn pg_cell_params(
    country: &str,
    near: &dedup::Near,
    dates: &[Value; 3],
    params: &mut Vec<Value>,
) -> usize {
    params.push(dedup::NO_CELL.into());
    params.extend(dates.iter().cloned());
    let mut cells: Vec<i64> = Vec::with_capacity(near.cells.len());
    for c in &near.cells {
        if *c != dedup::NO_CELL && !cells.contains(c) {
            cells.push(*c);
        }
    }
    for c in &cells {
        params.extend([country.into(), (*c).into()]);
        params.extend(dates.iter().cloned());
        params.extend([
            near.lat.0.into(),
            near.lat.1.into(),
            near.lon.0.into(),
            near.lon.1.into(),
        ]);
    }
    cells.len()
}

fn join_tokens_all(t: &BTreeSet<String>) -> String {
    t.iter().map(String::as_str).collect::<Vec<_>>().join(" ")
}

fn join_tokens(t: &BTreeSet<String>) -> String {
    t.iter()
        .take(MAX_TOKENS)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of a stored `evidence` (space-separated; none when NULL).
pub(crate) fn split_tokens(v: &Value) -> BTreeSet<String> {
    v.as_str()
        .unwrap_or("")
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// What a merge changed, field by field, for its revision row: the fields
/// `changed` of `base` and `merged` as old and new values, the report added
/// (or the stored event absorbed) and the claims added.
fn merge_changes(
    changed: &[&str],
    base: &Event,
    merged: &Event,
    ev: &Event,
    key: &str,
    absorbed: Option<(&str, i64)>,
) -> Result<serde_json::Map<String, serde_json::Value>, StoreError> {
    let mut changes = serde_json::Map::new();
    let old_v = serde_json::to_value(base)?;
    let new_v = serde_json::to_value(merged)?;
    for f in changed {
        let val = match *f {
            "sources" => match absorbed {
                Some((other, _)) => serde_json::json!({ "absorbed": other, "bridged_by": key }),
                None => serde_json::json!({ "added": key }),
            },
            "casualty_claims" => serde_json::json!({
                "added": ev.casualty_claims.len()
            }),
            _ => serde_json::json!({
                "old": old_v.get(*f).cloned().unwrap_or_default(),
                "new": new_v.get(*f).cloned().unwrap_or_default(),
            }),
        };
        changes.insert((*f).to_string(), val);
    }
    Ok(changes)
}

/// A stored event's dedup profile, from a row of [`PROFILE_COLS`] (or of
/// [`CANDIDATE_COLS`]: no evidence words then).
fn profile_from_row(r: &Row) -> Profile {
    let tokens = split_tokens(col(r, 17));
    let block = match (parse_date(col(r, 6)), parse_date(col(r, 7))) {
        (Some(a), Some(b)) => Some((a, b)),
        _ => None,
    };
    Profile {
        event_type: col(r, 1).as_str().unwrap_or("").to_string(),
        sub_event_type: col(r, 2).as_str().map(str::to_string),
        date_start: parse_date(col(r, 3)),
        date_end: parse_date(col(r, 4)),
        precision: col(r, 5).as_str().and_then(parse_enum).unwrap_or_default(),
        block,
        country: col(r, 8).as_str().map(str::to_string),
        admin1: col(r, 9).as_str().map(str::to_string),
        lat: col(r, 10).as_f64(),
        lon: col(r, 11).as_f64(),
        geo_precision: col(r, 12).as_str().and_then(parse_enum).unwrap_or_default(),
        place_key: col(r, 13).as_str().map(str::to_string),
        fatalities: col(r, 15)
            .as_i64()
            .or(col(r, 14).as_i64())
            .and_then(|v| u32::try_from(v).ok()),
        perpetrator: col(r, 16).as_str().map(str::to_string),
        tokens,
        reach: match (parse_date(col(r, 18)), parse_date(col(r, 19))) {
            (Some(a), Some(b)) => Some((a, b)),
            _ if col(r, 23).as_i64() == Some(1) => None,
            _ => block,
        },
        admin1_code: col(r, 20).as_str().map(str::to_string),
        admin2: col(r, 21).as_str().map(str::to_string),
        actors: col(r, 22)
            .as_str()
            .unwrap_or("")
            .split(' ')
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect(),
        month_day: col(r, 24).as_str().map(str::to_string),
        toll_parts: col(r, 25)
            .as_str()
            .unwrap_or("")
            .split(' ')
            .filter_map(|t| t.parse().ok())
            .collect(),
        toll_open: (col(r, 14).as_i64().is_some() || col(r, 15).as_i64().is_some())
            && col(r, 26).as_i64().is_none(),
    }
}

/// One report of a dedup evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalReport {
    pub cluster: String,
    pub report: String,
    /// The stored event its main event ended in.
    pub event: Option<String>,
    /// Type, date, place and toll of its main event.
    pub summary: String,
}

/// The outcome of [`evaluate_dedup`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DedupEval {
    pub metrics: PairMetrics,
    pub merge_rate: f64,
    pub false_merge_rate: f64,
    pub clusters: usize,
    pub stored_events: u64,
    pub reports: Vec<EvalReport>,
}

/// Ingest reports with their true cluster, in order, and measure at the
/// report-pair level whether their main events ([`dedup::main_event`]) were merged.
pub fn evaluate_dedup(
    store: &mut Store,
    rows: &[(String, IngestDoc)],
) -> Result<DedupEval, StoreError> {
    let docs: Vec<IngestDoc> = rows.iter().map(|r| r.1.clone()).collect();
    store.ingest_batch(&docs)?;
    let map = store.source_event_map()?;
    let mut assign = Vec::new();
    let mut reports = Vec::new();
    for (cluster, d) in rows {
        let (key, _) = document_key(&d.doc);
        let main = dedup::main_event(&d.events);
        let event = main.and_then(|e| map.get(&(key.clone(), e.id.clone())).cloned());
        let summary = main
            .map(|e| {
                format!(
                    "{} {} {} killed={}",
                    e.event_type.as_str(),
                    e.date
                        .start
                        .map(|d| d.format("%Y-%m-%d").to_string())
                        .unwrap_or_else(|| "?".into()),
                    e.location.name.as_deref().unwrap_or("?"),
                    e.fatalities
                        .low
                        .map(|v| v.to_string())
                        .unwrap_or_else(|| "?".into())
                )
            })
            .unwrap_or_default();
        assign.push((cluster.clone(), event.clone()));
        reports.push(EvalReport {
            cluster: cluster.clone(),
            report: d.doc.id.clone(),
            event,
            summary,
        });
    }
    let metrics = dedup::pair_metrics(&assign);
    let clusters = assign
        .iter()
        .map(|a| a.0.as_str())
        .collect::<HashSet<_>>()
        .len();
    Ok(DedupEval {
        merge_rate: metrics.merge_rate(),
        false_merge_rate: metrics.false_merge_rate(),
        metrics,
        clusters,
        stored_events: store.counts()?.events,
        reports,
    })
}

#[cfg(test)]
mod record_tests {
    use super::*;

    /// A record as written before migration 16: `z1:`, its JSON deflated
    /// (level 6) and in base64.
    pub(crate) fn z1_record(json: &str) -> Vec<u8> {
        use base64::Engine;
        use std::io::Write;
        let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::new(6));
        z.write_all(json.as_bytes()).unwrap();
        let b64 = base64::engine::general_purpose::STANDARD_NO_PAD.encode(z.finish().unwrap());
        format!("z1:{b64}").into_bytes()
    }

    #[test]
    fn records_are_stored_as_lz4_blocks_and_read_back_whole() {
        let json = r#"{"schema":"sitrep.event/1","id":"fc2266c2404279ab","event_type":"violence_against_civilians","sub_event_type":"attack","plover":{"event":"ASSAULT"},"cameo":"18","date":{"start":"2017-06-20","end":"2017-06-20","precision":"day","text":"on Tuesday","span":[123,133],"basis":"text"},"location":{"name":"Bilsi","admin2":"Budaun","admin1":"Uttar Pradesh","admin1_code":"IN.36","country":"IN","lat":28.12941,"lon":78.9109,"geonames_id":1275590,"precision":"point","text":"Bilsi","span":[117,122]},"actors":[{"role":"victim","id":"civilians","name":"Civilians","type":"civilians","text":"worshippers","span":[33,44]},{"role":"perpetrator","id":"hizbul-mujahideen","name":"Hizbul Mujahideen","type":"rebel_group","text":"Hizbul Mujahideen attackers","span":[62,89]}],"fatalities":{"low":8,"best":8,"high":8,"text":"Eight worshippers were killed","span":[27,56]},"injuries":{"low":null,"best":null,"high":null},"casualty_claims":[{"kind":"killed","low":8,"high":8,"by":"witnesses","span":[27,56]}],"attribution":{"status":"confirmed","claimed_by":[],"alleged_by":[]},"modality":"asserted","sources":[{"doc":"gen-0000000","url":null,"published":"2017-06-21","sentences":[[27,150]]}],"confidence":0.95}"#;
        let ev: Event = serde_json::from_str(json).unwrap();
        let stored = encode_record(&ev).unwrap();
        assert!(stored.starts_with(RECORD_LZ4));
        assert!(
            stored.len() * 10 < json.len() * 8,
            "{} of {}",
            stored.len(),
            json.len()
        );
        assert_eq!(decode_record(&stored).unwrap(), ev);
        // A record stored before as JSON reads as it did, and one deflated
        // in base64 (`z1:`, before migration 16) too.
        assert_eq!(decode_record(json.as_bytes()).unwrap(), ev);
        assert_eq!(decode_record(&z1_record(json)).unwrap(), ev);
        // One deflated as bytes (`z2:`, from migration 16 until LZ4 records).
        let mut z =
            flate2::write::DeflateEncoder::new(b"z2:".to_vec(), flate2::Compression::new(1));
        std::io::Write::write_all(&mut z, json.as_bytes()).unwrap();
        assert_eq!(decode_record(&z.finish().unwrap()).unwrap(), ev);
        assert!(decode_record(b"z1:!!").is_err());
        assert!(decode_record(b"z2:!!").is_err());
        // A damaged block, or a length past the largest record, is an error.
        assert!(decode_record(b"l4:").is_err());
        assert!(decode_record(b"l4:\x10\x00\x00\x00!!").is_err());
        assert!(decode_record(b"l4:\xff\xff\xff\x7f\x10abc").is_err());
        // A long merged record (the compressor's output grows as it needs).
        let mut long = ev.clone();
        for i in 0..400 {
            let mut a = ev.actors[0].clone();
            a.id = format!("victim-{i}");
            long.actors.push(a);
        }
        let stored = encode_record(&long).unwrap();
        assert_eq!(decode_record(&stored).unwrap(), long);
        assert_eq!(decode_record(&encode_record(&ev).unwrap()).unwrap(), ev);
    }
}

#[cfg(test)]
mod sql_tests {
    use super::*;

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        for (y, m, d) in [
            (2024, 3, 14),
            (1999, 12, 31),
            (5, 1, 2),
            (10_000, 1, 1),
            (-44, 3, 15),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(ymd(date), date.format("%Y-%m-%d").to_string());
        }
    }

    #[test]
    fn dates_are_read_as_chrono_reads_them() {
        let chrono_reads = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        for s in [
            "2024-03-14",
            "0005-01-02",
            "2023-02-29",
            "2024-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-1-5",
            "10000-01-01",
            "-0044-03-15",
            "2024-03-1x",
            "2024/03/14",
            "",
        ] {
            assert_eq!(parse_date(&Value::from(s)), chrono_reads(s), "{s:?}");
        }
        assert_eq!(
            parse_date(&Value::from("2024-03-14")),
            NaiveDate::from_ymd_opt(2024, 3, 14)
        );
        assert_eq!(parse_date(&Value::Null), None);
    }

    #[test]
    fn document_keys_end_in_the_hash_of_the_text() {
        let doc = Document {
            id: "d1".into(),
            text: "abc".into(),
            ..Document::default()
        };
        let (key, hash) = document_key(&doc);
        // SHA-256 of "abc".
        assert_eq!(
            hash,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(key, "d1@ba7816bf8f01cfea");
    }

    /// One group of `cols` marks per row, rows and marks comma-separated.
    #[test]
    fn value_rows_lists_one_group_per_row() {
        assert_eq!(value_rows(1, 3), "(?, ?, ?)");
        assert_eq!(value_rows(2, 2), "(?, ?), (?, ?)");
    }
}
