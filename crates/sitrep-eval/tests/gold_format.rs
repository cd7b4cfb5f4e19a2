/*!
Gold-file reading: every format variant the annotators use, error messages that
name the file and position, and the real gold sets of `shared/` (counted, skipped
with a message when the directory is absent).
*/

use sitrep_eval::{load_gold_dir, parse_gold, EvalError};
use std::path::PathBuf;

#[test]
fn reads_every_variant() {
    let text = r#"{
      "doc": "t05_variants.txt",
      "publication_date": null,
      "inferred_publication_date": "2023-09-14",
      "url": "https://example.invalid/a", "title": "Toy", "notes": "ignored",
      "some_future_field": {"x": 1},
      "events": [
        {"id": "a", "required": true, "event_type": "battles",
         "alternative_event_type": null,
         "sub_event_type": ["armed_clash", null],
         "date": {"start": null, "end": null, "precision": "unknown", "weekday": "Friday",
                  "text": "on Friday", "world_truth": "2023-09-08"},
         "location": {"name": "Varnolt", "country": "ZZ", "admin1": "Keshmar",
                      "admin1_aliases": ["Keshmar", "ZZ.07"], "lat": 10.5, "lon": 20.25,
                      "admin2": "Varnolt District", "near": "Tarn", "precision": "point"},
         "perpetrator": ["Keshmar Guard"], "target": [],
         "fatalities": {"low": 3, "high": null, "text": "three"},
         "injuries": {"low": null, "high": null},
         "claimed_by": [],
         "attribution": "alleged", "alleged_by": ["VLF"],
         "casualties_combined": {"low": 24, "high": null},
         "evidence": "toy"},
        {"id": "b", "required": false, "event_type": "statement",
         "alternative_event_type": "strategic_developments",
         "sub_event_type": "threaten",
         "date": {"start": "2023-09", "end": "2023-09", "precision": "month", "exact": false,
                  "month_day": "09-01", "world_truth": 20230901},
         "location": {"name": null, "country": "ZZ", "precision": "country"}},
        {"event_type": "riots", "sub_event_type": null,
         "fatalities": 2, "injuries": {"high": 4},
         "claimed_by": ["VLF"], "perpetrator": "VLF"}
      ],
      "actors": {
        "Keshmar Guard": {"aliases_in_text": ["Keshmar Guard"], "type": "state_forces",
                          "relations": [["rival_of", "VLF"]]},
        "VLF": {"aliases": ["VLF", "Varnolt Liberation Front"], "parent": "None"}
      }
    }"#;
    let g = parse_gold(text, "t05_variants.json").unwrap();
    assert_eq!(g.doc, "t05_variants.txt");
    assert_eq!(g.publication_date, None);
    assert_eq!(
        g.inferred_publication_date.unwrap().to_string(),
        "2023-09-14"
    );
    assert_eq!(g.url.as_deref(), Some("https://example.invalid/a"));
    assert_eq!(g.events.len(), 3);

    let a = &g.events[0];
    assert!(a.required);
    assert!(a.alternative_event_type.is_empty());
    assert_eq!(
        a.sub_event_type,
        Some(vec![Some("armed_clash".to_string()), None])
    );
    assert_eq!(a.date.precision(), "unknown");
    assert_eq!(a.date.range(), None);
    assert_eq!(a.date.weekday.as_deref(), Some("Friday"));
    assert_eq!(a.location.coords(), Some((10.5, 20.25)));
    assert_eq!(a.location.admin2.as_deref(), Some("Varnolt District"));
    let fat = a.fatalities.as_ref().unwrap();
    assert_eq!(fat.low, Some(Some(3)));
    assert_eq!(fat.high, Some(None));
    assert_eq!(a.injuries.as_ref().unwrap().low, Some(None));
    assert_eq!(a.claimed_by, Some(vec![]));
    assert_eq!(a.attribution.as_deref(), Some("alleged"));
    assert_eq!(a.alleged_by, vec!["VLF".to_string()]);

    let b = &g.events[1];
    assert!(!b.required);
    assert_eq!(b.alternative_event_type, vec!["strategic_developments"]);
    assert_eq!(b.sub_event_type, Some(vec![Some("threaten".to_string())]));
    let (s, e) = b.date.range().unwrap();
    assert_eq!(
        (s.to_string(), e.to_string()),
        ("2023-09-01".into(), "2023-09-30".into())
    );
    assert_eq!(b.date.exact, Some(false));
    assert_eq!(b.date.world_truth.as_deref(), Some("20230901"));
    assert_eq!(b.location.name, None);
    assert_eq!(b.location.precision(), "country");
    assert_eq!(b.claimed_by, None);
    assert_eq!(b.perpetrator, None);
    assert_eq!(b.fatalities, None);

    let c = &g.events[2];
    assert_eq!(c.id, "event-3");
    assert!(c.required, "a missing `required` means required");
    assert_eq!(c.sub_event_type, None);
    assert_eq!(c.fatalities.as_ref().unwrap().low, Some(Some(2)));
    assert_eq!(c.injuries.as_ref().unwrap().low, None);
    assert_eq!(c.perpetrator, Some(vec!["VLF".to_string()]));
    assert_eq!(c.date.precision(), "unknown");

    assert_eq!(
        g.aliases_of("VLF"),
        vec!["VLF", "VLF", "Varnolt Liberation Front"]
    );
    assert_eq!(
        g.aliases_of("Keshmar Guard"),
        vec!["Keshmar Guard", "Keshmar Guard"]
    );
    assert_eq!(g.aliases_of("Nobody"), vec!["Nobody"]);
    assert_eq!(
        g.actors["Keshmar Guard"].kind.as_deref(),
        Some("state_forces")
    );
}

#[test]
fn missing_doc_comes_from_the_file_name() {
    let g = parse_gold(r#"{"events": [], "actors": null}"#, "dir/t07_x.json").unwrap();
    assert_eq!(g.doc, "t07_x.txt");
    assert!(g.events.is_empty() && g.actors.is_empty());
}

#[test]
fn errors_name_file_line_and_column() {
    let bad = "{\n  \"doc\": \"a.txt\",\n  \"events\": [{\"event_type\": 5}]\n}";
    let err = parse_gold(bad, "t09_bad.json").unwrap_err();
    match &err {
        EvalError::Parse { file, line, .. } => {
            assert_eq!(file, "t09_bad.json");
            assert_eq!(*line, 3);
        }
        other => panic!("unexpected {other:?}"),
    }
    let msg = err.to_string();
    assert!(msg.starts_with("t09_bad.json:3:"), "{msg}");

    let bad_date = r#"{"events": [{"event_type": "battles", "date": {"start": "soon"}}]}"#;
    let msg = parse_gold(bad_date, "t10.json").unwrap_err().to_string();
    assert!(msg.contains("not a date"), "{msg}");
}

#[test]
fn load_dir_sorts_and_reports_bad_files() {
    let dir = std::env::temp_dir().join(format!("sitrep-eval-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("b.json"), r#"{"doc": "b.txt", "events": []}"#).unwrap();
    std::fs::write(dir.join("a.json"), r#"{"doc": "a.txt", "events": []}"#).unwrap();
    std::fs::write(dir.join("notes.md"), "not gold").unwrap();
    let docs = load_gold_dir(&dir).unwrap();
    let names: Vec<&str> = docs.iter().map(|d| d.doc.as_str()).collect();
    assert_eq!(names, vec!["a.txt", "b.txt"]);

    std::fs::write(dir.join("c.json"), "{\"doc\": ").unwrap();
    let msg = load_gold_dir(&dir).unwrap_err().to_string();
    assert!(msg.contains("c.json:1:"), "{msg}");
    let _ = std::fs::remove_dir_all(&dir);

    let missing = load_gold_dir(&dir).unwrap_err();
    assert!(matches!(missing, EvalError::ReadDir { .. }));
}

fn shared(sub: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(sub)
}

/// (documents, events, required events) of a gold directory, or `None` when absent.
fn counts(sub: &str) -> Option<(usize, usize, usize)> {
    let dir = shared(sub);
    if !dir.is_dir() {
        println!("skipping: {} not found", dir.display());
        return None;
    }
    let docs = load_gold_dir(&dir).unwrap();
    let events = docs.iter().map(|d| d.events.len()).sum();
    let required = docs
        .iter()
        .flat_map(|d| &d.events)
        .filter(|e| e.required)
        .count();
    // Every perpetrator and claimant resolves to at least its own name.
    for d in &docs {
        assert!(d.doc.ends_with(".txt"), "{}", d.doc);
        for e in &d.events {
            assert!(
                sitrep_core::EventType::parse(&e.event_type).is_some(),
                "{}",
                e.id
            );
        }
    }
    Some((docs.len(), events, required))
}

#[test]
fn parses_the_shared_gold_sets() {
    if let Some((docs, events, _)) = counts("dev-set/gold") {
        assert_eq!((docs, events), (2, 10));
    }
    if let Some(c) = counts("dev-pool/gold") {
        assert_eq!(c, (40, 94, 46));
    }
}
