/*!
Comparing one predicted event with one gold event: the match test and every field rule.

Kept apart from the bookkeeping in `score.rs` so that each rule of the contract's
"How the scorer matches and scores" section is one small function here:

* [`compat`] — may this prediction match this gold event (type, location, date)?
* [`compare_fields`] — each scored field of a pair, right or wrong, with both values.

Names (admin1, admin2, actor aliases) are compared on a *name key*: folded with
`sitrep_text::fold_str` (case, diacritics, dashes, apostrophes), every
non-alphanumeric run made one space, and a leading "the " dropped — so `IS-K`,
`is-k` and `Is K`, or `Kurdistan Workers' Party` and `Kurdistan Workers Party`, agree.
*/

use crate::gold::{GoldDoc, GoldEvent};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use sitrep_core::{haversine_km, DateBasis, DatePrecision, Event, Role};
use sitrep_text::fold_str;

/// Location compatibility radius (contract: "within 50 km of the gold place").
pub const MATCH_RADIUS_KM: f64 = 50.0;
/// Point accuracy radius (contract: "point distance ≤ 25 km").
pub const POINT_RADIUS_KM: f64 = 25.0;

/// The scored fields, in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    SubEventType,
    Date,
    Admin1,
    Admin2,
    Point,
    FatalitiesLow,
    InjuriesLow,
    Perpetrator,
    ClaimedBy,
    Attribution,
}

impl Field {
    pub const ALL: [Field; 10] = [
        Field::SubEventType,
        Field::Date,
        Field::Admin1,
        Field::Admin2,
        Field::Point,
        Field::FatalitiesLow,
        Field::InjuriesLow,
        Field::Perpetrator,
        Field::ClaimedBy,
        Field::Attribution,
    ];
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::SubEventType => "sub_event_type",
            Field::Date => "date",
            Field::Admin1 => "admin1",
            Field::Admin2 => "admin2",
            Field::Point => "point_25km",
            Field::FatalitiesLow => "fatalities.low",
            Field::InjuriesLow => "injuries.low",
            Field::Perpetrator => "perpetrator",
            Field::ClaimedBy => "claimed_by",
            Field::Attribution => "attribution",
        }
    }
}

/// One scored field of a matched pair.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldOutcome {
    pub field: Field,
    pub correct: bool,
    pub gold: String,
    pub predicted: String,
}

/// Which of the three match conditions a prediction meets for a gold event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Compat {
    /// `event_type` equals the gold type or its alternative.
    pub type_ok: bool,
    /// The type equals the gold's main `event_type` (preferred on ties).
    pub primary_type: bool,
    pub location_ok: bool,
    /// Ranges overlap, or the check was skipped (gold unknown / prediction unresolved).
    pub date_ok: bool,
}

impl Compat {
    pub fn matches(self) -> bool {
        self.type_ok && self.location_ok && self.date_ok
    }
    /// How many conditions hold (to pick the nearest candidate for a miss).
    pub fn met(self) -> usize {
        usize::from(self.type_ok) + usize::from(self.location_ok) + usize::from(self.date_ok)
    }
    /// The failed conditions, for a miss or false-positive note.
    pub fn failures(self) -> Vec<&'static str> {
        let mut v = Vec::new();
        if !self.type_ok {
            v.push("type");
        }
        if !self.location_ok {
            v.push("location");
        }
        if !self.date_ok {
            v.push("date");
        }
        v
    }
}

/// The comparison key of a name (see the module doc).
pub fn name_key(s: &str) -> String {
    let folded = fold_str(s);
    let mut out = String::with_capacity(folded.len());
    let mut gap = false;
    for c in folded.chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
    }
    match out.strip_prefix("the ") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => out,
    }
}

fn same_name(a: &str, b: &str) -> bool {
    let (ka, kb) = (name_key(a), name_key(b));
    !ka.is_empty() && ka == kb
}

fn same_country(a: Option<&str>, b: Option<&str>) -> Option<bool> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.trim().eq_ignore_ascii_case(b.trim())),
        _ => None,
    }
}

fn pred_coords(p: &Event) -> Option<(f64, f64)> {
    let (lat, lon) = (p.location.lat?, p.location.lon?);
    (lat.is_finite() && lon.is_finite()).then_some((lat, lon))
}

/// The predicted admin1 (name or code) agrees with the gold admin1 or one of its aliases.
pub fn admin1_agrees(p: &Event, g: &GoldEvent) -> bool {
    let preds = [
        p.location.admin1.as_deref(),
        p.location.admin1_code.as_deref(),
    ];
    g.location
        .admin1_names()
        .any(|gn| preds.iter().flatten().any(|pn| same_name(pn, gn)))
}

fn location_compatible(p: &Event, g: &GoldEvent) -> bool {
    let gl = &g.location;
    let country = same_country(p.location.country.as_deref(), gl.country.as_deref());
    if country == Some(true)
        && (gl.precision() == "country" || (!gl.has_admin1() && gl.coords().is_none()))
    {
        return true;
    }
    // Same admin1 and country (a prediction without a country passes on admin1 alone).
    if country != Some(false) && admin1_agrees(p, g) {
        return true;
    }
    match (gl.coords(), pred_coords(p)) {
        (Some(a), Some(b)) => haversine_km(a, b) <= MATCH_RADIUS_KM,
        _ => false,
    }
}

fn date_overlaps(p: &Event, g: &GoldEvent) -> bool {
    let Some((gs, ge)) = g.date.range() else {
        return true; // gold date unknown: not checked
    };
    // An open bound ("on or before publication": start null) reaches as far as
    // it may; a prediction with no bound at all is found, but its date field is scored.
    match (p.date.start, p.date.end) {
        (None, None) => true,
        (Some(ps), Some(pe)) => ps.min(pe) <= ge && gs <= ps.max(pe),
        (None, Some(pe)) => gs <= pe,
        (Some(ps), None) => ps <= ge,
    }
}

/// The three match conditions of a (prediction, gold) pair.
pub fn compat(p: &Event, g: &GoldEvent) -> Compat {
    let pt = p.event_type.as_str();
    let primary_type = g.event_type.trim() == pt;
    let type_ok = primary_type || g.alternative_event_type.iter().any(|a| a.trim() == pt);
    Compat {
        type_ok,
        primary_type,
        location_ok: location_compatible(p, g),
        date_ok: date_overlaps(p, g),
    }
}

fn show_opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "null".to_string(), |v| v.to_string())
}

fn show_range(start: Option<NaiveDate>, end: Option<NaiveDate>, precision: &str) -> String {
    match (start, end) {
        (None, None) => format!("unresolved ({precision})"),
        (s, e) => format!("{}..{} ({precision})", show_opt(s), show_opt(e)),
    }
}

fn pred_precision(p: DatePrecision) -> &'static str {
    match p {
        DatePrecision::Day => "day",
        DatePrecision::Days => "days",
        DatePrecision::Week => "week",
        DatePrecision::Month => "month",
        DatePrecision::Year => "year",
        DatePrecision::Unknown => "unknown",
    }
}

/// A date truncated to the gold precision: the whole date, its month, or its year.
fn at_precision(d: NaiveDate, precision: &str) -> (i32, u32, u32) {
    match precision {
        "month" => (d.year(), d.month(), 0),
        "year" => (d.year(), 0, 0),
        _ => (d.year(), d.month(), d.day()),
    }
}

/// Date field. `None` when not scored (gold `exact: false`, or an unknown-precision
/// gold range used for matching only). A gold date left unresolved (start and end
/// null, not marked inexact) is scored too: the prediction must also leave it
/// unresolved rather than guess, unless its range rests on the publication date
/// only (`basis: publication`): then the field is not scored.
fn score_date(p: &Event, g: &GoldEvent) -> Option<FieldOutcome> {
    let gd = &g.date;
    if gd.exact == Some(false) {
        return None;
    }
    let gold_show = show_range(gd.start, gd.end, gd.precision());
    let pd = &p.date;
    let pred_show = show_range(pd.start, pd.end, pred_precision(pd.precision));
    let pred_start = pd.start.or(pd.end);
    let correct = match gd.start.or(gd.end) {
        // The gold leaves the date unresolved: a range the publication date
        // supports (contract `date.basis: publication`) is not a guess from the
        // text, so the field is not scored; a date read from the text is wrong.
        None if pd.basis == DateBasis::Publication => return None,
        None => pred_start.is_none(),
        Some(_) if gd.precision() == "unknown" => return None,
        Some(gs) => {
            let ge = gd.end.unwrap_or(gs);
            // An open range ("on or before publication") fixes no day.
            match pd.start {
                None => false,
                Some(ps) => {
                    let pe = pd.end.unwrap_or(ps);
                    let prec = gd.precision();
                    at_precision(ps, prec) == at_precision(gs, prec)
                        && at_precision(pe, prec) == at_precision(ge, prec)
                }
            }
        }
    };
    Some(FieldOutcome {
        field: Field::Date,
        correct,
        gold: gold_show,
        predicted: pred_show,
    })
}

fn actor_matches(aliases: &[&str], id: &str, name: &str, text: &str) -> bool {
    let keys: Vec<String> = [id, name, text]
        .iter()
        .map(|s| name_key(s))
        .filter(|k| !k.is_empty())
        .collect();
    aliases
        .iter()
        .map(|a| name_key(a))
        .any(|a| !a.is_empty() && keys.contains(&a))
}

/// Every predicted claimant as (id, name, text) triples: `attribution.claimed_by` ids
/// and actors in the `claimant` role.
fn pred_claimants(p: &Event) -> Vec<(String, String, String)> {
    let mut v: Vec<(String, String, String)> = p
        .attribution
        .claimed_by
        .iter()
        .map(|id| (id.clone(), String::new(), String::new()))
        .collect();
    v.extend(
        p.actors_in(Role::Claimant)
            .map(|a| (a.id.clone(), a.name.clone(), a.text.clone())),
    );
    v
}

fn show_list(v: &[String]) -> String {
    if v.is_empty() {
        "[]".to_string()
    } else {
        format!("[{}]", v.join(", "))
    }
}

fn count_field(
    field: Field,
    gold: Option<&crate::gold::GoldCount>,
    pred: Option<u32>,
) -> Option<FieldOutcome> {
    let low = gold?.low?;
    Some(FieldOutcome {
        field,
        correct: low == pred,
        gold: show_opt(low),
        predicted: show_opt(pred),
    })
}

/// Every scored field of a matched pair (fields the gold does not annotate are left out).
pub fn compare_fields(p: &Event, g: &GoldEvent, doc: &GoldDoc) -> Vec<FieldOutcome> {
    let mut out = Vec::new();

    if let Some(accepted) = &g.sub_event_type {
        let pred = p
            .sub_event_type
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let correct = accepted.iter().any(|a| a.as_deref().map(str::trim) == pred);
        let shown: Vec<String> = accepted.iter().map(|a| show_opt(a.as_deref())).collect();
        out.push(FieldOutcome {
            field: Field::SubEventType,
            correct,
            gold: show_list(&shown),
            predicted: show_opt(pred),
        });
    }

    out.extend(score_date(p, g));

    let gl = &g.location;
    if gl.has_admin1() {
        out.push(FieldOutcome {
            field: Field::Admin1,
            correct: admin1_agrees(p, g),
            gold: {
                let mut names: Vec<&str> = Vec::new();
                for n in gl.admin1_names() {
                    if !names.contains(&n) {
                        names.push(n);
                    }
                }
                names.join(" | ")
            },
            predicted: format!(
                "{} ({})",
                show_opt(p.location.admin1.as_deref()),
                show_opt(p.location.admin1_code.as_deref())
            ),
        });
    }

    if let Some(ga2) = gl.admin2.as_deref().filter(|s| !s.trim().is_empty()) {
        let cands = [p.location.admin2.as_deref(), p.location.name.as_deref()];
        out.push(FieldOutcome {
            field: Field::Admin2,
            correct: cands.iter().flatten().any(|c| same_name(c, ga2)),
            gold: ga2.to_string(),
            predicted: format!(
                "{} (name {})",
                show_opt(p.location.admin2.as_deref()),
                show_opt(p.location.name.as_deref())
            ),
        });
    }

    if gl.precision() == "point" {
        if let Some(gc) = gl.coords() {
            let dist = pred_coords(p).map(|pc| haversine_km(gc, pc));
            out.push(FieldOutcome {
                field: Field::Point,
                correct: dist.is_some_and(|d| d <= POINT_RADIUS_KM),
                gold: format!("{:.4},{:.4}", gc.0, gc.1),
                predicted: match (pred_coords(p), dist) {
                    (Some(pc), Some(d)) => format!("{:.4},{:.4} ({d:.1} km)", pc.0, pc.1),
                    _ => "no coordinates".to_string(),
                },
            });
        }
    }

    out.extend(count_field(
        Field::FatalitiesLow,
        g.fatalities.as_ref(),
        p.fatalities.low,
    ));
    out.extend(count_field(
        Field::InjuriesLow,
        g.injuries.as_ref(),
        p.injuries.low,
    ));

    if let Some(perps) = g.perpetrator.as_ref().filter(|v| !v.is_empty()) {
        let pred: Vec<_> = p.actors_in(Role::Perpetrator).collect();
        let correct = perps.iter().any(|gp| {
            let aliases = doc.aliases_of(gp);
            pred.iter()
                .any(|a| actor_matches(&aliases, &a.id, &a.name, &a.text))
        });
        let shown: Vec<String> = pred
            .iter()
            .map(|a| format!("{} \"{}\"", a.id, a.text))
            .collect();
        out.push(FieldOutcome {
            field: Field::Perpetrator,
            correct,
            gold: show_list(perps),
            predicted: show_list(&shown),
        });
    }

    if let Some(claimants) = &g.claimed_by {
        let pred = pred_claimants(p);
        let correct = if claimants.is_empty() {
            pred.is_empty()
        } else {
            claimants.iter().all(|gc| {
                let aliases = doc.aliases_of(gc);
                pred.iter()
                    .any(|(id, name, text)| actor_matches(&aliases, id, name, text))
            })
        };
        let shown: Vec<String> = pred
            .iter()
            .map(|(id, _, text)| {
                if text.is_empty() {
                    id.clone()
                } else {
                    format!("{id} \"{text}\"")
                }
            })
            .collect();
        out.push(FieldOutcome {
            field: Field::ClaimedBy,
            correct,
            gold: show_list(claimants),
            predicted: show_list(&shown),
        });
    }

    if let Some(status) = g.attribution.as_deref() {
        let pred = serde_json::to_value(p.attribution.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        out.push(FieldOutcome {
            field: Field::Attribution,
            correct: status.trim().eq_ignore_ascii_case(&pred),
            gold: status.to_string(),
            predicted: pred,
        });
    }

    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_keys() {
        assert_eq!(name_key("IS-K"), "is k");
        assert_eq!(name_key("is_k"), "is k");
        assert_eq!(name_key("The Rebels’ Front"), "rebels front");
        assert_eq!(name_key("Île-de-Brume"), "ile de brume");
        assert_eq!(name_key("  "), "");
        assert_eq!(name_key("the"), "the");
    }
}
