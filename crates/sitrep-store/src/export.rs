/*!
Writing stored events: a terminal table, JSON Lines, CSV and GeoJSON.

* **JSON Lines**: one merged `sitrep.event/1` record per line (the contract), with
  two added fields, `revision` and `n_sources`.
* **CSV**: ACLED's column names first (`event_date, event_type, sub_event_type,
  actor1, assoc_actor_1, actor2, interaction, country, admin1, admin2, location,
  latitude, longitude, geo_precision, time_precision, fatalities, notes, source`), so
  scripts written for ACLED exports run unchanged, then sitrep's richer columns
  (`event_id`, date range and precision, toll bounds, injuries, attribution,
  sources, revision, …, `date_basis`). ACLED conventions: `fatalities` is the
  conservative count (`low`, 0 when unknown); `event_date` the first day of the
  range (the last bound of an "on or before publication" range);
  `time_precision` 1 a day, 2 a few days or a week, 3 a month, a year or any
  other bounded range; names come from `data/store/` (sub-event types, actor
  inter codes, country names).
* **UCDP** (`ucdp`): a CSV with the columns of UCDP's Georeferenced Event
  Dataset (GED), in its names and codes (`type_of_violence` 1–3 from the sides'
  kinds in `data/store/ucdp-actor-sides.tsv`, `side_a`/`side_b`, `where_prec`
  1–6, `date_prec` 1–5, `best`/`low`/`high`, `priogrid_gid`, `geom_wkt` …), then
  sitrep's columns. UCDP's own dataset ids (`conflict_new_id`, `dyad_new_id`,
  `side_a_new_id`, `gwnoa` …) are left empty: sitrep does not know them; deaths
  are not split by side (all in `deaths_unknown`).
* **GeoJSON**: a `FeatureCollection` of points (`[lon, lat]`, WGS 84) with flat
  properties, which QGIS opens as a layer; events without coordinates have a null
  geometry.
* **Table**: a fixed-width summary for the terminal.
*/

use crate::{enum_str, StoreKnowledge, StoredEvent};
use sitrep_core::{Event, Role};
use std::io::{self, Write};

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Jsonl,
    Csv,
    Ucdp,
    Geojson,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        Some(match s {
            "table" => Format::Table,
            "jsonl" | "json" => Format::Jsonl,
            "csv" => Format::Csv,
            "ucdp" => Format::Ucdp,
            "geojson" => Format::Geojson,
            _ => return None,
        })
    }
}

/// Write events in a format.
pub fn write(
    f: Format,
    events: &[StoredEvent],
    k: &StoreKnowledge,
    out: &mut dyn Write,
) -> io::Result<()> {
    match f {
        Format::Table => write_table(events, out),
        Format::Jsonl => write_jsonl(events, out),
        Format::Csv => write_csv(events, k, out),
        Format::Ucdp => write_ucdp(events, k, out),
        Format::Geojson => write_geojson(events, out),
    }
}

fn record_value(e: &StoredEvent) -> serde_json::Value {
    let mut v = serde_json::to_value(&e.event).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert("revision".into(), e.revision.into());
        o.insert("n_sources".into(), e.n_sources.into());
    }
    v
}

pub fn write_jsonl(events: &[StoredEvent], out: &mut dyn Write) -> io::Result<()> {
    for e in events {
        serde_json::to_writer(&mut *out, &record_value(e))?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Quote a CSV field when it needs it (RFC 4180).
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// ACLED's columns, in the order and with the names of ACLED's export. `region`
/// and `admin3` are left empty (not derived yet); `source_scale` and `tags` are
/// empty as sitrep does not code them.
pub const ACLED_COLUMNS: [&str; 31] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

/// sitrep's own columns, after ACLED's.
pub const SITREP_COLUMNS: [&str; 24] = [
    "event_id",
    "sitrep_event_type",
    "sitrep_sub_event_type",
    "date_start",
    "date_end",
    "date_precision",
    "country_code",
    "admin1_code",
    "geonames_id",
    "location_precision",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "injuries_low",
    "injuries_best",
    "injuries_high",
    "attribution",
    "claimed_by",
    "actor1_id",
    "actor2_id",
    "n_sources",
    "source_urls",
    "revision",
    "date_basis",
];

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// ACLED's actor1 / associated actors / actor2 from the roles.
fn acled_actors(ev: &Event) -> (Vec<&sitrep_core::ActorRef>, Vec<&sitrep_core::ActorRef>) {
    let mut side1: Vec<_> = ev.actors_in(Role::Perpetrator).collect();
    let mut side2: Vec<_> = ev
        .actors
        .iter()
        .filter(|a| matches!(a.role, Role::Target | Role::Victim))
        .collect();
    let parts: Vec<_> = ev.actors_in(Role::Participant).collect();
    for p in parts {
        if side1.is_empty() {
            side1.push(p);
        } else if side2.is_empty() && side1.iter().all(|a| a.id != p.id) {
            side2.push(p);
        } else if side1.iter().all(|a| a.id != p.id) && side2.iter().all(|a| a.id != p.id) {
            side1.push(p);
        }
    }
    if side1.is_empty() {
        side1.extend(ev.actors_in(Role::Claimant));
    }
    (side1, side2)
}

/// The ACLED columns of one event.
pub fn acled_row(e: &StoredEvent, k: &StoreKnowledge) -> Vec<String> {
    let ev = &e.event;
    let (side1, side2) = acled_actors(ev);
    let name = |a: Option<&&sitrep_core::ActorRef>| a.map(|a| a.name.clone()).unwrap_or_default();
    let code = |a: Option<&&sitrep_core::ActorRef>| {
        a.and_then(|a| k.acled_actor_codes.get(&enum_str(&a.kind)).copied())
    };
    let interaction = match (code(side1.first()), code(side2.first())) {
        (Some(a), Some(b)) => format!("{}{}", a.min(b), a.max(b)),
        (Some(a), None) => format!("{a}0"),
        (None, Some(b)) => format!("{b}0"),
        (None, None) => String::new(),
    };
    let assoc1: Vec<String> = side1.iter().skip(1).map(|a| a.name.clone()).collect();
    let assoc2: Vec<String> = side2.iter().skip(1).map(|a| a.name.clone()).collect();
    let l = &ev.location;
    let country = l
        .country
        .as_ref()
        .map(|c| k.country_names.get(c).cloned().unwrap_or_else(|| c.clone()))
        .unwrap_or_default();
    let codes = l.country.as_ref().and_then(|c| k.country_codes.get(c));
    let sub = ev
        .sub_event_type
        .as_ref()
        .map(|s| {
            k.acled_sub_event_types
                .get(s)
                .cloned()
                .unwrap_or_else(|| s.clone())
        })
        .unwrap_or_default();
    let sources: Vec<String> = ev.sources.iter().map(|s| s.doc.clone()).collect();
    let civilians_hit = ev.actors.iter().any(|a| {
        matches!(a.role, Role::Target | Role::Victim) && a.kind == sitrep_core::ActorType::Civilians
    });
    let civilian_targeting = if civilians_hit {
        "Civilian targeting".to_string()
    } else {
        String::new()
    };
    let timestamp = chrono::DateTime::parse_from_rfc3339(&e.updated_at)
        .map(|t| t.timestamp().to_string())
        .unwrap_or_default();
    vec![
        format!("{}{}", codes.map_or("", |c| c.0.as_str()), ev.id),
        opt(ev.date.event_date().map(|d| d.format("%Y-%m-%d"))),
        opt(ev.date.event_date().map(|d| d.format("%Y"))),
        opt(ev.date.acled_time_precision()),
        k.disorder_types
            .get(ev.event_type.as_str())
            .cloned()
            .unwrap_or_default(),
        ev.event_type.acled_name().to_string(),
        sub,
        name(side1.first()),
        assoc1.join("; "),
        opt(code(side1.first())),
        name(side2.first()),
        assoc2.join("; "),
        opt(code(side2.first())),
        interaction,
        civilian_targeting,
        opt(codes.map(|c| c.1)),
        String::new(),
        country,
        opt(l.admin1.clone()),
        opt(l.admin2.clone()),
        String::new(),
        opt(l.name.clone()),
        opt(l.lat),
        opt(l.lon),
        opt(l.precision.acled_geo_precision()),
        sources.join("; "),
        String::new(),
        e.notes.clone(),
        ev.fatalities.low.unwrap_or(0).to_string(),
        String::new(),
        timestamp,
    ]
}

/// sitrep's columns of one event.
pub fn sitrep_row(e: &StoredEvent) -> Vec<String> {
    let ev = &e.event;
    let (side1, side2) = acled_actors(ev);
    let l = &ev.location;
    let urls: Vec<String> = ev.sources.iter().filter_map(|s| s.url.clone()).collect();
    vec![
        ev.id.clone(),
        ev.event_type.as_str().to_string(),
        opt(ev.sub_event_type.clone()),
        opt(ev.date.start.map(|d| d.format("%Y-%m-%d"))),
        opt(ev.date.end.map(|d| d.format("%Y-%m-%d"))),
        enum_str(&ev.date.precision),
        opt(l.country.clone()),
        opt(l.admin1_code.clone()),
        opt(l.geonames_id),
        enum_str(&l.precision),
        opt(ev.fatalities.low),
        opt(ev.fatalities.best),
        opt(ev.fatalities.high),
        opt(ev.injuries.low),
        opt(ev.injuries.best),
        opt(ev.injuries.high),
        enum_str(&ev.attribution.status),
        ev.attribution.claimed_by.join("; "),
        side1.first().map(|a| a.id.clone()).unwrap_or_default(),
        side2.first().map(|a| a.id.clone()).unwrap_or_default(),
        e.n_sources.to_string(),
        urls.join("; "),
        e.revision.to_string(),
        ev.date.basis.as_str().to_string(),
    ]
}

pub fn write_csv(
    events: &[StoredEvent],
    k: &StoreKnowledge,
    out: &mut dyn Write,
) -> io::Result<()> {
    let header: Vec<&str> = ACLED_COLUMNS
        .iter()
        .chain(SITREP_COLUMNS.iter())
        .copied()
        .collect();
    writeln!(out, "{}", header.join(","))?;
    for e in events {
        let row: Vec<String> = acled_row(e, k)
            .into_iter()
            .chain(sitrep_row(e))
            .map(|f| csv_field(&f))
            .collect();
        writeln!(out, "{}", row.join(","))?;
    }
    Ok(())
}

/// UCDP GED's columns, in its order and names.
pub const UCDP_COLUMNS: [&str; 49] = [
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
    "gwnoa",
    "gwnob",
];

/// UCDP GED `date_prec`: 1 the day, 2 a span of 2–6 days, 3 the week, 4 the
/// month, 5 longer.
pub fn ucdp_date_prec(p: sitrep_core::DatePrecision) -> Option<u8> {
    use sitrep_core::DatePrecision as D;
    match p {
        D::Day => Some(1),
        D::Days => Some(2),
        D::Week => Some(3),
        D::Month => Some(4),
        D::Year => Some(5),
        D::Unknown => None,
    }
}

/// PRIO-GRID cell id of a point (0.5° cells numbered from (-90, -180), row by row).
pub fn priogrid_gid(lat: f64, lon: f64) -> Option<u32> {
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return None;
    }
    let row = (((lat + 90.0) / 0.5).floor() as u32).min(359);
    let col = (((lon + 180.0) / 0.5).floor() as u32).min(719);
    Some(row * 720 + col + 1)
}

/// UCDP `type_of_violence` from the kinds of the two sides: 3 one-sided (side b
/// civilians), 1 state-based (a state on either side), 2 non-state (two organized
/// groups); None when the sides do not tell.
fn type_of_violence(a: Option<&str>, b: Option<&str>) -> Option<u8> {
    let party = |s: Option<&str>| matches!(s, Some("state" | "organized"));
    match (a, b) {
        (_, Some("civilians")) if party(a) => Some(3),
        (Some("state"), _) | (_, Some("state")) if party(a) && party(b) => Some(1),
        (Some("organized"), Some("organized")) => Some(2),
        _ => None,
    }
}

/// The UCDP GED columns of one event.
pub fn ucdp_row(e: &StoredEvent, k: &StoreKnowledge) -> Vec<String> {
    let ev = &e.event;
    let (side1, side2) = acled_actors(ev);
    let kind = |a: Option<&&sitrep_core::ActorRef>| {
        a.and_then(|a| k.ucdp_sides.get(&enum_str(&a.kind)))
            .map(String::as_str)
    };
    let name = |a: Option<&&sitrep_core::ActorRef>| a.map(|a| a.name.clone()).unwrap_or_default();
    let (a, b) = (name(side1.first()), name(side2.first()));
    let dyad = if a.is_empty() || b.is_empty() {
        String::new()
    } else {
        format!("{a} - {b}")
    };
    let l = &ev.location;
    let country = l
        .country
        .as_ref()
        .map(|c| k.country_names.get(c).cloned().unwrap_or_else(|| c.clone()))
        .unwrap_or_default();
    let docs: Vec<String> = ev.sources.iter().map(|s| s.doc.clone()).collect();
    let dates: Vec<String> = ev
        .sources
        .iter()
        .filter_map(|s| s.published.map(|d| d.format("%Y-%m-%d").to_string()))
        .collect();
    let f = &ev.fatalities;
    let best = f.best.or(f.low);
    let high = f.high.or(best);
    let wkt = match (l.lat, l.lon) {
        (Some(lat), Some(lon)) => format!("POINT ({lon} {lat})"),
        _ => String::new(),
    };
    let grid = match (l.lat, l.lon) {
        (Some(lat), Some(lon)) => priogrid_gid(lat, lon),
        _ => None,
    };
    let description = [l.name.clone(), l.admin1.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    vec![
        ev.id.clone(),
        ev.id.clone(),
        opt(ev.date.start.map(|d| d.format("%Y"))),
        String::new(),
        "Clear".to_string(),
        opt(type_of_violence(kind(side1.first()), kind(side2.first()))),
        String::new(),
        String::new(),
        dyad.clone(),
        String::new(),
        String::new(),
        dyad,
        String::new(),
        String::new(),
        a,
        String::new(),
        String::new(),
        b,
        e.n_sources.to_string(),
        docs.join("; "),
        String::new(),
        dates.join("; "),
        String::new(),
        ev.attribution.claimed_by.join("; "),
        opt(l.precision.ucdp_where_prec()),
        opt(l.name.clone()),
        description,
        opt(l.admin1.clone()),
        opt(l.admin2.clone()),
        opt(l.lat),
        opt(l.lon),
        wkt,
        opt(grid),
        country,
        String::new(),
        String::new(),
        "1".to_string(),
        opt(ucdp_date_prec(ev.date.precision)),
        opt(ev.date.start.map(|d| d.format("%Y-%m-%d"))),
        opt(ev.date.end.or(ev.date.start).map(|d| d.format("%Y-%m-%d"))),
        "0".to_string(),
        "0".to_string(),
        "0".to_string(),
        opt(best),
        opt(best),
        opt(high),
        opt(f.low),
        String::new(),
        String::new(),
    ]
}

/// The UCDP GED-style CSV: UCDP's columns, then sitrep's.
pub fn write_ucdp(
    events: &[StoredEvent],
    k: &StoreKnowledge,
    out: &mut dyn Write,
) -> io::Result<()> {
    let header: Vec<&str> = UCDP_COLUMNS
        .iter()
        .chain(SITREP_COLUMNS.iter())
        .copied()
        .collect();
    writeln!(out, "{}", header.join(","))?;
    for e in events {
        let row: Vec<String> = ucdp_row(e, k)
            .into_iter()
            .chain(sitrep_row(e))
            .map(|f| csv_field(&f))
            .collect();
        writeln!(out, "{}", row.join(","))?;
    }
    Ok(())
}

pub fn write_geojson(events: &[StoredEvent], out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[\n")?;
    for (i, e) in events.iter().enumerate() {
        let ev = &e.event;
        let l = &ev.location;
        let geometry = match (l.lat, l.lon) {
            (Some(lat), Some(lon)) => {
                serde_json::json!({"type": "Point", "coordinates": [lon, lat]})
            }
            _ => serde_json::Value::Null,
        };
        let (side1, side2) = acled_actors(ev);
        let props = serde_json::json!({
            "id": ev.id,
            "event_type": ev.event_type.as_str(),
            "sub_event_type": ev.sub_event_type,
            "date_start": ev.date.start.map(|d| d.format("%Y-%m-%d").to_string()),
            "date_end": ev.date.end.map(|d| d.format("%Y-%m-%d").to_string()),
            "date_precision": enum_str(&ev.date.precision),
            "date_basis": ev.date.basis.as_str(),
            "location": l.name,
            "admin1": l.admin1,
            "admin2": l.admin2,
            "country": l.country,
            "geo_precision": enum_str(&l.precision),
            "actor1": side1.first().map(|a| a.name.clone()),
            "actor2": side2.first().map(|a| a.name.clone()),
            "fatalities_low": ev.fatalities.low,
            "fatalities_high": ev.fatalities.high,
            "injuries_low": ev.injuries.low,
            "attribution": enum_str(&ev.attribution.status),
            "n_sources": e.n_sources,
            "revision": e.revision,
            "notes": e.notes,
        });
        let feature = serde_json::json!({
            "type": "Feature", "id": ev.id, "geometry": geometry, "properties": props
        });
        if i > 0 {
            out.write_all(b",\n")?;
        }
        serde_json::to_writer(&mut *out, &feature)?;
    }
    out.write_all(b"\n]}\n")?;
    Ok(())
}

fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let t: String = s.chars().take(n.saturating_sub(1)).collect();
        format!("{t}…")
    }
}

pub fn write_table(events: &[StoredEvent], out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{:<16}  {:<10}  {:<26}  {:<22}  {:<22}  {:>9}  {:>3}",
        "id", "date", "type", "place", "actor1", "killed", "src"
    )?;
    for e in events {
        let ev = &e.event;
        let (side1, _) = acled_actors(ev);
        let killed = match (ev.fatalities.low, ev.fatalities.high) {
            (Some(a), Some(b)) if a != b => format!("{a}-{b}"),
            (Some(a), None) if ev.fatalities.best.is_none() => format!("{a}+"),
            (Some(a), _) => a.to_string(),
            (None, _) => String::new(),
        };
        let place = [ev.location.name.clone(), ev.location.country.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        writeln!(
            out,
            "{:<16}  {:<10}  {:<26}  {:<22}  {:<22}  {:>9}  {:>3}",
            ev.id,
            opt(ev.date.start.map(|d| d.format("%Y-%m-%d"))),
            cut(ev.event_type.as_str(), 26),
            cut(&place, 22),
            cut(
                &side1.first().map(|a| a.name.clone()).unwrap_or_default(),
                22
            ),
            killed,
            e.n_sources
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    fn stored(date: sitrep_core::DateRange) -> StoredEvent {
        let event = Event {
            schema: "sitrep.event/1".into(),
            id: "e1".into(),
            event_type: sitrep_core::EventType::Battles,
            sub_event_type: None,
            plover: None,
            cameo: None,
            date,
            location: sitrep_core::Location::default(),
            actors: Vec::new(),
            fatalities: sitrep_core::Casualties::default(),
            injuries: sitrep_core::Casualties::default(),
            casualty_claims: Vec::new(),
            attribution: sitrep_core::Attribution::default(),
            modality: sitrep_core::Modality::Asserted,
            sources: Vec::new(),
            confidence: 0.5,
        };
        StoredEvent {
            event,
            revision: 1,
            n_sources: 1,
            created_at: String::new(),
            updated_at: String::new(),
            notes: String::new(),
        }
    }

    #[test]
    fn publication_ranges_map_to_acled_time_precision() {
        let Ok(k) = StoreKnowledge::embedded() else {
            panic!("embedded store knowledge loads")
        };
        let col = |name: &str| ACLED_COLUMNS.iter().position(|c| *c == name).unwrap_or(0);
        let basis = ACLED_COLUMNS.len() + SITREP_COLUMNS.len() - 1;
        let pub_day = chrono::NaiveDate::from_ymd_opt(2024, 3, 10).unwrap_or_default();
        // The week up to publication: time_precision 2, event_date its first day.
        let e = stored(sitrep_core::DateRange::from_publication(pub_day, false));
        let row: Vec<String> = acled_row(&e, &k)
            .into_iter()
            .chain(sitrep_row(&e))
            .collect();
        assert_eq!(row[col("time_precision")], "2");
        assert_eq!(row[col("event_date")], "2024-03-04");
        assert_eq!(row[basis], "publication");
        // On or before publication: time_precision 3, event_date the last bound.
        let e = stored(sitrep_core::DateRange::from_publication(pub_day, true));
        let row = acled_row(&e, &k);
        assert_eq!(row[col("time_precision")], "3");
        assert_eq!(row[col("event_date")], "2024-03-10");
        // A day from the text: 1; no date at all: empty.
        let e = stored(sitrep_core::DateRange::day(pub_day));
        let row: Vec<String> = acled_row(&e, &k)
            .into_iter()
            .chain(sitrep_row(&e))
            .collect();
        assert_eq!(row[col("time_precision")], "1");
        assert_eq!(row[basis], "text");
        let e = stored(sitrep_core::DateRange::unknown("none"));
        assert_eq!(acled_row(&e, &k)[col("time_precision")], "");
    }

    #[test]
    fn ucdp_codes() {
        assert_eq!(UCDP_COLUMNS.len(), 49);
        // Kabul (34.53 N, 69.17 E): row 249, column 498 of the 0.5° grid.
        assert_eq!(priogrid_gid(34.53, 69.17), Some(249 * 720 + 498 + 1));
        assert_eq!(priogrid_gid(-90.0, -180.0), Some(1));
        assert_eq!(priogrid_gid(95.0, 0.0), None);
        assert_eq!(
            type_of_violence(Some("organized"), Some("civilians")),
            Some(3)
        );
        assert_eq!(type_of_violence(Some("state"), Some("organized")), Some(1));
        assert_eq!(
            type_of_violence(Some("organized"), Some("organized")),
            Some(2)
        );
        assert_eq!(type_of_violence(Some("none"), Some("civilians")), None);
        assert_eq!(type_of_violence(Some("organized"), None), None);
    }

    #[test]
    fn formats_parse() {
        assert_eq!(Format::parse("geojson"), Some(Format::Geojson));
        assert_eq!(Format::parse("xml"), None);
    }
}
