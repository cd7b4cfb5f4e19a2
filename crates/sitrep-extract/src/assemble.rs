/*!
Assembly: sentences into events, with within-document event coreference.

Sentences are read in order. A sentence with an asserted trigger starts a new
event when it is specific (see [`crate::sentence`]) and not about the event
before it; it joins the previous event when it refers back ("the attack", "the
blasts") or follows it closely with no date or place of its own, provided its
date and province do not contradict it. A sentence with no trigger adds its
casualty figures or claim to the event just told. Threats by a named armed actor
become `statement` events.

Field rules (this list is their documentation):
* type — the highest-priority trigger; a generic attack on soldiers or police is
  a battle, and so is one whose only dead are the attackers; a figure only of
  attackers is not a toll unless no victim is counted;
* fatalities / injuries — the first figure the report gives for the event, or the
  last revision of the toll ("the death toll rose to 30"), among figures not given
  by the perpetrator or claimant (whose figures stay in `casualty_claims`); a
  figure in the headline or a photo caption (a paragraph with a credit such as
  "Photo by", from the `caption` source of `sources.tsv`) counts only when the
  story gives none: both are written apart from it, often from an earlier toll;
  a later, larger total that names its parts ("four civilians, including the
  businessman, were killed") replaces the first figure; a figure told as more
  victims ("three soldiers also died", "were also killed") adds to the figure
  before it, the attackers' included; "deaths and injuries of dozens" gives at
  least one of each;
* location — the finest place of the event's sentences; else the first place of
  the report's body; else the dateline; else the report's country;
* date — the date expression nearest the trigger in the first sentence that has
  one; unresolved (with the reason) when the text cannot fix it;
* perpetrator from context — an air or drone strike, or shelling, with no actor of
  its own takes the perpetrator of the report's nearest other strike from afar
  ("another strike"); an unattributed bombing or battle in a report that names exactly
  one rebel group (of the act's country, when the base knows it) gets that group
  as the *suspected* perpetrator (a report on an unclaimed bombing that explains
  "the insurgents have waged …").
*/

use crate::casualties::{add_counts, Figure};
use crate::layers::{starting_in, DateHit, Layers};
use crate::lexicon::Lexicons;
use crate::rules::{Rule, RuleSet};
use crate::sentence::{Facts, SRole};
use crate::words::{is, SentenceWords};
use sitrep_core::{
    stable_id, ActorRef, ActorType, Attribution, AttributionStatus, Casualties, CasualtyClaim,
    CasualtyKind, DateRange, Document, Event, EventType, GeoPrecision, Location, Modality,
    PlaceMention, Role, Source, Span, SCHEMA,
};

struct Draft<'a> {
    sentences: Vec<usize>,
    spans: Vec<Span>,
    trigger: Span,
    event_type: EventType,
    sub_event_type: Option<String>,
    priority: u8,
    place: Option<&'a PlaceMention>,
    date: Option<&'a DateHit>,
    /// The date came from the act told next to it ([`Rule::DATE_SAME_DAY`]).
    date_same_day: bool,
    figures: Vec<(Figure, Option<String>)>,
    actors: Vec<(Role, &'a sitrep_core::ActorMention)>,
    status: AttributionStatus,
    strong: bool,
    /// The type was set by a direct act ("opened fire", "shot dead").
    direct: bool,
    /// The type was set by a word of people held where they were ("taken
    /// hostage", "hijacked"): [`Rule::TYPE_KILLING_OVER_ABDUCTION`] does not apply.
    held: bool,
    forces_target: bool,
    via: Option<&'static str>,
    /// Told only as the act an event "came after": no later anaphor means it.
    background: bool,
    /// ", a day after …": days before the event told before it, and the phrase.
    days_before: Option<(i32, Span)>,
    /// The days count from the act told after it ("Two days after the raid
    /// on A, gunmen …").
    counted_from_next: bool,
    /// The assembly rules that made the event of its sentences
    /// ([`Rule::EVENT_NEW`], [`Rule::EVENT_JOIN_RELATED`], …).
    joins: RuleSet,
    /// The sub-event type came from a lower word ([`Rule::SUB_FROM_LOWER_WORD`]).
    sub_from_lower: bool,
    /// A sentence of the event names a crowd's act (a protest or riot word):
    /// police fighting it is a riot, not a battle.
    crowd: bool,
    /// A sentence of the event tells arrests: at a protest, an intervention.
    arrests: bool,
    /// The sub-type of a place taken by force told in the event's sentences
    /// ("seized the town", "retook the base"): [`Rule::TYPE_PLACE_TAKEN`].
    taken: Option<String>,
    /// A sentence of the event tells a withdrawal (a word of non-violent
    /// transfer of territory): [`Rule::TYPE_TAKEN_UNOPPOSED`].
    withdrawal: bool,
    /// A sentence of the event tells fighting (a word of an armed clash, a
    /// strike or shelling).
    clash: bool,
    /// A sentence of the event names a crowd's arms ("with sticks and
    /// stones"): [`Rule::TYPE_CROWD_ARMS`].
    crowd_arms: bool,
    /// A sentence of the event names a protest (a protest word, not a riot).
    protest: bool,
    /// A sentence of the event throws its explosive ([`Rule::TYPE_THROWN_BOMB`]).
    thrown: bool,
    /// The day the act was told, when its sentences date only the telling
    /// ([`Rule::DATE_BEFORE_TELLING`]).
    told_on: Option<chrono::NaiveDate>,
    /// A sentence of the event names a riot ("threw stones at officers",
    /// "torched the police post"): [`Rule::TYPE_RIOT_MET_BY_FORCE`].
    riot: bool,
    /// The places coordinated under the act's word in its first sentence
    /// ([`Rule::EVENT_PER_SITE`]): one event each.
    sites: Vec<&'a PlaceMention>,
    /// Typed as the report's first event ([`Rule::TYPE_OF_SIMILAR`]).
    similar: bool,
    /// The forces' fight with the fighters of the act told before it
    /// ([`answers`]): "the attack" told later still means that act.
    reply: bool,
}

impl Draft<'_> {
    /// An act the report recalls rather than reports: told as the act another
    /// "came after", or counted days before the act told before it.
    fn recalled(&self) -> bool {
        self.background || self.days_before.is_some()
    }
}

/// Which named rule produced each field of an event: `(field, rule)` pairs.
pub type Provenance = Vec<(&'static str, Rule)>;

fn compatible(d: &Draft, f: &Facts) -> bool {
    // A definite reference ("the bombings") is not undone by a country named in
    // passing; only a finer place of its own can say it is another event.
    let place_counts = |p: &PlaceMention| !f.anaphoric || p.precision != GeoPrecision::Country;
    // "X claimed the attack on Saturday": a claim's date is the claim's, not the
    // act's; so is a toll revision's told with no act ("the death toll rose to
    // 15 on Monday").
    let claim_date = f.anaphoric && f.claim_cue;
    let revision_date = f.asserted.is_empty() && f.figures.iter().any(|(g, _)| g.update);
    if let (Some(a), Some(b), false) = (
        d.date,
        f.date,
        claim_date || revision_date || later_telling(d, f),
    ) {
        if let (Some(s1), Some(e1), Some(s2), Some(e2)) =
            (a.range.start, a.range.end, b.range.start, b.range.end)
        {
            if s1 > e2 || s2 > e1 {
                return false;
            }
        }
        // Unanchored, "on Friday" and "on Thursday" are still two days.
        let differ =
            |x: &Option<String>, y: &Option<String>| matches!((x, y), (Some(x), Some(y)) if x != y);
        if differ(&a.range.weekday, &b.range.weekday)
            || differ(&a.range.month_day, &b.range.month_day)
        {
            return false;
        }
    }
    if let (Some(a), Some(b)) = (d.place, f.place.filter(|p| place_counts(p))) {
        if a.place.country != b.place.country {
            return false;
        }
        if let (Some(x), Some(y)) = (&a.place.admin1_code, &b.place.admin1_code) {
            if x != y {
                return false;
            }
        }
    }
    true
}

/// [`Rule::EVENT_LATER_TELLING`]: a reference back ("the bombing") in a sentence
/// dated after the act: its date is the telling's (a toll, a scene, a reaction).
fn later_telling(d: &Draft, f: &Facts) -> bool {
    f.anaphoric
        && matches!((d.date, f.date), (Some(a), Some(b))
            if matches!((a.range.end, b.range.start), (Some(e), Some(s)) if s > e))
}

/// The next sentence or two, with no date or place of its own: the same story.
fn follows(d: &Draft, f: &Facts) -> bool {
    d.sentences.last().is_some_and(|&s| f.index <= s + 2)
        && f.date.is_none()
        && f.place.is_none()
        && compatible(d, f)
}

/// The event sentence `f` goes on with when it tells nothing of its own
/// ([`Rule::EVENT_JOIN_FOLLOWS`]): the one the last sentence with an act went
/// to (`told`), which an act recalled in passing does not change, save for the
/// sentence right after it, which may still tell of it ("… a day after the
/// army bombed a school in X. The school was closed at the time.").
fn story_of(drafts: &[Draft], told: Option<usize>, f: &Facts) -> usize {
    let n = drafts.len();
    match drafts.last() {
        Some(d) if d.recalled() && d.sentences.last().is_some_and(|&s| f.index == s + 1) => n - 1,
        _ => told.unwrap_or(n.saturating_sub(1)),
    }
}

/// True when `new` is one day inside the coarser range `old`.
fn finer_within(old: &sitrep_core::DateRange, new: &sitrep_core::DateRange) -> bool {
    use sitrep_core::DatePrecision as P;
    new.precision == P::Day
        && matches!(old.precision, P::Days | P::Week | P::Month | P::Year)
        && matches!((old.start, old.end, new.start, new.end),
            (Some(a), Some(b), Some(c), Some(e)) if a <= c && e <= b)
}

/// "The attackers were then hit by air strikes that killed 15 of them": right
/// after an act, a strike of another kind, told by a strong word, whose only dead
/// are the attackers, answers the act: it is another act.
///
/// So does, after a hostage taking or an abduction, a sentence in which
/// soldiers or police kill the captors ("During the rescue, troops eliminated
/// nine militants", [`Rule::ROLE_FORCES_AGAINST_FIGHTERS`]): the fight with
/// them is a battle of its own, the hostages are not its victims.
fn answers(d: &Draft, f: &Facts) -> bool {
    !f.anaphoric
        && !f.figures.is_empty()
        && f.figures.iter().all(|(g, _)| g.attackers)
        && (other_kind(d, f) || forces_answer(d, f))
}

/// `f` tells the rescue from the act `d` ([`forces_answer`], [`answers`]).
fn rescue(d: &Draft, f: &Facts) -> bool {
    forces_answer(d, f) && answers(d, f)
}

/// The second case of [`answers`]: a rescue. After a hostage taking or an
/// abduction, forces fight the captors at its own scene (the sentence names
/// no place of its own); the end of a siege or an assault the forces fought
/// from the start is the same battle, not an answer.
fn forces_answer(d: &Draft, f: &Facts) -> bool {
    f.rules.has(Rule::ROLE_FORCES_AGAINST_FIGHTERS)
        && f.place.is_none()
        && d.event_type == EventType::ViolenceAgainstCivilians
        && (d.held || d.sub_event_type.as_deref() == Some("abduction"))
}

/// The event was told by a strong word, and the sentence's best word is a
/// strong one of another event type.
fn other_kind(d: &Draft, f: &Facts) -> bool {
    d.strong
        && f.asserted.first().is_some_and(|t| {
            t.what.strength == crate::lexicon::Strength::Strong && t.what.event_type != d.event_type
        })
}

/// A later sentence about the same act: it refers back ("the attack"), or it
/// names the same place, with a compatible date and province. A coarser date of
/// its own ("last month", "in January") marks a background event instead.
fn related(d: &Draft, f: &Facts) -> bool {
    if !compatible(d, f) {
        return false;
    }
    let coarse = |p: sitrep_core::DatePrecision| {
        matches!(
            p,
            sitrep_core::DatePrecision::Month
                | sitrep_core::DatePrecision::Year
                | sitrep_core::DatePrecision::Week
        )
    };
    if let Some(fd) = f.date {
        let dd = d.date.map(|x| x.range.precision);
        if coarse(fd.range.precision) && dd.is_none_or(|p| !coarse(p)) {
            return false;
        }
    }
    if f.anaphoric {
        return true;
    }
    // Nothing of its own to tell it apart: a re-telling of the same act.
    let fine = |p: &PlaceMention| p.precision.rank() < GeoPrecision::Country.rank();
    if f.date.is_none() && !f.place.is_some_and(fine) {
        return true;
    }
    // Joined only by place and day, an act of another kind told by a strong
    // word ("two men opened fire on his car" after a bombing) is another act.
    if other_kind(d, f) {
        return false;
    }
    match (d.place, f.place) {
        // A finer place in the same country refines an event known only by
        // country, unless one of them is dated by itself (a round-up's lead).
        (Some(a), Some(b)) if !fine(a) => {
            a.place.country == b.place.country && (d.date.is_none() || f.date.is_none())
        }
        // A first place for an event known by no place: the same act unless
        // both are dated, on different days ("this week" then "on Tuesday" of
        // that week is one act told finer).
        (None, Some(_)) => match (d.date, f.date) {
            (Some(a), Some(b)) => {
                (a.range.start, a.range.end) == (b.range.start, b.range.end)
                    || finer_within(&a.range, &b.range)
            }
            _ => true,
        },
        // No place of its own, an act of the same type dated the very day of
        // an event placed: the same act told again ("Explosions killed 100
        // near the tomb in Kerman" in the headline, then "the blasts that
        // killed dozens on Wednesday" in the lede).
        (Some(_), None) => {
            f.asserted
                .first()
                .is_some_and(|t| t.what.event_type == d.event_type)
                && matches!((d.date, f.date), (Some(a), Some(b))
                    if a.range.precision == sitrep_core::DatePrecision::Day
                        && (a.range.start, a.range.end) == (b.range.start, b.range.end))
        }
        // A sentence with a toll of its own at a place of another district
        // tells another act; without one, a district names the act's
        // surroundings (where its victims came from, where they went).
        (Some(a), Some(b)) => {
            let own_toll = f.figures.iter().any(|(g, _)| !g.attackers);
            let district = |p: &PlaceMention| p.precision.rank() >= GeoPrecision::Admin2.rank();
            a.place.admin1_code.is_some()
                && a.place.admin1_code == b.place.admin1_code
                && (if own_toll {
                    one_holds_other(a, b)
                } else {
                    a.place.geonames_id == b.place.geonames_id || district(a) || district(b)
                } || sitrep_geo::haversine_km(
                    (a.place.lat, a.place.lon),
                    (b.place.lat, b.place.lon),
                ) < 25.0)
        }
        _ => false,
    }
}

/// How well draft `i` suits sentence `f` as the act it tells more of, best
/// first: for a definite reference, an act of its kind; an act at its place
/// ("the Kech bombing": a reference placed where one of the acts is goes to
/// that one); with no place, the story it goes on with (a place may name an
/// act recalled in passing); then the most recent.
fn suits(drafts: &[Draft], i: usize, f: &Facts, story: usize) -> (bool, bool, bool, usize) {
    let kind = f.asserted.first().map(|t| t.what.event_type);
    let same_kind = drafts
        .get(i)
        .is_some_and(|d| Some(d.event_type) == kind && !d.reply);
    let placed = drafts.get(i).is_some_and(|d| placed_at(d, f));
    let goes_on = !f.anaphoric && f.place.is_none() && i == story;
    (same_kind && f.anaphoric, placed, goes_on, i)
}

/// The sentence's place is the act's, or holds it or lies in it.
fn placed_at(d: &Draft, f: &Facts) -> bool {
    match (d.place, f.place) {
        (Some(a), Some(b)) => a.place.admin1_code == b.place.admin1_code && one_holds_other(a, b),
        _ => false,
    }
}

/// One place, or one a district or coarser unit that holds the other
/// ([`contains`]; both of one admin1).
fn one_holds_other(a: &PlaceMention, b: &PlaceMention) -> bool {
    a.place.geonames_id == b.place.geonames_id || contains(a, b) || contains(b, a)
}

/// Whether `unit` may hold `p` (both of one admin1): an admin1 or coarser
/// holds every place of it; a district only the places of that district,
/// where `p`'s district is known ("a roadside bomb in Kech district" and "a
/// grenade attack in Khuzdar" are two acts of one province); a point or a
/// place near one holds none.
fn contains(unit: &PlaceMention, p: &PlaceMention) -> bool {
    match unit.precision {
        GeoPrecision::Admin2 => match (&unit.place.admin2, &p.place.admin2) {
            (Some(x), Some(y)) => x == y,
            _ => true,
        },
        precision => precision.rank() > GeoPrecision::Admin2.rank(),
    }
}

/// Notes the kinds of act a sentence of the event tells: a protest, arrests,
/// a withdrawal (a word of non-violent transfer) or a fight (a word of an
/// armed clash; these two for [`Rule::TYPE_TAKEN_UNOPPOSED`]).
fn note_act_kinds(d: &mut Draft, f: &Facts) {
    for t in &f.asserted {
        d.protest |= t.what.event_type == EventType::Protests;
        d.riot |= t.what.event_type == EventType::Riots;
        match t.what.sub_event_type.as_deref() {
            Some("arrests") => d.arrests = true,
            Some("non_violent_transfer_of_territory") => d.withdrawal = true,
            Some("armed_clash") => d.clash = true,
            _ => {}
        }
        // (Strikes and shelling oppose a taking as a clash does: "retook the
        // town after the rebels pulled out under days of drone strikes".)
        d.clash |= t.what.event_type == EventType::ExplosionsRemoteViolence;
    }
}

/// Adds a sentence's facts to an event. `own_date`: its date is the act's;
/// `retype`: its words may name the act's type (it refers back, or follows
/// closely), where a sentence joined only by place and day tells more of the
/// fighting around the act, not what the act was.
fn add_facts<'a>(d: &mut Draft<'a>, f: &Facts<'a>, own_date: bool, retype: bool) {
    let first = d.sentences.is_empty();
    // A later sentence that tells the act in its claimant's own words ("the
    // rebels said they had attacked army positions") frames it; it does not
    // say what the act was, nor whom it struck.
    let claim_framing = !first
        && (f.claim_cue || f.actors.iter().any(|r| r.role == SRole::Claimant))
        && !d.figures.is_empty();
    d.sentences.push(f.index);
    d.forces_target |= f.forces_target && !f.asserted.is_empty() && !claim_framing;
    if f.claim_cue {
        d.via = d.via.or(f.via);
    }
    d.spans.push(f.span);
    d.crowd |= f
        .asserted
        .iter()
        .any(|t| matches!(t.what.event_type, EventType::Protests | EventType::Riots));
    d.crowd_arms |= f.crowd_arms;
    d.thrown |= f.thrown;
    d.told_on = d.told_on.or(f.told_on);
    if d.taken.is_none() {
        d.taken = f
            .asserted
            .iter()
            .filter(|t| t.what.event_type == EventType::Battles)
            .find_map(|t| {
                t.what.sub_event_type.clone().filter(|s| {
                    matches!(
                        s.as_str(),
                        "government_regains_territory" | "non_state_actor_overtakes_territory"
                    )
                })
            });
    }
    note_act_kinds(d, f);
    if let Some(t) = f.asserted.first() {
        // The type follows the act that caused the casualties: once an event
        // has its toll, a later sentence with none of its own does not retype
        // it by an incidental weapon word ("residents heard blasts as the
        // gunmen fled"), nor make it a battle by a weak word of background
        // fighting ("the raiders belong to a militia fighting the army").
        // Nor by an incidental word told with a figure of its own ("… claimed
        // that 19 soldiers were killed during retaliatory strikes"): the
        // figure retells the toll, the weapon word is its manner.
        let told = d.figures.iter().any(|(g, _)| !g.attackers);
        let incidental = t.what.cue == crate::lexicon::TriggerCue::Incidental;
        // Nor by a battle word told with no figure of its own after the toll
        // of an attack on civilians ("gunmen killed 40 villagers … they
        // overran those who resisted"): the fight with a few defenders is the
        // massacre's manner.
        let manner = told
            && d.event_type == EventType::ViolenceAgainstCivilians
            && f.figures.is_empty()
            && t.what.event_type == EventType::Battles;
        // Nor by an incidental word after a direct act has typed it ("gunmen
        // opened fire … there was also an explosion in the building").
        let retells = first
            || !(told || (incidental && d.direct))
            || (!f.figures.is_empty() && !incidental)
            || (!incidental
                && (t.what.strength == crate::lexicon::Strength::Strong
                    || t.what.event_type != EventType::Battles));
        // Nor does a non-violent development told after it ("an unexploded
        // grenade was found") make a violent act non-violent.
        let violent =
            |e: EventType| !matches!(e, EventType::StrategicDevelopments | EventType::Statement);
        let demotes = !first && violent(d.event_type) && !violent(t.what.event_type);
        // Nor does a violent word told after a strategic development ("the
        // group called off the ceasefire … our attacks will start") make the
        // development a violent act: the act, if told, is another event.
        let promotes = !first
            && d.event_type == EventType::StrategicDevelopments
            && d.sub_event_type.as_deref() != Some("non_state_actor_overtakes_territory")
            && violent(t.what.event_type);
        if t.what.priority > d.priority
            && retype
            && retells
            && !manner
            && !claim_framing
            && !demotes
            && !promotes
        {
            // A word that says only "explosion" ("the blast killed six") keeps
            // the kind an earlier word of the same type named ("planted a bomb").
            let kept = (t.what.sub_event_type.is_none() && t.what.event_type == d.event_type)
                .then(|| d.sub_event_type.take())
                .flatten();
            d.priority = t.what.priority;
            d.event_type = t.what.event_type;
            d.sub_event_type = t.what.sub_event_type.clone().or(kept);
            d.direct = t.what.cue == crate::lexicon::TriggerCue::Direct;
            d.held = t.what.cue == crate::lexicon::TriggerCue::Held;
        }
        // "A bomb … exploded": the top word says only "explosion"; a lower word
        // of the same type names the kind.
        if d.sub_event_type.is_none() {
            d.sub_event_type = f
                .asserted
                .iter()
                .filter(|x| x.what.event_type == d.event_type)
                .find_map(|x| x.what.sub_event_type.clone());
            d.sub_from_lower |= d.sub_event_type.is_some();
        }
        if t.what.strength == crate::lexicon::Strength::Strong {
            d.strong = true;
        }
    }
    match (d.place, f.place) {
        (None, Some(p)) => d.place = Some(p),
        (Some(old), Some(new)) => {
            let same_admin2 = old.place.admin2.is_none() || old.place.admin2 == new.place.admin2;
            let in_country =
                old.precision == GeoPrecision::Country && old.place.country == new.place.country;
            if new.precision.rank() < old.precision.rank()
                && (in_country || (old.place.admin1_code == new.place.admin1_code && same_admin2))
            {
                d.place = Some(new);
            }
        }
        _ => {}
    }
    if own_date {
        match (d.date, f.date) {
            (None, _) => d.date = f.date,
            // "earlier this week", then "on Monday afternoon": the day within.
            (Some(old), Some(new)) if finer_within(&old.range, &new.range) => d.date = Some(new),
            _ => {}
        }
    }
    d.figures.extend(f.figures.iter().cloned());
    for r in &f.actors {
        let role = match r.role {
            SRole::Perpetrator => Role::Perpetrator,
            SRole::AllegedPerpetrator => {
                if d.status == AttributionStatus::Unattributed
                    || d.status == AttributionStatus::Confirmed
                {
                    d.status = AttributionStatus::Alleged;
                }
                Role::Perpetrator
            }
            SRole::SuspectedPerpetrator => {
                if d.status == AttributionStatus::Unattributed
                    || d.status == AttributionStatus::Confirmed
                {
                    d.status = AttributionStatus::Suspected;
                }
                Role::Perpetrator
            }
            SRole::Claimant => {
                d.status = AttributionStatus::Claimed;
                Role::Claimant
            }
            SRole::Accuser => Role::Accuser,
            SRole::Target => Role::Target,
            SRole::Victim => Role::Victim,
            SRole::Participant => Role::Participant,
            SRole::Reporter => Role::Reporter,
        };
        if (claim_framing && matches!(role, Role::Target | Role::Victim))
            || side_elsewhere(first, d, f, r)
        {
            continue;
        }
        if !d
            .actors
            .iter()
            .any(|(r0, m)| *r0 == role && m.actor.id == r.mention.actor.id)
        {
            d.actors.push((role, r.mention));
        }
    }
}

/// [`forces_side_elsewhere`] or [`arrester_elsewhere`].
fn side_elsewhere(first: bool, d: &Draft, f: &Facts, r: &crate::sentence::RoledActor) -> bool {
    forces_side_elsewhere(first, d, r) || arrester_elsewhere(first, d, f, r)
}

/// The forces' fight with the fighters is a side of a battle only: a later
/// sentence joining another kind of act ("… the bomb killed 13; troops later
/// killed four militants") leaves them out of it.
fn forces_side_elsewhere(first: bool, d: &Draft, r: &crate::sentence::RoledActor) -> bool {
    !first && r.rule == Rule::ROLE_FORCES_AGAINST_FIGHTERS && d.event_type != EventType::Battles
}

/// The force that makes an arrest told after another act ("… killing four
/// teachers. Police arrested two of the attackers") is the arrest's doer, not
/// a side of the act the arrest joins.
fn arrester_elsewhere(first: bool, d: &Draft, f: &Facts, r: &crate::sentence::RoledActor) -> bool {
    let arrests = |s: Option<&str>| s == Some("arrests");
    !first
        && r.role == SRole::Perpetrator
        && f.asserted
            .first()
            .is_some_and(|t| arrests(t.what.sub_event_type.as_deref()))
        && !arrests(d.sub_event_type.as_deref())
}

/// A draft of the act `f` tells; `recalled`: an incident recalled from before
/// an act already told ([`Rule::RECALLED_INCIDENT`]), background.
fn new_draft<'a>(f: &Facts<'a>, recalled: bool) -> Option<Draft<'a>> {
    let t = f.asserted.first()?;
    let mut d = Draft {
        sentences: Vec::new(),
        spans: Vec::new(),
        trigger: t.span,
        event_type: t.what.event_type,
        sub_event_type: t.what.sub_event_type.clone(),
        priority: t.what.priority,
        place: None,
        date: None,
        date_same_day: false,
        figures: Vec::new(),
        actors: Vec::new(),
        status: AttributionStatus::Unattributed,
        strong: false,
        direct: t.what.cue == crate::lexicon::TriggerCue::Direct,
        held: t.what.cue == crate::lexicon::TriggerCue::Held,
        forces_target: false,
        via: None,
        background: f.sequel || recalled,
        days_before: f.days_before,
        counted_from_next: f.counted_from_next,
        joins: RuleSet::default(),
        sub_from_lower: false,
        crowd: false,
        crowd_arms: false,
        thrown: false,
        told_on: None,
        arrests: false,
        taken: None,
        withdrawal: false,
        clash: false,
        protest: false,
        riot: false,
        sites: f.sites.clone(),
        similar: false,
        reply: false,
    };
    d.joins.add(Rule::EVENT_NEW);
    add_facts(&mut d, f, true, true);
    Some(d)
}

/// Rule [`Rule::TYPE_OF_SIMILAR`]: "a similar attack" takes the type and
/// sub-type of the report's first event, when that one is of another type or
/// told by a word of its own kind (not itself a generic attack).
fn similar(first: Option<&Draft>, d: &mut Draft) {
    let Some(first) = first.filter(|f| !f.similar) else {
        return;
    };
    if first.event_type == d.event_type
        && matches!(first.sub_event_type.as_deref(), None | Some("attack"))
    {
        return;
    }
    d.event_type = first.event_type;
    d.sub_event_type = first.sub_event_type.clone();
    d.similar = true;
}

/// A statement told in a sentence: (facts, cue, actor, sub-event type, modality).
type Statement<'f> = (
    &'f Facts<'f>,
    Span,
    &'f sitrep_core::ActorMention,
    &'static str,
    Modality,
);

/// The actors the report tells denying an act.
fn deniers<'a>(statements: &[Statement<'a>]) -> Vec<&'a str> {
    statements
        .iter()
        .filter(|s| s.3 == "deny")
        .map(|s| s.2.actor.id.as_str())
        .collect()
}

/// Assemble the events of one document.
pub fn assemble(
    doc: &Document,
    (layers, lex): (&Layers, &Lexicons),
    facts: &[Facts],
    dateline_places: &[PlaceMention],
    country: Option<&str>,
) -> Vec<Event> {
    assemble_traced(doc, (layers, lex), facts, dateline_places, country).0
}

/// [`assemble`], with the [`Provenance`] of each event: which named rule
/// produced each of its fields.
pub fn assemble_traced(
    doc: &Document,
    (layers, lex): (&Layers, &Lexicons),
    facts: &[Facts],
    dateline_places: &[PlaceMention],
    country: Option<&str>,
) -> (Vec<Event>, Vec<Provenance>) {
    let words = &lex.words;
    let mut drafts: Vec<Draft> = Vec::new();
    // Asserted but unanchored sentences told before any event ("The X gang killed
    // whole families"): their actors join the next event, if it follows closely.
    let mut pending: Vec<&Facts> = Vec::new();
    let mut statements: Vec<Statement> = Vec::new();
    // The event the last sentence with an act went to: the story the next
    // sentences go on with ([`Rule::EVENT_JOIN_FOLLOWS`]), which after an act
    // recalled in passing is again the report's own.
    let mut told: Option<usize> = None;
    for f in facts {
        if !f.asserted.is_empty() {
            let n = drafts.len();
            let story = story_of(&drafts, told, f);
            // Recalled from before an act told: the report's first act is its own.
            let recalled = f.recalled && n > 0;
            // Candidates: the last three events, and for a definite reference any
            // event; among them the best suited ([`suits`]).
            // "Separately, …" tells another act, and so does an incident
            // recalled from before ("four days earlier"): it joins none.
            let from = if f.separate || recalled {
                n
            } else if f.anaphoric {
                n.saturating_sub(ANAPHOR_REACH)
            } else {
                n.saturating_sub(3).min(story)
            };
            let target = (from..n)
                .filter(|&i| {
                    drafts.get(i).is_some_and(|d| {
                        // No anaphor means a background act; an answer is another act.
                        let barred = d.background && f.anaphoric || answers(d, f);
                        !barred && (i == story && follows(d, f) || related(d, f))
                    })
                })
                .max_by_key(|&i| suits(&drafts, i, f, story));
            told = target.or(told);
            let first = drafts.is_empty();
            let answer = drafts.last().is_some_and(|d| answers(d, f));
            let lead = target.is_none() && standfirst(&drafts, f);
            let forces_reply = drafts.last().is_some_and(|d| rescue(d, f));
            match target.and_then(|i| drafts.get_mut(i)) {
                Some(d) => {
                    let later = later_telling(d, f);
                    // (A claim told of "the attack" dates the claim, unless
                    // the sentence says when the act occurred.)
                    let own = (!f.anaphoric || !f.claim_cue || f.dates_told) && !later;
                    if later {
                        d.joins.add(Rule::EVENT_LATER_TELLING);
                    }
                    let retype =
                        f.anaphoric || d.sentences.last().is_some_and(|&s| f.index <= s + 2);
                    let next = target == Some(story) && follows(d, f);
                    let join = if next {
                        Rule::EVENT_JOIN_FOLLOWS
                    } else {
                        Rule::EVENT_JOIN_RELATED
                    };
                    d.joins.add(join);
                    add_facts(d, f, own, retype);
                }
                // An undated standfirst told before the lead: the lead joins it.
                None if lead => {
                    told = n.checked_sub(1);
                    if let Some(d) = drafts.last_mut() {
                        d.joins.add(Rule::EVENT_LEAD_JOINS_STANDFIRST);
                        add_facts(d, f, true, true);
                    }
                }
                // A photo caption starts no event of its own; told before any,
                // its actors may join the next.
                None if f.caption && first => pending.push(f),
                None if f.caption => {}
                // A later act of its own needs a place or a toll, not only a date
                // ("the masterminds of the October 7 massacre" is a mention).
                // "Separately, … on Saturday": a dated act told apart is one.
                None if (f.specific
                    || (f.separate && f.date.is_some())
                    || forces_reply)
                    && !(f.anaphoric && !first && f.date.is_none() && f.figures.is_empty())
                    && (first
                        || f.separate
                        || answer
                        || f.figures.iter().any(|(g, _)| !g.attackers)
                        || f.place.is_some_and(|p| {
                            p.precision.rank() < GeoPrecision::Country.rank()
                        }))
                    // A recalled incident is one only if told by a strong word
                    // or placed ("over 200 were killed the previous week" is not).
                    && (!recalled
                        || f.asserted.first().is_some_and(|t| {
                            t.what.strength == crate::lexicon::Strength::Strong
                        })
                        || f.same_place
                        || f.place.is_some_and(|p| {
                            p.precision.rank() < GeoPrecision::Country.rank()
                        })) =>
                {
                    if let Some(mut d) = new_draft(f, recalled) {
                        d.reply = forces_reply;
                        // "in the same area … two days earlier": a recalled
                        // incident placed by a `same_place` cue is at the act
                        // told just before it.
                        if recalled && f.same_place && d.place.is_none() {
                            d.place = drafts.last().and_then(|p| p.place);
                        }
                        // (An answer to the act told before it, with no
                        // date of its own, is on that act's day: "Soldiers
                        // repelled the attackers after a gun battle".)
                        if f.same_day || (answer && d.date.is_none()) {
                            same_day(drafts.last_mut(), &mut d);
                        }
                        if f.similar {
                            similar(drafts.first(), &mut d);
                        }
                        for p in pending.drain(..) {
                            if f.index <= p.index + 3 && compatible(&d, p) {
                                d.joins.add(Rule::EVENT_PENDING_ACTORS);
                                add_facts(&mut d, p, false, true);
                            }
                        }
                        // An act recalled in passing (or a rescue) leaves the story.
                        if !(d.recalled() || forces_reply) || told.is_none() {
                            told = Some(n);
                        }
                        drafts.push(d);
                    }
                }
                None if first => pending.push(f),
                None => {}
            }
        } else if let Some(d) = drafts.last_mut() {
            let update = f.figures.iter().any(|(g, _)| g.update);
            let near = update || d.sentences.last().is_some_and(|&s| f.index <= s + 2);
            // A figure, or a claim (a claim cue, or a claimant found by a
            // role rule: "X said its fighters planted the device").
            let adds = f.figures.iter().any(|(g, _)| !g.attackers)
                || f.claim_cue
                || f.actors.iter().any(|r| r.role == SRole::Claimant);
            let dates = f.dates_told && d.date.is_none();
            if near && (adds || dates) && compatible(d, f) {
                d.joins.add(Rule::EVENT_ADD_FACTS);
                add_facts(d, f, dates, true);
            }
        } else if !f.caption && f.figures.iter().any(|(g, _)| !g.attackers && g.harms()) {
            // "More than 40 people were hurt, the agency said. The bombers struck
            // a wedding on Saturday": a toll told before any act joins the
            // first event, if it follows closely (as pending actors do).
            pending.push(f);
        }
        if let Some((cue, actor)) = f.threat {
            statements.push((f, cue, actor, "threaten", Modality::Threatened));
        }
        if let Some((cue, actor)) = f.denial {
            statements.push((f, cue, actor, "deny", Modality::Negated));
        }
    }
    let fallback = fallback_place(layers, dateline_places);
    let (mut events, mut why): (Vec<Event>, Vec<Provenance>) = drafts
        .iter()
        .map(|d| finish(doc, (layers, lex), d, fallback, country))
        .unzip();
    let recalled = dates_of_events(&mut events, &drafts, (layers, words), doc, &mut why);
    claims_of_all(&mut events, &drafts, facts, layers, &mut why);
    perpetrators_from_context(&mut events, layers, &deniers(&statements), &mut why);
    let (mut events, mut why) = split_sites(layers, &drafts, events, why, country);
    for (f, cue, actor, sub, modality) in statements {
        let (mut e, w) = statement(doc, layers, f, cue, actor, fallback, country);
        e.sub_event_type = Some(sub.to_string());
        e.modality = modality;
        events.push(e);
        why.push(w);
    }
    unnamed_attackers(&mut events, layers, &mut why);
    let n = recalled.len();
    if let (Some(tail), Some(why_tail)) = (events.get_mut(n..), why.get_mut(n..)) {
        date_from_publication(tail, &[], doc.published, false, why_tail);
    }
    (events, why)
}

/// The dates the events' own words do not give: [`date_of_series`], then
/// [`date_from_publication`] for the report's own acts, [`date_from_previous`],
/// [`last_weekday_before_the_act`], and the publication rule for recalled
/// acts. Returns which events are recalled.
fn dates_of_events(
    events: &mut [Event],
    drafts: &[Draft],
    (layers, words): (&Layers, &SentenceWords),
    doc: &Document,
    why: &mut [Provenance],
) -> Vec<bool> {
    let recalled: Vec<bool> = drafts.iter().map(Draft::recalled).collect();
    date_of_series(events, drafts, layers, why);
    date_before_telling(events, drafts, why);
    date_from_publication(events, &recalled, doc.published, false, why);
    date_from_previous(events, drafts, layers, why);
    last_weekday_before_the_act(events, layers, words, why);
    date_from_publication(events, &recalled, doc.published, true, why);
    recalled
}

/// [`Rule::CLAIM_OF_ALL`]: a claim of every act told before it ("X claimed
/// both attacks") names its claimants as claimants of each violent event told
/// before the claim with none of its own, and as perpetrators where there is
/// no perpetrator.
fn claims_of_all(
    events: &mut [Event],
    drafts: &[Draft],
    facts: &[Facts],
    layers: &Layers,
    why: &mut [Provenance],
) {
    for f in facts.iter().filter(|f| f.claim_all) {
        let claimants: Vec<ActorRef> = f
            .actors
            .iter()
            .filter(|a| a.role == SRole::Claimant)
            .map(|a| actor_ref(Role::Claimant, a.mention, layers))
            .collect();
        for (j, d) in drafts.iter().enumerate() {
            let told_before = d.sentences.first().is_some_and(|&s| s < f.index);
            let Some(e) = events.get_mut(j).filter(|_| told_before) else {
                continue;
            };
            if !e.event_type.is_violent() || !e.attribution.claimed_by.is_empty() {
                continue;
            }
            // (A named claimant outranks "gunmen", as in the sentences' actors.)
            let perpetrator = has_perpetrator(e);
            if !perpetrator {
                e.actors
                    .retain(|a| !(a.role == Role::Perpetrator && a.id == UNIDENTIFIED));
            }
            for c in &claimants {
                e.actors.push(c.clone());
                if !perpetrator {
                    let mut p = c.clone();
                    p.role = Role::Perpetrator;
                    e.actors.push(p);
                }
                e.attribution.claimed_by.push(c.id.clone());
            }
            e.attribution.status = AttributionStatus::Claimed;
            record(why, j, "claimed_by", Rule::CLAIM_OF_ALL);
        }
    }
}

/// [`Rule::DATE_SAME_DAY`]: of an act and the one told before it (`prev`),
/// on one day, the one with no date of its own takes the other's.
fn same_day<'a>(prev: Option<&mut Draft<'a>>, d: &mut Draft<'a>) {
    let Some(prev) = prev else { return };
    match (prev.date, d.date) {
        (Some(x), None) => {
            d.date = Some(x);
            d.date_same_day = true;
        }
        (None, Some(x)) => {
            prev.date = Some(x);
            prev.date_same_day = true;
        }
        _ => {}
    }
}

/// [`Rule::EVENT_LEAD_JOINS_STANDFIRST`]: the one event told so far is undated,
/// and `f`, the first dated act, of its type, at a compatible place, is the lead
/// it stood above.
fn standfirst(drafts: &[Draft], f: &Facts) -> bool {
    let [d] = drafts else { return false };
    d.date.is_none()
        && f.date.is_some()
        && !f.separate
        && !f.recalled
        && !d.background
        && f.asserted
            .first()
            .is_some_and(|t| t.what.event_type == d.event_type)
        && compatible(d, f)
}

/// [`Rule::EVENT_PER_SITE`]: an event whose act's word governs a list of places
/// becomes one event per place, with its date, type and actors; the shared toll
/// stays in `casualty_claims` only.
fn split_sites(
    layers: &Layers,
    drafts: &[Draft],
    events: Vec<Event>,
    why: Vec<Provenance>,
    country: Option<&str>,
) -> (Vec<Event>, Vec<Provenance>) {
    let mut out_e = Vec::with_capacity(events.len());
    let mut out_w = Vec::with_capacity(why.len());
    for (i, (e, w)) in events.into_iter().zip(why).enumerate() {
        let sites = drafts.get(i).map_or(&[][..], |d| d.sites.as_slice());
        if sites.len() < 2 {
            out_e.push(e);
            out_w.push(w);
            continue;
        }
        for (k, site) in sites.iter().enumerate() {
            let mut x = e.clone();
            let (location, _) = location(layers, Some(site), None, country);
            x.location = location;
            x.id = stable_id(&[&e.id, &k.to_string()]);
            x.fatalities = Casualties::default();
            x.injuries = Casualties::default();
            let mut wx = w.clone();
            wx.retain(|(f, _)| !matches!(*f, "fatalities" | "injuries"));
            wx.push(("event", Rule::EVENT_PER_SITE));
            wx.retain(|(f, _)| *f != "location");
            wx.push(("location", Rule::LOCATION_OF_SENTENCES));
            out_e.push(x);
            out_w.push(wx);
        }
    }
    (out_e, out_w)
}

/// Record that `rule` produced `field` of event `i`.
fn record(why: &mut [Provenance], i: usize, field: &'static str, rule: Rule) {
    if let Some(w) = why.get_mut(i) {
        w.retain(|(f, _)| *f != field);
        w.push((field, rule));
    }
}

fn has_perpetrator(e: &Event) -> bool {
    e.actors
        .iter()
        .any(|a| a.role == Role::Perpetrator && a.id != UNIDENTIFIED)
}

fn strike(e: &Event) -> Option<&str> {
    e.sub_event_type
        .as_deref()
        .filter(|s| matches!(*s, "air_drone_strike" | "shelling_artillery_missile"))
}

/// See the module doc: a strike's sibling, then the report's one armed group.
fn perpetrators_from_context(
    events: &mut [Event],
    layers: &Layers,
    deniers: &[&str],
    why: &mut [Provenance],
) {
    // Siblings: the perpetrator of the nearest other strike from afar. The
    // strikes of each country, by index, found once: the nearest other one is a
    // neighbour of `i` in its country's list (the earlier one on a tie).
    let mut strikes: Vec<(Option<String>, usize)> = events
        .iter()
        .enumerate()
        .filter(|(_, s)| strike(s).is_some())
        .map(|(j, s)| (s.location.country.clone(), j))
        .collect();
    strikes.sort();
    for i in 0..events.len() {
        let Some(e) = events.get(i) else { continue };
        if has_perpetrator(e) || e.actors.iter().any(|a| a.role == Role::Perpetrator) {
            continue;
        }
        if strike(e).is_none() {
            continue;
        }
        let country = e.location.country.clone();
        let of_country = {
            let a = strikes.partition_point(|(c, _)| *c < country);
            let b = strikes.partition_point(|(c, _)| *c <= country);
            strikes.get(a..b).unwrap_or(&[])
        };
        let at = of_country.partition_point(|&(_, j)| j < i);
        let before = at.checked_sub(1).and_then(|k| of_country.get(k));
        let after = of_country.iter().skip(at).find(|&&(_, j)| j != i);
        let nearest = match (before, after) {
            (Some(&(_, b)), Some(&(_, a))) => Some(if i - b <= a - i { b } else { a }),
            (Some(&(_, b)), None) => Some(b),
            (None, Some(&(_, a))) => Some(a),
            (None, None) => None,
        };
        let sibling = nearest.and_then(|j| events.get(j)).and_then(|s| {
            s.actors
                .iter()
                .find(|a| a.role == Role::Perpetrator && a.id != UNIDENTIFIED)
                .cloned()
                .map(|a| (a, s.attribution.status))
        });
        if let (Some((a, status)), Some(e)) = (sibling, events.get_mut(i)) {
            record(why, i, "perpetrator", Rule::PERPETRATOR_SIBLING_STRIKE);
            e.actors.push(a);
            if e.attribution.status == AttributionStatus::Unattributed {
                e.attribution.status = status;
            }
        }
    }
    // An air strike no one is named for, in a report that names the forces of
    // the country where it fell: theirs (air power is a state's, as a rule).
    // The first mention of each state force, in text order, found once: the
    // first mention the strike did not hit is the first of a force it did not.
    let mut forces_first: Vec<&sitrep_core::ActorMention> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for m in &layers.actors {
        if m.actor.kind == ActorType::StateForces && seen.insert(m.actor.id.as_str()) {
            forces_first.push(m);
        }
    }
    for (i, e) in events.iter_mut().enumerate() {
        if has_perpetrator(e) || e.sub_event_type.as_deref() != Some("air_drone_strike") {
            continue;
        }
        let Some(country) = e.location.country.as_deref() else {
            continue;
        };
        // (Not forces the strike hit: "a drone attack on a Saudi border post".)
        let forces = forces_first.iter().copied().find(|m| {
            m.actor.kind == ActorType::StateForces
                && m.actor.country.as_deref() == Some(country)
                && !e
                    .actors
                    .iter()
                    .any(|a| a.id == m.actor.id && matches!(a.role, Role::Target | Role::Victim))
        });
        if let Some(m) = forces {
            record(why, i, "perpetrator", Rule::PERPETRATOR_AIR_POWER);
            attribute(e, m, layers);
            if e.attribution.status == AttributionStatus::Unattributed {
                e.attribution.status = AttributionStatus::Suspected;
            }
        }
    }
    // The report's only named non-state armed group, kept apart from mentions that
    // only describe another group ("al-Qaeda-linked").
    let mut groups: Vec<&sitrep_core::ActorMention> = Vec::new();
    for (k, m) in layers.actors.iter().enumerate() {
        if m.actor.kind != ActorType::RebelGroup
            || matches!(m.link, sitrep_core::LinkKind::Generic)
            || m.actor.provisional
            || layers.described_at(k)
        {
            continue;
        }
        if groups.iter().all(|g| g.actor.id != m.actor.id) {
            groups.push(m);
        }
        if groups.len() > 1 {
            return;
        }
    }
    let [group] = groups.as_slice() else { return };
    // (Not a group the report tells denying the act: "X said it was not involved".)
    if deniers.contains(&group.actor.id.as_str()) {
        return;
    }
    // (Nor when the group claimed one act of the report and not the others:
    // the report tells them apart.)
    let claimed: Vec<bool> = events
        .iter()
        .map(|e| {
            e.actors
                .iter()
                .any(|a| a.role == Role::Claimant && a.id == group.actor.id)
        })
        .collect();
    let elsewhere = claimed_elsewhere(&claimed);
    for (i, e) in events.iter_mut().enumerate() {
        if elsewhere.get(i).copied().unwrap_or(false) {
            continue;
        }
        let unattributed = e.attribution.status == AttributionStatus::Unattributed
            || (e.attribution.status == AttributionStatus::Confirmed && !has_perpetrator(e));
        let country_ok = match (&group.actor.country, &e.location.country) {
            (Some(g), Some(c)) => g == c,
            _ => true,
        };
        let kind_ok = matches!(
            e.event_type,
            EventType::ExplosionsRemoteViolence | EventType::Battles
        );
        if has_perpetrator(e) || !unattributed || !country_ok || !kind_ok {
            continue;
        }
        record(why, i, "perpetrator", Rule::PERPETRATOR_ONLY_GROUP);
        attribute(e, group, layers);
        e.attribution.status = AttributionStatus::Suspected;
    }
}

/// Per event, whether another event than it was claimed (`claimed`: per
/// event, whether it was): by the count of those claimed, not by a look at
/// every other event (a long document has thousands).
fn claimed_elsewhere(claimed: &[bool]) -> Vec<bool> {
    let n = claimed.iter().filter(|&&c| c).count();
    claimed.iter().map(|&c| n > usize::from(c)).collect()
}

/// [`Rule::PERPETRATOR_UNNAMED_ATTACKERS`]: an act of violence left with no
/// perpetrator, whose sentences name attackers only by a word for them that
/// no role rule read (the unidentified armed group, not a description of
/// another actor, not one of its actors already): its first such mention.
fn unnamed_attackers(events: &mut [Event], layers: &Layers, why: &mut [Provenance]) {
    // The mentions some event already reads (a denial's speaker, a strike's
    // target): none of them is another act's unnamed doer.
    let mut read: Vec<Span> = events
        .iter()
        .flat_map(|e| e.actors.iter().map(|a| a.span))
        .collect();
    // (By start, to look up only those that may overlap a mention: a long
    // document has thousands of events, and as many mentions read.)
    read.sort_unstable_by_key(|s| (s.start, s.end));
    let reach = read.iter().map(|s| s.end - s.start).max().unwrap_or(0);
    let is_read = |m: Span| {
        starting_in(&read, m.start.saturating_sub(reach), m.end, |a| a.start)
            .iter()
            .any(|a| a.overlaps(m))
    };
    for (i, e) in events.iter_mut().enumerate() {
        let violent = matches!(
            e.event_type,
            EventType::Battles
                | EventType::ExplosionsRemoteViolence
                | EventType::ViolenceAgainstCivilians
        );
        // (Armed groups strike from the air as a rare exception: attackers
        // named in a strike's sentences are its targets, "a vehicle carrying
        // militants".)
        let from_the_air = e.sub_event_type.as_deref() == Some("air_drone_strike");
        if !violent || from_the_air || e.actors.iter().any(|a| a.role == Role::Perpetrator) {
            continue;
        }
        // The first such mention in the text: the first of each sentence's
        // mentions, the earliest of those.
        let found = e
            .sources
            .iter()
            .flat_map(|s| s.sentences.iter())
            .filter_map(|&s| {
                let first = layers.actors.partition_point(|m| m.span.start < s.start);
                let run = starting_in(&layers.actors, s.start, s.end, |m| m.span.start);
                run.iter().enumerate().find_map(|(j, m)| {
                    let k = first + j;
                    (m.actor.id == UNIDENTIFIED
                        && !layers.described_at(k)
                        && s.contains(m.span)
                        && !is_read(m.span))
                    .then_some((k, m))
                })
            })
            .min_by_key(|&(k, _)| k);
        if let Some((_, m)) = found {
            record(why, i, "perpetrator", Rule::PERPETRATOR_UNNAMED_ATTACKERS);
            e.actors.push(actor_ref(Role::Perpetrator, m, layers));
        }
    }
}

/// The actor id of attackers named by no more than a word for them
/// ("gunmen", "assailants"): the unidentified armed group.
const UNIDENTIFIED: &str = "unidentified-armed-group";

/// An event's actor from a mention.
fn actor_ref(role: Role, m: &sitrep_core::ActorMention, layers: &Layers) -> ActorRef {
    ActorRef {
        role,
        id: m.actor.id.clone(),
        name: m.actor.name.clone(),
        kind: m.actor.kind,
        text: m.span.text(layers.text).to_string(),
        span: m.span,
    }
}

/// Makes `m` the event's perpetrator, in place of "gunmen" (the unidentified group).
fn attribute(e: &mut Event, m: &sitrep_core::ActorMention, layers: &Layers) {
    e.actors
        .retain(|a| !(a.role == Role::Perpetrator && a.id == UNIDENTIFIED));
    e.actors.push(actor_ref(Role::Perpetrator, m, layers));
}

fn fallback_place<'a>(
    layers: &'a Layers,
    dateline: &'a [PlaceMention],
) -> Option<&'a PlaceMention> {
    layers
        .places
        .iter()
        .filter(|p| !p.demonym && p.span.start >= layers.body_start)
        .filter(|p| {
            !layers.place_elsewhere(p)
                && layers.place_role(p) != Some(crate::place_roles::PlaceRole::Source)
        })
        .find(|p| p.precision.rank() <= GeoPrecision::Admin1.rank())
        .or_else(|| dateline.iter().find(|p| !p.demonym))
}

/// The event's location and the rule that chose it
/// ([`Rule::LOCATION_OF_SENTENCES`], [`Rule::LOCATION_FALLBACK`],
/// [`Rule::LOCATION_COUNTRY`]).
fn location(
    layers: &Layers,
    p: Option<&PlaceMention>,
    fallback: Option<&PlaceMention>,
    country: Option<&str>,
) -> (Location, Rule) {
    let coarse = |m: &PlaceMention| m.precision == GeoPrecision::Country;
    let (p, inherited) = match (p, fallback) {
        (Some(p), Some(f)) if coarse(p) && !coarse(f) && f.place.country == p.place.country => {
            (Some(f), true)
        }
        (Some(p), _) => (Some(p), false),
        (None, Some(f)) => (Some(f), true),
        (None, None) => (None, false),
    };
    let rule = match (p, inherited) {
        (Some(_), false) => Rule::LOCATION_OF_SENTENCES,
        (Some(_), true) => Rule::LOCATION_FALLBACK,
        (None, _) => Rule::LOCATION_COUNTRY,
    };
    let loc = match p {
        Some(m) => Location {
            name: Some(
                m.unresolved_name
                    .clone()
                    .unwrap_or_else(|| m.place.name.clone()),
            ),
            admin2: m.place.admin2.clone(),
            admin1: m.place.admin1.clone(),
            admin1_code: m.place.admin1_code.clone(),
            country: Some(m.place.country.clone()),
            lat: Some(m.place.lat),
            lon: Some(m.place.lon),
            geonames_id: m.place.geonames_id,
            precision: if inherited && m.precision.rank() < GeoPrecision::Admin2.rank() {
                GeoPrecision::Admin2
            } else {
                m.precision
            },
            text: Some(m.phrase.text(layers.text).to_string()),
            span: Some(m.phrase),
        },
        None => Location {
            country: country.map(str::to_string),
            precision: if country.is_some() {
                GeoPrecision::Country
            } else {
                GeoPrecision::Unknown
            },
            ..Location::default()
        },
    };
    (loc, rule)
}

/// "X struck Y on Saturday, a day after Z": the earlier act, with no date of
/// its own, is dated from the day of the act told before it.
fn date_from_previous(
    events: &mut [Event],
    drafts: &[Draft],
    layers: &Layers,
    why: &mut [Provenance],
) {
    for i in 0..events.len().min(drafts.len()) {
        let Some(d) = drafts.get(i) else { continue };
        let Some((days, span)) = d.days_before else {
            continue;
        };
        // The act it counts from: told before it, or for a gap that opens
        // the sentence ("Two days after the raid on A, …") right after it.
        let from = if d.counted_from_next {
            i + 1
        } else if let Some(p) = i.checked_sub(1) {
            p
        } else {
            continue;
        };
        // That act's range (a day, or the week up to publication when
        // the report does not date it either), counted back by the days between.
        let prev = events.get(from).and_then(|p| match p.date.precision {
            sitrep_core::DatePrecision::Day => Some((
                p.date.start?,
                p.date.start?,
                (p.date.precision, p.date.basis),
            )),
            sitrep_core::DatePrecision::Week
                if p.date.basis == sitrep_core::DateBasis::Publication =>
            {
                Some((p.date.start?, p.date.end?, (p.date.precision, p.date.basis)))
            }
            _ => None,
        });
        let Some(e) = events.get_mut(i) else { continue };
        if e.date.start.is_some() || e.date.end.is_some() {
            continue;
        }
        let shift = |d: chrono::NaiveDate| {
            if days >= 0 {
                d.checked_sub_days(chrono::Days::new(days.unsigned_abs().into()))
            } else {
                d.checked_add_days(chrono::Days::new(days.unsigned_abs().into()))
            }
        };
        let range = prev.and_then(|(s, t, p)| Some((shift(s)?, shift(t)?, p)));
        if let Some((s, t, (precision, basis))) = range {
            let mut r = DateRange::resolved(s, t, precision);
            r.basis = basis;
            r.text = Some(span.text(layers.text).to_string());
            r.span = Some(span);
            r.note = Some(if d.counted_from_next {
                "counted from the date of the act told after it".into()
            } else {
                "counted from the date of the act told before it".into()
            });
            e.date = r;
            record(why, i, "date", Rule::DATE_FROM_PREVIOUS);
        }
    }
}

/// Rule [`Rule::DATE_LAST_WEEKDAY`]: "Gunmen had raided a clinic last
/// Friday" in a report whose own act was on Friday: "last" names the Friday
/// of the week before, not the act's own day. A later event dated by "last"
/// and a weekday to the very day of the report's first act is moved seven days
/// back.
fn last_weekday_before_the_act(
    events: &mut [Event],
    layers: &Layers,
    words: &SentenceWords,
    why: &mut [Provenance],
) {
    let Some(first) = events.first() else {
        return;
    };
    // "last" (a `previous` word) opens the date's words or stands right
    // before them.
    // (Lower case ASCII, most words, is looked up as it is.)
    let previous = |w: Option<&str>| {
        w.is_some_and(|w| {
            if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
                is(&words.previous, w)
            } else {
                is(&words.previous, &w.to_lowercase())
            }
        })
    };
    let last_weekday = |d: &DateRange| {
        let before = d
            .span
            .and_then(|s| layers.text.get(..s.start))
            .filter(|b| b.ends_with(char::is_whitespace))
            .and_then(|b| b.split_whitespace().next_back());
        d.precision == sitrep_core::DatePrecision::Day
            && (previous(d.text.as_deref().and_then(|t| t.split_whitespace().next()))
                || previous(before))
    };
    let own = &first.date;
    if own.precision != sitrep_core::DatePrecision::Day || own.start.is_none() || last_weekday(own)
    {
        return;
    }
    // (The first event's days: the events are written to below.)
    let (start, end) = (own.start, own.end);
    for (i, e) in events.iter_mut().enumerate().skip(1) {
        // (The dates compared first: most events are on another day.)
        if e.date.start != start || e.date.end != end || !last_weekday(&e.date) {
            continue;
        }
        let back =
            |d: Option<chrono::NaiveDate>| d.and_then(|d| d.checked_sub_days(chrono::Days::new(7)));
        e.date.start = back(e.date.start);
        e.date.end = back(e.date.end);
        e.date.note =
            Some("'last' and the weekday of the report's own act: the week before".into());
        record(why, i, "date", Rule::DATE_LAST_WEEKDAY);
    }
}

/// Rule [`Rule::DATE_OF_SERIES`]: the report's first act is dated to a day by
/// its text; a later act with no date words of its own, of the same type, in
/// the same country, neither recalled nor told as background, and with no
/// more dead than it, is a part of it (a site of a series, a bullet of the
/// lead's attacks) and takes its day.
fn date_of_series(events: &mut [Event], drafts: &[Draft], layers: &Layers, why: &mut [Provenance]) {
    let (Some(first), Some(d0)) = (events.first(), drafts.first()) else {
        return;
    };
    if first.date.precision != sitrep_core::DatePrecision::Day
        || first.date.basis != sitrep_core::DateBasis::Text
        || first.date.start.is_none()
        || d0.recalled()
    {
        return;
    }
    let own = first.date.clone();
    let (kind, country) = (first.event_type, first.location.country.clone());
    // A part of the act has no more dead than the act as first told: a
    // deadlier act told later without a date is another one, recalled
    // ("… the group also carried out the airport bombing that killed 182").
    let first_dead = first.fatalities.low;
    let deadlier =
        |e: &Event| matches!((e.fatalities.low, first_dead), (Some(n), Some(f)) if n > f);
    let told = d0.sentences.first().copied();
    // "… 24 hours after insurgents abducted …": an act placed in time against
    // another (a sequel or recall cue in its sentence) is not a part of it.
    let placed_in_time = |d: &Draft| {
        d.spans.iter().any(|&s| {
            crate::layers::within(&layers.roles, s, |r| r.span).any(|r| {
                matches!(
                    r.what,
                    crate::lexicon::RoleCue::Sequel
                        | crate::lexicon::RoleCue::SequelLink
                        | crate::lexicon::RoleCue::SequelGap(_)
                        | crate::lexicon::RoleCue::Recalled(_)
                )
            })
        })
    };
    for (i, e) in events.iter_mut().enumerate().skip(1) {
        let Some(d) = drafts.get(i) else { continue };
        let later = d.sentences.first().copied() > told;
        if !later
            || d.recalled()
            || placed_in_time(d)
            || deadlier(e)
            || !no_date_words(&e.date)
            || e.event_type != kind
            || e.location.country != country
        {
            continue;
        }
        let mut r = own.clone();
        r.note = Some("no date of its own: the day of the report's first act, of its type".into());
        e.date = r;
        record(why, i, "date", Rule::DATE_OF_SERIES);
    }
}

/// Rule [`Rule::DATE_BEFORE_TELLING`]: a report's own act whose sentences date
/// only its telling ("the army said on Saturday it had retaken the town") was
/// on or before that day: the week up to it, a range the text supports, not
/// the week up to publication.
fn date_before_telling(events: &mut [Event], drafts: &[Draft], why: &mut [Provenance]) {
    for (i, (e, d)) in events.iter_mut().zip(drafts).enumerate() {
        let Some(day) = d.told_on else { continue };
        if d.recalled() || !no_date_words(&e.date) {
            continue;
        }
        e.date = DateRange {
            start: day.checked_sub_days(chrono::Days::new(6)),
            end: Some(day),
            precision: sitrep_core::DatePrecision::Week,
            note: Some("the text dates only when the act was told: the week up to that day".into()),
            basis: sitrep_core::DateBasis::Text,
            ..DateRange::default()
        };
        record(why, i, "date", Rule::DATE_BEFORE_TELLING);
    }
}

/// The report gives no date words for the event: no range, no weekday or
/// month-day kept, no text.
fn no_date_words(d: &DateRange) -> bool {
    d.start.is_none()
        && d.end.is_none()
        && d.text.is_none()
        && d.weekday.is_none()
        && d.month_day.is_none()
}

/// Events the report gives no date words for, in a report with a publication
/// date: the week up to publication for the report's own acts
/// (`recalled_pass` false), "on or before publication" for recalled ones
/// (`recalled_pass` true; run after [`date_from_previous`], which dates a
/// recalled act from the one told before it when the text counts the days).
/// `recalled[i]` says whether event `i` is recalled (missing: not).
fn date_from_publication(
    events: &mut [Event],
    recalled: &[bool],
    published: Option<chrono::NaiveDate>,
    recalled_pass: bool,
    why: &mut [Provenance],
) {
    let Some(p) = published else { return };
    for (i, e) in events.iter_mut().enumerate() {
        let is_recalled = recalled.get(i).copied().unwrap_or(false);
        if is_recalled != recalled_pass || !no_date_words(&e.date) {
            continue;
        }
        e.date = DateRange::from_publication(p, is_recalled);
        record(why, i, "date", Rule::DATE_FROM_PUBLICATION);
    }
}

fn date_of(layers: &Layers, d: Option<&DateHit>) -> DateRange {
    match d {
        Some(h) => {
            let mut r = h.range.clone();
            r.text
                .get_or_insert_with(|| h.span.text(layers.text).to_string());
            r.span.get_or_insert(h.span);
            r
        }
        None => DateRange::unknown("the text gives no date for this event"),
    }
}

fn casualties(
    (layers, lex): (&Layers, &Lexicons),
    figs: &[&(Figure, Option<String>)],
    fighters: &[&(Figure, Option<String>)],
    kind: CasualtyKind,
) -> (Casualties, Option<Rule>) {
    // The report's first figure for the event, unless a later one revises the
    // toll ("the death toll rose to 30"); then the last revision. Figures of
    // photo captions and of the headline only when the story gives none.
    let story: Vec<_> = figs
        .iter()
        .filter(|(f, _)| {
            f.kind == kind && !in_caption(layers, f.span) && f.span.start >= layers.body_start
        })
        .collect();
    let of_kind: Vec<_> = if story.is_empty() {
        figs.iter().filter(|(f, _)| f.kind == kind).collect()
    } else {
        story
    };
    let mut choice = None;
    let best = match of_kind.iter().rfind(|(f, _)| f.update) {
        Some(u) => Some(*u),
        None => {
            let (b, rule) = crate::casualties::choose(&of_kind, layers.text, lex);
            choice = rule;
            b
        }
    };
    // A later total that names its parts ("four civilians, including the
    // businessman, were killed") takes in the first figure it is larger than.
    let best = best.map(|b| {
        of_kind
            .iter()
            .copied()
            .find(|(f, _)| {
                f.span.start > b.0.span.end
                    && f.quantity.low > b.0.quantity.low
                    && (f.names_parts || widens(lex, layers.text, &b.0, f))
            })
            .unwrap_or(b)
    });
    let Some((f, _)) = best else {
        return (Casualties::default(), None);
    };
    // "Troops killed 12 militants; three soldiers also died": a figure told as
    // more victims adds to the one before it (attackers included); figures told
    // so after the chosen one add to it.
    let (mut sum, mut span) = (f.quantity, f.span);
    let mut add = |g: &Figure| {
        add_counts(&mut sum, &g.quantity);
        span = span.cover(g.span);
    };
    // (A revised toll stands alone.)
    if !f.update {
        if f.also {
            let before = figs
                .iter()
                .chain(fighters)
                .filter(|(g, _)| {
                    g.kind == kind
                        && !g.also
                        && g.span.end <= f.span.start
                        && !in_caption(layers, g.span)
                })
                .max_by_key(|(g, _)| g.span.start);
            if let Some((g, _)) = before {
                add(g);
            }
        } else {
            // Each adds to the figure right before it, so only those whose
            // nearest earlier figure is the chosen one ("five rebels were killed
            // and a constable also died" adds to the five, not to the toll).
            let nearest_before = |g: &Figure| {
                figs.iter()
                    .chain(fighters)
                    .filter(|(h, _)| {
                        h.kind == kind
                            && !h.also
                            && h.span.end <= g.span.start
                            && !in_caption(layers, h.span)
                    })
                    .max_by_key(|(h, _)| h.span.start)
                    .map(|(h, _)| h.span)
            };
            for (g, _) in of_kind.iter().filter(|(g, _)| {
                g.also && g.span.start > f.span.end && nearest_before(g) == Some(f.span)
            }) {
                add(g);
            }
        }
    }
    (
        Casualties {
            low: sum.low,
            best: sum.best,
            high: sum.high,
            text: None,
            span: Some(span),
        },
        choice,
    )
}

/// "Five engineers were killed … five engineers and their driver were
/// killed": a later list (`later`, conjoined) that opens with the words of the
/// first figure (`first`, its count and victims up to "were", "was"…: a
/// `victims_verb` word of `casualties.tsv`) and adds others to them tells the
/// whole count.
fn widens(lex: &Lexicons, text: &str, first: &Figure, later: &Figure) -> bool {
    if !later.rules.has(Rule::FIGURE_CONJOINED) || first.span.start != first.quantity.span.start {
        return false;
    }
    let own = first.span.text(text).to_lowercase();
    let words: Vec<&str> = own.split_whitespace().collect();
    let Some(verb) = words
        .iter()
        .position(|w| is(&lex.victim_words.victims_verb, w))
    else {
        return false;
    };
    let Some(head) = words.get(..verb).filter(|h| h.len() >= 2) else {
        return false;
    };
    let opens = format!("{} and ", head.join(" "));
    later.span.text(text).to_lowercase().starts_with(&opens)
}

/// The span lies in a photo caption: a paragraph (text between line breaks)
/// holding a `caption` source cue ("Photo by", "Getty Images").
pub(crate) fn in_caption(layers: &Layers, span: Span) -> bool {
    let text = layers.text;
    // The line is sought at most LONGEST_CAPTION bytes either side: a caption
    // is never longer, and a search to the ends of a text without line breaks
    // would cost the whole text for every figure.
    let mut from = span.start.saturating_sub(LONGEST_CAPTION);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (span.end + LONGEST_CAPTION).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    // (Most texts have no caption cue near: then no line need be sought.)
    let near = starting_in(&layers.sources, from, to, |x| x.0.start);
    if !near.iter().any(|(_, by)| *by == "caption") {
        return false;
    }
    let start = text
        .get(from..span.start)
        .and_then(|t| t.rfind('\n'))
        .map_or(from, |i| from + i + 1);
    let end = text
        .get(span.end..to)
        .and_then(|t| t.find('\n'))
        .map_or(to, |i| span.end + i);
    near.iter()
        .any(|(s, by)| *by == "caption" && s.start >= start && s.end <= end)
}

/// How far either side of a figure [`in_caption`] looks for the caption line's
/// ends and its cue.
const LONGEST_CAPTION: usize = 2000;

/// How many events back a definite reference ("the attack") may join: more
/// than any one report tells, and a bound on the work per sentence in a text of
/// thousands of events.
const ANAPHOR_REACH: usize = 64;

/// The event's tolls (fatalities, injuries) and the rules that chose them
/// ([`Rule::TOLL_FIRST_FIGURE`], [`Rule::TOLL_FIGHTERS_ONLY`],
/// [`Rule::TOLL_BOTH_AT_LEAST_ONE`]).
fn tolls(
    (layers, lex): (&Layers, &Lexicons),
    own: &[&(Figure, Option<String>)],
    fighters: &[&(Figure, Option<String>)],
    clash: bool,
    why: &mut Provenance,
) -> (Casualties, Casualties) {
    let (mut fatalities, chose) = casualties((layers, lex), own, fighters, CasualtyKind::Killed);
    let mut fatal_rule = chose.unwrap_or(Rule::TOLL_FIRST_FIGURE);
    // Only fighters died ("troops killed nine militants in a gunfight"): they are
    // the toll.
    if fatalities.is_empty() {
        fatalities = casualties((layers, lex), fighters, &[], CasualtyKind::Killed).0;
        fatal_rule = Rule::TOLL_FIGHTERS_ONLY;
    } else if clash
        && own
            .iter()
            .filter(|(f, _)| f.kind == CasualtyKind::Killed)
            .all(|(f, _)| f.forces && !f.also)
    {
        // A battle's dead on both sides add up ("11 guerrillas died in the
        // firefight … two soldiers were killed"): when the toll counts only
        // soldiers or police, the fighters' own toll joins it. Not a toll of
        // "people", which may hold the fighters already, nor one told as more
        // victims ("also"), which has taken them in; a partial figure of
        // fighters ("including three attackers") never adds.
        // Nor when the fighters who died are the assailants ("six militants who
        // stormed the post were killed", "all four attackers were shot dead"):
        // in an attack on soldiers or police the toll is the victims', as in a
        // one-sided attack (their other figures are the same dead or another
        // fight's).
        let whole: Vec<_> = if fighters.iter().any(|(f, _)| assailants(layers, lex, f)) {
            Vec::new()
        } else {
            fighters
                .iter()
                .copied()
                .filter(|(f, _)| !f.partial)
                .collect()
        };
        let (theirs, _) = casualties((layers, lex), &whole, &[], CasualtyKind::Killed);
        if !theirs.is_empty() {
            add_side(
                &mut fatalities,
                (theirs.low, theirs.best, theirs.high),
                theirs.span,
            );
            fatal_rule = Rule::TOLL_SIDES_SUMMED;
        }
    }
    if clash && fatal_rule == Rule::TOLL_FIRST_FIGURE {
        // "the deaths of seven Taliban personnel … one Pakistani soldier was
        // killed": in a battle, a whole figure of each other side that names
        // its side (an armed actor) joins the chosen one, which names its own.
        // (A revised toll stands alone.)
        let chosen = own.iter().find(|(f, _)| {
            Some(f.span) == fatalities.span && f.kind == CasualtyKind::Killed && !f.update
        });
        if let Some(side) = chosen.and_then(|(f, _)| side_of(layers, f)) {
            let mut seen = vec![side];
            for (g, _) in own {
                let whole = g.kind == CasualtyKind::Killed
                    && !g.partial
                    && !g.also
                    && !g.update
                    && g.quantity.qualifier != sitrep_core::Qualifier::UpTo
                    && Some(g.span) != fatalities.span;
                let Some(other) = whole.then(|| side_of(layers, g)).flatten() else {
                    continue;
                };
                if seen.contains(&other) {
                    continue;
                }
                seen.push(other);
                let q = &g.quantity;
                add_side(&mut fatalities, (q.low, q.best, q.high), Some(g.span));
                fatal_rule = Rule::TOLL_SIDES_SUMMED;
            }
        }
    }
    let (mut injuries, chose) = casualties((layers, lex), own, fighters, CasualtyKind::Injured);
    let mut injury_rule = chose.unwrap_or(Rule::TOLL_FIRST_FIGURE);
    if fatalities.is_empty() && injuries.is_empty() && own.iter().any(|(f, _)| f.both) {
        let span = own.iter().find(|(f, _)| f.both).map(|(f, _)| f.span);
        fatalities = Casualties {
            low: Some(1),
            span,
            ..Casualties::default()
        };
        injuries = Casualties {
            low: Some(1),
            span,
            ..Casualties::default()
        };
        (fatal_rule, injury_rule) = (Rule::TOLL_BOTH_AT_LEAST_ONE, Rule::TOLL_BOTH_AT_LEAST_ONE);
    }
    for c in [&mut fatalities, &mut injuries] {
        if let Some(s) = c.span {
            c.text = Some(s.text(layers.text).to_string());
        }
    }
    if !fatalities.is_empty() {
        why.push(("fatalities", fatal_rule));
    }
    if !injuries.is_empty() {
        why.push(("injuries", injury_rule));
    }
    (fatalities, injuries)
}

/// [`Rule::TOLL_SIDES_SUMMED`]: another side's dead (low, best, high) added
/// to the toll, whose span then covers theirs (a bound either lacks is
/// lost).
fn add_side(
    toll: &mut Casualties,
    (low, best, high): (Option<u32>, Option<u32>, Option<u32>),
    span: Option<Span>,
) {
    let add = |a: Option<u32>, b: Option<u32>| a.zip(b).map(|(x, y)| x.saturating_add(y));
    toll.low = add(toll.low, low);
    toll.best = add(toll.best, best);
    toll.high = add(toll.high, high);
    toll.span = toll.span.zip(span).map(|(a, b)| a.cover(b));
}

/// The side a figure counts: the first armed actor (no civilians) named in
/// it ("one Pakistani soldier was killed"), or for a count after its word in
/// the three words after the count ("the deaths of seven Taliban
/// personnel"). A state's forces and police are one side, their country's.
fn side_of<'l>(layers: &'l Layers, f: &Figure) -> Option<(bool, &'l str)> {
    let mut end = f.span.end;
    if f.rules.has(Rule::FIGURE_WORD_THEN_COUNT) {
        // (Within the figure's sentence.)
        let stop = layers
            .sentence_of(f.span.start)
            .and_then(|i| layers.sentences.get(i))
            .filter(|s| f.span.end <= s.end)
            .map_or(f.span.end, |s| s.end);
        let i = layers.word_index(f.span.end);
        if let Some((s, _)) = layers
            .words
            .get(i..i + 3)
            .and_then(|ws| ws.iter().rfind(|(s, _)| s.end <= stop))
        {
            end = end.max(s.end);
        }
    }
    let m = starting_in(&layers.actors, f.span.start, end, |a| a.span.start)
        .iter()
        .find(|a| a.span.end <= end && a.actor.kind != ActorType::Civilians)?;
    let a = &m.actor;
    Some(match (a.kind, a.country.as_deref()) {
        (ActorType::StateForces | ActorType::Police, Some(c)) => (true, c),
        _ => (false, a.id.as_str()),
    })
}

/// A figure of the attack's own assailants: their noun says so ("the four
/// attackers were killed": [`Lexicons::assailant_nouns`]) or a relative clause tells their act ("six militants
/// who stormed the post were killed": a trigger inside the figure that is no
/// casualty word).
fn assailants(layers: &Layers, lex: &Lexicons, f: &Figure) -> bool {
    if f.noun
        .as_deref()
        .is_some_and(|n| is(&lex.assailant_nouns, n))
    {
        return true;
    }
    let (from, to) = (f.quantity.span.end, f.span.end);
    if from >= to {
        return false;
    }
    starting_in(&layers.triggers, from, to, |t| t.span.start)
        .iter()
        .any(|t| {
            t.span.end < to
                && !starting_in(&layers.casualty_words, from, to, |c| c.span.start)
                    .iter()
                    .any(|c| c.span.overlaps(t.span))
        })
}

/// [`Rule::TYPE_ATTACK_ON_FORCES`]: the attack's victims are soldiers or
/// police, or its only dead are the attackers.
fn attack_on_forces(
    d: &Draft,
    own: &[&(Figure, Option<String>)],
    fighters: &[&(Figure, Option<String>)],
) -> bool {
    let fighters_only = !fighters.is_empty() && !own.iter().any(|(f, _)| f.harms());
    fighters_only
        || d.actors.iter().any(|(r, m)| {
            matches!(r, Role::Target | Role::Victim)
                && matches!(m.actor.kind, ActorType::StateForces | ActorType::Police)
        })
        || d.forces_target
        || state_on_armed_group(d)
        || d.figures
            .iter()
            .any(|(f, _)| f.forces && !f.attackers && f.kind == CasualtyKind::Killed)
}

/// "Nine Boko Haram fighters were killed by Cameroonian soldiers": soldiers or
/// police harming or targeting an armed group (not an identity militia, whose
/// name also names a people) fight it.
fn state_on_armed_group(d: &Draft) -> bool {
    let has = |roles: &[Role], kinds: &[ActorType]| {
        d.actors
            .iter()
            .any(|(r, m)| roles.contains(r) && kinds.contains(&m.actor.kind))
    };
    has(
        &[Role::Perpetrator],
        &[ActorType::StateForces, ActorType::Police],
    ) && has(
        &[Role::Target, Role::Victim],
        &[ActorType::RebelGroup, ActorType::PoliticalMilitia],
    )
}

/// The force met by a protest: arrests at a peaceful protest, or police or
/// soldiers as its perpetrators, are an intervention in it; a death at a
/// protest by the force of police or soldiers ("a protester died after being
/// hit by a tear gas canister fired by police") is excessive force, whatever
/// the weapon word
/// ([`Rule::TYPE_FORCE_ON_PROTESTERS`]).
fn protest_force(
    d: &Draft,
    sub: Option<&str>,
    state_perp: bool,
    own: &[&(Figure, Option<String>)],
) -> Option<(&'static str, Option<Rule>)> {
    let killed = own
        .iter()
        .any(|(f, _)| f.kind == CasualtyKind::Killed && f.quantity.low.is_some_and(|n| n > 0));
    // (People hurt gravely count as killed do: ACLED's serious injuries.)
    let serious = own.iter().any(|(f, _)| f.serious);
    let quiet = matches!(sub, Some("peaceful_protest" | "protest_with_intervention"));
    if quiet && state_perp && (killed || serious) {
        return Some((
            "excessive_force_against_protesters",
            Some(Rule::TYPE_FORCE_ON_PROTESTERS),
        ));
    }
    // Police or soldiers who act on the people of a peaceful protest with no
    // death told ("students demonstrating … were beaten by police") intervene
    // in it.
    let on_crowd = d.actors.iter().any(|(r, m)| {
        matches!(r, Role::Target | Role::Victim)
            && matches!(m.actor.kind, ActorType::Protesters | ActorType::Civilians)
    });
    (sub == Some("peaceful_protest") && (d.arrests || (state_perp && on_crowd)))
        .then_some(("protest_with_intervention", None))
}

/// The event's type and sub-event type: the draft's top trigger's
/// ([`Rule::TYPE_TOP_TRIGGER`], [`Rule::SUB_FROM_LOWER_WORD`]), retyped by
/// [`Rule::TYPE_KILLING_OVER_ABDUCTION`], [`Rule::TYPE_ATTACK_ON_FORCES`], [`Rule::TYPE_MOB_RIOT`],
/// [`Rule::TYPE_CROWD_ARMS`], [`Rule::TYPE_CROWD_DESTRUCTION`],
/// [`Rule::TYPE_FORCE_ON_PROTESTERS`], [`Rule::TYPE_RIOT_MET_BY_FORCE`],
/// [`Rule::TYPE_PLACE_TAKEN`] and
/// [`Rule::TYPE_STATE_REGAINS`].
fn event_type(
    d: &Draft,
    own: &[&(Figure, Option<String>)],
    fighters: &[&(Figure, Option<String>)],
    why: &mut Provenance,
) -> (EventType, Option<String>) {
    let mut event_type = d.event_type;
    let mut sub = d.sub_event_type.clone();
    let mut rule = if d.similar {
        Rule::TYPE_OF_SIMILAR
    } else {
        Rule::TYPE_TOP_TRIGGER
    };
    if sub.as_deref() == Some("remote_explosive") && d.thrown {
        sub = Some("grenade".into());
        rule = Rule::TYPE_THROWN_BOMB;
    }
    if event_type == EventType::ViolenceAgainstCivilians
        && sub.as_deref() == Some("abduction")
        && killed_in_abduction(d, own)
    {
        sub = Some("attack".into());
        rule = Rule::TYPE_KILLING_OVER_ABDUCTION;
    }
    // A generic attack whose victims are soldiers or police is a battle; so is
    // one whose only dead are the attackers, with no victim counted ("the three
    // attackers were shot dead by guards").
    if event_type == EventType::ViolenceAgainstCivilians
        && sub.as_deref() == Some("attack")
        && attack_on_forces(d, own, fighters)
    {
        event_type = EventType::Battles;
        sub = Some("armed_clash".into());
        rule = Rule::TYPE_ATTACK_ON_FORCES;
    }
    // The kinds of the event's perpetrators, and whether a kind is a crowd (a
    // mob, protesters, civilians acting as one), read by the riot, destruction
    // and excessive-force rules below.
    let perps: Vec<ActorType> = d
        .actors
        .iter()
        .filter(|(r, _)| *r == Role::Perpetrator)
        .map(|(_, m)| m.actor.kind)
        .collect();
    // An attack whose only perpetrators are a mob, protesters or civilians
    // acting as one ("residents beat a thief to death") is a riot: mob violence
    // against people, a violent demonstration against the state.
    if matches!(
        event_type,
        EventType::ViolenceAgainstCivilians | EventType::Battles
    ) && !perps.is_empty()
        && perps.iter().all(is_crowd)
    {
        // Demonstrators who turn violent riot (ACLED's violent demonstration),
        // whomever they strike, and so does a crowd that fights police or
        // soldiers; a crowd that fights another crowd with no demonstration
        // told ("supporters of two candidates clashed") or strikes people is
        // a mob.
        let fight = event_type == EventType::Battles;
        let forces_fought = fight
            && d.actors
                .iter()
                .any(|(_, m)| matches!(m.actor.kind, ActorType::StateForces | ActorType::Police));
        // (A crowd told with a protest is demonstrating: "angry residents
        // stormed the district office, protesting power cuts".)
        let demonstrators = d.protest || (perps.contains(&ActorType::Protesters) && !fight);
        let against_state = forces_fought || demonstrators;
        event_type = EventType::Riots;
        sub = Some(
            if against_state {
                "violent_demonstration"
            } else {
                "mob_violence"
            }
            .into(),
        );
        rule = Rule::TYPE_MOB_RIOT;
    }
    if let Some(riot) = riot_by_crowd(d, event_type, sub.as_deref(), &perps) {
        sub = Some(riot.into());
        rule = Rule::TYPE_MOB_RIOT;
    }
    if let Some(riot) = crowd_arms_riot(d, event_type, &perps) {
        event_type = EventType::Riots;
        sub = Some(riot.into());
        rule = Rule::TYPE_CROWD_ARMS;
    }
    if let Some((t, st)) = destruction_type(d, own, &perps, event_type, sub.as_deref()) {
        event_type = t;
        sub = Some(st.into());
        rule = Rule::TYPE_CROWD_DESTRUCTION;
    }
    // Force used on protesters by anyone but a crowd is ACLED's excessive force
    // against protesters, a protest event ("police shot dead 17 protesters");
    // so is a killing by soldiers or police told with a protest ("security
    // forces shot two people during a peaceful march"). A crowd named by a
    // word that is no protest word ("supporters") is protesters only at a
    // protest or under the force of the state: "gunmen killed two supporters
    // of the ruling party" is an attack on civilians.
    let state_perp = perps
        .iter()
        .any(|k| matches!(k, ActorType::StateForces | ActorType::Police));
    // (Armed men among those struck or fighting make it a battle or an attack
    // near a protest, not force used on it: "soldiers killed three gunmen near
    // a protest camp".)
    let armed_struck = d.actors.iter().any(|(r, m)| {
        matches!(r, Role::Target | Role::Victim | Role::Participant)
            && m.actor.kind.is_armed_non_state()
    });
    // (Sexual violence stays what it is whoever suffers it: "security forces
    // sexually abused detained protesters".)
    if !armed_struck
        && matches!(
            event_type,
            EventType::ViolenceAgainstCivilians | EventType::Battles
        )
        && sub.as_deref() != Some("sexual_violence")
        && (d.protest || state_perp)
        && (d.actors.iter().any(|(r, m)| {
            matches!(r, Role::Target | Role::Victim) && m.actor.kind == ActorType::Protesters
        }) || (d.protest && state_perp))
        && !perps.iter().any(is_crowd)
    {
        event_type = EventType::Protests;
        sub = Some("excessive_force_against_protesters".into());
        rule = Rule::TYPE_FORCE_ON_PROTESTERS;
    }
    if riot_met_by_force(d, event_type, sub.as_deref()) {
        event_type = EventType::Riots;
        sub = Some("violent_demonstration".into());
        rule = Rule::TYPE_RIOT_MET_BY_FORCE;
    }
    // Police or soldiers fighting a crowd (protesters, stone-throwing youths)
    // with no armed group among the event's actors: a riot, never a battle.
    if event_type == EventType::Battles
        && d.crowd
        && !d
            .actors
            .iter()
            .any(|(_, m)| m.actor.kind.is_armed_non_state())
    {
        event_type = EventType::Riots;
        sub = Some("violent_demonstration".into());
        rule = Rule::TYPE_MOB_RIOT;
    }
    if event_type == EventType::Protests {
        if let Some((s, r)) = protest_force(d, sub.as_deref(), state_perp, own) {
            sub = Some(s.into());
            rule = r.unwrap_or(rule);
        }
    }
    // A clash in which a place was taken ("retook the base after a night of
    // clashes") is the taking.
    if event_type == EventType::Battles && sub.as_deref() == Some("armed_clash") {
        if let Some(t) = &d.taken {
            sub = Some(t.clone());
            rule = Rule::TYPE_PLACE_TAKEN;
        }
    }
    if let Some((taken, by)) = sub.as_deref().and_then(|s| territory_taker(d, s)) {
        event_type = EventType::Battles;
        sub = Some(taken.into());
        rule = by;
    }
    // "took control of the town after the soldiers withdrew": taken with no
    // fight told, a non-violent transfer.
    let taking = matches!(
        sub.as_deref(),
        Some("government_regains_territory" | "non_state_actor_overtakes_territory")
    );
    if taking && d.withdrawal && !d.clash && own.is_empty() && fighters.is_empty() {
        event_type = EventType::StrategicDevelopments;
        sub = Some("non_violent_transfer_of_territory".into());
        rule = Rule::TYPE_TAKEN_UNOPPOSED;
    }
    why.push(("type", rule));
    if d.sub_from_lower && rule == Rule::TYPE_TOP_TRIGGER {
        why.push(("sub_event_type", Rule::SUB_FROM_LOWER_WORD));
    }
    (event_type, sub)
}

/// A crowd: rioters, protesters, or civilians acting as one.
fn is_crowd(k: &ActorType) -> bool {
    matches!(
        k,
        ActorType::Rioters | ActorType::Protesters | ActorType::Civilians
    )
}

/// [`Rule::TYPE_CROWD_DESTRUCTION`]: property destroyed. By an organised
/// armed actor (and no crowd or protest told) it is looting/property
/// destruction, a strategic development, with no one hurt ("insurgents
/// torched a church"), and an attack with people killed or hurt; by a crowd,
/// or told with a protest or riot word, a riot
/// ("protesters burned the party office"): a violent demonstration, or mob
/// violence for a crowd with no demonstration. `None`: the type stands.
fn destruction_type(
    d: &Draft,
    own: &[&(Figure, Option<String>)],
    perps: &[ActorType],
    event_type: EventType,
    sub: Option<&str>,
) -> Option<(EventType, &'static str)> {
    let hurt = own.iter().any(|(f, _)| f.harms());
    if event_type == EventType::Riots
        && sub == Some("violent_demonstration")
        && !d.protest
        && !perps.is_empty()
        && !perps.iter().any(is_crowd)
    {
        // (With people killed or hurt, "militants set houses on fire,
        // killing three", the burning is how they attacked.)
        Some(if hurt {
            (EventType::ViolenceAgainstCivilians, "attack")
        } else {
            (
                EventType::StrategicDevelopments,
                "looting_property_destruction",
            )
        })
    } else if event_type == EventType::StrategicDevelopments
        && sub == Some("looting_property_destruction")
        && !perps.iter().any(|k| !is_crowd(k))
        && (d.crowd || perps.iter().any(is_crowd))
    {
        let demo = d.protest || d.crowd || perps.contains(&ActorType::Protesters);
        Some((
            EventType::Riots,
            if demo {
                "violent_demonstration"
            } else {
                "mob_violence"
            },
        ))
    } else {
        None
    }
}

/// [`Rule::TYPE_RIOT_MET_BY_FORCE`]: force used on a crowd that rioted (a riot
/// word told in the event's sentences, or rioters among those struck) is the
/// violent demonstration, not force on peaceful protesters: "protesters
/// torched the police post; police fired live rounds, killing two", "police
/// shot dead three rioters who were looting shops".
fn riot_met_by_force(d: &Draft, event_type: EventType, sub: Option<&str>) -> bool {
    let on_protest = event_type == EventType::Protests
        && sub == Some("excessive_force_against_protesters")
        && d.riot;
    let on_rioters = matches!(
        event_type,
        EventType::ViolenceAgainstCivilians | EventType::Protests
    ) && d.actors.iter().any(|(r, m)| {
        matches!(r, Role::Target | Role::Victim) && m.actor.kind == ActorType::Rioters
    }) && !d
        .actors
        .iter()
        .any(|(r, m)| *r == Role::Perpetrator && m.actor.kind.is_armed_non_state());
    on_protest || on_rioters
}

/// [`Rule::TYPE_KILLING_OVER_ABDUCTION`]: an abduction told with a killing in
/// its own sentence is the attack, the graver act; not a hostage-taking or
/// hijack (`held`), people held where they were.
fn killed_in_abduction(d: &Draft, own: &[&(Figure, Option<String>)]) -> bool {
    let told_with = d.spans.iter().find(|s| s.contains(d.trigger));
    !d.held
        && own.iter().any(|(f, _)| {
            f.kind == CasualtyKind::Killed && told_with.is_some_and(|s| s.contains(f.span))
        })
}

/// [`Rule::TYPE_MOB_RIOT`], of a riot word: a riot whose doers are only
/// residents, villagers or a crowd, with no protest told and no police or
/// soldiers among its actors (but as those who tell it), is a mob's violence
/// ("a crowd set fire to houses of a religious minority"); a crowd verb's mob
/// that is demonstrating (a protest told with it) riots as demonstrators do:
/// "the rally turned violent: protesters beat a police officer" (not
/// "supporters of two candidates fought with clubs"). `None`: the sub-type
/// stands.
fn riot_by_crowd(
    d: &Draft,
    event_type: EventType,
    sub: Option<&str>,
    perps: &[ActorType],
) -> Option<&'static str> {
    if event_type != EventType::Riots {
        return None;
    }
    let state_party = d.actors.iter().any(|(r, m)| {
        *r != Role::Reporter && matches!(m.actor.kind, ActorType::StateForces | ActorType::Police)
    });
    match sub {
        Some("violent_demonstration")
            if !d.protest
                && !perps.is_empty()
                && perps.iter().all(|k| *k == ActorType::Civilians)
                && !state_party =>
        {
            Some("mob_violence")
        }
        Some("mob_violence") if d.protest => Some("violent_demonstration"),
        _ => None,
    }
}

/// [`Rule::TYPE_CROWD_ARMS`]: a clash or attack told with a crowd's arms
/// ("Hindu and Muslim groups clashed with stones and sticks", "rival
/// communities attacked each other with machetes"), no armed group doing or
/// fighting it and no soldiers or police doing it, is a riot: mob violence,
/// or a violent demonstration when a protest is told or the state is struck
/// or fought. `None`: the type stands.
fn crowd_arms_riot(d: &Draft, event_type: EventType, perps: &[ActorType]) -> Option<&'static str> {
    let state = |k: ActorType| matches!(k, ActorType::StateForces | ActorType::Police);
    let armed_side = d.actors.iter().any(|(r, m)| {
        (m.actor.kind.is_armed_non_state() && matches!(r, Role::Perpetrator | Role::Participant))
            || (*r == Role::Perpetrator && state(m.actor.kind))
    });
    if !d.crowd_arms
        || armed_side
        || !matches!(
            event_type,
            EventType::ViolenceAgainstCivilians | EventType::Battles
        )
    {
        return None;
    }
    let against_state = d.protest
        || perps.contains(&ActorType::Protesters)
        || d.actors.iter().any(|(_, m)| state(m.actor.kind));
    Some(if against_state {
        "violent_demonstration"
    } else {
        "mob_violence"
    })
}

/// Whose gain a place taken by force is, by who took it (its perpetrators and
/// claimants): a place taken by the state's own forces, or by a foreign
/// state's from a non-state group, is regained ([`Rule::TYPE_STATE_REGAINS`]),
/// by a foreign state's forces from no such group overtaken
/// ([`Rule::TYPE_FOREIGN_CAPTURE`]), and a place taken back by non-state armed
/// men with no own state's forces among the takers is overtaken ([`Rule::TYPE_NON_STATE_RETAKES`]);
/// a place the gazetteer does not resolve, captured by a country's forces from no
/// non-state group, is overtaken ([`Rule::TYPE_UNPLACED_CAPTURE`]). `None`: the
/// trigger's sub-type stands.
fn territory_taker(d: &Draft, sub: &str) -> Option<(&'static str, Rule)> {
    const OVERTAKES: &str = "non_state_actor_overtakes_territory";
    const REGAINS: &str = "government_regains_territory";
    let takers: Vec<&sitrep_core::ActorMention> = d
        .actors
        .iter()
        .filter(|(r, _)| matches!(r, Role::Perpetrator | Role::Claimant))
        .map(|(_, m)| *m)
        .collect();
    let place_country = d.place.map(|p| p.place.country.as_str());
    let state = |m: &&sitrep_core::ActorMention| m.actor.kind == ActorType::StateForces;
    // A state's forces far from home: their country is not the place's.
    let foreign = |m: &&sitrep_core::ActorMention| {
        state(m)
            && m.actor
                .country
                .as_deref()
                .zip(place_country)
                .is_some_and(|(a, p)| !a.eq_ignore_ascii_case(p))
    };
    // A state's forces named by their country ("Russian forces") taking a
    // place the gazetteer does not know: whose the place is cannot be told,
    // so they are not taken for its own state's ([`Rule::TYPE_UNPLACED_CAPTURE`]).
    let unplaced = |m: &&sitrep_core::ActorMention| {
        state(m) && place_country.is_none() && m.actor.country.is_some()
    };
    let own_state = takers
        .iter()
        .any(|m| state(m) && !foreign(m) && !unplaced(m));
    let non_state = |m: &&sitrep_core::ActorMention| m.actor.kind.is_armed_non_state();
    // A foreign force taking a place from a non-state group fights for the
    // state it backs ("Kenyan troops of the African Union captured Kismayo
    // from al-Shabaab"): the state regains it.
    let from_non_state = d
        .actors
        .iter()
        .any(|(r, m)| !matches!(r, Role::Perpetrator | Role::Claimant) && non_state(m));
    // The place's own state's forces, named as such (not "the army" read as
    // the report's country's), among those it was taken from: a foreign
    // force's "recapture" is then a taking ("Russian forces retook the
    // village from Ukrainian troops").
    let from_place_state = d.actors.iter().any(|(r, m)| {
        !matches!(r, Role::Perpetrator | Role::Claimant)
            && m.link != sitrep_core::LinkKind::Generic
            && state(m)
            && !foreign(m)
            && !unplaced(m)
    });
    match sub {
        REGAINS if !own_state && from_place_state && takers.iter().any(foreign) => {
            Some((OVERTAKES, Rule::TYPE_FOREIGN_CAPTURE))
        }
        OVERTAKES if own_state => Some((REGAINS, Rule::TYPE_STATE_REGAINS)),
        OVERTAKES if takers.iter().any(foreign) && !from_non_state => {
            Some((OVERTAKES, Rule::TYPE_FOREIGN_CAPTURE))
        }
        // A word of capturing by such forces with no non-state loser named
        // keeps its own sub-type ("Russian forces captured Sievierodonetsk").
        OVERTAKES if takers.iter().any(unplaced) && !from_non_state => {
            Some((OVERTAKES, Rule::TYPE_UNPLACED_CAPTURE))
        }
        OVERTAKES if takers.iter().any(state) => Some((REGAINS, Rule::TYPE_STATE_REGAINS)),
        // (A state's forces taking back a place the gazetteer does not know,
        // with allied militia, "Somali troops, supported by clan militia,
        // recaptured X", regain it: whose the place is only matters for
        // forces named far from home.)
        REGAINS
            if !takers.iter().any(|m| state(m) && !foreign(m)) && takers.iter().any(non_state) =>
        {
            Some((OVERTAKES, Rule::TYPE_NON_STATE_RETAKES))
        }
        _ => None,
    }
}

/// The event's actors ([`Rule::ACTORS_OF_SENTENCES`]): a named perpetrator or
/// claimant outranks "gunmen"; a claimant with no other perpetrator is the
/// perpetrator.
fn event_actors(d: &Draft, layers: &Layers, why: &mut Provenance) -> Vec<ActorRef> {
    let mut actors: Vec<ActorRef> = d
        .actors
        .iter()
        .map(|(role, m)| actor_ref(*role, m, layers))
        .collect();
    // A named perpetrator or claimant outranks "gunmen": drop the unidentified one.
    let generic = |a: &ActorRef| a.id == UNIDENTIFIED || a.id.starts_with("provisional:");
    let named = actors
        .iter()
        .any(|a| matches!(a.role, Role::Perpetrator | Role::Claimant) && !generic(a));
    if named {
        actors.retain(|a| !(a.role == Role::Perpetrator && generic(a)));
    }
    // A claimant with no other perpetrator is the perpetrator.
    if !actors.iter().any(|a| a.role == Role::Perpetrator) {
        let claimants: Vec<ActorRef> = actors
            .iter()
            .filter(|a| a.role == Role::Claimant)
            .cloned()
            .collect();
        for mut c in claimants {
            c.role = Role::Perpetrator;
            actors.push(c);
        }
    }
    if !actors.is_empty() {
        why.push(("actors", Rule::ACTORS_OF_SENTENCES));
    }
    actors
}

/// The attribution of an event from its draft and actors.
fn attribution(d: &Draft, actors: &[ActorRef]) -> Attribution {
    let claimed_by: Vec<String> = dedup(
        actors
            .iter()
            .filter(|a| a.role == Role::Claimant)
            .map(|a| a.id.clone()),
    );
    let alleged_by: Vec<String> = if d.status == AttributionStatus::Alleged {
        dedup(
            actors
                .iter()
                .filter(|a| a.role == Role::Accuser)
                .map(|a| a.id.clone()),
        )
    } else {
        Vec::new()
    };
    let mut status = d.status;
    if status == AttributionStatus::Unattributed
        && actors.iter().any(|a| a.role == Role::Perpetrator)
    {
        status = AttributionStatus::Confirmed;
    }
    Attribution {
        claimed_via: if status == AttributionStatus::Claimed {
            d.via.map(str::to_string)
        } else {
            None
        },
        status,
        claimed_by,
        alleged_by,
    }
}

/// The event of a draft, with the [`Provenance`] of its fields.
fn finish(
    doc: &Document,
    (layers, lex): (&Layers, &Lexicons),
    d: &Draft,
    fallback: Option<&PlaceMention>,
    country: Option<&str>,
) -> (Event, Provenance) {
    // (Room for the rules of every field, pushed below and by the steps after.)
    let mut why: Provenance = Vec::with_capacity(16);
    why.extend(
        ALL_JOINS
            .iter()
            .filter(|r| d.joins.has(**r))
            .map(|r| ("event", *r)),
    );
    let party: Vec<&str> = d
        .actors
        .iter()
        .filter(|(r, _)| matches!(r, Role::Perpetrator | Role::Claimant))
        .map(|(_, m)| m.actor.id.as_str())
        .collect();
    // Figures given by the perpetrator or claimant stay claims.
    let own: Vec<&(Figure, Option<String>)> = d
        .figures
        .iter()
        .filter(|(f, by)| !f.attackers && by.as_deref().is_none_or(|b| !party.contains(&b)))
        .collect();
    let fighters: Vec<&(Figure, Option<String>)> = d
        .figures
        .iter()
        .filter(|(f, by)| f.attackers && by.as_deref().is_none_or(|b| !party.contains(&b)))
        .collect();
    let (event_type, sub) = event_type(d, &own, &fighters, &mut why);
    let (fatalities, injuries) = tolls(
        (layers, lex),
        &own,
        &fighters,
        event_type == EventType::Battles,
        &mut why,
    );
    let actors = event_actors(d, layers, &mut why);
    let attribution = attribution(d, &actors);
    // Every figure, the attackers' own toll included, stays a claim.
    let claims: Vec<CasualtyClaim> = d
        .figures
        .iter()
        .map(|(f, by)| CasualtyClaim {
            kind: f.kind,
            low: f.quantity.low,
            high: f.quantity.high,
            by: by.clone().unwrap_or_else(|| "media".into()),
            span: f.span,
        })
        .collect();
    let (location, loc_rule) = location(layers, d.place, fallback, country);
    why.push(("location", loc_rule));
    let date = date_of(layers, d.date);
    why.push((
        "date",
        if d.date_same_day {
            Rule::DATE_SAME_DAY
        } else if d.date.is_some() {
            Rule::DATE_OF_SENTENCES
        } else {
            Rule::DATE_UNKNOWN
        },
    ));
    let anchors = [
        d.place.is_some(),
        d.date.is_some(),
        !fatalities.is_empty() || !injuries.is_empty(),
        !actors.is_empty(),
        d.strong,
    ]
    .iter()
    .filter(|&&b| b)
    .count();
    let confidence = (0.4 + 0.11 * anchors as f32).min(0.95);
    let id = stable_id(&[&doc.id, event_type.as_str(), &d.trigger.start.to_string()]);
    let e = Event {
        schema: SCHEMA.to_string(),
        id,
        event_type,
        sub_event_type: sub,
        // Filled from the taxonomy table by the caller.
        plover: None,
        cameo: None,
        date,
        location,
        actors,
        fatalities,
        injuries,
        casualty_claims: claims,
        attribution,
        modality: Modality::Asserted,
        sources: vec![Source {
            doc: doc.source_name.clone(),
            url: doc.url.clone(),
            published: doc.published,
            sentences: d.spans.clone(),
        }],
        confidence,
    };
    (e, why)
}

/// The assembly rules that make an event of its sentences, in the order
/// `--explain` prints them.
const ALL_JOINS: [Rule; 7] = [
    Rule::EVENT_NEW,
    Rule::EVENT_JOIN_RELATED,
    Rule::EVENT_JOIN_FOLLOWS,
    Rule::EVENT_ADD_FACTS,
    Rule::EVENT_PENDING_ACTORS,
    Rule::EVENT_LEAD_JOINS_STANDFIRST,
    Rule::EVENT_LATER_TELLING,
];

fn statement(
    doc: &Document,
    layers: &Layers,
    f: &Facts,
    cue: Span,
    actor: &sitrep_core::ActorMention,
    fallback: Option<&PlaceMention>,
    country: Option<&str>,
) -> (Event, Provenance) {
    let (location, loc_rule) = location(layers, f.place, fallback, country);
    let rule = if f.threat.is_some_and(|(c, _)| c == cue) {
        Rule::THREAT_BY_ARMED_ACTOR
    } else {
        Rule::DENIAL
    };
    let why = vec![("event", rule), ("location", loc_rule)];
    let e = Event {
        schema: SCHEMA.to_string(),
        id: stable_id(&[&doc.id, "statement", &cue.start.to_string()]),
        event_type: EventType::Statement,
        sub_event_type: Some("threaten".into()),
        plover: None,
        cameo: None,
        date: date_of(layers, f.date),
        location,
        actors: vec![actor_ref(Role::Perpetrator, actor, layers)],
        fatalities: Casualties::default(),
        injuries: Casualties::default(),
        casualty_claims: Vec::new(),
        attribution: Attribution::default(),
        modality: Modality::Threatened,
        sources: vec![Source {
            doc: doc.source_name.clone(),
            url: doc.url.clone(),
            published: doc.published,
            sentences: vec![f.span],
        }],
        confidence: 0.5,
    };
    (e, why)
}

fn dedup(it: impl Iterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for s in it {
        if !v.contains(&s) {
            v.push(s);
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::claimed_elsewhere;

    /// [`claimed_elsewhere`] answers as a look at every other event does.
    #[test]
    fn claimed_elsewhere_equals_every_other() {
        for n in 0..8usize {
            for bits in 0..1u32 << n {
                let claimed: Vec<bool> = (0..n).map(|k| bits >> k & 1 == 1).collect();
                let want: Vec<bool> = (0..n)
                    .map(|i| claimed.iter().enumerate().any(|(j, &c)| c && j != i))
                    .collect();
                assert_eq!(claimed_elsewhere(&claimed), want, "{claimed:?}");
            }
        }
    }
}
