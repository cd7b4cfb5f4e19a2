/*!
A report as sitrep stores it.

`text` is the cleaned text (boilerplate lines removed, line endings normalised);
every span in every later stage points into it. The title and dateline are kept as
spans into the same text when they were found there, so nothing is lost.
*/

use crate::Span;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The filing place printed at the head of a report ("KABUL, AFGHANISTAN –").
/// It says where the report was written, not where the event happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dateline {
    /// The whole dateline, separator included.
    pub span: Span,
    /// The place part ("KABUL, AFGHANISTAN").
    pub place_span: Span,
    /// The agency in brackets, when printed ("AP", "AFP", "CNN").
    pub agency: Option<String>,
}

/// One report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Caller's id (file stem or the JSONL `id`).
    pub id: String,
    /// What `sources[].doc` shows: the input file's name.
    pub source_name: String,
    pub url: Option<String>,
    pub title: Option<String>,
    /// Publication date from metadata or `--published`.
    pub published: Option<NaiveDate>,
    /// Cleaned text; every span points into it.
    pub text: String,
    /// Where the title stands in `text`, when it was taken from the text.
    pub title_span: Option<Span>,
    pub dateline: Option<Dateline>,
}

impl Document {
    /// The text under `span` (empty when out of range).
    pub fn slice(&self, span: Span) -> &str {
        span.text(&self.text)
    }
}
