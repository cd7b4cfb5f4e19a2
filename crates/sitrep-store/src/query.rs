/*!
Queries over stored events, and the statistics of `sitrep stats`.

An [`EventQuery`] holds the filters analysts use (date range, country, admin1,
bounding box, actor and role, type, minimum fatalities, free text); every filter
maps to an indexed column, so a filtered page of results over a million events
comes back in milliseconds. Results are newest first. Statistics group the
matching events by day, ISO week, month, year, type, actor, country or admin1 and add up the
conservative tolls (`fatalities.low`).
*/

use crate::backend::{col, BackendKind, Value};
use crate::{parse_date, Store, StoreError};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use sitrep_core::Event;
use std::collections::BTreeMap;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Filters; empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventQuery {
    /// Only these event ids.
    pub ids: Vec<String>,
    /// Start date on or after.
    pub date_from: Option<NaiveDate>,
    /// Start date on or before.
    pub date_to: Option<NaiveDate>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// GeoNames' English admin1 name, or its code (`AF.30`).
    pub admin1: Option<String>,
    /// `[min_lon, min_lat, max_lon, max_lat]`.
    pub bbox: Option<[f64; 4]>,
    /// Actor id, or name (case-insensitive; resolved to the id through `actors`).
    pub actor: Option<String>,
    /// `perpetrator`, `target`, `victim`, … (with `actor`, the actor's role).
    pub role: Option<String>,
    /// Contract event type (`battles`, …).
    pub event_type: Option<String>,
    pub min_fatalities: Option<u32>,
    /// Words searched in full text (each word, or a word it begins, in any
    /// case): in the event's notes and place name, or in the text of any of its
    /// reports (full-text indexes only, no scan of the events).
    pub text: Option<String>,
    /// At most this many events (newest first); None for all.
    pub limit: Option<usize>,
}

/// An event as stored: the merged record plus its bookkeeping.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredEvent {
    pub event: Event,
    pub revision: i64,
    pub n_sources: i64,
    pub created_at: String,
    pub updated_at: String,
    /// The evidence sentences of the first report (shortened).
    pub notes: String,
}

impl EventQuery {
    /// The WHERE clause over `events e` (with a leading " WHERE " when not empty)
    /// and its parameters.
    pub fn where_clause(&self, kind: BackendKind) -> (String, Vec<Value>) {
        let (conds, p) = self.conditions(true, kind);
        if conds.is_empty() {
            (String::new(), p)
        } else {
            (format!(" WHERE {}", conds.join(" AND ")), p)
        }
    }

    /// The conditions over `events e`; the actor filter only when `with_actor`.
    fn conditions(&self, with_actor: bool, kind: BackendKind) -> (Vec<String>, Vec<Value>) {
        let mut conds: Vec<String> = Vec::new();
        let mut p: Vec<Value> = Vec::new();
        if !self.ids.is_empty() {
            let marks = vec!["?"; self.ids.len()].join(", ");
            conds.push(format!("e.event_id IN ({marks})"));
            p.extend(self.ids.iter().map(|i| Value::from(i.as_str())));
        }
        if let Some(d) = self.date_from {
            conds.push("e.date_start >= ?".into());
            p.push(d.format("%Y-%m-%d").to_string().into());
        }
        if let Some(d) = self.date_to {
            conds.push("e.date_start <= ?".into());
            p.push(d.format("%Y-%m-%d").to_string().into());
        }
        if let Some(c) = &self.country {
            conds.push("e.country = ?".into());
            p.push(c.to_ascii_uppercase().into());
        }
        if let Some(a) = &self.admin1 {
            if a.contains('.') {
                conds.push("e.admin1_code = ?".into());
            } else {
                conds.push("e.admin1 = ?".into());
            }
            p.push(a.as_str().into());
        }
        if let Some([x0, y0, x1, y1]) = self.bbox {
            conds.push("e.lat BETWEEN ? AND ? AND e.lon BETWEEN ? AND ?".into());
            p.extend([y0.min(y1), y0.max(y1), x0.min(x1), x0.max(x1)].map(Value::Real));
        }
        if with_actor {
            match (&self.actor, &self.role) {
                (Some(a), Some(r)) => {
                    conds.push(
                        "e.event_id IN (SELECT event_id FROM event_actors WHERE actor_id = ? AND role = ?)"
                            .into(),
                    );
                    p.extend([a.as_str().into(), r.as_str().into()]);
                }
                (Some(a), None) => {
                    conds.push(
                        "e.event_id IN (SELECT event_id FROM event_actors WHERE actor_id = ?)"
                            .into(),
                    );
                    p.push(a.as_str().into());
                }
                (None, Some(r)) => {
                    conds.push(
                        "e.event_id IN (SELECT event_id FROM event_actors WHERE role = ?)".into(),
                    );
                    p.push(r.as_str().into());
                }
                (None, None) => {}
            }
        }
        if let Some(t) = &self.event_type {
            conds.push("e.event_type = ?".into());
            p.push(t.as_str().into());
        }
        if let Some(f) = self.min_fatalities {
            conds.push("e.fatalities_low >= ?".into());
            p.push(i64::from(f).into());
        }
        if let Some(t) = &self.text {
            let pat = format!("%{}%", t.to_lowercase().replace(['%', '_'], ""));
            match search_expr(t, kind) {
                Some(expr) => {
                    conds.push(
                        match kind {
                            BackendKind::Sqlite => {
                                "e.rowid IN (SELECT rowid & 4294967295 FROM search_fts
                                   WHERE search_fts MATCH ?)"
                            }
                            // One vector per event (migration 22): the
                            // planner reads the index of its words, or walks
                            // the newest events testing each, as it costs less.
                            BackendKind::Postgres => "e.search @@ CAST(CAST(? AS TEXT) AS tsquery)",
                        }
                        .into(),
                    );
                    p.push(expr.into());
                }
                None => {
                    conds.push("(LOWER(e.notes) LIKE ? OR LOWER(e.location) LIKE ?)".into());
                    p.push(pat.clone().into());
                    p.push(pat.into());
                }
            }
        }
        (conds, p)
    }

    /// The ids of the matching events, newest first (SQL and parameters). With an
    /// actor, the query walks that actor's rows of `event_actors` in date order
    /// (an index), so the newest matches come without sorting all of them.
    fn id_query(&self, kind: BackendKind) -> (String, Vec<Value>) {
        let mut sql;
        let mut params = Vec::new();
        match &self.actor {
            Some(a) => {
                let (conds, p) = self.conditions(false, kind);
                sql = String::from(
                    "SELECT e.event_id FROM event_actors a JOIN events e ON e.event_id = a.event_id
                     WHERE a.actor_id = ?",
                );
                params.push(Value::from(a.as_str()));
                if let Some(r) = &self.role {
                    sql.push_str(" AND a.role = ?");
                    params.push(r.as_str().into());
                }
                for c in conds {
                    sql.push_str(" AND ");
                    sql.push_str(&c);
                }
                params.extend(p);
                // a.event_id is e.event_id: the order of the actor's index.
                sql.push_str(" ORDER BY a.date_start DESC NULLS LAST, a.event_id");
            }
            None => {
                let (wh, p) = self.where_clause(kind);
                sql = format!(
                    "SELECT e.event_id FROM events e{wh} ORDER BY e.date_start DESC NULLS LAST, e.event_id"
                );
                params.extend(p);
            }
        }
        if let Some(l) = self.limit {
            // An actor in several roles of one event gives one row per role:
            // fetch a few more and keep each event once.
            let l = if self.actor.is_some() && self.role.is_none() {
                l.saturating_mul(4)
            } else {
                l
            };
            sql.push_str(" LIMIT ?");
            params.push((l as i64).into());
        }
        (sql, params)
    }
}

/// How many of the newest events (that pass the other filters) a search on
/// PostgreSQL tests first ([`Store::search_newest_pg`]).
const NEWEST_WINDOW: usize = 2_000;

/// The most newest events such a search tests before it leaves the query to
/// the planner.
const NEWEST_WINDOW_MAX: usize = 20_000;

/// The Julian day number of a date (as SQLite's `CAST(julianday(d) AS INTEGER)`):
/// the high bits of a key of the search index.
pub fn day_number(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce()) + 1_721_424
}

/// The full-text query of some words for a backend: every word (letters and
/// digits), or a word it begins, folded as both backends fold the words they
/// index ([`fold_word`]). None when there is no word.
pub fn search_expr(text: &str, kind: BackendKind) -> Option<String> {
    let words: Vec<String> = search_words(text)
        .map(|w| fold_word(w).into_owned())
        .filter(|w| !w.is_empty())
        .take(16)
        .collect();
    if words.is_empty() {
        return None;
    }
    Some(match kind {
        BackendKind::Sqlite => words
            .iter()
            .map(|w| format!("\"{w}\"*"))
            .collect::<Vec<_>>()
            .join(" AND "),
        // Lexemes as the search vectors hold them ([`search_vector`]), not
        // parsed again by PostgreSQL (`to_tsquery`).
        BackendKind::Postgres => words
            .iter()
            .map(|w| {
                let mut q = String::with_capacity(w.len() + 4);
                push_lexeme(&mut q, w);
                q.push_str(":*");
                q
            })
            .collect::<Vec<_>>()
            .join(" & "),
    })
}

/// The words of a text as search cuts them, in a query ([`search_expr`]) and in
/// a search vector ([`search_vector`]) alike: runs of letters, digits and
/// combining marks (a letter written as its base and a mark, `e\u{301}`, is
/// one word, as SQLite's tokenizer reads it).
fn search_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric() && !is_combining_mark(c))
        .filter(|w| !w.is_empty())
}

/// A word as SQLite's search index holds it (FTS5's `unicode61` tokenizer,
/// its default `remove_diacritics=1`), so that PostgreSQL's vectors and
/// queries ([`search_vector`], [`search_expr`]) match the same words:
/// lowercased, combining marks dropped, and a letter that is an ASCII letter
/// with one diacritic (`é`, `ą`, `ạ`) made that letter; other letters are
/// kept (`ø`, `ł`: no diacritic; `ộ`: two; `й`: not a Latin base). "Segou"
/// finds "Ségou" and "ségou" finds "Segou" on both backends.
pub fn fold_word(w: &str) -> std::borrow::Cow<'_, str> {
    if w.is_ascii() {
        return if w.bytes().any(|b| b.is_ascii_uppercase()) {
            w.to_ascii_lowercase().into()
        } else {
            w.into()
        };
    }
    let mut out = String::with_capacity(w.len());
    for c in w.chars().flat_map(char::to_lowercase) {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        if is_combining_mark(c) {
            continue;
        }
        let mut parts = [None; 3];
        let mut n = 0;
        decompose_canonical(c, |d| {
            if let Some(slot) = parts.get_mut(n) {
                *slot = Some(d);
            }
            n += 1;
        });
        match parts {
            [Some(base), Some(mark), None]
                if n == 2 && base.is_ascii() && is_combining_mark(mark) =>
            {
                out.push(base)
            }
            _ => out.push(c),
        }
    }
    out.into()
}

/// Most bytes of words in one event's search vector: PostgreSQL refuses a
/// `tsvector` of 1 MB or more (the words past this are left out, in
/// alphabetical order).
const MAX_SEARCH_BYTES: usize = 900_000;

/// Longest word kept in a search vector, in bytes (PostgreSQL's limit on a
/// lexeme is 2,047).
const MAX_SEARCH_WORD: usize = 2046;

/// The search vector of an event on PostgreSQL (migration 22), as a `tsvector`
/// literal: every word (letters and digits) of its notes, its place name and
/// the text of its reports, folded ([`fold_word`]), each once, without positions. The
/// words are cut as [`search_expr`] cuts a query, so that a query word is a
/// word of the vector or begins one; PostgreSQL never parses the texts (its
/// `to_tsvector` cost some 70 us per report at ingest).
pub fn search_vector<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut words = std::collections::BTreeSet::new();
    for part in parts {
        for w in search_words(part) {
            let w = fold_word(w);
            if w.len() > MAX_SEARCH_WORD || w.is_empty() {
                continue;
            }
            if !words.contains(w.as_ref()) {
                words.insert(w.into_owned());
            }
        }
    }
    let mut out = String::new();
    let mut bytes = 0;
    for w in words {
        bytes += w.len();
        if bytes > MAX_SEARCH_BYTES {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        // A lowercased word may hold a character that is not a letter (a
        // combining mark): quoted.
        push_lexeme(&mut out, &w);
    }
    out
}

/// A word quoted as a lexeme of a `tsvector` or `tsquery` literal, each
/// quote and backslash doubled.
fn push_lexeme(out: &mut String, w: &str) {
    out.push('\'');
    for c in w.chars() {
        if c == '\'' || c == '\\' {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
}

/// How `sitrep stats` groups events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatsBy {
    Day,
    Week,
    Month,
    Type,
    Actor,
    Admin1,
    Country,
    Year,
}

impl StatsBy {
    pub fn parse(s: &str) -> Option<StatsBy> {
        Some(match s {
            "day" => StatsBy::Day,
            "week" => StatsBy::Week,
            "month" => StatsBy::Month,
            "type" => StatsBy::Type,
            "actor" => StatsBy::Actor,
            "admin1" => StatsBy::Admin1,
            "country" => StatsBy::Country,
            "year" => StatsBy::Year,
            _ => return None,
        })
    }
}

/// One group of `sitrep stats`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatRow {
    pub key: String,
    pub events: u64,
    /// Sum of `fatalities.low` (the conservative toll).
    pub fatalities: u64,
    /// Sum of `fatalities.high` where bounded, else low: the upper end of the tolls.
    pub fatalities_high: u64,
}

impl Store {
    /// The query with its actor given as a stored actor id (an actor named by its
    /// name, in any case, is looked up in `actors`).
    fn resolve_actor(&mut self, q: &EventQuery) -> Result<EventQuery, StoreError> {
        let mut q = q.clone();
        if let Some(a) = &q.actor {
            let rows = self.backend().query(
                "SELECT actor_id FROM actors WHERE actor_id = ? OR LOWER(name) = ? ORDER BY actor_id",
                &[a.as_str().into(), a.to_lowercase().into()],
            )?;
            let exact = rows.iter().any(|r| col(r, 0).as_str() == Some(a.as_str()));
            if !exact {
                if let Some(id) = rows.first().and_then(|r| col(r, 0).as_str()) {
                    q.actor = Some(id.to_string());
                }
            }
        }
        Ok(q)
    }

    /// Events matching the filters, newest first.
    pub fn query(&mut self, q: &EventQuery) -> Result<Vec<StoredEvent>, StoreError> {
        let q = &self.resolve_actor(q)?;
        let kind = self.backend_kind();
        let found = match kind {
            BackendKind::Sqlite => self.search_newest(q)?,
            BackendKind::Postgres => self.search_newest_pg(q)?,
        };
        let ids = match found {
            Some(ids) => ids,
            None => {
                let (sql, params) = q.id_query(kind);
                let mut ids: Vec<String> = Vec::new();
                let mut seen = std::collections::HashSet::new();
                for r in self.backend().query(&sql, &params)? {
                    if let Some(id) = col(&r, 0).as_str() {
                        if seen.insert(id.to_string()) {
                            ids.push(id.to_string());
                        }
                    }
                }
                if let Some(l) = q.limit {
                    ids.truncate(l);
                }
                ids
            }
        };
        self.events_by_ids(&ids)
    }

    /// SQLite, words and a limit (and no actor): the newest matching events read
    /// from the search index backwards (its keys are in date order, see
    /// migration 12), the other filters tested on each, until the limit; the
    /// matches of the last day read whole, so that events of one day come in
    /// id order as every query gives them. A common word costs the limit, not
    /// its number of matches. None when the query is not of that kind.
    fn search_newest(&mut self, q: &EventQuery) -> Result<Option<Vec<String>>, StoreError> {
        let kind = self.backend_kind();
        let (Some(text), Some(limit), None, true) = (&q.text, q.limit, &q.actor, q.ids.is_empty())
        else {
            return Ok(None);
        };
        let (BackendKind::Sqlite, Some(expr)) = (kind, search_expr(text, kind)) else {
            return Ok(None);
        };
        let rest = EventQuery {
            text: None,
            limit: None,
            ..q.clone()
        };
        let (conds, cond_params) = rest.conditions(true, kind);
        let lo = q.date_from.map_or(0, |d| day_number(d) << 32);
        let hi = q.date_to.map_or(i64::MAX, |d| (day_number(d) + 1) << 32);
        let mut sql = String::from(
            "SELECT e.event_id, f.k FROM (SELECT rowid AS k FROM search_fts
               WHERE search_fts MATCH ? AND rowid >= ? AND rowid < ? ORDER BY rowid DESC) f
             JOIN events e ON e.rowid = (f.k & 4294967295)",
        );
        for (i, c) in conds.iter().enumerate() {
            sql.push_str(if i == 0 { " WHERE " } else { " AND " });
            sql.push_str(c);
        }
        let run = |s: &mut Store, lo: i64, hi: i64, limit: Option<usize>| {
            let mut sql = sql.clone();
            let mut params: Vec<Value> = vec![expr.as_str().into(), lo.into(), hi.into()];
            params.extend(cond_params.iter().cloned());
            if let Some(l) = limit {
                sql.push_str(" ORDER BY f.k DESC LIMIT ?");
                params.push((l as i64).into());
            }
            let rows = s.backend().query(&sql, &params)?;
            Ok::<_, StoreError>(
                rows.into_iter()
                    .filter_map(|r| {
                        Some((col(&r, 1).as_i64()? >> 32, col(&r, 0).as_str()?.to_string()))
                    })
                    .collect::<Vec<(i64, String)>>(),
            )
        };
        let mut found = run(self, lo, hi, Some(limit))?;
        if limit > 0 && found.len() == limit {
            // The last day's other matches, if any, may come before in id order.
            if let Some(&(day, _)) = found.last() {
                found.retain(|f| f.0 != day);
                found.extend(run(self, lo.max(day << 32), hi.min((day + 1) << 32), None)?);
            }
        }
        found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        found.dedup();
        found.truncate(limit);
        Ok(Some(found.into_iter().map(|f| f.1).collect()))
    }

    /// PostgreSQL, words and a limit (and no actor): the newest events that
    /// pass the other filters are read in date order and their search
    /// vectors tested, [`NEWEST_WINDOW`] of them, then, when that gave some
    /// matches but too few, as many more as those matches suggest (up to
    /// [`NEWEST_WINDOW_MAX`]); when `limit` matches are among them, they are
    /// the answer (the newest matches come first in that order). Else None:
    /// the whole query runs, the planner reading the index of words (a rare
    /// word has few matches). A common word or words found together cost the
    /// limit, not their number of matches (two words each in 1.7% of 1,000,000
    /// events, always together: the planner, which takes them as independent,
    /// read their 16,590 matches, 55 ms; the newest 749 events held 100 of them).
    fn search_newest_pg(&mut self, q: &EventQuery) -> Result<Option<Vec<String>>, StoreError> {
        let kind = BackendKind::Postgres;
        let (Some(text), Some(limit), None, true) = (&q.text, q.limit, &q.actor, q.ids.is_empty())
        else {
            return Ok(None);
        };
        let Some(expr) = search_expr(text, kind) else {
            return Ok(None);
        };
        if limit == 0 {
            return Ok(None);
        }
        let rest = EventQuery {
            text: None,
            limit: None,
            ..q.clone()
        };
        let (wh, params) = rest.where_clause(kind);
        let sql = format!(
            "SELECT w.event_id FROM (SELECT e.event_id, e.date_start, e.search FROM events e{wh}
               ORDER BY e.date_start DESC NULLS LAST, e.event_id LIMIT ?) w
             WHERE w.search @@ CAST(CAST(? AS TEXT) AS tsquery)
             ORDER BY w.date_start DESC NULLS LAST, w.event_id LIMIT ?"
        );
        let mut window = NEWEST_WINDOW;
        loop {
            let mut p = params.clone();
            p.extend([
                (window as i64).into(),
                expr.as_str().into(),
                (limit as i64).into(),
            ]);
            let ids: Vec<String> = self
                .backend()
                .query(&sql, &p)?
                .into_iter()
                .filter_map(|r| r.into_iter().next().and_then(Value::into_string))
                .collect();
            if ids.len() >= limit {
                return Ok(Some(ids));
            }
            if ids.is_empty() || window >= NEWEST_WINDOW_MAX {
                return Ok(None);
            }
            // Twice the window these matches suggest the limit needs.
            let wanted = window.saturating_mul(limit).saturating_mul(2) / ids.len();
            if wanted > NEWEST_WINDOW_MAX {
                return Ok(None);
            }
            window = wanted.max(window * 2);
        }
    }

    /// The stored events of these ids, in this order.
    fn events_by_ids(&mut self, ids: &[String]) -> Result<Vec<StoredEvent>, StoreError> {
        let mut by_id: std::collections::HashMap<String, StoredEvent> =
            std::collections::HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(", ");
            let params: Vec<Value> = chunk.iter().map(|i| Value::from(i.as_str())).collect();
            let rows = self.backend().query(
                &format!(
                    "SELECT e.event_id, r.record, e.revision, e.n_sources, e.created_at,
                            e.updated_at, e.notes
                     FROM events e JOIN event_records r ON r.event_id = e.event_id
                     WHERE e.event_id IN ({marks})"
                ),
                &params,
            )?;
            for r in rows {
                let id = col(&r, 0).as_str().unwrap_or("").to_string();
                let event: Event = crate::decode_record(col(&r, 1).as_bytes().unwrap_or_default())?;
                by_id.insert(
                    id,
                    StoredEvent {
                        event,
                        revision: col(&r, 2).as_i64().unwrap_or(0),
                        n_sources: col(&r, 3).as_i64().unwrap_or(0),
                        created_at: col(&r, 4).as_str().unwrap_or("").to_string(),
                        updated_at: col(&r, 5).as_str().unwrap_or("").to_string(),
                        notes: col(&r, 6).as_str().unwrap_or("").to_string(),
                    },
                );
            }
        }
        Ok(ids.iter().filter_map(|i| by_id.remove(i)).collect())
    }

    /// Number of events matching the filters (the limit is ignored).
    pub fn count(&mut self, q: &EventQuery) -> Result<u64, StoreError> {
        let q = &self.resolve_actor(q)?;
        let (wh, params) = q.where_clause(self.backend_kind());
        let rows = self.backend().query(
            &format!("SELECT CAST(COUNT(*) AS BIGINT) FROM events e{wh}"),
            &params,
        )?;
        Ok(rows
            .first()
            .and_then(|r| col(r, 0).as_i64())
            .unwrap_or(0)
            .max(0) as u64)
    }

    /// Counts and tolls of the matching events, grouped.
    pub fn stats(&mut self, q: &EventQuery, by: StatsBy) -> Result<Vec<StatRow>, StoreError> {
        let q = &self.resolve_actor(q)?;
        let (wh, params) = q.where_clause(self.backend_kind());
        let key_col = match by {
            StatsBy::Day | StatsBy::Week | StatsBy::Month | StatsBy::Year => "e.date_start",
            StatsBy::Country => "e.country",
            StatsBy::Type => "e.event_type",
            StatsBy::Actor => "e.perpetrator",
            StatsBy::Admin1 => "e.admin1",
        };
        let rows = self.backend().query(
            &format!(
                "SELECT {key_col}, CAST(COUNT(*) AS BIGINT),
                        CAST(COALESCE(SUM(e.fatalities_low), 0) AS BIGINT),
                        CAST(COALESCE(SUM(COALESCE(e.fatalities_high, e.fatalities_low)), 0) AS BIGINT)
                 FROM events e{wh} GROUP BY {key_col}"
            ),
            &params,
        )?;
        let mut groups: BTreeMap<String, StatRow> = BTreeMap::new();
        for r in rows {
            let raw = col(&r, 0);
            let key = match by {
                StatsBy::Day | StatsBy::Week | StatsBy::Month | StatsBy::Year => {
                    match parse_date(raw) {
                        Some(d) => period_key(d, by),
                        None => "(date unknown)".to_string(),
                    }
                }
                _ => raw
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| "(none)".to_string()),
            };
            let g = groups.entry(key.clone()).or_insert(StatRow {
                key,
                events: 0,
                fatalities: 0,
                fatalities_high: 0,
            });
            g.events += col(&r, 1).as_i64().unwrap_or(0).max(0) as u64;
            g.fatalities += col(&r, 2).as_i64().unwrap_or(0).max(0) as u64;
            g.fatalities_high += col(&r, 3).as_i64().unwrap_or(0).max(0) as u64;
        }
        let mut out: Vec<StatRow> = groups.into_values().collect();
        if matches!(by, StatsBy::Type | StatsBy::Actor | StatsBy::Admin1) {
            out.sort_by(|a, b| b.events.cmp(&a.events).then(a.key.cmp(&b.key)));
        }
        Ok(out)
    }
}

/// `2024-04-03` → `2024-04-03` (day), `2024-W14` (ISO week), `2024-04` (month).
pub fn period_key(d: NaiveDate, by: StatsBy) -> String {
    match by {
        StatsBy::Week => {
            let w = d.iso_week();
            format!("{}-W{:02}", w.year(), w.week())
        }
        StatsBy::Month => format!("{}-{:02}", d.year(), d.month()),
        StatsBy::Year => d.year().to_string(),
        _ => d.format("%Y-%m-%d").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn where_clause_binds_every_filter() {
        let q = EventQuery {
            country: Some("so".into()),
            bbox: Some([40.0, -2.0, 50.0, 5.0]),
            actor: Some("al-shabaab".into()),
            role: Some("perpetrator".into()),
            min_fatalities: Some(3),
            text: Some("Market".into()),
            ..EventQuery::default()
        };
        let (w, p) = q.where_clause(BackendKind::Sqlite);
        assert_eq!(w.matches('?').count(), p.len());
        assert_eq!(p.first(), Some(&Value::Text("SO".into())));
    }

    #[test]
    fn search_words() {
        assert_eq!(
            search_expr("Market, \"bomb\"", BackendKind::Sqlite).as_deref(),
            Some("\"market\"* AND \"bomb\"*")
        );
        assert_eq!(
            search_expr("car-bomb", BackendKind::Postgres).as_deref(),
            Some("'car':* & 'bomb':*")
        );
        assert_eq!(search_expr("!!", BackendKind::Sqlite), None);
    }

    #[test]
    fn search_vectors_hold_each_word_once_lowercased() {
        assert_eq!(
            search_vector(["Car-bomb in Mogadishu;", "a CAR", ""]),
            "'a' 'bomb' 'car' 'in' 'mogadishu'"
        );
        assert_eq!(search_vector(["Ségou, Segou"]), "'segou'");
        assert_eq!(
            search_vector(["Se\u{301}gou Łódź Bjørn Ộng İstanbul йод ąę"]),
            "'ae' 'bjørn' 'istanbul' 'segou' 'łodz' 'йод' 'ộng'"
        );
        assert_eq!(search_vector(["!!"]), "");
        let long = "x".repeat(MAX_SEARCH_WORD + 1);
        assert_eq!(search_vector([long.as_str(), "y"]), "'y'");
    }

    #[test]
    fn periods() {
        let d = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        assert_eq!(period_key(d, StatsBy::Week), "2024-W01");
        assert_eq!(period_key(d, StatsBy::Month), "2024-01");
    }
}
