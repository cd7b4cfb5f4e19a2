/*!
Byte spans into a document's stored text.

A [`Span`] is `[start, end)` in bytes of the text *as sitrep stores it* (after
boilerplate removal), so `&text[span.range()]` is always the evidence. On the wire
it is a two-element array `[start, end]`, as the contract says.
*/

use serde::{Deserialize, Serialize, Serializer};
use std::ops::Range;

/// A `[start, end)` byte range into a document's stored text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Deserialize)]
#[serde(from = "[usize; 2]")]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    #[inline]
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start,
            end: end.max(start),
        }
    }
    #[inline]
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
    #[inline]
    pub fn len(self) -> usize {
        self.end - self.start
    }
    #[inline]
    pub fn is_empty(self) -> bool {
        self.end == self.start
    }
    /// True when `other` lies wholly inside `self`.
    #[inline]
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    #[inline]
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// The smallest span covering both.
    #[inline]
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
    /// The text under the span, or `""` when the span does not fit `text`
    /// (never panics, whatever the span).
    #[inline]
    pub fn text(self, text: &str) -> &str {
        text.get(self.range()).unwrap_or("")
    }
    /// Shift by `offset` bytes (for spans computed on a slice of the text).
    #[inline]
    pub fn shift(self, offset: usize) -> Span {
        Span::new(self.start + offset, self.end + offset)
    }
}

impl From<[usize; 2]> for Span {
    fn from(a: [usize; 2]) -> Span {
        Span::new(a[0], a[1])
    }
}

impl From<Span> for [usize; 2] {
    fn from(s: Span) -> [usize; 2] {
        [s.start, s.end]
    }
}

/// `[start, end]`, as `[usize; 2]` serialises (a tuple of two), written in place
/// instead of through a copy into the array.
impl Serialize for Span {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeTuple;
        let mut t = s.serialize_tuple(2)?;
        t.serialize_element(&self.start)?;
        t.serialize_element(&self.end)?;
        t.end()
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_pair() {
        let s = Span::new(3, 9);
        assert_eq!(serde_json::to_string(&s).unwrap(), "[3,9]");
        let back: Span = serde_json::from_str("[3,9]").unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn text_never_panics() {
        let t = "Kabul – blast";
        assert_eq!(Span::new(0, 5).text(t), "Kabul");
        assert_eq!(Span::new(7, 8).text(t), ""); // inside the dash's bytes
        assert_eq!(Span::new(50, 60).text(t), "");
    }

    #[test]
    fn cover_and_overlap() {
        let a = Span::new(0, 5);
        let b = Span::new(3, 10);
        assert!(a.overlaps(b));
        assert_eq!(a.cover(b), Span::new(0, 10));
        assert!(!a.overlaps(Span::new(5, 6)));
        assert!(Span::new(0, 10).contains(b));
    }
}
