/*!
What extraction saw in one report, as lines of text: every layer of the
pipeline (sentences, places, actors, dates, counts, cues), the facts of each
sentence with the named rules that set them, and for each event the named rule
behind each of its fields. What `sitrep extract --explain` prints: the tool an
analyst uses to ask "why this event?", and the tool a developer uses to fix a
class of error.

Every quoted text is escaped (`{:?}`), so a line never breaks on any input.
*/

use crate::assemble::Provenance;
use crate::layers::Layers;
use crate::rules::Rule;
use crate::sentence::Facts;
use sitrep_core::{Event, PlaceMention};
use sitrep_text::Doc;

/// Append the explanation of one report to `out`.
pub fn report(
    out: &mut Vec<String>,
    doc: &Doc,
    layers: &Layers,
    facts: &[Facts],
    dateline_places: &[PlaceMention],
    events: &[Event],
    why: &[Provenance],
) {
    let t = doc.text;
    out.push(format!(
        "reference date: {:?} ({:?})",
        layers.reference, layers.reference_why
    ));
    if let Some(s) = doc.title {
        out.push(format!("title {:?}", s.text(t)));
    }
    if let Some((d, _)) = doc.dateline {
        out.push(format!("dateline {:?}", d.text(t)));
    }
    for (i, s) in layers.sentences.iter().enumerate() {
        out.push(format!(
            "sentence {i} [{}..{}] {:?}",
            s.start,
            s.end,
            s.text(t)
        ));
    }
    for tr in &layers.triggers {
        out.push(format!(
            "trigger {:?} {:?}",
            tr.span.text(t),
            tr.what.event_type
        ));
    }
    for c in &layers.casualty_words {
        out.push(format!(
            "cue casualty {:?} {:?}",
            c.span.text(t),
            c.what.kind
        ));
    }
    for c in &layers.modality {
        out.push(format!(
            "cue modality {:?} {:?}",
            c.span.text(t),
            c.what.kind
        ));
    }
    for c in &layers.roles {
        out.push(format!("cue role {:?} {:?}", c.span.text(t), c.what));
    }
    for (s, by) in &layers.sources {
        out.push(format!("cue source {:?} -> {by}", s.text(t)));
    }
    for a in &layers.actors {
        out.push(format!(
            "actor {:?} -> {} ({:?}, {:?})",
            a.span.text(t),
            a.actor.id,
            a.actor.kind,
            a.link
        ));
    }
    for p in layers.places.iter().chain(dateline_places) {
        out.push(format!(
            "place {:?} -> {} {:?} {:?} demonym={} role={:?}",
            p.span.text(t),
            p.place.name,
            p.place.admin1_code,
            p.precision,
            p.demonym,
            layers.place_role(p)
        ));
    }
    for d in &layers.dates {
        out.push(format!(
            "date {:?} -> {:?}..{:?} {:?}",
            d.span.text(t),
            d.range.start,
            d.range.end,
            d.range.precision
        ));
    }
    for q in &layers.quantities {
        out.push(format!(
            "count {:?} -> {:?}..{:?} {:?}",
            q.span.text(t),
            q.low,
            q.high,
            q.qualifier
        ));
    }
    for f in facts {
        facts_lines(out, t, f);
    }
    for (i, e) in events.iter().enumerate() {
        event_lines(out, i, e, why.get(i).map_or(&[], Vec::as_slice));
    }
}

/// The facts of one sentence, with the named rules that set them.
fn facts_lines(out: &mut Vec<String>, t: &str, f: &Facts) {
    out.push(format!(
        "facts {} specific={} anaphoric={} separate={} asserted={:?} place={:?} date={:?} figures={:?} roles={:?}",
        f.index,
        f.specific,
        f.anaphoric,
        f.separate,
        f.asserted.iter().map(|x| x.span.text(t)).collect::<Vec<_>>(),
        f.place.map(|p| p.place.name.as_str()),
        f.date.map(|d| d.span.text(t)),
        f.figures
            .iter()
            .map(|(g, by)| (g.span.text(t), g.kind, g.quantity.low, by.clone()))
            .collect::<Vec<_>>(),
        f.actors
            .iter()
            .map(|r| (r.mention.actor.id.as_str(), r.role))
            .collect::<Vec<_>>(),
    ));
    for r in &f.actors {
        out.push(format!(
            "  rule {} -> {:?} {:?}",
            r.rule.name(),
            r.role,
            r.mention.span.text(t)
        ));
    }
    for (g, _) in &f.figures {
        for name in g.rules.names() {
            out.push(format!(
                "  rule {name} -> {:?} {:?} {:?}",
                g.kind,
                g.quantity.low,
                g.span.text(t)
            ));
        }
    }
    for name in f.rules.names() {
        out.push(format!("  rule {name}"));
    }
}

/// One event and the named rule behind each of its fields.
fn event_lines(out: &mut Vec<String>, i: usize, e: &Event, why: &[(&str, Rule)]) {
    out.push(format!(
        "event {i} {} {:?} {:?} date={:?} place={:?}",
        e.id,
        e.event_type,
        e.sub_event_type,
        e.date.start,
        e.location.name.as_deref(),
    ));
    for (field, rule) in why {
        out.push(format!("  field {field} <- rule {}", rule.name()));
    }
}
