/*!
sitrep's offline builders: the commands that regenerate shipped knowledge files
from public sources in `../shared`, kept out of the runtime crates (which only
read `data/`).

* [`actor_import`] — the public actor lists of `../shared/actor-src` (UCDP, OFAC,
  Phoenix) merged onto the curated actor files → `data/actors/imported/` (bin
  `build-actors`:
  `cargo run --release -p sitrep-tools --bin build-actors -- ../shared/actor-src data/actors`).
* [`gazetteer`] — GeoNames dump files + curated extras → `data/gazetteer/places.tsv`
  and `names.tsv` (bin `build-gazetteer`:
  `cargo run --release -p sitrep-tools --bin build-gazetteer -- ../shared/gazetteer-src data/gazetteer`).

Nothing here runs at extraction time; every output is byte-identical on rerun
(tested in `tests/`).
*/

pub mod actor_import;
pub mod gazetteer;

pub use gazetteer::BuildReport;
