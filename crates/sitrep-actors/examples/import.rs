/*!
Run the actor import without the CLI: `cargo run -p sitrep-actors --example import --
SRC OUT` (the same as `sitrep actors import --src SRC --out OUT`).
*/

use sitrep_actors::{import_sources, ActorBase, ImportRules};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let src = args
        .first()
        .map(String::as_str)
        .unwrap_or("../shared/actor-src");
    let out = args
        .get(1)
        .map(String::as_str)
        .unwrap_or("data/actors/imported");
    let res = ActorBase::load_curated_dir("data/actors").and_then(|base| {
        let rules = ImportRules::load_dir("data/actors/import-config")?;
        import_sources(src, &base, &rules)
    });
    match res.and_then(|o| o.write(out).map(|_| o)) {
        Ok(o) => println!(
            "actors {} aliases {} extra entries {} extra aliases {} rejected {} (ucdp {} ofac {}/{} phoenix {})",
            o.actors, o.actor_aliases, o.extra_entries, o.extra_aliases, o.rejected, o.ucdp_read, o.ofac_kept, o.ofac_read, o.phoenix_read
        ),
        Err(e) => {
            eprintln!("import failed: {e}");
            std::process::exit(1);
        }
    }
}
