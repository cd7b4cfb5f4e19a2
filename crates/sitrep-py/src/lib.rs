/*!
`sitrep._sitrep`, the native half of the `sitrep` Python package (built by maturin
from `python/pyproject.toml`; the Python half in `python/sitrep/` turns what this
returns into dicts and DataFrames).

* [`PyExtractor`] (`_sitrep.Extractor`): the knowledge, loaded once (compiled in, or
  `data_dir`), and extraction of one or many reports: records as the command's JSON
  Lines strings, or typed flat rows; many reports run with the GIL released on every
  core, output in input order.
* [`PyStore`] (`_sitrep.Store`): the event store (SQLite file or `postgres://` URL):
  ingest as `sitrep ingest` does, queries and stats.

Input is checked here: a report that is not a mapping, a missing or non-string
`text`, an `id` that is neither str nor int, or a `published` that is not a date
raise `TypeError` / `ValueError` naming the report, never a crash; with
`errors="skip"` such a report gives no events and a bad date is dropped, as the
command skips or repairs a bad JSON Lines report. Store failures raise
`sitrep.SitrepError` with the command's messages.
*/

mod core;

/// The CLI's allocator: extraction makes many small short-lived allocations, which
/// mimalloc serves faster than the system allocator. Only this module's Rust
/// allocations use it; Python objects come from Python's allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use crate::core::{Cell, EventOut, Report};
use chrono::NaiveDate;
use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyMapping, PyString, PyTuple};
use sitrep_extract::Extractor;
use sitrep_store::{EventQuery, IngestDoc, StatsBy, StoreKnowledge};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

pyo3::create_exception!(
    _sitrep,
    SitrepError,
    PyException,
    "A failure of sitrep itself: knowledge that cannot be loaded, a store that cannot be opened or written."
);

/// What to do with a report that cannot be read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum OnError {
    Raise,
    Skip,
}

impl OnError {
    fn parse(s: &str) -> PyResult<OnError> {
        match s {
            "raise" => Ok(OnError::Raise),
            "skip" => Ok(OnError::Skip),
            _ => Err(PyValueError::new_err(format!(
                "errors must be \"raise\" or \"skip\", not {s:?}"
            ))),
        }
    }
}

/// An input error: a `TypeError`, a `ValueError`, or Python's own (a str with lone
/// surrogates cannot be UTF-8: `UnicodeEncodeError`).
enum Bad {
    Type(String),
    Value(String),
    Py(PyErr),
}

impl Bad {
    fn into_py(self, prefix: &str) -> PyErr {
        match self {
            Bad::Type(m) => PyTypeError::new_err(format!("{prefix}{m}")),
            Bad::Value(m) => PyValueError::new_err(format!("{prefix}{m}")),
            Bad::Py(e) => e,
        }
    }
}

fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// None, a float NaN, or pandas' `NA` / `NaT` (its missing values).
fn is_missing(v: &Bound<'_, PyAny>) -> bool {
    v.is_none()
        || v.extract::<f64>().is_ok_and(f64::is_nan)
        || v.get_type()
            .name()
            .is_ok_and(|n| n.to_cow().is_ok_and(|n| n == "NAType" || n == "NaTType"))
}

/// A str as Rust's `String`; Python's error when it is a str that is not Unicode text.
fn string(v: &Bound<'_, PyAny>, field: &str) -> Result<String, Bad> {
    if v.is_instance_of::<PyString>() {
        return v.extract::<String>().map_err(Bad::Py);
    }
    Err(Bad::Type(format!(
        "{field:?} must be a str, not {}",
        type_name(v)
    )))
}

fn opt_str(v: Option<Bound<'_, PyAny>>, field: &str) -> Result<Option<String>, Bad> {
    match v {
        Some(v) if !is_missing(&v) => string(&v, field).map(Some),
        _ => Ok(None),
    }
}

/// A publication date: a `YYYY-MM-DD` (or ISO date-time) string, or any object
/// with integer `year`, `month`, `day` (datetime.date, datetime.datetime,
/// pandas.Timestamp); None, NaN and NaT are no date.
pub(crate) fn to_date(v: &Bound<'_, PyAny>) -> Result<Option<NaiveDate>, Bad> {
    if is_missing(v) {
        return Ok(None);
    }
    if let Ok(s) = v.downcast::<PyString>() {
        let s = s.to_cow().map_err(|e| Bad::Value(e.to_string()))?;
        return match sitrep_text::parse_published(&s) {
            Some(d) => Ok(Some(d)),
            None if s.trim().is_empty() => Ok(None),
            None => Err(Bad::Value(format!(
                "\"published\" is not a date (YYYY-MM-DD): {s:?}"
            ))),
        };
    }
    let part = |name: &str| v.getattr(name).ok().and_then(|x| x.extract::<i64>().ok());
    match (part("year"), part("month"), part("day")) {
        (Some(y), Some(m), Some(d)) => i32::try_from(y)
            .ok()
            .zip(u32::try_from(m).ok().zip(u32::try_from(d).ok()))
            .and_then(|(y, (m, d))| NaiveDate::from_ymd_opt(y, m, d))
            .map(Some)
            .ok_or_else(|| Bad::Value(format!("\"published\" is not a date: {y}-{m}-{d}"))),
        // pandas.NaT has the attributes, as NaN.
        _ if v.getattr("year").is_ok_and(|y| is_missing(&y)) => Ok(None),
        _ => Err(Bad::Type(format!(
            "\"published\" must be a str (YYYY-MM-DD) or a date, not {}",
            type_name(v)
        ))),
    }
}

fn opt_date(v: Option<Bound<'_, PyAny>>) -> PyResult<Option<NaiveDate>> {
    match v {
        Some(v) => to_date(&v).map_err(|b| b.into_py("")),
        None => Ok(None),
    }
}

fn text_of(v: Option<Bound<'_, PyAny>>) -> Result<String, Bad> {
    let Some(v) = v.filter(|v| !is_missing(v)) else {
        return Err(Bad::Type("report has no \"text\" (None)".into()));
    };
    let t = string(&v, "text")?;
    if t.trim().is_empty() {
        return Err(Bad::Value("report has no \"text\"".into()));
    }
    Ok(t)
}

fn id_of(v: Option<Bound<'_, PyAny>>, position: usize) -> Result<String, Bad> {
    match v {
        Some(v) if !is_missing(&v) => {
            if v.is_instance_of::<PyString>() {
                let s = string(&v, "id")?;
                if !s.is_empty() {
                    return Ok(s);
                }
                return Ok(core::default_id(position));
            }
            if !v.is_instance_of::<pyo3::types::PyBool>() {
                if let Ok(n) = v.extract::<i64>() {
                    return Ok(n.to_string());
                }
            }
            Err(Bad::Type(format!(
                "\"id\" must be a str or an int, not {}",
                type_name(&v)
            )))
        }
        _ => Ok(core::default_id(position)),
    }
}

/// One report from a mapping with the JSON Lines fields.
fn report_of(item: &Bound<'_, PyAny>, position: usize, on_error: OnError) -> Result<Report, Bad> {
    let map = item.downcast::<PyMapping>().map_err(|_| {
        Bad::Type(format!(
            "expected a dict with \"text\" (and \"id\", \"url\", \"title\", \"published\"), not {}",
            type_name(item)
        ))
    })?;
    let get = |k: &str| -> Option<Bound<'_, PyAny>> {
        map.contains(k)
            .ok()
            .filter(|&b| b)
            .and_then(|_| map.get_item(k).ok())
    };
    let text = text_of(get("text"))?;
    let published = match to_date(
        &get("published").unwrap_or_else(|| item.py().None().into_bound(item.py())),
    ) {
        Ok(d) => d,
        // The command keeps such a report without its date.
        Err(_) if on_error == OnError::Skip => None,
        Err(e) => return Err(e),
    };
    Ok(Report {
        id: id_of(get("id"), position)?,
        url: opt_str(get("url"), "url")?,
        title: opt_str(get("title"), "title")?,
        published,
        text,
    })
}

/// Every report of an iterable; with `Skip`, unreadable ones are None.
fn reports_of(reports: &Bound<'_, PyAny>, on_error: OnError) -> PyResult<Vec<Option<Report>>> {
    let iter = reports.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "reports must be an iterable of dicts, not {}",
            type_name(reports)
        ))
    })?;
    let mut out = Vec::new();
    for (i, item) in iter.enumerate() {
        match report_of(&item?, i, on_error) {
            Ok(r) => out.push(Some(r)),
            Err(_) if on_error == OnError::Skip => out.push(None),
            Err(e) => return Err(e.into_py(&format!("report {}: ", i + 1))),
        }
    }
    Ok(out)
}

fn cell_to_py(py: Python<'_>, c: Cell) -> PyResult<PyObject> {
    Ok(match c {
        Cell::Null => py.None(),
        Cell::Str(s) => s.into_pyobject(py)?.into_any().unbind(),
        Cell::Int(n) => n.into_pyobject(py)?.into_any().unbind(),
        Cell::Float(f) => f.into_pyobject(py)?.into_any().unbind(),
    })
}

fn sitrep_err(context: &str, e: impl std::fmt::Display) -> PyErr {
    SitrepError::new_err(format!("{context}: {e}"))
}

fn today_of(today: Option<Bound<'_, PyAny>>) -> PyResult<NaiveDate> {
    Ok(opt_date(today)?.unwrap_or_else(|| chrono::Local::now().date_naive()))
}

/// The knowledge, loaded once; extraction of reports.
#[pyclass(name = "Extractor", module = "sitrep._sitrep", frozen)]
pub struct PyExtractor {
    ex: Arc<Extractor>,
    store_k: Arc<StoreKnowledge>,
}

#[pymethods]
impl PyExtractor {
    /// Load the knowledge compiled into the package, or a copy laid out like the
    /// repository's `data/` from `data_dir`. `today` bounds the year inferred from a
    /// weekday (default: the system date).
    #[new]
    #[pyo3(signature = (data_dir=None, today=None))]
    fn new(
        py: Python<'_>,
        data_dir: Option<PathBuf>,
        today: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let today = today_of(today)?;
        py.allow_threads(|| {
            let (ex, k) = match &data_dir {
                Some(dir) => (
                    Extractor::load_dir(dir, today).map_err(|e| {
                        sitrep_err(&format!("loading knowledge from {}", dir.display()), e)
                    })?,
                    StoreKnowledge::load_dir(dir).map_err(|e| {
                        sitrep_err(
                            &format!("loading store knowledge from {}", dir.display()),
                            e,
                        )
                    })?,
                ),
                None => (
                    Extractor::embedded(today)
                        .map_err(|e| sitrep_err("loading the embedded knowledge base", e))?,
                    StoreKnowledge::embedded()
                        .map_err(|e| sitrep_err("loading the embedded store knowledge", e))?,
                ),
            };
            Ok(PyExtractor {
                ex: Arc::new(ex),
                store_k: Arc::new(k),
            })
        })
    }

    /// The events of one report as JSON records (strings, the command's lines).
    #[pyo3(signature = (text, published=None, url=None, id=None, title=None))]
    fn extract_json(
        &self,
        py: Python<'_>,
        text: Option<Bound<'_, PyAny>>,
        published: Option<Bound<'_, PyAny>>,
        url: Option<Bound<'_, PyAny>>,
        id: Option<Bound<'_, PyAny>>,
        title: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Vec<String>> {
        let report = Report {
            text: text_of(text).map_err(|b| b.into_py(""))?,
            published: opt_date(published)?,
            url: opt_str(url, "url").map_err(|b| b.into_py(""))?,
            id: id_of(id, 0).map_err(|b| b.into_py(""))?,
            title: opt_str(title, "title").map_err(|b| b.into_py(""))?,
        };
        let ex = &self.ex;
        let out = py.allow_threads(|| core::extract_report(ex, None, &report, None));
        Ok(out.into_iter().map(|e| e.json).collect())
    }

    /// Many reports (an iterable of dicts) on `threads` threads (default: every
    /// core), the GIL released: one JSON array holding, for each report in order,
    /// the array of its records (the command's lines), for a single `json.loads`.
    #[pyo3(signature = (reports, threads=None, published=None, errors="raise"))]
    fn extract_many_json(
        &self,
        py: Python<'_>,
        reports: &Bound<'_, PyAny>,
        threads: Option<usize>,
        published: Option<Bound<'_, PyAny>>,
        errors: &str,
    ) -> PyResult<String> {
        let on_error = OnError::parse(errors)?;
        let default_published = opt_date(published)?;
        let reports = reports_of(reports, on_error)?;
        let ex = &self.ex;
        let n = core::thread_count(threads);
        Ok(py.allow_threads(|| {
            let out = core::map_parallel(&reports, n, |r| match r {
                Some(r) => core::extract_report(ex, None, r, default_published),
                None => Vec::new(),
            });
            core::json_array(&out)
        }))
    }

    /// [`Self::extract_many_json`] with flat rows: for each report in order
    /// `(id, [(row tuple, json), …])` (id None for a skipped report).
    #[pyo3(signature = (reports, threads=None, published=None, errors="raise"))]
    fn extract_rows<'py>(
        &self,
        py: Python<'py>,
        reports: &Bound<'py, PyAny>,
        threads: Option<usize>,
        published: Option<Bound<'py, PyAny>>,
        errors: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        let on_error = OnError::parse(errors)?;
        let default_published = opt_date(published)?;
        let reports = reports_of(reports, on_error)?;
        let ex = &self.ex;
        let k = &*self.store_k;
        let n = core::thread_count(threads);
        let out: Vec<Vec<EventOut>> = py.allow_threads(|| {
            core::map_parallel(&reports, n, |r| match r {
                Some(r) => core::extract_report(ex, Some(k), r, default_published),
                None => Vec::new(),
            })
        });
        let list = PyList::empty(py);
        for (evs, r) in out.into_iter().zip(&reports) {
            let inner = PyList::empty(py);
            for e in evs {
                let cells = e
                    .row
                    .unwrap_or_default()
                    .into_iter()
                    .map(|c| cell_to_py(py, c))
                    .collect::<PyResult<Vec<_>>>()?;
                inner.append((PyTuple::new(py, cells)?, e.json))?;
            }
            list.append((r.as_ref().map(|r| r.id.as_str()), inner))?;
        }
        Ok(list)
    }
}

/// A publication date as extraction reads it: `(year, month, day)`, or None for
/// no date (None, NaN, NaT, an empty string); `ValueError` / `TypeError` otherwise.
#[pyfunction]
fn parse_date(value: Bound<'_, PyAny>) -> PyResult<Option<(i32, u32, u32)>> {
    use chrono::Datelike;
    let d = to_date(&value).map_err(|b| b.into_py(""))?;
    Ok(d.map(|d| (d.year(), d.month(), d.day())))
}

/// The flat columns with their kinds (`str`, `int`, `float`), in row order.
#[pyfunction]
fn columns() -> Vec<(&'static str, &'static str)> {
    core::columns()
        .map(|c| {
            let k = match core::column_kind(c) {
                core::Kind::Str => "str",
                core::Kind::Int => "int",
                core::Kind::Float => "float",
            };
            (c, k)
        })
        .collect()
}

/// The event store.
#[pyclass(name = "Store", module = "sitrep._sitrep", frozen)]
pub struct PyStore {
    store: Mutex<sitrep_store::Store>,
    target: String,
}

fn lock(m: &Mutex<sitrep_store::Store>) -> std::sync::MutexGuard<'_, sitrep_store::Store> {
    // A panic while holding the lock leaves a store whose last batch was rolled
    // back (one transaction each): still usable.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

// The filters are the Python keywords of `events` and `stats`, one argument each.
#[allow(clippy::too_many_arguments)]
fn query_of(
    country: Option<String>,
    since: Option<Bound<'_, PyAny>>,
    until: Option<Bound<'_, PyAny>>,
    event_type: Option<String>,
    admin1: Option<String>,
    actor: Option<String>,
    role: Option<String>,
    min_fatalities: Option<u32>,
    text: Option<String>,
    bbox: Option<[f64; 4]>,
) -> PyResult<EventQuery> {
    Ok(EventQuery {
        date_from: opt_date(since)?,
        date_to: opt_date(until)?,
        country,
        admin1,
        bbox,
        actor,
        role,
        event_type,
        min_fatalities,
        text,
        ..EventQuery::default()
    })
}

#[pymethods]
impl PyStore {
    /// Open (or create) a store: a SQLite file, `:memory:`, or a `postgres://` URL.
    /// `data_dir`: the store's knowledge (`DIR/store/`) from an edited copy.
    #[new]
    #[pyo3(signature = (target, data_dir=None))]
    fn new(py: Python<'_>, target: String, data_dir: Option<PathBuf>) -> PyResult<Self> {
        py.allow_threads(|| {
            let mut store = sitrep_store::Store::open(&target)
                .map_err(|e| sitrep_err(&format!("opening the store {target}"), e))?;
            if let Some(dir) = &data_dir {
                store.set_knowledge(StoreKnowledge::load_dir(dir).map_err(|e| {
                    sitrep_err(
                        &format!("loading store knowledge from {}", dir.display()),
                        e,
                    )
                })?);
            }
            Ok(PyStore {
                store: Mutex::new(store),
                target,
            })
        })
    }

    /// Extract and store reports as `sitrep ingest` does: documents already stored
    /// are skipped before extraction, each batch is one transaction. Returns the
    /// counts `(docs_new, docs_skipped, events_new, events_merged)`.
    #[pyo3(signature = (reports, extractor, published=None, batch=500, threads=None, errors="raise"))]
    #[allow(clippy::too_many_arguments)]
    fn ingest(
        &self,
        py: Python<'_>,
        reports: &Bound<'_, PyAny>,
        extractor: &PyExtractor,
        published: Option<Bound<'_, PyAny>>,
        batch: usize,
        threads: Option<usize>,
        errors: &str,
    ) -> PyResult<(usize, usize, usize, usize)> {
        let on_error = OnError::parse(errors)?;
        let default_published = opt_date(published)?;
        let reports: Vec<Report> = reports_of(reports, on_error)?
            .into_iter()
            .flatten()
            .collect();
        let ex = &*extractor.ex;
        let n = core::thread_count(threads);
        let target = &self.target;
        py.allow_threads(|| {
            let mut store = lock(&self.store);
            let mut sum = sitrep_store::BatchSummary::default();
            for chunk in reports.chunks(batch.max(1)) {
                let mut todo = Vec::with_capacity(chunk.len());
                for r in chunk {
                    let doc = r.document(ex, default_published);
                    let (key, _) = sitrep_store::document_key(&doc);
                    let stored = store
                        .has_document(&key)
                        .map_err(|e| sitrep_err("reading the store", e))?;
                    todo.push((doc, stored));
                }
                // Already stored: no extraction; the store skips the document.
                let events = core::map_parallel(&todo, n, |(doc, stored)| {
                    if *stored {
                        Vec::new()
                    } else {
                        ex.extract(doc)
                    }
                });
                let docs: Vec<IngestDoc> = todo
                    .into_iter()
                    .zip(events)
                    .map(|((doc, _), events)| IngestDoc { doc, events })
                    .collect();
                sum.add(store.ingest_batch(&docs).map_err(|e| {
                    sitrep_err(&format!("storing a batch of documents in {target}"), e)
                })?);
            }
            Ok((
                sum.docs_new,
                sum.docs_skipped,
                sum.events_new,
                sum.events_merged,
            ))
        })
    }

    /// Stored events matching the filters, newest first: `(row tuple, json)` each.
    #[pyo3(signature = (country=None, since=None, until=None, event_type=None, admin1=None, actor=None, role=None, min_fatalities=None, text=None, bbox=None, limit=None))]
    #[allow(clippy::too_many_arguments)]
    fn events<'py>(
        &self,
        py: Python<'py>,
        country: Option<String>,
        since: Option<Bound<'py, PyAny>>,
        until: Option<Bound<'py, PyAny>>,
        event_type: Option<String>,
        admin1: Option<String>,
        actor: Option<String>,
        role: Option<String>,
        min_fatalities: Option<u32>,
        text: Option<String>,
        bbox: Option<[f64; 4]>,
        limit: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        let mut q = query_of(
            country,
            since,
            until,
            event_type,
            admin1,
            actor,
            role,
            min_fatalities,
            text,
            bbox,
        )?;
        q.limit = limit.filter(|&n| n > 0);
        let rows = py.allow_threads(|| {
            let mut store = lock(&self.store);
            let events = store
                .query(&q)
                .map_err(|e| sitrep_err("querying events", e))?;
            let k = store.knowledge();
            Ok::<_, PyErr>(
                events
                    .iter()
                    .map(|e| {
                        let json = serde_json::to_string(&e.event).unwrap_or_default();
                        (core::flat_row(e, k), json)
                    })
                    .collect::<Vec<_>>(),
            )
        })?;
        let list = PyList::empty(py);
        for (row, json) in rows {
            let cells = row
                .into_iter()
                .map(|c| cell_to_py(py, c))
                .collect::<PyResult<Vec<_>>>()?;
            list.append((PyTuple::new(py, cells)?, json))?;
        }
        Ok(list)
    }

    /// Counts and tolls by day, week, month, type, actor or admin1:
    /// `(key, events, fatalities, fatalities_high)` each.
    #[pyo3(signature = (by="month", country=None, since=None, until=None, event_type=None, admin1=None, actor=None, role=None, min_fatalities=None, text=None, bbox=None))]
    #[allow(clippy::too_many_arguments)]
    fn stats(
        &self,
        py: Python<'_>,
        by: &str,
        country: Option<String>,
        since: Option<Bound<'_, PyAny>>,
        until: Option<Bound<'_, PyAny>>,
        event_type: Option<String>,
        admin1: Option<String>,
        actor: Option<String>,
        role: Option<String>,
        min_fatalities: Option<u32>,
        text: Option<String>,
        bbox: Option<[f64; 4]>,
    ) -> PyResult<Vec<(String, u64, u64, u64)>> {
        let by_k = StatsBy::parse(by).ok_or_else(|| {
            PyValueError::new_err(format!(
                "unknown grouping {by:?} (day, week, month, type, actor, admin1)"
            ))
        })?;
        let q = query_of(
            country,
            since,
            until,
            event_type,
            admin1,
            actor,
            role,
            min_fatalities,
            text,
            bbox,
        )?;
        py.allow_threads(|| {
            let rows = lock(&self.store)
                .stats(&q, by_k)
                .map_err(|e| sitrep_err("computing stats", e))?;
            Ok(rows
                .into_iter()
                .map(|r| (r.key, r.events, r.fatalities, r.fatalities_high))
                .collect())
        })
    }

    /// Rows of the main tables: `{documents, events, event_sources, mentions, revisions}`.
    fn counts(&self, py: Python<'_>) -> PyResult<Vec<(&'static str, u64)>> {
        py.allow_threads(|| {
            let c = lock(&self.store)
                .counts()
                .map_err(|e| sitrep_err("reading the store", e))?;
            Ok(vec![
                ("documents", c.documents),
                ("events", c.events),
                ("event_sources", c.event_sources),
                ("mentions", c.mentions),
                ("revisions", c.revisions),
            ])
        })
    }
}

/// The module `sitrep._sitrep`.
#[pymodule]
#[pyo3(name = "_sitrep")]
fn sitrep_native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyExtractor>()?;
    m.add_class::<PyStore>()?;
    m.add_function(wrap_pyfunction!(columns, m)?)?;
    m.add_function(wrap_pyfunction!(parse_date, m)?)?;
    m.add("SitrepError", m.py().get_type::<SitrepError>())?;
    Ok(())
}
