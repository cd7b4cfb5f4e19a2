/*!
Lexicons: the extraction knowledge kept in the TSV files of `data/lexicons/`, and the
phrase matchers that find it in text.

Every lexicon is a TSV file: `#` lines are comments, the first column is a phrase,
the rest are its attributes. Phrases are folded ([`sitrep_text::fold_str`]) and
matched on whole words of folded text; a trailing `*` lets the last word run on
(`explosion*` matches `explosions`). The files are embedded in the binary and can
be replaced at run time from a directory ([`Lexicons::load_dir`]), so an analyst
adds a trigger word by editing a file.

# Matching

Each phrase lexicon is a [`PhraseSet`]: its payloads and an Aho-Corasick automaton
with *leftmost-longest* semantics. [`PhraseSet::find`] defines what a set finds in a
text: the automaton's non-overlapping leftmost-longest matches, left to right, each
kept only when it stands on whole words (a match dropped for that still covers its
bytes, so no shorter match inside it is reported).

Extraction does not run those automata: it runs one [`Scanner`] over all five
sets, which gives the same hits faster. It walks each text once
([`Lexicons::find_all`], called by [`crate::layers::find_triggers`]), handing over
the triggers and the four *cue* sets that only the layers read (casualty words,
modality, roles, sources): five searches become one walk. A second walk for the
cues alone, even along the path the first left in cache, cost about 4% of
extraction time. [`Lexicons::trigger_hits`] and [`Lexicons::find_cues`] walk for
one side only. The scanner is

- one DFA over the phrases of all its sets, with *standard* semantics: it reports
  every occurrence of every phrase, overlaps included. It is built from the
  trie of the phrases and its failure links, breadth first (the construction of
  an Aho-Corasick DFA: the same tables that crate's DFA gives, a test checks,
  in a third of the start-up time reading them off its NFA took) into compact
  tables (`Dfa`). The shallow states, which most bytes of a
  text lead to, and the states where phrases branch get a full row of one
  four-byte entry per byte class (a class per byte that occurs in some phrase, one
  for all other bytes), numbered breadth first so that they sit together. Every
  other state lies inside one phrase: twelve bytes hold its one byte class that
  leads deeper, where it leads and its failure state (the row to read for any
  other byte), numbered along each phrase. The top bit of an entry tells that
  phrases end at the state it leads to, with a list of those phrases per state.
  Four-byte entries name up to [`Dfa::MAX_STATES`] states (two-byte ones, used
  before, ran out at 32,768 as the lexicons grew);
- a tag per phrase of that DFA: its set, its payload, whether its last word may run
  on.

Per walk, the scanner collects the occurrences of the sets asked for, sorts them
by (set, start, longest first, phrase order) and lets each set keep them greedily:
the first one that starts at or after the end of the last one kept. That is
exactly the choice of the set's own leftmost-longest automaton (leftmost start,
then the longest, then the phrase listed first), so every set gets the hits its
[`PhraseSet::find`] would give; the whole-word test is then applied as there.

A walk is bound by the latency of one table look-up per byte, each waiting for the
one before, and at a document's first walk the table is mostly out of cache (the
other stages ran in between); hence the small tables, and hence the scanner walks
up to four *lanes* of the text in step, independent chains the processor
overlaps (the number of lanes is a constant of each walk, which unrolls it).
Lane `j` starts `max_len - 1` bytes before the part of the text it answers for
and reports only the occurrences that end inside that part: from there on its
state is the one a walk from the start of the text would have, as far as any
phrase is concerned (no phrase is longer than `max_len`), so each occurrence is
reported exactly once.

A set holding an empty phrase (a row whose phrase folds to nothing) is searched
with its own automaton: empty matches follow iterator rules that the greedy choice
above does not copy. So are all the sets when the DFA would have more than
[`Dfa::MAX_STATES`] states (lexicons of a hundred thousand phrases): slower, same
hits.
*/

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use sitrep_core::EventType;
use sitrep_data::{Data, DataError, Embedded};
use sitrep_text::{fold_str, is_word_byte};
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// A file is missing, unreadable or has a malformed row (`file:line: reason`).
    #[error(transparent)]
    Data(#[from] DataError),
    #[error("cannot build the matcher for {file}: {message}")]
    Build { file: String, message: String },
}

/// A set of phrases with a payload each, matched on folded text.
#[derive(Debug)]
pub struct PhraseSet<T> {
    /// The set's own automaton, built on first use ([`PhraseSet::automaton`]):
    /// extraction finds the sets with the [`Scanner`], so that most runs never
    /// need it, and start-up does not pay for it.
    ac: std::sync::OnceLock<Result<AhoCorasick, String>>,
    /// The knowledge file, for the error of a failed build.
    file: String,
    /// Per pattern: its folded text, payload index and whether the last word may run on.
    patterns: Vec<Pattern>,
    pub payloads: Vec<T>,
}

/// One phrase of a [`PhraseSet`], as searched.
#[derive(Debug)]
struct Pattern {
    folded: String,
    payload: usize,
    wild: bool,
}

/// One phrase found in folded text (folded byte offsets).
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub payload: usize,
}

/// The end of a match `[start, end)` of `bytes` when it stands on whole words (a
/// wildcard phrase runs on to the end of its last word), else `None`.
fn whole_words(bytes: &[u8], start: usize, end: usize, wild: bool) -> Option<usize> {
    if start > 0 && bytes.get(start - 1).copied().is_some_and(is_word_byte) {
        return None;
    }
    let word_at = |i: usize| bytes.get(i).copied().is_some_and(is_word_byte);
    if wild {
        let mut end = end;
        while word_at(end) {
            end += 1;
        }
        Some(end)
    } else if word_at(end) {
        None
    } else {
        Some(end)
    }
}

impl<T> PhraseSet<T> {
    fn build(file: &str, entries: Vec<(String, T)>) -> Result<PhraseSet<T>, LexiconError> {
        let mut patterns = Vec::with_capacity(entries.len());
        let mut payloads = Vec::with_capacity(entries.len());
        for (i, (phrase, payload)) in entries.into_iter().enumerate() {
            let wild = phrase.ends_with('*');
            patterns.push(Pattern {
                folded: fold_str(phrase.trim_end_matches('*').trim()),
                payload: i,
                wild,
            });
            payloads.push(payload);
        }
        Ok(PhraseSet {
            ac: std::sync::OnceLock::new(),
            file: file.to_string(),
            patterns,
            payloads,
        })
    }

    /// The set's own automaton, built on first use. The noncontiguous NFA: the
    /// kind that builds fastest (every kind finds the same matches).
    /// Extraction searches the sets with the `Scanner`; a set's own automaton
    /// only serves `find` and a set the scanner leaves alone (built when the
    /// lexicons load, so that a failure is an error there).
    pub fn automaton(&self) -> Result<&AhoCorasick, LexiconError> {
        self.ac
            .get_or_init(|| {
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .kind(Some(AhoCorasickKind::NoncontiguousNFA))
                    .build(self.patterns.iter().map(|p| &p.folded))
                    .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|message| LexiconError::Build {
                file: self.file.clone(),
                message: message.clone(),
            })
    }

    /// All whole-word matches in folded `text`, left to right, non-overlapping.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let mut out = Vec::new();
        self.for_each(text, |h| out.push(h));
        out
    }

    /// [`PhraseSet::find`], handing each hit to `f` instead of collecting them.
    pub fn for_each(&self, text: &str, mut f: impl FnMut(Hit)) {
        let bytes = text.as_bytes();
        // (A set the scanner leaves alone has its automaton from load time; one
        // it combines builds, as a part of the scanner's automaton did.)
        let Ok(ac) = self.automaton() else {
            return;
        };
        // Every occurrence, then leftmost-longest among the whole-word ones:
        // a longer phrase that runs into a word ("captured the town" in
        // "captured the townships") leaves the shorter one its place.
        let mut found: Vec<(usize, usize, usize)> = ac
            .find_overlapping_iter(text)
            .map(|m| (m.start(), usize::MAX - m.end(), m.pattern().as_usize()))
            .collect();
        found.sort_unstable();
        let mut covered = 0;
        for (start, longest, k) in found {
            let end = usize::MAX - longest;
            if start < covered {
                continue;
            }
            let Some(p) = self.patterns.get(k) else {
                continue;
            };
            if let Some(word_end) = whole_words(bytes, start, end, p.wild) {
                covered = end;
                f(Hit {
                    start,
                    end: word_end,
                    payload: p.payload,
                });
            }
        }
    }
}

/// A phrase set searched by its own automaton (one the [`Scanner`] leaves
/// alone), whatever its payload type.
trait AloneSet {
    /// [`PhraseSet::automaton`].
    fn automaton(&self) -> Result<&AhoCorasick, LexiconError>;
    /// [`PhraseSet::for_each`].
    fn search(&self, text: &str, f: &mut dyn FnMut(Hit));
}

impl<T> AloneSet for PhraseSet<T> {
    fn automaton(&self) -> Result<&AhoCorasick, LexiconError> {
        PhraseSet::automaton(self)
    }
    fn search(&self, text: &str, f: &mut dyn FnMut(Hit)) {
        self.for_each(text, f);
    }
}

/// The four cue sets searched together by [`Lexicons::find_cues`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueSet {
    Casualties,
    Modality,
    Roles,
    Sources,
}

impl CueSet {
    const ALL: [CueSet; 4] = [
        CueSet::Casualties,
        CueSet::Modality,
        CueSet::Roles,
        CueSet::Sources,
    ];
}

/// One phrase of a [`Scanner`]'s DFA.
#[derive(Debug, Clone, Copy)]
struct Tag {
    payload: usize,
    wild: bool,
}

/// The most lanes a [`Scanner`] walks in step.
const LANES: usize = 4;

/// Phrase sets found in one pass over a text (see the module docs).
#[derive(Debug)]
pub struct Scanner {
    /// Over the phrases of the combined sets; `None` when none is combined.
    dfa: Option<Dfa>,
    /// Per pattern of `dfa`.
    tags: Vec<Tag>,
    /// The longest phrase, in bytes.
    max_len: usize,
    /// Sets left out of `dfa` and searched alone: those holding an empty phrase,
    /// or all of them when there is no `dfa`.
    alone: Vec<usize>,
}

impl Scanner {
    /// A scanner that combines none of its sets.
    fn none(sets: usize) -> Scanner {
        Scanner {
            dfa: None,
            tags: Vec::new(),
            max_len: 0,
            alone: (0..sets).collect(),
        }
    }

    /// A scanner over `sets`. Should its DFA not be built (too many states), every
    /// set is searched alone: slower, same hits.
    fn build(sets: &[&[Pattern]]) -> Scanner {
        let mut tags = Vec::new();
        let mut phrases = Vec::new();
        let mut sets_of = Vec::new();
        let mut alone = Vec::new();
        for (set, patterns) in sets.iter().enumerate() {
            if patterns.iter().any(|p| p.folded.is_empty()) {
                alone.push(set);
                continue;
            }
            for p in patterns.iter() {
                tags.push(Tag {
                    payload: p.payload,
                    wild: p.wild,
                });
                phrases.push(p.folded.as_str());
                sets_of.push(set);
            }
        }
        let max_len = phrases.iter().map(|p| p.len()).max().unwrap_or(0);
        match Dfa::build(&phrases, &sets_of) {
            Some(dfa) => Scanner {
                dfa: Some(dfa),
                tags,
                max_len,
                alone,
            },
            None => Scanner::none(sets.len()),
        }
    }

    /// The hits of each combined set in `sets` (bit `i` for set `i`) in folded
    /// `text`, set by set, left to right.
    fn scan(&self, text: &str, sets: u32, f: &mut impl FnMut(usize, Hit)) {
        let Some(dfa) = &self.dfa else {
            return;
        };
        let bytes = text.as_bytes();
        // (set, start, longest first, pattern): the order in which each set's
        // leftmost-longest search would prefer its matches. News text holds about
        // one occurrence of a cue phrase in 25 bytes, one in 17 at most. Each is
        // packed in one integer, 32 bits a field, so that the sort compares
        // integers (offsets fit in 32 bits, as the fold's do).
        let mut found: Vec<u128> = Vec::with_capacity(bytes.len() / 12 + 4);
        let field = |v: usize| u128::from(u32::try_from(v).unwrap_or(u32::MAX));
        // (An occurrence that starts inside a word is left out here, before the
        // sort: [`whole_words`] turns it away, and it covers nothing.)
        let in_word = |start: usize| {
            start
                .checked_sub(1)
                .and_then(|i| bytes.get(i))
                .is_some_and(|&b| is_word_byte(b))
        };
        self.occurrences(dfa, bytes, |pattern, set, start, end| {
            if sets >> set & 1 == 1 && !in_word(start) {
                found.push(
                    field(set) << 96
                        | field(start) << 64
                        | (field(u32::MAX as usize) - field(end)) << 32
                        | field(pattern),
                );
            }
        });
        found.sort_unstable();
        let mut set = usize::MAX;
        let mut covered = 0;
        for key in found {
            let part = |shift: u32| (key >> shift) as u32 as usize;
            let (s, start, end, pattern) =
                (part(96), part(64), u32::MAX as usize - part(32), part(0));
            if set != s {
                set = s;
                covered = 0;
            }
            if start < covered {
                continue;
            }
            let Some(t) = self.tags.get(pattern) else {
                continue;
            };
            // (Only a whole-word occurrence covers the text: a longer phrase
            // that runs into a word leaves a shorter one its place.)
            if let Some(word_end) = whole_words(bytes, start, end, t.wild) {
                covered = end;
                let end = word_end;
                f(
                    s,
                    Hit {
                        start,
                        end,
                        payload: t.payload,
                    },
                );
            }
        }
    }

    /// Every occurrence `(pattern, set, start, end)` of every phrase in `bytes`,
    /// in no particular order, walking up to [`LANES`] lanes in step.
    fn occurrences(&self, dfa: &Dfa, bytes: &[u8], mut f: impl FnMut(usize, usize, usize, usize)) {
        let n = bytes.len();
        // Bytes a lane reads before its own part of the text.
        let overlap = self.max_len.saturating_sub(1);
        if n >= 2 * LANES * self.max_len {
            Scanner::walk::<LANES>(dfa, bytes, overlap, &mut f);
        } else if n >= 4 * self.max_len {
            Scanner::walk::<2>(dfa, bytes, overlap, &mut f);
        } else {
            Scanner::walk::<1>(dfa, bytes, overlap, &mut f);
        }
    }

    /// [`Scanner::occurrences`] in `L` lanes, each `overlap` bytes longer than
    /// its part of the text.
    #[inline(always)]
    fn walk<const L: usize>(
        dfa: &Dfa,
        bytes: &[u8],
        overlap: usize,
        f: &mut impl FnMut(usize, usize, usize, usize),
    ) {
        let n = bytes.len();
        // Each lane reads `width` bytes from `lane * step`; lane 0 answers for the
        // ends in (0, width], lane j > 0 for those in (j * step + overlap, j * step + width].
        let width = (n + (L - 1) * overlap).div_ceil(L);
        let step = width.saturating_sub(overlap);
        let lanes: [&[u8]; L] = std::array::from_fn(|j| {
            let from = (j * step).min(n);
            bytes.get(from..(from + width).min(n)).unwrap_or(&[])
        });
        let mut states = [0usize; L];
        for i in 0..width {
            for (j, (lane, state)) in lanes.iter().zip(states.iter_mut()).enumerate() {
                let Some(&b) = lane.get(i) else {
                    continue;
                };
                let next = dfa.next(*state, b);
                *state = (next & !Dfa::ENDS) as usize;
                if next & Dfa::ENDS != 0 && (j == 0 || i >= overlap) {
                    dfa.ends_of(*state, j * step + i + 1, f);
                }
            }
        }
    }
}

/// A state of the trie of a [`Dfa`]'s phrases, numbered breadth first: its
/// depth, its children (in the trie), the last of them (class, state) and its
/// failure state; `new`, its number in the DFA's tables.
#[derive(Clone, Copy, Default)]
struct Node {
    depth: usize,
    children: usize,
    child: Option<(usize, usize)>,
    fail: usize,
    new: Option<usize>,
}

impl Node {
    /// A dense state (with a full row in the DFA's tables): one of the
    /// shallow states nearly every word passes through, or one where phrases
    /// branch.
    fn dense(&self) -> bool {
        self.depth <= Dfa::DENSE_DEPTH || self.children > 1
    }
}

/// The trie and failure links of [`Dfa::build`] as far as they are built: a
/// walk from one state along one byte class.
struct Walk<'a> {
    /// `kids[node * stride + c]`: the trie node's child on class `c`, or `u32::MAX`.
    kids: &'a [u32],
    stride: usize,
    /// The trie node of each state (breadth-first number), and the state of each node.
    bfs: &'a [usize],
    num: &'a [usize],
    nodes: &'a [Node],
    /// The row of each dense state done so far (`u32::MAX`: none), and the rows.
    rank: &'a [u32],
    rows: &'a [u32],
}

impl<'a> Walk<'a> {
    /// The walk with no dense rows done yet.
    fn new(
        kids: &'a [u32],
        stride: usize,
        bfs: &'a [usize],
        num: &'a [usize],
        nodes: &'a [Node],
    ) -> Self {
        Walk {
            kids,
            stride,
            bfs,
            num,
            nodes,
            rank: &[],
            rows: &[],
        }
    }

    /// Where class `c` leads from state `u`: to its child on `c`, else where it
    /// leads from the failure state (read off that state's row when it is done),
    /// down to the start, where a byte with no child stays.
    fn goto(&self, mut u: usize, c: usize) -> Option<usize> {
        loop {
            let to = *self.kids.get(*self.bfs.get(u)? * self.stride + c)?;
            if to != u32::MAX {
                return self.num.get(to as usize).copied();
            }
            if u == 0 {
                return Some(0);
            }
            u = self.nodes.get(u)?.fail;
            if let Some(&r) = self.rank.get(u).filter(|&&r| r != u32::MAX) {
                return self
                    .rows
                    .get(r as usize * self.stride + c)
                    .map(|&t| t as usize);
            }
        }
    }
}

/// A state of a [`Dfa`] inside one phrase: the class of its one byte that
/// leads deeper ([`Dfa::NO_CLASS`] for none), the entry it leads to (flagged
/// as in `trans`) and its failure state.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Sparse {
    to: u32,
    fail: u32,
    class: u16,
}

/// A standard (every occurrence) Aho-Corasick DFA, laid out for [`Scanner`] so
/// that a walk touches little memory (see the module docs for why):
///
/// - *dense* states (the start, the shallow states and every state where phrases
///   branch) have a full row of transitions, one four-byte entry per byte class,
///   numbered breadth first so that the shallow states most bytes of a text lead
///   to share a few cache lines;
/// - every other state lies inside one phrase, with at most one byte that leads
///   deeper: it keeps only that byte's class, the state it leads to and its
///   failure state (the longest proper suffix of what was read that begins a
///   phrase), twelve bytes in all, numbered after the dense ones along each
///   phrase, so that a walk down a phrase reads consecutive records. Any other
///   byte leads where it leads from the failure state.
///
/// These tables hold about a quarter of the bytes of a full table.
#[derive(Debug, PartialEq)]
struct Dfa {
    /// Byte → class: one class per byte that occurs in a phrase, 0 for the rest
    /// (which lead every state back to the start).
    classes: [u16; 256],
    /// Classes per state row.
    stride: usize,
    /// The number of dense states: states `0..dense` (0 is the start).
    dense: usize,
    /// Per dense state row and class: the next state, with [`Dfa::ENDS`] set when
    /// phrases end there.
    trans: Vec<u32>,
    /// Per other state (state `dense + i` at `i`): its deeper byte's class
    /// ([`Dfa::NO_CLASS`] for none), the next state on it (flagged as in
    /// `trans`) and its failure state.
    sparse: Vec<Sparse>,
    /// Per state: where the phrases that end there start in `ends` (one more
    /// entry at the end).
    ends_at: Vec<u32>,
    /// The phrases that end at each state, by state: the pattern (bits 0-31),
    /// its set (bits 32-39) and its length in bytes (bits 40-63), all that a
    /// walk needs of a phrase found, in one look-up.
    ends: Vec<u64>,
}

impl Dfa {
    /// The flag of a transition to a state where phrases end.
    const ENDS: u32 = 1 << 31;
    /// The most states the tables are built for (a hundred times those of
    /// today's lexicons): past it every set is searched alone.
    const MAX_STATES: usize = 1 << 22;
    /// The class of a sparse state with no deeper byte (no byte has it).
    const NO_CLASS: u16 = 0xffff;
    /// States this shallow are dense: the few that nearly every word of a text
    /// passes through, where a sparse record would most often send the walk on
    /// to the failure state.
    const DENSE_DEPTH: usize = 3;

    /// The DFA of `phrases`, each of the set `sets[i]`; `None` when there are
    /// none, or when it cannot be built or has more than [`Dfa::MAX_STATES`]
    /// states (or phrases too long or sets too many for an entry of `ends`).
    ///
    /// The transitions come from the trie of the phrases (children in class
    /// order, numbered breadth first) and the failure link of each state: a
    /// byte with no child leads where it leads from the failure state, whose
    /// row is done before (the standard construction of an Aho-Corasick DFA;
    /// a test checks that `aho_corasick`'s own DFA gives the same tables).
    fn build(phrases: &[&str], sets: &[usize]) -> Option<Dfa> {
        if phrases.is_empty() {
            return None;
        }
        let (classes, stride) = Dfa::classes_of(phrases)?;
        // The trie of the phrases, by class: `kids[s * stride + c]` is the
        // child of node `s` on class `c` (`NONE` when none), `own[s]` the
        // phrases that end at `s`, `span[s]` the first and last class of its
        // children (most nodes have one child or none: their rows are not read).
        const NONE: u32 = u32::MAX;
        let mut kids = vec![NONE; stride];
        // (At most one node per phrase byte, and the start: room for all at
        // once, so that the tables are never copied to grow.)
        let bound = phrases.iter().map(|p| p.len()).sum::<usize>() + 1;
        kids.reserve(bound.saturating_sub(1).saturating_mul(stride));
        let mut own: Vec<Vec<u32>> = Vec::with_capacity(bound);
        own.push(Vec::new());
        let mut span = Vec::with_capacity(bound);
        span.push((usize::MAX, 0usize));
        for (i, p) in phrases.iter().enumerate() {
            let mut s = 0;
            for &b in p.as_bytes() {
                let c = usize::from(classes[usize::from(b)]);
                let next = *kids.get(s * stride + c)?;
                s = if next == NONE {
                    let t = own.len();
                    own.push(Vec::new());
                    span.push((usize::MAX, 0));
                    kids.resize(kids.len() + stride, NONE);
                    *kids.get_mut(s * stride + c)? = u32::try_from(t).ok()?;
                    let (lo, hi) = span.get_mut(s)?;
                    (*lo, *hi) = ((*lo).min(c), (*hi).max(c));
                    t
                } else {
                    next as usize
                };
            }
            own.get_mut(s)?.push(u32::try_from(i).ok()?);
        }
        // Breadth first, children in class order (the numbering the walk of
        // an automaton in `of_automaton` gives): each state's place in the
        // trie and failure state, and its matches (its own, then its failure
        // state's, the order of an Aho-Corasick automaton's standard matches).
        // No full table: only the dense states' rows are needed, and those are
        // read off the trie and the failure states below.
        let n = own.len();
        let mut bfs = Vec::with_capacity(n);
        bfs.push(0);
        // The state (breadth-first number) of each trie node.
        let mut num = vec![0usize; n];
        let mut nodes = vec![Node::default(); n];
        let mut matches: Vec<Vec<u32>> = Vec::with_capacity(n);
        let mut k = 0;
        while let Some(&node) = bfs.get(k) {
            let s = k;
            k += 1;
            let Node { depth, fail, .. } = *nodes.get(s)?;
            let mut m = std::mem::take(own.get_mut(node)?);
            if s > 0 {
                m.extend_from_slice(matches.get(fail)?);
            }
            matches.push(m);
            let (lo, hi) = *span.get(node)?;
            for c in lo..=hi {
                let child = *kids.get(node * stride + c)?;
                if child == NONE {
                    continue;
                }
                // The child's failure state: where `c` leads from the parent's
                // (a shallower state, whose children are numbered already).
                let child_fail = if s == 0 {
                    0
                } else {
                    Walk::new(&kids, stride, &bfs, &num, &nodes).goto(fail, c)?
                };
                let t = bfs.len();
                bfs.push(child as usize);
                *num.get_mut(child as usize)? = t;
                *nodes.get_mut(t)? = Node {
                    depth: depth + 1,
                    fail: child_fail,
                    ..Node::default()
                };
                let from = nodes.get_mut(s)?;
                from.children += 1;
                from.child = Some((c, t));
            }
        }
        // The rows of the dense states, breadth first: class `c` leads from one
        // to its child, else where it leads from its failure state, a
        // shallower state whose row is done already when it is dense, and
        // otherwise walked down its failure states.
        let mut rank = vec![u32::MAX; n];
        let mut rows: Vec<u32> =
            Vec::with_capacity(nodes.iter().filter(|node| node.dense()).count() * stride);
        for (s, node) in nodes.iter().enumerate() {
            if !node.dense() {
                continue;
            }
            let at = rows.len();
            *rank.get_mut(s)? = u32::try_from(at / stride).ok()?;
            // A failure state whose row is done (a dense one) gives the row at
            // once: its row, with this state's children put in.
            let fail_row = Some(node.fail)
                .filter(|_| s > 0)
                .and_then(|f| rank.get(f))
                .filter(|&&r| r != u32::MAX)
                .map(|&r| r as usize * stride)
                .filter(|&from| from + stride <= at);
            if let Some(from) = fail_row {
                rows.extend_from_within(from..from + stride);
                let trie = *bfs.get(s)?;
                let (lo, hi) = *span.get(trie)?;
                for c in lo..=hi {
                    let child = *kids.get(trie * stride + c)?;
                    if child != NONE {
                        *rows.get_mut(at + c)? = u32::try_from(*num.get(child as usize)?).ok()?;
                    }
                }
                continue;
            }
            for c in 0..stride {
                let walk = Walk {
                    rank: &rank,
                    rows: &rows,
                    ..Walk::new(&kids, stride, &bfs, &num, &nodes)
                };
                let to = walk.goto(s, c)?;
                rows.push(u32::try_from(to).ok()?);
            }
        }
        let row = |s: usize, c: usize| -> Option<usize> {
            let r = *rank.get(s)? as usize;
            rows.get(r * stride + c).map(|&t| t as usize)
        };
        Dfa::of_nodes(classes, stride, nodes, row, &matches, (phrases, sets))
    }

    /// The byte classes of `phrases`: one per byte that occurs in one, in
    /// order of first occurrence, class 0 for the rest; and their number.
    fn classes_of(phrases: &[&str]) -> Option<([u16; 256], usize)> {
        let mut classes = [0u16; 256];
        let mut n = 1usize;
        for p in phrases {
            for &b in p.as_bytes() {
                if classes[usize::from(b)] == 0 {
                    classes[usize::from(b)] = u16::try_from(n).ok()?;
                    n += 1;
                }
            }
        }
        Some((classes, n))
    }

    /// [`Dfa::build`] from `ac`, an automaton of `phrases` with standard
    /// semantics.
    #[cfg(test)]
    fn of_automaton<A: aho_corasick::automaton::Automaton>(
        ac: &A,
        phrases: &[&str],
        sets: &[usize],
    ) -> Option<Dfa> {
        use aho_corasick::{automaton::StateID, Anchored};
        let start = ac.start_state(Anchored::No).ok()?;
        let (classes, stride) = Dfa::classes_of(phrases)?;
        // A byte of each class, to follow its transitions.
        // (Its smallest: a class of a phrase byte has one; class 0, the rest.)
        let mut bytes_of = vec![0u8; stride];
        for b in (0..=255u8).rev() {
            if let Some(x) = bytes_of.get_mut(usize::from(classes[usize::from(b)])) {
                *x = b;
            }
        }
        // The full table, states numbered breadth first (`order`).
        let mut ids: rustc_hash::FxHashMap<StateID, usize> = rustc_hash::FxHashMap::default();
        ids.insert(start, 0);
        let mut order = vec![start];
        let mut full: Vec<usize> = Vec::new();
        let mut i = 0;
        while let Some(&sid) = order.get(i) {
            i += 1;
            for &b in &bytes_of {
                let to = ac.next_state(Anchored::No, sid, b);
                let id = *ids.entry(to).or_insert_with(|| {
                    order.push(to);
                    order.len() - 1
                });
                full.push(id);
            }
        }
        let matches: Vec<Vec<u32>> = order
            .iter()
            .map(|&sid| {
                (0..if ac.is_match(sid) {
                    ac.match_len(sid)
                } else {
                    0
                })
                    .map(|k| ac.match_pattern(sid, k).as_u32())
                    .collect()
            })
            .collect();
        Dfa::of_table(classes, stride, &full, &matches, phrases, sets)
    }

    /// [`Dfa::build`] from the full table of an automaton of `phrases` with
    /// standard semantics, states numbered breadth first (`full[s * stride +
    /// c]`), and the phrases that end at each state (`matches`).
    #[cfg(test)]
    fn of_table(
        classes: [u16; 256],
        stride: usize,
        full: &[usize],
        matches: &[Vec<u32>],
        phrases: &[&str],
        sets: &[usize],
    ) -> Option<Dfa> {
        let n = matches.len();
        if n > Dfa::MAX_STATES {
            return None;
        }
        // Per state, in the trie of phrases: its depth, its children (a
        // transition one deeper follows the trie: what was read so far, plus the
        // byte, begins a phrase), the last of them (class, state) and its failure
        // state. Breadth first, a state's parent and failure state come before it.
        let mut nodes = vec![Node::default(); n];
        for s in 0..n {
            let node = *nodes.get(s)?;
            for c in 0..stride {
                let t = *full.get(s * stride + c)?;
                let fail = if s == 0 {
                    0
                } else {
                    *full.get(node.fail * stride + c)?
                };
                let to = nodes.get_mut(t)?;
                if t > s && to.depth == 0 {
                    to.depth = node.depth + 1;
                    to.fail = fail;
                    let from = nodes.get_mut(s)?;
                    from.children += 1;
                    from.child = Some((c, t));
                }
            }
        }
        let row = |s: usize, c: usize| full.get(s * stride + c).copied();
        Dfa::of_nodes(classes, stride, nodes, row, matches, (phrases, sets))
    }

    /// The tables of a DFA from the states of the trie of its phrases
    /// (`nodes`, breadth first, see [`Node`]), the phrases that end at each
    /// (`matches`) and `row(s, c)`: where class `c` leads from state `s`
    /// (asked of dense states only).
    fn of_nodes(
        classes: [u16; 256],
        stride: usize,
        mut nodes: Vec<Node>,
        row: impl Fn(usize, usize) -> Option<usize>,
        matches: &[Vec<u32>],
        (phrases, sets): (&[&str], &[usize]),
    ) -> Option<Dfa> {
        let n = matches.len();
        if n > Dfa::MAX_STATES || nodes.len() != n {
            return None;
        }
        // New numbers: dense states breadth first, then the others phrase by
        // phrase (each run of them starts below a dense state). `old_of`: the
        // breadth-first number of each state, by new number.
        let mut old_of = Vec::with_capacity(n);
        for (s, node) in nodes.iter_mut().enumerate() {
            if node.dense() {
                node.new = Some(old_of.len());
                old_of.push(s);
            }
        }
        let dense = old_of.len();
        for k in 0..dense {
            let s = *old_of.get(k)?;
            let below = nodes.get(s)?.depth + 1;
            for c in 0..stride {
                let mut t = row(s, c)?;
                if nodes.get(t)?.depth != below {
                    continue;
                }
                // Follow the run of sparse states down from this child of `s`.
                loop {
                    let node = nodes.get_mut(t)?;
                    if node.dense() || node.new.is_some() {
                        break;
                    }
                    node.new = Some(old_of.len());
                    old_of.push(t);
                    match node.child {
                        Some((_, u)) => t = u,
                        None => break,
                    }
                }
            }
        }
        if old_of.len() != n {
            return None;
        }
        let entry = |t: usize| -> Option<u32> {
            let id = u32::try_from(nodes.get(t)?.new?).ok()?;
            Some(if matches.get(t)?.is_empty() {
                id
            } else {
                id | Dfa::ENDS
            })
        };
        let mut trans = Vec::with_capacity(dense * stride);
        for &s in old_of.get(..dense)? {
            for c in 0..stride {
                trans.push(entry(row(s, c)?)?);
            }
        }
        let mut sparse = Vec::with_capacity(n - dense);
        for &s in old_of.get(dense..)? {
            let node = nodes.get(s)?;
            let (class, to) = match node.child {
                Some((c, t)) => (u16::try_from(c).ok()?, entry(t)?),
                None => (Dfa::NO_CLASS, 0),
            };
            let fail = u32::try_from(nodes.get(node.fail)?.new?).ok()?;
            sparse.push(Sparse { to, fail, class });
        }
        let (ends_at, ends) = Dfa::match_ends(matches, &old_of, phrases, sets)?;
        Some(Dfa {
            classes,
            stride,
            dense,
            trans,
            sparse,
            ends_at,
            ends,
        })
    }

    /// The phrases that end at each state, by new number (`old_of` gives the
    /// old, breadth-first number; `matches` the phrases by it): `ends_at` and
    /// `ends` of [`Dfa`].
    fn match_ends(
        matches: &[Vec<u32>],
        old_of: &[usize],
        phrases: &[&str],
        sets: &[usize],
    ) -> Option<(Vec<u32>, Vec<u64>)> {
        let mut ends_at = vec![0u32];
        let mut ends = Vec::new();
        for &s in old_of {
            for &pattern in matches.get(s)? {
                let k = usize::try_from(pattern).ok()?;
                let set = u8::try_from(*sets.get(k)?).ok()?;
                let len = phrases.get(k)?.len();
                if len >= 1 << 24 {
                    return None;
                }
                ends.push(u64::from(pattern) | u64::from(set) << 32 | (len as u64) << 40);
            }
            ends_at.push(u32::try_from(ends.len()).ok()?);
        }
        Some((ends_at, ends))
    }

    /// The transition from `state` on `byte` (see `trans` and `sparse`).
    #[inline]
    fn next(&self, state: usize, byte: u8) -> u32 {
        let class = self.classes[usize::from(byte)];
        let mut s = state;
        loop {
            if s < self.dense {
                return self
                    .trans
                    .get(s * self.stride + usize::from(class))
                    .copied()
                    .unwrap_or(0);
            }
            let Some(r) = self.sparse.get(s - self.dense) else {
                return 0;
            };
            if r.class == class {
                return r.to;
            }
            s = r.fail as usize;
        }
    }

    /// `f(pattern, set, start, end)` for each phrase ending at `state`, the text
    /// read so far ending at `end`. Kept out of line: inlined, it slows the walk
    /// it is called from (about one byte in twenty) by more than the call costs.
    #[inline(never)]
    fn ends_of(&self, state: usize, end: usize, f: &mut impl FnMut(usize, usize, usize, usize)) {
        let (Some(&from), Some(&to)) = (self.ends_at.get(state), self.ends_at.get(state + 1))
        else {
            return;
        };
        for &e in self.ends.get(from as usize..to as usize).unwrap_or(&[]) {
            let (pattern, set, len) = (e as u32 as usize, (e >> 32) as u8, (e >> 40) as usize);
            if let Some(start) = end.checked_sub(len) {
                f(pattern, usize::from(set), start, end);
            }
        }
    }
}

/// How a trigger may start an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strength {
    Strong,
    Weak,
}

#[derive(Debug, Clone)]
pub struct Trigger {
    pub event_type: EventType,
    /// A blocking entry: a phrase that contains a trigger word but names no act
    /// ("hunger strike"); being longer, it wins the match and hides the trigger.
    pub block: bool,
    pub sub_event_type: Option<String>,
    pub priority: u8,
    pub strength: Strength,
    /// What the word tells of the act (optional sixth column of `triggers.tsv`).
    pub cue: TriggerCue,
}

/// How a trigger word stands to the act that caused the casualties (the
/// optional sixth column of `triggers.tsv`): type follows the act, not any
/// weapon word told with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TriggerCue {
    /// No special reading.
    #[default]
    None,
    /// A weapon or blast word that does not name the act when a direct act is
    /// told with it ("an explosion was heard as the gunmen fled").
    Incidental,
    /// An act done by hand or firearm ("opened fire", "shot dead"): it decides
    /// the type over an incidental weapon word.
    Direct,
    /// A verb that names an act only when a crowd does it ("residents beat a
    /// police officer"; not "Liverpool beat Everton"): [`crate::rules::Rule::CROWD_VERB`].
    Crowd,
    /// A verb of taking ("seized") that names an act only when what it takes
    /// is a place ("seized the border crossing"; not "seized two trucks of
    /// medicines"): [`crate::rules::Rule::CAPTURE_OBJECT`].
    Territory,
    /// A verb that is also a noun ("storm", "march", "torch") and names an
    /// act only right after its doer, as in a headline's present tense
    /// ("GUNMEN STORM VILLAGE"): [`crate::rules::Rule::SUBJECT_VERB`].
    Subject,
    /// People held where they were ("taken hostage", "hijacked"): the act
    /// stays an abduction whatever its toll
    /// ([`crate::rules::Rule::TYPE_KILLING_OVER_ABDUCTION`]).
    Held,
    /// A verb of setting up ("established", "opened", "built") that names
    /// an act only when what it sets up is a base, outpost, camp or
    /// headquarters ("set up a new military camp"; not "set up a
    /// committee"): [`crate::rules::Rule::BASE_OBJECT`].
    Base,
    /// A verb of moving forces ("deployed", "dispatched", "withdrawing")
    /// that names a change of activity only when what it moves is a force
    /// ("deploying 500 more troops"; not "deployed a new system"):
    /// [`crate::rules::Rule::FORCES_OBJECT`].
    Forces,
    /// A verb of exchange ("exchanged", "swapped") that names an agreement
    /// only when what it exchanges is prisoners or bodies ("exchanged 95
    /// prisoners of war"): [`crate::rules::Rule::PACT_OBJECT`].
    Swap,
    /// A verb of signing that names an agreement only when what is signed
    /// is a pact, and an actor is named in the sentence ("the army and the
    /// M23 signed a declaration of principles"):
    /// [`crate::rules::Rule::PACT_OBJECT`].
    Pact,
    /// A verb of agreeing ("agreed") that names an agreement only when what
    /// is agreed to is an act of peace: "to" and an `agreed_act` word after
    /// it, a few words on in its clause ("the two sides agreed on Monday to
    /// withdraw"; not "agreed to meet"): [`crate::rules::Rule::PACT_OBJECT`].
    Accord,
    /// A verb of holding ("held", "holding") that names an arrest only when
    /// police or soldiers hold people ("police held 23 people"; not "held a
    /// meeting", nor "rebels held the town"):
    /// [`crate::rules::Rule::CUSTODY_OBJECT`].
    Custody,
    /// A word of a group's change (a new leader, a merger, forces joined)
    /// that names an act only when an armed actor is named in its sentence
    /// ("JNIM and a Dogon militia joined forces"; not "two banks merged"):
    /// [`crate::rules::Rule::GROUP_ACTOR`].
    Group,
    /// A verb of driving out ("drove", "pushed", "cleared") that names the
    /// taking of a place only when it drives people or fighters out of a
    /// place ("drove the rebels out of the town", "cleared the village of
    /// militants"; not "drove from Kabul to Jalalabad"):
    /// [`crate::rules::Rule::EXPEL_OBJECT`].
    Expel,
    /// A word of leaving a place ("withdrew from", "pulled out of"): its doer
    /// gives the place up. Told with a fight, the word names the clash, and
    /// the leavers are not takers ("troops withdrew from the town after heavy
    /// fighting"): [`crate::rules::Rule::CAPTURE_OBJECT`].
    Leave,
    /// A verb of regaining or freeing ("liberated", "recovered") that names
    /// the taking of a place only when what it takes back is a place
    /// ("liberated the commune of X"; not "liberated 14 hostages",
    /// "recovered the bodies"): [`crate::rules::Rule::CAPTURE_OBJECT`].
    Regain,
    /// A verb of stopping a weapon ("intercepted") that names disrupted
    /// weapons use only with a weapon among its object words ("intercepted
    /// two missiles"; not "intercepted their vehicle"):
    /// [`crate::rules::Rule::ARMS_OBJECT`].
    Arms,
    /// A verb of a place falling to its takers ("fell to", "fell into the
    /// hands of") that names the taking only with a place before it in its
    /// clause and an actor right after it ("the town of X fell to the
    /// rebels"; not "the death toll in X fell to 30"):
    /// [`crate::rules::Rule::PLACE_FELL`].
    Fall,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CasualtyWordKind {
    Killed,
    /// "rose to", "reached": killed, where the sentence speaks of a toll.
    Toll,
    Injured,
    Casualties,
}

#[derive(Debug, Clone, Copy)]
pub struct CasualtyWord {
    pub kind: CasualtyWordKind,
    pub after: bool,
    pub before: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NounClass {
    Person,
    /// Soldiers, police: victims who make a generic attack a battle.
    Forces,
    Attacker,
    Filler,
    /// Villages, houses, vehicles: a count of them is not a toll.
    Thing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModalityKind {
    Generic,
    Future,
    Hypothetical,
    Negated,
    /// A death or blast with no attacker (gas explosion, flood): negates the
    /// sentence unless a weapon is named in it ("a bomb made from a gas
    /// cylinder exploded").
    Accident,
    Threat,
    /// Ongoing or habitual fighting ("are fighting", "clashes are common"):
    /// generic, but only in a sentence with no date of its own.
    Ongoing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Sentence,
    After,
    Near,
    /// Triggers after the cue reached only through a `content_clause` word
    /// ("rejected on Tuesday reports *that* its jets had bombed a market"):
    /// the cue's verb says nothing of an act with no claim it denies.
    Content,
    /// No scope: a phrase that only keeps a shorter cue inside it from
    /// matching ("feared killed" tells a toll, not a fear); never kept.
    None,
}

#[derive(Debug, Clone, Copy)]
pub struct ModalityCue {
    pub kind: ModalityKind,
    pub scope: Scope,
    /// A cue of sport or private crime (an accident cue of no political
    /// harm): it does not hold in a sentence with a named or irregular armed
    /// actor ("gunmen killed a farmer and his neighbour").
    pub private: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleCue {
    Claim,
    ClaimedBy,
    Allege,
    AgentBy,
    /// A verb of ordering or telling before "by" ("were ordered by X", "had
    /// been told by X"): X ordered or told something, and is no party to the
    /// act told with it.
    CommandBy,
    Target,
    Suspect,
    Anaphor,
    Report,
    /// A title of one who speaks for an actor ("spokesman"): the actor right
    /// before it speaks ("a Taliban spokesman", "the army's spokesperson").
    Speaker,
    /// An office named by a forces or police word right before it ("the
    /// regional military administration", "a military court"): that generic
    /// word names the office, which speaks, and is no party to the act.
    Office,
    /// A title of office ("chief", "minister"): after an actor's genitive, in
    /// a sentence that reports, the actor speaks ("the Taliban's deputy police
    /// chief, X, said").
    Title,
    /// A word of telling ("released", "statement"): a date right after it dates
    /// the report or the claim, not the act. Read into `Lexicons::reporting`,
    /// never a role cue.
    Telling,
    ReportBy,
    Modifier,
    /// Right before an actor: it describes another ("affiliated with X").
    ModifierOf,
    /// A noun between two actors: the first describes the second.
    ModifierNoun,
    /// Opens a sentence about another act ("Separately, …").
    Separate,
    /// Right before the doer of an act: another party did another act
    /// ("another group of gunmen raided …").
    SeparateDoer,
    /// Next to a claim cue: the claim is of every act told before it ("claimed
    /// responsibility for both attacks").
    ClaimAll,
    Deny,
    ForcesTarget,
    Blame,
    /// Right before an actor, after an attacker word: the attacker belonged to
    /// it ("the bomber was a member of X"): X is the alleged perpetrator.
    Member,
    /// A word for the one who did the act ("the bomber"), read by `Member`.
    Doer,
    /// A verb of occurrence ("took place"): after an anaphor, the date after it
    /// dates the act already told.
    Occurred,
    /// "came", "followed": after an act told, may link it to an earlier one.
    Sequel,
    /// "after", "a similar": the link a `Sequel` verb needs.
    SequelLink,
    /// ", a day after": after a comma, links an act to an earlier one, told
    /// that many days before (0 when the phrase does not say).
    SequelGap(i32),
    /// "four days earlier", "last month": anywhere in a sentence, a time phrase
    /// that tells an incident recalled from before the report's own act, that
    /// many days before it (0 when the phrase does not say).
    Recalled(i32),
    /// "in the same district": the act is at the place of the act told before.
    SamePlace,
    /// "Earlier on Thursday", "later that day": the act is on the day of the
    /// act told before it.
    SameDay,
    /// "were targeted", "came under fire": the actor before it suffers the act.
    Undergo,
    /// "were shot dead", "were beaten": a crowd (protesters) before it suffers
    /// the act, as after [`RoleCue::Undergo`]; an armed actor before it ("the
    /// attackers were shot dead by guards") stays a side of the act.
    UndergoCrowd,
    /// "beat", "lynched": civilians right before it are a mob that did the act.
    Mob,
    /// "hurled", "lobbed": a verb of throwing; a bomb thrown is a grenade
    /// ([`crate::rules::Rule::TYPE_THROWN_BOMB`]).
    Thrown,
    /// "with sticks", "with stones", "armed with machetes": the arms of a
    /// crowd, not of an armed group ([`crate::rules::Rule::TYPE_CROWD_ARMS`]).
    CrowdArms,
    /// How a claim was made: "statement", "video", "telegram", …
    Via(&'static str),
}

/// All extraction lexicons.
#[derive(Debug)]
pub struct Lexicons {
    pub triggers: PhraseSet<Trigger>,
    pub casualties: PhraseSet<CasualtyWord>,
    /// Words that, between a toll and its count, say the toll was revised
    /// ("rose", "later … put"): the `revision` rows of `casualties.tsv`, lower case.
    pub toll_revisions: Vec<String>,
    /// Words that end a victim's noun phrase after a casualty word ("killing
    /// the head of the commission *and* two others"): the `phrase_end` rows of
    /// `casualties.tsv`, lower case.
    pub phrase_stops: sitrep_text::WordSet,
    /// Words that mark a figure as part of the victims ("including", "among
    /// them"): the `partial` rows of `casualties.tsv`, lower case.
    pub partial_cues: sitrep_text::WordSet,
    /// Words that open an insert adding victims to a figure ("as well as",
    /// "along with"): the `adding` rows of `casualties.tsv`, lower case.
    pub adding_cues: Vec<String>,
    /// Words that tell a sentence's figures of several acts ("across", "a
    /// series of"): the `combined` rows of `casualties.tsv`, lower case, each
    /// split into its words once at load.
    pub combined_cues: Vec<Vec<String>>,
    /// Word parts of `casualties.tsv`'s `stem` rows, by class.
    pub stems: CasualtyStems,
    /// Function words of `casualties.tsv`'s `word` rows, by class.
    pub victim_words: VictimWords,
    /// Words allowed between a count and its casualty word, by class.
    pub nouns: rustc_hash::FxHashMap<String, NounClass>,
    /// Nouns of people at large ("people", "persons"): the `people` rows of
    /// `casualty-nouns.tsv` (persons in [`Lexicons::nouns`]), folded.
    pub people_nouns: crate::words::WordList,
    /// Nouns of an attack's own assailants, not of a side in a fight
    /// ("attackers", "bombers"): the `assailant` rows of `casualty-nouns.tsv`
    /// (attackers in [`Lexicons::nouns`]), folded.
    pub assailant_nouns: crate::words::WordList,
    pub modality: PhraseSet<ModalityCue>,
    pub roles: PhraseSet<RoleCue>,
    /// Reporting verbs and words of telling (the `report` and `telling` cues of
    /// `roles.tsv`, folded): a date right after one dates the telling or the
    /// claim, not the act.
    pub reporting: sitrep_text::WordSet,
    pub taxonomy: Taxonomy,
    /// Who gives a figure ("officials said" → officials), from `sources.tsv`.
    pub sources: PhraseSet<String>,
    /// Single words of sentence analysis, from `sentence-words.tsv`.
    pub words: crate::words::SentenceWords,
    /// The roles of places ("from X", "X's embassy"), from `place-roles.tsv`.
    pub place_roles: crate::place_roles::PlaceRoles,
    /// Casualties, modality, roles, sources and triggers, in that order, in one
    /// scanner ([`Lexicons::find_cues`], [`Lexicons::trigger_hits`]).
    scanner: Scanner,
}

/// The index of the triggers among the scanner's sets (after the [`CueSet`]s).
const TRIGGER_SET: usize = CueSet::ALL.len();

/// The lexicon files compiled into the binary, named as in `data/lexicons/`.
const EMBEDDED: Embedded = &[
    (
        "triggers.tsv",
        include_str!("../../../data/lexicons/triggers.tsv"),
    ),
    (
        "casualties.tsv",
        include_str!("../../../data/lexicons/casualties.tsv"),
    ),
    (
        "casualty-nouns.tsv",
        include_str!("../../../data/lexicons/casualty-nouns.tsv"),
    ),
    (
        "sentence-words.tsv",
        include_str!("../../../data/lexicons/sentence-words.tsv"),
    ),
    (
        "place-roles.tsv",
        include_str!("../../../data/lexicons/place-roles.tsv"),
    ),
    (
        "modality.tsv",
        include_str!("../../../data/lexicons/modality.tsv"),
    ),
    (
        "roles.tsv",
        include_str!("../../../data/lexicons/roles.tsv"),
    ),
    (
        "taxonomy.tsv",
        include_str!("../../../data/lexicons/taxonomy.tsv"),
    ),
    (
        "sources.tsv",
        include_str!("../../../data/lexicons/sources.tsv"),
    ),
    (
        "irregular-verbs.tsv",
        include_str!("../../../data/lexicons/irregular-verbs.tsv"),
    ),
];

/// The presents of irregular pasts (`irregular-verbs.tsv`): past → its plural
/// and third person singular present.
type IrregularPasts = rustc_hash::FxHashMap<String, [String; 2]>;

fn parse_irregular(src: &str) -> Result<IrregularPasts, LexiconError> {
    let f = "irregular-verbs.tsv";
    let mut out = IrregularPasts::default();
    for (line, c) in rows(src) {
        out.insert(
            col(f, line, &c, 0)?.to_lowercase(),
            [
                col(f, line, &c, 1)?.to_lowercase(),
                col(f, line, &c, 2)?.to_lowercase(),
            ],
        );
    }
    Ok(out)
}

fn parse_sources(src: &str) -> Result<PhraseSet<String>, LexiconError> {
    let f = "sources.tsv";
    let mut v = Vec::new();
    for (line, c) in rows(src) {
        v.push((
            col(f, line, &c, 0)?.to_string(),
            col(f, line, &c, 1)?.to_string(),
        ));
    }
    PhraseSet::build(f, v)
}

/// One row of `taxonomy.tsv`.
#[derive(Debug, Clone)]
pub struct TaxonomyRow {
    pub sub_event_type: Option<String>,
    pub event_type: EventType,
    pub plover_event: Option<String>,
    pub plover_mode: Option<String>,
    pub cameo: Option<String>,
}

/// The event taxonomy: sub-event type → event type, PLOVER, CAMEO.
#[derive(Debug, Clone, Default)]
pub struct Taxonomy {
    pub rows: Vec<TaxonomyRow>,
}

impl Taxonomy {
    fn parse(src: &str) -> Result<Taxonomy, LexiconError> {
        let f = "taxonomy.tsv";
        let mut rows_out = Vec::new();
        for (line, c) in rows(src) {
            let et = col(f, line, &c, 1)?;
            rows_out.push(TaxonomyRow {
                sub_event_type: opt(col(f, line, &c, 0)?),
                event_type: EventType::parse(et)
                    .ok_or_else(|| err(f, line, format!("unknown event type {et:?}")))?,
                plover_event: opt(col(f, line, &c, 2)?),
                plover_mode: opt(col(f, line, &c, 3)?),
                cameo: opt(col(f, line, &c, 4)?),
            });
        }
        Ok(Taxonomy { rows: rows_out })
    }

    /// The row for a sub-type of an event type, else the event type's default row.
    pub fn lookup(&self, event_type: EventType, sub: Option<&str>) -> Option<&TaxonomyRow> {
        self.rows
            .iter()
            .find(|r| {
                r.event_type == event_type && r.sub_event_type.as_deref() == sub && sub.is_some()
            })
            .or_else(|| {
                self.rows
                    .iter()
                    .find(|r| r.event_type == event_type && r.sub_event_type.is_none())
            })
    }

    /// PLOVER object and CAMEO root for an event.
    pub fn codes(
        &self,
        event_type: EventType,
        sub: Option<&str>,
    ) -> (Option<sitrep_core::Plover>, Option<String>) {
        match self.lookup(event_type, sub) {
            Some(r) => (
                r.plover_event.as_ref().map(|e| sitrep_core::Plover {
                    event: e.clone(),
                    mode: r.plover_mode.clone(),
                }),
                r.cameo.clone(),
            ),
            None => (None, None),
        }
    }
}

/// The rows of a TSV file (the one reader of `sitrep-data`), as
/// (1-based line, fields).
pub(crate) fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    sitrep_data::rows("", text).map(|r| (r.line, r.fields))
}

pub(crate) fn err(file: &str, line: usize, message: impl Into<String>) -> LexiconError {
    LexiconError::Data(DataError::malformed(file, line, message))
}

pub(crate) fn col<'a>(
    file: &str,
    line: usize,
    cols: &[&'a str],
    i: usize,
) -> Result<&'a str, LexiconError> {
    cols.get(i)
        .copied()
        .filter(|c| !c.is_empty())
        .ok_or_else(|| {
            err(
                file,
                line,
                format!(
                    "expected at least {} tab-separated columns, found {}",
                    i + 1,
                    cols.len()
                ),
            )
        })
}

fn opt(s: &str) -> Option<String> {
    if s == "-" || s.is_empty() {
        None
    } else {
        Some(s.to_string())
    }
}

impl Lexicons {
    /// The lexicons compiled into the binary.
    pub fn embedded() -> Result<Lexicons, LexiconError> {
        Lexicons::load(&Data::embedded(EMBEDDED))
    }

    /// Once every phrase set is in: the scanner that searches them all.
    fn build_scanner(&mut self) -> Result<(), LexiconError> {
        self.scanner = Scanner::build(&[
            &self.casualties.patterns,
            &self.modality.patterns,
            &self.roles.patterns,
            &self.sources.patterns,
            &self.triggers.patterns,
        ]);
        // A set the scanner leaves alone is searched by its own automaton:
        // built now, so that a failure is a load error.
        for &set in &self.scanner.alone {
            self.set(set).automaton()?;
        }
        Ok(())
    }

    /// The phrase set of the scanner's number `set` (a [`CueSet`]'s index, or
    /// [`TRIGGER_SET`]), as the scanner leaves it alone to be searched.
    fn set(&self, set: usize) -> &dyn AloneSet {
        match CueSet::ALL.get(set) {
            Some(CueSet::Casualties) => &self.casualties,
            Some(CueSet::Modality) => &self.modality,
            Some(CueSet::Roles) => &self.roles,
            Some(CueSet::Sources) => &self.sources,
            None => &self.triggers,
        }
    }

    /// The triggers in folded `text`, exactly as `self.triggers.find(text)` gives
    /// them, left to right.
    pub fn trigger_hits(&self, text: &str, mut f: impl FnMut(Hit)) {
        if self.scanner.alone.contains(&TRIGGER_SET) {
            self.triggers.for_each(text, f);
        } else {
            self.scanner.scan(text, 1 << TRIGGER_SET, &mut |_, h| f(h));
        }
    }

    /// The hits of the cue sets (casualty words, modality, roles, sources) in folded
    /// `text`, each exactly as that set's [`PhraseSet::find`] gives them, found in one
    /// pass. `f` gets them set by set, each set's left to right.
    pub fn find_cues(&self, text: &str, mut f: impl FnMut(CueSet, Hit)) {
        let cues = (1 << CueSet::ALL.len()) - 1;
        self.scanner.scan(text, cues, &mut |set, h| {
            if let Some(&set) = CueSet::ALL.get(set) {
                f(set, h);
            }
        });
        for &set in &self.scanner.alone {
            let Some(&cue) = CueSet::ALL.get(set) else {
                continue;
            };
            self.set(set).search(text, &mut |h| f(cue, h));
        }
    }

    /// The hits of all five sets in folded `text`, in one walk: `cue` gets the cue
    /// sets' hits exactly as [`Lexicons::find_cues`] hands them over, `trigger` the
    /// triggers exactly as [`Lexicons::trigger_hits`] does.
    pub fn find_all(
        &self,
        text: &str,
        mut cue: impl FnMut(CueSet, Hit),
        mut trigger: impl FnMut(Hit),
    ) {
        self.scanner.scan(text, u32::MAX, &mut |set, h| {
            if set == TRIGGER_SET {
                trigger(h);
            } else if let Some(&set) = CueSet::ALL.get(set) {
                cue(set, h);
            }
        });
        for &set in &self.scanner.alone {
            match CueSet::ALL.get(set) {
                Some(&c) => self.set(set).search(text, &mut |h| cue(c, h)),
                None if set == TRIGGER_SET => self.set(set).search(text, &mut trigger),
                None => {}
            }
        }
    }

    /// Read the lexicons from a directory holding the same file names.
    pub fn load_dir(dir: &Path) -> Result<Lexicons, LexiconError> {
        Lexicons::load(&Data::dir(dir))
    }

    /// Read the lexicons from a knowledge source (embedded or a directory:
    /// the same reader).
    pub fn load(data: &Data) -> Result<Lexicons, LexiconError> {
        let read = |name: &str| data.text(name);
        // (The sentence words first: the triggers' headline forms read its
        // articles.)
        let words = crate::words::SentenceWords::parse(&read(crate::words::SentenceWords::FILE)?)?;
        let mut l = Lexicons::parse_with(
            &read("triggers.tsv")?,
            &read("casualties.tsv")?,
            &read("casualty-nouns.tsv")?,
            &read("modality.tsv")?,
            &read("roles.tsv")?,
            words,
            &parse_irregular(&read("irregular-verbs.tsv")?)?,
        )?;
        l.taxonomy = Taxonomy::parse(&read("taxonomy.tsv")?)?;
        l.sources = parse_sources(&read("sources.tsv")?)?;
        l.place_roles =
            crate::place_roles::PlaceRoles::parse(&read(crate::place_roles::PlaceRoles::FILE)?)?;
        l.check_classes()?;
        l.build_scanner()?;
        Ok(l)
    }

    /// The classes the code reads as lists of their own must hold words: a
    /// class left empty (its rows renamed, dropped) would turn its rule off
    /// without a word said.
    fn check_classes(&self) -> Result<(), LexiconError> {
        let lists: [(&str, &str, bool); 8] = [
            ("casualty-nouns.tsv", "people", self.people_nouns.is_empty()),
            (
                "casualty-nouns.tsv",
                "assailant",
                self.assailant_nouns.is_empty(),
            ),
            ("casualties.tsv", "adding", self.adding_cues.is_empty()),
            (
                "casualties.tsv",
                "stem superseded",
                self.stems.superseded.is_empty(),
            ),
            (
                "casualties.tsv",
                "word victims_verb",
                self.victim_words.victims_verb.is_empty(),
            ),
            ("casualties.tsv", "combined", self.combined_cues.is_empty()),
            (
                "casualties.tsv",
                "word incidents",
                self.victim_words.incidents.is_empty(),
            ),
            (
                "casualties.tsv",
                "word adverb_suffix",
                self.victim_words.adverb_suffixes.is_empty(),
            ),
        ];
        match lists.iter().find(|(_, _, empty)| *empty) {
            Some((file, class, _)) => Err(err(file, 0, format!("class {class} has no rows"))),
            None => Ok(()),
        }
    }

    #[cfg(test)]
    fn parse(
        triggers: &str,
        casualties: &str,
        nouns: &str,
        modality: &str,
        roles: &str,
    ) -> Result<Lexicons, LexiconError> {
        let words = crate::words::SentenceWords::default();
        let irregular = IrregularPasts::default();
        Lexicons::parse_with(
            triggers, casualties, nouns, modality, roles, words, &irregular,
        )
    }

    fn parse_with(
        triggers: &str,
        casualties: &str,
        nouns: &str,
        modality: &str,
        roles: &str,
        words: crate::words::SentenceWords,
        irregular: &IrregularPasts,
    ) -> Result<Lexicons, LexiconError> {
        let mut t = parse_triggers(triggers)?;
        t.extend(headline_forms(&t, &words.articles, irregular));
        let cas = parse_casualties(casualties)?;
        let nn = parse_nouns(nouns)?;
        let m = parse_modality(modality)?;
        let (r, reporting) = parse_roles(roles)?;
        Ok(Lexicons {
            triggers: PhraseSet::build("triggers.tsv", t)?,
            casualties: PhraseSet::build("casualties.tsv", cas.words)?,
            toll_revisions: cas.toll_revisions,
            phrase_stops: cas.phrase_stops.into_iter().collect(),
            partial_cues: cas.partial_cues.into_iter().collect(),
            adding_cues: cas.adding_cues,
            combined_cues: cas.combined_cues,
            stems: cas.stems,
            victim_words: cas.victim_words,
            nouns: nn.classes,
            people_nouns: nn.people,
            assailant_nouns: nn.assailants,
            modality: PhraseSet::build("modality.tsv", m)?,
            roles: PhraseSet::build("roles.tsv", r)?,
            reporting: reporting.into_iter().collect(),
            taxonomy: Taxonomy::default(),
            sources: PhraseSet::build("sources.tsv", Vec::new())?,
            words,
            place_roles: crate::place_roles::PlaceRoles::default(),
            // Built once the sources are in ([`Lexicons::build_scanner`]); till
            // then every set is searched alone.
            scanner: Scanner::none(TRIGGER_SET + 1),
        })
    }
}

/// The rows of `roles.tsv` (phrase, cue) and its reporting verbs (the
/// `report` cues, folded).
type RoleRows = (Vec<(String, RoleCue)>, rustc_hash::FxHashSet<String>);

/// The rows of `triggers.tsv`: phrase, then its trigger (type, sub-type,
/// priority, strength, cue).
fn parse_triggers(triggers: &str) -> Result<Vec<(String, Trigger)>, LexiconError> {
    let f = "triggers.tsv";
    let mut t = Vec::new();
    for (line, c) in rows(triggers) {
        let et = col(f, line, &c, 1)?;
        let block = et == "block";
        let event_type = if block {
            EventType::Statement
        } else {
            EventType::parse(et)
                .ok_or_else(|| err(f, line, format!("unknown event type {et:?}")))?
        };
        let priority = col(f, line, &c, 3)?
            .parse::<u8>()
            .map_err(|_| err(f, line, "priority must be 0..255"))?;
        let strength = match col(f, line, &c, 4)? {
            "strong" => Strength::Strong,
            "weak" => Strength::Weak,
            s => {
                return Err(err(
                    f,
                    line,
                    format!("strength must be strong or weak, not {s:?}"),
                ))
            }
        };
        let cue = match c.get(5).map(|s| s.trim()) {
            None | Some("" | "-") => TriggerCue::None,
            Some("incidental") => TriggerCue::Incidental,
            Some("direct") => TriggerCue::Direct,
            Some("crowd") => TriggerCue::Crowd,
            Some("territory") => TriggerCue::Territory,
            Some("subject") => TriggerCue::Subject,
            Some("held") => TriggerCue::Held,
            Some("base") => TriggerCue::Base,
            Some("forces") => TriggerCue::Forces,
            Some("swap") => TriggerCue::Swap,
            Some("pact") => TriggerCue::Pact,
            Some("accord") => TriggerCue::Accord,
            Some("custody") => TriggerCue::Custody,
            Some("group") => TriggerCue::Group,
            Some("expel") => TriggerCue::Expel,
            Some("leave") => TriggerCue::Leave,
            Some("regain") => TriggerCue::Regain,
            Some("arms") => TriggerCue::Arms,
            Some("fall") => TriggerCue::Fall,
            Some(s) => {
                return Err(err(
                    f,
                    line,
                    format!(
                        "cue must be incidental, direct, crowd, territory, subject, held, base, forces, swap, pact, accord, custody, group, expel, leave, regain, arms, fall or -, not {s:?}"
                    ),
                ))
            }
        };
        t.push((
            col(f, line, &c, 0)?.to_string(),
            Trigger {
                event_type,
                sub_event_type: opt(col(f, line, &c, 2)?),
                priority,
                strength,
                block,
                cue,
            },
        ));
    }
    Ok(t)
}

/// The headline present of each row written in the regular past ("kidnapped",
/// "burned down"): "GUNMEN KIDNAP 20 STUDENTS", "Rebels capture town",
/// "Mob lynches suspected thief"; or in an irregular past of
/// `irregular-verbs.tsv` ("took control": "Arakan Army takes control"). The present is also a noun as often as not
/// ("a shell", "the capture"), so a generated row names an act only right
/// after its doer (cue `subject`, [`crate::rules::Rule::SUBJECT_VERB`]). A
/// headline drops its articles (`article` words of `sentence-words.tsv`), so
/// each present comes with and without them ("agree to a truce", "agree to
/// truce"). Only rows with no cue of their own (a cue already restricts the
/// reading) and no row of the file with the same phrase; the past's own row
/// is unchanged.
fn headline_forms(
    rows: &[(String, Trigger)],
    articles: &crate::words::WordList,
    irregular: &IrregularPasts,
) -> Vec<(String, Trigger)> {
    // The phrases of the file and those made so far (folded).
    let mut seen: rustc_hash::FxHashSet<String> = rows
        .iter()
        .map(|(p, _)| fold_str(p.trim_end_matches('*')))
        .collect();
    let mut out: Vec<(String, Trigger)> = Vec::new();
    for (phrase, trig) in rows {
        if trig.block
            || !matches!(trig.cue, TriggerCue::None | TriggerCue::Leave)
            || phrase.ends_with('*')
        {
            continue;
        }
        let (first, rest) = phrase.split_once(' ').unwrap_or((phrase.as_str(), ""));
        let bare: Vec<&str> = rest
            .split(' ')
            .filter(|w| !crate::words::is(articles, w))
            .collect();
        let bare = bare.join(" ");
        // (Both spellings only where the phrase has an article.)
        let rests: &[&str] = if bare == rest {
            &[rest]
        } else {
            &[rest, bare.as_str()]
        };
        let forms = match irregular.get(first) {
            Some(presents) => presents.to_vec(),
            None => present_forms(first),
        };
        for form in forms {
            for &rest in rests {
                let p = if rest.is_empty() {
                    form.clone()
                } else {
                    format!("{form} {rest}")
                };
                if !seen.insert(fold_str(&p)) {
                    continue;
                }
                let mut g = trig.clone();
                g.cue = TriggerCue::Subject;
                out.push((p, g));
            }
        }
    }
    out
}

/// The present forms (plural, then third person singular) of a regular past
/// in "-ed" of at least five letters ([`present_bases`]).
fn present_forms(past: &str) -> Vec<String> {
    let Some(stem) = past.strip_suffix("ed") else {
        return Vec::new();
    };
    if past.len() < 5 || !past.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
        return Vec::new();
    }
    let mut out = Vec::new();
    for base in present_bases(stem) {
        // ("rally" rallies; "destroy" destroys)
        let consonant_y = base
            .strip_suffix('y')
            .filter(|b| b.bytes().last().is_some_and(|c| !vowel(c)));
        let third = if let Some(y) = consonant_y {
            format!("{y}ies")
        } else if ["s", "sh", "ch", "x", "z"]
            .iter()
            .any(|e| base.ends_with(e))
        {
            format!("{base}es")
        } else {
            format!("{base}s")
        };
        out.push(base);
        out.push(third);
    }
    out
}

/// A vowel letter (spelling: "y" counts as a consonant).
fn vowel(c: u8) -> bool {
    b"aeiou".contains(&c)
}

/// The present of a regular past's `stem` (the past less "ed") by the rules
/// of spelling: "rallied" rally; a doubled consonant undoubled
/// ("kidnapped" kidnap), save s, f and z ("passed" pass) and l, which may be
/// either ("shelled" shell, "repelled" repel); a vowel or a soft c, g, s, v
/// or z takes back its e ("rescued" rescue, "forced" force, "seized"
/// seize); after two consonants none ("attacked" attack), save l and r,
/// which may ("rustled" rustle, "massacred" massacre); after one vowel and
/// one consonant either ("raped" rape, "targeted" target). Where the past
/// does not tell, both spellings: an unreal one matches no text.
fn present_bases(stem: &str) -> Vec<String> {
    if let Some(y) = stem.strip_suffix('i') {
        return vec![format!("{y}y")];
    }
    let b = stem.as_bytes();
    let (Some(&last), Some(&prev)) = (b.last(), b.len().checked_sub(2).and_then(|i| b.get(i)))
    else {
        return vec![stem.to_string()];
    };
    let with_e = format!("{stem}e");
    let undoubled = stem.get(..stem.len() - 1).unwrap_or(stem).to_string();
    if last == prev && !vowel(last) {
        return match last {
            b's' | b'f' | b'z' => vec![stem.to_string()],
            b'l' => vec![stem.to_string(), undoubled],
            _ => vec![undoubled],
        };
    }
    if vowel(last) || b"vz".contains(&last) || (b"cgs".contains(&last) && !vowel(prev)) {
        return vec![with_e];
    }
    if !vowel(prev) {
        return if b"lr".contains(&last) {
            vec![stem.to_string(), with_e]
        } else {
            vec![stem.to_string()]
        };
    }
    if b"wxy".contains(&last) {
        return vec![stem.to_string()];
    }
    if last == b'c' {
        return vec![with_e];
    }
    vec![stem.to_string(), with_e]
}

/// What `casualties.tsv` holds: casualty words, and the single-purpose lists
/// (`revision`, `phrase_end`, `partial`, `adding` rows).
struct CasualtyRows {
    words: Vec<(String, CasualtyWord)>,
    toll_revisions: Vec<String>,
    phrase_stops: rustc_hash::FxHashSet<String>,
    partial_cues: rustc_hash::FxHashSet<String>,
    adding_cues: Vec<String>,
    combined_cues: Vec<Vec<String>>,
    stems: CasualtyStems,
    victim_words: VictimWords,
}

/// The word parts of `casualties.tsv`'s `stem` rows (lower case), by class: see
/// the file's header.
#[derive(Debug, Clone, Default)]
pub struct CasualtyStems {
    pub toll_words: Vec<String>,
    pub death_parts: Vec<String>,
    pub injury_parts: Vec<String>,
    pub also: Vec<String>,
    pub number_words: Vec<String>,
    pub toll_phrases: Vec<String>,
    pub superseded: Vec<String>,
}

/// The function words of `casualties.tsv`'s `word` rows (whole words, lower
/// case), by class: see the file's header.
#[derive(Debug, Clone, Default)]
pub struct VictimWords {
    pub one_more: crate::words::WordList,
    pub indefinite: crate::words::WordList,
    pub definite: crate::words::WordList,
    pub possessive: crate::words::WordList,
    pub object_pronoun: crate::words::WordList,
    pub plural_possessive: crate::words::WordList,
    pub copula: crate::words::WordList,
    pub plural_copula: crate::words::WordList,
    pub relative: crate::words::WordList,
    pub one_end: crate::words::WordList,
    pub and: crate::words::WordList,
    pub name_link: crate::words::WordList,
    pub part_of: crate::words::WordList,
    pub victims_verb: crate::words::WordList,
    pub incidents: crate::words::WordList,
    pub adverb_suffixes: crate::words::WordList,
    /// The words that may open a phrase of one victim: `one_more`,
    /// `indefinite`, `definite`, `possessive` and `object_pronoun` together
    /// (a lower-case word in none of them counts no one).
    pub heads: crate::words::WordList,
}

impl CasualtyStems {
    /// Whether `text` (lower case) holds one of `parts`.
    pub fn holds(parts: &[String], text: &str) -> bool {
        parts.iter().any(|p| text.contains(p.as_str()))
    }

    /// [`CasualtyStems::holds`] of `text` lower-cased. ASCII text is searched
    /// as it is, each part at the bytes where its first letter stands in
    /// either case, with no lower-cased copy made.
    pub fn holds_lowered(parts: &[String], text: &str) -> bool {
        if !text.is_ascii() {
            return Self::holds(parts, &text.to_lowercase());
        }
        let t = text.as_bytes();
        parts.iter().any(|p| {
            let p = p.as_bytes();
            p.first().is_none_or(|&f| {
                memchr::memchr2_iter(f, f.to_ascii_uppercase(), t).any(|i| {
                    t.get(i..i + p.len())
                        .is_some_and(|w| w.eq_ignore_ascii_case(p))
                })
            })
        })
    }
}

/// The rows of `casualties.tsv`.
fn parse_casualties(casualties: &str) -> Result<CasualtyRows, LexiconError> {
    let f = "casualties.tsv";
    let mut cw = Vec::new();
    let mut toll_revisions = Vec::new();
    let mut phrase_stops = rustc_hash::FxHashSet::default();
    let mut partial_cues = rustc_hash::FxHashSet::default();
    let mut adding_cues = Vec::new();
    let mut combined_cues = Vec::new();
    let mut stems = CasualtyStems::default();
    let mut victim_words = VictimWords::default();
    for (line, c) in rows(casualties) {
        let written = col(f, line, &c, 1)?;
        let kind = match written {
            "revision" => {
                toll_revisions.push(col(f, line, &c, 0)?.to_lowercase());
                continue;
            }
            "phrase_end" => {
                phrase_stops.insert(col(f, line, &c, 0)?.to_lowercase());
                continue;
            }
            "partial" => {
                partial_cues.insert(col(f, line, &c, 0)?.to_lowercase());
                continue;
            }
            "adding" => {
                adding_cues.push(col(f, line, &c, 0)?.to_lowercase());
                continue;
            }
            "combined" => {
                let phrase = col(f, line, &c, 0)?.to_lowercase();
                combined_cues.push(phrase.split_whitespace().map(str::to_string).collect());
                continue;
            }
            "stem" => {
                let list = match col(f, line, &c, 2)? {
                    "toll_word" => &mut stems.toll_words,
                    "death_part" => &mut stems.death_parts,
                    "injury_part" => &mut stems.injury_parts,
                    "also" => &mut stems.also,
                    "number_word" => &mut stems.number_words,
                    "toll_phrase" => &mut stems.toll_phrases,
                    "superseded" => &mut stems.superseded,
                    k => return Err(err(f, line, format!("unknown stem class {k:?}"))),
                };
                list.push(col(f, line, &c, 0)?.to_lowercase());
                continue;
            }
            "word" => {
                let w = &mut victim_words;
                let list = match col(f, line, &c, 2)? {
                    "one_more" => &mut w.one_more,
                    "indefinite" => &mut w.indefinite,
                    "definite" => &mut w.definite,
                    "possessive" => &mut w.possessive,
                    "object_pronoun" => &mut w.object_pronoun,
                    "plural_possessive" => &mut w.plural_possessive,
                    "copula" => &mut w.copula,
                    "plural_copula" => &mut w.plural_copula,
                    "relative" => &mut w.relative,
                    "one_end" => &mut w.one_end,
                    "and" => &mut w.and,
                    "name_link" => &mut w.name_link,
                    "part_of" => &mut w.part_of,
                    "victims_verb" => &mut w.victims_verb,
                    "incidents" => &mut w.incidents,
                    "adverb_suffix" => &mut w.adverb_suffixes,
                    k => return Err(err(f, line, format!("unknown word class {k:?}"))),
                };
                list.push(col(f, line, &c, 0)?.to_lowercase());
                continue;
            }
            "killed" => CasualtyWordKind::Killed,
            "toll" => CasualtyWordKind::Toll,
            "injured" => CasualtyWordKind::Injured,
            "casualties" => CasualtyWordKind::Casualties,
            k => return Err(err(f, line, format!("unknown kind {k:?}"))),
        };
        let pos = col(f, line, &c, 2)?;
        let (before, after) = match pos {
            "before" => (true, false),
            "after" => (false, true),
            "both" => (true, true),
            p => {
                return Err(err(
                    f,
                    line,
                    format!("position must be before/after/both, not {p:?}"),
                ))
            }
        };
        cw.push((
            col(f, line, &c, 0)?.to_string(),
            CasualtyWord {
                kind,
                after,
                before,
            },
        ));
    }
    let w = &mut victim_words;
    let heads: Vec<String> = [
        &w.one_more,
        &w.indefinite,
        &w.definite,
        &w.possessive,
        &w.plural_possessive,
        &w.object_pronoun,
    ]
    .into_iter()
    .flat_map(|l| l.iter().cloned())
    .collect();
    for h in heads {
        w.heads.push(h);
    }
    Ok(CasualtyRows {
        words: cw,
        toll_revisions,
        phrase_stops,
        partial_cues,
        adding_cues,
        combined_cues,
        stems,
        victim_words,
    })
}

/// What `casualty-nouns.tsv` holds: each noun's class, and the nouns of the
/// two classes that are also lists of their own.
struct NounRows {
    classes: rustc_hash::FxHashMap<String, NounClass>,
    /// `people` rows (persons).
    people: crate::words::WordList,
    /// `assailant` rows (attackers).
    assailants: crate::words::WordList,
}

/// The rows of `casualty-nouns.tsv`: folded noun, its class (the first row
/// of a noun wins; a `people` or `assailant` row for a noun of another class
/// before it is an error, as it would not be what it says).
fn parse_nouns(nouns: &str) -> Result<NounRows, LexiconError> {
    let f = "casualty-nouns.tsv";
    let mut nn = NounRows {
        classes: rustc_hash::FxHashMap::default(),
        people: crate::words::WordList::default(),
        assailants: crate::words::WordList::default(),
    };
    for (line, c) in rows(nouns) {
        let written = col(f, line, &c, 1)?;
        let class = match written {
            "person" | "people" => NounClass::Person,
            "forces" => NounClass::Forces,
            "attacker" | "assailant" => NounClass::Attacker,
            "filler" => NounClass::Filler,
            "thing" => NounClass::Thing,
            k => return Err(err(f, line, format!("unknown class {k:?}"))),
        };
        let noun = fold_str(col(f, line, &c, 0)?);
        let list = match written {
            "people" => Some(&mut nn.people),
            "assailant" => Some(&mut nn.assailants),
            _ => None,
        };
        if let Some(list) = list {
            if nn.classes.contains_key(&noun) && !list.contains(&noun) {
                return Err(err(
                    f,
                    line,
                    format!("{noun:?} is of another class in an earlier row"),
                ));
            }
            if !list.contains(&noun) {
                list.push(noun.clone());
            }
        }
        nn.classes.entry(noun).or_insert(class);
    }
    Ok(nn)
}

/// The rows of `modality.tsv`: cue phrase, its kind and scope.
fn parse_modality(modality: &str) -> Result<Vec<(String, ModalityCue)>, LexiconError> {
    let f = "modality.tsv";
    let mut m = Vec::new();
    for (line, c) in rows(modality) {
        let written = col(f, line, &c, 1)?;
        let kind = match written {
            "generic" => ModalityKind::Generic,
            "ongoing" => ModalityKind::Ongoing,
            "future" => ModalityKind::Future,
            "hypothetical" => ModalityKind::Hypothetical,
            "negated" => ModalityKind::Negated,
            // Sport and private crime, like accidents, name harm with no political attacker.
            "accident" | "sport" | "crime" => ModalityKind::Accident,
            "threat" | "threatened" => ModalityKind::Threat,
            k => return Err(err(f, line, format!("unknown modality {k:?}"))),
        };
        let scope = match col(f, line, &c, 2)? {
            "sentence" => Scope::Sentence,
            "after" => Scope::After,
            "near" => Scope::Near,
            "content" => Scope::Content,
            "none" => Scope::None,
            s => return Err(err(f, line, format!("unknown scope {s:?}"))),
        };
        m.push((
            col(f, line, &c, 0)?.to_string(),
            ModalityCue {
                kind,
                scope,
                private: matches!(written, "sport" | "crime"),
            },
        ));
    }
    Ok(m)
}

/// The rows of `roles.tsv`, and its reporting verbs (the `report` cues, folded).
fn parse_roles(roles: &str) -> Result<RoleRows, LexiconError> {
    let f = "roles.tsv";
    let mut r = Vec::new();
    let mut reporting = rustc_hash::FxHashSet::default();
    for (line, c) in rows(roles) {
        let cue = match col(f, line, &c, 1)? {
            "claim" => RoleCue::Claim,
            "claimed_by" => RoleCue::ClaimedBy,
            "allege" => RoleCue::Allege,
            "agent_by" => RoleCue::AgentBy,
            "command_by" => RoleCue::CommandBy,
            "target" => RoleCue::Target,
            "suspect" => RoleCue::Suspect,
            "anaphor" => RoleCue::Anaphor,
            "report" => RoleCue::Report,
            "speaker" => RoleCue::Speaker,
            "office" => RoleCue::Office,
            "title" => RoleCue::Title,
            "telling" => RoleCue::Telling,
            "report_by" => RoleCue::ReportBy,
            "modifier" => RoleCue::Modifier,
            "modifier_of" => RoleCue::ModifierOf,
            "modifier_noun" => RoleCue::ModifierNoun,
            "separate" => RoleCue::Separate,
            "separate_doer" => RoleCue::SeparateDoer,
            "claim_all" => RoleCue::ClaimAll,
            "deny" => RoleCue::Deny,
            "blame" => RoleCue::Blame,
            "member" => RoleCue::Member,
            "doer" => RoleCue::Doer,
            "occurred" => RoleCue::Occurred,
            "sequel" => RoleCue::Sequel,
            "undergo" => RoleCue::Undergo,
            "undergo_crowd" => RoleCue::UndergoCrowd,
            "mob" => RoleCue::Mob,
            "crowd_arms" => RoleCue::CrowdArms,
            "thrown" => RoleCue::Thrown,
            "sequel_link" => RoleCue::SequelLink,
            "sequel_gap" => RoleCue::SequelGap(
                c.get(2)
                    .map(|v| v.trim().parse::<i32>())
                    .transpose()
                    .map_err(|_| err(f, line, "days expected in column 3"))?
                    .unwrap_or(0),
            ),
            "recalled" => RoleCue::Recalled(
                c.get(2)
                    .map(|v| v.trim().parse::<i32>())
                    .transpose()
                    .map_err(|_| err(f, line, "days expected in column 3"))?
                    .unwrap_or(0),
            ),
            "same_place" => RoleCue::SamePlace,
            "same_day" => RoleCue::SameDay,
            "via_statement" => RoleCue::Via("statement"),
            "via_video" => RoleCue::Via("video"),
            "via_telegram" => RoleCue::Via("telegram"),
            "via_social" => RoleCue::Via("social"),
            "via_agency" => RoleCue::Via("agency"),
            "via_website" => RoleCue::Via("website"),
            "forces_target" => RoleCue::ForcesTarget,
            k => return Err(err(f, line, format!("unknown cue {k:?}"))),
        };
        if cue == RoleCue::Report {
            reporting.insert(fold_str(col(f, line, &c, 0)?));
        }
        if cue == RoleCue::Telling {
            // Read by the date rule only, never a role cue.
            reporting.insert(fold_str(col(f, line, &c, 0)?));
            continue;
        }
        r.push((col(f, line, &c, 0)?.to_string(), cue));
    }
    Ok((r, reporting))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_past_gives_its_headline_present() {
        assert_eq!(present_forms("kidnapped"), ["kidnap", "kidnaps"]);
        assert_eq!(present_forms("lynched"), ["lynch", "lynches"]);
        assert_eq!(present_forms("rallied"), ["rally", "rallies"]);
        assert_eq!(present_forms("seized"), ["seize", "seizes"]);
        assert_eq!(present_forms("forced"), ["force", "forces"]);
        assert_eq!(
            present_forms("shelled"),
            ["shell", "shells", "shel", "shels"]
        );
        assert_eq!(present_forms("raped"), ["rap", "raps", "rape", "rapes"]);
        assert_eq!(
            present_forms("massacred"),
            ["massacr", "massacrs", "massacre", "massacres"]
        );
        assert_eq!(present_forms("rescued"), ["rescue", "rescues"]);
        assert_eq!(present_forms("destroyed"), ["destroy", "destroys"]);
        assert!(present_forms("shot").is_empty());
        assert!(present_forms("fled").is_empty());
    }

    /// The scanner's tables built from the trie of the phrases are those read
    /// off `aho_corasick`'s DFA of the same phrases (the embedded lexicons', and a few
    /// phrases that overlap).
    #[test]
    fn dfa_tables_from_the_trie_equal_those_from_the_dfa() {
        let l = Lexicons::embedded().expect("embedded lexicons");
        let sets = [
            &l.casualties.patterns,
            &l.modality.patterns,
            &l.roles.patterns,
            &l.sources.patterns,
            &l.triggers.patterns,
        ];
        let mut phrases = Vec::new();
        let mut sets_of = Vec::new();
        for (set, patterns) in sets.iter().enumerate() {
            for p in patterns.iter() {
                phrases.push(p.folded.as_str());
                sets_of.push(set);
            }
        }
        let small = (
            ["he", "she", "his", "hers", "s", "ushers"],
            [0, 1, 0, 1, 1, 0],
        );
        for (phrases, sets_of) in [(&phrases[..], &sets_of[..]), (&small.0[..], &small.1[..])] {
            let full = aho_corasick::dfa::Builder::new()
                .match_kind(MatchKind::Standard)
                .prefilter(false)
                .build(phrases)
                .expect("DFA");
            let want = Dfa::of_automaton(&full, phrases, sets_of).expect("tables");
            assert!(Dfa::build(phrases, sets_of) == Some(want));
        }
    }

    #[test]
    fn casualty_stems_come_from_their_rows() {
        let rows =
            parse_casualties("also\tstem\talso\nkill\tstem\tdeath_part\nTOLL\tstem\ttoll_word\n")
                .expect("parses");
        assert_eq!(rows.stems.also, ["also"]);
        assert_eq!(rows.stems.death_parts, ["kill"]);
        assert_eq!(rows.stems.toll_words, ["toll"]);
        assert!(rows.stems.injury_parts.is_empty());
        assert!(CasualtyStems::holds(
            &rows.stems.death_parts,
            "were killed or hurt"
        ));
        assert!(!CasualtyStems::holds(
            &rows.stems.injury_parts,
            "were killed or hurt"
        ));
        // Lower-cased on the fly as `to_lowercase` would.
        let parts = ["toll".to_string(), "d\u{e9}c\u{e8}s".to_string()];
        for text in [
            "The death TOLL rose",
            "tolls",
            "the Tol l",
            "TOL",
            "",
            "D\u{c9}C\u{c8}S",
            "a \u{212a}ill toll",
            "the toLL",
        ] {
            assert_eq!(
                CasualtyStems::holds_lowered(&parts, text),
                CasualtyStems::holds(&parts, &text.to_lowercase()),
                "{text:?}"
            );
        }
        assert!(CasualtyStems::holds_lowered(&[String::new()], "x"));
        let e = parse_casualties("dead\tkilled\tafter\nx\tstem\tnoclass\n")
            .err()
            .expect("an unknown stem class is an error");
        assert!(e.to_string().contains("casualties.tsv"), "{e}");
        assert!(e.to_string().contains('2'), "{e}");
    }

    #[test]
    fn victim_words_come_from_their_rows() {
        let rows =
            parse_casualties("An\tword\tindefinite\nwas\tword\tcopula\nnear\tword\tone_end\n")
                .expect("parses");
        assert_eq!(*rows.victim_words.indefinite, ["an"]);
        assert_eq!(*rows.victim_words.copula, ["was"]);
        assert_eq!(*rows.victim_words.one_end, ["near"]);
        assert!(rows.victim_words.definite.is_empty());
        let e = parse_casualties("dead\tkilled\tafter\nthe\tword\tarticle\n")
            .err()
            .expect("an unknown word class is an error");
        assert!(e.to_string().contains("casualties.tsv"), "{e}");
        assert!(e.to_string().contains('2'), "{e}");
    }

    #[test]
    fn a_malformed_row_or_a_missing_file_is_an_error() {
        let e = Taxonomy::parse("# c\nbombing\tno_such_type\n").unwrap_err();
        assert!(e.to_string().starts_with("taxonomy.tsv:2: "), "{e}");
        let e = Lexicons::load_dir(Path::new("/nonexistent/lexicons")).unwrap_err();
        assert!(
            matches!(&e, LexiconError::Data(DataError::Missing { file }) if file.ends_with(crate::words::SentenceWords::FILE)),
            "{e}"
        );
    }

    #[test]
    fn embedded_lexicons_parse() {
        let l = Lexicons::embedded().unwrap();
        assert!(l.triggers.payloads.len() > 50);
    }

    #[test]
    fn whole_words_and_wildcards() {
        let l = Lexicons::embedded().unwrap();
        let text = fold_str("Twin explosions and a battlefield; the IED blasts.");
        let hits: Vec<&str> = l
            .triggers
            .find(&text)
            .iter()
            .map(|h| &text[h.start..h.end])
            .collect();
        assert_eq!(hits, vec!["explosions", "ied blasts"]);
    }

    /// The scanner's hits, against each set's own search.
    fn assert_scans_as_sets(l: &Lexicons, text: &str) {
        let key = |h: Hit| (h.start, h.end, h.payload);
        let mut got: [Vec<(usize, usize, usize)>; 5] = Default::default();
        l.find_cues(text, |set, h| got[set as usize].push(key(h)));
        l.trigger_hits(text, |h| got[4].push(key(h)));
        let want = [
            l.casualties.find(text).into_iter().map(key).collect(),
            l.modality.find(text).into_iter().map(key).collect(),
            l.roles.find(text).into_iter().map(key).collect(),
            l.sources.find(text).into_iter().map(key).collect(),
            l.triggers
                .find(text)
                .into_iter()
                .map(key)
                .collect::<Vec<_>>(),
        ];
        assert_eq!(got, want, "in {text:?}");
        let mut all: [Vec<(usize, usize, usize)>; 5] = Default::default();
        let mut triggers = Vec::new();
        l.find_all(
            text,
            |set, h| all[set as usize].push(key(h)),
            |h| triggers.push(key(h)),
        );
        all[4] = triggers;
        assert_eq!(all, want, "find_all in {text:?}");
    }

    /// A scanner's occurrences, walked in lanes, against one plain overlapping walk.
    fn assert_lanes_as_one_walk(sc: &Scanner, phrases: &[&str], text: &str) {
        let Some(dfa) = &sc.dfa else {
            return;
        };
        let mut got = Vec::new();
        sc.occurrences(dfa, text.as_bytes(), |p, _, s, e| got.push((p, s, e)));
        got.sort_unstable();
        let ac = AhoCorasick::new(phrases).unwrap();
        let mut want: Vec<_> = ac
            .find_overlapping_iter(text)
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
            .collect();
        want.sort_unstable();
        assert_eq!(got, want, "in {text:?}");
    }

    /// Texts of pieces of the phrases glued with word and non-word bytes, so that
    /// matches nest, overlap, run on and touch in every way, of 1 to 60 pieces
    /// (so that the scanner walks one, two and four lanes). Xorshift, fixed seed.
    fn glued_texts(phrases: &[&str], n: usize) -> Vec<String> {
        let glue = [
            " ", "", "s ", "-", "'", "s", " the ", ", ", "ed ", ". 7", "\u{e9}",
        ];
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move |m: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % m.max(1) as u64) as usize
        };
        (0..n)
            .map(|_| {
                let mut t = String::new();
                let pieces = match next(3) {
                    0 => next(60),
                    _ => next(12),
                } + 1;
                for _ in 0..pieces {
                    let p = phrases[next(phrases.len())];
                    let cut = match next(4) {
                        0 => next(p.len() + 1),
                        _ => p.len(),
                    };
                    let from = match next(6) {
                        0 => next(cut + 1),
                        _ => 0,
                    };
                    t.push_str(p.get(from..cut).unwrap_or(p));
                    t.push_str(glue[next(glue.len())]);
                }
                t
            })
            .collect()
    }

    fn phrases_of(sets: &[&[Pattern]]) -> Vec<String> {
        sets.iter()
            .flat_map(|ps| ps.iter().map(|p| p.folded.clone()))
            .collect()
    }

    #[test]
    fn scanner_equals_each_set_on_the_corpus() {
        let l = Lexicons::embedded().unwrap();
        assert!(l.scanner.alone.is_empty());
        for src in [
            include_str!("../../../data/corpus/events.tsv"),
            include_str!("../../../data/corpus/sentences.tsv"),
            include_str!("../../../data/corpus/reports.tsv"),
        ] {
            for line in src.lines() {
                assert_scans_as_sets(&l, &fold_str(&line.replace("\\n", "\n")));
            }
        }
        let cues = phrases_of(&[
            &l.casualties.patterns,
            &l.modality.patterns,
            &l.roles.patterns,
            &l.sources.patterns,
        ]);
        let triggers = phrases_of(&[&l.triggers.patterns]);
        let all: Vec<&str> = cues.iter().chain(&triggers).map(String::as_str).collect();
        for t in glued_texts(&all, 20_000) {
            assert_scans_as_sets(&l, &t);
        }
        for t in glued_texts(&all, 2_000) {
            assert_lanes_as_one_walk(&l.scanner, &all, &t);
        }
    }

    #[test]
    fn scanner_keeps_ties_nesting_and_empty_phrases() {
        // Duplicates (the first listed wins), nested and overlapping phrases,
        // wildcards over plain phrases, one set with an empty phrase (searched alone).
        let triggers = "blast\texplosions_remote_violence\t-\t1\tstrong\n\
                        blast*\tbattles\t-\t2\tweak\nblast\tblock\t-\t3\tweak\n\
                        car blast\tbattles\t-\t1\tstrong\nar b\tbattles\t-\t1\tstrong\n";
        let casualties = "killed\tkilled\tafter\nkilled*\tinjured\tboth\nkill*\ttoll\tbefore\n\
                          ed\tcasualties\tafter\nkilled by\tkilled\tboth\nby the\tinjured\tafter\n";
        let modality = "the\tgeneric\tsentence\nhe\tfuture\tafter\nthe*\tnegated\tnear\n\
                        e\tthreat\tafter\nkilled by the\tgeneric\tnear\n";
        let roles = "by\tagent_by\nby the\tclaim\nby\tdeny\n*\treport\nthe\ttarget\n";
        let mut l = Lexicons::parse(triggers, casualties, "", modality, roles).unwrap();
        l.sources = PhraseSet::build(
            "sources.tsv",
            vec![
                ("the".to_string(), "a".to_string()),
                ("d by".to_string(), "b".to_string()),
                ("ed by the*".to_string(), "c".to_string()),
            ],
        )
        .unwrap();
        l.build_scanner().unwrap();
        assert_eq!(l.scanner.alone, vec![2]);
        for t in [
            "",
            "killed by the",
            "kkilled by thee",
            "he killed by the theme",
            "killed killedby by the the",
            "a car blast, blasts and blast-",
        ] {
            assert_scans_as_sets(&l, t);
        }
        let phrases = phrases_of(&[
            &l.triggers.patterns,
            &l.casualties.patterns,
            &l.modality.patterns,
            &l.roles.patterns,
            &l.sources.patterns,
        ]);
        let phrases: Vec<&str> = phrases.iter().map(String::as_str).collect();
        for t in glued_texts(&phrases, 20_000) {
            assert_scans_as_sets(&l, &t);
        }
    }

    #[test]
    fn lexicons_past_two_byte_entries_keep_their_dfa_and_the_sets_alone_agree() {
        // 4,000 unrelated 12-letter phrases: about 48,000 states, more than the
        // 32,768 two-byte entries named (the DFA then fell back to a search per
        // set). Four-byte entries hold them; the scan and the search of each
        // set alone (the fallback past MAX_STATES) both give the sets' hits.
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut casualties = String::new();
        for _ in 0..4_000 {
            for _ in 0..12 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                casualties.push(char::from(b'a' + (x % 26) as u8));
            }
            casualties.push_str("\tkilled\tafter\n");
        }
        let mut l = Lexicons::parse("", &casualties, "", "", "by\tagent_by\n").unwrap();
        l.build_scanner().unwrap();
        assert!(l
            .scanner
            .dfa
            .as_ref()
            .is_some_and(|d| d.sparse.len() + d.dense > 1 << 15));
        assert!(l.scanner.alone.is_empty());
        let phrases = phrases_of(&[&l.casualties.patterns, &l.roles.patterns]);
        let phrases: Vec<&str> = phrases.iter().map(String::as_str).collect();
        let texts = glued_texts(&phrases, 500);
        for t in &texts {
            assert_scans_as_sets(&l, t);
        }
        l.scanner = Scanner::none(5);
        assert_eq!(l.scanner.alone, vec![0, 1, 2, 3, 4]);
        for t in &texts {
            assert_scans_as_sets(&l, t);
        }
    }

    #[test]
    fn bad_rows_name_file_and_line() {
        let e = Lexicons::parse("blast\tnot_a_type\t-\t1\tstrong\n", "", "", "", "").unwrap_err();
        assert_eq!(
            e.to_string(),
            "triggers.tsv:1: unknown event type \"not_a_type\""
        );
    }

    #[test]
    fn trigger_cue_column_is_optional_and_checked() {
        let src = "blast\texplosions_remote_violence\t-\t90\tstrong\tincidental\n\
                   shot dead\tviolence_against_civilians\tattack\t58\tstrong\tdirect\n\
                   raid\tviolence_against_civilians\tattack\t50\tweak\n";
        let l = Lexicons::parse(src, "", "", "", "").expect("parses");
        let cues: Vec<TriggerCue> = l.triggers.payloads.iter().map(|t| t.cue).collect();
        assert_eq!(
            cues,
            vec![TriggerCue::Incidental, TriggerCue::Direct, TriggerCue::None]
        );
        let e = Lexicons::parse(
            "blast\texplosions_remote_violence\t-\t90\tstrong\tloud\n",
            "",
            "",
            "",
            "",
        )
        .unwrap_err();
        assert!(
            e.to_string().starts_with("triggers.tsv:1: cue must be"),
            "{e}"
        );
    }
}
