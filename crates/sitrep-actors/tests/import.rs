/*!
The import is reproducible: rerunning it on `../shared/actor-src` gives byte-identical
`data/actors/imported/` files (skipped with a message when the sources are absent), and
the shipped base (curated + imported) loads and exports its graph.
*/

use sitrep_actors::{graph_dot, graph_graphml, graph_json, import_sources, ActorBase, ImportRules};
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
            "data/actors/imported/{name} differs from a fresh import: rerun `sitrep actors import`"
        );
    }
}

#[test]
fn embedded_base_has_imported_actors_and_graph() {
    let base = ActorBase::embedded().expect("base loads");
    let knu = base.get("knu").expect("curated KNU");
    assert!(!knu.file.starts_with("imported/"));
    let lra = base.get("ucdp-488").expect("imported LRA");
    assert_eq!(lra.ucdp_id, Some(488));
    assert!(lra.aliases.iter().all(|a| a.imported));
    let j = graph_json(&base);
    assert!(j.contains("\"ucdp-488\""));
    assert!(graph_dot(&base).starts_with("digraph actors {"));
    assert!(graph_graphml(&base).contains("<graphml"));
}

#[test]
fn curated_embedded_has_no_imported_entries() {
    let base = ActorBase::curated_embedded().expect("curated loads");
    assert!(base.entries().all(|e| !e.file.starts_with("imported/")));
    assert!(base.get("ucdp-488").is_none());
}
