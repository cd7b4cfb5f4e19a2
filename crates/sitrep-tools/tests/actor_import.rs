/*!
The actor import is reproducible: rerunning it on `../shared/actor-src` gives
byte-identical `data/actors/imported/` files (skipped with a message when the sources
are absent).
*/

use sitrep_actors::ActorBase;
use sitrep_tools::actor_import::{import_sources, ImportRules};
use std::path::Path;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

#[test]
fn import_is_byte_identical() {
    let src = Path::new(ROOT).join("../shared/actor-src");
    if !src.join("ucdp").is_dir() {
        eprintln!("skipped: {} is absent", src.display());
        return;
    }
    let data = Path::new(ROOT).join("data/actors");
    let curated = ActorBase::load_curated_dir(&data).expect("curated base loads");
    let rules = ImportRules::load_dir(data.join("import-config")).expect("rules load");
    let out = import_sources(&src, &curated, &rules).expect("import runs");
    assert!(out.actors > 1000, "only {} actors imported", out.actors);
    for (name, text) in &out.files {
        let shipped = std::fs::read_to_string(data.join("imported").join(name))
            .expect("shipped imported file");
        assert!(
            shipped == *text,
            "data/actors/imported/{name} differs from a fresh import: rerun `cargo run --release -p sitrep-tools --bin build-actors -- ../shared/actor-src data/actors`"
        );
    }
}
