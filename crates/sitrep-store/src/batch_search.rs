/*!
Candidate searches of a whole ingest batch at once (PostgreSQL).

On PostgreSQL every statement is a round trip, and a new event took two: its
candidate search, then its insert (the next search had to see it). Here a
batch's searches are one statement, sent before any of its events is written
([`Store::prefetch_candidates`]: one `LATERAL` arm per kind of search, the
searches' parameters as arrays), the evidence words of the stored events
they find that block with them one more, and the records of those whose
score with a search reaches the threshold (the likely merges) a third; new events are held back with the
other rows of the transaction and written many to a statement.

What the batch itself writes is kept in memory meanwhile ([`Touched`]: the
candidate row of each event it inserts or changes, none for one it deletes),
and each search is answered from the rows the prefetch read for it, less the
events the batch touched, plus the touched events that meet the same
conditions as the SQL ([`Search::meets`], the conditions of the candidate
queries of `lib.rs`, written once more in Rust). So each event sees the store
as it would have with a search of its own: the same candidates, merges and
records.
*/

use crate::backend::{col, Row, Value};
use crate::dedup::{self, Profile};
use crate::{date_str, profile_cols, Store, StoreError};
use chrono::Duration;
use sitrep_core::GeoPrecision;
use std::collections::{BTreeSet, HashMap};

/// An event the ingest transaction inserted or changed: its candidate row
/// (the columns of `profile_cols!`, its evidence words in column 17) and its
/// grid cell (`events.dedup_cell`).
#[derive(Debug, Clone)]
pub(crate) struct Touched {
    pub row: Row,
    pub cell: Option<i64>,
}

/// The events an ingest transaction touched ([`Touched`], None: deleted),
/// indexed so that a search reads only those of its country and window:
/// by country and `block_start`, and apart those a search may find by
/// another condition (a wide window, or no `block_start`).
#[derive(Default)]
pub(crate) struct TouchedSet {
    rows: HashMap<String, Option<Touched>>,
    by_block: BTreeSet<(String, String, String)>,
    loose: BTreeSet<String>,
}

/// Where a touched row is indexed: by (country, block start), or loose.
fn place_of(t: &Touched) -> Option<(String, String)> {
    let r = &t.row;
    if col(r, 23).as_i64() == Some(1) {
        return None;
    }
    Some((text(col(r, 8))?.to_string(), text(col(r, 6))?.to_string()))
}

impl TouchedSet {
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn contains(&self, id: &str) -> bool {
        self.rows.contains_key(id)
    }

    /// Note an event's row as the transaction wrote it (None: deleted).
    pub fn insert(&mut self, id: &str, t: Option<Touched>) {
        if let Some(Some(old)) = self.rows.get(id) {
            match place_of(old) {
                Some((c, b)) => {
                    self.by_block.remove(&(c, b, id.to_string()));
                }
                None => {
                    self.loose.remove(id);
                }
            }
        }
        if let Some(t) = &t {
            match place_of(t) {
                Some((c, b)) => {
                    self.by_block.insert((c, b, id.to_string()));
                }
                None => {
                    self.loose.insert(id.to_string());
                }
            }
        }
        self.rows.insert(id.to_string(), t);
    }

    /// The touched events that meet a search, in id order.
    pub fn matching(&self, search: &Search) -> Vec<&Row> {
        let mut ids: Vec<&String> = Vec::new();
        match &search.kind {
            SearchKind::Window { dates, .. } => {
                let lo = (search.country.clone(), dates[0].clone(), String::new());
                for (c, b, id) in self.by_block.range(lo..) {
                    if *c != search.country || b.as_str() > dates[1].as_str() {
                        break;
                    }
                    ids.push(id);
                }
                ids.extend(self.loose.iter());
            }
            SearchKind::NoWindow { .. } => {
                ids.extend(self.rows.iter().filter(|r| r.1.is_some()).map(|r| r.0));
            }
        }
        ids.sort();
        ids.dedup();
        ids.into_iter()
            .filter_map(|id| self.rows.get(id)?.as_ref())
            .filter(|t| search.meets(t))
            .map(|t| &t.row)
            .collect()
    }
}

/// The conditions of a candidate search (the `WHERE` of the queries of
/// [`Store::blocked`]).
#[derive(Debug, Clone)]
pub(crate) struct Search {
    country: String,
    kind: SearchKind,
}

#[derive(Debug, Clone)]
enum SearchKind {
    /// `block_start` in `dates[0]..=dates[1]`, `block_end >= dates[2]`; in
    /// the grid cells (None: any cell), [`dedup::NO_CELL`] without a box and
    /// each other cell within the box; or a wide window (`block_wide = 1`)
    /// that meets `wide` (its end, then its start) or none.
    Window {
        dates: [String; 3],
        cells: Option<Vec<i64>>,
        bbox: [f64; 4],
        wide: [String; 2],
    },
    /// No window: the same place key, coordinates in the box, or the
    /// province (`admin1_code`) that holds one of them: any event of it when
    /// the search is for a province (`whole`), else its province-level events.
    NoWindow {
        place_key: Option<String>,
        bbox: [f64; 4],
        admin1_code: Option<String>,
        whole: bool,
    },
}

fn text(v: &Value) -> Option<&str> {
    v.as_str()
}

fn in_box(row: &Row, b: &[f64; 4]) -> bool {
    match (col(row, 10).as_f64(), col(row, 11).as_f64()) {
        (Some(lat), Some(lon)) => lat >= b[0] && lat <= b[1] && lon >= b[2] && lon <= b[3],
        _ => false,
    }
}

impl Search {
    /// The search a profile's candidates are found by; None without a country
    /// (no candidates).
    pub fn of(prof: &Profile, cfg: &dedup::DedupConfig) -> Option<Search> {
        let country = prof.country.clone()?;
        let window = match (prof.block, prof.reach) {
            (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
            (x, y) => x.or(y),
        };
        let s = |d| date_str(Some(d)).into_string().unwrap_or_default();
        let kind = match window {
            Some((w0, w1)) => {
                let near = dedup::cells_near(prof, cfg);
                let mut cells = None;
                let mut bbox = [0.0; 4];
                if let Some(near) = near {
                    let mut list: Vec<i64> = Vec::with_capacity(near.cells.len());
                    for c in &near.cells {
                        if *c != dedup::NO_CELL && !list.contains(c) {
                            list.push(*c);
                        }
                    }
                    cells = Some(list);
                    bbox = [near.lat.0, near.lat.1, near.lon.0, near.lon.1];
                }
                SearchKind::Window {
                    dates: [s(w0 - Duration::days(dedup::MAX_BLOCK_DAYS)), s(w1), s(w0)],
                    cells,
                    bbox,
                    wide: [s(w1), s(w0)],
                }
            }
            None => {
                let (lat, lon) = (prof.lat.unwrap_or(999.0), prof.lon.unwrap_or(999.0));
                SearchKind::NoWindow {
                    place_key: prof.place_key.clone(),
                    bbox: [lat - 0.06, lat + 0.06, lon - 0.1, lon + 0.1],
                    admin1_code: prof.admin1_code.clone(),
                    whole: prof.geo_precision == GeoPrecision::Admin1,
                }
            }
        };
        Some(Search { country, kind })
    }

    /// Whether a touched event meets the search, as the SQL would find it.
    pub fn meets(&self, t: &Touched) -> bool {
        let r = &t.row;
        if text(col(r, 8)) != Some(self.country.as_str()) {
            return false;
        }
        match &self.kind {
            SearchKind::Window {
                dates,
                cells,
                bbox,
                wide,
            } => {
                let block = match (text(col(r, 6)), text(col(r, 7))) {
                    (Some(b0), Some(b1)) => {
                        b0 >= dates[0].as_str()
                            && b0 <= dates[1].as_str()
                            && b1 >= dates[2].as_str()
                    }
                    _ => false,
                };
                let placed = match (cells, t.cell) {
                    (None, _) => true,
                    (Some(_), Some(c)) if c == dedup::NO_CELL => true,
                    (Some(list), Some(c)) => list.contains(&c) && in_box(r, bbox),
                    (Some(_), None) => false,
                };
                let is_wide = col(r, 23).as_i64() == Some(1)
                    && match (text(col(r, 18)), text(col(r, 19))) {
                        (None, _) => true,
                        (Some(a), Some(b)) => a <= wide[0].as_str() && b >= wide[1].as_str(),
                        (Some(_), None) => false,
                    };
                (block && placed) || is_wide
            }
            SearchKind::NoWindow {
                place_key,
                bbox,
                admin1_code,
                whole,
            } => {
                let same = match (place_key.as_deref(), text(col(r, 13))) {
                    (Some(a), Some(b)) => a == b,
                    _ => false,
                };
                let province = admin1_code.is_some()
                    && admin1_code.as_deref() == text(col(r, 20))
                    && (*whole || text(col(r, 12)) == Some("admin1"));
                same || in_box(r, bbox) || province
            }
        }
    }
}

/// The batch's searches as the arrays of [`PREFETCH_PG`]: one list per
/// parameter, texts.
#[derive(Default)]
struct Arms {
    /// Arms of [`dedup::NO_CELL`] and of the cells with their box:
    /// search, country, cell, three dates, box (empty for NO_CELL).
    cell: [Vec<String>; 10],
    /// Arms of [`dedup::NO_CELL`] (no box): search, country, three dates.
    none: [Vec<String>; 5],
    /// Arms of any cell: search, country, three dates.
    any: [Vec<String>; 5],
    /// Wide arms: search, country, window end, window start.
    wide: [Vec<String>; 4],
}

fn push<const N: usize>(lists: &mut [Vec<String>; N], vals: [String; N]) {
    for (l, v) in lists.iter_mut().zip(vals) {
        l.push(v);
    }
}

impl Arms {
    fn add(&mut self, j: usize, s: &Search) {
        let j = j.to_string();
        let c = s.country.clone();
        match &s.kind {
            SearchKind::Window {
                dates,
                cells,
                bbox,
                wide,
            } => {
                let [d0, d1, d2] = dates.clone();
                match cells {
                    Some(list) => {
                        push(
                            &mut self.none,
                            [j.clone(), c.clone(), d0.clone(), d1.clone(), d2.clone()],
                        );
                        for cell in list {
                            push(
                                &mut self.cell,
                                [
                                    j.clone(),
                                    c.clone(),
                                    cell.to_string(),
                                    d0.clone(),
                                    d1.clone(),
                                    d2.clone(),
                                    bbox[0].to_string(),
                                    bbox[1].to_string(),
                                    bbox[2].to_string(),
                                    bbox[3].to_string(),
                                ],
                            );
                        }
                    }
                    None => push(&mut self.any, [j.clone(), c.clone(), d0, d1, d2]),
                }
                let [w1, w0] = wide.clone();
                push(&mut self.wide, [j, c, w1, w0]);
            }
            SearchKind::NoWindow { .. } => {}
        }
    }

    fn params(self) -> Vec<Value> {
        let mut out = Vec::new();
        let lists = self
            .cell
            .into_iter()
            .chain(self.none)
            .chain(self.any)
            .chain(self.wide);
        for l in lists {
            out.push(Value::TextList(l));
        }
        out
    }
}

/// Every candidate row of a batch's searches in one statement: the search's
/// number, then the columns of a candidate search (`candidate_cols!`). Four
/// arms (cells with their box, no cell, any cell, wide windows), each the
/// conditions of the single searches of [`Store::blocked`] over its rows of
/// parameters (`unnest` of arrays of texts): each row of parameters is a
/// search in the indexes, as a search of its own was: `OFFSET 0` keeps each
/// arm's subquery apart, so that it is run per row of parameters (a nested
/// loop over an index); joined, the planner sorted the whole table for a
/// merge join on the country and cell (at 200,000 reports the statement took
/// 4.3 s per batch of 5,000).
const PREFETCH_PG: &str = concat!(
    "SELECT CAST(q.j AS BIGINT), c.* FROM unnest(CAST(? AS TEXT[]), CAST(? AS TEXT[]),
     CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]),
     CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]))
     AS q(j, country, cell, d0, d1, d2, la0, la1, lo0, lo1)
     CROSS JOIN LATERAL (",
    profile_cols!("NULL"),
    " WHERE country = q.country AND dedup_cell = CAST(q.cell AS BIGINT)
     AND block_start >= q.d0 AND block_start <= q.d1 AND block_end >= q.d2
     AND lat >= CAST(q.la0 AS DOUBLE PRECISION) AND lat <= CAST(q.la1 AS DOUBLE PRECISION)
     AND lon >= CAST(q.lo0 AS DOUBLE PRECISION) AND lon <= CAST(q.lo1 AS DOUBLE PRECISION)
     OFFSET 0) c
     UNION ALL SELECT CAST(q.j AS BIGINT), c.* FROM unnest(CAST(? AS TEXT[]), CAST(? AS TEXT[]),
     CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[])) AS q(j, country, d0, d1, d2)
     CROSS JOIN LATERAL (",
    profile_cols!("NULL"),
    " WHERE country = q.country AND dedup_cell = -1
     AND block_start >= q.d0 AND block_start <= q.d1 AND block_end >= q.d2 OFFSET 0) c
     UNION ALL SELECT CAST(q.j AS BIGINT), c.* FROM unnest(CAST(? AS TEXT[]), CAST(? AS TEXT[]),
     CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[])) AS q(j, country, d0, d1, d2)
     CROSS JOIN LATERAL (",
    profile_cols!("NULL"),
    " WHERE country || '' = q.country
     AND block_start >= q.d0 AND block_start <= q.d1 AND block_end >= q.d2 OFFSET 0) c
     UNION ALL SELECT CAST(q.j AS BIGINT), c.* FROM unnest(CAST(? AS TEXT[]), CAST(? AS TEXT[]),
     CAST(? AS TEXT[]), CAST(? AS TEXT[])) AS q(j, country, w1, w0)
     CROSS JOIN LATERAL (",
    profile_cols!("NULL"),
    " WHERE country = q.country AND block_wide = 1
     AND (reach_start IS NULL OR (reach_start <= q.w1 AND reach_end >= q.w0)) OFFSET 0) c"
);

// The arm of no cell in [`PREFETCH_PG`] names [`dedup::NO_CELL`] as `-1`.
const _: () = assert!(dedup::NO_CELL == -1);

/// The evidence words of stored events (their ids as one array).
const EVIDENCE_PG: &str = "SELECT event_id, evidence FROM event_records WHERE event_id = ANY(?)";

/// What a batch's prefetch found for each of its events.
#[derive(Default)]
pub(crate) struct Prefetched {
    /// The profiles of a document's events (by document key), in order.
    pub profiles: HashMap<String, Vec<Profile>>,
    /// The stored rows each search found (document key, event number).
    pub rows: HashMap<(String, usize), Vec<Row>>,
    /// The evidence words of the stored events found that block with a search.
    pub evidence: HashMap<String, BTreeSet<String>>,
    /// What a merge reads of those of them a search may merge into (a row
    /// of `MERGED_EVENT`, read after their evidence words): a merge into an event the batch has
    /// not touched takes it from here instead of a query of its own (a round
    /// trip per merge), so it must be left out once the event is written
    /// ([`Store::merge_into`], `revise_document`).
    pub merged: HashMap<String, Row>,
}

impl Store {
    /// Search the candidates of every event of a batch's new documents
    /// (`docs`: key, text, publication date, events) in one statement, and the
    /// evidence words of those that block in one more, before any is written.
    pub(crate) fn prefetch_candidates(
        &mut self,
        docs: &[(&str, &sitrep_core::Document, &[sitrep_core::Event])],
    ) -> Result<Prefetched, StoreError> {
        let mut pre = Prefetched::default();
        let mut arms = Arms::default();
        let mut slots: Vec<(String, usize)> = Vec::new();
        let mut searched: Vec<Option<Search>> = Vec::new();
        for (key, doc, events) in docs {
            let profs: Vec<Profile> = events
                .iter()
                .map(|ev| dedup::profile(ev, &doc.text, doc.published, &self.knowledge, &self.cfg))
                .collect();
            for (i, prof) in profs.iter().enumerate() {
                let s = Search::of(prof, &self.cfg);
                let windowed = matches!(
                    s,
                    Some(Search {
                        kind: SearchKind::Window { .. },
                        ..
                    })
                );
                if let Some(s) = s.as_ref().filter(|_| windowed) {
                    arms.add(slots.len(), s);
                    pre.rows.insert(((*key).to_string(), i), Vec::new());
                } else if s.is_none() {
                    pre.rows.insert(((*key).to_string(), i), Vec::new());
                }
                slots.push(((*key).to_string(), i));
                searched.push(s);
            }
            pre.profiles.insert((*key).to_string(), profs);
        }
        if slots.is_empty() {
            return Ok(pre);
        }
        let rows = self.db.query(PREFETCH_PG, &arms.params())?;
        let mut want: BTreeSet<String> = BTreeSet::new();
        // The stored events that block with a search: (search, its profile).
        let mut blocking: Vec<(usize, String, Profile)> = Vec::new();
        for mut r in rows {
            let Some(j) = col(&r, 0).as_i64().and_then(|j| usize::try_from(j).ok()) else {
                continue;
            };
            let Some(slot) = slots.get(j) else { continue };
            r.remove(0);
            let prof = pre.profiles.get(&slot.0).and_then(|p| p.get(slot.1));
            if let (Some(prof), Some(id)) = (prof, col(&r, 0).as_str()) {
                let other = crate::profile_from_row(&r);
                if dedup::relation(prof, &other, &self.knowledge, &self.cfg).is_some() {
                    want.insert(id.to_string());
                    blocking.push((j, id.to_string(), other));
                }
            }
            if let Some(list) = pre.rows.get_mut(slot) {
                list.push(r);
            }
        }
        if want.is_empty() {
            return Ok(pre);
        }
        // The evidence words of the events that block (every one is scored
        // with them), in one statement.
        let ids = Value::TextList(want.iter().cloned().collect());
        for r in self.db.query(EVIDENCE_PG, &[ids])? {
            let Some(id) = col(&r, 0).as_str() else {
                continue;
            };
            pre.evidence
                .insert(id.to_string(), crate::split_tokens(col(&r, 1)));
        }
        for id in &want {
            pre.evidence.entry(id.clone()).or_default();
        }
        // What a merge reads (`MERGED_EVENT`, the record whole) only of the
        // events a search may merge into: those whose score with it reaches
        // the lowest threshold ([`dedup::DedupConfig::threshold`]; a wide
        // window asks more). Most events that block score below it (at
        // 110,000 reports of the store benchmark, some 13 records were read
        // for each merge). A merge into another reads its event itself.
        let mut likely: BTreeSet<String> = BTreeSet::new();
        for (j, id, mut other) in blocking {
            if likely.contains(id.as_str()) {
                continue;
            }
            let Some(prof) = slots
                .get(j)
                .and_then(|slot| pre.profiles.get(&slot.0)?.get(slot.1))
            else {
                continue;
            };
            other.tokens = pre.evidence.get(&id).cloned().unwrap_or_default();
            if dedup::score(prof, &other, &self.knowledge).0 >= self.cfg.threshold {
                likely.insert(id);
            }
        }
        if likely.is_empty() {
            return Ok(pre);
        }
        let ids = Value::TextList(likely.into_iter().collect());
        for mut r in self.db.query(crate::MERGED_EVENTS_PG, &[ids])? {
            let Some(id) = col(&r, 0).as_str().map(str::to_string) else {
                continue;
            };
            r.remove(0);
            pre.merged.insert(id, r);
        }
        Ok(pre)
    }
}
