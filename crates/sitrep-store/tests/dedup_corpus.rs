/*!
Deduplication measured on `data/corpus/dedup/reports.jsonl` with the real
extractor: every report is extracted and ingested in order, and report pairs are
counted (same true event and merged; different events and merged). The floors
below guard against regressions; the figures are printed (`--nocapture`) and
`sitrep dedup-eval` prints the same.
*/

mod common;

use sitrep_store::{BatchSummary, EventQuery, IngestDoc, Store};

/// The dedup corpus through the real extractor: (true cluster, report).
fn corpus_rows() -> Vec<(String, IngestDoc)> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/corpus/dedup/reports.jsonl"
    );
    let text = std::fs::read_to_string(path).expect("corpus");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let ex = sitrep_extract::Extractor::embedded(today).expect("extractor");
    let mut rows = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("corpus line is JSON");
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
        let id = s("id").expect("id");
        let published = s("published").and_then(|p| p.parse().ok());
        let doc = ex.prepare(
            &id,
            &id,
            s("url"),
            None,
            published,
            &s("text").expect("text"),
        );
        let events = ex.extract(&doc);
        rows.push((s("cluster").expect("cluster"), IngestDoc { doc, events }));
    }
    rows
}

#[test]
fn dedup_corpus_pair_rates() {
    let rows = corpus_rows();
    assert!(rows.len() >= 60, "the corpus must hold at least 60 reports");
    let mut store = Store::open(":memory:").unwrap();
    let r = sitrep_store::evaluate_dedup(&mut store, &rows).unwrap();
    let m = &r.metrics;
    println!(
        "dedup corpus: {} reports, {} clusters, {} stored events; same-event pairs merged {}/{} = {:.1}%; different-event pairs merged {}/{} = {:.2}%",
        m.reports, r.clusters, r.stored_events, m.same_merged, m.same_pairs,
        100.0 * r.merge_rate, m.diff_merged, m.diff_pairs, 100.0 * r.false_merge_rate
    );
    // Measured 2026-12-04 (87 reports): 75/79 = 94.9%, 0/3,662 false merges; the
    // four missed pairs are extraction's (a homonym abroad, a report without event).
    // Measured 2026-12-04 with groups s9–s11 (95 reports): 78/82 = 95.1%, 0/4,383.
    // Measured 2026-12-05 with group s12 (99 reports): 80/83 = 96.4%, 1/4,768: one
    // group's raids on two villages 40 km apart one day apart still merge (s12-d,
    // s12-b; the README says why); the other four pairs of the group stay apart.
    // Measured 2026-12-06 with groups s13–s14 (106 reports): 87/87, 1/5,478
    // (before the issue-18 rules: 84/87, 3/5,478).
    assert!(r.merge_rate >= 0.95, "merge rate fell: {m:?}");
    assert!(m.diff_merged <= 1, "false merges: {m:?}");
}

/// Every stored event as the store answers it (timestamps left out), with its
/// revisions, by id.
fn stored_events(s: &mut Store) -> Vec<(String, String)> {
    let q = EventQuery::default();
    let mut out: Vec<(String, String)> = s
        .query(&q)
        .unwrap()
        .into_iter()
        .map(|e| {
            let revs: Vec<String> = s
                .revisions(&e.event.id)
                .unwrap()
                .into_iter()
                .map(|r| {
                    format!(
                        "{} {} {:?} {} {}",
                        r.revision, r.action, r.doc_key, r.changes, r.reason
                    )
                })
                .collect();
            let rec = serde_json::to_string(&e.event).unwrap();
            let id = e.event.id.clone();
            (
                id,
                format!("{rec} {} {} {} {revs:?}", e.revision, e.n_sources, e.notes),
            )
        })
        .collect();
    out.sort();
    out
}

/// A batch finds the events it stored itself as the next batch would: the
/// corpus (merges, bridges and look-alikes within a few reports of each other)
/// in one batch is stored as one report per batch stores it, on every backend
/// (PostgreSQL searches a whole batch at once and keeps what the batch wrote
/// in memory: this compares that with a search per batch of one).
#[test]
fn one_batch_stores_the_corpus_as_one_report_per_batch_does() {
    let docs: Vec<IngestDoc> = corpus_rows().into_iter().map(|r| r.1).collect();
    let whole = common::backends("corpus_whole");
    let single = common::backends("corpus_single");
    let mut maps = Vec::new();
    for ((name, mut a, _ga), (_, mut b, _gb)) in whole.into_iter().zip(single) {
        let sum_a = a.ingest_batch(&docs).unwrap();
        let mut sum_b = BatchSummary::default();
        for d in &docs {
            sum_b.add(b.ingest_batch(std::slice::from_ref(d)).unwrap());
        }
        assert_eq!(sum_a, sum_b, "{name}");
        assert!(sum_a.events_merged >= 40, "{name}: {sum_a:?}");
        assert_eq!(
            a.source_event_map().unwrap(),
            b.source_event_map().unwrap(),
            "{name}"
        );
        assert_eq!(stored_events(&mut a), stored_events(&mut b), "{name}");
        maps.push((name, a.source_event_map().unwrap()));
    }
    // Every backend merges alike (a report without any date or publication
    // date, group s13, is searched through its province on each).
    for (name, m) in &maps[1..] {
        assert_eq!(m, &maps[0].1, "{name} against {}", maps[0].0);
    }
}

/// The shared dev pools (real reports with gold), when this checkout has them.
fn shared_pools() -> Vec<std::path::PathBuf> {
    let base = std::env::var_os("SITREP_SHARED").map_or_else(
        || std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")),
        std::path::PathBuf::from,
    );
    ["dev-pool", "dev-pool-2"]
        .iter()
        .map(|p| base.join(p))
        .filter(|p| p.join("reports.jsonl").is_file() && p.join("gold").is_dir())
        .collect()
}

/// Real two-outlet pairs: the same gold id in two gold files is one real event.
#[test]
fn real_two_outlet_pairs() {
    let pools = shared_pools();
    if pools.is_empty() {
        println!(
            "skipped: no ../shared/dev-pool or dev-pool-2 beside this checkout (set SITREP_SHARED)"
        );
        return;
    }
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    let ex = sitrep_extract::Extractor::embedded(today).expect("extractor");
    let mut docs = Vec::new();
    let mut gold = Vec::new();
    for pool in &pools {
        let text = std::fs::read_to_string(pool.join("reports.jsonl")).expect("reports");
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("report line is JSON");
            let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
            let id = s("id").expect("id");
            let published = s("published").and_then(|p| p.parse().ok());
            let doc = ex.prepare(
                &id,
                &id,
                s("url"),
                s("title"),
                published,
                &s("text").expect("text"),
            );
            let events = ex.extract(&doc);
            docs.push(IngestDoc { doc, events });
        }
        gold.extend(sitrep_eval::load_gold_dir(&pool.join("gold")).expect("gold"));
    }
    let mut store = Store::open(":memory:").unwrap();
    let r = sitrep_store::evaluate_gold_pairs(&mut store, &docs, &gold).unwrap();
    let m = &r.metrics;
    println!(
        "real pairs: {} reports, {} shared gold events, {} stored events; same-event pairs merged {}/{} = {:.1}% ({}/{} = {:.1}% where both events were extracted); different-event pairs merged {}/{} = {:.2}%",
        r.reports, r.shared_clusters, r.stored_events, m.same_merged, m.same_pairs,
        100.0 * r.merge_rate, r.extracted_merged, r.extracted_pairs, 100.0 * r.extracted_merge_rate(),
        m.diff_merged, m.diff_pairs, 100.0 * r.false_merge_rate
    );
    for (c, a, b, why) in &r.missed {
        println!("  missed {c}: {a} / {b}: {why}");
    }
    for (c, a, d, b) in &r.false_merges {
        println!("  false merge {c} ({a}) with {d} ({b})");
    }
    assert!(
        m.same_pairs >= 14,
        "the pools hold at least 14 two-outlet pairs: {m:?}"
    );
    // Measured 2026-12-03: 20/25 (20/21 where extraction found both events), 0 false
    // merges of 10,779; before S1–S5, 9/25. Measured 2026-12-04, once extraction
    // kept recalled incidents apart (C6) and dated every event: 21/31 (21/27 where
    // both were extracted), 2 false merges of 11,819. The new pairs are mostly an
    // incident recalled in another incident's report (undated or dated by year),
    // which the store still merges poorly (S2); the rest are extraction misses.
    // Measured 2026-12-04, once a recalled mention merges only with the one
    // stored event that fits it and sub-types of compatible types no longer cost:
    // 22/31 (22/27 where both were extracted), 0 false merges of 11,819.
    // Measured 2026-12-04, once a shared claimant counts like a shared
    // perpetrator, a toll of one group of victims stated inside the other's toll
    // is no disagreement, and a recalled mention no longer stretches a dated
    // event's window: 26/31 (26/27 where both were extracted), 0 of 11,973; the
    // one store-side miss left is a neighbourhood recalled by its year against
    // its city 6.6 km away, with a generic perpetrator against a named one.
    // Measured 2026-12-04, once extraction places a cross-border air strike in
    // the struck country (one more pair with both events extracted, not merged:
    // its perpetrator is misread and the tolls are an early and a later count)
    // and the hospital of the wounded and the victims' funerals no longer count
    // as things hit: 26/31 (26/28 where both were extracted), 0 of 11,973.
    // Measured 2026-12-04 (evening), once an explosion told after gunmen
    // opened fire no longer retypes their attack and a region recalled in a
    // report placed elsewhere no longer picks an IS branch: 27/31 = 87.1%
    // (27/29 where both were extracted), 0 of 11,973.
    // Measured 2026-12-05, once an undated act told after a report's first act
    // takes its day only when it has no more dead than it (a deadlier one is
    // another incident, recalled): 30/34 = 88.2% (30/32 where both were
    // extracted), 0 of 12,279.
    // Measured 2026-12-06 (issue 18), once a place inside a recalled mention's
    // province is a shared spot and an open first toll no longer disagrees with
    // a later count: 30/34 (30/32 where both were extracted), 0 of 12,594. The
    // cross-border strike recalled by its province now blocks with the
    // district's report but scores 0.59, below a far pair's 0.65; the
    // neighbourhood recalled by its year needs extraction (the attribution
    // "officials said group X carried it out", and what was hit).
    assert!(r.merge_rate >= 0.87, "real-pair merge rate fell: {m:?}");
    assert!(
        r.extracted_merge_rate() >= 0.92,
        "merge rate on extracted pairs fell: {m:?}"
    );
    assert_eq!(m.diff_merged, 0, "false merges: {m:?}");
}
