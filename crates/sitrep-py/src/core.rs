/*!
The binding's Rust half, free of Python: reports as the package receives them,
extraction of many reports on several threads (output in input order), and the
flat ACLED-style row of an event.

A report becomes a [`Document`] exactly as `sitrep extract` makes one from a JSON
Lines report (`Extractor::prepare`, `sources[].doc` = the id), and its events are
serialised with `serde_json` as the command writes them, so a record from Python is
byte for byte a line of the command's output. The flat row is the store's CSV
export (`sitrep_store::export::{acled_row, sitrep_row}`), with numbers typed.
*/

use chrono::NaiveDate;
use sitrep_core::{Document, Event};
use sitrep_extract::Extractor;
use sitrep_store::export::{acled_row, sitrep_row, ACLED_COLUMNS, SITREP_COLUMNS};
use sitrep_store::{StoreKnowledge, StoredEvent};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A report as given to the package: a JSON Lines report's fields.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    pub id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub text: String,
}

/// The id of a report given without one: its 1-based position, as the command
/// names a JSON Lines report without an id by `FILE:LINE`.
pub fn default_id(position: usize) -> String {
    format!("report:{}", position + 1)
}

impl Report {
    /// The document extraction reads: cleaned text, title and dateline found, the
    /// report's date or else `default_published`.
    pub fn document(&self, ex: &Extractor, default_published: Option<NaiveDate>) -> Document {
        ex.prepare(
            &self.id,
            &self.id,
            self.url.clone(),
            self.title.clone(),
            self.published.or(default_published),
            &self.text,
        )
    }
}

/// What a column holds once typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Str,
    Int,
    Float,
}

/// The type of a column of the store's CSV export (the names are the export's).
pub fn column_kind(name: &str) -> Kind {
    match name {
        "latitude" | "longitude" => Kind::Float,
        "interaction" | "geo_precision" | "time_precision" | "fatalities" | "geonames_id"
        | "fatalities_low" | "fatalities_best" | "fatalities_high" | "injuries_low"
        | "injuries_best" | "injuries_high" | "n_sources" | "revision" => Kind::Int,
        _ => Kind::Str,
    }
}

/// The flat columns, in order: ACLED's then sitrep's, as the CSV export writes them.
pub fn columns() -> impl Iterator<Item = &'static str> {
    ACLED_COLUMNS.iter().chain(SITREP_COLUMNS.iter()).copied()
}

/// One typed cell of a flat row; an empty export field is `Null`.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Str(String),
    Int(i64),
    Float(f64),
}

fn typed(s: String, kind: Kind) -> Cell {
    if s.is_empty() {
        return Cell::Null;
    }
    match kind {
        Kind::Str => Cell::Str(s),
        Kind::Int => s.parse().map(Cell::Int).unwrap_or(Cell::Str(s)),
        Kind::Float => s.parse().map(Cell::Float).unwrap_or(Cell::Str(s)),
    }
}

/// The typed flat row of a stored event (the export's CSV fields).
pub fn flat_row(e: &StoredEvent, k: &StoreKnowledge) -> Vec<Cell> {
    acled_row(e, k)
        .into_iter()
        .chain(sitrep_row(e))
        .zip(columns())
        .map(|(v, c)| typed(v, column_kind(c)))
        .collect()
}

/// An event just extracted, as the store would hold it before any merge.
pub fn unstored(event: Event, doc_text: &str) -> StoredEvent {
    let notes = sitrep_store::event_notes(&event, doc_text);
    StoredEvent {
        n_sources: event.sources.len() as i64,
        event,
        revision: 1,
        created_at: String::new(),
        updated_at: String::new(),
        notes,
    }
}

/// One extracted event: its JSON record (the command's line) and, when asked, its
/// flat row.
#[derive(Debug, Clone, PartialEq)]
pub struct EventOut {
    pub json: String,
    pub row: Option<Vec<Cell>>,
}

/// Extract one report: its events as JSON records, with flat rows when `k` is given.
pub fn extract_report(
    ex: &Extractor,
    k: Option<&StoreKnowledge>,
    report: &Report,
    default_published: Option<NaiveDate>,
) -> Vec<EventOut> {
    let doc = report.document(ex, default_published);
    ex.extract(&doc)
        .into_iter()
        .map(|ev| {
            // Serialising an Event cannot fail (no maps with non-string keys).
            let json = serde_json::to_string(&ev).unwrap_or_default();
            let row = k.map(|k| flat_row(&unstored(ev, &doc.text), k));
            EventOut { json, row }
        })
        .collect()
}

/// The records of many reports as one JSON array of arrays (one per report).
pub fn json_array(reports: &[Vec<EventOut>]) -> String {
    let len: usize = reports
        .iter()
        .flat_map(|r| r.iter().map(|e| e.json.len() + 1))
        .sum();
    let mut s = String::with_capacity(len + 3 * reports.len() + 2);
    s.push('[');
    for (i, r) in reports.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push('[');
        for (j, e) in r.iter().enumerate() {
            if j > 0 {
                s.push(',');
            }
            s.push_str(&e.json);
        }
        s.push(']');
    }
    s.push(']');
    s
}

/// The number of worker threads for `threads` (None or 0: every core).
pub fn thread_count(threads: Option<usize>) -> usize {
    match threads {
        Some(n) if n > 0 => n,
        _ => std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
    }
}

/// `f` over every item on up to `threads` threads, results in input order. Items
/// are handed out one at a time, so a long report does not hold up a whole share.
pub fn map_parallel<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut parts: Vec<Vec<(usize, R)>> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        out.push((i, f(item)));
                    }
                    out
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| match w.join() {
                Ok(v) => v,
                Err(p) => std::panic::resume_unwind(p),
            })
            .collect()
    });
    let mut all: Vec<(usize, R)> = parts.iter_mut().flat_map(std::mem::take).collect();
    all.sort_unstable_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex() -> &'static Extractor {
        static EX: std::sync::OnceLock<Extractor> = std::sync::OnceLock::new();
        EX.get_or_init(|| {
            let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
            Extractor::embedded(today).unwrap()
        })
    }

    fn report(id: &str, text: &str, published: &str) -> Report {
        Report {
            id: id.into(),
            text: text.into(),
            published: sitrep_text::parse_published(published),
            ..Report::default()
        }
    }

    #[test]
    fn parallel_map_keeps_input_order() {
        let items: Vec<u32> = (0..1000).collect();
        for threads in [1, 2, 7] {
            let out = map_parallel(&items, threads, |x| x * 3);
            assert_eq!(out, items.iter().map(|x| x * 3).collect::<Vec<_>>());
        }
        assert!(map_parallel(&[] as &[u32], 4, |x| *x).is_empty());
    }

    #[test]
    fn records_are_the_commands_serialisation() {
        let r = report(
            "t1",
            "Militants stormed a checkpoint near Jalalabad on Sunday, killing three soldiers.",
            "2025-06-10",
        );
        let doc = r.document(ex(), None);
        let events = ex().extract(&doc);
        assert!(!events.is_empty());
        let out = extract_report(ex(), None, &r, None);
        let want: Vec<String> = events
            .iter()
            .map(|e| serde_json::to_string(e).unwrap())
            .collect();
        let got: Vec<String> = out.iter().map(|e| e.json.clone()).collect();
        assert_eq!(got, want);
        assert!(out.iter().all(|e| e.row.is_none()));
        assert_eq!(events[0].sources[0].doc, "t1");
    }

    #[test]
    fn flat_rows_are_typed_export_fields() {
        let r = report(
            "t2",
            "A roadside bomb killed four police officers in Quetta on Tuesday.",
            "2025-03-05",
        );
        let k = StoreKnowledge::embedded().unwrap();
        let out = extract_report(ex(), Some(&k), &r, None);
        let row = out[0].row.as_ref().unwrap();
        let names: Vec<&str> = columns().collect();
        assert_eq!(row.len(), names.len());
        let at = |n: &str| &row[names.iter().position(|c| *c == n).unwrap()];
        assert_eq!(at("fatalities"), &Cell::Int(4));
        assert_eq!(at("country"), &Cell::Str("Pakistan".into()));
        assert!(matches!(at("latitude"), Cell::Float(_)));
        assert_eq!(at("event_date"), &Cell::Str("2025-03-04".into()));
        assert_eq!(at("revision"), &Cell::Int(1));
    }

    #[test]
    fn json_array_nests_records_by_report() {
        let e = |j: &str| EventOut {
            json: j.into(),
            row: None,
        };
        let out = vec![vec![e("{\"a\":1}"), e("{\"b\":2}")], vec![], vec![e("{}")]];
        let v: serde_json::Value = serde_json::from_str(&json_array(&out)).unwrap();
        assert_eq!(v, serde_json::json!([[{"a": 1}, {"b": 2}], [], [{}]]));
        assert_eq!(json_array(&[]), "[]");
    }

    #[test]
    fn empty_fields_are_null_and_bad_numbers_stay_text() {
        assert_eq!(typed(String::new(), Kind::Int), Cell::Null);
        assert_eq!(typed("12".into(), Kind::Int), Cell::Int(12));
        assert_eq!(typed("x".into(), Kind::Float), Cell::Str("x".into()));
        assert_eq!(column_kind("location"), Kind::Str);
    }

    #[test]
    fn default_published_applies_only_without_a_date() {
        let mut r = report("t3", "Gunmen attacked a bus in Zamfara on Monday.", "");
        let d = NaiveDate::from_ymd_opt(2024, 1, 10);
        assert_eq!(r.document(ex(), d).published, d);
        r.published = NaiveDate::from_ymd_opt(2023, 5, 1);
        assert_eq!(r.document(ex(), d).published, r.published);
        assert_eq!(default_id(0), "report:1");
    }
}
