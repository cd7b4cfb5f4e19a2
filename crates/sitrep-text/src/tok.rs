/*!
A small word tokenizer over *folded* text, shared by the number and date finders
and by the phrase tables of the lexicons.

Tokens are words (letters, any non-ASCII text), numerals (`1,200`, `1.2`, `2024`),
numerals glued to letters (`93km`, `27th`, `1990s`) and single ASCII punctuation
marks. Whitespace separates tokens and is never a token; whether two tokens touch
(no space between) is what [`Tok::touches`] answers, so `10:30`, `2024-04-02` and
`32-year-old` can be told from `10 : 30`. One pass, linear in the text length,
classifying bytes through a 256-entry table.

[`Tokens`] folds with [`Sparse`] (the folded text and a map back to the
original with one entry per non-ASCII character), since the finders map back
to the original only the few tokens they keep or test for capitals. Each
thread keeps the folding and tokens of the last text it tokenized
([`with_tokens`]): the date and count finders, run one after the other on a
report, tokenize it once, and a new report reuses the old one's buffers. A
report read into a [`crate::Doc`] is not folded again: [`with_doc_tokens`]
tokenizes the Doc's fold ([`crate::Doc::sparse`]). With the tokens, a thread
keeps their candidates ([`Cand`]: the tokens that may start a date or a
count, by one look-up per token in the lexicon's start words), which both
finders step through.
*/

use crate::fold::Sparse;
use sitrep_core::Span;
use std::cell::RefCell;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters (or letters and digits not starting with a digit).
    Word,
    /// Digits, with `,` thousands groups and a `.` decimal part.
    Num,
    /// Digits immediately followed by letters: `93km`, `27th`, `1990s`.
    Glued,
    /// One ASCII punctuation mark.
    Punct,
}

/// One token: `[s, e)` byte offsets into the folded text (32 bits, as the
/// offsets of [`crate::fold::Folded`]: a token list is 12 bytes a token), and
/// its [`crate::lexicon::WordTable`] slot, worked out once when the token is
/// cut: the date and count finders look every token up in a table of the
/// words their expressions may start with ([`crate::lexicon::WordTable::get_at`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub kind: Kind,
    pub slot: u16,
    pub s: u32,
    pub e: u32,
}

impl Tok {
    /// The token's byte range in the folded text.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.s as usize..self.e as usize
    }
    /// True when `next` starts exactly where this token ends.
    pub fn touches(&self, next: &Tok) -> bool {
        self.e == next.s
    }
}

/// Byte classes for the tokenizer: whitespace, digit, letter (ASCII letters
/// and every non-ASCII byte, so other scripts are word text).
const WS: u8 = 1;
const DIGIT: u8 = 2;
const ALPHA: u8 = 4;
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_whitespace() {
            WS
        } else if c.is_ascii_digit() {
            DIGIT
        } else if c.is_ascii_alphabetic() || c >= 0x80 {
            ALPHA
        } else {
            0
        };
        b += 1;
    }
    t
};

fn class(b: &[u8], i: usize) -> u8 {
    b.get(i).map_or(0, |&c| CLASS[c as usize])
}

/// The first index at or after `i` whose byte is not of a class in `mask`.
#[inline(always)]
fn skip(b: &[u8], mut i: usize, mask: u8) -> usize {
    while i < b.len() && CLASS[b[i] as usize] & mask != 0 {
        i += 1;
    }
    i
}

/// Tokenize already-folded text.
pub(crate) fn tokenize(f: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    tokenize_into(f, &mut out);
    out
}

/// [`tokenize`] into `out` (cleared first; a buffer kept between calls).
pub(crate) fn tokenize_into(f: &str, out: &mut Vec<Tok>) {
    out.clear();
    out.reserve(f.len() / 4 + 1);
    let b = f.as_bytes();
    let mut i = skip(b, 0, WS);
    while let Some(&first) = b.get(i) {
        let c = CLASS[first as usize];
        let start = i;
        i += 1;
        let kind = if c == ALPHA {
            i = skip(b, i, ALPHA | DIGIT);
            Kind::Word
        } else if c == DIGIT {
            loop {
                i = skip(b, i, DIGIT);
                if b.get(i) == Some(&b',')
                    && class(b, i + 1) == DIGIT
                    && class(b, i + 2) == DIGIT
                    && class(b, i + 3) == DIGIT
                    && class(b, i + 4) != DIGIT
                {
                    i += 4;
                } else if b.get(i) == Some(&b'.') && class(b, i + 1) == DIGIT {
                    i += 1;
                } else {
                    break;
                }
            }
            if class(b, i) == ALPHA {
                i = skip(b, i, ALPHA | DIGIT);
                Kind::Glued
            } else {
                Kind::Num
            }
        } else {
            Kind::Punct
        };
        out.push(Tok {
            kind,
            slot: crate::lexicon::slot_of(b.get(start..i).unwrap_or(&[])) as u16,
            s: start as u32,
            e: i as u32,
        });
        i = skip(b, i, WS);
    }
}

/// Folded text with its tokens and a way back to the original (see
/// [`with_tokens`]).
pub(crate) struct Tokens<'a> {
    pub orig: &'a str,
    pub folded: &'a Sparse,
    pub toks: &'a [Tok],
    /// The tokens that may start a date or a count ([`Cand`]), left to right.
    pub cands: &'a [Cand],
}

/// A token that may start a date or a count: a numeral (glued or not), or a
/// word of [`Lexicons::starts`](crate::Lexicons) (its date and count flags,
/// `DATE_*` and `QTY_*`). Worked out once per text, by one look-up per token,
/// for both finders: each steps from one to the next, over the other tokens
/// (which can start neither).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cand {
    /// The token's index.
    pub i: u32,
    /// Its `DATE_*` flags.
    pub date: u8,
    /// Its `QTY_*` flags.
    pub qty: u8,
}

/// The start words of a lexicon (date flags in the low byte, count flags in
/// the high one), with the lexicon's id ([`crate::Lexicons`] are numbered as
/// they are made): the candidates kept for a text are those of one lexicon.
#[derive(Clone, Copy)]
pub(crate) struct Starts<'a> {
    pub table: &'a crate::lexicon::WordTable<u16>,
    /// 0: a table of no lexicon (its candidates are never kept).
    pub id: u64,
}

/// The candidates ([`Cand`]) among `toks`, cut from `folded`.
fn cands_into(toks: &[Tok], folded: &[u8], starts: Starts, out: &mut Vec<Cand>) {
    out.clear();
    for (i, t) in toks.iter().enumerate() {
        let flags = folded
            .get(t.range())
            .and_then(|w| starts.table.get_at(usize::from(t.slot), w))
            .copied()
            .unwrap_or(0);
        if flags != 0 || matches!(t.kind, Kind::Num | Kind::Glued) {
            out.push(Cand {
                i: i as u32,
                date: (flags & 0xFF) as u8,
                qty: (flags >> 8) as u8,
            });
        }
    }
}

/// The folding and tokens of the last text a thread tokenized, with a copy of
/// that text: the finders run one after another on the same report (dates,
/// then counts), so the second finds its tokens made; and a new text reuses
/// the buffers of the old, so tokenizing allocates nothing once they are
/// large enough.
#[derive(Debug, Default)]
struct Kept {
    /// The text `toks` belong to (when `valid`).
    orig: String,
    /// The folding of `orig` when `own_fold` (a text tokenized from a Doc's
    /// fold leaves it as it was).
    folded: Sparse,
    toks: Vec<Tok>,
    valid: bool,
    own_fold: bool,
    /// The candidates among `toks` for lexicon `cands_of` (0: none made).
    cands: Vec<Cand>,
    cands_of: u64,
}

/// Longest text whose tokens a thread keeps (a longer one is tokenized in
/// buffers of its own, dropped after the call).
const KEEP_BYTES: usize = 1 << 20;

thread_local! {
    static KEPT: RefCell<Kept> = RefCell::new(Kept::default());
}

impl Kept {
    /// The thread's buffers (empty ones when they are out, as in a nested call).
    fn take() -> Kept {
        KEPT.try_with(|k| {
            k.try_borrow_mut()
                .map(|mut b| std::mem::take(&mut *b))
                .unwrap_or_default()
        })
        .unwrap_or_default()
    }

    fn put_back(self) {
        if self.orig.capacity() > KEEP_BYTES {
            return;
        }
        let _ = KEPT.try_with(move |k| {
            if let Ok(mut b) = k.try_borrow_mut() {
                *b = self;
            }
        });
    }

    /// Make the buffers hold `orig`'s folding and tokens.
    fn fill(&mut self, orig: &str) {
        if self.valid && self.orig == orig {
            if !self.own_fold {
                // Tokens made from a Doc's fold: the same fold, made here.
                self.folded.refold(orig);
                self.own_fold = true;
            }
            return;
        }
        self.folded.refold(orig);
        tokenize_into(&self.folded.text, &mut self.toks);
        self.cands_of = 0;
        self.orig.clear();
        self.orig.push_str(orig);
        self.valid = true;
        self.own_fold = true;
    }

    /// Make the buffers hold `orig`'s tokens, cut from `folded`, its folding.
    fn fill_from(&mut self, orig: &str, folded: &Sparse) {
        if self.valid && self.orig == orig {
            return;
        }
        tokenize_into(&folded.text, &mut self.toks);
        self.cands_of = 0;
        self.orig.clear();
        self.orig.push_str(orig);
        self.valid = true;
        self.own_fold = false;
    }
}

impl Kept {
    /// Make `cands` those of `starts` among the kept tokens, cut from
    /// `doc_fold` (or the kept fold), unless they are made.
    fn fill_cands(&mut self, doc_fold: Option<&Sparse>, starts: Starts) {
        if starts.id != 0 && self.cands_of == starts.id {
            return;
        }
        let folded = doc_fold.unwrap_or(&self.folded);
        cands_into(&self.toks, folded.text.as_bytes(), starts, &mut self.cands);
        self.cands_of = starts.id;
    }
}

/// Run `f` on the tokens of `orig` (folded with [`Sparse`], tokenized with
/// [`tokenize`]) and their candidates under `starts`, made in the thread's
/// kept buffers, or found there when `orig` is the text tokenized last.
pub(crate) fn with_tokens<R>(orig: &str, starts: Starts, f: impl FnOnce(&Tokens) -> R) -> R {
    let mut kept = Kept::take();
    kept.fill(orig);
    kept.fill_cands(None, starts);
    let r = f(&Tokens {
        orig,
        folded: &kept.folded,
        toks: &kept.toks,
        cands: &kept.cands,
    });
    kept.put_back();
    r
}

/// [`with_tokens`] over a fold already made: `folded` must be the folding of
/// `orig` ([`crate::Doc::sparse`] of a Doc of `orig`), which is not made
/// again; the tokens are kept as [`with_tokens`] keeps them.
pub(crate) fn with_doc_tokens<R>(
    orig: &str,
    folded: &Sparse,
    starts: Starts,
    f: impl FnOnce(&Tokens) -> R,
) -> R {
    let mut kept = Kept::take();
    kept.fill_from(orig, folded);
    kept.fill_cands(Some(folded), starts);
    let r = f(&Tokens {
        orig,
        folded,
        toks: &kept.toks,
        cands: &kept.cands,
    });
    kept.put_back();
    r
}

impl Tokens<'_> {
    /// The first candidate at or after token `i`, searched from candidate
    /// `*c` on (a scan's cursor, moved past those before `i`): how the date
    /// and count finders step over tokens that can start neither.
    pub(crate) fn candidate_from(&self, i: usize, c: &mut usize) -> Option<&Cand> {
        while self.cands.get(*c).is_some_and(|x| (x.i as usize) < i) {
            *c += 1;
        }
        self.cands.get(*c)
    }

    /// Folded text of token `i` (`""` past the end).
    pub fn text(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .and_then(|t| self.folded.text.get(t.range()))
            .unwrap_or("")
    }
    pub fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }
    /// True when token `i` and `i + 1` touch.
    pub fn touch(&self, i: usize) -> bool {
        match (self.toks.get(i), self.toks.get(i + 1)) {
            (Some(a), Some(b)) => a.touches(b),
            _ => false,
        }
    }
    /// True when the original text of token `i` starts with an upper-case letter.
    pub fn is_cap(&self, i: usize) -> bool {
        let Some(t) = self.toks.get(i) else {
            return false;
        };
        let sp = self.folded.orig_span(t.s as usize, t.e as usize);
        self.orig
            .get(sp.start..)
            .and_then(|s| s.chars().next())
            .is_some_and(char::is_uppercase)
    }
    /// Original span of tokens `i..j` (`j` exclusive, at least one token).
    pub fn span(&self, i: usize, j: usize) -> Span {
        let (Some(a), Some(b)) = (self.toks.get(i), self.toks.get(j.max(i + 1) - 1)) else {
            return Span::default();
        };
        self.folded.orig_span(a.s as usize, b.e as usize)
    }
    /// True when the punctuation token `i` is `p`.
    pub fn is(&self, i: usize, p: &str) -> bool {
        self.text(i) == p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokenizer as first written (per-byte tests, no class table): the
    /// reference the table-driven one must equal.
    fn tokenize_reference(f: &str) -> Vec<(Kind, usize, usize)> {
        let b = f.as_bytes();
        let n = b.len();
        let mut out = Vec::new();
        let mut i = 0;
        while i < n {
            let c = b[i];
            if c.is_ascii_whitespace() {
                i += 1;
                continue;
            }
            let start = i;
            if c.is_ascii_digit() {
                while i < n {
                    let d = b[i];
                    if d.is_ascii_digit() {
                        i += 1;
                    } else if d == b','
                        && b.get(i + 1..i + 4)
                            .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
                        && !b.get(i + 4).is_some_and(u8::is_ascii_digit)
                    {
                        i += 4;
                    } else if d == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
                        i += 1;
                    } else {
                        break;
                    }
                }
                if i < n && (b[i].is_ascii_alphabetic() || b[i] >= 0x80) {
                    while i < n && (b[i].is_ascii_alphanumeric() || b[i] >= 0x80) {
                        i += 1;
                    }
                    out.push((Kind::Glued, start, i));
                } else {
                    out.push((Kind::Num, start, i));
                }
            } else if c.is_ascii_alphabetic() || c >= 0x80 {
                while i < n && (b[i].is_ascii_alphanumeric() || b[i] >= 0x80) {
                    i += 1;
                }
                out.push((Kind::Word, start, i));
            } else {
                i += 1;
                out.push((Kind::Punct, start, i));
            }
        }
        out
    }

    #[test]
    fn table_tokenizer_equals_reference() {
        for t in crate::testgen::generated(1, 20_000) {
            let f = crate::fold::fold_str(&t);
            for s in [t.as_str(), f.as_str()] {
                let got: Vec<_> = tokenize(s)
                    .iter()
                    .map(|t| (t.kind, t.s as usize, t.e as usize))
                    .collect();
                assert_eq!(got, tokenize_reference(s), "{s:?}");
            }
        }
    }

    /// What a finder sees of a text's tokens: kind, folded range, original
    /// span; and the candidates.
    type Seen = (Vec<(Kind, u32, u32, Span)>, Vec<Cand>);
    fn seen(tk: &Tokens) -> Seen {
        let toks = (0..tk.toks.len())
            .filter_map(|i| {
                tk.toks
                    .get(i)
                    .map(|t| (t.kind, t.s, t.e, tk.span(i, i + 1)))
            })
            .collect();
        (toks, tk.cands.to_vec())
    }

    /// The candidates as the finders found them before they shared them: a
    /// look-up of each token in the date starts, another in the count starts.
    fn two_look_ups(lex: &crate::Lexicons, folded: &Sparse, toks: &[Tok]) -> Vec<Cand> {
        let dates = crate::lexicon::date_starts(&lex.dates, &lex.numbers);
        let counts = crate::lexicon::quantity_starts(&lex.numbers);
        let mut out = Vec::new();
        for (i, t) in toks.iter().enumerate() {
            let w = &folded.text[t.range()];
            let d = dates.get(w).copied().unwrap_or(0);
            let q = counts.get(w).copied().unwrap_or(0);
            if d != 0 || q != 0 || matches!(t.kind, Kind::Num | Kind::Glued) {
                out.push(Cand {
                    i: i as u32,
                    date: d,
                    qty: q,
                });
            }
        }
        out
    }

    /// A text's tokens, and candidates by [`two_look_ups`].
    fn fresh(lex: &crate::Lexicons, t: &str) -> Seen {
        let folded = Sparse::new(t);
        let toks = tokenize(&folded.text);
        let cands = two_look_ups(lex, &folded, &toks);
        seen(&Tokens {
            orig: t,
            folded: &folded,
            toks: &toks,
            cands: &cands,
        })
    }

    #[test]
    fn kept_tokens_equal_fresh_ones() {
        let lex = crate::Lexicons::embedded().unwrap();
        let none = crate::Lexicons::default();
        let texts = crate::testgen::generated(4, 3_000);
        for (n, t) in texts.iter().enumerate() {
            let fresh_none = fresh(&none, t);
            let fresh = fresh(lex, t);
            // A new text, the same text again (found kept), and a call made
            // while the kept buffers are out (a nested one, on another text);
            // the same text under another lexicon, and back.
            assert_eq!(with_tokens(t, lex.starts(), seen), fresh, "{t:?}");
            assert_eq!(with_tokens(t, lex.starts(), seen), fresh, "{t:?} (kept)");
            let other = texts.get(n + 1).map_or("", String::as_str);
            let nested = with_tokens(other, lex.starts(), |_| with_tokens(t, lex.starts(), seen));
            assert_eq!(nested, fresh, "{t:?} (nested)");
            assert_eq!(with_tokens(t, none.starts(), seen), fresh_none, "{t:?}");
            assert_eq!(with_tokens(t, lex.starts(), seen), fresh, "{t:?} (back)");
        }
    }

    /// Tokens over a Doc's fold equal fresh ones, whichever of the two kinds
    /// of call comes first on a text.
    #[test]
    fn doc_tokens_equal_fresh_ones() {
        let lex = crate::Lexicons::embedded().unwrap();
        let texts = crate::testgen::generated(8, 3_000);
        for (n, t) in texts.iter().enumerate() {
            let fresh = fresh(lex, t);
            let (_, doc_fold) = crate::fold::fold_sparse(t);
            let st = lex.starts();
            if n % 2 == 0 {
                assert_eq!(with_doc_tokens(t, &doc_fold, st, seen), fresh, "{t:?}");
                assert_eq!(with_tokens(t, st, seen), fresh, "{t:?} (after doc)");
                assert_eq!(
                    with_doc_tokens(t, &doc_fold, st, seen),
                    fresh,
                    "{t:?} (kept)"
                );
            } else {
                assert_eq!(with_tokens(t, st, seen), fresh, "{t:?}");
                assert_eq!(
                    with_doc_tokens(t, &doc_fold, st, seen),
                    fresh,
                    "{t:?} (kept)"
                );
                assert_eq!(with_tokens(t, st, seen), fresh, "{t:?} (after doc)");
            }
        }
    }

    fn texts(s: &str) -> Vec<(Kind, String)> {
        tokenize(s)
            .iter()
            .map(|t| (t.kind, s[t.range()].to_string()))
            .collect()
    }

    #[test]
    fn numerals_words_and_glue() {
        let t = texts("1,200 and 1.2 million, 93km 27th 2024-04-02 10:30 3,4");
        let words: Vec<&str> = t.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(
            words,
            vec![
                "1,200", "and", "1.2", "million", ",", "93km", "27th", "2024", "-", "04", "-",
                "02", "10", ":", "30", "3", ",", "4"
            ]
        );
        assert_eq!(t[5].0, Kind::Glued);
        assert_eq!(t[0].0, Kind::Num);
    }

    #[test]
    fn multibyte_is_word_text() {
        let t = texts("пять 5 ñu");
        assert_eq!(t.len(), 3);
        assert_eq!(t[0].0, Kind::Word);
    }
}
