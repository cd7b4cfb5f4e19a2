//! A generator of news reports of distinct incidents for the ingest benchmark:
//! report `i` tells of its own incident (a real populated place of a conflict
//! country from `data/gazetteer/places.tsv`, an armed group of that country from
//! `data/actors/*.toml`, its own date, toll and wording), so the store grows as it
//! would on a real feed instead of merging copies of a few reports.

use chrono::{Datelike, Duration, NaiveDate};

/// A place reports can name.
struct Place {
    name: String,
    country: String,
}

/// Places and armed groups by country, read from the data files.
pub struct Vocab {
    places: Vec<Place>,
    /// Armed groups, by country code.
    actors: std::collections::HashMap<String, Vec<String>>,
}

/// One generated report.
pub struct Report {
    pub id: String,
    pub published: NaiveDate,
    pub text: String,
}

/// Wording of the incident sentence: `{actor}`, `{place}`, `{when}`, `{n}` are filled in.
const INCIDENT: [&str; 6] = [
    "Fighters of {actor} attacked the village of {place} {when}, killing {n} civilians, local officials said.",
    "At least {n} people were killed when {actor} gunmen stormed a market in {place} {when}, witnesses said.",
    "A roadside bomb planted by {actor} killed {n} soldiers on a patrol near {place} {when}, the army said.",
    "{actor} militants clashed with government troops in {place} {when}; {n} fighters were killed, a security source said.",
    "{n} worshippers were killed when {actor} attackers opened fire on a mosque in {place} {when}, residents said.",
    "An attack by {actor} on a checkpoint in {place} {when} left {n} police officers dead, a police spokesman said.",
];

/// A sentence of background, varied by the report number.
const BACKGROUND: [&str; 5] = [
    "The area has seen repeated raids since {year}, and many families have fled to nearby towns.",
    "Humanitarian groups said access to the district remains difficult after weeks of insecurity.",
    "Local leaders called on the authorities to reinforce security along the main road.",
    "The group has not commented, and the figures could not be independently verified.",
    "Schools and the health centre were closed as traders stayed away from the market.",
];

const NUMBERS: [&str; 12] = [
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "11", "12", "15",
];

impl Vocab {
    /// Read the vocabulary under `data` (the repository's `data/` directory).
    pub fn load(data: &std::path::Path) -> Option<Vocab> {
        let mut actors: std::collections::HashMap<String, Vec<String>> = Default::default();
        for file in ["africa", "afghanistan-pakistan", "middle-east", "asia"] {
            let text = std::fs::read_to_string(data.join(format!("actors/{file}.toml"))).ok()?;
            for block in text.split("[[actor]]").skip(1) {
                let field = |k: &str| {
                    block.lines().find_map(|l| {
                        let v = l.strip_prefix(k)?.trim_start().strip_prefix('=')?.trim();
                        Some(v.trim_matches('"').to_string())
                    })
                };
                let (Some(name), Some(country), Some(ty)) =
                    (field("name"), field("country"), field("type"))
                else {
                    continue;
                };
                if ty == "rebel_group" && name.is_ascii() {
                    actors.entry(country).or_default().push(name);
                }
            }
        }
        let places_text = std::fs::read_to_string(data.join("gazetteer/places.tsv")).ok()?;
        let mut places = Vec::new();
        for line in places_text.lines().filter(|l| !l.starts_with('#')) {
            let c: Vec<&str> = line.split('\t').collect();
            let (Some(name), Some(ascii), Some(kind), Some(country), Some(pop)) =
                (c.get(1), c.get(2), c.get(3), c.get(5), c.get(10))
            else {
                continue;
            };
            let name = if ascii.is_empty() { name } else { ascii };
            let pop: u64 = pop.parse().unwrap_or(0);
            if *kind == "populated"
                && pop >= 5_000
                && actors.contains_key(*country)
                && name.chars().all(|ch| ch.is_ascii_alphabetic() || ch == ' ')
            {
                places.push(Place {
                    name: name.to_string(),
                    country: country.to_string(),
                });
            }
        }
        (!places.is_empty()).then_some(Vocab { places, actors })
    }

    /// The name of place `i` (cycling through the places).
    pub fn place_name(&self, i: usize) -> String {
        self.places
            .get(i % self.places.len().max(1))
            .map(|p| p.name.clone())
            .unwrap_or_default()
    }

    pub fn n_places(&self) -> usize {
        self.places.len()
    }

    /// Report number `i`: the same `i` gives the same report.
    pub fn report(&self, i: usize) -> Report {
        let mut h = (i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let mut next = |n: usize| {
            h ^= h >> 29;
            h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
            h ^= h >> 32;
            (h % n.max(1) as u64) as usize
        };
        let place = &self.places[next(self.places.len())];
        let actor = self
            .actors
            .get(&place.country)
            .and_then(|a| a.get(next(a.len())))
            .map_or("armed", String::as_str);
        let base = NaiveDate::from_ymd_opt(2016, 1, 1).unwrap_or_default();
        let day = base + Duration::days(next(3_600) as i64);
        let published = day + Duration::days(next(3) as i64);
        let when = if published == day {
            "on ".to_string() + &day.format("%B %-d").to_string()
        } else {
            format!("on {}", day.format("%A"))
        };
        let n = NUMBERS[next(NUMBERS.len())];
        let year = (day.year() - 1 - next(4) as i32).to_string();
        let (i1, i2, i3) = (
            next(INCIDENT.len()),
            next(BACKGROUND.len()),
            next(BACKGROUND.len()),
        );
        let fill = |t: &str| {
            t.replace("{actor}", actor)
                .replace("{place}", &place.name)
                .replace("{when}", &when)
                .replace("{n}", n)
                .replace("{year}", &year)
        };
        let incident = fill(INCIDENT[i1]);
        let mut first = incident.chars();
        let incident: String = first
            .next()
            .map(|c| c.to_uppercase().chain(first).collect())
            .unwrap_or_default();
        let title = format!("Attack in {} (report {i})", place.name);
        let b1 = fill(BACKGROUND[i2]);
        let b2 = fill(BACKGROUND[(i2 + 1 + i3 % (BACKGROUND.len() - 1)) % BACKGROUND.len()]);
        Report {
            id: format!("gen-{i:07}"),
            published,
            text: format!("{title}\n{incident} {b1} {b2}"),
        }
    }
}
