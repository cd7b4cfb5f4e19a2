/*!
sitrep's offline builders: the commands that regenerate shipped knowledge files
from public sources in `../shared`, kept out of the runtime crates (which only
read `data/`).

* [`gazetteer`] — GeoNames dump files + curated extras → `data/gazetteer/places.tsv`
  and `names.tsv` (bin `build-gazetteer`:
  `cargo run --release -p sitrep-tools --bin build-gazetteer -- ../shared/gazetteer-src data/gazetteer`).

Nothing here runs at extraction time; every output is byte-identical on rerun
(tested in `tests/`).
*/

pub mod gazetteer;

pub use gazetteer::BuildReport;
