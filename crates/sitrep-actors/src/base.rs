/*!
The actor knowledge base: validated entries and the alias automaton.

[`ActorBase`] merges the TOML files of `data/actors/` (see `schema.rs` for the
format), checks them (unique ids, known types, relation targets and parents that
exist, dates that parse), generates the state-forces and police entries of every
`[[state]]`, and compiles every alias, generic pattern and coreference phrase (and
the terms of the context rules, which stand for no actor) into ONE trie over
normalised folded text (see [`norm_key`] and `trie.rs`), walked from each word
start, so that linking a document costs one pass over it whatever the size of
the base.

The embedded base is not built here at start-up: `build.rs` runs this code on the
embedded files and writes the result as an image (`image.rs`) that
[`ActorBase::embedded`] reads back; a directory (`--data DIR`) goes through this
code at run time.
*/

use crate::phrases::{has_border, PhraseIndex};
use crate::schema::{AliasRec, ExtraRec, FileRec, GenericRec, RuleRec, SettingsRec, StateRec};
use crate::trie::Trie;
use crate::ActorError;
use chrono::NaiveDate;
use rustc_hash::{FxHashMap, FxHashSet};
use sitrep_core::{Actor, ActorType};
use sitrep_data::{Data, Embedded};
use sitrep_text::{fold_str, WordSet};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

/// The embedded data files (`data/actors/`), in load order.
const EMBEDDED: Embedded = &[
    (
        "states.toml",
        include_str!("../../../data/actors/states.toml"),
    ),
    (
        "generic.toml",
        include_str!("../../../data/actors/generic.toml"),
    ),
    (
        "afghanistan-pakistan.toml",
        include_str!("../../../data/actors/afghanistan-pakistan.toml"),
    ),
    (
        "middle-east.toml",
        include_str!("../../../data/actors/middle-east.toml"),
    ),
    (
        "africa.toml",
        include_str!("../../../data/actors/africa.toml"),
    ),
    ("asia.toml", include_str!("../../../data/actors/asia.toml")),
    (
        "europe.toml",
        include_str!("../../../data/actors/europe.toml"),
    ),
    (
        "americas.toml",
        include_str!("../../../data/actors/americas.toml"),
    ),
    (
        "imported/actors.toml",
        include_str!("../../../data/actors/imported/actors.toml"),
    ),
    (
        "imported/extra-aliases.toml",
        include_str!("../../../data/actors/imported/extra-aliases.toml"),
    ),
];

/// The sub-folder of `data/actors/` written by the import command.
pub const IMPORTED_DIR: &str = "imported";

/// How two actors are related.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RelationKind {
    AffiliateOf,
    FactionOf,
    SplitFrom,
    AlliedWith,
    RivalOf,
    /// De facto authority: the source actor governs the target (a state-forces or
    /// police entry) in the period; it is then itself coded as state forces, and
    /// mentions of the target resolve to it.
    Governs,
}

impl RelationKind {
    pub(crate) fn parse(s: &str) -> Option<RelationKind> {
        Some(match s {
            "affiliate_of" => RelationKind::AffiliateOf,
            "faction_of" => RelationKind::FactionOf,
            "split_from" => RelationKind::SplitFrom,
            "allied_with" => RelationKind::AlliedWith,
            "rival_of" => RelationKind::RivalOf,
            "governs" => RelationKind::Governs,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            RelationKind::AffiliateOf => "affiliate_of",
            RelationKind::FactionOf => "faction_of",
            RelationKind::SplitFrom => "split_from",
            RelationKind::AlliedWith => "allied_with",
            RelationKind::RivalOf => "rival_of",
            RelationKind::Governs => "governs",
        }
    }
}

/// A relation to another entry, optionally bounded in time (inclusive).
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    pub kind: RelationKind,
    pub target: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Relation {
    /// True when the relation holds on `date` (an unknown date never satisfies a
    /// bounded relation, and always satisfies an unbounded one).
    pub fn active_at(&self, date: Option<NaiveDate>) -> bool {
        match date {
            None => self.from.is_none() && self.to.is_none(),
            Some(d) => self.from.is_none_or(|f| d >= f) && self.to.is_none_or(|t| d <= t),
        }
    }
}

/// One alias of an entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Alias {
    pub text: String,
    /// Language tag ("ar", "ps") where the alias is not English.
    pub lang: Option<String>,
    /// Only trusted in documents about these countries (or when the actor is also
    /// named unambiguously in the same document).
    pub countries: Vec<String>,
    /// Made by the loader (state forces), not written in the data.
    pub generated: bool,
    /// Written by the import command (`data/actors/imported/`): loses to a curated
    /// alias of the same text.
    pub imported: bool,
}

/// One actor of the knowledge base.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: String,
    pub name: String,
    pub kind: ActorType,
    pub country: Option<String>,
    pub parent: Option<String>,
    pub aliases: Vec<Alias>,
    pub relations: Vec<Relation>,
    pub ucdp_id: Option<u32>,
    pub source: Option<String>,
    /// A generic actor ("gunmen", "civilians", "security forces").
    pub generic: bool,
    /// The data file the entry came from.
    pub file: String,
}

impl Entry {
    /// The entry as a core [`Actor`], with its base type.
    pub fn actor(&self) -> Actor {
        Actor {
            id: self.id.clone(),
            name: self.name.clone(),
            kind: self.kind,
            country: self.country.clone(),
            provisional: false,
        }
    }
    /// The entry as an [`Actor`] on `date`: an actor that `governs` something on that
    /// date is coded as state forces (the Taliban after 2021-08-15).
    pub fn actor_at(&self, date: Option<NaiveDate>) -> Actor {
        let mut a = self.actor();
        if self.governs_at(date).next().is_some() {
            a.kind = ActorType::StateForces;
        }
        a
    }
    /// Targets this entry governs on `date`.
    pub fn governs_at(&self, date: Option<NaiveDate>) -> impl Iterator<Item = &str> {
        self.relations
            .iter()
            .filter(move |r| r.kind == RelationKind::Governs && r.active_at(date))
            .map(|r| r.target.as_str())
    }
}

/// Case a short alias demands of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CaseReq {
    Any,
    /// Every letter upper case ("IS", "ADF"): "is" the verb never matches.
    AllCaps,
    /// First letter upper case ("Isis").
    Capitalized,
}

/// A curated base as the offline actor import sees it ([`ActorBase::curated_view`]).
#[derive(Debug, Clone, Default)]
pub struct CuratedView {
    /// Automaton key → id of the named entry it belongs to ("" for generic entries
    /// and coreference phrases).
    pub key_owners: std::collections::HashMap<String, String>,
    /// UCDP actor id → the first curated entry that carries it.
    pub ucdp_owners: std::collections::HashMap<u32, String>,
    /// Words that never name a group alone: group nouns, common words of provisional
    /// names, name connectors and determiners, country words (sorted per set).
    pub common_words: Vec<String>,
    /// The group nouns ("front", "brigade"), sorted.
    pub group_nouns: Vec<String>,
}

/// Who governs whom: target → (governor, relation).
type GovernedBy = FxHashMap<usize, Vec<(usize, Relation)>>;

/// The automaton's keys, each key's index, and each key's targets.
type Patterns = (Vec<String>, HashMap<String, usize>, Vec<Vec<Target>>);

/// Every parent and relation target names a known actor; returns who governs whom.
fn check_references(
    entries: &[Entry],
    by_id: &HashMap<String, usize>,
) -> Result<GovernedBy, ActorError> {
    let mut governed_by: FxHashMap<usize, Vec<(usize, Relation)>> = FxHashMap::default();
    for (i, e) in entries.iter().enumerate() {
        if let Some(p) = &e.parent {
            if !by_id.contains_key(p) {
                return Err(ActorError::Invalid {
                    file: e.file.clone(),
                    msg: format!("actor {}: unknown parent {p:?}", e.id),
                });
            }
        }
        for r in &e.relations {
            let Some(&t) = by_id.get(&r.target) else {
                return Err(ActorError::Invalid {
                    file: e.file.clone(),
                    msg: format!("actor {}: unknown relation target {:?}", e.id, r.target),
                });
            };
            if r.kind == RelationKind::Governs {
                governed_by.entry(t).or_default().push((i, r.clone()));
            }
        }
    }
    Ok(governed_by)
}

/// The context rules, their actor ids resolved (an unknown id is an error).
fn context_rules(
    rule_recs: &[(String, RuleRec)],
    by_id: &HashMap<String, usize>,
) -> Result<Vec<ContextRule>, ActorError> {
    let lookup = |file: &str, id: &str| -> Result<usize, ActorError> {
        by_id.get(id).copied().ok_or_else(|| ActorError::Invalid {
            file: file.to_string(),
            msg: format!("context rule: unknown actor id {id:?}"),
        })
    };
    let mut rules = Vec::new();
    for (file, r) in rule_recs {
        let mut mentions_any = Vec::new();
        for m in &r.mentions_any {
            mentions_any.push(lookup(file, m)?);
        }
        rules.push(ContextRule {
            when: lookup(file, &r.when)?,
            then: lookup(file, &r.then)?,
            mentions_any,
            terms_any: r
                .terms_any
                .iter()
                .map(|t| norm_key(&fold_str(t)))
                .filter(|t| !t.is_empty())
                .collect(),
            term_patterns: Vec::new(),
            countries: r.countries.iter().map(|c| c.to_ascii_uppercase()).collect(),
        });
    }
    Ok(rules)
}

/// The automaton's patterns: every alias key of every entry, the generic patterns
/// and coreferent patterns of generic actors, and the coreference phrases; each key
/// with its targets by priority (curated aliases, then generated or imported, then
/// generic).
fn collect_patterns(
    entries: &[Entry],
    generic_recs: &[(usize, GenericRec)],
    s: &SettingsRec,
) -> Patterns {
    let coref_max = s.coreference_max_paragraphs.unwrap_or(3);
    let bare_max = s.bare_coreference_max_paragraphs.unwrap_or(1);
    let mut keys: Vec<String> = Vec::new();
    let mut key_ix: HashMap<String, usize> = HashMap::new();
    let mut targets: Vec<Vec<Target>> = Vec::new();
    let mut add = |key: String, t: Target| {
        let i = *key_ix.entry(key.clone()).or_insert_with(|| {
            keys.push(key);
            targets.push(Vec::new());
            targets.len() - 1
        });
        if let Some(v) = targets.get_mut(i) {
            if !v.iter().any(|x| x.kind == t.kind && x.case == t.case) {
                v.push(t);
            }
        }
    };
    let generic = |kind: TargetKind, case: CaseReq| Target {
        kind,
        case,
        countries: Vec::new(),
        priority: 2,
    };
    for (i, e) in entries.iter().enumerate() {
        for a in &e.aliases {
            for k in alias_keys(&a.text) {
                add(
                    k,
                    Target {
                        kind: TargetKind::Entry(i),
                        case: case_req(&a.text),
                        countries: a.countries.clone(),
                        priority: if a.generated || a.imported { 1 } else { 0 },
                    },
                );
            }
        }
    }
    for (i, g) in generic_recs {
        for p in &g.patterns {
            for k in alias_keys(p) {
                add(k, generic(TargetKind::Entry(*i), case_req(p)));
            }
        }
        for p in &g.coreferent_patterns {
            let k = norm_key(&fold_str(p));
            let max_paragraphs = if k.starts_with("the ") {
                coref_max
            } else {
                bare_max
            };
            let kind = TargetKind::Coref {
                fallback: Some(*i),
                max_paragraphs,
            };
            add(k, generic(kind, CaseReq::Any));
        }
    }
    for p in &s.coreference_phrases {
        let kind = TargetKind::Coref {
            fallback: None,
            max_paragraphs: coref_max,
        };
        add(norm_key(&fold_str(p)), generic(kind, CaseReq::Any));
    }
    for v in targets.iter_mut() {
        v.sort_by_key(|t| t.priority);
    }
    (keys, key_ix, targets)
}

/// The entry `numbered_unit_actor` names, checked: a known actor, and unit
/// nouns that are all group nouns (the provisional pass, which finds numbered
/// units, only reads documents with a capitalised group noun).
fn numbered_unit(
    s: &SettingsRec,
    folded: &Settings,
    by_id: &HashMap<String, usize>,
) -> Result<Option<usize>, ActorError> {
    let invalid = |msg: String| ActorError::Invalid {
        file: "settings".to_string(),
        msg,
    };
    if let Some(n) = folded
        .unit_nouns
        .iter()
        .find(|n| !folded.group_nouns.contains(n))
    {
        return Err(invalid(format!("unit_nouns: {n:?} is not a group noun")));
    }
    s.numbered_unit_actor
        .as_ref()
        .map(|id| {
            by_id
                .get(id)
                .copied()
                .ok_or_else(|| invalid(format!("numbered_unit_actor: unknown actor {id:?}")))
        })
        .transpose()
}

/// The settings' word lists folded, with the group nouns' first-byte shape tables.
fn fold_settings(s: &SettingsRec) -> Result<Settings, ActorError> {
    let fold_set = |v: &[String]| -> FxHashSet<String> {
        v.iter()
            .map(|x| norm_key(&fold_str(x)))
            .filter(|x| !x.is_empty())
            .collect()
    };
    let fold_words = |v: &[String]| -> WordSet { fold_set(v).into_iter().collect() };
    let mut provisional_types = Vec::new();
    for (w, t) in &s.provisional_types {
        let ty = parse_type_lenient(t).ok_or_else(|| ActorError::Invalid {
            file: "settings".to_string(),
            msg: format!("provisional_types: unknown type {t:?}"),
        })?;
        provisional_types.push((norm_key(&fold_str(w)), ty));
    }
    let group_nouns = fold_words(&s.group_nouns);
    let mut group_noun_shapes = vec![0u64; 256];
    let mut group_noun_pairs = vec![0u32; 256];
    for g in group_nouns.iter() {
        if let [a, rest @ ..] = g.as_bytes() {
            if let Some(w) = group_noun_pairs.get_mut(usize::from(*a)) {
                *w |= 1 << pair_class(rest.first().copied());
            }
        }
        if let Some(w) = g
            .as_bytes()
            .first()
            .and_then(|&b| group_noun_shapes.get_mut(usize::from(b)))
        {
            *w |= 1 << g.len().min(63);
        }
    }
    Ok(Settings {
        coreference_blockers: fold_words(&s.coreference_blockers),
        reject_prefixes: fold_words(&s.reject_prefixes),
        reject_words: fold_words(&s.reject_words),
        group_nouns,
        group_noun_shapes,
        group_noun_pairs,
        name_connectors: fold_words(&s.name_connectors),
        name_determiners: fold_words(&s.name_determiners),
        provisional_stop: PhraseIndex::new(fold_set(&s.provisional_stop)),
        provisional_common_words: fold_words(&s.provisional_common_words),
        provisional_types,
        acronym_stop: s.acronym_stop.iter().cloned().collect(),
        numbered_unit: None,
        unit_nouns: fold_words(&s.unit_nouns),
        ordinal_words: fold_words(&s.ordinal_words),
    })
}

/// A set's members, sorted (for a deterministic import).
/// A word set's words, sorted.
fn sorted_words(set: &WordSet) -> Vec<String> {
    let mut v: Vec<String> = set.iter().map(str::to_string).collect();
    v.sort();
    v
}

fn sorted_any<S: std::hash::BuildHasher>(
    set: &std::collections::HashSet<String, S>,
) -> Vec<String> {
    let mut v: Vec<String> = set.iter().cloned().collect();
    v.sort();
    v
}

/// What a pattern of the automaton stands for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TargetKind {
    /// An entry (named or generic).
    Entry(usize),
    /// A coreference phrase; when unresolved, the fallback generic entry (if any).
    Coref {
        fallback: Option<usize>,
        max_paragraphs: usize,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub kind: TargetKind,
    pub case: CaseReq,
    pub countries: Vec<String>,
    /// Lower wins among targets of the same key: 0 curated, 1 generated or
    /// imported, 2 generic.
    pub priority: u8,
}

#[derive(Debug, Clone)]
pub(crate) struct ContextRule {
    pub when: usize,
    pub then: usize,
    pub mentions_any: Vec<usize>,
    pub terms_any: Vec<String>,
    /// Per term of `terms_any`: its automaton pattern, so that the linker reads
    /// whether the document holds it off the matches it already has; `None` for a
    /// term that may overlap itself (searched for in the text instead: see
    /// `has_border` in `phrases.rs`).
    pub term_patterns: Vec<Option<usize>>,
    pub countries: Vec<String>,
}

/// Word lists used by the linker, folded (looked up per word: [`WordSet`]s).
#[derive(Debug, Clone, Default)]
pub(crate) struct Settings {
    pub coreference_blockers: WordSet,
    pub reject_prefixes: WordSet,
    pub reject_words: WordSet,
    pub group_nouns: WordSet,
    /// Per first byte of a group noun: bit `min(length, 63)` set for each
    /// length of the group nouns starting with it (256 words). A cheap first test
    /// before looking a word up in `group_nouns` (see `may_name_group` in
    /// `link.rs`).
    pub group_noun_shapes: Vec<u64>,
    /// Per first byte of a group noun: bit [`pair_class`] of its second byte set
    /// (256 words): most capitalised words fail this test on their first two
    /// letters.
    pub group_noun_pairs: Vec<u32>,
    pub name_connectors: WordSet,
    pub name_determiners: WordSet,
    pub provisional_stop: PhraseIndex,
    pub provisional_common_words: WordSet,
    pub provisional_types: Vec<(String, ActorType)>,
    pub acronym_stop: WordSet,
    /// The entry a numbered military unit stands for (`numbered_unit_actor`).
    pub numbered_unit: Option<usize>,
    pub unit_nouns: WordSet,
    pub ordinal_words: WordSet,
}

/// The class of the byte after the first of a word, for `group_noun_pairs`:
/// 0–25 a lower-case ASCII letter, 26 a digit, 27 an apostrophe, 28 a
/// non-ASCII byte, 29 anything else or none (the word ends).
pub(crate) fn pair_class(b: Option<u8>) -> u32 {
    match b {
        Some(c @ b'a'..=b'z') => u32::from(c - b'a'),
        Some(b'0'..=b'9') => 26,
        Some(b'\'') => 27,
        Some(0x80..) => 28,
        _ => 29,
    }
}

/// The alias patterns as a trie ([`Trie`]) walked anchored. A match is only wanted
/// where a word starts, so the linker walks the trie from each word start (after a
/// pre-test) instead of running an unanchored, overlapping search that steps
/// through every byte and follows failure transitions. The trie and the pre-test
/// tables are plain data: for the embedded base they are prepared at build time
/// (see `image.rs`).
///
/// The pre-test looks at the first four bytes: the exact set of two-byte starts,
/// then a hashed set of four-byte starts (with exact and hashed sets of the
/// patterns shorter than four bytes). With some twenty thousand patterns nearly
/// every two-byte word start begins one, but most walks then die on the third or
/// fourth byte, in trie states scattered over memory (cache misses): the
/// four-byte test, on tables that stay in cache, spares most of them.
#[derive(Debug, Clone)]
pub(crate) struct AliasAutomaton {
    pub(crate) trie: Trie,
    /// Bit `256 * a + b` set when some pattern starts with bytes `a b` (or is `a`):
    /// most word starts are rejected by this test without entering the automaton.
    pub(crate) pairs: Vec<u64>,
    /// Bit `a` set when some pattern is the single byte `a`.
    pub(crate) singles: [u64; 4],
    /// Bit `256 * a + b` set when some pattern is the two bytes `a b`.
    pub(crate) doubles: Vec<u64>,
    /// Bit [`hash3`] of every three-byte pattern.
    pub(crate) triples: Vec<u64>,
    /// Bit [`hash4`] of the first four bytes of every longer pattern.
    pub(crate) quads: Vec<u64>,
    /// Some pattern is empty (it occurs everywhere: no filtering).
    pub(crate) has_empty: bool,
}

/// Bits of the hashed sets (`2^QUAD_BITS` bits each: 32 kB for the four-byte
/// starts, few of them set; the three-byte patterns are far fewer).
const QUAD_BITS: u32 = 18;
const TRIPLE_BITS: u32 = 14;

fn hash4(q: [u8; 4]) -> usize {
    (u32::from_le_bytes(q).wrapping_mul(0x9E37_79B1) >> (32 - QUAD_BITS)) as usize
}

fn hash3(a: u8, b: u8, c: u8) -> usize {
    (u32::from_le_bytes([a, b, c, 0]).wrapping_mul(0x9E37_79B1) >> (32 - TRIPLE_BITS)) as usize
}

fn set_bit(bits: &mut [u64], i: usize) {
    if let Some(w) = bits.get_mut(i / 64) {
        *w |= 1 << (i % 64);
    }
}

fn bit(bits: &[u64], i: usize) -> bool {
    bits.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
}

impl AliasAutomaton {
    /// `keys`: distinct patterns (the keys of the base, then the rule terms that
    /// are not keys).
    fn build(keys: &[String]) -> AliasAutomaton {
        let trie = Trie::build(keys);
        let mut pairs = vec![0u64; 256 * 256 / 64];
        let mut singles = [0u64; 4];
        let mut doubles = vec![0u64; 256 * 256 / 64];
        let mut triples = vec![0u64; (1 << TRIPLE_BITS) / 64];
        let mut quads = vec![0u64; (1 << QUAD_BITS) / 64];
        let mut has_empty = false;
        for k in keys {
            match *k.as_bytes() {
                [] => has_empty = true,
                [a] => {
                    set_bit(&mut singles, a as usize);
                    for b in 0..256 {
                        set_bit(&mut pairs, 256 * a as usize + b);
                    }
                }
                [a, b] => {
                    set_bit(&mut pairs, 256 * a as usize + b as usize);
                    set_bit(&mut doubles, 256 * a as usize + b as usize);
                }
                [a, b, c] => {
                    set_bit(&mut pairs, 256 * a as usize + b as usize);
                    set_bit(&mut triples, hash3(a, b, c));
                }
                [a, b, c, d, ..] => {
                    set_bit(&mut pairs, 256 * a as usize + b as usize);
                    set_bit(&mut quads, hash4([a, b, c, d]));
                }
            }
        }
        AliasAutomaton {
            trie,
            pairs,
            singles,
            doubles,
            triples,
            quads,
            has_empty,
        }
    }

    /// Whether some pattern may occur in `hay` at `start` (a cheap pre-test: never
    /// false when one does).
    fn may_start(&self, hay: &[u8], start: usize) -> bool {
        if self.has_empty {
            return true;
        }
        let (a, b) = match (hay.get(start), hay.get(start + 1)) {
            (None, _) => return false,
            (Some(&a), None) => return bit(&self.singles, a as usize),
            (Some(&a), Some(&b)) => (a, b),
        };
        if !bit(&self.pairs, 256 * a as usize + b as usize) {
            return false;
        }
        let (Some(&c), Some(&d)) = (hay.get(start + 2), hay.get(start + 3)) else {
            // Near the end of the text: let the automaton tell.
            return true;
        };
        // A pattern of four bytes or more begins with these four; a shorter one is
        // one of their prefixes.
        bit(&self.quads, hash4([a, b, c, d]))
            || bit(&self.triples, hash3(a, b, c))
            || bit(&self.doubles, 256 * a as usize + b as usize)
            || bit(&self.singles, a as usize)
    }

    /// Calls `found(end, pattern)` for every pattern occurring in `hay` at `start`.
    pub(crate) fn matches_at(&self, hay: &[u8], start: usize, found: impl FnMut(usize, usize)) {
        if self.may_start(hay, start) {
            self.trie.walk(hay, start, found);
        }
    }
}

/// The actor knowledge base with its compiled alias automaton.
#[derive(Debug, Clone)]
pub struct ActorBase {
    pub(crate) entries: Vec<Entry>,
    /// Per entry (same index): its core actors, made once so that every mention
    /// shares them instead of copying the strings.
    pub(crate) shared: Vec<SharedActor>,
    pub(crate) by_id: HashMap<String, usize>,
    /// The alias trie, searched anchored at every word start (see `link`).
    pub(crate) ac: AliasAutomaton,
    /// Per automaton pattern: its targets, best first.
    pub(crate) targets: Vec<Vec<Target>>,
    /// Country code → (forces entry, police entry). (The maps the linker reads per
    /// mention use the fast FxHash.)
    pub(crate) forces_of: FxHashMap<String, usize>,
    pub(crate) police_of: FxHashMap<String, usize>,
    /// Generic per-country entry → "forces" / "police".
    pub(crate) per_country: FxHashMap<usize, String>,
    /// Entry → entries that govern it (with the relation).
    pub(crate) governed_by: FxHashMap<usize, Vec<(usize, Relation)>>,
    pub(crate) rules: Vec<ContextRule>,
    pub(crate) settings: Settings,
    /// The automaton's patterns (index = pattern id), for the import's conflict checks.
    pub(crate) keys: Vec<String>,
    /// Folded words of every country name and demonym of `[[state]]` (import checks).
    pub(crate) country_words: HashSet<String>,
    /// Folded demonym or abbreviated name of a `[[state]]` → its country code: the
    /// words that, coordinated before another state's force noun ("Azerbaijani and
    /// Armenian forces", "US and Iraqi troops"), name that state's forces too.
    pub(crate) state_prefixes: FxHashMap<String, String>,
}

/// The core [`Actor`]s of one entry, shared by every mention of it.
#[derive(Debug, Clone)]
pub(crate) struct SharedActor {
    /// [`Entry::actor`]: the base type.
    plain: Arc<Actor>,
    /// The entry coded as state forces, for the dates it governs something
    /// (see [`Entry::actor_at`]); `None` when it has no `governs` relation.
    governing: Option<Arc<Actor>>,
}

impl SharedActor {
    pub(crate) fn of(e: &Entry) -> SharedActor {
        let plain = Arc::new(e.actor());
        let governing = e
            .relations
            .iter()
            .any(|r| r.kind == RelationKind::Governs)
            .then(|| {
                Arc::new(Actor {
                    kind: ActorType::StateForces,
                    ..e.actor()
                })
            });
        SharedActor { plain, governing }
    }
}

/// The matching key of a folded string: hyphens and runs of white space become one
/// space, ends trimmed. Text and aliases go through the same function.
pub fn norm_key(folded: &str) -> String {
    let mut out = String::with_capacity(folded.len());
    let mut space = false;
    for c in folded.chars() {
        if c == '-' || c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

fn parse_type(s: &str, file: &str, id: &str) -> Result<ActorType, ActorError> {
    Ok(match s {
        "state_forces" => ActorType::StateForces,
        "police" => ActorType::Police,
        "rebel_group" => ActorType::RebelGroup,
        "political_militia" => ActorType::PoliticalMilitia,
        "identity_militia" => ActorType::IdentityMilitia,
        "civilians" => ActorType::Civilians,
        "protesters" => ActorType::Protesters,
        "rioters" => ActorType::Rioters,
        "external" => ActorType::External,
        "unknown" => ActorType::Unknown,
        _ => {
            return Err(ActorError::Invalid {
                file: file.to_string(),
                msg: format!("actor {id}: unknown type {s:?}"),
            })
        }
    })
}

pub(crate) fn parse_type_lenient(s: &str) -> Option<ActorType> {
    parse_type(s, "", "").ok()
}

fn parse_date(s: &Option<String>, file: &str, id: &str) -> Result<Option<NaiveDate>, ActorError> {
    match s {
        None => Ok(None),
        Some(t) => NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d")
            .map(Some)
            .map_err(|e| ActorError::Invalid {
                file: file.to_string(),
                msg: format!("actor {id}: bad date {t:?}: {e}"),
            }),
    }
}

fn alias_of(a: &AliasRec, generated: bool, imported: bool) -> Alias {
    match a {
        AliasRec::Plain(t) => Alias {
            text: t.clone(),
            lang: None,
            countries: Vec::new(),
            generated,
            imported,
        },
        AliasRec::Full {
            text,
            lang,
            countries,
        } => Alias {
            text: text.clone(),
            lang: lang.clone(),
            countries: countries.iter().map(|c| c.to_ascii_uppercase()).collect(),
            generated,
            imported,
        },
    }
}

/// The case an alias demands: short all-caps aliases only match capitals.
pub(crate) fn case_req(alias: &str) -> CaseReq {
    let letters: Vec<char> = alias.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() || letters.len() > 4 {
        return CaseReq::Any;
    }
    if letters.iter().all(|c| c.is_uppercase()) {
        CaseReq::AllCaps
    } else if letters.first().is_some_and(|c| c.is_uppercase()) {
        CaseReq::Capitalized
    } else {
        CaseReq::Any
    }
}

/// The automaton keys of one alias: the normalised folded form, the form without
/// apostrophes, and for acronym-like aliases ("IS-K", "IS KP") the joined form.
pub fn alias_keys(alias: &str) -> Vec<String> {
    let base = norm_key(&fold_str(alias));
    let mut keys = vec![base.clone()];
    if base.contains('\'') {
        keys.push(norm_key(&base.replace('\'', "")));
    }
    let letters = alias.chars().filter(|c| c.is_alphanumeric()).count();
    let acronym_like = alias
        .chars()
        .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '-' || c == ' ')
        && letters <= 8;
    if acronym_like && base.contains(' ') {
        keys.push(base.replace(' ', ""));
    }
    keys.retain(|k| !k.is_empty());
    keys.dedup();
    keys
}

struct Builder {
    entries: Vec<Entry>,
    by_id: HashMap<String, usize>,
    forces_of: FxHashMap<String, usize>,
    police_of: FxHashMap<String, usize>,
    per_country: FxHashMap<usize, String>,
    generic_recs: Vec<(usize, GenericRec)>,
    rules: Vec<(String, RuleRec)>,
    extras: Vec<(String, ExtraRec)>,
    settings: SettingsRec,
    country_words: HashSet<String>,
    state_prefixes: FxHashMap<String, String>,
}

impl Builder {
    fn push(&mut self, e: Entry) -> Result<usize, ActorError> {
        if e.id.trim().is_empty() {
            return Err(ActorError::Invalid {
                file: e.file.clone(),
                msg: format!("an actor has an empty id (name {:?})", e.name),
            });
        }
        if let Some(&prev) = self.by_id.get(&e.id) {
            let other = self.entries.get(prev).map(|p| p.file.clone());
            return Err(ActorError::Invalid {
                file: e.file.clone(),
                msg: format!("duplicate actor id {:?} (also in {:?})", e.id, other),
            });
        }
        let i = self.entries.len();
        self.by_id.insert(e.id.clone(), i);
        self.entries.push(e);
        Ok(i)
    }

    fn add_file(&mut self, file: &str, rec: FileRec) -> Result<(), ActorError> {
        // Settings were merged in a first pass (see `from_files`).
        for st in &rec.state {
            self.add_state(file, st)?;
        }
        let imported = file.starts_with("imported/");
        for a in rec.actor {
            let kind = parse_type(&a.kind, file, &a.id)?;
            let mut relations = Vec::new();
            for r in &a.relations {
                let kind = RelationKind::parse(&r.kind).ok_or_else(|| ActorError::Invalid {
                    file: file.to_string(),
                    msg: format!("actor {}: unknown relation kind {:?}", a.id, r.kind),
                })?;
                relations.push(Relation {
                    kind,
                    target: r.target.clone(),
                    from: parse_date(&r.from, file, &a.id)?,
                    to: parse_date(&r.to, file, &a.id)?,
                });
            }
            let mut aliases = Vec::new();
            if a.link_name.unwrap_or(true) {
                aliases.push(Alias {
                    text: a.name.clone(),
                    lang: None,
                    countries: Vec::new(),
                    generated: false,
                    imported,
                });
            }
            aliases.extend(a.aliases.iter().map(|x| alias_of(x, false, imported)));
            self.push(Entry {
                id: a.id.clone(),
                name: a.name.clone(),
                kind,
                country: a.country.map(|c| c.to_ascii_uppercase()),
                parent: a.parent.clone(),
                aliases,
                relations,
                ucdp_id: a.ucdp_id,
                source: a.source.clone(),
                generic: false,
                file: file.to_string(),
            })?;
        }
        for g in rec.generic {
            let kind = parse_type(&g.kind, file, &g.id)?;
            let i = self.push(Entry {
                id: g.id.clone(),
                name: g.name.clone(),
                kind,
                country: None,
                parent: None,
                aliases: Vec::new(),
                relations: Vec::new(),
                ucdp_id: None,
                source: g.source.clone(),
                generic: true,
                file: file.to_string(),
            })?;
            if let Some(pc) = &g.per_country {
                if pc != "forces" && pc != "police" {
                    return Err(ActorError::Invalid {
                        file: file.to_string(),
                        msg: format!("generic {}: per_country must be forces or police", g.id),
                    });
                }
                self.per_country.insert(i, pc.clone());
            }
            self.generic_recs.push((i, g));
        }
        for r in rec.context_rule {
            self.rules.push((file.to_string(), r));
        }
        for x in rec.extra {
            self.extras.push((file.to_string(), x));
        }
        Ok(())
    }

    /// Apply `[[extra]]` records once every file is loaded (their target may be
    /// defined in any file).
    fn apply_extras(&mut self) -> Result<(), ActorError> {
        for (file, x) in std::mem::take(&mut self.extras) {
            let Some(&i) = self.by_id.get(&x.id) else {
                return Err(ActorError::Invalid {
                    file,
                    msg: format!("extra: unknown actor id {:?}", x.id),
                });
            };
            let imported = file.starts_with("imported/");
            if let Some(e) = self.entries.get_mut(i) {
                e.aliases
                    .extend(x.aliases.iter().map(|a| alias_of(a, false, imported)));
                if e.ucdp_id.is_none() {
                    e.ucdp_id = x.ucdp_id;
                }
                if let Some(src) = &x.source {
                    e.source = Some(match &e.source {
                        Some(s) => format!("{s}; {src}"),
                        None => src.clone(),
                    });
                }
            }
        }
        Ok(())
    }

    fn add_state(&mut self, file: &str, st: &StateRec) -> Result<(), ActorError> {
        let cc = st.country.to_ascii_uppercase();
        let mut prefixes: Vec<String> = vec![st.name.clone()];
        prefixes.extend(st.names.iter().cloned());
        prefixes.extend(st.demonyms.iter().cloned());
        for p in &prefixes {
            for w in fold_str(p).split(|c: char| !c.is_alphanumeric()) {
                if !w.is_empty() {
                    self.country_words.insert(w.to_string());
                }
            }
        }
        // A demonym, or a name written as an abbreviation ("US", "U.K."), is used
        // as an adjective: it can be coordinated with another before one noun.
        let abbreviation = |n: &str| {
            let letters = n.chars().filter(|c| c.is_alphabetic()).count();
            letters <= 4 && !n.chars().any(char::is_lowercase)
        };
        for p in st
            .demonyms
            .iter()
            .chain(st.names.iter().filter(|n| abbreviation(n)))
        {
            // A demonym of two states ("Congolese") names neither here: empty.
            let e = self.state_prefixes.entry(fold_str(p)).or_insert(cc.clone());
            if *e != cc {
                e.clear();
            }
        }
        let mut owned = Vec::new();
        for p in &prefixes {
            owned.push(format!("{p}'s"));
        }
        prefixes.extend(owned.into_iter().filter(|p| !p.ends_with("'s's")));
        let gen = |nouns: &[String]| -> Vec<Alias> {
            let mut v = Vec::new();
            for p in &prefixes {
                for n in nouns {
                    v.push(Alias {
                        text: format!("{p} {n}"),
                        lang: None,
                        countries: Vec::new(),
                        generated: true,
                        imported: false,
                    });
                }
            }
            v
        };
        let force_nouns = self.settings.state_force_nouns.clone();
        let police_nouns = self.settings.police_nouns.clone();
        let forces_name = st
            .forces_name
            .clone()
            .unwrap_or_else(|| format!("Military Forces of {}", st.name));
        let mut fa = vec![Alias {
            text: forces_name.clone(),
            lang: None,
            countries: Vec::new(),
            generated: false,
            imported: false,
        }];
        fa.extend(st.forces_aliases.iter().map(|a| alias_of(a, false, false)));
        fa.extend(gen(&force_nouns));
        let fid = st
            .forces_id
            .clone()
            .unwrap_or_else(|| format!("state-forces-{cc}"));
        let fi = self.push(Entry {
            id: fid,
            name: forces_name,
            kind: ActorType::StateForces,
            country: Some(cc.clone()),
            parent: None,
            aliases: fa,
            relations: Vec::new(),
            ucdp_id: st.ucdp_id,
            source: st.source.clone(),
            generic: false,
            file: file.to_string(),
        })?;
        self.forces_of.insert(cc.clone(), fi);
        let police_name = st
            .police_name
            .clone()
            .unwrap_or_else(|| format!("Police Forces of {}", st.name));
        let mut pa = vec![Alias {
            text: police_name.clone(),
            lang: None,
            countries: Vec::new(),
            generated: false,
            imported: false,
        }];
        pa.extend(st.police_aliases.iter().map(|a| alias_of(a, false, false)));
        pa.extend(gen(&police_nouns));
        let pid = st
            .police_id
            .clone()
            .unwrap_or_else(|| format!("police-{cc}"));
        let pi = self.push(Entry {
            id: pid,
            name: police_name,
            kind: ActorType::Police,
            country: Some(cc.clone()),
            parent: None,
            aliases: pa,
            relations: Vec::new(),
            ucdp_id: None,
            source: st.source.clone(),
            generic: false,
            file: file.to_string(),
        })?;
        self.police_of.insert(cc, pi);
        Ok(())
    }

    /// The base: references checked, context rules resolved, every alias, generic
    /// pattern and coreference phrase in one automaton, settings folded.
    fn finish(self) -> Result<ActorBase, ActorError> {
        let Builder {
            entries,
            by_id,
            forces_of,
            police_of,
            per_country,
            generic_recs,
            rules: rule_recs,
            extras: _,
            settings: s,
            country_words,
            state_prefixes,
        } = self;
        let governed_by = check_references(&entries, &by_id)?;
        let mut rules = context_rules(&rule_recs, &by_id)?;
        let (keys, mut key_ix, targets) = collect_patterns(&entries, &generic_recs, &s);
        // Context-rule terms are patterns too (after the keys, with no targets):
        // which of them a document holds is then known from the one walk.
        let mut patterns = keys.clone();
        for r in rules.iter_mut() {
            r.term_patterns = r
                .terms_any
                .iter()
                .map(|t| {
                    if has_border(t) {
                        return None;
                    }
                    Some(match key_ix.get(t) {
                        Some(&i) => i,
                        None => {
                            key_ix.insert(t.clone(), patterns.len());
                            patterns.push(t.clone());
                            patterns.len() - 1
                        }
                    })
                })
                .collect();
        }
        let ac = AliasAutomaton::build(&patterns);
        let mut settings = fold_settings(&s)?;
        settings.numbered_unit = numbered_unit(&s, &settings, &by_id)?;
        let shared = entries.iter().map(SharedActor::of).collect();
        Ok(ActorBase {
            entries,
            shared,
            by_id,
            ac,
            targets,
            forces_of,
            police_of,
            per_country,
            governed_by,
            rules,
            settings,
            keys,
            country_words,
            state_prefixes,
        })
    }
}

/// (file name, text) of every `*.toml` of a knowledge source: the top
/// folder's, then (unless `curated_only`) those of `imported/`.
fn read_toml_files(data: &Data, curated_only: bool) -> Result<Vec<(String, String)>, ActorError> {
    let mut names = data.list("", ".toml")?;
    if !curated_only {
        names.extend(data.list(IMPORTED_DIR, ".toml")?);
    }
    let mut loaded = Vec::with_capacity(names.len());
    for name in names {
        let text = data.text(&name)?.into_owned();
        loaded.push((name, text));
    }
    Ok(loaded)
}

fn merge_settings(into: &mut SettingsRec, s: SettingsRec) {
    into.state_force_nouns.extend(s.state_force_nouns);
    into.police_nouns.extend(s.police_nouns);
    into.coreference_phrases.extend(s.coreference_phrases);
    into.coreference_blockers.extend(s.coreference_blockers);
    into.reject_prefixes.extend(s.reject_prefixes);
    into.reject_words.extend(s.reject_words);
    into.group_nouns.extend(s.group_nouns);
    into.name_connectors.extend(s.name_connectors);
    into.name_determiners.extend(s.name_determiners);
    into.provisional_stop.extend(s.provisional_stop);
    into.provisional_common_words
        .extend(s.provisional_common_words);
    into.acronym_stop.extend(s.acronym_stop);
    into.unit_nouns.extend(s.unit_nouns);
    into.ordinal_words.extend(s.ordinal_words);
    if s.numbered_unit_actor.is_some() {
        into.numbered_unit_actor = s.numbered_unit_actor;
    }
    let types: BTreeMap<String, String> = s.provisional_types;
    into.provisional_types.extend(types);
    if s.coreference_max_paragraphs.is_some() {
        into.coreference_max_paragraphs = s.coreference_max_paragraphs;
    }
    if s.bare_coreference_max_paragraphs.is_some() {
        into.bare_coreference_max_paragraphs = s.bare_coreference_max_paragraphs;
    }
}

impl ActorBase {
    /// The embedded files of `data/actors/` (curated and imported) through the
    /// loader: what `build.rs` prepares, as an image, for [`ActorBase::embedded`],
    /// which reads that image instead. (Called by `build.rs` and the tests.)
    #[allow(dead_code)]
    pub(crate) fn embedded_from_files() -> Result<ActorBase, ActorError> {
        ActorBase::load(&Data::embedded(EMBEDDED))
    }

    /// Load every `*.toml` of a knowledge source laid out like `data/actors/`
    /// (its top folder and `imported/`): embedded or a directory, the same
    /// reader.
    pub fn load(data: &Data) -> Result<ActorBase, ActorError> {
        ActorBase::from_files(read_toml_files(data, false)?)
    }

    /// The curated files only (no `imported/`): what the import command merges onto.
    pub fn curated_embedded() -> Result<ActorBase, ActorError> {
        ActorBase::from_files(read_toml_files(&Data::embedded(EMBEDDED), true)?)
    }

    /// Load every `*.toml` of `dir` and of its `imported/` sub-folder (when present).
    /// The order of files does not matter (see [`ActorBase::from_files`]).
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<ActorBase, ActorError> {
        ActorBase::load(&Data::dir(dir))
    }

    /// Load the curated `*.toml` of `dir` only (not `imported/`).
    pub fn load_curated_dir(dir: impl AsRef<Path>) -> Result<ActorBase, ActorError> {
        ActorBase::from_files(read_toml_files(&Data::dir(dir), true)?)
    }

    /// Build from (file name, TOML text) pairs. Settings are read from every file
    /// before any state is expanded, so the order of files does not matter.
    pub fn from_files(
        files: impl IntoIterator<Item = (String, String)>,
    ) -> Result<ActorBase, ActorError> {
        let files: Vec<(String, String)> = files.into_iter().collect();
        let mut b = Builder {
            entries: Vec::new(),
            by_id: HashMap::new(),
            forces_of: FxHashMap::default(),
            police_of: FxHashMap::default(),
            per_country: FxHashMap::default(),
            generic_recs: Vec::new(),
            rules: Vec::new(),
            extras: Vec::new(),
            settings: SettingsRec::default(),
            country_words: HashSet::new(),
            state_prefixes: FxHashMap::default(),
        };
        // Parse every file once; settings first (state expansion needs the force nouns).
        let mut recs = Vec::with_capacity(files.len());
        for (name, text) in &files {
            let mut rec: FileRec = toml::from_str(text).map_err(|source| ActorError::Toml {
                file: name.clone(),
                source,
            })?;
            if let Some(s) = rec.settings.take() {
                merge_settings(&mut b.settings, s);
            }
            recs.push((name, rec));
        }
        for (name, rec) in recs {
            b.add_file(name, rec)?;
        }
        b.apply_extras()?;
        b.finish()
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).and_then(|&i| self.entries.get(i))
    }

    /// Entry `i` as a shared [`Actor`] on `date`, as [`Entry::actor_at`] makes
    /// it, without copying its strings.
    pub(crate) fn shared_actor_at(&self, i: usize, date: Option<NaiveDate>) -> Option<Arc<Actor>> {
        let s = self.shared.get(i)?;
        if let Some(g) = &s.governing {
            if self
                .entries
                .get(i)
                .is_some_and(|e| e.governs_at(date).next().is_some())
            {
                return Some(Arc::clone(g));
            }
        }
        Some(Arc::clone(&s.plain))
    }

    /// Every entry, in load order.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter()
    }

    /// Number of entries (named, state and generic).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// What the offline actor import (`sitrep-tools`) reads of a curated base.
    pub fn curated_view(&self) -> CuratedView {
        let mut key_owners = std::collections::HashMap::new();
        for (k, ts) in self.keys.iter().zip(self.targets.iter()) {
            let owner = match ts.first().map(|t| &t.kind) {
                Some(TargetKind::Entry(i)) => self
                    .entries
                    .get(*i)
                    .filter(|e| !e.generic)
                    .map(|e| e.id.clone())
                    .unwrap_or_default(),
                _ => String::new(),
            };
            key_owners.insert(k.clone(), owner);
        }
        let mut ucdp_owners = std::collections::HashMap::new();
        for e in &self.entries {
            if let Some(u) = e.ucdp_id {
                ucdp_owners.entry(u).or_insert_with(|| e.id.clone());
            }
        }
        let st = &self.settings;
        let mut common_words = Vec::new();
        for set in [
            &st.group_nouns,
            &st.provisional_common_words,
            &st.name_connectors,
            &st.name_determiners,
        ] {
            common_words.extend(sorted_words(set));
        }
        common_words.extend(sorted_any(&self.country_words));
        CuratedView {
            key_owners,
            ucdp_owners,
            common_words,
            group_nouns: sorted_words(&st.group_nouns),
        }
    }

    /// Number of automaton patterns (alias keys, generic patterns, phrases).
    pub fn pattern_count(&self) -> usize {
        self.targets.len()
    }

    /// The state-forces entry of a country (ISO2), e.g. `state-forces-AF`.
    pub fn forces_of(&self, country: &str) -> Option<&Entry> {
        self.forces_of
            .get(&country.to_ascii_uppercase())
            .and_then(|&i| self.entries.get(i))
    }

    /// The police entry of a country (ISO2), e.g. `police-AF`.
    pub fn police_of(&self, country: &str) -> Option<&Entry> {
        self.police_of
            .get(&country.to_ascii_uppercase())
            .and_then(|&i| self.entries.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// With its pre-tests, the walk finds every pattern occurring at a position.
    #[test]
    fn matches_at_finds_every_occurrence() {
        let keys: Vec<String> = [
            "a", "ab", "abc", "abcd", "abcde", "is", "isis", "b c", "bcd",
        ]
        .iter()
        .map(|k| k.to_string())
        .collect();
        let ac = AliasAutomaton::build(&keys);
        let alphabet = [b'a', b'b', b'c', b'd', b'e', b'i', b's', b' '];
        // Every haystack of up to six of these bytes, at every position.
        let mut level: Vec<Vec<u8>> = vec![Vec::new()];
        let mut hays = level.clone();
        for _ in 0..6 {
            level = level
                .iter()
                .flat_map(|h| {
                    alphabet.iter().map(move |&x| {
                        let mut n = h.clone();
                        n.push(x);
                        n
                    })
                })
                .collect();
            hays.extend(level.iter().cloned());
        }
        for h in &hays {
            for s in 0..=h.len() {
                let mut got = Vec::new();
                ac.matches_at(h, s, |e, pid| got.push((e, pid)));
                got.sort();
                let mut want: Vec<(usize, usize)> = keys
                    .iter()
                    .enumerate()
                    .filter(|(_, k)| h.get(s..).is_some_and(|t| t.starts_with(k.as_bytes())))
                    .map(|(i, k)| (s + k.len(), i))
                    .collect();
                want.sort();
                assert_eq!(got, want, "{:?} at {s}", String::from_utf8_lossy(h));
            }
        }
    }
}
