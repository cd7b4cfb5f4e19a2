/*!
Toponym recognition and resolution: text → [`PlaceMention`]s.

1. **Recognise.** The text is folded and cut into word tokens. At every
   capitalised token the longest run of tokens (joined only by spaces or
   hyphens) whose key is in the name index is taken (leftmost-longest). A
   demonym ("Afghan", "South Sudanese") is taken when no longer name matches.
   A capitalised name that is not in the gazetteer but carries a settlement cue
   ("Foo village", "the village of Foo") is kept as *unresolved*.
2. **Cues.** Words next to a name (`data/lexicons/place-cues.tsv`) set the kind
   wanted ("province" → admin1, "district" → admin2, "village" → populated),
   the precision ("near", "north of" → near point) or cancel the match
   ("Paris Olympics"). Single words around a name that decide how it is read
   (articles that open a name, "in"/"of" before a container, prepositions of
   place) are in `data/lexicons/place-words.tsv`.
3. **Resolve.** Each candidate is scored: a prior by kind, feature code and
   population; agreement with the cue; containment in the next name of an
   "X, Y" / "X in Y" phrase; the document's country focus (countries of the
   confident mentions and demonyms, found in a first pass); the caller's
   country hint. Weak and stop-listed names and small places outside the focus
   countries are dropped unless a cue or an admin context supports them.
4. **Unresolved names** fall back to the nearest resolved name of the same
   sentence ("Foo village near Bar" → Bar, precision near point, keeping "Foo").

## Working structures of one call

* `Doc`: the text, its fold and the tokens, read in place. Called on a
  report's [`sitrep_text::Doc`] ([`Gazetteer::find_places_doc`]), the fold
  is the report's, borrowed, and the tokens are its words, borrowed too: a
  word with a possessive "'s" is cut short on reading ("Kabul's" is
  "kabul", from a short list of such words), and a token's sentence is
  found in the sentence spans when asked for (rarely: per name, not per
  token). On a bare text, the thread's own [`sitrep_text::Sparse`] fold (a
  sparse map back to the original, one entry per non-ASCII character) and
  its words cut by a scan into the same form. A token's original span is
  its word's.
* `Raw`: a recognised name. Its candidates and its key are not a vector and a
  string of its own but ranges of the call's `Pool` (one candidate list, one
  key text).
* `Reading`: each candidate looked up once, after recognition: the parsed
  record (place, prior, rows of its country and admin1 unit), and its country
  and admin1 codes as small call-local ids from `Codes` (a code with a
  gazetteer row is known by the row, so no string is hashed). Each raw's range
  then indexes the readings, so scoring, containment ("X, Y") and the
  document tallies compare integers.
* Tallies by code id (country focus, admin1 focus, soft focus, region votes)
  are slices of one zeroed buffer; `RegionVotes` keeps each voting name's own
  votes as a range of one entry list. Names are told apart for voting by the
  first raw of the same key (`same_key_groups`), not by a map keyed by string.
* `Scratch`: all of the above buffers, kept per thread between calls and
  cleared before use, so that a call on a short report allocates hardly more
  than its output (a fresh set would be a dozen allocations, a sizeable share
  of the work on a report of a few hundred bytes).
*/

use crate::gazetteer::{curated_town, Gazetteer, Record, NO_ROW};
use crate::key::push_token;
use crate::lexicon::{Cue, CueEffect, ShortWords};
use rustc_hash::{FxBuildHasher, FxHashMap};
use sitrep_core::haversine_km;
use sitrep_core::{GeoPrecision, Place, PlaceKind, PlaceMention, Span};
use sitrep_text::doc::{Word, APOSTROPHE, CAP, HYPHEN, JOINED};
use sitrep_text::Sparse;
use std::cell::RefCell;
use std::collections::hash_map::Entry;
use std::hash::BuildHasher;
use std::ops::Range;
use std::sync::Arc;

/// Longest name, in tokens, that the matcher tries.
const MAX_TOKENS: usize = 8;

/// What the caller knows about the document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GeoContext {
    /// Spans never to read places from (e.g. the dateline: it says where the
    /// report was filed, not where things happened).
    pub exclude: Vec<Span>,
    /// ISO2 country the document is known to be about, when known.
    pub country_hint: Option<String>,
    /// ISO2 country of the place the report was filed from (its dateline,
    /// "BAMAKO, May 14 (Reuters) -"): it counts as one confident name of
    /// that country in the document's focus ("near Nara" is the Malian
    /// town), never as a mention.
    pub filed_in: Option<String>,
}

/// A recognised name before resolution.
#[derive(Debug, Clone)]
struct Raw<'g> {
    t0: usize,
    t1: usize,
    /// Candidates: a range of the call's candidate list (record index, and
    /// whether only an alternate name matched), then of its [`Reading`]s.
    cands: Range<usize>,
    /// ISO2 country of a demonym.
    demonym: Option<&'g str>,
    unresolved: bool,
    /// The name key: a range of the call's key text ([`Pool`]).
    key: Range<usize>,
    after: Option<CueHit>,
    /// The cue after is the end of a longer known name split off it
    /// ("Mexico City": "Mexico" + "City"), part of the name, not of the text.
    tail: bool,
    before: Option<CueHit>,
    /// Index of the raw that contains this one ("X, Y": Y), if any.
    container: Option<usize>,
    /// The key is a weak name, a stop name, a name of places only in focus
    /// (set with the readings).
    weak: bool,
    stop: bool,
    focus_only: bool,
}

/// The flat lists of one call that raws index into: candidates (record index,
/// and whether only an alternate name matched) and name keys (one text).
#[derive(Debug, Default)]
struct Pool {
    cands: Vec<(u32, bool)>,
    keys: String,
}

impl Pool {
    /// The key of a raw.
    fn key(&self, r: &Raw) -> &str {
        self.keys.get(r.key.clone()).unwrap_or("")
    }
    /// Append a key, returning its range.
    fn push_key(&mut self, key: &str) -> Range<usize> {
        let start = self.keys.len();
        self.keys.push_str(key);
        start..self.keys.len()
    }
}

/// The buffers `recognise` borrows from [`Scratch`], and what
/// [`Gazetteer::longest_name`] leaves of the run of tokens it tried last, for
/// the steps after it to read rather than build again.
struct Run<'s> {
    /// The key of the longest run tried (then of the name taken).
    key: &'s mut String,
    /// A second key (demonyms, unknown names).
    other: &'s mut String,
    /// The ids of an index line.
    ids: &'s mut Vec<(u32, bool)>,
    /// The run ends that hit an index line, as (end token, line).
    hits: &'s mut Vec<(usize, usize)>,
    /// The key's length after each token pushed (`lens[k]`: the run's first
    /// k + 1 tokens), `pushed` of them: the key of a shorter run is a prefix
    /// of `key`, not built again.
    lens: [usize; MAX_TOKENS],
    pushed: usize,
    /// The length of the key of the run's first token alone.
    first_len: usize,
}

impl Run<'_> {
    /// The length of the key of the run's first `count` tokens, when they
    /// were pushed (see [`prefix_len`]).
    fn prefix(&self, count: usize) -> Option<usize> {
        prefix_len(&self.lens, self.pushed, count)
    }
}

/// What resolution compares about one candidate reading of a name, looked up
/// once per call: the place, and its country and admin1 codes as call-local
/// ids ([`Codes`]), so that scoring compares and tallies small integers, not
/// strings. (The admin2 code, compared only in rarer cases, is read from the
/// record when needed.)
#[derive(Debug, Clone, Copy)]
struct Reading<'g> {
    /// Record index.
    idx: u32,
    /// Only an alternate name matched.
    alt: bool,
    /// `None` for a record index the gazetteer does not have.
    rec: Option<&'g Record>,
    place: Option<&'g Arc<Place>>,
    /// Id of the country code ([`NO_CODE`] without a place).
    cc: u32,
    /// Id of the admin1 code, [`NO_CODE`] when there is none.
    a1: u32,
    /// A populated place big or central enough that an admin unit of the
    /// same name around it is the lesser reading of a bare name.
    town: bool,
}

impl Reading<'_> {
    /// Matched by its own name, or by an alternate name that spells the same
    /// word ("Daraa" for "Dar‘ā", see [`crate::key::same_word`]); false for an alternate
    /// that is another name ("Antioquia" for "Santa Fe de Antioquia"). `key`
    /// is the name's key. (Asked only in rare cases: computed on demand, as
    /// it folds the place's name.)
    fn spelled(&self, key: &str) -> bool {
        !self.alt
            || self.place.is_some_and(|q| {
                q.kind == PlaceKind::Populated
                    && crate::key::same_word(&crate::key::name_key(&q.name), key)
            })
    }
}

/// The id of an absent code.
const NO_CODE: u32 = u32::MAX;

/// Call-local ids of country and admin1 codes: equal ids are equal codes, so
/// tallies by country or admin1 unit are vectors indexed by id. A code with a
/// row in the gazetteer is known by that row's record index (found when the
/// record was parsed: no string is hashed here); a code without one (lenient
/// data) by its string. One table serves both kinds; a string used as both
/// gets one id, which is harmless since ids are only compared and tallied
/// within a kind.
#[derive(Debug, Default)]
struct Codes<'g> {
    rows: FxHashMap<u32, u32>,
    strs: FxHashMap<&'g str, u32>,
}

impl<'g> Codes<'g> {
    fn next(&self) -> u32 {
        (self.rows.len() + self.strs.len()) as u32
    }
    /// The id of a code, by its row when it has one ([`NO_ROW`] otherwise).
    fn id(&mut self, row: u32, code: &'g str) -> u32 {
        let next = self.next();
        if row == NO_ROW {
            *self.strs.entry(code).or_insert(next)
        } else {
            *self.rows.entry(row).or_insert(next)
        }
    }
    /// The id of a code already seen, by its row or its string.
    fn get(&self, row: Option<u32>, code: &str) -> Option<u32> {
        match row {
            Some(r) => self.rows.get(&r).copied(),
            None => self.strs.get(code).copied(),
        }
    }
    fn len(&self) -> usize {
        self.rows.len() + self.strs.len()
    }
}

/// A tally indexed by code id; absent ids (and [`NO_CODE`]) count 0.
fn tally(v: &[f64], id: u32) -> f64 {
    v.get(id as usize).copied().unwrap_or(0.0)
}

/// The working buffers of a call (tokens, candidate and key pools, raws,
/// readings, code ids, tallies, scores, votes), kept between the calls of a
/// thread so that a call on a short report allocates little more than its
/// output. Each call takes them out of the thread's slot, clears each before
/// use, and puts them back at the end; a call made while they are out (none
/// is, today) simply starts with empty ones. The vectors of borrowed types
/// (`Raw`, `Reading`) are kept as `'static` vectors, always empty, and
/// re-typed with [`recycle`]. A set grown past [`KEEP_LEN`] items by a very
/// long text is dropped rather than kept.
#[derive(Debug, Default)]
struct Scratch {
    /// The folded text ([`Doc::f`]).
    fold: Sparse,
    /// The tokens of a bare text ([`tokenize`]).
    toks: Vec<Word>,
    /// The words of a report cut short ([`Doc::cuts`]).
    cuts: Vec<(u32, u32)>,
    cands: Vec<(u32, bool)>,
    keys: String,
    /// Key under construction, a second key (demonyms, unknown names), ids
    /// of an index line, name ends that hit (see `recognise`).
    key: String,
    key2: String,
    ids: Vec<(u32, bool)>,
    hits: Vec<(usize, usize)>,
    raws: Vec<Raw<'static>>,
    readings: Vec<Reading<'static>>,
    /// Code ids by gazetteer row ([`Codes::rows`]).
    rows: FxHashMap<u32, u32>,
    tallies: Vec<f64>,
    scored: Vec<(u32, usize, f64)>,
    /// The country each raw gave a confident vote for ([`NO_CODE`] if none).
    voted_for: Vec<u32>,
    kept: Vec<Option<u32>>,
    /// Region votes (see `Gazetteer::region_votes`).
    entries: Vec<(u32, f64)>,
    own: Vec<Range<usize>>,
    first: Vec<u32>,
    by_hash: FxHashMap<u64, u32>,
    voted: Vec<Option<Range<usize>>>,
}

/// Largest number of tokens, candidates or readings whose buffers a thread
/// keeps for the next call.
const KEEP_LEN: usize = 1 << 16;

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Scratch {
    /// The thread's buffers (empty ones when they are out or gone).
    fn take() -> Scratch {
        SCRATCH
            .try_with(|s| {
                s.try_borrow_mut()
                    .map(|mut b| std::mem::take(&mut *b))
                    .unwrap_or_default()
            })
            .unwrap_or_default()
    }

    /// Give the buffers back to the thread for its next call.
    fn put_back(self) {
        let big = self.toks.capacity() > KEEP_LEN
            || self.fold.capacity() > 16 * KEEP_LEN
            || self.cands.capacity() > KEEP_LEN
            || self.readings.capacity() > KEEP_LEN
            || self.scored.capacity() > KEEP_LEN;
        if big {
            return;
        }
        let _ = SCRATCH.try_with(move |s| {
            if let Ok(mut b) = s.try_borrow_mut() {
                *b = self;
            }
        });
    }
}

/// An empty vector of element type `U` over `v`'s allocation: the standard
/// library collects a `filter_map` over `into_iter` in place when the two
/// element types have the same size and alignment (the same type under
/// different lifetimes, here); otherwise it is a new empty vector.
fn recycle<T, U>(mut v: Vec<T>) -> Vec<U> {
    v.clear();
    v.into_iter().filter_map(|_| None).collect()
}

/// The fold of a call's text: the thread's own ([`Sparse`], for a bare
/// text) or the report's [`sitrep_text::Doc`] fold, borrowed.
#[derive(Clone, Copy)]
enum Fold<'a> {
    Sparse(&'a Sparse),
    Dense(&'a sitrep_text::Folded),
}

impl<'a> Fold<'a> {
    /// The folded text.
    fn text(&self) -> &'a str {
        match *self {
            Fold::Sparse(f) => &f.text,
            Fold::Dense(f) => &f.text,
        }
    }
    /// The original span of folded bytes `[start, end)`.
    fn orig_span(&self, start: usize, end: usize) -> Span {
        match self {
            Fold::Sparse(f) => f.orig_span(start, end),
            Fold::Dense(f) => f.orig_span(start, end),
        }
    }
}

/// Scratch state of one call: the text, its fold and the name tokens, read
/// in place (see [`Doc::words`]).
struct Doc<'a> {
    text: &'a str,
    /// The folded text and its map back to `text`.
    f: Fold<'a>,
    /// The tokens as words ([`Word`]): a report [`sitrep_text::Doc`]'s own
    /// words, borrowed, or those [`tokenize`] cut from a bare text. A token's
    /// folded range and span are its word's, but for a word cut short
    /// ([`Doc::cuts`]); its first letter is upper case when [`CAP`] is set; it
    /// is joined to the token before when [`JOINED`] is set (only spaces or
    /// hyphens between, no dash set off by spaces) or a one-byte token and a
    /// "." or ". " stand before it ("U.S."), unless the token before was cut.
    words: &'a [Word],
    /// The words cut short, as (word, folded end), by word: a word holding a
    /// possessive "'s" ends before it ("Kabul's" is the token "kabul"). Only a
    /// word with [`APOSTROPHE`] set may be cut.
    cuts: &'a [(u32, u32)],
    /// Spans no name is read from: a token overlapping one is excluded.
    exclude: &'a [Span],
}

impl Doc<'_> {
    /// The number of tokens.
    #[inline]
    fn len(&self) -> usize {
        self.words.len()
    }
    /// The folded end of word `i` cut short, if it is.
    #[inline]
    fn cut(&self, i: usize) -> Option<usize> {
        let i = u32::try_from(i).ok()?;
        self.cuts
            .binary_search_by_key(&i, |c| c.0)
            .ok()
            .and_then(|k| self.cuts.get(k))
            .map(|c| c.1 as usize)
    }
    /// The folded range of token `i`.
    #[inline]
    fn range(&self, i: usize) -> Option<(usize, usize)> {
        let w = self.words.get(i)?;
        let fe = if w.flags & APOSTROPHE != 0 {
            self.cut(i).unwrap_or(w.fe as usize)
        } else {
            w.fe as usize
        };
        Some((w.fs as usize, fe))
    }
    #[inline]
    fn tok_str(&self, i: usize) -> &str {
        self.range(i)
            .and_then(|(s, e)| self.f.text().get(s..e))
            .unwrap_or("")
    }
    #[inline]
    fn joined(&self, i: usize) -> bool {
        let (Some(p), Some(w)) = (
            i.checked_sub(1).and_then(|p| self.words.get(p)),
            self.words.get(i),
        ) else {
            return false;
        };
        if p.flags & APOSTROPHE != 0 && self.cut(i - 1).is_some() {
            return false;
        }
        w.flags & JOINED != 0
            || (p.fe - p.fs == 1
                && matches!(
                    self.f.text().as_bytes().get(p.fe as usize..w.fs as usize),
                    Some(b"." | b". ")
                ))
    }
    /// The sentence of token `i`: its word's ([`Word::sent`]), 0 for the
    /// first token.
    #[inline]
    fn sent(&self, i: usize) -> Option<usize> {
        let w = self.words.get(i)?;
        Some(if i == 0 { 0 } else { w.sent as usize })
    }
    #[inline]
    fn same_sentence(&self, a: usize, b: usize) -> bool {
        match (self.sent(a), self.sent(b)) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        }
    }
    /// Token `i` continues the previous one through a hyphen: joined to it,
    /// a hyphen in the gap ([`HYPHEN`]; a gap that joins by the "U.S." rule
    /// holds none).
    #[inline]
    fn hyphen_joined(&self, i: usize) -> bool {
        self.words
            .get(i)
            .is_some_and(|w| w.flags & (HYPHEN | JOINED) == HYPHEN | JOINED)
            && self.joined(i)
    }
    #[inline]
    fn cap(&self, i: usize) -> bool {
        self.words.get(i).is_some_and(|w| w.flags & CAP != 0)
    }
    /// Token `i` lies in an excluded span.
    #[inline]
    fn excluded(&self, i: usize) -> bool {
        !self.exclude.is_empty()
            && self
                .span(i)
                .is_some_and(|sp| self.exclude.iter().any(|x| x.overlaps(sp)))
    }
    #[inline]
    fn sentence_start(&self, i: usize) -> bool {
        i == 0 || !self.same_sentence(i - 1, i)
    }
    /// The original span of token i.
    #[inline]
    fn span(&self, i: usize) -> Option<Span> {
        let w = self.words.get(i)?;
        if w.flags & APOSTROPHE != 0 {
            if let Some(fe) = self.cut(i) {
                return Some(self.f.orig_span(w.fs as usize, fe));
            }
        }
        Some(w.span)
    }
    /// The name of a raw as written (its original text).
    fn written(&self, r: &Raw) -> Option<String> {
        self.span(r.t0)
            .zip(self.span(r.t1.saturating_sub(1)))
            .map(|(a, b)| a.cover(b).text(self.text).to_string())
    }
    /// The folded text between tokens a and b (a < b).
    #[inline]
    fn gap(&self, a: usize, b: usize) -> &str {
        match (self.range(a), self.range(b)) {
            (Some((_, xe)), Some((ys, _))) if xe <= ys => self.f.text().get(xe..ys).unwrap_or(""),
            _ => "",
        }
    }
}

/// Bytes between two tokens that part them as names: anything but a space
/// or a hyphen (which keep two tokens in one name). Read by [`gap_class`].
const GAP_UNJOINED: u8 = 8;
const GAP: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = match i as u8 {
            b' ' | b'-' => 0,
            _ => GAP_UNJOINED,
        };
        i += 1;
    }
    t
};

/// The classes ([`GAP`]) of the bytes of a gap, OR-ed.
fn gap_class(gap: &[u8]) -> u8 {
    gap.iter().fold(0, |acc, &b| acc | GAP[b as usize])
}

/// Whether the gap before a token joins it to the one before as a name: at
/// most three bytes, only spaces or hyphens, no dash set off by spaces (a
/// report Doc's [`JOINED`]).
fn spaced(gap: &[u8]) -> bool {
    gap.len() <= 3 && gap_class(gap) & GAP_UNJOINED == 0 && !sitrep_text::doc::spaced_dash(gap)
}

/// Whether the character of `text` at byte `at` is upper case (an ASCII
/// letter is read as a byte).
fn cap_at(text: &str, at: usize) -> bool {
    match text.as_bytes().get(at) {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => text
            .get(at..)
            .and_then(|s| s.chars().next())
            .is_some_and(char::is_uppercase),
    }
}

/// Tokenize `text`, whose fold is `f`, into `toks` (cleared first; a buffer
/// kept between calls), as the words of a [`Doc`]: each token's folded
/// range, original span, sentence among `sentences`, [`CAP`], [`JOINED`] (a
/// gap that is [`spaced`]; never on the first token) and [`HYPHEN`] (a
/// hyphen in the gap).
fn tokenize(text: &str, f: &Sparse, sentences: &[Span], toks: &mut Vec<Word>) {
    toks.clear();
    // (A word and its gap average some 6 bytes: room for all tokens, mostly.)
    toks.reserve(f.text.len() / 4 + 1);
    // Plain ASCII text (most news) maps every offset to itself.
    let identity = f.is_identity();
    let fb = f.text.as_bytes();
    let (mut cursor, mut sent) = (0, 0);
    let mut prev_fe = None;
    for (fs, fe) in crate::key::Tokens::new(&f.text) {
        let span = if identity {
            Span { start: fs, end: fe }
        } else {
            f.next_span(&mut cursor, fs, fe)
        };
        let mut flags = 0;
        if cap_at(text, span.start) {
            flags |= CAP;
        }
        // (Gaps are read as bytes: every offset here is a character
        // boundary, and the tests are on ASCII bytes.)
        if let Some(p) = prev_fe {
            let gap = fb.get(p..fs).unwrap_or(&[]);
            if spaced(gap) {
                flags |= JOINED;
            }
            if gap.contains(&b'-') {
                flags |= HYPHEN;
            }
        }
        while sentences.get(sent).is_some_and(|s| s.end <= span.start) {
            sent += 1;
        }
        toks.push(Word {
            span,
            fs: u32::try_from(fs).unwrap_or(u32::MAX),
            fe: u32::try_from(fe).unwrap_or(u32::MAX),
            flags,
            sent: u32::try_from(sent).unwrap_or(u32::MAX),
        });
        prev_fe = Some(fe);
    }
}

/// The words of a report's [`sitrep_text::Doc`] cut short as name tokens
/// (see [`Doc::cuts`]), into `cuts` (cleared first): a word holding an
/// apostrophe is cut as [`tokenize`] would cut it ("Kabul's" is "kabul").
/// False when a word would be cut in two tokens or more ("x's'y", rare):
/// the words are then not the tokens.
fn cuts_of_words(d: &sitrep_text::Doc, cuts: &mut Vec<(u32, u32)>) -> bool {
    cuts.clear();
    let ft = d.folded.text.as_str();
    for &k in &d.apostrophes {
        let Some(w) = d.words.get(k as usize) else {
            return false;
        };
        let Some(word) = ft.get(w.fs as usize..w.fe as usize) else {
            return false;
        };
        let mut toks = crate::key::Tokens::new(word);
        let (Some((0, e)), None) = (toks.next(), toks.next()) else {
            return false;
        };
        if e < word.len() {
            let Ok(fe) = u32::try_from(w.fs as usize + e) else {
                return false;
            };
            cuts.push((k, fe));
        }
    }
    true
}

fn cue_fit(effect: Option<CueEffect>, p: &Place) -> f64 {
    match (effect, p.kind) {
        (Some(CueEffect::Admin1), PlaceKind::Admin1) => 5.0,
        (Some(CueEffect::Admin2), PlaceKind::Admin2) => 5.0,
        (Some(CueEffect::Admin1 | CueEffect::Admin2), PlaceKind::Populated) => -1.5,
        (Some(CueEffect::Populated), PlaceKind::Populated) => 4.0,
        (Some(CueEffect::Populated), PlaceKind::Admin1 | PlaceKind::Admin2) => -2.0,
        (Some(CueEffect::Populated), PlaceKind::Country) => -4.0,
        (Some(CueEffect::Site), PlaceKind::Site) => 3.0,
        (Some(CueEffect::Site), PlaceKind::Populated) => 1.0,
        _ => 0.0,
    }
}

impl Gazetteer {
    /// Reading `c` lies in reading `d` (its country, admin unit, or within
    /// 40 km of the place of the same country).
    fn within(&self, c: &Reading, d: &Reading) -> bool {
        let (Some(pc), Some(pd)) = (c.place, d.place) else {
            return false;
        };
        if c.idx == d.idx {
            return false;
        }
        match pd.kind {
            PlaceKind::Country => c.cc == d.cc && pc.kind != PlaceKind::Country,
            PlaceKind::Admin1 => c.a1 != NO_CODE && c.a1 == d.a1 && pc.kind != PlaceKind::Admin1,
            PlaceKind::Admin2 => {
                pc.kind != PlaceKind::Admin2 && {
                    let a2 = self.admin2_of(c);
                    a2.is_some() && a2 == self.admin2_of(d)
                }
            }
            PlaceKind::Populated | PlaceKind::Site => {
                c.cc == d.cc && haversine_km((pc.lat, pc.lon), (pd.lat, pd.lon)) <= 40.0
            }
        }
    }

    /// The admin2 code of a reading, when it has one.
    fn admin2_of(&self, c: &Reading) -> Option<&str> {
        c.rec.and_then(|r| self.admin2_code(r))
    }

    /// Look up the candidates of the raws (`cands`) once: each raw's range then
    /// indexes the readings written to `out` (cleared first), in candidate order.
    fn readings<'g>(
        &'g self,
        raws: &mut [Raw<'g>],
        pool: &Pool,
        codes: &mut Codes<'g>,
        out: &mut Vec<Reading<'g>>,
    ) {
        let cands = &pool.cands;
        out.clear();
        out.reserve(cands.len());
        // (Room for a code per candidate: the map never grows.)
        codes
            .rows
            .reserve(cands.len() + raws.iter().filter(|r| r.demonym.is_some()).count());
        for r in raws.iter_mut() {
            r.weak = self.words.weak(pool.key(r));
            r.focus_only = self.words.focus_only(pool.key(r));
            r.stop = self.words.stop(pool.key(r));
            if let Some(cc) = r.demonym {
                codes.id(self.country_row(cc).unwrap_or(NO_ROW), cc);
            }
            let start = out.len();
            for &(idx, alt) in cands.get(r.cands.clone()).unwrap_or(&[]) {
                let rec = self.record(idx);
                let place = rec.map(|r| &r.place);
                out.push(Reading {
                    idx,
                    alt,
                    rec,
                    place,
                    cc: rec.map_or(NO_CODE, |r| codes.id(r.country_row, &r.place.country)),
                    a1: rec.map_or(NO_CODE, |r| match &r.place.admin1_code {
                        Some(a1) => codes.id(r.admin1_row, a1),
                        None => NO_CODE,
                    }),
                    town: place.is_some_and(|q| {
                        q.kind == PlaceKind::Populated
                            && (matches!(q.feature_code.as_str(), "PPLC" | "PPLA" | "PPLA2")
                                || q.population >= 5_000)
                    }),
                });
            }
            r.cands = start..out.len();
        }
    }

    /// The cue (longest first) whose tokens follow token `t1`, if any.
    fn cue_after(&self, doc: &Doc, t1: usize) -> Option<CueHit> {
        let order = self.cue_index.after(doc.tok_str(t1));
        best_cue_in(&self.lexicon.after, order, |cue| {
            let n = cue.tokens.len();
            let ok = cue.tokens.iter().enumerate().all(|(k, w)| {
                let i = t1 + k;
                doc.tok_str(i) == w
                    && doc.same_sentence(t1.saturating_sub(1), i)
                    && (k == 0 || doc.joined(i))
            }) && (t1 == 0 || doc.gap(t1 - 1, t1).bytes().all(|b| b == b' ' || b == b'-'));
            ok.then_some(t1 + n)
        })
    }

    /// The cue whose tokens end right before token `t0`, if any.
    fn cue_before(&self, doc: &Doc, t0: usize) -> Option<CueHit> {
        let order = self
            .cue_index
            .before(t0.checked_sub(1).map(|p| doc.tok_str(p)));
        best_cue_in(&self.lexicon.before, order, |cue| {
            let n = cue.tokens.len();
            if n > t0 {
                return None;
            }
            let start = t0 - n;
            let ok = cue
                .tokens
                .iter()
                .enumerate()
                .all(|(k, w)| doc.tok_str(start + k) == w && doc.same_sentence(start + k, t0));
            ok.then_some(start)
        })
    }

    /// Find and resolve the places named in `text`.
    pub fn find_places(&self, text: &str, ctx: &GeoContext) -> Vec<PlaceMention> {
        // (The embedded abbreviation list is checked by sitrep-text's tests;
        // were it unreadable, the text is read as one sentence.)
        let sentences =
            sitrep_text::sentences(text).unwrap_or_else(|_| vec![Span::new(0, text.len())]);
        self.find_places_in(text, &sentences, ctx)
    }

    /// [`Gazetteer::find_places`] given the text's sentence spans (those of
    /// its [`sitrep_text::Doc`]: the one sentence rule), so that they are not
    /// worked out again. A name never spans two sentences, and a capital
    /// opening a sentence is weaker evidence of a name.
    pub fn find_places_in(
        &self,
        text: &str,
        sentences: &[Span],
        ctx: &GeoContext,
    ) -> Vec<PlaceMention> {
        let mut sc = Scratch::take();
        let mut fold = std::mem::take(&mut sc.fold);
        fold.refold(text);
        let mut toks = std::mem::take(&mut sc.toks);
        tokenize(text, &fold, sentences, &mut toks);
        let doc = Doc {
            text,
            f: Fold::Sparse(&fold),
            words: &toks,
            cuts: &[],
            exclude: &ctx.exclude,
        };
        let out = self.find_in(&doc, ctx, &mut sc);
        sc.toks = toks;
        sc.fold = fold;
        sc.put_back();
        out
    }

    /// [`Gazetteer::find_places_in`] on a report's [`sitrep_text::Doc`]: its
    /// sentences, and its fold and words as the name tokens, read in place
    /// (a possessive "'s" cut off: [`Doc::cuts`]), so that the text is
    /// neither folded nor cut into words again. (A word that would be two
    /// tokens, "x's'y", is rare: the text's words are then cut as a bare
    /// text's, from the report's sparse fold.)
    pub fn find_places_doc(&self, d: &sitrep_text::Doc, ctx: &GeoContext) -> Vec<PlaceMention> {
        let mut sc = Scratch::take();
        let mut cuts = std::mem::take(&mut sc.cuts);
        let mut toks = std::mem::take(&mut sc.toks);
        let whole = cuts_of_words(d, &mut cuts);
        if !whole {
            cuts.clear();
            tokenize(d.text, &d.sparse, &d.sentences, &mut toks);
        }
        let doc = Doc {
            text: d.text,
            f: Fold::Dense(&d.folded),
            words: if whole { &d.words } else { &toks },
            cuts: &cuts,
            exclude: &ctx.exclude,
        };
        let out = self.find_in(&doc, ctx, &mut sc);
        sc.cuts = cuts;
        sc.toks = toks;
        sc.put_back();
        out
    }

    /// Recognise and resolve the names of `doc` (tokenized), lending `sc`'s
    /// buffers; the token buffer is handed back with the mentions.
    fn find_in(&self, doc: &Doc, ctx: &GeoContext, sc: &mut Scratch) -> Vec<PlaceMention> {
        let mut pool = Pool {
            cands: std::mem::take(&mut sc.cands),
            keys: std::mem::take(&mut sc.keys),
        };
        pool.cands.clear();
        pool.keys.clear();
        let mut raws = recycle(std::mem::take(&mut sc.raws));
        self.recognise(doc, &mut pool, &mut raws, sc);
        self.attach_cues(doc, &mut raws);
        raws.retain(|r| {
            !matches!(r.after, Some((CueEffect::NotPlace, _, _)))
                && !matches!(r.before, Some((CueEffect::NotPlace, _, _)))
        });
        let mut codes = Codes {
            rows: std::mem::take(&mut sc.rows),
            strs: FxHashMap::default(),
        };
        codes.rows.clear();
        let mut readings = recycle(std::mem::take(&mut sc.readings));
        self.readings(&mut raws, &pool, &mut codes, &mut readings);
        self.attach_containers(doc, &mut raws, &readings);
        let out = self.resolve(doc, &raws, &readings, &codes, &pool.keys, ctx, sc);
        sc.cands = pool.cands;
        sc.keys = pool.keys;
        sc.raws = recycle(raws);
        sc.readings = recycle(readings);
        sc.rows = codes.rows;
        out
    }

    /// The recognised names, in text order, written to `raws` (cleared
    /// first); their candidates and keys are appended to `pool`. `sc` lends
    /// the key, id and hit buffers. Each token starts one raw name or none
    /// ([`Gazetteer::recognise_at`]), and the scan goes on after it.
    fn recognise<'g>(
        &'g self,
        doc: &Doc,
        pool: &mut Pool,
        raws: &mut Vec<Raw<'g>>,
        sc: &mut Scratch,
    ) {
        raws.clear();
        let mut run = Run {
            key: &mut sc.key,
            other: &mut sc.key2,
            ids: &mut sc.ids,
            hits: &mut sc.hits,
            lens: [0; MAX_TOKENS],
            pushed: 0,
            first_len: 0,
        };
        run.key.clear();
        let n = doc.len();
        let mut i = 0;
        while i < n {
            // (Most tokens start no name: they are passed over here, without
            // a call that returns a raw.)
            if !self.may_start_name(doc, i) {
                i += 1;
                continue;
            }
            i = self.recognise_at(doc, i, pool, raws, &mut run);
        }
    }

    /// The raw name that starts at token `i` (one that may start a name:
    /// [`Gazetteer::may_start_name`]), if any, pushed to `raws`, and the
    /// token to go on from: a written admin abbreviation after "Name, "
    /// ("Alexandria, Va."), a name of the index or a demonym
    /// ([`Gazetteer::longest_name`], [`Gazetteer::demonym_at`]), or an
    /// unknown name with a settlement cue; the next token when nothing is
    /// found there. After a title the capitalised run is a person's name,
    /// passed over with no raw.
    fn recognise_at<'g>(
        &'g self,
        doc: &Doc,
        i: usize,
        pool: &mut Pool,
        raws: &mut Vec<Raw<'g>>,
        run: &mut Run,
    ) -> usize {
        // "Name, Abbr." — a written abbreviation of the admin unit.
        if let Some(r) = self.abbrev_at(doc, i, raws.last(), pool) {
            return push_raw(raws, r);
        }
        if let Some(next) = self.after_title(doc, i) {
            return next;
        }
        let best = self.longest_name(doc, i, run);
        let dem = self.demonym_at(doc, i, best, pool, run);
        match (best, dem) {
            (Some((t1, _)), Some((d1, cc, k))) if d1 >= t1 => {
                push_raw(raws, demonym_raw(i, d1, cc, k))
            }
            (None, Some((d1, cc, k))) => push_raw(raws, demonym_raw(i, d1, cc, k)),
            (Some(best), _) => self.known_name(doc, i, best, pool, raws, run),
            (None, None) => match self.unresolved_at(doc, i, run.key, pool, false) {
                Some(r) => push_raw(raws, r),
                None => i + 1,
            },
        }
    }

    /// False at a token that starts no name: a lower-case word (but for an
    /// article opening a hyphenated name: "al-Mawasi"), an excluded token,
    /// the tail of a hyphenated word, and a capital article before another
    /// capitalised word ("A U.S. drone strike": "A U.S" would key as "Aus", a
    /// town in Namibia).
    #[inline]
    fn may_start_name(&self, doc: &Doc, i: usize) -> bool {
        if i >= doc.len() {
            return false;
        }
        let cap = doc.cap(i);
        // (The rarely true tests first: most tokens are lower-case words.)
        let article_start = !cap
            && doc.cap(i + 1)
            && hyphen_joined(doc, i + 1)
            && self.words.name_article.contains(doc.tok_str(i));
        if (!cap && !article_start) || doc.excluded(i) || hyphen_joined(doc, i) {
            return false;
        }
        !(doc.cap(i + 1) && doc.joined(i + 1) && self.words.no_name_start.contains(doc.tok_str(i)))
    }

    /// After a title ("Mr", "President") of the same sentence, the
    /// capitalised run from token `i` is a person's name: the token after
    /// that run (`None` when no title stands before `i`). The run goes on
    /// across one or two lower-case name particles before a capitalised
    /// word ("Col. Billy dela Rosa", "Mayor Juan de la Cruz": `name_particle`
    /// of `place-words.tsv`), so that a surname is read as no place.
    fn after_title(&self, doc: &Doc, i: usize) -> Option<usize> {
        if i == 0 || !self.words.title(doc.tok_str(i - 1)) || !doc.same_sentence(i - 1, i) {
            return None;
        }
        let n = doc.len();
        let mut next = i + 1;
        loop {
            while next < n && doc.cap(next) && doc.joined(next) {
                next += 1;
            }
            let mut k = next;
            while k < next + 2
                && k < n
                && !doc.cap(k)
                && doc.joined(k)
                && self.words.name_particle.contains(doc.tok_str(k))
            {
                k += 1;
            }
            if k > next && k < n && doc.cap(k) && doc.joined(k) {
                next = k + 1;
            } else {
                return Some(next);
            }
        }
    }

    /// The longest run of tokens from `i` (joined by spaces or hyphens, none
    /// excluded, at most [`MAX_TOKENS`]) whose key is a name of the index, as
    /// (end token, index line). A run may not end on a lower-case function
    /// word: "Jos on Monday" must not become "Joson" (a village elsewhere),
    /// nor "As a" a name; the shorter name before it stands. Leaves in `run`
    /// the key of the longest run tried, the key's length after each token
    /// and the run ends that hit a line (`hits`).
    fn longest_name(&self, doc: &Doc, i: usize, run: &mut Run) -> Option<(usize, usize)> {
        let n = doc.len();
        run.key.clear();
        run.hits.clear();
        run.lens = [0; MAX_TOKENS];
        run.pushed = 0;
        run.first_len = 0;
        let mut best: Option<(usize, usize)> = None;
        for j in i..(i + MAX_TOKENS).min(n) {
            if j > i && !doc.joined(j) {
                break;
            }
            if doc.excluded(j) {
                break;
            }
            let counted = push_token(run.key, doc.tok_str(j), j == i);
            if let Some(l) = run.lens.get_mut(j - i) {
                *l = run.key.len();
                run.pushed = j - i + 1;
            }
            if j == i {
                run.first_len = run.key.len();
            }
            if !counted {
                continue;
            }
            let (exact, prefix) = self.probe(run.key);
            let function_end = j > i
                && !doc.cap(j)
                && !hyphen_joined(doc, j)
                && doc.tok_str(j).len() <= 3
                && self.words.stop(doc.tok_str(j));
            if let Some(line) = exact.filter(|_| !function_end) {
                best = Some((j + 1, line));
                run.hits.push((j + 1, line));
            }
            if !prefix {
                break;
            }
        }
        best
    }

    /// A demonym of one or two tokens at `i` ("Afghan", "South Sudanese"), as
    /// (end token, ISO2 code, its key in `pool`). Not looked up after a name
    /// of more than two tokens (`best`, which beats any demonym), nor when
    /// the key of token `i`, of two bytes or more, rules every demonym out
    /// (the two-token key starts with the same two bytes). The keys are
    /// prefixes of the run [`Gazetteer::longest_name`] left in `run` when it
    /// got that far, else built in `run.other`.
    fn demonym_at<'g>(
        &'g self,
        doc: &Doc,
        i: usize,
        best: Option<(usize, usize)>,
        pool: &mut Pool,
        run: &mut Run,
    ) -> Option<(usize, &'g str, Range<usize>)> {
        let long_name = best.is_some_and(|(t1, _)| t1 > i + 2)
            || (run.first_len >= 2
                && !self
                    .words
                    .may_be_demonym(run.key.get(..run.first_len).unwrap_or("")));
        if long_name {
            return None;
        }
        for len in [2usize, 1] {
            if i + len > doc.len() || (len == 2 && !doc.joined(i + 1)) {
                continue;
            }
            let dk = match run.prefix(len) {
                Some(l) => run.key.get(..l).unwrap_or(""),
                None => {
                    run.other.clear();
                    for j in i..i + len {
                        push_token(run.other, doc.tok_str(j), j == i);
                    }
                    run.other.as_str()
                }
            };
            if let Some(cc) = self.words.demonym(dk) {
                return Some((i + len, cc, pool.push_key(dk)));
            }
        }
        None
    }

    /// The name of the index found from token `i` ([`Gazetteer::longest_name`]:
    /// its end token and index line), pushed to `raws` as a raw name, and the
    /// token to go on from (after a cue word split off its end). A known name that heads an
    /// unknown capitalised run with a settlement cue ("Sangar Kalay
    /// village"), or after "near" ("near Bulo Burde": not "Bulo" elsewhere),
    /// gives way to that unknown name; a name left with no candidate
    /// ([`Gazetteer::name_ids`]) is read as an unknown name, or as none.
    fn known_name<'g>(
        &'g self,
        doc: &Doc,
        i: usize,
        (t1, line): (usize, usize),
        pool: &mut Pool,
        raws: &mut Vec<Raw<'g>>,
        run: &mut Run,
    ) -> usize {
        let (t1, line, tail_cue) = self.split_tail_cue(doc, t1, line, run);
        if tail_cue.is_none() && doc.cap(t1) && doc.joined(t1) {
            if let Some(r) = self.unresolved_at(doc, i, run.other, pool, true) {
                if r.t1 > t1 {
                    return push_raw(raws, r);
                }
            }
        }
        self.name_ids(doc, i, t1, line, run);
        if run.ids.is_empty() {
            return match self.unresolved_at(doc, i, run.key, pool, false) {
                Some(r) => push_raw(raws, r),
                None => i + 1,
            };
        }
        let start = pool.cands.len();
        pool.cands.extend_from_slice(run.ids);
        raws.push(Raw {
            t0: i,
            t1,
            cands: start..pool.cands.len(),
            demonym: None,
            unresolved: false,
            key: pool.push_key(run.key),
            after: tail_cue,
            tail: tail_cue.is_some(),
            before: None,
            container: None,
            weak: false,
            focus_only: false,
            stop: false,
        });
        tail_cue.map_or(t1, |c| c.1)
    }

    /// A name of the index that ends in a cue word ("Benue State", "Deir
    /// ez-Zor province") is split into name + cue when a shorter run that hit
    /// (`run.hits`) ends right before the cue and names a place of the same
    /// line; a name that includes a feature word ("Afungi Peninsula") is kept
    /// whole. Returns the name's end token, its index line and the cue.
    fn split_tail_cue(
        &self,
        doc: &Doc,
        t1: usize,
        line: usize,
        run: &mut Run,
    ) -> (usize, usize, Option<CueHit>) {
        for &(e, l) in run.hits.iter() {
            if e >= t1 {
                continue;
            }
            if let Some((eff, end, ci)) = self.cue_after(doc, e) {
                if end == t1 && eff != CueEffect::NotPlace && self.share_place(line, l, run.ids) {
                    return (e, l, Some((eff, end, ci)));
                }
            }
        }
        (t1, line, None)
    }

    /// The candidates of the name of tokens `i..t1` on index line `line`,
    /// written to `run.ids`, and its key to `run.key`. A short name (two
    /// letters or fewer, or a short all-capitals token: an acronym) is only
    /// a country ("US", "UK", "DRC"), save a short token in shouted text (a
    /// headline in capitals: "GUNMEN KILL FIVE IN KANO"), where capitals say
    /// nothing of an acronym; the head of an unknown hyphenated
    /// compound ("Pont" of "Pont-Sondé") is not a name of its own (no
    /// candidate).
    fn name_ids(&self, doc: &Doc, i: usize, t1: usize, line: usize, run: &mut Run) {
        run.ids.clear();
        self.ids_at(line, run.ids);
        // The key of tokens i..t1 (a prefix of the longest tried).
        match run.prefix(t1 - i) {
            Some(l) => run.key.truncate(l),
            None => {
                run.key.clear();
                for j in i..t1 {
                    push_token(run.key, doc.tok_str(j), j == i);
                }
            }
        }
        let acronym = run.key.len() <= 4 && all_caps(doc, i) && !shouted(doc, i);
        let short = t1 == i + 1 && (run.key.len() <= 2 || acronym);
        if short {
            run.ids
                .retain(|&(c, _)| self.get(c).is_some_and(|p| p.kind == PlaceKind::Country));
        }
        // No country's name has three letters: a country so named is named by
        // its acronym ("CAR", "DRC", "UAE"), written in capitals ("Car bomb
        // blast" names no country).
        if t1 == i + 1 && run.key.len() == 3 && !all_caps(doc, i) {
            run.ids
                .retain(|&(c, _)| self.get(c).is_some_and(|p| p.kind != PlaceKind::Country));
        }
        if hyphen_joined(doc, t1) {
            run.ids.clear();
        }
    }

    /// A written admin abbreviation at token `i` right after a name and a
    /// comma ("Alexandria, Va."), as a raw name whose only candidate is the unit.
    fn abbrev_at(
        &self,
        doc: &Doc,
        i: usize,
        prev: Option<&Raw>,
        pool: &mut Pool,
    ) -> Option<Raw<'_>> {
        let prev = prev.filter(|p| p.t1 == i && p.demonym.is_none())?;
        let tok = doc.span(i)?;
        if doc.gap(i - 1, i).trim() != "," || !doc.same_sentence(prev.t0, i) {
            return None;
        }
        let rest = doc.text.get(tok.start..)?;
        let (abbr, code) = self.lexicon.abbrevs.iter().find(|(a, _)| {
            rest.starts_with(a.as_str())
                && !rest
                    .get(a.len()..)
                    .and_then(|r| r.chars().next())
                    .is_some_and(char::is_alphanumeric)
        })?;
        let idx = self.admin_idx(code)?;
        let end = tok.start + abbr.len();
        let mut t1 = i;
        while doc.span(t1).is_some_and(|t| t.end <= end) {
            t1 += 1;
        }
        if t1 == i {
            return None;
        }
        pool.cands.push((idx, false));
        Some(Raw {
            t0: i,
            t1,
            cands: pool.cands.len() - 1..pool.cands.len(),
            demonym: None,
            unresolved: false,
            key: pool.push_key(&crate::key::name_key(abbr)),
            after: None,
            tail: false,
            before: None,
            container: None,
            weak: false,
            focus_only: false,
            stop: false,
        })
    }

    /// True when two index lines name at least one common place. `scratch`
    /// receives line `b`'s ids (read once, not once per id of `a`).
    fn share_place(&self, a: usize, b: usize, scratch: &mut Vec<(u32, bool)>) -> bool {
        scratch.clear();
        self.ids_at(b, scratch);
        self.ids_of_line(a)
            .any(|(i, _)| scratch.iter().any(|&(j, _)| i == j))
    }

    /// An unknown capitalised name with a settlement cue ("Foo village",
    /// "the village of Foo"), or with `near` also a cue of nearness before it
    /// ("near Foo Bar", asked when a known name heads the run). `key` is
    /// scratch space.
    fn unresolved_at(
        &self,
        doc: &Doc,
        i: usize,
        key: &mut String,
        pool: &mut Pool,
        near: bool,
    ) -> Option<Raw<'_>> {
        let mut t1 = i + 1;
        while t1 < doc.len() && t1 < i + 4 && doc.cap(t1) && doc.joined(t1) {
            t1 += 1;
        }
        // (The tests are independent: the cheap and the most often failing
        // come first, the key is built last.)
        // Acronyms ("CRPF camp") are organisations, not villages.
        if doc.tok_str(i).len() < 3 || (t1 == i + 1 && all_caps(doc, i)) {
            return None;
        }
        let settlement =
            |e: CueEffect| matches!(e, CueEffect::Populated | CueEffect::Site | CueEffect::Area);
        let after = self.cue_after(doc, t1).filter(|c| settlement(c.0));
        let before = self
            .cue_before(doc, i)
            .filter(|c| c.0 == CueEffect::Populated || (near && c.0 == CueEffect::Near));
        if after.is_none() && before.is_none() {
            return None;
        }
        key.clear();
        for j in i..t1 {
            push_token(key, doc.tok_str(j), j == i);
        }
        if key.len() < 3 || self.words.stop(key) {
            return None;
        }
        Some(Raw {
            t0: i,
            t1,
            cands: 0..0,
            demonym: None,
            unresolved: true,
            key: pool.push_key(key),
            after,
            tail: false,
            before,
            container: None,
            weak: false,
            focus_only: false,
            stop: false,
        })
    }

    fn attach_cues(&self, doc: &Doc, raws: &mut [Raw]) {
        for r in raws.iter_mut() {
            if r.demonym.is_some() {
                // A demonym in a feature name ("Indian Ocean", "Korean
                // Peninsula") names no country.
                let not_place = |c: Option<CueHit>| c.filter(|c| c.0 == CueEffect::NotPlace);
                r.after = not_place(self.cue_after(doc, r.t1));
                r.before = not_place(self.cue_before(doc, r.t0));
                continue;
            }
            if r.after.is_none() {
                r.after = self.cue_after(doc, r.t1);
            }
            if r.before.is_none() {
                r.before = self.cue_before(doc, r.t0);
            }
        }
    }

    /// "X, Y", "X in Y", "X of Y", "X (Y)": Y contains X when some candidate of
    /// X lies in some candidate of Y. "The Cauca town of Morales": a cue word
    /// shared by two names ("town" after X, "town of" before Y) belongs to Y,
    /// and X contains Y.
    fn attach_containers(&self, doc: &Doc, raws: &mut [Raw], rd: &[Reading]) {
        for k in 0..raws.len() {
            let (Some(r), Some(s)) = (raws.get(k), raws.get(k + 1)) else {
                continue;
            };
            let shared = matches!(
                (r.after, s.before),
                (Some((CueEffect::Populated | CueEffect::Site, end, _)), Some((_, start, _)))
                    if start < end && start >= r.t1
            );
            if !shared || r.demonym.is_some() || s.demonym.is_some() {
                continue;
            }
            if self.may_lie_in(rd, s, r) || s.unresolved {
                if let Some(r) = raws.get_mut(k) {
                    r.after = None;
                }
                if let Some(s) = raws.get_mut(k + 1) {
                    s.container = Some(k);
                }
            }
        }
        for k in 0..raws.len() {
            let Some(r) = raws.get(k) else { continue };
            let Some(s) = raws.get(k + 1) else { continue };
            if r.demonym.is_some() || s.demonym.is_some() || s.unresolved || r.container.is_some() {
                continue;
            }
            let end = r.after.map_or(r.t1, |a| a.1);
            let start = s.before.map_or(s.t0, |b| b.1);
            if end > start || !doc.same_sentence(r.t0, s.t0) {
                continue;
            }
            // The words between: none (then a comma or a parenthesis), or a
            // linking phrase.
            let word = |j: usize| doc.tok_str(end + j);
            let linked = match start - end {
                0 => {
                    let g = if end == 0 {
                        ""
                    } else {
                        doc.gap(end - 1, start)
                    };
                    g.contains(',') || g.contains('(')
                }
                1 => self.words.link.contains(word(0)),
                2 => {
                    self.words.link_first.contains(word(0))
                        && (self.words.link_article.contains(word(1))
                            || self.lexicon.side.contains(word(1)))
                }
                _ => false,
            };
            if !linked {
                continue;
            }
            if self.may_lie_in(rd, r, s) || r.unresolved {
                if let Some(r) = raws.get_mut(k) {
                    r.container = Some(k + 1);
                }
            } else if start > end
                && self.contradicts(
                    rd,
                    r,
                    s,
                    start - end == 2 && self.lexicon.side.contains(word(1)),
                )
            {
                // "the village of Barga in northern Burkina Faso" where the
                // gazetteer knows only a Barga elsewhere (Italy): a place it lacks,
                // inside the country or province the text names. (Only with
                // a linking word: "A, B" may be a list.)
                if let Some(r) = raws.get_mut(k) {
                    // (Its readings stay, unused: the passes skip
                    // unresolved names, and `scored` keeps raw order.)
                    r.unresolved = true;
                    r.container = Some(k + 1);
                }
            }
        }
    }

    /// `outer` is surely a country or first-level unit (each of its readings
    /// is one), `inner` surely a smaller place (none of its readings is one:
    /// "Iraq, Afghanistan" is a list), and no reading of `inner` lies in
    /// `outer`: "X in Y" then names an X the gazetteer lacks. A name with no
    /// reading, or a weak or stop name, contradicts nothing, unless a side
    /// word makes the weak name a region ("in western Chad": `sided`).
    fn contradicts(&self, rd: &[Reading], inner: &Raw, outer: &Raw, sided: bool) -> bool {
        let big = |d: &Reading| {
            matches!(
                d.place.map(|p| p.kind),
                Some(PlaceKind::Country | PlaceKind::Admin1)
            )
        };
        let country = |d: &Reading| d.place.map(|p| p.kind) == Some(PlaceKind::Country);
        let (inner_rd, outer_rd) = (readings_of(rd, inner), readings_of(rd, outer));
        !inner.unresolved
            && (!outer.weak || sided)
            && !outer.stop
            && !inner_rd.is_empty()
            && !outer_rd.is_empty()
            && (outer_rd.iter().all(big) || outer_rd.iter().any(country))
            && !inner_rd.iter().any(country)
            && !self.may_lie_in(rd, inner, outer)
    }

    /// Some reading of `inner` lies in some reading of `outer` (see `within`).
    fn may_lie_in(&self, rd: &[Reading], inner: &Raw, outer: &Raw) -> bool {
        readings_of(rd, inner)
            .iter()
            .any(|c| readings_of(rd, outer).iter().any(|d| self.within(c, d)))
    }

    /// Score of reading `c` of raw `k` (`r`), without the focus term.
    fn local_score(
        &self,
        raws: &[Raw],
        rd: &[Reading],
        k: usize,
        r: &Raw,
        key: &str,
        c: &Reading,
    ) -> f64 {
        let (Some(p), Some(rec)) = (c.place, c.rec) else {
            return f64::MIN;
        };
        let mut s = rec.prior;
        if c.alt {
            s -= 1.5;
        }
        // A city of 100,000 or more that its own district is named after
        // ("Beni", the city, and Beni territory around it, North Kivu) over a
        // first-level unit of another country read from the same bare name
        // ("Beni Department", Bolivia): two readings of one place outweigh a
        // lone admin unit abroad (issue 17).
        if p.kind == PlaceKind::Populated && !c.alt && p.population >= 100_000 {
            let cands = readings_of(rd, r);
            let own_unit = cands.iter().any(|d| {
                !d.alt
                    && d.a1 == c.a1
                    && d.place.is_some_and(|q| q.kind == PlaceKind::Admin2)
                    && self.admin2_of(d) == self.admin2_of(c)
            });
            let unit_abroad = cands
                .iter()
                .any(|d| d.cc != c.cc && d.place.is_some_and(|q| q.kind == PlaceKind::Admin1));
            // (Not when a big city abroad has the name too: "San Jose" stays
            // a question of the cities, not of the units.)
            let city_abroad = cands.iter().any(|d| {
                d.cc != c.cc
                    && d.place
                        .is_some_and(|q| q.kind == PlaceKind::Populated && q.population >= 100_000)
            });
            if own_unit && unit_abroad && !city_abroad {
                s += 1.5;
            }
        }
        let effect = r.after.map(|a| a.0).or(r.before.map(|b| b.0));
        // A country's own name before a word of settlement ("a Mali village",
        // "a Nigeria town") says in which country the unnamed settlement
        // lies: the country, not a town abroad that has its name as an alias.
        let country_of_settlement = p.kind == PlaceKind::Country
            && !c.alt
            && !r.tail
            && r.after.is_some_and(|a| a.0 == CueEffect::Populated);
        let fit = if country_of_settlement {
            cue_fit(effect, p).max(4.0)
        } else {
            cue_fit(effect, p)
        };
        s += fit;
        // A cue typical of some countries ("Local Government Area" → NG).
        if let Some(cue) = self.cue_of(r) {
            if cue.countries.contains(&p.country) {
                s += 2.0;
            }
        }
        // An admin unit named like a town inside it: bare name → the town.
        if matches!(p.kind, PlaceKind::Admin1 | PlaceKind::Admin2) && fit <= 0.0 {
            // A town that has the name only as an alternate counts when it is
            // the unit's seat or spells the same word ("Dar‘ā" for "Daraa"),
            // not when the name is a short form ("Santa Fe de Antioquia").
            let has_town = readings_of(rd, r).iter().any(|d| {
                d.town
                    && d.a1 == c.a1
                    && (p.kind == PlaceKind::Admin1 || {
                        let a2 = self.admin2_of(d);
                        a2.is_none() || a2 == self.admin2_of(c)
                    })
                    && (d
                        .place
                        .is_some_and(|q| matches!(q.feature_code.as_str(), "PPLC" | "PPLA"))
                        || d.spelled(key))
            });
            if has_town {
                s -= 2.0;
            }
        }
        if let Some(ci) = r.container {
            if let Some(cr) = raws.get(ci) {
                let mut bonus: f64 = 0.0;
                for d in readings_of(rd, cr) {
                    if self.within(c, d) {
                        let b = match d.place.map(|x| x.kind) {
                            Some(PlaceKind::Admin2) => 7.0,
                            Some(PlaceKind::Admin1) => 6.0,
                            Some(PlaceKind::Country) => 4.0,
                            _ => 3.0,
                        };
                        bonus = bonus.max(b);
                    }
                }
                s += bonus;
            }
        }
        // Being the container of the previous name. (Containers are only
        // ever the next raw, and raws start at distinct tokens, so the raw
        // right before is the only one that can have this one as container.)
        if let Some(prev) = k.checked_sub(1).and_then(|j| raws.get(j)) {
            if prev.container == Some(k)
                && readings_of(rd, prev).iter().any(|pc| self.within(pc, c))
            {
                s += 2.0;
            }
        }
        s
    }

    /// Resolve the raws to mentions. `sc` lends its buffers (tallies,
    /// scores, votes), all returned to it. Pass 1 scores every reading and
    /// tallies the document's country focus ([`Gazetteer::score_readings`]);
    /// the names vote for first-level units ([`Gazetteer::region_votes`]);
    /// pass 2 ([`Pass2`]) chooses each name's reading and keeps or drops the
    /// name; then unknown names and small places abroad fall back to the kept
    /// names near them or to the focus country.
    #[allow(clippy::too_many_arguments)]
    fn resolve(
        &self,
        doc: &Doc,
        raws: &[Raw],
        rd: &[Reading],
        codes: &Codes,
        keys: &str,
        ctx: &GeoContext,
        sc: &mut Scratch,
    ) -> Vec<PlaceMention> {
        // Tallies by code id (see `Codes`), in one buffer.
        let n_codes = codes.len();
        let mut tallies = std::mem::take(&mut sc.tallies);
        tallies.clear();
        tallies.resize(5 * n_codes, 0.0);
        let (focus, rest) = tallies.split_at_mut(n_codes);
        let (a1, rest) = rest.split_at_mut(n_codes);
        let (soft, rest) = rest.split_at_mut(n_codes);
        // Region votes, and their scratch space.
        let (votes, acc) = rest.split_at_mut(n_codes);
        let mut voted_for = std::mem::take(&mut sc.voted_for);
        voted_for.clear();
        let mut pass1 = Tallies {
            focus,
            a1,
            soft,
            voted_for: &mut voted_for,
        };
        let mut scored = std::mem::take(&mut sc.scored);
        scored.clear();
        scored.reserve(rd.len());
        self.score_readings(raws, rd, codes, keys, &mut scored, &mut pass1);
        if let Some(cc) = ctx.filed_in.as_deref() {
            add(pass1.focus, codes.get(self.country_row(cc), cc), 1.0);
        }
        let region = self.region_votes(raws, rd, &scored, keys, votes, acc, sc);
        // The hint as a code id (`None` when no reading is in that country).
        let hint = ctx
            .country_hint
            .as_deref()
            .and_then(|h| codes.get(self.country_row(h), h));
        let filed = ctx
            .filed_in
            .as_deref()
            .and_then(|h| codes.get(self.country_row(h), h));
        let mut votes = PlaceVotes::new(self, doc, raws, rd, &scored, pass1.voted_for, keys);
        votes.add_country(self, ctx.country_hint.as_deref(), hint);
        votes.add_country(self, ctx.filed_in.as_deref(), filed);
        let pass = Pass2 {
            gaz: self,
            doc,
            raws,
            rd,
            keys,
            scored: &scored,
            focus: Focus::new(pass1, hint, filed),
            region: &region,
            votes,
        };
        // (Each raw gives at most one mention.)
        let mut out = Vec::with_capacity(raws.len());
        // Small places abroad named with only a cue while the document's
        // country is clear: a place the gazetteer lacks, in that country.
        let mut abroad: Vec<usize> = Vec::new();
        // The place each resolved raw was finally given.
        let mut kept = std::mem::take(&mut sc.kept);
        kept.clear();
        kept.resize(raws.len(), None);
        let top_focus = pass.keep_names(&mut out, &mut kept, &mut abroad);
        pass.unresolved(&kept, &mut out);
        let focus_country = top_focus.or_else(|| {
            ctx.country_hint
                .as_deref()
                .and_then(|h| self.country_row(h))
                .and_then(|i| self.record(i))
                .map(|r| Arc::clone(&r.place))
        });
        pass.abroad(&abroad, &kept, focus_country.as_ref(), &mut out);
        out.sort_by_key(|m| (m.span.start, m.span.end));
        sc.entries = region.entries;
        sc.own = region.own;
        sc.kept = kept;
        sc.scored = scored;
        sc.voted_for = voted_for;
        sc.tallies = tallies;
        out
    }

    /// Pass 1 of resolution: the readings of each raw by local score
    /// ([`Gazetteer::local_score`]), best first, appended to `scored` as
    /// (record index, reading index, score): raw k's at `raws[k].cands` (the
    /// ranges are consecutive, in raw order); and what each name says of the
    /// document's country focus ([`Gazetteer::tally_focus`]).
    fn score_readings(
        &self,
        raws: &[Raw],
        rd: &[Reading],
        codes: &Codes,
        keys: &str,
        scored: &mut Vec<(u32, usize, f64)>,
        tallies: &mut Tallies,
    ) {
        let key = |r: &Raw| keys.get(r.key.clone()).unwrap_or("");
        for (k, r) in raws.iter().enumerate() {
            let start = scored.len();
            for ri in r.cands.clone() {
                if let Some(c) = rd.get(ri) {
                    scored.push((c.idx, ri, self.local_score(raws, rd, k, r, key(r), c)));
                }
            }
            let vote = match scored.get_mut(start..) {
                Some(sc) => {
                    // Best score first, then lower record index; then reading
                    // order, which makes the unstable sort give the stable
                    // sort's order.
                    sc.sort_unstable_by(|a, b| {
                        b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1))
                    });
                    self.tally_focus(raws, rd, codes, r, sc, tallies)
                }
                None => None,
            };
            tallies.voted_for.push(vote.unwrap_or(NO_CODE));
        }
    }

    /// What one name says of the document's country focus. A demonym counts
    /// for its country. A name whose best reading is confident (a country,
    /// first-level unit or site, a capital or admin seat, a city of 100,000,
    /// or a reading a cue or container supports; and no reading in another
    /// country within 2 points of it) counts for its country and admin1
    /// unit. A name whose every near reading lies in one country ("Clarke
    /// County" is only ever American) counts half, as soft evidence. Weak,
    /// stop and unknown names count nothing. `sc` is the name's scored
    /// readings, best first. Returns the country the name gave a whole
    /// (confident) vote for.
    fn tally_focus(
        &self,
        raws: &[Raw],
        rd: &[Reading],
        codes: &Codes,
        r: &Raw,
        sc: &[(u32, usize, f64)],
        t: &mut Tallies,
    ) -> Option<u32> {
        if let Some(cc) = r.demonym {
            let code = codes.get(self.country_row(cc), cc);
            add(t.focus, code, 1.0);
            return code;
        }
        let top = sc.first().and_then(|x| rd.get(x.1))?;
        let ts = sc.first().map_or(0.0, |x| x.2);
        let tp = top.place;
        // The country of the top reading ("" without a place).
        let top_cc = if tp.is_some() {
            top.cc
        } else {
            codes.get(self.country_row(""), "").unwrap_or(NO_CODE)
        };
        let rival = sc
            .iter()
            .find(|x| {
                rd.get(x.1)
                    .is_some_and(|c| c.place.is_some() && c.cc != top_cc)
            })
            .map(|x| x.2);
        let strong_kind = tp.is_some_and(|p| {
            matches!(
                p.kind,
                PlaceKind::Country | PlaceKind::Admin1 | PlaceKind::Site
            ) || (!top.alt && matches!(p.feature_code.as_str(), "PPLC" | "PPLA"))
                || (!top.alt && p.population >= 100_000)
        });
        let supported = tp.is_some_and(|p| self.supported(raws, r, p));
        let clear = rival.is_none_or(|rs| ts - rs >= 2.0);
        let confident = (strong_kind || supported) && clear;
        let weak = r.weak || r.stop;
        if confident && !weak && !r.unresolved {
            add(t.focus, Some(top_cc), 1.0);
            add(t.a1, Some(top.a1), 1.0);
            return Some(top_cc);
        } else if !weak && !r.unresolved && unanimous(rd, sc) {
            // Every reading of the name lies in one country: evidence for
            // that country even when the unit itself stays ambiguous.
            add(t.focus, Some(top_cc), 0.5);
            add(t.soft, Some(top_cc), 0.5);
        }
        None
    }

    /// Soft votes of the document's names for first-level units: each
    /// distinct name spreads one vote over the admin1 units of its readings,
    /// in proportion to their local scores (softmax), so a name that is
    /// surely in one unit ("Rapides Parish") votes fully for it and a name
    /// with a dominant famous reading votes little for the alternatives.
    /// `votes` (zeros, by admin1 id) receives the votes; `acc` (zeros, as
    /// long) is scratch space, left zero. The result's lists are `sc`'s
    /// buffers (to be handed back).
    #[allow(clippy::too_many_arguments)]
    fn region_votes<'v>(
        &self,
        raws: &[Raw],
        rd: &[Reading],
        scored: &[(u32, usize, f64)],
        keys: &str,
        votes: &'v mut [f64],
        acc: &mut [f64],
        scratch: &mut Scratch,
    ) -> RegionVotes<'v> {
        let mut entries = std::mem::take(&mut scratch.entries);
        entries.clear();
        let key = |r: &Raw| keys.get(r.key.clone()).unwrap_or("");
        // Each raw's name as the first raw with the same key, and the votes
        // of each such name (a range of `entries`), once it has voted.
        let first = &mut scratch.first;
        same_key_groups(raws, key, first, &mut scratch.by_hash);
        let voted = &mut scratch.voted;
        voted.clear();
        voted.resize(raws.len(), None);
        for (r, &g) in raws.iter().zip(first.iter()) {
            let sc = scored.get(r.cands.clone()).unwrap_or(&[]);
            if r.demonym.is_some()
                || r.unresolved
                || sc.is_empty()
                || r.weak
                || r.stop
                || voted.get(g as usize).is_some_and(Option::is_some)
            {
                continue;
            }
            let top = sc.first().map_or(0.0, |x| x.2);
            let mut z = 0.0;
            // Each admin1 unit's share, summed in `acc`.
            for &(_, ri, s) in sc {
                let w = (s - top).max(-30.0).exp();
                z += w;
                let a1 = rd.get(ri).map_or(NO_CODE, |c| c.a1);
                add(acc, Some(a1), w);
            }
            // The units in order of first reading (a share is never 0: each
            // weight is at least e^-30), read out and `acc` cleared.
            let start = entries.len();
            for &(_, ri, _) in sc {
                let a1 = rd.get(ri).map_or(NO_CODE, |c| c.a1);
                let Some(slot) = acc.get_mut(a1 as usize) else {
                    continue;
                };
                if *slot == 0.0 {
                    continue;
                }
                if z > 0.0 {
                    let v = *slot / z;
                    entries.push((a1, v));
                    add(votes, Some(a1), v);
                }
                *slot = 0.0;
            }
            if z > 0.0 {
                if let Some(v) = voted.get_mut(g as usize) {
                    *v = Some(start..entries.len());
                }
            }
        }
        let mut own = std::mem::take(&mut scratch.own);
        own.clear();
        own.extend(
            first
                .iter()
                .map(|&g| voted.get(g as usize).cloned().flatten().unwrap_or(0..0)),
        );
        RegionVotes {
            votes,
            own,
            entries,
        }
    }

    /// The cue attached to a raw name, if any (after-cue first).
    fn cue_of(&self, r: &Raw) -> Option<&Cue> {
        let lx = &self.lexicon;
        r.after
            .and_then(|(_, _, k)| lx.after.get(k))
            .or_else(|| r.before.and_then(|(_, _, k)| lx.before.get(k)))
    }

    /// A cue that fits the place's kind, or an admin context, supports a name.
    fn supported(&self, raws: &[Raw], r: &Raw, p: &Place) -> bool {
        let _ = raws;
        let effect = r.after.map(|a| a.0).or(r.before.map(|b| b.0));
        let cue = match effect {
            Some(CueEffect::Near | CueEffect::Area) => true,
            Some(e) => cue_fit(Some(e), p) > 0.0,
            None => false,
        };
        // A cue typical of other countries ("Pale Township" is Myanmar's
        // usage) does not support a place elsewhere.
        let foreign = self
            .cue_of(r)
            .is_some_and(|c| !c.countries.is_empty() && !c.countries.contains(&p.country));
        let cue = cue && !foreign;
        cue || r.container.is_some()
    }

    /// A demonym that names the country of a place: a word of settlement
    /// or of an admin unit follows it, right after or after one or two
    /// capitalised words of a name ("the Chadian town of X", "the Chadian
    /// Lake province", "a Nigerian village"), not a word of an actor
    /// ("Turkish drones", "the Russian base").
    fn demonym_of_place(&self, doc: &Doc, r: &Raw) -> bool {
        r.demonym.is_some()
            && (r.t1..=r.t1 + 2).any(|i| {
                (r.t1..i).all(|j| doc.cap(j) && doc.joined(j) && doc.same_sentence(r.t0, j))
                    && matches!(
                        self.cue_after(doc, i),
                        Some((
                            CueEffect::Admin1 | CueEffect::Admin2 | CueEffect::Populated,
                            _,
                            _
                        ))
                    )
            })
    }

    /// Preceded by a capitalised word of the same name run that is not a
    /// sentence start or a stop word ("Universal Basic", "Kyi Pan").
    fn inside_name(&self, doc: &Doc, r: &Raw) -> bool {
        r.t0 > 0
            && doc.cap(r.t0 - 1)
            && doc.joined(r.t0)
            && !doc.sentence_start(r.t0 - 1)
            && !self.words.stop(doc.tok_str(r.t0 - 1))
    }

    /// True when raw k is the container of the raw before it.
    fn is_container(&self, raws: &[Raw], k: usize) -> bool {
        k > 0 && raws.get(k - 1).is_some_and(|r| r.container == Some(k))
    }

    /// A capitalised word right before or after the name that is not itself a
    /// place: the name is likely part of a person's or organisation's name.
    fn person_like(&self, doc: &Doc, r: &Raw) -> bool {
        let prev = r.t0 > 0
            && doc.cap(r.t0 - 1)
            && doc.joined(r.t0)
            && !doc.sentence_start(r.t0)
            && !self.words.stop(doc.tok_str(r.t0 - 1));
        let next = doc.cap(r.t1) && doc.joined(r.t1);
        prev || next
    }

    /// 'Joaquin "El Chapo" Guzman': a name in quotes between two capitalised
    /// words of its sentence is a person's nickname, and a name right before
    /// such a nickname is the person's first name.
    fn nickname(&self, doc: &Doc, r: &Raw) -> bool {
        let quote = |g: &str| g.trim() == "\"";
        // Tokens a..b (b exclusive) are a quoted nickname inside a name.
        let quoted = |a: usize, b: usize| {
            a > 0
                && b > a
                && doc.cap(a - 1)
                && doc.cap(b)
                && doc.same_sentence(a - 1, b)
                && quote(doc.gap(a - 1, a))
                && quote(doc.gap(b - 1, b))
        };
        quoted(r.t0, r.t1) || (r.t1 > r.t0 && (r.t1 + 1..r.t1 + 5).any(|b| quoted(r.t1, b)))
    }

    fn container_of_unresolved(
        &self,
        doc: &Doc,
        raws: &[Raw],
        kept: &[Option<u32>],
        k: usize,
    ) -> Option<usize> {
        let r = raws.get(k)?;
        let ok = |j: usize| {
            raws.get(j).is_some_and(|x| {
                !x.unresolved && x.demonym.is_none() && doc.same_sentence(x.t0, r.t0)
            }) && kept.get(j).is_some_and(|c| c.is_some())
        };
        if let Some(c) = r.container.filter(|&c| ok(c)) {
            return Some(c);
        }
        ((k + 1)..raws.len())
            .take(3)
            .find(|&j| {
                ok(j)
                    && raws.get(j).is_some_and(|x| {
                        x.t0 <= r.t1 + 10 && self.same_clause_or_linked(doc, r.t1, x.t0)
                    })
            })
            .or_else(|| (0..k).rev().take(3).find(|&j| ok(j)))
    }

    /// A name after an unknown one is where it lies only in its clause ("the
    /// village of X near Y on Monday"), or right after a comma by a link
    /// word ("X, near Y", "X, in the Y"): not a name told after a comma with
    /// other words ("the village of X on Sunday, the ministry said in Y":
    /// where the telling was). `from` is the token after the unknown name,
    /// `to` the later name's first token.
    fn same_clause_or_linked(&self, doc: &Doc, from: usize, to: usize) -> bool {
        let clause_mark = |j: usize| {
            doc.gap(j.saturating_sub(1), j)
                .contains([',', ';', ':', '(', ')', '—', '–'])
        };
        let Some(cut) = (from..=to).rev().find(|&j| clause_mark(j)) else {
            return true;
        };
        let w = &self.words;
        (cut..to).all(|j| {
            let t = doc.tok_str(j);
            w.link.contains(t) || w.link_first.contains(t) || w.link_article.contains(t)
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn mention(
        &self,
        doc: &Doc,
        r: &Raw,
        place: Arc<Place>,
        precision: GeoPrecision,
        demonym: bool,
        unresolved_name: Option<String>,
        score: f32,
    ) -> PlaceMention {
        let tok_span = |i: usize| doc.span(i);
        let span = match (tok_span(r.t0), tok_span(r.t1.saturating_sub(1))) {
            (Some(a), Some(b)) => a.cover(b),
            (Some(a), None) => a,
            _ => Span::default(),
        };
        let mut phrase = span;
        if let Some((_, end, _)) = r.after {
            if let Some(b) = tok_span(end.saturating_sub(1)) {
                phrase = phrase.cover(b);
            }
        }
        if let Some((_, start, _)) = r.before {
            if let Some(a) = tok_span(start) {
                phrase = phrase.cover(a);
            }
        }
        PlaceMention {
            span,
            phrase,
            place,
            precision,
            demonym,
            unresolved_name,
            score,
        }
    }
}

/// The token is written in capitals only ("DRG", "SUV").
fn all_caps(doc: &Doc, i: usize) -> bool {
    doc.span(i).is_some_and(|t| {
        let w = t.text(doc.text);
        w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase)
    })
}

/// The token stands in shouted text: a word next to it in its sentence, past
/// only spaces, is in capitals too, and none has a lower-case letter ("IN
/// KANO", not "the PKK", "CRPF camp" or a brand's "PV*SOL").
fn shouted(doc: &Doc, i: usize) -> bool {
    let near = [i.checked_sub(1), Some(i + 1)];
    let near = near
        .iter()
        .flatten()
        .filter(|&&j| j < doc.len() && doc.same_sentence(i, j));
    let mut caps = false;
    for &j in near {
        let Some(t) = doc.span(j) else { continue };
        let w = t.text(doc.text);
        if w.chars().any(char::is_lowercase) {
            return false;
        }
        let spaced = doc.gap(i.min(j), i.max(j)).trim().is_empty();
        caps |= spaced && w.chars().any(char::is_alphabetic);
    }
    caps
}

/// The length of the key of the first `count` tokens of a run, from the key
/// lengths `lens` recorded as its first `pushed` tokens were pushed (`None`
/// when fewer were pushed, or for no token).
fn prefix_len(lens: &[usize], pushed: usize, count: usize) -> Option<usize> {
    if count == 0 || count > pushed {
        return None;
    }
    lens.get(count - 1).copied()
}

/// Token `i` continues the previous one through a hyphen ([`Doc::hyphen_joined`]).
fn hyphen_joined(doc: &Doc, i: usize) -> bool {
    doc.hyphen_joined(i)
}

/// Push a raw name; the token after it (where the scan goes on).
fn push_raw<'g>(raws: &mut Vec<Raw<'g>>, r: Raw<'g>) -> usize {
    let next = r.t1;
    raws.push(r);
    next
}

fn demonym_raw(t0: usize, t1: usize, cc: &str, key: Range<usize>) -> Raw<'_> {
    Raw {
        t0,
        t1,
        cands: 0..0,
        demonym: Some(cc),
        unresolved: false,
        key,
        after: None,
        tail: false,
        before: None,
        container: None,
        weak: false,
        stop: false,
        focus_only: false,
    }
}

/// [`best_cue`] over the cues listed in `order` (positions, ascending) when given:
/// the cues that can match at all, so the first hit is the same.
fn best_cue_in(
    cues: &[Cue],
    order: Option<&[usize]>,
    mut f: impl FnMut(&Cue) -> Option<usize>,
) -> Option<CueHit> {
    match order {
        Some(ix) => ix.iter().find_map(|&k| {
            let c = cues.get(k)?;
            f(c).map(|p| (c.effect, p, k))
        }),
        None => best_cue(cues, f),
    }
}

fn best_cue(cues: &[Cue], mut f: impl FnMut(&Cue) -> Option<usize>) -> Option<CueHit> {
    cues.iter()
        .enumerate()
        .find_map(|(k, c)| f(c).map(|p| (c.effect, p, k)))
}

/// Writes to `first`, for each raw, the index of the first raw whose key is
/// the same (its own index for the first of its name). A few names are
/// compared pairwise; more go through `by_hash`, the first raw of each key
/// hash (kept between calls: its keys are plain numbers), with a pairwise
/// search only when two keys share a hash.
fn same_key_groups<'k>(
    raws: &[Raw],
    key: impl Fn(&Raw) -> &'k str,
    first: &mut Vec<u32>,
    by_hash: &mut FxHashMap<u64, u32>,
) {
    first.clear();
    by_hash.clear();
    let scan = |k: usize, kr: &str| {
        raws.get(..k)
            .and_then(|before| before.iter().position(|x| key(x) == kr))
            .unwrap_or(k)
    };
    let few = raws.len() <= 16;
    for (k, r) in raws.iter().enumerate() {
        let kr = key(r);
        let g = if few {
            scan(k, kr)
        } else {
            let h = FxBuildHasher.hash_one(kr);
            match by_hash.entry(h) {
                Entry::Vacant(v) => {
                    v.insert(k as u32);
                    k
                }
                Entry::Occupied(o) => {
                    let j = *o.get() as usize;
                    if raws.get(j).is_some_and(|x| key(x) == kr) {
                        j
                    } else {
                        scan(k, kr)
                    }
                }
            }
        };
        first.push(g as u32);
    }
}

/// Candidates within this much of the best score count for unanimity.
const UNANIMOUS_GAP: f64 = 3.0;

/// A place this far (km) from every place of the report's context lies in an
/// unrelated country (neighbours' border towns are nearer).
const FAR_KM: f64 = 1500.0;

/// Weight of the region-coherence term (per vote of the other names, at most 1).
const COHERENCE: f64 = 2.5;

/// Admin1 votes of a document's names (see `Gazetteer::region_votes`), by
/// admin1 code id.
#[derive(Debug, Default)]
struct RegionVotes<'v> {
    votes: &'v [f64],
    /// Per raw: the votes of its name (a range of `entries`; empty for a name
    /// that did not vote).
    own: Vec<Range<usize>>,
    /// (admin1 id, vote) of each voting name, consecutive per name.
    entries: Vec<(u32, f64)>,
}

impl RegionVotes<'_> {
    /// Votes of the names other than raw `k`'s for `a1`, at most 1.
    fn others(&self, k: usize, a1: u32) -> f64 {
        if a1 == NO_CODE {
            return 0.0;
        }
        let all = tally(self.votes, a1);
        let own = self
            .own
            .get(k)
            .and_then(|r| self.entries.get(r.clone()))
            .and_then(|e| e.iter().find(|x| x.0 == a1))
            .map_or(0.0, |x| x.1);
        (all - own).clamp(0.0, 1.0)
    }
}

/// The country-focus tallies of resolution's pass 1, by code id (see
/// [`Codes`]).
struct Tallies<'t> {
    /// Countries of the confident names and demonyms (and, at half weight,
    /// of the unanimous names).
    focus: &'t mut [f64],
    /// First-level units of the confident names.
    a1: &'t mut [f64],
    /// Countries whose only evidence is unanimous names: they steer the
    /// choice but do not let minor places in.
    soft: &'t mut [f64],
    /// By raw: the country it gave a whole vote for ([`NO_CODE`] if none).
    voted_for: &'t mut Vec<u32>,
}

/// The document's focus as pass 2 of resolution reads it: pass 1's
/// tallies and their totals, and the caller's hint.
struct Focus<'t> {
    focus: &'t [f64],
    a1: &'t [f64],
    soft: &'t [f64],
    total: f64,
    total_a1: f64,
    /// The caller's country hint as a code id (`None` when no reading is in
    /// that country).
    hint: Option<u32>,
    /// The country the report was filed in (its dateline's), likewise.
    filed: Option<u32>,
    /// No hint, and no country that the confident names point at.
    no_hard: bool,
}

impl<'t> Focus<'t> {
    fn new(t: Tallies<'t>, hint: Option<u32>, filed: Option<u32>) -> Focus<'t> {
        let (focus, a1, soft): (&[f64], &[f64], &[f64]) = (t.focus, t.a1, t.soft);
        let mut f = Focus {
            focus,
            a1,
            soft,
            total: focus.iter().sum(),
            total_a1: a1.iter().sum(),
            hint,
            filed,
            no_hard: false,
        };
        f.no_hard = hint.is_none() && !(0..focus.len()).any(|cc| f.hard(cc as u32));
        f
    }

    /// A country the confident names point at (not only unanimous names).
    fn hard(&self, cc: u32) -> bool {
        tally(self.focus, cc) - tally(self.soft, cc) > 0.0
    }

    /// The share of first-level unit `a1` in the focus.
    fn share_a1(&self, a1: u32) -> f64 {
        if a1 != NO_CODE && self.total_a1 > 0.0 {
            tally(self.a1, a1) / self.total_a1
        } else {
            0.0
        }
    }
}

/// What pass 2 of resolution makes of a known name.
enum Verdict<'a> {
    /// Kept as this reading and place, with its precision and score.
    Keep(Reading<'a>, &'a Arc<Place>, GeoPrecision, f32),
    /// A small place abroad: left for the fallback to the focus country.
    Abroad,
    Drop,
}

/// Pass 2 of resolution: what it reads about the document (the names, their
/// readings as scored in pass 1, the country focus and the region votes) to
/// choose each name's reading and keep or drop the name.
struct Pass2<'a> {
    gaz: &'a Gazetteer,
    doc: &'a Doc<'a>,
    raws: &'a [Raw<'a>],
    rd: &'a [Reading<'a>],
    keys: &'a str,
    scored: &'a [(u32, usize, f64)],
    focus: Focus<'a>,
    region: &'a RegionVotes<'a>,
    votes: PlaceVotes<'a>,
}

/// The whole country votes of the document's place names (demonyms and
/// country names used like them, "a US air strike", left out), counted by
/// name key and country, so that a name's own votes can be told from the
/// others' ([`Pass2::hard_beyond_itself`]).
#[derive(Default)]
struct PlaceVotes<'a> {
    by_key_cc: FxHashMap<(&'a str, u32), u32>,
    by_key: FxHashMap<&'a str, u32>,
    by_cc: FxHashMap<u32, u32>,
    total: u32,
    /// Where the report's context lies: (name key, country id, lat, lon,
    /// first token, strong) of each whole vote (its name's best reading; a
    /// demonym of a place, its country's capital), and of the caller's hint
    /// and the dateline's country (key "", token `usize::MAX`), for
    /// [`Pass2::far_from_context`]. Strong: a country, an admin unit, a
    /// city of 100,000, a demonym of a place, the hint or the dateline.
    points: Vec<(&'a str, u32, f64, f64, usize, bool)>,
}

impl<'a> PlaceVotes<'a> {
    /// Counts the votes of `raws` (`voted_for` by raw, as pass 1 gave them;
    /// `scored` their readings by score, as pass 1 left them).
    fn new(
        gaz: &Gazetteer,
        doc: &Doc,
        raws: &[Raw],
        rd: &[Reading],
        scored: &[(u32, usize, f64)],
        voted_for: &[u32],
        keys: &'a str,
    ) -> PlaceVotes<'a> {
        let mut v = PlaceVotes::default();
        for (r, &cc) in raws.iter().zip(voted_for) {
            if cc == NO_CODE {
                continue;
            }
            let key = keys.get(r.key.clone()).unwrap_or("");
            // A demonym counts only where it names the country of a place
            // ("the Chadian town of X", "the Malian Mopti region"), not of
            // an actor ("Turkish drones struck near X").
            if let Some(iso) = r.demonym {
                if !gaz.demonym_of_place(doc, r) {
                    continue;
                }
                if let Some(c) = gaz.country_row(iso).and_then(|i| gaz.record(i)) {
                    v.points
                        .push((key, cc, c.place.lat, c.place.lon, r.t0, true));
                }
            } else {
                let top = scored
                    .get(r.cands.clone())
                    .and_then(|sc| sc.first())
                    .and_then(|x| rd.get(x.1))
                    .and_then(|c| c.place);
                let country = top.is_some_and(|p| p.kind == PlaceKind::Country);
                if country && attributive(doc, r, &gaz.words.place_preposition) {
                    continue;
                }
                if let Some(p) = top {
                    let strong = p.kind != PlaceKind::Populated && p.kind != PlaceKind::Site
                        || p.population >= 100_000;
                    v.points.push((key, cc, p.lat, p.lon, r.t0, strong));
                }
            }
            *v.by_key_cc.entry((key, cc)).or_default() += 1;
            *v.by_key.entry(key).or_default() += 1;
            *v.by_cc.entry(cc).or_default() += 1;
            v.total += 1;
        }
        v
    }

    /// Adds the point of country `iso` (its capital), with code id `cc`, to
    /// the context points (the caller's hint, the dateline's country).
    fn add_country(&mut self, gaz: &Gazetteer, iso: Option<&str>, cc: Option<u32>) {
        let (Some(iso), Some(cc)) = (iso, cc) else {
            return;
        };
        if let Some(c) = gaz.country_row(iso).and_then(|i| gaz.record(i)) {
            self.points
                .push(("", cc, c.place.lat, c.place.lon, usize::MAX, true));
        }
    }
}

impl<'a> Pass2<'a> {
    /// The key of a raw.
    fn key(&self, r: &Raw) -> &'a str {
        self.keys.get(r.key.clone()).unwrap_or("")
    }

    /// Country `cc` is one the confident names point at, and not only by
    /// the votes of this very name (`r` and its repetitions) while the
    /// report's other names point at another country: "the town of X" read
    /// as a homonym abroad does not vouch for itself against a report whose
    /// other place names point at another country. A name that is the
    /// report's only place evidence keeps its own vote ("in the town of X"
    /// alone, or with only a demonym of another country).
    fn hard_beyond_itself(&self, r: &Raw, cc: u32) -> bool {
        let focus = &self.focus;
        if !focus.hard(cc) {
            return false;
        }
        let key = self.key(r);
        let v = &self.votes;
        let own = v.by_key_cc.get(&(key, cc)).copied().unwrap_or(0);
        if own == 0 || tally(focus.focus, cc) - tally(focus.soft, cc) - f64::from(own) > 0.0 {
            return true;
        }
        // Another country counts only when the report's other place names
        // point at it: a demonym ("Turkish drones struck near X") names
        // the attacker's country as often as the place's.
        let to_others = v.total - v.by_cc.get(&cc).copied().unwrap_or(0);
        let own_to_others = v.by_key.get(key).copied().unwrap_or(0) - own;
        to_others <= own_to_others
    }

    /// The share of country `cc` in the focus without the whole votes of
    /// the name of `r` itself (and its repetitions): a homonym abroad does not
    /// vouch for its own reading ("near Nara" in a report from Bamako).
    fn share_beyond_itself(&self, r: &Raw, cc: u32) -> f64 {
        let key = self.key(r);
        let v = &self.votes;
        let own = f64::from(v.by_key_cc.get(&(key, cc)).copied().unwrap_or(0));
        let own_all = f64::from(v.by_key.get(key).copied().unwrap_or(0));
        let total = self.focus.total - own_all;
        if total <= 0.0 {
            0.0
        } else {
            ((tally(self.focus.focus, cc) - own) / total).max(0.0)
        }
    }

    /// Place `p` (of country id `cc`), a reading of raw `r`, lies more than
    /// [`FAR_KM`] from every place of another country where the report's
    /// other names (and the hint and the dateline) put it, and a strong one
    /// of those (see [`PlaceVotes::points`]) is named in the same sentence
    /// as `r` (or is the hint or the dateline's country): "Paro airstrip in
    /// Nduga, Papua", not a town of the report's own act with a speaker's
    /// country in the next sentence, nor Charleston beside a park that the
    /// gazetteer knows only in Australia.
    fn far_from_context(&self, r: &Raw, cc: u32, p: &Place) -> bool {
        let key = self.key(r);
        let mut any = false;
        for &(k, c, lat, lon, t, strong) in &self.votes.points {
            if k == key || c == cc || !self.focus.hard(c) && self.focus.hint != Some(c) {
                continue;
            }
            if haversine_km((lat, lon), (p.lat, p.lon)) <= FAR_KM {
                return false;
            }
            any |= strong && (t == usize::MAX || self.doc.same_sentence(t, r.t0));
        }
        any
    }

    /// Raw k's final choice: (reading index, score, second best score). A
    /// reading's local score gains 3 × its country's share of the focus
    /// without this name's own votes, 2 × its first-level unit's, the votes
    /// of the document's other names that can lie in the same unit ("Athens"
    /// with "Clarke County"), and 2 in the caller's hinted country (or, with
    /// no hint, the dateline's).
    fn choose(&self, k: usize, r: &Raw) -> Option<(usize, f64, f64)> {
        let mut best: Option<(u32, usize, f64)> = None;
        let mut second = f64::MIN;
        for &(idx, ri, s) in self.scored.get(r.cands.clone()).unwrap_or(&[]) {
            let Some(c) = self.rd.get(ri).filter(|c| c.place.is_some()) else {
                continue;
            };
            let mut s =
                s + 3.0 * self.share_beyond_itself(r, c.cc) + 2.0 * self.focus.share_a1(c.a1);
            s += COHERENCE * self.region.others(k, c.a1);
            // (The dateline's country stands for the hint when there is none:
            // "near Nara" in a report filed from Bamako.)
            if self.focus.hint.or(self.focus.filed) == Some(c.cc) {
                s += 2.0;
            }
            match best {
                Some((bc, _, bs)) if s > bs || (s == bs && idx < bc) => {
                    second = second.max(bs);
                    best = Some((idx, ri, s));
                }
                Some(_) => second = second.max(s),
                None => best = Some((idx, ri, s)),
            }
        }
        best.map(|(_, ri, s)| (ri, s, second))
    }

    /// Demonyms and known names to mentions (into `out`): each demonym as
    /// its country; each known name as its verdict ([`Pass2::verdict`])
    /// says, the place kept recorded in `kept` and a small place abroad in
    /// `abroad`. Returns the focus country with the most evidence among the
    /// kept names.
    fn keep_names(
        &self,
        out: &mut Vec<PlaceMention>,
        kept: &mut [Option<u32>],
        abroad: &mut Vec<usize>,
    ) -> Option<Arc<Place>> {
        let (gaz, doc) = (self.gaz, self.doc);
        let mut top_focus: Option<(f64, Arc<Place>)> = None;
        for (k, r) in self.raws.iter().enumerate() {
            if let Some(cc) = r.demonym {
                let Some(country) = gaz.country_row(cc).and_then(|i| gaz.record(i)) else {
                    continue;
                };
                // A demonym of a place ("the Chadian Lake province") says
                // where the report's places lie, as a kept name would.
                if gaz.demonym_of_place(doc, r) {
                    let key = self.key(r);
                    let code = self.votes.points.iter().find(|x| x.0 == key).map(|x| x.1);
                    let weight = code.map_or(0.0, |c| tally(self.focus.focus, c));
                    if top_focus.as_ref().is_none_or(|t| weight > t.0) {
                        top_focus = Some((weight, Arc::clone(&country.place)));
                    }
                }
                out.push(gaz.mention(
                    doc,
                    r,
                    Arc::clone(&country.place),
                    GeoPrecision::Country,
                    true,
                    None,
                    0.9,
                ));
                continue;
            }
            if r.unresolved {
                continue;
            }
            let (c, p, precision, score) = match self.verdict(k, r) {
                Verdict::Keep(c, p, precision, score) => (c, p, precision, score),
                Verdict::Abroad => {
                    abroad.push(k);
                    continue;
                }
                Verdict::Drop => continue,
            };
            if let Some(slot) = kept.get_mut(k) {
                *slot = Some(c.idx);
            }
            let weight = tally(self.focus.focus, c.cc);
            if self.focus.hard(c.cc) && top_focus.as_ref().is_none_or(|t| weight > t.0) {
                if let Some(country) = gaz.country_row(&p.country).and_then(|i| gaz.record(i)) {
                    top_focus = Some((weight, Arc::clone(&country.place)));
                }
            }
            out.push(gaz.mention(
                doc,
                r,
                Arc::clone(p),
                precision,
                false,
                None,
                score.clamp(0.05, 0.99),
            ));
        }
        top_focus.map(|t| t.1)
    }

    /// The verdict on known name k: its chosen reading ([`Pass2::choose`]),
    /// or for a small town with no context the admin unit of the same name
    /// around it ([`Pass2::unit_of_small_town`]); dropped or abroad as
    /// [`Pass2::dropped`] says, else kept with a precision (a near point
    /// after "near" or before "area") and a score from the margin over the
    /// second best reading.
    fn verdict(&self, k: usize, r: &Raw) -> Verdict<'a> {
        let Some((ri, s, second)) = self.choose(k, r) else {
            return Verdict::Drop;
        };
        let Some(c) = self.rd.get(ri).copied() else {
            return Verdict::Drop;
        };
        let Some(p) = c.place else {
            return Verdict::Drop;
        };
        let (c, p) = self.unit_of_small_town(r, c, p);
        if let Some(v) = self.dropped(k, r, &c, p) {
            return v;
        }
        let near = matches!(r.before, Some((CueEffect::Near, _, _)))
            || matches!(r.after, Some((CueEffect::Area, _, _)));
        let precision = match p.kind {
            PlaceKind::Country => GeoPrecision::Country,
            PlaceKind::Admin1 => GeoPrecision::Admin1,
            PlaceKind::Admin2 => GeoPrecision::Admin2,
            _ if near => GeoPrecision::NearPoint,
            _ => GeoPrecision::Point,
        };
        let margin = if second == f64::MIN { 4.0 } else { s - second };
        let score = (1.0 / (1.0 + (-margin).exp())) as f32;
        Verdict::Keep(c, p, precision, score)
    }

    /// A small town with no context (no cue or container, outside the focus
    /// and the hint) falls back to the admin unit of the same name that
    /// contains it (the district of a district seat): that unit's reading
    /// and place, else `c` and `p` as they are.
    fn unit_of_small_town(
        &self,
        r: &Raw,
        c: Reading<'a>,
        p: &'a Arc<Place>,
    ) -> (Reading<'a>, &'a Arc<Place>) {
        if p.kind == PlaceKind::Populated
            && p.population < 100_000
            && !matches!(p.feature_code.as_str(), "PPLC" | "PPLA")
            && !self.focus.hard(c.cc)
            && self.focus.hint != Some(c.cc)
            && !self.gaz.supported(self.raws, r, p)
        {
            let unit = readings_of(self.rd, r).iter().find(|d| {
                !d.alt
                    && d.place.is_some_and(|q| {
                        matches!(q.kind, PlaceKind::Admin1 | PlaceKind::Admin2) && d.a1 == c.a1
                    })
            });
            if let Some(d) = unit {
                if let Some(q) = d.place {
                    return (*d, q);
                }
            }
        }
        (c, p)
    }

    /// Whether known name k, read as `c` (place `p`), is dropped
    /// (`Some(Drop)`), left as a small place abroad (`Some(Abroad)`) or kept
    /// (`None`). Support is a fitting cue or an admin context ("X, Y", or
    /// being one); the focus is the countries the confident names point at,
    /// the hint, the other names' region votes, or a lone name in a report
    /// that names no country ("in Zhob"). Dropped: a stop name without
    /// support; a weak name without support outside the focus, or next to a
    /// capitalised word; a minor place (a small town, a bare district, an
    /// alternate name) without support outside the focus; a small town's
    /// one-word name opening its sentence; an unsupported name that looks
    /// part of a person's or organisation's name. Abroad: a minor town known
    /// only in another country while the report is clearly elsewhere.
    fn dropped(&self, k: usize, r: &Raw, c: &Reading, p: &Place) -> Option<Verdict<'a>> {
        let (gaz, doc, raws, focus) = (self.gaz, self.doc, self.raws, &self.focus);
        let alt = c.alt;
        let (weak, stop) = (r.weak, r.stop);
        // With no confident mention of any country, a name whose every
        // reading lies in one country ("in Zhob", "in Daraa": a town and
        // its district, or one sizeable town) is the best evidence of
        // where the report is.
        let lone = || {
            let sc = self.scored.get(r.cands.clone()).unwrap_or(&[]);
            focus.no_hard
                && lone_place(doc, r, &gaz.words.place_preposition)
                && (unanimous(self.rd, sc) || one_country(self.rd, sc, self.key(r)))
        };
        let in_focus = self.hard_beyond_itself(r, c.cc)
            || focus.hint == Some(c.cc)
            || self.region.others(k, c.a1) >= 0.5
            || lone();
        let supported = gaz.supported(raws, r, p) || gaz.is_container(raws, k);
        // In shouted text (a headline in capitals) a common word is
        // capitalised like any other, so a cue or a container next to it
        // ("VILLAGE MARKET IN ZAMFARA", "GARRISON TOWN") makes no name of it.
        if stop && (!supported || shouted(doc, r.t0)) {
            return Some(Verdict::Drop);
        }
        if weak && !supported && !in_focus {
            return Some(Verdict::Drop);
        }
        if r.focus_only && !in_focus {
            return Some(Verdict::Drop);
        }
        if weak && gaz.person_like(doc, r) {
            return Some(Verdict::Drop);
        }
        if p.kind != PlaceKind::Country && gaz.nickname(doc, r) {
            return Some(Verdict::Drop);
        }
        let single = r.t1 == r.t0 + 1;
        let minor = match p.kind {
            PlaceKind::Populated => {
                (p.population < 100_000 && !matches!(p.feature_code.as_str(), "PPLC" | "PPLA"))
                    || (alt && doc.sentence_start(r.t0))
            }
            // A district named bare, far from the document's countries,
            // is more often a person or a word than the district.
            PlaceKind::Admin2 => single,
            _ => false,
        } || (alt && single && p.feature_code != "PPLC" && p.population < 1_000_000);
        if minor && !supported && !in_focus {
            return Some(Verdict::Drop);
        }
        // "Walls sprayed with bullets …": a small town's one-word name
        // opening its sentence, with no cue or container, is more often a
        // word capitalised there, even in a country the report is about.
        if minor
            && single
            && !supported
            && p.kind == PlaceKind::Populated
            && doc.sentence_start(r.t0)
            && !gaz.is_container(raws, k)
        {
            return Some(Verdict::Drop);
        }
        // "the town of X" where the gazetteer knows only an X in another
        // country while the report is clearly elsewhere (a homonym
        // abroad): read as a place it lacks, in the report's country.
        if minor
            && !in_focus
            && !focus.no_hard
            && p.kind == PlaceKind::Populated
            && r.container.is_none()
            && !gaz.is_container(raws, k)
        {
            return Some(Verdict::Abroad);
        }
        if !supported
            && (minor || !in_focus)
            && p.kind != PlaceKind::Country
            && gaz.person_like(doc, r)
        {
            return Some(Verdict::Drop);
        }
        if !supported
            && !matches!(p.kind, PlaceKind::Country | PlaceKind::Admin1)
            && gaz.inside_name(doc, r)
        {
            return Some(Verdict::Drop);
        }
        // A town of modest size (an admin seat under 100,000, or a town
        // read only by an alternate name) known only in a country far from
        // every place the report's other names lie in ("Paro airstrip in
        // Nduga, Papua" is not Bhutan's Paro; Dara near Baghlan is not Syria's
        // Daraa): a place the gazetteer lacks, in the report's country.
        let modest = p.kind == PlaceKind::Populated
            && p.feature_code != "PPLC"
            && p.population < if alt { 1_000_000 } else { 100_000 };
        if (minor || modest)
            && p.kind == PlaceKind::Populated
            && !weak
            && !stop
            && !in_focus
            && !focus.no_hard
            && r.container.is_none()
            && !gaz.is_container(raws, k)
            && self.far_from_context(r, c.cc, p)
        {
            return Some(Verdict::Abroad);
        }
        None
    }

    /// Unknown names fall back to the nearest kept name of their sentence
    /// ("Foo village near Bar" → Bar, precision near point), keeping their
    /// own name: mentions into `out`.
    fn unresolved(&self, kept: &[Option<u32>], out: &mut Vec<PlaceMention>) {
        let (gaz, doc) = (self.gaz, self.doc);
        for (k, r) in self.raws.iter().enumerate() {
            if !r.unresolved {
                continue;
            }
            let Some(ci) = gaz.container_of_unresolved(doc, self.raws, kept, k) else {
                continue;
            };
            let Some(&Some(c)) = kept.get(ci) else {
                continue;
            };
            let Some(p) = gaz.record(c).map(|r| &r.place) else {
                continue;
            };
            let name = doc.written(r);
            out.push(gaz.mention(doc, r, Arc::clone(p), near_precision(p), false, name, 0.5));
        }
    }

    /// Small places abroad (`abroad`, from [`Pass2::keep_names`]) read as
    /// places the gazetteer lacks in the focus country (`country`): as the
    /// nearest kept name of the sentence when it lies in that country, else
    /// as the country itself; mentions into `out`.
    fn abroad(
        &self,
        abroad: &[usize],
        kept: &[Option<u32>],
        country: Option<&Arc<Place>>,
        out: &mut Vec<PlaceMention>,
    ) {
        let (gaz, doc) = (self.gaz, self.doc);
        for &k in abroad {
            let (Some(r), Some(country)) = (self.raws.get(k), country) else {
                continue;
            };
            // The nearest kept name of the sentence, when it lies in the
            // focus country or in another country the report is about
            // ("Paro airstrip in Papua" in a report that also names a New
            // Zealand pilot).
            let near = gaz
                .container_of_unresolved(doc, self.raws, kept, k)
                .and_then(|ci| {
                    let c = kept.get(ci).copied().flatten()?;
                    let hard = readings_of(self.rd, self.raws.get(ci)?)
                        .iter()
                        .any(|d| d.idx == c && self.focus.hard(d.cc));
                    Some((gaz.record(c)?, hard))
                })
                .filter(|(x, hard)| *hard || x.place.country == country.country)
                .map(|(x, _)| &x.place);
            let (place, precision) = match near {
                Some(p) => (Arc::clone(p), near_precision(p)),
                None => (Arc::clone(country), GeoPrecision::Country),
            };
            let name = doc.written(r);
            out.push(gaz.mention(doc, r, place, precision, false, name, 0.4));
        }
    }
}

/// The precision of a name placed at or near a place of its sentence:
/// the unit itself, or a near point.
fn near_precision(p: &Place) -> GeoPrecision {
    match p.kind {
        PlaceKind::Country => GeoPrecision::Country,
        PlaceKind::Admin1 => GeoPrecision::Admin1,
        PlaceKind::Admin2 => GeoPrecision::Admin2,
        _ => GeoPrecision::NearPoint,
    }
}

/// Every candidate of the name that scores near the best one (at least two,
/// or one admin unit or site) lies in the same country. `sc` is the name's
/// (record index, reading index, score), best first.
fn unanimous(rd: &[Reading], sc: &[(u32, usize, f64)]) -> bool {
    let mut cc: Option<u32> = None;
    let mut unit = false;
    let top = sc.first().map_or(0.0, |x| x.2);
    let mut near = 0;
    for x in sc.iter().filter(|x| x.2 >= top - UNANIMOUS_GAP) {
        near += 1;
        let Some(c) = rd.get(x.1) else { return false };
        let Some(p) = c.place else { return false };
        if c.alt {
            return false;
        }
        unit |= matches!(
            p.kind,
            PlaceKind::Admin1 | PlaceKind::Admin2 | PlaceKind::Site
        );
        match cc {
            Some(y) if y != c.cc => return false,
            _ => cc = Some(c.cc),
        }
    }
    cc.is_some() && (near >= 2 || unit)
}

/// Every reading of the name near the best one lies in one country, and
/// together they make a place worth naming: a town and the unit named after
/// it, a first-level unit, or a town of at least [`LONE_TOWN_POP`] people or
/// an admin seat, or a hand-curated town or village under its own name
/// (`places-extra.tsv` names no common word or person, and its places are
/// there because conflict news names them). An alternate-name reading
/// counts only when it spells the place's own name ("Aybak" for "Aībak")
/// in a key of five letters or more; others are left out ("Francisco" for
/// "Amancio"). Used only when the
/// document names no country confidently.
fn one_country(rd: &[Reading], sc: &[(u32, usize, f64)], key: &str) -> bool {
    let top = sc.first().map_or(0.0, |x| x.2);
    let mut cc: Option<u32> = None;
    let (mut n, mut town, mut worth) = (0, false, false);
    for x in sc.iter().filter(|x| x.2 >= top - UNANIMOUS_GAP) {
        let Some(c) = rd.get(x.1) else { return false };
        let Some(p) = c.place else { return false };
        if c.alt && (key.len() < 5 || !c.spelled(key)) {
            continue;
        }
        match cc {
            Some(y) if y != c.cc => return false,
            _ => cc = Some(c.cc),
        }
        n += 1;
        town |= p.kind == PlaceKind::Populated;
        worth |= p.kind == PlaceKind::Admin1
            || (p.kind == PlaceKind::Populated
                && (p.population >= LONE_TOWN_POP
                    || matches!(p.feature_code.as_str(), "PPLC" | "PPLA" | "PPLA2")
                    || (!c.alt && curated_town(p))));
    }
    cc.is_some() && ((n >= 2 && town) || worth)
}

/// A name that may stand for a place on its own readings: written with a
/// capital at its end, not opening its sentence (where common words are
/// capitalised too), right after a preposition of place ("in Zhob", class
/// `place_preposition` of `place-words.tsv`: `prepositions`).
fn lone_place(doc: &Doc, r: &Raw, prepositions: &ShortWords) -> bool {
    doc.cap(r.t1.saturating_sub(1))
        && !doc.sentence_start(r.t0)
        && after_place_preposition(doc, r, prepositions)
}

/// The name's sentence has a preposition of place right before it ("in Zhob").
fn after_place_preposition(doc: &Doc, r: &Raw, prepositions: &ShortWords) -> bool {
    r.t0 > 0 && doc.same_sentence(r.t0 - 1, r.t0) && prepositions.contains(doc.tok_str(r.t0 - 1))
}

/// A name used like an adjective before a word ("a US air strike", "US
/// Africa Command said"): followed in its sentence, after a plain space, by a
/// word, and not right after a preposition of place ("in Chad on Monday").
fn attributive(doc: &Doc, r: &Raw, prepositions: &ShortWords) -> bool {
    let next = doc.tok_str(r.t1);
    doc.same_sentence(r.t1.saturating_sub(1), r.t1)
        && doc.gap(r.t1.saturating_sub(1), r.t1) == " "
        && next.starts_with(|c: char| c.is_alphanumeric())
        && !after_place_preposition(doc, r, prepositions)
}

/// A town alone under its name, in a document that names no country, is
/// kept from this population up (below it, too many are also words or names).
const LONE_TOWN_POP: u64 = 20_000;

/// Add `x` to the tally of code `id` (nothing for `None` or [`NO_CODE`]).
fn add(v: &mut [f64], id: Option<u32>, x: f64) {
    if let Some(slot) = id.and_then(|i| v.get_mut(i as usize)) {
        *slot += x;
    }
}

/// The readings of a raw.
fn readings_of<'a, 'g>(rd: &'a [Reading<'g>], r: &Raw) -> &'a [Reading<'g>] {
    rd.get(r.cands.clone()).unwrap_or(&[])
}

/// A cue found next to a name: its effect, the token where the cue phrase
/// ends (after-cue) or starts (before-cue), and its index in the lexicon list.
type CueHit = (CueEffect, usize, usize);

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokenizer as it was before the gap class table and the identity
    /// shortcut (every span mapped through the fold, sentences counted token
    /// by token): the reference [`tokenize`] must equal.
    fn tokenize_reference(
        text: &str,
        sentences: &[Span],
        exclude: &[Span],
    ) -> Vec<(usize, usize, bool, u32, bool, bool)> {
        let f = Sparse::new(text);
        let mut out = Vec::new();
        let mut sent = 0u32;
        let mut prev_fe = 0usize;
        let fb = f.text.as_bytes();
        let mut cursor = 0;
        let mut prev_one = false;
        for (k, (fs, fe)) in crate::key::Tokens::new(&f.text).enumerate() {
            let span = f.next_span(&mut cursor, fs, fe);
            let gap = fb.get(prev_fe..fs).unwrap_or(&[]);
            let mut joined = false;
            if k > 0 {
                while sentences
                    .get(sent as usize)
                    .is_some_and(|s| s.end <= span.start)
                {
                    sent += 1;
                }
                joined = (gap.len() <= 3
                    && gap.iter().all(|&b| b == b' ' || b == b'-')
                    && !(gap.contains(&b'-') && gap.contains(&b' ')))
                    || (prev_one && (gap == b"." || gap == b". "));
            }
            prev_one = fe - fs == 1;
            let cap = text
                .get(span.start..)
                .and_then(|s| s.chars().next())
                .is_some_and(char::is_uppercase);
            let excluded = exclude.iter().any(|x| x.overlaps(span));
            out.push((fs, fe, cap, sent, joined, excluded));
            prev_fe = fe;
        }
        out
    }

    /// Pseudo-random texts over pieces rich in the tokenizer's edge cases.
    fn generated(seed: u64, count: usize) -> Vec<String> {
        const PIECES: [&str; 40] = [
            " ", "  ", "-", " - ", ".", ". ", "\n", "!", "?", ";", ",", "'", "'s", "\u{2019}",
            "\u{2026}", "...", "U", "S", "Al", "al", "Kabul", "KABUL", "é", "É", "Ñu", "\u{301}",
            "ß", "\u{a0}", "\u{2014}", "`", "x", "Mazar", "e", "Sharif", "1", "20", "\u{201c}",
            "пять", "Ωmega", "\t",
        ];
        sitrep_text::testgen::glue(seed, count, &PIECES, 20)
    }

    /// What the accessors of a [`Doc`] tell of each token, as the reference
    /// gives it: (folded start, end, capital, sentence, joined, excluded).
    fn read(doc: &Doc) -> Vec<(usize, usize, bool, u32, bool, bool)> {
        (0..doc.len())
            .map(|i| {
                let (s, e) = doc.range(i).unwrap();
                let sent = u32::try_from(doc.sent(i).unwrap()).unwrap();
                (s, e, doc.cap(i), sent, doc.joined(i), doc.excluded(i))
            })
            .collect()
    }

    #[test]
    fn tokenize_equals_the_reference() {
        // One set of buffers reused across texts, as between calls.
        let (mut f, mut toks) = (Sparse::default(), Vec::new());
        for (n, t) in generated(7, 20_000).iter().enumerate() {
            let exclude = if n % 3 == 0 {
                vec![Span::new(2, 9)]
            } else {
                Vec::new()
            };
            let sentences = sitrep_text::sentences(t).unwrap();
            f.refold(t);
            tokenize(t, &f, &sentences, &mut toks);
            let doc = Doc {
                text: t,
                f: Fold::Sparse(&f),
                words: &toks,
                cuts: &[],
                exclude: &exclude,
            };
            assert_eq!(
                read(&doc),
                tokenize_reference(t, &sentences, &exclude),
                "{t:?}"
            );
        }
    }

    /// A report Doc's words read in place as tokens ([`cuts_of_words`]) are
    /// those [`tokenize`] cuts from its text, with the same spans and words
    /// (possessives, apostrophes, non-ASCII text, exclusions).
    #[test]
    fn words_read_in_place_equal_tokenize() {
        let lex = sitrep_text::Lexicons::embedded().unwrap();
        let (mut f, mut want, mut cuts) = (Sparse::default(), Vec::new(), Vec::new());
        let mut texts = generated(11, 20_000);
        texts.push("Kabul's west, d'Ivoire's 'x' o'Neil's a's's b' \u{2019}s É's".into());
        let mut in_place = 0;
        for (n, t) in texts.iter().enumerate() {
            let exclude = if n % 3 == 0 {
                vec![Span::new(2, 9)]
            } else {
                Vec::new()
            };
            let d = lex.doc_of_text(t);
            f.refold(t);
            tokenize(t, &f, &d.sentences, &mut want);
            let bare = Doc {
                text: t,
                f: Fold::Sparse(&f),
                words: &want,
                cuts: &[],
                exclude: &exclude,
            };
            if !cuts_of_words(&d, &mut cuts) {
                continue;
            }
            in_place += 1;
            let doc = Doc {
                text: t,
                f: Fold::Dense(&d.folded),
                words: &d.words,
                cuts: &cuts,
                exclude: &exclude,
            };
            assert_eq!(read(&doc), read(&bare), "{t:?}");
            let spans = |doc: &Doc| {
                (0..doc.len())
                    .map(|i| (doc.span(i), doc.tok_str(i).to_string()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(spans(&doc), spans(&bare), "{t:?}");
        }
        assert!(in_place > texts.len() / 2, "{in_place}");
    }
}
