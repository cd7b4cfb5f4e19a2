/*!
One report, read once: the [`Doc`] every extraction component reads.

Built by [`Lexicons::doc`] from a cleaned [`Document`], it holds

* the cleaned text and its fold ([`Folded`]: case-, diacritic-, dash- and
  apostrophe-insensitive, with the map back to original byte offsets), and
  the same fold with its sparse map ([`Sparse`]), made in the same pass, for
  the date and count finders;
* the word tokens of the fold ([`Word`]): runs of word bytes
  ([`is_word_byte`]), an apostrophe between two word bytes joining them
  ("don't", "qa'ida"), each with its original span, flags ([`CAP`],
  [`JOINED`], and the punctuation class of the gap before it) and sentence
  ([`Word::sent`]), and the list of those holding an apostrophe;
* the sentences, by the one abbreviation-aware rule of [`crate::sentences`];
* the paragraphs (runs of lines between blank lines), the title and the
  dateline.

Components read its sentences rather than splitting the text again, and
its words where theirs are the same (sitrep-geo's name tokens are the words,
read in place, a possessive "'s" cut off: [`Doc::apostrophes`] lists the few
words to cut); a component that tokenises its own way for a reason (the numbers and
dates scanners: "1,200", "10:30") keeps its own scan, over the Doc's fold
([`Lexicons::find_dates_doc`], [`Lexicons::quantities_doc`]).
*/

use crate::fold::{fold_sparse, is_word_byte, Folded, Sparse};
use crate::lexicon::Lexicons;
use sitrep_core::{Document, Span};

/// Whether a gap between two words (folded: every dash is '-') holds a dash
/// set off by spaces ("Bamenda - Gunmen", "Kigali — Police"): it separates
/// the words, where a hyphen between letters joins them ("al-Shabaab").
pub fn spaced_dash(gap: &[u8]) -> bool {
    gap.contains(&b'-') && gap.contains(&b' ')
}

/// Word flag: the word's first letter is upper case in the original.
pub const CAP: u8 = 1;
/// Word flag: only spaces or a hyphen (at most three bytes, no dash set off
/// by spaces) stand between the previous word and this one, so that the two
/// may belong to one name.
pub const JOINED: u8 = 2;
/// Word flag: a hyphen is in the gap before the word ("al-Shabaab").
pub const HYPHEN: u8 = 4;
/// Word flag: a sentence stop (`.`, `!`, `?`) is in the gap before the word.
pub const STOP: u8 = 8;
/// Word flag: a comma is in the gap before the word.
pub const COMMA: u8 = 16;
/// Word flag: clause punctuation (`;`, `:`, a bracket) is in the gap before the word.
pub const CLAUSE: u8 = 32;
/// Word flag: a newline is in the gap before the word.
pub const NEWLINE: u8 = 64;
/// Word flag: the word holds an apostrophe ("don't", "Kabul's").
pub const APOSTROPHE: u8 = 128;

/// One word token of the fold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// The word's span in the original (cleaned) text.
    pub span: Span,
    /// Its byte range in the folded text.
    pub fs: u32,
    pub fe: u32,
    /// [`CAP`], [`JOINED`], [`HYPHEN`], [`STOP`], [`COMMA`], [`CLAUSE`], [`NEWLINE`],
    /// [`APOSTROPHE`].
    pub flags: u8,
    /// The number of the Doc's sentences that end at or before the word's
    /// start: the index of its sentence, when it lies in one. (Set once the
    /// sentences are known, [`set_sentences`]; it fills the struct's padding.)
    pub sent: u32,
}

impl Word {
    /// Whether all the flags of `f` are set.
    #[inline]
    pub fn has(&self, f: u8) -> bool {
        self.flags & f == f
    }
}

/// One report, read once (see the module docs).
#[derive(Debug, Clone)]
pub struct Doc<'t> {
    /// The cleaned text: every span points into it.
    pub text: &'t str,
    /// Its fold, with the map back to `text`.
    pub folded: Folded,
    /// The same fold with a sparse map back to `text` (one entry per
    /// character that is not plain ASCII): what the date and count finders
    /// tokenize.
    pub sparse: Sparse,
    /// The word tokens of the fold, left to right.
    pub words: Vec<Word>,
    /// The indices of the words holding an apostrophe ([`APOSTROPHE`]), left
    /// to right: the few that readers cutting words their own way (a
    /// possessive "'s" off a place name) look at, without a pass over all.
    pub apostrophes: Vec<u32>,
    /// Sentence spans, trimmed, left to right.
    pub sentences: Vec<Span>,
    /// Paragraph spans (lines between blank lines), trimmed, left to right.
    pub paragraphs: Vec<Span>,
    /// The title line, when the text opens with one.
    pub title: Option<Span>,
    /// The dateline ("KABUL, Afghanistan (AP) —") and its place part.
    pub dateline: Option<(Span, Span)>,
}

impl<'t> Doc<'t> {
    /// The folded text of word `w`.
    #[inline]
    pub fn word_str(&self, w: &Word) -> &str {
        self.folded
            .text
            .get(w.fs as usize..w.fe as usize)
            .unwrap_or("")
    }

    /// Where the body starts: text before it (title, dateline) tells no event.
    pub fn body_start(&self) -> usize {
        let t = self.title.map_or(0, |t| t.end);
        let d = self.dateline.map_or(0, |d| d.0.end);
        t.max(d)
    }

    /// The index of the sentence containing byte `pos`, if any.
    pub fn sentence_of(&self, pos: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= pos);
        self.sentences.get(i).filter(|s| s.start <= pos).map(|_| i)
    }
}

impl Lexicons {
    /// The [`Doc`] of a cleaned document: fold, words, sentences, paragraphs,
    /// title and dateline, each worked out once.
    pub fn doc<'t>(&self, d: &'t Document) -> Doc<'t> {
        let mut doc = self.doc_of_text(&d.text);
        doc.title = d.title_span;
        doc.dateline = d.dateline.as_ref().map(|x| (x.span, x.place_span));
        doc
    }

    /// The [`Doc`] of a bare text (no title, no dateline).
    pub fn doc_of_text<'t>(&self, text: &'t str) -> Doc<'t> {
        let (folded, sparse) = fold_sparse(text);
        let (mut words, apostrophes) = words(text, &folded);
        let sentences = self.sentences(text);
        set_sentences(&mut words, &sentences);
        Doc {
            text,
            sentences,
            apostrophes,
            paragraphs: paragraphs(text),
            folded,
            sparse,
            words,
            title: None,
            dateline: None,
        }
    }
}

/// Gap classes of bytes (see the word flags).
const GAP: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = match i as u8 {
            b' ' => 0,
            b'-' => HYPHEN,
            b'\n' => NEWLINE,
            b'.' | b'!' | b'?' => STOP,
            b',' => COMMA,
            b';' | b':' | b'(' | b')' | b'[' | b']' => CLAUSE,
            _ => 128,
        };
        i += 1;
    }
    t
};

/// The words of `text` (whose fold is `folded`), with their flags, and the
/// indices of those holding an apostrophe.
fn words(text: &str, folded: &Folded) -> (Vec<Word>, Vec<u32>) {
    let ft = folded.text.as_str();
    // Plain ASCII text folds byte for byte: a folded span is its original span.
    let ascii = ft.len() == text.len() && text.is_ascii();
    let (tb, fb) = (text.as_bytes(), ft.as_bytes());
    // English runs about one word to five or six bytes: rarely any growing.
    let mut out: Vec<Word> = Vec::with_capacity(ft.len() / 4 + 1);
    let mut apostrophes = Vec::new();
    let mut prev_end = 0usize;
    // (Inlined into the scan: a call per word cost more than most words' work.)
    word_spans(
        fb,
        #[inline(always)]
        |s, e, apostrophe| {
            let span = if ascii {
                Span::new(s, e)
            } else {
                folded.orig_span(s, e)
            };
            // (The folded gap: non-word characters fold to ASCII, dashes to '-'.)
            let gap = fb.get(prev_end..s).unwrap_or(&[]);
            // (Most gaps are one space.)
            let class = match gap {
                [b' '] => 0,
                _ => gap.iter().fold(0u8, |acc, &b| acc | GAP[b as usize]),
            };
            let mut flags = class & (HYPHEN | STOP | COMMA | CLAUSE | NEWLINE);
            // (A gap of spaces and hyphens holds a spaced dash only when it
            // holds a hyphen: most gaps, one space, are not searched.)
            if !out.is_empty()
                && gap.len() <= 3
                && class & !(HYPHEN) == 0
                && (class & HYPHEN == 0 || !spaced_dash(gap))
            {
                flags |= JOINED;
            }
            let cap = match tb.get(span.start) {
                Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
                _ => text
                    .get(span.start..)
                    .and_then(|s| s.chars().next())
                    .is_some_and(char::is_uppercase),
            };
            if cap {
                flags |= CAP;
            }
            if apostrophe {
                flags |= APOSTROPHE;
                apostrophes.push(u32::try_from(out.len()).unwrap_or(u32::MAX));
            }
            out.push(Word {
                span,
                fs: s as u32,
                fe: e as u32,
                flags,
                sent: 0,
            });
            prev_end = e;
        },
    );
    (out, apostrophes)
}

/// Set each word's [`Word::sent`] from `sentences` (in text order: their ends
/// rise), in one pass over both.
pub fn set_sentences(words: &mut [Word], sentences: &[Span]) {
    let mut k = 0u32;
    // (The end of sentence `k`, past any word when there is none.)
    let end = |k: u32| sentences.get(k as usize).map_or(usize::MAX, |s| s.end);
    let mut e = end(0);
    for w in words {
        while e <= w.span.start {
            k += 1;
            e = end(k);
        }
        w.sent = k;
    }
}

/// Paragraphs: runs of lines between blank lines, trimmed.
fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut pos = 0;
    for line in crate::lines::split_lines_inclusive(text) {
        if line.trim().is_empty() {
            push_trimmed(&mut out, text, start, pos);
            start = pos + line.len();
        }
        pos += line.len();
    }
    push_trimmed(&mut out, text, start, text.len());
    out
}

/// Push the trimmed span `[s, e)` of `text` when it is not blank.
fn push_trimmed(out: &mut Vec<Span>, text: &str, s: usize, e: usize) {
    let Some(part) = text.get(s..e) else {
        return;
    };
    let lead = part.len() - part.trim_start().len();
    let t = part.trim();
    if !t.is_empty() {
        out.push(Span::new(s + lead, s + lead + t.len()));
    }
}

/// The words of folded text, left to right, as `f(start, end, apostrophe)`:
/// runs of word bytes ([`is_word_byte`]), an apostrophe between two word bytes
/// joining them ("don't", "qa'ida"); `apostrophe` tells that the word holds one.
///
/// Worked out 64 bytes at a time on bit masks, which spares the branch per byte
/// (mispredicted at every word boundary) of a plain scan: bit `j` of `w` tells
/// that byte `j` of the block belongs to a word, so words start where a bit
/// rises and end where it falls. The masks are made eight bytes at a time
/// ([`byte_masks`]).
pub fn word_spans(bytes: &[u8], mut f: impl FnMut(usize, usize, bool)) {
    let word = |b: u8| u64::from(is_word_byte(b));
    let mut open = 0;
    // The open word's first bit in this block (0 when it opened before it),
    // and whether it held a joining apostrophe in the blocks before.
    let (mut open_bit, mut carried) = (0usize, false);
    // The bits from `lo` (below 64) up to, not including, `hi` (at most 64).
    let bits =
        |lo: usize, hi: usize| (u64::MAX << lo) & u64::MAX.checked_shr(64 - hi as u32).unwrap_or(0);
    // Bits of the last byte of the previous block: a word byte, in a word.
    let (mut last_m, mut last_w) = (0u64, 0u64);
    for (k, block) in bytes.chunks(64).enumerate() {
        let base = k * 64;
        // The last block, padded with NULs (neither word bytes nor apostrophes).
        let mut padded = [0u8; 64];
        let block = if block.len() == 64 {
            block
        } else {
            for (p, &b) in padded.iter_mut().zip(block) {
                *p = b;
            }
            &padded
        };
        let (mut m, mut a) = (0u64, 0u64);
        for (g, eight) in block.chunks_exact(8).enumerate() {
            let (words, apostrophes) =
                byte_masks(u64::from_le_bytes(eight.try_into().unwrap_or([0; 8])));
            m |= words << (8 * g);
            a |= apostrophes << (8 * g);
        }
        let next_first = bytes.get(base + 64).map_or(0, |&b| word(b));
        let prev = m << 1 | last_m;
        let next = m >> 1 | next_first << 63;
        let joins = a & prev & next;
        let w = m | joins;
        let before = w << 1 | last_w;
        let mut edges = (w & !before) | (!w & before);
        while edges != 0 {
            let j = edges.trailing_zeros() as usize;
            edges &= edges - 1;
            if w >> j & 1 == 1 {
                open = base + j;
                (open_bit, carried) = (j, false);
            } else {
                f(open, base + j, carried || joins & bits(open_bit, j) != 0);
            }
        }
        last_m = m >> 63;
        last_w = w >> 63;
        if last_w == 1 {
            carried |= joins & bits(open_bit, 64) != 0;
            open_bit = 0;
        }
    }
    if last_w == 1 {
        f(open, bytes.len(), carried);
    }
}

/// For eight bytes (little-endian in `x`): the mask of those that are word bytes
/// ([`is_word_byte`]: ASCII letters and digits, every byte from 0x80) and the
/// mask of apostrophes, bit `i` for byte `i`. Bytewise range tests in one word
/// (no byte carries into the next: every sum stays below 0x100).
fn byte_masks(x: u64) -> (u64, u64) {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let high = x & HIGH;
    let low = x & !HIGH;
    // Bit 7 of each byte: its low seven bits lie in `lo..=hi`.
    let within = |lo: u64, hi: u64| (low + (0x80 - lo) * ONES) & !(low + (0x7f - hi) * ONES) & HIGH;
    let alnum = within(0x30, 0x39) | within(0x41, 0x5a) | within(0x61, 0x7a);
    let words = high | alnum;
    let apostrophes = within(0x27, 0x27) & !high;
    // Bit 7 of byte i to bit i.
    let gather = |v: u64| v.wrapping_mul(0x0002_0408_1020_4081) >> 56;
    (gather(words), gather(apostrophes))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of `b` byte by byte: what [`word_spans`] must give.
    fn words_plain(fb: &[u8]) -> Vec<(usize, usize, bool)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < fb.len() {
            if is_word_byte(fb[i]) {
                let s = i;
                while i < fb.len()
                    && (is_word_byte(fb[i])
                        || (fb[i] == b'\'' && i + 1 < fb.len() && is_word_byte(fb[i + 1])))
                {
                    i += 1;
                }
                out.push((s, i, fb[s..i].contains(&b'\'')));
            } else {
                i += 1;
            }
        }
        out
    }

    /// Each word's sentence ([`Word::sent`]) is the number of the Doc's
    /// sentences ending at or before its start, as a search finds it.
    #[test]
    fn word_sentences_as_searched() {
        let lex = Lexicons::embedded().unwrap();
        const PIECES: [&str; 16] = [
            " ",
            ". ",
            "! ",
            "?",
            "\n\n",
            "Mr. ",
            "U.S. ",
            "Kabul",
            "said",
            "e.g. ",
            "1.5",
            "\u{2019}s",
            "É",
            "\"",
            "(",
            "Dr. ",
        ];
        for t in crate::testgen::glue(5, 3_000, &PIECES, 30) {
            let d = lex.doc_of_text(&t);
            for w in &d.words {
                let want = d.sentences.partition_point(|s| s.end <= w.span.start);
                assert_eq!(w.sent as usize, want, "{t:?}");
            }
            let apostrophes: Vec<u32> = (0..d.words.len() as u32)
                .filter(|&k| d.words[k as usize].has(APOSTROPHE))
                .collect();
            assert_eq!(d.apostrophes, apostrophes, "{t:?}");
        }
    }

    #[test]
    fn byte_masks_as_byte_tests() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for i in 0..20_000u64 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Every byte value in every position, then random words.
            let v = if i < 256 * 8 {
                (i % 256) << (8 * (i / 256))
            } else {
                x
            };
            let bytes = v.to_le_bytes();
            let (words, apostrophes) = byte_masks(v);
            for (j, &b) in bytes.iter().enumerate() {
                assert_eq!(words >> j & 1 == 1, is_word_byte(b), "{bytes:?}");
                assert_eq!(apostrophes >> j & 1 == 1, b == b'\'', "{bytes:?}");
            }
        }
    }

    #[test]
    fn word_spans_as_a_plain_scan() {
        // Pieces glued at random (fixed seed) into texts of 0 to 300 bytes, so
        // that words and apostrophes fall on every side of the 64-byte blocks.
        let pieces = [
            "a",
            "word",
            " ",
            "'",
            "''",
            "don't",
            "x'",
            "'y",
            "\u{e9}t\u{e9}",
            "-",
            ", ",
            "7",
            "qa'ida",
            "\n",
            "Z",
            "\u{2019}",
            "_",
            "abcdefghijklmnopqrstuvwxyz0123456789",
        ];
        for t in crate::testgen::glue(7, 5_000, &pieces, 60) {
            let mut got = Vec::new();
            word_spans(t.as_bytes(), |s, e, a| got.push((s, e, a)));
            assert_eq!(got, words_plain(t.as_bytes()), "{t:?}");
        }
        let long = [
            "ab'".repeat(40),
            format!("{}x'y", "z".repeat(62)),
            "y".repeat(70),
        ];
        for t in [
            "", "'", "a", "a'", "'a", "a'b", "a''b", &long[0], &long[1], &long[2],
        ] {
            let mut got = Vec::new();
            word_spans(t.as_bytes(), |s, e, a| got.push((s, e, a)));
            assert_eq!(got, words_plain(t.as_bytes()), "{t:?}");
        }
    }

    #[test]
    fn words_carry_their_flags() {
        let lex = Lexicons::embedded().unwrap();
        let t = "Al-Shabaab fighters, he said; Then\nÉtienne Ba! Go";
        let d = lex.doc_of_text(t);
        let got: Vec<(&str, &str, u8)> = d
            .words
            .iter()
            .map(|w| (w.span.text(t), d.word_str(w), w.flags))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Al", "al", CAP),
                ("Shabaab", "shabaab", CAP | JOINED | HYPHEN),
                ("fighters", "fighters", JOINED),
                ("he", "he", COMMA),
                ("said", "said", JOINED),
                ("Then", "then", CAP | CLAUSE),
                ("Étienne", "etienne", CAP | NEWLINE),
                ("Ba", "ba", CAP | JOINED),
                ("Go", "go", CAP | STOP),
            ]
        );
    }

    /// A word is [`JOINED`] to the one before as the rule was first written:
    /// a gap of at most three spaces or hyphens with no spaced dash (every
    /// gap of up to four bytes from ' ', '-', '.', '—').
    #[test]
    fn joined_as_first_written() {
        let lex = Lexicons::embedded().unwrap();
        let parts = [" ", "-", ".", "\u{2014}"];
        let mut gaps = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = gaps
                .iter()
                .flat_map(|g| parts.iter().map(move |p| format!("{g}{p}")))
                .collect();
            gaps.extend(longer);
        }
        gaps.sort();
        gaps.dedup();
        for gap in gaps.iter().filter(|g| !g.is_empty()) {
            let t = format!("ab{gap}cd");
            let d = lex.doc_of_text(&t);
            let [_, w] = d.words.as_slice() else {
                panic!("{t:?}");
            };
            let fg = d.folded.text.get(2..w.fs as usize).unwrap().as_bytes();
            let want =
                fg.len() <= 3 && fg.iter().all(|&b| b == b' ' || b == b'-') && !spaced_dash(fg);
            assert_eq!(w.has(JOINED), want, "{t:?}");
        }
    }

    #[test]
    fn one_sentence_rule_paragraphs_and_body() {
        let lex = Lexicons::embedded().unwrap();
        let t = "Mr. Gardez said nothing. Prices rose 3.5 percent.\n\nGunmen killed two people.The attacker fled.";
        let d = lex.doc_of_text(t);
        let s: Vec<&str> = d.sentences.iter().map(|s| s.text(t)).collect();
        assert_eq!(
            s,
            vec![
                "Mr. Gardez said nothing.",
                "Prices rose 3.5 percent.",
                "Gunmen killed two people.",
                "The attacker fled."
            ]
        );
        let p: Vec<&str> = d.paragraphs.iter().map(|s| s.text(t)).collect();
        assert_eq!(
            p,
            vec![
                "Mr. Gardez said nothing. Prices rose 3.5 percent.",
                "Gunmen killed two people.The attacker fled."
            ]
        );
        assert_eq!(d.body_start(), 0);
        assert_eq!(d.sentence_of(t.find("Prices").unwrap_or(0)), Some(1));
        assert_eq!(d.sentence_of(t.len() + 5), None);
    }

    /// The date and count finders give the same over a Doc's fold as over
    /// its text.
    #[test]
    fn dates_and_counts_of_a_doc_equal_those_of_its_text() {
        let lex = Lexicons::embedded().unwrap();
        let mut texts = crate::testgen::generated(12, 3_000);
        texts.push("On Monday, 12 March 2024, at least 1,200 people \u{2014} three of them \u{c9}tienne's kin \u{2014} fled; five died.".to_string());
        for t in &texts {
            let d = lex.doc_of_text(t);
            assert_eq!(lex.find_dates_doc(&d), lex.find_dates(t), "{t:?}");
            assert_eq!(lex.quantities_doc(&d), lex.quantities(t), "{t:?}");
            assert_eq!(lex.quantities(t), lex.quantities_doc(&d), "{t:?}");
        }
    }

    #[test]
    fn any_input_builds() {
        let lex = Lexicons::embedded().unwrap();
        for t in crate::testgen::generated(11, 2_000) {
            let d = lex.doc_of_text(&t);
            for w in &d.words {
                assert!(w.span.end <= t.len() && t.get(w.span.start..w.span.end).is_some());
            }
            for s in d.sentences.iter().chain(&d.paragraphs) {
                assert!(t.get(s.start..s.end).is_some(), "{t:?}");
            }
        }
    }
}
