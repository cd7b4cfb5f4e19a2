/*!
Lexicons: the extraction knowledge kept in the TSV files of `data/lexicons/`, and one phrase
matcher for all of them.

Every lexicon is a TSV file: `#` lines are comments, the first column is a phrase,
the rest are its attributes. Phrases are folded ([`sitrep_text::fold_str`]) and
matched on whole words of folded text; a trailing `*` lets the last word run on
(`explosion*` matches `explosions`). The files are embedded in the binary and can
be replaced at run time from a directory ([`Lexicons::load_dir`]), so an analyst
adds a trigger word by editing a file.
*/

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use sitrep_core::EventType;
use sitrep_text::{fold_str, is_word_byte};
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("{file}:{line}: {message}")]
    Parse {
        file: String,
        line: usize,
        message: String,
    },
    #[error("cannot read {file}: {source}")]
    Io {
        file: String,
        source: std::io::Error,
    },
    #[error("cannot build the matcher for {file}: {message}")]
    Build { file: String, message: String },
}

/// A set of phrases with a payload each, matched on folded text.
#[derive(Debug)]
pub struct PhraseSet<T> {
    ac: AhoCorasick,
    /// Per pattern: payload index and whether the last word may run on.
    patterns: Vec<(usize, bool)>,
    pub payloads: Vec<T>,
}

/// One phrase found in folded text (folded byte offsets).
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub payload: usize,
}

impl<T> PhraseSet<T> {
    fn build(file: &str, entries: Vec<(String, T)>) -> Result<PhraseSet<T>, LexiconError> {
        let mut pats = Vec::with_capacity(entries.len());
        let mut patterns = Vec::with_capacity(entries.len());
        let mut payloads = Vec::with_capacity(entries.len());
        for (i, (phrase, payload)) in entries.into_iter().enumerate() {
            let wild = phrase.ends_with('*');
            let p = fold_str(phrase.trim_end_matches('*').trim());
            pats.push(p);
            patterns.push((i, wild));
            payloads.push(payload);
        }
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&pats)
            .map_err(|e| LexiconError::Build {
                file: file.to_string(),
                message: e.to_string(),
            })?;
        Ok(PhraseSet {
            ac,
            patterns,
            payloads,
        })
    }

    /// All whole-word matches in folded `text`, left to right, non-overlapping.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        for m in self.ac.find_iter(text) {
            let (idx, wild) = self.patterns[m.pattern().as_usize()];
            let start = m.start();
            let mut end = m.end();
            if start > 0 && bytes.get(start - 1).copied().is_some_and(is_word_byte) {
                continue;
            }
            if wild {
                while end < bytes.len() && is_word_byte(bytes[end]) {
                    end += 1;
                }
            } else if end < bytes.len() && is_word_byte(bytes[end]) {
                continue;
            }
            out.push(Hit {
                start,
                end,
                payload: idx,
            });
        }
        out
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModalityKind {
    Generic,
    Future,
    Hypothetical,
    Negated,
    Threat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Sentence,
    After,
    Near,
}

#[derive(Debug, Clone, Copy)]
pub struct ModalityCue {
    pub kind: ModalityKind,
    pub scope: Scope,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleCue {
    Claim,
    ClaimedBy,
    Allege,
    AgentBy,
    Target,
    Suspect,
    Anaphor,
    Report,
    ReportBy,
    Modifier,
    /// Right before an actor: it describes another ("affiliated with X").
    ModifierOf,
    /// A noun between two actors: the first describes the second.
    ModifierNoun,
    /// Opens a sentence about another act ("Separately, …").
    Separate,
    Deny,
    ForcesTarget,
    Blame,
    /// How a claim was made: "statement", "video", "telegram", …
    Via(&'static str),
}

/// All extraction lexicons.
#[derive(Debug)]
pub struct Lexicons {
    pub triggers: PhraseSet<Trigger>,
    pub casualties: PhraseSet<CasualtyWord>,
    /// Words allowed between a count and its casualty word, by class.
    pub nouns: rustc_hash::FxHashMap<String, NounClass>,
    pub modality: PhraseSet<ModalityCue>,
    pub roles: PhraseSet<RoleCue>,
    /// Reporting verbs (the `report` cues of `roles.tsv`, folded): a date right
    /// after one dates the telling, not the act.
    pub reporting: rustc_hash::FxHashSet<String>,
    pub taxonomy: Taxonomy,
    /// Who gives a figure ("officials said" → officials), from `sources.tsv`.
    pub sources: PhraseSet<String>,
}

const TRIGGERS: &str = include_str!("../../../data/lexicons/triggers.tsv");
const CASUALTIES: &str = include_str!("../../../data/lexicons/casualties.tsv");
const NOUNS: &str = include_str!("../../../data/lexicons/casualty-nouns.tsv");
const MODALITY: &str = include_str!("../../../data/lexicons/modality.tsv");
const ROLES: &str = include_str!("../../../data/lexicons/roles.tsv");
const TAXONOMY: &str = include_str!("../../../data/lexicons/taxonomy.tsv");
const SOURCES: &str = include_str!("../../../data/lexicons/sources.tsv");

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

fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines().enumerate().filter_map(|(i, l)| {
        let t = l.trim_end();
        if t.trim().is_empty() || t.trim_start().starts_with('#') {
            None
        } else {
            Some((i + 1, t.split('\t').map(str::trim).collect()))
        }
    })
}

fn err(file: &str, line: usize, message: impl Into<String>) -> LexiconError {
    LexiconError::Parse {
        file: file.to_string(),
        line,
        message: message.into(),
    }
}

fn col<'a>(file: &str, line: usize, cols: &[&'a str], i: usize) -> Result<&'a str, LexiconError> {
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
        let mut l = Lexicons::parse(TRIGGERS, CASUALTIES, NOUNS, MODALITY, ROLES)?;
        l.taxonomy = Taxonomy::parse(TAXONOMY)?;
        l.sources = parse_sources(SOURCES)?;
        Ok(l)
    }

    /// Read the lexicons from a directory holding the same file names.
    pub fn load_dir(dir: &Path) -> Result<Lexicons, LexiconError> {
        let read = |name: &str| {
            let p = dir.join(name);
            std::fs::read_to_string(&p).map_err(|source| LexiconError::Io {
                file: p.display().to_string(),
                source,
            })
        };
        let mut l = Lexicons::parse(
            &read("triggers.tsv")?,
            &read("casualties.tsv")?,
            &read("casualty-nouns.tsv")?,
            &read("modality.tsv")?,
            &read("roles.tsv")?,
        )?;
        l.taxonomy = Taxonomy::parse(&read("taxonomy.tsv")?)?;
        l.sources = parse_sources(&read("sources.tsv")?)?;
        Ok(l)
    }

    fn parse(
        triggers: &str,
        casualties: &str,
        nouns: &str,
        modality: &str,
        roles: &str,
    ) -> Result<Lexicons, LexiconError> {
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
            t.push((
                col(f, line, &c, 0)?.to_string(),
                Trigger {
                    event_type,
                    sub_event_type: opt(col(f, line, &c, 2)?),
                    priority,
                    strength,
                    block,
                },
            ));
        }
        let f = "casualties.tsv";
        let mut cw = Vec::new();
        for (line, c) in rows(casualties) {
            let kind = match col(f, line, &c, 1)? {
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
        let f = "casualty-nouns.tsv";
        let mut nn = rustc_hash::FxHashMap::default();
        for (line, c) in rows(nouns) {
            let class = match col(f, line, &c, 1)? {
                "person" => NounClass::Person,
                "forces" => NounClass::Forces,
                "attacker" => NounClass::Attacker,
                "filler" => NounClass::Filler,
                k => return Err(err(f, line, format!("unknown class {k:?}"))),
            };
            nn.entry(fold_str(col(f, line, &c, 0)?)).or_insert(class);
        }
        let f = "modality.tsv";
        let mut m = Vec::new();
        for (line, c) in rows(modality) {
            let kind = match col(f, line, &c, 1)? {
                "generic" => ModalityKind::Generic,
                "future" => ModalityKind::Future,
                "hypothetical" => ModalityKind::Hypothetical,
                "negated" | "accident" => ModalityKind::Negated,
                "threat" | "threatened" => ModalityKind::Threat,
                k => return Err(err(f, line, format!("unknown modality {k:?}"))),
            };
            let scope = match col(f, line, &c, 2)? {
                "sentence" => Scope::Sentence,
                "after" => Scope::After,
                "near" => Scope::Near,
                s => return Err(err(f, line, format!("unknown scope {s:?}"))),
            };
            m.push((
                col(f, line, &c, 0)?.to_string(),
                ModalityCue { kind, scope },
            ));
        }
        let f = "roles.tsv";
        let mut r = Vec::new();
        let mut reporting = rustc_hash::FxHashSet::default();
        for (line, c) in rows(roles) {
            let cue = match col(f, line, &c, 1)? {
                "claim" => RoleCue::Claim,
                "claimed_by" => RoleCue::ClaimedBy,
                "allege" => RoleCue::Allege,
                "agent_by" => RoleCue::AgentBy,
                "target" => RoleCue::Target,
                "suspect" => RoleCue::Suspect,
                "anaphor" => RoleCue::Anaphor,
                "report" => RoleCue::Report,
                "report_by" => RoleCue::ReportBy,
                "modifier" => RoleCue::Modifier,
                "modifier_of" => RoleCue::ModifierOf,
                "modifier_noun" => RoleCue::ModifierNoun,
                "separate" => RoleCue::Separate,
                "deny" => RoleCue::Deny,
                "blame" => RoleCue::Blame,
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
            r.push((col(f, line, &c, 0)?.to_string(), cue));
        }
        Ok(Lexicons {
            triggers: PhraseSet::build("triggers.tsv", t)?,
            casualties: PhraseSet::build("casualties.tsv", cw)?,
            nouns: nn,
            modality: PhraseSet::build("modality.tsv", m)?,
            roles: PhraseSet::build("roles.tsv", r)?,
            reporting,
            taxonomy: Taxonomy::default(),
            sources: PhraseSet::build("sources.tsv", Vec::new())?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn bad_rows_name_file_and_line() {
        let e = Lexicons::parse("blast\tnot_a_type\t-\t1\tstrong\n", "", "", "", "").unwrap_err();
        assert_eq!(
            e.to_string(),
            "triggers.tsv:1: unknown event type \"not_a_type\""
        );
    }
}
