/*!
Folding: the matching key of a text.

Gazetteer names, actor aliases and lexicon entries are matched on *folded* text:
lower case, diacritics stripped (NFD, combining marks dropped), every dash variant
made `-`, every apostrophe variant made `'`, curly quotes made `"`, and a few
letters that do not decompose spelled out (`ø`→`o`, `æ`→`ae`, `ß`→`ss`, `ı`→`i`).
Folding may change byte lengths, so [`Folded`] keeps, for every folded byte, the
original byte range of the character it came from: a match found in folded text
maps back to an exact span of the original with [`Folded::orig_span`].
*/

use sitrep_core::Span;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Folded text plus the map back to the original.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// For each byte of `text`: the start of the original character it came from.
    starts: Vec<u32>,
    /// For each byte of `text`: the end of the original character it came from.
    ends: Vec<u32>,
}

impl Folded {
    /// The original span of folded bytes `[start, end)`. Out-of-range input is
    /// clamped, never a panic.
    pub fn orig_span(&self, start: usize, end: usize) -> Span {
        if self.starts.is_empty() || start >= end {
            let p = self.starts.get(start).copied().unwrap_or(0) as usize;
            return Span::new(p, p);
        }
        let s = start.min(self.starts.len() - 1);
        let e = end.min(self.ends.len()).max(1) - 1;
        Span::new(self.starts[s] as usize, self.ends[e] as usize)
    }
}

/// Fold one character into `out`.
fn push_folded(c: char, out: &mut String) {
    match c {
        // dashes and minus signs
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => {
            out.push('-')
        }
        // apostrophes, primes, modifier letters used as apostrophes
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' | '\u{02BC}'
        | '\u{02BB}' | '\u{02BF}' | '\u{02BE}' => out.push('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}' => {
            out.push('"')
        }
        '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2009}' | '\u{200A}' => out.push(' '),
        'ø' | 'Ø' => out.push('o'),
        'æ' | 'Æ' => out.push_str("ae"),
        'œ' | 'Œ' => out.push_str("oe"),
        'ß' => out.push_str("ss"),
        'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
        'ł' | 'Ł' => out.push('l'),
        'ı' => out.push('i'),
        'þ' | 'Þ' => out.push_str("th"),
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        c => {
            let mut any = false;
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    any = true;
                    for l in d.to_lowercase() {
                        out.push(l);
                    }
                }
            });
            if !any && !is_combining_mark(c) {
                out.push(c);
            }
        }
    }
}

/// Fold `text`, keeping the map back to original offsets.
pub fn fold(text: &str) -> Folded {
    // Built as bytes: ASCII runs are copied and lower-cased in bulk, other
    // characters folded one at a time through a small buffer.
    let mut out: Vec<u8> = Vec::with_capacity(text.len());
    let mut starts: Vec<u32> = Vec::with_capacity(text.len());
    let mut ends: Vec<u32> = Vec::with_capacity(text.len());
    let mut buf = String::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Fast path: a run of ASCII folds byte for byte (most news text).
        let rest = bytes.get(i..).unwrap_or(&[]);
        let run = rest
            .iter()
            .position(|&b| !b.is_ascii() || b == b'`')
            .unwrap_or(rest.len());
        if run > 0 {
            let from = out.len();
            out.extend_from_slice(rest.get(..run).unwrap_or(&[]));
            if let Some(new) = out.get_mut(from..) {
                new.make_ascii_lowercase();
            }
            starts.extend((i..i + run).map(|p| p as u32));
            ends.extend((i + 1..=i + run).map(|p| p as u32));
            i += run;
            continue;
        }
        let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
            break;
        };
        buf.clear();
        push_folded(c, &mut buf);
        out.extend_from_slice(buf.as_bytes());
        let end = (i + c.len_utf8()) as u32;
        for _ in 0..buf.len() {
            starts.push(i as u32);
            ends.push(end);
        }
        i += c.len_utf8();
    }
    Folded {
        // Whole characters and ASCII bytes were copied: always valid UTF-8.
        text: String::from_utf8(out).unwrap_or_default(),
        starts,
        ends,
    }
}

/// Fold a short string (a name or alias) when no offset map is needed.
pub fn fold_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_str_into(s, &mut out);
    out
}

/// [`fold_str`] appending to `out`: lets a caller folding many words reuse one buffer.
pub fn fold_str_into(s: &str, out: &mut String) {
    for c in s.chars() {
        push_folded(c, out);
    }
}

/// True for bytes that continue a word in folded text (letters, digits, and
/// any non-ASCII byte, so that scripts other than Latin count as word text).
pub fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `fold` (bulk ASCII runs) gives the text and offset map of folding one
    /// character at a time.
    #[test]
    fn bulk_fold_equals_char_by_char() {
        for t in [
            "",
            "Plain ASCII, with `ticks` and CAPS.",
            "Dehdādī – Mazar‑e‑Sharif «quoted» Straße\u{00A0}Æsir ı ø",
            "\u{0301}a\u{0301}B\u{2019}s Œuvre þorn",
        ] {
            let f = fold(t);
            let mut text = String::new();
            let (mut starts, mut ends) = (Vec::new(), Vec::new());
            for (i, c) in t.char_indices() {
                let before = text.len();
                push_folded(c, &mut text);
                for _ in before..text.len() {
                    starts.push(i as u32);
                    ends.push((i + c.len_utf8()) as u32);
                }
            }
            assert_eq!(f.text, text, "{t}");
            assert_eq!((f.starts, f.ends), (starts, ends), "{t}");
        }
    }

    #[test]
    fn folds_case_diacritics_dashes_apostrophes() {
        assert_eq!(fold_str("Mazar‑e‑Sharif"), "mazar-e-sharif");
        assert_eq!(fold_str("PONT-SONDÉ"), "pont-sonde");
        assert_eq!(fold_str("Dehdādī"), "dehdadi");
        assert_eq!(fold_str("Jama’at"), "jama'at");
        assert_eq!(fold_str("Tromsø"), "tromso");
        assert_eq!(fold_str("Straße"), "strasse");
        assert_eq!(fold_str("Hayʼat"), "hay'at");
    }

    #[test]
    fn maps_back_to_original_spans() {
        let t = "Blast in PONT-SONDÉ, Straße 5";
        let f = fold(t);
        let i = f.text.find("pont-sonde").unwrap();
        let sp = f.orig_span(i, i + "pont-sonde".len());
        assert_eq!(sp.text(t), "PONT-SONDÉ");
        let j = f.text.find("strasse").unwrap();
        assert_eq!(f.orig_span(j, j + 7).text(t), "Straße");
        // A match ending inside an expanded letter still covers the whole letter.
        assert_eq!(f.orig_span(j, j + 5).text(t), "Straß");
    }

    #[test]
    fn odd_input_does_not_panic() {
        let f = fold("");
        assert_eq!(f.orig_span(0, 3), Span::new(0, 0));
        let f = fold("\u{0301}a");
        assert_eq!(f.text, "a");
        assert_eq!(f.orig_span(0, 1).text("\u{0301}a"), "a");
        let _ = f.orig_span(5, 2);
    }
}
