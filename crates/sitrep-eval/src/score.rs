/*!
Scoring: one-to-one matching of predictions to gold events, detection figures,
field accuracy, and the lists a developer needs to see every error.

Matching (per document): every (prediction, gold) pair that meets the three match
conditions of [`crate::compare::compat`] is a candidate; each candidate is scored by
the number of agreeing fields; candidates are assigned greedily, best agreement
first, ties broken by required gold before optional, main type before alternative
type, then gold order, then prediction order — so the result is deterministic.
Each gold event takes at most one prediction and each prediction at most one gold.

Detection:
* precision = matched violent predictions / violent predictions (`battles`,
  `explosions_remote_violence`, `violence_against_civilians`, `riots`). A violent
  prediction matched to an **optional** gold event counts as matched (a true
  positive for precision): the contract says such a prediction is "never a false
  positive when matched", and its precision formula divides by *all* violent
  predictions, so it stays in the denominator and joins the numerator.
* recall = matched required gold / required gold; optional gold is never in recall.
* Predictions of other types (protests, strategic developments, statements) are
  counted separately and never enter precision; one matched to required gold still
  counts for recall.
* A ratio with a zero denominator is `None` (shown as `-`).

Fields are scored over matched pairs of required *and* optional gold, each field with
its own denominator (only pairs whose gold annotates it; see `compare.rs`).
*/

use crate::compare::{compare_fields, compat, Compat, Field, FieldOutcome};
use crate::gold::{GoldDoc, GoldEvent};
use serde::Serialize;
use sitrep_core::{Event, Span};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};

/// Detection counts and ratios.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Detection {
    /// Predictions of violent types (precision's denominator).
    pub predicted_violent: usize,
    /// Violent predictions matched to any gold event (precision's numerator).
    pub matched_violent: usize,
    /// Predictions of non-violent types (not in precision).
    pub predicted_other: usize,
    pub matched_other: usize,
    pub required_gold: usize,
    pub matched_required: usize,
    pub optional_gold: usize,
    pub matched_optional: usize,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
}

impl Detection {
    fn add(&mut self, o: &Detection) {
        self.predicted_violent += o.predicted_violent;
        self.matched_violent += o.matched_violent;
        self.predicted_other += o.predicted_other;
        self.matched_other += o.matched_other;
        self.required_gold += o.required_gold;
        self.matched_required += o.matched_required;
        self.optional_gold += o.optional_gold;
        self.matched_optional += o.matched_optional;
    }
    fn finish(&mut self) {
        self.precision = ratio(self.matched_violent, self.predicted_violent);
        self.recall = ratio(self.matched_required, self.required_gold);
        self.f1 = match (self.precision, self.recall) {
            (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
            (Some(_), Some(_)) => Some(0.0),
            _ => None,
        };
    }
}

fn ratio(n: usize, d: usize) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

/// Accuracy of one field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldScore {
    pub field: String,
    pub correct: usize,
    pub total: usize,
    pub accuracy: Option<f64>,
}

/// One document's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocReport {
    pub doc: String,
    pub gold_events: usize,
    pub predictions: usize,
    pub detection: Detection,
    pub fields: Vec<FieldScore>,
}

/// A matched (gold, prediction) pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchedPair {
    pub doc: String,
    pub gold_id: String,
    pub event_id: String,
    pub required: bool,
    pub event_type: String,
    /// Fields agreeing / fields scored.
    pub agreeing: usize,
    pub scored: usize,
}

/// A required gold event no prediction matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    pub doc: String,
    pub gold_id: String,
    pub event_type: String,
    pub admin1: Option<String>,
    pub location: Option<String>,
    pub date: String,
    pub evidence: Option<String>,
    /// The closest prediction and why it did not match.
    pub nearest: String,
}

/// A violent prediction that matched no gold event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FalsePositive {
    pub doc: String,
    pub event_id: String,
    pub event_type: String,
    pub location: Option<String>,
    pub admin1: Option<String>,
    pub date: String,
    pub evidence: String,
    /// The closest gold event and why it did not match.
    pub nearest: String,
}

/// A field of a matched pair that disagrees with the gold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldError {
    pub doc: String,
    pub gold_id: String,
    pub event_id: String,
    pub field: String,
    pub gold: String,
    pub predicted: String,
}

/// The scorer's result (serialised for `sitrep eval --json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub documents: usize,
    pub gold_events: usize,
    pub predictions: usize,
    pub detection: Detection,
    pub fields: Vec<FieldScore>,
    pub docs: Vec<DocReport>,
    pub matches: Vec<MatchedPair>,
    pub misses: Vec<Miss>,
    pub false_positives: Vec<FalsePositive>,
    pub field_errors: Vec<FieldError>,
    /// Prediction keys that name no gold document (not scored).
    pub ignored_docs: Vec<String>,
    /// Counts by sub-event type: every ACLED sub-type, then any other code seen.
    pub sub_types: Vec<SubTypeScore>,
}

/// ACLED's sub-event types, `code<TAB>ACLED name` (the exports' table).
const ACLED_SUB_TYPES: &str = include_str!("../../../data/store/acled-sub-event-types.tsv");

/// Gold events, predictions and agreeing matched pairs of one sub-event type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubTypeScore {
    /// sitrep's code (`armed_clash`).
    pub code: String,
    /// ACLED's name (`Armed clash`), or the code when the table has none.
    pub acled_name: String,
    /// Gold events whose first accepted sub-type is this one.
    pub gold: usize,
    /// Predictions (of any event type) with this sub-type.
    pub predicted: usize,
    /// Matched pairs whose prediction has this sub-type and the gold accepts it.
    pub matched: usize,
}

/// One row per sub-type of the ACLED table (in its order), then the other codes met.
fn sub_type_rows(counts: &BTreeMap<String, (usize, usize, usize)>) -> Vec<SubTypeScore> {
    let table: Vec<(&str, &str)> = ACLED_SUB_TYPES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
        .collect();
    let row = |code: &str, name: &str| {
        let (gold, predicted, matched) = counts.get(code).copied().unwrap_or_default();
        SubTypeScore {
            code: code.to_string(),
            acled_name: name.to_string(),
            gold,
            predicted,
            matched,
        }
    };
    let mut rows: Vec<SubTypeScore> = table.iter().map(|(c, n)| row(c, n)).collect();
    for code in counts.keys() {
        if !table.iter().any(|(c, _)| c == code) {
            rows.push(row(code, code));
        }
    }
    rows
}

#[derive(Default)]
struct FieldTally(BTreeMap<Field, (usize, usize)>);

impl FieldTally {
    fn add(&mut self, o: &FieldOutcome) {
        let e = self.0.entry(o.field).or_default();
        e.0 += usize::from(o.correct);
        e.1 += 1;
    }
    fn merge(&mut self, o: &FieldTally) {
        for (f, (c, t)) in &o.0 {
            let e = self.0.entry(*f).or_default();
            e.0 += c;
            e.1 += t;
        }
    }
    fn scores(&self) -> Vec<FieldScore> {
        Field::ALL
            .iter()
            .map(|f| {
                let (correct, total) = self.0.get(f).copied().unwrap_or((0, 0));
                FieldScore {
                    field: f.as_str().to_string(),
                    correct,
                    total,
                    accuracy: ratio(correct, total),
                }
            })
            .collect()
    }
}

fn stem(name: &str) -> &str {
    match name.rsplit_once('.') {
        Some((s, ext)) if !s.is_empty() && !ext.contains('/') => s,
        _ => name,
    }
}

fn lookup<'a, T>(map: &'a BTreeMap<String, T>, doc: &str) -> Option<&'a T> {
    map.get(doc).or_else(|| map.get(stem(doc))).or_else(|| {
        map.iter()
            .find(|(k, _)| stem(k) == stem(doc))
            .map(|(_, v)| v)
    })
}

fn show_date(start: Option<chrono::NaiveDate>, end: Option<chrono::NaiveDate>) -> String {
    match (start, end) {
        (None, None) => "unresolved".to_string(),
        (Some(s), Some(e)) if s == e => s.to_string(),
        (s, e) => format!(
            "{}..{}",
            s.map_or("?".to_string(), |d| d.to_string()),
            e.map_or("?".to_string(), |d| d.to_string())
        ),
    }
}

fn gold_date(g: &GoldEvent) -> String {
    let d = show_date(g.date.start, g.date.end);
    let mut s = format!("{d} ({})", g.date.precision());
    if g.date.exact == Some(false) {
        s.push_str(" inexact");
    }
    s
}

fn describe_pred(i: usize, p: &Event) -> String {
    format!(
        "#{} {} at {}/{} on {}",
        i + 1,
        p.event_type.as_str(),
        p.location.name.as_deref().unwrap_or("?"),
        p.location.admin1.as_deref().unwrap_or("?"),
        show_date(p.date.start, p.date.end)
    )
}

/// Expand `span` to the sentence around it (delimiters `.`, `!`, `?`, newline).
fn sentence_around(text: &str, span: Span) -> &str {
    let bytes = text.as_bytes();
    if span.start >= bytes.len() {
        return "";
    }
    let (s, e) = (span.start, span.end.min(bytes.len()));
    let is_stop = |b: u8| matches!(b, b'.' | b'!' | b'?' | b'\n');
    let start = bytes
        .get(..s)
        .and_then(|pre| pre.iter().rposition(|&b| is_stop(b)))
        .map_or(0, |i| i + 1);
    let end = bytes
        .get(e..)
        .and_then(|post| post.iter().position(|&b| is_stop(b)))
        .map_or(bytes.len(), |i| e + i + 1);
    text.get(start..end).unwrap_or("").trim()
}

/// The evidence of a prediction: its source sentences in `doc`, else the sentence
/// around its location/date/casualty/actor spans, else its location and date text.
fn evidence(p: &Event, doc: &str, text: Option<&String>) -> String {
    let source = p
        .sources
        .iter()
        .find(|s| s.doc == doc || stem(&s.doc) == stem(doc))
        .or_else(|| p.sources.first());
    if let Some(text) = text {
        if let Some(src) = source {
            let parts: Vec<&str> = src
                .sentences
                .iter()
                .map(|sp| sp.text(text).trim())
                .filter(|s| !s.is_empty())
                .collect();
            if !parts.is_empty() {
                return parts.join(" … ");
            }
        }
        let spans = [
            p.location.span,
            p.date.span,
            p.fatalities.span,
            p.injuries.span,
        ];
        let fallback = spans
            .into_iter()
            .flatten()
            .chain(p.actors.iter().map(|a| a.span))
            .map(|sp| sentence_around(text, sp))
            .find(|s| !s.is_empty());
        if let Some(s) = fallback {
            return s.to_string();
        }
    }
    let bits: Vec<&str> = [p.location.text.as_deref(), p.date.text.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if bits.is_empty() {
        "(no evidence)".to_string()
    } else {
        bits.join(" / ")
    }
}

struct DocResult {
    detection: Detection,
    tally: FieldTally,
    matches: Vec<MatchedPair>,
    misses: Vec<Miss>,
    false_positives: Vec<FalsePositive>,
    field_errors: Vec<FieldError>,
}

/// One document's scoring: the compatibility of every (prediction, gold) pair and
/// the one-to-one matching chosen from it.
struct DocScoring<'a> {
    g: &'a GoldDoc,
    preds: &'a [Event],
    text: Option<&'a String>,
    /// `compats[prediction][gold]`.
    compats: Vec<Vec<Compat>>,
    /// Gold index → prediction index, and back.
    gold_taken: BTreeMap<usize, usize>,
    pred_taken: BTreeMap<usize, usize>,
}

/// Score one document: match predictions to gold events one to one (most agreeing
/// fields first, then required gold, then the primary type), then tally fields,
/// detection, misses and false positives.
fn score_doc(g: &GoldDoc, preds: &[Event], text: Option<&String>) -> DocResult {
    let compats: Vec<Vec<Compat>> = preds
        .iter()
        .map(|p| g.events.iter().map(|ge| compat(p, ge)).collect())
        .collect();
    let mut s = DocScoring {
        g,
        preds,
        text,
        compats,
        gold_taken: BTreeMap::new(),
        pred_taken: BTreeMap::new(),
    };
    let pairs = s.match_pairs();
    let mut res = DocResult {
        detection: s.detection(),
        tally: FieldTally::default(),
        matches: Vec::new(),
        misses: s.misses(),
        false_positives: s.false_positives(),
        field_errors: Vec::new(),
    };
    s.record_pairs(&pairs, &mut res);
    res
}

impl DocScoring<'_> {
    fn compat_of(&self, pi: usize, gi: usize) -> Option<Compat> {
        self.compats.get(pi)?.get(gi).copied()
    }

    /// The one-to-one matching: (gold index, prediction index, field outcomes), in
    /// gold order.
    fn match_pairs(&mut self) -> Vec<(usize, usize, Vec<FieldOutcome>)> {
        let g = self.g;
        // Candidates: (agreeing fields, pair fields, gold index, prediction index, primary type).
        let mut cands: Vec<(usize, Vec<FieldOutcome>, usize, usize, bool)> = Vec::new();
        for (pi, p) in self.preds.iter().enumerate() {
            for (gi, ge) in g.events.iter().enumerate() {
                let c = self.compat_of(pi, gi).unwrap_or_default();
                if c.matches() {
                    let fields = compare_fields(p, ge, g);
                    let agree = fields.iter().filter(|f| f.correct).count();
                    cands.push((agree, fields, gi, pi, c.primary_type));
                }
            }
        }
        cands.sort_by_key(|(agree, _, gi, pi, primary)| {
            let required = g.events.get(*gi).is_some_and(|e| e.required);
            (Reverse(*agree), !required, !*primary, *gi, *pi)
        });
        let mut pairs: Vec<(usize, usize, Vec<FieldOutcome>)> = Vec::new();
        for (_, fields, gi, pi, _) in cands {
            if self.gold_taken.contains_key(&gi) || self.pred_taken.contains_key(&pi) {
                continue;
            }
            self.gold_taken.insert(gi, pi);
            self.pred_taken.insert(pi, gi);
            pairs.push((gi, pi, fields));
        }
        pairs.sort_by_key(|(gi, pi, _)| (*gi, *pi));
        pairs
    }

    /// The matched pairs' field outcomes into the tally, field errors and matches.
    fn record_pairs(&self, pairs: &[(usize, usize, Vec<FieldOutcome>)], res: &mut DocResult) {
        let g = self.g;
        for (gi, pi, fields) in pairs {
            let (Some(ge), Some(p)) = (g.events.get(*gi), self.preds.get(*pi)) else {
                continue;
            };
            for f in fields {
                res.tally.add(f);
                if !f.correct {
                    res.field_errors.push(FieldError {
                        doc: g.doc.clone(),
                        gold_id: ge.id.clone(),
                        event_id: p.id.clone(),
                        field: f.field.as_str().to_string(),
                        gold: f.gold.clone(),
                        predicted: f.predicted.clone(),
                    });
                }
            }
            res.matches.push(MatchedPair {
                doc: g.doc.clone(),
                gold_id: ge.id.clone(),
                event_id: p.id.clone(),
                required: ge.required,
                event_type: p.event_type.as_str().to_string(),
                agreeing: fields.iter().filter(|f| f.correct).count(),
                scored: fields.len(),
            });
        }
    }

    /// Detection counts: predictions by violent/other, gold by required/optional.
    fn detection(&self) -> Detection {
        let mut d = Detection::default();
        for (pi, p) in self.preds.iter().enumerate() {
            let matched = self.pred_taken.contains_key(&pi);
            if p.event_type.is_violent() {
                d.predicted_violent += 1;
                d.matched_violent += usize::from(matched);
            } else {
                d.predicted_other += 1;
                d.matched_other += usize::from(matched);
            }
        }
        for (gi, ge) in self.g.events.iter().enumerate() {
            let matched = self.gold_taken.contains_key(&gi);
            if ge.required {
                d.required_gold += 1;
                d.matched_required += usize::from(matched);
            } else {
                d.optional_gold += 1;
                d.matched_optional += usize::from(matched);
            }
        }
        d.finish();
        d
    }

    /// Required gold events left unmatched, each with the nearest prediction.
    fn misses(&self) -> Vec<Miss> {
        let (g, preds) = (self.g, self.preds);
        let mut out = Vec::new();
        for (gi, ge) in g.events.iter().enumerate() {
            if !ge.required || self.gold_taken.contains_key(&gi) {
                continue;
            }
            let best = (0..preds.len())
                .filter_map(|pi| Some((pi, self.compat_of(pi, gi)?)))
                .max_by_key(|(pi, c)| (c.met(), Reverse(*pi)));
            let nearest = match best {
                None => "no predictions for this document".to_string(),
                Some((pi, c)) => {
                    let desc = preds
                        .get(pi)
                        .map(|p| describe_pred(pi, p))
                        .unwrap_or_default();
                    if c.matches() {
                        let other = self
                            .pred_taken
                            .get(&pi)
                            .and_then(|o| g.events.get(*o))
                            .map_or("another gold event", |o| o.id.as_str());
                        format!("{desc}: compatible but matched to {other}")
                    } else {
                        format!("{desc}: fails {}", c.failures().join("+"))
                    }
                }
            };
            out.push(Miss {
                doc: g.doc.clone(),
                gold_id: ge.id.clone(),
                event_type: ge.event_type.clone(),
                admin1: ge.location.admin1.clone(),
                location: ge.location.name.clone(),
                date: gold_date(ge),
                evidence: ge.evidence.clone(),
                nearest,
            });
        }
        out
    }

    /// Violent predictions left unmatched, each with the nearest gold event.
    fn false_positives(&self) -> Vec<FalsePositive> {
        let g = self.g;
        let mut out = Vec::new();
        for (pi, p) in self.preds.iter().enumerate() {
            if !p.event_type.is_violent() || self.pred_taken.contains_key(&pi) {
                continue;
            }
            let best = self.compats.get(pi).and_then(|row| {
                row.iter()
                    .enumerate()
                    .max_by_key(|(gi, c)| (c.met(), Reverse(*gi)))
                    .map(|(gi, c)| (gi, *c))
            });
            let nearest = match best {
                None => "no gold events for this document".to_string(),
                Some((gi, c)) => {
                    let id = g.events.get(gi).map_or("?", |e| e.id.as_str());
                    if c.matches() {
                        let other = self
                            .gold_taken
                            .get(&gi)
                            .map_or("another prediction".to_string(), |o| format!("#{}", o + 1));
                        format!("{id}: compatible but taken by {other}")
                    } else {
                        format!("{id}: fails {}", c.failures().join("+"))
                    }
                }
            };
            out.push(FalsePositive {
                doc: g.doc.clone(),
                event_id: p.id.clone(),
                event_type: p.event_type.as_str().to_string(),
                location: p.location.name.clone(),
                admin1: p.location.admin1.clone(),
                date: show_date(p.date.start, p.date.end),
                evidence: evidence(p, &g.doc, self.text),
                nearest,
            });
        }
        out
    }
}

/// Score `predictions` (keyed by gold `doc` name; a key without its extension also
/// works) against `gold`. `texts` holds each document's stored text, used only to
/// quote false positives' evidence.
pub fn score(
    gold: &[GoldDoc],
    predictions: &BTreeMap<String, Vec<Event>>,
    texts: &BTreeMap<String, String>,
) -> Report {
    let mut detection = Detection::default();
    let mut tally = FieldTally::default();
    let mut report = Report {
        documents: gold.len(),
        gold_events: 0,
        predictions: 0,
        detection: Detection::default(),
        fields: Vec::new(),
        docs: Vec::new(),
        matches: Vec::new(),
        misses: Vec::new(),
        false_positives: Vec::new(),
        field_errors: Vec::new(),
        ignored_docs: Vec::new(),
        sub_types: Vec::new(),
    };
    // sub-type → (gold, predicted, matched)
    let mut subs: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut used_keys: BTreeSet<&str> = BTreeSet::new();
    for g in gold {
        let preds: &[Event] = lookup(predictions, &g.doc).map_or(&[], Vec::as_slice);
        for k in predictions.keys() {
            if k == &g.doc || stem(k) == stem(&g.doc) {
                used_keys.insert(k.as_str());
            }
        }
        let r = score_doc(g, preds, lookup(texts, &g.doc));
        report.gold_events += g.events.len();
        report.predictions += preds.len();
        detection.add(&r.detection);
        tally.merge(&r.tally);
        report.docs.push(DocReport {
            doc: g.doc.clone(),
            gold_events: g.events.len(),
            predictions: preds.len(),
            detection: r.detection,
            fields: r.tally.scores(),
        });
        for e in &g.events {
            let first = e.sub_event_type.iter().flatten().flatten().next();
            if let Some(code) = first {
                subs.entry(code.clone()).or_default().0 += 1;
            }
        }
        for p in preds {
            if let Some(code) = &p.sub_event_type {
                subs.entry(code.clone()).or_default().1 += 1;
            }
        }
        for m in &r.matches {
            let pred = preds.iter().find(|p| p.id == m.event_id);
            let gold_ev = g.events.iter().find(|e| e.id == m.gold_id);
            if let (Some(code), Some(ge)) = (pred.and_then(|p| p.sub_event_type.as_ref()), gold_ev)
            {
                if ge
                    .sub_event_type
                    .iter()
                    .flatten()
                    .any(|a| a.as_ref() == Some(code))
                {
                    subs.entry(code.clone()).or_default().2 += 1;
                }
            }
        }
        report.matches.extend(r.matches);
        report.misses.extend(r.misses);
        report.false_positives.extend(r.false_positives);
        report.field_errors.extend(r.field_errors);
    }
    detection.finish();
    report.detection = detection;
    report.fields = tally.scores();
    report.sub_types = sub_type_rows(&subs);
    report.ignored_docs = predictions
        .keys()
        .filter(|k| !used_keys.contains(k.as_str()))
        .cloned()
        .collect();
    report
}

/// Group events by the documents they cite (`sources[].doc`); an event citing
/// several documents is a prediction for each of them.
pub fn group_by_doc(events: impl IntoIterator<Item = Event>) -> BTreeMap<String, Vec<Event>> {
    let mut out: BTreeMap<String, Vec<Event>> = BTreeMap::new();
    for e in events {
        let docs: BTreeSet<String> = e.sources.iter().map(|s| s.doc.clone()).collect();
        for d in docs {
            out.entry(d).or_default().push(e.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_expansion_is_safe() {
        let t = "First one. The blast hit Ørby town! Last";
        let i = t.find("Ørby").unwrap_or(0);
        assert_eq!(
            sentence_around(t, Span::new(i, i + 5)),
            "The blast hit Ørby town!"
        );
        assert_eq!(sentence_around(t, Span::new(500, 900)), "");
        assert_eq!(sentence_around("", Span::new(0, 3)), "");
        assert_eq!(stem("a.txt"), "a");
        assert_eq!(stem("noext"), "noext");
    }

    #[test]
    fn sub_type_rows_list_every_acled_sub_type() {
        let mut counts = BTreeMap::new();
        counts.insert("armed_clash".to_string(), (2, 3, 1));
        counts.insert("made_up".to_string(), (0, 1, 0));
        let rows = sub_type_rows(&counts);
        let clash = rows.iter().find(|r| r.code == "armed_clash");
        assert_eq!(
            clash.map(|r| (r.gold, r.predicted, r.matched)),
            Some((2, 3, 1))
        );
        assert_eq!(clash.map(|r| r.acled_name.as_str()), Some("Armed clash"));
        for code in [
            "change_to_group_activity",
            "headquarters_or_base_established",
            "other",
        ] {
            assert!(rows.iter().any(|r| r.code == code && r.gold == 0), "{code}");
        }
        assert_eq!(rows.last().map(|r| r.code.as_str()), Some("made_up"));
    }
}
