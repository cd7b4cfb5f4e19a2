/*!
`build-gazetteer SRC OUT`: regenerate `OUT/places.tsv` and `OUT/names.tsv` from the
GeoNames files in SRC and the curated files in OUT (see `sitrep_tools::gazetteer`).
Run from the repo root:
`cargo run --release -p sitrep-tools --bin build-gazetteer -- ../shared/gazetteer-src data/gazetteer`.
*/

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(src), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: build-gazetteer SRC_DIR OUT_DIR");
        return ExitCode::from(2);
    };
    match sitrep_tools::gazetteer::build(&PathBuf::from(src), &PathBuf::from(out)) {
        Ok(r) => {
            println!(
                "countries {} admin1 {} admin2 {} populated {} extras {} keys {}",
                r.countries, r.admin1, r.admin2, r.populated, r.extras, r.keys
            );
            println!(
                "places.tsv {} bytes, names.tsv {} bytes",
                r.places_bytes, r.names_bytes
            );
            for (k, v) in &r.admin2_point_sources {
                println!("admin2 point_source {k}: {v}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("build-gazetteer: {e}");
            ExitCode::FAILURE
        }
    }
}
