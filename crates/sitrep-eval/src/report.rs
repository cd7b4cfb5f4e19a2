/*!
The human-readable scorer report.

Order: overall detection line, field table, per-document table, then every miss,
false positive and field error. The **last three lines** are a compact summary that
scripts read (`tail -3`):

```text
events: P=0.83 R=1.00 F1=0.91 (matched 5/6 predicted, 5/5 required) | sub_event_type 0.80 | date 1.00 | ...
fields: sub_event_type 4/5 | date 5/5 | ...
errors: 0 misses, 1 false positives, 3 field errors; 5 matched pairs in 2 documents
```
*/

use crate::score::{Detection, FieldScore, Report};
use std::fmt::Write as _;

fn num(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |v| format!("{v:.2}"))
}

/// At most `max` characters, on a character boundary, with an ellipsis when cut.
fn clip(s: &str, max: usize) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let mut out: String = one_line.chars().take(max).collect();
        out.push('…');
        out
    }
}

fn detection_line(d: &Detection) -> String {
    format!(
        "P={} R={} F1={} (matched {}/{} predicted, {}/{} required)",
        num(d.precision),
        num(d.recall),
        num(d.f1),
        d.matched_violent,
        d.predicted_violent,
        d.matched_required,
        d.required_gold
    )
}

fn fields_ok(fields: &[FieldScore]) -> String {
    let (c, t) = fields
        .iter()
        .fold((0, 0), |(c, t), f| (c + f.correct, t + f.total));
    format!("{c}/{t}")
}

impl Report {
    /// The report as a readable table; see the module doc for the layout.
    pub fn render_text(&self) -> String {
        let mut o = String::new();
        let d = &self.detection;
        let _ = writeln!(
            o,
            "sitrep eval: {} documents, {} gold events ({} required, {} optional), {} predictions ({} violent, {} other)",
            self.documents,
            self.gold_events,
            d.required_gold,
            d.optional_gold,
            self.predictions,
            d.predicted_violent,
            d.predicted_other
        );
        let _ = writeln!(
            o,
            "detection: {}; optional gold matched {}/{}; other-type predictions matched {}/{}",
            detection_line(d),
            d.matched_optional,
            d.optional_gold,
            d.matched_other,
            d.predicted_other
        );

        self.render_fields(&mut o);

        self.render_docs(&mut o);

        self.render_errors(&mut o);
        if !self.ignored_docs.is_empty() {
            let _ = writeln!(
                o,
                "\nignored (no gold file): {}",
                self.ignored_docs.join(", ")
            );
        }

        // The last three lines: the compact summary.
        let _ = writeln!(o);
        let mut line = format!("events: {}", detection_line(d));
        for f in &self.fields {
            let _ = write!(line, " | {} {}", f.field, num(f.accuracy));
        }
        let _ = writeln!(o, "{line}");
        let counts: Vec<String> = self
            .fields
            .iter()
            .map(|f| format!("{} {}/{}", f.field, f.correct, f.total))
            .collect();
        let _ = writeln!(o, "fields: {}", counts.join(" | "));
        let _ = write!(
            o,
            "errors: {} misses, {} false positives, {} field errors; {} matched pairs in {} documents",
            self.misses.len(),
            self.false_positives.len(),
            self.field_errors.len(),
            self.matches.len(),
            self.documents
        );
        o.push('\n');
        o
    }

    /// The field table and the table by sub-event type.
    fn render_fields(&self, o: &mut String) {
        let _ = writeln!(o, "\nfields (over matched pairs)");
        let _ = writeln!(
            o,
            "  {:<16} {:>7} {:>6} {:>8}",
            "field", "correct", "total", "accuracy"
        );
        for f in &self.fields {
            let _ = writeln!(
                o,
                "  {:<16} {:>7} {:>6} {:>8}",
                f.field,
                f.correct,
                f.total,
                num(f.accuracy)
            );
        }

        let _ = writeln!(
            o,
            "\nby sub-event type (gold: first accepted; matched: pairs that agree on it)"
        );
        let _ = writeln!(
            o,
            "  {:<36} {:<36} {:>5} {:>5} {:>7}",
            "sub_event_type", "ACLED name", "gold", "pred", "matched"
        );
        for r in &self.sub_types {
            let _ = writeln!(
                o,
                "  {:<36} {:<36} {:>5} {:>5} {:>7}",
                r.code, r.acled_name, r.gold, r.predicted, r.matched
            );
        }
    }

    /// One line per document.
    fn render_docs(&self, o: &mut String) {
        let _ = writeln!(o, "\nper document");
        let width = self
            .docs
            .iter()
            .map(|r| r.doc.chars().count())
            .max()
            .unwrap_or(3)
            .clamp(3, 60);
        let _ = writeln!(
            o,
            "  {:<width$} {:>4} {:>5} {:>4} {:>5} {:>5} {:>5} {:>5} {:>9}",
            "doc", "pred", "match", "req", "found", "P", "R", "F1", "fields"
        );
        for r in &self.docs {
            let x = &r.detection;
            let _ = writeln!(
                o,
                "  {:<width$} {:>4} {:>5} {:>4} {:>5} {:>5} {:>5} {:>5} {:>9}",
                clip(&r.doc, width),
                x.predicted_violent,
                x.matched_violent,
                x.required_gold,
                x.matched_required,
                num(x.precision),
                num(x.recall),
                num(x.f1),
                fields_ok(&r.fields)
            );
        }
    }

    /// Misses, false positives and field errors, each with its evidence.
    fn render_errors(&self, o: &mut String) {
        let _ = writeln!(
            o,
            "\nmisses ({}): required gold events not found",
            self.misses.len()
        );
        for m in &self.misses {
            let _ = writeln!(
                o,
                "  {} {} [{}] {} / {} on {}",
                m.doc,
                m.gold_id,
                m.event_type,
                m.location.as_deref().unwrap_or("?"),
                m.admin1.as_deref().unwrap_or("?"),
                m.date
            );
            if let Some(ev) = &m.evidence {
                let _ = writeln!(o, "      evidence: \"{}\"", clip(ev, 240));
            }
            let _ = writeln!(o, "      nearest: {}", m.nearest);
        }

        let _ = writeln!(
            o,
            "\nfalse positives ({}): violent predictions matching no gold event",
            self.false_positives.len()
        );
        for f in &self.false_positives {
            let _ = writeln!(
                o,
                "  {} {} [{}] {} / {} on {}",
                f.doc,
                f.event_id,
                f.event_type,
                f.location.as_deref().unwrap_or("?"),
                f.admin1.as_deref().unwrap_or("?"),
                f.date
            );
            let _ = writeln!(o, "      evidence: \"{}\"", clip(&f.evidence, 240));
            let _ = writeln!(o, "      nearest gold: {}", f.nearest);
        }

        let _ = writeln!(o, "\nfield errors ({})", self.field_errors.len());
        for e in &self.field_errors {
            let _ = writeln!(
                o,
                "  {} {} {}: gold {} | predicted {}",
                e.doc,
                e.gold_id,
                e.field,
                clip(&e.gold, 120),
                clip(&e.predicted, 120)
            );
        }
    }
}
