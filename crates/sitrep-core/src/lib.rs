/*!
The types every sitrep stage shares, and nothing else.

The pipeline runs one way: document → text → mentions (places, actors, dates,
numbers) → events → merged events → store → API. Each stage lives in its own
crate; this one holds the vocabulary they pass between them:

* [`Document`] — one report as sitrep stores it (cleaned text plus metadata);
* [`Span`] — a `[start, end)` byte range into that text, the evidence of every field;
* mentions — [`PlaceMention`], [`ActorMention`], [`DateMention`], [`Quantity`];
* [`Event`] — the output record of `../shared/contract/EVENTS.md` (`sitrep.event/1`).

Architecture invariant: this crate does no I/O and knows no stage. It serialises
exactly to the contract's JSON field names; changing a name here is a schema change.
*/

mod actor;
mod casualties;
mod date;
mod document;
mod event;
mod id;
pub mod json;
mod place;
mod span;

pub use actor::{Actor, ActorMention, ActorRef, ActorType, LinkKind, Role};
pub use casualties::{Casualties, CasualtyClaim, CasualtyKind, Qualifier, Quantity};
pub use date::{DateBasis, DateMention, DatePrecision, DateRange};
pub use document::{Dateline, Document};
pub use event::{
    Attribution, AttributionStatus, Event, EventType, Location, Modality, Plover, Source, SCHEMA,
};
pub use id::stable_id;
pub use place::{haversine_km, GeoPrecision, Place, PlaceKind, PlaceMention};
pub use span::Span;
