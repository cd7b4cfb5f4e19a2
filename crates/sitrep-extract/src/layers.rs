/*!
The layers of one document that event assembly reads: sentences, words, lexicon
hits, places, actors, dates and counts, all as spans of the stored text.

Everything is computed once per document, left to right, so extraction stays
linear in the length of the text.
*/

use crate::lexicon::{CasualtyWord, CueSet, Lexicons, ModalityCue, ModalityKind, RoleCue, Trigger};
use crate::words::{is, SentenceWords};
use chrono::NaiveDate;
use sitrep_core::{ActorMention, DateRange, PlaceMention, Quantity, Span};
use sitrep_text::{Doc, Folded};

/// What the pipeline's steps found in a document: cues (the lexicon walk),
/// places (sitrep-geo), actors (sitrep-actors), dates with the reference date
/// and counts (sitrep-text).
pub struct Mentions<'a> {
    /// Trigger and cue hits on the folded text (see [`find_triggers`]).
    pub triggers: Triggers<'a>,
    pub places: Vec<PlaceMention>,
    pub actors: Vec<ActorMention>,
    /// Date expressions resolved against the reference date.
    pub dates: Vec<DateHit>,
    pub reference: Option<(NaiveDate, String)>,
    /// Counts outside date expressions.
    pub quantities: Vec<Quantity>,
    /// The single words that decide readings (`sentence-words.tsv`).
    pub words: &'a SentenceWords,
}

/// What the one lexicon walk over a folded text finds: its triggers (blocking
/// entries left out), which the value dereferences to, left to right, and the
/// hits of the four cue sets, kept for [`Layers::build`]. All are spans of the
/// original text.
pub struct Triggers<'a> {
    hits: Vec<Tagged<&'a Trigger>>,
    casualty_words: Vec<Tagged<CasualtyWord>>,
    /// Modality cues with a scope.
    modality: Vec<Tagged<ModalityCue>>,
    roles: Vec<Tagged<RoleCue>>,
    sources: Vec<(Span, &'a str)>,
}

impl<'a> std::ops::Deref for Triggers<'a> {
    type Target = [Tagged<&'a Trigger>];
    fn deref(&self) -> &Self::Target {
        &self.hits
    }
}

/// A generic cue of sentence scope ("high court", "memorial") named as the
/// site of what happened, right after a `site` word of `sentence-words.tsv`
/// and its article (a word naming the kind of site and a `site_link` word may
/// stand between: "outside the federal high court", "at the gate of the
/// supreme court", "near a memorial"), tells the
/// place, not the kind of telling: no cue. `start`: the cue's start in the
/// folded text.
fn named_as_site(words: &SentenceWords, folded: &str, start: usize, cue: ModalityCue) -> bool {
    if cue.kind != ModalityKind::Generic || cue.scope != crate::lexicon::Scope::Sentence {
        return false;
    }
    let mut back = folded
        .get(..start)
        .unwrap_or("")
        .rsplit(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty());
    let mut w = back.next();
    // One word may name the kind of site ("outside the federal high court").
    let known = |w: &str| is(&words.articles, w) || is(&words.site_links, w) || is(&words.sites, w);
    if w.is_some_and(|w| !known(w)) {
        w = back.next();
    }
    // The cue is a noun phrase with its article ("the high court"), not any
    // phrase after a site word ("along the front line in recent months").
    if !w.is_some_and(|w| is(&words.articles, w)) {
        return false;
    }
    w = back.next();
    if w.is_some_and(|w| is(&words.site_links, w)) {
        w = back.next();
    }
    w.is_some_and(|w| is(&words.sites, w))
}

/// Every trigger of the text (blocking entries left out), as spans of the
/// original text. Computed once per document: the demonym rule and the layers
/// both read it. The same walk of the lexicon scanner finds the cue sets
/// ([`Lexicons::find_all`]), so the layers need not walk the text again.
pub fn find_triggers<'a>(lex: &'a Lexicons, folded: &Folded) -> Triggers<'a> {
    let mut hits = Vec::new();
    let mut casualty_words = Vec::new();
    let mut modality = Vec::new();
    let mut roles = Vec::new();
    let mut sources = Vec::new();
    lex.find_all(
        &folded.text,
        |set, h| {
            let span = folded.orig_span(h.start, h.end);
            match set {
                CueSet::Casualties => {
                    if let Some(&what) = lex.casualties.payloads.get(h.payload) {
                        casualty_words.push(Tagged { span, what });
                    }
                }
                CueSet::Modality => {
                    if let Some(&what) = lex.modality.payloads.get(h.payload) {
                        if what.scope != crate::lexicon::Scope::None
                            && !named_as_site(&lex.words, &folded.text, h.start, what)
                        {
                            modality.push(Tagged { span, what });
                        }
                    }
                }
                CueSet::Roles => {
                    if let Some(&what) = lex.roles.payloads.get(h.payload) {
                        roles.push(Tagged { span, what });
                    }
                }
                CueSet::Sources => {
                    if let Some(by) = lex.sources.payloads.get(h.payload) {
                        sources.push((span, by.as_str()));
                    }
                }
            }
        },
        |h| {
            if let Some(what) = lex.triggers.payloads.get(h.payload).filter(|t| !t.block) {
                hits.push(Tagged {
                    span: folded.orig_span(h.start, h.end),
                    what,
                });
            }
        },
    );
    Triggers {
        hits,
        casualty_words,
        modality,
        roles,
        sources,
    }
}

/// A lexicon hit with its payload.
#[derive(Debug, Clone, Copy)]
pub struct Tagged<T> {
    pub span: Span,
    pub what: T,
}

/// A date expression with its resolution against the reference date.
#[derive(Debug, Clone)]
pub struct DateHit {
    pub span: Span,
    pub range: DateRange,
}

pub struct Layers<'a> {
    pub text: &'a str,
    pub sentences: Vec<Span>,
    pub triggers: Vec<Tagged<&'a Trigger>>,
    pub casualty_words: Vec<Tagged<CasualtyWord>>,
    pub modality: Vec<Tagged<ModalityCue>>,
    pub roles: Vec<Tagged<RoleCue>>,
    /// Who gives figures ("officials said" → "officials").
    pub sources: Vec<(Span, &'a str)>,
    pub places: Vec<PlaceMention>,
    /// Per place mention: its role in its sentence (`place-roles.tsv`: "from
    /// X", "X's embassy"), set by the pipeline after [`Layers::build`]; empty
    /// means no place has a role.
    pub place_roles: Vec<Option<crate::place_roles::PlaceRole>>,
    pub actors: Vec<ActorMention>,
    /// Per actor mention: whether it only describes another ([`described`]),
    /// worked out once here (coreference re-binding changes no input of it).
    pub described: Vec<bool>,
    pub dates: Vec<DateHit>,
    pub quantities: Vec<Quantity>,
    /// Folded words and their original spans (for noun look-ups).
    pub words: Vec<(Span, &'a str)>,
    pub reference: Option<NaiveDate>,
    pub reference_why: Option<String>,
    /// Text before this offset (title, dateline) yields no events.
    pub body_start: usize,
    /// Where each mark of [`MARKS`] stands in the text, in text order: what
    /// [`Layers::punct_between`] reads instead of the text between.
    marks: Vec<(usize, char)>,
    /// Per block of [`WORD_BLOCK`] bytes of the text: the index of the first
    /// word starting at or after the block's start ([`Layers::word_index`]
    /// scans on from there instead of searching all words).
    word_blocks: Vec<u32>,
}

/// The bytes of text per entry of [`Layers::word_index`]'s table: a block
/// holds the starts of a few words at most.
const WORD_BLOCK: usize = 16;

/// Per block of [`WORD_BLOCK`] bytes of a text of `len` bytes: the index of
/// the first of `words` (in text order) starting at or after the block's
/// start. One pass over the blocks and the words.
fn word_blocks(words: &[(Span, &str)], len: usize) -> Vec<u32> {
    let mut i = 0;
    (0..=len / WORD_BLOCK)
        .map(|b| {
            while words.get(i).is_some_and(|w| w.0.start < b * WORD_BLOCK) {
                i += 1;
            }
            u32::try_from(i).unwrap_or(u32::MAX)
        })
        .collect()
}

/// [`Layers::word_index`] over `words` and their [`word_blocks`].
fn word_index_in(words: &[(Span, &str)], blocks: &[u32], pos: usize) -> usize {
    match blocks.get(pos / WORD_BLOCK) {
        Some(&first) => {
            let mut i = first as usize;
            while words.get(i).is_some_and(|w| w.0.start < pos) {
                i += 1;
            }
            i
        }
        None => words.partition_point(|w| w.0.start < pos),
    }
}

impl<'a> Layers<'a> {
    /// The layers of a report from its [`Doc`] and what the pipeline's steps
    /// found in it: sentences (the Doc's, cut again at sequels, see
    /// [`split_sequels`]), words, cue hits, and the actor mentions with
    /// "the group" re-bound ([`rebind_coreference`]).
    pub fn build(doc: &'a Doc<'a>, mentions: Mentions<'a>) -> Layers<'a> {
        let Mentions {
            triggers,
            places,
            mut actors,
            dates,
            reference,
            quantities,
            words: lexicon_words,
        } = mentions;
        let text = doc.text;
        let words: Vec<(Span, &'a str)> = doc
            .words
            .iter()
            .map(|w| (w.span, doc.word_str(w)))
            .collect();

        // The cue sets came with the triggers, from one walk (see `find_triggers`).
        let Triggers {
            hits: mut triggers,
            mut casualty_words,
            mut modality,
            mut roles,
            mut sources,
        } = triggers;
        // Every layer in text order (a stable sort: a no-op on the walks'
        // left-to-right output), which [`within`] and [`starting_in`] rely on.
        triggers.sort_by_key(|t| t.span.start);
        casualty_words.sort_by_key(|t| t.span.start);
        modality.sort_by_key(|t| t.span.start);
        roles.sort_by_key(|t| t.span.start);
        sources.sort_by_key(|t| t.0.start);
        let mut places = places;
        places.sort_by_key(|p| p.span.start);
        // A name inside a source of figures names an organisation, not a
        // place ("the Red Cross in Kordofan", "the Red Crescent said").
        places.retain(|p| {
            !starting_in(
                &sources,
                p.span.start.saturating_sub(LONGEST_MENTION),
                p.span.end,
                |s| s.0.start,
            )
            .iter()
            .any(|s| s.0.contains(p.span))
        });
        actors.sort_by_key(|a| a.span.start);

        let (reference, reference_why) = match reference {
            Some((d, why)) => (Some(d), Some(why)),
            None => (None, None),
        };
        // Dates and counts in text order too (the steps' outputs, sorted stably).
        let mut dates = dates;
        dates.sort_by_key(|d| d.span.start);
        let mut quantities = quantities;
        quantities.sort_by_key(|q| q.span.start);
        // A modal verb inside a date is a word of the date: the month in "on
        // 14 May 2024" or "in May" is no "may" (a cue of time, "since 2009",
        // stays what it is).
        // So is one next to a day's number where no date was read (a wire
        // dateline's "May 26 (Reuters) -", "26 May (AFP) -"): a modal verb is
        // never followed by a number, nor capitalised after one ("3 may have
        // died" is a modal).
        let by_number = |m: Span| {
            let after = text.get(m.end..).unwrap_or("").trim_start_matches(' ');
            let before = text.get(..m.start).unwrap_or("").trim_end_matches(' ');
            let capital = capitalised(text, m);
            after.starts_with(|c: char| c.is_ascii_digit())
                || (capital && before.ends_with(|c: char| c.is_ascii_digit()))
        };
        modality.retain(|m| {
            !(matches!(
                m.what.kind,
                ModalityKind::Hypothetical | ModalityKind::Future
            ) && (inside_date(&dates, m.span) || by_number(m.span)))
        });
        let body_start = doc.body_start();
        let sentences = cap_sentences(
            text,
            split_sequels(text, &doc.sentences, &roles, &triggers, &words),
        );
        // (The few "loyal to" cues, which [`described`] looks for before
        // every actor, apart from the many other role cues.)
        let modifiers_of: Vec<Span> = roles
            .iter()
            .filter(|r| r.what == RoleCue::ModifierOf)
            .map(|r| r.span)
            .collect();
        let described: Vec<bool> = actors
            .iter()
            .map(|a| described(text, lexicon_words, (&roles, &modifiers_of), &actors, a))
            .collect();
        rebind_coreference(
            &mut actors,
            (&sentences, &words),
            &roles,
            lexicon_words,
            &described,
        );
        Layers {
            text,
            sentences,
            triggers,
            casualty_words,
            modality,
            roles,
            sources,
            places,
            place_roles: Vec::new(),
            actors,
            described,
            dates,
            quantities,
            reference,
            reference_why,
            body_start,
            marks: marks_of(text),
            word_blocks: word_blocks(&words, text.len()),
            words,
        }
    }

    /// The role of place mention `p` (one of [`Layers::places`]) in its sentence.
    pub fn place_role(&self, p: &PlaceMention) -> Option<crate::place_roles::PlaceRole> {
        let from = self.places.partition_point(|q| q.span.start < p.span.start);
        let k = self
            .places
            .get(from..)?
            .iter()
            .take_while(|q| q.span.start == p.span.start)
            .position(|q| std::ptr::eq(q, p))?;
        self.place_roles.get(from + k).copied().flatten()
    }

    /// Place mention `p` plays a role other than the act's place.
    pub fn place_elsewhere(&self, p: &PlaceMention) -> bool {
        self.place_role(p)
            .is_some_and(crate::place_roles::PlaceRole::elsewhere)
    }

    /// The word right before the one starting at or after `pos` ("were" of
    /// "were accused", "an" of "an al-Shabaab siege").
    pub fn word_before(&self, pos: usize) -> Option<&'a str> {
        self.word_index(pos)
            .checked_sub(1)
            .and_then(|i| self.words.get(i))
            .map(|&(_, w)| w)
    }

    /// Index of the first word starting at or after `pos`: from the first
    /// word of `pos`'s block of [`WORD_BLOCK`] bytes, the few words starting
    /// before `pos` in the block are skipped.
    pub fn word_index(&self, pos: usize) -> usize {
        word_index_in(&self.words, &self.word_blocks, pos)
    }

    /// The words starting at or after `from` and before `to` (none when the
    /// positions are out of order).
    pub fn words_in(&self, from: usize, to: usize) -> &[(Span, &'a str)] {
        self.words
            .get(self.word_index(from)..self.word_index(to))
            .unwrap_or(&[])
    }

    /// Words strictly between two spans (0 when adjacent or overlapping).
    pub fn words_between(&self, a: Span, b: Span) -> usize {
        let (first, second) = if a.start <= b.start { (a, b) } else { (b, a) };
        let from = self.word_index(first.end);
        let to = self.word_index(second.start);
        to.saturating_sub(from)
    }

    /// True when the text between two positions holds clause punctuation
    /// (one of `set`); false when the positions cut a character.
    pub fn punct_between(&self, from: usize, to: usize, set: &[char]) -> bool {
        let (a, b) = if from <= to { (from, to) } else { (to, from) };
        let Some(between) = self.text.get(a..b) else {
            return false;
        };
        if !set.iter().all(|c| MARKS.contains(c)) {
            return between.contains(set);
        }
        // The marks between, by their positions: a rule asks this for many
        // pairs of mentions in a sentence, and reading the text between each
        // pair made long sentences cost their length squared.
        let first = self.marks.partition_point(|m| m.0 < a);
        self.marks
            .get(first..)
            .unwrap_or(&[])
            .iter()
            .take_while(|m| m.0 < b)
            .any(|m| set.contains(&m.1))
    }

    /// Whether span `a` stands right before span `b`: it ends at or before
    /// `b` starts, no word stands between them, and none of `marks` (clause
    /// punctuation, [`CLAUSE`], for "nothing sets them apart"; none to ask
    /// only for the words) stands between: "the air force downed", "Russia
    /// opens", but not "the army, downed" when `marks` holds the comma.
    pub fn right_before(&self, a: Span, b: Span, marks: &[char]) -> bool {
        a.end <= b.start
            && self.words_between(a, b) == 0
            && (marks.is_empty() || !self.punct_between(a.end, b.start, marks))
    }

    /// Whether actor mention `k` only describes another ([`Layers::described`]).
    pub fn described_at(&self, k: usize) -> bool {
        self.described.get(k).copied().unwrap_or(false)
    }

    /// The sentence index containing `pos`.
    pub fn sentence_of(&self, pos: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= pos);
        self.sentences.get(i).filter(|s| s.start <= pos).map(|_| i)
    }
}

/// "The attack came two days after gunmen killed 25 people in X": a sentence
/// that tells an act, then links it to an earlier one, is cut before the link
/// verb, so that each clause is read as a sentence of its own (the second one
/// opening with the verb, which `sentence::analyse` reads as "another act").
/// So is "X struck Y on Saturday, a day after gunmen killed two in Z": at a
/// time gap right after a comma.
fn split_sequels(
    text: &str,
    sentences: &[Span],
    roles: &[Tagged<RoleCue>],
    triggers: &[Tagged<&Trigger>],
    words: &[(Span, &str)],
) -> Vec<Span> {
    if !roles
        .iter()
        .any(|r| matches!(r.what, RoleCue::Sequel | RoleCue::SequelGap(_)))
    {
        return sentences.to_vec();
    }
    let word_at = |pos: usize| words.partition_point(|w| w.0.start < pos);
    let trigger_in = |from: usize, to: usize| {
        starting_in(triggers, from, to, |t| t.span.start)
            .iter()
            .any(|t| from <= t.span.start && t.span.end <= to)
    };
    let mut out = Vec::with_capacity(sentences.len() + 1);
    for &s in sentences {
        // "The blast happened barely a day after …": a verb of occurrence
        // followed by a time gap (not a bare "after": "the attack occurred
        // after gunmen stormed …" is one act) links to an earlier act too.
        let cut_by = |verb: RoleCue, reach: usize| {
            within(roles, s, |r| r.span).find(|v| {
                v.what == verb
                    && s.contains(v.span)
                    && trigger_in(s.start, v.span.start)
                    && starting_in(roles, v.span.end, s.end, |l| l.span.start)
                        .iter()
                        .any(|l| {
                            (matches!(l.what, RoleCue::SequelGap(_))
                                || (v.what == RoleCue::Sequel && l.what == RoleCue::SequelLink))
                                && l.span.start >= v.span.end
                                && l.span.end <= s.end
                                && word_at(l.span.start) <= word_at(v.span.end) + reach
                                && trigger_in(l.span.end, s.end)
                        })
            })
        };
        // (The occurrence verb's gap follows closely, "happened barely 24
        // hours after": "the raid, which began late on Friday, came three
        // days after …" is cut at "came".)
        let cut = cut_by(RoleCue::Sequel, 5).or_else(|| cut_by(RoleCue::Occurred, 3));
        // ", a day after gunmen shot dead two workers": a time gap after a comma.
        let cut = cut.or_else(|| {
            within(roles, s, |r| r.span).find(|g| {
                matches!(g.what, RoleCue::SequelGap(_))
                    && s.contains(g.span)
                    && text
                        .get(s.start..g.span.start)
                        .is_some_and(|b| b.trim_end().ends_with(','))
                    && trigger_in(s.start, g.span.start)
                    && trigger_in(g.span.end, s.end)
            })
        });
        // "Two days after the raid on A, gunmen killed six in B": a time gap
        // that opens the sentence tells the earlier act up to the first comma
        // with a trigger on each side; the act after the comma is the one the
        // gap counts from.
        let cut_at = cut.map(|v| v.span.start).or_else(|| {
            let g = within(roles, s, |r| r.span)
                .find(|g| matches!(g.what, RoleCue::SequelGap(_)) && g.span.start == s.start)?;
            let clause = text.get(g.span.end..s.end)?;
            let comma = g.span.end + clause.find(',')?;
            let rest = text.get(comma + 1..s.end)?;
            let next = s.end - rest.trim_start().len();
            (trigger_in(g.span.end, comma) && trigger_in(next, s.end) && next < s.end)
                .then_some(next)
        });
        match cut_at {
            Some(c) => {
                out.push(Span::new(s.start, c));
                out.push(Span::new(c, s.end));
            }
            None => out.push(s),
        }
    }
    out
}

/// True when `s` is only a space, a comma, or the words of a name not linked to
/// an actor ("affiliate Jama'at Nasr al-Islam wal Muslimin (JNIM)").
fn name_between(words: &SentenceWords, s: &str) -> bool {
    let article = || {
        s.strip_prefix(' ')
            .and_then(|g| g.strip_suffix(' '))
            .is_some_and(|w| is(&words.articles, w))
    };
    if matches!(s, " " | ", ") || article() {
        return true;
    }
    let s = s.trim_end_matches(['(', ' ']);
    s.starts_with(' ')
        && s.split_whitespace().nth(8).is_none()
        && s.split_whitespace().all(|w| {
            w.rsplit('-')
                .next()
                .and_then(|x| x.chars().next())
                .is_some_and(char::is_uppercase)
                || is(&words.name_particles, w)
        })
}

/// The longest text between a generic actor and the group it belongs to that
/// [`described`] accepts (" belonging to the "): the cheap test that spares
/// slicing and comparing text for mentions farther apart.
const LONGEST_OF: usize = " belonging to the ".len();
/// The longest text between an actor and a modifier cue that [`described`]
/// accepts ("\u{2019}s ").
const LONGEST_MODIFIER: usize = "\u{2019}s ".len();
/// How far after a modifier cue ("-linked") [`described`] looks for the group
/// it describes: four words of any length and their spaces.
const LONGEST_NAMED_AFTER: usize = 64;

/// True when an actor mention only describes another: "al-Qaeda-linked",
/// "al-Qaeda's affiliate", "a group affiliated with al-Qaeda", "loyal to IS".
/// `modifiers_of`: the spans of the `ModifierOf` cues of `roles`, in text order.
fn described(
    text: &str,
    words: &SentenceWords,
    (roles, modifiers_of): (&[Tagged<RoleCue>], &[Span]),
    actors: &[ActorMention],
    a: &ActorMention,
) -> bool {
    let between = |s: usize, e: usize| text.get(s..e).unwrap_or("x");
    // "gunmen from JNIM", "militants of the Islamic State": the named group acts.
    if a.link == sitrep_core::LinkKind::Generic
        && starting_in(actors, a.span.end, a.span.end + LONGEST_OF, |b| {
            b.span.start
        })
        .iter()
        .any(|b| {
            b.link != sitrep_core::LinkKind::Generic
                && b.span.start >= a.span.end
                && b.span.start - a.span.end <= LONGEST_OF
                && matches!(
                    between(a.span.end, b.span.start),
                    " from "
                        | " of "
                        | " from the "
                        | " of the "
                        | " belonging to "
                        | " belonging to the "
                )
        })
    {
        return true;
    }
    // The cues that may qualify `a`: a "ModifierOf" cue ("loyal to") right
    // before it, or a modifier right after it.
    let of_before = starting_in(
        modifiers_of,
        a.span.start.saturating_sub(LONGEST_MENTION),
        a.span.start,
        |r| r.start,
    );
    if of_before.iter().any(|r| {
        r.end <= a.span.start && trims_to_article(&words.articles, between(r.end, a.span.start))
    }) {
        return true;
    }
    let after = starting_in(roles, a.span.end, a.span.end + LONGEST_MODIFIER, |r| {
        r.span.start
    });
    after.iter().any(|r| match r.what {
        // "the al-Qaeda-linked JNIM", "Russian-backed soldiers": described;
        // "an al-Qaeda-linked group" names no other group (within four words
        // of the cue, in its sentence): the mention stands for the unnamed
        // group.
        RoleCue::Modifier => {
            r.span.start >= a.span.end
                && r.span.start - a.span.end <= LONGEST_MODIFIER
                && matches!(
                    between(a.span.end, r.span.start),
                    "" | " " | "-" | "'s " | "\u{2019}s " | "' " | "\u{2019} "
                )
                && starting_in(actors, r.span.end, r.span.end + LONGEST_NAMED_AFTER, |b| {
                    b.span.start
                })
                .iter()
                .any(|b| {
                    let gap = between(r.span.end, b.span.start);
                    // (Soldiers or police are a party of their own: "Wagner-backed
                    // soldiers" are the soldiers.)
                    (b.link != sitrep_core::LinkKind::Generic
                        || matches!(
                            b.actor.kind,
                            sitrep_core::ActorType::StateForces | sitrep_core::ActorType::Police
                        ))
                        && !gap.contains(['.', ';'])
                        && gap.split_whitespace().count() <= 4
                })
        }
        RoleCue::ModifierNoun => {
            r.span.start >= a.span.end
                && r.span.start - a.span.end <= LONGEST_MODIFIER
                && matches!(
                    between(a.span.end, r.span.start),
                    " " | "-" | "'s " | "\u{2019}s "
                )
                && actors.iter().any(|b| {
                    (b.span.start >= r.span.end
                        && name_between(words, between(r.span.end, b.span.start)))
                        || (b.span.end <= a.span.start
                            && between(b.span.end, a.span.start)
                                .strip_prefix(", ")
                                .is_some_and(|g| {
                                    g.is_empty()
                                        || g.strip_suffix(' ')
                                            .is_some_and(|w| is(&words.articles, w))
                                }))
                })
        }
        // (A "ModifierOf" cue after the actor ends after it: not its own.)
        _ => false,
    })
}

/// Whether `s` trims to nothing or to one of `articles`, without decoding characters
/// in the common case: [`described`] asks it of the text between every cue and
/// every actor after it. ASCII white space is stripped bytewise; when what is
/// left begins and ends with ASCII, `trim` would strip nothing more.
fn trims_to_article(articles: &crate::words::WordList, s: &str) -> bool {
    let ws = |c: &u8| matches!(c, b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' | b' ');
    let b = s.as_bytes();
    let from = b.iter().position(|c| !ws(c)).unwrap_or(b.len());
    let to = b.iter().rposition(|c| !ws(c)).map_or(from, |i| i + 1);
    match b.get(from..to) {
        Some(rest @ ([] | [0..=0x7f, ..])) if rest.last().is_none_or(u8::is_ascii) => {
            rest.is_empty() || articles.iter().any(|a| a.as_bytes() == rest)
        }
        _ => {
            let t = s.trim();
            t.is_empty() || is(articles, t)
        }
    }
}

/// Re-bind "the group", "the militants" to the most recent *salient* armed
/// non-state actor: the first such actor of its sentence (usually the subject), or
/// one followed by a claim of responsibility, within four sentences. The actor
/// base binds them to the most recent mention, which is often the victim ("killed
/// dozens of Taliban members. The group claimed…").
fn rebind_coreference(
    actors: &mut [ActorMention],
    (sentences, words): (&[Span], &[(Span, &str)]),
    roles: &[Tagged<RoleCue>],
    lexicon_words: &SentenceWords,
    described: &[bool],
) {
    use sitrep_core::LinkKind;
    let sentence_of = |pos: usize| sentences.partition_point(|s| s.end <= pos);
    let prev_word = |pos: usize| {
        let i = words.partition_point(|w| w.0.start < pos);
        i.checked_sub(1).and_then(|j| words.get(j)).map(|w| w.1)
    };
    // (sentence, index of the salient mention). A salient mention is never a
    // coreference, so its actor stays as it is: it is cloned only when bound.
    let mut salient: Option<(usize, usize)> = None;
    let mut seen_in: Option<usize> = None;
    for k in 0..actors.len() {
        let (before, rest) = actors.split_at_mut(k);
        let Some(m) = rest.first_mut() else {
            break;
        };
        let si = sentence_of(m.span.start);
        if m.link == LinkKind::Coreference {
            if let Some((s0, j)) = salient {
                if si <= s0 + 4 {
                    if let Some(a) = before.get(j) {
                        m.actor = a.actor.clone();
                    }
                }
            }
            if seen_in != Some(si) {
                seen_in = Some(si);
                if let Some(s) = salient.as_mut() {
                    s.0 = si;
                }
            }
            continue;
        }
        let non_state = m.actor.kind.is_armed_non_state() && m.link != LinkKind::Generic;
        // "the al-Qaeda-affiliated al-Shabaab": the described group is not salient.
        if !non_state || described.get(k).copied().unwrap_or(false) {
            continue;
        }
        // "attacks on X", "killed by X": a group right after a `governing`
        // word is inside a phrase, not its sentence's subject.
        let governed = prev_word(m.span.start).is_some_and(|w| is(&lexicon_words.governing, w));
        let claims = starting_in(roles, m.span.end, m.span.end + 40, |r| r.span.start)
            .iter()
            .any(|r| {
                r.what == RoleCue::Claim
                    && r.span.start >= m.span.end
                    && r.span.start <= m.span.end + 40
            });
        if (seen_in != Some(si) && !governed) || claims {
            salient = Some((si, k));
        }
        seen_in = Some(si);
    }
}

/// One sentence with its run of each layer: the mentions starting in it, as
/// [`starting_in`] finds them (one may run on past the sentence's end, so a
/// reader still asks that the sentence contain it: [`inside`]). Found for
/// every sentence in one sweep ([`Layers::sentence_runs`]) and handed to the
/// rules, instead of each rule searching the layers again.
#[derive(Clone, Copy)]
pub struct Sentence<'a> {
    pub span: Span,
    pub triggers: &'a [Tagged<&'a Trigger>],
    pub casualty_words: &'a [Tagged<CasualtyWord>],
    pub modality: &'a [Tagged<ModalityCue>],
    pub roles: &'a [Tagged<RoleCue>],
    pub sources: &'a [(Span, &'a str)],
    pub places: &'a [PlaceMention],
    pub actors: &'a [ActorMention],
    /// Index in [`Layers::actors`] of the first of `actors`.
    pub first_actor: usize,
    pub dates: &'a [DateHit],
    pub quantities: &'a [Quantity],
}

impl<'a> Layers<'a> {
    /// Every sentence of [`Layers::sentences`] with its runs, in order: one
    /// walk over each layer ([`run_at`]).
    pub fn sentence_runs(&'a self) -> Vec<Sentence<'a>> {
        let mut at = [0usize; 9];
        self.sentences
            .iter()
            .map(|&span| {
                let [t, c, m, r, so, p, a, d, q] = &mut at;
                let actors = run_at(&self.actors, a, span, |x| x.span.start);
                Sentence {
                    span,
                    triggers: run_at(&self.triggers, t, span, |x| x.span.start),
                    casualty_words: run_at(&self.casualty_words, c, span, |x| x.span.start),
                    modality: run_at(&self.modality, m, span, |x| x.span.start),
                    roles: run_at(&self.roles, r, span, |x| x.span.start),
                    sources: run_at(&self.sources, so, span, |x| x.0.start),
                    places: run_at(&self.places, p, span, |x| x.span.start),
                    first_actor: *a,
                    actors,
                    dates: run_at(&self.dates, d, span, |x| x.span.start),
                    quantities: run_at(&self.quantities, q, span, |x| x.span.start),
                }
            })
            .collect()
    }
}

/// [`starting_in`]`(items, span.start, span.end)` for spans in text order:
/// `at`, the index the last span's run began at, walks on to this one's
/// (back to a binary search should a span start before the last one).
fn run_at<'b, T>(
    items: &'b [T],
    at: &mut usize,
    span: Span,
    start: impl Fn(&T) -> usize,
) -> &'b [T] {
    if at
        .checked_sub(1)
        .and_then(|i| items.get(i))
        .is_some_and(|x| start(x) >= span.start)
    {
        *at = items.partition_point(|x| start(x) < span.start);
    }
    while items.get(*at).is_some_and(|x| start(x) < span.start) {
        *at += 1;
    }
    let rest = items.get(*at..).unwrap_or(&[]);
    let len = rest.iter().take_while(|x| start(x) <= span.end).count();
    rest.get(..len).unwrap_or(&[])
}

/// Items of `run` (one of a [`Sentence`]'s runs) whose span lies inside
/// `span`, in order.
pub fn inside<T, F: Fn(&T) -> Span>(
    run: &[T],
    span: Span,
    f: F,
) -> impl DoubleEndedIterator<Item = &T> {
    run.iter().filter(move |x| span.contains(f(x)))
}

/// Items whose span lies inside `span`, in order. `items` must be in text order
/// (sorted by span start, as [`Layers::build`] leaves every layer): the run of
/// candidates is found by binary search, so a sentence costs the log of the
/// document's mentions plus its own, not all of them.
pub fn within<T, F: Fn(&T) -> Span>(
    items: &[T],
    span: Span,
    f: F,
) -> impl DoubleEndedIterator<Item = &T> {
    inside(
        starting_in(items, span.start, span.end, |x| f(x).start),
        span,
        f,
    )
}

/// The run of `items` (sorted by `start`) whose start lies in `from..=to`,
/// found by two binary searches.
pub fn starting_in<T>(items: &[T], from: usize, to: usize, start: impl Fn(&T) -> usize) -> &[T] {
    let a = items.partition_point(|x| start(x) < from);
    let b = items.partition_point(|x| start(x) <= to).max(a);
    items.get(a..b).unwrap_or(&[])
}

/// How far before a position a mention that ends at or after it may start: no
/// place, actor, date, count or lexicon cue is longer (the longest in the
/// knowledge is under 200 bytes). Look-ups for "a mention ending right before
/// X" search the mentions starting in `X - LONGEST_MENTION ..= X` only.
pub const LONGEST_MENTION: usize = 1024;

/// The text at `span` begins with a capital letter (a name, a month, a
/// headline's word).
pub fn capitalised(text: &str, span: Span) -> bool {
    text.get(span.start..span.end)
        .is_some_and(|t| t.starts_with(char::is_uppercase))
}

/// Punctuation that closes a clause or sets off an insert: a link (a count to
/// its casualty word, an actor to the title after it) does not cross it.
pub const CLAUSE: &[char] = &[',', ';', ':', '(', ')', '—', '–'];

/// The clause marks but the comma: what ends a phrase set off by commas.
pub const STRONG_CLAUSE: &[char] = &[';', ':', '(', ')', '—', '–'];

/// Every punctuation mark that [`Layers::punct_between`] is asked about and
/// finds by position (any other is looked for in the text).
const MARKS: &[char] = &[',', ';', ':', '.', '(', ')', '—', '–'];

/// Where each mark of [`MARKS`] stands in `text`, in text order (found a few
/// bytes at a time: this reads every report whole). A comma, stop or colon
/// between two digits is part of a number or a time ("1,200", "3.5",
/// "10:30"), not a mark.
fn marks_of(text: &str) -> Vec<(usize, char)> {
    let b = text.as_bytes();
    let digit = |i: Option<usize>| i.and_then(|i| b.get(i)).is_some_and(u8::is_ascii_digit);
    let mut out: Vec<(usize, char)> = memchr::memchr3_iter(b',', b';', b':', b)
        .chain(memchr::memchr3_iter(b'.', b'(', b')', b))
        .filter_map(|i| b.get(i).map(|&c| (i, char::from(c))))
        .filter(|&(i, c)| {
            !(matches!(c, ',' | '.' | ':') && digit(i.checked_sub(1)) && digit(Some(i + 1)))
        })
        .collect();
    // The dashes, whose UTF-8 forms open with the byte 0xE2.
    out.extend(memchr::memchr_iter(0xE2, b).filter_map(|i| {
        let c = text.get(i..)?.chars().next()?;
        MARKS.contains(&c).then_some((i, c))
    }));
    out.sort_unstable_by_key(|m| m.0);
    out
}

/// The longest sentence, in bytes, that sentence analysis reads as one. A longer
/// run without a sentence stop (a scraped table or list, text with its stops
/// removed) is cut at the last space before each `LONGEST_SENTENCE` bytes, so
/// that the work per sentence, which grows with the square of its mentions, stays
/// bounded. Real sentences are far shorter (the dev reports' longest is under
/// 600 bytes), so ordinary text is never cut.
pub const LONGEST_SENTENCE: usize = 1000;

/// Cuts every sentence longer than [`LONGEST_SENTENCE`] into windows of at most
/// that many bytes, each ending after a white space when there is one (else on a
/// character boundary).
fn cap_sentences(text: &str, sentences: Vec<Span>) -> Vec<Span> {
    if sentences
        .iter()
        .all(|s| s.end - s.start <= LONGEST_SENTENCE)
    {
        return sentences;
    }
    let mut out = Vec::with_capacity(sentences.len());
    for s in sentences {
        let mut from = s.start;
        while s.end - from > LONGEST_SENTENCE {
            let mut to = from + LONGEST_SENTENCE;
            while to > from && !text.is_char_boundary(to) {
                to -= 1;
            }
            let cut = text
                .get(from..to)
                .and_then(|w| w.char_indices().rev().find(|(_, c)| c.is_whitespace()))
                .filter(|&(k, _)| k > 0)
                .map_or(to, |(k, c)| from + k + c.len_utf8());
            if cut <= from {
                break;
            }
            out.push(Span::new(from, cut));
            from = cut;
        }
        out.push(Span::new(from, s.end));
    }
    out
}

/// Whether `span` lies inside one of `dates` (sorted by start).
fn inside_date(dates: &[DateHit], span: Span) -> bool {
    let k = dates.partition_point(|d| d.span.start <= span.start);
    k.checked_sub(1)
        .and_then(|i| dates.get(i))
        .is_some_and(|d| d.span.contains(span))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_index_counts_the_words_starting_before() {
        let text = "An attack on the  market of Bakool region, in the early morning, killed 3.";
        let words: Vec<(Span, &str)> = text
            .split(' ')
            .scan(0, |at, w| {
                let span = Span::new(*at, *at + w.len());
                *at += w.len() + 1;
                Some((span, w))
            })
            .filter(|(_, w)| !w.is_empty())
            .collect();
        let blocks = word_blocks(&words, text.len());
        for pos in 0..text.len() + 40 {
            assert_eq!(
                word_index_in(&words, &blocks, pos),
                words.iter().filter(|w| w.0.start < pos).count(),
                "{pos}"
            );
        }
    }

    #[test]
    fn a_generic_cue_named_as_the_site_is_no_cue() {
        let lex = crate::lexicon::Lexicons::embedded().expect("embedded lexicons");
        let text_lex = sitrep_text::Lexicons::embedded().expect("embedded text lexicons");
        let cues = |text: &str| {
            let doc = text_lex.doc_of_text(text);
            find_triggers(&lex, &doc.folded).modality.len()
        };
        // The court or the memorial is where it happened.
        assert_eq!(
            cues("Gunmen opened fire outside the high court in Abuja."),
            0
        );
        assert_eq!(cues("A bomb went off at the gate of the supreme court."), 0);
        assert_eq!(cues("Shots were fired outside the federal high court."), 0);
        assert_eq!(cues("A grenade exploded near a memorial in the city."), 0);
        // The court or the memorial is what the sentence is about.
        assert!(cues("The high court sentenced the men who killed him.") > 0);
        assert!(cues("A ruling of the supreme court freed the gunmen.") > 0);
        assert!(cues("Drones hit the front line in recent months.") > 0);
    }

    #[test]
    fn right_before_asks_order_words_and_marks() {
        let lex = crate::lexicon::Lexicons::embedded().expect("embedded lexicons");
        let text_lex = sitrep_text::Lexicons::embedded().expect("embedded text lexicons");
        let text = "Gunmen attacked the village, police said.";
        let doc = text_lex.doc_of_text(text);
        let layers = Layers::build(
            &doc,
            Mentions {
                triggers: find_triggers(&lex, &doc.folded),
                places: Vec::new(),
                actors: Vec::new(),
                dates: Vec::new(),
                reference: None,
                quantities: Vec::new(),
                words: &lex.words,
            },
        );
        let span = |w: &str| {
            let at = text.find(w).expect("word in text");
            Span::new(at, at + w.len())
        };
        let (gunmen, attacked) = (span("Gunmen"), span("attacked"));
        let (village, police) = (span("village"), span("police"));
        assert!(layers.right_before(gunmen, attacked, CLAUSE));
        assert!(layers.right_before(gunmen, attacked, &[]));
        // Not after it, and not with words between.
        assert!(!layers.right_before(attacked, gunmen, &[]));
        assert!(!layers.right_before(gunmen, village, &[]));
        // A comma sets them apart when the marks hold it, not otherwise.
        assert!(!layers.right_before(village, police, CLAUSE));
        assert!(layers.right_before(village, police, &[';', ':']));
        assert!(layers.right_before(village, police, &[]));
    }

    #[test]
    fn trims_to_article_as_trim() {
        let mut articles = crate::words::WordList::default();
        for a in ["a", "an", "the"] {
            articles.push(a.to_string());
        }
        for s in [
            "",
            " ",
            "the",
            " the ",
            "\tthe\n",
            "\x0Ban\x0C",
            "\u{a0}a",
            "a\u{2003}",
            "\u{a0}",
            " \u{a0} the ",
            "théa",
            " é ",
            "them",
            "x",
            " a b ",
            "\r\n",
            "th e",
            "\u{85}the",
            "the\u{3000}",
            "\x1c",
            " an\u{a0}",
        ] {
            assert_eq!(
                trims_to_article(&articles, s),
                matches!(s.trim(), "" | "the" | "an" | "a"),
                "{s:?}"
            );
        }
    }

    #[test]
    fn marks_are_every_mark_in_text_order() {
        for text in [
            "",
            "No marks here",
            "Gunmen (three of them) killed 1,200 people; officials said: \"no\" \u{2014} later \u{2013} 3.5",
            "\u{2014}\u{2013}\u{2012}\u{2015}\u{201c}.,",
            "caf\u{e9}, na\u{ef}ve \u{2014} \u{e2}\u{80}",
        ] {
            let b = text.as_bytes();
            let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
            let want: Vec<(usize, char)> = text
                .char_indices()
                .filter(|(_, c)| MARKS.contains(c))
                .filter(|&(i, c)| {
                    !(matches!(c, ',' | '.' | ':') && i > 0 && digit(i - 1) && digit(i + 1))
                })
                .collect();
            assert_eq!(marks_of(text), want, "{text:?}");
        }
    }

    #[test]
    fn marks_inside_numbers_and_times_are_not_marks() {
        let text = "killed 1,200 people at 10:30, a 3.5 km march. 5, 6";
        let marks: Vec<char> = marks_of(text).into_iter().map(|m| m.1).collect();
        assert_eq!(marks, vec![',', '.', ',']);
    }

    #[test]
    fn starting_in_and_within_as_plain_filters() {
        // Spans in text order, some nested, some sharing a start.
        let items: Vec<Span> = (0..60)
            .map(|i| Span::new(i * 3 / 2, i * 3 / 2 + 1 + (i * 7) % 5))
            .collect();
        for from in 0..95 {
            for to in from..100 {
                let run = starting_in(&items, from, to, |s| s.start);
                let plain: Vec<Span> = items
                    .iter()
                    .copied()
                    .filter(|s| s.start >= from && s.start <= to)
                    .collect();
                assert_eq!(run, plain.as_slice(), "{from}..={to}");
                let span = Span::new(from, to);
                let got: Vec<Span> = within(&items, span, |s| *s).copied().collect();
                let want: Vec<Span> = items
                    .iter()
                    .copied()
                    .filter(|s| span.contains(*s))
                    .collect();
                assert_eq!(got, want, "{span:?}");
            }
        }
    }

    #[test]
    fn run_at_as_starting_in() {
        let items: Vec<Span> = (0..60)
            .map(|i| Span::new(i * 3 / 2, i * 3 / 2 + 1 + (i * 7) % 5))
            .collect();
        // Spans in text order, adjacent, apart, empty; then one going back.
        let spans = [
            (0, 4),
            (4, 9),
            (9, 9),
            (12, 30),
            (31, 60),
            (60, 61),
            (70, 200),
            (5, 20),
        ];
        let mut at = 0;
        for (from, to) in spans {
            let want = starting_in(&items, from, to, |s| s.start);
            assert_eq!(
                run_at(&items, &mut at, Span::new(from, to), |s| s.start),
                want
            );
        }
    }

    #[test]
    fn long_sentences_are_cut_into_windows_after_a_space() {
        let text = "word ".repeat(500);
        let ordinary = vec![Span::new(0, 200), Span::new(200, 900)];
        assert_eq!(cap_sentences(&text, ordinary.clone()), ordinary);
        let cut = cap_sentences(&text, vec![Span::new(0, text.len())]);
        assert_eq!(cut.len(), 3, "{cut:?}");
        assert_eq!(cut.first().map(|s| s.start), Some(0));
        assert_eq!(cut.last().map(|s| s.end), Some(text.len()));
        for w in cut.windows(2) {
            assert_eq!(w[0].end, w[1].start);
        }
        for s in &cut {
            assert!(s.end - s.start <= LONGEST_SENTENCE, "{s:?}");
            assert!(text[..s.end].ends_with(' '), "{s:?}");
        }
        // No space at all: cut on character boundaries (three bytes a character).
        let text = "\u{4e2d}".repeat(800);
        let cut = cap_sentences(&text, vec![Span::new(0, text.len())]);
        assert!(cut.len() >= 3);
        for s in &cut {
            assert!(text.get(s.start..s.end).is_some(), "{s:?}");
            assert!(s.end - s.start <= LONGEST_SENTENCE);
        }
        assert_eq!(cut.last().map(|s| s.end), Some(text.len()));
    }
}
