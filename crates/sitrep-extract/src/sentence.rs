/*!
What one sentence says: its asserted triggers, place, date, figures and actors
with their roles.

Modality comes from cues in `data/lexicons/modality.tsv`: a cue covers the whole
sentence, the words after it (up to ten, within one clause), or the next few
words; an infinitive ("to attack") is never an asserted act. Roles come from cues
in `roles.tsv` around each actor mention: "claimed responsibility" after an actor
makes it the claimant, "said that"/"accused" makes it the accuser and the armed
actors after the cue alleged perpetrators, "by"/"members of" before an actor
makes it the perpetrator, "on"/"against"/"targeting" the target, "said"/"according
to" a reporter. An armed actor before the trigger with no cue is the subject:
the perpetrator.
*/

use crate::casualties::{figures, Figure};
use crate::layers::{
    inside, starting_in, within, DateHit, Layers, Sentence, Tagged, CLAUSE, LONGEST_MENTION,
    STRONG_CLAUSE,
};
use crate::lexicon::{
    Lexicons, ModalityKind, NounClass, RoleCue, Scope, Strength, Trigger, TriggerCue,
};
use crate::place_roles::PlaceRole;
use crate::rules::{Rule, RuleSet};
use crate::words::is;
use chrono::Datelike;
use sitrep_core::{ActorMention, ActorType, EventType, GeoPrecision, PlaceMention, Span};

/// The role an actor mention plays in its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SRole {
    Perpetrator,
    AllegedPerpetrator,
    SuspectedPerpetrator,
    Claimant,
    Accuser,
    Target,
    Victim,
    Participant,
    Reporter,
}

#[derive(Debug, Clone)]
pub struct RoledActor<'a> {
    pub mention: &'a ActorMention,
    pub role: SRole,
    /// The named rule that gave the role.
    pub rule: Rule,
}

#[derive(Debug, Clone)]
pub struct Facts<'a> {
    pub index: usize,
    pub span: Span,
    /// Asserted triggers, best (highest priority) first.
    pub asserted: Vec<Tagged<&'a Trigger>>,
    /// A threat cue with its actor, when the sentence is a threat.
    pub threat: Option<(Span, &'a ActorMention)>,
    /// "the attack", "the blasts": refers back to an event already told.
    pub anaphoric: bool,
    /// "a similar attack": a generic act word of the kind of an act told
    /// ([`Rule::TYPE_OF_SIMILAR`]).
    pub similar: bool,
    pub place: Option<&'a PlaceMention>,
    pub date: Option<&'a DateHit>,
    pub figures: Vec<(Figure, Option<String>)>,
    pub actors: Vec<RoledActor<'a>>,
    pub claim_cue: bool,
    /// A claim of every act told before it ("claimed both attacks"): a
    /// `claim_all` cue within three words of a claim cue, or four after a
    /// claimant ([`Rule::CLAIM_OF_ALL`]).
    pub claim_all: bool,
    /// Opens with "Separately," or "In another incident": a new act.
    pub separate: bool,
    /// The rest of a sentence cut at "came two days after": an earlier act,
    /// told as background (a later "the attack" does not mean it).
    pub sequel: bool,
    /// ", a day after …": the days between this earlier act and the one told
    /// before it, when the phrase says, and the phrase.
    pub days_before: Option<(i32, Span)>,
    /// "Two days after the raid on A, gunmen …": the days count from the act
    /// told right after this one (the rest of the sentence), not before it.
    pub counted_from_next: bool,
    /// "… four days earlier", "last month": an incident recalled from before
    /// the report's own act ([`Rule::RECALLED_INCIDENT`]).
    pub recalled: bool,
    /// "in the same district": a `same_place` cue of `roles.tsv`; the act is
    /// at the place of the act told before it.
    pub same_place: bool,
    /// "Earlier on Thursday", "later that day": a `same_day` cue of
    /// `roles.tsv`; the act is on the day of the act told before it.
    pub same_day: bool,
    /// "bombs on buses in A, B and C": the places coordinated with the act's
    /// place, itself included, when there are two or more; else empty.
    pub sites: Vec<&'a PlaceMention>,
    /// An act told in a photo caption ([`Rule::EVENT_NOT_FROM_CAPTION`]): it
    /// may join an event, never start one.
    pub caption: bool,
    /// The act's target is a police station, army base, checkpoint, convoy…
    pub forces_target: bool,
    /// A `crowd_arms` cue ("with sticks and stones") in a sentence with an
    /// act: the act's doers were a crowd ([`Rule::TYPE_CROWD_ARMS`]).
    pub crowd_arms: bool,
    /// A remote explosive thrown by hand ([`Rule::TYPE_THROWN_BOMB`]).
    pub thrown: bool,
    /// The day the act was told, when the sentence dates only its telling
    /// ("the army said on Saturday it had retaken X"): the act was on or
    /// before it ([`Rule::DATE_BEFORE_TELLING`]).
    pub told_on: Option<chrono::NaiveDate>,
    /// How a claim in this sentence was made ("statement", "video", …).
    pub via: Option<&'static str>,
    /// A denial by a named armed actor ("X denied involvement").
    pub denial: Option<(Span, &'a ActorMention)>,
    /// The sentence is specific enough to stand as an event of its own.
    pub specific: bool,
    /// No act of its own, but "the incident, which occurred on Wednesday": its
    /// date dates the act told before.
    pub dates_told: bool,
    /// The named rules that fired on the sentence (roles' rules included).
    pub rules: RuleSet,
}

/// The modality of a trigger, if it is not asserted, with the rule that made it
/// so ([`Rule::MODALITY_CUE`], [`Rule::INFINITIVE_INTENT`],
/// [`Rule::ONGOING_UNDATED`]), and whether a comparison narrowed a background
/// cue ([`Rule::COMPARISON_NOT_BACKGROUND`]).
struct Mood {
    kind: Option<ModalityKind>,
    rule: Rule,
    compared: bool,
    /// An accident cue was read as what the act followed
    /// ([`Rule::ACCIDENT_AS_CAUSE`]).
    cause: bool,
    /// The trigger holds an accident cue whole ([`Rule::ACCIDENT_AS_ACT`]).
    own_accident: bool,
}

/// A `comparison` word ("deadliest", "worst") before `cue` in its clause,
/// within eight words: the cue tells what the act is compared with.
fn compared(layers: &Layers, lex: &Lexicons, sentence: Span, cue: Span) -> bool {
    word_before_in_clause(layers, &lex.words.comparisons, sentence, cue, 8)
}

/// A word of `list` at most `reach` words before `at`, in its sentence and
/// clause (no `;`, `:` or `.` between).
fn word_before_in_clause(
    layers: &Layers,
    list: &crate::words::WordList,
    sentence: Span,
    at: Span,
    reach: usize,
) -> bool {
    let i = layers.word_index(at.start);
    let from = layers
        .word_index(sentence.start)
        .max(i.saturating_sub(reach));
    layers
        .words
        .get(from..i)
        .unwrap_or(&[])
        .iter()
        .any(|(s, w)| is(list, w) && !layers.punct_between(s.end, at.start, &[';', ':', '.']))
}

/// Words after a cue of scope `after` that it reaches.
const AFTER_REACH: usize = 10;

/// Words after a denial that it reaches through a `content_clause` word.
const AFTER_REACH_DENIED: usize = 20;

/// A cue of scope `after` reaches the trigger at `trig`: after it within
/// [`AFTER_REACH`] words in its clause; a denial runs through the clause of
/// what it denies ("denied reports that its troops had killed civilians in an
/// airstrike"), [`AFTER_REACH_DENIED`] words through a `content_clause` word.
fn after_reaches(
    layers: &Layers,
    lex: &Lexicons,
    cue: &Tagged<crate::lexicon::ModalityCue>,
    trig: Span,
) -> bool {
    let denied = cue.what.kind == ModalityKind::Negated && through_content(layers, lex, cue, trig);
    let reach = if denied {
        AFTER_REACH_DENIED
    } else {
        AFTER_REACH
    };
    cue.span.end <= trig.start
        && layers.words_between(cue.span, trig) <= reach
        && !layers.punct_between(cue.span.end, trig.start, &[';', ':'])
}

/// A `content_clause` word ("that") between the cue and the trigger at
/// `trig`: the trigger tells what the cue's claim says.
fn through_content(
    layers: &Layers,
    lex: &Lexicons,
    cue: &Tagged<crate::lexicon::ModalityCue>,
    trig: Span,
) -> bool {
    word_between(layers, &lex.words.content_clauses, cue.span.end, trig.start).is_some()
}

fn modality_of(layers: &Layers, lex: &Lexicons, s: &Sentence, trig: Span) -> Mood {
    let sentence = s.span;
    let mut found: Option<ModalityKind> = None;
    let mut narrowed = false;
    let mut followed = false;
    let rank = |k: ModalityKind| match k {
        ModalityKind::Negated | ModalityKind::Accident => 5,
        ModalityKind::Threat => 4,
        ModalityKind::Future => 3,
        ModalityKind::Hypothetical => 2,
        ModalityKind::Generic | ModalityKind::Ongoing => 1,
    };
    // A weapon named outside every accident cue of the sentence makes it an
    // attack after all ("a bomb made from a gas cylinder exploded"); not a
    // headline's present that is also a noun ("two sets down", "a storm"),
    // which names an act only after its doer.
    let accident_cues = || {
        inside(s.modality, sentence, |c| c.span).filter(|c| c.what.kind == ModalityKind::Accident)
    };
    let weapon = || {
        inside(s.triggers, sentence, |t| t.span).any(|t| {
            t.what.strength == Strength::Strong
                && t.what.sub_event_type.is_some()
                && t.what.cue != TriggerCue::Subject
                && !accident_cues().any(|c| c.span.overlaps(t.span))
        })
    };
    // [`Rule::ACCIDENT_AS_CAUSE`]: an accident told after an act with a doer
    // named before it, joined to it by a `topic` word right before it (at
    // most an article between: "residents beat a police officer after a
    // traffic accident"), is what the act followed, not what the deaths
    // were ("a speedboat exploded after an engine fault" has no doer).
    let doer = || inside(s.actors, sentence, |a| a.span).any(|a| a.span.end <= trig.start);
    let cause = |cue: Span| {
        let at = layers.word_index(cue.start);
        cue.start > trig.end
            && doer()
            && (1..=2).any(|back| {
                at.checked_sub(back)
                    .and_then(|i| layers.words.get(i))
                    .is_some_and(|(_, w)| is(&lex.words.topics, w))
                    && (back == 1
                        || layers
                            .words
                            .get(at - 1)
                            .is_some_and(|(_, w)| is(&lex.words.articles, w)))
            })
    };
    // Ongoing fighting is a state, not an act, only when no date says when.
    let dated = || inside(s.dates, sentence, |d| d.span).next().is_some();
    let mut own_accident = false;
    // (Sport and private crime are no cue where an armed actor is named; not
    // one named by the cue itself: "armed robbers".)
    let armed = || {
        inside(s.actors, sentence, |a| a.span).any(|a| {
            is_armed(a)
                && !generic_forces(a)
                && !inside(s.modality, sentence, |c| c.span)
                    .any(|c| c.what.private && c.span.overlaps(a.span))
        })
    };
    for cue in inside(s.modality, sentence, |c| c.span) {
        if cue.what.private && armed() {
            continue;
        }
        if cue.what.kind == ModalityKind::Accident && weapon() {
            continue;
        }
        if cue.what.kind == ModalityKind::Accident && trig.contains(cue.span) {
            own_accident = true;
            continue;
        }
        if cue.what.kind == ModalityKind::Accident && cause(cue.span) {
            followed = true;
            continue;
        }
        if cue.what.kind == ModalityKind::Ongoing && dated() {
            continue;
        }
        let mut scope = cue.what.scope;
        // "the deadliest attack since 2019", "the deadliest for months": the
        // background or ongoing cue is a comparison; only the act compared
        // with (after it) is background.
        if scope == Scope::Sentence
            && matches!(cue.what.kind, ModalityKind::Generic | ModalityKind::Ongoing)
            && compared(layers, lex, sentence, cue.span)
        {
            scope = Scope::After;
            if trig.end <= cue.span.start {
                narrowed = true;
            }
        }
        // (A background cue inside a relative clause set off after the act,
        // "recovered the commune, which had been held by jihadists since
        // 2022", tells of what the clause describes, not of the act.)
        if scope == Scope::Sentence
            && cue.what.kind == ModalityKind::Generic
            && relative_clause_between(layers, lex, trig.end, cue.span.start)
        {
            continue;
        }
        let applies = match scope {
            Scope::Sentence => true,
            Scope::After => after_reaches(layers, lex, cue, trig),
            Scope::Content => {
                after_reaches(layers, lex, cue, trig) && through_content(layers, lex, cue, trig)
            }
            // "there was no attack": a near cue may contain the trigger itself.
            Scope::Near => {
                cue.span.overlaps(trig)
                    || (cue.span.end <= trig.start && layers.words_between(cue.span, trig) <= 3)
            }
            Scope::None => false,
        };
        if applies && found.is_none_or(|f| rank(cue.what.kind) > rank(f)) {
            found = Some(cue.what.kind);
        }
    }
    let rule = if found == Some(ModalityKind::Ongoing) {
        Rule::ONGOING_UNDATED
    } else {
        Rule::MODALITY_CUE
    };
    let background = if fled_act(layers, lex, s, trig) {
        Some(Rule::FLED_ACT)
    } else if conflict_toll(layers, lex, s, trig) {
        Some(Rule::CONFLICT_TOLL)
    } else {
        None
    };
    if let (None, Some(rule)) = (found, background) {
        return Mood {
            kind: Some(ModalityKind::Generic),
            rule,
            compared: narrowed,
            cause: followed,
            own_accident,
        };
    }
    // An infinitive is an intention, not an act: "to attack", "to carry out attacks".
    let wi = layers.word_index(trig.start);
    if wi > 0 {
        if let Some((_, prev)) = layers.words.get(wi - 1) {
            if is(&lex.words.infinitives, prev) && found.is_none() {
                return Mood {
                    kind: Some(ModalityKind::Future),
                    rule: Rule::INFINITIVE_INTENT,
                    compared: narrowed,
                    cause: followed,
                    own_accident,
                };
            }
        }
    }
    Mood {
        kind: found,
        rule,
        compared: narrowed,
        cause: followed,
        own_accident,
    }
}

/// [`Rule::FLED_ACT`]: a `flight` word of `sentence-words.tsv` before the
/// trigger in its sentence, with only articles and `flight_link` words ("from")
/// and no punctuation between: "fleeing attacks", "fled from the fighting".
/// Not when the act's own site follows it ("fled the shelling of Kherson":
/// an `act_site` word, articles, then a place): that act is told.
fn fled_act(layers: &Layers, lex: &Lexicons, s: &Sentence, trig: Span) -> bool {
    let first = layers.word_index(s.span.start);
    let mut i = layers.word_index(trig.start);
    let fled = loop {
        if i <= first {
            break false;
        }
        i -= 1;
        let Some(&(at, w)) = layers.words.get(i) else {
            break false;
        };
        if layers.punct_between(at.end, trig.start, &[',', ';', ':', '.']) {
            break false;
        }
        if is(&lex.words.flight, w) {
            break true;
        }
        if !is(&lex.words.articles, w) && !is(&lex.words.flight_links, w) {
            break false;
        }
    };
    if !fled {
        return false;
    }
    let next = layers.word_index(trig.end);
    if !layers
        .words
        .get(next)
        .is_some_and(|(_, w)| is(&lex.words.act_sites, w))
    {
        return true;
    }
    let site = layers
        .words
        .get(next + 1..)
        .unwrap_or(&[])
        .iter()
        .find(|(_, w)| !is(&lex.words.articles, w));
    !site.is_some_and(|(at, _)| s.places.iter().any(|p| p.span.start == at.start))
}

/// [`Rule::CONFLICT_TOLL`]: a `perfect_aux` word right before the trigger, and
/// before it a `conflict` word ("the conflict has killed"), a conflict word
/// and a `toll_link` ("a war that has killed"), or a conflict word among the
/// sentence's first four words with no actor right before the auxiliary ("the
/// insurgency, now in its tenth year, has killed"; not "in war-torn Ituri,
/// gunmen have killed").
fn conflict_toll(layers: &Layers, lex: &Lexicons, s: &Sentence, trig: Span) -> bool {
    let words = &lex.words;
    let first = layers.word_index(s.span.start);
    let k = layers.word_index(trig.start);
    let word = |i: usize| layers.words.get(i).filter(|_| i >= first);
    let Some(&(_, w)) = k.checked_sub(1).and_then(word) else {
        return false;
    };
    if !is(&words.perfect_aux, w) {
        return false;
    }
    let Some(&(before, b)) = k.checked_sub(2).and_then(word) else {
        return false;
    };
    let conflict_at = |i: Option<usize>| {
        i.and_then(word)
            .is_some_and(|&(_, w)| is(&words.conflicts, w))
    };
    let actor_before = inside(s.actors, s.span, |a| a.span).any(|a| a.span.overlaps(before));
    conflict_at(k.checked_sub(2))
        || (is(&words.toll_links, b) && conflict_at(k.checked_sub(3)))
        || (!actor_before && (first..(first + 4).min(k)).any(|i| conflict_at(Some(i))))
}

/// [`Rule::PROTEST_PURPOSE`]: a deed of protest (a `protest_deed` word:
/// "gathered", "blocked") before the trigger in its clause, at most twenty
/// words back ("miners blocked the main highway near Arequipa on Sunday to
/// protest", "pensioners gathered in front of the planning ministry's
/// headquarters in the capital on Sunday to protest").
fn protest_deed_before(layers: &Layers, lex: &Lexicons, sentence: Span, trig: Span) -> bool {
    word_before_in_clause(layers, &lex.words.protest_deeds, sentence, trig, 20)
}

/// A word for the one who did the act (a `doer` cue of `roles.tsv`: "bomber",
/// "gunman", "the man who carried out …") in `sentence` before actor `a`: the
/// one whose membership a `member` cue tells.
fn attacker_before(layers: &Layers, sentence: Span, a: &ActorMention) -> bool {
    starting_in(&layers.roles, sentence.start, a.span.start, |r| {
        r.span.start
    })
    .iter()
    .any(|r| {
        r.what == RoleCue::Doer && r.span.start >= sentence.start && r.span.end <= a.span.start
    })
}

/// Ids of actors directly followed by an allege cue ("X said that").
fn accusers_ids<'a>(
    actors: &[&'a ActorMention],
    roles: &[&Tagged<RoleCue>],
    layers: &Layers,
) -> Vec<&'a str> {
    actors
        .iter()
        .filter(|a| {
            roles.iter().any(|r| {
                matches!(r.what, RoleCue::Allege | RoleCue::Blame) && speaker_of(layers, a, r)
            })
        })
        .map(|a| a.actor.id.as_str())
        .collect()
}

/// True when actor `a` is the speaker of cue `r`: before it, within five words
/// of one clause ("Police in Khyber district said that …").
fn speaker_of(layers: &Layers, a: &ActorMention, r: &Tagged<RoleCue>) -> bool {
    r.span.start >= a.span.end
        && layers.words_between(a.span, r.span) <= 5
        && !layers.punct_between(a.span.end, r.span.start, &[',', ';', ':', '.'])
}

/// True when the actor is the object of a kill or wound word in its clause:
/// "killed nine soldiers", "killing at least 20 police officers".
///
/// Only counts and victim nouns may stand between ("killed when Maoists…" is not).
/// An actor inside a casualty figure ("seven commandos of the STF … were
/// killed") is among the harmed too.
fn object_of_harm(
    layers: &Layers,
    lex: &Lexicons,
    sentence: Span,
    figs: &[Figure],
    a: &ActorMention,
) -> bool {
    let in_figure = figs
        .iter()
        .any(|f| !f.attackers && f.span.start <= a.span.start && a.span.end <= f.span.end);
    in_figure
        || within(&layers.casualty_words, sentence, |w| w.span).any(|w| {
            sentence.contains(w.span)
                && w.span.end <= a.span.start
                && w.what.before
                && layers.words_between(w.span, a.span) <= 4
                && !layers.punct_between(w.span.end, a.span.start, &[',', ';', ':', '.'])
                && {
                    let from = layers.word_index(w.span.end);
                    let to = layers.word_index(a.span.start);
                    layers
                        .words
                        .get(from..to)
                        .unwrap_or(&[])
                        .iter()
                        .all(|(s, x)| {
                            (lex.nouns.contains_key(*x) && !is(&lex.words.not_victim_words, x))
                                || starting_in(
                                    &layers.quantities,
                                    s.start.saturating_sub(LONGEST_MENTION),
                                    s.start,
                                    |q| q.span.start,
                                )
                                .iter()
                                .any(|q| q.span.contains(*s))
                        })
                }
        })
}

/// True when actor `a` suffers the act by an `undergo` cue after it ("the
/// convoy was ambushed", "the attackers, who fled north, were targeted"), or
/// an unarmed crowd by an `undergo_crowd` cue ("protesters were shot dead"):
/// up to three words between, or a relative clause set off by commas.
fn undergoes(
    layers: &Layers,
    lex: &Lexicons,
    roles: &[&Tagged<RoleCue>],
    a: &ActorMention,
) -> bool {
    roles.iter().any(|r| {
        (r.what == RoleCue::Undergo || (r.what == RoleCue::UndergoCrowd && !is_armed(a)))
            && r.span.start >= a.span.end
            && (layers.words_between(a.span, r.span) <= 3
                || layers
                    .text
                    .get(a.span.end..r.span.start)
                    .is_some_and(|gap| {
                        let gap = gap.trim();
                        gap.ends_with(',')
                            && gap
                                .strip_prefix(',')
                                .map(str::trim_start)
                                .and_then(|g| g.split_whitespace().next())
                                .is_some_and(|w| is(&lex.words.relative_pronouns, w))
                            && !gap.contains(['.', ';'])
                    }))
    })
}

fn generic_forces(a: &ActorMention) -> bool {
    a.link == sitrep_core::LinkKind::Generic
        && matches!(a.actor.kind, ActorType::StateForces | ActorType::Police)
}

fn is_armed(a: &ActorMention) -> bool {
    !matches!(a.actor.kind, ActorType::Civilians | ActorType::Protesters)
}

/// Analyse every sentence of the body.
pub fn analyse<'a>(layers: &'a Layers<'a>, lex: &'a Lexicons) -> Vec<Facts<'a>> {
    let runs = layers.sentence_runs();
    // (Facts are large: one allocation, no copies as the list grows.)
    let mut out: Vec<Facts> = Vec::with_capacity(runs.len());
    let mut violent_told = false;
    for (index, s) in runs.iter().enumerate() {
        if s.span.end <= layers.body_start {
            continue;
        }
        let f = one(layers, lex, index, s, violent_told);
        violent_told |= f.asserted.iter().any(|t| t.what.event_type.is_violent());
        out.push(f);
    }
    out
}

/// [`Rule::DATES_TOLD`]: no act of its own, or an act word that only refers
/// back ("The assault occurred on Tuesday"), then a verb of occurrence after
/// an anaphor, then the date.
fn dates_told(
    asserted: &[Tagged<&Trigger>],
    roles: &[&Tagged<RoleCue>],
    date: Option<&DateHit>,
) -> bool {
    let refers_back = asserted.iter().all(|t| {
        roles
            .iter()
            .any(|a| a.what == RoleCue::Anaphor && a.span.contains(t.span))
    });
    refers_back
        && date.is_some_and(|d| {
            roles.iter().any(|o| {
                o.what == RoleCue::Occurred
                    && o.span.end <= d.span.start
                    && roles
                        .iter()
                        .any(|a| a.what == RoleCue::Anaphor && a.span.end <= o.span.start)
            })
        })
}

/// The actor mentions of a sentence (those that only describe another left out).
fn sentence_actors<'a>(layers: &'a Layers<'a>, s: &Sentence<'a>) -> Vec<&'a ActorMention> {
    // (`k` counts from the sentence's first mention.)
    s.actors
        .iter()
        .enumerate()
        .filter(|&(k, a)| s.span.contains(a.span) && !layers.described_at(s.first_actor + k))
        .map(|(_, a)| a)
        .collect()
}

/// The place mentions of a sentence's body (actor names and demonyms left out;
/// not a demonym naming a place, [`Rule::DEMONYM_PLACE`]), outside comparisons
/// ([`outside_comparisons`]).
fn sentence_places<'a>(
    layers: &'a Layers<'a>,
    lex: &Lexicons,
    s: &Sentence<'a>,
    actors: &[&ActorMention],
    fired: &mut RuleSet,
) -> Vec<&'a PlaceMention> {
    let places = inside(s.places, s.span, |p| p.span)
        .filter(|p| {
            (!p.demonym || demonym_place(layers, lex, p.span)) && p.span.start >= layers.body_start
        })
        .filter(|p| !actors.iter().any(|a| a.span.overlaps(p.span)))
        .collect();
    let places = outside_comparisons(layers, lex, s, places);
    if places.iter().any(|p| p.demonym) {
        fired.add(Rule::DEMONYM_PLACE);
    }
    places
}

/// [`Rule::DEMONYM_PLACE`]: a demonym right before a `place_noun` word of
/// `sentence-words.tsv` names a place of its country ("in Pakistani town",
/// "a Nigerian village"), not an actor's origin.
fn demonym_place(layers: &Layers, lex: &Lexicons, demonym: Span) -> bool {
    layers
        .words
        .get(layers.word_index(demonym.end))
        .is_some_and(|(ws, w)| {
            is(&lex.words.place_nouns, w) && layers.right_before(demonym, *ws, &[])
        })
}

/// [`Rule::TRIGGER_IN_NAME`]: a trigger word inside a name is part of the
/// name ("Bomb Disposal Unit"), but one that ends an actor phrase is the act
/// ("Russian shelling"), and so is one that ends with the start of a known
/// actor's name, the act told with its doer ("taken by unidentified
/// gunmen"); not one that runs into a name guessed from its capitals ("a
/// new Chief of Army Staff").
fn inside_name(actors: &[&ActorMention], places: &[&PlaceMention], t: Span) -> bool {
    actors.iter().any(|a| {
        a.span.overlaps(t) && a.span.end > t.end && (a.span.start <= t.start || a.actor.provisional)
    }) || places.iter().any(|p| p.span.overlaps(t))
}

/// What a sentence is: its asserted triggers (best first) and a threat.
struct Acts<'a> {
    asserted: Vec<Tagged<&'a Trigger>>,
    threat: Option<(Span, &'a ActorMention)>,
}

/// The asserted triggers of a sentence (rules [`Rule::TRIGGER_IN_NAME`],
/// [`Rule::MODALITY_CUE`], [`Rule::INFINITIVE_INTENT`]) and its threat
/// ([`Rule::THREAT_BY_ARMED_ACTOR`]).
fn acts<'a>(
    layers: &'a Layers<'a>,
    lex: &'a Lexicons,
    sentence: &Sentence<'a>,
    actors: &[&'a ActorMention],
    places: &[&PlaceMention],
    fired: &mut RuleSet,
) -> Acts<'a> {
    let span = sentence.span;
    let mut asserted: Vec<Tagged<&Trigger>> = Vec::new();
    let mut threat = None;
    for t in inside(sentence.triggers, span, |t| t.span) {
        let retyped;
        let mut t = t;
        if inside_name(actors, places, t.span)
            || inside(sentence.dates, span, |d| d.span).any(|d| d.span.contains(t.span))
        {
            fired.add(Rule::TRIGGER_IN_NAME);
            continue;
        }
        // (Of a place taken too: "headquarters in captured town", and of an
        // arrest: "the release of detained journalists"; not "the list of
        // designated terrorists", which tells the designation, nor "a
        // destroyed tea stall", the damage of the act told.)
        let described = t.what.event_type.is_violent()
            || t.what
                .sub_event_type
                .as_deref()
                .is_some_and(|s| TAKING.contains(&s) || s == ARRESTS);
        if described && attributive(layers, lex, span, t.span) {
            fired.add(Rule::ATTRIBUTIVE_PARTICIPLE);
            continue;
        }
        if accused_act(layers, lex, sentence, t.span) {
            fired.add(Rule::ACT_OF_ACCUSED);
            continue;
        }
        // "exchanged hostages for detainees": the people a verb of exchange
        // takes as its object are what is swapped, no act of their own.
        if t.what.event_type.is_violent() && swapped_object(layers, lex, sentence, t.span) {
            fired.add(Rule::PACT_OBJECT);
            continue;
        }
        // A headline's present tense that is also a noun ("GUNMEN STORM
        // VILLAGE"; not "a storm", "the march"): only right after its doer,
        // an actor, a state by its country's name ("Russia opens military
        // base") or a crowd told by its size ("Thousands march in Tbilisi").
        if t.what.cue == TriggerCue::Subject {
            let right_before = |s: Span| layers.right_before(s, t.span, CLAUSE);
            let state = |p: &&PlaceMention| {
                p.precision == GeoPrecision::Country && !p.demonym && right_before(p.span)
            };
            // (Nor right after a modal or "to": "said it would withdraw its
            // troops", a verb whose mood the modality cues then read.)
            let verb = layers
                .word_before(t.span.start)
                .is_some_and(|w| is(&lex.words.modal_auxes, w) || is(&lex.words.infinitives, w));
            if !verb
                && !actors.iter().any(|a| right_before(a.span))
                && !sentence.quantities.iter().any(|q| right_before(q.span))
                && !places.iter().any(state)
            {
                continue;
            }
            fired.add(Rule::SUBJECT_VERB);
        }
        // "established a military outpost", not "set up a committee";
        // "deploying 2,000 more soldiers", not "deployed a new app";
        // "intercepted a missile", not "intercepted their vehicle".
        if let Some((list, rule, reach)) = object_cue(lex, t.what.cue) {
            if !cue_object(layers, lex, (list, reach), t.what.cue, t.span) {
                continue;
            }
            fired.add(rule);
        }
        // "exchanged 95 prisoners", "signed a declaration of principles".
        if matches!(t.what.cue, TriggerCue::Swap | TriggerCue::Pact) {
            let told = if t.what.cue == TriggerCue::Swap {
                object_word(layers, lex, &lex.words.swapped, t.span)
                    || passive_subject(layers, lex, &lex.words.swapped, t.span)
                    || captives_freed(layers, lex, actors, t.span)
            } else {
                !actors.is_empty() && object_word(layers, lex, &lex.words.pacts, t.span)
            };
            if !told {
                continue;
            }
            fired.add(Rule::PACT_OBJECT);
        }
        // "the town of X fell to the rebels"; not "the toll fell to 30".
        if t.what.cue == TriggerCue::Fall {
            if !place_fell(layers, lex, (places, actors), t.span) {
                continue;
            }
            fired.add(Rule::PLACE_FELL);
        }
        // "agreed on Monday to withdraw"; not "agreed to meet".
        if t.what.cue == TriggerCue::Accord {
            if !agreed_act(layers, lex, t.span, span.end) {
                continue;
            }
            fired.add(Rule::PACT_OBJECT);
        }
        // "police held 23 people"; not "held a meeting", "rebels held the town".
        if t.what.cue == TriggerCue::Custody {
            if !custody_held(layers, lex, (places, actors), t.span) {
                continue;
            }
            fired.add(Rule::CUSTODY_OBJECT);
        }
        // "JNIM and a local militia joined forces"; not "two banks merged".
        if t.what.cue == TriggerCue::Group {
            if !actors.iter().any(|a| a.actor.kind.is_armed())
                && !within(&layers.words, span, |&(ws, _)| ws)
                    .any(|&(_, w)| is(&lex.words.armed_group_words, w))
            {
                continue;
            }
            fired.add(Rule::GROUP_ACTOR);
        }
        if t.what.cue == TriggerCue::Crowd {
            let Some(done) = crowd_act(layers, lex, actors, *t, fired) else {
                continue;
            };
            retyped = done;
            t = &retyped;
        }
        let mut mood = modality_of(layers, lex, sentence, t.span);
        if mood.rule == Rule::INFINITIVE_INTENT
            && t.what.event_type == EventType::Protests
            && protest_deed_before(layers, lex, span, t.span)
        {
            fired.add(Rule::PROTEST_PURPOSE);
            mood.kind = None;
        }
        if mood.kind.is_some() {
            fired.add(mood.rule);
        }
        if mood.compared {
            fired.add(Rule::COMPARISON_NOT_BACKGROUND);
        }
        if mood.cause {
            fired.add(Rule::ACCIDENT_AS_CAUSE);
        }
        if mood.own_accident && mood.kind.is_none() {
            fired.add(Rule::ACCIDENT_AS_ACT);
        }
        // (Only an act to come can be announced.)
        let announced = matches!(
            mood.kind,
            Some(ModalityKind::Future | ModalityKind::Hypothetical)
        )
        .then(|| announced_change(layers, lex, sentence, actors, *t))
        .flatten();
        match mood.kind {
            None => asserted.push(crowd_attack(layers, lex, (actors, sentence), *t, fired)),
            Some(_) if announced.is_some() => {
                fired.add(Rule::ANNOUNCED_CHANGE);
                asserted.extend(announced);
            }
            Some(kind) => {
                if let Some(th) = threat_of(layers, lex, sentence, actors, t.span, kind) {
                    if threat.is_none() {
                        fired.add(Rule::THREAT_BY_ARMED_ACTOR);
                        threat = Some(th);
                    }
                }
            }
        }
    }
    capture_object(layers, lex, (places, actors), &mut asserted, fired);
    asserted.sort_by(|a, b| {
        b.what
            .priority
            .cmp(&a.what.priority)
            .then(a.span.start.cmp(&b.span.start))
    });
    act_over_weapon(&mut asserted);
    Acts { asserted, threat }
}

/// [`Rule::ANNOUNCED_CHANGE`]: a group's change or a withdrawal to come
/// ("Wagner announced it would withdraw its fighters from Mali", "the rebels
/// said they will lay down their arms"), told by its own side (an armed
/// actor, then a report cue, then a pronoun of its own side, within five
/// words of the act), is the announcement itself: a change to the group's
/// activity (the first strong row of that sub-type), on the day it was told.
fn announced_change<'a>(
    layers: &Layers,
    lex: &'a Lexicons,
    sentence: &Sentence,
    actors: &[&ActorMention],
    t: Tagged<&'a Trigger>,
) -> Option<Tagged<&'a Trigger>> {
    let change =
        matches!(t.what.sub_event_type.as_deref(), Some(s) if s == CHANGE || s == TAKING[2]);
    if !change || !quiet(t.what) {
        return None;
    }
    let told = inside(sentence.roles, sentence.span, |r| r.span).any(|r| {
        r.what == RoleCue::Report
            && r.span.end <= t.span.start
            && layers.words_between(r.span, t.span) <= 5
            && actors.iter().any(|a| {
                is_armed(a) && a.actor.kind != ActorType::Unknown && speaker_of(layers, a, r)
            })
            && layers
                .words_in(r.span.end, t.span.start)
                .iter()
                .any(|(_, w)| is(&lex.words.own_pronouns, w))
    });
    let row = trigger_row(
        lex,
        EventType::StrategicDevelopments,
        CHANGE,
        Strength::Strong,
    )?;
    told.then_some(Tagged {
        span: t.span,
        what: row,
    })
}

/// The first row of `triggers.tsv` (not a block) of a type, sub-type and
/// strength: the trigger a rule that retypes an act gives it.
fn trigger_row<'a>(
    lex: &'a Lexicons,
    event_type: EventType,
    sub: &str,
    strength: Strength,
) -> Option<&'a Trigger> {
    lex.triggers.payloads.iter().find(|t| {
        !t.block
            && t.event_type == event_type
            && t.strength == strength
            && t.sub_event_type.as_deref() == Some(sub)
    })
}

/// The sub-event type of a change to a group or its activity.
const CHANGE: &str = "change_to_group_activity";

/// The sub-event types other than battles whose doers generic police or
/// soldiers before the act's word are (strikes from afar, looting or burning,
/// arrests): "soldiers burned the empty houses", "police held 23 people";
/// also a riot's word of burning, which forces before it did ("soldiers
/// torched the homes": property destroyed by an armed actor, not a riot,
/// as assembly then types it).
const FORCES_ACTS: [&str; 7] = [
    "air_drone_strike",
    "shelling_artillery_missile",
    "looting_property_destruction",
    "violent_demonstration",
    "arrests",
    "protest_with_intervention",
    "excessive_force_against_protesters",
];

/// The sub-event type of arrests (people held, not a place taken).
const ARRESTS: &str = "arrests";

/// The sub-event type of an agreement.
const AGREEMENT: &str = "agreement";

/// The sub-event types of taking a place, read by [`capture_object`].
const TAKING: [&str; 3] = [
    "government_regains_territory",
    "non_state_actor_overtakes_territory",
    "non_violent_transfer_of_territory",
];

/// Words at most this many after a word of taking are what it takes.
const CAPTURE_OBJECT_REACH: usize = 5;

/// What a word of taking takes ([`capture_object`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Taken {
    /// A person held: "two escaped prisoners", "a rebel commander".
    Captive,
    /// Another person (a `person` word of `casualty-nouns.tsv`): "a student
    /// activist", "20 travellers".
    Person,
    /// A seat of power or a prize: "control of parliament", "the title".
    NotTerritory,
    /// Goods: "three trucks of food aid", "200 head of cattle".
    Goods,
    /// Arms: "rifles and ammunition", "a boat of missiles".
    Arms,
    /// A place: "the border crossing", "the last junta base", a place named.
    Territory,
    /// Nothing the words tell.
    Unknown,
}

/// Words at most this many after a verb of setting up, exchanging or signing
/// are what it sets up, exchanges or signs: an article and up to four words
/// before the head noun ("established a new forward operating base").
const OBJECT_WORD_REACH: usize = 6;

/// Words after a verb of agreeing, across a phrase set off by commas, within
/// which "to" and its act may close the phrase ("agreed on Monday, after
/// two days of talks in the capital, to withdraw").
const SET_OFF_REACH: usize = 16;

/// [`Rule::PACT_OBJECT`]: within [`OBJECT_WORD_REACH`] words after the verb of
/// agreeing at `trig`, in its clause, an infinitive's "to" and right after it
/// an `agreed_act` word of `sentence-words.tsv` ("agreed on Monday to
/// withdraw", "agreed with the rebels to exchange prisoners"); or, within
/// [`SET_OFF_REACH`] words before `sentence_end` and no clause mark but commas
/// between, "to" and its act right after a comma that closes a phrase set off
/// after the verb ("agreed on Sunday, after talks in the capital, to free …").
fn agreed_act(layers: &Layers, lex: &Lexicons, trig: Span, sentence_end: usize) -> bool {
    let w = &lex.words;
    let to_act = |pair: &[(Span, &str)]| matches!(pair, [(_, to), (_, act)] if is(&w.infinitives, to) && is(&w.agreed_acts, act));
    // (Or "to" and an article before a noun of peace: "agreed to a peace plan".)
    let to_noun = |three: &[(Span, &str)]| matches!(three, [(_, to), (_, a), (_, act)] if is(&w.infinitives, to) && is(&w.articles, a) && is(&w.agreed_acts, act));
    let clause = clause_after(layers, trig, OBJECT_WORD_REACH + 1);
    if clause.windows(2).any(to_act) || clause.windows(3).any(to_noun) {
        return true;
    }
    words_after(layers, trig, SET_OFF_REACH, (STRONG_CLAUSE, sentence_end))
        .windows(3)
        .any(|three| match three {
            [(before, _), (to, _), _] => {
                layers.punct_between(before.end, to.start, &[',']) && to_act(&three[1..])
            }
            _ => false,
        })
}

/// The words after `trig`, at most `reach` of them, before the first clause
/// mark ([`CLAUSE`]) after it.
fn clause_after<'l>(layers: &'l Layers, trig: Span, reach: usize) -> &'l [(Span, &'l str)] {
    words_after(layers, trig, reach, (CLAUSE, usize::MAX))
}

/// The words after `trig`, at most `reach` of them, before the first of
/// `marks` after it and ending by `end`.
fn words_after<'l>(
    layers: &'l Layers,
    trig: Span,
    reach: usize,
    (marks, end): (&[char], usize),
) -> &'l [(Span, &'l str)] {
    let from = layers.word_index(trig.end);
    let words = layers
        .words
        .get(from..(from + reach).min(layers.words.len()))
        .unwrap_or(&[]);
    let kept = words
        .iter()
        .take_while(|&&(ws, _)| ws.end <= end && !layers.punct_between(trig.end, ws.start, marks))
        .count();
    words.get(..kept).unwrap_or(&[])
}

/// [`Rule::PACT_OBJECT`]: the word at `word` is a `swapped` word of
/// `sentence-words.tsv` ("hostages") that a word of exchange of the sentence
/// before it takes as its object ([`object_word`]).
fn swapped_object(layers: &Layers, lex: &Lexicons, sentence: &Sentence, word: Span) -> bool {
    inside(sentence.triggers, sentence.span, |t| t.span).any(|v| {
        v.what.cue == TriggerCue::Swap
            && v.span.end <= word.start
            && layers.words_between(v.span, word) < OBJECT_WORD_REACH
            && object_word(layers, lex, &lex.words.swapped, v.span)
    }) && layers
        .words
        .get(layers.word_index(word.start))
        .is_some_and(|&(ws, w)| ws.end == word.end && is(&lex.words.swapped, w))
}

/// The words a verb with an object cue needs among its object words, and
/// the rule that reads them: a base set up, forces moved, arms intercepted.
/// (Arms are often told after what carries them, "intercepted a truck
/// carrying 500 kilograms of explosives", "a car packed with explosives":
/// their reach is longer, and no `object_end` word ends it.)
fn object_cue(
    lex: &Lexicons,
    cue: TriggerCue,
) -> Option<(&crate::words::WordList, Rule, (usize, bool))> {
    let object = (OBJECT_WORD_REACH, false);
    match cue {
        TriggerCue::Base => Some((&lex.words.bases, Rule::BASE_OBJECT, object)),
        TriggerCue::Forces => Some((&lex.words.forces_moved, Rule::FORCES_OBJECT, object)),
        TriggerCue::Arms => Some((
            &lex.words.arms,
            Rule::ARMS_OBJECT,
            (ARMS_OBJECT_REACH, true),
        )),
        _ => None,
    }
}

/// Whether the verb at `trig` with object cue `cue` has its object: a word
/// of `list` among the words after it ([`object_word_within`]), or, for
/// arms, as the subject of its passive ("a bomb planted on the road was
/// dismantled").
fn cue_object(
    layers: &Layers,
    lex: &Lexicons,
    (list, reach): (&crate::words::WordList, (usize, bool)),
    cue: TriggerCue,
    trig: Span,
) -> bool {
    object_word_within(layers, lex, list, trig, reach)
        || (cue == TriggerCue::Arms && passive_subject(layers, lex, list, trig))
}

/// A verb of releasing at `trig` right after a non-state armed group, its
/// doer, with people among its object words: the group lets captives go
/// whatever they are called ("Al-Shabaab released three aid workers", "the
/// M23 freed 20 soldiers"); not the state's release of detainees.
fn captives_freed(layers: &Layers, lex: &Lexicons, actors: &[&ActorMention], trig: Span) -> bool {
    actors.iter().any(|a| {
        a.actor.kind.is_armed_non_state()
            && a.link != sitrep_core::LinkKind::Generic
            && layers.right_before(a.span, trig, CLAUSE)
    }) && clause_after(layers, trig, OBJECT_WORD_REACH)
        .iter()
        .any(|&(_, w)| {
            matches!(
                lex.nouns.get(w),
                Some(NounClass::Person | NounClass::Forces)
            )
        })
}

/// Words after a verb of stopping a weapon read for the weapon.
const ARMS_OBJECT_REACH: usize = 9;

/// [`Rule::BASE_OBJECT`], [`Rule::FORCES_OBJECT`], [`Rule::ARMS_OBJECT`], [`Rule::PACT_OBJECT`]: a word of `list` among the
/// [`OBJECT_WORD_REACH`] words after the verb at `trig`, in its clause and
/// before an `object_end` word ("set up a new military outpost", "exchanged
/// 95 prisoners"), or words joined by hyphens ([`hyphen_compound`]: "signed a
/// cease-fire").
fn object_word(layers: &Layers, lex: &Lexicons, list: &crate::words::WordList, trig: Span) -> bool {
    object_word_within(layers, lex, list, trig, (OBJECT_WORD_REACH, false))
}

/// [`object_word`] among the `reach` words after the verb, read past the
/// `object_end` words when `past_ends`.
fn object_word_within(
    layers: &Layers,
    lex: &Lexicons,
    list: &crate::words::WordList,
    trig: Span,
    (reach, past_ends): (usize, bool),
) -> bool {
    let words = clause_after(layers, trig, reach);
    let object = words
        .iter()
        .take_while(|&&(_, word)| past_ends || !is(&lex.words.object_ends, word))
        .count();
    let words = words.get(..object).unwrap_or(&[]);
    (0..words.len()).any(|k| {
        words.get(k).is_some_and(|&(_, word)| {
            is(list, word) || hyphen_compound(layers, words, k, &|_, c: &str| is(list, c))
        })
    })
}

/// What the words right after a word of taking at `trig` take: up to
/// [`CAPTURE_OBJECT_REACH`] words of its clause, ending at an `object_end`
/// word of `sentence-words.tsv` ("in", "from", "on"); the first `captive`,
/// `not_territory` or `territory` word, a place named or a `person` word of
/// `casualty-nouns.tsv`, decides.
fn taken(layers: &Layers, lex: &Lexicons, places: &[&PlaceMention], trig: Span) -> Taken {
    let w = &lex.words;
    let from = layers.word_index(trig.end);
    let words = layers
        .words
        .get(from..(from + CAPTURE_OBJECT_REACH).min(layers.words.len()))
        .unwrap_or(&[]);
    let person = |word: &str| lex.nouns.get(word) == Some(&NounClass::Person);
    for (k, &(ws, word)) in words.iter().enumerate() {
        if layers.punct_between(trig.end, ws.start, CLAUSE) || is(&w.object_ends, word) {
            break;
        }
        if is(&w.captives, word) {
            return Taken::Captive;
        }
        if is(&w.not_territory, word) {
            return Taken::NotTerritory;
        }
        // (A goods, arms or territory word before a person, or one held,
        // describes the person: "aid workers", "arms dealers", "the district
        // chief", "a village head".)
        let of_person = words
            .get(k + 1)
            .is_some_and(|&(_, next)| person(next) || is(&w.captives, next));
        // (A goods word before an arms word names what carries the arms: "a
        // car bomb", "a truck bomb".)
        let of_arms = words.get(k + 1).is_some_and(|&(_, next)| is(&w.arms, next));
        if is(&w.goods, word) && !of_person && !of_arms {
            return Taken::Goods;
        }
        if is(&w.arms, word) && !of_person {
            return Taken::Arms;
        }
        // (A place word before a person or one of the forces describes
        // them: "the village guards", "the camp residents".)
        let of_people = words.get(k + 1).is_some_and(|&(_, next)| {
            matches!(
                lex.nouns.get(next),
                Some(NounClass::Person | NounClass::Forces | NounClass::Attacker)
            )
        });
        // (Nor is a place named as the people's nationality, "took a New
        // Zealand aid worker hostage": the two words after the place's name
        // are read.)
        let place_of_person = |p: &&PlaceMention| {
            words
                .iter()
                .filter(|(s, _)| s.start >= p.span.end)
                .take(2)
                .any(|&(_, next)| person(next) || is(&w.captives, next))
        };
        let place = places
            .iter()
            .any(|p| p.span.overlaps(ws) && !place_of_person(p));
        if ((is(&w.territory, word) && !of_people) || place) && !of_person {
            return Taken::Territory;
        }
        // ("The rebels seized Kamanyola on Monday": a name right after the
        // word of taking, alone before its clause ends, is a place the
        // gazetteer lacks, not a person, who is told with a title or a noun.)
        if k == 0
            && lone_name(layers, lex, words, ws)
            && !layers
                .text
                .get(trig.end..ws.start)
                .unwrap_or("\n")
                .contains('\n')
        {
            return Taken::Territory;
        }
        if person(word) {
            return Taken::Person;
        }
        // ("captured 12 insurgents", "seized two bandits": fighters taken
        // are held, as a commander is.)
        if lex.nouns.get(word) == Some(&NounClass::Attacker) {
            return Taken::Captive;
        }
    }
    Taken::Unknown
}

/// [`Rule::CAPTURE_OBJECT`] for a verb of regaining or plain taking (the
/// `regain` cue): a place taken keeps it (not by a crowd, which occupies a
/// square or a town hall in protest: no place changes hands by force); arms
/// taken by the state's forces make it disrupted weapons use; anything else
/// drops it.
fn regained<'a>(
    layers: &Layers,
    lex: &'a Lexicons,
    (places, actors): (&[&PlaceMention], &[&ActorMention]),
    t: &mut Tagged<&'a Trigger>,
) -> bool {
    let doer = nearest_doer(layers, actors, t.span);
    match taken(layers, lex, places, t.span) {
        Taken::Territory => !matches!(
            doer,
            Some(ActorType::Civilians | ActorType::Protesters | ActorType::Rioters)
        ),
        Taken::Arms if state_doer(doer) => {
            match trigger_row(
                lex,
                EventType::StrategicDevelopments,
                "disrupted_weapons_use",
                Strength::Strong,
            ) {
                Some(r) => {
                    t.what = r;
                    true
                }
                None => false,
            }
        }
        _ => false,
    }
}

/// [`Rule::CAPTURE_OBJECT`]: a word of taking a place is read by what it
/// takes ([`taken`]): people taken by soldiers or police (the nearest actor
/// before the word in its clause), or a person held taken by no one named,
/// make it an arrest (the first weak arrest row of `triggers.tsv`); people
/// taken by anyone else an abduction (the first strong abduction row:
/// "KIDNAPPERS SEIZE 20 TRAVELLERS"); goods taken by anyone but soldiers or
/// police looting (the first strong row of looting/property destruction,
/// ACLED's seizing of goods by an armed group: "fighters seized three trucks
/// of food aid"; by the state it is dropped); arms taken by soldiers or police
/// disrupted weapons use (its first strong row: "police seized rifles and
/// ammunition"), by anyone else looting (either dropped after a violent act
/// told before it: "stormed the post and seized weapons"); a seat of
/// power or a prize drops it, a
/// place makes a non-violent word of overtaking ("captured", "took
/// control") the battle's (the first strong battle row of that sub-type),
/// unless the sentence also tells the place handed over ("withdrew") and no
/// fight ("took control as the troops withdrew after heavy fighting" is
/// fought for), and so
/// does it a word of taking over ("took over") told with a fight and no other
/// word of handing over ("took over the town after a gun battle");
/// a word with the `territory` cue ("seized") and no place taken is dropped,
/// and a battle word with it ("overran") is the battle in which a place taken
/// was overtaken (not a site guarded, `guard_site`: "overran a police post");
/// with an arrest in the sentence, words of a place handed over are dropped
/// ("arrested the man without resistance" is an arrest).
fn capture_object<'a>(
    layers: &Layers,
    lex: &'a Lexicons,
    (places, actors): (&[&PlaceMention], &[&ActorMention]),
    asserted: &mut Vec<Tagged<&'a Trigger>>,
    fired: &mut RuleSet,
) {
    use sitrep_core::EventType as E;
    let row =
        |event_type: E, sub: &str, strength: Strength| trigger_row(lex, event_type, sub, strength);
    // (A place entered as others left, "entered the city after government
    // troops withdrew", was handed over, not fought for.)
    let handovers = asserted
        .iter()
        .filter(|t| t.what.sub_event_type.as_deref() == Some(TAKING[2]))
        .count();
    let handed_over = handovers > 0;
    // (A place taken over with a fight told in the sentence, "gangs took
    // over the town after a gun battle with police", was fought for, when
    // no other word tells it handed over; a word of taking is no fight:
    // "seized the town after the soldiers abandoned their bases".)
    let fought = asserted.iter().any(|t| {
        t.what.event_type == E::Battles
            && !t
                .what
                .sub_event_type
                .as_deref()
                .is_some_and(|s| TAKING.contains(&s))
    });
    // (Goods or arms seized after a violent act told before them, "stormed
    // the post and seized weapons", are part of that act; not the arms
    // themselves, "seized rifles and grenades", nor after a raid by the
    // state's forces, "soldiers raided a hideout and seized rifles".)
    let violent_before = |at: usize| {
        asserted
            .iter()
            .any(|t| t.what.event_type.is_violent() && t.span.end <= at && !forces_raid(actors, t))
    };
    let violent_told: Vec<bool> = asserted
        .iter()
        .map(|t| violent_before(t.span.start))
        .collect();
    let mut index = 0;
    let before = asserted.len();
    let mut changed = false;
    let mut by_subject = false;
    let mut expel = false;
    asserted.retain_mut(|t| {
        let told_before = violent_told.get(index).copied().unwrap_or(false);
        index += 1;
        // (What follows a place falling is its takers, not what is taken.)
        if t.what.cue == TriggerCue::Fall {
            return true;
        }
        if t.what.cue == TriggerCue::Expel {
            let out = expelled(layers, lex, (places, actors), t.span);
            expel |= out;
            return out;
        }
        // "liberated the commune of X"; not "liberated 14 hostages". Arms
        // recovered by soldiers or police are arms seized ("police recovered
        // 30 grenades").
        if t.what.cue == TriggerCue::Regain {
            let kept = regained(layers, lex, (places, actors), t);
            changed |= kept;
            return kept;
        }
        let Some(sub) = t.what.sub_event_type.as_deref() else {
            return true;
        };
        if t.what.cue == TriggerCue::Territory
            && t.what.event_type == E::Battles
            && !TAKING.contains(&sub)
        {
            // A battle word of taking ("overran"): a place taken, not a site
            // guarded, is territory overtaken; anything else the clash.
            let object = taken(layers, lex, places, t.span) == Taken::Territory
                && !object_word(layers, lex, &lex.words.guard_sites, t.span);
            let subject = !object && passive_place(layers, lex, places, t.span);
            by_subject |= subject;
            let place = object || subject;
            if let Some(r) = row(E::Battles, TAKING[1], Strength::Strong).filter(|_| place) {
                t.what = r;
                changed = true;
            }
            return true;
        }
        if !TAKING.contains(&sub) {
            return true;
        }
        // (People told as taken in the passive, "four aid workers were
        // seized by gunmen", are taken as an object is, by the actor after.)
        let passive = passive_people(layers, lex, t.span);
        let doer = if passive {
            actor_after(layers, actors, t.span, PASSIVE_AGENT_REACH).map(|a| a.actor.kind)
        } else {
            nearest_doer(layers, actors, t.span)
        };
        let by_state = state_doer(doer);
        let object = match taken(layers, lex, places, t.span) {
            Taken::Unknown if passive => Taken::Person,
            object => object,
        };
        let replace = match object {
            Taken::Captive | Taken::Person if by_state => {
                row(E::StrategicDevelopments, "arrests", Strength::Weak)
            }
            Taken::Captive if doer.is_none() => {
                row(E::StrategicDevelopments, "arrests", Strength::Weak)
            }
            Taken::Captive | Taken::Person => {
                row(E::ViolenceAgainstCivilians, "abduction", Strength::Strong)
            }
            Taken::NotTerritory => return false,
            Taken::Goods | Taken::Arms if told_before => return false,
            Taken::Goods if by_state => return t.what.cue != TriggerCue::Territory,
            Taken::Arms if by_state => row(
                E::StrategicDevelopments,
                "disrupted_weapons_use",
                Strength::Strong,
            ),
            Taken::Goods | Taken::Arms => row(
                E::StrategicDevelopments,
                "looting_property_destruction",
                Strength::Strong,
            ),
            Taken::Territory
                if t.what.event_type == E::StrategicDevelopments
                    && sub == TAKING[1]
                    && (!handed_over || fought) =>
            {
                row(E::Battles, TAKING[1], Strength::Strong)
            }
            Taken::Territory
                if t.what.event_type == E::StrategicDevelopments
                    && sub == TAKING[2]
                    && fought
                    && handovers == 1 =>
            {
                // (Left after a fight, "troops withdrew from the town after
                // heavy fighting": the leavers lost it to a foe the sentence
                // may not name; the act is the clash, not a taking by them.)
                if t.what.cue == TriggerCue::Leave {
                    row(E::Battles, "armed_clash", Strength::Strong)
                } else {
                    row(E::Battles, TAKING[1], Strength::Strong)
                }
            }
            Taken::Territory => None,
            Taken::Unknown => return t.what.cue != TriggerCue::Territory,
        };
        if let Some(r) = replace {
            t.what = r;
            changed = true;
        }
        true
    });
    // People taken make the sentence's handover words their manner ("arrested
    // the man without resistance", "captured two commanders without a shot
    // being fired"): no place changed hands.
    if asserted
        .iter()
        .any(|t| t.what.sub_event_type.as_deref() == Some("arrests"))
    {
        asserted.retain(|t| t.what.sub_event_type.as_deref() != Some(TAKING[2]));
    }
    if expel {
        fired.add(Rule::EXPEL_OBJECT);
    }
    if by_subject {
        fired.add(Rule::CAPTURE_SUBJECT);
    } else if changed || asserted.len() < before {
        fired.add(Rule::CAPTURE_OBJECT);
    }
}

/// A word of taking in the passive with people as its subject: a `be_aux`
/// word right before it and a `person` word of `casualty-nouns.tsv` among the
/// [`PASSIVE_SUBJECT_REACH`] words of its clause before that ("four aid
/// workers were seized by gunmen").
fn passive_people(layers: &Layers, lex: &Lexicons, trig: Span) -> bool {
    let Some((aux_at, aux)) = be_aux_before(layers, lex, trig) else {
        return false;
    };
    let from = aux_at.saturating_sub(PASSIVE_SUBJECT_REACH);
    layers
        .words
        .get(from..aux_at)
        .unwrap_or(&[])
        .iter()
        .any(|&(ws, w)| {
            lex.nouns.get(w) == Some(&NounClass::Person)
                && !layers.punct_between(ws.end, aux.start, CLAUSE)
        })
}

/// [`Rule::PACT_OBJECT`] in the passive: a word of `list` among the
/// [`PASSIVE_SUBJECT_REACH`] words of its clause before the one or two
/// `be_aux` words before the verb at `trig` ("40 prisoners were freed", "the
/// hostages have been released", "two hostages held by the group were
/// freed").
fn passive_subject(
    layers: &Layers,
    lex: &Lexicons,
    list: &crate::words::WordList,
    trig: Span,
) -> bool {
    let i = layers.word_index(trig.start);
    let word = |k: usize| i.checked_sub(k).and_then(|j| layers.words.get(j));
    let aux = |k: usize| word(k).is_some_and(|&(_, w)| is(&lex.words.be_aux, w));
    let perfect = |k: usize| word(k).is_some_and(|&(_, w)| is(&lex.words.perfect_aux, w));
    // (The subject's head may stand before a participle phrase that
    // describes it: "two hostages held by the group were freed", "the
    // abducted pupils were released".)
    let subject = |k: usize| {
        (k..k + PASSIVE_SUBJECT_REACH).any(|k| {
            word(k).is_some_and(|&(ws, w)| {
                is(list, w) && !layers.punct_between(ws.end, trig.start, CLAUSE)
            })
        })
    };
    aux(1) && (subject(2) || ((aux(2) || perfect(2)) && subject(3)))
}

/// Whether a relative clause set off by a comma ("…, which", "…, who")
/// opens between `from` (the end of an act word) and `to`, after words of
/// its own: it describes what the act took ("recovered the commune, which
/// had been held since 2022"), not the act ("the raid, which began on
/// Friday").
fn relative_clause_between(layers: &Layers, lex: &Lexicons, from: usize, to: usize) -> bool {
    let first = layers.word_index(from);
    let last = layers.word_index(to);
    (first + 1..last).any(|i| {
        layers.words.get(i).is_some_and(|&(ws, w)| {
            is(&lex.words.relative_pronouns, w)
                && i.checked_sub(1)
                    .and_then(|p| layers.words.get(p))
                    .is_some_and(|&(ps, _)| layers.punct_between(ps.end, ws.start, &[',']))
        })
    })
}

/// Whether a word of taking's doer ([`nearest_doer`]) is the state's:
/// soldiers or police.
fn state_doer(doer: Option<ActorType>) -> bool {
    matches!(doer, Some(ActorType::StateForces | ActorType::Police))
}

/// The doer of a word of taking at `trig`: the kind of the nearest actor
/// before it in its clause.
fn nearest_doer(layers: &Layers, actors: &[&ActorMention], trig: Span) -> Option<ActorType> {
    actors
        .iter()
        .rfind(|a| {
            a.span.end <= trig.start && !layers.punct_between(a.span.end, trig.start, CLAUSE)
        })
        .map(|a| a.actor.kind)
}

/// Words after a verb of driving out read for whom it drives out of where
/// ([`expelled`]): "drove the last of the militants out of the town".
const EXPEL_REACH: usize = 9;

/// [`Rule::EXPEL_OBJECT`]: the verb of driving out at `trig` drives fighters
/// out of a place: among the next [`EXPEL_REACH`] words of its clause,
/// fighters (an armed actor, or a `forces` or `attacker` word) before an
/// `expel_from` word that a place follows ([`taken`] from it), or a place
/// before an `expel_of` word that fighters follow.
fn expelled(
    layers: &Layers,
    lex: &Lexicons,
    (places, actors): (&[&PlaceMention], &[&ActorMention]),
    trig: Span,
) -> bool {
    let w = &lex.words;
    let words = clause_after(layers, trig, EXPEL_REACH);
    // (Fighters, not residents: "forced thousands of villagers out of their
    // homes" takes no place.)
    let people = |&(ws, word): &(Span, &str)| {
        matches!(
            lex.nouns.get(word),
            Some(NounClass::Forces | NounClass::Attacker)
        ) || actors
            .iter()
            .any(|a| a.actor.kind.is_armed() && a.span.overlaps(ws))
    };
    let place = |&(ws, word): &(Span, &str)| {
        is(&w.territory, word) || places.iter().any(|p| p.span.overlaps(ws))
    };
    words.iter().enumerate().any(|(k, &(ws, word))| {
        let before = words.get(..k).unwrap_or(&[]);
        let after = words.get(k + 1..).unwrap_or(&[]);
        (is(&w.expel_from, word)
            && before.iter().any(people)
            && taken(layers, lex, places, ws) == Taken::Territory)
            || (is(&w.expel_of, word) && before.iter().any(place) && after.iter().any(people))
    })
}

/// Words at most this many before the `be_aux` word of a passive are what
/// was taken ([`passive_place`]): "the army base in Tessit was overrun".
const PASSIVE_SUBJECT_REACH: usize = 8;

/// [`Rule::CAPTURE_SUBJECT`]: a battle word of taking right after a `be_aux`
/// word ("was overrun") took what stands before it in its clause: a place (a
/// `territory` word not describing people, or a place named), and no
/// `guard_site` word ("a police outpost near Tillaberi was overrun" stays the
/// clash).
fn passive_place(layers: &Layers, lex: &Lexicons, places: &[&PlaceMention], trig: Span) -> bool {
    be_aux_before(layers, lex, trig)
        .is_some_and(|(aux_at, _)| place_subject(layers, lex, places, aux_at))
}

/// The `be_aux` word right before the verb at `trig` ("was overrun", "were
/// seized"): its index among the words, and its span.
fn be_aux_before(layers: &Layers, lex: &Lexicons, trig: Span) -> Option<(usize, Span)> {
    let aux_at = layers.word_index(trig.start).checked_sub(1)?;
    let &(aux, word) = layers.words.get(aux_at)?;
    is(&lex.words.be_aux, word).then_some((aux_at, aux))
}

/// The first actor starting fewer than `reach` words after the verb at
/// `trig` (its takers, "fell to CODECO"; its agent, "were seized by gunmen").
fn actor_after<'a>(
    layers: &Layers,
    actors: &[&'a ActorMention],
    trig: Span,
    reach: usize,
) -> Option<&'a ActorMention> {
    actors
        .iter()
        .find(|a| a.span.start >= trig.end && layers.words_between(trig, a.span) < reach)
        .copied()
}

/// Words after a passive verb of taking read for its agent ("by gunmen").
const PASSIVE_AGENT_REACH: usize = 3;

/// Words after a verb of a place falling read for its takers.
const FALL_TAKER_REACH: usize = 4;

/// [`Rule::PLACE_FELL`]: a place or territory word before the verb at `trig`
/// in its clause ([`place_subject`]) and an actor starting within
/// [`FALL_TAKER_REACH`] words after it.
fn place_fell(
    layers: &Layers,
    lex: &Lexicons,
    (places, actors): (&[&PlaceMention], &[&ActorMention]),
    trig: Span,
) -> bool {
    actor_after(layers, actors, trig, FALL_TAKER_REACH).is_some()
        && place_subject(layers, lex, places, layers.word_index(trig.start))
}

/// The words before word `at` (up to [`PASSIVE_SUBJECT_REACH`], in its
/// clause) name a place taken: a place named or a `territory` word not
/// describing people ("the village guards"), and no guarded site.
fn place_subject(layers: &Layers, lex: &Lexicons, places: &[&PlaceMention], at: usize) -> bool {
    let w = &lex.words;
    let Some(&(verb, _)) = layers.words.get(at) else {
        return false;
    };
    let from = at.saturating_sub(PASSIVE_SUBJECT_REACH);
    let words = layers.words.get(from..at).unwrap_or(&[]);
    let clause = words
        .iter()
        .rposition(|&(ws, _)| layers.punct_between(ws.end, verb.start, CLAUSE))
        .map_or(0, |k| k + 1);
    let words = words.get(clause..).unwrap_or(&[]);
    let people = |k: usize| {
        words.get(k + 1).is_some_and(|&(_, next)| {
            matches!(
                lex.nouns.get(next),
                Some(NounClass::Person | NounClass::Forces | NounClass::Attacker)
            )
        })
    };
    !words.iter().any(|&(_, word)| is(&w.guard_sites, word))
        && words.iter().enumerate().any(|(k, &(ws, word))| {
            (is(&w.territory, word) && !people(k)) || places.iter().any(|p| p.span.overlaps(ws))
        })
}

/// [`Rule::CUSTODY_OBJECT`]: a verb of holding at `trig` names an arrest when
/// the nearest actor before it in its clause is police or soldiers and what
/// it holds ([`taken`]) is people.
fn custody_held(
    layers: &Layers,
    lex: &Lexicons,
    (places, actors): (&[&PlaceMention], &[&ActorMention]),
    trig: Span,
) -> bool {
    state_doer(nearest_doer(layers, actors, trig))
        && matches!(
            taken(layers, lex, places, trig),
            Taken::Person | Taken::Captive
        )
}

/// [`Rule::ATTRIBUTIVE_PARTICIPLE`]: a one-word violent trigger with a
/// participle ending (`participle_suffix` of `sentence-words.tsv`, on a word
/// longer than the ending and a stem of three letters, not an acronym) right
/// after a determiner or preposition (`attributive`) and before another word
/// of its clause describes that noun; it tells no act: "relatives of kidnapped workers
/// protested", "families of the killed soldiers".
fn attributive(layers: &Layers, lex: &Lexicons, sentence: Span, trig: Span) -> bool {
    let wi = layers.word_index(trig.start);
    let (Some((ws, w)), Some((pws, prev)), Some((next, _))) = (
        layers.words.get(wi),
        wi.checked_sub(1).and_then(|i| layers.words.get(i)),
        layers.words.get(wi + 1),
    ) else {
        return false;
    };
    *ws == trig
        && wi > layers.word_index(sentence.start)
        && next.end <= sentence.end
        && !layers.punct_between(trig.end, next.start, &[',', ';', ':', '.', '(', ')'])
        && crate::words::ends_with_one(&lex.words.participle_suffixes, w)
        && is(&lex.words.attributives, prev)
        // (An acronym is no participle: "an SVBIED exploded"; a headline in
        // capitals still has them: "IN CAPTURED TOWN".)
        && (!capitals(layers, trig) || capitals(layers, *pws))
}

/// Whether the word at `ws`, the first of `words`, is a lone capitalised name
/// of four letters or more (not in capitals throughout, not a known word of
/// the lexicons' nouns) that ends its clause or comes right before an
/// `object_end` word.
fn lone_name(layers: &Layers, lex: &Lexicons, words: &[(Span, &str)], ws: Span) -> bool {
    let name = layers.text.get(ws.start..ws.end).unwrap_or("");
    let capitalised = crate::layers::capitalised(layers.text, ws)
        && name.chars().skip(1).any(char::is_lowercase)
        && name.chars().count() >= 4;
    let ends = match words.get(1) {
        None => true,
        Some(&(next, w)) => {
            layers.punct_between(ws.end, next.start, CLAUSE) || is(&lex.words.object_ends, w)
        }
    };
    capitalised && ends && !lex.nouns.contains_key(words.first().map_or("", |w| w.1))
}

/// Whether the text at `s` has two letters or more and none of them in lower
/// case ("IN", "SVBIED"; not the article "A").
fn capitals(layers: &Layers, s: Span) -> bool {
    layers.text.get(s.start..s.end).is_some_and(|t| {
        t.chars().filter(|c| c.is_alphabetic()).nth(1).is_some()
            && !t.chars().any(char::is_lowercase)
    })
}

/// [`Rule::ACT_OF_ACCUSED`]: the word right after the act word `trig`, in
/// its sentence with no mark between, is an `accused_noun` ("kidnapping
/// suspects", "the bombing trial"), and the act word is a noun (an
/// `act_noun`, or a word with an `act_noun_suffix`: not "arrested suspects").
/// So is a doer's noun (a word with an `agent_noun_suffix`) right after an
/// `accused_mark` ("two suspected kidnappers", "alleged looters"): the people
/// a crowd or the police took, not an act told. So is an act word at most
/// three words after an `accusation` word and "of", "with" or "for" in a
/// sentence that tells an arrest in the passive after it ("a man suspected
/// of arson attacks was taken into custody"; not "soldiers were accused of
/// raping a woman", an act alleged).
fn accused_act(layers: &Layers, lex: &Lexicons, sentence: &Sentence, trig: Span) -> bool {
    let w = &lex.words;
    // (The arrest in the passive, its verb: "was arrested", "was taken into
    // custody"; not "raping a detained woman". Read only after the rarely
    // true accusation: this runs for every trigger.)
    let arrest_after = || {
        inside(sentence.triggers, sentence.span, |t| t.span).any(|t| {
            t.span.start >= trig.end
                && t.what.sub_event_type.as_deref() == Some(ARRESTS)
                && layers
                    .words_in(trig.end, t.span.start)
                    .iter()
                    .rev()
                    .take(2)
                    .any(|&(_, w)| is(&lex.words.be_aux, w))
        })
    };
    if accused_of(layers, lex, sentence.span, trig) && arrest_after() {
        return true;
    }
    let sentence = sentence.span;
    let ends = |word: &str, list| crate::words::ends_with_one(list, word);
    let last = layers
        .words
        .get(layers.word_index(trig.end).wrapping_sub(1))
        .map(|&(_, act)| act);
    let marked_doer = last.is_some_and(|act| ends(act, &w.agent_noun_suffixes))
        && layers
            .word_before(trig.start)
            .is_some_and(|b| is(&w.accused_marks, b));
    let noun = last.is_some_and(|act| is(&w.act_nouns, act) || ends(act, &w.act_noun_suffixes));
    marked_doer
        || noun
            && layers
                .words
                .get(layers.word_index(trig.end))
                .is_some_and(|&(ws, word)| {
                    ws.end <= sentence.end
                        && !layers.punct_between(
                            trig.end,
                            ws.start,
                            &[',', ';', ':', '.', '(', ')'],
                        )
                        && is(&w.accused_nouns, word)
                })
}

/// Words at most this far between "of" (of an accusation) and the act word.
const ACCUSED_OF_REACH: usize = 3;

/// An `accusation` word, then an `accusation_link` ("of", "with", "for"), with at most
/// [`ACCUSED_OF_REACH`] words and no clause mark between it and the act word
/// at `trig` ([`accused_act`]).
fn accused_of(layers: &Layers, lex: &Lexicons, sentence: Span, trig: Span) -> bool {
    let at = layers.word_index(trig.start);
    let from = layers
        .word_index(sentence.start)
        .max(at.saturating_sub(ACCUSED_OF_REACH + 2));
    let words = layers.words.get(from..at).unwrap_or(&[]);
    words.windows(2).any(|pair| match pair {
        [(_, accusing), (link, linker)] => {
            is(&lex.words.accusations, accusing)
                && is(&lex.words.accusation_links, linker)
                && !layers.punct_between(link.end, trig.start, CLAUSE)
        }
        _ => false,
    })
}

/// A crowd: civilians, a mob or protesters (read by [`Rule::CROWD_VERB`] and
/// [`Rule::ROLE_MOB`]).
fn is_crowd(a: &ActorMention) -> bool {
    matches!(
        a.actor.kind,
        ActorType::Civilians | ActorType::Rioters | ActorType::Protesters
    )
}

/// [`Rule::CROWD_ATTACK`]: a word of attack (violence against civilians)
/// whose doer is a crowd ([`crowd_subject`]: "a crowd attacked the tax
/// office", "villagers stormed the official's house"), with no armed actor
/// (soldiers, police, armed groups) in its sentence, is a riot: a violent
/// demonstration when protesters do it or a protest word is told in its
/// sentence ("angry traders stormed the town hall, protesting a levy"), else
/// mob violence (the first strong row of that sub-type of `triggers.tsv`).
fn crowd_attack<'a>(
    layers: &Layers,
    lex: &'a Lexicons,
    (actors, sentence): (&[&ActorMention], &Sentence),
    t: Tagged<&'a Trigger>,
    fired: &mut RuleSet,
) -> Tagged<&'a Trigger> {
    if t.what.event_type != EventType::ViolenceAgainstCivilians
        || t.what.sub_event_type.as_deref() != Some("attack")
        || actors.iter().any(|a| a.actor.kind.is_armed())
    {
        return t;
    }
    let Some(crowd) = actors
        .iter()
        .find(|a| is_crowd(a) && crowd_subject(layers, lex, actors, a, t.span))
    else {
        return t;
    };
    let protest_told = || {
        inside(sentence.triggers, sentence.span, |t| t.span)
            .any(|p| p.what.event_type == EventType::Protests)
    };
    let sub = if crowd.actor.kind == ActorType::Protesters || protest_told() {
        "violent_demonstration"
    } else {
        "mob_violence"
    };
    let Some(row) = trigger_row(lex, EventType::Riots, sub, Strength::Strong) else {
        return t;
    };
    fired.add(Rule::CROWD_ATTACK);
    Tagged {
        span: t.span,
        what: row,
    }
}

/// Words at most this many between a crowd and its verb, a post-modifier
/// between them ("residents of a village in Chiapas beat").
const POSTMODIFIER_REACH: usize = 6;

/// Whether actor `a` is the doer of the verb at `verb`: before it in its
/// clause, right before it ("villagers lynched") or with only a post-modifier
/// between, a phrase opened by a `postmodifier` word of `sentence-words.tsv`
/// of at most [`POSTMODIFIER_REACH`] words naming no other actor ("residents
/// of a village in Chiapas beat a police officer").
fn crowd_subject(
    layers: &Layers,
    lex: &Lexicons,
    actors: &[&ActorMention],
    a: &ActorMention,
    verb: Span,
) -> bool {
    if a.span.end > verb.start || layers.punct_between(a.span.end, verb.start, CLAUSE) {
        return false;
    }
    let between = layers.words_between(a.span, verb);
    between == 0
        || (between <= POSTMODIFIER_REACH
            && layers
                .words
                .get(layers.word_index(a.span.end))
                .is_some_and(|(_, w)| is(&lex.words.postmodifiers, w))
            && !actors
                .iter()
                .any(|o| o.span.start >= a.span.end && o.span.end <= verb.start))
}

/// A verb with the crowd cue of `triggers.tsv` ("beat"): an act of its own
/// when a crowd does it ([`Rule::CROWD_VERB`]), force used on a protest when
/// police or soldiers do it to protesters ([`Rule::FORCE_ON_CROWD`]), else
/// none ("Liverpool beat Everton").
fn crowd_act<'a>(
    layers: &Layers,
    lex: &'a Lexicons,
    actors: &[&ActorMention],
    t: Tagged<&'a Trigger>,
    fired: &mut RuleSet,
) -> Option<Tagged<&'a Trigger>> {
    if actors
        .iter()
        .any(|a| is_crowd(a) && crowd_subject(layers, lex, actors, a, t.span))
    {
        fired.add(Rule::CROWD_VERB);
        return Some(t);
    }
    let row = force_on_crowd(layers, lex, actors, t.span)?;
    fired.add(Rule::FORCE_ON_CROWD);
    Some(Tagged {
        span: t.span,
        what: row,
    })
}

/// [`Rule::FORCE_ON_CROWD`]: a verb of a crowd's violence ("beat") done by
/// police or soldiers, named before it in its clause, to protesters named
/// right after it (at most three words between: "riot police beat peaceful
/// student protesters"): force used on a protest, an intervention in it
/// (the first weak row of that sub-type), whose gravity the protest rules
/// then read.
fn force_on_crowd<'a>(
    layers: &Layers,
    lex: &'a Lexicons,
    actors: &[&ActorMention],
    verb: Span,
) -> Option<&'a Trigger> {
    let forces = actors.iter().any(|a| {
        matches!(a.actor.kind, ActorType::Police | ActorType::StateForces)
            && a.span.end <= verb.start
            && !layers.punct_between(a.span.end, verb.start, CLAUSE)
            && layers.words_between(a.span, verb) <= 3
    });
    let protesters = actors.iter().any(|a| {
        a.actor.kind == ActorType::Protesters
            && a.span.start >= verb.end
            && !layers.punct_between(verb.end, a.span.start, CLAUSE)
            && layers.words_between(verb, a.span) <= 3
    });
    (forces && protesters)
        .then(|| {
            trigger_row(
                lex,
                EventType::Protests,
                "protest_with_intervention",
                Strength::Weak,
            )
        })
        .flatten()
}

/// Whether a trigger names a non-violent act (a protest or a strategic
/// development), not a statement.
fn quiet(t: &Trigger) -> bool {
    matches!(
        t.event_type,
        sitrep_core::EventType::Protests | sitrep_core::EventType::StrategicDevelopments
    )
}

/// Words at most this far after a non-violent act may be what it is about.
const TOPIC_REACH: usize = 16;
/// Words at most this far after an act that takes a weapon out of use
/// ("intercepted a missile", "downed three drones") may be the weapon.
const OBJECT_REACH: usize = 4;
/// Words at most this far before a passive act that takes a weapon out of
/// use ("was defused") may be the weapon, its subject with what describes it.
const PASSIVE_WEAPON_REACH: usize = 10;

/// [`Rule::BLAST_DESPITE_DISRUPTION`]: in a sentence with people killed or
/// hurt, a word of a weapon disrupted ("unexploded", "defused") told with a
/// blast ("exploded", "detonated") names what went off, not an attack
/// prevented: "an unexploded mortar round detonated, killing three",
/// "soldiers defused one bomb but a second exploded, killing two". The
/// blast is the act.
fn blast_despite_disruption(asserted: &mut Vec<Tagged<&Trigger>>, fired: &mut RuleSet) {
    let blast = asserted
        .iter()
        .any(|t| t.what.event_type == EventType::ExplosionsRemoteViolence);
    if !blast {
        return;
    }
    let before = asserted.len();
    asserted.retain(|t| t.what.sub_event_type.as_deref() != Some("disrupted_weapons_use"));
    if asserted.len() < before {
        fired.add(Rule::BLAST_DESPITE_DISRUPTION);
    }
}

/// A non-violent act of a sentence, as [`topic_of_quiet_act`] reads it.
struct QuietAct {
    span: Span,
    /// It takes a weapon out of use ("intercepted", "defused").
    disrupts: bool,
    /// Its object may name a harm: a weapon taken out of use, or people or
    /// bodies let go or handed over ("released 12 hostages").
    harm_object: bool,
    /// It holds its object, an arrest or a seizure: "detained a man who had
    /// assembled a bomb" tells what he did.
    holds: bool,
    /// It moves a place from hand to hand ("took control of", "withdrew
    /// from"): a fight told after it is how the place was lost ("as troops
    /// withdrew after heavy fighting"), not what the act is about.
    territory: bool,
    /// It takes a weapon out of use in the passive ("was dismantled"): the
    /// weapon is told before it, as its subject.
    passive: bool,
}

/// [`Rule::TOPIC_OF_QUIET_ACT`]: in a sentence with no casualty figure, in a
/// report that has told no violent act before (which the word may refer back
/// to: "two gunmen were arrested after Wednesday's attack"), a
/// violent word told after a non-violent act (an arrest, an agreement, a
/// protest, a new leader) and joined to it by a `topic` word of
/// `sentence-words.tsv` ("over", "after", "planning"), within one clause, is
/// what the act is about, not an act told: "police arrested two men over the
/// bombing", "the sides agreed to a truce after days of fighting", "doctors
/// protested over attacks on staff"; or, with no topic word, the weapon named
/// right after an act that takes it out of use ("air defences intercepted a
/// missile", "downed three drones", "seized rifles, ammunition and
/// grenades"; in the passive, the weapon its subject: "a landmine planted on
/// the road was dismantled"), or the people an agreement lets go
/// ("released 12 hostages", "handed over the bodies of four hostages"). It
/// is dropped from the asserted acts;
/// not when a violent act is told before the non-violent one.
fn topic_of_quiet_act(
    layers: &Layers,
    lex: &Lexicons,
    asserted: &mut Vec<Tagged<&Trigger>>,
    fired: &mut RuleSet,
) {
    let acts: Vec<QuietAct> = asserted
        .iter()
        .filter(|t| quiet(t.what))
        .map(|t| {
            let disrupts = t.what.sub_event_type.as_deref() == Some("disrupted_weapons_use");
            let pact = t.what.sub_event_type.as_deref() == Some("agreement");
            QuietAct {
                span: t.span,
                disrupts,
                harm_object: disrupts || pact,
                holds: disrupts || t.what.sub_event_type.as_deref() == Some(ARRESTS),
                territory: t
                    .what
                    .sub_event_type
                    .as_deref()
                    .is_some_and(|s| TAKING.contains(&s)),
                passive: disrupts && be_aux_before(layers, lex, t.span).is_some(),
            }
        })
        .collect();
    // A weapon word: the last word of a trigger is an `arms` word ("a
    // roadside bomb", "grenades").
    let weapon = |v: Span| {
        layers
            .words_in(v.start, v.end)
            .last()
            .is_some_and(|&(_, w)| is(&lex.words.arms, w))
    };
    // The weapon told as the subject of a passive act that takes it out of
    // use ("a landmine planted on the road was dismantled by engineers").
    let passive_object = |v: Span| {
        weapon(v)
            && acts.iter().any(|q| {
                q.passive
                    && v.end <= q.span.start
                    && layers.words_between(v, q.span) <= PASSIVE_WEAPON_REACH
                    && !layers.punct_between(v.end, q.span.start, &[';', ':', '(', ')'])
            })
    };
    // A sentence that tells a violent act first ("bandits invaded the village,
    // prompting residents to protest against the abduction") tells the act,
    // and its sequel is about it.
    let first_quiet = acts.iter().map(|q| q.span.start).min();
    // The force right before an act that takes a weapon out of use is its
    // doer, not a violent act ("the air force downed 18 drones").
    let doer = |v: Span| {
        acts.iter()
            .any(|q| q.disrupts && layers.right_before(v, q.span, CLAUSE))
    };
    let violent_first = asserted.iter().any(|t| {
        !quiet(t.what)
            && t.what.event_type != sitrep_core::EventType::Statement
            && first_quiet.is_some_and(|q| t.span.start < q)
            && !doer(t.span)
            && !passive_object(t.span)
    });
    if acts.is_empty() || acts.len() == asserted.len() || violent_first {
        return;
    }
    // An arrest's or a seizure's object, then a relative pronoun: what the
    // one held did ("arrested a man who set fire to a relay cabinet").
    let relative = |a: Span, v: Span| {
        word_between(layers, &lex.words.relative_pronouns, a.end, v.start).is_some()
    };
    // The harm a quiet act takes as its object, right after it: a weapon
    // taken out of use may stand further on, in a list ("seized rifles,
    // ammunition and grenades").
    let harm_object = |q: &QuietAct, v: Span| {
        let arms = q.disrupts && weapon(v);
        layers.words_between(q.span, v)
            <= if arms {
                ARMS_OBJECT_REACH
            } else {
                OBJECT_REACH
            }
            && (arms || !layers.punct_between(q.span.end, v.start, &[',']))
    };
    // (`riot`: the word is a riot's, which is what an act is about only so:
    // "protesters against the law torched the town hall" tell a riot.)
    let about = |v: Span, riot: bool, fight: bool| {
        acts.iter().any(|q| {
            let a = q.span;
            !(q.territory && fight)
                && a.end <= v.start
                && layers.words_between(a, v) <= TOPIC_REACH
                && !layers.punct_between(a.end, v.start, &[';', ':', '(', ')'])
                && ((q.holds && relative(a, v))
                    || (!riot
                        && ((q.harm_object && harm_object(q, v))
                            || topic_between(layers, lex, a, v))))
        })
    };
    let before = asserted.len();
    asserted.retain(|t| {
        let riot = t.what.event_type == sitrep_core::EventType::Riots;
        let fight = t.what.event_type == sitrep_core::EventType::Battles;
        quiet(t.what)
            || t.what.event_type == sitrep_core::EventType::Statement
            || !(about(t.span, riot, fight) || (!riot && doer(t.span)) || passive_object(t.span))
    });
    if asserted.len() < before {
        fired.add(Rule::TOPIC_OF_QUIET_ACT);
    }
}

/// The first `preamble` word of `sentence-words.tsv` ("after", "following",
/// "amid") between `from` and `to`: it opens a clause of what came before or
/// around the act told before it.
fn preamble_between(layers: &Layers, lex: &Lexicons, from: usize, to: usize) -> Option<Span> {
    word_between(layers, &lex.words.preambles, from, to)
}

/// [`Rule::ACT_BEFORE_PREAMBLE`]: the top trigger told in a clause opened by
/// a `preamble` word that follows a strong (or non-violent) act word of the
/// sentence, with no casualty figure from the preamble word on, tells what
/// came before or around that act:
/// "troops retook the town after the rebels pulled out following days of
/// drone strikes" is the retaking. The triggers before the preamble word
/// move ahead of those after it (each part keeps its order). Not a fight in
/// the preamble: the act was done in it ("rescued the hostages after a
/// gunfight"; a place taken after clashes is read by type-place-taken).
fn act_before_preamble(
    layers: &Layers,
    lex: &Lexicons,
    asserted: &mut Vec<Tagged<&Trigger>>,
    figs: &[Figure],
    fired: &mut RuleSet,
) {
    let Some(top) = asserted.first() else {
        return;
    };
    if top.what.event_type == EventType::Battles {
        return;
    }
    let top = top.span;
    let opener = asserted.iter().find_map(|t| {
        // (A non-violent act told with its object, "established a new
        // military base", stands as a strong word does.)
        let o = (t.span.end <= top.start
            && (t.what.strength == Strength::Strong || quiet(t.what))
            && t.what.event_type != EventType::Statement)
            .then(|| preamble_between(layers, lex, t.span.end, top.start))??;
        figs.iter().all(|f| f.span.end <= o.start).then_some(o)
    });
    if let Some(o) = opener {
        let (mut main, after): (Vec<_>, Vec<_>) =
            asserted.drain(..).partition(|t| t.span.start < o.start);
        main.extend(after);
        *asserted = main;
        fired.add(Rule::ACT_BEFORE_PREAMBLE);
    }
}

/// The sentence's casualty figures, after the rules that read a non-violent
/// act in a sentence with none ([`Rule::TOLL_OF_TOPIC`] first, which may
/// clear them): a crowd's strike, a pact that ends a protest, captives
/// released, and (with no violent act told by the sentence before) what a
/// quiet act is about, a raid's and a protested arrest's.
fn quiet_acts(
    (layers, lex, sentence): (&Layers, &Lexicons, &Sentence),
    actors: &[&ActorMention],
    asserted: &mut Vec<Tagged<&Trigger>>,
    violent_told: bool,
    fired: &mut RuleSet,
) -> Vec<Figure> {
    let mut raw_figs = figures(layers, lex, sentence);
    if !violent_told && toll_of_topic(layers, lex, asserted, &raw_figs) {
        fired.add(Rule::TOLL_OF_TOPIC);
        raw_figs.clear();
    }
    act_before_preamble(layers, lex, asserted, &raw_figs, fired);
    if raw_figs.is_empty() {
        strike_of_crowd(asserted, fired);
        pact_ends_protest(layers, lex, asserted, fired);
        release_of_captives(layers, actors, asserted, fired);
    }
    if raw_figs.iter().any(Figure::harms) {
        blast_despite_disruption(asserted, fired);
    }
    if raw_figs.is_empty() && !violent_told {
        topic_of_quiet_act(layers, lex, asserted, fired);
        raid_of_quiet_act(actors, asserted, fired);
        arrest_protested(layers, lex, asserted, fired);
    }
    raw_figs
}

/// [`Rule::TOLL_OF_TOPIC`]: every figure of the sentence lies in what a
/// non-violent act told before it is about, joined to it by a `grievance`
/// word within one clause ("students protested in Dhaka against the killing of a
/// classmate"): the toll is the grievance's, not an act's of this sentence;
/// not when a violent act is told before the non-violent one.
fn toll_of_topic(
    layers: &Layers,
    lex: &Lexicons,
    asserted: &[Tagged<&Trigger>],
    figs: &[Figure],
) -> bool {
    let Some(q) = asserted.iter().find(|t| quiet(t.what)) else {
        return false;
    };
    let violent_first = asserted
        .iter()
        .any(|t| !quiet(t.what) && t.span.start < q.span.start);
    !figs.is_empty()
        && !violent_first
        && figs.iter().all(|f| {
            // (The grievance may open a clause of its own: "marched through
            // the city, demanding justice for the killing of a classmate".)
            f.span.start >= q.span.end
                && layers.words_between(q.span, f.span) <= TOPIC_REACH
                && layers
                    .words_in(q.span.end, f.span.start)
                    .iter()
                    .any(|&(g, w)| {
                        is(&lex.words.grievances, w)
                            && !layers.punct_between(g.end, f.span.start, CLAUSE)
                            && (!layers.punct_between(q.span.end, g.start, CLAUSE)
                                || layers.words_between(g, f.span) <= 4)
                    })
        })
}

/// A `topic` word of `sentence-words.tsv` ("over", "against") between act `a`
/// and the later act `v`: `v` is what `a` is about.
fn topic_between(layers: &Layers, lex: &Lexicons, a: Span, v: Span) -> bool {
    word_between(layers, &lex.words.topics, a.end, v.start).is_some()
}

/// The first word of `list` between byte offsets `from` and `to`.
fn word_between(
    layers: &Layers,
    list: &crate::words::WordList,
    from: usize,
    to: usize,
) -> Option<Span> {
    layers
        .words_in(from, to)
        .iter()
        .find(|(_, w)| is(list, w))
        .map(|&(s, _)| s)
}

/// Whether `v` is the object of the verb `a`: right after it, or with only
/// an `article` of `sentence-words.tsv` between ("protest the arrest").
fn object_of(layers: &Layers, lex: &Lexicons, a: Span, v: Span) -> bool {
    let between = layers.words_in(a.end, v.start);
    between.len() <= 1 && between.iter().all(|(_, w)| is(&lex.words.articles, w))
}

/// [`Rule::TOPIC_OF_QUIET_ACT`], of an arrest: an arrest word told after a
/// protest word and joined to it by a `topic` word, within one clause, or
/// its object (at most an article between: "marched to protest the arrest
/// of their leader"), is what the protest is about, not an intervention in
/// it ("lawyers protested against the arrest of a colleague"); not past a
/// comma ("protested against his arrest, and police detained 20 of them").
fn arrest_protested(
    layers: &Layers,
    lex: &Lexicons,
    asserted: &mut Vec<Tagged<&Trigger>>,
    fired: &mut RuleSet,
) {
    let protests: Vec<Span> = asserted
        .iter()
        .filter(|t| t.what.event_type == EventType::Protests)
        .map(|t| t.span)
        .collect();
    let about = |v: Span| {
        protests.iter().any(|&a| {
            a.end <= v.start
                && layers.words_between(a, v) <= TOPIC_REACH
                && !layers.punct_between(a.end, v.start, &[',', ';', ':', '(', ')'])
                && (topic_between(layers, lex, a, v) || object_of(layers, lex, a, v))
        })
    };
    let before = asserted.len();
    asserted.retain(|t| t.what.sub_event_type.as_deref() != Some("arrests") || !about(t.span));
    if asserted.len() < before {
        fired.add(Rule::TOPIC_OF_QUIET_ACT);
    }
}

/// [`Rule::RAID_OF_QUIET_ACT`]: in a sentence with no casualty figure, a
/// weak word of attack ("raid", "raided") with generic police or soldiers
/// before it, told with their arrest or seizure of arms, is how that was done:
/// the arrest or seizure is the act.
fn raid_of_quiet_act(
    actors: &[&ActorMention],
    asserted: &mut Vec<Tagged<&Trigger>>,
    fired: &mut RuleSet,
) {
    let forces_act = asserted
        .iter()
        .filter(|t| {
            matches!(
                t.what.sub_event_type.as_deref(),
                Some(s) if s == ARRESTS || s == "disrupted_weapons_use"
            )
        })
        .map(|t| t.span.start)
        .min();
    let Some(act) = forces_act else {
        return;
    };
    // (Those the forces took, "captured 11 insurgents during a raid", are
    // not the raid's doers: only actors before the arrest's word are read.)
    let doers: Vec<&ActorMention> = actors
        .iter()
        .copied()
        .filter(|a| a.span.end <= act)
        .collect();
    let before = asserted.len();
    asserted.retain(|t| !forces_raid(&doers, t));
    if asserted.len() < before {
        fired.add(Rule::RAID_OF_QUIET_ACT);
    }
}

/// A weak word of attack ("raid", "raided") with generic police or soldiers
/// before it and no other armed actor: a raid by the state's forces.
fn forces_raid(actors: &[&ActorMention], t: &Tagged<&Trigger>) -> bool {
    t.what.strength == Strength::Weak
        && t.what.sub_event_type.as_deref() == Some("attack")
        && actors
            .iter()
            .any(|a| a.span.end <= t.span.start && generic_forces(a))
        && !actors
            .iter()
            .any(|a| a.span.end <= t.span.start && is_armed(a) && !generic_forces(a))
}

/// [`Rule::STRIKE_OF_CROWD`]: in a sentence with no casualty figure that tells
/// a crowd's act (a protest or a riot word), a strike word with no weapon of
/// its own (a weak incidental air strike: "strike", "strikes") is the crowd's
/// strike or what it protests ("stoned police during a strike called by the
/// unions", "marched against the strikes"), not an attack from the air.
fn strike_of_crowd(asserted: &mut Vec<Tagged<&Trigger>>, fired: &mut RuleSet) {
    let crowd_act = asserted
        .iter()
        .any(|t| matches!(t.what.event_type, EventType::Protests | EventType::Riots));
    if !crowd_act {
        return;
    }
    let before = asserted.len();
    asserted.retain(|t| {
        !(t.what.cue == TriggerCue::Incidental
            && t.what.strength == Strength::Weak
            && t.what.sub_event_type.as_deref() == Some("air_drone_strike"))
    });
    if asserted.len() < before {
        fired.add(Rule::STRIKE_OF_CROWD);
    }
}

/// A `forces_target` cue within eight words after the act at `main` ("an
/// attack on a military convoy"): its target is soldiers or police.
fn forces_target(layers: &Layers, roles: &[&Tagged<RoleCue>], main: Option<Span>) -> bool {
    main.is_some_and(|m| {
        roles.iter().any(|r| {
            r.what == RoleCue::ForcesTarget
                && r.span.start >= m.end
                && layers.words_between(m, r.span) <= 8
        })
    })
}

/// [`Rule::PERIOD_TOLL`] (in a sentence that names no armed actor): only
/// kill words (weak triggers of violence against civilians with no cue),
/// dated by a year or longer, at a country or a province or nowhere, count a
/// period's dead, not one act.
fn period_toll(
    actors: &[&ActorMention],
    asserted: &[Tagged<&Trigger>],
    (place, date): (Option<&PlaceMention>, Option<&DateHit>),
    fired: &mut RuleSet,
) -> bool {
    if actors.iter().any(|a| is_armed(a)) {
        return false;
    }
    let year = date.is_some_and(|d| d.range.precision == sitrep_core::DatePrecision::Year);
    let wide =
        place.is_none_or(|p| matches!(p.precision, GeoPrecision::Country | GeoPrecision::Admin1));
    let period = year
        && wide
        && !asserted.is_empty()
        && asserted.iter().all(|t| {
            t.what.strength == Strength::Weak
                && t.what.cue == TriggerCue::None
                && t.what.event_type == EventType::ViolenceAgainstCivilians
        });
    if period {
        fired.add(Rule::PERIOD_TOLL);
    }
    period
}

/// [`Rule::RELEASE_OF_CAPTIVES`]: with a release told (an agreement trigger
/// of the `swap` cue), abduction and arrest words in the release's clause
/// are dropped, unless an armed actor is right before one (its doer).
fn release_of_captives(
    layers: &Layers,
    actors: &[&ActorMention],
    asserted: &mut Vec<Tagged<&Trigger>>,
    fired: &mut RuleSet,
) {
    let releases: Vec<Span> = asserted
        .iter()
        .filter(|t| {
            t.what.cue == TriggerCue::Swap && t.what.sub_event_type.as_deref() == Some(AGREEMENT)
        })
        .map(|t| t.span)
        .collect();
    if releases.is_empty() {
        return;
    }
    let held = |t: &Tagged<&Trigger>| {
        matches!(
            t.what.sub_event_type.as_deref(),
            Some("abduction" | ARRESTS)
        ) && releases.iter().any(|&r| {
            let (a, b) = if t.span.end <= r.start {
                (t.span, r)
            } else {
                (r, t.span)
            };
            !layers.punct_between(a.end, b.start, CLAUSE)
        }) && !actors
            .iter()
            .any(|a| is_armed(a) && layers.right_before(a.span, t.span, CLAUSE))
    };
    let before = asserted.len();
    asserted.retain(|t| !held(t));
    if asserted.len() < before {
        fired.add(Rule::RELEASE_OF_CAPTIVES);
    }
}

/// [`Rule::PACT_ENDS_PROTEST`]: in a sentence with no casualty figure, an
/// agreement told by a verb (a `pact` or `accord` cue, or a word of its phrase
/// with a `participle_suffix`: "signed a deal") outranks protest words told
/// only as nouns ("the protest movement", "striking doctors", "ending their
/// sit-in"); a protest verb ("marched", "rallied") keeps the protest.
fn pact_ends_protest(
    layers: &Layers,
    lex: &Lexicons,
    asserted: &mut Vec<Tagged<&Trigger>>,
    fired: &mut RuleSet,
) {
    let verb = |t: &Tagged<&Trigger>| {
        layers
            .words_in(t.span.start, t.span.end)
            .iter()
            .any(|&(_, w)| crate::words::ends_with_one(&lex.words.participle_suffixes, w))
    };
    let agreed = asserted.iter().any(|t| {
        t.what.sub_event_type.as_deref() == Some(AGREEMENT)
            && (matches!(t.what.cue, TriggerCue::Pact | TriggerCue::Accord) || verb(t))
    });
    let protests = |t: &Tagged<&Trigger>| t.what.event_type == EventType::Protests;
    if !agreed || asserted.iter().any(|t| protests(t) && verb(t)) {
        return;
    }
    let before = asserted.len();
    asserted.retain(|t| !protests(t));
    if asserted.len() < before {
        fired.add(Rule::PACT_ENDS_PROTEST);
    }
}

/// The type follows the act that caused the casualties, not a weapon word told
/// with it: when the best trigger is an incidental one (a blast, a grenade, a
/// "terror strike") and the sentence also tells a direct act ("shot dead",
/// "opened fire"), the direct act comes first ("gunmen shot dead nine
/// worshippers; a grenade was thrown as they fled").
fn act_over_weapon(asserted: &mut [Tagged<&Trigger>]) {
    if asserted
        .first()
        .is_some_and(|t| t.what.cue == TriggerCue::Incidental)
    {
        if let Some(i) = asserted
            .iter()
            .position(|t| t.what.cue == TriggerCue::Direct)
        {
            asserted[..=i].rotate_right(1);
        }
    }
}

/// The threat a trigger of modality `kind` tells, if any: a threat cue before
/// it with an armed actor before the cue; or "Al-Shabaab will attack the
/// base", "the TTP would continue attacks": a future act with a named armed
/// group as its subject.
fn threat_of<'a>(
    layers: &Layers,
    lex: &Lexicons,
    sentence: &Sentence,
    actors: &[&'a ActorMention],
    trig: Span,
    kind: ModalityKind,
) -> Option<(Span, &'a ActorMention)> {
    let span = sentence.span;
    match kind {
        ModalityKind::Threat => {
            let cue = inside(sentence.modality, span, |c| c.span)
                .rfind(|c| c.what.kind == ModalityKind::Threat && c.span.end <= trig.start)?;
            let a = actors
                .iter()
                .rfind(|a| a.span.end <= cue.span.start && is_armed(a))?;
            Some((cue.span, *a))
        }
        ModalityKind::Future | ModalityKind::Hypothetical => {
            let cue = inside(sentence.modality, span, |c| c.span).rfind(|c| {
                c.what.kind == kind
                    && c.span.end <= trig.start
                    && layers.words_between(c.span, trig) <= 3
                    // "would have attacked" is what did not happen.
                    && layers
                        .words
                        .get(layers.word_index(c.span.start) + 1)
                        .is_none_or(|(_, w)| !is(&lex.words.counterfactuals, w))
            })?;
            let a = actors.iter().rfind(|a| {
                layers.right_before(a.span, cue.span, &[])
                    && is_armed(a)
                    && a.link != sitrep_core::LinkKind::Generic
            })?;
            // (Another's forecast, "experts warn that al-Shabaab could launch
            // attacks", "police said gangs may strike", told by no named armed
            // actor, is no threat by the group.)
            let foretold = inside(sentence.modality, span, |c| c.span)
                .any(|c| c.what.kind == ModalityKind::Threat && c.span.end <= a.span.start)
                || inside(sentence.roles, span, |r| r.span)
                    .any(|r| r.what == RoleCue::Report && r.span.end <= a.span.start);
            let armed_speaker = actors.iter().any(|b| {
                b.span.end <= a.span.start
                    && is_armed(b)
                    && b.link != sitrep_core::LinkKind::Generic
            });
            (!foretold || armed_speaker).then_some((cue.span, *a))
        }
        _ => None,
    }
}

/// How a sentence stands to the ones before it.
struct Relation {
    anaphoric: bool,
    sequel: bool,
    days_before: Option<(i32, Span)>,
    counted_from_next: bool,
    separate: bool,
    recalled: bool,
    /// Where a `separate_doer` cue opens another party's act: the acts told
    /// before it are the one referred to, not this sentence's.
    doer_from: Option<usize>,
}

/// Rules [`Rule::ANAPHOR`], [`Rule::SEQUEL`], [`Rule::SEPARATE`].
fn relation(
    layers: &Layers,
    span: Span,
    roles: &[&Tagged<RoleCue>],
    asserted: &[Tagged<&Trigger>],
    fired: &mut RuleSet,
) -> Relation {
    // "the attack", and "Friday's (deadly) attack": a definite reference to an
    // act told (a possessive date, at most two words before the trigger).
    let possessive_date = |t: Span| {
        starting_in(
            &layers.dates,
            t.start.saturating_sub(LONGEST_MENTION),
            t.start,
            |d| d.span.start,
        )
        .iter()
        .any(|d| {
            d.span.end <= t.start
                && layers
                    .text
                    .get(d.span.end..t.start)
                    .is_some_and(|g| g.starts_with("'s") || g.starts_with("\u{2019}s"))
                && layers.words_between(d.span, t) <= 2
        })
    };
    // "claimed the attack" refers back as well.
    let anaphoric = roles.iter().any(|r| {
        matches!(r.what, RoleCue::Anaphor | RoleCue::Claim)
            && asserted.iter().any(|t| r.span.overlaps(t.span))
    }) || asserted.iter().any(|t| possessive_date(t.span));
    let sentence_start_word = layers.word_index(span.start);
    // The rest of a sentence cut at "came (two days) after": an earlier act.
    let opener = roles.iter().find(|r| r.span.start == span.start);
    // A gap within five words of an opening verb, in days (an hour count
    // right before the gap, "24 hours after", counts whole days).
    let gap_after = |r: &&Tagged<RoleCue>| {
        let reach = if r.what == RoleCue::Occurred { 3 } else { 5 };
        roles.iter().find_map(|g| match g.what {
            RoleCue::SequelGap(n)
                if g.span.start >= r.span.end
                    && span.contains(g.span)
                    && layers.words_between(r.span, g.span) <= reach =>
            {
                Some((gap_days(layers, n, g.span), g.span))
            }
            _ => None,
        })
    };
    // "The blast happened barely 24 hours after …" opens the rest of a
    // sentence cut at its verb of occurrence (`split_sequels`) as well.
    let occurred_gap = opener
        .filter(|r| r.what == RoleCue::Occurred)
        .and_then(gap_after);
    let sequel = occurred_gap.is_some()
        || opener.is_some_and(|r| matches!(r.what, RoleCue::Sequel | RoleCue::SequelGap(_)));
    // ", a day after …": the earlier act is that many days before the first.
    // "came (exactly) one week after …": a time gap within five words of a
    // sequel verb that opens the clause counts the days just as well.
    let days_before = opener
        .and_then(|r| match r.what {
            RoleCue::SequelGap(n) => Some((gap_days(layers, n, r.span), r.span)),
            RoleCue::Sequel => gap_after(r),
            RoleCue::Occurred => occurred_gap,
            _ => None,
        })
        .filter(|(n, _)| *n != 0);
    let separate_cue = roles.iter().any(|r| {
        r.what == RoleCue::Separate && layers.word_index(r.span.start) <= sentence_start_word + 2
    });
    // "While the attack on A was ongoing, another group of gunmen raided B":
    // another party's act, wherever it stands in the sentence, is another act
    // (the attack it refers to only dates it).
    let doer_from = roles
        .iter()
        .find(|r| {
            r.what == RoleCue::SeparateDoer
                && asserted.iter().any(|t| {
                    t.span.start >= r.span.end && layers.words_between(r.span, t.span) <= 3
                })
        })
        .map(|r| r.span.start);
    let separate_doer = doer_from.is_some();
    let anaphoric = anaphoric && !separate_doer;
    let separate_cue = separate_cue || separate_doer;
    if anaphoric {
        fired.add(Rule::ANAPHOR);
    }
    if sequel {
        fired.add(Rule::SEQUEL);
    }
    if separate_cue {
        fired.add(Rule::SEPARATE);
    }
    // "… had killed two farmers four days earlier": an incident recalled from
    // before the report's own act (not a reference back to it).
    let recall = (!anaphoric && !asserted.is_empty())
        .then(|| {
            roles.iter().find_map(|r| match r.what {
                RoleCue::Recalled(n) => Some((n, r.span)),
                _ => None,
            })
        })
        .flatten();
    if recall.is_some() {
        fired.add(Rule::RECALLED_INCIDENT);
    }
    // The gap opens the sentence's first clause, cut at its comma
    // (`split_sequels`): the act it counts from is told after it.
    let counted_from_next =
        days_before.is_some() && span.text(layers.text).trim_end().ends_with(',');
    let days_before = days_before.or(recall.filter(|(n, _)| *n != 0));
    Relation {
        anaphoric,
        sequel,
        days_before,
        counted_from_next,
        separate: sequel || separate_cue,
        recalled: recall.is_some(),
        doer_from,
    }
}

/// [`Rule::DATE_BEFORE_TELLING`]: the day of a claim or a telling in sentence
/// `span`, a day at most two words from a report or claim cue (or a claim
/// day), for an act no other day dates.
fn told_on(
    layers: &Layers,
    span: Span,
    roles: &[&Tagged<RoleCue>],
    claim_days: &[Span],
) -> Option<chrono::NaiveDate> {
    within(&layers.dates, span, |d| d.span)
        .filter(|d| d.range.precision == sitrep_core::DatePrecision::Day)
        .find(|d| {
            claim_days.contains(&d.span)
                || roles.iter().any(|r| {
                    matches!(r.what, RoleCue::Report | RoleCue::Claim)
                        && layers.words_between(r.span, d.span) <= 2
                })
        })
        .and_then(|d| d.range.end)
}

/// [`Rule::TYPE_THROWN_BOMB`]: a `thrown` cue ("hurled", "lobbed") at most
/// three words before a remote explosive's word of the sentence, with no
/// clause punctuation between ("hurled two crude bombs at …").
fn thrown_bomb(layers: &Layers, roles: &[&Tagged<RoleCue>], asserted: &[Tagged<&Trigger>]) -> bool {
    asserted.iter().any(|t| {
        t.what.sub_event_type.as_deref() == Some("remote_explosive")
            && roles.iter().any(|r| {
                r.what == RoleCue::Thrown
                    && r.span.end <= t.span.start
                    && layers.words_between(r.span, t.span) <= 3
                    && !layers.punct_between(r.span.end, t.span.start, CLAUSE)
            })
    })
}

/// The days a `sequel_gap` cue at `gap` counts: its own figure, or for a gap
/// in hours ("24 hours after", "48 hours after") the whole days of the hour
/// count written in figures right before it (0 when neither is told).
fn gap_days(layers: &Layers, days: i32, gap: Span) -> i32 {
    if days != 0 {
        return days;
    }
    let before = layers.text.get(..gap.start).unwrap_or("").trim_end();
    let figure = before
        .rsplit(|c: char| !c.is_ascii_digit())
        .next()
        .filter(|f| !f.is_empty() && f.len() <= 3 && before.ends_with(*f));
    figure
        .and_then(|f| f.parse::<i32>().ok())
        .map_or(0, |h| (h + 12) / 24)
}

/// The places coordinated with the act's place `place` ("in A, B and C", "A
/// and B"): a run of places of one precision and country, separated only by
/// commas and a last "and"/"or", not after a `not_site_list` word ("between A
/// and B" is one road). Empty unless two or more.
fn sites<'a>(
    layers: &Layers,
    lex: &Lexicons,
    places: &[&'a PlaceMention],
    place: Option<&'a PlaceMention>,
) -> Vec<&'a PlaceMention> {
    let Some(place) = place else {
        return Vec::new();
    };
    let mut all: Vec<&PlaceMention> = places
        .iter()
        .copied()
        .filter(|p| p.precision != GeoPrecision::Country && p.place.country == place.place.country)
        .collect();
    all.sort_by_key(|p| p.phrase.start);
    let Some(at) = all.iter().position(|p| std::ptr::eq(*p, place)) else {
        return Vec::new();
    };
    // The gap between two places: "," | "and" | ", and" | "or".
    let gap = |a: &PlaceMention, b: &PlaceMention| -> Option<bool> {
        list_gap(lex, layers.text.get(a.phrase.end..b.phrase.start)?)
    };
    let (mut first, mut last) = (at, at);
    while first > 0
        && all
            .get(first - 1)
            .zip(all.get(first))
            .and_then(|(a, b)| gap(a, b))
            .is_some()
    {
        first -= 1;
    }
    while all
        .get(last)
        .zip(all.get(last + 1))
        .and_then(|(a, b)| gap(a, b))
        .is_some()
    {
        last += 1;
    }
    let run = all.get(first..=last).unwrap_or(&[]);
    let joined = run
        .windows(2)
        .filter_map(|w| gap(w[0], w[1]))
        .collect::<Vec<_>>();
    // A list ends with "and"/"or" ("A, B and C"); "Maiduguri, Borno" is not one.
    let list = run.len() >= 2 && joined.last() == Some(&true);
    let distinct = run.iter().enumerate().all(|(i, p)| {
        run.get(..i)
            .unwrap_or(&[])
            .iter()
            .all(|q| q.place.geonames_id != p.place.geonames_id)
    });
    let between = run.first().is_some_and(|p| {
        let wi = layers.word_index(p.phrase.start);
        wi > 0
            && layers
                .words
                .get(wi - 1)
                .is_some_and(|(_, w)| is(&lex.words.not_site_lists, w))
    });
    if list && distinct && !between {
        run.to_vec()
    } else {
        Vec::new()
    }
}

/// Rule [`Rule::PLACE_NEAREST_FINEST`]: the finest place, then the nearest to
/// the trigger, among places of the nearest one's country. A country named
/// right before a trigger ("a US drone strike", "Russian shelling") tells whose
/// act it is, not where, when the sentence names another place; so does a
/// country named before the act when a place of another country follows it
/// ("Iran, in a rare strike, hit camps inside Iraq"). A place in
/// another role (`place-roles.tsv`: "from X", "bound for X", "X's embassy",
/// "X said") is never the act's place; one read as the act's place ("inside
/// X") comes first. A country named right before what it owns ("the US base
/// at X") is ranked last when a place of another country is named.
fn place_of<'a>(
    layers: &Layers,
    lex: &Lexicons,
    places: &[&'a PlaceMention],
    asserted: &[Tagged<&Trigger>],
    anchor: Span,
) -> Option<&'a PlaceMention> {
    let modifier = |p: &PlaceMention| {
        p.precision == GeoPrecision::Country
            && asserted
                .iter()
                .any(|t| layers.right_before(p.span, t.span, &[]))
    };
    // (A deployment's destination is its place: "troops were deployed to the
    // town of X"; so for any change of a group's activity told with one.)
    let moved = asserted.iter().any(|t| {
        t.what.cue == crate::lexicon::TriggerCue::Forces
            || t.what.sub_event_type.as_deref() == Some("change_to_group_activity")
    });
    // ("on its way from X to Y": a route's start is no act's place either.)
    let route = !moved
        && places
            .iter()
            .any(|p| layers.place_role(p) == Some(PlaceRole::Destination));
    // (place, its role is the act's, it may be only where someone came from)
    let candidates: Vec<(&'a PlaceMention, bool, bool)> = places
        .iter()
        .filter_map(|p| {
            let role = layers.place_role(p);
            let kept = !role.is_some_and(PlaceRole::elsewhere)
                || (moved && role == Some(PlaceRole::Destination));
            let source = role == Some(PlaceRole::Source);
            (kept && !(source && (p.precision == GeoPrecision::Country || route))).then_some((
                *p,
                role == Some(PlaceRole::Event),
                source,
            ))
        })
        .collect();
    // "Iran, in a rare strike, hit camps inside Iraq": a country named before
    // the act, when a place of another country is named after it, is the
    // attacking state, not where.
    let attacker_state = |p: &PlaceMention| {
        p.precision == GeoPrecision::Country
            && !p.demonym
            && p.span.end <= anchor.start
            && candidates.iter().any(|(q, _, source)| {
                !source && q.span.start >= anchor.end && q.place.country != p.place.country
            })
    };
    // "rockets were fired at the US base at Ain al-Asad": a country named
    // right before what it owns (`owned` of `sentence-words.tsv`: a base,
    // troops, a ship), when a place of another country is named, is whose,
    // not where.
    let owner = |p: &PlaceMention| {
        p.precision == GeoPrecision::Country
            && !p.demonym
            && layers
                .words
                .get(layers.word_index(p.span.end))
                .is_some_and(|&(ws, w)| {
                    is(&lex.words.owned, w)
                        && layers
                            .text
                            .get(p.span.end..ws.start)
                            .is_some_and(|g| g.trim().is_empty())
                })
            && candidates
                .iter()
                .any(|(q, _, source)| !source && q.place.country != p.place.country)
    };
    let nearest = candidates.iter().min_by_key(|(p, event, source)| {
        (
            !event,
            *source,
            modifier(p) || attacker_state(p) || owner(p),
            layers.words_between(p.span, anchor),
        )
    });
    nearest.and_then(|&(n, _, n_source)| {
        candidates
            .iter()
            .filter(|&&(_, _, source)| n_source || !source)
            .map(|&(p, _, _)| p)
            .filter(|p| p.place.country == n.place.country)
            .filter(|p| {
                p.precision == n.precision
                    || n.place.admin1_code.is_none()
                    || p.place.admin1_code == n.place.admin1_code
            })
            .min_by_key(|p| (p.precision.rank(), layers.words_between(p.span, anchor)))
    })
}

/// Rule [`Rule::DATE_NEAR_ACT`]: the expression nearest the trigger, within
/// twelve words of it or opening the sentence; never one that dates the
/// telling ("said Friday").
fn date_of<'a>(
    layers: &'a Layers,
    lex: &Lexicons,
    sentence: &Sentence<'a>,
    asserted: &[Tagged<&Trigger>],
    anchor: Span,
    (claim_days, announced): (&[Span], bool),
) -> Option<&'a DateHit> {
    let span = sentence.span;
    let sentence_start = layers.word_index(span.start);
    let points: Vec<Span> = asserted
        .iter()
        .map(|t| t.span)
        .chain(inside(sentence.casualty_words, span, |w| w.span).map(|w| w.span))
        .collect();
    let near_act = |s: Span| {
        points
            .iter()
            .map(|&p| layers.words_between(s, p))
            .min()
            .unwrap_or(usize::MAX)
            <= 12
    };
    let dates = || inside(sentence.dates, span, |d| d.span);
    dates()
        .filter(|d| {
            let wi = layers.word_index(d.span.start);
            // "said Friday's attack": a possessive date names the act.
            let possessive = possessive_date(layers, d.span);
            // "said Friday", "said in a message on its channel on Thursday
            // that …": a word of telling at most six words before the date,
            // with no act word between them.
            // (Not for an announcement: "said on Friday it would withdraw" is
            // on the day told, [`Rule::ANNOUNCED_CHANGE`].)
            let told = !possessive
                && !announced
                && (wi.saturating_sub(6).max(sentence_start)..wi)
                    .rev()
                    .any(|i| {
                        layers.words.get(i).is_some_and(|(ws, w)| {
                            // (A word of telling that is the act's own word,
                            // "released 20 abducted farmers … on Monday", tells
                            // the act, not a report of it.)
                            lex.reporting.contains(w)
                                && !asserted.iter().any(|t| {
                                    (t.span.start >= ws.end && t.span.start < d.span.start)
                                        || t.span.overlaps(*ws)
                                })
                        })
                    });
            // A lone day in the sentence dates its act wherever it stands
            // ("… at a mosque in the village of X in eastern Y on Sunday").
            let lone_day =
                d.range.precision == sitrep_core::DatePrecision::Day && dates().count() == 1;
            // "recovered the commune, which had been held since 2022": a
            // date in a relative clause set off after the act dates what the
            // clause describes.
            let described = anchor.end <= d.span.start
                && relative_clause_between(layers, lex, anchor.end, d.span.start);
            !told
                && !described
                && !claim_days.contains(&d.span)
                && (wi <= sentence_start + 3 || near_act(d.span) || lone_day)
        })
        .min_by_key(|d| layers.words_between(d.span, anchor))
}

/// [`Rule::ANOTHER_ACT`]: "was killed in another airstrike", "another deadly
/// raid": a `distinct` word right before an act word, with at most one
/// modifier between (not a verb's auxiliary: "another was wounded" counts a
/// victim) and no punctuation; not before a doer's noun ("another suicide
/// bomber" struck in the same attack: a `doer_suffix` ending).
fn another_act(layers: &Layers, lex: &Lexicons, asserted: &[Tagged<&Trigger>]) -> bool {
    asserted.iter().any(|t| {
        let last = layers
            .words
            .get(layers.word_index(t.span.end).wrapping_sub(1));
        if last.is_some_and(|(_, w)| crate::words::ends_with_one(&lex.words.doer_suffixes, w)) {
            return false;
        }
        let ti = layers.word_index(t.span.start);
        let before = |k: usize| ti.checked_sub(k).and_then(|i| layers.words.get(i));
        let distinct = |(ws, w): &(Span, &str)| {
            is(&lex.words.distinct, w)
                && !layers.punct_between(ws.end, t.span.start, &[',', ';', ':', '.'])
        };
        before(1).is_some_and(distinct)
            || before(2).is_some_and(distinct)
                && before(1).is_some_and(|(_, w)| !is(&lex.words.be_aux, w))
    })
}

/// "a similar attack", "an identical raid": the first act word is generic (no
/// sub-type, or a plain attack) and a word of likeness (`similar` of
/// sentence-words.tsv) stands right before it.
fn similar_act(layers: &Layers, lex: &Lexicons, asserted: &[Tagged<&Trigger>]) -> bool {
    asserted.first().is_some_and(|t| {
        matches!(t.what.sub_event_type.as_deref(), None | Some("attack"))
            && t.span.start > 0
            && layers
                .words
                .get(layers.word_index(t.span.start).wrapping_sub(1))
                .is_some_and(|(ws, w)| {
                    is(&lex.words.similar, w)
                        && !layers.punct_between(ws.end, t.span.start, &[',', ';', ':', '.'])
                })
    })
}

/// "Friday's attack": a date in the possessive names the act.
fn possessive_date(layers: &Layers, d: Span) -> bool {
    layers
        .text
        .get(d.start..d.end)
        .is_some_and(|t| t.ends_with("'s") || t.ends_with("\u{2019}s"))
        || layers
            .text
            .get(d.end..)
            .is_some_and(|t| t.starts_with("'s") || t.starts_with("\u{2019}s"))
}

/// Rule [`Rule::DATE_NOT_CLAIM_DAY`]: the dates of the sentence that date its
/// claim: right after a claim cue ("claimed responsibility on Friday for"), or
/// before it with nothing but the claimant and punctuation between ("On
/// Friday, X claimed", "X on Friday claimed"); no act word between the two.
/// Only days: a claim is made within days of its act, so a week, month or
/// year dates both; never before a passive claim ("the attack on Friday,
/// claimed by X").
fn claim_days(
    layers: &Layers,
    sentence: &Sentence,
    cues: &[Span],
    roles: &[&Tagged<RoleCue>],
    asserted: &[Tagged<&Trigger>],
    actors: &[&ActorMention],
) -> Vec<Span> {
    // (A claim comes days after the act at most: a month, a year or a week
    // covers both.)
    let day = |d: &&DateHit| d.range.precision == sitrep_core::DatePrecision::Day;
    let dates = || inside(sentence.dates, sentence.span, |d| d.span);
    if !dates().any(|d| day(&d)) {
        return Vec::new();
    }
    if cues.is_empty() {
        return Vec::new();
    }
    // Words between `a` and `b` that no actor mention covers.
    let bare_words = |a: Span, b: Span| {
        let (from, to) = (layers.word_index(a.end), layers.word_index(b.start));
        layers
            .words
            .get(from..to)
            .unwrap_or(&[])
            .iter()
            .filter(|(ws, _)| !actors.iter().any(|m| m.span.contains(*ws)))
            .count()
    };
    // ("The attack in May, claimed by X": a passive claim follows the act.)
    let passive = |c: Span| {
        roles
            .iter()
            .any(|r| r.what == RoleCue::ClaimedBy && r.span.overlaps(c))
    };
    dates()
        .filter(day)
        .filter(|d| !possessive_date(layers, d.span))
        .filter(|d| {
            cues.iter().filter(|&&c| !passive(c)).any(|&c| {
                let (first, second) = if d.span.end <= c.start {
                    (d.span, c)
                } else {
                    (c, d.span)
                };
                let act_between = asserted
                    .iter()
                    .any(|t| t.span.start >= first.end && t.span.end <= second.start);
                let near = if d.span.end <= c.start {
                    bare_words(d.span, c) == 0
                } else {
                    layers.words_between(c, d.span) == 0
                };
                near && !act_between
            })
        })
        .map(|d| d.span)
        .collect()
}

/// The spans of the sentence's claim cues: those of `roles.tsv`, and "X
/// claimed the (roadside) bombing": *claimed* followed within four words by an
/// act word. ("claimed that …", "claimed to …" report a statement.)
fn claim_cues(
    layers: &Layers,
    lex: &Lexicons,
    span: Span,
    roles: &[&Tagged<RoleCue>],
    asserted: &[Tagged<&Trigger>],
) -> Vec<Span> {
    // (Only the four words before each act word can hold its claim verb: the
    // indexes of those windows, in order, each once.)
    let first = layers.word_index(span.start);
    let mut near_acts: Vec<usize> = asserted
        .iter()
        .flat_map(|t| {
            let ti = layers.word_index(t.span.start);
            ti.saturating_sub(4).max(first)..ti
        })
        .collect();
    near_acts.sort_unstable();
    near_acts.dedup();
    let claimed_act = near_acts
        .into_iter()
        .filter_map(|k| layers.words.get(k))
        .filter(|(s, w)| span.contains(*s) && is(&lex.words.claim_verbs, w))
        .filter(|(s, _)| {
            let next = layers.words.get(layers.word_index(s.end)).map(|w| w.1);
            !next.is_some_and(|n| is(&lex.words.claim_statements, n))
        })
        .filter(|(s, _)| {
            asserted
                .iter()
                .any(|t| t.span.start > s.end && layers.words_between(*s, t.span) <= 3)
        })
        .map(|(s, _)| *s);
    // "no group has claimed responsibility", "has not claimed the attack": a
    // negator within three words before the cue (in its clause) says no one
    // claimed it.
    let negated = |c: &Span| {
        let wi = layers.word_index(c.start);
        layers
            .words
            .get(wi.saturating_sub(3)..wi)
            .unwrap_or(&[])
            .iter()
            .any(|(s, w)| {
                span.contains(*s)
                    && is(&lex.words.claim_negators, w)
                    && !layers.punct_between(s.end, c.start, &[',', ';', ':'])
            })
    };
    roles
        .iter()
        .filter(|r| r.what == RoleCue::Claim)
        .map(|r| r.span)
        .chain(claimed_act)
        .filter(|c| !negated(c))
        .collect()
}

/// The claimants of a sentence ([`Rule::ROLE_CLAIMANT`]): for each claim cue,
/// the clause's subject (the first armed non-state actor of the sentence,
/// within sixteen words, past an apposition: "JNIM, al-Qaeda's affiliate in
/// the Sahel, said…"), else the nearest armed actor before; and "X claimed
/// that in their attack they killed 200 soldiers", "X said it killed nine
/// soldiers": a named non-state group telling its own act claims it.
fn claimants(
    layers: &Layers,
    lex: &Lexicons,
    span: Span,
    (roles, cues): (&[&Tagged<RoleCue>], &[Span]),
    asserted: &[Tagged<&Trigger>],
    actors: &[&ActorMention],
) -> Vec<Span> {
    let own_act = |r: &&&Tagged<RoleCue>| {
        // From the cue's own words on: "said its fighters" is one cue.
        let from = layers.word_index(r.span.start);
        let to = layers.word_index(span.end);
        layers
            .words
            .get(from..to)
            .unwrap_or(&[])
            .iter()
            .take(20)
            .any(|(ws, w)| {
                is(&lex.words.own_pronouns, w)
                    && asserted
                        .iter()
                        .map(|t| t.span)
                        .chain({
                            // Those starting within three words of `ws`.
                            let k = layers.word_index(ws.end);
                            let to = layers.words.get(k + 3).map_or(usize::MAX, |w| w.0.start);
                            starting_in(&layers.casualty_words, ws.end, to, |c| c.span.start)
                                .iter()
                                .filter(|c| c.what.before)
                                .map(|c| c.span)
                        })
                        .any(|t| t.start >= ws.end && layers.words_between(*ws, t) <= 3)
            })
    };
    let own_claimants = roles
        .iter()
        .filter(|r| matches!(r.what, RoleCue::Allege | RoleCue::Report))
        .filter(own_act)
        .filter_map(|r| {
            actors
                .iter()
                .filter(|a| {
                    a.span.end <= r.span.start
                        && !layers.punct_between(a.span.end, r.span.start, &[';', '.'])
                        && layers.words_between(a.span, r.span) <= 16
                })
                .find(|a| {
                    is_armed(a)
                        && a.link != sitrep_core::LinkKind::Generic
                        && !matches!(a.actor.kind, ActorType::StateForces | ActorType::Police)
                })
                .map(|a| a.span)
        });
    cues.iter()
        .filter(|&&c| !own_measure(layers, asserted, c))
        .filter_map(|&c| {
            let before = |a: &&&ActorMention| {
                a.span.end <= c.start && !layers.punct_between(a.span.end, c.start, &[';', '.'])
            };
            actors
                .iter()
                .filter(before)
                .find(|a| {
                    is_armed(a) && !generic_forces(a) && layers.words_between(a.span, c) <= 16
                })
                .or_else(|| {
                    actors
                        .iter()
                        .filter(before)
                        .rfind(|a| is_armed(a) && layers.words_between(a.span, c) <= 10)
                })
                .map(|a| a.span)
        })
        .chain(own_claimants)
        .collect()
}

/// "Police said they had arrested two suspects in the killing of …": a claim
/// cue right before the speaker's own measure (an arrest, a seizure, a bomb
/// defused: a strategic development) tells that measure, which the speaker
/// did ([`Rule::ROLE_OWN_MEASURE`]), not a claim of the violent act.
fn own_measure(layers: &Layers, asserted: &[Tagged<&Trigger>], cue: Span) -> bool {
    asserted
        .iter()
        .filter(|t| t.span.start >= cue.end)
        .min_by_key(|t| t.span.start)
        .is_some_and(|t| {
            t.what.event_type == sitrep_core::EventType::StrategicDevelopments
                && layers.words_between(cue, t.span) <= 2
        })
}

/// What the role rules of one sentence read.
struct RoleContext<'s, 'a> {
    layers: &'a Layers<'a>,
    lex: &'a Lexicons,
    span: Span,
    roles: &'s [&'a Tagged<RoleCue>],
    asserted: &'s [Tagged<&'a Trigger>],
    main: Option<Span>,
    claimants: Vec<Span>,
    accusers: Vec<&'a str>,
    accuse_cue: Option<&'a Tagged<RoleCue>>,
    suspect_cue: Option<&'a Tagged<RoleCue>>,
    battle: bool,
    forces_act: bool,
    /// A violent act told with a protest word ("Police killed a student
    /// during a peaceful protest"): [`Rule::ROLE_FORCES_AT_PROTEST`].
    at_protest: bool,
    figs: &'s [Figure],
    /// The sentence's actor mentions.
    actors: &'s [&'a ActorMention],
}

/// Whether the act's word (`main`) harms fighters of a non-state group after
/// it ("killed 12 militants"): [`Rule::ROLE_FORCES_AGAINST_FIGHTERS`].
fn harms_fighters(
    layers: &Layers,
    lex: &Lexicons,
    span: Span,
    main: Option<Span>,
    actors: &[&ActorMention],
    figs: &[Figure],
) -> bool {
    main.is_some_and(|m| {
        actors.iter().any(|b| {
            b.span.start >= m.end
                && b.actor.kind.is_armed_non_state()
                && object_of_harm(layers, lex, span, figs, b)
        })
    })
}

/// Rule [`Rule::ROLE_FORCES_HARM_CIVILIANS`]: generic soldiers or police
/// written right before the act's word, with nothing between ("Soldiers
/// killed a herder …", "Police shot dead two traders …"), and the act's harm
/// told after it (a casualty figure or civilians after the word): they did
/// it. ("Soldiers killed in ambush", a headline's passive, has no harm after
/// its word; "soldiers were killed" has a word between.)
fn forces_harm_civilians(c: &RoleContext, main: Option<Span>, a: &ActorMention) -> bool {
    let layers = c.layers;
    main.is_some_and(|m| {
        a.span.end <= m.start
            && layers
                .text
                .get(a.span.end..m.start)
                .is_some_and(|g| g.trim().is_empty())
            && c.asserted
                .first()
                .is_some_and(|t| t.what.event_type.is_violent())
            && (c
                .figs
                .iter()
                .any(|f| f.span.start >= m.start && !f.attackers)
                || c.actors
                    .iter()
                    .any(|b| b.span.start >= m.end && b.actor.kind == ActorType::Civilians))
    })
}

/// Whether a cue of a future or threatened act stands between an actor and
/// the act: the actor is the subject of what is intended ("asked the army to
/// explore options for air strikes on the group behind the attack"), not of
/// the act. (A hypothetical cue is not one: "X could have launched the
/// bombing" names a suspected doer of the act.)
fn intent_between(layers: &Layers, actor: Span, act: Span) -> bool {
    within(&layers.modality, Span::new(actor.end, act.start), |m| {
        m.span
    })
    .any(|m| matches!(m.what.kind, ModalityKind::Future | ModalityKind::Threat))
}

/// Whether a `speaker` title follows actor `a` closely: at most two words
/// between ("the Taliban's chief spokesperson") and no clause punctuation
/// ("gunmen opened fire, a ministry spokesman said": the gunmen do not speak);
/// or `a` in the genitive before a `title` of office within three words, a
/// report cue at most five words after the title ("the Taliban's deputy
/// police chief for the province, said"; not "killed Hamas's military chief
/// in a strike …, officials reported"); or `a` a generic forces or police
/// word right before an `office`, in a sentence that reports ("according to
/// the regional military administration": an office that speaks, not the
/// army).
fn speaks_for(layers: &Layers, roles: &[&Tagged<RoleCue>], a: &ActorMention) -> bool {
    let genitive = layers
        .text
        .get(a.span.end..)
        .is_some_and(|t| t.starts_with("'s ") || t.starts_with("\u{2019}s "));
    roles.iter().any(|r| {
        r.span.start >= a.span.end
            && !layers.punct_between(a.span.end, r.span.start, CLAUSE)
            && match r.what {
                RoleCue::Speaker => layers.words_between(a.span, r.span) <= 2,
                RoleCue::Office => {
                    a.link == sitrep_core::LinkKind::Generic
                        && layers.right_before(a.span, r.span, &[])
                        && roles
                            .iter()
                            .any(|c| matches!(c.what, RoleCue::Report | RoleCue::ReportBy))
                }
                RoleCue::Title => {
                    genitive
                        && layers.words_between(a.span, r.span) <= 3
                        && roles.iter().any(|c| {
                            c.what == RoleCue::Report
                                && c.span.start >= r.span.end
                                && layers.words_between(r.span, c.span) <= 5
                        })
                }
                _ => false,
            }
    })
}

/// Rule [`Rule::ROLE_BATTLE_SIDE`]: in a battle, an actor after the act's
/// word, or inside the act's phrase when another actor stands before it
/// ("rebels overran an army post": the army; not the taker of "the town fell
/// to the rebels").
fn battle_side(c: &RoleContext, a: &ActorMention) -> bool {
    c.battle
        && c.main.is_some_and(|m| {
            a.span.start >= m.end
                || (a.span.start > m.start && c.actors.iter().any(|b| b.span.end <= m.start))
        })
}

/// Whether the blame cue at `cue` is passive: a `be_aux` word right before it
/// ("were accused of", "has been blamed for").
fn blame_passive(c: &RoleContext, cue: Span) -> bool {
    c.layers
        .word_before(cue.start)
        .is_some_and(|w| is(&c.lex.words.be_aux, w))
}

/// [`Rule::ROLE_STRIKE_AGENT`]: whether actor `a` names the strike (or, a
/// named group after an article, any act) told right after it.
fn strike_agent(c: &RoleContext, a: &ActorMention) -> bool {
    let layers = c.layers;
    // "junta airstrikes", "Russian shelling", "Israeli strike": the actor
    // naming a strike from afar is its agent; so is a named group naming any
    // act ("an al-Shabaab siege", "a Taliban ambush").
    // (A noun phrase: an article opens it, "an X siege"; "X targeted" is a verb.)
    let after_article = layers
        .word_before(a.span.start)
        .is_some_and(|w| is(&c.lex.words.articles, w));
    c.asserted.iter().any(|t| {
        (t.what.event_type == sitrep_core::EventType::ExplosionsRemoteViolence
            || (a.link != sitrep_core::LinkKind::Generic && after_article))
            && t.span.start >= a.span.end
            && matches!(
                layers.text.get(a.span.end..t.span.start),
                Some(" " | "-" | "'s " | "\u{2019}s ")
            )
    })
}

/// A violent act, or a taking by force (a sub-type of taking a place other
/// than its non-violent transfer).
fn forceful(t: &Tagged<&Trigger>) -> bool {
    t.what.event_type.is_violent()
        || t.what
            .sub_event_type
            .as_deref()
            .is_some_and(|s| TAKING[..2].contains(&s))
}

/// The role of actor `a` in its sentence and the named rule that gave it
/// (`None` for no role); `subject_taken` tells whether [`Rule::ROLE_SUBJECT`]
/// was given already. The rules are tried in this order; the first that
/// applies decides.
fn role_of(c: &RoleContext, a: &ActorMention, subject_taken: bool) -> (Option<SRole>, Rule) {
    let (layers, roles, main) = (c.layers, c.roles, c.main);
    // ("on" of "on Thursday when bandits attacked" is the date's, no cue.)
    let in_date = |s: Span| {
        starting_in(
            &layers.dates,
            s.start.saturating_sub(LONGEST_MENTION),
            s.start,
            |d| d.span.start,
        )
        .iter()
        .any(|d| d.span.contains(s))
    };
    // (A title of office, and an office, are read only by `speaks_for`:
    // "police chief said" is still "police … said".)
    let before_cue = roles
        .iter()
        .rfind(|r| {
            !matches!(r.what, RoleCue::Title | RoleCue::Office)
                && r.span.end <= a.span.start
                && layers.words_between(r.span, a.span) <= 3
                && !in_date(r.span)
        })
        .map(|r| r.what);
    let after = roles.iter().find(|r| {
        !matches!(r.what, RoleCue::Title | RoleCue::Office)
            && r.span.start >= a.span.end
            && layers.words_between(a.span, r.span) <= 3
    });
    // ("killing 12 soldiers, the defence ministry said": words after a comma
    // right before a report cue are its speaker, not the actor before them;
    // "an official with the X in Y, said" is X's own.)
    let other_speaker = after.is_some_and(|r| {
        r.what == RoleCue::Report
            && layers
                .text
                .get(a.span.end..r.span.start)
                .and_then(|gap| gap.rsplit_once(','))
                .is_some_and(|(_, tail)| tail.chars().any(char::is_alphanumeric))
    });
    let after_cue = after.map(|r| r.what).filter(|_| !other_speaker);
    // ("a mob attacked a pastor accused of sorcery": an act word between
    // the actor and a cue of blame makes the actor its doer, and the cue
    // another's.)
    let act_before_cue = after.is_some_and(|r| {
        c.asserted
            .iter()
            .any(|t| t.span.end > a.span.end && t.span.end <= r.span.start)
    });
    let strike_agent = strike_agent(c, a);
    // "Residents beat a thief to death": civilians right before a verb of
    // mob violence did the act. A taking by force counts as violent here: the
    // side that withdrew or abandoned a place in its clause did not take it
    // ("fighters seized the town after the soldiers abandoned their base").
    let main_violent = c.asserted.first().is_some_and(forceful);
    let mob = a.actor.kind == ActorType::Civilians
        && roles
            .iter()
            .any(|r| r.what == RoleCue::Mob && crowd_subject(layers, c.lex, c.actors, a, r.span));
    if mob {
        (Some(SRole::Perpetrator), Rule::ROLE_MOB)
    } else if a.actor.kind == ActorType::Civilians && after_cue != Some(RoleCue::Report) {
        // ("residents said": the crowd that tells it is its reporter.)
        (Some(SRole::Victim), Rule::ROLE_CIVILIANS_VICTIMS)
    } else if strike_agent && is_armed(a) {
        (Some(SRole::Perpetrator), Rule::ROLE_STRIKE_AGENT)
    } else if matches!(after_cue, Some(RoleCue::Deny)) {
        (None, Rule::ROLE_DENIER)
    } else if after
        .is_some_and(|r| r.what == RoleCue::Claim && own_measure(layers, c.asserted, r.span))
    {
        (Some(SRole::Perpetrator), Rule::ROLE_OWN_MEASURE)
    } else if c.claimants.contains(&a.span) || matches!(before_cue, Some(RoleCue::ClaimedBy)) {
        (Some(SRole::Claimant), Rule::ROLE_CLAIMANT)
    } else if after.is_some_and(|r| r.what == RoleCue::Blame && blame_passive(c, r.span)) {
        // "Militants were accused of killing …": the one a passive blame
        // falls on is the alleged perpetrator.
        (Some(SRole::AllegedPerpetrator), Rule::ROLE_ACCUSED)
    } else if matches!(after_cue, Some(RoleCue::Allege | RoleCue::Blame)) && !act_before_cue {
        (Some(SRole::Accuser), Rule::ROLE_ACCUSER)
    } else if matches!(before_cue, Some(RoleCue::Member)) && attacker_before(layers, c.span, a) {
        (Some(SRole::AllegedPerpetrator), Rule::ROLE_MEMBER_OF_DOER)
    } else if speaks_for(layers, roles, a) {
        (Some(SRole::Reporter), Rule::ROLE_SPEAKER_TITLE)
    } else if matches!(after_cue, Some(RoleCue::Report))
        || matches!(before_cue, Some(RoleCue::ReportBy))
    {
        (Some(SRole::Reporter), Rule::ROLE_REPORTER)
    } else if (object_of_harm(layers, c.lex, c.span, c.figs, a)
        || undergoes(layers, c.lex, roles, a))
        && !matches!(before_cue, Some(RoleCue::AgentBy))
    {
        // "killed nine soldiers", "wounding two policemen": the harmed.
        (Some(SRole::Target), Rule::ROLE_HARMED)
    } else if c.accuse_cue.is_some_and(|cue| a.span.start >= cue.span.end)
        && (main.is_some_and(|m| a.span.end <= m.start)
            // "…, witnesses said, blaming the OLA": the one blamed.
            || matches!(before_cue, Some(RoleCue::AgentBy | RoleCue::Blame)))
        && !c.accusers.contains(&a.actor.id.as_str())
    {
        (Some(SRole::AllegedPerpetrator), Rule::ROLE_BLAMED)
    } else if matches!(before_cue, Some(RoleCue::Target)) {
        (Some(SRole::Target), Rule::ROLE_TARGET_CUE)
    } else if matches!(before_cue, Some(RoleCue::CommandBy)) {
        (None, Rule::ROLE_COMMAND_AGENT)
    } else if matches!(before_cue, Some(RoleCue::AgentBy)) {
        // "… who had been detained by police": the agent of an arrest
        // right before "by" is not the act's.
        if arrest_agent_elsewhere(c, a) {
            (None, Rule::ROLE_ARREST_AGENT)
        } else if preamble_agent(c, a) {
            (None, Rule::ROLE_PREAMBLE_AGENT)
        } else {
            (Some(SRole::Perpetrator), Rule::ROLE_AGENT_BY)
        }
    } else if c
        .suspect_cue
        .is_some_and(|s| s.span.end <= a.span.start && layers.words_between(s.span, a.span) <= 2)
    {
        // ("police arrested 14 suspected IS members": the arrested.)
        let held = (c.asserted.first())
            .is_some_and(|t| t.what.sub_event_type.as_deref() == Some("arrests"));
        // ("villagers beat to death two suspected kidnappers": those a mob
        // struck.)
        let mobbed = roles
            .iter()
            .any(|r| r.what == RoleCue::Mob && r.span.end <= a.span.start);
        let role = if held {
            SRole::Target
        } else if mobbed {
            SRole::Victim
        } else {
            SRole::SuspectedPerpetrator
        };
        (Some(role), Rule::ROLE_SUSPECTED)
    } else if is_armed(a)
        && main.is_some_and(|m| a.span.start >= m.end)
        && c.asserted.iter().any(|t| {
            // ("… shortly after US troops withdrew": the subject of a
            // non-violent act in a sentence that tells a violent one did not
            // do the violent one.
            // Nor did the subject of a non-violent act in a clause opened by a
            // `preamble` word after the act ("rebels took over the town after
            // soldiers abandoned their positions").)
            (t.what.event_type.is_violent() || !main_violent)
                && !(quiet(t.what)
                    && main.is_some_and(|m| {
                        preamble_between(layers, c.lex, m.end, a.span.start).is_some()
                    }))
                && layers.right_before(a.span, t.span, &[])
                && layers
                    .text
                    .get(a.span.end..t.span.start)
                    .is_some_and(|g| g.trim().is_empty())
        })
    {
        (Some(SRole::Perpetrator), Rule::ROLE_CLAUSE_SUBJECT)
    } else if main.is_some_and(|m| a.span.start >= m.end && layers.words_between(m, a.span) <= 2)
        && c.asserted
            .first()
            .is_some_and(|t| t.what.sub_event_type.as_deref() == Some("attack"))
    {
        (Some(SRole::Target), Rule::ROLE_ATTACK_OBJECT)
    } else if let Some(rule) = subject_rule(c, main, a, subject_taken) {
        (Some(SRole::Perpetrator), rule)
    } else if battle_side(c, a) {
        (Some(SRole::Participant), Rule::ROLE_BATTLE_SIDE)
    } else {
        (None, Rule::ROLE_SUBJECT)
    }
}

/// The rule that makes actor `a` the subject of the act `main`, its
/// perpetrator: an actor before the act's word (or that word itself, "MOB
/// KILLS TWO") with no intent between and no subject taken before it; generic
/// soldiers or police only in a battle, a strike from afar or a burning, at a
/// protest, against fighters, or right before harm done to civilians.
fn subject_rule(
    c: &RoleContext,
    main: Option<Span>,
    a: &ActorMention,
    subject_taken: bool,
) -> Option<Rule> {
    let layers = c.layers;
    let before = main.is_some_and(|m| {
        (a.span.start < m.start && !intent_between(layers, a.span, m)) || a.span.start == m.start
    });
    if !before || subject_taken {
        return None;
    }
    if !generic_forces(a) || c.forces_act {
        Some(Rule::ROLE_SUBJECT)
    } else if c.at_protest {
        Some(Rule::ROLE_FORCES_AT_PROTEST)
    } else if harms_fighters(layers, c.lex, c.span, main, c.actors, c.figs) {
        Some(Rule::ROLE_FORCES_AGAINST_FIGHTERS)
    } else {
        forces_harm_civilians(c, main, a).then_some(Rule::ROLE_FORCES_HARM_CIVILIANS)
    }
}

/// [`Rule::ROLE_PREAMBLE_AGENT`]: the agent after "by" of a trigger right
/// before it, told in a clause opened by a `preamble` word after the act
/// ("M23 rebels seized the town amid shelling by the army"), did what came
/// around the act, not the act.
fn preamble_agent(c: &RoleContext, a: &ActorMention) -> bool {
    let Some(main) = c.asserted.first().map(|t| t.span) else {
        return false;
    };
    acts_before_by(c, a).first().is_some_and(|t| {
        main.end <= t.span.start
            && preamble_between(c.layers, c.lex, main.end, t.span.start).is_some()
    })
}

/// The act words right before the last "by" (an `AgentBy` role cue) before
/// actor `a`: the acts whose agent `a` is ("detained by police").
fn acts_before_by<'a>(c: &RoleContext<'_, 'a>, a: &ActorMention) -> Vec<&'a Tagged<&'a Trigger>> {
    let layers = c.layers;
    c.roles
        .iter()
        .rfind(|r| r.what == RoleCue::AgentBy && r.span.end <= a.span.start)
        .map(|by| {
            starting_in(
                &layers.triggers,
                by.span.start.saturating_sub(LONGEST_MENTION),
                by.span.start,
                |t| t.span.start,
            )
            .iter()
            .filter(|t| layers.right_before(t.span, by.span, &[]))
            .collect()
        })
        .unwrap_or_default()
}

/// [`Rule::ROLE_ARREST_AGENT`]: actor `a` right after the "by" of an arrest
/// word ("… who had been detained by police") when the sentence's act is
/// another; of the arrest told ("was taken into custody by police") it is the
/// arresting force.
fn arrest_agent_elsewhere(c: &RoleContext, a: &ActorMention) -> bool {
    let arrest = acts_before_by(c, a)
        .iter()
        .any(|t| t.what.event_type == sitrep_core::EventType::StrategicDevelopments);
    // ("was taken into custody by police": the arrest told is the act's.)
    let own = c
        .asserted
        .first()
        .is_some_and(|t| t.what.sub_event_type.as_deref() == Some("arrests"));
    arrest && !own
}

/// Rule [`Rule::STATE_SOURCE_ALLEGES`]: a named group's act told on the word
/// of the state it fights ("a landmine planted by the Houthis killed three,
/// the government said"): the state's account alleges it. Police reports are
/// left as they are.
fn state_source_alleges(roled: &mut [RoledActor], fired: &mut RuleSet) {
    let state_source = roled
        .iter()
        .any(|r| r.role == SRole::Reporter && r.mention.actor.kind == ActorType::StateForces);
    let claimed = roled.iter().any(|r| r.role == SRole::Claimant);
    if !state_source || claimed {
        return;
    }
    let mut alleged = false;
    for r in roled.iter_mut().filter(|r| {
        r.role == SRole::Perpetrator
            && r.mention.link != sitrep_core::LinkKind::Generic
            && r.mention.actor.kind.is_armed_non_state()
    }) {
        r.role = SRole::AllegedPerpetrator;
        r.rule = Rule::STATE_SOURCE_ALLEGES;
        alleged = true;
    }
    if alleged {
        fired.add(Rule::STATE_SOURCE_ALLEGES);
        for r in roled
            .iter_mut()
            .filter(|r| r.role == SRole::Reporter && r.mention.actor.kind == ActorType::StateForces)
        {
            r.role = SRole::Accuser;
            r.rule = Rule::STATE_SOURCE_ALLEGES;
        }
    }
}

/// Rule [`Rule::SELF_ALLEGED_CLAIM`]: "JNIM said its fighters carried out the
/// raid", "IS said its fighters planted the device": an accuser that the
/// sentence also names (not generically) as the perpetrator, or whose allege
/// cue speaks of its own side (an `own_pronoun` word of `sentence-words.tsv`
/// within it), tells its own act: a claim, not an accusation. Its figures stay
/// its own (the allege cue still marks them).
fn self_alleged_claim(
    layers: &Layers,
    lex: &Lexicons,
    roles: &[&Tagged<RoleCue>],
    roled: &mut [RoledActor],
    fired: &mut RuleSet,
) {
    let named_doer = |id: &str, roled: &[RoledActor]| {
        roled.iter().any(|p| {
            p.role == SRole::Perpetrator
                && p.mention.actor.id == id
                && p.mention.link != sitrep_core::LinkKind::Generic
        })
    };
    // An allege cue right after the speaker whose words name its own side.
    let own_side = |speaker: Span| {
        roles.iter().any(|c| {
            c.what == RoleCue::Allege
                && c.span.start >= speaker.end
                && layers.words_between(speaker, c.span) <= 3
                && c.span
                    .text(layers.text)
                    .split_whitespace()
                    .any(|w| is(&lex.words.own_pronouns, &w.to_lowercase()))
        })
    };
    let selves: Vec<usize> = (0..roled.len())
        .filter(|&i| {
            roled.get(i).is_some_and(|r| {
                r.role == SRole::Accuser
                    && r.mention.link != sitrep_core::LinkKind::Generic
                    && (named_doer(&r.mention.actor.id, roled) || own_side(r.mention.span))
            })
        })
        .collect();
    for i in selves {
        if let Some(r) = roled.get_mut(i) {
            r.role = SRole::Claimant;
            r.rule = Rule::SELF_ALLEGED_CLAIM;
            fired.add(Rule::SELF_ALLEGED_CLAIM);
        }
    }
}

/// Rule [`Rule::STATE_OWN_ACT`]: "the army said it killed 20 militants",
/// "the junta said its forces had retaken the town": a state's forces or
/// police, speaking (a report cue right after them), of their own side (an
/// `own_pronoun` word within four words of the cue, before the act, and no
/// `passive` word right after it: "it was attacked" tells what it suffered,
/// and no `knowing` word between it and the act: "we can confirm an explosion"
/// tells what the speaker knows of) are the act's perpetrator, when the
/// sentence names no other.
fn state_own_act(
    layers: &Layers,
    lex: &Lexicons,
    roles: &[&Tagged<RoleCue>],
    main: Option<Span>,
    roled: &mut [RoledActor],
    fired: &mut RuleSet,
) {
    let Some(act) = main else {
        return;
    };
    if roled.iter().any(|r| r.role == SRole::Perpetrator) {
        return;
    }
    let own_act = |speaker: Span| {
        roles.iter().any(|c| {
            c.what == RoleCue::Report
                && c.span.start >= speaker.end
                && layers.words_between(speaker, c.span) <= 3
                && c.span.end <= act.start
                && {
                    let from = layers.word_index(c.span.end);
                    let at = layers.word_index(act.start);
                    let to = at.min(from + 4);
                    let ws = layers.words.get(from..to).unwrap_or(&[]);
                    let knowing = |k: usize| {
                        layers
                            .words
                            .get(from + k + 1..at)
                            .unwrap_or(&[])
                            .iter()
                            .any(|(_, w)| is(&lex.words.knowing, w))
                    };
                    ws.iter().enumerate().any(|(k, (_, w))| {
                        is(&lex.words.own_pronouns, w)
                            && !ws
                                .get(k + 1)
                                .is_some_and(|(_, n)| is(&lex.words.passives, n))
                            && !knowing(k)
                    })
                }
        })
    };
    let mut found = false;
    // (A generic "the army", "police" of a country the report places speaks
    // of its own act just as well: "The army said it had retaken X".)
    for r in roled.iter_mut().filter(|r| {
        r.role == SRole::Reporter
            && matches!(
                r.mention.actor.kind,
                ActorType::StateForces | ActorType::Police
            )
            && own_act(r.mention.span)
    }) {
        r.role = SRole::Perpetrator;
        r.rule = Rule::STATE_OWN_ACT;
        found = true;
    }
    if found {
        fired.add(Rule::STATE_OWN_ACT);
    }
}

/// Rule [`Rule::FIGURE_GIVEN_BY`]: figures, with who gave them: a figure in
/// the complement of "X claimed that", "X said that" is X's figure. (A figure
/// after "X claimed responsibility for the blast that killed 20" describes the
/// blast: it is not X's.) Else the source the sentence names ("officials
/// said", "hospital").
fn figures_given_by(
    layers: &Layers,
    sentence: &Sentence,
    roles: &[&Tagged<RoleCue>],
    roled: &[RoledActor],
    raw_figs: Vec<Figure>,
    fired: &mut RuleSet,
) -> Vec<(Figure, Option<String>)> {
    let figs: Vec<(Figure, Option<String>)> = raw_figs
        .into_iter()
        .map(|f| {
            let by = roled
                .iter()
                .filter(|r| {
                    matches!(r.role, SRole::Claimant | SRole::Accuser)
                        && r.mention.span.end <= f.span.start
                })
                .rfind(|r| {
                    roles.iter().any(|c| {
                        c.span.start >= r.mention.span.end
                            && c.span.end <= f.span.start
                            // "X said that …", and "X claimed to have killed
                            // 12": a claim cue right before the figure.
                            && (c.what == RoleCue::Allege
                                || (c.what == RoleCue::Claim
                                    && layers.right_before(c.span, f.span, &[])))
                    })
                })
                .map(|r| r.mention.actor.id.clone())
                .or_else(|| {
                    inside(sentence.sources, sentence.span, |x| x.0)
                        .min_by_key(|(s, _)| layers.words_between(*s, f.span))
                        .map(|(_, by)| by.to_string())
                });
            (f, by)
        })
        .collect();
    if figs.iter().any(|(_, by)| by.is_some()) {
        fired.add(Rule::FIGURE_GIVEN_BY);
    }
    figs
}

/// Ordinary crime, a game or a natural disaster: a sentence with a word of one
/// (the `sport`, `private_crime` and `disaster` words of `sentence-words.tsv`)
/// and no armed actor tells no political violence ("robbers shot a cashier",
/// "the two teams clashed", "a storm struck the coast, killing four");
/// nor a non-violent act ("a wildfire destroyed homes", "fans protested the
/// referee's decision"); bombs and strikes from afar are never such.
fn not_political(
    layers: &Layers,
    lex: &Lexicons,
    span: Span,
    asserted: &[Tagged<&Trigger>],
    actors: &[&ActorMention],
) -> bool {
    let top_ground = asserted.first().is_some_and(|t| {
        quiet(t.what)
            || matches!(
                t.what.event_type,
                sitrep_core::EventType::Battles | sitrep_core::EventType::ViolenceAgainstCivilians
            )
    });
    let words = &lex.words;
    top_ground
        && unarmed_with_word(layers, span, actors, |ws, w| {
            // (The act's own word is not one: "DEMONSTRATORS STORM PARLIAMENT".)
            words.not_political.contains(w) && !asserted.iter().any(|t| t.span.overlaps(ws))
        })
}

/// No armed actor in the sentence but generic police or soldiers, and a word
/// of the sentence (its span and text) that `word` accepts: the test of
/// ordinary crime, games and disasters ([`not_political`]) and of arrests
/// for theft ([`theft_arrest`]). Words joined by hyphens are also offered as
/// one ([`hyphen_compound`]): "half-time", "ex-husband", "hold-up".
fn unarmed_with_word(
    layers: &Layers,
    span: Span,
    actors: &[&ActorMention],
    word: impl Fn(Span, &str) -> bool,
) -> bool {
    let words = layers.words_in(span.start, span.end);
    !actors.iter().any(|a| is_armed(a) && !generic_forces(a))
        && (0..words.len()).any(|k| {
            words
                .get(k)
                .is_some_and(|&(ws, w)| word(ws, w) || hyphen_compound(layers, words, k, &word))
        })
}

/// Whether `word` accepts the compound that word `k` of `words` opens with
/// the words joined to it by a hyphen alone ("kick" "-" "off": "kick-off";
/// "semi-quarter-tournament" at each step): the Doc splits words at hyphens,
/// and the word lists of `sentence-words.tsv` hold such compounds.
fn hyphen_compound(
    layers: &Layers,
    words: &[(Span, &str)],
    k: usize,
    word: &impl Fn(Span, &str) -> bool,
) -> bool {
    let Some(&(first, w0)) = words.get(k) else {
        return false;
    };
    let mut compound = String::new();
    let mut end = first.end;
    for &(ws, w) in words.get(k + 1..).unwrap_or(&[]) {
        if ws.start != end + 1 || layers.text.as_bytes().get(end) != Some(&b'-') {
            return false;
        }
        if compound.is_empty() {
            compound.push_str(w0);
        }
        compound.push('-');
        compound.push_str(w);
        end = ws.end;
        if word(Span::new(first.start, end), &compound) {
            return true;
        }
    }
    false
}

/// A development of business or an arrest for theft, not of a conflict
/// ([`Rule::BUSINESS_SUBJECT`], [`Rule::THEFT_ARREST`]; the rule that fired
/// is recorded).
fn business_or_theft(
    layers: &Layers,
    lex: &Lexicons,
    span: Span,
    (asserted, actors): (&[Tagged<&Trigger>], &[&ActorMention]),
    fired: &mut RuleSet,
) -> bool {
    if business_act(layers, lex, span, asserted, actors) {
        fired.add(Rule::BUSINESS_SUBJECT);
        return true;
    }
    if theft_arrest(layers, lex, span, asserted, actors) {
        fired.add(Rule::THEFT_ARREST);
        return true;
    }
    false
}

/// A strategic development done by a company, bank or club
/// ([`Rule::BUSINESS_SUBJECT`]): a `business` word of `sentence-words.tsv`
/// at most six words before the act's word in its clause, and no armed actor
/// in the sentence but a demonym or name that qualifies the business word
/// ("two regional banks announced their merger", "two Kenyan lenders").
fn business_act(
    layers: &Layers,
    lex: &Lexicons,
    span: Span,
    asserted: &[Tagged<&Trigger>],
    actors: &[&ActorMention],
) -> bool {
    let Some(t) = asserted.first() else {
        return false;
    };
    if t.what.event_type != sitrep_core::EventType::StrategicDevelopments {
        return false;
    }
    let i = layers.word_index(t.span.start);
    let from = layers.word_index(span.start).max(i.saturating_sub(6));
    let business = layers
        .words
        .get(from..i)
        .unwrap_or(&[])
        .iter()
        .find(|(s, w)| {
            is(&lex.words.business, w)
                && !layers.punct_between(s.end, t.span.start, &[';', ':', '.'])
        });
    business.is_some_and(|(b, _)| {
        !actors.iter().any(|a| {
            is_armed(a) && !(a.span.end <= b.start && layers.words_between(a.span, *b) <= 1)
        })
    })
}

/// An arrest for theft ([`Rule::THEFT_ARREST`]): a `theft` word of
/// `sentence-words.tsv` in the sentence of an arrest, and no armed actor
/// but generic police or soldiers.
fn theft_arrest(
    layers: &Layers,
    lex: &Lexicons,
    span: Span,
    asserted: &[Tagged<&Trigger>],
    actors: &[&ActorMention],
) -> bool {
    asserted
        .first()
        .is_some_and(|t| t.what.sub_event_type.as_deref() == Some("arrests"))
        && unarmed_with_word(layers, span, actors, |_, w| is(&lex.words.theft, w))
}

/// A day named anywhere in the sentence, even one that dates its telling ("the
/// militia said on Monday it was disbanding"): for an announced non-violent
/// act, the telling is when it became known.
fn day_named(s: &Sentence) -> bool {
    inside(s.dates, s.span, |d| d.span)
        .any(|d| d.range.precision == sitrep_core::DatePrecision::Day)
}

/// Whether the sentence at `span` tells unarmed people harmed by a kill or
/// injury word, told without a count: "protesters were killed when troops
/// shot into the crowd" is no law-enforcement raid ([`Rule::ENFORCEMENT_RAID`]).
fn unarmed_harmed(layers: &Layers, span: Span, roled: &[RoledActor]) -> bool {
    roled
        .iter()
        .any(|r| matches!(r.role, SRole::Target | SRole::Victim) && !is_armed(r.mention))
        && within(&layers.casualty_words, span, |w| w.span).any(|w| {
            matches!(
                w.what.kind,
                crate::lexicon::CasualtyWordKind::Killed
                    | crate::lexicon::CasualtyWordKind::Injured
            )
        })
}

/// [`Rule::PLACE_FROM_CONTEXT`]: the sentence right before `span`, in the same
/// paragraph, names a place finer than a country in no other role (not where
/// someone came from or went): the scene the next sentence's act is set in
/// ("Tension has been high in Kidal for weeks. Rebels attacked an army post
/// on Tuesday.").
fn placed_before(layers: &Layers, span: Span) -> bool {
    let i = layers.sentences.partition_point(|s| s.start < span.start);
    let Some(prev) = i.checked_sub(1).and_then(|k| layers.sentences.get(k)) else {
        return false;
    };
    let same_paragraph = layers
        .text
        .get(prev.end..span.start)
        .is_some_and(|gap| !gap.contains('\n'));
    same_paragraph
        && starting_in(&layers.places, prev.start, prev.end, |p| p.span.start)
            .iter()
            .any(|p| {
                prev.contains(p.span)
                    && p.precision.rank() < GeoPrecision::Country.rank()
                    && layers.place_role(p).is_none()
            })
}

/// A sentence that names no place but tells its country (issue 17): by a
/// demonym of an armed actor, not of the people harmed ("Pakistani troops killed five militants in <a village the
/// gazetteer lacks> on Tuesday") or by an actor known by name that belongs to
/// one country ("IRGC ground forces hit …"). With a named doer, its target and
/// a day, the act lies in that country ([`Rule::PLACE_FROM_CONTEXT`]; assembly
/// places it at the country, [`Rule::LOCATION_COUNTRY`]). A statement about a
/// country ("Nigeria's army said attacks fell this year") tells no day.
fn country_told(layers: &Layers, span: Span, actors: &[&ActorMention]) -> bool {
    let demonym = starting_in(&layers.places, span.start, span.end, |p| p.span.start)
        .iter()
        .any(|p| {
            p.demonym
                && span.contains(p.span)
                && p.span.start >= layers.body_start
                && actors
                    .iter()
                    .any(|a| is_armed(a) && a.span.overlaps(p.span))
        });
    demonym
        || actors.iter().any(|a| {
            !a.actor.provisional
                && matches!(
                    a.link,
                    sitrep_core::LinkKind::Alias | sitrep_core::LinkKind::Acronym
                )
                && a.actor.country.as_deref().is_some_and(|c| !c.is_empty())
        })
}

/// An act word `m` named by an earlier year than the report's: right before it
/// or before the names it is known by ("the 2014 kidnapping", "the 2008
/// Mumbai attacks"; first), or after it ("the school attack of 2014"; second).
fn earlier_year_of(layers: &Layers, m: Span) -> (bool, bool) {
    let earlier_year = |w: &str| {
        w.parse::<i32>()
            .ok()
            .zip(layers.reference)
            .is_some_and(|(y, r)| (1900..r.year()).contains(&y))
    };
    let i = layers.word_index(m.start);
    let before = (1..=3).any(|k| {
        i.checked_sub(k).is_some_and(|y| {
            layers.words.get(y).is_some_and(|(ys, w)| {
                earlier_year(w)
                    && !layers.punct_between(ys.end, m.start, CLAUSE)
                    && (y + 1..i).all(|j| {
                        layers
                            .words
                            .get(j)
                            .is_some_and(|(s, _)| crate::layers::capitalised(layers.text, *s))
                    })
            })
        })
    });
    let j = layers.word_index(m.end);
    let after = matches!(
        layers.words.get(j..j + 2),
        Some([(_, "of"), (_, y)]) if earlier_year(y)
    );
    (before, after)
}

/// Whether the sentence is specific enough to stand as an event of its own
/// (rules [`Rule::ENFORCEMENT_RAID`], [`Rule::HISTORICAL_ACT`],
/// [`Rule::PLACE_FROM_CONTEXT`]).
fn specific(
    (layers, lex, span): (&Layers, &Lexicons, Span),
    asserted: &[Tagged<&Trigger>],
    actors: &[&ActorMention],
    roled: &[RoledActor],
    figs: &[(Figure, Option<String>)],
    (place, date, any_day): (Option<&PlaceMention>, Option<&DateHit>, bool),
    fired: &mut RuleSet,
) -> bool {
    let main = asserted.first().map(|t| t.span);
    let has_fig = figs.iter().any(|(f, _)| !f.attackers);
    let named = roled.iter().any(|r| {
        matches!(
            r.role,
            SRole::Perpetrator
                | SRole::Claimant
                | SRole::AllegedPerpetrator
                | SRole::SuspectedPerpetrator
        )
    });
    let fine_place = place.is_some_and(|p| p.precision.rank() <= GeoPrecision::Admin1.rank());
    // A police or army raid with no one hurt is law enforcement, not an attack;
    // not when someone else is the perpetrator ("the police station was
    // attacked by gunmen"), nor when the raid killed or wounded anyone, the
    // armed men it targeted included ("troops neutralised 15 fighters").
    // Nor when it harmed unarmed people told without a count
    // ([`unarmed_harmed`]).
    let other_perpetrator = roled
        .iter()
        .any(|r| r.role == SRole::Perpetrator && !generic_forces(r.mention));
    let enforcement = asserted.first().is_some_and(|t| {
        t.what.strength == Strength::Weak && t.what.sub_event_type.as_deref() == Some("attack")
    }) && figs.is_empty()
        && !other_perpetrator
        && main.is_some_and(|m| {
            actors
                .iter()
                .any(|a| a.span.end <= m.start && generic_forces(a))
        })
        && !unarmed_harmed(layers, span, roled);
    // An act dated only by an earlier year ("the 2014 kidnapping", "the
    // school attack of 2014", "the 2017 Marawi siege") is history.
    let (year_before_act, year_after_act) =
        main.map_or((false, false), |m| earlier_year_of(layers, m));
    let historical = year_before_act
        || year_after_act
        || date.is_some_and(|d| {
            d.range.precision == sitrep_core::DatePrecision::Year
                && d.range
                    .start
                    .zip(layers.reference)
                    .is_some_and(|(s, r)| s.year() < r.year())
        });
    // "Rebels attacked an army outpost in northern Mali on Monday": a named
    // attacker, a target and a day tell the act with no toll, even when the
    // place is only a region of a country.
    let targeted = roled
        .iter()
        .any(|r| matches!(r.role, SRole::Target | SRole::Victim));
    let day = date.is_some_and(|d| d.range.precision == sitrep_core::DatePrecision::Day);
    // A headline standing as the text ("Army retakes border town from rebels
    // in Mali"): no closing stop; its place, even a country, and its actor
    // are all it tells. So with a text of one sentence that names a party
    // (an alert, a news snippet): what it tells is its news, there is no
    // story around it.
    let headline = (layers.sentences.len() == 1 && !actors.is_empty())
        || main
            .and_then(|m| {
                let i = layers.sentences.partition_point(|s| s.end < m.end);
                layers.sentences.get(i)
            })
            .and_then(|s| s.text(layers.text).trim_end().chars().last())
            .is_some_and(char::is_alphanumeric);
    // "Rockets carrying sarin struck a suburb": a chemical agent told with
    // the weapon that carried it (a word of explosions), or with an armed
    // actor's attack, tells the attack as a strong word does.
    let carried = asserted
        .first()
        .is_some_and(|t| t.what.sub_event_type.as_deref() == Some("chemical_weapon"))
        && asserted.iter().skip(1).any(|t| {
            t.what.event_type == sitrep_core::EventType::ExplosionsRemoteViolence
                || (matches!(
                    t.what.event_type,
                    sitrep_core::EventType::ViolenceAgainstCivilians
                        | sitrep_core::EventType::Battles
                ) && actors.iter().any(|a| is_armed(a) && !generic_forces(a)))
        });
    // A strong word of the act under a weaker word of higher priority
    // ("Warplanes bombed a hospital": "warplanes" types it, "bombed" tells
    // it) tells the act as it would alone.
    let strong_word = asserted.iter().skip(1).any(|t| {
        t.what.strength == Strength::Strong && t.what.event_type.is_violent() && !quiet(t.what)
    });
    match asserted.first() {
        None => false,
        _ if enforcement => {
            fired.add(Rule::ENFORCEMENT_RAID);
            false
        }
        _ if historical && !has_fig => {
            fired.add(Rule::HISTORICAL_ACT);
            false
        }
        // A non-violent act needs no toll: its word with a day, a place, an
        // armed actor or a headline tells it.
        Some(t) if quiet(t.what) => {
            // A destruction or a base names who did or set it up: with no
            // one ("a fire destroyed a warehouse", "Siemens opened a new
            // headquarters") it is no political event; a `wilful` word of
            // destruction tells its doers ("the office was vandalised").
            let party_told = !actors.is_empty()
                || layers
                    .words_in(t.span.start, t.span.end)
                    .first()
                    .is_some_and(|&(_, w)| is(&lex.words.wilful, w))
                || !matches!(
                    t.what.sub_event_type.as_deref(),
                    Some("looting_property_destruction" | "headquarters_or_base_established")
                );
            let told = party_told
                && (date.is_some()
                    || any_day
                    || fine_place
                    || named
                    || actors.iter().any(|a| is_armed(a) && !generic_forces(a))
                    || headline
                    || (place.is_some() && t.what.strength == Strength::Strong));
            if told {
                fired.add(Rule::QUIET_ACT_TOLD);
            }
            told
        }
        // A strong word with a toll, even of attackers only ("air strikes
        // killed 15 of the militants"), tells an act.
        Some(t) if t.what.strength == Strength::Strong || carried || strong_word => {
            let told = !figs.is_empty()
                || date.is_some()
                || fine_place
                || named
                || (headline && place.is_some());
            if told && t.what.strength != Strength::Strong {
                fired.add(if carried {
                    Rule::CHEMICAL_CARRIED
                } else {
                    Rule::STRONG_WORD_TELLS
                });
            }
            told
        }
        // A crowd's riot told with its doer, a place (even a country) and a
        // day ("a mob set fire to the homes of Christians in Upper Egypt on
        // Sunday") is told as a named attacker with its target is
        // ([`Rule::NAMED_DOER_PLACE_DAY`]).
        Some(t) => {
            // So is a strike from afar by a named actor ("Hezbollah fired
            // dozens of rockets at northern Israel on Monday").
            let riot_or_strike = matches!(
                t.what.event_type,
                sitrep_core::EventType::Riots | sitrep_core::EventType::ExplosionsRemoteViolence
            );
            let told = has_fig
                || (fine_place && (date.is_some() || named))
                || (named && place.is_some() && ((targeted && day) || headline));
            let by_doer = named && place.is_some() && riot_or_strike && day;
            if by_doer && !told {
                fired.add(Rule::NAMED_DOER_PLACE_DAY);
            }
            let by_sides = fine_place
                && t.what.event_type == sitrep_core::EventType::Battles
                && two_sides(roled);
            if by_sides && !told && !by_doer {
                fired.add(Rule::BATTLE_SIDES_PLACE);
            }
            let by_context = !(told || by_doer || by_sides)
                && named
                && targeted
                && day
                && place.is_none()
                && (placed_before(layers, span) || country_told(layers, span, actors));
            if by_context {
                fired.add(Rule::PLACE_FROM_CONTEXT);
            }
            told || by_doer || by_sides || by_context
        }
    }
}

/// Whether the sentence names two different sides of a fight
/// ([`Rule::BATTLE_SIDES_PLACE`]): two participants of distinct actors.
fn two_sides(roled: &[RoledActor]) -> bool {
    let mut sides = roled.iter().filter(|r| r.role == SRole::Participant);
    sides
        .next()
        .is_some_and(|first| sides.any(|r| r.mention.actor.id != first.mention.actor.id))
}

/// "X denied involvement" ([`Rule::DENIAL`]): the denial cue and the named
/// armed actor right before it.
fn denial_of<'a>(
    layers: &Layers,
    roles: &[&Tagged<RoleCue>],
    actors: &[&'a ActorMention],
) -> Option<(Span, &'a ActorMention)> {
    roles
        .iter()
        .filter(|r| r.what == RoleCue::Deny)
        .find_map(|r| {
            actors
                .iter()
                .rfind(|a| {
                    a.span.end <= r.span.start
                        && is_armed(a)
                        && !generic_forces(a)
                        && layers.words_between(a.span, r.span) <= 3
                })
                .map(|a| (r.span, *a))
        })
}

/// The roled actors of a sentence, each with the rule that gave its role.
fn roled_actors<'a>(
    c: &RoleContext<'_, 'a>,
    actors: &[&'a ActorMention],
    fired: &mut RuleSet,
) -> Vec<RoledActor<'a>> {
    let mut roled: Vec<RoledActor> = Vec::new();
    let mut subject_taken = false;
    // The end of the subject taken: an actor joined to it by a list's words
    // ("Kenyan and Somali police", "Hamas, Islamic Jihad and PFLP fighters")
    // is a subject too.
    let mut subject_end: Option<usize> = None;
    for a in actors {
        // (A comma or a list's word: "Kenyan and Somali", "Malian, Burkinabe";
        // not two names side by side.)
        let joined = subject_end.is_some_and(|end| {
            c.layers.text.get(end..a.span.start).is_some_and(|g| {
                list_gap(c.lex, g).is_some_and(|by_word| by_word || g.contains(','))
            })
        });
        let (role, mut rule) = role_of(c, a, subject_taken && !joined);
        if joined && subject_taken && rule == Rule::ROLE_SUBJECT && role.is_some() {
            rule = Rule::ROLE_JOINED_SUBJECT;
        }
        // (The agent of a strike is its subject as well: "the Arakan Army
        // attacked the last junta outpost and declared full control of …"
        // leaves the junta no subject of the later word.)
        if matches!(
            rule,
            Rule::ROLE_SUBJECT
                | Rule::ROLE_FORCES_AT_PROTEST
                | Rule::ROLE_JOINED_SUBJECT
                | Rule::ROLE_STRIKE_AGENT
        ) && role.is_some()
        {
            subject_taken = true;
            subject_end = Some(a.span.end);
        } else {
            subject_end = None;
        }
        // (A rule that takes the role away fired as well.)
        if role.is_some()
            || matches!(
                rule,
                Rule::ROLE_DENIER
                    | Rule::ROLE_ARREST_AGENT
                    | Rule::ROLE_COMMAND_AGENT
                    | Rule::ROLE_PREAMBLE_AGENT
            )
        {
            fired.add(rule);
        }
        if let Some(role) = role {
            roled.push(RoledActor {
                mention: a,
                role,
                rule,
            });
        }
    }
    // Sides joined as one subject of a clash word that harms or targets no one
    // ("Azerbaijani and Armenian forces fought"): each side after the first is
    // the other side. (Not of a taking: "troops and allied militia retook the
    // town" are one side.)
    let battle = c
        .asserted
        .first()
        .is_some_and(|t| t.what.sub_event_type.as_deref() == Some("armed_clash"));
    if battle
        && !roled
            .iter()
            .any(|r| matches!(r.role, SRole::Target | SRole::Victim))
    {
        for r in roled
            .iter_mut()
            .filter(|r| r.rule == Rule::ROLE_JOINED_SUBJECT)
        {
            r.role = SRole::Participant;
        }
    }
    roled
}

/// How the text `gap` between two items joins them as a list: `Some(true)` by a
/// `list_join` word of `sentence-words.tsv` ("and", ", and", "or"), `Some(false)`
/// by a comma or nothing but spaces, `None` when it does not.
fn list_gap(lex: &Lexicons, gap: &str) -> Option<bool> {
    let g = gap.trim();
    let g = g.strip_prefix(',').map_or(g, str::trim_start);
    if g.is_empty() {
        Some(false)
    } else {
        is(&lex.words.list_joins, &g.to_ascii_lowercase()).then_some(true)
    }
}

/// "the deadliest attack since the 2019 Uri raid": a place in the clause of a
/// comparison is the compared act's, not this one's. `places` without those,
/// unless no other is left.
fn outside_comparisons<'a>(
    layers: &Layers,
    lex: &Lexicons,
    s: &Sentence,
    places: Vec<&'a PlaceMention>,
) -> Vec<&'a PlaceMention> {
    let span = s.span;
    let compared_clauses: Vec<Span> = inside(s.modality, span, |c| c.span)
        .filter(|c| {
            c.what.kind == ModalityKind::Generic
                && c.what.scope == Scope::Sentence
                && compared(layers, lex, span, c.span)
        })
        .map(|c| {
            let rest = layers.text.get(c.span.end..span.end).unwrap_or("");
            let end = rest
                .find([',', ';', ':'])
                .map_or(span.end, |i| c.span.end + i);
            Span::new(c.span.start, end)
        })
        .collect();
    if compared_clauses.is_empty() {
        return places;
    }
    let outside: Vec<&PlaceMention> = places
        .iter()
        .copied()
        .filter(|p| !compared_clauses.iter().any(|c| c.contains(p.span)))
        .collect();
    if outside.is_empty() {
        places
    } else {
        outside
    }
}

/// A claim of every act told before the sentence ([`Rule::CLAIM_OF_ALL`]): a
/// `claim_all` cue within three words of a claim cue ("claimed responsibility
/// for both attacks"), or four words after a claimant ("JNIM claimed both
/// attacks").
fn claim_of_all(layers: &Layers, roles: &[&Tagged<RoleCue>], roled: &[RoledActor]) -> bool {
    roles.iter().any(|r| {
        r.what == RoleCue::ClaimAll
            && (roles.iter().any(|c| {
                matches!(c.what, RoleCue::Claim | RoleCue::ClaimedBy)
                    && layers.words_between(c.span, r.span) <= 3
            }) || roled.iter().any(|a| {
                a.role == SRole::Claimant
                    && a.mention.span.end <= r.span.start
                    && layers.words_between(a.mention.span, r.span) <= 4
            }))
    })
}

/// The act's date in its sentence ([`Rule::DATE_NEAR_ACT`]) and the days a
/// claim was made, which are not its date ([`Rule::DATE_NOT_CLAIM_DAY`]); an
/// announcement is on the day it was told ("said on Friday it would
/// withdraw", [`Rule::ANNOUNCED_CHANGE`]).
fn act_date<'a>(
    (layers, lex, sentence): (&'a Layers<'a>, &Lexicons, &Sentence<'a>),
    (roles, claim_cues, actors): (&[&Tagged<RoleCue>], &[Span], &[&ActorMention]),
    asserted: &[Tagged<&Trigger>],
    anchor: Span,
    fired: &mut RuleSet,
) -> (Option<&'a DateHit>, Vec<Span>) {
    let announced = fired.has(Rule::ANNOUNCED_CHANGE);
    let claim_days = if announced {
        Vec::new()
    } else {
        claim_days(layers, sentence, claim_cues, roles, asserted, actors)
    };
    if !claim_days.is_empty() {
        fired.add(Rule::DATE_NOT_CLAIM_DAY);
    }
    let date = date_of(
        layers,
        lex,
        sentence,
        asserted,
        anchor,
        (&claim_days, announced),
    );
    if date.is_some() {
        fired.add(Rule::DATE_NEAR_ACT);
    }
    (date, claim_days)
}

/// The facts of one sentence: each step a named rule (or a few), recorded in
/// [`Facts::rules`] when it fires.
/// `violent_told`: an earlier sentence of the report told a violent act, which
/// a violent word of this one may refer back to.
fn one<'a>(
    layers: &'a Layers<'a>,
    lex: &'a Lexicons,
    index: usize,
    sentence: &Sentence<'a>,
    violent_told: bool,
) -> Facts<'a> {
    let (span, mut fired) = (sentence.span, RuleSet::default());
    let actors = sentence_actors(layers, sentence);
    let places = sentence_places(layers, lex, sentence, &actors, &mut fired);
    let Acts {
        mut asserted,
        threat,
    } = acts(layers, lex, sentence, &actors, &places, &mut fired);
    let raw_figs = quiet_acts(
        (layers, lex, sentence),
        &actors,
        &mut asserted,
        violent_told,
        &mut fired,
    );
    let roles: Vec<&Tagged<RoleCue>> = inside(sentence.roles, span, |r| r.span).collect();
    let mut rel = relation(layers, span, &roles, &asserted, &mut fired);
    if another_act(layers, lex, &asserted) {
        fired.add(Rule::ANOTHER_ACT);
        rel.separate = true;
    }
    if let Some(at) = rel.doer_from {
        asserted.retain(|t| t.span.start >= at);
    }
    let main = asserted.first().map(|t| t.span);
    let anchor = main.unwrap_or(span);
    let claim_cue = roles
        .iter()
        .any(|r| matches!(r.what, RoleCue::Claim | RoleCue::ClaimedBy));
    let place = place_of(layers, lex, &places, &asserted, anchor);
    if place.is_some() {
        fired.add(Rule::PLACE_NEAREST_FINEST);
    }
    // (The claim cues, read by the claim-day and the claimant rules.)
    let claim_cues = claim_cues(layers, lex, span, &roles, &asserted);
    let (date, claim_days) = act_date(
        (layers, lex, sentence),
        (&roles, &claim_cues, &actors),
        &asserted,
        anchor,
        &mut fired,
    );
    let ctx = RoleContext {
        layers,
        lex,
        span,
        roles: &roles,
        asserted: &asserted,
        main,
        claimants: claimants(layers, lex, span, (&roles, &claim_cues), &asserted, &actors),
        accusers: accusers_ids(&actors, &roles, layers),
        // "X said that …" alleges when X is a known actor; a verb of blame
        // ("authorities blamed", "officials accused") alleges whoever speaks.
        accuse_cue: roles
            .iter()
            .filter(|r| {
                (r.what == RoleCue::Allege && actors.iter().any(|a| speaker_of(layers, a, r)))
                    || r.what == RoleCue::Blame
            })
            .min_by_key(|r| r.span.start)
            .copied(),
        suspect_cue: roles.iter().find(|r| r.what == RoleCue::Suspect).copied(),
        // (A place taken, even by a word that may also take people,
        // "captured", is fought for: the actors after it are a side.)
        battle: asserted.first().is_some_and(|t| {
            t.what.event_type == sitrep_core::EventType::Battles
                || t.what.sub_event_type.as_deref() == Some("non_state_actor_overtakes_territory")
        }),
        // Generic "police", "the army" before an act are mostly its reporters or
        // victims; they are its subject only in battles, strikes from afar,
        // looting or burning ("soldiers burned the empty houses") and force
        // used on a protest ("police fired tear gas at the marchers").
        forces_act: asserted.first().is_some_and(|t| {
            t.what.event_type == sitrep_core::EventType::Battles
                || t.what
                    .sub_event_type
                    .as_deref()
                    .is_some_and(|s| FORCES_ACTS.contains(&s))
        }),
        at_protest: asserted.first().is_some_and(|t| {
            matches!(
                t.what.event_type,
                sitrep_core::EventType::ViolenceAgainstCivilians | sitrep_core::EventType::Battles
            )
        }) && asserted
            .iter()
            .any(|t| t.what.event_type == sitrep_core::EventType::Protests),
        figs: &raw_figs,
        actors: &actors,
    };
    let mut roled = roled_actors(&ctx, &actors, &mut fired);
    state_source_alleges(&mut roled, &mut fired);
    self_alleged_claim(layers, lex, &roles, &mut roled, &mut fired);
    state_own_act(layers, lex, &roles, main, &mut roled, &mut fired);
    let figs = figures_given_by(layers, sentence, &roles, &roled, raw_figs, &mut fired);
    let specific = !period_toll(&actors, &asserted, (place, date), &mut fired)
        && !business_or_theft(layers, lex, span, (&asserted, &actors), &mut fired)
        && !not_political(layers, lex, span, &asserted, &actors)
        && specific(
            (layers, lex, span),
            &asserted,
            &actors,
            &roled,
            &figs,
            (place, date, day_named(sentence)),
            &mut fired,
        );
    let forces_target = forces_target(layers, &roles, main);
    let via = roles.iter().find_map(|r| match r.what {
        RoleCue::Via(v) => Some(v),
        _ => None,
    });
    let denial = denial_of(layers, &roles, &actors);
    if denial.is_some() {
        fired.add(Rule::DENIAL);
    }
    // "The incident, which occurred at noon on Wednesday".
    // (A date left once the claim's day is set aside is the act's.)
    let dates_told =
        dates_told(&asserted, &roles, date) || (!claim_days.is_empty() && date.is_some());
    if dates_told {
        fired.add(Rule::DATES_TOLD);
    }
    let caption = !asserted.is_empty() && crate::assemble::in_caption(layers, span);
    if caption {
        fired.add(Rule::EVENT_NOT_FROM_CAPTION);
    }
    let crowd_arms = !asserted.is_empty() && roles.iter().any(|r| r.what == RoleCue::CrowdArms);
    Facts {
        thrown: thrown_bomb(layers, &roles, &asserted),
        told_on: (date.is_none() && !asserted.is_empty())
            .then(|| told_on(layers, span, &roles, &claim_days))
            .flatten(),
        claim_all: claim_of_all(layers, &roles, &roled),
        crowd_arms,
        caption,
        sequel: rel.sequel,
        days_before: rel.days_before,
        counted_from_next: rel.counted_from_next,
        recalled: rel.recalled,
        same_place: roles.iter().any(|r| r.what == RoleCue::SamePlace),
        // (Another party's act with no day of its own: the day of the one before.)
        same_day: rel.doer_from.is_some() || roles.iter().any(|r| r.what == RoleCue::SameDay),
        sites: sites(layers, lex, &places, place),
        dates_told,
        similar: similar_act(layers, lex, &asserted),
        via,
        denial,
        forces_target,
        index,
        span,
        asserted,
        threat,
        anaphoric: rel.anaphoric,
        place,
        date,
        figures: figs,
        actors: roled,
        claim_cue,
        separate: rel.separate,
        specific,
        rules: fired,
    }
}
