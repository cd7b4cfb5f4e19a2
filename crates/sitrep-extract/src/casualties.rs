/*!
Casualty figures: which count in a sentence measures the killed, the injured, or
both together.

A count is linked to the nearest casualty word (`data/lexicons/casualties.tsv`)
that may stand on its side of it ("killing 25": before; "25 dead": after), with
only victim nouns and function words between (`casualty-nouns.tsv`), never across
clause punctuation. When words stand on both sides ("killed 5 and injured 22"),
the nearer one wins, the preceding one on a tie. Counts of attackers alone ("two
attackers were killed") are kept apart: they are not the event's victims; joined
by "and" to victims in one clause, they are counted with them.
"another" and "a/an <victim noun>" count as one.
*/

use crate::layers::{inside, starting_in, Layers, Sentence, CLAUSE, LONGEST_MENTION};
use crate::lexicon::{CasualtyStems, CasualtyWordKind, Lexicons, NounClass};
use crate::rules::{Rule, RuleSet};
use crate::words::is;
use sitrep_core::{CasualtyKind, Qualifier, Quantity, Span};

/// A figure and who gave it (a source id, `None` for the report itself).
pub type Given = (Figure, Option<String>);

/// A count linked to what it measures.
#[derive(Debug, Clone)]
pub struct Figure {
    pub kind: CasualtyKind,
    pub quantity: Quantity,
    /// The count is of the attackers themselves.
    pub attackers: bool,
    /// The victims counted are soldiers or police.
    pub forces: bool,
    /// The casualty word's phrase is of killed *and* injured ("deaths and injuries").
    pub both: bool,
    /// Span of count plus casualty word.
    pub span: Span,
    /// A revised toll ("the death toll rose to 30"): it replaces earlier figures.
    pub update: bool,
    /// Told as more victims besides those counted before ("three soldiers
    /// also died", "were also killed", "also wounded two"): it adds to them.
    pub also: bool,
    /// Of part of the victims ("including four children", "three of the dead"):
    /// it never sets the whole count (see [`choose`]).
    pub partial: bool,
    /// Names some of its victims in its own words ("four civilians, including
    /// the businessman, were killed"): a `partial` cue inside its span, which
    /// sets the names off by a comma, bracket or dash.
    pub names_parts: bool,
    /// Hurt told as grave: a `serious` word of `sentence-words.tsv` within
    /// the figure, the two words before it or the four after it in its clause
    /// ("seriously injured", "leaving dozens hospitalised with fractures").
    pub serious: bool,
    /// The noun of its victims, lower case ("militants" of "ten armed militants
    /// were killed"); `None` when it names none or only people at large
    /// ("people", "persons": [`Lexicons::people_nouns`]). Two figures of one noun
    /// (or of none) may count the same dead (see [`choose`]).
    pub noun: Option<String>,
    /// Told of several acts: its sentence counts the acts ("in two
    /// airstrikes", "the three attacks") or spreads them over a land or a
    /// stretch of time ("across the north last week"; [`of_several_acts`]).
    /// A lower whole figure of one of them replaces it (see [`choose`]).
    pub combined: bool,
    /// The named rules that made the figure ([`Rule::FIGURE_COUNT_THEN_WORD`],
    /// [`Rule::FIGURE_CONJOINED`], …).
    pub rules: RuleSet,
}

impl Figure {
    /// People killed or hurt (not a count of another kind, "casualties" told
    /// without either).
    pub fn harms(&self) -> bool {
        matches!(self.kind, CasualtyKind::Killed | CasualtyKind::Injured)
    }
}

const MAX_GAP: usize = 4;
/// The most words between a count and the casualty word it may be linked to,
/// everything a link may skip included (a short relative clause, a
/// parenthetical insert): a pair further apart is never looked at, so that a
/// sentence dense with counts and casualty words (a scraped table of figures)
/// costs in proportion to its length, not to its pairs times its length.
const MAX_LINK_WORDS: usize = 32;

fn kind_of(k: CasualtyWordKind) -> CasualtyKind {
    match k {
        CasualtyWordKind::Killed | CasualtyWordKind::Toll => CasualtyKind::Killed,
        CasualtyWordKind::Injured => CasualtyKind::Injured,
        CasualtyWordKind::Casualties => CasualtyKind::Casualties,
    }
}

/// Words between two byte offsets, by their folded forms.
fn words_in<'l>(layers: &'l Layers, from: usize, to: usize) -> impl Iterator<Item = &'l str> {
    let a = layers.word_index(from);
    let b = layers.word_index(to);
    layers
        .words
        .get(a..b)
        .into_iter()
        .flatten()
        .map(|(_, w)| *w)
}

/// The run of `items` (in text order) that may overlap `span`: those starting
/// from [`LONGEST_MENTION`] bytes before it to its end.
fn near<T>(items: &[T], span: Span, at: impl Fn(&T) -> Span) -> std::slice::Iter<'_, T> {
    starting_in(
        items,
        span.start.saturating_sub(LONGEST_MENTION),
        span.end,
        |x| at(x).start,
    )
    .iter()
}

/// The span between a count and a casualty word after it, with parenthetical
/// inserts cut out ("70 persons — including 29 children — were killed", "Twenty
/// others (also civilians) are wounded"). `None` when clause punctuation remains.
fn gap_without_inserts(layers: &Layers, from: usize, to: usize) -> Option<Vec<(usize, usize)>> {
    // A gap that does not fall on character boundaries is no gap.
    layers.text.get(from..to)?;
    let mut parts = vec![(from, to)];
    // Most gaps hold no mark at all: nothing to cut out, nothing to cross.
    if !layers.punct_between(from, to, CLAUSE) {
        return Some(parts);
    }
    for (open, close) in [('(', ')'), ('—', '—'), ('–', '–'), (',', ',')] {
        let mut next = Vec::new();
        for (s, e) in parts {
            let seg = layers.text.get(s..e).unwrap_or("");
            match seg.find(open).and_then(|i| {
                let after = i + open.len_utf8();
                seg.get(after..)
                    .and_then(|r| r.find(close))
                    .map(|j| (i, after + j + close.len_utf8()))
            }) {
                Some((i, j)) => {
                    next.push((s, s + i));
                    next.push((s + j, e));
                }
                None => next.push((s, e)),
            }
        }
        parts = next;
    }
    let clean = parts
        .iter()
        .all(|&(s, e)| !layers.punct_between(s, e, CLAUSE));
    clean.then_some(parts)
}

/// The spans of a sentence's counts (sorted by start), asked whether one
/// overlaps a word: by the running maximum of their ends, so that a sentence
/// of many counts and words is not read count by count for each word.
struct Taken<'q> {
    counts: &'q [Quantity],
    /// The largest end among the counts up to each one (left empty for a
    /// few counts, which are read one by one).
    max_end: Vec<usize>,
}

impl<'q> Taken<'q> {
    fn new(counts: &'q [Quantity]) -> Taken<'q> {
        let mut end = 0;
        let max_end = if counts.len() > 16 {
            counts
                .iter()
                .map(|q| {
                    end = end.max(q.span.end);
                    end
                })
                .collect()
        } else {
            Vec::new()
        };
        Taken { counts, max_end }
    }

    /// Whether a count overlaps `span` (see [`Span::overlaps`]).
    fn overlaps(&self, span: Span) -> bool {
        if self.max_end.is_empty() {
            return self.counts.iter().any(|q| q.span.overlaps(span));
        }
        let k = self.counts.partition_point(|q| q.span.start < span.end);
        k.checked_sub(1)
            .and_then(|i| self.max_end.get(i))
            .is_some_and(|&e| e > span.start)
    }
}

/// Synthetic counts of one: "another", "a soldier".
fn ones(layers: &Layers, lex: &Lexicons, sentence: Span, counts: &[Quantity]) -> Vec<Quantity> {
    let mut out = Vec::new();
    let taken = Taken::new(counts);
    let taken = &taken;
    let a = layers.word_index(sentence.start);
    let b = layers.word_index(sentence.end);
    let Some(ws) = layers.words.get(a..b) else {
        return out;
    };
    for (i, (span, w)) in ws.iter().enumerate() {
        let vw = &lex.victim_words;
        let capital = || crate::layers::capitalised(layers.text, *span);
        // Only a word of `heads` or a capitalised word (a name) opens a
        // phrase of one: every other word is none of the cases below.
        if !is(&vw.heads, w) && !capital() {
            continue;
        }
        if taken.overlaps(*span) {
            continue;
        }
        // Where "was" follows within two to four words ("a pharmacist was").
        let was_at = || (2..=4).find(|&k| ws.get(i + k).is_some_and(|(_, w)| is(&vw.copula, w)));
        // A casualty word of killing or wounding that takes its object after it
        // ("killing", "the death of"), ending right before this word, whose
        // text `ok` accepts.
        let verb_before = |ok: &dyn Fn(&str) -> bool| {
            starting_in(
                &layers.casualty_words,
                span.start.saturating_sub(LONGEST_MENTION),
                span.start,
                |c| c.span.start,
            )
            .iter()
            .any(|c| {
                c.what.before
                    && c.span.end <= span.start
                    && span.start - c.span.end <= 1
                    && ok(c.span.text(layers.text))
            })
        };
        let after_verb = || verb_before(&|_| true);
        let w = *w;
        let indefinite = is(&vw.indefinite, w);
        // Not a place's or a group's name.
        let unnamed = || {
            !near(&layers.places, *span, |p| p.span).any(|p| p.span.overlaps(*span))
                && !near(&layers.actors, *span, |a| a.span).any(|a| a.span.overlaps(*span))
        };
        // A singular victim noun: "soldier", "governor".
        let one_victim = |w2: &str| {
            matches!(
                lex.nouns.get(w2),
                Some(NounClass::Person | NounClass::Forces)
            ) && !w2.ends_with('s')
        };
        let one = if is(&vw.one_more, w) {
            // "another 25": the count that follows is the figure.
            let count_follows = ws
                .get(i + 1)
                .is_some_and(|(s2, _)| counts.iter().any(|q| q.span.start == s2.start));
            (!count_follows).then_some(*span)
        } else if let Some(k) = indefinite.then(was_at).flatten() {
            // "a pharmacist was killed": an indefinite person noun phrase of up to
            // three words before "was" counts one.
            ws.get(i + k - 1).map(|(s2, _)| span.cover(*s2))
        } else if indefinite && after_verb() {
            // "killing a pharmacist", "shot dead a priest": right after a verb of
            // killing or wounding, an indefinite object is one victim.
            // The phrase runs to its last word before "and", "in", a comma…
            // ("killing a police inspector and two constables").
            definite_phrase(layers, lex, ws, i, taken).or_else(|| {
                let phrase: Vec<_> = (1..=3)
                    .map_while(|k| ws.get(i + k))
                    .take_while(|(s2, w2)| {
                        !is(&vw.one_end, w2) && !layers.punct_between(span.end, s2.start, CLAUSE)
                    })
                    .collect();
                // "neutralised an explosive device": a thing is no victim.
                if phrase
                    .iter()
                    .any(|(_, w2)| lex.nouns.get(*w2) == Some(&NounClass::Thing))
                {
                    return None;
                }
                phrase.last().map(|(s2, _)| span.cover(*s2))
            })
        } else if ws.get(i + 1).is_some_and(|(_, w1)| is(&vw.copula, w1))
            && ws.get(i + 2).is_some_and(|(s2, _)| {
                starting_in(&layers.casualty_words, s2.start, s2.start, |c| c.span.start)
                    .iter()
                    .any(|c| c.what.after && c.span.start == s2.start)
            })
            && capital()
            && unnamed()
        {
            // "Kasi was killed", "Mr Ahmed was shot dead": a name (a capitalised
            // word that names no place or group) right before "was" and a verb
            // of killing or wounding is one victim.
            Some(*span)
        } else if capital() && after_verb() && unnamed() {
            // "the assassination of Omar Sheikh": a name (a capitalised word
            // that names no place or group) right after a casualty word that
            // takes its object after it is one victim.
            Some(*span)
        } else if is(&vw.possessive, w) || is(&vw.plural_possessive, w) {
            possessive_one(lex, ws, i, taken, &one_victim).map(|s2| span.cover(s2))
        } else if let Some(k) = (is(&vw.definite, w) && !after_verb())
            .then(was_at)
            .flatten()
            .filter(|&k| (1..k).any(|j| ws.get(i + j).is_some_and(|(_, w2)| one_victim(w2))))
        {
            // "The teacher was shot dead": a definite phrase of one victim
            // (a singular victim noun in it) before "was" counts one.
            ws.get(i + k - 1).map(|(s2, _)| span.cover(*s2))
        } else if is(&vw.definite, w)
            && !after_verb()
            && ws.get(i + 1).is_some_and(|(_, w2)| one_victim(w2))
        {
            // "the driver of the bus, a policeman and a teacher were killed":
            // a definite singular victim that opens a list of victims of one
            // is one (its phrase runs to the list's comma).
            opens_list(layers, lex, ws, i).map(|end| span.cover(end))
        } else if is(&vw.object_pronoun, w)
            && after_verb()
            && ws.get(i + 1).is_none_or(|(s2, w2)| {
                is(&vw.one_end, w2) || layers.punct_between(span.end, s2.start, CLAUSE)
            })
        {
            // "set upon a man, killing him": an object pronoun right after a
            // verb of killing or wounding, ending its phrase (not "wounded
            // her three children"), is one victim.
            Some(*span)
        } else if is(&vw.definite, w) && verb_before(&|cue| !plural_cue(cue)) {
            // "killing the provincial governor": a definite singular victim right
            // after a verb of killing or wounding is one ("the bodies of the
            // dead": not after a plural noun of the cue).
            definite_phrase(layers, lex, ws, i, taken).or_else(|| {
                (1..=3)
                    .map_while(|k| ws.get(i + k))
                    .take_while(|(_, w2)| !is(&vw.one_end, w2))
                    .find(|(_, w2)| one_victim(w2))
                    .map(|(s2, _)| span.cover(*s2))
            })
        } else if indefinite
            && ws.get(i + 1).is_some_and(|(s2, _)| {
                starting_in(&layers.places, s2.start, s2.start, |p| p.span.start)
                    .iter()
                    .any(|p| p.demonym && p.span.start == s2.start)
            })
        {
            // "three Spaniards and an Afghan": a nationality is one person.
            ws.get(i + 1).map(|(s2, _)| span.cover(*s2))
        } else if indefinite {
            // "a soldier", "a district commander", "a civilian driver": the
            // first singular victim noun within three words.
            (1..=3)
                .map_while(|k| ws.get(i + k))
                .take_while(|(_, w2)| {
                    !is(&vw.one_end, w2)
                        && !is(&vw.copula, w2)
                        && !is(&vw.plural_copula, w2)
                        && lex.nouns.get(*w2) != Some(&NounClass::Attacker)
                })
                .find(|(_, w2)| one_victim(w2))
                .map(|(s2, _)| span.cover(*s2))
        } else {
            None
        };
        if let Some(span) = one {
            out.push(Quantity {
                span,
                low: Some(1),
                best: Some(1),
                high: Some(1),
                qualifier: Qualifier::Exact,
            });
        }
    }
    out
}

/// "killing the head of the election commission (and two others)": after a
/// casualty word, a definite noun phrase of up to eight words that names no
/// count, no group of people (a plural word), no attacker and no thing is one
/// victim; the phrase runs to its last word before "and", a preposition of
/// place or time, or clause punctuation. `i` is the index of the article
/// ("the", "a", "an") in `ws`.
/// A word written as a plural: a final "s", not "ss" nor a possessive "'s".
fn plural(w: &str) -> bool {
    w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("'s")
}

/// A casualty cue naming many ("the bodies of", "the killings of"): a noun
/// of it written as a plural, before its last word.
fn plural_cue(cue: &str) -> bool {
    let words: Vec<&str> = cue.split_whitespace().collect();
    words
        .split_last()
        .is_some_and(|(_, before)| before.iter().any(|w| w.len() > 3 && plural(w)))
}

fn definite_phrase(
    layers: &Layers,
    lex: &Lexicons,
    ws: &[(Span, &str)],
    i: usize,
    taken: &Taken<'_>,
) -> Option<Span> {
    let the = ws.get(i)?.0;
    let phrase: Vec<&(Span, &str)> = (1..=8)
        .map_while(|k| ws.get(i + k))
        .take_while(|(s2, w2)| {
            !lex.phrase_stops.contains(w2) && !layers.punct_between(the.end, s2.start, CLAUSE)
        })
        .collect();
    let last = phrase.last()?;
    let plain = phrase.iter().all(|(s2, w2)| {
        !taken.overlaps(*s2)
            && !matches!(
                lex.nouns.get(*w2),
                Some(NounClass::Attacker | NounClass::Thing)
            )
            && !plural(w2)
    });
    plain.then_some(the.cover(last.0))
}

/// A count, then a casualty word after it ("25 people were killed"): the
/// number of words between (a short relative clause left out), and whether
/// they name attackers or soldiers and police; `None` when the two are not
/// linked (clause punctuation, another count, a thing, too many unknown words).
fn count_then_word(
    layers: &Layers,
    lex: &Lexicons,
    all: &[Span],
    q: Quantity,
    w: &crate::layers::Tagged<crate::lexicon::CasualtyWord>,
) -> Option<(usize, bool, bool, Option<String>)> {
    let parts = gap_without_inserts(layers, q.span.end, w.span.start)?;
    // Another count between them (outside a parenthetical insert) has the
    // casualty word to itself.
    let other_count = parts.iter().any(|&(s, e)| any_within(all, s, e));
    if other_count {
        return None;
    }
    let mut gap = 0;
    let mut attackers = false;
    let mut forces = false;
    let mut ok = true;
    let mut unknown = 0;
    let mut noun = None;
    let mut kept: Vec<&str> = parts
        .iter()
        .flat_map(|&(s, e)| words_in(layers, s, e))
        .collect();
    // "a guard who tried to stop the gunmen tragically lost his life": an
    // adverb (an `adverb_suffix` ending, no noun) right before the casualty
    // word says how, and is left out.
    if kept.last().is_some_and(|x| {
        crate::words::ends_with_one(&lex.victim_words.adverb_suffixes, x)
            && !lex.nouns.contains_key(*x)
    }) {
        kept.pop();
    }
    // "Two passengers who tried to flee were shot dead": a short
    // relative clause up to "were"/"was" is left out.
    let mut relative = 0;
    for word in kept {
        if relative > 0 || is(&lex.victim_words.relative, word) {
            if is(&lex.victim_words.copula, word) || is(&lex.victim_words.plural_copula, word) {
                relative = 0;
            } else {
                relative += 1;
                if relative > 6 {
                    ok = false;
                }
                continue;
            }
        }
        gap += 1;
        if names_people(lex, word) {
            noun = victim_noun(lex, word);
        }
        match lex.nouns.get(word) {
            Some(NounClass::Attacker) => attackers = true,
            Some(NounClass::Forces) => forces = true,
            Some(NounClass::Thing) => ok = false,
            Some(_) => {}
            None => {
                unknown += 1;
                if unknown > 2 {
                    ok = false;
                }
            }
        }
    }
    // "31 dead members of the choir": a noun right after the casualty word
    // names the victims when none stands before it.
    if noun.is_none() && gap == 0 {
        if let Some((_, next)) = layers
            .words
            .get(layers.word_index(w.span.end))
            .filter(|(sp, _)| sp.start >= w.span.end)
        {
            if names_people(lex, next) {
                noun = victim_noun(lex, next);
            }
        }
    }
    (ok && gap <= MAX_GAP + 2).then_some((gap, attackers, forces, noun))
}

/// A noun of people: victims, soldiers or police, or the attackers.
fn names_people(lex: &Lexicons, word: &str) -> bool {
    matches!(
        lex.nouns.get(word),
        Some(NounClass::Attacker | NounClass::Forces | NounClass::Person)
    )
}

/// The figure's victim noun as [`Figure::noun`] keeps it: lower case, `None`
/// for a noun of people at large ([`Lexicons::people_nouns`]: a figure of them
/// and one that names no noun, "killing at least 30", may count the same dead).
fn victim_noun(lex: &Lexicons, word: &str) -> Option<String> {
    let w = word.to_lowercase();
    (!is(&lex.people_nouns, &w)).then_some(w)
}

/// A casualty word, then a count after it ("killing 25"): the number of words
/// between (with a penalty past "and"); `None` when the two are not linked.
fn word_then_count(
    layers: &Layers,
    lex: &Lexicons,
    all: &[Span],
    q: Quantity,
    w: &crate::layers::Tagged<crate::lexicon::CasualtyWord>,
    clause_at: Option<usize>,
) -> Option<usize> {
    // The last clause mark before the count (found once per count) cuts the
    // word off when it comes after it.
    if clause_at.is_some_and(|p| p >= w.span.end) {
        return None;
    }
    // Another count between them has the word to itself ("killed two
    // soldiers and three civilians": the second joins the first).
    if any_within(all, w.span.end, q.span.start) {
        return None;
    }
    let mut penalty = 0;
    let mut gap = 0;
    let mut ok = true;
    for word in words_in(layers, w.span.end, q.span.start) {
        gap += 1;
        if !lex.nouns.contains_key(word) {
            ok = false;
        }
        // "killed and two others were wounded": a count past "and"
        // belongs to a word of its own after it, if it has one.
        if is(&lex.victim_words.and, word) {
            penalty = MAX_GAP;
        }
    }
    (ok && gap <= MAX_GAP).then_some(gap + penalty)
}

/// Whether a span of `sorted` (by start) lies within `from..to`.
fn any_within(sorted: &[Span], from: usize, to: usize) -> bool {
    let first = sorted.partition_point(|o| o.start < from);
    sorted
        .get(first..)
        .unwrap_or(&[])
        .iter()
        .take_while(|o| o.start < to)
        .any(|o| o.end <= to)
}

/// The stretch of `sentence` a count at `span` may link to a casualty word
/// in: [`MAX_LINK_WORDS`] words either side of it.
fn reach(layers: &Layers, span: Span, sentence: Span) -> (usize, usize) {
    let (first, end) = (layers.word_index(span.start), layers.word_index(span.end));
    let from = layers
        .words
        .get(first.saturating_sub(MAX_LINK_WORDS + 1))
        .map_or(sentence.start, |(sp, _)| sp.start);
    let to = layers
        .words
        .get(end + MAX_LINK_WORDS)
        .map_or(sentence.end, |(sp, _)| sp.start);
    (from, to)
}

/// A count's best link to a casualty word: the words between, whether the
/// word comes first, the word, attackers, soldiers or police, the victims'
/// noun ([`Figure::noun`]).
type Link<'l> = (
    usize,
    bool,
    &'l crate::layers::Tagged<crate::lexicon::CasualtyWord>,
    bool,
    bool,
    Option<String>,
);

/// Every casualty figure in one sentence.
pub fn figures(layers: &Layers, lex: &Lexicons, s: &Sentence) -> Vec<Figure> {
    let sentence = s.span;
    // A figure needs a casualty word: most sentences have none, and then
    // neither their counts nor the synthetic ones below need be looked at.
    let mut words: Vec<_> = inside(s.casualty_words, sentence, |w| w.span).collect();
    if words.iter().any(|w| w.what.kind == CasualtyWordKind::Toll)
        && !CasualtyStems::holds_lowered(&lex.stems.toll_words, sentence.text(layers.text))
    {
        words.retain(|w| w.what.kind != CasualtyWordKind::Toll);
    }
    if words.is_empty() {
        return Vec::new();
    }
    let qs: Vec<Quantity> = inside(s.quantities, sentence, |q| q.span)
        .copied()
        .collect();
    // The sentence's counts, then the synthetic counts of one after them.
    let synthetic = ones(layers, lex, sentence, &qs);
    let counted = qs.len();
    let mut all = qs;
    all.extend(synthetic);
    // The counts' spans by start, for "another count between them".
    let mut spans: Vec<Span> = all.iter().map(|q| q.span).collect();
    spans.sort_unstable_by_key(|sp| (sp.start, sp.end));
    let mut out = Vec::new();
    for (qi, &q) in all.iter().enumerate() {
        let (reach_from, reach_to) = reach(layers, q.span, sentence);
        // The last clause mark between the sentence's start (or the reach) and
        // the count, found once: a casualty word before the count is cut off
        // from it when the mark comes after the word (what `punct_between`
        // would tell for each word).
        let from = sentence.start.max(reach_from).min(q.span.start);
        let clause_at = layers
            .text
            .get(from..q.span.start)
            .and_then(|t| t.rfind(CLAUSE))
            .map(|i| from + i);
        // After: count … word
        let mut best: Option<Link> = None;
        for w in &words {
            if w.span.end <= reach_from || w.span.start > reach_to {
                continue;
            }
            if w.span.start >= q.span.end && w.what.after {
                if let Some((gap, attackers, forces, noun)) =
                    count_then_word(layers, lex, &spans, q, w)
                {
                    if best.as_ref().is_none_or(|b| gap < b.0) {
                        best = Some((gap, false, w, attackers, forces, noun));
                    }
                }
            }
            // Before: word … count
            if w.span.end <= q.span.start && w.what.before {
                if let Some(gap) = word_then_count(layers, lex, &spans, q, w, clause_at) {
                    if best.as_ref().is_none_or(|b| gap <= b.0) {
                        best = Some((gap, true, w, false, false, None));
                    }
                }
            }
        }
        if let Some((_, before, w, mut attackers, mut forces, mut noun)) = best {
            if before {
                // "killed two attackers", "killing four officers": the noun after the count.
                // ("killing 30 villagers": the victims' noun, [`Figure::noun`].)
                let mut thing = false;
                for next in words_in(layers, q.span.end, sentence.end).take(3) {
                    match lex.nouns.get(next) {
                        Some(NounClass::Attacker) => attackers = true,
                        Some(NounClass::Forces) => forces = true,
                        Some(NounClass::Thing) => thing = true,
                        Some(NounClass::Person) => {}
                        Some(NounClass::Filler) => continue,
                        None => {}
                    }
                    if names_people(lex, next) {
                        noun = victim_noun(lex, next);
                    }
                    break;
                }
                // "killed residents of two villages": the count is of villages.
                if thing {
                    continue;
                }
            }
            // "a soldier embraced martyrdom": the count's own noun.
            forces |= qi >= counted
                && words_in(layers, q.span.start, q.span.end)
                    .any(|x| lex.nouns.get(x) == Some(&NounClass::Forces));
            let phrase = w.span.text(layers.text).to_lowercase();
            let both = w.what.kind == CasualtyWordKind::Casualties
                && CasualtyStems::holds(&lex.stems.death_parts, &phrase)
                && CasualtyStems::holds(&lex.stems.injury_parts, &phrase);
            // "also" right before the casualty word or between count and word.
            let also = {
                let from = layers.word_index(q.span.start.min(w.span.start));
                let to = layers.word_index(q.span.end.max(w.span.end));
                layers
                    .words
                    .get(from.saturating_sub(1)..to)
                    .is_some_and(|ws| {
                        ws.iter()
                            .any(|(_, x)| lex.stems.also.iter().any(|a| a == x))
                    })
            };
            let mut rules = RuleSet::default();
            rules.add(if qi >= counted {
                Rule::FIGURE_ONE_PERSON
            } else if before {
                Rule::FIGURE_WORD_THEN_COUNT
            } else {
                Rule::FIGURE_COUNT_THEN_WORD
            });
            if also {
                rules.add(Rule::FIGURE_ALSO);
            }
            out.push(Figure {
                noun,
                combined: false,
                partial: false,
                names_parts: false,
                serious: false,
                rules,
                also,
                kind: kind_of(w.what.kind),
                quantity: q,
                attackers,
                forces,
                both,
                update: w.what.kind == CasualtyWordKind::Toll || {
                    // From the toll word, or for "number of dead" from the
                    // sentence start ("Later reports put the number of dead at").
                    let opens = w.span.text(layers.text).to_lowercase();
                    let from = if lex
                        .stems
                        .number_words
                        .iter()
                        .any(|n| opens.starts_with(n.as_str()))
                    {
                        sentence.start
                    } else {
                        w.span.start.min(q.span.start)
                    };
                    let lead = layers.text.get(from..q.span.start).unwrap_or("");
                    CasualtyStems::holds_lowered(&lex.stems.toll_phrases, lead)
                        && CasualtyStems::holds_lowered(&lex.toll_revisions, lead)
                },
                span: q.span.cover(w.span),
            });
        }
    }
    out.sort_by_key(|f| f.span.start);
    drop_doers(&mut out);
    add_conjoined(layers, lex, &all, &mut out);
    add_inserted(layers, lex, &all, &mut out);
    mark_figures(layers, lex, sentence, &all, &mut out);
    out
}

/// What each figure of a sentence is besides its count: partial, naming its
/// parts, of grave hurt, of several acts ([`Figure::combined`]), and the
/// rules of its attackers and of a revised toll.
fn mark_figures(
    layers: &Layers,
    lex: &Lexicons,
    sentence: Span,
    all: &[Quantity],
    out: &mut [Figure],
) {
    let several = !out.is_empty() && of_several_acts(layers, lex, sentence, all);
    for f in out.iter_mut() {
        f.combined = several;
        f.partial = partial(layers, lex, f);
        let own = f.span.text(layers.text);
        // (Only an insert set off by a comma, bracket or dash names parts:
        // the substring search for each cue is left for those.)
        f.names_parts =
            own.contains([',', '(', '—']) && lex.partial_cues.iter().any(|w| own.contains(w));
        f.serious = f.kind == CasualtyKind::Injured && serious(layers, lex, f.span);
        if f.attackers {
            f.rules.add(Rule::FIGURE_ATTACKERS);
        }
        if f.update {
            f.rules.add(Rule::FIGURE_TOLL_REVISION);
        }
    }
}

/// The sentence tells of several acts: a `combined` phrase of
/// `casualties.tsv` as whole words ("across", "a series of"), or a count of
/// two or more before an `incidents` word with no phrase end between ("in two
/// junta airstrikes", "the three attacks"; not "killing 12 in attacks").
fn of_several_acts(layers: &Layers, lex: &Lexicons, sentence: Span, counts: &[Quantity]) -> bool {
    let a = layers.word_index(sentence.start);
    let b = layers.word_index(sentence.end);
    let Some(ws) = layers.words.get(a..b) else {
        return false;
    };
    let phrase_at = |i: usize, phrase: &[String]| {
        ws.get(i..i + phrase.len()).is_some_and(|got| {
            got.iter()
                .zip(phrase)
                .all(|((_, w), p)| w.eq_ignore_ascii_case(p))
        })
    };
    (0..ws.len()).any(|i| lex.combined_cues.iter().any(|p| phrase_at(i, p)))
        || ws.iter().enumerate().any(|(i, (_, w))| {
            is(&lex.victim_words.incidents, w)
                && (1..=4).any(|k| {
                    i.checked_sub(k)
                        .and_then(|j| ws.get(j))
                        .is_some_and(|(s, _)| {
                            counts
                                .iter()
                                .any(|q| q.span.start == s.start && q.low.is_some_and(|n| n >= 2))
                                && ws.get(i + 1 - k..i).is_some_and(|between| {
                                    between.iter().all(|(_, x)| {
                                        !lex.phrase_stops.contains(x) && !names_people(lex, x)
                                    })
                                })
                        })
                })
        })
}

/// A `serious` word of `sentence-words.tsv` ("seriously", "critically",
/// "hospitalised") within `span`, the two words before it or the four after
/// it, in its clause.
fn serious(layers: &Layers, lex: &Lexicons, span: Span) -> bool {
    let from = layers.word_index(span.start);
    let to = layers.word_index(span.end);
    layers
        .words
        .get(from.saturating_sub(2)..(to + 4).min(layers.words.len()))
        .unwrap_or(&[])
        .iter()
        .any(|&(ws, w)| {
            is(&lex.words.serious, w)
                && !layers.punct_between(
                    ws.end.min(span.start),
                    ws.start.max(span.end),
                    &[';', '.'],
                )
        })
}

/// "A suicide attack on a police convoy killed six officers": one person
/// read before a verb of killing or wounding that counts its own victims after
/// it ([`Rule::FIGURE_WORD_THEN_COUNT`]) is the verb's subject, not a victim:
/// its figure ([`Rule::FIGURE_ONE_PERSON`]) goes.
fn drop_doers(out: &mut Vec<Figure>) {
    let doer = |f: &Figure| {
        f.rules.has(Rule::FIGURE_ONE_PERSON)
            && out.iter().any(|g| {
                g.kind == f.kind
                    && g.rules.has(Rule::FIGURE_WORD_THEN_COUNT)
                    && g.span.start >= f.quantity.span.end
                    && g.span.start < f.span.end
            })
    };
    let keep: Vec<bool> = out.iter().map(|f| !doer(f)).collect();
    let mut k = keep.iter();
    out.retain(|_| k.next().copied().unwrap_or(true));
}

/// "her husband", "his son", "their (Pakistani) driver": after the possessive
/// at word `i` of `ws`, a singular victim noun (`one_victim`) next, or after
/// one word that is no noun, count or phrase end, is one victim: its span.
fn possessive_one(
    lex: &Lexicons,
    ws: &[(Span, &str)],
    i: usize,
    taken: &Taken,
    one_victim: &dyn Fn(&str) -> bool,
) -> Option<Span> {
    let noun_at = |k: usize| ws.get(i + k).filter(|(_, w2)| one_victim(w2));
    noun_at(1)
        .or_else(|| {
            ws.get(i + 1)
                .filter(|(s1, w1)| {
                    !lex.nouns.contains_key(*w1)
                        && !is(&lex.victim_words.one_end, w1)
                        && !taken.overlaps(*s1)
                })
                .and_then(|_| noun_at(2))
        })
        .map(|(s2, _)| *s2)
}

/// The end of the definite phrase opening at word `i` of `ws` ("the driver of
/// the bus") when it runs at most four words to a comma and an indefinite word
/// follows it: the first of a list of victims of one ("…, a policeman and a
/// teacher").
fn opens_list(layers: &Layers, lex: &Lexicons, ws: &[(Span, &str)], i: usize) -> Option<Span> {
    let &(start, _) = ws.get(i)?;
    let vw = &lex.victim_words;
    (1..=4).find_map(|k| match (ws.get(i + k), ws.get(i + k + 1)) {
        (Some((end, _)), Some((next, w)))
            if layers
                .text
                .get(end.end..next.start)
                .is_some_and(|g| g.trim() == ",")
                && !layers.punct_between(start.end, end.start, CLAUSE)
                && is(&vw.indefinite, w) =>
        {
            Some(*end)
        }
        // "the headteacher and his wife", "the driver and a guard": "and" then
        // a person of one.
        (Some((end, _)), Some((_, and)))
            if is(&vw.and, and)
                && !layers.punct_between(start.end, end.end, CLAUSE)
                && ws
                    .get(i + k + 2)
                    .is_some_and(|(_, w)| is(&vw.indefinite, w) || is(&vw.possessive, w)) =>
        {
            Some(*end)
        }
        _ => None,
    })
}

/// "Eight soldiers and a civilian driver were killed", "six men and six women
/// died", "killing a commander and three soldiers", "killed a mother and her two
/// children": counts joined by "and" to a figure add up. Only a count linked to
/// no word of its own joins, across a noun phrase of up to seven words (victim
/// nouns, capitalised names, "of the"; a parenthesis is skipped). Attackers
/// joined to victims in one clause are counted with them ("two militants and
/// a soldier were killed": three dead); a figure of attackers alone stays apart.
fn add_conjoined(layers: &Layers, lex: &Lexicons, all: &[Quantity], out: &mut [Figure]) {
    let mut used: Vec<Span> = out.iter().map(|f| f.quantity.span).collect();
    used.sort_unstable();
    let unused = |q: &Span| used.binary_search(q).is_err();
    for f in out.iter_mut() {
        // "count … word": earlier counts join; "word … count": later ones.
        let leads = f.span.start == f.quantity.span.start;
        let mut cur = f.quantity.span;
        loop {
            let next = if leads {
                all.iter()
                    .filter(|q| q.span.end < cur.start && unused(&q.span))
                    .max_by_key(|q| q.span.end)
            } else {
                all.iter()
                    .filter(|q| q.span.start > cur.end && unused(&q.span))
                    .min_by_key(|q| q.span.start)
            };
            let Some(q) = next else { break };
            let (from, to) = if leads {
                (q.span.end, cur.start)
            } else {
                (cur.end, q.span.start)
            };
            // "a village chief, his wife and their two sons": a comma joins a
            // list that "and" closes.
            let listed = !leads
                && layers.text.get(from..to).is_some_and(|g| g.trim() == ",")
                && all
                    .iter()
                    .filter(|n| n.span.start > q.span.end && unused(&n.span))
                    .min_by_key(|n| n.span.start)
                    .is_some_and(|n| joined(layers, lex, q.span.end, n.span.start, true));
            // "three medics, a cook and an interpreter were killed": once "and"
            // has joined the last two, a comma joins the ones before.
            let listed = listed
                || (leads
                    && cur != f.quantity.span
                    && layers.text.get(from..to).is_some_and(|g| {
                        g.trim_end().strip_suffix(',').is_some_and(|g| {
                            // (A count of one holds its noun: "a policeman,
                            // a teacher and a nurse" has only the comma
                            // between.)
                            let and = format!("{g} and");
                            g.trim().is_empty()
                                && layers.words_in(q.span.start, q.span.end).len() > 1
                                || !g.trim().is_empty() && noun_phrase_and(lex, &and)
                        })
                    }));
            // (A comma before the "and" only inside a list already begun:
            // "killing four people, and hundreds fled" joins nothing.)
            let in_list = leads || cur != f.quantity.span;
            if !listed && !joined(layers, lex, from, to, in_list) {
                break;
            }
            // The words between, the count's, and (for a later count) the noun
            // after it ("… and four soldiers").
            let after_q = layers.word_index(q.span.end);
            let tail = if leads { 0 } else { 2 };
            let words = || {
                words_in(layers, from, to)
                    .chain(words_in(layers, q.span.start, q.span.end))
                    .chain(
                        layers
                            .words
                            .get(after_q..after_q + tail)
                            .unwrap_or(&[])
                            .iter()
                            .map(|(_, w)| *w),
                    )
            };
            // "six gendarmes and two civilians": soldiers or police among them.
            f.forces |= words().any(|w| lex.nouns.get(w) == Some(&NounClass::Forces));
            // "Four soldiers and 11 militants were killed": the attackers'
            // figure with victims joined is the dead of both sides.
            if f.attackers
                && words().any(|w| {
                    matches!(
                        lex.nouns.get(w),
                        Some(NounClass::Forces | NounClass::Person)
                    )
                })
            {
                f.attackers = false;
            }
            add_counts(&mut f.quantity, q);
            f.rules.add(Rule::FIGURE_CONJOINED);
            f.span = q.span.cover(f.span);
            cur = q.span;
        }
    }
}

/// "The headteacher and his wife, as well as seven others, were killed": a
/// count in an insert of the figure's span opened by a word of adding ("as
/// well as", "along with", "together with": [`Lexicons::adding_cues`]) adds to
/// it when no other figure has it.
fn add_inserted(layers: &Layers, lex: &Lexicons, all: &[Quantity], out: &mut [Figure]) {
    let used: Vec<Span> = out.iter().map(|f| f.quantity.span).collect();
    for f in out.iter_mut() {
        // Only "count … word", whose gap may hold an insert.
        if f.span.start != f.quantity.span.start {
            continue;
        }
        let inside: Vec<&Quantity> = all
            .iter()
            .filter(|q| {
                q.span.start >= f.quantity.span.end
                    && q.span.end < f.span.end
                    && !used.contains(&q.span)
                    && !f.quantity.span.overlaps(q.span)
            })
            .collect();
        for q in inside {
            let lead = layers
                .text
                .get(f.quantity.span.end..q.span.start)
                .and_then(|t| t.rsplit([',', '—', '–', '(']).next())
                .unwrap_or("")
                .trim()
                .to_lowercase();
            if lex.adding_cues.contains(&lead) {
                add_counts(&mut f.quantity, q);
                f.rules.add(Rule::FIGURE_CONJOINED);
            }
        }
    }
}

/// Add count `q` to `sum`: each bound (unknown when either is), and the span
/// covers both.
pub(crate) fn add_counts(sum: &mut Quantity, q: &Quantity) {
    let add = |a: Option<u32>, b: Option<u32>| a.zip(b).map(|(x, y)| x.saturating_add(y));
    sum.low = add(sum.low, q.low);
    sum.best = add(sum.best, q.best);
    sum.high = add(sum.high, q.high);
    sum.span = q.span.cover(sum.span);
}

/// The text between two counts is "<noun phrase> and" (optionally "and her"),
/// or with `oxford` "<noun phrase>, and" (a list's closing comma).
/// A place named in the phrase ("the governor of Balkh province and two
/// others") stands as one capitalised word.
fn joined(layers: &Layers, lex: &Lexicons, from: usize, to: usize, oxford: bool) -> bool {
    let Some(text) = layers.text.get(from..to) else {
        return false;
    };
    let mut between = String::with_capacity(text.len());
    let mut at = from;
    // Places and groups named in the phrase ("a commander of the X militia
    // and an aide") stand as one capitalised word each.
    // (A place's phrase holds its name, so a phrase inside `from..to` has its
    // name's start there too.)
    let mut names: Vec<Span> = starting_in(&layers.places, from, to, |p| p.span.start)
        .iter()
        .map(|p| p.phrase)
        .chain(
            starting_in(&layers.actors, from, to, |a| a.span.start)
                .iter()
                .map(|a| a.span),
        )
        .filter(|s| s.start >= from && s.end <= to)
        .collect();
    names.sort_by_key(|s| s.start);
    for s in names {
        if s.start < at {
            continue;
        }
        between.push_str(layers.text.get(at..s.start).unwrap_or(""));
        between.push_str("Name");
        at = s.end;
    }
    between.push_str(layers.text.get(at..to).unwrap_or(""));
    // Cut one parenthetical insert: "(DRG)".
    let between = match (between.find('('), between.find(')')) {
        (Some(i), Some(j)) if i < j => format!(
            "{}{}",
            between.get(..i).unwrap_or(""),
            between.get(j + 1..).unwrap_or("")
        ),
        _ => between.to_string(),
    };
    // ("a policeman, a teacher, and a nurse": the comma that closes a list
    // right before its "and" joins, as the "and" does.)
    let between = match between.trim_end().strip_suffix("and") {
        Some(head) if oxford && head.trim_end().ends_with(',') => {
            format!("{} and", head.trim_end().trim_end_matches(','))
        }
        _ => between,
    };
    if between.contains(CLAUSE) || between.contains('.') {
        return false;
    }
    noun_phrase_and(lex, &between)
}

/// `between` is a noun phrase of up to seven words (victim nouns, capitalised
/// names, "of the") followed by "and" (optionally "and her").
fn noun_phrase_and(lex: &Lexicons, between: &str) -> bool {
    let vw = &lex.victim_words;
    let mut words: Vec<&str> = between.split_whitespace().collect();
    if words
        .last()
        .is_some_and(|w| is(&vw.possessive, w) || is(&vw.plural_possessive, w))
    {
        words.pop();
    }
    let Some((&last, rest)) = words.split_last() else {
        return false;
    };
    let known = |w: &&str| {
        let folded = w.to_lowercase();
        match lex.nouns.get(folded.as_str()) {
            Some(_) => true,
            None => w.chars().next().is_some_and(char::is_uppercase) || is(&vw.name_link, &folded),
        }
    };
    // "three foreign engineers and two guards": one adjective unknown to the
    // lexicon may stand before the phrase's last word when that is a noun of
    // people ("engineers").
    let head_of_people = rest
        .last()
        .is_some_and(|w| names_people(lex, &w.to_lowercase()));
    let unknown = rest.iter().filter(|w| !known(w)).count();
    is(&vw.and, last)
        && rest.len() <= 7
        && (unknown == 0 || unknown == 1 && head_of_people && rest.len() >= 2)
}

/// The figure is of part of the victims ("including four children", "three of
/// the dead were soldiers", "among them two policemen"): it never sets the
/// whole count. The cue words are the `partial` rows of `casualties.tsv`.
fn partial(layers: &Layers, lex: &Lexicons, f: &Figure) -> bool {
    // The figure's own words and the three words before it.
    let from = layers.word_index(f.span.start).saturating_sub(3);
    let to = layers.word_index(f.span.end);
    let ws: Vec<&str> = layers
        .words
        .get(from..to)
        .unwrap_or(&[])
        .iter()
        .map(|(_, w)| *w)
        .collect();
    // "three of the dead", "two of them": the word right after the count.
    let after_count = layers
        .words
        .get(layers.word_index(f.quantity.span.end))
        .is_some_and(|(s, w)| s.start >= f.quantity.span.end && is(&lex.victim_words.part_of, w));
    let mut pair = String::new();
    after_count
        || ws.windows(2).any(|p| {
            pair.clear();
            pair.push_str(p[0]);
            pair.push(' ');
            pair.push_str(p[1]);
            lex.partial_cues.contains(pair.as_str())
        })
        || ws.iter().any(|w| lex.partial_cues.contains(w))
}

/// Which of several figures for one count (killed, or injured) the toll
/// takes when none revises it (docs/casualties.md): the first figure the
/// report gives, unless it is a vague quantifier ("dozens") and a precise
/// figure for the whole count follows, within what the quantifier allows
/// (not below its coded value) or given by a source (officials, a hospital:
/// `sources.tsv`) ([`Rule::TOLL_PRECISE_OVER_VAGUE`]);
/// when two or more kinds of source give precise whole counts that
/// disagree, the lowest of them ([`Rule::TOLL_LOWEST_OF_SOURCES`]); when a
/// later sentence gives a lower precise whole count of the same victims (the
/// same noun, or people at large and none; [`Figure::noun`]), the lowest
/// ([`Rule::TOLL_LOWEST_OF_FIGURES`]). Partial figures ([`partial`]),
/// figures told as more victims ("also") and upper bounds
/// ("up to") are never chosen over the first. `text` is the report's text.
pub fn choose<'a, 'b>(
    of_kind: &[&'b &'a Given],
    text: &str,
    lex: &Lexicons,
) -> (Option<&'b &'a Given>, Option<Rule>) {
    let Some(first) = of_kind.first().copied() else {
        return (None, None);
    };
    let whole = |g: &Given| !g.0.also && g.0.quantity.qualifier != Qualifier::UpTo && !g.0.partial;
    let precise = |g: &Given| g.0.quantity.qualifier != Qualifier::Vague;
    // Told as an earlier figure the report has since replaced ("had earlier
    // put the toll at 30", "initial reports said"): a `superseded` stem in its
    // sentence before it.
    let superseded = |f: &Figure| {
        let lead = text
            .get(..f.span.start)
            .and_then(|t| t.rsplit(['.', '\n']).next())
            .unwrap_or("")
            .to_lowercase();
        CasualtyStems::holds(&lex.stems.superseded, &lead)
    };
    // A figure of several acts ("11 civilians were killed in two airstrikes")
    // yields to a lower whole figure of one that a later sentence gives
    // ("… killing 10 villagers"): that one is the event's. (A vague first
    // figure keeps to the rule below: "dozens killed in raids across the
    // district" is not replaced by a count so far.)
    if first.0.combined && precise(first) {
        let top = first.0.quantity.low;
        if let Some(p) = of_kind.iter().copied().find(|g| {
            !g.0.combined
                && whole(g)
                && g.0.span.start > first.0.span.end
                && g.0.quantity.low.is_some_and(|n| n > 0 && Some(n) < top)
                && !g.0.rules.has(Rule::FIGURE_ONE_PERSON)
        }) {
            return (Some(p), Some(Rule::TOLL_PART_OF_COMBINED));
        }
    }
    if !precise(first) {
        // Only a figure the quantifier allows: "dozens" (24 or more) is not
        // told again as "at least 10", which counts something else; unless a
        // source gives it ("dozens wounded … health officials said 15 were
        // being treated"), which the contract puts over a vague quantifier.
        // (Nor a figure told as superseded: "Earlier, a source said two were
        // hurt" does not replace "several people were injured".)
        let allowed = |g: &Given| {
            (g.0.quantity.low >= first.0.quantity.low || g.1.is_some()) && !superseded(&g.0)
        };
        if let Some(p) = of_kind
            .iter()
            .copied()
            .find(|g| whole(g) && precise(g) && allowed(g))
        {
            return (Some(p), Some(Rule::TOLL_PRECISE_OVER_VAGUE));
        }
        return (Some(first), None);
    }
    let sourced: Vec<&'b &'a Given> = of_kind
        .iter()
        .copied()
        .filter(|g| g.1.is_some() && whole(g) && precise(g))
        .collect();
    let sources = {
        let mut b: Vec<&str> = sourced.iter().filter_map(|g| g.1.as_deref()).collect();
        b.sort_unstable();
        b.dedup();
        b.len()
    };
    let lowest = sourced.iter().copied().min_by_key(|g| g.0.quantity.low);
    if let Some(l) = lowest {
        if sources >= 2 && l.0.quantity.low < first.0.quantity.low {
            return (Some(l), Some(Rule::TOLL_LOWEST_OF_SOURCES));
        }
    }
    // "More than 30 people were killed … 27 people died, the governor said":
    // a later sentence's lower figure of the same victims.
    let same_victims = |g: &Given| {
        g.0.noun == first.0.noun
            && g.0.attackers == first.0.attackers
            && g.0.forces == first.0.forces
    };
    let later_sentence = |g: &Given| {
        g.0.span.start > first.0.span.end
            && text
                .get(first.0.span.end..g.0.span.start)
                .is_some_and(|t| t.contains(['.', '\n']))
    };
    let Some(top) = first.0.quantity.low else {
        return (Some(first), None);
    };
    // A figure that disagrees rather than counts something else: a whole
    // count of at least half the first, of no one named alone ("killing
    // Khalil"), no grave hurt only ("15 critically injured"), no list of
    // parts, no bodies found so far ("we have seen 35 bodies"), no bullet
    // line, and not told as superseded ("had earlier put the toll at 30", "initial reports").
    let disagrees = |g: &Given| {
        let (f, low) = (&g.0, g.0.quantity.low.unwrap_or(0));
        let own = text
            .get(f.span.start..text.len().min(f.span.end + 16))
            .or_else(|| text.get(f.span.start..f.span.end))
            .unwrap_or("")
            .to_lowercase();
        // A bullet line ("- At least 30 killed in the Gao blast") sums up a
        // part of the story, one site or one day.
        let bullet = text
            .get(..f.span.start)
            .and_then(|t| t.rsplit('\n').next())
            .is_some_and(|l| l.trim_start().starts_with(['-', '•', '*', '–']));
        low > 0
            && !bullet
            && low.saturating_mul(2) >= top
            && !f.rules.has(Rule::FIGURE_ONE_PERSON)
            && !f.serious
            && !f.names_parts
            && !own.contains("bodies")
            && !superseded(f)
    };
    let lower = of_kind
        .iter()
        .copied()
        .filter(|g| whole(g) && precise(g) && same_victims(g) && later_sentence(g) && disagrees(g))
        .min_by_key(|g| g.0.quantity.low);
    match lower {
        Some(l) if whole(first) && l.0.quantity.low.is_some_and(|x| x < top) => {
            (Some(l), Some(Rule::TOLL_LOWEST_OF_FIGURES))
        }
        _ => (Some(first), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taken_overlaps_as_a_plain_scan() {
        // Counts in text order, some overlapping, some long; few and many.
        for n in [3usize, 40] {
            let counts: Vec<Quantity> = (0..n)
                .map(|i| Quantity {
                    span: Span::new(i * 4, i * 4 + 1 + (i * 7) % 9),
                    low: Some(1),
                    best: Some(1),
                    high: Some(1),
                    qualifier: Qualifier::Exact,
                })
                .collect();
            let taken = Taken::new(&counts);
            for start in 0..n * 4 + 10 {
                for len in 0..6 {
                    let span = Span::new(start, start + len);
                    let plain = counts.iter().any(|q| q.span.overlaps(span));
                    assert_eq!(taken.overlaps(span), plain, "{n} counts, {span:?}");
                }
            }
        }
    }
}
