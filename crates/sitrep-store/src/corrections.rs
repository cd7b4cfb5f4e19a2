/*!
Analyst corrections that last, and reprocessing.

An analyst who sees an error corrects it with one of four actions:

* **edit** an event's fields (`fatalities.low = 12`, `location.admin1 = Benue`,
  `event_type = battles`: a path into the `sitrep.event/1` record and a JSON or
  plain value);
* **merge** two events the store kept apart (the second into the first);
* **split** one source report out of an event it was wrongly merged into (its
  events become a record of their own, id [`split_id`]);
* **delete** an event that is no event.

Each correction is kept in the `overrides` table (who, when, why, what), applied
at once, and written as a revision of each event it touches (actions `edit`,
`analyst_merge` / `merged_into`, `split` / `split_from`, `delete`, with the
analyst's name and note in the reason), so `sitrep history EVENT` and the API
show it. Corrections outlive what would undo them: an edit is applied again
after every merge of a new report into its event, and every correction is
applied again, in its order, after [`Store::reprocess`].

# Reprocessing
[`Store::reprocess`] re-extracts every stored report (through a caller's
function: the store does not extract) and rebuilds the events in the order the
reports were first stored, with the same deduplication as ingest. It keeps an
event's id when the rebuilt event rests on the same extracted events (the same
report and extractor id; failing that, the same reports and type) as a stored
one, keeps every event's revision history (adding a `reprocess` revision with the
fields that changed, or `removed` for an event no report supports any more),
re-applies the corrections, and returns what changed. It runs in one
transaction: killed at any point, the store is left as it was, and running it
again gives what an uninterrupted run gives.
*/

use crate::backend::{col, Value};
use crate::dedup::{self, Profile};
use crate::{
    event_notes, join_tokens, join_tokens_all, now, parse_date, BatchSummary, EventMeta, Store,
    StoreError,
};
use chrono::NaiveDate;
use serde::Serialize;
use sitrep_core::{Document, Event};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// A stored report, as reprocessing and splitting hand it to the extractor.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDoc {
    /// The storage key (`id@hash`).
    pub key: String,
    pub id: String,
    pub source_name: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    /// The stored (cleaned) text.
    pub text: String,
}

/// Extraction as the store calls it: a stored report in, the prepared document
/// and its events out.
pub type Reextract<'a> = dyn FnMut(&StoredDoc) -> (Document, Vec<Event>) + 'a;

/// One analyst correction, as kept in `overrides`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Override {
    pub seq: i64,
    /// `edit`, `merge`, `split` or `delete`.
    pub action: String,
    pub event_id: String,
    /// What was asked: `{"set": {path: value}}`, `{"other": id}`, `{"source": doc}`.
    pub args: serde_json::Value,
    pub who: String,
    pub at: String,
    pub note: String,
    /// `applied`, or `orphaned` when its event was not found the last time.
    pub status: String,
}

/// What [`Store::reprocess`] changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ReprocessSummary {
    pub documents: usize,
    pub events_before: usize,
    pub events_after: usize,
    /// Stored events rebuilt under their id.
    pub kept: usize,
    /// Kept events whose record changed.
    pub changed: usize,
    /// How many kept events changed each field.
    pub fields_changed: BTreeMap<String, usize>,
    /// Ids of events that did not exist before.
    pub added: Vec<String>,
    /// Ids of events no re-extracted report supports any more.
    pub removed: Vec<String>,
    pub overrides_applied: usize,
    /// Corrections whose event is gone (kept, not applied).
    pub overrides_orphaned: Vec<i64>,
}

/// The id of the event split out of `event` for the report `doc_key`: the same
/// each time the split is applied, so later corrections find it again.
pub fn split_id(event: &str, doc_key: &str) -> String {
    sitrep_core::stable_id(&[event, doc_key, "split"])
}

/// Set `path` (dot-separated keys) of a JSON record to `value`. A number given
/// for a casualty object (`fatalities`, `injuries`) sets its low, best and high.
fn set_path(v: &mut serde_json::Value, path: &str, value: serde_json::Value) -> Result<(), String> {
    let mut cur = v;
    let parts: Vec<&str> = path.split('.').filter(|p| !p.is_empty()).collect();
    let Some((last, head)) = parts.split_last() else {
        return Err("an empty field name".to_string());
    };
    for p in head {
        cur = cur
            .get_mut(*p)
            .filter(|c| c.is_object())
            .ok_or_else(|| format!("the record has no object {p:?} in {path:?}"))?;
    }
    let obj = cur
        .as_object_mut()
        .ok_or_else(|| format!("{path:?} is not a field of the record"))?;
    if let (Some(serde_json::Value::Object(c)), true) = (obj.get_mut(*last), value.is_number()) {
        if c.contains_key("low") && c.contains_key("high") {
            for k in ["low", "best", "high"] {
                c.insert(k.to_string(), value.clone());
            }
            return Ok(());
        }
    }
    obj.insert((*last).to_string(), value);
    Ok(())
}

/// A value as given on the command line: JSON when it parses, else a string.
pub fn parse_value(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|_| serde_json::Value::String(s.to_string()))
}

/// The top-level fields whose values differ between two records (`id` aside).
fn changed_fields(old: &Event, new: &Event) -> BTreeMap<String, serde_json::Value> {
    let a = serde_json::to_value(old).unwrap_or_default();
    let b = serde_json::to_value(new).unwrap_or_default();
    let mut out = BTreeMap::new();
    let empty = serde_json::Map::new();
    let ao = a.as_object().unwrap_or(&empty);
    let bo = b.as_object().unwrap_or(&empty);
    let keys: BTreeSet<&String> = ao.keys().chain(bo.keys()).collect();
    for k in keys {
        if k == "id" {
            continue;
        }
        let (x, y) = (ao.get(k), bo.get(k));
        if x != y {
            let val = if k == "sources" {
                serde_json::json!({
                    "old": x.and_then(|v| v.as_array()).map_or(0, Vec::len),
                    "new": y.and_then(|v| v.as_array()).map_or(0, Vec::len),
                })
            } else {
                serde_json::json!({ "old": x, "new": y })
            };
            out.insert(k.clone(), val);
        }
    }
    out
}

fn row_override(r: &[Value]) -> Override {
    let r = r.to_vec();
    Override {
        seq: col(&r, 0).as_i64().unwrap_or(0),
        action: col(&r, 1).as_str().unwrap_or("").to_string(),
        event_id: col(&r, 2).as_str().unwrap_or("").to_string(),
        args: serde_json::from_str(col(&r, 3).as_str().unwrap_or("{}")).unwrap_or_default(),
        who: col(&r, 4).as_str().unwrap_or("").to_string(),
        at: col(&r, 5).as_str().unwrap_or("").to_string(),
        note: col(&r, 6).as_str().unwrap_or("").to_string(),
        status: col(&r, 7).as_str().unwrap_or("").to_string(),
    }
}

const OVERRIDE_COLS: &str =
    "SELECT seq, action, event_id, args, who, at, note, status FROM overrides";

/// A revision's row, as read before a rebuild and written back after it.
type RevisionRow = Vec<Value>;

/// Event id → event id (a rebuilt event's natural id) or event id → type.
type IdMap = HashMap<String, String>;

/// An extracted event: `(doc_key, source_event_id)`.
type SourceKey = (String, String);

/// The store as it was before a reprocess, which the rebuild is matched and
/// compared against.
struct Before {
    /// Every source row: `((doc_key, source_event_id), event_id, natural id)`.
    sources: Vec<(SourceKey, String, String)>,
    /// Each extracted event's natural event, those of deleted and removed
    /// events included.
    natural: HashMap<SourceKey, String>,
    /// The reports each natural event rests on.
    natural_docs: HashMap<String, BTreeSet<String>>,
    /// Each stored event's record.
    records: HashMap<String, Event>,
    /// Every revision, by event and number.
    revs: Vec<RevisionRow>,
    /// Every id an event had: a record, a natural id or a revision's.
    history_ids: HashSet<String>,
    /// The type of each event with a record and a revision.
    types: IdMap,
}

/// Deleted and removed events remember their extracted events (the `sources`
/// of their `delete` or `removed` revision), so that a rebuilt one gets its id
/// back (and a deletion is applied to it again): add each to `natural` where
/// no natural event stands for it yet.
fn remember_gone_sources(revs: &[RevisionRow], natural: &mut HashMap<SourceKey, String>) {
    for r in revs {
        let action = col(r, 4).as_str().unwrap_or("");
        let Some(id) = col(r, 0).as_str() else {
            continue;
        };
        if action != "delete" && action != "removed" {
            continue;
        }
        let changes: serde_json::Value =
            serde_json::from_str(col(r, 5).as_str().unwrap_or("{}")).unwrap_or_default();
        for p in changes
            .get("sources")
            .and_then(|s| s.as_array())
            .into_iter()
            .flatten()
        {
            let part = |i: usize| p.get(i).and_then(|v| v.as_str()).map(str::to_string);
            if let (Some(k), Some(e)) = (part(0), part(1)) {
                natural
                    .entry((k, e))
                    .or_insert_with(|| part(2).unwrap_or_else(|| id.to_string()));
            }
        }
    }
}

/// The first match of rebuilt events (`new_map`: extracted event → rebuilt
/// id) to natural ones: by the extracted events they share, the most first
/// (ties by the ids), each event matched at most once. Returns rebuilt id →
/// natural id, and the natural ids taken.
fn match_by_sources(
    new_map: &HashMap<SourceKey, String>,
    natural: &HashMap<SourceKey, String>,
) -> (IdMap, HashSet<String>) {
    let mut votes: HashMap<(String, String), usize> = HashMap::new();
    for (k, new_id) in new_map {
        if let Some(old_id) = natural.get(k) {
            *votes.entry((new_id.clone(), old_id.clone())).or_default() += 1;
        }
    }
    let mut ranked: Vec<((String, String), usize)> = votes.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut assign: IdMap = HashMap::new();
    let mut used: HashSet<String> = HashSet::new();
    for ((n, o), _) in &ranked {
        if !assign.contains_key(n) && !used.contains(o) {
            assign.insert(n.clone(), o.clone());
            used.insert(o.clone());
        }
    }
    (assign, used)
}

/// The second match, of rebuilt events the first left unmatched (`new_docs`:
/// rebuilt id → its reports): to a natural event not yet `used`, of the same
/// type, by the reports they share, the most first (ties by the ids).
fn match_by_reports(
    new_docs: &BTreeMap<String, BTreeSet<String>>,
    new_types: &IdMap,
    before: &Before,
    assign: &mut IdMap,
    used: &mut HashSet<String>,
) {
    let mut second: Vec<(usize, String, String)> = Vec::new();
    for (n, docs) in new_docs {
        if assign.contains_key(n) {
            continue;
        }
        for (o, odocs) in &before.natural_docs {
            let shared = docs.intersection(odocs).count();
            if shared > 0 && before.types.get(o) == new_types.get(n) && !used.contains(o) {
                second.push((shared, n.clone(), o.clone()));
            }
        }
    }
    second.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| (&a.1, &a.2).cmp(&(&b.1, &b.2))));
    for (_, n, o) in second {
        if !assign.contains_key(&n) && !used.contains(&o) {
            assign.insert(n, o.clone());
            used.insert(o);
        }
    }
}

impl Store {
    /// Every correction, oldest first (of one event with `Some(id)`).
    pub fn overrides(&mut self, event: Option<&str>) -> Result<Vec<Override>, StoreError> {
        let rows = match event {
            Some(id) => self.db.query(
                &format!("{OVERRIDE_COLS} WHERE event_id = ? ORDER BY seq"),
                &[id.into()],
            )?,
            None => self
                .db
                .query(&format!("{OVERRIDE_COLS} ORDER BY seq"), &[])?,
        };
        Ok(rows.iter().map(|r| row_override(r)).collect())
    }

    /// Edit fields of an event: each `(path, value)` sets a field of its record
    /// (see [`parse_value`]). Kept as a correction. Returns the fields changed.
    pub fn edit_event(
        &mut self,
        id: &str,
        set: &[(String, serde_json::Value)],
        who: &str,
        note: &str,
    ) -> Result<Vec<String>, StoreError> {
        let mut m = serde_json::Map::new();
        for (k, v) in set {
            m.insert(k.clone(), v.clone());
        }
        let args = serde_json::json!({ "set": m });
        self.correct("edit", id, args, who, note, None)
    }

    /// Merge event `other` into `into` (its sources, claims and history move).
    pub fn merge_events(
        &mut self,
        into: &str,
        other: &str,
        who: &str,
        note: &str,
    ) -> Result<Vec<String>, StoreError> {
        if into == other {
            return Err(StoreError::Invalid(format!(
                "cannot merge {into} into itself"
            )));
        }
        let args = serde_json::json!({ "other": other });
        self.correct("merge", into, args, who, note, None)
    }

    /// Split the report `source` (its key, id or file name) out of an event: its
    /// events become an event of their own ([`split_id`]); what is left is rebuilt
    /// from the other reports, re-extracted by `extract`.
    pub fn split_event(
        &mut self,
        id: &str,
        source: &str,
        who: &str,
        note: &str,
        extract: &mut Reextract<'_>,
    ) -> Result<Vec<String>, StoreError> {
        let args = serde_json::json!({ "source": source });
        self.correct("split", id, args, who, note, Some(extract))
    }

    /// Delete an event (its history stays, with the reason).
    pub fn delete_event(
        &mut self,
        id: &str,
        who: &str,
        note: &str,
    ) -> Result<Vec<String>, StoreError> {
        self.correct("delete", id, serde_json::json!({}), who, note, None)
    }

    /// Record a correction and apply it, in one transaction. Returns the ids of
    /// the events it touched (first the one named).
    fn correct(
        &mut self,
        action: &str,
        id: &str,
        args: serde_json::Value,
        who: &str,
        note: &str,
        extract: Option<&mut Reextract<'_>>,
    ) -> Result<Vec<String>, StoreError> {
        self.writable()?;
        if note.trim().is_empty() {
            return Err(StoreError::Invalid(
                "a correction needs a note saying why (--note)".to_string(),
            ));
        }
        self.db.begin_write()?;
        let res = (|| {
            let rows = self.db.query(
                "SELECT CAST(COALESCE(MAX(seq), 0) AS BIGINT) FROM overrides",
                &[],
            )?;
            let seq = rows.first().and_then(|r| col(r, 0).as_i64()).unwrap_or(0) + 1;
            let ov = Override {
                seq,
                action: action.to_string(),
                event_id: id.to_string(),
                args,
                who: who.to_string(),
                at: now(),
                note: note.to_string(),
                status: "applied".to_string(),
            };
            let touched = self.apply_override(&ov, extract, false)?;
            if touched.is_empty() {
                return Err(StoreError::Invalid(format!("no stored event {id}")));
            }
            self.db.execute(
                "INSERT INTO overrides (seq, action, event_id, args, who, at, note, status)
                 VALUES (?, ?, ?, ?, ?, ?, ?, 'applied')",
                &[
                    seq.into(),
                    action.into(),
                    id.into(),
                    ov.args.to_string().into(),
                    who.into(),
                    ov.at.as_str().into(),
                    note.into(),
                ],
            )?;
            Ok(touched)
        })();
        match res {
            Ok(t) => {
                self.commit_write()?;
                Ok(t)
            }
            Err(e) => {
                let _ = self.db.rollback();
                Err(e)
            }
        }
    }

    /// Apply one correction to the current events. Returns the ids touched (none
    /// when its event is not stored). `again`: re-applied (after a merge or a
    /// reprocess), said in the revision.
    fn apply_override(
        &mut self,
        ov: &Override,
        extract: Option<&mut Reextract<'_>>,
        again: bool,
    ) -> Result<Vec<String>, StoreError> {
        let id = ov.event_id.as_str();
        if !self.event_exists(id)? {
            // A merge the rebuild already made, under the other id: done.
            let other = ov.args.get("other").and_then(|o| o.as_str());
            if let (true, "merge", Some(o)) = (again, ov.action.as_str(), other) {
                if self.event_exists(o)? {
                    return Ok(vec![o.to_string()]);
                }
            }
            return Ok(Vec::new());
        }
        let why = if again {
            format!("re-applied: analyst {} ({}): {}", ov.who, ov.at, ov.note)
        } else {
            format!("analyst {}: {}", ov.who, ov.note)
        };
        match ov.action.as_str() {
            "edit" => {
                let set = ov
                    .args
                    .get("set")
                    .and_then(|s| s.as_object())
                    .cloned()
                    .unwrap_or_default();
                self.apply_edit(id, &set, ov.seq, &why)?;
                Ok(vec![id.to_string()])
            }
            "merge" => {
                let other = ov.args.get("other").and_then(|o| o.as_str()).unwrap_or("");
                if !self.event_exists(other)? {
                    if again {
                        // Already one event (the rebuild merged them).
                        return Ok(vec![id.to_string()]);
                    }
                    return Err(StoreError::Invalid(format!("no stored event {other}")));
                }
                self.apply_merge(id, other, ov.seq, &why)?;
                Ok(vec![id.to_string(), other.to_string()])
            }
            "split" => {
                let source = ov.args.get("source").and_then(|o| o.as_str()).unwrap_or("");
                let Some(extract) = extract else {
                    return Err(StoreError::Invalid(
                        "splitting needs extraction".to_string(),
                    ));
                };
                match self.apply_split(id, source, ov.seq, &why, extract) {
                    Ok(new_id) => Ok(vec![id.to_string(), new_id]),
                    // Re-applied where the report is no longer merged in: nothing to do.
                    Err(_) if again => Ok(vec![id.to_string()]),
                    Err(e) => Err(e),
                }
            }
            "delete" => {
                self.apply_delete(id, ov.seq, &why)?;
                Ok(vec![id.to_string()])
            }
            a => Err(StoreError::Invalid(format!("unknown correction {a:?}"))),
        }
    }

    /// The next revision number of an event (its history may outlive its row).
    fn next_revision(&mut self, id: &str) -> Result<i64, StoreError> {
        let last = self.db.query(
            "SELECT CAST(MAX(revision) AS BIGINT) FROM revisions WHERE event_id = ?",
            &[id.into()],
        )?;
        Ok(last.first().and_then(|r| col(r, 0).as_i64()).unwrap_or(0) + 1)
    }

    /// Append a revision without a report; returns its number.
    fn add_revision(
        &mut self,
        id: &str,
        action: &str,
        changes: serde_json::Value,
        reason: &str,
    ) -> Result<i64, StoreError> {
        let rev = self.next_revision(id)?;
        self.db.execute(
            "INSERT INTO revisions (event_id, revision, at, doc_key, action, changes, reason, score)
             VALUES (?, ?, ?, NULL, ?, ?, ?, NULL)",
            &[
                id.into(),
                rev.into(),
                now().into(),
                action.into(),
                changes.to_string().into(),
                reason.into(),
            ],
        )?;
        Ok(rev)
    }

    /// The bookkeeping columns of a stored event: `(n_sources, created_at,
    /// notes, evidence, block, reach)`.
    #[allow(clippy::type_complexity)]
    fn event_meta(
        &mut self,
        id: &str,
    ) -> Result<
        (
            i64,
            String,
            String,
            String,
            Option<(NaiveDate, NaiveDate)>,
            Option<(NaiveDate, NaiveDate)>,
        ),
        StoreError,
    > {
        let rows = self.db.query(
            "SELECT e.n_sources, e.created_at, e.notes, r.evidence, e.block_start, e.block_end,
                    e.reach_start, e.reach_end, e.block_wide
             FROM events e JOIN event_records r ON r.event_id = e.event_id WHERE e.event_id = ?",
            &[id.into()],
        )?;
        let Some(r) = rows.into_iter().next() else {
            return Err(StoreError::Invalid(format!("no stored event {id}")));
        };
        let block = match (parse_date(col(&r, 4)), parse_date(col(&r, 5))) {
            (Some(a), Some(b)) => Some((a, b)),
            _ => None,
        };
        let reach = match (parse_date(col(&r, 6)), parse_date(col(&r, 7))) {
            (Some(a), Some(b)) => Some((a, b)),
            _ if col(&r, 8).as_i64() == Some(1) => None,
            _ => block,
        };
        Ok((
            col(&r, 0).as_i64().unwrap_or(1),
            col(&r, 1).as_str().unwrap_or("").to_string(),
            col(&r, 2).as_str().unwrap_or("").to_string(),
            col(&r, 3).as_str().unwrap_or("").to_string(),
            block,
            reach,
        ))
    }

    /// Write an event's new record, keeping its bookkeeping (windows follow a
    /// changed date).
    fn rewrite_record(
        &mut self,
        old: &Event,
        new: &Event,
        revision: i64,
        n_sources: Option<i64>,
    ) -> Result<(), StoreError> {
        let (n, created_at, notes, evidence, mut block, mut reach) = self.event_meta(&old.id)?;
        if old.date != new.date {
            let published = new.sources.iter().filter_map(|s| s.published).max();
            block = dedup::block_window(new, published, &self.cfg).or(block);
            reach = dedup::reach_window(new, published, &self.cfg).or(block);
        }
        let perp = dedup::main_perpetrator(new, &self.knowledge);
        self.write_event(
            new,
            &EventMeta {
                block,
                reach,
                actors: join_tokens_all(&dedup::actor_tokens(new)),
                month_day: dedup::month_day(new),
                perpetrator: perp,
                n_sources: n_sources.unwrap_or(n),
                revision,
                created_at: &created_at,
                notes: &notes,
                evidence: &evidence,
                fresh: false,
                search: crate::SearchWrite::Remake,
            },
        )
    }

    fn record(&mut self, id: &str) -> Result<Option<Event>, StoreError> {
        let rows = self.db.query(
            "SELECT record FROM event_records WHERE event_id = ?",
            &[id.into()],
        )?;
        match rows.first().and_then(|r| col(r, 0).as_bytes()) {
            Some(s) => Ok(Some(crate::decode_record(s)?)),
            None => Ok(None),
        }
    }

    fn apply_edit(
        &mut self,
        id: &str,
        set: &serde_json::Map<String, serde_json::Value>,
        seq: i64,
        why: &str,
    ) -> Result<bool, StoreError> {
        let Some(old) = self.record(id)? else {
            return Ok(false);
        };
        let mut v = serde_json::to_value(&old)?;
        for (path, val) in set {
            set_path(&mut v, path, val.clone())
                .map_err(|e| StoreError::Invalid(format!("--set {path}: {e}")))?;
        }
        let mut new: Event = serde_json::from_value(v)
            .map_err(|e| StoreError::Invalid(format!("the edited record is not valid: {e}")))?;
        new.id = id.to_string();
        // A field the record does not have (a typo) would be dropped silently.
        let back = serde_json::to_value(&new)?;
        for (path, val) in set {
            let ptr = format!("/{}", path.replace('.', "/"));
            let got = back.pointer(&ptr);
            let casualty_number =
                val.is_number() && got.and_then(|g| g.get("low")).is_some_and(|l| l == val);
            if got != Some(val) && !casualty_number && !(val.is_null() && got.is_none()) {
                let fields: Vec<String> = back
                    .as_object()
                    .map(|o| o.keys().cloned().collect())
                    .unwrap_or_default();
                return Err(StoreError::Invalid(format!(
                    "--set {path}: no such field, or not this kind of value (the record's fields: {})",
                    fields.join(", ")
                )));
            }
        }
        let changes = changed_fields(&old, &new);
        if changes.is_empty() {
            return Ok(false);
        }
        let mut c = serde_json::Map::new();
        c.insert("override".into(), seq.into());
        for (k, v) in changes {
            c.insert(k, v);
        }
        let rev = self.add_revision(id, "edit", serde_json::Value::Object(c), why)?;
        self.rewrite_record(&old, &new, rev, None)?;
        Ok(true)
    }

    /// Re-apply the edits of an event (after a new report merged into it).
    pub(crate) fn reapply_edits(&mut self, id: &str) -> Result<(), StoreError> {
        if self.replaying {
            return Ok(());
        }
        let edits: Vec<Override> = self
            .db
            .query(
                &format!("{OVERRIDE_COLS} WHERE event_id = ? AND action = 'edit' ORDER BY seq"),
                &[id.into()],
            )?
            .iter()
            .map(|r| row_override(r))
            .collect();
        for ov in edits {
            let set = ov
                .args
                .get("set")
                .and_then(|s| s.as_object())
                .cloned()
                .unwrap_or_default();
            let why = format!(
                "re-applied after the event changed: analyst {} ({}): {}",
                ov.who, ov.at, ov.note
            );
            self.apply_edit(id, &set, ov.seq, &why)?;
        }
        Ok(())
    }

    fn apply_merge(
        &mut self,
        into: &str,
        other: &str,
        seq: i64,
        why: &str,
    ) -> Result<(), StoreError> {
        let (Some(a), Some(b)) = (self.record(into)?, self.record(other)?) else {
            return Ok(());
        };
        let (na, _, _, ev_a, block_a, reach_a) = self.event_meta(into)?;
        let (nb, _, _, ev_b, block_b, reach_b) = self.event_meta(other)?;
        let (mut merged, _) = dedup::reconcile(&a, &b);
        merged.id = into.to_string();
        let union =
            |x: Option<(NaiveDate, NaiveDate)>, y: Option<(NaiveDate, NaiveDate)>| match (x, y) {
                (Some((p, q)), Some((r, s))) => Some((p.min(r), q.max(s))),
                (x, y) => x.or(y),
            };
        let tokens: BTreeSet<String> = ev_a
            .split(' ')
            .chain(ev_b.split(' '))
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
        let mut c = serde_json::Map::new();
        c.insert("override".into(), seq.into());
        c.insert("absorbed".into(), other.into());
        for (k, v) in changed_fields(&a, &merged) {
            c.insert(k, v);
        }
        let rev = self.add_revision(into, "analyst_merge", serde_json::Value::Object(c), why)?;
        let (_, created_at, notes, _, _, _) = self.event_meta(into)?;
        let perp = dedup::main_perpetrator(&merged, &self.knowledge);
        self.write_event(
            &merged,
            &EventMeta {
                block: union(block_a, block_b),
                reach: union(reach_a, reach_b),
                actors: join_tokens_all(&dedup::actor_tokens(&merged)),
                month_day: dedup::month_day(&merged),
                perpetrator: perp,
                n_sources: na + nb,
                revision: rev,
                created_at: &created_at,
                notes: &notes,
                evidence: &join_tokens(&tokens),
                fresh: false,
                search: crate::SearchWrite::Remake,
            },
        )?;
        self.move_sources(other, into, None)?;
        self.remove_event_rows(other)?;
        self.add_revision(
            other,
            "merged_into",
            serde_json::json!({ "into": into, "override": seq }),
            why,
        )?;
        self.reapply_edits(into)
    }

    /// Move the source rows and casualty claims of `from` (only of these
    /// documents with `Some`) to `to`, renumbering claims that would clash.
    fn move_sources(
        &mut self,
        from: &str,
        to: &str,
        docs: Option<&HashSet<String>>,
    ) -> Result<(), StoreError> {
        let keep = |k: &str| docs.is_none_or(|d| d.contains(k));
        if self.db.kind() == crate::BackendKind::Postgres {
            // Their reports change: both search vectors are made again
            // (migration 22, [`Store::flush_search`]).
            self.db.execute(
                "UPDATE events SET search = NULL WHERE event_id IN (?, ?)",
                &[from.into(), to.into()],
            )?;
        }
        let rows = self.db.query(
            "SELECT doc_key, source_event_id FROM event_sources WHERE event_id = ?
             ORDER BY doc_key, source_event_id",
            &[from.into()],
        )?;
        for r in rows {
            let k = col(&r, 0).as_str().unwrap_or("").to_string();
            if !keep(&k) {
                continue;
            }
            let s = col(&r, 1).as_str().unwrap_or("").to_string();
            let taken = self.db.query(
                "SELECT 1 FROM event_sources WHERE event_id = ? AND doc_key = ? AND source_event_id = ?",
                &[to.into(), k.as_str().into(), s.as_str().into()],
            )?;
            if taken.is_empty() {
                self.db.execute(
                    "UPDATE event_sources SET event_id = ? WHERE event_id = ? AND doc_key = ?
                     AND source_event_id = ?",
                    &[to.into(), from.into(), k.as_str().into(), s.as_str().into()],
                )?;
            } else {
                self.db.execute(
                    "DELETE FROM event_sources WHERE event_id = ? AND doc_key = ? AND source_event_id = ?",
                    &[from.into(), k.as_str().into(), s.as_str().into()],
                )?;
            }
        }
        let claims = self.db.query(
            "SELECT doc_key, seq FROM casualty_claims WHERE event_id = ? ORDER BY doc_key, seq",
            &[from.into()],
        )?;
        for r in claims {
            let k = col(&r, 0).as_str().unwrap_or("").to_string();
            if !keep(&k) {
                continue;
            }
            let seq = col(&r, 1).as_i64().unwrap_or(0);
            let next = self.db.query(
                "SELECT CAST(COALESCE(MAX(seq) + 1, 0) AS BIGINT) FROM casualty_claims
                 WHERE event_id = ? AND doc_key = ?",
                &[to.into(), k.as_str().into()],
            )?;
            let n = next.first().and_then(|r| col(r, 0).as_i64()).unwrap_or(0);
            self.db.execute(
                "UPDATE casualty_claims SET event_id = ?, seq = ? WHERE event_id = ? AND doc_key = ?
                 AND seq = ?",
                &[
                    to.into(),
                    n.into(),
                    from.into(),
                    k.as_str().into(),
                    seq.into(),
                ],
            )?;
        }
        Ok(())
    }

    /// Delete an event's rows (not its history).
    fn remove_event_rows(&mut self, id: &str) -> Result<(), StoreError> {
        for table in ["event_actors", "event_records", "events"] {
            self.db.execute(
                &format!("DELETE FROM {table} WHERE event_id = ?"),
                &[id.into()],
            )?;
        }
        Ok(())
    }

    fn apply_delete(&mut self, id: &str, seq: i64, why: &str) -> Result<(), StoreError> {
        let keys: Vec<[String; 3]> = self
            .natural_sources()?
            .into_iter()
            .filter(|(_, cur, _)| cur == id)
            .map(|((k, e), _, n)| [k, e, n])
            .collect();
        for table in ["event_sources", "casualty_claims"] {
            self.db.execute(
                &format!("DELETE FROM {table} WHERE event_id = ?"),
                &[id.into()],
            )?;
        }
        self.remove_event_rows(id)?;
        self.add_revision(
            id,
            "delete",
            serde_json::json!({ "override": seq, "sources": keys }),
            why,
        )?;
        Ok(())
    }

    /// The stored report of a key.
    pub fn stored_doc(&mut self, key: &str) -> Result<Option<StoredDoc>, StoreError> {
        let rows = self.db.query(
            "SELECT doc_key, doc_id, source_name, url, title, published, text FROM documents
             WHERE doc_key = ?",
            &[key.into()],
        )?;
        Ok(rows.into_iter().next().map(|r| StoredDoc {
            key: col(&r, 0).as_str().unwrap_or("").to_string(),
            id: col(&r, 1).as_str().unwrap_or("").to_string(),
            source_name: col(&r, 2).as_str().unwrap_or("").to_string(),
            url: col(&r, 3).as_str().map(str::to_string),
            title: col(&r, 4).as_str().map(str::to_string),
            published: parse_date(col(&r, 5)),
            text: col(&r, 6).as_str().unwrap_or("").to_string(),
        }))
    }

    /// The events of `id` rebuilt from some of its sources (re-extracted), in
    /// the order they were added: the record and the dedup profile of each.
    fn rebuild_from(
        &mut self,
        sources: &[(String, String)],
        extract: &mut Reextract<'_>,
    ) -> Result<Option<(Event, Vec<Profile>, String)>, StoreError> {
        let mut out: Option<Event> = None;
        let mut profs = Vec::new();
        let mut notes = String::new();
        for (key, seid) in sources {
            let Some(sd) = self.stored_doc(key)? else {
                continue;
            };
            let (doc, evs) = extract(&sd);
            let Some(ev) = evs
                .iter()
                .find(|e| &e.id == seid)
                .or_else(|| dedup::main_event(&evs))
                .cloned()
            else {
                continue;
            };
            profs.push(dedup::profile(
                &ev,
                &doc.text,
                doc.published,
                &self.knowledge,
                &self.cfg,
            ));
            out = Some(match out {
                None => {
                    notes = event_notes(&ev, &doc.text);
                    ev
                }
                Some(base) => dedup::reconcile(&base, &ev).0,
            });
        }
        Ok(out.map(|e| (e, profs, notes)))
    }

    fn apply_split(
        &mut self,
        id: &str,
        source: &str,
        seq: i64,
        why: &str,
        extract: &mut Reextract<'_>,
    ) -> Result<String, StoreError> {
        let rows = self.db.query(
            "SELECT s.doc_key, s.source_event_id, d.doc_id, d.source_name FROM event_sources s
             JOIN documents d ON d.doc_key = s.doc_key WHERE s.event_id = ? ORDER BY s.added_at,
             s.doc_key",
            &[id.into()],
        )?;
        let mut out_src = Vec::new();
        let mut stay = Vec::new();
        let mut keys = HashSet::new();
        for r in &rows {
            let k = col(r, 0).as_str().unwrap_or("").to_string();
            let s = col(r, 1).as_str().unwrap_or("").to_string();
            let hit = k == source
                || col(r, 2).as_str() == Some(source)
                || col(r, 3).as_str() == Some(source);
            if hit {
                keys.insert(k.clone());
                out_src.push((k, s));
            } else {
                stay.push((k, s));
            }
        }
        if out_src.is_empty() {
            let names: BTreeSet<String> = rows
                .iter()
                .filter_map(|r| col(r, 2).as_str().map(str::to_string))
                .collect();
            let names: Vec<String> = names.into_iter().collect();
            return Err(StoreError::Invalid(format!(
                "event {id} has no source {source:?} (its reports: {})",
                names.join(", ")
            )));
        }
        if stay.is_empty() {
            return Err(StoreError::Invalid(format!(
                "{source:?} is the only report of event {id}: nothing to split"
            )));
        }
        let Some(old) = self.record(id)? else {
            return Err(StoreError::Invalid(format!("no stored event {id}")));
        };
        let (Some((left, lprofs, lnotes)), Some((mut part, pprofs, pnotes))) = (
            self.rebuild_from(&stay, extract)?,
            self.rebuild_from(&out_src, extract)?,
        ) else {
            return Err(StoreError::Invalid(format!(
                "re-extracting the reports of {id} found no event to split"
            )));
        };
        let new_id = split_id(id, &out_src[0].0);
        let mut left = left;
        left.id = id.to_string();
        part.id = new_id.clone();
        let (_, created_at, _, _, _, _) = self.event_meta(id)?;
        let mut c = serde_json::Map::new();
        c.insert("override".into(), seq.into());
        c.insert("split_out".into(), new_id.as_str().into());
        c.insert(
            "sources".into(),
            serde_json::json!(keys.iter().collect::<Vec<_>>()),
        );
        for (k, v) in changed_fields(&old, &left) {
            c.insert(k, v);
        }
        let rev = self.add_revision(id, "split", serde_json::Value::Object(c), why)?;
        for (ev, profs, notes, n, revision, created) in [
            (&left, &lprofs, &lnotes, stay.len(), rev, created_at.clone()),
            (&part, &pprofs, &pnotes, out_src.len(), 0, now()),
        ] {
            let mut tokens = BTreeSet::new();
            let mut block: Option<(NaiveDate, NaiveDate)> = None;
            let mut reach: Option<(NaiveDate, NaiveDate)> = None;
            for p in profs {
                tokens.extend(p.tokens.iter().cloned());
                for (w, x) in [(&mut block, p.block), (&mut reach, p.reach)] {
                    *w = match (*w, x) {
                        (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
                        (a, b) => a.or(b),
                    };
                }
            }
            let revision = if revision == 0 {
                self.next_revision(&ev.id)?
            } else {
                revision
            };
            let perp = dedup::main_perpetrator(ev, &self.knowledge);
            self.write_event(
                ev,
                &EventMeta {
                    block,
                    reach,
                    actors: join_tokens_all(&dedup::actor_tokens(ev)),
                    month_day: dedup::month_day(ev),
                    perpetrator: perp,
                    n_sources: n as i64,
                    revision,
                    created_at: &created,
                    notes,
                    evidence: &join_tokens(&tokens),
                    fresh: false,
                    search: crate::SearchWrite::Remake,
                },
            )?;
        }
        self.move_sources(id, &new_id, Some(&keys))?;
        self.add_revision(
            &new_id,
            "split_from",
            serde_json::json!({ "from": id, "override": seq, "sources": keys.iter().collect::<Vec<_>>() }),
            why,
        )?;
        self.reapply_edits(id)?;
        self.reapply_edits(&new_id)?;
        Ok(new_id)
    }

    /// Re-extract every stored report and rebuild the events (see the module
    /// documentation). `progress` is called with (reports done, total).
    pub fn reprocess(
        &mut self,
        extract: &mut Reextract<'_>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<ReprocessSummary, StoreError> {
        self.writable()?;
        self.db.begin_write()?;
        self.replaying = true;
        let res = self.reprocess_inner(extract, progress);
        self.replaying = false;
        match res {
            Ok(s) => {
                self.commit_write()?;
                Ok(s)
            }
            Err(e) => {
                let _ = self.db.rollback();
                Err(e)
            }
        }
    }

    /// Every source row: `((doc_key, source_event_id), event_id, natural id)`,
    /// the natural id being the event ingest alone put it in.
    #[allow(clippy::type_complexity)]
    fn natural_sources(&mut self) -> Result<Vec<((String, String), String, String)>, StoreError> {
        let rows = self.db.query(
            "SELECT doc_key, source_event_id, event_id, COALESCE(first_event_id, event_id)
             FROM event_sources",
            &[],
        )?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                Some((
                    (
                        col(r, 0).as_str()?.to_string(),
                        col(r, 1).as_str()?.to_string(),
                    ),
                    col(r, 2).as_str()?.to_string(),
                    col(r, 3).as_str()?.to_string(),
                ))
            })
            .collect())
    }

    /// The body of [`Store::reprocess`], inside its transaction: read the store
    /// before, rebuild every event from its re-extracted reports, give the
    /// rebuilt events their ids and history back, apply the corrections again,
    /// and say what changed.
    fn reprocess_inner(
        &mut self,
        extract: &mut Reextract<'_>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<ReprocessSummary, StoreError> {
        let mut sum = ReprocessSummary::default();
        let before = self.read_before()?;
        sum.events_before = before.records.len();
        self.clear_events()?;
        sum.documents = self.reextract_all(extract, progress)?;
        let (assign, new_types) = self.match_rebuilt(&before)?;
        let rebuilt = self.settle_ids(&assign, &new_types, &before.history_ids)?;
        self.restore_history(&rebuilt, &before)?;
        // The corrections, in their order (their edits re-applied after merges
        // again from here on).
        self.replaying = false;
        self.reapply_overrides(extract, &mut sum)?;
        let live = self.note_changes(&before, &mut sum)?;
        sum.removed = self.note_removed(&before, &live)?;
        self.sync_revision_numbers()?;
        sum.events_after = live.len();
        Ok(sum)
    }

    /// Read the store as it is before a reprocess: each extracted event's
    /// natural event (those of deleted and removed events included), each
    /// record, the history, and the ids and types these give.
    fn read_before(&mut self) -> Result<Before, StoreError> {
        let sources = self.natural_sources()?;
        let mut natural: HashMap<(String, String), String> = sources
            .iter()
            .map(|(k, _, n)| (k.clone(), n.clone()))
            .collect();
        let mut records: HashMap<String, Event> = HashMap::new();
        for r in self
            .db
            .query("SELECT event_id, record FROM event_records", &[])?
        {
            if let (Some(id), Some(rec)) = (col(&r, 0).as_str(), col(&r, 1).as_bytes()) {
                records.insert(id.to_string(), crate::decode_record(rec)?);
            }
        }
        let revs: Vec<RevisionRow> = self.db.query(
            "SELECT event_id, revision, at, doc_key, action, changes, reason, score
             FROM revisions ORDER BY event_id, revision",
            &[],
        )?;
        remember_gone_sources(&revs, &mut natural);
        let mut natural_docs: HashMap<String, BTreeSet<String>> = HashMap::new();
        for ((k, _), n) in &natural {
            natural_docs.entry(n.clone()).or_default().insert(k.clone());
        }
        let mut history_ids: HashSet<String> = records.keys().cloned().collect();
        history_ids.extend(natural.values().cloned());
        history_ids.extend(
            revs.iter()
                .filter_map(|r| col(r, 0).as_str().map(str::to_string)),
        );
        let types: HashMap<String, String> = revs
            .iter()
            .filter_map(|r| col(r, 0).as_str().map(str::to_string))
            .filter_map(|id| {
                let t = records.get(&id)?.event_type.as_str().to_string();
                Some((id, t))
            })
            .collect();
        Ok(Before {
            sources,
            natural,
            natural_docs,
            records,
            revs,
            history_ids,
            types,
        })
    }

    /// Delete every event and all that hangs on it (records, actors, sources,
    /// casualty claims, mentions, revisions); the reports and the corrections
    /// stay.
    fn clear_events(&mut self) -> Result<(), StoreError> {
        // PostgreSQL: `mentions` is a view of `mention_sets` (migration 23).
        let mentions = match self.db.kind() {
            crate::BackendKind::Sqlite => "mentions",
            crate::BackendKind::Postgres => "mention_sets",
        };
        for table in [
            "events",
            "event_records",
            "event_actors",
            "event_sources",
            "casualty_claims",
            mentions,
            "revisions",
        ] {
            self.db.execute(&format!("DELETE FROM {table}"), &[])?;
        }
        Ok(())
    }

    /// Re-extract every stored report in the order the reports were first
    /// stored and ingest its events as ingest does, updating each report's
    /// event count; returns how many reports there are. `progress` is called
    /// with (reports done, total).
    fn reextract_all(
        &mut self,
        extract: &mut Reextract<'_>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<usize, StoreError> {
        let keys: Vec<String> = self
            .db
            .query(
                "SELECT doc_key FROM documents
                 ORDER BY COALESCE(ingest_seq, 0), ingested_at, doc_key",
                &[],
            )?
            .iter()
            .filter_map(|r| col(r, 0).as_str().map(str::to_string))
            .collect();
        let mut batch = BatchSummary::default();
        for (i, key) in keys.iter().enumerate() {
            let Some(sd) = self.stored_doc(key)? else {
                continue;
            };
            let (doc, events) = extract(&sd);
            self.ingest_events(key, &doc, &events, &mut batch)?;
            self.db.execute(
                "UPDATE documents SET n_events = ? WHERE doc_key = ?",
                &[(events.len() as i64).into(), key.as_str().into()],
            )?;
            progress(i + 1, keys.len());
        }
        Ok(keys.len())
    }

    /// Which rebuilt event is which natural one (rebuilt id → natural id, each
    /// at most once): the same extracted events first, then the same reports
    /// and type. Returns that and each rebuilt event's type.
    fn match_rebuilt(&mut self, before: &Before) -> Result<(IdMap, IdMap), StoreError> {
        let new_map = self.source_event_map()?;
        let (mut assign, mut used) = match_by_sources(&new_map, &before.natural);
        let mut new_docs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for ((k, _), id) in &new_map {
            new_docs.entry(id.clone()).or_default().insert(k.clone());
        }
        let new_types: IdMap = self
            .db
            .query("SELECT event_id, event_type FROM events", &[])?
            .iter()
            .filter_map(|r| {
                Some((
                    col(r, 0).as_str()?.to_string(),
                    col(r, 1).as_str()?.to_string(),
                ))
            })
            .collect();
        match_by_reports(&new_docs, &new_types, before, &mut assign, &mut used);
        Ok((assign, new_types))
    }

    /// Give the rebuilt events (`new_types`' keys) their final ids: a matched
    /// one (in `assign`) takes its natural id; a new one keeps its own unless
    /// some event, now or before (`history_ids`), had it. Every source's first
    /// event becomes its current one. Returns the ids of the matched events.
    fn settle_ids(
        &mut self,
        assign: &IdMap,
        new_types: &IdMap,
        history_ids: &HashSet<String>,
    ) -> Result<BTreeSet<String>, StoreError> {
        let mut new_ids: Vec<String> = new_types.keys().cloned().collect();
        new_ids.sort();
        let mut renames: Vec<(String, String)> = Vec::new();
        for n in &new_ids {
            let f = match assign.get(n) {
                Some(o) => o.clone(),
                None if history_ids.contains(n) => sitrep_core::stable_id(&[n, "reprocess"]),
                None => n.clone(),
            };
            if &f != n {
                renames.push((n.clone(), f));
            }
        }
        self.rename_events(&renames)?;
        self.db
            .execute("UPDATE event_sources SET first_event_id = event_id", &[])?;
        Ok(assign.values().cloned().collect())
    }

    /// History: every stored revision comes back, in place of the rebuild's
    /// for a `rebuilt` event and for every other id that had a history (an
    /// event the rebuild absorbed into another again, which is no event of its
    /// own any more, so it was neither matched nor renamed, yet its rebuilt
    /// revisions carry the stored numbers); a rebuilt event that had no stored
    /// record gets a `reprocess` revision saying so.
    fn restore_history(
        &mut self,
        rebuilt: &BTreeSet<String>,
        before: &Before,
    ) -> Result<(), StoreError> {
        let mut replaced: BTreeSet<&str> = rebuilt.iter().map(String::as_str).collect();
        replaced.extend(before.revs.iter().filter_map(|r| col(r, 0).as_str()));
        for id in replaced {
            self.db
                .execute("DELETE FROM revisions WHERE event_id = ?", &[id.into()])?;
        }
        for r in &before.revs {
            self.db.execute(
                "INSERT INTO revisions (event_id, revision, at, doc_key, action, changes, reason,
                 score) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                r,
            )?;
        }
        for id in rebuilt {
            if !before.records.contains_key(id) {
                self.add_revision(
                    id,
                    "reprocess",
                    serde_json::json!({}),
                    "reprocess: rebuilt from its re-extracted reports",
                )?;
            }
        }
        Ok(())
    }

    /// Apply every correction again, in its order, marking each `applied` or
    /// `orphaned` (its event not found) and counting both in `sum`.
    fn reapply_overrides(
        &mut self,
        extract: &mut Reextract<'_>,
        sum: &mut ReprocessSummary,
    ) -> Result<(), StoreError> {
        for ov in self.overrides(None)? {
            let touched = self.apply_override(&ov, Some(&mut *extract), true)?;
            let status = if touched.is_empty() {
                sum.overrides_orphaned.push(ov.seq);
                "orphaned"
            } else {
                sum.overrides_applied += 1;
                "applied"
            };
            self.db.execute(
                "UPDATE overrides SET status = ? WHERE seq = ?",
                &[status.into(), ov.seq.into()],
            )?;
        }
        Ok(())
    }

    /// What changed, event by event, against the store before: counts the
    /// kept, changed and added events and the fields changed in `sum`, and
    /// writes a `reprocess` revision with the changed fields of each changed
    /// event. Returns the ids of the events now in the store.
    fn note_changes(
        &mut self,
        before: &Before,
        sum: &mut ReprocessSummary,
    ) -> Result<BTreeSet<String>, StoreError> {
        let live: BTreeSet<String> = self
            .db
            .query("SELECT event_id FROM events", &[])?
            .iter()
            .filter_map(|r| col(r, 0).as_str().map(str::to_string))
            .collect();
        for id in &live {
            let Some(new) = self.record(id)? else {
                continue;
            };
            match before.records.get(id) {
                Some(old) => {
                    sum.kept += 1;
                    let changes = changed_fields(old, &new);
                    if changes.is_empty() {
                        continue;
                    }
                    sum.changed += 1;
                    for k in changes.keys() {
                        *sum.fields_changed.entry(k.clone()).or_default() += 1;
                    }
                    let c: serde_json::Map<String, serde_json::Value> =
                        changes.into_iter().collect();
                    self.add_revision(
                        id,
                        "reprocess",
                        serde_json::Value::Object(c),
                        "reprocessed with the current knowledge",
                    )?;
                }
                None => sum.added.push(id.clone()),
            }
        }
        Ok(live)
    }

    /// Write a `removed` revision, with the extracted events it rested on, for
    /// each stored event not `live` any more; returns their ids, sorted.
    fn note_removed(
        &mut self,
        before: &Before,
        live: &BTreeSet<String>,
    ) -> Result<Vec<String>, StoreError> {
        let mut removed: Vec<String> = before
            .records
            .keys()
            .filter(|o| !live.contains(*o))
            .cloned()
            .collect();
        removed.sort();
        for id in &removed {
            let pairs: Vec<[&str; 3]> = before
                .sources
                .iter()
                .filter(|(_, cur, _)| cur == id)
                .map(|((k, e), _, n)| [k.as_str(), e.as_str(), n.as_str()])
                .collect();
            self.add_revision(
                id,
                "removed",
                serde_json::json!({ "sources": pairs }),
                "reprocess: no re-extracted report supports this event any more",
            )?;
        }
        Ok(removed)
    }

    /// Set each event's revision number to that of its last revision.
    fn sync_revision_numbers(&mut self) -> Result<(), StoreError> {
        self.db.execute(
            "UPDATE events SET revision = (SELECT MAX(r.revision) FROM revisions r
             WHERE r.event_id = events.event_id)",
            &[],
        )?;
        Ok(())
    }

    /// Rename events (`(from, to)`, no `to` equal to another `from`'s current id
    /// after the rename): every table and the record's own id.
    fn rename_events(&mut self, renames: &[(String, String)]) -> Result<(), StoreError> {
        // Through temporary ids, so that a chain a→b, b→c never collides.
        let tmp: Vec<(String, String, String)> = renames
            .iter()
            .enumerate()
            .map(|(i, (a, b))| (a.clone(), format!("~reprocess~{i}"), b.clone()))
            .collect();
        for step in [0, 1] {
            for (a, t, b) in &tmp {
                let (from, to) = if step == 0 { (a, t) } else { (t, b) };
                for table in [
                    "events",
                    "event_records",
                    "event_actors",
                    "event_sources",
                    "casualty_claims",
                    "revisions",
                ] {
                    self.db.execute(
                        &format!("UPDATE {table} SET event_id = ? WHERE event_id = ?"),
                        &[to.as_str().into(), from.as_str().into()],
                    )?;
                }
            }
        }
        for (_, b) in renames {
            if let Some(mut ev) = self.record(b)? {
                ev.id = b.clone();
                self.db.execute(
                    "UPDATE event_records SET record = ? WHERE event_id = ?",
                    &[crate::encode_record(&ev)?.into(), b.as_str().into()],
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_set_fields_and_casualty_numbers() {
        let mut v = serde_json::json!({"event_type": "battles",
            "fatalities": {"low": 1, "best": 1, "high": 2}, "location": {"admin1": null}});
        set_path(&mut v, "fatalities", parse_value("12")).unwrap();
        assert_eq!(v["fatalities"]["high"], 12);
        set_path(&mut v, "location.admin1", parse_value("Benue")).unwrap();
        assert_eq!(v["location"]["admin1"], "Benue");
        set_path(&mut v, "fatalities.low", parse_value("3")).unwrap();
        assert_eq!(v["fatalities"]["low"], 3);
        assert!(set_path(&mut v, "place.name", parse_value("x")).is_err());
        assert!(set_path(&mut v, "", parse_value("x")).is_err());
    }

    #[test]
    fn values_are_json_or_text() {
        assert_eq!(parse_value("12"), serde_json::json!(12));
        assert_eq!(parse_value("null"), serde_json::Value::Null);
        assert_eq!(parse_value("2024-03-02"), serde_json::json!("2024-03-02"));
        assert_eq!(parse_value("battles"), serde_json::json!("battles"));
    }

    #[test]
    fn split_ids_are_stable() {
        assert_eq!(split_id("e1", "d@1"), split_id("e1", "d@1"));
        assert_ne!(split_id("e1", "d@1"), split_id("e1", "d@2"));
    }
}
