/*!
sitrep's gazetteer: where the places named in news reports are.

* [`build`] — the reproducible builder turning GeoNames dump files and curated
  extras into `data/gazetteer/places.tsv` + `names.tsv`;
* [`Gazetteer`] — loads those files (embedded in the binary, or from a directory
  at run time) and looks names up;
* [`eval`] — scoring against public geoparsing gold corpora (LGL, GWN,
  GeoVirus);
* [`Gazetteer::find_places`] — finds and resolves toponyms in text, guided by
  the cue words and demonyms of `data/lexicons/`.

Contains data from GeoNames (geonames.org), CC BY 4.0.
*/

pub mod build;
mod error;
pub mod eval;
mod find;
mod gazetteer;
pub mod key;
pub mod lexicon;

pub use build::BuildReport;
pub use error::GeoError;
pub use find::GeoContext;
pub use gazetteer::{haversine_km, Gazetteer, KeyIds};
pub use lexicon::{CueEffect, Lexicon};
