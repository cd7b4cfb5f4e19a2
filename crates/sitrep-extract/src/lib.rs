/*!
Documents to events.

[`Extractor`] holds the knowledge (lexicons from `data/lexicons`, the gazetteer,
the actor base) and turns one [`Document`] into the events it reports:

1. layers ([`layers`]): sentences, words, trigger/casualty/modality/role hits,
   places, actors, dates (resolved against the publication date or a date the
   text itself fixes) and counts;
2. per sentence ([`sentence`]): the asserted triggers (modality filters out
   generic, future, hypothetical and negated ones), the place, the date, the
   casualty figures with who gave them, and the actors with their roles;
3. assembly ([`assemble`]): sentences about one act become one event (a definite
   "the attack", or a follow-up with no new date or place), each with the spans
   that support its fields.

Architecture invariant: this crate knows nothing of storage or output formats; it
returns [`sitrep_core::Event`]s.
*/

pub mod assemble;
pub mod casualties;
pub mod layers;
pub mod lexicon;
pub mod sentence;

use chrono::NaiveDate;
use sitrep_actors::{ActorBase, LinkContext};
use sitrep_core::{Document, Event};
use sitrep_geo::{Gazetteer, GeoContext};
use std::path::Path;

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

    /// What extraction saw, one line per sentence fact (for debugging rules).
    pub fn explain(&self, doc: &Document) -> Vec<String> {
        let mut lines = Vec::new();
        self.run(doc, Some(&mut lines));
        lines
    }

    fn run(&self, doc: &Document, explain: Option<&mut Vec<String>>) -> Vec<Event> {
        let exclude: Vec<_> = doc.dateline.iter().map(|d| d.span).collect();
        let mut places = self.gazetteer.find_places(
            &doc.text,
            &GeoContext {
                exclude: exclude.clone(),
                country_hint: None,
            },
        );
        let mut country = focus_country(&places);
        let exprs = self.text.find_dates(&doc.text);
        let reference = self
            .text
            .infer_reference_date(&doc.text, &exprs, doc.published, self.today)
            .map(|i| (i.date, i.why));
        let mut actors = self.actors.link(
            &doc.text,
            &LinkContext {
                date: reference.as_ref().map(|r| r.0),
                country: country.clone(),
            },
        );
        // A report that names no country but names groups of one country
        // ("M23 rebels", "the New People's Army") is read as set there: its
        // places are found again with that country as the hint ("around
        // Sake" is the Congolese town).
        if country.is_none() {
            if let Some(cc) = actors_country(&actors) {
                places = self.gazetteer.find_places(
                    &doc.text,
                    &GeoContext {
                        exclude,
                        country_hint: Some(cc.clone()),
                    },
                );
                country = focus_country(&places).or(Some(cc));
            }
        }
        // A capitalised name the base does not know that the gazetteer does
        // ("fighting in Lashkar Gah") is a place, not a new actor.
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
        let folded = sitrep_text::fold(&doc.text);
        let triggers = layers::find_triggers(&self.lexicons, &folded);
        self.demonym_forces(
            doc,
            &places,
            &triggers,
            &mut actors,
            reference.as_ref().map(|r| r.0),
        );
        let layers = layers::Layers::build(
            doc,
            &self.lexicons,
            &self.text,
            layers::Mentions {
                triggers,
                places,
                actors,
                exprs,
                reference,
            },
            &folded,
        );
        let facts = sentence::analyse(&layers, &self.lexicons);
        if let Some(out) = explain {
            out.push(format!(
                "reference date: {:?} ({:?})",
                layers.reference, layers.reference_why
            ));
            for t in &layers.triggers {
                out.push(format!(
                    "trigger {:?} {:?}",
                    t.span.text(&doc.text),
                    t.what.event_type
                ));
            }
            for a in &layers.actors {
                out.push(format!(
                    "actor {:?} -> {} ({:?}, {:?})",
                    a.span.text(&doc.text),
                    a.actor.id,
                    a.actor.kind,
                    a.link
                ));
            }
            for p in &layers.places {
                out.push(format!(
                    "place {:?} -> {} {:?} {:?} demonym={}",
                    p.span.text(&doc.text),
                    p.place.name,
                    p.place.admin1_code,
                    p.precision,
                    p.demonym
                ));
            }
            for d in &layers.dates {
                out.push(format!(
                    "date {:?} -> {:?}..{:?} {:?}",
                    d.span.text(&doc.text),
                    d.range.start,
                    d.range.end,
                    d.range.precision
                ));
            }
            for f in &facts {
                out.push(format!(
                    "sentence {} specific={} anaphoric={} separate={} asserted={:?} place={:?} date={:?} figures={:?} roles={:?}",
                    f.index,
                    f.specific,
                    f.anaphoric,
                    f.separate,
                    f.asserted.iter().map(|t| t.span.text(&doc.text)).collect::<Vec<_>>(),
                    f.place.map(|p| p.place.name.as_str()),
                    f.date.map(|d| d.span.text(&doc.text)),
                    f.figures.iter().map(|(g, by)| (g.span.text(&doc.text), g.kind, g.quantity.low, by.clone())).collect::<Vec<_>>(),
                    f.actors.iter().map(|r| (r.mention.actor.id.as_str(), r.role)).collect::<Vec<_>>(),
                ));
            }
        }
        let dateline_places = doc
            .dateline
            .as_ref()
            .map(|d| {
                let t = d.place_span.text(&doc.text);
                let mut ps = self.gazetteer.find_places(
                    t,
                    &GeoContext {
                        exclude: Vec::new(),
                        country_hint: country.clone(),
                    },
                );
                for p in &mut ps {
                    p.span = p.span.shift(d.place_span.start);
                    p.phrase = p.phrase.shift(d.place_span.start);
                }
                ps
            })
            .unwrap_or_default();
        let mut events =
            assemble::assemble(doc, &layers, &facts, &dateline_places, country.as_deref());
        for e in &mut events {
            let (plover, cameo) = self
                .lexicons
                .taxonomy
                .codes(e.event_type, e.sub_event_type.as_deref());
            e.plover = plover;
            e.cameo = cameo;
        }
        events
    }
}

impl Extractor {
    /// "Russian missiles struck", "an Israeli air strike": a demonym (or, before a
    /// strike from afar, a country's name: "a U.S. drone strike") right before
    /// a weapon or attack word names that country's forces as the actor. Added as
    /// actor mentions where the actor base has no mention there already.
    fn demonym_forces(
        &self,
        doc: &Document,
        places: &[sitrep_core::PlaceMention],
        triggers: &[layers::Tagged<&lexicon::Trigger>],
        actors: &mut Vec<sitrep_core::ActorMention>,
        date: Option<NaiveDate>,
    ) {
        let mut trigger_starts: Vec<usize> = triggers.iter().map(|t| t.span.start).collect();
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
            // The trigger starts within the next two words ("Russian ballistic missiles").
            let rest = doc.text.get(p.span.end..).unwrap_or("");
            let window: usize = rest
                .split_inclusive(char::is_whitespace)
                .take(2)
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

/// The country most places of the text belong to (demonyms count), if any.
pub fn focus_country(places: &[sitrep_core::PlaceMention]) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for p in places {
        let c = p.place.country.as_str();
        if c.is_empty() {
            continue;
        }
        match counts.iter_mut().find(|(k, _)| *k == c) {
            Some((_, n)) => *n += 1,
            None => counts.push((c, 1)),
        }
    }
    counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .map(|(c, _)| c.to_string())
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
