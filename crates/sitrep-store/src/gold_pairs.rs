/*!
Deduplication measured on real reports with gold events.

The dev pools (`shared/dev-pool`, `shared/dev-pool-2`) hold real reports of the
same incident by two outlets: the same gold event `id` in two gold files marks
one real-world event. [`evaluate_gold_pairs`] stores every report (in the order
they would arrive: by publication date, undated reports last), finds which
extracted event of each report is each gold event (the scorer's own one-to-one
matching, [`sitrep_eval::score`]), and counts pairs of gold events of two
different reports: the same gold id and stored as one event (a hit), or two
different gold ids stored as one event (a false merge).

A required gold event that extraction missed takes part with no stored event, so
its same-event pairs count as missed merges; an optional gold event (a passing
mention) takes part only where extraction found it.
*/

use crate::dedup::{self, PairMetrics};
use crate::{document_key, IngestDoc, Store, StoreError};
use serde::Serialize;
use sitrep_core::Event;
use sitrep_eval::gold::GoldDoc;
use std::collections::{BTreeMap, HashSet};

/// One gold event of one report, and where its extracted event was stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoldItem {
    /// The gold event id: the true cluster.
    pub cluster: String,
    /// The report (document id).
    pub doc: String,
    pub required: bool,
    /// The id the extractor gave the matched event in this report.
    pub source_event: Option<String>,
    /// The stored event it ended in.
    pub event: Option<String>,
}

/// The outcome of [`evaluate_gold_pairs`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoldPairEval {
    pub reports: usize,
    pub metrics: PairMetrics,
    pub merge_rate: f64,
    pub false_merge_rate: f64,
    /// Same-event pairs whose two events extraction found (dedup's own share).
    pub extracted_pairs: usize,
    /// … of which were merged.
    pub extracted_merged: usize,
    /// Gold ids found in two or more reports.
    pub shared_clusters: usize,
    pub stored_events: u64,
    pub items: Vec<GoldItem>,
    /// Same-event pairs not merged: `(cluster, doc a, doc b, why)`, `why` the two
    /// extracted events compared as the store compares them.
    pub missed: Vec<(String, String, String, String)>,
    /// Different-event pairs merged: `(cluster a, doc a, cluster b, doc b)`.
    pub false_merges: Vec<(String, String, String, String)>,
}

/// Why two gold items' extracted events were not merged, in words.
fn explain(
    store: &Store,
    by_id: &BTreeMap<&str, &IngestDoc>,
    a: &GoldItem,
    b: &GoldItem,
) -> String {
    let find = |it: &GoldItem| {
        let d = by_id.get(it.doc.as_str())?;
        let id = it.source_event.as_ref()?;
        let ev = d.events.iter().find(|e| &e.id == id)?;
        Some((*d, ev))
    };
    let (Some((da, ea)), Some((db, eb))) = (find(a), find(b)) else {
        let side = if find(a).is_none() { &a.doc } else { &b.doc };
        return format!("no extracted event in {side}");
    };
    let k = store.knowledge();
    let cfg = store.dedup_config();
    let pa = dedup::profile(ea, &da.doc.text, da.doc.published, k, cfg);
    let pb = dedup::profile(eb, &db.doc.text, db.doc.published, k, cfg);
    let show = |p: &dedup::Profile| {
        format!(
            "{} {:?} {:?}..{:?}/{:?} block {:?} {} {:?} {:?} ({:?},{:?}) perp {:?} killed {:?}",
            p.event_type,
            p.sub_event_type,
            p.date_start,
            p.date_end,
            p.precision,
            p.block,
            p.place_key.as_deref().unwrap_or("-"),
            p.geo_precision,
            p.admin1,
            p.lat,
            p.lon,
            p.perpetrator,
            p.fatalities
        )
    };
    let (s, why) = dedup::score(&pa, &pb, k);
    let verdict = match dedup::relation(&pa, &pb, k, cfg) {
        Some(rel) => format!("{rel:?} pair, score {s:.2}: {}", why.join("; ")),
        None => format!(
            "not blocked together (would score {s:.2}: {})",
            why.join("; ")
        ),
    };
    format!("{verdict}\n      a: {}\n      b: {}", show(&pa), show(&pb))
}

impl GoldPairEval {
    /// Share of same-event pairs merged among those whose events were both extracted.
    pub fn extracted_merge_rate(&self) -> f64 {
        if self.extracted_pairs == 0 {
            1.0
        } else {
            self.extracted_merged as f64 / self.extracted_pairs as f64
        }
    }
}

/// The file stem of a gold `doc` name (`d002_x.txt` → `d002_x`).
fn stem(s: &str) -> &str {
    s.rsplit_once('.').map_or(s, |(a, _)| a)
}

/// Store `docs` (their events already extracted) in arrival order and measure,
/// pair by pair, whether the gold events of `gold` shared by several reports were
/// merged (see the module documentation). A report without a gold file takes part
/// in the store only.
pub fn evaluate_gold_pairs(
    store: &mut Store,
    docs: &[IngestDoc],
    gold: &[GoldDoc],
) -> Result<GoldPairEval, StoreError> {
    let mut order: Vec<&IngestDoc> = docs.iter().collect();
    order.sort_by(|a, b| {
        let key = |d: &IngestDoc| (d.doc.published.is_none(), d.doc.published);
        key(a).cmp(&key(b)).then_with(|| a.doc.id.cmp(&b.doc.id))
    });
    let sorted: Vec<IngestDoc> = order.into_iter().cloned().collect();
    store.ingest_batch(&sorted)?;
    let map = store.source_event_map()?;
    let by_id: BTreeMap<&str, &IngestDoc> = docs.iter().map(|d| (d.doc.id.as_str(), d)).collect();

    let mut items = Vec::new();
    for g in gold {
        let Some(d) = by_id.get(stem(&g.doc)).copied() else {
            continue;
        };
        let (key, _) = document_key(&d.doc);
        let mut preds: BTreeMap<String, Vec<Event>> = BTreeMap::new();
        preds.insert(g.doc.clone(), d.events.clone());
        let report = sitrep_eval::score(std::slice::from_ref(g), &preds, &BTreeMap::new());
        for ge in &g.events {
            let m = report.matches.iter().find(|m| m.gold_id == ge.id);
            if m.is_none() && !ge.required {
                continue;
            }
            let source_event = m.map(|m| m.event_id.clone());
            let event = source_event
                .as_ref()
                .and_then(|s| map.get(&(key.clone(), s.clone())).cloned());
            items.push(GoldItem {
                cluster: ge.id.clone(),
                doc: d.doc.id.clone(),
                required: ge.required,
                source_event,
                event,
            });
        }
    }

    let mut metrics = PairMetrics {
        reports: sorted.len(),
        reports_with_event: items.iter().filter(|i| i.event.is_some()).count(),
        ..PairMetrics::default()
    };
    let mut missed = Vec::new();
    let mut false_merges = Vec::new();
    let mut shared: HashSet<&str> = HashSet::new();
    let (mut extracted_pairs, mut extracted_merged) = (0, 0);
    for (i, a) in items.iter().enumerate() {
        for b in items.iter().skip(i + 1) {
            if a.doc == b.doc {
                continue;
            }
            let merged = a.event.is_some() && a.event == b.event;
            if a.cluster == b.cluster {
                shared.insert(a.cluster.as_str());
                metrics.same_pairs += 1;
                if a.event.is_some() && b.event.is_some() {
                    extracted_pairs += 1;
                    extracted_merged += usize::from(merged);
                }
                if merged {
                    metrics.same_merged += 1;
                } else {
                    let why = explain(store, &by_id, a, b);
                    missed.push((a.cluster.clone(), a.doc.clone(), b.doc.clone(), why));
                }
            } else {
                metrics.diff_pairs += 1;
                if merged {
                    metrics.diff_merged += 1;
                    false_merges.push((
                        a.cluster.clone(),
                        a.doc.clone(),
                        b.cluster.clone(),
                        b.doc.clone(),
                    ));
                }
            }
        }
    }
    Ok(GoldPairEval {
        reports: sorted.len(),
        merge_rate: metrics.merge_rate(),
        false_merge_rate: metrics.false_merge_rate(),
        metrics,
        extracted_pairs,
        extracted_merged,
        shared_clusters: shared.len(),
        stored_events: store.counts()?.events,
        items,
        missed,
        false_merges,
    })
}
