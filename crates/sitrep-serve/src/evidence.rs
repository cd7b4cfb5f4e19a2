/*!
The evidence of an event's fields, laid over the text of its reports.

Every field of a record carries the span of text that supports it (byte offsets
into the stored text of the report). [`field_spans`] lists them with the field
they support; [`segments`] cuts a report's text at every span boundary into
pieces, each with the fields whose evidence covers it, so the dashboard can mark
them up without counting bytes (JavaScript strings count UTF-16 units). A span
that does not fall on character boundaries inside the text is left out.
*/

use serde::Serialize;
use sitrep_core::{Event, Span};
use std::collections::BTreeSet;

/// A field and the span of its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldSpan {
    pub field: String,
    pub start: usize,
    pub end: usize,
    /// The words the record says the span holds, where it says so: tells which
    /// report of a merged event the span points into.
    #[serde(skip)]
    pub expect: Option<String>,
}

impl FieldSpan {
    /// Whether the span lies in `text` (on character boundaries) and holds the
    /// words the record gives for it.
    pub fn fits(&self, text: &str) -> bool {
        match text.get(self.start..self.end) {
            None => false,
            Some(t) => self.expect.as_deref().is_none_or(|e| e.trim() == t.trim()),
        }
    }
}

/// A piece of a report's text and the fields whose evidence covers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub text: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
}

fn push(
    v: &mut Vec<FieldSpan>,
    field: impl Into<String>,
    s: Option<Span>,
    expect: Option<&String>,
) {
    if let Some(s) = s.filter(|s| !s.is_empty()) {
        v.push(FieldSpan {
            field: field.into(),
            start: s.start,
            end: s.end,
            expect: expect.cloned(),
        });
    }
}

/// The spans of the event's own fields (they point into its first report).
pub fn field_spans(ev: &Event) -> Vec<FieldSpan> {
    let mut v = Vec::new();
    push(&mut v, "date", ev.date.span, ev.date.text.as_ref());
    push(
        &mut v,
        "location",
        ev.location.span,
        ev.location.text.as_ref(),
    );
    for a in &ev.actors {
        let field = format!("actor:{}", crate::api::enum_name(&a.role));
        push(&mut v, field, Some(a.span), Some(&a.text));
    }
    push(
        &mut v,
        "fatalities",
        ev.fatalities.span,
        ev.fatalities.text.as_ref(),
    );
    push(
        &mut v,
        "injuries",
        ev.injuries.span,
        ev.injuries.text.as_ref(),
    );
    for c in &ev.casualty_claims {
        push(&mut v, "casualty_claim", Some(c.span), None);
    }
    v
}

/// The text cut at every boundary of `spans` (spans outside the text or off a
/// character boundary are left out). `sentences` marks the sentences the event
/// was read from (field `sentence`).
pub fn segments(text: &str, spans: &[FieldSpan], sentences: &[Span]) -> Vec<Segment> {
    let ok = |s: usize, e: usize| {
        s < e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e)
    };
    let mut all: Vec<FieldSpan> = spans
        .iter()
        .filter(|f| ok(f.start, f.end))
        .cloned()
        .collect();
    for s in sentences {
        if ok(s.start, s.end) {
            all.push(FieldSpan {
                field: "sentence".into(),
                start: s.start,
                end: s.end,
                expect: None,
            });
        }
    }
    let mut cuts: BTreeSet<usize> = BTreeSet::from([0, text.len()]);
    for f in &all {
        cuts.insert(f.start);
        cuts.insert(f.end);
    }
    let cuts: Vec<usize> = cuts.into_iter().collect();
    let mut out: Vec<Segment> = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let Some(piece) = text.get(a..b) else {
            continue;
        };
        if piece.is_empty() {
            continue;
        }
        let mut fields: Vec<String> = all
            .iter()
            .filter(|f| f.start <= a && b <= f.end)
            .map(|f| f.field.clone())
            .collect();
        fields.sort();
        fields.dedup();
        match out.last_mut() {
            Some(last) if last.fields == fields => last.text.push_str(piece),
            _ => out.push(Segment {
                text: piece.to_string(),
                fields,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fs(field: &str, start: usize, end: usize) -> FieldSpan {
        FieldSpan {
            field: field.into(),
            start,
            end,
            expect: None,
        }
    }

    #[test]
    fn segments_join_back_to_the_text_and_carry_their_fields() {
        let text = "Raiders burned the granary at Tessalit on Friday; four died.";
        let spans = [
            fs("location", 30, 38),
            fs("date", 39, 48),
            fs("fatalities", 50, 59),
        ];
        let segs = segments(text, &spans, &[Span::new(0, 49)]);
        let joined: String = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(joined, text);
        let place = segs.iter().find(|s| s.text == "Tessalit").unwrap();
        assert_eq!(place.fields, vec!["location", "sentence"]);
        let toll = segs.iter().find(|s| s.text == "four died").unwrap();
        assert_eq!(toll.fields, vec!["fatalities"]);
    }

    #[test]
    fn spans_off_the_text_or_inside_a_character_are_left_out() {
        let text = "Gunfire near Ségou.";
        // 15 falls inside 'é' (bytes 14..16); 99 is past the end.
        let spans = [fs("location", 15, 18), fs("date", 10, 99)];
        let segs = segments(text, &spans, &[]);
        assert_eq!(segs.len(), 1);
        assert!(segs[0].fields.is_empty());
        assert_eq!(segs[0].text, text);
    }
}
