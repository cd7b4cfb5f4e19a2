/*!
The text layer's knowledge, read from plain files under `data/lexicons/` so an
analyst can edit it without touching Rust.

| file | what |
|---|---|
| `boilerplate.txt` | page-chrome lines to drop (`Photo:*` = prefix, `*reserved` = suffix) |
| `boilerplate.dateline.tsv` | dateline/byline cues: lower-case place particles, byline prefixes |
| `abbreviations.txt` | abbreviations that do (or may) not end a sentence |
| `numbers.tsv` | number words, multipliers, vague quantities, qualifiers, units |
| `dates.tsv` | month and weekday names, relative expressions, prefixes |
| `date-evidence.tsv` | phrases that bound a report's date (world facts) |

[`Lexicons::embedded`] compiles the files into the binary (parsed once, kept in a
`OnceLock`); [`Lexicons::load_dir`] reads the same files from a directory at run
time. Every free function of the crate uses the embedded copy; the methods of
[`Lexicons`] use the copy they are called on.

Look-up structures, all built at load time: every word list is a `WordTable`
(words grouped by a cheap slot hash of first byte, last byte and length, so a
look-up of a token reads two offsets and compares a few bytes); a
`PhraseSet` indexes its phrases by first word in such a table; and
`starts` holds every word a date or count may start with, so the scans skip
all other tokens after one look-up per token for both. A start word
carries flags (`DATE_*`, `QTY_*`) naming which of the scan's first-token
look-ups can succeed on it, and the scan makes only those.
*/

use crate::fold::fold_str;
use crate::tok::{tokenize, Tok};
use chrono::{NaiveDate, Weekday};
use rustc_hash::FxHashSet as HashSet;
use sitrep_core::Qualifier;
use sitrep_data::{Data, DataError, Embedded};
use std::path::Path;
use std::sync::OnceLock;

/// Why a lexicon could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// A file is missing, unreadable or has a malformed row (`file:line: reason`).
    #[error(transparent)]
    Data(#[from] DataError),
}

/// Slots of a [`WordTable`]: a word's slot is a hash of its first byte, last
/// byte and length, so finding it costs three byte reads, not a hash of the
/// whole word.
pub(crate) const SLOTS: usize = 1 << 10;

fn slot(w: &str) -> usize {
    slot_of(w.as_bytes())
}

/// [`slot`] of a word's bytes.
#[inline]
pub(crate) fn slot_of(b: &[u8]) -> usize {
    let h = u32::from(b.first().copied().unwrap_or(0))
        | u32::from(b.last().copied().unwrap_or(0)) << 8
        | (b.len().min(0xFFFF) as u32) << 16;
    (h.wrapping_mul(0x9E37_79B1) >> (32 - SLOTS.trailing_zeros())) as usize
}

/// Whether two words are the same bytes, compared inline: the words of the
/// tables are a few bytes long, shorter than the call to `memcmp` that `==`
/// on slices makes worth it (most compared pairs differ in length, or in a
/// byte near the start). Also the test of other crates' word lists.
#[inline]
pub fn same_word(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Words (folded tokens) with a value each: the lexicons' look-up table for one
/// token. Entries are kept grouped by [`slot`], with the start of each slot's
/// group in `offsets`: a look-up reads two offsets and compares the word with
/// the few entries (most often none) of its slot. Built once at load time.
#[derive(Debug, Clone)]
pub(crate) struct WordTable<V> {
    /// `offsets[k]..offsets[k + 1]` are the entries of slot `k` (empty table:
    /// no offsets at all).
    offsets: Vec<u32>,
    entries: Vec<(Box<str>, V)>,
}

impl<V> Default for WordTable<V> {
    fn default() -> Self {
        WordTable {
            offsets: Vec::new(),
            entries: Vec::new(),
        }
    }
}

impl<V> WordTable<V> {
    /// The value of `w`.
    #[inline]
    pub fn get(&self, w: &str) -> Option<&V> {
        self.get_at(slot(w), w.as_bytes())
    }
    /// The value of the word of bytes `w`, whose [`slot`] is `k` (a token's,
    /// worked out when it was cut): most words have none, and their look-up
    /// ends at the two offsets of their slot.
    #[inline]
    pub fn get_at(&self, k: usize, w: &[u8]) -> Option<&V> {
        let (&a, &b) = (self.offsets.get(k)?, self.offsets.get(k + 1)?);
        if a == b {
            return None;
        }
        self.entries
            .get(a as usize..b as usize)?
            .iter()
            .find(|(key, _)| same_word(key.as_bytes(), w))
            .map(|(_, v)| v)
    }
    pub fn contains_key(&self, w: &str) -> bool {
        self.get(w).is_some()
    }
    /// The value of `w`, to change it.
    pub fn get_mut(&mut self, w: &str) -> Option<&mut V> {
        self.entries
            .iter_mut()
            .find(|(key, _)| **key == *w)
            .map(|(_, v)| v)
    }
    /// Set the value of `w` (replacing any earlier one, as a map does). A new
    /// word goes last in its slot's group, where grouping the entries anew
    /// (a stable sort by slot) would put it, and the offsets after its slot
    /// move up one: no sort per word.
    pub fn insert(&mut self, w: String, v: V) {
        if let Some(old) = self.get_mut(&w) {
            *old = v;
            return;
        }
        if self.offsets.is_empty() {
            self.offsets = vec![0; SLOTS + 1];
        }
        let k = slot(&w);
        let at = self
            .offsets
            .get(k + 1)
            .map_or(self.entries.len(), |&o| o as usize);
        self.entries
            .insert(at.min(self.entries.len()), (w.into_boxed_str(), v));
        for o in self.offsets.iter_mut().skip(k + 1) {
            *o += 1;
        }
    }
    /// The table of `entries`, whose words are all different (built at once,
    /// as [`WordTable::insert`] of each in turn would build it).
    pub fn of_unique(entries: Vec<(String, V)>) -> WordTable<V> {
        let mut t = WordTable {
            offsets: Vec::new(),
            entries: entries
                .into_iter()
                .map(|(w, v)| (w.into_boxed_str(), v))
                .collect(),
        };
        t.group();
        t
    }
    /// Group the entries by slot and set the offsets.
    fn group(&mut self) {
        // Keep entries grouped by slot (stable: equal slots keep their order).
        self.entries.sort_by_key(|(k, _)| slot(k));
        self.offsets = vec![0; SLOTS + 1];
        for (k, _) in &self.entries {
            if let Some(o) = self.offsets.get_mut(slot(k) + 1) {
                *o += 1;
            }
        }
        for k in 1..=SLOTS {
            let before = self.offsets.get(k - 1).copied().unwrap_or(0);
            if let Some(o) = self.offsets.get_mut(k) {
                *o += before;
            }
        }
    }
    /// Every word, in no particular order.
    pub fn keys(&self) -> impl Iterator<Item = &str> + '_ {
        self.entries.iter().map(|(k, _)| &**k)
    }
}

/// A set of words ([`WordTable`] without values).
pub(crate) type WordSet = WordTable<()>;

impl WordTable<()> {
    pub fn contains(&self, w: &str) -> bool {
        self.get(w).is_some()
    }
}

/// A set of token sequences with a value each, matched longest first.
#[derive(Debug, Clone)]
pub(crate) struct PhraseSet<T> {
    by_first: WordTable<Vec<(Vec<String>, T)>>,
    /// Words in the longest phrase.
    max_words: usize,
}

impl<T> Default for PhraseSet<T> {
    fn default() -> Self {
        PhraseSet {
            by_first: WordTable::default(),
            max_words: 0,
        }
    }
}

impl<T> PhraseSet<T> {
    pub fn insert(&mut self, phrase: &str, v: T) {
        let f = fold_str(phrase.trim());
        let words: Vec<String> = tokenize(&f)
            .iter()
            .filter_map(|t| f.get(t.range()).map(str::to_string))
            .collect();
        let Some(first) = words.first().cloned() else {
            return;
        };
        if !self.by_first.contains_key(&first) {
            self.by_first.insert(first.clone(), Vec::new());
        }
        self.max_words = self.max_words.max(words.len());
        if let Some(list) = self.by_first.get_mut(&first) {
            list.push((words, v));
            list.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        }
    }
    /// The words a phrase of the set may start with.
    pub fn first_words(&self) -> impl Iterator<Item = &str> + '_ {
        self.by_first.keys()
    }
    /// The longest phrase starting at token `i` of `toks`, the tokens of
    /// `text` (their slots are read): its value and its token count.
    pub fn match_at(&self, text: &str, toks: &[Tok], i: usize) -> Option<(&T, usize)> {
        let t0 = toks.get(i)?;
        // (The token's slot was worked out when it was cut.)
        let cands = self
            .by_first
            .get_at(usize::from(t0.slot), text.as_bytes().get(t0.range())?)?;
        // (The first word is the one just looked up: compare the rest.)
        'c: for (words, v) in cands {
            let Some(rest) = toks.get(i + 1..i + words.len()) else {
                continue;
            };
            for (t, w) in rest.iter().zip(words.iter().skip(1)) {
                if !text
                    .as_bytes()
                    .get(t.range())
                    .is_some_and(|b| same_word(b, w.as_bytes()))
                {
                    continue 'c;
                }
            }
            return Some((v, words.len()));
        }
        None
    }
    /// The longest phrase *ending* at token `j - 1` (for prefixes before a match).
    pub fn match_before(&self, text: &str, toks: &[Tok], j: usize) -> Option<(&T, usize)> {
        // Phrases are short: try every start up to 4 tokens back, longest first
        // (none further back than the longest phrase).
        for n in (1..=4usize.min(self.max_words)).rev() {
            if n > j {
                continue;
            }
            if let Some((v, len)) = self.match_at(text, toks, j - n) {
                if len == n {
                    return Some((v, n));
                }
            }
        }
        None
    }
}

/// One line of a data file, split on tabs, with its 1-based line number.
/// The rows of a TSV file (the one reader of `sitrep-data`), as
/// (1-based line, fields).
fn rows(src: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    sitrep_data::rows("", src).map(|r| (r.line, r.fields))
}

fn perr(file: &str, line: usize, msg: impl Into<String>) -> LexiconError {
    LexiconError::Data(DataError::malformed(file, line, msg))
}

fn opt_u32(file: &str, line: usize, s: Option<&&str>) -> Result<Option<u32>, LexiconError> {
    match s.copied() {
        None | Some("") | Some("-") => Ok(None),
        Some(v) => v
            .parse::<u32>()
            .map(Some)
            .map_err(|_| perr(file, line, format!("not a count: {v}"))),
    }
}

/// Boilerplate line patterns.
#[derive(Debug, Clone, Default)]
pub(crate) struct Boilerplate {
    pub exact: HashSet<String>,
    /// The byte length of the longest of `exact` (a longer line is none of them).
    pub exact_longest: usize,
    /// In byte order, so that those starting with one byte stand together.
    pub prefix: Vec<String>,
    pub suffix: Vec<String>,
    /// Lower-case particles allowed inside a place name of a dateline ("de", "al").
    pub connectors: HashSet<String>,
    /// Folded line prefixes that mark a byline ("by ").
    pub bylines: Vec<String>,
    /// Folded line prefixes of a photo credit ("photo by "): the line before
    /// one is a caption.
    pub credits: Vec<String>,
    /// Folded names of news agencies that may stand alone before a separator ("AP:").
    pub agencies: HashSet<String>,
}

/// Abbreviations for the sentence splitter.
#[derive(Debug, Clone, Default)]
pub(crate) struct Abbrev {
    /// Never end a sentence ("mr", "gen", "jan").
    pub title: HashSet<String>,
    /// End a sentence only before a sentence starter ("u.s", "a.m").
    pub other: HashSet<String>,
    /// End a sentence whenever a sentence-like word follows ("a.m", "p.m").
    pub end: HashSet<String>,
    /// Words that start a sentence after an `other` abbreviation.
    pub starters: HashSet<String>,
}

/// Bounds of a vague quantity.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Vague {
    pub low: Option<u32>,
    pub best: Option<u32>,
    pub high: Option<u32>,
}

/// Number words and the words around numbers.
#[derive(Debug, Clone, Default)]
pub(crate) struct NumberLex {
    pub words: WordTable<u64>,
    pub phrases: PhraseSet<u64>,
    pub multipliers: WordTable<u64>,
    /// Multipliers that, written once after a range's upper bound, scale its
    /// lower bound too ("two to three hundred"), with their values.
    pub range_scales: WordTable<u64>,
    pub articles: WordSet,
    pub joiners: WordSet,
    pub vague: PhraseSet<Vague>,
    pub qualifiers: PhraseSet<Qualifier>,
    pub between: PhraseSet<()>,
    pub range_joins: WordSet,
    pub between_joins: WordSet,
    pub norange: WordSet,
    pub units: PhraseSet<()>,
    pub before: PhraseSet<()>,
}

/// What a named day means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Holiday {
    Fixed { month: u32, day: u32 },
    Easter { offset: i32 },
}

/// What a relative date phrase means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelUnit {
    Day,
    /// The days from `offset` days before the report's date through it ("over
    /// the past 24 hours": 1).
    Span,
    Week,
    Weekend,
    Month,
    Year,
}

/// Date words.
#[derive(Debug, Clone, Default)]
pub(crate) struct DateLex {
    /// month name → (number, is_abbreviation)
    pub months: WordTable<(u32, bool)>,
    pub weekdays: WordTable<Weekday>,
    pub parts: PhraseSet<()>,
    pub prefixes: PhraseSet<()>,
    pub month_prefixes: PhraseSet<bool>,
    pub year_prefixes: PhraseSet<()>,
    pub relative: PhraseSet<(RelUnit, i32)>,
    /// Named days: a fixed month-day ("Christmas Day") or days from Easter
    /// Sunday ("Palm Sunday" = -7).
    pub holidays: PhraseSet<Holiday>,
    pub ago_units: WordTable<RelUnit>,
    pub ago: WordSet,
    pub ordinals: WordSet,
    /// Words between a day and its month name ("the 27th of July").
    pub day_links: WordSet,
    /// Words that may follow a bare day of the month ("on the 14th in").
    pub day_follows: WordSet,
    /// Words that may open a bare day of the month, right before its "the"
    /// ("on the 14th", "night of the 12th").
    pub day_openers: WordSet,
}

/// One date-evidence entry.
#[derive(Debug, Clone)]
pub(crate) struct Evidence {
    pub phrase: String,
    pub not_before: Option<NaiveDate>,
    pub not_after: Option<NaiveDate>,
}

/// All the text layer's knowledge.
#[derive(Debug, Clone, Default)]
pub struct Lexicons {
    pub(crate) boilerplate: Boilerplate,
    pub(crate) abbrev: Abbrev,
    pub(crate) numbers: NumberLex,
    pub(crate) dates: DateLex,
    pub(crate) evidence: Vec<Evidence>,
    /// One automaton over every evidence phrase (pattern i = `evidence[i]`), so a
    /// report is scanned once, not once per phrase.
    pub(crate) evidence_ac: Option<aho_corasick::AhoCorasick>,
    /// Every word a date or count expression may start with (numerals
    /// aside), with flags saying which of the scans' first-token look-ups can
    /// succeed on it: date flags (`DATE_*`, the words of [`date_starts`]) in
    /// the low byte, count flags (`QTY_*`, of [`quantity_starts`]) in the
    /// high one. The scans skip other tokens, and try on a start word only the
    /// look-ups its flags allow; one look-up per token serves both
    /// ([`crate::tok::Cand`]). Derived from `dates` and `numbers` in
    /// [`Lexicons::from_sources`].
    pub(crate) starts: WordTable<u16>,
    /// This lexicon's number (1, 2, … as lexicons are made; 0 for a default
    /// one): the tokens a thread keeps carry the candidates of one lexicon.
    pub(crate) id: u64,
}

/// The number of the next lexicon made ([`Lexicons::id`]).
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// [`Lexicons::starts`] date flags: the token may start a month prefix ("in
/// January"), a year prefix ("in 2019"), is a month name, a weekday name, may
/// start a relative phrase, or may be the count of "N units ago".
pub(crate) const DATE_MONTH_PREFIX: u8 = 1;
pub(crate) const DATE_YEAR_PREFIX: u8 = 2;
pub(crate) const DATE_MONTH: u8 = 4;
pub(crate) const DATE_WEEKDAY: u8 = 8;
pub(crate) const DATE_RELATIVE: u8 = 16;
pub(crate) const DATE_AGO: u8 = 32;
pub(crate) const DATE_HOLIDAY: u8 = 64;

/// [`Lexicons::starts`] count flags: the token may start "between A and B",
/// a qualifier ("at least"), a vague quantity ("dozens"), or a number in words
/// (a number word, an article as in "a dozen", a number phrase).
pub(crate) const QTY_BETWEEN: u8 = 1;
pub(crate) const QTY_QUALIFIER: u8 = 2;
pub(crate) const QTY_VAGUE: u8 = 4;
pub(crate) const QTY_NUMBER: u8 = 8;

/// The file names [`Lexicons::load_dir`] reads, in [`Lexicons::from_sources`] order.
pub const LEXICON_FILES: [&str; 6] = [
    "boilerplate.txt",
    "boilerplate.dateline.tsv",
    "abbreviations.txt",
    "numbers.tsv",
    "dates.tsv",
    "date-evidence.tsv",
];

const EMBEDDED: Embedded = &[
    (
        "boilerplate.txt",
        include_str!("../../../data/lexicons/boilerplate.txt"),
    ),
    (
        "boilerplate.dateline.tsv",
        include_str!("../../../data/lexicons/boilerplate.dateline.tsv"),
    ),
    (
        "abbreviations.txt",
        include_str!("../../../data/lexicons/abbreviations.txt"),
    ),
    (
        "numbers.tsv",
        include_str!("../../../data/lexicons/numbers.tsv"),
    ),
    (
        "dates.tsv",
        include_str!("../../../data/lexicons/dates.tsv"),
    ),
    (
        "date-evidence.tsv",
        include_str!("../../../data/lexicons/date-evidence.tsv"),
    ),
];

impl Lexicons {
    /// The start words of the date and count finders, with this lexicon's number.
    pub(crate) fn starts(&self) -> crate::tok::Starts<'_> {
        crate::tok::Starts {
            table: &self.starts,
            id: self.id,
        }
    }

    /// The lexicons compiled into the binary, parsed once. Should the embedded
    /// files fail to parse (a test guards against it), every call returns the
    /// error: there is no silent fallback to empty knowledge.
    pub fn embedded() -> Result<&'static Lexicons, LexiconError> {
        static LEX: OnceLock<Option<Lexicons>> = OnceLock::new();
        match LEX.get_or_init(|| Lexicons::try_embedded().ok()) {
            Some(l) => Ok(l),
            None => Err(Lexicons::try_embedded().err().unwrap_or_else(|| {
                DataError::malformed("lexicons", 0, "the embedded lexicons do not parse").into()
            })),
        }
    }

    /// Parse the embedded files, reporting errors.
    pub fn try_embedded() -> Result<Lexicons, LexiconError> {
        Lexicons::load(&Data::embedded(EMBEDDED))
    }

    /// Read the six files of [`LEXICON_FILES`] from `dir` (e.g. `data/lexicons`).
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<Lexicons, LexiconError> {
        Lexicons::load(&Data::dir(dir))
    }

    /// Read the six files of [`LEXICON_FILES`] from a knowledge source
    /// (embedded or a directory: the same reader).
    pub fn load(data: &Data) -> Result<Lexicons, LexiconError> {
        let [a, b, c, d, e, f] = LEXICON_FILES;
        Lexicons::from_sources([
            &data.text(a)?,
            &data.text(b)?,
            &data.text(c)?,
            &data.text(d)?,
            &data.text(e)?,
            &data.text(f)?,
        ])
    }

    /// Parse the six files' contents, in [`LEXICON_FILES`] order.
    pub fn from_sources(srcs: [&str; 6]) -> Result<Lexicons, LexiconError> {
        let [bp, dl, ab, nu, da, ev] = srcs;
        let evidence = parse_evidence(ev)?;
        let numbers = parse_numbers(nu)?;
        let dates = parse_dates(da)?;
        let starts = starts(&date_starts(&dates, &numbers), &quantity_starts(&numbers));
        Ok(Lexicons {
            boilerplate: parse_boilerplate(bp, dl)?,
            abbrev: parse_abbrev(ab)?,
            starts,
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            numbers,
            dates,
            evidence_ac: evidence_automaton(&evidence)?,
            evidence,
        })
    }
}

/// The words at which `Lexicons::date_at` can find anything: every lookup it
/// makes on its first token (prefixes, months, weekdays, relative phrases, the
/// count of "N units ago"), each flagged with the lookup it serves. Numerals
/// are let through separately.
pub(crate) fn date_starts(d: &DateLex, n: &NumberLex) -> WordTable<u8> {
    let groups: [(u8, Vec<&str>); 7] = [
        (DATE_HOLIDAY, d.holidays.first_words().collect()),
        (DATE_MONTH_PREFIX, d.month_prefixes.first_words().collect()),
        (DATE_YEAR_PREFIX, d.year_prefixes.first_words().collect()),
        (DATE_RELATIVE, d.relative.first_words().collect()),
        (DATE_MONTH, d.months.keys().collect()),
        (DATE_WEEKDAY, d.weekdays.keys().collect()),
        (DATE_AGO, n.articles.keys().chain(n.words.keys()).collect()),
    ];
    flag_table(groups)
}

/// The words of `groups`, each with the flags of the groups it is in, built
/// at once (as inserting each word in turn, its flags or-ed, would build it).
fn flag_table<const N: usize>(groups: [(u8, Vec<&str>); N]) -> WordTable<u8> {
    let mut at: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    let mut entries: Vec<(String, u8)> = Vec::new();
    for (flag, words) in groups {
        for w in words {
            match at.get(w).and_then(|&k| entries.get_mut(k)) {
                Some(e) => e.1 |= flag,
                None => {
                    at.insert(w, entries.len());
                    entries.push((w.to_string(), flag));
                }
            }
        }
    }
    WordTable::of_unique(entries)
}

/// The words of both tables, with date flags in the low byte and count
/// flags in the high one (`Lexicons::starts`).
fn starts(dates: &WordTable<u8>, counts: &WordTable<u8>) -> WordTable<u16> {
    let mut seen = HashSet::default();
    let mut entries = Vec::new();
    for w in dates.keys().chain(counts.keys()) {
        if seen.insert(w) {
            let d = dates.get(w).copied().unwrap_or(0);
            let q = counts.get(w).copied().unwrap_or(0);
            entries.push((w.to_string(), u16::from(d) | u16::from(q) << 8));
        }
    }
    WordTable::of_unique(entries)
}

/// The words at which `Lexicons::quantity_at` can find anything: "between",
/// qualifiers, vague quantities and the first word of a number in words.
/// Numerals are let through separately.
pub(crate) fn quantity_starts(n: &NumberLex) -> WordTable<u8> {
    let groups: [(u8, Vec<&str>); 4] = [
        (QTY_BETWEEN, n.between.first_words().collect()),
        (QTY_QUALIFIER, n.qualifiers.first_words().collect()),
        (QTY_VAGUE, n.vague.first_words().collect()),
        (
            QTY_NUMBER,
            n.phrases
                .first_words()
                .chain(n.articles.keys())
                .chain(n.words.keys())
                .collect(),
        ),
    ];
    flag_table(groups)
}

fn evidence_automaton(ev: &[Evidence]) -> Result<Option<aho_corasick::AhoCorasick>, LexiconError> {
    if ev.is_empty() {
        return Ok(None);
    }
    aho_corasick::AhoCorasick::new(ev.iter().map(|e| e.phrase.as_str()))
        .map(Some)
        .map_err(|e| {
            perr(
                "date-evidence.tsv",
                0,
                format!("cannot build the phrase automaton: {e}"),
            )
        })
}

fn parse_boilerplate(lines: &str, dateline: &str) -> Result<Boilerplate, LexiconError> {
    let mut b = Boilerplate::default();
    for l in sitrep_data::lines("boilerplate.txt", lines) {
        let t = l.text;
        if let Some(p) = t.strip_suffix('*') {
            b.prefix.push(fold_str(p.trim_end()));
        } else if let Some(s) = t.strip_prefix('*') {
            b.suffix.push(fold_str(s.trim_start()));
        } else {
            b.exact.insert(fold_str(t));
        }
    }
    b.exact_longest = b.exact.iter().map(String::len).max().unwrap_or(0);
    b.prefix.sort();
    const F: &str = "boilerplate.dateline.tsv";
    for (n, r) in rows(dateline) {
        match r.as_slice() {
            ["connector", w, ..] => {
                b.connectors.insert(w.to_string());
            }
            ["byline", w, ..] => b.bylines.push(fold_str(w)),
            ["credit", w, ..] => b.credits.push(fold_str(w)),
            ["agency", w, ..] => {
                b.agencies.insert(fold_str(w));
            }
            _ => {
                return Err(perr(
                    F,
                    n,
                    "expected: connector|byline|credit|agency <TAB> word",
                ))
            }
        }
    }
    Ok(b)
}

fn strip_abbr(s: &str) -> String {
    fold_str(s.trim().trim_end_matches('.'))
}

fn parse_abbrev(src: &str) -> Result<Abbrev, LexiconError> {
    let mut a = Abbrev::default();
    for (n, r) in rows(src) {
        match r.as_slice() {
            [w] | [w, "title", ..] => {
                a.title.insert(strip_abbr(w));
            }
            [w, "other", ..] => {
                a.other.insert(strip_abbr(w));
            }
            [w, "end", ..] => {
                a.end.insert(strip_abbr(w));
            }
            [w, "starter", ..] => {
                a.starters.insert(fold_str(w));
            }
            _ => {
                return Err(perr(
                    "abbreviations.txt",
                    n,
                    "expected: abbreviation [<TAB> title|other|end|starter]",
                ))
            }
        }
    }
    Ok(a)
}

fn qualifier(s: &str) -> Option<Qualifier> {
    Some(match s {
        "at_least" => Qualifier::AtLeast,
        "more_than" => Qualifier::MoreThan,
        "up_to" => Qualifier::UpTo,
        "nearly" => Qualifier::Nearly,
        "around" => Qualifier::Around,
        "less_than" => Qualifier::LessThan,
        _ => return None,
    })
}

fn parse_numbers(src: &str) -> Result<NumberLex, LexiconError> {
    const F: &str = "numbers.tsv";
    let mut x = NumberLex::default();
    for (n, r) in rows(src) {
        let kind = r.first().copied().unwrap_or("");
        let phrase = r.get(1).copied().unwrap_or("");
        if phrase.is_empty() {
            return Err(perr(F, n, "missing phrase"));
        }
        let value = || -> Result<u64, LexiconError> {
            r.get(2)
                .and_then(|v| v.parse::<u64>().ok())
                .ok_or_else(|| perr(F, n, "missing or bad value"))
        };
        match kind {
            "number" => {
                let v = value()?;
                let f = fold_str(phrase);
                if tokenize(&f).len() == 1 {
                    x.words.insert(f, v);
                } else {
                    x.phrases.insert(phrase, v);
                }
            }
            "multiplier" => {
                let v = value()?;
                x.multipliers.insert(fold_str(phrase), v);
            }
            "range_scale" => {
                let w = fold_str(phrase);
                let v = x.multipliers.get(&w).copied().ok_or_else(|| {
                    perr(F, n, format!("{phrase:?} is not a multiplier listed above"))
                })?;
                x.range_scales.insert(w, v);
            }
            "article" => {
                x.articles.insert(fold_str(phrase), ());
            }
            "joiner" => {
                x.joiners.insert(fold_str(phrase), ());
            }
            "vague" => {
                let v = Vague {
                    low: opt_u32(F, n, r.get(2))?,
                    best: opt_u32(F, n, r.get(3))?,
                    high: opt_u32(F, n, r.get(4))?,
                };
                x.vague.insert(phrase, v);
            }
            "qualifier" => {
                let q = r
                    .get(2)
                    .and_then(|q| qualifier(q))
                    .ok_or_else(|| perr(F, n, "unknown qualifier"))?;
                x.qualifiers.insert(phrase, q);
            }
            "between" => x.between.insert(phrase, ()),
            "range" => {
                x.range_joins.insert(fold_str(phrase), ());
            }
            "between_join" => {
                x.between_joins.insert(fold_str(phrase), ());
            }
            "norange" => {
                x.norange.insert(fold_str(phrase), ());
            }
            "unit" => x.units.insert(phrase, ()),
            "before" => x.before.insert(phrase, ()),
            _ => return Err(perr(F, n, format!("unknown kind {kind}"))),
        }
    }
    Ok(x)
}

fn weekday(s: &str) -> Option<Weekday> {
    Some(match s {
        "1" | "mon" => Weekday::Mon,
        "2" | "tue" => Weekday::Tue,
        "3" | "wed" => Weekday::Wed,
        "4" | "thu" => Weekday::Thu,
        "5" | "fri" => Weekday::Fri,
        "6" | "sat" => Weekday::Sat,
        "7" | "sun" => Weekday::Sun,
        _ => return None,
    })
}

fn unit(s: &str) -> Option<RelUnit> {
    Some(match s {
        "day" => RelUnit::Day,
        "week" => RelUnit::Week,
        "weekend" => RelUnit::Weekend,
        "span" => RelUnit::Span,
        "month" => RelUnit::Month,
        "year" => RelUnit::Year,
        _ => return None,
    })
}

fn parse_dates(src: &str) -> Result<DateLex, LexiconError> {
    const F: &str = "dates.tsv";
    let mut d = DateLex::default();
    for (n, r) in rows(src) {
        let kind = r.first().copied().unwrap_or("");
        let phrase = r.get(1).copied().unwrap_or("");
        if phrase.is_empty() {
            return Err(perr(F, n, "missing phrase"));
        }
        match kind {
            "month" => {
                let m = r
                    .get(2)
                    .and_then(|v| v.parse::<u32>().ok())
                    .filter(|m| (1..=12).contains(m))
                    .ok_or_else(|| perr(F, n, "month number 1-12 expected"))?;
                let abbr = r.get(3).is_some_and(|v| *v == "abbr");
                d.months.insert(fold_str(phrase), (m, abbr));
            }
            "weekday" => {
                let w = r
                    .get(2)
                    .and_then(|v| weekday(v))
                    .ok_or_else(|| perr(F, n, "weekday 1-7 (Monday = 1) expected"))?;
                d.weekdays.insert(fold_str(phrase), w);
            }
            "part" => d.parts.insert(phrase, ()),
            "prefix" => d.prefixes.insert(phrase, ()),
            "month_prefix" => {
                let last = r.get(2).is_some_and(|v| *v == "last");
                d.month_prefixes.insert(phrase, last);
            }
            "year_prefix" => d.year_prefixes.insert(phrase, ()),
            "relative" => {
                let u = r
                    .get(2)
                    .and_then(|v| unit(v))
                    .ok_or_else(|| perr(F, n, "unit day|span|week|weekend|month|year expected"))?;
                let off = r
                    .get(3)
                    .and_then(|v| v.parse::<i32>().ok())
                    .ok_or_else(|| perr(F, n, "offset expected"))?;
                d.relative.insert(phrase, (u, off));
            }
            "holiday" => {
                let md = |k: usize| r.get(k).and_then(|v| v.parse::<u32>().ok());
                let (Some(month), Some(day)) = (md(2), md(3)) else {
                    return Err(perr(F, n, "month and day expected"));
                };
                if NaiveDate::from_ymd_opt(2024, month, day).is_none() {
                    return Err(perr(F, n, "no such month-day"));
                }
                d.holidays.insert(phrase, Holiday::Fixed { month, day });
            }
            "easter" => {
                let off = r
                    .get(2)
                    .and_then(|v| v.parse::<i32>().ok())
                    .filter(|o| o.abs() <= 70)
                    .ok_or_else(|| perr(F, n, "days from Easter Sunday expected"))?;
                d.holidays.insert(phrase, Holiday::Easter { offset: off });
            }
            "ago_unit" => {
                let u = r
                    .get(2)
                    .and_then(|v| unit(v))
                    .ok_or_else(|| perr(F, n, "unit expected"))?;
                d.ago_units.insert(fold_str(phrase), u);
            }
            "ago" => {
                d.ago.insert(fold_str(phrase), ());
            }
            "ordinal" => {
                d.ordinals.insert(fold_str(phrase), ());
            }
            "day_link" => {
                d.day_links.insert(fold_str(phrase), ());
            }
            "day_follow" => {
                d.day_follows.insert(fold_str(phrase), ());
            }
            "day_opener" => {
                d.day_openers.insert(fold_str(phrase), ());
            }
            _ => return Err(perr(F, n, format!("unknown kind {kind}"))),
        }
    }
    Ok(d)
}

fn opt_date(file: &str, line: usize, s: Option<&&str>) -> Result<Option<NaiveDate>, LexiconError> {
    match s.copied() {
        None | Some("") | Some("-") => Ok(None),
        Some(v) => NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| perr(file, line, format!("not a date: {v}"))),
    }
}

fn parse_evidence(src: &str) -> Result<Vec<Evidence>, LexiconError> {
    const F: &str = "date-evidence.tsv";
    let mut out = Vec::new();
    for (n, r) in rows(src) {
        let phrase = r.first().copied().unwrap_or("");
        let not_before = opt_date(F, n, r.get(1))?;
        let not_after = opt_date(F, n, r.get(2))?;
        if not_before.is_none() && not_after.is_none() {
            return Err(perr(F, n, "give not_before and/or not_after"));
        }
        out.push(Evidence {
            phrase: fold_str(phrase),
            not_before,
            not_after,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `same_word` answers as `==` on byte slices.
    #[test]
    fn same_word_is_slice_equality() {
        let words = [
            "",
            "a",
            "b",
            "ab",
            "ba",
            "abc",
            "abd",
            "xbc",
            "march",
            "marche",
            "\u{e9}t\u{e9}",
            "\u{e9}t\u{e8}",
            "1,200",
            "1,20",
        ];
        for a in words {
            for b in words {
                let (a, b) = (a.as_bytes(), b.as_bytes());
                assert_eq!(same_word(a, b), a == b, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn embedded_files_parse() {
        let l = Lexicons::try_embedded().expect("embedded lexicons parse");
        assert!(l.numbers.words.contains_key("twelve"));
        assert!(l.dates.months.contains_key("january"));
        assert!(l.evidence.len() >= 30);
        assert!(l.boilerplate.exact.contains("advertisement"));
        assert!(l.abbrev.title.contains("gen"));
    }

    #[test]
    fn load_dir_reads_the_same_files() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/lexicons");
        let l = Lexicons::load_dir(dir).expect("load_dir");
        assert_eq!(
            l.evidence.len(),
            Lexicons::embedded().unwrap().evidence.len(),
            "directory and embedded copies differ"
        );
        assert!(Lexicons::load_dir("/nonexistent/dir").is_err());
    }

    #[test]
    fn bad_lines_are_reported_with_line_numbers() {
        let mut srcs = LEXICON_FILES.map(|n| {
            EMBEDDED
                .iter()
                .find(|(f, _)| *f == n)
                .map_or("", |(_, t)| *t)
        });
        srcs[3] = "# c\nnumber\tone\tx\n";
        match Lexicons::from_sources(srcs) {
            Err(e @ LexiconError::Data(DataError::Malformed { line: 2, .. })) => {
                assert!(e.to_string().starts_with("numbers.tsv:2: "), "{e}")
            }
            other => panic!("expected a parse error, got {other:?}"),
        }
    }

    #[test]
    fn a_missing_file_is_an_error() {
        let dir = std::env::temp_dir().join(format!("sitrep-text-lex-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in EMBEDDED.iter().filter(|(n, _)| *n != "dates.tsv") {
            std::fs::write(dir.join(name), text).unwrap();
        }
        let e = Lexicons::load_dir(&dir).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(
            matches!(&e, LexiconError::Data(DataError::Missing { file }) if file.ends_with("dates.tsv")),
            "{e}"
        );
    }

    /// `WordTable` answers as the hash map it replaced, on generated words
    /// (inserted twice, so values are replaced too).
    #[test]
    fn word_table_equals_a_hash_map() {
        let words: Vec<String> = crate::testgen::generated(3, 3_000)
            .iter()
            .flat_map(|t| {
                let f = fold_str(t);
                tokenize(&f)
                    .iter()
                    .filter_map(|k| f.get(k.range()).map(str::to_string))
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut table = WordTable::default();
        let mut map = rustc_hash::FxHashMap::default();
        for (n, w) in words.iter().enumerate().filter(|(n, _)| n % 3 == 0) {
            table.insert(w.clone(), n);
            map.insert(w.clone(), n);
        }
        for w in words.iter().chain(["", "x", "zz"].map(String::from).iter()) {
            assert_eq!(table.get(w), map.get(w), "{w:?}");
        }
        let mut keys: Vec<&str> = table.keys().collect();
        keys.sort_unstable();
        let mut want: Vec<&str> = map.keys().map(String::as_str).collect();
        want.sort_unstable();
        assert_eq!(keys, want);
        // Built at once from the distinct words, it is the table built by
        // inserting them one by one (the same entries in the same order).
        let mut seen = HashSet::default();
        let unique: Vec<(String, usize)> = words
            .iter()
            .enumerate()
            .filter(|(_, w)| seen.insert(w.as_str()))
            .map(|(n, w)| (w.clone(), n))
            .collect();
        let mut one_by_one = WordTable::default();
        for (w, n) in &unique {
            one_by_one.insert(w.clone(), *n);
        }
        let at_once = WordTable::of_unique(unique);
        assert_eq!(at_once.offsets, one_by_one.offsets);
        assert_eq!(at_once.entries, one_by_one.entries);
        assert!(WordTable::<u8>::of_unique(Vec::new()).get("x").is_none());
        // Flag tables: the same as or-ing each group's flag in, word by word.
        let groups = |k: usize| -> [(u8, Vec<&str>); 3] {
            [1u8, 2, 4].map(|f| {
                let g = words
                    .iter()
                    .skip(k * usize::from(f))
                    .step_by(7 + usize::from(f));
                (f, g.map(String::as_str).collect())
            })
        };
        for k in 0..3 {
            let mut by_insert = WordTable::default();
            for (flag, ws) in groups(k) {
                for w in ws {
                    let old = by_insert.get(w).copied().unwrap_or(0);
                    by_insert.insert(w.to_string(), old | flag);
                }
            }
            let at_once = flag_table(groups(k));
            assert_eq!(at_once.offsets, by_insert.offsets);
            assert_eq!(at_once.entries, by_insert.entries);
        }
    }

    #[test]
    fn phrase_set_matches_longest() {
        let mut p = PhraseSet::default();
        p.insert("tens of", 1);
        p.insert("tens of thousands", 2);
        let t = "tens of thousands of people";
        let toks = tokenize(t);
        assert_eq!(p.match_at(t, &toks, 0).map(|(v, n)| (*v, n)), Some((2, 3)));
        assert_eq!(
            p.match_before(t, &toks, 3).map(|(v, n)| (*v, n)),
            Some((2, 3))
        );
    }
}
