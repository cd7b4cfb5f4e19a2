/*!
The TOML schema of the files in `data/actors/`, as serde structs.

Every file may hold any of these tables; the loader merges them across files:

* `[[actor]]` — one named actor (id, name, aliases, type, country, parent, relations,
  ucdp_id, source);
* `[[state]]` — one country: its names and demonyms, from which the loader makes the
  state-forces and police entries ("Afghan army", "Nigerian police", …);
* `[[generic]]` — a generic actor ("gunmen" → unidentified armed group), possibly
  resolved per country ("security forces" → the document country's forces);
* `[[context_rule]]` — relink an alias in context ("IS" in a Khorasan document → IS-K);
* `[[extra]]` — aliases added to an entry defined in another file (written by the
  import command, so that curated files stay hand-edited);
* `[settings]` — word lists for coreference, provisional names and acronyms.

These structs are private: the public, validated view is [`crate::Entry`].
*/

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileRec {
    #[serde(default)]
    pub actor: Vec<ActorRec>,
    #[serde(default)]
    pub state: Vec<StateRec>,
    #[serde(default)]
    pub generic: Vec<GenericRec>,
    #[serde(default)]
    pub context_rule: Vec<RuleRec>,
    #[serde(default)]
    pub settings: Option<SettingsRec>,
    /// Aliases (and a UCDP id) added to an entry defined elsewhere; written by the
    /// import command (`data/actors/imported/extra-aliases.toml`).
    #[serde(default)]
    pub extra: Vec<ExtraRec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExtraRec {
    /// The id of an existing entry (curated or state forces).
    pub id: String,
    #[serde(default)]
    pub aliases: Vec<AliasRec>,
    /// Filled in only when the entry has none.
    #[serde(default)]
    pub ucdp_id: Option<u32>,
    #[serde(default)]
    pub source: Option<String>,
}

/// An alias: a plain string, or a table with a language tag and/or a country
/// restriction (`{ text = "AA", countries = ["MM"] }`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum AliasRec {
    Plain(String),
    Full {
        text: String,
        #[serde(default)]
        lang: Option<String>,
        #[serde(default)]
        countries: Vec<String>,
    },
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RelationRec {
    pub kind: String,
    pub target: String,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ActorRec {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub aliases: Vec<AliasRec>,
    #[serde(default)]
    pub relations: Vec<RelationRec>,
    #[serde(default)]
    pub ucdp_id: Option<u32>,
    #[serde(default)]
    pub source: Option<String>,
    /// `false`: the name is not an alias (imported ethnic groups such as "Fulani",
    /// whose bare name names civilians far more often than a militia). Default true.
    #[serde(default)]
    pub link_name: Option<bool>,
    /// Analyst's comment; read by people, not by the linker.
    #[serde(default)]
    #[allow(dead_code)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StateRec {
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// English short name ("Afghanistan").
    pub name: String,
    /// Other names usable before a force noun ("Congo" for "Congo army").
    #[serde(default)]
    pub names: Vec<String>,
    /// "Afghan", "Afghanistan's".
    #[serde(default)]
    pub demonyms: Vec<String>,
    /// Id of the military entry (default `state-forces-XX`).
    #[serde(default)]
    pub forces_id: Option<String>,
    #[serde(default)]
    pub forces_name: Option<String>,
    #[serde(default)]
    pub forces_aliases: Vec<AliasRec>,
    #[serde(default)]
    pub police_id: Option<String>,
    #[serde(default)]
    pub police_name: Option<String>,
    #[serde(default)]
    pub police_aliases: Vec<AliasRec>,
    #[serde(default)]
    pub ucdp_id: Option<u32>,
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GenericRec {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// Matched as a generic mention.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// Tried as coreference to the last salient armed group first; generic otherwise.
    #[serde(default)]
    pub coreferent_patterns: Vec<String>,
    /// `"forces"` or `"police"`: resolve to the document country's entry.
    #[serde(default)]
    pub per_country: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleRec {
    /// The id an alias matched.
    pub when: String,
    /// The id it becomes when any condition holds.
    pub then: String,
    /// Another actor id mentioned anywhere in the document.
    #[serde(default)]
    pub mentions_any: Vec<String>,
    /// A word or phrase anywhere in the document (folded, case-insensitive);
    /// read only when the document's country is unknown or the rule names no
    /// countries (in a report placed in another country the term is a place
    /// recalled, not the branch's ground).
    #[serde(default)]
    pub terms_any: Vec<String>,
    /// The document's country (LinkContext::country).
    #[serde(default)]
    pub countries: Vec<String>,
    /// Analyst's comment; read by people, not by the linker.
    #[serde(default)]
    #[allow(dead_code)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SettingsRec {
    /// Nouns that, after a demonym or country name, make a state-forces alias.
    #[serde(default)]
    pub state_force_nouns: Vec<String>,
    /// Nouns that, after a demonym or country name, make a police alias.
    #[serde(default)]
    pub police_nouns: Vec<String>,
    /// "the group", "the rebels": resolved to the last salient armed group.
    #[serde(default)]
    pub coreference_phrases: Vec<String>,
    /// Paragraph distance for `coreference_phrases` (default 3).
    #[serde(default)]
    pub coreference_max_paragraphs: Option<usize>,
    /// Paragraph distance for bare `coreferent_patterns` without "the" (default 1).
    #[serde(default)]
    pub bare_coreference_max_paragraphs: Option<usize>,
    /// Words after a coreference phrase that cancel it ("the group of").
    #[serde(default)]
    pub coreference_blockers: Vec<String>,
    /// Words right before a match (joined by a hyphen or space) that cancel it ("anti-Taliban").
    #[serde(default)]
    pub reject_prefixes: Vec<String>,
    /// Words that, one or two words before a state force or police match with only
    /// spaces between, say it is no longer that force ("former soldiers", "retired
    /// police officers").
    #[serde(default)]
    pub reject_words: Vec<String>,
    /// Nouns that make a capitalised name an organisation ("Front", "Brigade").
    #[serde(default)]
    pub group_nouns: Vec<String>,
    /// Lower-case words allowed inside a capitalised name ("of", "al").
    #[serde(default)]
    pub name_connectors: Vec<String>,
    /// Leading words dropped from a provisional name ("the").
    #[serde(default)]
    pub name_determiners: Vec<String>,
    /// Capitalised words that do not make a name on their own ("National",
    /// "Security"): a provisional name needs one word outside this list and outside
    /// `group_nouns`, so "Security Forces" or "National Army" stay generic.
    #[serde(default)]
    pub provisional_common_words: Vec<String>,
    /// Words or phrases that make a name an institution, not an actor.
    #[serde(default)]
    pub provisional_stop: Vec<String>,
    /// Word → actor type for provisional names ("police" → "police").
    #[serde(default)]
    pub provisional_types: BTreeMap<String, String>,
    /// Bracketed strings never taken as acronym definitions ("AFP", "GMT").
    #[serde(default)]
    pub acronym_stop: Vec<String>,
    /// The actor a military unit named by its number stands for ("the 47th
    /// Mechanised Brigade": a state's forces, in its per-country form).
    #[serde(default)]
    pub numbered_unit_actor: Option<String>,
    /// Nouns that end a numbered unit's name ("Brigade", "Division"); each must
    /// be a group noun.
    #[serde(default)]
    pub unit_nouns: Vec<String>,
    /// Ordinals in words that number a unit ("Third Infantry Division").
    #[serde(default)]
    pub ordinal_words: Vec<String>,
}
