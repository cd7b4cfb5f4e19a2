//! Build script of sitrep-actors: prepares the embedded actor base at build time.
//!
//! It compiles the crate's loader (`src/base.rs` and the modules it uses, shared
//! with the library through `#[path]`), runs it on the embedded files of
//! `data/actors/` (the same `include_str!`s the library has), and writes the base
//! as an image (`src/image.rs`) to `OUT_DIR/actors.image`, which
//! `src/embedded.rs` includes. It reads no file but the crate's sources and
//! `data/actors/`.

#[allow(dead_code, unused_imports)]
#[path = "src/base.rs"]
mod base;
#[allow(dead_code)]
#[path = "src/error.rs"]
mod error;
#[allow(dead_code)]
#[path = "src/image.rs"]
mod image;
#[allow(dead_code)]
#[path = "src/phrases.rs"]
mod phrases;
#[allow(dead_code)]
#[path = "src/schema.rs"]
mod schema;
#[allow(dead_code)]
#[path = "src/trie.rs"]
mod trie;

use error::ActorError;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=../../data/actors");
    for m in ["base", "error", "image", "phrases", "schema", "trie"] {
        println!("cargo:rerun-if-changed=src/{m}.rs");
    }
    let base: Result<base::ActorBase, ActorError> = base::ActorBase::embedded_from_files();
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR")?).join("actors.image");
    std::fs::write(out, image::encode(&base?))?;
    Ok(())
}
