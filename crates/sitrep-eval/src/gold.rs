/*!
Gold files: the annotated truth the scorer compares predictions with.

One JSON file per document (the `.json` files of `shared/dev-set/gold` and `shared/dev-pool/gold`).
Annotators wrote them by hand over time, so the format has variants, and this
reader accepts all of them rather than failing on a harmless difference:

* `sub_event_type`: a list of accepted values (a `null` entry accepts null), a single
  string, or null / missing (not scored);
* `alternative_event_type`: a string, a list, or null;
* `date`: `start`/`end` as `YYYY-MM-DD` (also `YYYY-MM` or `YYYY`, widened to the
  whole month/year), null when unknown; `exact` (missing = exact), `weekday`,
  `month_day`, `world_truth` (free text, never scored);
* `location`: `admin1` with optional `admin1_aliases` (names and GeoNames codes),
  optional `admin2`, `lat`/`lon`, a `precision`;
* `perpetrator` / `target` / `claimed_by` / `alleged_by`: lists of actor names (or a
  single string). `claimed_by` *missing* means "not annotated" while an *empty* list
  means "the report says no one claimed it" — the two are kept apart;
* `fatalities` / `injuries`: an object whose `low` key may be missing (not scored),
  null (the text gives no figure) or a number; a bare number is read as `low`;
* `attribution`: a status string or an object with a `status`;
* `actors`: a map from the gold name to `aliases` and/or `aliases_in_text`.

Unknown fields are ignored. A malformed file is reported with its name and the
line/column serde gives.
*/

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Why gold files could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read gold directory {dir}: {source}")]
    ReadDir {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read gold file {file}: {source}")]
    Read {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("{file}:{line}:{column}: invalid gold file: {message}")]
    Parse {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
}

/// One gold file: a document and the events it supports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldDoc {
    /// File name of the document, e.g. `d001_example.txt` (from the file name when missing).
    #[serde(default)]
    pub doc: String,
    #[serde(default, deserialize_with = "lenient_start")]
    pub publication_date: Option<NaiveDate>,
    #[serde(default, deserialize_with = "lenient_start")]
    pub inferred_publication_date: Option<NaiveDate>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub events: Vec<GoldEvent>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub actors: BTreeMap<String, GoldActor>,
}

/// One gold event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldEvent {
    #[serde(default)]
    pub id: String,
    /// Missing means required: a listed event is a main event unless marked optional.
    #[serde(default = "yes")]
    pub required: bool,
    pub event_type: String,
    #[serde(default, deserialize_with = "string_list")]
    pub alternative_event_type: Vec<String>,
    /// Accepted sub-types (`None` entries accept a null prediction); `None` = not scored.
    #[serde(default, deserialize_with = "sub_types")]
    pub sub_event_type: Option<Vec<Option<String>>>,
    #[serde(default)]
    pub date: GoldDate,
    #[serde(default)]
    pub location: GoldLocation,
    #[serde(default, deserialize_with = "opt_string_list")]
    pub perpetrator: Option<Vec<String>>,
    #[serde(default, deserialize_with = "string_list")]
    pub target: Vec<String>,
    #[serde(default)]
    pub fatalities: Option<GoldCount>,
    #[serde(default)]
    pub injuries: Option<GoldCount>,
    /// `None`: not annotated; `Some([])`: the report says no one claimed it.
    #[serde(default, deserialize_with = "opt_string_list")]
    pub claimed_by: Option<Vec<String>>,
    /// Attribution status (`claimed`, `alleged`, …), where annotated.
    #[serde(default, deserialize_with = "attribution_status")]
    pub attribution: Option<String>,
    #[serde(default, deserialize_with = "string_list")]
    pub alleged_by: Vec<String>,
    #[serde(default)]
    pub evidence: Option<String>,
}

fn yes() -> bool {
    true
}

/// The gold `date` object.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GoldDate {
    #[serde(default, deserialize_with = "lenient_start")]
    pub start: Option<NaiveDate>,
    #[serde(default, deserialize_with = "lenient_end")]
    pub end: Option<NaiveDate>,
    #[serde(default)]
    pub precision: Option<String>,
    /// `Some(false)`: a range used for matching only, never scored.
    #[serde(default)]
    pub exact: Option<bool>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub weekday: Option<String>,
    #[serde(default)]
    pub month_day: Option<String>,
    #[serde(default, deserialize_with = "any_as_string")]
    pub world_truth: Option<String>,
}

impl GoldDate {
    /// The precision code, `unknown` when missing.
    pub fn precision(&self) -> &str {
        self.precision.as_deref().unwrap_or("unknown")
    }
    /// The range used for matching, or `None` when the gold date is unknown.
    pub fn range(&self) -> Option<(NaiveDate, NaiveDate)> {
        if self.precision() == "unknown" {
            return None;
        }
        let start = self.start.or(self.end)?;
        let end = self.end.unwrap_or(start);
        Some((start.min(end), start.max(end)))
    }
}

/// The gold `location` object.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GoldLocation {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub admin1: Option<String>,
    /// Every accepted admin1 spelling and the GeoNames code (`AF.30`).
    #[serde(default, deserialize_with = "string_list")]
    pub admin1_aliases: Vec<String>,
    #[serde(default)]
    pub admin2: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default, alias = "latitude")]
    pub lat: Option<f64>,
    #[serde(default, alias = "longitude")]
    pub lon: Option<f64>,
    #[serde(default)]
    pub precision: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub near: Option<String>,
}

impl GoldLocation {
    pub fn precision(&self) -> &str {
        self.precision.as_deref().unwrap_or("unknown")
    }
    /// Both coordinates, when given.
    pub fn coords(&self) -> Option<(f64, f64)> {
        Some((self.lat?, self.lon?))
    }
    /// The admin1 name and every alias (codes included).
    pub fn admin1_names(&self) -> impl Iterator<Item = &str> {
        self.admin1
            .iter()
            .map(String::as_str)
            .chain(self.admin1_aliases.iter().map(String::as_str))
    }
    pub fn has_admin1(&self) -> bool {
        self.admin1_names().next().is_some()
    }
}

/// A gold casualty figure.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(from = "CountRepr")]
pub struct GoldCount {
    /// `None`: no `low` key (not scored); `Some(None)`: the text gives no figure.
    pub low: Option<Option<u32>>,
    pub high: Option<Option<u32>>,
    /// A figure only a claimant gave.
    pub claimed: Option<u32>,
    pub text: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum CountRepr {
    Number(u32),
    Object(CountObject),
}

#[derive(Deserialize)]
struct CountObject {
    #[serde(default, deserialize_with = "present")]
    low: Option<Option<u32>>,
    #[serde(default, deserialize_with = "present")]
    high: Option<Option<u32>>,
    #[serde(default)]
    claimed: Option<u32>,
    #[serde(default)]
    text: Option<String>,
}

impl From<CountRepr> for GoldCount {
    fn from(r: CountRepr) -> GoldCount {
        match r {
            CountRepr::Number(n) => GoldCount {
                low: Some(Some(n)),
                ..GoldCount::default()
            },
            CountRepr::Object(o) => GoldCount {
                low: o.low,
                high: o.high,
                claimed: o.claimed,
                text: o.text,
            },
        }
    }
}

/// One entry of the gold `actors` map.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GoldActor {
    #[serde(default, deserialize_with = "string_list")]
    pub aliases: Vec<String>,
    #[serde(default, deserialize_with = "string_list")]
    pub aliases_in_text: Vec<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub parent: Option<String>,
}

impl GoldDoc {
    /// Every accepted name of the gold actor `name`: the map key, `aliases` and
    /// `aliases_in_text` (just `name` when the map does not list it).
    pub fn aliases_of<'a>(&'a self, name: &'a str) -> Vec<&'a str> {
        let mut out = vec![name];
        if let Some(a) = self.actors.get(name) {
            out.extend(a.aliases.iter().map(String::as_str));
            out.extend(a.aliases_in_text.iter().map(String::as_str));
        }
        out
    }
}

/// Parse one gold file's text; `file` names it in errors and supplies `doc` when missing.
pub fn parse_gold(text: &str, file: &str) -> Result<GoldDoc, EvalError> {
    let mut g: GoldDoc = serde_json::from_str(text).map_err(|e| EvalError::Parse {
        file: file.to_string(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    if g.doc.trim().is_empty() {
        let base = Path::new(file)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or(file);
        g.doc = format!("{base}.txt");
    }
    for (i, e) in g.events.iter_mut().enumerate() {
        if e.id.trim().is_empty() {
            e.id = format!("event-{}", i + 1);
        }
    }
    Ok(g)
}

/// Load every `*.json` gold file of `dir`, sorted by file name.
pub fn load_gold_dir(dir: &Path) -> Result<Vec<GoldDoc>, EvalError> {
    let rd = std::fs::read_dir(dir).map_err(|source| EvalError::ReadDir {
        dir: dir.to_path_buf(),
        source,
    })?;
    let mut files = Vec::new();
    for entry in rd {
        let entry = entry.map_err(|source| EvalError::ReadDir {
            dir: dir.to_path_buf(),
            source,
        })?;
        let path = entry.path();
        let is_json = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if is_json && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    let mut out = Vec::with_capacity(files.len());
    for path in files {
        let text = std::fs::read_to_string(&path).map_err(|source| EvalError::Read {
            file: path.clone(),
            source,
        })?;
        out.push(parse_gold(&text, &path.display().to_string())?);
    }
    Ok(out)
}

// ---- lenient field readers ----

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// Distinguishes a present-but-null key (`Some(None)`) from a missing one (`None`, via `default`).
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

fn string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(opt_string_list(d)?.unwrap_or_default())
}

fn opt_string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    Ok(
        Option::<OneOrMany<Option<String>>>::deserialize(d)?.map(|v| match v {
            OneOrMany::One(s) => s.into_iter().collect(),
            OneOrMany::Many(v) => v.into_iter().flatten().collect(),
        }),
    )
}

fn sub_types<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Option<String>>>, D::Error> {
    Ok(
        Option::<OneOrMany<Option<String>>>::deserialize(d)?.map(|v| match v {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }),
    )
}

fn any_as_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s),
        other => Some(other.to_string()),
    })
}

#[derive(Deserialize)]
#[serde(untagged)]
enum AttributionRepr {
    Status(String),
    Object {
        #[serde(default)]
        status: Option<String>,
    },
}

fn attribution_status<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(
        Option::<AttributionRepr>::deserialize(d)?.and_then(|a| match a {
            AttributionRepr::Status(s) => Some(s),
            AttributionRepr::Object { status } => status,
        }),
    )
}

/// Parse a gold date string; `YYYY-MM` and `YYYY` widen to their first (start) or
/// last (end) day; a timestamp keeps its date part.
pub(crate) fn parse_gold_date(s: &str, end: bool) -> Option<NaiveDate> {
    let s = s.trim();
    if let Some(head) = s.get(..10) {
        if let Ok(d) = NaiveDate::parse_from_str(head, "%Y-%m-%d") {
            return Some(d);
        }
    }
    let mut parts = s.split('-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: Option<u32> = match parts.next() {
        Some(m) => Some(m.parse().ok()?),
        None => None,
    };
    if parts.next().is_some() {
        return None;
    }
    match (month, end) {
        (None, false) => NaiveDate::from_ymd_opt(year, 1, 1),
        (None, true) => NaiveDate::from_ymd_opt(year, 12, 31),
        (Some(m), false) => NaiveDate::from_ymd_opt(year, m, 1),
        (Some(m), true) => {
            let first = NaiveDate::from_ymd_opt(year, m, 1)?;
            let next = if m == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(year, m + 1, 1)?
            };
            let last = next.pred_opt()?;
            (last.month() == first.month()).then_some(last)
        }
    }
}

fn lenient_date<'de, D: Deserializer<'de>>(d: D, end: bool) -> Result<Option<NaiveDate>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => parse_gold_date(&s, end)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom(format!("not a date: {s:?}"))),
    }
}

fn lenient_start<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    lenient_date(d, false)
}

fn lenient_end<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    lenient_date(d, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widens_partial_dates() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(parse_gold_date("2023-02", true), d("2023-02-28"));
        assert_eq!(parse_gold_date("2024-02", true), d("2024-02-29"));
        assert_eq!(parse_gold_date("2023-12", true), d("2023-12-31"));
        assert_eq!(parse_gold_date("2023", false), d("2023-01-01"));
        assert_eq!(
            parse_gold_date("2023-05-06T10:00:00Z", false),
            d("2023-05-06")
        );
        assert_eq!(parse_gold_date("soon", false), None);
        assert_eq!(parse_gold_date("2023-13", false), None);
    }
}
