//! Build script of `sitrep-geo`: prepares the image of the embedded gazetteer
//! (`data/gazetteer/places.tsv` + `names.tsv`, see `src/prep.rs`) and writes it
//! to `OUT_DIR/gazetteer.img`, which the library embeds, so start-up reads the
//! indices in place instead of rebuilding them. Reads only files of this
//! repository.

#[allow(dead_code)]
#[path = "src/prep.rs"]
mod prep;

use std::path::PathBuf;

fn main() {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let data = PathBuf::from(manifest).join("../../data/gazetteer");
    let read = |name: &str| {
        let path = data.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    };
    println!("cargo:rerun-if-changed=src/prep.rs");
    let places = read("places.tsv");
    let names = read("names.tsv");
    let image =
        prep::build(&places, &names).unwrap_or_else(|e| panic!("{}:{}: {}", e.file, e.line, e.msg));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let path = out.join("gazetteer.img");
    std::fs::write(&path, image).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}
