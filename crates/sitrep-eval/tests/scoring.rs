/*!
Scorer behaviour on toy gold files and toy predictions: every match condition,
the one-to-one greedy assignment, detection figures and each field rule of the
contract.
*/

mod common;

use common::*;
use sitrep_core::{
    AttributionStatus, DatePrecision, DateRange, EventType, GeoPrecision, Role, Source, Span,
};
use sitrep_eval::{score, Report};
use std::collections::BTreeMap;

const VAC: EventType = EventType::ViolenceAgainstCivilians;
const ERV: EventType = EventType::ExplosionsRemoteViolence;

fn field(r: &Report, name: &str) -> (usize, usize) {
    r.fields
        .iter()
        .find(|f| f.field == name)
        .map(|f| (f.correct, f.total))
        .unwrap()
}

fn run(events: Vec<String>, actors: &str, p: Vec<sitrep_core::Event>) -> Report {
    let g = gold(&format!("[{}]", events.join(",")), actors);
    score(&[g], &preds(p), &no_texts())
}

#[test]
fn main_and_alternative_type_match_other_types_do_not() {
    let ev = gold_event(
        "g1",
        "explosions_remote_violence",
        r#""alternative_event_type": "violence_against_civilians""#,
    );
    let r = run(vec![ev.clone()], "{}", vec![pred("p1", ERV)]);
    assert_eq!(r.detection.matched_required, 1);
    let r = run(vec![ev.clone()], "{}", vec![pred("p1", VAC)]);
    assert_eq!(r.detection.matched_required, 1);
    let r = run(vec![ev], "{}", vec![pred("p1", EventType::Battles)]);
    assert_eq!(r.detection.matched_required, 0);
    assert_eq!(r.false_positives.len(), 1);
    assert!(r.false_positives[0].nearest.contains("fails type"));
    assert_eq!(r.misses.len(), 1);
    assert!(r.misses[0].nearest.contains("fails type"));
}

#[test]
fn admin1_matches_by_alias_code_or_diacritics() {
    let ev = gold_event("g1", "battles", "");
    // Another spelling with diacritics and case.
    let mut p = pred("p1", EventType::Battles);
    p.location.admin1 = Some("KEŠMAR".into());
    p.location.admin1_code = None;
    p.location.lat = None;
    p.location.lon = None;
    assert_eq!(
        run(vec![ev.clone()], "{}", vec![p])
            .detection
            .matched_required,
        1
    );
    // Only the code.
    let mut p = pred("p1", EventType::Battles);
    p.location.admin1 = None;
    p.location.admin1_code = Some("zz.07".into());
    p.location.lat = None;
    p.location.lon = None;
    let r = run(vec![ev.clone()], "{}", vec![p]);
    assert_eq!(r.detection.matched_required, 1);
    assert_eq!(field(&r, "admin1"), (1, 1));
    // Another province, no coordinates in the gold: no match.
    let mut p = pred("p1", EventType::Battles);
    p.location.admin1 = Some("Oldmark".into());
    p.location.admin1_code = Some("ZZ.03".into());
    assert_eq!(
        run(vec![ev.clone()], "{}", vec![p])
            .detection
            .matched_required,
        0
    );
    // Same admin1 name but another country: no match.
    let mut p = pred("p1", EventType::Battles);
    p.location.country = Some("YY".into());
    p.location.lat = None;
    p.location.lon = None;
    assert_eq!(run(vec![ev], "{}", vec![p]).detection.matched_required, 0);
}

#[test]
fn fifty_km_fallback_and_point_accuracy() {
    let loc = r#"{"name": "Varnolt", "country": "ZZ", "admin1": "Keshmar",
                  "lat": 10.0, "lon": 20.0, "precision": "point"}"#;
    let ev = gold_event_at("g1", "battles", DAY, loc, "");
    // Another province (a border town) 0.3° ≈ 33 km away: matches, point wrong.
    let mut p = pred("p1", EventType::Battles);
    p.location.admin1 = Some("Oldmark".into());
    p.location.admin1_code = None;
    p.location.lat = Some(10.3);
    let r = run(vec![ev.clone()], "{}", vec![p.clone()]);
    assert_eq!(r.detection.matched_required, 1);
    assert_eq!(field(&r, "point_25km"), (0, 1));
    assert_eq!(field(&r, "admin1"), (0, 1));
    // 0.1° ≈ 11 km: point right.
    p.location.lat = Some(10.1);
    let r = run(vec![ev.clone()], "{}", vec![p.clone()]);
    assert_eq!(field(&r, "point_25km"), (1, 1));
    // 0.6° ≈ 67 km in another province: no match.
    p.location.lat = Some(10.6);
    assert_eq!(
        run(vec![ev.clone()], "{}", vec![p.clone()])
            .detection
            .matched_required,
        0
    );
    // No coordinates predicted, same admin1: matches, point wrong.
    let mut q = pred("p2", EventType::Battles);
    q.location.lat = None;
    q.location.lon = None;
    let r = run(vec![ev], "{}", vec![q]);
    assert_eq!(field(&r, "point_25km"), (0, 1));
    // A point gold without coordinates does not score the point field.
    let r = run(
        vec![gold_event("g2", "battles", "")],
        "{}",
        vec![pred("p", EventType::Battles)],
    );
    assert_eq!(field(&r, "point_25km"), (0, 0));
}

#[test]
fn country_precision_and_country_only_gold() {
    let loc = r#"{"name": "the country", "country": "ZZ", "precision": "country"}"#;
    let ev = gold_event_at("g1", "battles", DAY, loc, "");
    let mut p = pred("p1", EventType::Battles);
    p.location.admin1 = Some("Oldmark".into());
    let r = run(vec![ev.clone()], "{}", vec![p.clone()]);
    assert_eq!(r.detection.matched_required, 1);
    assert_eq!(field(&r, "admin1"), (0, 0));
    p.location.country = Some("YY".into());
    assert_eq!(
        run(vec![ev], "{}", vec![p.clone()])
            .detection
            .matched_required,
        0
    );
    // No admin1 and no coordinates, whatever the precision: same country suffices.
    let loc = r#"{"name": "somewhere", "country": "YY", "precision": "point"}"#;
    let ev = gold_event_at("g1", "battles", DAY, loc, "");
    assert_eq!(run(vec![ev], "{}", vec![p]).detection.matched_required, 1);
}

#[test]
fn date_overlap_unresolved_and_inexact() {
    let ev = gold_event("g1", "battles", "");
    // An overlapping range matches; the date field is wrong (not exact).
    let mut p = pred("p1", EventType::Battles);
    p.date = DateRange::resolved(day("2024-05-01"), day("2024-05-05"), DatePrecision::Days);
    let r = run(vec![ev.clone()], "{}", vec![p]);
    assert_eq!(r.detection.matched_required, 1);
    assert_eq!(field(&r, "date"), (0, 1));
    // A disjoint date: no match.
    let mut p = pred("p1", EventType::Battles);
    p.date = DateRange::day(day("2024-06-03"));
    let r = run(vec![ev.clone()], "{}", vec![p]);
    assert_eq!(r.detection.matched_required, 0);
    assert!(r.misses[0].nearest.contains("fails date"));
    // Unresolved prediction: found, date wrong.
    let mut p = pred("p1", EventType::Battles);
    p.date = DateRange::unknown("weekday without anchor");
    let r = run(vec![ev.clone()], "{}", vec![p]);
    assert_eq!(r.detection.matched_required, 1);
    assert_eq!(field(&r, "date"), (0, 1));
    assert_eq!(r.field_errors[0].field, "date");
    // Exact day: right.
    let r = run(vec![ev], "{}", vec![pred("p1", EventType::Battles)]);
    assert_eq!(field(&r, "date"), (1, 1));

    // Month precision: any day range inside that month agrees.
    let month = r#"{"start": "2024-05-01", "end": "2024-05-31", "precision": "month"}"#;
    let ev = gold_event_at("g1", "battles", month, KESHMAR, "");
    let r = run(vec![ev], "{}", vec![pred("p1", EventType::Battles)]);
    assert_eq!(field(&r, "date"), (1, 1));

    // exact: false: used for matching only.
    let inexact =
        r#"{"start": "2024-04-28", "end": "2024-05-04", "precision": "week", "exact": false}"#;
    let ev = gold_event_at("g1", "battles", inexact, KESHMAR, "");
    let r = run(vec![ev.clone()], "{}", vec![pred("p1", EventType::Battles)]);
    assert_eq!(r.detection.matched_required, 1);
    assert_eq!(field(&r, "date"), (0, 0));
    let mut p = pred("p1", EventType::Battles);
    p.date = DateRange::day(day("2024-05-20"));
    assert_eq!(run(vec![ev], "{}", vec![p]).detection.matched_required, 0);

    // Gold date unknown: any predicted date matches; only an unresolved one is right.
    let unknown = r#"{"start": null, "end": null, "precision": "unknown", "weekday": "Friday"}"#;
    let ev = gold_event_at("g1", "battles", unknown, KESHMAR, "");
    let mut p = pred("p1", EventType::Battles);
    p.date = DateRange::day(day("1999-01-01"));
    let r = run(vec![ev.clone()], "{}", vec![p]);
    assert_eq!(r.detection.matched_required, 1);
    assert_eq!(field(&r, "date"), (0, 1));
    let mut p = pred("p1", EventType::Battles);
    p.date = DateRange::unknown("no anchor");
    assert_eq!(field(&run(vec![ev], "{}", vec![p]), "date"), (1, 1));

    // Unknown precision with a range: matching skipped, field not scored.
    let loose = r#"{"start": "2020-01-01", "end": "2021-01-01", "precision": "unknown"}"#;
    let ev = gold_event_at("g1", "battles", loose, KESHMAR, "");
    let r = run(vec![ev], "{}", vec![pred("p1", EventType::Battles)]);
    assert_eq!(r.detection.matched_required, 1);
    assert_eq!(field(&r, "date"), (0, 0));
}

#[test]
fn optional_gold_is_never_a_false_positive_and_never_in_recall() {
    let req = gold_event("g1", "battles", "");
    let opt = r#"{"id": "g2", "required": false, "event_type": "violence_against_civilians",
        "date": {"start": null, "end": null, "precision": "unknown"},
        "location": {"country": "ZZ", "admin1": "Keshmar", "precision": "admin1"}}"#
        .to_string();
    let r = run(
        vec![req.clone(), opt.clone()],
        "{}",
        vec![pred("p1", EventType::Battles), pred("p2", VAC)],
    );
    let d = &r.detection;
    assert_eq!((d.predicted_violent, d.matched_violent), (2, 2));
    assert_eq!((d.required_gold, d.matched_required), (1, 1));
    assert_eq!((d.optional_gold, d.matched_optional), (1, 1));
    assert_eq!(d.precision, Some(1.0));
    assert_eq!(d.recall, Some(1.0));
    assert!(r.false_positives.is_empty());
    // An unmatched optional gold is not a miss.
    let r = run(vec![req, opt], "{}", vec![pred("p1", EventType::Battles)]);
    assert!(r.misses.is_empty());
    assert_eq!(r.detection.recall, Some(1.0));
}

#[test]
fn non_violent_predictions_stay_out_of_precision() {
    let ev = gold_event("g1", "battles", "");
    let r = run(
        vec![ev],
        "{}",
        vec![
            pred("p1", EventType::Battles),
            pred("p2", EventType::Statement),
            pred("p3", EventType::Protests),
        ],
    );
    let d = &r.detection;
    assert_eq!((d.predicted_violent, d.matched_violent), (1, 1));
    assert_eq!(d.predicted_other, 2);
    assert_eq!(d.precision, Some(1.0));
    assert!(r.false_positives.is_empty());
}

#[test]
fn greedy_one_to_one_prefers_best_field_agreement() {
    let a = gold_event("ga", "battles", r#""fatalities": {"low": 3}"#);
    let b = gold_event("gb", "battles", r#""fatalities": {"low": 9}"#);
    let mut p1 = pred("p1", EventType::Battles);
    p1.fatalities.low = Some(9);
    let mut p2 = pred("p2", EventType::Battles);
    p2.fatalities.low = Some(3);
    let mut p3 = pred("p3", EventType::Battles);
    p3.fatalities.low = Some(3);
    let r = run(vec![a, b], "{}", vec![p1, p2, p3]);
    let pairs: Vec<(&str, &str)> = r
        .matches
        .iter()
        .map(|m| (m.gold_id.as_str(), m.event_id.as_str()))
        .collect();
    assert_eq!(pairs, vec![("ga", "p2"), ("gb", "p1")]);
    assert_eq!(field(&r, "fatalities.low"), (2, 2));
    // The duplicate is a false positive, noted as compatible but taken.
    assert_eq!(r.false_positives.len(), 1);
    assert_eq!(r.false_positives[0].event_id, "p3");
    assert!(r.false_positives[0]
        .nearest
        .contains("compatible but taken"));
    let d = &r.detection;
    assert_eq!((d.matched_violent, d.predicted_violent), (2, 3));
    assert!((d.precision.unwrap() - 2.0 / 3.0).abs() < 1e-9);
    assert!((d.f1.unwrap() - 0.8).abs() < 1e-9);
}

#[test]
fn sub_event_type_lists_and_nulls() {
    let ev = gold_event(
        "g1",
        "battles",
        r#""sub_event_type": ["armed_clash", null]"#,
    );
    let mut p = pred("p1", EventType::Battles);
    assert_eq!(
        field(
            &run(vec![ev.clone()], "{}", vec![p.clone()]),
            "sub_event_type"
        ),
        (1, 1)
    );
    p.sub_event_type = Some("armed_clash".into());
    assert_eq!(
        field(
            &run(vec![ev.clone()], "{}", vec![p.clone()]),
            "sub_event_type"
        ),
        (1, 1)
    );
    p.sub_event_type = Some("attack".into());
    assert_eq!(
        field(&run(vec![ev], "{}", vec![p.clone()]), "sub_event_type"),
        (0, 1)
    );
    let ev = gold_event("g1", "battles", r#""sub_event_type": ["armed_clash"]"#);
    p.sub_event_type = None;
    assert_eq!(
        field(&run(vec![ev], "{}", vec![p.clone()]), "sub_event_type"),
        (0, 1)
    );
    let ev = gold_event("g1", "battles", r#""sub_event_type": null"#);
    assert_eq!(
        field(&run(vec![ev], "{}", vec![p]), "sub_event_type"),
        (0, 0)
    );
}

#[test]
fn admin2_accepts_admin2_or_place_name() {
    let loc = r#"{"name": "Tarn hamlet", "admin2": "Varnolt District", "country": "ZZ",
                  "admin1": "Keshmar", "precision": "point"}"#;
    let ev = gold_event_at("g1", "battles", DAY, loc, "");
    let mut p = pred("p1", EventType::Battles);
    assert_eq!(
        field(&run(vec![ev.clone()], "{}", vec![p.clone()]), "admin2"),
        (1, 1)
    );
    p.location.admin2 = None;
    p.location.name = Some("varnolt district".into());
    assert_eq!(
        field(&run(vec![ev.clone()], "{}", vec![p.clone()]), "admin2"),
        (1, 1)
    );
    p.location.name = Some("Varnolt".into());
    assert_eq!(
        field(&run(vec![ev], "{}", vec![p.clone()]), "admin2"),
        (0, 1)
    );
    // No admin2 in the gold: not scored.
    let r = run(vec![gold_event("g1", "battles", "")], "{}", vec![p]);
    assert_eq!(field(&r, "admin2"), (0, 0));
}

#[test]
fn casualty_lows_missing_null_and_number() {
    let ev = gold_event(
        "g1",
        "battles",
        r#""fatalities": {"low": 7, "high": null}, "injuries": {"low": null}"#,
    );
    let mut p = pred("p1", EventType::Battles);
    p.fatalities.low = Some(7);
    let r = run(vec![ev.clone()], "{}", vec![p.clone()]);
    assert_eq!(field(&r, "fatalities.low"), (1, 1));
    assert_eq!(field(&r, "injuries.low"), (1, 1));
    p.injuries.low = Some(2);
    p.fatalities.low = Some(8);
    let r = run(vec![ev], "{}", vec![p.clone()]);
    assert_eq!(field(&r, "fatalities.low"), (0, 1));
    assert_eq!(field(&r, "injuries.low"), (0, 1));
    let e = r
        .field_errors
        .iter()
        .find(|e| e.field == "injuries.low")
        .unwrap();
    assert_eq!((e.gold.as_str(), e.predicted.as_str()), ("null", "2"));
    // No injuries object, and a fatalities object without `low`: neither scored.
    let ev = gold_event("g1", "battles", r#""fatalities": {"claimed": 40}"#);
    let r = run(vec![ev], "{}", vec![p]);
    assert_eq!(field(&r, "fatalities.low"), (0, 0));
    assert_eq!(field(&r, "injuries.low"), (0, 0));
}

const ACTORS: &str = r#"{
    "Varnolt Liberation Front": {"aliases": ["Varnolt Liberation Front", "VLF"]},
    "Keshmar Guard": {"aliases_in_text": ["Keshmar Guard", "the Guard"]}
}"#;

#[test]
fn perpetrator_matches_any_alias_by_id_name_or_text() {
    let ev = gold_event(
        "g1",
        "battles",
        r#""perpetrator": ["Varnolt Liberation Front"]"#,
    );
    let mut p = pred("p1", EventType::Battles);
    p.actors = vec![actor(Role::Perpetrator, "vlf", "the VLF fighters")];
    assert_eq!(
        field(
            &run(vec![ev.clone()], ACTORS, vec![p.clone()]),
            "perpetrator"
        ),
        (1, 1)
    );
    p.actors = vec![actor(Role::Perpetrator, "x-42", "VLF")];
    assert_eq!(
        field(
            &run(vec![ev.clone()], ACTORS, vec![p.clone()]),
            "perpetrator"
        ),
        (1, 1)
    );
    // The right actor in the wrong role does not count.
    p.actors = vec![actor(Role::Target, "vlf", "VLF")];
    assert_eq!(
        field(
            &run(vec![ev.clone()], ACTORS, vec![p.clone()]),
            "perpetrator"
        ),
        (0, 1)
    );
    // aliases_in_text and the map key itself.
    let ev = gold_event("g1", "battles", r#""perpetrator": ["Keshmar Guard"]"#);
    p.actors = vec![actor(Role::Perpetrator, "kg", "The Guard")];
    assert_eq!(
        field(
            &run(vec![ev.clone()], ACTORS, vec![p.clone()]),
            "perpetrator"
        ),
        (1, 1)
    );
    p.actors = vec![actor(Role::Perpetrator, "keshmar-guard", "them")];
    assert_eq!(
        field(&run(vec![ev], ACTORS, vec![p.clone()]), "perpetrator"),
        (1, 1)
    );
    // An actor missing from the map matches its own name; an empty list is not scored.
    let ev = gold_event("g1", "battles", r#""perpetrator": ["Grey Wolves of Tarn"]"#);
    p.actors = vec![actor(Role::Perpetrator, "grey-wolves-of-tarn", "")];
    assert_eq!(
        field(&run(vec![ev], ACTORS, vec![p.clone()]), "perpetrator"),
        (1, 1)
    );
    let ev = gold_event("g1", "battles", r#""perpetrator": []"#);
    assert_eq!(
        field(&run(vec![ev], ACTORS, vec![p]), "perpetrator"),
        (0, 0)
    );
}

#[test]
fn claimed_by_missing_empty_and_named() {
    let mut claimed = pred("p1", EventType::Battles);
    claimed.actors = vec![actor(Role::Claimant, "vlf", "VLF")];
    let mut by_attr = pred("p1", EventType::Battles);
    by_attr.attribution.claimed_by = vec!["vlf".into()];
    let plain = pred("p1", EventType::Battles);

    let empty = gold_event("g1", "battles", r#""claimed_by": []"#);
    assert_eq!(
        field(
            &run(vec![empty.clone()], ACTORS, vec![plain.clone()]),
            "claimed_by"
        ),
        (1, 1)
    );
    assert_eq!(
        field(
            &run(vec![empty.clone()], ACTORS, vec![claimed.clone()]),
            "claimed_by"
        ),
        (0, 1)
    );
    assert_eq!(
        field(
            &run(vec![empty], ACTORS, vec![by_attr.clone()]),
            "claimed_by"
        ),
        (0, 1)
    );

    let named = gold_event(
        "g1",
        "battles",
        r#""claimed_by": ["Varnolt Liberation Front"]"#,
    );
    assert_eq!(
        field(
            &run(vec![named.clone()], ACTORS, vec![claimed.clone()]),
            "claimed_by"
        ),
        (1, 1)
    );
    assert_eq!(
        field(
            &run(vec![named.clone()], ACTORS, vec![by_attr]),
            "claimed_by"
        ),
        (1, 1)
    );
    assert_eq!(
        field(&run(vec![named], ACTORS, vec![plain.clone()]), "claimed_by"),
        (0, 1)
    );

    // Two claimants: both must be found.
    let two = gold_event(
        "g1",
        "battles",
        r#""claimed_by": ["Varnolt Liberation Front", "Keshmar Guard"]"#,
    );
    assert_eq!(
        field(
            &run(vec![two.clone()], ACTORS, vec![claimed.clone()]),
            "claimed_by"
        ),
        (0, 1)
    );
    claimed
        .actors
        .push(actor(Role::Claimant, "kg", "Keshmar Guard"));
    assert_eq!(
        field(&run(vec![two], ACTORS, vec![claimed]), "claimed_by"),
        (1, 1)
    );

    // Missing key: not scored.
    let missing = gold_event("g1", "battles", "");
    assert_eq!(
        field(&run(vec![missing], ACTORS, vec![plain]), "claimed_by"),
        (0, 0)
    );
}

#[test]
fn attribution_status() {
    let ev = gold_event(
        "g1",
        "battles",
        r#""attribution": "alleged", "alleged_by": ["Keshmar Guard"]"#,
    );
    let mut p = pred("p1", EventType::Battles);
    assert_eq!(
        field(
            &run(vec![ev.clone()], ACTORS, vec![p.clone()]),
            "attribution"
        ),
        (0, 1)
    );
    p.attribution.status = AttributionStatus::Alleged;
    assert_eq!(
        field(&run(vec![ev], ACTORS, vec![p.clone()]), "attribution"),
        (1, 1)
    );
    let ev = gold_event("g1", "battles", r#""attribution": {"status": "claimed"}"#);
    assert_eq!(
        field(&run(vec![ev], ACTORS, vec![p.clone()]), "attribution"),
        (0, 1)
    );
    let ev = gold_event("g1", "battles", "");
    assert_eq!(
        field(&run(vec![ev], ACTORS, vec![p]), "attribution"),
        (0, 0)
    );
}

#[test]
fn false_positive_evidence_comes_from_source_sentences_or_spans() {
    let text = "Markets reopened in Varnolt. Gunmen torched a depot near Tarn on Monday. End.";
    let s = text.find("Gunmen").unwrap();
    let e = text.find("End").unwrap();
    let mut texts = BTreeMap::new();
    texts.insert(DOC.to_string(), text.to_string());
    let g = gold("[]", "{}");

    let mut p = pred("p1", VAC);
    p.sources = vec![Source {
        doc: DOC.into(),
        url: None,
        published: None,
        sentences: vec![Span::new(s, e - 1)],
    }];
    let r = score(std::slice::from_ref(&g), &preds(vec![p]), &texts);
    assert_eq!(r.false_positives.len(), 1);
    assert_eq!(
        r.false_positives[0].evidence,
        "Gunmen torched a depot near Tarn on Monday."
    );
    assert_eq!(
        r.false_positives[0].nearest,
        "no gold events for this document"
    );

    // No sentences: the sentence around the location span.
    let mut p = pred("p1", VAC);
    let t = text.find("Tarn").unwrap();
    p.location.span = Some(Span::new(t, t + 4));
    p.location.precision = GeoPrecision::Point;
    let r = score(std::slice::from_ref(&g), &preds(vec![p]), &texts);
    assert_eq!(
        r.false_positives[0].evidence,
        "Gunmen torched a depot near Tarn on Monday."
    );

    // Spans beyond the text never panic.
    let mut p = pred("p1", VAC);
    p.sources[0].sentences = vec![Span::new(500, 900)];
    p.location.span = Some(Span::new(1000, 2000));
    p.location.text = Some("near Tarn".into());
    let r = score(&[g], &preds(vec![p]), &texts);
    assert_eq!(r.false_positives[0].evidence, "near Tarn");
}

#[test]
fn per_document_rows_missing_predictions_and_ignored_keys() {
    let g1 = gold(&format!("[{}]", gold_event("g1", "battles", "")), "{}");
    let mut g2 = g1.clone();
    g2.doc = "t02_other.txt".into();
    let mut m = preds(vec![pred("p1", EventType::Battles)]);
    m.insert(
        "zz_unknown.txt".into(),
        vec![pred("p9", EventType::Battles)],
    );
    // A key without its extension also finds its document.
    m.insert("t02_other".into(), vec![pred("p2", EventType::Riots)]);
    let r = score(&[g1, g2], &m, &no_texts());
    assert_eq!(r.docs.len(), 2);
    assert_eq!(r.docs[0].detection.matched_required, 1);
    assert_eq!(r.docs[1].detection.predicted_violent, 1);
    assert_eq!(r.docs[1].detection.matched_required, 0);
    assert_eq!(r.ignored_docs, vec!["zz_unknown.txt".to_string()]);
    assert_eq!(r.detection.required_gold, 2);
    assert_eq!(r.detection.recall, Some(0.5));

    // A document with no predictions at all: P undefined, misses explained.
    let g = gold(&format!("[{}]", gold_event("g1", "battles", "")), "{}");
    let r = score(&[g], &BTreeMap::new(), &no_texts());
    assert_eq!(r.detection.precision, None);
    assert_eq!(r.detection.recall, Some(0.0));
    assert_eq!(r.detection.f1, None);
    assert_eq!(r.misses[0].nearest, "no predictions for this document");
}

#[test]
fn text_report_ends_with_three_summary_lines_and_json_serialises() {
    let ev = gold_event("g1", "battles", r#""fatalities": {"low": 4}"#);
    let mut p = pred("p1", EventType::Battles);
    p.fatalities.low = Some(5);
    let r = run(vec![ev], "{}", vec![p, pred("p2", VAC)]);
    let text = r.render_text();
    let lines: Vec<&str> = text.lines().collect();
    let n = lines.len();
    assert!(n > 3);
    assert!(
        lines[n - 3]
            .starts_with("events: P=0.50 R=1.00 F1=0.67 (matched 1/2 predicted, 1/1 required)"),
        "{}",
        lines[n - 3]
    );
    assert!(lines[n - 3].contains("| fatalities.low 0.00"));
    assert!(lines[n - 2].starts_with("fields: sub_event_type 0/0 | date 1/1"));
    assert_eq!(
        lines[n - 1],
        "errors: 0 misses, 1 false positives, 1 field errors; 1 matched pairs in 1 documents"
    );
    assert!(text.contains("fatalities.low: gold 4 | predicted 5"));
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["detection"]["matched_violent"], 1);
    assert_eq!(json["field_errors"][0]["field"], "fatalities.low");
}

#[test]
fn group_by_doc_puts_multi_source_events_in_each_document() {
    let mut p = pred("p1", EventType::Battles);
    p.sources.push(Source {
        doc: "t02_other.txt".into(),
        url: None,
        published: None,
        sentences: vec![],
    });
    p.sources.push(p.sources[0].clone());
    let m = sitrep_eval::group_by_doc(vec![p, pred("p2", VAC)]);
    assert_eq!(m.len(), 2);
    assert_eq!(m[DOC].len(), 2);
    assert_eq!(m["t02_other.txt"].len(), 1);
}

#[test]
fn publication_ranges_match_as_ranges_and_score_as_the_contract_says() {
    let ev = gold_event("g1", "battles", "");
    // The week up to publication overlaps the gold day: found, date wrong (not a day).
    let mut p = pred("p1", EventType::Battles);
    p.date = DateRange::from_publication(day("2024-05-04"), false);
    let r = run(vec![ev.clone()], "{}", vec![p]);
    assert_eq!(r.detection.matched_required, 1);
    assert_eq!(field(&r, "date"), (0, 1));
    // A week that ends before the gold day does not match.
    let mut p = pred("p1", EventType::Battles);
    p.date = DateRange::from_publication(day("2024-05-01"), false);
    assert_eq!(
        run(vec![ev.clone()], "{}", vec![p])
            .detection
            .matched_required,
        0
    );
    // "On or before publication": an open start reaches back to the gold day, but
    // fixes no day, even when publication is the gold day itself.
    let mut p = pred("p1", EventType::Battles);
    p.date = DateRange::from_publication(day("2024-05-03"), true);
    let r = run(vec![ev.clone()], "{}", vec![p]);
    assert_eq!(r.detection.matched_required, 1);
    assert_eq!(field(&r, "date"), (0, 1));
    // ... and never reaches after publication.
    let mut p = pred("p1", EventType::Battles);
    p.date = DateRange::from_publication(day("2024-05-02"), true);
    assert_eq!(run(vec![ev], "{}", vec![p]).detection.matched_required, 0);

    // Gold leaves the date unresolved: a publication range is not scored, a
    // date read from the text still is (and is wrong).
    let unknown = r#"{"start": null, "end": null, "precision": "unknown"}"#;
    let ev = gold_event_at("g1", "battles", unknown, KESHMAR, "");
    let mut p = pred("p1", EventType::Battles);
    p.date = DateRange::from_publication(day("2024-05-04"), false);
    let r = run(vec![ev.clone()], "{}", vec![p]);
    assert_eq!(r.detection.matched_required, 1);
    assert_eq!(field(&r, "date"), (0, 0));
    let mut p = pred("p1", EventType::Battles);
    p.date = DateRange::resolved(day("2024-04-28"), day("2024-05-04"), DatePrecision::Week);
    assert_eq!(field(&run(vec![ev], "{}", vec![p]), "date"), (0, 1));
}
