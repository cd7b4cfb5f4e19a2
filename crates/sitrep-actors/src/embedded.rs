/*!
The embedded actor base, prepared at build time: `build.rs` runs the loader
(`base.rs`) on the embedded files of `data/actors/` and writes the base as an
image (`image.rs`) into `OUT_DIR`; [`ActorBase::embedded`] decodes it, borrowing
the alias trie's tables from the binary in place. Start-up parses no TOML and
builds no automaton.

This module is the one part of the crate that `build.rs` does not compile (it
includes the image the build script writes).
*/

use crate::{image, ActorBase, ActorError};

/// The image of the embedded base (see `build.rs`).
static IMAGE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/actors.image"));

impl ActorBase {
    /// The knowledge base compiled into the binary from `data/actors/`: the curated
    /// files and the imported ones (`data/actors/imported/`), prepared at build time.
    pub fn embedded() -> Result<ActorBase, ActorError> {
        image::decode(IMAGE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The prepared image is what the loader makes of the embedded files now (it
    /// fails if the build-time path and the run-time path drift apart), and it
    /// decodes to a base that encodes to the same bytes.
    #[test]
    fn prepared_image_equals_loaded_base() {
        let loaded = ActorBase::embedded_from_files().unwrap_or_else(|e| panic!("{e}"));
        let made = image::encode(&loaded);
        assert!(
            made == IMAGE,
            "the prepared image differs from the loader's"
        );
        let decoded = ActorBase::embedded().unwrap_or_else(|e| panic!("{e}"));
        assert!(image::encode(&decoded) == IMAGE);
        assert_eq!(decoded.entries, loaded.entries);
        assert_eq!(decoded.keys, loaded.keys);
        assert_eq!(decoded.by_id, loaded.by_id);
        assert_eq!(decoded.ac.trie, loaded.ac.trie);
    }

    /// A damaged image is an error, not a panic.
    #[test]
    fn damaged_image_is_an_error() {
        assert!(image::decode(b"not an image").is_err());
        let cut: &'static [u8] = IMAGE.get(..IMAGE.len() / 2).unwrap_or_default();
        assert!(image::decode(cut).is_err());
    }
}
