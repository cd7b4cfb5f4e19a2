/*!
Analyst corrections on every backend (SQLite, and PostgreSQL when
`SITREP_TEST_PG` is set): edit, merge, split and delete are kept with who, when
and why, show in the history, outlive a later merge and a reprocess; reprocess
keeps event ids and says what changed.
*/

mod common;

use common::*;
use sitrep_core::{Document, Event};
use sitrep_store::{IngestDoc, Store, StoredDoc};
use std::collections::HashMap;

const TEXT_A: &str =
    "A roadside bomb went off near the fish market of Mogadishu on Thursday, killing nine.";
const TEXT_B: &str =
    "Fifteen people died when a bomb struck close to a Mogadishu fish market on Thursday.";
const TEXT_K: &str = "Four people were killed by a blast at a bus stop in Kismayo on Thursday.";
const TEXT_D: &str = "Officials now put the toll of Thursday's Mogadishu market bombing at 30.";

fn corpus() -> Vec<IngestDoc> {
    vec![
        report(&base("ev-a", "doc-a"), TEXT_A),
        report(
            &Ev {
                killed: Some(15),
                ..base("ev-b", "doc-b")
            },
            TEXT_B,
        ),
        report(
            &Ev {
                place: KISMAYO,
                killed: Some(4),
                ..base("ev-k", "doc-k")
            },
            TEXT_K,
        ),
    ]
}

/// "Extraction" for tests: the events given for each document id.
fn lookup(docs: &[IngestDoc]) -> impl FnMut(&StoredDoc) -> (Document, Vec<Event>) {
    let by_id: HashMap<String, IngestDoc> =
        docs.iter().map(|d| (d.doc.id.clone(), d.clone())).collect();
    move |sd: &StoredDoc| match by_id.get(&sd.id) {
        Some(d) => (d.doc.clone(), d.events.clone()),
        None => (doc(&sd.id, "2024-03-14", &sd.text), Vec::new()),
    }
}

fn ids(s: &mut Store) -> Vec<String> {
    let mut v: Vec<String> = s
        .query(&sitrep_store::EventQuery::default())
        .unwrap()
        .into_iter()
        .map(|e| e.event.id)
        .collect();
    v.sort();
    v
}

fn killed(s: &mut Store, id: &str) -> Option<u32> {
    s.get_event(id)
        .unwrap()
        .and_then(|e| e.event.fatalities.low)
}

#[test]
fn edit_merge_split_delete_are_kept_with_who_when_why() {
    for (name, mut s, _g) in backends("corrections") {
        let docs = corpus();
        s.ingest_batch(&docs).unwrap();
        assert_eq!(ids(&mut s), ["ev-a", "ev-k"], "{name}");
        assert_eq!(killed(&mut s, "ev-a"), Some(15), "{name}");

        // Edit: a number given for the toll sets its bounds; a note is required.
        let set = vec![(
            "fatalities".to_string(),
            sitrep_store::corrections::parse_value("20"),
        )];
        assert!(s.edit_event("ev-a", &set, "ana", "  ").is_err(), "{name}");
        let bad = vec![(
            "fatalitys".to_string(),
            sitrep_store::corrections::parse_value("20"),
        )];
        assert!(
            s.edit_event("ev-a", &bad, "ana", "typo").is_err(),
            "{name}: a field the record lacks must be refused"
        );
        assert!(s.edit_event("nope", &set, "ana", "x").is_err(), "{name}");
        s.edit_event("ev-a", &set, "ana", "hospital list of 2024-03-16")
            .unwrap();
        let e = s.get_event("ev-a").unwrap().unwrap();
        assert_eq!(
            (e.event.fatalities.low, e.event.fatalities.high),
            (Some(20), Some(20)),
            "{name}"
        );
        let last = s.revisions("ev-a").unwrap().pop().unwrap();
        assert_eq!(last.action, "edit", "{name}");
        assert!(last.reason.contains("ana"), "{}", last.reason);
        assert!(last.reason.contains("hospital list"), "{}", last.reason);
        assert_eq!(last.changes["fatalities"]["new"]["low"], 20, "{name}");
        assert_eq!(e.revision, last.revision, "{name}");

        // A later report with a higher toll merges, and the edit still holds.
        let d = report(
            &Ev {
                killed: Some(30),
                ..base("ev-d", "doc-d")
            },
            TEXT_D,
        );
        let sum = s.ingest_batch(&[d]).unwrap();
        assert_eq!(sum.events_merged, 1, "{name}");
        assert_eq!(killed(&mut s, "ev-a"), Some(20), "{name}: edit undone");
        assert_eq!(s.get_event("ev-a").unwrap().unwrap().n_sources, 3);

        // Merge: the Kismayo event into ev-a (an analyst's call).
        s.merge_events(
            "ev-a",
            "ev-k",
            "ben",
            "same attack, wrong town in one report",
        )
        .unwrap();
        assert_eq!(ids(&mut s), ["ev-a"], "{name}");
        let e = s.get_event("ev-a").unwrap().unwrap();
        assert_eq!(e.n_sources, 4, "{name}");
        let gone = s.revisions("ev-k").unwrap().pop().unwrap();
        assert_eq!(gone.action, "merged_into", "{name}");
        assert!(gone.reason.contains("ben"), "{}", gone.reason);
        assert_eq!(s.source_event_map().unwrap().len(), 4, "{name}");

        // Split the Kismayo report out again.
        let mut ex = lookup(&docs);
        let touched = s
            .split_event("ev-a", "doc-k", "ben", "it was another attack", &mut ex)
            .unwrap();
        let split = touched[1].clone();
        assert_eq!(ids(&mut s).len(), 2, "{name}");
        let part = s.get_event(&split).unwrap().unwrap();
        assert_eq!(part.event.location.name.as_deref(), Some("Kismayo"));
        assert_eq!(part.n_sources, 1, "{name}");
        let rest = s.get_event("ev-a").unwrap().unwrap();
        assert_eq!(rest.n_sources, 3, "{name}");
        assert_eq!(rest.event.location.name.as_deref(), Some("Mogadishu"));
        assert_eq!(s.revisions(&split).unwrap()[0].action, "split_from");
        // Splitting the only report of an event is refused.
        assert!(s
            .split_event(&split, "doc-k", "ben", "again", &mut ex)
            .is_err());

        // Delete, with the history kept.
        s.delete_event(&split, "cy", "a drill, not an attack")
            .unwrap();
        assert_eq!(ids(&mut s), ["ev-a"], "{name}");
        let last = s.revisions(&split).unwrap().pop().unwrap();
        assert_eq!(last.action, "delete", "{name}");
        assert!(last.reason.contains("a drill"), "{}", last.reason);

        let ovs = s.overrides(None).unwrap();
        let actions: Vec<&str> = ovs.iter().map(|o| o.action.as_str()).collect();
        assert_eq!(actions, ["edit", "merge", "split", "delete"], "{name}");
        assert!(ovs.iter().all(|o| !o.at.is_empty() && !o.who.is_empty()));
    }
}

#[test]
fn reprocess_keeps_ids_history_and_corrections() {
    for (name, mut s, _g) in backends("reprocess") {
        let docs = corpus();
        s.ingest_batch(&docs).unwrap();
        let set = vec![(
            "fatalities.low".to_string(),
            sitrep_store::corrections::parse_value("11"),
        )];
        s.edit_event("ev-a", &set, "ana", "morgue count").unwrap();
        let revs_before = s.revisions("ev-a").unwrap();

        // The same extraction: nothing changes but the corrections are re-applied.
        let mut ex = lookup(&docs);
        let r = s.reprocess(&mut ex, &mut |_, _| {}).unwrap();
        assert_eq!((r.events_before, r.events_after), (2, 2), "{name}");
        assert_eq!(r.kept, 2, "{name}: {r:?}");
        assert!(r.added.is_empty() && r.removed.is_empty(), "{name}: {r:?}");
        assert_eq!(r.overrides_applied, 1, "{name}");
        assert_eq!(r.changed, 0, "{name}: {r:?}");
        assert_eq!(ids(&mut s), ["ev-a", "ev-k"], "{name}");
        assert_eq!(killed(&mut s, "ev-a"), Some(11), "{name}: edit lost");
        let revs = s.revisions("ev-a").unwrap();
        assert_eq!(&revs[..revs_before.len()], &revs_before[..], "{name}");

        // New knowledge: the Kismayo report now gives no event, the second
        // Mogadishu report a larger toll.
        let mut changed = docs.clone();
        changed[2].events.clear();
        changed[1].events[0].fatalities.low = Some(17);
        changed[1].events[0].fatalities.best = Some(17);
        changed[1].events[0].fatalities.high = Some(17);
        let mut ex = lookup(&changed);
        let r = s.reprocess(&mut ex, &mut |_, _| {}).unwrap();
        assert_eq!(r.removed, ["ev-k"], "{name}: {r:?}");
        assert_eq!(r.events_after, 1, "{name}");
        assert_eq!(ids(&mut s), ["ev-a"], "{name}");
        // The analyst's toll stands over the new extraction.
        assert_eq!(killed(&mut s, "ev-a"), Some(11), "{name}");
        let e = s.get_event("ev-a").unwrap().unwrap();
        assert_eq!(
            e.event.fatalities.high,
            Some(17),
            "{name}: high re-extracted"
        );
        assert!(r.fields_changed.contains_key("fatalities"), "{name}: {r:?}");
        let actions: Vec<String> = s
            .revisions("ev-a")
            .unwrap()
            .into_iter()
            .map(|r| r.action)
            .collect();
        assert!(
            actions.ends_with(&["edit".into(), "reprocess".into()]),
            "{actions:?}"
        );
        assert_eq!(
            s.revisions("ev-k").unwrap().pop().unwrap().action,
            "removed"
        );
        // A deleted event stays deleted after a reprocess.
        s.delete_event("ev-a", "cy", "duplicate of an older record")
            .unwrap();
        let mut ex = lookup(&docs);
        let r = s.reprocess(&mut ex, &mut |_, _| {}).unwrap();
        assert_eq!(ids(&mut s), ["ev-k"], "{name}: {r:?}");
    }
}

/// Every revision row of the store, in order.
fn all_revisions(s: &mut Store) -> Vec<Vec<sitrep_store::Value>> {
    s.backend()
        .query(
            "SELECT event_id, revision, at, doc_key, action, changes, reason, score
             FROM revisions ORDER BY event_id, revision",
            &[],
        )
        .unwrap()
}

/// Three reports where the third bridges the first two: two accounts of one
/// Mogadishu bombing whose days are too far apart to block together, and a
/// third giving the span of days that holds both, so ingest merges it into one
/// and absorbs the other (`absorb` / `merged_into`).
fn bridged_corpus() -> Vec<IngestDoc> {
    let text_c = "Between the 10th and the 16th, bombs near the Mogadishu fish market killed nine.";
    // Its id sorts first: reprocessing must follow the order of storing, not
    // of the ids (documents stored within one millisecond).
    let mut c = report(&base("ev-c", "doc-0-bridge"), text_c);
    let d = &mut c.events[0].date;
    d.start = "2024-03-10".parse().ok();
    d.end = "2024-03-16".parse().ok();
    d.precision = sitrep_core::DatePrecision::Days;
    vec![
        report(
            &Ev {
                date: "2024-03-10",
                ..base("ev-a", "doc-a")
            },
            TEXT_A,
        ),
        report(
            &Ev {
                date: "2024-03-16",
                ..base("ev-b", "doc-b")
            },
            TEXT_B,
        ),
        c,
        report(
            &Ev {
                place: KISMAYO,
                killed: Some(4),
                ..base("ev-k", "doc-k")
            },
            TEXT_K,
        ),
    ]
}

#[test]
fn reprocess_after_a_bridging_merge_keeps_ids_fields_and_history() {
    for (name, mut s, _g) in backends("reprocess_bridge") {
        let docs = bridged_corpus();
        s.ingest_batch(&docs).unwrap();
        // As a fast ingest stores them: all within one millisecond.
        s.backend()
            .execute(
                "UPDATE documents SET ingested_at = '2024-03-20T00:00:00.000Z'",
                &[],
            )
            .unwrap();
        let merged: Vec<String> = all_revisions(&mut s)
            .iter()
            .filter(|r| r[4].as_str() == Some("merged_into"))
            .filter_map(|r| r[0].as_str().map(str::to_string))
            .collect();
        assert_eq!(merged.len(), 1, "{name}: the third report must bridge two");
        let set = vec![(
            "fatalities.low".to_string(),
            sitrep_store::corrections::parse_value("10"),
        )];
        let live = ids(&mut s);
        assert_eq!(live.len(), 2, "{name}: {live:?}");
        s.edit_event(&live[0], &set, "ana", "morgue count").unwrap();
        let records = |s: &mut Store| -> Vec<Event> {
            ids(s)
                .iter()
                .map(|id| s.get_event(id).unwrap().unwrap().event)
                .collect()
        };
        let (ids_before, recs_before) = (ids(&mut s), records(&mut s));
        let revs_before = all_revisions(&mut s);
        for round in 1..=2 {
            let mut ex = lookup(&docs);
            let r = s
                .reprocess(&mut ex, &mut |_, _| {})
                .unwrap_or_else(|e| panic!("{name}: reprocess {round}: {e}"));
            assert_eq!(r.kept, 2, "{name} {round}: {r:?}");
            assert!(r.added.is_empty() && r.removed.is_empty(), "{name}: {r:?}");
            assert_eq!(r.changed, 0, "{name} {round}: {r:?}");
            assert_eq!(ids(&mut s), ids_before, "{name} {round}");
            assert_eq!(records(&mut s), recs_before, "{name} {round}");
            // No revision lost or rewritten (the re-applied edit adds one);
            // the absorbed event's history stays.
            let revs = all_revisions(&mut s);
            for r in &revs_before {
                assert!(revs.contains(r), "{name} {round}: lost {r:?}");
            }
            assert!(revs.len() > revs_before.len(), "{name} {round}");
            let absorbed = s.revisions(&merged[0]).unwrap();
            assert_eq!(
                absorbed.last().map(|r| r.action.as_str()),
                Some("merged_into"),
                "{name} {round}"
            );
        }
    }
}
