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
  the text left unknown gives the 7 days up to the report's publication date; a
  year alone, or unknown without a publication date, gives no window: such events
  are never merged automatically;
* *place*: within 50 km when both places are finer than a province (point, near a
  point, district); else the same admin1; else, when one of them is known only to
  the country, the same country.

**Score** (sum of the parts; reasons are kept in words):
* perpetrator: the same actor id +0.35; two different named actors −0.6; a generic
  one (`data/store/generic-actors.txt`) against a named one 0;
* fatalities (best, else low): equal +0.25; within a factor 2 or 3 deaths +0.15;
  more than a factor 3 and 6 deaths apart −0.25;
* place: the same gazetteer place (or the same name in the same country) +0.25 when
  both are points (or near one), +0.1 when both are districts; else two points
  within 5 km +0.1 (a shared province or country earns nothing: blocking required it);
* date (both known to the day): the same day +0.15; one day apart +0.05; two or more
  days apart −0.2;
* what was hit: when both reports name what was hit (`data/store/target-nouns.txt`:
  hotel, airport, market, convoy …) and share no class of it, −0.3;
* sub-event type: the same +0.1; two different ones −0.15;
* wording: 0.6 × the Jaccard overlap of the content words (stopwords removed) of the
  two events' evidence sentences.

A pair merges when the score is ≥ 0.45 (see [`DedupConfig`]). Two events of one
report never merge (the extractor already joined what the report tells as one).

**Reconciling** a merged event (see [`reconcile`]): the id is the stored event's
(the earliest), so ids are stable across merges; sources, casualty claims and
actors are the union; fatalities and injuries take the range the sources support:
`low` = the largest low, `high` = the largest high (unbounded when any source with
a figure leaves it unbounded), `best` and the evidence text from the source giving
that largest low; date and place take the more precise of the two (the stored one
on a tie); the sub-event type and PLOVER code are kept, filled when missing;
attribution keeps the strongest status and the union of claimants and accusers;
confidence the larger.
*/

use crate::StoreKnowledge;
use chrono::{Duration, NaiveDate};
use sitrep_core::{AttributionStatus, Casualties, DatePrecision, Event, GeoPrecision, Role, Span};
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
}

impl Default for DedupConfig {
    fn default() -> DedupConfig {
        DedupConfig {
            threshold: 0.45,
            max_km: 50.0,
            day_slack: 2,
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
}

/// The key of an event's place: its GeoNames id, else its folded name and country.
pub fn place_key(ev: &Event) -> Option<String> {
    let l = &ev.location;
    if let Some(g) = l.geonames_id {
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

/// Whether two events may be compared at all (type, date window, place).
pub fn blocks(a: &Profile, b: &Profile, k: &StoreKnowledge, cfg: &DedupConfig) -> bool {
    if !k.types_compatible(&a.event_type, &b.event_type) {
        return false;
    }
    let (Some((a0, a1)), Some((b0, b1))) = (a.block, b.block) else {
        return false;
    };
    if a0 > b1 || b0 > a1 {
        return false;
    }
    if a.country.is_none() || a.country != b.country {
        return false;
    }
    if fine(a.geo_precision) && fine(b.geo_precision) {
        if let (Some(la), Some(oa), Some(lb), Some(ob)) = (a.lat, a.lon, b.lat, b.lon) {
            return haversine_km(la, oa, lb, ob) <= cfg.max_km;
        }
    }
    if let (Some(x), Some(y)) = (&a.admin1, &b.admin1) {
        return x == y;
    }
    a.geo_precision == GeoPrecision::Country || b.geo_precision == GeoPrecision::Country
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

/// The merge score of two blocked events, with the reasons in words.
pub fn score(a: &Profile, b: &Profile, k: &StoreKnowledge) -> (f64, Vec<String>) {
    let mut s = 0.0;
    let mut why = Vec::new();
    match (&a.perpetrator, &b.perpetrator) {
        (Some(x), Some(y)) if x == y => {
            s += 0.35;
            why.push(format!("same perpetrator {x} (+0.35)"));
        }
        (Some(x), Some(y)) if !k.is_generic_actor(x) && !k.is_generic_actor(y) => {
            s -= 0.6;
            why.push(format!("different perpetrators {x} / {y} (-0.6)"));
        }
        _ => {}
    }
    if let (Some(x), Some(y)) = (a.fatalities, b.fatalities) {
        let (lo, hi) = (x.min(y), x.max(y));
        if lo == hi {
            s += 0.25;
            why.push(format!("same toll {x} (+0.25)"));
        } else if hi <= lo.saturating_mul(2) || hi - lo <= 3 {
            s += 0.15;
            why.push(format!("tolls agree {x} / {y} (+0.15)"));
        } else if hi > lo.saturating_mul(3) && hi - lo > 5 {
            s -= 0.25;
            why.push(format!("tolls disagree {x} / {y} (-0.25)"));
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
    } else if let (Some(la), Some(oa), Some(lb), Some(ob)) = (a.lat, a.lon, b.lat, b.lon) {
        if fine(a.geo_precision) && fine(b.geo_precision) && haversine_km(la, oa, lb, ob) <= 5.0 {
            s += 0.1;
            why.push("places within 5 km (+0.1)".to_string());
        }
    }
    if a.precision == DatePrecision::Day && b.precision == DatePrecision::Day {
        if let (Some(x), Some(y)) = (a.date_start, b.date_start) {
            let gap = (x - y).num_days().abs();
            if gap == 0 {
                s += 0.15;
                why.push("same day (+0.15)".to_string());
            } else if gap == 1 {
                s += 0.05;
                why.push("one day apart (+0.05)".to_string());
            } else {
                s -= 0.2;
                why.push(format!("{gap} days apart (-0.2)"));
            }
        }
    }
    match (&a.sub_event_type, &b.sub_event_type) {
        (Some(x), Some(y)) if x == y => {
            s += 0.1;
            why.push(format!("same sub-event type {x} (+0.1)"));
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

fn date_rank(p: DatePrecision) -> u8 {
    match p {
        DatePrecision::Day => 0,
        DatePrecision::Days => 1,
        DatePrecision::Week => 2,
        DatePrecision::Month => 3,
        DatePrecision::Year => 4,
        DatePrecision::Unknown => 5,
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
    if date_rank(add.date.precision) < date_rank(base.date.precision) {
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

    #[test]
    fn distance_is_sane() {
        let d = haversine_km(34.5553, 69.2075, 31.6133, 65.7101);
        assert!((d - 450.0).abs() < 30.0, "{d}");
    }
}
