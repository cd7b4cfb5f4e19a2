/*!
`build-actors SRC DATA_ACTORS`: regenerate `DATA_ACTORS/imported/` (actors.toml,
extra-aliases.toml, rejected-aliases.tsv) from the UCDP, OFAC and Phoenix lists in SRC,
merged onto the curated files of DATA_ACTORS and its `import-config/` (see
`sitrep_tools::actor_import`). Run from the repo root:
`cargo run --release -p sitrep-tools --bin build-actors -- ../shared/actor-src data/actors`.
*/

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(src), Some(dir)) = (args.first(), args.get(1)) else {
        eprintln!(
            "usage: build-actors SRC_DIR DATA_ACTORS_DIR   (e.g. ../shared/actor-src data/actors)"
        );
        return ExitCode::from(2);
    };
    let dir = PathBuf::from(dir);
    let out = dir.join(sitrep_actors::IMPORTED_DIR);
    match sitrep_tools::actor_import::build(&PathBuf::from(src), &dir, &out) {
        Ok(o) => {
            println!(
                "imported into {}: {} new actors ({} aliases), {} curated actors extended \
                 ({} aliases), {} aliases rejected; read UCDP {}, OFAC {} kept of {}, Phoenix {}",
                out.display(),
                o.actors,
                o.actor_aliases,
                o.extra_entries,
                o.extra_aliases,
                o.rejected,
                o.ucdp_read,
                o.ofac_kept,
                o.ofac_read,
                o.phoenix_read
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("build-actors: {e}");
            ExitCode::FAILURE
        }
    }
}
