/*!
Self-check on the real gold sets: predictions built from the gold itself (an
"oracle") must score P = R = 1 and every field 1.0, and moving each oracle event to
another country must turn every violent prediction into a false positive. This
exercises the matcher on every format variant actually in use. Skipped, with a
message, when `shared/` is absent.
*/

use chrono::NaiveDate;
use sitrep_core::{
    ActorRef, ActorType, Attribution, AttributionStatus, Casualties, DatePrecision, DateRange,
    Event, EventType, GeoPrecision, Location, Modality, Role, Source, Span,
};
use sitrep_eval::{load_gold_dir, score, GoldDoc, GoldEvent};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn precision(s: &str) -> DatePrecision {
    match s {
        "day" => DatePrecision::Day,
        "days" => DatePrecision::Days,
        "week" => DatePrecision::Week,
        "month" => DatePrecision::Month,
        "year" => DatePrecision::Year,
        _ => DatePrecision::Unknown,
    }
}

fn actor(role: Role, name: &str) -> ActorRef {
    ActorRef {
        role,
        id: name.to_string(),
        name: name.to_string(),
        kind: ActorType::Unknown,
        text: name.to_string(),
        span: Span::new(0, 0),
    }
}

fn oracle(doc: &GoldDoc, i: usize, g: &GoldEvent) -> Event {
    let low = |c: &Option<sitrep_eval::GoldCount>| c.as_ref().and_then(|c| c.low.flatten());
    let mut actors: Vec<ActorRef> = g
        .perpetrator
        .iter()
        .flatten()
        .map(|p| actor(Role::Perpetrator, p))
        .collect();
    actors.extend(
        g.claimed_by
            .iter()
            .flatten()
            .map(|c| actor(Role::Claimant, c)),
    );
    let status = match g.attribution.as_deref() {
        Some("alleged") => AttributionStatus::Alleged,
        Some("claimed") => AttributionStatus::Claimed,
        _ => AttributionStatus::Unattributed,
    };
    let date = match (g.date.start, g.date.end) {
        (None, None) => DateRange::default(),
        (s, e) => {
            let s: NaiveDate = s.or(e).unwrap();
            DateRange::resolved(s, e.unwrap_or(s), precision(g.date.precision()))
        }
    };
    Event {
        schema: sitrep_core::SCHEMA.into(),
        id: format!("oracle-{i}"),
        event_type: EventType::parse(&g.event_type).unwrap(),
        sub_event_type: g
            .sub_event_type
            .as_ref()
            .and_then(|v| v.first().cloned().flatten()),
        plover: None,
        cameo: None,
        date,
        location: Location {
            name: g.location.name.clone(),
            admin2: g.location.admin2.clone(),
            admin1: g.location.admin1.clone(),
            admin1_code: None,
            country: g.location.country.clone(),
            lat: g.location.lat,
            lon: g.location.lon,
            geonames_id: None,
            precision: GeoPrecision::Unknown,
            text: None,
            span: None,
        },
        actors,
        fatalities: Casualties {
            low: low(&g.fatalities),
            ..Casualties::default()
        },
        injuries: Casualties {
            low: low(&g.injuries),
            ..Casualties::default()
        },
        casualty_claims: Vec::new(),
        attribution: Attribution {
            status,
            ..Attribution::default()
        },
        modality: Modality::Asserted,
        sources: vec![Source {
            doc: doc.doc.clone(),
            url: None,
            published: None,
            sentences: vec![],
        }],
        confidence: 1.0,
    }
}

#[test]
fn oracle_predictions_score_perfectly() {
    for sub in ["dev-set/gold", "dev-pool/gold"] {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared")
            .join(sub);
        if !dir.is_dir() {
            println!("skipping: {} not found", dir.display());
            continue;
        }
        let gold = load_gold_dir(&dir).unwrap();
        let mut preds: BTreeMap<String, Vec<Event>> = BTreeMap::new();
        for d in &gold {
            let v = d.events.iter().enumerate().map(|(i, g)| oracle(d, i, g));
            preds.insert(d.doc.clone(), v.collect());
        }
        let r = score(&gold, &preds, &BTreeMap::new());
        let text = r.render_text();
        assert_eq!(r.detection.precision, Some(1.0), "{sub}\n{text}");
        assert_eq!(r.detection.recall, Some(1.0), "{sub}\n{text}");
        assert_eq!(r.matches.len(), r.gold_events, "{sub}\n{text}");
        assert!(r.field_errors.is_empty(), "{sub}\n{text}");
        assert!(r.fields.iter().all(|f| f.correct == f.total));
        println!("{sub}: {}", text.lines().rev().nth(2).unwrap_or(""));

        // Everything moved abroad: nothing matches.
        for v in preds.values_mut() {
            for e in v.iter_mut() {
                e.location.country = Some("QQ".into());
                e.location.lat = Some(-60.0);
                e.location.lon = Some(0.0);
            }
        }
        let r = score(&gold, &preds, &BTreeMap::new());
        assert_eq!(r.detection.matched_violent, 0);
        assert_eq!(r.false_positives.len(), r.detection.predicted_violent);
        assert_eq!(r.misses.len(), r.detection.required_gold);
    }
}
