/*!
Documents to events.

[`Extractor`] holds the knowledge (lexicons from `data/lexicons`, the gazetteer,
the actor base) and turns one [`Document`] into the events it reports. Its
`run` reads the report once into a [`sitrep_text::Doc`] (fold, words,
sentences by the one sentence rule, paragraphs, title, dateline), then runs
named steps, each a method with its own doc comment:

1. *places*, *dates*, *actors*, then the *country feedback* between places and
   actors, *cues* (triggers and the casualty, modality, role and source cues
   of one lexicon walk), *counts* and the *dateline*'s places;
2. the layers ([`layers`]): the Doc's sentences (cut again at sequels), its
   words, and the mentions of the steps above;
3. per sentence ([`sentence`]): the asserted triggers (modality filters out
   generic, future, hypothetical and negated ones), the place, the date, the
   casualty figures ([`casualties`]) with who gave them, and the actors with
   their roles;
4. *events* ([`assemble`]): sentences about one act become one event (a definite
   "the attack", or a follow-up with no new date or place), each with the spans
   that support its fields.

Every rule of steps 3 and 4 is a named [`rules::Rule`], recorded where it
fires; [`Extractor::explain`] lists every layer and the rule behind each field
of each event (`sitrep extract --explain`).

Architecture invariant: this crate knows nothing of storage or output formats; it
returns [`sitrep_core::Event`]s.
*/

pub mod assemble;
pub mod casualties;
pub mod explain;
pub mod layers;
pub mod lexicon;
pub mod place_roles;
pub mod rules;
pub mod sentence;
pub mod words;

use chrono::NaiveDate;
use sitrep_actors::{ActorBase, LinkContext};
use sitrep_core::{ActorMention, Document, Event, PlaceMention, Quantity};
use sitrep_geo::{Gazetteer, GeoContext};
use sitrep_text::Doc;
use std::path::Path;

/// The roles of a report's demonyms, by name and phrase span.
type Roles =
    rustc_hash::FxHashMap<(sitrep_core::Span, sitrep_core::Span), Option<place_roles::PlaceRole>>;

pub use lexicon::{LexiconError, Lexicons};

#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
    #[error("text lexicons: {0}")]
    Text(String),
    #[error("gazetteer: {0}")]
    Geo(String),
    #[error("actor base: {0}")]
    Actors(String),
}

/// The text layer's lexicons: the embedded copy, or one loaded from a directory.
pub enum TextLexicons {
    Embedded(&'static sitrep_text::Lexicons),
    Loaded(Box<sitrep_text::Lexicons>),
}

impl std::ops::Deref for TextLexicons {
    type Target = sitrep_text::Lexicons;
    fn deref(&self) -> &sitrep_text::Lexicons {
        match self {
            TextLexicons::Embedded(l) => l,
            TextLexicons::Loaded(l) => l,
        }
    }
}

/// The extraction engine: knowledge loaded once, then [`Extractor::extract`] per document.
pub struct Extractor {
    /// Boilerplate, sentences, numbers, dates (sitrep-text).
    pub text: TextLexicons,
    pub lexicons: Lexicons,
    pub gazetteer: Gazetteer,
    pub actors: ActorBase,
    /// "Now", for inferring a year from a weekday: no year after it is chosen.
    pub today: NaiveDate,
}

impl Extractor {
    /// Everything from the data compiled into the binary.
    pub fn embedded(today: NaiveDate) -> Result<Extractor, ExtractError> {
        Ok(Extractor {
            text: TextLexicons::Embedded(
                sitrep_text::Lexicons::embedded().map_err(|e| ExtractError::Text(e.to_string()))?,
            ),
            lexicons: Lexicons::embedded()?,
            gazetteer: Gazetteer::embedded().map_err(|e| ExtractError::Geo(e.to_string()))?,
            actors: ActorBase::embedded().map_err(|e| ExtractError::Actors(e.to_string()))?,
            today,
        })
    }

    /// Everything from a data directory laid out like the repository's `data/`.
    pub fn load_dir(data: &Path, today: NaiveDate) -> Result<Extractor, ExtractError> {
        Ok(Extractor {
            text: TextLexicons::Loaded(Box::new(
                sitrep_text::Lexicons::load_dir(data.join("lexicons"))
                    .map_err(|e| ExtractError::Text(e.to_string()))?,
            )),
            lexicons: Lexicons::load_dir(&data.join("lexicons"))?,
            gazetteer: Gazetteer::load_dir(&data.join("gazetteer"), &data.join("lexicons"))
                .map_err(|e| ExtractError::Geo(e.to_string()))?,
            actors: ActorBase::load_dir(data.join("actors"))
                .map_err(|e| ExtractError::Actors(e.to_string()))?,
            today,
        })
    }

    /// The events one document reports.
    pub fn extract(&self, doc: &Document) -> Vec<Event> {
        self.run(doc, None)
    }

    /// What extraction saw ([`explain`]): every layer, the facts of each
    /// sentence with the named rules that fired, and each event with the rule
    /// behind each of its fields.
    pub fn explain(&self, doc: &Document) -> Vec<String> {
        let mut lines = Vec::new();
        self.run(doc, Some(&mut lines));
        lines
    }

    /// The pipeline: one [`sitrep_text::Doc`] built once, then each named
    /// step adds a layer, reading the Doc's sentences and words.
    fn run(&self, doc: &Document, explain: Option<&mut Vec<String>>) -> Vec<Event> {
        let text = self.text.doc(doc);
        // The roles of places read so far (by the focus), kept for the layers.
        let mut roles = Roles::default();
        let filed_in = self.filed_in(&text);
        let mut places = self.places(&text, None, &filed_in);
        let mut country = self.focus(&text, &places, &mut roles);
        let (dates, reference) = self.dates(&text, doc.published);
        let reference_day = reference.as_ref().map(|r| r.0);
        let mut actors = self.actors(&text, reference_day, &country);
        if self.country_feedback(&text, &actors, &filed_in, &mut places, &mut country) {
            actors = self.actors(&text, reference_day, &country);
        }
        places_over_new_names(&places, &mut actors);
        let cues = self.cues(&text);
        let inside_acts = names_inside_acts(&mut places, &cues, &actors);
        if names_inside_actors(&mut places, &actors) || inside_acts {
            country = self
                .focus(&text, &places, &mut roles)
                .or_else(|| actors_country(&actors));
        }
        self.demonym_forces(&text, &places, &cues, &mut actors, reference_day);
        let quantities = self.counts(&text, &dates);
        let dateline_places = self.dateline(&text, &country);
        let mut layers = layers::Layers::build(
            &text,
            layers::Mentions {
                triggers: cues,
                places,
                actors,
                dates,
                reference,
                quantities,
                words: &self.lexicons.words,
            },
        );
        layers.place_roles = layers
            .places
            .iter()
            .map(|p| self.place_role(&text, p, &mut roles))
            .collect();
        let facts = sentence::analyse(&layers, &self.lexicons);
        let (events, why) = self.events(doc, &layers, &facts, &dateline_places, country.as_deref());
        if let Some(out) = explain {
            explain::report(out, &text, &layers, &facts, &dateline_places, &events, &why);
        }
        events
    }

    /// The report's focus country ([`focus_country`]), leaving out a
    /// demonym that tells the nationality of people ("a Chinese national",
    /// "Turkish citizens"): they are not where the report is.
    fn focus(&self, text: &Doc, places: &[PlaceMention], roles: &mut Roles) -> Option<String> {
        focus_country_of(places.iter().filter(|p| {
            !p.demonym
                || self.place_role(text, p, roles) != Some(place_roles::PlaceRole::Nationality)
        }))
    }

    /// The role of place `p` ([`place_roles::PlaceRoles::role`], a function of
    /// the text, the name and its phrase). A demonym's is kept in `roles`: the
    /// focus reads the roles of demonyms (a nationality is no place of the
    /// report), the layers every place's, so those are worked out once.
    fn place_role(
        &self,
        text: &Doc,
        p: &PlaceMention,
        roles: &mut Roles,
    ) -> Option<place_roles::PlaceRole> {
        if !p.demonym {
            return self.lexicons.place_roles.role(text.text, p.span, p.phrase);
        }
        *roles
            .entry((p.span, p.phrase))
            .or_insert_with(|| self.lexicons.place_roles.role(text.text, p.span, p.phrase))
    }

    /// Step *places*: the gazetteer's place mentions, read in the Doc's
    /// sentences, the dateline left out (it says where the report was filed),
    /// with a country hint when one is known and the country the report was
    /// filed from ([`Extractor::filed_in`], worked out once per report).
    fn places(
        &self,
        text: &Doc,
        country_hint: Option<String>,
        filed_in: &Option<String>,
    ) -> Vec<PlaceMention> {
        self.gazetteer.find_places_doc(
            text,
            &GeoContext {
                exclude: text.dateline.iter().map(|d| d.0).collect(),
                country_hint,
                filed_in: filed_in.clone(),
            },
        )
    }

    /// The country of the dateline's place ("BAMAKO, May 14 (Reuters) -"):
    /// the body's names are read with it as one more confident name of
    /// that country ([`GeoContext::filed_in`]).
    fn filed_in(&self, text: &Doc) -> Option<String> {
        text.dateline?;
        self.dateline(text, &None)
            .into_iter()
            .map(|p| p.place.country.clone())
            .find(|c| !c.is_empty())
    }

    /// Step *dates*: the date expressions, the reference date (publication,
    /// or one the text fixes) and each expression resolved against it.
    fn dates(
        &self,
        text: &Doc,
        published: Option<NaiveDate>,
    ) -> (Vec<layers::DateHit>, Option<(NaiveDate, String)>) {
        let exprs = self.text.find_dates_doc(text);
        let reference = self
            .text
            .infer_reference_date(text.text, &exprs, published, self.today)
            .map(|i| (i.date, i.why));
        let anchor = reference.as_ref().map(|r| r.0);
        let mut hits: Vec<layers::DateHit> = exprs
            .iter()
            .map(|e| layers::DateHit {
                span: e.span,
                range: sitrep_text::dates::resolve(e, anchor),
            })
            .collect();
        // A date in the dateline ("KANO, March 4 (Reuters) -") says when the
        // report was filed: it may anchor the others, never date an act.
        if let Some((line, _)) = text.dateline {
            hits.retain(|h| !line.contains(h.span));
        }
        // In text order, for the binary searches of the steps after.
        hits.sort_by_key(|d| d.span.start);
        (hits, reference)
    }

    /// Step *actors*: the actor base's mentions, dated (an actor's name at the
    /// time) and with the places' focus country.
    fn actors(
        &self,
        text: &Doc,
        date: Option<NaiveDate>,
        country: &Option<String>,
    ) -> Vec<ActorMention> {
        self.actors.link_doc(
            text,
            &LinkContext {
                date,
                country: country.clone(),
            },
        )
    }

    /// Step *country feedback* (places ⇄ actors): a report that names no
    /// country but names groups of one country ("M23 rebels", "the New
    /// People's Army") is read as set there: its places are found again with
    /// that country as the hint ("around Sake" is the Congolese town).
    /// True when it replaced a focus country, so that the actors are linked
    /// again with the new one ("government troops" of that country).
    fn country_feedback(
        &self,
        text: &Doc,
        actors: &[ActorMention],
        filed_in: &Option<String>,
        places: &mut Vec<PlaceMention>,
        country: &mut Option<String>,
    ) -> bool {
        let Some(cc) = actors_country(actors) else {
            return false;
        };
        match country.as_deref() {
            None => {
                *places = self.places(text, Some(cc.clone()), filed_in);
                *country = focus_country(places).or(Some(cc));
                false
            }
            // A focus that only a namesake gave ("near Beni" read as Bolivia's
            // department in a report of ADF rebels) yields to the groups'
            // country when the places read again with it as the hint are
            // there: no country, demonym or dateline named the first one.
            Some(c) if c != cc && filed_in.is_none() && !names_country(places, c) => {
                let again = self.places(text, Some(cc.clone()), filed_in);
                let moved = focus_country(&again).as_deref() == Some(cc.as_str());
                if moved {
                    *places = again;
                    *country = Some(cc);
                }
                moved
            }
            Some(_) => false,
        }
    }

    /// Step *cues*: one walk of the lexicon scanner over the Doc's fold finds
    /// the triggers and the casualty, modality, role and source cues.
    fn cues(&self, text: &Doc) -> layers::Triggers<'_> {
        layers::find_triggers(&self.lexicons, &text.folded)
    }

    /// Step *counts*: count expressions (sitrep-text), those inside a date
    /// expression left out.
    fn counts(&self, text: &Doc, dates: &[layers::DateHit]) -> Vec<Quantity> {
        self.text
            .quantities_doc(text)
            .into_iter()
            .filter(|q| {
                !layers::starting_in(
                    dates,
                    q.span.start.saturating_sub(layers::LONGEST_MENTION),
                    q.span.end,
                    |d| d.span.start,
                )
                .iter()
                .any(|d| d.span.overlaps(q.span))
            })
            .collect()
    }

    /// Step *dateline*: the places of the dateline's place part ("KABUL,
    /// Afghanistan"), with the report's country as the hint; assembly falls
    /// back on them when the body names no place.
    fn dateline(&self, text: &Doc, country: &Option<String>) -> Vec<PlaceMention> {
        let Some((_, place_span)) = text.dateline else {
            return Vec::new();
        };
        let t = place_span.text(text.text);
        let mut ps = self.gazetteer.find_places(
            t,
            &GeoContext {
                exclude: Vec::new(),
                country_hint: country.clone(),
                filed_in: None,
            },
        );
        for p in &mut ps {
            p.span = p.span.shift(place_span.start);
            p.phrase = p.phrase.shift(place_span.start);
        }
        ps
    }

    /// Step *events*: sentences about one act assembled into events
    /// ([`assemble`]), each given its PLOVER and CAMEO codes.
    fn events(
        &self,
        doc: &Document,
        layers: &layers::Layers,
        facts: &[sentence::Facts],
        dateline_places: &[PlaceMention],
        country: Option<&str>,
    ) -> (Vec<Event>, Vec<assemble::Provenance>) {
        let (mut events, why) = assemble::assemble_traced(
            doc,
            (layers, &self.lexicons),
            facts,
            dateline_places,
            country,
        );
        for e in &mut events {
            let (plover, cameo) = self
                .lexicons
                .taxonomy
                .codes(e.event_type, e.sub_event_type.as_deref());
            e.plover = plover;
            e.cameo = cameo;
        }
        (events, why)
    }
}

/// A capitalised name the actor base does not know that the gazetteer does
/// ("fighting in Lashkar Gah") is a place, not a new actor.
fn places_over_new_names(places: &[PlaceMention], actors: &mut Vec<ActorMention>) {
    let mut named_places: Vec<sitrep_core::Span> = places
        .iter()
        .filter(|p| !p.demonym)
        .map(|p| p.span)
        .collect();
    named_places.sort_by_key(|s| s.start);
    actors.retain(|a| {
        !(a.actor.provisional
            && layers::starting_in(
                &named_places,
                a.span.start.saturating_sub(layers::LONGEST_MENTION),
                a.span.end,
                |s| s.start,
            )
            .iter()
            .any(|s| s.overlaps(a.span)))
    });
}

/// A place name that is only part of a known actor's longer name ("Fano
/// militiamen", "the Karen National Union") and reads as a place outside the
/// actor's own country (Fano in Italy, for an Ethiopian militia) names the
/// actor, not where the act was: it is no place mention. Read inside the
/// actor's country ("Khyber Pakhtunkhwa police said") it stays, the actor's
/// own area being the best the report may tell; so do demonyms and a name
/// that is the whole actor mention ("Ukraine said"). True when a name was
/// left out (the focus country is then worked out again without it).
fn names_inside_actors(places: &mut Vec<PlaceMention>, actors: &[ActorMention]) -> bool {
    let mut known: Vec<(sitrep_core::Span, &str)> = actors
        .iter()
        .filter(|a| !a.actor.provisional)
        .filter_map(|a| a.actor.country.as_deref().map(|c| (a.span, c)))
        .collect();
    known.sort_by_key(|(s, _)| s.start);
    let before = places.len();
    places.retain(|p| {
        p.demonym
            || !layers::starting_in(
                &known,
                p.span.start.saturating_sub(layers::LONGEST_MENTION),
                p.span.end,
                |(s, _)| s.start,
            )
            .iter()
            .any(|&(a, country)| {
                a.start <= p.span.start
                    && p.span.end <= a.end
                    && a.end - a.start > p.span.end - p.span.start
                    && p.place.country != country
            })
    });
    places.len() < before
}

/// Step *names inside acts*: a name inside a longer trigger phrase is a word
/// of the act, not a place ("SUICIDE CAR BOMB": not the Central African
/// Republic; "Sets Up New Base": not a village called Base). A name inside
/// an actor's name is left to [`names_inside_actors`] ("fell to the Arakan
/// Army"). True when a name was left out (the focus country is then worked
/// out again).
fn names_inside_acts(
    places: &mut Vec<PlaceMention>,
    cues: &layers::Triggers<'_>,
    actors: &[ActorMention],
) -> bool {
    let before = places.len();
    // (A long document has thousands of places, actors and triggers: past a
    // few hundred pairs, each place is looked up in the spans sorted by start
    // instead of tested against every one; the same answers.)
    if places.len() * (actors.len() + cues.len()) <= 4096 {
        places.retain(|p| {
            p.demonym
                || actors.iter().any(|a| a.span.overlaps(p.span))
                || !cues
                    .iter()
                    .any(|t| t.span.contains(p.span) && t.span.len() > p.span.len())
        });
    } else {
        let actors = SpansByStart::new(actors.iter().map(|a| a.span));
        let cues = SpansByStart::new(cues.iter().map(|t| t.span));
        places.retain(|p| p.demonym || actors.overlaps(p.span) || !cues.holds_longer(p.span));
    }
    places.len() < before
}

/// Spans sorted by start, with the greatest end among each prefix: whether
/// one overlaps a span, or holds it and is longer, in two binary searches.
struct SpansByStart {
    /// `(start, greatest end of the spans up to this one)`, by start.
    starts: Vec<(usize, usize)>,
}

impl SpansByStart {
    fn new(spans: impl Iterator<Item = sitrep_core::Span>) -> SpansByStart {
        let mut starts: Vec<(usize, usize)> = spans.map(|s| (s.start, s.end)).collect();
        starts.sort_unstable();
        let mut max_end = 0;
        for (_, end) in &mut starts {
            max_end = max_end.max(*end);
            *end = max_end;
        }
        SpansByStart { starts }
    }

    /// The greatest end of the spans whose start passes `before`.
    fn max_end(&self, before: impl Fn(usize) -> bool) -> Option<usize> {
        let k = self.starts.partition_point(|&(s, _)| before(s));
        k.checked_sub(1)
            .and_then(|k| self.starts.get(k))
            .map(|&(_, e)| e)
    }

    /// Whether one of the spans overlaps `p` ([`sitrep_core::Span::overlaps`]):
    /// one starting before `p` ends ends after `p` starts.
    fn overlaps(&self, p: sitrep_core::Span) -> bool {
        self.max_end(|s| s < p.end).is_some_and(|e| e > p.start)
    }

    /// Whether one of the spans contains `p` and is longer: one starting
    /// before `p` ends at or after its end, or one starting with it or before
    /// ends after it.
    fn holds_longer(&self, p: sitrep_core::Span) -> bool {
        self.max_end(|s| s < p.start).is_some_and(|e| e >= p.end)
            || self.max_end(|s| s <= p.start).is_some_and(|e| e > p.end)
    }
}

impl Extractor {
    /// "Russian missiles struck", "an Israeli air strike": a demonym (or, before a
    /// strike from afar, a country's name: "a U.S. drone strike", or one opening
    /// its sentence a few words before it: "Iran fired missiles at") right before
    /// a weapon or attack word names that country's forces as the actor. Added as
    /// actor mentions where the actor base has no mention there already, and not
    /// when another actor stands between ("Haitian gangs took over", "Nigerian
    /// bandits killed": the demonym tells where that actor is from), nor before a
    /// word of a person harmed ("two Chinese workers were shot dead": the
    /// victims' nationality).
    fn demonym_forces(
        &self,
        doc: &Doc,
        places: &[sitrep_core::PlaceMention],
        triggers: &[layers::Tagged<&lexicon::Trigger>],
        actors: &mut Vec<sitrep_core::ActorMention>,
        date: Option<NaiveDate>,
    ) {
        // (Not before a word of protest: "thousands of Colombians took to the
        // streets" are people, not the state's forces.)
        let mut trigger_starts: Vec<usize> = triggers
            .iter()
            .filter(|t| t.what.event_type != sitrep_core::EventType::Protests)
            .map(|t| t.span.start)
            .collect();
        trigger_starts.sort_unstable();
        // A country's name does it only before a strike from afar ("a U.S. drone
        // strike"); "an Afghanistan bombing" says where, not who.
        let mut from_afar: Vec<usize> = triggers
            .iter()
            .filter(|t| {
                matches!(
                    t.what.sub_event_type.as_deref(),
                    Some("air_drone_strike" | "shelling_artillery_missile")
                )
            })
            .map(|t| t.span.start)
            .collect();
        from_afar.sort_unstable();
        // The actor spans in text order, to find those overlapping a place.
        let mut actor_spans: Vec<sitrep_core::Span> = actors.iter().map(|a| a.span).collect();
        actor_spans.sort_by_key(|s| s.start);
        let mut added = Vec::new();
        for p in places
            .iter()
            .filter(|p| p.demonym || p.precision == sitrep_core::GeoPrecision::Country)
        {
            if layers::starting_in(
                &actor_spans,
                p.span.start.saturating_sub(layers::LONGEST_MENTION),
                p.span.end,
                |s| s.start,
            )
            .iter()
            .any(|a| a.overlaps(p.span))
            {
                continue;
            }
            // The trigger starts within the next two words ("Russian ballistic
            // missiles"); after a country's name opening its sentence, within
            // six ("Pakistan, in rare airstrikes, targeted", "Iran fired
            // missiles at", "Russia launched a barrage of drones"): the state
            // is the subject of the strike.
            let opens = !p.demonym
                && doc
                    .sentence_of(p.span.start)
                    .and_then(|i| doc.sentences.get(i))
                    .is_some_and(|sn| {
                        doc.text
                            .get(sn.start..p.span.start)
                            .is_some_and(|t| t.trim().is_empty())
                    });
            let rest = doc.text.get(p.span.end..).unwrap_or("");
            let window: usize = rest
                .split_inclusive(char::is_whitespace)
                .take(if opens { 6 } else { 2 })
                .map(str::len)
                .sum();
            let starts = if p.demonym {
                &trigger_starts
            } else {
                &from_afar
            };
            let near = !layers::starting_in(starts, p.span.end, p.span.end + window.max(1), |&s| s)
                .is_empty();
            if !near {
                continue;
            }
            // A demonym right before a word of a person harmed ("two Chinese
            // workers were shot", "a Pakistani engineer was killed") tells the
            // victims' nationality, not the state that acted.
            let of_person = p.demonym
                && rest
                    .split_whitespace()
                    .next()
                    .map(|w| {
                        w.trim_matches(|c: char| !c.is_alphanumeric())
                            .to_lowercase()
                    })
                    .is_some_and(|w| {
                        self.lexicons.nouns.get(&w) == Some(&lexicon::NounClass::Person)
                    });
            if of_person {
                continue;
            }
            let qualifies =
                !layers::starting_in(&actor_spans, p.span.end, p.span.end + window.max(1), |s| {
                    s.start
                })
                .is_empty();
            if qualifies {
                continue;
            }
            if let Some(e) = self.actors.forces_of(&p.place.country) {
                added.push(sitrep_core::ActorMention {
                    span: p.span,
                    actor: std::sync::Arc::new(e.actor_at(date)),
                    link: sitrep_core::LinkKind::Alias,
                });
            }
        }
        if !added.is_empty() {
            actors.extend(added);
            actors.sort_by_key(|a| a.span.start);
        }
    }
}

/// The one country of the document's named actors of one country (alias or
/// acronym links), if they agree; `None` if there is none or they differ.
fn actors_country(actors: &[sitrep_core::ActorMention]) -> Option<String> {
    let mut found: Option<&str> = None;
    for a in actors {
        if a.actor.provisional
            || !matches!(
                a.link,
                sitrep_core::LinkKind::Alias | sitrep_core::LinkKind::Acronym
            )
        {
            continue;
        }
        let Some(cc) = a.actor.country.as_deref().filter(|c| !c.is_empty()) else {
            continue;
        };
        match found {
            Some(f) if f != cc => return None,
            _ => found = Some(cc),
        }
    }
    found.map(str::to_string)
}

/// Whether the text names country `cc` itself: the country's name or its
/// demonym, not only places that lie in it.
fn names_country(places: &[sitrep_core::PlaceMention], cc: &str) -> bool {
    places.iter().any(|p| {
        p.place.country == cc && (p.demonym || p.place.kind == sitrep_core::PlaceKind::Country)
    })
}

/// The country most places of the text belong to (demonyms count), if any.
pub fn focus_country(places: &[sitrep_core::PlaceMention]) -> Option<String> {
    focus_country_of(places.iter())
}

/// [`focus_country`] over the places that count.
fn focus_country_of<'p>(
    places: impl Iterator<Item = &'p sitrep_core::PlaceMention>,
) -> Option<String> {
    // (country, places, of which named rather than by a demonym)
    let mut counts: Vec<(&str, usize, usize)> = Vec::new();
    for p in places {
        let c = p.place.country.as_str();
        if c.is_empty() {
            continue;
        }
        let named = usize::from(!p.demonym);
        match counts.iter_mut().find(|(k, _, _)| *k == c) {
            Some((_, n, m)) => {
                *n += 1;
                *m += named;
            }
            None => counts.push((c, 1, named)),
        }
    }
    // On a tie, the country with more places named ("Police in Karachi …
    // a Chinese convoy"), then the one named last.
    counts
        .iter()
        .max_by_key(|(_, n, m)| (*n, *m))
        .map(|(c, _, _)| c.to_string())
}

impl Extractor {
    /// Build a [`Document`] from raw input with this extractor's text lexicons.
    pub fn prepare(
        &self,
        id: &str,
        source_name: &str,
        url: Option<String>,
        title: Option<String>,
        published: Option<NaiveDate>,
        raw_text: &str,
    ) -> Document {
        document(
            self.text.clean(raw_text),
            id,
            source_name,
            url,
            title,
            published,
        )
    }
}

fn document(
    cleaned: sitrep_text::Cleaned,
    id: &str,
    source_name: &str,
    url: Option<String>,
    title: Option<String>,
    published: Option<NaiveDate>,
) -> Document {
    let title_from_text = cleaned
        .title_span
        .map(|s| s.text(&cleaned.text).trim().to_string());
    Document {
        id: id.to_string(),
        source_name: source_name.to_string(),
        url,
        title: title.or(title_from_text),
        published,
        title_span: cleaned.title_span,
        dateline: cleaned.dateline,
        text: cleaned.text,
    }
}

/// Build a [`Document`] from raw input with the embedded text lexicons: clean the
/// text, find the title and dateline.
pub fn prepare(
    id: &str,
    source_name: &str,
    url: Option<String>,
    title: Option<String>,
    published: Option<NaiveDate>,
    raw_text: &str,
) -> Result<Document, ExtractError> {
    let cleaned = sitrep_text::clean(raw_text).map_err(|e| ExtractError::Text(e.to_string()))?;
    Ok(document(cleaned, id, source_name, url, title, published))
}

#[cfg(test)]
mod tests {
    use super::SpansByStart;
    use sitrep_core::Span;

    /// [`SpansByStart`] answers as a test of every span does, on random
    /// spans (empty ones, equal ones and nested ones among them).
    #[test]
    fn spans_by_start_equal_every_span() {
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n) as usize
        };
        for _ in 0..2_000 {
            let count = next(12);
            let spans: Vec<Span> = (0..count)
                .map(|_| {
                    let s = next(40);
                    Span::new(s, s + next(12))
                })
                .collect();
            let index = SpansByStart::new(spans.iter().copied());
            for _ in 0..20 {
                let s = next(44);
                let p = Span::new(s, s + next(8));
                assert_eq!(
                    index.overlaps(p),
                    spans.iter().any(|a| a.overlaps(p)),
                    "{spans:?} {p:?}"
                );
                assert_eq!(
                    index.holds_longer(p),
                    spans.iter().any(|t| t.contains(p) && t.len() > p.len()),
                    "{spans:?} {p:?}"
                );
            }
        }
    }
}
