/*!
Shared by the whole-report corpus tests (`corpus.rs` over `data/corpus/events.tsv`,
`suite.rs` over `sentences.tsv` and `reports.tsv`): the expectation format, the
checker, and the walker that runs extraction on every line.
*/
#![allow(dead_code)]

use chrono::NaiveDate;
use sitrep_core::{Event, EventType, Role};
use sitrep_extract::Extractor;

pub const KEYS: [&str; 19] = [
    "type", "sub", "admin1", "country", "killed", "injured", "perp", "claim", "status", "date",
    "to", "prec", "best", "high", "alleged", "target", "side", "figure", "basis",
];

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default()
}

/// Serialises a serde enum to its snake_case name.
pub fn enum_name<T: serde::Serialize>(x: &T) -> String {
    serde_json::to_value(x)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// `v` if `ids` contains it, `-` if `ids` is empty, else all ids joined by `|`.
pub fn pick<'a>(ids: impl Iterator<Item = &'a str>, v: &str) -> String {
    let ids: Vec<&str> = ids.collect();
    if ids.contains(&v) {
        v.to_string()
    } else if ids.is_empty() {
        "-".into()
    } else {
        ids.join("|")
    }
}

pub fn num(n: Option<u32>) -> String {
    n.map_or("-".into(), |n| n.to_string())
}

/// Checks one event against one spec; returns the mismatches.
pub fn check(ev: &Event, spec: &str) -> Vec<String> {
    let mut errs = Vec::new();
    for kv in spec.split_whitespace() {
        let Some((k, v)) = kv.split_once('=') else {
            errs.push(format!("bad spec item {kv:?}"));
            continue;
        };
        let roles = |rs: &[Role]| {
            pick(
                ev.actors
                    .iter()
                    .filter(|a| rs.contains(&a.role))
                    .map(|a| a.id.as_str()),
                v,
            )
        };
        let got: String = match k {
            "type" => ev.event_type.as_str().to_string(),
            "sub" => ev.sub_event_type.clone().unwrap_or_else(|| "-".into()),
            "admin1" => ev
                .location
                .admin1_code
                .clone()
                .unwrap_or_else(|| "-".into()),
            "country" => ev.location.country.clone().unwrap_or_else(|| "-".into()),
            "killed" => num(ev.fatalities.low),
            "injured" => num(ev.injuries.low),
            "best" => num(ev.fatalities.best),
            "high" => num(ev.fatalities.high),
            "perp" => roles(&[Role::Perpetrator]),
            "target" => roles(&[Role::Target, Role::Victim]),
            "side" => roles(&[Role::Participant, Role::Perpetrator, Role::Target]),
            "claim" => pick(ev.attribution.claimed_by.iter().map(String::as_str), v),
            "alleged" => pick(ev.attribution.alleged_by.iter().map(String::as_str), v),
            "status" => enum_name(&ev.attribution.status),
            "date" => ev.date.start.map_or("unknown".into(), |d| d.to_string()),
            "to" => ev.date.end.map_or("unknown".into(), |d| d.to_string()),
            "prec" => enum_name(&ev.date.precision),
            "basis" => ev.date.basis.as_str().to_string(),
            "figure" => {
                let all: Vec<String> = ev
                    .casualty_claims
                    .iter()
                    .map(|c| format!("{}:{}:{}", enum_name(&c.kind), num(c.low), c.by))
                    .collect();
                let want: Vec<&str> = v.split(':').collect();
                let hit = all.iter().any(|c| {
                    let have: Vec<&str> = c.split(':').collect();
                    want.iter().zip(&have).all(|(w, h)| w == h)
                });
                if hit {
                    v.to_string()
                } else if all.is_empty() {
                    "-".into()
                } else {
                    all.join(",")
                }
            }
            other => {
                errs.push(format!("unknown key {other}"));
                continue;
            }
        };
        if got != v {
            errs.push(format!("{k}: expected {v}, got {got}"));
        }
    }
    errs
}

/// A spec about a non-violent event (protest, arrest, threat...)?
pub fn is_nonviolent_spec(spec: &str) -> bool {
    spec.split_whitespace().any(|kv| {
        kv.strip_prefix("type=")
            .and_then(EventType::parse)
            .is_some_and(|t| !t.is_violent())
    })
}

/// Validates the syntax of one spec item; returns the problems.
pub fn validate(spec: &str) -> Vec<String> {
    let mut errs = Vec::new();
    for kv in spec.split_whitespace() {
        let Some((k, v)) = kv.split_once('=') else {
            errs.push(format!("item {kv:?} is not key=value"));
            continue;
        };
        if !KEYS.contains(&k) {
            errs.push(format!("unknown key {k}"));
        }
        let ok = match k {
            "type" => EventType::parse(v).is_some(),
            "killed" | "injured" | "best" | "high" => v == "-" || v.parse::<u32>().is_ok(),
            "date" | "to" => v == "unknown" || NaiveDate::parse_from_str(v, "%Y-%m-%d").is_ok(),
            "prec" => matches!(v, "day" | "days" | "week" | "month" | "year" | "unknown"),
            "basis" => matches!(v, "text" | "publication"),
            "status" => matches!(
                v,
                "claimed" | "alleged" | "suspected" | "confirmed" | "unattributed"
            ),
            "figure" => {
                let parts: Vec<&str> = v.split(':').collect();
                (2..=3).contains(&parts.len())
                    && parts
                        .first()
                        .is_some_and(|k| matches!(*k, "killed" | "injured" | "casualties"))
                    && parts.get(1).is_some_and(|n| n.parse::<u32>().is_ok())
            }
            _ => !v.is_empty(),
        };
        if !ok {
            errs.push(format!("bad value in {kv}"));
        }
    }
    errs
}

pub struct Outcome {
    pub total: usize,
    pub failures: Vec<String>,
    pub malformed: Vec<String>,
}

pub fn describe(e: &Event) -> String {
    let ids: Vec<String> = e
        .actors
        .iter()
        .map(|a| format!("{}:{}", enum_name(&a.role), a.id))
        .collect();
    format!(
        "{} {} {:?} {:?} k={:?} i={:?} date={:?}..{:?} {} [{}] claim={:?}",
        e.event_type.as_str(),
        e.sub_event_type.as_deref().unwrap_or("-"),
        e.location.name,
        e.location.admin1_code,
        e.fatalities.low,
        e.injuries.low,
        e.date.start,
        e.date.end,
        enum_name(&e.attribution.status),
        ids.join(","),
        e.attribution.claimed_by,
    )
}

pub fn walk(name: &str, corpus: &str, ex: &Extractor) -> Outcome {
    let mut out = Outcome {
        total: 0,
        failures: Vec::new(),
        malformed: Vec::new(),
    };
    for (i, line) in corpus.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let at = format!("{name}:{}", i + 1);
        let cols: Vec<&str> = line.split('\t').collect();
        let [pub_col, text_col, exp_col] = cols[..] else {
            out.malformed.push(format!("{at}: expected 3 columns"));
            continue;
        };
        let published = if pub_col == "-" {
            None
        } else if let Ok(d) = NaiveDate::parse_from_str(pub_col, "%Y-%m-%d") {
            Some(d)
        } else {
            out.malformed
                .push(format!("{at}: bad publication date {pub_col:?}"));
            continue;
        };
        let items: Vec<&str> = exp_col.split(" ; ").map(str::trim).collect();
        let (violent, quiet): (Vec<&str>, Vec<&str>) = items
            .iter()
            .copied()
            .filter(|s| *s != "none")
            .partition(|s| !is_nonviolent_spec(s));
        if items.iter().skip(1).any(|s| *s == "none")
            || (items.first() == Some(&"none") && !violent.is_empty())
        {
            out.malformed.push(format!(
                "{at}: \"none\" must come first and alone among violent items"
            ));
            continue;
        }
        if items.first() != Some(&"none") && violent.is_empty() {
            out.malformed
                .push(format!("{at}: no violent item: write \"none\" first"));
            continue;
        }
        let bad: Vec<String> = violent
            .iter()
            .chain(&quiet)
            .flat_map(|s| validate(s))
            .collect();
        if !bad.is_empty() {
            out.malformed.push(format!("{at}: {}", bad.join("; ")));
            continue;
        }
        out.total += 1;

        let text = text_col.replace("\\n", "\n");
        let doc = ex.prepare("case", "case.txt", None, None, published, &text);
        let (events, others): (Vec<Event>, Vec<Event>) = ex
            .extract(&doc)
            .into_iter()
            .partition(|e| e.event_type.is_violent());
        let mut errs = Vec::new();
        if events.len() != violent.len() {
            errs.push(format!(
                "expected {} violent events, got {}",
                violent.len(),
                events.len()
            ));
        }
        for (ev, spec) in events.iter().zip(&violent) {
            errs.extend(check(ev, spec));
        }
        for spec in &quiet {
            if !others.iter().any(|e| check(e, spec).is_empty()) {
                errs.push(format!("no non-violent event matches {spec:?}"));
            }
        }
        if !errs.is_empty() {
            let got: Vec<String> = events.iter().chain(&others).map(describe).collect();
            out.failures.push(format!(
                "{at}: {}\n    text: {}\n    got: {:#?}",
                errs.join("; "),
                text_col,
                got
            ));
        }
    }
    out
}

pub fn report(label: &str, o: &Outcome) {
    let passed = o.total - o.failures.len();
    let pct = if o.total == 0 {
        0.0
    } else {
        100.0 * passed as f64 / o.total as f64
    };
    println!("{label}: {passed}/{} pass ({pct:.1}%)", o.total);
}
