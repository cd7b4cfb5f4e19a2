/*!
The shipped base (curated + imported actors) loads, keeps curated and imported
entries apart, and exports its graph.
*/

use sitrep_actors::{graph_dot, graph_graphml, graph_json, ActorBase};

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
