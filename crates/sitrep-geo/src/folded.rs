/*!
The folded text of one `find_places` call, with a sparse map back to the original.

[`sitrep_text::fold`] keeps two `u32` offsets per folded byte (8 bytes written
per byte of text, for every document) so that any folded range maps back to the
original. The matcher only ever maps token ranges back, and news text is almost
all ASCII, where a folded byte sits at the original offset shifted by whatever
the non-ASCII characters before it added or removed. [`Fold`] therefore stores
only a [`Mark`] per character that is not copied byte for byte (non-ASCII
characters, and the backtick that folds to an apostrophe): the folded bytes it
became and the original bytes it came from. Between marks the offsets run in
step. A position is mapped by a binary search over the marks (none at all for
ASCII text), or, for tokens taken in text order, by a cursor that walks them.

The folded text and every mapped span are exactly those of
[`sitrep_text::fold`] and [`sitrep_text::Folded::orig_span`] (each special
character is folded by [`sitrep_text::fold_str_into`], which is the same
per-character fold); a test compares the two.
*/

use sitrep_core::Span;
use sitrep_text::fold_str_into;

/// One character that was not copied byte for byte: folded bytes `f..fe`
/// came from original bytes `o..oe` (`fe` may equal `f`: a combining mark
/// folds to nothing).
#[derive(Debug, Clone, Copy)]
struct Mark {
    f: u32,
    fe: u32,
    o: u32,
    oe: u32,
}

/// Folded text plus its sparse map back to the original (see the module doc).
#[derive(Debug, Default)]
pub(crate) struct Fold {
    pub(crate) text: String,
    /// In text order (`f` ascending).
    marks: Vec<Mark>,
}

impl Fold {
    /// Fold `text` as [`sitrep_text::fold`] does.
    pub(crate) fn new(text: &str) -> Fold {
        let mut out = String::with_capacity(text.len());
        let mut marks = Vec::new();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // A run of ASCII folds byte for byte.
            let rest = bytes.get(i..).unwrap_or(&[]);
            let run = plain_run(rest);
            if run > 0 {
                let from = out.len();
                out.push_str(text.get(i..i + run).unwrap_or(""));
                if let Some(new) = out.get_mut(from..) {
                    new.make_ascii_lowercase();
                }
                i += run;
                continue;
            }
            let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
                break;
            };
            let end = i + c.len_utf8();
            let f = out.len();
            fold_str_into(text.get(i..end).unwrap_or(""), &mut out);
            marks.push(Mark {
                f: f as u32,
                fe: out.len() as u32,
                o: i as u32,
                oe: end as u32,
            });
            i = end;
        }
        Fold { text: out, marks }
    }

    /// The original character range of folded byte `p` (`p` < text length).
    fn orig_of(&self, p: usize) -> (usize, usize) {
        let k = self.marks.partition_point(|m| m.f <= p as u32);
        self.map(k, p)
    }

    /// The original character range of folded byte `p`, given `k`: the
    /// number of marks that start at or before `p`.
    fn map(&self, k: usize, p: usize) -> (usize, usize) {
        match k.checked_sub(1).and_then(|k| self.marks.get(k)) {
            None => (p, p + 1),
            Some(m) if (p as u32) < m.fe => (m.o as usize, m.oe as usize),
            Some(m) => {
                let o = p - m.fe as usize + m.oe as usize;
                (o, o + 1)
            }
        }
    }

    /// [`Fold::orig_span`] for ranges asked in text order (each starting at
    /// or after the previous one's last byte, as tokens do): `cursor`, 0 at
    /// first, keeps the count of marks passed, so no search is made.
    #[inline]
    pub(crate) fn next_span(&self, cursor: &mut usize, start: usize, end: usize) -> Span {
        if start >= end || end > self.text.len() {
            return self.orig_span(start, end);
        }
        // ASCII text: the offsets are the original's.
        if self.marks.is_empty() {
            return Span { start, end };
        }
        let mut at = |p: usize| {
            while self.marks.get(*cursor).is_some_and(|m| m.f <= p as u32) {
                *cursor += 1;
            }
            self.map(*cursor, p)
        };
        let s = at(start).0;
        let e = at(end - 1).1;
        Span::new(s, e)
    }

    /// The original span of folded bytes `[start, end)`, clamped as
    /// [`sitrep_text::Folded::orig_span`] clamps.
    pub(crate) fn orig_span(&self, start: usize, end: usize) -> Span {
        let len = self.text.len();
        // ASCII text: the offsets are the original's.
        if self.marks.is_empty() && start < end && end <= len {
            return Span { start, end };
        }
        if len == 0 || start >= end {
            let p = if start < len {
                self.orig_of(start).0
            } else {
                0
            };
            return Span::new(p, p);
        }
        let s = start.min(len - 1);
        let e = end.min(len).max(1) - 1;
        Span::new(self.orig_of(s).0, self.orig_of(e).1)
    }
}

/// The length of the leading run of bytes that fold byte for byte: ASCII
/// other than the backtick. Eight bytes at a time while none is special.
fn plain_run(b: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TICKS: u64 = 0x6060_6060_6060_6060;
    let mut n = 0;
    for c in b.chunks_exact(8) {
        let Ok(a) = <[u8; 8]>::try_from(c) else { break };
        let w = u64::from_le_bytes(a);
        // A byte of `x` is zero where `w` has a backtick.
        let x = w ^ TICKS;
        let tick = x.wrapping_sub(ONES) & !x & HIGH;
        if (w & HIGH) | tick != 0 {
            break;
        }
        n += 8;
    }
    let rest = b.get(n..).unwrap_or(&[]);
    n + rest
        .iter()
        .position(|&c| !c.is_ascii() || c == b'`')
        .unwrap_or(rest.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_runs() {
        let slow = |b: &[u8]| {
            b.iter()
                .position(|&c| !c.is_ascii() || c == b'`')
                .unwrap_or(b.len())
        };
        let mut buf = Vec::new();
        for len in 0..40 {
            for special in [None, Some(b'`'), Some(0xc3), Some(0x80), Some(0xff)] {
                for at in 0..=len {
                    buf.clear();
                    buf.extend((0..len).map(|k| b"aZ `_ 9\x7f"[k % 8]));
                    buf.retain(|&c| c != b'`');
                    if let (Some(c), Some(slot)) = (special, buf.get_mut(at)) {
                        *slot = c;
                    }
                    assert_eq!(plain_run(&buf), slow(&buf), "{buf:?}");
                }
            }
        }
    }

    /// Text and every span agree with `sitrep_text::fold`.
    #[test]
    fn agrees_with_sitrep_text_fold() {
        for t in [
            "",
            "a",
            "Plain ASCII, with `ticks` and CAPS.",
            "Dehdādī – Mazar‑e‑Sharif «quoted» Straße\u{00A0}Æsir ı ø",
            "\u{0301}a\u{0301}B\u{2019}s Œuvre þorn",
            "``x\u{0301}\u{0301}y é",
            "é",
            "“Gaza” — al‑Mawāsi’s camp… 東京 and Kyiv’s",
        ] {
            let want = sitrep_text::fold(t);
            let got = Fold::new(t);
            assert_eq!(got.text, want.text, "{t}");
            // Token spans in text order, through the cursor.
            let mut cursor = 0;
            for (s, e) in crate::key::Tokens::new(&got.text) {
                assert_eq!(
                    got.next_span(&mut cursor, s, e),
                    want.orig_span(s, e),
                    "{t:?} {s}..{e}"
                );
            }
            let n = got.text.len();
            for s in 0..=n + 2 {
                for e in 0..=n + 2 {
                    assert_eq!(got.orig_span(s, e), want.orig_span(s, e), "{t:?} {s}..{e}");
                }
            }
        }
    }
}
