/*!
Deduplication across reports: blocking, scoring, reconciling, and measuring.

Many reports tell of one event. When a report's event is stored, the store looks
for an event already stored that it may describe ([`blocks`]), scores every such
candidate ([`score`]), and merges into the best one when the score reaches
[`DedupConfig::threshold`]; else the event is stored as new. The rules, which the
crate documentation repeats for users:

**Blocking** (all must hold, else the pair is never compared):
* *type*: same event type, or a pair listed in `data/store/compatible-types.tsv`
  (explosions ↔ violence against civilians, battles ↔ violence against civilians);
* *date*: the two blocking windows overlap. A date known to the day (or a few days,
  or a week) gives `[start − 2 days, end + 2 days]`; a month gives the month; a date
  the text left unknown gives the 7 days up to the report's publication date;
  else (*far*, see below) their wide windows overlap: an undated event may lie up
  to a year before its report (a recalled attack), a year-only date spans its
  year, and an event with neither date nor publication date is bounded by nothing;
* *place*: within 50 km when both places are finer than a province (point, near a
  point, district); else the same admin1 (by GeoNames code when both have one,
  else by name); else, when one of them is known only to the country, the same
  country. A *far* pair must also share a spot: the same gazetteer place, two
  points within 5 km, or a place inside the other's district or inside the
  province that is the other's whole location; and its score must
  reach the threshold plus 0.2 ([`DedupConfig::wide_margin`]).

**Score** (sum of the parts; reasons are kept in words):
* perpetrator (every named perpetrator of each side is compared, so one spurious
  perpetrator does not veto a merge): a perpetrator in common +0.35; a claimant in
  common (both reports carry one group's claim) +0.35; one side's
  perpetrator the other's claimant +0.2; one side's perpetrator named by the
  other in another role (its target, a victim) 0; otherwise different, −0.05 when
  one of them is a state force or police (they are often named as responding),
  else −0.6; a generic one (`data/store/generic-actors.txt`) against a named one 0;
* fatalities (best, else low): equal +0.25; within a factor 2 or 3 deaths +0.15;
  more than a factor 3 and 6 deaths apart −0.25, unless the larger toll's text
  states the smaller as one of its counts ("85 killed, including 13 soldiers":
  a report counting one group of the victims), or the smaller is a lower bound
  left open ("at least 15", the first count of a toll that later reports raise
  to 46), then 0;
* place: the same gazetteer place (or the same name in the same country) +0.25 when
  both are points (or near one), +0.1 when both are districts; else two points
  within 5 km +0.1; else one place inside the other's district, or a place inside
  a province that is the other's whole location, +0.1;
* date (both known to the day): the same day +0.15; one day apart +0.05; two days
  apart −0.3; three or more −0.5 (one group's raids on neighbouring villages days
  apart are two acts); else the same month and day (a day given without a year against
  a day, or two such days) +0.15, and a far pair whose month and day differ is not
  compared;
* what was hit: when both reports name what was hit (`data/store/target-nouns.txt`:
  hotel, airport, market, convoy …) and share no class of it, −0.3;
* sub-event type: the same +0.1; two different ones −0.15 (0 when the event types
  differ too: compatible types, already allowed by blocking);
* wording: 0.6 × the Jaccard overlap of the content words (stopwords removed) of the
  two events' evidence sentences.

A pair merges when the score is ≥ 0.45 (see [`DedupConfig`]; +0.2 for a far pair).
A far pair merges only when the stored event is the one event that fits the wide
side (a recalled, undated, month- or year-dated mention): when another stored event
also blocks with it and nothing speaks against it (score ≥ 0, [`fitting`]), the
mention could be either, and it stays apart.
Two events of one report never merge into one stored event (the extractor already
joined what the report tells as one): the best-scoring pairs of a report's events
and stored events are taken first.

**Reconciling** a merged event (see [`reconcile`]): the id is the stored event's
(the earliest), so ids are stable across merges; sources, casualty claims and
actors are the union; fatalities and injuries take the range the sources support:
`low` = the largest low, `high` = the largest high (unbounded when any source with
a figure leaves it unbounded), `best` and the evidence text from the source giving
that largest low; date and place take the more precise of the two (the stored one
on a tie); the blocking window is the union of the two, but a window that a date
of the text gives is never stretched by a recalled or undated side's week of
publication (and replaces such a week when the stored event had only that); the sub-event type and PLOVER code are kept, filled when missing;
attribution keeps the strongest status and the union of claimants and accusers;
confidence the larger.
*/

use crate::StoreKnowledge;
use chrono::{Datelike, Duration, NaiveDate};
use sitrep_core::{
    AttributionStatus, Casualties, DateBasis, DatePrecision, DateRange, Event, GeoPrecision, Role,
    Span,
};
use std::collections::BTreeSet;

/// Tuning of the merge decision.
#[derive(Debug, Clone, PartialEq)]
pub struct DedupConfig {
    /// Merge when the score reaches this.
    pub threshold: f64,
    /// Largest distance between two points of one event.
    pub max_km: f64,
    /// Days added on each side of a date known to the day.
    pub day_slack: i64,
    /// Days before publication that a recalled, undated event may lie.
    pub recall_days: i64,
    /// Added to the threshold when only a wide window joins two events.
    pub wide_margin: f64,
}

impl Default for DedupConfig {
    fn default() -> DedupConfig {
        DedupConfig {
            threshold: 0.45,
            max_km: 50.0,
            day_slack: 2,
            recall_days: 366,
            wide_margin: 0.2,
        }
    }
}

/// The widest blocking window stored (days): candidate look-ups search this far back.
pub const MAX_BLOCK_DAYS: i64 = 45;

/// What deduplication compares of an event.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub event_type: String,
    pub sub_event_type: Option<String>,
    pub date_start: Option<NaiveDate>,
    pub date_end: Option<NaiveDate>,
    pub precision: DatePrecision,
    pub block: Option<(NaiveDate, NaiveDate)>,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub geo_precision: GeoPrecision,
    pub place_key: Option<String>,
    pub fatalities: Option<u32>,
    pub perpetrator: Option<String>,
    pub tokens: BTreeSet<String>,
    /// The widest window the event may fall in: the block for a known date; a
    /// year for a recalled, undated event (before its report) or a year-only
    /// date; `None` when nothing bounds it (no date, no publication date).
    pub reach: Option<(NaiveDate, NaiveDate)>,
    pub admin1_code: Option<String>,
    pub admin2: Option<String>,
    /// Every actor of the event as `role:id`, claimants (attribution) as
    /// `claimant:id`, and state forces or police among the perpetrators as
    /// `state:id` (see [`actor_tokens`]).
    pub actors: BTreeSet<String>,
    /// `MM-DD` of a date known to the day, or of a day given without a year.
    pub month_day: Option<String>,
    /// The counts stated in the toll's text (see [`toll_parts`]).
    pub toll_parts: BTreeSet<u32>,
    /// The toll is a lower bound left open ("at least 15", no upper figure):
    /// a first count that later reports may raise (see [`score`]).
    pub toll_open: bool,
}

impl Profile {
    /// Named (not generic) perpetrators.
    fn named_perpetrators<'a>(&'a self, k: &'a StoreKnowledge) -> Vec<&'a str> {
        let mut v: Vec<&str> = self
            .actors
            .iter()
            .filter_map(|t| t.strip_prefix("perpetrator:"))
            .filter(|id| !k.is_generic_actor(id))
            .collect();
        if v.is_empty() {
            if let Some(p) = self
                .perpetrator
                .as_deref()
                .filter(|p| !k.is_generic_actor(p))
            {
                v.push(p);
            }
        }
        v
    }

    fn has(&self, role: &str, id: &str) -> bool {
        self.actors.contains(&format!("{role}:{id}"))
    }

    /// Whether the actor is named in this event in any role.
    fn names(&self, id: &str) -> bool {
        self.actors
            .iter()
            .any(|t| t.split_once(':').is_some_and(|(_, x)| x == id))
    }

    /// Whether the event is bounded only by a wide window or by none.
    pub fn is_wide(&self) -> bool {
        self.block.is_none() || self.reach != self.block
    }
}

/// How two events' dates relate, for blocking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateRelation {
    /// Their blocking windows overlap: the usual threshold applies.
    Near,
    /// Only a wide window (a recalled or undated event, a year-only date) or no
    /// window at all joins them: they must share a place, and the score must reach
    /// the threshold plus [`DedupConfig::wide_margin`].
    Far,
}

/// The actors of an event as profile tokens (see [`Profile::actors`]).
pub fn actor_tokens(ev: &Event) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for a in &ev.actors {
        out.insert(format!("{}:{}", crate::enum_str(&a.role), a.id));
        if a.role == Role::Perpetrator
            && matches!(
                a.kind,
                sitrep_core::ActorType::StateForces | sitrep_core::ActorType::Police
            )
        {
            out.insert(format!("state:{}", a.id));
        }
    }
    for c in &ev.attribution.claimed_by {
        out.insert(format!("claimant:{c}"));
    }
    out
}

/// The key of an event's place: its GeoNames id, else its folded name and
/// country. A place only near a known one keeps its own name in the key: two
/// villages the gazetteer lacks, each read as "near Beni" ("the village of A
/// near Beni", "B village north of Beni"), are two places, not one.
pub fn place_key(ev: &Event) -> Option<String> {
    location_key(&ev.location)
}

/// [`place_key`] of a location.
fn location_key(l: &sitrep_core::Location) -> Option<String> {
    if let Some(g) = l.geonames_id {
        if l.precision == GeoPrecision::NearPoint {
            if let Some(name) = l.name.as_deref() {
                return Some(format!("gn:{g}|{}", sitrep_text::fold::fold_str(name)));
            }
        }
        return Some(format!("gn:{g}"));
    }
    let name = l.name.as_deref()?;
    Some(format!(
        "nm:{}|{}",
        sitrep_text::fold::fold_str(name),
        l.country.as_deref().unwrap_or("")
    ))
}

/// The main perpetrator: the first named one, else the first generic one.
pub fn main_perpetrator(ev: &Event, k: &StoreKnowledge) -> Option<String> {
    let mut first = None;
    for a in ev.actors_in(Role::Perpetrator) {
        if !k.is_generic_actor(&a.id) {
            return Some(a.id.clone());
        }
        if first.is_none() {
            first = Some(a.id.clone());
        }
    }
    first
}

/// The blocking window of a date (see the module documentation).
pub fn block_window(
    ev: &Event,
    published: Option<NaiveDate>,
    cfg: &DedupConfig,
) -> Option<(NaiveDate, NaiveDate)> {
    let d = &ev.date;
    // A range the publication date alone supports blocks like an undated event.
    if d.basis == DateBasis::Publication {
        return published.or(d.end).map(|p| (p - Duration::days(7), p));
    }
    match (d.start, d.end, d.precision) {
        (Some(s), Some(e), DatePrecision::Day | DatePrecision::Days | DatePrecision::Week) => {
            Some((
                s - Duration::days(cfg.day_slack),
                e + Duration::days(cfg.day_slack),
            ))
        }
        (Some(s), Some(e), DatePrecision::Month) => Some((s, e)),
        (_, _, DatePrecision::Unknown) => published.map(|p| (p - Duration::days(7), p)),
        _ => None,
    }
}

/// The widest window of a date (see [`Profile::reach`]): the block when there is
/// one, widened to `recall_days` before publication for an undated event; the
/// whole year for a year-only date.
pub fn reach_window(
    ev: &Event,
    published: Option<NaiveDate>,
    cfg: &DedupConfig,
) -> Option<(NaiveDate, NaiveDate)> {
    let d = &ev.date;
    if d.basis == DateBasis::Publication {
        return published
            .or(d.end)
            .map(|p| (p - Duration::days(cfg.recall_days), p));
    }
    match (d.start, d.end, d.precision) {
        (_, _, DatePrecision::Unknown) => {
            published.map(|p| (p - Duration::days(cfg.recall_days), p))
        }
        (Some(s), Some(e), DatePrecision::Year) => Some((s, e.max(s))),
        (Some(s), None, DatePrecision::Year) => {
            Some((s, NaiveDate::from_ymd_opt(s.year(), 12, 31).unwrap_or(s)))
        }
        _ => block_window(ev, published, cfg),
    }
}

/// Content words (folded, 3+ letters, not stopwords) of some text.
pub fn content_tokens(text: &str, k: &StoreKnowledge, into: &mut BTreeSet<String>) {
    let folded = sitrep_text::fold::fold_str(text);
    for w in folded.split(|c: char| !c.is_alphanumeric()) {
        if w.chars().count() >= 3
            && !k.stopwords.contains(w)
            && !w.chars().all(|c| c.is_ascii_digit())
        {
            into.insert(w.to_string());
        }
    }
}

/// The evidence text of an event in its own report: its source sentences.
pub fn evidence_text(ev: &Event, doc_text: &str) -> String {
    let mut out = String::new();
    for s in ev.sources.iter().flat_map(|s| s.sentences.iter()) {
        let t = s.text(doc_text).trim();
        if !t.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(t);
        }
    }
    out
}

/// The profile of a freshly extracted event.
pub fn profile(
    ev: &Event,
    doc_text: &str,
    published: Option<NaiveDate>,
    k: &StoreKnowledge,
    cfg: &DedupConfig,
) -> Profile {
    let mut tokens = BTreeSet::new();
    content_tokens(&evidence_text(ev, doc_text), k, &mut tokens);
    Profile {
        event_type: ev.event_type.as_str().to_string(),
        sub_event_type: ev.sub_event_type.clone(),
        date_start: ev.date.start,
        date_end: ev.date.end,
        precision: ev.date.precision,
        block: block_window(ev, published, cfg),
        country: ev.location.country.clone(),
        admin1: ev.location.admin1.clone(),
        lat: ev.location.lat,
        lon: ev.location.lon,
        geo_precision: ev.location.precision,
        place_key: place_key(ev),
        fatalities: ev.fatalities.best.or(ev.fatalities.low),
        perpetrator: main_perpetrator(ev, k),
        tokens,
        reach: reach_window(ev, published, cfg),
        admin1_code: ev.location.admin1_code.clone(),
        admin2: ev.location.admin2.clone(),
        actors: actor_tokens(ev),
        month_day: month_day(ev),
        toll_parts: toll_parts(&ev.fatalities),
        toll_open: toll_open(&ev.fatalities),
    }
}

/// The counts stated in a toll's text: the parts it names ("including 13
/// soldiers", "13 soldiers and 169 civilians") and the toll itself.
pub fn toll_parts(c: &Casualties) -> BTreeSet<u32> {
    let Some(text) = c.text.as_deref() else {
        return BTreeSet::new();
    };
    sitrep_text::numbers::quantities(text)
        .unwrap_or_default()
        .iter()
        .filter_map(|q| q.low.or(q.best))
        .collect()
}

/// Whether a toll is a lower bound left open: a figure and no upper one.
pub fn toll_open(c: &Casualties) -> bool {
    c.low.or(c.best).is_some() && c.high.is_none()
}

/// Toll parts as stored (`events.toll_parts`): space-separated.
pub fn join_parts(parts: &BTreeSet<u32>) -> Option<String> {
    if parts.is_empty() {
        return None;
    }
    Some(
        parts
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// `MM-DD` of an event's date known to the day, or of a day given without a year.
pub fn month_day(ev: &Event) -> Option<String> {
    match (ev.date.start, ev.date.precision) {
        (Some(d), DatePrecision::Day) => Some(d.format("%m-%d").to_string()),
        _ => ev.date.month_day.clone(),
    }
}

/// Great-circle distance in km (sitrep-core's one haversine).
fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    sitrep_core::haversine_km((lat1, lon1), (lat2, lon2))
}

fn fine(p: GeoPrecision) -> bool {
    matches!(
        p,
        GeoPrecision::Point | GeoPrecision::NearPoint | GeoPrecision::Admin2
    )
}

/// The grid cell of no place (`events.dedup_cell`): an event not located finer
/// than a province, or without coordinates. Every candidate search reads it.
pub const NO_CELL: i64 = -1;

/// The 1° × 1° grid cell of a place (`events.dedup_cell`): blocking compares two
/// fine places by their distance, so a candidate search reads only the cells
/// within [`DedupConfig::max_km`] (see [`cells_near`]). [`NO_CELL`] for a place
/// not finer than a province or without coordinates.
pub fn cell(lat: Option<f64>, lon: Option<f64>, precision: GeoPrecision) -> i64 {
    match (lat, lon) {
        (Some(la), Some(lo)) if fine(precision) && la.is_finite() && lo.is_finite() => {
            cell_of(la, lo)
        }
        _ => NO_CELL,
    }
}

fn cell_of(lat: f64, lon: f64) -> i64 {
    // The migration computes the same from the stored columns (floor, as
    // `CAST(x AS INTEGER)` of a non-negative x in SQLite).
    ((lat + 90.0).floor() as i64) * 360 + (lon + 180.0).floor() as i64
}

/// Most cells a candidate search names (besides [`NO_CELL`]).
pub const MAX_CELLS: usize = 8;

/// Where a stored fine place within [`DedupConfig::max_km`] of a profile's
/// place can lie ([`cells_near`]): the cells of the box, and the box.
#[derive(Debug, Clone, PartialEq)]
pub struct Near {
    /// The grid cells the box meets ([`cell`]), at most [`MAX_CELLS`].
    pub cells: Vec<i64>,
    /// The box's latitudes, south to north.
    pub lat: (f64, f64),
    /// The box's longitudes, west to east.
    pub lon: (f64, f64),
}

/// The cells holding every fine place within `max_km` of a profile's place:
/// all a stored event that blocks with it can lie in, besides [`NO_CELL`]
/// (blocking compares two fine places by distance alone), and the box of
/// latitudes and longitudes they lie in (a fine place outside it is further
/// than `max_km`: [`relation`] never lets it block). `None` when the
/// profile has no fine place, or the circle spans the antimeridian, a pole or
/// more than [`MAX_CELLS`] cells: then every cell is searched.
pub fn cells_near(p: &Profile, cfg: &DedupConfig) -> Option<Near> {
    let (lat, lon) = (p.lat?, p.lon?);
    if cell(p.lat, p.lon, p.geo_precision) == NO_CELL || !cfg.max_km.is_finite() {
        return None;
    }
    // The angle of max_km on the sphere of `haversine_km`, with a margin for
    // rounding: no point within max_km lies further in latitude, nor further in
    // longitude than asin(sin d / cos lat).
    let d = (cfg.max_km.max(0.0) * 1.001 + 0.01) / 6371.0088;
    let dlat = d.to_degrees() + 1e-6;
    let c = lat.to_radians().cos();
    if d >= std::f64::consts::FRAC_PI_2 || d.sin() >= c {
        return None;
    }
    let dlon = (d.sin() / c).asin().to_degrees() + 1e-6;
    let (la0, la1, lo0, lo1) = (lat - dlat, lat + dlat, lon - dlon, lon + dlon);
    if la0 < -90.0 || la1 >= 90.0 || lo0 < -180.0 || lo1 >= 180.0 {
        return None;
    }
    let rows = (la0 + 90.0).floor() as i64..=(la1 + 90.0).floor() as i64;
    let cols = (lo0 + 180.0).floor() as i64..=(lo1 + 180.0).floor() as i64;
    let n = rows.clone().count() * cols.clone().count();
    if n > MAX_CELLS {
        return None;
    }
    Some(Near {
        cells: rows
            .flat_map(|r| cols.clone().map(move |c| r * 360 + c))
            .collect(),
        lat: (la0, la1),
        lon: (lo0, lo1),
    })
}

/// Whether two events may be compared at all (type, date window, place).
pub fn blocks(a: &Profile, b: &Profile, k: &StoreKnowledge, cfg: &DedupConfig) -> bool {
    relation(a, b, k, cfg).is_some()
}

fn overlap(a: Option<(NaiveDate, NaiveDate)>, b: Option<(NaiveDate, NaiveDate)>) -> Option<bool> {
    let ((a0, a1), (b0, b1)) = (a?, b?);
    Some(a0 <= b1 && b0 <= a1)
}

/// Whether two admin1 units are the same: by GeoNames code when both have one,
/// else by folded name.
fn same_admin1(a: &Profile, b: &Profile) -> Option<bool> {
    if let (Some(x), Some(y)) = (&a.admin1_code, &b.admin1_code) {
        return Some(x == y);
    }
    let (x, y) = (a.admin1.as_deref()?, b.admin1.as_deref()?);
    Some(sitrep_text::fold::fold_str(x) == sitrep_text::fold::fold_str(y))
}

/// One place lies in the other's unit: a place in a district against that
/// district, or a place in a province against the province itself.
fn contained(a: &Profile, b: &Profile) -> Option<&'static str> {
    let inside = |outer: &Profile, inner: &Profile| -> Option<&'static str> {
        match outer.geo_precision {
            GeoPrecision::Admin1 if inner.geo_precision.rank() < GeoPrecision::Admin1.rank() => {
                same_admin1(outer, inner)
                    .filter(|s| *s)
                    .map(|_| "inside the other's province")
            }
            GeoPrecision::Admin2 if inner.geo_precision.rank() < GeoPrecision::Admin2.rank() => {
                let (x, y) = (outer.admin2.as_deref()?, inner.admin2.as_deref()?);
                (sitrep_text::fold::fold_str(x) == sitrep_text::fold::fold_str(y)
                    && same_admin1(outer, inner) != Some(false))
                .then_some("inside the other's district")
            }
            _ => None,
        }
    };
    inside(a, b).or_else(|| inside(b, a))
}

/// Two fine places within 5 km.
fn within_5km(a: &Profile, b: &Profile) -> bool {
    match (a.lat, a.lon, b.lat, b.lon) {
        (Some(la), Some(oa), Some(lb), Some(ob)) => {
            fine(a.geo_precision) && fine(b.geo_precision) && haversine_km(la, oa, lb, ob) <= 5.0
        }
        _ => false,
    }
}

/// The same place: one gazetteer place, two points within 5 km, or one inside
/// the other's unit (its district, or its province when the province is all
/// the other tells: a strike recalled as "in X province" against a report of
/// the district or town it hit; S5, containment rather than equal names).
fn same_spot(a: &Profile, b: &Profile) -> bool {
    if a.place_key.is_some() && a.place_key == b.place_key {
        return true;
    }
    if within_5km(a, b) {
        return true;
    }
    contained(a, b).is_some()
}

/// How two events' dates relate, or `None` when they may not be compared at all
/// (see the module documentation).
pub fn relation(
    a: &Profile,
    b: &Profile,
    k: &StoreKnowledge,
    cfg: &DedupConfig,
) -> Option<DateRelation> {
    if !k.types_compatible(&a.event_type, &b.event_type) {
        return None;
    }
    if a.country.is_none() || a.country != b.country {
        return None;
    }
    let rel = match overlap(a.block, b.block) {
        Some(true) => DateRelation::Near,
        Some(false) if !a.is_wide() && !b.is_wide() => return None,
        _ => {
            // A wide or missing window: the reaches must overlap (a missing one
            // overlaps all), and the two must share a place.
            if overlap(a.reach, b.reach) == Some(false) || !same_spot(a, b) {
                return None;
            }
            if let (Some(x), Some(y)) = (&a.month_day, &b.month_day) {
                if x != y {
                    return None;
                }
            }
            DateRelation::Far
        }
    };
    if fine(a.geo_precision) && fine(b.geo_precision) {
        if let (Some(la), Some(oa), Some(lb), Some(ob)) = (a.lat, a.lon, b.lat, b.lon) {
            return (haversine_km(la, oa, lb, ob) <= cfg.max_km).then_some(rel);
        }
    }
    if let Some(same) = same_admin1(a, b) {
        return same.then_some(rel);
    }
    (a.geo_precision == GeoPrecision::Country || b.geo_precision == GeoPrecision::Country)
        .then_some(rel)
}

/// The stored events that fit a profile (`blocked`: those that block with it):
/// nothing between them speaks against one event (their score is not below
/// zero). Their ids, in `blocked`'s order.
pub fn fitting<'a>(
    prof: &Profile,
    blocked: &'a [(String, Profile, DateRelation)],
    k: &StoreKnowledge,
) -> Vec<&'a String> {
    blocked
        .iter()
        .filter(|(_, other, _)| score(prof, other, k).0 >= 0.0)
        .map(|(id, _, _)| id)
        .collect()
}

/// Jaccard overlap of two word sets.
pub fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let inter = a.intersection(b).count() as f64;
    let union = (a.len() + b.len()) as f64 - inter;
    if union <= 0.0 {
        0.0
    } else {
        inter / union
    }
}

/// The days between two events both dated to the day.
fn days_apart(a: &Profile, b: &Profile) -> Option<i64> {
    if a.precision != DatePrecision::Day || b.precision != DatePrecision::Day {
        return None;
    }
    Some((a.date_start? - b.date_start?).num_days().abs())
}

/// The merge score of two blocked events, with the reasons in words.
pub fn score(a: &Profile, b: &Profile, k: &StoreKnowledge) -> (f64, Vec<String>) {
    let mut s = 0.0;
    let mut why = Vec::new();
    s += perpetrator_score(a, b, k, &mut why);
    if let (Some(x), Some(y)) = (a.fatalities, b.fatalities) {
        let (lo, hi) = (x.min(y), x.max(y));
        if lo == hi {
            s += 0.25;
            why.push(format!("same toll {x} (+0.25)"));
        } else if hi <= lo.saturating_mul(2) || hi - lo <= 3 {
            s += 0.15;
            why.push(format!("tolls agree {x} / {y} (+0.15)"));
        } else if hi > lo.saturating_mul(3) && hi - lo > 5 {
            // The larger toll's own text may count the smaller one as a part of
            // its victims ("85 killed, including 13 soldiers"; "killed 13
            // soldiers and 169 civilians"): a report counting only one group.
            let (larger, smaller) = if x > y { (a, b) } else { (b, a) };
            if larger.toll_parts.contains(&lo) {
                why.push(format!("toll {lo} a part of the other's {hi} (0)"));
            } else if smaller.toll_open {
                // "At least 15" is a first count, which later reports raise
                // (15, then 46 a few days on): no disagreement.
                why.push(format!(
                    "open toll at least {lo} below the other's {hi} (0)"
                ));
            } else {
                s -= 0.25;
                why.push(format!("tolls disagree {x} / {y} (-0.25)"));
            }
        }
    }
    let same_place = a.place_key.is_some() && a.place_key == b.place_key;
    let point = |p: GeoPrecision| matches!(p, GeoPrecision::Point | GeoPrecision::NearPoint);
    if same_place && point(a.geo_precision) && point(b.geo_precision) {
        s += 0.25;
        why.push("same place (+0.25)".to_string());
    } else if same_place && fine(a.geo_precision) && fine(b.geo_precision) {
        s += 0.1;
        why.push("same district (+0.1)".to_string());
    } else if within_5km(a, b) {
        s += 0.1;
        why.push("places within 5 km (+0.1)".to_string());
    } else if let Some(how) = contained(a, b) {
        s += 0.1;
        why.push(format!("one place {how} (+0.1)"));
    }
    if let Some(gap) = days_apart(a, b) {
        if gap == 0 {
            s += 0.15;
            why.push("same day (+0.15)".to_string());
        } else if gap == 1 {
            s += 0.05;
            why.push("one day apart (+0.05)".to_string());
        } else if gap == 2 {
            s -= 0.3;
            why.push(format!("{gap} days apart (-0.3)"));
        } else {
            // Days told by both reports and three or more apart: two acts
            // (neighbouring raids of one group), unless much else agrees.
            s -= 0.5;
            why.push(format!("{gap} days apart (-0.5)"));
        }
    }
    let both_days = a.precision == DatePrecision::Day && b.precision == DatePrecision::Day;
    if let (Some(x), Some(y), false) = (&a.month_day, &b.month_day, both_days) {
        if x == y {
            s += 0.15;
            why.push(format!("same month and day {x} (+0.15)"));
        }
    }
    match (&a.sub_event_type, &b.sub_event_type) {
        (Some(x), Some(y)) if x == y => {
            s += 0.1;
            why.push(format!("same sub-event type {x} (+0.1)"));
        }
        // Across two compatible types (one attack told as a clash by one
        // outlet) the sub-types differ with the types: counted once, by blocking.
        (Some(x), Some(y)) if a.event_type != b.event_type => {
            why.push(format!(
                "sub-event types {x} / {y} of compatible types {} / {} (0)",
                a.event_type, b.event_type
            ));
        }
        (Some(x), Some(y)) => {
            s -= 0.15;
            why.push(format!("different sub-event types {x} / {y} (-0.15)"));
        }
        _ => {}
    }
    let (ta, tb) = (
        k.target_classes_of(&a.tokens),
        k.target_classes_of(&b.tokens),
    );
    if !ta.is_empty() && !tb.is_empty() && ta.is_disjoint(&tb) {
        s -= 0.3;
        why.push("different things hit (-0.3)".to_string());
    }
    let j = jaccard(&a.tokens, &b.tokens);
    if j > 0.0 {
        s += 0.6 * j;
        why.push(format!("wording overlap {j:.2} (+{:.2})", 0.6 * j));
    }
    (s, why)
}

/// The perpetrator part of the score (S1 of the failure classes): one spurious
/// perpetrator on one side must not veto a merge.
fn perpetrator_score(a: &Profile, b: &Profile, k: &StoreKnowledge, why: &mut Vec<String>) -> f64 {
    if let (Some(x), Some(y)) = (&a.perpetrator, &b.perpetrator) {
        if x == y {
            why.push(format!("same perpetrator {x} (+0.35)"));
            return 0.35;
        }
    }
    // Both reports carry one group's claim: the perpetrators that differ are
    // the spurious ones (an army that responded, a force named nearby).
    let shared_claim = a
        .actors
        .iter()
        .filter_map(|t| t.strip_prefix("claimant:"))
        .find(|x| b.has("claimant", x));
    if let Some(x) = shared_claim {
        why.push(format!("same claimant {x} (+0.35)"));
        return 0.35;
    }
    let (pa, pb) = (a.named_perpetrators(k), b.named_perpetrators(k));
    if pa.is_empty() || pb.is_empty() {
        return 0.0;
    }
    if let Some(x) = pa.iter().find(|x| pb.contains(x)) {
        why.push(format!("same perpetrator {x} (+0.35)"));
        return 0.35;
    }
    let claimed = pa
        .iter()
        .find(|x| b.has("claimant", x))
        .or_else(|| pb.iter().find(|x| a.has("claimant", x)));
    if let Some(x) = claimed {
        why.push(format!("one's perpetrator {x} claimed the other (+0.2)"));
        return 0.2;
    }
    let named = pa
        .iter()
        .find(|x| b.names(x))
        .or_else(|| pb.iter().find(|x| a.names(x)));
    if let Some(x) = named {
        why.push(format!(
            "perpetrator {x} named by the other in another role (0)"
        ));
        return 0.0;
    }
    let state = pa
        .iter()
        .find(|x| a.has("state", x))
        .or_else(|| pb.iter().find(|x| b.has("state", x)));
    if let Some(x) = state {
        why.push(format!(
            "different perpetrators {} / {}, {x} a state force (-0.05)",
            pa[0], pb[0]
        ));
        return -0.05;
    }
    why.push(format!(
        "different perpetrators {} / {} (-0.6)",
        pa[0], pb[0]
    ));
    -0.6
}

/// How tightly a date is known: a date from the text by its precision, then one
/// the publication date alone supports, then none.
fn date_rank(d: &DateRange) -> u8 {
    if d.basis == DateBasis::Publication {
        return if d.start.is_some() { 5 } else { 6 };
    }
    match d.precision {
        DatePrecision::Day => 0,
        DatePrecision::Days => 1,
        DatePrecision::Week => 2,
        DatePrecision::Month => 3,
        DatePrecision::Year => 4,
        DatePrecision::Unknown if d.end.is_some() => 6,
        DatePrecision::Unknown => 7,
    }
}

fn status_rank(s: AttributionStatus) -> u8 {
    match s {
        AttributionStatus::Confirmed => 4,
        AttributionStatus::Claimed => 3,
        AttributionStatus::Alleged => 2,
        AttributionStatus::Suspected => 1,
        AttributionStatus::Unattributed => 0,
    }
}

/// Tolls from several sources: the range they support (see the module docs).
pub fn reconcile_casualties(a: &Casualties, b: &Casualties) -> Casualties {
    if a.is_empty() {
        return b.clone();
    }
    if b.is_empty() {
        return a.clone();
    }
    let low_a = a.low.or(a.best);
    let low_b = b.low.or(b.best);
    // The source giving the larger low supplies best, text and span.
    let from = if low_b > low_a { b } else { a };
    let low = low_a.max(low_b);
    let unbounded = (low_a.is_some() && a.high.is_none()) || (low_b.is_some() && b.high.is_none());
    let high = if unbounded {
        None
    } else {
        a.high.max(b.high).map(|h| h.max(low.unwrap_or(0)))
    };
    Casualties {
        low,
        best: from.best,
        high,
        text: from.text.clone(),
        span: from.span,
    }
}

fn push_unique(v: &mut Vec<String>, items: &[String]) {
    for i in items {
        if !v.contains(i) {
            v.push(i.clone());
        }
    }
}

/// Merge `add` (a new report's event) into `base` (the stored event). Returns the
/// merged record and the names of the fields whose value changed.
pub fn reconcile(base: &Event, add: &Event) -> (Event, Vec<&'static str>) {
    let mut m = base.clone();
    if date_rank(&add.date) < date_rank(&base.date) {
        m.date = add.date.clone();
    }
    if add.location.precision.rank() < base.location.precision.rank() {
        m.location = add.location.clone();
    }
    if m.sub_event_type.is_none() {
        m.sub_event_type = add.sub_event_type.clone();
    }
    if m.plover.is_none() {
        m.plover = add.plover.clone();
    }
    for a in &add.actors {
        if !m.actors.iter().any(|x| x.role == a.role && x.id == a.id) {
            m.actors.push(a.clone());
        }
    }
    m.fatalities = reconcile_casualties(&base.fatalities, &add.fatalities);
    m.injuries = reconcile_casualties(&base.injuries, &add.injuries);
    m.casualty_claims
        .extend(add.casualty_claims.iter().cloned());
    if status_rank(add.attribution.status) > status_rank(base.attribution.status) {
        m.attribution.status = add.attribution.status;
    }
    push_unique(&mut m.attribution.claimed_by, &add.attribution.claimed_by);
    push_unique(&mut m.attribution.alleged_by, &add.attribution.alleged_by);
    m.sources.extend(add.sources.iter().cloned());
    m.confidence = base.confidence.max(add.confidence);

    let mut changed = Vec::new();
    if m.date != base.date {
        changed.push("date");
    }
    if m.location != base.location {
        changed.push("location");
    }
    if m.sub_event_type != base.sub_event_type {
        changed.push("sub_event_type");
    }
    if m.plover != base.plover {
        changed.push("plover");
    }
    if m.actors != base.actors {
        changed.push("actors");
    }
    if m.fatalities != base.fatalities {
        changed.push("fatalities");
    }
    if m.injuries != base.injuries {
        changed.push("injuries");
    }
    if m.casualty_claims != base.casualty_claims {
        changed.push("casualty_claims");
    }
    if m.attribution != base.attribution {
        changed.push("attribution");
    }
    changed.push("sources");
    if m.confidence != base.confidence {
        changed.push("confidence");
    }
    (m, changed)
}

/// Pair-level agreement of a clustering with the truth.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct PairMetrics {
    pub reports: usize,
    /// Reports whose main event could be found (extracted and stored).
    pub reports_with_event: usize,
    /// Pairs of reports of one true event.
    pub same_pairs: usize,
    /// … of which were merged into one stored event.
    pub same_merged: usize,
    /// Pairs of reports of different true events.
    pub diff_pairs: usize,
    /// … of which were (wrongly) merged.
    pub diff_merged: usize,
}

impl PairMetrics {
    /// Share of same-event pairs merged (1.0 when there are none).
    pub fn merge_rate(&self) -> f64 {
        ratio(self.same_merged, self.same_pairs, 1.0)
    }
    /// Share of same-event pairs not merged.
    pub fn missed_merge_rate(&self) -> f64 {
        1.0 - self.merge_rate()
    }
    /// Share of different-event pairs merged.
    pub fn false_merge_rate(&self) -> f64 {
        ratio(self.diff_merged, self.diff_pairs, 0.0)
    }
}

fn ratio(a: usize, b: usize, empty: f64) -> f64 {
    if b == 0 {
        empty
    } else {
        a as f64 / b as f64
    }
}

/// Score a clustering: for each report, its true cluster and the stored event its
/// main event ended in (None when no event was extracted: its pairs count as missed).
pub fn pair_metrics(assign: &[(String, Option<String>)]) -> PairMetrics {
    let mut m = PairMetrics {
        reports: assign.len(),
        reports_with_event: assign.iter().filter(|a| a.1.is_some()).count(),
        ..PairMetrics::default()
    };
    for (i, (ca, ea)) in assign.iter().enumerate() {
        for (cb, eb) in assign.iter().skip(i + 1) {
            let merged = ea.is_some() && ea == eb;
            if ca == cb {
                m.same_pairs += 1;
                m.same_merged += usize::from(merged);
            } else {
                m.diff_pairs += 1;
                m.diff_merged += usize::from(merged);
            }
        }
    }
    m
}

/// The event a report is mainly about: the violent event with the highest
/// confidence (the first on a tie), else the first event.
pub fn main_event(events: &[Event]) -> Option<&Event> {
    let mut best: Option<&Event> = None;
    for e in events.iter().filter(|e| e.event_type.is_violent()) {
        if best.is_none_or(|b| e.confidence > b.confidence) {
            best = Some(e);
        }
    }
    best.or(events.first())
}

/// Spans of a record's evidence sentences in one source (for mention rows).
pub fn source_sentences(ev: &Event) -> Vec<Span> {
    ev.sources
        .iter()
        .flat_map(|s| s.sentences.iter().copied())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cas(low: Option<u32>, best: Option<u32>, high: Option<u32>) -> Casualties {
        Casualties {
            low,
            best,
            high,
            text: None,
            span: None,
        }
    }

    #[test]
    fn tolls_take_the_supported_range() {
        let r = reconcile_casualties(
            &cas(Some(5), Some(5), Some(5)),
            &cas(Some(12), Some(12), Some(12)),
        );
        assert_eq!((r.low, r.best, r.high), (Some(12), Some(12), Some(12)));
        let r = reconcile_casualties(&cas(Some(5), None, None), &cas(Some(3), Some(3), Some(3)));
        assert_eq!((r.low, r.best, r.high), (Some(5), None, None));
        let r = reconcile_casualties(&cas(None, None, None), &cas(Some(3), Some(3), Some(3)));
        assert_eq!(r.low, Some(3));
    }

    #[test]
    fn villages_near_one_town_are_two_places() {
        let near = |name: &str| sitrep_core::Location {
            name: Some(name.into()),
            geonames_id: Some(219_057),
            precision: GeoPrecision::NearPoint,
            ..Default::default()
        };
        assert_ne!(
            location_key(&near("Mayangose")),
            location_key(&near("Ngadi"))
        );
        assert_eq!(location_key(&near("Ngadi")), location_key(&near("NGADI")));
        let town = sitrep_core::Location {
            precision: GeoPrecision::Point,
            ..near("Beni")
        };
        assert_eq!(location_key(&town).as_deref(), Some("gn:219057"));
    }

    #[test]
    fn pair_metrics_count_pairs() {
        let a = |c: &str, e: Option<&str>| (c.to_string(), e.map(str::to_string));
        let m = pair_metrics(&[
            a("x", Some("1")),
            a("x", Some("1")),
            a("x", Some("2")),
            a("y", Some("2")),
            a("y", None),
        ]);
        assert_eq!((m.same_pairs, m.same_merged), (4, 1));
        assert_eq!((m.diff_pairs, m.diff_merged), (6, 1));
    }

    fn prof(place: &str, perps: &[&str], others: &[&str]) -> Profile {
        let d = NaiveDate::from_ymd_opt(2024, 5, 10);
        let mut actors: BTreeSet<String> =
            perps.iter().map(|p| format!("perpetrator:{p}")).collect();
        actors.extend(others.iter().map(|s| s.to_string()));
        Profile {
            event_type: "explosions_remote_violence".into(),
            sub_event_type: Some("remote_explosive".into()),
            date_start: d,
            date_end: d,
            precision: DatePrecision::Day,
            block: d.map(|d| (d - Duration::days(2), d + Duration::days(2))),
            country: Some("XX".into()),
            admin1: Some("Northern".into()),
            lat: Some(1.0),
            lon: Some(2.0),
            geo_precision: GeoPrecision::Point,
            place_key: Some(place.into()),
            fatalities: Some(7),
            perpetrator: perps.first().map(|p| p.to_string()),
            tokens: BTreeSet::new(),
            reach: d.map(|d| (d - Duration::days(2), d + Duration::days(2))),
            admin1_code: Some("XX.01".into()),
            admin2: Some("Lakeside".into()),
            actors,
            month_day: Some("05-10".into()),
            toll_parts: BTreeSet::new(),
            toll_open: false,
        }
    }

    #[test]
    fn one_spurious_perpetrator_does_not_veto() {
        let k = StoreKnowledge::embedded().unwrap();
        let a = prof("gn:1", &["group-x"], &["claimant:group-x"]);
        // The other report names the army (a state force) as perpetrator too.
        let b = prof("gn:1", &["army-y", "group-x"], &["state:army-y"]);
        let (s, why) = score(&a, &b, &k);
        assert!(
            s >= 0.45 && why[0].contains("same perpetrator"),
            "{s} {why:?}"
        );
        // Only the army on one side, the group claimed the other: no veto.
        let c = prof("gn:1", &["army-y"], &["state:army-y"]);
        let d = prof("gn:1", &["group-x"], &["claimant:group-x"]);
        let (_, why) = score(&c, &d, &k);
        assert!(why[0].contains("state force (-0.05)"), "{why:?}");
        let e = prof("gn:1", &["army-y"], &["target:group-x"]);
        let (_, why) = score(&e, &d, &k);
        assert!(why[0].contains("another role (0)"), "{why:?}");
        // Two named non-state groups still disagree strongly.
        let f = prof("gn:1", &["group-z"], &[]);
        let (_, why) = score(&f, &d, &k);
        assert!(why[0].contains("(-0.6)"), "{why:?}");
    }

    #[test]
    fn recalled_and_undated_events_block_only_on_the_same_spot() {
        let k = StoreKnowledge::embedded().unwrap();
        let cfg = DedupConfig::default();
        let dated = prof("gn:1", &["group-x"], &[]);
        let mut recalled = prof("gn:1", &["group-x"], &[]);
        let p = NaiveDate::from_ymd_opt(2024, 11, 2).unwrap();
        recalled.precision = DatePrecision::Unknown;
        recalled.date_start = None;
        recalled.date_end = None;
        recalled.block = Some((p - Duration::days(7), p));
        recalled.reach = Some((p - Duration::days(cfg.recall_days), p));
        assert_eq!(
            relation(&dated, &recalled, &k, &cfg),
            Some(DateRelation::Far)
        );
        let mut elsewhere = recalled.clone();
        elsewhere.place_key = Some("gn:2".into());
        elsewhere.lat = Some(1.3);
        assert_eq!(relation(&dated, &elsewhere, &k, &cfg), None);
        // No date and no publication date: bounded by nothing, same spot needed.
        let mut undated = recalled.clone();
        undated.block = None;
        undated.reach = None;
        assert_eq!(
            relation(&dated, &undated, &k, &cfg),
            Some(DateRelation::Far)
        );
        // A year-only date of another year never meets it.
        let mut year = recalled.clone();
        year.precision = DatePrecision::Year;
        year.block = None;
        year.reach = Some((
            NaiveDate::from_ymd_opt(2019, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2019, 12, 31).unwrap(),
        ));
        assert_eq!(relation(&dated, &year, &k, &cfg), None);
    }

    #[test]
    fn a_place_inside_the_other_unit_is_compatible() {
        let k = StoreKnowledge::embedded().unwrap();
        let cfg = DedupConfig::default();
        let town = prof("gn:1", &[], &[]);
        let mut province = prof("gn:9", &[], &[]);
        province.geo_precision = GeoPrecision::Admin1;
        province.admin1 = Some("Northern Province".into());
        province.lat = Some(3.0);
        assert_eq!(
            relation(&town, &province, &k, &cfg),
            Some(DateRelation::Near)
        );
        let (_, why) = score(&town, &province, &k);
        assert!(
            why.iter()
                .any(|w| w.contains("inside the other's province")),
            "{why:?}"
        );
        province.admin1_code = Some("XX.02".into());
        assert_eq!(relation(&town, &province, &k, &cfg), None);
    }

    #[test]
    fn a_recalled_province_meets_a_place_inside_it() {
        let k = StoreKnowledge::embedded().unwrap();
        let cfg = DedupConfig::default();
        let town = prof("gn:1", &["air-force-x"], &[]);
        // Recalled "in Northern province", no date and no publication date.
        let mut recalled = prof("gn:9", &["air-force-x"], &[]);
        recalled.geo_precision = GeoPrecision::Admin1;
        recalled.precision = DatePrecision::Unknown;
        recalled.date_start = None;
        recalled.date_end = None;
        recalled.block = None;
        recalled.reach = None;
        recalled.month_day = None;
        recalled.lat = Some(3.0);
        assert_eq!(
            relation(&town, &recalled, &k, &cfg),
            Some(DateRelation::Far)
        );
        // Another province: no shared spot.
        recalled.admin1_code = Some("XX.02".into());
        assert_eq!(relation(&town, &recalled, &k, &cfg), None);
        // Two towns of one province, one recalled: not one spot.
        let mut other_town = prof("gn:2", &["air-force-x"], &[]);
        other_town.block = None;
        other_town.reach = None;
        other_town.precision = DatePrecision::Unknown;
        other_town.month_day = None;
        other_town.lat = Some(1.5);
        assert_eq!(relation(&town, &other_town, &k, &cfg), None);
    }

    #[test]
    fn an_open_first_toll_does_not_disagree_with_a_larger_one() {
        let k = StoreKnowledge::embedded().unwrap();
        let mut first = prof("gn:1", &[], &[]);
        first.fatalities = Some(15);
        let mut later = prof("gn:1", &[], &[]);
        later.fatalities = Some(46);
        let (_, why) = score(&first, &later, &k);
        assert!(why.iter().any(|w| w.contains("(-0.25)")), "{why:?}");
        first.toll_open = true;
        let (_, why) = score(&first, &later, &k);
        assert!(why.iter().any(|w| w.contains("open toll")), "{why:?}");
        // Only the smaller toll's openness counts: "at least 46" against an
        // exact 15 still disagrees.
        first.toll_open = false;
        later.toll_open = true;
        let (_, why) = score(&first, &later, &k);
        assert!(why.iter().any(|w| w.contains("(-0.25)")), "{why:?}");
        let c = Casualties {
            low: Some(15),
            best: Some(15),
            high: None,
            text: None,
            span: None,
        };
        assert!(toll_open(&c));
        assert!(!toll_open(&Casualties {
            high: Some(15),
            ..c.clone()
        }));
        assert!(!toll_open(&Casualties::default()));
    }

    #[test]
    fn sub_types_of_compatible_types_do_not_count_twice() {
        let k = StoreKnowledge::embedded().unwrap();
        let a = prof("gn:1", &[], &[]);
        let mut b = prof("gn:1", &[], &[]);
        b.sub_event_type = Some("suicide_bomb".into());
        let (same_type, why) = score(&a, &b, &k);
        assert!(why.iter().any(|w| w.ends_with("(-0.15)")), "{why:?}");
        b.event_type = "violence_against_civilians".into();
        b.sub_event_type = Some("attack".into());
        let (across, why) = score(&a, &b, &k);
        assert!(
            why.iter().any(|w| w.contains("compatible types")),
            "{why:?}"
        );
        assert!(
            (across - same_type - 0.15).abs() < 1e-9,
            "{across} {same_type}"
        );
    }

    #[test]
    fn only_events_nothing_speaks_against_fit() {
        let k = StoreKnowledge::embedded().unwrap();
        let a = prof("gn:1", &["group-x"], &[]);
        let same = prof("gn:1", &["group-x"], &[]);
        let mut other = prof("gn:1", &["group-z"], &[]);
        other.fatalities = Some(60);
        let blocked = vec![
            ("e1".to_string(), same, DateRelation::Far),
            ("e2".to_string(), other, DateRelation::Far),
        ];
        assert_eq!(fitting(&a, &blocked, &k), vec!["e1"]);
    }

    #[test]
    fn a_shared_claim_outweighs_spurious_perpetrators() {
        let k = StoreKnowledge::embedded().unwrap();
        // One report names a responding force, the other a group the text only
        // quoted; both carry group-x's claim.
        let a = prof("gn:1", &["group-y"], &["claimant:group-x"]);
        let b = prof("gn:1", &["group-z"], &["claimant:group-x"]);
        let (_, why) = score(&a, &b, &k);
        assert!(why[0].contains("same claimant group-x (+0.35)"), "{why:?}");
        // Different claimants: the perpetrators decide as before.
        let c = prof("gn:1", &["group-z"], &["claimant:group-w"]);
        let (_, why) = score(&a, &c, &k);
        assert!(why[0].contains("(-0.6)"), "{why:?}");
    }

    #[test]
    fn a_toll_of_one_group_of_victims_is_a_part_of_the_whole() {
        let k = StoreKnowledge::embedded().unwrap();
        let total = Casualties {
            low: Some(85),
            best: Some(85),
            high: None,
            text: Some("At least 85 people, including 13 soldiers, were killed".into()),
            span: None,
        };
        assert_eq!(toll_parts(&total), BTreeSet::from([13, 85]));
        let mut a = prof("gn:1", &[], &[]);
        a.fatalities = Some(85);
        a.toll_parts = toll_parts(&total);
        let mut b = prof("gn:1", &[], &[]);
        b.fatalities = Some(13);
        let (_, why) = score(&a, &b, &k);
        assert!(why.iter().any(|w| w.contains("a part of")), "{why:?}");
        // A smaller toll the text does not state still disagrees.
        b.fatalities = Some(12);
        let (_, why) = score(&b, &a, &k);
        assert!(why.iter().any(|w| w.contains("tolls disagree")), "{why:?}");
        assert_eq!(join_parts(&a.toll_parts).as_deref(), Some("13 85"));
    }

    #[test]
    fn every_place_within_reach_is_in_a_cell_searched() {
        let cfg = DedupConfig::default();
        let mut p = prof("gn:1", &[], &[]);
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            (rng % 1_000_000) as f64 / 1_000_000.0
        };
        let (mut searched, mut close) = (0, 0);
        for _ in 0..20_000 {
            let (lat, lon) = (next() * 150.0 - 75.0, next() * 358.0 - 179.0);
            // Points all around, most of them near the limit of 50 km.
            let (dlat, dlon) = ((next() - 0.5) * 1.2, (next() - 0.5) * 2.4);
            let (lat2, lon2) = (lat + dlat, lon + dlon);
            p.lat = Some(lat);
            p.lon = Some(lon);
            let Some(near) = cells_near(&p, &cfg) else {
                continue;
            };
            let cells = &near.cells;
            assert!(cells.len() <= MAX_CELLS);
            searched += 1;
            if haversine_km(lat, lon, lat2, lon2) <= cfg.max_km {
                close += 1;
                let c = cell(Some(lat2), Some(lon2), GeoPrecision::Point);
                assert!(
                    cells.contains(&c),
                    "{lat},{lon} -> {lat2},{lon2}: {c} not in {cells:?}"
                );
                // The candidate search passes over a fine place outside the box.
                assert!(
                    (near.lat.0..=near.lat.1).contains(&lat2)
                        && (near.lon.0..=near.lon.1).contains(&lon2),
                    "{lat},{lon} -> {lat2},{lon2}: outside {near:?}"
                );
            }
        }
        assert!(searched > 15_000 && close > 1_000, "{searched} {close}");
        // A province, a country, a place without coordinates: no cell, all searched.
        p.geo_precision = GeoPrecision::Admin1;
        assert_eq!(cells_near(&p, &cfg), None);
        assert_eq!(cell(Some(1.0), Some(2.0), GeoPrecision::Admin1), NO_CELL);
        assert_eq!(cell(None, Some(2.0), GeoPrecision::Point), NO_CELL);
        assert_eq!(
            cell(Some(-0.5), Some(-179.5), GeoPrecision::Admin2),
            89 * 360
        );
    }

    #[test]
    fn distance_is_sane() {
        let d = haversine_km(34.5553, 69.2075, 31.6133, 65.7101);
        assert!((d - 450.0).abs() < 30.0, "{d}");
    }
}
