/*!
Deduplication measured on `data/corpus/dedup/reports.jsonl` with the real
extractor: every report is extracted and ingested in order, and report pairs are
counted (same true event and merged; different events and merged). The floors
below guard against regressions; the figures are printed (`--nocapture`) and
`sitrep dedup-eval` prints the same.
*/

use sitrep_store::{IngestDoc, Store};

#[test]
fn dedup_corpus_pair_rates() {
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
    assert!(rows.len() >= 60, "the corpus must hold at least 60 reports");
    let mut store = Store::open(":memory:").unwrap();
    let r = sitrep_store::evaluate_dedup(&mut store, &rows).unwrap();
    let m = &r.metrics;
    println!(
        "dedup corpus: {} reports, {} clusters, {} stored events; same-event pairs merged {}/{} = {:.1}%; different-event pairs merged {}/{} = {:.2}%",
        m.reports, r.clusters, r.stored_events, m.same_merged, m.same_pairs,
        100.0 * r.merge_rate, m.diff_merged, m.diff_pairs, 100.0 * r.false_merge_rate
    );
    assert!(r.merge_rate >= 0.80, "merge rate fell: {m:?}");
    assert!(r.false_merge_rate <= 0.02, "false merges rose: {m:?}");
}
