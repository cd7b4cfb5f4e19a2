/*!
Query parameters of the GET endpoints, their bounds, and cursor pagination.

Every GET endpoint reads one [`Params`]; unknown parameters are refused (400), so
the parameter table of the OpenAPI document ([`PARAMS`]) and the struct cannot
drift apart unnoticed (a test sends each documented parameter).

# Cursors
Events come newest first (start date descending, then id), as the store returns
them. A cursor names the last event a page scanned: its date, its id, and how many
events of that date were scanned before it. The next page asks the store for the
events on or before that date and skips those up to the named one (or, when that
event is gone, as many as the cursor counted), so a page costs the events of one
day plus the page, wherever it lies in a million events. Events without a date
come last; past the dated ones the cursor counts its position instead.
*/

use chrono::NaiveDate;
use serde::Deserialize;
use sitrep_store::{EventQuery, StoreError, StoredEvent};

/// Longest free-text filter (characters).
pub const MAX_TEXT: usize = 200;
/// Most events one request scans while a filter the store cannot apply
/// (`sub_type`) leaves pages short; the cursor then continues the scan.
pub const MAX_SCAN: usize = 20_000;

/// The parameters of the GET endpoints (each uses those that concern it).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub country: Option<String>,
    pub admin1: Option<String>,
    #[serde(rename = "type")]
    pub event_type: Option<String>,
    pub sub_type: Option<String>,
    pub actor: Option<String>,
    pub role: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub bbox: Option<String>,
    pub min_fatalities: Option<String>,
    pub text: Option<String>,
    pub limit: Option<String>,
    pub cursor: Option<String>,
    pub format: Option<String>,
    pub by: Option<String>,
    pub total: Option<String>,
    pub q: Option<String>,
}

/// One documented query parameter: name, schema type, description.
pub struct ParamDoc {
    pub name: &'static str,
    pub kind: &'static str,
    pub doc: &'static str,
}

/// The event filters (shared by the list, stats, actors and export endpoints).
pub const FILTERS: &[ParamDoc] = &[
    ParamDoc { name: "country", kind: "string", doc: "ISO 3166-1 alpha-2 country code (SO, AF, …)" },
    ParamDoc { name: "admin1", kind: "string", doc: "Province/state: GeoNames' English admin1 name or its code (AF.30)" },
    ParamDoc { name: "type", kind: "string", doc: "Event type (battles, explosions_remote_violence, violence_against_civilians, …)" },
    ParamDoc { name: "sub_type", kind: "string", doc: "Sub-event type (armed_clash, air_drone_strike, …)" },
    ParamDoc { name: "actor", kind: "string", doc: "Actor id (al-shabaab) or exact name" },
    ParamDoc { name: "role", kind: "string", doc: "Role of the actor: perpetrator, target, victim, claimant, accuser, participant" },
    ParamDoc { name: "from", kind: "string", doc: "Events starting on or after this date (YYYY-MM-DD)" },
    ParamDoc { name: "to", kind: "string", doc: "Events starting on or before this date (YYYY-MM-DD)" },
    ParamDoc { name: "bbox", kind: "string", doc: "Bounding box min_lon,min_lat,max_lon,max_lat" },
    ParamDoc { name: "min_fatalities", kind: "integer", doc: "At least this many killed (the conservative count)" },
    ParamDoc { name: "text", kind: "string", doc: "Words in the evidence text or the place name (case-insensitive, at most 200 characters)" },
];

/// Paging and output parameters of `GET /api/events`.
pub const PAGING: &[ParamDoc] = &[
    ParamDoc {
        name: "limit",
        kind: "integer",
        doc: "Events per page (JSON default 100, at most 1000; CSV/GeoJSON default and cap 20000)",
    },
    ParamDoc {
        name: "cursor",
        kind: "string",
        doc: "The next_cursor of the previous page",
    },
    ParamDoc {
        name: "format",
        kind: "string",
        doc: "json (default), csv or geojson",
    },
    ParamDoc {
        name: "total",
        kind: "boolean",
        doc: "With 1, also count every matching event",
    },
];

/// Every parameter [`Params`] accepts.
pub const PARAMS: &[&[ParamDoc]] = &[
    FILTERS,
    PAGING,
    &[
        ParamDoc {
            name: "by",
            kind: "string",
            doc: "Group by: day, week, month, year, type, actor, admin1, country",
        },
        ParamDoc {
            name: "q",
            kind: "string",
            doc: "Words of an actor's name or id",
        },
    ],
];

/// A parameter that cannot be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct BadParam(pub String);

fn date(name: &str, v: &Option<String>) -> Result<Option<NaiveDate>, BadParam> {
    match v.as_deref().filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| BadParam(format!("{name}={s:?} is not a date YYYY-MM-DD"))),
    }
}

fn nonempty(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// `min_lon,min_lat,max_lon,max_lat`, each finite and in range.
pub fn parse_bbox(s: &str) -> Result<[f64; 4], BadParam> {
    let bad = || {
        BadParam(format!(
            "bbox={s:?}: expected min_lon,min_lat,max_lon,max_lat"
        ))
    };
    let v: Vec<f64> = s
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| bad())?;
    match v.as_slice() {
        [a, b, c, d]
            if v.iter().all(|x| x.is_finite())
                && a.abs() <= 180.0
                && c.abs() <= 180.0
                && b.abs() <= 90.0
                && d.abs() <= 90.0 =>
        {
            Ok([*a, *b, *c, *d])
        }
        _ => Err(bad()),
    }
}

impl Params {
    /// The store query of the filters (no limit), and the sub-type filter, which
    /// the store does not apply.
    pub fn query(&self) -> Result<(EventQuery, Option<String>), BadParam> {
        let text = nonempty(&self.text);
        if text.as_ref().is_some_and(|t| t.chars().count() > MAX_TEXT) {
            return Err(BadParam(format!(
                "text is longer than {MAX_TEXT} characters"
            )));
        }
        let min_fatalities = match nonempty(&self.min_fatalities) {
            None => None,
            Some(s) => Some(
                s.parse::<u32>()
                    .map_err(|_| BadParam(format!("min_fatalities={s:?} is not a whole number")))?,
            ),
        };
        let bbox = match nonempty(&self.bbox) {
            None => None,
            Some(s) => Some(parse_bbox(&s)?),
        };
        let q = EventQuery {
            date_from: date("from", &self.from)?,
            date_to: date("to", &self.to)?,
            country: nonempty(&self.country),
            admin1: nonempty(&self.admin1),
            bbox,
            actor: nonempty(&self.actor),
            role: nonempty(&self.role),
            event_type: nonempty(&self.event_type),
            min_fatalities,
            text,
            ..EventQuery::default()
        };
        Ok((q, nonempty(&self.sub_type)))
    }

    /// The page size: `default` when absent, refused above `max`.
    pub fn limit(&self, default: usize, max: usize) -> Result<usize, BadParam> {
        match nonempty(&self.limit) {
            None => Ok(default.min(max)),
            Some(s) => match s.parse::<usize>() {
                Ok(n) if (1..=max).contains(&n) => Ok(n),
                _ => Err(BadParam(format!("limit={s:?}: expected 1 to {max}"))),
            },
        }
    }

    /// Whether a boolean flag (`total=1`) is set.
    pub fn flag(v: &Option<String>) -> bool {
        matches!(v.as_deref(), Some("1" | "true" | "yes"))
    }
}

/// Where a page stopped (see the module doc).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cursor {
    /// After the event `id` of day `date`, the `seen`-th of that day in order.
    Dated {
        date: NaiveDate,
        seen: usize,
        id: String,
    },
    /// After the first `offset` events of the whole ordering (the undated tail).
    Offset(usize),
}

impl Cursor {
    /// `d.2024-04-03.3.ev-id` or `o.1234`.
    pub fn encode(&self) -> String {
        match self {
            Cursor::Dated { date, seen, id } => format!("d.{date}.{seen}.{id}"),
            Cursor::Offset(n) => format!("o.{n}"),
        }
    }

    pub fn decode(s: &str) -> Result<Cursor, BadParam> {
        let bad = || BadParam(format!("cursor={s:?} is not a cursor this server gave"));
        let mut it = s.splitn(4, '.');
        match (it.next(), it.next(), it.next(), it.next()) {
            (Some("o"), Some(n), None, None) => n.parse().map(Cursor::Offset).map_err(|_| bad()),
            (Some("d"), Some(d), Some(seen), Some(id)) if !id.is_empty() => Ok(Cursor::Dated {
                date: NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| bad())?,
                seen: seen.parse().map_err(|_| bad())?,
                id: id.to_string(),
            }),
            _ => Err(bad()),
        }
    }
}

/// One page of events and the cursor of the next (None at the end).
#[derive(Debug, Default)]
pub struct Page {
    pub events: Vec<StoredEvent>,
    pub next: Option<Cursor>,
}

/// The store calls a page needs; [`sitrep_store::Store`] is one, tests use others.
pub trait EventSource {
    fn events(&mut self, q: &EventQuery) -> Result<Vec<StoredEvent>, StoreError>;
    fn count(&mut self, q: &EventQuery) -> Result<u64, StoreError>;
}

impl EventSource for sitrep_store::Store {
    fn events(&mut self, q: &EventQuery) -> Result<Vec<StoredEvent>, StoreError> {
        self.query(q)
    }
    fn count(&mut self, q: &EventQuery) -> Result<u64, StoreError> {
        sitrep_store::Store::count(self, q)
    }
}

fn start(e: &StoredEvent) -> Option<NaiveDate> {
    e.event.date.start
}

/// Most store round trips of one page.
const MAX_ROUNDS: usize = 64;

/// One page of `limit` events matching `q` (and `sub_type`) after `cursor`.
pub fn page(
    src: &mut dyn EventSource,
    q: &EventQuery,
    sub_type: Option<&str>,
    limit: usize,
    cursor: Option<Cursor>,
) -> Result<Page, StoreError> {
    let limit = limit.max(1);
    let keep =
        |e: &StoredEvent| sub_type.is_none_or(|s| e.event.sub_event_type.as_deref() == Some(s));
    let mut out = Vec::new();
    let mut cursor = cursor;
    let mut scanned = 0usize;
    for _ in 0..MAX_ROUNDS {
        let want = limit - out.len();
        let mut qq = q.clone();
        // `rest`: rows after the cursor; `more`: rows follow those taken;
        // `day`/`day_idx`: the day of the cursor and its index in that day;
        // `base`: the position of rest[0] in the whole order (undated tail).
        let (rest, raw_full, mut day, mut day_idx, base) = match &cursor {
            None => {
                qq.limit = Some(want + 1);
                let rows = src.events(&qq)?;
                (rows, false, None, 0, 0)
            }
            Some(Cursor::Dated { date, seen, id }) => {
                qq.date_to = Some(q.date_to.map_or(*date, |t| t.min(*date)));
                let n = seen + want + 2;
                qq.limit = Some(n);
                let rows = src.events(&qq)?;
                let r = rows.len();
                let same_day = rows.iter().take_while(|e| start(e) == Some(*date)).count();
                let (skip, idx) = match rows.iter().take(same_day).position(|e| &e.event.id == id) {
                    Some(p) => (p + 1, p),
                    None => ((seen + 1).min(same_day), *seen),
                };
                if skip == r && r >= n {
                    // Every row was that day's and skipped: ask for more of it.
                    let last = rows.last().map(|e| e.event.id.clone()).unwrap_or_default();
                    cursor = Some(Cursor::Dated {
                        date: *date,
                        seen: r - 1,
                        id: last,
                    });
                    continue;
                }
                (
                    rows.into_iter().skip(skip).collect(),
                    r >= n,
                    Some(*date),
                    idx,
                    0,
                )
            }
            Some(Cursor::Offset(n)) => {
                qq.limit = Some(n + want + 1);
                let rows = src.events(&qq)?;
                (
                    rows.into_iter().skip(*n).collect::<Vec<_>>(),
                    false,
                    None,
                    0,
                    *n,
                )
            }
        };
        let was_dated = matches!(cursor, Some(Cursor::Dated { .. }));
        let more = raw_full || rest.len() > want;
        let take = rest.len().min(want);
        scanned += take;
        for (i, e) in rest.into_iter().take(take).enumerate() {
            cursor = Some(match start(&e) {
                Some(d) => {
                    if day == Some(d) {
                        day_idx += 1;
                    } else {
                        day = Some(d);
                        day_idx = 0;
                    }
                    Cursor::Dated {
                        date: d,
                        seen: day_idx,
                        id: e.event.id.clone(),
                    }
                }
                None => Cursor::Offset(base + i + 1),
            });
            if keep(&e) {
                out.push(e);
            }
        }
        if !more {
            // The dated events ran out; undated ones may follow (unless a date
            // filter excludes them).
            if was_dated && q.date_from.is_none() && q.date_to.is_none() {
                let mut dq = q.clone();
                dq.date_to = NaiveDate::from_ymd_opt(9999, 12, 31);
                let dated = usize::try_from(src.count(&dq)?).unwrap_or(usize::MAX);
                if src.count(q)? > dated as u64 {
                    cursor = Some(Cursor::Offset(dated));
                    if out.len() >= limit || scanned >= MAX_SCAN {
                        return Ok(Page {
                            events: out,
                            next: cursor,
                        });
                    }
                    continue;
                }
            }
            return Ok(Page {
                events: out,
                next: None,
            });
        }
        if out.len() >= limit || scanned >= MAX_SCAN {
            return Ok(Page {
                events: out,
                next: cursor,
            });
        }
    }
    Ok(Page {
        events: out,
        next: cursor,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::Event;

    /// Events in the store's order, filtered like the store filters dates.
    struct Fake(Vec<StoredEvent>);

    fn stored(id: &str, date: Option<&str>, sub: &str) -> StoredEvent {
        let mut event: Event = serde_json::from_value(serde_json::json!({
            "schema": "sitrep.event/1", "id": id, "event_type": "battles",
            "date": {"start": date, "end": date, "precision": "day"},
            "location": {"precision": "unknown"},
            "actors": [], "fatalities": {}, "injuries": {}, "casualty_claims": [],
            "attribution": {"status": "unattributed", "claimed_by": [], "alleged_by": []},
            "modality": "asserted", "sources": [], "confidence": 0.5
        }))
        .unwrap();
        event.sub_event_type = Some(sub.to_string());
        StoredEvent {
            event,
            revision: 1,
            n_sources: 1,
            created_at: String::new(),
            updated_at: String::new(),
            notes: String::new(),
        }
    }

    impl Fake {
        fn matching(&self, q: &EventQuery) -> Vec<StoredEvent> {
            let mut v: Vec<StoredEvent> = self
                .0
                .iter()
                .filter(|e| q.date_to.is_none_or(|t| start(e).is_some_and(|d| d <= t)))
                .filter(|e| q.date_from.is_none_or(|f| start(e).is_some_and(|d| d >= f)))
                .cloned()
                .collect();
            v.sort_by(|a, b| match (start(a), start(b)) {
                (Some(x), Some(y)) => y.cmp(&x).then(a.event.id.cmp(&b.event.id)),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => a.event.id.cmp(&b.event.id),
            });
            v
        }
    }

    impl EventSource for Fake {
        fn events(&mut self, q: &EventQuery) -> Result<Vec<StoredEvent>, StoreError> {
            let mut v = self.matching(q);
            if let Some(l) = q.limit {
                v.truncate(l);
            }
            Ok(v)
        }
        fn count(&mut self, q: &EventQuery) -> Result<u64, StoreError> {
            Ok(self.matching(q).len() as u64)
        }
    }

    fn fake() -> Fake {
        let mut v = Vec::new();
        // Days with 1 to 7 events, and four undated events.
        for day in 1..=12u32 {
            for k in 0..(day % 7 + 1) {
                let d = format!("2024-03-{day:02}");
                let sub = if k % 3 == 0 { "a" } else { "b" };
                v.push(stored(&format!("e{day:02}-{k}"), Some(&d), sub));
            }
        }
        for k in 0..4 {
            v.push(stored(&format!("u{k}"), None, "a"));
        }
        Fake(v)
    }

    fn walk(src: &mut Fake, q: &EventQuery, sub: Option<&str>, limit: usize) -> Vec<String> {
        let mut ids = Vec::new();
        let mut cursor = None;
        for _ in 0..1000 {
            let p = page(src, q, sub, limit, cursor).unwrap();
            assert!(p.events.len() <= limit);
            ids.extend(p.events.iter().map(|e| e.event.id.clone()));
            match p.next {
                None => return ids,
                Some(c) => cursor = Some(Cursor::decode(&c.encode()).unwrap()),
            }
        }
        panic!("pagination did not end");
    }

    #[test]
    fn pages_cover_every_event_once_in_order() {
        let mut src = fake();
        let all: Vec<String> = src
            .matching(&EventQuery::default())
            .iter()
            .map(|e| e.event.id.clone())
            .collect();
        for limit in [1, 2, 3, 5, 7, 100] {
            assert_eq!(
                walk(&mut src, &EventQuery::default(), None, limit),
                all,
                "limit {limit}"
            );
        }
    }

    #[test]
    fn a_date_filter_and_a_post_filter_page_alike() {
        let mut src = fake();
        let q = EventQuery {
            date_to: NaiveDate::from_ymd_opt(2024, 3, 9),
            ..EventQuery::default()
        };
        let want: Vec<String> = src
            .matching(&q)
            .iter()
            .filter(|e| e.event.sub_event_type.as_deref() == Some("a"))
            .map(|e| e.event.id.clone())
            .collect();
        assert!(want.len() > 5);
        for limit in [1, 2, 4, 50] {
            assert_eq!(walk(&mut src, &q, Some("a"), limit), want, "limit {limit}");
        }
    }

    #[test]
    fn cursors_round_trip_and_bad_ones_are_refused() {
        let c = Cursor::Dated {
            date: NaiveDate::from_ymd_opt(2024, 1, 2).unwrap(),
            seen: 3,
            id: "ev.x.y".into(),
        };
        assert_eq!(Cursor::decode(&c.encode()).unwrap(), c);
        assert_eq!(Cursor::decode("o.12").unwrap(), Cursor::Offset(12));
        for bad in [
            "",
            "x",
            "d.2024-13-01.1.a",
            "d.2024-01-01.x.a",
            "o.-1",
            "d.2024-01-01.1.",
        ] {
            assert!(Cursor::decode(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bad_parameters_are_refused() {
        let p = |f: fn(&mut Params)| {
            let mut x = Params::default();
            f(&mut x);
            x.query().map(|_| ())
        };
        assert!(p(|x| x.from = Some("2024-02-30".into())).is_err());
        assert!(p(|x| x.bbox = Some("1,2,3".into())).is_err());
        assert!(p(|x| x.bbox = Some("1,2,3,NaN".into())).is_err());
        assert!(p(|x| x.min_fatalities = Some("-1".into())).is_err());
        assert!(p(|x| x.text = Some("x".repeat(MAX_TEXT + 1))).is_err());
        assert!(p(|x| x.bbox = Some("40,-2,50,5".into())).is_ok());
        let x = Params {
            limit: Some("0".into()),
            ..Params::default()
        };
        assert!(x.limit(100, 1000).is_err());
        let x = Params {
            limit: Some("1001".into()),
            ..Params::default()
        };
        assert!(x.limit(100, 1000).is_err());
        assert_eq!(Params::default().limit(100, 1000), Ok(100));
    }
}
