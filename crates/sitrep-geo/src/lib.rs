/*!
sitrep's gazetteer: where the places named in news reports are.

* [`Gazetteer`] — loads those files (embedded in the binary, or from a directory
  at run time) and looks names up;
* [`eval`] — scoring against public geoparsing gold corpora (LGL, GWN,
  GeoVirus);
* [`Gazetteer::find_places`] — finds and resolves toponyms in text, guided by
  the cue words and demonyms of `data/lexicons/`.

The reproducible builder of `data/gazetteer/places.tsv` + `names.tsv` from
GeoNames dump files is an offline tool: `sitrep_tools::gazetteer` (bin
`build-gazetteer` of the `sitrep-tools` crate), not part of this runtime crate.

Contains data from GeoNames (geonames.org), CC BY 4.0.
*/

mod error;
pub mod eval;
mod find;
mod gazetteer;
pub mod key;
pub mod lexicon;
mod prep;

pub use error::GeoError;
pub use find::GeoContext;
pub use gazetteer::{Gazetteer, KeyIds};
pub use lexicon::{CueEffect, Lexicon};
/// The one haversine (sitrep-core), re-exported for callers that reach it here.
pub use sitrep_core::haversine_km;
