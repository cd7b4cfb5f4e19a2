/*!
The event record: the contract's `sitrep.event/1`.

Field names and meanings are fixed by `../shared/contract/EVENTS.md`; adding a
field is allowed, renaming one is a schema change and must bump [`SCHEMA`].
*/

use crate::{ActorRef, Casualties, CasualtyClaim, DateRange, GeoPrecision, Role, Span};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const SCHEMA: &str = "sitrep.event/1";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    Battles,
    ExplosionsRemoteViolence,
    ViolenceAgainstCivilians,
    Protests,
    Riots,
    StrategicDevelopments,
    /// Threats, claims made without a new act, denials, warnings.
    Statement,
}

impl EventType {
    pub const ALL: [EventType; 7] = [
        EventType::Battles,
        EventType::ExplosionsRemoteViolence,
        EventType::ViolenceAgainstCivilians,
        EventType::Protests,
        EventType::Riots,
        EventType::StrategicDevelopments,
        EventType::Statement,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Battles => "battles",
            EventType::ExplosionsRemoteViolence => "explosions_remote_violence",
            EventType::ViolenceAgainstCivilians => "violence_against_civilians",
            EventType::Protests => "protests",
            EventType::Riots => "riots",
            EventType::StrategicDevelopments => "strategic_developments",
            EventType::Statement => "statement",
        }
    }
    pub fn parse(s: &str) -> Option<EventType> {
        EventType::ALL.into_iter().find(|t| t.as_str() == s)
    }
    /// The types the scorer counts for precision.
    pub fn is_violent(self) -> bool {
        matches!(
            self,
            EventType::Battles
                | EventType::ExplosionsRemoteViolence
                | EventType::ViolenceAgainstCivilians
                | EventType::Riots
        )
    }
    /// ACLED's display name ("Explosions/Remote violence").
    pub fn acled_name(self) -> &'static str {
        match self {
            EventType::Battles => "Battles",
            EventType::ExplosionsRemoteViolence => "Explosions/Remote violence",
            EventType::ViolenceAgainstCivilians => "Violence against civilians",
            EventType::Protests => "Protests",
            EventType::Riots => "Riots",
            EventType::StrategicDevelopments => "Strategic developments",
            EventType::Statement => "Statement",
        }
    }
}

/// PLOVER event type and mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plover {
    pub event: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub mode: Option<String>,
}

/// The contract's `location` object.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Location {
    pub name: Option<String>,
    pub admin2: Option<String>,
    pub admin1: Option<String>,
    pub admin1_code: Option<String>,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub geonames_id: Option<u64>,
    pub precision: GeoPrecision,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub span: Option<Span>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AttributionStatus {
    Claimed,
    Alleged,
    Suspected,
    Confirmed,
    #[default]
    Unattributed,
}

/// The contract's `attribution` object.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Attribution {
    pub status: AttributionStatus,
    pub claimed_by: Vec<String>,
    pub alleged_by: Vec<String>,
    /// How the claim was made: `statement`, `video`, `telegram`, `social`,
    /// `agency` (the group's news agency or media outlet), `website`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimed_via: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    #[default]
    Asserted,
    Generic,
    Future,
    Threatened,
    Hypothetical,
    Negated,
}

/// One report supporting an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub doc: String,
    pub url: Option<String>,
    #[serde(serialize_with = "crate::date::serialize_day")]
    pub published: Option<NaiveDate>,
    pub sentences: Vec<Span>,
}

/// The event record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub schema: String,
    pub id: String,
    pub event_type: EventType,
    pub sub_event_type: Option<String>,
    pub plover: Option<Plover>,
    /// CAMEO root code ("18" assault, "19" fight, …), from the same taxonomy table.
    #[serde(default)]
    pub cameo: Option<String>,
    pub date: DateRange,
    pub location: Location,
    pub actors: Vec<ActorRef>,
    pub fatalities: Casualties,
    pub injuries: Casualties,
    pub casualty_claims: Vec<CasualtyClaim>,
    pub attribution: Attribution,
    pub modality: Modality,
    pub sources: Vec<Source>,
    pub confidence: f32,
}

impl Event {
    /// Actors in one role.
    pub fn actors_in(&self, role: Role) -> impl Iterator<Item = &ActorRef> {
        self.actors.iter().filter(move |a| a.role == role)
    }
}
