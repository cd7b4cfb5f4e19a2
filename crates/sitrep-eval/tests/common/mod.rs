/*!
Builders shared by the scorer tests: a toy predicted [`Event`] and a toy gold file,
all about invented places (the country `ZZ`, its province Keshmar `ZZ.07`, the town
Varnolt) so that no test depends on real data.
*/
#![allow(dead_code)]

use chrono::NaiveDate;
use sitrep_core::{
    ActorRef, ActorType, Attribution, Casualties, DateRange, Event, EventType, GeoPrecision,
    Location, Modality, Role, Source, Span,
};
use sitrep_eval::{parse_gold, GoldDoc};
use std::collections::BTreeMap;

pub const DOC: &str = "t01_toy.txt";

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A prediction in Varnolt, Keshmar, ZZ on 2024-05-03.
pub fn pred(id: &str, t: EventType) -> Event {
    Event {
        schema: sitrep_core::SCHEMA.to_string(),
        id: id.to_string(),
        event_type: t,
        sub_event_type: None,
        plover: None,
        cameo: None,
        date: DateRange::day(day("2024-05-03")),
        location: Location {
            name: Some("Varnolt".into()),
            admin2: Some("Varnolt District".into()),
            admin1: Some("Keshmar".into()),
            admin1_code: Some("ZZ.07".into()),
            country: Some("ZZ".into()),
            lat: Some(10.0),
            lon: Some(20.0),
            geonames_id: None,
            precision: GeoPrecision::Point,
            text: None,
            span: None,
        },
        actors: Vec::new(),
        fatalities: Casualties::default(),
        injuries: Casualties::default(),
        casualty_claims: Vec::new(),
        attribution: Attribution::default(),
        modality: Modality::Asserted,
        sources: vec![Source {
            doc: DOC.into(),
            url: None,
            published: None,
            sentences: Vec::new(),
        }],
        confidence: 0.9,
    }
}

pub fn actor(role: Role, id: &str, text: &str) -> ActorRef {
    ActorRef {
        role,
        id: id.into(),
        name: id.into(),
        kind: ActorType::RebelGroup,
        text: text.into(),
        span: Span::new(0, 0),
    }
}

/// A gold file with the given events (JSON array text) and actors (JSON object text).
pub fn gold(events: &str, actors: &str) -> GoldDoc {
    let text = format!(
        r#"{{"doc": "{DOC}", "publication_date": "2024-05-04", "events": {events}, "actors": {actors}}}"#
    );
    parse_gold(&text, "t01_toy.json").unwrap()
}

pub const DAY: &str =
    r#"{"start": "2024-05-03", "end": "2024-05-03", "precision": "day", "exact": true}"#;
pub const KESHMAR: &str = r#"{"name": "Varnolt", "country": "ZZ", "admin1": "Keshmar",
    "admin1_aliases": ["Keshmar", "Kešmar", "ZZ.07"], "precision": "admin1"}"#;

/// A required gold event in Varnolt/Keshmar on 2024-05-03 (day, exact), with extra fields.
pub fn gold_event(id: &str, event_type: &str, extra: &str) -> String {
    gold_event_at(id, event_type, DAY, KESHMAR, extra)
}

/// A required gold event with the given `date` and `location` objects and extra fields.
pub fn gold_event_at(id: &str, event_type: &str, date: &str, loc: &str, extra: &str) -> String {
    let extra = if extra.is_empty() {
        String::new()
    } else {
        format!(", {extra}")
    };
    format!(
        r#"{{"id": "{id}", "required": true, "event_type": "{event_type}",
            "date": {date}, "location": {loc}{extra}}}"#
    )
}

pub fn preds(v: Vec<Event>) -> BTreeMap<String, Vec<Event>> {
    let mut m = BTreeMap::new();
    m.insert(DOC.to_string(), v);
    m
}

pub fn no_texts() -> BTreeMap<String, String> {
    BTreeMap::new()
}
