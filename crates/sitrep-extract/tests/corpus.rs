/*!
Walks `data/corpus/events.tsv`: whole reports written for sitrep, each with the
violent events it must yield (or `none`). Adding a case is one line of data.
The test prints every failing line with what was expected and what came out, and
fails when any line fails.
*/

use chrono::NaiveDate;
use sitrep_core::{Event, Role};
use sitrep_extract::{prepare, Extractor};

const CORPUS: &str = include_str!("../../../data/corpus/events.tsv");

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default()
}

fn check(ev: &Event, spec: &str) -> Vec<String> {
    let mut errs = Vec::new();
    for kv in spec.split_whitespace() {
        let Some((k, v)) = kv.split_once('=') else {
            errs.push(format!("bad spec item {kv:?}"));
            continue;
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
            "killed" => ev.fatalities.low.map_or("-".into(), |n| n.to_string()),
            "injured" => ev.injuries.low.map_or("-".into(), |n| n.to_string()),
            "perp" => {
                let ids: Vec<&str> = ev
                    .actors_in(Role::Perpetrator)
                    .map(|a| a.id.as_str())
                    .collect();
                if ids.contains(&v) {
                    v.to_string()
                } else if ids.is_empty() {
                    "-".into()
                } else {
                    ids.join("|")
                }
            }
            "claim" => {
                let ids = &ev.attribution.claimed_by;
                if ids.iter().any(|i| i == v) {
                    v.to_string()
                } else if ids.is_empty() {
                    "-".into()
                } else {
                    ids.join("|")
                }
            }
            "status" => serde_json::to_value(ev.attribution.status)
                .ok()
                .and_then(|x| x.as_str().map(str::to_string))
                .unwrap_or_default(),
            "date" => ev.date.start.map_or("unknown".into(), |d| d.to_string()),
            "to" => ev.date.end.map_or("unknown".into(), |d| d.to_string()),
            "prec" => serde_json::to_value(ev.date.precision)
                .ok()
                .and_then(|x| x.as_str().map(str::to_string))
                .unwrap_or_default(),
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

#[test]
fn event_corpus() {
    let ex = Extractor::embedded(today()).expect("embedded knowledge loads");
    let mut failures = Vec::new();
    let mut total = 0;
    for (i, line) in CORPUS.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        total += 1;
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 3, "events.tsv:{}: expected 3 columns", i + 1);
        let published = NaiveDate::parse_from_str(cols[0], "%Y-%m-%d").ok();
        let text = cols[1].replace("\\n", "\n");
        let doc = prepare("case", "case.txt", None, None, published, &text);
        let events: Vec<Event> = ex
            .extract(&doc)
            .into_iter()
            .filter(|e| e.event_type.is_violent())
            .collect();
        let specs: Vec<&str> = if cols[2].trim() == "none" {
            Vec::new()
        } else {
            cols[2].split(" ; ").collect()
        };
        let mut errs = Vec::new();
        if events.len() != specs.len() {
            errs.push(format!(
                "expected {} violent events, got {}",
                specs.len(),
                events.len()
            ));
        }
        for (ev, spec) in events.iter().zip(&specs) {
            errs.extend(check(ev, spec));
        }
        if !errs.is_empty() {
            let got: Vec<String> = events
                .iter()
                .map(|e| {
                    format!(
                        "{} {:?} {:?} k={:?} i={:?} date={:?}",
                        e.event_type.as_str(),
                        e.location.name,
                        e.location.admin1_code,
                        e.fatalities.low,
                        e.injuries.low,
                        e.date.start
                    )
                })
                .collect();
            failures.push(format!(
                "events.tsv:{}: {}\n    text: {}\n    got: {:?}",
                i + 1,
                errs.join("; "),
                cols[1],
                got
            ));
        }
    }
    let passed = total - failures.len();
    println!(
        "event corpus: {passed}/{total} reports pass ({:.1}%)",
        100.0 * passed as f64 / total as f64
    );
    for f in &failures {
        println!("{f}");
    }
    assert!(
        failures.is_empty(),
        "{} of {total} corpus reports fail (see above)",
        failures.len()
    );
}
