/*!
The actor linker: every reference to an actor in one text.

The text is folded and normalised in one pass ([`Norm`]: lower case, diacritics
stripped, runs of hyphens and white space made one space), keeping only a sparse
map back to the original. The alias trie, walked from every word start of that
text (an occurrence must start and end on a word boundary, so no unanchored search
over every byte is needed; a four-byte pre-test spares most walks), finds
candidate aliases, generic patterns and coreference phrases; word boundaries, the
case a short alias demands ("IS" never matches the verb "is") and country
restrictions filter them, and the leftmost-longest candidates win. Then, in order:

1. provisional actors — capitalised names with a group noun ("… Liberation Army")
   that the base does not know: runs of capitalised words, found by skipping the
   words without a capital letter ([`Words::next_with_capital`]), checked against
   word lists (stop phrases through a [`crate::phrases::PhraseIndex`]). Most documents name no
   group with a capital; a pre-test that never turns away a name
   ([`may_name_group`]: capitalised words and hyphenated parts tested on their
   first two letters, then looked up) spares them the pass (on a report's
   [`Doc`], [`ActorBase::link_doc`], the pre-test reads the Doc's words and their
   capital and hyphen flags instead: [`may_name_group_doc`]);
2. acronyms defined in the document ("… Front (NRF)"), valid for the rest of it;
3. context rules (`[[context_rule]]`: "IS" in a Khorasan document is IS-K; the
   rules' terms are patterns of the trie, so whether the document holds one is
   read off the matches of the walk; a term counts only when the document's
   country is unknown);
4. a left-to-right pass that resolves coreference ("the group" → the last salient
   armed non-state actor within a few paragraphs), generic per-country forces
   ("security forces" → `state-forces-AF`) and de facto authorities (the Taliban
   govern Afghanistan's forces from 2021-08-15).

The byte-level loops (normalising ASCII runs, finding the next word start, the
pre-test's scan for capitals) test eight bytes at a time (SWAR) and fall back to
a byte at a time where a byte needs care; and the final pass reads paragraph
numbers only when a coreference phrase needs them.

Every step is linear in the text length (sorting the mentions aside), and the
per-document work allocates little besides the mentions returned: words are read
lazily, folded into reused buffers, and looked up as borrowed slices; the buffers
themselves (normalised text and its map, matches, candidates, mentions, word
buffers) are kept per thread from one document to the next ([`Scratch`]), so a
short report costs no allocation of text-sized vectors.
*/

use crate::base::{ActorBase, CaseReq, Target, TargetKind};
use crate::phrases::key_contains_phrase;
use chrono::NaiveDate;
use rustc_hash::FxHashSet;
use sitrep_core::{Actor, ActorMention, ActorType, LinkKind, Span};
use sitrep_text::doc::{APOSTROPHE, CAP, HYPHEN};
use sitrep_text::{fold_str_into, is_word_byte, Doc, WordSet};
use std::sync::Arc;

/// What the linker knows about the document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LinkContext {
    /// Publication (or event) date: decides time-bound relations (Taliban as state).
    pub date: Option<NaiveDate>,
    /// Main country (ISO2): resolves generic forces and country-restricted aliases.
    pub country: Option<String>,
}

impl LinkContext {
    pub fn new(date: Option<NaiveDate>, country: Option<&str>) -> LinkContext {
        LinkContext {
            date,
            country: country.map(|c| c.trim().to_ascii_uppercase()),
        }
    }
}

/// The normalised folded text of a document (folding, then every run of hyphens
/// and white space made one space, ends trimmed: what [`crate::norm_key`] does to
/// an alias), built in one pass over the original with a sparse map back to it.
///
/// Most normalised bytes are "plain": one ASCII byte of the original, the byte
/// after the previous one. The map only records where that rule restarts or does
/// not hold ([`Mark`]): after a run of several separators, and for every byte that
/// comes from a non-ASCII character (a folded "é" is one byte for two), so it is
/// small next to the text, and looked up by binary search once per match.
#[derive(Default)]
struct Norm {
    text: String,
    /// Sorted by `at`; the first normalised byte always has a mark.
    marks: Vec<Mark>,
    /// Normalised offsets of the spaces standing for a run of separators whose
    /// first character is a hyphen ("anti-Taliban"), in order.
    hyphens: Vec<u32>,
}

/// Where normalised byte `at` comes from. `plain`: the original byte `start`,
/// and the following normalised bytes up to the next mark follow it one for one.
/// Otherwise the original range `start..end` of the byte alone: the character it
/// was folded from, or the run of separators a space stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Mark {
    at: u32,
    start: u32,
    end: u32,
    plain: bool,
}

/// A separator of the normalised text, among ASCII bytes (`char::is_whitespace`
/// or a hyphen).
const fn is_sep(b: u8) -> bool {
    matches!(b, b'-' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ')
}

/// Classes of bytes for [`normalise`]: ASCII text (copied lower-cased), an ASCII
/// separator, anything else (decoded and folded one character at a time).
const COPY: u8 = 0;
const SEP: u8 = 1;
const SLOW: u8 = 2;

const ASCII_CLASS: [u8; 256] = {
    let mut t = [SLOW; 256];
    let mut b = 0;
    while b < 0x80 {
        t[b] = if is_sep(b as u8) { SEP } else { COPY };
        b += 1;
    }
    t[b'`' as usize] = SLOW;
    t
};

/// Per ASCII byte: its folded normalised form (lower case; a separator is a space).
const ASCII_FOLD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if is_sep(c) {
            b' '
        } else {
            c.to_ascii_lowercase()
        };
        b += 1;
    }
    t
};

/// Eight bytes in one `u64` (SWAR), for the byte scans of this file: a 1 and
/// the top bit in every byte, the seven low bits of every byte.
const ONES: u64 = 0x0101_0101_0101_0101;
const TOP: u64 = 0x8080_8080_8080_8080;
const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// Top bit of each byte set when its seven low bits `v` are `>= lo` (adding
/// `0x80 - lo` to a seven-bit byte carries into its top bit exactly then).
const fn ge(v: u64, lo: u8) -> u64 {
    v.wrapping_add(ONES * (0x80 - lo as u64)) & TOP
}

/// The eight-byte chunks of `bytes` from `from` on, read as little-endian
/// `u64`s: the first whose `mask` is not zero, as (its offset, the mask); else
/// `Err` with the offset where the bytes left over (fewer than eight) start.
fn first_chunk(
    bytes: &[u8],
    from: usize,
    mask: impl Fn(u64) -> u64,
) -> Result<(usize, u64), usize> {
    let mut at = from;
    for c in bytes.get(from..).unwrap_or(&[]).chunks_exact(8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let m = mask(u64::from_le_bytes(w));
        if m != 0 {
            return Ok((at, m));
        }
        at += 8;
    }
    Err(at)
}

/// How many of eight bytes at the current position of an ASCII run of
/// [`normalise_into`] go through it one for one, by a test that only looks at
/// the common case: the longest prefix of printable ASCII bytes (`0x20..0x80`)
/// other than '`' and '-', where every space is single and followed by such a
/// byte within the eight (each stands for itself, and no hyphen is recorded);
/// and the eight bytes lower-cased (what [`ASCII_FOLD`] makes of the prefix).
/// The run goes on byte by byte from the first byte outside the prefix.
/// Bytes are compared with SWAR tests exact on seven-bit bytes: adding
/// `0x80 - lo` to such a byte sets its top bit exactly when it is `>= lo`.
const fn plain_prefix(x: u64) -> (usize, u64) {
    const LAST: u64 = 0x80 << 56;
    const fn eq(v: u64, b: u8) -> u64 {
        // Zero bytes of `v ^ b`: those that `>= 1` leaves clear.
        !ge(v ^ (ONES * b as u64), 1) & TOP
    }
    // Seven-bit bytes (a non-ASCII byte is out by its own top bit).
    let v = x & LOW7;
    let space = eq(v, b' ');
    let lower = x | ((ge(v, b'A') & !ge(v, b'Z' + 1)) >> 2);
    let out = (x | !ge(v, b' ') | eq(v, b'`') | eq(v, b'-')) & TOP
        // The first of two spaces in a row, and a space last (its follower is
        // not known here).
        | (space & (space >> 8))
        | (space & LAST);
    if out == 0 {
        return (8, lower);
    }
    let n = (out.trailing_zeros() / 8) as usize;
    // The byte before the first one out is a space: it is out too.
    if n > 0 && (space >> (8 * n - 8)) & 0x80 != 0 {
        (n - 1, lower)
    } else {
        (n, lower)
    }
}

/// [`Norm`] under construction.
struct NormBuilder {
    out: Vec<u8>,
    marks: Vec<Mark>,
    hyphens: Vec<u32>,
    /// The run of separators not yet written: original start, end, begins with '-'.
    pending: Option<(u32, u32, bool)>,
    /// The original offset that the next normalised byte must have to be plain.
    next_plain: Option<u32>,
}

impl NormBuilder {
    /// Record that the next normalised byte comes from the original `start..end`.
    fn note(&mut self, start: u32, end: u32) {
        let plain = end == start + 1;
        if !(plain && self.next_plain == Some(start)) {
            self.marks.push(Mark {
                at: self.out.len() as u32,
                start,
                end,
                plain,
            });
        }
        self.next_plain = plain.then_some(end);
    }

    fn separator(&mut self, start: u32, end: u32, hyphen: bool) {
        self.pending = Some(match self.pending {
            Some((s, _, h)) => (s, end, h),
            None => (start, end, hyphen),
        });
    }

    /// Write the pending separators as one space (none before the first word).
    fn flush(&mut self) {
        if let Some((s, e, hyphen)) = self.pending.take() {
            if !self.out.is_empty() {
                if hyphen {
                    self.hyphens.push(self.out.len() as u32);
                }
                self.note(s, e);
                self.out.push(b' ');
            }
        }
    }
}

/// `text` normalised (a fresh [`Norm`]; the linker reuses one through
/// [`normalise_into`]).
#[cfg(test)]
fn normalise(text: &str) -> Norm {
    let mut norm = Norm::default();
    normalise_into(text, &mut norm, &mut String::new());
    norm
}

/// `text` normalised into `norm`, reusing its buffers (`buf`: a scratch buffer).
fn normalise_into(text: &str, norm: &mut Norm, buf: &mut String) {
    let bytes = text.as_bytes();
    let mut out = std::mem::take(&mut norm.text).into_bytes();
    out.clear();
    out.reserve(bytes.len());
    let mut marks = std::mem::take(&mut norm.marks);
    marks.clear();
    let mut hyphens = std::mem::take(&mut norm.hyphens);
    hyphens.clear();
    let mut nb = NormBuilder {
        out,
        marks,
        hyphens,
        pending: None,
        next_plain: None,
    };
    let mut i = 0usize;
    while let Some(&b) = bytes.get(i) {
        if ASCII_CLASS[usize::from(b)] != SLOW {
            if is_sep(b) {
                nb.separator(i as u32, i as u32 + 1, b == b'-');
                i += 1;
                continue;
            }
            // A run of ASCII text (folding lower-cases it) in one go, over single
            // separators between two text bytes: each is one space that maps to it
            // plainly (only a hyphen is recorded).
            let rest = bytes.get(i..).unwrap_or(&[]);
            nb.flush();
            nb.note(i as u32, i as u32 + 1);
            nb.out.push(ASCII_FOLD[usize::from(b)]);
            let mut run = 1;
            loop {
                // The plain bytes of the next eight at once (all eight written,
                // the rest cut off).
                if let Some(w) = rest.get(run..run + 8) {
                    let mut q = [0u8; 8];
                    q.copy_from_slice(w);
                    let (n, lower) = plain_prefix(u64::from_le_bytes(q));
                    let len = nb.out.len();
                    nb.out.extend_from_slice(&lower.to_le_bytes());
                    nb.out.truncate(len + n);
                    run += n;
                    if n == 8 {
                        continue;
                    }
                }
                let Some(&c) = rest.get(run) else {
                    break;
                };
                match ASCII_CLASS[usize::from(c)] {
                    COPY => {
                        nb.out.push(ASCII_FOLD[usize::from(c)]);
                        run += 1;
                    }
                    SEP => match rest.get(run + 1) {
                        Some(&d) if ASCII_CLASS[usize::from(d)] == COPY => {
                            if c == b'-' {
                                nb.hyphens.push(nb.out.len() as u32);
                            }
                            nb.out.push(b' ');
                            nb.out.push(ASCII_FOLD[usize::from(d)]);
                            run += 2;
                        }
                        _ => break,
                    },
                    _ => break,
                }
            }
            nb.next_plain = Some((i + run) as u32);
            i += run;
            continue;
        }
        // Any other character: folded (to zero or more characters, each of them
        // a separator or text) exactly as `sitrep_text::fold` folds it.
        let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
            break;
        };
        let (s, e) = (i as u32, (i + c.len_utf8()) as u32);
        buf.clear();
        fold_str_into(c.encode_utf8(&mut [0u8; 4]), buf);
        for f in buf.chars() {
            if f == '-' || f.is_whitespace() {
                nb.separator(s, e, f == '-');
                continue;
            }
            nb.flush();
            for &fb in f.encode_utf8(&mut [0u8; 4]).as_bytes() {
                nb.note(s, e);
                nb.out.push(fb);
            }
        }
        i += c.len_utf8();
    }
    // Whole folded characters and ASCII bytes were copied: valid UTF-8.
    norm.text = String::from_utf8(nb.out).unwrap_or_default();
    norm.marks = nb.marks;
    norm.hyphens = nb.hyphens;
}

impl Norm {
    /// The original range of the character (or separator run) that normalised
    /// byte `x` comes from.
    fn orig(&self, x: usize) -> Option<(usize, usize)> {
        if x >= self.text.len() {
            return None;
        }
        let k = self.marks.partition_point(|m| m.at as usize <= x);
        let m = self.marks.get(k.checked_sub(1)?)?;
        if m.plain {
            let p = m.start as usize + (x - m.at as usize);
            Some((p, p + 1))
        } else {
            Some((m.start as usize, m.end as usize))
        }
    }

    /// The original span of normalised bytes `s..e` (`s < e`; an empty range gives
    /// an empty span at `s`).
    fn orig_span(&self, s: usize, e: usize) -> Span {
        let start = self.orig(s).map_or(0, |o| o.0);
        if e <= s {
            return Span::new(start, start);
        }
        let end = self.orig(e - 1).map_or(0, |o| o.1);
        Span::new(start, end)
    }

    /// Whether the space at normalised offset `x` stands for separators that
    /// begin with a hyphen.
    fn hyphen_at(&self, x: usize) -> bool {
        self.hyphens.binary_search(&(x as u32)).is_ok()
    }
}

/// Whether one of `words` stands one or two words before `start` in `text`, with
/// only spaces between ("three former soldiers", "former Afghan soldiers"): the
/// force or police named after it is not, or no longer, the actor.
fn after_reject_word(text: &str, start: usize, words: &WordSet) -> bool {
    if words.is_empty() {
        return false;
    }
    let mut head = text.get(..start).unwrap_or("");
    for _ in 0..2 {
        let trimmed = head.trim_end_matches(' ');
        if trimmed.len() == head.len() {
            return false;
        }
        let w0 = trimmed
            .rfind(|c: char| !c.is_alphanumeric())
            .map_or(0, |i| i + 1);
        let word = trimmed.get(w0..).unwrap_or("");
        if word.is_empty() || word.len() > 16 {
            return false;
        }
        let mut low = [0u8; 16];
        for (d, b) in low.iter_mut().zip(word.bytes()) {
            *d = b.to_ascii_lowercase();
        }
        if std::str::from_utf8(low.get(..word.len()).unwrap_or(&[]))
            .is_ok_and(|w| words.contains(w))
        {
            return true;
        }
        head = trimmed.get(..w0).unwrap_or("");
    }
    false
}

/// Who a mention stands for before the final pass.
#[derive(Debug, Clone, PartialEq)]
enum Who {
    Entry(usize),
    Prov(Actor),
}

#[derive(Debug, Clone)]
enum PreKind {
    Named {
        who: Who,
        link: LinkKind,
        /// For an alias restricted to some countries: its target, `(pattern,
        /// index)` in [`ActorBase::targets`], whose `countries` restrict it (an
        /// index rather than a copy of the list).
        conditional: Option<(usize, usize)>,
    },
    Coref {
        fallback: Option<usize>,
        max_paragraphs: usize,
    },
}

#[derive(Debug, Clone)]
struct Pre {
    span: Span,
    kind: PreKind,
}

impl Pre {
    fn who(&self) -> Option<&Who> {
        match &self.kind {
            PreKind::Named { who, .. } => Some(who),
            PreKind::Coref { .. } => None,
        }
    }
    fn is_generic_or_coref(&self, base: &ActorBase) -> bool {
        match &self.kind {
            PreKind::Named {
                who: Who::Entry(i), ..
            } => base.entries.get(*i).is_none_or(|e| e.generic),
            PreKind::Named { .. } => false,
            PreKind::Coref { .. } => true,
        }
    }
}

fn letters_upper(s: &str) -> bool {
    s.chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| c.is_uppercase())
}

/// The word (letters only) ending right before `pos` in `text`, skipping spaces.
fn word_before(text: &str, pos: usize) -> &str {
    let head = text.get(..pos).unwrap_or("");
    let trimmed = head.trim_end_matches([' ', '-']);
    let start = trimmed
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphanumeric())
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    trimmed.get(start..).unwrap_or("")
}

/// The word starting right after `pos` in `text`, skipping spaces.
fn word_after(text: &str, pos: usize) -> &str {
    let tail = text.get(pos..).unwrap_or("");
    let trimmed = tail.trim_start_matches([' ', '-']);
    let end = trimmed
        .char_indices()
        .find(|(_, c)| !c.is_alphanumeric())
        .map(|(i, _)| i)
        .unwrap_or(trimmed.len());
    trimmed.get(..end).unwrap_or("")
}

fn shouting(w: &str) -> bool {
    w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && letters_upper(w)
}

fn case_ok(req: CaseReq, text: &str, span: Span) -> bool {
    let s = span.text(text);
    match req {
        CaseReq::Any => true,
        CaseReq::AllCaps => {
            letters_upper(s)
                && !(shouting(word_before(text, span.start))
                    && shouting(word_after(text, span.end)))
        }
        CaseReq::Capitalized => s
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(|c| c.is_uppercase()),
    }
}

/// `w` folded into `buf` (cleared first).
fn fold_in<'b>(buf: &'b mut String, w: &str) -> &'b str {
    buf.clear();
    fold_push(buf, w);
    buf
}

/// `w` folded, appended to `buf`: as `fold_str_into`, with ASCII text (but '`',
/// which folds to an apostrophe) lower-cased in bulk.
fn fold_push(buf: &mut String, w: &str) {
    if w.bytes().all(|b| b < 0x80 && b != b'`') {
        let from = buf.len();
        buf.push_str(w);
        if let Some(new) = buf.get_mut(from..) {
            new.make_ascii_lowercase();
        }
    } else {
        fold_str_into(w, buf);
    }
}

/// `s` without the ASCII `suffix`, compared case-insensitively.
fn strip_suffix_ascii_ci<'s>(s: &'s str, suffix: &str) -> Option<&'s str> {
    let k = s.len().checked_sub(suffix.len())?;
    let tail = s.get(k..)?;
    tail.eq_ignore_ascii_case(suffix)
        .then(|| s.get(..k))
        .flatten()
}

/// The part of a word after its last hyphen ("Jaish-al-Adl" → "Adl").
fn last_part(w: &str) -> &str {
    w.rsplit('-').next().unwrap_or(w)
}

/// Whether `set` holds `w` folded (`fb`: a scratch buffer).
fn s_contains_folded(set: &WordSet, w: &str, fb: &mut String) -> bool {
    set.contains(fold_in(fb, w))
}

/// The first position at or after `from` of an upper-case ASCII letter, a
/// hyphen or a non-ASCII byte ([`capital_or_non_ascii`] with hyphens).
fn capital_hyphen_or_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    scan_capitals::<true>(bytes, from)
}

/// Words of a numbered unit's name read for its unit noun, the ordinal word
/// included ("Third Separate Motorised Rifle Brigade" is too long; "47th
/// Separate Mechanised Brigade" is not).
const UNIT_NAME_WORDS: usize = 4;

/// The start of a number in figures with an ordinal ending ("47th", "3rd",
/// "22nd", "1st") that ends one space before `at`, at a word's start.
fn ordinal_before(text: &str, at: usize) -> Option<usize> {
    let b = text.as_bytes();
    if at < 4 || b.get(at - 1) != Some(&b' ') {
        return None;
    }
    let end = at - 1;
    let suffix = b.get(end - 2..end)?.to_ascii_lowercase();
    if !matches!(suffix.as_slice(), b"st" | b"nd" | b"rd" | b"th") {
        return None;
    }
    let mut start = end - 2;
    while start > 0 && b.get(start - 1).is_some_and(u8::is_ascii_digit) {
        start -= 1;
    }
    let digits = end - 2 - start;
    let boundary = start == 0 || !b.get(start - 1).is_some_and(u8::is_ascii_alphanumeric);
    (digits > 0 && boundary).then_some(start)
}

/// Whether `text` may hold a provisional name, by a test that never says no
/// when it does. A name needs a content word `w` whose folded form is a group
/// noun, or whose part after its last hyphen is; a content word is capitalised
/// ([`ActorBase::is_cap_word`]): its first character is upper case, or it has a
/// hyphen. So one of these holds:
/// - `w` starts with an upper-case ASCII letter, and the run of ASCII letters
///   and digits (and apostrophes between them) there is all of `w` (it ends
///   before a byte that cannot go on a word) and a group noun lower-cased, or
///   it ends before a non-ASCII byte (the word may go on: then assume a name);
/// - the same after an ASCII hyphen (the last part of a hyphenated word);
/// - `w` starts with a non-ASCII upper-case letter or holds a non-ASCII hyphen
///   (U+2010, U+2011): assume a name.
///
/// Group nouns are folded and normalised (no hyphen, no upper case). The text is
/// scanned eight bytes at a time for capitals, hyphens and non-ASCII bytes;
/// most capitalised words (names, sentence starts) fail a test of their first
/// two letters (`group_noun_pairs`), the rest one of their first letter and
/// length, before any lookup. Most documents name no group with a capital: the
/// pass is skipped for them.
fn may_name_group(settings: &crate::base::Settings, text: &str) -> bool {
    let bytes = text.as_bytes();
    let alnum = |k: usize| bytes.get(k).is_some_and(u8::is_ascii_alphanumeric);
    let mut i = 0;
    while let Some(j) = capital_hyphen_or_non_ascii(bytes, i) {
        let Some(&c) = bytes.get(j) else {
            break;
        };
        if c >= 0x80 {
            // A scan from a character boundary stops at a leading byte.
            let Some(ch) = text.get(j..).and_then(|t| t.chars().next()) else {
                return true;
            };
            if ch.is_uppercase() || matches!(ch, '\u{2010}' | '\u{2011}') {
                return true;
            }
            i = j + ch.len_utf8();
            continue;
        }
        let start = if c == b'-' { j + 1 } else { j };
        // The classes ([`crate::base::pair_class`]) the second byte of the
        // word's folded form may have: if no group noun begins with the first
        // letter and one of them, the word is none, whatever follows.
        if let Some(&b0) = bytes.get(start).filter(|b| b.is_ascii_alphanumeric()) {
            let class = |b: Option<u8>| 1u32 << crate::base::pair_class(b);
            let second = match bytes.get(start + 1).copied() {
                Some(b) if b.is_ascii_alphanumeric() => class(Some(b.to_ascii_lowercase())),
                Some(b'\'') => match bytes.get(start + 2) {
                    Some(n) if n.is_ascii_alphanumeric() => class(Some(b'\'')),
                    Some(&n) if n >= 0x80 => class(Some(b'\'')) | class(None),
                    _ => class(None),
                },
                // A non-ASCII character may fold to anything.
                Some(0x80..) => u32::MAX,
                _ => class(None),
            };
            let pairs = settings
                .group_noun_pairs
                .get(usize::from(b0.to_ascii_lowercase()))
                .copied()
                .unwrap_or(0);
            if pairs & second == 0 {
                i = j + 1;
                continue;
            }
        }
        // The run a word would make of ASCII letters and digits, with
        // apostrophes between two of them.
        let mut e = start;
        while alnum(e) || (e > start && bytes.get(e) == Some(&b'\'') && alnum(e + 1)) {
            e += 1;
        }
        // A run cut by a non-ASCII byte, or by an apostrophe before one, may go
        // on with a letter or a joiner (after a hyphen, even an empty run).
        let after = |k: usize| bytes.get(k).is_some_and(|&b| b >= 0x80);
        if after(e) || (e > start && bytes.get(e) == Some(&b'\'') && after(e + 1)) {
            return true;
        }
        if let Some(run) = bytes.get(start..e) {
            if is_group_noun(settings, run) {
                return true;
            }
        }
        i = e.max(j + 1);
    }
    false
}

/// [`may_name_group`] on a report's [`Doc`], by its words: never false when
/// the text holds a provisional name, mostly without reading the text.
///
/// The group noun of a name is a capitalised word (upper case first, or
/// joined by a hyphen) folded, or its part after its last hyphen. A word of the
/// Doc whose original is plain ASCII (no character that does not fold byte for
/// byte, [`sitrep_text::Sparse::unplain`]) and holds no apostrophe is exactly
/// such a word or part of the text, so a word of it with [`CAP`] (upper case
/// first) or [`HYPHEN`] (a hyphen before) is looked up as [`may_name_group`]
/// would look it up. The other words (an apostrophe, an accent, a symbol that
/// folds to a word byte: the Doc's word may not be the linker's) go to
/// [`may_name_group`] itself, on the text from the end of the word before (so
/// that a hyphen before it is read) to the word's end.
fn may_name_group_doc(settings: &crate::base::Settings, doc: &Doc) -> bool {
    const NONE: Span = Span {
        start: usize::MAX,
        end: usize::MAX,
    };
    let mut unplain = doc.sparse.unplain();
    // The first unplain character that ends after the words passed.
    let mut next = unplain.next().unwrap_or(NONE);
    let mut prev_end = 0;
    for w in &doc.words {
        while next.end <= w.span.start {
            next = unplain.next().unwrap_or(NONE);
        }
        if w.flags & APOSTROPHE == 0 && next.start >= w.span.end {
            if w.flags & (CAP | HYPHEN) != 0 {
                // (Lower case already: the first two letters, then the set.)
                let f = doc.word_str(w).as_bytes();
                let pairs = f.first().map_or(0, |&b0| {
                    settings
                        .group_noun_pairs
                        .get(usize::from(b0))
                        .copied()
                        .unwrap_or(0)
                });
                if pairs & (1 << crate::base::pair_class(f.get(1).copied())) != 0
                    && is_group_noun(settings, f)
                {
                    return true;
                }
            }
        } else if may_name_group(
            settings,
            doc.text.get(prev_end..w.span.end).unwrap_or(doc.text),
        ) {
            return true;
        }
        prev_end = w.span.end;
    }
    false
}

/// Whether the ASCII word `run` lower-cased is a group noun: its first letter
/// and length first, then the set (`run` lower-cased on the stack).
fn is_group_noun(settings: &crate::base::Settings, run: &[u8]) -> bool {
    let Some(&first) = run.first() else {
        return false;
    };
    let shapes = settings
        .group_noun_shapes
        .get(usize::from(first.to_ascii_lowercase()))
        .copied()
        .unwrap_or(0);
    if shapes & (1 << run.len().min(63)) == 0 {
        return false;
    }
    let mut buf = [0u8; 64];
    let Some(low) = buf.get_mut(..run.len()) else {
        // Longer than 63 bytes: the length test let it through; look it up.
        return std::str::from_utf8(run)
            .is_ok_and(|r| settings.group_nouns.contains(&r.to_ascii_lowercase()));
    };
    low.copy_from_slice(run);
    low.make_ascii_lowercase();
    std::str::from_utf8(low).is_ok_and(|r| settings.group_nouns.contains(r))
}

/// A candidate of the walk: normalised range `s..e`, original `span`, and the
/// target that passed the checks (`ti`-th of pattern `pid`, with its priority).
struct Cand {
    s: usize,
    e: usize,
    span: Span,
    pid: usize,
    ti: usize,
    priority: u8,
}

/// The buffers of the provisional-actor pass (see [`Scratch`]).
#[derive(Default)]
struct ProvScratch {
    /// Spans of the named mentions already found, sorted.
    taken: Vec<Span>,
    /// The folded form of a word looked up.
    fb: String,
    /// A run of capitalised words.
    run: Vec<(usize, usize)>,
    /// The folded content words of a run, one after another, and their ranges.
    cbuf: String,
    content: Vec<(usize, usize)>,
    /// The key of a candidate name: its folded words joined by spaces.
    key: String,
    /// Spans of the provisional names found.
    fspans: Vec<Span>,
}

/// Every buffer the linker needs for one document, kept from one document to the
/// next (one set per thread, in [`SCRATCH`]) so that linking a short report does
/// not allocate and free a dozen vectors as long as the text: the normalised text
/// and its map, the matches of the walk, the candidates, the mentions before the
/// final pass (and a spare list to rebuild them into), and the word buffers of the
/// provisional pass. Every user clears what it uses first: nothing carries over
/// from one document to the next but capacity.
#[derive(Default)]
struct Scratch {
    norm: Norm,
    /// The folded form of one non-ASCII character ([`normalise_into`]).
    buf: String,
    hits: Vec<(usize, usize, usize)>,
    cands: Vec<Cand>,
    pres: Vec<Pre>,
    spare: Vec<Pre>,
    prov: ProvScratch,
}

impl Scratch {
    /// Above this many bytes of normalised text, the buffers are dropped after the
    /// document rather than kept (one huge text must not pin its memory).
    const KEEP_BYTES: usize = 1 << 20;

    fn trim(&mut self) {
        if self.norm.text.capacity() > Scratch::KEEP_BYTES
            || self.hits.capacity() > Scratch::KEEP_BYTES / 32
            || self.pres.capacity() > Scratch::KEEP_BYTES / 64
        {
            *self = Scratch::default();
        }
    }
}

thread_local! {
    /// The linker's reused buffers, one set per thread.
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

impl ActorBase {
    /// Every actor mention in `text`, in text order, non-overlapping.
    pub fn link(&self, text: &str, ctx: &LinkContext) -> Vec<ActorMention> {
        self.link_with(text, None, ctx)
    }

    /// [`ActorBase::link`] on a report's [`Doc`] (the same mentions as on its
    /// text): the provisional actors' pre-test reads the Doc's words and
    /// their flags instead of scanning the text.
    pub fn link_doc(&self, doc: &Doc, ctx: &LinkContext) -> Vec<ActorMention> {
        self.link_with(doc.text, Some(doc), ctx)
    }

    fn link_with(&self, text: &str, doc: Option<&Doc>, ctx: &LinkContext) -> Vec<ActorMention> {
        // The thread's buffers; fresh ones if they are unavailable (the thread is
        // being torn down).
        SCRATCH
            .try_with(|cell| match cell.try_borrow_mut() {
                Ok(mut scratch) => {
                    let out = self.link_in(text, doc, ctx, &mut scratch);
                    scratch.trim();
                    out
                }
                Err(_) => self.link_in(text, doc, ctx, &mut Scratch::default()),
            })
            .unwrap_or_else(|_| self.link_in(text, doc, ctx, &mut Scratch::default()))
    }

    /// [`ActorBase::link`] with the buffers of `scratch`: (1) alias candidates from
    /// the automaton, the longest at each place, country-restricted ones checked;
    /// (2) provisional actors; (3) acronyms defined in the document; (4) context
    /// rules; head nouns absorbed; (5) the final pass (coreference, salience).
    fn link_in(
        &self,
        text: &str,
        doc: Option<&Doc>,
        ctx: &LinkContext,
        scratch: &mut Scratch,
    ) -> Vec<ActorMention> {
        let Scratch {
            norm,
            buf,
            hits,
            cands,
            pres,
            spare,
            prov,
        } = scratch;
        normalise_into(text, norm, buf);
        let norm = &*norm;
        // The context's country in upper case (borrowed when it already is).
        let country_up: Option<std::borrow::Cow<'_, str>> = ctx.country.as_deref().map(|c| {
            if c.bytes().any(|b| b.is_ascii_lowercase()) {
                std::borrow::Cow::Owned(c.to_ascii_uppercase())
            } else {
                std::borrow::Cow::Borrowed(c)
            }
        });
        let country: Option<&str> = country_up.as_deref();

        // 1. Candidates from the automaton.
        self.automaton_hits(norm.text.as_bytes(), hits);
        self.candidates(text, norm, hits, cands);
        self.longest_candidates(cands, pres);
        self.keep_restricted(pres, country);

        // 2. Provisional actors.
        let may = match doc {
            Some(d) => may_name_group_doc(&self.settings, d),
            None => may_name_group(&self.settings, text),
        };
        if may {
            self.add_provisional(text, pres, prov);
        }

        // 3. Acronyms defined in the document.
        self.add_acronyms(text, pres);

        // 4. Context rules.
        self.apply_rules(&norm.text, hits, country, pres);

        // States coordinated before one force noun.
        self.add_coordinated_states(text, pres, buf);

        // A head noun right after a named actor belongs to it ("ISKP fighters",
        // "ENDF troops"): one mention, not two.
        pres.sort_by_key(|p| (p.span.start, p.span.end));
        self.absorb_head_nouns(text, pres, spare);

        // 5. Final pass.
        self.final_pass(text, ctx, country, pres)
    }

    /// Every alias occurrence that starts after a non-word byte (the automaton is
    /// walked from those positions only) and ends before one: (start, end, pattern).
    #[inline]
    fn automaton_hits(&self, nb: &[u8], hits: &mut Vec<(usize, usize, usize)>) {
        hits.clear();
        let mut s = 0;
        loop {
            self.ac.matches_at(nb, s, |e, pid| {
                if !nb.get(e).is_some_and(|&b| is_word_byte(b)) {
                    hits.push((s, e, pid));
                }
            });
            // The next word start: right after the next non-word byte.
            match next_non_word(nb, s) {
                Some(k) => s = k + 1,
                None => break,
            }
        }
    }

    /// The hits as candidates: a prefix rejected when joined by a hyphen
    /// ("anti-Taliban"), the first target whose case requirement the original text
    /// meets, and coreference phrases not followed by a blocker word.
    #[inline]
    fn candidates(
        &self,
        text: &str,
        norm: &Norm,
        hits: &[(usize, usize, usize)],
        cands: &mut Vec<Cand>,
    ) {
        let nb = norm.text.as_bytes();
        cands.clear();
        for &(s, e, pid) in hits {
            // A rejected prefix joined to the match ("anti-Taliban").
            if s >= 2 && nb.get(s - 1) == Some(&b' ') {
                let head = norm.text.get(..s - 1).unwrap_or("");
                let w0 = head
                    .rfind(|c: char| !c.is_alphanumeric())
                    .map(|i| i + 1)
                    .unwrap_or(0);
                let prev = head.get(w0..).unwrap_or("");
                if norm.hyphen_at(s - 1) && self.settings.reject_prefixes.contains(prev) {
                    continue;
                }
            }
            let span = norm.orig_span(s, e);
            let Some(ts) = self.targets.get(pid) else {
                continue;
            };
            let Some((ti, target)) = ts
                .iter()
                .enumerate()
                .find(|(_, t)| case_ok(t.case, text, span))
            else {
                continue;
            };
            // "two former soldiers": no longer the force.
            if let TargetKind::Entry(i) = target.kind {
                if self
                    .entries
                    .get(i)
                    .is_some_and(|e| matches!(e.kind, ActorType::StateForces | ActorType::Police))
                    && after_reject_word(text, span.start, &self.settings.reject_words)
                {
                    continue;
                }
            }
            if let TargetKind::Coref { .. } = target.kind {
                let next = norm.text.get(e..).unwrap_or("").trim_start();
                let next_word = next
                    .split(|c: char| !c.is_alphanumeric())
                    .next()
                    .unwrap_or("");
                if self.settings.coreference_blockers.contains(next_word) {
                    continue;
                }
            }
            cands.push(Cand {
                s,
                e,
                span,
                pid,
                ti,
                priority: target.priority,
            });
        }
    }

    /// The longest candidate at each place (then the highest priority), overlaps
    /// dropped, as pre-mentions.
    #[inline]
    fn longest_candidates(&self, cands: &mut [Cand], pres: &mut Vec<Pre>) {
        cands.sort_by(|a, b| {
            a.s.cmp(&b.s)
                .then((b.e - b.s).cmp(&(a.e - a.s)))
                .then(a.priority.cmp(&b.priority))
        });
        pres.clear();
        let mut last_end = 0usize;
        for c in cands.iter() {
            if c.s < last_end {
                continue;
            }
            last_end = c.e;
            let Some(target) = self.targets.get(c.pid).and_then(|ts| ts.get(c.ti)) else {
                continue;
            };
            let kind = match &target.kind {
                TargetKind::Entry(i) => self.entry_kind(*i, target, (c.pid, c.ti)),
                TargetKind::Coref {
                    fallback,
                    max_paragraphs,
                } => PreKind::Coref {
                    fallback: *fallback,
                    max_paragraphs: *max_paragraphs,
                },
            };
            pres.push(Pre { span: c.span, kind });
        }
    }

    /// The pre-mention kind of entry `i` named by `target`, the `ti`-th target of
    /// automaton pattern `pid`: a generic entry's link is generic, else an
    /// alias; a target restricted to some countries is conditional.
    fn entry_kind(&self, i: usize, target: &Target, (pid, ti): (usize, usize)) -> PreKind {
        let generic = self.entries.get(i).is_some_and(|e| e.generic);
        PreKind::Named {
            who: Who::Entry(i),
            link: if generic {
                LinkKind::Generic
            } else {
                LinkKind::Alias
            },
            conditional: (!target.countries.is_empty()).then_some((pid, ti)),
        }
    }

    /// Country-restricted aliases: kept in a document about that country, or when
    /// the same actor is named unambiguously elsewhere in it.
    /// (The set of surely named entries is only made when some alias is restricted.)
    #[inline]
    fn keep_restricted(&self, pres: &mut Vec<Pre>, country: Option<&str>) {
        let restricted = |p: &Pre| {
            matches!(&p.kind, PreKind::Named { who: Who::Entry(_), conditional, .. }
                if conditional.is_some())
        };
        if pres.iter().any(restricted) {
            let sure: FxHashSet<usize> = pres
                .iter()
                .filter_map(|p| match &p.kind {
                    PreKind::Named {
                        who: Who::Entry(i),
                        conditional,
                        ..
                    } if conditional.is_none() => Some(*i),
                    _ => None,
                })
                .collect();
            let fits = |t: &Target| {
                t.countries.is_empty()
                    || country.is_some_and(|c| t.countries.iter().any(|x| x == c))
            };
            pres.retain_mut(|p| {
                let PreKind::Named {
                    who: Who::Entry(i),
                    conditional: Some((pid, ti)),
                    ..
                } = p.kind
                else {
                    return true;
                };
                let ts = self.targets.get(pid).map_or(&[][..], |ts| &ts[..]);
                if sure.contains(&i) || ts.get(ti).is_some_and(fits) {
                    return true;
                }
                // Out of its countries, the phrase may still name another
                // target of the same key ("separatist fighters": Cameroon's
                // separatists in Cameroon, an unidentified group elsewhere).
                let next = ts
                    .iter()
                    .enumerate()
                    .skip(ti + 1)
                    .find_map(|(k, t)| match t.kind {
                        TargetKind::Entry(j) if fits(t) => Some((k, j, t)),
                        _ => None,
                    });
                let Some((k, j, t)) = next else {
                    return false;
                };
                p.kind = self.entry_kind(j, t, (pid, k));
                true
            });
        }
    }

    /// The pre-mentions in text order as mentions: entries resolved in context,
    /// coreference phrases to the salient group within their paragraph reach (else
    /// their generic fallback).
    fn final_pass(
        &self,
        text: &str,
        ctx: &LinkContext,
        country: Option<&str>,
        pres: &mut Vec<Pre>,
    ) -> Vec<ActorMention> {
        // 5. Final pass.
        pres.sort_by_key(|p| (p.span.start, p.span.end));
        // Paragraph numbers only matter to resolve coreference: read lazily (the
        // positions asked for still increase), and not at all without a phrase.
        let has_coref = pres.iter().any(|p| matches!(p.kind, PreKind::Coref { .. }));
        let mut paras = Paragraphs::new(text);
        // The salient actor: the index of its mention in `out`, and its paragraph.
        let mut salient: Option<(usize, usize)> = None;
        let mut out: Vec<ActorMention> = Vec::with_capacity(pres.len());
        for p in pres.drain(..) {
            match p.kind {
                PreKind::Named { who, link, .. } => {
                    let generic = match &who {
                        Who::Entry(i) => self.entries.get(*i).is_some_and(|e| e.generic),
                        Who::Prov(_) => false,
                    };
                    let actor = match who {
                        Who::Prov(a) => Arc::new(a),
                        Who::Entry(i) => self.resolve_entry(i, country, ctx.date),
                    };
                    if !generic
                        && matches!(
                            actor.kind,
                            ActorType::RebelGroup
                                | ActorType::PoliticalMilitia
                                | ActorType::IdentityMilitia
                        )
                    {
                        let para = if has_coref {
                            paras.index_of(p.span.start)
                        } else {
                            0
                        };
                        salient = Some((out.len(), para));
                    }
                    out.push(ActorMention {
                        span: p.span,
                        actor,
                        link,
                    });
                }
                PreKind::Coref {
                    fallback,
                    max_paragraphs,
                } => {
                    if let Some((k, sp)) = salient {
                        let para = paras.index_of(p.span.start);
                        if para.saturating_sub(sp) <= max_paragraphs {
                            if let Some(actor) = out.get(k).map(|m| m.actor.clone()) {
                                out.push(ActorMention {
                                    span: p.span,
                                    actor,
                                    link: LinkKind::Coreference,
                                });
                                continue;
                            }
                        }
                    }
                    if let Some(i) = fallback {
                        out.push(ActorMention {
                            span: p.span,
                            actor: self.resolve_entry(i, country, ctx.date),
                            link: LinkKind::Generic,
                        });
                    }
                }
            }
        }
        out
    }

    /// The actor an entry stands for in context: per-country generic forces become
    /// the country's entry, and a governed entry becomes its de facto authority.
    fn resolve_entry(
        &self,
        i: usize,
        country: Option<&str>,
        date: Option<NaiveDate>,
    ) -> Arc<Actor> {
        let mut idx = i;
        if let Some(kind) = self.per_country.get(&i) {
            let table = if kind == "police" {
                &self.police_of
            } else {
                &self.forces_of
            };
            if let Some(&j) = country.and_then(|c| table.get(c)) {
                idx = j;
            }
        }
        if let Some(govs) = self.governed_by.get(&idx) {
            if let Some((g, _)) = govs.iter().find(|(_, r)| r.active_at(date)) {
                idx = *g;
            }
        }
        self.shared_actor_at(idx, date).unwrap_or_else(|| {
            Arc::new(Actor {
                id: "unknown".to_string(),
                name: "Unknown".to_string(),
                kind: ActorType::Unknown,
                country: None,
                provisional: false,
            })
        })
    }

    /// `spare`: an empty list to rebuild `pres` into (left empty).
    fn absorb_head_nouns(&self, text: &str, pres: &mut Vec<Pre>, spare: &mut Vec<Pre>) {
        let out = spare;
        out.clear();
        for p in pres.drain(..) {
            let absorbable = match &p.kind {
                PreKind::Coref { .. } => true,
                PreKind::Named {
                    who: Who::Entry(i),
                    link: LinkKind::Generic,
                    ..
                } => self.entries.get(*i).is_some_and(|e| e.kind.is_armed()),
                _ => false,
            };
            if absorbable {
                if let Some(prev) = out.last_mut() {
                    let named = !prev.is_generic_or_coref(self);
                    let gap = text.get(prev.span.end..p.span.start).unwrap_or("x");
                    // Lower-casing gives ASCII "the " only from ASCII letters: the
                    // first four bytes tell, without a lower-cased copy.
                    let the = || {
                        p.span
                            .text(text)
                            .as_bytes()
                            .get(..4)
                            .is_some_and(|h| h.eq_ignore_ascii_case(b"the "))
                    };
                    if named && gap == " " && !the() {
                        prev.span = Span::new(prev.span.start, p.span.end);
                        continue;
                    }
                }
            }
            out.push(p);
        }
        std::mem::swap(pres, out);
    }

    /// `hits`: every pattern occurrence in `norm_text` between word boundaries, as
    /// `(start, end, pattern)` (the terms of the rules are patterns).
    fn apply_rules(
        &self,
        norm_text: &str,
        hits: &[(usize, usize, usize)],
        country: Option<&str>,
        pres: &mut [Pre],
    ) {
        // Rules only act on mentions of their `when` entry.
        let when = |p: &Pre| matches!(p.who(), Some(Who::Entry(i)) if self.rules.iter().any(|r| r.when == *i));
        if !pres.iter().any(when) {
            return;
        }
        let present: FxHashSet<usize> = pres
            .iter()
            .filter_map(|p| match p.who() {
                Some(Who::Entry(i)) => Some(*i),
                _ => None,
            })
            .collect();
        // Whether each rule fires is a property of the document: decide it once
        // (lazily, so unused rules cost nothing), not per mention.
        let mut fires: Vec<Option<bool>> = vec![None; self.rules.len()];
        for p in pres.iter_mut() {
            let PreKind::Named {
                who: Who::Entry(i), ..
            } = &mut p.kind
            else {
                continue;
            };
            for (ri, r) in self.rules.iter().enumerate() {
                if r.when != *i {
                    continue;
                }
                let f = match fires.get(ri).copied().flatten() {
                    Some(f) => f,
                    None => {
                        // A term of the branch's region speaks for it only when
                        // the report's country is unknown: in a report placed
                        // elsewhere it is a place recalled ("a Moscow attack
                        // report recalling a plane downed over Sinai").
                        let in_country =
                            country.is_some_and(|c| r.countries.iter().any(|x| x == c));
                        let terms_count = country.is_none() || r.countries.is_empty();
                        let f = r.mentions_any.iter().any(|m| present.contains(m))
                            || (terms_count
                                && r.terms_any.iter().zip(&r.term_patterns).any(
                                    |(t, pid)| match pid {
                                        Some(pid) => hits.iter().any(|h| h.2 == *pid),
                                        None => key_contains_phrase(norm_text, t),
                                    },
                                ))
                            || in_country;
                        if let Some(slot) = fires.get_mut(ri) {
                            *slot = Some(f);
                        }
                        f
                    }
                };
                if f {
                    *i = r.then;
                    break;
                }
            }
        }
    }

    /// "Azerbaijani and Armenian forces", "Malian, Burkinabe and Nigerien troops",
    /// "US and Iraqi soldiers": a state's demonym (or abbreviated name) coordinated
    /// before another state's force or police alias shares its noun, and names that
    /// state's forces (police) in a mention of its own. `fb`: a scratch buffer.
    fn add_coordinated_states(&self, text: &str, pres: &mut Vec<Pre>, fb: &mut String) {
        let mut adds = Vec::new();
        for p in pres.iter() {
            let PreKind::Named {
                who: Who::Entry(i),
                link,
                ..
            } = &p.kind
            else {
                continue;
            };
            // (Most mentions have no list before them: that is looked at first.)
            if text
                .get(..p.span.start)
                .and_then(|b| strip_suffix_ascii_ci(b, " and "))
                .is_none()
            {
                continue;
            }
            let Some(cc) = self.entries.get(*i).and_then(|e| e.country.as_deref()) else {
                continue;
            };
            let table = if self.police_of.get(cc) == Some(i) {
                &self.police_of
            } else if self.forces_of.get(cc) == Some(i) {
                &self.forces_of
            } else {
                continue;
            };
            // The mention is "<its own state's demonym> <noun>".
            let own = p.span.text(text);
            let starts_own = own.char_indices().filter(|(_, c)| *c == ' ').any(|(k, _)| {
                own.get(..k).is_some_and(|w| {
                    self.state_prefixes.get(fold_in(fb, w)).map(String::as_str) == Some(cc)
                })
            });
            if !starts_own {
                continue;
            }
            let mut at = p.span.start;
            let mut sep = " and ";
            while let Some(head) = text.get(..at).and_then(|b| strip_suffix_ascii_ci(b, sep)) {
                let head = if sep == " and " {
                    head.strip_suffix(',').unwrap_or(head)
                } else {
                    head
                };
                let Some((start, other)) = self.state_prefix_before(head, fb) else {
                    break;
                };
                let Some(&j) = table.get(other).filter(|_| other != cc) else {
                    break;
                };
                let span = Span::new(start, head.len());
                if !pres.iter().chain(&adds).any(|q| q.span.overlaps(span)) {
                    adds.push(Pre {
                        span,
                        kind: PreKind::Named {
                            who: Who::Entry(j),
                            link: *link,
                            conditional: None,
                        },
                    });
                }
                at = start;
                sep = ", ";
            }
        }
        pres.extend(adds);
    }

    /// The state whose demonym (or abbreviated name) ends `head`, of one to three
    /// words, the longest first: (its start, country code).
    fn state_prefix_before(&self, head: &str, fb: &mut String) -> Option<(usize, &str)> {
        let mut starts = [None; 3];
        let mut end = head.len();
        for slot in &mut starts {
            let start = head.get(..end)?.rfind(' ').map_or(0, |k| k + 1);
            *slot = Some(start);
            if start == 0 {
                break;
            }
            end = start - 1;
        }
        starts.into_iter().rev().flatten().find_map(|start| {
            let w = head.get(start..)?;
            let cc = self.state_prefixes.get(fold_in(fb, w))?;
            (!cc.is_empty()).then_some((start, cc.as_str()))
        })
    }

    /// `scratch`: the buffers of the pass (see [`ProvScratch`]). The linker only
    /// calls it when [`may_name_group`] allows a name.
    fn add_provisional(&self, text: &str, pres: &mut Vec<Pre>, scratch: &mut ProvScratch) {
        let s = &self.settings;
        if s.group_nouns.is_empty() {
            return;
        }
        scratch.taken.clear();
        scratch.taken.extend(
            pres.iter()
                .filter(|p| !p.is_generic_or_coref(self))
                .map(|p| p.span),
        );
        scratch.taken.sort();
        let mut found: Vec<(Span, Who, LinkKind)> = Vec::new();
        // A run starts at a capitalised word: words without a capital letter (no
        // upper-case ASCII letter, no non-ASCII character) are skipped unread.
        let mut words = Words::new(text);
        let mut cur = words.next_with_capital();
        while let Some((ws, we)) = cur {
            let w = text.get(ws..we).unwrap_or("");
            if !self.is_cap_word(w, &mut scratch.fb) {
                cur = words.next_with_capital();
                continue;
            }
            // Grow a run of capitalised words joined by single spaces, connectors allowed.
            let (run, fb) = (&mut scratch.run, &mut scratch.fb);
            run.clear();
            run.push((ws, we));
            let mut next = words.next();
            while let Some((ns, ne)) = next {
                let prev_end = run.last().map(|r| r.1).unwrap_or(ns);
                let gap = text.as_bytes().get(prev_end..ns).unwrap_or(b"x");
                if gap.is_empty() || gap.len() > 2 || !gap.iter().all(|&c| c == b' ' || c == b'\t')
                {
                    break;
                }
                let nw = text.get(ns..ne).unwrap_or("");
                if self.is_cap_word(nw, fb) || s.name_connectors.contains(fold_in(fb, nw)) {
                    run.push((ns, ne));
                    next = words.next();
                } else {
                    break;
                }
            }
            // The word that ended the run may start the next one.
            cur = next;
            if let Some(unit) = self.numbered_unit(text, scratch) {
                found.push(unit);
                continue;
            }
            // A name needs two content words; trimming only shortens the run.
            if scratch.run.len() < 2 {
                continue;
            }
            if let Some((span, actor)) = self.provisional_name(text, scratch) {
                found.push((span, Who::Prov(actor), LinkKind::Provisional));
            }
        }
        if found.is_empty() {
            return;
        }
        // `found` is in text order and non-overlapping: binary search per mention.
        let fspans = &mut scratch.fspans;
        fspans.clear();
        fspans.extend(found.iter().map(|f| f.0));
        pres.retain(|p| {
            let k = fspans.partition_point(|f| f.end <= p.span.start);
            fspans.get(k).is_none_or(|f| f.start >= p.span.end)
        });
        for (span, who, link) in found {
            pres.push(Pre {
                span,
                kind: PreKind::Named {
                    who,
                    link,
                    conditional: None,
                },
            });
        }
    }

    /// A military unit named by its number ([`crate::base::Settings::numbered_unit`]: "the
    /// 47th Mechanised Brigade", "Ukraine's 3rd Assault Brigade", "the Third
    /// Infantry Division"): a state's forces, not a provisional group, linked
    /// as the generic actor the settings name (so its country's forces in
    /// context). The run of capitalised words in `scratch` must follow a
    /// number in figures with an ordinal ending ("47th ") or open with an
    /// ordinal word, and hold a unit noun within [`UNIT_NAME_WORDS`] words of
    /// it, no connector between; the span runs from the number to that noun.
    /// Not over a named mention.
    fn numbered_unit(
        &self,
        text: &str,
        scratch: &mut ProvScratch,
    ) -> Option<(Span, Who, LinkKind)> {
        let s = &self.settings;
        let entry = s.numbered_unit?;
        let ProvScratch { taken, fb, run, .. } = scratch;
        let mut lo = 0;
        while run.get(lo).is_some_and(|&(a, b)| {
            s.name_determiners
                .contains(fold_in(fb, text.get(a..b).unwrap_or("")))
        }) {
            lo += 1;
        }
        let &(first, first_end) = run.get(lo)?;
        let in_figures = if lo == 0 {
            ordinal_before(text, first)
        } else {
            None
        };
        let (start, from) = match in_figures {
            Some(o) => (o, lo),
            None if s
                .ordinal_words
                .contains(fold_in(fb, text.get(first..first_end).unwrap_or(""))) =>
            {
                (first, lo + 1)
            }
            None => return None,
        };
        let mut end = None;
        for &(a, b) in run.get(from..(from + UNIT_NAME_WORDS).min(run.len()))? {
            let w = fold_in(fb, text.get(a..b).unwrap_or(""));
            if s.name_connectors.contains(w) {
                break;
            }
            if s.unit_nouns.contains(w) {
                end = Some(b);
                break;
            }
        }
        let end = end?;
        let span = Span::new(start, end);
        let ti = taken.partition_point(|t| t.end <= span.start);
        if taken.get(ti).is_some_and(|t| t.start < span.end) {
            return None;
        }
        Some((span, Who::Entry(entry), LinkKind::Generic))
    }

    /// The provisional actor a run of capitalised words names, if any: determiners
    /// and connectors trimmed, two to five content words with a group noun and a
    /// name word, not shouted, not a stop phrase, not over a named mention.
    fn provisional_name(&self, text: &str, scratch: &mut ProvScratch) -> Option<(Span, Actor)> {
        let s = &self.settings;
        let ProvScratch {
            taken,
            fb,
            run,
            cbuf,
            content,
            key,
            ..
        } = scratch;
        // Trim determiners at the start and connectors at the end.
        // Drop leading determiners and generic nouns with their connectors
        // ("The …", "Fighters of the …").
        let mut lo = 0;
        while run.get(lo).is_some_and(|&(a, b)| {
            let w = fold_in(fb, text.get(a..b).unwrap_or(""));
            s.name_determiners.contains(w) || s.name_connectors.contains(w)
        }) {
            lo += 1;
        }
        let mut hi = run.len();
        while hi > lo
            && run.get(hi - 1).is_some_and(|&(a, b)| {
                s.name_connectors
                    .contains(fold_in(fb, text.get(a..b).unwrap_or("")))
            })
        {
            hi -= 1;
        }
        let trimmed = run.get(lo..hi).unwrap_or(&[]);
        let (Some(&(rs, _)), Some(&(_, re))) = (trimmed.first(), trimmed.last()) else {
            return None;
        };
        cbuf.clear();
        content.clear();
        for &(a, b) in trimmed {
            let from = cbuf.len();
            fold_push(cbuf, text.get(a..b).unwrap_or(""));
            if s.name_connectors.contains(cbuf.get(from..).unwrap_or("")) {
                cbuf.truncate(from);
            } else {
                content.push((from, cbuf.len()));
            }
        }
        if content.len() < 2 || content.len() > 5 {
            return None;
        }
        // All-capitals text is a shouted headline, not a name.
        let shouted = trimmed.iter().all(|&(a, b)| {
            let w = text.get(a..b).unwrap_or("");
            w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && letters_upper(w)
        });
        if shouted {
            return None;
        }
        let content_words = || content.iter().map(|&(a, b)| cbuf.get(a..b).unwrap_or(""));
        let has_noun = content_words()
            .any(|w| s.group_nouns.contains(w) || s.group_nouns.contains(last_part(w)));
        if !has_noun {
            return None;
        }
        let has_name = content_words().any(|w| {
            !s.group_nouns.contains(w)
                && !s.group_nouns.contains(last_part(w))
                && !s.provisional_common_words.contains(w)
        });
        if !has_name {
            return None;
        }
        let span = Span::new(rs, re);
        let name = text.get(rs..re).unwrap_or("");
        key.clear();
        for (k, w) in fold_in(fb, name)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .enumerate()
        {
            if k > 0 {
                key.push(' ');
            }
            key.push_str(w);
        }
        if s.provisional_stop.occurs_in(key) {
            return None;
        }
        let ti = taken.partition_point(|t| t.end <= span.start);
        if taken.get(ti).is_some_and(|t| t.start < span.end) {
            return None;
        }
        let kind = s
            .provisional_types
            .iter()
            .find(|(w, _)| key_contains_phrase(key, w))
            .map(|(_, t)| *t)
            .unwrap_or(ActorType::RebelGroup);
        Some((
            span,
            Actor {
                // The folded words in kebab case ("provisional:kuki-freedom-army").
                id: format!("provisional:{}", key.replace(' ', "-")),
                name: name.to_string(),
                kind,
                country: None,
                provisional: true,
            },
        ))
    }

    /// A capitalised word, or a connector prefix before a capital ("al-Fursan").
    /// `fb`: a scratch buffer.
    fn is_cap_word(&self, w: &str, fb: &mut String) -> bool {
        let first = match w.as_bytes().first() {
            None => return false,
            Some(&b) if b < 0x80 => b.is_ascii_uppercase(),
            Some(_) => w.chars().next().is_some_and(char::is_uppercase),
        };
        if first {
            return true;
        }
        // "al-Fursan", "ul-Ahrar": a connector prefix before a capital.
        let hyphen = w.bytes().position(|b| b == b'-');
        if let Some((head, rest)) = hyphen.and_then(|k| Some((w.get(..k)?, w.get(k + 1..)?))) {
            return s_contains_folded(&self.settings.name_connectors, head, fb)
                && rest.chars().next().is_some_and(|c| c.is_uppercase());
        }
        false
    }

    fn add_acronyms(&self, text: &str, pres: &mut Vec<Pre>) {
        pres.sort_by_key(|p| (p.span.start, p.span.end));
        let bytes = text.as_bytes();
        let mut defs: Vec<(String, usize, Who)> = Vec::new();
        let mut replace: Vec<(Span, Who)> = Vec::new();
        for p in pres.iter() {
            let Some(who) = p.who() else { continue };
            if let Who::Entry(i) = who {
                if self.entries.get(*i).is_none_or(|e| e.generic) {
                    continue;
                }
            }
            let mut k = p.span.end;
            while bytes.get(k) == Some(&b' ') && k < p.span.end + 2 {
                k += 1;
            }
            if bytes.get(k) != Some(&b'(') {
                continue;
            }
            let inner_start = k + 1;
            let Some(close) = text
                .get(inner_start..(inner_start + 14).min(text.len()))
                .and_then(|t| t.find(')'))
            else {
                continue;
            };
            let acro = text.get(inner_start..inner_start + close).unwrap_or("");
            let valid = acro.len() >= 2
                && acro
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/' || c == '&')
                && acro.chars().filter(|c| c.is_ascii_uppercase()).count() >= 2
                && acro.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && !self.settings.acronym_stop.contains(acro);
            if !valid {
                continue;
            }
            let aspan = Span::new(inner_start, inner_start + close);
            replace.push((aspan, who.clone()));
            defs.push((acro.to_string(), aspan.end, who.clone()));
        }
        if defs.is_empty() {
            return;
        }
        // The bracketed acronym itself names the actor before it.
        let mut adds: Vec<Pre> = Vec::new();
        for (aspan, who) in &replace {
            let same = overlapping(pres, *aspan).any(|p| p.span == *aspan && p.who() == Some(who));
            if !same {
                adds.push(Pre {
                    span: *aspan,
                    kind: PreKind::Named {
                        who: who.clone(),
                        link: LinkKind::Acronym,
                        conditional: None,
                    },
                });
            }
        }
        replace_overlapping(pres, adds);
        // Later uses of the acronym (the first definition of a string wins).
        let mut seen = FxHashSet::default();
        defs.retain(|d| seen.insert(d.0.clone()));
        let mut adds: Vec<Pre> = Vec::new();
        for (s, e, k) in leftmost_longest(text, defs.iter().map(|d| d.0.as_str())) {
            let before_ok = s == 0 || !bytes.get(s - 1).is_some_and(|b| b.is_ascii_alphanumeric());
            let after_ok = !bytes.get(e).is_some_and(|b| b.is_ascii_alphanumeric());
            if !before_ok || !after_ok {
                continue;
            }
            let Some((_, def_end, who)) = defs.get(k) else {
                continue;
            };
            if s < *def_end {
                continue;
            }
            let span = Span::new(s, e);
            if overlapping(pres, span).any(|p| p.who() == Some(who) || !span.contains(p.span)) {
                continue;
            }
            adds.push(Pre {
                span,
                kind: PreKind::Named {
                    who: who.clone(),
                    link: LinkKind::Acronym,
                    conditional: None,
                },
            });
        }
        replace_overlapping(pres, adds);
    }
}

/// Non-overlapping occurrences `(start, end, pattern)` of a few non-empty patterns
/// in `text`, scanning left to right and taking at each step the leftmost match,
/// the longest when several start there (an automaton's leftmost-longest
/// semantics, without building one per document for a handful of acronyms).
fn leftmost_longest<'p>(
    text: &str,
    pats: impl Iterator<Item = &'p str>,
) -> Vec<(usize, usize, usize)> {
    let mut all: Vec<(usize, usize, usize)> = Vec::new();
    let bytes = text.as_bytes();
    for (k, p) in pats.enumerate() {
        let pb = p.as_bytes();
        let Some(&first) = pb.first() else {
            continue;
        };
        // Every occurrence, overlapping ones too. A match of the bytes of a
        // string starting with a whole character starts on a character boundary
        // (a first byte is never a continuation byte), so a byte scan for the
        // first byte and a compare find what a search stepping one character
        // at a time finds, without a searcher built per step.
        // An ASCII first byte is looked for as a character (`str::find` scans
        // for a byte several at a time); the positions after it stay on
        // character boundaries.
        let next_first = |from: usize| {
            if first.is_ascii() {
                text.get(from..).and_then(|t| t.find(char::from(first)))
            } else {
                bytes
                    .get(from..)
                    .and_then(|r| r.iter().position(|&b| b == first))
            }
        };
        let mut from = 0;
        while let Some(i) = next_first(from) {
            let at = from + i;
            if bytes.get(at..).is_some_and(|r| r.starts_with(pb)) {
                all.push((at, at + pb.len(), k));
            }
            from = at + 1;
        }
    }
    all.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out = Vec::new();
    let mut next = 0;
    for m in all {
        if m.0 >= next {
            next = m.1;
            out.push(m);
        }
    }
    out
}

/// Mentions of `pres` (sorted by start, non-overlapping) that overlap `span`.
fn overlapping(pres: &[Pre], span: Span) -> impl Iterator<Item = &Pre> {
    let k = pres.partition_point(|p| p.span.end <= span.start);
    pres.get(k..)
        .unwrap_or(&[])
        .iter()
        .take_while(move |p| p.span.start < span.end)
}

/// Insert `adds` (sorted, non-overlapping) into `pres`, dropping what they overlap;
/// `pres` stays sorted. Linear after the sort.
fn replace_overlapping(pres: &mut Vec<Pre>, mut adds: Vec<Pre>) {
    if adds.is_empty() {
        return;
    }
    adds.sort_by_key(|p| (p.span.start, p.span.end));
    let add_spans: Vec<Span> = adds.iter().map(|a| a.span).collect();
    pres.retain(|p| {
        let k = add_spans.partition_point(|a| a.end <= p.span.start);
        add_spans.get(k).is_none_or(|a| a.start >= p.span.end)
    });
    pres.extend(adds);
    pres.sort_by_key(|p| (p.span.start, p.span.end));
}

/// Paragraph numbers (non-blank lines, for coreference) of positions asked for in
/// increasing order: the text is read once, up to the last position asked for.
struct Paragraphs<'a> {
    text: &'a str,
    /// Start of the first line not read yet (past the end when all are read).
    next_line: usize,
    /// Non-blank lines read so far.
    count: usize,
}

impl<'a> Paragraphs<'a> {
    fn new(text: &'a str) -> Paragraphs<'a> {
        Paragraphs {
            text,
            next_line: 0,
            count: 0,
        }
    }

    /// How many non-blank lines start at or before `pos` (`pos` never decreasing
    /// from one call to the next).
    fn index_of(&mut self, pos: usize) -> usize {
        while self.next_line <= pos && self.next_line <= self.text.len() {
            let rest = self.text.get(self.next_line..).unwrap_or("");
            let len = rest.find('\n').unwrap_or(rest.len());
            if !rest.get(..len).unwrap_or("").trim().is_empty() {
                self.count += 1;
            }
            self.next_line += len + 1;
        }
        self.count
    }
}

/// The first position at or after `from` of a byte that is not a word byte
/// ([`is_word_byte`]: an ASCII letter or digit, or any non-ASCII byte). Eight
/// bytes at a time: the seven low bits of each byte are tested against the
/// ranges of digits and (either case of) letters by adding offsets that set the
/// byte's top bit exactly from the range's bounds up (no carry leaves a byte).
fn next_non_word(bytes: &[u8], from: usize) -> Option<usize> {
    let non_word = |x: u64| {
        let v = x & LOW7;
        let folded = v | (ONES * 0x20);
        let digit = ge(v, b'0') & !ge(v, b'9' + 1);
        let letter = ge(folded, b'a') & !ge(folded, b'z' + 1);
        !(x | digit | letter) & TOP
    };
    match first_chunk(bytes, from, non_word) {
        Ok((at, m)) => Some(at + (m.trailing_zeros() / 8) as usize),
        Err(at) => bytes
            .get(at..)?
            .iter()
            .position(|&b| !is_word_byte(b))
            .map(|k| at + k),
    }
}

/// ASCII letters and digits.
const ASCII_ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x80 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// Words of the original text: alphanumeric runs, with inner hyphens and
/// apostrophes ("al-Fursan", "People's"), as `(start, end)`, produced lazily (no
/// vector of every word of the document).
struct Words<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Words<'a> {
    fn new(text: &'a str) -> Words<'a> {
        Words { text, pos: 0 }
    }

    /// The character at `i`: (alphanumeric, may join a word, byte length); ASCII
    /// without decoding.
    fn class(&self, i: usize) -> Option<(bool, bool, usize)> {
        let b = *self.text.as_bytes().get(i)?;
        if b < 0x80 {
            return Some((b.is_ascii_alphanumeric(), b == b'-' || b == b'\'', 1));
        }
        let c = self.text.get(i..)?.chars().next()?;
        Some((
            c.is_alphanumeric(),
            matches!(c, '\u{2019}' | '\u{2010}' | '\u{2011}'),
            c.len_utf8(),
        ))
    }
}

/// The first position at or after `from` of an upper-case ASCII letter or a
/// non-ASCII byte. Eight bytes at a time: for bytes below 0x80, adding 0x3F sets
/// the high bit from 'A' up and adding 0x25 from past 'Z' up, with no carry out of
/// the byte; a non-ASCII byte has its own high bit set (its carries may spoil the
/// bytes after it, but the word is then read byte by byte anyway).
fn capital_or_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    scan_capitals::<false>(bytes, from)
}

/// The scan of [`capital_or_non_ascii`], and with `HYPHENS` of hyphens too: a
/// byte whose low seven bits are a hyphen's (the non-ASCII 0xAD included) only
/// sends the chunk to the byte scan.
fn scan_capitals<const HYPHENS: bool>(bytes: &[u8], from: usize) -> Option<usize> {
    const LO: u64 = 0x3F3F_3F3F_3F3F_3F3F;
    const HI: u64 = 0x2525_2525_2525_2525;
    const DASHES: u64 = 0x2D2D_2D2D_2D2D_2D2D;
    let may_hold = |x: u64| {
        // Zero seven-bit bytes of `y`: those to which adding 0x7F leaves the top
        // bit clear.
        let hyphen = if HYPHENS {
            let y = (x & LOW7) ^ DASHES;
            !(y.wrapping_add(LOW7)) & TOP
        } else {
            0
        };
        ((x.wrapping_add(LO) & !x.wrapping_add(HI)) | x | hyphen) & TOP
    };
    // The chunk that may hold one is read again byte by byte (its mask may be
    // spoilt by a non-ASCII byte's carries).
    let at = first_chunk(bytes, from, may_hold).map_or_else(|at| at, |(at, _)| at);
    bytes
        .get(at..)?
        .iter()
        .position(|&b| b.is_ascii_uppercase() || (HYPHENS && b == b'-') || b >= 0x80)
        .map(|k| at + k)
}

impl Words<'_> {
    /// The next word that may hold a capital letter: the first word holding an
    /// upper-case ASCII letter or a non-ASCII character, found by a byte scan,
    /// or a word before it (every word [`Words::next`] would give before that one
    /// has no capital). A word is a maximal run of characters that are each
    /// alphanumeric, or a joiner between two alphanumerics: that is local, so the
    /// word around the byte found is found by reading back from it.
    fn next_with_capital(&mut self) -> Option<(usize, usize)> {
        let bytes = self.text.as_bytes();
        let Some(j) = capital_or_non_ascii(bytes, self.pos) else {
            self.pos = bytes.len();
            return None;
        };
        // Back to the start of the word holding `j`, if any (else the word just
        // before it, which has no capital: harmless). Never before `pos`: the last
        // word given ended there, on a character outside any word.
        let mut s = j;
        while s > self.pos {
            // ASCII letters and digits without decoding.
            if bytes
                .get(s - 1)
                .is_some_and(|&b| ASCII_ALNUM[usize::from(b)])
            {
                s -= 1;
                continue;
            }
            let Some(prev) = self.text.get(..s).and_then(|t| t.chars().next_back()) else {
                break;
            };
            let p = s - prev.len_utf8();
            let Some((alnum, joiner, _)) = self.class(p) else {
                break;
            };
            let inner = joiner
                && self.class(s).is_some_and(|c| c.0)
                && self
                    .text
                    .get(..p)
                    .and_then(|t| t.chars().next_back())
                    .is_some_and(|c| self.class(p - c.len_utf8()).is_some_and(|c| c.0));
            if alnum || inner {
                s = p;
            } else {
                break;
            }
        }
        self.pos = s;
        self.next()
    }
}

impl Iterator for Words<'_> {
    type Item = (usize, usize);

    /// A word starts at an alphanumeric character and runs over alphanumerics and
    /// over joiners that stand between two of them. ASCII bytes are classed
    /// without decoding.
    fn next(&mut self) -> Option<(usize, usize)> {
        let bytes = self.text.as_bytes();
        let (start, first_len) = loop {
            let b = *bytes.get(self.pos)?;
            if b < 0x80 {
                if ASCII_ALNUM[usize::from(b)] {
                    break (self.pos, 1);
                }
                self.pos += 1;
                continue;
            }
            let (alnum, _, len) = self.class(self.pos)?;
            if alnum {
                break (self.pos, len);
            }
            self.pos += len;
        };
        let mut i = start + first_len;
        while let Some(&b) = bytes.get(i) {
            if ASCII_ALNUM[usize::from(b)] {
                i += 1;
                continue;
            }
            let step = match b {
                b'-' | b'\'' => 1,
                0x80.. => match self.class(i) {
                    Some((true, _, len)) => {
                        i += len;
                        continue;
                    }
                    Some((false, true, len)) => len,
                    _ => break,
                },
                _ => break,
            };
            // A joiner between two alphanumerics.
            if self.class(i + step).is_some_and(|n| n.0) {
                i += step;
            } else {
                break;
            }
        }
        self.pos = i;
        Some((start, i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_text::fold;

    /// A number in figures with an ordinal ending, one space before a word,
    /// and nothing else, opens a numbered unit's name.
    #[test]
    fn ordinal_before_reads_numbers_with_ordinal_endings() {
        let at = |text: &str| ordinal_before(text, text.rfind(' ').map_or(0, |k| k + 1));
        assert_eq!(at("the 47th Brigade"), Some(4));
        assert_eq!(at("3rd Brigade"), Some(0));
        assert_eq!(at("Ukraine's 22ND Division"), Some(10));
        assert_eq!(at("the 101st Airborne"), Some(4));
        assert_eq!(at("the th Brigade"), None);
        assert_eq!(at("the A47th Brigade"), None);
        assert_eq!(at("the 47 Brigade"), None);
        assert_eq!(at("the 47ths  Brigade"), None);
        assert_eq!(at("of the month Brigade"), None);
    }

    /// The eight-byte count of plain bytes agrees with stepping through the
    /// byte classes as the ASCII run of `normalise_into` does (over printable
    /// bytes: it leaves the others to that run).
    #[test]
    fn plain_prefix_equals_classes() {
        let naive = |q: [u8; 8]| {
            let class = |k: usize| q.get(k).map(|&b| ASCII_CLASS[usize::from(b)]);
            let mut k = 0;
            // Printable text (as the ASCII run copies it), and a space followed
            // by printable text.
            let text = |k: usize| class(k) == Some(COPY) && q.get(k).is_some_and(|&b| b >= b' ');
            while let Some(&b) = q.get(k) {
                if text(k) {
                    k += 1;
                } else if b == b' ' && text(k + 1) {
                    k += 2;
                } else {
                    break;
                }
            }
            k
        };
        let check = |q: [u8; 8]| {
            let (n, lower) = plain_prefix(u64::from_le_bytes(q));
            assert_eq!(n, naive(q), "{q:?}");
            let want: Vec<u8> = q
                .iter()
                .take(n)
                .map(|&b| ASCII_FOLD[usize::from(b)])
                .collect();
            assert_eq!(lower.to_le_bytes().get(..n), Some(&want[..]), "{q:?}");
        };
        let alphabet = [
            b'a', b'Z', b' ', b'-', b'`', b'\t', b'\r', 0x0b, 0x08, 0x0e, 0x7f, 0x80, 0xc3, b'0',
            b'@', b'[',
        ];
        // Every byte value at every place among text and spaces, and every pair
        // of the alphabet at every place.
        for base in [*b"abcdefgh", *b"a b c d ", *b" x yz w ", *b"ab  cd e"] {
            for v in 0..=255u8 {
                for k in 0..8 {
                    let mut q = base;
                    if let Some(x) = q.get_mut(k) {
                        *x = v;
                    }
                    check(q);
                }
            }
            for &a in &alphabet {
                for &b in &alphabet {
                    for k in 0..7 {
                        let mut q = base;
                        if let Some(x) = q.get_mut(k) {
                            *x = a;
                        }
                        if let Some(x) = q.get_mut(k + 1) {
                            *x = b;
                        }
                        check(q);
                    }
                }
            }
        }
    }

    /// The eight-byte scan for a non-word byte finds what a byte-by-byte scan
    /// finds, for every byte value at every offset of a chunk and in the tail.
    #[test]
    fn next_non_word_equals_bytewise() {
        let naive = |b: &[u8], from: usize| {
            b.get(from..)
                .and_then(|r| r.iter().position(|&c| !is_word_byte(c)))
                .map(|k| from + k)
        };
        for v in 0..=255u8 {
            for len in 1..20 {
                for pos in 0..len {
                    let mut b = vec![b'a'; len];
                    if let Some(x) = b.get_mut(pos) {
                        *x = v;
                    }
                    for from in 0..=len + 1 {
                        assert_eq!(
                            next_non_word(&b, from),
                            naive(&b, from),
                            "{v} {len} {pos} {from}"
                        );
                    }
                }
            }
        }
        let mixed = "Az09 z-é,x\tÿ0[`{@/:".repeat(3);
        for from in 0..mixed.len() {
            assert_eq!(
                next_non_word(mixed.as_bytes(), from),
                naive(mixed.as_bytes(), from)
            );
        }
    }

    #[test]
    fn normalise_maps_back() {
        let t = "Islamic  State-Khorasan";
        let n = normalise(t);
        assert_eq!(n.text, "islamic state khorasan");
        assert_eq!(n.orig_span(8, 13), Span::new(9, 14));
        assert_eq!(n.orig_span(7, 8), Span::new(7, 9));
        assert!(n.hyphen_at(13) && !n.hyphen_at(7));
    }

    /// The one-pass `normalise` gives what folding the whole text with
    /// `sitrep_text::fold`, then normalising the folded text one character at a
    /// time, gives: the same text, the same original range for every byte, the same
    /// hyphen-led spaces.
    #[test]
    fn normalise_equals_fold_then_char_by_char() {
        for t in [
            "",
            "  -lead and trail- ",
            "al-Shabaab \t\n fighters\u{2003}near\u{0085}Kismayo\u{00A0}x",
            "dehdadi \u{2014} ÉTAT  islamique-",
            "Æthelred\u{2010} straße\u{00A0}-\u{2011}x `quote` caf\u{0065}\u{0301} \u{0301}y",
            "\u{0301}start -\u{2013}- Ölçek  ıi ŁÓDŹ\n\n\nend\u{2019}s",
        ] {
            let folded = fold(t);
            let (mut text, mut start, mut end) = (String::new(), Vec::new(), Vec::new());
            let mut hyphen = Vec::new();
            let mut pending: Option<(usize, usize)> = None;
            for (i, c) in folded.text.char_indices() {
                let e = i + c.len_utf8();
                if c == '-' || c.is_whitespace() {
                    pending = Some(pending.map_or((i, e), |(s, _)| (s, e)));
                    continue;
                }
                if let Some((s, pe)) = pending.take() {
                    if !text.is_empty() {
                        hyphen.push(folded.text.as_bytes()[s] == b'-');
                        text.push(' ');
                        start.push(s);
                        end.push(pe);
                    }
                }
                for _ in 0..c.len_utf8() {
                    start.push(i);
                    end.push(e);
                    hyphen.push(false);
                }
                text.push(c);
            }
            let n = normalise(t);
            assert_eq!(n.text, text, "{t:?}");
            for x in 0..text.len() {
                let want = folded.orig_span(start[x], end[x]);
                let got = n.orig(x).map(|(a, b)| Span::new(a, b));
                assert_eq!(got, Some(want), "{t:?} at {x}");
                assert_eq!(n.hyphen_at(x), hyphen[x], "{t:?} at {x}");
            }
            assert_eq!(n.orig(text.len()), None);
        }
    }

    #[test]
    fn capitals_found_by_words_of_eight() {
        let t = "abcdefghijklmnopqrstuvwxyz0123456789 -'@[`{~\x7f";
        assert_eq!(capital_or_non_ascii(t.as_bytes(), 0), None);
        for i in 0..=t.len() {
            for c in ["A", "Z", "M", "é", "\u{2019}"] {
                let u = format!("{}{c}{}", &t[..i], &t[i..]);
                for from in 0..=u.len() {
                    let want = u
                        .bytes()
                        .enumerate()
                        .skip(from)
                        .find(|&(_, b)| b.is_ascii_uppercase() || b >= 0x80)
                        .map(|(k, _)| k);
                    assert_eq!(
                        capital_or_non_ascii(u.as_bytes(), from),
                        want,
                        "{u:?} {from}"
                    );
                }
            }
        }
    }

    /// `next_with_capital` gives every word with a capital that `next` gives.
    #[test]
    fn words_with_capital() {
        for t in [
            "",
            "no capitals here",
            "the Kuki Freedom Army's men",
            "al-Fursan and ul-Ahrar, x-Ray a-'B q\u{2019}Z é École",
            "“Quoted” — Name’s d\u{2010}E \u{2011}F ab9C",
            "one-two-Three 'Four' -Five- six7Seven",
        ] {
            let all: Vec<(usize, usize)> = Words::new(t)
                .filter(|&(a, b)| t[a..b].bytes().any(|c| c.is_ascii_uppercase() || c >= 0x80))
                .collect();
            let mut w = Words::new(t);
            let mut got = Vec::new();
            while let Some(x) = w.next_with_capital() {
                if t[x.0..x.1]
                    .bytes()
                    .any(|c| c.is_ascii_uppercase() || c >= 0x80)
                {
                    got.push(x);
                }
            }
            assert_eq!(got, all, "{t:?}");
            // Interleaved with `next`, as the linker uses them.
            let mut w = Words::new(t);
            let mut seq = Vec::new();
            let mut cur = w.next_with_capital();
            while let Some(x) = cur {
                seq.push(x);
                cur = if seq.len() % 2 == 0 {
                    w.next()
                } else {
                    w.next_with_capital()
                };
            }
            let every: Vec<(usize, usize)> = Words::new(t).collect();
            assert!(seq.iter().all(|x| every.contains(x)), "{t:?}");
            assert!(seq.windows(2).all(|p| p[0].1 <= p[1].0), "{t:?}");
        }
    }

    #[test]
    fn words_keep_inner_hyphens() {
        let t = "Jaish al-Fursan's men - and (NRF)";
        let w: Vec<&str> = Words::new(t).map(|(a, b)| &t[a..b]).collect();
        assert_eq!(w, vec!["Jaish", "al-Fursan's", "men", "and", "NRF"]);
    }

    /// `Words` gives what the character-by-character tokenizer it replaced gave.
    #[test]
    fn words_equal_char_by_char_tokenizer() {
        /// Words of the original text: alphanumeric runs, with inner hyphens and
        /// apostrophes ("al-Fursan", "People's").
        fn tokenize(text: &str) -> Vec<(usize, usize)> {
            // Per character: (alphanumeric, may join a word, byte length); ASCII without decoding.
            let class = |i: usize| -> Option<(bool, bool, usize)> {
                let b = *text.as_bytes().get(i)?;
                if b < 0x80 {
                    return Some((b.is_ascii_alphanumeric(), b == b'-' || b == b'\'', 1));
                }
                let c = text.get(i..)?.chars().next()?;
                Some((
                    c.is_alphanumeric(),
                    matches!(c, '\u{2019}' | '\u{2010}' | '\u{2011}'),
                    c.len_utf8(),
                ))
            };
            let mut out = Vec::new();
            let mut start: Option<usize> = None;
            let mut prev_alnum = false;
            let mut i = 0usize;
            let mut cur = class(0);
            while let Some((alnum, joiner, len)) = cur {
                let next = class(i + len);
                let inner = joiner && prev_alnum && next.is_some_and(|n| n.0);
                if alnum || inner {
                    if start.is_none() {
                        start = Some(i);
                    }
                    prev_alnum = alnum;
                } else {
                    if let Some(s) = start.take() {
                        out.push((s, i));
                    }
                    prev_alnum = false;
                }
                i += len;
                cur = next;
            }
            if let Some(s) = start {
                out.push((s, text.len()));
            }
            out
        }

        for t in [
            "",
            "a",
            "-a- 'b' a--b a-'b c\u{2019}s d\u{2010}e\u{2011} É-Ö x\u{2019}\u{2019}y ",
            "Jaish al-Fursan's men - and (NRF)\n\u{0661}\u{0662} z-",
            "''''-- a'-b 9-",
        ] {
            assert_eq!(Words::new(t).collect::<Vec<_>>(), tokenize(t), "{t:?}");
        }
    }

    /// The pre-test of the provisional pass never turns away a document in
    /// which the pass finds a name (capitalised nouns, nouns after a hyphen or a
    /// connector prefix, diacritics, all capitals, combining marks, curly
    /// apostrophes), and turns away documents that name no group with a capital.
    #[test]
    fn group_pretest_keeps_every_provisional_name() {
        let base = ActorBase::embedded().unwrap_or_else(|e| panic!("{e}"));
        let lex = sitrep_text::Lexicons::embedded().unwrap_or_else(|e| panic!("{e}"));
        // Both pre-tests: on the text, and on its Doc's words.
        let may = |text: &str| {
            may_name_group(&base.settings, text)
                && may_name_group_doc(&base.settings, &lex.doc_of_text(text))
        };
        let found = |text: &str| {
            let mut pres = Vec::new();
            base.add_provisional(text, &mut pres, &mut ProvScratch::default());
            !pres.is_empty()
        };
        let named = [
            "Fighters of the Qaraq Valley Liberation Front attacked a post.",
            "The Zentar Hills Brigade said it had withdrawn.",
            "A raid by the Velmora People's Army left two dead.",
            "THE ORVAN DELTA MILITIA SAID NOTHING, but the Orvan Delta Militia did.",
            "Members of Jaish-al-Merkon Katiba were seen near the road.",
            "The al-Fursan Brigade of Tekla Kuri claimed the attack.",
            "Clashes involved the Nordhavn Démocratic Légion overnight.",
            "Attacks by the Kerru Tigers were reported; the Kerru Tigers denied it.",
            "the Bandar Sarhadi Corps-Guards opened fire",
            "Sources named the Ansar\u{2019}Sudri Group as responsible.",
            "The Tabri Volunteers Ba\u{301}talion shelled the town.",
            "Ézhar Ridge Forces moved in; Ŀarsi Coast Guard withdrew.",
            "Gunmen of the Tarsen Al-\u{1e25}izb Front fled.",
            "Gunmen of Qorat Al-\u{1e25}izb and others fled.",
            "Raids by Dunmar Ja\u{2019}aysh Legion were reported.",
            "Raids by Dunmar Jama\u{2019}at were reported with Velo Jama'at.",
            "It named the Garsi Mountain Légion.",
            "It named the Garsi Mountain L\u{e9}gion-Forces.",
            "Witnesses saw Sarko\u{2011}Army Rangers and Tulen Ko\u{2010}brigade.",
            "Both the Kelmar Fighters' Council and MERU FORCES attacked.",
        ];
        let mut some = 0;
        for text in named {
            if found(text) {
                some += 1;
                assert!(may(text), "{text}");
            }
        }
        assert!(some >= 8, "only {some} texts hold a provisional name");
        // Generated texts: words and separators drawn from pools of tricky
        // forms (a fixed pseudo-random sequence).
        let words = [
            "Tarsen",
            "Army",
            "army",
            "ARMY",
            "al",
            "Al-Front",
            "al-Front",
            "x-front",
            "Légion",
            "Jama'at",
            "Jama\u{2019}at",
            "of",
            "the",
            "The",
            "Brigade",
            "\u{1e24}izb",
            "Ko\u{2010}brigade",
            "McArmy",
            "Forces",
            "Front-",
            "-Front",
            "Guard's",
            "\u{c4}",
            "9th",
            "e\u{301}Army",
            "Kuri",
            "Al",
            "Ansar",
            "Ulm",
            "forces",
            "Liberation",
            "Group",
            "DE",
            "Kata'ib",
            "ul-Mujahidin",
            "People's",
            "\u{cd}slam",
            "Zeta",
            "Arm\u{93e}y",
            "Army\u{93e}",
            "Ba\u{301}talion",
            "Front`s",
            "\u{2022}Army",
            "\u{c6}rmy",
        ];
        let seps = [
            " ", " ", " ", "  ", "-", ", ", "\u{a0}", "\n", "'", "\u{2019}", "(", "\u{2010}",
            "\u{2011}", "\u{2013}", "\u{2014}", "\u{2022}", "\u{2026}", "\u{2500}", "`", "\u{301}",
            "\u{ad}", "\u{201c}", " -",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut named_some = 0;
        for _ in 0..20_000 {
            let mut text = String::new();
            for k in 0..2 + next(4) {
                if k > 0 {
                    text.push_str(seps.get(next(seps.len())).copied().unwrap_or(" "));
                }
                text.push_str(words.get(next(words.len())).copied().unwrap_or(""));
            }
            if found(&text) {
                named_some += 1;
                assert!(may(&text), "{text:?}");
            }
        }
        assert!(named_some > 1000, "only {named_some} generated names");
        let plain = [
            "Security forces said an armed group attacked the army post in Garo.",
            "Police and militia fighters clashed near the front line on Monday.",
            "",
        ];
        for text in plain {
            assert!(!found(text), "{text}");
            assert!(!may_name_group(&base.settings, text), "{text}");
            assert!(
                !may_name_group_doc(&base.settings, &lex.doc_of_text(text)),
                "{text}"
            );
        }
    }

    /// The mentions linked from a report's Doc are those linked from its text.
    #[test]
    fn link_doc_equals_link() {
        let base = ActorBase::embedded().unwrap_or_else(|e| panic!("{e}"));
        let lex = sitrep_text::Lexicons::embedded().unwrap_or_else(|e| panic!("{e}"));
        const PIECES: [&str; 40] = [
            "Taliban",
            "the Taliban",
            "security forces",
            "the group",
            "Liberation",
            "Front",
            "Army",
            "army",
            "Brigade",
            "Tarsen",
            "Kuri",
            "al-Fursan",
            "Al-Shabaab",
            "ISKP",
            "IS",
            "is",
            "police",
            "Police",
            "M23",
            "rebels",
            " ",
            " ",
            " ",
            "  ",
            "-",
            ", ",
            ". ",
            "\n\n",
            "'s",
            "\u{2019}s",
            "\u{2010}",
            "\u{2014}",
            "\u{2022}",
            "\u{301}",
            "L\u{e9}gion",
            "\u{201c}",
            "(NRF)",
            "National Resistance Front",
            "People's",
            "Defense Forces",
        ];
        let ctxs = [
            LinkContext::default(),
            LinkContext::new(None, Some("AF")),
            LinkContext::new(None, Some("SO")),
        ];
        let mut named = 0;
        for (n, text) in sitrep_text::testgen::glue(5, 6_000, &PIECES, 24)
            .iter()
            .enumerate()
        {
            let ctx = ctxs.get(n % ctxs.len()).cloned().unwrap_or_default();
            let want = base.link(text, &ctx);
            named += usize::from(want.iter().any(|m| m.link == LinkKind::Provisional));
            assert_eq!(
                base.link_doc(&lex.doc_of_text(text), &ctx),
                want,
                "{text:?}"
            );
        }
        assert!(named > 100, "only {named} texts with a provisional name");
    }

    #[test]
    fn leftmost_longest_agrees_with_an_automaton() {
        use aho_corasick::{AhoCorasick, MatchKind};
        let cases: [(&str, &[&str]); 4] = [
            ("AAA AB ABC BCD (ABC) x-ABCD", &["AB", "ABC", "BC", "CD"]),
            ("NRF NRFX XNRF NRF-A NRF", &["NRF", "RF", "NRFX"]),
            ("ÉTAT UPDF ÜPDF UPDF.", &["UPDF", "PD", "DF"]),
            ("", &["AB"]),
        ];
        for (text, pats) in cases {
            let ac = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(pats)
                .unwrap_or_else(|e| panic!("{e}"));
            let want: Vec<(usize, usize, usize)> = ac
                .find_iter(text)
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                .collect();
            assert_eq!(leftmost_longest(text, pats.iter().copied()), want, "{text}");
        }
    }

    /// `Paragraphs` counts what the vector of paragraph starts it replaced did.
    #[test]
    fn paragraphs_equal_starts() {
        fn paragraph_starts(text: &str) -> Vec<usize> {
            let mut v = Vec::new();
            let mut line_start = 0usize;
            for line in text.split('\n') {
                if !line.trim().is_empty() {
                    v.push(line_start);
                }
                line_start += line.len() + 1;
            }
            v
        }
        for t in [
            "",
            "a",
            "\n",
            "a\n\n  \nb\n",
            "\n\nx y\n \u{2003}\nz",
            "ab\ncd\n",
        ] {
            let starts = paragraph_starts(t);
            let mut p = Paragraphs::new(t);
            for pos in 0..=t.len() + 1 {
                assert_eq!(
                    p.index_of(pos),
                    starts.partition_point(|&s| s <= pos),
                    "{t:?} {pos}"
                );
            }
        }
    }

    #[test]
    fn words_around() {
        assert_eq!(word_before("THE IS ", 4), "THE");
        assert_eq!(word_after("IS CLAIMS it", 2), "CLAIMS");
        assert_eq!(word_before("", 0), "");
        assert_eq!(word_after("x", 5), "");
    }
}
