/*!
An event as one line of JSON, field by field: the bytes `serde_json::to_writer`
writes for it (the contract's `sitrep.event/1`), at a fraction of the cost.

Through serde, each of an event's hundred or so fields cost a generic call, its
name a string escape and copy; here a field's name is one constant of bytes with
its quotes, comma and colon. The objects with many fields and no custom writing
(the event, its location, actors, casualties, claims, attribution, PLOVER codes)
are written here; their enums (written by their names, the serde renames), days,
floats, and the date and source objects (days written by `serialize_day`) are
left to [`sitrep_core::json`], which writes them as `serde_json` does. Each
struct is destructured whole, so a field added to one does not compile here
until it is written; the test `writes_what_serde_json_writes` holds the bytes to
serde's for events with every optional field present and absent, and the
identity runs (`/work/tools/identity.sh`) to every event of the dev sets.
*/

use sitrep_core::json;
use sitrep_core::{
    ActorRef, Attribution, Casualties, CasualtyClaim, Event, Location, Plover, Span,
};

/// Append a field's name (with its quotes, colon and any comma before it) and
/// its value as [`sitrep_core::json`] writes it.
fn field<T: serde::Serialize + ?Sized>(
    out: &mut Vec<u8>,
    name: &[u8],
    value: &T,
) -> Result<(), json::Error> {
    out.extend_from_slice(name);
    json::to_writer(out, value)
}

/// Append `ev`'s JSON (no newline) to `out`.
pub fn write_event(out: &mut Vec<u8>, ev: &Event) -> Result<(), json::Error> {
    let Event {
        schema,
        id,
        event_type,
        sub_event_type,
        plover,
        cameo,
        date,
        location,
        actors,
        fatalities,
        injuries,
        casualty_claims,
        attribution,
        modality,
        sources,
        confidence,
    } = ev;
    field(out, b"{\"schema\":", schema)?;
    field(out, b",\"id\":", id)?;
    field(out, b",\"event_type\":", event_type)?;
    field(out, b",\"sub_event_type\":", sub_event_type)?;
    out.extend_from_slice(b",\"plover\":");
    match plover {
        Some(p) => write_plover(out, p)?,
        None => out.extend_from_slice(b"null"),
    }
    field(out, b",\"cameo\":", cameo)?;
    field(out, b",\"date\":", date)?;
    out.extend_from_slice(b",\"location\":");
    write_location(out, location)?;
    out.extend_from_slice(b",\"actors\":");
    write_list(out, actors, write_actor)?;
    out.extend_from_slice(b",\"fatalities\":");
    write_casualties(out, fatalities)?;
    out.extend_from_slice(b",\"injuries\":");
    write_casualties(out, injuries)?;
    out.extend_from_slice(b",\"casualty_claims\":");
    write_list(out, casualty_claims, write_claim)?;
    out.extend_from_slice(b",\"attribution\":");
    write_attribution(out, attribution)?;
    field(out, b",\"modality\":", modality)?;
    field(out, b",\"sources\":", sources)?;
    field(out, b",\"confidence\":", confidence)?;
    out.push(b'}');
    Ok(())
}

/// `[a,b,…]`, each item by `write`.
fn write_list<T>(
    out: &mut Vec<u8>,
    items: &[T],
    write: fn(&mut Vec<u8>, &T) -> Result<(), json::Error>,
) -> Result<(), json::Error> {
    out.push(b'[');
    for (k, item) in items.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        write(out, item)?;
    }
    out.push(b']');
    Ok(())
}

/// `,"name":value` for an optional field serde skips when absent.
fn write_if_some<T: serde::Serialize>(
    out: &mut Vec<u8>,
    key: &[u8],
    v: Option<&T>,
) -> Result<(), json::Error> {
    if let Some(v) = v {
        out.extend_from_slice(key);
        json::to_writer(out, v)?;
    }
    Ok(())
}

/// `[start,end]`.
fn write_span(out: &mut Vec<u8>, s: Span) -> Result<(), json::Error> {
    json::to_writer(out, &s)
}

fn write_plover(out: &mut Vec<u8>, p: &Plover) -> Result<(), json::Error> {
    let Plover { event, mode } = p;
    field(out, b"{\"event\":", event)?;
    write_if_some(out, b",\"mode\":", mode.as_ref())?;
    out.push(b'}');
    Ok(())
}

fn write_location(out: &mut Vec<u8>, l: &Location) -> Result<(), json::Error> {
    let Location {
        name,
        admin2,
        admin1,
        admin1_code,
        country,
        lat,
        lon,
        geonames_id,
        precision,
        text,
        span,
    } = l;
    field(out, b"{\"name\":", name)?;
    field(out, b",\"admin2\":", admin2)?;
    field(out, b",\"admin1\":", admin1)?;
    field(out, b",\"admin1_code\":", admin1_code)?;
    field(out, b",\"country\":", country)?;
    field(out, b",\"lat\":", lat)?;
    field(out, b",\"lon\":", lon)?;
    field(out, b",\"geonames_id\":", geonames_id)?;
    field(out, b",\"precision\":", precision)?;
    write_if_some(out, b",\"text\":", text.as_ref())?;
    write_if_some(out, b",\"span\":", span.as_ref())?;
    out.push(b'}');
    Ok(())
}

fn write_actor(out: &mut Vec<u8>, a: &ActorRef) -> Result<(), json::Error> {
    let ActorRef {
        role,
        id,
        name,
        kind,
        text,
        span,
    } = a;
    field(out, b"{\"role\":", role)?;
    field(out, b",\"id\":", id)?;
    field(out, b",\"name\":", name)?;
    field(out, b",\"type\":", kind)?;
    field(out, b",\"text\":", text)?;
    out.extend_from_slice(b",\"span\":");
    write_span(out, *span)?;
    out.push(b'}');
    Ok(())
}

fn write_casualties(out: &mut Vec<u8>, c: &Casualties) -> Result<(), json::Error> {
    let Casualties {
        low,
        best,
        high,
        text,
        span,
    } = c;
    field(out, b"{\"low\":", low)?;
    field(out, b",\"best\":", best)?;
    field(out, b",\"high\":", high)?;
    write_if_some(out, b",\"text\":", text.as_ref())?;
    write_if_some(out, b",\"span\":", span.as_ref())?;
    out.push(b'}');
    Ok(())
}

fn write_claim(out: &mut Vec<u8>, c: &CasualtyClaim) -> Result<(), json::Error> {
    let CasualtyClaim {
        kind,
        low,
        high,
        by,
        span,
    } = c;
    field(out, b"{\"kind\":", kind)?;
    field(out, b",\"low\":", low)?;
    field(out, b",\"high\":", high)?;
    field(out, b",\"by\":", by)?;
    out.extend_from_slice(b",\"span\":");
    write_span(out, *span)?;
    out.push(b'}');
    Ok(())
}

fn write_attribution(out: &mut Vec<u8>, a: &Attribution) -> Result<(), json::Error> {
    let Attribution {
        status,
        claimed_by,
        alleged_by,
        claimed_via,
    } = a;
    field(out, b"{\"status\":", status)?;
    field(out, b",\"claimed_by\":", claimed_by)?;
    field(out, b",\"alleged_by\":", alleged_by)?;
    write_if_some(out, b",\"claimed_via\":", claimed_via.as_ref())?;
    out.push(b'}');
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::{
        ActorType, AttributionStatus, CasualtyKind, DateRange, EventType, GeoPrecision, Modality,
        Role, Source,
    };

    /// An event with every optional field present (`full`) or absent, and
    /// strings that need escapes.
    fn event(full: bool) -> Event {
        let some = |s: &str| full.then(|| s.to_string());
        let span = full.then_some(Span::new(3, 9));
        Event {
            schema: "sitrep.event/1".into(),
            id: "e\"1".into(),
            event_type: EventType::ViolenceAgainstCivilians,
            sub_event_type: some("attack"),
            plover: Some(sitrep_core::Plover {
                event: "ASSAULT".into(),
                mode: some("explosives"),
            }),
            cameo: some("18"),
            date: DateRange {
                text: some("on Friday"),
                span,
                ..DateRange::default()
            },
            location: Location {
                name: some("Gao\\Nord"),
                admin2: some("a2"),
                admin1: some("a1"),
                admin1_code: some("ML.07"),
                country: some("ML"),
                lat: full.then_some(16.27),
                lon: full.then_some(-0.04),
                geonames_id: full.then_some(2457163),
                precision: GeoPrecision::default(),
                text: some("town of Gao"),
                span,
            },
            actors: vec![ActorRef {
                role: Role::Perpetrator,
                id: "x".into(),
                name: "Gunmen\n".into(),
                kind: ActorType::default(),
                text: "gunmen".into(),
                span: Span::new(0, 6),
            }],
            fatalities: Casualties {
                low: Some(5),
                best: full.then_some(5),
                high: None,
                text: some("killing five"),
                span,
            },
            injuries: Casualties::default(),
            casualty_claims: vec![CasualtyClaim {
                kind: CasualtyKind::Killed,
                low: Some(5),
                high: full.then_some(7),
                by: "media".into(),
                span: Span::new(10, 22),
            }],
            attribution: Attribution {
                status: AttributionStatus::Claimed,
                claimed_by: vec!["x".into()],
                alleged_by: vec![],
                claimed_via: some("statement"),
            },
            modality: Modality::Asserted,
            sources: vec![Source {
                doc: "d1".into(),
                url: some("https://example.invalid/a"),
                published: None,
                sentences: vec![Span::new(0, 40)],
            }],
            confidence: 0.95,
        }
    }

    #[test]
    fn writes_what_serde_json_writes() {
        for full in [true, false] {
            let ev = event(full);
            let mut ours = Vec::new();
            write_event(&mut ours, &ev).expect("written");
            let theirs = serde_json::to_vec(&ev).expect("written");
            assert_eq!(
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&theirs)
            );
        }
        let mut bare = event(false);
        bare.plover = None;
        bare.actors.clear();
        bare.casualty_claims.clear();
        let mut ours = Vec::new();
        write_event(&mut ours, &bare).expect("written");
        assert_eq!(ours, serde_json::to_vec(&bare).expect("written"));
    }
}
