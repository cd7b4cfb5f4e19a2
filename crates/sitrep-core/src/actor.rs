/*!
Actors: who did what to whom.

[`Actor`] is an entry of the knowledge base (canonical id, name, type, country);
[`ActorMention`] is one place in a text where an actor is named or referred to;
[`ActorRef`] is an actor in an event's `actors` array, with its role.
*/

use crate::Span;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Actor types, mapped to ACLED's `inter` codes by [`ActorType::acled_inter`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ActorType {
    StateForces,
    Police,
    RebelGroup,
    PoliticalMilitia,
    IdentityMilitia,
    Civilians,
    Protesters,
    Rioters,
    External,
    #[default]
    Unknown,
}

impl ActorType {
    /// ACLED `inter` code (1 state forces … 8 external/other; 0 unknown).
    pub fn acled_inter(self) -> u8 {
        match self {
            ActorType::StateForces | ActorType::Police => 1,
            ActorType::RebelGroup => 2,
            ActorType::PoliticalMilitia => 3,
            ActorType::IdentityMilitia => 4,
            ActorType::Rioters => 5,
            ActorType::Protesters => 6,
            ActorType::Civilians => 7,
            ActorType::External => 8,
            ActorType::Unknown => 0,
        }
    }
    /// True for types that carry out organised armed violence.
    pub fn is_armed(self) -> bool {
        matches!(
            self,
            ActorType::StateForces
                | ActorType::Police
                | ActorType::RebelGroup
                | ActorType::PoliticalMilitia
                | ActorType::IdentityMilitia
        )
    }
    /// True for armed groups outside the state: rebels and militias.
    pub fn is_armed_non_state(self) -> bool {
        matches!(
            self,
            ActorType::RebelGroup | ActorType::PoliticalMilitia | ActorType::IdentityMilitia
        )
    }
    pub fn as_str(self) -> &'static str {
        match self {
            ActorType::StateForces => "state_forces",
            ActorType::Police => "police",
            ActorType::RebelGroup => "rebel_group",
            ActorType::PoliticalMilitia => "political_militia",
            ActorType::IdentityMilitia => "identity_militia",
            ActorType::Civilians => "civilians",
            ActorType::Protesters => "protesters",
            ActorType::Rioters => "rioters",
            ActorType::External => "external",
            ActorType::Unknown => "unknown",
        }
    }
}

/// An actor of the knowledge base (or a provisional one found in text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// Canonical id, e.g. `is-k`.
    pub id: String,
    /// Canonical display name, e.g. `Islamic State Khorasan Province`.
    pub name: String,
    #[serde(rename = "type")]
    pub kind: ActorType,
    /// ISO 3166-1 alpha-2, where the actor belongs to one country.
    pub country: Option<String>,
    /// Found in text, not in the base: counted, but flagged for review.
    #[serde(default)]
    pub provisional: bool,
}

/// How a mention was linked to its actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// An alias of the knowledge base matched.
    Alias,
    /// An acronym defined in this document ("… Front (NRF)").
    Acronym,
    /// "the group", "the militants": resolved to an earlier mention.
    Coreference,
    /// A generic actor ("gunmen", "civilians", "security forces").
    Generic,
    /// An unknown organisation-like name.
    Provisional,
}

/// One reference to an actor in a text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorMention {
    pub span: Span,
    /// Shared with the knowledge base (and every other mention of the actor):
    /// cloning a mention copies no strings. Serialised as the plain [`Actor`].
    pub actor: Arc<Actor>,
    pub link: LinkKind,
}

/// An actor's role in one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Perpetrator,
    Target,
    Victim,
    Claimant,
    Accuser,
    Participant,
    Reporter,
}

/// An actor in an event record (`actors[]` of the contract).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorRef {
    pub role: Role,
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: ActorType,
    pub text: String,
    pub span: Span,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A mention shares its actor (`Arc`) yet serialises with the actor inline,
    /// exactly as when it owned it, and reads back.
    #[test]
    fn shared_actor_serialises_inline() {
        let actor = Actor {
            id: "group-a".into(),
            name: "Group A".into(),
            kind: ActorType::RebelGroup,
            country: Some("XX".into()),
            provisional: false,
        };
        let m = ActorMention {
            span: Span::new(3, 10),
            actor: Arc::new(actor.clone()),
            link: LinkKind::Alias,
        };
        let json = serde_json::to_value(&m).unwrap_or_default();
        let inline = serde_json::to_value(&actor).unwrap_or_default();
        assert_eq!(json.get("actor"), Some(&inline));
        let back: Option<ActorMention> = serde_json::from_value(json).ok();
        assert_eq!(back, Some(m));
    }
}
